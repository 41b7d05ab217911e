// Fonts (DejaVu Sans, embedded at build time, with Greek and math symbols), the dark and
// light themes, and the colours of plotted functions.
#pragma once

#include <imgui.h>

#include "plot/plot.hpp"

namespace actviz::figure {

enum class Theme : int { kDark = 0, kLight = 1 };

struct Fonts {
  // The interface's font at base_size; on a headless canvas, the one export font (see below).
  ImFont* ui = nullptr;
  float base_size = 15;
};

// Adds the fonts to the current ImGui context's atlas (before the backend builds it). The
// window's exports at 2× and 4× render headless (RenderPlotPng) with fonts of their size:
// building those here cost the first frame ~70 ms.
Fonts LoadFonts(float content_scale);
// One font for a headless render at `scale` (base_size × 1, 2 or 4, whichever is crisp there),
// with ImGui::GetFontSize() kept at base_size: building only what is drawn is most of a
// figure's start-up saved.
Fonts LoadExportFont(float scale);

void ApplyTheme(Theme theme, float content_scale);
plot::Style PlotStyle(Theme theme);

// The selected function's colour, and the comparison palette for pinned functions.
ImU32 FunctionColour(Theme theme);
ImU32 PinColour(int index, Theme theme);
ImU32 NumericColour(int which, Theme theme);  // 0 forward, 1 central difference
ImU32 SaturationColour(Theme theme);
ImVec4 ErrorTextColour(Theme theme);

}  // namespace actviz::figure
