#!/usr/bin/env python3
"""The "More" activations (assets/activations_more.tsv) end to end: each one, by name, against
its definition written here from its paper (not from the data file's formula) and evaluated
on mpmath at 50 digits, f and f' at a few points, within the spec's 4 ULP in f64 (8 in f32);
`list --json` shows each as a formula with its expression, parameters and citation; and every
one runs through hist, apply-free depth and train by name. Usage: presets_test.py ACTVIZ"""
import json
import math
import struct
import unittest

import mpmath as mp

from testmain import main, run

mp.mp.dps = 50
sig = lambda x: 1 / (1 + mp.exp(-x))
sp = lambda x: mp.log1p(mp.exp(x))
relu = lambda x: max(x, 0)
Phi = lambda x: mp.erfc(-x / mp.sqrt(2)) / 2


def hsig(x):
    return min(mp.mpf(1), max(mp.mpf(0), (x + 1) / 2))


# name: (definition f(x, params), {parameter: default}); from the papers and standard texts.
DEFS = {
    "sine": (lambda x, w: mp.sin(w * x), {"w": 1}),
    "snake": (lambda x, a: x + mp.sin(a * x) ** 2 / a, {"a": 1}),
    "gaussian": (lambda x: mp.exp(-x * x), {}),
    "sinc": (lambda x: mp.mpf(1) if x == 0 else mp.sin(x) / x, {}),
    "gcu": (lambda x: x * mp.cos(x), {}),
    "isru": (lambda x, a: x / mp.sqrt(1 + a * x * x), {"a": 1}),
    "isrlu": (lambda x, a: x if x >= 0 else x / mp.sqrt(1 + a * x * x), {"a": 1}),
    "sqnl": (lambda x: mp.mpf(1) if x > 2 else (x - x * x / 4 if x >= 0 else
             (x + x * x / 4 if x >= -2 else mp.mpf(-1))), {}),
    "bent_identity": (lambda x: (mp.sqrt(x * x + 1) - 1) / 2 + x, {}),
    "relu_squared": (lambda x: relu(x) ** 2, {}),
    "star_relu": (lambda x, s, b: s * relu(x) ** 2 + b, {"s": 0.8944, "b": -0.4472}),
    "elish": (lambda x: x * sig(x) if x >= 0 else mp.expm1(x) * sig(x), {}),
    "hard_elish": (lambda x: x * hsig(x) if x >= 0 else mp.expm1(x) * hsig(x), {}),
    "tanh_exp": (lambda x: x * mp.tanh(mp.exp(x)), {}),
    "smish": (lambda x, a, b: a * x * mp.tanh(mp.log(1 + b * sig(x))), {"a": 1, "b": 1}),
    "logish": (lambda x: x * mp.log(1 + sig(x)), {}),
    "arctan": (lambda x: mp.atan(x), {}),
    "erf": (lambda x: mp.erf(x), {}),
    "exponential": (lambda x: mp.exp(x), {}),
    "soft_clipping": (lambda x, a: (sp(a * x) - sp(a * (x - 1))) / a, {"a": 1}),
    "sparse_plus": (lambda x: mp.mpf(0) if x <= -1 else (x if x >= 1 else (x + 1) ** 2 / 4), {}),
    "lisht": (lambda x: x * mp.tanh(x), {}),
    "serf": (lambda x: x * mp.erf(sp(x)), {}),
    "erf_relu": (lambda x, a: x if x >= 0 else a * mp.erf(x), {"a": 1}),
    "hard_tanh_range": (lambda x, lo, hi: min(max(x, lo), hi), {"lo": -1, "hi": 1}),
    "pau": (lambda x, a0, a1, a2, a3, a4, a5, b1, b2, b3, b4:
            mp.polyval([a5, a4, a3, a2, a1, a0], x) /
            (1 + abs(mp.polyval([b4, b3, b2, b1, 0], x))),
            {"a0": 0.0335583603, "a1": 0.505000375, "a2": 1.65343934, "a3": 2.01001052,
             "a4": 0.931901999, "a5": 0.152424124, "b1": 3.30847488e-06, "b2": 3.98021568,
             "b3": 5.12471206e-07, "b4": 0.301830109}),
    "apl": (lambda x, a, b: relu(x) + a * relu(b - x), {"a": 0.2, "b": 1}),
    "bipolar_step": (lambda x: mp.mpf(1) if x >= 0 else mp.mpf(-1), {}),
    "heaviside_half": (lambda x: mp.mpf(1) if x > 0 else (mp.mpf(0.5) if x == 0 else mp.mpf(0)), {}),
    "bipolar_sigmoid": (lambda x: mp.tanh(x / 2), {}),
    "cloglog": (lambda x: -mp.expm1(-mp.exp(x)), {}),
    "elliott": (lambda x: x / (2 * (1 + abs(x))) + mp.mpf(1) / 2, {}),
    "loglog": (lambda x: mp.exp(-mp.exp(-x)), {}),
    "e_swish": (lambda x, b: b * x * sig(x), {"b": 1.25}),
    "quick_gelu": (lambda x: x * sig(mp.mpf("1.702") * x), {}),
    "pelu": (lambda x, a, b: a / b * x if x >= 0 else a * mp.expm1(x / b), {"a": 1, "b": 1}),
    "rrelu_eval": (lambda x, a: x if x >= 0 else a * x, {"a": 0.22916666666666666}),
    "srelu": (lambda x, tr, ar, tl, al: tr + ar * (x - tr) if x >= tr else
              (x if x > tl else tl + al * (x - tl)), {"tr": 1, "ar": 0.1, "tl": -1, "al": 0.1}),
    "arcsinh": (lambda x: mp.asinh(x), {}),
    "mila": (lambda x, b: x * mp.tanh(sp(x + b)), {"b": -0.25}),
    "aria2": (lambda x, a, b: (1 + mp.exp(-b * x)) ** (-a), {"a": 1.5, "b": 2}),
    "penalized_tanh": (lambda x: mp.tanh(x) if x > 0 else mp.tanh(x) / 4, {}),
    "soft_root_sign": (lambda x, a, b: x / (x / a + mp.exp(-x / b)), {"a": 2, "b": 3}),
    "nlrelu": (lambda x, b: mp.log(1 + b * relu(x)), {"b": 1}),
    "square": (lambda x: x * x, {}),
    "cube": (lambda x: x ** 3, {}),
    "absolute": (lambda x: abs(x), {}),
    "gish": (lambda x: x * mp.log(2 - mp.exp(-mp.exp(x))), {}),
    "flatten_t_swish": (lambda x, t: x * sig(x) + t if x >= 0 else t, {"t": -0.2}),
    "dsilu": (lambda x: sig(x) * (1 + x * (1 - sig(x))), {}),
    "lecun_tanh": (lambda x: mp.mpf("1.7159") * mp.tanh(2 * x / 3), {}),
    "hard_sigmoid_keras": (lambda x: min(mp.mpf(1), max(mp.mpf(0), x / 5 + mp.mpf(1) / 2)), {}),
    "relu_n": (lambda x, n: min(relu(x), n), {"n": 1}),
    "shifted_softplus": (lambda x: sp(x) - mp.log(2), {}),
    "multiquadric": (lambda x, c: mp.sqrt(x * x + c * c), {"c": 1}),
    "inverse_multiquadric": (lambda x, c: 1 / mp.sqrt(x * x + c * c), {"c": 1}),
    "phish": (lambda x: x * mp.tanh(x * Phi(x)), {}),
    "probit": (lambda x: Phi(x), {}),
    "hat": (lambda x: max(mp.mpf(0), 1 - abs(x)), {}),
}

POINTS = [-7.25, -2.5, -1.75, -0.6, -0.1, 0.0, 0.3, 0.9, 1.5, 2.25, 4.75, 30.0]


def ulps(got, want):
    """The distance in ULP of double between got and the double nearest want."""
    w = float(want)
    if math.isnan(got) or math.isnan(w):
        return 0 if math.isnan(got) and math.isnan(w) else math.inf
    if got == w:
        return 0
    key = lambda v: struct.unpack("<q", struct.pack("<d", v))[0]
    a, b = key(got), key(w)
    a = a if a >= 0 else -(a & 0x7FFFFFFFFFFFFFFF)
    b = b if b >= 0 else -(b & 0x7FFFFFFFFFFFFFFF)
    return abs(a - b)


def reference(name, x, derivative):
    f, defaults = DEFS[name]
    args = [mp.mpf(v) for v in defaults.values()]
    if not derivative:
        return f(mp.mpf(x), *args)
    # f' by differences at 300 digits; None at a kink or jump (the one-sided derivatives
    # differ), where the spec takes the branch's derivative instead.
    with mp.workdps(300):
        g = lambda t: f(t, *[mp.mpf(v) for v in defaults.values()])
        left = mp.diff(g, mp.mpf(x), direction=-1)
        right = mp.diff(g, mp.mpf(x), direction=1)
        if abs(left - right) > mp.mpf(10) ** -100 * (1 + abs(right)) or abs(right) > 1e100:
            return None
        return (left + right) / 2


class Presets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        code, out, err = run(["list", "--json"])
        assert code == 0, err
        cls.listed = {f["name"]: f for f in json.loads(out)["functions"] if f["kind"] == "formula"}

    def test_every_preset_is_listed_as_a_formula_with_its_citation(self):
        self.assertGreaterEqual(len(self.listed), 55)
        self.assertEqual(set(self.listed), set(DEFS))
        for name, f in self.listed.items():
            with self.subTest(name):
                self.assertTrue(f["expression"].strip())
                self.assertGreater(len(f["citation"]), 15)
                self.assertTrue(f["purpose"].strip())
                got = {p["name"]: p["default"] for p in f["parameters"]}
                self.assertEqual(got, {k: float(v) for k, v in DEFS[name][1].items()})

    def test_values_and_derivatives_by_name_against_the_definitions(self):
        stdin = "".join(f"{x!r}\n" for x in POINTS)
        for name in DEFS:
            for derivative in (False, True):
                with self.subTest(name, derivative=derivative):
                    args = ["eval", "--function", name] + (["-d"] if derivative else [])
                    code, out, err = run(args, stdin)
                    self.assertEqual(code, 0, err)
                    got = [float(v) for v in out.split()]
                    self.assertEqual(len(got), len(POINTS))
                    for x, g in zip(POINTS, got):
                        want = reference(name, x, derivative)
                        if want is None:
                            continue  # f' at a kink: the branch taken (spec), not a limit
                        if abs(want) < mp.mpf(10) ** -250:  # a zero of f or f'
                            self.assertEqual(g, 0.0, (name, x, g, want))
                            continue
                        self.assertLessEqual(ulps(g, want), 4, (name, x, g, float(want)))

    def test_every_preset_runs_in_hist_depth_and_train_by_name(self):
        for name in DEFS:
            with self.subTest(name):
                code, out, err = run(["hist", "--function", name, "-n", "2000", "--json"])
                self.assertEqual(code, 0, err)
                doc = json.loads(out)
                self.assertEqual(sum(doc["post"]["counts"]) if "post" in doc else 2000, 2000)
                code, _, err = run(["depth", "--function", name, "-L", "3", "-N", "16", "-B",
                                    "100", "--json"])
                self.assertEqual(code, 0, err)
                code, _, err = run(["train", "--task", "xor", "--function", name,
                                    "--epochs", "5", "--json"])
                self.assertEqual(code, 0, err)


if __name__ == "__main__":
    main("ACTVIZ")
