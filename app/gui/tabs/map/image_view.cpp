// Image view geometry and interaction. The view is a centre (in image fractions) and a zoom
// (screen pixels per image pixel; 0 means "fit", recomputed as the widget resizes).
#include "gui/tabs/map/image_view.hpp"

#include <algorithm>
#include <cmath>

namespace actviz::gui {

double FitZoom(int w, int h, ImVec2 size) {
  if (w <= 0 || h <= 0) return 1;
  return std::min(size.x / w, size.y / h);
}

ImageViewGeometry ImageView(const char* id, int w, int h, ImageState& v, ImVec2 size) {
  ImageViewGeometry g;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size, ImGuiButtonFlags_MouseButtonLeft);
  g.min = p;
  g.max = ImVec2(p.x + size.x, p.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(g.min, g.max, ImGui::GetColorU32(ImGuiCol_FrameBg));
  if (w <= 0 || h <= 0) return g;

  const double fit = FitZoom(w, h, size);
  double zoom = v.zoom > 0 ? v.zoom : fit;
  const ImGuiIO& io = ImGui::GetIO();
  g.hovered = ImGui::IsItemHovered();
  // Screen position of image point (u, v) in pixels: centre of the widget + zoom·offset.
  auto to_screen = [&](double ix, double iy) {
    return ImVec2(static_cast<float>(p.x + size.x / 2 + (ix - v.cx * w) * zoom),
                  static_cast<float>(p.y + size.y / 2 + (iy - v.cy * h) * zoom));
  };
  auto to_image = [&](ImVec2 s) {
    return std::pair<double, double>{v.cx * w + (s.x - p.x - size.x / 2) / zoom,
                                     v.cy * h + (s.y - p.y - size.y / 2) / zoom};
  };
  if (g.hovered && io.MouseWheel != 0) {  // zoom about the cursor
    const auto [ix, iy] = to_image(io.MousePos);
    const double nz = std::clamp(zoom * std::pow(1.25, io.MouseWheel), fit / 4, 64.0);
    v.cx = (ix - (io.MousePos.x - p.x - size.x / 2) / nz) / w;
    v.cy = (iy - (io.MousePos.y - p.y - size.y / 2) / nz) / h;
    v.zoom = zoom = nz;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0)) {
    v.cx -= io.MouseDelta.x / zoom / w;
    v.cy -= io.MouseDelta.y / zoom / h;
    if (v.zoom <= 0) v.zoom = zoom;
  }
  if (g.hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    v.zoom = 0;
    v.cx = v.cy = 0.5;
    zoom = fit;
  }
  v.cx = std::clamp(v.cx, 0.0, 1.0);
  v.cy = std::clamp(v.cy, 0.0, 1.0);

  // The visible part of the image: its screen rectangle clipped to the widget.
  const ImVec2 a = to_screen(0, 0), b = to_screen(w, h);
  g.shown_min = ImVec2(std::max(a.x, g.min.x), std::max(a.y, g.min.y));
  g.shown_max = ImVec2(std::min(b.x, g.max.x), std::min(b.y, g.max.y));
  const auto [u0, v0] = to_image(g.shown_min);
  const auto [u1, v1] = to_image(g.shown_max);
  g.uv0 = ImVec2(static_cast<float>(u0 / w), static_cast<float>(v0 / h));
  g.uv1 = ImVec2(static_cast<float>(u1 / w), static_cast<float>(v1 / h));
  if (g.hovered) {
    const auto [ix, iy] = to_image(io.MousePos);
    if (ix >= 0 && iy >= 0 && ix < w && iy < h) {
      g.px = static_cast<int>(ix);
      g.py = static_cast<int>(iy);
    }
  }
  return g;
}

}  // namespace actviz::gui
