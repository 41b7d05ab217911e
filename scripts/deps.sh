#!/usr/bin/env bash
# Installs the Debian packages actviz needs that are not installed yet (sourced by run.sh and
# test.sh). Usage: deps.sh [--tests] [--fuzz]. Runs apt-get only when something is missing.
set -euo pipefail

# Every package is named here, never left to another's Recommends (installs use
# --no-install-recommends): glfw3native.h needs the X11 and XRandR headers, CMake's FindOpenGL
# needs libOpenGL (libopengl-dev) as well as GLX and EGL, and Mesa's llvmpipe draws everything.
packages=(
  cmake ninja-build g++ pkg-config
  libimgui-dev libglfw3-dev libglfw3 python3-glad libstb-dev libcli11-dev nlohmann-json3-dev
  libpng-dev libjpeg62-turbo-dev libgif-dev libopenblas0-pthread libopenblas-pthread-dev
  libflint-arb-dev libsleef-dev
  libgl-dev libglx-dev libopengl-dev libegl-dev libgles-dev libx11-dev libxrandr-dev
  libegl-mesa0 libglx-mesa0 libgl1-mesa-dri fonts-dejavu-core
)
for flag in "$@"; do
  case "$flag" in
    --tests)
      packages+=(libgtest-dev libbenchmark-dev libeigen3-dev xvfb xauth xdotool python3 python3-mpmath
                 python3-numpy python3-pil x11-apps) ;;
    # scripts/fuzz.sh: libFuzzer is clang's (the runtime is in libclang-rt-14-dev); the seed
    # images are made with PIL. (The sanitizer build uses GCC's own libasan/libubsan.)
    --fuzz) packages+=(clang-14 libclang-rt-14-dev python3 python3-pil) ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if (( ${#missing[@]} == 0 )); then
  exit 0
fi

echo "actviz: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "actviz: need root or sudo to install packages" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# Wait for another apt (an unattended upgrade) instead of failing on its lock.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
