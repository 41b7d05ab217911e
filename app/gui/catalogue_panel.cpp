// The catalogue panel: every function by group, and the chosen one's formulas and parameters.
// (The full explorer with plots replaces this placeholder in issue 3.)
#include <string>

#include <imgui.h>

#include "actviz/catalogue.hpp"
#include "gui/panels.hpp"

namespace actviz::gui {

void DrawCataloguePanel(AppState& state) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("actviz", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::BeginChild("list", ImVec2(260, 0), true);
  bool first = true;
  Group group{};
  for (const Activation& a : Catalogue()) {
    if (first || a.group != group) {
      ImGui::TextDisabled("%s", std::string(GroupLabel(a.group)).c_str());
      group = a.group;
      first = false;
    }
    ImGui::PushID(a.name.data());
    if (ImGui::Selectable(std::string(a.label).c_str(), state.selected == &a)) {
      state.selected = &a;
      state.params = Defaults(a);
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("detail");
  if (const Activation* a = state.selected) {
    ImGui::Text("%s", std::string(a->label).c_str());
    ImGui::Separator();
    ImGui::TextWrapped("%s", std::string(a->formula).c_str());
    ImGui::TextWrapped("%s", std::string(a->derivative).c_str());
    for (std::size_t i = 0; i < a->params.size(); ++i) {
      const ParamSpec& p = a->params[i];
      ImGui::BulletText("%s = %g  (%s, default %g)", std::string(p.name).c_str(),
                        state.params.v[i], std::string(p.meaning).c_str(), p.def);
    }
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace actviz::gui
