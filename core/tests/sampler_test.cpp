// The seeded input sampler (DrawSamples) against the definitions of U(−½, ½)·S and N(0, S²):
// moments and range, InputCdf and InputDensity against their formulas, χ² of input histograms
// against the CDF (with a negative control that shows the test has power), independence of the
// Box–Muller pairs; and its reproducibility: the same bits from every CPU build of the sampler
// (portable, AVX2, AVX-512), in any chunking and far into the stream, unrelated streams for
// different seeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "actviz/stats/samples.hpp"
#include "distribution_checks.hpp"
#include "stats/simd/samples.hpp"

namespace actviz::test {
namespace {

// Reproducibility is checked bit for bit: −0 is not +0 here, as == would say.
std::uint32_t Bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

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

}  // namespace
}  // namespace actviz::test
