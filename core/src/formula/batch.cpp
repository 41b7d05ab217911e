// Many elements at once: the program compiled once, each element on the fast path and, where
// that cannot prove the result, on the balls; chunks of elements on every thread.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "base/parallel.hpp"
#include "formula/fast.hpp"
#include "formula/tree.hpp"

namespace actviz::formula {

std::size_t ExactF32(const Expr& e, std::span<const float> x, std::span<float> y,
                     std::span<const double> params) {
  const Expr fast = detail::FastForm(e);
  const detail::Program prog = detail::Compile(fast);
  std::vector<double> p(params.begin(), params.end());
  for (double& v : p)
    v = RoundTo(v, Format::kF32);  // the float32 kernels' parameters are float32
  std::atomic<std::size_t> slow{0};
  const std::size_t n = std::min(x.size(), y.size());
  // On every thread (the elements are independent; a call from a pool thread runs alone).
  actviz::detail::ParallelChunks(
      n, 4096, 8192,
      [&](std::size_t begin, std::size_t end) {
        std::size_t here = 0;
        for (std::size_t i = begin; i < end; ++i) {
          if (std::isnan(x[i])) {
            y[i] = x[i];
            continue;
          }
          if (const std::optional<float> v = detail::FastF32(fast, prog, x[i], p)) {
            y[i] = *v;
            continue;
          }
          ++here;
          y[i] = static_cast<float>(Exact(e, x[i], p, Format::kF32));
        }
        slow += here;
      },
      [] { return false; });
  return slow.load();
}

}  // namespace actviz::formula
