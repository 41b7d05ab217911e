// The block fast path of typed formulas built for AVX2 (x86-64-v3), 256-bit vectors.
#define ACTVIZ_SIMD_ISA avx2
#define ACTVIZ_BLOCK_WIDTH 4
#include "formula/simd/block_impl.hpp"
