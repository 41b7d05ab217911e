// The depth experiment against the mean-field theory and against what each initialisation
// promises: measured Var(zₗ) and gradient ratios beside qₗ and χₗ, the weights' own moments
// (orthogonality, uniform bounds), the same bits for any thread count, refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>
#include <string>
#include <tuple>

#include "actviz/activations/catalogue.hpp"
#include "actviz/base/threads.hpp"
#include "actviz/networks/depth.hpp"

namespace actviz::test {
namespace {

DepthResult RunFor(const char* name, DepthSpec s, DepthCache* cache = nullptr) {
  const Activation& fn = *Find(name);
  DepthResult r;
  EXPECT_TRUE(RunDepth(fn, Defaults(fn), s, r, cache));
  return r;
}

// Finite width: each layer's variance is off the theory by ~√(2/N) relative, and a marginal
// map (ReLU with He) lets those errors add up as a random walk; contracting maps forget them.
struct TheoryCase {
  const char* function;
  Init init;
  double gain, var_tol, chi_tol;
};
constexpr TheoryCase kCases[] = {
    {"tanh", Init::kXavierNormal, 1.0, 0.06, 0.06},
    {"tanh", Init::kOrthogonal, 5.0 / 3, 0.06, 0.06},
    {"tanh", Init::kStandard, 1.0, 0.06, 0.06},
    {"sigmoid", Init::kXavierUniform, 1.0, 0.1, 0.06},  // a unit's mean: N draws
    {"relu", Init::kHeNormal, 1.0, 0.2, 0.06},
    {"relu", Init::kHeUniform, 1.0, 0.2, 0.06},
    {"selu", Init::kLecunNormal, 1.0, 0.06, 0.06},
    {"gelu", Init::kHeNormal, 1.0, 0.2, 0.06},
};

TEST(Depth, measured_variance_and_gradient_ratio_follow_the_mean_field_theory) {
  for (const TheoryCase& c : kCases) {
    DepthSpec s;
    s.layers = 8;
    s.width = 1024;
    s.batch = 256;
    s.init = c.init;
    s.gain = c.gain;
    const DepthResult r = RunFor(c.function, s);
    ASSERT_EQ(r.layers.size(), 8u);
    ASSERT_EQ(r.theory.size(), 8u);
    for (std::size_t l = 0; l < 8; ++l) {
      const double var = r.layers[l].pre.std * r.layers[l].pre.std;
      EXPECT_NEAR(var / r.theory[l].q, 1, c.var_tol) << c.function << " layer " << l + 1;
      if (l + 1 < 8) {
        const double ratio = r.layers[l].grad.std / r.layers[l + 1].grad.std;
        EXPECT_NEAR(ratio * ratio / r.theory[l].chi, 1, c.chi_tol) << c.function << " " << l + 1;
      }
    }
  }
}

TEST(Depth, sigmoid_gradient_vanishes_and_relu_with_he_keeps_it) {
  DepthSpec s;
  s.layers = 50;
  s.width = 256;
  s.batch = 200;
  const DepthResult sig = RunFor("sigmoid", s);
  // χ ≈ 0.056 a layer: 49 layers take the gradient down by ~10⁻⁶¹ in energy.
  EXPECT_LT(sig.layers[0].grad.std, 1e-25 * sig.layers[49].grad.std);
  s.init = Init::kHeNormal;
  const DepthResult relu = RunFor("relu", s);
  const double r = relu.layers[0].grad.std / relu.layers[49].grad.std;
  EXPECT_GT(r, 0.2);
  EXPECT_LT(r, 5);
  EXPECT_NEAR(relu.layers[10].post.zero_fraction, 0.5, 0.05);  // half the units off
}

TEST(Depth, same_seed_same_bits_for_any_thread_count_and_cache) {
  DepthSpec s;
  s.layers = 6;
  s.width = 128;
  s.batch = 100;
  s.sigma_b = 0.3;
  s.bins = 32;
  s.init = Init::kOrthogonal;
  SetMaxThreads(1);
  const DepthResult one = RunFor("tanh", s);
  SetMaxThreads(2);
  DepthCache cache;
  const DepthResult two = RunFor("tanh", s, &cache);
  const DepthResult cached = RunFor("tanh", s, &cache);
  SetMaxThreads(0);
  for (const DepthResult* r : {&two, &cached})
    for (std::size_t l = 0; l < 6; ++l) {
      EXPECT_EQ(one.layers[l].pre.mean, r->layers[l].pre.mean);
      EXPECT_EQ(one.layers[l].post.std, r->layers[l].post.std);
      EXPECT_EQ(one.layers[l].grad.std, r->layers[l].grad.std);
      EXPECT_EQ(one.layers[l].pre_hist, r->layers[l].pre_hist);
    }
  s.seed = 1;
  EXPECT_NE(RunFor("tanh", s).layers[0].pre.mean, one.layers[0].pre.mean);
  // A drag of σ_w, σ_b or the gain keeps the cache's draw: the same bits as a fresh run.
  for (auto change :
       {+[](DepthSpec& d) { d.sigma_w = 1.3; }, +[](DepthSpec& d) { d.sigma_b = 0.5; },
        +[](DepthSpec& d) { d.gain = 1.7; }}) {
    change(s);
    const DepthResult warm = RunFor("tanh", s, &cache), fresh = RunFor("tanh", s);
    for (std::size_t l = 0; l < 6; ++l) {
      EXPECT_EQ(warm.layers[l].pre.std, fresh.layers[l].pre.std);
      EXPECT_EQ(warm.layers[l].grad.std, fresh.layers[l].grad.std);
      EXPECT_EQ(warm.layers[l].post_hist, fresh.layers[l].post_hist);
    }
  }
}

// The tab's preview runs the batch's first rows only: its statistics are over those rows, and
// the whole run's statistics come out the same after it (the cache holds nothing of it).
TEST(Depth, a_preview_over_the_first_rows_counts_those_rows_only) {
  DepthSpec s;
  s.layers = 5;
  s.width = 64;
  s.batch = 1000;
  s.bins = 16;
  const Activation& fn = *Find("tanh");
  DepthCache cache;
  DepthResult preview, whole, fresh;
  ASSERT_TRUE(RunDepth(fn, Defaults(fn), s, preview, &cache, nullptr, nullptr, 256));
  ASSERT_TRUE(RunDepth(fn, Defaults(fn), s, whole, &cache));
  ASSERT_TRUE(RunDepth(fn, Defaults(fn), s, fresh));
  EXPECT_EQ(preview.rows, 256);
  EXPECT_EQ(whole.rows, 1000);
  // The whole run went through the other 744 rows only, and a preview of a different run
  // (or of rows that end inside a block) is not taken for this one.
  EXPECT_EQ(whole.reused_rows, 256);
  EXPECT_EQ(fresh.reused_rows, 0);
  DepthResult again, odd, after_odd;
  ASSERT_TRUE(RunDepth(fn, Defaults(fn), s, again, &cache));
  EXPECT_EQ(again.reused_rows, 1000);
  s.sigma_w = 1.1;
  ASSERT_TRUE(RunDepth(fn, Defaults(fn), s, odd, &cache, nullptr, nullptr, 200));
  ASSERT_TRUE(RunDepth(fn, Defaults(fn), s, after_odd, &cache));
  EXPECT_EQ(after_odd.reused_rows, 128);
  EXPECT_EQ(after_odd.layers[4].grad.std, RunFor("tanh", s).layers[4].grad.std);
  s.sigma_w.reset();
  for (std::size_t l = 0; l < 5; ++l) {
    EXPECT_EQ(preview.layers[l].pre.count, 256u * 64);
    const auto total =
        std::accumulate(preview.layers[l].pre_hist.begin(), preview.layers[l].pre_hist.end(), 0ull);
    EXPECT_LE(total, 256u * 64);
    EXPECT_GT(total, 0.99 * 256 * 64);
    EXPECT_NEAR(preview.layers[l].pre.std, whole.layers[l].pre.std, 0.05 * whole.layers[l].pre.std);
    EXPECT_EQ(whole.layers[l].grad.std, fresh.layers[l].grad.std);
    EXPECT_EQ(whole.layers[l].post_hist, fresh.layers[l].post_hist);
  }
}

// One layer's statistics recomputed in double from the cache's input, weights and readout:
// the fused vector passes (moments, zeros, slopes, δ = g ⊙ f′, histogram counts) over blocks
// whose length is no multiple of the vector width. And a run that overflows to ∞ counts its
// non-finite values and keeps the moments of the rest.
TEST(Depth, a_layers_statistics_are_those_of_its_values) {
  DepthSpec s;
  s.layers = 1;
  s.width = 13;
  s.batch = 300;
  s.bins = 16;
  s.init = Init::kHeNormal;
  DepthCache cache;
  const DepthResult r = RunFor("relu", s, &cache);
  const double a = WeightScale(s);
  std::vector<double> z, d;
  for (int i = 0; i < 300; ++i)
    for (int j = 0; j < 13; ++j) {
      double v = 0;
      for (int k = 0; k < 13; ++k)
        v += a * double{cache.input[i * 13 + k]} * cache.weights[k * 13 + j];
      z.push_back(v);
      d.push_back(v > 0 ? double{cache.readout[i * 13 + j]} : 0.0);
    }
  auto mean_std = [](const std::vector<double>& v) {
    double m = std::accumulate(v.begin(), v.end(), 0.0) / v.size(), q = 0;
    for (double x : v)
      q += (x - m) * (x - m);
    return std::pair{m, std::sqrt(q / v.size())};
  };
  const auto [zm, zs] = mean_std(z);
  const auto [dm, ds] = mean_std(d);
  const Stats& pre = r.layers[0].pre;
  EXPECT_EQ(pre.count, 3900u);
  EXPECT_NEAR(pre.mean, zm, 1e-5 * zs);
  EXPECT_NEAR(pre.std, zs, 1e-5 * zs);
  EXPECT_NEAR(pre.min, *std::min_element(z.begin(), z.end()), 1e-5 * zs);
  EXPECT_NEAR(pre.max, *std::max_element(z.begin(), z.end()), 1e-5 * zs);
  const double negative =
      std::count_if(z.begin(), z.end(), [](double v) { return v <= 0; }) / 3900.0;
  EXPECT_NEAR(r.layers[0].post.zero_fraction, negative, 2 / 3900.0);
  EXPECT_NEAR(r.layers[0].grad.saturated_fraction, negative, 2 / 3900.0);
  EXPECT_NEAR(r.layers[0].grad.grad_mean, 1 - negative, 2 / 3900.0);
  EXPECT_NEAR(r.layers[0].grad.mean, dm, 1e-5 * ds);
  EXPECT_NEAR(r.layers[0].grad.std, ds, 1e-5 * ds);
  std::size_t in_range = 0, counted = 0;
  for (double v : z)
    in_range += v >= r.pre_lo && v <= r.pre_hi;
  for (std::uint32_t c : r.layers[0].pre_hist)
    counted += c;
  EXPECT_NEAR(static_cast<double>(counted), static_cast<double>(in_range), 2);

  s.layers = 4;
  s.sigma_w = 1e14;  // ×1e14 a layer: float overflows at layer 3
  const DepthResult big = RunFor("linear", s);
  EXPECT_EQ(big.layers[1].pre.finite, 3900u);
  EXPECT_EQ(big.layers[3].pre.finite, 0u);
  EXPECT_EQ(big.layers[3].pre.inf + big.layers[3].pre.nan, 3900u);
  EXPECT_TRUE(std::isnan(big.layers[3].pre.std));
  const Stats& mixed = big.layers[2].pre;  // some overflow, some not
  EXPECT_EQ(mixed.finite + mixed.inf + mixed.nan, 3900u);
  if (mixed.finite > 0) {
    EXPECT_TRUE(std::isfinite(mixed.std));
  }
}

// Runs that overflow float32: the histograms stay inside their bins (a NaN bin
// index was written through once), the first overflowing layer is the one a double-precision
// recomputation of the same products says, and no statistic counts what overflowed.
struct OverflowCase {
  const char* function;
  double param;  // the function's first parameter (λ of linear), NaN: its default
  double sigma_w;
  int layers, width, batch;
};
constexpr OverflowCase kOverflows[] = {
    {"relu", NAN, 1000, 14, 16, 100},   // the CLI's crash
    {"relu", NAN, 8, 60, 256, 200},     // inside the window's sliders
    {"linear", 1e30, 1, 6, 16, 100},    // λ = 1e30: h overflows at once
    {"linear", NAN, 1e14, 5, 13, 300},  // z overflows at layer 3
    {"selu", NAN, 1e6, 8, 16, 200},     // the CLI's largest σ_w
    {"elu", NAN, 1e19, 6, 16, 130},     // a block of 2 rows past the first 128
};

TEST(Depth, overflowing_runs_stay_in_their_bins_and_say_from_which_layer) {
  for (const OverflowCase& c : kOverflows) {
    SCOPED_TRACE(std::string(c.function) + " sigma_w " + std::to_string(c.sigma_w));
    const Activation& fn = *Find(c.function);
    Params p = Defaults(fn);
    if (!std::isnan(c.param)) p.v[0] = c.param;
    DepthSpec s;
    s.layers = c.layers, s.width = c.width, s.batch = c.batch, s.sigma_w = c.sigma_w, s.bins = 64;
    DepthCache cache;
    DepthResult r;
    ASSERT_TRUE(RunDepth(fn, p, s, r, &cache));
    // The products again in double, from the same arrays. Float must overflow by the first
    // layer whose z or h is over FLT_MAX (by 1%, beyond float's rounding over the layers), and
    // cannot before the first whose sums of |terms| (sgemm's partial sums, before or after its
    // scaling by a) or h reach it.
    const std::size_t N = c.width, B = c.batch;
    const double a = WeightScale(s);
    std::vector<double> h(cache.input.begin(), cache.input.begin() + B * N), z(B * N);
    int must = 0, may = 0;
    for (int l = 0; l < c.layers && !must; ++l) {
      const float* W = cache.weights.data() + l * N * N;
      double zmax = 0, hmax = 0, terms = 0;
      for (std::size_t i = 0; i < B; ++i)
        for (std::size_t j = 0; j < N; ++j) {
          double v = 0, t = 0;
          for (std::size_t k = 0; k < N; ++k)
            v += a * h[i * N + k] * W[k * N + j], t += std::fabs(h[i * N + k] * W[k * N + j]);
          z[i * N + j] = v;
          terms = std::max(terms, t * std::max(1.0, a));
        }
      for (std::size_t i = 0; i < B * N; ++i) {
        zmax = std::max(zmax, std::fabs(z[i]));
        h[i] = fn.f(z[i], p);
        hmax = std::max(hmax, std::fabs(h[i]));
      }
      if (!may && std::max(terms, hmax) > 0.99 * FLT_MAX) may = l + 1;
      if (std::max(zmax, hmax) > 1.01 * FLT_MAX) must = l + 1;
    }
    ASSERT_GT(must, 0) << "the case does not overflow";
    EXPECT_GE(r.signal_overflow, may);
    EXPECT_LE(r.signal_overflow, must);
    const int expected = r.signal_overflow;
    for (int l = 0; l < c.layers; ++l) {
      SCOPED_TRACE("layer " + std::to_string(l + 1));
      const DepthLayer& d = r.layers[static_cast<std::size_t>(l)];
      for (const Stats* st : {&d.pre, &d.post, &d.grad}) {
        EXPECT_EQ(st->count, B * N);
        EXPECT_LE(st->finite + st->nan, st->count);
        // Over the finite entries only: NaN exactly when there are none, else a fraction.
        EXPECT_EQ(std::isnan(st->zero_fraction), st->finite == 0);
        if (st->finite > 0) {
          EXPECT_TRUE(std::isfinite(st->mean) && std::isfinite(st->std));
          EXPECT_GE(st->zero_fraction, 0);
          EXPECT_LE(st->zero_fraction, 1);
        }
      }
      if (l + 1 < expected) {
        EXPECT_EQ(d.pre.finite, B * N);
        EXPECT_EQ(d.post.finite, B * N);
      }
      // Every count is of a finite value inside the range, none lost or invented.
      for (const auto& [hist, st, lo, hi] :
           {std::tuple{&d.pre_hist, &d.pre, r.pre_lo, r.pre_hi},
            std::tuple{&d.post_hist, &d.post, r.post_lo, r.post_hi}}) {
        ASSERT_EQ(hist->size(), 64u);
        const std::size_t counted = std::accumulate(hist->begin(), hist->end(), std::size_t{0});
        EXPECT_LE(counted, st->finite);
        if (st->finite > 0 && st->min >= lo && st->max <= hi) {
          EXPECT_EQ(counted, st->finite);
        }
      }
    }
    // Past the overflow nothing is finite for ReLU or linear: not a dead unit, not a zero.
    if (expected < c.layers && std::string(c.function) != "tanh") {
      const DepthLayer& past = r.layers[static_cast<std::size_t>(c.layers - 1)];
      EXPECT_EQ(past.post.finite, 0u);
      EXPECT_TRUE(std::isnan(past.post.saturated_fraction) || past.post.saturated_fraction <= 1);
    }
  }
}

TEST(Depth, orthogonal_weights_are_orthogonal_times_the_gain) {
  DepthSpec s;
  s.layers = 2;
  s.width = 64;
  s.batch = 10;
  s.init = Init::kOrthogonal;
  s.gain = 1.5;
  DepthCache cache;
  RunFor("linear", s, &cache);
  // The cache keeps unit-scale weights; the products use WeightScale times them.
  const double a = WeightScale(s);
  EXPECT_EQ(a, 1.5);
  for (int l = 0; l < 2; ++l) {
    const float* w = cache.weights.data() + l * 64 * 64;
    for (int i = 0; i < 64; ++i)
      for (int j = 0; j < 64; ++j) {
        double dot = 0;
        for (int k = 0; k < 64; ++k)
          dot += a * w[i * 64 + k] * a * w[j * 64 + k];
        EXPECT_NEAR(dot, i == j ? 2.25 : 0, 1e-5);
      }
  }
}

TEST(Depth, every_init_draws_weights_of_its_stated_variance_and_bounds) {
  struct Row {
    Init init;
    double var_times_n;  // N·Var(W) for g = 1
    double bound;        // |W|·√N ≤ bound for uniform inits (0: not uniform)
  };
  const Row rows[] = {
      {Init::kXavierNormal, 1, 0}, {Init::kXavierUniform, 1, std::sqrt(3.0)},
      {Init::kHeNormal, 2, 0},     {Init::kHeUniform, 2, std::sqrt(6.0)},
      {Init::kLecunNormal, 1, 0},  {Init::kStandard, 1.0 / 3, 1},
      {Init::kOrthogonal, 1, 0},
  };
  for (const Row& row : rows) {
    DepthSpec s;
    s.layers = 1;
    s.width = 512;
    s.batch = 1;
    s.init = row.init;
    DepthCache cache;
    RunFor("linear", s, &cache);
    double sum2 = 0, top = 0;
    const double a = WeightScale(s);  // the cache's weights are at unit scale
    for (float w : cache.weights) {
      sum2 += a * w * a * w;
      top = std::max(top, std::fabs(a * w));
    }
    EXPECT_NEAR(sum2 / cache.weights.size() * 512, row.var_times_n, 0.01 * row.var_times_n)
        << LabelOf(InitNames(), row.init);
    EXPECT_NEAR(SigmaW2(s), row.var_times_n, 1e-15);
    if (row.bound > 0) {
      EXPECT_LE(top * std::sqrt(512.0), row.bound * (1 + 1e-6)) << LabelOf(InitNames(), row.init);
      EXPECT_GE(top * std::sqrt(512.0), row.bound * 0.99) << LabelOf(InitNames(), row.init);
    }
  }
}

TEST(Depth, gains_are_pytorchs_calculate_gain) {
  const Activation& leaky = *Find("leaky_relu");
  Params p = Defaults(leaky);
  p.v[0] = 0.2;
  EXPECT_DOUBLE_EQ(CalculateGain(leaky, p), std::sqrt(2 / 1.04));
  EXPECT_DOUBLE_EQ(CalculateGain(*Find("tanh"), {}), 5.0 / 3);
  EXPECT_DOUBLE_EQ(CalculateGain(*Find("relu"), {}), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(CalculateGain(*Find("selu"), Defaults(*Find("selu"))), 0.75);
  EXPECT_DOUBLE_EQ(CalculateGain(*Find("sigmoid"), {}), 1);
}

TEST(Depth, sizes_and_sigmas_out_of_range_are_refused_before_anything_is_allocated) {
  DepthSpec s;
  EXPECT_FALSE(ValidateDepth(s));
  for (auto bad :
       {+[](DepthSpec& d) { d.layers = 0; }, +[](DepthSpec& d) { d.width = 0; },
        +[](DepthSpec& d) { d.batch = 1000000; }, +[](DepthSpec& d) { d.sigma_w = std::nan(""); },
        +[](DepthSpec& d) { d.sigma_w = -1.0; }, +[](DepthSpec& d) { d.sigma_b = -0.1; },
        +[](DepthSpec& d) { d.gain = INFINITY; }}) {
    DepthSpec d;
    bad(d);
    EXPECT_TRUE(ValidateDepth(d));
  }
  s.layers = 50;
  s.width = 512;
  s.batch = 1000;
  // 50 weight matrices and 50 saved zₗ: 52 MB + 102 MB, plus the work arrays.
  EXPECT_NEAR(static_cast<double>(DepthBytes(s)), 4.0 * (50 * 512 * 512 + 50 * 1000 * 512), 2e7);
}

}  // namespace
}  // namespace actviz::test
