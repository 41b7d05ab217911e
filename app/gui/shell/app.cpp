// The window's frame: the menu bar, the sidebar on the left, the tab bar on the right (each
// tab a module of the tab table, tab.hpp), and a status line at the bottom, its height
// reserved first so that no panel can push it off screen. The split between the columns is
// remembered in imgui.ini.
#include "gui/shell/app.hpp"

#include <algorithm>
#include <utility>

#include <imgui.h>

#include "actviz/base/file_io.hpp"
#include "actviz/image/image.hpp"
#include "gui/shell/shared.hpp"
#include "gui/sidebar/sidebar.hpp"

namespace actviz::gui {
namespace {

// A photo that failed to load: say why, and go back to the one still on screen (state and
// path field alike), unless the user has asked for another one since.
void TakePhotoError(AppState& s, App::Shared& sh) {
  std::string failed;
  const std::optional<std::string> err = sh.photo.images.TakeError(&failed);
  if (!err) return;
  Notify(s, "Could not load the photo " + *err, true);
  if (s.image.path != failed) return;
  bool busy = false;
  const std::shared_ptr<const ImageData> img = sh.photo.images.Latest(busy);
  s.image.path = img ? img->request.path : std::string();
  sh.photo.path_edit = s.image.path;
}

// The one error channel: what failed in a worker or on the GPU becomes the status line's
// message (tests fail on notice.error).
void TakeWorkerErrors(AppState& s, App::Shared& sh) {
  if (auto err = sh.hist.TakeError()) Notify(s, "Could not draw the samples: " + *err, true);
  if (auto err = std::exchange(sh.photo.gpu_error, std::nullopt))
    Notify(s, "Could not draw the activation map: " + *err, true);
  for (const std::unique_ptr<TabModule>& tab : sh.tabs)
    tab->TakeErrors(s);
}

}  // namespace

App::App(AppState state, Fonts fonts, float content_scale)
    : state_(std::move(state)),
      fonts_(fonts),
      scale_(content_scale),
      applied_theme_(state_.ui.theme),
      shared_(std::make_unique<Shared>()) {
  ApplyTheme(applied_theme_, scale_);
  shared_->theme = applied_theme_;
  shared_->font = fonts_.ui;
  for (const TabRow& row : TabTable())
    shared_->tabs.push_back(row.make());
  shared_->photo.path_edit = state_.image.path;  // a restored session's photo
}

App::~App() = default;

void App::OpenImage(const std::string& path) {
  state_.image.path = path;
  state_.image.zoom = 0;
  state_.image.cx = state_.image.cy = 0.5;
  state_.ui.tab = Tab::kMap;
  shared_->photo.path_edit = path;
}

void App::Settle() {
  // Make sure what the current state shows was requested (a tab opened by a session or by
  // --bench-frames draws only from its second frame), then wait for all of it.
  for (const TabRow& row : TabTable())
    shared_->tab(row.id).Settle(state_, *shared_, row.id == state_.ui.tab);
  shared_->hist.Wait();
  shared_->photo.images.Wait();
}

TabModule& App::module(Tab id) {
  return shared_->tab(id);
}

void App::RequestQuit() {
  shared_->requests.quit = true;
}

Requests App::TakeRequests() {
  Requests r = std::move(shared_->requests);
  shared_->requests = {};
  return r;
}

void App::ReportScreenshot(const std::string& path, const std::optional<std::string>& error) {
  if (error)
    Notify(state_, "Could not save the screenshot: " + *error, true);
  else
    Notify(state_, "Saved " + path);
}

void App::Frame() {
  AppState& s = state_;
  Shared& sh = *shared_;
  if (s.ui.theme != applied_theme_) {
    applied_theme_ = s.ui.theme;
    ApplyTheme(applied_theme_, scale_);
  }
  sh.theme = applied_theme_;
  // Ctrl+Q comes from the window's key callback (RequestQuit, gui.cpp): ImGui 1.86 sees keys
  // only as states once a frame, and a synthetic press carries Ctrl as a modifier alone.

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("actviz", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  DrawMenuBar(s, sh);
  TakePhotoError(s, sh);
  TakeWorkerErrors(s, sh);
  // The panels live in a child of the window's height less the status line: children that
  // fill "the rest" (ImVec2(0, 0)) then fill the rest of it, not of the window.
  // (a frame for the Dismiss button, the separator's line and the spacing around it).
  const float status_h = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.y * 2 + 1;
  ImGui::BeginChild("##main", ImVec2(0, -status_h), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  if (ImGui::BeginTable("##layout", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV,
                        ImVec2(0, 0))) {
    ImGui::TableSetupColumn("side", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 17);
    ImGui::TableSetupColumn("main", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableNextRow();

    ImGui::TableSetColumnIndex(0);
    DrawSidebar(s, sh);

    ImGui::TableSetColumnIndex(1);
    if (ImGui::BeginTabBar("##tabs")) {
      // s.ui.tab changed from outside (a restored session, a test): select it; a new tab
      // bar honours SetSelected only after it has shown its first tab, hence two frames.
      if (s.ui.tab != tab_seen_) tab_seen_ = s.ui.tab, tab_force_ = 2;
      std::optional<Tab> drawn;
      for (const TabRow& row : TabTable()) {
        const ImGuiTabItemFlags flags =
            tab_force_ > 0 && row.id == s.ui.tab ? ImGuiTabItemFlags_SetSelected : 0;
        if (ImGui::BeginTabItem(std::string(row.label).c_str(), nullptr, flags)) {
          drawn = row.id;
          sh.tab(row.id).Draw(s, sh);
          ImGui::EndTabItem();
        }
      }
      if (tab_force_ > 0)
        --tab_force_;
      else if (drawn)
        s.ui.tab = *drawn, tab_seen_ = *drawn;  // the user's choice
      ImGui::EndTabBar();
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
  ImGui::Separator();
  DrawStatusBar(s, sh);
  DrawExportDialog(s, sh);
  ImGui::End();
  // The dialog's export starts after the frame's panels (it reads their plot sizes), and a
  // running one advances: its render step, then its result as a notice.
  if (sh.requests.export_request.target != ExportTarget::kNone) {
    const ExportRequest r = std::exchange(sh.requests.export_request, {});
    if (auto err = StartExport(r)) Notify(s, "Could not export: " + *err, true);
  }
  if (auto r = sh.export_job.Poll()) Notify(s, r->message, r->error && !r->cancelled);
}

}  // namespace actviz::gui
