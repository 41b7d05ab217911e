#!/usr/bin/env bash
# Installs what is missing (build and test packages), builds with tests, runs every test.
# Exits non-zero if anything fails.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/deps.sh" --tests
"$root/scripts/build.sh" -DACTVIZ_BUILD_TESTS=ON -DACTVIZ_BUILD_BENCH=ON
cd "$root/build"
ctest --output-on-failure --parallel "$(nproc)" "$@"
