// The experiment worker: one thread; buffers are swapped, never copied, so 10⁷-sample
// results cost no allocation once the sizes settle.
#include "gui/hist_worker.hpp"

#include <utility>

namespace actviz::gui {

HistWorker::HistWorker() : thread_([this] { Run(); }) {}

HistWorker::~HistWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    cancel_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void HistWorker::Request(const HistRequest& r) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (r == newest_ && (pending_ || busy_ || have_new_ || have_shown_)) return;
    newest_ = r;
    pending_ = r;
    if (busy_) cancel_ = true;  // the running one is stale now
  }
  wake_.notify_one();
}

const Experiment* HistWorker::Latest(const HistRequest** for_request, bool& current,
                                     float& progress) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (have_new_) {
    std::swap(shown_, ready_);
    shown_req_ = running_;
    have_new_ = false;
    have_shown_ = true;
    ++generation_;
  }
  current = have_shown_ && shown_req_ == newest_ && !pending_ && !busy_;
  progress = progress_.load();
  if (for_request) *for_request = have_shown_ ? &shown_req_ : nullptr;
  return have_shown_ ? &shown_ : nullptr;
}

void HistWorker::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return !pending_ && !busy_; });
}

void HistWorker::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || pending_; });
    if (stop_) return;
    const HistRequest r = *pending_;
    pending_.reset();
    busy_ = true;
    cancel_ = false;
    progress_ = 0;
    lock.unlock();
    const Activation& fn = Catalogue()[static_cast<std::size_t>(r.function)];
    bool ok = false;
    try {
      ok = RunExperiment(fn, r.params, r.spec, r.bins, work_, &cancel_, &progress_);
    } catch (const std::bad_alloc&) {
      ok = false;  // too many samples for memory: keep the previous result
    }
    lock.lock();
    busy_ = false;
    if (ok) {
      std::swap(work_, ready_);
      running_ = r;
      have_new_ = true;
    }
    if (!pending_) done_.notify_all();
  }
}

}  // namespace actviz::gui
