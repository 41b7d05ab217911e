// The explorer: owns the state and everything derived from it, and draws one frame of the
// whole window. Knows no GLFW: the window runner (gui.cpp) and the headless test runner both
// drive it through ImGui's IO.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actviz/activations/analysis.hpp"
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
  // The Depth tab's plots and the tab as a figure (the figure of `actviz depth --out`).
  kDepthDensity = 9,
  kDepthVariance = 10,
  kDepthPhase = 11,
  kDepthGradient = 12,
  kDepthFractions = 13,
  kDepthFigure = 14,
  kSoftmaxP = 15,  // the Softmax tab's plots (issue 18)
  kSoftmaxLog = 16,
  kSoftmaxJacobian = 17,
  kSoftmaxTropical = 18,
};

// Every target once: `cli` is the default file name's stem (actviz-FUNCTION-STEM.png), `label`
// what the export dialog says it saves.
inline constexpr NameRow<ExportTarget> kExportTargets[] = {
    {ExportTarget::kFunction, "function", "The f(x) plot"},
    {ExportTarget::kDerivative, "derivative", "The f′(x) plot"},
    {ExportTarget::kError, "derivative-check", "The derivative check plot"},
    {ExportTarget::kHistInput, "input-histogram", "The input histogram"},
    {ExportTarget::kHistOutput, "output-histogram", "The output histogram"},
    {ExportTarget::kMap, "map",
     "The activation map at full resolution (.png through the colormap, or .npy floats)"},
    {ExportTarget::kFigure, "figure", "The 3×2 figure"},
    {ExportTarget::kMapFigure, "map-figure",
     "The photo and its activation map side by side, with a colour bar"},
    {ExportTarget::kWindow, "window", "Screenshot of the whole window"},
    {ExportTarget::kDepthDensity, "depth-density", "The density of z (or h) per layer"},
    {ExportTarget::kDepthVariance, "depth-variance", "Var(z) beside the mean-field q"},
    {ExportTarget::kDepthPhase, "depth-phase", "The phase diagram of χ₁"},
    {ExportTarget::kDepthGradient, "depth-gradient", "The gradient std(δ) against depth"},
    {ExportTarget::kDepthFractions, "depth-fractions", "The dead and saturated fractions"},
    {ExportTarget::kDepthFigure, "depth-figure",
     "The Depth tab as a figure (1800 × 1000, as actviz depth --out draws it)"},
    {ExportTarget::kSoftmaxP, "softmax", "The probabilities p = softmax(z/T)"},
    {ExportTarget::kSoftmaxLog, "log-softmax", "The log-probabilities log p"},
    {ExportTarget::kSoftmaxJacobian, "softmax-jacobian", "The Jacobian ∂p/∂z as a heatmap"},
    {ExportTarget::kSoftmaxTropical, "tropical-sum",
     "The tropical sum: log_t(t^x + t^y) − max(x, y) as a heatmap"},
};

// Whether the target is one plot at scale × its on-screen size (the dialog offers the scale).
constexpr bool IsPlotTarget(ExportTarget t) {
  return (t >= ExportTarget::kFunction && t <= ExportTarget::kHistOutput) ||
         (t >= ExportTarget::kDepthDensity && t <= ExportTarget::kDepthFractions) ||
         (t >= ExportTarget::kSoftmaxP && t <= ExportTarget::kSoftmaxTropical);
}

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

  // What the panels share (implemented across the panel files).
  struct Shared;
  Shared& shared() { return *shared_; }  // for tests: the path field, the workers

 private:
  std::optional<std::string> StartFigureExport(const std::string& path, int width, int height,
                                               bool dark, bool map_figure);
  std::optional<std::string> StartPlotExport(ExportTarget t, const std::string& path, float scale);
  std::optional<std::string> StartMapExport(const std::string& path);
  std::optional<std::string> StartDepthPlotExport(ExportTarget t, const std::string& path,
                                                  float scale);
  std::optional<std::string> StartDepthFigureExport(const std::string& path, int width, int height);
  std::optional<std::string> WaitForExport();
  AppState state_;
  Fonts fonts_;
  float scale_;
  Theme applied_theme_;
  std::unique_ptr<Shared> shared_;
};

}  // namespace actviz::gui
