// float32 array kernels: dispatch to the catalogue row's kernel with float parameters.
#include "actviz/kernels.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cstring>
#include <thread>

#include "actviz/threads.hpp"
#include "parallel.hpp"
#include "simd/kernels.hpp"

namespace actviz {

namespace {

// Large arrays are split over threads in chunks of this many elements.
constexpr std::size_t kChunk = 1 << 16;
std::atomic<int> g_max_threads{0};

// Outputs of 16 MiB and more are not read back from cache by anyone: they are cut into about
// four chunks per thread of at least 2²⁰ elements, which the vector kernels write around the
// cache (simd/kernels_impl.hpp, kStreamFrom), each thread in long contiguous runs that keep
// the prefetchers and write-combining streaming. Smaller outputs: 64 K chunks, normal stores.
constexpr std::size_t kStreamBytes = std::size_t{16} << 20;
std::size_t ChunkFor(std::size_t n) {
  if (n * sizeof(float) < kStreamBytes) return kChunk;
  const std::size_t quarter = n / (4 * static_cast<std::size_t>(MaxThreads()));
  return std::max<std::size_t>(std::size_t{1} << 20, (quarter + kChunk - 1) / kChunk * kChunk);
}

}  // namespace

void SetMaxThreads(int threads) {
  g_max_threads = threads;
}

int MaxThreads() {
  const int set = g_max_threads.load();
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return set >= 1 ? set : std::min(hw, 8);
}

void Apply(const Activation& fn, Eval what, std::span<const float> in, std::span<float> out,
           const Params& p) {
  assert(in.size() == out.size());
  const std::array<float, kMaxParams> q = ToF32(p);
  auto* kernel = what == Eval::kValue ? fn.f32 : fn.df32;
  // Elements are independent: large arrays are split over threads, chunk by chunk.
  detail::ParallelChunks(
      in.size(), ChunkFor(in.size()), 4 * kChunk,
      [&](std::size_t b, std::size_t e) { kernel(in.data() + b, out.data() + b, e - b, q.data()); },
      [] { return false; });
}

void CopyArray(std::span<const float> in, std::span<float> out) {
  assert(in.size() == out.size());
  detail::ParallelChunks(
      in.size(), ChunkFor(in.size()), 4 * kChunk,
      [&](std::size_t b, std::size_t e) {
        if (!simd::CopyF(in.data() + b, out.data() + b, e - b, nullptr))
          std::memcpy(out.data() + b, in.data() + b, (e - b) * sizeof(float));
      },
      [] { return false; });
}

}  // namespace actviz
