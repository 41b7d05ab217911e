// The block fast path of typed formulas built for AVX-512 (x86-64-v4), 512-bit vectors.
#define ACTVIZ_SIMD_ISA avx512
#define ACTVIZ_BLOCK_WIDTH 8
#include "formula/simd/block_impl.hpp"
