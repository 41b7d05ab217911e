// The chunked parallel loop and its thread pool: every index exactly once at any thread count,
// nested loops, several callers at once (the GUI's workers), stop, and exceptions.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "actviz/kernels.hpp"
#include "actviz/threads.hpp"
#include "parallel.hpp"

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
    for (std::size_t n : {std::size_t{0}, std::size_t{5}, std::size_t{(1u << 18) + 7}}) {
      SetMaxThreads(threads);
      std::vector<float> in(n), out(n, -1.0f);
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t bits = static_cast<std::uint32_t>(i * 2654435761u);
        std::memcpy(&in[i], &bits, sizeof bits);  // NaN payloads, subnormals, ±0 included
      }
      CopyArray(in, out);
      EXPECT_TRUE(n == 0 || std::memcmp(in.data(), out.data(), n * sizeof(float)) == 0)
          << n << " elements, " << threads << " threads";
    }
  SetMaxThreads(0);
}

}  // namespace
}  // namespace actviz
