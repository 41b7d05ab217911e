"""The end-to-end tests' common harness: `run` starts the actviz binary and returns what it did,
`expect_usage` checks a usage error, and `main` reads the command line, runs the module's
unittest cases, prints the plain 'N passed, N failed' line CI reads, and fails on a failure or
on no test at all."""
import collections
import os
import resource
import signal
import subprocess
import sys
import unittest

ACTVIZ = None  # the binary run() starts: main's first argument, absolute (run may change cwd)
# Environment changes (None removes the variable) for a run that must see no display.
HEADLESS = {"DISPLAY": None, "WAYLAND_DISPLAY": None}
_file_env = {}  # main's env: the changes every run() of the file makes


class Result(collections.namedtuple("Result", "returncode stdout stderr")):
    """A finished run: (returncode, stdout, stderr) with the output as text, by name or as a
    tuple (`code, out, err = run(...)`); stdout_bytes and stderr_bytes hold the bytes."""


def _text(data, stream, args):
    # Strict, as subprocess's text=True was: output that is not UTF-8 is a failure, not '?'.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AssertionError(f"actviz {' '.join(args)[:300]}: {stream} is not UTF-8 ({e}): "
                             f"{data[:300]!r}") from None


def run(args, stdin="", *, timeout=300, cwd=None, env=None, limits=(), cpus=None):
    """Runs the actviz binary with `args` and returns its Result.
    stdin: str (as UTF-8), bytes or an open file; empty by default, never the terminal.
    timeout: seconds, by default the longest any test's run needs.
    env: changes to os.environ on top of main's env; a value of None removes the variable.
    limits: (resource, value) pairs set in the child, SIGXFSZ ignored so that a file size
    limit turns into EFBIG for the write. cpus: the set of CPUs the child may run on."""
    changes = dict(_file_env, **(env or {}))
    child_env = {k: v for k, v in dict(os.environ, **changes).items() if v is not None}

    def preexec():
        if limits:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        for res, value in limits:
            resource.setrlimit(res, (value, value))
        if cpus is not None:
            os.sched_setaffinity(0, cpus)

    if hasattr(stdin, "fileno"):
        extra = {"stdin": stdin}
    else:
        extra = {"input": stdin.encode() if isinstance(stdin, str) else stdin}
    if limits or cpus is not None:
        extra["preexec_fn"] = preexec
    p = subprocess.run([ACTVIZ, *args], capture_output=True, timeout=timeout, cwd=cwd,
                       env=child_env, **extra)
    r = Result(p.returncode, _text(p.stdout, "stdout", args), _text(p.stderr, "stderr", args))
    r.stdout_bytes, r.stderr_bytes = p.stdout, p.stderr
    return r


def expect_usage(test, args, mention=(), stdin="1\n", *, prefix=None, timeout=30, **options):
    """Checks in `test` that `args` is a usage error: exit 2, nothing on stdout, one line on
    stderr naming each of `mention` (and starting with `prefix`, where given), within
    `timeout` seconds, as it is said before any work. stdin holds a number, so that a command
    reading numbers which wrongly accepts `args` prints something. options: run's (cwd, env).
    Returns the message."""
    code, out, err = run(args, stdin, timeout=timeout, **options)
    test.assertEqual(code, 2, f"{args}: exit {code}, stderr {err!r}")
    test.assertEqual(out, "", f"{args}: printed {out!r}")
    test.assertTrue(err.strip(), f"{args}: no message")
    test.assertEqual(len(err.strip().splitlines()), 1, f"{args}: {err!r}")  # \r breaks too
    for m in mention:
        test.assertIn(m, err, f"{args}: {err!r}")
    if prefix is not None:
        test.assertTrue(err.startswith(prefix), f"{args}: {err!r}")
    return err


def main(*names, env=None):
    """Runs the script's unittest cases. Its first len(names) command-line arguments go into
    the script's globals under `names`, the first being the actviz binary that run() starts;
    the rest go to unittest (e.g. -k resized). env: changes every run() makes (HEADLESS)."""
    global ACTVIZ
    if len(sys.argv) <= len(names):
        print(f"usage: {os.path.basename(sys.argv[0])} {' '.join(names)} [unittest options]",
              file=sys.stderr)
        sys.exit(2)
    values = sys.argv[1:1 + len(names)]
    values[0] = ACTVIZ = os.path.abspath(values[0])
    script = sys.modules["__main__"]
    for name, value in zip(names, values):
        setattr(script, name, value)
    _file_env.update(env or {})
    prog = unittest.main(module="__main__", argv=sys.argv[:1] + sys.argv[1 + len(names):],
                         verbosity=2, exit=False)
    r = prog.result
    # A test counts once however many of its subtests fail; a failed setUpModule or
    # setUpClass (not a test) counts as a failure too.
    bad = [getattr(t, "test_case", t) for t, _ in r.failures + r.errors]
    bad += r.unexpectedSuccesses
    ran_bad = {t.id() for t in bad if isinstance(t, unittest.TestCase)}
    print("%d passed, %d failed" % (r.testsRun - len(ran_bad), len({t.id() for t in bad})))
    sys.exit(0 if r.wasSuccessful() and r.testsRun else 1)
