#!/bin/sh
# Installs the whitecoat binary from a GitHub release, after checking it against the release's
# SHA-256 checksums. Linux (x86_64, aarch64; static musl builds) and macOS (x86_64, arm64).
#
#   curl -fsSL https://raw.githubusercontent.com/whitecoat-ssg/whitecoat/main/install.sh | sh
#   curl -fsSL https://raw.githubusercontent.com/whitecoat-ssg/whitecoat/main/install.sh | sh -s -- --version v0.1.0 --to /usr/local/bin
#
# Options (or the environment variables in brackets):
#   --version V    release tag to install, e.g. v0.1.0 [WHITECOAT_VERSION; default: latest]
#   --to DIR       folder to install into [WHITECOAT_INSTALL_DIR; default: $HOME/.local/bin]
#   --target T     release target instead of this machine's, e.g. x86_64-unknown-linux-musl
#   --print-version  print the tag that would be installed and exit
# [WHITECOAT_RELEASES_URL] where releases are downloaded from (a mirror, or a test server);
#   default https://github.com/whitecoat-ssg/whitecoat/releases. Files are fetched from
#   $WHITECOAT_RELEASES_URL/download/TAG/ (or /latest/download/ for the latest release).
# [WHITECOAT_DOWNLOADER] curl or wget (default: whichever is installed, curl first).
#
# Nothing is installed unless the archive's SHA-256 matches the release's SHA256SUMS file.
set -eu

releases=${WHITECOAT_RELEASES_URL:-https://github.com/whitecoat-ssg/whitecoat/releases}
version=${WHITECOAT_VERSION:-latest}
dir=${WHITECOAT_INSTALL_DIR:-${HOME:-.}/.local/bin}
target=
print_version=

usage() {
  cat <<'EOF'
install.sh: installs the whitecoat binary from a GitHub release, checked against its SHA256SUMS.
  --version V      release tag, e.g. v0.1.0 [WHITECOAT_VERSION; default: latest]
  --to DIR         install folder [WHITECOAT_INSTALL_DIR; default: $HOME/.local/bin]
  --target T       release target, e.g. x86_64-unknown-linux-musl [default: this machine's]
  --print-version  print the tag that would be installed, and exit
  WHITECOAT_RELEASES_URL  where releases are downloaded from
                          [default: https://github.com/whitecoat-ssg/whitecoat/releases]
  WHITECOAT_DOWNLOADER    curl or wget [default: whichever is installed]
EOF
}
say() { printf 'whitecoat-install: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --version) [ $# -ge 2 ] || die "--version needs a tag"; version=$2; shift 2 ;;
    --to) [ $# -ge 2 ] || die "--to needs a folder"; dir=$2; shift 2 ;;
    --target) [ $# -ge 2 ] || die "--target needs a target"; target=$2; shift 2 ;;
    --print-version) print_version=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

case $version in
  latest|v*) ;;
  [0-9]*) version=v$version ;;
  *) die "--version takes a release tag like v0.1.0, or latest" ;;
esac

downloader=${WHITECOAT_DOWNLOADER:-}
if [ -z "$downloader" ]; then
  if command -v curl >/dev/null 2>&1; then downloader=curl
  elif command -v wget >/dev/null 2>&1; then downloader=wget
  else die "neither curl nor wget is installed"
  fi
fi

# fetch URL FILE: downloads URL into FILE, failing on HTTP errors.
fetch() {
  case $downloader in
    curl) curl --proto '=https,http' --fail --silent --show-error --location --retry 3 --output "$2" "$1" ;;
    wget) wget --quiet --tries=3 --output-document="$2" "$1" ;;
    *) die "WHITECOAT_DOWNLOADER must be curl or wget" ;;
  esac
}

# The tag the latest release redirects to (releases/latest -> releases/tag/vX.Y.Z).
resolve_latest() {
  case $downloader in
    curl) url=$(curl --proto '=https,http' --fail --silent --show-error --location --output /dev/null --write-out '%{url_effective}' "$releases/latest") ;;
    wget) url=$(wget --max-redirect=0 --server-response --output-document=/dev/null "$releases/latest" 2>&1 | sed -n 's/^  *[Ll]ocation: *//p' | tail -n 1 | tr -d '\r') ;;
  esac
  tag=${url##*/}
  case $tag in
    v[0-9]*) printf '%s\n' "$tag" ;;
    *) die "could not tell the latest release from $releases/latest (got '$url')" ;;
  esac
}

if [ -n "$print_version" ]; then
  if [ "$version" = latest ]; then resolve_latest; else printf '%s\n' "$version"; fi
  exit 0
fi

if [ -z "$target" ]; then
  os=$(uname -s)
  arch=$(uname -m)
  case $arch in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=aarch64 ;;
    *) die "no release binary for the $arch processor; build from source: cargo install --locked whitecoat" ;;
  esac
  case $os in
    Linux) target=$arch-unknown-linux-musl ;;
    Darwin) target=$arch-apple-darwin ;;
    MINGW*|MSYS*|CYGWIN*) die "on Windows, download whitecoat-x86_64-pc-windows-msvc.zip from $releases" ;;
    *) die "no release binary for $os; build from source: cargo install --locked whitecoat" ;;
  esac
fi

asset=whitecoat-$target.tar.gz
if [ "$version" = latest ]; then base=$releases/latest/download; else base=$releases/download/$version; fi

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  elif command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 "$1" | sed 's/^.*= *//'
  else die "no sha256sum, shasum or openssl to check the download with"
  fi
}

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t whitecoat)
trap 'rm -rf "$tmp"' EXIT INT TERM

say "downloading $asset ($version) from $base"
fetch "$base/$asset" "$tmp/$asset" || die "could not download $base/$asset"
fetch "$base/SHA256SUMS" "$tmp/SHA256SUMS" || die "could not download $base/SHA256SUMS"

expected=$(awk -v name="$asset" '{ file = $2; sub(/^\*/, "", file) } file == name { print $1; exit }' "$tmp/SHA256SUMS")
[ -n "$expected" ] || die "SHA256SUMS lists no checksum for $asset; refusing to install"
actual=$(sha256 "$tmp/$asset")
if [ "$actual" != "$expected" ]; then
  die "checksum mismatch for $asset: expected $expected, got $actual; refusing to install (the download is damaged or was tampered with)"
fi
say "checksum ok ($actual)"

mkdir "$tmp/unpacked"
tar -xzf "$tmp/$asset" -C "$tmp/unpacked"
binary=$(find "$tmp/unpacked" -type f -name whitecoat | head -n 1)
[ -n "$binary" ] || die "$asset holds no whitecoat binary"

mkdir -p "$dir"
# Copy beside the destination, then rename: a running whitecoat is never overwritten in place.
cp "$binary" "$dir/.whitecoat.$$"
chmod 755 "$dir/.whitecoat.$$"
mv -f "$dir/.whitecoat.$$" "$dir/whitecoat"
say "installed $("$dir/whitecoat" --version 2>/dev/null || echo whitecoat) to $dir/whitecoat"

case ":${PATH:-}:" in
  *":$dir:"*) ;;
  *) say "note: $dir is not on your PATH; add it, e.g. export PATH=\"$dir:\$PATH\"" ;;
esac
