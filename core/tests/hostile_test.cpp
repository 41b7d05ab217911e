// Hostile inputs on every path where a floating value becomes an integer (a bin, a colour
// index, a count of pieces, a loop bound) or sets how many of something there are: NaN, ±∞,
// ±1e308, the ends of float and double, subnormals, and counts far past what a caller passes.
// Each table runs in the sanitizer suite too, where UBSan's float-cast-overflow and ASan see
// any conversion or index that leaves its range.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "actviz/activations/analysis.hpp"
#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/family.hpp"
#include "actviz/activations/kernels.hpp"
#include "actviz/image/image.hpp"
#include "actviz/stats/samples.hpp"

namespace actviz::test {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();
constexpr float kInff = std::numeric_limits<float>::infinity();

std::uint64_t Sum(const std::vector<std::uint64_t>& c) {
  return std::accumulate(c.begin(), c.end(), std::uint64_t{0});
}

// ------------------------------------------------------------------------------ maxout's k

// k is a double parameter that the row converts to a number of pieces: NaN or 1e308 made that
// conversion undefined, and k ≥ 6 read pieces past the 11 parameters (and MaxoutBreaks wrote
// crossings past its 10 slots). Such a k counts no pieces: f and f′ are NaN on both paths.
TEST(HostileInputs, maxout_with_a_k_that_counts_no_pieces_is_nan_and_reads_only_its_pieces) {
  const Activation& m = *Find("maxout");
  const double ks[] = {kNaN, kInf, -kInf, 1e308, -1e308, 2147483648.0, 1e9,    11,
                       7,    6.5,  6,     0,     0.5,    -1,           5e-324, -5e-324};
  const std::vector<double> xs = {0, 1, -2.5, 1e308, -1e308, kInf, -kInf, 5e-324};
  for (double k : ks) {
    SCOPED_TRACE("k = " + std::to_string(k));
    Params p = Defaults(m);
    p.v[10] = k;
    for (double x : xs) {
      EXPECT_TRUE(std::isnan(m.f(x, p))) << x;
      EXPECT_TRUE(std::isnan(m.df(x, p))) << x;
      EXPECT_EQ(ActivePiece(m, p, x), -1) << x;
    }
    std::array<AffinePiece, kMaxPieces> pieces{};
    EXPECT_EQ(AffinePieces(m, p, pieces), 0);
    EXPECT_EQ(BreaksOf(m, p).n, 0);
    std::vector<float> in(xs.begin(), xs.end()), out(in.size());
    for (Eval e : {Eval::kValue, Eval::kDerivative}) {
      Apply(m, e, in, out, p);
      for (std::size_t i = 0; i < out.size(); ++i)
        EXPECT_TRUE(std::isnan(out[i])) << in[i];
    }
  }
  // A k that counts pieces (whole, 1 … 5) keeps them: k = 3 is max(x, 0, −x) = |x|.
  for (double k : {1.0, 2.0, 3.0, 4.0, 5.0}) {
    Params p = Defaults(m);
    p.v[10] = k;
    std::array<AffinePiece, kMaxPieces> pieces{};
    EXPECT_EQ(AffinePieces(m, p, pieces), static_cast<int>(k));
    EXPECT_TRUE(std::isfinite(m.f(-2, p))) << k;
    EXPECT_GE(ActivePiece(m, p, -2), 0) << k;
  }
  Params abs = Defaults(m);
  abs.v[10] = 3;
  EXPECT_EQ(m.f(-2, abs), 2);
  EXPECT_EQ(m.df(-2, abs), -1);
}

// ------------------------------------------------------------------------------ histograms

// Data sets with NaN, ±∞, the ends of float and subnormals, over bin counts from 1 to the
// CLI's limit: every finite value is counted once, in a bin that exists, the rest in none.
TEST(HostileInputs, histogram_of_nonfinite_values_stays_in_bounds) {
  const float big = FLT_MAX, tiny = std::numeric_limits<float>::denorm_min();
  struct Data {
    const char* name;
    std::vector<float> pattern;  // repeated to ~5000 values: the vector path and its tail
  };
  const Data table[] = {
      {"only NaN and inf", {kNaNf, kInff, -kInff}},
      {"float's ends", {-big, big, kNaNf, kInff}},
      {"float's ends and zero", {-big, 0, big, -kInff}},
      {"subnormals", {tiny, 2 * tiny, -tiny, kNaNf, kInff}},
      {"one subnormal step", {0, tiny}},
      {"unit range", {0, 1, 0.5f, kNaNf}},
      {"a spike at the top", {1, 2, 3, big, kNaNf, -kInff}},
      {"a constant and NaN", {3e38f, kNaNf}},
      {"negative zero and zero", {-0.0f, 0.0f, kInff}},
      {"huge beside tiny", {-big, tiny, -tiny, big}},
  };
  const int bin_counts[] = {1, 2, 3, 7, 100, 4096, 100000};
  for (const Data& d : table) {
    std::vector<float> v;
    while (v.size() < 5000)
      v.insert(v.end(), d.pattern.begin(), d.pattern.end());
    v.push_back(d.pattern.front());  // an odd length
    std::uint64_t finite = 0;
    float lo = kInff, hi = -kInff;
    for (float x : v)
      if (std::isfinite(x)) ++finite, lo = std::min(lo, x), hi = std::max(hi, x);
    for (int bins : bin_counts) {
      SCOPED_TRACE(std::string(d.name) + ", " + std::to_string(bins) + " bins");
      const Histogram h = MakeHistogram(v, bins);
      if (finite == 0) {
        EXPECT_TRUE(h.counts.empty());
        EXPECT_TRUE(h.edges.empty());
        continue;
      }
      ASSERT_EQ(h.counts.size(), lo == hi ? 1u : static_cast<std::size_t>(bins));
      ASSERT_EQ(h.edges.size(), h.counts.size() + 1);
      EXPECT_EQ(Sum(h.counts), finite);
      EXPECT_EQ(h.edges.front(), double{lo});
      EXPECT_EQ(h.edges.back(), double{hi});
      EXPECT_TRUE(std::is_sorted(h.edges.begin(), h.edges.end()));
      EXPECT_GE(h.counts.front(), 1u);  // the minimum
      EXPECT_GE(h.counts.back(), 1u);   // the maximum, in the closed last bin
      const Stats s = ComputeStats(v, {});
      EXPECT_EQ(s.count, v.size());
      EXPECT_EQ(s.finite, finite);
      EXPECT_EQ(s.finite + s.nan + s.inf, v.size());
    }
  }
}

// Past 2²⁴ bins the vector path's float clamp rounded the last bin (bins − 1) up to `bins`, the
// NaN slot: at 2²⁴ + 4 and 2²⁵ + 4 bins the maximum was lost; INT_MAX bins overflowed the edge
// loop's int. Counts outside 1 … 2²⁴ give no bins.
TEST(HostileInputs, histogram_with_more_bins_than_float_counts_exactly_has_no_bins) {
  const std::vector<float> v = {0, 0.25f, 1, kNaNf, 0.5f};
  for (int bins : {(1 << 24) + 4, (1 << 25) + 4, INT_MAX, 0, -1, INT_MIN}) {
    SCOPED_TRACE(std::to_string(bins) + " bins");
    const Histogram h = MakeHistogram(v, bins);
    if (!h.counts.empty()) {
      EXPECT_EQ(Sum(h.counts), 4u);
    }
    EXPECT_TRUE(h.counts.empty());
    EXPECT_TRUE(h.edges.empty());
  }
  const Histogram h = MakeHistogram(v, 1 << 20);  // many bins, within the limit
  ASSERT_EQ(h.counts.size(), std::size_t{1} << 20);
  EXPECT_EQ(Sum(h.counts), 4u);
  EXPECT_EQ(h.counts.front(), 1u);
  EXPECT_EQ(h.counts.back(), 1u);
}

// Sample specs the CLI would refuse but the core is given all the same (a session, a caller):
// scales that make every sample NaN or ±∞, or subnormal, and functions whose output is NaN.
// Every sample is counted once: in a bin, or as NaN or ∞ in the stats.
TEST(HostileInputs, experiment_with_hostile_sample_specs_counts_every_sample) {
  const double scales[] = {kNaN, kInf, -kInf, 1e308, -1e308, 3e38, 1e38, 1e-40, 5e-324, 0, 1};
  const std::size_t sizes[] = {0, 1, 4099};
  const Activation& relu = *Find("relu");
  const Activation& maxout = *Find("maxout");
  Params bad_k = Defaults(maxout);
  bad_k.v[10] = kNaN;
  struct Fn {
    const Activation* fn;
    Params p;
  };
  const Fn fns[] = {{&relu, Defaults(relu)}, {&maxout, bad_k}};
  auto check = [](const Histogram& h, const Stats& s, std::size_t n) {
    EXPECT_EQ(s.count, n);
    EXPECT_EQ(s.finite + s.nan + s.inf, n);
    EXPECT_EQ(Sum(h.counts), s.finite);
    EXPECT_EQ(h.edges.size(), h.counts.empty() ? 0 : h.counts.size() + 1);
  };
  for (Distribution dist : {Distribution::kUniform, Distribution::kNormal})
    for (double scale : scales)
      for (std::size_t n : sizes)
        for (const Fn& f : fns) {
          SCOPED_TRACE(std::string(DistributionName(dist)) + " scale " + std::to_string(scale) +
                       " n " + std::to_string(n) + " " + std::string(f.fn->name));
          const SampleSpec spec{dist, n, scale, 7};
          Experiment e;
          ASSERT_TRUE(RunExperiment(*f.fn, f.p, spec, 64, e));
          check(e.in_hist, e.in_stats, n);
          check(e.out_hist, e.out_stats, n);
          if (f.fn == &maxout) {
            EXPECT_EQ(e.out_stats.nan, n);
          }
          // The exact distribution over the histogram's edges: a count in [0, N] or NaN.
          const int mono =
              MonotonicOver(*f.fn, f.p, -SupportHalfWidth(spec), SupportHalfWidth(spec));
          for (double c : ExpectedCounts(*f.fn, f.p, mono, spec, e.out_hist.edges))
            EXPECT_TRUE(std::isnan(c) || (c >= 0 && c <= static_cast<double>(n))) << c;
        }
}

// ------------------------------------------------------------------------------ colormaps

// Ranges with infinite, NaN, huge, subnormal or equal ends: every value gets an index of the
// 256-entry table (or NaN's black), and an infinite end is a limit, not ∞/∞ = NaN, which drew
// every finite value black as if it were NaN.
TEST(HostileInputs, colormap_of_infinite_ranges_takes_the_limits_and_stays_in_the_table) {
  const float ys[] = {kNaNf, kInff, -kInff, FLT_MAX, -FLT_MAX, 0, 1, -1, 1e-45f};
  struct Case {
    double lo, hi;
    int at_zero;  // the gray index of y = 0 (-1: not checked)
  };
  const Case table[] = {
      {-kInf, kInf, 128},  {-kInf, 5, 255},        {0, kInf, 0},         {5, kInf, 0},
      {-kInf, -kInf, 128}, {kInf, kInf, 128},      {kInf, -kInf, 128},   {kNaN, 1, 128},
      {0, kNaN, 128},      {kNaN, kNaN, 128},      {-1e308, 1e308, 128}, {-DBL_MAX, DBL_MAX, 128},
      {0, 5e-324, 0},      {-5e-324, 5e-324, 128}, {1e308, -1e308, 128}, {2, 2, 128},
      {-DBL_MAX, 0, 255},  {-1, 1, 128},
  };
  for (const Case& c : table) {
    SCOPED_TRACE("range " + std::to_string(c.lo) + " " + std::to_string(c.hi));
    std::vector<float> y(std::begin(ys), std::end(ys));
    std::vector<std::uint8_t> gray, rgb;
    std::vector<std::uint16_t> g16;
    MapToPixels(y, c.lo, c.hi, Colormap::kGray, gray);
    MapToRgb8(y, c.lo, c.hi, Colormap::kViridis, rgb);
    MapToGray16(y, c.lo, c.hi, g16);
    ASSERT_EQ(gray.size(), y.size());
    ASSERT_EQ(rgb.size(), 3 * y.size());
    ASSERT_EQ(g16.size(), y.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      EXPECT_EQ(ColormapIndex(y[i], c.lo, c.hi), gray[i]) << y[i];
      const bool nan = std::isnan(y[i]);
      const bool black = rgb[3 * i] == 0 && rgb[3 * i + 1] == 0 && rgb[3 * i + 2] == 0;
      EXPECT_EQ(black, nan) << y[i];  // viridis has no black: only NaN is drawn so
      if (nan) {
        EXPECT_EQ(gray[i], 0);
      }
      // 16 bits by the same rule: t·255 within ½ of the 8-bit index, and g16/257 within ½/257.
      if (!nan) {
        EXPECT_LE(std::abs(g16[i] / 257.0 - gray[i]), 0.5 + 0.5 / 257 + 1e-9) << y[i];
      }
    }
    if (c.at_zero >= 0) {
      EXPECT_EQ(ColormapIndex(0, c.lo, c.hi), c.at_zero);
    }
    // ±∞ at the ends of any increasing range, whatever its ends are.
    if (c.hi > c.lo) {
      EXPECT_EQ(ColormapIndex(kInff, c.lo, c.hi), 255);
      EXPECT_EQ(ColormapIndex(-kInff, c.lo, c.hi), 0);
    }
  }
  for (double t : {kNaN, kInf, -kInf, 1e308, -1e308, 5e-324, 0.5}) {
    const auto c = ColormapColor(Colormap::kCoolwarm, t);
    if (std::isnan(t)) {
      EXPECT_EQ(c, (std::array<std::uint8_t, 3>{0, 0, 0}));
    }
    if (t > 1) {
      EXPECT_EQ(c, ColormapColor(Colormap::kCoolwarm, 1));
    }
    if (t < 0) {
      EXPECT_EQ(c, ColormapColor(Colormap::kCoolwarm, 0));
    }
  }
}

// ------------------------------------------------------------------------- curves and facts

// A view at the ends of the doubles with a column count past any budget: x − x0 overflowed
// (every sample at +∞), INT_MAX columns reserved 48 GB and the loop's i <= n overflowed.
// The samples stay finite, ordered, inside the view and within the budget (200 000 columns
// and as many refinements at most).
TEST(HostileInputs, curve_sampling_at_the_doubles_ends_stays_finite_and_in_budget) {
  const Activation& relu = *Find("relu");
  const Activation& tanh = *Find("tanh");
  const Params rp = Defaults(relu), tp = Defaults(tanh);
  struct View {
    double x0, x1;
  };
  const View views[] = {{-1e308, 1e308},   {-DBL_MAX, DBL_MAX}, {1e307, DBL_MAX},
                        {-5e-324, 5e-324}, {0, 5e-324},         {-1, 1}};
  for (int columns : {INT_MIN, -1, 0, 2, 800, INT_MAX})
    for (const View& v : views) {
      SCOPED_TRACE(std::to_string(columns) + " columns over " + std::to_string(v.x0) + " " +
                   std::to_string(v.x1));
      SampleOptions opt;
      opt.columns = columns;
      Curve c;
      SampleCurve([&](double x) { return relu.f(x, rp); }, v.x0, v.x1, BreaksOf(relu, rp), opt, c);
      ASSERT_GE(c.x.size(), 2u);
      EXPECT_LE(c.x.size(), 2 * 200000u + 3 * kMaxBreaks + 1);  // columns + refinement
      EXPECT_EQ(c.x.front(), v.x0);
      EXPECT_EQ(c.x.back(), v.x1);
      EXPECT_TRUE(std::is_sorted(c.x.begin(), c.x.end()));
      for (double x : c.x)
        EXPECT_TRUE(std::isfinite(x)) << x;
    }
  // Saturation and monotonicity over the same extremes, with loop bounds at INT_MAX.
  const std::vector<Interval> sat = SaturationIntervals(relu, rp, -DBL_MAX, DBL_MAX, INT_MAX);
  ASSERT_EQ(sat.size(), 1u);  // x < 0
  EXPECT_EQ(sat[0].lo, -DBL_MAX);
  EXPECT_LE(std::fabs(sat[0].hi), 1e-6 * DBL_MAX);
  EXPECT_EQ(MonotonicOver(tanh, tp, -DBL_MAX, DBL_MAX, INT_MAX), 1);
  EXPECT_EQ(MonotonicOver(tanh, tp, 1, -1, INT_MAX), -1);
  const SampleSpec huge{Distribution::kNormal, 10, 1e307, 0};  // ±40σ overflows
  EXPECT_EQ(MonotonicOver(tanh, tp, -SupportHalfWidth(huge), SupportHalfWidth(huge)), 1);
}

// Soft exponential's pole for α < 0 is at 1/α − α: −∞ for α = −5e−324 (a finite α in its
// domain). The facts' grid put ∞ − ∞ = NaN beside it and sorted it (undefined behaviour);
// such an α is the identity to within rounding, and its facts say so.
TEST(HostileInputs, facts_of_a_breakpoint_at_infinity_are_those_of_the_line) {
  const Activation& fn = *Find("soft_exponential");
  for (double alpha : {-5e-324, -1e-320, -1e-310}) {
    SCOPED_TRACE(alpha);
    Params p = Defaults(fn);
    p.v[0] = alpha;
    ASSERT_FALSE(Validate(fn, p).has_value());
    const Facts f = ComputeFacts(fn, p);
    EXPECT_EQ(f.monotonic, 1);
    EXPECT_TRUE(std::isfinite(f.max_slope));
    EXPECT_NEAR(f.max_slope, 1, 1e-9);
    EXPECT_NEAR(f.mean_normal, 0, 1e-9);
    EXPECT_TRUE(f.zero_centred);
  }
}

// ------------------------------------------------------------------------------- families

// Geometric families between the ends of the doubles: to/from overflowed (members ∞ or NaN)
// and the sign test from·to > 0 underflowed to 0 for two tiny ends of one sign, refusing them.
TEST(HostileInputs, geometric_family_between_extreme_ends_is_finite_and_evenly_spaced) {
  struct Ends {
    double from, to;
  };
  const Ends table[] = {{1e-308, 1e308},   {1e308, 1e-308},   {5e-324, DBL_MAX}, {DBL_MAX, 5e-324},
                        {-1e-300, -1e300}, {1e-200, 1e-200},  {1e-200, 2e-200},  {-5e-324, -1e-320},
                        {0.25, 32},        {DBL_MAX, DBL_MAX}};
  for (const Ends& e : table) {
    SCOPED_TRACE(std::to_string(e.from) + " to " + std::to_string(e.to));
    FamilySpec s;
    s.from = e.from, s.to = e.to, s.n = kMaxFamily, s.geometric = true;
    std::vector<double> v;
    const auto err = FamilyValues(s, v);
    ASSERT_FALSE(err.has_value()) << *err;
    ASSERT_EQ(v.size(), static_cast<std::size_t>(kMaxFamily));
    EXPECT_EQ(v.front(), e.from);
    EXPECT_EQ(v.back(), e.to);
    const double step =
        (std::log(std::fabs(e.to)) - std::log(std::fabs(e.from))) / (kMaxFamily - 1);
    for (std::size_t i = 0; i < v.size(); ++i) {
      EXPECT_TRUE(std::isfinite(v[i])) << i;
      EXPECT_EQ(std::signbit(v[i]), std::signbit(e.from)) << i;
      EXPECT_NE(v[i], 0) << i;
      // ln|v| evenly spaced; a subnormal member within a unit or so of its last place (and of
      // the reference's own error: e^want for want ≈ −709 is good to ~1e−13).
      const double want = std::log(std::fabs(e.from)) + step * static_cast<double>(i);
      if (std::fabs(v[i]) < DBL_MIN) {
        EXPECT_LE(std::fabs(std::fabs(v[i]) - std::exp(want)),
                  1e-12 * std::exp(want) + 1.5 * 5e-324)
            << i;
      } else {
        EXPECT_NEAR(std::log(std::fabs(v[i])), want, 1e-9) << i;
      }
    }
  }
  // What still is refused: 0, a change of sign, and non-finite ends.
  for (const Ends& e :
       {Ends{0, 1}, Ends{-1, 1}, Ends{1e-320, -1e-320}, Ends{kNaN, 1}, Ends{1, kInf}}) {
    FamilySpec s;
    s.from = e.from, s.to = e.to, s.geometric = true;
    std::vector<double> v;
    EXPECT_TRUE(FamilyValues(s, v).has_value()) << e.from << " " << e.to;
  }
}

}  // namespace
}  // namespace actviz::test
