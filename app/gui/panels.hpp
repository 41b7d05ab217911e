// The panels of the explorer, one per file, and what they share within a frame.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "actviz/image.hpp"
#include "figure/figure_layout.hpp"
#include "figure/hist_plots.hpp"
#include "gui/app.hpp"
#include "gui/facts_worker.hpp"
#include "gui/hist_worker.hpp"
#include "gui/image_worker.hpp"

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
};

struct ExportDialogState {
  ExportTarget target = ExportTarget::kNone;  // set by a panel to open the dialog
  bool opening = false;
  std::string path;
};

// A subsample of the activation map for its auto range and small histogram.
struct MapSample {
  int serial = -1, function = -1;
  Params params;
  std::vector<float> x, y;
  Range range{0, 1};
  Histogram hist;
};

struct MapGpu;  // textures and the shader program of the activation map (map_gpu.cpp)

struct HistView {
  plot::Range x, y;
};

struct App::Shared {
  FactsWorker facts;
  HistWorker hist;
  ImageWorker images;
  std::string map_path_edit;
  MapSample map_sample;
  Range map_range{0, 1};
  std::vector<double> map_strip_x, map_strip_y;
  int map_uploaded = -1;
  std::shared_ptr<MapGpu> gpu;
  // GPU side (map_gpu.cpp): upload the photo, its gray texture, the map for a view.
  std::optional<std::string> UploadImage(const ImageData& img);
  ImTextureID GrayTexture();
  ImTextureID RenderMap(const AppState& s, ImVec2 uv0, ImVec2 uv1, ImVec2 size);

  HistPlot hist_in, hist_out;  // built from the worker's latest result
  HistView hist_in_view, hist_out_view;
  ImVec2 hist_in_size{0, 0}, hist_out_size{0, 0};
  int hist_generation = -1;
  HistOptions hist_options;
  Theme hist_theme = Theme::kDark;
  PlotData f, df, err;
  plot::Range y_err{1e-18, 1};  // the derivative check's error plot (a log axis)
  ImVec2 f_size{0, 0}, df_size{0, 0}, err_size{0, 0};  // last on-screen plot sizes
  std::optional<double> hover_x;  // the mouse's x over any linked plot, last frame
  ExportDialogState dialog;
  Requests requests;
  int fitted_for = -1;  // the function the y ranges were last fitted to
  int tab_seen = -1;    // s.ui.tab as last applied to the tab bar
  int tab_force = 0;    // frames left to force the tab selection
  Theme theme = Theme::kDark;
  // App::ExportPlot, for the export dialog (which, path, scale) → error.
  std::function<std::optional<std::string>(int, const std::string&, float)> export_plot;
  std::function<ImVec2(int)> plot_size;  // App::PlotSize
  std::function<std::optional<std::string>(const std::string&)> export_figure;
  std::function<std::optional<std::string>(const std::string&)> export_map_figure;
  FigureData figure;  // the Figure tab's live figure
  int figure_size[2] = {1200, 1200};
  bool figure_dark = false;
};

// Samples f and f′ of the selected function and the visible pins over the current view.
void BuildFunctionPlots(const AppState& state, App::Shared& shared);
// The derivative check: numerical derivatives over the f′ view, and their errors.
void BuildDerivativeCheck(const AppState& state, App::Shared& shared);
// Specs for drawing (the same for the screen and for export).
plot::PlotSpec FunctionPlotSpec(const AppState& state, const App::Shared& shared, bool derivative);
plot::PlotSpec ErrorPlotSpec(const AppState& state, const App::Shared& shared);

void DrawMenuBar(AppState& state, App::Shared& shared);
void DrawFunctionList(AppState& state, App::Shared& shared);
void DrawParameters(AppState& state);
void DrawPins(AppState& state, const App::Shared& shared);
void DrawPlots(AppState& state, App::Shared& shared);
void DrawFacts(AppState& state, App::Shared& shared);
void DrawDerivativeCheck(AppState& state, App::Shared& shared);
void DrawExportDialog(AppState& state, App::Shared& shared);
void DrawStatusBar(AppState& state, const App::Shared& shared);
void DrawDistributions(AppState& state, App::Shared& shared);
void DrawExplorer(AppState& state, App::Shared& shared);
void DrawActivationMap(AppState& state, App::Shared& shared);
void DrawFigureTab(AppState& state, App::Shared& shared);
// The map's subsample (auto range, small histogram), refreshed when its inputs change.
void UpdateMapSample(const AppState& state, App::Shared& shared, const ImageData& img);
// The workers' requests for the current state (shared by the tabs that show their results).
HistRequest DistributionsRequest(const AppState& state);
ImageRequest ImageRequestOf(const AppState& state);

}  // namespace actviz::gui
