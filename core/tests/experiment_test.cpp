// RunExperiment, the pipeline from seeded inputs to outputs, slopes, histograms and stats: the
// same seed gives identical results and longer runs extend shorter ones; a reused Experiment
// equals a fresh one whatever changed (cancelled runs included); outputs are the float32 kernels
// of the inputs; one sample and constant outputs give one bin [c, c]; NaN outputs (logit outside
// [0, 1], soft_exponential below its pole) are counted and never binned, the finite rest passing
// χ² against a hand-derived CDF; cancellation, progress, and buffer reuse.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/kernels.hpp"
#include "actviz/stats/samples.hpp"
#include "distribution_checks.hpp"

namespace actviz::test {
namespace {

TEST(Experiment, same_seed_gives_identical_results_and_longer_runs_extend_shorter_ones) {
  const Activation& fn = Fn("tanh");
  for (Distribution d : {Distribution::kUniform, Distribution::kNormal}) {
    // Crosses the 65 536-sample chunks, and is large enough to run on several threads.
    const SampleSpec spec = Spec(d, 600001, 2, 77);
    Experiment a, b;
    ASSERT_TRUE(RunExperiment(fn, {}, spec, 50, a));
    ASSERT_TRUE(RunExperiment(fn, {}, spec, 50, b));
    EXPECT_EQ(a.x, b.x);
    EXPECT_EQ(a.y, b.y);
    EXPECT_EQ(a.out_hist.counts, b.out_hist.counts);
    EXPECT_EQ(a.out_hist.edges, b.out_hist.edges);
    EXPECT_EQ(a.out_stats.mean, b.out_stats.mean);
    // The inputs are exactly DrawSamples of the whole range, in one piece.
    EXPECT_EQ(a.x, Draw(spec));
    SampleSpec shorter = spec;
    shorter.n = 1000;
    Experiment c;
    ASSERT_TRUE(RunExperiment(fn, {}, shorter, 50, c));
    EXPECT_TRUE(std::equal(c.x.begin(), c.x.end(), a.x.begin()));
    SampleSpec other = spec;
    other.seed = 78;
    Experiment o;
    ASSERT_TRUE(RunExperiment(fn, {}, other, 50, o));
    EXPECT_NE(o.out_hist.counts, a.out_hist.counts);
  }
}

TEST(Experiment, a_reused_experiment_equals_a_fresh_one_whatever_changed_between_runs) {
  // The GUI reruns one Experiment as sliders move; the samples (and their histogram) are kept
  // when the spec is unchanged. Every sequence of changes must give what a fresh run gives,
  // also after a cancelled run.
  const Activation& fn = Fn("elu");
  const SampleSpec base = Spec(Distribution::kNormal, 300001, 2, 5);
  SampleSpec seed = base, size = base, dist = base, scale = base;
  seed.seed = 6, size.n = 1234, dist.dist = Distribution::kUniform, scale.scale = 3;
  Params alpha = Defaults(fn);
  alpha.v[0] = 0.25;
  struct Run {
    SampleSpec spec;
    Params p;
    int bins;
  };
  const std::vector<Run> runs = {
      {base, Defaults(fn), 40}, {base, alpha, 40}, {base, alpha, 17},
      {seed, alpha, 17},        {size, alpha, 17}, {base, alpha, 17},
      {dist, alpha, 17},        {scale, alpha, 9}, {base, Defaults(fn), 40}};
  Experiment reused;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const Run& r = runs[k];
    if (k == 5) {  // a run cancelled before it starts leaves no stale samples behind
      std::atomic<bool> cancel{true};
      EXPECT_FALSE(RunExperiment(fn, r.p, dist, r.bins, reused, &cancel));
    }
    Experiment fresh;
    ASSERT_TRUE(RunExperiment(fn, r.p, r.spec, r.bins, reused));
    ASSERT_TRUE(RunExperiment(fn, r.p, r.spec, r.bins, fresh));
    EXPECT_EQ(reused.x, fresh.x) << "run " << k;
    EXPECT_EQ(reused.y, fresh.y) << "run " << k;
    EXPECT_EQ(reused.in_hist.counts, fresh.in_hist.counts) << "run " << k;
    EXPECT_EQ(reused.in_hist.edges, fresh.in_hist.edges) << "run " << k;
    EXPECT_EQ(reused.out_hist.counts, fresh.out_hist.counts) << "run " << k;
    EXPECT_EQ(reused.in_stats.std, fresh.in_stats.std) << "run " << k;
  }
}

TEST(Experiment, outputs_and_slopes_are_the_f32_kernels_of_the_inputs) {
  const Activation& fn = Fn("elu");
  const Params p = Defaults(fn);
  Experiment e;
  ASSERT_TRUE(RunExperiment(fn, p, Spec(Distribution::kNormal, 300001, 3, 3), 20, e));
  std::vector<float> y(e.x.size()), dy(e.x.size());
  Apply(fn, Eval::kValue, e.x, y, p);
  Apply(fn, Eval::kDerivative, e.x, dy, p);
  EXPECT_EQ(e.y, y);
  EXPECT_EQ(e.dy, dy);
  for (std::size_t i = 0; i < e.x.size(); i += 31) {
    EXPECT_NEAR(e.y[i], fn.f(e.x[i], p), 1e-6 * std::max(1.0, std::fabs(fn.f(e.x[i], p))));
    EXPECT_NEAR(e.dy[i], fn.df(e.x[i], p), 1e-6);
  }
}

TEST(Experiment, one_sample_gives_one_bin_holding_it_and_finite_stats) {
  for (Distribution d : {Distribution::kUniform, Distribution::kNormal}) {
    const SampleSpec spec = Spec(d, 1, 1, 9);
    Experiment e;
    ASSERT_TRUE(RunExperiment(Fn("sigmoid"), {}, spec, 100, e));
    ASSERT_EQ(e.x.size(), 1u);
    const double x = e.x[0], y = e.y[0];
    EXPECT_NEAR(y, 1 / (1 + std::exp(-x)), 1e-6);
    EXPECT_EQ(e.in_hist.edges, (std::vector<double>{x, x}));
    EXPECT_EQ(e.out_hist.edges, (std::vector<double>{y, y}));
    EXPECT_EQ(e.in_hist.counts, std::vector<std::uint64_t>{1});
    EXPECT_EQ(e.out_hist.counts, std::vector<std::uint64_t>{1});
    for (const Stats* s : {&e.in_stats, &e.out_stats}) {
      EXPECT_EQ(s->count, 1u);
      EXPECT_EQ(s->finite, 1u);
      EXPECT_EQ(s->std, 0);
      EXPECT_EQ(s->min, s->max);
      EXPECT_EQ(s->mean, s->min);
      EXPECT_NEAR(s->grad_mean, std::exp(-std::fabs(x)) / std::pow(1 + std::exp(-std::fabs(x)), 2),
                  1e-6);
      EXPECT_EQ(s->zero_fraction, 0);
    }
    EXPECT_EQ(e.out_stats.mean, y);
    // The exact distribution over a one-bin histogram [y, y] of a continuous output: ~0.
    const std::vector<double> ex = ExpectedCounts(Fn("sigmoid"), {}, 1, spec, e.out_hist.edges);
    ASSERT_EQ(ex.size(), 1u);
    EXPECT_NEAR(ex[0], 0, 1e-6);
  }
}

TEST(Experiment, constant_output_gives_one_bin_c_c_holding_all_samples) {
  struct Const {
    const char* name;
    ParamList params;
    Distribution dist;
    double scale, c;
  };
  const Const cases[] = {
      {"step", {{"theta", 5.0}}, Distribution::kUniform, 1, 0},  // x < ½ < θ: all 0
      {"thresholded_relu", {{"theta", 5.0}}, Distribution::kUniform, 4, 0},
      {"maxout", {{"w1", 0.0}, {"b1", 2.0}, {"w2", 0.0}, {"b2", 1.0}}, Distribution::kNormal, 3, 2},
      {"linear", {{"lambda", 0.0}}, Distribution::kNormal, 1, 0},
  };
  const std::size_t n = 100000;
  for (const Const& k : cases) {
    SCOPED_TRACE(k.name);
    const Activation& fn = Fn(k.name);
    const Params p = With(fn, k.params);
    const SampleSpec spec = Spec(k.dist, n, k.scale, 4);
    Experiment e;
    ASSERT_TRUE(RunExperiment(fn, p, spec, 100, e));
    ASSERT_EQ(e.out_hist.edges.size(), 2u);
    EXPECT_EQ(e.out_hist.edges[0], k.c);
    EXPECT_EQ(e.out_hist.edges[1], k.c);
    EXPECT_EQ(e.out_hist.counts, std::vector<std::uint64_t>{n});
    const Stats& s = e.out_stats;
    EXPECT_EQ(s.finite, n);
    EXPECT_EQ(s.mean, k.c);
    EXPECT_EQ(s.std, 0);
    EXPECT_EQ(s.min, k.c);
    EXPECT_EQ(s.max, k.c);
    EXPECT_EQ(s.zero_fraction, k.c == 0 ? 1.0 : 0.0);
    EXPECT_EQ(s.saturated_fraction, 1.0);  // f′ = 0 everywhere
    EXPECT_EQ(s.grad_mean, 0.0);
    // The input is untouched: 100 bins over its own range.
    EXPECT_EQ(e.in_hist.counts.size(), 100u);
    // All the probability sits in the one bin [c, c].
    const double half = SupportHalfWidth(spec);
    const int mono = MonotonicOver(fn, p, -half, half);
    EXPECT_EQ(mono, 1);  // constant: non-decreasing
    const std::vector<double> ex = ExpectedCounts(fn, p, mono, spec, e.out_hist.edges);
    ASSERT_EQ(ex.size(), 1u);
    EXPECT_NEAR(ex[0], static_cast<double>(n), 1e-6);
  }
}

// Checks that the output histogram holds exactly the finite outputs, that NaN and ±∞ are
// counted as `want_nan` / `want_inf`, and that the finite outputs follow `cdf` conditioned on
// being finite (χ² with tails folded).
void ExpectNonFiniteCountedAndFiniteBinned(const Experiment& e, std::size_t want_nan,
                                           std::size_t want_inf, const Cdf& cdf,
                                           const SampleSpec& spec, const char* label) {
  const Stats& s = e.out_stats;
  const std::size_t n = spec.n;
  EXPECT_EQ(s.count, n);
  EXPECT_EQ(s.nan, want_nan);
  EXPECT_EQ(s.inf, want_inf);
  EXPECT_EQ(s.finite, n - want_nan - want_inf);
  EXPECT_EQ(e.in_stats.nan, 0u);
  std::uint64_t total = 0;
  for (std::uint64_t c : e.out_hist.counts)
    total += c;
  EXPECT_EQ(total, s.finite) << "only finite outputs are binned";
  double lo = INFINITY, hi = -INFINITY;
  long double sum = 0;
  for (float y : e.y)
    if (std::isfinite(y)) lo = std::min(lo, double(y)), hi = std::max(hi, double(y)), sum += y;
  ASSERT_FALSE(e.out_hist.edges.empty());
  for (double edge : e.out_hist.edges)
    EXPECT_TRUE(std::isfinite(edge));
  EXPECT_EQ(e.out_hist.edges.front(), lo);
  EXPECT_EQ(e.out_hist.edges.back(), hi);
  EXPECT_TRUE(std::isfinite(s.mean) && std::isfinite(s.std) && std::isfinite(s.grad_mean));
  EXPECT_NEAR(s.mean, static_cast<double>(sum / s.finite), 1e-9 * (1 + std::fabs(s.mean)));
  // The finite part's shape: P(Y ≤ y | finite) from the hand-derived cdf.
  SampleSpec cond = spec;
  cond.n = s.finite;
  const ChiSquare r =
      PearsonChiSquare(e.out_hist.counts, Expected(cdf, cond, e.out_hist.edges, true));
  std::printf("  %s finite outputs vs exact: chi2 = %.2f, dof = %d, p = %.3g\n", label, r.stat,
              r.dof, r.p);
  EXPECT_GT(r.p, kAlpha) << label << " chi2=" << r.stat << " dof=" << r.dof;
}

TEST(Experiment, logit_nan_outside_zero_one_is_counted_and_never_binned) {
  // U(−½, ½)·4 = U(−2, 2): three quarters of the inputs lie outside [0, 1] where logit is NaN;
  // logit(0) = −∞ and logit(1) = +∞. The inputs inside (0, 1) are U(0, 1), so the finite
  // outputs are standard logistic: P(Y ≤ y | finite) = σ(y).
  const SampleSpec spec = Spec(Distribution::kUniform, 200000, 4, 8);
  Experiment e;
  ASSERT_TRUE(RunExperiment(Fn("logit"), {}, spec, 40, e));
  std::size_t nan = 0, inf = 0;
  for (float x : Draw(spec)) {
    nan += x < 0 || x > 1;
    inf += x == 0 || x == 1;
  }
  EXPECT_NEAR(static_cast<double>(nan) / spec.n, 0.75, 0.01);  // the inputs are what we think
  const Cdf logistic = [](const SampleSpec&, double y, bool) { return 1 / (1 + std::exp(-y)); };
  ExpectNonFiniteCountedAndFiniteBinned(e, nan, inf, logistic, spec, "logit");
  // logit′ is NaN outside [0, 1] too: grad_mean is over the finite slopes only.
  long double g = 0;
  std::size_t ng = 0;
  for (float d : e.dy)
    if (std::isfinite(d)) g += std::fabs(d), ++ng;
  EXPECT_EQ(ng, spec.n - nan - inf);
  EXPECT_NEAR(e.out_stats.grad_mean, static_cast<double>(g / ng), 1e-9 * e.out_stats.grad_mean);
}

TEST(Experiment, soft_exponential_nan_below_its_pole_is_counted_and_never_binned) {
  // α = −½: f(x) = −ln(1 − α(x + α))/α = 2·ln(¾ + x/2), NaN where 1 − α(x + α) ≤ 0, i.e.
  // x ≤ −3/2. Above the pole, P(Y ≤ y) = F(2e^(y/2) − 3/2) − F(−3/2).
  const SampleSpec spec = Spec(Distribution::kNormal, 200000, 3, 6);
  const Activation& fn = Fn("soft_exponential");
  Experiment e;
  ASSERT_TRUE(RunExperiment(fn, With(fn, {{"alpha", -0.5}}), spec, 40, e));
  std::size_t nan = 0;
  for (float x : Draw(spec))
    nan += 1 + 0.5 * (static_cast<double>(x) - 0.5) <= 0;
  // P(X ≤ −1.5) = Φ(−½) ≈ 0.3085 for S = 3.
  EXPECT_NEAR(static_cast<double>(nan) / spec.n, 0.3085375387, 0.005);
  const Cdf above_pole = [](const SampleSpec& s, double y, bool) {
    const double p0 = F(s, -1.5);
    return (F(s, 2 * std::exp(y / 2) - 1.5) - p0) / (1 - p0);
  };
  ExpectNonFiniteCountedAndFiniteBinned(e, nan, 0, above_pole, spec, "soft_exponential");
}

TEST(Experiment, cancel_returns_false_and_progress_reaches_one) {
  Experiment e;
  std::atomic<bool> cancel{true};
  std::atomic<float> progress{0};
  EXPECT_FALSE(RunExperiment(Fn("relu"), {}, Spec(Distribution::kNormal, 300000, 1, 1), 10, e,
                             &cancel, &progress));
  cancel = false;
  EXPECT_TRUE(RunExperiment(Fn("relu"), {}, Spec(Distribution::kNormal, 300000, 1, 1), 10, e,
                            &cancel, &progress));
  EXPECT_EQ(progress.load(), 1.0f);
  EXPECT_EQ(e.out_stats.count, 300000u);
}

TEST(Experiment, buffers_are_reused_when_n_is_unchanged) {
  Experiment e;
  const SampleSpec spec = Spec(Distribution::kUniform, 50000, 1, 1);
  ASSERT_TRUE(RunExperiment(Fn("tanh"), {}, spec, 10, e));
  const float *x = e.x.data(), *y = e.y.data(), *dy = e.dy.data();
  SampleSpec other = spec;
  other.seed = 2;
  ASSERT_TRUE(RunExperiment(Fn("sigmoid"), {}, other, 10, e));
  EXPECT_EQ(e.x.data(), x);
  EXPECT_EQ(e.y.data(), y);
  EXPECT_EQ(e.dy.data(), dy);
}

}  // namespace
}  // namespace actviz::test
