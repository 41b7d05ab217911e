// TGA, by a small strict decoder: colour-mapped (8-bit indices), true-colour (15/16, 24, 32 bit)
// and gray (8 bit, or 16 with alpha), uncompressed or run-length encoded, bottom-up or top-down.
// TGA has no magic number, so LooksLikeTga accepts only a header whose every field is one these
// types allow. Every length is checked before use; run-length packets may cross rows (as the
// format allows) but not the end of the image, and data that ends early is refused. Output as
// stb gave it: gray 1 channel, gray+alpha 2, RGB 3, RGBA 4; right-to-left order is ignored, as
// stb and PIL ignore it.
#include <cstring>

#include "image/decode.hpp"

namespace actviz::decode {
namespace {

struct Header {
  std::uint32_t id_len, map_type, type, map_first, map_len, map_bits, w, h, bpp, desc;
};

Header Parse(Bytes b) {
  return Header{b[0], b[1],        b[2],        Le16(b, 3), Le16(b, 5),
                b[7], Le16(b, 12), Le16(b, 14), b[16],      b[17]};
}

bool Valid(const Header& t) {
  const std::uint32_t base = t.type & ~8u;  // 9, 10, 11 are 1, 2, 3 run-length encoded
  if (t.type != base && t.type != (base | 8)) return false;
  if (base < 1 || base > 3 || t.map_type > 1) return false;
  if (t.map_type == 1 && t.map_bits != 15 && t.map_bits != 16 && t.map_bits != 24 &&
      t.map_bits != 32)
    return false;
  if (base == 1) return t.map_type == 1 && t.bpp == 8;
  if (base == 3) return t.bpp == 8 || t.bpp == 16;
  return t.bpp == 8 || t.bpp == 15 || t.bpp == 16 || t.bpp == 24 || t.bpp == 32;
}

// One pixel (or colour-map entry) of `bits` bits at p to `ch` output channels.
void Convert(const std::uint8_t* p, std::uint32_t bits, bool gray, std::uint8_t* o) {
  if (bits == 8) {
    o[0] = p[0];
  } else if (bits == 16 && gray) {
    o[0] = p[0], o[1] = p[1];
  } else if (bits == 15 || bits == 16) {
    // A1R5G5B5 little-endian, each 5-bit value scaled by 255/31 (as stb; alpha dropped).
    const std::uint32_t v = p[0] | static_cast<std::uint32_t>(p[1]) << 8;
    o[0] = static_cast<std::uint8_t>(((v >> 10) & 31) * 255 / 31);
    o[1] = static_cast<std::uint8_t>(((v >> 5) & 31) * 255 / 31);
    o[2] = static_cast<std::uint8_t>((v & 31) * 255 / 31);
  } else {
    o[0] = p[2], o[1] = p[1], o[2] = p[0];  // BGR(A)
    if (bits == 32) o[3] = p[3];
  }
}

int Channels(std::uint32_t bits, bool gray) {
  if (bits == 8) return 1;
  if (bits == 16 && gray) return 2;
  return bits == 32 ? 4 : 3;
}

}  // namespace

bool LooksLikeTga(Bytes b) {
  if (b.size() < 18) return false;
  const Header t = Parse(b);
  return Valid(t) && t.w > 0 && t.h > 0;
}

Error DecodeTga(Bytes b, const Request& req, DecodedImage& out) {
  out = DecodedImage{};
  if (b.size() < 18) return Truncated("TGA", 18, b.size(), "header");
  const Header t = Parse(b);
  if (!Valid(t)) return std::string("not a valid TGA image: unknown combination of header fields");
  if (auto e = CheckDims("TGA", t.w, t.h, req.max_pixels)) return e;
  const bool mapped = (t.type & 7) == 1, gray = (t.type & 7) == 3, rle = (t.type & 8) != 0;
  const std::uint32_t out_bits = mapped ? t.map_bits : t.bpp;
  const int ch = Channels(out_bits, gray);
  if (req.header_only) {
    out.width = static_cast<int>(t.w);
    out.height = static_cast<int>(t.h);
    out.format = "TGA";
    return std::nullopt;
  }
  const std::uint64_t size = b.size();
  const std::uint64_t map_entry = (t.map_bits + 7) / 8;
  const std::uint64_t map_at = 18 + std::uint64_t{t.id_len};
  const std::uint64_t data_at = map_at + (t.map_type ? map_entry * t.map_len : 0);
  if (size < data_at) return Truncated("TGA", data_at, size, "header and colour map");

  // The colour map, converted once; index i is entry i − map_first.
  std::uint8_t map[256][4] = {};
  if (mapped) {
    for (std::uint32_t i = 0; i < t.map_len && t.map_first + i < 256; ++i)
      Convert(b.data() + map_at + map_entry * i, t.map_bits, false, map[t.map_first + i]);
  }
  const std::uint64_t map_end = mapped ? std::uint64_t{t.map_first} + t.map_len : 0;

  const std::uint64_t px = (t.bpp + 7) / 8, n = std::uint64_t{t.w} * t.h;
  const std::uint64_t have = size - data_at;
  // Before allocating: a packet covers at most 128 pixels and takes at least 1 + px bytes.
  if (rle && have < (n + 127) / 128 * (1 + px))
    return "truncated TGA (" + std::to_string(n) + " pixels of run-length data need at least " +
           std::to_string((n + 127) / 128 * (1 + px)) + " bytes, has " + std::to_string(have) + ")";
  if (!rle && have < n * px) return Truncated("TGA", n * px, have);
  if (auto e = Allocate(out, "TGA", static_cast<int>(t.w), static_cast<int>(t.h), ch, false))
    return e;
  const bool top_down = (t.desc & 0x20) != 0;
  const std::size_t uch = static_cast<std::size_t>(ch);
  // Pixel k in file order to its place in the output rows.
  auto put = [&](std::uint64_t k, const std::uint8_t* p) -> Error {
    const std::uint64_t y = k / t.w, x = k % t.w;
    std::uint8_t* o = out.samples8.data() + ((top_down ? y : t.h - 1 - y) * t.w + x) * uch;
    if (!mapped) {
      Convert(p, t.bpp, gray, o);
      return std::nullopt;
    }
    if (p[0] < t.map_first || p[0] >= map_end)
      return "TGA pixel refers to colour map entry " + std::to_string(p[0]) + ", outside " +
             std::to_string(t.map_first) + "…" + std::to_string(map_end - 1);
    std::memcpy(o, map[p[0]], uch);
    return std::nullopt;
  };
  const std::uint8_t* data = b.data() + data_at;
  Error e;
  if (!rle) {
    for (std::uint64_t k = 0; !e && k < n; ++k)
      e = put(k, data + k * px);
  } else {
    std::uint64_t at = 0, k = 0;
    while (!e && k < n) {
      if (at >= have) {
        e = "truncated TGA (the run-length data ends after " + std::to_string(k) + " of " +
            std::to_string(n) + " pixels)";
        break;
      }
      const std::uint8_t head = data[at++];
      const std::uint64_t count = (head & 0x7fu) + 1u;
      const bool run = (head & 0x80) != 0;
      if (count > n - k) {
        e = std::string("TGA run-length packet runs past the last pixel");
        break;
      }
      const std::uint64_t bytes = run ? px : px * count;
      if (have - at < bytes) {
        e = "truncated TGA (the run-length data ends after " + std::to_string(k) + " of " +
            std::to_string(n) + " pixels)";
        break;
      }
      for (std::uint64_t i = 0; !e && i < count; ++i)
        e = put(k + i, data + at + (run ? 0 : i * px));
      at += bytes;
      k += count;
    }
  }
  if (e) out = DecodedImage{};
  return e;
}

}  // namespace actviz::decode
