// The statistics' vector loops with runtime CPU dispatch: the histogram's passes (AVX-512,
// AVX2; else `false` and the caller's scalar loop) and the sampler (always available).
#pragma once

#include <cstddef>
#include <cstdint>

namespace actviz::simd {

// The histogram's passes over a block (simd/histogram_impl.hpp); false: no vector path here.
// FiniteRange: min, max (written only if finite > 0) and count of the finite values.
// BinIndex: each value's bin estimated as ⌊(v·s − lo_s)·k_s⌋ clamped to [0, bins), with
// kNearEdge set when the quotient is within eps of an edge (the caller settles those), or
// `bins` for NaN and ±∞.
inline constexpr std::uint32_t kNearEdge = 1u << 31;
#define ACTVIZ_SIMD_HISTOGRAM_DECLARE                                                          \
  bool FiniteRange(const float* in, std::size_t n, float* lo, float* hi, std::size_t* finite); \
  bool BinIndex(const float* in, std::size_t n, float lo_s, float s, float k_s, float eps,     \
                int bins, std::uint32_t* out);
ACTVIZ_SIMD_HISTOGRAM_DECLARE
namespace avx2 {
ACTVIZ_SIMD_HISTOGRAM_DECLARE
}
namespace avx512 {
ACTVIZ_SIMD_HISTOGRAM_DECLARE
}
#undef ACTVIZ_SIMD_HISTOGRAM_DECLARE

// The sampler (simd/samples_impl.hpp): out[k] = sample first + k of the stream `seed`, N(0, S²)
// or U(−½, ½)·S. Always available: `base` is the portable build of the same code, and every
// build gives the same bits.
#define ACTVIZ_SIMD_SAMPLES_DECLARE                                                   \
  void DrawNormal(std::uint64_t seed, std::uint64_t first, float scale, float* out,   \
                  std::size_t n);                                                     \
  void DrawUniform(std::uint64_t seed, std::uint64_t first, double scale, float* out, \
                   std::size_t n);
ACTVIZ_SIMD_SAMPLES_DECLARE
namespace avx2 {
ACTVIZ_SIMD_SAMPLES_DECLARE
}
namespace avx512 {
ACTVIZ_SIMD_SAMPLES_DECLARE
}
namespace base {
ACTVIZ_SIMD_SAMPLES_DECLARE
}
#undef ACTVIZ_SIMD_SAMPLES_DECLARE

}  // namespace actviz::simd
