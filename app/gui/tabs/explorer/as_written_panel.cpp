// The as-written view (Herbie's accuracy plot, live): the selected function's expression — a
// formula as typed, or a catalogue row's textbook form — evaluated operation by operation in
// float32, bfloat16 or float16, drawn dashed over the true f, the x ranges where it becomes
// inf or NaN shaded, and beneath it the error in ULP of that format on a log axis, with the
// x range over which it stays within 1 ULP.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "figure/theme.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"

namespace actviz::gui {
namespace {

constexpr ImU32 kWrittenColour = IM_COL32(245, 158, 66, 255);
constexpr ImU32 kFailBand = IM_COL32(245, 158, 66, 56);  // the overlay's colour, faint
constexpr double kFloor = 0.01;  // exact points, drawn at the error axis' floor

formula::Format FormatOf(AsWrittenView v) {
  return v == AsWrittenView::kBf16  ? formula::Format::kBf16
         : v == AsWrittenView::kF16 ? formula::Format::kF16
                                    : formula::Format::kF32;
}

std::string Range(double a, double b) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "[%.4g, %.4g]", a, b);
  return buf;
}

}  // namespace

void BuildAsWritten(const AppState& s, App::Shared&, ExplorerTab& t) {
  ExplorerTab::AsWritten& aw = t.aw;
  aw.series.clear();
  aw.summary.clear();
  const formula::Formula* f = AsWrittenFormula(s.fn.selected);
  aw.available = f != nullptr;
  if (s.plots.as_written == AsWrittenView::kOff || !f || t.f.curves.empty()) return;
  const formula::Format fmt = FormatOf(s.plots.as_written);
  const Curve& c = t.f.curves[0];  // the true f at the plot's samples (NaN: a break)
  const std::vector<double> params = AsWrittenParams(s.fn.selected, SelectedParams(s));
  const std::size_t n = c.x.size();
  aw.y.assign(n, NAN);
  aw.ulp.assign(n, NAN);
  // The longest run of samples within 1 ULP, and the runs where it fails outright.
  std::size_t best_lo = 0, best_len = 0, run_lo = 0, run_len = 0, failed = 0, defined = 0;
  double first_fail = NAN;
  std::size_t fail_from = n;  // start of the current failing run
  double top = 10;
  auto close_fail = [&](std::size_t end) {
    if (fail_from < end) t.f.bands.push_back({c.x[fail_from], c.x[end - 1], kFailBand});
    fail_from = n;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const double truth = c.y[i];
    if (std::isnan(truth)) {
      close_fail(i);
      run_len = 0;
      continue;
    }
    ++defined;
    const double w = formula::AsWritten(f->f, c.x[i], params, fmt);
    const double u = formula::UlpDistance(w, truth, fmt);
    aw.y[i] = w;
    const bool fails = !std::isfinite(w) && std::isfinite(truth);
    if (fails) {
      ++failed;
      if (std::isnan(first_fail)) first_fail = c.x[i];
      if (fail_from == n) fail_from = i;
    } else {
      close_fail(i);
    }
    aw.ulp[i] = fails || !std::isfinite(u) ? NAN : std::max(u, kFloor);
    if (std::isfinite(aw.ulp[i])) top = std::max(top, aw.ulp[i]);
    if (!fails && u <= 1) {
      if (run_len == 0) run_lo = i;
      if (++run_len > best_len) best_lo = run_lo, best_len = run_len;
    } else {
      run_len = 0;
    }
  }
  close_fail(n);
  aw.top = top;
  aw.label =
      std::string("as written, ") + std::string(LabelOf(kAsWrittenViews, s.plots.as_written));
  plot::Series over;
  over.label = aw.label;
  over.x = c.x;
  over.y = aw.y;
  over.color = kWrittenColour;
  over.thickness = 1.6f;
  over.dashed = true;
  t.f.series.push_back(over);
  if (!t.f.series.empty() && t.f.series[0].label.empty()) t.f.series[0].label = t.f.labels[0];
  plot::Series err = over;
  err.label = "error in ULP";
  err.y = aw.ulp;
  err.dashed = false;
  aw.series.push_back(err);
  aw.title = aw.label + ": error in ULP (exact at the floor)";
  if (best_len == 0)
    aw.summary = "never within 1 ULP over this view";
  else if (best_len == defined)
    aw.summary = "within 1 ULP of the true f everywhere in view";
  else
    aw.summary = "within 1 ULP for x in " + Range(c.x[best_lo], c.x[best_lo + best_len - 1]);
  if (failed > 0) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "; inf or NaN (shaded) at %zu of %zu points, from x = %.4g",
                  failed, defined, first_fail);
    aw.summary += buf;
  }
}

plot::PlotSpec AsWrittenPlotSpec(const AppState& s, const ExplorerTab& t) {
  plot::PlotSpec spec;
  spec.title = t.aw.title;
  spec.x_label = "x";
  spec.y_scale = plot::Scale::kLog10;
  spec.series = t.aw.series;
  spec.cursor_x = t.hover_x;
  (void)s;
  return spec;
}

void DrawAsWrittenChoice(AppState& s, ExplorerTab& t) {
  ImGui::BeginDisabled(!t.aw.available);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("As written");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (ImGui::BeginCombo("##as_written",
                        std::string(LabelOf(kAsWrittenViews, s.plots.as_written)).c_str())) {
    for (const auto& row : kAsWrittenViews)
      if (ImGui::Selectable(std::string(row.label).c_str(), row.value == s.plots.as_written))
        s.plots.as_written = row.value;
    ImGui::EndCombo();
  }
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(t.aw.available
                          ? "Evaluate the expression as written, every operation rounded to the "
                            "format as a framework would,\nover the true f (a catalogue row: its "
                            "textbook form, e.g. softplus as log(1 + exp(x)))"
                          : "This function has no written form to evaluate");
}

void DrawAsWritten(AppState& s, App::Shared&, ExplorerTab& t, float height) {
  ImGui::TextWrapped("%s: %s", t.aw.label.c_str(), t.aw.summary.c_str());
  // The view fits the errors shown until a person pans or zooms it (then it is theirs).
  const plot::Range fit{kFloor / 2, std::max(10.0, 4 * t.aw.top)};
  if (!t.aw.fitted ||
      (t.aw.fitted->lo == s.plots.y_ulp.lo && t.aw.fitted->hi == s.plots.y_ulp.hi)) {
    s.plots.y_ulp = fit;
    t.aw.fitted = fit;
  }
  const plot::PlotSpec spec = AsWrittenPlotSpec(s, t);
  const plot::Interaction in = plot::Plot("##ulp", s.plots.x, s.plots.y_ulp, spec,
                                          PlotStyle(s.ui.theme), ImVec2(-FLT_MIN, height));
  if (in.hovered) t.hover_x = in.mouse_x;
}

}  // namespace actviz::gui
