// Tick choice and tick labels (ticks.hpp) against what a reader of an axis expects: major ticks
// at 1-2-5 steps inside the range and exact as decimals, minor ticks between majors, log decades
// (skipping some when there are too many) with their 2…9 minors; labels that are short, read
// back as their tick and never say "-0", decade labels in superscript and ASCII; degenerate and
// non-finite input gives something sane.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "non_finite.hpp"
#include "plot/ticks.hpp"

namespace actviz::plot::test {
namespace {

// True when step = m x 10^k with m in {1, 2, 5}.
bool IsOneTwoFive(double step) {
  const double e = std::floor(std::log10(step));
  const double m = step / std::pow(10.0, e);
  for (double nice : {1.0, 2.0, 5.0, 10.0}) {
    if (std::abs(m - nice) < 1e-9 * nice) return true;
  }
  return false;
}

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

}  // namespace
}  // namespace actviz::plot::test
