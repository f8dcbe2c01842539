#!/usr/bin/env python3
"""Checker for data/claims/specialties.toml (python3 >= 3.11, stdlib only).

    python3 data/claims/check.py [path/to/specialties.toml]

Exit 0 when every check passes, 1 otherwise. See README.md for the file format.

Hard checks (failures):
  lint       no lookaround `(?=` `(?!` `(?<`, no backreference (`\\1`, `\\g`, `(?P=`), and nothing
             else the Rust `regex` crate rejects under the loader's `(?i-u)` flags: non-ASCII,
             bare `.`, negated classes, `\\W \\D \\S`, possessive/atomic groups, `{,n}`, nested `[`.
  compile    each pattern compiles as r'(?i)\\b(?:' + p + r')\\b' (the brief's form) and as the
             loader's r'(?i)(?:' + p + r')\\b' (ASCII); it must not match the empty string.
  positives  every positive fires >= 1 pattern of its own table or [general], using the loader's
             semantics: trailing \\b, the word start checked by hand (so `#1` works), and for the
             claims categories the loader's 6-word negation window (claims.rs `negated`), so a
             positive cannot pass only because the checker is laxer than whitecoat.
  negatives  no negative matches ANY pattern of its own table or [general] -- without the negation
             window: the data must stay quiet on compliant text on its own.
  coverage   every pattern matches at least one positive of its own table (catches dead patterns).
  shape      known keys only; specialty tables have aliases, 4-10 patterns per claims category,
             5-15 outcomes, >= 6 positives and >= 6 negatives; aliases lower-case, unique, and no
             alias is a substring of another table's alias; no duplicate patterns in a table.
Informational (never fails): negatives that fire once every table is merged, and negatives that
fire under the built-in src/check/claims.toml + testimonials.rs `outcome_pattern` (loader semantics).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

CLAIMS = ["guarantee", "cure", "superiority", "risk"]
RULES = CLAIMS + ["outcomes"]
KEYS = {"aliases", "positives", "negatives", *RULES}
NEGATIONS = {"no", "not", "never", "cannot", "can't", "don't", "doesn't", "didn't", "isn't", "aren't",
             "won't", "wouldn't", "without", "nor", "neither", "nothing", "none", "nobody", "hardly", "no-one"}
WINDOW = 6
FLAGS = re.IGNORECASE | re.ASCII
BAD: set[str] = set()  # patterns that failed to compile; left out of all matching

LINT = [
    (re.compile(r"\(\?[=!]|\(\?<"), "lookaround or named group ((?= (?! (?<)"),
    (re.compile(r"\\[1-9]|\\g|\(\?P[=<>]|\\k"), "backreference or named group"),
    (re.compile(r"\(\?>|[*+?}]\+"), "atomic group / possessive quantifier"),
    (re.compile(r"\{,"), "{,n} quantifier"),
    (re.compile(r"\\[WDSZzAB]"), r"\W \D \S \A \Z \z \B"),
]
ESCAPES = set("bswd.+-()[]?*|{}^$\\#&~/")


def lint(p: str) -> list[str]:
    out = [what for rx, what in LINT if rx.search(p)]
    if not p or p.strip() != p:
        out.append("empty or padded with spaces")
    if not p.isascii():
        out.append("non-ASCII (rejected or mis-matched under (?-u))")
    i, in_class = 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            if p[i + 1:i + 2] not in ESCAPES:
                out.append(f"unusual escape \\{p[i + 1:i + 2]}")
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "[":
                out.append("'[' inside a class (Rust nests classes)")
            elif p[i:i + 2] in ("--", "&&", "~~"):
                out.append("class set operator")
        elif c == "[":
            in_class = True
            if p[i + 1:i + 2] in ("^", "]"):
                out.append("negated class or ']' first (can match invalid UTF-8 under (?-u))")
        elif c == ".":
            out.append("bare '.' (can match invalid UTF-8 under (?-u))")
        i += 1
    return out


def negated(before: str) -> bool:
    sentence = re.split(r"[.!?;\n]", before)[-1]
    words = [w for w in re.split(r"[^0-9A-Za-z'\u2019\u00C0-\uFFFF]+", sentence) if w]
    return any(w.lower().replace("\u2019", "'") in NEGATIONS for w in words[-WINDOW:])


def fires(rx: re.Pattern, text: str, negation_aware: bool) -> list[str]:
    found = []
    for m in rx.finditer(text):
        s = m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_"):
            continue
        if negation_aware and negated(text[:s]):
            continue
        found.append(m.group(0))
    return found


def loader(patterns: list[str]) -> re.Pattern:
    return re.compile(r"(?:" + "|".join(patterns) + r")\b", FLAGS)


def table_hits(lists: dict[str, list[str]], text: str, negation_aware: bool) -> dict[str, list[str]]:
    out = {}
    for rule in RULES:
        pats = lists.get(rule) or []
        if pats:
            got = fires(loader(pats), text, negation_aware and rule != "outcomes")
            if got:
                out[rule] = got
    return out


def merge(*tables: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {r: [] for r in RULES}
    for t in tables:
        for r in RULES:
            out[r].extend(p for p in t.get(r, []) if p not in BAD)
    return out


def builtin_lists(root: Path) -> dict[str, list[str]] | None:
    claims, tests = root / "src/check/claims.toml", root / "src/check/testimonials.rs"
    if not claims.exists():
        return None
    lists = {r: list(v) for r, v in tomllib.loads(claims.read_text()).items() if r in CLAIMS}
    if tests.exists():
        m = re.search(r'r"\(\?i\)\\b\(\?:(.*?)\)",\s*\)', tests.read_text(), re.S)
        if m:
            lists["outcomes"] = [m.group(1)]
    return lists


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("specialties.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    general = data.get("general", {})
    tables = {"general": general, **{f"specialty.{k}": v for k, v in data.get("specialty", {}).items()}}
    fail: list[str] = []
    for key in data:
        if key not in ("general", "specialty"):
            fail.append(f"unknown top-level table [{key}]")
    if "general" not in data:
        fail.append("no [general] table")

    owner: dict[str, str] = {}
    for name, t in tables.items():
        for a in t.get("aliases", []):
            if a != a.strip().lower() or not a:
                fail.append(f"[{name}] alias {a!r} is not lower-case and trimmed")
            if a in owner:
                fail.append(f"[{name}] alias {a!r} also in [{owner[a]}]")
            owner[a] = name
    for a, ta in owner.items():
        for b, tb in owner.items():
            if ta != tb and a in b:
                fail.append(f"alias {a!r} of [{ta}] is a substring of alias {b!r} of [{tb}]")

    print(f"{'table':34}{'alias':>6}" + "".join(f"{r[:6]:>7}" for r in RULES) + f"{'total':>7}{'pos':>5}{'neg':>5}")
    totals = [0, 0, 0]
    for name, t in tables.items():
        spec = name != "general"
        for k in t:
            if k not in KEYS or (k == "aliases" and not spec):
                fail.append(f"[{name}] unexpected key {k!r}")
        if spec and not t.get("aliases"):
            fail.append(f"[{name}] has no aliases")
        for rule in RULES:
            pats = t.get(rule, [])
            lo, hi = (5, 15) if rule == "outcomes" else (4, 10)
            if spec and not lo <= len(pats) <= hi:
                fail.append(f"[{name}].{rule} has {len(pats)} patterns (want {lo}-{hi})")
            if not spec and not pats:
                fail.append(f"[general].{rule} is empty")
            for p in sorted({p for p in pats if pats.count(p) > 1}):
                fail.append(f"[{name}].{rule} duplicate {p!r}")
            for p in pats:
                fail += [f"[{name}].{rule} {p!r}: {w}" for w in lint(p)]
                try:
                    re.compile(r"(?i)\b(?:" + p + r")\b")
                    if re.compile(r"(?:" + p + r")", FLAGS).fullmatch(""):
                        fail.append(f"[{name}].{rule} {p!r}: matches the empty string")
                except re.error as e:
                    BAD.add(p)
                    fail.append(f"[{name}].{rule} {p!r}: does not compile: {e}")
        pos, neg = t.get("positives", []), t.get("negatives", [])
        if len(pos) < 6 or len(neg) < 6:
            fail.append(f"[{name}] needs >= 6 positives and >= 6 negatives (has {len(pos)}/{len(neg)})")
        lists = merge(general, t) if spec else merge(general)
        for s in pos:
            if not table_hits(lists, s, negation_aware=True):
                fail.append(f"[{name}] positive fires nothing: {s!r}")
        for s in neg:
            got = table_hits(lists, s, negation_aware=False)
            if got:
                fail.append(f"[{name}] negative matches {got}: {s!r}")
        for rule in RULES:
            for p in t.get(rule, []):
                if p in BAD:
                    continue
                rx = loader([p])
                if not any(fires(rx, s, rule != "outcomes") for s in pos):
                    fail.append(f"[{name}].{rule} no positive of this table matches {p!r}")
        counts = [len(t.get(r, [])) for r in RULES]
        totals[0] += sum(counts); totals[1] += len(pos); totals[2] += len(neg)
        print(f"{name:34}{len(t.get('aliases', [])):>6}" + "".join(f"{c:>7}" for c in counts)
              + f"{sum(counts):>7}{len(pos):>5}{len(neg):>5}")
    print(f"\n{len(tables)} tables, {len(owner)} aliases, {totals[0]} patterns, "
          f"{totals[1]} positives, {totals[2]} negatives")

    info = []
    everything = merge(*tables.values())
    for name, t in tables.items():
        for s in t.get("negatives", []):
            got = table_hits(everything, s, negation_aware=False)
            if got:
                info.append(f"  all tables merged: [{name}] {s!r} -> {got}")
    built = builtin_lists(Path(__file__).resolve().parents[2])
    if built:
        for name, t in tables.items():
            lists = merge(built, general, t)
            for s in t.get("negatives", []):
                got = table_hits(lists, s, negation_aware=True)
                if got:
                    info.append(f"  with built-in lists (loader semantics): [{name}] {s!r} -> {got}")
    if info:
        print(f"\nInfo ({len(info)}), not failures:")
        print("\n".join(info))
    if fail:
        print(f"\nFAIL: {len(fail)} problem(s)")
        print("\n".join("  " + f for f in fail))
        return 1
    print("\nOK: lint, compile, positives, negatives, coverage and shape checks pass.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
