// The exact output distribution (OutputCdf, ExpectedCounts, MonotonicOver) against CDFs derived
// here by hand for twelve monotonic functions on uniform and normal inputs, point masses included
// (ReLU's atom at 0, hard_sigmoid's and relu6's at both ends, step's two, thresholded_relu's
// gap): bin by bin against the hand-derived counts, and sampled histograms passing χ² against
// both; three closed forms spelled out; the direction test rejecting dips and NaN.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/stats/samples.hpp"
#include "distribution_checks.hpp"

namespace actviz::test {
namespace {

double Sum(std::span<const double> v) {
  double s = 0;
  for (double x : v)
    s += x;
  return s;
}

// Monotonic functions with hand-derived output CDFs: the generalised inverse of each f,
// point masses included (ReLU's P(Y = 0) = F(0), hard_sigmoid's P(Y = 0) = F(−3) and
// P(Y = 1) = 1 − F(3), step's two atoms, thresholded_relu's gap (0, θ] in its range).
struct Case {
  const char* name;
  ParamList params;
  double s_uniform, s_normal;  // scales that exercise the interesting part of f
  int monotonic;               // +1 non-decreasing, −1 non-increasing
  Cdf cdf;
};

double SigmoidCdf(const SampleSpec& s, double y, bool) {
  return y <= 0 ? 0.0 : y >= 1 ? 1.0 : F(s, std::log(y / (1 - y)));  // x = logit(y)
}
double TanhCdf(const SampleSpec& s, double y, bool) {
  return y <= -1 ? 0.0 : y >= 1 ? 1.0 : F(s, std::atanh(y));
}
double ReluCdf(const SampleSpec& s, double y, bool strict) {
  if (y < 0 || (y == 0 && strict)) return 0;
  return F(s, y);  // at y = 0 (not strict): the atom P(X ≤ 0)
}
double LeakyReluCdf(const SampleSpec& s, double y, bool) {
  return F(s, y < 0 ? y / 0.01 : y);  // α = 0.01, the default
}
double EluCdf(const SampleSpec& s, double y, bool) {
  return y <= -1 ? 0.0 : F(s, y < 0 ? std::log1p(y) : y);  // α = 1: y = eˣ − 1 below 0
}
double SoftplusCdf(const SampleSpec& s, double y, bool) {
  return y <= 0 ? 0.0 : F(s, std::log(std::expm1(y)));  // β = 1: x = ln(eʸ − 1)
}
double SoftsignCdf(const SampleSpec& s, double y, bool) {
  return y <= -1 ? 0.0 : y >= 1 ? 1.0 : F(s, y / (1 - std::fabs(y)));
}
double NegativeLinearCdf(const SampleSpec& s, double y, bool) {
  return 1 - F(s, y / -2.0);  // λ = −2: {λx ≤ y} = {x ≥ y/λ}
}
double HardSigmoidCdf(const SampleSpec& s, double y, bool strict) {
  if (y < 0 || (y == 0 && strict)) return 0;
  if (y > 1 || (y == 1 && !strict)) return 1;
  return F(s, 6 * y - 3);  // y = x/6 + ½; at 0 the atom F(−3); below 1 all but 1 − F(3)
}
double Relu6Cdf(const SampleSpec& s, double y, bool strict) {
  if (y < 0 || (y == 0 && strict)) return 0;
  if (y > 6 || (y == 6 && !strict)) return 1;
  return F(s, y);  // atoms F(0) at 0 and 1 − F(6) at 6
}
double ThresholdedReluCdf(const SampleSpec& s, double y, bool strict) {
  if (y < 0 || (y == 0 && strict)) return 0;
  return F(s, y <= 1 ? 1.0 : y);  // θ = 1: Y is 0 (x ≤ θ) or > θ, nothing in (0, θ]
}
double StepCdf(const SampleSpec& s, double y, bool strict) {
  if (y < 0 || (y == 0 && strict)) return 0;
  if (y > 1 || (y == 1 && !strict)) return 1;
  return F(s, 0.3);  // θ = 0.3: the atom at 0 is P(X ≤ θ), the rest sits at 1
}

std::vector<Case> Cases() {
  return {
      {"sigmoid", {}, 8, 2, 1, SigmoidCdf},
      {"tanh", {}, 3, 1.5, 1, TanhCdf},
      {"relu", {}, 2, 1, 1, ReluCdf},
      {"leaky_relu", {}, 2, 1, 1, LeakyReluCdf},
      {"elu", {{"alpha", 1.0}}, 6, 2, 1, EluCdf},
      {"softplus", {{"beta", 1.0}}, 8, 3, 1, SoftplusCdf},
      {"softsign", {}, 8, 3, 1, SoftsignCdf},
      {"linear", {{"lambda", -2.0}}, 2, 1, -1, NegativeLinearCdf},  // decreasing
      {"hard_sigmoid", {}, 8, 2, 1, HardSigmoidCdf},
      {"relu6", {}, 16, 4, 1, Relu6Cdf},
      {"thresholded_relu", {{"theta", 1.0}}, 6, 2, 1, ThresholdedReluCdf},
      {"step", {{"theta", 0.3}}, 2, 1, 1, StepCdf},
  };
}

struct ExactParam {
  Case c;
  Distribution dist;
  std::uint64_t seed;  // one per case: no two cases share their inputs
};

void PrintTo(const ExactParam& p, std::ostream* os) {
  *os << p.c.name << " " << DistributionName(p.dist);
}

std::vector<ExactParam> ExactParams() {
  std::vector<ExactParam> out;
  for (const Case& c : Cases())
    for (Distribution d : {Distribution::kUniform, Distribution::kNormal})
      out.push_back({c, d, 20240 + out.size()});
  return out;
}

class ExactOutput : public ::testing::TestWithParam<ExactParam> {
 protected:
  const Case& C() const { return GetParam().c; }
  SampleSpec SpecFor(std::size_t n) const {
    const Distribution d = GetParam().dist;
    return Spec(d, n, d == Distribution::kUniform ? C().s_uniform : C().s_normal, GetParam().seed);
  }
};

TEST_P(ExactOutput, output_cdf_matches_the_hand_derived_cdf_including_point_masses) {
  const Activation& fn = Fn(C().name);
  const Params p = With(fn, C().params);
  const SampleSpec spec = SpecFor(1);
  const double half = SupportHalfWidth(spec);
  ASSERT_EQ(MonotonicOver(fn, p, -half, half), C().monotonic);
  std::vector<double> ys = {-1, 0, 1, 6, 0.3, 1e-300, -1e-300};
  for (double y = -10; y <= 10; y += 1.0 / 64)
    ys.push_back(y);
  for (double y : ys)
    for (bool strict : {false, true})
      EXPECT_NEAR(OutputCdf(fn, p, C().monotonic, spec, y, strict), C().cdf(spec, y, strict), 1e-9)
          << "y=" << y << (strict ? " P(Y < y)" : " P(Y <= y)");
}

TEST_P(ExactOutput, histogram_matches_exact_probabilities_chi_square) {
  const Activation& fn = Fn(C().name);
  const Params p = With(fn, C().params);
  const std::size_t n = 200000;
  const int bins = 30;
  const SampleSpec spec = SpecFor(n);
  Experiment e;
  ASSERT_TRUE(RunExperiment(fn, p, spec, bins, e));
  ASSERT_EQ(e.out_stats.finite, n);
  const Histogram& h = e.out_hist;
  ASSERT_EQ(h.counts.size(), static_cast<std::size_t>(bins));

  // The implementation's exact counts agree bin by bin with the hand-derived ones...
  const std::vector<double> code = ExpectedCounts(fn, p, C().monotonic, spec, h.edges);
  const std::vector<double> hand = Expected(C().cdf, spec, h.edges, false);
  ASSERT_EQ(code.size(), hand.size());
  for (std::size_t i = 0; i < code.size(); ++i)
    EXPECT_NEAR(code[i] / n, hand[i] / n, 1e-9) << "bin " << i;

  // ...and the sampled histogram passes χ² against both (tails folded into the end bins).
  const std::vector<double> hand_t = Expected(C().cdf, spec, h.edges, true);
  EXPECT_NEAR(Sum(hand_t), static_cast<double>(n), 1e-6);
  const ChiSquare a = PearsonChiSquare(h.counts, hand_t);
  const ChiSquare b = PearsonChiSquare(h.counts, CodeExpected(fn, p, C().monotonic, spec, h.edges));
  std::printf("  %-16s %-7s chi2 = %7.2f, dof = %2d, p = %.3g (vs ExpectedCounts: p = %.3g)\n",
              C().name, std::string(DistributionName(spec.dist)).c_str(), a.stat, a.dof, a.p, b.p);
  EXPECT_GT(a.p, kAlpha) << "chi2=" << a.stat << " dof=" << a.dof;
  EXPECT_GT(b.p, kAlpha) << "chi2=" << b.stat << " dof=" << b.dof;
}

std::string ExactName(const ::testing::TestParamInfo<ExactParam>& info) {
  return std::string(info.param.c.name) + "_" + std::string(DistributionName(info.param.dist));
}

INSTANTIATE_TEST_SUITE_P(Exact, ExactOutput, ::testing::ValuesIn(ExactParams()), ExactName);

TEST(ExactOutputClosedForm, sigmoid_uniform_tanh_normal_relu_normal_by_hand) {
  // Three cases spelled out by hand: P(σ(X) ≤ y) = clamp(logit(y)/S + ½) for
  // uniform X; P(tanh X ≤ y) = Φ(atanh(y)/S) for normal X; P(relu X = 0) = ½ for normal X.
  const SampleSpec u = Spec(Distribution::kUniform, 1, 6, 0);
  const SampleSpec g = Spec(Distribution::kNormal, 1, 1.5, 0);
  for (double y = 0.01; y < 1; y += 0.01) {
    const double want = std::clamp(std::log(y / (1 - y)) / 6 + 0.5, 0.0, 1.0);
    EXPECT_NEAR(OutputCdf(Fn("sigmoid"), {}, 1, u, y, false), want, 1e-12) << y;
  }
  for (double y = -0.99; y < 1; y += 0.01) {
    const double want = 0.5 * std::erfc(-std::atanh(y) / 1.5 / std::sqrt(2.0));
    EXPECT_NEAR(OutputCdf(Fn("tanh"), {}, 1, g, y, false), want, 1e-12) << y;
  }
  const double atom =
      OutputCdf(Fn("relu"), {}, 1, g, 0, false) - OutputCdf(Fn("relu"), {}, 1, g, 0, true);
  EXPECT_NEAR(atom, 0.5, 1e-12);
  // And the sampled atom: the zeros of relu on N(0, S²), ½ within 5 standard errors.
  Experiment e;
  const std::size_t n = 200000;
  ASSERT_TRUE(RunExperiment(Fn("relu"), {}, Spec(Distribution::kNormal, n, 1.5, 99), 30, e));
  EXPECT_NEAR(e.out_stats.zero_fraction, 0.5, 5 * 0.5 / std::sqrt(double(n)));
}

TEST(ExactOutputClosedForm, monotonic_over_tells_direction_and_rejects_dips_and_nan) {
  EXPECT_EQ(MonotonicOver(Fn("sigmoid"), {}, -40, 40), 1);
  EXPECT_EQ(MonotonicOver(Fn("linear"), With(Fn("linear"), {{"lambda", -0.5}}), -40, 40), -1);
  EXPECT_EQ(MonotonicOver(Fn("gelu"), {}, -4, 4), 0);  // dips to −0.17 at x ≈ −0.75
  EXPECT_EQ(MonotonicOver(Fn("swish"), Defaults(Fn("swish")), -4, 4), 0);
  EXPECT_EQ(MonotonicOver(Fn("logit"), {}, -2, 2), 0);       // NaN outside [0, 1]
  EXPECT_EQ(MonotonicOver(Fn("hard_swish"), {}, -4, 4), 0);  // falls on (−3, −1.5)
}

}  // namespace
}  // namespace actviz::test
