// Runs the Depth tab's experiment off the UI thread (LatestWorker: the newest request wins,
// its failure becomes the tab's error), and its phase diagram on a second worker, since that
// depends on the function alone. The last complete results stay on screen meanwhile.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "actviz/networks/depth.hpp"
#include "figure/depth_plots.hpp"
#include "gui/workers/latest_worker.hpp"

namespace actviz::gui {

struct DepthRequest {
  int function = -1;
  Params params;
  DepthSpec spec;
  bool operator==(const DepthRequest& o) const {
    const DepthSpec &a = spec, &b = o.spec;
    return function == o.function && params.v == o.params.v && a.layers == b.layers &&
           a.width == b.width && a.batch == b.batch && a.init == b.init && a.gain == b.gain &&
           a.sigma_w == b.sigma_w && a.sigma_b == b.sigma_b && a.seed == b.seed && a.bins == b.bins;
  }
};

struct PhaseRequest {
  int function = -1;
  Params params;
  bool operator==(const PhaseRequest& o) const {
    return function == o.function && params.v == o.params.v;
  }
};

// Why the window does not start a run of this spec: a size out of range, or more memory than
// the window's cap (4 GiB as the command line's --max-bytes, or half the machine's memory if
// that is less); nothing when it may run.
std::optional<std::string> DepthRefusal(const DepthSpec& spec);

// Inputs of the quick preview a large batch shows first (DepthResult::rows says which).
inline constexpr int kPreviewRows = 256;

// A finished run and the plots built from it (built on the worker: the UI only draws).
struct DepthView {
  DepthRequest request;
  DepthResult result;
  figure::DepthPlots plots;
  bool preview() const { return result.rows < request.spec.batch; }
};
struct PhaseView {
  PhaseRequest request;
  figure::PhasePlot plot;
};

class DepthWorker {
 public:
  DepthWorker();
  void Request(const DepthRequest& r) { runs_.Submit(r); }
  void RequestPhase(const PhaseRequest& r) { phases_.Submit(r); }
  // The latest finished results (nullptr before the first) and the run's progress (0…1).
  std::shared_ptr<const DepthView> Latest(float& progress, bool& current);
  std::shared_ptr<const PhaseView> LatestPhase();
  std::optional<std::string> TakeError() {
    if (auto e = runs_.TakeError()) return e;
    return phases_.TakeError();
  }
  void Wait() {
    runs_.Wait();
    phases_.Wait();
  }

 private:
  std::mutex mutex_;  // guards the two results
  std::shared_ptr<const DepthView> view_;
  std::shared_ptr<const PhaseView> phase_;
  std::atomic<float> progress_{0};
  DepthCache cache_;                 // the weights, kept while only the function changes
  LatestWorker<DepthRequest> runs_;  // last: joined before what they write goes
  LatestWorker<PhaseRequest> phases_;
};

}  // namespace actviz::gui
