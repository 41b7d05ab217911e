// The vector kernels built for AVX2 + FMA (x86-64-v3).
#define ACTVIZ_SIMD_ISA avx2
#include "simd/histogram_impl.hpp"
#include "simd/kernels_impl.hpp"
#include "simd/samples_impl.hpp"
