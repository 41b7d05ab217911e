// Building expression trees inside the formula room: nodes appended children first, with the
// little algebra the derivative needs so it stays readable (0·a = 0, 1·a = a, a + 0 = a).
#pragma once

#include <optional>
#include <string_view>

#include "actviz/formula/formula.hpp"

namespace actviz::formula::detail {

struct FnInfo {
  Fn fn;
  std::string_view name;
  int arity;
};
std::span<const FnInfo> Functions();

class Builder {
 public:
  explicit Builder(Expr& e) : e_(e) {}
  int Number(double v);
  int Pi();
  int E();
  int X();
  int Param(int i);
  int Unary(Op op, int a);
  int Binary(Op op, int a, int b);
  int If(int c, int a, int b);
  int Call(Fn fn, int a, int b = -1);
  // Simplifying forms, for the derivative.
  int Add(int a, int b);
  int Sub(int a, int b);
  int Mul(int a, int b);
  int Div(int a, int b);
  int Neg(int a);
  bool IsNumber(int i, double v) const;
  std::optional<double> Fold(Op op, int a, int b) const;

 private:
  int Push(const Node& n);
  Expr& e_;
};

// Each function of the grammar in IEEE double (as_written.cpp).
double IeeeFunction(Fn fn, double a, double b);
// The binding of an operator: comparisons 1, + − 2, × ÷ 3, unary minus 4, ^ 5; 0 otherwise.
int Precedence(Op op);

// The row formulas of the catalogue, in the grammar (rows.cpp), with the row's parameters
// named as the catalogue names them: "if(x > 0, x, alpha*x)" for leaky_relu.
std::string_view RowFormula(std::string_view row);

}  // namespace actviz::formula::detail

namespace actviz::formula {

// f of the text, and its parameters (parse.cpp).
std::optional<std::string> ParseExpression(std::string_view text, Formula& out);
// The derivative of e.root with respect to x (param < 0) or to parameter `param`, appended to
// a copy of e (derive.cpp).
Expr Derive(const Expr& e, int param);
// The nearest value of the format (as_written.cpp).
double RoundTo(double v, Format f);

}  // namespace actviz::formula
