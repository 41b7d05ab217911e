// The main menu: export and screenshots, view options and theme, help.
#include <imgui.h>

#include "gui/shell/shared.hpp"

namespace actviz::gui {

void DrawMenuBar(AppState& s, App::Shared& sh) {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Export f(x) plot…")) sh.dialog = {ExportTarget::kFunction, true, {}};
    if (ImGui::MenuItem("Export f′(x) plot…")) sh.dialog = {ExportTarget::kDerivative, true, {}};
    if (ImGui::MenuItem("Save window screenshot…")) sh.dialog = {ExportTarget::kWindow, true, {}};
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) sh.requests.quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("log scale for |f′|", nullptr, &s.plots.log_df);
    ImGui::MenuItem("Shade saturation (|f′| < 0.01)", nullptr, &s.plots.shade_saturation);
    ImGui::MenuItem("Refit y when the function changes", nullptr, &s.plots.fit_on_select);
    ImGui::MenuItem("Facts panel", nullptr, &s.ui.show_facts);
    ImGui::MenuItem("Derivative check", nullptr, &s.deriv.open);
    ImGui::Separator();
    if (ImGui::MenuItem("Dark theme", nullptr, s.ui.theme == Theme::kDark))
      s.ui.theme = Theme::kDark;
    if (ImGui::MenuItem("Light theme", nullptr, s.ui.theme == Theme::kLight))
      s.ui.theme = Theme::kLight;
    ImGui::Separator();
    if (ImGui::MenuItem("Reset view")) s.plots = PlotsState{};
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::TextDisabled("Plots: drag to pan, wheel to zoom (Shift: x only, Ctrl: y only),");
    ImGui::TextDisabled("right-drag to zoom into a box, double-click to fit.");
    ImGui::TextDisabled("Function list: ↑/↓ to move through the functions.");
    ImGui::TextDisabled("Sliders: Ctrl+click to type an exact value.");
    ImGui::EndMenu();
  }
  ImGui::EndMenuBar();
}

}  // namespace actviz::gui
