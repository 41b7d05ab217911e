// What the widget draws, headless (headless.hpp), and what Render puts into a bare draw list,
// checked by walking the vertices: all finite and inside the widget, text included; a NaN breaks
// one line while a joined line spans it; a band clamped to the plot area; Render at scale 2 with
// an export font stays in its rectangle and restores the draw list's state; heatmap cells land at
// their data with their colour; line width scales; a 100 000-point series stays a few points per
// pixel column.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "headless.hpp"
#include "non_finite.hpp"
#include "plot/plot.hpp"

namespace actviz::plot::test {
namespace {

constexpr ImU32 kCyan = IM_COL32(0, 255, 254, 255);
constexpr ImU32 kBandCol = IM_COL32(10, 200, 30, 60);
constexpr ImU32 kOpenCol = IM_COL32(201, 202, 5, 255);
constexpr ImU32 kClosedCol = IM_COL32(5, 100, 203, 255);

// Data that would break a naive renderer: NaN breaks, 1e300, ±inf, a band to -inf.
struct NastyData {
  std::vector<double> x, broken, joined;
  std::vector<Series> series;
  std::vector<Marker> markers;
  std::vector<Band> bands;
  NastyData() {
    for (int i = 0; i <= 10; ++i) {
      x.push_back(i);
      broken.push_back(0.1 * i);
      joined.push_back(-0.1 * i);
    }
    broken[5] = kNaN;   // breaks the magenta line between x = 4 and x = 6
    joined[8] = 1e300;  // far off the view: clipped, not overflowed
    joined[9] = -kInf;
    series.push_back({"broken", x, broken, kMagenta, 2.0f, false});
    series.push_back({"", x, joined, kCyan, 2.0f, true});
    markers.push_back({2, 0.2, true, kClosedCol});
    markers.push_back({3, 0.3, false, kOpenCol});
    markers.push_back({kNaN, 0, true, kClosedCol});
    markers.push_back({1e300, 1e300, true, kClosedCol});
    bands.push_back({-kInf, 1.5, kBandCol});
  }
  PlotSpec Spec() const {
    PlotSpec s;
    s.title = "Nasty data";
    s.x_label = "x";
    s.y_label = "f(x) — UTF-8 label";
    s.series = series;
    s.markers = markers;
    s.bands = bands;
    s.cursor_x = 7.5;
    s.legend = false;  // the legend swatch would add magenta vertices of its own
    return s;
  }
};

TEST_F(Headless, vertices_are_finite_inside_the_widget_and_the_line_breaks_at_nan) {
  NastyData d;
  const PlotSpec spec = d.Spec();
  Range x{-0.5, 10.5}, y{-1.2, 1.2};
  FrameResult r;
  for (int i = 0; i < 3; ++i) {
    r = Frame(x, y, spec);
  }
  ASSERT_FALSE(r.verts.empty());
  for (const ImDrawVert& v : r.verts) {
    ASSERT_TRUE(std::isfinite(v.pos.x) && std::isfinite(v.pos.y));
    // Everything, text included, stays inside the widget: no label is clipped.
    EXPECT_GE(v.pos.x, r.bb_min.x - 1);
    EXPECT_LE(v.pos.x, r.bb_max.x + 1);
    EXPECT_GE(v.pos.y, r.bb_min.y - 1);
    EXPECT_LE(v.pos.y, r.bb_max.y + 1);
  }
  int magenta = 0, cyan = 0, band = 0, open = 0, closed = 0, text = 0;
  for (const ImDrawVert& v : r.verts) {
    magenta += SameRgb(v.col, kMagenta);
    cyan += SameRgb(v.col, kCyan);
    band += v.col == kBandCol;
    open += SameRgb(v.col, kOpenCol);
    closed += SameRgb(v.col, kClosedCol);
    text += v.col == Style::Dark().text_dim;
  }
  EXPECT_GT(magenta, 0);
  EXPECT_GT(cyan, 0);
  EXPECT_EQ(band, 4);  // one rectangle, clamped to the plot area
  EXPECT_GT(open, 0);
  EXPECT_GT(closed, 0);
  EXPECT_GT(text, 0);  // tick labels

  // No magenta triangle spans the NaN at x = 5; the unbroken cyan line does span it.
  const Transform tx(x, Scale::kLinear, r.in.plot_min.x, r.in.plot_max.x);
  const float gap = static_cast<float>(tx.ToPixel(5));
  int magenta_across = 0, cyan_across = 0;
  for (const Tri& t : r.tris) {
    const float lo = std::min({t.v[0].pos.x, t.v[1].pos.x, t.v[2].pos.x});
    const float hi = std::max({t.v[0].pos.x, t.v[1].pos.x, t.v[2].pos.x});
    if (!(lo < gap && hi > gap)) continue;
    magenta_across += SameRgb(t.v[0].col, kMagenta);
    cyan_across += SameRgb(t.v[0].col, kCyan);
  }
  EXPECT_EQ(magenta_across, 0);
  EXPECT_GT(cyan_across, 0);
}

TEST_F(Headless, render_at_scale_two_stays_inside_its_rectangle) {
  NastyData d;
  PlotSpec spec = d.Spec();
  spec.legend = true;
  ImGuiIO& io = ImGui::GetIO();
  ImGui::NewFrame();  // the shared draw data (white pixel, fonts) is set up by a frame
  for (ImFont* font : {static_cast<ImFont*>(nullptr), big_font_}) {
    ImDrawList dl(ImGui::GetDrawListSharedData());
    dl._ResetForNewFrame();
    dl.PushClipRectFullScreen();
    dl.PushTextureID(io.Fonts->TexID);
    const ImVec2 min(100, 50), max(1100, 750);
    const Style light = Style::Light();
    const ImDrawListFlags flags = dl.Flags;
    Render(&dl, min, max, Range{-0.5, 10.5}, Range{-1.2, 1.2}, spec, light, 2.0f, font);
    EXPECT_EQ(dl.Flags, flags);  // AA was turned on for the plot only
    ASSERT_GT(dl.VtxBuffer.Size, 100);
    int text = 0, thick = 0;
    for (const ImDrawVert& v : dl.VtxBuffer) {
      ASSERT_TRUE(std::isfinite(v.pos.x) && std::isfinite(v.pos.y));
      EXPECT_GE(v.pos.x, min.x - 1);
      EXPECT_LE(v.pos.x, max.x + 1);
      EXPECT_GE(v.pos.y, min.y - 1);
      EXPECT_LE(v.pos.y, max.y + 1);
      text += v.col == light.text_dim;
      thick += SameRgb(v.col, kMagenta);
    }
    EXPECT_GT(text, 0);
    EXPECT_GT(thick, 0);
    EXPECT_EQ(dl._ClipRectStack.Size, 1);  // Render popped what it pushed
    EXPECT_EQ(dl._TextureIdStack.Size, 1);
  }
  ImGui::EndFrame();
}

TEST_F(Headless, heatmap_cells_land_where_their_data_is_with_their_colour) {
  // 2 × 2 cells over [0, 2] × [0, 2]; values 0, 1 / 2, NaN; a two-colour table.
  const std::vector<float> v = {0, 1, 2, kNaNf};
  const std::vector<ImU32> table = {IM_COL32(255, 0, 0, 255), IM_COL32(0, 0, 255, 255)};
  Heatmap h;
  h.cols = h.rows = 2;
  h.values = v;
  h.x0 = 0, h.x1 = 2, h.y0 = 0, h.y1 = 2, h.lo = 0, h.hi = 2;
  h.colors = table;
  PlotSpec spec;
  spec.heatmaps = std::span<const Heatmap>(&h, 1);
  ImGui::NewFrame();
  ImDrawList dl(ImGui::GetDrawListSharedData());
  dl._ResetForNewFrame();
  dl.PushClipRectFullScreen();
  dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  Style st = Style::Light();
  Render(&dl, ImVec2(0, 0), ImVec2(800, 600), Range{0, 2}, Range{0, 2}, spec, st, 1.0f, nullptr);
  // Count the cells by their colour: red once (value 0 and 1 round to either end: 1 is the
  // middle, which rounds up), blue twice (1 and 2), the NaN cell absent.
  float red_y = -1, blue_min_x = 1e9f;
  int red = 0, blue = 0;
  for (const ImDrawVert& vert : dl.VtxBuffer) {
    if (SameRgb(vert.col, table[0])) ++red, red_y = std::max(red_y, vert.pos.y);
    if (SameRgb(vert.col, table[1])) ++blue, blue_min_x = std::min(blue_min_x, vert.pos.x);
  }
  EXPECT_EQ(red, 4);           // one rectangle: the cell of value 0, bottom-left (row 0 is y = 0)
  EXPECT_EQ(blue, 8);          // values 1 and 2
  EXPECT_GT(red_y, 300);       // y grows downward on screen: the bottom row is the lower half
  EXPECT_LT(blue_min_x, 400);  // the value-2 cell is at column 0 of the top row
  ImGui::EndFrame();
}

TEST_F(Headless, render_scales_line_width_and_font) {
  // The magenta line of a flat series: its vertices span the line's width (plus AA fringe).
  std::vector<double> x{0, 1}, y{0, 0};
  const Series s{"", x, y, kMagenta, 2.0f, false};
  PlotSpec spec;
  spec.series = std::span<const Series>(&s, 1);
  ImGui::NewFrame();
  float widths[2] = {0, 0};
  const float scales[2] = {1, 3};
  for (int k = 0; k < 2; ++k) {
    ImDrawList dl(ImGui::GetDrawListSharedData());
    dl._ResetForNewFrame();
    dl.PushClipRectFullScreen();
    dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
    Render(&dl, ImVec2(0, 0), ImVec2(1000, 700), Range{0, 1}, Range{-1, 1}, spec, Style::Dark(),
           scales[k], nullptr);
    float top = 1e9f, bottom = -1e9f;
    for (const ImDrawVert& v : dl.VtxBuffer) {
      if (v.col != kMagenta) continue;  // opaque core only, not the fringe
      top = std::min(top, v.pos.y);
      bottom = std::max(bottom, v.pos.y);
    }
    widths[k] = bottom - top;
  }
  ImGui::EndFrame();
  // The AA fringe adds a constant (textured or not); the line itself is 2 px x scale.
  EXPECT_GT(widths[0], 0.5f);
  EXPECT_NEAR(widths[1] - widths[0], 2.0f * (scales[1] - scales[0]), 0.01f);
}

TEST_F(Headless, long_series_stays_cheap) {
  const int n = 100000;
  std::vector<double> x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x[i] = -10 + 20.0 * i / (n - 1);
    y[i] = std::tanh(x[i]) + (i % 1000 == 0 ? 0.5 : 0);  // spikes one sample wide
  }
  const Series s{"tanh", x, y, kMagenta, 2.0f, false};
  PlotSpec spec;
  spec.series = std::span<const Series>(&s, 1);
  Range rx{-10, 10}, ry{-1.5, 1.5};
  Mouse(ImVec2(0, 0));
  const FrameResult r = Frame(rx, ry, spec);
  int magenta = 0;
  for (const ImDrawVert& v : r.verts) {
    magenta += SameRgb(v.col, kMagenta);
  }
  // A few points per pixel column (the plot is under 900 px wide), 4 vertices per point.
  EXPECT_GT(magenta, 0);
  EXPECT_LT(magenta, 4 * 4 * 900 + 100);
}

}  // namespace
}  // namespace actviz::plot::test
