// The Networks views' model (see network_plots.hpp) and its headless picture.
// Sections: colours · the model · specs · the picture.
#include "figure/network_plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "actviz/base/file_io.hpp"
#include "figure/curves.hpp"
#include "figure/theme.hpp"
#include "gl/canvas.hpp"

namespace actviz::figure {

// ---- colours

std::array<std::uint8_t, 3> SurfaceColour(double p) {
  // Pale ends so the data points' saturated colours stand out on them; white at ½.
  const double t = std::clamp(std::isnan(p) ? 0.5 : p, 0.0, 1.0);
  constexpr double c0[3] = {120, 165, 235}, mid[3] = {248, 248, 248}, c1[3] = {245, 170, 100};
  std::array<std::uint8_t, 3> out{};
  for (int k = 0; k < 3; ++k) {
    const double v = t < 0.5 ? c0[k] + (mid[k] - c0[k]) * (t / 0.5)
                             : mid[k] + (c1[k] - mid[k]) * ((t - 0.5) / 0.5);
    out[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(std::lround(v));
  }
  return out;
}

namespace {

constexpr ImU32 kLossColour = IM_COL32(86, 156, 245, 255);
constexpr ImU32 kAccuracyColour = IM_COL32(96, 201, 138, 255);
constexpr ImU32 kFitColour = IM_COL32(215, 60, 40, 255);
constexpr ImU32 kTruthColour = IM_COL32(225, 165, 30, 255);  // reads on dark and light
constexpr ImU32 kSplitColour = IM_COL32(50, 50, 50, 230);    // on the pale surface
constexpr ImU32 kDataColour = IM_COL32(140, 150, 165, 150);
constexpr ImU32 kDead = IM_COL32(232, 72, 64, 255);
constexpr ImU32 kSaturated = IM_COL32(160, 110, 225, 255);
constexpr ImU32 kAlive = IM_COL32(60, 170, 100, 255);

std::string Widths(const std::vector<int>& h) {
  std::string s;
  for (int w : h)
    s += (s.empty() ? "" : ",") + std::to_string(w);
  return s;
}

std::string Describe(const Trainer& t) {
  const TrainSpec& s = t.spec;
  std::string task;
  for (const NameRow<Task>& e : TaskNames())
    if (e.value == s.task) task = std::string(e.label);
  char buf[256];
  if (s.model == Model::kPerceptron) {
    std::snprintf(buf, sizeof buf, "%s · perceptron (step, θ = %.3g), perceptron rule, lr %.3g",
                  task.c_str(), t.net.theta, s.lr);
    return buf;
  }
  // A learned parameter is named with its starting value, α₀ (the learned ones are listed
  // on a line of their own).
  auto name = [&](const Activation& a, const Params& p) {
    if (s.freeze_params || !a.dparam) return DisplayName(a, p);
    std::string extra;
    for (std::size_t i = 0; i < a.params.size(); ++i) {
      const ParamSpec& ps = a.params[i];
      if (!ps.learnable && p.v[i] == ps.def) continue;
      char b[80];
      std::snprintf(b, sizeof b, "%s%s%s = %.4g", extra.empty() ? "" : ", ",
                    std::string(ps.symbol).c_str(), ps.learnable ? "₀" : "", p.v[i]);
      extra += b;
    }
    return std::string(a.label) + (extra.empty() ? "" : " (" + extra + ")");
  };
  std::string fn = s.fn ? name(*s.fn, s.params) : "?";
  if (!s.per_layer.empty()) {
    fn.clear();
    for (const LayerFunction& l : s.per_layer)
      fn += (fn.empty() ? "" : ", ") + name(*l.fn, l.params);
  }
  std::snprintf(buf, sizeof buf, "%s · dense %s of %s → %s · %s · %s lr %.3g · batch %d",
                task.c_str(), Widths(s.hidden).c_str(), fn.c_str(),
                s.output == OutputUnit::kSigmoid ? "sigmoid" : "linear",
                s.loss == Loss::kBce ? "cross-entropy" : "MSE",
                s.optimizer == Optimizer::kAdam ? "Adam" : "SGD", s.lr, s.batch);
  return buf;
}

}  // namespace

// ---- the model

namespace {

// The decision surface over [0, 1]² (a heatmap of the output), the points and the split.
void BuildSurface(const Trainer& t, NetworkPlots& m) {
  const Network& net = t.net;
  const Dataset& d = t.data;
  constexpr int n = kSurfaceSize;
  std::vector<double> xs(static_cast<std::size_t>(n) * n * 2), out(static_cast<std::size_t>(n) * n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const std::size_t k = static_cast<std::size_t>(j) * n + static_cast<std::size_t>(i);
      xs[2 * k] = i / (n - 1.0);
      xs[2 * k + 1] = j / (n - 1.0);
    }
  PredictMany(net, xs, out);
  m.surface.resize(out.size());
  for (std::size_t k = 0; k < out.size(); ++k)
    m.surface[k] = static_cast<float>(out[k]);
  m.ramp.resize(256);
  for (int i = 0; i < 256; ++i) {
    const auto c = SurfaceColour(i / 255.0);
    m.ramp[static_cast<std::size_t>(i)] = IM_COL32(c[0], c[1], c[2], 255);
  }
  const double half = 0.5 / (n - 1);  // cells centred on the grid's points
  m.map.cols = m.map.rows = n;
  m.map.values = m.surface;
  m.map.x0 = m.map.y0 = -half;
  m.map.x1 = m.map.y1 = 1 + half;
  m.map.lo = 0, m.map.hi = 1;
  m.map.colors = m.ramp;
  for (std::size_t i = 0; i < d.size(); ++i)
    m.points.push_back({d.x[2 * i], d.x[2 * i + 1], true, d.y[i] > 0.5 ? kClass1 : kClass0});
  m.main_x = m.main_y = {-0.06, 1.06};
  m.series[0] = m.series[1] = m.series[2] = {};
  m.curve_x.clear(), m.curve_y.clear();
  if (!std::isnan(SplitCurve(t.spec.task, 0.5)))
    for (int i = 0; i <= 200; ++i) {
      const double x = i / 200.0, y = SplitCurve(t.spec.task, x);
      m.curve_x.push_back(x);
      m.curve_y.push_back(y >= 0 && y <= 1 ? y : NAN);
    }
  m.series[5] = {"the split", m.curve_x, m.curve_y, kSplitColour, 1.5f, true};
  m.main_title = "decision surface: the output over [0, 1]² (white: ½)";
}

// The fit of x² with its data, the truth and the network's kinks.
void BuildFit(const Trainer& t, NetworkPlots& m) {
  const Network& net = t.net;
  const Dataset& d = t.data;
  m.data_x.assign(d.x.begin(), d.x.end());
  m.data_y.assign(d.y.begin(), d.y.end());
  const double lo = d.x.front(), hi = d.x.back();
  constexpr int n = 801;
  m.fit_x.resize(n);
  for (int i = 0; i < n; ++i)
    m.fit_x[static_cast<std::size_t>(i)] = lo + (hi - lo) * i / (n - 1);
  m.fit_y.resize(n);
  PredictMany(net, m.fit_x, m.fit_y);
  m.truth_y.resize(n);
  for (std::size_t i = 0; i < m.fit_x.size(); ++i)
    m.truth_y[i] = m.fit_x[i] * m.fit_x[i];
  m.kinks = Kinks(net, lo, hi);
  for (const Kink& k : m.kinks) {
    double y = 0;
    PredictMany(net, std::span<const double>(&k.x, 1), std::span<double>(&y, 1));
    m.kink_marks.push_back({k.x, y, k.layer == 0, kFitColour});
  }
  m.series[0] = {"data (x² + noise)", m.data_x, m.data_y, kDataColour, 1.0f, false};
  m.series[1] = {"x²", m.fit_x, m.truth_y, kTruthColour, 1.5f, true};
  m.series[2] = {"network", m.fit_x, m.fit_y, kFitColour, 2.5f, false};
  m.main_x = {lo - 0.3, hi + 0.3};
  m.main_y = plot::FitRange(m.data_y, plot::Scale::kLinear);
  char buf[160];
  std::snprintf(buf, sizeof buf, "the fit; dots: its %zu kinks (hollow: deeper layers)",
                m.kinks.size());
  m.main_title = buf;
}

// Loss and accuracy per epoch.
void BuildCurves(const Trainer& t, NetworkPlots& m) {
  const std::size_t E = t.loss.size();
  m.epoch_x.resize(E);
  for (std::size_t e = 0; e < E; ++e)
    m.epoch_x[e] = static_cast<double>(e + 1);
  m.loss = t.loss;
  m.accuracy = t.accuracy;
  m.series[3] = {"loss", m.epoch_x, m.loss, kLossColour, 2.0f, false};
  m.series[4] = {"accuracy", m.epoch_x, m.accuracy, kAccuracyColour, 2.0f, false};
  m.epoch_range = {0.5, static_cast<double>(std::max(t.spec.epochs, 1)) + 0.5};
  m.loss_y = E ? plot::FitRange(m.loss, plot::Scale::kLog10) : plot::Range{-3, 0};
  m.acc_y = {-0.03, 1.05};
}

// The hidden units' state: the share of the data each is active on, dead and saturated ones.
void BuildUnits(const Trainer& t, NetworkPlots& m) {
  m.units = HiddenUnits(t.net, t.data);
  m.unit_x.resize(m.units.size());
  m.unit_active.resize(m.units.size());
  m.unit_marks.clear();
  m.dead = m.saturated = 0;
  for (std::size_t u = 0; u < m.units.size(); ++u) {
    const UnitState& s = m.units[u];
    m.unit_x[u] = static_cast<double>(u + 1);
    m.unit_active[u] = s.active;
    m.dead += s.dead;
    m.saturated += s.saturated;
    m.unit_marks.push_back({m.unit_x[u], s.active, true,
                            s.dead        ? kDead
                            : s.saturated ? kSaturated
                                          : kAlive});
  }
  m.units_x = {0.5, static_cast<double>(std::max<std::size_t>(m.units.size(), 1)) + 0.5};
  m.units_y = {-0.05, 1.05};
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "hidden units: share of the data with |f′| ≥ 0.01 (%d dead, %d saturated)", m.dead,
                m.saturated);
  m.units_title = m.units.empty() ? "hidden units: none (the perceptron)" : buf;
}

// The learned activation parameters, layer by layer: "layer 1: α = 0.213".
void BuildLearned(const Network& net, NetworkPlots& m) {
  char buf[200];
  m.learned.clear();
  m.learned_values.clear();
  for (std::size_t l = 0; l + 1 < net.layers.size(); ++l) {
    const Layer& L = net.layers[l];
    std::vector<double> v;
    std::string row;
    for (int i : L.learned) {
      const double x = L.params.v[static_cast<std::size_t>(i)];
      v.push_back(x);
      std::snprintf(buf, sizeof buf, "%s%s = %.4g", row.empty() ? "" : ", ",
                    std::string(L.fn->params[static_cast<std::size_t>(i)].symbol).c_str(), x);
      row += buf;
    }
    m.learned_values.push_back(std::move(v));
    if (!row.empty())
      m.learned +=
          (m.learned.empty() ? "" : " · ") + ("layer " + std::to_string(l + 1) + ": " + row);
  }
}

// The lessons the run shows: linear layers collapse to one map; a step's zero gradient.
void BuildLessons(const Trainer& t, NetworkPlots& m) {
  const Network& net = t.net;
  const Dataset& d = t.data;
  m.collapsed = CollapseLinear(net);
  m.collapse_error = 0;
  if (m.collapsed) {
    std::vector<double> out(d.size());
    PredictMany(net, d.x, out);
    const std::size_t dim = static_cast<std::size_t>(d.dim);
    for (std::size_t i = 0; i < d.size(); ++i) {
      double v = m.collapsed->b;
      for (std::size_t k = 0; k < dim; ++k)
        v += d.x[i * dim + k] * m.collapsed->w[k];
      m.collapse_error = std::max(m.collapse_error, std::fabs(v - out[i]));
    }
  }
  m.zero_gradient.clear();
  if (net.model == Model::kMlp)
    for (std::size_t l = 0; l + 1 < net.layers.size(); ++l)
      if (ZeroDerivative(*net.layers[l].fn, net.layers[l].params)) {
        m.zero_gradient = std::string(net.layers[l].fn->label) +
                          " has f′ = 0 wherever it is defined: backpropagation sends zero "
                          "gradient through hidden layer " +
                          std::to_string(l + 1) +
                          ", so the weights below it never change. (The perceptron rule is "
                          "how step units learn.)";
        break;
      }
}

// The title: the run, its epoch, loss and accuracy.
void BuildTitle(const Trainer& t, NetworkPlots& m) {
  char buf[160];
  m.title = Describe(t);
  std::snprintf(buf, sizeof buf, " · epoch %d/%d · loss %.4g", t.epoch, t.spec.epochs,
                m.final_loss);
  m.title += buf;
  if (m.classification && !t.accuracy.empty()) {
    std::snprintf(buf, sizeof buf, " · accuracy %.3g", m.final_accuracy);
    m.title += buf;
  }
}

}  // namespace

void BuildNetworkPlots(const Trainer& t, NetworkPlots& m) {
  const Dataset& d = t.data;
  m.two_d = d.dim == 2;
  m.classification = d.classification;
  m.epoch = t.epoch;
  m.epochs = t.spec.epochs;
  m.stopped = t.stopped;
  m.final_loss = t.loss.empty() ? NAN : t.loss.back();
  m.final_accuracy = t.accuracy.empty() ? NAN : t.accuracy.back();
  m.surface.clear();
  m.points.clear();
  m.data_x.clear(), m.data_y.clear(), m.fit_x.clear(), m.fit_y.clear(), m.truth_y.clear();
  m.kinks.clear();
  m.kink_marks.clear();
  m.map = {};
  if (m.two_d)
    BuildSurface(t, m);
  else
    BuildFit(t, m);
  BuildCurves(t, m);
  BuildUnits(t, m);
  BuildLearned(t.net, m);
  BuildLessons(t, m);
  BuildTitle(t, m);
}

// ---- specs

plot::PlotSpec NetworkMainSpec(const NetworkPlots& m) {
  plot::PlotSpec s;
  s.title = m.main_title;
  s.x_label = m.two_d ? "x₁" : "x";
  s.y_label = m.two_d ? "x₂" : "y";
  if (m.two_d) {
    s.heatmaps = std::span<const plot::Heatmap>(&m.map, 1);
    s.markers = m.points;
    if (!m.curve_x.empty()) s.series = std::span<const plot::Series>(m.series + 5, 1);
    s.legend = false;
  } else {
    s.series = std::span<const plot::Series>(m.series, 3);
    s.markers = m.kink_marks;
  }
  return s;
}

plot::PlotSpec NetworkLossSpec(const NetworkPlots& m, std::span<const LossCurve> pins, Theme theme,
                               std::vector<plot::Series>& series) {
  series.clear();
  for (const LossCurve& p : pins)
    series.push_back({p.label, p.epoch, p.loss, PinColour(p.colour, theme), 1.5f, true});
  series.push_back(m.series[3]);
  plot::PlotSpec s;
  s.title = "loss per epoch (log axis)";
  s.x_label = "epoch";
  s.y_scale = plot::Scale::kLog10;
  s.series = series;
  return s;
}

plot::PlotSpec NetworkAccuracySpec(const NetworkPlots& m) {
  plot::PlotSpec s;
  s.title = "accuracy per epoch (prediction > ½ is class 1)";
  s.x_label = "epoch";
  s.series = std::span<const plot::Series>(m.series + 4, 1);
  s.legend = false;
  return s;
}

plot::PlotSpec NetworkUnitsSpec(const NetworkPlots& m) {
  plot::PlotSpec s;
  s.title = m.units_title;
  s.x_label = "unit (layer by layer)";
  s.markers = m.unit_marks;
  s.legend = false;
  return s;
}

// ---- the picture

std::optional<std::string> RenderNetworkFigureRgba(const NetworkPlots& m,
                                                   std::span<const LossCurve> pins, int width,
                                                   int height, RgbaImage& out) {
  const float scale = std::max(1.0f, std::min(width / 1600.0f, height / 900.0f));
  std::string error;
  Fonts fonts;
  std::unique_ptr<gl::Canvas> canvas = gl::Canvas::Create(
      width, height, [&] { fonts = LoadExportFont(scale); }, error);
  if (!canvas) return error;
  const Theme theme = Theme::kLight;  // documents
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  const float gap = 12 * scale;
  std::vector<std::string> notes;
  if (!m.stopped.empty()) notes.push_back(m.stopped);
  if (!m.zero_gradient.empty()) notes.push_back(m.zero_gradient);
  if (m.collapsed) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "linear layers collapse to one map: y = %s + %.6g, equal to the network to "
                  "%.2g over the data",
                  m.two_d ? (std::to_string(m.collapsed->w[0]) + "·x₁ + " +
                             std::to_string(m.collapsed->w[1]) + "·x₂")
                                .c_str()
                          : (std::to_string(m.collapsed->w[0]) + "·x").c_str(),
                  m.collapsed->b, m.collapse_error);
    notes.push_back(buf);
  }
  const float line = 22 * scale;
  const std::size_t lines = 1 + notes.size() + (m.learned.empty() ? 0 : 1);
  const float top = 12 * scale + line * static_cast<float>(lines);
  // The main view square-ish on the left, three plots stacked on the right.
  const float main_w = std::min(h - top, 0.55f * w);
  const ImVec2 main_min(0, top), main_max(main_w, h);
  const float rx = main_w + gap, rh = (h - top - 2 * gap) / 3;
  std::vector<plot::Series> loss_series;
  const plot::PlotSpec main_spec = NetworkMainSpec(m);
  const plot::PlotSpec loss_spec = NetworkLossSpec(m, pins, theme, loss_series);
  const plot::PlotSpec acc_spec = NetworkAccuracySpec(m);
  const plot::PlotSpec units_spec = NetworkUnitsSpec(m);
  plot::Range loss_y = m.loss_y;
  for (const LossCurve& p : pins) {
    const plot::Range r = plot::FitRange(p.loss, plot::Scale::kLog10);
    loss_y = {std::min(loss_y.lo, r.lo), std::max(loss_y.hi, r.hi)};
  }
  const plot::Style style = PlotStyle(theme);
  plot::Style on_clear = style;
  on_clear.canvas = 0;
  ImFont* font = fonts.ui;
  out.width = width;
  out.height = height;
  return canvas->Render(
      style.canvas,
      [&](ImDrawList& dl) {
        const float fs = ImGui::GetFontSize() * scale;
        dl.AddText(font, 1.1f * fs, ImVec2(gap, 8 * scale), on_clear.text, m.title.c_str());
        for (std::size_t i = 0; i < notes.size(); ++i)
          dl.AddText(font, fs, ImVec2(gap, 8 * scale + line * static_cast<float>(i + 1)),
                     IM_COL32(190, 40, 30, 255), notes[i].c_str());
        if (!m.learned.empty())
          dl.AddText(font, fs, ImVec2(gap, 8 * scale + line * static_cast<float>(notes.size() + 1)),
                     on_clear.text, ("learned, per hidden layer: " + m.learned).c_str());
        plot::Render(&dl, main_min, main_max, m.main_x, m.main_y, main_spec, on_clear, scale, font);
        auto cell = [&](int r) {
          return std::pair<ImVec2, ImVec2>(
              ImVec2(rx, top + static_cast<float>(r) * (rh + gap)),
              ImVec2(w, top + static_cast<float>(r) * (rh + gap) + rh));
        };
        auto [a0, a1] = cell(0);
        plot::Render(&dl, a0, a1, m.epoch_range, loss_y, loss_spec, on_clear, scale, font);
        int row = 1;
        if (m.classification) {
          auto [b0, b1] = cell(row++);
          plot::Render(&dl, b0, b1, m.epoch_range, m.acc_y, acc_spec, on_clear, scale, font);
        }
        auto [c0, c1] = cell(row);
        if (!m.classification) c1.y = h;  // the units take the rest
        plot::Render(&dl, c0, c1, m.units_x, m.units_y, units_spec, on_clear, scale, font);
      },
      out.rgba);
}

std::optional<std::string> RenderNetworkFigurePng(const std::string& path, const NetworkPlots& m,
                                                  std::span<const LossCurve> pins, int width,
                                                  int height) {
  RgbaImage img;
  if (auto err = RenderNetworkFigureRgba(m, pins, width, height, img)) return err;
  return WritePng(path, img.width, img.height, 4, img.rgba);
}

}  // namespace actviz::figure
