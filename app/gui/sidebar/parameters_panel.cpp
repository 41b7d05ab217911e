// Parameter sliders: α, θ and λ always in the same three rows (greyed out when the function
// has no such parameter), then β, b and the maxout pieces when it has them. Each row shows
// the symbol and meaning, marks the default on the slider, has a reset button, takes exact
// values by Ctrl+click, and refuses out-of-domain values with a visible message.
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "gui/sidebar/sidebar.hpp"

namespace actviz::gui {
namespace {

constexpr const char* kFixed[] = {"alpha", "theta", "lambda"};
constexpr const char* kFixedSymbol[] = {"α", "θ", "λ"};

// One slider row; returns true when the value changed (already validated).
bool ParamRow(AppState& s, const Activation& fn, int idx) {
  const ParamSpec& spec = fn.params[static_cast<std::size_t>(idx)];
  Params& p = SelectedParams(s);
  double v = p.v[static_cast<std::size_t>(idx)];
  ImGui::PushID(idx);
  // "α  negative slope" on its own line, so the slider below has the full width for its value.
  ImGui::Text("%s", std::string(spec.symbol).c_str());
  ImGui::SameLine(ImGui::GetFontSize() * 2.0f);
  ImGui::TextDisabled("%s", std::string(spec.meaning).c_str());
  const float reset_w = ImGui::GetFrameHeight();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - reset_w -
                          ImGui::GetStyle().ItemSpacing.x);
  const bool log = spec.lo > 0 && spec.hi / spec.lo >= 100;
  const std::string fmt = std::string(spec.symbol) + " = %.4g";
  ImGuiSliderFlags flags = log ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None;
  bool changed = false;
  if (spec.domain == Domain::kCount) {  // whole numbers only: an int slider
    int n = static_cast<int>(v);
    const int lo = static_cast<int>(spec.lo), hi = static_cast<int>(spec.hi);
    const std::string ifmt = std::string(spec.symbol) + " = %d";
    changed = ImGui::SliderInt("##v", &n, lo, hi, ifmt.c_str(), ImGuiSliderFlags_AlwaysClamp);
    v = n;
  } else {
    changed = ImGui::SliderScalar("##v", ImGuiDataType_Double, &v, &spec.lo, &spec.hi, fmt.c_str(),
                                  flags);
  }
  // The default, as a small tick under the slider.
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  double t = (spec.def - spec.lo) / (spec.hi - spec.lo);
  if (log) t = std::log(spec.def / spec.lo) / std::log(spec.hi / spec.lo);
  if (t >= 0 && t <= 1) {
    const float grab = ImGui::GetStyle().GrabMinSize;
    const float px = a.x + grab * 0.5f + static_cast<float>(t) * (b.x - a.x - grab);
    ImGui::GetWindowDrawList()->AddTriangleFilled(ImVec2(px, b.y - 5), ImVec2(px - 4, b.y),
                                                  ImVec2(px + 4, b.y),
                                                  ImGui::GetColorU32(ImGuiCol_TextDisabled));
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
    ImGui::SetTooltip("%s — %s (default %g)\nCtrl+click to type an exact value",
                      std::string(spec.symbol).c_str(), std::string(spec.meaning).c_str(),
                      spec.def);
  ImGui::SameLine();
  if (ImGui::Button("↺", ImVec2(reset_w, 0))) {
    v = spec.def;
    changed = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Reset to the default (%g)", spec.def);
  ImGui::PopID();
  if (!changed) return false;
  Params trial = p;
  trial.v[static_cast<std::size_t>(idx)] = v;
  if (auto err = Validate(fn, trial)) {
    Notify(s, *err + "; kept " + std::to_string(p.v[static_cast<std::size_t>(idx)]), true);
    return false;
  }
  p = trial;
  return true;
}

}  // namespace

void DrawParameters(AppState& s) {
  const Activation& fn = Selected(s);
  if (IsFormula(s.fn.selected)) {  // a formula's own parameters, in the order it names them
    for (std::size_t i = 0; i < fn.params.size(); ++i)
      ParamRow(s, fn, static_cast<int>(i));
    if (fn.params.empty())
      ImGui::TextDisabled("none: any name in the formula other than x is a parameter");
    else if (ImGui::SmallButton("Reset all"))
      SelectedParams(s) = DefaultsAt(s.fn.selected);
    return;
  }
  for (int k = 0; k < 3; ++k) {
    const int idx = ParamIndex(fn, kFixed[k]);
    if (idx >= 0) {
      ParamRow(s, fn, idx);
      continue;
    }
    ImGui::BeginDisabled();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s", kFixedSymbol[k]);
    ImGui::SameLine(ImGui::GetFontSize() * 2.0f);
    ImGui::TextDisabled("— (%s has no %s)", std::string(fn.label).c_str(), kFixedSymbol[k]);
    ImGui::EndDisabled();
  }
  // A count (maxout's k) comes first; then the parameters, without the pieces it leaves out
  // (piece j is parameters 2j and 2j + 1).
  std::array<AffinePiece, kMaxPieces> pieces;
  const int used = AffinePieces(fn, SelectedParams(s), pieces);
  for (std::size_t i = 0; i < fn.params.size(); ++i)
    if (fn.params[i].domain == Domain::kCount) ParamRow(s, fn, static_cast<int>(i));
  for (std::size_t i = 0; i < fn.params.size(); ++i) {
    const std::string_view name = fn.params[i].name;
    if (name == "alpha" || name == "theta" || name == "lambda") continue;
    if (fn.params[i].domain == Domain::kCount) continue;
    if (used > 0 && i < 2 * kMaxPieces && static_cast<int>(i) >= 2 * used) continue;
    ParamRow(s, fn, static_cast<int>(i));
    // Softplus_β is the note's log_t(1 + t^x) with t = e^β: show the base beside β.
    if (fn.name == "softplus" && name == "beta")
      ImGui::TextDisabled("   t = e^β = %.6g  (log_t(1 + t^x))", std::exp(SelectedParams(s).v[i]));
  }
  if (!fn.params.empty()) {
    if (ImGui::SmallButton("Reset all")) SelectedParams(s) = Defaults(fn);
  }
}

}  // namespace actviz::gui
