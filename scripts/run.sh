#!/usr/bin/env bash
# Installs what is missing, builds, and opens the actviz window on the embedded default photo.
# Extra arguments go to actviz (e.g. scripts/run.sh --function gelu).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh" >&2
exec "$root/build/actviz" "$@"
