// JPEG through libjpeg-turbo's libjpeg API (Debian's libjpeg62-turbo, fuzzed upstream and in
// OSS-Fuzz; SIMD Huffman and IDCT, several times faster than stb_image). The libjpeg API rather
// than TurboJPEG 2.1 because it decodes every sampling libjpeg knows (TurboJPEG 2.1 refuses
// unusual ones in its header call) and lets us set each guard ourselves: the end of the data
// (libjpeg only warns and pads with gray) and a cut-off inside a segment are refusals, at most
// 500 scans (progressive files with thousands of scans cost quadratic time), and a memory cap
// for the whole-image coefficient buffers of progressive files.
#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <jerror.h>
#include <jpeglib.h>  // after <cstdio>: it uses FILE and size_t

#include "image/decode.hpp"

namespace actviz::decode {
namespace {

constexpr int kMaxScans = 500;  // as libjpeg-turbo's TurboJPEG and fuzzers limit them

struct Guard {
  jpeg_error_mgr err;  // first: libjpeg hands back a pointer to it
  jpeg_progress_mgr progress;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool truncated;
};

[[noreturn]] void Fail(j_common_ptr c) {
  auto* g = reinterpret_cast<Guard*>(c->err);
  (*c->err->format_message)(c, g->message);
  std::longjmp(g->jump, 1);
}

// Warnings: the data ending early is a refusal (a truncated file, not a gray tail); other
// corruption warnings (extraneous bytes before a marker, common from cameras) are tolerated.
void Warn(j_common_ptr c, int level) {
  if (level >= 0) return;  // trace messages
  const int code = c->err->msg_code;
  if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER) {
    reinterpret_cast<Guard*>(c->err)->truncated = true;
    Fail(c);
  }
}

void Progress(j_common_ptr c) {
  auto* d = reinterpret_cast<j_decompress_ptr>(c);
  if (d->input_scan_number > kMaxScans) {
    std::snprintf(reinterpret_cast<Guard*>(c->err)->message, JMSG_LENGTH_MAX, "more than %d scans",
                  kMaxScans);
    std::longjmp(reinterpret_cast<Guard*>(c->err)->jump, 1);
  }
}

}  // namespace

Error DecodeJpeg(Bytes bytes, const Request& req, DecodedImage& out) {
  out = DecodedImage{};
  jpeg_decompress_struct d;
  Guard g;
  std::memset(&g, 0, sizeof g);
  d.err = jpeg_std_error(&g.err);
  g.err.error_exit = Fail;
  g.err.emit_message = Warn;
  g.progress.progress_monitor = Progress;
  // The error path reads only what lives in memory through a pointer (g, out) or is volatile;
  // no C++ object is created between setjmp and a longjmp (its destructor would be skipped).
  volatile std::uint64_t vw = 0, vh = 0;
  volatile bool header_done = false;
  if (setjmp(g.jump)) {
    jpeg_destroy_decompress(&d);
    out = DecodedImage{};
    if (!header_done) {
      if (req.header_only) return std::nullopt;  // the prefix may end before the frame header
      if (g.truncated) return std::string("truncated JPEG: the file ends inside its header");
      return std::string("not a valid JPEG image (libjpeg: ") + g.message + ")";
    }
    if (g.truncated)
      return "truncated JPEG: the data of the " + Dims(vw, vh) +
             " image ends early (libjpeg: " + g.message + ")";
    return "JPEG data of the " + Dims(vw, vh) + " image is corrupt (libjpeg: " + g.message + ")";
  }
  jpeg_create_decompress(&d);
  d.progress = &g.progress;
  jpeg_mem_src(&d, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&d, TRUE);
  const std::uint64_t w = d.image_width, h = d.image_height;
  vw = w;
  vh = h;
  header_done = true;
  if (auto e = CheckDims("JPEG", w, h, req.max_pixels)) {
    jpeg_destroy_decompress(&d);
    return e;
  }
  if (req.header_only) {
    jpeg_destroy_decompress(&d);
    out.width = static_cast<int>(w);
    out.height = static_cast<int>(h);
    out.format = "JPEG";
    return std::nullopt;
  }
  // Gray stays one channel; YCbCr and RGB become RGB; CMYK and YCCK come out as CMYK (libjpeg
  // converts YCCK) and are turned into RGB below.
  int ch = 0;
  switch (d.jpeg_color_space) {
    case JCS_GRAYSCALE:
      d.out_color_space = JCS_GRAYSCALE, ch = 1;
      break;
    case JCS_YCbCr:
    case JCS_RGB:
      d.out_color_space = JCS_RGB, ch = 3;
      break;
    case JCS_CMYK:
    case JCS_YCCK:
      d.out_color_space = JCS_CMYK, ch = 4;
      break;
    default: {
      const int n = d.num_components;
      jpeg_destroy_decompress(&d);
      return "JPEG image with " + std::to_string(n) +
             " components in an unknown colour space is not supported";
    }
  }
  // A progressive image keeps all its coefficients: at most 2 bytes × 4 components per pixel,
  // plus the padding of the last MCU row and column.
  d.mem->max_memory_to_use = static_cast<long>(10 * w * h + (std::uint64_t{64} << 20));
  const bool cmyk = ch == 4;
  const int out_ch = cmyk ? 3 : ch;
  if (Reserve(out, "JPEG", static_cast<int>(w), static_cast<int>(h), out_ch, false)) {
    jpeg_destroy_decompress(&d);
    return "out of memory for a " + Dims(w, h) + " JPEG image";
  }
  jpeg_start_decompress(&d);
  if (d.output_width != w || d.output_height != h || d.output_components != ch) {
    jpeg_destroy_decompress(&d);
    out = DecodedImage{};
    return std::string("JPEG image decoded to an unexpected layout");
  }
  // From libjpeg's pool, freed with d (a std::vector here would outlive a longjmp unfreed).
  JSAMPARRAY cmyk_row = cmyk
                            ? (*d.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&d),
                                                     JPOOL_IMAGE, static_cast<JDIMENSION>(4 * w), 1)
                            : nullptr;
  const std::size_t stride = static_cast<std::size_t>(w) * static_cast<std::size_t>(out_ch);
  while (d.output_scanline < d.output_height) {
    out.samples8.resize((d.output_scanline + std::size_t{1}) * stride);  // within the capacity
    std::uint8_t* row = out.samples8.data() + d.output_scanline * stride;
    JSAMPROW rows[1] = {cmyk ? cmyk_row[0] : row};
    if (jpeg_read_scanlines(&d, rows, 1) != 1) break;  // suspension: not with a memory source
    if (cmyk) {
      // Adobe writes CMYK inverted, so each stored value is already 1 − ink: R = C·K, as stb
      // and most readers take it.
      for (std::size_t x = 0; x < w; ++x) {
        const std::uint8_t* s = &cmyk_row[0][4 * x];
        for (std::size_t k = 0; k < 3; ++k)
          row[3 * x + k] = static_cast<std::uint8_t>((s[k] * s[3] + 127) / 255);
      }
    }
  }
  if (d.output_scanline < d.output_height) {
    jpeg_destroy_decompress(&d);
    out = DecodedImage{};
    return "truncated JPEG: the data of the " + Dims(w, h) + " image ends early";
  }
  jpeg_finish_decompress(&d);
  jpeg_destroy_decompress(&d);
  return std::nullopt;
}

}  // namespace actviz::decode
