// The Softmax tab (issue 18): K logits on sliders and a temperature; p = softmax(z/T) as bars
// with log p beside, the Jacobian as a heatmap (values on hover), the textbook float32 formula
// on request (where it turns NaN or 0, and how far it is off), and for two logits the bridge
// softmax(x, y)₁ = σ(x − y) to the Explorer's sigmoid. The numbers are core/softmax.hpp's; the
// views are figure/softmax_plots.hpp's; this file lays out controls and plots.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "actviz/activations/family.hpp"
#include "actviz/base/parse.hpp"
#include "figure/theme.hpp"
#include "gui/export/export.hpp"
#include "gui/tabs/softmax/softmax_tab.hpp"

namespace actviz::gui {
namespace {

constexpr double kTMin = 0.01, kTMax = 100;
constexpr double kReaches[] = {10, 100, 1000};

void Preset(SoftmaxState& st, std::initializer_list<double> z, double reach, bool naive) {
  st.k = static_cast<int>(z.size());
  std::copy(z.begin(), z.end(), st.z.begin());
  st.reach = reach;
  st.temperature = 1;
  st.naive = naive;
}

void Controls(AppState& s) {
  SoftmaxState& st = s.softmax;
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("##k", &st.k, 2, kSoftmaxMaxLogits, "K = %d logits");
  st.k = std::clamp(st.k, 2, kSoftmaxMaxLogits);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderScalar("##T", ImGuiDataType_Double, &st.temperature, &kTMin, &kTMax,
                      "temperature T = %.4g", ImGuiSliderFlags_Logarithmic);
  if (!(st.temperature >= kTMin && st.temperature <= kTMax))
    st.temperature = std::isfinite(st.temperature) ? std::clamp(st.temperature, kTMin, kTMax) : 1;
  ImGui::TextDisabled("|z| ≤");
  for (double r : kReaches) {
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x * 2);
    char label[16];
    std::snprintf(label, sizeof label, "%g", r);
    if (ImGui::RadioButton(label, st.reach == r)) st.reach = r;
  }
  for (int i = 0; i < st.k; ++i) {
    ImGui::PushID(i);
    double& z = st.z[static_cast<std::size_t>(i)];
    const double lo = -st.reach, hi = st.reach;
    char fmt[32];
    std::snprintf(fmt, sizeof fmt, "z%d = %%.6g", i + 1);
    ImGui::SetNextItemWidth(w);
    ImGui::SliderScalar("##z", ImGuiDataType_Double, &z, &lo, &hi, fmt);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ctrl+click to type a value");
    z = std::isfinite(z) ? std::clamp(z, lo, hi) : 0;
    ImGui::PopID();
  }
  ImGui::Spacing();
  ImGui::Checkbox("softmin (softmax of −z)", &st.softmin);
  ImGui::Checkbox("log-softmax beside p", &st.show_log);
  ImGui::Checkbox("naive float32 e^z/Σe^z", &st.naive);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "The textbook formula in float32, without subtracting the maximum:\n"
        "e^z overflows above z = 88.72 (∞/∞ = NaN) and underflows below −103.3 (0/0 = NaN)");
  ImGui::Checkbox("tropical sum log_t(t^x + t^y)", &st.tropical);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "softmax's normaliser: T·log Σ e^(z/T) with t = e^(1/T).\n"
        "As t → ∞ (T → 0) it tends to max(x, y): the tropical semiring's sum");
  if (st.tropical) {
    static constexpr double kTLo = 1.01, kTHi = 1e6;
    ImGui::SetNextItemWidth(w);
    ImGui::SliderScalar("##tt", ImGuiDataType_Double, &st.tropical_t, &kTLo, &kTHi, "t = %.4g",
                        ImGuiSliderFlags_Logarithmic);
    if (!(st.tropical_t >= kTLo && st.tropical_t <= kTHi))
      st.tropical_t = std::isfinite(st.tropical_t) ? std::clamp(st.tropical_t, kTLo, kTHi) : 10;
  }
  ImGui::Spacing();
  ImGui::TextDisabled("presets");
  if (ImGui::Button("1000, 0, −1000")) Preset(st, {1000, 0, -1000}, 1000, true);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("e^1000 overflows: the naive softmax is NaN");
  ImGui::SameLine();
  if (ImGui::Button("−999, −1000")) Preset(st, {-999, -1000}, 1000, true);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("every e^z underflows to 0: 0/0 = NaN");
  if (ImGui::Button("100, 90, 0")) Preset(st, {100, 90, 0}, 100, true);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("the sum overflows: the small entries become 0");
  ImGui::SameLine();
  if (ImGui::Button("two logits")) Preset(st, {1.5, -0.5}, 10, false);
  ImGui::SameLine();
  if (ImGui::Button("reset")) st = SoftmaxState{};
}

// For two logits: softmax(z₁, z₂)₁ = σ((z₁ − z₂)/T) (softmin: σ((z₂ − z₁)/T)), from the
// catalogue's sigmoid, and a link that shows that point on the Explorer's sigmoid.
void TwoLogits(AppState& s, const figure::SoftmaxPlots& m) {
  const Activation* sigmoid = Find("sigmoid");
  if (!sigmoid || m.in.z.size() != 2) return;
  const double d =
      (m.in.softmin ? m.in.z[1] - m.in.z[0] : m.in.z[0] - m.in.z[1]) / m.in.temperature;
  const double sig = sigmoid->f(d, Defaults(*sigmoid));
  ImGui::Separator();
  ImGui::TextWrapped(m.in.softmin
                         ? "Two logits: softmin(x, y)₁ = σ((y − x)/T), the bridge to the sigmoid."
                         : "Two logits: softmax(x, y)₁ = σ((x − y)/T), the bridge to the sigmoid.");
  ImGui::Text("σ(%s) = %s", FormatShortest(d).c_str(), FormatShortest(sig).c_str());
  ImGui::Text("p₁       = %s   (|difference| %.3g)", FormatShortest(m.r.p[0]).c_str(),
              std::fabs(sig - m.r.p[0]));
  if (ImGui::Button("See it on the Explorer's sigmoid")) {
    s.fn.selected = IndexOf(*sigmoid);
    s.plots.mark = true;
    s.plots.mark_x = d;
    if (!(d > s.plots.x.lo && d < s.plots.x.hi)) {
      const double half = std::max(6.0, std::fabs(d) * 0.25);
      s.plots.x = {d - half, d + half};
    }
    s.ui.tab = Tab::kExplorer;
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Selects Sigmoid in the Explorer and marks x = %.4g on f", d);
}

const char* OutcomeText(figure::NaiveOutcome o) {
  switch (o) {
    case figure::NaiveOutcome::kClose:
      return "ok";
    case figure::NaiveOutcome::kOff:
      return "off";
    case figure::NaiveOutcome::kNaN:
      return "NaN";
    case figure::NaiveOutcome::kZero:
      return "0 (lost)";
    case figure::NaiveOutcome::kLostTail:
      return "0 (< float min)";
  }
  return "";
}

// The exact numbers: one row per logit.
void Table(const AppState& s, const figure::SoftmaxPlots& m) {
  const bool naive = m.in.naive;
  const int cols = naive ? 7 : 4;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
  const float rows_h =
      ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(m.in.z.size()) + 1.5f);
  if (ImGui::BeginTable("##softmax_values", cols, flags, ImVec2(0, rows_h))) {
    ImGui::TableSetupColumn("i");
    ImGui::TableSetupColumn("z_i");
    ImGui::TableSetupColumn("p_i (stable)");
    ImGui::TableSetupColumn("log p_i");
    if (naive) {
      ImGui::TableSetupColumn("naive float32");
      ImGui::TableSetupColumn("|naive − p|");
      ImGui::TableSetupColumn("");
    }
    ImGui::TableHeadersRow();
    const ImVec4 bad = ErrorTextColour(s.ui.theme);
    for (std::size_t i = 0; i < m.in.z.size(); ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%zu", i + 1);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatShortest(m.in.z[i]).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatShortest(m.r.p[i]).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatShortest(m.r.log_p[i]).c_str());
      if (!naive) continue;
      const figure::NaiveOutcome o = m.outcome[i];
      const bool failed = o == figure::NaiveOutcome::kNaN || o == figure::NaiveOutcome::kZero;
      ImGui::TableNextColumn();
      if (failed) ImGui::PushStyleColor(ImGuiCol_Text, bad);
      ImGui::TextUnformatted(FormatShortest(m.naive_p[i]).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.3g", m.abs_diff[i]);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(OutcomeText(o));
      if (failed) ImGui::PopStyleColor();
    }
    ImGui::EndTable();
  }
}

void Facts(AppState& s, const figure::SoftmaxPlots& m) {
  Table(s, m);
  double sum = 0;
  for (double p : m.r.p)
    sum += p;
  ImGui::Text("Σ p = %s", FormatShortest(sum).c_str());
  if (m.in.naive) {
    if (m.failed > 0) {
      ImGui::PushStyleColor(ImGuiCol_Text, ErrorTextColour(s.ui.theme));
      ImGui::TextWrapped(
          "The naive float32 softmax fails at %d of %zu entries (NaN or a lost 0); the stable "
          "one subtracts max z first, so every exponent is ≤ 0 and nothing overflows.",
          m.failed, m.in.z.size());
      ImGui::PopStyleColor();
    } else {
      ImGui::TextWrapped("The naive float32 softmax survives these logits.");
    }
    ImGui::Text("max |naive − stable| over its finite entries: %.3g", m.max_abs_diff);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("float32 e^x overflows to ∞ above x = %.6g and is 0 below x = %.6g.",
                       std::log(static_cast<double>(FLT_MAX)),
                       std::log(static_cast<double>(FLT_TRUE_MIN)));
    ImGui::PopStyleColor();
  }
  TwoLogits(s, m);
}

// The index under the mouse on an axis of 1…K, or −1.
int IndexAt(double v, std::size_t k) {
  const long i = std::lround(v);
  return i >= 1 && i <= static_cast<long>(k) ? static_cast<int>(i) : -1;
}

// The Jacobian's values written in its cells while they are large enough to hold them (on
// screen only; the hover and the table give every digit).
void CellLabels(const plot::Interaction& ix, const plot::Range& x, const plot::Range& y,
                const figure::SoftmaxPlots& m) {
  const std::size_t K = m.in.z.size();
  const float w = ix.plot_max.x - ix.plot_min.x, h = ix.plot_max.y - ix.plot_min.y;
  const float cw = w / static_cast<float>(x.hi - x.lo), ch = h / static_cast<float>(y.hi - y.lo);
  if (cw < ImGui::GetFontSize() * 3.2f || ch < ImGui::GetFontSize() * 1.4f) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(ix.plot_min, ix.plot_max, true);
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = 0; j < K; ++j) {
      const double v = m.r.jacobian[i * K + j];
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3g", v);
      const ImVec2 size = ImGui::CalcTextSize(buf);
      const float cx = ix.plot_min.x +
                       static_cast<float>((static_cast<double>(j + 1) - x.lo) / (x.hi - x.lo)) * w;
      const float cy = ix.plot_max.y -
                       static_cast<float>((static_cast<double>(i + 1) - y.lo) / (y.hi - y.lo)) * h;
      // Dark text on the pale middle of the colour scale, white on its saturated ends.
      const bool strong = m.jac_max > 0 && std::fabs(v) > 0.6 * m.jac_max;
      dl->AddText(ImVec2(cx - size.x / 2, cy - size.y / 2),
                  strong ? IM_COL32(255, 255, 255, 255) : IM_COL32(30, 30, 36, 255), buf);
    }
  dl->PopClipRect();
}

// Exports of the plots, through the window's export dialog.
void ExportButtons(const AppState& s, App::Shared& sh) {
  struct {
    const char* label;
    ExportTarget target;
  } constexpr kExports[] = {{"Export p…", ExportTarget::kSoftmaxP},
                            {"Export log p…", ExportTarget::kSoftmaxLog},
                            {"Export Jacobian…", ExportTarget::kSoftmaxJacobian}};
  for (const auto& e : kExports) {
    if (&e != kExports) ImGui::SameLine();
    if (ImGui::SmallButton(e.label)) sh.OpenExport(e.target);
  }
  if (s.softmax.tropical) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Export tropical…")) sh.OpenExport(ExportTarget::kSoftmaxTropical);
  }
}

// A bar's logit, p, log p (and the naive float32 p) under the mouse.
void BarTooltip(const figure::SoftmaxPlots& m, const plot::Interaction& ix) {
  if (!ix.hovered || ImGui::IsMouseDown(ImGuiMouseButton_Left)) return;
  const int i = IndexAt(ix.mouse_x, m.in.z.size());
  if (i < 0) return;
  const std::size_t k = static_cast<std::size_t>(i - 1);
  ImGui::BeginTooltip();
  ImGui::Text("i = %d   z = %s", i, FormatShortest(m.in.z[k]).c_str());
  ImGui::Text("p = %s", FormatShortest(m.r.p[k]).c_str());
  ImGui::Text("log p = %s", FormatShortest(m.r.log_p[k]).c_str());
  if (m.in.naive)
    ImGui::Text("naive float32 p = %s (%s)", FormatShortest(m.naive_p[k]).c_str(),
                OutcomeText(m.outcome[k]));
  ImGui::EndTooltip();
}

// The tropical sum log_t(t^x + t^y) − max(x, y) as a heatmap, rebuilt when t changes.
void TropicalView(const AppState& s, SoftmaxViews& v, const plot::Style& style, ImVec2 size) {
  if (!v.tropical || v.tropical->t != s.softmax.tropical_t) {
    const bool first = !v.tropical;
    v.tropical = std::make_unique<figure::TropicalPlot>();
    figure::BuildTropicalPlot(s.softmax.tropical_t, 96, *v.tropical);
    if (first) v.tx = v.tropical->x, v.ty = v.tropical->y;
  }
  const figure::TropicalPlot& t = *v.tropical;
  const plot::Interaction ix =
      plot::Plot("##tropical", v.tx, v.ty, figure::TropicalSpec(t), style, size);
  v.tropical_size = ImVec2(ix.plot_max.x - ix.plot_min.x, ix.plot_max.y - ix.plot_min.y);
  if (!ix.hovered || ImGui::IsMouseDown(ImGuiMouseButton_Left)) return;
  const double x = ix.mouse_x, y = ix.mouse_y;
  ImGui::BeginTooltip();
  ImGui::Text("x = %.4g, y = %.4g, t = %.4g", x, y, t.t);
  ImGui::Text("log_t(t^x + t^y) = %s", FormatShortest(TropicalSum(x, y, t.t)).c_str());
  ImGui::Text("max(x, y)        = %s", FormatShortest(std::fmax(x, y)).c_str());
  ImGui::Text("difference       = %s  (≤ log_t 2 = %.4g)",
              FormatShortest(TropicalExcess(x, y, t.t)).c_str(), t.bound);
  ImGui::EndTooltip();
}

// A Jacobian cell under the mouse, with its formula.
void JacobianTooltip(const figure::SoftmaxPlots& m, const plot::Interaction& jx) {
  if (!jx.hovered || ImGui::IsMouseDown(ImGuiMouseButton_Left)) return;
  const std::size_t K = m.in.z.size();
  const int i = IndexAt(jx.mouse_y, K), j = IndexAt(jx.mouse_x, K);
  if (i <= 0 || j <= 0) return;
  const std::size_t a = static_cast<std::size_t>(i - 1), b = static_cast<std::size_t>(j - 1);
  ImGui::BeginTooltip();
  ImGui::Text("∂p%d/∂z%d = %s", i, j, FormatShortest(m.r.jacobian[a * K + b]).c_str());
  ImGui::TextDisabled(i == j ? "= p_i(1 − p_i)/T" : "= −p_i·p_j/T");
  ImGui::EndTooltip();
}

}  // namespace

const figure::SoftmaxPlots* UpdateSoftmax(const AppState& s, SoftmaxTab& t) {
  const SoftmaxState& st = s.softmax;
  figure::SoftmaxInput in;
  in.z.assign(st.z.begin(), st.z.begin() + std::clamp(st.k, 2, kSoftmaxMaxLogits));
  in.temperature = st.temperature;
  in.softmin = st.softmin;
  in.naive = st.naive;
  SoftmaxViews& v = t.views;
  const bool same = v.model && v.model->in.z == in.z && v.model->in.temperature == in.temperature &&
                    v.model->in.softmin == in.softmin && v.model->in.naive == in.naive;
  if (same) return v.model.get();
  auto m = std::make_unique<figure::SoftmaxPlots>();
  if (auto err = figure::BuildSoftmaxPlots(in, *m)) {
    v.error = *err;  // the previous model stays on screen
    return v.model.get();
  }
  v.error.clear();
  const bool refit_x = !v.model || v.model->in.z.size() != in.z.size();
  v.model = std::move(m);
  if (refit_x) {
    v.x = v.model->x;
    v.jx = v.jy = {0.5, static_cast<double>(in.z.size()) + 0.5};
  }
  v.y_p = v.model->y_p;
  v.y_log = v.model->y_log;
  return v.model.get();
}

void SoftmaxTab::Draw(AppState& s, App::Shared& sh) {
  const float side = ImGui::GetFontSize() * 17;
  ImGui::BeginChild("##softmax_controls", ImVec2(side, 0));
  Controls(s);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##softmax_views", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollbar);
  const figure::SoftmaxPlots* m = UpdateSoftmax(s, *this);
  SoftmaxViews& v = views;
  if (!v.error.empty()) ImGui::TextColored(ErrorTextColour(s.ui.theme), "%s", v.error.c_str());
  if (!m) {
    ImGui::EndChild();
    return;
  }
  ExportButtons(s, sh);
  const plot::Style style = PlotStyle(s.ui.theme);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float top_h = (avail.y - gap) * 0.5f;
  const bool show_log = s.softmax.show_log;
  const bool tropical = s.softmax.tropical;
  const int top_n = 1 + (show_log ? 1 : 0) + (tropical ? 1 : 0);
  const float top_w = (avail.x - gap * static_cast<float>(top_n - 1)) / static_cast<float>(top_n);

  const plot::Interaction px = plot::Plot(
      "##softmax_p", v.x, v.y_p, figure::SoftmaxProbabilitySpec(*m), style, ImVec2(top_w, top_h));
  v.p_min = px.plot_min, v.p_max = px.plot_max;
  v.p_size = ImVec2(px.plot_max.x - px.plot_min.x, px.plot_max.y - px.plot_min.y);
  BarTooltip(*m, px);
  if (show_log) {
    ImGui::SameLine();
    const plot::Interaction lx = plot::Plot(
        "##softmax_log", v.x, v.y_log, figure::SoftmaxLogSpec(*m), style, ImVec2(top_w, top_h));
    v.log_size = ImVec2(lx.plot_max.x - lx.plot_min.x, lx.plot_max.y - lx.plot_min.y);
    BarTooltip(*m, lx);
  }
  if (tropical) {
    ImGui::SameLine();
    TropicalView(s, v, style, ImVec2(top_w, top_h));
  }
  // The Jacobian: a square-ish heatmap, the numbers beside it.
  const float bottom_h = ImGui::GetContentRegionAvail().y;
  const float jac_w = std::min(avail.x * 0.42f, bottom_h * 1.1f);
  const plot::Interaction jx = plot::Plot(
      "##softmax_jac", v.jx, v.jy, figure::SoftmaxJacobianSpec(*m), style, ImVec2(jac_w, bottom_h));
  v.jac_size = ImVec2(jx.plot_max.x - jx.plot_min.x, jx.plot_max.y - jx.plot_min.y);
  CellLabels(jx, v.jx, v.jy, *m);
  JacobianTooltip(*m, jx);
  ImGui::SameLine();
  ImGui::BeginChild("##softmax_facts", ImVec2(0, bottom_h));
  ImGui::TextUnformatted(m->title.c_str());
  ImGui::TextDisabled("colour scale ±%.3g (red +, blue −)", m->jac_max);
  Facts(s, *m);
  ImGui::EndChild();
  ImGui::EndChild();
}

ImVec2 SoftmaxTab::PlotSize(ExportTarget t) const {
  switch (t) {
    case ExportTarget::kSoftmaxP:
      return views.p_size;
    case ExportTarget::kSoftmaxLog:
      return views.log_size;
    case ExportTarget::kSoftmaxJacobian:
      return views.jac_size;
    case ExportTarget::kSoftmaxTropical:
      return views.tropical_size;
    default:
      return ImVec2(0, 0);
  }
}

std::optional<std::string> SoftmaxTab::StartExport(const AppState& s, App::Shared& sh,
                                                   const ExportRequest& r) {
  const ExportTarget t = r.target;
  const SoftmaxViews& v = views;
  if (t == ExportTarget::kSoftmaxTropical) {
    if (!s.softmax.tropical || !v.tropical)
      return "the tropical sum is not shown (tick it in the Softmax tab)";
    return StartPlotSpecExport(s, sh, figure::TropicalSpec(*v.tropical), v.tx, v.ty, PlotSize(t),
                               r.scale, r.path);
  }
  if (!v.model) return "the Softmax tab has not been shown";
  const figure::SoftmaxPlots& m = *v.model;
  const plot::PlotSpec spec = t == ExportTarget::kSoftmaxP     ? figure::SoftmaxProbabilitySpec(m)
                              : t == ExportTarget::kSoftmaxLog ? figure::SoftmaxLogSpec(m)
                                                               : figure::SoftmaxJacobianSpec(m);
  const plot::Range x = t == ExportTarget::kSoftmaxJacobian ? v.jx : v.x;
  const plot::Range y = t == ExportTarget::kSoftmaxP     ? v.y_p
                        : t == ExportTarget::kSoftmaxLog ? v.y_log
                                                         : v.jy;
  return StartPlotSpecExport(s, sh, spec, x, y, PlotSize(t), r.scale, r.path);
}

}  // namespace actviz::gui
