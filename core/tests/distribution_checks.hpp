// What the tests of sampled distributions share (sampler, histograms, experiments, exact
// output distributions, the χ² test itself): catalogue look-ups, seeded sample specs, the input
// CDF written from its definition, expected bin counts from a CDF, and Pearson's χ² test.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/stats/samples.hpp"

namespace actviz::test {

inline const Activation& Fn(const char* name) {
  const Activation* fn = Find(name);
  if (!fn) throw std::runtime_error(std::string("no function ") + name);
  return *fn;
}

using ParamList = std::vector<std::pair<const char*, double>>;

inline Params With(const Activation& fn, const ParamList& values) {
  Params p = Defaults(fn);
  for (const auto& [name, v] : values) {
    const int i = ParamIndex(fn, name);
    if (i < 0) throw std::runtime_error(std::string("no parameter ") + name);
    p.v[static_cast<std::size_t>(i)] = v;
  }
  return p;
}

inline SampleSpec Spec(Distribution d, std::size_t n, double scale, std::uint64_t seed) {
  SampleSpec s;
  s.dist = d;
  s.n = n;
  s.scale = scale;
  s.seed = seed;
  return s;
}

inline std::vector<float> Draw(const SampleSpec& spec) {
  std::vector<float> x(spec.n);
  DrawSamples(spec, 0, x);
  return x;
}

// Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a): the power series of P = 1 − Q
// for x < a + 1, else Lentz's continued fraction for Q (Numerical Recipes §6.2). The χ² p-value
// of a statistic X with k degrees of freedom is Q(k/2, X/2).
inline double GammaQ(double a, double x) {
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
inline ChiSquare PearsonChiSquare(std::span<const std::uint64_t> observed,
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

inline constexpr double kAlpha = 1e-4;  // reject below this p-value

// The input CDF written from the definitions, independently of InputCdf:
// U(−½, ½)·S and N(0, S²) (Φ(z) = ½·erfc(−z/√2)).
inline double F(const SampleSpec& s, double x) {
  if (s.dist == Distribution::kUniform) return std::clamp(x / s.scale + 0.5, 0.0, 1.0);
  return 0.5 * std::erfc(-x / (s.scale * std::numbers::sqrt2));
}

// P(Y ≤ y), or P(Y < y) when `strict`, for Y = f(X), derived by hand for each function.
using Cdf = std::function<double(const SampleSpec&, double y, bool strict)>;

// Expected counts of spec.n samples in the bins of `edges` ([a, b), the last closed), from
// a CDF; with `tails` the mass below edges[0] and above edges.back() joins the end bins, so
// the counts sum to N as the data's own range always holds all N samples.
inline std::vector<double> Expected(const Cdf& cdf, const SampleSpec& spec,
                                    std::span<const double> edges, bool tails) {
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
inline std::vector<double> CodeExpected(const Activation& fn, const Params& p, int mono,
                                        const SampleSpec& spec, std::span<const double> edges) {
  std::vector<double> out = ExpectedCounts(fn, p, mono, spec, edges);
  if (out.empty()) return out;
  const double n = static_cast<double>(spec.n);
  out.front() += n * OutputCdf(fn, p, mono, spec, edges.front(), true);
  out.back() += n * (1 - OutputCdf(fn, p, mono, spec, edges.back(), false));
  return out;
}

}  // namespace actviz::test
