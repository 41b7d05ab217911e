#!/usr/bin/env python3
"""End-to-end tests of the actviz command line (spec/cli.md) through the real binary:
`eval` against the mpmath reference tables (both types, f and f', every parameter set),
`list --json` against the spec's names and defaults, and exit codes / messages of every
usage error. Usage: cli_test.py ACTVIZ_BINARY REFERENCE_DIR"""
import json
import os
import shutil
import struct
import subprocess
import tempfile
import unittest
from collections import defaultdict

import mpmath as mp

from testmain import expect_usage, main, run

mp.mp.prec = 200
ACTVIZ = REF_DIR = None

# The spec's functions and their defaults, from the reference tables (one per function, written
# from the spec by tools/make_reference.py): set in setUpModule.
SPEC_NAMES = set()
SPEC_DEFAULTS = {}


def read_spec_defaults():
    """{name: {param: default}} from each table's "# Spec defaults:" header line."""
    out = {}
    for name in SPEC_NAMES:
        with open(os.path.join(REF_DIR, name + ".tsv")) as fh:
            for line in fh:
                if line.startswith("# Spec defaults: "):
                    text = line[len("# Spec defaults: "):].strip()
                    out[name] = {} if text == "-" else {
                        k: float(v) for k, v in (kv.split("=") for kv in text.split(","))}
    return out


def setUpModule():
    SPEC_NAMES.update(f[:-4] for f in os.listdir(REF_DIR) if f.endswith(".tsv"))
    SPEC_DEFAULTS.update(read_spec_defaults())


def round_f32(v):
    """Nearest float32 of a Python float (the value actviz's f32 path would read)."""
    if v != v or v in (float("inf"), float("-inf")):
        return v
    try:
        return struct.unpack("f", struct.pack("f", v))[0]
    except OverflowError:
        return float("inf") if v > 0 else float("-inf")


def ulp_error(got, want, scale, f32):
    """Error of `got` in ULPs of the target type against the exact decimal `want`."""
    digits, emin, fmax = (24, -126, 3.4028234663852886e38) if f32 else \
        (53, -1022, 1.7976931348623157e308)
    if want == "nan":
        return 0.0 if got != got else float("inf")
    if got != got:
        return float("inf")
    w = mp.mpf(want)
    if mp.isinf(w) or abs(w) > fmax * (1 + mp.mpf(2) ** -digits):
        return 0.0 if got == (float("inf") if w > 0 else float("-inf")) else float("inf")
    if got in (float("inf"), float("-inf")):
        return float("inf")
    mag = max(abs(w), mp.mpf(scale))
    if got == 0 and mag < mp.mpf(2) ** emin:
        return 0.0  # subnormal results may flush to zero
    e = emin if mag < mp.mpf(2) ** emin else int(mp.floor(mp.log(mag, 2)))
    if mag >= mp.mpf(2) ** (e + 1):  # guard the log's rounding at powers of two
        e += 1
    if mag < mp.mpf(2) ** e:
        e -= 1
    return float(abs(mp.mpf(got) - w) / mp.mpf(2) ** (e - digits + 1))


def read_tables():
    """{name: {(type, params): [(x, f, df, fs, dfs), ...]}} from the reference TSV files."""
    tables = {}
    for name in sorted(SPEC_NAMES):
        groups = defaultdict(list)
        with open(os.path.join(REF_DIR, name + ".tsv")) as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                t, params, x, f, df, fs, dfs = line.rstrip("\n").split("\t")
                groups[(t, params)].append((x, f, df, fs, dfs))
        tables[name] = groups
    return tables


class Eval(unittest.TestCase):
    def test_eval_meets_the_ulp_bounds_of_the_reference_tables(self):
        worst_overall = {}
        for name, groups in read_tables().items():
            for (typ, params), rows in groups.items():
                args = ["eval", "--function", name, "--type", typ]
                if params != "-":
                    for kv in params.split(","):
                        args += ["--param", kv]
                xs = "\n".join(r[0] for r in rows) + "\n"
                for deriv in (False, True):
                    code, out, err = run(args + (["--derivative"] if deriv else []), xs)
                    self.assertEqual(code, 0, f"{args}: {err}")
                    lines = out.split("\n")[:-1]
                    self.assertEqual(len(lines), len(rows), f"{name} {params}: line count")
                    bound = 8 if typ == "f32" else 4
                    for row, text in zip(rows, lines):
                        # f32 results print in the shortest form that reads back to the
                        # same float32, which as a double is not that float: round it.
                        got = round_f32(float(text)) if typ == "f32" else float(text)
                        want, scale = (row[2], row[4]) if deriv else (row[1], row[3])
                        e = ulp_error(got, want, scale, typ == "f32")
                        key = (name, typ, deriv)
                        worst_overall[key] = max(worst_overall.get(key, 0), e)
                        self.assertLessEqual(
                            e, bound, f"{name} {typ} {'df' if deriv else 'f'} {params} "
                            f"x={row[0]}: got {text}, want {want}")
        self.assertEqual({k[0] for k in worst_overall}, SPEC_NAMES)

    def test_output_is_shortest_round_trip(self):
        code, out, _ = run(["eval", "--function", "linear"], "0.1 -2.5e-308 5e-324 1e308\n")
        self.assertEqual(code, 0)
        self.assertEqual(out.split(), ["0.1", "-2.5e-308", "5e-324", "1e+308"])
        code, out, _ = run(["eval", "--function", "linear", "--type", "f32"], "0.1 1e-45\n")
        self.assertEqual(out.split(), ["0.1", "1e-45"])
        code, out, _ = run(["eval", "--function", "relu"], "inf -inf nan -0\n")
        self.assertEqual(out.split(), ["inf", "0", "nan", "0"])

    def test_f32_parameters_round_once_from_the_decimal(self):
        # 1 + 2^-24 + a hair rounds up to 1 + 2^-23 as a float, but to 1 through a double.
        code, out, _ = run(["eval", "--function", "linear", "--type", "f32", "--param",
                            "lambda=1.000000059604644775390625000001"], "1\n")
        self.assertEqual((code, out.split()), (0, ["1.0000001"]))

    def test_empty_input_gives_empty_output(self):
        self.assertEqual(run(["eval", "--function", "gelu"], ""), (0, "", ""))


class List(unittest.TestCase):
    def test_list_json_has_all_functions_with_parameters_and_defaults(self):
        code, out, err = run(["list", "--json"])
        self.assertEqual(code, 0, err)
        doc = json.loads(out)
        fns = {f["name"]: f for f in doc["functions"] if f["kind"] == "catalogue"}
        self.assertEqual(set(fns), SPEC_NAMES)
        self.assertEqual(len(fns), len(SPEC_NAMES))
        for f in fns.values():
            for key in ("label", "formula", "derivative", "parameters"):
                self.assertIn(key, f)
            for p in f["parameters"]:
                self.assertLessEqual(p["min"], p["default"])
                self.assertLessEqual(p["default"], p["max"])
        for n, want in SPEC_DEFAULTS.items():
            got = {p["name"]: p["default"] for p in fns[n]["parameters"]}
            self.assertEqual(got, want, n)
            self.assertEqual([p["name"] for p in fns[n]["parameters"]], list(want), n)

    def test_list_text_names_every_function(self):
        code, out, _ = run(["list"])
        self.assertEqual(code, 0)
        for n in SPEC_NAMES:
            self.assertIn(n, out)


class Bench(unittest.TestCase):
    def test_bench_json_reports_copy_every_kernel_the_histogram_and_image_stages(self):
        code, out, err = run(["bench", "--json", "--n", "20000", "--reps", "1",
                              "--pixels", "20000", "--threads", "1"])
        self.assertEqual(code, 0, err)
        doc = json.loads(out)
        ks = doc["kernels"]
        self.assertEqual({(k["function"], k["derivative"]) for k in ks},
                         {(n, d) for n in SPEC_NAMES for d in (False, True)})
        for k in ks:
            self.assertEqual(k["n"], 20000)
            self.assertEqual(k["threads"], 1)
            self.assertGreater(k["elements_per_second"], 1e5)
        self.assertGreater(doc["histogram"]["samples_per_second"], 1e5)
        self.assertEqual(doc["histogram"]["bins"], 100)
        copy = doc["copy"]
        self.assertEqual((copy["n"], copy["threads"]), (20000, 1))
        self.assertAlmostEqual(copy["bytes_per_second"], 8 * copy["elements_per_second"],
                               delta=1e-6 * copy["bytes_per_second"])
        img = doc["image"]
        self.assertGreater(img["pixels"], 10000)
        for stage in ("decode", "gray", "median", "apply_gelu", "encode_output_png"):
            self.assertGreaterEqual(img["stages_ms"][stage], 0)

    def test_bench_rejects_unknown_functions_and_bad_sizes(self):
        self.assertEqual(run(["bench", "--function", "nope"])[0], 2)
        self.assertEqual(run(["bench", "--n", "0"])[0], 2)


class UsageErrors(unittest.TestCase):
    def test_unknown_function_lists_the_valid_names(self):
        err = expect_usage(self, ["eval", "--function", "relu7"], mention=("relu7",))
        for n in SPEC_NAMES:
            self.assertIn(n, err)

    def test_unknown_parameter(self):
        expect_usage(self, ["eval", "--function", "relu", "--param", "alpha=1"],
                     mention=("alpha",))
        expect_usage(self, ["eval", "--function", "elu", "--beta", "1"], mention=("beta",))
        expect_usage(self, ["eval", "--function", "elu", "--param", "alpha"], mention=("alpha",))

    def test_malformed_numbers(self):
        expect_usage(self, ["eval", "--function", "elu", "--alpha", "1.5x"], mention=("1.5x",))
        expect_usage(self, ["eval", "--function", "elu", "--param", "alpha="])
        expect_usage(self, ["eval", "--function", "elu"], stdin="1 2 three 4\n",
                     mention=("three",))
        expect_usage(self, ["eval", "--function", "elu", "--type", "f32"], stdin="0x1p3\n")

    def test_out_of_domain_and_nan_parameters(self):
        # Every parameter of every function, from `list --json`: NaN and ±inf anywhere, and
        # the values outside its stated domain ("> 0", ">= 0").
        _, out, _ = run(["list", "--json"])
        cases = []
        for f in json.loads(out)["functions"]:
            for p in f["parameters"]:
                bad = ["nan", "NaN", "inf", "-inf"]
                if p.get("domain") == "> 0":
                    bad += ["0", "-2"]
                    cases.append([f["name"], p["name"], "1e-50", "--type", "f32"])  # 0 in float
                if p.get("domain") == ">= 0":
                    bad += ["-1", "-1e-320"]
                cases += [[f["name"], p["name"], v] for v in bad]
        self.assertGreater(len(cases), 80)
        for fn, name, value, *rest in cases:
            expect_usage(self, ["eval", "--function", fn, "--param", f"{name}={value}"] + rest,
                         mention=(name,))
        for c in (["--function", "softplus", "--beta", "0"],
                  ["--function", "linear", "--lambda", "inf"]):  # the named options too
            expect_usage(self, ["eval"] + c)
        # The same β is fine in double precision.
        self.assertEqual(run(["eval", "--function", "softplus", "--beta", "1e-50"], "1\n")[0], 0)

    def test_bad_options(self):
        expect_usage(self, ["eval", "--type", "f16"])
        expect_usage(self, ["frobnicate"])
        expect_usage(self, ["eval", "--no-such-option"])

    def test_help_exits_zero(self):
        for args in (["--help"], ["eval", "--help"], ["list", "--help"]):
            code, out, _ = run(args)
            self.assertEqual(code, 0, args)
            self.assertIn("Usage", out)


    def test_the_command_line_loads_no_window_libraries(self):
        # The commands run in `actviz`, which links neither GLFW nor X11 (the window is
        # actviz-window, run in its place): what the dynamic loader maps for `list` is read
        # back from LD_DEBUG, not from the build files.
        p = run(["list"], env={"LD_DEBUG": "libs"})
        self.assertEqual(p.returncode, 0)
        loaded = [l for l in p.stderr.splitlines() if "calling init:" in l]
        self.assertTrue(any("libpng" in l for l in loaded), loaded)  # the check sees libraries
        for lib in ("libglfw", "libX11", "libxcb", "libGLX"):
            self.assertFalse(any(lib in l for l in loaded), (lib, loaded))

    def test_a_window_request_without_the_window_executable_says_so(self):
        # A copy of `actviz` alone in a directory: asking for the window is a clear failure.
        with tempfile.TemporaryDirectory() as d:
            lone = os.path.join(d, "actviz")
            shutil.copy(ACTVIZ, lone)
            p = subprocess.run([lone, "--screenshot", os.path.join(d, "s.png")],
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 1)
            self.assertIn("cannot start the window", p.stderr)
            self.assertIn("actviz-window", p.stderr)
            self.assertFalse(os.path.exists(os.path.join(d, "s.png")))


if __name__ == "__main__":
    main("ACTVIZ", "REF_DIR")
