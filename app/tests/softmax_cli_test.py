#!/usr/bin/env python3
"""`actviz softmax` end to end against mpmath at 60 digits: p, log p and every Jacobian entry
within a few ULP for logits the program has not seen (random, seeded by the test), extreme
magnitudes (±1000, ±1e300, huge spreads) and temperatures; the JSON schema; usage errors.
Usage: softmax_cli_test.py ACTVIZ"""
import json
import math
import random
import re
import sys
import unittest

import mpmath as mp

from testmain import expect_usage, main, run

mp.mp.dps = 60
MAX_ULP = 4


def ulp_error(got, want):
    """|got − want| in ULPs of the double nearest want (subnormal spacing below 2^-1022)."""
    want_d = float(want) if abs(want) < mp.mpf("1.8e308") else math.copysign(math.inf, want)
    if math.isinf(want_d) or math.isinf(got):
        return 0 if got == want_d else math.inf
    spacing = math.ulp(abs(want_d)) if want_d != 0 else 5e-324
    spacing = max(spacing, 5e-324)
    return float(abs(mp.mpf(got) - want) / spacing)


def reference(z, t, sign=1):
    """At 60 digits, with the same care as the program needs even there: a sum of 1 and
    e^-613 is 1 at 60 digits, so log p uses log1p of the other terms, and 1 − pᵢ is the sum
    of the others."""
    x = [sign * mp.mpf(v) / mp.mpf(t) for v in z]
    k = max(range(len(x)), key=lambda i: x[i])
    m = x[k]
    e = [mp.exp(v - m) for v in x]
    rest = mp.fsum(e[j] for j in range(len(e)) if j != k)
    s = 1 + rest
    p = [v / s for v in e]
    logp = [v - m - mp.log1p(rest) for v in x]
    others = [mp.fsum(e[j] for j in range(len(e)) if j != i) / s for i in range(len(e))]
    jac = [[sign * (p[i] * others[i] if i == j else -p[i] * p[j]) / t for j in range(len(z))]
           for i in range(len(z))]
    return p, logp, jac


def softmax(z, t=1.0, softmin=False):
    args = ["--logits=" + ",".join(repr(float(v)) for v in z), "--temperature", repr(t), "--json"]
    if softmin:
        args.append("--softmin")
    p = run(["softmax", *args])
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


class Accuracy(unittest.TestCase):
    def check(self, z, t=1.0, softmin=False):
        got = softmax(z, t, softmin)
        p, logp, jac = reference(z, t, -1 if softmin else 1)
        worst = 0
        for i in range(len(z)):
            for name, g, w in (("p", got["p"][i], p[i]), ("log_p", got["log_p"][i], logp[i])):
                err = ulp_error(g, w)
                worst = max(worst, err)
                self.assertLessEqual(err, MAX_ULP, f"{name}[{i}] of {z} / {t}: {g} vs {w}")
            for j in range(len(z)):
                err = ulp_error(got["jacobian"][i][j], jac[i][j])
                self.assertLessEqual(err, MAX_ULP, f"J[{i}][{j}] of {z} / {t}")
        return worst

    def test_extreme_logits_the_notes_warn_about(self):
        self.check([1000, 0, -1000])
        self.check([1e300, -1e300])
        self.check([-1e300, 1e300, 0, 1])
        self.check([710, 709, 708])  # e^z overflows double without the shift
        self.check([-745, -746, -800])  # and underflows
        self.check([1.5, 1.5, 1.5])
        self.check([0, 1e-300])
        self.check([30, 0])  # 1 − p ≈ 1e−13: no cancellation

    def test_random_logits_and_temperatures(self):
        rng = random.Random(20261201)
        for _ in range(40):
            k = rng.randint(2, 12)
            scale = 10 ** rng.uniform(-3, 3.2)
            z = [rng.gauss(0, scale) for _ in range(k)]
            t = 10 ** rng.uniform(-2, 2)
            self.check(z, t, softmin=rng.random() < 0.25)

    def test_a_thousand_logits(self):
        rng = random.Random(7)
        z = [rng.uniform(-50, 50) for _ in range(1000)]
        got = softmax(z)
        p, logp, _ = reference(z, 1.0)
        for i in range(0, 1000, 37):
            self.assertLessEqual(ulp_error(got["p"][i], p[i]), MAX_ULP)
            self.assertLessEqual(ulp_error(got["log_p"][i], logp[i]), MAX_ULP)
        self.assertEqual(len(got["jacobian"]), 1000)

    def test_two_logits_are_the_sigmoid_of_their_difference(self):
        for x, y in ((2.0, -1.0), (-30.0, 5.0), (0.25, 0.5)):
            got = softmax([x, y])
            want = 1 / (1 + mp.exp(-(mp.mpf(x) - y)))
            self.assertLessEqual(ulp_error(got["p"][0], want), MAX_ULP)


DBL_MAX = mp.mpf(sys.float_info.max)


def representable(z, t, sign):
    """Whether every exact output (mpmath) fits a double: p always does; log p and the
    Jacobian overflow at tiny temperatures or huge spreads."""
    p, logp, jac = reference(z, t, sign)
    return all(abs(v) <= DBL_MAX for v in logp + [x for row in jac for x in row])


class Overflow(unittest.TestCase):
    """No output holds inf, nan or null without a word (issue 24, class 8): a temperature
    whose results a double cannot hold is refused (exit 2) naming the bound, and at the bound
    every output is finite and exact; whatever is printed is checked against mpmath."""
    CASES = [([0, 0], 1e-320), ([0, 0], 1e-309), ([0, 0], 3e-309), ([0, 1e-310], 1e-310),
             ([0, 1], 1e-320), ([1e308, -1e308], 1e-300), ([1e308, -1e308], 1e-5),
             ([1e308, 1e308], 1e-308), ([1e308, 1e308 * (1 - 2 ** -52)], 1e-300),
             ([-1e308, 0, 1e308], 1.0), ([5, 5, -3], 5e-324), ([1, 2, 3], 1e-306),
             ([0, 1e-300], 1e-300)]

    def check_printed(self, out, z, t, sign):
        for bad in ("inf", "nan", "null"):
            self.assertNotIn(bad, out, f"{z} / {t}")
        got = json.loads(out)
        p, logp, jac = reference(z, t, sign)
        for i in range(len(z)):
            self.assertLessEqual(ulp_error(got["p"][i], p[i]), MAX_ULP, f"p[{i}] {z} / {t}")
            self.assertLessEqual(ulp_error(got["log_p"][i], logp[i]), MAX_ULP, f"{z} / {t}")
            for j in range(len(z)):
                self.assertLessEqual(ulp_error(got["jacobian"][i][j], jac[i][j]), MAX_ULP,
                                     f"J[{i}][{j}] {z} / {t}")

    def test_unrepresentable_results_are_refused_and_the_bound_is_right(self):
        refused = 0
        for z, t in self.CASES:
            for softmin in (False, True):
                sign = -1 if softmin else 1
                args = ["--logits=" + ",".join(repr(float(v)) for v in z), "-T", repr(t),
                        "--json"] + (["--softmin"] if softmin else [])
                p = run(["softmax", *args])
                text = run(["softmax"] + [a for a in args if a != "--json"])
                if representable(z, t, sign):
                    self.assertEqual(p.returncode, 0, f"{z} / {t}: {p.stderr}")
                    self.check_printed(p.stdout, z, t, sign)
                    for bad in ("inf", "nan"):
                        self.assertNotIn(bad, text.stdout)
                    continue
                refused += 1
                for q in (p, text):
                    self.assertEqual(q.returncode, 2, f"{z} / {t}: {q.stdout[:200]}")
                    self.assertEqual(q.stdout, "")
                    self.assertIn("--temperature", q.stderr)
                m = re.search(r"T >= (\S+)$", p.stderr.strip())
                self.assertTrue(m, p.stderr)
                bound = float(m.group(1))
                self.assertTrue(representable(z, bound, sign), f"{z}: bound {bound} is not safe")
                at = run(["softmax"] + [a if a != repr(t) else repr(bound) for a in args])
                self.assertEqual(at.returncode, 0, at.stderr)
                self.check_printed(at.stdout, z, bound, sign)
        self.assertGreaterEqual(refused, 8)  # the cases do reach the refusal

    def test_the_issue_example(self):
        expect_usage(self, ["softmax", "-z", "0,0", "-T", "1e-320", "--json"],
                     mention=("Jacobian",))


class Interface(unittest.TestCase):
    def test_json_schema_and_shortest_numbers(self):
        d = softmax([0.0, math.log(3.0)])
        self.assertEqual(set(d), {"p", "log_p", "jacobian"})
        self.assertEqual(len(d["jacobian"]), 2)
        out = run(["softmax", "--logits", "0,0", "--json"]).stdout
        self.assertIn("0.5", out)
        self.assertNotIn("0.50000", out)  # shortest round-trip form

    def test_usage_errors(self):
        for args in (["--logits", "1"], ["--logits", "1,nan"], ["--logits", "1,inf"],
                     ["--logits", "1,,2"], ["--logits", "a,b"], ["--logits", "1,2", "-T", "0"],
                     ["--logits", "1,2", "-T", "-1"], ["--logits", "1,2", "-T", "nan"],
                     ["--logits", ",".join(["1"] * 1001)], []):
            expect_usage(self, ["softmax", *args])


if __name__ == "__main__":
    main("ACTVIZ")
