#!/usr/bin/env bash
# Browser checks of a built site: axe-core WCAG 2.1 A/AA on every page at desktop (1280x800) and
# mobile (375x812) widths, and the Content-Security-Policy from the site's _headers enforced by a
# local server with no violation allowed; a self-test first proves both checks can fail.
#   bash .ci/browser.sh OUTPUT_DIR [--screenshots DIR] [--concurrency N]
#   bash .ci/browser.sh --self-test
# Installs what it needs: Debian's chromium, and playwright-core and axe-core in target/ci-node
# (the folder .ci/run uses for its other npm tools).
set -euo pipefail
cd "$(dirname "$0")/.."

# CHROMIUM names another Chromium-based browser (GitHub's runners have Google Chrome).
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
node_dir="target/ci-node"
mkdir -p "$node_dir"
if [ ! -f "$node_dir/node_modules/playwright-core/package.json" ] || [ ! -f "$node_dir/node_modules/axe-core/axe.min.js" ]; then
  # Saved into target/ci-node/package.json, so .ci/run's own npm install there keeps them.
  npm install --silent --no-audit --no-fund --prefix "$node_dir" playwright-core@1 axe-core@4 >/dev/null
fi
NODE_PATH="$PWD/$node_dir/node_modules" exec node .ci/browser/main.mjs "$@"
