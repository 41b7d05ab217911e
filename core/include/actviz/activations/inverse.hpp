// Inverses (issue 18): which functions of the catalogue are invertible on their range for given
// parameters, and which have a named inverse in it (sigmoid and logit are a pair). The inverse
// is drawn as the reflection of f in y = x: the points (f(x), x), exact wherever f is.
#pragma once

#include "actviz/activations/catalogue.hpp"

namespace actviz {

// True when f is strictly monotonic over its domain as sampled on [−8, 8] (3201 points; NaN
// samples, outside the domain, are skipped): ReLU and hardtanh are flat somewhere, SiLU and
// GELU turn, so they are not; sigmoid, tanh, logit, softplus, ELU, leaky ReLU with α ≠ 0 are.
// (The window [−8, 8] keeps the flat tails of σ and tanh above the double's resolution.)
bool Invertible(const Activation& fn, const Params& p);

// The catalogue's row for f⁻¹ when it has one at these parameters (sigmoid ↔ logit, linear ↔
// linear), else nullptr.
const Activation* NamedInverse(const Activation& fn, const Params& p);

}  // namespace actviz
