// The left column: the list takes a share of the height (less when the family's settings
// need room under the parameters), the pins the rest.
#include <imgui.h>

#include "gui/sidebar/sidebar.hpp"

namespace actviz::gui {

void DrawSidebar(AppState& s, App::Shared& sh) {
  const float side_h = ImGui::GetContentRegionAvail().y;
  ImGui::BeginChild("##list", ImVec2(0, side_h * (s.family.on ? 0.3f : 0.45f)), false);
  DrawFunctionList(s);
  ImGui::EndChild();
  SectionHeader("Parameters");
  DrawParameters(s);
  SectionHeader("Family");
  DrawFamily(s, sh);
  SectionHeader("Compare");
  ImGui::BeginChild("##pins");
  DrawPins(s, sh);
  ImGui::EndChild();
}

}  // namespace actviz::gui
