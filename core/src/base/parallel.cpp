// The thread pool behind ParallelChunks (see parallel.hpp).
#include "base/parallel.hpp"

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace actviz::detail {
namespace {

// Set on pool threads, and on a caller while it runs its own task: a parallel loop nested in
// one runs inline (and never try_locks a mutex its own thread holds).
thread_local bool t_inside = false;

class Pool {
 public:
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_)
      t.join();
  }

  void Run(unsigned helpers, const std::function<void()>& task) {
    if (t_inside) {
      task();
      return;
    }
    std::unique_lock<std::mutex> use(use_, std::try_to_lock);
    if (!use.owns_lock()) {
      task();
      return;
    }
    {
      std::lock_guard<std::mutex> lock(m_);
      while (threads_.size() < helpers)  // started once, on first need
        threads_.emplace_back([this] { Serve(); });
      task_ = &task;
      wanted_ = helpers;
      ++generation_;
    }
    wake_.notify_all();
    // The helpers must be done with `task` before it goes out of scope, even if it throws
    // (a chunk's allocation can); their own exceptions come back here.
    std::exception_ptr error;
    t_inside = true;
    try {
      task();
    } catch (...) {
      error = std::current_exception();
    }
    t_inside = false;
    std::unique_lock<std::mutex> lock(m_);
    wanted_ = 0;  // helpers that have not started are not needed: every chunk is taken
    done_.wait(lock, [this] { return active_ == 0; });
    task_ = nullptr;
    if (!error) error = std::exchange(helper_error_, nullptr);
    helper_error_ = nullptr;
    lock.unlock();
    if (error) std::rethrow_exception(error);
  }

 private:
  void Serve() {
    t_inside = true;
    std::uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      wake_.wait(lock, [&] { return stop_ || (generation_ != seen && wanted_ > 0); });
      if (stop_) return;
      seen = generation_;
      --wanted_;
      ++active_;
      const std::function<void()>* task = task_;
      lock.unlock();
      std::exception_ptr error;
      try {
        (*task)();
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error && !helper_error_) helper_error_ = error;
      if (--active_ == 0) done_.notify_all();
    }
  }

  std::mutex use_;  // one caller's task at a time
  std::mutex m_;
  std::condition_variable wake_, done_;
  const std::function<void()>* task_ = nullptr;
  unsigned wanted_ = 0, active_ = 0;
  std::uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr helper_error_;
  std::vector<std::thread> threads_;
};

}  // namespace

void RunOnPool(unsigned helpers, const std::function<void()>& task) {
  static Pool pool;
  pool.Run(helpers, task);
}

}  // namespace actviz::detail
