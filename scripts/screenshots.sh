#!/usr/bin/env bash
# Makes the README's screenshots: the real window, one tab at a time, under a virtual display
# (Xvfb), each opened from a session file written below and saved by --screenshot (which
# waits for the tab's background work, so no picture shows "computing…").
# Usage: screenshots.sh [OUTDIR] (default docs/screenshots). Needs a built build/actviz
# (scripts/build.sh) and Debian's xvfb and xauth (scripts/deps.sh --tests installs them).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-"$root/docs/screenshots"}
bin="$root/build/actviz"
size=1280x800
if [[ ! -x "$bin" || ! -x "$root/build/actviz-window" ]]; then
  echo "screenshots.sh: no $bin: build it first (scripts/build.sh --target actviz)" >&2
  exit 1
fi
if ! command -v xvfb-run >/dev/null; then
  echo "screenshots.sh: xvfb-run is missing (Debian packages xvfb and xauth)" >&2
  exit 1
fi
mkdir -p "$out"
# A --screenshot run neither reads nor saves the auto-saved session; a scratch configuration
# directory all the same, so nothing of the user's (session, imgui.ini) reaches the pictures.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"

# small FILE: the same pixels, compressed harder (optipng, or PIL's optimize), when either is
# there; the window's own PNG is kept otherwise.
small() {
  if command -v optipng >/dev/null; then
    optipng -quiet -o2 "$1"
  elif /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
    /usr/bin/python3 -c 'import sys; from PIL import Image
im = Image.open(sys.argv[1]); im.load(); im.save(sys.argv[1], optimize=True)' "$1"
  fi
}

# shot NAME: the session on stdin (its "ui.tab" is the tab's position, 0–6), saved as NAME.png.
shot() {
  local name=$1 session="$tmp/$1.json"
  cat >"$session"
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$bin" --session "$session" --size "$size" --frames 5 --screenshot "$out/$name.png"
  small "$out/$name.png"
  echo "$out/$name.png"
}

# Explorer: GELU beside ReLU and Swish, which are pinned; its facts below.
shot explorer <<'EOF'
{"version": 1, "function": "gelu",
 "pins": [{"function": "relu", "parameters": {}, "colour": 1, "visible": true},
          {"function": "swish", "parameters": {}, "colour": 2, "visible": true}],
 "ui": {"tab": 0}}
EOF

# Your own f(x): log(1 + exp(x)) typed, snake pinned, as written in bfloat16 over x in
# [−20, 120]: exp overflows from x ≈ 88.7 (shaded), and below 0 it loses every digit.
shot formula <<'EOF'
{"version": 1, "function": "f(x) = log(1+exp(x))", "formulas": ["log(1+exp(x))"],
 "pins": [{"function": "snake", "parameters": {"a": 0.5}, "colour": 1, "visible": true}],
 "view": {"x": [-20, 120], "y_f": [-10, 130], "as_written": "bf16"},
 "ui": {"tab": 0}}
EOF

# Distributions: tanh on N(0, 3²) inputs piles its outputs up at ±1 (saturation).
shot distributions <<'EOF'
{"version": 1, "function": "tanh",
 "distributions": {"dist": "normal", "samples": 100000, "bins": 100, "scale": 3, "seed": 0,
                   "density": true, "log_counts": false, "exact": true, "follow": true},
 "ui": {"tab": 1}}
EOF

# Activation map: ELU (α = 0.5) on the built-in photo, centred on its median, gain 4: what is
# darker than the median saturates towards −α. Zoomed 2× on the face (a photo at fit makes a
# PNG twice the size).
shot map <<'EOF'
{"version": 1, "function": "elu", "parameters": {"elu": {"alpha": 0.5}},
 "map": {"photo": "", "gray": "luma601", "center": "median", "gain": 4, "auto_range": true,
         "colormap": "viridis", "zoom": 2, "cx": 0.55, "cy": 0.42},
 "ui": {"tab": 2}}
EOF

# Figure: the classic 3×2 figure for GELU.
shot figure <<'EOF'
{"version": 1, "function": "gelu", "ui": {"tab": 3}}
EOF

# Depth: tanh at σ_w² = 1.69, σ_b² = 0.04, near the edge of chaos (χ₁ ≈ 1).
shot depth <<'EOF'
{"version": 1, "function": "tanh",
 "depth": {"layers": 50, "width": 256, "batch": 1000, "direct": true, "sigma_w": 1.3,
           "sigma_b": 0.2, "seed": 0, "show_post": false},
 "ui": {"tab": 4}}
EOF

# Networks: XOR, a hidden layer of two sigmoids, trained to the end (1000 epochs).
shot networks <<'EOF'
{"version": 1, "function": "sigmoid",
 "networks": {"task": "xor", "model": "mlp", "hidden": "2", "per_layer": "", "output": "linear",
              "loss": "mse", "optimizer": "adam", "lr": 0.01, "batch": 32, "epochs": 1000,
              "seed": 0, "epochs_per_second": 0, "playing": true},
 "ui": {"tab": 5}}
EOF

# Softmax: logits (100, 99, 98): e¹⁰⁰ overflows float32, so the naive softmax is NaN where
# the stable one (the maximum subtracted first) gives (0.665, 0.245, 0.090).
shot softmax <<'EOF'
{"version": 1, "function": "sigmoid",
 "softmax": {"reach": 100, "logits": [100, 99, 98], "temperature": 1, "softmin": false,
             "show_log": true, "naive": true, "tropical": false},
 "ui": {"tab": 6}}
EOF
