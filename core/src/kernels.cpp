// float32 array kernels: dispatch to the catalogue row's kernel with float parameters.
#include "actviz/kernels.hpp"

#include <cassert>

namespace actviz {

void Apply(const Activation& fn, Eval what, std::span<const float> in, std::span<float> out,
           const Params& p) {
  assert(in.size() == out.size());
  const std::array<float, kMaxParams> q = ToF32(p);
  auto* kernel = what == Eval::kValue ? fn.f32 : fn.df32;
  kernel(in.data(), out.data(), in.size(), q.data());
}

}  // namespace actviz
