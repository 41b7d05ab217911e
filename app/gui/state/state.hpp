// The window's state: plain structs with in-class defaults, owned by one App and passed by
// reference to the panels. Everything here can be reset, saved (each field is listed in
// session_fields.hpp, or marked unsaved there with the reason) and tested.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/image/image.hpp"
#include "actviz/networks/depth.hpp"
#include "actviz/networks/train.hpp"
#include "figure/names.hpp"
#include "figure/network_plots.hpp"
#include "figure/theme.hpp"
#include "gui/state/functions.hpp"
#include "plot/plot.hpp"

namespace actviz::gui {

// The figure layer's vocabulary (Theme, PlotData, HistPlot, colours) is the window's too.
using namespace actviz::figure;

// Per-function parameter values, so switching away and back keeps what the user set.
inline constexpr std::size_t kFormulaHistory = 12;
struct FunctionState {
  int selected = 0;                  // index into the function registry (functions.hpp)
  std::vector<Params> params;        // one per function of the registry (SyncFunctions grows it)
  std::vector<std::string> history;  // the formulas applied, newest first (kFormulaHistory)
  std::string typed;                 // the "your own f(x)" field as edited
  std::string error;  // the last typed formula's message (the plot kept the one before)
};

// A function pinned for comparison: drawn on both plots with its own colour and legend.
struct Pin {
  int function = 0;
  Params params;
  int colour = 0;  // index into the comparison palette
  bool visible = true;
};

// The as-written view (issue 27): f evaluated operation by operation in a float format,
// drawn over the true curve, with its error in ULP of that format beneath.
enum class AsWrittenView : int { kOff, kF32, kBf16, kF16 };
inline constexpr NameRow<AsWrittenView> kAsWrittenViews[] = {
    {AsWrittenView::kOff, "off", "off"},
    {AsWrittenView::kF32, "f32", "float32"},
    {AsWrittenView::kBf16, "bf16", "bfloat16"},
    {AsWrittenView::kF16, "f16", "float16"},
};

struct PlotsState {
  plot::Range x{-6, 6};  // shared by the f and f′ plots (linked pan/zoom)
  plot::Range y_f{-1.5, 6};
  plot::Range y_df{-0.25, 1.25};
  bool log_df = false;           // plot log10|f′| (vanishing gradients)
  bool shade_saturation = true;  // |f′| < 0.01
  bool fit_on_select = true;     // refit y when the function changes
  bool inverse = false;          // overlay f⁻¹, the reflection in y = x (when invertible)
  bool mark = false;             // a point marked on the f plot (the Softmax tab's x − y)
  double mark_x = 0;
  AsWrittenView as_written = AsWrittenView::kOff;
  plot::Range y_ulp{0.01, 1e8};  // the as-written error plot's view (a log axis)
};

// A family in the Explorer (issue 18): the selected function's parameter `param` swept over n
// members from `from` to `to`, drawn in place of the single curve, coloured along viridis.
struct FamilyState {
  bool on = false;
  int param = 0;  // index into the selected function's parameters
  double from = 0.25, to = 32;
  int n = 8;  // 2 … 16
  bool geometric = true;
};

struct DerivativeCheckState {
  bool open = false;
  double log10_h = -6;          // step h on a log slider, 1e−15 … 1e−1
  bool forward = true;          // (f(x+h) − f(x))/h
  bool central = true;          // (f(x+h) − f(x−h))/2h
  plot::Range y_err{1e-18, 1};  // the error plot's view (a log axis; x is the f′ plot's)
};

// The Distributions tab: random pre-activations and their activations.
struct DistributionsState {
  Distribution dist = Distribution::kUniform;
  double n = 1000;   // samples, 100 … 10⁷ on a log slider
  int bins = 100;    // 10 … 500
  double scale = 1;  // S, the weight scale
  int seed = 0;
  bool density = false;     // densities instead of counts
  bool log_counts = false;  // log count axis (tails)
  bool exact = true;        // overlay the exact density
  // The two plots' views. While `follow`, each new result refits them; panning or zooming
  // clears it, so a person's view survives new samples (and a saved session).
  plot::Range in_x{-1, 1}, in_y{0, 1}, out_x{-1, 1}, out_y{0, 1};
  bool follow = true;
};

// The Activation map tab: a photo, grayed and centred, pushed through the function.
struct ImageState {
  std::string path;  // empty: the embedded default photo (the cameraman)
  GrayMode gray = GrayMode::kLuma601;
  CenterMode center = CenterMode::kMedian;
  double center_value = 0.5;  // for center = value
  double gain = 1;            // x = gain·(v − c)
  bool auto_range = true;     // min..max of f(x), else [lo, hi]
  double lo = -1, hi = 1;
  Colormap colormap = Colormap::kGray;
  double zoom = 0;            // screen pixels per image pixel; 0 = fit
  double cx = 0.5, cy = 0.5;  // image point at the centre of the views (0…1)
};

// The Figure tab: the export's size and theme (the tab shows the figure in its proportions).
struct FigureState {
  int width = 1200, height = 1200;  // 64 … 4096
  Theme theme = Theme::kLight;
};

// The Depth tab: a signal and its gradient through L dense layers (spec/cli.md `actviz depth`).
struct DepthState {
  int layers = 50;   // 1 … 200
  int width = 256;   // 16 … 2048
  int batch = 1000;  // 100 … 10000
  Init init = Init::kXavierNormal;
  bool gain_auto = false;  // PyTorch's calculate_gain of the function
  double gain = 1;
  bool direct = false;  // σ_w and σ_b set directly (the phase diagram's click sets them)
  double sigma_w = 1, sigma_b = 0;
  int seed = 0;
  bool show_post = false;  // density of hₗ instead of zₗ
};

// How the activation map is saved as PNG.
enum class MapFormat : int { kColormap, kGray16 };
inline constexpr NameRow<MapFormat> kMapFormats[] = {
    {MapFormat::kColormap, "colormap", "8-bit PNG through the colormap"},
    {MapFormat::kGray16, "gray16", "16-bit gray PNG"},
};

// The Softmax tab (issue 18): K logits, a temperature, and what to show of p = softmax(z/T).
inline constexpr int kSoftmaxMaxLogits = 10;
struct SoftmaxState {
  int k = 4;  // 2 … 10 logits on sliders
  std::array<double, kSoftmaxMaxLogits> z{2, 1, 0.1, -1, -2, 0.5, 3, -0.5, 1.5, -3};
  double reach = 10;       // the sliders span ±reach: 10, 100 or 1000
  double temperature = 1;  // T on a log slider, 0.01 … 100
  bool softmin = false;    // softmax(−z/T)
  bool show_log = true;    // log-softmax beside the probabilities
  bool naive = false;      // the textbook float32 e^z/Σe^z beside the stable result
  bool tropical = false;   // the tropical sum log_t(t^x + t^y) against max(x, y)
  double tropical_t = 10;  // t on a log slider, 1.01 … 10⁶
};

// The Networks tab: the notebook's small networks trained live (spec/cli.md `actviz train`),
// with the shared function selection as the hidden layers' activation.
struct NetworksState {
  Task task = Task::kXor;
  Model model = Model::kMlp;
  std::string hidden = "2";  // typed widths: "2", "6", "2,2,2"
  std::string per_layer;     // a function per hidden layer ("relu,tanh"); empty: the selected
  double theta = 0;          // the perceptron's step threshold
  // Keep learnable activation parameters (PReLU's α) fixed.
  bool freeze_params = false;
  OutputUnit output = OutputUnit::kLinear;
  Loss loss = Loss::kMse;
  Optimizer optimizer = Optimizer::kAdam;
  double lr = 0.01;
  int batch = 32;
  int epochs = 1000;
  int seed = 0;
  double epochs_per_second = 2000;  // pacing, so a run can be watched; 0: as fast as it goes
  bool playing = false;
  std::vector<figure::LossCurve> pins;  // runs' loss curves kept to overlay (at most 6)
};

struct ExportState {
  int scale = 2;                                // 1, 2 or 4 × the on-screen size
  MapFormat map_format = MapFormat::kColormap;  // the activation map's PNG
  std::string directory;                        // last directory used
};

// The window's tabs, in the tab bar's order (the tab table, shell/tabs.cpp, has a row for
// each, in this order: it checks that at build time); the session file stores the position.
enum class Tab : int { kExplorer, kDistributions, kMap, kFigure, kDepth, kNetworks, kSoftmax };
inline constexpr int kTabCount = static_cast<int>(Tab::kSoftmax) + 1;

struct UiState {
  Theme theme = Theme::kDark;
  std::string search;  // function list filter
  bool show_facts = true;
  Tab tab = Tab::kExplorer;
};

// A message at the bottom of the window: errors stay until dismissed or replaced.
struct Notice {
  std::string text;
  bool error = false;
  double shown_at = -1;  // ImGui time
};

struct AppState {
  FunctionState fn;
  std::vector<Pin> pins;
  PlotsState plots;
  FamilyState family;
  DerivativeCheckState deriv;
  DistributionsState distributions;
  ImageState image;
  FigureState figure;
  DepthState depth;
  NetworksState networks;
  SoftmaxState softmax;
  ExportState exporting;
  UiState ui;
  Notice notice;
};

// A fresh state: every function at its defaults, ReLU selected.
AppState DefaultState();

const Activation& Selected(const AppState& s);
Params& SelectedParams(AppState& s);
const Params& SelectedParams(const AppState& s);
// Grows fn.params to every function of the registry (new ones at their defaults).
void SyncFunctions(AppState& s);
// Selects function `index`, its parameters grown to hold it.
void Select(AppState& s, int index);
// Applies a typed formula: selected and put first in the history; false with the message in
// s.fn.error (the selection kept) when it does not parse.
bool ApplyFormula(AppState& s, const std::string& text);

void Notify(AppState& s, std::string text, bool error = false);

}  // namespace actviz::gui
