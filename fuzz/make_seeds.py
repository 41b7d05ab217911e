#!/usr/bin/python3
"""Seed corpora for the fuzz targets, made at run time (nothing binary is committed).

Usage: make_seeds.py image|session|cli|formula OUTDIR

image: tiny valid PNG (gray, gray+alpha, RGB, RGBA, palette, 16-bit, interlaced), JPEG
(baseline, progressive, gray), BMP (24-bit, palette, top-down), GIF, TGA (raw, RLE), PNM
(P5, P6, 16-bit P5), each also truncated and with a few bytes flipped (fixed seed), so the
fuzzer starts next to every decoder's header and data paths.
session: the saved session of a default state (with the Depth, Networks, Softmax and
Families sections) and variants with each section damaged or its numbers overflowing.
cli: argument vectors, one argument per line: every command, and depth, train and softmax
with overflowing parameters (the fuzzer's tiny real runs of those check their JSON).
formula: typed formulas, valid and not: every operator, rows as calls, deep and long ones.
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
    base["depth"] = {"layers": 20, "width": 256, "batch": 1000, "init": "xavier_normal",
                     "gain_auto": False, "gain": 1, "direct": False, "sigma_w": 1.3,
                     "sigma_b": 0.2, "seed": 0, "show_post": True}
    base["family"] = {"on": True, "param": "beta", "from": 0.25, "to": 32, "n": 8,
                      "geometric": True}
    base["softmax"] = {"logits": [1000, 0, -1000], "reach": 1, "temperature": 1,
                       "softmin": False, "show_log": True, "naive": True, "tropical": False,
                       "tropical_t": 2}
    base["networks"] = {"task": "xor", "model": "mlp", "hidden": "2,2",
                        "per_layer": "leaky_relu(alpha=0.1),tanh", "freeze_params": False,
                        "theta": 0, "output": "sigmoid", "loss": "bce", "optimizer": "adam",
                        "lr": 0.01, "batch": 32, "epochs": 1000, "seed": 0,
                        "epochs_per_second": 60, "playing": False,
                        "pins": [{"label": "relu", "loss": [0.3, 0.2, None]}]}
    out = {"default.json": json.dumps(base, indent=2).encode()}
    wrong = {"version": "1", "function": 7, "parameters": [], "pins": {}, "view": 1,
             "derivative_check": None, "distributions": "x", "ui": [1], "depth": [],
             "family": "x", "softmax": 3, "networks": None}
    for key, value in wrong.items():
        doc = dict(base)
        doc[key] = value
        out["wrong_%s.json" % key] = json.dumps(doc).encode()
    big = json.loads(json.dumps(base))
    big["distributions"]["samples"] = 1e300
    big["ui"]["tab"] = -1e300
    big["pins"][0]["colour"] = "red"
    out["bad_numbers.json"] = json.dumps(big).encode()
    huge = json.loads(json.dumps(base))  # the new tabs' numbers at and past their ranges
    huge["depth"].update(layers=1e300, width=-1, batch=2 ** 63, sigma_w=1e308, gain=-1e308)
    huge["softmax"].update(logits=[1e308, -1e308] * 600, temperature=1e-320, reach=-7)
    huge["networks"].update(hidden="4096," * 70, per_layer="prelu(alpha=1e308)", lr=1e308,
                            epochs=-1, batch=0, task="nope", pins=[{"loss": "x"}] * 3)
    huge["family"].update(n=1e9, **{"from": -1e308, "to": 1e308})
    out["huge_new_tabs.json"] = json.dumps(huge).encode()
    dup = json.dumps(base)[:-1] + ', "depth": {"layers": 3}}'  # a duplicate key
    out["duplicate_depth.json"] = dup.encode()
    out["truncated.json"] = out["default.json"][:150]
    out["empty.json"] = b""
    out["nested.json"] = b"[" * 200 + b"]" * 200
    return out


def cli():
    lines = {
        "list": ["list", "--json"],
        "eval": ["eval", "-f", "elu", "--alpha", "0.5", "--type", "f32"],
        "hist": ["hist", "-f", "tanh", "--dist", "normal", "--samples", "99999999999", "--json"],
        "apply": ["apply", "--image", "x.png", "--out", "y.png", "--range", "1e308:-1e308"],
        "figure": ["figure", "--size", "99999x1", "--seed", "18446744073709551616"],
        "bench": ["bench", "--n", "0", "--function", "nope"],
        "gui": ["--function", "gelu", "--screenshot", "s.png", "--frames", "3"],
        "depth": ["depth", "-f", "relu", "--sigma-w", "1000", "--json"],
        "depth_linear": ["depth", "-f", "linear", "--lambda", "1e30", "--json"],
        "depth_gain": ["depth", "-f", "selu", "--gain", "auto", "--sigma-b", "1e6", "--json"],
        "depth_init": ["depth", "--init", "orthogonal", "--gain", "1e6", "--seed", "7"],
        "depth_big": ["depth", "-L", "1000", "-N", "8192", "-B", "100000"],
        "train": ["train", "--task", "xor", "--function", "sigmoid", "--json"],
        "train_prelu": ["train", "--task", "xor", "--functions", "prelu(alpha=1e308)", "--json"],
        "train_square": ["train", "--task", "square", "--optimizer", "sgd", "--lr", "1e300",
                         "--json"],
        "train_layers": ["train", "--task", "spiral", "--hidden", "3000,3000",
                         "--functions", "relu((x)),tanh"],
        "train_perceptron": ["train", "--task", "and", "--model", "perceptron", "--theta",
                             "1e308", "--json"],
        "softmax": ["softmax", "-z", "1000,0,-1000", "--json"],
        "softmax_tiny_t": ["softmax", "-z", "0,0", "-T", "1e-320", "--json"],
        "softmax_huge": ["softmax", "-z", "1e308,-1e308", "-T", "1e-300", "--softmin"],
        "softmax_sub": ["softmax", "-z", "0,1e-310", "-T", "5e-324", "--json"],
        "empty": ["train", "--task", "xor", "--lr", ""],
        "twice": ["depth", "-L", "2", "-L", "3"],
    }
    return {k + ".args": "\n".join(v).encode() for k, v in lines.items()}


def formulas():
    texts = [
        "log(1 + exp(x))", "(exp(x) - 1)/x", "x*tanh(log(1+exp(x)))", "x*sigmoid(x)",
        "-x^2 + 2^-x", "a*x*sigmoid(b*x) + c*sin(w*x)^2/w", "if(x > 0, log(x), 0)",
        "elu(x, 0.5) + maxout(x, 1, 0, -1, 0)", "atan2(x, 1) < hypot(x, 2) == 1",
        "Phi(x)*phi(x) - erfc(-x)/2", "sqrt(-x) + acosh(x) + atanh(x/2)", "1 + * x",
        "expp(x)", "(" * 40 + "x" + ")" * 40, "x" + "+x" * 200, "exp(exp(exp(x)))",
        "sin(pi*x) - floor(x) + ceil(-x) + sign(x)", "min(x, 2)^max(x, -3)", "cbrt(x)/x^0.5",
    ]
    return {"f%02d.txt" % i: t.encode() for i, t in enumerate(texts)}


def main():
    kinds = {"image": images, "session": sessions, "cli": cli, "formula": formulas}
    if len(sys.argv) != 3 or sys.argv[1] not in kinds:
        sys.exit("usage: make_seeds.py image|session|cli|formula OUTDIR")
    os.makedirs(sys.argv[2], exist_ok=True)
    seeds = kinds[sys.argv[1]]()
    for name, data in seeds.items():
        with open(os.path.join(sys.argv[2], name), "wb") as f:
            f.write(data)
    print("%d %s seeds in %s" % (len(seeds), sys.argv[1], sys.argv[2]))


if __name__ == "__main__":
    main()
