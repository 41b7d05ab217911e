// The block fast path of typed formulas (core/src/formula/block.hpp), on each vector build
// this CPU runs (scalar, AVX2, AVX-512): every element it calls proven is the true value
// rounded to float32, bit for bit against the balls; each function proves its values on its
// own; and what it must not prove (overflow, domain edges, undecidable branches, ±∞) it leaves.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "actviz/formula/activation.hpp"
#include "actviz/formula/formula.hpp"
#include "base/simd/cpu.hpp"
#include "formula/block.hpp"
#include "formula/fast.hpp"
#include "formula/simd/block_run.hpp"
#include "random_formula.hpp"

namespace actviz::formula {
namespace {

using detail::BlockProgram;
using detail::kBlockLanes;
using Run = std::size_t (*)(const BlockProgram&, const float*, std::size_t, float*, std::uint8_t*);

struct Build {
  const char* name;
  Run run;
};

// Every build this CPU can run, so an AVX-512 host checks all three.
std::vector<Build> Builds() {
  std::vector<Build> b = {{"scalar", &detail::base::RunBlock}};
#if defined(__x86_64__)
  if (ACTVIZ_HAS_V3()) b.push_back({"avx2", &detail::avx2::RunBlock});
  if (ACTVIZ_HAS_V4()) b.push_back({"avx512", &detail::avx512::RunBlock});
#endif
  return b;
}

Formula Parsed(const std::string& text) {
  Formula f;
  const std::optional<std::string> err = Parse(text, f);
  EXPECT_FALSE(err) << text << ": " << *err;
  return f;
}

struct Result {
  std::vector<float> y;
  std::vector<std::uint8_t> proven;
  std::size_t count = 0;
};

Result RunOn(const Build& b, const Formula& f, const std::vector<float>& xs) {
  std::vector<double> p(f.defaults);
  const BlockProgram prog = detail::CompileBlock(f.f, p);
  Result r{std::vector<float>(xs.size()), std::vector<std::uint8_t>(xs.size())};
  for (std::size_t i = 0; i < xs.size(); i += kBlockLanes) {
    const std::size_t n = std::min(kBlockLanes, xs.size() - i);
    r.count += b.run(prog, &xs[i], n, &r.y[i], &r.proven[i]);
  }
  return r;
}

float Truth(const Formula& f, float x) {
  return static_cast<float>(Exact(f.f, x, f.defaults, Format::kF32));
}

// The same float, bit for bit, except that a zero's sign is not compared: below float's
// range the fast paths give +0 where the interval has both signs (block.hpp).
bool SameBits(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (a == 0 && b == 0);
}

// Inputs of every kind: special values, N(0, 2), a wide uniform, and random bit patterns (one
// block and a partial one, so the tail of a block is exercised too).
std::vector<float> Inputs(std::mt19937_64& rng) {
  std::vector<float> xs = {0.0f,  -0.0f,  1.0f,   -1.0f,  0.5f,    -0.5f,    3.0f,     -3.0f,
                           30.0f, -30.0f, 88.0f,  -88.0f, 1e-8f,   -1e-8f,   1e5f,     -1e5f,
                           3e38f, -3e38f, 1e-40f, 700.0f, -750.0f, INFINITY, -INFINITY};
  std::normal_distribution<float> n(0, 2);
  std::uniform_real_distribution<float> u(-1e4f, 1e4f);
  std::uniform_int_distribution<std::uint32_t> bits;
  while (xs.size() < 200)
    xs.push_back(n(rng));
  while (xs.size() < 300)
    xs.push_back(u(rng));
  while (xs.size() < 2 * kBlockLanes + 37) {
    const std::uint32_t v = bits(rng);
    float x;
    std::memcpy(&x, &v, sizeof x);
    if (!std::isnan(x)) xs.push_back(x);
  }
  return xs;
}

TEST(FormulaBlock, every_element_it_proves_is_the_true_value_on_every_build) {
  std::mt19937_64 rng(2604);
  const std::vector<float> xs = Inputs(rng);
  for (const Build& b : Builds()) {
    std::size_t proven = 0, all = 0;
    std::mt19937_64 pick(29);
    for (int k = 0; k < 150; ++k) {
      const std::string text = RandomFormula(pick, 3);
      const Formula f = Parsed(text);
      const Result r = RunOn(b, f, xs);
      proven += r.count;
      all += xs.size();
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!r.proven[i]) continue;
        const float want = Truth(f, xs[i]);
        EXPECT_TRUE(SameBits(want, r.y[i])) << b.name << ": " << text << " at " << xs[i]
                                            << ": block " << r.y[i] << ", balls " << want;
      }
    }
    // The point of the block: most elements are proven there (not all: bit patterns reach
    // 1e38, where most of these formulas overflow or are undefined).
    EXPECT_GT(static_cast<double>(proven) / static_cast<double>(all), 0.3) << b.name;
  }
}

// The fused gate tanh(log(1 + e^a)) and mish's a·tanh(log(1 + e^a)) (block.cpp): over inputs
// of every kind, on every build, each element proven is the true value, and nearly every
// ordinary one is proven; a product that is not the gate's own argument stays unfused.
TEST(FormulaBlock, the_fused_mish_gate_proves_the_true_values) {
  std::mt19937_64 rng(1955);
  const std::vector<float> xs = Inputs(rng);
  for (const char* text :
       {"x*tanh(log(1 + exp(x)))", "tanh(log(1 + exp(x)))", "tanh(log1p(exp(3*x - 2)))*(3*x - 2)",
        "(2*x)*tanh(log(1 + exp(x)))", "x*tanh(log(1 + exp(x - 0.001)))*0.5"}) {
    const Formula f = Parsed(text);
    for (const Build& b : Builds()) {
      const Result r = RunOn(b, f, xs);
      std::size_t ordinary = 0, proven_ordinary = 0;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (std::fabs(xs[i]) > 1e-30f && std::fabs(xs[i]) < 50) {
          ++ordinary;
          proven_ordinary += r.proven[i];
        }
        if (!r.proven[i]) continue;
        EXPECT_TRUE(SameBits(r.y[i], Truth(f, xs[i])))
            << b.name << ": " << text << " at " << xs[i] << ": block " << r.y[i];
      }
      EXPECT_GE(proven_ordinary * 100, ordinary * 99) << b.name << ": " << text;
    }
  }
}

// Each function with a block form proves its values on its own at arguments that carry a
// radius (0.3·x + c is rounded): a bound in the wrong direction or too loose shows as elements
// left unproven, a wrong one as a value that differs from the balls.
TEST(FormulaBlock, every_function_proves_its_values_on_its_own) {
  // Random, not evenly spaced: 0.3·x + 0.1 at x = 0.214 lies 1e−17 from a midpoint between
  // two floats (decimal steps make such near-ties), where no interval can decide.
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<float> u(0.2f, 0.8f);
  std::vector<float> xs;
  for (int i = 0; i < 300; ++i)
    xs.push_back(u(rng));
  std::vector<std::string> texts(std::begin(kEachFunction), std::end(kEachFunction));
  for (const char* more :
       {"exp(-900*x - 300)", "expm1(-3e-9*x)", "log1p(-0.3*x)", "atan(300*x)", "tanh(30*x)",
        "asinh(3e5*x)", "erfc(20*x + 2)", "Phi(-20*x - 2)", "hypot(0.3*x, 0.4)", "(0.3*x + 0.1)^-2",
        "(0.3*x + 0.1)^0.7", "(x <= 0.2) + (x == 3) + (x != 3)", "x*tanh(log(1 + exp(x)))",
        "log(1 + exp(1000*x))", "a*x*sigmoid(b*x) + c*sin(w*x)^2/w"})
    texts.push_back(more);
  for (const std::string& text : texts) {
    const Formula f = Parsed(text);
    for (const Build& b : Builds()) {
      const Result r = RunOn(b, f, xs);
      // (Not every one: decimal coefficients put some values within 1e−17 of a midpoint
      // between two floats, which no interval decides.)
      EXPECT_GE(r.count, xs.size() * 97 / 100)
          << b.name << ": " << text << ": elements left unproven";
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!r.proven[i]) continue;
        EXPECT_TRUE(SameBits(r.y[i], Truth(f, xs[i]))) << b.name << ": " << text << " at " << xs[i];
      }
    }
  }
}

// What the block must leave to the balls, and what the balls then say.
TEST(FormulaBlock, overflow_domain_edges_branches_and_infinities_are_left_to_the_balls) {
  struct Case {
    const char* text;
    float x;
    float truth;
  };
  const Case cases[] = {
      {"exp(x)", 89, INFINITY},        // beyond float32
      {"log(x)", 0, -INFINITY},        // a singularity
      {"1/x", 0, INFINITY},            //
      {"log(x)", -1, NAN},             // outside the domain
      {"sqrt(x - 1)", 1, 0},           // the edge of the domain, from a rounded argument
      {"if(0.1*10 - x, 1, 2)", 1, 1},  // 0.1·10 − 1 = 5.6e−17: narrower than its radius
      {"exp(-x)", INFINITY, 0},        // ±∞: a limit, for the balls
      {"x", -INFINITY, -INFINITY},     //
      {"x*0", INFINITY, 0},            // (the limit, not IEEE's ∞·0)
      {"e + 1", NAN, NAN},             // x NaN: NaN, though the formula has no x
      {"tan(x)", 1, std::tan(1.0f)},   // no block form (within a float of the truth)
  };
  for (const Case& c : cases) {
    const Formula f = Parsed(c.text);
    for (const Build& b : Builds()) {
      const Result r = RunOn(b, f, {c.x});
      EXPECT_EQ(r.proven[0], 0) << b.name << ": " << c.text << " at " << c.x << " gave " << r.y[0];
    }
    std::vector<float> y(1);
    ExactF32(f.f, std::vector<float>{c.x}, y, f.defaults);  // the whole path: block, then balls
    if (std::isnan(c.truth))
      EXPECT_TRUE(std::isnan(y[0])) << c.text;
    else if (std::string(c.text) == "tan(x)")
      EXPECT_NEAR(y[0], c.truth, 1e-6) << c.text;
    else
      EXPECT_TRUE(SameBits(y[0], c.truth)) << c.text << " at " << c.x << ": " << y[0];
  }
}

// The builds agree: where two both prove an element, the same bits (each is the truth).
TEST(FormulaBlock, the_builds_prove_the_same_values) {
  std::mt19937_64 rng(7);
  const std::vector<float> xs = Inputs(rng);
  const std::vector<Build> builds = Builds();
  for (const char* text : {"x*tanh(log(1 + exp(x)))", "erfc(x)/(1 + x^2)", "asinh(x)*cos(x)"}) {
    const Formula f = Parsed(text);
    const Result first = RunOn(builds[0], f, xs);
    for (std::size_t k = 1; k < builds.size(); ++k) {
      const Result r = RunOn(builds[k], f, xs);
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!r.proven[i] || !first.proven[i]) continue;
        EXPECT_TRUE(SameBits(r.y[i], first.y[i])) << builds[k].name << ": " << text;
      }
    }
  }
}

}  // namespace
}  // namespace actviz::formula

namespace actviz::formula {
namespace {

// A formula as an Activation (activation.hpp): its f, f′, ∂f/∂a and float32 kernels are the
// formula's true values, its parameters are specs, and its slot is free again once released.
TEST(FormulaActivation, a_formula_is_an_activation_with_the_formulas_values) {
  const Formula f = Parsed("a*x*tanh(log(1 + exp(x)))");
  std::string err;
  const std::shared_ptr<const Activation> act = AsActivation(f, &err);
  ASSERT_TRUE(act) << err;
  EXPECT_EQ(act->name, "a*x*tanh(log(1 + exp(x)))");
  ASSERT_EQ(act->params.size(), 1u);
  EXPECT_EQ(act->params[0].name, "a");
  EXPECT_TRUE(act->params[0].learnable);
  Params p = DefaultParams(f);
  p.v[0] = 2;
  const double args[] = {2};
  for (double x : {-30.0, -1.0, 0.0, 0.5, 20.0}) {
    EXPECT_EQ(act->f(x, p), Exact(f.f, x, args)) << x;
    EXPECT_EQ(act->df(x, p), Exact(f.df, x, args)) << x;
    EXPECT_EQ(act->dparam(x, p, 0), Exact(f.dparam[0], x, args)) << x;  // x·tanh(softplus x)
  }
  std::vector<float> xs = {-30, -1, 0, 0.5f, 20}, ys(xs.size()), want(xs.size());
  act->f32(xs.data(), ys.data(), xs.size(), std::array<float, 1>{2}.data());
  ExactF32(f.f, xs, want, args);
  EXPECT_EQ(ys, want);
  act->df32(xs.data(), ys.data(), xs.size(), std::array<float, 1>{2}.data());
  ExactF32(f.df, xs, want, args);
  EXPECT_EQ(ys, want);
}

// A formula's breakpoints: the kinks and jumps the catalogue's rows list by hand.
TEST(FormulaActivation, breakpoints_are_where_its_switches_change_sides) {
  struct Case {
    const char* text;
    std::vector<double> at;
  };
  const Case cases[] = {
      {"max(x, 0)", {0}},
      {"if(x > 1.5, x, 0)", {1.5}},
      {"abs(x - a)", {1}},  // a = 1 by default
      {"max(x, 0) + min(x - 2, 0)", {0, 2}},
      {"x*tanh(log(1 + exp(x)))", {}},
      {"if(x - 0.25, 1, 0)", {0.25}},
      {"sign(x + 700)", {-700}},
  };
  for (const Case& c : cases) {
    const Formula f = Parsed(c.text);
    std::string err;
    const std::shared_ptr<const Activation> act = AsActivation(f, &err);
    ASSERT_TRUE(act) << err;
    const Breaks b = BreaksOf(*act, DefaultParams(f));
    ASSERT_EQ(b.n, static_cast<int>(c.at.size())) << c.text;
    for (int i = 0; i < b.n; ++i)
      EXPECT_NEAR(b.x[static_cast<std::size_t>(i)], c.at[static_cast<std::size_t>(i)], 1e-15)
          << c.text;
  }
  // As the catalogue's ReLU has it.
  const std::shared_ptr<const Activation> relu = AsActivation(Parsed("max(x, 0)"), nullptr);
  const Activation* row = Find("relu");
  ASSERT_TRUE(row);
  EXPECT_EQ(BreaksOf(*relu, Params{}).n, BreaksOf(*row, Defaults(*row)).n);
}

TEST(FormulaActivation, slots_are_limited_freed_and_parameters_bounded) {
  std::vector<std::shared_ptr<const Activation>> alive;
  std::string err;
  for (int i = 0; i < kActivationSlots; ++i) {
    alive.push_back(AsActivation(Parsed("x + " + std::to_string(i)), &err));
    ASSERT_TRUE(alive.back()) << i << ": " << err;
  }
  EXPECT_FALSE(AsActivation(Parsed("x"), &err));
  EXPECT_NE(err.find("at most " + std::to_string(kActivationSlots) + " formulas at once"),
            std::string::npos)
      << err;
  // Each slot's trampolines read its own formula.
  EXPECT_EQ(alive[5]->f(1, Params{}), 6);
  EXPECT_EQ(alive[kActivationSlots - 1]->f(1, Params{}), kActivationSlots);
  alive[5].reset();  // its slot is free again, for another formula
  const std::shared_ptr<const Activation> again = AsActivation(Parsed("2*x"), &err);
  ASSERT_TRUE(again) << err;
  float in = 3, out = 0;
  again->f32(&in, &out, 1, nullptr);
  EXPECT_EQ(out, 6);  // not the slot's previous formula's compiled kernel
  alive.clear();
  EXPECT_FALSE(AsActivation(Parsed("a+b+c+d+e1+f+g+h+i+j+k+l + x"), &err));
  EXPECT_NE(err.find("at most 11 parameters"), std::string::npos) << err;
}

}  // namespace
}  // namespace actviz::formula

// The block's own double functions (dmath.hpp), scalar here, against long double's: relative
// error below 2⁻⁴⁸ everywhere they are used (the block's radii allow 2⁻⁴⁴).
#define ACTVIZ_SIMD_ISA dmath_test
#include "formula/simd/dmath.hpp"
#undef ACTVIZ_SIMD_ISA

namespace actviz::formula {
namespace {

TEST(FormulaBlock, its_own_exp_expm1_log1p_and_tanh_are_within_2_to_the_minus_48) {
  namespace d = detail::dmath_test;
  std::mt19937_64 rng(48);
  auto worst = [&](auto ours, auto truth, auto draw) {
    long double w = 0;
    for (int i = 0; i < 200000; ++i) {
      const double x = draw();
      const long double t = truth(static_cast<long double>(x));
      const long double err = std::fabs(static_cast<long double>(ours(x)) - t) / std::fabs(t);
      if (t != 0) w = std::max(w, err);
    }
    return static_cast<double>(w);
  };
  std::uniform_int_distribution<int> pick(0, 2);
  // Uniform, near 0 (10^−300 … 1), and at powers of ten on both sides.
  auto mixed = [&](double lo, double hi) {
    return [&, lo, hi] {
      const int k = pick(rng);
      if (k == 0) return lo + (hi - lo) * std::uniform_real_distribution<double>(0, 1)(rng);
      const double mag = std::pow(10.0, std::uniform_real_distribution<double>(-300, 0)(rng));
      return (k == 1 ? 1 : -1) * std::min(mag, std::min(-lo, hi));
    };
  };
  EXPECT_LT(worst([&](double x) { return d::ExpD(x); }, [](long double x) { return std::exp(x); },
                  mixed(-700, 709.7)),
            0x1p-48);
  EXPECT_LT(worst([&](double x) { return d::Expm1D(x); },
                  [](long double x) { return std::expm1(x); }, mixed(-40, 709.7)),
            0x1p-48);
  EXPECT_LT(
      worst([&](double x) { return d::Log1pD(x); }, [](long double x) { return std::log1p(x); },
            [&] {  // (−1, 10³⁰⁰]: near −1, near 0 and far out
              const int k = pick(rng);
              const double mag =
                  std::pow(10.0, std::uniform_real_distribution<double>(-300, 300)(rng));
              if (k == 0)
                return -1 + std::pow(10.0, std::uniform_real_distribution<double>(-15, 0)(rng));
              return k == 1 ? mag : -std::min(mag, 0.999);
            }),
      0x1p-48);
  EXPECT_LT(worst([&](double x) { return d::TanhD(x); }, [](long double x) { return std::tanh(x); },
                  mixed(-400, 400)),
            0x1p-48);
}

}  // namespace
}  // namespace actviz::formula
