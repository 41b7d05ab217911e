// The derivative check (the classic notebook exercise): forward and central differences with
// step h from 1e−15 to 1e−1, overlaid dashed on the analytic f′, and their error on a log
// plot: a tiny h shows round-off (error ~ ε/h), a large one truncation (~h or h²).
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "figure/theme.hpp"
#include "gui/sidebar/sidebar.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"

namespace actviz::gui {

void DrawDerivativeCheck(AppState& s, App::Shared& sh, ExplorerTab& t) {
  ImGui::Checkbox("Derivative check", &s.deriv.open);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Compare f′ with difference quotients of f (overlaid dashed on the f′ plot)");
  if (!s.deriv.open) {
    ImGui::TextDisabled("Overlay forward and central differences on f′ and plot their error.");
    return;
  }
  ImGui::SameLine();
  ImGui::Checkbox("forward", &s.deriv.forward);
  ImGui::SameLine();
  ImGui::Checkbox("central", &s.deriv.central);
  ImGui::SameLine();
  if (ImGui::SmallButton("Export PNG…")) sh.OpenExport(ExportTarget::kError);
  char label[48];
  std::snprintf(label, sizeof label, "h = %.0e", std::pow(10.0, s.deriv.log10_h));
  ImGui::SetNextItemWidth(-FLT_MIN);
  double lo = -15, hi = -1;
  ImGui::SliderScalar("##h", ImGuiDataType_Double, &s.deriv.log10_h, &lo, &hi, label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("log₁₀ h; Ctrl+click to type");
  if (!s.deriv.forward && !s.deriv.central) {
    ImGui::TextDisabled("Choose forward and/or central.");
    return;
  }
  const plot::PlotSpec spec = ErrorPlotSpec(s, t);
  const plot::Interaction in = plot::Plot("##err", s.plots.x, s.deriv.y_err, spec,
                                          PlotStyle(s.ui.theme), ImVec2(-FLT_MIN, -FLT_MIN));
  t.err_size = ImVec2(in.plot_max.x - in.plot_min.x, in.plot_max.y - in.plot_min.y);
  if (in.hovered) t.hover_x = in.mouse_x;
}

}  // namespace actviz::gui
