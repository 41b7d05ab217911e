// The bottom line: the latest notice (errors in red, with a dismiss button; other notices
// fade after a few seconds), and a hint otherwise.
#include <imgui.h>

#include "gui/panels.hpp"
#include "gui/theme.hpp"

namespace actviz::gui {

void DrawStatusBar(AppState& s, const App::Shared&) {
  Notice& n = s.notice;
  const bool expired = !n.error && n.shown_at >= 0 && ImGui::GetTime() - n.shown_at > 6;
  if (n.text.empty() || expired) {
    ImGui::TextDisabled("Drag to pan · wheel to zoom · double-click to fit · hover for values");
    return;
  }
  if (n.error) ImGui::PushStyleColor(ImGuiCol_Text, ErrorTextColour(s.ui.theme));
  ImGui::TextUnformatted(n.text.c_str());
  if (n.error) ImGui::PopStyleColor();
  if (n.error) {
    ImGui::SameLine();
    if (ImGui::SmallButton("dismiss")) n = Notice{};
  }
}

}  // namespace actviz::gui
