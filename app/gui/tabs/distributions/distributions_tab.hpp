// The Distributions tab: random pre-activations and their activations, as two histograms.
// The samples come from the shared HistWorker (the Figure tab shows them too).
#pragma once

#include "gui/shell/shared.hpp"

namespace actviz::gui {

inline constexpr ExportRow kDistributionsExports[] = {
    {ExportTarget::kHistInput, "input-histogram", "The input histogram", true},
    {ExportTarget::kHistOutput, "output-histogram", "The output histogram", true},
};

class DistributionsTab final : public TabModule {
 public:
  static constexpr Tab kId = Tab::kDistributions;
  void Draw(AppState& s, App::Shared& sh) override;
  ImVec2 PlotSize(ExportTarget t) const override;
  std::optional<std::string> StartExport(const AppState& s, App::Shared& sh,
                                         const ExportRequest& r) override;

  HistPlot in, out;  // built from the worker's latest result
  ImVec2 in_size{0, 0}, out_size{0, 0};
  int generation = -1;  // the worker's result they were built from
  HistOptions options;
  Theme theme = Theme::kDark;
};

}  // namespace actviz::gui
