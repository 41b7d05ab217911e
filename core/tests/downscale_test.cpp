// Area-average downscaling: exact means on whole blocks, fractional coverage weighted, the
// mean of the image kept, sizes fitted with the aspect ratio.
#include "actviz/image/downscale.hpp"

#include <gtest/gtest.h>

#include <array>
#include <numeric>
#include <random>

namespace actviz {
namespace {

TEST(Downscale, whole_blocks_are_their_mean) {
  // 4×2 → 2×1: each output is the mean of a 2×2 block.
  const std::vector<float> src = {1, 2, 10, 20, 3, 4, 30, 40};
  std::vector<float> out;
  DownscaleArea(src, 4, 2, 1, 2, 1, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FLOAT_EQ(out[0], 2.5f);
  EXPECT_FLOAT_EQ(out[1], 25.0f);
}

TEST(Downscale, fractional_coverage_is_weighted) {
  // 3 → 2: output 0 covers pixel 0 and half of pixel 1, output 1 the other half and pixel 2.
  const std::vector<float> src = {0, 3, 6};
  std::vector<float> out;
  DownscaleArea(src, 3, 1, 1, 2, 1, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FLOAT_EQ(out[0], (0 + 0.5f * 3) / 1.5f);
  EXPECT_FLOAT_EQ(out[1], (0.5f * 3 + 6) / 1.5f);
}

TEST(Downscale, channels_stay_apart_and_8_bit_rounds_half_up) {
  // 2×1 RGB → 1×1: the mean of each channel; (1 + 2) / 2 = 1.5 → 2.
  const std::vector<std::uint8_t> src = {1, 10, 255, 2, 20, 255};
  std::vector<std::uint8_t> out;
  DownscaleArea(src, 2, 1, 3, 1, 1, out);
  EXPECT_EQ(out, (std::vector<std::uint8_t>{2, 15, 255}));
}

TEST(Downscale, the_mean_of_the_image_is_kept_for_any_ratio) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0, 1);
  for (auto [w, h, dw, dh] : {std::array{997, 13, 600, 5}, std::array{20000, 10, 600, 1},
                              std::array{7, 7, 3, 2}, std::array{5, 9, 5, 9}}) {
    std::vector<float> src(static_cast<std::size_t>(w) * h);
    for (float& v : src)
      v = u(rng);
    std::vector<float> out;
    DownscaleArea(src, w, h, 1, dw, dh, out);
    ASSERT_EQ(out.size(), static_cast<std::size_t>(dw) * dh);
    const double a = std::accumulate(src.begin(), src.end(), 0.0) / src.size();
    const double b = std::accumulate(out.begin(), out.end(), 0.0) / out.size();
    EXPECT_NEAR(a, b, 1e-5) << w << "x" << h << " -> " << dw << "x" << dh;
    if (dw == w && dh == h) {
      EXPECT_EQ(out, src);
    }
  }
}

TEST(Downscale, fit_within_keeps_the_aspect_and_never_enlarges) {
  EXPECT_EQ(FitWithin(512, 512, 600, 400), (std::pair{400, 400}));
  EXPECT_EQ(FitWithin(20000, 10, 600, 400), (std::pair{600, 1}));
  EXPECT_EQ(FitWithin(100, 50, 600, 400), (std::pair{100, 50}));
  EXPECT_EQ(FitWithin(10, 100000, 600, 400), (std::pair{1, 400}));
}

}  // namespace
}  // namespace actviz
