// The depth views' model (see depth_plots.hpp): series and heatmaps from a depth run.
#include "figure/depth_plots.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "actviz/image/image.hpp"

namespace actviz::figure {
namespace {

std::vector<ImU32> Ramp(Colormap cmap) {
  std::vector<ImU32> out(256);
  for (int i = 0; i < 256; ++i) {
    const auto c = ColormapColor(cmap, i / 255.0);
    out[static_cast<std::size_t>(i)] = IM_COL32(c[0], c[1], c[2], 255);
  }
  return out;
}

// Columns are layers, rows bins; each column scaled to its own peak through a square root
// (√(count / peak)), so a point mass (ReLU's h = 0) leaves the rest visible.
void Density(const std::vector<DepthLayer>& layers, bool post, int bins, std::vector<float>& out) {
  const std::size_t L = layers.size(), B = static_cast<std::size_t>(bins);
  out.assign(L * B, NAN);
  for (std::size_t l = 0; l < L; ++l) {
    const std::vector<std::uint32_t>& h = post ? layers[l].post_hist : layers[l].pre_hist;
    if (h.size() != B) continue;
    const double top = *std::max_element(h.begin(), h.end());
    if (top <= 0) continue;
    for (std::size_t b = 0; b < B; ++b)
      out[b * L + l] = h[b] > 0 ? static_cast<float>(std::sqrt(h[b] / top)) : NAN;  // empty: none
  }
}

plot::Range Span(const std::vector<double>& v, bool log) {
  double lo = INFINITY, hi = -INFINITY;
  for (double x : v)
    if (std::isfinite(x) && (!log || x > 0)) lo = std::min(lo, x), hi = std::max(hi, x);
  if (!(hi >= lo)) return {0, 1};
  if (log) return {std::floor(std::log10(lo)), std::ceil(std::log10(hi))};  // in decades
  const double pad = hi > lo ? 0.05 * (hi - lo) : std::max(1e-3, 0.1 * std::fabs(hi));
  return {std::min(0.0, lo - pad), hi + pad};
}

}  // namespace

void BuildDepthPlots(const Activation& fn, const Params&, const DepthSpec& spec,
                     const DepthResult& r, DepthPlots& m) {
  const std::size_t L = r.layers.size();
  m.layers = static_cast<int>(L);
  m.layer.resize(L);
  m.var.resize(L), m.var_theory.resize(L), m.grad.resize(L), m.grad_theory.resize(L);
  m.zero.resize(L), m.saturated.resize(L), m.h_mean.resize(L);
  for (std::size_t l = 0; l < L; ++l) {
    const DepthLayer& d = r.layers[l];
    m.layer[l] = static_cast<double>(l + 1);
    m.var[l] = d.pre.std * d.pre.std;
    m.var_theory[l] = l < r.theory.size() ? r.theory[l].q : NAN;
    m.grad[l] = d.grad.std;
    m.zero[l] = d.post.zero_fraction;
    m.saturated[l] = d.post.saturated_fraction;
    m.h_mean[l] = d.post.mean;
  }
  // Theory of the gradient: E[δₗ²] = E[δ_L²]·Π_{k=l}^{L−1} χₖ, anchored at the top layer.
  double energy = L ? m.grad[L - 1] * m.grad[L - 1] : 0;
  for (std::size_t l = L; l-- > 0;) {
    if (l + 1 < L) energy *= l < r.theory.size() ? r.theory[l].chi : NAN;
    m.grad_theory[l] = std::sqrt(energy);
  }
  m.bins = spec.bins;
  m.pre_lo = r.pre_lo, m.pre_hi = r.pre_hi, m.post_lo = r.post_lo, m.post_hi = r.post_hi;
  Density(r.layers, false, spec.bins, m.pre_density);
  Density(r.layers, true, spec.bins, m.post_density);
  m.density_colours = Ramp(Colormap::kViridis);
  auto heat = [&](const std::vector<float>& v, double lo, double hi) {
    plot::Heatmap h;
    h.cols = static_cast<int>(L);
    h.rows = spec.bins;
    h.values = v;
    h.x0 = 0.5, h.x1 = static_cast<double>(L) + 0.5, h.y0 = lo, h.y1 = hi;
    h.lo = 0, h.hi = 1;
    h.colors = m.density_colours;
    return h;
  };
  m.pre_map = heat(m.pre_density, m.pre_lo, m.pre_hi);
  m.post_map = heat(m.post_density, m.post_lo, m.post_hi);
  const ImU32 measured = IM_COL32(86, 156, 245, 255), theory = IM_COL32(245, 166, 60, 255);
  m.series[0] = {"measured Var(z)", m.layer, m.var, measured, 2.0f, false};
  m.series[1] = {"theory q", m.layer, m.var_theory, theory, 2.0f, true};
  m.series[2] = {"measured std(δ)", m.layer, m.grad, measured, 2.0f, false};
  m.series[3] = {"theory (χ)", m.layer, m.grad_theory, theory, 2.0f, true};
  m.series[4] = {"exactly 0 (dead)", m.layer, m.zero, IM_COL32(232, 92, 84, 255), 2.0f, false};
  m.series[5] = {"saturated |f′| < 0.01",      m.layer, m.saturated,
                 IM_COL32(176, 132, 230, 255), 2.0f,    false};
  m.series[6] = {"mean of h", m.layer, m.h_mean, IM_COL32(96, 201, 138, 255), 2.0f, false};
  m.x = {0.5, static_cast<double>(std::max<std::size_t>(L, 1)) + 0.5};
  std::vector<double> both = m.var;
  both.insert(both.end(), m.var_theory.begin(), m.var_theory.end());
  m.y_var = Span(both, false);
  both = m.grad;
  both.insert(both.end(), m.grad_theory.begin(), m.grad_theory.end());
  m.y_grad = Span(both, true);
  m.y_frac = {-0.02, 1.02};
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s through %d layers of width %d: σ_w² = %.4g, σ_b² = %.4g",
                std::string(fn.label).c_str(), spec.layers, spec.width, r.sigma_w2, r.sigma_b2);
  m.title = buf;
  m.overflow.clear();
  if (r.signal_overflow || r.gradient_overflow) {
    m.overflow = "float32 overflowed (±∞ or NaN): ";
    if (r.signal_overflow) m.overflow += "the signal at layer " + std::to_string(r.signal_overflow);
    if (r.signal_overflow && r.gradient_overflow) m.overflow += ", ";
    if (r.gradient_overflow)
      m.overflow += "the gradient at layer " + std::to_string(r.gradient_overflow);
    m.overflow += "; statistics over the finite entries";
  }
}

plot::PlotSpec DepthDensitySpec(const DepthPlots& m, bool post) {
  plot::PlotSpec s;
  s.title = post ? "density of h = f(z), per layer" : "density of z, per layer";
  s.x_label = "layer";
  s.y_label = post ? "h" : "z";
  s.heatmaps = std::span<const plot::Heatmap>(post ? &m.post_map : &m.pre_map, 1);
  return s;
}

plot::PlotSpec DepthVarianceSpec(const DepthPlots& m) {
  plot::PlotSpec s;
  s.title = "Var(z) and the mean-field q";
  s.x_label = "layer";
  s.series = std::span<const plot::Series>(m.series, 2);
  return s;
}

plot::PlotSpec DepthGradientSpec(const DepthPlots& m) {
  plot::PlotSpec s;
  s.title = "gradient std(δ): vanishing or exploding";
  s.x_label = "layer";
  s.y_scale = plot::Scale::kLog10;
  s.series = std::span<const plot::Series>(m.series + 2, 2);
  return s;
}

plot::PlotSpec DepthFractionsSpec(const DepthPlots& m) {
  plot::PlotSpec s;
  s.title = "dead and saturated units";
  s.x_label = "layer";
  s.series = std::span<const plot::Series>(m.series + 4, 3);
  return s;
}

void BuildPhasePlot(const Activation& fn, const Params& p, double sigma_w2, double sigma_b2,
                    int cols, int rows, PhasePlot& m) {
  constexpr double w_lo = 0, w_hi = 4, b_lo = 0, b_hi = 0.5;
  const MomentTable table(fn, p);  // one table for the grid and the edge (costly for GELU)
  m.grid = PhaseDiagram(table, w_lo, w_hi, b_lo, b_hi, cols, rows);
  m.log_chi.resize(m.grid.chi.size());
  for (std::size_t i = 0; i < m.grid.chi.size(); ++i) {
    const double c = m.grid.chi[i];
    m.log_chi[i] = c > 0 && std::isfinite(c) ? static_cast<float>(std::log10(c)) : NAN;
  }
  m.colours = Ramp(Colormap::kCoolwarm);
  // Cells are centred on the grid's samples.
  const double dw = cols > 1 ? (w_hi - w_lo) / (cols - 1) : 1,
               db = rows > 1 ? (b_hi - b_lo) / (rows - 1) : 1;
  m.map = {};
  m.map.cols = cols, m.map.rows = rows;
  m.map.values = m.log_chi;
  m.map.x0 = w_lo - dw / 2, m.map.x1 = w_hi + dw / 2, m.map.y0 = b_lo - db / 2,
  m.map.y1 = b_hi + db / 2;
  m.map.lo = -0.5, m.map.hi = 0.5;  // χ₁ from 0.32 to 3.2, white at 1
  m.map.colors = m.colours;
  m.edge_w.clear(), m.edge_b.clear();
  for (const EdgePoint& e : EdgeOfChaos(table, w_lo + 1e-6, w_hi, b_lo, b_hi, 41)) {
    m.edge_w.push_back(e.sigma_w2);
    m.edge_b.push_back(e.sigma_b2);
  }
  m.here_w = {sigma_w2};
  m.here_b = {sigma_b2};
  m.series[0] = {"χ₁ = 1 (edge of chaos)",  m.edge_w, m.edge_b,
                 IM_COL32(20, 20, 20, 255), 2.5f,     false};
  m.series[1] = {};
  m.marker = {sigma_w2, sigma_b2, true, kPhaseMarker};
  m.x = {m.map.x0, m.map.x1};
  m.y = {m.map.y0, m.map.y1};
}

plot::PlotSpec PhaseSpec(const PhasePlot& m) {
  plot::PlotSpec s;
  s.title = "χ₁ at the fixed point: ordered (blue) | chaotic (red)";
  s.x_label = "σ_w²";
  s.y_label = "σ_b²";
  s.heatmaps = std::span<const plot::Heatmap>(&m.map, 1);
  s.series = std::span<const plot::Series>(m.series, 1);
  s.markers = std::span<const plot::Marker>(&m.marker, 1);
  return s;
}

}  // namespace actviz::figure
