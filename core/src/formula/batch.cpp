// Many elements at once: the program compiled once, each element on the fast path and, where
// that cannot prove the result, on the balls.
#include <cmath>
#include <vector>

#include "formula/fast.hpp"
#include "formula/tree.hpp"

namespace actviz::formula {

std::size_t ExactF32(const Expr& e, std::span<const float> x, std::span<float> y,
                     std::span<const double> params) {
  const detail::Program prog = detail::Compile(e);
  std::vector<double> p(params.begin(), params.end());
  for (double& v : p)
    v = RoundTo(v, Format::kF32);  // the float32 kernels' parameters are float32
  std::size_t slow = 0;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (std::isnan(x[i])) {
      y[i] = x[i];
      continue;
    }
    if (const std::optional<float> v = detail::FastF32(e, prog, x[i], p)) {
      y[i] = *v;
      continue;
    }
    ++slow;
    y[i] = static_cast<float>(Exact(e, x[i], p, Format::kF32));
  }
  return slow;
}

}  // namespace actviz::formula
