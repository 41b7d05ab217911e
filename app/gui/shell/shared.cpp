// What the shell shares with the tabs: the request of the samples two tabs show.
#include <imgui.h>

#include "gui/shell/shared.hpp"

namespace actviz::gui {

HistRequest DistributionsRequest(const AppState& s) {
  const DistributionsState& d = s.distributions;
  HistRequest req;
  req.function = s.fn.selected;
  req.params = SelectedParams(s);
  req.spec.dist = d.dist;
  req.spec.n = static_cast<std::size_t>(d.n);
  req.spec.scale = d.scale;
  req.spec.seed = static_cast<std::uint64_t>(d.seed);
  req.bins = d.bins;
  return req;
}

void SectionHeader(const char* label) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", label);
  ImGui::Separator();
}

}  // namespace actviz::gui
