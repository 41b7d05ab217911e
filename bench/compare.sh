#!/usr/bin/env bash
# actviz against its peers in one run: float32 kernels on N elements (default 24 M) with 2
# threads, numpy and PyTorch (Debian's python3-torch, installed here if missing) with
# preallocated outputs, the histogram of 10⁷ samples, and the copy bandwidth as the ceiling;
# then `actviz figure` against the notebook's matplotlib figure (whole processes) and the window
# under Xvfb with a 24 MP photo (--bench-frames). Prints Gelem/s, ratios and times.
# Usage: bench/compare.sh [N]   (ROUNDS=k: interleaved kernel rounds, default 5)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-24000000}
"$root/scripts/deps.sh"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get install -y -qq python3-torch python3-numpy >/dev/null || true
fi
if ! /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends python3-matplotlib >/dev/null || true
fi
"$root/scripts/build.sh" >/dev/null
# The kernels in interleaved rounds (actviz, peers, actviz, ...): on a shared VM the memory
# bandwidth drifts by ±30% within minutes (relu and torch's relu each measured 6–11 Gelem/s on
# different runs of one day), so each side's figure is the median over rounds taken side by side.
rounds=${ROUNDS:-5}
ours_runs=() peer_runs=()
for _ in $(seq "$rounds"); do
  ours_runs+=("$("$root/build/actviz" bench --json --n "$n" --threads 2 --reps 5)")
  peer_runs+=("$(/usr/bin/python3 "$root/bench/peers.py" "$n")")
done
merged=$(/usr/bin/python3 - "${ours_runs[@]}" "${peer_runs[@]}" <<'PY'
import json, statistics, sys
docs = [json.loads(a) for a in sys.argv[1:]]
half = len(docs) // 2
ours, peers = docs[:half], docs[half:]
med = statistics.median
o = ours[0]
for i, k in enumerate(o["kernels"]):
    k["elements_per_second"] = med(d["kernels"][i]["elements_per_second"] for d in ours)
o["copy"]["bytes_per_second"] = med(d["copy"]["bytes_per_second"] for d in ours)
o["histogram"]["samples_per_second"] = med(d["histogram"]["samples_per_second"] for d in ours)
if "depth" in o:
    o["depth"]["seconds"] = med(d["depth"]["seconds"] for d in ours)
for i, row in enumerate(o.get("depth_tab_update", [])):
    for k in ("preview_ms", "full_ms", "products_ms"):
        row[k] = med(d["depth_tab_update"][i][k] for d in ours)
p = peers[0]
for lib in ("numpy", "torch"):
    if p.get(lib):
        for fn in p[lib]:
            p[lib][fn] = med(d[lib][fn] for d in peers)
for key in ("copy_gb_per_s", "torch_copy_gb_per_s", "numpy_histogram_samples_per_second"):
    if key in p:
        p[key] = med(d[key] for d in peers)
p["rounds"] = half
print(json.dumps(o))
print(json.dumps(p))
PY
)
ours=$(sed -n 1p <<<"$merged")
peers=$(sed -n 2p <<<"$merged")
# The depth experiment's products (L 50, N 512, B 1000, forward and backward) in PyTorch on
# 2 threads, in rounds beside actviz's own (in `actviz bench` above): the median of the rounds.
depth_peer='{}'
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  runs=()
  for _ in $(seq "$rounds"); do runs+=("$(/usr/bin/python3 "$root/bench/depth_peer.py")"); done
  depth_peer=$(/usr/bin/python3 - "${runs[@]}" <<'PY'
import json, statistics, sys
d = [json.loads(a) for a in sys.argv[1:]]
out = dict(d[0]); out["seconds"] = statistics.median(x["seconds"] for x in d)
print(json.dumps(out))
PY
)
fi

# Whole processes, median of 5: `actviz figure` (1200×1200, the 512² built-in photo) against the
# notebook's matplotlib figure of the same panels, imports included.
# The median wall time of RUNS whole runs (default 5) in ms, to 0.1 ms: bash's own clock
# ($EPOCHREALTIME, µs), so no `date` process is counted in a run of a few milliseconds.
median_run() {
  local t=() n=${RUNS:-5}
  for _ in $(seq "$n"); do
    local a b
    a=${EPOCHREALTIME/[.,]/}; "$@" >/dev/null 2>&1 || return 1; b=${EPOCHREALTIME/[.,]/}
    t+=($(( b - a )))
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p" |
    awk '{ printf "%.1f", $1 / 1000 }'
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
figure_ms=$(median_run "$root/build/actviz" figure -f gelu -o "$tmp/a.png")
notebook_ms=$(median_run /usr/bin/python3 "$root/bench/notebook_figure.py" "$root/assets/camera.png" \
  "$tmp/b.png" || echo 0)
# The notebook's training runs: actviz as whole processes against PyTorch inside one process.
train_square_ms=$(RUNS=21 median_run "$root/build/actviz" train --task square --function relu)
train_xor_ms=$(RUNS=41 median_run "$root/build/actviz" train --task xor --function sigmoid)
train_peer='{}'
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  train_peer=$(/usr/bin/python3 "$root/bench/train_peer.py")
fi
# The window under Xvfb at 1600×1000: the Activation map tab with a 24 MP photo, α swept.
gui='{}'
if command -v xvfb-run >/dev/null; then
  /usr/bin/python3 -c "
import numpy as np; from PIL import Image
y, x = np.mgrid[0:4000, 0:6000]
v = 128 + 100 * np.sin(x / 300) * np.cos(y / 230) + np.random.default_rng(1).normal(0, 12, (4000, 6000))
Image.fromarray(np.clip(v, 0, 255).astype(np.uint8)).save('$tmp/photo24.png')"
  gui=$(xvfb-run -a -s "-screen 0 1600x1000x24" "$root/build/actviz" --bench-frames 300 \
        --image "$tmp/photo24.png" --size 1600x1000 | tail -1)
fi
/usr/bin/python3 - "$ours" "$peers" "$figure_ms" "$notebook_ms" "$gui" "$depth_peer" \
  "$train_square_ms" "$train_xor_ms" "$train_peer" <<'PY'
import json, sys
ours, peers = json.loads(sys.argv[1]), json.loads(sys.argv[2])
figure_ms, notebook_ms, gui = float(sys.argv[3]), float(sys.argv[4]), json.loads(sys.argv[5])
depth_peer = json.loads(sys.argv[6])
train_ms = {"square": float(sys.argv[7]), "xor": float(sys.argv[8])}
train_peer = json.loads(sys.argv[9])
k = {(r["function"], r["derivative"]): r["elements_per_second"] for r in ours["kernels"]}
copy = ours["copy"]["bytes_per_second"] / 1e9
print(f"median of {peers['rounds']} interleaved rounds; n = {peers['n']:,} float32, 2 threads; copy (read + write): actviz {copy:.1f} GB/s, "
      f"torch {peers.get('torch_copy_gb_per_s', 0) / 1e9:.1f} GB/s, "
      f"numpy (1 thread) {peers['copy_gb_per_s']:.1f} GB/s")
print(f"{'function':<12}{'actviz':>10}{'numpy':>10}{'torch':>10}{'× numpy':>10}{'× torch':>10}   (Gelem/s)")
for fn in ("relu", "sigmoid", "tanh", "gelu", "softplus", "mish", "elu"):
    a = k.get((fn, False))
    npv = (peers.get("numpy") or {}).get(fn)
    tv = (peers.get("torch") or {}).get(fn)
    fmt = lambda v: f"{v / 1e9:10.3f}" if v else f"{'—':>10}"
    ratio = lambda v: f"{a / v:10.2f}" if a and v else f"{'—':>10}"
    print(f"{fn:<12}{fmt(a)}{fmt(npv)}{fmt(tv)}{ratio(npv)}{ratio(tv)}")
relu = k.get(("relu", False))
if relu:
    print(f"relu moves {8 * relu / 1e9:.1f} GB/s: {8 * relu / 1e9 / copy:.0%} of actviz's copy")
hs = ours["histogram"]["samples_per_second"]
hn = peers["numpy_histogram_samples_per_second"]
print(f"histogram of {ours['histogram']['n']:,}: actviz {hs / 1e9:.3f} G/s, numpy {hn / 1e9:.3f} G/s, × {hs / hn:.2f}")
print("image stages (ms):", json.dumps(ours["image"]["stages_ms"]))
if notebook_ms:
    print(f"figure 1200×1200: actviz {figure_ms:.0f} ms, notebook (matplotlib) {notebook_ms:.0f} ms, "
          f"× {notebook_ms / figure_ms:.2f}")
else:
    print(f"figure 1200×1200: actviz {figure_ms:.0f} ms (matplotlib not available)")
if "depth" in ours:
    d = ours["depth"]
    gflop = 2 * d["batch"] * d["width"] ** 2 * (2 * d["layers"] - 1) / 1e9
    line = (f"depth L {d['layers']}, N {d['width']}, B {d['batch']} (tanh, forward + backward): "
            f"actviz {d['seconds']:.3f} s ({gflop / d['seconds']:.0f} GFLOP/s)")
    if depth_peer:
        line += (f", PyTorch {depth_peer['seconds']:.3f} s on {depth_peer['blas']}, "
                 f"× {depth_peer['seconds'] / d['seconds']:.2f}")
    print(line)
for row in ours.get("depth_tab_update", []):
    print(f"depth tab update L {row['layers']}, N {row['width']}, B {row['batch']} "
          f"({row['function']}, a σ_w drag's step): preview over {row['preview_rows']} inputs "
          f"{row['preview_ms']:.0f} ms, whole batch {row['full_ms']:.0f} ms "
          f"(its products alone {row['products_ms']:.0f} ms)")
for task in ("square", "xor"):
    line = f"train {task}: actviz {train_ms[task]:.1f} ms (whole process)"
    if train_peer:
        t = train_peer[task + "_seconds"] * 1000
        line += f", PyTorch {t:.0f} ms (in process), × {t / max(train_ms[task], 0.1):.1f}"
    print(line)
if gui:
    print(f"GUI 1600×1000, 24 MP photo, α swept: first frame {gui['first_frame_ms']:.0f} ms, "
          f"median {gui['median_ms']:.1f} ms, p99 {gui['p99_ms']:.1f} ms")
PY
# Typed formulas (formula.md): actviz's exact float32 values against numexpr evaluating the
# same expression as written (inexact), both on 2 threads, the issue's three formulas.
if ! /usr/bin/python3 -c "import numexpr" 2>/dev/null; then
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends python3-numexpr >/dev/null || true
fi
formulas=("x*tanh(log(1 + exp(x)))|normal|" "log(1 + exp(x))|uniform|-2000:2000"
          "a*x*sigmoid(b*x) + c*sin(w*x)^2/w|normal|")
echo "typed formulas, n = $n float32, 2 threads (actviz exact; numexpr as written):"
for row in "${formulas[@]}"; do
  IFS='|' read -r text dist range <<<"$row"
  args=(bench --formula "$text" --n "$n" --threads 2 --reps 3 --json --dist "$dist")
  [[ -n $range ]] && args+=("--range=$range")
  ours_f=$("$root/build/actviz" "${args[@]}")
  /usr/bin/python3 - "$ours_f" "$n" "$dist" "$range" <<'PY'
import json, sys, time
o, n, dist, rng = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
line = (f"  {o['formula']:<36} actviz {o['elements_per_second'] / 1e6:8.1f} Melem/s "
        f"({o['slow_fraction']:.2%} on the balls)")
try:
    import numexpr as ne, numpy as np
    ne.set_num_threads(2)
    g = np.random.default_rng(0)
    if dist == "normal":
        x = g.standard_normal(n).astype(np.float32)
    else:
        lo, hi = map(float, rng.split(":"))
        x = g.uniform(lo, hi, n).astype(np.float32)
    one = np.float32(1)
    expr = o["formula"].replace("^", "**").replace("sigmoid(b*x)", "(1/(1 + exp(-b*x)))")
    env = {"x": x, "a": one, "b": one, "c": one, "w": one}
    out = np.empty_like(x)
    ne.evaluate(expr, local_dict=env, out=out)
    best = min((lambda t0: (ne.evaluate(expr, local_dict=env, out=out), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(3))
    line += f", numexpr {n / best / 1e6:8.1f} Melem/s, × {o['elements_per_second'] * best / n:.2f}"
except ImportError:
    line += ", numexpr not available"
print(line)
PY
done
