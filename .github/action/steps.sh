#!/usr/bin/env bash
# The shell steps of the whitecoat GitHub Action (action.yml at the repository root), one
# subcommand per step, so they run the same on a runner and on a laptop (.ci/action-test.sh):
#
#   steps.sh resolve   pick the release (input, the action's own tag, or latest) and its folder
#   steps.sh install   download it with install.sh, checksum verified (skipped on a cache hit)
#   steps.sh check     whitecoat check: SARIF for code scanning, annotations on the diff
#   steps.sh build     refresh the browser editor if the site has one, then whitecoat build
#
# Inputs come from the environment (the action sets them): SITE, WHITECOAT_VERSION, ACTION_REF,
# VERSION, DIR, SARIF, BASE_URL, OUT; results go to $GITHUB_OUTPUT and $GITHUB_PATH.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
: "${GITHUB_OUTPUT:?steps.sh runs inside the action (or with GITHUB_OUTPUT set)}"

output() { printf '%s=%s\n' "$1" "$2" >> "$GITHUB_OUTPUT"; }

case ${1:-} in
  resolve)
    version=${WHITECOAT_VERSION:-}
    if [ -z "$version" ]; then
      # `uses: whitecoat-ssg/whitecoat@v0.2.0` installs whitecoat v0.2.0.
      case ${ACTION_REF:-} in v[0-9]*) version=$ACTION_REF ;; *) version=latest ;; esac
    fi
    version=$(sh "$here/install.sh" --version "$version" --print-version)
    dir=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/whitecoat/$version/bin
    output version "$version"
    output dir "$dir"
    echo "$dir" >> "${GITHUB_PATH:?}"
    echo "whitecoat $version, in $dir"
    ;;
  install)
    sh "$here/install.sh" --version "${VERSION:?}" --to "${DIR:?}"
    ;;
  check)
    site=${SITE:-.}
    sarif=${SARIF:?}
    # The SARIF is written whatever the result, so code scanning shows the findings of a failing
    # check; the annotations then fail the step when a finding fails the build.
    status=0
    whitecoat check "$site" --format sarif > "$sarif" || status=$?
    if [ "$status" -ge 2 ]; then
      whitecoat check "$site"  # the configuration error, readable
      exit "$status"
    fi
    output sarif "$sarif"
    whitecoat check "$site" --format github
    ;;
  build)
    site=${SITE:-.}
    out=${OUT:?}
    # A browser editor (whitecoat cms) follows the site: its clinicians and notice links.
    whitecoat cms "$site" --refresh
    args=(build "$site" --out "$out")
    if [ -n "${BASE_URL:-}" ]; then args+=(--base-url "$BASE_URL"); fi
    whitecoat "${args[@]}"
    output out "$out"
    ;;
  *)
    echo "usage: steps.sh resolve|install|check|build" >&2
    exit 2
    ;;
esac
