// Layout of the 3×2 figure: a title line, then three rows of two panels.
#include "figure/figure_layout.hpp"

#include <algorithm>
#include <cstdio>

namespace actviz::figure {
namespace {

// An image fitted into a panel (aspect kept), with a title above it.
void DrawImagePanel(ImDrawList* dl, ImVec2 a, ImVec2 b, const FigureImage& img,
                    const plot::Style& style, float scale, ImFont* font, float font_size) {
  const float title_h = font_size * 1.6f;
  const ImVec2 tsize = font->CalcTextSizeA(font_size, FLT_MAX, 0, img.title.c_str());
  dl->AddText(font, font_size, ImVec2((a.x + b.x - tsize.x) / 2, a.y + 2 * scale), style.text,
              img.title.c_str());
  const ImVec2 area_a(a.x + 8 * scale, a.y + title_h), area_b(b.x - 8 * scale, b.y - 8 * scale);
  if (!img.texture || img.width <= 0 || img.height <= 0) {
    const char* none = "no image";
    const ImVec2 ns = font->CalcTextSizeA(font_size, FLT_MAX, 0, none);
    dl->AddText(font, font_size, ImVec2((a.x + b.x - ns.x) / 2, (a.y + b.y - ns.y) / 2),
                style.text_dim, none);
    return;
  }
  const float aw = area_b.x - area_a.x, ah = area_b.y - area_a.y;
  const float k = std::min(aw / img.width, ah / img.height);
  const float w = img.width * k, h = img.height * k;
  const ImVec2 p0(area_a.x + (aw - w) / 2, area_a.y + (ah - h) / 2);
  dl->AddImage(img.texture, p0, ImVec2(p0.x + w, p0.y + h), ImVec2(0, img.flip_v ? 1.0f : 0.0f),
               ImVec2(1, img.flip_v ? 0.0f : 1.0f));
  dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), style.frame);
}

// The map with its colour bar on the right, labelled with the range's ends.
void DrawMapWithBar(ImDrawList* dl, ImVec2 a, ImVec2 b, const FigureData& d,
                    const plot::Style& style, float scale, ImFont* font, float fs) {
  const float bar_w = 14 * scale, label_w = fs * 4.2f;
  DrawImagePanel(dl, a, ImVec2(b.x - bar_w - label_w, b.y), d.map, style, scale, font, fs);
  const float y0 = a.y + fs * 1.6f, y1 = b.y - 8 * scale, x0 = b.x - bar_w - label_w + 4 * scale;
  for (int i = 0; i < 64; ++i) {  // top = hi
    const float ya = y1 - (y1 - y0) * (i + 1) / 64, yb = y1 - (y1 - y0) * i / 64;
    dl->AddRectFilled(ImVec2(x0, ya), ImVec2(x0 + bar_w, yb + 1), d.colour_bar[i]);
  }
  dl->AddRect(ImVec2(x0, y0), ImVec2(x0 + bar_w, y1), style.frame);
  char lo[32], hi[32];
  std::snprintf(lo, sizeof lo, "%.3g", d.map_lo);
  std::snprintf(hi, sizeof hi, "%.3g", d.map_hi);
  dl->AddText(font, fs * 0.9f, ImVec2(x0 + bar_w + 4 * scale, y0), style.text_dim, hi);
  dl->AddText(font, fs * 0.9f, ImVec2(x0 + bar_w + 4 * scale, y1 - fs), style.text_dim, lo);
}

float DrawTitle(ImDrawList* dl, ImVec2 min, ImVec2 max, const std::string& title,
                const plot::Style& style, float scale, ImFont* font, float fs) {
  const ImVec2 ts = font->CalcTextSizeA(fs * 1.25f, FLT_MAX, 0, title.c_str());
  dl->AddText(font, fs * 1.25f, ImVec2((min.x + max.x - ts.x) / 2, min.y + 8 * scale), style.text,
              title.c_str());
  return min.y + ts.y + 16 * scale;
}

}  // namespace

void DrawMapFigure(ImDrawList* dl, ImVec2 min, ImVec2 max, const FigureData& d,
                   const plot::Style& style, float scale, ImFont* font) {
  if (!font) font = ImGui::GetFont();
  const float fs = (style.font_size > 0 ? style.font_size : ImGui::GetFontSize()) * scale;
  dl->AddRectFilled(min, max, style.canvas);
  const float top = DrawTitle(dl, min, max, d.title, style, scale, font, fs);
  const float gap = 10 * scale, cw = (max.x - min.x - gap) / 2;
  DrawImagePanel(dl, ImVec2(min.x, top), ImVec2(min.x + cw, max.y), d.original, style, scale, font,
                 fs);
  DrawMapWithBar(dl, ImVec2(min.x + cw + gap, top), max, d, style, scale, font, fs);
}

void DrawFigure(ImDrawList* dl, ImVec2 min, ImVec2 max, const FigureData& d,
                const plot::Style& style, float scale, ImFont* font) {
  if (!font) font = ImGui::GetFont();
  const float base = (style.font_size > 0 ? style.font_size : ImGui::GetFontSize());
  const float fs = base * scale;
  dl->AddRectFilled(min, max, style.canvas);
  const float top = DrawTitle(dl, min, max, d.title, style, scale, font, fs);
  // The plots lie on the canvas just filled: no second fill of each frame (llvmpipe blends every
  // layer, and a 1200² figure is 1.4 M fragments a layer).
  plot::Style on_canvas = style;
  on_canvas.canvas = 0;
  const float gap = 10 * scale;
  const float cw = (max.x - min.x - gap) / 2, rh = (max.y - top - 2 * gap) / 3;
  auto cell = [&](int r, int c, ImVec2& a, ImVec2& b) {
    a = ImVec2(min.x + c * (cw + gap), top + r * (rh + gap));
    b = ImVec2(a.x + cw, a.y + rh);
  };
  ImVec2 a, b;
  plot::PlotSpec f, df;
  f.title = "f(x)";
  f.x_label = "x";
  f.series = d.f.series;
  f.markers = d.f.markers;
  f.bands = d.f.bands;
  df.title = "f′(x)";
  df.x_label = "x";
  df.series = d.df.series;
  df.markers = d.df.markers;
  df.bands = d.df.bands;
  cell(0, 0, a, b);
  plot::Render(dl, a, b, d.x, d.y_f, f, on_canvas, scale, font);
  cell(0, 1, a, b);
  plot::Render(dl, a, b, d.x, d.y_df, df, on_canvas, scale, font);
  cell(1, 0, a, b);
  plot::Render(dl, a, b, d.in.x, d.in.y, d.in.Spec(), on_canvas, scale, font);
  cell(1, 1, a, b);
  plot::Render(dl, a, b, d.out.x, d.out.y, d.out.Spec(), on_canvas, scale, font);
  cell(2, 0, a, b);
  DrawImagePanel(dl, a, b, d.original, style, scale, font, fs);
  cell(2, 1, a, b);
  DrawMapWithBar(dl, a, b, d, style, scale, font, fs);
}

}  // namespace actviz::figure
