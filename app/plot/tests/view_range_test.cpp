// View ranges and the arithmetic the mouse drives (ticks.hpp), checked against the guards'
// limits: Sanitize repairs every bad range into one inside the span limits; ZoomAbout keeps its
// anchor at the same place and stops at the limits without moving it; Pan shifts by axis units
// (decades on log) and ignores non-finite or runaway shifts; FitRange fits the finite (on log:
// positive) values with a margin, out to whole decades on a log axis.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "non_finite.hpp"
#include "plot/ticks.hpp"

namespace actviz::plot::test {
namespace {

// What Sanitize promises of every view it returns.
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

}  // namespace
}  // namespace actviz::plot::test
