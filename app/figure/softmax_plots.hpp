// The Softmax views (issue 18), built once for the window's Softmax tab and its exports: the
// probabilities p = softmax(±z/T) as bars (and, on request, the textbook float32 e^z/Σe^z
// beside them, failed entries in red), log p as bars, and the Jacobian ∂pᵢ/∂zⱼ as a heatmap.
// Every number comes from core/softmax.hpp; this layer only lays them out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actviz/activations/softmax.hpp"
#include "plot/plot.hpp"

namespace actviz::figure {

struct SoftmaxInput {
  std::vector<double> z;  // 2 … 1000 finite logits (the window shows 2 … 10)
  double temperature = 1;
  bool softmin = false;
  bool naive = false;  // draw the float32 formula without the shift beside the stable one
};

// How the naive float32 entry compares with the stable one.
enum class NaiveOutcome : unsigned char {
  kClose,     // finite, within 1e−3 relative of the stable value
  kOff,       // finite but further off
  kNaN,       // e^z overflowed to ∞ and ∞/∞ = NaN
  kZero,      // 0 where the stable p is positive (e^z underflowed, or the sum is ∞)
  kLostTail,  // 0 here and 0 in double precision too: both underflow (log p tells them apart)
};

// The series and heatmaps point into the model's own arrays: built in place, never copied.
struct SoftmaxPlots {
  SoftmaxPlots() = default;
  SoftmaxPlots(const SoftmaxPlots&) = delete;
  SoftmaxPlots& operator=(const SoftmaxPlots&) = delete;
  SoftmaxInput in;
  SoftmaxResult r;                    // the stable p, log p and Jacobian (core)
  std::vector<float> naive_p;         // NaiveSoftmaxF32 (core)
  std::vector<double> naive_log_p;    // log of the naive p (−∞ at 0, NaN at NaN)
  std::vector<double> abs_diff;       // |naive − stable| (NaN when the naive one is NaN)
  std::vector<NaiveOutcome> outcome;  // per logit
  double max_abs_diff = 0;            // over the finite naive entries
  int failed = 0;                     // NaN or lost (kNaN, kZero) entries
  double jac_max = 0;                 // max |∂pᵢ/∂zⱼ|, the colour scale's ±end
  // Drawing: one single-cell heatmap per bar.
  std::vector<float> zero;  // the bars' cell value
  std::vector<plot::Heatmap> p_bars, log_bars;
  std::vector<ImU32> stable_colour, naive_colour, fail_colour, jac_colours;
  std::vector<float> jac_values;  // K × K, row i = pᵢ, column j = zⱼ (row 1 at the bottom)
  plot::Heatmap jac;
  std::vector<double> none;  // legend-only series have no points
  plot::Series legend[3];
  std::vector<double> top_x, top_p, top_log;  // a dot on each stable bar's end
  std::vector<plot::Marker> p_markers, log_markers;
  plot::Range x, y_p, y_log;
  std::string title;
};

inline constexpr ImU32 kStableBar = IM_COL32(86, 156, 245, 255);
inline constexpr ImU32 kNaiveBar = IM_COL32(245, 166, 60, 255);
inline constexpr ImU32 kNaiveFailed = IM_COL32(232, 72, 64, 150);

// The tropical sum x ⊕_t y = log_t(t^x + t^y) (softmax's normaliser at T = 1/ln t) beside
// max(x, y): the excess ⊕_t − max over [−r, r]², from 0 to log_t 2 (on x = y), shrinking as
// t → ∞. Values are core/family.hpp's TropicalExcess.
struct TropicalPlot {
  TropicalPlot() = default;
  TropicalPlot(const TropicalPlot&) = delete;
  TropicalPlot& operator=(const TropicalPlot&) = delete;
  double t = 10, reach = 3, bound = 0;  // bound = log_t 2
  int cells = 0;
  std::vector<float> excess;  // cells × cells, row 0 at y = −reach
  std::vector<ImU32> colours;
  std::vector<double> diag_x, diag_y;  // the line x = y, where the excess is log_t 2
  plot::Heatmap map;
  plot::Series diagonal;
  std::string diagonal_label;
  plot::Range x, y;
  std::string title;
};
void BuildTropicalPlot(double t, int cells, TropicalPlot& out);
plot::PlotSpec TropicalSpec(const TropicalPlot& m);

// An error message (from core) for logits or a temperature it refuses; `out` is then unchanged.
std::optional<std::string> BuildSoftmaxPlots(const SoftmaxInput& in, SoftmaxPlots& out);

// Plot specs over the model (they point into it).
plot::PlotSpec SoftmaxProbabilitySpec(const SoftmaxPlots& m);
plot::PlotSpec SoftmaxLogSpec(const SoftmaxPlots& m);
plot::PlotSpec SoftmaxJacobianSpec(const SoftmaxPlots& m);

}  // namespace actviz::figure
