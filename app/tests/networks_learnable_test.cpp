// The Networks tab's learnable activation parameters and per-layer functions,
// through the real App on EGL: PReLU's α learns in the tab exactly as the core's own run of
// the same spec and is shown per layer; "freeze α" keeps it, and the session keeps the box;
// a per-layer text with parameters reaches each layer, a bad one is said and the run stays.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "actviz/activations/catalogue.hpp"
#include "actviz/networks/train.hpp"
#include "gui/shell/headless_ui.hpp"
#include "gui/shell/shared.hpp"
#include "gui/state/session.hpp"
#include "gui/tabs/depth/depth_tab.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"
#include "gui/tabs/networks/networks_tab.hpp"
#include "gui/tabs/softmax/softmax_tab.hpp"
#include "shared_ui.hpp"

namespace actviz::gui {
namespace {

std::shared_ptr<const NetworksView> TrainInTab(HeadlessUi& ui) {
  for (int i = 0; i < 3; ++i)
    ui.Frame();
  ui.app().Settle();
  ui.Frame();
  ui.Frame();
  return ui.app().tab<NetworksTab>().worker.Latest();
}

AppState& PreluSpiral(HeadlessUi& ui) {
  AppState& s = ui.app().state();
  s = DefaultState();
  s.fn.selected = IndexOf(*Find("prelu"));
  SelectedParams(s).v[0] = 0.1;
  s.ui.tab = Tab::kNetworks;
  s.networks.task = Task::kSpiral;
  s.networks.hidden = "8,8";
  s.networks.output = OutputUnit::kSigmoid;
  s.networks.loss = Loss::kBce;
  s.networks.epochs = 200;
  s.networks.epochs_per_second = 0;
  s.networks.playing = true;
  return s;
}

TrainSpec CoreSpec(bool frozen) {
  TrainSpec t = DefaultSpec(Task::kSpiral, Model::kMlp);
  t.fn = Find("prelu");
  t.params = Defaults(*t.fn);
  t.params.v[0] = 0.1;
  t.hidden = {8, 8};
  t.output = OutputUnit::kSigmoid;
  t.loss = Loss::kBce;
  t.epochs = 200;
  t.freeze_params = frozen;
  return t;
}

TEST(NetworksLearnable, prelu_alpha_learns_in_the_tab_as_in_the_core_and_is_shown) {
  HeadlessUi& ui = Ui();
  AppState& s = PreluSpiral(ui);
  const std::shared_ptr<const NetworksView> v = TrainInTab(ui);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->plots.epoch, 200);
  Trainer t = StartTraining(CoreSpec(false));
  while (TrainEpoch(t)) {
  }
  EXPECT_EQ(v->plots.loss, t.loss);
  ASSERT_EQ(v->plots.learned_values.size(), 2u);
  for (std::size_t l = 0; l < 2; ++l) {
    ASSERT_EQ(v->plots.learned_values[l].size(), 1u);
    EXPECT_EQ(v->plots.learned_values[l][0], t.net.layers[l].params.v[0]);
    EXPECT_NE(v->plots.learned_values[l][0], 0.1);
  }
  // Said per layer, on a line of its own in the tab and the exported picture; the title
  // names the starting value.
  char want[64];
  std::snprintf(want, sizeof want, "layer 2: α = %.4g", t.net.layers[1].params.v[0]);
  EXPECT_NE(v->plots.learned.find(want), std::string::npos) << v->plots.learned;
  EXPECT_NE(v->plots.learned.find("layer 1: α = "), std::string::npos) << v->plots.learned;
  EXPECT_NE(v->plots.title.find("PReLU (α₀ = 0.1)"), std::string::npos) << v->plots.title;

  // Frozen: a new run from the same start, α stays at its slider's value.
  s.networks.freeze_params = true;
  s.networks.playing = true;
  const std::shared_ptr<const NetworksView> f = TrainInTab(ui);
  ASSERT_TRUE(f);
  ASSERT_NE(f, v);
  EXPECT_EQ(f->plots.epoch, 200);
  EXPECT_TRUE(f->plots.learned.empty());
  for (std::size_t l = 0; l < 2; ++l) {
    EXPECT_EQ(f->net.layers[l].params.v[0], 0.1);
    EXPECT_TRUE(f->net.layers[l].learned.empty());
  }
  Trainer ft = StartTraining(CoreSpec(true));
  while (TrainEpoch(ft)) {
  }
  EXPECT_EQ(f->plots.loss, ft.loss);

  // The session keeps the box (and the per-layer text as typed).
  s.networks.per_layer = "leaky_relu(alpha=0.3), tanh";
  AppState back = DefaultState();
  ASSERT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_TRUE(back.networks.freeze_params);
  EXPECT_EQ(back.networks.per_layer, "leaky_relu(alpha=0.3), tanh");
  AppState bad = DefaultState();
  EXPECT_EQ(ParseSessionJson(R"({"version":1,"networks":{"freeze_params":"yes"}})", bad).status,
            SessionStatus::kDamaged);
  EXPECT_FALSE(bad.networks.freeze_params);
  s = DefaultState();
}

TEST(NetworksLearnable, per_layer_text_with_parameters_reaches_each_layer) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.fn.selected = IndexOf(*Find("leaky_relu"));
  SelectedParams(s).v[0] = 0.2;  // the slider: used by a layer of the selected function
  s.ui.tab = Tab::kNetworks;
  s.networks.hidden = "3,2,2";
  s.networks.per_layer = "elu(alpha=0.5), leaky_relu, leaky_relu(alpha=0.05)";
  s.networks.epochs = 50;
  s.networks.epochs_per_second = 0;
  s.networks.playing = true;
  const std::shared_ptr<const NetworksView> v = TrainInTab(ui);
  ASSERT_TRUE(v);
  EXPECT_TRUE(ui.app().tab<NetworksTab>().views.error.empty())
      << ui.app().tab<NetworksTab>().views.error;
  ASSERT_EQ(v->net.layers.size(), 4u);
  EXPECT_EQ(v->net.layers[0].fn, Find("elu"));
  EXPECT_EQ(v->net.layers[0].params.v[0], 0.5);
  EXPECT_EQ(v->net.layers[1].fn, Find("leaky_relu"));
  EXPECT_EQ(v->net.layers[1].params.v[0], 0.2);
  EXPECT_EQ(v->net.layers[2].params.v[0], 0.05);
  // Bad text: said in the tab, the run on screen stays.
  for (const char* text : {"elu(alpha=0.5", "elu(alpha=0.5), tanh", "celu(alpha=0),relu,relu"}) {
    s.networks.per_layer = text;
    EXPECT_EQ(TrainInTab(ui), v) << text;
    EXPECT_FALSE(ui.app().tab<NetworksTab>().views.error.empty()) << text;
  }
  EXPECT_NE(ui.app().tab<NetworksTab>().views.error.find("celu alpha must be > 0"),
            std::string::npos)
      << ui.app().tab<NetworksTab>().views.error;
  s = DefaultState();
}

}  // namespace
}  // namespace actviz::gui
