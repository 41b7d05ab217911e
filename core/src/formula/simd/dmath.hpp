// Double exp, expm1, log1p and tanh for the block fast path, written as branch-free scalar
// code that GCC vectorises inside the block's loops (selects, fma, bit casts; no calls, no
// float-to-integer conversions, so NaN lanes are defined behaviour too). Each is within a few
// ULP of double (relative error below 2⁻⁴⁸, checked against long double in
// core/tests/formula_block_test.cpp), well inside the 2⁻⁴⁴ the block's radii allow for them.
//
// Included only by block_impl.hpp, in the namespace ACTVIZ_SIMD_ISA, so the three builds of
// the same inline code never merge.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

namespace actviz::formula::detail::ACTVIZ_SIMD_ISA {

// ln 2 in two parts: kLn2Hi has 32 significant bits, so k·kLn2Hi is exact for |k| < 2²¹.
inline constexpr double kLn2Hi = 0x1.62e42feep-1;
inline constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
inline constexpr double kLog2e = 0x1.71547652b82fep0;

// x = k·ln2 + r, |r| ≤ ln2/2 + a little, and e^r − 1 = p: e^x = 2^k·(1 + p). x within
// [−745, 710] (callers clamp). k is returned as a double and as 2^(k−1) (normal for
// k ∈ [−1021, 1024]).
struct ExpParts {
  double k, half_scale, p;
};
inline ExpParts ExpSplit(double x) {
  constexpr double kMagic = 0x1.8p52;  // rounds to an integer in the low bits
  const double t = x * kLog2e + kMagic;
  const double k = t - kMagic;
  const std::uint64_t ki = std::bit_cast<std::uint64_t>(t) - std::bit_cast<std::uint64_t>(kMagic);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // (x − k·ln2hi is exact: Sterbenz)
  // e^r − 1 by its Taylor series to r¹²/12! (truncation below 2⁻⁵¹ relative, |r| ≤ 0.35).
  double q = 1.0 / 479001600;
  q = std::fma(q, r, 1.0 / 39916800);
  q = std::fma(q, r, 1.0 / 3628800);
  q = std::fma(q, r, 1.0 / 362880);
  q = std::fma(q, r, 1.0 / 40320);
  q = std::fma(q, r, 1.0 / 5040);
  q = std::fma(q, r, 1.0 / 720);
  q = std::fma(q, r, 1.0 / 120);
  q = std::fma(q, r, 1.0 / 24);
  q = std::fma(q, r, 1.0 / 6);
  q = std::fma(q, r, 0.5);
  q = std::fma(q, r, 1.0);
  const std::uint64_t e = (ki + 1022u) << 52;  // 2^(k−1), modular for defined behaviour
  return {k, std::bit_cast<double>(e), r * q};
}

// e^x; 0 below −700 (e^−700 < 2⁻¹⁰⁰⁹: the block's absolute slack covers it, and no
// subnormal results, which run 100 times slower), ∞ past 709.79.
inline double ExpD(double x) {
  const double c = x < -700 ? -700.0 : x > 709.8 ? 709.8 : x;  // (NaN passes through)
  const ExpParts s = ExpSplit(c);
  const double v = 2 * (s.half_scale + s.half_scale * s.p);  // overflows to ∞ past the range
  return x < -700 ? 0.0 : x > 709.8 ? INFINITY : v;
}

// e^x − 1, without cancellation near 0: (2^k − 1) + 2^k·p, exact in its first term for the
// k that occur (|k| ≤ 58 after the clamp at −40, where e^x − 1 is −1 to double precision).
inline double Expm1D(double x) {
  const double c = x < -40 ? -40.0 : x > 709.8 ? 709.8 : x;
  const ExpParts s = ExpSplit(c);
  const double scale = 2 * s.half_scale;
  const double v = (scale - 1) + scale * s.p;
  return x < -40 ? -1.0 : x > 709.8 ? INFINITY : v;
}

// log(1 + x) for x > −1: u = 1 + x rounded, log u = e·ln2 + 2·atanh(s) with u = 2^e·m,
// m ∈ [√½, √2), s = (m − 1)/(m + 1), and (x − (u − 1))/u for what rounding 1 + x lost.
inline double Log1pD(double x) {
  const double u = 1 + x;
  const std::uint64_t b = std::bit_cast<std::uint64_t>(u);
  double e = static_cast<double>(static_cast<std::int64_t>((b >> 52) & 0x7ff)) - 1023;
  double m = std::bit_cast<double>((b & 0x000fffffffffffffu) | 0x3ff0000000000000u);  // [1, 2)
  const bool high = m > 1.4142135623730951;
  m = high ? 0.5 * m : m;
  e = high ? e + 1 : e;
  const double s = (m - 1) / (m + 1);  // |s| ≤ 0.1716; m − 1 is exact
  const double z = s * s;
  // atanh(s)/s = Σ z^j/(2j + 1) to z¹¹ (truncation below 2⁻⁵² relative).
  double a = 1.0 / 23;
  a = std::fma(a, z, 1.0 / 21);
  a = std::fma(a, z, 1.0 / 19);
  a = std::fma(a, z, 1.0 / 17);
  a = std::fma(a, z, 1.0 / 15);
  a = std::fma(a, z, 1.0 / 13);
  a = std::fma(a, z, 1.0 / 11);
  a = std::fma(a, z, 1.0 / 9);
  a = std::fma(a, z, 1.0 / 7);
  a = std::fma(a, z, 1.0 / 5);
  a = std::fma(a, z, 1.0 / 3);
  a = std::fma(a, z, 1.0);
  // What rounding 1 + x lost, relative to u: below 2⁻⁵² of the result once u ≥ 2 (left out).
  const double c = u < 2 ? (x - (u - 1)) / u : 0.0;
  return e * kLn2Hi + (2 * s * a + (e * kLn2Lo + c));
}

// tanh x = −t/(2 + t) with t = e^(−2|x|) − 1, the sign of x: no cancellation anywhere.
inline double TanhD(double x) {
  const double t = Expm1D(-2 * std::fabs(x));
  const double v = -t / (2 + t);
  return std::copysign(v, x);
}

}  // namespace actviz::formula::detail::ACTVIZ_SIMD_ISA
