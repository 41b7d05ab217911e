// PNM, by a small strict decoder: binary PGM (P5) and PPM (P6), 8-bit (maxval ≤ 255) or 16-bit
// big-endian (maxval ≤ 65535). Samples are scaled from maxval to the full 8 or 16 bits (stb
// kept them unscaled, so a maxval-15 image looked black); a sample over maxval is refused.
// The ASCII and bitmap subtypes (P1–P4) and PAM (P7) are refused by name.
#include "image/decode.hpp"

namespace actviz::decode {
namespace {

bool Space(std::uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The next header number: white space and #-comments first, then decimal digits. False at the
// end of the bytes, on a non-digit, or past `most`.
bool Number(Bytes b, std::size_t& at, std::uint64_t most, std::uint64_t& v) {
  for (;;) {
    if (at >= b.size()) return false;
    if (b[at] == '#') {
      while (at < b.size() && b[at] != '\n' && b[at] != '\r')
        ++at;
    } else if (Space(b[at])) {
      ++at;
    } else {
      break;
    }
  }
  if (b[at] < '0' || b[at] > '9') return false;
  v = 0;
  while (at < b.size() && b[at] >= '0' && b[at] <= '9') {
    v = v * 10 + (b[at++] - '0');
    if (v > most) return false;
  }
  return true;
}

}  // namespace

Error DecodePnm(Bytes b, const Request& req, DecodedImage& out) {
  out = DecodedImage{};
  if (b.size() < 2 || b[0] != 'P') return std::string("not a valid PNM image");
  const char kind = static_cast<char>(b[1]);
  if (kind != '5' && kind != '6') {
    const char* name = kind == '1' || kind == '4' ? "PBM bitmap"
                       : kind == '2'              ? "ASCII PGM"
                       : kind == '3'              ? "ASCII PPM"
                                                  : "PAM";
    return std::string("PNM subtype P") + kind + " (" + name +
           ") is not supported (binary PGM P5 and PPM P6 are)";
  }
  std::size_t at = 2;
  std::uint64_t w = 0, h = 0, maxval = 0;
  // Sides up to 2³² − 1 are read so that the message can give them; CheckDims limits them.
  constexpr std::uint64_t kMost = 0xffffffff;
  const bool ok = Number(b, at, kMost, w) && Number(b, at, kMost, h);
  if (ok) {
    if (auto e = CheckDims("PNM", w, h, req.max_pixels)) return e;
  }
  if (!ok || !Number(b, at, 65535, maxval) || at >= b.size() || !Space(b[at])) {
    if (req.header_only) return std::nullopt;
    return std::string("not a valid PNM image: bad or truncated header");
  }
  ++at;  // exactly one white-space byte before the samples
  if (maxval == 0) return std::string("not a valid PNM image: maxval 0");
  if (req.header_only) {
    out.width = static_cast<int>(w);
    out.height = static_cast<int>(h);
    out.format = "PNM";
    return std::nullopt;
  }
  const int ch = kind == '5' ? 1 : 3;
  const bool sixteen = maxval > 255;
  const std::uint64_t n = w * h * static_cast<std::uint64_t>(ch);
  const std::uint64_t need = n * (sixteen ? 2 : 1), have = b.size() - at;
  if (have < need) return Truncated("PNM", need, have);
  if (auto e = Allocate(out, "PNM", static_cast<int>(w), static_cast<int>(h), ch, sixteen))
    return e;
  const std::uint8_t* s = b.data() + at;
  const std::uint32_t full = sixteen ? 65535 : 255, m = static_cast<std::uint32_t>(maxval);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint32_t v =
        sixteen ? static_cast<std::uint32_t>(s[2 * i]) << 8 | s[2 * i + 1] : s[i];
    if (v > m) {
      out = DecodedImage{};
      return "PNM sample " + std::to_string(v) + " is over the image's maxval " + std::to_string(m);
    }
    // Rounded to nearest; the identity when maxval is 255 or 65535.
    const auto scaled = static_cast<std::uint32_t>((std::uint64_t{v} * full + m / 2) / m);
    if (sixteen)
      out.samples16[i] = static_cast<std::uint16_t>(scaled);
    else
      out.samples8[i] = static_cast<std::uint8_t>(scaled);
  }
  return std::nullopt;
}

}  // namespace actviz::decode
