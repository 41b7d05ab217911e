// The depth views (issue 16), built once from a depth run for the window's Depth tab, its
// exports and `actviz depth --out` alike: per layer, the density of zₗ and hₗ (heatmaps with
// the layer across, each layer's column scaled to its own peak so 200 layers stay readable),
// Var(zₗ) beside the theory's qₗ, the gradient's std against depth on a log axis beside the
// theory (χ's product from the top layer down), and the dead and saturated fractions; and the
// phase diagram of χ₁ over (σ_w², σ_b²) with the edge of chaos and the run's initialisation.
#pragma once

#include <string>
#include <vector>

#include "actviz/networks/depth.hpp"
#include "actviz/networks/meanfield.hpp"
#include "plot/plot.hpp"

namespace actviz::figure {

// The series and heatmaps point into the model's own arrays: it is built in place, never
// copied.
struct DepthPlots {
  DepthPlots() = default;
  DepthPlots(const DepthPlots&) = delete;
  DepthPlots& operator=(const DepthPlots&) = delete;
  int layers = 0;
  std::vector<double> layer;  // 1…L, the shared x of every panel
  // densities: rows = bins (value from lo to hi), columns = layers
  std::vector<float> pre_density, post_density;
  int bins = 0;
  double pre_lo = 0, pre_hi = 1, post_lo = 0, post_hi = 1;
  std::vector<ImU32> density_colours;
  std::vector<double> var, var_theory;          // Var(zₗ), qₗ
  std::vector<double> grad, grad_theory;        // std(δₗ), std(δ_L)·√(Π_{k≥l} χₖ)
  std::vector<double> zero, saturated, h_mean;  // fractions of hₗ, and E[hₗ]
  plot::Heatmap pre_map, post_map;
  plot::Series series[7];
  plot::Range x, y_var, y_grad, y_frac;
  std::string title;
  // Where float32 overflowed ("float32 overflowed: the signal at layer 14, …"), empty if it
  // did not; drawn after the title in the error colour.
  std::string overflow;
};

// `colours` of a density heatmap: a perceptual ramp (viridis).
void BuildDepthPlots(const Activation& fn, const Params& p, const DepthSpec& spec,
                     const DepthResult& r, DepthPlots& out);

// Plot specs over the model (they point into it: rebuild them after the model changes).
plot::PlotSpec DepthDensitySpec(const DepthPlots& m, bool post);
plot::PlotSpec DepthVarianceSpec(const DepthPlots& m);
plot::PlotSpec DepthGradientSpec(const DepthPlots& m);
plot::PlotSpec DepthFractionsSpec(const DepthPlots& m);

// The run's point on the phase diagram: green reads on both ends of the colour map.
inline constexpr ImU32 kPhaseMarker = IM_COL32(40, 200, 90, 255);

struct PhasePlot {
  PhasePlot() = default;
  PhasePlot(const PhasePlot&) = delete;
  PhasePlot& operator=(const PhasePlot&) = delete;
  PhaseGrid grid;
  std::vector<float> log_chi;          // log₁₀ χ₁, the heatmap's values (0 on the edge)
  std::vector<ImU32> colours;          // coolwarm: ordered blue, chaotic red, white at χ₁ = 1
  std::vector<double> edge_w, edge_b;  // the line χ₁ = 1
  std::vector<double> here_w, here_b;  // the run's (σ_w², σ_b²), one point
  plot::Heatmap map;
  plot::Series series[2];
  plot::Marker marker;
  plot::Range x, y;
};
// The grid over σ_w² ∈ [0, 4] and σ_b² ∈ [0, 0.5] (Schoenholz et al.'s Figure 1 for tanh).
void BuildPhasePlot(const Activation& fn, const Params& p, double sigma_w2, double sigma_b2,
                    int cols, int rows, PhasePlot& out);
plot::PlotSpec PhaseSpec(const PhasePlot& m);

}  // namespace actviz::figure
