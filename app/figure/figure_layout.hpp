// The classic 3×2 figure: f and f′, the input and output histograms, the original photo
// and its activation map. One drawing function serves the headless `actviz figure`, the
// GUI's Figure tab and its export, so all three are the same picture.
#pragma once

#include <string>

#include <imgui.h>

#include "figure/curves.hpp"
#include "figure/hist_plots.hpp"
#include "plot/plot.hpp"

namespace actviz::figure {

struct FigureImage {
  ImTextureID texture = nullptr;  // RGBA or gray texture of the whole image
  int width = 0, height = 0;
  std::string title;
  bool flip_v = false;  // a texture rendered by GL (first row at the bottom)
};

struct FigureData {
  std::string title;  // "GELU — f(x) = x·Φ(x)"
  PlotData f, df;
  plot::Range x{-6, 6}, y_f{-1, 1}, y_df{-1, 1};
  HistPlot in, out;
  FigureImage original, map;
  // The map's colour bar: colours across [lo, hi].
  ImU32 colour_bar[64] = {};
  double map_lo = 0, map_hi = 1;
};

// Draws the figure into [min, max] at `scale` (1 = 1200×1200 proportions) with `font`.
void DrawFigure(ImDrawList* dl, ImVec2 min, ImVec2 max, const FigureData& d,
                const plot::Style& style, float scale, ImFont* font);

// The photo and its activation map side by side with the map's colour bar (the map tab's
// "Save figure").
void DrawMapFigure(ImDrawList* dl, ImVec2 min, ImVec2 max, const FigureData& d,
                   const plot::Style& style, float scale, ImFont* font);

}  // namespace actviz::figure
