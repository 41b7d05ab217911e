// Image decoding on hostile input: every format truncated at every length, mutated
// bytes, dimensions that would wrap, chunks that claim 2 GiB, FIFOs, devices and sparse files,
// and valid files the old decoder got wrong (top-down BMP, PNM maxval). The files are made here,
// with stb_image_write (an encoder independent of the decoders under test) or byte by byte.
// Checks that must not hang or allocate run in a child process under alarm(), which measures
// how much its address space grew.
// Sections: helpers · fixtures per format · truncation · mutation · dimensions · costly input ·
// files that are not images · formats by hand
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <cstdio>  // before jpeglib.h

#include <jpeglib.h>
#include <stb/stb_image_write.h>

#include "actviz/image/image.hpp"
#include "png_bytes.hpp"

namespace actviz::test {
namespace {

// ---------------------------------------------------------------------------------- helpers

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

void Append(void* ctx, void* data, int n) {
  auto* out = static_cast<Bytes*>(ctx);
  out->insert(out->end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + n);
}

void Le16(Bytes& b, std::uint32_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void Le32(Bytes& b, std::uint32_t v) {
  Le16(b, v & 0xffff);
  Le16(b, v >> 16);
}
// One PNG chunk: the length written is `claimed` (it may lie), the data as given.
void Chunk(Bytes& png, const char* type, const Bytes& data, std::uint32_t claimed) {
  Be32(png, claimed);
  const std::size_t start = png.size();
  png.insert(png.end(), type, type + 4);
  png.insert(png.end(), data.begin(), data.end());
  Be32(png, Crc32(png.data() + start, png.size() - start));
}

Bytes RandomPixels(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes px(n);
  for (auto& p : px)
    p = static_cast<std::uint8_t>(rng());
  return px;
}

// The message must be one line, name no empty decoder detail, show no negative or wrapped size.
void ExpectGoodMessage(const std::string& m, const std::string& context) {
  EXPECT_FALSE(m.empty()) << context;
  EXPECT_EQ(m.find('\n'), std::string::npos) << context << ": " << m;
  EXPECT_EQ(m.find("()"), std::string::npos) << context << ": " << m;
  EXPECT_EQ(m.find(": )"), std::string::npos) << context << ": " << m;
  EXPECT_EQ(m.find("×-"), std::string::npos) << context << ": " << m;
  EXPECT_EQ(m.find("18446744"), std::string::npos) << context << ": " << m;
}

// A line of /proc/self/status in bytes ("VmSize", "VmPeak"); 0 if missing.
std::size_t StatusBytes(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.compare(0, key.size() + 1, key + ":") == 0)
      return static_cast<std::size_t>(std::stoull(line.substr(key.size() + 1))) * 1024;
  return 0;
}

// Runs fn in a child process under alarm(seconds). The child's exit status: 0 if fn returned
// 0 and (when max_growth is not 0) its address space grew by at most max_growth bytes, else
// 1; 124 for a hang; 128 + the signal for a crash. A fresh child's VmPeak starts at its
// VmSize, so the growth counts every mapping made, touched or not, and works under ASan.
// `peak` picks what is measured: "VmPeak" (address space) or "VmHWM" (resident memory, for
// decoders that reserve the image's address space and touch only what they decode).
int InChild(const std::function<int()>& fn, unsigned seconds, std::size_t max_growth,
            const char* peak = "VmPeak") {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGALRM, [](int) { ::_exit(124); });
    ::alarm(seconds);
    const std::size_t before = StatusBytes(std::strcmp(peak, "VmHWM") == 0 ? "VmRSS" : "VmSize");
    const int r = fn();
    const std::size_t growth = StatusBytes(peak) - before;
    ::_exit(r != 0 || (max_growth && growth > max_growth) ? 1 : 0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

constexpr std::size_t kHeadroom = std::size_t{256} << 20;  // far below the 2 GiB at stake

class DecodeFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("actviz_decode_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Write(const std::string& name, const Bytes& bytes) const {
    const std::string p = Path(name);
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return p;
  }
  fs::path dir_;
};

// ------------------------------------------------------------------------ fixtures per format

// A GIF, LZW-coded the simplest valid way: a clear code before every pixel keeps the codes
// at min_code_size + 1 bits. `rows` in file order (already interlaced if `interlace`).
Bytes Gif(int sw, int sh, int left, int top, int fw, int fh, bool interlace, const Bytes& idx,
          int transparent = -1) {
  Bytes g = {'G', 'I', 'F', '8', '9', 'a'};
  Le16(g, static_cast<std::uint32_t>(sw));
  Le16(g, static_cast<std::uint32_t>(sh));
  g.insert(g.end(), {0xf1, 0, 0});  // global table of 4 colours (2 bits), background 0
  const std::uint8_t pal[4][3] = {{0, 0, 0}, {255, 0, 0}, {10, 200, 30}, {255, 255, 255}};
  for (const auto& c : pal)
    g.insert(g.end(), c, c + 3);
  if (transparent >= 0)
    g.insert(g.end(), {0x21, 0xf9, 4, 1, 0, 0, static_cast<std::uint8_t>(transparent), 0});
  g.push_back(0x2c);
  Le16(g, static_cast<std::uint32_t>(left));
  Le16(g, static_cast<std::uint32_t>(top));
  Le16(g, static_cast<std::uint32_t>(fw));
  Le16(g, static_cast<std::uint32_t>(fh));
  g.push_back(interlace ? 0x40 : 0);
  g.push_back(2);  // min code size: clear 4, end 5, codes of 3 bits
  Bytes data;
  std::uint32_t acc = 0;
  int nbits = 0;
  auto code = [&](std::uint32_t c) {
    acc |= c << nbits;
    nbits += 3;
    while (nbits >= 8)
      data.push_back(static_cast<std::uint8_t>(acc)), acc >>= 8, nbits -= 8;
  };
  for (std::uint8_t i : idx)
    code(4), code(i);
  code(5);
  if (nbits) data.push_back(static_cast<std::uint8_t>(acc));
  for (std::size_t at = 0; at < data.size(); at += 255) {
    const std::size_t n = std::min<std::size_t>(255, data.size() - at);
    g.push_back(static_cast<std::uint8_t>(n));
    g.insert(g.end(), data.begin() + static_cast<std::ptrdiff_t>(at),
             data.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
  g.push_back(0);
  g.push_back(0x3b);
  return g;
}

// A BMP with a 40-byte header, made by hand: rows as given (already in file order).
Bytes Bmp(int w, int h, int bpp, const Bytes& rows, const Bytes& palette = {},
          std::uint32_t compression = 0, const std::vector<std::uint32_t>& masks = {}) {
  Bytes b = {'B', 'M'};
  const auto offset = static_cast<std::uint32_t>(14 + 40 + 4 * masks.size() + palette.size());
  Le32(b, static_cast<std::uint32_t>(offset + rows.size()));
  Le32(b, 0);
  Le32(b, offset);
  Le32(b, 40);
  Le32(b, static_cast<std::uint32_t>(w));
  Le32(b, static_cast<std::uint32_t>(h));
  Le16(b, 1);
  Le16(b, static_cast<std::uint32_t>(bpp));
  Le32(b, compression);
  Le32(b, static_cast<std::uint32_t>(rows.size()));
  Le32(b, 2835);
  Le32(b, 2835);
  Le32(b, static_cast<std::uint32_t>(palette.size() / 4));
  Le32(b, 0);
  for (std::uint32_t m : masks)
    Le32(b, m);
  b.insert(b.end(), palette.begin(), palette.end());
  b.insert(b.end(), rows.begin(), rows.end());
  return b;
}

// A JPEG by libjpeg's own encoder: stb writes only 3-component baseline files, this gives
// 1-component and progressive ones.
Bytes LibjpegJpeg(int w, int h, int ch, const Bytes& px, bool progressive,
                  const std::vector<jpeg_scan_info>* scans = nullptr) {
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = static_cast<JDIMENSION>(w);
  c.image_height = static_cast<JDIMENSION>(h);
  c.input_components = ch;
  c.in_color_space = ch == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 95, TRUE);
  if (progressive) jpeg_simple_progression(&c);
  if (scans) {
    c.scan_info = scans->data();
    c.num_scans = static_cast<int>(scans->size());
  }
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(
        &px[static_cast<std::size_t>(c.next_scanline) * static_cast<std::size_t>(w * ch)]);
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  Bytes out(buf, buf + size);
  std::free(buf);
  jpeg_destroy_compress(&c);
  return out;
}

struct Sample {
  const char* name;
  Bytes bytes;
  std::size_t tail_ok;  // bytes at the end the decoder does not need (the GIF trailer)
};

// One small valid file of each format and variant, 8×6 pixels.
std::vector<Sample> Samples() {
  constexpr int w = 8, h = 6;
  const Bytes rgb = RandomPixels(w * h * 3, 1), gray = RandomPixels(w * h, 2);
  const Bytes rgba = RandomPixels(w * h * 4, 3);
  std::vector<Sample> s;
  auto add = [&](const char* name, auto write) {
    Bytes b;
    write(b);
    s.push_back({name, b, 0});
  };
  add("png_rgb", [&](Bytes& b) { stbi_write_png_to_func(Append, &b, w, h, 3, rgb.data(), w * 3); });
  add("png_gray", [&](Bytes& b) { stbi_write_png_to_func(Append, &b, w, h, 1, gray.data(), w); });
  add("jpeg_rgb", [&](Bytes& b) { stbi_write_jpg_to_func(Append, &b, w, h, 3, rgb.data(), 90); });
  s.push_back({"jpeg_gray", LibjpegJpeg(w, h, 1, gray, false), 0});
  s.push_back({"jpeg_progressive", LibjpegJpeg(w, h, 3, rgb, true), 0});
  add("bmp_rgb", [&](Bytes& b) { stbi_write_bmp_to_func(Append, &b, w, h, 3, rgb.data()); });
  add("bmp_rgba", [&](Bytes& b) { stbi_write_bmp_to_func(Append, &b, w, h, 4, rgba.data()); });
  stbi_write_tga_with_rle = 1;
  add("tga_rle", [&](Bytes& b) { stbi_write_tga_to_func(Append, &b, w, h, 3, rgb.data()); });
  add("tga_gray_rle", [&](Bytes& b) { stbi_write_tga_to_func(Append, &b, w, h, 1, gray.data()); });
  stbi_write_tga_with_rle = 0;
  add("tga_raw", [&](Bytes& b) { stbi_write_tga_to_func(Append, &b, w, h, 4, rgba.data()); });
  stbi_write_tga_with_rle = 1;
  Bytes pal;
  for (int i = 0; i < 4; ++i)
    pal.insert(pal.end(), {static_cast<std::uint8_t>(60 * i), 7, static_cast<std::uint8_t>(i), 0});
  Bytes idx8(w * h);
  for (std::size_t i = 0; i < idx8.size(); ++i)
    idx8[i] = static_cast<std::uint8_t>(gray[i] % 4);
  s.push_back({"bmp_palette8", Bmp(w, h, 8, idx8, pal), 0});
  Bytes ppm = {'P', '6', '\n', '8', ' ', '6', '\n', '2', '5', '5', '\n'};
  ppm.insert(ppm.end(), rgb.begin(), rgb.end());
  s.push_back({"ppm", ppm, 0});
  Bytes pgm16 = {'P', '5', ' ', '8', ' ', '6', ' ', '6', '5', '5', '3', '5', '\n'};
  for (std::size_t i = 0; i < gray.size(); ++i)
    pgm16.insert(pgm16.end(), {gray[i], rgb[i]});
  s.push_back({"pgm16", pgm16, 0});
  s.push_back({"gif", Gif(w, h, 0, 0, w, h, false, idx8), 1});
  s.push_back({"gif_interlaced",
               Gif(w, h, 1, 1, 6, 5, true, Bytes(idx8.begin(), idx8.begin() + 30), 2), 1});
  return s;
}

// ---------------------------------------------------------------------------------- truncation

TEST(DecodeTruncated, every_format_refuses_every_prefix_of_a_valid_file) {
  for (const Sample& s : Samples()) {
    DecodedImage img;
    ASSERT_EQ(DecodeImageMemory(s.bytes, 1000, img), std::nullopt) << s.name;
    ASSERT_EQ(img.width, 8) << s.name;
    const std::size_t n = s.bytes.size();
    for (std::size_t len = 0; len + s.tail_ok < n; ++len) {
      const std::vector<std::uint8_t> cut(s.bytes.begin(),
                                          s.bytes.begin() + static_cast<std::ptrdiff_t>(len));
      const auto err = DecodeImageMemory(cut, 1000, img);
      ASSERT_TRUE(err.has_value()) << s.name << " cut to " << len << " of " << n;
      ExpectGoodMessage(*err, std::string(s.name) + " cut to " + std::to_string(len));
      EXPECT_TRUE(img.samples8.empty() && img.samples16.empty() && img.width == 0);
      // Past the first half the header is whole: the message must say what happened.
      if (2 * len >= n) {
        EXPECT_NE(err->find("truncated"), std::string::npos) << s.name << ": " << *err;
      }
    }
  }
}

TEST_F(DecodeFiles, truncated_bmp_message_gives_bytes_needed_and_present) {
  // 64×64 RGB: rows of 192 bytes, 12288 bytes of pixels; only 4000 are in the file.
  const Bytes px = RandomPixels(64 * 64 * 3, 4);
  Bytes bmp;
  stbi_write_bmp_to_func(Append, &bmp, 64, 64, 3, px.data());
  ASSERT_GT(bmp.size(), 12288u - 4000u);
  // erase, not resize: GCC 12 with -fsanitize cannot see that resize here only shrinks, and
  // warns of a memset of 2⁶⁴ − 8289 bytes (-Wstringop-overflow).
  bmp.erase(bmp.end() - (12288 - 4000), bmp.end());
  DecodedImage img;
  const auto err = DecodeImageFile(Write("x.bmp", bmp), 1000000, img);
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("x.bmp': truncated BMP (needs 12288 bytes of pixels, has 4000)"),
            std::string::npos)
      << *err;
}

// ----------------------------------------------------------------------------------- mutation

TEST(DecodeMutated, random_byte_changes_give_a_consistent_image_or_a_message) {
  std::mt19937 rng(14);
  for (const Sample& s : Samples()) {
    for (int round = 0; round < 1500; ++round) {
      Bytes b = s.bytes;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = rng() % b.size();
        switch (rng() % 4) {
          case 0:
            b[at] = static_cast<std::uint8_t>(rng());
            break;
          case 1:
            b[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
            break;
          case 2:  // lengths and dimensions: the extreme values
            b[at] = (rng() & 1) ? 0xff : 0x00;
            break;
          default:
            b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(rng()));
        }
      }
      if (rng() % 8 == 0) b.resize(rng() % b.size());
      DecodedImage img;
      const auto err = DecodeImageMemory(b, std::size_t{1} << 16, img);
      const std::string where = std::string(s.name) + " round " + std::to_string(round);
      if (err) {
        ExpectGoodMessage(*err, where);
        EXPECT_TRUE(img.samples8.empty() && img.samples16.empty()) << where;
        continue;
      }
      ASSERT_GT(img.width, 0) << where;
      ASSERT_GT(img.height, 0) << where;
      ASSERT_TRUE(img.channels >= 1 && img.channels <= 4) << where;
      const std::size_t n = static_cast<std::size_t>(img.width) *
                            static_cast<std::size_t>(img.height) *
                            static_cast<std::size_t>(img.channels);
      EXPECT_LE(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height),
                std::size_t{1} << 16)
          << where;
      EXPECT_EQ(img.sixteen_bit ? img.samples16.size() : img.samples8.size(), n) << where;
    }
  }
}

// --------------------------------------------------------------------------------- dimensions

TEST(DecodeDimensions, sizes_in_messages_are_never_negative_or_wrapped) {
  struct Case {
    const char* name;
    Bytes bytes;
    std::size_t max_pixels;
    const char* expect;
  };
  Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  Bytes ihdr;
  Be32(ihdr, 100000);
  Be32(ihdr, 100000);
  ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});
  Chunk(png, "IHDR", ihdr, 13);
  Bytes row(3 * 64 + 1, 0);
  const std::vector<Case> cases = {
      {"bmp_height_int_min", Bmp(64, static_cast<int>(0x80000000u), 24, row), 100000000,
       "64×2147483648 = 137438953472 pixels, over the limit"},
      {"bmp_top_down_huge", Bmp(64, -48000000, 24, row), 100000000,
       "64×48000000 = 3072000000 pixels, over the limit"},
      {"bmp_zero_height", Bmp(64, 0, 24, row), 100000000, "no pixels"},
      {"bmp_negative_width", Bmp(-5, 4, 24, row), 100000000, "its width is negative"},
      {"png_100000_squared", png, 100000000,
       "PNG image of 100000×100000 = 10000000000 pixels, over the limit of 100000000"},
      {"pgm_2_to_32", Bytes{'P', '5', ' ', '4', '2', '9', '4', '9', '6', '7',
                            '2', '9', '5', ' ', '2', ' ', '2', '5', '5', '\n'},
       std::size_t{1} << 40, "over 2147483647 pixels a side"},
  };
  for (const Case& c : cases) {
    DecodedImage img;
    const auto err = DecodeImageMemory(c.bytes, c.max_pixels, img);
    ASSERT_TRUE(err.has_value()) << c.name;
    EXPECT_NE(err->find(c.expect), std::string::npos) << c.name << ": " << *err;
    ExpectGoodMessage(*err, c.name);
  }
}

// A JPEG whose frame header claims 10000×10000 over the 8×8 pixels of data it holds.
Bytes JpegClaiming(int w, int h) {
  const Bytes px = RandomPixels(8 * 8 * 3, 5);
  Bytes j;
  stbi_write_jpg_to_func(Append, &j, 8, 8, 3, px.data(), 90);
  for (std::size_t i = 2; i + 9 < j.size(); ++i) {
    if (j[i] == 0xff && j[i + 1] == 0xc0) {  // SOF0: length, precision, height, width
      j[i + 5] = static_cast<std::uint8_t>(h >> 8), j[i + 6] = static_cast<std::uint8_t>(h);
      j[i + 7] = static_cast<std::uint8_t>(w >> 8), j[i + 8] = static_cast<std::uint8_t>(w);
      return j;
    }
  }
  ADD_FAILURE() << "no SOF0 in stb's JPEG";
  return j;
}

TEST(DecodeDimensions, jpeg_claiming_10000_squared_is_refused_from_its_header_or_as_truncated) {
  const Bytes j = JpegClaiming(10000, 10000);
  DecodedImage img;
  // Over the limit: from the header, before the 300 MB of pixels are allocated.
  auto err = DecodeImageMemory(j, 1000000, img);
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("JPEG image of 10000×10000 = 100000000 pixels, over the limit"),
            std::string::npos)
      << *err;
  // Inside the limit it is decoded, and the data ending early is reported with the size.
  err = DecodeImageMemory(j, 100000000, img);
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("truncated JPEG: the data of the 10000×10000 image ends early"),
            std::string::npos)
      << *err;
}

// ---------------------------------------------------------------------------- costly input

// A valid progressive script with `refinements` scans per AC coefficient of each component:
// 1 + 3·63·refinements scans in all (successive approximation from bit refinements − 1 down).
std::vector<jpeg_scan_info> ManyScans(int refinements) {
  std::vector<jpeg_scan_info> scans;
  scans.push_back(jpeg_scan_info{3, {0, 1, 2, 0}, 0, 0, 0, 0});
  for (int comp = 0; comp < 3; ++comp)
    for (int k = 1; k < 64; ++k)
      for (int r = 0; r < refinements; ++r) {
        const int al = refinements - 1 - r;
        scans.push_back(jpeg_scan_info{1, {comp, 0, 0, 0}, k, k, r == 0 ? 0 : al + 1, al});
      }
  return scans;
}

TEST(DecodeCostly, progressive_jpeg_with_over_500_scans_is_refused) {
  const Bytes px = RandomPixels(8 * 8 * 3, 8);
  // 190 scans decode; 568 are over libjpeg-turbo's own limit of 500 (the time a progressive
  // file costs grows with scans × image size).
  const std::vector<jpeg_scan_info> few = ManyScans(1), many = ManyScans(3);
  ASSERT_EQ(few.size(), 190u);
  ASSERT_EQ(many.size(), 568u);
  DecodedImage img;
  EXPECT_EQ(DecodeImageMemory(LibjpegJpeg(8, 8, 3, px, false, &few), 100, img), std::nullopt);
  EXPECT_EQ(img.width, 8);
  const auto err = DecodeImageMemory(LibjpegJpeg(8, 8, 3, px, false, &many), 100, img);
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("more than 500 scans"), std::string::npos) << *err;
}

bool MentionsMemory(std::string m) {
  for (char& c : m)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return m.find("memory") != std::string::npos;
}

// A valid 8×8 PNG with one more chunk after IHDR that claims 2 GiB − 1 and holds 139 KB.
Bytes PngWithHugeChunk(const char* type) {
  const Bytes px = RandomPixels(64, 6);
  Bytes small;
  stbi_write_png_to_func(Append, &small, 8, 8, 1, px.data(), 8);
  const std::size_t after_ihdr = 8 + 4 + 4 + 13 + 4;
  Bytes png(small.begin(), small.begin() + static_cast<std::ptrdiff_t>(after_ihdr));
  Bytes body(139 * 1024, 'a');
  std::memcpy(body.data(), "Comment\0", 8);
  Chunk(png, type, body, 0x7fffffff);
  png.insert(png.end(), small.begin() + static_cast<std::ptrdiff_t>(after_ihdr), small.end());
  return png;
}

TEST(DecodeCostly, png_chunks_claiming_2_gib_are_refused_without_allocating_it) {
  for (const char* type : {"tEXt", "zTXt", "iTXt", "iCCP", "sPLT", "eXIf", "prVt"}) {
    const Bytes png = PngWithHugeChunk(type);
    DecodedImage img;
    const auto err = DecodeImageMemory(png, 1000, img);
    ASSERT_TRUE(err.has_value()) << type;
    EXPECT_FALSE(MentionsMemory(*err)) << type << ": " << *err;
    ExpectGoodMessage(*err, type);
    // In a child: the refusal must not have mapped more than 256 MiB on the way.
    const int status = InChild(
        [&] {
          DecodedImage i;
          const auto e = DecodeImageMemory(png, 1000, i);
          return e && !MentionsMemory(*e) ? 0 : 1;
        },
        20, kHeadroom);
    EXPECT_EQ(status, 0) << type;
  }
}

TEST(DecodeCostly, small_files_claiming_10000_squared_touch_only_what_they_hold) {
  // Inside the default limit of 10⁸ pixels, so each is decoded until its data runs out: the
  // samples grow row by row instead of 300–400 MB being allocated and zeroed first.
  Bytes png;
  const Bytes px = RandomPixels(64 * 3, 7);
  stbi_write_png_to_func(Append, &png, 8, 8, 3, px.data(), 24);
  for (int k : {16, 20})  // IHDR width and height, big-endian 10000 (the CRC is not checked)
    png[static_cast<std::size_t>(k + 2)] = 0x27, png[static_cast<std::size_t>(k + 3)] = 0x10;
  Bytes tga = {0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x27, 0x10, 0x27, 24, 0};
  tga.insert(tga.end(), {0xff, 1, 2, 3, 0xff, 4, 5, 6});
  const std::pair<const char*, Bytes> cases[] = {
      {"jpeg", JpegClaiming(10000, 10000)},
      {"png", png},
      {"gif", Gif(10000, 10000, 0, 0, 10000, 10000, false, Bytes(300, 1))},
      {"tga_rle", tga},
  };
  for (const auto& [name, bytes] : cases) {
    DecodedImage img;
    const auto err = DecodeImageMemory(bytes, 100000000, img);
    ASSERT_TRUE(err.has_value()) << name;
    ExpectGoodMessage(*err, name);
    const int status = InChild(
        [&] {
          DecodedImage i;
          return DecodeImageMemory(bytes, 100000000, i) ? 0 : 1;
        },
        20, std::size_t{64} << 20, "VmHWM");
    EXPECT_EQ(status, 0) << name << ": " << *err;
  }
}

TEST_F(DecodeFiles, sparse_files_are_refused_from_size_or_header_without_being_read) {
  struct Case {
    const char* name;
    std::uint64_t size;
    const char* expect;
  };
  // The header of a 100000×100000 PNG, then a hole: 3 GiB is over the file limit, 1.5 GiB is
  // under it but its header is over the pixel limit.
  Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  Bytes ihdr;
  Be32(ihdr, 100000);
  Be32(ihdr, 100000);
  ihdr.insert(ihdr.end(), {8, 0, 0, 0, 0});
  Chunk(png, "IHDR", ihdr, 13);
  const Case cases[] = {
      {"sparse3g.png", std::uint64_t{3} << 30, "is 3221225472 bytes, over the 2 GiB"},
      {"sparse1g5.png", std::uint64_t{3} << 29, "100000×100000 = 10000000000 pixels, over"},
  };
  for (const Case& c : cases) {
    const std::string p = Write(c.name, png);
    ASSERT_EQ(::truncate(p.c_str(), static_cast<off_t>(c.size)), 0) << std::strerror(errno);
    DecodedImage img;
    const auto err = DecodeImageFile(p, 100000000, img);
    ASSERT_TRUE(err.has_value()) << c.name;
    EXPECT_NE(err->find(c.expect), std::string::npos) << *err;
    const int status = InChild(
        [&] {
          DecodedImage i;
          const auto e = DecodeImageFile(p, 100000000, i);
          return e && e->find(c.expect) != std::string::npos ? 0 : 1;
        },
        20, kHeadroom);
    EXPECT_EQ(status, 0) << c.name;
  }
}

// ----------------------------------------------------------------- files that are not images

TEST_F(DecodeFiles, fifos_devices_and_directories_are_refused_at_once) {
  const std::string fifo = Path("pipe.png");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  struct Case {
    std::string path;
    const char* expect;
  };
  const Case cases[] = {
      {fifo, "pipe.png': not a regular file (a FIFO)"},  // no writer: open must not block
      {"/dev/zero", "'/dev/zero': not a regular file (a character device)"},  // endless
      {"/dev/null", "'/dev/null': not a regular file (a character device)"},
      {dir_.string(), "is a directory, not an image file"},
  };
  for (const Case& c : cases) {
    // In a child under alarm(): a regression hangs the child, not the suite.
    const int status = InChild(
        [&] {
          DecodedImage img;
          const auto e = DecodeImageFile(c.path, 1000, img);
          return e && e->find(c.expect) != std::string::npos ? 0 : 1;
        },
        10, 0);
    EXPECT_EQ(status, 0) << c.path << (status == 124 ? ": hung" : "");
    DecodedImage img;
    const auto err = DecodeImageFile(c.path, 1000, img);
    ASSERT_TRUE(err.has_value());
    EXPECT_NE(err->find(c.expect), std::string::npos) << *err;
  }
}

// ------------------------------------------------------------------------- formats by hand

TEST(DecodeBmp, top_down_and_bottom_up_rows_and_each_pixel_layout) {
  // 3×2 pixels, top row (red, green, blue), bottom row (black, white, gray 128), as stored.
  const Bytes want = {255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 128, 128, 128};
  auto row24 = [](std::initializer_list<std::uint8_t> bgr) {
    Bytes r(bgr);
    r.resize(12, 0);  // 9 bytes padded to 12
    return r;
  };
  const Bytes top = row24({0, 0, 255, 0, 255, 0, 255, 0, 0});
  const Bytes bottom = row24({0, 0, 0, 255, 255, 255, 128, 128, 128});
  Bytes down = top, up = bottom;
  down.insert(down.end(), bottom.begin(), bottom.end());
  up.insert(up.end(), top.begin(), top.end());
  // 16 bit, 5-6-5 masks: the 5-bit maximum 31 and the 6-bit 63 must become 255.
  Bytes r565;
  for (std::uint32_t p : {0xf800u, 0x07e0u, 0x001fu, 0x0000u})
    Le16(r565, p);
  Bytes r565b;
  for (std::uint32_t p : {0x0000u, 0xffffu, 0x8410u, 0x0000u})
    Le16(r565b, p);
  Bytes r565_down = r565;
  r565_down.insert(r565_down.end(), r565b.begin(), r565b.end());
  // 0x8410 is r=16/31, g=32/63, b=16/31: by bit replication 132, 130, 132.
  const Bytes want565 = {255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 132, 130, 132};
  // 1 bit, two palette entries, MSB first: 101 then 010, each row padded to 4 bytes.
  const Bytes pal = {0, 0, 0, 0, 255, 255, 255, 0};
  const Bytes r1_up = {0x40, 0, 0, 0, 0xa0, 0, 0, 0};  // bottom-up: the top row (101) last
  const Bytes want1 = {255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0};
  struct Case {
    const char* name;
    Bytes bmp;
    Bytes want;
  };
  const Case cases[] = {
      {"24bit_top_down", Bmp(3, -2, 24, down), want},
      {"24bit_bottom_up", Bmp(3, 2, 24, up), want},
      {"16bit_565_top_down", Bmp(3, -2, 16, r565_down, {}, 3, {0xf800, 0x07e0, 0x001f}), want565},
      {"1bit_bottom_up", Bmp(3, 2, 1, r1_up, pal), want1},
  };
  for (const Case& c : cases) {
    DecodedImage img;
    ASSERT_EQ(DecodeImageMemory(c.bmp, 100, img), std::nullopt) << c.name;
    EXPECT_EQ(img.width, 3) << c.name;
    EXPECT_EQ(img.height, 2) << c.name;
    EXPECT_EQ(img.channels, 3) << c.name;
    EXPECT_EQ(img.samples8, c.want) << c.name;
  }
}

TEST(DecodeBmp, unsupported_and_inconsistent_bmps_are_named) {
  const Bytes row(12, 0);
  struct Case {
    const char* name;
    Bytes bmp;
    const char* expect;
  };
  const Case cases[] = {
      {"rle8", Bmp(3, 1, 8, row, Bytes(8, 0), 1), "run-length compressed BMP"},
      {"index_past_palette", Bmp(3, 1, 8, Bytes{0, 1, 2, 0}, Bytes(8, 0)), "palette entry 2 of 2"},
      {"gapped_mask", Bmp(1, 1, 32, Bytes(4, 0), {}, 3, {0xf0f, 0xf0, 0xf000}), "one run of bits"},
  };
  for (const Case& c : cases) {
    DecodedImage img;
    const auto err = DecodeImageMemory(c.bmp, 100, img);
    ASSERT_TRUE(err.has_value()) << c.name;
    EXPECT_NE(err->find(c.expect), std::string::npos) << c.name << ": " << *err;
  }
}

TEST(DecodePnm, maxval_is_scaled_and_samples_over_it_are_refused) {
  Bytes pgm = {'P', '5', '\n', '#', ' ', 'c', '\n', '3', ' ', '1', '\n', '1', '5', '\n', 0, 7, 15};
  DecodedImage img;
  ASSERT_EQ(DecodeImageMemory(pgm, 100, img), std::nullopt);
  EXPECT_FALSE(img.sixteen_bit);
  EXPECT_EQ(img.samples8, (Bytes{0, 119, 255}));  // round(7·255/15) = 119
  pgm.back() = 16;
  auto err = DecodeImageMemory(pgm, 100, img);
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("sample 16 is over the image's maxval 15"), std::string::npos) << *err;
  // maxval 1000: 16-bit samples, 500 → round(500·65535/1000) = 32768.
  const Bytes p16 = {'P', '5', ' ', '1', ' ', '1', ' ', '1', '0', '0', '0', '\n', 0x01, 0xf4};
  ASSERT_EQ(DecodeImageMemory(p16, 100, img), std::nullopt);
  EXPECT_TRUE(img.sixteen_bit);
  EXPECT_EQ(img.samples16, (std::vector<std::uint16_t>{32768}));
  for (const char* kind : {"P1", "P2", "P3", "P4", "P7"}) {
    const Bytes b = {static_cast<std::uint8_t>(kind[0]),
                     static_cast<std::uint8_t>(kind[1]),
                     '\n',
                     '1',
                     ' ',
                     '1',
                     '\n',
                     '1',
                     '\n',
                     '1'};
    err = DecodeImageMemory(b, 100, img);
    ASSERT_TRUE(err.has_value()) << kind;
    EXPECT_NE(err->find(std::string("PNM subtype ") + kind), std::string::npos) << *err;
  }
}

TEST(DecodeGif, first_frame_on_its_screen_interlaced_with_transparency) {
  // A 4×5 screen; a 3×4 interlaced frame at (1, 1); palette index 2 transparent. With 4 rows
  // the passes store row 0 (pass 1), row 2 (pass 3), rows 1 and 3 (pass 4).
  const Bytes frame_rows[4] = {{1, 1, 1}, {3, 3, 3}, {2, 0, 1}, {0, 3, 2}};
  Bytes file_order;
  for (int r : {0, 2, 1, 3})
    file_order.insert(file_order.end(), frame_rows[r].begin(), frame_rows[r].end());
  const Bytes gif = Gif(4, 5, 1, 1, 3, 4, true, file_order, 2);
  DecodedImage img;
  ASSERT_EQ(DecodeImageMemory(gif, 100, img), std::nullopt);
  EXPECT_EQ(img.format, "GIF");
  ASSERT_EQ(img.width, 4);
  ASSERT_EQ(img.height, 5);
  ASSERT_EQ(img.channels, 4);
  const std::uint8_t pal[4][3] = {{0, 0, 0}, {255, 0, 0}, {10, 200, 30}, {255, 255, 255}};
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 4; ++x) {
      const std::uint8_t* p = &img.samples8[static_cast<std::size_t>(4 * (y * 4 + x))];
      const bool inside = x >= 1 && y >= 1 && y <= 4;
      const int i = inside ? frame_rows[y - 1][static_cast<std::size_t>(x - 1)] : -1;
      if (i < 0 || i == 2) {  // off the frame or transparent: (0, 0, 0, 0)
        EXPECT_EQ((Bytes{p[0], p[1], p[2], p[3]}), (Bytes{0, 0, 0, 0})) << x << "," << y;
      } else {
        EXPECT_EQ((Bytes{p[0], p[1], p[2], p[3]}), (Bytes{pal[i][0], pal[i][1], pal[i][2], 255}))
            << x << "," << y;
      }
    }
  }
}

TEST(DecodeJpeg, decodes_close_to_the_encoded_pixels_gray_and_colour) {
  // A smooth 32×16 image at quality 95 or more (gray progressive by libjpeg, colour baseline by
  // stb): each sample within a few levels of what was encoded.
  Bytes rgb(32 * 16 * 3), gray(32 * 16);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 32; ++x) {
      const auto i = static_cast<std::size_t>(y * 32 + x);
      rgb[3 * i] = static_cast<std::uint8_t>(8 * x);
      rgb[3 * i + 1] = static_cast<std::uint8_t>(16 * y);
      rgb[3 * i + 2] = 100;
      gray[i] = static_cast<std::uint8_t>(4 * x + 8 * y);
    }
  for (int ch : {1, 3}) {
    Bytes j;
    if (ch == 1)
      j = LibjpegJpeg(32, 16, 1, gray, true);
    else
      stbi_write_jpg_to_func(Append, &j, 32, 16, 3, rgb.data(), 100);
    DecodedImage img;
    ASSERT_EQ(DecodeImageMemory(j, 1000, img), std::nullopt);
    EXPECT_EQ(img.channels, ch);
    EXPECT_EQ(img.format, "JPEG");
    const Bytes& src = ch == 1 ? gray : rgb;
    ASSERT_EQ(img.samples8.size(), src.size());
    int worst = 0;
    for (std::size_t i = 0; i < src.size(); ++i)
      worst = std::max(worst, std::abs(img.samples8[i] - src[i]));
    EXPECT_LE(worst, 8) << ch;
  }
}

}  // namespace
}  // namespace actviz::test
