// The Depth tab's workers: each result is built whole, then published by swapping a pointer.
#include "gui/tabs/depth/depth_worker.hpp"

#include "gui/state/functions.hpp"

#include <algorithm>
#include <cstdint>
#include <new>
#include <stdexcept>

#include "actviz/base/parse.hpp"
#include "actviz/base/threads.hpp"

namespace actviz::gui {

std::optional<std::string> DepthRefusal(const DepthSpec& spec) {
  if (auto err = ValidateDepth(spec)) return err;
  std::uint64_t cap = std::uint64_t{4} << 30;
  if (const std::uint64_t ram = PhysicalMemoryBytes(); ram > 0) cap = std::min(cap, ram / 2);
  return DepthMemoryError(spec, cap,
                          "the window's limit of " + FormatBytes(static_cast<double>(cap)));
}

DepthWorker::DepthWorker()
    : runs_([this](const DepthRequest& r, const std::atomic<bool>& cancel) {
        if (auto err = BlasError()) throw std::runtime_error(*err);
        // Whoever asked (the tab, a settle, a session) was told already; never started.
        if (auto err = DepthRefusal(r.spec)) throw std::runtime_error(*err);
        progress_ = 0;
        const Activation& fn = FunctionAt(r.function);
        auto run = [&](int rows) {
          auto view = std::make_shared<DepthView>();
          view->request = r;
          // A short preview is not cancelled: during a drag every frame brings a new request,
          // and cancelling would leave nothing shown until the drag paused. (4 GFLOP of
          // products, ~30 ms here: L = 50, N = 256's preview is 3.4.)
          const double flop = 4.0 * r.spec.layers * rows * r.spec.width * r.spec.width;
          const bool finish = rows > 0 && flop <= 4e9;
          if (!RunDepth(fn, r.params, r.spec, view->result, &cache_, finish ? nullptr : &cancel,
                        rows ? nullptr : &progress_, rows))
            return false;
          figure::BuildDepthPlots(fn, r.params, r.spec, view->result, view->plots);
          std::lock_guard<std::mutex> lock(mutex_);
          view_ = std::move(view);
          return true;
        };
        // A large batch shows a preview over its first kPreviewRows inputs first (a quarter of
        // the work at B = 1000, so a drag's steps show at once), then the whole batch, which
        // runs only the other inputs (the cache keeps the preview's blocks).
        if (r.spec.batch > 2 * kPreviewRows && (!run(kPreviewRows) || cancel)) return;
        run(0);
      }),
      phases_([this](const PhaseRequest& r, const std::atomic<bool>&) {
        const Activation& fn = FunctionAt(r.function);
        auto view = std::make_shared<PhaseView>();
        view->request = r;
        figure::BuildPhasePlot(fn, r.params, 1, 0, 48, 32, view->plot);  // marker: the panel's
        std::lock_guard<std::mutex> lock(mutex_);
        phase_ = std::move(view);
      }) {}

std::shared_ptr<const DepthView> DepthWorker::Latest(float& progress, bool& current) {
  std::lock_guard<std::mutex> lock(mutex_);
  progress = progress_.load();
  current = view_ && !view_->preview() && runs_.Newest() && view_->request == *runs_.Newest() &&
            runs_.Idle();
  return view_;
}

std::shared_ptr<const PhaseView> DepthWorker::LatestPhase() {
  std::lock_guard<std::mutex> lock(mutex_);
  return phase_;
}

}  // namespace actviz::gui
