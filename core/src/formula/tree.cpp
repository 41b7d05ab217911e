// The grammar's functions, the tree builder with its small algebra, and the printed form.
#include "formula/tree.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

namespace actviz::formula {
namespace detail {
namespace {

constexpr FnInfo kFunctions[] = {
    {Fn::kAbs, "abs", 1},     {Fn::kSign, "sign", 1},   {Fn::kMin, "min", 2},
    {Fn::kMax, "max", 2},     {Fn::kExp, "exp", 1},     {Fn::kExpm1, "expm1", 1},
    {Fn::kLog, "log", 1},     {Fn::kLog1p, "log1p", 1}, {Fn::kLog2, "log2", 1},
    {Fn::kLog10, "log10", 1}, {Fn::kSqrt, "sqrt", 1},   {Fn::kCbrt, "cbrt", 1},
    {Fn::kPow, "pow", 2},     {Fn::kHypot, "hypot", 2}, {Fn::kSin, "sin", 1},
    {Fn::kCos, "cos", 1},     {Fn::kTan, "tan", 1},     {Fn::kAsin, "asin", 1},
    {Fn::kAcos, "acos", 1},   {Fn::kAtan, "atan", 1},   {Fn::kAtan2, "atan2", 2},
    {Fn::kSinh, "sinh", 1},   {Fn::kCosh, "cosh", 1},   {Fn::kTanh, "tanh", 1},
    {Fn::kAsinh, "asinh", 1}, {Fn::kAcosh, "acosh", 1}, {Fn::kAtanh, "atanh", 1},
    {Fn::kErf, "erf", 1},     {Fn::kErfc, "erfc", 1},   {Fn::kFloor, "floor", 1},
    {Fn::kCeil, "ceil", 1},   {Fn::kPhi, "Phi", 1},     {Fn::kPhiDensity, "phi", 1},
};

}  // namespace

int Precedence(Op op) {
  switch (op) {
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
    case Op::kEq:
    case Op::kNe:
      return 1;
    case Op::kAdd:
    case Op::kSub:
      return 2;
    case Op::kMul:
    case Op::kDiv:
      return 3;
    case Op::kNeg:
      return 4;
    case Op::kPow:
      return 5;
    default:
      return 0;
  }
}

std::span<const FnInfo> Functions() {
  return kFunctions;
}

int Builder::Push(const Node& n) {
  e_.nodes.push_back(n);
  return static_cast<int>(e_.nodes.size() - 1);
}

int Builder::Number(double v) {
  Node n;
  n.op = Op::kNumber;
  n.value = v;
  return Push(n);
}

int Builder::Pi() {
  const int i = Number(M_PI);
  e_.nodes[static_cast<std::size_t>(i)].constant = 1;
  return i;
}

int Builder::E() {
  const int i = Number(M_E);
  e_.nodes[static_cast<std::size_t>(i)].constant = 2;
  return i;
}

int Builder::X() {
  Node n;
  n.op = Op::kX;
  return Push(n);
}

int Builder::Param(int i) {
  Node n;
  n.op = Op::kParam;
  n.param = i;
  return Push(n);
}

int Builder::Unary(Op op, int a) {
  Node n;
  n.op = op;
  n.a = a;
  return Push(n);
}

int Builder::Binary(Op op, int a, int b) {
  Node n;
  n.op = op;
  n.a = a;
  n.b = b;
  return Push(n);
}

int Builder::If(int c, int a, int b) {
  Node n;
  n.op = Op::kIf;
  n.a = c;
  n.b = a;
  n.c = b;
  return Push(n);
}

int Builder::Call(Fn fn, int a, int b) {
  Node n;
  n.op = Op::kCall;
  n.fn = fn;
  n.a = a;
  n.b = b;
  return Push(n);
}

bool Builder::IsNumber(int i, double v) const {
  const Node& n = e_.nodes[static_cast<std::size_t>(i)];
  return n.op == Op::kNumber && n.constant == 0 && n.value == v;
}

// Both small integers: the exact result as a number (2 − 1 in a derivative's exponent).
std::optional<double> Builder::Fold(Op op, int a, int b) const {
  const Node &x = e_.nodes[static_cast<std::size_t>(a)], &y = e_.nodes[static_cast<std::size_t>(b)];
  auto small = [](const Node& n) {
    return n.op == Op::kNumber && n.constant == 0 && n.value == std::trunc(n.value) &&
           std::fabs(n.value) < 0x1p26;
  };
  if (!small(x) || !small(y)) return std::nullopt;
  return op == Op::kAdd   ? x.value + y.value
         : op == Op::kSub ? x.value - y.value
                          : x.value * y.value;
}

int Builder::Add(int a, int b) {
  if (auto v = Fold(Op::kAdd, a, b)) return Number(*v);
  if (IsNumber(a, 0)) return b;
  if (IsNumber(b, 0)) return a;
  return Binary(Op::kAdd, a, b);
}

int Builder::Sub(int a, int b) {
  if (auto v = Fold(Op::kSub, a, b)) return Number(*v);
  if (IsNumber(b, 0)) return a;
  if (IsNumber(a, 0)) return Neg(b);
  return Binary(Op::kSub, a, b);
}

// 0·a = 0 even where a is infinite: these are derivatives of terms constant in the variable.
int Builder::Mul(int a, int b) {
  if (IsNumber(a, 0) || IsNumber(b, 0)) return Number(0);
  if (auto v = Fold(Op::kMul, a, b)) return Number(*v);
  if (IsNumber(a, 1)) return b;
  if (IsNumber(b, 1)) return a;
  return Binary(Op::kMul, a, b);
}

int Builder::Div(int a, int b) {
  if (IsNumber(a, 0)) return Number(0);
  if (IsNumber(b, 1)) return a;
  return Binary(Op::kDiv, a, b);
}

int Builder::Neg(int a) {
  if (IsNumber(a, 0)) return a;
  return Unary(Op::kNeg, a);
}

}  // namespace detail

std::span<const std::string_view> FunctionNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const detail::FnInfo& f : detail::Functions())
      v.push_back(f.name);
    v.push_back("if");
    v.push_back("pi");
    v.push_back("e");
    return v;
  }();
  return names;
}

namespace {

constexpr std::size_t kMaxShown = 20000;  // shared subtrees printed in full could grow without end

std::string Number(double v, int constant) {
  if (constant == 1) return "pi";
  if (constant == 2) return "e";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  // The shortest form that reads back the same.
  for (int p = 1; p <= 17; ++p) {
    char b2[32];
    std::snprintf(b2, sizeof b2, "%.*g", p, v);
    if (std::strtod(b2, nullptr) == v) return b2;
  }
  return buf;
}

const char* Symbol(Op op) {
  switch (op) {
    case Op::kAdd:
      return " + ";
    case Op::kSub:
      return " - ";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kPow:
      return "^";
    case Op::kLt:
      return " < ";
    case Op::kLe:
      return " <= ";
    case Op::kGt:
      return " > ";
    case Op::kGe:
      return " >= ";
    case Op::kEq:
      return " == ";
    case Op::kNe:
      return " != ";
    default:
      return "?";
  }
}

int Prec(const Node& n) {
  if (n.op == Op::kNumber) return n.value < 0 ? 4 : 9;
  const int p = detail::Precedence(n.op);
  return p ? p : 9;
}

}  // namespace

std::string ToString(const Expr& e, std::span<const std::string> params) {
  if (e.root < 0) return {};
  std::vector<std::string> s(e.nodes.size());
  auto cap = [](std::string t) {
    if (t.size() > kMaxShown) t = t.substr(0, kMaxShown) + "…";
    return t;
  };
  // Children come first, so one pass in order builds every node's text from its children's.
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    const Node& n = e.nodes[i];
    auto sub = [&](int k, int min_prec) {
      const std::string& t = s[static_cast<std::size_t>(k)];
      while (e.nodes[static_cast<std::size_t>(k)].op == Op::kGuard)  // printed as what it guards
        k = e.nodes[static_cast<std::size_t>(k)].b;
      return Prec(e.nodes[static_cast<std::size_t>(k)]) < min_prec ? "(" + t + ")" : t;
    };
    switch (n.op) {
      case Op::kNumber:
        s[i] = Number(n.value, n.constant);
        break;
      case Op::kX:
        s[i] = "x";
        break;
      case Op::kParam:
        s[i] = n.param >= 0 && static_cast<std::size_t>(n.param) < params.size()
                   ? params[static_cast<std::size_t>(n.param)]
                   : "p" + std::to_string(n.param);
        break;
      case Op::kNeg:
        s[i] = "-" + sub(n.a, 5);
        break;
      case Op::kGuard:  // shown as the derivative it guards
        s[i] = s[static_cast<std::size_t>(n.b)];
        break;
      case Op::kIf:
        s[i] = "if(" + s[static_cast<std::size_t>(n.a)] + ", " + s[static_cast<std::size_t>(n.b)] +
               ", " + s[static_cast<std::size_t>(n.c)] + ")";
        break;
      case Op::kCall: {
        std::string name;
        for (const detail::FnInfo& f : detail::Functions())
          if (f.fn == n.fn) name = f.name;
        s[i] = name + "(" + s[static_cast<std::size_t>(n.a)] +
               (n.b >= 0 ? ", " + s[static_cast<std::size_t>(n.b)] : "") + ")";
        break;
      }
      default: {
        const int p = Prec(n);
        const bool right = n.op == Op::kPow;
        // Left-associative: the right operand needs brackets at equal precedence; ^ the left.
        s[i] = sub(n.a, right ? p + 1 : p) + Symbol(n.op) + sub(n.b, right ? p : p + 1);
      }
    }
    s[i] = cap(std::move(s[i]));
  }
  return s[static_cast<std::size_t>(e.root)];
}

}  // namespace actviz::formula
