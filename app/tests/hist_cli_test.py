#!/usr/bin/env python3
"""`actviz hist` end to end through the real binary (spec/cli.md, issue 4): the --json schema
and defaults, determinism by seed, statistics and histograms against theory (moments,
integrals by mpmath, chi-square tests against exact CDFs derived here, with a negative control),
NaN outputs counted and never binned, constant outputs in one bin, usage errors, and --out
(a PNG of the requested size, quiet on success; nothing left behind on failure).
Usage: hist_cli_test.py ACTVIZ_BINARY"""
import json
import math
import os
import sys
import tempfile
import unittest

import mpmath as mp
from PIL import Image

from testmain import expect_usage, main, run

ALPHA = 1e-4  # chi-square tests reject below this p-value
STAT_KEYS = ("mean", "std", "min", "max", "zero_fraction", "saturated_fraction")
SPEC_NAMES = []  # every catalogue function, from `actviz list --json` (set in setUpModule)


def setUpModule():
    SPEC_NAMES.extend(f["name"] for f in json.loads(run(["list", "--json"])[1])["functions"]
                      if f["kind"] == "catalogue")


def reject_constant(name):
    raise ValueError(f"JSON has no {name}: the output is not valid JSON")


def hist_json(args):
    """Runs `actviz hist --json ARGS`, parses strictly (NaN/Infinity are not JSON)."""
    code, out, err = run(["hist", "--json"] + args)
    if code != 0:
        raise AssertionError(f"hist {args}: exit {code}: {err}")
    return json.loads(out, parse_constant=reject_constant)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def phi(z):
    return 0.5 * math.erfc(-z / math.sqrt(2))


def chi_square(edges, obs, cdf, total):
    """Pearson's chi-square of histogram counts `obs` over `edges` against `cdf(y, strict)`
    (P(Y <= y), or P(Y < y)); bins are [a, b) with the last closed; the mass outside the data's
    range joins the end bins; adjacent bins are merged until each expects >= 5.
    Returns (statistic, dof, p-value)."""
    b = len(obs)
    exp = [total * (cdf(edges[i + 1], i + 1 < b) - cdf(edges[i], True)) for i in range(b)]
    exp[0] += total * cdf(edges[0], True)
    exp[-1] += total * (1 - cdf(edges[-1], False))
    cells_o, cells_e, oa, ea = [], [], 0.0, 0.0
    for o, e in zip(obs, exp):
        oa += o
        ea += e
        if ea >= 5:
            cells_o.append(oa)
            cells_e.append(ea)
            oa = ea = 0.0
    if oa or ea:
        if cells_e:
            cells_o[-1] += oa
            cells_e[-1] += ea
        else:
            cells_o.append(oa)
            cells_e.append(ea)
    stat = 0.0
    for o, e in zip(cells_o, cells_e):
        stat += (o - e) ** 2 / e if e > 0 else (math.inf if o > 0 else 0.0)
    dof = len(cells_o) - 1
    if dof < 1:
        return stat, dof, 1.0
    if math.isinf(stat):
        return stat, dof, 0.0
    p = mp.gammainc(mp.mpf(dof) / 2, mp.mpf(stat) / 2, mp.inf, regularized=True)
    return stat, dof, float(p)


class Schema(unittest.TestCase):
    """Every document that a test reads goes through check_document."""

    def check_histogram(self, h, n, bins, output, label):
        for key in ("edges", "counts", "stats"):
            self.assertIn(key, h, label)
        edges, counts, stats = h["edges"], h["counts"], h["stats"]
        for key in STAT_KEYS:
            self.assertIn(key, stats, f"{label}: stats lacks {key}")
        if output:
            self.assertIn("grad_mean", h, f"{label}: no grad_mean at the output level")
            if "grad_mean" in stats:
                self.assertEqual(stats["grad_mean"], h["grad_mean"], label)
        finite = n - stats.get("nan_count", 0) - stats.get("inf_count", 0)
        self.assertTrue(all(isinstance(c, int) and not isinstance(c, bool) and c >= 0
                            for c in counts), f"{label}: counts {counts[:5]}...")
        self.assertEqual(sum(counts), finite, f"{label}: counts must hold the finite values")
        if finite == 0:
            self.assertEqual(counts, [], label)
            return
        self.assertTrue(all(is_number(e) for e in edges), f"{label}: edges")
        self.assertEqual(len(edges), len(counts) + 1, label)
        for key in ("mean", "std", "min", "max"):
            self.assertTrue(is_number(stats[key]), f"{label}: {key} = {stats[key]!r}")
        for key in ("zero_fraction", "saturated_fraction"):
            self.assertTrue(0 <= stats[key] <= 1, f"{label}: {key} = {stats[key]!r}")
        self.assertEqual(edges[0], stats["min"], f"{label}: first edge is the minimum")
        self.assertEqual(edges[-1], stats["max"], f"{label}: last edge is the maximum")
        self.assertGreaterEqual(stats["std"], 0, label)
        self.assertTrue(stats["min"] <= stats["mean"] <= stats["max"], label)
        if stats["min"] == stats["max"]:
            self.assertEqual(len(counts), 1, f"{label}: constant data is one bin [c, c]")
            self.assertEqual(stats["std"], 0, label)
        else:
            self.assertEqual(len(counts), bins, label)
            self.assertTrue(all(a < b for a, b in zip(edges, edges[1:])),
                            f"{label}: edges must increase")
            width = (edges[-1] - edges[0]) / bins
            for i, e in enumerate(edges):  # equal bins
                self.assertAlmostEqual(e, edges[0] + i * width,
                                       delta=1e-9 * (edges[-1] - edges[0]), msg=label)

    def check_document(self, doc, n, bins, label):
        self.assertIsInstance(doc, dict, label)
        self.assertIn("input", doc, label)
        self.assertIn("output", doc, label)
        self.check_histogram(doc["input"], n, bins, False, label + " input")
        self.check_histogram(doc["output"], n, bins, True, label + " output")
        # The input is never NaN, and every input is binned.
        self.assertEqual(sum(doc["input"]["counts"]), n, label)


class Json(Schema):
    def test_defaults_are_relu_1000_uniform_samples_of_scale_1_in_100_bins(self):
        doc = hist_json([])
        self.check_document(doc, 1000, 100, "defaults")
        self.assertEqual(len(doc["input"]["edges"]), 101)
        self.assertEqual(len(doc["output"]["counts"]), 100)
        self.assertEqual(sum(doc["input"]["counts"]), 1000)
        s = doc["input"]["stats"]
        # U(-1/2, 1/2): inside the interval, reaching near both ends (P(miss) = 0.95^1000),
        # std 1/sqrt(12) within 5 standard errors (sigma*sqrt(0.2/N)).
        self.assertTrue(-0.5 <= s["min"] < -0.45 and 0.45 < s["max"] <= 0.5, s)
        sd = 1 / math.sqrt(12)
        self.assertAlmostEqual(s["std"], sd, delta=5 * sd * math.sqrt(0.2 / 1000))
        self.assertAlmostEqual(s["mean"], 0, delta=5 * sd / math.sqrt(1000))
        # relu: the output starts at exactly 0 and about half of it is there.
        o = doc["output"]["stats"]
        self.assertEqual(o["min"], 0)
        self.assertAlmostEqual(o["zero_fraction"], 0.5, delta=5 * 0.5 / math.sqrt(1000))
        # Spelling the defaults out changes nothing.
        explicit = hist_json(["--function", "relu", "--dist", "uniform", "--samples", "1000",
                              "--bins", "100", "--scale", "1"])
        self.assertEqual(explicit["input"], doc["input"])
        self.assertEqual(explicit["output"], doc["output"])

    def test_same_seed_gives_identical_json_and_another_seed_other_counts(self):
        args = ["hist", "--json", "--function", "tanh", "--dist", "normal", "--samples",
                "5000", "--bins", "30"]
        a = run(args + ["--seed", "7"])
        b = run(args + ["--seed", "7"])
        c = run(args + ["--seed", "8"])
        self.assertEqual(a[0], 0)
        self.assertEqual(a[1], b[1], "same seed, same JSON")
        da = json.loads(a[1], parse_constant=reject_constant)
        dc = json.loads(c[1], parse_constant=reject_constant)
        self.check_document(da, 5000, 30, "seed 7")
        self.check_document(dc, 5000, 30, "seed 8")
        self.assertNotEqual(da["input"]["counts"], dc["input"]["counts"])
        self.assertNotEqual(da["output"]["counts"], dc["output"]["counts"])
        self.assertNotEqual(da["input"]["stats"]["mean"], dc["input"]["stats"]["mean"])

    def test_one_sample_is_one_bin_with_zero_std(self):
        for dist in ("uniform", "normal"):
            doc = hist_json(["--function", "sigmoid", "--samples", "1", "--dist", dist])
            self.check_document(doc, 1, 100, "N=1 " + dist)
            for side in ("input", "output"):
                h = doc[side]
                self.assertEqual(h["counts"], [1])
                self.assertEqual(h["edges"][0], h["edges"][1])
                self.assertEqual(h["stats"]["std"], 0)
                self.assertEqual(h["stats"]["mean"], h["edges"][0])
            x, y = doc["input"]["edges"][0], doc["output"]["edges"][0]
            self.assertAlmostEqual(y, 1 / (1 + math.exp(-x)), delta=1e-6)

    def test_constant_output_is_one_bin_c_c_holding_every_sample(self):
        # step with theta = 5 on U(-1/2, 1/2): every output is 0, every slope 0.
        n = 20000
        doc = hist_json(["--function", "step", "--theta", "5", "--samples", str(n)])
        self.check_document(doc, n, 100, "step theta=5")
        out = doc["output"]
        self.assertEqual(out["edges"], [0, 0])
        self.assertEqual(out["counts"], [n])
        s = out["stats"]
        self.assertEqual((s["mean"], s["std"], s["min"], s["max"]), (0, 0, 0, 0))
        self.assertEqual(s["zero_fraction"], 1)
        self.assertEqual(s["saturated_fraction"], 1)
        self.assertEqual(out["grad_mean"], 0)
        self.assertEqual(len(doc["input"]["counts"]), 100)  # the input is not constant


class Theory(Schema):
    N = 200000

    def test_relu_normal_half_zero_half_saturated_grad_mean_one_half(self):
        n, s = self.N, 2.0
        doc = hist_json(["--function", "relu", "--dist", "normal", "--scale", str(s),
                         "--samples", str(n), "--bins", "40", "--seed", "3"])
        self.check_document(doc, n, 40, "relu normal")
        i, o = doc["input"]["stats"], doc["output"]["stats"]
        rn = math.sqrt(n)
        self.assertAlmostEqual(i["mean"], 0, delta=5 * s / rn)
        self.assertAlmostEqual(i["std"], s, delta=5 * s / math.sqrt(2) / rn)
        self.assertAlmostEqual(o["zero_fraction"], 0.5, delta=5 * 0.5 / rn)
        self.assertAlmostEqual(o["saturated_fraction"], 0.5, delta=5 * 0.5 / rn)
        # E|relu'(X)| = P(X > 0) = 1/2; and exactly, slope 1 where the output is not 0.
        g = doc["output"]["grad_mean"]
        self.assertAlmostEqual(g, 0.5, delta=5 * 0.5 / rn)
        self.assertAlmostEqual(g + o["zero_fraction"], 1, delta=1e-12)
        # E[relu X] = S/sqrt(2 pi), Var = S^2/2 - E^2.
        mean = s / math.sqrt(2 * math.pi)
        var = s * s / 2 - mean * mean
        self.assertAlmostEqual(o["mean"], mean, delta=5 * math.sqrt(var / n))
        self.assertAlmostEqual(o["std"], math.sqrt(var), delta=0.01 * math.sqrt(var))
        # The histogram against P(Y <= y) = Phi(y/S) for y >= 0, the atom 1/2 at 0 included.
        def cdf(y, strict):
            return 0.0 if y < 0 or (y == 0 and strict) else phi(y / s)
        out = doc["output"]
        stat, dof, p = chi_square(out["edges"], out["counts"], cdf, n)
        print(f"\n  relu normal output: chi2 = {stat:.2f}, dof = {dof}, p = {p:.3g}",
              file=sys.stderr)
        self.assertGreater(p, ALPHA)
        self.assertGreaterEqual(out["counts"][0], n * 0.5 - 5 * 0.5 * rn)

    def test_sigmoid_normal_grad_mean_saturation_and_moments_match_integrals(self):
        n, s = self.N, 3.0
        doc = hist_json(["--function", "sigmoid", "--dist", "normal", "--scale", str(s),
                         "--samples", str(n), "--bins", "40", "--seed", "4"])
        self.check_document(doc, n, 40, "sigmoid normal")
        mp.mp.dps = 30
        sig = lambda x: 1 / (1 + mp.exp(-x))
        dens = lambda x: mp.npdf(x, 0, s)
        d1 = lambda x: sig(x) * sig(-x)
        e1 = mp.quad(lambda x: d1(x) * dens(x), [-mp.inf, 0, mp.inf])
        e2 = mp.quad(lambda x: d1(x) ** 2 * dens(x), [-mp.inf, 0, mp.inf])
        m2 = mp.quad(lambda x: sig(x) ** 2 * dens(x), [-mp.inf, 0, mp.inf])
        m4 = mp.quad(lambda x: (sig(x) - 0.5) ** 4 * dens(x), [-mp.inf, 0, mp.inf])
        e1, e2, m2, m4 = float(e1), float(e2), float(m2), float(m4)
        g = doc["output"]["grad_mean"]
        print(f"\n  sigmoid N(0, 9): E|f'| = {e1:.6f} (mpmath), grad_mean = {g:.6f}",
              file=sys.stderr)
        self.assertAlmostEqual(g, e1, delta=5 * math.sqrt((e2 - e1 * e1) / n))
        # sigma'(x) < 0.01 iff |x| > x0, sigma(x0) = (1 + sqrt(0.96))/2.
        x0 = float(mp.findroot(lambda x: d1(x) - mp.mpf("0.01"), 4.6))
        sat = 2 * phi(-x0 / s)
        o = doc["output"]["stats"]
        self.assertAlmostEqual(o["saturated_fraction"], sat,
                               delta=5 * math.sqrt(sat * (1 - sat) / n))
        var = m2 - 0.25  # the output mean is 1/2 by symmetry
        self.assertAlmostEqual(o["mean"], 0.5, delta=5 * math.sqrt(var / n))
        # SE of a sample std by the delta method: sqrt((mu4 - var^2)/N) / (2 sd).
        self.assertAlmostEqual(o["std"], math.sqrt(var),
                               delta=5 * math.sqrt((m4 - var * var) / n) / (2 * math.sqrt(var)))
        self.assertEqual(o["zero_fraction"], 0)
        self.assertTrue(0 < o["min"] and o["max"] < 1)

    def test_tanh_normal_histogram_matches_phi_of_atanh_and_rejects_a_wrong_scale(self):
        n, s = self.N, 1.5
        doc = hist_json(["--function", "tanh", "--dist", "normal", "--scale", str(s),
                         "--samples", str(n), "--bins", "30", "--seed", "5"])
        self.check_document(doc, n, 30, "tanh normal")
        out, inp = doc["output"], doc["input"]

        def cdf_for(scale):
            def cdf(y, strict):
                if y <= -1:
                    return 0.0
                if y >= 1:
                    return 1.0
                return phi(math.atanh(y) / scale)
            return cdf

        stat, dof, p = chi_square(out["edges"], out["counts"], cdf_for(s), n)
        print(f"\n  tanh normal output: chi2 = {stat:.2f}, dof = {dof}, p = {p:.3g}",
              file=sys.stderr)
        self.assertGreater(p, ALPHA)
        # Negative control: the same test against a 3% larger scale must reject.
        stat, dof, p = chi_square(out["edges"], out["counts"], cdf_for(1.03 * s), n)
        print(f"  tanh normal output vs S*1.03: chi2 = {stat:.1f}, dof = {dof}, p = {p:.3g}",
              file=sys.stderr)
        self.assertLess(p, ALPHA)
        # The inputs themselves are N(0, S^2).
        stat, dof, p = chi_square(inp["edges"], inp["counts"],
                                  lambda x, strict: phi(x / s), n)
        print(f"  normal input: chi2 = {stat:.2f}, dof = {dof}, p = {p:.3g}", file=sys.stderr)
        self.assertGreater(p, ALPHA)

    def test_sigmoid_uniform_histogram_matches_clamped_logit_and_uniform_inputs(self):
        n, s = self.N, 8.0
        doc = hist_json(["--function", "sigmoid", "--scale", str(s), "--samples", str(n),
                         "--bins", "30", "--seed", "6"])
        self.check_document(doc, n, 30, "sigmoid uniform")
        out, inp = doc["output"], doc["input"]

        def cdf(y, strict):  # P(sigma(X) <= y) = clamp(logit(y)/S + 1/2)
            if y <= 0:
                return 0.0
            if y >= 1:
                return 1.0
            return min(1.0, max(0.0, math.log(y / (1 - y)) / s + 0.5))

        stat, dof, p = chi_square(out["edges"], out["counts"], cdf, n)
        print(f"\n  sigmoid uniform output: chi2 = {stat:.2f}, dof = {dof}, p = {p:.3g}",
              file=sys.stderr)
        self.assertGreater(p, ALPHA)
        stat, dof, p = chi_square(inp["edges"], inp["counts"],
                                  lambda x, strict: min(1.0, max(0.0, x / s + 0.5)), n)
        print(f"  uniform input: chi2 = {stat:.2f}, dof = {dof}, p = {p:.3g}", file=sys.stderr)
        self.assertGreater(p, ALPHA)
        i = inp["stats"]
        sd = s / math.sqrt(12)
        self.assertTrue(-s / 2 <= i["min"] and i["max"] <= s / 2, i)
        self.assertAlmostEqual(i["std"], sd, delta=5 * sd * math.sqrt(0.2 / n))
        self.assertAlmostEqual(i["mean"], 0, delta=5 * sd / math.sqrt(n))


class NonFinite(Schema):
    def test_logit_nan_outside_zero_one_is_counted_and_never_binned(self):
        # U(-2, 2): 3/4 of the inputs are outside [0, 1] where logit is NaN; the rest are
        # U(0, 1), whose logits are standard logistic: P(Y <= y | finite) = sigma(y).
        n = 100000
        doc = hist_json(["--function", "logit", "--scale", "4", "--samples", str(n),
                         "--bins", "40", "--seed", "9"])
        self.check_document(doc, n, 40, "logit")
        out = doc["output"]
        st = out["stats"]
        self.assertIn("nan_count", st, "NaN outputs must be reported")
        finite = sum(out["counts"])
        self.assertEqual(finite, n - st["nan_count"] - st.get("inf_count", 0))
        self.assertAlmostEqual(st["nan_count"] / n, 0.75, delta=5 * math.sqrt(0.75 * 0.25 / n))
        stat, dof, p = chi_square(out["edges"], out["counts"],
                                  lambda y, strict: 1 / (1 + math.exp(-y)), finite)
        print(f"\n  logit finite outputs: chi2 = {stat:.2f}, dof = {dof}, p = {p:.3g}",
              file=sys.stderr)
        self.assertGreater(p, ALPHA)
        # The mean of a standard logistic is 0, its std pi/sqrt(3).
        self.assertAlmostEqual(st["mean"], 0, delta=5 * math.pi / math.sqrt(3 * finite))
        self.assertTrue(is_number(out["grad_mean"]))

    def test_soft_exponential_nan_below_the_pole_is_counted(self):
        # alpha = -1/2: NaN where 1 - alpha(x + alpha) <= 0, i.e. x <= -3/2: P = Phi(-1/2) at S = 3.
        n = 100000
        doc = hist_json(["--function", "soft_exponential", "--alpha", "-0.5", "--dist",
                         "normal", "--scale", "3", "--samples", str(n), "--bins", "40"])
        self.check_document(doc, n, 40, "soft_exponential")
        st = doc["output"]["stats"]
        self.assertIn("nan_count", st, "NaN outputs must be reported")
        want = phi(-0.5)
        self.assertAlmostEqual(st["nan_count"] / n, want, delta=5 * math.sqrt(want * (1 - want) / n))
        self.assertEqual(sum(doc["output"]["counts"]), n - st["nan_count"] - st.get("inf_count", 0))


class Usage(unittest.TestCase):
    def test_bad_options_are_usage_errors_with_one_line_messages(self):
        expect_usage(self, ["hist", "--dist", "gaussian"], mention=("--dist",))
        expect_usage(self, ["hist", "--samples", "0"], mention=("--samples",))
        expect_usage(self, ["hist", "--samples", "-5"])
        expect_usage(self, ["hist", "--bins", "0"], mention=("--bins",))
        for bad in ("0", "-1", "nan", "inf"):
            expect_usage(self, ["hist", "--scale", bad], mention=("--scale",))
        expect_usage(self, ["hist", "--function", "soft_exponential", "--alpha", "nan"])

    def test_unknown_function_lists_the_valid_names(self):
        err = expect_usage(self, ["hist", "--function", "relu7"], mention=("relu7",))
        for name in SPEC_NAMES:
            self.assertIn(name, err)

    def test_usage_error_leaves_an_existing_out_file_alone(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "keep.png")
            with open(path, "wb") as fh:
                fh.write(b"previous")
            expect_usage(self, ["hist", "--scale", "0", "--out", path])
            with open(path, "rb") as fh:
                self.assertEqual(fh.read(), b"previous")


class Png(unittest.TestCase):
    def test_out_writes_a_png_of_the_requested_size_and_prints_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            for w, h in ((640, 300), (1000, 420)):
                path = os.path.join(d, f"h{w}.png")
                code, out, err = run(["hist", "--function", "tanh", "--dist", "normal",
                                      "--out", path, "--size", f"{w}x{h}"])
                self.assertEqual(code, 0, err)
                self.assertEqual(out, "", "quiet on success")
                self.assertEqual(err, "")
                with Image.open(path) as im:
                    self.assertEqual(im.format, "PNG")
                    self.assertEqual(im.size, (w, h))
                    colors = im.convert("RGB").getcolors(maxcolors=1 << 20)
                    self.assertGreater(len(colors), 2, "the PNG shows something")
            self.assertEqual(sorted(os.listdir(d)), ["h1000.png", "h640.png"],
                             "no temporary files left")

    def test_unwritable_out_exits_1_with_a_message_and_leaves_no_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "missing", "h.png")
            code, out, err = run(["hist", "--out", path])
            self.assertEqual(code, 1, err)
            self.assertEqual(out, "")
            self.assertTrue(err.strip())
            self.assertEqual(len(err.strip().split("\n")), 1, err)
            self.assertFalse(os.path.exists(path))
            self.assertEqual(os.listdir(d), [], "nothing created")
            # A directory in the way: also a failure, and the directory stays as it was.
            code, out, err = run(["hist", "--out", d])
            self.assertEqual(code, 1, err)
            self.assertTrue(err.strip())
            self.assertEqual(os.listdir(d), [])


if __name__ == "__main__":
    main("ACTVIZ")
