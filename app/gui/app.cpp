// The explorer's frame: a full-window layout with the function list, parameters and pins on
// the left; f and f′ plots on the right above the facts and the derivative check; a status
// line at the bottom, its height reserved first so that no panel can push it off screen.
// The split between the columns is remembered in imgui.ini.
#include "gui/app.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include <imgui.h>

#include "actviz/base/file_io.hpp"
#include "actviz/image/image.hpp"
#include "gui/panels.hpp"

namespace actviz::gui {
namespace {

// A labelled rule between sections (ImGui 1.86 has no SeparatorText).
void SectionHeader(const char* label) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", label);
  ImGui::Separator();
}

// A photo that failed to load: say why, and go back to the one still on screen (state and
// path field alike), unless the user has asked for another one since.
void TakePhotoError(AppState& s, App::Shared& sh) {
  std::string failed;
  const std::optional<std::string> err = sh.images.TakeError(&failed);
  if (!err) return;
  Notify(s, "Could not load the photo " + *err, true);
  if (s.image.path != failed) return;
  bool busy = false;
  const std::shared_ptr<const ImageData> img = sh.images.Latest(busy);
  s.image.path = img ? img->request.path : std::string();
  sh.map_path_edit = s.image.path;
}

// The one error channel: what failed in a worker or on the GPU becomes the status line's
// message (tests fail on notice.error).
void TakeWorkerErrors(AppState& s, App::Shared& sh) {
  if (auto err = sh.hist.TakeError()) Notify(s, "Could not draw the samples: " + *err, true);
  if (auto err = sh.facts.TakeError()) Notify(s, "Could not compute the facts: " + *err, true);
  if (auto err = sh.depth.TakeError())
    Notify(s, "Could not run the depth experiment: " + *err, true);
  if (auto err = sh.networks.TakeError()) Notify(s, "Could not train the network: " + *err, true);
  if (auto err = std::exchange(sh.gpu_error, std::nullopt))
    Notify(s, "Could not draw the activation map: " + *err, true);
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
  shared_->map_path_edit = state_.image.path;  // a restored session's photo
}

App::~App() = default;

void App::OpenImage(const std::string& path) {
  state_.image.path = path;
  state_.image.zoom = 0;
  state_.image.cx = state_.image.cy = 0.5;
  state_.ui.tab = Tab::kMap;
  shared_->map_path_edit = path;
}

void App::Settle() {
  // Make sure what the current state shows was requested (a tab opened by a session or by
  // --bench-frames draws only from its second frame), then wait for all of it.
  shared_->facts.Request(state_.fn.selected, SelectedParams(state_));
  if (state_.ui.tab == Tab::kMap || state_.ui.tab == Tab::kFigure)
    shared_->images.Request(ImageRequestOf(state_));
  shared_->facts.Wait();
  shared_->hist.Wait();
  shared_->images.Wait();
  if (state_.ui.tab == Tab::kDepth) {
    // A run the tab refuses (it says why) is not started here either.
    if (const DepthRequest r = DepthRequestOf(state_); !DepthRefusal(r.spec))
      shared_->depth.Request(r);
    shared_->depth.RequestPhase({state_.fn.selected, SelectedParams(state_)});
    shared_->depth.Wait();
  }
  if (state_.ui.tab == Tab::kNetworks) {
    std::string error;
    if (auto r = NetworksRequestOf(state_, *shared_, error)) shared_->networks.Request(*r);
    // A playing run may be long (10⁶ epochs at a watchable pace): wait for it 10 s in all.
    auto& until = shared_->networks_views.settle_until;
    if (!until) until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!shared_->networks.Idle() && std::chrono::steady_clock::now() < *until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
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

// The Explorer tab: f and f′ side by side above the facts and the derivative check.
void DrawExplorer(AppState& s, App::Shared& sh) {
  const float main_h = ImGui::GetContentRegionAvail().y;
  const float bottom_h =
      std::max(ImGui::GetFontSize() * 12.5f, main_h * (s.deriv.open ? 0.42f : 0.3f));
  ImGui::BeginChild("##plots", ImVec2(0, main_h - bottom_h), false, ImGuiWindowFlags_NoScrollbar);
  DrawPlots(s, sh);
  ImGui::EndChild();
  if (ImGui::BeginTable("##bottom", s.ui.show_facts ? 2 : 1, ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableNextRow();
    if (s.ui.show_facts) {
      ImGui::TableSetColumnIndex(0);
      ImGui::BeginChild("##facts", ImVec2(0, 0));
      DrawFacts(s, sh);
      ImGui::EndChild();
      ImGui::TableSetColumnIndex(1);
    } else {
      ImGui::TableSetColumnIndex(0);
    }
    ImGui::BeginChild("##deriv", ImVec2(0, 0));
    DrawDerivativeCheck(s, sh);
    ImGui::EndChild();
    ImGui::EndTable();
  }
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

    // Left: functions, parameters, comparison.
    ImGui::TableSetColumnIndex(0);
    const float side_h = ImGui::GetContentRegionAvail().y;
    // The family's settings take room under the parameters: the list gives some of its own.
    ImGui::BeginChild("##list", ImVec2(0, side_h * (s.family.on ? 0.3f : 0.45f)), false);
    DrawFunctionList(s, sh);
    ImGui::EndChild();
    SectionHeader("Parameters");
    DrawParameters(s);
    SectionHeader("Family");
    DrawFamily(s, sh);
    SectionHeader("Compare");
    ImGui::BeginChild("##pins");
    DrawPins(s, sh);
    ImGui::EndChild();

    // Right: tabs. Explorer: the two plots, then facts and the derivative check.
    ImGui::TableSetColumnIndex(1);
    if (ImGui::BeginTabBar("##tabs")) {
      using TabFn = void (*)(AppState&, Shared&);
      static constexpr TabFn kDraw[] = {DrawExplorer,  DrawDistributions, DrawActivationMap,
                                        DrawFigureTab, DrawDepth,         DrawNetworks,
                                        DrawSoftmax};  // in kTabs' order
      static_assert(std::size(kDraw) == std::size(kTabs));
      // s.ui.tab changed from outside (a restored session, a test): select it; a new tab
      // bar honours SetSelected only after it has shown its first tab, hence two frames.
      if (s.ui.tab != sh.tab_seen) sh.tab_seen = s.ui.tab, sh.tab_force = 2;
      std::optional<Tab> drawn;
      for (std::size_t t = 0; t < std::size(kTabs); ++t) {
        const NameRow<Tab>& row = kTabs[t];
        const ImGuiTabItemFlags flags =
            sh.tab_force > 0 && row.value == s.ui.tab ? ImGuiTabItemFlags_SetSelected : 0;
        if (ImGui::BeginTabItem(std::string(row.label).c_str(), nullptr, flags)) {
          drawn = row.value;
          kDraw[t](s, sh);
          ImGui::EndTabItem();
        }
      }
      if (sh.tab_force > 0)
        --sh.tab_force;
      else if (drawn)
        s.ui.tab = *drawn, sh.tab_seen = *drawn;  // the user's choice
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
