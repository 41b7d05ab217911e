// The chunked parallel loop and its thread pool: every index exactly once at any thread count,
// nested loops, several callers at once (the GUI's workers), stop, and exceptions.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>
#include <thread>
#include <vector>

#include "actviz/activations/kernels.hpp"
#include "actviz/base/threads.hpp"
#include "base/parallel.hpp"

namespace actviz {
namespace {

// Marks every index it is given; true if each of [0, n) was visited exactly once.
bool VisitsEachOnce(std::size_t n, std::size_t chunk) {
  std::vector<std::atomic<int>> seen(n);
  detail::ParallelChunks(
      n, chunk, 0,
      [&](std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i)
          seen[i].fetch_add(1);
      },
      [] { return false; });
  for (const auto& s : seen)
    if (s.load() != 1) return false;
  return true;
}

struct Threads {  // restores the default after each test
  explicit Threads(int t) { SetMaxThreads(t); }
  ~Threads() { SetMaxThreads(0); }
};

TEST(Parallel, every_index_once_at_any_thread_count_and_chunking) {
  for (int t : {1, 2, 3, 8}) {
    Threads guard(t);
    for (std::size_t n : {0u, 1u, 999u, 1000u, 100003u})
      for (std::size_t chunk : {1u, 7u, 1000u, 1u << 16})
        EXPECT_TRUE(VisitsEachOnce(n, chunk)) << t << " threads, n " << n << ", chunk " << chunk;
  }
}

// The guided loop (large outputs): every index once, chunks never below the minimum except
// the last, and the first ones long.
TEST(Parallel, guided_chunks_cover_every_index_once_longest_first) {
  for (int t : {1, 2, 3, 8}) {
    Threads guard(t);
    for (std::size_t n : {1u, 999u, 100003u, 1u << 20})
      for (std::size_t min_chunk : {1u, 7u, 1000u}) {
        std::vector<std::atomic<int>> seen(n);
        std::atomic<std::size_t> longest{0}, short_chunks{0};
        detail::ParallelGuided(n, min_chunk, [&](std::size_t b, std::size_t e) {
          for (std::size_t i = b; i < e; ++i)
            seen[i].fetch_add(1);
          if (e - b < min_chunk && e != n) ++short_chunks;
          std::size_t l = longest.load();
          while (e - b > l && !longest.compare_exchange_weak(l, e - b)) {
          }
        });
        bool once = true;
        for (const auto& s : seen)
          once &= s.load() == 1;
        EXPECT_TRUE(once) << t << " threads, n " << n << ", min " << min_chunk;
        EXPECT_EQ(short_chunks.load(), 0u);
        const std::size_t threads = std::max<std::size_t>(
            1, std::min<std::size_t>(static_cast<std::size_t>(t), n / min_chunk));
        EXPECT_GE(longest.load(), std::min(n, std::max(min_chunk, n / (2 * threads))));
      }
  }
}

TEST(Parallel, nested_loops_run_inline_without_deadlock) {
  Threads guard(4);
  std::atomic<std::uint64_t> sum{0};
  detail::ParallelChunks(
      64, 1, 0,
      [&](std::size_t b, std::size_t) {
        detail::ParallelChunks(
            1000, 10, 0,
            [&](std::size_t ib, std::size_t ie) {
              for (std::size_t i = ib; i < ie; ++i)
                sum += b * 1000 + i;
            },
            [] { return false; });
      },
      [] { return false; });
  const std::uint64_t n = 64 * 1000;
  EXPECT_EQ(sum.load(), n * (n - 1) / 2);
}

TEST(Parallel, concurrent_callers_each_get_their_whole_loop) {
  Threads guard(4);
  std::vector<std::thread> callers;
  std::atomic<int> good{0};
  for (int c = 0; c < 4; ++c)
    callers.emplace_back([&] {
      for (int r = 0; r < 50; ++r)
        good += VisitsEachOnce(20011, 97);
    });
  for (std::thread& t : callers)
    t.join();
  EXPECT_EQ(good.load(), 200);
}

TEST(Parallel, stop_ends_the_loop_and_reports_it) {
  Threads guard(2);
  std::atomic<int> chunks{0};
  const bool finished = detail::ParallelChunks(
      1000000, 10, 0, [&](std::size_t, std::size_t) { ++chunks; },
      [&] { return chunks.load() >= 100; });
  EXPECT_FALSE(finished);
  EXPECT_LT(chunks.load(), 1000);
}

TEST(Parallel, an_exception_in_a_chunk_reaches_the_caller_and_the_pool_still_works) {
  Threads guard(3);
  for (int r = 0; r < 20; ++r) {
    EXPECT_THROW(detail::ParallelChunks(
                     100000, 100, 0,
                     [&](std::size_t b, std::size_t) {
                       if (b == 50000) throw std::runtime_error("chunk failed");
                     },
                     [] { return false; }),
                 std::runtime_error);
    EXPECT_TRUE(VisitsEachOnce(100000, 100));
  }
}

// The bench's copy ceiling goes through the same chunks: every bit of every element arrives,
// for sizes that end mid-chunk and at any thread count.
TEST(Parallel, copy_array_is_bit_exact_at_any_thread_count) {
  for (int threads : {1, 2, 3})
    for (std::size_t n : {std::size_t{0}, std::size_t{5}, std::size_t{(1u << 18) + 7},
                          std::size_t{(5u << 20) + 7}}) {  // the last one streamed
      SetMaxThreads(threads);
      std::vector<float> in(n), out_storage(n + 2, -1.0f);
      const std::span<float> out(out_storage.data() + 1, n);  // not 64-byte aligned
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t bits = static_cast<std::uint32_t>(i * 2654435761u);
        std::memcpy(&in[i], &bits, sizeof bits);  // NaN payloads, subnormals, ±0 included
      }
      CopyArray(in, out);
      EXPECT_TRUE(n == 0 || std::memcmp(in.data(), out.data(), n * sizeof(float)) == 0)
          << n << " elements, " << threads << " threads";
      EXPECT_EQ(out_storage.front(), -1.0f);  // nothing written outside
      EXPECT_EQ(out_storage.back(), -1.0f);
    }
  SetMaxThreads(0);
}

// Outputs of 16 MiB and more take another path (long chunks written around the cache). It
// must give the bits the cached path gives: applied whole, the array is streamed; applied in
// slices of 1 M, each slice takes the cached path. Out of alignment, in place, for vector
// kernels and a scalar one (soft exponential with α = −10⁻⁷, below its vector range).
TEST(Parallel, streamed_large_outputs_equal_the_cached_path) {
  const std::size_t n = (5u << 20) + 13;
  std::vector<float> in(n);
  for (std::size_t i = 0; i < n; ++i)
    in[i] = static_cast<float>(-12.0 + 24.0 * static_cast<double>((i * 7919) % n) / n);
  in[3] = std::numeric_limits<float>::quiet_NaN();
  in[n - 2] = std::numeric_limits<float>::infinity();
  struct Case {
    const char* fn;
    double alpha;
  };
  for (const Case c : {Case{"relu", 0.0}, Case{"sigmoid", 0.0}, Case{"gelu", 0.0},
                       Case{"soft_exponential", -1e-7}})
    for (int threads : {1, 2, 3}) {
      Threads guard(threads);
      const Activation& fn = *Find(c.fn);
      Params p = Defaults(fn);
      if (c.alpha != 0.0) p.v[0] = c.alpha;
      for (Eval what : {Eval::kValue, Eval::kDerivative}) {
        std::vector<float> want(n);
        for (std::size_t b = 0; b < n; b += 1u << 20) {
          const std::size_t m = std::min<std::size_t>(1u << 20, n - b);
          Apply(fn, what, std::span<const float>(in).subspan(b, m),
                std::span<float>(want).subspan(b, m), p);
        }
        std::vector<float> storage(n + 2, -1.0f);
        const std::span<float> out(storage.data() + 1, n);
        Apply(fn, what, in, out, p);
        EXPECT_EQ(std::memcmp(want.data(), out.data(), n * sizeof(float)), 0)
            << c.fn << (what == Eval::kValue ? " f" : " f'") << ", " << threads << " threads";
        EXPECT_EQ(storage.front(), -1.0f);
        EXPECT_EQ(storage.back(), -1.0f);
        std::copy(in.begin(), in.end(), out.begin());
        Apply(fn, what, out, out, p);
        EXPECT_EQ(std::memcmp(want.data(), out.data(), n * sizeof(float)), 0)
            << c.fn << " in place, " << threads << " threads";
      }
    }
}

}  // namespace
}  // namespace actviz
