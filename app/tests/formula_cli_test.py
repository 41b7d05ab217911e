#!/usr/bin/env python3
"""`actviz eval --formula` end to end against an evaluator of the grammar written here on
mpmath (formula.md, read independently of actviz): the spec's examples, then formulas drawn
at random from the grammar that actviz has never seen, at points where their intermediates
overflow, underflow or cancel, each within 4 ULP in f64 and 8 ULP in f32 of the value mpmath
gives at 300 digits (points where 300 and 600 digits disagree in double are skipped); NaN
where mpmath finds the expression undefined. Then --as-written against the same expression
rounded after every operation here (numpy's float32/float16, bfloat16 by rounding bits), the
--json form, and the usage errors with their columns.
Usage: formula_cli_test.py ACTVIZ ASSETS"""
import json
import math
import os
import random
import re
import struct
import tempfile
import unittest

import mpmath as mp
import numpy as np

from testmain import expect_usage, main, run

ASSETS = None  # the photos (main's second argument)

NAN = float("nan")


# --- the grammar, read here: a recursive-descent parser into nested tuples ---------------

class Parser:
    def __init__(self, text):
        self.s, self.i = text, 0

    def peek(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\n":
            self.i += 1
        return self.s[self.i:self.i + 2]

    def take(self, tok):
        if self.peek().startswith(tok):
            self.i += len(tok)
            return True
        return False

    def parse(self):
        e = self.compare()
        assert self.peek() == "", self.s[self.i:]
        return e

    def compare(self):
        e = self.additive()
        while True:
            for op in ("<=", ">=", "==", "!=", "<", ">"):
                if self.take(op):
                    e = (op, e, self.additive())
                    break
            else:
                return e

    def additive(self):
        e = self.term()
        while True:
            if self.take("+"):
                e = ("+", e, self.term())
            elif self.take("-"):
                e = ("-", e, self.term())
            else:
                return e

    def term(self):
        e = self.unary()
        while True:
            if self.take("*"):
                e = ("*", e, self.unary())
            elif self.take("/"):
                e = ("/", e, self.unary())
            else:
                return e

    def unary(self):
        if self.take("-"):
            return ("neg", self.unary())
        if self.take("+"):
            return self.unary()
        return self.power()

    def power(self):
        base = self.atom()
        if self.take("^"):
            return ("^", base, self.unary())  # right-associative, unary minus allowed
        return base

    def atom(self):
        self.peek()
        if self.take("("):
            e = self.compare()
            assert self.take(")")
            return e
        number = re.match(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", self.s[self.i:])
        if number:
            self.i += number.end()
            return ("num", number.group(0))
        j = self.i
        while j < len(self.s) and (self.s[j].isalnum() or self.s[j] == "_"):
            j += 1
        word, self.i = self.s[self.i:j], j
        if self.take("("):
            args = [self.compare()]
            while self.take(","):
                args.append(self.compare())
            assert self.take(")")
            return ("call", word, args)
        return ("name", word)


# --- the values, on mpmath: NaN where undefined, ±inf at exact singularities -------------

class Undefined(Exception):
    pass


def real(v):
    if isinstance(v, mp.mpc):
        if v.imag != 0:
            raise Undefined
        return v.real
    return v


def sig(x):
    return 1 / (1 + mp.exp(-x))


def ln(v):
    if v < 0:
        raise Undefined
    return -mp.inf if v == 0 else mp.log(v)


def ln1p(v):  # mpmath's log1p keeps 1 + 10^-40000 apart from 1, at any working precision
    if v < -1:
        raise Undefined
    return -mp.inf if v == -1 else mp.log1p(v)


FUNCS = {
    "abs": abs, "exp": mp.exp, "expm1": mp.expm1, "log": ln, "log1p": ln1p,
    "sqrt": lambda v: mp.sqrt(v) if v >= 0 else (_ for _ in ()).throw(Undefined()),
    "sin": mp.sin, "cos": mp.cos, "tanh": mp.tanh, "sinh": mp.sinh, "cosh": mp.cosh,
    "atan": mp.atan, "asinh": mp.asinh, "erf": mp.erf, "erfc": mp.erfc, "Phi": mp.ncdf,
    "phi": mp.npdf, "sigmoid": sig, "softplus": lambda v: ln1p(mp.exp(v)),
    "min": min, "max": max, "hypot": lambda a, b: mp.sqrt(a * a + b * b),
}


class Unsure(Exception):
    pass


HUGE = mp.mpf(10) ** 5000


def value(e, x, params):
    v = value1(e, x, params)
    if mp.isfinite(v) and abs(v) > HUGE:  # e^(e^(e^700)): beyond what mpmath can finish
        raise Unsure
    return v


def value1(e, x, params):
    kind = e[0]
    if kind == "num":
        return mp.mpf(e[1])
    if kind == "name":
        return {"x": x, "pi": mp.pi, "e": mp.e}.get(e[1], params.get(e[1], mp.mpf(1)))
    if kind == "neg":
        return -value(e[1], x, params)
    if kind == "call":
        if e[1] == "if":
            c = value(e[2][0], x, params)
            return value(e[2][1] if c != 0 else e[2][2], x, params)
        return FUNCS[e[1]](*(value(a, x, params) for a in e[2]))
    a, b = value(e[1], x, params), value(e[2], x, params)
    if kind in ("<", "<=", ">", ">=", "==", "!="):
        return mp.mpf({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b,
                       "!=": a != b}[kind])
    if kind == "/":
        if b == 0:
            if a == 0:
                raise Undefined
            return mp.inf if a > 0 else -mp.inf
        return a / b
    if kind == "^":
        if a == 0 and b < 0:
            return mp.inf
        if a < 0 and b != int(b):
            raise Undefined
        return real(a ** b)
    return {"+": a + b, "-": a - b, "*": a * b}[kind]


def truth(text, x, params=None, dps=300):
    """The double nearest the value at `dps` digits, NaN where undefined, None if unsure."""
    tree = Parser(text).parse()
    out = []
    for digits in (dps, 2 * dps):
        with mp.workdps(digits):
            try:
                v = value(tree, mp.mpf(x), {k: mp.mpf(v) for k, v in (params or {}).items()})
                if mp.isfinite(v) and abs(v) < mp.mpf(2) ** 1024:
                    out.append(float(v))  # (the largest double and past it: ±inf below)
                else:
                    out.append(math.inf if v > 0 else -math.inf)
            except (Undefined, ZeroDivisionError, ValueError):
                out.append(NAN)
            except (OverflowError, Unsure):  # mpmath's limits (erfc of 10^300): no reference
                return None
    a, b = out
    if math.isnan(a) and math.isnan(b):
        return NAN
    return a if a == b else None


def ulps(got, want, bits):
    """The error of `got` in units of the last place of a `bits`-bit format at `want`."""
    if math.isnan(want) or math.isnan(got):
        return 0 if math.isnan(want) and math.isnan(got) else math.inf
    if math.isinf(want) or math.isinf(got):
        return 0 if got == want else math.inf
    m = max(abs(want), 2.0 ** (-1022 if bits == 53 else -126))
    return abs(got - want) / 2.0 ** (math.frexp(m)[1] - bits)


def evaluate(text, xs, *extra):
    r = run(["eval", "--formula", text, *extra], "\n".join(str(x) for x in xs) + "\n")
    assert r.returncode == 0, r.stderr
    return [line.split() for line in r.stdout.splitlines()]


# --- random formulas ---------------------------------------------------------------------

UNARY = ["exp", "expm1", "log1p", "tanh", "sinh", "atan", "asinh", "erf", "erfc", "Phi",
         "sigmoid", "softplus", "abs", "sin"]


def random_formula(rng, depth):
    if depth == 0 or rng.random() < 0.2:
        return rng.choice(["x", "x", "x", str(rng.choice([1, 2, 3, 0.5, 1e-8, 100]))])
    r = rng.random()
    if r < 0.45:
        return f"{rng.choice(UNARY)}({random_formula(rng, depth - 1)})"
    if r < 0.9:
        op = rng.choice(["+", "-", "*", "/"])
        return f"({random_formula(rng, depth - 1)} {op} {random_formula(rng, depth - 1)})"
    return (f"if({random_formula(rng, depth - 1)} > 0, {random_formula(rng, depth - 1)}, "
            f"{random_formula(rng, depth - 1)})")


class Exact(unittest.TestCase):
    undecided = 0  # points where actviz answered NaN ("could not decide") and mpmath a number

    def check(self, text, xs, f32=False):
        got = evaluate(text, xs, *(["--type", "f32"] if f32 else []))
        for x, (g,) in zip(xs, got):
            want = truth(text, float(np.float32(x)) if f32 else x)
            if want is None:
                continue
            if g == "nan" and not math.isnan(want):
                # 4096 bits cannot tell 1 + tanh(−10⁵) (10^−86859) from 0: undecided is said
                # as NaN, never as a wrong number; such points must stay rare.
                Exact.undecided += 1
                continue
            if f32:
                with np.errstate(over="ignore"):
                    want = float(np.float32(want))  # float32 overflows to ±inf
            err = ulps(float(g), want, 24 if f32 else 53)
            self.assertLessEqual(err, 8 if f32 else 4, f"{text} at {x}: {g}, mpmath {want!r}")

    def test_the_specs_examples(self):
        self.assertEqual(evaluate("log(1 + exp(x))", [1000, -50]), [["1000"], ["1.9287498479639178e-22"]])
        self.assertEqual(evaluate("(exp(x) - 1)/x", [1e-20]), [["1"]])
        self.assertEqual(evaluate("x*sigmoid(x)", ["-inf"]), [["0"]])
        self.assertEqual(evaluate("log(1+exp(x))", [1000, -50], "--type", "f32"),
                         [["1000"], ["1.9287499e-22"]])

    def test_formulas_never_seen_at_points_that_overflow_underflow_and_cancel(self):
        rng = random.Random(2026)
        xs = [0.5, -0.5, 3.0, -3.0, 30.0, -30.0, 700.0, -700.0, 1e-10, -1e-10, 1e5, -1e5,
              1e300, 2.0]
        points = 0
        for i in range(300):
            text = random_formula(rng, 3 + i % 2)
            self.check(text, xs)
            self.check(text, xs[:8], f32=True)
            points += len(xs) + 8
        self.assertLess(Exact.undecided, points // 200, "too many undecided points")

    def test_derivatives_of_formulas_never_seen_against_high_precision_differences(self):
        """`eval -d` (the tree differentiated by actviz) against mpmath's derivative of the
        formula as read here, by central differences at 120 digits (mp.diff), within 4 ULP:
        smooth formulas only (no if or abs: their kinks are tested by value elsewhere)."""
        rng = random.Random(2612)
        smooth = [u for u in UNARY if u != "abs"]

        def formula(depth):
            if depth == 0 or rng.random() < 0.2:
                return rng.choice(["x", "x", str(rng.choice([2, 3, 0.5]))])
            if rng.random() < 0.5:
                return f"{rng.choice(smooth)}({formula(depth - 1)})"
            return f"({formula(depth - 1)} {rng.choice(['+', '-', '*'])} {formula(depth - 1)})"

        xs = [0.5, -0.7, 2.5, -3.0, 12.0, -20.0]
        checked = 0
        for _ in range(60):
            text = formula(3)
            tree = Parser(text).parse()
            got = evaluate(text, xs, "-d")
            for x, (g,) in zip(xs, got):
                with mp.workdps(120):
                    try:
                        want = mp.diff(lambda t: value(tree, t, {}), mp.mpf(x))
                    except (Undefined, ZeroDivisionError, ValueError, OverflowError, Unsure):
                        continue
                    if not mp.isfinite(want) or abs(want) > mp.mpf(2) ** 1000 or want == 0:
                        continue
                    want = float(want)
                if want == 0 or abs(want) < 1e-300:  # (below double's normal range)
                    continue
                self.assertLessEqual(ulps(float(g), want, 53), 4, f"d/dx {text} at {x}: {g}, "
                                     f"mpmath {want!r}")
                checked += 1
        self.assertGreater(checked, 200)

    def test_the_catalogues_rows_typed_by_hand(self):
        xs = [-40.0, -8.0, -1.0, -1e-5, 0.0, 1e-5, 0.7, 5.0, 40.0]
        for text in ["x*tanh(log1p(exp(x)))", "x*Phi(x)", "x/(1 + exp(-x))",
                     "if(x > 0, x, expm1(x))", "x - tanh(x)", "(x + sqrt(x*x + 4))/2"]:
            self.check(text, xs)
            self.check(text, xs, f32=True)

    def test_parameters(self):
        got = evaluate("a*x + b*sin(w*x)", [0.3, 2.0], "--param", "a=2", "--param", "w=3")
        for x, (g,) in zip([0.3, 2.0], got):
            want = truth("a*x + b*sin(w*x)", x, {"a": 2, "b": 1, "w": 3})
            self.assertLessEqual(ulps(float(g), want, 53), 4)


def round_bits(v, bits):
    """v (a double) rounded to the nearest `bits`-bit float32-range value, ties to even."""
    if not math.isfinite(v) or v == 0:
        return v
    f = struct.unpack("<I", struct.pack("<f", np.float32(v)))[0]
    drop = 24 - bits
    f = (f + (1 << (drop - 1)) - 1 + ((f >> drop) & 1)) >> drop << drop
    return float(struct.unpack("<f", struct.pack("<I", f & 0xFFFFFFFF))[0])


class AsWritten(unittest.TestCase):
    def test_float32_overflows_where_the_truth_is_finite(self):
        got = evaluate("log(1+exp(x))", [1000, -50, 0.5], "--as-written", "f32", "--ulp")
        self.assertEqual(got[0][0], "inf")
        self.assertEqual(got[1][0], "0")  # 1 + e^−50 is 1 in float32
        with np.errstate(all="ignore"):
            x = np.float32(0.5)
            want = np.log(np.float32(1) + np.exp(x))
        self.assertEqual(np.float32(got[2][0]), want)
        self.assertGreater(float(got[0][1]), 1e6)  # the error, in float32 ULP
        self.assertLess(float(got[2][1]), 1)

    def test_float16_and_bfloat16_round_every_operation(self):
        got = evaluate("1/x + x*x", [3.0, 300.0], "--as-written", "f16")
        with np.errstate(all="ignore"):
            for x, (g,) in zip([3.0, 300.0], got):
                h = np.float16(x)
                want = np.float16(np.float16(np.float16(1) / h) + np.float16(h * h))
                self.assertEqual(float(g), float(want), x)
        got = evaluate("1/x + x*x", [3.0], "--as-written", "bf16")
        t = round_bits(1 / 3.0, 8)
        want = round_bits(t + round_bits(9.0, 8), 8)
        self.assertEqual(float(got[0][0]), want)


class Forms(unittest.TestCase):
    def test_json_gives_the_parsed_form_its_derivative_and_the_parameters(self):
        r = run(["eval", "--formula", "a*x^2 + b", "--param", "a=3", "--json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["formula"], "a*x^2 + b")
        self.assertEqual([p["name"] for p in doc["params"]], ["a", "b"])
        self.assertEqual([p["default"] for p in doc["params"]], [1, 1])
        self.assertEqual([p["value"] for p in doc["params"]], [3, 1])
        # The printed derivative is a formula too: it reads back, and it is 2·a·x.
        d = doc["derivative"]
        self.assertAlmostEqual(float(evaluate(d, [1.5], "--param", "a=3")[0][0]), 9.0)

    def test_list_names_the_grammars_functions(self):
        doc = json.loads(run(["list", "--json"]).stdout)
        for name in ("exp", "log1p", "Phi", "phi", "atan2", "if", "pi"):
            self.assertIn(name, doc["formula_functions"])


class Hist(unittest.TestCase):
    def test_a_typed_row_draws_the_rows_histogram(self):
        def hist(*fn):
            r = run(["hist", *fn, "--dist", "normal", "--samples", "200000", "--json"])
            self.assertEqual(r.returncode, 0, r.stderr)
            return json.loads(r.stdout)
        typed = hist("--formula", "x*tanh(log(1 + exp(x)))")
        row = hist("--function", "mish")
        self.assertEqual(typed["formula"], "x*tanh(log(1 + exp(x)))")
        self.assertEqual(typed["input"]["counts"], row["input"]["counts"])  # the same samples
        # The row is within a few float ULP of the truth: a sample may cross a bin edge.
        moved = sum(abs(a - b) for a, b in zip(typed["output"]["counts"], row["output"]["counts"]))
        self.assertLessEqual(moved, 8)
        for key in ("mean", "std", "min", "max"):
            self.assertAlmostEqual(typed["output"]["stats"][key], row["output"]["stats"][key],
                                   delta=1e-6 * max(1, abs(row["output"]["stats"][key])))
        self.assertAlmostEqual(typed["output"]["grad_mean"], row["output"]["grad_mean"], places=6)

    def test_a_typed_row_maps_a_photo_as_the_row_does(self):
        with tempfile.TemporaryDirectory() as d:
            outs = []
            for fn in (["--formula", "x*tanh(log(1 + exp(x)))"], ["--function", "mish"]):
                raw = os.path.join(d, "m%d.npy" % len(outs))
                r = run(["apply", *fn, "--image", os.path.join(ASSETS, "camera.png"), "--gain",
                         "4", "--out", os.path.join(d, "m%d.png" % len(outs)), "--raw", raw])
                self.assertEqual(r.returncode, 0, r.stderr)
                outs.append(np.load(raw).astype(np.float64))
            typed, row = outs
            # The formula is the truth rounded; the row within its 8 float ULP of it.
            ulp = np.spacing(np.abs(row).astype(np.float32)).astype(np.float64)
            self.assertLessEqual(float(np.max(np.abs(typed - row) / ulp)), 8.5)

    def test_a_typed_rows_histogram_png_is_the_rows_below_its_title(self):
        from PIL import Image, ImageChops
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.png"), os.path.join(d, "b.png")
            for fn, out in ((["--formula", "max(x, 0)"], a), (["--function", "relu"], b)):
                r = run(["hist", *fn, "--dist", "normal", "--out", out])
                self.assertEqual(r.returncode, 0, r.stderr)
            ia, ib = Image.open(a).convert("RGB"), Image.open(b).convert("RGB")
            diff = ImageChops.difference(ia, ib).getbbox()
            self.assertIsNotNone(diff)  # the titles differ…
            self.assertLess(diff[3], 40, diff)  # …and nothing else
        expect_usage(self, ["hist", "--formula", "log(x"], mention=["column 6"])


class EveryCommand(unittest.TestCase):
    """A formula is an activation wherever a row is: a typed row gives the row's numbers (bit
    for bit where both are exact, within the row's ULP where the row rounds)."""

    def json_of(self, args):
        r = run(args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_depth_of_a_typed_row_is_the_rows_depth_and_theory(self):
        common = ["depth", "--json", "-L", "12", "-N", "128", "-B", "400", "--seed", "3"]
        relu = self.json_of(common + ["--function", "relu"])
        typed = self.json_of(common + ["--formula", "max(x, 0)"])
        # Exact values both: the same run bit for bit; the theory of a formula comes from its
        # float32 kernels on a fixed rule (meanfield.cpp), within 1e-6 of the row's.
        for a, b in zip(relu["layers"], typed["layers"]):
            ta, tb = a.pop("theory"), b.pop("theory")
            for k in ("q", "chi"):
                self.assertAlmostEqual(ta[k], tb[k], delta=1e-6 * abs(ta[k]), msg=k)
        self.assertEqual(typed, relu)
        mish = self.json_of(common + ["--function", "mish", "--gain", "1.5"])
        tmish = self.json_of(common + ["--formula", "x*tanh(log(1 + exp(x)))", "--gain", "1.5"])
        for a, b in zip(mish["layers"], tmish["layers"]):
            for part in ("pre", "post", "grad"):
                for k in ("std", "min", "max"):
                    self.assertAlmostEqual(a[part][k], b[part][k],
                                           delta=1e-5 * max(abs(a[part][k]), 1e-30), msg=part + k)
            for k in ("q", "chi"):
                self.assertAlmostEqual(a["theory"][k], b["theory"][k],
                                       delta=1e-6 * abs(a["theory"][k]), msg=k)

    def test_training_learns_a_formulas_parameter_as_prelus_alpha(self):
        common = ["train", "--task", "xor", "--hidden", "4", "--epochs", "300", "--json"]
        row = self.json_of(common + ["--function", "prelu"])
        typed = self.json_of(common + ["--formula", "max(x, 0) + a*min(x, 0)", "--param",
                                       "a=0.25"])
        self.assertEqual(typed["loss"], row["loss"])
        self.assertEqual(typed["activation_params"], row["activation_params"])
        self.assertNotEqual(typed["activation_params"], [[0.25]])  # it was learned
        frozen = self.json_of(common + ["--formula", "max(x, 0) + a*min(x, 0)", "--param",
                                        "a=0.25", "--freeze-params"])
        self.assertNotEqual(frozen["loss"], row["loss"])

    def test_training_takes_a_formula_per_layer_in_braces(self):
        common = ["train", "--task", "xor", "--hidden", "4,4", "--epochs", "200", "--json"]
        row = self.json_of(common + ["--functions", "prelu,tanh"])
        typed = self.json_of(common + ["--functions", "{max(x, 0) + a*min(x, 0)}(a=0.25),{tanh(x)}"])
        self.assertEqual(typed["loss"], row["loss"])
        self.assertEqual(typed["activation_params"], row["activation_params"])
        expect_usage(self, common + ["--functions", "{x + b}(a=1),relu"],
                     mention=["layer 1", "{x + b} has no parameter 'a'", "its parameters: b"])
        expect_usage(self, common + ["--functions", "{log(x},relu"],
                     mention=["layer 1: formula {log(x}: column 6"])
        expect_usage(self, common + ["--functions", "{x + b,relu"], mention=["is not closed by '}'"])

    def test_the_figure_of_a_typed_row_is_the_rows_below_its_title(self):
        from PIL import Image, ImageChops
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.png"), os.path.join(d, "b.png")
            for fn, out in ((["--formula", "max(x, 0)"], a), (["--function", "relu"], b)):
                r = run(["figure", *fn, "--out", out, "--size", "900x900"])
                self.assertEqual(r.returncode, 0, r.stderr)
            ia, ib = Image.open(a).convert("RGB"), Image.open(b).convert("RGB")
            diff = ImageChops.difference(ia, ib)
            # Everything below the title is the same pixels (curves, the kink's mark found
            # in the formula, histograms, maps); the title says the formula.
            self.assertIsNone(diff.crop((0, 30, 900, 900)).getbbox())
            self.assertIsNotNone(diff.crop((0, 0, 900, 30)).getbbox())


class Bench(unittest.TestCase):
    def test_bench_reports_the_throughput_and_the_share_that_took_the_balls(self):
        r = run(["bench", "--formula", "log(1 + exp(x))", "--dist", "uniform", "--range=-2000:2000",
                 "--n", "20000", "--reps", "1", "--json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["formula"], "log(1 + exp(x))")
        self.assertEqual(doc["range"], [-2000, 2000])
        self.assertGreater(doc["elements_per_second"], 0)
        # Written as log1p(e^x), and as x + log1p(e^−x) past 0, for the intervals: every
        # element is proven without the balls, even where e^x overflows or 1 absorbs it.
        self.assertLess(doc["slow_fraction"], 0.01)
        # (x + 10²⁰) − 10²⁰: the intervals lose x in 10²⁰'s rounding, so the balls answer.
        r = run(["bench", "--formula", "(x + 1e20) - 1e20", "--n", "2000", "--reps", "1",
                 "--json"])
        self.assertGreater(json.loads(r.stdout)["slow_fraction"], 0.99)
        r = run(["bench", "--formula", "x*tanh(log(1 + exp(x)))", "--n", "20000", "--reps", "1",
                 "--json"])
        self.assertLess(json.loads(r.stdout)["slow_fraction"], 0.01)  # N(0, 1): all proven
        expect_usage(self, ["bench", "--formula", "x", "--range", "3:1", "--dist", "uniform"],
                     mention=["--range"])


class Errors(unittest.TestCase):
    def test_a_typo_says_where(self):
        for text, mention in [
            ("1 + * x", "column 5: expected a number, x, a name or '('"),
            ("expp(x)", "did you mean exp"),
            ("log(x, 2)", "log takes 1 argument, not 2"),
            ("(x + 1", "expected ')' to close the '(' at column 1"),
            ("2x", "write 2*x"),
            ("x" * 5000, "at most 4096"),
            ("(" * 300 + "x" + ")" * 300, "nested deeper than 256 levels"),
        ]:
            msg = expect_usage(self, ["eval", "--formula", text], mention=[mention], stdin="1\n")
            self.assertTrue(msg.startswith("actviz: --formula: "), msg)

    def test_parameters_and_options_that_do_not_fit(self):
        expect_usage(self, ["eval", "--formula", "a*x", "--param", "c=1"],
                     mention=["unknown parameter 'c'", "its parameters: a"])
        expect_usage(self, ["eval", "--formula", "x", "--function", "relu"],
                     mention=["--function and --formula exclude each other"])
        expect_usage(self, ["eval", "--formula", "x", "--as-written", "f8"],
                     mention=["one of f64, f32, bf16, f16"])
        expect_usage(self, ["eval", "--formula", "x", "--ulp"], mention=["--ulp needs"])
        expect_usage(self, ["eval", "--function", "relu", "--json"], mention=["go with --formula"])


if __name__ == "__main__":
    main("ACTVIZ", "ASSETS")
