// ±∞, ±0 and NaN for every function: the limits and breakpoint values written out by hand from
// spec/activations.md in reference/special_values.txt (independent of the reference generator),
// NaN in → NaN out, ±0 alike. Both paths.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/kernels.hpp"

namespace actviz::test {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Case {
  std::string name, param;  // param: "" or one parameter overriding its default …
  double value = 0;         // … with this value
  double x = 0;
  double f = 0, df = 0;  // expected (NaN: expect NaN)
  int line = 0;
};

// reference/special_values.txt: one case per line, TAB-separated (see its header).
std::vector<Case> ReadCases() {
  const std::string path = std::string(ACTVIZ_REFERENCE_DIR) + "/special_values.txt";
  std::ifstream in(path);
  std::vector<Case> out;
  if (!in) {
    ADD_FAILURE() << "missing " << path;
    return out;
  }
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Case c;
    std::string value, x, f, df;
    if (!(fields >> c.name >> c.param >> value >> x >> f >> df)) {
      ADD_FAILURE() << path << ":" << n << ": expected 6 fields";
      continue;
    }
    if (c.param == "-") c.param.clear();
    auto num = [](const std::string& t) { return std::strtod(t.c_str(), nullptr); };
    c.value = c.param.empty() ? 0 : num(value);
    c.x = num(x), c.f = num(f), c.df = num(df), c.line = n;
    out.push_back(c);
  }
  return out;
}

bool Same(double got, double want) {
  return std::isnan(want) ? std::isnan(got) : got == want;  // ±0 compare equal
}

TEST(SpecialValues, limits_at_infinity_and_breakpoints_follow_the_spec) {
  const std::vector<Case> cases = ReadCases();
  EXPECT_GT(cases.size(), 80u);
  std::set<std::string> covered;
  for (const Case& c : cases) {
    const Activation* fn = Find(c.name);
    ASSERT_NE(fn, nullptr) << "special_values.txt:" << c.line << ": " << c.name;
    covered.insert(c.name);
    Params p = Defaults(*fn);
    if (!c.param.empty()) {
      const int i = ParamIndex(*fn, c.param);
      ASSERT_GE(i, 0) << "special_values.txt:" << c.line << ": " << c.param;
      p.v[i] = c.value;
    }
    const std::string what = c.name + (c.param.empty() ? "" : " " + c.param) +
                             " at x=" + std::to_string(c.x) + " (line " + std::to_string(c.line) +
                             ")";
    EXPECT_TRUE(Same(fn->f(c.x, p), c.f)) << what << ": f64 f = " << fn->f(c.x, p);
    EXPECT_TRUE(Same(fn->df(c.x, p), c.df)) << what << ": f64 f' = " << fn->df(c.x, p);
    const float x = static_cast<float>(c.x);
    float y = 0, dy = 0;
    Apply(*fn, Eval::kValue, {&x, 1}, {&y, 1}, p);
    Apply(*fn, Eval::kDerivative, {&x, 1}, {&dy, 1}, p);
    EXPECT_TRUE(Same(y, static_cast<float>(c.f))) << what << ": f32 f = " << y;
    EXPECT_TRUE(Same(dy, static_cast<float>(c.df))) << what << ": f32 f' = " << dy;
  }
  // Every row of the catalogue has its limits written down (±∞ at least).
  for (const Activation& fn : Catalogue())
    EXPECT_TRUE(covered.count(std::string(fn.name))) << fn.name << " has no special values";
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
