#!/usr/bin/python3
"""Writes a small seed corpus for the image decoder fuzz target (DecodeImageMemory).

Usage: /usr/bin/python3 fuzz/image_seeds.py DIR

A few tiny valid images of each supported format and variant (PNG 8/16-bit, palette,
RGBA; JPEG baseline, progressive, gray; GIF, animated, interlaced; BMP 1/8/24/32-bit,
top-down, 5-6-5 bit fields; TGA raw, run-length, gray, colour-mapped; PNM P5/P6, 16-bit,
maxval 15), plus damaged ones that reach the refusals: truncated files, a PNG chunk claiming
2 GiB, a JPEG claiming 10000x10000, a BMP of height -2^31, a GIF frame off its screen.
Only PIL and struct; deterministic (the same bytes every run).
"""
import io
import os
import random
import struct
import sys
import zlib

from PIL import Image

W, H = 8, 6


def pixels(mode, seed):
    rnd = random.Random(seed)
    bands = {"L": 1, "RGB": 3, "RGBA": 4}[mode]
    data = bytes(rnd.randrange(256) for _ in range(W * H * bands))
    return Image.frombytes(mode, (W, H), data)


def encode(im, fmt, **kw):
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def png_chunk(kind, data, claimed=None):
    n = len(data) if claimed is None else claimed
    return struct.pack(">I", n) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bmp(width, height, bpp, rows, palette=b"", compression=0, masks=()):
    """A BMP with a 40-byte header; rows already in file order and padded."""
    offset = 14 + 40 + 4 * len(masks) + len(palette)
    head = b"BM" + struct.pack("<IHHI", offset + len(rows), 0, 0, offset)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bpp, compression, len(rows),
                       2835, 2835, len(palette) // 4, 0)
    return head + info + b"".join(struct.pack("<I", m) for m in masks) + palette + rows


def first_image_descriptor(gif):
    """Offset of the first 0x2C record: past the screen, its colour table, and extensions."""
    at = 13 + (3 << ((gif[10] & 7) + 1) if gif[10] & 0x80 else 0)
    while gif[at] == 0x21:
        at += 2
        while gif[at]:
            at += gif[at] + 1
        at += 1
    assert gif[at] == 0x2C
    return at


def seeds():
    rgb, gray, rgba = pixels("RGB", 1), pixels("L", 2), pixels("RGBA", 3)
    out = {}
    # PNG
    out["rgb.png"] = encode(rgb, "PNG")
    out["gray.png"] = encode(gray, "PNG")
    out["rgba.png"] = encode(rgba, "PNG")
    out["palette.png"] = encode(rgb.quantize(16), "PNG")
    g16 = Image.frombytes("I;16", (W, H), bytes(random.Random(4).randrange(256)
                                                for _ in range(W * H * 2)))
    out["gray16.png"] = encode(g16, "PNG")
    # JPEG
    out["baseline.jpg"] = encode(rgb, "JPEG", quality=90)
    out["progressive.jpg"] = encode(rgb, "JPEG", quality=90, progressive=True)
    out["gray.jpg"] = encode(gray, "JPEG", quality=90)
    out["subsampled.jpg"] = encode(rgb.resize((17, 11)), "JPEG", quality=75, subsampling=2)
    # GIF
    out["one.gif"] = encode(rgb.quantize(8), "GIF")
    out["two_frames.gif"] = encode(gray, "GIF", save_all=True,
                                   append_images=[gray.point(lambda v: 255 - v)])
    out["interlaced.gif"] = encode(gray.resize((9, 13)), "GIF", interlace=True)
    out["transparent.gif"] = encode(rgb.quantize(4), "GIF", transparency=2)
    # BMP: PIL's writer for the common ones, by hand for top-down and bit fields.
    out["rgb.bmp"] = encode(rgb, "BMP")
    out["palette8.bmp"] = encode(rgb.quantize(16), "BMP")
    out["bits1.bmp"] = encode(gray.convert("1"), "BMP")
    out["rgba.bmp"] = encode(rgba, "BMP")
    row = bytes(rgb.tobytes()[:W * 3])
    out["top_down.bmp"] = bmp(W, -2, 24, row + row[::-1])
    out["rgb565.bmp"] = bmp(4, 2, 16, struct.pack("<8H", 0xF800, 0x07E0, 0x001F, 0xFFFF,
                                                  0, 0x8410, 0x1234, 0xABCD),
                            compression=3, masks=(0xF800, 0x07E0, 0x001F))
    # TGA
    out["raw.tga"] = encode(rgb, "TGA")
    out["rle.tga"] = encode(rgb, "TGA", compression="tga_rle")
    out["gray_rle.tga"] = encode(gray, "TGA", compression="tga_rle")
    out["mapped.tga"] = encode(rgb.quantize(16), "TGA")
    out["rgba.tga"] = encode(rgba, "TGA", orientation=1)
    # PNM
    out["rgb.ppm"] = encode(rgb, "PPM")
    out["gray.pgm"] = encode(gray, "PPM")
    out["gray16.pgm"] = (b"P5\n# sixteen bit\n%d %d\n65535\n" % (W, H)
                         + bytes(random.Random(5).randrange(256) for _ in range(W * H * 2)))
    out["maxval15.pgm"] = b"P5 4 2 15\n" + bytes([0, 1, 7, 8, 14, 15, 3, 9])

    # Damaged: the refusals.
    for name in ("rgb.png", "baseline.jpg", "one.gif", "rgb.bmp", "rle.tga", "rgb.ppm"):
        data = out[name]
        out["truncated_" + name] = data[: len(data) * 2 // 3]
    png = out["gray.png"]
    ihdr_end = 8 + 25
    out["huge_text_chunk.png"] = (png[:ihdr_end]
                                  + png_chunk(b"zTXt", b"Comment\0\0" + b"x" * 2000, 0x7FFFFFFF)
                                  + png[ihdr_end:])
    out["huge_dims.png"] = (png[:8] + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000,
                                                                     8, 0, 0, 0, 0))
                            + png[ihdr_end:])
    jpg = bytearray(out["baseline.jpg"])
    sof = jpg.find(b"\xff\xc0")
    jpg[sof + 5:sof + 9] = struct.pack(">HH", 10000, 10000)
    out["claims_10000x10000.jpg"] = bytes(jpg)
    out["height_int_min.bmp"] = bmp(W, -2**31, 24, row)
    gif = bytearray(out["one.gif"])
    desc = first_image_descriptor(gif)
    gif[desc + 1:desc + 5] = struct.pack("<HH", 500, 500)  # Left, Top
    out["frame_off_screen.gif"] = bytes(gif)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: image_seeds.py DIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, data in sorted(seeds().items()):
        with open(os.path.join(sys.argv[1], name), "wb") as fh:
            fh.write(data)


if __name__ == "__main__":
    main()
