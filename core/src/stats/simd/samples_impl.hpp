// The sampler's inner loop, written once as plain loops that GCC vectorises per ISA (included by
// kernels_avx2.cpp, kernels_avx512.cpp and samples_base.cpp, the portable build).
//
// Sample i depends only on (seed, i), through SplitMix64's finaliser, so any chunking and any
// thread count give the same array. Every build runs the same IEEE operations in the same order
// (fma, sqrt and conversions are exactly rounded; -ffp-contract is off in ISO C++), so the AVX2,
// AVX-512 and portable builds give the same bits too.
//
// Normal: Box–Muller on the pair (2j, 2j + 1), the even sample the cosine and the odd the sine,
// in float: r = √(−2 ln u₁) with u₁ ∈ [2⁻⁵⁵, 1) from 54 bits (tails to 8.73σ), the angle
// from 24 bits, reduced by quarter turns exactly and evaluated by polynomials in turns.
// Uniform: 53 bits in double, as the reference definition U(−½, ½)·S.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/simd/vmath.hpp"

namespace actviz::simd::ACTVIZ_SIMD_ISA {
namespace {

// SplitMix64's finaliser: a bijection of 64-bit words with full avalanche.
inline std::uint64_t Mix(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// 64 random bits for counter i of a stream whose seed is already mixed (mixing the seed first
// gives nearby seeds unrelated streams).
inline std::uint64_t Bits(std::uint64_t mixed_seed, std::uint64_t i) {
  return Mix(mixed_seed ^ (i * 0xD1B54A32D192ED03ull));
}

// sin(2πt) and cos(2πt) for t ∈ [0, 1) turns: q = the nearest quarter, t − q/4 ∈ [−⅛, ⅛]
// (exact), polynomials of degree 4 in t² (tools/fit_kernels.py, 3.3e−8 relative), then the
// quarter's rotation.
struct SinCos {
  float s, c;
};
inline SinCos SinCosTurns(float t) {
  constexpr float ks[5] = {6.283185482e+00f, -4.134170151e+01f, 8.160520172e+01f, -7.669763947e+01f,
                           4.147283173e+01f};
  constexpr float kc[5] = {1.000000000e+00f, -1.973920822e+01f, 6.493930817e+01f, -8.544244385e+01f,
                           5.922016907e+01f};
  const Rounded q = RoundInt(4.0f * t);
  const float r = std::fma(q.k, -0.25f, t);
  const float s2 = r * r;
  float ps = ks[4], pc = kc[4];
#pragma GCC unroll 8
  for (int k = 3; k >= 0; --k) {
    ps = std::fma(ps, s2, ks[k]);
    pc = std::fma(pc, s2, kc[k]);
  }
  const float sin_r = r * ps, cos_r = pc;
  const std::int32_t quarter = q.n & 3;  // θ = quarter·90° + 2πr
  const float s = quarter == 0 ? sin_r : (quarter == 1 ? cos_r : (quarter == 2 ? -sin_r : -cos_r));
  const float c = quarter == 0 ? cos_r : (quarter == 1 ? -sin_r : (quarter == 2 ? -cos_r : sin_r));
  return {s, c};
}

}  // namespace

void DrawNormal(std::uint64_t seed, std::uint64_t first, float scale, float* __restrict out,
                std::size_t n) {
  const std::uint64_t mixed = Mix(seed);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint64_t i = first + k, j = i >> 1;
    const std::uint64_t b1 = Bits(mixed, 2 * j), b2 = Bits(mixed, 2 * j + 1);
    // u₁ = hi·2⁻³¹ + (lo + ½)·2⁻⁵⁴ from 31 + 23 bits, rounded once: never 0, and as fine as a
    // float allows near 0, where the tails come from. The angle: 24 bits, exact in float.
    const float hi = static_cast<float>(static_cast<std::int32_t>(b1 >> 33));
    const float lo = static_cast<float>(static_cast<std::int32_t>((b1 >> 10) & 0x7fffff));
    const float u1 = std::fma(lo + 0.5f, 0x1p-54f, hi * 0x1p-31f);
    const float u2 = static_cast<float>(static_cast<std::int32_t>(b2 >> 40)) * 0x1p-24f;
    const float r = std::sqrt(-2.0f * Log(u1));
    const SinCos sc = SinCosTurns(u2);
    out[k] = (r * ((i & 1) ? sc.s : sc.c)) * scale;
  }
}

void DrawUniform(std::uint64_t seed, std::uint64_t first, double scale, float* __restrict out,
                 std::size_t n) {
  const std::uint64_t mixed = Mix(seed);
  for (std::size_t k = 0; k < n; ++k) {
    const double u = static_cast<double>(static_cast<std::int64_t>(Bits(mixed, first + k) >> 11));
    out[k] = static_cast<float>((u * 0x1p-53 - 0.5) * scale);
  }
}

}  // namespace actviz::simd::ACTVIZ_SIMD_ISA
