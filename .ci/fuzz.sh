#!/usr/bin/env bash
# Fuzz smoke run: builds the cargo-fuzz targets in fuzz/ and runs each for a bounded time from its
# committed seeds and past findings (fuzz/seeds/<target>, fuzz/crashes-found/<target>, copied to a
# temporary corpus, so the repository is not modified). Exits non-zero
# if a target fails to build, or crashes, panics, times out or runs out of memory on some input.
#
#   bash .ci/fuzz.sh                      # every target, FUZZ_SECONDS (20) each
#   FUZZ_SECONDS=60 bash .ci/fuzz.sh markdown image
#
# Stable Rust only: cargo-fuzz needs nightly flags (-Zsanitizer, sancov passes), which
# RUSTC_BOOTSTRAP=1 lets the stable compiler accept. Built without a sanitizer (whitecoat is safe
# Rust; the build is 3-4x faster per input) but with debug assertions and overflow checks, as
# cargo-fuzz does by default. A crash leaves its input in fuzz/artifacts/<target>/ and its panic
# message is printed; see fuzz/README.md to reproduce and minimise it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export RUSTC_BOOTSTRAP=1

seconds="${FUZZ_SECONDS:-20}"
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(frontmatter markdown image)
fi
# libFuzzer's limits per input: a panic, an abort, 10 s on one input or 2 GiB of memory fail the run.
limits=(-rss_limit_mb=2048 -timeout=10 -max_total_time="$seconds" -print_final_stats=1)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  nice -n 10 cargo install cargo-fuzz --locked --quiet
fi

echo "fuzz: building ${targets[*]} ($(cargo fuzz --version))"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
build_log="$work/build.log"
build_start=$(date +%s)
for target in "${targets[@]}"; do
  if ! nice -n 10 cargo fuzz build --sanitizer none "$target" >"$build_log" 2>&1; then
    tail -n 40 "$build_log"
    echo "fuzz: FAILED to build $target"
    exit 1
  fi
done
echo "fuzz: built in $(($(date +%s) - build_start)) s"

# A number from libFuzzer's closing `stat::NAME: N` lines (-print_final_stats=1).
final_stat() { grep -Eo "^stat::$2: *[0-9]+" "$1" | grep -Eo '[0-9]+$' || true; }

# cargo fuzz builds into fuzz/target, or into CARGO_TARGET_DIR when that is set.
bin="${CARGO_TARGET_DIR:-fuzz/target}/x86_64-unknown-linux-gnu/release"
failed=()
for target in "${targets[@]}"; do
  corpus="$work/corpus-$target"
  artifacts="fuzz/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  cp fuzz/seeds/"$target"/* "$corpus"/
  # Past findings run first with the seeds, so a regression fails at once.
  if [ -d "fuzz/crashes-found/$target" ]; then
    cp fuzz/crashes-found/"$target"/* "$corpus"/
  fi
  log="$work/$target.log"
  dict=()
  if [ -f "fuzz/dicts/$target.dict" ]; then
    dict=(-dict="fuzz/dicts/$target.dict")
  fi
  status=0
  nice -n 10 "$bin/$target" "${limits[@]}" "${dict[@]}" -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || status=$?
  # -print_final_stats=1 ends the log with stat:: lines (also after a crash); "#N DONE" is the
  # closing progress line of a clean run.
  runs="$(final_stat "$log" number_of_executed_units)"
  speed="$(final_stat "$log" average_exec_per_sec)"
  rss="$(final_stat "$log" peak_rss_mb)"
  corpus_size="$(find "$corpus" -type f | wc -l)"
  if [ "$status" -eq 0 ]; then
    printf 'fuzz: %-12s ok      %8s runs in %ss (%s/s), corpus %s, peak RSS %s MB\n' \
      "$target" "${runs:-?}" "$seconds" "${speed:-?}" "$corpus_size" "${rss:-?}"
  else
    printf 'fuzz: %-12s FAILED  exit %s after %s runs\n' "$target" "$status" "${runs:-?}"
    # The panic message (up to the backtrace), or for a timeout or OOM the log's last lines.
    if grep -q 'panicked at' "$log"; then
      sed -n '/panicked at/,/^stack backtrace:/p' "$log" | head -n 40
    else
      tail -n 25 "$log"
    fi
    grep -E '^==[0-9]+== ERROR|^SUMMARY|Test unit written to' "$log" | head -n 5 || true
    failed+=("$target")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]} (inputs in fuzz/artifacts/)"
  exit 1
fi
echo "fuzz: ${#targets[@]} passed, 0 failed"
