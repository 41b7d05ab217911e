#!/usr/bin/env python3
"""The Softmax tab in the real window under Xvfb (GLFW, the window's own GL): the window saves
its screenshot (--screenshot) with a session that opens the tab, and the bars on screen are
measured against numpy: the heights of the stable p bars are an affine image of numpy's
softmax; with logits (1000, 0, -1000) and the naive float32 toggle, the failed column (red)
is on screen, and with tame logits it is not.
Run inside xvfb-run. Usage: softmax_window_test.py ACTVIZ"""
import json
import os
import tempfile
import unittest

import numpy as np
from PIL import Image

from testmain import main, run

STABLE = np.array([86, 156, 245])  # figure/softmax_plots.hpp kStableBar
FAILED = np.array([232, 72, 64])   # kNaiveFailed, drawn at alpha 150/255


def shot(session):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "session.json")
        out = os.path.join(d, "shot.png")
        with open(path, "w") as f:
            json.dump(session, f)
        p = run(["--screenshot", out, "--size", "1280x800", "--session", path], timeout=120,
                env={"XDG_CONFIG_HOME": d})
        if p.returncode != 0:
            raise AssertionError(f"--screenshot exited {p.returncode}: {p.stderr}")
        return np.asarray(Image.open(out).convert("RGB")).astype(int)


def softmax_session(logits, naive):
    reach = 1000 if max(abs(z) for z in logits) > 100 else 10
    return {"version": 1, "ui": {"tab": 6},
            "softmax": {"logits": logits, "reach": reach, "naive": naive, "show_log": True}}


def near(img, colour, tol):
    return np.abs(img - colour).sum(axis=2) < tol


class SoftmaxWindow(unittest.TestCase):
    def test_stable_bars_are_numpys_softmax(self):
        z = np.array([2.0, 1.0, 0.1, -1.0, 0.5])
        img = shot(softmax_session(z.tolist(), False))
        h, w, _ = img.shape
        # The p plot is the left one of the top row: the left half of the views, upper half.
        region = near(img[: h // 2, : w * 3 // 4], STABLE, 30)
        cols = np.where(region.sum(axis=0) > 3)[0]
        runs = np.split(cols, np.where(np.diff(cols) > 1)[0] + 1)
        runs = [r for r in runs if len(r) > 10][: len(z)]  # the bars, left to right
        self.assertEqual(len(runs), len(z), "one bar per logit")
        # A bar's height: blue pixels in its middle column (the dot on top adds a constant).
        heights = np.array([region[:, r[len(r) // 2]].sum() for r in runs], dtype=float)
        p = np.exp(z - z.max())
        p /= p.sum()
        a, b = np.polyfit(p, heights, 1)
        self.assertGreater(a, 100)  # a real plot, not a sliver
        np.testing.assert_allclose(a * p + b, heights, atol=2.0)

    def test_naive_float32_fails_visibly_at_1000_0_minus_1000(self):
        red = FAILED * 150 / 255 + np.array([26, 29, 35]) * 105 / 255  # over the plot area
        bad = shot(softmax_session([1000.0, 0.0, -1000.0], True))
        tame = shot(softmax_session([2.0, 1.0, 0.1], True))
        # The failed entry is a full-height red column in the p and log p plots.
        self.assertGreater(near(bad, red, 30).sum(), 2 * 150 * 20)
        self.assertLess(near(tame, red, 30).sum(), 300)  # only the legend's swatch
        # The stable bar of p1 = 1 is there too.
        self.assertGreater(near(bad, STABLE, 30).sum(), 150 * 20)


if __name__ == "__main__":
    main("ACTVIZ")
