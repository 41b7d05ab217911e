// The Depth tab: a signal and its gradient through L dense layers of the selected function,
// beside the mean-field theory, and the phase diagram of χ₁ (spec/cli.md `actviz depth`).
#pragma once

#include "gui/shell/shared.hpp"
#include "gui/tabs/depth/depth_worker.hpp"

namespace actviz::gui {

inline constexpr ExportRow kDepthExports[] = {
    {ExportTarget::kDepthDensity, "depth-density", "The density of z (or h) per layer", true},
    {ExportTarget::kDepthVariance, "depth-variance", "Var(z) beside the mean-field q", true},
    {ExportTarget::kDepthPhase, "depth-phase", "The phase diagram of χ₁", true},
    {ExportTarget::kDepthGradient, "depth-gradient", "The gradient std(δ) against depth", true},
    {ExportTarget::kDepthFractions, "depth-fractions", "The dead and saturated fractions", true},
    {ExportTarget::kDepthFigure, "depth-figure",
     "The Depth tab as a figure (1800 × 1000, as actviz depth --out draws it)"},
};

// The tab's views: refitted to each new result (caches, not persisted).
struct DepthViews {
  const void* fitted = nullptr;
  const void* phase_fitted = nullptr;
  plot::Range x, y_pre, y_post, y_var, y_grad, y_frac, px, py;
  ImVec2 size{0, 0};  // of each plot's cell in the last frame (the plot exports' size)
};

class DepthTab final : public TabModule {
 public:
  static constexpr Tab kId = Tab::kDepth;
  void Draw(AppState& s, App::Shared& sh) override;
  void Settle(AppState& s, App::Shared& sh, bool shown) override;
  void TakeErrors(AppState& s) override;
  ImVec2 PlotSize(ExportTarget t) const override;
  std::optional<std::string> StartExport(const AppState& s, App::Shared& sh,
                                         const ExportRequest& r) override;

  DepthWorker worker;
  DepthViews views;
};

// The worker's request for the current state.
DepthRequest DepthRequestOf(const AppState& state);

}  // namespace actviz::gui
