// Mathematical properties that hold whatever the reference table samples: symmetries,
// continuity at breakpoints, monotonicity, and f′ against a central difference of f.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"

namespace actviz::test {
namespace {

const Activation& Fn(const char* name) {
  const Activation* fn = Find(name);
  if (!fn) throw std::runtime_error(std::string("no function ") + name);
  return *fn;
}

std::vector<double> Grid(double lo, double hi, double step) {
  std::vector<double> xs;
  for (double x = lo; x <= hi; x += step)
    xs.push_back(x);
  return xs;
}

TEST(Properties, sigmoid_of_minus_x_is_one_minus_sigmoid) {
  const Activation& s = Fn("sigmoid");
  const Params p{};
  for (double x : Grid(0, 40, 0.01)) {
    const double a = s.f(-x, p), b = 1 - s.f(x, p);  // 1 − σ(x) is exact for σ ≥ ½
    // They differ only by σ(x)'s own rounding: at most half an ulp of a number in [½, 1].
    EXPECT_LE(std::fabs(a - b), 0x1p-53) << "x=" << x;
  }
}

TEST(Properties, odd_and_even_functions_are_exactly_symmetric) {
  const char* odd[] = {"tanh", "softsign", "tanhshrink", "hard_tanh", "linear"};
  const char* even_derivative[] = {"sigmoid", "tanh", "softsign", "tanhshrink", "hard_tanh"};
  for (double x : Grid(-30, 30, 0.0137)) {
    for (const char* name : odd) {
      const Activation& fn = Fn(name);
      const Params p = Defaults(fn);
      EXPECT_EQ(fn.f(-x, p), -fn.f(x, p)) << name << " x=" << x;
    }
    for (const char* name : even_derivative) {
      const Activation& fn = Fn(name);
      EXPECT_EQ(fn.df(-x, Defaults(fn)), fn.df(x, Defaults(fn))) << name << " x=" << x;
    }
  }
}

TEST(Properties, logit_is_antisymmetric_about_one_half) {
  const Activation& fn = Fn("logit");
  for (double x : Grid(0.5, 1, 1.0 / 1024)) {  // 1 − x is exact here
    EXPECT_EQ(fn.f(1 - x, {}), -fn.f(x, {})) << "x=" << x;
    EXPECT_EQ(fn.df(1 - x, {}), fn.df(x, {})) << "x=" << x;
  }
}

// Breakpoints where the spec's f is continuous (C⁰), per function, at default parameters.
struct Kink {
  const char* name;
  std::vector<double> at;
  bool continuous;
};
const Kink kKinks[] = {
    {"relu", {0}, true},
    {"leaky_relu", {0}, true},
    {"prelu", {0}, true},
    {"relu6", {0, 6}, true},
    {"elu", {0}, true},
    {"celu", {0}, true},
    {"selu", {0}, true},
    {"hard_sigmoid", {-3, 3}, true},
    {"hard_tanh", {-1, 1}, true},
    {"hard_swish", {-3, 3}, true},
    {"softshrink", {-0.5, 0.5}, true},
    {"maxout", {0}, true},
    {"step", {0}, false},
    {"thresholded_relu", {1}, false},
    {"hardshrink", {-0.5, 0.5}, false},
};

TEST(Properties, continuous_at_breakpoints_where_the_spec_says_so_and_jumps_elsewhere) {
  for (const Kink& k : kKinks) {
    const Activation& fn = Fn(k.name);
    const Params p = Defaults(fn);
    for (double b : k.at) {
      const double h = 1e-9;
      const double jump = std::fabs(fn.f(b + h, p) - fn.f(b - h, p));
      if (k.continuous)
        EXPECT_LT(jump, 1e-8) << k.name << " at " << b;
      else
        EXPECT_GT(jump, 0.25) << k.name << " should jump at " << b;
    }
  }
}

TEST(Properties, monotonic_functions_never_decrease_and_have_nonnegative_slope) {
  const std::set<std::string> non_monotonic = {"gelu", "gelu_tanh",  "swish",
                                               "mish", "hard_swish", "logit"};
  std::vector<double> xs = Grid(-60, 60, 0.01);
  for (double m = 1e-300; m < 1e300; m *= 7.3) {
    xs.push_back(m);
    xs.push_back(-m);
  }
  std::sort(xs.begin(), xs.end());
  for (const Activation& fn : Catalogue()) {
    if (non_monotonic.count(std::string(fn.name))) continue;
    const Params p = Defaults(fn);
    double prev = -INFINITY;
    for (double x : xs) {
      const double y = fn.f(x, p);
      EXPECT_GE(y, prev) << fn.name << " decreases at x=" << x;
      EXPECT_GE(fn.df(x, p), 0) << fn.name << " slope < 0 at x=" << x;
      prev = y;
    }
  }
  // logit is monotonic on its domain.
  const Activation& logit = Fn("logit");
  double prev = -INFINITY;
  for (double x : Grid(0, 1, 1.0 / 4096)) {
    EXPECT_GE(logit.f(x, {}), prev) << "logit at " << x;
    prev = logit.f(x, {});
  }
}

// Breakpoints to stay away from when differencing (default parameters).
bool NearBreak(const Activation& fn, double x) {
  static const double kBreaks[] = {0, 1, -1, 3, -3, 6, 0.5, -0.5};
  for (double b : kBreaks)
    if (std::fabs(x - b) < 1e-3) return true;
  return fn.name == "logit" && (x <= 1e-3 || x >= 1 - 1e-3);
}

TEST(Properties, derivative_matches_a_central_difference_of_f) {
  for (const Activation& fn : Catalogue()) {
    const Params p = Defaults(fn);
    const bool unit = fn.name == "logit";
    for (double x : unit ? Grid(0.002, 0.998, 0.00731) : Grid(-12, 12, 0.0731)) {
      if (NearBreak(fn, x)) continue;
      // logit's poles at 0 and 1 need a step relative to the distance from them.
      const double h = unit ? 1e-5 * std::fmin(x, 1 - x) : 1e-5 * std::fmax(1, std::fabs(x));
      const double fd = (fn.f(x + h, p) - fn.f(x - h, p)) / (2 * h);
      const double d = fn.df(x, p);
      EXPECT_NEAR(fd, d, 1e-6 * (1 + std::fabs(d) + std::fabs(fn.f(x, p))))
          << fn.name << " at x=" << x;
    }
  }
}

TEST(Properties, logit_inverts_sigmoid) {
  // The error bound grows like e^|x|: σ(x)'s rounding is amplified by logit′ = 1/(σ(1 − σ)).
  const Activation& s = Fn("sigmoid");
  const Activation& l = Fn("logit");
  for (double x : Grid(-30, 30, 0.05)) {
    const double back = l.f(s.f(x, {}), {});
    EXPECT_NEAR(back, x, 1e-13 * std::exp(std::fabs(x)) + 1e-15) << "x=" << x;
  }
}

}  // namespace
}  // namespace actviz::test
