// The summary statistics (ComputeStats, and the out_stats of an experiment): population moments
// over the finite values with NaN and ±∞ counted apart, the zero and saturated fractions and the
// mean |f′|, checked against hand-computed values on small inputs and, for whole experiments,
// against closed forms and quadrature of E[g(X)] (ReLU's half zeros, sigmoid's mean slope and
// saturation) within a few standard errors; and the saturation threshold's strict inequality.
// The first two tests keep the suite name Histogram they were first filed under.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/stats/samples.hpp"
#include "distribution_checks.hpp"

namespace actviz::test {
namespace {

TEST(Histogram, stats_are_population_moments_over_finite_values_with_nan_and_inf_apart) {
  // {1, 2, 3, 4}: mean 2.5, population std √1.25 (ddof = 0; ddof = 1 would be 1.29).
  const std::vector<float> v = {1, 2, NAN, 3, INFINITY, 4, -INFINITY, 0, -0.0f};
  const std::vector<float> d = {0.5f, 0.0f, NAN, -0.005f, 0.02f, -2.0f, 0.0099f, NAN, 1.0f};
  const Stats s = ComputeStats(v, d);
  EXPECT_EQ(s.count, 9u);
  EXPECT_EQ(s.finite, 6u);
  EXPECT_EQ(s.nan, 1u);
  EXPECT_EQ(s.inf, 2u);
  EXPECT_DOUBLE_EQ(s.mean, 10.0 / 6);
  const double m = 10.0 / 6;
  const double var =
      ((1 - m) * (1 - m) + (2 - m) * (2 - m) + (3 - m) * (3 - m) + (4 - m) * (4 - m) + 2 * m * m) /
      6;
  EXPECT_DOUBLE_EQ(s.std, std::sqrt(var));
  EXPECT_EQ(s.min, -0.0);
  EXPECT_EQ(s.max, 4);
  EXPECT_DOUBLE_EQ(s.zero_fraction, 2.0 / 9);  // +0 and −0, of all values
  // |f′| < 0.01: 0, −0.005 and 0.0099 (NaN slopes are not saturated), of all values.
  EXPECT_DOUBLE_EQ(s.saturated_fraction, 3.0 / 9);
  // Mean |f′| over the finite slopes: (0.5 + 0 + 0.005 + 0.02 + 2 + 0.0099 + 1) / 7.
  EXPECT_NEAR(s.grad_mean, (0.5 + 0.005 + 0.02 + 2 + 0.0099 + 1) / 7, 1e-8);

  const std::vector<float> plain = {1, 2, 3, 4};
  const Stats p = ComputeStats(plain, plain);
  EXPECT_DOUBLE_EQ(p.mean, 2.5);
  EXPECT_DOUBLE_EQ(p.std, std::sqrt(1.25));

  // A large offset: no cancellation in the variance.
  std::vector<float> big(1000);
  for (std::size_t i = 0; i < big.size(); ++i)
    big[i] = 1e6f + static_cast<float>(i % 2);  // exact in float
  const Stats b = ComputeStats(big, big);
  EXPECT_DOUBLE_EQ(b.mean, 1e6 + 0.5);
  EXPECT_DOUBLE_EQ(b.std, 0.5);
}

TEST(Histogram, stats_of_no_finite_data_are_nan_without_dividing_by_zero) {
  const std::vector<float> bad = {NAN, INFINITY, NAN};
  const Stats s = ComputeStats(bad, bad);
  EXPECT_EQ(s.finite, 0u);
  EXPECT_EQ(s.nan, 2u);
  EXPECT_EQ(s.inf, 1u);
  EXPECT_TRUE(std::isnan(s.mean) && std::isnan(s.std) && std::isnan(s.min) && std::isnan(s.max));
  EXPECT_EQ(s.zero_fraction, 0);
  EXPECT_EQ(s.saturated_fraction, 0);
  const Stats e = ComputeStats({}, {});
  EXPECT_EQ(e.count, 0u);
  EXPECT_TRUE(std::isfinite(e.zero_fraction) && std::isfinite(e.saturated_fraction));
}

// Simpson's rule for E[g(X)], X ~ N(0, S²), over ±12σ.
double NormalExpectation(const std::function<double(double)>& g, double s) {
  const int steps = 24000;
  const double a = -12 * s, h = 24 * s / steps;
  double sum = 0;
  for (int i = 0; i <= steps; ++i) {
    const double x = a + i * h;
    const double w = (i == 0 || i == steps) ? 1 : (i % 2 ? 4 : 2);
    sum += w * g(x) * std::exp(-x * x / (2 * s * s)) / (s * std::sqrt(2 * M_PI));
  }
  return sum * h / 3;
}

TEST(Experiment, relu_normal_has_half_zeros_half_saturated_and_grad_mean_one_half) {
  const std::size_t n = 200000;
  const SampleSpec spec = Spec(Distribution::kNormal, n, 1.5, 10);
  Experiment e;
  ASSERT_TRUE(RunExperiment(Fn("relu"), {}, spec, 30, e));
  std::size_t positive = 0;
  for (float x : e.x)
    positive += x > 0;
  // Exactly: relu(x) = 0 and relu′(x) = 0 iff x ≤ 0; relu′ = 1 elsewhere.
  const double frac = static_cast<double>(positive) / n;
  EXPECT_DOUBLE_EQ(e.out_stats.zero_fraction, 1 - frac);
  EXPECT_DOUBLE_EQ(e.out_stats.saturated_fraction, 1 - frac);
  EXPECT_DOUBLE_EQ(e.out_stats.grad_mean, frac);
  // And in theory: ½ each, within 5 standard errors.
  const double se = 0.5 / std::sqrt(static_cast<double>(n));
  EXPECT_NEAR(e.out_stats.zero_fraction, 0.5, 5 * se);
  EXPECT_NEAR(e.out_stats.grad_mean, 0.5, 5 * se);
  // E[relu(X)] = S/√(2π), Var = S²/2 − S²/(2π).
  const double s = spec.scale, mean = s / std::sqrt(2 * M_PI), var = s * s / 2 - mean * mean;
  EXPECT_NEAR(e.out_stats.mean, mean, 5 * std::sqrt(var / n));
  EXPECT_NEAR(e.out_stats.std, std::sqrt(var), 0.01 * std::sqrt(var));
  EXPECT_EQ(e.out_stats.min, 0);
  EXPECT_EQ(e.out_hist.edges.front(), 0);
}

TEST(Experiment, sigmoid_normal_grad_mean_and_saturation_match_integrals) {
  const std::size_t n = 200000;
  const double s = 4;
  const SampleSpec spec = Spec(Distribution::kNormal, n, s, 13);
  Experiment e;
  ASSERT_TRUE(RunExperiment(Fn("sigmoid"), {}, spec, 30, e));
  auto d = [](double x) {
    const double t = 1 / (1 + std::exp(-std::fabs(x)));
    return t * (1 - t);
  };
  const double g1 = NormalExpectation(d, s);
  const double g2 = NormalExpectation([&](double x) { return d(x) * d(x); }, s);
  std::printf("  sigmoid N(0, 16): E|f'| = %.6f (exact), grad_mean = %.6f\n", g1,
              e.out_stats.grad_mean);
  EXPECT_NEAR(e.out_stats.grad_mean, g1, 5 * std::sqrt((g2 - g1 * g1) / n));
  // σ′(x) < 0.01 ⟺ |x| > x₀ with σ(x₀) = (1 + √0.96)/2: P = 2Φ(−x₀/S).
  const double t = (1 + std::sqrt(0.96)) / 2, x0 = std::log(t / (1 - t));
  const double sat = std::erfc(x0 / (s * std::sqrt(2.0)));
  std::printf("  sigmoid N(0, 16): P(|f'| < 0.01) = %.6f (exact), saturated = %.6f\n", sat,
              e.out_stats.saturated_fraction);
  EXPECT_NEAR(e.out_stats.saturated_fraction, sat, 5 * std::sqrt(sat * (1 - sat) / n));
  // Output mean ½ by symmetry; E[σ(X)²] by quadrature.
  const double m2 =
      NormalExpectation([](double x) { return std::pow(1 / (1 + std::exp(-x)), 2); }, s);
  EXPECT_NEAR(e.out_stats.mean, 0.5, 5 * std::sqrt((m2 - 0.25) / n));
  EXPECT_NEAR(e.out_stats.std, std::sqrt(m2 - 0.25), 0.01 * std::sqrt(m2 - 0.25));
  EXPECT_EQ(e.out_stats.zero_fraction, 0);
}

TEST(Experiment, leaky_relu_default_slope_of_exactly_0_01_is_not_saturated) {
  // f′ = α = 0.01 on the negative side, and 0.01 is not < 0.01.
  Experiment e;
  ASSERT_TRUE(RunExperiment(Fn("leaky_relu"), Defaults(Fn("leaky_relu")),
                            Spec(Distribution::kNormal, 10000, 1, 1), 20, e));
  EXPECT_EQ(e.out_stats.saturated_fraction, 0);
}

}  // namespace
}  // namespace actviz::test
