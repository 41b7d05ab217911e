// A tab of the window as the shell sees it: a module that owns its workers and caches, listed
// once in the tab table (tabs.cpp). The shell draws the current tab, asks every tab to settle
// its work (App::Settle), shows its workers' errors, and hands it the exports it owns.
// Adding a tab: a folder tabs/NAME/ with its module, a value of `Tab` and one row of the table.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <imgui.h>

#include "gui/shell/app.hpp"

namespace actviz::gui {

// An export a tab offers: `stem` names the default file (actviz-FUNCTION-STEM.png), `label`
// says in the dialog what it saves; a plot is saved at scale × its on-screen size.
struct ExportRow {
  ExportTarget target;
  std::string_view stem, label;
  bool plot = false;
};

class TabModule {
 public:
  virtual ~TabModule() = default;
  virtual void Draw(AppState& s, App::Shared& sh) = 0;
  // Makes sure what the state shows was asked for and waits for it; `shown`: the tab is the
  // current one (a tab's work runs only while it is shown).
  virtual void Settle(AppState& /*s*/, App::Shared& /*sh*/, bool /*shown*/) {}
  // Its workers' errors, as status-line messages (Notify).
  virtual void TakeErrors(AppState& /*s*/) {}
  // A plot's on-screen size in the last frame (one of the tab's exports).
  virtual ImVec2 PlotSize(ExportTarget /*t*/) const { return ImVec2(0, 0); }
  // Starts one of its exports on sh.export_job; an error when it cannot start.
  virtual std::optional<std::string> StartExport(const AppState& /*s*/, App::Shared& /*sh*/,
                                                 const ExportRequest& /*r*/) {
    return "nothing to export";
  }
};

// A row of the tab table: `name` is the session file's word for it, `label` the tab bar's,
// `exports` what it saves (the targets its StartExport takes).
struct TabRow {
  Tab id;
  std::string_view name, label;
  std::unique_ptr<TabModule> (*make)();
  std::span<const ExportRow> exports;
};

// Every tab in the tab bar's order (tabs.cpp).
std::span<const TabRow> TabTable();
// The row of a tab.
const TabRow& RowOf(Tab id);
// The row of an export target (the tabs' and the window screenshot's), or null.
const ExportRow* FindExport(ExportTarget t);
// The tab that owns an export target (none for the screenshot).
std::optional<Tab> TabOfExport(ExportTarget t);
// Whether the target is one plot at scale × its on-screen size (the dialog offers the scale).
bool IsPlotTarget(ExportTarget t);

}  // namespace actviz::gui
