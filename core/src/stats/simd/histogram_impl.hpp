// The histogram's two passes over one block, written as plain loops that GCC vectorises per
// ISA (included by samples_avx2.cpp and samples_avx512.cpp).
//
// FiniteRange compares floats through their bits mapped to ordered integers: integer min/max
// reductions vectorise without fast-math, float ones do not. BinIndex estimates the bin in
// float on data scaled so the range is about 1 (no overflow, no huge k) and flags estimates
// within eps of an edge for the caller to settle exactly; see MakeHistogram for the bound.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "stats/simd/samples.hpp"

namespace actviz::simd::ACTVIZ_SIMD_ISA {
namespace {

// A float's bits as an int that orders like the float (−0 just below +0).
inline std::int32_t OrderedBits(float v) {
  const std::int32_t i = std::bit_cast<std::int32_t>(v);
  return i ^ ((i >> 31) & 0x7fffffff);
}
inline float FromOrdered(std::int32_t k) {
  return std::bit_cast<float>(k ^ ((k >> 31) & 0x7fffffff));
}

}  // namespace

bool FiniteRange(const float* __restrict in, std::size_t n, float* lo, float* hi,
                 std::size_t* finite) {
  std::int32_t kl = INT32_MAX, kh = INT32_MIN;
  std::size_t count = 0;
  constexpr std::size_t kBlock = std::size_t{1} << 20;  // per-block count fits 32 bits
  for (std::size_t b = 0; b < n; b += kBlock) {
    const std::size_t e = n - b < kBlock ? n : b + kBlock;
    std::uint32_t c = 0;
    for (std::size_t i = b; i < e; ++i) {
      const std::int32_t bits = std::bit_cast<std::int32_t>(in[i]);
      const bool ok = (bits & 0x7f800000) != 0x7f800000;
      const std::int32_t k = OrderedBits(in[i]);
      // Non-finite values become INT32_MAX / INT32_MIN by masks: written as selects, GCC
      // turns them into a conditional reduction that it does not vectorise.
      const std::int32_t bad = ok ? 0 : -1;
      const std::int32_t a = (k & ~bad) | (INT32_MAX & bad), z = (k & ~bad) | (INT32_MIN & bad);
      kl = a < kl ? a : kl;
      kh = z > kh ? z : kh;
      c += static_cast<std::uint32_t>(bad + 1);
    }
    count += c;
  }
  *finite = count;
  if (count) *lo = FromOrdered(kl), *hi = FromOrdered(kh);
  return true;
}

bool BinIndex(const float* __restrict in, std::size_t n, float lo_s, float s, float k_s, float eps,
              int bins, std::uint32_t* __restrict out) {
  // The largest float ≤ bins − 1: rounded up (bins − 1 = 2²⁴ + 3 rounds to 2²⁴ + 4), the clamp
  // below would let the index bins + 1 through, past the thresholds and the counts.
  float last = static_cast<float>(bins - 1);
  if (static_cast<double>(last) > bins - 1.0) last = std::nextafter(last, 0.0f);
  for (std::size_t i = 0; i < n; ++i) {
    const float v = in[i];
    float q = (v * s - lo_s) * k_s;
    q = q < last ? q : last;
    q = q > 0.0f ? q : 0.0f;  // NaN to the last bin, −∞ to 0, +∞ to the last: a defined conversion
    const std::int32_t j = static_cast<std::int32_t>(q);
    const float frac = q - static_cast<float>(j);  // exact
    const bool near = frac < eps || frac > 1.0f - eps;
    const bool ok = (std::bit_cast<std::int32_t>(v) & 0x7f800000) != 0x7f800000;
    const std::uint32_t bin = static_cast<std::uint32_t>(j) | (near ? kNearEdge : 0u);
    out[i] = ok ? bin : static_cast<std::uint32_t>(bins);  // bins: the slot of NaN and ±∞
  }
  return true;
}

}  // namespace actviz::simd::ACTVIZ_SIMD_ISA
