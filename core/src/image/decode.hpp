// The image decoders behind DecodeImageMemory (image.cpp picks one by the magic bytes): PNG
// through libpng, JPEG through libjpeg-turbo (TurboJPEG), GIF through giflib, and BMP, TGA, PNM
// by small strict decoders of our own. All of them take untrusted bytes: every length and offset
// is checked before use, in 64-bit arithmetic, and a file that ends early is refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <span>
#include <string>

#include "actviz/base/buffer.hpp"
#include "actviz/image/image.hpp"

namespace actviz::decode {

using Bytes = std::span<const std::uint8_t>;
using Error = std::optional<std::string>;

struct Request {
  std::size_t max_pixels = 0;
  // Only the header: out gets width, height and format (no samples), or stays 0×0 when the
  // bytes given end before the dimensions. Used on the first part of a large file.
  bool header_only = false;
};

// One signature per format. On failure out is left empty.
Error DecodePng(Bytes b, const Request& r, DecodedImage& out);
Error DecodeJpeg(Bytes b, const Request& r, DecodedImage& out);
Error DecodeGif(Bytes b, const Request& r, DecodedImage& out);
Error DecodeBmp(Bytes b, const Request& r, DecodedImage& out);
Error DecodeTga(Bytes b, const Request& r, DecodedImage& out);
Error DecodePnm(Bytes b, const Request& r, DecodedImage& out);

// True when the bytes start like a TGA header (TGA has no magic number).
bool LooksLikeTga(Bytes b);

// The largest side the rest of the program takes (dimensions are int).
constexpr std::uint64_t kMaxSide = 0x7fffffff;

inline std::string Dims(std::uint64_t w, std::uint64_t h) {
  return std::to_string(w) + "×" + std::to_string(h);
}

// Dimensions as the header gives them, unsigned (so a message never shows a wrapped or negative
// number), against the limits: no pixels, over max_pixels, or a side over kMaxSide.
inline Error CheckDims(const char* format, std::uint64_t w, std::uint64_t h,
                       std::size_t max_pixels) {
  if (w == 0 || h == 0) return std::string(format) + " image of " + Dims(w, h) + " has no pixels";
  // w, h < 2³² here in every caller, so the product does not wrap.
  const std::uint64_t n = w * h;
  if (n > max_pixels)
    return std::string(format) + " image of " + Dims(w, h) + " = " + std::to_string(n) +
           " pixels, over the limit of " + std::to_string(max_pixels) + " pixels";
  if (w > kMaxSide || h > kMaxSide)
    return std::string(format) + " image of " + Dims(w, h) + " is over " +
           std::to_string(kMaxSide) + " pixels a side";
  return std::nullopt;
}

inline std::string Truncated(const char* format, std::uint64_t need, std::uint64_t have,
                             const char* what = "pixels") {
  return std::string("truncated ") + format + " (needs " + std::to_string(need) + " bytes of " +
         what + ", has " + std::to_string(have) + ")";
}

// Sizes out for w×h×ch samples, 8 or 16 bit; a message instead of std::bad_alloc.
// The header's shape on `out`, once its samples are sized (or reserved).
inline Error Shape(DecodedImage& out, const char* format, int w, int h, int ch, bool sixteen) {
  out.width = w;
  out.height = h;
  out.channels = ch;
  out.sixteen_bit = sixteen;
  out.format = format;
  return std::nullopt;
}

inline Error OutOfMemory(DecodedImage& out, const char* format, int w, int h) {
  out = DecodedImage{};
  return "out of memory for a " +
         Dims(static_cast<std::uint64_t>(w), static_cast<std::uint64_t>(h)) + " " + format +
         " image";
}

inline Error Allocate(DecodedImage& out, const char* format, int w, int h, int ch, bool sixteen) {
  const std::size_t n =
      static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * static_cast<std::size_t>(ch);
  try {
    if (sixteen)
      ResizeLarge(out.samples16, n);
    else
      ResizeLarge(out.samples8, n);
  } catch (const std::bad_alloc&) {
    return OutOfMemory(out, format, w, h);
  }
  return Shape(out, format, w, h, ch, sixteen);
}

// Like Allocate, but only reserves the samples (size 0, no page touched): a decoder that
// produces rows in order grows them row by row (within the capacity: no reallocation), so a
// file that claims 10000×10000 and ends after its first rows costs only those rows.
inline Error Reserve(DecodedImage& out, const char* format, int w, int h, int ch, bool sixteen) {
  const std::size_t n =
      static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * static_cast<std::size_t>(ch);
  try {
    if (sixteen) {
      out.samples16.reserve(n);
      AdviseHugePages(out.samples16.data(), n * 2);
    } else {
      out.samples8.reserve(n);
      AdviseHugePages(out.samples8.data(), n);
    }
  } catch (const std::bad_alloc&) {
    return OutOfMemory(out, format, w, h);
  }
  return Shape(out, format, w, h, ch, sixteen);
}

// Little-endian reads; the caller has checked that [at, at + n) lies inside b.
inline std::uint32_t Le16(Bytes b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8;
}
inline std::uint32_t Le32(Bytes b, std::size_t at) {
  return Le16(b, at) | Le16(b, at + 2) << 16;
}

}  // namespace actviz::decode
