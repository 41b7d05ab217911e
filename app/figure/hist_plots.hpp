// Histogram plots, shared by the window's Distributions tab and `actviz hist --out`: stairs of
// counts (or densities), optionally on a log axis, with the exact density of the distribution
// drawn over them (for the output: through f, where f is monotonic).
#pragma once

#include <string>
#include <vector>

#include "actviz/samples.hpp"
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
