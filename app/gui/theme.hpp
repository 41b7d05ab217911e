// Fonts (DejaVu Sans, embedded at build time, with Greek and math symbols), the dark and
// light themes, and the colours of plotted functions.
#pragma once

#include <imgui.h>

#include "gui/state.hpp"
#include "plot/plot.hpp"

namespace actviz::gui {

struct Fonts {
  ImFont* ui = nullptr;         // the interface, at base_size
  ImFont* export_x1 = nullptr;  // export fonts at 1×, 2×, 4× base_size (crisp PNGs); the window
                                // has only 1× (its larger exports render headless)
  ImFont* export_x2 = nullptr;
  ImFont* export_x4 = nullptr;
  float base_size = 15;
  ImFont* ForScale(float scale) const;
};

// Adds the fonts to the current ImGui context's atlas (before the backend builds it).
Fonts LoadFonts(float content_scale);
// Only the export font that ForScale(scale) picks (every slot points at it): a headless render
// at one scale needs no more, and building the large atlases is most of a figure's start-up.
Fonts LoadExportFont(float scale);

void ApplyTheme(Theme theme, float content_scale);
plot::Style PlotStyle(Theme theme);

// The selected function's colour, and the comparison palette for pinned functions.
ImU32 FunctionColour(Theme theme);
ImU32 PinColour(int index, Theme theme);
ImU32 NumericColour(int which, Theme theme);  // 0 forward, 1 central difference
ImU32 SaturationColour(Theme theme);
ImVec4 ErrorTextColour(Theme theme);

}  // namespace actviz::gui
