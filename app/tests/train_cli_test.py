#!/usr/bin/env python3
"""`actviz train` end to end: the JSON schema of spec/cli.md; the perceptron on AND, OR and
XOR; a 2-sigmoid network on XOR; the final weights recomputed here in numpy give the reported
loss (the JSON describes the network it trained); x² with 6 ReLU units fits to the noise;
same seed, same run; usage errors. Usage: train_cli_test.py ACTVIZ"""
import json
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import testmain

ACTVIZ = None


def train(*args):
    p = subprocess.run([ACTVIZ, "train", *args, "--json"], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class Schema(unittest.TestCase):
    def test_fields_and_lengths(self):
        d = train("--task", "xor", "--function", "tanh", "--epochs", "50")
        self.assertEqual(set(d), {"parameters", "loss", "accuracy", "final", "weights", "biases"})
        self.assertEqual(d["parameters"], 2 * 2 + 2 + 2 + 1)
        self.assertEqual(len(d["loss"]), 50)
        self.assertEqual(len(d["accuracy"]), 50)
        self.assertEqual(set(d["final"]), {"loss", "accuracy"})
        self.assertEqual([len(w) for w in d["weights"]], [4, 2])
        self.assertEqual([len(b) for b in d["biases"]], [2, 1])
        sq = train("--task", "square", "--function", "relu", "--epochs", "3")
        self.assertNotIn("accuracy", sq)
        self.assertEqual(sq["parameters"], 19)  # the notebook's 6 units in parallel


class Lessons(unittest.TestCase):
    def test_perceptron_and_or_but_not_xor(self):
        for task in ("and", "or"):
            d = train("--task", task, "--model", "perceptron", "--function", "step")
            self.assertEqual(d["final"]["accuracy"], 1.0, task)
        d = train("--task", "xor", "--model", "perceptron", "--function", "step")
        self.assertLessEqual(max(d["accuracy"]), 0.75)

    def test_two_sigmoids_solve_xor_and_the_weights_say_so(self):
        d = train("--task", "xor", "--function", "sigmoid", "--seed", "1")
        self.assertEqual(d["final"]["accuracy"], 1.0)
        # Recompute the network from its reported weights: Keras layout (in × out).
        x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
        y = np.array([0, 1, 1, 0], float)
        w1 = np.array(d["weights"][0]).reshape(2, 2)
        w2 = np.array(d["weights"][1]).reshape(2, 1)
        h = sigmoid(x @ w1 + np.array(d["biases"][0]))
        out = (h @ w2).ravel() + d["biases"][1][0]
        mse = float(np.mean((out - y) ** 2))
        self.assertAlmostEqual(mse, d["final"]["loss"], delta=1e-12 + 1e-9 * mse)
        self.assertTrue(np.array_equal(out > 0.5, y > 0.5))

    def test_relu_units_fit_the_square_to_within_its_noise(self):
        d = train("--task", "square", "--function", "relu")
        self.assertLess(d["final"]["loss"], 160)
        self.assertGreater(d["final"]["loss"], 70)  # the noise alone leaves ~100

    def test_same_seed_same_run(self):
        a = train("--task", "spiral", "--function", "relu", "--hidden", "8,8", "--epochs", "20")
        b = train("--task", "spiral", "--function", "relu", "--hidden", "8,8", "--epochs", "20")
        self.assertEqual(a, b)
        c = train("--task", "spiral", "--function", "relu", "--hidden", "8,8", "--epochs", "20",
                  "--seed", "5")
        self.assertNotEqual(a["loss"], c["loss"])

    def test_same_run_on_one_core_as_on_all(self):
        # Pinned to one core, whatever threads the process has run interleaved otherwise than
        # on two; the run must not depend on that (bitwise the same JSON).
        import os
        args = [ACTVIZ, "train", "--task", "circles", "--function", "tanh", "--hidden", "6,6",
                "--epochs", "30", "--json"]
        one = subprocess.run(args, capture_output=True, text=True, timeout=300,
                             preexec_fn=lambda: os.sched_setaffinity(0, {0}))
        every = subprocess.run(args, capture_output=True, text=True, timeout=300)
        self.assertEqual(one.returncode, 0, one.stderr)
        self.assertEqual(one.stdout, every.stdout)


def picture(args, path):
    from PIL import Image
    p = subprocess.run([ACTVIZ, "train", *args, "--json", "--out", path], capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout), np.asarray(Image.open(path).convert("RGB")).astype(int)


BLUE, ORANGE = (120, 165, 235), (245, 170, 100)  # the surface's ends: output 0 and 1


class Picture(unittest.TestCase):
    """--out draws the decision surface where the reported network puts its classes."""

    def surface_box(self, img):
        # The perceptron's outputs are exactly 0 or 1: its cells are the ramp's end colours.
        ends = np.all(img == BLUE, axis=2) | np.all(img == ORANGE, axis=2)
        ys, xs = np.nonzero(ends)
        self.assertGreater(len(xs), 10000)
        # Cells span [-0.005, 1.005] on both axes (centred on the 101 grid points).
        return xs.min(), xs.max() + 1, ys.min(), ys.max() + 1

    def pixel(self, img, box, x1, x2):
        left, right, top, bottom = box
        px = left + (x1 + 0.005) / 1.01 * (right - left)
        py = bottom - (x2 + 0.005) / 1.01 * (bottom - top)
        return img[int(py), int(px)]

    def test_and_perceptron_surface_classes_match_its_weights(self):
        with tempfile.TemporaryDirectory() as d:
            doc, img = picture(["--task", "and", "--model", "perceptron", "--function", "step"],
                               d + "/and.png")
        self.assertEqual(img.shape, (900, 1600, 3))
        w, b = np.array(doc["weights"][0]), doc["biases"][0][0]
        box = self.surface_box(img)
        checked = 0
        for i in range(3, 98, 4):
            for j in range(3, 98, 4):
                x = np.array([i / 100, j / 100])
                z = x @ w + b
                if abs(z) < 0.02 * np.abs(w).sum():  # a cell on the boundary
                    continue
                want = ORANGE if z > 0 else BLUE
                self.assertEqual(tuple(self.pixel(img, box, *x)), want, (i, j, z))
                checked += 1
        self.assertGreater(checked, 500)

    def test_xor_sigmoid_surface_follows_the_network_recomputed_in_numpy(self):
        with tempfile.TemporaryDirectory() as d:
            _, ref = picture(["--task", "and", "--model", "perceptron", "--function", "step"],
                             d + "/and.png")
            doc, img = picture(["--task", "xor", "--function", "sigmoid", "--seed", "1"],
                               d + "/xor.png")
        box = self.surface_box(ref)  # the same size and axes: the same plot area
        w1 = np.array(doc["weights"][0]).reshape(2, 2)
        w2 = np.array(doc["weights"][1]).reshape(2, 1)
        b1, b2 = np.array(doc["biases"][0]), np.array(doc["biases"][1])
        checked = 0
        for i in range(3, 98, 4):
            for j in range(3, 98, 4):
                x = np.array([i / 100, j / 100])
                out = (sigmoid(x @ w1 + b1) @ w2 + b2)[0]
                if abs(out - 0.5) < 0.15:
                    continue
                r, g, bl = self.pixel(img, box, *x)
                # Orange side: red over blue; blue side: blue over red.
                self.assertEqual(r > bl, out > 0.5, (i, j, out, (r, g, bl)))
                checked += 1
        self.assertGreater(checked, 300)

    def test_a_bad_out_path_fails_without_a_traceback(self):
        p = subprocess.run([ACTVIZ, "train", "--task", "xor", "--function", "relu", "--out",
                            "/nonexistent/dir/x.png"], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertTrue(p.stderr.strip())


class BadInput(unittest.TestCase):
    def test_usage_errors(self):
        for args in (["--task", "xor", "--hidden", "0"], ["--task", "xor", "--hidden", "1000000"],
                     ["--task", "xor", "--lr", "nan"], ["--task", "xor", "--lr", "-1"],
                     ["--task", "nope"], ["--task", "xor", "--epochs", "0"],
                     ["--task", "xor", "--optimizer", "rmsprop"], ["--task", "xor", "--loss", "l1"],
                     ["--task", "xor", "--hidden", "2,,2"], ["--task", "xor", "--batch", "0"],
                     ["--task", "xor", "--function", "nope"],
                     ["--task", "xor", "--function", "relu", "--functions", "relu,tanh"],
                     ["--task", "xor", "--function", "relu", "--functions", "nope"],
                     ["--task", "sinus", "--function", "relu"], []):
            p = subprocess.run([ACTVIZ, "train", *args], capture_output=True, text=True,
                               timeout=60)
            self.assertEqual(p.returncode, 2, f"{args}: {p.stderr}")
            self.assertEqual(p.stdout, "")

    def test_a_diverging_run_stops_with_a_message(self):
        p = subprocess.run([ACTVIZ, "train", "--task", "square", "--function", "linear",
                            "--optimizer", "sgd", "--lr", "10"], capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertIn("loss became", p.stderr)


if __name__ == "__main__":
    ACTVIZ = sys.argv[1]
    testmain.run()
