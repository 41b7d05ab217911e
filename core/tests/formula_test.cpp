// Typed formulas (spec: formula.md): the grammar's precedence and forms by the values they
// give, every error class with its column, the true values the spec names whatever the
// intermediates do, NaN and limits, every catalogue row typed as a call and as a formula
// against the row's own f and f′ (to the row's ULP bound), the as-written evaluation in each
// format, and the parameters' derivatives.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/kernels.hpp"
#include "actviz/formula/formula.hpp"
#include "formula/fast.hpp"
#include "formula/program.hpp"
#include "random_formula.hpp"
#include "ulp.hpp"

namespace actviz::formula {
namespace {

Formula Parsed(const std::string& text) {
  Formula f;
  const std::optional<std::string> err = Parse(text, f);
  EXPECT_FALSE(err) << text << ": " << *err;
  return f;
}

double F(const std::string& text, double x, Format t = Format::kF64) {
  const Formula f = Parsed(text);
  return Exact(f.f, x, f.defaults, t);
}

double Df(const std::string& text, double x) {
  const Formula f = Parsed(text);
  return Exact(f.df, x, f.defaults);
}

std::string ErrorOf(const std::string& text) {
  Formula f;
  return Parse(text, f).value_or("(parsed)");
}

TEST(FormulaGrammar, precedence_and_forms_give_the_values_the_spec_says) {
  const struct {
    const char* text;
    double x, want;
  } kRows[] = {
      {"-x^2", 3, -9},    // ^ binds tighter than unary minus
      {"2^-x", 1, 0.5},   // a unary minus after ^
      {"2^3^2", 0, 512},  // right-associative
      {"(-2)^2", 0, 4},
      {"-2^2", 0, -4},
      {"8/2/2", 0, 2},
      {"2-3-4", 0, -5},
      {"2*-3", 0, -6},
      {"1 + 2*3", 0, 7},
      {"(1 + 2)*3", 0, 9},
      {"+x", 5, 5},
      {"1 < 2 == 1", 0, 1},  // (1 < 2) == 1, comparisons left to right
      {"3 < 2 == 0", 0, 1},
      {"1 <= 1", 0, 1},
      {"2 > 1 + 1", 0, 0},  // + binds tighter than >
      {"x >= 2", 2, 1},
      {"x != 2", 2, 0},
      {"2", 0, 2},
      {"0.5", 0, 0.5},
      {"1e-3", 0, 1e-3},
      {".5", 0, 0.5},
      {"1E3", 0, 1000},
      {"2.5e+2", 0, 250},
      {" \t x \n * 2 ", 3, 6},
      {"pi", 0, M_PI},
      {"e", 0, M_E},
      {"if(x, 1, 2)", 0, 2},
      {"if(x - 1, 1, 2)", 3, 1},
      {"min(x, 2) + max(x, 2)", 5, 7},
  };
  for (const auto& r : kRows)
    EXPECT_EQ(F(r.text, r.x), r.want) << r.text;
}

TEST(FormulaGrammar, every_function_has_its_value) {
  const double x = 0.3;
  const struct {
    const char* text;
    double want;
  } kRows[] = {
      {"abs(-x)", std::fabs(x)},
      {"sign(-x)", -1},
      {"exp(x)", std::exp(x)},
      {"expm1(x)", std::expm1(x)},
      {"log(x)", std::log(x)},
      {"log1p(x)", std::log1p(x)},
      {"log2(x)", std::log2(x)},
      {"log10(x)", std::log10(x)},
      {"sqrt(x)", std::sqrt(x)},
      {"cbrt(-x)", std::cbrt(-x)},
      {"pow(x, 3)", x * x * x},
      {"hypot(x, 0.4)", 0.5},
      {"sin(x)", std::sin(x)},
      {"cos(x)", std::cos(x)},
      {"tan(x)", std::tan(x)},
      {"asin(x)", std::asin(x)},
      {"acos(x)", std::acos(x)},
      {"atan(x)", std::atan(x)},
      {"atan2(x, -1)", std::atan2(x, -1)},
      {"sinh(x)", std::sinh(x)},
      {"cosh(x)", std::cosh(x)},
      {"tanh(x)", std::tanh(x)},
      {"asinh(x)", std::asinh(x)},
      {"acosh(1 + x)", std::acosh(1 + x)},
      {"atanh(x)", std::atanh(x)},
      {"erf(x)", std::erf(x)},
      {"erfc(x)", std::erfc(x)},
      {"floor(-x)", -1},
      {"ceil(x)", 1},
      {"Phi(x)", 0.5 * std::erfc(-x / std::sqrt(2.0))},
      {"phi(x)", std::exp(-x * x / 2) / std::sqrt(2 * M_PI)},
  };
  for (const auto& r : kRows)
    EXPECT_LE(test::UlpError<double>(F(r.text, x), r.want), 2) << r.text;
}

TEST(FormulaErrors, each_message_names_the_column_and_what_was_expected) {
  const struct {
    std::string text, want;
  } kRows[] = {
      {"1 + * x", "column 5: expected a number, x, a name or '('"},
      {"", "column 1: expected a number, x, a name or '('"},
      {"x +", "column 4: expected a number, x, a name or '(' (the formula ends here)"},
      {"expp(x)", "column 1: unknown function 'expp' (did you mean exp"},
      {"x*sigmod(x)", "column 3: unknown function 'sigmod' (did you mean sigmoid"},
      {"log(x, 2)", "column 1: log takes 1 argument, not 2"},
      {"2*min(x)", "column 3: min takes 2 arguments, not 1"},
      {"elu(x, 1, 2)", "column 1: elu takes 1 to 2 arguments (x, alpha), not 3"},
      {"if(x, 1)", "column 1: if takes 3 arguments, not 2"},
      {"(x + 1", "column 7: expected ')' to close the '(' at column 1"},
      {"exp(x", "column 6: expected ')' to close the '(' at column 4"},
      {"x)", "column 2: ')' with no '(' before it"},
      {"x, 1", "column 2: ',' outside a function's arguments"},
      {"2x", "column 2: expected an operator after the number 2 (write 2*x for a product)"},
      {"x x", "column 3: expected an operator, ',' or ')' (write * for a product)"},
      {"1.2.3", "column 4: a number has one decimal point"},
      {"2^21e308", "column 3: the number 21e308 is past the largest double (1.8e308)"},
      {"x # 2", "column 3: unexpected character '#'"},
      {"x·2", "column 2: unexpected character '·'"},
      {"x = 1", "column 3: write == to compare"},
      {"x ! 1", "column 3: write != to compare"},
      {"exp + 1", "column 1: exp is a function: write exp(…)"},
      {"relu*2", "column 1: relu is a function: write relu(…)"},
      {std::string(4097, 'x'), "the formula is 4097 characters long; at most 4096 are read"},
      {std::string(257, '(') + "x" + std::string(257, ')'),
       "column 257: nested deeper than 256 levels"},
  };
  for (const auto& r : kRows) {
    const std::string got = ErrorOf(r.text);
    EXPECT_EQ(got.substr(0, r.want.size()), r.want) << r.text.substr(0, 40) << " → " << got;
  }
  // At the limits, not past them: 256 levels and 4096 characters are read.
  EXPECT_EQ(ErrorOf(std::string(256, '(') + "x" + std::string(256, ')')), "(parsed)");
  std::string sum = "x";
  while (sum.size() + 2 <= kMaxChars)
    sum += "+x";
  EXPECT_EQ(ErrorOf(sum), "(parsed)");
  EXPECT_EQ(F(sum, 1), static_cast<double>((sum.size() + 1) / 2));
  EXPECT_EQ(F(std::string(4000, '-') + "x", 2), 2);  // an even run of minus signs
}

TEST(FormulaValues, the_spec_examples_are_true_whatever_the_intermediates_do) {
  EXPECT_EQ(F("log(1 + exp(x))", 1000), 1000);
  EXPECT_EQ(F("log(1 + exp(x))", -50), 1.9287498479639178e-22);
  EXPECT_EQ(F("log(1 + exp(x))", 1000, Format::kF32), 1000);
  EXPECT_EQ(F("log(1 + exp(x))", -50, Format::kF32), static_cast<double>(1.9287499e-22f));
  EXPECT_EQ(F("(exp(x) - 1)/x", 1e-20), 1);
  EXPECT_EQ(F("x*sigmoid(x)", -INFINITY), 0);
  EXPECT_EQ(F("sigmoid(x)", INFINITY), 1);
  EXPECT_EQ(F("x", INFINITY), INFINITY);
  EXPECT_EQ(F("-x", INFINITY), -INFINITY);
  EXPECT_EQ(F("log(x)", INFINITY), INFINITY);  // growing without bound, however slowly
  EXPECT_TRUE(std::isnan(F("sin(x)", INFINITY)));
  EXPECT_EQ(F("sin(pi)", 0), 0);  // π itself, not the double nearest it
  EXPECT_EQ(F("exp(x)^2/exp(2*x)", 800), 1);
  EXPECT_EQ(F("(x + 1e20) - 1e20", 1), 1);
  EXPECT_EQ(Df("log(1 + exp(x))", 1000), 1);
  EXPECT_EQ(Df("tanh(x)", 20), 1.6993417021166355e-17);  // sech², not 1 − tanh²
}

TEST(FormulaValues, undefined_points_are_nan_and_singularities_infinite) {
  for (const char* text : {"log(x)", "sqrt(x)", "x^0.5", "asin(x - 2)", "acosh(x)", "logit(x)"}) {
    EXPECT_TRUE(std::isnan(F(text, -1))) << text;
    EXPECT_TRUE(std::isnan(Df(text, -1))) << text << ": the derivative where f is undefined";
  }
  EXPECT_TRUE(std::isnan(F("x/x", 0)));
  EXPECT_TRUE(std::isnan(F("(exp(x) - 1)/x", 0)));
  EXPECT_TRUE(std::isnan(F("x + 1", NAN)));
  EXPECT_EQ(F("1/x", 0), INFINITY);
  EXPECT_EQ(F("-1/x", 0), -INFINITY);
  EXPECT_EQ(F("log(x)", 0), -INFINITY);
  EXPECT_EQ(F("atanh(x)", 1), INFINITY);
  EXPECT_EQ(F("x^-1", 0), INFINITY);
  EXPECT_EQ(F("if(x > 0, log(x), 0)", -1), 0);  // the branch not taken is not evaluated
  EXPECT_TRUE(std::isnan(F("(-8)^(1/3)", 0)));  // a non-integer power of a negative number
  EXPECT_EQ(F("x^3", -2), -8);                  // an integer power of a negative number
  // Powers too large to form as integers (x = ∞ is the limit along 2^(2^k): x^1e6 has 1.6e10
  // bits there; the fuzzer once ran out of memory on this).
  EXPECT_EQ(F("1^x^1e6", INFINITY), 1);
  EXPECT_EQ(F("(-1)^(x^1e6)", INFINITY), 1);  // an even power however large
  EXPECT_EQ(F("(-2)^x^1e6", -INFINITY), INFINITY);
  // A limit past the constants' scale: 1e308/x overflows float up to x = 2^(2^9).
  EXPECT_EQ(F("4 + 1e308/x", INFINITY, Format::kF32), 4);
  EXPECT_EQ(F("4 + 1e308/x", INFINITY), 4);
}

// Every catalogue row, called from a formula, against its own scalar f and f′: the row is
// within 4 ULP of the truth and the formula is the truth rounded, so they are within 4.5.
TEST(FormulaRows, every_row_typed_as_a_call_agrees_with_the_row) {
  std::mt19937_64 rng(7);
  for (const Activation& fn : Catalogue()) {
    const Formula f = Parsed(std::string(fn.name) + "(x)");
    const Params p = Defaults(fn);
    std::vector<double> xs = {0, 1, -1, 0.5, -0.5, 6, -3, 3, 30, -30};
    std::uniform_real_distribution<double> u(-10, 10);
    for (int i = 0; i < 60; ++i)
      xs.push_back(u(rng));
    for (double x : xs) {
      // gelu_tanh's row takes √(2/π) as a double: in its far tail (x < −5, |u| > 20) that
      // constant's rounding is amplified 2|u| times, past the row's own bound.
      if (fn.name == "gelu_tanh" && x < -5) continue;
      const double want_f = fn.f(x, p), want_df = fn.df(x, p);
      const double got_f = Exact(f.f, x, {}), got_df = Exact(f.df, x, {});
      EXPECT_LE(test::UlpError<double>(want_f, got_f, ErrorScale(fn, false, x, p)), 4.5)
          << fn.name << " f at " << x << ": row " << want_f << ", formula " << got_f;
      EXPECT_LE(test::UlpError<double>(want_df, got_df, ErrorScale(fn, true, x, p)), 4.5)
          << fn.name << " f′ at " << x << ": row " << want_df << ", formula " << got_df;
    }
  }
}

// Every row typed as a call, through the batch path (intervals, then balls) in float32,
// against the row's own float32 kernel over float bit patterns 8191 apart (half a million,
// every binade, both signs, subnormals): the kernel is within 8 ULP of the truth and the
// formula is the truth rounded, so they are within 8.5.
TEST(FormulaRows, every_row_typed_agrees_with_its_float32_kernel_over_the_bit_patterns) {
  std::vector<float> xs;
  for (std::uint64_t b = 0; b < (1ull << 32); b += 8191) {
    const std::uint32_t u = static_cast<std::uint32_t>(b);
    float v;
    std::memcpy(&v, &u, sizeof v);
    if (!std::isnan(v)) xs.push_back(v);
  }
  std::vector<float> typed(xs.size()), row(xs.size());
  for (const Activation& fn : Catalogue()) {
    const Formula f = Parsed(std::string(fn.name) + "(x)");
    const Params p = Defaults(fn);
    for (const bool derivative : {false, true}) {
      ExactF32(derivative ? f.df : f.f, xs, typed, {});
      Apply(fn, derivative ? Eval::kDerivative : Eval::kValue, xs, row, p);
      int bad = 0;
      for (std::size_t i = 0; i < xs.size() && bad < 5; ++i) {
        if (fn.name == "gelu_tanh" && xs[i] < -5) continue;  // (its constant √(2/π), above)
        const double err =
            test::UlpError<float>(row[i], typed[i], ErrorScale(fn, derivative, xs[i], p));
        if (err > 8.5) {
          ++bad;
          ADD_FAILURE() << fn.name << (derivative ? " f′" : " f") << " at " << xs[i] << ": kernel "
                        << row[i] << ", formula " << typed[i] << " (" << err << " ULP)";
        }
      }
    }
  }
}

TEST(FormulaRows, typed_definitions_agree_with_their_rows_and_parameters_pass_through) {
  const struct {
    const char* text;
    const char* row;
    std::vector<std::pair<const char*, double>> params;
  } kRows[] = {
      {"x*tanh(softplus(x))", "mish", {}},
      {"x*tanh(log(1 + exp(x)))", "mish", {}},
      {"x*Phi(x)", "gelu", {}},
      {"x*sigmoid(x)", "swish", {}},
      {"x/(1 + exp(-x))", "swish", {}},
      {"elu(x, 0.5)", "elu", {{"alpha", 0.5}}},
      {"softplus(2*x, 4)/2", "softplus", {{"beta", 8}}},
      {"leaky_relu(x, 0.2)", "leaky_relu", {{"alpha", 0.2}}},
      {"maxout(x, 1, 0, -1, 0)", "maxout", {{"w1", 1}, {"b1", 0}, {"w2", -1}, {"b2", 0}}},
  };
  for (const auto& r : kRows) {
    const Activation& fn = *Find(r.row);
    Params p = Defaults(fn);
    for (const auto& [name, v] : r.params)
      p.v[static_cast<std::size_t>(ParamIndex(fn, name))] = v;
    const Formula f = Parsed(r.text);
    for (double x : {-7.5, -2.0, -0.75, -0.1, 0.0, 0.3, 1.0, 4.0, 12.0}) {
      EXPECT_LE(test::UlpError<double>(fn.f(x, p), Exact(f.f, x, {}), ErrorScale(fn, false, x, p)),
                4.5)
          << r.text << " at " << x;
      EXPECT_LE(test::UlpError<double>(fn.df(x, p), Exact(f.df, x, {}), ErrorScale(fn, true, x, p)),
                4.5)
          << r.text << " f′ at " << x;
    }
  }
}

TEST(FormulaDerivative, kinks_take_the_branch_and_parameters_have_theirs) {
  EXPECT_EQ(Df("relu(x)", 0), 0);  // ReLU′(0) = 0
  EXPECT_EQ(Df("elu(x)", 0), 1);   // ELU′(0) = α
  EXPECT_EQ(Df("leaky_relu(x)", 0), 0.01);
  EXPECT_EQ(Df("abs(x)", 0), 0);
  EXPECT_EQ(Df("floor(x) + sign(x) + (x > 1)", 0.5), 0);
  EXPECT_EQ(Df("max(x, 2*x)", 0), 2);  // a tie: the later operand
  const Formula f = Parsed("a*x^2 + b*sin(c*x)");
  ASSERT_EQ(f.params, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(f.defaults, (std::vector<double>{1, 1, 1}));
  const std::vector<double> p = {2, 3, 0.5};
  EXPECT_EQ(Exact(f.dparam[0], 1.5, p), 2.25);  // x²
  EXPECT_LE(test::UlpError<double>(Exact(f.dparam[1], 1.5, p), std::sin(0.75)), 1);
  EXPECT_LE(test::UlpError<double>(Exact(f.dparam[2], 1.5, p), 3 * 1.5 * std::cos(0.75)), 2);
  EXPECT_LE(test::UlpError<double>(Exact(f.df, 1.5, p), 2 * 2 * 1.5 + 3 * 0.5 * std::cos(0.75)), 2);
}

TEST(FormulaAsWritten, each_operation_rounds_to_the_format) {
  const Formula f = Parsed("log(1 + exp(x))");
  EXPECT_EQ(AsWritten(f.f, 1000, {}, Format::kF64), INFINITY);
  EXPECT_EQ(AsWritten(f.f, 100, {}, Format::kF32), INFINITY);  // e^100 overflows float
  EXPECT_EQ(AsWritten(f.f, -50, {}, Format::kF32), 0);         // 1 + e^−50 rounds to 1
  EXPECT_NEAR(AsWritten(f.f, 80, {}, Format::kF64), 80, 1e-12);
  const Formula third = Parsed("1/x");
  EXPECT_EQ(AsWritten(third.f, 3, {}, Format::kBf16), 0.333984375);    // 8 bits
  EXPECT_EQ(AsWritten(third.f, 3, {}, Format::kF16), 0.333251953125);  // 11 bits
  EXPECT_EQ(AsWritten(third.f, 3, {}, Format::kF32), static_cast<double>(1.0f / 3.0f));
  const Formula big = Parsed("x*2");
  EXPECT_EQ(AsWritten(big.f, 40000, {}, Format::kF16), INFINITY);  // past 65504
  EXPECT_EQ(AsWritten(big.f, 30000, {}, Format::kF16), 60000);
  EXPECT_EQ(AsWritten(big.f, 2e38, {}, Format::kBf16), INFINITY);                // past 3.39e38
  EXPECT_EQ(AsWritten(big.f, 1e38, {}, Format::kBf16), 1.9938419936773738e+38);  // 8 bits
  // ULPs of the format: one step of bfloat16 at 1 is 2⁻⁷.
  EXPECT_EQ(UlpDistance(1, 1 + 0x1p-7, Format::kBf16), 1);
  EXPECT_EQ(UlpDistance(1, 1 + 0x1p-23, Format::kF32), 1);
  EXPECT_NEAR(UlpDistance(0.333984375, 1.0 / 3, Format::kBf16), (0.333984375 - 1.0 / 3) / 0x1p-9,
              1e-9);
  EXPECT_EQ(UlpDistance(NAN, NAN, Format::kF16), 0);
  EXPECT_EQ(UlpDistance(NAN, 1, Format::kF16), INFINITY);
}

// The fast path (intervals of doubles) and the balls give the same float, bit for bit: both
// are the true value rounded, so any difference is a bug in one of them.
TEST(FormulaFast, the_intervals_and_the_balls_agree_on_every_element) {
  std::mt19937_64 rng(26);
  std::vector<float> xs;
  for (float v : {0.0f, 1.0f, -1.0f, 0.5f, -0.5f, 3.0f, -3.0f, 30.0f, -30.0f, 88.0f, -88.0f, 1e-8f,
                  -1e-8f, 1e5f, -1e5f, 3e38f, -3e38f, 1e-40f})
    xs.push_back(v);
  std::normal_distribution<float> n(0, 2);
  for (int i = 0; i < 40; ++i)
    xs.push_back(n(rng));
  std::size_t fast = 0, all = 0;
  for (int k = 0; k < 250; ++k) {
    const std::string text = RandomFormula(rng, 3);
    const Formula f = Parsed(text);
    std::vector<float> ys(xs.size());
    const std::size_t slow = ExactF32(f.f, xs, ys, f.defaults);
    fast += xs.size() - slow;
    all += xs.size();
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const float want = static_cast<float>(Exact(f.f, xs[i], f.defaults, Format::kF32));
      EXPECT_TRUE(std::memcmp(&want, &ys[i], sizeof want) == 0 ||
                  (std::isnan(want) && std::isnan(ys[i])))
          << text << " at " << xs[i] << ": fast " << ys[i] << ", balls " << want;
    }
  }
  // The point of the fast path: most elements never reach the balls.
  EXPECT_GT(static_cast<double>(fast) / static_cast<double>(all), 0.5);
}

// Each function the intervals handle proves its values on its own, at arguments that carry an
// interval's width (0.3·x + c is rounded): a slip in a bound's direction or an endpoint would
// make the interval empty or too wide and send elements to the balls, which this counts.
TEST(FormulaFast, every_function_the_intervals_handle_proves_its_values) {
  const std::vector<float> xs = {0.2f, 0.35f, 0.5f, 0.65f, 0.8f};
  for (const char* text : kEachFunction) {
    const Formula f = Parsed(text);
    const Expr fast = detail::FastForm(f.f);
    const detail::Program prog = detail::Compile(fast);
    for (float x : xs) {
      const std::optional<float> v = detail::FastF32(fast, prog, x, f.defaults);
      ASSERT_TRUE(v) << text << " at " << x << ": left to the balls";
      EXPECT_EQ(*v, static_cast<float>(Exact(f.f, x, f.defaults, Format::kF32)))
          << text << " at " << x;
    }
  }
}

TEST(FormulaPrint, the_parsed_form_reads_back_to_the_same_values) {
  for (const char* text :
       {"-x^2 + 2^-x", "a*x*sigmoid(b*x) + c*sin(w*x)^2/w", "if(x < 0 == 1, x/(1 - x), log1p(x))",
        "2^3^x", "(x - 1) - (x - 2)", "x/(2/x)"}) {
    const Formula f = Parsed(text);
    const std::string printed = ToString(f.f, f.params);
    const Formula g = Parsed(printed);
    for (double x : {-1.5, 0.25, 2.0})
      EXPECT_EQ(Exact(f.f, x, f.defaults), Exact(g.f, x, g.defaults)) << text << " → " << printed;
  }
}

}  // namespace
}  // namespace actviz::formula
