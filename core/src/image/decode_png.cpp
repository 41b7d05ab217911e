// PNG through libpng, for untrusted files: the dimensions come from IHDR before libpng runs (so
// a 100000² image is "over the limit", not a libpng error), libpng's own limits are set to
// those dimensions, and the ancillary chunks that allocate (text, ICC profiles, palettes of
// suggestions, Exif) are skipped unread, so a chunk claiming 2 GiB costs nothing.
#include <bit>
#include <cstring>

#include <png.h>

#include "image/decode.hpp"

namespace actviz::decode {
namespace {

std::uint32_t Be32(Bytes b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
         static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3];
}

// libpng refuses any chunk but IDAT claiming more, before reading it. The chunks we keep are
// small (PLTE 768 bytes, tRNS 256) and IDAT is streamed; the bound only keeps files with large
// metadata (which is skipped, never held) readable.
constexpr png_alloc_size_t kChunkMax = png_alloc_size_t{64} << 20;

// Skipped without being read into memory: we draw no text and apply no colour profile. libpng
// takes the list as 5-byte entries, each name followed by a NUL.
constexpr png_byte kIgnored[] = "tEXt\0zTXt\0iTXt\0iCCP\0sPLT\0eXIf\0pCAL\0sCAL\0hIST";
constexpr int kIgnoredCount = static_cast<int>(sizeof kIgnored / 5);

}  // namespace

Error DecodePng(Bytes bytes, const Request& req, DecodedImage& out) {
  out = DecodedImage{};
  // Signature, then IHDR first: length 13, type, width, height (big-endian, < 2³¹).
  if (bytes.size() < 24) {
    if (req.header_only) return std::nullopt;
    return Truncated("PNG", 24, bytes.size(), "header");
  }
  if (Be32(bytes, 8) != 13 || std::memcmp(bytes.data() + 12, "IHDR", 4) != 0)
    return std::string("not a valid PNG image: it does not start with an IHDR chunk");
  const std::uint32_t w = Be32(bytes, 16), h = Be32(bytes, 20);
  if (auto e = CheckDims("PNG", w, h, req.max_pixels)) return e;
  if (req.header_only) {
    out.width = static_cast<int>(w);
    out.height = static_cast<int>(h);
    out.format = "PNG";
    return std::nullopt;
  }

  struct Source {
    Bytes bytes;
    std::size_t at = 0;
    std::string error;
  } src{bytes, 0, {}};
  png_structp p = png_create_read_struct(
      PNG_LIBPNG_VER_STRING, &src,
      [](png_structp s, png_const_charp msg) {
        static_cast<Source*>(png_get_error_ptr(s))->error = msg && *msg ? msg : "unknown error";
        png_longjmp(s, 1);
      },
      [](png_structp, png_const_charp) {});  // warnings: nothing to tell the user
  png_infop info = p ? png_create_info_struct(p) : nullptr;
  if (!p || !info) {
    png_destroy_read_struct(&p, &info, nullptr);
    return std::string("out of memory decoding a PNG image");
  }
  // No C++ object is created between setjmp and a longjmp (its destructor would be skipped);
  // out is the caller's.
  if (setjmp(png_jmpbuf(p))) {
    png_destroy_read_struct(&p, &info, nullptr);
    out = DecodedImage{};
    if (src.error.find("memory") != std::string::npos ||
        src.error.find("Memory") != std::string::npos)
      return "out of memory decoding a " + Dims(w, h) + " PNG image";
    if (src.error == "unexpected end of data")
      return "truncated PNG: the file ends before the image data does";
    return "PNG data is corrupt (libpng: " + src.error + ")";
  }
  png_set_read_fn(p, &src, [](png_structp s, png_bytep data, png_size_t n) {
    auto* in = static_cast<Source*>(png_get_io_ptr(s));
    if (in->bytes.size() - in->at < n) png_error(s, "unexpected end of data");
    std::memcpy(data, in->bytes.data() + in->at, n);
    in->at += n;
  });
  // Bad CRCs are tolerated (as stb and most viewers do): they say nothing about safety.
  png_set_crc_action(p, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
  png_set_user_limits(p, w, h);
  png_set_chunk_malloc_max(p, kChunkMax);
  png_set_chunk_cache_max(p, 64);
  png_set_keep_unknown_chunks(p, PNG_HANDLE_CHUNK_NEVER, nullptr, 0);
  png_set_keep_unknown_chunks(p, PNG_HANDLE_CHUNK_NEVER, kIgnored, kIgnoredCount);
  png_read_info(p, info);
  const int type = png_get_color_type(p, info), depth = png_get_bit_depth(p, info);
  // Palette and low-bit gray are expanded to 8 bits (tRNS of a palette becomes alpha, which is
  // ignored downstream); 16-bit samples come out in host order.
  if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(p);
  if (type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(p);
  if (depth == 16 && std::endian::native == std::endian::little) png_set_swap(p);
  const int passes = png_set_interlace_handling(p);
  png_read_update_info(p, info);
  const int ch = png_get_channels(p, info);
  const bool sixteen = png_get_bit_depth(p, info) == 16;
  const std::size_t row = png_get_rowbytes(p, info);
  if (png_get_image_width(p, info) != w || png_get_image_height(p, info) != h || ch < 1 || ch > 4 ||
      row != static_cast<std::size_t>(w) * static_cast<std::size_t>(ch) * (sixteen ? 2 : 1)) {
    src.error = "unexpected layout after the transformations";
    png_longjmp(p, 1);
  }
  // Row by row: a plain image grows its samples as rows arrive (a truncated file costs only
  // what it holds); an interlaced one needs them all from the first pass.
  const bool grow = passes == 1;
  if ((grow ? Reserve : Allocate)(out, "PNG", static_cast<int>(w), static_cast<int>(h), ch,
                                  sixteen)) {
    src.error = "out of memory";
    png_longjmp(p, 1);
  }
  std::uint8_t* base =
      sixteen ? reinterpret_cast<std::uint8_t*>(out.samples16.data()) : out.samples8.data();
  const std::size_t row_samples = static_cast<std::size_t>(w) * static_cast<std::size_t>(ch);
  for (int pass = 0; pass < passes; ++pass) {
    for (std::uint32_t y = 0; y < h; ++y) {
      if (grow) {  // within the reserved capacity: no reallocation, base stays valid
        if (sixteen)
          out.samples16.resize((y + std::size_t{1}) * row_samples);
        else
          out.samples8.resize((y + std::size_t{1}) * row_samples);
      }
      png_read_row(p, base + static_cast<std::size_t>(y) * row, nullptr);
    }
  }
  png_read_end(p, nullptr);
  png_destroy_read_struct(&p, &info, nullptr);
  return std::nullopt;
}

}  // namespace actviz::decode
