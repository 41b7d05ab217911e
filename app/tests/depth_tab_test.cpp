// The Depth tab on EGL: it shows the core's run of exactly the spec its controls describe,
// its figure is `actviz depth --out`'s pixel for pixel, and each plot exports with its content.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <imgui.h>
#include <stb_image.h>

#include "actviz/activations/catalogue.hpp"
#include "actviz/base/file_io.hpp"
#include "figure/theme.hpp"
#include "gui/shell/headless_ui.hpp"
#include "gui/shell/shared.hpp"
#include "gui/state/session.hpp"
#include "gui/tabs/depth/depth_tab.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"
#include "gui/tabs/networks/networks_tab.hpp"
#include "gui/tabs/softmax/softmax_tab.hpp"
#include "pixels.hpp"
#include "shared_ui.hpp"
#include "test_state.hpp"

namespace actviz::gui {
namespace {

// The Depth tab shows the core's run of exactly the spec its controls describe, and its
// settings round-trip through the session file.
TEST(DepthTab, shows_the_cores_run_of_the_spec_its_controls_describe) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  Select(s, "tanh");
  s.ui.tab = Tab::kDepth;
  s.depth.layers = 12;
  s.depth.width = 64;
  s.depth.batch = 200;
  s.depth.init = Init::kOrthogonal;
  s.depth.gain_auto = true;
  s.depth.seed = 3;
  for (int i = 0; i < 3; ++i)
    ui.Frame();
  ui.app().Settle();
  ui.Frame();
  float progress = 0;
  bool current = false;
  const auto view = ui.app().tab<DepthTab>().worker.Latest(progress, current);
  ASSERT_TRUE(view);
  EXPECT_TRUE(current);
  const Activation& tanh = *Find("tanh");
  DepthSpec spec;
  spec.layers = 12, spec.width = 64, spec.batch = 200, spec.init = Init::kOrthogonal;
  spec.gain = 5.0 / 3, spec.seed = 3, spec.bins = 64;
  DepthResult direct;
  ASSERT_TRUE(RunDepth(tanh, Defaults(tanh), spec, direct));
  ASSERT_EQ(view->result.layers.size(), 12u);
  for (std::size_t l = 0; l < 12; ++l) {
    EXPECT_EQ(view->result.layers[l].pre.std, direct.layers[l].pre.std) << l;
    EXPECT_EQ(view->result.layers[l].grad.std, direct.layers[l].grad.std) << l;
    EXPECT_EQ(view->result.layers[l].pre_hist, direct.layers[l].pre_hist) << l;
  }
  EXPECT_NEAR(view->result.sigma_w2, 25.0 / 9, 1e-12);
  // The plots' theory line for the gradient is anchored at the top layer and follows χ.
  const auto& m = view->plots;
  EXPECT_EQ(m.grad_theory.back(), m.grad.back());
  EXPECT_NEAR(m.grad_theory[10] * m.grad_theory[10],
              m.grad.back() * m.grad.back() * direct.theory[10].chi, 1e-12);
  // The phase diagram arrives too, for the function.
  ASSERT_TRUE(ui.app().tab<DepthTab>().worker.LatestPhase());

  AppState back = DefaultState();
  ASSERT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_EQ(back.depth.layers, 12);
  EXPECT_EQ(back.depth.width, 64);
  EXPECT_EQ(back.depth.batch, 200);
  EXPECT_EQ(back.depth.init, Init::kOrthogonal);
  EXPECT_TRUE(back.depth.gain_auto);
  EXPECT_EQ(back.depth.seed, 3);
  EXPECT_EQ(back.ui.tab, Tab::kDepth);
  AppState bad = DefaultState();
  EXPECT_EQ(
      ParseSessionJson(R"({"version":1,"depth":{"init":"kaiming","layers":1e9}})", bad).status,
      SessionStatus::kDamaged);
  EXPECT_EQ(bad.depth.layers, DepthState{}.layers);
  EXPECT_EQ(bad.depth.init, DepthState{}.init);
  s = DefaultState();
}

// The Depth tab's figure export is `actviz depth --out` of the same settings, pixel for pixel:
// once from the tab's own (current) result, once from a run of the export's own (the settings
// changed and no frame has run since).
TEST(DepthTab, figure_export_is_the_command_lines_depth_figure_pixel_for_pixel) {
  struct Case {
    const char* function;
    int layers, width, batch;
    Init init;
    bool gain_auto, direct;
    double sigma_w, sigma_b;
    int seed;
    bool settle;  // frames run first, so the tab's result is the current one
    const char* args;
  };
  const Case cases[] = {
      {"tanh", 12, 64, 200, Init::kOrthogonal, true, false, 1, 0, 3, true,
       "--function tanh -L 12 -N 64 -B 200 --init orthogonal --gain auto --seed 3"},
      {"relu", 20, 128, 300, Init::kXavierNormal, false, true, 1.5, 0.25, 7, false,
       "--function relu -L 20 -N 128 -B 300 --sigma-w 1.5 --sigma-b 0.25 --seed 7"},
  };
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  for (const Case& c : cases) {
    s = DefaultState();
    s.ui.tab = Tab::kDepth;
    ui.Frame();
    Select(s, c.function);
    DepthState& d = s.depth;
    d.layers = c.layers, d.width = c.width, d.batch = c.batch, d.init = c.init;
    d.gain_auto = c.gain_auto, d.direct = c.direct, d.sigma_w = c.sigma_w, d.sigma_b = c.sigma_b;
    d.seed = c.seed;
    if (c.settle) {
      for (int i = 0; i < 3; ++i)
        ui.Frame();
      ui.app().Settle();
      ui.Frame();
    }
    const std::string gui = TempDir() + "/depth-gui-" + c.function + ".png",
                      cli = TempDir() + "/depth-cli-" + c.function + ".png";
    ASSERT_FALSE(ui.app().ExportDepthFigure(gui)) << c.function;
    const std::string cmd = std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + ACTVIZ_BINARY +
                            " depth " + c.args + " --out " + cli;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const Image a = ReadPng(gui), b = ReadPng(cli);
    EXPECT_EQ(a.w, 1800);
    EXPECT_EQ(a.h, 1000);
    ASSERT_EQ(a.w, b.w);
    ASSERT_EQ(a.h, b.h);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.px.size(); ++i)
      differ += a.px[i] != b.px[i];
    EXPECT_EQ(differ, 0u) << c.function << ": " << gui << " vs " << cli;
  }
  s = DefaultState();
  ui.Frame();
}

// Each Depth plot exports at scale × its on-screen size and shows that plot's own content:
// the colours its model draws with (the density's viridis, the measured and theory lines, the
// dead fraction's red, the phase diagram's blue and red halves and the run's green marker).
TEST(DepthTab, each_plot_exports_at_its_size_with_its_content) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  Select(s, "relu");
  s.ui.tab = Tab::kDepth;
  s.depth.layers = 16, s.depth.width = 64, s.depth.batch = 200, s.depth.init = Init::kHeNormal;
  for (int i = 0; i < 3; ++i)
    ui.Frame();
  ui.app().Settle();
  ui.Frame();
  ui.app().Settle();
  ui.Frame();
  auto count = [](const Image& img, ImU32 c) {
    int n = 0;
    for (int y = 0; y < img.h; ++y)
      for (int x = 0; x < img.w; ++x) {
        const std::uint8_t* p = img.at(x, y);
        n += std::abs(p[0] - static_cast<int>(c & 255)) +
                 std::abs(p[1] - static_cast<int>((c >> 8) & 255)) +
                 std::abs(p[2] - static_cast<int>((c >> 16) & 255)) <
             30;
      }
    return n;
  };
  const ImU32 measured = IM_COL32(86, 156, 245, 255), theory = IM_COL32(245, 166, 60, 255);
  const ImU32 dead = IM_COL32(232, 92, 84, 255);
  auto ramp = [](Colormap m, double t) {
    const auto c = ColormapColor(m, t);
    return IM_COL32(c[0], c[1], c[2], 255);
  };
  struct Row {
    ExportTarget target;
    std::vector<ImU32> colours;  // each drawn on at least 20 pixels a unit of scale
  };
  const Row rows[] = {
      {ExportTarget::kDepthDensity, {ramp(Colormap::kViridis, 1.0)}},
      {ExportTarget::kDepthVariance, {measured, theory}},
      {ExportTarget::kDepthGradient, {measured, theory}},
      {ExportTarget::kDepthFractions, {dead}},
      {ExportTarget::kDepthPhase,
       {ramp(Colormap::kCoolwarm, 0.0), ramp(Colormap::kCoolwarm, 0.75), figure::kPhaseMarker}},
  };
  for (const Row& r : rows) {
    const ImVec2 size = ui.app().PlotSize(r.target);
    ASSERT_GT(size.x, 100) << static_cast<int>(r.target);
    for (float scale : {1.0f, 2.0f}) {
      const std::string path = TempDir() + "/depth-plot-" +
                               std::to_string(static_cast<int>(r.target)) + "-" +
                               std::to_string(static_cast<int>(scale)) + ".png";
      ASSERT_FALSE(ui.app().ExportPlot(r.target, path, scale)) << path;
      const Image img = ReadPng(path);
      ASSERT_GT(img.w, 0) << path << " is not a PNG";
      EXPECT_EQ(img.w, static_cast<int>(std::lround(size.x * scale))) << path;
      EXPECT_EQ(img.h, static_cast<int>(std::lround(size.y * scale))) << path;
      for (ImU32 c : r.colours)
        EXPECT_GT(count(img, c), 20 * scale) << path << " lacks colour " << std::hex << c;
    }
  }
  // The figure is not a plot: ExportPlot refuses it.
  EXPECT_TRUE(ui.app().ExportPlot(ExportTarget::kDepthFigure, TempDir() + "/x.png", 1));
  s = DefaultState();
  ui.Frame();
}

}  // namespace
}  // namespace actviz::gui
