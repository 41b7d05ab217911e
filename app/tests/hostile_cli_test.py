#!/usr/bin/env python3
"""Hostile input to the command line (issue 14: file outputs and the command line), each case
made here from its input, nothing large committed:
  outputs   only regular files are written: a device, a FIFO, a link to /dev/null refused (and
            /dev/null still a character device), a link to a file replaces the file and stays a
            link, an existing file keeps its mode, a write error (file size limit) leaves the
            old file and no temporary;
  two files apply --raw and --out all or nothing, and the same file twice refused;
  PNG       a 1000001x1 image round trip (libpng's default write limit lifted);
  numbers   every numeric option strictly decimal and range-checked, --size overflow and signs,
            --screenshot "" a usage error;
  memory    eval streams under an address-space limit, out of memory is exit 1 not an abort,
            --samples bounded by --max-bytes with the memory named;
  figure    images over 16384 a side shown, reduced;
  messages  shortest round-trip values, control characters and NUL escaped, one line.
The tests never give actviz a real device as an output (as root a bug would destroy it): they
use links, FIFOs and device nodes made in a temporary directory.
Usage: hostile_cli_test.py ACTVIZ_BINARY ASSETS_DIR"""
import json
import os
import resource
import shutil
import stat
import tempfile
import unittest

import numpy as np
from PIL import Image

from testmain import HEADLESS, expect_usage, main, run

ACTVIZ = ASSETS = None
Image.MAX_IMAGE_PIXELS = None  # PIL's own decompression-bomb guard: our images are made here


def tempdir(test):
    d = tempfile.mkdtemp(prefix="actviz-hostile-test-")
    test.addCleanup(shutil.rmtree, d, True)
    return d


def sanitized_binary():
    """ASan reserves terabytes of address space: address-space limits cannot apply to it."""
    with open(ACTVIZ, "rb") as f:
        return b"__asan_init" in f.read()


def photo():
    return os.path.join(ASSETS, "camera.png")


def assert_dev_null_intact(test):
    st = os.stat("/dev/null")
    test.assertTrue(stat.S_ISCHR(st.st_mode), "/dev/null is no longer a character device")
    test.assertEqual((os.major(st.st_rdev), os.minor(st.st_rdev)), (1, 3))


class Outputs(unittest.TestCase):
    def one_line(self, err):
        self.assertTrue(err.strip(), "no message")
        self.assertEqual(len(err.strip().split("\n")), 1, err)

    def refused(self, path, kind):
        """Every command with a file output refuses `path`: exit 1, one line naming the kind,
        nothing left in the directory but what was there."""
        d = os.path.dirname(path)
        before = sorted(os.listdir(d))
        for args in (["apply", "--image", photo(), "--out", path],
                     ["apply", "--image", photo(), "--out", os.path.join(d, "ok.png"),
                      "--raw", path],
                     ["figure", "--size", "200x200", "--out", path],
                     ["hist", "--out", path],
                     ["--screenshot", path]):
            code, out, err = run(args, timeout=30)
            self.assertEqual(code, 1, f"{args}: {err}")
            self.one_line(err)
            self.assertIn("not a regular file", err, args)
            self.assertIn(kind, err, args)
            self.assertEqual(sorted(os.listdir(d)), before, f"{args} wrote something")

    def test_a_link_to_dev_null_is_refused_and_dev_null_stays(self):
        d = tempdir(self)
        link = os.path.join(d, "null.png")
        os.symlink("/dev/null", link)
        self.refused(link, "a character device")
        self.assertTrue(os.path.islink(link))
        self.assertEqual(os.readlink(link), "/dev/null")
        assert_dev_null_intact(self)

    def test_a_link_to_dev_full_is_refused(self):
        d = tempdir(self)
        link = os.path.join(d, "full.png")
        os.symlink("/dev/full", link)
        self.refused(link, "a character device")
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/full").st_mode))

    def test_device_nodes_are_refused(self):
        d = tempdir(self)
        for name, minor in (("null", 3), ("full", 7)):
            node = os.path.join(d, name)
            try:
                os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
            except PermissionError:
                self.skipTest("no CAP_MKNOD here (the links above cover devices)")
            self.refused(node, "a character device")
            self.assertTrue(stat.S_ISCHR(os.lstat(node).st_mode))

    def test_a_fifo_is_refused_without_hanging(self):
        d = tempdir(self)
        fifo = os.path.join(d, "o.png")
        os.mkfifo(fifo)
        self.refused(fifo, "a FIFO")
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))

    def test_a_directory_is_refused(self):
        d = tempdir(self)
        sub = os.path.join(d, "sub")
        os.mkdir(sub)
        self.refused(sub, "a directory")

    def test_a_link_to_a_file_replaces_the_file_and_stays_a_link(self):
        d = tempdir(self)
        target, link = os.path.join(d, "target.png"), os.path.join(d, "link.png")
        with open(target, "wb") as f:
            f.write(b"old")
        os.symlink("target.png", link)
        code, _, err = run(["apply", "--function", "relu", "--image", photo(), "--out", link])
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.islink(link))
        self.assertEqual(os.readlink(link), "target.png")
        direct = os.path.join(d, "direct.png")
        self.assertEqual(run(["apply", "--function", "relu", "--image", photo(), "--out",
                              direct])[0], 0)
        with open(target, "rb") as a, open(direct, "rb") as b:
            self.assertEqual(a.read(), b.read(), "the target is not the new PNG")
        self.assertEqual(sorted(os.listdir(d)), ["direct.png", "link.png", "target.png"])

    def test_a_dangling_link_is_refused(self):
        d = tempdir(self)
        link = os.path.join(d, "o.png")
        os.symlink(os.path.join(d, "elsewhere.png"), link)
        code, _, err = run(["apply", "--image", photo(), "--out", link])
        self.assertEqual(code, 1)
        self.one_line(err)
        self.assertIn("does not exist", err)
        self.assertEqual(os.listdir(d), ["o.png"])
        self.assertTrue(os.path.islink(link))

    def test_an_existing_file_keeps_its_mode(self):
        d = tempdir(self)
        for mode in (0o600, 0o640, 0o604):
            out = os.path.join(d, f"o{mode:o}.png")
            with open(out, "wb") as f:
                f.write(b"old")
            os.chmod(out, mode)
            code, _, err = run(["apply", "--image", photo(), "--out", out])
            self.assertEqual(code, 0, err)
            self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), mode)
            with Image.open(out) as im:
                self.assertEqual(im.size, (512, 512))
        if os.geteuid() == 0:  # and its owner, where we can give files away
            out = os.path.join(d, "owned.png")
            with open(out, "wb") as f:
                f.write(b"old")
            os.chown(out, 1234, 5678)
            code, _, err = run(["apply", "--image", photo(), "--out", out])
            self.assertEqual(code, 0, err)
            st = os.stat(out)
            self.assertEqual((st.st_uid, st.st_gid), (1234, 5678))

    def test_a_write_error_keeps_the_old_file_and_leaves_no_temporary(self):
        d = tempdir(self)
        out = os.path.join(d, "fig.png")
        with open(out, "wb") as f:
            f.write(b"old contents")
        # A 4 KB file size limit: the figure's PNG cannot be written (EFBIG).
        code, _, err = run(["figure", "--size", "300x300", "--out", out],
                           limits=[(resource.RLIMIT_FSIZE, 4096)])
        self.assertEqual(code, 1, err)
        self.one_line(err)
        self.assertIn("cannot write", err)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"old contents")
        self.assertEqual(os.listdir(d), ["fig.png"])


class TwoOutputs(unittest.TestCase):
    def test_an_unwritable_second_output_leaves_the_first_untouched(self):
        d = tempdir(self)
        raw, old = os.path.join(d, "x.npy"), b"old npy"
        with open(raw, "wb") as f:
            f.write(old)
        targets = [os.path.join(d, "missing", "o.png"), os.path.join(d, "file", "o.png")]
        with open(os.path.join(d, "file"), "w") as f:
            f.write("a file, not a directory")
        if os.geteuid() != 0:  # root writes into a mode-0555 directory
            os.mkdir(os.path.join(d, "ro"), 0o555)
            targets.append(os.path.join(d, "ro", "o.png"))
        for png in targets:
            code, _, err = run(["apply", "--image", photo(), "--raw", raw, "--out", png])
            self.assertEqual(code, 1, f"{png}: {err}")
            self.assertEqual(len(err.strip().split("\n")), 1, err)
            with open(raw, "rb") as f:
                self.assertEqual(f.read(), old, f"{png}: --raw was replaced")
        fresh = os.path.join(d, "fresh.npy")
        code, _, err = run(["apply", "--image", photo(), "--raw", fresh, "--out", targets[0]])
        self.assertEqual(code, 1)
        self.assertFalse(os.path.exists(fresh), "--raw written although --out failed")

    def test_a_write_failing_after_the_first_file_changes_neither(self):
        d = tempdir(self)
        raw, png = os.path.join(d, "x.npy"), os.path.join(d, "o.png")
        for p in (raw, png):
            with open(p, "wb") as f:
                f.write(b"old " + p.encode())
        # The 512x512 map: its PNG is well under 400 KB, its .npy is 1 MB: the limit lets the
        # PNG's temporary be written and stops the .npy's.
        code, _, err = run(["apply", "--image", photo(), "--raw", raw, "--out", png],
                           limits=[(resource.RLIMIT_FSIZE, 400_000)])
        self.assertEqual(code, 1, err)
        self.assertIn("cannot write", err)
        for p in (raw, png):
            with open(p, "rb") as f:
                self.assertEqual(f.read(), b"old " + p.encode(), p)
        self.assertEqual(sorted(os.listdir(d)), ["o.png", "x.npy"])
        # Without the limit both are written.
        code, _, err = run(["apply", "--image", photo(), "--raw", raw, "--out", png])
        self.assertEqual(code, 0, err)
        self.assertEqual(np.load(raw).shape, (512, 512))
        with Image.open(png) as im:
            self.assertEqual(im.size, (512, 512))

    def test_the_same_file_twice_is_a_usage_error(self):
        d = tempdir(self)
        sub = os.path.join(d, "d")
        os.mkdir(sub)
        cases = [(os.path.join(sub, ".", "o.png"), os.path.join(sub, "o.png")),
                 (os.path.join(sub, "..", "d", "o.png"), os.path.join(sub, "o.png"))]
        for raw, out in cases:
            code, stdout, err = run(["apply", "--image", photo(), "--raw", raw, "--out", out])
            self.assertEqual(code, 2, err)
            self.assertIn("same file", err)
            self.assertEqual(os.listdir(sub), [])
        # Existing, through a link and a hard link.
        target = os.path.join(sub, "o.png")
        with open(target, "wb") as f:
            f.write(b"old")
        os.symlink(target, os.path.join(d, "link.png"))
        os.link(target, os.path.join(d, "hard.png"))
        for other in ("link.png", "hard.png"):
            code, _, err = run(["apply", "--image", photo(), "--raw", os.path.join(d, other),
                                "--out", target])
            self.assertEqual(code, 2, err)
            with open(target, "rb") as f:
                self.assertEqual(f.read(), b"old")


class Png(unittest.TestCase):
    def test_a_1000001_by_1_image_round_trips(self):
        d = tempdir(self)
        src, out, raw = (os.path.join(d, n) for n in ("long.png", "o.png", "o.npy"))
        w = 1_000_001
        px = (np.arange(w, dtype=np.int64) * 7 % 256).astype(np.uint8).reshape(1, w)
        Image.fromarray(px).save(src)
        # relu with no centring over the range 0..1: the map is the photo itself.
        code, _, err = run(["apply", "--function", "relu", "--center", "none", "--range", "0:1",
                            "--image", src, "--out", out, "--raw", raw])
        self.assertEqual(code, 0, err)
        back = np.asarray(Image.open(out))
        self.assertEqual(back.shape, (1, w))
        self.assertTrue(np.array_equal(back, px), "the PNG's pixels differ from the input")
        y = np.load(raw)
        self.assertEqual(y.shape, (1, w))
        np.testing.assert_allclose(y, px.astype(np.float32) / 255, rtol=1e-6, atol=0)


class Numbers(unittest.TestCase):
    def test_size_overflow_signs_and_spaces(self):
        bad = ["4294967360x64", "64x4294967360", "18446744073709551680x64", "+100x100",
               " 100x100", "100x 100", "100x100 ", "-100x100", "100x-100", "0x100x100",
               "100", "x", "100x", "1e2x100", "100.0x100", "100x100x100"]
        for size in bad:
            for cmd in (["figure", "--out", "/nonexistent/f.png"], ["hist", "--out",
                        "/nonexistent/h.png"], ["--screenshot", "/nonexistent/s.png"]):
                expect_usage(self, cmd + ["--size", size],
                             mention=("--size", size.strip() or "''"))

    def test_every_integer_option_is_strictly_decimal(self):
        bad = ["0x10", "0b11", "+5", " 5", "5 ", "5x", "1e3", "-1", "", "nan", "inf",
               "99999999999999999999999", "５"]
        options = [(["hist"], "--samples"), (["hist"], "--bins"), (["hist"], "--seed"),
                   (["hist"], "--max-bytes"), (["figure"], "--samples"),
                   (["figure"], "--seed"), (["figure"], "--max-bytes"),
                   (["apply", "--image", "x.png", "--out", "/nonexistent/o.png"],
                    "--max-pixels"),
                   (["bench"], "--n"), (["bench"], "--threads"), (["bench"], "--reps"),
                   (["bench"], "--pixels"), (["--screenshot", "/nonexistent/s.png"], "--frames"),
                   ([], "--bench-frames")]
        for cmd, option in options:
            for value in bad:
                err = expect_usage(self, cmd + [option, value], mention=(option,))
                if value.strip():
                    self.assertIn(value.strip(), err)

    def test_hex_samples_are_not_sixteen(self):
        err = expect_usage(self, ["hist", "--samples", "0x10", "--json"], mention=("0x10",))
        self.assertIn("decimal", err)
        # And the decimal 16 is taken.
        code, out, _ = run(["hist", "--samples", "16", "--json"])
        self.assertEqual(code, 0)
        self.assertIn('"samples":16', out)

    def test_out_of_range_integers(self):
        expect_usage(self, ["hist", "--samples", "0"], mention=("--samples",))
        expect_usage(self, ["hist", "--bins", "0"], mention=("--bins",))
        expect_usage(self, ["hist", "--bins", "100001"], mention=("--bins",))
        expect_usage(self, ["bench", "--threads", "257"], mention=("--threads",))
        expect_usage(self, ["--screenshot", "/nonexistent/s.png", "--frames", "0"],
                     mention=("--frames",))

    def test_every_real_option_rejects_nan_infinities_and_junk(self):
        bad = ["nan", "inf", "-inf", "1x", " 1", "1 ", "0x10", "", "1e999"]
        for cmd, option in ((["hist"], "--scale"),
                            (["apply", "--image", "x.png", "--out", "/nonexistent/o.png"],
                             "--gain")):
            for value in bad:
                expect_usage(self, cmd + [option, value], mention=(option,))
        expect_usage(self, ["hist", "--scale", "-1"], mention=("--scale",))
        for value in ("nan", "inf", "1x", " 1"):
            expect_usage(self, ["eval", "--function", "elu", "--alpha", value])
            expect_usage(self, ["apply", "--image", "x.png", "--out", "/nonexistent/o.png",
                                "--center", value], mention=("--center",))

    def test_empty_paths_are_usage_errors_and_open_no_window(self):
        for args in (["--screenshot", ""], ["--image", "", "--screenshot", "/nonexistent/s"],
                     ["apply", "--image", "", "--out", "/nonexistent/o.png"],
                     ["apply", "--image", photo(), "--out", ""],
                     ["apply", "--image", photo(), "--out", "/nonexistent/o.png", "--raw", ""],
                     ["figure", "--out", ""], ["figure", "--image", ""], ["hist", "--out", ""]):
            expect_usage(self, args)


class Memory(unittest.TestCase):
    def test_eval_streams_under_an_address_space_limit(self):
        if sanitized_binary():
            self.skipTest("address-space limits do not apply to an ASan build")
        text = "".join(f"{i}\n" for i in range(1, 5_000_001)).encode()
        # 200 MB of address space: holding 5·10⁶ tokens as strings needs far more.
        for t in ("f64", "f32"):
            code, out, err = run(["eval", "--function", "relu", "--type", t], stdin=text,
                                 limits=[(resource.RLIMIT_AS, 200 << 20)])
            self.assertEqual(code, 0, f"{t}: {err}")
            self.assert_integers(out, t)
        # Tighter limits: either it fits or it fails cleanly, one line and exit 1.
        seen_oom = False
        for mb in (24, 32, 40, 48, 56):
            code, out, err = run(["eval", "--function", "relu"], stdin=text,
                                 limits=[(resource.RLIMIT_AS, mb << 20)])
            self.assertIn(code, (0, 1), f"{mb} MB: exit {code} (a signal or an abort): {err}")
            if code == 1:
                seen_oom = True
                self.assertIn("out of memory", err)
                self.assertEqual(len(err.strip().split("\n")), 1, err)
                self.assertNotIn("terminate", err)
            else:
                self.assert_integers(out, mb)
        self.assertTrue(seen_oom, "no limit was tight enough to test the failure")

    def assert_integers(self, out, what):
        """relu of 1…5·10⁶ is the same numbers (each in shortest form: 100000 is 1e+05)."""
        lines = out.split()
        self.assertEqual(len(lines), 5_000_000, what)
        got = np.array([float(v) for v in lines])
        self.assertTrue(np.array_equal(got, np.arange(1, 5_000_001, dtype=float)), what)

    def test_an_endless_token_stops_early(self):
        # /dev/zero is one token of NUL bytes without end: refused after 64 KiB, not read
        # until memory runs out.
        with open("/dev/zero", "rb") as zero:
            p = run(["eval"], stdin=zero, timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, "")
        err = p.stderr
        self.assertIn("input number 1 is longer than 65536 characters", err)
        self.assertEqual(len(err.strip().split("\n")), 1)
        code, out, err = run(["eval"], stdin=b"1 2\n" + b"3" * 70000 + b"\n4\n")
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertIn("input number 3 ", err)

    def test_samples_beyond_max_bytes_are_a_usage_error_naming_the_memory(self):
        d = tempdir(self)
        out = os.path.join(d, "f.png")
        err = expect_usage(self, ["figure", "--samples", "400000000", "--out", out])
        self.assertIn("4.8 GB", err)
        self.assertIn("--max-bytes", err)
        err = expect_usage(self, ["figure", "--samples", "200000000", "--max-bytes",
                                  "1000000000", "--out", out])
        self.assertIn("2.4 GB", err)
        err = expect_usage(self, ["hist", "--samples", "100000000", "--max-bytes", "100000000"])
        self.assertIn("1.2 GB", err)
        expect_usage(self, ["figure", "--samples", "2e8", "--out", out])  # not a decimal integer
        self.assertEqual(os.listdir(d), [])

    def test_out_of_memory_in_figure_is_exit_1(self):
        if sanitized_binary():
            self.skipTest("address-space limits do not apply to an ASan build")
        d = tempdir(self)
        out = os.path.join(d, "f.png")
        code, _, err = run(["figure", "--samples", "200000000", "--out", out],
                           limits=[(resource.RLIMIT_AS, 1 << 30)])
        self.assertEqual(code, 1, err)
        self.assertIn("out of memory", err)
        self.assertIn("200000000 samples", err)
        self.assertEqual(len(err.strip().split("\n")), 1, err)
        # A 10⁸-pixel photo under the same limit.
        big = os.path.join(d, "big.png")
        Image.fromarray(np.zeros((10000, 10000), np.uint8)).save(big)
        code, _, err = run(["figure", "--image", big, "--out", out],
                           limits=[(resource.RLIMIT_AS, 1 << 30)])
        self.assertEqual(code, 1, err)
        self.assertIn("out of memory", err.strip().split("\n")[-1])
        self.assertTrue(err.strip().split("\n")[-1].startswith("actviz: "), err)
        self.assertEqual(sorted(os.listdir(d)), ["big.png"])


class Figure(unittest.TestCase):
    def test_a_20000_by_10_photo_is_shown(self):
        d = tempdir(self)
        src, out = os.path.join(d, "wide.png"), os.path.join(d, "f.png")
        Image.fromarray((np.arange(20000 * 10).reshape(10, 20000) % 251).astype(np.uint8)).save(src)
        code, _, err = run(["figure", "--image", src, "--size", "600x600", "--out", out])
        self.assertEqual(code, 0, err)
        with Image.open(out) as im:
            self.assertEqual(im.size, (600, 600))

    def test_a_photo_over_16384_a_side_is_reduced_not_refused(self):
        d = tempdir(self)
        src, out = os.path.join(d, "wide.png"), os.path.join(d, "f.png")
        w, h = 17000, 1700
        img = np.zeros((h, w), np.uint8)
        img[:, w // 2:] = 128  # a black left half, a mid-gray right half
        Image.fromarray(img).save(src)
        code, _, err = run(["figure", "--function", "relu", "--image", src, "--size",
                            "1200x1200", "--out", out])
        self.assertEqual(code, 0, err)
        fig = np.asarray(Image.open(out).convert("L")).astype(int)
        # The photo panel: the bottom-left cell. Its image is 10:1: a band of rows, black on
        # the left and gray on the right, split at the middle (the background is white).
        cell = fig[int(1200 * 0.045 + 2 * (1200 - 1200 * 0.045) / 3):, :600]
        rows = np.where((cell < 40).sum(axis=1) > 150)[0]
        self.assertGreater(len(rows), 20, "no photo in the panel")
        band = cell[rows]
        dark = np.where((band < 40).mean(axis=0) > 0.9)[0]
        gray = np.where((np.abs(band - 128) < 20).mean(axis=0) > 0.9)[0]
        self.assertGreater(len(gray), 150, "the gray half is missing")
        self.assertLess(dark.max(), gray.min(), "black must be left of gray")
        self.assertLess(abs(len(dark) - len(gray)), 6, "the halves differ in width")
        # The aspect ratio is kept: the black half is 5 times as wide as the band is high.
        # (the frame drawn over the image's edge rows makes the band a row or two short)
        self.assertAlmostEqual(len(dark) / len(rows), 5, delta=0.35, msg=(len(dark), len(rows)))
        # The map panel beside it (narrower, for its colour bar): relu of the two values less
        # their median is 0 and its maximum, black and white, the black half again 5:1.
        mcell = fig[int(1200 * 0.045 + 2 * (1200 - 1200 * 0.045) / 3):, 600:1100]
        mrows = np.where((mcell < 40).sum(axis=1) > 150)[0]
        self.assertGreater(len(mrows), 20, "no map in the panel")
        mdark = np.where((mcell[mrows] < 40).mean(axis=0) > 0.9)[0]
        self.assertAlmostEqual(len(mdark) / len(mrows), 5, delta=0.35,
                               msg=(len(mdark), len(mrows)))
        white = np.where((mcell[mrows] > 245).mean(axis=0) > 0.9)[0]
        self.assertGreater((white > mdark.max()).sum(), 0.9 * len(mdark), "no white half")
        self.assertEqual(os.listdir(d).count("f.png"), 1)


class Messages(unittest.TestCase):
    def test_parameter_values_in_shortest_round_trip_form(self):
        # A parameter that must be >= 0, given a negative subnormal.
        doc = json.loads(run(["list", "--json"])[1])
        fn, param = next((f["name"], p["name"]) for f in doc["functions"]
                         for p in f["parameters"] if p["domain"] == ">= 0")
        code, _, err = run(["eval", "--function", fn, "--param", f"{param}=-1e-320"], b"1\n")
        self.assertEqual(code, 2)
        self.assertIn("-1e-320", err)
        self.assertNotIn("0.000000", err)
        code, _, err = run(["eval", "--function", "softplus", "--beta", "-2.5"], b"1\n")
        self.assertEqual(code, 2)
        self.assertIn("got -2.5)", err)
        # float32 rounds 1e-50 to 0: both values are shown.
        code, _, err = run(["eval", "--function", "softplus", "--beta", "1e-50", "--type",
                            "f32"], b"1\n")
        self.assertEqual(code, 2)
        self.assertIn("1e-50", err)
        self.assertIn("0 as float32", err)

    def test_nul_and_control_characters_are_escaped(self):
        code, out, err = run(["eval"], b"1 2 a\x00b\x1b[31m\x9b 3\n")
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertIn("a\\x00b\\x1b[31m\\x9b", err)
        self.assertNotIn("\x00", err)
        self.assertNotIn("\x1b", err)
        for args in (["eval", "--function", "re\nlu\x07"], ["eval", "--function", "elu", "--param", "alpha=1\r2"],
                     ["apply", "--image", "/nonexistent/\x1b]0;title\x07.png", "--out",
                      os.path.join(tempdir(self), "o.png")]):
            code, _, err = run(args)
            self.assertIn(code, (1, 2))
            self.assertEqual(len(err.strip().split("\n")), 1, repr(err))
            for c in "\x1b\x07\r":
                self.assertNotIn(c, err)
            self.assertIn("\\x", err)
        # Valid UTF-8 is kept as it is.
        code, _, err = run(["eval", "--function", "réLU→"])
        self.assertEqual(code, 2)
        self.assertIn("réLU→", err)


if __name__ == "__main__":
    main("ACTVIZ", "ASSETS", env=HEADLESS)
