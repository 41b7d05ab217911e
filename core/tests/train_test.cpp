// Training against what the notes claim and against calculus: backpropagation equals central
// differences for every catalogue activation; the perceptron learns AND and OR and never gets
// more than 3 of 4 XOR points; two sigmoid units solve XOR; stacked linear layers collapse to
// one affine map; six ReLU units fit x² to the noise; a seed gives one run.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include "actviz/activations/catalogue.hpp"
#include "actviz/networks/train.hpp"

namespace actviz::test {
namespace {

TrainSpec Spec(Task task, Model model, const char* fn) {
  TrainSpec s = DefaultSpec(task, model);
  s.fn = Find(fn);
  s.params = Defaults(*s.fn);
  return s;
}

Trainer TrainAll(const TrainSpec& s) {
  Trainer t = StartTraining(s);
  while (TrainEpoch(t)) {
  }
  return t;
}

// Every weight, and every activation parameter the row marks learnable, nudged by ±h: the
// mean loss over the rows, differenced.
TEST(Train, backpropagation_equals_central_differences_for_every_activation) {
  for (const Activation& fn : Catalogue()) {
    for (Loss loss : {Loss::kMse, Loss::kBce}) {
      TrainSpec s = Spec(Task::kSpiral, Model::kMlp, "tanh");
      s.fn = &fn;
      s.params = Defaults(fn);
      s.hidden = {3, 2};
      s.output = loss == Loss::kBce ? OutputUnit::kSigmoid : OutputUnit::kLinear;
      s.loss = loss;
      s.seed = 3;
      Trainer t = StartTraining(s);
      const std::vector<std::size_t> rows = {3, 50, 120, 170};
      const std::vector<double> g = Gradient(t.net, t.data, loss, rows);
      Dataset sub = t.data;
      sub.x.clear();
      sub.y.clear();
      for (std::size_t r : rows) {
        sub.x.push_back(t.data.x[2 * r]);
        sub.x.push_back(t.data.x[2 * r + 1]);
        sub.y.push_back(t.data.y[r]);
      }
      std::size_t k = 0, checked = 0;
      for (Layer& l : t.net.layers)
        for (std::vector<double>* v : {&l.w, &l.b})
          for (double& w : *v) {
            const double keep = w, h = 1e-6 * std::max(1.0, std::fabs(w));
            w = keep + h;
            const double up = Evaluate(t.net, sub, loss).loss;
            w = keep - h;
            const double down = Evaluate(t.net, sub, loss).loss;
            w = keep;
            const double numeric = (up - down) / (2 * h);
            if (!std::isnan(numeric)) {  // NaN: logit outside (0, 1)
              EXPECT_NEAR(g[k], numeric, 1e-6 * std::max(1.0, std::fabs(numeric)))
                  << fn.name << " parameter " << k;
              ++checked;
            }
            ++k;
          }
      // Then one value per hidden layer for each learnable parameter, shared by its units.
      std::size_t learnable = 0;
      for (const ParamSpec& p : fn.params)
        learnable += p.learnable;
      for (std::size_t l = 0; l + 1 < t.net.layers.size(); ++l)
        for (std::size_t i = 0; i < fn.params.size(); ++i) {
          if (!fn.params[i].learnable) continue;
          double& a = t.net.layers[l].params.v[i];
          const double keep = a, h = 1e-6 * std::max(1.0, std::fabs(a));
          a = keep + h;
          const double up = Evaluate(t.net, sub, loss).loss;
          a = keep - h;
          const double down = Evaluate(t.net, sub, loss).loss;
          a = keep;
          const double numeric = (up - down) / (2 * h);
          ASSERT_LT(k, g.size()) << fn.name << " layer " << l << " parameter " << i;
          EXPECT_NEAR(g[k], numeric, 1e-6 * std::max(1.0, std::fabs(numeric)))
              << fn.name << " layer " << l << " " << fn.params[i].name;
          ++k, ++checked;
        }
      EXPECT_EQ(k, g.size()) << fn.name;
      EXPECT_EQ(t.net.ParameterCount(),
                2 * 3 + 3 * 2 + 2 * 1 + 3 + 2 + 1 + 2 * learnable)  // two hidden layers
          << fn.name;
      if (fn.name != "logit") {
        EXPECT_EQ(checked, g.size()) << fn.name;
      }
    }
  }
}

TEST(Train, perceptron_learns_and_and_or_and_never_more_than_three_xor_points) {
  for (Task task : {Task::kAnd, Task::kOr}) {
    const Trainer t = TrainAll(Spec(task, Model::kPerceptron, "step"));
    EXPECT_EQ(t.accuracy.back(), 1.0);
  }
  const Trainer x = TrainAll(Spec(Task::kXor, Model::kPerceptron, "step"));
  for (double a : x.accuracy)
    EXPECT_LE(a, 0.75);
}

TEST(Train, two_sigmoid_units_solve_xor_for_most_seeds) {
  int solved = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    TrainSpec s = Spec(Task::kXor, Model::kMlp, "sigmoid");  // the defaults: MSE, Adam 0.01
    s.seed = seed;
    solved += TrainAll(s).accuracy.back() == 1.0;
  }
  // Measured: 15 of 20 (the others stop in a local minimum with 3 of 4 right).
  EXPECT_GE(solved, 14);
}

TEST(Train, linear_layers_collapse_to_one_affine_map_that_cannot_solve_xor) {
  for (std::vector<int> hidden : {std::vector<int>{2}, {4, 3}, {2, 2, 2, 2}}) {
    TrainSpec s = Spec(Task::kXor, Model::kMlp, "linear");
    s.hidden = hidden;
    s.lr = 0.05;
    // The best affine fit of XOR under MSE is ½ everywhere; once there, which side of ½ each
    // prediction falls on is rounding, so epochs whose predictions all sit within 1e−9 of ½
    // are ties, not answers.
    Trainer t = StartTraining(s);
    int decided = 0;
    while (TrainEpoch(t)) {
      double spread = 0;
      for (std::size_t i = 0; i < 4; ++i)
        spread = std::max(
            spread, std::fabs(Predict(t.net, std::span<const double>(&t.data.x[2 * i], 2)) - 0.5));
      if (spread < 1e-9) continue;
      ++decided;
      EXPECT_LE(t.accuracy.back(), 0.75) << "epoch " << t.epoch;
    }
    EXPECT_GT(decided, 10);
    const std::optional<AffineMap> m = CollapseLinear(t.net);
    ASSERT_TRUE(m);
    for (std::size_t i = 0; i < 4; ++i) {
      const double x0 = t.data.x[2 * i], x1 = t.data.x[2 * i + 1];
      const double direct = Predict(t.net, std::span<const double>(&t.data.x[2 * i], 2));
      EXPECT_NEAR(x0 * m->w[0] + x1 * m->w[1] + m->b, direct, 1e-12);
    }
  }
  EXPECT_FALSE(CollapseLinear(
      InitialNetwork(Spec(Task::kXor, Model::kMlp, "relu"), MakeDataset(Task::kXor, 0))));
}

TEST(Train, six_relu_units_fit_the_square_to_within_its_noise) {
  TrainSpec s = Spec(Task::kSquare, Model::kMlp, "relu");
  const Trainer t = TrainAll(s);
  EXPECT_EQ(t.net.ParameterCount(), 19u);
  // The noise is 10·N(0, 1): an exact fit of x² leaves MSE ≈ 100.
  EXPECT_LT(t.loss.back(), 160);
  EXPECT_GT(t.loss.back(), 70);
  EXPECT_LT(t.loss.back(), t.loss.front());
}

TEST(Train, same_seed_same_run_and_the_seed_alone_sets_the_start) {
  TrainSpec s = Spec(Task::kCircles, Model::kMlp, "tanh");
  s.hidden = {4, 4};
  s.epochs = 30;
  const Trainer a = TrainAll(s), b = TrainAll(s);
  EXPECT_EQ(a.loss, b.loss);
  TrainSpec r = s;
  r.fn = Find("relu");
  EXPECT_EQ(InitialNetwork(s, a.data).layers[1].w, InitialNetwork(r, a.data).layers[1].w);
  r = s;
  r.seed = 1;
  EXPECT_NE(InitialNetwork(s, a.data).layers[1].w, InitialNetwork(r, a.data).layers[1].w);
}

TEST(Train, a_loss_that_overflows_stops_training_with_a_message) {
  TrainSpec s = Spec(Task::kSquare, Model::kMlp, "linear");
  s.optimizer = Optimizer::kSgd;
  s.lr = 10;  // diverges
  const Trainer t = TrainAll(s);
  EXPECT_FALSE(t.stopped.empty());
  EXPECT_LT(t.epoch, s.epochs);
}

// Overflowing training (run under UBSan in the sanitizer suite): whatever the
// learning rate or the function's scale, a run ends with a finite loss or a message, and the
// views' math (units, kinks, predictions) over the network it left stays in bounds.
TEST(Train, overflowing_runs_stop_with_a_message_and_their_views_stay_in_bounds) {
  struct Case {
    Task task;
    const char* fn;
    double param;  // its first parameter, NaN: the default
    Optimizer optimizer;
    double lr;
  };
  const Case cases[] = {
      {Task::kSquare, "linear", 3, Optimizer::kSgd, 1e6},
      {Task::kXor, "relu", NAN, Optimizer::kSgd, 1e300},
      {Task::kSpiral, "elu", 3, Optimizer::kAdam, 1e6},
      {Task::kCircles, "softplus", NAN, Optimizer::kSgd, 1e200},
      {Task::kSine, "prelu", 3, Optimizer::kAdam, 1e100},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fn);
    TrainSpec s = Spec(c.task, Model::kMlp, c.fn);
    if (!std::isnan(c.param)) s.params.v[0] = c.param;
    s.optimizer = c.optimizer, s.lr = c.lr, s.epochs = 50;
    ASSERT_FALSE(ValidateTrain(s));
    const Trainer t = TrainAll(s);
    if (t.stopped.empty()) {
      EXPECT_EQ(t.epoch, s.epochs);
      EXPECT_TRUE(std::isfinite(t.loss.back()));
    } else {
      EXPECT_FALSE(std::isfinite(t.loss.back()));
    }
    for (const UnitState& u : HiddenUnits(t.net, t.data)) {
      EXPECT_GE(u.active, 0);
      EXPECT_LE(u.active, 1);
    }
    for (const Kink& k : Kinks(t.net, -1e300, 1e300, 257))
      EXPECT_FALSE(std::isnan(k.x));
    std::vector<double> xs(2 * 64), out(64);
    for (std::size_t i = 0; i < xs.size(); ++i)
      xs[i] = i % 3 ? 1e308 : -1e308;
    PredictMany(t.net, {xs.data(), static_cast<std::size_t>(t.data.dim) * 64}, out);
  }
}

TEST(Train, a_cancelled_epoch_ends_at_once_and_is_not_counted) {
  TrainSpec s = Spec(Task::kSpiral, Model::kMlp, "tanh");
  s.hidden = {64, 64};
  std::atomic<bool> cancel{false};
  Trainer t = StartTraining(s);
  t.cancel = &cancel;
  ASSERT_TRUE(TrainEpoch(t));
  const std::vector<double> loss = t.loss;
  cancel = true;
  EXPECT_FALSE(TrainEpoch(t));
  EXPECT_EQ(t.epoch, 1);
  EXPECT_EQ(t.loss, loss);
  EXPECT_TRUE(t.stopped.empty());
  cancel = false;
  EXPECT_TRUE(TrainEpoch(t));
  EXPECT_EQ(t.epoch, 2);
}

TEST(Train, curve_tasks_label_each_point_by_which_side_of_its_curve_it_lies) {
  struct Row {
    Task task;
    double (*g)(double);
  };
  const Row rows[] = {
      {Task::kSine, [](double x) { return 0.5 + 0.3 * std::sin(2 * 3.141592653589793 * x); }},
      {Task::kCubic, [](double x) { return 0.5 + 3.2 * std::pow(x - 0.5, 3); }},
      {Task::kAbs, [](double x) { return 0.2 + 1.2 * std::fabs(x - 0.5); }},
  };
  for (const Row& r : rows) {
    const Dataset d = MakeDataset(r.task, 7);
    ASSERT_EQ(d.size(), 200u);
    int ones = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      const double x = d.x[2 * i], y = d.x[2 * i + 1];
      ASSERT_TRUE(x >= 0 && x <= 1 && y >= 0 && y <= 1);
      EXPECT_EQ(d.y[i], y > r.g(x) ? 1.0 : 0.0) << i;
      ones += d.y[i] > 0.5;
    }
    EXPECT_GT(ones, 40);
    EXPECT_LT(ones, 160);
    EXPECT_EQ(FromName(TaskNames(), "sine"), Task::kSine);
  }
}

TEST(Train, a_function_per_layer_is_applied_layer_by_layer) {
  TrainSpec s = Spec(Task::kSpiral, Model::kMlp, "relu");
  s.hidden = {3, 2};
  s.per_layer = {{Find("relu"), Defaults(*Find("relu"))}, {Find("tanh"), Defaults(*Find("tanh"))}};
  s.seed = 5;
  ASSERT_FALSE(ValidateTrain(s));
  const Network net = InitialNetwork(s, MakeDataset(s.task, 5));
  const double x[2] = {0.3, 0.8};
  // By hand: h1 = relu(x·W1), h2 = tanh(h1·W2), out = h2·W3 (biases start at 0).
  const auto& L = net.layers;
  double h1[3], h2[2], out = 0;
  for (int j = 0; j < 3; ++j)
    h1[j] = std::max(0.0, x[0] * L[0].w[j] + x[1] * L[0].w[3 + j]);
  for (int j = 0; j < 2; ++j)
    h2[j] = std::tanh(h1[0] * L[1].w[j] + h1[1] * L[1].w[2 + j] + h1[2] * L[1].w[4 + j]);
  out = h2[0] * L[2].w[0] + h2[1] * L[2].w[1];
  EXPECT_NEAR(Predict(net, x), out, 1e-15);
  s.per_layer = {{Find("relu"), Defaults(*Find("relu"))}};
  EXPECT_TRUE(ValidateTrain(s));  // one function for two layers
}

// Each layer's own parameters reach its units: leaky ReLU's α in layer 1, ELU's in layer 2.
TEST(Train, each_layer_uses_its_own_parameters) {
  TrainSpec s = Spec(Task::kSpiral, Model::kMlp, "relu");
  s.hidden = {3, 2};
  const LayerFunctions lf =
      ParseLayerFunctions("leaky_relu(alpha=0.3), elu(alpha=0.5)", s.fn, s.params);
  ASSERT_EQ(lf.error, "");
  s.per_layer = lf.layers;
  ASSERT_FALSE(ValidateTrain(s));
  Network net = InitialNetwork(s, MakeDataset(s.task, 0));
  auto& L = net.layers;
  L[0].b = {-0.4, 0.1, -0.2};  // some units negative: α shows
  L[1].b = {-0.7, 0.2};
  const double x[2] = {0.3, 0.8};
  double h1[3], h2[2];
  for (int j = 0; j < 3; ++j) {
    const double z = x[0] * L[0].w[j] + x[1] * L[0].w[3 + j] + L[0].b[j];
    h1[j] = z > 0 ? z : 0.3 * z;
  }
  for (int j = 0; j < 2; ++j) {
    const double z = h1[0] * L[1].w[j] + h1[1] * L[1].w[2 + j] + h1[2] * L[1].w[4 + j] + L[1].b[j];
    h2[j] = z > 0 ? z : 0.5 * std::expm1(z);
  }
  EXPECT_NEAR(Predict(net, x), h2[0] * L[2].w[0] + h2[1] * L[2].w[1], 1e-15);
}

// PReLU's α is learned, one per hidden layer (nn.PReLU()), from the value given.
TEST(Train, prelu_learns_its_alpha_per_layer_and_a_frozen_one_stays) {
  TrainSpec s = Spec(Task::kSpiral, Model::kMlp, "prelu");
  s.hidden = {8, 8};
  s.params.v[0] = 0.1;
  s.epochs = 200;
  s.output = OutputUnit::kSigmoid;
  s.loss = Loss::kBce;
  const Trainer t = TrainAll(s);
  ASSERT_EQ(t.net.layers[0].learned, std::vector<int>{0});
  ASSERT_EQ(t.net.layers[1].learned, std::vector<int>{0});
  EXPECT_TRUE(t.net.layers[2].learned.empty());
  EXPECT_EQ(t.net.ParameterCount(), 2u * 8 + 8 + 8 * 8 + 8 + 8 + 1 + 2);
  for (int l = 0; l < 2; ++l)
    EXPECT_GT(std::fabs(t.net.layers[static_cast<std::size_t>(l)].params.v[0] - 0.1), 1e-3) << l;
  EXPECT_NE(t.net.layers[0].params.v[0], t.net.layers[1].params.v[0]);

  // Frozen: α stays, and the run is exactly leaky ReLU's with that α (the same math).
  s.freeze_params = true;
  const Trainer f = TrainAll(s);
  EXPECT_EQ(f.net.ParameterCount(), 2u * 8 + 8 + 8 * 8 + 8 + 8 + 1);
  for (int l = 0; l < 2; ++l)
    EXPECT_EQ(f.net.layers[static_cast<std::size_t>(l)].params.v[0], 0.1);
  TrainSpec leaky = s;
  leaky.fn = Find("leaky_relu");
  leaky.freeze_params = false;
  EXPECT_EQ(TrainAll(leaky).loss, f.loss);
  EXPECT_NE(t.loss, f.loss);
}

// One full-batch SGD step on a 2-1-1 PReLU net: α moves by −lr·∂L/∂α, derived by hand:
// L = mean (w₂·f(z) + b₂ − y)², ∂L/∂α = mean 2(ŷ − y)·w₂·(z if z ≤ 0, else 0).
TEST(Train, one_sgd_step_moves_alpha_by_the_hand_derived_gradient) {
  TrainSpec s = Spec(Task::kXor, Model::kMlp, "prelu");
  s.hidden = {1};
  s.optimizer = Optimizer::kSgd;
  s.lr = 0.5;
  s.batch = 4;
  s.epochs = 2;
  Trainer t = StartTraining(s);
  Layer& h = t.net.layers[0];
  h.w = {0.7, -1.3};
  h.b = {0.2};
  t.net.layers[1].w = {1.5};
  t.net.layers[1].b = {0.1};
  const double alpha = h.params.v[0];
  double grad = 0;
  for (int i = 0; i < 4; ++i) {
    const double x0 = t.data.x[2 * i], x1 = t.data.x[2 * i + 1];
    const double z = 0.7 * x0 - 1.3 * x1 + 0.2;
    const double y_hat = 1.5 * (z > 0 ? z : alpha * z) + 0.1;
    grad += 2 * (y_hat - t.data.y[i]) * 1.5 * (z > 0 ? 0 : z) / 4;
  }
  ASSERT_NE(grad, 0);
  TrainEpoch(t);
  EXPECT_NEAR(t.net.layers[0].params.v[0], alpha - 0.5 * grad, 1e-15);
}

TEST(Train, kinks_of_relu_units_sit_where_their_pre_activation_is_zero) {
  TrainSpec s = Spec(Task::kSquare, Model::kMlp, "relu");
  Trainer t = StartTraining(s);
  for (int e = 0; e < 20; ++e)
    TrainEpoch(t);
  const Layer& L = t.net.layers[0];
  // One layer of one input: unit j's kink is at x = −b_j / w_j, where inside [−10, 10].
  std::vector<double> want;
  for (int j = 0; j < L.out; ++j) {
    const double x = -L.b[static_cast<std::size_t>(j)] / L.w[static_cast<std::size_t>(j)];
    if (x > -10 && x < 10) want.push_back(x);
  }
  std::sort(want.begin(), want.end());
  const std::vector<Kink> got = Kinks(t.net, -10, 10);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i].x, want[i], 1e-9);
    EXPECT_EQ(got[i].layer, 0);
  }
}

TEST(Train, hidden_units_are_dead_when_no_sample_activates_them) {
  TrainSpec s = Spec(Task::kXor, Model::kMlp, "relu");
  s.hidden = {3};
  Network net = InitialNetwork(s, MakeDataset(Task::kXor, 0));
  const Dataset d = MakeDataset(Task::kXor, 0);
  // Unit 0 alive everywhere (z = 1 + x₀), unit 1 dead (z = −1 − x₀ − x₁ < 0 on the square),
  // unit 2 constant (z = ½).
  Layer& L = net.layers[0];
  L.w = {1, -1, 0, 0, -1, 0};
  L.b = {1, -1, 0.5};
  const std::vector<UnitState> u = HiddenUnits(net, d);
  ASSERT_EQ(u.size(), 3u);
  EXPECT_FALSE(u[0].dead);
  EXPECT_EQ(u[0].active, 1.0);
  EXPECT_TRUE(u[1].dead);
  EXPECT_EQ(u[1].active, 0.0);
  EXPECT_EQ(u[2].active, 1.0);  // z = ½ on every sample
  // Sigmoid far in its tail: saturated, not dead.
  TrainSpec g = Spec(Task::kXor, Model::kMlp, "sigmoid");
  g.hidden = {1};
  Network sat = InitialNetwork(g, d);
  sat.layers[0].w = {0, 0};
  sat.layers[0].b = {40};
  const std::vector<UnitState> v = HiddenUnits(sat, d);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(v[0].saturated);
  EXPECT_FALSE(v[0].dead);
  EXPECT_TRUE(ZeroDerivative(*Find("step"), Defaults(*Find("step"))));
  EXPECT_FALSE(ZeroDerivative(*Find("relu"), Defaults(*Find("relu"))));
}

TEST(Train, bad_specs_are_refused) {
  TrainSpec s = Spec(Task::kXor, Model::kMlp, "relu");
  EXPECT_FALSE(ValidateTrain(s));
  for (auto bad :
       {+[](TrainSpec& t) { t.hidden = {0}; }, +[](TrainSpec& t) { t.hidden = {1000000}; },
        +[](TrainSpec& t) { t.lr = NAN; }, +[](TrainSpec& t) { t.lr = -1; },
        +[](TrainSpec& t) { t.epochs = 0; }, +[](TrainSpec& t) { t.batch = 0; },
        +[](TrainSpec& t) {
          t.hidden = {4096, 4096, 4096};
        }}) {
    TrainSpec t = s;
    bad(t);
    EXPECT_TRUE(ValidateTrain(t));
  }
}

// The hidden widths as typed in the tab and given to --hidden: one parser for both.
TEST(Train, hidden_widths_parse_as_typed_and_bad_text_says_why) {
  struct Good {
    const char* text;
    std::vector<int> widths;
  };
  const Good good[] = {{"6", {6}},
                       {"2,2,2", {2, 2, 2}},
                       {" 8 , 16 ", {8, 16}},
                       {"4096", {4096}},
                       {"1,4096,1", {1, 4096, 1}}};
  for (const Good& g : good) {
    const HiddenWidths h = ParseHiddenWidths(g.text);
    EXPECT_EQ(h.error, "") << g.text;
    EXPECT_EQ(h.widths, g.widths) << g.text;
  }
  const char* bad[] = {"",    "0",   "4097", "1000000", "2,,2",
                       "2,",  ",2",  "-3",   "+3",      "2.0",
                       "1e3", "two", "2;3",  "3 3",     "99999999999999999999"};
  for (const char* b : bad) {
    const HiddenWidths h = ParseHiddenWidths(b);
    EXPECT_NE(h.error, "") << b;
    EXPECT_TRUE(h.widths.empty()) << b;
  }
  std::string many = "1";
  for (int i = 0; i < 64; ++i)
    many += ",1";
  EXPECT_NE(ParseHiddenWidths(many).error.find("at most 64"), std::string::npos);
  EXPECT_EQ(ParseHiddenWidths(many.substr(2)).widths.size(), 64u);
}

}  // namespace
}  // namespace actviz::test
