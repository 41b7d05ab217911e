// The vector kernels built for AVX2 + FMA (x86-64-v3).
#define ACTVIZ_SIMD_ISA avx2
#include "activations/simd/kernels_impl.hpp"
