// Defaults and small accessors of AppState.
#include "gui/state/state.hpp"

#include <imgui.h>

namespace actviz::gui {

int IndexOf(const Activation& fn) {
  return static_cast<int>(&fn - Catalogue().data());
}

AppState DefaultState() {
  AppState s;
  for (const Activation& a : Catalogue())
    s.fn.params.push_back(Defaults(a));
  s.fn.selected = IndexOf(*Find("relu"));
  return s;
}

const Activation& Selected(const AppState& s) {
  return Catalogue()[static_cast<std::size_t>(s.fn.selected)];
}
Params& SelectedParams(AppState& s) {
  return s.fn.params[static_cast<std::size_t>(s.fn.selected)];
}
const Params& SelectedParams(const AppState& s) {
  return s.fn.params[static_cast<std::size_t>(s.fn.selected)];
}

void Notify(AppState& s, std::string text, bool error) {
  s.notice.text = std::move(text);
  s.notice.error = error;
  s.notice.shown_at = ImGui::GetCurrentContext() ? ImGui::GetTime() : 0;
}

}  // namespace actviz::gui
