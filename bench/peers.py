#!/usr/bin/env python3
"""The peers of `actviz bench`, on the same sizes in the same run: numpy and (if installed)
PyTorch with preallocated outputs and 2 threads, plus the machine's copy bandwidth.
Prints one JSON object. Usage: peers.py N"""
import json
import sys
import time

import numpy as np

N = int(sys.argv[1])
REPS = 5


def median_seconds(fn):
    fn()
    t = []
    for _ in range(REPS):
        a = time.perf_counter()
        fn()
        t.append(time.perf_counter() - a)
    return sorted(t)[len(t) // 2]


x = np.linspace(-8, 8, N, dtype=np.float32)
y = np.empty_like(x)
out = {"n": N}

# Copy bandwidth (read + write) of numpy's single thread; torch's 2-thread copy is below.
s = median_seconds(lambda: np.copyto(y, x))
out["copy_gb_per_s"] = 2 * 4 * N / s / 1e9

numpy_fns = {
    "relu": lambda: np.maximum(x, 0, out=y),
    "sigmoid": lambda: (np.negative(x, out=y), np.exp(y, out=y), np.add(y, 1, out=y),
                        np.reciprocal(y, out=y)),
    "tanh": lambda: np.tanh(x, out=y),
    "softplus": lambda: (np.logaddexp(x, 0, out=y)),
    "elu": lambda: (np.expm1(x, out=y), np.copyto(y, x, where=x > 0)),
}
out["numpy"] = {k: N / median_seconds(f) for k, f in numpy_fns.items()}
try:
    from scipy.special import erf  # noqa: F401  (only if Debian's python3-scipy is there)
    out["numpy"]["gelu"] = N / median_seconds(lambda: np.multiply(x * 0.5, 1 + erf(x / np.sqrt(2)), out=y))
except ImportError:
    pass

try:
    import torch
    torch.set_num_threads(2)
    tx = torch.from_numpy(x)
    ty = torch.empty_like(tx)
    F = torch.nn.functional
    nn = torch._C._nn

    def with_out(fn, fallback):
        """The preallocated-output variant where torch has one, else compute then copy."""
        try:
            fn()
            return fn
        except (TypeError, RuntimeError, AttributeError):
            return fallback

    torch_fns = {
        "relu": lambda: torch.clamp(tx, min=0, out=ty),
        "sigmoid": lambda: torch.sigmoid(tx, out=ty),
        "tanh": lambda: torch.tanh(tx, out=ty),
        "gelu": with_out(lambda: nn.gelu(tx, out=ty), lambda: ty.copy_(F.gelu(tx))),
        "softplus": with_out(lambda: nn.softplus(tx, 1, 20, out=ty),
                             lambda: ty.copy_(F.softplus(tx))),
        "mish": with_out(lambda: nn.mish(tx, out=ty), lambda: ty.copy_(F.mish(tx))),
        "elu": with_out(lambda: nn.elu(tx, out=ty), lambda: ty.copy_(F.elu(tx))),
    }
    out["torch"] = {k: N / median_seconds(f) for k, f in torch_fns.items()}
    out["torch_copy_gb_per_s"] = 2 * 4 * N / median_seconds(lambda: ty.copy_(tx))
    out["torch_version"] = torch.__version__
except ImportError:
    out["torch"] = None

# Histogram of 10⁷ samples, 100 bins.
h = np.random.default_rng(0).standard_normal(min(N, 10_000_000)).astype(np.float32)
out["numpy_histogram_samples_per_second"] = len(h) / median_seconds(lambda: np.histogram(h, 100))
print(json.dumps(out))
