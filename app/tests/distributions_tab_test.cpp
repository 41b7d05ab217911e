// The Distributions tab on EGL: finished histograms for every function, and views that follow
// new samples until a person zooms.
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

TEST(HeadlessUi, distributions_tab_shows_finished_histograms_for_every_function) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.ui.tab = Tab::kDistributions;
  s.distributions.n = 20000;
  s.distributions.dist = Distribution::kNormal;
  s.distributions.scale = 3;
  for (const Activation& fn : Catalogue()) {
    Select(s, std::string(fn.name).c_str());
    for (bool log : {false, true}) {
      s.distributions.log_counts = log;
      // The experiment runs on the worker thread: request, wait, show (the tab itself may
      // take a frame to appear the first time).
      for (int k = 0; k < 2; ++k) {
        ui.Frame();
        ui.app().Settle();
      }
      ui.Frame();
      int n = 0;
      EXPECT_TRUE(AllVerticesFinite(ImGui::GetDrawData(), n)) << fn.name;
      // The output histogram is on screen, at a real size.
      EXPECT_GT(ui.app().PlotSize(ExportTarget::kHistOutput).x, 100) << fn.name;
    }
  }
  // Its histograms export like any plot.
  const std::string path = TempDir() + "/hist-out.png";
  EXPECT_FALSE(ui.app().ExportPlot(ExportTarget::kHistOutput, path, 2));
  s = DefaultState();
  ui.Frame();
}

// A new result refits the histogram views while they follow; a view the person set stays.
TEST(HeadlessUi, a_zoomed_histogram_keeps_its_view_through_new_samples) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.ui.tab = Tab::kDistributions;
  s.distributions.n = 5000;
  auto settle = [&] {
    for (int k = 0; k < 3; ++k) {
      ui.Frame();
      ui.app().Settle();
    }
    ui.Frame();
  };
  s.distributions.in_x = {-100, -99};  // nowhere near U(−½, ½)
  settle();
  EXPECT_LT(s.distributions.in_x.lo, -0.4);  // refitted to the samples
  EXPECT_GT(s.distributions.in_x.hi, 0.4);
  EXPECT_LT(s.distributions.in_x.hi, 1);
  const plot::Range mine{-0.1, 0.2};
  s.distributions.in_x = mine;
  s.distributions.follow = false;
  ++s.distributions.seed;
  settle();
  EXPECT_EQ(s.distributions.in_x, mine);
  s = DefaultState();
  ui.Frame();
}

}  // namespace
}  // namespace actviz::gui
