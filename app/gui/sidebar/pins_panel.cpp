// Compare: pin the current function (with its parameters) to overlay it on both plots; each
// pin has its own colour, a visibility toggle and a remove button.
#include <string>

#include <imgui.h>

#include "figure/theme.hpp"
#include "gui/sidebar/sidebar.hpp"

namespace actviz::gui {

void DrawPins(AppState& s, const App::Shared& sh) {
  const Activation& fn = Selected(s);
  if (ImGui::Button("Pin for comparison")) {
    int colour = 0;
    for (const Pin& p : s.pins)
      colour = std::max(colour, p.colour + 1);
    s.pins.push_back({s.fn.selected, SelectedParams(s), colour, true});
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Overlay %s on both plots, then choose another function",
                      DisplayName(fn, SelectedParams(s)).c_str());
  int remove = -1;
  for (std::size_t i = 0; i < s.pins.size(); ++i) {
    Pin& p = s.pins[i];
    const Activation& pf = FunctionAt(p.function);
    ImGui::PushID(static_cast<int>(i));
    const ImVec4 col = ImGui::ColorConvertU32ToFloat4(PinColour(p.colour, sh.theme));
    ImGui::PushStyleColor(ImGuiCol_CheckMark, col);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(col.x * 0.35f, col.y * 0.35f, col.z * 0.35f, 1));
    ImGui::Checkbox("##visible", &p.visible);
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
    ImGui::TextColored(col, "%s", DisplayName(pf, p.params).c_str());
    ImGui::SameLine(ImGui::GetContentRegionAvail().x + ImGui::GetCursorPosX() -
                    ImGui::GetFrameHeight());
    if (ImGui::SmallButton("×")) remove = static_cast<int>(i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove");
    ImGui::PopID();
  }
  if (remove >= 0) s.pins.erase(s.pins.begin() + remove);
  if (s.pins.size() > 1 && ImGui::SmallButton("Clear all")) s.pins.clear();
}

}  // namespace actviz::gui
