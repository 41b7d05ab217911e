// The image pipeline of the activation map: decoding (reading the file, picking the decoder;
// the decoders are decode_*.cpp), gray conversion, centring, the float32 activation over
// threads, colormaps and .npy output.
//
// Sections: colormap tables · decoding · gray and centring · activation · colormaps · .npy
#include "actviz/image/image.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>

#include "actviz/activations/kernels.hpp"
#include "actviz/base/buffer.hpp"
#include "actviz/base/file_io.hpp"
#include "actviz/base/parse.hpp"
#include "base/parallel.hpp"
#include "image/decode.hpp"

namespace actviz {
namespace {

// ---- colormap tables ------------------------------------------------------------------------
// viridis: the 256 entries of the CC0 viridis data published by its authors (van der Walt,
// Smith, Firing; the same data matplotlib ships), each channel rounded to round(255·c).
// coolwarm: Moreland, "Diverging Color Maps for Scientific Visualization" (2009): Msh
// interpolation from (0.230, 0.299, 0.754) to (0.706, 0.016, 0.150) through an unsaturated
// white point of M = 88, sRGB with D65; 256 samples at t = i/255, rounded to round(255·c).
// (Generated offline; it agrees with the 33-point table of the paper to within 0.1 level.)
constexpr std::uint8_t kViridis[256][3] = {
    {68, 1, 84},    {68, 2, 86},    {69, 4, 87},    {69, 5, 89},    {70, 7, 90},    {70, 8, 92},
    {70, 10, 93},   {70, 11, 94},   {71, 13, 96},   {71, 14, 97},   {71, 16, 99},   {71, 17, 100},
    {71, 19, 101},  {72, 20, 103},  {72, 22, 104},  {72, 23, 105},  {72, 24, 106},  {72, 26, 108},
    {72, 27, 109},  {72, 28, 110},  {72, 29, 111},  {72, 31, 112},  {72, 32, 113},  {72, 33, 115},
    {72, 35, 116},  {72, 36, 117},  {72, 37, 118},  {72, 38, 119},  {72, 40, 120},  {72, 41, 121},
    {71, 42, 122},  {71, 44, 122},  {71, 45, 123},  {71, 46, 124},  {71, 47, 125},  {70, 48, 126},
    {70, 50, 126},  {70, 51, 127},  {70, 52, 128},  {69, 53, 129},  {69, 55, 129},  {69, 56, 130},
    {68, 57, 131},  {68, 58, 131},  {68, 59, 132},  {67, 61, 132},  {67, 62, 133},  {66, 63, 133},
    {66, 64, 134},  {66, 65, 134},  {65, 66, 135},  {65, 68, 135},  {64, 69, 136},  {64, 70, 136},
    {63, 71, 136},  {63, 72, 137},  {62, 73, 137},  {62, 74, 137},  {62, 76, 138},  {61, 77, 138},
    {61, 78, 138},  {60, 79, 138},  {60, 80, 139},  {59, 81, 139},  {59, 82, 139},  {58, 83, 139},
    {58, 84, 140},  {57, 85, 140},  {57, 86, 140},  {56, 88, 140},  {56, 89, 140},  {55, 90, 140},
    {55, 91, 141},  {54, 92, 141},  {54, 93, 141},  {53, 94, 141},  {53, 95, 141},  {52, 96, 141},
    {52, 97, 141},  {51, 98, 141},  {51, 99, 141},  {50, 100, 142}, {50, 101, 142}, {49, 102, 142},
    {49, 103, 142}, {49, 104, 142}, {48, 105, 142}, {48, 106, 142}, {47, 107, 142}, {47, 108, 142},
    {46, 109, 142}, {46, 110, 142}, {46, 111, 142}, {45, 112, 142}, {45, 113, 142}, {44, 113, 142},
    {44, 114, 142}, {44, 115, 142}, {43, 116, 142}, {43, 117, 142}, {42, 118, 142}, {42, 119, 142},
    {42, 120, 142}, {41, 121, 142}, {41, 122, 142}, {41, 123, 142}, {40, 124, 142}, {40, 125, 142},
    {39, 126, 142}, {39, 127, 142}, {39, 128, 142}, {38, 129, 142}, {38, 130, 142}, {38, 130, 142},
    {37, 131, 142}, {37, 132, 142}, {37, 133, 142}, {36, 134, 142}, {36, 135, 142}, {35, 136, 142},
    {35, 137, 142}, {35, 138, 141}, {34, 139, 141}, {34, 140, 141}, {34, 141, 141}, {33, 142, 141},
    {33, 143, 141}, {33, 144, 141}, {33, 145, 140}, {32, 146, 140}, {32, 146, 140}, {32, 147, 140},
    {31, 148, 140}, {31, 149, 139}, {31, 150, 139}, {31, 151, 139}, {31, 152, 139}, {31, 153, 138},
    {31, 154, 138}, {30, 155, 138}, {30, 156, 137}, {30, 157, 137}, {31, 158, 137}, {31, 159, 136},
    {31, 160, 136}, {31, 161, 136}, {31, 161, 135}, {31, 162, 135}, {32, 163, 134}, {32, 164, 134},
    {33, 165, 133}, {33, 166, 133}, {34, 167, 133}, {34, 168, 132}, {35, 169, 131}, {36, 170, 131},
    {37, 171, 130}, {37, 172, 130}, {38, 173, 129}, {39, 173, 129}, {40, 174, 128}, {41, 175, 127},
    {42, 176, 127}, {44, 177, 126}, {45, 178, 125}, {46, 179, 124}, {47, 180, 124}, {49, 181, 123},
    {50, 182, 122}, {52, 182, 121}, {53, 183, 121}, {55, 184, 120}, {56, 185, 119}, {58, 186, 118},
    {59, 187, 117}, {61, 188, 116}, {63, 188, 115}, {64, 189, 114}, {66, 190, 113}, {68, 191, 112},
    {70, 192, 111}, {72, 193, 110}, {74, 193, 109}, {76, 194, 108}, {78, 195, 107}, {80, 196, 106},
    {82, 197, 105}, {84, 197, 104}, {86, 198, 103}, {88, 199, 101}, {90, 200, 100}, {92, 200, 99},
    {94, 201, 98},  {96, 202, 96},  {99, 203, 95},  {101, 203, 94}, {103, 204, 92}, {105, 205, 91},
    {108, 205, 90}, {110, 206, 88}, {112, 207, 87}, {115, 208, 86}, {117, 208, 84}, {119, 209, 83},
    {122, 209, 81}, {124, 210, 80}, {127, 211, 78}, {129, 211, 77}, {132, 212, 75}, {134, 213, 73},
    {137, 213, 72}, {139, 214, 70}, {142, 214, 69}, {144, 215, 67}, {147, 215, 65}, {149, 216, 64},
    {152, 216, 62}, {155, 217, 60}, {157, 217, 59}, {160, 218, 57}, {162, 218, 55}, {165, 219, 54},
    {168, 219, 52}, {170, 220, 50}, {173, 220, 48}, {176, 221, 47}, {178, 221, 45}, {181, 222, 43},
    {184, 222, 41}, {186, 222, 40}, {189, 223, 38}, {192, 223, 37}, {194, 223, 35}, {197, 224, 33},
    {200, 224, 32}, {202, 225, 31}, {205, 225, 29}, {208, 225, 28}, {210, 226, 27}, {213, 226, 26},
    {216, 226, 25}, {218, 227, 25}, {221, 227, 24}, {223, 227, 24}, {226, 228, 24}, {229, 228, 25},
    {231, 228, 25}, {234, 229, 26}, {236, 229, 27}, {239, 229, 28}, {241, 229, 29}, {244, 230, 30},
    {246, 230, 32}, {248, 230, 33}, {251, 231, 35}, {253, 231, 37},
};

constexpr std::uint8_t kCoolwarm[256][3] = {
    {59, 76, 192},   {60, 78, 194},   {61, 80, 195},   {62, 81, 197},   {63, 83, 199},
    {64, 85, 200},   {66, 87, 202},   {67, 88, 203},   {68, 90, 204},   {69, 92, 206},
    {70, 94, 207},   {72, 95, 209},   {73, 97, 210},   {74, 99, 212},   {75, 100, 213},
    {76, 102, 214},  {78, 104, 216},  {79, 106, 217},  {80, 107, 218},  {81, 109, 219},
    {83, 111, 221},  {84, 112, 222},  {85, 114, 223},  {86, 116, 224},  {88, 117, 226},
    {89, 119, 227},  {90, 120, 228},  {91, 122, 229},  {93, 124, 230},  {94, 125, 231},
    {95, 127, 232},  {97, 129, 233},  {98, 130, 234},  {99, 132, 235},  {101, 133, 236},
    {102, 135, 237}, {103, 136, 238}, {104, 138, 239}, {106, 140, 240}, {107, 141, 240},
    {108, 143, 241}, {110, 144, 242}, {111, 146, 243}, {113, 147, 244}, {114, 149, 244},
    {115, 150, 245}, {117, 152, 246}, {118, 153, 246}, {119, 154, 247}, {121, 156, 248},
    {122, 157, 248}, {123, 159, 249}, {125, 160, 249}, {126, 162, 250}, {128, 163, 250},
    {129, 164, 251}, {130, 166, 251}, {132, 167, 252}, {133, 168, 252}, {134, 170, 252},
    {136, 171, 253}, {137, 172, 253}, {139, 173, 253}, {140, 175, 254}, {141, 176, 254},
    {143, 177, 254}, {144, 178, 254}, {146, 180, 254}, {147, 181, 255}, {148, 182, 255},
    {150, 183, 255}, {151, 184, 255}, {152, 186, 255}, {154, 187, 255}, {155, 188, 255},
    {157, 189, 255}, {158, 190, 255}, {159, 191, 255}, {161, 192, 255}, {162, 193, 255},
    {163, 194, 254}, {165, 195, 254}, {166, 196, 254}, {168, 197, 254}, {169, 198, 254},
    {170, 199, 253}, {172, 200, 253}, {173, 201, 253}, {174, 201, 252}, {176, 202, 252},
    {177, 203, 252}, {178, 204, 251}, {179, 205, 251}, {181, 206, 250}, {182, 206, 250},
    {183, 207, 249}, {185, 208, 249}, {186, 209, 248}, {187, 209, 248}, {188, 210, 247},
    {190, 211, 246}, {191, 211, 246}, {192, 212, 245}, {193, 212, 244}, {195, 213, 244},
    {196, 214, 243}, {197, 214, 242}, {198, 215, 241}, {200, 215, 241}, {201, 216, 240},
    {202, 216, 239}, {203, 216, 238}, {204, 217, 237}, {205, 217, 236}, {206, 218, 235},
    {208, 218, 234}, {209, 218, 233}, {210, 219, 232}, {211, 219, 231}, {212, 219, 230},
    {213, 219, 229}, {214, 220, 228}, {215, 220, 227}, {216, 220, 226}, {217, 220, 225},
    {218, 220, 224}, {219, 221, 222}, {220, 221, 221}, {221, 220, 220}, {222, 220, 219},
    {223, 219, 217}, {224, 219, 216}, {226, 218, 214}, {227, 218, 213}, {228, 217, 211},
    {229, 217, 210}, {229, 216, 209}, {230, 216, 207}, {231, 215, 206}, {232, 214, 204},
    {233, 214, 203}, {234, 213, 201}, {235, 212, 200}, {235, 211, 198}, {236, 211, 197},
    {237, 210, 195}, {238, 209, 194}, {238, 208, 192}, {239, 207, 191}, {239, 206, 189},
    {240, 206, 188}, {241, 205, 186}, {241, 204, 184}, {242, 203, 183}, {242, 202, 181},
    {243, 201, 180}, {243, 200, 178}, {244, 199, 177}, {244, 198, 175}, {244, 197, 174},
    {245, 196, 172}, {245, 195, 170}, {245, 193, 169}, {246, 192, 167}, {246, 191, 166},
    {246, 190, 164}, {246, 189, 162}, {247, 188, 161}, {247, 186, 159}, {247, 185, 158},
    {247, 184, 156}, {247, 183, 155}, {247, 181, 153}, {247, 180, 151}, {247, 179, 150},
    {247, 177, 148}, {247, 176, 147}, {247, 175, 145}, {247, 173, 144}, {247, 172, 142},
    {247, 171, 140}, {247, 169, 139}, {247, 168, 137}, {247, 166, 136}, {246, 165, 134},
    {246, 163, 133}, {246, 162, 131}, {246, 160, 129}, {245, 159, 128}, {245, 157, 126},
    {245, 156, 125}, {244, 154, 123}, {244, 153, 122}, {244, 151, 120}, {243, 149, 119},
    {243, 148, 117}, {242, 146, 116}, {242, 144, 114}, {241, 143, 113}, {241, 141, 111},
    {240, 139, 110}, {240, 138, 108}, {239, 136, 107}, {238, 134, 105}, {238, 133, 104},
    {237, 131, 102}, {237, 129, 101}, {236, 127, 99},  {235, 125, 98},  {234, 124, 96},
    {234, 122, 95},  {233, 120, 93},  {232, 118, 92},  {231, 116, 91},  {230, 114, 89},
    {229, 112, 88},  {229, 111, 86},  {228, 109, 85},  {227, 107, 84},  {226, 105, 82},
    {225, 103, 81},  {224, 101, 79},  {223, 99, 78},   {222, 97, 77},   {221, 95, 75},
    {220, 93, 74},   {219, 91, 73},   {218, 89, 71},   {216, 86, 70},   {215, 84, 69},
    {214, 82, 68},   {213, 80, 66},   {212, 78, 65},   {211, 76, 64},   {209, 73, 62},
    {208, 71, 61},   {207, 69, 60},   {206, 67, 59},   {204, 64, 57},   {203, 62, 56},
    {202, 59, 55},   {200, 57, 54},   {199, 54, 53},   {198, 52, 52},   {196, 49, 50},
    {195, 46, 49},   {193, 43, 48},   {192, 40, 47},   {191, 37, 46},   {189, 34, 45},
    {188, 30, 44},   {186, 26, 43},   {185, 22, 41},   {183, 17, 40},   {182, 11, 39},
    {180, 4, 38},
};

// Work sizes for ParallelChunks: below ~256 k pixels one thread is faster than starting more.
constexpr std::size_t kChunk = std::size_t{1} << 16;
constexpr std::size_t kSerialBelow = std::size_t{1} << 18;

template <class Work>
void ParallelFor(std::size_t n, Work&& work) {
  detail::ParallelChunks(n, kChunk, kSerialBelow, work, [] { return false; });
}

// The k1-th and k2-th smallest (0-based, k1 ≤ k2 < v.size()) by radix selection: a count of
// the high 16 bits of each value's order key locates the buckets, a count of the low 16 bits
// inside them the values. Two passes over the data in threads, no copy, no reordering.
// Keys order like the floats (−∞ < … < −0 < +0 < … < +∞; NaN beyond the infinities).
std::pair<float, float> SelectTwo(std::span<const float> v, std::size_t k1, std::size_t k2) {
  constexpr std::size_t kDigits = 1 << 16;
  auto key = [](float f) {
    const std::uint32_t b = std::bit_cast<std::uint32_t>(f);
    return b ^ ((b >> 31) ? 0xffffffffu : 0x80000000u);
  };
  auto value = [](std::uint32_t k) {
    return std::bit_cast<float>(k ^ ((k >> 31) ? 0x80000000u : 0xffffffffu));
  };
  const std::size_t n = v.size();
  const std::size_t parts = n < kSerialBelow ? 1 : static_cast<std::size_t>(MaxThreads());
  const std::size_t chunk = (n + parts - 1) / parts;  // one chunk a thread: one count each
  std::vector<std::uint64_t> counts(parts * kDigits);
  auto count = [&](auto&& digit_of) {
    std::fill(counts.begin(), counts.end(), 0);
    detail::ParallelChunks(
        n, chunk, kSerialBelow,
        [&](std::size_t b, std::size_t e) {
          std::uint64_t* c = counts.data() + (b / chunk) * kDigits;
          for (std::size_t i = b; i < e; ++i)
            digit_of(key(v[i]), c);
        },
        [] { return false; });
    for (std::size_t t = 1; t < parts; ++t)
      for (std::size_t d = 0; d < kDigits; ++d)
        counts[d] += counts[t * kDigits + d];
  };
  // The digit holding rank k of the merged count, and k's rank inside it.
  auto locate = [&](std::size_t& k) {
    std::size_t d = 0;
    while (k >= counts[d])
      k -= counts[d++];
    return static_cast<std::uint32_t>(d);
  };
  count([](std::uint32_t k, std::uint64_t* c) { ++c[k >> 16]; });
  const std::uint32_t h1 = locate(k1), h2 = locate(k2);
  // Second pass: the low digits inside the bucket (a third when the two ranks fall in two).
  std::uint32_t l1 = 0, l2 = 0;
  if (h1 == h2) {
    count([h1](std::uint32_t k, std::uint64_t* c) {
      if ((k >> 16) == h1) ++c[k & 0xffff];
    });
    l1 = locate(k1), l2 = locate(k2);
  } else {
    count([h1](std::uint32_t k, std::uint64_t* c) {
      if ((k >> 16) == h1) ++c[k & 0xffff];
    });
    l1 = locate(k1);
    count([h2](std::uint32_t k, std::uint64_t* c) {
      if ((k >> 16) == h2) ++c[k & 0xffff];
    });
    l2 = locate(k2);
  }
  return {value((h1 << 16) | l1), value((h2 << 16) | l2)};
}

// ---- decoding -------------------------------------------------------------------------------

// The container by its magic bytes. TGA has no magic: it is tried last, on a strict header test.
const char* SniffFormat(std::span<const std::uint8_t> b) {
  auto starts = [&](const char* m, std::size_t n) {
    return b.size() >= n && std::memcmp(b.data(), m, n) == 0;
  };
  if (starts("\x89PNG\r\n\x1a\n", 8)) return "PNG";
  if (starts("\xff\xd8\xff", 3)) return "JPEG";
  if (starts("GIF87a", 6) || starts("GIF89a", 6)) return "GIF";
  if (starts("BM", 2)) return "BMP";
  if (b.size() >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7') return "PNM";
  // Recognised only to be refused by name.
  if (starts("8BPS", 4)) return "PSD";
  if (starts("#?RADIANCE", 10) || starts("#?RGBE", 6)) return "HDR";
  if (starts("\x53\x80\xf6\x34", 4)) return "PIC";
  if (starts("II*\0", 4) || starts("MM\0*", 4)) return "TIFF";
  if (b.size() >= 12 && starts("RIFF", 4) && std::memcmp(b.data() + 8, "WEBP", 4) == 0)
    return "WebP";
  if (decode::LooksLikeTga(b)) return "TGA";
  return nullptr;
}

bool LooksLikeText(std::span<const std::uint8_t> b) {
  const std::size_t n = std::min<std::size_t>(b.size(), 512);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t c = b[i];
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
  }
  return n > 0;
}

constexpr const char* kSupported = "PNG, JPEG, BMP, TGA, GIF, PNM (P5, P6)";

// What the decoders read at most; a file over it is refused from its size, before reading.
constexpr std::uint64_t kMaxFileBytes = std::uint64_t{1} << 31;

// A large file is first probed from its first bytes: over the pixel limit, it is refused
// before it is read whole.
constexpr std::size_t kProbeBytes = std::size_t{1} << 20;

std::optional<std::string> Decode(std::span<const std::uint8_t> bytes, const decode::Request& req,
                                  DecodedImage& out) {
  out = DecodedImage{};
  if (bytes.empty()) return std::string("no data (0 bytes)");
  if (bytes.size() > kMaxFileBytes)
    return std::string("the data is over 2 GiB, more than decoders read");
  const char* format = SniffFormat(bytes);
  if (!format)
    return std::string("not an image in a supported format (") + kSupported + ")" +
           (LooksLikeText(bytes) ? "; it looks like a text file" : "");
  const std::string f = format;
  if (f == "PNG") return decode::DecodePng(bytes, req, out);
  if (f == "JPEG") return decode::DecodeJpeg(bytes, req, out);
  if (f == "GIF") return decode::DecodeGif(bytes, req, out);
  if (f == "BMP") return decode::DecodeBmp(bytes, req, out);
  if (f == "PNM") return decode::DecodePnm(bytes, req, out);
  if (f == "TGA") return decode::DecodeTga(bytes, req, out);
  return f + " images are not supported (" + kSupported + " are)";
}

const char* FileType(mode_t m) {
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a file";
}

// read(2) until n bytes or the end, retrying on EINTR; false on an error (errno set).
bool ReadFully(int fd, std::uint8_t* p, std::size_t n, std::size_t& got) {
  got = 0;
  while (got < n) {
    const ssize_t k = ::read(fd, p + got, n - got);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) return false;
    if (k == 0) break;
    got += static_cast<std::size_t>(k);
  }
  return true;
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::optional<std::string> DecodeImageMemory(std::span<const std::uint8_t> bytes,
                                             std::size_t max_pixels, DecodedImage& out) {
  auto e = Decode(bytes, decode::Request{max_pixels, false}, out);
  if (e) out = DecodedImage{};
  return e;
}

std::optional<std::string> DecodeImageFile(const std::string& path, std::size_t max_pixels,
                                           DecodedImage& out) {
  out = DecodedImage{};
  if (path.empty()) return std::string("no image path given");
  // Anything but a regular file is refused before it is opened (opening a device can have
  // effects of its own); then opened non-blocking, so that if the path was swapped for a FIFO
  // with no writer in between the open still returns at once, and fstat checks again.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return "cannot open image " + QuotePath(path) + ": " + std::strerror(errno);
  if (S_ISDIR(st.st_mode)) return QuotePath(path) + " is a directory, not an image file";
  if (!S_ISREG(st.st_mode))
    return QuotePath(path) + ": not a regular file (" + FileType(st.st_mode) + ")";
  const Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (f.fd < 0) return "cannot open image " + QuotePath(path) + ": " + std::strerror(errno);
  if (::fstat(f.fd, &st) != 0)
    return "cannot open image " + QuotePath(path) + ": " + std::strerror(errno);
  if (S_ISDIR(st.st_mode)) return QuotePath(path) + " is a directory, not an image file";
  if (!S_ISREG(st.st_mode))
    return QuotePath(path) + ": not a regular file (" + FileType(st.st_mode) + ")";
  // Only the size fstat gives is read, so a file that grows (or a /proc file) cannot make us
  // read without end; a sparse 3 GiB file is refused here without reading it.
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size == 0) return QuotePath(path) + " is empty (0 bytes), not an image";
  if (size > kMaxFileBytes)
    return QuotePath(path) + ": the file is " + std::to_string(size) +
           " bytes, over the 2 GiB the decoders read";
  std::vector<std::uint8_t> bytes;
  try {
    bytes.resize(std::min<std::uint64_t>(size, kProbeBytes));
  } catch (const std::bad_alloc&) {
    return "out of memory reading image " + QuotePath(path);
  }
  std::size_t got = 0;
  if (!ReadFully(f.fd, bytes.data(), bytes.size(), got))
    return "cannot read image " + QuotePath(path) + ": " + std::strerror(errno);
  if (got == bytes.size() && size > bytes.size()) {
    // The dimensions from the first part: over the limit, nothing more is read or allocated.
    DecodedImage head;
    if (!Decode(bytes, decode::Request{std::numeric_limits<std::size_t>::max(), true}, head) &&
        head.width > 0) {
      if (auto e = decode::CheckDims(head.format.c_str(), static_cast<std::uint64_t>(head.width),
                                     static_cast<std::uint64_t>(head.height), max_pixels))
        return QuotePath(path) + ": " + *e;
    }
    std::size_t more = 0;
    try {
      ResizeLarge(bytes, static_cast<std::size_t>(size));
    } catch (const std::bad_alloc&) {
      return "out of memory reading image " + QuotePath(path);
    }
    if (!ReadFully(f.fd, bytes.data() + got, bytes.size() - got, more))
      return "cannot read image " + QuotePath(path) + ": " + std::strerror(errno);
    got += more;
  }
  bytes.resize(got);  // a file that shrank while being read: the decoders see the truncation
  if (bytes.empty()) return QuotePath(path) + " is empty (0 bytes), not an image";
  if (auto e = DecodeImageMemory(bytes, max_pixels, out)) return QuotePath(path) + ": " + *e;
  return std::nullopt;
}

void ToRgba8(const DecodedImage& in, std::vector<std::uint8_t>& rgba) {
  const std::size_t n = static_cast<std::size_t>(in.width) * static_cast<std::size_t>(in.height);
  ResizeLarge(rgba, 4 * n);
  const int ch = in.channels;
  auto to8 = [&](std::size_t i) -> std::uint8_t {
    if (!in.sixteen_bit) return in.samples8[i];
    return static_cast<std::uint8_t>((in.samples16[i] * 255u + 32767u) / 65535u);
  };
  ParallelFor(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const std::size_t s = i * static_cast<std::size_t>(ch);
      std::uint8_t* o = &rgba[4 * i];
      if (ch <= 2) {
        o[0] = o[1] = o[2] = to8(s);
      } else {
        o[0] = to8(s);
        o[1] = to8(s + 1);
        o[2] = to8(s + 2);
      }
      o[3] = 255;
    }
  });
}

// ---- gray and centring ----------------------------------------------------------------------

namespace {

// Per-sample tables in double: norm[s] = s/255 (or s/65535) and each weight times it, so the
// sum is formed exactly as `0.299*(r/255) + 0.587*(g/255) + 0.114*(b/255)` would be, term by
// term, and rounded to float once.
template <class Sample>
void GrayFrom(const Sample* s, int channels, GrayMode mode, std::size_t n, double scale,
              float* out) {
  constexpr std::size_t kLevels = std::size_t{1} << (8 * sizeof(Sample));
  std::vector<double> norm(kLevels);
  for (std::size_t i = 0; i < kLevels; ++i)
    norm[i] = static_cast<double>(i) / scale;
  const std::size_t ch = static_cast<std::size_t>(channels);
  if (channels <= 2 || mode == GrayMode::kRed || mode == GrayMode::kGreen ||
      mode == GrayMode::kBlue) {
    const std::size_t off = channels <= 2              ? 0
                            : mode == GrayMode::kRed   ? 0
                            : mode == GrayMode::kGreen ? 1
                                                       : 2;
    ParallelFor(n, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i)
        out[i] = static_cast<float>(norm[s[i * ch + off]]);
    });
    return;
  }
  if (mode == GrayMode::kMean) {
    ParallelFor(n, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const Sample* p = s + i * ch;
        out[i] = static_cast<float>((norm[p[0]] + norm[p[1]] + norm[p[2]]) / 3.0);
      }
    });
    return;
  }
  const bool is601 = mode == GrayMode::kLuma601;
  const double wr = is601 ? 0.299 : 0.2126, wg = is601 ? 0.587 : 0.7152,
               wb = is601 ? 0.114 : 0.0722;
  std::vector<double> tr(kLevels), tg(kLevels), tb(kLevels);
  for (std::size_t i = 0; i < kLevels; ++i) {
    tr[i] = wr * norm[i];
    tg[i] = wg * norm[i];
    tb[i] = wb * norm[i];
  }
  ParallelFor(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const Sample* p = s + i * ch;
      out[i] = static_cast<float>(tr[p[0]] + tg[p[1]] + tb[p[2]]);
    }
  });
}

}  // namespace

void ToGray(const DecodedImage& in, GrayMode mode, GrayImage& out) {
  const std::size_t n = static_cast<std::size_t>(in.width) * static_cast<std::size_t>(in.height);
  out.width = in.width;
  out.height = in.height;
  ResizeLarge(out.v, n);
  if (n == 0) return;
  assert(in.channels >= 1 && in.channels <= 4);
  if (in.sixteen_bit) {
    assert(in.samples16.size() >= n * static_cast<std::size_t>(in.channels));
    GrayFrom(in.samples16.data(), in.channels, mode, n, 65535.0, out.v.data());
  } else {
    assert(in.samples8.size() >= n * static_cast<std::size_t>(in.channels));
    GrayFrom(in.samples8.data(), in.channels, mode, n, 255.0, out.v.data());
  }
}

double CenterValue(const GrayImage& g, CenterMode mode, double value) {
  const std::size_t n = g.v.size();
  switch (mode) {
    case CenterMode::kNone:
      return 0;
    case CenterMode::kValue:
      return value;
    case CenterMode::kMean: {
      if (n == 0) return 0;
      double sum = 0;
      for (float v : g.v)
        sum += v;
      return sum / static_cast<double>(n);
    }
    case CenterMode::kMedian:
      break;
  }
  if (n == 0) return 0;
  // Selection, not a sort (see SelectTwo).
  const std::size_t k = n / 2;
  const auto [lower, upper] = SelectTwo(g.v, n % 2 ? k : k - 1, k);
  return (static_cast<double>(lower) + upper) / 2;
}

void CenterAndScale(const GrayImage& g, double c, double gain, std::vector<float>& x) {
  const std::size_t n = g.v.size();
  ResizeLarge(x, n);
  const float* v = g.v.data();
  float* o = x.data();
  ParallelFor(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      o[i] = static_cast<float>(gain * (static_cast<double>(v[i]) - c));
  });
}

// ---- the activation -------------------------------------------------------------------------

void ApplyActivation(const Activation& fn, const Params& p, std::span<const float> x,
                     std::span<float> y) {
  assert(x.size() == y.size());
  Apply(fn, Eval::kValue, x, y, p);  // Apply splits large arrays over threads itself
}

// ---- ranges and colormaps -------------------------------------------------------------------

Range AutoRange(std::span<const float> y) {
  float lo = std::numeric_limits<float>::infinity();
  float hi = -lo;
  for (float v : y) {
    // v − v is 0 for finite v and NaN for ±∞ and NaN: one test keeps only finite values.
    if (v - v == 0) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (lo > hi) return Range{0, 0};
  return Range{lo, hi};
}

int ColormapChannels(Colormap cmap) {
  return cmap == Colormap::kGray ? 1 : 3;
}

namespace {

// The index rule of image.hpp, with the constants of one range precomputed.
struct Indexer {
  double lo, span;
  bool constant, halve;
  Indexer(double l, double h) : constant(!(h > l)), halve(false) {
    // An infinite end is the largest double, so finite values take their limits (t = ½ on
    // (−∞, ∞), 1 on (−∞, hi], 0 on [lo, ∞)) instead of ∞/∞ = NaN, drawn as if y were NaN.
    constexpr double kMax = std::numeric_limits<double>::max();
    lo = std::clamp(l, -kMax, kMax);
    span = std::clamp(h, -kMax, kMax) - lo;
    // A span that overflows (LO = −1e308, HI = 1e308) is taken at half scale.
    if (!constant && !std::isfinite(span)) {
      halve = true;
      span = std::clamp(h, -kMax, kMax) / 2 - lo / 2;
    }
  }
  // t in [0,1], or -1 for NaN.
  double T(float yf) const {
    const double y = yf;
    if (constant) {
      if (std::isnan(y)) return -1;
      return y == std::numeric_limits<double>::infinity()    ? 1
             : y == -std::numeric_limits<double>::infinity() ? 0
                                                             : 0.5;
    }
    const double t = halve ? (y / 2 - lo / 2) / span : (y - lo) / span;
    if (!(t >= 0)) return std::isnan(t) ? -1 : 0;
    return t > 1 ? 1 : t;
  }
  // 0…255, or -1 for NaN.
  int operator()(float y) const {
    const double t = T(y);
    return t < 0 ? -1 : static_cast<int>(t * 255 + 0.5);
  }
};

const std::uint8_t* TableRow(Colormap cmap, int index) {
  static constexpr std::uint8_t kBlack[3] = {0, 0, 0};
  if (index < 0) return kBlack;
  switch (cmap) {
    case Colormap::kViridis:
      return kViridis[index];
    case Colormap::kCoolwarm:
      return kCoolwarm[index];
    case Colormap::kGray:
      break;
  }
  return nullptr;
}

}  // namespace

std::uint8_t ColormapIndex(float y, double lo, double hi) {
  const int i = Indexer(lo, hi)(y);
  return static_cast<std::uint8_t>(i < 0 ? 0 : i);
}

std::array<std::uint8_t, 3> ColormapColor(Colormap cmap, double t) {
  if (std::isnan(t)) return {0, 0, 0};
  const int i = static_cast<int>(std::clamp(t, 0.0, 1.0) * 255 + 0.5);
  if (cmap == Colormap::kGray) {
    const auto g = static_cast<std::uint8_t>(i);
    return {g, g, g};
  }
  const std::uint8_t* c = TableRow(cmap, i);
  return {c[0], c[1], c[2]};
}

namespace {

void MapInto(std::span<const float> y, double lo, double hi, Colormap cmap, int channels,
             std::uint8_t* out) {
  const Indexer index(lo, hi);
  const std::size_t ch = static_cast<std::size_t>(channels);
  ParallelFor(y.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const int k = index(y[i]);
      std::uint8_t* o = out + i * ch;
      if (cmap == Colormap::kGray) {
        const auto g = static_cast<std::uint8_t>(k < 0 ? 0 : k);
        for (std::size_t c = 0; c < ch; ++c)
          o[c] = g;
      } else {
        const std::uint8_t* c = TableRow(cmap, k);
        o[0] = c[0];
        o[1] = c[1];
        o[2] = c[2];
      }
    }
  });
}

}  // namespace

void MapToPixels(std::span<const float> y, double lo, double hi, Colormap cmap,
                 std::vector<std::uint8_t>& out) {
  const int ch = ColormapChannels(cmap);
  ResizeLarge(out, y.size() * static_cast<std::size_t>(ch));
  MapInto(y, lo, hi, cmap, ch, out.data());
}

void MapToRgb8(std::span<const float> y, double lo, double hi, Colormap cmap,
               std::vector<std::uint8_t>& rgb) {
  ResizeLarge(rgb, y.size() * 3);
  MapInto(y, lo, hi, cmap, 3, rgb.data());
}

// ---- .npy output ----------------------------------------------------------------------------

std::vector<std::uint8_t> NpyHeader(int width, int height) {
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                           std::to_string(height) + ", " + std::to_string(width) + "), }";
  // As numpy.lib.format writes it: 10 bytes of preamble, the dict, 1…64 spaces, a newline.
  constexpr std::size_t kPreamble = 10, kAlign = 64;
  const std::size_t hlen = dict.size() + 1;
  const std::size_t pad = kAlign - (kPreamble + hlen) % kAlign;
  const std::size_t total = hlen + pad;
  assert(total <= 0xffff);
  // Built as a string: GCC 12 warns falsely (-Warray-bounds) on inserting into a small vector.
  std::string h = "\x93NUMPY";
  h += '\x01';
  h += '\x00';
  h += static_cast<char>(total & 0xff);
  h += static_cast<char>(total >> 8);
  h += dict;
  h.append(pad, ' ');
  h += '\n';
  return std::vector<std::uint8_t>(h.begin(), h.end());
}

std::optional<std::string> WriteNpy(const std::string& path, int width, int height,
                                    std::span<const float> values) {
  if (width <= 0 || height <= 0 ||
      values.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height))
    return "internal error: bad array for " + QuotePath(path);
  std::vector<std::uint8_t> bytes;
  try {
    bytes = NpyHeader(width, height);
    const std::size_t head = bytes.size();
    ResizeLarge(bytes, head + values.size_bytes());
    std::memcpy(bytes.data() + head, values.data(), values.size_bytes());
    if constexpr (std::endian::native == std::endian::big) {
      for (std::size_t i = head; i < bytes.size(); i += 4) {
        std::swap(bytes[i], bytes[i + 3]);
        std::swap(bytes[i + 1], bytes[i + 2]);
      }
    }
  } catch (const std::bad_alloc&) {
    return "out of memory writing " + QuotePath(path);
  }
  return WriteFileAtomic(path, bytes);
}

void MapToGray16(std::span<const float> y, double lo, double hi, std::vector<std::uint16_t>& out) {
  ResizeLarge(out, y.size());
  const Indexer index(lo, hi);
  ParallelFor(y.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const double t = index.T(y[i]);
      out[i] = static_cast<std::uint16_t>(t < 0 ? 0 : t * 65535 + 0.5);
    }
  });
}

}  // namespace actviz
