// The Activation map tab: a photo (the built-in cameraman, a dropped file, or a path) made
// gray, centred and scaled, pushed through the function. The original and the map sit side
// by side with linked zoom and pan; the map is computed live on the GPU for what is on screen;
// hovering reads pixel, input, f(x) and f′(x); a small histogram shows the map's values; the
// export writes the full-resolution map computed by the core's float32 kernel.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "actviz/activations/kernels.hpp"
#include "actviz/image/image.hpp"
#include "figure/theme.hpp"
#include "gui/tabs/map/image_view.hpp"
#include "gui/tabs/map/map_tab.hpp"

namespace actviz::gui {

namespace {

void Controls(AppState& s, App::Shared& sh, const ImageData* img, bool busy) {
  ImageState& im = s.image;
  const float w = ImGui::GetFontSize() * 6.5f;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  const bool enter =
      ImGui::InputTextWithHint("##path", "photo path (or drop a file here)", &sh.photo.path_edit,
                               ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ImGui::Button("Open") || enter) im.path = sh.photo.path_edit;
  ImGui::SameLine();
  if (ImGui::Button("Built-in")) im.path.clear(), sh.photo.path_edit.clear();
  ImGui::SameLine();
  if (busy)
    ImGui::TextDisabled("loading…");
  else if (img)
    ImGui::TextDisabled("%s  %d × %d", img->name.c_str(), img->width, img->height);
  if (!busy && img && img->display_w > 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("(shown at %d × %d; Save map… writes every pixel)", img->display_w,
                        img->display_h);
  }

  ImGui::SetNextItemWidth(w);
  EnumCombo("##gray", im.gray, kGrayModes);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Gray conversion of the photo");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  EnumCombo("##center", im.center, kCenterModes);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Centre c: x = gain·(v − c)");
  if (im.center == CenterMode::kValue) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    double lo = 0, hi = 1;
    ImGui::SliderScalar("##cv", ImGuiDataType_Double, &im.center_value, &lo, &hi, "c = %.3f");
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 1.3f);
  double glo = 0.1, ghi = 100;
  ImGui::SliderScalar("##gain", ImGuiDataType_Double, &im.gain, &glo, &ghi, "gain = %.3g",
                      ImGuiSliderFlags_Logarithmic);
  if (!std::isfinite(im.gain)) im.gain = 1;
  ImGui::SameLine();
  ImGui::Checkbox("auto range", &im.auto_range);
  if (!im.auto_range) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 1.6f);
    double r[2] = {im.lo, im.hi};
    if (ImGui::InputScalarN("##range", ImGuiDataType_Double, r, 2, nullptr, nullptr, "%.4g")) {
      if (r[0] < r[1] && std::isfinite(r[0]) && std::isfinite(r[1]))
        im.lo = r[0], im.hi = r[1];
      else
        Notify(s, "the output range needs lo < hi", true);
    }
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  EnumCombo("##cmap", im.colormap, kColormaps);
  ImGui::SameLine();
  if (ImGui::Button("1:1")) im.zoom = 1;
  ImGui::SameLine();
  if (ImGui::Button("Fit")) im.zoom = 0, im.cx = im.cy = 0.5;
  ImGui::SameLine();
  if (ImGui::Button("Save map…")) sh.OpenExport(ExportTarget::kMap);
  ImGui::SameLine();
  if (ImGui::Button("Save figure…")) sh.OpenExport(ExportTarget::kMapFigure);
}

// A small histogram of the map's values over its range, and the colour bar under it.
void DrawMapStrip(const AppState& s, App::Shared& sh, MapTab& t, Range range) {
  const MapSample& m = sh.photo.sample;
  const float w = ImGui::GetContentRegionAvail().x;
  const float bar_h = ImGui::GetFontSize() * 0.9f;
  const float h = std::max(
      40.0f, ImGui::GetContentRegionAvail().y - bar_h - 2 * ImGui::GetStyle().ItemSpacing.y);
  // The fraction of the sampled pixels in each bin.
  Stairs(
      m.hist.counts.empty() ? std::span<const double>() : std::span<const double>(m.hist.edges), 0,
      [&](std::size_t i) {
        return static_cast<double>(m.hist.counts[i]) / static_cast<double>(m.y.size());
      },
      t.strip_x, t.strip_y);
  plot::Series ser;
  ser.label = "";
  ser.x = t.strip_x;
  ser.y = t.strip_y;
  ser.color = FunctionColour(sh.theme);
  ser.thickness = 1.4f;
  plot::PlotSpec spec;
  spec.series = {&ser, 1};
  spec.mouse_readout = false;
  plot::Range x{range.lo, range.hi > range.lo ? range.hi : range.lo + 1}, y{0, 1};
  double top = 0;
  for (double v : t.strip_y)
    top = std::max(top, v);
  y.hi = top > 0 ? top * 1.15 : 1;
  const double pad = (x.hi - x.lo) * 0.02;
  x = {x.lo - pad, x.hi + pad};
  const plot::Interaction in =
      plot::Plot("##maphist", x, y, spec, PlotStyle(s.ui.theme), ImVec2(w, h));
  // The colour bar, aligned with the histogram's x axis.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float x0 = in.plot_min.x, x1 = in.plot_max.x;
  const int steps = 128;
  for (int i = 0; i < steps; ++i) {
    const double a = x.lo + (x.hi - x.lo) * i / steps, b = x.lo + (x.hi - x.lo) * (i + 1) / steps;
    const double t = std::clamp((0.5 * (a + b) - range.lo) / (range.hi - range.lo), 0.0, 1.0);
    const std::array<std::uint8_t, 3> c = ColormapColor(s.image.colormap, t);
    dl->AddRectFilled(ImVec2(x0 + (x1 - x0) * i / steps, p.y),
                      ImVec2(x0 + (x1 - x0) * (i + 1) / steps + 1, p.y + bar_h),
                      IM_COL32(c[0], c[1], c[2], 255));
  }
  ImGui::Dummy(ImVec2(w, bar_h));
}

}  // namespace

void MapTab::Draw(AppState& s, App::Shared& sh) {
  ImageState& im = s.image;
  sh.photo.images.Request(ImageRequestOf(s));
  bool busy = false;
  std::shared_ptr<const ImageData> img = sh.photo.images.Latest(busy);
  Controls(s, sh, img.get(), busy);
  if (!img) return;
  UpdateMapSample(s, sh.photo, *img);
  const Range range = im.auto_range ? sh.photo.sample.range : Range{im.lo, im.hi};
  sh.photo.range = range;

  // Two views side by side, a strip for the histogram and the colour bar underneath.
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float vw = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
  const float strip = ImGui::GetFontSize() * 6.5f;
  const float vh = std::max(64.0f, ImGui::GetContentRegionAvail().y - strip);
  const ImVec2 size(vw, vh);
  ImageViewGeometry g[2];
  for (int k = 0; k < 2; ++k) {
    if (k) ImGui::SameLine();
    ImGui::PushID(k);
    g[k] = ImageView("##view", img->width, img->height, im, size);
    ImGui::PopID();
  }
  // The original: the gray texture; the map: rendered on the GPU at display resolution.
  if (sh.photo.uploaded != img->serial) {
    if (auto err = sh.photo.UploadImage(img)) Notify(s, *err, true);
    sh.photo.uploaded = img->serial;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int k = 0; k < 2; ++k) {
    if (g[k].shown_max.x <= g[k].shown_min.x || g[k].shown_max.y <= g[k].shown_min.y) continue;
    ImTextureID tex = k == 0 ? sh.photo.GrayTexture()
                             : sh.photo.RenderMap(s, g[k].uv0, g[k].uv1,
                                                  ImVec2(g[k].shown_max.x - g[k].shown_min.x,
                                                         g[k].shown_max.y - g[k].shown_min.y));
    if (!tex) continue;
    // The map was rendered by GL into a texture whose first row is the bottom: flip it.
    const ImVec2 uv0 = k == 0 ? g[k].uv0 : ImVec2(0, 1), uv1 = k == 0 ? g[k].uv1 : ImVec2(1, 0);
    dl->AddImage(tex, g[k].shown_min, g[k].shown_max, uv0, uv1);
  }
  for (int k = 0; k < 2; ++k) {
    dl->AddText(ImVec2(g[k].min.x + 6, g[k].min.y + 4), IM_COL32(230, 230, 230, 220),
                k == 0 ? "original" : "activation map");
  }

  // Hover: the pixel, its input and the function there.
  for (const ImageViewGeometry& gg : g) {
    if (!gg.hovered || gg.px < 0) continue;
    const std::size_t i = static_cast<std::size_t>(gg.py) * img->width + gg.px;
    const double x = img->x[i];
    const Activation& fn = Selected(s);
    const Params& p = SelectedParams(s);
    ImGui::SetTooltip(
        "pixel (%d, %d)\ngray v = %.4f   x = gain·(v − c) = %.6g\nf(x) = %.6g   "
        "f′(x) = %.6g",
        gg.px, gg.py, img->gray8[i] / 255.0, x, fn.f(x, p), fn.df(x, p));
  }

  // The strip: a histogram of the map's values (subsample) and the colour bar of the range.
  DrawMapStrip(s, sh, *this, range);
}

}  // namespace actviz::gui
