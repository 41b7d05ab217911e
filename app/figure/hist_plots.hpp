// Histogram plots, shared by the window's Distributions tab and `actviz hist --out`: stairs of
// counts (or densities), optionally on a log axis, with the exact density of the distribution
// drawn over them (for the output: through f, where f is monotonic).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "actviz/stats/samples.hpp"
#include "figure/theme.hpp"
#include "plot/plot.hpp"

namespace actviz::figure {

struct HistOptions {
  bool density = false;     // densities instead of counts
  bool log_counts = false;  // log y axis (tails)
  bool exact = true;        // overlay the exact density
};

struct HistPlot {
  std::vector<double> sx, sy;  // the stairs
  std::vector<double> ex, ey;  // the exact density, scaled like the stairs
  std::vector<plot::Series> series;
  std::vector<plot::Band> bands;
  plot::Range x, y;  // a view that fits the data
  std::string title;
  plot::PlotSpec Spec() const;
};

// A histogram as a stair line: (e₀, floor), each bin's height from its left edge to its
// right, then (e_B, floor). `height(i)` gives bin i's height; edges has B + 1 entries.
template <class Height>
void Stairs(std::span<const double> edges, double floor, Height&& height, std::vector<double>& x,
            std::vector<double>& y) {
  x.clear();
  y.clear();
  if (edges.size() < 2) return;
  x.push_back(edges.front());
  y.push_back(floor);
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const double v = height(i);
    x.push_back(edges[i]);
    y.push_back(v);
    x.push_back(edges[i + 1]);
    y.push_back(v);
  }
  x.push_back(edges.back());
  y.push_back(floor);
}

// One histogram plot: the input's (output = false) or the output's.
struct HistPlotRequest {
  const Histogram* hist = nullptr;
  const Stats* stats = nullptr;
  SampleSpec spec;
  HistOptions options;
  bool output = false;
  const Activation* fn = nullptr;  // with `params`, the output's exact overlay
  Params params;
  int monotonic = 0;  // +1/−1 when f is monotonic on the input's support, else 0
  ImU32 colour = 0, exact_colour = 0;
};
void BuildHistPlot(const HistPlotRequest& r, HistPlot& out);

// The input and output plots of an experiment as every view shows them (the Distributions
// and Figure tabs, `actviz figure`, `actviz hist --out`): one place decides their colours.
void BuildHistPlots(const Experiment& e, const SampleSpec& spec, const Activation& fn,
                    const Params& p, const HistOptions& o, Theme theme, HistPlot& in,
                    HistPlot& out);

}  // namespace actviz::figure
