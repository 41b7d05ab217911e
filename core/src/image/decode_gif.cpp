// GIF (first frame) through giflib, maintained and fuzzed upstream and in OSS-Fuzz. The records
// are read one by one up to the first image (not DGifSlurp, which would decode every frame of
// an animation), onto a canvas of the logical screen as stb did: pixels the frame does not
// cover, and transparent ones, are (0, 0, 0, 0); 4 channels, alpha ignored downstream.
#include <algorithm>
#include <cstring>
#include <vector>

#include <gif_lib.h>

#include "image/decode.hpp"

namespace actviz::decode {
namespace {

struct Source {
  Bytes bytes;
  std::size_t at = 0;
};

int Read(GifFileType* g, GifByteType* buf, int n) {
  auto* s = static_cast<Source*>(g->UserData);
  const std::size_t k =
      std::min<std::size_t>(n < 0 ? 0 : static_cast<std::size_t>(n), s->bytes.size() - s->at);
  std::memcpy(buf, s->bytes.data() + s->at, k);
  s->at += k;
  return static_cast<int>(k);  // fewer than asked: giflib reports a read error
}

// giflib does not always set a code when a read comes up short (5.2.1 returns an error with
// code 0 when the LZW code size byte is missing): all data consumed means truncated.
std::string GifError(int code, const Source& src) {
  if (code == D_GIF_ERR_READ_FAILED || src.at >= src.bytes.size())
    return "truncated GIF: the file ends early";
  const char* m = code ? GifErrorString(code) : nullptr;
  return std::string("GIF data is corrupt (giflib: ") +
         (m ? std::string(m) : "error " + std::to_string(code)) + ")";
}

struct Closer {
  GifFileType* g;
  ~Closer() {
    int err = 0;
    if (g) DGifCloseFile(g, &err);
  }
};

}  // namespace

Error DecodeGif(Bytes bytes, const Request& req, DecodedImage& out) {
  out = DecodedImage{};
  Source src{bytes, 0};
  int err = 0;
  GifFileType* g = DGifOpen(&src, Read, &err);
  if (!g) {
    if (req.header_only) return std::nullopt;
    if (err == D_GIF_ERR_READ_FAILED || src.at >= bytes.size())
      return std::string("truncated GIF: the file ends in its header");
    return GifError(err, src);
  }
  const Closer closer{g};
  const std::uint64_t w = static_cast<std::uint64_t>(std::max(g->SWidth, 0));
  const std::uint64_t h = static_cast<std::uint64_t>(std::max(g->SHeight, 0));
  if (auto e = CheckDims("GIF", w, h, req.max_pixels)) return e;
  if (req.header_only) {
    out.width = static_cast<int>(w);
    out.height = static_cast<int>(h);
    out.format = "GIF";
    return std::nullopt;
  }
  int transparent = -1;  // from the last graphic control extension before the image
  for (;;) {
    GifRecordType type = UNDEFINED_RECORD_TYPE;
    if (DGifGetRecordType(g, &type) == GIF_ERROR) return GifError(g->Error, src);
    if (type == TERMINATE_RECORD_TYPE) return std::string("GIF file has no image in it");
    if (type == EXTENSION_RECORD_TYPE) {
      int code = 0;
      GifByteType* ext = nullptr;
      if (DGifGetExtension(g, &code, &ext) == GIF_ERROR) return GifError(g->Error, src);
      // ext[0] is the block's length: the control block is flags, delay (2), index.
      if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4)
        transparent = (ext[1] & 1) ? ext[4] : -1;
      while (ext)
        if (DGifGetExtensionNext(g, &ext) == GIF_ERROR) return GifError(g->Error, src);
      continue;
    }
    if (type != IMAGE_DESC_RECORD_TYPE) return GifError(D_GIF_ERR_WRONG_RECORD, src);
    if (DGifGetImageDesc(g) == GIF_ERROR) return GifError(g->Error, src);
    break;
  }
  const GifImageDesc& f = g->Image;
  const std::int64_t fl = f.Left, ft = f.Top, fw = f.Width, fh = f.Height;
  if (fw <= 0 || fh <= 0 || fl < 0 || ft < 0 || fl + fw > static_cast<std::int64_t>(w) ||
      ft + fh > static_cast<std::int64_t>(h))
    return "GIF frame of " + std::to_string(fw) + "×" + std::to_string(fh) + " at (" +
           std::to_string(fl) + ", " + std::to_string(ft) + ") does not fit the " + Dims(w, h) +
           " screen";
  const ColorMapObject* map = f.ColorMap ? f.ColorMap : g->SColorMap;
  if (!map || !map->Colors || map->ColorCount <= 0)
    return std::string("GIF frame has no colour table");
  std::vector<GifPixelType> line;
  try {
    line.resize(static_cast<std::size_t>(fw));
  } catch (const std::bad_alloc&) {
    return "out of memory for a " + Dims(w, h) + " GIF image";
  }
  // A plain frame arrives top to bottom: the canvas grows with it (zeros above and beside it),
  // so a small file claiming a large screen costs only the rows it holds. Interlaced frames
  // fill rows out of order and need the whole canvas at once.
  const std::size_t canvas_row = 4 * static_cast<std::size_t>(w);
  if (auto e = (f.Interlace ? Allocate : Reserve)(out, "GIF", static_cast<int>(w),
                                                  static_cast<int>(h), 4, false))
    return e;
  // Interlaced frames store rows in four passes: every 8th from 0, every 8th from 4, every 4th
  // from 2, every 2nd from 1.
  constexpr std::int64_t kStart[4] = {0, 4, 2, 1}, kStep[4] = {8, 8, 4, 2};
  const int passes = f.Interlace ? 4 : 1;
  for (int pass = 0; pass < passes; ++pass) {
    const std::int64_t start = f.Interlace ? kStart[pass] : 0, step = f.Interlace ? kStep[pass] : 1;
    for (std::int64_t y = start; y < fh; y += step) {
      if (DGifGetLine(g, line.data(), static_cast<int>(fw)) == GIF_ERROR) {
        const int code = g->Error;
        out = DecodedImage{};
        return GifError(code, src);
      }
      if (!f.Interlace)  // within the reserved capacity: no reallocation
        out.samples8.resize(static_cast<std::size_t>(ft + y + 1) * canvas_row);
      std::uint8_t* o = out.samples8.data() +
                        4 * (static_cast<std::size_t>(ft + y) * w + static_cast<std::size_t>(fl));
      for (std::int64_t x = 0; x < fw; ++x, o += 4) {
        const int i = line[static_cast<std::size_t>(x)];
        if (i == transparent) continue;
        // An index past the table (the code size may exceed the table's) is drawn black.
        if (i >= map->ColorCount) {
          o[0] = o[1] = o[2] = 0;
        } else {
          o[0] = map->Colors[i].Red;
          o[1] = map->Colors[i].Green;
          o[2] = map->Colors[i].Blue;
        }
        o[3] = 255;
      }
    }
  }
  out.samples8.resize(static_cast<std::size_t>(h) * canvas_row);  // the rows below the frame
  return std::nullopt;
}

}  // namespace actviz::decode
