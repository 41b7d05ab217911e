// The Distributions tab: random pre-activations (uniform or normal, N up to 10⁷, scale S,
// seed) pushed through the chosen function, shown as input and output histograms side by
// side with their statistics. The experiment runs off the UI thread; while a new one runs,
// the last complete result stays on screen with a progress bar.
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "figure/theme.hpp"
#include "gui/export/export.hpp"
#include "gui/tabs/distributions/distributions_tab.hpp"

namespace actviz::gui {
namespace {

void StatsBlock(const Stats& s, bool output, float width) {
  auto row = [](const char* k, const char* fmt, double v) {
    ImGui::TextDisabled("%s", k);
    ImGui::SameLine(ImGui::GetFontSize() * 6.5f);
    ImGui::Text(fmt, v);
  };
  if (ImGui::BeginTable("##stats", 2, ImGuiTableFlags_SizingStretchSame, ImVec2(width, 0))) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    row("mean", "%.5g", s.mean);
    row("std", "%.5g", s.std);
    row("min", "%.5g", s.min);
    row("max", "%.5g", s.max);
    ImGui::TableSetColumnIndex(1);
    row("zero", "%.4g %%", 100 * s.zero_fraction);
    row("saturated", "%.4g %%", 100 * s.saturated_fraction);
    if (output) row("mean |f′|", "%.5g", s.grad_mean);
    if (s.nan || s.inf) {
      ImGui::TextDisabled("not binned");
      ImGui::SameLine(ImGui::GetFontSize() * 6.5f);
      ImGui::Text("%zu NaN, %zu ±∞", s.nan, s.inf);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Inputs outside the function's domain give NaN; they are counted, "
            "not binned");
    }
    ImGui::EndTable();
  }
}

// The bin under the mouse: its edges and count.
void BinTooltip(const Histogram& h, double x, std::size_t n) {
  for (std::size_t i = 0; i + 1 < h.edges.size(); ++i) {
    if (x >= h.edges[i] && (x < h.edges[i + 1] || i + 2 == h.edges.size())) {
      ImGui::SetTooltip("[%.6g, %.6g%s\n%llu samples (%.4g %%)", h.edges[i], h.edges[i + 1],
                        i + 2 == h.edges.size() ? "]" : ")",
                        static_cast<unsigned long long>(h.counts[i]),
                        100.0 * static_cast<double>(h.counts[i]) / static_cast<double>(n));
      return;
    }
  }
}

// The settings: distribution, N, S, bins, seed and what to show. True when the views should
// be refitted now ("fit views" ticked again).
bool Controls(DistributionsState& d) {
  bool refit = false;
  const float w = ImGui::GetFontSize() * 9;
  ImGui::SetNextItemWidth(w);
  EnumCombo("##dist", d.dist, kDistributions);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  double n_lo = 100, n_hi = 1e7;
  char n_label[48];
  std::snprintf(n_label, sizeof n_label, "N = %.0f", d.n);
  if (ImGui::SliderScalar("##n", ImGuiDataType_Double, &d.n, &n_lo, &n_hi, n_label,
                          ImGuiSliderFlags_Logarithmic))
    d.n = std::round(std::clamp(d.n, 1.0, 1e7));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  double s_lo = 0.01, s_hi = 100;
  ImGui::SliderScalar("##scale", ImGuiDataType_Double, &d.scale, &s_lo, &s_hi, "S = %.3g",
                      ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "The weight scale: He init gives S = √(2/fan_in)·√fan_in ≈ 1.4,\n"
        "Xavier ≈ 1; large S saturates sigmoid and tanh");
  if (!(d.scale > 0) || !std::isfinite(d.scale)) d.scale = 1;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.8f);
  ImGui::SliderInt("##bins", &d.bins, 10, 500, "%d bins");
  d.bins = std::clamp(d.bins, 1, 500);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.7f);
  ImGui::InputInt("##seed", &d.seed);
  d.seed = std::max(0, d.seed);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Seed: the same seed gives the same samples");
  ImGui::SameLine();
  if (ImGui::Button("New samples")) ++d.seed;
  ImGui::Checkbox("density", &d.density);
  ImGui::SameLine();
  ImGui::Checkbox("log counts", &d.log_counts);
  ImGui::SameLine();
  ImGui::Checkbox("exact density", &d.exact);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "The input density, and the output density it implies through f\n"
        "(where f is monotonic on the input's range)");
  ImGui::SameLine();
  if (ImGui::Checkbox("fit views", &d.follow) && d.follow) refit = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Fit both plots to each new result (panning or zooming turns this off)");

  return refit;
}

}  // namespace

void DistributionsTab::Draw(AppState& s, App::Shared& sh) {
  DistributionsTab& t = *this;
  DistributionsState& d = s.distributions;
  if (Controls(d)) t.generation = -1;
  // --- the experiment, off the UI thread
  sh.hist.Request(DistributionsRequest(s));
  const HistRequest* shown = nullptr;
  bool current = false;
  float progress = 0;
  const Experiment* e = sh.hist.Latest(&shown, current, progress);
  ImGui::SameLine();
  if (!current && sh.hist.NewestFailed()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ErrorTextColour(s.ui.theme));
    ImGui::TextUnformatted("could not draw these samples (see the status line)");
    ImGui::PopStyleColor();
  } else if (!current) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::ProgressBar(progress, ImVec2(-FLT_MIN, 0), "computing…");
  } else {
    ImGui::TextDisabled("%zu samples", shown->spec.n);
  }
  if (!e) return;

  // --- plots (rebuilt only when the result or the options change)
  const Activation& fn = FunctionAt(shown->function);
  const HistOptions opt{d.density, d.log_counts, d.exact};
  const bool rebuild = t.generation != sh.hist.generation() || t.options.density != opt.density ||
                       t.options.log_counts != opt.log_counts || t.options.exact != opt.exact ||
                       t.theme != sh.theme;
  if (rebuild) {
    BuildHistPlots(*e, shown->spec, fn, shown->params, opt, sh.theme, t.in, t.out);
    t.out.title = "output " + DisplayName(fn, shown->params) + "(x)";
    if (d.follow) {
      d.in_x = t.in.x, d.in_y = t.in.y;
      d.out_x = t.out.x, d.out_y = t.out.y;
    }
    t.generation = sh.hist.generation();
    t.options = opt;
    t.theme = sh.theme;
  }
  const plot::Style style = PlotStyle(s.ui.theme);
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float pw = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
  const float stats_h = ImGui::GetTextLineHeightWithSpacing() * 5.2f;
  const float ph = ImGui::GetContentRegionAvail().y - stats_h - ImGui::GetFrameHeightWithSpacing();
  for (int k = 0; k < 2; ++k) {
    if (k) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushID(k + 10);
    HistPlot& hp = k ? t.out : t.in;
    plot::Range& view_x = k ? d.out_x : d.in_x;
    plot::Range& view_y = k ? d.out_y : d.in_y;
    if (ImGui::SmallButton("Export PNG…"))
      sh.OpenExport(k ? ExportTarget::kHistOutput : ExportTarget::kHistInput);
    plot::PlotSpec spec = hp.Spec();
    spec.y_scale = d.log_counts ? plot::Scale::kLog10 : plot::Scale::kLinear;
    const plot::Interaction in = plot::Plot("##hist", view_x, view_y, spec, style, ImVec2(pw, ph));
    if (in.changed) d.follow = false;
    (k ? t.out_size : t.in_size) =
        ImVec2(in.plot_max.x - in.plot_min.x, in.plot_max.y - in.plot_min.y);
    if (in.hovered) BinTooltip(k ? e->out_hist : e->in_hist, in.mouse_x, shown->spec.n);
    StatsBlock(k ? e->out_stats : e->in_stats, k == 1, pw);
    ImGui::PopID();
    ImGui::EndGroup();
  }
}

ImVec2 DistributionsTab::PlotSize(ExportTarget t) const {
  return t == ExportTarget::kHistInput    ? in_size
         : t == ExportTarget::kHistOutput ? out_size
                                          : ImVec2(0, 0);
}

std::optional<std::string> DistributionsTab::StartExport(const AppState& s, App::Shared& sh,
                                                         const ExportRequest& r) {
  const bool output = r.target == ExportTarget::kHistOutput;
  plot::PlotSpec spec = (output ? out : in).Spec();
  spec.y_scale = s.distributions.log_counts ? plot::Scale::kLog10 : plot::Scale::kLinear;
  const DistributionsState& d = s.distributions;
  return StartPlotSpecExport(s, sh, spec, output ? d.out_x : d.in_x, output ? d.out_y : d.in_y,
                             PlotSize(r.target), r.scale, r.path);
}

}  // namespace actviz::gui
