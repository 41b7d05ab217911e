// Function plots as series: curves of f or f′ sampled for a view (one sample per pixel
// column, refined at bends, jumps split with open/closed markers) and saturation bands.
// Used by the window's plots and by headless figures alike.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <imgui.h>

#include "actviz/activations/analysis.hpp"
#include "figure/theme.hpp"
#include "plot/plot.hpp"

namespace actviz::figure {

// Curves and overlays for one plot; buffers are reused frame to frame.
struct PlotData {
  std::vector<Curve> curves;  // [0] the selected function, then the others
  std::vector<std::string> labels;
  std::vector<plot::Series> series;
  std::vector<plot::Marker> markers;
  std::vector<plot::Band> bands;
  std::vector<double> numeric[2];  // derivative check: forward, central difference (f′ plot)
  std::vector<double> error[2];    // |numeric − analytic| for the error plot
};

struct CurveItem {
  const Activation* fn;
  const Params* params;
  ImU32 colour;
};

struct CurveView {
  plot::Range x{-6, 6}, y{-1, 1};
  ImVec2 size{800, 400};  // the plot area in pixels (sampling density)
  bool derivative = false;
  bool log = false;   // |f′| on a log axis
  bool shade = true;  // saturation bands of the first item
  Theme theme = Theme::kDark;
};

// A y view for a curve: the range of its values with a margin, unless a few samples near a
// pole (logit′ at 0 and 1) would squash the rest, in which case the 1st to 99th percentile.
// "GELU", or "Swish (β = 1.5)" when a parameter differs from its default.
std::string DisplayName(const Activation& fn, const Params& p);

plot::Range FitCurve(const Curve& curve, plot::Scale scale);

// Samples every item (the first is the main function; legends appear when there are more).
void SampleFunctionPlot(std::span<const CurveItem> items, const CurveView& view, PlotData& out);

}  // namespace actviz::figure
