// The explorer: owns the state and everything derived from it, and draws one frame of the
// whole window. Knows no GLFW: the window runner (gui.cpp) and the headless test runner both
// drive it through ImGui's IO.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actviz/analysis.hpp"
#include "figure/curves.hpp"
#include "figure/theme.hpp"
#include "gui/facts_worker.hpp"
#include "gui/state.hpp"

namespace actviz::gui {

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
  kSoftmaxP = 9,  // the Softmax tab's plots (issue 18)
  kSoftmaxLog = 10,
  kSoftmaxJacobian = 11,
};

// An export asked for by the dialog, started by App::Frame after the panels are drawn.
struct ExportRequest {
  ExportTarget target = ExportTarget::kNone;
  std::string path;
  float scale = 1;
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
  // Waits for background work (facts) to finish, so the next frame shows final results.
  void Settle();
  const Fonts& fonts() const { return fonts_; }
  Requests TakeRequests();
  // Starts an export in the background (the dialog's Save): the window keeps drawing, the
  // status line shows its progress and a Cancel button, and its result becomes a notice.
  // An error when it cannot start (another export running, nothing to export).
  std::optional<std::string> StartExport(const ExportRequest& r);
  // The synchronous exports below start the same job and wait for it (tests).
  // Exports one plot as PNG at scale × its on-screen size. `which`:
  // 0 f(x), 1 f′(x), 2 the derivative check's error plot. Needs a frame drawn first.
  std::optional<std::string> ExportPlot(int which, const std::string& path, float scale);
  // The full-resolution activation map of the loaded photo, computed by the core's float32
  // kernel: PNG through the chosen range and colormap, or the raw floats for a .npy path.
  std::optional<std::string> ExportMap(const std::string& path);
  // The 3×2 figure of the current state as PNG, by the code of `actviz figure`.
  std::optional<std::string> ExportFigure(const std::string& path, int width, int height,
                                          bool dark);
  // The photo and its map side by side with a colour bar, as PNG.
  std::optional<std::string> ExportMapFigure(const std::string& path);
  // On-screen size of that plot in the last frame.
  ImVec2 PlotSize(int which) const;
  // The result of a screenshot taken for a request (shown as a notice).
  void ReportScreenshot(const std::string& path, const std::optional<std::string>& error);

  // What the panels share (implemented across the panel files).
  struct Shared;
  Shared& shared() { return *shared_; }  // for tests: the path field, the workers

 private:
  std::optional<std::string> StartFigureExport(const std::string& path, int width, int height,
                                               bool dark, bool map_figure);
  std::optional<std::string> StartPlotExport(ExportTarget t, const std::string& path, float scale);
  std::optional<std::string> StartMapExport(const std::string& path);
  std::optional<std::string> WaitForExport();
  AppState state_;
  Fonts fonts_;
  float scale_;
  Theme applied_theme_;
  std::unique_ptr<Shared> shared_;
};

}  // namespace actviz::gui
