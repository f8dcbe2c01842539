#!/usr/bin/env bash
# Tests install.sh against a fake release served on 127.0.0.1 (GitHub's layout: /download/TAG/
# and /latest redirecting to the newest tag): installs with curl and with wget, pinned and latest,
# and refuses a tampered archive, a checksum file without the archive, and an unknown target.
# Then runs the GitHub Action's shell steps (action.yml -> .github/action/steps.sh) in the order
# the action does, with the real whitecoat (WHITECOAT_BINARY, default target/debug/whitecoat)
# published as a release, against example-site: resolve, install, check (SARIF), build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$root"
}
trap cleanup EXIT

fail() { echo "install-test: FAIL: $*" >&2; exit 1; }
pass() { echo "install-test: ok: $*"; }

target=x86_64-unknown-linux-musl
case $(uname -m) in aarch64|arm64) target=aarch64-unknown-linux-musl ;; esac
[ "$(uname -s)" = Darwin ] && target=${target%%-*}-apple-darwin

# A release as the release workflow lays it out: TAG [BINARY] (default: a stub printing TAG).
make_release() {
  local tag=$1 dir="$root/releases/download/$1" stage
  mkdir -p "$dir"
  stage=$(mktemp -d)
  mkdir "$stage/whitecoat-$target"
  if [ -n "${2:-}" ]; then
    cp "$2" "$stage/whitecoat-$target/whitecoat"
  else
    printf '#!/bin/sh\necho "whitecoat %s (stub)"\n' "${tag#v}" > "$stage/whitecoat-$target/whitecoat"
  fi
  chmod 755 "$stage/whitecoat-$target/whitecoat"
  cp README.md "$stage/whitecoat-$target/"
  tar -czf "$dir/whitecoat-$target.tar.gz" -C "$stage" "whitecoat-$target"
  (cd "$dir" && sha256sum "whitecoat-$target.tar.gz" > SHA256SUMS)
  rm -rf "$stage"
}
make_release v9.9.8
make_release v9.9.9

# The server: files under $root, plus GitHub's redirects for the latest release.
cat > "$root/server.py" <<'EOF'
import http.server, os, sys
LATEST = sys.argv[2]
class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def do_GET(self):
        if self.path == "/releases/latest":
            return self.redirect("/releases/tag/" + LATEST)
        if self.path.startswith("/releases/latest/download/"):
            return self.redirect("/releases/download/" + LATEST + "/" + self.path.rsplit("/", 1)[1])
        if self.path.startswith("/releases/tag/"):
            self.send_response(200); self.end_headers(); self.wfile.write(b"release page"); return
        return super().do_GET()
    def redirect(self, to):
        self.send_response(302); self.send_header("Location", to); self.end_headers()
os.chdir(sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
EOF
python3 "$root/server.py" "$root" v9.9.9 > "$root/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$root/port" ] && break; sleep 0.1; done
port=$(cat "$root/port")
[ -n "$port" ] || fail "the fake release server did not start"
export WHITECOAT_RELEASES_URL="http://127.0.0.1:$port/releases"

install() { sh ./install.sh "$@" 2> "$root/stderr"; }

# 1. Latest, with curl and with wget: the tag is resolved through the redirect, and installed.
for downloader in curl wget; do
  command -v "$downloader" >/dev/null || { echo "install-test: skip $downloader (not installed)"; continue; }
  [ "$(WHITECOAT_DOWNLOADER=$downloader sh ./install.sh --print-version)" = v9.9.9 ] || fail "$downloader: latest is not v9.9.9"
  rm -rf "${root:?}/bin"
  WHITECOAT_DOWNLOADER=$downloader install --to "$root/bin" || { cat "$root/stderr"; fail "$downloader: latest did not install"; }
  "$root/bin/whitecoat" --version | grep -q "9.9.9" || fail "$downloader: installed binary is not v9.9.9"
  grep -q "checksum ok" "$root/stderr" || fail "$downloader: no checksum line"
  pass "$downloader installs the latest release, checksum verified"
done

# 2. A pinned version (with or without the v), into a folder from the environment.
rm -rf "${root:?}/bin"
WHITECOAT_INSTALL_DIR="$root/bin" install --version 9.9.8 || { cat "$root/stderr"; fail "pinned version did not install"; }
"$root/bin/whitecoat" --version | grep -q "9.9.8" || fail "pinned install is not v9.9.8"
pass "a pinned version installs (WHITECOAT_INSTALL_DIR)"

# 3. A tampered archive: refused, and the installed binary is left as it was.
dir="$root/releases/download/v9.9.9"
cp "$dir/whitecoat-$target.tar.gz" "$root/good.tar.gz"
printf 'tampered' >> "$dir/whitecoat-$target.tar.gz"
if install --to "$root/bin"; then fail "a tampered archive was installed"; fi
grep -q "checksum mismatch" "$root/stderr" || { cat "$root/stderr"; fail "no checksum mismatch message"; }
"$root/bin/whitecoat" --version | grep -q "9.9.8" || fail "the refused install replaced the binary"
pass "a checksum mismatch is refused and nothing is replaced"
cp "$root/good.tar.gz" "$dir/whitecoat-$target.tar.gz"

# 4. A checksum file that does not list the archive: refused.
cp "$dir/SHA256SUMS" "$root/sums"
sed -i "s/whitecoat-$target.tar.gz/whitecoat-other.tar.gz/" "$dir/SHA256SUMS"
if install --to "$root/other"; then fail "an archive without a checksum was installed"; fi
grep -q "no checksum for" "$root/stderr" || { cat "$root/stderr"; fail "no missing-checksum message"; }
[ ! -e "$root/other/whitecoat" ] || fail "something was installed without a checksum"
cp "$root/sums" "$dir/SHA256SUMS"
pass "an archive missing from SHA256SUMS is refused"

# 5. A missing release and a target without a binary: clear errors, nothing installed.
if install --version v0.0.1 --to "$root/none"; then fail "a missing release installed"; fi
grep -q "could not download" "$root/stderr" || { cat "$root/stderr"; fail "no download error"; }
if install --target riscv64gc-unknown-linux-gnu --to "$root/none"; then fail "an unknown target installed"; fi
[ ! -e "$root/none/whitecoat" ] || fail "something was installed for a missing release"
pass "missing releases and targets fail with a message"

# 6. The action's shell steps, in the action's order, against example-site.
binary=${WHITECOAT_BINARY:-${CARGO_TARGET_DIR:-target}/debug/whitecoat}
[ -x "$binary" ] || cargo build --quiet
make_release v9.9.10 "$binary"
order=$(grep -o 'steps.sh" [a-z]*' action.yml | cut -d' ' -f2 | tr '\n' ' ')
[ "$order" = "resolve install check build " ] || fail "action.yml runs steps.sh as: $order"
gh="$root/gh"
mkdir -p "$gh/tmp" "$gh/tools"
export GITHUB_ACTION_PATH=$PWD RUNNER_TEMP="$gh/tmp" RUNNER_TOOL_CACHE="$gh/tools"
steps() { GITHUB_OUTPUT="$gh/output" GITHUB_PATH="$gh/path" bash .github/action/steps.sh "$@"; }
out() { sed -n "s/^$1=//p" "$gh/output" | tail -n 1; }

: > "$gh/output"; : > "$gh/path"
ACTION_REF=v9.9.8 WHITECOAT_VERSION='' steps resolve > /dev/null
[ "$(out version)" = v9.9.8 ] || fail "the action does not default to its own tag"
ACTION_REF=main WHITECOAT_VERSION='' steps resolve > /dev/null
[ "$(out version)" = v9.9.9 ] || fail "the action used at a branch does not use the latest release"
WHITECOAT_VERSION=v9.9.10 steps resolve > /dev/null
[ "$(out version)" = v9.9.10 ] || fail "the version input is not used"
dir=$(out dir)
[ "$(tail -n 1 "$gh/path")" = "$dir" ] || fail "resolve does not put $dir on the PATH"
pass "resolve: the input, else the action's tag, else latest; on the PATH: $dir"

VERSION=v9.9.10 DIR=$dir steps install 2> "$root/stderr" || { cat "$root/stderr"; fail "install step"; }
"$dir/whitecoat" --version > /dev/null || fail "install step installed no working whitecoat"
pass "install: $("$dir/whitecoat" --version)"

site="$root/site"
cp -r example-site "$site"
rm -rf "$site/public" "$site/.whitecoat"
"$dir/whitecoat" cms "$site" --repo okafor-heart/website 2> /dev/null
export PATH="$dir:$PATH" WHITECOAT_TODAY=2026-11-22
SITE=$site SARIF="$gh/whitecoat.sarif" steps check > "$root/annotations" || { cat "$root/annotations"; fail "check step on example-site"; }
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['version']=='2.1.0', d['version']" "$gh/whitecoat.sarif" || fail "no SARIF 2.1.0"
[ "$(out sarif)" = "$gh/whitecoat.sarif" ] || fail "check does not output the SARIF path"
pass "check: example-site passes, SARIF 2.1.0 written for code scanning"

SITE=$site OUT="$gh/public" BASE_URL=https://okafor-heart.github.io/website steps build 2> "$root/stderr" || { cat "$root/stderr"; fail "build step"; }
if [ ! -f "$gh/public/index.html" ] || [ ! -f "$gh/public/admin/index.html" ]; then fail "build step wrote no site with its editor"; fi
grep -q 'https://okafor-heart.github.io/website/' "$gh/public/index.html" || fail "build step ignored BASE_URL"
grep -q 'current: .*config.yml' "$root/stderr" || { cat "$root/stderr"; fail "build step did not refresh the editor"; }
[ "$(out out)" = "$gh/public" ] || fail "build does not output the folder to deploy"
pass "build: the site for the Pages URL, with its editor, in $(out out)"

# A review without its authorization: the step fails, and the SARIF is there for code scanning.
printf '+++\nauthor = "J.D."\nrating = 5\n+++\n\nKind staff.\n' > "$site/content/reviews/auth-x.md"
if SITE=$site SARIF="$gh/failing.sarif" steps check > "$root/annotations"; then fail "check step passed a review without authorization"; fi
grep -q "authorization/missing" "$gh/failing.sarif" || fail "the failing check wrote no SARIF result"
grep -q "^::error" "$root/annotations" || fail "no annotation for the diff"
pass "check: a failing site fails the step, with its SARIF and annotations"

echo "install-test: all passed"
