#!/usr/bin/env python3
"""Regenerate data/trackers/hosts.tsv (third-party tracker hosts) for whitecoat's tracker scan.

Install (Python 3.11, standard library only; npm is used to fetch the pinned source):

    npm pack third-party-web@0.30.0     # -> third-party-web-0.30.0.tgz (MIT licence)

Run from anywhere:

    python3 data/scripts/trackers.py                       # runs `npm pack` in a temp dir, writes hosts.tsv
    python3 data/scripts/trackers.py --tarball third-party-web-0.30.0.tgz
    python3 data/scripts/trackers.py --check               # exit 1 if hosts.tsv differs from a fresh build
    python3 data/scripts/trackers.py --report              # also print counts per category

Source: the npm package ``third-party-web`` 0.30.0 by Patrick Hulce (MIT licence,
https://github.com/patrickhulce/third-party-web), file ``package/dist/entities-nostats.json``:
a list of entities ``{name, company, category, domains[]}`` built from HTTP Archive crawls.
The tarball is checked against the npm registry's sha512 integrity before it is read.

Output: ``host<TAB>category<TAB>vendor``, no header, sorted by host, LF line endings.
A host matches a request host that is equal to it or ends with "." + host.
See data/trackers/README.md for the category mapping and the caveats.

data/trackers/signatures.tsv is curated by hand from vendor install snippets (see the README)
and is only validated here (``--check`` fails on a malformed line), never regenerated.
"""

from __future__ import annotations

import argparse
import base64
import collections
import hashlib
import io
import ipaddress
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "third-party-web"
VERSION = "0.30.0"
# `npm view third-party-web@0.30.0 dist.integrity`
INTEGRITY = "sha512-p+PfyL5U0ediGzvwPzMSdD9MnC8rHW6nWJJVLIQvqN7RsSqfaZ+7n4c9GILqH36EYR0eXB9CzAeCRnKFr/9uJg=="
MEMBER = "package/dist/entities-nostats.json"

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "data" / "trackers"
HOSTS = OUT_DIR / "hosts.tsv"
SIGNATURES = OUT_DIR / "signatures.tsv"

CATEGORIES = (
    "advertising", "analytics", "session-replay", "social", "tag-manager",
    "chat", "maps", "video", "other",
)

# third-party-web category -> ours. Categories not listed here (utility, cdn, hosting,
# content, consent-provider, other) are left out, except for the named entities below.
CATEGORY_MAP = {
    "ad": "advertising",
    "analytics": "analytics",
    "social": "social",
    "tag-manager": "tag-manager",
    "customer-success": "chat",
    "video": "video",
    "marketing": "other",  # marketing automation / pop-ups / e-mail capture (HubSpot, Pardot, ...)
}

# Session-replay / heat-map recorders (third-party-web files them under "analytics",
# Microsoft Clarity under "utility"). Exact third-party-web entity names.
SESSION_REPLAY = {
    "Clarity",          # Microsoft Clarity
    "Clicktale",        # now part of Contentsquare
    "ContentSquare",    # also serves Hotjar's new tag (t.contentsquare.net/uxa/)
    "Crazy Egg",
    "Decibel Insight",
    "FullStory",
    "Hotjar",
    "IBM Tealeaf",
    "Inspectlet",
    "Lucky Orange",
    "MouseStats",
    "Mouseflow",
    "Quantum Metric",
    "SessionCam",
    "Smartlook",
    "TruConversion",
    "User Replay",
}

# Map embeds, taken from third-party-web's "utility" category by entity name.
MAPS = {
    "Esri ArcGIS",
    "Google Maps",
    "Living Map Company",
    "Mapbox",
    "Maptive",
    "OnYourMap",
    "Virtual Earth",    # Bing Maps
    "Woosmap",
}

# Single-entity category corrections (third-party-web category is not what the host does).
OVERRIDES = {
    "Drift": "chat",    # third-party-web: marketing; Drift is a chat widget
}

# Session-replay vendors missing from third-party-web 0.30.0, from the vendor's own
# documentation. Keep this short and cited; everything else comes from the package.
SUPPLEMENT = [
    # (host, category, vendor, source)
    ("logrocket.io", "session-replay", "LogRocket",
     "https://docs.logrocket.com/v1.0/docs/quickstart (cdn.logrocket.io/LogRocket.min.js)"),
    ("logr-in.com", "session-replay", "LogRocket",
     "https://docs.logrocket.com/docs/quickstart (cdn.logr-in.com/LogRocket.min.js)"),
    ("lrkt-in.com", "session-replay", "LogRocket",
     "https://docs.logrocket.com/docs/proxying-traffic-through-your-own-domain"),
    ("lr-ingest.io", "session-replay", "LogRocket",
     "https://developers.vtex.com/docs/apps/vtex.logrocket (cdn.lr-ingest.io/LogRocket.min.js)"),
]

# Hosts from the package that we leave out on purpose (see README "Deliberate exclusions").
DROP = {
    "cloudfront.ne": "typo in the source for cloudfront.net (Fresh Relevance)",
    "microsoft.com": "whole corporate domain filed under Bing Ads; UET is bat.bing.com, Clarity is clarity.ms",
    "apple.com": "whole corporate domain filed under Auto Link Maker (affiliate links)",
    "hp.com": "whole corporate domain filed under HP Optimost (discontinued A/B tool)",
    "ibmcloud.com": "IBM's whole cloud platform filed under IBM Tealeaf",
    "llnwd.net": "Limelight/Edgio shared CDN filed under Tealium",
}

HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")


def npm_pack(dest: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(dest), "--silent"],
        check=True, stdout=subprocess.DEVNULL,
    )
    return dest / f"{PACKAGE}-{VERSION}.tgz"


def load_entities(tarball: Path) -> list[dict]:
    data = tarball.read_bytes()
    got = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if got != INTEGRITY:
        sys.exit(f"{tarball}: integrity {got} != pinned {INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            sys.exit(f"{tarball}: {MEMBER} missing")
        return json.load(member)


def our_category(entity: dict) -> str | None:
    name, cat = entity["name"], entity["category"]
    if name in SESSION_REPLAY:
        return "session-replay"
    if name in OVERRIDES:
        return OVERRIDES[name]
    if name in MAPS:
        return "maps"
    return CATEGORY_MAP.get(cat)


def normalise_host(domain: str) -> str | None:
    host = domain.strip().lower().rstrip(".")
    if host.startswith("*."):
        host = host[2:]
    try:
        ipaddress.ip_address(host)
        return None  # bare IPs are not useful hosts
    except ValueError:
        pass
    return host if HOST_RE.match(host) else None


def clean(text: str) -> str:
    return " ".join(text.split())


def build(entities: list[dict]) -> tuple[list[tuple[str, str, str]], list[str]]:
    names = {e["name"] for e in entities}
    missing = sorted((SESSION_REPLAY | MAPS | set(OVERRIDES)) - names)
    if missing:
        sys.exit(f"entity names not in {PACKAGE} {VERSION}: {missing} (renamed upstream?)")

    rows: dict[str, tuple[str, str]] = {}
    notes: list[str] = []
    for entity in entities:
        category = our_category(entity)
        if category is None:
            continue
        vendor = clean(entity["name"])
        for domain in entity.get("domains", []):
            host = normalise_host(domain)
            if host is None:
                notes.append(f"skipped domain {domain!r} of {vendor}")
                continue
            if host in DROP:
                notes.append(f"dropped {host} ({vendor}): {DROP[host]}")
                continue
            if host in rows and rows[host] != (category, vendor):
                notes.append(f"duplicate host {host}: kept {rows[host]}, dropped {(category, vendor)}")
                continue
            rows[host] = (category, vendor)
    for host, category, vendor, _source in SUPPLEMENT:
        if host in rows:
            notes.append(f"supplement host {host} already in source as {rows[host]}")
            continue
        rows[host] = (category, vendor)
    out = sorted((h, c, v) for h, (c, v) in rows.items())
    assert all(c in CATEGORIES for _, c, _ in out)
    return out, notes


def render(rows: list[tuple[str, str, str]]) -> str:
    return "".join(f"{h}\t{c}\t{v}\n" for h, c, v in rows)


def check_signatures() -> list[str]:
    errors = []
    if not SIGNATURES.exists():
        return [f"{SIGNATURES} missing"]
    seen = set()
    for n, line in enumerate(SIGNATURES.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 3 or not all(p and p == p.strip() for p in parts):
            errors.append(f"signatures.tsv:{n}: want pattern<TAB>vendor<TAB>category: {line!r}")
        elif parts[2] not in CATEGORIES:
            errors.append(f"signatures.tsv:{n}: unknown category {parts[2]!r}")
        elif parts[0] in seen:
            errors.append(f"signatures.tsv:{n}: duplicate pattern {parts[0]!r}")
        seen.add(parts[0])
    return errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", type=Path, help=f"use this {PACKAGE}-{VERSION}.tgz instead of running npm pack")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if hosts.tsv is stale")
    ap.add_argument("--report", action="store_true", help="print counts per category and build notes")
    args = ap.parse_args()

    if args.tarball:
        entities = load_entities(args.tarball)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            entities = load_entities(npm_pack(Path(tmp)))

    rows, notes = build(entities)
    text = render(rows)

    status = 0
    if args.check:
        current = HOSTS.read_text(encoding="utf-8") if HOSTS.exists() else ""
        if current != text:
            print(f"{HOSTS} is stale: rerun data/scripts/trackers.py", file=sys.stderr)
            status = 1
        errors = check_signatures()
        for e in errors:
            print(e, file=sys.stderr)
        status = status or (1 if errors else 0)
    else:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        HOSTS.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {HOSTS.relative_to(ROOT)}: {len(rows)} hosts from {PACKAGE} {VERSION}")

    if args.report:
        by_cat = collections.Counter(c for _, c, _ in rows)
        vendors = collections.defaultdict(set)
        for _, c, v in rows:
            vendors[c].add(v)
        for cat in CATEGORIES:
            print(f"{cat:15} {by_cat[cat]:5} hosts {len(vendors[cat]):5} vendors")
        print(f"{'total':15} {len(rows):5} hosts {len({v for _, _, v in rows}):5} vendors")
        for note in notes:
            print("note:", note)
    return status


if __name__ == "__main__":
    sys.exit(main())
