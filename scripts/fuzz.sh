#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan into build-fuzz/, makes their
# seed corpora, and runs each for a bounded time. Inputs that crash, leak, trip UBSan, exceed
# the memory limit or take over 10 s are saved under build-fuzz/crashes/<target>/ and make the
# script exit non-zero. The corpus grows in build-fuzz/corpus/<target>/ from run to run.
# Usage: fuzz.sh [--seconds N] [--target image|session|cli|formula|all] [-- libFuzzer flags...]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=60
target=all
extra=()
while (( $# > 0 )); do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: fuzz.sh [--seconds N] [--target image|session|cli|formula|all] [-- libFuzzer flags]" >&2
       exit 2 ;;
  esac
done
case "$target" in
  image) targets=(image) ;;
  session) targets=(session) ;;
  cli) targets=(cli) ;;
  formula) targets=(formula) ;;
  all) targets=(image session cli formula) ;;
  *) echo "fuzz.sh: --target is image, session, cli, formula or all" >&2; exit 2 ;;
esac

"$root/scripts/deps.sh" --fuzz
build="$root/build-fuzz"
if [[ ! -f "$build/build.ninja" ]]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DACTVIZ_BUILD_FUZZ=ON -DACTVIZ_BUILD_TESTS=OFF -DACTVIZ_BUILD_BENCH=OFF
fi
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}"

py=/usr/bin/python3
# Seeds are made fresh each run (nothing binary is committed). For images, the decoder's own
# seed generator when it is there (fuzz/image_seeds.py OUTDIR), else ours.
make_seeds() {
  local t=$1 dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  if [[ $t == image && -f "$root/fuzz/image_seeds.py" ]] &&
     "$py" "$root/fuzz/image_seeds.py" "$dir" && [[ -n "$(ls -A "$dir")" ]]; then
    return
  fi
  "$py" "$root/fuzz/make_seeds.py" "$t" "$dir"
}

# Leaks fail a run (detect_leaks); only system libraries are exempt (tools/sanitize/lsan.supp).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:print_stacktrace=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=0:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tools/sanitize/lsan.supp:print_suppressions=0"
declare -A max_len=([image]=65536 [session]=16384 [cli]=4096 [formula]=4200)
# The command line's messages and outputs would flood the log: its stdout and stderr are
# closed (libFuzzer keeps its own output and the sanitizers' reports).
declare -A fd_mask=([image]=0 [session]=0 [cli]=3 [formula]=0)
status=0
for t in "${targets[@]}"; do
  seeds="$build/seeds/$t" corpus="$build/corpus/$t" crashes="$build/crashes/$t"
  make_seeds "$t" "$seeds"
  mkdir -p "$corpus" "$crashes"
  stamp="$build/fuzz_$t.start"
  touch "$stamp"
  dict=()
  [[ -f "$root/fuzz/$t.dict" ]] && dict=(-dict="$root/fuzz/$t.dict")
  echo "fuzz.sh: fuzz_$t for ${seconds}s (crashes to $crashes)" >&2
  rc=0
  "$build/fuzz/fuzz_$t" "$corpus" "$seeds" -max_total_time="$seconds" \
    -max_len="${max_len[$t]}" -close_fd_mask="${fd_mask[$t]}" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "${dict[@]}" "${extra[@]}" 2>"$build/fuzz_$t.log" || rc=$?
  tail -n 12 "$build/fuzz_$t.log" >&2
  found=$(find "$crashes" -type f -newer "$stamp" | wc -l)  # this run's, not an older one's
  if (( rc != 0 || found > 0 )); then
    echo "fuzz.sh: fuzz_$t FAILED (exit $rc; $found input(s) in $crashes; log $build/fuzz_$t.log)" >&2
    status=1
  else
    echo "fuzz.sh: fuzz_$t clean" >&2
  fi
done
exit $status
