// Formula and facts of the selected function: the formula text, and range, monotonicity,
// zero-centring, smoothness, steepest slope and saturation computed from the core (off the
// UI thread; the last result stays on screen, marked, while a new one is computed).
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "actviz/activations/family.hpp"
#include "gui/sidebar/sidebar.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"

namespace actviz::gui {
namespace {

std::string Num(double v) {
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  if (std::fabs(v) < 1e-12) v = 0;  // quadrature noise around an exact 0
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  std::string s = buf;
  if (s[0] == '-') s = "−" + s.substr(1);
  return s;
}

// A label and its value in two columns; the value wraps at the panel's edge.
void Row(const char* label, const std::string& value, const char* help = nullptr) {
  ImGui::TextDisabled("%s", label);
  if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
  ImGui::SameLine(ImGui::GetFontSize() * 7.5f);
  ImGui::TextWrapped("%s", value.c_str());
}

}  // namespace

void DrawFacts(AppState& s, ExplorerTab& t) {
  const Activation& fn = Selected(s);
  const Params& p = SelectedParams(s);
  ImGui::Text("%s", DisplayName(fn, p).c_str());
  ImGui::TextWrapped("%s", std::string(fn.formula).c_str());
  ImGui::TextWrapped("%s", std::string(fn.derivative).c_str());
  // The limit the notes derive: softplus_β → ReLU as β → ∞, the gap shrinking like ln 2/β.
  if (fn.name == "softplus") {
    const int b = ParamIndex(fn, "beta");
    const double beta = b >= 0 ? p.v[static_cast<std::size_t>(b)] : NAN;
    char gap[128];
    std::snprintf(gap, sizeof gap, "max |f − ReLU| = ln 2/β = %s, at x = 0 (t = e^β = %s)",
                  Num(SoftplusReluGap(beta)).c_str(), Num(std::exp(beta)).c_str());
    Row("to ReLU", gap, "softplus_β(x) − max(0, x) = ln(1 + e^(−β|x|))/β: largest at x = 0");
  }
  ImGui::Spacing();

  t.facts.Request(s.fn.selected, p);
  bool current = false;
  const Facts* f = t.facts.Latest(s.fn.selected, p, current);
  if (!f) {
    ImGui::TextDisabled("computing facts…");
    return;
  }
  if (!current) ImGui::BeginDisabled();
  {
    Row("range", FormatRange(*f), "[ ] attained, ( ) approached only as a limit");
    Row("monotonic", f->monotonic > 0   ? "yes, non-decreasing"
                     : f->monotonic < 0 ? "yes, non-increasing"
                                        : "no");
    std::string zc = std::isnan(f->mean_normal)
                         ? std::string("—")
                         : (f->zero_centred ? "yes" : "no") + std::string(" (E[f(X)] = ") +
                               Num(f->mean_normal) + ", X ~ N(0, 1))";
    Row("zero-centred", zc, "Whether outputs average to 0 for standard normal inputs");
    Row("smoothness", std::string(SmoothnessLabel(f->smoothness)));
    const Interval& at = f->max_slope_at;
    Row("max |f′|", Num(f->max_slope) + (at.lo == at.hi ? ", at " : ", for ") + FormatWhere(at));
    char sat[64];
    std::snprintf(sat, sizeof sat, "%.4g %% of N(0, 1) inputs", 100 * f->saturated_normal);
    Row("saturated", sat,
        "Fraction of standard normal inputs where |f′(x)| < 0.01:\n"
        "gradients through those units nearly vanish");
  }
  if (!current) ImGui::EndDisabled();
}

}  // namespace actviz::gui
