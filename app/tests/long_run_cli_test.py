#!/usr/bin/env python3
"""Runs that overflow float32 or last long (issue 24): `depth` says from which layer the signal
and the gradient overflowed, in the table and the JSON, and keeps those entries out of its
statistics; a long `depth` or `train` shows its progress on a terminal's stderr after a second
and stops on Ctrl+C (exit 130, nothing on stdout, no file written), while a short or
redirected run prints no progress at all.
Usage: long_run_cli_test.py ACTVIZ"""
import json
import os
import pty
import select
import signal
import subprocess
import tempfile
import time
import unittest

from testmain import main, run

ACTVIZ = None
FLT_MAX = 3.4028234663852886e38


class Overflow(unittest.TestCase):
    def test_linear_at_lambda_1e30_overflows_h_at_layer_2(self):
        # Standard normal inputs, sigma_w = 1: z1 ~ N(0, 1), h1 = 1e30 z1 (finite, < 1e31),
        # z2 ~ 1e30 N(0, 1) (finite), h2 ~ 1e60: over FLT_MAX. So layer 2, from its h.
        args = ["depth", "-f", "linear", "--lambda", "1e30", "-L", "6", "-N", "16", "-B", "100"]
        p = run([*args, "--json"])
        self.assertEqual(p.returncode, 0, p.stderr)
        d = json.loads(p.stdout)
        self.assertEqual(d["overflow"], {"signal_layer": 2, "gradient_layer": 2})
        l1, l2, l3 = d["layers"][:3]
        self.assertNotIn("nonfinite_fraction", l1["pre"])
        self.assertNotIn("nonfinite_fraction", l1["post"])
        self.assertLess(abs(l1["post"]["std"]), FLT_MAX)
        self.assertGreater(l1["post"]["std"], 1e29)
        self.assertEqual(l2["post"]["nonfinite_fraction"], 1.0)
        # nothing finite: no mean, and no "0 % zero" either
        for k in ("mean", "std", "min", "max", "zero_fraction"):
            self.assertIsNone(l2["post"][k], k)
            self.assertIsNone(l3["pre"][k], k)
        text = run(args)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn("the signal overflowed float32 at layer 2", text.stdout)
        self.assertIn("the gradient overflowed float32 at layer 2", text.stdout)
        rows = [l for l in text.stdout.splitlines() if l.strip()[:1].isdigit()]
        self.assertEqual(len(rows), 6)
        self.assertNotIn("nan", " ".join(rows).lower())
        self.assertTrue(all(r.endswith("*") for r in rows[1:]), rows)  # marked from layer 2
        self.assertEqual(rows[2].split()[1], "-")  # Var(z) of layer 3: nothing finite

    def test_relu_dead_units_are_not_counted_after_the_overflow(self):
        # sigma_w = 1000 at N = 16: each ReLU layer multiplies the scale by ~1000/sqrt(2), so
        # float32 (max 3.4e38) gives out at layer 13 or 14 of 14 (1e3^14 / 2^7 ~ 8e39).
        p = run(["depth", "-f", "relu", "--sigma-w", "1000", "-L", "14", "-N", "16", "-B", "100",
                 "--json"])
        self.assertEqual(p.returncode, 0, p.stderr)
        d = json.loads(p.stdout)
        self.assertIn(d["overflow"]["signal_layer"], (13, 14))
        for l in d["layers"]:
            post = l["post"]
            if post["zero_fraction"] is not None:
                # ReLU zeroes about half of a symmetric z: 1.0 would be NaN or -inf counted
                self.assertGreater(post["zero_fraction"], 0.2, l["layer"])
                self.assertLess(post["zero_fraction"], 0.8, l["layer"])

    def test_the_figure_of_an_overflowing_run_is_drawn(self):
        # The histograms of an overflowing run once wrote through a NaN bin index (SIGSEGV).
        with tempfile.TemporaryDirectory() as tmp:
            for extra in (["--sigma-w", "1000", "-L", "14", "-N", "16", "-B", "100"],
                          ["--sigma-w", "8", "-L", "60", "-N", "256", "-B", "300"]):
                out = tmp + "/d.png"
                p = run(["depth", "-f", "relu", *extra, "--out", out])
                self.assertEqual(p.returncode, 0, f"{extra}: {p.stderr}")
                with open(out, "rb") as f:
                    self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
                os.unlink(out)

    def test_a_run_that_does_not_overflow_has_exactly_the_specs_keys(self):
        d = json.loads(run(["depth", "-L", "3", "-N", "16", "-B", "50", "--json"]).stdout)
        self.assertNotIn("overflow", d)
        for l in d["layers"]:
            for k in ("pre", "post", "grad"):
                self.assertNotIn("nonfinite_fraction", l[k])


def on_terminal(args, interrupt_after):
    """Runs actviz with stderr on a pseudo-terminal; SIGINT after `interrupt_after` s (None:
    never). Returns (exit code, stdout, what the terminal showed, seconds from SIGINT to exit)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([ACTVIZ, *args], stdout=subprocess.PIPE, stderr=slave,
                         stdin=subprocess.DEVNULL)
    os.close(slave)
    shown, t0, stop_took = b"", time.time(), None

    def drain(seconds):
        nonlocal shown
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    data = os.read(master, 4096)
                except OSError:
                    return
                if not data:
                    return
                shown += data
            elif p.poll() is not None:
                return

    if interrupt_after is not None:
        drain(interrupt_after)
        self_ok = p.poll() is None
        t1 = time.time()
        p.send_signal(signal.SIGINT)
        out = p.stdout.read()
        p.stdout.close()
        p.wait(timeout=120)
        stop_took = time.time() - t1 if self_ok else None
    else:
        out = p.stdout.read()
        p.stdout.close()
        p.wait(timeout=300)
    drain(0.3)
    os.close(master)
    return p.returncode, out, shown.decode("utf-8", "replace"), stop_took


LONG = {
    "depth": ["depth", "-N", "2048", "--init", "orthogonal", "-L", "40", "-B", "1000"],
    "train": ["train", "--task", "spiral", "--hidden", "3000,3000", "--epochs", "3"],
}


class LongRuns(unittest.TestCase):
    def test_a_long_run_shows_progress_and_stops_on_ctrl_c(self):
        for name, args in LONG.items():
            with self.subTest(name):
                code, out, shown, took = on_terminal(args, 3.0)
                self.assertIsNotNone(took, f"{name} ended before the interrupt: {shown}")
                self.assertEqual(code, 130, shown)
                self.assertEqual(out, b"")
                self.assertRegex(shown, r"actviz: (depth run|training) +\d+% · \d+ s")
                self.assertIn("interrupted", shown)
                self.assertLess(took, 10, "Ctrl+C must stop the run within seconds")

    def test_an_interrupted_run_writes_no_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = tmp + "/net.png"
            code, _, shown, took = on_terminal(LONG["train"] + ["--out", out], 2.0)
            self.assertEqual(code, 130, shown)
            self.assertEqual(os.listdir(tmp), [])

    def test_a_short_run_prints_no_progress(self):
        code, out, shown, _ = on_terminal(["depth", "-L", "5", "-N", "64", "-B", "200"], None)
        self.assertEqual(code, 0, shown)
        self.assertIn(b"theory chi", out)
        self.assertEqual(shown, "")

    def test_progress_is_not_written_where_stderr_is_no_terminal(self):
        p = subprocess.Popen([ACTVIZ, *LONG["train"]], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        time.sleep(2.5)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=120)
        self.assertEqual(p.returncode, 130)
        self.assertNotIn(b"%", err)
        self.assertIn(b"interrupted", err)


if __name__ == "__main__":
    main("ACTVIZ")
