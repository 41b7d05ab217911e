// ±∞, ±0 and NaN for every function, written out by hand from spec/activations.md (limits at
// the infinities, NaN in → NaN out), independent of the reference generator. Both paths.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "actviz/catalogue.hpp"
#include "actviz/kernels.hpp"

namespace actviz::test {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Case {
  const char* name;
  const char* param = nullptr;  // optional "name" overriding one default …
  double value = 0;             // … with this value
  double x = 0;
  double f = 0, df = 0;  // expected limits (NaN: expect NaN)
};

// Values at the infinities with the default parameters unless a parameter is given.
constexpr double kSeluL = 1.0507009873554804934, kSeluA = 1.6732632423543772848;
const Case kCases[] = {
    {"step", nullptr, 0, kInf, 1, 0},
    {"step", nullptr, 0, -kInf, 0, 0},
    {"linear", nullptr, 0, kInf, kInf, 1},
    {"linear", nullptr, 0, -kInf, -kInf, 1},
    {"linear", "lambda", 0, kInf, 0, 0},
    {"linear", "lambda", -2, kInf, -kInf, -2},
    {"sigmoid", nullptr, 0, kInf, 1, 0},
    {"sigmoid", nullptr, 0, -kInf, 0, 0},
    {"tanh", nullptr, 0, kInf, 1, 0},
    {"tanh", nullptr, 0, -kInf, -1, 0},
    {"logit", nullptr, 0, kInf, kNaN, kNaN},
    {"logit", nullptr, 0, -kInf, kNaN, kNaN},
    {"logit", nullptr, 0, 0, -kInf, kInf},
    {"logit", nullptr, 0, 1, kInf, kInf},
    {"logit", nullptr, 0, 1.5, kNaN, kNaN},
    {"logit", nullptr, 0, -0.25, kNaN, kNaN},
    {"softsign", nullptr, 0, kInf, 1, 0},
    {"softsign", nullptr, 0, -kInf, -1, 0},
    {"relu", nullptr, 0, kInf, kInf, 1},
    {"relu", nullptr, 0, -kInf, 0, 0},
    {"relu", nullptr, 0, 0, 0, 0},
    {"leaky_relu", nullptr, 0, 0, 0, 0.01},
    {"leaky_relu", nullptr, 0, kInf, kInf, 1},
    {"leaky_relu", nullptr, 0, -kInf, -kInf, 0.01},
    {"leaky_relu", "alpha", 0, -kInf, 0, 0},
    {"prelu", nullptr, 0, -kInf, -kInf, 0.25},
    {"relu6", nullptr, 0, kInf, 6, 0},
    {"relu6", nullptr, 0, -kInf, 0, 0},
    {"relu6", nullptr, 0, 6, 6, 0},
    {"relu6", nullptr, 0, 0, 0, 0},
    {"thresholded_relu", nullptr, 0, kInf, kInf, 1},
    {"thresholded_relu", nullptr, 0, -kInf, 0, 0},
    {"thresholded_relu", nullptr, 0, 1, 0, 0},
    {"elu", nullptr, 0, kInf, kInf, 1},
    {"elu", nullptr, 0, -kInf, -1, 0},
    {"elu", nullptr, 0, 0, 0, 1},
    {"elu", "alpha", 2.5, 0, 0, 2.5},
    {"celu", nullptr, 0, kInf, kInf, 1},
    {"celu", "alpha", 0.5, -kInf, -0.5, 0},
    {"selu", nullptr, 0, kInf, kInf, kSeluL},
    {"selu", nullptr, 0, -kInf, -kSeluL* kSeluA, 0},
    {"selu", "lambda", 0, kInf, 0, 0},
    {"softplus", nullptr, 0, kInf, kInf, 1},
    {"softplus", nullptr, 0, -kInf, 0, 0},
    {"softplus", nullptr, 0, 1000, 1000, 1},
    {"softplus", "beta", 50, 1e300, 1e300, 1},
    {"swish", nullptr, 0, kInf, kInf, 1},
    {"swish", nullptr, 0, -kInf, 0, 0},
    {"swish", "beta", 0, kInf, kInf, 0.5},
    {"swish", "beta", 0, -kInf, -kInf, 0.5},
    {"gelu", nullptr, 0, kInf, kInf, 1},
    {"gelu", nullptr, 0, -kInf, 0, 0},
    {"gelu", nullptr, 0, -40, 0, 0},
    {"gelu", nullptr, 0, 40, 40, 1},
    {"gelu_tanh", nullptr, 0, kInf, kInf, 1},
    {"gelu_tanh", nullptr, 0, -kInf, 0, 0},
    {"mish", nullptr, 0, kInf, kInf, 1},
    {"mish", nullptr, 0, -kInf, 0, 0},
    {"log_sigmoid", nullptr, 0, kInf, 0, 0},
    {"log_sigmoid", nullptr, 0, -kInf, -kInf, 1},
    {"squareplus", nullptr, 0, kInf, kInf, 1},
    {"squareplus", nullptr, 0, -kInf, 0, 0},
    {"squareplus", "b", 0, 0, 0, 0.5},
    {"squareplus", "b", 0, -3, 0, 0},
    {"tanhshrink", nullptr, 0, kInf, kInf, 1},
    {"tanhshrink", nullptr, 0, -kInf, -kInf, 1},
    {"tanhshrink", nullptr, 0, 0, 0, 0},
    {"tanh", nullptr, 0, 1000, 1, 0},
    {"hard_sigmoid", nullptr, 0, kInf, 1, 0},
    {"hard_sigmoid", nullptr, 0, -kInf, 0, 0},
    {"hard_sigmoid", nullptr, 0, 3, 1, 0},
    {"hard_sigmoid", nullptr, 0, -3, 0, 0},
    {"hard_tanh", nullptr, 0, kInf, 1, 0},
    {"hard_tanh", nullptr, 0, -kInf, -1, 0},
    {"hard_swish", nullptr, 0, kInf, kInf, 1},
    {"hard_swish", nullptr, 0, -kInf, 0, 0},
    {"hardshrink", nullptr, 0, kInf, kInf, 1},
    {"hardshrink", nullptr, 0, -kInf, -kInf, 1},
    {"hardshrink", nullptr, 0, 0.5, 0, 0},
    {"softshrink", nullptr, 0, kInf, kInf, 1},
    {"softshrink", nullptr, 0, -kInf, -kInf, 1},
    {"soft_exponential", nullptr, 0, kInf, kInf, 1},
    {"soft_exponential", nullptr, 0, -kInf, -kInf, 1},
    {"soft_exponential", "alpha", 0.5, -kInf, 0.5 - 2, 0},
    {"soft_exponential", "alpha", 0.5, kInf, kInf, kInf},
    {"soft_exponential", "alpha", -0.5, kInf, kInf, 0},
    {"soft_exponential", "alpha", -0.5, -kInf, kNaN, kNaN},
    {"soft_exponential", "alpha", -0.5, -1.5, kNaN, kNaN},  // 1 − α(x+α) = 0: the pole
    {"maxout", nullptr, 0, kInf, kInf, 1},
    {"maxout", nullptr, 0, -kInf, 0, 0},
    {"maxout", "w2", -1, -kInf, kInf, -1},
    {"maxout", "w1", 0, kInf, 0, 0},
};

bool Same(double got, double want) {
  return std::isnan(want) ? std::isnan(got) : got == want;  // ±0 compare equal
}

TEST(SpecialValues, limits_at_infinity_and_breakpoints_follow_the_spec) {
  for (const Case& c : kCases) {
    const Activation* fn = Find(c.name);
    ASSERT_NE(fn, nullptr) << c.name;
    Params p = Defaults(*fn);
    if (c.param) p.v[ParamIndex(*fn, c.param)] = c.value;
    const std::string what = std::string(c.name) + (c.param ? std::string(" ") + c.param : "") +
                             " at x=" + std::to_string(c.x);
    EXPECT_TRUE(Same(fn->f(c.x, p), c.f)) << what << ": f64 f = " << fn->f(c.x, p);
    EXPECT_TRUE(Same(fn->df(c.x, p), c.df)) << what << ": f64 f' = " << fn->df(c.x, p);
    const float x = static_cast<float>(c.x);
    float y = 0, dy = 0;
    Apply(*fn, Eval::kValue, {&x, 1}, {&y, 1}, p);
    Apply(*fn, Eval::kDerivative, {&x, 1}, {&dy, 1}, p);
    EXPECT_TRUE(Same(y, static_cast<float>(c.f))) << what << ": f32 f = " << y;
    EXPECT_TRUE(Same(dy, static_cast<float>(c.df))) << what << ": f32 f' = " << dy;
  }
}

TEST(SpecialValues, nan_in_gives_nan_out_for_every_function) {
  for (const Activation& fn : Catalogue()) {
    const Params p = Defaults(fn);
    EXPECT_TRUE(std::isnan(fn.f(kNaN, p))) << fn.name;
    EXPECT_TRUE(std::isnan(fn.df(kNaN, p))) << fn.name;
    const float in[3] = {std::numeric_limits<float>::quiet_NaN(), 1.0f,
                         -std::numeric_limits<float>::quiet_NaN()};
    float out[3], dout[3];
    Apply(fn, Eval::kValue, in, out, p);
    Apply(fn, Eval::kDerivative, in, dout, p);
    EXPECT_TRUE(std::isnan(out[0]) && std::isnan(out[2])) << fn.name;
    EXPECT_TRUE(std::isnan(dout[0]) && std::isnan(dout[2])) << fn.name;
  }
}

TEST(SpecialValues, signed_zeros_give_the_same_value) {
  for (const Activation& fn : Catalogue()) {
    const Params p = Defaults(fn);
    EXPECT_EQ(fn.f(0.0, p), fn.f(-0.0, p)) << fn.name;
    EXPECT_EQ(fn.df(0.0, p), fn.df(-0.0, p)) << fn.name;
  }
}

}  // namespace
}  // namespace actviz::test
