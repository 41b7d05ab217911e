#!/usr/bin/env python3
"""The command line's usage errors, for every option of every command (issue 24, classes 4
and 5), and the training defaults (class 7):
  empty     an explicitly empty value is a usage error (exit 2, nothing on stdout, no file
            written), never "the default" or "no output";
  twice     a single-valued option given twice says so in our words, not CLI11's;
  long      a 120 KB value is quoted to ~80 characters, never echoed whole;
  wording   no raw CLI11 phrase reaches stderr for any malformed command line; the
            particular messages of the issue (nested parentheses, a parameter that
            overflows blamed on the learning rate, plurals);
  defaults  every task × optimizer trains with its defaults: finite losses that decrease.
The options come from `actviz CMD --help` (CLI11's own listing), the tasks and optimizers
from the program's "one of ..." messages (the core's name tables), so a new option or task
is tested without editing this file.
Usage: usage_cli_test.py ACTVIZ"""
import json
import math
import os
import re
import shutil
import tempfile
import unittest

from testmain import HEADLESS, expect_usage, main, run

COMMANDS = ["list", "eval", "hist", "apply", "figure", "depth", "train", "softmax", "bench"]
# What each command needs besides the option under test (values that are valid on their own).
REQUIRED = {"apply": [("--image", "in.png"), ("--out", "out.png")],
            "train": [("--task", "xor")], "softmax": [("--logits", "1,2")]}
# CLI11's own wording: none of it may reach a person.
RAW = ["At Most", "At least", "required but received", "The following argument",
       "were not expected", "was not expected", "Could not convert", "is required",
       " requires ", "not in {", "File does not exist", "required TEXT missing",
       "Run with --help", "ArgumentMismatch", "ValidationError", "flag override"]


def options(cmd):
    """(name, type) of every option `actviz CMD --help` lists; type None for a switch."""
    code, out, err = run(([cmd] if cmd else []) + ["--help"])
    assert code == 0, err
    found = []
    for line in out.splitlines():
        m = re.match(r"^  (?:-\w,)?(--[\w-]+)(?: (\S+))?( \.\.\.)?", line)
        if not m or m.group(1) in ("--help", "--version"):
            continue
        kind = m.group(2)
        if kind is not None and m.group(3):
            kind += " ..."  # repeatable
        found.append((m.group(1), None if kind is None or kind == "Needs:" else kind))
    assert found, out
    return found


def value_options(cmd):
    return [(n, t) for n, t in options(cmd) if t is not None]


def valid_value(kind):
    """A value CLI11's own check accepts: a listed word's first member, else its default."""
    m = re.search(r"\{([^,}]+)", kind)
    if m:
        return m.group(1)
    m = re.search(r"=(\S+)$", kind)
    return m.group(1) if m else "1"


def command_line(cmd, option, value, extra=()):
    args = [cmd] if cmd else []
    for name, v in REQUIRED.get(cmd, []):
        if name != option:
            args += [name, v]
    if not cmd and option != "--size":
        args += ["--size", "0x0"]  # the window's options: a usage error before any window
    return args + list(extra) + [option, value]


def every_option():
    for cmd in [""] + COMMANDS:
        for option, kind in value_options(cmd):
            yield cmd, option, kind


class Empty(unittest.TestCase):
    def test_an_empty_value_is_a_usage_error_for_every_option_of_every_command(self):
        seen = 0
        for cmd, option, _ in every_option():
            seen += 1
            d = tempfile.mkdtemp(prefix="actviz-usage-test-")
            self.addCleanup(shutil.rmtree, d, True)
            args = command_line(cmd, option, "")
            if not cmd and option != "--size":
                args.remove("--size")
                args.remove("0x0")  # the empty value must stop it by itself
            expect_usage(self, args, mention=(option, "empty"), cwd=d)
            self.assertEqual(os.listdir(d), [], f"actviz {' '.join(args)!r} wrote files")
        self.assertGreater(seen, 60)  # every command's options were found

    def test_the_examples_of_the_issue(self):
        for args in (["train", "--task", "xor", "--hidden", ""],
                     ["train", "--task", "xor", "--lr", ""],
                     ["train", "--task", "xor", "--out", ""],
                     ["depth", "-L", "2", "-N", "4", "-B", "4", "--sigma-w", ""]):
            expect_usage(self, args)


class Twice(unittest.TestCase):
    def test_an_option_given_twice_is_said_in_our_words(self):
        for cmd, option, kind in every_option():
            if "..." in kind:  # repeatable (--param)
                continue
            v = valid_value(kind)
            args = command_line(cmd, option, v, extra=[option, v])
            err = expect_usage(self, args, mention=(f"{option} is given 2 times",))
            for raw in RAW:
                self.assertNotIn(raw, err, f"actviz {' '.join(args)!r}")


class Long(unittest.TestCase):
    def test_a_120_kb_value_is_never_echoed_whole(self):
        value = "relu,x(" * 17143  # 120 KB, with commas and a parenthesis to reach the parsers
        for cmd, option, _ in every_option():
            d = tempfile.mkdtemp(prefix="actviz-usage-test-")
            self.addCleanup(shutil.rmtree, d, True)
            args = command_line(cmd, option, value)
            code, out, err = run(args, cwd=d)
            what = f"actviz {cmd} {option} <120 KB>"
            self.assertIn(code, (1, 2), f"{what}: exit {code}")
            self.assertLess(len(err), 1500, f"{what}: {len(err)} bytes on stderr: {err[:300]}")
            self.assertEqual(len(err.strip().split("\n")), 1, what)

    def test_long_hidden_functions_and_logits(self):
        for args in (["train", "--task", "xor", "--hidden", "2," * 60000],
                     ["train", "--task", "xor", "--functions", "relu," * 24000],
                     ["train", "--task", "xor", "--functions", "a" * 120000],
                     ["train", "--task", "xor", "--functions", "elu(alpha=" + "9" * 120000 + ")"],
                     ["softmax", "-z", "1," * 60000],
                     ["softmax", "-z", "1,2,x" + "y" * 120000]):
            code, _, err = run(args)
            self.assertEqual(code, 2, err[:300])
            self.assertLess(len(err), 1000, err[:300])
            self.assertIn("characters)", err)  # the length of what was cut is said


class Wording(unittest.TestCase):
    def assert_ours(self, args, *words, code=2):
        got, out, err = run(args)
        self.assertEqual(got, code, f"{args}: {err}")
        for raw in RAW:
            self.assertNotIn(raw, err, f"{args}: {err}")
        for w in words:
            self.assertIn(w, err, f"{args}: {err}")
        self.assertTrue(err.startswith("actviz: "), err)
        self.assertEqual(len(err.strip().split("\n")), 1, err)
        return err

    def test_no_raw_parser_wording_for_any_malformed_command_line(self):
        self.assert_ours(["train"], "--task", "xor")  # what is allowed is named
        self.assert_ours(["softmax"], "--logits")
        self.assert_ours(["apply", "--out", "o.png"], "--image")
        self.assert_ours(["train", "--task"], "--task", "value")
        self.assert_ours(["depth", "-L"], "--layers", "value")
        self.assert_ours(["train", "--task", "xor", "--bogus"], "--bogus", "unknown option")
        self.assert_ours(["train", "--task", "xor", "stray"], "'stray'")
        self.assert_ours(["list", "eval"], "'eval'")
        self.assert_ours(["trian"], "unknown command 'trian'", "train")
        self.assert_ours(["--frames", "3"], "--frames", "--screenshot")
        self.assert_ours(["train", "--task", "xor", "--json=maybe"], "--json", "no value")
        self.assert_ours(["hist", "--dist", "cauchy"], "--dist", "'cauchy'", "uniform, normal")
        self.assert_ours(["eval", "--type", "f16"], "--type", "f64, f32")
        self.assert_ours(["--session", "/nonexistent/session.json"], "--session", "no such file")
        self.assert_ours(["train", "--task", "xor", "--task", "and"], "--task is given 2 times")
        self.assert_ours(["train", "--task", "xor", "--hidden", "2", "--hidden", "3"],
                         "--hidden is given 2 times")

    def test_nested_parentheses_are_not_called_unbalanced(self):
        err = self.assert_ours(["train", "--task", "xor", "--functions", "relu((x))"], "nested")
        self.assertNotIn("unbalanced", err)
        self.assert_ours(["train", "--task", "xor", "--functions", "relu(alpha=1"], "unbalanced",
                         "not closed")
        self.assert_ours(["train", "--task", "xor", "--functions", "relu)"], "unbalanced")

    def test_an_overflowing_parameter_is_not_blamed_on_the_learning_rate(self):
        for extra in (["--functions", "prelu(alpha=1e308)"],
                      ["--function", "prelu", "--alpha", "1e308"]):
            err = self.assert_ours(["train", "--task", "xor", "--epochs", "3"] + extra,
                                   "alpha", "1e+308", code=1)
            self.assertNotIn("--lr", err)
        # A learning rate that does diverge is still named.
        self.assert_ours(["train", "--task", "square", "--optimizer", "sgd", "--lr", "1",
                          "--epochs", "3"], "--lr", code=1)

    def test_counts_of_layers_are_plural_only_when_plural(self):
        err = self.assert_ours(["train", "--task", "xor", "--functions", "relu,relu"],
                               "2 functions for 1 hidden layer;")
        err = self.assert_ours(["train", "--task", "xor", "--hidden", "2,2", "--functions",
                                "relu"], "1 function for 2 hidden layers")
        self.assertNotIn("1 functions", err)


def names_in_error(args):
    """The names a "one of a, b, c" message lists (the core's name table)."""
    _, _, err = run(args)
    m = re.search(r"one of (.*)$", err.strip())
    assert m, err
    return [w.strip() for w in m.group(1).split(",")]


class Defaults(unittest.TestCase):
    def test_every_task_trains_with_its_defaults_for_every_optimizer(self):
        tasks = names_in_error(["train", "--task", "nope"])
        optimizers = names_in_error(["train", "--task", "xor", "--optimizer", "nope"])
        self.assertIn("square", tasks)
        self.assertIn("sgd", optimizers)
        for task in tasks:
            for opt in optimizers:
                code, out, err = run(["train", "--task", task, "--optimizer", opt, "--json"])
                what = f"train --task {task} --optimizer {opt}"
                self.assertEqual(code, 0, f"{what}: {err}")
                loss = json.loads(out)["loss"]
                self.assertTrue(all(v is not None and math.isfinite(v) for v in loss), what)
                self.assertLess(loss[-1], 0.95 * loss[0], f"{what}: {loss[0]} -> {loss[-1]}")

    def test_the_documented_sgd_rate_is_the_one_used(self):
        # --help names 0.001 for SGD on square: giving it explicitly is the same run.
        _, help_text, _ = run(["train", "--help"])
        self.assertIn("0.001 with sgd", help_text)
        a = run(["train", "--task", "square", "--optimizer", "sgd", "--json"])[1]
        b = run(["train", "--task", "square", "--optimizer", "sgd", "--lr", "0.001", "--json"])[1]
        self.assertEqual(a, b)


if __name__ == "__main__":
    main("ACTVIZ", env=HEADLESS)  # the window's options too: a usage error, never a window
