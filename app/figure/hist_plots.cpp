// Building histogram series: stairs from edges and counts, the exact density curve (the input
// density, or for the output the change of variables p_Y(f(x)) = p_X(x)/|f′(x)|), ranges.
#include "figure/hist_plots.hpp"

#include <cmath>

namespace actviz::figure {

plot::PlotSpec HistPlot::Spec() const {
  plot::PlotSpec spec;
  spec.title = title;
  spec.series = series;
  spec.bands = bands;
  spec.legend = series.size() > 1;
  return spec;
}

void BuildHistPlots(const Experiment& e, const SampleSpec& spec, const Activation& fn,
                    const Params& p, const HistOptions& o, Theme theme, HistPlot& in,
                    HistPlot& out) {
  const double half = SupportHalfWidth(spec);
  HistPlotRequest r;
  r.spec = spec;
  r.options = o;
  r.fn = &fn;
  r.params = p;
  r.exact_colour = NumericColour(0, theme);
  r.hist = &e.in_hist;
  r.stats = &e.in_stats;
  r.colour = PinColour(8, theme);
  BuildHistPlot(r, in);
  r.hist = &e.out_hist;
  r.stats = &e.out_stats;
  r.output = true;
  r.monotonic = MonotonicOver(fn, p, -half, half);
  r.colour = FunctionColour(theme);
  BuildHistPlot(r, out);
}

void BuildHistPlot(const HistPlotRequest& r, HistPlot& out) {
  const Histogram& h = *r.hist;
  const Stats& s = *r.stats;
  const SampleSpec& spec = r.spec;
  const HistOptions& o = r.options;
  const bool output = r.output;
  const Activation& fn = *r.fn;
  const Params& p = r.params;
  const int monotonic = r.monotonic;
  const ImU32 colour = r.colour, exact_colour = r.exact_colour;
  out.sx.clear();
  out.sy.clear();
  out.ex.clear();
  out.ey.clear();
  out.series.clear();
  out.bands.clear();
  out.title = output ? "output f(x)" : "input x";
  if (h.counts.empty()) {
    out.x = {-1, 1};
    out.y = {0, 1};
    return;
  }
  const double n = static_cast<double>(s.count ? s.count : 1);
  const bool one_bin = h.edges.front() == h.edges.back();
  // A single bin [c, c] is drawn with a visible width.
  const double pad = one_bin ? std::max(1e-3, std::fabs(h.edges[0]) * 1e-3) : 0;
  auto edge = [&](std::size_t i) {
    return h.edges[i] + (i == 0 ? -pad : (i + 1 == h.edges.size() ? pad : 0));
  };
  auto scale = [&](std::size_t i) {
    const double w = edge(i + 1) - edge(i);
    return o.density ? 1 / (n * w) : 1.0;
  };
  const double floor = o.log_counts ? NAN : 0;  // a log axis breaks at empty bins
  std::vector<double> edges(h.counts.size() + 1);
  for (std::size_t i = 0; i < edges.size(); ++i)
    edges[i] = edge(i);
  double top = 0;
  Stairs(
      edges, floor,
      [&](std::size_t i) {
        const double v = static_cast<double>(h.counts[i]) * scale(i);
        top = std::max(top, v);
        return (o.log_counts && v <= 0) ? NAN : v;
      },
      out.sx, out.sy);
  out.x = {edge(0), edge(h.counts.size())};
  const double span = out.x.hi - out.x.lo;
  out.x = {out.x.lo - span * 0.03, out.x.hi + span * 0.03};

  // The exact density, as counts per bin width when showing counts.
  const double width = one_bin ? 1 : (h.edges.back() - h.edges.front()) / h.counts.size();
  const double k = o.density ? 1 : n * width;
  if (o.exact && !one_bin && (!output || monotonic != 0)) {
    // Over the core's support of the input (±40σ for a normal), finely enough that the few
    // standard deviations in view get hundreds of points.
    const double half = SupportHalfWidth(spec);
    const int m = spec.dist == Distribution::kUniform ? 1200 : 8000;
    for (int i = 0; i <= m; ++i) {
      const double x = -half + 2 * half * i / m;
      const double px = InputDensity(spec, x);
      if (!output) {
        out.ex.push_back(x);
        out.ey.push_back(px * k);
        continue;
      }
      const double d = std::fabs(fn.df(x, p)), y = fn.f(x, p);
      // Where f is flat the output has a point mass, not a density: break the curve there.
      const bool ok = d > 0 && std::isfinite(y) && std::isfinite(d);
      out.ex.push_back(ok ? y : NAN);
      out.ey.push_back(ok ? px / d * k : NAN);
    }
  }

  plot::Series bars;
  bars.label = "samples";
  bars.x = out.sx;
  bars.y = out.sy;
  bars.color = colour;
  bars.thickness = 1.6f;
  out.series.push_back(bars);
  if (!out.ex.empty()) {
    plot::Series exact;
    exact.label = output ? "exact density through f" : "exact density";
    exact.x = out.ex;
    exact.y = out.ey;
    exact.color = exact_colour;
    exact.thickness = 1.6f;
    exact.dashed = true;
    out.series.push_back(exact);
  }
  if (o.log_counts) {
    const double lo = o.density ? top * 1e-7 : 0.5;
    out.y = {std::max(lo, top * 1e-9), top * 3};
  } else {
    out.y = {0, top * 1.1 > 0 ? top * 1.1 : 1};
  }
}

}  // namespace actviz::figure
