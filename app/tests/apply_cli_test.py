#!/usr/bin/env python3
"""`actviz apply` end to end (spec/cli.md) through the real binary, against an independent
computation of the whole pipeline with numpy and PIL: decode (PIL, or the generating array),
gray formula, numpy.median / mean, gain, the activation in float64 from the formulas of
spec/activations.md, min/max or LO:HI mapping to 8 bits, the colormaps' ends; the .npy layout;
bad files (exit 1, one line, no output, an existing output untouched); usage errors (exit 2).
Negative controls check that the comparison would catch a wrong gray formula, centre or depth.
Usage: apply_cli_test.py ACTVIZ_BINARY ASSETS_DIR"""
import math
import os
import shutil
import struct
import tempfile
import unittest
import zlib

import numpy as np
from PIL import Image

from testmain import expect_usage, main, run

ASSETS = None
TMP = None  # this run's files, removed at the end


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="actviz_apply_test_")


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)

# ---- the reference pipeline -----------------------------------------------------------------

GRAY_MODES = ["luma601", "luma709", "mean", "red", "green", "blue"]
CENTER_MODES = ["median", "mean", "none", "0.25", "-0.5"]


def f32(v):
    """A parameter as the float32 kernels see it (spec: parameters rounded to float)."""
    return float(np.float32(v))


_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def activation(name, x, alpha=None, beta=None):
    """f(x) in float64 from spec/activations.md."""
    if name == "relu":
        return np.where(x > 0, x, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    if name == "elu":
        a = f32(1.0 if alpha is None else alpha)
        return np.where(x > 0, x, a * np.expm1(np.minimum(x, 0)))
    if name == "gelu":  # x·Φ(x), Φ(x) = erfc(−x/√2)/2 (no cancellation for x < 0)
        return x * 0.5 * _erfc(-x / math.sqrt(2.0))
    if name == "softplus":  # (1/β)·ln(1 + e^(βx)), as logaddexp(0, βx)/β
        b = f32(1.0 if beta is None else beta)
        return np.logaddexp(0.0, b * x) / b
    if name == "linear":
        return x
    if name == "logit":
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.log(x / (1.0 - x))
        y = np.where((x < 0) | (x > 1), np.nan, y)
        return y
    raise ValueError(name)


def read_bytes(path):
    with open(path, "rb") as fh:
        return fh.read()


def stored_values(path):
    """The stored samples of an image file scaled to [0,1] (float64, H×W×C), decoded by PIL."""
    with Image.open(path) as im:
        return _stored(im)


def _stored(im):
    im.seek(0)  # GIF: the first frame
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        return np.asarray(im, dtype=np.float64)[:, :, None] / 65535.0
    if im.mode in ("L", "LA"):
        return np.asarray(im.convert("L"), dtype=np.float64)[:, :, None] / 255.0
    return np.asarray(im.convert("RGB"), dtype=np.float64) / 255.0


def gray_of(s, mode):
    """v in float64 from stored values s (H×W×C in [0,1]); gray images are their own gray."""
    if s.shape[2] <= 2:
        return s[:, :, 0]
    r, g, b = s[:, :, 0], s[:, :, 1], s[:, :, 2]
    return {"luma601": lambda: 0.299 * r + 0.587 * g + 0.114 * b,
            "luma709": lambda: 0.2126 * r + 0.7152 * g + 0.0722 * b,
            "mean": lambda: (r + g + b) / 3.0,
            "red": lambda: r, "green": lambda: g, "blue": lambda: b}[mode]()


def reference(s, gray="luma601", center="median", gain=1.0, fn="relu", **params):
    """(x32, y64): the pre-activation as float32, and f of it in float64."""
    v = gray_of(s, gray).astype(np.float32).astype(np.float64)  # gray is stored as float
    if center == "median":
        c = float(np.median(v))
    elif center == "mean":
        c = float(np.mean(v))
    elif center == "none":
        c = 0.0
    else:
        c = float(center)
    x32 = (gain * (v - c)).astype(np.float32)
    return x32, activation(fn, x32.astype(np.float64), **params)


def mismatch(y, ref, ulps=8):
    """None if float32 y is within `ulps` float32 ULPs of float64 ref everywhere (NaN where ref
    is NaN, equal infinities), else a description of the worst pixel."""
    if y.shape != ref.shape:
        return "shape %s, expected %s" % (y.shape, ref.shape)
    yd = y.astype(np.float64)
    nan_ref, nan_y = np.isnan(ref), np.isnan(yd)
    if (nan_ref != nan_y).any():
        i = np.argwhere(nan_ref != nan_y)[0]
        return "NaN mismatch at %s: got %r, expected %r" % (tuple(i), yd[tuple(i)], ref[tuple(i)])
    ok = ~nan_ref
    inf = ok & np.isinf(ref)
    if (yd[inf] != ref[inf]).any():
        return "infinity mismatch"
    fin = ok & ~np.isinf(ref)
    ulp = np.spacing(np.abs(ref[fin]).astype(np.float32)).astype(np.float64)
    err = np.abs(yd[fin] - ref[fin])
    tol = ulps * ulp + 1.2e-38  # results below float32's normal range may flush to zero
    if (err > tol).any():
        k = int(np.argmax(err / tol))
        return "worst error %.3g (%.1f ULP) at value %r, expected %r" % (
            err[k], err[k] / ulp[k], yd[fin][k], ref[fin][k])
    return None


def index_of(y, lo, hi):
    """The 8-bit index of spec: t = (y − lo)/(hi − lo) clipped, round(t·255); NaN → 0."""
    with np.errstate(invalid="ignore"):
        if hi > lo:
            t = np.clip((y - lo) / (hi - lo), 0.0, 1.0)
        else:
            t = np.where(np.isinf(y), (y > 0).astype(np.float64), 0.5)
        idx = np.floor(t * 255 + 0.5)
    return np.where(np.isnan(y), 0, idx).astype(np.int64)


# ---- files ----------------------------------------------------------------------------------

def png16(path, arr):
    """A 16-bit PNG written here (PIL cannot write 16-bit RGB): gray, gray+alpha, RGB, RGBA."""
    h, w = arr.shape[:2]
    c = 1 if arr.ndim == 2 else arr.shape[2]
    colour = {1: 0, 2: 4, 3: 2, 4: 6}[c]
    raw = b"".join(b"\x00" + arr[i].astype(">u2").tobytes() for i in range(h))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    with open(path, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n" +
                 chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, colour, 0, 0, 0)) +
                 chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def tmp(name):
    return os.path.join(TMP, name)


def save(arr, name, mode=None, **kw):
    p = tmp(name)
    (Image.fromarray(arr, mode) if mode else Image.fromarray(arr)).save(p, **kw)
    return p


_counter = [0]


def apply(image, gray=None, center=None, gain=None, fn=None, extra=(), cmap=None, rng=None):
    """Runs apply with --raw and --out; returns (y float32 H×W, png array)."""
    _counter[0] += 1
    out, raw = tmp("out%d.png" % _counter[0]), tmp("out%d.npy" % _counter[0])
    args = ["--image", image, "--out", out, "--raw", raw]
    for opt, val in (("--gray", gray), ("--center", center), ("--gain", gain),
                     ("--function", fn), ("--colormap", cmap), ("--range", rng)):
        if val is not None:
            args += [opt, str(val)]
    code, _, err = run(["apply"] + args + list(extra))
    if code != 0:
        raise AssertionError("apply %s exited %d: %s" % (args, code, err))
    y = np.load(raw, allow_pickle=False)
    assert y.dtype == np.dtype("<f4"), y.dtype
    assert y.flags["C_CONTIGUOUS"] and not np.isfortran(y)
    with Image.open(out) as im:
        png = np.asarray(im)
    os.remove(out)
    os.remove(raw)
    return y, png


# ---- the tests ------------------------------------------------------------------------------

class Pipeline(unittest.TestCase):
    """The .npy against the reference, and the 8-bit PNG against numpy's own mapping."""

    def expect(self, image, s, gray="luma601", center="median", gain=1.0, fn="relu",
               params=(), **kw):
        pdict = dict(params)
        extra = []
        for k, v in pdict.items():
            extra += ["--param", "%s=%r" % (k, v)]
        y, png = apply(image, gray, center, gain, fn, extra)
        h, w = s.shape[:2]
        self.assertEqual(y.shape, (h, w))
        x32, ref = reference(s, gray, center, gain, fn, **pdict)
        bad = mismatch(y, ref)
        self.assertIsNone(bad, "%s gray=%s center=%s gain=%s %s%s: %s" % (
            os.path.basename(image), gray, center, gain, fn, pdict, bad))
        # The PNG: numpy's own min/max mapping of the float32 map just checked (the range is
        # that of the float32 values: where f saturates, float64 would still vary). The same
        # double arithmetic gives the same levels, so equality is required, not ±1.
        yd = y.astype(np.float64)
        fin = yd[np.isfinite(yd)]
        lo, hi = (fin.min(), fin.max()) if fin.size else (0.0, 0.0)
        want = index_of(yd, lo, hi)
        self.assertEqual(png.dtype, np.uint8)
        self.assertEqual(png.shape, (h, w), "gray colormap: a 1-channel PNG")
        diff = np.abs(png.astype(np.int64) - want)
        self.assertEqual(int(diff.max()), 0, "PNG of %s %s" % (os.path.basename(image), fn))
        return y

    def test_shipped_photos_through_several_functions(self):
        cam = os.path.join(ASSETS, "camera.png")
        ast = os.path.join(ASSETS, "astronaut.png")
        sc, sa = stored_values(cam), stored_values(ast)
        self.assertEqual(sc.shape, (512, 512, 1))
        self.assertEqual(sa.shape, (512, 512, 3))
        for fn, params in (("relu", ()), ("sigmoid", ()), ("tanh", ()), ("gelu", ()),
                           ("elu", (("alpha", 0.7),)), ("softplus", (("beta", 2.5),))):
            self.expect(cam, sc, fn=fn, params=params, gain=4)
            self.expect(ast, sa, fn=fn, params=params, gain=3, center="mean")

    def test_defaults_are_luma601_median_gain1_relu(self):
        ast = os.path.join(ASSETS, "astronaut.png")
        out, raw = tmp("defaults.png"), tmp("defaults.npy")
        code, _, err = run(["apply", "--image", ast, "--out", out, "--raw", raw])
        self.assertEqual(code, 0, err)
        y = np.load(raw)
        self.assertIsNone(mismatch(y, reference(stored_values(ast))[1]))

    def test_every_gray_mode_and_centre_on_rgb(self):
        rng = np.random.default_rng(5)
        arr = rng.integers(0, 256, size=(30, 40, 3), dtype=np.uint8)  # 1200 pixels: even
        p = save(arr, "rgb.png")
        s = arr.astype(np.float64) / 255
        for gray in GRAY_MODES:
            for center in CENTER_MODES:
                self.expect(p, s, gray=gray, center=center, gain=2.5, fn="tanh")
        ast = os.path.join(ASSETS, "astronaut.png")
        sa = stored_values(ast)
        for gray in GRAY_MODES:
            self.expect(ast, sa, gray=gray, fn="sigmoid", gain=6)

    def test_gray_8bit_is_its_own_gray_in_every_mode(self):
        rng = np.random.default_rng(6)
        arr = rng.integers(0, 256, size=(23, 37), dtype=np.uint8)  # odd sizes, odd count
        p = save(arr, "gray.png")
        s = (arr.astype(np.float64) / 255)[:, :, None]
        ys = [self.expect(p, s, gray=g, center="median", fn="elu", params=(("alpha", 1.5),))
              for g in GRAY_MODES]
        for y in ys[1:]:
            np.testing.assert_array_equal(y, ys[0])
        for center in CENTER_MODES:
            self.expect(p, s, center=center, fn="gelu", gain=3)

    def test_rgba_ignores_alpha(self):
        rng = np.random.default_rng(7)
        arr = rng.integers(0, 256, size=(13, 17, 4), dtype=np.uint8)
        p = save(arr, "rgba.png")
        q = save(np.ascontiguousarray(arr[:, :, :3]), "rgba_as_rgb.png")
        s = arr[:, :, :3].astype(np.float64) / 255
        for gray in ("luma601", "mean", "blue"):
            y = self.expect(p, s, gray=gray, fn="softplus", gain=5)
            y_rgb, _ = apply(q, gray=gray, fn="softplus", gain=5)
            np.testing.assert_array_equal(y, y_rgb)
        la = save(np.ascontiguousarray(arr[:, :, (0, 3)]), "la.png", "LA")
        self.expect(la, s[:, :, :1], gray="luma709", fn="tanh", gain=2)

    def test_sixteen_bit_gray_and_rgb_keep_all_bits(self):
        rng = np.random.default_rng(8)
        g16 = rng.integers(0, 65536, size=(20, 31), dtype=np.uint16)
        g16[0, 0], g16[0, 1] = 0, 65535
        p = tmp("gray16.png")
        Image.fromarray(g16, "I;16").save(p)
        s = stored_values(p)  # PIL's decode of it
        np.testing.assert_array_equal(s[:, :, 0], g16 / 65535.0)
        for center in CENTER_MODES:
            self.expect(p, s, center=center, gain=20, fn="tanh")
        rgb16 = rng.integers(0, 65536, size=(7, 9, 3), dtype=np.uint16)
        q = tmp("rgb16.png")
        png16(q, rgb16)
        s3 = rgb16.astype(np.float64) / 65535
        for gray in GRAY_MODES:
            self.expect(q, s3, gray=gray, gain=20, fn="sigmoid")
        rgba16 = np.concatenate([rgb16, rng.integers(0, 65536, (7, 9, 1), np.uint16)], axis=2)
        r = tmp("rgba16.png")
        png16(r, rgba16)
        self.expect(r, s3, gray="luma601", gain=20, fn="sigmoid")

    def test_odd_sizes(self):
        rng = np.random.default_rng(9)
        for shape in ((1, 1), (1, 9), (9, 1), (5, 3), (3, 5), (2, 2)):
            arr = rng.integers(0, 256, size=shape + (3,), dtype=np.uint8)
            p = save(arr, "odd_%dx%d.png" % shape)
            s = arr.astype(np.float64) / 255
            for center in ("median", "mean"):
                self.expect(p, s, center=center, gain=3, fn="gelu")
        # 1×1 centred on itself is the constant 0: mid-gray, not a division by zero.
        y, png = apply(save(np.full((1, 1, 3), 77, np.uint8), "one.png"))
        self.assertEqual(y.tolist(), [[0.0]])
        self.assertEqual(png.tolist(), [[128]])

    def test_median_of_even_count_is_mean_of_middle_two(self):
        # Hand-computed: values 10, 20, 30, 200 → median (20 + 30)/2 = 25 levels.
        arr = np.array([[200, 10], [30, 20]], np.uint8)
        p = save(arr, "even.png")
        y, _ = apply(p, fn="linear", center="median")
        v = (arr / 255.0).astype(np.float32).astype(np.float64)
        c = (np.float64(np.float32(20 / 255)) + np.float64(np.float32(30 / 255))) / 2
        np.testing.assert_array_equal(y, (v - c).astype(np.float32))
        self.assertAlmostEqual(float(y[1, 1]), (20 - 25) / 255, places=7)
        # Odd count: 10, 20, 30 → 20.
        p3 = save(np.array([[30, 10, 20]], np.uint8), "odd3.png")
        y3, _ = apply(p3, fn="linear")
        self.assertEqual(float(y3[0, 2]), 0.0)
        self.assertAlmostEqual(float(y3[0, 0]), 10 / 255, places=7)

    def test_other_formats(self):
        rng = np.random.default_rng(10)
        arr = rng.integers(0, 256, size=(11, 14, 3), dtype=np.uint8)
        gray = rng.integers(0, 256, size=(11, 14), dtype=np.uint8)
        s, sg = arr.astype(np.float64) / 255, (gray.astype(np.float64) / 255)[:, :, None]
        for name, a, ss in (("rgb.bmp", arr, s), ("rgb.tga", arr, s), ("rgb.ppm", arr, s),
                            ("gray.pgm", gray, sg), ("gray.tga", gray, sg)):
            self.expect(save(a, name), ss, fn="tanh", gain=3, gray="luma709")
        # 16-bit PGM (big-endian samples; Debian's stb 2.27 reads them in host order).
        g16 = rng.integers(0, 65536, size=(5, 6), dtype=np.uint16)
        p16 = tmp("gray16.pgm")
        with open(p16, "wb") as fh:
            fh.write(b"P5\n6 5\n65535\n" + g16.astype(">u2").tobytes())
        np.testing.assert_array_equal(stored_values(p16)[:, :, 0], g16 / 65535.0)
        self.expect(p16, (g16 / 65535.0)[:, :, None], fn="tanh", gain=20)
        # GIF: the first frame of two (palette images; PIL decodes the same palette).
        frames = [Image.fromarray(gray), Image.fromarray(255 - gray)]
        g = tmp("two.gif")
        frames[0].save(g, save_all=True, append_images=frames[1:])
        self.expect(g, stored_values(g), fn="relu", center="none")
        # JPEG: decoders may differ by a level or so, so only closeness is checked.
        j = save(arr, "photo.jpg", quality=95)
        y, _ = apply(j, fn="linear", center="none")
        self.assertLess(float(np.abs(y - gray_of(stored_values(j), "luma601")).max()), 4 / 255)

    def test_fixed_range_clips(self):
        cam = os.path.join(ASSETS, "camera.png")
        y, png = apply(cam, fn="tanh", gain=4, rng="-0.5:0.25")
        want = index_of(y.astype(np.float64), -0.5, 0.25)
        self.assertLessEqual(int(np.abs(png.astype(np.int64) - want).max()), 1)
        self.assertTrue((png == 0).any() and (png == 255).any())  # both ends clip

    def test_nan_and_infinite_outputs(self):
        # logit of x = 2v: −∞ at 0, +∞ at x = 1, NaN above; auto range over the finite values.
        arr = np.array([[0, 60, 127, 128, 200, 255]], np.uint8)
        arr[0, 2] = 127  # 2·127/255 < 1
        p = save(np.repeat(arr, 2, axis=0), "logit.png")
        y, png = apply(p, fn="logit", center="none", gain=2)
        x = (2 * (arr[0] / 255.0).astype(np.float32).astype(np.float64)).astype(np.float32)
        ref = activation("logit", x.astype(np.float64))
        self.assertIsNone(mismatch(y[0], ref))
        self.assertEqual(y[0, 0], -np.inf)
        self.assertTrue(np.isnan(y[0, 3:]).all())
        fin = ref[np.isfinite(ref)]
        want = index_of(ref, fin.min(), fin.max())
        self.assertEqual(png[0].tolist(), want.tolist())  # −∞ → 0, NaN → 0
        _, vir = apply(p, fn="logit", center="none", gain=2, cmap="viridis")
        self.assertEqual(vir[0, 4].tolist(), [0, 0, 0], "NaN is black in colour maps")
        self.assertLessEqual(int(np.abs(vir[0, 0].astype(int) - [0x44, 0x01, 0x54]).max()), 2)

    def test_constant_map_is_mid_gray(self):
        p = save(np.full((5, 3), 90, np.uint8), "const.png")
        y, png = apply(p, fn="sigmoid")
        self.assertTrue((y == 0.5).all())
        self.assertTrue((png == 128).all())

    def test_colormaps(self):
        ramp = np.tile(np.arange(256, dtype=np.uint8), (3, 1))
        p = save(ramp, "ramp.png")
        yg, gray = apply(p, fn="relu", center="none")
        self.assertEqual(gray[0].tolist(), list(range(256)))
        _, vir = apply(p, fn="relu", center="none", cmap="viridis")
        self.assertEqual(vir.shape, (3, 256, 3))
        near = lambda c, hexrgb: int(np.abs(c.astype(int) - [int(hexrgb[i:i + 2], 16)
                                                              for i in (0, 2, 4)]).max()) <= 2
        self.assertTrue(near(vir[0, 0], "440154"), vir[0, 0])
        self.assertTrue(near(vir[0, 255], "FDE725"), vir[0, 255])
        self.assertTrue(near(vir[0, 128], "21918C"), vir[0, 128])
        # viridis is perceptually ordered: its luminance rises along the ramp.
        lum = vir[0].astype(float) @ [0.2126, 0.7152, 0.0722]
        self.assertTrue((np.diff(lum) > -1.0).all())
        self.assertGreater(lum[255] - lum[0], 150)
        # coolwarm over −1..1 around 0: blue end, light gray at 0, red end.
        _, cw = apply(p, fn="linear", center="0.5", gain=2, cmap="coolwarm", rng="-1:1")
        self.assertEqual(cw.shape, (3, 256, 3))
        self.assertTrue(near(cw[0, 0], "3B4CC0"), cw[0, 0])
        self.assertTrue(near(cw[0, 255], "B40426"), cw[0, 255])
        mid = cw[0, 127:129].astype(int)
        self.assertTrue((np.abs(mid - 221) <= 2).all(), mid)
        self.assertGreater(int(cw[0, 10, 2]), int(cw[0, 10, 0]))    # cool side: blue > red
        self.assertGreater(int(cw[0, 245, 0]), int(cw[0, 245, 2]))  # warm side: red > blue
        # Every colour map is a function of the gray index.
        for cmap in (vir, cw):
            _, g2 = apply(p, fn="linear", center="0.5", gain=2, rng="-1:1") if cmap is cw \
                else (None, gray)
            for k in range(0, 256, 17):
                cols = cmap[g2 == k]
                if len(cols):
                    self.assertTrue((cols == cols[0]).all())


class NegativeControls(unittest.TestCase):
    """The comparison is sharp enough to catch the mistakes it is there for."""

    def test_wrong_gray_centre_or_depth_would_fail(self):
        ast = os.path.join(ASSETS, "astronaut.png")
        sa = stored_values(ast)
        y, _ = apply(ast, fn="tanh", gain=3)
        self.assertIsNone(mismatch(y, reference(sa, fn="tanh", gain=3)[1]))
        self.assertIsNotNone(mismatch(y, reference(sa, gray="luma709", fn="tanh", gain=3)[1]))
        self.assertIsNotNone(mismatch(y, reference(sa, center="mean", fn="tanh", gain=3)[1]))
        # An 8-bit rounding of the gray in between would be caught.
        v8 = np.round(gray_of(sa, "luma601") * 255) / 255
        self.assertIsNotNone(mismatch(y, reference(v8[:, :, None], fn="tanh", gain=3)[1]))
        # A 16-bit image read as 8 bits would be caught.
        g16 = np.random.default_rng(11).integers(0, 65536, (9, 9), np.uint16)
        p = tmp("neg16.png")
        png16(p, g16)
        y16, _ = apply(p, fn="linear", gain=50)
        self.assertIsNone(mismatch(y16, reference((g16 / 65535.0)[:, :, None], gain=50,
                                                  fn="linear")[1]))
        self.assertIsNotNone(mismatch(y16, reference(((g16 >> 8) / 255.0)[:, :, None], gain=50,
                                                     fn="linear")[1]))


class NpyLayout(unittest.TestCase):
    def test_header_bytes_match_numpy(self):
        arr = np.random.default_rng(12).integers(0, 256, (5, 3), np.uint8)
        p = save(arr, "npy.png")
        raw = tmp("layout.npy")
        code, _, err = run(["apply", "--image", p, "--out", tmp("layout.png"), "--raw", raw])
        self.assertEqual(code, 0, err)
        data = read_bytes(raw)
        self.assertEqual(data[:8], b"\x93NUMPY\x01\x00")
        hlen = struct.unpack("<H", data[8:10])[0]
        self.assertEqual((10 + hlen) % 64, 0)
        header = data[10:10 + hlen].decode("latin1")
        self.assertTrue(header.startswith(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (5, 3), }"), header)
        self.assertTrue(header.endswith("\n") and header[:-1].rstrip(" ").endswith("}"))
        self.assertEqual(len(data), 10 + hlen + 5 * 3 * 4)
        y = np.load(raw)
        import io
        buf = io.BytesIO()
        np.save(buf, y)
        self.assertEqual(buf.getvalue(), data, "byte for byte what numpy.save writes")


class BadInput(unittest.TestCase):
    """Exit 1, one line on stderr naming the problem, no output; existing outputs untouched."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(dir=TMP)
        self.out = os.path.join(self.dir, "existing.png")
        self.raw = os.path.join(self.dir, "existing.npy")
        for f in (self.out, self.raw):
            with open(f, "wb") as fh:
                fh.write(b"keep me")

    def expect_failure(self, image, extra=(), words=()):
        for out, raw in ((self.out, self.raw),
                         (os.path.join(self.dir, "new.png"), os.path.join(self.dir, "new.npy"))):
            code, stdout, err = run(["apply", "--image", image, "--out", out, "--raw", raw] +
                                    list(extra))
            self.assertEqual(code, 1, "%s: %s" % (image, err))
            lines = err.strip().splitlines()
            self.assertEqual(len(lines), 1, err)
            self.assertTrue(lines[0].startswith("actviz: "), err)
            for w in words:
                self.assertIn(w, lines[0])
            self.assertEqual(stdout, "")
        self.assertEqual(sorted(os.listdir(self.dir)), ["existing.npy", "existing.png"])
        for f in (self.out, self.raw):
            self.assertEqual(read_bytes(f), b"keep me")

    def test_bad_files(self):
        good = os.path.join(ASSETS, "camera.png")
        data = read_bytes(good)
        trunc = tmp("truncated.png")
        with open(trunc, "wb") as fh:
            fh.write(data[:len(data) // 3])
        self.expect_failure(trunc, words=("truncated.png", "PNG"))
        head_only = tmp("header_only.png")
        with open(head_only, "wb") as fh:
            fh.write(data[:20])
        self.expect_failure(head_only, words=("header_only.png",))
        text = tmp("text.png")
        with open(text, "w") as fh:
            fh.write("this is not a picture\n")
        self.expect_failure(text, words=("text.png", "supported"))
        empty = tmp("empty.png")
        open(empty, "wb").close()
        self.expect_failure(empty, words=("empty",))
        self.expect_failure(self.dir, words=("directory",))
        self.expect_failure(tmp("no_such_file.png"), words=("no_such_file.png",))
        psd = tmp("fake.psd")
        with open(psd, "wb") as fh:
            fh.write(b"8BPS" + b"\0" * 40)
        self.expect_failure(psd)

    def test_over_max_pixels(self):
        p = save(np.zeros((20, 20), np.uint8), "twenty.png")
        self.expect_failure(p, ["--max-pixels", "100"], words=("20×20", "100"))
        self.expect_failure(p, ["--max-pixels", "399"])
        code, _, err = run(["apply", "--image", p, "--out", tmp("ok400.png"), "--max-pixels",
                            "400"])
        self.assertEqual(code, 0, err)
        # A header claiming 30000×30000 is refused from the header alone, at once.
        hdr = tmp("huge.png")
        with open(hdr, "wb") as fh:
            ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
            fh.write(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr +
                     struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF))
        self.expect_failure(hdr, words=("30000×30000", "100000000"))

    def test_unwritable_output(self):
        p = save(np.zeros((4, 4), np.uint8), "small.png")
        code, _, err = run(["apply", "--image", p, "--out",
                            os.path.join(TMP, "no", "dir", "x.png")])
        self.assertEqual(code, 1, err)
        self.assertEqual(len(err.strip().splitlines()), 1)


class UsageErrors(unittest.TestCase):
    def test_exit_2_and_no_output(self):
        cam = os.path.join(ASSETS, "camera.png")
        out = tmp("usage.png")
        cases = [["--center", "bogus"], ["--center", "nan"], ["--center", "inf"],
                 ["--center", ""], ["--range", "5:1"], ["--range", "1:1"], ["--range", "abc"],
                 ["--range", "0:nan"], ["--range", "-inf:1"], ["--range", "1"],
                 ["--gain", "inf"], ["--gain", "nan"], ["--gain", "x"],
                 ["--function", "nope"], ["--gray", "purple"], ["--colormap", "jet"],
                 ["--function", "elu", "--param", "alpha=nan"], ["--max-pixels", "0"],
                 ["--raw", out]]
        for c in cases:
            expect_usage(self, ["apply", "--image", cam, "--out", out] + c, prefix="actviz: ")
            self.assertFalse(os.path.exists(out), c)
        code, _, err = run(["apply", "--image", cam, "--out", out, "--function", "nope"])
        self.assertIn("relu", err)  # names the valid functions
        code, _, err = run(["apply", "--image", cam])  # --out is required
        self.assertEqual(code, 2)

    def test_range_accepts_negative_bounds(self):
        cam = os.path.join(ASSETS, "camera.png")
        code, _, err = run(["apply", "--image", cam, "--out", tmp("neg.png"), "--range", "-2:-0.5"])
        self.assertEqual(code, 0, err)


if __name__ == "__main__":
    main("ACTVIZ", "ASSETS")
