#!/usr/bin/env python3
"""The notebook figure that `actviz figure` replaces, as a peer for bench/compare.sh: GELU and
its derivative, histograms of 1000 normal samples before and after, a 512² photo and its
activation map, 3×2 at 1200×1200 px (matplotlib Agg, numpy, scipy-free erf via math).
Timed from a fresh process, imports included, as a user runs it. Usage: notebook_figure.py PHOTO OUT"""
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

photo, out = sys.argv[1], sys.argv[2]
erf = np.vectorize(math.erf)


def gelu(x):
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def dgelu(x):
    return 0.5 * (1 + erf(x / math.sqrt(2))) + x * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


x = np.linspace(-6, 6, 1000)
samples = np.random.default_rng(0).standard_normal(1000)
img = plt.imread(photo)
gray = img if img.ndim == 2 else img[..., :3] @ np.array([0.299, 0.587, 0.114])
xs = gray - np.median(gray)
fig, ax = plt.subplots(3, 2, figsize=(12, 12), dpi=100)
ax[0, 0].plot(x, gelu(x)); ax[0, 0].set_title("GELU"); ax[0, 0].grid(True)  # noqa: E702
ax[0, 1].plot(x, dgelu(x)); ax[0, 1].set_title("GELU′"); ax[0, 1].grid(True)  # noqa: E702
ax[1, 0].hist(samples, bins=100); ax[1, 0].set_title("input x ~ N(0, 1)")  # noqa: E702
ax[1, 1].hist(gelu(samples), bins=100); ax[1, 1].set_title("output f(x)")  # noqa: E702
ax[2, 0].imshow(gray, cmap="gray"); ax[2, 0].set_title("original")  # noqa: E702
ax[2, 1].imshow(gelu(xs), cmap="gray"); ax[2, 1].set_title("activation map")  # noqa: E702
fig.tight_layout()
fig.savefig(out)
