// The function list: the "your own f(x)" field (Enter applies; its message shows under it and
// the last valid formula stays plotted; a history of the formulas applied), then the catalogue
// by group, the "More" presets and the typed formulas, filtered by a search box; up/down move
// the selection through what is visible.
#include <algorithm>
#include <cctype>
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "actviz/formula/library.hpp"
#include "gui/sidebar/sidebar.hpp"

namespace actviz::gui {
namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Matches(int index, const std::string& query) {
  if (query.empty()) return true;
  const Activation& a = FunctionAt(index);
  const std::string q = Lower(query);
  for (const std::string& text : {std::string(a.name), std::string(a.label),
                                  std::string(GroupLabel(a.group)), FormulaText(index)})
    if (Lower(text).find(q) != std::string::npos) return true;
  return false;
}

// What the list shows: every catalogue row and preset; of the typed formulas the selected one
// and those in the history.
bool Listed(const AppState& s, int index) {
  if (!IsTyped(index)) return true;
  return index == s.fn.selected || std::find(s.fn.history.begin(), s.fn.history.end(),
                                             FormulaText(index)) != s.fn.history.end();
}

void Tooltip(int index) {
  const Activation& a = FunctionAt(index);
  if (a.group == Group::kMore)
    if (const formula::Preset* p = formula::FindPreset(a.name)) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
      ImGui::TextUnformatted(("f(x) = " + p->text).c_str());
      ImGui::TextDisabled("%s", p->purpose.c_str());
      ImGui::TextDisabled("%s", p->citation.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
      return;
    }
  ImGui::SetTooltip("%s\n%s", std::string(a.formula).c_str(), std::string(a.derivative).c_str());
}

// The field, its history and its message.
void DrawFormulaField(AppState& s) {
  ImGuiStyle& style = ImGui::GetStyle();
  const float button = ImGui::GetFrameHeight();
  ImGui::SetNextItemWidth(-(button + style.ItemSpacing.x));
  // A formula selected (by a session, the command line, the list) shows in the field.
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID editing = ImGui::GetID("##formula_editing");
  if (s.fn.typed.empty() && IsFormula(s.fn.selected) && !storage->GetBool(editing))
    s.fn.typed = FormulaText(s.fn.selected);
  const bool enter = ImGui::InputTextWithHint("##formula", "your own f(x), e.g. x*sigmoid(a*x)",
                                              &s.fn.typed, ImGuiInputTextFlags_EnterReturnsTrue);
  storage->SetBool(editing, ImGui::IsItemActive());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Type an expression in x and press Enter: it is plotted exactly, beside its exact "
        "derivative.\nAny other name is a parameter with a slider: x + sin(a*x)^2/a");
  if (enter && !s.fn.typed.empty()) ApplyFormula(s, s.fn.typed);
  ImGui::SameLine();
  ImGui::BeginDisabled(s.fn.history.empty());
  if (ImGui::ArrowButton("##history", ImGuiDir_Down)) ImGui::OpenPopup("##formula_history");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("The formulas applied before");
  if (ImGui::BeginPopup("##formula_history")) {
    for (std::size_t i = 0; i < s.fn.history.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(s.fn.history[i].c_str())) {
        s.fn.typed = s.fn.history[i];
        ApplyFormula(s, s.fn.typed);
      }
      ImGui::PopID();
    }
    ImGui::EndPopup();
  }
  if (!s.fn.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ErrorTextColour(s.ui.theme));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(s.fn.error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
}

}  // namespace

void DrawFunctionList(AppState& s) {
  SyncFunctions(s);
  const int before = s.fn.selected;
  DrawFormulaField(s);
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputTextWithHint("##search", "Search functions…", &s.ui.search);
  std::vector<int> visible;
  for (int i = 0; i < FunctionCount(); ++i)
    if (Listed(s, i) && Matches(i, s.ui.search)) visible.push_back(i);

  // Up/down anywhere but in a text field walk the visible list.
  if (!ImGui::GetIO().WantTextInput && !visible.empty()) {
    const auto it = std::find(visible.begin(), visible.end(), s.fn.selected);
    const int pos = it == visible.end() ? -1 : static_cast<int>(it - visible.begin());
    int next = pos;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)))
      next = std::min(pos + 1, (int)visible.size() - 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) next = std::max(pos - 1, 0);
    if (next != pos && next >= 0) Select(s, visible[static_cast<std::size_t>(next)]);
  }

  ImGui::BeginChild("##functions", ImVec2(0, 0), false);
  // A new search shows its matches from the top (the list may have been scrolled).
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID key = ImGui::GetID("##searched");
  const int searched = static_cast<int>(std::hash<std::string>{}(s.ui.search));
  if (storage->GetInt(key, 0) != searched) {
    storage->SetInt(key, searched);
    if (!s.ui.search.empty()) ImGui::SetScrollY(0);
  }
  int prev_group = -1;
  for (int idx : visible) {
    const Activation& a = FunctionAt(idx);
    if (static_cast<int>(a.group) != prev_group) {
      if (prev_group != -1) ImGui::Spacing();
      ImGui::TextDisabled("%s", std::string(GroupLabel(a.group)).c_str());
      prev_group = static_cast<int>(a.group);
    }
    ImGui::PushID(idx);
    const bool selected = idx == s.fn.selected;
    if (ImGui::Selectable(std::string(a.label).c_str(), selected)) Select(s, idx);
    if (selected && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
    if (ImGui::IsItemHovered()) Tooltip(idx);
    ImGui::PopID();
  }
  if (visible.empty()) ImGui::TextDisabled("No function matches.");
  ImGui::EndChild();
  // A formula chosen from the list opens in the field, to be edited.
  if (s.fn.selected != before && IsFormula(s.fn.selected)) {
    s.fn.typed = FormulaText(s.fn.selected);
    s.fn.error.clear();
  }
}

}  // namespace actviz::gui
