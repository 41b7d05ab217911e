// Facts take tens of milliseconds (dense grids, bisections): a worker thread computes them
// for the latest request, and the UI shows the last finished result meanwhile.
#pragma once

#include <mutex>
#include <optional>

#include "actviz/activations/analysis.hpp"
#include "gui/workers/latest_worker.hpp"

namespace actviz::gui {

class FactsWorker {
 public:
  FactsWorker();
  FactsWorker(const FactsWorker&) = delete;
  FactsWorker& operator=(const FactsWorker&) = delete;

  // Asks for the facts of (function, params); a newer request replaces an older pending one.
  void Request(int function, const Params& params);
  // The latest finished result and whether it matches (function, params).
  const Facts* Latest(int function, const Params& params, bool& current);
  // Blocks until the pending request (if any) is done; for tests and screenshots.
  void Wait() { worker_.Wait(); }
  std::optional<std::string> TakeError() { return worker_.TakeError(); }  // see LatestWorker

 private:
  struct Key {
    int function = -1;
    Params params;
    bool operator==(const Key& o) const { return function == o.function && params.v == o.params.v; }
  };
  std::mutex mutex_;  // guards result_key_ and result_
  Key result_key_;
  std::optional<Facts> result_;
  Key shown_key_;  // the UI thread's own copy
  Facts shown_;
  bool have_shown_ = false;
  LatestWorker<Key> worker_;  // last: joined before the members it writes go
};

}  // namespace actviz::gui
