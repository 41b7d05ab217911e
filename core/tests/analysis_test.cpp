// Facts and curve sampling, checked against values worked out by hand (calculus, not the
// program): sigmoid′ peaks at ¼ at 0, GELU′ at √2, tanh saturates beyond acosh(10), …
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "actviz/activations/analysis.hpp"
#include "actviz/activations/catalogue.hpp"

namespace actviz::test {
namespace {

double NormalCdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

Facts FactsOf(const char* name) {
  const Activation& fn = *Find(name);
  return ComputeFacts(fn, Defaults(fn));
}

TEST(Facts, sigmoid) {
  const Facts f = FactsOf("sigmoid");
  EXPECT_EQ(FormatRange(f), "(0, 1)");
  EXPECT_EQ(f.monotonic, 1);
  EXPECT_NEAR(f.mean_normal, 0.5, 1e-9);
  EXPECT_FALSE(f.zero_centred);
  EXPECT_EQ(f.smoothness, Smoothness::kCInf);
  EXPECT_NEAR(f.max_slope, 0.25, 1e-15);
  EXPECT_EQ(FormatWhere(f.max_slope_at), "x = 0");
  // σ′ < 0.01 ⇔ |x| > ln(s/(1−s)) with s(1−s) = 0.01.
  const double s = (1 + std::sqrt(0.96)) / 2, edge = std::log(s / (1 - s));
  EXPECT_NEAR(f.saturated_normal, 2 * NormalCdf(-edge), 1e-9);
}

TEST(Facts, tanh_is_zero_centred_and_saturates_beyond_acosh_10) {
  const Facts f = FactsOf("tanh");
  EXPECT_EQ(FormatRange(f), "(−1, 1)");
  EXPECT_TRUE(f.zero_centred);
  EXPECT_NEAR(f.max_slope, 1, 1e-15);
  EXPECT_NEAR(f.saturated_normal, 2 * NormalCdf(-std::acosh(10.0)), 1e-9);
}

TEST(Facts, relu_is_kinked_half_dead_and_unbounded) {
  const Facts f = FactsOf("relu");
  EXPECT_EQ(FormatRange(f), "[0, ∞)");
  EXPECT_EQ(f.smoothness, Smoothness::kC0);
  EXPECT_NEAR(f.mean_normal, 1 / std::sqrt(2 * M_PI), 1e-6);
  EXPECT_EQ(f.max_slope, 1);
  EXPECT_EQ(FormatWhere(f.max_slope_at), "x > 0");  // ReLU′(0) = 0: the 0 is not included
  EXPECT_EQ(FormatWhere(FactsOf("relu6").max_slope_at), "0 < x < 6");
  EXPECT_EQ(FormatWhere(FactsOf("hard_tanh").max_slope_at), "−1 < x < 1");
  EXPECT_EQ(FormatWhere(FactsOf("elu").max_slope_at), "x ≥ 0");  // α = 1: f′(0) = α = 1
  EXPECT_NEAR(f.saturated_normal, 0.5, 1e-9);
}

TEST(Facts, gelu_has_its_minimum_and_steepest_slope_where_calculus_says) {
  const Facts f = FactsOf("gelu");
  EXPECT_EQ(f.monotonic, 0);
  EXPECT_TRUE(f.lo_attained);
  EXPECT_FALSE(f.hi_attained);
  // GELU″ = φ(x)(2 − x²): f′ peaks at √2 with Φ(√2) + √2·φ(√2).
  const double r = std::sqrt(2.0);
  const double peak = NormalCdf(r) + r * std::exp(-1.0) / std::sqrt(2 * M_PI);
  EXPECT_NEAR(f.max_slope, peak, 1e-12);
  EXPECT_NEAR(f.max_slope_at.lo, r, 1e-6);
  EXPECT_NEAR(f.range_lo, -0.16997120747990, 1e-6);  // min at x ≈ −0.7518 (f′ = 0)
}

TEST(Facts, smoothness_classes) {
  EXPECT_EQ(FactsOf("step").smoothness, Smoothness::kDiscontinuous);
  EXPECT_EQ(FactsOf("hardshrink").smoothness, Smoothness::kDiscontinuous);
  EXPECT_EQ(FactsOf("elu").smoothness, Smoothness::kC1);  // α = 1: f′ continuous at 0
  EXPECT_EQ(FactsOf("celu").smoothness, Smoothness::kC1);
  EXPECT_EQ(FactsOf("selu").smoothness, Smoothness::kC0);  // λα ≠ λ
  EXPECT_EQ(FactsOf("hard_swish").smoothness, Smoothness::kC0);
  EXPECT_EQ(FactsOf("softplus").smoothness, Smoothness::kCInf);
  EXPECT_EQ(FactsOf("logit").smoothness, Smoothness::kCInf);  // smooth on its domain
  const Activation& elu = *Find("elu");
  Params p = Defaults(elu);
  p.v[0] = 0.5;
  EXPECT_EQ(ComputeFacts(elu, p).smoothness, Smoothness::kC0);
}

TEST(Facts, selu_is_zero_centred_by_design_and_step_is_not) {
  EXPECT_TRUE(FactsOf("selu").zero_centred);
  EXPECT_NEAR(FactsOf("selu").mean_normal, 0, 1e-6);
  EXPECT_FALSE(FactsOf("step").zero_centred);
  EXPECT_EQ(FormatRange(FactsOf("step")), "[0, 1]");
  EXPECT_EQ(FormatRange(FactsOf("relu6")), "[0, 6]");
  EXPECT_EQ(FormatRange(FactsOf("elu")), "(−1, ∞)");
}

TEST(Facts, every_function_has_finite_or_infinite_but_never_nan_facts) {
  for (const Activation& fn : Catalogue()) {
    const Facts f = ComputeFacts(fn, Defaults(fn));
    EXPECT_FALSE(std::isnan(f.range_lo) || std::isnan(f.range_hi)) << fn.name;
    EXPECT_LE(f.range_lo, f.range_hi) << fn.name;
    EXPECT_FALSE(std::isnan(f.max_slope)) << fn.name;
    EXPECT_GE(f.saturated_normal, 0) << fn.name;
    EXPECT_LE(f.saturated_normal, 1 + 1e-12) << fn.name;
  }
}

TEST(Saturation, intervals_have_bisected_edges) {
  const Activation& fn = *Find("tanh");
  const auto iv = SaturationIntervals(fn, {}, -10, 10);
  ASSERT_EQ(iv.size(), 2u);
  EXPECT_EQ(iv[0].lo, -10);
  EXPECT_NEAR(iv[0].hi, -std::acosh(10.0), 1e-7);
  EXPECT_NEAR(iv[1].lo, std::acosh(10.0), 1e-7);
  EXPECT_EQ(iv[1].hi, 10);
}

TEST(Sampling, jumps_are_split_with_the_right_markers_and_kinks_are_exact) {
  const Activation& step = *Find("step");
  Params p = Defaults(step);
  p.v[0] = 0.3;  // θ
  Curve c;
  SampleOptions opt;
  opt.columns = 400;
  opt.y_pixels = 200;
  SampleCurve([&](double x) { return step.f(x, p); }, -2, 2, BreaksOf(step, p), opt, c);
  ASSERT_EQ(c.jumps.size(), 1u);
  EXPECT_EQ(c.jumps[0].x, 0.3);
  EXPECT_EQ(c.jumps[0].left, 0);
  EXPECT_EQ(c.jumps[0].right, 1);
  EXPECT_EQ(c.jumps[0].at, 0);  // 1 if x > θ: the value at θ belongs to the lower side
  // No segment of the polyline crosses the jump: every pair of consecutive finite samples
  // on either side of θ is separated by a NaN.
  for (std::size_t i = 1; i < c.x.size(); ++i) {
    if (std::isnan(c.y[i]) || std::isnan(c.y[i - 1])) continue;
    EXPECT_FALSE(c.x[i - 1] < 0.3 && c.x[i] > 0.3) << "joined across the jump at " << c.x[i];
    EXPECT_TRUE(std::is_sorted(c.x.begin(), c.x.end()));
  }
  // ReLU's kink is sampled exactly at 0 (no rounded corner) and is not a jump.
  const Activation& relu = *Find("relu");
  SampleCurve([&](double x) { return relu.f(x, {}); }, -1, 1.37, BreaksOf(relu, {}), opt, c);
  EXPECT_TRUE(c.jumps.empty());
  bool has_zero = false;
  for (std::size_t i = 0; i < c.x.size(); ++i)
    has_zero |= c.x[i] == 0 && c.y[i] == 0;
  EXPECT_TRUE(has_zero);
  EXPECT_GE(c.x.size(), 400u);  // at least one sample per column
}

TEST(Sampling, refines_where_the_curve_bends_and_stays_within_budget) {
  const Activation& logit = *Find("logit");
  Curve c;
  SampleOptions opt;
  opt.columns = 100;
  opt.y_pixels = 50;
  SampleCurve([&](double x) { return logit.f(x, {}); }, -0.5, 1.5, BreaksOf(logit, {}), opt, c);
  // Near the poles the curve is refined far below the column width of 0.02.
  double closest = 1;
  for (std::size_t i = 0; i < c.x.size(); ++i)
    if (std::isfinite(c.y[i]) && c.x[i] > 0) closest = std::min(closest, c.x[i]);
  EXPECT_LT(closest, 1e-4);
  EXPECT_LT(c.x.size(), 200000u);
}

}  // namespace
}  // namespace actviz::test
