// The histogram's passes and the sampler built for AVX2 + FMA (x86-64-v3).
#define ACTVIZ_SIMD_ISA avx2
#include "stats/simd/histogram_impl.hpp"
#include "stats/simd/samples_impl.hpp"
