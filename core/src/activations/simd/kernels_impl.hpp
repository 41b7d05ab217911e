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

#include <immintrin.h>

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "activations/simd/kernels.hpp"
#include "base/simd/vmath.hpp"

namespace actviz::simd::ACTVIZ_SIMD_ISA {
namespace {

// ----------------------------------------------------------------------------------- loop

// A memory-bound kernel (one marked kStreamed: a few selects per element) writes around the
// cache (non-temporal stores) when one call writes at least this many elements: a normal store
// first reads the line it overwrites, so such a kernel moves 12 bytes per element instead of 8.
// Apply hands out chunks this large only for outputs of 16 MiB and more, far beyond what a
// reader would still find in cache; smaller calls keep normal stores. Measured (relu, 24 M
// floats, 2 threads, one contiguous run per thread): 9.3 → 12.2 Gelem/s. Kernels that compute
// for longer than memory takes gain nothing and lost 5% to the blocking (gelu), so they don't.
inline constexpr std::size_t kStreamFrom = std::size_t{1} << 20;
inline constexpr std::size_t kStreamBlock = 256;  // computed in registers / L1, then streamed

// 64 bytes of v to a 64-byte-aligned p, around the cache.
inline void Stream64(float* p, const float* v) {
#if defined(__AVX512F__)
  _mm512_stream_ps(p, _mm512_load_ps(v));
#else
  _mm256_stream_ps(p, _mm256_load_ps(v));
  _mm256_stream_ps(p + 8, _mm256_load_ps(v + 8));
#endif
}

// out[i] depends on in[i] alone, so even in == out (in-place apply) is safe for the vector
// loop (a streamed block is read whole before it is written); restrict only spares the alias
// checks.
template <class Fn, bool kDeriv>
bool Run(const float* __restrict in, float* __restrict out, std::size_t n, const float* p) {
  if (!Fn::Ok(p)) return false;
  // Parameters that make the function the identity (f = x, f′ = 1) skip its formula.
  if constexpr (requires { Fn::Identity(p); }) {
    if (Fn::Identity(p)) {
      for (std::size_t i = 0; i < n; ++i) {
        const float x = in[i];
        out[i] = kDeriv ? (IsNan(x) ? x : 1.0f) : x;
      }
      return true;
    }
  }
  const Fn fn(p);
  auto at = [&fn](float x) {
    const float y = kDeriv ? fn.D(x) : fn.F(x);
    return IsNan(x) ? x : y;
  };
  std::size_t i = 0;
  constexpr bool kStreamed = requires {
    Fn::kStreamed;
  };
  if (kStreamed && n >= kStreamFrom) {
    for (; reinterpret_cast<std::uintptr_t>(out + i) % 64 != 0; ++i)  // n ≫ 16: no bound check
      out[i] = at(in[i]);
    for (; i + kStreamBlock <= n; i += kStreamBlock) {
      alignas(64) float block[kStreamBlock];
      for (std::size_t j = 0; j < kStreamBlock; ++j)
        block[j] = at(in[i + j]);
      for (std::size_t j = 0; j < kStreamBlock; j += 16)
        Stream64(out + i + j, block + j);
    }
    _mm_sfence();  // the streamed stores are ordered before whatever this thread does next
  }
  for (; i < n; ++i)
    out[i] = at(in[i]);
  return true;
}

struct AnyParams {
  static bool Ok(const float*) { return true; }
};
// Memory-bound: the output is worth streaming (see kStreamFrom).
struct Piecewise : AnyParams {
  static constexpr bool kStreamed = true;
};

// a·x with the limit 0 for a = 0 and x = ±∞.
inline float Scale(float a, float x) {
  return (a == 0.0f && IsInf(x)) ? 0.0f : a * x;
}

// ------------------------------------------------------------------------------ piecewise

struct Step : Piecewise {
  float theta;
  explicit Step(const float* p) : theta(p[0]) {}
  float F(float x) const { return x > theta ? 1.0f : 0.0f; }
  float D(float) const { return 0.0f; }
};

struct Linear : Piecewise {
  float lambda;
  explicit Linear(const float* p) : lambda(p[0]) {}
  float F(float x) const { return Scale(lambda, x); }
  float D(float) const { return lambda; }
};

// The identity, bit for bit (NaN payloads, −0): the copy ceiling of `actviz bench`, through
// the same loop and stores as every kernel.
struct Copy : Piecewise {
  explicit Copy(const float*) {}
  float F(float x) const { return x; }
  float D(float x) const { return x; }
};

struct Relu : Piecewise {
  explicit Relu(const float*) {}
  float F(float x) const { return x > 0.0f ? x : 0.0f; }
  float D(float x) const { return x > 0.0f ? 1.0f : 0.0f; }
};

struct LeakyRelu : Piecewise {
  float alpha;
  explicit LeakyRelu(const float* p) : alpha(p[0]) {}
  float F(float x) const { return x > 0.0f ? x : Scale(alpha, x); }
  float D(float x) const { return x > 0.0f ? 1.0f : alpha; }
};

struct Relu6 : Piecewise {
  explicit Relu6(const float*) {}
  float F(float x) const { return x <= 0.0f ? 0.0f : (x >= 6.0f ? 6.0f : x); }
  float D(float x) const { return (x > 0.0f && x < 6.0f) ? 1.0f : 0.0f; }
};

struct ThresholdedRelu : Piecewise {
  float theta;
  explicit ThresholdedRelu(const float* p) : theta(p[0]) {}
  float F(float x) const { return x > theta ? x : 0.0f; }
  float D(float x) const { return x > theta ? 1.0f : 0.0f; }
};

struct HardSigmoid : Piecewise {
  explicit HardSigmoid(const float*) {}
  float F(float x) const { return x <= -3.0f ? 0.0f : (x >= 3.0f ? 1.0f : (x + 3.0f) / 6.0f); }
  float D(float x) const { return (x > -3.0f && x < 3.0f) ? 1.0f / 6.0f : 0.0f; }
};

struct HardTanh : Piecewise {
  explicit HardTanh(const float*) {}
  float F(float x) const { return x <= -1.0f ? -1.0f : (x >= 1.0f ? 1.0f : x); }
  float D(float x) const { return (x > -1.0f && x < 1.0f) ? 1.0f : 0.0f; }
};

struct HardSwish : Piecewise {
  explicit HardSwish(const float*) {}
  float F(float x) const { return x <= -3.0f ? 0.0f : (x >= 3.0f ? x : x * (x + 3.0f) / 6.0f); }
  float D(float x) const {
    return x <= -3.0f ? 0.0f : (x >= 3.0f ? 1.0f : (2.0f * x + 3.0f) / 6.0f);
  }
};

struct Hardshrink : Piecewise {
  float theta;
  explicit Hardshrink(const float* p) : theta(p[0]) {}
  float F(float x) const { return std::fabs(x) > theta ? x : 0.0f; }
  float D(float x) const { return std::fabs(x) > theta ? 1.0f : 0.0f; }
};

struct Softshrink : Piecewise {
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

// logit as formulas.hpp: y = min(x, 1 − x) (1 − x exact for x ≥ ½), then ln(y/(1 − y)) below
// ⅓ and log1p((2y − 1)/(1 − y)) above it (no cancellation near ½), negated for x ≥ ½. One Log
// serves both: log1p(t) = ln m + c/m for 1 + t = m + c. x outside [0, 1] makes the quotient
// negative or NaN, so Log answers NaN; y = 0 gives −∞.
struct Logit : AnyParams {
  explicit Logit(const float*) {}
  float F(float x) const {
    const bool upper = x >= 0.5f;
    const float y = upper ? 1.0f - x : x;
    const bool low = y < 1.0f / 3.0f;
    const float t = (low ? y : 2.0f * y - 1.0f) / (1.0f - y);
    const OnePlus o = OnePlusSplit(t);
    const float v = Log(low ? t : o.m) + (low ? 0.0f : o.c / o.m);
    return upper ? -v : v;
  }
  float D(float x) const {
    const float d = std::fabs(x * (1.0f - x));  // fabs: −0 gives +∞ like +0
    return x >= 0.0f && x <= 1.0f ? 1.0f / d : NAN;
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
// log1p(e^t)/β with e^t corrected by lo. log1p(e)/β = (a/β)·P(e)·b with e = a·b, so a
// subnormal e^t scaled up by 1/β keeps its bits (P = 1 there). 1/β is rounded once per call
// (half an ULP more than a division per element, at a fraction of its cost).
struct Softplus {
  float beta, inv_beta;
  // β below 2⁻⁶⁰ would overflow log1p(e)/β in float where the double path does not.
  static bool Ok(const float* p) { return p[0] >= 0x1p-60f; }
  explicit Softplus(const float* p) : beta(p[0]), inv_beta(1.0f / p[0]) {}
  float F(float x) const {
    const Two t = TwoProd(beta, x);
    const bool pos = t.hi > 0.0f;
    const ExpParts e = ExpSplit(-std::fabs(t.hi), pos ? 0.0f : t.lo);
    const float v = ((e.a * inv_beta) * Log1pRatio(e.a * e.b)) * e.b;
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
  float F(float x) const {
    const ExpParts e = ExpSplit(-std::fabs(x));
    return (x < 0.0f ? x : 0.0f) - (e.a * Log1pRatio(e.a * e.b)) * e.b;
  }
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

// GELU. With a = |x| and z = a/√2 as hi + lo (erfc's condition number is 2z²),
// Φ(−a) = erfc(z)/2 = e^(−z²)·H/2 with H = erfcx(z), and φ(a) = e^(−z²)/√(2π): one
// e^(−z²) = a·b shared by both, b multiplied in last so the tails round once even when
// subnormal. H is t·g(w), t = 1/(1 + z/c) and w linear in t (tools/fit_kernels.py: degree 9,
// 3.4e−8). t carries the rounding of 1 + z/c and of the division, a relative ε that H feels
// κ ≈ 1.3…3.4 times over, so ε is computed exactly and added back as H·κε (κ linear in t);
// z.lo goes in through erfc′. Beyond a = 13.45 every result is below FLT_MIN: 0 (the spec lets
// subnormal results flush), which bounds the fit and lets e^(−z²) skip its clamps.
struct GeluParts {
  float b;  // e^(−z²) = a·b, the a folded into q and d
  float q;  // Φ(−|x|) = q·b
  float d;  // φ(x)   = d·b
};
inline GeluParts GeluSplit(float x) {
  constexpr float kInvC = 3.333333433e-01f, kA = 2.628539324e+00f, kB = -1.628539324e+00f;
  constexpr float kG[10] = {
      4.412167072e-01f, 3.109176457e-01f,  1.654812098e-01f,  6.452395022e-02f, 1.664835773e-02f,
      1.797870384e-03f, -4.388537782e-04f, -1.646646415e-04f, 8.220098607e-06f, 9.543466149e-06f};
  const float ax0 = std::fabs(x);
  const float ax = ax0 < 13.5f ? ax0 : 13.5f;
  const float z = ax * 0.707106769f;  // products of |x| ≤ 13.5: exact residuals, no ∞ checks
  const float zlo = std::fma(ax, 1.21016175e-08f, std::fma(ax, 0.707106769f, -z));
  const float den = std::fma(kInvC, z, 1.0f);
  const float den_lo = std::fma(kInvC, z, 1.0f - den);
  const float t = 1.0f / den;
  const float eps = std::fma(-t, den, 1.0f) - t * den_lo;  // 1/(den + den_lo) = t·(1 + ε)
  const float w = std::fma(t, kA, kB);
  float g = kG[9];
#pragma GCC unroll 16
  for (int k = 8; k >= 0; --k)
    g = std::fma(g, w, kG[k]);
  const float kappa = std::fma(2.81366433f, t, 0.47822018f);
  const float half_t = 0.5f * t;
  const float small = std::fma(half_t * g, kappa * eps, -zlo * 0.564189584f);
  const float zz = z * z;
  const ExpParts e = ExpSplitInRange(-zz, -std::fma(z, z, -zz));
  const bool flush = ax0 > 13.45f;
  const float q = e.a * std::fma(half_t, g, small);
  const float d = (e.a * std::fma(-2.0f * z, zlo, 1.0f)) * 0.398942280f;
  return {e.b, flush ? 0.0f : q, flush ? 0.0f : d};
}

struct Gelu : AnyParams {
  explicit Gelu(const float*) {}
  float F(float x) const {
    const GeluParts g = GeluSplit(x);
    const float v = x < 0.0f ? (x * g.q) * g.b : x * (1.0f - g.q * g.b);
    return IsInf(x) ? (x > 0.0f ? x : 0.0f) : v;
  }
  float D(float x) const {
    const GeluParts g = GeluSplit(x);
    const float v = x < 0.0f ? std::fma(x, g.d, g.q) * g.b : (1.0f - g.q * g.b) + (x * g.d) * g.b;
    return IsInf(x) ? (x > 0.0f ? 1.0f : 0.0f) : v;
  }
};

// GELU (tanh form): x·σ(2u), 2u = 2√(2/π)·x·(1 + c·x²) carried as hi + lo (σ's left tail is
// e^(2u), condition |2u|), c = 0.044715 itself as a pair. Then as Swish, with t = 2u and
// du = 2√(2/π)·x·(1 + 3c·x²) in place of βx. x is clamped to ±20 inside (σ is 0 or 1 there).
struct GeluTanh : AnyParams {
  explicit GeluTanh(const float*) {}
  static Two PairMul(Two a, Two b) {
    const float p = a.hi * b.hi;
    const float lo = std::fma(a.hi, b.hi, -p);
    return {p, lo + std::fma(a.hi, b.lo, a.lo * b.hi)};
  }
  static Two TwoU(float xc) {
    const Two x2 = TwoProd(xc, xc);
    const Two cx2 = PairMul({4.471499845e-02f, 1.546144435e-09f}, x2);
    // 1 + cx2 (cx2 ≤ 17.9 here): Fast2Sum, 1 ≥ cx2.hi not guaranteed, so the full TwoSum.
    const float sh = 1.0f + cx2.hi;
    const float bb = sh - 1.0f;
    const float sl = ((1.0f - (sh - bb)) + (cx2.hi - bb)) + cx2.lo;
    const Two m = PairMul({sh, sl}, {xc, 0.0f});
    return PairMul({1.595769167e+00f, -4.534068054e-08f}, m);
  }
  float F(float x) const {
    const float xc = x > 20.0f ? 20.0f : (x < -20.0f ? -20.0f : x);
    const Two t = TwoU(xc);
    const bool neg = t.hi < 0.0f;
    const SigmoidParts s = SigmoidSplit(ExpSplit(-std::fabs(t.hi), neg ? t.lo : -t.lo));
    const float v = neg ? (x * s.a_over) * s.b : x * s.big;
    return IsInf(x) ? (x > 0.0f ? x : 0.0f) : v;
  }
  float D(float x) const {
    const float xc = x > 20.0f ? 20.0f : (x < -20.0f ? -20.0f : x);
    const Two t = TwoU(xc);
    const bool neg = t.hi < 0.0f;
    const SigmoidParts s = SigmoidSplit(ExpSplit(-std::fabs(t.hi), neg ? t.lo : -t.lo));
    const float du = 1.595769167e+00f * (xc * std::fma(1.341450065e-01f, xc * xc, 1.0f));
    const float prod = (du * s.big) * s.a_over;
    const float v = neg ? (s.a_over + prod) * s.b : s.big + prod * s.b;
    return IsInf(x) ? (x > 0.0f ? 1.0f : 0.0f) : v;
  }
};

// Squareplus: √(x² + b) without overflow of x² (|x| > 1e18); x < 0 as b/(2(s − x)), a sum
// of positives, written (b/4)/(s/2 + |x|/2) (the same roundings): 2(s − x) overflowed for
// |x| > 8.5e37, giving 0 where b/(4|x|) is still normal for b > 4 (b = 10: up to 2.1e38).
// b in {0} ∪ [2⁻⁶⁰, 1e30], else the scalar kernel.
struct Squareplus {
  float b;
  static bool Ok(const float* p) { return p[0] == 0.0f || (p[0] >= 0x1p-60f && p[0] <= 1e30f); }
  explicit Squareplus(const float* p) : b(p[0]) {}
  float Root(float x) const {
    const float ax = std::fabs(x);
    const float big = ax * std::sqrt(1.0f + (b / x) / x);
    const float r = ax > 1e18f ? big : std::sqrt(std::fma(x, x, b));
    return b == 0.0f ? ax : r;
  }
  float F(float x) const {
    const float s = Root(x);
    // b = 0 (ReLU): 0 left of 0, where s/2 + |x|/2 may underflow to 0 (|x| = 2⁻¹⁴⁹) and 0/0
    // would be NaN; for b > 0 the denominator is at least √b/2 ≥ 2⁻³¹.
    const float neg = b == 0.0f ? 0.0f : (0.25f * b) / (0.5f * s - 0.5f * x);
    return x >= 0.0f ? 0.5f * x + 0.5f * s : neg;
  }
  float D(float x) const {
    const float s = Root(x);
    const float v = x >= 0.0f ? (1.0f + x / s) * 0.5f : (b / (2.0f * s)) / (s - x);
    return IsInf(x) ? (x > 0.0f ? 1.0f : 0.0f) : (s == 0.0f ? 0.5f : v);
  }
};

// Tanhshrink: |x| < 1 by the series of shaders/activations.glsl ((x − tanh x)/x³ in x²);
// above, x − tanh x = (|x| − 1) + 2e/(1 + e) with e = e^(−2|x|), two positive terms.
// f′ = tanh²x with tanh as the Tanh kernel.
struct Tanhshrink : AnyParams {
  explicit Tanhshrink(const float*) {}
  float F(float x) const {
    constexpr float c[26] = {
        3.333333433e-01f, -1.333333403e-01f, 5.396825448e-02f, -2.186948806e-02f,
        8.863235824e-03f, -3.592127934e-03f, 1.455834368e-03f, -5.900274264e-04f,
        2.391291200e-04f, -9.691537707e-05f, 3.927832222e-05f, -1.591890577e-05f,
        6.451689387e-06f, -2.614771120e-06f, 1.059726856e-06f, -4.294911093e-07f,
        1.740661872e-07f, -7.054637052e-08f, 2.859136750e-08f, -1.158764462e-08f,
        4.696295353e-09f, -1.903336821e-09f, 7.713933381e-10f, -3.126339465e-10f,
        1.267057709e-10f, -5.135191578e-11f};
    const float ax = std::fabs(x);
    const float xs = ax < 1.0f ? x : 0.0f;
    const float u = xs * xs;
    float acc = c[25];
#pragma GCC unroll 32
    for (int i = 24; i >= 0; --i)
      acc = std::fma(acc, u, c[i]);
    const float series = (xs * acc) * u;
    const float e = Exp(-2.0f * ax);
    const float big = std::copysign((ax - 1.0f) + 2.0f * e / (1.0f + e), x);
    return ax < 1.0f ? series : big;
  }
  float D(float x) const {
    const float e = Expm1Neg(-2.0f * std::fabs(x));
    const float t = -e / (2.0f + e);
    return t * t;
  }
};

// ---------------------------------------------------------------------------------- other

// Maxout: the branch a > b decided exactly, as formulas.hpp does, by the sign of
// (w₁ − w₂)x + (b₁ − b₂) in double: with both differences exact in double (Ok), the exact
// value is 0 or a nonzero multiple of 2⁻²⁹⁸, so the one rounding of a double fma keeps its
// sign. At ±∞ the per-call limits of formulas.hpp.
struct Maxout {
  static constexpr bool kStreamed = true;
  float w1, b1, w2, b2;
  double dw, db;
  float f_pos, f_neg, d_pos, d_neg;  // f, f′ at ±∞
  static bool ExactDiff(float a, float b) {
    const double s = double{a} - double{b};
    const double bb = s - double{a};
    return std::isfinite(s) && (double{a} - (s - bb)) + (-double{b} - bb) == 0.0;
  }
  // Two pieces only (k = p[10]); more take the scalar kernel.
  static bool Ok(const float* p) {
    return p[10] == 2.0f && ExactDiff(p[0], p[2]) && ExactDiff(p[1], p[3]);
  }
  static bool FirstAtInf(bool pos, const float* p) {
    const float s1 = pos ? p[0] : -p[0], s2 = pos ? p[2] : -p[2];
    return s1 > s2 || (s1 == s2 && p[1] > p[3]);
  }
  static float Limit(float w, float b, float x) { return w == 0.0f ? b : w * x; }
  explicit Maxout(const float* p)
      : w1(p[0]),
        b1(p[1]),
        w2(p[2]),
        b2(p[3]),
        dw(double{p[0]} - double{p[2]}),
        db(double{p[1]} - double{p[3]}) {
    const bool fp = FirstAtInf(true, p), fn = FirstAtInf(false, p);
    f_pos = fp ? Limit(w1, b1, kInf) : Limit(w2, b2, kInf);
    f_neg = fn ? Limit(w1, b1, -kInf) : Limit(w2, b2, -kInf);
    d_pos = fp ? w1 : w2;
    d_neg = fn ? w1 : w2;
  }
  bool First(float x) const { return std::fma(dw, double{x}, db) > 0.0; }
  float F(float x) const {
    const float v = First(x) ? std::fma(w1, x, b1) : std::fma(w2, x, b2);
    return IsInf(x) ? (x > 0.0f ? f_pos : f_neg) : v;
  }
  float D(float x) const {
    const float v = First(x) ? w1 : w2;
    return IsInf(x) ? (x > 0.0f ? d_pos : d_neg) : v;
  }
};

// Soft exponential, one struct per sign of α (SoftExponential below picks): each loop
// vectorises alone, where one struct branching on α left both branches scalar (0.16 Gelem/s).
// α = 0: x. 2⁻²⁰ ≤ α ≤ 1: (e^(αx) − 1)/α + α with αx carried as hi + lo, e^t − 1 by the
// 2ᵏ·expm1(r) + (2ᵏ − 1) reduction up to t = 17 (above, e^t alone: 1 is below half its ULP);
// α ≤ 1 keeps the result infinite exactly where e^t is. Left of t = −1, (e^t + (α² − 1))/α
// instead, as formulas.hpp: expm1's −1 would swamp e^t, all of f where α ≈ 1 (α = 1: f = eˣ,
// which the other form rounded to 0 below x ≈ −17). Other α: the scalar kernel.
struct SoftExponentialPositive {
  float alpha;
  float sq_m1;  // α² − 1, rounded once (α² is exact in double)
  static bool Ok(const float* p) { return p[0] == 0.0f || (p[0] >= 0x1p-20f && p[0] <= 1.0f); }
  static bool Identity(const float* p) { return p[0] == 0.0f; }
  explicit SoftExponentialPositive(const float* p)
      : alpha(p[0]), sq_m1(static_cast<float>(double{p[0]} * double{p[0]} - 1.0)) {}
  static float Expm1(float t) {
    const float v = Expm1InRange(t > -17.5f ? (t < 17.0f ? t : 17.0f) : -17.5f);
    return t == 0.0f ? t : v;
  }
  float F(float x) const {
    const Two t = TwoProd(alpha, x);
    const float e = Exp(t.hi);
    const float em1 = t.hi > 17.0f ? e : Expm1(t.hi);
    const float corr = IsInf(e) ? 0.0f : e * t.lo;
    const bool left = t.hi < -1.0f;  // one division for both forms
    const float num = left ? std::fma(e, t.lo, e + sq_m1) : em1 + corr;
    return num / alpha + (left ? 0.0f : alpha);
  }
  float D(float x) const {
    const Two t = TwoProd(alpha, x);
    const ExpParts e =
        ExpSplit(t.hi, t.hi > 89.0f ? 0.0f : t.lo);  // lo ≤ ulp(t)/2: not small there
    return e.a * e.b;
  }
};

// −1 ≤ α ≤ −2⁻²⁰: −ln(1 − α(x + α))/α with the log's argument built from exact sums and
// products as in formulas.hpp, accurate near 1 (log1p of u) and near its zero, the pole.
struct SoftExponentialNegative {
  float alpha;
  static bool Ok(const float* p) { return p[0] >= -1.0f && p[0] <= -0x1p-20f; }
  explicit SoftExponentialNegative(const float* p) : alpha(p[0]) {}
  // 1 − α(x + α): u = −α(x + α) for log1p where u > −½, and the argument itself, accurate
  // also near 0 (1 − pr.hi is exact by Sterbenz there).
  struct Arg {
    float u, arg;
    bool near_one;
  };
  Arg LogArg(float x) const {
    const Two s = TwoSum(x, alpha);
    const Two pr = TwoProd(alpha, s.hi);
    const float rest = std::fma(alpha, s.lo, pr.lo);  // α(x + α) = pr.hi + rest
    const float u = -(pr.hi + rest);
    const bool near_one = u > -0.5f;
    return {u, near_one ? 1.0f + u : (1.0f - pr.hi) - rest, near_one};
  }
  float F(float x) const {
    const Arg g = LogArg(x);
    const OnePlus o = OnePlusSplit(g.u);  // log1p(u) = ln m + c/m
    const float l = Log(g.near_one ? o.m : g.arg) + (g.near_one ? o.c / o.m : 0.0f);
    const float v = g.arg > 0.0f ? -l / alpha : NAN;
    return IsInf(x) ? (x > 0.0f ? x : NAN) : v;
  }
  float D(float x) const {
    const Arg g = LogArg(x);
    // 1/(1 + u) with 1 + u = m + c: (1/m)(1 − c/m).
    const OnePlus o = OnePlusSplit(g.u);
    const float r = 1.0f / (g.near_one ? o.m : g.arg);
    const float v = g.near_one ? std::fma(-o.c * r, r, r) : r;
    const float d = g.arg > 0.0f ? v : NAN;
    return IsInf(x) ? (x > 0.0f ? 0.0f : NAN) : d;
  }
};

struct SoftExponential {
  using Negative = SoftExponentialNegative;
  using Positive = SoftExponentialPositive;
};

// A kernel whose formula depends on the sign of its first parameter (the same for the whole
// array) names a struct per sign; the others run as they are.
template <class Fn, bool kDeriv>
bool RunKernel(const float* in, float* out, std::size_t n, const float* p) {
  if constexpr (requires { typename Fn::Negative; })
    return p[0] < 0.0f ? Run<typename Fn::Negative, kDeriv>(in, out, n, p)
                       : Run<typename Fn::Positive, kDeriv>(in, out, n, p);
  else
    return Run<Fn, kDeriv>(in, out, n, p);
}

}  // namespace

// ----------------------------------------------------------------------- exported kernels

#define ACTVIZ_SIMD_DEFINE(Name)                                             \
  bool Name##F(const float* in, float* out, std::size_t n, const float* p) { \
    return RunKernel<Name, false>(in, out, n, p);                            \
  }                                                                          \
  bool Name##D(const float* in, float* out, std::size_t n, const float* p) { \
    return RunKernel<Name, true>(in, out, n, p);                             \
  }
ACTVIZ_SIMD_FUNCTIONS(ACTVIZ_SIMD_DEFINE)
#undef ACTVIZ_SIMD_DEFINE

}  // namespace actviz::simd::ACTVIZ_SIMD_ISA
