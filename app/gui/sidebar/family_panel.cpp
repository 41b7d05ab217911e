// The Explorer's family (issue 18): one parameter of the selected function swept over 2 … 16
// members between two ends, drawn on f and f′ in viridis order with a colour bar here and a
// legend on the plots; presets for the notes' families (softplus → ReLU, ELU α, leaky α).
// The members are core/family.hpp's; this file holds the controls.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "actviz/activations/family.hpp"
#include "actviz/image/image.hpp"
#include "gui/sidebar/sidebar.hpp"

namespace actviz::gui {
namespace {

FamilySpec SpecOf(const FamilyState& f) {
  return {f.param, f.from, f.to, f.n, f.geometric};
}

// The parameter's slider range as the family's ends, with its natural spacing.
void UseRange(FamilyState& f, const ParamSpec& p) {
  f.from = p.lo, f.to = p.hi, f.geometric = DefaultGeometric(p);
}

struct Preset {
  const char* label;
  const char* function;
  const char* param;
  double from, to;
  int n;
  bool geometric;
  const char* pin;  // a function pinned beside the family (the limit), or nullptr
};
constexpr Preset kPresets[] = {
    {"softplus → ReLU (β 0.25 … 32)", "softplus", "beta", 0.25, 32, 8, true, "relu"},
    {"ELU, α 0.1 … 3", "elu", "alpha", 0.1, 3, 8, false, nullptr},
    {"leaky ReLU, α 0 … 1", "leaky_relu", "alpha", 0, 1, 6, false, nullptr},
};

void ApplyPreset(AppState& s, const Preset& p) {
  const Activation* fn = Find(p.function);
  if (!fn) return;
  s.fn.selected = IndexOf(*fn);
  s.family = {true, std::max(0, ParamIndex(*fn, p.param)), p.from, p.to, p.n, p.geometric};
  if (!p.pin) return;
  const Activation* pin = Find(p.pin);
  const bool pinned = std::any_of(s.pins.begin(), s.pins.end(), [&](const Pin& q) {
    return q.function == IndexOf(*pin) && q.visible;
  });
  if (pin && !pinned) {
    Pin q;
    q.function = IndexOf(*pin);
    q.params = Defaults(*pin);
    q.colour = static_cast<int>(s.pins.size()) & 15;
    s.pins.push_back(q);
  }
}

}  // namespace

ImU32 FamilyColour(int i, int n) {
  // 0.05 … 0.9 of viridis: the darkest purple vanishes on the dark theme, the end on white.
  const double t = n > 1 ? 0.05 + 0.85 * i / (n - 1) : 0.5;
  const auto c = ColormapColor(Colormap::kViridis, t);
  return IM_COL32(c[0], c[1], c[2], 255);
}

void UpdateFamily(const AppState& s, App::Shared& sh) {
  sh.family.clear();
  sh.family_error.clear();
  if (!s.family.on) return;
  const Activation& fn = Selected(s);
  if (fn.params.empty()) {
    sh.family_error = std::string(fn.label) + " has no parameter to sweep";
    return;
  }
  if (auto err = FamilyMembers(fn, SelectedParams(s), SpecOf(s.family), sh.family))
    sh.family_error = *err;
}

void DrawFamily(AppState& s, App::Shared& sh) {
  FamilyState& f = s.family;
  const Activation& fn = Selected(s);
  if (ImGui::Checkbox("draw a family", &f.on) && f.on &&
      static_cast<std::size_t>(f.param) < fn.params.size())
    UseRange(f, fn.params[static_cast<std::size_t>(f.param)]);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Draw f and f′ for several values of one parameter");
  ImGui::SameLine();
  if (ImGui::BeginCombo("##preset", "presets", ImGuiComboFlags_NoPreview)) {
    for (const Preset& p : kPresets)
      if (ImGui::Selectable(p.label)) ApplyPreset(s, p);
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The notes' families");
  if (!f.on) return;
  if (fn.params.empty()) {
    ImGui::TextDisabled("%s has no parameter", std::string(fn.label).c_str());
    return;
  }
  f.param = std::clamp(f.param, 0, static_cast<int>(fn.params.size()) - 1);
  const ParamSpec& ps = fn.params[static_cast<std::size_t>(f.param)];
  const float w = ImGui::GetContentRegionAvail().x;
  if (fn.params.size() > 1) {
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##param",
                          (std::string(ps.symbol) + "  " + std::string(ps.meaning)).c_str())) {
      for (std::size_t i = 0; i < fn.params.size(); ++i) {
        const std::string label =
            std::string(fn.params[i].symbol) + "  " + std::string(fn.params[i].meaning);
        if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == f.param)) {
          f.param = static_cast<int>(i);
          UseRange(f, fn.params[i]);
        }
      }
      ImGui::EndCombo();
    }
  }
  const std::string sym(ps.symbol);
  const float half = (w - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::SetNextItemWidth(half);
  ImGui::InputDouble("##from", &f.from, 0, 0, (sym + " from %.4g").c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(half);
  ImGui::InputDouble("##to", &f.to, 0, 0, "to %.4g");
  ImGui::SetNextItemWidth(half);
  ImGui::SliderInt("##n", &f.n, kMinFamily, kMaxFamily, "%d members");
  f.n = std::clamp(f.n, kMinFamily, kMaxFamily);
  ImGui::SameLine();
  ImGui::Checkbox("geometric", &f.geometric);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A constant ratio between members (else a constant step)");

  ImGui::SameLine();
  if (ImGui::SmallButton("↺")) UseRange(f, ps);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The ends from the slider's range: %g … %g", ps.lo, ps.hi);
  UpdateFamily(s, sh);
  if (!sh.family_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ErrorTextColour(s.ui.theme));
    ImGui::TextWrapped("%s", sh.family_error.c_str());
    ImGui::PopStyleColor();
    return;
  }
  // The colour bar: one swatch per member, its ends labelled.
  const int n = static_cast<int>(sh.family.size());
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetFontSize() * 0.8f, cw = w / static_cast<float>(n);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int i = 0; i < n; ++i)
    dl->AddRectFilled(ImVec2(a.x + cw * static_cast<float>(i), a.y),
                      ImVec2(a.x + cw * static_cast<float>(i + 1), a.y + h), FamilyColour(i, n));
  ImGui::Dummy(ImVec2(w, h));
  if (ImGui::IsItemHovered()) {
    const int i = std::clamp(static_cast<int>((ImGui::GetMousePos().x - a.x) / cw), 0, n - 1);
    ImGui::SetTooltip("%s = %.6g", sym.c_str(),
                      sh.family[static_cast<std::size_t>(i)].v[static_cast<std::size_t>(f.param)]);
  }
  char lo[48], hi[48];
  std::snprintf(lo, sizeof lo, "%s = %.4g", sym.c_str(), f.from);
  std::snprintf(hi, sizeof hi, "%.4g", f.to);
  ImGui::TextDisabled("%s", lo);
  ImGui::SameLine(std::max(0.0f, w - ImGui::CalcTextSize(hi).x));
  ImGui::TextDisabled("%s", hi);
}

}  // namespace actviz::gui
