// The function list: the catalogue by group, filtered by a search box; up/down move the
// selection through what is visible; a pin button adds the current function to the overlay.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/sidebar/sidebar.hpp"

namespace actviz::gui {
namespace {

bool Matches(const Activation& a, const std::string& query) {
  if (query.empty()) return true;
  auto lower = [](std::string s) {
    for (char& c : s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string q = lower(query);
  return lower(std::string(a.name)).find(q) != std::string::npos ||
         lower(std::string(a.label)).find(q) != std::string::npos ||
         lower(std::string(GroupLabel(a.group))).find(q) != std::string::npos;
}

}  // namespace

void DrawFunctionList(AppState& s) {
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputTextWithHint("##search", "Search functions…", &s.ui.search);
  std::vector<int> visible;
  for (const Activation& a : Catalogue())
    if (Matches(a, s.ui.search)) visible.push_back(IndexOf(a));

  // Up/down anywhere but in a text field walk the visible list.
  if (!ImGui::GetIO().WantTextInput && !visible.empty()) {
    const auto it = std::find(visible.begin(), visible.end(), s.fn.selected);
    const int pos = it == visible.end() ? -1 : static_cast<int>(it - visible.begin());
    int next = pos;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)))
      next = std::min(pos + 1, (int)visible.size() - 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) next = std::max(pos - 1, 0);
    if (next != pos && next >= 0) s.fn.selected = visible[static_cast<std::size_t>(next)];
  }

  ImGui::BeginChild("##functions", ImVec2(0, 0), false);
  int prev_group = -1;
  for (int idx : visible) {
    const Activation& a = Catalogue()[static_cast<std::size_t>(idx)];
    if (static_cast<int>(a.group) != prev_group) {
      if (prev_group != -1) ImGui::Spacing();
      ImGui::TextDisabled("%s", std::string(GroupLabel(a.group)).c_str());
      prev_group = static_cast<int>(a.group);
    }
    ImGui::PushID(idx);
    const bool selected = idx == s.fn.selected;
    if (ImGui::Selectable(std::string(a.label).c_str(), selected)) s.fn.selected = idx;
    if (selected && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\n%s", std::string(a.formula).c_str(),
                        std::string(a.derivative).c_str());
    ImGui::PopID();
  }
  if (visible.empty()) ImGui::TextDisabled("No function matches.");
  ImGui::EndChild();
}

}  // namespace actviz::gui
