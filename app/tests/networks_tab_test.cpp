// The Networks tab on EGL: XOR trained live with its surface classifying the four points, a
// playing run published as it goes, and the lessons stated where they happen.
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
#include "shared_ui.hpp"
#include "test_state.hpp"

namespace actviz::gui {
namespace {

// The Networks tab (issue 17): trains XOR with 2 sigmoid units live and its decision surface,
// on screen, puts the four points in their classes; the run is the core's own; step in a
// hidden layer says its gradient is zero (and indeed nothing below it moves); linear layers
// show their collapsed map; a diverging run stops with a message and keeps its state.
struct NetworksRun {
  std::shared_ptr<const NetworksView> view;
};

NetworksRun TrainInTab(HeadlessUi& ui, int frames = 3) {
  for (int i = 0; i < frames; ++i)
    ui.Frame();
  ui.app().Settle();
  ui.Frame();
  ui.Frame();
  return {ui.app().tab<NetworksTab>().worker.Latest()};
}

TEST(NetworksTab, trains_xor_live_and_the_surface_on_screen_classifies_the_four_points) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  Select(s, "sigmoid");
  s.ui.tab = Tab::kNetworks;
  s.networks.task = Task::kXor;
  s.networks.hidden = "2";
  s.networks.seed = 1;
  s.networks.epochs_per_second = 0;
  s.networks.playing = true;
  const NetworksRun r = TrainInTab(ui);
  ASSERT_TRUE(r.view);
  const figure::NetworkPlots& m = r.view->plots;
  EXPECT_EQ(m.epoch, 1000);
  EXPECT_FALSE(s.networks.playing);  // finished: the button reads Play again
  // The same run as the core's, trained here directly.
  TrainSpec spec = DefaultSpec(Task::kXor, Model::kMlp);
  spec.fn = Find("sigmoid");
  spec.params = Defaults(*spec.fn);
  spec.seed = 1;
  Trainer t = StartTraining(spec);
  while (TrainEpoch(t)) {
  }
  EXPECT_EQ(m.loss, t.loss);
  ASSERT_EQ(t.accuracy.back(), 1.0);
  // The surface's values at the corners are the network's, and classify the points.
  const int n = figure::kSurfaceSize;
  const double corners[4][3] = {{0, 0, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 0}};
  for (const auto& c : corners) {
    const std::size_t k =
        static_cast<std::size_t>(c[1] * (n - 1)) * n + static_cast<std::size_t>(c[0] * (n - 1));
    const double x[2] = {c[0], c[1]};
    EXPECT_NEAR(m.surface[k], Predict(t.net, x), 1e-6);
    EXPECT_EQ(m.surface[k] > 0.5, c[2] > 0.5) << c[0] << "," << c[1];
  }
  // On screen: sample the drawn surface a little inside each corner (beside the data point's
  // marker), where the network still has the corner's class: orange for 1, blue for 0.
  std::vector<std::uint8_t> rgba;
  ASSERT_FALSE(ui.Snapshot(rgba));
  const NetworksViews& v = ui.app().tab<NetworksTab>().views;
  const float w = v.main_max.x - v.main_min.x, h = v.main_max.y - v.main_min.y;
  ASSERT_GT(w, 100);
  ASSERT_GT(h, 100);
  for (const auto& c : corners) {
    const double px = c[0] ? 0.94 : 0.06, py = c[1] ? 0.94 : 0.06;
    const double want = Predict(t.net, std::array<double, 2>{px, py});
    ASSERT_EQ(want > 0.5, c[2] > 0.5);
    const int X = static_cast<int>(v.main_min.x + (px - v.main_x.lo) / v.main_x.Span() * w);
    const int Y = static_cast<int>(v.main_max.y - (py - v.main_y.lo) / v.main_y.Span() * h);
    const std::uint8_t* p = &rgba[(static_cast<std::size_t>(Y) * ui.width() + X) * 4];
    const auto expect = figure::SurfaceColour(want);
    for (int k = 0; k < 3; ++k)
      EXPECT_NEAR(p[k], expect[static_cast<std::size_t>(k)], 6) << c[0] << "," << c[1];
  }
  EXPECT_FALSE(s.notice.error) << s.notice.text;

  // The window's Save PNG and `actviz train --out` draw the same picture of the same run.
  const std::string mine = TempDir() + "/networks_window.png",
                    cli = TempDir() + "/networks_cli.png";
  ASSERT_FALSE(StartNetworksExport(s, ui.app().shared(), ui.app().tab<NetworksTab>(), mine));
  const auto done = ui.app().shared().export_job.Wait();
  ASSERT_TRUE(done);
  ASSERT_FALSE(done->error) << *done->error;
  const std::string cmd =
      std::string(ACTVIZ_BINARY) + " train --task xor --function sigmoid --seed 1 --out " + cli;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  int wa = 0, ha = 0, ca = 0, wb = 0, hb = 0, cb = 0;
  unsigned char* a = stbi_load(mine.c_str(), &wa, &ha, &ca, 4);
  unsigned char* b = stbi_load(cli.c_str(), &wb, &hb, &cb, 4);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(wa, 1600);
  EXPECT_EQ(ha, 900);
  ASSERT_EQ(wa, wb);
  ASSERT_EQ(ha, hb);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(wa) * ha * 4; ++i)
    differ += a[i] != b[i];
  EXPECT_EQ(differ, 0u);
  stbi_image_free(a);
  stbi_image_free(b);

  // The session keeps the tab's settings and a pinned curve.
  figure::LossCurve pin;
  pin.label = "sigmoid";
  pin.loss = {0.25, 0.125};
  pin.epoch = {1, 2};
  s.networks.pins = {pin};
  AppState back = DefaultState();
  ASSERT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_EQ(back.ui.tab, Tab::kNetworks);
  EXPECT_EQ(back.networks.seed, 1);
  EXPECT_EQ(back.networks.hidden, "2");
  ASSERT_EQ(back.networks.pins.size(), 1u);
  EXPECT_EQ(back.networks.pins[0].loss, pin.loss);
  AppState bad = DefaultState();
  EXPECT_EQ(ParseSessionJson(R"({"version":1,"networks":{"task":"mnist","lr":-1}})", bad).status,
            SessionStatus::kDamaged);
  EXPECT_EQ(bad.networks.task, NetworksState{}.task);
  EXPECT_EQ(bad.networks.lr, NetworksState{}.lr);
  s = DefaultState();
}

// While it plays, the worker publishes views as it goes (not only the finished run), each
// a consistent state of the run: its loss curve as long as its epoch count.
TEST(NetworksTab, a_playing_run_is_published_as_it_trains) {
  NetworksWorker w;
  NetworksRequest r;
  r.spec = DefaultSpec(Task::kXor, Model::kMlp);
  r.spec.fn = Find("tanh");
  r.spec.params = Defaults(*r.spec.fn);
  r.spec.epochs = 400;
  r.playing = true;
  r.epochs_per_second = 400;  // about a second
  w.Request(r);
  std::set<const NetworksView*> seen;
  std::vector<std::shared_ptr<const NetworksView>> keep;  // so no address is reused
  const auto start = std::chrono::steady_clock::now();
  // The run itself takes about a second; the limit is for a loaded machine, not a pace.
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(60)) {
    if (auto v = w.Latest(); v && seen.insert(v.get()).second) {
      EXPECT_EQ(v->plots.loss.size(), static_cast<std::size_t>(v->plots.epoch));
      keep.push_back(v);
      if (v->done) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(keep.empty());
  EXPECT_TRUE(keep.back()->done);
  EXPECT_EQ(keep.back()->plots.epoch, 400);
  int partial = 0;
  for (const auto& v : keep)
    partial += v->plots.epoch > 0 && v->plots.epoch < 400;
  EXPECT_GE(partial, 5);
  std::printf("published %zu views in %.2f s (%.0f a second)\n", keep.size(), seconds,
              static_cast<double>(keep.size()) / seconds);
  // Pausing stops it where it is; one step trains exactly one more epoch.
  r.spec.epochs = 100000;
  r.epochs_per_second = 1000;
  w.Request(r);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  r.playing = false;
  w.Request(r);
  w.Wait();
  const int paused = w.Latest()->plots.epoch;
  EXPECT_GT(paused, 0);
  ++r.steps;
  w.Request(r);
  w.Wait();
  EXPECT_EQ(w.Latest()->plots.epoch, paused + 1);
  // Reset: back to the spec's initial weights.
  ++r.run;
  w.Request(r);
  w.Wait();
  EXPECT_EQ(w.Latest()->plots.epoch, 0);
  EXPECT_EQ(w.Latest()->net.layers[0].w,
            InitialNetwork(r.spec, MakeDataset(Task::kXor, 0)).layers[0].w);
}

TEST(NetworksTab, the_lessons_are_stated_where_they_happen) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.ui.tab = Tab::kNetworks;
  s.networks.epochs_per_second = 0;
  // Step in the hidden layer: zero gradient, said, and the first layer never moves.
  Select(s, "step");
  s.networks.playing = true;
  NetworksRun r = TrainInTab(ui);
  ASSERT_TRUE(r.view);
  EXPECT_FALSE(r.view->plots.zero_gradient.empty());
  TrainSpec spec = DefaultSpec(Task::kXor, Model::kMlp);
  spec.fn = Find("step");
  spec.params = Defaults(*spec.fn);
  EXPECT_EQ(r.view->net.layers[0].w, InitialNetwork(spec, MakeDataset(Task::kXor, 0)).layers[0].w);
  // Linear: one map, equal to the network.
  Select(s, "linear");
  s.networks.playing = true;
  r = TrainInTab(ui);
  ASSERT_TRUE(r.view->plots.collapsed);
  EXPECT_LT(r.view->plots.collapse_error, 1e-12);
  EXPECT_TRUE(r.view->plots.zero_gradient.empty());
  // A typed width that is no width: said in the tab, the last run stays.
  const auto before = r.view;
  s.networks.hidden = "2,0";
  r = TrainInTab(ui);
  EXPECT_EQ(r.view, before);
  EXPECT_FALSE(ui.app().tab<NetworksTab>().views.error.empty());
  s.networks.hidden = "300,300";  // 91 k parameters: more than the tab evaluates live
  r = TrainInTab(ui);
  EXPECT_EQ(r.view, before);
  EXPECT_NE(ui.app().tab<NetworksTab>().views.error.find("20 000"), std::string::npos);
  // Diverging: stopped with a message, the state (its losses so far) kept.
  s.networks.hidden = "6";
  s.networks.task = Task::kSquare;
  s.networks.optimizer = Optimizer::kSgd;
  s.networks.lr = 10;
  s.networks.playing = true;
  r = TrainInTab(ui);
  EXPECT_FALSE(r.view->plots.stopped.empty());
  EXPECT_LT(r.view->plots.epoch, r.view->plots.epochs);
  EXPECT_FALSE(r.view->plots.loss.empty());
  EXPECT_FALSE(s.networks.playing);
  s = DefaultState();
}

}  // namespace
}  // namespace actviz::gui
