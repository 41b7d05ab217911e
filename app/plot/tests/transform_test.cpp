// The data↔pixel transform of one axis (Transform) against its definition: a linear axis maps its
// ends to the given pixels (y with its low end at the bottom) and round-trips, a log axis spaces
// decades equally, and NaN, or a value ≤ 0 on a log axis, maps to NaN so that the line breaks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "non_finite.hpp"
#include "plot/ticks.hpp"

namespace actviz::plot::test {
namespace {

TEST(Transform, linear_round_trip_and_orientation) {
  const Transform t({-2, 3}, Scale::kLinear, 100, 600);
  EXPECT_DOUBLE_EQ(t.ToPixel(-2), 100);
  EXPECT_DOUBLE_EQ(t.ToPixel(3), 600);
  EXPECT_DOUBLE_EQ(t.ToPixel(0), 300);
  for (double v : {-2.0, -0.37, 0.0, 1.5, 2.999, 50.0}) {
    EXPECT_NEAR(t.FromPixel(t.ToPixel(v)), v, 1e-12 * std::max(1.0, std::abs(v)));
  }
  // y: the range's low end at the bottom pixel.
  const Transform y({0, 1}, Scale::kLinear, 400, 0);
  EXPECT_DOUBLE_EQ(y.ToPixel(0.25), 300);
  EXPECT_TRUE(std::isnan(t.ToPixel(kNaN)));
  EXPECT_TRUE(std::isinf(t.ToPixel(kInf)));
}

TEST(Transform, log_axis_spaces_decades_equally) {
  const Transform t({1, 1000}, Scale::kLog10, 300, 0);
  const double p1 = t.ToPixel(1), p10 = t.ToPixel(10), p100 = t.ToPixel(100);
  EXPECT_DOUBLE_EQ(p1, 300);
  EXPECT_NEAR(p1 - p10, 100, 1e-9);
  EXPECT_NEAR(p10 - p100, 100, 1e-9);
  EXPECT_NEAR(t.FromPixel(t.ToPixel(37.5)), 37.5, 1e-12);
  EXPECT_TRUE(std::isnan(t.ToPixel(0)));  // no logarithm: breaks the line
  EXPECT_TRUE(std::isnan(t.ToPixel(-1)));
}

}  // namespace
}  // namespace actviz::plot::test
