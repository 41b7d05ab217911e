// The vector kernels, written once as plain loops over float and compiled per ISA by
// kernels_avx2.cpp and kernels_avx512.cpp (each defines ACTVIZ_SIMD_ISA first).
//
// Why auto-vectorised C++ rather than intrinsics or Highway: each function is a short
// branch-free expression (selects, fma, one or two divisions, our exp/log1p of vmath.hpp), so
// GCC turns the loop into full-width code for each -march we give it; one source serves AVX2
// and AVX-512, stays readable next to formulas.hpp, and needs no dependency. No fast-math:
// NaN and ±∞ keep their exact IEEE behaviour, and the few special inputs are selects.
//
// Each function follows formulas.hpp (the same stable forms, in float with FMA), answers NaN
// with NaN, and gives the spec's limits at ±∞. Ok(p) says whether the float path is accurate
// for these parameters; when it is not, the caller runs the scalar kernel instead.
//
// Sections: loop · piecewise · classic · ELU family · smooth · the exported kernels
#pragma once

#include <cmath>
#include <cstddef>

#include "simd/kernels.hpp"
#include "simd/vmath.hpp"

namespace actviz::simd::ACTVIZ_SIMD_ISA {
namespace {

// ----------------------------------------------------------------------------------- loop

// out[i] depends on in[i] alone, so even in == out (in-place apply) is safe for the vector
// loop; restrict only spares the alias checks.
template <class Fn, bool kDeriv>
bool Run(const float* __restrict in, float* __restrict out, std::size_t n, const float* p) {
  if (!Fn::Ok(p)) return false;
  const Fn fn(p);
  for (std::size_t i = 0; i < n; ++i) {
    const float x = in[i];
    const float y = kDeriv ? fn.D(x) : fn.F(x);
    out[i] = IsNan(x) ? x : y;
  }
  return true;
}

struct AnyParams {
  static bool Ok(const float*) { return true; }
};

// a·x with the limit 0 for a = 0 and x = ±∞.
inline float Scale(float a, float x) {
  return (a == 0.0f && IsInf(x)) ? 0.0f : a * x;
}

// ------------------------------------------------------------------------------ piecewise

struct Step : AnyParams {
  float theta;
  explicit Step(const float* p) : theta(p[0]) {}
  float F(float x) const { return x > theta ? 1.0f : 0.0f; }
  float D(float) const { return 0.0f; }
};

struct Linear : AnyParams {
  float lambda;
  explicit Linear(const float* p) : lambda(p[0]) {}
  float F(float x) const { return Scale(lambda, x); }
  float D(float) const { return lambda; }
};

struct Relu : AnyParams {
  explicit Relu(const float*) {}
  float F(float x) const { return x > 0.0f ? x : 0.0f; }
  float D(float x) const { return x > 0.0f ? 1.0f : 0.0f; }
};

struct LeakyRelu : AnyParams {
  float alpha;
  explicit LeakyRelu(const float* p) : alpha(p[0]) {}
  float F(float x) const { return x > 0.0f ? x : Scale(alpha, x); }
  float D(float x) const { return x > 0.0f ? 1.0f : alpha; }
};

struct Relu6 : AnyParams {
  explicit Relu6(const float*) {}
  float F(float x) const { return x <= 0.0f ? 0.0f : (x >= 6.0f ? 6.0f : x); }
  float D(float x) const { return (x > 0.0f && x < 6.0f) ? 1.0f : 0.0f; }
};

struct ThresholdedRelu : AnyParams {
  float theta;
  explicit ThresholdedRelu(const float* p) : theta(p[0]) {}
  float F(float x) const { return x > theta ? x : 0.0f; }
  float D(float x) const { return x > theta ? 1.0f : 0.0f; }
};

struct HardSigmoid : AnyParams {
  explicit HardSigmoid(const float*) {}
  float F(float x) const { return x <= -3.0f ? 0.0f : (x >= 3.0f ? 1.0f : (x + 3.0f) / 6.0f); }
  float D(float x) const { return (x > -3.0f && x < 3.0f) ? 1.0f / 6.0f : 0.0f; }
};

struct HardTanh : AnyParams {
  explicit HardTanh(const float*) {}
  float F(float x) const { return x <= -1.0f ? -1.0f : (x >= 1.0f ? 1.0f : x); }
  float D(float x) const { return (x > -1.0f && x < 1.0f) ? 1.0f : 0.0f; }
};

struct HardSwish : AnyParams {
  explicit HardSwish(const float*) {}
  float F(float x) const { return x <= -3.0f ? 0.0f : (x >= 3.0f ? x : x * (x + 3.0f) / 6.0f); }
  float D(float x) const {
    return x <= -3.0f ? 0.0f : (x >= 3.0f ? 1.0f : (2.0f * x + 3.0f) / 6.0f);
  }
};

struct Hardshrink : AnyParams {
  float theta;
  explicit Hardshrink(const float* p) : theta(p[0]) {}
  float F(float x) const { return std::fabs(x) > theta ? x : 0.0f; }
  float D(float x) const { return std::fabs(x) > theta ? 1.0f : 0.0f; }
};

struct Softshrink : AnyParams {
  float theta;
  explicit Softshrink(const float* p) : theta(p[0]) {}
  float F(float x) const { return x > theta ? x - theta : (x < -theta ? x + theta : 0.0f); }
  float D(float x) const { return std::fabs(x) > theta ? 1.0f : 0.0f; }
};

// -------------------------------------------------------------------------------- classic

struct Softsign : AnyParams {
  explicit Softsign(const float*) {}
  float F(float x) const { return IsInf(x) ? std::copysign(1.0f, x) : x / (1.0f + std::fabs(x)); }
  float D(float x) const {
    const float d = 1.0f + std::fabs(x);
    return (1.0f / d) / d;  // not 1/d²: d² overflows long before the result underflows
  }
};

// σ(t) from e^(−|t|) = a·b: the small side e/(1+e) is (a/(1+e))·b, rounded once even when
// it is subnormal. neg: t < 0, where σ(t) is the small side.
struct SigmoidParts {
  float big;        // 1/(1+e) = σ(|t|)
  float small;      // e/(1+e) = σ(−|t|)
  float a_over, b;  // small = a_over·b, with a_over = a/(1+e) normal
};
inline SigmoidParts SigmoidSplit(ExpParts e) {
  const float d = 1.0f / (1.0f + e.a * e.b);
  const float a_over = e.a * d;
  return {d, a_over * e.b, a_over, e.b};
}

struct Sigmoid : AnyParams {
  explicit Sigmoid(const float*) {}
  float F(float x) const {
    const SigmoidParts s = SigmoidSplit(ExpSplit(-std::fabs(x)));
    return x < 0.0f ? s.small : s.big;
  }
  float D(float x) const {
    const SigmoidParts s = SigmoidSplit(ExpSplit(-std::fabs(x)));
    return (s.big * s.a_over) * s.b;
  }
};

// tanh x = −expm1(−2|x|)/(2 + expm1(−2|x|)) with the sign of x; sech²x = 4e/(1+e)² with
// e = e^(−2|x|). Neither cancels anywhere.
struct Tanh : AnyParams {
  explicit Tanh(const float*) {}
  float F(float x) const {
    const float e = Expm1Neg(-2.0f * std::fabs(x));
    return std::copysign(-e / (2.0f + e), x);
  }
  float D(float x) const {
    const ExpParts e = ExpSplit(-2.0f * std::fabs(x));
    const float d = 1.0f + e.a * e.b;
    return ((4.0f * e.a) / (d * d)) * e.b;
  }
};

// ----------------------------------------------------------------------------- ELU family

struct Elu : AnyParams {
  float alpha;
  explicit Elu(const float* p) : alpha(p[0]) {}
  float F(float x) const { return x > 0.0f ? x : alpha * Expm1Neg(x); }
  float D(float x) const {
    const ExpParts e = ExpSplit(x);
    return x > 0.0f ? 1.0f : (alpha * e.a) * e.b;
  }
};

struct Selu : AnyParams {
  float lambda, alpha, lambda_alpha;
  explicit Selu(const float* p) : lambda(p[0]), alpha(p[1]), lambda_alpha(p[0] * p[1]) {}
  float F(float x) const { return x > 0.0f ? Scale(lambda, x) : lambda * (alpha * Expm1Neg(x)); }
  float D(float x) const {
    const ExpParts e = ExpSplit(x);
    return x > 0.0f ? lambda : (lambda_alpha * e.a) * e.b;
  }
};

// x/α carried as t + r, r the exact division remainder, because e^t has condition |t|.
struct Celu {
  float alpha;
  static bool Ok(const float* p) { return p[0] > 0.0f; }
  explicit Celu(const float* p) : alpha(p[0]) {}
  Two Arg(float x) const {
    const float t = x / alpha;
    const float r = std::fma(-t, alpha, x) / alpha;
    return {t, IsInf(t) ? 0.0f : r};
  }
  float F(float x) const {
    const Two t = Arg(x);
    const float v = alpha * std::fma(Exp(t.hi), t.lo, Expm1Neg(t.hi));
    return x > 0.0f ? x : v;
  }
  float D(float x) const {
    const Two t = Arg(x);
    const ExpParts e = ExpSplit(t.hi, t.lo);
    return x > 0.0f ? 1.0f : e.a * e.b;
  }
};

// --------------------------------------------------------------------------------- smooth

// Softplus: t = βx exactly as hi + lo. For t > 0: x + log1p(e^(−t))/β; for t ≤ 0:
// log1p(e^t)/β with e^t corrected by lo. Where e < 2⁻²⁴, log1p(e) = e to half an ULP and e/β
// is formed as (a/β)·b so a subnormal e^t scaled up by 1/β keeps its bits. 1/β is rounded once
// per call (half an ULP more than a division per element, at a fraction of its cost).
struct Softplus {
  float beta, inv_beta;
  // β below 2⁻⁶⁰ would overflow log1p(e)/β in float where the double path does not.
  static bool Ok(const float* p) { return p[0] >= 0x1p-60f; }
  explicit Softplus(const float* p) : beta(p[0]), inv_beta(1.0f / p[0]) {}
  float F(float x) const {
    const Two t = TwoProd(beta, x);
    const bool pos = t.hi > 0.0f;
    const ExpParts e = ExpSplit(-std::fabs(t.hi), pos ? 0.0f : t.lo);
    const float ev = e.a * e.b;
    const float tail = (e.a * inv_beta) * e.b;
    const float v = ev < 0x1p-24f ? tail : Log1p(ev) * inv_beta;
    return pos ? x + v : v;
  }
  float D(float x) const {
    const Two t = TwoProd(beta, x);
    const bool neg = t.hi < 0.0f;
    const SigmoidParts s = SigmoidSplit(ExpSplit(-std::fabs(t.hi), neg ? t.lo : -t.lo));
    return neg ? s.small : s.big;
  }
};

// Swish x·σ(βx) and σ(βx) + βx·σ(βx)σ(−βx), with the small sigmoid kept as a_over·b so the
// products with x (up to ~100 in the tails) round once. 0 < |β| < 2⁻²⁰ runs the scalar
// kernel: there e^(βx) can be below e^(−150) while x·e^(βx) is not.
struct Swish {
  float beta;
  float lim_pos, lim_neg;    // f at ±∞
  float dlim_pos, dlim_neg;  // f′ at ±∞
  static bool Ok(const float* p) { return p[0] == 0.0f || std::fabs(p[0]) >= 0x1p-20f; }
  explicit Swish(const float* p) : beta(p[0]) {
    lim_pos = beta == 0.0f ? kInf : (beta > 0.0f ? kInf : 0.0f);
    lim_neg = beta == 0.0f ? -kInf : (beta > 0.0f ? 0.0f : -kInf);
    dlim_pos = beta == 0.0f ? 0.5f : (beta > 0.0f ? 1.0f : 0.0f);
    dlim_neg = beta == 0.0f ? 0.5f : (beta > 0.0f ? 0.0f : 1.0f);
  }
  float F(float x) const {
    const Two t = TwoProd(beta, x);
    const bool neg = t.hi < 0.0f;
    const SigmoidParts s = SigmoidSplit(ExpSplit(-std::fabs(t.hi), neg ? t.lo : -t.lo));
    const float v = neg ? (x * s.a_over) * s.b : x * s.big;
    return IsInf(x) ? (x > 0.0f ? lim_pos : lim_neg) : v;
  }
  // σ(t) + t·σ(t)σ(−t) = (a_over + t·a_over·big)·b on the negative side, big + (t·big·a_over)·b
  // on the positive; the product term is 0 where e^(−|t|) is (t may be ±∞ there).
  float D(float x) const {
    const Two t = TwoProd(beta, x);
    const bool neg = t.hi < 0.0f;
    const SigmoidParts s = SigmoidSplit(ExpSplit(-std::fabs(t.hi), neg ? t.lo : -t.lo));
    const float prod = s.a_over == 0.0f ? 0.0f : (t.hi * s.big) * s.a_over;
    const float v = neg ? (s.a_over + prod) * s.b : s.big + prod * s.b;
    return IsInf(x) ? (x > 0.0f ? dlim_pos : dlim_neg) : v;
  }
};

// ln σ(x) = min(x, 0) − log1p(e^(−|x|)): both terms ≤ 0, never cancelling.
struct LogSigmoid : AnyParams {
  explicit LogSigmoid(const float*) {}
  float F(float x) const { return (x < 0.0f ? x : 0.0f) - Log1p(Exp(-std::fabs(x))); }
  float D(float x) const {
    const SigmoidParts s = SigmoidSplit(ExpSplit(-std::fabs(x)));
    return x > 0.0f ? s.small : s.big;
  }
};

// Mish, as formulas.hpp: with e = e^(−|x|), for x ≤ 0 (e = eˣ) n = e(e+2),
// tanh(sp(x)) = n/(n+2) and the derivative's second term 4x·e(1+e)/(n+2)²; for x > 0 the same
// in e^(−x). On the negative side e's factor a is multiplied in before b (one rounding).
struct Mish : AnyParams {
  explicit Mish(const float*) {}
  float F(float x) const {
    const ExpParts p = ExpSplit(-std::fabs(x));
    const float e = p.a * p.b;
    const float n = e * (e + 2.0f);
    const float neg = (x * (p.a * (e + 2.0f) / (n + 2.0f))) * p.b;
    const float pos = x * ((1.0f + 2.0f * e) / std::fma(2.0f * e, e, 1.0f + 2.0f * e));
    const float v = x <= 0.0f ? neg : pos;
    return IsInf(x) ? (x > 0.0f ? x : 0.0f) : v;
  }
  float D(float x) const {
    const ExpParts p = ExpSplit(-std::fabs(x));
    const float e = p.a * p.b;
    const float n = e * (e + 2.0f);
    const float dn = n + 2.0f;
    const float neg = (p.a * (e + 2.0f) / dn + x * (4.0f * (p.a * (1.0f + e)) / (dn * dn))) * p.b;
    const float dp = std::fma(2.0f * e, e, 1.0f + 2.0f * e);
    const float pos = (1.0f + 2.0f * e) / dp + x * (4.0f * (e * e * (1.0f + e)) / (dp * dp));
    const float v = x <= 0.0f ? neg : pos;
    return IsInf(x) ? (x > 0.0f ? 1.0f : 0.0f) : v;
  }
};

}  // namespace

// ----------------------------------------------------------------------- exported kernels

#define ACTVIZ_SIMD_DEFINE(Name)                                             \
  bool Name##F(const float* in, float* out, std::size_t n, const float* p) { \
    return Run<Name, false>(in, out, n, p);                                  \
  }                                                                          \
  bool Name##D(const float* in, float* out, std::size_t n, const float* p) { \
    return Run<Name, true>(in, out, n, p);                                   \
  }
ACTVIZ_SIMD_FUNCTIONS(ACTVIZ_SIMD_DEFINE)
#undef ACTVIZ_SIMD_DEFINE

}  // namespace actviz::simd::ACTVIZ_SIMD_ISA
