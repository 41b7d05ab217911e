#!/usr/bin/env bash
# actviz against its peers in one run: float32 kernels on N elements (default 24 M) with 2
# threads, numpy and PyTorch (Debian's python3-torch, installed here if missing) with
# preallocated outputs, the histogram of 10⁷ samples, and the copy bandwidth as the ceiling.
# Prints a table of Gelem/s and ratios. Usage: bench/compare.sh [N]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-24000000}
"$root/scripts/deps.sh"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get install -y -qq python3-torch python3-numpy >/dev/null || true
fi
"$root/scripts/build.sh" >/dev/null
ours=$("$root/build/actviz" bench --json --n "$n" --threads 2 --reps 5)
peers=$(/usr/bin/python3 "$root/bench/peers.py" "$n")
/usr/bin/python3 - "$ours" "$peers" <<'PY'
import json, sys
ours, peers = json.loads(sys.argv[1]), json.loads(sys.argv[2])
k = {(r["function"], r["derivative"]): r["elements_per_second"] for r in ours["kernels"]}
print(f"n = {peers['n']:,} float32, 2 threads; copy bandwidth {peers['copy_gb_per_s']:.1f} GB/s")
print(f"{'function':<12}{'actviz':>10}{'numpy':>10}{'torch':>10}{'× numpy':>10}{'× torch':>10}   (Gelem/s)")
for fn in ("relu", "sigmoid", "tanh", "gelu", "softplus", "mish", "elu"):
    a = k.get((fn, False))
    npv = (peers.get("numpy") or {}).get(fn)
    tv = (peers.get("torch") or {}).get(fn)
    fmt = lambda v: f"{v / 1e9:10.3f}" if v else f"{'—':>10}"
    ratio = lambda v: f"{a / v:10.2f}" if a and v else f"{'—':>10}"
    print(f"{fn:<12}{fmt(a)}{fmt(npv)}{fmt(tv)}{ratio(npv)}{ratio(tv)}")
hs = ours["histogram"]["samples_per_second"]
hn = peers["numpy_histogram_samples_per_second"]
print(f"histogram of {ours['histogram']['n']:,}: actviz {hs / 1e9:.3f} G/s, numpy {hn / 1e9:.3f} G/s, × {hs / hn:.2f}")
print("image stages (ms):", json.dumps(ours["image"]["stages_ms"]))
PY
