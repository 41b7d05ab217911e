// A zoomable, pannable image view shared by the original photo and its activation map:
// both views read and write one ImageState (zoom, centre), so they stay linked.
#pragma once

#include <imgui.h>

#include "gui/state/state.hpp"

namespace actviz::gui {

struct ImageViewGeometry {
  ImVec2 min, max;              // the widget
  ImVec2 shown_min, shown_max;  // where the visible part of the image lands on screen
  ImVec2 uv0, uv1;              // which part of the image that is (0…1)
  bool hovered = false;
  int px = -1, py = -1;  // the image pixel under the mouse, when hovered
};

// Lays out a view of an image of w×h pixels in a widget of `size`, handles wheel zoom about
// the cursor, drag to pan and double-click to fit, and returns where to draw. Draws the
// frame and background; the caller draws the image into shown_min/max.
ImageViewGeometry ImageView(const char* id, int w, int h, ImageState& view, ImVec2 size);

// Zoom that fits the whole image into the widget.
double FitZoom(int w, int h, ImVec2 size);

}  // namespace actviz::gui
