#!/usr/bin/env python3
"""Regenerates the committed seed corpus in fuzz/seeds/ from the repository's fixtures.

    python3 fuzz/make_seeds.py            # text seeds (frontmatter, markdown): stdlib only
    python3 fuzz/make_seeds.py --images   # also the image seeds (needs Pillow)

frontmatter/: every example-site/content/**/*.md, whole, prefixed with its kind's selector byte
  (p profile, t team, r review, a article, g page; see fuzz_targets/frontmatter.rs), plus the
  front matter snippets of tests/*.rs (string literals starting with +++ or ---).
markdown/: the bodies (front matter removed) of the same documents, the ATTACKS fixture of
  tests/safety.rs, the prose string literals of tests/*.rs and src/check/phi/tests.rs and the
  sentences of tests/fixtures/phi-corpus.toml, twenty to a file.
image/: small re-encodings of example-site/assets and static images (JPEG, progressive JPEG,
  PNG with and without alpha, palette and 16-bit PNG, WebP lossy and lossless, JPEG with EXIF
  orientation and GPS), each prefixed with a size selector byte (see fuzz_targets/image.rs).
"""

import hashlib
import io
import re
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
SEEDS = FUZZ / "seeds"

KIND_SELECTOR = {"team": b"t", "reviews": b"r", "articles": b"a", "pages": b"g"}

STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
RAW = re.compile(r'r#"(.*?)"#', re.S)
# Assertion messages (`"{rule} fired; {}"`) are not content.
PLACEHOLDER = re.compile(r"\{[a-z_0-9:?#.]*\}")

# Markdown syntax the fixtures use little of: fenced code in several languages, tables with
# alignment, footnotes, heading attributes, autolinks, reference links, nested lists, raw HTML.
SYNTAX = """# Living with AFib {#afib .lead}

## Symptoms

| Symptom | How often | Call? |
|:--------|:---------:|------:|
| Palpitations | often | no |
| Chest pain | rare | **911** |

See the guideline[^acc] and [the AHA page][aha], or <https://www.heart.org/> and <office@drokafor.example>.

[^acc]: 2023 ACC/AHA/ACCP/HRS guideline.

[aha]: https://www.heart.org/en/health-topics/atrial-fibrillation "AHA"

1. Take your pulse
   - at rest
   - after walking
2. Write it down

> **Note:** ~~old advice~~ new advice.

```python
def bmi(kg, m):
    return kg / m ** 2  # <b>not html</b>
```

```rust
fn main() { println!("{}", 1 << 3); }
```

```html
<script>alert(1)</script>
```

    indented code

![Echo probe](assets/echo.jpg "An echo probe") ![remote](https://example.com/x.png)

<details><summary>More</summary><p>Hidden <em>text</em></p></details>
<iframe src="https://www.youtube-nocookie.com/embed/abc" allowfullscreen></iframe>
<!-- call 555-201-3344 -->

Line one\
line two  
line three --- "quoted" and 'single' ... done.
"""


def unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "u" and s[i + 2 : i + 3] == "{":
                end = s.index("}", i)
                out.append(chr(int(s[i + 3 : end], 16)))
                i = end + 1
                continue
            if n == "x":
                out.append(chr(int(s[i + 2 : i + 4], 16)))
                i += 4
                continue
            out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def literals(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = [m.group(1) for m in RAW.finditer(text)]
    text = RAW.sub("", text)
    found += [unescape(m.group(1)) for m in STRING.finditer(text)]
    return found


def write(folder: str, name: str, data: bytes) -> None:
    path = SEEDS / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def short(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:10]


def body_of(text: str) -> str:
    for delimiter in ("+++", "---"):
        if text.startswith(delimiter + "\n"):
            end = text.find("\n" + delimiter + "\n", 4)
            if end >= 0:
                return text[end + len(delimiter) + 2 :]
    return text


def selector_for(snippet: str) -> bytes:
    if "rating" in snippet or "authorization" in snippet:
        return b"r"
    if "role" in snippet or "job_title" in snippet:
        return b"t"
    if re.search(r"^name\s*[=:]", snippet, re.M):
        return b"p"
    return b"a"


def text_seeds() -> None:
    content = ROOT / "example-site" / "content"
    for path in sorted(content.rglob("*.md")):
        relative = path.relative_to(content)
        selector = KIND_SELECTOR.get(relative.parts[0], b"p")
        text = path.read_text(encoding="utf-8")
        name = "-".join(relative.with_suffix("").parts)
        write("frontmatter", f"example-{name}", selector + text.encode())
        write("markdown", f"example-{name}.md", body_of(text).encode())

    write("markdown", "handwritten-syntax.md", SYNTAX.encode())
    write("frontmatter", "handwritten-article", b"a+++\ntitle = \"Syntax\"\nauthor = \"profile\"\n+++\n" + SYNTAX.encode())
    prose = []
    sources = sorted((ROOT / "tests").glob("*.rs")) + [ROOT / "src" / "check" / "phi" / "tests.rs"]
    for source in sources:
        for literal in literals(source):
            if literal.startswith(("+++\n", "---\n")):
                data = selector_for(literal) + literal.encode()
                write("frontmatter", f"test-{source.stem}-{short(data)}", data)
            elif source.name == "safety.rs" and "javascript:" in literal and len(literal) > 200:
                write("markdown", "test-safety-attacks.md", literal.encode())
            elif (
                len(literal) >= 20
                and " " in literal
                and not PLACEHOLDER.search(literal)
                and not literal.startswith(("{", "<!DOCTYPE", "--> ", "::"))
            ):
                prose.append(literal)
    corpus = ROOT / "tests" / "fixtures" / "phi-corpus.toml"
    if corpus.exists():
        import tomllib

        data = tomllib.loads(corpus.read_text(encoding="utf-8"))
        prose += [entry["text"] for kind in ("positive", "negative") for entry in data.get(kind, [])]
    seen = list(dict.fromkeys(prose))
    for i in range(0, len(seen), 20):
        chunk = "\n\n".join(seen[i : i + 20]) + "\n"
        write("markdown", f"test-prose-{i // 20:02}.md", chunk.encode())


def image_seeds() -> None:
    from PIL import Image

    def save(name: str, image, fmt: str, selector: int, **kw) -> None:
        buf = io.BytesIO()
        image.save(buf, fmt, **kw)
        write("image", name, bytes([selector]) + buf.getvalue())

    assets = ROOT / "example-site" / "assets"
    head = Image.open(assets / "headshot.jpg").convert("RGB")
    head.thumbnail((40, 50))
    save("headshot-40x50.jpg", head, "JPEG", 0, quality=70)
    save("headshot-progressive.jpg", head, "JPEG", 1, quality=60, progressive=True)
    save("headshot.webp", head, "WEBP", 3, quality=50)
    save("headshot-lossless.webp", head.resize((16, 20)), "WEBP", 4, lossless=True)
    save("headshot-gray.png", head.convert("L"), "PNG", 5)
    save("headshot-16bit.png", head.convert("I;16"), "PNG", 2)

    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90
    exif[0x013B] = "Jane Photographer"  # Artist
    gps = {1: "N", 2: (39.0, 47.0, 12.0), 3: "W", 4: (89.0, 38.0, 40.0)}
    exif[0x8825] = gps
    team = Image.open(assets / "team" / "grace-whitaker.jpg").convert("RGB")
    team.thumbnail((24, 32))
    save("team-exif-rotated-gps.jpg", team, "JPEG", 1, quality=70, exif=exif.tobytes())

    logo = Image.open(assets / "logo.png")
    logo.thumbnail((48, 48))
    save("logo-rgba.png", logo.convert("RGBA"), "PNG", 2)
    save("logo-palette.png", logo.convert("P"), "PNG", 2)
    save("logo-alpha.webp", logo.convert("RGBA"), "WEBP", 2, lossless=True)
    favicon = ROOT / "example-site" / "static" / "favicon.png"
    write("image", "favicon.png", bytes([5]) + favicon.read_bytes())


def main() -> None:
    text_seeds()
    if "--images" in sys.argv:
        image_seeds()
    for folder in sorted(SEEDS.iterdir()):
        files = list(folder.iterdir())
        print(f"{folder.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")


if __name__ == "__main__":
    main()
