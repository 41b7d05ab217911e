// The distributions core (issue 4) judged against mathematics, never against numbers the code
// printed: moments and chi-square tests of the seeded inputs, chi-square tests of the output
// histograms against exact probabilities derived here by hand (and against ExpectedCounts),
// negative controls that show those tests have power, determinism, and the edge cases (one
// sample, constant outputs, NaN outside a function's domain).
// Sections: helpers (χ² p-value, closed forms) · Samples · Histogram · Experiment · Exact
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <numbers>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/kernels.hpp"
#include "actviz/stats/samples.hpp"
#include "stats/simd/samples.hpp"

namespace actviz::test {
namespace {

// ---------------------------------------------------------------------------------- helpers

const Activation& Fn(const char* name) {
  const Activation* fn = Find(name);
  if (!fn) throw std::runtime_error(std::string("no function ") + name);
  return *fn;
}

using ParamList = std::vector<std::pair<const char*, double>>;

Params With(const Activation& fn, const ParamList& values) {
  Params p = Defaults(fn);
  for (const auto& [name, v] : values) {
    const int i = ParamIndex(fn, name);
    if (i < 0) throw std::runtime_error(std::string("no parameter ") + name);
    p.v[static_cast<std::size_t>(i)] = v;
  }
  return p;
}

SampleSpec Spec(Distribution d, std::size_t n, double scale, std::uint64_t seed) {
  SampleSpec s;
  s.dist = d;
  s.n = n;
  s.scale = scale;
  s.seed = seed;
  return s;
}

std::vector<float> Draw(const SampleSpec& spec) {
  std::vector<float> x(spec.n);
  DrawSamples(spec, 0, x);
  return x;
}

std::uint32_t Bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

// Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a): the power series of P = 1 − Q
// for x < a + 1, else Lentz's continued fraction for Q (Numerical Recipes §6.2). The χ² p-value
// of a statistic X with k degrees of freedom is Q(k/2, X/2).
double GammaQ(double a, double x) {
  if (!(x > 0)) return 1;
  if (std::isinf(x)) return 0;
  const double front = std::exp(-x + a * std::log(x) - std::lgamma(a));
  if (x < a + 1) {
    double ap = a, del = 1 / a, sum = del;
    for (int n = 0; n < 100000 && std::fabs(del) > std::fabs(sum) * 1e-17; ++n) {
      ap += 1;
      del *= x / ap;
      sum += del;
    }
    return 1 - sum * front;
  }
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < 1e-16) break;
  }
  return front * h;
}

struct ChiSquare {
  double stat = 0;
  int dof = 0;
  double p = 1;
};

// Pearson's statistic over adjacent bins merged left to right until each cell expects ≥ 5
// (a short remainder joins the last cell); the total is fixed by N, so dof = cells − 1.
// `expected` must sum to the observed total (tails folded into the end bins).
ChiSquare PearsonChiSquare(std::span<const std::uint64_t> observed,
                           std::span<const double> expected) {
  std::vector<double> o, e;
  double oa = 0, ea = 0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    oa += static_cast<double>(observed[i]);
    ea += expected[i];
    if (ea >= 5) {
      o.push_back(oa);
      e.push_back(ea);
      oa = ea = 0;
    }
  }
  if (oa > 0 || ea > 0) {
    if (e.empty()) {
      o.push_back(oa);
      e.push_back(ea);
    } else {
      o.back() += oa;
      e.back() += ea;
    }
  }
  ChiSquare r;
  for (std::size_t i = 0; i < o.size(); ++i)
    r.stat += e[i] > 0 ? (o[i] - e[i]) * (o[i] - e[i]) / e[i] : (o[i] > 0 ? INFINITY : 0);
  r.dof = static_cast<int>(o.size()) - 1;
  r.p = r.dof > 0 ? GammaQ(r.dof / 2.0, r.stat / 2.0) : 1;
  return r;
}

constexpr double kAlpha = 1e-4;  // reject below this p-value

// The input CDF written from the definitions, independently of InputCdf:
// U(−½, ½)·S and N(0, S²) (Φ(z) = ½·erfc(−z/√2)).
double F(const SampleSpec& s, double x) {
  if (s.dist == Distribution::kUniform) return std::clamp(x / s.scale + 0.5, 0.0, 1.0);
  return 0.5 * std::erfc(-x / (s.scale * std::numbers::sqrt2));
}

// P(Y ≤ y), or P(Y < y) when `strict`, for Y = f(X), derived by hand for each function.
using Cdf = std::function<double(const SampleSpec&, double y, bool strict)>;

// Expected counts of spec.n samples in the bins of `edges` ([a, b), the last closed), from
// a CDF; with `tails` the mass below edges[0] and above edges.back() joins the end bins, so
// the counts sum to N as the data's own range always holds all N samples.
std::vector<double> Expected(const Cdf& cdf, const SampleSpec& spec, std::span<const double> edges,
                             bool tails) {
  const double n = static_cast<double>(spec.n);
  std::vector<double> out;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const bool last = i + 2 == edges.size();
    out.push_back(n * (cdf(spec, edges[i + 1], !last) - cdf(spec, edges[i], true)));
  }
  if (tails && !out.empty()) {
    out.front() += n * cdf(spec, edges.front(), true);
    out.back() += n * (1 - cdf(spec, edges.back(), false));
  }
  return out;
}

// The implementation's expected counts (ExpectedCounts) with the same tails folded in.
std::vector<double> CodeExpected(const Activation& fn, const Params& p, int mono,
                                 const SampleSpec& spec, std::span<const double> edges) {
  std::vector<double> out = ExpectedCounts(fn, p, mono, spec, edges);
  if (out.empty()) return out;
  const double n = static_cast<double>(spec.n);
  out.front() += n * OutputCdf(fn, p, mono, spec, edges.front(), true);
  out.back() += n * (1 - OutputCdf(fn, p, mono, spec, edges.back(), false));
  return out;
}

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

// ------------------------------------------------------------------------------ χ² helper

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

// ---------------------------------------------------------------------------------- Samples

struct Moments {
  double mean = 0, std = 0, kurtosis = 0, min = INFINITY, max = -INFINITY;
};

Moments MomentsOf(std::span<const float> x) {
  Moments m;
  long double s = 0;
  for (float v : x)
    s += v;
  const long double mean = s / x.size();
  long double s2 = 0, s4 = 0;
  for (float v : x) {
    const long double d = v - mean;
    s2 += d * d;
    s4 += d * d * d * d;
    m.min = std::min(m.min, static_cast<double>(v));
    m.max = std::max(m.max, static_cast<double>(v));
  }
  const long double var = s2 / x.size();
  m.mean = static_cast<double>(mean);
  m.std = static_cast<double>(std::sqrt(var));
  m.kurtosis = static_cast<double>(s4 / x.size() / (var * var));
  return m;
}

TEST(Samples, uniform_inputs_have_the_moments_and_range_of_u_times_s) {
  const std::size_t n = 200000;
  for (double s : {1.0, 3.0, 0.02}) {
    const SampleSpec spec = Spec(Distribution::kUniform, n, s, 11);
    const Moments m = MomentsOf(Draw(spec));
    const double sd = s / std::sqrt(12.0), rn = std::sqrt(static_cast<double>(n));
    SCOPED_TRACE("S=" + std::to_string(s));
    EXPECT_NEAR(m.mean, 0, 5 * sd / rn);
    // SE of a sample std: σ·√((κ − 1)/(4N)), κ = 9/5 for the uniform.
    EXPECT_NEAR(m.std, sd, 5 * sd * std::sqrt(0.8 / 4) / rn);
    EXPECT_NEAR(m.kurtosis, 1.8, 0.03);
    EXPECT_GE(m.min, -s / 2);
    EXPECT_LE(m.max, s / 2);
    // The extremes come within 20/N of the ends: P(no sample there) = e^(−20).
    EXPECT_LT(m.min, -s / 2 + 20 * s / static_cast<double>(n));
    EXPECT_GT(m.max, s / 2 - 20 * s / static_cast<double>(n));
  }
}

TEST(Samples, normal_inputs_have_the_moments_of_n_0_s_squared) {
  const std::size_t n = 200000;
  for (double s : {1.0, 2.5, 1e-3}) {
    const SampleSpec spec = Spec(Distribution::kNormal, n, s, 12);
    const Moments m = MomentsOf(Draw(spec));
    const double rn = std::sqrt(static_cast<double>(n));
    SCOPED_TRACE("S=" + std::to_string(s));
    EXPECT_NEAR(m.mean, 0, 5 * s / rn);
    EXPECT_NEAR(m.std, s, 5 * s / std::sqrt(2.0) / rn);  // κ = 3
    EXPECT_NEAR(m.kurtosis, 3, 5 * std::sqrt(24.0) / rn);
    // 200 000 normals reach beyond 3.5σ (expected ≈ 93 of them) but Box–Muller with u₁ ≥ 2⁻⁵⁵
    // never beyond √(−2 ln 2⁻⁵⁵)·σ ≈ 8.73σ.
    EXPECT_GT(std::max(-m.min, m.max), 3.5 * s);
    EXPECT_LT(std::max(-m.min, m.max), 8.74 * s);
  }
}

// The sampler is built three times (portable, AVX2, AVX-512) and the fastest this CPU runs is
// picked: a seed must give the same samples on every machine, so every build this CPU can run
// must give the same bits, far into the stream and from an odd start.
TEST(Samples, every_cpu_build_of_the_sampler_gives_the_same_bits) {
  const std::size_t n = 100003;
  const std::uint64_t first = 3'000'000'001;
  std::vector<float> want(n), got(n);
  simd::base::DrawNormal(77, first, 1.5f, want.data(), n);
  simd::DrawNormal(77, first, 1.5f, got.data(), n);  // the dispatched one, as DrawSamples
  EXPECT_EQ(std::memcmp(want.data(), got.data(), n * sizeof(float)), 0);
  std::vector<float> want_u(n), got_u(n);
  simd::base::DrawUniform(77, first, 1.5, want_u.data(), n);
  simd::DrawUniform(77, first, 1.5, got_u.data(), n);
  EXPECT_EQ(std::memcmp(want_u.data(), got_u.data(), n * sizeof(float)), 0);
#if defined(__x86_64__)
  if (__builtin_cpu_supports("x86-64-v3")) {
    simd::avx2::DrawNormal(77, first, 1.5f, got.data(), n);
    EXPECT_EQ(std::memcmp(want.data(), got.data(), n * sizeof(float)), 0) << "AVX2 normal";
    simd::avx2::DrawUniform(77, first, 1.5, got_u.data(), n);
    EXPECT_EQ(std::memcmp(want_u.data(), got_u.data(), n * sizeof(float)), 0) << "AVX2 uniform";
  }
  if (__builtin_cpu_supports("x86-64-v4")) {
    simd::avx512::DrawNormal(77, first, 1.5f, got.data(), n);
    EXPECT_EQ(std::memcmp(want.data(), got.data(), n * sizeof(float)), 0) << "AVX-512 normal";
    simd::avx512::DrawUniform(77, first, 1.5, got_u.data(), n);
    EXPECT_EQ(std::memcmp(want_u.data(), got_u.data(), n * sizeof(float)), 0) << "AVX-512 uniform";
  }
#endif
}

TEST(Samples, input_cdf_and_density_match_their_definitions) {
  for (Distribution d : {Distribution::kUniform, Distribution::kNormal})
    for (double s : {0.5, 1.0, 3.0}) {
      const SampleSpec spec = Spec(d, 1, s, 0);
      for (double x = -3 * s; x <= 3 * s; x += s / 64) {
        EXPECT_NEAR(InputCdf(spec, x), F(spec, x), 1e-15) << x;
        const double want = d == Distribution::kUniform
                                ? (std::fabs(x) <= s / 2 ? 1 / s : 0)
                                : std::exp(-x * x / (2 * s * s)) / (s * std::sqrt(2 * M_PI));
        EXPECT_NEAR(InputDensity(spec, x), want, 1e-14 / s) << x;
      }
    }
  EXPECT_NEAR(F(Spec(Distribution::kNormal, 1, 1, 0), 1), 0.8413447460685429, 1e-15);  // Φ(1)
  EXPECT_EQ(SupportHalfWidth(Spec(Distribution::kUniform, 1, 3, 0)), 1.5);
  EXPECT_GE(SupportHalfWidth(Spec(Distribution::kNormal, 1, 3, 0)), 3 * 9.0);  // past 8.73σ
}

TEST(Samples, input_histograms_pass_chi_square_against_the_input_cdf) {
  const std::size_t n = 200000;
  const int bins = 40;
  for (Distribution d : {Distribution::kUniform, Distribution::kNormal}) {
    const SampleSpec spec = Spec(d, n, 2, 21);
    const Histogram h = MakeHistogram(Draw(spec), bins);
    ASSERT_EQ(h.counts.size(), static_cast<std::size_t>(bins));
    const Cdf hand = [](const SampleSpec& s, double x, bool) { return F(s, x); };
    const Cdf code = [](const SampleSpec& s, double x, bool) { return InputCdf(s, x); };
    const ChiSquare a = PearsonChiSquare(h.counts, Expected(hand, spec, h.edges, true));
    const ChiSquare b = PearsonChiSquare(h.counts, Expected(code, spec, h.edges, true));
    std::printf("  input %-7s vs definition: chi2 = %7.2f, dof = %d, p = %.3g\n",
                std::string(DistributionName(d)).c_str(), a.stat, a.dof, a.p);
    EXPECT_GT(a.p, kAlpha) << DistributionName(d) << " chi2=" << a.stat << " dof=" << a.dof;
    EXPECT_GT(b.p, kAlpha) << DistributionName(d) << " chi2=" << b.stat << " dof=" << b.dof;
  }
}

TEST(Samples, input_chi_square_rejects_a_logistic_of_the_same_variance) {
  // Negative control: the normal's histogram against a logistic with the normal's variance
  // (σ(πx/(√3·S))) differs only in shape; the test must still tell them apart.
  const SampleSpec spec = Spec(Distribution::kNormal, 200000, 2, 21);
  const Histogram h = MakeHistogram(Draw(spec), 40);
  const Cdf logistic = [](const SampleSpec& s, double x, bool) {
    return 1 / (1 + std::exp(-M_PI * x / (std::sqrt(3.0) * s.scale)));
  };
  const ChiSquare r = PearsonChiSquare(h.counts, Expected(logistic, spec, h.edges, true));
  std::printf("  normal inputs vs logistic: chi2 = %.1f, dof = %d, p = %.3g\n", r.stat, r.dof, r.p);
  EXPECT_LT(r.p, kAlpha) << "chi2=" << r.stat;
}

TEST(Samples, box_muller_pairs_are_uncorrelated_as_independent_normals) {
  // Samples 2j and 2j+1 share (u1, u2): cos and sin of one angle. Independent normals give
  // zero correlation of the pair and of their squares (E[r⁴]·E[cos²sin²] = 8·⅛ = 1 = E[x²]E[y²]).
  const std::size_t n = 400000;
  const std::vector<float> x = Draw(Spec(Distribution::kNormal, n, 1, 31));
  long double sxy = 0, sx2y2 = 0, sx2 = 0, sx4 = 0, lag = 0;
  for (std::size_t j = 0; j + 1 < n; j += 2) {
    const long double a = x[j], b = x[j + 1];
    sxy += a * b;
    sx2y2 += (a * a - 1) * (b * b - 1);
    sx2 += a * a + b * b;
    sx4 += a * a * a * a + b * b * b * b;
    if (j + 2 < n) lag += b * x[j + 2];  // across pairs
  }
  const double pairs = static_cast<double>(n / 2), tol = 5 / std::sqrt(pairs);
  EXPECT_NEAR(static_cast<double>(sxy / pairs), 0, tol);
  EXPECT_NEAR(static_cast<double>(sx2y2 / pairs), 0, 2 * tol);  // Var((x²−1)(y²−1)) = 4
  EXPECT_NEAR(static_cast<double>(lag / pairs), 0, tol);
  EXPECT_NEAR(static_cast<double>(sx2 / n), 1, 5 * std::sqrt(2 / static_cast<double>(n)));
  EXPECT_NEAR(static_cast<double>(sx4 / n), 3, 5 * std::sqrt(96 / static_cast<double>(n)));
}

TEST(Samples, same_seed_gives_identical_samples_in_any_chunking) {
  for (Distribution d : {Distribution::kUniform, Distribution::kNormal}) {
    const SampleSpec spec = Spec(d, 10007, 1.7, 42);
    const std::vector<float> whole = Draw(spec);
    EXPECT_EQ(Draw(spec), whole) << "a second call";
    for (std::size_t chunk : {1, 2, 3, 7, 64, 1000, 4099}) {
      std::vector<float> parts(spec.n, -999.0f);
      // Start with an odd-sized piece so chunks split Box–Muller pairs.
      std::size_t at = 0, len = 1;
      while (at < spec.n) {
        len = std::min(len, spec.n - at);
        DrawSamples(spec, at, std::span<float>(parts.data() + at, len));
        at += len;
        len = chunk;
      }
      for (std::size_t i = 0; i < spec.n; ++i)
        ASSERT_EQ(Bits(parts[i]), Bits(whole[i]))
            << DistributionName(d) << " chunk=" << chunk << " i=" << i;
    }
    // Far into the stream, an odd offset: the same values as a longer run starting earlier.
    std::vector<float> a(12), b(5);
    DrawSamples(spec, 1'000'000'000, a);
    DrawSamples(spec, 1'000'000'007, b);
    for (std::size_t k = 0; k < b.size(); ++k)
      EXPECT_EQ(Bits(b[k]), Bits(a[k + 7])) << DistributionName(d) << " k=" << k;
    // The scale only multiplies: same seed, other S, same underlying draws.
    SampleSpec twice = spec;
    twice.scale = 2 * spec.scale;
    const std::vector<float> w2 = Draw(twice);
    for (std::size_t i = 0; i < spec.n; i += 97)
      EXPECT_NEAR(w2[i], 2 * whole[i], 1e-6 * std::fabs(w2[i]) + 1e-30);
  }
}

TEST(Samples, different_seeds_give_unrelated_streams) {
  const std::size_t n = 100000;
  const std::uint64_t seeds[] = {0, 1, 2, 12345, 0x8000000000000000ull, ~0ull};
  for (Distribution d : {Distribution::kUniform, Distribution::kNormal}) {
    std::vector<std::vector<float>> streams;
    for (std::uint64_t s : seeds)
      streams.push_back(Draw(Spec(d, n, 1, s)));
    for (std::size_t a = 0; a < streams.size(); ++a)
      for (std::size_t b = a + 1; b < streams.size(); ++b)
        for (std::size_t shift : {0, 1, 2}) {  // nor a shifted copy of each other
          std::size_t same = 0;
          long double cross = 0;
          for (std::size_t i = 0; i + shift < n; ++i) {
            same += streams[a][i + shift] == streams[b][i];
            cross += static_cast<long double>(streams[a][i + shift]) * streams[b][i];
          }
          const double var = d == Distribution::kUniform ? 1.0 / 12 : 1.0;
          EXPECT_LT(same, 20u) << "seeds " << seeds[a] << ", " << seeds[b] << " shift " << shift;
          EXPECT_NEAR(static_cast<double>(cross / n) / var, 0, 5 / std::sqrt(double(n)))
              << "seeds " << seeds[a] << ", " << seeds[b] << " shift " << shift;
        }
  }
}

// -------------------------------------------------------------------------------- Histogram

// Bin of v by the header's contract: [edges[i], edges[i+1]), the last bin closed.
std::size_t BinByEdges(const std::vector<double>& edges, double v) {
  const std::size_t i =
      static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin());
  return std::min(i, edges.size() - 1) - 1;
}

TEST(Histogram, counts_every_finite_value_once_in_equal_bins_over_min_max) {
  std::vector<float> v = Draw(Spec(Distribution::kNormal, 50000, 3, 5));
  v[17] = NAN;
  v[4000] = INFINITY;
  v[4001] = -INFINITY;
  v[9999] = NAN;
  double lo = INFINITY, hi = -INFINITY;
  for (float x : v)
    if (std::isfinite(x)) lo = std::min(lo, double(x)), hi = std::max(hi, double(x));
  for (int bins : {1, 2, 7, 100, 1000}) {
    const Histogram h = MakeHistogram(v, bins);
    ASSERT_EQ(h.edges.size(), static_cast<std::size_t>(bins) + 1);
    ASSERT_EQ(h.counts.size(), static_cast<std::size_t>(bins));
    EXPECT_EQ(h.edges.front(), lo);
    EXPECT_EQ(h.edges.back(), hi);
    const double w = (hi - lo) / bins;
    for (int i = 0; i <= bins; ++i)
      EXPECT_NEAR(h.edges[static_cast<std::size_t>(i)], lo + i * w, 1e-12 * (hi - lo)) << i;
    std::vector<std::uint64_t> want(static_cast<std::size_t>(bins), 0);
    for (float x : v)
      if (std::isfinite(x)) ++want[BinByEdges(h.edges, x)];
    EXPECT_EQ(h.counts, want) << bins << " bins";
    std::uint64_t total = 0;
    for (std::uint64_t c : h.counts)
      total += c;
    EXPECT_EQ(total, v.size() - 4) << "NaN and ±inf are not binned";
  }
}

TEST(Histogram, value_equal_to_an_edge_is_counted_in_the_bin_that_edge_opens) {
  // Bins are [edge i, edge i+1): a value exactly on an interior edge belongs to the bin above.
  // Found by this sweep: {−0.8f, 0.1f, v} in 8 bins, with v = edges[7] = −0.0125000002f exactly.
  int checked = 0;
  for (int hi10 = 1; hi10 <= 30; ++hi10)
    for (int lo10 = -30; lo10 < hi10; ++lo10)
      for (int bins = 2; bins <= 20; ++bins) {
        const float lo = static_cast<float>(lo10) / 10, hi = static_cast<float>(hi10) / 10;
        for (int i = 1; i < bins; ++i) {
          const double e = lo + (static_cast<double>(hi) - lo) * i / bins;
          const float v = static_cast<float>(e);
          if (static_cast<double>(v) != e) continue;  // only edges a float can sit on
          const std::vector<float> data = {lo, hi, v};
          const Histogram h = MakeHistogram(data, bins);
          ASSERT_EQ(h.edges[static_cast<std::size_t>(i)], e);
          const std::uint64_t want = 1u + (i == bins - 1);  // the max shares the last bin
          ++checked;
          ASSERT_EQ(h.counts[static_cast<std::size_t>(i)], want)
              << "data {" << lo << ", " << hi << ", " << v << "} in " << bins
              << " bins: the value equal to edges[" << i << "] went to bin " << i - 1;
        }
      }
  EXPECT_GT(checked, 100);
}

TEST(Histogram, constant_data_gives_one_bin_c_c_holding_everything) {
  for (float c : {0.0f, -0.0f, 2.5f, -1e30f, 1e-40f}) {
    std::vector<float> v(1000, c);
    v[3] = NAN;  // still not binned
    for (int bins : {1, 100}) {
      const Histogram h = MakeHistogram(v, bins);
      ASSERT_EQ(h.edges.size(), 2u) << c;
      EXPECT_EQ(h.edges[0], c);
      EXPECT_EQ(h.edges[1], c);
      EXPECT_EQ(h.counts, std::vector<std::uint64_t>{999}) << c;
    }
  }
}

TEST(Histogram, no_finite_data_or_no_bins_gives_no_bins) {
  const std::vector<float> bad = {NAN, INFINITY, -INFINITY};
  EXPECT_TRUE(MakeHistogram(bad, 10).edges.empty());
  EXPECT_TRUE(MakeHistogram(bad, 10).counts.empty());
  EXPECT_TRUE(MakeHistogram(std::span<const float>(), 10).counts.empty());
  const std::vector<float> good = {1, 2, 3};
  EXPECT_TRUE(MakeHistogram(good, 0).counts.empty());
  EXPECT_TRUE(MakeHistogram(good, -3).counts.empty());
}

TEST(Histogram, binning_is_exact_on_ranges_that_strain_the_fast_estimate) {
  // The vector path estimates bins in scaled float and walks only estimates near an edge; these
  // ranges would break a naive float (v − lo)·k: subnormal (k overflows float), wider than
  // FLT_MAX (v − lo overflows), a few ulps wide (most bins empty), and bin counts at which every
  // estimate is near an edge. Lengths not a multiple of any vector width, NaN and ±∞ mixed in.
  struct Case {
    const char* name;
    std::function<float(std::size_t)> at;
    std::vector<int> bins;
  };
  auto pick = [](std::size_t i) {  // SplitMix64: fixed, well-spread picks
    std::uint64_t z = i * 0x9E3779B97F4A7C15ull + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  const float sub = std::numeric_limits<float>::denorm_min();
  const std::vector<Case> cases = {
      {"subnormal",
       [&](std::size_t i) { return static_cast<float>(pick(i) % 21) * sub; },
       {3, 7, 100, 1000}},
      {"straddles zero in subnormals",
       [&](std::size_t i) { return (static_cast<float>(pick(i) % 9) - 4.0f) * sub; },
       {2, 5, 100}},
      {"wider than FLT_MAX",
       [&](std::size_t i) {
         const double u = static_cast<double>(pick(i) % 1000001) / 1e6;
         return i < 2 ? (i ? 3.4e38f : -3.4e38f) : static_cast<float>(-3.4e38 + u * 6.8e38);
       },
       {1, 2, 100, 4096}},
      {"a few ulps",
       [&](std::size_t i) { return 1.0f + static_cast<float>(pick(i) % 9) * 0x1p-23f; },
       {3, 8, 100, 1000}},
      {"normal, bins on edges",
       [&](std::size_t i) {
         return static_cast<float>(static_cast<double>(pick(i) % 2001) / 1000 - 1);
       },
       {10, 20, 100, 2000, 100000, 1 << 20}},
  };
  for (const Case& c : cases) {
    std::vector<float> v(100003);
    for (std::size_t i = 0; i < v.size(); ++i)
      v[i] = c.at(i);
    v[5] = NAN, v[77777] = INFINITY, v[99999] = -INFINITY;
    for (int bins : c.bins) {
      const Histogram h = MakeHistogram(v, bins);
      ASSERT_EQ(h.counts.size(), static_cast<std::size_t>(bins)) << c.name;
      std::vector<std::uint64_t> want(static_cast<std::size_t>(bins), 0);
      for (float x : v)
        if (std::isfinite(x)) ++want[BinByEdges(h.edges, x)];
      EXPECT_EQ(h.counts, want) << c.name << ", " << bins << " bins";
    }
  }
}

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

// ------------------------------------------------------------------------------- Experiment

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

// ------------------------------------------------------------------ Exact output distribution

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
  // The three cases of the issue, spelled out: P(σ(X) ≤ y) = clamp(logit(y)/S + ½) for
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

// ------------------------------------------------------------------------ negative controls

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
