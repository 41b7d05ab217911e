// The explorer's frame: a full-window layout with the function list, parameters and pins on
// the left; f and f′ plots on the right above the facts and the derivative check; a status
// line at the bottom, its height reserved first so that no panel can push it off screen.
// The split between the columns is remembered in imgui.ini.
#include "gui/app.hpp"

#include <algorithm>
#include <thread>

#include <imgui.h>

#include "actviz/file_io.hpp"
#include "actviz/image.hpp"
#include "figure/figure.hpp"
#include "figure/plot_export.hpp"
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

}  // namespace

App::App(AppState state, Fonts fonts, float content_scale)
    : state_(std::move(state)),
      fonts_(fonts),
      scale_(content_scale),
      applied_theme_(state_.ui.theme),
      shared_(std::make_unique<Shared>()) {
  ApplyTheme(applied_theme_, scale_);
  shared_->theme = applied_theme_;
  shared_->export_plot = [this](int which, const std::string& path, float scale) {
    return ExportPlot(which, path, scale);
  };
  shared_->plot_size = [this](int which) { return PlotSize(which); };
  shared_->export_map_figure = [this](const std::string& path) { return ExportMapFigure(path); };
  shared_->export_figure = [this](const std::string& path) {
    return ExportFigure(path, shared_->figure_size[0], shared_->figure_size[1],
                        shared_->figure_dark);
  };
}

App::~App() = default;

void App::OpenImage(const std::string& path) {
  state_.image.path = path;
  state_.image.zoom = 0;
  state_.image.cx = state_.image.cy = 0.5;
  state_.ui.tab = 2;
  shared_->map_path_edit = path;
}

void App::Settle() {
  // Make sure what the current state shows was requested (a tab opened by a session or by
  // --bench-frames draws only from its second frame), then wait for all of it.
  shared_->facts.Request(state_.fn.selected, SelectedParams(state_));
  if (state_.ui.tab == 2 || state_.ui.tab == 3) shared_->images.Request(ImageRequestOf(state_));
  shared_->facts.Wait();
  shared_->hist.Wait();
  shared_->images.Wait();
}

Requests App::TakeRequests() {
  Requests r = std::move(shared_->requests);
  shared_->requests = {};
  return r;
}

ImVec2 App::PlotSize(int which) const {
  switch (which) {
    case 0:
      return shared_->f_size;
    case 1:
      return shared_->df_size;
    case 2:
      return shared_->err_size;
    case 3:
      return shared_->hist_in_size;
    case 4:
      return shared_->hist_out_size;
  }
  return ImVec2(0, 0);
}

std::optional<std::string> App::ExportMap(const std::string& path) {
  const AppState& s = state_;
  bool busy = false;
  const std::shared_ptr<const ImageData> img = shared_->images.Latest(busy);
  if (!img) return "no photo is loaded";
  // The exact map: every pixel through the core's float32 kernel (not the GPU view).
  std::vector<float> y(img->x.size());
  ApplyActivation(Selected(s), SelectedParams(s), img->x, y);
  const bool npy = path.size() > 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
  if (npy) return WriteNpy(path, img->width, img->height, y);
  const Range r = s.image.auto_range ? AutoRange(y) : Range{s.image.lo, s.image.hi};
  if (s.exporting.map_format == 1) {  // 16-bit gray: 256 times finer than the colormap
    std::vector<std::uint16_t> gray;
    MapToGray16(y, r.lo, r.hi, gray);
    return WritePng16(path, img->width, img->height, gray);
  }
  const Colormap cmap = static_cast<Colormap>(s.image.colormap);
  std::vector<std::uint8_t> pixels;
  MapToPixels(y, r.lo, r.hi, cmap, pixels);
  return WritePng(path, img->width, img->height, ColormapChannels(cmap), pixels,
                  PngContent::kPhoto);
}

std::optional<std::string> App::ExportPlot(int which, const std::string& path, float scale) {
  const AppState& s = state_;
  Shared& sh = *shared_;
  if (which == 5) return ExportMap(path);
  plot::PlotSpec spec;
  plot::Range x = s.plots.x, y;
  if (which <= 2) {
    spec = which == 2 ? ErrorPlotSpec(s, sh) : FunctionPlotSpec(s, sh, which == 1);
    y = which == 2 ? sh.y_err : which == 1 ? s.plots.y_df : s.plots.y_f;
  } else {
    const bool out = which == 4;
    spec = (out ? sh.hist_out : sh.hist_in).Spec();
    spec.y_scale = s.distributions.log_counts ? plot::Scale::kLog10 : plot::Scale::kLinear;
    x = (out ? sh.hist_out_view : sh.hist_in_view).x;
    y = (out ? sh.hist_out_view : sh.hist_in_view).y;
  }
  spec.cursor_x.reset();  // the export shows the plot, not the mouse
  const ImVec2 size = PlotSize(which);
  if (size.x < 16 || size.y < 16) return "the plot is not on screen";
  if (scale < 1.5f)
    return ExportPlotPng(path, spec, x, y, PlotStyle(s.ui.theme), size, scale, fonts_.ui);
  // Larger exports render headless with a font built at their size (see RenderPlotPng).
  std::optional<std::string> result;
  std::thread([&] {
    result = RenderPlotPng(path, spec, x, y, PlotStyle(s.ui.theme), size, scale);
  }).join();
  return result;
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
  // ImGui 1.86 has no ImGuiKey for letters: io.KeysDown is indexed by the backend's key
  // codes, and GLFW's for letters are their upper-case ASCII codes.
  if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed('Q', false)) sh.requests.quit = true;

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("actviz", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  DrawMenuBar(s, sh);
  TakePhotoError(s, sh);
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
    ImGui::BeginChild("##list", ImVec2(0, side_h * 0.45f), false);
    DrawFunctionList(s, sh);
    ImGui::EndChild();
    SectionHeader("Parameters");
    DrawParameters(s);
    SectionHeader("Compare");
    ImGui::BeginChild("##pins");
    DrawPins(s, sh);
    ImGui::EndChild();

    // Right: tabs. Explorer: the two plots, then facts and the derivative check.
    ImGui::TableSetColumnIndex(1);
    if (ImGui::BeginTabBar("##tabs")) {
      const char* names[] = {"Explorer", "Distributions", "Activation map", "Figure"};
      using TabFn = void (*)(AppState&, Shared&);
      static constexpr TabFn kTabs[] = {DrawExplorer, DrawDistributions, DrawActivationMap,
                                        DrawFigureTab};
      // s.ui.tab changed from outside (a restored session, a test): select it; a new tab
      // bar honours SetSelected only after it has shown its first tab, hence two frames.
      if (s.ui.tab != sh.tab_seen) sh.tab_seen = s.ui.tab, sh.tab_force = 2;
      int drawn = -1;
      for (int t = 0; t < 4; ++t) {
        const ImGuiTabItemFlags flags =
            sh.tab_force > 0 && t == s.ui.tab ? ImGuiTabItemFlags_SetSelected : 0;
        if (ImGui::BeginTabItem(names[t], nullptr, flags)) {
          drawn = t;
          kTabs[t](s, sh);
          ImGui::EndTabItem();
        }
      }
      if (sh.tab_force > 0)
        --sh.tab_force;
      else if (drawn >= 0)
        s.ui.tab = sh.tab_seen = drawn;  // the user's choice
      ImGui::EndTabBar();
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
  ImGui::Separator();
  DrawStatusBar(s, sh);
  DrawExportDialog(s, sh);
  ImGui::End();
}

}  // namespace actviz::gui
