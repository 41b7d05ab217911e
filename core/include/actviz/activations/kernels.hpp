// float32 array kernels: the path images and sample arrays go through (and `eval --type f32`).
// Results are judged against the catalogue's f32 contract (≤ 8 ULP, parameters rounded to
// float). The interface takes whole spans so implementations can vectorise and split work.
#pragma once

#include <span>

#include "actviz/activations/catalogue.hpp"

namespace actviz {

enum class Eval : unsigned char { kValue, kDerivative };

// out[i] = f(in[i]) (or f′). in and out may be the same span; sizes must match.
// Parameters must have passed Validate(fn, p, Precision::kF32).
void Apply(const Activation& fn, Eval what, std::span<const float> in, std::span<float> out,
           const Params& p);

// out = in, bit for bit, through the same threads, chunks, loop and stores as Apply (the vector
// kernels' loop with the identity): the ceiling of the memory-bound kernels, for `actviz bench`.
void CopyArray(std::span<const float> in, std::span<float> out);

}  // namespace actviz
