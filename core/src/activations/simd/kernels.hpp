// Vectorised float32 kernels with runtime CPU dispatch (AVX-512, AVX2+FMA; anything else gets
// `false` back and runs the catalogue's scalar kernel). Same signature as Activation::f32 plus
// a verdict: a kernel returns false, having written nothing, when this CPU or these
// parameters are outside what its vector path is accurate for.
#pragma once

#include <cstddef>

namespace actviz::simd {

using Kernel = bool (*)(const float* in, float* out, std::size_t n, const float* p);

// Every vectorised function, once: each gets NameF and NameD in every ISA and in the dispatcher.
// clang-format off
#define ACTVIZ_SIMD_FUNCTIONS(X)                                                         \
  X(Step) X(Linear) X(Relu) X(LeakyRelu) X(Relu6) X(ThresholdedRelu) X(HardSigmoid)      \
  X(HardTanh) X(HardSwish) X(Hardshrink) X(Softshrink) X(Softsign) X(Sigmoid) X(Tanh)    \
  X(Logit) X(Elu) X(Selu) X(Celu) X(Softplus) X(Swish) X(LogSigmoid) X(Mish) X(Gelu)     \
  X(GeluTanh) X(Squareplus) X(Tanhshrink) X(Maxout) X(SoftExponential) X(Copy)
// clang-format on

#define ACTVIZ_SIMD_DECLARE(Name)                                           \
  bool Name##F(const float* in, float* out, std::size_t n, const float* p); \
  bool Name##D(const float* in, float* out, std::size_t n, const float* p);
ACTVIZ_SIMD_FUNCTIONS(ACTVIZ_SIMD_DECLARE)
namespace avx2 {
ACTVIZ_SIMD_FUNCTIONS(ACTVIZ_SIMD_DECLARE)
}
namespace avx512 {
ACTVIZ_SIMD_FUNCTIONS(ACTVIZ_SIMD_DECLARE)
}
#undef ACTVIZ_SIMD_DECLARE

}  // namespace actviz::simd
