// The explorer: owns the state and everything derived from it, and draws one frame of the
// whole window. Knows no GLFW: the window runner (gui.cpp) and the headless test runner both
// drive it through ImGui's IO.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actviz/activations/analysis.hpp"
#include "figure/curves.hpp"
#include "figure/theme.hpp"
#include "gui/state/state.hpp"

namespace actviz::gui {

class TabModule;  // shell/tab.hpp

// What the window can save: each target belongs to one tab (its module's Exports(), where its
// file name stem and the dialog's wording live), the screenshot to the shell.
enum class ExportTarget : int {
  kNone = -1,
  kFunction = 0,
  kDerivative = 1,
  kError = 2,
  kHistInput = 3,
  kHistOutput = 4,
  kMap = 5,  // the full-resolution activation map (core, not GPU)
  kFigure = 6,
  kMapFigure = 7,
  kWindow = 8,
  // The Depth tab's plots and the tab as a figure (the figure of `actviz depth --out`).
  kDepthDensity = 9,
  kDepthVariance = 10,
  kDepthPhase = 11,
  kDepthGradient = 12,
  kDepthFractions = 13,
  kDepthFigure = 14,
  kSoftmaxP = 15,  // the Softmax tab's plots
  kSoftmaxLog = 16,
  kSoftmaxJacobian = 17,
  kSoftmaxTropical = 18,
};

// An export asked for by the dialog, started by App::Frame after the panels are drawn.
struct ExportRequest {
  ExportRequest() = default;
  ExportRequest(ExportTarget t, std::string p, float sc = 1, int w = 0, int h = 0,
                std::optional<bool> d = std::nullopt)
      : target(t), path(std::move(p)), scale(sc), width(w), height(h), dark(d) {}
  ExportTarget target = ExportTarget::kNone;
  std::string path;
  float scale = 1;
  int width = 0, height = 0;  // a figure's size in pixels (0: the tab's own)
  std::optional<bool> dark;   // a figure's theme (unset: the tab's own)
};

// Export and screenshot requests raised by a frame, carried out by whoever owns GL.
struct Requests {
  std::string screenshot;  // save the whole window after this frame is rendered
  bool quit = false;       // File > Quit or Ctrl+Q
  ExportRequest export_request;
};

class App {
 public:
  App(AppState state, Fonts fonts, float content_scale);
  ~App();

  // Builds the UI for one frame, between ImGui::NewFrame() and ImGui::Render().
  void Frame();

  AppState& state() { return state_; }
  // Opens a photo (a dropped file, --image) and shows the Activation map tab.
  void OpenImage(const std::string& path);
  // Waits for the background work of the current state (each tab's Settle), so the next
  // frame shows final results.
  void Settle();
  const Fonts& fonts() const { return fonts_; }
  Requests TakeRequests();
  // Ctrl+Q (from the window's key callback): the window closes after this frame.
  void RequestQuit();
  // Starts an export in the background (the dialog's Save): the window keeps drawing, the
  // status line shows its progress and a Cancel button, and its result becomes a notice.
  // An error when it cannot start (another export running, nothing to export).
  std::optional<std::string> StartExport(const ExportRequest& r);
  // The synchronous exports below start the same job and wait for it (tests).
  // Exports one plot (IsPlotTarget) as PNG at scale × its on-screen size. Needs a frame drawn
  // first (and, for the Depth tab's plots, its result on screen).
  std::optional<std::string> ExportPlot(ExportTarget t, const std::string& path, float scale);
  // The full-resolution activation map of the loaded photo, computed by the core's float32
  // kernel: PNG through the chosen range and colormap, or the raw floats for a .npy path.
  std::optional<std::string> ExportMap(const std::string& path);
  // The 3×2 figure of the current state as PNG, by the code of `actviz figure`.
  std::optional<std::string> ExportFigure(const std::string& path, int width, int height,
                                          bool dark);
  // The photo and its map side by side with a colour bar, as PNG.
  std::optional<std::string> ExportMapFigure(const std::string& path);
  // The Depth tab as a figure (figure::RenderDepthFigureRgba, as `actviz depth --out`) of the
  // current settings: the tab's run when it is the current one, else a run of its own.
  std::optional<std::string> ExportDepthFigure(const std::string& path, int width = 1800,
                                               int height = 1000);
  // On-screen size of that plot in the last frame.
  ImVec2 PlotSize(ExportTarget t) const;
  // The result of a screenshot taken for a request (shown as a notice).
  void ReportScreenshot(const std::string& path, const std::optional<std::string>& error);

  // What more than one tab uses (shell/shared.hpp), and the tabs' modules.
  struct Shared;
  Shared& shared() { return *shared_; }

  // A tab's module (its workers and caches), by its type: app.tab<DepthTab>().worker.
  TabModule& module(Tab id);
  template <class T>
  T& tab() {
    return static_cast<T&>(module(T::kId));
  }

 private:
  std::optional<std::string> WaitForExport();
  AppState state_;
  Fonts fonts_;
  float scale_;
  Theme applied_theme_;
  std::unique_ptr<Shared> shared_;
  std::optional<Tab> tab_seen_;  // s.ui.tab as last applied to the tab bar
  int tab_force_ = 0;            // frames left to force the tab selection
};

}  // namespace actviz::gui
