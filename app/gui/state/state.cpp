// Defaults and small accessors of AppState.
#include "gui/state/state.hpp"

#include <imgui.h>

#include <algorithm>

namespace actviz::gui {

AppState DefaultState() {
  AppState s;
  SyncFunctions(s);
  s.fn.selected = IndexOf(*Find("relu"));
  return s;
}

void SyncFunctions(AppState& s) {
  const int n = FunctionCount();
  for (int i = static_cast<int>(s.fn.params.size()); i < n; ++i)
    s.fn.params.push_back(DefaultsAt(i));
}

void Select(AppState& s, int index) {
  SyncFunctions(s);
  if (index >= 0 && index < static_cast<int>(s.fn.params.size())) s.fn.selected = index;
}

bool ApplyFormula(AppState& s, const std::string& text) {
  std::string error;
  const int index = InternFormula(text, &error);
  if (index < 0) {
    s.fn.error = error;
    return false;
  }
  s.fn.error.clear();
  Select(s, index);
  auto& h = s.fn.history;
  h.erase(std::remove(h.begin(), h.end(), text), h.end());
  h.insert(h.begin(), text);
  if (h.size() > kFormulaHistory) h.resize(kFormulaHistory);
  return true;
}

const Activation& Selected(const AppState& s) {
  return FunctionAt(s.fn.selected);
}
Params& SelectedParams(AppState& s) {
  SyncFunctions(s);
  return s.fn.params[static_cast<std::size_t>(s.fn.selected)];
}
const Params& SelectedParams(const AppState& s) {
  static const Params none{};
  const auto i = static_cast<std::size_t>(s.fn.selected);
  return i < s.fn.params.size() ? s.fn.params[i] : none;
}

void Notify(AppState& s, std::string text, bool error) {
  s.notice.text = std::move(text);
  s.notice.error = error;
  s.notice.shown_at = ImGui::GetCurrentContext() ? ImGui::GetTime() : 0;
}

}  // namespace actviz::gui
