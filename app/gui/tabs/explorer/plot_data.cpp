// Turning the state into plot series: the window's f and f′ plots sampled for the current view
// (by the figure layer's SampleFunctionPlot) and the derivative check's numerical derivatives.
// Buffers are reused: no allocation per frame once the capacity is there.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "actviz/activations/analysis.hpp"
#include "actviz/activations/family.hpp"
#include "actviz/activations/inverse.hpp"
#include "figure/theme.hpp"
#include "gui/sidebar/sidebar.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"

namespace actviz::gui {
namespace {

constexpr ImU32 kMarkColour = IM_COL32(232, 72, 64, 255);

// The selected function first (or its family's members, in viridis order), then the pins.
int Items(const AppState& s, const App::Shared& sh, Theme theme, CurveItem* out, int max) {
  int n = 0;
  const int members = static_cast<int>(sh.family.size());
  for (int i = 0; i < members && n < max; ++i)
    out[n++] = {&Selected(s), &sh.family[static_cast<std::size_t>(i)], FamilyColour(i, members)};
  if (n == 0) out[n++] = {&Selected(s), &SelectedParams(s), FunctionColour(theme)};
  for (const Pin& p : s.pins) {
    if (n == max) break;
    if (!p.visible) continue;
    out[n++] = {&FunctionAt(p.function), &p.params, PinColour(p.colour, theme)};
  }
  return n;
}

// Maxout's pieces under the maximum: each line wⱼx + bⱼ (on f′, its slope wⱼ) thin and dashed
// in its own colour, the one active under the cursor solid. Drawn first, so f lies on top.
void Pieces(const AppState& s, App::Shared& sh, ExplorerTab& t, bool derivative, PlotData& d) {
  const Activation& fn = Selected(s);
  const Params& p = SelectedParams(s);
  std::array<AffinePiece, kMaxPieces> pieces;
  const int k = AffinePieces(fn, p, pieces);
  if (k == 0) return;
  const int active = t.hover_x ? ActivePiece(fn, p, *t.hover_x) : -1;
  ExplorerTab::PieceLines& lines = t.pieces[derivative ? 1 : 0];
  lines.x = {s.plots.x.lo, s.plots.x.hi};
  std::vector<plot::Series> under;
  for (int j = 0; j < k; ++j) {
    const AffinePiece& a = pieces[static_cast<std::size_t>(j)];
    auto& y = lines.y[static_cast<std::size_t>(j)];
    y = derivative ? std::array<double, 2>{a.w, a.w}
                   : std::array<double, 2>{a.w * lines.x[0] + a.b, a.w * lines.x[1] + a.b};
    std::string& label = lines.labels[static_cast<std::size_t>(j)];
    char buf[96];
    std::snprintf(buf, sizeof buf, "piece %d: %.3gx %c %.3g%s", j + 1, a.w, a.b < 0 ? '-' : '+',
                  std::fabs(a.b), j == active ? "  (active)" : "");
    label = buf;
    plot::Series line;
    line.label = label;
    line.x = lines.x;
    line.y = y;
    const ImU32 c = PinColour(j + 1, sh.theme);
    line.color = j == active ? c : (c & 0x00FFFFFFu) | (150u << 24);
    line.thickness = j == active ? 2.5f : 1.25f;
    line.dashed = j != active;
    under.push_back(line);
  }
  d.series.insert(d.series.begin(), under.begin(), under.end());
}

// f⁻¹ where f is invertible: the points (f(x), x) of the sampled curve, exact wherever f is;
// on the f′ plot (f⁻¹)′(f(x)) = 1/f′(x). The line y = x shows the mirror.
void Inverse(const AppState& s, App::Shared& sh, ExplorerTab& t, bool derivative, PlotData& d) {
  const Activation& fn = Selected(s);
  const Params& p = SelectedParams(s);
  if (d.curves.empty() || !Invertible(fn, p)) return;
  const Curve& c = d.curves[0];
  const int k = derivative ? 1 : 0;
  std::vector<double>&ix = t.inverse_x[k], &iy = t.inverse_y[k];
  ix.resize(c.x.size());
  iy.resize(c.x.size());
  for (std::size_t i = 0; i < c.x.size(); ++i) {
    if (derivative) {
      ix[i] = std::isnan(c.y[i]) ? NAN : fn.f(c.x[i], p);
      iy[i] = std::isnan(c.y[i]) ? NAN : 1 / fn.df(c.x[i], p);
    } else {
      ix[i] = c.y[i];
      iy[i] = c.x[i];
    }
  }
  const Activation* named = NamedInverse(fn, p);
  t.inverse_label = named ? "f⁻¹ = " + std::string(named->label) : std::string("f⁻¹ (reflection)");
  const ImU32 colour = PinColour(1, sh.theme);  // green: red is the marked point
  if (d.series.size() == 1 && d.series[0].label.empty()) d.series[0].label = d.labels[0];
  plot::Series inv;
  inv.label = derivative ? std::string_view("(f⁻¹)′ = 1/f′") : std::string_view(t.inverse_label);
  inv.x = ix;
  inv.y = iy;
  inv.color = colour;
  inv.thickness = 2.0f;
  d.series.push_back(inv);
  if (derivative) return;
  const double lo = std::min(s.plots.x.lo, s.plots.y_f.lo) - 1,
               hi = std::max(s.plots.x.hi, s.plots.y_f.hi) + 1;
  t.diagonal[0] = {lo, hi};
  t.diagonal[1] = {lo, hi};
  plot::Series diag;
  diag.label = "y = x";
  diag.x = t.diagonal[0];
  diag.y = t.diagonal[1];
  diag.color = IM_COL32(150, 150, 150, 255);
  diag.thickness = 1.0f;
  diag.dashed = true;
  d.series.push_back(diag);
}

void Build(const AppState& s, App::Shared& sh, ExplorerTab& t, bool derivative) {
  CurveItem items[32];
  const int n = Items(s, sh, sh.theme, items, 32);
  CurveView v;
  v.x = s.plots.x;
  v.y = derivative ? s.plots.y_df : s.plots.y_f;
  v.size = derivative ? t.df_size : t.f_size;
  v.derivative = derivative;
  v.log = derivative && s.plots.log_df;
  v.shade = s.plots.shade_saturation && sh.family.empty();  // whose saturation, in a family?
  v.theme = sh.theme;
  PlotData& d = derivative ? t.df : t.f;
  SampleFunctionPlot({items, static_cast<std::size_t>(n)}, v, d);
  // A family's legend names every member by its swept value (the default one too), and
  // softplus's members their distance to ReLU, ln 2/β.
  const Activation& fn = Selected(s);
  const std::size_t k = static_cast<std::size_t>(std::max(0, s.family.param));
  for (std::size_t i = 0; i < sh.family.size() && i < d.labels.size() && k < fn.params.size();
       ++i) {
    char buf[96];
    const double value = sh.family[i].v[k];
    if (fn.name == "softplus" && fn.params[k].name == "beta")
      std::snprintf(buf, sizeof buf, "%s = %.4g   gap to ReLU %.4g",
                    std::string(fn.params[k].symbol).c_str(), value, SoftplusReluGap(value));
    else
      std::snprintf(buf, sizeof buf, "%s (%s = %.4g)", std::string(fn.label).c_str(),
                    std::string(fn.params[k].symbol).c_str(), value);
    d.labels[i] = buf;
    d.series[i].label = d.labels[i];
  }
  if (s.plots.inverse && sh.family.empty()) Inverse(s, sh, t, derivative, d);
  // A marked point (the Softmax tab's x − y on the sigmoid): on both plots, at f and f′.
  if (s.plots.mark) {
    const double x = s.plots.mark_x;
    const double y =
        derivative ? Selected(s).df(x, SelectedParams(s)) : Selected(s).f(x, SelectedParams(s));
    d.markers.push_back({x, y, true, kMarkColour});
  }
  if (sh.family.empty()) Pieces(s, sh, t, derivative, d);
}

}  // namespace

void BuildFunctionPlots(const AppState& state, App::Shared& shared, ExplorerTab& t) {
  UpdateFamily(state, shared);
  Build(state, shared, t, false);
  Build(state, shared, t, true);
}

void BuildDerivativeCheck(const AppState& s, App::Shared& sh, ExplorerTab& t) {
  const Activation& fn = Selected(s);
  const Params& p = SelectedParams(s);
  const double h = std::pow(10.0, s.deriv.log10_h);
  const Curve& c = t.df.curves[0];  // the analytic f′ samples (linear values)
  for (int k = 0; k < 2; ++k) {
    t.df.numeric[k].resize(c.x.size());
    t.err.error[k].resize(c.x.size());
  }
  for (std::size_t i = 0; i < c.x.size(); ++i) {
    const double x = c.x[i];
    const double fwd = DifferenceQuotient(fn, p, x, h, Difference::kForward);
    const double cen = DifferenceQuotient(fn, p, x, h, Difference::kCentral);
    const double exact = fn.df(x, p);
    const bool hide = std::isnan(c.y[i]);  // keep the analytic curve's breaks
    t.df.numeric[0][i] = hide ? NAN : fwd;
    t.df.numeric[1][i] = hide ? NAN : cen;
    t.err.error[0][i] = hide ? NAN : std::fabs(fwd - exact);
    t.err.error[1][i] = hide ? NAN : std::fabs(cen - exact);
  }
  static constexpr const char* kNames[2] = {"forward difference", "central difference"};
  const bool on[2] = {s.deriv.forward, s.deriv.central};
  auto overlay = [&](int k, std::span<const double> y, bool dashed) {
    plot::Series ser;
    ser.label = kNames[k];
    ser.x = c.x;
    ser.y = y;
    ser.color = NumericColour(k, sh.theme);
    ser.thickness = 1.6f;
    ser.dashed = dashed;
    return ser;
  };
  t.err.series.clear();
  for (int k = 0; k < 2; ++k) {
    if (!on[k]) continue;
    if (!s.plots.log_df) t.df.series.push_back(overlay(k, t.df.numeric[k], true));
    t.err.series.push_back(overlay(k, t.err.error[k], false));
  }
  // The analytic curve gets a legend entry too once overlays are present.
  if (!t.df.series.empty() && t.df.series.size() > t.df.curves.size() &&
      t.df.series[0].label.empty())
    t.df.series[0].label = t.df.labels[0];
}

plot::PlotSpec FunctionPlotSpec(const AppState& s, const ExplorerTab& t, bool derivative) {
  const PlotData& d = derivative ? t.df : t.f;
  plot::PlotSpec spec;
  spec.title = derivative ? (s.plots.log_df ? "|f′(x)|  (log scale)" : "f′(x)") : "f(x)";
  spec.x_label = "x";
  spec.y_scale = derivative && s.plots.log_df ? plot::Scale::kLog10 : plot::Scale::kLinear;
  spec.series = d.series;
  spec.markers = d.markers;
  spec.bands = d.bands;
  spec.cursor_x = t.hover_x;
  return spec;
}

plot::PlotSpec ErrorPlotSpec(const AppState&, const ExplorerTab& t) {
  plot::PlotSpec spec;
  spec.title = "|numerical − analytic f′|";
  spec.x_label = "x";
  spec.y_scale = plot::Scale::kLog10;
  spec.series = t.err.series;
  spec.cursor_x = t.hover_x;
  return spec;
}

}  // namespace actviz::gui
