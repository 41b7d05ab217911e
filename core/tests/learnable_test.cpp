// Learnable activation parameters and per-layer functions: the catalogue marks
// PReLU's α learnable and gives ∂f/∂α, checked against central differences of f and by hand;
// the per-layer syntax `name(p=v, …)` parses into functions and values, and bad text gets a
// message that names the layer and what is wrong.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/networks/train.hpp"

namespace actviz::test {
namespace {

TEST(Learnable, exactly_the_rows_the_spec_calls_learnable_mark_it_and_give_dparam) {
  // spec/activations.md: PReLU's α is "learnable in a network"; nothing else is.
  for (const Activation& fn : Catalogue()) {
    bool any = false;
    for (const ParamSpec& p : fn.params) {
      const bool want = fn.name == "prelu" && p.name == "alpha";
      EXPECT_EQ(p.learnable, want) << fn.name << " " << p.name;
      any |= p.learnable;
    }
    EXPECT_EQ(fn.dparam != nullptr, any) << fn.name;
  }
}

TEST(Learnable, dparam_equals_central_differences_of_f_at_random_points) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> xs(-8, 8);
  for (const Activation& fn : Catalogue()) {
    if (!fn.dparam) continue;
    for (std::size_t i = 0; i < fn.params.size(); ++i) {
      if (!fn.params[i].learnable) continue;
      std::uniform_real_distribution<double> ps(fn.params[i].lo, fn.params[i].hi);
      for (int k = 0; k < 2000; ++k) {
        Params p = Defaults(fn);
        p.v[i] = ps(rng);
        const double x = xs(rng), h = 1e-6;
        Params up = p, down = p;
        up.v[i] += h;
        down.v[i] -= h;
        const double numeric = (fn.f(x, up) - fn.f(x, down)) / (2 * h);
        EXPECT_NEAR(fn.dparam(x, p, static_cast<int>(i)), numeric, 1e-8 * (1 + std::fabs(x)))
            << fn.name << " " << fn.params[i].name << " at x = " << x;
      }
    }
  }
}

TEST(Learnable, prelu_dparam_by_hand) {
  // f = x (x > 0), α·x (x ≤ 0): ∂f/∂α = 0 for x > 0, x for x ≤ 0, whatever α.
  const Activation& fn = *Find("prelu");
  struct Row {
    double x, alpha, want;
  };
  const Row rows[] = {{-2, 0.25, -2},
                      {3, 0.25, 0},
                      {0, 0.25, 0},
                      {-0.5, 0.9, -0.5},
                      {1e-300, 0.1, 0},
                      {-1e300, 0.3, -1e300},
                      {-INFINITY, 0.2, -INFINITY},
                      {INFINITY, 0.2, 0}};
  for (const Row& r : rows) {
    Params p = Defaults(fn);
    p.v[0] = r.alpha;
    EXPECT_EQ(fn.dparam(r.x, p, 0), r.want) << r.x;
  }
  EXPECT_TRUE(std::isnan(fn.dparam(NAN, Defaults(fn), 0)));
}

// ---- the per-layer syntax

struct Good {
  const char* text;
  std::vector<std::pair<const char*, std::vector<double>>> want;  // function, its values
};

TEST(LayerFunctions, good_text_parses_into_functions_and_values) {
  const Activation* base = Find("leaky_relu");
  Params bp = Defaults(*base);
  bp.v[0] = 0.2;  // the --param value: used where a layer's function is the base's
  const Good rows[] = {
      {"relu", {{"relu", {}}}},
      {"relu,tanh", {{"relu", {}}, {"tanh", {}}}},
      {" relu , tanh ", {{"relu", {}}, {"tanh", {}}}},
      {"leaky_relu", {{"leaky_relu", {0.2}}}},
      {"leaky_relu(alpha=0.1),tanh,elu(alpha=0.5)",
       {{"leaky_relu", {0.1}}, {"tanh", {}}, {"elu", {0.5}}}},
      {"elu", {{"elu", {1}}}},  // not the base: its default
      {"elu( alpha = 2.5 )", {{"elu", {2.5}}}},
      {"relu()", {{"relu", {}}}},
      {"selu(alpha=1.5),selu(lambda=2, alpha=0.5)",
       {{"selu", {1.0507009873554804934, 1.5}}, {"selu", {2, 0.5}}}},
      {"celu(alpha=1e-3)", {{"celu", {1e-3}}}},
      {"prelu(alpha=-0.5)", {{"prelu", {-0.5}}}},
      {"maxout(k=3)", {{"maxout", {1, 0, 0, 0, -1, 0, 0.5, 1, -0.5, 1, 3}}}},
  };
  for (const Good& g : rows) {
    const LayerFunctions r = ParseLayerFunctions(g.text, base, bp);
    ASSERT_EQ(r.error, "") << g.text;
    ASSERT_EQ(r.layers.size(), g.want.size()) << g.text;
    for (std::size_t l = 0; l < g.want.size(); ++l) {
      EXPECT_EQ(r.layers[l].fn, Find(g.want[l].first)) << g.text;
      for (std::size_t i = 0; i < g.want[l].second.size(); ++i)
        EXPECT_EQ(r.layers[l].params.v[i], g.want[l].second[i]) << g.text << " layer " << l;
    }
  }
}

struct Bad {
  const char* text;
  std::vector<const char*> says;  // each must appear in the message
};

TEST(LayerFunctions, bad_text_gets_a_message_naming_the_layer_and_the_problem) {
  const Activation* base = Find("relu");
  const Bad rows[] = {
      {"", {"layer 1", "no function name"}},
      {"relu,,tanh", {"layer 2", "no function name"}},
      {"relu,", {"layer 2", "no function name"}},
      {"rleu", {"layer 1", "unknown function 'rleu'", "leaky_relu"}},
      {"relu,tahn", {"layer 2", "unknown function 'tahn'"}},
      {"elu(alpha=0.5", {"unbalanced parentheses", "'(' at character 4 is not closed"}},
      {"elu alpha=0.5)", {"')' at character 14 without its '('"}},
      {"elu((alpha=1))", {"nested parentheses", "'(' at character 5"}},
      {"elu(alpha=0.5)x", {"layer 1", "expected ')'"}},
      {"(alpha=0.5)", {"layer 1", "no function name"}},
      {"elu(beta=1)", {"layer 1", "elu has no parameter 'beta'", "its parameters: alpha"}},
      {"relu(alpha=1)", {"relu has no parameter 'alpha'", "it has none"}},
      {"elu(alpha)", {"expected NAME=VALUE", "'alpha'"}},
      {"elu(alpha=)", {"elu alpha", "'' is not a number"}},
      {"elu(alpha=abc)", {"'abc' is not a number"}},
      {"elu(alpha=0.5,alpha=1)", {"alpha is given twice"}},
      {"elu(alpha=nan)", {"elu alpha must be finite", "nan"}},
      {"elu(alpha=inf)", {"must be finite"}},
      {"tanh,celu(alpha=0)", {"layer 2", "celu alpha must be > 0", "got '0'"}},
      {"softplus(beta=-1)", {"softplus beta must be > 0"}},
      {"squareplus(b=-1)", {"squareplus b must be >= 0"}},
      {"maxout(k=7)", {"maxout k must be a whole number from 2 to 5"}},
      {"maxout(k=2.5)", {"a whole number"}},
  };
  for (const Bad& b : rows) {
    const LayerFunctions r = ParseLayerFunctions(b.text, base, Defaults(*base));
    EXPECT_TRUE(r.layers.empty()) << b.text;
    for (const char* s : b.says)
      EXPECT_NE(r.error.find(s), std::string::npos) << b.text << ": " << r.error;
  }
  std::string many;
  for (int i = 0; i < 65; ++i)
    many += i ? ",relu" : "relu";
  EXPECT_NE(ParseLayerFunctions(many, base, {}).error.find("at most 64"), std::string::npos);
}

}  // namespace
}  // namespace actviz::test
