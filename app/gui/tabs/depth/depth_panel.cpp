// The Depth tab: a signal and its gradient through L dense layers of the chosen function,
// beside the mean-field theory, and the phase diagram of χ₁ (clicking it sets σ_w and σ_b).
// The run is the core's (actviz depth); the plots are the figure layer's model; this file only
// lays out controls and plots. The last complete result stays on screen while a new one runs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include <imgui.h>

#include "figure/theme.hpp"
#include "gui/tabs/depth/depth_tab.hpp"

namespace actviz::gui {
namespace {

constexpr double kZero = 0, kOne = 1, kTwo = 2, kFour = 4;  // slider bounds

// A slider over an int on a log scale (width, batch).
bool LogInt(const char* id, int& v, int lo, int hi, const char* fmt) {
  double d = v, dlo = lo, dhi = hi;
  char label[64];
  std::snprintf(label, sizeof label, fmt, v);
  if (!ImGui::SliderScalar(id, ImGuiDataType_Double, &d, &dlo, &dhi, label,
                           ImGuiSliderFlags_Logarithmic))
    return false;
  v = static_cast<int>(std::lround(std::clamp(d, dlo, dhi)));
  return true;
}

void Controls(AppState& s) {
  DepthState& d = s.depth;
  const float w = ImGui::GetFontSize() * 8;
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("##layers", &d.layers, 1, 200, "L = %d layers");
  d.layers = std::clamp(d.layers, 1, 200);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  LogInt("##width", d.width, 16, 2048, "width N = %d");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  LogInt("##batch", d.batch, 100, 10000, "batch B = %d");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 1.3f);
  ImGui::BeginDisabled(d.direct);
  EnumCombo("##init", d.init, InitNames());
  ImGui::SameLine();
  ImGui::Checkbox("auto gain", &d.gain_auto);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("PyTorch's calculate_gain of the function");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.8f);
  ImGui::BeginDisabled(d.gain_auto);
  ImGui::SliderScalar("##gain", ImGuiDataType_Double, &d.gain, &kZero, &kFour, "g = %.3g");
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.6f);
  ImGui::InputInt("seed##depth", &d.seed);
  d.seed = std::max(0, d.seed);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("seed of the weights, inputs and readout");

  ImGui::Checkbox("σ_w, σ_b directly", &d.direct);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("W ~ N(0, σ_w²/N), b ~ N(0, σ_b²); a click on the phase diagram sets them");
  ImGui::SameLine();
  ImGui::BeginDisabled(!d.direct);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderScalar("##sw", ImGuiDataType_Double, &d.sigma_w, &kZero, &kTwo, "σ_w = %.4g");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  ImGui::SliderScalar("##sb", ImGuiDataType_Double, &d.sigma_b, &kZero, &kOne, "σ_b = %.4g");
  ImGui::EndDisabled();
  d.gain = std::clamp(std::isfinite(d.gain) ? d.gain : 1, 0.0, 10.0);
  d.sigma_w = std::clamp(std::isfinite(d.sigma_w) ? d.sigma_w : 1, 0.0, 10.0);
  d.sigma_b = std::clamp(std::isfinite(d.sigma_b) ? d.sigma_b : 0, 0.0, 10.0);
  ImGui::SameLine();
  ImGui::Checkbox("density of h (not z)", &d.show_post);
}

}  // namespace

DepthRequest DepthRequestOf(const AppState& s) {
  const DepthState& d = s.depth;
  DepthRequest r;
  r.function = s.fn.selected;
  r.params = SelectedParams(s);
  r.spec.layers = d.layers;
  r.spec.width = d.width;
  r.spec.batch = d.batch;
  r.spec.init = d.init;
  r.spec.gain = d.gain_auto ? CalculateGain(Selected(s), r.params) : d.gain;
  if (d.direct) r.spec.sigma_w = d.sigma_w;
  r.spec.sigma_b = d.direct ? d.sigma_b : 0;
  r.spec.seed = static_cast<std::uint64_t>(d.seed);
  r.spec.bins = 64;
  return r;
}

namespace {

// A line of what the run is: σ², memory, and progress while a new one runs.
void RunLine(const AppState& s, const DepthRequest& req, const std::optional<std::string>& refused,
             const DepthView* view, float progress, bool current) {
  const double w2 = SigmaW2(req.spec), b2 = req.spec.sigma_b * req.spec.sigma_b;
  if (refused) {
    ImGui::PushStyleColor(ImGuiCol_Text, ErrorTextColour(s.ui.theme));
    ImGui::TextWrapped("Not run: %s.%s", refused->c_str(), view ? " Shown: the last run." : "");
    ImGui::PopStyleColor();
  }
  ImGui::TextDisabled(
      "σ_w² = %.4g, σ_b² = %.4g · %.0f MB (the L weight matrices and every layer's z)", w2, b2,
      static_cast<double>(DepthBytes(req.spec)) / 1e6);
  if (!current && !refused) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::ProgressBar(progress, ImVec2(ImGui::GetFontSize() * 10, 0), "computing…");
  }
  if (view && view->preview()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(preview over the first %d of %d inputs)", view->result.rows,
                        view->request.spec.batch);
  }
}

// Exports: each plot at the dialog's scale, and the tab as a figure (as actviz depth --out).
void ExportButtons(App::Shared& sh) {
  ImGui::SameLine();
  ImGui::TextDisabled("· Export PNG:");
  static constexpr std::pair<ExportTarget, const char*> kExports[] = {
      {ExportTarget::kDepthDensity, "density"},    {ExportTarget::kDepthVariance, "Var"},
      {ExportTarget::kDepthPhase, "phase"},        {ExportTarget::kDepthGradient, "gradient"},
      {ExportTarget::kDepthFractions, "dead/sat"}, {ExportTarget::kDepthFigure, "figure…"},
  };
  for (const auto& [target, label] : kExports) {
    ImGui::SameLine();
    ImGui::PushID(static_cast<int>(target));
    if (ImGui::SmallButton(label)) sh.OpenExport(target);
    ImGui::PopID();
  }
}

// Fit the views to each new result (the results move a lot between settings).
void FitViews(DepthViews& v, const DepthView& view, const PhaseView* phase) {
  const figure::DepthPlots& m = view.plots;
  if (v.fitted != &view) {
    v.fitted = &view;
    v.x = m.x;
    v.y_pre = {m.pre_lo, m.pre_hi};
    v.y_post = {m.post_lo, m.post_hi};
    v.y_var = m.y_var;
    v.y_grad = m.y_grad;
    v.y_frac = m.y_frac;
  }
  if (phase && v.phase_fitted != phase) {
    v.phase_fitted = phase;
    v.px = phase->plot.x;
    v.py = phase->plot.y;
  }
}

// The phase diagram with the run's point; a click sets σ_w², σ_b² to the point under it.
void PhasePlot(AppState& s, DepthViews& v, const PhaseView* phase, const plot::Style& style,
               ImVec2 cell, double w2, double b2) {
  if (!phase) return ImGui::Dummy(cell);
  plot::PlotSpec spec = figure::PhaseSpec(phase->plot);
  const plot::Marker here{w2, b2, true, figure::kPhaseMarker};
  spec.markers = std::span<const plot::Marker>(&here, 1);
  const plot::Interaction ix = plot::Plot("##phase", v.px, v.py, spec, style, cell);
  // A click, not a drag.
  if (ix.hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0).x == 0 &&
      ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0).y == 0) {
    s.depth.direct = true;
    s.depth.sigma_w = std::sqrt(std::clamp(ix.mouse_x, 0.0, 16.0));
    s.depth.sigma_b = std::sqrt(std::clamp(ix.mouse_y, 0.0, 4.0));
  }
  if (ix.hovered) ImGui::SetTooltip("click: σ_w² = %.3g, σ_b² = %.3g", ix.mouse_x, ix.mouse_y);
}

// The numbers a person looks for: the gradient's total change and the theory's per layer.
void DepthFacts(const AppState& s, const DepthView& view) {
  const figure::DepthPlots& m = view.plots;
  const auto& L = view.result.layers;
  if (!L.empty()) {
    const double ratio = L.front().grad.std / L.back().grad.std;
    ImGui::TextWrapped("%s", m.title.c_str());
    ImGui::Separator();
    if (!m.overflow.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ErrorTextColour(s.ui.theme));
      ImGui::TextWrapped("%s", m.overflow.c_str());
      ImGui::PopStyleColor();
    }
    // A value float32 could not give (every entry overflowed) is said so, not printed "nan".
    auto num = [](const char* format, double v) {
      char buf[48];
      if (std::isnan(v)) return std::string("—");  // (the note above says why)
      std::snprintf(buf, sizeof buf, format, v);
      return std::string(buf);
    };
    ImGui::Text("gradient std, layer 1 / layer %zu: %s", L.size(), num("%.3g", ratio).c_str());
    ImGui::Text("theory χ per layer (last): %.4g", view.result.theory.back().chi);
    ImGui::Text("Var(z) at layer %zu: %s (theory %.4g)", L.size(),
                num("%.4g", L.back().pre.std * L.back().pre.std).c_str(),
                view.result.theory.back().q);
    ImGui::Text("dead (h = 0) at layer %zu: %s", L.size(),
                num("%.1f %%", 100 * L.back().post.zero_fraction).c_str());
    ImGui::Text("saturated at layer %zu: %s", L.size(),
                num("%.1f %%", 100 * L.back().post.saturated_fraction).c_str());
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped(
        "χ < 1: gradients vanish, χ > 1: they explode; the phase diagram's line χ₁ = 1 is the "
        "edge of chaos.");
    ImGui::PopStyleColor();
  }
}

}  // namespace

void DepthTab::Draw(AppState& s, App::Shared& sh) {
  Controls(s);
  const DepthRequest req = DepthRequestOf(s);
  const Activation& fn = Selected(s);
  // The float32 kernels need float-valid parameters; the status line says why otherwise.
  if (auto err = Validate(fn, req.params, Precision::kF32)) {
    ImGui::TextColored(ErrorTextColour(s.ui.theme), "%s", err->c_str());
    return;
  }
  // A run that cannot fit is not started: the message says why, the last result stays.
  const std::optional<std::string> refused = DepthRefusal(req.spec);
  if (!refused) worker.Request(req);
  worker.RequestPhase({req.function, req.params});
  float progress = 0;
  bool current = false;
  const std::shared_ptr<const DepthView> view = worker.Latest(progress, current);
  const std::shared_ptr<const PhaseView> phase = worker.LatestPhase();
  RunLine(s, req, refused, view.get(), progress, current);
  if (!view) return;
  ExportButtons(sh);
  FitViews(views, *view, phase.get());

  DepthViews& v = views;
  const figure::DepthPlots& m = view->plots;
  const plot::Style style = PlotStyle(s.ui.theme);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 cell((avail.x - 2 * gap) / 3, (avail.y - gap) / 2);
  v.size = cell;
  const bool post = s.depth.show_post;
  plot::Plot("##density", v.x, post ? v.y_post : v.y_pre, figure::DepthDensitySpec(m, post), style,
             cell);
  ImGui::SameLine();
  plot::Plot("##var", v.x, v.y_var, figure::DepthVarianceSpec(m), style, cell);
  ImGui::SameLine();
  PhasePlot(s, v, phase.get(), style, cell, SigmaW2(req.spec), req.spec.sigma_b * req.spec.sigma_b);
  plot::Plot("##grad", v.x, v.y_grad, figure::DepthGradientSpec(m), style, cell);
  ImGui::SameLine();
  plot::Plot("##frac", v.x, v.y_frac, figure::DepthFractionsSpec(m), style, cell);
  ImGui::SameLine();
  ImGui::BeginChild("##depth_facts", cell);
  DepthFacts(s, *view);
  ImGui::EndChild();
}

}  // namespace actviz::gui
