// Fonts and colours. The font bytes are linked in by cmake/Embed.cmake from Debian's
// fonts-dejavu-core, so the binary needs no files at run time.
#include "figure/theme.hpp"

#include <cmath>

extern "C" const unsigned char actviz_font_dejavu_sans[];
extern "C" const unsigned char actviz_font_dejavu_sans_end[];

namespace actviz::figure {
namespace {

// Latin, Greek and the symbols the formulas use: ′ ² ³ ⁻ ˣ ½ ⅙ · √ ∞ − ≤ ≥ ↔ Φ φ σ …
const ImWchar kGlyphs[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 (· ² ³ ½)
    0x02B0, 0x02FF,  // spacing modifier letters (ˣ)
    0x0370, 0x03FF,  // Greek
    0x2000, 0x206F,  // punctuation (′ – — …)
    0x2070, 0x209F,  // superscripts and subscripts (⁻ ⁰ … ₁ ₂)
    0x2150, 0x218F,  // number forms (⅙)
    0x2190, 0x21FF,  // arrows (↔ ↺)
    0x2200, 0x22FF,  // mathematical operators (√ ∞ − ≤ ≥)
    0,
};

// What exported plots and figures print: ASCII, Latin-1 (· ² ½), Greek, ′ − …, super- and
// subscripts, √ ∞. A smaller set than the UI's keeps the large export fonts cheap to build.
const ImWchar kExportGlyphs[] = {
    0x0020, 0x00FF, 0x02B0, 0x02FF, 0x0370, 0x03FF, 0x2010, 0x2044, 0x2070,
    0x209F, 0x2150, 0x215F, 0x2190, 0x21FF, 0x2200, 0x2264, 0,
};

ImU32 Hex(unsigned rgb, int alpha = 255) {
  return IM_COL32((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, alpha);
}

ImFont* AddFont(float size, const ImWchar* glyphs = kGlyphs) {
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // the bytes live in the binary's .rodata
  // Horizontal oversampling sharpens small text; at export sizes it only costs start-up time.
  cfg.OversampleH = size < 24 ? 2 : 1;
  cfg.PixelSnapH = false;
  const int bytes = static_cast<int>(actviz_font_dejavu_sans_end - actviz_font_dejavu_sans);
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(
      const_cast<unsigned char*>(actviz_font_dejavu_sans), bytes, size, &cfg, glyphs);
}

}  // namespace

Fonts LoadFonts(float content_scale) {
  Fonts f;
  f.base_size = std::round(15.0f * content_scale);
  f.ui = AddFont(f.base_size);
  ImGui::GetIO().FontDefault = f.ui;
  return f;
}

Fonts LoadExportFont(float scale) {
  Fonts f;
  const float size = f.base_size * (scale >= 3.5f ? 4 : (scale >= 1.5f ? 2 : 1));
  f.ui = AddFont(size, size == f.base_size ? kGlyphs : kExportGlyphs);
  ImGui::GetIO().FontDefault = f.ui;
  // Layouts size text as ImGui::GetFontSize() × scale, as in the window (base_size there):
  // the larger font must not enlarge that base as well.
  ImGui::GetIO().FontGlobalScale = f.base_size / size;
  return f;
}

void ApplyTheme(Theme theme, float content_scale) {
  ImGuiStyle style;
  if (theme == Theme::kLight) {
    ImGui::StyleColorsLight(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.96f, 0.97f, 1);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.98f, 0.98f, 0.99f, 1);
  } else {
    ImGui::StyleColorsDark(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.086f, 0.094f, 0.11f, 1);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.10f, 0.11f, 0.13f, 1);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.18f, 0.21f, 1);
    style.Colors[ImGuiCol_Header] = ImVec4(0.20f, 0.36f, 0.58f, 0.55f);
    style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.13f, 0.2f, 0.3f, 1);
  }
  style.WindowRounding = 0;
  style.ChildRounding = 4;
  style.FrameRounding = 3;
  style.GrabRounding = 3;
  style.PopupRounding = 4;
  style.WindowBorderSize = 0;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.ScaleAllSizes(content_scale);
  ImGui::GetStyle() = style;
}

plot::Style PlotStyle(Theme theme) {
  return theme == Theme::kLight ? plot::Style::Light() : plot::Style::Dark();
}

ImU32 FunctionColour(Theme theme) {
  return theme == Theme::kLight ? Hex(0x1F5FA8) : Hex(0x5AB0FF);
}

ImU32 PinColour(int index, Theme theme) {
  // Tableau 10 without its blue (the selected function's colour).
  static constexpr unsigned kDark[] = {0xF28E2B, 0x59A14F, 0xE15759, 0xB07AA1, 0x76B7B2,
                                       0xEDC948, 0xFF9DA7, 0x9C755F, 0xBAB0AC};
  static constexpr unsigned kLight[] = {0xD1661A, 0x3C7F33, 0xC8323A, 0x8A4F80, 0x3E8C86,
                                        0xB38F00, 0xD9577A, 0x7A5538, 0x6F6A66};
  const int n = static_cast<int>(std::size(kDark));
  const int i = ((index % n) + n) % n;
  return Hex(theme == Theme::kLight ? kLight[i] : kDark[i]);
}

ImU32 NumericColour(int which, Theme theme) {
  if (theme == Theme::kLight) return which == 0 ? Hex(0xD1661A) : Hex(0x3C7F33);
  return which == 0 ? Hex(0xF28E2B) : Hex(0x8CD17D);
}

ImU32 SaturationColour(Theme theme) {
  return theme == Theme::kLight ? Hex(0xE15759, 28) : Hex(0xE15759, 34);
}

ImVec4 ErrorTextColour(Theme theme) {
  return theme == Theme::kLight ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(1.0f, 0.45f, 0.42f, 1);
}

}  // namespace actviz::figure
