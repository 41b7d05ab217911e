// The histogram's passes and the sampler built for AVX-512 (x86-64-v4), 512-bit vectors.
#define ACTVIZ_SIMD_ISA avx512
#include "stats/simd/histogram_impl.hpp"
#include "stats/simd/samples_impl.hpp"
