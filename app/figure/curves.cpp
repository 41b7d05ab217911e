// Function plots as series: curves of f or f′ sampled for a view (one sample per pixel
// column, refined at bends, jumps split with open/closed markers), saturation bands, a y view
// fitted to a curve, and the display name of a function with its parameters.
#include "figure/curves.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "figure/theme.hpp"

namespace actviz::figure {

void SampleFunctionPlot(std::span<const CurveItem> items, const CurveView& v, PlotData& d) {
  const int n = static_cast<int>(items.size());
  const plot::Range& x = v.x;
  const plot::Range& y = v.y;
  const bool log = v.log;
  const bool derivative = v.derivative;
  d.curves.resize(static_cast<std::size_t>(n));
  d.labels.resize(static_cast<std::size_t>(n));
  d.series.clear();
  d.markers.clear();
  d.bands.clear();
  // The plot's width in pixels, as columns (a NaN or huge size from a broken layout: 200).
  const int columns = v.size.x >= 200 && v.size.x < 1e5f ? static_cast<int>(v.size.x) : 200;
  SampleOptions opt;
  opt.columns = columns;
  opt.log_abs = log;
  // Refinement works in what the axis shows: data units, or decades on a log axis.
  const double y_span = log && y.lo > 0 ? std::log10(y.hi / y.lo) : y.hi - y.lo;
  opt.y_pixels = std::max(1.0f, v.size.y) / y_span;
  for (int i = 0; i < n; ++i) {
    const Activation& fn = *items[i].fn;
    const Params& p = *items[i].params;
    Curve& c = d.curves[static_cast<std::size_t>(i)];
    auto g = [&](double t) { return derivative ? fn.df(t, p) : fn.f(t, p); };
    SampleCurve(g, x.lo, x.hi, BreaksOf(fn, p), opt, c);
    for (const Jump& j : c.jumps) {
      // The value at the breakpoint belongs to the side it is nearer (the sides were sampled
      // a hair away from it): that end is closed, the other open.
      const bool at_left = std::fabs(j.at - j.left) <= std::fabs(j.at - j.right);
      d.markers.push_back({j.x, j.left, at_left, items[i].colour});
      d.markers.push_back({j.x, j.right, !at_left, items[i].colour});
    }
    d.labels[static_cast<std::size_t>(i)] = DisplayName(fn, p);
  }
  for (int i = 0; i < n; ++i) {
    const Curve& c = d.curves[static_cast<std::size_t>(i)];
    plot::Series ser;
    ser.label =
        n > 1 ? std::string_view(d.labels[static_cast<std::size_t>(i)]) : std::string_view();
    ser.x = c.x;
    ser.y = c.y;
    ser.color = items[i].colour;
    ser.thickness = i == 0 ? 2.2f : 1.8f;
    d.series.push_back(ser);
  }
  if (v.shade && n > 0) {
    for (const Interval& iv : SaturationIntervals(*items[0].fn, *items[0].params, x.lo, x.hi,
                                                  columns))
      d.bands.push_back({iv.lo, iv.hi, SaturationColour(v.theme)});
  }
}

plot::Range FitCurve(const Curve& curve, plot::Scale scale) {
  const std::span<const double> y = curve.y;
  // The curve at evenly spaced x (samples crowd where it bends, such as near poles, and
  // would outvote the rest): the first sample at or after each of 400 column centres.
  std::vector<double> v;
  const std::size_t n = curve.x.size();
  if (n >= 2) {
    const double x0 = curve.x.front(), span = curve.x.back() - x0;
    std::size_t i = 0;
    for (int b = 0; b < 400 && span > 0; ++b) {
      const double target = x0 + (b + 0.5) * span / 400;
      while (i + 1 < n && (std::isnan(curve.x[i]) || curve.x[i] < target))
        ++i;
      const double t = y[i];
      if (std::isfinite(t) && (scale == plot::Scale::kLinear || t > 0)) v.push_back(t);
    }
  }
  if (v.size() < 20) return plot::FitRange(y, scale, 0.08);
  std::sort(v.begin(), v.end());
  const std::size_t trim = std::max<std::size_t>(1, v.size() / 100);
  const double lo = v[trim], hi = v[v.size() - 1 - trim];
  const double full = v.back() - v.front(), core = hi - lo;
  // A few columns near a pole would squash the rest: fit the 1st to 99th percentile then.
  if (scale == plot::Scale::kLinear && full > 20 * std::max(core, 1e-300)) {
    std::vector<double> clipped;
    for (double t : v)
      if (t >= lo && t <= hi) clipped.push_back(t);
    return plot::FitRange(clipped, scale, 0.08);
  }
  return plot::FitRange(v, scale, 0.08);
}

std::string DisplayName(const Activation& fn, const Params& p) {
  std::string out(fn.label);
  std::string extra;
  for (std::size_t i = 0; i < fn.params.size(); ++i) {
    if (p.v[i] == fn.params[i].def) continue;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s = %.4g", extra.empty() ? "" : ", ",
                  std::string(fn.params[i].symbol).c_str(), p.v[i]);
    extra += buf;
  }
  if (!extra.empty()) out += " (" + extra + ")";
  return out;
}

}  // namespace actviz::figure
