// The block fast path of typed formulas built for scalar (the CPUs without AVX2, and elsewhere than
// x86-64).
#define ACTVIZ_SIMD_ISA base
#define ACTVIZ_BLOCK_WIDTH 1
#include "formula/simd/block_impl.hpp"
