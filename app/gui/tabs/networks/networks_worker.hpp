// Trains the Networks tab's network off the UI thread (LatestWorker: the newest request wins):
// the worker keeps the training state between requests, so pause, play and one step continue
// the same run; a request with a different spec or a new reset count starts over from the
// spec's initial weights. While it plays it publishes a snapshot (the views built whole, then
// a pointer swapped) at least 30 times a second, pacing itself to `epochs_per_second`.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "actviz/networks/train.hpp"
#include "figure/network_plots.hpp"
#include "gui/workers/latest_worker.hpp"

namespace actviz::gui {

struct NetworksRequest {
  TrainSpec spec;
  int run = 0;    // reset count: a new one restarts
  int steps = 0;  // one-step count: each new one trains one epoch
  bool playing = false;
  double epochs_per_second = 0;  // 0: as fast as it goes
  bool operator==(const NetworksRequest& o) const;
};
bool SameSpec(const TrainSpec& a, const TrainSpec& b);

// A published state of the run: the views and what the panel prints beside them.
struct NetworksView {
  TrainSpec spec;
  int run = 0;
  bool done = false;  // all epochs trained, or stopped
  Network net;
  figure::NetworkPlots plots;
};

class NetworksWorker {
 public:
  NetworksWorker();
  void Request(const NetworksRequest& r) { runs_.Submit(r); }
  std::shared_ptr<const NetworksView> Latest() {
    std::lock_guard<std::mutex> lock(mutex_);
    return view_;
  }
  std::optional<std::string> TakeError() { return runs_.TakeError(); }
  // Blocks until the newest request is served (a playing run: until it is trained).
  void Wait() { runs_.Wait(); }
  bool Idle() { return runs_.Idle(); }

 private:
  void Publish(const Trainer& t, int run);
  std::mutex mutex_;  // guards view_
  std::shared_ptr<const NetworksView> view_;
  // The worker thread's own: the run it continues.
  std::unique_ptr<Trainer> trainer_;
  int run_ = -1, steps_ = 0;
  std::chrono::steady_clock::duration last_build_{};  // of the last published views
  LatestWorker<NetworksRequest> runs_;                // last: joined before what it writes goes
};

}  // namespace actviz::gui
