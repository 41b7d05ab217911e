// The facts worker: one pending request, one finished result.
#include "gui/tabs/explorer/facts_worker.hpp"

#include "gui/state/functions.hpp"

namespace actviz::gui {

FactsWorker::FactsWorker()
    : worker_([this](const Key& key, const std::atomic<bool>&) {
        Facts facts = ComputeFacts(FunctionAt(key.function), key.params);
        std::lock_guard<std::mutex> lock(mutex_);
        result_ = std::move(facts);
        result_key_ = key;
      }) {}

void FactsWorker::Request(int function, const Params& params) {
  worker_.Submit(Key{function, params});
}

const Facts* FactsWorker::Latest(int function, const Params& params, bool& current) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (result_) {
      shown_ = std::move(*result_);
      shown_key_ = result_key_;
      have_shown_ = true;
      result_.reset();
    }
  }
  current = have_shown_ && shown_key_ == Key{function, params};
  return have_shown_ ? &shown_ : nullptr;
}

}  // namespace actviz::gui
