// The catalogue table itself: complete per the spec, consistent, and validated.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "actviz/catalogue.hpp"
#include "actviz/parse.hpp"

namespace actviz::test {
namespace {

TEST(Catalogue, has_the_29_scalar_functions_of_the_spec) {
  const std::set<std::string> spec = {"step",
                                      "linear",
                                      "sigmoid",
                                      "tanh",
                                      "logit",
                                      "softsign",
                                      "relu",
                                      "leaky_relu",
                                      "prelu",
                                      "relu6",
                                      "thresholded_relu",
                                      "elu",
                                      "celu",
                                      "selu",
                                      "softplus",
                                      "swish",
                                      "gelu",
                                      "gelu_tanh",
                                      "mish",
                                      "log_sigmoid",
                                      "squareplus",
                                      "soft_exponential",
                                      "hard_sigmoid",
                                      "hard_tanh",
                                      "hard_swish",
                                      "hardshrink",
                                      "softshrink",
                                      "tanhshrink",
                                      "maxout"};
  std::set<std::string> have;
  for (const Activation& a : Catalogue())
    have.insert(std::string(a.name));
  EXPECT_EQ(have, spec);
  EXPECT_EQ(Catalogue().size(), spec.size());  // no duplicates
}

TEST(Catalogue, every_row_is_complete_and_defaults_are_valid) {
  for (const Activation& a : Catalogue()) {
    EXPECT_FALSE(a.label.empty()) << a.name;
    EXPECT_NE(a.formula.find("f(x)"), std::string_view::npos) << a.name;
    EXPECT_NE(a.derivative.find("f′(x)"), std::string_view::npos) << a.name;
    EXPECT_LE(a.params.size(), static_cast<std::size_t>(kMaxParams)) << a.name;
    for (const ParamSpec& p : a.params) {
      EXPECT_LE(p.lo, p.def) << a.name << " " << p.name;
      EXPECT_LE(p.def, p.hi) << a.name << " " << p.name;
      EXPECT_EQ(ParamIndex(a, p.name), &p - a.params.data());
    }
    EXPECT_FALSE(Validate(a, Defaults(a), Precision::kF64)) << a.name;
    EXPECT_FALSE(Validate(a, Defaults(a), Precision::kF32)) << a.name;
    EXPECT_EQ(Find(a.name), &a);
  }
  EXPECT_EQ(Find("nope"), nullptr);
}

TEST(Catalogue, spec_defaults) {
  auto def = [](const char* fn, const char* p) {
    const Activation& a = *Find(fn);
    return a.params[ParamIndex(a, p)].def;
  };
  EXPECT_EQ(def("leaky_relu", "alpha"), 0.01);
  EXPECT_EQ(def("prelu", "alpha"), 0.25);
  EXPECT_EQ(def("selu", "lambda"), 1.0507009873554804934);
  EXPECT_EQ(def("selu", "alpha"), 1.6732632423543772848);
  EXPECT_EQ(def("squareplus", "b"), 4);
  EXPECT_EQ(def("thresholded_relu", "theta"), 1);
  EXPECT_EQ(def("hardshrink", "theta"), 0.5);
  EXPECT_EQ(def("maxout", "w1"), 1);
  EXPECT_EQ(def("maxout", "w2"), 0);
}

TEST(Catalogue, out_of_domain_parameters_are_rejected_with_a_message) {
  struct Bad {
    const char* fn;
    const char* param;
    double value;
    Precision precision;
  };
  const Bad bad[] = {
      {"softplus", "beta", 0, Precision::kF64},      {"softplus", "beta", -1, Precision::kF64},
      {"celu", "alpha", 0, Precision::kF64},         {"squareplus", "b", -0.5, Precision::kF64},
      {"leaky_relu", "alpha", NAN, Precision::kF64}, {"maxout", "b2", INFINITY, Precision::kF64},
      {"softplus", "beta", 1e-50, Precision::kF32},  // 0 in float
      {"linear", "lambda", 1e39, Precision::kF32}};  // ∞ in float
  for (const Bad& b : bad) {
    const Activation& a = *Find(b.fn);
    Params p = Defaults(a);
    p.v[ParamIndex(a, b.param)] = b.value;
    const std::optional<std::string> err = Validate(a, p, b.precision);
    ASSERT_TRUE(err) << b.fn << " " << b.param << "=" << b.value;
    EXPECT_NE(err->find(b.param), std::string::npos) << *err;
  }
  const Activation& sp = *Find("softplus");
  Params ok = Defaults(sp);
  ok.v[0] = 1e-50;
  EXPECT_FALSE(Validate(sp, ok, Precision::kF64));  // fine in double
}

TEST(Catalogue, refusal_messages_show_the_value_given_in_shortest_form) {
  const Activation& sp = *Find("squareplus");
  Params p = Defaults(sp);
  p.v[0] = -1e-320;
  const std::optional<std::string> e = Validate(sp, p);
  ASSERT_TRUE(e);
  EXPECT_NE(e->find("got -1e-320"), std::string::npos) << *e;
  const Activation& celu = *Find("celu");
  Params q = Defaults(celu);
  q.v[0] = 1e-50;  // positive, but 0 as float32
  const std::optional<std::string> f = Validate(celu, q, Precision::kF32);
  ASSERT_TRUE(f);
  EXPECT_NE(f->find("got 1e-50, 0 as float32"), std::string::npos) << *f;
}

TEST(Parse, numbers_round_trip_and_garbage_is_refused) {
  for (double v : {0.1, -2.5e-308, 5e-324, 1.7976931348623157e308, 1.0 / 3, -0.0}) {
    const std::optional<double> back = ParseDouble(FormatShortest(v));
    ASSERT_TRUE(back);
    EXPECT_EQ(std::signbit(*back), std::signbit(v));
    EXPECT_EQ(*back, v);
  }
  for (float v : {0.1f, 1e-45f, 3.4028235e38f, -1.0f / 3}) {
    const std::optional<float> back = ParseFloat(FormatShortest(v));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, v);
  }
  EXPECT_EQ(*ParseFloat("0.1"), 0.1f);  // rounded once from the decimal
  EXPECT_EQ(*ParseDouble("+1.5"), 1.5);
  EXPECT_EQ(*ParseDouble("inf"), INFINITY);
  EXPECT_EQ(*ParseDouble("-inf"), -INFINITY);
  EXPECT_TRUE(std::isnan(*ParseDouble("nan")));
  EXPECT_EQ(*ParseDouble("1e400"), INFINITY);
  EXPECT_EQ(*ParseDouble("-1e-400"), 0.0);
  EXPECT_EQ(*ParseFloat("1e39"), INFINITY);
  EXPECT_EQ(FormatShortest(NAN), "nan");
  EXPECT_EQ(FormatShortest(-INFINITY), "-inf");
  for (const char* bad : {"", "abc", "1.5x", "--1", "+-1", "+", "1e", "0x", " 1", "1 "})
    EXPECT_FALSE(ParseDouble(bad)) << "'" << bad << "'";
}

}  // namespace
}  // namespace actviz::test
