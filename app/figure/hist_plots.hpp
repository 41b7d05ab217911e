// Histogram plots, shared by the window's Distributions tab and `actviz hist --out`: stairs of
// counts (or densities), optionally on a log axis, with the exact density of the distribution
// drawn over them (for the output: through f, where f is monotonic).
#pragma once

#include <string>
#include <vector>

#include "actviz/samples.hpp"
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

// The input histogram (output = false) or the output one. `fn`/`p` give the exact overlay
// of the output; `monotonic` is +1/−1 when f is monotonic on the input's support, else 0.
void BuildHistPlot(const Histogram& h, const Stats& s, const SampleSpec& spec, const HistOptions& o,
                   bool output, const Activation& fn, const Params& p, int monotonic, ImU32 colour,
                   ImU32 exact_colour, HistPlot& out);

}  // namespace actviz::figure
