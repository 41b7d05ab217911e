#!/usr/bin/env bash
# Installs what is missing (build and test packages), builds with tests, runs every test.
# Exits non-zero if anything fails.
# Usage: test.sh [--sanitize] [ctest args]. --sanitize: the same suite, ASan + UBSan, built into
# build-sanitize/ (the normal build/ is untouched); any sanitizer report fails the test it is in.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanitize=0
if [[ "${1:-}" == "--sanitize" ]]; then
  sanitize=1
  shift
fi
"$root/scripts/deps.sh" --tests

if (( ! sanitize )); then
  "$root/scripts/build.sh" -DACTVIZ_BUILD_TESTS=ON -DACTVIZ_BUILD_BENCH=ON
  cd "$root/build"
  ctest --output-on-failure --parallel "$(nproc)" "$@"
  exit 0
fi

build="$root/build-sanitize"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DACTVIZ_SANITIZE=ON \
        -DACTVIZ_BUILD_TESTS=ON -DACTVIZ_BUILD_BENCH=ON
fi
cmake --build "$build" --parallel "$(nproc)"

# The options reach every process the tests start (GoogleTest's std::system, the Python tests'
# subprocess): they inherit the environment. A sanitizer report exits 86, never a code a test
# expects (0, 1, 2), and prints its stack; abort_on_error=0 so no core dump and no SIGABRT that
# a test could mistake for the program's own abort. detect_leaks stays on: only the system
# libraries named in lsan.supp are exempt. allocator_may_return_null=1: a huge allocation
# throws std::bad_alloc as in the normal build (the program handles it) instead of ASan dying.
# GLFW and Mesa dlclose their libraries at exit; LSan then no longer scans those libraries'
# globals, and what only they still point to shows as a leak in "<unknown module>". The
# preloaded dlclose keeps them mapped (verify_asan_link_order=0: ASan is then not the first
# library, which is fine as every binary of ours links it).
supp="$root/tools/sanitize"
common="halt_on_error=1:abort_on_error=0:exitcode=86:print_stacktrace=1"
# intercept_tls_get_addr=0: GCC 12's LeakSanitizer, tracking the dynamic TLS of the libraries
# Mesa loads (LLVM's among them), at exit sometimes read a garbage entry (a 96 GB block at
# 0x20dc) and its tracer crashed ("Tracer caught signal 11"): the window test failed 4 runs in 5
# under load. Without it those blocks are found as the heap chunks glibc allocates them in,
# reachable from each thread's DTV, and a leak is still reported.
export ASAN_OPTIONS="$common:detect_leaks=1:allocator_may_return_null=1:verify_asan_link_order=0:intercept_tls_get_addr=0"
export LD_PRELOAD="$build/libactviz_keep_loaded.so${LD_PRELOAD:+:$LD_PRELOAD}"
export UBSAN_OPTIONS="$common"
export LSAN_OPTIONS="exitcode=86:suppressions=$supp/lsan.supp:print_suppressions=0"
# Tests that cannot run under ASan (an address-space limit: ASan reserves terabytes of shadow)
# can skip themselves on this.
export ACTVIZ_SANITIZED=1
cd "$build"
ctest --output-on-failure --parallel "$(nproc)" "$@"
