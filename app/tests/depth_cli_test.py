#!/usr/bin/env python3
"""`actviz depth` end to end: the JSON schema of spec/cli.md; the theory's q and chi against an
independent mean-field recursion done here with mpmath at 30 digits (1e-9 relative); the
measured statistics against that theory; the same numbers for any thread count; usage errors.
Usage: depth_cli_test.py ACTVIZ"""
import json
import unittest

import mpmath as mp

from testmain import expect_usage, main, run

mp.mp.dps = 30
SELU_L = mp.mpf("1.0507009873554804934193349852946")
SELU_A = mp.mpf("1.6732632423543772848170429916717")


def sig(x):
    return 1 / (1 + mp.exp(-x))


# f and f' written here from the formulas of spec/activations.md, not taken from actviz.
FUNCTIONS = {
    "tanh": (mp.tanh, lambda x: mp.sech(x) ** 2),
    "sigmoid": (sig, lambda x: sig(x) * (1 - sig(x))),
    "relu": (lambda x: max(x, 0), lambda x: 1 if x > 0 else 0),
    "selu": (lambda x: SELU_L * x if x > 0 else SELU_L * SELU_A * (mp.exp(x) - 1),
             lambda x: SELU_L if x > 0 else SELU_L * SELU_A * mp.exp(x)),
    "gelu": (lambda x: x * mp.ncdf(x), lambda x: mp.ncdf(x) + x * mp.npdf(x)),
    "linear": (lambda x: x, lambda x: 1),
}


def expect(g, q):
    """E[g(z)], z ~ N(0, q), split at 0 where the piecewise functions kink."""
    s = mp.sqrt(q)
    return mp.quad(lambda t: g(s * t) * mp.npdf(t), [-mp.inf, 0, mp.inf])


def recursion(name, w2, b2, layers):
    f, df = FUNCTIONS[name]
    q, out = mp.mpf(w2) + b2, []
    for _ in range(layers):
        chi = w2 * expect(lambda z: df(z) ** 2, q)
        out.append((q, chi))
        q = w2 * expect(lambda z: f(z) ** 2, q) + b2
    return out


def depth_json(*args):
    p = run(["depth", *args, "--json"])
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


STATS = {"mean", "std", "min", "max", "zero_fraction", "saturated_fraction"}


class Schema(unittest.TestCase):
    def test_json_has_the_fields_the_spec_names(self):
        d = depth_json("--function", "tanh", "-L", "4", "-N", "32", "-B", "50")
        self.assertEqual(set(d), {"sigma_w2", "sigma_b2", "layers"})
        self.assertEqual(d["sigma_w2"], 1.0)
        self.assertEqual(d["sigma_b2"], 0.0)
        self.assertEqual([l["layer"] for l in d["layers"]], [1, 2, 3, 4])
        for l in d["layers"]:
            self.assertEqual(set(l), {"layer", "pre", "post", "grad", "theory"})
            for k in ("pre", "post", "grad"):
                self.assertEqual(set(l[k]), STATS)
            self.assertEqual(set(l["theory"]), {"q", "chi"})

    def test_effective_weight_variance_of_every_init(self):
        want = {"xavier_normal": 2.25, "xavier_uniform": 2.25, "he_normal": 4.5,
                "he_uniform": 4.5, "lecun_normal": 2.25, "orthogonal": 2.25, "standard": 0.75}
        for init, w2 in want.items():
            d = depth_json("--init", init, "--gain", "1.5", "-L", "1", "-N", "16", "-B", "10")
            self.assertAlmostEqual(d["sigma_w2"], w2, places=12, msg=init)
        d = depth_json("--sigma-w", "1.2", "--sigma-b", "0.5", "-L", "1", "-N", "16", "-B", "10")
        self.assertAlmostEqual(d["sigma_w2"], 1.44, places=12)
        self.assertAlmostEqual(d["sigma_b2"], 0.25, places=12)
        # --gain auto is PyTorch's calculate_gain: tanh 5/3
        d = depth_json("--function", "tanh", "--gain", "auto", "-L", "1", "-N", "16", "-B", "10")
        self.assertAlmostEqual(d["sigma_w2"], 25 / 9, places=12)


class Theory(unittest.TestCase):
    def check(self, name, args, w2, b2, layers):
        d = depth_json("--function", name, "-L", str(layers), "-N", "16", "-B", "10", *args)
        ref = recursion(name, w2, b2, layers)
        for l, (q, chi) in zip(d["layers"], ref):
            t = l["theory"]
            self.assertLess(abs(t["q"] - float(q)), 1e-9 * float(q), f"{name} layer {l['layer']}")
            self.assertLess(abs(t["chi"] - float(chi)), 1e-9 * float(chi),
                            f"{name} layer {l['layer']}")

    def test_theory_matches_an_independent_mpmath_recursion(self):
        self.check("tanh", ["--sigma-w", "1.3", "--sigma-b", "0.2"], 1.69, 0.04, 12)
        self.check("sigmoid", [], 1.0, 0.0, 8)
        self.check("selu", ["--init", "lecun_normal"], 1.0, 0.0, 6)
        self.check("gelu", ["--init", "he_normal"], 2.0, 0.0, 6)
        self.check("relu", ["--init", "he_normal"], 2.0, 0.0, 5)
        self.check("linear", ["--sigma-w", "1.1"], 1.21, 0.0, 10)


class Measured(unittest.TestCase):
    def test_variance_and_gradient_ratio_follow_the_theory(self):
        for name, args, tol in (("tanh", ["--init", "orthogonal", "--gain", "auto"], 0.06),
                                ("selu", ["--init", "lecun_normal"], 0.06),
                                ("sigmoid", ["--init", "xavier_uniform"], 0.1),
                                ("relu", ["--init", "he_normal"], 0.2)):
            d = depth_json("--function", name, "-L", "6", "-N", "1024", "-B", "256", *args)
            ls = d["layers"]
            for i, l in enumerate(ls):
                self.assertLess(abs(l["pre"]["std"] ** 2 / l["theory"]["q"] - 1), tol,
                                f"{name} layer {i + 1}")
                if i + 1 < len(ls):
                    r2 = (l["grad"]["std"] / ls[i + 1]["grad"]["std"]) ** 2
                    self.assertLess(abs(r2 / l["theory"]["chi"] - 1), 0.06, f"{name} {i + 1}")

    def test_sigmoid_gradient_dies_relu_with_he_keeps_it(self):
        sig = depth_json("--function", "sigmoid", "-L", "50", "-N", "128", "-B", "100")["layers"]
        self.assertLess(sig[0]["grad"]["std"], 1e-25 * sig[-1]["grad"]["std"])
        relu = depth_json("--function", "relu", "--init", "he_normal", "-L", "50", "-N", "128",
                          "-B", "100")["layers"]
        self.assertGreater(relu[0]["grad"]["std"], 0.1 * relu[-1]["grad"]["std"])
        self.assertLess(relu[0]["grad"]["std"], 10 * relu[-1]["grad"]["std"])

    def test_same_numbers_for_any_thread_count_and_run(self):
        args = ["--function", "gelu", "-L", "5", "-N", "300", "-B", "700", "--sigma-b", "0.1",
                "--init", "orthogonal", "--seed", "7"]
        one = run(["depth", "--threads", "1", "--json", *args]).stdout
        two = run(["depth", "--threads", "2", "--json", *args]).stdout
        again = run(["depth", "--json", *args]).stdout
        self.assertEqual(one, two)
        self.assertEqual(one, again)
        self.assertNotEqual(one, run(["depth", "--json", *args[:-1], "8"]).stdout)


class Figure(unittest.TestCase):
    def test_out_draws_the_depth_views_and_the_phase_diagram(self):
        import tempfile
        from PIL import Image
        import numpy as np
        with tempfile.TemporaryDirectory() as d:
            path = d + "/relu.png"
            p = run(["depth", "--function", "relu", "--init", "he_normal", "-L", "20", "--out",
                     path, "--size", "1500x900"])
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout, "", "quiet on success when writing a file")
            img = np.asarray(Image.open(path).convert("RGB")).astype(int)
        self.assertEqual(img.shape, (900, 1500, 3))
        def count(rgb, tol=30):
            return int((np.abs(img - np.array(rgb)).sum(axis=2) < tol).sum())
        self.assertGreater(count((253, 231, 37)), 500)   # viridis' top: the densities' peaks
        # ReLU's phase diagram: ordered (coolwarm's blue) left of σ_w² = 2, chaotic (red) right
        self.assertGreater(count((59, 76, 192), 60), 2000)
        self.assertGreater(count((220, 100, 80), 90), 2000)
        p = run(["depth", "--out", "/nonexistent-dir/x.png"])
        self.assertEqual(p.returncode, 1)
        p = run(["depth", "--out", "x.png", "--size", "10x10"])
        self.assertEqual(p.returncode, 2)


class BadInput(unittest.TestCase):
    def test_usage_errors(self):
        for args in (["-L", "0"], ["-N", "0"], ["-B", "-5"], ["--init", "kaiming"],
                     ["--sigma-w", "nan"], ["--sigma-w", "-1"], ["--sigma-b", "-0.5"],
                     ["--gain", "inf"], ["--seed", "-1"], ["-L", "1e3"],
                     ["--function", "nope"], ["--alpha", "nan", "--function", "elu"]):
            expect_usage(self, ["depth", *args])

    def test_too_large_is_refused_before_allocation_with_the_memory_it_needs(self):
        p = run(["depth", "-L", "1000", "-N", "8192", "-B", "100000"])
        self.assertEqual(p.returncode, 2)
        self.assertIn("would need", p.stderr)
        self.assertIn("GB", p.stderr)
        p = run(["depth", "-L", "10", "-N", "256", "-B", "1000", "--max-bytes", "1000000"])
        self.assertEqual(p.returncode, 2)
        self.assertIn("MB", p.stderr)


if __name__ == "__main__":
    main("ACTVIZ")
