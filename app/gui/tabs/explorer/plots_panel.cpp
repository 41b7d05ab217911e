// f(x) and f′(x) side by side, sharing the x axis (panning or zooming one moves the other).
// Each has an export button and its options; hovering either shows x, f(x), f′(x) for every
// plotted function and a crosshair on both.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "actviz/activations/family.hpp"
#include "actviz/activations/inverse.hpp"
#include "figure/theme.hpp"
#include "gui/sidebar/sidebar.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"

namespace actviz::gui {
namespace {

// A y view for the selected function, or for a family all its members (their views' union).
plot::Range FitPlot(const App::Shared& sh, const PlotData& d, plot::Scale scale) {
  plot::Range y = FitCurve(d.curves[0], scale);
  for (std::size_t i = 1; i < sh.family.size() && i < d.curves.size(); ++i) {
    const plot::Range r = FitCurve(d.curves[i], scale);
    y = {std::min(y.lo, r.lo), std::max(y.hi, r.hi)};
  }
  return y;
}

// Fits the y ranges to the selected function over the current x view.
void FitY(AppState& s, App::Shared& sh, ExplorerTab& t) {
  auto fit = [&](const PlotData& d, plot::Range& y, plot::Scale scale) {
    if (d.curves.empty()) return;
    y = FitPlot(sh, d, scale);
  };
  fit(t.f, s.plots.y_f, plot::Scale::kLinear);
  fit(t.df, s.plots.y_df, s.plots.log_df ? plot::Scale::kLog10 : plot::Scale::kLinear);
}

// A small square of a member's colour before its line (dark members stay readable as text).
void Swatch(ImU32 colour) {
  const float size = ImGui::GetTextLineHeight() * 0.8f;
  ImGui::ColorButton("##member", ImGui::ColorConvertU32ToFloat4(colour),
                     ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder,
                     ImVec2(size, size));
  ImGui::SameLine();
}

void HoverReadout(const AppState& s, const App::Shared& sh, double x, double y, bool deriv) {
  ImGui::BeginTooltip();
  ImGui::Text("x = %.6g", x);
  ImGui::Separator();
  auto row = [&](const Activation& fn, const Params& p) {
    ImGui::Text("%s", DisplayName(fn, p).c_str());
    ImGui::Text("   f(x) = %.10g    f′(x) = %.10g", fn.f(x, p), fn.df(x, p));
  };
  const Activation& fn = Selected(s);
  if (sh.family.empty()) {
    row(fn, SelectedParams(s));
  } else {
    // The member under the cursor: the nearest curve on the hovered plot (in decades on the
    // log |f′| axis), named first, then every member in its colour.
    const bool log = deriv && s.plots.log_df;
    std::vector<double> at;
    for (const Params& p : sh.family) {
      const double v = deriv ? fn.df(x, p) : fn.f(x, p);
      at.push_back(log ? std::log10(std::fabs(v)) : v);
    }
    const int near = NearestMember(at, log ? std::log10(y) : y);
    const int n = static_cast<int>(sh.family.size());
    if (near >= 0) {
      const Params& p = sh.family[static_cast<std::size_t>(near)];
      Swatch(FamilyColour(near, n));
      ImGui::Text("under the cursor: %s", DisplayName(fn, p).c_str());
      ImGui::Text("   f(x) = %.10g    f′(x) = %.10g", fn.f(x, p), fn.df(x, p));
      ImGui::Separator();
    }
    const std::size_t k = static_cast<std::size_t>(std::clamp(s.family.param, 0, kMaxParams - 1));
    for (int i = 0; i < n; ++i) {
      const Params& p = sh.family[static_cast<std::size_t>(i)];
      Swatch(FamilyColour(i, n));
      ImGui::Text("%s %s = %-8.4g f = %-12.6g f′ = %.6g", i == near ? "→" : "  ",
                  fn.params.empty() ? "" : std::string(fn.params[k].symbol).c_str(), p.v[k],
                  fn.f(x, p), fn.df(x, p));
    }
  }
  for (const Pin& p : s.pins)
    if (p.visible) row(FunctionAt(p.function), p.params);
  ImGui::EndTooltip();
}

}  // namespace

void DrawPlots(AppState& s, App::Shared& sh, ExplorerTab& t) {
  const plot::Style style = PlotStyle(s.ui.theme);
  // Refit y when a new function is chosen (so ReLU6 and Linear both fill the plot).
  if (t.fitted_for != s.fn.selected) {
    BuildFunctionPlots(s, sh, t);
    if (s.plots.fit_on_select) FitY(s, sh, t);
    t.fitted_for = s.fn.selected;
  }
  BuildFunctionPlots(s, sh, t);
  BuildAsWritten(s, sh, t);
  if (s.deriv.open) BuildDerivativeCheck(s, sh, t);

  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float w = (avail - gap) * 0.5f;
  const float toolbar = ImGui::GetFrameHeightWithSpacing();
  const float h = ImGui::GetContentRegionAvail().y - toolbar;
  std::optional<double> hover;

  for (int k = 0; k < 2; ++k) {
    const bool deriv = k == 1;
    if (k == 1) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushID(k);
    if (ImGui::SmallButton("Export PNG…"))
      sh.OpenExport(deriv ? ExportTarget::kDerivative : ExportTarget::kFunction);
    ImGui::SameLine();
    if (ImGui::SmallButton("Fit")) {
      if (deriv)
        s.plots.y_df =
            FitPlot(sh, t.df, s.plots.log_df ? plot::Scale::kLog10 : plot::Scale::kLinear);
      else
        s.plots.y_f = FitPlot(sh, t.f, plot::Scale::kLinear);
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Fit y to the function (double-click the plot to fit both axes)");
    if (!deriv) {
      ImGui::SameLine();
      const bool can = Invertible(Selected(s), SelectedParams(s));
      ImGui::BeginDisabled(!can);
      bool on = s.plots.inverse && can;
      if (ImGui::Checkbox("f⁻¹", &on)) s.plots.inverse = on;
      ImGui::EndDisabled();
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(can ? "Overlay the inverse: f reflected in y = x"
                              : "Not invertible: f is flat somewhere or turns back");
    }
    if (!deriv && s.plots.mark) {
      ImGui::SameLine();
      char label[64];
      std::snprintf(label, sizeof label, "marked x = %.4g  ×", s.plots.mark_x);
      if (ImGui::SmallButton(label)) s.plots.mark = false;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove the marked point");
    }
    if (deriv) {
      ImGui::SameLine();
      if (ImGui::Checkbox("log |f′|", &s.plots.log_df)) {
        BuildFunctionPlots(s, sh, t);
        BuildAsWritten(s, sh, t);
        s.plots.y_df =
            FitPlot(sh, t.df, s.plots.log_df ? plot::Scale::kLog10 : plot::Scale::kLinear);
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Plot |f′| on a log scale: vanishing gradients become visible\n"
            "(σ′ decays like e^(−|x|), a straight line here)");
    } else {
      ImGui::SameLine();
      ImGui::Checkbox("saturation", &s.plots.shade_saturation);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Shade where |f′(x)| < 0.01");
    }
    const plot::PlotSpec spec = FunctionPlotSpec(s, t, deriv);
    plot::Range& y = deriv ? s.plots.y_df : s.plots.y_f;
    const plot::Interaction in =
        plot::Plot(deriv ? "##df" : "##f", s.plots.x, y, spec, style, ImVec2(w, h));
    (deriv ? t.df_size : t.f_size) =
        ImVec2(in.plot_max.x - in.plot_min.x, in.plot_max.y - in.plot_min.y);
    if (in.hovered) {
      hover = in.mouse_x;
      if (!ImGui::IsMouseDown(ImGuiMouseButton_Left) && !ImGui::IsMouseDown(ImGuiMouseButton_Right))
        HoverReadout(s, sh, in.mouse_x, in.mouse_y, deriv);
    }
    ImGui::PopID();
    ImGui::EndGroup();
  }
  t.hover_x = hover;
}

}  // namespace actviz::gui
