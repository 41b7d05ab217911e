// Formulas drawn from the grammar, for the tests that compare the fast paths with the balls.
#pragma once

#include <iterator>
#include <random>
#include <string>

namespace actviz::formula {

// A formula drawn from the grammar: the functions the fast path proves and those it leaves to
// the balls, the four operations, comparisons, branches, constants that overflow and cancel.
inline std::string RandomFormula(std::mt19937_64& rng, int depth) {
  static const char* kUnary[] = {
      "exp",  "expm1", "log1p", "tanh", "sinh",  "atan",  "asinh", "erf",     "erfc",     "Phi",
      "phi",  "abs",   "sin",   "cos",  "sqrt",  "log",   "cbrt",  "sigmoid", "softplus", "floor",
      "log2", "log10", "asin",  "acos", "acosh", "atanh", "cosh",  "sign",    "ceil",     "tan"};
  static const char* kLeaf[] = {"x", "x", "x", "1", "2", "0.5", "3", "1e-8", "100", "pi"};
  std::uniform_int_distribution<int> pick(0, 99);
  if (depth == 0 || pick(rng) < 20) return kLeaf[pick(rng) % std::size(kLeaf)];
  const int r = pick(rng);
  if (r < 45)
    return std::string(kUnary[pick(rng) % std::size(kUnary)]) + "(" +
           RandomFormula(rng, depth - 1) + ")";
  if (r < 88) {
    static const char* kOps[] = {" + ", " - ", "*", "/", "^2", "^3", "^-1", "^0.5"};
    const char* op = kOps[pick(rng) % std::size(kOps)];
    if (op[0] == '^') return "(" + RandomFormula(rng, depth - 1) + ")" + op;
    return "(" + RandomFormula(rng, depth - 1) + op + RandomFormula(rng, depth - 1) + ")";
  }
  if (r < 92) {
    static const char* kTwo[] = {"min", "max", "hypot", "atan2"};
    return std::string(kTwo[pick(rng) % std::size(kTwo)]) + "(" + RandomFormula(rng, depth - 1) +
           ", " + RandomFormula(rng, depth - 1) + ")";
  }
  static const char* kCmp[] = {" > ", " <= ", " == ", " != "};
  return "if(" + RandomFormula(rng, depth - 1) + kCmp[pick(rng) % std::size(kCmp)] + "0, " +
         RandomFormula(rng, depth - 1) + ", " + RandomFormula(rng, depth - 1) + ")";
}

// One formula per function and operation that the fast paths prove, at arguments that carry a
// rounding (0.3·x + c), for x in [0.2, 0.8].
inline constexpr const char* kEachFunction[] = {
    "exp(0.3*x + 0.1)",
    "exp(-0.3*x - 0.1)",
    "expm1(0.3*x + 0.1)",
    "log(0.3*x + 0.1)",
    "log1p(0.3*x + 0.1)",
    "log2(0.3*x + 0.1)",
    "log10(0.3*x + 0.1)",
    "sqrt(0.3*x + 0.1)",
    "cbrt(-0.3*x - 0.1)",
    "sin(0.3*x + 0.1)",
    "cos(0.3*x + 0.1)",
    "asin(0.3*x + 0.1)",
    "acos(0.3*x + 0.1)",
    "atan(0.3*x + 0.1)",
    "sinh(0.3*x + 0.1)",
    "cosh(0.3*x + 0.1)",
    "cosh(-0.3*x - 0.1)",
    "tanh(0.3*x + 0.1)",
    "asinh(0.3*x + 0.1)",
    "acosh(1.3*x + 1.1)",
    "atanh(0.3*x + 0.1)",
    "erf(0.3*x + 0.1)",
    "erfc(0.3*x + 0.1)",
    "Phi(0.3*x + 0.1)",
    "phi(0.3*x + 0.1)",
    "phi(-0.3*x - 0.1)",
    "abs(-0.3*x - 0.1)",
    "sign(0.3*x + 0.1)",
    "floor(0.3*x + 2.1)",
    "ceil(0.3*x + 2.1)",
    "min(0.3*x, 0.1) + max(0.3*x, 0.1)",
    "(0.3*x + 0.1)^3",
    "(0.3*x - 0.1)^2",
    "(0.3*x + 0.1)/(0.7 - 0.3*x)",
    "(0.3*x + 0.1) - (0.2*x + 0.35)",
    "if(0.3*x > 0.05, 1, 2) + (x < 2)",
};

}  // namespace actviz::formula
