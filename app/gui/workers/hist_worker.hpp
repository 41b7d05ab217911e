// Runs the distributions experiment off the UI thread: the newest request cancels the one in
// flight, progress is readable at any time, and the last complete result stays available
// until a new one is finished (so a slider drag over 10⁷ samples never freezes the window).
#pragma once

#include <atomic>
#include <mutex>

#include "actviz/stats/samples.hpp"
#include "gui/workers/latest_worker.hpp"

namespace actviz::gui {

struct HistRequest {
  int function = -1;
  Params params;
  SampleSpec spec;
  int bins = 100;
  bool operator==(const HistRequest& o) const {
    return function == o.function && params.v == o.params.v && spec.dist == o.spec.dist &&
           spec.n == o.spec.n && spec.scale == o.spec.scale && spec.seed == o.spec.seed &&
           bins == o.bins;
  }
};

class HistWorker {
 public:
  HistWorker();
  HistWorker(const HistWorker&) = delete;
  HistWorker& operator=(const HistWorker&) = delete;

  void Request(const HistRequest& r) { worker_.Submit(r); }
  // The latest complete result (nullptr before the first), whether it matches the newest
  // request, and the progress of the one in flight (0…1).
  const Experiment* Latest(const HistRequest** for_request, bool& current, float& progress);
  void Wait() { worker_.Wait(); }  // until nothing is pending (tests, screenshots)
  // A failure since the last call (out of memory for the samples), and whether the newest
  // request failed (LatestWorker's error channel).
  std::optional<std::string> TakeError() { return worker_.TakeError(); }
  bool NewestFailed() { return worker_.NewestFailed(); }
  // Increments whenever a new result becomes visible through Latest().
  int generation() const { return generation_; }

 private:
  std::mutex mutex_;  // guards ready_, ready_req_ and have_new_
  std::atomic<float> progress_{0};
  Experiment work_, ready_, shown_;  // three buffers: computing, finished, on screen
  HistRequest ready_req_, shown_req_;
  bool have_new_ = false, have_shown_ = false;
  int generation_ = 0;
  LatestWorker<HistRequest> worker_;  // last: joined before the buffers it writes go
};

}  // namespace actviz::gui
