// Many elements at once: the formula compiled once for each path; each block of elements on
// the block fast path (SIMD, block.hpp), the elements it cannot prove on the scalar intervals
// (fast.hpp), and those on the balls; chunks of blocks on every thread.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <vector>

#include "base/parallel.hpp"
#include "formula/block.hpp"
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
  const detail::BlockProgram block = detail::CompileBlock(fast, p);
  std::atomic<std::size_t> slow{0};
  const std::size_t n = std::min(x.size(), y.size());
  constexpr std::size_t kB = detail::kBlockLanes;
  // On every thread (the elements are independent; a call from a pool thread runs alone).
  actviz::detail::ParallelChunks(
      n, 16 * kB, 32 * kB,
      [&](std::size_t begin, std::size_t end) {
        std::size_t here = 0;
        std::uint8_t proven[kB];
        for (std::size_t b = begin; b < end; b += kB) {
          const std::size_t m = std::min(kB, end - b);
          if (detail::RunBlock(block, &x[b], m, &y[b], proven) == m) continue;
          for (std::size_t i = b; i < b + m; ++i) {
            if (proven[i - b]) continue;
            if (std::isnan(x[i])) {
              y[i] = x[i];
            } else if (const std::optional<float> v = detail::FastF32(fast, prog, x[i], p)) {
              y[i] = *v;
            } else {
              ++here;
              y[i] = static_cast<float>(Exact(e, x[i], p, Format::kF32));
            }
          }
        }
        slow += here;
      },
      [] { return false; });
  return slow.load();
}

}  // namespace actviz::formula
