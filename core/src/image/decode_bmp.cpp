// BMP, by a small strict decoder: uncompressed 1-, 4-, 8-bit palette, 16-, 24- and 32-bit
// pixels with or without bit-field masks, bottom-up or top-down (negative height); the header
// sizes of Windows (40, 52, 56, 108, 124 bytes) and OS/2 1.x (12). Run-length and embedded
// JPEG/PNG BMPs are refused by name. Every offset and length is checked against the file in
// 64-bit arithmetic before it is used. Output as stb gave it: RGB, or RGBA when there is alpha.
#include <bit>
#include <cstring>

#include "image/decode.hpp"

namespace actviz::decode {
namespace {

// One colour field of a bit-field pixel: value (p & mask) >> shift, of `bits` bits.
struct Field {
  std::uint32_t mask = 0;
  int shift = 0, bits = 0;
  // To 8 bits: the top 8 bits, or the bits repeated (5 bits abcde → abcdeabc), as stb did.
  std::uint8_t operator()(std::uint32_t p) const {
    if (bits == 0) return 0;
    std::uint32_t v = (p & mask) >> shift;
    if (bits >= 8) return static_cast<std::uint8_t>(v >> (bits - 8));
    std::uint32_t r = 0;
    int have = 0;
    while (have < 8)
      r = (r << bits) | v, have += bits;
    return static_cast<std::uint8_t>(r >> (have - 8));
  }
};

bool MakeField(std::uint32_t mask, Field& f) {
  f = Field{};
  if (mask == 0) return true;
  f.mask = mask;
  f.shift = std::countr_zero(mask);
  f.bits = std::popcount(mask);
  return (mask >> f.shift) == (f.bits == 32 ? ~0u : (1u << f.bits) - 1);  // contiguous
}

constexpr std::uint32_t kRgb = 0, kRle8 = 1, kRle4 = 2, kBitFields = 3, kJpeg = 4, kPng = 5,
                        kAlphaBitFields = 6;

}  // namespace

Error DecodeBmp(Bytes b, const Request& req, DecodedImage& out) {
  out = DecodedImage{};
  const std::uint64_t size = b.size();
  if (size < 18) {
    if (req.header_only) return std::nullopt;
    return Truncated("BMP", 18, size, "header");
  }
  const std::uint32_t offset = Le32(b, 10), hsz = Le32(b, 14);
  const bool core = hsz == 12;
  if (!core && hsz != 40 && hsz != 52 && hsz != 56 && hsz != 108 && hsz != 124)
    return "not a valid BMP image: unknown header size " + std::to_string(hsz);
  if (size < 14 + std::uint64_t{hsz}) {
    if (req.header_only) return std::nullopt;
    return Truncated("BMP", 14 + std::uint64_t{hsz}, size, "header");
  }
  std::uint64_t w = 0, h = 0;
  bool top_down = false;
  std::uint32_t bpp = 0, compression = kRgb, colours = 0;
  if (core) {
    w = Le16(b, 18);
    h = Le16(b, 20);
    bpp = Le16(b, 24);
  } else {
    const auto sw = static_cast<std::int32_t>(Le32(b, 18));
    const auto sh = static_cast<std::int32_t>(Le32(b, 22));
    if (sw < 0) return std::string("not a valid BMP image: its width is negative");
    w = static_cast<std::uint64_t>(sw);
    // Negative height: rows stored top to bottom. Its magnitude as unsigned, so -2³¹ is 2³¹.
    top_down = sh < 0;
    h = top_down ? std::uint64_t{0} - static_cast<std::uint64_t>(static_cast<std::int64_t>(sh))
                 : static_cast<std::uint64_t>(sh);
    bpp = Le16(b, 28);
    compression = Le32(b, 30);
    colours = Le32(b, 46);
  }
  if (compression == kRle8 || compression == kRle4)
    return std::string("run-length compressed BMP images are not supported");
  if (compression == kJpeg || compression == kPng)
    return std::string("BMP images holding JPEG or PNG data are not supported");
  if (compression != kRgb && compression != kBitFields && compression != kAlphaBitFields)
    return "not a valid BMP image: unknown compression " + std::to_string(compression);
  const bool palette = bpp == 1 || bpp == 4 || bpp == 8;
  if (!palette && bpp != 16 && bpp != 24 && bpp != 32)
    return "not a valid BMP image: " + std::to_string(bpp) + " bits per pixel";
  if (compression != kRgb && bpp != 16 && bpp != 32)
    return "not a valid BMP image: bit-field masks with " + std::to_string(bpp) + " bits per pixel";
  if (auto e = CheckDims("BMP", w, h, req.max_pixels)) return e;

  // Masks: in the header from 52 bytes on, else just after a 40-byte header.
  Field fr, fg, fb, fa;
  std::uint64_t after_header = 14 + std::uint64_t{hsz};
  if (bpp == 16 || bpp == 32) {
    std::uint32_t mr = 0, mg = 0, mb = 0, ma = 0;
    if (compression == kRgb) {
      if (bpp == 16)
        mr = 0x7c00, mg = 0x03e0, mb = 0x001f;
      else
        mr = 0xff0000, mg = 0xff00, mb = 0xff, ma = 0xff000000;
    } else {
      const std::uint64_t at = hsz >= 52 ? 54 : after_header;
      const std::uint64_t n = compression == kAlphaBitFields || hsz >= 56 ? 16 : 12;
      if (hsz == 40) after_header += n;
      if (size < at + n) {
        if (req.header_only) return std::nullopt;
        return Truncated("BMP", at + n, size, "header");
      }
      mr = Le32(b, at), mg = Le32(b, at + 4), mb = Le32(b, at + 8);
      ma = n == 16 ? Le32(b, at + 12) : 0;
    }
    if (!MakeField(mr, fr) || !MakeField(mg, fg) || !MakeField(mb, fb) || !MakeField(ma, fa))
      return std::string("not a valid BMP image: a colour mask is not one run of bits");
  }
  const int ch = fa.mask ? 4 : 3;
  if (req.header_only) {
    out.width = static_cast<int>(w);
    out.height = static_cast<int>(h);
    out.format = "BMP";
    return std::nullopt;
  }

  // The palette: BGR (OS/2) or BGRX entries between the header and the pixels.
  std::uint8_t pal[256][3] = {};
  std::uint32_t entries = 0;
  if (palette) {
    const std::uint32_t most = 1u << bpp;
    entries = colours == 0 ? most : colours;
    if (entries > most) entries = most;  // only the first 2^bpp can be referred to
    const std::uint64_t esz = core ? 3 : 4;
    const std::uint64_t end = after_header + esz * entries;
    if (size < end) return Truncated("BMP", end, size, "header and palette");
    for (std::uint32_t i = 0; i < entries; ++i) {
      const std::uint64_t at = after_header + esz * i;
      pal[i][0] = b[at + 2], pal[i][1] = b[at + 1], pal[i][2] = b[at];
    }
    after_header = end;
  }
  if (offset < after_header || offset > size)
    return "not a valid BMP image: pixel data offset " + std::to_string(offset) +
           " is outside the file's " + std::to_string(after_header) + "…" + std::to_string(size);

  // Rows padded to 4 bytes; the last row's padding may be missing.
  const std::uint64_t row_bytes = (w * bpp + 7) / 8;
  const std::uint64_t stride = (w * bpp + 31) / 32 * 4;
  const std::uint64_t need = stride * (h - 1) + row_bytes;
  const std::uint64_t have = size - offset;
  if (have < need) return Truncated("BMP", need, have);

  if (auto e = Allocate(out, "BMP", static_cast<int>(w), static_cast<int>(h), ch, false)) return e;
  bool all_alpha_zero = true;
  for (std::uint64_t y = 0; y < h; ++y) {
    const std::uint8_t* s = b.data() + offset + stride * y;
    std::uint8_t* o =
        out.samples8.data() + (top_down ? y : h - 1 - y) * w * static_cast<std::uint64_t>(ch);
    for (std::uint64_t x = 0; x < w; ++x, o += ch) {
      if (palette) {
        const std::uint32_t bit = static_cast<std::uint32_t>(x * bpp);
        const std::uint32_t i =
            (s[bit / 8] >> (8 - bpp - bit % 8)) & ((1u << bpp) - 1);  // MSB first
        if (i >= entries) {
          out = DecodedImage{};
          return "BMP pixel refers to palette entry " + std::to_string(i) + " of " +
                 std::to_string(entries);
        }
        std::memcpy(o, pal[i], 3);
      } else if (bpp == 24) {
        o[0] = s[3 * x + 2], o[1] = s[3 * x + 1], o[2] = s[3 * x];
      } else {
        const std::uint32_t p =
            bpp == 16 ? Le16(b, offset + stride * y + 2 * x) : Le32(b, offset + stride * y + 4 * x);
        o[0] = fr(p), o[1] = fg(p), o[2] = fb(p);
        if (ch == 4) {
          o[3] = fa(p);
          all_alpha_zero = all_alpha_zero && o[3] == 0;
        }
      }
    }
  }
  // Many writers leave the fourth byte 0: an image with no opaque pixel means no alpha.
  if (ch == 4 && all_alpha_zero)
    for (std::size_t i = 3; i < out.samples8.size(); i += 4)
      out.samples8[i] = 255;
  return std::nullopt;
}

}  // namespace actviz::decode
