// Runtime dispatch of the vector kernels: the widest ISA this CPU has, else `false` (the
// caller's scalar kernel). The check is a load of libgcc's CPU model, once per 64K chunk.
// Off x86-64 the ISA builds are not compiled (core/CMakeLists.txt) and every kernel declines.
#include "simd/kernels.hpp"

// GCC names the x86-64 levels; clang 14 (scripts/fuzz.sh) knows only single features, so
// there the levels are spelled out (v3's LZCNT, MOVBE, F16C come with AVX2 + BMI2 on every
// CPU that has them).
#if defined(__x86_64__) && defined(__clang__) && __clang_major__ < 16
#define ACTVIZ_HAS_V3()                                               \
  (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && \
   __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2"))
#define ACTVIZ_HAS_V4()                                                                          \
  (ACTVIZ_HAS_V3() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && \
   __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") &&                   \
   __builtin_cpu_supports("avx512vl"))
#else
#define ACTVIZ_HAS_V3() __builtin_cpu_supports("x86-64-v3")
#define ACTVIZ_HAS_V4() __builtin_cpu_supports("x86-64-v4")
#endif

namespace actviz::simd {
namespace {

#if defined(__x86_64__)
bool Dispatch(Kernel avx512, Kernel avx2, const float* in, float* out, std::size_t n,
              const float* p) {
  if (ACTVIZ_HAS_V4()) return avx512(in, out, n, p);
  if (ACTVIZ_HAS_V3()) return avx2(in, out, n, p);
  return false;
}
#define ACTVIZ_SIMD_PICK(Name) return Dispatch(&avx512::Name, &avx2::Name, in, out, n, p)
#else
#define ACTVIZ_SIMD_PICK(Name) return ((void)in, (void)out, (void)n, (void)p, false)
#endif

}  // namespace

#define ACTVIZ_SIMD_DISPATCH(Name)                                           \
  bool Name##F(const float* in, float* out, std::size_t n, const float* p) { \
    ACTVIZ_SIMD_PICK(Name##F);                                               \
  }                                                                          \
  bool Name##D(const float* in, float* out, std::size_t n, const float* p) { \
    ACTVIZ_SIMD_PICK(Name##D);                                               \
  }
ACTVIZ_SIMD_FUNCTIONS(ACTVIZ_SIMD_DISPATCH)
#undef ACTVIZ_SIMD_DISPATCH
#undef ACTVIZ_SIMD_PICK

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
