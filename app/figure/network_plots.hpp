// The Networks views (issue 17), built once from a training state for the window's Networks
// tab, its export and `actviz train --out` alike: the decision surface over the unit square
// (101 × 101, the notebook's grid of test points) with the data on top, or for x² the fitted
// curve over the data with every hidden unit's kink marked; the loss per epoch on a log axis
// (with pinned runs overlaid) and the accuracy; the hidden units' state (dead, saturated).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "actviz/networks/train.hpp"
#include "figure/figure.hpp"
#include "plot/plot.hpp"

namespace actviz::figure {

// The decision surface's grid: n × n points i/(n − 1) of [0, 1]².
inline constexpr int kSurfaceSize = 101;

// Class colours: the surface ramps from class 0 (blue) through white at ½ to class 1
// (orange); the data points are the saturated ends.
inline constexpr ImU32 kClass0 = IM_COL32(30, 90, 200, 255);
inline constexpr ImU32 kClass1 = IM_COL32(215, 100, 10, 255);
std::array<std::uint8_t, 3> SurfaceColour(double p);  // p in [0, 1]

// A run's loss curve kept to overlay another's (the window's pins).
struct LossCurve {
  std::string label;
  std::vector<double> epoch, loss;  // epoch: 1…E
  int colour = 0;                   // index into the comparison palette
};

// The series, heatmap and markers point into the model's own arrays: built in place, never
// copied.
struct NetworkPlots {
  NetworkPlots() = default;
  NetworkPlots(const NetworkPlots&) = delete;
  NetworkPlots& operator=(const NetworkPlots&) = delete;
  bool two_d = true, classification = true;
  int epoch = 0, epochs = 0;
  double final_loss = NAN, final_accuracy = NAN;
  // 2-D tasks: the network's output at (i/100, j/100), row j = y, and the data.
  std::vector<float> surface;
  std::vector<ImU32> ramp;
  plot::Heatmap map;
  std::vector<plot::Marker> points;
  std::vector<double> curve_x, curve_y;  // the split curve of sine, cubic, abs (else empty)
  // 1-D (x²): the data, the fit over it, x² itself, and the kinks.
  std::vector<double> data_x, data_y, fit_x, fit_y, truth_y;
  std::vector<Kink> kinks;
  std::vector<plot::Marker> kink_marks;
  // Per epoch.
  std::vector<double> epoch_x, loss, accuracy;
  // Hidden units: x = 1…U across the layers, y = share of the data where |f′| ≥ 0.01.
  std::vector<UnitState> units;
  std::vector<double> unit_x, unit_active;
  std::vector<plot::Marker> unit_marks;
  int dead = 0, saturated = 0;
  // The activation parameters learned so far, per hidden layer (empty where none is), and
  // as a line: "layer 1: α = 0.213 · layer 2: α = 0.0512" (empty when nothing is learned).
  std::vector<std::vector<double>> learned_values;
  std::string learned;
  // The lessons: a network of `linear` layers is one affine map (collapsed, and its largest
  // difference from the network over the data); a hidden function with f′ ≡ 0.
  std::optional<AffineMap> collapsed;
  double collapse_error = 0;
  std::string zero_gradient;  // the message, empty when gradients flow
  std::string stopped;        // why training stopped early (NaN or ∞ loss)
  plot::Series series[6];     // data, fit, x², loss, accuracy, split curve
  plot::Range main_x, main_y, epoch_range, loss_y, acc_y, units_x, units_y;
  std::string title, main_title, units_title;
};

void BuildNetworkPlots(const Trainer& t, NetworkPlots& out);

// Plot specs over the model (they point into it: rebuild them after the model changes).
plot::PlotSpec NetworkMainSpec(const NetworkPlots& m);
// `series` receives the loss and the pinned curves; the spec points into it.
plot::PlotSpec NetworkLossSpec(const NetworkPlots& m, std::span<const LossCurve> pins, Theme theme,
                               std::vector<plot::Series>& series);
plot::PlotSpec NetworkAccuracySpec(const NetworkPlots& m);
plot::PlotSpec NetworkUnitsSpec(const NetworkPlots& m);

// The whole view as one picture (light theme): the main view left, loss, accuracy and the
// units right, the title and the lessons above. The window's export and `actviz train --out`.
std::optional<std::string> RenderNetworkFigureRgba(const NetworkPlots& m,
                                                   std::span<const LossCurve> pins, int width,
                                                   int height, RgbaImage& out);
std::optional<std::string> RenderNetworkFigurePng(const std::string& path, const NetworkPlots& m,
                                                  std::span<const LossCurve> pins, int width,
                                                  int height);

}  // namespace actviz::figure
