// The export dialog: where to save (a path field with a sensible default), at what scale,
// and the result as a notice. A failed write shows why and leaves everything as it was.
#include <cstdlib>
#include <string>
#include <string_view>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "figure/theme.hpp"
#include "gui/shell/shared.hpp"

namespace actviz::gui {
namespace {

std::string DefaultDirectory(const AppState& s) {
  if (!s.exporting.directory.empty()) return s.exporting.directory;
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  return ".";
}

// actviz-FUNCTION-STEM.png, the stem from the target's row.
std::string DefaultName(const AppState& s, ExportTarget t) {
  const ExportRow* row = FindExport(t);
  if (!row) return "actviz.png";
  const std::string_view stem = row->stem;
  return "actviz-" + std::string(Selected(s).name) + "-" + std::string(stem) + ".png";
}

std::string_view WhatOf(ExportTarget t) {
  const ExportRow* row = FindExport(t);
  return row ? row->label : std::string_view();
}

}  // namespace

void DrawExportDialog(AppState& s, App::Shared& sh) {
  ExportDialogState& d = sh.dialog;
  if (d.opening) {
    d.opening = false;
    d.path = DefaultDirectory(s) + "/" + DefaultName(s, d.target);
    ImGui::OpenPopup("Export PNG");
  }
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Export PNG", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const bool window = d.target == ExportTarget::kWindow;
  const ImVec2 size = window ? ImVec2(0, 0) : PlotSizeOf(sh, d.target);
  ImGui::TextUnformatted(std::string(WhatOf(d.target)).c_str());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 32);
  const bool enter = ImGui::InputText("##path", &d.path, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere(-1);
  if (IsPlotTarget(d.target)) {
    ImGui::TextDisabled("Scale");
    for (int k : {1, 2, 4}) {
      ImGui::SameLine();
      char label[8];
      std::snprintf(label, sizeof label, "%d×", k);
      if (ImGui::RadioButton(label, s.exporting.scale == k)) s.exporting.scale = k;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("→ %d × %d px", static_cast<int>(size.x * s.exporting.scale),
                        static_cast<int>(size.y * s.exporting.scale));
  }
  if (d.target == ExportTarget::kMap) {
    for (const NameRow<MapFormat>& f : kMapFormats) {
      if (f.value != kMapFormats[0].value) ImGui::SameLine();
      if (ImGui::RadioButton(std::string(f.label).c_str(), s.exporting.map_format == f.value))
        s.exporting.map_format = f.value;
    }
    ImGui::TextDisabled("A path ending in .npy saves the raw float32 values instead.");
  }
  const bool save = ImGui::Button("Save") || enter;
  ImGui::SameLine();
  const bool cancel =
      ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
  if (save) {
    std::optional<std::string> err;
    if (d.path.empty())
      err = "no file name given";
    else if (window)
      sh.requests.screenshot = d.path;  // taken after this frame is drawn
    else if (sh.export_job.busy())
      err = "another export is still running (" + sh.export_job.what() + ")";
    else  // started by App::Frame after this frame's panels; progress on the status line
      sh.requests.export_request = {d.target, d.path, static_cast<float>(s.exporting.scale)};
    if (err) {
      Notify(s, "Could not export: " + *err, true);
    } else {
      const std::size_t slash = d.path.rfind('/');
      if (slash != std::string::npos) s.exporting.directory = d.path.substr(0, slash);
      d.target = ExportTarget::kNone;
      ImGui::CloseCurrentPopup();
    }
  }
  if (cancel) {
    d.target = ExportTarget::kNone;
    ImGui::CloseCurrentPopup();
  }
  if (s.notice.error && !s.notice.text.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ErrorTextColour(s.ui.theme));
    ImGui::TextWrapped("%s", s.notice.text.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::EndPopup();
}

}  // namespace actviz::gui
