// A minimal parallel loop over index chunks for the core's array work: the calling thread
// plus (hardware threads − 1) helpers take chunks from a shared counter. Deterministic
// results need chunk work that depends only on the chunk (as the counter-based sampler does).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#include "actviz/threads.hpp"

namespace actviz::detail {

// Calls work(begin, end) for every chunk of [0, n); returns false if `stop()` said so
// between chunks. Below `serial_below` elements everything runs on the calling thread.
template <class Work, class Stop>
bool ParallelChunks(std::size_t n, std::size_t chunk, std::size_t serial_below, Work&& work,
                    Stop&& stop) {
  const unsigned threads = n < serial_below ? 1u : static_cast<unsigned>(MaxThreads());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stopped{false};
  auto run = [&] {
    for (;;) {
      if (stopped.load(std::memory_order_relaxed)) return;
      if (stop()) {
        stopped = true;
        return;
      }
      const std::size_t begin = next.fetch_add(chunk);
      if (begin >= n) return;
      work(begin, std::min(n, begin + chunk));
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned i = 1; i < threads; ++i)
    helpers.emplace_back(run);
  run();
  for (std::thread& t : helpers)
    t.join();
  return !stopped.load();
}

}  // namespace actviz::detail
