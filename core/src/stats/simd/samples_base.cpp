// The sampler built for any CPU (the baseline of the target): the same source and the same
// bits as the AVX2 and AVX-512 builds, for CPUs that have neither (and other architectures).
#define ACTVIZ_SIMD_ISA base
#include "stats/simd/samples_impl.hpp"
