#!/usr/bin/env python3
"""The real window under Xvfb, driven by real input (xdotool): keyboard selection in the
function list, a slider dragged with the mouse, a search and a click on a list item, the
plots redrawn after each, Ctrl+Q to quit, and the saved session telling what the user did;
hostile input (issue 14): a damaged session kept aside and said, a bad photo or a FIFO said in
the status line at every window size, and Ctrl+Q still quitting.
Run inside xvfb-run. Usage: window_test.py ACTVIZ [unittest options, e.g. -k resized]"""
import json
import os
import shutil
import struct
import subprocess
import tempfile
import time
import unittest

from testmain import main, run

ACTVIZ = None
W, H = 1280, 720


def xdotool(*args):
    return subprocess.run(["xdotool", *map(str, args)], check=True, capture_output=True,
                          text=True, timeout=30).stdout


def press(key):
    """A key held like a person holds it: ImGui 1.86 polls key state once per frame, so a
    press and release within one frame (xdotool's `key`) would go unseen."""
    xdotool("keydown", key)
    time.sleep(0.12)
    xdotool("keyup", key)
    time.sleep(0.12)


def screenshot():
    """The top-left W x H of the root window (where the tests put the window) as rows of
    (r, g, b), from xwd's ZPixmap (24/32-bit TrueColor)."""
    data = subprocess.run(["xwd", "-root", "-silent"], check=True, capture_output=True,
                          timeout=30).stdout
    f = struct.unpack(">25I", data[:100])
    header, width, height, byte_order = f[0], f[4], f[5], f[7]
    bpp, stride, ncolors = f[11], f[12], f[19]
    assert bpp in (24, 32), f"unexpected xwd depth {bpp}"
    n = bpp // 8  # Xvfb packs depth 24 in 32 bits, or (some servers) in 24
    pixels = data[header + 12 * ncolors:]
    width, height = min(width, W), min(height, H)
    rows = []
    for y in range(height):
        line = pixels[y * stride:y * stride + n * width]
        if byte_order == 0:  # LSBFirst: B G R (X)
            rows.append([(line[i + 2], line[i + 1], line[i]) for i in range(0, n * width, n)])
        elif n == 4:  # MSBFirst: X R G B
            rows.append([(line[i + 1], line[i + 2], line[i + 3]) for i in range(0, n * width, n)])
        else:
            rows.append([(line[i], line[i + 1], line[i + 2]) for i in range(0, n * width, n)])
    return rows


def grab(wid):
    """What the X server shows of one window (its own pixels, not the GL back buffer), as a
    height x width x 3 numpy array, from xwd's ZPixmap."""
    import numpy as np
    data = subprocess.run(["xwd", "-id", str(wid), "-silent"], check=True,
                          capture_output=True, timeout=30).stdout
    f = struct.unpack(">25I", data[:100])
    header, width, height, byte_order = f[0], f[4], f[5], f[7]
    bpp, stride, ncolors = f[11], f[12], f[19]
    assert bpp in (24, 32), f"unexpected xwd depth {bpp}"
    n = bpp // 8
    start = header + 12 * ncolors
    px = np.frombuffer(data, np.uint8, stride * height, start).reshape(height, stride)
    px = px[:, :n * width].reshape(height, width, n).astype(int)
    if byte_order == 0:  # LSBFirst: B G R (X)
        return px[:, :, 2::-1]
    return px[:, :, 1:4] if n == 4 else px[:, :, :3]


def root_size():
    out = xdotool("getdisplaygeometry").split()
    return int(out[0]), int(out[1])


def settled_grab(wid, size, proc, seconds=60):
    """The window's pixels once it has the size asked for and two grabs 0.4 s apart agree
    (a frame is drawn only when something changed, so a still window is a finished one);
    fails if the process died or the window never settles within `seconds`."""
    import numpy as np
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the window died (exit {proc.returncode}) at {size}: "
                                 + proc.stderr.read()[-2000:])
        img = grab(wid)
        if img.shape[:2] == (size[1], size[0]) and last is not None and \
                last.shape == img.shape and np.array_equal(last, img):
            return img
        last = img
        time.sleep(0.4)
    raise AssertionError(f"the window did not settle at {size} within {seconds} s")


# ErrorTextColour(Theme::kDark) in app/gui/theme.cpp: (1.0, 0.45, 0.42) as 8-bit.
ERROR_RGB = (255, 115, 107)


def error_pixels(rows, x0, y0, x1, y1):
    """Pixels of the error text colour (glyph cores) in a region of rows of (r, g, b)."""
    return sum(1 for y in range(y0, y1) for x in range(x0, x1)
               if sum(abs(p - q) for p, q in zip(rows[y][x], ERROR_RGB)) < 30)


def wait_for_window():
    wid = xdotool("search", "--sync", "--onlyvisible", "--name", "^actviz$").split()[0]
    xdotool("windowmove", wid, 0, 0)
    xdotool("windowfocus", "--sync", wid)
    return wid


def ctrl_q():
    xdotool("keydown", "ctrl")
    press("q")
    xdotool("keyup", "ctrl")


def changed(a, b, x0, y0, x1, y1):
    return sum(1 for y in range(y0, y1) for x in range(x0, x1)
               if sum(abs(p - q) for p, q in zip(a[y][x], b[y][x])) > 30)


def find_slider(img):
    """The first parameter slider: the topmost long run of slider-frame colour in the left
    column, below the function list (the list takes the upper half)."""
    frame = (41, 46, 54)  # FrameBg of the dark theme
    for y in range(H // 2, H - 30):
        xs = [x for x in range(0, 270) if sum(abs(p - q) for p, q in zip(img[y][x], frame)) < 12]
        if len(xs) > 120:
            return min(xs), max(xs), y
    return None


def field_bands(img):
    """The text fields at the top of the left column (the formula field, then the search),
    as (first row, last row) of each frame-coloured band."""
    frame = (41, 46, 54)
    rows = [y for y in range(25, 110)
            if sum(1 for x in range(8, 230)
                   if sum(abs(p - q) for p, q in zip(img[y][x], frame)) < 12) > 150]
    bands = []
    for y in rows:
        if bands and y == bands[-1][1] + 1:
            bands[-1][1] = y
        else:
            bands.append([y, y])
    return [tuple(b) for b in bands if b[1] - b[0] >= 8]


def find_formula_field(img):
    bands = field_bands(img)
    return (bands[0][0] + bands[0][1]) // 2 if len(bands) >= 2 else None


def find_search_box(img):
    """The search field: the second frame-coloured band at the top of the left column."""
    bands = field_bands(img)
    return (bands[1][0] + bands[1][1]) // 2 if len(bands) >= 2 else None


def first_list_item(img, top):
    """Centre row of the first function in the list below `top`: the first band of white
    text (group headers are grey)."""
    band = []
    for y in range(top, H // 2):
        white = sum(1 for x in range(8, 240) if min(img[y][x]) > 235)
        if white >= 2:
            band.append(y)
        elif band:
            break
    return (band[0] + band[-1]) // 2 if band else None


class Window(unittest.TestCase):
    def config_dir(self):
        """A fresh XDG_CONFIG_HOME, removed when the test ends."""
        d = tempfile.mkdtemp(prefix="actviz-window-")
        self.addCleanup(shutil.rmtree, d, True)
        return d

    def test_keyboard_and_mouse_drive_the_plots_and_the_session_remembers(self):
        config = self.config_dir()
        env = dict(os.environ, XDG_CONFIG_HOME=config)
        proc = subprocess.Popen([ACTVIZ, "--function", "relu", "--size", f"{W}x{H}"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wid = xdotool("search", "--sync", "--onlyvisible", "--name", "^actviz$").split()[0]
            xdotool("windowmove", wid, 0, 0)
            xdotool("windowfocus", "--sync", wid)  # no window manager: focus it ourselves
            time.sleep(1.5)
            xdotool("mousemove", W // 2, H - 8)
            shot0 = screenshot()

            # Two steps down the list from ReLU: Leaky ReLU, then PReLU (α = 0.25).
            press("Down")
            press("Down")
            time.sleep(0.6)
            shot1 = screenshot()
            plots = (280, 90, W - 10, int(H * 0.6))
            self.assertGreater(changed(shot0, shot1, *plots), 300,
                               "the plots did not change after selecting PReLU")

            # Drag α's slider all the way right: α = 1, PReLU becomes the identity.
            s = find_slider(shot1)
            self.assertIsNotNone(s, "no parameter slider found")
            x0, x1, y = s
            xdotool("mousemove", x0 + (x1 - x0) // 4, y + 3)
            xdotool("mousedown", 1)
            for x in range(x0 + (x1 - x0) // 4, x1 + 40, 20):
                xdotool("mousemove", x, y + 3)
                time.sleep(0.02)
            xdotool("mouseup", 1)
            time.sleep(0.8)
            shot2 = screenshot()
            self.assertGreater(changed(shot1, shot2, *plots), 300,
                               "the plots did not change while dragging α")

            # Search for "tanh" and click the first match in the list.
            sy = find_search_box(shot2)
            self.assertIsNotNone(sy, "no search box found")
            xdotool("mousemove", 120, sy)
            xdotool("click", 1)
            time.sleep(0.3)
            xdotool("type", "--delay", "80", "tanh")
            time.sleep(0.6)
            shot3 = screenshot()
            iy = first_list_item(shot3, sy + 14)
            self.assertIsNotNone(iy, "no list item after searching")
            xdotool("mousemove", 60, iy)
            xdotool("click", 1)
            time.sleep(0.8)
            shot4 = screenshot()
            self.assertGreater(changed(shot3, shot4, *plots), 300,
                               "the plots did not change after clicking Tanh")

            xdotool("mousemove", W // 2, H - 8)
            xdotool("keydown", "ctrl")
            press("q")
            xdotool("keyup", "ctrl")
            proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
        out, err = proc.communicate()
        self.assertEqual(proc.returncode, 0, err)
        with open(os.path.join(config, "actviz", "session.json")) as fh:
            session = json.load(fh)
        self.assertEqual(session["function"], "tanh")
        self.assertGreater(session["parameters"]["prelu"]["alpha"], 0.95)
        self.assertLessEqual(session["parameters"]["prelu"]["alpha"], 1.0)
        self.assertTrue(os.path.exists(os.path.join(config, "actviz", "imgui.ini")))


    def test_a_typed_formula_is_plotted_a_typo_said_and_both_remembered(self):
        """Typed as a person types: the formula is plotted with a slider for its parameter; a
        malformed one is said under the field at its column while the last valid plot stays;
        the formula, its history and its parameter are in the saved session."""
        config = self.config_dir()
        env = dict(os.environ, XDG_CONFIG_HOME=config)
        proc = subprocess.Popen([ACTVIZ, "--function", "relu", "--size", f"{W}x{H}"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        plots = (280, 90, W - 10, int(H * 0.6))
        try:
            wait_for_window()
            time.sleep(1.5)
            xdotool("mousemove", W // 2, H - 8)
            shot0 = screenshot()
            fy = find_formula_field(shot0)
            self.assertIsNotNone(fy, "no formula field found")
            self.assertIsNone(find_slider(shot0), "ReLU has no parameter slider")

            def type_into_field(text):
                xdotool("mousemove", 100, fy)
                xdotool("click", 1)
                time.sleep(0.3)
                xdotool("keydown", "BackSpace")  # held: ImGui's key repeat clears the field
                time.sleep(2.5)
                xdotool("keyup", "BackSpace")
                xdotool("type", "--delay", "60", text)
                press("Return")
                xdotool("mousemove", W // 2, H - 8)
                time.sleep(1.0)
                return screenshot()

            shot1 = type_into_field("x + sin(a*x)^2/a")
            self.assertGreater(changed(shot0, shot1, *plots), 300,
                               "the plots did not change after typing the formula")
            self.assertIsNotNone(find_slider(shot1), "no slider for the formula's a")
            self.assertEqual(error_pixels(shot1, 0, fy, 270, fy + 90), 0)

            shot2 = type_into_field("x + * 2")
            self.assertGreater(error_pixels(shot2, 0, fy, 270, fy + 90), 20,
                               "no message under the field for a malformed formula")
            self.assertLess(changed(shot1, shot2, *plots), 50,
                            "the last valid formula did not stay plotted")
            ctrl_q()
            proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
        _, err = proc.communicate()
        self.assertEqual(proc.returncode, 0, err)
        with open(os.path.join(config, "actviz", "session.json")) as fh:
            session = json.load(fh)
        self.assertEqual(session["function"], "f(x) = x + sin(a*x)^2/a")
        self.assertEqual(session["formulas"][0], "x + sin(a*x)^2/a")
        self.assertEqual(session["parameters"]["f(x) = x + sin(a*x)^2/a"], {"a": 1.0})

    def test_what_is_on_screen_after_partial_redraws_equals_a_whole_redraw(self):
        """On llvmpipe the window redraws and presents only what changed between frames. After
        zooming the photo (the map, the original and the strip change, the rest does not), the
        screen must equal what a whole redraw gives: unmapping and mapping the window again
        makes GLFW ask for one (the refresh callback), which is then read back the same way."""
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ, XDG_CONFIG_HOME=self.config_dir())
        env.pop("ACTVIZ_FULL_REDRAW", None)
        proc = subprocess.Popen([ACTVIZ, "--function", "elu", "--size", f"{W}x{H}", "--image",
                                 os.path.join(root, "assets", "camera.png")], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wid = xdotool("search", "--sync", "--onlyvisible", "--name", "^actviz$").split()[0]
            xdotool("windowmove", wid, 0, 0)
            xdotool("windowfocus", "--sync", wid)
            xdotool("mousemove", W - 2, H - 2)
            time.sleep(2.0)
            before = screenshot()
            xdotool("mousemove", W * 3 // 4, H // 2)  # over the map
            for _ in range(3):
                xdotool("click", 4)  # wheel up: zoom in
                time.sleep(0.2)
            xdotool("mousemove", W - 2, H - 2)
            time.sleep(1.0)
            partial = screenshot()
            xdotool("windowunmap", "--sync", wid)
            xdotool("windowmap", "--sync", wid)
            time.sleep(1.0)
            whole = screenshot()
        finally:
            proc.terminate()
            proc.communicate(timeout=30)
        self.assertGreater(changed(before, partial, 0, 0, W, H), 10000, "the zoom did nothing")
        self.assertEqual(changed(partial, whole, 0, 0, W, H), 0)
        diff = sum(1 for y in range(H) for x in range(W) if partial[y][x] != whole[y][x])
        self.assertEqual(diff, 0, f"{diff} pixels differ from a whole redraw")

    def test_a_resized_window_shows_what_a_whole_redraw_shows(self):
        """Issue 24: on llvmpipe the window redraws and presents only what changed, through
        GLX_MESA_copy_sub_buffer, whose back buffer takes a new size only at a swap: growing
        from 1280x800 to 1600x1000 ended the program (BadValue in X_ShmPutImage), shrinking to
        1024x700 showed the UI 100 px low under a stale strip, and a closed dialog's edge
        stayed on the plots. The same steps (resizes, a dialog opened and closed) are run
        once with partial redraws and once with ACTVIZ_FULL_REDRAW=1 (every frame drawn whole
        and swapped); at each step the window's pixels as the X server shows them must agree."""
        import numpy as np
        sw, sh = root_size()
        if sw < 1600 or sh < 1000:
            self.skipTest(f"the screen ({sw}x{sh}) is smaller than 1600x1000")
        sizes = [(1280, 800), (1600, 1000), (1024, 700), (1280, 800), (1400, 900), (1280, 800)]

        def run_steps(full):
            env = dict(os.environ, XDG_CONFIG_HOME=self.config_dir())
            env.pop("ACTVIZ_FULL_REDRAW", None)
            if full:
                env["ACTVIZ_FULL_REDRAW"] = "1"
            proc = subprocess.Popen([ACTVIZ, "--function", "gelu", "--size", "1280x800"],
                                    env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
            shots = []
            try:
                wid = wait_for_window()
                xdotool("mousemove", sw - 1, sh - 1)  # outside every size: no hover
                for size in sizes:
                    xdotool("windowsize", "--sync", wid, *size)
                    shots.append((f"{size[0]}x{size[1]}", settled_grab(wid, size, proc)))
                # The f(x) plot's "Export PNG..." opens a modal dialog; Escape closes it.
                xdotool("mousemove", 319, 69)
                xdotool("click", 1)
                xdotool("mousemove", sw - 1, sh - 1)
                shots.append(("dialog open", settled_grab(wid, sizes[-1], proc)))
                press("Escape")
                shots.append(("dialog closed", settled_grab(wid, sizes[-1], proc)))
            finally:
                if proc.poll() is None:
                    proc.terminate()
                proc.communicate(timeout=30)
            return shots

        partial, whole = run_steps(False), run_steps(True)
        self.assertGreater(int((np.abs(whole[-2][1] - whole[-1][1]).max(axis=2) > 30).sum()),
                           20000, "the dialog did not open: the last steps prove nothing")
        for (step, a), (_, b) in zip(partial, whole):
            with self.subTest(step=step):
                self.assertEqual(a.shape, b.shape)
                differ = int((np.abs(a - b).max(axis=2) > 2).sum())
                # The same renderer on the same frame: equal, but for a few antialiased pixels.
                self.assertLessEqual(differ, 20, f"{differ} pixels differ from a whole redraw "
                                     f"at step '{step}'")

    def test_screenshot_shows_the_window_as_it_opens_not_the_resting_pointer(self):
        """Xvfb's pointer rests inside the window; a --screenshot must not show its hover
        readout and crosshair (unless --screenshot-pointer asks for them): it equals the
        headless rendering of the same UI made with no display at all."""
        from PIL import Image
        import numpy as np
        env = {"XDG_CONFIG_HOME": self.config_dir()}
        # Over the f(x) plot of a window at (0, 0); the server must run with -noreset, or it
        # resets when xdotool, its only client, leaves, and the pointer is back in the middle.
        xdotool("mousemove", 500, 300)
        x, y = (int(v.split(":")[1]) for v in xdotool("getmouselocation").split()[:2])
        self.assertEqual((x, y), (500, 300), "the pointer did not stay (Xvfb without -noreset?)")
        out = self.config_dir()
        shots = {}
        for name, extra in (("plain", []), ("pointer", ["--screenshot-pointer"]),
                            ("headless", [])):
            e = dict(env, DISPLAY=None) if name == "headless" else env
            path = os.path.join(out, name + ".png")
            p = run(["--function", "relu", "--size", f"{W}x{H}", "--screenshot", path, *extra],
                    env=e, timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr)
            shots[name] = np.asarray(Image.open(path).convert("RGB")).astype(int)
            self.assertEqual(shots[name].shape, (H, W, 3))

        def differing(a, b):
            return int((np.abs(a - b).max(axis=2) > 2).sum())

        # GLX and EGL may round a few antialiased pixels differently, by one level
        self.assertLess(differing(shots["plain"], shots["headless"]), 50)
        self.assertGreater(differing(shots["pointer"], shots["headless"]), 1000,
                           "the pointer left no trace: the comparison proves nothing")

    def test_damaged_session_is_kept_aside_said_in_the_window_and_then_saved_fresh(self):
        """Issue 14: a session.json with a wrong-typed field used to abort every start, and a
        damaged one was overwritten at exit. Now the window opens, the status line (inside
        the window) shows the error, the original bytes are kept beside it under a name the
        message gives, and quitting saves a valid session without touching the copy."""
        config = self.config_dir()
        d = os.path.join(config, "actviz")
        os.makedirs(d)
        original = b'{"version":"1","function":"tanh","pins":[{"function":"gelu","colour":"red"}]}'
        with open(os.path.join(d, "session.json"), "wb") as fh:
            fh.write(original)
        env = dict(os.environ, XDG_CONFIG_HOME=config)
        w, h = 1280, 700  # on the 1280x720 screen, whole (the sizes: the next test)
        proc = subprocess.Popen([ACTVIZ, "--size", f"{w}x{h}"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            wait_for_window()
            xdotool("mousemove", w // 2, h // 2)
            time.sleep(1.5)
            shot = screenshot()
            self.assertGreater(error_pixels(shot, 0, h - 36, w, h), 60,
                               "no error text in the window's bottom strip")
            self.assertEqual(error_pixels(shot, 0, 0, w, h - 36), 0)
            backups = [f for f in os.listdir(d) if f.startswith("session.damaged-")]
            self.assertEqual(len(backups), 1, os.listdir(d))
            self.assertTrue(backups[0].endswith(".json"))
            with open(os.path.join(d, backups[0]), "rb") as fh:
                self.assertEqual(fh.read(), original)
            ctrl_q()
            proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
        out, err = proc.communicate()
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn(os.path.join(d, backups[0]), err)  # the message names the copy
        with open(os.path.join(d, "session.json")) as fh:
            session = json.load(fh)
        self.assertEqual(session["version"], 1)
        self.assertEqual(session["function"], "tanh")  # the valid fields were kept
        self.assertEqual(session["pins"][0]["function"], "gelu")
        with open(os.path.join(d, backups[0]), "rb") as fh:
            self.assertEqual(fh.read(), original)

    def test_ctrl_q_quits_however_quickly_it_is_tapped(self):
        """Issue 24: ImGui 1.86 sees keys as states once a frame, so a press and release
        handled in one glfwPollEvents (xdotool's `key`, a tap while a frame is slow) never
        quit. The process is stopped while `xdotool key ctrl+q` is sent, so that every event
        of the tap waits for one poll; then the same on the Networks tab after a
        damaged-session notice, tapped with the process running. Each time the window closes
        at once and the session is saved."""
        import signal
        for case in ("stopped", "networks after a damaged session", "networks, stopped"):
            with self.subTest(case=case):
                config = self.config_dir()
                d = os.path.join(config, "actviz")
                os.makedirs(d)
                networks = case.startswith("networks")
                if networks:
                    with open(os.path.join(d, "session.json"), "w") as fh:
                        fh.write('{"version":1,"function":"tanh","ui":{"tab":5,"theme":7}}')
                env = dict(os.environ, XDG_CONFIG_HOME=config)
                proc = subprocess.Popen([ACTVIZ, "--size", "1280x700"], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                try:
                    wait_for_window()
                    xdotool("mousemove", 640, 350)
                    time.sleep(1.5)
                    if case.endswith("stopped"):
                        os.kill(proc.pid, signal.SIGSTOP)
                        xdotool("key", "ctrl+q")
                        time.sleep(0.3)
                        os.kill(proc.pid, signal.SIGCONT)
                    else:
                        xdotool("key", "ctrl+q")
                    proc.wait(timeout=20)
                finally:
                    if proc.poll() is None:
                        proc.kill()
                out, err = proc.communicate()
                self.assertEqual(proc.returncode, 0, err)
                with open(os.path.join(d, "session.json")) as fh:
                    session = json.load(fh)
                self.assertEqual(session["ui"]["tab"], 5 if networks else 0)
                if networks:
                    self.assertEqual(session["function"], "tanh")
                    self.assertIn("damaged", err)

    def test_a_change_is_saved_within_seconds_and_survives_kill_9(self):
        """Issue 24: the session was written only at a clean exit, so a crash lost it. A
        change (↓ in the function list, tapped while the process is stopped: the key must be
        seen although its press and release come in one poll) reaches the session file
        soon, whole; then the process is killed with SIGKILL and the file still holds it."""
        import signal
        config = self.config_dir()
        path = os.path.join(config, "actviz", "session.json")
        env = dict(os.environ, XDG_CONFIG_HOME=config)
        proc = subprocess.Popen([ACTVIZ, "--function", "relu", "--size", "1280x700"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

        def saved_function(seconds):
            """The function the file names once it names one other than ReLU (None if it
            never does within `seconds`); the file is valid JSON whenever it is read."""
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if os.path.exists(path):
                    with open(path) as fh:
                        name = json.load(fh)["function"]  # never a partial file
                    if name != "relu":
                        return name
                time.sleep(0.05)
            return None

        try:
            wait_for_window()
            xdotool("mousemove", 640, 350)
            time.sleep(1.5)
            os.kill(proc.pid, signal.SIGSTOP)
            xdotool("key", "Down")  # ReLU → Leaky ReLU
            os.kill(proc.pid, signal.SIGCONT)
            self.assertEqual(saved_function(60), "leaky_relu",
                             "the change never reached the session file")
            self.assertIsNone(proc.poll())
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        with open(path) as fh:
            session = json.load(fh)
        self.assertEqual(session["function"], "leaky_relu")
        left = set(os.listdir(os.path.dirname(path))) - {"session.json", "imgui.ini"}
        self.assertEqual(left, set(), "a temporary file was left beside the session")

    def test_errors_are_on_screen_at_every_window_size(self):
        """The status line used to be laid out below the window's bottom edge. With a damaged
        session or a photo that cannot be read, the error-coloured text is in the bottom strip
        of the real window at each size; a clean start has none there (the control). The
        windows may be larger than Xvfb's screen: --screenshot reads GL's framebuffer."""
        from PIL import Image
        import numpy as np
        tmp = self.config_dir()
        damaged = os.path.join(tmp, "damaged.json")
        with open(damaged, "w") as fh:
            fh.write('{"version":null,"ui":{"export_scale":"2"}}')
        photo = os.path.join(tmp, "bad.png")
        with open(photo, "wb") as fh:
            fh.write(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
        for w, h in ((1280, 800), (1280, 1000), (1600, 1200)):
            for name, extra in (("session", ["--session", damaged]), ("photo", ["--image", photo]),
                                ("clean", [])):
                with self.subTest(size=f"{w}x{h}", case=name):
                    path = os.path.join(tmp, f"{name}-{w}x{h}.png")
                    p = run(["--size", f"{w}x{h}", "--frames", "8", "--screenshot", path, *extra],
                            env={"XDG_CONFIG_HOME": tmp}, timeout=60)
                    self.assertEqual(p.returncode, 0, p.stderr)
                    img = np.asarray(Image.open(path).convert("RGB")).astype(int)
                    self.assertEqual(img.shape, (h, w, 3))
                    near = np.abs(img - np.array(ERROR_RGB)).sum(axis=2) < 30
                    bottom, rest = int(near[h - 36:].sum()), int(near[:h - 36].sum())
                    if name == "clean":
                        self.assertEqual(bottom, 0)
                    else:
                        self.assertGreater(bottom, 60, f"no error text at the bottom of {path}")
                    self.assertEqual(rest, 0, "error-coloured pixels above the status line")

    def test_a_fifo_as_the_photo_is_said_and_ctrl_q_still_quits(self):
        """A FIFO as --image used to hang the image worker in fopen, and Ctrl+Q then hung in
        the join at shutdown. Now the window says what is wrong and quits at once."""
        tmp = self.config_dir()
        fifo = os.path.join(tmp, "photo.png")
        os.mkfifo(fifo)
        env = dict(os.environ, XDG_CONFIG_HOME=tmp)
        w, h = 1280, 700
        proc = subprocess.Popen([ACTVIZ, "--size", f"{w}x{h}", "--image", fifo], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wait_for_window()
            xdotool("mousemove", w // 2, h // 2)
            time.sleep(1.5)
            shot = screenshot()
            self.assertGreater(error_pixels(shot, 0, h - 36, w, h), 60,
                               "the FIFO's refusal is not in the status line")
            t0 = time.monotonic()
            ctrl_q()
            proc.wait(timeout=10)
            self.assertLess(time.monotonic() - t0, 8)
        finally:
            if proc.poll() is None:
                proc.kill()
        out, err = proc.communicate()
        self.assertEqual(proc.returncode, 0, err)

    def test_a_fifo_or_dev_zero_as_the_session_starts_at_once_with_a_message(self):
        """A FIFO or /dev/zero as the session file used to block or read gigabytes."""
        tmp = self.config_dir()
        fifo = os.path.join(tmp, "session.json")
        os.mkfifo(fifo)
        for path, word in ((fifo, "FIFO"), ("/dev/zero", "device")):
            with self.subTest(path=path):
                out = os.path.join(tmp, "shot.png")
                t0 = time.monotonic()
                p = run(["--session", path, "--screenshot", out, "--frames", "3"],
                        env={"XDG_CONFIG_HOME": tmp}, timeout=30)
                self.assertLess(time.monotonic() - t0, 20)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertIn(word, p.stderr)
                self.assertIn(path, p.stderr)


if __name__ == "__main__":
    main("ACTVIZ")  # more arguments go to unittest, e.g. -k resized
