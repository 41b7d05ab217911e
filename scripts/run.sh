#!/usr/bin/env bash
# Installs what is missing, builds the program (not its tests), and opens the actviz window on
# the embedded default photo. Extra arguments go to actviz (e.g. scripts/run.sh --function gelu).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/deps.sh"
if [[ -f "$root/build/build.ninja" ]]; then
  "$root/scripts/build.sh" --target actviz >&2  # keeps a test build's configuration
else
  "$root/scripts/build.sh" --target actviz -DACTVIZ_BUILD_TESTS=OFF >&2
fi
# With no display the window cannot open (a --screenshot still renders, headless on EGL).
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && " $* " != *" --screenshot"* ]]; then
  echo "actviz: built $root/build/actviz, but there is no display to open the window on:" \
       "run \`xvfb-run -a scripts/run.sh\` (Debian packages xvfb and xauth), or run it on a desktop" >&2
  exit 1
fi
exec "$root/build/actviz" "$@"
