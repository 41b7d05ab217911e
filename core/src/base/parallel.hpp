// A minimal parallel loop over index chunks for the core's array work: the calling thread
// plus up to (MaxThreads() − 1) threads of a persistent pool take chunks from a shared counter.
// Deterministic results need chunk work that depends only on the chunk (as the counter-based
// sampler does). A pool rather than threads per call: starting a thread costs a stack mapping
// and, on this class of VM, contends with any other thread's page faults (a figure's image
// steps took 50 ms beside the GL driver loading, 5 ms alone).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>

#include "actviz/base/threads.hpp"

namespace actviz::detail {

// Runs task() on the calling thread and on `helpers` pool threads at once and returns when
// every one has returned. When the pool is serving another caller, or when called from a pool
// thread (a parallel loop inside a parallel loop), task() runs on the calling thread alone:
// the work is a chunk-stealing loop, so one thread finishes it all.
void RunOnPool(unsigned helpers, const std::function<void()>& task);

// Calls work(begin, end) for every chunk of [0, n); returns false if `stop()` said so
// between chunks. Below `serial_below` elements everything runs on the calling thread.
template <class Work, class Stop>
bool ParallelChunks(std::size_t n, std::size_t chunk, std::size_t serial_below, Work&& work,
                    Stop&& stop) {
  const std::size_t chunks = (n + chunk - 1) / chunk;
  const unsigned threads =
      n < serial_below ? 1u : static_cast<unsigned>(std::min<std::size_t>(MaxThreads(), chunks));
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
  if (threads <= 1)
    run();
  else
    RunOnPool(threads - 1, run);
  return !stopped.load();
}

// Calls work(begin, end) over [0, n) in chunks that shrink as the work runs out: each takes
// 1/(2·threads) of what is left, at least `min_chunk` (guided scheduling). Long contiguous runs
// first (a streaming kernel's stores and the prefetchers like them), short ones at the end so
// that a thread slowed by its neighbours on a shared host does not leave the other waiting.
template <class Work>
void ParallelGuided(std::size_t n, std::size_t min_chunk, Work&& work) {
  const unsigned threads = static_cast<unsigned>(
      std::max<std::size_t>(1, std::min<std::size_t>(MaxThreads(), n / min_chunk)));
  std::atomic<std::size_t> next{0};
  auto run = [&] {
    std::size_t begin = next.load(std::memory_order_relaxed), len = 0;
    for (;;) {
      do {
        if (begin >= n) return;
        len = std::min(n - begin, std::max(min_chunk, (n - begin) / (2 * threads)));
      } while (!next.compare_exchange_weak(begin, begin + len, std::memory_order_relaxed));
      work(begin, begin + len);
      begin = next.load(std::memory_order_relaxed);
    }
  };
  if (threads <= 1)
    run();
  else
    RunOnPool(threads - 1, run);
}

}  // namespace actviz::detail
