#!/usr/bin/env bash
# Configures (once) and builds actviz in Release into build/.
# Usage: build.sh [--target T] [cmake -D...]: -D options reconfigure an existing build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
target=()
if [[ "${1:-}" == "--target" ]]; then
  target=(--target "$2")
  shift 2
fi
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
elif (( $# > 0 )); then
  cmake "$build" "$@" >/dev/null
fi
cmake --build "$build" --parallel "$(nproc)" "${target[@]}"
