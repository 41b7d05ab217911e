// Runtime dispatch of the statistics' vector loops: the widest ISA this CPU has; the
// histogram's passes else decline (the caller's scalar loop), the sampler else runs its
// portable build (the same bits).
#include "base/simd/cpu.hpp"
#include "stats/simd/samples.hpp"

namespace actviz::simd {

#if defined(__x86_64__)
#define ACTVIZ_SIMD_PICK(Name, ...)                      \
  if (ACTVIZ_HAS_V4()) return avx512::Name(__VA_ARGS__); \
  if (ACTVIZ_HAS_V3()) return avx2::Name(__VA_ARGS__);   \
  return false
#else
#define ACTVIZ_SIMD_PICK(Name, ...) \
  [](auto&&...) {}(__VA_ARGS__);    \
  return false
#endif
bool FiniteRange(const float* in, std::size_t n, float* lo, float* hi, std::size_t* finite) {
  ACTVIZ_SIMD_PICK(FiniteRange, in, n, lo, hi, finite);
}
bool BinIndex(const float* in, std::size_t n, float lo_s, float s, float k_s, float eps, int bins,
              std::uint32_t* out) {
  ACTVIZ_SIMD_PICK(BinIndex, in, n, lo_s, s, k_s, eps, bins, out);
}
#undef ACTVIZ_SIMD_PICK

#if defined(__x86_64__)
#define ACTVIZ_SIMD_PICK(Name, ...)                      \
  if (ACTVIZ_HAS_V4()) return avx512::Name(__VA_ARGS__); \
  if (ACTVIZ_HAS_V3()) return avx2::Name(__VA_ARGS__);   \
  return base::Name(__VA_ARGS__)
#else
#define ACTVIZ_SIMD_PICK(Name, ...) return base::Name(__VA_ARGS__)
#endif
void DrawNormal(std::uint64_t seed, std::uint64_t first, float scale, float* out, std::size_t n) {
  ACTVIZ_SIMD_PICK(DrawNormal, seed, first, scale, out, n);
}
void DrawUniform(std::uint64_t seed, std::uint64_t first, double scale, float* out, std::size_t n) {
  ACTVIZ_SIMD_PICK(DrawUniform, seed, first, scale, out, n);
}
#undef ACTVIZ_SIMD_PICK

}  // namespace actviz::simd
