// The float32 kernels over the whole float range, by bit pattern (every 4093rd pattern of
// each sign, plus ±0, ±∞, NaN): each result within 8 ULP of the f64 path evaluated with the
// same float-rounded parameters (itself checked against mpmath in reference_test).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "actviz/catalogue.hpp"
#include "actviz/kernels.hpp"
#include "ulp.hpp"

namespace actviz::test {
namespace {

std::vector<float> SweepInputs() {
  std::vector<float> xs;
  for (std::uint64_t bits = 0; bits < 0x7f800000u; bits += 4093) {
    float x;
    const std::uint32_t b = static_cast<std::uint32_t>(bits);
    std::memcpy(&x, &b, sizeof x);
    xs.push_back(x);
    xs.push_back(-x);
  }
  for (float x : {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1.0f, -1.0f, 3.0f, -3.0f, 6.0f})
    xs.push_back(x);
  return xs;
}

// Size of the terms that cancel near an interior root of f′ (spec: the error there is measured
// against them), computed from the definitions; 0 where nothing cancels.
double DerivativeScale(const Activation& fn, double x, const Params& p) {
  auto sig = [](double t) { return 1 / (1 + std::exp(-t)); };
  const std::string name(fn.name);
  if (name == "gelu")
    return std::fmax(0.5 * std::erfc(-x / std::sqrt(2.0)),
                     std::fabs(x) * std::exp(-x * x / 2) / std::sqrt(2 * M_PI));
  if (name == "swish") {
    const double t = p.v[0] * x;
    return std::fmax(sig(t), std::fabs(t) * sig(t) * sig(-t));
  }
  if (name == "mish") {  // tanh(sp(x)) + x·sech²(sp(x))·σ(x)
    const double sp = x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    const double t = std::tanh(sp), sech = 1 / std::cosh(sp);
    return std::fmax(std::fabs(t), std::fabs(x * sech * sech * sig(x)));
  }
  if (name == "gelu_tanh") {  // σ(2u) + ½x·sech²u·√(2/π)(1 + 3cx²)
    const double u = std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x);
    const double sech2 = 4 * sig(2 * u) * sig(-2 * u);
    return std::fmax(sig(2 * u),
                     std::fabs(0.5 * x * sech2 * std::sqrt(2 / M_PI) * (1 + 3 * 0.044715 * x * x)));
  }
  return 0;
}

double ValueScale(const Activation& fn, double x, const Params& p) {
  if (fn.name == "soft_exponential" && p.v[0] > 0)
    return std::fmax(std::fabs(std::expm1(p.v[0] * x) / p.v[0]), p.v[0]);
  return 0;
}

struct Setting {
  const char* name;
  const char* param;
  double value;
};
// Non-default parameters worth a sweep of their own.
const Setting kExtra[] = {{"softplus", "beta", 0.05},
                          {"softplus", "beta", 50},
                          {"swish", "beta", 0.1},
                          {"celu", "alpha", 0.05},
                          {"soft_exponential", "alpha", -0.5},
                          {"soft_exponential", "alpha", 0.7},
                          {"squareplus", "b", 0},
                          {"elu", "alpha", 2.5}};

void Sweep(const Activation& fn, const Params& given, const std::vector<float>& xs) {
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
    const double e = UlpError<float>(y[i], fn.f(x, p), ValueScale(fn, x, p));
    const double de = UlpError<float>(dy[i], fn.df(x, p), DerivativeScale(fn, x, p));
    if (e > worst) worst = e, at = xs[i];
    if (de > dworst) dworst = de, dat = xs[i];
  }
  std::printf(
      "%-18s %-14s f %6.3f ULP (x=%.9g)  f' %6.3f ULP (x=%.9g)\n", std::string(fn.name).c_str(),
      fn.params.empty()
          ? ""
          : (std::string(fn.params[0].name) + "=" + std::to_string(p.v[0]).substr(0, 6)).c_str(),
      worst, at, dworst, dat);
  EXPECT_LE(worst, 8) << fn.name << " f32 f at x=" << at;
  EXPECT_LE(dworst, 8) << fn.name << " f32 f' at x=" << dat;
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
}

}  // namespace
}  // namespace actviz::test
