// The Softmax views' model (see softmax_plots.hpp): bars, markers and the Jacobian heatmap.
#include "figure/softmax_plots.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "actviz/activations/family.hpp"
#include "actviz/image/image.hpp"

namespace actviz::figure {
namespace {

// A bar from y0 to y1 over [x0, x1]: a heatmap of one cell in one colour.
plot::Heatmap Bar(double x0, double x1, double y0, double y1, const std::vector<float>& cell,
                  const std::vector<ImU32>& colour) {
  plot::Heatmap h;
  h.cols = h.rows = 1;
  h.values = std::span<const float>(cell.data(), 1);
  h.x0 = x0, h.x1 = x1, h.y0 = y0, h.y1 = y1;
  h.lo = 0, h.hi = 1;
  h.colors = colour;
  return h;
}

// A failed entry: a red column over the whole view, so it cannot be missed at any zoom.
constexpr double kFullHeight = 1e30;

}  // namespace

std::optional<std::string> BuildSoftmaxPlots(const SoftmaxInput& in, SoftmaxPlots& m) {
  SoftmaxResult r;
  if (auto err = Softmax(in.z, in.temperature, r, in.softmin ? -1 : 1)) return err;
  const std::size_t K = in.z.size();
  m.in = in;
  m.r = std::move(r);
  // The naive formula of the same function: softmin is the softmax of −z.
  std::vector<double> signed_z(in.z);
  if (in.softmin)
    for (double& v : signed_z)
      v = -v;
  m.naive_p = NaiveSoftmaxF32(signed_z, in.temperature);
  m.naive_log_p.resize(K);
  m.abs_diff.resize(K);
  m.outcome.resize(K);
  m.max_abs_diff = 0;
  m.failed = 0;
  // The smallest positive float32 (a denormal): a true p below it must round to 0.
  const double log_float_min = std::log(static_cast<double>(FLT_TRUE_MIN));
  for (std::size_t i = 0; i < K; ++i) {
    const double q = m.naive_p[i], p = m.r.p[i];
    m.naive_log_p[i] = std::log(q);
    m.abs_diff[i] = std::fabs(q - p);
    NaiveOutcome o;
    if (std::isnan(q))
      o = NaiveOutcome::kNaN;
    else if (q == 0)
      o = m.r.log_p[i] > log_float_min ? NaiveOutcome::kZero : NaiveOutcome::kLostTail;
    else
      o = m.abs_diff[i] <= 1e-3 * p ? NaiveOutcome::kClose : NaiveOutcome::kOff;
    m.outcome[i] = o;
    if (o == NaiveOutcome::kNaN || o == NaiveOutcome::kZero) ++m.failed;
    if (std::isfinite(m.abs_diff[i])) m.max_abs_diff = std::max(m.max_abs_diff, m.abs_diff[i]);
  }

  m.zero.assign(1, 0.0f);
  m.stable_colour = {kStableBar};
  m.naive_colour = {kNaiveBar};
  m.fail_colour = {kNaiveFailed};
  m.p_bars.clear();
  m.log_bars.clear();
  m.top_x.resize(K), m.top_p.resize(K), m.top_log.resize(K);
  m.p_markers.clear();
  m.log_markers.clear();
  // Side by side when the naive one is shown: stable left, naive right of each index.
  const double half = 0.38;
  double log_lo = 0;
  for (std::size_t i = 0; i < K; ++i) {
    const double c = static_cast<double>(i + 1);
    const double s0 = c - half, s1 = in.naive ? c : c + half;
    m.p_bars.push_back(Bar(s0, s1, 0, m.r.p[i], m.zero, m.stable_colour));
    if (std::isfinite(m.r.log_p[i])) {
      m.log_bars.push_back(Bar(s0, s1, m.r.log_p[i], 0, m.zero, m.stable_colour));
      log_lo = std::min(log_lo, m.r.log_p[i]);
    }
    m.top_x[i] = (s0 + s1) / 2, m.top_p[i] = m.r.p[i], m.top_log[i] = m.r.log_p[i];
    if (!in.naive) continue;
    const double n0 = c, n1 = c + half;
    const NaiveOutcome o = m.outcome[i];
    if (o == NaiveOutcome::kNaN || o == NaiveOutcome::kZero) {
      m.p_bars.push_back(Bar(n0, n1, -kFullHeight, kFullHeight, m.zero, m.fail_colour));
      m.log_bars.push_back(Bar(n0, n1, -kFullHeight, kFullHeight, m.zero, m.fail_colour));
      continue;
    }
    m.p_bars.push_back(Bar(n0, n1, 0, m.naive_p[i], m.zero, m.naive_colour));
    if (std::isfinite(m.naive_log_p[i]))
      m.log_bars.push_back(Bar(n0, n1, m.naive_log_p[i], 0, m.zero, m.naive_colour));
  }
  for (std::size_t i = 0; i < K; ++i) {
    m.p_markers.push_back({m.top_x[i], m.top_p[i], true, kStableBar});
    if (std::isfinite(m.top_log[i]))
      m.log_markers.push_back({m.top_x[i], m.top_log[i], true, kStableBar});
  }

  // The Jacobian: row i is pᵢ, column j is zⱼ; symmetric, so the orientation only labels it.
  m.jac_values.resize(K * K);
  m.jac_max = 0;
  for (std::size_t k = 0; k < K * K; ++k) {
    m.jac_values[k] = static_cast<float>(m.r.jacobian[k]);
    m.jac_max = std::max(m.jac_max, std::fabs(m.r.jacobian[k]));
  }
  m.jac_colours.resize(256);
  for (int i = 0; i < 256; ++i) {
    const auto col = ColormapColor(Colormap::kCoolwarm, i / 255.0);
    m.jac_colours[static_cast<std::size_t>(i)] = IM_COL32(col[0], col[1], col[2], 255);
  }
  const double end = m.jac_max > 0 ? m.jac_max : 1;
  m.jac = {};
  m.jac.cols = m.jac.rows = static_cast<int>(K);
  m.jac.values = m.jac_values;
  m.jac.x0 = m.jac.y0 = 0.5;
  m.jac.x1 = m.jac.y1 = static_cast<double>(K) + 0.5;
  m.jac.lo = -end, m.jac.hi = end;  // white at 0, red positive (the diagonal), blue negative
  m.jac.colors = m.jac_colours;

  m.none.clear();
  m.legend[0] = {"stable", m.none, m.none, kStableBar, 6.0f, false};
  m.legend[1] = {"naive float32", m.none, m.none, kNaiveBar, 6.0f, false};
  m.legend[2] = {"naive failed", m.none, m.none, kNaiveFailed, 6.0f, false};
  m.x = {0.4, static_cast<double>(K) + 0.6};
  m.y_p = {-0.03, 1.08};
  m.y_log = {log_lo < 0 ? log_lo * 1.08 : -1, log_lo < 0 ? -0.04 * log_lo : 0.05};
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s of %zu logits at T = %.4g", in.softmin ? "softmin" : "softmax",
                K, in.temperature);
  m.title = buf;
  return std::nullopt;
}

void BuildTropicalPlot(double t, int cells, TropicalPlot& m) {
  m.t = t;
  m.cells = cells;
  m.bound = TropicalExcess(0, 0, t);  // log_t 2
  m.excess.resize(static_cast<std::size_t>(cells) * static_cast<std::size_t>(cells));
  const double r = m.reach, step = 2 * r / cells;
  for (int j = 0; j < cells; ++j)
    for (int i = 0; i < cells; ++i)  // cell centres
      m.excess[static_cast<std::size_t>(j) * static_cast<std::size_t>(cells) +
               static_cast<std::size_t>(i)] =
          static_cast<float>(TropicalExcess(-r + (i + 0.5) * step, -r + (j + 0.5) * step, t));
  m.colours.resize(256);
  for (int i = 0; i < 256; ++i) {
    const auto c = ColormapColor(Colormap::kViridis, i / 255.0);
    m.colours[static_cast<std::size_t>(i)] = IM_COL32(c[0], c[1], c[2], 255);
  }
  m.map = {};
  m.map.cols = m.map.rows = cells;
  m.map.values = m.excess;
  m.map.x0 = m.map.y0 = -r;
  m.map.x1 = m.map.y1 = r;
  m.map.lo = 0, m.map.hi = m.bound;  // the colour scale's top is the bound itself
  m.map.colors = m.colours;
  m.diag_x = {-r, r};
  m.diag_y = {-r, r};
  m.diagonal = {"x = y: log_t 2", m.diag_x, m.diag_y, IM_COL32(255, 255, 255, 200), 1.5f, true};
  m.x = m.y = {-r, r};
  char buf[128];
  std::snprintf(buf, sizeof buf, "log_t(t^x + t^y) − max(x, y), t = %.4g", t);
  m.title = buf;
  std::snprintf(buf, sizeof buf, "x = y: log_t 2 = %.3g", m.bound);
  m.diagonal_label = buf;
  m.diagonal.label = m.diagonal_label;
}

plot::PlotSpec TropicalSpec(const TropicalPlot& m) {
  plot::PlotSpec s;
  s.title = m.title;
  s.x_label = "x";
  s.y_label = "y";
  s.heatmaps = std::span<const plot::Heatmap>(&m.map, 1);
  s.series = std::span<const plot::Series>(&m.diagonal, 1);
  s.mouse_readout = false;
  return s;
}

plot::PlotSpec SoftmaxProbabilitySpec(const SoftmaxPlots& m) {
  plot::PlotSpec s;
  s.title = m.in.softmin ? "p = softmin(z/T)" : "p = softmax(z/T)";
  s.x_label = "i";
  s.y_label = "p_i";
  s.heatmaps = m.p_bars;
  s.markers = m.p_markers;
  s.series = std::span<const plot::Series>(m.legend, m.in.naive ? 3 : 0);
  s.mouse_readout = false;
  return s;
}

plot::PlotSpec SoftmaxLogSpec(const SoftmaxPlots& m) {
  plot::PlotSpec s;
  s.title = m.in.softmin ? "log-softmin: log p_i" : "log-softmax: log p_i";
  s.x_label = "i";
  s.y_label = "log p_i";
  s.heatmaps = m.log_bars;
  s.markers = m.log_markers;
  s.mouse_readout = false;
  return s;
}

plot::PlotSpec SoftmaxJacobianSpec(const SoftmaxPlots& m) {
  plot::PlotSpec s;
  s.title = m.in.softmin ? "Jacobian ∂p_i/∂z_j = −(diag(p) − p·p^T)/T"
                         : "Jacobian ∂p_i/∂z_j = (diag(p) − p·p^T)/T";
  s.x_label = "j";
  s.y_label = "i";
  s.heatmaps = std::span<const plot::Heatmap>(&m.jac, 1);
  s.mouse_readout = false;
  return s;
}

}  // namespace actviz::figure
