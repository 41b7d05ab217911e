// The polylines a series is drawn with (detail::BuildPolylines), checked point by point: NaN, and
// values ≤ 0 on a log axis, break the line (a lone point draws nothing); huge and infinite values
// are clipped to the box instead of overflowing a float; a dense series is thinned to a few
// points per pixel column and keeps its one-sample spikes.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "non_finite.hpp"
#include "plot/plot.hpp"

namespace actviz::plot::test {
namespace {

TEST(BuildPolylines, nan_breaks_the_line_into_two) {
  const double x[] = {0, 1, 2, 3, 4, 5, 6};
  const double y[] = {0, 1, 0, kNaN, 0, 1, 0};
  const Transform tx({0, 6}, Scale::kLinear, 0, 600), ty({0, 1}, Scale::kLinear, 100, 0);
  detail::Polylines out;
  detail::BuildPolylines(x, y, tx, ty, ImVec2(-5, -5), ImVec2(605, 105), out);
  ASSERT_EQ(out.sizes, (std::vector<int>{3, 3}));
  EXPECT_FLOAT_EQ(out.points[2].x, 200);  // the first ends at x = 2 ...
  EXPECT_FLOAT_EQ(out.points[3].x, 400);  // ... the second starts at x = 4
  // A lone point between two NaNs draws nothing (a polyline needs two points).
  const double y2[] = {kNaN, 1, kNaN, 0, 1, kNaN, 0};
  detail::BuildPolylines(x, y2, tx, ty, ImVec2(-5, -5), ImVec2(605, 105), out);
  EXPECT_EQ(out.sizes, (std::vector<int>{2}));
}

TEST(BuildPolylines, log_axis_breaks_at_non_positive_values) {
  const double x[] = {0, 1, 2, 3, 4};
  const double y[] = {1, 10, -3, 10, 100};
  const Transform tx({0, 4}, Scale::kLinear, 0, 400), ty({1, 100}, Scale::kLog10, 200, 0);
  detail::Polylines out;
  detail::BuildPolylines(x, y, tx, ty, ImVec2(-5, -5), ImVec2(405, 205), out);
  EXPECT_EQ(out.sizes, (std::vector<int>{2, 2}));
}

TEST(BuildPolylines, huge_values_are_clipped_not_overflowed) {
  const double x[] = {0, 1, 2, 3, 4, 1e308, -kInf};
  const double y[] = {0, 1e300, 0, -1e300, kInf, 0, 0.5};
  const Transform tx({0, 4}, Scale::kLinear, 0, 400), ty({-1, 1}, Scale::kLinear, 200, 0);
  detail::Polylines out;
  const ImVec2 lo(-4, -4), hi(404, 204);
  detail::BuildPolylines(x, y, tx, ty, lo, hi, out);
  ASSERT_FALSE(out.points.empty());
  for (const ImVec2& p : out.points) {
    ASSERT_TRUE(std::isfinite(p.x) && std::isfinite(p.y));
    EXPECT_GE(p.x, lo.x);
    EXPECT_LE(p.x, hi.x);
    EXPECT_GE(p.y, lo.y);
    EXPECT_LE(p.y, hi.y);
  }
  // The segment from (0, 0) up to (1, 1e300) leaves the box almost vertically, at x ~ 0.
  EXPECT_NEAR(out.points[1].x, 0, 1e-3);
  EXPECT_FLOAT_EQ(out.points[1].y, lo.y);
}

TEST(BuildPolylines, dense_series_is_thinned_but_keeps_spikes) {
  const int n = 100000;
  std::vector<double> x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x[i] = i / double(n - 1);
    y[i] = std::sin(40 * x[i]) * 0.5;
  }
  y[31337] = 0.97;  // one-sample spikes, far narrower than a pixel
  y[77777] = -0.99;
  const Transform tx({0, 1}, Scale::kLinear, 0, 800), ty({-1, 1}, Scale::kLinear, 400, 0);
  detail::Polylines out;
  detail::BuildPolylines(x, y, tx, ty, ImVec2(-5, -5), ImVec2(805, 405), out);
  ASSERT_EQ(out.sizes.size(), 1u);
  EXPECT_LE(out.points.size(), 4u * 801);
  float top = 1e9f, bottom = -1e9f;
  for (const ImVec2& p : out.points) {
    top = std::min(top, p.y);
    bottom = std::max(bottom, p.y);
  }
  EXPECT_NEAR(top, ty.ToPixel(0.97), 1e-3);
  EXPECT_NEAR(bottom, ty.ToPixel(-0.99), 1e-3);
}

}  // namespace
}  // namespace actviz::plot::test
