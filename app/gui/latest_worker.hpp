// One background thread that serves only the newest request: the GUI asks every frame for what
// the sliders show now; a request equal to the newest is ignored, a different one replaces any
// pending one and flags the one running as stale (work that can stop early polls `cancel`).
// The facts, histogram and image workers share this and differ only in the work they do and
// how they publish its result (under their own lock, before the worker counts as idle).
#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace actviz::gui {

template <class Request>
class LatestWorker {
 public:
  using Work = std::function<void(const Request&, const std::atomic<bool>& cancel)>;

  // Starts the thread. Declare the LatestWorker after everything `work` touches, so it is
  // destroyed (and joined) first.
  explicit LatestWorker(Work work) : work_(std::move(work)), thread_([this] { Run(); }) {}
  ~LatestWorker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
      cancel_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  LatestWorker(const LatestWorker&) = delete;
  LatestWorker& operator=(const LatestWorker&) = delete;

  void Submit(const Request& r) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (newest_ && *newest_ == r) return;
      newest_ = r;
      pending_ = r;
      if (busy_) cancel_ = true;  // the running one is stale now
    }
    wake_.notify_one();
  }

  // Nothing pending and nothing running: the newest request's result is published (or its
  // work failed).
  bool Idle() {
    std::lock_guard<std::mutex> lock(mutex_);
    return !pending_ && !busy_;
  }
  // The newest request submitted, if any.
  std::optional<Request> Newest() {
    std::lock_guard<std::mutex> lock(mutex_);
    return newest_;
  }
  // Blocks until idle (tests, screenshots).
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return !pending_ && !busy_; });
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stop_ || pending_; });
      if (stop_) return;
      const Request r = std::move(*pending_);
      pending_.reset();
      busy_ = true;
      cancel_ = false;
      lock.unlock();
      try {
        work_(r, cancel_);
      } catch (const std::exception&) {
        // The previous result stays; the workers report the failures users must see.
      }
      lock.lock();
      busy_ = false;
      if (!pending_) done_.notify_all();
    }
  }

  Work work_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::optional<Request> pending_, newest_;
  bool busy_ = false, stop_ = false;
  std::atomic<bool> cancel_{false};
  std::thread thread_;
};

}  // namespace actviz::gui
