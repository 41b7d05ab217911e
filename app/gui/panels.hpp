// The panels of the explorer, one per file, and what they share within a frame.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "actviz/image/image.hpp"
#include "figure/figure.hpp"
#include "figure/figure_layout.hpp"
#include "figure/hist_plots.hpp"
#include "figure/names.hpp"
#include "figure/softmax_plots.hpp"
#include "gui/app.hpp"
#include "gui/depth_worker.hpp"
#include "gui/export_job.hpp"
#include "gui/facts_worker.hpp"
#include "gui/hist_worker.hpp"
#include "gui/image_worker.hpp"
#include "gui/networks_worker.hpp"

namespace actviz::gui {

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

// The Depth tab's views: refitted to each new result (caches, not persisted).
struct DepthViews {
  const void* fitted = nullptr;
  const void* phase_fitted = nullptr;
  plot::Range x, y_pre, y_post, y_var, y_grad, y_frac, px, py;
  ImVec2 size{0, 0};  // of each plot's cell in the last frame (the plot exports' size)
};

// The Softmax tab's model and views, rebuilt and refitted when its inputs change (caches).
struct SoftmaxViews {
  std::unique_ptr<figure::SoftmaxPlots> model;
  std::string error;  // the core's message for inputs it refused (the last model stays)
  plot::Range x, y_p, y_log, jx, jy;
  ImVec2 p_min{0, 0}, p_max{0, 0};  // the p plot's area in the last frame (tests read pixels)
  // On-screen plot areas, for exports.
  ImVec2 p_size{0, 0}, log_size{0, 0}, jac_size{0, 0}, tropical_size{0, 0};
  std::unique_ptr<figure::TropicalPlot> tropical;
  plot::Range tx, ty;
};

// The Networks tab's views and its run counters (caches, not persisted).
struct NetworksViews {
  const void* fitted = nullptr;
  int fitted_task = -1;
  plot::Range main_x, main_y, epoch, loss_y, acc_y, units_x, units_y;
  std::vector<plot::Series> loss_series;
  int run = 0, steps = 0;  // Reset and One step presses
  std::string error;       // why the controls describe no network, shown in the tab
  std::string export_path = "networks.png";
  ImVec2 main_min{0, 0}, main_max{0, 0};  // the main view's plot area last frame (pixels)
  std::optional<std::chrono::steady_clock::time_point> settle_until;  // App::Settle's limit
};

struct App::Shared {
  FactsWorker facts;
  HistWorker hist;
  DepthWorker depth;
  DepthViews depth_views;
  SoftmaxViews softmax;
  NetworksWorker networks;
  NetworksViews networks_views;
  ImageWorker images;
  std::string map_path_edit;
  MapSample map_sample;
  Range map_range{0, 1};
  std::vector<double> map_strip_x, map_strip_y;
  int map_uploaded = -1;
  std::shared_ptr<MapGpu> gpu;
  std::optional<std::string> gpu_error;  // a GPU failure of the map, for the status line
  // GPU side (map_gpu.cpp): upload the photo, its gray texture, the map for a view.
  std::optional<std::string> UploadImage(const ImageData& img);
  ImTextureID GrayTexture();
  ImTextureID RenderMap(const AppState& s, ImVec2 uv0, ImVec2 uv1, ImVec2 size);

  HistPlot hist_in, hist_out;  // built from the worker's latest result
  ImVec2 hist_in_size{0, 0}, hist_out_size{0, 0};
  int hist_generation = -1;
  HistOptions hist_options;
  Theme hist_theme = Theme::kDark;
  PlotData f, df, err;
  std::vector<Params> family;  // the Explorer's family members (empty: no family drawn)
  std::string family_error;    // why the family settings cannot be drawn
  // f⁻¹ as the reflection of the sampled f (and (f⁻¹)′ = 1/f′ at f(x)), and the line y = x.
  std::vector<double> inverse_x[2], inverse_y[2], diagonal[2];
  std::string inverse_label;
  ImVec2 f_size{0, 0}, df_size{0, 0}, err_size{0, 0};  // last on-screen plot sizes
  std::optional<double> hover_x;  // the mouse's x over any linked plot, last frame
  ExportDialogState dialog;
  Requests requests;
  int fitted_for = -1;          // the function the y ranges were last fitted to
  std::optional<Tab> tab_seen;  // s.ui.tab as last applied to the tab bar
  int tab_force = 0;            // frames left to force the tab selection
  Theme theme = Theme::kDark;
  ExportJob export_job;  // the export running in the background, if any
  FigureData figure;   // the Figure tab's live figure (a cache; its settings are AppState::figure)
  struct PieceLines {  // maxout's pieces as drawn on the f and f′ plots (plot_data.cpp)
    std::array<double, 2> x{};
    std::array<std::array<double, 2>, kMaxPieces> y{};
    std::array<std::string, kMaxPieces> labels;
  };
  std::array<PieceLines, 2> pieces;
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
// The family settings under the parameters (presets, ends, members, a colour bar).
void DrawFamily(AppState& state, App::Shared& shared);
// The family's members for the state, into shared.family (or shared.family_error).
void UpdateFamily(const AppState& state, App::Shared& shared);
// The colour of member i of n (viridis, dark to light).
ImU32 FamilyColour(int i, int n);
void DrawPins(AppState& state, const App::Shared& shared);
void DrawPlots(AppState& state, App::Shared& shared);
void DrawFacts(AppState& state, App::Shared& shared);
void DrawDerivativeCheck(AppState& state, App::Shared& shared);
void DrawExportDialog(AppState& state, App::Shared& shared);
void DrawStatusBar(AppState& state, App::Shared& shared);
void DrawDistributions(AppState& state, App::Shared& shared);
void DrawExplorer(AppState& state, App::Shared& shared);
void DrawActivationMap(AppState& state, App::Shared& shared);
void DrawFigureTab(AppState& state, App::Shared& shared);
void DrawDepth(AppState& state, App::Shared& shared);
void DrawSoftmax(AppState& state, App::Shared& shared);
// The Softmax tab's model for the current state (rebuilt when the inputs changed).
const figure::SoftmaxPlots* UpdateSoftmax(const AppState& state, App::Shared& shared);
void DrawNetworks(AppState& state, App::Shared& shared);
// The map's subsample (auto range, small histogram), refreshed when its inputs change.
void UpdateMapSample(const AppState& state, App::Shared& shared, const ImageData& img);
// A combo box over an enum's name table (figure/names.hpp): the labels are the rows'.
template <class E, std::size_t N>
bool EnumCombo(const char* id, E& value, const NameRow<E> (&rows)[N]) {
  const std::string_view current = [&] {
    for (const NameRow<E>& r : rows)
      if (r.value == value) return r.label;
    return std::string_view();
  }();
  bool changed = false;
  if (ImGui::BeginCombo(id, std::string(current).c_str())) {
    for (const NameRow<E>& r : rows) {
      const bool selected = r.value == value;
      if (ImGui::Selectable(std::string(r.label).c_str(), selected) && !selected)
        value = r.value, changed = true;
    }
    ImGui::EndCombo();
  }
  return changed;
}

// On-screen size of a plot in the last frame (zero for what is not a plot).
ImVec2 PlotSize(const App::Shared& shared, ExportTarget t);
// The figure's inputs from the state and the workers' results (the tab and the export).
FigureInputs FigureInputsOf(const AppState& s, const HistRequest* shown, const Experiment* e,
                            const ImageData* img, Range map_range);
// The workers' requests for the current state (shared by the tabs that show their results).
HistRequest DistributionsRequest(const AppState& state);
DepthRequest DepthRequestOf(const AppState& state);
// Saves the Networks tab's latest view as `actviz train --out` draws it (in the background).
std::optional<std::string> StartNetworksExport(const AppState& state, App::Shared& shared,
                                               const std::string& path);
// The Networks tab's request, or nothing with the reason in `error` (a bad width typed).
std::optional<NetworksRequest> NetworksRequestOf(const AppState& state, const App::Shared& shared,
                                                 std::string& error);
ImageRequest ImageRequestOf(const AppState& state);

}  // namespace actviz::gui
