#!/usr/bin/env python3
"""`actviz figure` end to end with no display: the PNG has the requested size; the f and f′
panels hold curves whose rows are an affine function of the core's values in every column
(whatever y range was fitted); the histogram panels hold histograms; the photo and map panels
match the photo and `actviz apply`'s map, downscaled. Usage: figure_cli_test.py ACTVIZ ASSETS"""
import math
import os
import shutil
import tempfile
import unittest

import numpy as np
from PIL import Image

from testmain import HEADLESS, main, run

ASSETS = None
CURVE = np.array([31, 95, 168])     # the function's colour in the light theme
FRAME = np.array([170, 175, 184])   # the plot frame


def tempdir(test):
    """A fresh directory removed when the test ends."""
    d = tempfile.mkdtemp(prefix="actviz-figure-test-")
    test.addCleanup(shutil.rmtree, d, True)
    return d


def load(path):
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def cells(img):
    """The six panels: 3 rows × 2 columns below the title line."""
    h, w, _ = img.shape
    top = int(h * 0.045)
    rh, cw = (h - top) / 3, w / 2
    return [[(int(c * cw), int(top + r * rh), int((c + 1) * cw), int(top + (r + 1) * rh))
             for c in range(2)] for r in range(3)]


def plot_area(img, cell):
    """The frame of the plot in a cell: columns and rows that are mostly frame colour."""
    x0, y0, x1, y1 = cell
    sub = img[y0:y1, x0:x1]
    # Long gray lines (the frame, and the grid inside it): the outermost are the frame. The
    # 1-px frame is anti-aliased and may fall between two pixel rows, so "gray and darker than
    # the light minor grid" is the test, not the exact frame colour.
    is_frame = (sub.sum(axis=2) < 700) & ((sub.max(axis=2) - sub.min(axis=2)) < 25)
    cols = np.where(is_frame.sum(axis=0) > 0.5 * (y1 - y0))[0]
    rows = np.where(is_frame.sum(axis=1) > 0.5 * (x1 - x0))[0]
    return x0 + cols.min(), y0 + rows.min(), x0 + cols.max(), y0 + rows.max()


def curve_rows(img, area):
    """For each column of the plot area, the mean row of the curve's colour (or None)."""
    ax0, ay0, ax1, ay1 = area
    out = []
    for col in range(ax0 + 3, ax1 - 3):
        rows = np.where(np.abs(img[ay0 + 1:ay1, col] - CURVE).sum(axis=1) < 60)[0]
        out.append((col, ay0 + 1 + rows.mean()) if len(rows) else (col, None))
    return out


def eval_core(function, xs, derivative):
    args = ["eval", "--function", function] + (["--derivative"] if derivative else [])
    p = run(args, "\n".join(map(repr, xs)), timeout=60)
    return [float(v) for v in p.stdout.split()]


class Figure(unittest.TestCase):
    def figure(self, function, size="1200x1200", extra=()):
        out = os.path.join(tempdir(self), "fig.png")
        p = run(["figure", "--function", function, "--size", size, "--out", out, *extra])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, "", "figure should be quiet on success")
        return out

    def test_requested_size_without_a_display(self):
        for size, wh in (("1200x1200", (1200, 1200)), ("800x1000", (800, 1000))):
            self.assertEqual(Image.open(self.figure("relu", size)).size, wh)

    def test_function_and_derivative_panels_draw_the_core_values(self):
        for function in ("gelu", "tanh", "softplus"):
            img = load(self.figure(function))
            grid = cells(img)
            for k, derivative in ((0, False), (1, True)):
                area = plot_area(img, grid[0][k])
                ax0, _, ax1, _ = area
                pts = [(c, r) for c, r in curve_rows(img, area) if r is not None]
                self.assertGreater(len(pts), 0.8 * (ax1 - ax0 - 6), f"{function}: curve missing")
                # x of each column: the plot spans [−6, 6] between the frame lines.
                xs = [-6 + 12 * (c + 0.5 - ax0) / (ax1 - ax0) for c, _ in pts]
                ys = eval_core(function, xs, derivative)
                rows = np.array([r for _, r in pts])
                A = np.vstack([np.ones(len(ys)), ys]).T
                coef, *_ = np.linalg.lstsq(A, rows, rcond=None)
                pred = A @ coef
                resid = np.abs(pred - rows)
                # Where the curve is steep, half a column of x registration is worth
                # |dy/dcol|/2 pixels of y: allow that on top of 1.5 px.
                slope = np.abs(np.gradient(pred))
                self.assertLess(coef[1], 0, "y grows downwards on screen")
                self.assertLess(np.percentile(resid - 0.75 * slope, 99), 1.5,
                                f"{function} {'f′' if derivative else 'f'}: curve off the core "
                                f"values by {resid.max():.2f} px")

    def test_histogram_panels_hold_histograms(self):
        img = load(self.figure("sigmoid"))
        for cell in cells(img)[1]:
            x0, y0, x1, y1 = cell
            area = plot_area(img, cell)
            ax0, ay0, ax1, ay1 = area
            sub = img[ay0 + 2:ay1 - 1, ax0 + 2:ax1 - 1]
            # Stairs are drawn in a saturated or dark colour; grid and background are light.
            ink = (sub.sum(axis=2) < 450) | ((sub.max(axis=2) - sub.min(axis=2)) > 80)
            self.assertGreater(ink.sum(), 1500, "an empty histogram panel")
            # And they reach across the panel: a histogram, not a stray mark.
            cols = np.where(ink.any(axis=0))[0]
            self.assertGreater(cols.max() - cols.min(), 0.8 * (ax1 - ax0))

    def test_photo_and_map_panels_match_the_photo_and_apply(self):
        tmp = tempdir(self)
        camera = os.path.join(ASSETS, "camera.png")
        mapped = os.path.join(tmp, "map.png")
        p = run(["apply", "--function", "relu", "--image", camera, "--out", mapped])
        self.assertEqual(p.returncode, 0, p.stderr)
        img = load(self.figure("relu", extra=("--image", camera)))
        grid = cells(img)
        photo = np.asarray(Image.open(camera).convert("L")).astype(float)
        amap = np.asarray(Image.open(mapped).convert("L")).astype(float)
        for k, want, other in ((0, photo, amap), (1, amap, photo)):
            x0, y0, x1, y1 = grid[2][k]
            sub = img[y0 + 30:y1 - 5, x0 + 5:x1 - 5].mean(axis=2)
            # The image: the square region that is not white, inside the frame.
            # (left of the map's colour bar, which is taller than the image)
            nonwhite = np.where(sub[:, :int(sub.shape[1] * 0.75)] < 250)
            r0, r1 = nonwhite[0].min(), nonwhite[0].max()
            c0 = nonwhite[1].min()
            side = r1 - r0
            panel = sub[r0 + 2:r0 + side - 2, c0 + 2:c0 + side - 2]
            def down(a):
                return np.asarray(Image.fromarray(a.astype(np.uint8)).resize(
                    (panel.shape[1], panel.shape[0]), Image.BILINEAR)).astype(float)
            good, bad = down(want[2:-2, 2:-2]), down(other[2:-2, 2:-2])
            corr = np.corrcoef(panel.ravel(), good.ravel())[0, 1]
            wrong = np.corrcoef(panel.ravel(), bad.ravel())[0, 1]
            # The GPU minifies bilinearly (aliasing the relu map's noisy grass differently from
            # PIL's antialiased resize): require a clear match, and a better one than the
            # other image gives.
            print(f"panel {k}: corr {corr:.3f} (other image {wrong:.3f}), "
                  f"mean |diff| {np.abs(panel - good).mean():.1f}")
            self.assertGreater(corr, 0.8, f"panel {k} does not match")
            self.assertGreater(corr, wrong + 0.05, f"panel {k} matches the other image better")
            self.assertLess(np.abs(panel - good).mean(), 20)

    def test_usage_and_failures(self):
        out = os.path.join(tempdir(self), "x.png")
        self.assertEqual(run(["figure", "--size", "5000x100", "--out", out]).returncode, 2)
        self.assertEqual(run(["figure", "--function", "nope", "--out", out]).returncode, 2)
        p = run(["figure", "--image", "/nonexistent.png", "--out", out])
        self.assertEqual(p.returncode, 1)
        self.assertTrue(p.stderr.strip())
        self.assertFalse(os.path.exists(out))
        p = run(["figure", "--out", "/nonexistent-dir/x.png"])
        self.assertEqual(p.returncode, 1)

    def test_no_gl_at_all_is_a_clear_failure(self):
        # Hide every EGL vendor library: no context can be made.
        out = os.path.join(tempdir(self), "x.png")
        p = run(["figure", "--out", out], timeout=60,
                env={"__EGL_VENDOR_LIBRARY_FILENAMES": "/nonexistent/vendor.json", "DISPLAY": None})
        self.assertEqual(p.returncode, 1)
        self.assertIn("OpenGL", p.stderr)
        self.assertEqual(len(p.stderr.strip().split("\n")), 1)
        self.assertFalse(os.path.exists(out))

    def test_a_batch_leaves_no_temporary_files(self):
        d = tempdir(self)
        for f in ("relu", "sigmoid", "step"):
            self.assertEqual(run(["figure", "--function", f, "--size", "400x400", "--out",
                                  os.path.join(d, f + ".png")]).returncode, 0)
        self.assertEqual(sorted(os.listdir(d)), ["relu.png", "sigmoid.png", "step.png"])


if __name__ == "__main__":
    main("ACTVIZ", "ASSETS", env=HEADLESS)  # a figure is made with no display
