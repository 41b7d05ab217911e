// The experiment worker: buffers are swapped, never copied, so 10⁷-sample results cost no
// allocation once the sizes settle.
#include "gui/workers/hist_worker.hpp"

#include "gui/state/functions.hpp"

#include <new>
#include <stdexcept>
#include <string>
#include <utility>

namespace actviz::gui {

HistWorker::HistWorker()
    : worker_([this](const HistRequest& r, const std::atomic<bool>& cancel) {
        progress_ = 0;
        const Activation& fn = FunctionAt(r.function);
        bool ok = false;
        try {
          ok = RunExperiment(fn, r.params, r.spec, r.bins, work_, &cancel, &progress_);
        } catch (const std::bad_alloc&) {
          // Too many samples for memory: the previous result stays, and the failure is this
          // request's error (LatestWorker publishes it), not "computing…" forever.
          throw std::runtime_error("out of memory drawing " + std::to_string(r.spec.n) +
                                   " samples");
        }
        if (!ok) return;
        std::lock_guard<std::mutex> lock(mutex_);
        std::swap(work_, ready_);
        ready_req_ = r;
        have_new_ = true;
      }) {}

const Experiment* HistWorker::Latest(const HistRequest** for_request, bool& current,
                                     float& progress) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (have_new_) {
      std::swap(shown_, ready_);
      shown_req_ = ready_req_;
      have_new_ = false;
      have_shown_ = true;
      ++generation_;
    }
  }
  current = have_shown_ && shown_req_ == worker_.Newest() && worker_.Idle();
  progress = progress_.load();
  if (for_request) *for_request = have_shown_ ? &shown_req_ : nullptr;
  return have_shown_ ? &shown_ : nullptr;
}

}  // namespace actviz::gui
