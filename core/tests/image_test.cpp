// The image pipeline (image.hpp) against values worked out by hand: decoding of synthetic
// 8-bit, 16-bit, gray, RGBA files written here (PNG, PGM, BMP, TGA); gray formulas; the median
// as numpy defines it; centring; ranges, colormap indices and colours; the .npy bytes; decode
// errors that must come back as messages. The whole pipeline against numpy and PIL is
// app/tests/apply_cli_test.py.
// Sections: helpers · decoding · gray · centring · activation · colormaps · .npy
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <stb/stb_image_write.h>

#include "actviz/activations/kernels.hpp"
#include "actviz/image/image.hpp"
#include "png_bytes.hpp"

namespace actviz::test {
namespace {

// ---------------------------------------------------------------------------------- helpers

namespace fs = std::filesystem;

// A fresh directory per test, removed at the end.
class ImageFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("actviz_image_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string WriteBytes(const std::string& name, const std::vector<std::uint8_t>& bytes) const {
    const std::string p = Path(name);
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return p;
  }
  std::string WritePng8(const std::string& name, int w, int h, int ch,
                        const std::vector<std::uint8_t>& px) const {
    const std::string p = Path(name);
    EXPECT_TRUE(stbi_write_png(p.c_str(), w, h, ch, px.data(), w * ch));
    return p;
  }
  fs::path dir_;
};

std::vector<std::uint8_t> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// A 16-bit PNG (stb_image_write has no 16-bit PNG): zlib with stored (uncompressed) blocks.
std::vector<std::uint8_t> Png16(int w, int h, int ch, const std::vector<std::uint16_t>& s) {
  std::vector<std::uint8_t> raw;
  for (int y = 0; y < h; ++y) {
    raw.push_back(0);  // filter: none
    for (int i = 0; i < w * ch; ++i) {
      const std::uint16_t v = s[static_cast<std::size_t>(y * w * ch + i)];
      raw.push_back(static_cast<std::uint8_t>(v >> 8));
      raw.push_back(static_cast<std::uint8_t>(v & 0xff));
    }
  }
  std::vector<std::uint8_t> z = {0x78, 0x01};
  for (std::size_t off = 0; off < raw.size() || off == 0; off += 65535) {
    const std::size_t len = std::min<std::size_t>(65535, raw.size() - off);
    z.push_back(off + len >= raw.size() ? 1 : 0);
    z.push_back(static_cast<std::uint8_t>(len & 0xff));
    z.push_back(static_cast<std::uint8_t>(len >> 8));
    z.push_back(static_cast<std::uint8_t>(~len & 0xff));
    z.push_back(static_cast<std::uint8_t>((~len >> 8) & 0xff));
    z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(off),
             raw.begin() + static_cast<std::ptrdiff_t>(off + len));
    if (off + len >= raw.size()) break;
  }
  std::uint32_t a = 1, b = 0;
  for (std::uint8_t c : raw)
    a = (a + c) % 65521, b = (b + a) % 65521;
  Be32(z, (b << 16) | a);

  std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  auto chunk = [&](const char* type, const std::vector<std::uint8_t>& data) {
    Be32(png, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = png.size();
    png.insert(png.end(), type, type + 4);
    png.insert(png.end(), data.begin(), data.end());
    Be32(png, Crc32(png.data() + start, png.size() - start));
  };
  std::vector<std::uint8_t> ihdr;
  Be32(ihdr, static_cast<std::uint32_t>(w));
  Be32(ihdr, static_cast<std::uint32_t>(h));
  const std::uint8_t colour = ch == 1 ? 0 : ch == 2 ? 4 : ch == 3 ? 2 : 6;
  ihdr.insert(ihdr.end(), {16, colour, 0, 0, 0});
  chunk("IHDR", ihdr);
  chunk("IDAT", z);
  chunk("IEND", {});
  return png;
}

constexpr GrayMode kAllGray[] = {GrayMode::kLuma601, GrayMode::kLuma709, GrayMode::kMean,
                                 GrayMode::kRed,     GrayMode::kGreen,   GrayMode::kBlue};

GrayImage Gray(std::vector<float> v) {
  GrayImage g;
  g.width = static_cast<int>(v.size());
  g.height = 1;
  g.v = std::move(v);
  return g;
}

// ---------------------------------------------------------------------------------- decoding

TEST_F(ImageFiles, decodes_8bit_rgb_png_samples_exactly) {
  const std::vector<std::uint8_t> px = {255, 0, 0, 10, 200, 30, 0, 0, 0, 1, 2, 3};
  DecodedImage img;
  ASSERT_EQ(DecodeImageFile(WritePng8("rgb.png", 2, 2, 3, px), 100, img), std::nullopt);
  EXPECT_EQ(img.width, 2);
  EXPECT_EQ(img.height, 2);
  EXPECT_EQ(img.channels, 3);
  EXPECT_FALSE(img.sixteen_bit);
  EXPECT_EQ(img.format, "PNG");
  EXPECT_EQ(img.samples8, px);
}

TEST_F(ImageFiles, bmp_and_tga_decode_to_the_same_samples) {
  const std::vector<std::uint8_t> px = {9, 8, 7, 200, 100, 50, 0, 255, 1};  // 3×1 RGB
  for (const char* ext : {"bmp", "tga"}) {
    const std::string p = Path(std::string("img.") + ext);
    ASSERT_TRUE(ext[0] == 'b' ? stbi_write_bmp(p.c_str(), 3, 1, 3, px.data())
                              : stbi_write_tga(p.c_str(), 3, 1, 3, px.data()));
    DecodedImage img;
    ASSERT_EQ(DecodeImageFile(p, 100, img), std::nullopt) << ext;
    EXPECT_EQ(img.samples8, px) << ext;
    EXPECT_EQ(img.format, ext[0] == 'b' ? "BMP" : "TGA");
  }
}

TEST_F(ImageFiles, sixteen_bit_png_and_pgm_keep_every_bit) {
  // 1 and 257 differ at 16 bits but collapse at 8: v must be s/65535 exactly.
  const std::vector<std::uint16_t> s = {0, 1, 257, 65535, 32768, 12345};
  DecodedImage png;
  ASSERT_EQ(DecodeImageFile(WriteBytes("g16.png", Png16(3, 2, 1, s)), 100, png), std::nullopt);
  EXPECT_TRUE(png.sixteen_bit);
  EXPECT_EQ(png.channels, 1);
  EXPECT_EQ(png.samples16, s);

  std::vector<std::uint8_t> pgm = {'P', '5', '\n', '3', ' ', '2', '\n',
                                   '6', '5', '5',  '3', '5', '\n'};
  for (std::uint16_t v : s)
    pgm.push_back(static_cast<std::uint8_t>(v >> 8)), pgm.push_back(v & 0xff);
  DecodedImage pnm;
  ASSERT_EQ(DecodeImageFile(WriteBytes("g16.pgm", pgm), 100, pnm), std::nullopt);
  EXPECT_EQ(pnm.format, "PNM");
  EXPECT_TRUE(pnm.sixteen_bit);
  EXPECT_EQ(pnm.samples16, s);

  for (GrayMode m : kAllGray) {
    GrayImage g;
    ToGray(png, m, g);
    ASSERT_EQ(g.v.size(), s.size());
    for (std::size_t i = 0; i < s.size(); ++i)
      EXPECT_EQ(g.v[i], static_cast<float>(s[i] / 65535.0)) << i;
  }
  std::vector<std::uint8_t> rgba;
  ToRgba8(png, rgba);
  EXPECT_EQ(
      (std::vector<std::uint8_t>(rgba.begin(), rgba.begin() + 16)),
      (std::vector<std::uint8_t>{0, 0, 0, 255, 0, 0, 0, 255, 1, 1, 1, 255, 255, 255, 255, 255}));
}

TEST_F(ImageFiles, sixteen_bit_rgba_png_ignores_alpha) {
  const std::vector<std::uint16_t> s = {65535, 0, 0, 7, 0, 65535, 0, 65535};  // 2×1 RGBA
  DecodedImage img;
  ASSERT_EQ(DecodeImageFile(WriteBytes("rgba16.png", Png16(2, 1, 4, s)), 100, img), std::nullopt);
  EXPECT_EQ(img.channels, 4);
  GrayImage g;
  ToGray(img, GrayMode::kLuma601, g);
  EXPECT_EQ(g.v[0], 0.299f);
  EXPECT_EQ(g.v[1], static_cast<float>(0.587 * (65535 / 65535.0)));
}

TEST(Decode, memory_buffer_of_a_png) {
  std::vector<std::uint8_t> png;
  const std::uint8_t px[4] = {0, 85, 170, 255};
  stbi_write_png_to_func(
      [](void* ctx, void* data, int n) {
        auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
        out->insert(out->end(), static_cast<std::uint8_t*>(data),
                    static_cast<std::uint8_t*>(data) + n);
      },
      &png, 4, 1, 1, px, 4);
  DecodedImage img;
  ASSERT_EQ(DecodeImageMemory(png, 4, img), std::nullopt);
  EXPECT_EQ(img.samples8, (std::vector<std::uint8_t>{0, 85, 170, 255}));
  // One pixel over the limit is refused, from the header.
  const auto err = DecodeImageMemory(png, 3, img);
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("4×1"), std::string::npos) << *err;
  EXPECT_TRUE(img.samples8.empty());
}

TEST_F(ImageFiles, bad_files_give_messages_naming_the_file) {
  const std::string good = WritePng8("good.png", 20, 20, 1, std::vector<std::uint8_t>(400, 7));
  const std::vector<std::uint8_t> bytes = ReadAll(good);
  struct Case {
    std::string path;
    std::size_t max_pixels;
    const char* expect;  // a word the message must contain
  };
  const std::vector<Case> cases = {
      {WriteBytes("zero.png", {}), 100000, "empty"},
      {WriteBytes("truncated.png", std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 40)),
       100000, "PNG"},
      {WriteBytes("header_only.png", std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 8)),
       100000, "PNG"},
      {WriteBytes("text.png", {'h', 'e', 'l', 'l', 'o', '\n'}), 100000, "supported"},
      {WriteBytes("fake.psd", {'8', 'B', 'P', 'S', 0, 1, 0, 0}), 100000, "PSD"},
      {dir_.string(), 100000, "directory"},
      {Path("missing.png"), 100000, "No such file"},
      {good, 399, "400"},
      {good, 0, "limit"},
  };
  for (const Case& c : cases) {
    DecodedImage img;
    const auto err = DecodeImageFile(c.path, c.max_pixels, img);
    ASSERT_TRUE(err.has_value()) << c.path;
    EXPECT_NE(err->find(c.expect), std::string::npos) << *err;
    EXPECT_NE(err->find(fs::path(c.path).filename().string()), std::string::npos) << *err;
    EXPECT_EQ(err->find('\n'), std::string::npos) << "one line: " << *err;
    EXPECT_EQ(img.width, 0);
    EXPECT_TRUE(img.samples8.empty() && img.samples16.empty());
  }
  DecodedImage img;
  EXPECT_EQ(DecodeImageFile(good, 400, img), std::nullopt);  // exactly at the limit is fine
  EXPECT_TRUE(DecodeImageMemory({}, 10, img).has_value());
}

// -------------------------------------------------------------------------------------- gray

TEST_F(ImageFiles, gray_modes_on_rgb_and_rgba) {
  // Two pixels: pure red, and (10, 200, 30); RGBA carries a random alpha that must not matter.
  const std::vector<std::uint8_t> rgb = {255, 0, 0, 10, 200, 30};
  const std::vector<std::uint8_t> rgba = {255, 0, 0, 3, 10, 200, 30, 250};
  const double r = 10 / 255.0, g = 200 / 255.0, b = 30 / 255.0;
  struct Row {
    GrayMode mode;
    double red_pixel, other;
  };
  const Row rows[] = {
      {GrayMode::kLuma601, 0.299, 0.299 * r + 0.587 * g + 0.114 * b},
      {GrayMode::kLuma709, 0.2126, 0.2126 * r + 0.7152 * g + 0.0722 * b},
      {GrayMode::kMean, 1 / 3.0, (r + g + b) / 3},
      {GrayMode::kRed, 1, r},
      {GrayMode::kGreen, 0, g},
      {GrayMode::kBlue, 0, b},
  };
  DecodedImage a, b4;
  ASSERT_EQ(DecodeImageFile(WritePng8("rgb.png", 2, 1, 3, rgb), 100, a), std::nullopt);
  ASSERT_EQ(DecodeImageFile(WritePng8("rgba.png", 2, 1, 4, rgba), 100, b4), std::nullopt);
  EXPECT_EQ(b4.channels, 4);
  for (const Row& row : rows) {
    for (const DecodedImage* img : {&a, &b4}) {
      GrayImage out;
      ToGray(*img, row.mode, out);
      ASSERT_EQ(out.width, 2);
      ASSERT_EQ(out.height, 1);
      EXPECT_NEAR(out.v[0], row.red_pixel, 6e-8) << static_cast<int>(row.mode);
      EXPECT_NEAR(out.v[1], row.other, 6e-8) << static_cast<int>(row.mode);
    }
  }
  // (10, 200, 30) in luma 601 is 123.81/255, by hand.
  GrayImage out;
  ToGray(a, GrayMode::kLuma601, out);
  EXPECT_NEAR(out.v[1], 123.81 / 255, 1e-7);
}

TEST_F(ImageFiles, gray_and_gray_alpha_images_are_their_own_gray) {
  const std::vector<std::uint8_t> ga = {0, 255, 51, 0, 255, 9};  // gray, alpha pairs
  DecodedImage img;
  ASSERT_EQ(DecodeImageFile(WritePng8("ga.png", 3, 1, 2, ga), 100, img), std::nullopt);
  EXPECT_EQ(img.channels, 2);
  for (GrayMode m : kAllGray) {
    GrayImage g;
    ToGray(img, m, g);
    EXPECT_EQ(g.v, (std::vector<float>{0.0f, 0.2f, 1.0f})) << static_cast<int>(m);
  }
}

TEST(Gray, large_image_is_converted_identically_on_every_thread) {
  // More than one chunk of work: each pixel still gets its own formula.
  DecodedImage img;
  img.width = 1000;
  img.height = 700;
  img.channels = 3;
  img.samples8.resize(3u * 700000);
  std::mt19937 rng(3);
  for (auto& s : img.samples8)
    s = static_cast<std::uint8_t>(rng());
  GrayImage g;
  ToGray(img, GrayMode::kLuma709, g);
  for (std::size_t i = 0; i < g.v.size(); i += 997) {
    const double want = 0.2126 * (img.samples8[3 * i] / 255.0) +
                        0.7152 * (img.samples8[3 * i + 1] / 255.0) +
                        0.0722 * (img.samples8[3 * i + 2] / 255.0);
    ASSERT_EQ(g.v[i], static_cast<float>(want)) << i;
  }
}

// --------------------------------------------------------------------------------- centring

TEST(Center, median_of_odd_and_even_counts_as_numpy) {
  EXPECT_EQ(CenterValue(Gray({0.1f, 0.5f, 0.3f}), CenterMode::kMedian, 0), 0.3f);
  // Even: the mean of the two middle values, 0.2 and 0.3 (as floats), formed in double.
  EXPECT_EQ(CenterValue(Gray({0.4f, 0.1f, 0.3f, 0.2f}), CenterMode::kMedian, 0),
            (static_cast<double>(0.2f) + static_cast<double>(0.3f)) / 2);
  EXPECT_EQ(CenterValue(Gray({1, 1, 1, 2}), CenterMode::kMedian, 0), 1);
  EXPECT_EQ(CenterValue(Gray({0.75f}), CenterMode::kMedian, 0), 0.75);
  EXPECT_EQ(CenterValue(Gray({0.75f, 0.25f}), CenterMode::kMedian, 0), 0.5);
  EXPECT_EQ(CenterValue(Gray({}), CenterMode::kMedian, 0), 0);
}

TEST(Center, median_matches_a_full_sort_on_random_data) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0, 1);
  std::uniform_real_distribution<float> wide(-1e3f, 1e3f);
  // Small (one thread) and large (several, ≥ 2¹⁸) counts, odd and even; 8-bit levels with many
  // ties as in a photo, and continuous values of both signs whose two middles fall in
  // different buckets of the radix selection.
  for (std::size_t n : {1001u, 1000u, 65536u, 65537u, 300001u, 300000u, 2u, 3u}) {
    for (int kind = 0; kind < 2; ++kind) {
      std::vector<float> v(n);
      for (float& x : v)
        x = kind == 0 ? std::round(u(rng) * 255) / 255 : wide(rng);
      if (n > 100) v[7] = -0.0f, v[8] = 0.0f;
      std::vector<float> s = v;
      std::sort(s.begin(), s.end());
      const double want = n % 2 ? s[n / 2] : (static_cast<double>(s[n / 2 - 1]) + s[n / 2]) / 2;
      const GrayImage g = Gray(v);
      EXPECT_EQ(CenterValue(g, CenterMode::kMedian, 0), want) << n << " kind " << kind;
      EXPECT_EQ(g.v, v) << "the image keeps its order";
    }
  }
}

TEST(Center, mean_none_and_value) {
  const GrayImage g = Gray({0.25f, 0.5f, 1.0f, 0.0f});
  EXPECT_EQ(CenterValue(g, CenterMode::kMean, 99), 0.4375);
  EXPECT_EQ(CenterValue(g, CenterMode::kNone, 99), 0);
  EXPECT_EQ(CenterValue(g, CenterMode::kValue, -0.125), -0.125);
}

TEST(Center, x_is_gain_times_v_minus_c_rounded_once) {
  const GrayImage g = Gray({0.25f, 0.5f, 1.0f, 0.1f});
  std::vector<float> x;
  CenterAndScale(g, 0.5, 3, x);
  EXPECT_EQ(x,
            (std::vector<float>{-0.75f, 0.0f, 1.5f, static_cast<float>(3 * (double{0.1f} - 0.5))}));
  CenterAndScale(g, 0, 1, x);
  EXPECT_EQ(x, g.v);
}

// ------------------------------------------------------------------------------- activation

TEST(Activation, threaded_map_equals_the_kernel_on_the_whole_array) {
  const Activation* fn = Find("gelu");
  ASSERT_NE(fn, nullptr);
  const Params p = Defaults(*fn);
  std::vector<float> x(600000);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = -6 + 12 * static_cast<float>(i) / 600000;
  std::vector<float> want(x.size()), got(x.size());
  Apply(*fn, Eval::kValue, x, want, p);
  ApplyActivation(*fn, p, x, got);
  EXPECT_EQ(got, want);
  ApplyActivation(*fn, p, x, x);  // in place
  EXPECT_EQ(x, want);
}

// -------------------------------------------------------------------------------- colormaps

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(Colormap, auto_range_is_over_finite_values) {
  const std::vector<float> y = {kNaN, -2, kInf, 3, -kInf, 0.5f};
  const Range r = AutoRange(y);
  EXPECT_EQ(r.lo, -2);
  EXPECT_EQ(r.hi, 3);
  const std::vector<float> none = {kNaN, kInf};
  EXPECT_EQ(AutoRange(none).lo, 0);
  EXPECT_EQ(AutoRange(none).hi, 0);
  EXPECT_EQ(AutoRange({}).hi, 0);
}

TEST(Colormap, gray_indices_endpoints_clipping_rounding_and_nan) {
  // Range [-1, 1]: t = (y + 1)/2, index = floor(255·t + ½).
  const std::vector<float> y = {-1, 1, -5, 7, 0, kNaN, kInf, -kInf, -0.5f};
  std::vector<std::uint8_t> out;
  MapToPixels(y, -1, 1, Colormap::kGray, out);
  // 0 → t = ½ → 127.5 → 128 (half up); −0.5 → 63.75 → 64.
  EXPECT_EQ(out, (std::vector<std::uint8_t>{0, 255, 0, 255, 128, 0, 255, 0, 64}));
  for (std::size_t i = 0; i < y.size(); ++i)
    EXPECT_EQ(ColormapIndex(y[i], -1, 1), out[i]) << i;
  // Range [0, 255]: the index is y rounded half up (not to even).
  const std::vector<float> levels = {0.49f, 0.5f, 1.5f, 2.5f, 253.5f, 254.5f};
  MapToPixels(levels, 0, 255, Colormap::kGray, out);
  EXPECT_EQ(out, (std::vector<std::uint8_t>{0, 1, 2, 3, 254, 255}));
}

TEST(Colormap, gray16_follows_the_same_rule_at_16_bits) {
  const std::vector<float> y = {-1, 1, -5, 7, 0, kNaN, kInf, -kInf, -0.5f};
  std::vector<std::uint16_t> out;
  MapToGray16(y, -1, 1, out);
  // 0 → 32767.5 → 32768 (half up); −0.5 → 16383.75 → 16384.
  EXPECT_EQ(out, (std::vector<std::uint16_t>{0, 65535, 0, 65535, 32768, 0, 65535, 0, 16384}));
  std::vector<std::uint8_t> px;
  MapToPixels(y, -1, 1, Colormap::kGray, px);
  for (std::size_t i = 0; i < y.size(); ++i)
    EXPECT_NEAR(out[i] / 257.0, px[i], 0.5) << i;  // the same picture at 8 bits
  const std::vector<float> c = {2, 2, kInf, -kInf, kNaN};
  MapToGray16(c, 2, 2, out);
  EXPECT_EQ(out, (std::vector<std::uint16_t>{32768, 32768, 65535, 0, 0}));
}

TEST(Colormap, constant_map_is_mid_gray) {
  const std::vector<float> y = {0.3f, 0.3f, kNaN, kInf, -kInf};
  std::vector<std::uint8_t> out;
  MapToPixels(y, 0.3, 0.3, Colormap::kGray, out);
  EXPECT_EQ(out, (std::vector<std::uint8_t>{128, 128, 0, 255, 0}));
  const Range r = AutoRange(y);
  MapToPixels(y, r.lo, r.hi, Colormap::kGray, out);
  EXPECT_EQ(out[0], 128);
}

TEST(Colormap, huge_fixed_range_does_not_overflow) {
  const std::vector<float> y = {0, 3e38f, -3e38f};
  std::vector<std::uint8_t> out;
  MapToPixels(y, -1e308, 1e308, Colormap::kGray, out);
  EXPECT_EQ(out, (std::vector<std::uint8_t>{128, 128, 128}));
}

std::array<std::uint8_t, 3> Hex(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
          static_cast<std::uint8_t>(v)};
}

TEST(Colormap, viridis_and_coolwarm_anchor_colours) {
  EXPECT_EQ(ColormapColor(Colormap::kViridis, 0), Hex(0x440154));
  EXPECT_EQ(ColormapColor(Colormap::kViridis, 0.5), Hex(0x21918C));  // entry 128
  EXPECT_EQ(ColormapColor(Colormap::kViridis, 1), Hex(0xFDE725));
  EXPECT_EQ(ColormapColor(Colormap::kViridis, -3), Hex(0x440154));  // clipped
  EXPECT_EQ(ColormapColor(Colormap::kViridis, 3), Hex(0xFDE725));
  EXPECT_EQ(ColormapColor(Colormap::kViridis, std::nan("")), Hex(0));
  // Moreland's cool-warm: (0.230, 0.299, 0.754) → (0.865, 0.865, 0.865) → (0.706, 0.016, 0.150),
  // and his table at ¼ and ¾: (0.553, 0.689, 0.995), (0.958, 0.603, 0.482).
  auto near = [](std::array<std::uint8_t, 3> c, std::array<int, 3> want) {
    for (int i = 0; i < 3; ++i)
      if (std::abs(c[static_cast<std::size_t>(i)] - want[static_cast<std::size_t>(i)]) > 1)
        return false;
    return true;
  };
  EXPECT_TRUE(near(ColormapColor(Colormap::kCoolwarm, 0), {59, 76, 192}));
  EXPECT_TRUE(near(ColormapColor(Colormap::kCoolwarm, 0.5), {221, 221, 221}));
  EXPECT_TRUE(near(ColormapColor(Colormap::kCoolwarm, 1), {180, 4, 38}));
  EXPECT_TRUE(near(ColormapColor(Colormap::kCoolwarm, 64 / 255.0), {141, 176, 254}));
  EXPECT_TRUE(near(ColormapColor(Colormap::kCoolwarm, 191 / 255.0), {244, 154, 123}));
  EXPECT_EQ(ColormapColor(Colormap::kGray, 0.5), (std::array<std::uint8_t, 3>{128, 128, 128}));
}

TEST(Colormap, viridis_table_agrees_with_an_independent_polynomial_fit) {
  // Zucker's degree-6 least-squares fit of viridis (max error about 3.2/255 against the data):
  // a check on every entry of the table, independent of how the table was made.
  const double c[7][3] = {{0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
                          {0.1050930431085774, 1.404613529898575, 1.384590162594685},
                          {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
                          {-4.634230498983486, -5.799100973351585, -19.33244095627987},
                          {6.228269936347081, 14.17993336680509, 56.69055260068105},
                          {4.776384997670288, -13.74514537774601, -65.35303263337234},
                          {-5.435455855934631, 4.645852612178535, 26.3124352495832}};
  for (int i = 0; i < 256; ++i) {
    const double t = i / 255.0;
    const auto got = ColormapColor(Colormap::kViridis, t);
    for (int k = 0; k < 3; ++k) {
      double v = 0;
      for (int d = 6; d >= 0; --d)
        v = v * t + c[d][k];
      EXPECT_NEAR(got[static_cast<std::size_t>(k)], v * 255, 4.0)
          << "entry " << i << " channel " << k;
    }
  }
}

TEST(Colormap, rgb_and_pixels_use_the_same_index_and_nan_is_black) {
  const std::vector<float> y = {0, 0.25f, 1, kNaN, 2};
  for (Colormap cmap : {Colormap::kGray, Colormap::kViridis, Colormap::kCoolwarm}) {
    std::vector<std::uint8_t> rgb, px;
    MapToRgb8(y, 0, 1, cmap, rgb);
    MapToPixels(y, 0, 1, cmap, px);
    const int ch = ColormapChannels(cmap);
    ASSERT_EQ(rgb.size(), 3 * y.size());
    ASSERT_EQ(px.size(), static_cast<std::size_t>(ch) * y.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      const auto want =
          std::isnan(y[i]) ? Hex(0) : ColormapColor(cmap, ColormapIndex(y[i], 0, 1) / 255.0);
      for (int k = 0; k < 3; ++k)
        EXPECT_EQ(rgb[3 * i + static_cast<std::size_t>(k)], want[static_cast<std::size_t>(k)]);
      EXPECT_EQ(px[static_cast<std::size_t>(ch) * i], want[0]);
    }
  }
  EXPECT_EQ(ColormapChannels(Colormap::kGray), 1);
  EXPECT_EQ(ColormapChannels(Colormap::kViridis), 3);
}

// -------------------------------------------------------------------------------------- .npy

TEST_F(ImageFiles, npy_header_bytes_are_exactly_per_the_spec) {
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }";
  std::string want = "\x93NUMPY";
  want += std::string("\x01\x00\x76\x00", 4);  // version 1.0, header length 118 little-endian
  want += dict + std::string(128 - 10 - dict.size() - 1, ' ') + "\n";
  ASSERT_EQ(want.size(), 128u);
  const std::vector<std::uint8_t> h = NpyHeader(5, 3);
  EXPECT_EQ(std::string(h.begin(), h.end()), want);
  for (auto [w, hgt] : {std::pair{1, 1}, {6000, 4000}, {123456, 7}}) {
    const std::vector<std::uint8_t> hh = NpyHeader(w, hgt);
    EXPECT_EQ(hh.size() % 64, 0u);
    EXPECT_EQ(hh.back(), '\n');
  }

  const std::vector<float> v = {0, 1, -2, 0.5f, kNaN, kInf, -0.0f, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::string p = Path("map.npy");
  ASSERT_EQ(WriteNpy(p, 5, 3, v), std::nullopt);
  const std::vector<std::uint8_t> file = ReadAll(p);
  ASSERT_EQ(file.size(), 128 + 4 * v.size());
  EXPECT_EQ(std::string(file.begin(), file.begin() + 128), want);
  EXPECT_EQ(std::memcmp(file.data() + 128, v.data(), 4 * v.size()), 0);
  const std::uint8_t one_le[4] = {0x00, 0x00, 0x80, 0x3f};  // 1.0f, little-endian
  EXPECT_EQ(std::memcmp(file.data() + 132, one_le, 4), 0);

  EXPECT_TRUE(WriteNpy(p, 4, 3, v).has_value()) << "size mismatch";
  EXPECT_EQ(ReadAll(p), file) << "a failed write leaves the file";
  EXPECT_TRUE(WriteNpy(Path("no/such/dir/map.npy"), 5, 3, v).has_value());
}

}  // namespace
}  // namespace actviz::test
