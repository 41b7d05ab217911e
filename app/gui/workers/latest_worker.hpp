// One background thread that serves only the newest request: the GUI asks every frame for what
// the sliders show now; a request equal to the newest is ignored, a different one replaces any
// pending one and flags the one running as stale (work that can stop early polls `cancel`).
// The facts, histogram and image workers share this and differ only in the work they do and
// how they publish its result (under their own lock, before the worker counts as idle).
// Its state is shared with its thread, so a worker stuck in a blocking call (a slow disk) can
// be abandoned at shutdown (Shutdown with a timeout) instead of hanging the program's exit.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace actviz::gui {

template <class Request>
class LatestWorker {
 public:
  using Work = std::function<void(const Request&, const std::atomic<bool>& cancel)>;

  // Starts the thread. Declare the LatestWorker after everything `work` touches, so it is
  // destroyed (and joined) first.
  explicit LatestWorker(Work work) : core_(std::make_shared<Core>(std::move(work))) {
    thread_ = std::thread([core = core_] { core->Run(); });
  }
  ~LatestWorker() { Shutdown(std::nullopt); }
  LatestWorker(const LatestWorker&) = delete;
  LatestWorker& operator=(const LatestWorker&) = delete;

  // Stops the thread (the running work is told to cancel) and waits for it: forever without a
  // timeout; with one, a thread still running when it ends is left to finish on its own and
  // false is returned. Only for work that owns what it touches (captured by shared_ptr): the
  // thread keeps the work function, and with it that state, alive until it returns.
  bool Shutdown(std::optional<std::chrono::milliseconds> timeout) {
    if (!thread_.joinable()) return true;
    Core& c = *core_;
    std::unique_lock<std::mutex> lock(c.mutex);
    c.stop = true;
    c.cancel = true;
    c.wake.notify_all();
    if (timeout && !c.done.wait_for(lock, *timeout, [&] { return c.exited; })) {
      lock.unlock();
      thread_.detach();
      return false;
    }
    lock.unlock();
    thread_.join();
    return true;
  }

  void Submit(const Request& r) {
    Core& c = *core_;
    {
      std::lock_guard<std::mutex> lock(c.mutex);
      if (c.newest && *c.newest == r) return;
      c.newest = r;
      c.pending = r;
      if (c.busy) c.cancel = true;  // the running one is stale now
    }
    c.wake.notify_one();
  }

  // Nothing pending and nothing running: the newest request's result is published (or its
  // work failed).
  bool Idle() {
    std::lock_guard<std::mutex> lock(core_->mutex);
    return !core_->pending && !core_->busy;
  }
  // The newest request submitted, if any.
  std::optional<Request> Newest() {
    std::lock_guard<std::mutex> lock(core_->mutex);
    return core_->newest;
  }
  // The failure of the last request whose work threw (cleared by the next success or by
  // taking it): every worker's one way to report what went wrong, shown by App::Frame.
  std::optional<std::string> TakeError() {
    std::lock_guard<std::mutex> lock(core_->mutex);
    return std::exchange(core_->error, std::nullopt);
  }
  // Whether the newest request's work failed (its panel says so instead of "computing…").
  bool NewestFailed() {
    std::lock_guard<std::mutex> lock(core_->mutex);
    return core_->failed && !core_->pending && !core_->busy;
  }
  // Blocks until idle (tests, screenshots).
  void Wait() {
    Core& c = *core_;
    std::unique_lock<std::mutex> lock(c.mutex);
    c.done.wait(lock, [&] { return !c.pending && !c.busy; });
  }

 private:
  struct Core {
    explicit Core(Work w) : work(std::move(w)) {}
    void Run() {
      std::unique_lock<std::mutex> lock(mutex);
      for (;;) {
        wake.wait(lock, [this] { return stop || pending; });
        if (stop) break;
        const Request r = std::move(*pending);
        pending.reset();
        busy = true;
        cancel = false;
        lock.unlock();
        std::optional<std::string> err;
        try {
          work(r, cancel);
        } catch (const std::bad_alloc&) {
          err = "out of memory";
        } catch (const std::exception& e) {
          err = e.what();
        }
        lock.lock();
        // The previous result stays; the failure is published for the window to show.
        failed = err.has_value();
        if (err) error = std::move(err);
        busy = false;
        if (!pending) done.notify_all();
      }
      exited = true;
      done.notify_all();
    }

    Work work;
    std::mutex mutex;
    std::condition_variable wake, done;
    std::optional<Request> pending, newest;
    bool busy = false, stop = false, exited = false;
    bool failed = false;               // the last work threw
    std::optional<std::string> error;  // its message, until taken
    std::atomic<bool> cancel{false};
  };

  std::shared_ptr<Core> core_;
  std::thread thread_;
};

}  // namespace actviz::gui
