// Branch-free float32 math for the vector kernels: exp (split into two factors so tails that
// are later scaled up keep their bits), expm1, log1p on [0, 1], ln, and the 1 + u split behind
// log1p. Written as plain scalar code over float that GCC vectorises once inlined into a loop
// (selects, fma, bit casts; no calls, no early returns). Ported from shaders/activations.glsl, with
// FMA.
//
// Included only by the per-ISA sources (kernels_avx2.cpp, kernels_avx512.cpp); everything is
// in the namespace ACTVIZ_SIMD_ISA so the two builds of the same inline code never merge.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#ifndef ACTVIZ_SIMD_ISA
#error "define ACTVIZ_SIMD_ISA before including vmath.hpp"
#endif

namespace actviz::simd::ACTVIZ_SIMD_ISA {

inline constexpr float kLog2e = 1.44269504f;
inline constexpr float kLn2Hi = 0.693359375f;  // 9 bits: k·kLn2Hi is exact
inline constexpr float kLn2Lo = -2.12194440e-4f;
inline constexpr float kInf = INFINITY;

inline bool IsNan(float x) {
  return x != x;
}
inline bool IsInf(float x) {
  return std::fabs(x) == kInf;
}
// Integer tricks on a float's bits run in uint32 (wrapping, defined for every input): a lane
// whose result is later discarded by a select (x NaN or negative in Log, a clamped tail) must
// not be undefined behaviour either, and the int32 forms overflowed for negative inputs.
inline float Pow2(std::int32_t n) {
  return std::bit_cast<float>((static_cast<std::uint32_t>(n) + 127u) << 23);
}  // normal n

// Round to nearest integer for |v| < 2²² by the 1.5·2²³ trick (vectorises without SSE4.1's
// roundps, and the integer comes out of the same bits).
struct Rounded {
  float k;
  std::int32_t n;
};
inline Rounded RoundInt(float v) {
  constexpr float kMagic = 12582912.0f;
  const float m = v + kMagic;
  const std::uint32_t n = std::bit_cast<std::uint32_t>(m) - std::bit_cast<std::uint32_t>(kMagic);
  return {m - kMagic, static_cast<std::int32_t>(n)};  // modular: exact for |v| < 2²²
}

// e^r − 1 for |r| ≤ ln2/2 to a relative accuracy (for expm1): Taylor to r⁹ (truncation below
// 2⁻³⁰ relative).
inline float Expm1Small(float r) {
  float q = 2.75573192e-06f;
  q = std::fma(q, r, 2.48015873e-05f);
  q = std::fma(q, r, 1.98412698e-04f);
  q = std::fma(q, r, 1.38888889e-03f);
  q = std::fma(q, r, 8.33333333e-03f);
  q = std::fma(q, r, 4.16666667e-02f);
  q = std::fma(q, r, 1.66666667e-01f);
  q = std::fma(q, r, 0.5f);
  return std::fma(r * r, q, r);
}

// e^r − 1 for |r| ≤ ln2/2 to 1.1e−9 absolute (minimax of degree 7, mpmath; float
// coefficients rounded one at a time with the rest refitted). Cheaper than Expm1Small where
// only e^r = 1 + p is needed, not p to a relative accuracy.
inline float ExpReduced(float r) {
  float q = 1.989098091e-04f;
  q = std::fma(q, r, 1.392617589e-03f);
  q = std::fma(q, r, 8.333308622e-03f);
  q = std::fma(q, r, 4.166653380e-02f);
  q = std::fma(q, r, 1.666666716e-01f);
  q = std::fma(q, r, 0.5f);
  return std::fma(r * r, q, r);
}

// e^t as the product a·b of two floats, each a normal number (or a = 0 below e^−150), so a
// caller can multiply its own factors into a before the one rounding that a·b makes when the
// result is subnormal: x·e^t for x ≈ −88 is a normal number although e^t is not. t must not be
// NaN (callers select NaN themselves). t > 89 gives a·b = +∞.
struct ExpParts {
  float a, b;
};
// For t ∈ [−150, 89] only: no clamps, for callers whose argument is bounded already.
inline ExpParts ExpSplitInRange(float t) {
  const Rounded k = RoundInt(t * kLog2e);
  const float r = std::fma(k.k, -kLn2Lo, std::fma(k.k, -kLn2Hi, t));
  const std::int32_t n1 = k.n >> 1, n2 = k.n - n1;  // both in [−109, 65]
  const float s = Pow2(n1);
  return {std::fma(s, ExpReduced(r), s), Pow2(n2)};
}
inline ExpParts ExpSplit(float t) {
  const float tc = t > 89.0f ? 89.0f : (t > -150.0f ? t : -150.0f);  // selects, not fmin: inlined
  const ExpParts e = ExpSplitInRange(tc);
  return {t < -150.0f ? 0.0f : e.a, e.b};
}
// e^(t + lo) for a small correction lo (the rounding error of t): e^t·(1 + lo) in a.
inline ExpParts WithLo(ExpParts e, float lo) {
  return {std::fma(e.a, lo, e.a), e.b};
}
inline ExpParts ExpSplit(float t, float lo) {
  return WithLo(ExpSplit(t), lo);
}
inline ExpParts ExpSplitInRange(float t, float lo) {
  return WithLo(ExpSplitInRange(t), lo);
}
inline float Exp(float t) {
  const ExpParts e = ExpSplit(t);
  return e.a * e.b;
}

// e^t − 1 for t ∈ [−17.5, 17] (callers clamp): 2ᵏ·expm1(r) + (2ᵏ − 1), with 2ᵏ − 1 exact for
// k ≥ −24; below t = −17.5 the result rounds to −1, above 17 the −1 is below half an ULP.
inline float Expm1InRange(float t) {
  const Rounded k = RoundInt(t * kLog2e);
  const float r = std::fma(k.k, -kLn2Lo, std::fma(k.k, -kLn2Hi, t));
  const float s = Pow2(k.n);
  return std::fma(s, Expm1Small(r), s - 1.0f);
}
// e^t − 1 for t ≤ 0 (or −∞). Keeps −0.
inline float Expm1Neg(float t) {
  const float v = Expm1InRange(t > -17.5f ? t : -17.5f);
  return t == 0.0f ? t : v;
}

// log1p(e)/e for e ∈ [0, 1] (e = e^(−|t|), the common case): a degree-10 polynomial
// (tools/fit_kernels.py, 5e−9), no division, and exactly 1 for e below 2⁻²⁵ so e·P(e) keeps e's
// bits however small e is.
inline float Log1pRatio(float e) {
  constexpr float p[11] = {1.000000000e+00f, -4.999995828e-01f, 3.333207965e-01f, -2.498295754e-01f,
                           1.986960173e-01f, -1.604405046e-01f, 1.230741218e-01f, -8.120242506e-02f,
                           4.065117985e-02f, -1.310954057e-02f, 1.986696618e-03f};
  float q = p[10];
#pragma GCC unroll 16
  for (int k = 9; k >= 0; --k)
    q = std::fma(q, e, p[k]);
  return q;
}

// ln(1 + f) for f ∈ [√½ − 1, √2 − 1] as f − f²/2 + f³·Q(f), Q of degree 8
// (tools/fit_kernels.py, 1.1e−8 relative).
inline float Log1pReduced(float f) {
  constexpr float q[9] = {3.333333135e-01f,  -2.500000596e-01f, 2.000043690e-01f,
                          -1.666734368e-01f, 1.425906271e-01f,  -1.244492158e-01f,
                          1.159770489e-01f,  -1.128593683e-01f, 6.971611828e-02f};
  float p = q[8];
#pragma GCC unroll 16
  for (int k = 7; k >= 0; --k)
    p = std::fma(p, f, q[k]);
  const float f2 = f * f;
  return f + std::fma(f2, f * p, -0.5f * f2);
}

// ln x: x = 2ᵉ·m with m ∈ [√½, √2) read off the bits (subnormals scaled by 2²³ first), then
// e·ln 2 + ln(1 + f) for f = m − 1, exact by Sterbenz. 0 gives −∞, +∞ gives +∞, x < 0 and NaN
// give NaN.
inline float Log(float x) {
  const bool tiny = x < 0x1p-126f;
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(tiny ? x * 0x1p23f : x);
  // 0x3f3504f3: the bits of √½. The exponent is the top 9 bits of the difference read as
  // signed (arithmetic shift); negative x, NaN and ∞ give garbage here, replaced below.
  const std::int32_t e = static_cast<std::int32_t>(bits - 0x3f3504f3u) >> 23;
  const float f = std::bit_cast<float>(bits - (static_cast<std::uint32_t>(e) << 23)) - 1.0f;
  const float k = static_cast<float>(tiny ? e - 23 : e);
  const float v = std::fma(k, kLn2Hi, std::fma(k, kLn2Lo, Log1pReduced(f)));
  const float special = x == 0.0f ? -kInf : (x == kInf ? kInf : NAN);
  return x > 0.0f && x < kInf ? v : special;
}

// 1 + u as the float sum m and its rounding error c (exact): ln(1 + u) = ln m + c/m to well
// within float, the classic log1p correction (callers fold c/m into the one Log they already
// make for another branch). For finite u > −1.
struct OnePlus {
  float m, c;
};
inline OnePlus OnePlusSplit(float u) {
  const float m = 1.0f + u;
  // m − 1 is exact for m ≤ 2 (Sterbenz), m − u is for u ≥ 1.
  return {m, u < 1.0f ? u - (m - 1.0f) : 1.0f - (m - u)};
}

// a·b exactly as hi + lo; lo = 0 when the product is not finite.
struct Two {
  float hi, lo;
};
inline Two TwoProd(float a, float b) {
  const float p = a * b;
  const float lo = std::fma(a, b, -p);
  return {p, IsInf(p) ? 0.0f : lo};
}
// a + b exactly as hi + lo (Knuth's branch-free two-sum), for finite sums.
inline Two TwoSum(float a, float b) {
  const float s = a + b;
  const float bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}

}  // namespace actviz::simd::ACTVIZ_SIMD_ISA
