// Mouse input on the widget drawn headless (headless.hpp), checked against the view arithmetic:
// the wheel zooms about the cursor (shift: x only, ctrl: y only) and does nothing outside the
// widget; a left drag pans with the mouse; a double click fits the data (whole decades on a log
// axis); a right-drag box zooms into the box and is drawn while dragging; two plots sharing one x
// range zoom together.
#include <gtest/gtest.h>
#include <imgui.h>

#include <span>
#include <vector>

#include "headless.hpp"
#include "plot/plot.hpp"

namespace actviz::plot::test {
namespace {

// Simple data for the interaction tests: a line y = x / 10 on [0, 10].
struct Line {
  std::vector<double> x, y;
  Series s;
  PlotSpec spec;
  Line() {
    for (int i = 0; i <= 100; ++i) {
      x.push_back(i * 0.1);
      y.push_back(i * 0.01);
    }
    s = Series{"line", x, y, kMagenta, 2.0f, false};
    spec.series = std::span<const Series>(&s, 1);
  }
};

TEST_F(Headless, wheel_zooms_about_the_cursor) {
  Line d;
  Range x{0, 10}, y{-1, 1};
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(x, y, d.spec);
  const ImVec2 at = Lerp(r.in, 0.3f, 0.6f);
  Mouse(at);
  r = Frame(x, y, d.spec);  // hover first: ImGui picks the hovered window from the last frame
  r = Frame(x, y, d.spec);
  ASSERT_TRUE(r.in.hovered);
  const double mx = r.in.mouse_x, my = r.in.mouse_y;
  const Range x0 = x, y0 = y;

  Mouse(at, false, false, 1.0f, /*shift=*/true);  // x only: the layout cannot move
  r = Frame(x, y, d.spec);
  EXPECT_TRUE(r.in.changed);
  EXPECT_EQ(y, y0);
  EXPECT_NEAR(x.Span(), x0.Span() / 1.2, 1e-9);
  EXPECT_NEAR(r.in.mouse_x, mx, 1e-9);  // the point under the cursor stayed there
  EXPECT_NEAR((mx - x.lo) / x.Span(), (mx - x0.lo) / x0.Span(), 1e-12);

  const Range x1 = x;
  Mouse(at, false, false, -2.0f, false, /*ctrl=*/true);  // y only, zoom out
  r = Frame(x, y, d.spec);
  EXPECT_EQ(x, x1);
  EXPECT_NEAR(y.Span(), y0.Span() * 1.44, 1e-9);
  EXPECT_NEAR(r.in.mouse_y, my, 1e-9);

  const Range y1 = y;
  Mouse(at, false, false, 1.0f);  // both
  r = Frame(x, y, d.spec);
  EXPECT_NEAR(x.Span(), x1.Span() / 1.2, 1e-9);
  EXPECT_NEAR(y.Span(), y1.Span() / 1.2, 1e-9);
  // y tick labels may change width and shift the plot area by a few pixels; the point under
  // the cursor moves by at most that much.
  EXPECT_NEAR(r.in.mouse_x, mx, 10 * x.Span() / (r.in.plot_max.x - r.in.plot_min.x));
  EXPECT_NEAR(r.in.mouse_y, my, 1e-9);

  Mouse(ImVec2(5, 5), false, false, 1.0f);  // outside the widget: nothing happens
  const Range x2 = x, y2 = y;
  r = Frame(x, y, d.spec);
  EXPECT_FALSE(r.in.changed);
  EXPECT_EQ(x, x2);
  EXPECT_EQ(y, y2);
}

TEST_F(Headless, left_drag_pans_with_the_mouse) {
  Line d;
  Range x{0, 10}, y{-1, 1};
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(x, y, d.spec);
  const ImVec2 start = Lerp(r.in, 0.5f, 0.5f);
  Mouse(start);
  r = Frame(x, y, d.spec);
  r = Frame(x, y, d.spec);
  const double px_per_x = (r.in.plot_max.x - r.in.plot_min.x) / x.Span();
  const Range x0 = x, y0 = y;
  Mouse(start, true);
  r = Frame(x, y, d.spec);
  for (int i = 1; i <= 5; ++i) {
    Mouse(ImVec2(start.x + 10 * i, start.y), true);
    r = Frame(x, y, d.spec);
    EXPECT_TRUE(r.in.changed);
  }
  Mouse(ImVec2(start.x + 50, start.y));
  r = Frame(x, y, d.spec);
  // Content follows the mouse: 50 px to the right shows data 50 px further left.
  EXPECT_NEAR(x.lo, x0.lo - 50 / px_per_x, 1e-9);
  EXPECT_NEAR(x.Span(), x0.Span(), 1e-9);
  EXPECT_EQ(y, y0);
}

TEST_F(Headless, double_click_fits_the_data) {
  Line d;
  Range x{40, 50}, y{-7, -6};  // nowhere near the data
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(x, y, d.spec);
  const ImVec2 at = Lerp(r.in, 0.5f, 0.5f);
  Mouse(at);
  Frame(x, y, d.spec);
  Frame(x, y, d.spec);
  Mouse(at, true);
  Frame(x, y, d.spec);
  Mouse(at, false);
  Frame(x, y, d.spec);
  Mouse(at, true);
  r = Frame(x, y, d.spec);
  EXPECT_TRUE(r.in.changed);
  EXPECT_EQ(x, FitRange(d.x, Scale::kLinear));
  EXPECT_EQ(y, FitRange(d.y, Scale::kLinear));
  EXPECT_DOUBLE_EQ(x.lo, -0.5);
  EXPECT_DOUBLE_EQ(x.hi, 10.5);
}

TEST_F(Headless, double_click_on_log_axis_fits_decades) {
  std::vector<double> x{0, 1, 2, 3}, y{-1, 0.003, 0.5, 42};
  const Series s{"", x, y, kMagenta, 2.0f, false};
  PlotSpec spec;
  spec.series = std::span<const Series>(&s, 1);
  spec.y_scale = Scale::kLog10;
  Range rx{0, 3}, ry{-1, 1};  // a linear leftover: repaired from the data at once
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(rx, ry, spec);
  EXPECT_TRUE(r.in.changed);
  EXPECT_EQ(ry, (Range{1e-3, 100}));
  ry = {5, 6};
  const ImVec2 at = Lerp(r.in, 0.5f, 0.5f);
  Mouse(at);
  Frame(rx, ry, spec);
  Frame(rx, ry, spec);
  Mouse(at, true);
  Frame(rx, ry, spec);
  Mouse(at, false);
  Frame(rx, ry, spec);
  Mouse(at, true);
  Frame(rx, ry, spec);
  EXPECT_EQ(ry, (Range{1e-3, 100}));
}

TEST_F(Headless, right_drag_box_zooms_into_the_box) {
  Line d;
  Range x{0, 10}, y{-1, 1};
  Mouse(ImVec2(0, 0));
  FrameResult r = Frame(x, y, d.spec);
  const ImVec2 a = Lerp(r.in, 0.2f, 0.3f), b = Lerp(r.in, 0.6f, 0.7f);
  Mouse(a);
  Frame(x, y, d.spec);
  r = Frame(x, y, d.spec);
  const Transform tx(x, Scale::kLinear, r.in.plot_min.x, r.in.plot_max.x);
  const Transform ty(y, Scale::kLinear, r.in.plot_max.y, r.in.plot_min.y);
  const Range want_x{tx.FromPixel(a.x), tx.FromPixel(b.x)};
  const Range want_y{ty.FromPixel(b.y), ty.FromPixel(a.y)};
  Mouse(a, false, true);
  Frame(x, y, d.spec);
  int selection = 0;
  for (int i = 1; i <= 4; ++i) {
    Mouse(ImVec2(a.x + (b.x - a.x) * i / 4, a.y + (b.y - a.y) * i / 4), false, true);
    r = Frame(x, y, d.spec);
    EXPECT_FALSE(r.in.changed);  // nothing moves until the button is released
    for (const ImDrawVert& v : r.verts) {
      selection += v.col == Style::Dark().selection;
    }
  }
  EXPECT_GT(selection, 0);  // the box is drawn while dragging
  Mouse(b, false, false);
  r = Frame(x, y, d.spec);
  EXPECT_TRUE(r.in.changed);
  EXPECT_NEAR(x.lo, want_x.lo, 1e-9);
  EXPECT_NEAR(x.hi, want_x.hi, 1e-9);
  EXPECT_NEAR(y.lo, want_y.lo, 1e-9);
  EXPECT_NEAR(y.hi, want_y.hi, 1e-9);
}

TEST_F(Headless, linked_plots_share_the_x_view) {
  Line d;
  Range x{0, 10}, y1{-1, 1}, y2{-1, 1};
  auto frame = [&](Interaction* first, Interaction* second) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("linked", nullptr, ImGuiWindowFlags_NoDecoration);
    *first = Plot("a", x, y1, d.spec, Style::Dark(), ImVec2(800, 300));
    *second = Plot("b", x, y2, d.spec, Style::Dark(), ImVec2(800, 300));
    ImGui::End();
    ImGui::Render();
  };
  Interaction a, b;
  Mouse(ImVec2(0, 0));
  frame(&a, &b);
  const ImVec2 at = Lerp(b, 0.5f, 0.5f);
  Mouse(at);
  frame(&a, &b);
  frame(&a, &b);
  EXPECT_FALSE(a.hovered);
  EXPECT_TRUE(b.hovered);
  Mouse(at, false, false, 1.0f, true);
  frame(&a, &b);
  EXPECT_TRUE(b.changed);
  EXPECT_NEAR(x.Span(), 10 / 1.2, 1e-9);  // the one view both plots draw
  EXPECT_EQ(y1, (Range{-1, 1}));
  EXPECT_EQ(y2, (Range{-1, 1}));
}

}  // namespace
}  // namespace actviz::plot::test
