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

struct CompiledF32::Parts {
  Expr e, fast;
  detail::Program prog;
  std::vector<double> p;
  detail::BlockProgram block;
};

CompiledF32::CompiledF32(const Expr& e, std::span<const double> params)
    : parts_(std::make_unique<Parts>()) {
  Parts& c = *parts_;
  c.e = e;
  c.fast = detail::FastForm(e);
  c.prog = detail::Compile(c.fast);
  c.p.assign(params.begin(), params.end());
  for (double& v : c.p)
    v = RoundTo(v, Format::kF32);          // the float32 kernels' parameters are float32
  c.block = detail::CompileBlock(e, c.p);  // (its own forms: block.hpp)
}

CompiledF32::~CompiledF32() = default;

std::size_t CompiledF32::Run(std::span<const float> x, std::span<float> y) const {
  const Parts& c = *parts_;
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
          if (detail::RunBlock(c.block, &x[b], m, &y[b], proven) == m) continue;
          for (std::size_t i = b; i < b + m; ++i) {
            if (proven[i - b]) continue;
            if (std::isnan(x[i])) {
              y[i] = x[i];
            } else if (const std::optional<float> v = detail::FastF32(c.fast, c.prog, x[i], c.p)) {
              y[i] = *v;
            } else {
              ++here;
              y[i] = static_cast<float>(Exact(c.e, x[i], c.p, Format::kF32));
            }
          }
        }
        slow += here;
      },
      [] { return false; });
  return slow.load();
}

std::size_t ExactF32(const Expr& e, std::span<const float> x, std::span<float> y,
                     std::span<const double> params) {
  return CompiledF32(e, params).Run(x, y);
}

}  // namespace actviz::formula
