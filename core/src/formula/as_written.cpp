// The expression as written: operation by operation in float64, float32, bfloat16 or float16,
// each result (and x and the parameters first) rounded to nearest-even in that format, the
// way numpy or a framework evaluates it. Each operation is computed in double and rounded
// once to the format: for + − × ÷ and √ that is the format's own correctly rounded result.
#include <cmath>
#include <limits>

#include "formula/program.hpp"
#include "formula/tree.hpp"

namespace actviz::formula {
namespace {

struct Spec {
  int p;           // significand bits, the leading one included
  int emin, emax;  // exponents of the smallest normal and of the largest finite
};

constexpr Spec SpecOf(Format f) {
  switch (f) {
    case Format::kF32:
      return {24, -126, 127};
    case Format::kBf16:
      return {8, -126, 127};
    case Format::kF16:
      return {11, -14, 15};
    default:
      return {53, -1022, 1023};
  }
}

double Phi(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

double PhiDensity(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);
}

}  // namespace

double detail::IeeeFunction(Fn fn, double a, double b) {
  switch (fn) {
    case Fn::kAbs:
      return std::fabs(a);
    case Fn::kSign:
      return std::isnan(a) ? a : a > 0 ? 1.0 : a < 0 ? -1.0 : 0.0;
    case Fn::kMin:
      return std::isnan(a) || std::isnan(b) ? NAN : std::fmin(a, b);
    case Fn::kMax:
      return std::isnan(a) || std::isnan(b) ? NAN : std::fmax(a, b);
    case Fn::kExp:
      return std::exp(a);
    case Fn::kExpm1:
      return std::expm1(a);
    case Fn::kLog:
      return std::log(a);
    case Fn::kLog1p:
      return std::log1p(a);
    case Fn::kLog2:
      return std::log2(a);
    case Fn::kLog10:
      return std::log10(a);
    case Fn::kSqrt:
      return std::sqrt(a);
    case Fn::kCbrt:
      return std::cbrt(a);
    case Fn::kPow:
      return std::pow(a, b);
    case Fn::kHypot:
      return std::hypot(a, b);
    case Fn::kSin:
      return std::sin(a);
    case Fn::kCos:
      return std::cos(a);
    case Fn::kTan:
      return std::tan(a);
    case Fn::kAsin:
      return std::asin(a);
    case Fn::kAcos:
      return std::acos(a);
    case Fn::kAtan:
      return std::atan(a);
    case Fn::kAtan2:
      return std::atan2(a, b);
    case Fn::kSinh:
      return std::sinh(a);
    case Fn::kCosh:
      return std::cosh(a);
    case Fn::kTanh:
      return std::tanh(a);
    case Fn::kAsinh:
      return std::asinh(a);
    case Fn::kAcosh:
      return std::acosh(a);
    case Fn::kAtanh:
      return std::atanh(a);
    case Fn::kErf:
      return std::erf(a);
    case Fn::kErfc:
      return std::erfc(a);
    case Fn::kFloor:
      return std::floor(a);
    case Fn::kCeil:
      return std::ceil(a);
    case Fn::kPhi:
      return Phi(a);
    case Fn::kPhiDensity:
      return PhiDensity(a);
  }
  return NAN;
}

// The nearest value of the format (ties to even), ±∞ past its largest finite value.
double RoundTo(double v, Format f) {
  if (f == Format::kF64 || !std::isfinite(v) || v == 0) return v;
  const Spec s = SpecOf(f);
  int e = 0;
  std::frexp(v, &e);  // |v| in [2^(e−1), 2^e)
  const int exp = std::max(e - 1, s.emin);
  const double ulp = std::ldexp(1.0, exp - (s.p - 1));
  const double r = std::nearbyint(v / ulp) * ulp;  // scaling by powers of two is exact
  const double max = std::ldexp(2.0 - std::ldexp(1.0, 1 - s.p), s.emax);
  if (std::fabs(r) > max) return std::copysign(INFINITY, v);
  return r == 0 ? std::copysign(0.0, v) : r;
}

double AsWritten(const Expr& e, double x, std::span<const double> params, Format format) {
  const detail::Program prog = detail::Compile(e);
  std::vector<double> stack;
  stack.reserve(static_cast<std::size_t>(prog.max_stack) + 1);
  const double xr = RoundTo(x, format);
  for (std::size_t pc = 0; pc < prog.code.size();) {
    const detail::Instr& in = prog.code[pc];
    if (in.kind == detail::Instr::kJump) {
      pc = static_cast<std::size_t>(in.target);
      continue;
    }
    if (in.kind == detail::Instr::kJumpIfZero) {
      const double c = stack.back();
      stack.pop_back();
      if (std::isnan(c)) return NAN;
      pc = c == 0 ? static_cast<std::size_t>(in.target) : pc + 1;
      continue;
    }
    const Node& n = e.nodes[static_cast<std::size_t>(in.node)];
    double v = 0;
    auto pop = [&] {
      const double t = stack.back();
      stack.pop_back();
      return t;
    };
    switch (n.op) {
      case Op::kNumber:
        v = n.value;
        break;
      case Op::kX:
        v = xr;
        break;
      case Op::kParam:
        v = static_cast<std::size_t>(n.param) < params.size()
                ? params[static_cast<std::size_t>(n.param)]
                : 1.0;
        break;
      case Op::kNeg:
        v = -pop();
        break;
      case Op::kCall: {
        const double b = n.b >= 0 ? pop() : 0;
        const double a = pop();
        v = detail::IeeeFunction(n.fn, RoundTo(a, format), RoundTo(b, format));
        break;
      }
      default: {
        const double b = pop(), a = pop();
        switch (n.op) {
          case Op::kAdd:
            v = a + b;
            break;
          case Op::kSub:
            v = a - b;
            break;
          case Op::kMul:
            v = a * b;
            break;
          case Op::kDiv:
            v = a / b;
            break;
          case Op::kPow:
            v = std::pow(a, b);
            break;
          case Op::kGuard:
            v = std::isnan(a) ? a : b;
            break;
          case Op::kLt:
          case Op::kLe:
          case Op::kGt:
          case Op::kGe:
          case Op::kEq:
          case Op::kNe:
            if (std::isnan(a) || std::isnan(b)) {
              v = NAN;
              break;
            }
            v = n.op == Op::kLt   ? a < b
                : n.op == Op::kLe ? a <= b
                : n.op == Op::kGt ? a > b
                : n.op == Op::kGe ? a >= b
                : n.op == Op::kEq ? a == b
                                  : a != b;
            break;
          default:
            v = NAN;
        }
      }
    }
    stack.push_back(RoundTo(v, format));
    ++pc;
  }
  return stack.empty() ? NAN : stack.back();
}

double UlpDistance(double a, double b, Format format) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : INFINITY;
  const Spec s = SpecOf(format);
  const double per_binade = std::ldexp(1.0, s.p - 1);
  // The position of |v| among the format's non-negative values, fractional between them.
  auto index = [&](double v) {
    const double m = std::fabs(v);
    double i;
    if (std::isinf(m)) {
      i = (s.emax - s.emin + 2) * per_binade;
    } else if (m < std::ldexp(1.0, s.emin)) {
      i = m / std::ldexp(1.0, s.emin - (s.p - 1));
    } else {
      int e = 0;
      const double f = std::frexp(m, &e);  // m = f·2^e, f in [½, 1)
      i = (e - 1 - s.emin + 1) * per_binade + (2 * f - 1) * per_binade;
    }
    return std::signbit(v) ? -i : i;
  };
  return std::fabs(index(a) - index(b));
}

}  // namespace actviz::formula
