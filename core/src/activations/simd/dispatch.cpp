// Runtime dispatch of the vector kernels: the widest ISA this CPU has, else `false` (the
// caller's scalar kernel). The check is a load of libgcc's CPU model, once per 64K chunk.
// Off x86-64 the ISA builds are not compiled (core/CMakeLists.txt) and every kernel declines.
#include "activations/simd/kernels.hpp"
#include "base/simd/cpu.hpp"

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

}  // namespace actviz::simd
