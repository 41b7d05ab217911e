// The facts worker: one thread, one pending request, one finished result.
#include "gui/facts_worker.hpp"

namespace actviz::gui {

FactsWorker::FactsWorker() : thread_([this] { Run(); }) {}

FactsWorker::~FactsWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void FactsWorker::Request(int function, const Params& params) {
  const Key key{function, params};
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if ((have_shown_ && shown_key_ == key) || (result_ && result_key_ == key) ||
        (pending_ && *pending_ == key))
      return;
    pending_ = key;
  }
  wake_.notify_one();
}

const Facts* FactsWorker::Latest(int function, const Params& params, bool& current) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (result_) {
      shown_ = *result_;
      shown_key_ = result_key_;
      have_shown_ = true;
      result_.reset();
    }
  }
  current = have_shown_ && shown_key_ == Key{function, params};
  return have_shown_ ? &shown_ : nullptr;
}

void FactsWorker::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return !pending_ && !busy_; });
}

void FactsWorker::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || pending_; });
    if (stop_) return;
    const Key key = *pending_;
    pending_.reset();
    busy_ = true;
    lock.unlock();
    const Facts facts =
        ComputeFacts(Catalogue()[static_cast<std::size_t>(key.function)], key.params);
    lock.lock();
    busy_ = false;
    result_ = facts;
    result_key_ = key;
    if (!pending_) done_.notify_all();
  }
}

}  // namespace actviz::gui
