#!/usr/bin/env bash
# The browser editor end to end (.ci/cms-e2e/e2e.mjs): Decap CMS from `whitecoat cms`, decap-server's
# local backend in a git copy of example-site, headless Chromium creating an article and a review,
# then `whitecoat check` on what was saved. Screenshots go to target/cms-e2e/.
# Needs node 20+, the debug binary (cargo build), and Chromium (installed with apt if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=target/ci-node/cms-e2e
mkdir -p "$dir"
# Installed from the committed lock file, again only when it changed.
if ! cmp -s .ci/cms-e2e/package-lock.json "$dir/package-lock.json" || [ ! -d "$dir/node_modules/decap-server" ]; then
  cp .ci/cms-e2e/package.json .ci/cms-e2e/package-lock.json "$dir/"
  (cd "$dir" && timeout 600 npm ci --silent --no-audit --no-fund >/dev/null)
fi
cp .ci/cms-e2e/e2e.mjs "$dir/"

chromium=${CHROMIUM:-}
for candidate in chromium google-chrome chromium-browser; do
  [ -n "$chromium" ] && break
  chromium=$(command -v "$candidate" || true)
done
if [ -z "$chromium" ]; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  chromium=$(command -v chromium)
fi

cargo build --quiet
root=$PWD
# Bounded: a hung browser must not hold CI (a passing run takes about a minute).
(cd "$dir" && CHROMIUM="$chromium" WHITECOAT="$(cd "$root" && realpath "${CARGO_TARGET_DIR:-target}")/debug/whitecoat" REPO="$root" SHOTS="$root/target/cms-e2e" \
  timeout 600 node e2e.mjs)
