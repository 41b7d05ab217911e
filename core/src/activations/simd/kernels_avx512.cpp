// The vector kernels built for AVX-512 (x86-64-v4), 512-bit vectors.
#define ACTVIZ_SIMD_ISA avx512
#include "activations/simd/kernels_impl.hpp"
