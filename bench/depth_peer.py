#!/usr/bin/env python3
"""PyTorch doing the products of `actviz depth` (issue 16's benchmark): L = 50 layers of
width N = 512 on a batch of B = 1000 in float32, tanh, Xavier normal, forward (z = h·W,
h = tanh z) and backward from a random readout (autograd on the input only, so no weight
gradients: the same B×N·N×N products as actviz). 2 threads; weights made before the clock.
Prints {"seconds": median of 5, "blas": what torch links}."""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(2)
L, N, B = 50, 512, 1000
g = torch.Generator().manual_seed(0)
ws = [torch.randn(N, N, generator=g) / N ** 0.5 for _ in range(L)]
x0 = torch.randn(B, N, generator=g)
readout = torch.randn(B, N, generator=g)


def run():
    x = x0.clone().requires_grad_(True)
    h = x
    for w in ws:
        h = torch.tanh(h @ w)
    h.backward(readout)
    return x.grad


run()
times = []
for _ in range(5):
    t = time.perf_counter()
    run()
    times.append(time.perf_counter() - t)
# Which BLAS the process really runs (Debian's libblas.so.3 is an alternative: the reference
# BLAS unless libopenblas0-pthread is installed): the libraries mapped after the products.
with open("/proc/self/maps") as f:
    maps = f.read()
blas = ("OpenBLAS" if "libopenblas" in maps else
        "reference BLAS" if "blas/libblas" in maps else "other")
print(json.dumps({"seconds": statistics.median(times), "blas": blas,
                  "torch": torch.__version__}))
