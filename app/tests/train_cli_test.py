#!/usr/bin/env python3
"""`actviz train` end to end: the JSON schema of spec/cli.md; the perceptron on AND, OR and
XOR; a 2-sigmoid network on XOR; the final weights recomputed here in numpy give the reported
loss (the JSON describes the network it trained); x² with 6 ReLU units fits to the noise;
same seed, same run; usage errors. Usage: train_cli_test.py ACTVIZ"""
import json
import tempfile
import unittest

import numpy as np

from testmain import expect_usage, main, run


def train(*args):
    p = run(["train", *args, "--json"])
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
        args = ["train", "--task", "circles", "--function", "tanh", "--hidden", "6,6",
                "--epochs", "30", "--json"]
        one = run(args, cpus={0})
        every = run(args)
        self.assertEqual(one.returncode, 0, one.stderr)
        self.assertEqual(one.stdout, every.stdout)


def picture(args, path):
    from PIL import Image
    p = run(["train", *args, "--json", "--out", path])
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
        p = run(["train", "--task", "xor", "--function", "relu", "--out",
                 "/nonexistent/dir/x.png"], timeout=60)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertTrue(p.stderr.strip())


def run_net(x, d, fns):
    """The network of a --json document recomputed in numpy: hidden layers with the given
    functions (numpy callables of z), then the linear output unit."""
    h = x
    for l, f in enumerate(fns):
        w = np.array(d["weights"][l]).reshape(h.shape[1], -1)
        h = f(h @ w + np.array(d["biases"][l]))
    w = np.array(d["weights"][-1]).reshape(h.shape[1], 1)
    return (h @ w).ravel() + d["biases"][-1][0]


XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
XOR_Y = np.array([0, 1, 1, 0], float)


def prelu(a):
    return lambda z: np.where(z > 0, z, a * z)


class LearnedParameters(unittest.TestCase):
    """PReLU's α is learned, one per hidden layer (nn.PReLU()), unless --freeze-params."""

    def test_prelu_reports_its_learned_alphas_and_they_are_the_ones_used(self):
        d = train("--task", "xor", "--function", "prelu", "--param", "alpha=0.1", "--hidden",
                  "3,2", "--epochs", "300")
        self.assertEqual(d["parameters"], 2 * 3 + 3 + 3 * 2 + 2 + 2 + 1 + 2)  # + one α a layer
        alphas = d["activation_params"]
        self.assertEqual([len(a) for a in alphas], [1, 1])
        self.assertTrue(all(abs(a[0] - 0.1) > 1e-4 for a in alphas), alphas)
        out = run_net(XOR_X, d, [prelu(alphas[0][0]), prelu(alphas[1][0])])
        mse = float(np.mean((out - XOR_Y) ** 2))
        self.assertAlmostEqual(mse, d["final"]["loss"], delta=1e-12 + 1e-9 * mse)

    def test_frozen_alpha_is_leaky_relu_with_that_alpha(self):
        f = train("--task", "xor", "--function", "prelu", "--param", "alpha=0.1", "--hidden",
                  "3,2", "--epochs", "300", "--freeze-params")
        self.assertNotIn("activation_params", f)
        self.assertEqual(f["parameters"], 2 * 3 + 3 + 3 * 2 + 2 + 2 + 1)
        leaky = train("--task", "xor", "--function", "leaky_relu", "--param", "alpha=0.1",
                      "--hidden", "3,2", "--epochs", "300")
        self.assertEqual(f, leaky)

    def test_one_sgd_step_matches_torch_prelu_gradients(self):
        # The initial weights: one step at a rate too small to move any of them.
        common = ["--task", "xor", "--function", "prelu", "--hidden", "3,2", "--optimizer",
                  "sgd", "--batch", "4", "--epochs", "1", "--seed", "4"]
        w0 = train(*common, "--lr", "1e-300")
        w1 = train(*common, "--lr", "0.1")
        try:
            import torch
        except ImportError:
            self.skipTest("no torch")
        torch.set_default_dtype(torch.float64)
        layers, acts = [], []
        for l, (w, b) in enumerate(zip(w0["weights"], w0["biases"])):
            n_out = len(b)
            lin = torch.nn.Linear(len(w) // n_out, n_out)
            with torch.no_grad():
                lin.weight.copy_(torch.tensor(w).reshape(-1, n_out).T)
                lin.bias.copy_(torch.tensor(b))
            layers.append(lin)
            if l + 1 < len(w0["weights"]):
                acts.append(torch.nn.PReLU(init=0.25))  # the default --param alpha
        h = torch.tensor(XOR_X)
        for l, lin in enumerate(layers):
            h = lin(h)
            if l < len(acts):
                h = acts[l](h)
        loss = torch.mean((h.ravel() - torch.tensor(XOR_Y)) ** 2)
        loss.backward()
        for l, lin in enumerate(layers):
            want_w = (lin.weight - 0.1 * lin.weight.grad).T.reshape(-1).detach().numpy()
            want_b = (lin.bias - 0.1 * lin.bias.grad).detach().numpy()
            np.testing.assert_allclose(w1["weights"][l], want_w, rtol=0, atol=1e-14)
            np.testing.assert_allclose(w1["biases"][l], want_b, rtol=0, atol=1e-14)
        self.assertNotEqual(acts[0].weight.grad.item(), 0)
        for l, a in enumerate(acts):
            want = (a.weight - 0.1 * a.weight.grad).item()
            self.assertAlmostEqual(w1["activation_params"][l][0], want, delta=1e-14)


class PerLayerFunctions(unittest.TestCase):
    def test_each_layer_runs_with_its_own_parameters(self):
        d = train("--task", "xor", "--function", "leaky_relu", "--param", "alpha=0.2",
                  "--hidden", "3,2,2", "--functions",
                  "leaky_relu(alpha=0.05), elu(alpha=0.5),leaky_relu", "--epochs", "200")
        elu = lambda z: np.where(z > 0, z, 0.5 * np.expm1(z))
        # The third layer is --function's leaky_relu: --param's α = 0.2.
        out = run_net(XOR_X, d, [prelu(0.05), elu, prelu(0.2)])
        mse = float(np.mean((out - XOR_Y) ** 2))
        self.assertAlmostEqual(mse, d["final"]["loss"], delta=1e-12 + 1e-9 * mse)
        self.assertNotIn("activation_params", d)

    def test_bad_per_layer_text_is_a_usage_error_that_says_what_is_wrong(self):
        rows = [("relu,tahn", "unknown function 'tahn'"), ("elu(alpha=0.5", "parentheses"),
                ("elu(beta=1),relu", "no parameter 'beta'"), ("celu(alpha=0),relu", "> 0"),
                ("elu(alpha=x),relu", "not a number"), ("relu", "1 function for 2 hidden layers")]
        for text, says in rows:
            expect_usage(self, ["train", "--task", "xor", "--function", "relu", "--hidden", "2,2",
                                "--functions", text], mention=(says,))


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
            expect_usage(self, ["train", *args])

    def test_a_diverging_run_stops_with_a_message(self):
        p = run(["train", "--task", "square", "--function", "linear", "--optimizer", "sgd",
                 "--lr", "10"], timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertIn("loss became", p.stderr)


if __name__ == "__main__":
    main("ACTVIZ")
