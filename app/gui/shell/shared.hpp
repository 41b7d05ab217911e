// What more than one part of the window uses within a frame: the workers and photo that two
// tabs show, the family the sidebar sets and the Explorer draws, the export dialog and job,
// and the tabs' modules. A tab's own caches live in its module (tabs/NAME/).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "figure/names.hpp"
#include "gui/export/export_job.hpp"
#include "gui/photo/photo.hpp"
#include "gui/shell/app.hpp"
#include "gui/shell/tab.hpp"
#include "gui/workers/hist_worker.hpp"

namespace actviz::gui {

struct ExportDialogState {
  ExportTarget target = ExportTarget::kNone;  // set by a panel to open the dialog
  bool opening = false;
  std::string path;
};

struct App::Shared {
  HistWorker hist;  // the samples: Distributions and Figure
  Photo photo;      // the photo and its map: Activation map and Figure
  // The Explorer's family members, from the sidebar's settings (empty: no family drawn).
  std::vector<Params> family;
  std::string family_error;  // why the family settings cannot be drawn
  ExportDialogState dialog;
  Requests requests;
  ExportJob export_job;  // the export running in the background, if any
  Theme theme = Theme::kDark;
  ImFont* font = nullptr;                        // the UI font (small plot exports render with it)
  std::vector<std::unique_ptr<TabModule>> tabs;  // one per row of TabTable()

  TabModule& tab(Tab id) { return *tabs[static_cast<std::size_t>(id)]; }
  const TabModule& tab(Tab id) const { return *tabs[static_cast<std::size_t>(id)]; }
  // Opens the export dialog for a target.
  void OpenExport(ExportTarget t) { dialog.target = t, dialog.opening = true; }
};

// The Distributions tab's request for the current state (the Figure tab shows its samples).
HistRequest DistributionsRequest(const AppState& state);

// On-screen size of a plot in the last frame (zero for what is not a plot).
ImVec2 PlotSizeOf(const App::Shared& shared, ExportTarget t);

void DrawMenuBar(AppState& state, App::Shared& shared);
void DrawStatusBar(AppState& state, App::Shared& shared);
void DrawExportDialog(AppState& state, App::Shared& shared);

// A labelled rule between sections (ImGui 1.86 has no SeparatorText).
void SectionHeader(const char* label);

// A combo box over an enum's name table (actviz/base/names.hpp): the labels are the rows'.
template <class E, class Rows>
bool EnumCombo(const char* id, E& value, const Rows& rows) {
  bool changed = false;
  if (ImGui::BeginCombo(id, std::string(LabelOf(rows, value)).c_str())) {
    for (const NameRow<E>& r : rows) {
      const bool selected = r.value == value;
      if (ImGui::Selectable(std::string(r.label).c_str(), selected) && !selected)
        value = r.value, changed = true;
    }
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace actviz::gui
