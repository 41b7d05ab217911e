// float32 array kernels: dispatch to the catalogue row's kernel with float parameters.
#include "actviz/activations/kernels.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cstring>
#include <thread>

#include "activations/simd/kernels.hpp"
#include "actviz/base/threads.hpp"
#include "base/parallel.hpp"

namespace actviz {

namespace {

// Large arrays are split over threads in chunks of this many elements.
constexpr std::size_t kChunk = 1 << 16;
std::atomic<int> g_max_threads{0};

// Outputs of 16 MiB and more, which no reader would still find in cache, go out in guided
// chunks of at least 2²⁰ elements: long contiguous runs that memory-bound vector kernels write
// around the cache (simd/kernels_impl.hpp, kStreamFrom). Smaller outputs: 64 K chunks.
constexpr std::size_t kStreamBytes = std::size_t{16} << 20;
constexpr std::size_t kStreamChunk = std::size_t{1} << 20;

// Calls work(b, e) over [0, n) on the pool, in the chunks above.
template <class Work>
void ForChunks(std::size_t n, Work&& work) {
  if (n * sizeof(float) >= kStreamBytes)
    detail::ParallelGuided(n, kStreamChunk, work);
  else
    detail::ParallelChunks(n, kChunk, 4 * kChunk, work, [] { return false; });
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

std::uint64_t PhysicalMemoryBytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && size > 0
             ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(size)
             : 0;
}

void Apply(const Activation& fn, Eval what, std::span<const float> in, std::span<float> out,
           const Params& p) {
  assert(in.size() == out.size());
  const std::array<float, kMaxParams> q = ToF32(p);
  auto* kernel = what == Eval::kValue ? fn.f32 : fn.df32;
  // Elements are independent: large arrays are split over threads, chunk by chunk.
  ForChunks(in.size(), [&](std::size_t b, std::size_t e) {
    kernel(in.data() + b, out.data() + b, e - b, q.data());
  });
}

void CopyArray(std::span<const float> in, std::span<float> out) {
  assert(in.size() == out.size());
  ForChunks(in.size(), [&](std::size_t b, std::size_t e) {
    if (!simd::CopyF(in.data() + b, out.data() + b, e - b, nullptr))
      std::memcpy(out.data() + b, in.data() + b, (e - b) * sizeof(float));
  });
}

}  // namespace actviz
