// The Softmax tab: K logits and a temperature, p = softmax(z/T) and log p beside the naive
// float32 formula, the Jacobian as a heatmap, and the tropical sum log_t(t^x + t^y).
#pragma once

#include <memory>
#include <string>

#include "figure/softmax_plots.hpp"
#include "gui/shell/shared.hpp"

namespace actviz::gui {

inline constexpr ExportRow kSoftmaxExports[] = {
    {ExportTarget::kSoftmaxP, "softmax", "The probabilities p = softmax(z/T)", true},
    {ExportTarget::kSoftmaxLog, "log-softmax", "The log-probabilities log p", true},
    {ExportTarget::kSoftmaxJacobian, "softmax-jacobian", "The Jacobian ∂p/∂z as a heatmap", true},
    {ExportTarget::kSoftmaxTropical, "tropical-sum",
     "The tropical sum: log_t(t^x + t^y) − max(x, y) as a heatmap", true},
};

// The model and views, rebuilt and refitted when the inputs change (caches).
struct SoftmaxViews {
  std::unique_ptr<figure::SoftmaxPlots> model;
  std::string error;  // the core's message for inputs it refused (the last model stays)
  plot::Range x, y_p, y_log, jx, jy;
  ImVec2 p_min{0, 0}, p_max{0, 0};  // the p plot's area in the last frame (tests read pixels)
  // On-screen plot areas, for exports.
  ImVec2 p_size{0, 0}, log_size{0, 0}, jac_size{0, 0}, tropical_size{0, 0};
  std::unique_ptr<figure::TropicalPlot> tropical;
  plot::Range tx, ty;
};

class SoftmaxTab final : public TabModule {
 public:
  static constexpr Tab kId = Tab::kSoftmax;
  void Draw(AppState& s, App::Shared& sh) override;
  ImVec2 PlotSize(ExportTarget t) const override;
  std::optional<std::string> StartExport(const AppState& s, App::Shared& sh,
                                         const ExportRequest& r) override;

  SoftmaxViews views;
};

// The tab's model for the current state (rebuilt when the inputs changed).
const figure::SoftmaxPlots* UpdateSoftmax(const AppState& state, SoftmaxTab& tab);

}  // namespace actviz::gui
