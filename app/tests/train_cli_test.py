#!/usr/bin/env python3
"""`actviz train` end to end: the JSON schema of spec/cli.md; the perceptron on AND, OR and
XOR; a 2-sigmoid network on XOR; the final weights recomputed here in numpy give the reported
loss (the JSON describes the network it trained); x² with 6 ReLU units fits to the noise;
same seed, same run; usage errors. Usage: train_cli_test.py ACTVIZ"""
import json
import subprocess
import sys
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


class BadInput(unittest.TestCase):
    def test_usage_errors(self):
        for args in (["--task", "xor", "--hidden", "0"], ["--task", "xor", "--hidden", "1000000"],
                     ["--task", "xor", "--lr", "nan"], ["--task", "xor", "--lr", "-1"],
                     ["--task", "nope"], ["--task", "xor", "--epochs", "0"],
                     ["--task", "xor", "--optimizer", "rmsprop"], ["--task", "xor", "--loss", "l1"],
                     ["--task", "xor", "--hidden", "2,,2"], ["--task", "xor", "--batch", "0"],
                     ["--task", "xor", "--function", "nope"], []):
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
