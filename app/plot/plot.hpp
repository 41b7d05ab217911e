// The plot widget: a 2-D line plot drawn with ImDrawList, with ImPlot-style interaction (drag
// to pan, wheel zoom, box zoom, double-click fit) and an offscreen renderer for PNG export.
// Reusable: it knows nothing about activations. Axis arithmetic lives in plot/ticks.hpp.
#pragma once

#include <imgui.h>

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "plot/ticks.hpp"

namespace actviz::plot {

// One polyline. A NaN in x or y (and on a log axis a y <= 0) breaks it: no segment joins
// across. ±inf and huge values are drawn towards the edge of the view, never as NaN.
struct Series {
  std::string_view label;        // legend text (UTF-8); empty = not in the legend
  std::span<const double> x, y;  // same length (the shorter one wins)
  ImU32 color = 0;               // 0 = Style::palette[index of the series % 8]
  float thickness = 2.0f;        // pixels at scale 1
  bool dashed = false;           // for overlays such as a numerical derivative
};

// A circle at a data point: filled = the closed end of an interval, hollow = the open end
// (the two sides of a jump). color 0 = the series colour palette[0].
struct Marker {
  double x = 0, y = 0;
  bool filled = true;
  ImU32 color = 0;
};

// A full-height shaded x-interval (saturation regions, ...), drawn under the grid. Bounds
// may be ±inf and in either order. color 0 = Style::band.
struct Band {
  double x0 = 0, x1 = 0;
  ImU32 color = 0;
};

// A grid of values drawn as coloured cells over the grid lines and under the series (a
// density over layer × value, a phase diagram): `cols` × `rows` cells spanning [x0, x1] ×
// [y0, y1], row 0 at y0; a value maps linearly from [lo, hi] onto `colors` (lowest first);
// NaN cells are left out. The caller owns the arrays.
struct Heatmap {
  int cols = 0, rows = 0;
  std::span<const float> values;  // rows × cols, row-major
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  double lo = 0, hi = 1;
  std::span<const ImU32> colors;
};

// Colours of every part of the plot. Style{} is Dark().
struct Style {
  ImU32 canvas = IM_COL32(20, 22, 27, 255);        // the whole widget behind labels
  ImU32 background = IM_COL32(26, 29, 35, 255);    // the plot area (#1a1d23)
  ImU32 frame = IM_COL32(64, 70, 80, 255);         // border of the plot area
  ImU32 grid = IM_COL32(46, 51, 59, 255);          // major grid (#2e333b)
  ImU32 grid_minor = IM_COL32(34, 38, 45, 255);    // subdivisions
  ImU32 axis = IM_COL32(98, 106, 120, 255);        // the lines x = 0 and y = 0
  ImU32 text = IM_COL32(220, 223, 228, 255);       // title, axis labels, legend
  ImU32 text_dim = IM_COL32(145, 152, 163, 255);   // tick labels, mouse read-out
  ImU32 legend_bg = IM_COL32(20, 22, 27, 215);     // legend and read-out boxes
  ImU32 crosshair = IM_COL32(200, 206, 216, 120);  // hover and linked cursor lines
  ImU32 selection = IM_COL32(90, 150, 250, 45);    // box-zoom rectangle (border: opaque)
  ImU32 band = IM_COL32(240, 170, 70, 26);         // default band fill
  std::array<ImU32, 8> palette = {IM_COL32(86, 156, 245, 255),  IM_COL32(245, 166, 60, 255),
                                  IM_COL32(96, 201, 138, 255),  IM_COL32(232, 92, 84, 255),
                                  IM_COL32(176, 132, 230, 255), IM_COL32(80, 196, 205, 255),
                                  IM_COL32(228, 126, 186, 255), IM_COL32(200, 184, 92, 255)};
  float font_size = 0;  // 0 = the current ImGui font size (Render multiplies it by scale)

  static Style Dark();   // for ImGui's dark theme
  static Style Light();  // for documents: white, light grey grid, dark text
  ImU32 SeriesColor(const Series& s, std::size_t index) const {
    return s.color != 0 ? s.color : palette[index % palette.size()];
  }
};

struct PlotSpec {
  std::string_view title, x_label, y_label;
  Scale y_scale = Scale::kLinear;  // x is always linear
  std::span<const Series> series;
  std::span<const Marker> markers;
  std::span<const Band> bands;
  std::span<const Heatmap> heatmaps;
  std::optional<double> cursor_x;  // a vertical crosshair here (the hover of a linked plot)
  bool legend = true;              // top-left, when any series has a label
  bool mouse_readout = true;       // "x, y" of the mouse in the bottom-right corner (Plot only)
};

struct Interaction {
  bool hovered = false;             // the mouse is over the plot area (not the margins)
  double mouse_x = 0, mouse_y = 0;  // data coordinates under the cursor when hovered
  bool changed = false;             // the view was panned/zoomed/fitted (or repaired) this frame
  ImVec2 plot_min, plot_max;        // the inner plot area in screen pixels
};

// Interactive widget in the current ImGui window occupying `size` (0 = available width /
// a default height; negative = available minus that, as ImGui::CalcItemSize).
// x and y are the views, owned by the caller: two plots sharing one `Range& x` are linked.
// Left-drag pans; the wheel zooms about the cursor (both axes; Shift: x only, Ctrl: y only);
// double-click fits the view to the finite data of the series (a log axis to whole decades);
// right-drag draws a box to zoom into (a thin box zooms one axis only). Over the tick labels
// of one axis, drag, wheel and double-click act on that axis alone. Hover: crosshair.
Interaction Plot(const char* id, Range& x, Range& y, const PlotSpec& spec, const Style& style,
                 ImVec2 size);

// Draws the same plot without interaction into `dl` inside [min, max] at `scale` (line widths,
// marker radii, paddings and the font size multiply by it), for offscreen PNG export. `font`
// (nullptr = the current font) may be built at a larger pixel size for crisp text; it must
// live in the atlas whose texture the draw list is rendered with (io.Fonts). Render fills
// [min, max] with Style::canvas, pushes its own clip rect and the font texture, and turns on
// anti-aliased lines and fills for its own primitives.
void Render(ImDrawList* dl, ImVec2 min, ImVec2 max, const Range& x, const Range& y,
            const PlotSpec& spec, const Style& style, float scale, ImFont* font);

// FitRange (the view of some data) is declared in plot/ticks.hpp.

namespace detail {

// Screen polylines of one series, ready for AddPolyline: transformed in double precision,
// broken at NaN (and at y <= 0 on a log axis), each segment clipped to [clip_min, clip_max]
// (so a value like 1e300 never reaches a float), and thinned: consecutive points within one
// pixel column collapse to the first, lowest, highest and last of them, so spikes survive.
struct Polylines {
  std::vector<ImVec2> points;
  std::vector<int> sizes;  // points of each polyline, in order; every size >= 2
};
void BuildPolylines(std::span<const double> xs, std::span<const double> ys, const Transform& tx,
                    const Transform& ty, ImVec2 clip_min, ImVec2 clip_max, Polylines& out);

}  // namespace detail
}  // namespace actviz::plot
