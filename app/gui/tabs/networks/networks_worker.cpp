// The Networks tab's worker: continues one run across requests and publishes its views.
#include "gui/tabs/networks/networks_worker.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace actviz::gui {

bool SameSpec(const TrainSpec& a, const TrainSpec& b) {
  return a.task == b.task && a.model == b.model && a.hidden == b.hidden && a.fn == b.fn &&
         a.params.v == b.params.v && a.per_layer == b.per_layer &&
         a.freeze_params == b.freeze_params && a.output == b.output && a.loss == b.loss &&
         a.optimizer == b.optimizer && a.lr == b.lr && a.epochs == b.epochs && a.batch == b.batch &&
         a.seed == b.seed;
}

bool NetworksRequest::operator==(const NetworksRequest& o) const {
  return SameSpec(spec, o.spec) && run == o.run && steps == o.steps && playing == o.playing &&
         epochs_per_second == o.epochs_per_second;
}

void NetworksWorker::Publish(const Trainer& t, int run) {
  const auto start = std::chrono::steady_clock::now();
  auto view = std::make_shared<NetworksView>();
  view->spec = t.spec;
  view->run = run;
  view->done = t.epoch >= t.spec.epochs || !t.stopped.empty();
  view->net = t.net;
  figure::BuildNetworkPlots(t, view->plots);
  last_build_ = std::chrono::steady_clock::now() - start;
  std::lock_guard<std::mutex> lock(mutex_);
  view_ = std::move(view);
}

NetworksWorker::NetworksWorker()
    : runs_([this](const NetworksRequest& r, const std::atomic<bool>& cancel) {
        using Clock = std::chrono::steady_clock;
        if (auto err = ValidateTrain(r.spec)) throw std::runtime_error(*err);
        // A new spec (another activation, α, seed, …) or a reset: the spec's initial weights.
        if (!trainer_ || !SameSpec(trainer_->spec, r.spec) || r.run != run_) {
          trainer_ = std::make_unique<Trainer>(StartTraining(r.spec));
          run_ = r.run;
          steps_ = r.steps;
          Publish(*trainer_, run_);
        }
        Trainer& t = *trainer_;
        if (r.steps != steps_) {
          steps_ = r.steps;
          TrainEpoch(t);
          Publish(t, run_);
        }
        if (!r.playing) return;
        // Publish at 60 Hz (the views are a few milliseconds of work), pace to the rate.
        // A large network's views take longer to build than a frame: publish then at most
        // every two build times, so training keeps most of the thread.
        const auto frame =
            std::max<Clock::duration>(std::chrono::microseconds(1000000 / 60), 2 * last_build_);
        const Clock::time_point start = Clock::now();
        Clock::time_point published = start;
        const int first = t.epoch;
        bool more = t.epoch < t.spec.epochs && t.stopped.empty();
        while (more && !cancel) {
          const Clock::time_point now = Clock::now();
          const double elapsed = std::chrono::duration<double>(now - start).count();
          const double due = r.epochs_per_second > 0
                                 ? first + std::floor(elapsed * r.epochs_per_second) + 1
                                 : INFINITY;
          while (more && t.epoch < due && !cancel && Clock::now() - published < frame)
            more = TrainEpoch(t);
          if (Clock::now() - published >= frame) {
            Publish(t, run_);
            published = Clock::now();
          }
          if (more && t.epoch >= due) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        Publish(t, run_);
      }) {}

}  // namespace actviz::gui
