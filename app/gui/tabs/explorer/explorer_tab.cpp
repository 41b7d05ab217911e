// The Explorer tab's layout, its background work and its exports.
#include "gui/tabs/explorer/explorer_tab.hpp"

#include <algorithm>

#include <imgui.h>

#include "gui/export/export.hpp"

namespace actviz::gui {

void ExplorerTab::Draw(AppState& s, App::Shared& sh) {
  const float main_h = ImGui::GetContentRegionAvail().y;
  const bool written = s.plots.as_written != AsWrittenView::kOff && aw.available;
  const float bottom_h =
      std::max(ImGui::GetFontSize() * 12.5f, main_h * (s.deriv.open || written ? 0.42f : 0.3f));
  ImGui::BeginChild("##plots", ImVec2(0, main_h - bottom_h), false, ImGuiWindowFlags_NoScrollbar);
  DrawPlots(s, sh, *this);
  ImGui::EndChild();
  if (ImGui::BeginTable("##bottom", s.ui.show_facts ? 2 : 1, ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableNextRow();
    if (s.ui.show_facts) {
      ImGui::TableSetColumnIndex(0);
      ImGui::BeginChild("##facts", ImVec2(0, 0));
      DrawFacts(s, *this);
      ImGui::EndChild();
      ImGui::TableSetColumnIndex(1);
    } else {
      ImGui::TableSetColumnIndex(0);
    }
    ImGui::BeginChild("##deriv", ImVec2(0, 0));
    DrawAsWrittenChoice(s, *this);
    if (written) {
      const float h = ImGui::GetContentRegionAvail().y;
      DrawAsWritten(s, sh, *this,
                    s.deriv.open ? h * 0.5f : h - ImGui::GetFrameHeightWithSpacing() * 2.2f);
    }
    DrawDerivativeCheck(s, sh, *this);
    ImGui::EndChild();
    ImGui::EndTable();
  }
}

// The facts are asked for whichever tab is shown (a tab opened by a session draws only from
// its second frame).
void ExplorerTab::Settle(AppState& s, App::Shared&, bool) {
  facts.Request(s.fn.selected, SelectedParams(s));
  facts.Wait();
}

void ExplorerTab::TakeErrors(AppState& s) {
  if (auto e = facts.TakeError()) Notify(s, "Could not compute the facts: " + *e, true);
}

ImVec2 ExplorerTab::PlotSize(ExportTarget t) const {
  return t == ExportTarget::kFunction     ? f_size
         : t == ExportTarget::kDerivative ? df_size
         : t == ExportTarget::kError      ? err_size
                                          : ImVec2(0, 0);
}

std::optional<std::string> ExplorerTab::StartExport(const AppState& s, App::Shared& sh,
                                                    const ExportRequest& r) {
  const ExportTarget t = r.target;
  const plot::PlotSpec spec = t == ExportTarget::kError
                                  ? ErrorPlotSpec(s, *this)
                                  : FunctionPlotSpec(s, *this, t == ExportTarget::kDerivative);
  const plot::Range y = t == ExportTarget::kError        ? s.deriv.y_err
                        : t == ExportTarget::kDerivative ? s.plots.y_df
                                                         : s.plots.y_f;
  return StartPlotSpecExport(s, sh, spec, s.plots.x, y, PlotSize(t), r.scale, r.path);
}

}  // namespace actviz::gui
