// Tests of the plot widget: tick choice and labels, transforms, range guards, zoom/pan/fit,
// polyline building, and the widget itself drawn headless (an ImGui context with a built font
// atlas and no GPU): vertex sanity, NaN breaks, Render at scale 2, and simulated mouse input.
// Sections: ticks · labels · transform · guards, zoom, pan, fit · polylines · headless widget.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "plot/plot.hpp"

namespace actviz::plot {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();

// True when step = m x 10^k with m in {1, 2, 5}.
bool IsOneTwoFive(double step) {
  const double e = std::floor(std::log10(step));
  const double m = step / std::pow(10.0, e);
  for (double nice : {1.0, 2.0, 5.0, 10.0}) {
    if (std::abs(m - nice) < 1e-9 * nice) return true;
  }
  return false;
}

// ---- Ticks -------------------------------------------------------------------------------

TEST(NiceTicks, unit_interval_uses_one_two_five_steps) {
  EXPECT_EQ(NiceTicks(0, 1, 6), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1}));
  EXPECT_EQ(NiceTicks(0, 1, 3), (std::vector<double>{0, 0.5, 1}));
  EXPECT_EQ(NiceTicks(0, 1, 11),
            (std::vector<double>{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}));
  // 3 x 0.1 would be 0.30000000000000004: ticks are exact decimals, not accumulated sums.
  EXPECT_EQ(NiceTicks(0, 0.3, 4), (std::vector<double>{0, 0.1, 0.2, 0.3}));
  EXPECT_EQ(NiceTicks(-7.3, -2.1, 6), (std::vector<double>{-7, -6, -5, -4, -3}));
}

struct TickCase {
  double lo, hi;
  int max_ticks;
};

TEST(NiceTicks, ticks_lie_in_range_with_a_one_two_five_step) {
  const TickCase cases[] = {{0, 1, 6},
                            {-1, 1, 8},
                            {-7.3, -2.1, 6},
                            {1e3, 1e3 + 1e-9, 8},
                            {-1e12, 1e12, 9},
                            {0, 1e300, 5},
                            {-1e-300, 1e-300, 7},
                            {0.001, 0.0013, 5},
                            {123456, 123457, 10},
                            {-5, 1e6, 2},
                            {3, 4, 100},
                            {2.5, 2.5000001, 4}};
  for (const TickCase& c : cases) {
    SCOPED_TRACE(std::to_string(c.lo) + " .. " + std::to_string(c.hi));
    const std::vector<double> t = NiceTicks(c.lo, c.hi, c.max_ticks);
    ASSERT_GE(t.size(), 2u);
    EXPECT_LE(t.size(), static_cast<std::size_t>(c.max_ticks) + 1);
    for (double v : t) {
      EXPECT_GE(v, c.lo);
      EXPECT_LE(v, c.hi);
    }
    const double step = TickStep(c.lo, c.hi, c.max_ticks);
    EXPECT_TRUE(IsOneTwoFive(step)) << step;
    // Differences are exact up to the spacing of doubles at the ticks' magnitude.
    const double ulp = std::max(std::abs(c.lo), std::abs(c.hi)) * 4e-16;
    for (std::size_t i = 1; i < t.size(); ++i) {
      EXPECT_GT(t[i], t[i - 1]);
      EXPECT_NEAR(t[i] - t[i - 1], step, std::max(step * 1e-9, ulp));
    }
  }
}

TEST(NiceTicks, degenerate_input_returns_something_sane) {
  EXPECT_EQ(NiceTicks(2, 2, 5), (std::vector<double>{2}));
  EXPECT_EQ(NiceTicks(1, 0, 3), NiceTicks(0, 1, 3));  // inverted is swapped
  EXPECT_TRUE(NiceTicks(kNaN, 1, 5).empty());
  EXPECT_TRUE(NiceTicks(0, kNaN, 5).empty());
  EXPECT_TRUE(NiceTicks(-kInf, kInf, 5).empty());
  EXPECT_LE(NiceTicks(0, 1, 0).size(), 3u);  // max_ticks below 2 counts as 2
  EXPECT_LE(NiceTicks(0, 1, -7).size(), 3u);
  EXPECT_LE(NiceTicks(0, 1, 1 << 30).size(), 1001u);  // capped, no runaway allocation
  // The whole double range: the span overflows; the bounds are returned.
  const double max = std::numeric_limits<double>::max();
  for (double v : NiceTicks(-max, max, 5)) {
    EXPECT_TRUE(std::isfinite(v));
  }
  // A span below the precision of its position (1e20 + a few ulp): no distinct multiples.
  const std::vector<double> far =
      NiceTicks(1e20, std::nextafter(std::nextafter(1e20, 2e20), 2e20), 5);
  ASSERT_FALSE(far.empty());
  for (double v : far) {
    EXPECT_TRUE(v >= 1e20 && v <= 2e20);
  }
}

TEST(NiceStep, is_one_two_five_and_holds_the_span) {
  for (double span = 1e-15; span < 1e15; span *= 1.37) {
    for (int n : {2, 3, 5, 8, 13}) {
      const double step = NiceStep(span, n);
      EXPECT_TRUE(IsOneTwoFive(step)) << span << " " << n;
      EXPECT_LE(span / step, (n - 1) * (1 + 1e-9)) << span << " " << n;  // at most n ticks
      EXPECT_GT(span / step, (n - 1) / 2.5 - 1e-9) << span << " " << n;  // not needlessly coarse
    }
  }
  EXPECT_EQ(NiceStep(0, 5), 1);
  EXPECT_EQ(NiceStep(kNaN, 5), 1);
  EXPECT_EQ(NiceStep(-3, 5), 1);
}

TEST(MinorTicks, subdivide_between_majors) {
  // Step 0.2 splits in four: 0.05, 0.1, 0.15, 0.25, ... (21 points on [0, 1] minus 6 majors).
  const std::vector<double> m = MinorTicks(0, 1, 0.2);
  ASSERT_EQ(m.size(), 15u);
  EXPECT_DOUBLE_EQ(m[0], 0.05);
  EXPECT_DOUBLE_EQ(m[3], 0.25);
  // Step 1 and 5 split in five.
  EXPECT_EQ(MinorTicks(0, 1, 1).size(), 4u);
  EXPECT_EQ(MinorTicks(0, 10, 5).size(), 8u);
  EXPECT_TRUE(MinorTicks(0, 1, 1e-9).empty());  // would be too many
  EXPECT_TRUE(MinorTicks(0, 1, kNaN).empty());
}

TEST(LogTicks, decades_and_skipped_decades) {
  EXPECT_EQ(LogTicks(-3, 2, 10), (std::vector<double>{-3, -2, -1, 0, 1, 2}));
  EXPECT_EQ(LogTicks(-3.5, 2.5, 10), (std::vector<double>{-3, -2, -1, 0, 1, 2}));
  const std::vector<double> wide = LogTicks(-300, 300, 8);
  EXPECT_EQ(wide, (std::vector<double>{-300, -200, -100, 0, 100, 200, 300}));
  const std::vector<double> mid = LogTicks(-12, 7, 6);
  ASSERT_GE(mid.size(), 2u);
  EXPECT_LE(mid.size(), 7u);
  for (double e : mid) {
    EXPECT_EQ(std::fmod(e, mid[1] - mid[0]), 0);  // 10^0 stays aligned
  }
  EXPECT_TRUE(LogTicks(0.2, 0.8, 5).empty());  // no whole decade inside
  EXPECT_TRUE(LogTicks(kNaN, 3, 5).empty());
  EXPECT_EQ(LogTicks(2, -1, 10), LogTicks(-1, 2, 10));
}

TEST(LogMinorTicks, two_to_nine_within_a_decade) {
  const std::vector<double> m = LogMinorTicks(0, 1, 1);
  ASSERT_EQ(m.size(), 8u);
  EXPECT_DOUBLE_EQ(m[0], std::log10(2.0));
  EXPECT_DOUBLE_EQ(m[7], std::log10(9.0));
  EXPECT_EQ(LogMinorTicks(0, 10, 5), (std::vector<double>{1, 2, 3, 4, 6, 7, 8, 9}));
}

// ---- Labels ------------------------------------------------------------------------------

struct FormatCase {
  double v, step;
  const char* text;
};

TEST(FormatTick, exact_short_labels) {
  const FormatCase cases[] = {
      {0.30000000000000004, 0.1, "0.3"},
      {-0.0, 0.1, "0"},
      {0, 1, "0"},
      {-5.551115123125783e-17, 0.1, "0"},  // the residue of 0.1 + 0.2 - 0.3
      {2, 1, "2"},
      {-1.5, 0.5, "-1.5"},
      {0.25, 0.05, "0.25"},
      {1250, 50, "1250"},
      {99999, 1, "99999"},
      {1e5, 5e4, "1e+05"},
      {2.5e7, 5e6, "2.5e+07"},
      {-2.5e7, 5e6, "-2.5e+07"},
      {3e-7, 1e-7, "3e-07"},
      {1e-6, 1e-7, "1e-06"},
      {1.2e-6, 2e-7, "1.2e-06"},
      {0.0005, 0.0001, "0.0005"},
      {1000.0000000002, 2e-10, "1.0000000000002e+03"},
      {kNaN, 1, "nan"},
      {kInf, 1, "inf"},
      {-kInf, 1, "-inf"},
  };
  for (const FormatCase& c : cases) {
    EXPECT_EQ(FormatTick(c.v, c.step), c.text) << c.v << " step " << c.step;
  }
}

TEST(FormatTick, labels_of_nice_ticks_are_distinct_and_never_negative_zero) {
  const TickCase cases[] = {{-1, 1, 11},      {-0.3, 0.3, 7}, {1e3, 1e3 + 1e-9, 8},
                            {-2e-7, 3e-7, 6}, {0, 3e7, 7},    {-1e-3, 1e-3, 5}};
  for (const TickCase& c : cases) {
    const std::vector<double> t = NiceTicks(c.lo, c.hi, c.max_ticks);
    const double step = TickStep(c.lo, c.hi, c.max_ticks);
    std::vector<std::string> labels;
    for (double v : t) {
      labels.push_back(FormatTick(v, step));
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
      // A label reads back as its tick (to the step), and zero is written "0", never "-0".
      EXPECT_NEAR(std::stod(labels[i]), t[i], step * 1e-6) << labels[i];
      if (std::stod(labels[i]) == 0) {
        EXPECT_EQ(labels[i], "0");
      }
      for (std::size_t j = i + 1; j < labels.size(); ++j) {
        EXPECT_NE(labels[i], labels[j]);
      }
    }
  }
}

TEST(FormatLogTick, superscript_and_ascii_forms) {
  EXPECT_EQ(FormatLogTick(-3), "10⁻³");
  EXPECT_EQ(FormatLogTick(0), "10⁰");
  EXPECT_EQ(FormatLogTick(12), "10¹²");
  EXPECT_EQ(FormatLogTick(-45.0000001), "10⁻⁴⁵");
  EXPECT_EQ(FormatLogTickAscii(-3), "0.001");
  EXPECT_EQ(FormatLogTickAscii(0), "1");
  EXPECT_EQ(FormatLogTickAscii(2), "100");
  EXPECT_EQ(FormatLogTickAscii(5), "1e+05");
  EXPECT_EQ(FormatLogTickAscii(-7), "1e-07");
}

// ---- Transform ---------------------------------------------------------------------------

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

// ---- Guards, zoom, pan, fit --------------------------------------------------------------

bool Valid(Range r, Scale s = Scale::kLinear) {
  if (!(std::isfinite(r.lo) && std::isfinite(r.hi) && r.lo < r.hi)) return false;
  if (s == Scale::kLog10) return r.lo > 0;
  return true;
}

TEST(Sanitize, repairs_every_bad_range) {
  const Range bad[] = {{kNaN, kNaN}, {kNaN, 3},       {2, kNaN},       {5, 5},
                       {3, -1},      {-kInf, kInf},   {0, kInf},       {1e300, 1e300},
                       {0, 1e-300},  {-1e200, 1e200}, {1e20, 1e20 + 1}};
  for (Scale s : {Scale::kLinear, Scale::kLog10}) {
    for (Range r : bad) {
      const Range g = Sanitize(r, s);
      EXPECT_TRUE(Valid(g, s)) << r.lo << " " << r.hi << " -> " << g.lo << " " << g.hi;
      const double c =
          (s == Scale::kLog10) ? std::log10(g.lo) / 2 + std::log10(g.hi) / 2 : g.lo / 2 + g.hi / 2;
      const double span = s == Scale::kLog10 ? std::log10(g.hi) - std::log10(g.lo) : g.Span();
      EXPECT_GE(span, kMinRelativeSpan * std::max(1.0, std::abs(c)) * (1 - 1e-6));
      EXPECT_LE(span, kMaxSpan);
    }
  }
  EXPECT_EQ(Sanitize({3, -1}), (Range{-1, 3}));
  EXPECT_EQ(Sanitize({-0.5, 0.75}), (Range{-0.5, 0.75}));            // a valid view is untouched
  EXPECT_EQ(Sanitize({-1, 100}, Scale::kLog10), (Range{0.1, 100}));  // three decades below hi
}

TEST(ZoomAbout, keeps_the_anchor_fixed) {
  const Range r{-2, 6};
  for (double anchor : {-2.0, 0.0, 1.7, 6.0, 9.0}) {
    for (double f : {0.5, 1 / 1.2, 1.2, 3.0}) {
      const Range z = ZoomAbout(r, anchor, f);
      EXPECT_NEAR(z.Span(), r.Span() * f, 1e-12);
      EXPECT_NEAR((anchor - z.lo) / z.Span(), (anchor - r.lo) / r.Span(), 1e-12);
    }
  }
  // Log: in decades; 10 stays where it was between 1 and 100.
  const Range l = ZoomAbout({1, 100}, 10, 0.5, Scale::kLog10);
  EXPECT_NEAR(l.lo, std::pow(10.0, 0.5), 1e-12);
  EXPECT_NEAR(l.hi, std::pow(10.0, 1.5), 1e-12);
}

TEST(ZoomAbout, stops_at_the_limits_without_moving_the_anchor) {
  Range r{999, 1001};
  for (int i = 0; i < 200; ++i) {
    r = ZoomAbout(r, 1000.3, 0.5);
  }
  EXPECT_TRUE(Valid(r));
  EXPECT_GE(r.Span(), kMinRelativeSpan * 1000 * (1 - 1e-9));
  EXPECT_LE(r.lo, 1000.3);
  EXPECT_GE(r.hi, 1000.3);
  Range big{-1, 1};
  for (int i = 0; i < 500; ++i) {
    big = ZoomAbout(big, 0.25, 2);
  }
  EXPECT_TRUE(Valid(big));
  EXPECT_LE(big.Span(), kMaxSpan);
  Range logr{1, 10};
  for (int i = 0; i < 500; ++i) {
    logr = ZoomAbout(logr, 3, 2, Scale::kLog10);
  }
  EXPECT_TRUE(Valid(logr, Scale::kLog10));
  EXPECT_TRUE(std::isfinite(logr.hi) && logr.lo > 0);
  // Non-finite factors or anchors do no harm.
  EXPECT_EQ(ZoomAbout({0, 1}, 0.5, kNaN), (Range{0, 1}));
  EXPECT_EQ(ZoomAbout({0, 1}, 0.5, 0), (Range{0, 1}));
  EXPECT_EQ(ZoomAbout({0, 1}, 0.5, -2), (Range{0, 1}));
  const Range c = ZoomAbout({0, 1}, kNaN, 0.5);  // the centre
  EXPECT_DOUBLE_EQ(c.lo, 0.25);
  EXPECT_DOUBLE_EQ(c.hi, 0.75);
}

TEST(Pan, shifts_and_guards) {
  EXPECT_EQ(Pan({0, 1}, 0.5), (Range{0.5, 1.5}));
  EXPECT_EQ(Pan({-3, -1}, -2), (Range{-5, -3}));
  const Range l = Pan({1, 100}, 1, Scale::kLog10);  // one decade
  EXPECT_NEAR(l.lo, 10, 1e-12);
  EXPECT_NEAR(l.hi, 1000, 1e-9);
  EXPECT_EQ(Pan({0, 1}, kNaN), (Range{0, 1}));
  EXPECT_EQ(Pan({0, 1}, kInf), (Range{0, 1}));
  const Range far = Pan({0, 1}, 1e300);
  EXPECT_TRUE(Valid(far));
  EXPECT_LE(std::abs(far.lo / 2 + far.hi / 2), kMaxLinearCentre);
  const Range far_log = Pan({1, 10}, 1e6, Scale::kLog10);
  EXPECT_TRUE(Valid(far_log, Scale::kLog10));
  EXPECT_TRUE(std::isfinite(far_log.hi));
}

TEST(FitRange, finite_values_with_margin) {
  const double v[] = {kNaN, -1, kInf, 3, -kInf, 1};
  const Range r = FitRange(v, Scale::kLinear, 0.05);
  EXPECT_DOUBLE_EQ(r.lo, -1.2);
  EXPECT_DOUBLE_EQ(r.hi, 3.2);
  const double constant[] = {5, 5, kNaN};
  const Range c = FitRange(constant, Scale::kLinear);
  EXPECT_TRUE(Valid(c));
  EXPECT_LT(c.lo, 5);
  EXPECT_GT(c.hi, 5);
  const double zero[] = {0.0, -0.0};
  EXPECT_EQ(FitRange(zero, Scale::kLinear), (Range{-1, 1}));
  const double none[] = {kNaN, kInf};
  EXPECT_EQ(FitRange(none, Scale::kLinear), (Range{-1, 1}));
  EXPECT_EQ(FitRange({}, Scale::kLog10), (Range{0.1, 10}));
}

TEST(FitRange, log_uses_positive_values_and_whole_decades) {
  const double v[] = {-5, 0, 0.012, 85, kNaN, kInf};
  const Range r = FitRange(v, Scale::kLog10);
  EXPECT_TRUE(Valid(r, Scale::kLog10));
  EXPECT_LE(r.lo, 0.012);
  EXPECT_GE(r.hi, 85);
  EXPECT_DOUBLE_EQ(std::log10(r.lo), std::round(std::log10(r.lo)));
  EXPECT_DOUBLE_EQ(std::log10(r.hi), std::round(std::log10(r.hi)));
  EXPECT_DOUBLE_EQ(r.lo, 0.01);  // 0.012 and 85 need no extra decade: the margin is small
  EXPECT_DOUBLE_EQ(r.hi, 100);
  const double near_decade[] = {0.5, 97};  // within the margin of 100: one more decade
  EXPECT_EQ(FitRange(near_decade, Scale::kLog10), (Range{0.1, 1000}));
  const double ten[] = {10, 10};  // a constant exact decade gets one decade either side
  EXPECT_EQ(FitRange(ten, Scale::kLog10), (Range{1, 100}));
  const double negative[] = {-1, -2};
  EXPECT_EQ(FitRange(negative, Scale::kLog10), (Range{0.1, 10}));
}

// ---- Polylines ---------------------------------------------------------------------------

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

// ---- Headless widget ---------------------------------------------------------------------

// An ImGui context with a built font atlas and no renderer: frames are drawn into draw lists
// that the tests walk. The renderer flag allows 32-bit vertex offsets as the GL3 backend does.
class Headless : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(1200, 800);
    io.DeltaTime = 1.0f / 60;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    io.Fonts->AddFontDefault();
    ImFontConfig big;
    big.SizePixels = 26;  // an export font: the default font built at twice the size
    big_font_ = io.Fonts->AddFontDefault(&big);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImGui::StyleColorsDark();
  }
  void TearDown() override { ImGui::DestroyContext(ctx_); }

  struct Tri {
    ImDrawVert v[3];
  };
  struct FrameResult {
    Interaction in;
    std::vector<ImDrawVert> verts;  // the vertices the plot added
    std::vector<Tri> tris;          // and its triangles
    ImVec2 bb_min, bb_max;          // the widget rectangle
  };

  // One frame: a full-screen window with the plot at kPos, then Render().
  FrameResult Frame(Range& x, Range& y, const PlotSpec& spec, const Style& style = Style::Dark()) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("test", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int idx0 = dl->IdxBuffer.Size;
    const int vtx0 = dl->VtxBuffer.Size;
    ImGui::SetCursorScreenPos(kPos);
    FrameResult r;
    r.in = Plot("plot", x, y, spec, style, kSize);
    r.bb_min = kPos;
    r.bb_max = ImVec2(kPos.x + kSize.x, kPos.y + kSize.y);
    r.verts.assign(dl->VtxBuffer.Data + vtx0, dl->VtxBuffer.Data + dl->VtxBuffer.Size);
    ImGui::End();
    ImGui::Render();
    // Triangles through the command buffer (indices are relative to each command's offset).
    for (const ImDrawCmd& cmd : dl->CmdBuffer) {
      for (unsigned e = 0; e + 2 < cmd.ElemCount; e += 3) {
        const unsigned at = cmd.IdxOffset + e;
        if (static_cast<int>(at) < idx0) continue;
        Tri t;
        for (int k = 0; k < 3; ++k) {
          t.v[k] = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[at + k]];
        }
        r.tris.push_back(t);
      }
    }
    return r;
  }

  // Sets the mouse for the next frame.
  static void Mouse(ImVec2 pos, bool left = false, bool right = false, float wheel = 0,
                    bool shift = false, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pos;
    io.MouseDown[0] = left;
    io.MouseDown[1] = right;
    io.MouseWheel = wheel;
    io.KeyShift = shift;
    io.KeyCtrl = ctrl;
  }

  static ImVec2 Lerp(const Interaction& in, float fx, float fy) {
    // Whole pixels: ImGui floors the mouse position.
    return ImVec2(std::floor(in.plot_min.x + (in.plot_max.x - in.plot_min.x) * fx),
                  std::floor(in.plot_min.y + (in.plot_max.y - in.plot_min.y) * fy));
  }

  static bool SameRgb(ImU32 a, ImU32 b) { return ((a ^ b) & 0x00FFFFFFu) == 0; }

  const ImVec2 kPos{40, 30};
  const ImVec2 kSize{900, 600};
  ImGuiContext* ctx_ = nullptr;
  ImFont* big_font_ = nullptr;
};

constexpr ImU32 kMagenta = IM_COL32(255, 0, 255, 255);
constexpr ImU32 kCyan = IM_COL32(0, 255, 254, 255);
constexpr ImU32 kBandCol = IM_COL32(10, 200, 30, 60);
constexpr ImU32 kOpenCol = IM_COL32(201, 202, 5, 255);
constexpr ImU32 kClosedCol = IM_COL32(5, 100, 203, 255);

// Data that would break a naive renderer: NaN breaks, 1e300, ±inf, a band to -inf.
struct NastyData {
  std::vector<double> x, broken, joined;
  std::vector<Series> series;
  std::vector<Marker> markers;
  std::vector<Band> bands;
  NastyData() {
    for (int i = 0; i <= 10; ++i) {
      x.push_back(i);
      broken.push_back(0.1 * i);
      joined.push_back(-0.1 * i);
    }
    broken[5] = kNaN;   // breaks the magenta line between x = 4 and x = 6
    joined[8] = 1e300;  // far off the view: clipped, not overflowed
    joined[9] = -kInf;
    series.push_back({"broken", x, broken, kMagenta, 2.0f, false});
    series.push_back({"", x, joined, kCyan, 2.0f, true});
    markers.push_back({2, 0.2, true, kClosedCol});
    markers.push_back({3, 0.3, false, kOpenCol});
    markers.push_back({kNaN, 0, true, kClosedCol});
    markers.push_back({1e300, 1e300, true, kClosedCol});
    bands.push_back({-kInf, 1.5, kBandCol});
  }
  PlotSpec Spec() const {
    PlotSpec s;
    s.title = "Nasty data";
    s.x_label = "x";
    s.y_label = "f(x) — UTF-8 label";
    s.series = series;
    s.markers = markers;
    s.bands = bands;
    s.cursor_x = 7.5;
    s.legend = false;  // the legend swatch would add magenta vertices of its own
    return s;
  }
};

TEST_F(Headless, vertices_are_finite_inside_the_widget_and_the_line_breaks_at_nan) {
  NastyData d;
  const PlotSpec spec = d.Spec();
  Range x{-0.5, 10.5}, y{-1.2, 1.2};
  FrameResult r;
  for (int i = 0; i < 3; ++i) {
    r = Frame(x, y, spec);
  }
  ASSERT_FALSE(r.verts.empty());
  for (const ImDrawVert& v : r.verts) {
    ASSERT_TRUE(std::isfinite(v.pos.x) && std::isfinite(v.pos.y));
    // Everything, text included, stays inside the widget: no label is clipped.
    EXPECT_GE(v.pos.x, r.bb_min.x - 1);
    EXPECT_LE(v.pos.x, r.bb_max.x + 1);
    EXPECT_GE(v.pos.y, r.bb_min.y - 1);
    EXPECT_LE(v.pos.y, r.bb_max.y + 1);
  }
  int magenta = 0, cyan = 0, band = 0, open = 0, closed = 0, text = 0;
  for (const ImDrawVert& v : r.verts) {
    magenta += SameRgb(v.col, kMagenta);
    cyan += SameRgb(v.col, kCyan);
    band += v.col == kBandCol;
    open += SameRgb(v.col, kOpenCol);
    closed += SameRgb(v.col, kClosedCol);
    text += v.col == Style::Dark().text_dim;
  }
  EXPECT_GT(magenta, 0);
  EXPECT_GT(cyan, 0);
  EXPECT_EQ(band, 4);  // one rectangle, clamped to the plot area
  EXPECT_GT(open, 0);
  EXPECT_GT(closed, 0);
  EXPECT_GT(text, 0);  // tick labels

  // No magenta triangle spans the NaN at x = 5; the unbroken cyan line does span it.
  const Transform tx(x, Scale::kLinear, r.in.plot_min.x, r.in.plot_max.x);
  const float gap = static_cast<float>(tx.ToPixel(5));
  int magenta_across = 0, cyan_across = 0;
  for (const Tri& t : r.tris) {
    const float lo = std::min({t.v[0].pos.x, t.v[1].pos.x, t.v[2].pos.x});
    const float hi = std::max({t.v[0].pos.x, t.v[1].pos.x, t.v[2].pos.x});
    if (!(lo < gap && hi > gap)) continue;
    magenta_across += SameRgb(t.v[0].col, kMagenta);
    cyan_across += SameRgb(t.v[0].col, kCyan);
  }
  EXPECT_EQ(magenta_across, 0);
  EXPECT_GT(cyan_across, 0);
}

TEST_F(Headless, render_at_scale_two_stays_inside_its_rectangle) {
  NastyData d;
  PlotSpec spec = d.Spec();
  spec.legend = true;
  ImGuiIO& io = ImGui::GetIO();
  ImGui::NewFrame();  // the shared draw data (white pixel, fonts) is set up by a frame
  for (ImFont* font : {static_cast<ImFont*>(nullptr), big_font_}) {
    ImDrawList dl(ImGui::GetDrawListSharedData());
    dl._ResetForNewFrame();
    dl.PushClipRectFullScreen();
    dl.PushTextureID(io.Fonts->TexID);
    const ImVec2 min(100, 50), max(1100, 750);
    const Style light = Style::Light();
    const ImDrawListFlags flags = dl.Flags;
    Render(&dl, min, max, Range{-0.5, 10.5}, Range{-1.2, 1.2}, spec, light, 2.0f, font);
    EXPECT_EQ(dl.Flags, flags);  // AA was turned on for the plot only
    ASSERT_GT(dl.VtxBuffer.Size, 100);
    int text = 0, thick = 0;
    for (const ImDrawVert& v : dl.VtxBuffer) {
      ASSERT_TRUE(std::isfinite(v.pos.x) && std::isfinite(v.pos.y));
      EXPECT_GE(v.pos.x, min.x - 1);
      EXPECT_LE(v.pos.x, max.x + 1);
      EXPECT_GE(v.pos.y, min.y - 1);
      EXPECT_LE(v.pos.y, max.y + 1);
      text += v.col == light.text_dim;
      thick += SameRgb(v.col, kMagenta);
    }
    EXPECT_GT(text, 0);
    EXPECT_GT(thick, 0);
    EXPECT_EQ(dl._ClipRectStack.Size, 1);  // Render popped what it pushed
    EXPECT_EQ(dl._TextureIdStack.Size, 1);
  }
  ImGui::EndFrame();
}

TEST_F(Headless, heatmap_cells_land_where_their_data_is_with_their_colour) {
  // 2 × 2 cells over [0, 2] × [0, 2]; values 0, 1 / 2, NaN; a two-colour table.
  const std::vector<float> v = {0, 1, 2, kNaNf};
  const std::vector<ImU32> table = {IM_COL32(255, 0, 0, 255), IM_COL32(0, 0, 255, 255)};
  Heatmap h;
  h.cols = h.rows = 2;
  h.values = v;
  h.x0 = 0, h.x1 = 2, h.y0 = 0, h.y1 = 2, h.lo = 0, h.hi = 2;
  h.colors = table;
  PlotSpec spec;
  spec.heatmaps = std::span<const Heatmap>(&h, 1);
  ImGui::NewFrame();
  ImDrawList dl(ImGui::GetDrawListSharedData());
  dl._ResetForNewFrame();
  dl.PushClipRectFullScreen();
  dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  Style st = Style::Light();
  Render(&dl, ImVec2(0, 0), ImVec2(800, 600), Range{0, 2}, Range{0, 2}, spec, st, 1.0f, nullptr);
  // Count the cells by their colour: red once (value 0 and 1 round to either end: 1 is the
  // middle, which rounds up), blue twice (1 and 2), the NaN cell absent.
  float red_y = -1, blue_min_x = 1e9f;
  int red = 0, blue = 0;
  for (const ImDrawVert& vert : dl.VtxBuffer) {
    if (SameRgb(vert.col, table[0])) ++red, red_y = std::max(red_y, vert.pos.y);
    if (SameRgb(vert.col, table[1])) ++blue, blue_min_x = std::min(blue_min_x, vert.pos.x);
  }
  EXPECT_EQ(red, 4);           // one rectangle: the cell of value 0, bottom-left (row 0 is y = 0)
  EXPECT_EQ(blue, 8);          // values 1 and 2
  EXPECT_GT(red_y, 300);       // y grows downward on screen: the bottom row is the lower half
  EXPECT_LT(blue_min_x, 400);  // the value-2 cell is at column 0 of the top row
  ImGui::EndFrame();
}

TEST_F(Headless, render_scales_line_width_and_font) {
  // The magenta line of a flat series: its vertices span the line's width (plus AA fringe).
  std::vector<double> x{0, 1}, y{0, 0};
  const Series s{"", x, y, kMagenta, 2.0f, false};
  PlotSpec spec;
  spec.series = std::span<const Series>(&s, 1);
  ImGui::NewFrame();
  float widths[2] = {0, 0};
  const float scales[2] = {1, 3};
  for (int k = 0; k < 2; ++k) {
    ImDrawList dl(ImGui::GetDrawListSharedData());
    dl._ResetForNewFrame();
    dl.PushClipRectFullScreen();
    dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
    Render(&dl, ImVec2(0, 0), ImVec2(1000, 700), Range{0, 1}, Range{-1, 1}, spec, Style::Dark(),
           scales[k], nullptr);
    float top = 1e9f, bottom = -1e9f;
    for (const ImDrawVert& v : dl.VtxBuffer) {
      if (v.col != kMagenta) continue;  // opaque core only, not the fringe
      top = std::min(top, v.pos.y);
      bottom = std::max(bottom, v.pos.y);
    }
    widths[k] = bottom - top;
  }
  ImGui::EndFrame();
  // The AA fringe adds a constant (textured or not); the line itself is 2 px x scale.
  EXPECT_GT(widths[0], 0.5f);
  EXPECT_NEAR(widths[1] - widths[0], 2.0f * (scales[1] - scales[0]), 0.01f);
}

// Simple data for the interaction tests: a line y = x / 10 on [0, 10].
struct Line {
  std::vector<double> x, y;
  Series s;
  PlotSpec spec;
  Line() {
    for (int i = 0; i <= 100; ++i) {
      x.push_back(i * 0.1);
      y.push_back(i * 0.01);
    }
    s = Series{"line", x, y, kMagenta, 2.0f, false};
    spec.series = std::span<const Series>(&s, 1);
  }
};

TEST_F(Headless, wheel_zooms_about_the_cursor) {
  Line d;
  Range x{0, 10}, y{-1, 1};
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(x, y, d.spec);
  const ImVec2 at = Lerp(r.in, 0.3f, 0.6f);
  Mouse(at);
  r = Frame(x, y, d.spec);  // hover first: ImGui picks the hovered window from the last frame
  r = Frame(x, y, d.spec);
  ASSERT_TRUE(r.in.hovered);
  const double mx = r.in.mouse_x, my = r.in.mouse_y;
  const Range x0 = x, y0 = y;

  Mouse(at, false, false, 1.0f, /*shift=*/true);  // x only: the layout cannot move
  r = Frame(x, y, d.spec);
  EXPECT_TRUE(r.in.changed);
  EXPECT_EQ(y, y0);
  EXPECT_NEAR(x.Span(), x0.Span() / 1.2, 1e-9);
  EXPECT_NEAR(r.in.mouse_x, mx, 1e-9);  // the point under the cursor stayed there
  EXPECT_NEAR((mx - x.lo) / x.Span(), (mx - x0.lo) / x0.Span(), 1e-12);

  const Range x1 = x;
  Mouse(at, false, false, -2.0f, false, /*ctrl=*/true);  // y only, zoom out
  r = Frame(x, y, d.spec);
  EXPECT_EQ(x, x1);
  EXPECT_NEAR(y.Span(), y0.Span() * 1.44, 1e-9);
  EXPECT_NEAR(r.in.mouse_y, my, 1e-9);

  const Range y1 = y;
  Mouse(at, false, false, 1.0f);  // both
  r = Frame(x, y, d.spec);
  EXPECT_NEAR(x.Span(), x1.Span() / 1.2, 1e-9);
  EXPECT_NEAR(y.Span(), y1.Span() / 1.2, 1e-9);
  // y tick labels may change width and shift the plot area by a few pixels; the point under
  // the cursor moves by at most that much.
  EXPECT_NEAR(r.in.mouse_x, mx, 10 * x.Span() / (r.in.plot_max.x - r.in.plot_min.x));
  EXPECT_NEAR(r.in.mouse_y, my, 1e-9);

  Mouse(ImVec2(5, 5), false, false, 1.0f);  // outside the widget: nothing happens
  const Range x2 = x, y2 = y;
  r = Frame(x, y, d.spec);
  EXPECT_FALSE(r.in.changed);
  EXPECT_EQ(x, x2);
  EXPECT_EQ(y, y2);
}

TEST_F(Headless, left_drag_pans_with_the_mouse) {
  Line d;
  Range x{0, 10}, y{-1, 1};
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(x, y, d.spec);
  const ImVec2 start = Lerp(r.in, 0.5f, 0.5f);
  Mouse(start);
  r = Frame(x, y, d.spec);
  r = Frame(x, y, d.spec);
  const double px_per_x = (r.in.plot_max.x - r.in.plot_min.x) / x.Span();
  const Range x0 = x, y0 = y;
  Mouse(start, true);
  r = Frame(x, y, d.spec);
  for (int i = 1; i <= 5; ++i) {
    Mouse(ImVec2(start.x + 10 * i, start.y), true);
    r = Frame(x, y, d.spec);
    EXPECT_TRUE(r.in.changed);
  }
  Mouse(ImVec2(start.x + 50, start.y));
  r = Frame(x, y, d.spec);
  // Content follows the mouse: 50 px to the right shows data 50 px further left.
  EXPECT_NEAR(x.lo, x0.lo - 50 / px_per_x, 1e-9);
  EXPECT_NEAR(x.Span(), x0.Span(), 1e-9);
  EXPECT_EQ(y, y0);
}

TEST_F(Headless, double_click_fits_the_data) {
  Line d;
  Range x{40, 50}, y{-7, -6};  // nowhere near the data
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(x, y, d.spec);
  const ImVec2 at = Lerp(r.in, 0.5f, 0.5f);
  Mouse(at);
  Frame(x, y, d.spec);
  Frame(x, y, d.spec);
  Mouse(at, true);
  Frame(x, y, d.spec);
  Mouse(at, false);
  Frame(x, y, d.spec);
  Mouse(at, true);
  r = Frame(x, y, d.spec);
  EXPECT_TRUE(r.in.changed);
  EXPECT_EQ(x, FitRange(d.x, Scale::kLinear));
  EXPECT_EQ(y, FitRange(d.y, Scale::kLinear));
  EXPECT_DOUBLE_EQ(x.lo, -0.5);
  EXPECT_DOUBLE_EQ(x.hi, 10.5);
}

TEST_F(Headless, double_click_on_log_axis_fits_decades) {
  std::vector<double> x{0, 1, 2, 3}, y{-1, 0.003, 0.5, 42};
  const Series s{"", x, y, kMagenta, 2.0f, false};
  PlotSpec spec;
  spec.series = std::span<const Series>(&s, 1);
  spec.y_scale = Scale::kLog10;
  Range rx{0, 3}, ry{-1, 1};  // a linear leftover: repaired from the data at once
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(rx, ry, spec);
  EXPECT_TRUE(r.in.changed);
  EXPECT_EQ(ry, (Range{1e-3, 100}));
  ry = {5, 6};
  const ImVec2 at = Lerp(r.in, 0.5f, 0.5f);
  Mouse(at);
  Frame(rx, ry, spec);
  Frame(rx, ry, spec);
  Mouse(at, true);
  Frame(rx, ry, spec);
  Mouse(at, false);
  Frame(rx, ry, spec);
  Mouse(at, true);
  Frame(rx, ry, spec);
  EXPECT_EQ(ry, (Range{1e-3, 100}));
}

TEST_F(Headless, right_drag_box_zooms_into_the_box) {
  Line d;
  Range x{0, 10}, y{-1, 1};
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(x, y, d.spec);
  const ImVec2 a = Lerp(r.in, 0.2f, 0.3f), b = Lerp(r.in, 0.6f, 0.7f);
  Mouse(a);
  Frame(x, y, d.spec);
  r = Frame(x, y, d.spec);
  const Transform tx(x, Scale::kLinear, r.in.plot_min.x, r.in.plot_max.x);
  const Transform ty(y, Scale::kLinear, r.in.plot_max.y, r.in.plot_min.y);
  const Range want_x{tx.FromPixel(a.x), tx.FromPixel(b.x)};
  const Range want_y{ty.FromPixel(b.y), ty.FromPixel(a.y)};
  Mouse(a, false, true);
  Frame(x, y, d.spec);
  int selection = 0;
  for (int i = 1; i <= 4; ++i) {
    Mouse(ImVec2(a.x + (b.x - a.x) * i / 4, a.y + (b.y - a.y) * i / 4), false, true);
    r = Frame(x, y, d.spec);
    EXPECT_FALSE(r.in.changed);  // nothing moves until the button is released
    for (const ImDrawVert& v : r.verts) {
      selection += v.col == Style::Dark().selection;
    }
  }
  EXPECT_GT(selection, 0);  // the box is drawn while dragging
  Mouse(b, false, false);
  r = Frame(x, y, d.spec);
  EXPECT_TRUE(r.in.changed);
  EXPECT_NEAR(x.lo, want_x.lo, 1e-9);
  EXPECT_NEAR(x.hi, want_x.hi, 1e-9);
  EXPECT_NEAR(y.lo, want_y.lo, 1e-9);
  EXPECT_NEAR(y.hi, want_y.hi, 1e-9);
}

TEST_F(Headless, linked_plots_share_the_x_view) {
  Line d;
  Range x{0, 10}, y1{-1, 1}, y2{-1, 1};
  auto frame = [&](Interaction* first, Interaction* second) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("linked", nullptr, ImGuiWindowFlags_NoDecoration);
    *first = Plot("a", x, y1, d.spec, Style::Dark(), ImVec2(800, 300));
    *second = Plot("b", x, y2, d.spec, Style::Dark(), ImVec2(800, 300));
    ImGui::End();
    ImGui::Render();
  };
  Interaction a, b;
  Mouse(ImVec2(0, 0));
  frame(&a, &b);
  const ImVec2 at = Lerp(b, 0.5f, 0.5f);
  Mouse(at);
  frame(&a, &b);
  frame(&a, &b);
  EXPECT_FALSE(a.hovered);
  EXPECT_TRUE(b.hovered);
  Mouse(at, false, false, 1.0f, true);
  frame(&a, &b);
  EXPECT_TRUE(b.changed);
  EXPECT_NEAR(x.Span(), 10 / 1.2, 1e-9);  // the one view both plots draw
  EXPECT_EQ(y1, (Range{-1, 1}));
  EXPECT_EQ(y2, (Range{-1, 1}));
}

TEST_F(Headless, long_series_stays_cheap) {
  const int n = 100000;
  std::vector<double> x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x[i] = -10 + 20.0 * i / (n - 1);
    y[i] = std::tanh(x[i]) + (i % 1000 == 0 ? 0.5 : 0);  // spikes one sample wide
  }
  const Series s{"tanh", x, y, kMagenta, 2.0f, false};
  PlotSpec spec;
  spec.series = std::span<const Series>(&s, 1);
  Range rx{-10, 10}, ry{-1.5, 1.5};
  Mouse(ImVec2(0, 0));
  const FrameResult r = Frame(rx, ry, spec);
  int magenta = 0;
  for (const ImDrawVert& v : r.verts) {
    magenta += SameRgb(v.col, kMagenta);
  }
  // A few points per pixel column (the plot is under 900 px wide), 4 vertices per point.
  EXPECT_GT(magenta, 0);
  EXPECT_LT(magenta, 4 * 4 * 900 + 100);
}

}  // namespace
}  // namespace actviz::plot
