#!/usr/bin/python3
"""Seed corpora for the fuzz targets, made at run time (nothing binary is committed).

Usage: make_seeds.py image|session OUTDIR

image: tiny valid PNG (gray, gray+alpha, RGB, RGBA, palette, 16-bit, interlaced), JPEG
(baseline, progressive, gray), BMP (24-bit, palette, top-down), GIF, TGA (raw, RLE), PNM
(P5, P6, 16-bit P5), each also truncated and with a few bytes flipped (fixed seed), so the
fuzzer starts next to every decoder's header and data paths.
session: the saved session of a default state and variants with each section damaged.
"""
import io
import json
import os
import random
import struct
import sys


def images():
    from PIL import Image  # python3-pil

    rng = random.Random(14)
    w, h = 7, 5
    rgb = Image.new("RGB", (w, h))
    rgb.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                 for _ in range(w * h)])
    gray = rgb.convert("L")
    out = {}

    def save(name, im, fmt, **kw):
        b = io.BytesIO()
        im.save(b, fmt, **kw)
        out[name] = b.getvalue()

    save("gray.png", gray, "PNG")
    save("la.png", gray.convert("LA"), "PNG")
    save("rgb.png", rgb, "PNG")
    save("rgba.png", rgb.convert("RGBA"), "PNG")
    save("palette.png", rgb.convert("P"), "PNG")
    save("interlaced.png", rgb, "PNG", interlace=1)
    save("gray16.png", gray.convert("I;16"), "PNG")
    save("base.jpg", rgb, "JPEG", quality=90)
    save("progressive.jpg", rgb, "JPEG", progressive=True)
    save("gray.jpg", gray, "JPEG")
    save("rgb.bmp", rgb, "BMP")
    save("palette.bmp", rgb.convert("P"), "BMP")
    save("anim.gif", rgb.convert("P"), "GIF", save_all=True,
         append_images=[gray.convert("P")], duration=10)
    save("raw.tga", rgb, "TGA")
    save("rle.tga", rgb, "TGA", compression="tga_rle")
    save("gray.pgm", gray, "PPM")
    save("rgb.ppm", rgb, "PPM")
    # Top-down BMP: negative height in the info header (PIL writes bottom-up only).
    bmp = bytearray(out["rgb.bmp"])
    struct.pack_into("<i", bmp, 22, -h)
    bmp_rows = bmp[54:]
    row = (w * 3 + 3) & ~3
    bmp[54:] = b"".join(bmp_rows[i * row:(i + 1) * row] for i in reversed(range(h)))
    out["topdown.bmp"] = bytes(bmp)
    # 16-bit PGM (maxval 65535, big-endian samples).
    out["gray16.pgm"] = b"P5\n%d %d\n65535\n" % (w, h) + b"".join(
        struct.pack(">H", rng.randrange(65536)) for _ in range(w * h))
    damaged = {}
    for name, data in out.items():
        damaged["trunc_" + name] = data[: max(1, len(data) // 2)]
        flipped = bytearray(data)
        for _ in range(4):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        damaged["flip_" + name] = bytes(flipped)
    out.update(damaged)
    return out


def sessions():
    base = {
        "version": 1, "function": "selu", "parameters": {"lambda": 1.05, "alpha": 1.67},
        "pins": [{"function": "relu", "parameters": {}, "colour": 3, "visible": True},
                 {"function": "softplus", "parameters": {"beta": 2}, "colour": 15,
                  "visible": False}],
        "view": {"x": [-6, 6], "y_f": [-2, 6], "y_df": [-0.5, 1.5], "log_df": False,
                 "shade_saturation": True, "fit_on_select": True},
        "derivative_check": {"open": False, "log10_h": -5, "forward": True, "central": True},
        "distributions": {"dist": "normal", "samples": 100000, "bins": 80, "scale": 1,
                          "seed": 1, "density": True, "log_counts": False, "exact": True},
        "ui": {"theme": "dark", "tab": 0, "show_facts": True, "export_scale": 2,
               "export_directory": "/tmp"},
    }
    out = {"default.json": json.dumps(base, indent=2).encode()}
    wrong = {"version": "1", "function": 7, "parameters": [], "pins": {}, "view": 1,
             "derivative_check": None, "distributions": "x", "ui": [1]}
    for key, value in wrong.items():
        doc = dict(base)
        doc[key] = value
        out["wrong_%s.json" % key] = json.dumps(doc).encode()
    big = json.loads(json.dumps(base))
    big["distributions"]["samples"] = 1e300
    big["ui"]["tab"] = -1e300
    big["pins"][0]["colour"] = "red"
    out["bad_numbers.json"] = json.dumps(big).encode()
    out["truncated.json"] = out["default.json"][:150]
    out["empty.json"] = b""
    out["nested.json"] = b"[" * 200 + b"]" * 200
    return out


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("image", "session"):
        sys.exit("usage: make_seeds.py image|session OUTDIR")
    os.makedirs(sys.argv[2], exist_ok=True)
    seeds = images() if sys.argv[1] == "image" else sessions()
    for name, data in seeds.items():
        with open(os.path.join(sys.argv[2], name), "wb") as f:
            f.write(data)
    print("%d %s seeds in %s" % (len(seeds), sys.argv[1], sys.argv[2]))


if __name__ == "__main__":
    main()
