// The χ² test that the distribution tests rely on, checked itself: its p-value (the regularised
// incomplete gamma function) against closed forms of the χ² tail, and its power: sampled output
// histograms are rejected against wrong distributions (another function, a 3 % error in the
// scale, ReLU without its atom at 0, normal inputs taken for uniform ones).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/stats/samples.hpp"
#include "distribution_checks.hpp"

namespace actviz::test {
namespace {

TEST(ExactChiSquare, p_value_matches_closed_forms_of_the_chi_square_tail) {
  for (double x : {0.01, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 80.0}) {
    // k = 1: Q = erfc(√(x/2)); k = 2: e^(−x/2); even k: e^(−x/2)·Σ_{j<k/2} (x/2)^j / j!
    EXPECT_NEAR(GammaQ(0.5, x / 2), std::erfc(std::sqrt(x / 2)), 1e-12) << x;
    EXPECT_NEAR(GammaQ(1, x / 2) / std::exp(-x / 2), 1, 1e-12) << x;
  }
  for (int k : {4, 10, 40, 80})
    for (double x = 1; x < 300; x *= 1.7) {
      double term = 1, sum = 0;
      for (int j = 0; j < k / 2; ++j) {
        sum += term;
        term *= (x / 2) / (j + 1);
      }
      const double want = std::exp(-x / 2) * sum;
      EXPECT_NEAR(GammaQ(k / 2.0, x / 2), want, 1e-12 + 1e-10 * want) << "k=" << k << " x=" << x;
    }
  // A perfect fit is not rejected, a gross misfit is.
  const std::vector<std::uint64_t> o = {100, 100, 100, 100};
  EXPECT_NEAR(PearsonChiSquare(o, std::vector<double>{100, 100, 100, 100}).p, 1, 1e-12);
  EXPECT_LT(PearsonChiSquare(o, std::vector<double>{200, 50, 100, 50}).p, 1e-10);
}

// The χ² test has power: the same machinery rejects distributions that are wrong.
struct Sampled {
  Experiment e;
  SampleSpec spec;
};

Sampled SampleRun(const char* name, const ParamList& params, Distribution d, double s, int bins) {
  Sampled r;
  r.spec = Spec(d, 200000, s, 20240);
  const Activation& fn = Fn(name);
  if (!RunExperiment(fn, With(fn, params), r.spec, bins, r.e)) throw std::runtime_error("run");
  return r;
}

TEST(ExactChiSquare, rejects_tanh_outputs_against_sigmoid_probabilities) {
  const Sampled t = SampleRun("tanh", {}, Distribution::kNormal, 1.5, 30);
  const ChiSquare r = PearsonChiSquare(
      t.e.out_hist.counts, CodeExpected(Fn("sigmoid"), {}, 1, t.spec, t.e.out_hist.edges));
  std::printf("  tanh outputs vs sigmoid's exact counts: chi2 = %.3g, p = %.3g\n", r.stat, r.p);
  EXPECT_LT(r.p, kAlpha);
}

TEST(ExactChiSquare, rejects_a_three_percent_error_in_the_scale) {
  for (const char* name : {"tanh", "sigmoid", "elu"})
    for (Distribution d : {Distribution::kUniform, Distribution::kNormal}) {
      const Sampled t = SampleRun(name, {}, d, d == Distribution::kUniform ? 4 : 1.5, 30);
      SampleSpec wrong = t.spec;
      wrong.scale *= 1.03;
      const Activation& fn = Fn(name);
      const ChiSquare r = PearsonChiSquare(
          t.e.out_hist.counts, CodeExpected(fn, Defaults(fn), 1, wrong, t.e.out_hist.edges));
      std::printf("  %s %s vs S*1.03: chi2 = %.1f, dof = %d, p = %.3g\n", name,
                  std::string(DistributionName(d)).c_str(), r.stat, r.dof, r.p);
      EXPECT_LT(r.p, kAlpha) << name << " " << DistributionName(d) << " chi2=" << r.stat;
    }
}

TEST(ExactChiSquare, rejects_relu_without_its_point_mass_at_zero) {
  // The alternative: Y | Y > 0 (the half-normal alone), i.e. the atom P(Y = 0) = ½ left out.
  const Sampled t = SampleRun("relu", {}, Distribution::kNormal, 1, 30);
  const Cdf no_atom = [](const SampleSpec& s, double y, bool) {
    return y <= 0 ? 0.0 : 2 * F(s, y) - 1;
  };
  const ChiSquare r =
      PearsonChiSquare(t.e.out_hist.counts, Expected(no_atom, t.spec, t.e.out_hist.edges, true));
  std::printf("  relu normal vs no atom at 0: chi2 = %.3g, p = %.3g\n", r.stat, r.p);
  EXPECT_LT(r.p, kAlpha);
}

TEST(ExactChiSquare, rejects_normal_inputs_pushed_through_as_if_uniform) {
  // sigmoid of N(0, S²) against sigmoid of a uniform with the same variance (S·√12).
  const Sampled t = SampleRun("sigmoid", {}, Distribution::kNormal, 2, 30);
  SampleSpec wrong = t.spec;
  wrong.dist = Distribution::kUniform;
  wrong.scale = 2 * std::sqrt(12.0);
  const ChiSquare r = PearsonChiSquare(
      t.e.out_hist.counts, CodeExpected(Fn("sigmoid"), {}, 1, wrong, t.e.out_hist.edges));
  std::printf("  sigmoid normal vs uniform of equal variance: chi2 = %.3g, p = %.3g\n", r.stat,
              r.p);
  EXPECT_LT(r.p, kAlpha);
}

}  // namespace
}  // namespace actviz::test
