#!/usr/bin/env python3
"""Regenerate data/words/english.txt: the most frequent English words, lower case.

    pip install wordfreq==3.1.1      # tested with Python 3.11.7 (pulls ftfy, langcodes, locate, msgpack, regex)
    python3 data/scripts/words.py            # from the repository root

Source: wordfreq 3.1.1 (code Apache-2.0; word-frequency data CC BY-SA 4.0), English
'best' (= 'large') list, via wordfreq.top_n_list('en', ...). Tokens are kept only if
they are made of ASCII letters a-z alone, which drops numbers, contractions and
abbreviations ("don't", "u.s", "1st") and accented forms ("café", "josé").

Output: one word per line, most frequent first (wordfreq's order), no header,
no comments, '\n' line endings, trailing newline.
"""
from __future__ import annotations

import argparse
import re
from importlib.metadata import version
from pathlib import Path

import wordfreq

REPO = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[a-z]+")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=25_000, help="number of words to keep (default 25000)")
    ap.add_argument("--out", type=Path, default=REPO / "data" / "words" / "english.txt")
    args = ap.parse_args()

    installed = version("wordfreq")
    if installed != "3.1.1":
        print(f"warning: wordfreq {installed} installed; the committed list was made with 3.1.1")
    ranked = wordfreq.top_n_list("en", 10 * args.n, wordlist="best")
    words, seen = [], set()
    for token in ranked:
        if WORD.fullmatch(token) and token not in seen:
            seen.add(token)
            words.append(token)
            if len(words) == args.n:
                break
    if len(words) < args.n:
        raise SystemExit(f"only {len(words)} letter-only words available")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(w + "\n" for w in words), encoding="utf-8", newline="\n")
    last = words[-1]
    print(f"{args.out}: {len(words)} words; last: {last!r} "
          f"(zipf {wordfreq.zipf_frequency(last, 'en')}, scanned {ranked.index(last) + 1} ranked tokens)")


if __name__ == "__main__":
    main()
