#!/usr/bin/env python3
"""Benchmark whitecoat against Hugo on the shared generated corpus, in the same run.

Usage: python3 benches/compare.py [--sizes 10,1000,10000] [--runs 5] [--work /tmp/wc-bench]

Generates corpora with ../shared/bench/gen_corpus.py (deterministic), builds each with whitecoat
(release binary) and Hugo (Debian's package: apt-get install hugo), alternating A/B so drift in
machine load hits both tools alike, and prints the median wall time, the peak RSS and the ratio:
once rebuilding the existing output folder, once into a new one.
Also reports whitecoat with share cards on (site-cards.toml), cold and warm cache, and the
`-v` stage timings of one run, the 11-page starter site of `whitecoat init` (the fixed cost every
`serve` start and CI run pays), `cp -r` of the largest output (the disk's floor), and the average
article page as written and gzipped (what a reader downloads). Ends with one table of every case.
Not part of CI's test run.
"""
import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
WHITECOAT = os.path.join(ROOT, "target", "release", "whitecoat")


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS in MB, stderr)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr[-3000:]}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return wall, rss_kb / 1024, proc.stderr


def wall_only(cmd):
    """Wall seconds of cmd run directly: for a build of a few tens of ms, /usr/bin/time's own
    process start would add about a tenth."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def ensure_tools():
    if not shutil.which("hugo"):
        sys.exit("hugo is not installed: apt-get install -y hugo")
    if not os.path.exists("/usr/bin/time"):
        sys.exit("/usr/bin/time is not installed: apt-get install -y time")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default="/tmp/wc-bench")
    args = parser.parse_args()
    ensure_tools()
    # First, while the disk is quiet: the large builds leave seconds of write-back behind them.
    starter = starter_run(args.work, args.runs)
    rows = []
    fresh_rows = []
    card_rows = []
    weight_rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        corpus = os.path.join(args.work, f"corpus-{n}")
        if not os.path.exists(os.path.join(corpus, "whitecoat", "site.toml")):
            subprocess.run([sys.executable, GEN, str(n), corpus], check=True, stdout=subprocess.DEVNULL)
        wc_site = os.path.join(corpus, "whitecoat")
        post_notices(wc_site)
        wc_out = os.path.join(args.work, f"out-wc-{n}")
        hugo_out = os.path.join(args.work, f"out-hugo-{n}")
        wc = [WHITECOAT, "build", wc_site, "--out", wc_out, "--quiet"]
        hugo = ["hugo", "--quiet", "-s", os.path.join(corpus, "hugo"), "-d", hugo_out]
        samples = {"whitecoat": [], "hugo": []}
        # One warm-up each (page cache), then alternate A/B.
        timed(wc)
        timed(hugo)
        for _ in range(args.runs):
            samples["whitecoat"].append(timed(wc)[:2])
            samples["hugo"].append(timed(hugo)[:2])
        med = {k: (statistics.median(s[0] for s in v), max(s[1] for s in v)) for k, v in samples.items()}
        rows.append((n, med["whitecoat"], med["hugo"]))
        # The same, each build into a new output folder: Hugo rewrites every file of an existing
        # output (which on a disk mounted with `discard` costs it 2-3x), whitecoat only changed ones.
        # Each run gets a folder never used before, removed only after the series: ext4 makes new
        # inodes slow to allocate for a while after many were deleted (`recently_deleted`), which
        # would charge one tool for the other's cleanup.
        fresh = {"whitecoat": [], "hugo": []}
        folders = []
        for run in range(args.runs):
            for name, cmd, out in (("whitecoat", wc, wc_out), ("hugo", hugo, hugo_out)):
                folder = f"{out}-new-{run}"
                shutil.rmtree(folder, ignore_errors=True)
                folders.append(folder)
                cmd = [folder if part == out else part for part in cmd]
                subprocess.run(["sync"], check=True)
                fresh[name].append(timed(cmd)[:2])
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        med = {k: (statistics.median(s[0] for s in v), max(s[1] for s in v)) for k, v in fresh.items()}
        fresh_rows.append((n, med["whitecoat"], med["hugo"]))
        weight_rows.append((n, article_weight(wc_site, wc_out), article_weight(wc_site, hugo_out)))
        _, _, verbose = timed([WHITECOAT, "build", wc_site, "--out", wc_out, "-v"])
        stage = re.compile(r"^  ([a-z]+( \(alongside render\))? +[0-9.]+ ms|share cards:)")
        print(f"\nwhitecoat -v stages at {n} articles:\n" + "\n".join(
            line for line in verbose.splitlines() if stage.match(line)))
        cards = cards_run(wc_site, args.work, n)
        card_rows.append((n, cards))
        print(f"cards on, {n} articles: cold {cards[0]:.2f} s, warm {cards[1]:.2f} s, "
              f"{card_cost(cards[2])} per text card (PNG), {card_cost(cards[3])} per photo card (JPEG)")
        print(f"serve, {n} articles: {reload_latency(wc_site, args.work, n)}")
    largest = max(n for n, _, _ in fresh_rows)
    floor = copy_floor(os.path.join(args.work, f"out-wc-{largest}"), args.work, args.runs)
    print("\nAll cases (medians; ratio = whitecoat / Hugo):\n")
    print("| case | whitecoat | Hugo | ratio |")
    print("|---|---|---|---|")
    print(f"| 11-page starter site (`whitecoat init`, cards cached) | {starter[0] * 1000:.0f} ms; check stage {starter[1]} | | |")
    for n, (wt, wr), (ht, hr) in rows:
        print(f"| {n:,} articles, existing output | {fmt_time(wt)} | {fmt_time(ht)} | {wt / ht:.2f}x |")
    for n, (wt, wr), (ht, hr) in fresh_rows:
        print(f"| {n:,} articles, new output folder | {fmt_time(wt)}, {wr:.0f} MB | {fmt_time(ht)}, {hr:.0f} MB | {wt / ht:.2f}x wall, {wr / hr:.2f}x RSS |")
    for n, (cold, warm, text_card, photo_card) in card_rows:
        print(f"| {n:,} articles with share cards: cold cache, warm | {fmt_time(cold)}, {fmt_time(warm)}; "
              f"{card_cost(text_card)} per text card (PNG), {card_cost(photo_card)} per photo card (JPEG) | | |")
    hugo_largest = next(h for n, _, h in fresh_rows if n == largest)[0]
    print(f"| copying the {largest:,}-article output with `cp -r` (the floor) | {fmt_time(floor)} | | {floor / hugo_largest:.2f}x of Hugo |")
    for n, (wc_raw, wc_gz), (hugo_raw, hugo_gz) in weight_rows:
        print(f"| average article page at {n:,} articles, as written and gzipped | {wc_raw:.1f} KB, {wc_gz:.1f} KB | "
              f"{hugo_raw:.1f} KB, {hugo_gz:.1f} KB | {wc_raw / hugo_raw:.2f}x, {wc_gz / hugo_gz:.2f}x |")
    for title, table in (("Rebuilding the existing output folder", rows), ("Into a new output folder", fresh_rows)):
        print(f"\n{title}:\n")
        print("| articles | whitecoat wall | Hugo wall | wall ratio | whitecoat RSS | Hugo RSS | RSS ratio |")
        print("|---|---|---|---|---|---|---|")
        for n, (wt, wr), (ht, hr) in table:
            print(f"| {n:,} | {wt:.2f} s | {ht:.2f} s | {wt / ht:.2f}x | {wr:.0f} MB | {hr:.0f} MB | {wr / hr:.2f}x |")


def fmt_time(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def starter_run(work, runs):
    """The site `whitecoat init` writes, its compliance facts filled in as a practice would, built
    into its existing output with share cards cached: median wall, and the check stage of `-v`."""
    site = os.path.join(work, "starter")
    if os.path.exists(site):
        shutil.rmtree(site)
    subprocess.run([WHITECOAT, "init", site], check=True, stdout=subprocess.DEVNULL)
    note = re.compile(r"\[(?:PRACTICE|COUNSEL) TO [A-Z ]+:[^\]]*\]")
    for folder, _, files in os.walk(os.path.join(site, "content")):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for old, new in (('reviewer = "TODO"', 'reviewer = "profile"'), ('id = "TODO"', 'id = "AUTH-2026-001"'),
                             ('author = "TODO"', 'author = "J.D."'), ('signed_on = "YYYY-MM-DD"', "signed_on = 2026-01-20"),
                             ('expires_on = "YYYY-MM-DD"', "expires_on = 2028-01-20"), ('"YYYY-MM-DD"', "2026-01-10"),
                             ("TODO: ", "")):
                text = text.replace(old, new)
            with open(path, "w", encoding="utf-8") as f:
                f.write(note.sub("the office manager", text))
    out = os.path.join(work, "out-starter")
    cmd = [WHITECOAT, "build", site, "--out", out, "--quiet"]
    timed(cmd)  # cards into the cache, output written
    walls = [wall_only(cmd) for _ in range(max(runs, 21))]
    _, _, verbose = timed([WHITECOAT, "build", site, "--out", out, "-v"])
    check = re.search(r"^  check +([0-9.]+ ms)", verbose, re.M)
    return statistics.median(walls), check.group(1) if check else "?"


def article_weight(site, out):
    """Average size in KB of the corpus's article pages in a built output: as written, and gzipped
    (level 6, as static hosts serve HTML)."""
    articles = os.path.join(site, "content", "articles")
    pages = []
    for name in sorted(os.listdir(articles)):
        with open(os.path.join(out, "articles", name.removesuffix(".md"), "index.html"), "rb") as f:
            pages.append(f.read())
    raw = sum(len(page) for page in pages) / len(pages) / 1024
    packed = sum(len(gzip.compress(page, 6)) for page in pages) / len(pages) / 1024
    return raw, packed


def copy_floor(out, work, runs):
    """`cp -r` of a built output into a new folder: what writing its files costs this disk."""
    walls = []
    for run in range(min(runs, 3)):
        target = os.path.join(work, f"cp-floor-{run}")
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(["sync"], check=True)
        walls.append(timed(["cp", "-r", out, target])[0])
    for run in range(min(runs, 3)):
        shutil.rmtree(os.path.join(work, f"cp-floor-{run}"), ignore_errors=True)
    return statistics.median(walls)


NOTICES = """
# Added by benches/compare.py: the generated corpus predates the notices rules, and a real
# practice's site posts them (here hosted by its health system).
[compliance.notices]
privacy = "https://records.example-health.org/npp.pdf"
good_faith_estimate = "https://records.example-health.org/gfe.pdf"
"""


def post_notices(site):
    """Gives the corpus site the notices its default practice facts require (once)."""
    for name in ("site.toml", "site-cards.toml"):
        path = os.path.join(site, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if "[compliance.notices]" not in text:
            with open(path, "a", encoding="utf-8") as f:
                f.write(NOTICES)


CARD_TIME = re.compile(
    r"share cards: (\d+) drawn, \d+ from cache; drawing took ([0-9.]+) ms of thread time \(([0-9.]+) ms of CPU\)"
)


def cards_run(site, work, n):
    """Builds with share cards on: first with an empty card cache (cold), then again (warm).
    Then the cost of one card drawn cold, from `-v` (thread time over cards drawn): text-only
    cards (PNG), and cards with the physician's photo (JPEG), after giving the profile a headshot
    (example-site's) and emptying the cache again."""
    cards_site = os.path.join(work, f"cards-{n}")
    if os.path.exists(cards_site):
        shutil.rmtree(cards_site)
    shutil.copytree(site, cards_site, symlinks=True)
    shutil.copy(os.path.join(site, "site-cards.toml"), os.path.join(cards_site, "site.toml"))
    out = os.path.join(work, f"out-cards-{n}")
    cache = os.path.join(cards_site, ".whitecoat")
    cold, _, verbose = timed([WHITECOAT, "build", cards_site, "--out", out, "-v"])
    warm = timed([WHITECOAT, "build", cards_site, "--out", out, "--quiet"])[0]
    text_card = per_card(verbose)
    os.makedirs(os.path.join(cards_site, "assets"), exist_ok=True)
    shutil.copy(os.path.join(ROOT, "example-site", "assets", "headshot.jpg"), os.path.join(cards_site, "assets"))
    profile = os.path.join(cards_site, "content", "profile.md")
    with open(profile, encoding="utf-8") as f:
        text = f.read()
    with open(profile, "w", encoding="utf-8") as f:
        f.write(text.replace("+++\n", '+++\nheadshot = "assets/headshot.jpg"\nheadshot_alt = "The physician, smiling"\n', 1))
    shutil.rmtree(cache, ignore_errors=True)
    photo_card = per_card(timed([WHITECOAT, "build", cards_site, "--out", out, "-v"])[2])
    return cold, warm, text_card, photo_card


def per_card(verbose):
    """Milliseconds per card drawn, from `build -v`: thread time and CPU time (cards read from
    the cache, which articles of the same title share, are not counted)."""
    match = CARD_TIME.search(verbose)
    if not match or int(match.group(1)) == 0:
        sys.exit(f"no cards were drawn:\n{verbose[-2000:]}")
    drawn = int(match.group(1))
    return float(match.group(2)) / drawn, float(match.group(3)) / drawn


def card_cost(cost):
    """"5.0 ms (CPU 4.9)": thread time and CPU time per card drawn."""
    return f"{cost[0]:.1f} ms (CPU {cost[1]:.1f})"


def reload_latency(site, work, n, port=1399, edits=5):
    """Starts `whitecoat serve` on a copy of the site and times edit -> reload message over the
    WebSocket (benches/reload_latency.mjs, Node's built-in WebSocket)."""
    copy = os.path.join(work, f"serve-{n}")
    if os.path.exists(copy):
        shutil.rmtree(copy)
    shutil.copytree(site, copy, symlinks=True)
    article = sorted(os.listdir(os.path.join(copy, "content", "articles")))[0]
    server = subprocess.Popen([WHITECOAT, "serve", copy, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # Wait for the first build before editing.
        for line in server.stdout:
            if line.startswith("serving at"):
                break
        script = os.path.join(ROOT, "benches", "reload_latency.mjs")
        result = subprocess.run(["node", "--experimental-websocket", script, str(port),
                                 os.path.join(copy, "content", "articles", article), str(edits)],
                                capture_output=True, text=True, timeout=300)
        return (result.stdout or result.stderr).strip()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
