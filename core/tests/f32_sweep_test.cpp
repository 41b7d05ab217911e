// The float32 kernels over the whole float range, by bit pattern (every 4093rd pattern of
// each sign, plus ±0, ±∞, NaN): each result within 8 ULP of the f64 path evaluated with the
// same float-rounded parameters (itself checked against mpmath in reference_test). Then the
// same over each parameter's whole slider range (spec: the contract holds for every value).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/kernels.hpp"
#include "ulp.hpp"

namespace actviz::test {
namespace {

std::vector<float> SweepInputs(std::uint32_t step = 4093) {
  std::vector<float> xs;
  for (std::uint64_t bits = 0; bits < 0x7f800000u; bits += step) {
    float x;
    const std::uint32_t b = static_cast<std::uint32_t>(bits);
    std::memcpy(&x, &b, sizeof x);
    xs.push_back(x);
    xs.push_back(-x);
  }
  for (float x : {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1.0f, -1.0f, 3.0f, -3.0f, 6.0f})
    xs.push_back(x);
  // The ends of the float range, which a coarse step skips (a root of x² + 0 at −2⁻¹⁴⁹).
  for (float x : {0x1p-149f, 0x1p-126f, 0x1.fffffep127f}) {
    xs.push_back(x);
    xs.push_back(-x);
  }
  return xs;
}

struct Setting {
  const char* name;
  const char* param;
  double value;
};
// Non-default parameters worth a sweep of their own.
const Setting kExtra[] = {{"softplus", "beta", 50},
                          {"swish", "beta", 0.1},
                          {"celu", "alpha", 0.05},
                          {"soft_exponential", "alpha", -0.5},
                          {"soft_exponential", "alpha", 0.7},
                          {"elu", "alpha", 2.5}};

// Returns whether both bounds held (the failures are reported through gtest).
bool Sweep(const Activation& fn, const Params& given, const std::vector<float>& xs,
           bool verbose = true) {
  // The kernels see float parameters; judge them against exactly those.
  const std::array<float, kMaxParams> pf = ToF32(given);
  Params p;
  for (int i = 0; i < kMaxParams; ++i)
    p.v[i] = pf[i];
  std::vector<float> y(xs.size()), dy(xs.size());
  Apply(fn, Eval::kValue, xs, y, p);
  Apply(fn, Eval::kDerivative, xs, dy, p);
  double worst = 0, dworst = 0;
  float at = 0, dat = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double x = xs[i];
    const double e = UlpError<float>(y[i], fn.f(x, p), ErrorScale(fn, false, x, p));
    const double de = UlpError<float>(dy[i], fn.df(x, p), ErrorScale(fn, true, x, p));
    if (e > worst) worst = e, at = xs[i];
    if (de > dworst) dworst = de, dat = xs[i];
  }
  std::string params;
  for (std::size_t i = 0; i < fn.params.size(); ++i) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%s=%.9g", i ? "," : "",
                  std::string(fn.params[i].name).c_str(), p.v[i]);
    params += buf;
  }
  const bool ok = worst <= 8 && dworst <= 8;
  if (verbose || !ok)
    std::printf("%-18s %-24s f %6.3f ULP (x=%.9g)  f' %6.3f ULP (x=%.9g)\n",
                std::string(fn.name).c_str(), params.c_str(), worst, at, dworst, dat);
  EXPECT_LE(worst, 8) << fn.name << " (" << params << ") f32 f at x=" << at;
  EXPECT_LE(dworst, 8) << fn.name << " (" << params << ") f32 f' at x=" << dat;
  return ok;
}

// Values of one parameter across its slider range [lo, hi]: both ends, just inside them (a
// thousandth of the range, and 1e-3 and 1e-6 from 0 where 0 is an end or inside), −1e-3
// where negative values are allowed, and random values from a fixed seed. Values outside the
// parameter's domain (celu's α = 0) are dropped by Validate at the call.
std::vector<double> ParameterValues(const ParamSpec& spec, std::mt19937_64& rng) {
  const double lo = spec.lo, hi = spec.hi, w = hi - lo;
  std::vector<double> v = {lo, hi, lo + 1e-3 * w, hi - 1e-3 * w, spec.def};
  if (lo <= 0 && hi >= 0)
    for (double t : {1e-3, 1e-6, 0.0})
      v.push_back(t);
  if (lo < -1e-3) v.push_back(-1e-3);
  std::uniform_real_distribution<double> u(lo, hi);
  for (int i = 0; i < 6; ++i)
    v.push_back(u(rng));
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Every function with parameters: each parameter over its range with the others at their
// defaults, then all parameters random together. The inputs are every 65521st bit pattern of
// each sign (about 256 per binade, so every tail window a parameter moves, such as βx ∈
// [−150, −87] for an exp, holds many points) plus the special values.
TEST(F32Sweep, every_kernel_within_8_ulp_over_each_parameter_range) {
  const std::vector<float> xs = SweepInputs(65521);
  std::mt19937_64 rng(14);
  int settings = 0, failed = 0;
  auto run = [&](const Activation& fn, const Params& p) {
    if (Validate(fn, p, Precision::kF32)) return;  // outside the domain: refused, not computed
    ++settings;
    if (!Sweep(fn, p, xs, false)) ++failed;
  };
  for (const Activation& fn : Catalogue()) {
    if (fn.params.empty()) continue;
    for (std::size_t i = 0; i < fn.params.size(); ++i)
      for (double value : ParameterValues(fn.params[i], rng)) {
        Params p = Defaults(fn);
        p.v[i] = value;
        run(fn, p);
      }
    if (fn.params.size() > 1)
      for (int k = 0; k < 12; ++k) {
        Params p;
        for (std::size_t i = 0; i < fn.params.size(); ++i) {
          p.v[i] = std::uniform_real_distribution<double>(fn.params[i].lo, fn.params[i].hi)(rng);
          if (fn.params[i].domain == Domain::kCount) p.v[i] = std::round(p.v[i]);
        }
        run(fn, p);
      }
  }
  std::printf("parameter sweep: %d settings, %d over 8 ULP\n", settings, failed);
  EXPECT_GT(settings, 150);
}

TEST(F32Sweep, every_kernel_within_8_ulp_over_the_whole_float_range) {
  const std::vector<float> xs = SweepInputs();
  ASSERT_GT(xs.size(), 1000000u);
  for (const Activation& fn : Catalogue())
    Sweep(fn, Defaults(fn), xs);
  for (const Setting& s : kExtra) {
    const Activation& fn = *Find(s.name);
    Params p = Defaults(fn);
    p.v[ParamIndex(fn, s.param)] = s.value;
    Sweep(fn, p, xs);
  }
  // Each parameter at the edge of its domain (b = 0 of a ≥ 0 parameter, the smallest slider
  // value of a > 0 one), where a formula turns into another (squareroot → |x|, βx → 0).
  for (const Activation& fn : Catalogue())
    for (std::size_t i = 0; i < fn.params.size(); ++i) {
      const ParamSpec& spec = fn.params[i];
      if (spec.domain == Domain::kAny) continue;
      Params p = Defaults(fn);
      p.v[i] = spec.domain == Domain::kNonNegative ? 0 : spec.lo;
      Sweep(fn, p, xs);
    }
}

}  // namespace
}  // namespace actviz::test
