// Interval arithmetic in double for the fast path (fast.hpp). An interval is [lo, hi] with
// lo ≤ truth ≤ hi; NaN in lo means "not proven here". Nothing infinite is ever proven: an
// overflow, x = ±∞ and the exact singularities (log 0, 1/0) all go to the balls.
#include "formula/fast.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "formula/tree.hpp"

using actviz::formula::detail::Builder;

namespace actviz::formula::detail {
namespace {

struct Iv {
  double lo, hi;
};

constexpr double kNo = std::numeric_limits<double>::quiet_NaN();
constexpr Iv kUnproven{kNo, kNo};

bool Proven(const Iv& v) {
  return !std::isnan(v.lo);
}

// Outward by at least `ulps` steps: holds the true value of a result within `ulps`·½ ULP of
// the computed one, on either side. By arithmetic, not ulps calls of nextafter: a ULP is at
// most |v|·2⁻⁵², so |v|·2^(−52+k) with 2^k ≥ 2·ulps (the extra factor covers this step's own
// rounding), plus a few of the smallest subnormals for values near zero.
Iv Widen(double lo, double hi, int ulps) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) return kUnproven;
  const double k = ulps <= 1 ? 0x1p-50 : 0x1p-46;  // 4 ULP and 64 ULP of margin
  constexpr double kTiny = 0x1p-1070;
  lo -= std::fabs(lo) * k + kTiny;
  hi += std::fabs(hi) * k + kTiny;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return kUnproven;
  return {lo, hi};
}

// A function increasing (or decreasing) over the interval: its values at the ends.
template <class F>
Iv Monotone(const Iv& a, F f, bool increasing, int ulps) {
  const double l = f(a.lo), h = a.hi == a.lo ? l : f(a.hi);  // x itself: one call
  return increasing ? Widen(l, h, ulps) : Widen(h, l, ulps);
}

constexpr int kLibm = 8;  // the library's functions: glibc documents at most a few ULP

Iv Function(Fn fn, const Iv& a, const Iv* b) {
  switch (fn) {
    case Fn::kAbs:
      if (a.lo >= 0) return a;
      if (a.hi <= 0) return {-a.hi, -a.lo};
      return {0, std::max(-a.lo, a.hi)};
    case Fn::kSign:
      if (a.lo > 0) return {1, 1};
      if (a.hi < 0) return {-1, -1};
      if (a.lo == 0 && a.hi == 0) return {0, 0};
      return kUnproven;
    case Fn::kMin:
      return {std::min(a.lo, b->lo), std::min(a.hi, b->hi)};
    case Fn::kMax:
      return {std::max(a.lo, b->lo), std::max(a.hi, b->hi)};
    case Fn::kExp:
      return Monotone(
          a, [](double v) { return std::exp(v); }, true, kLibm);
    case Fn::kExpm1:
      return Monotone(
          a, [](double v) { return std::expm1(v); }, true, kLibm);
    case Fn::kLog:
    case Fn::kLog2:
    case Fn::kLog10:
      if (!(a.lo > 0)) return kUnproven;  // the domain's edge, or outside: the balls say
      return Monotone(
          a, [fn](double v) { return IeeeFunction(fn, v, 0); }, true, kLibm);
    case Fn::kLog1p:
      if (!(a.lo > -1)) return kUnproven;
      return Monotone(
          a, [](double v) { return std::log1p(v); }, true, kLibm);
    case Fn::kSqrt:
      if (!(a.lo >= 0)) return kUnproven;
      return Monotone(
          a, [](double v) { return std::sqrt(v); }, true, 1);
    case Fn::kCbrt:
      return Monotone(
          a, [](double v) { return std::cbrt(v); }, true, kLibm);
    case Fn::kSin:
    case Fn::kCos: {  // |f′| ≤ 1: the midpoint's value, give or take the half-width
      if (!(a.hi - a.lo < 1e-3) || std::fabs(a.lo) > 1e6) return kUnproven;
      const double m = 0.5 * (a.lo + a.hi), r = 0.5 * (a.hi - a.lo);
      const double v = fn == Fn::kSin ? std::sin(m) : std::cos(m);
      const Iv w = Widen(v - r, v + r, kLibm + 2);
      return {std::max(w.lo, -1.0), std::min(w.hi, 1.0)};
    }
    case Fn::kAsin:
      if (!(a.lo > -1 && a.hi < 1)) return kUnproven;
      return Monotone(
          a, [](double v) { return std::asin(v); }, true, kLibm);
    case Fn::kAcos:
      if (!(a.lo > -1 && a.hi < 1)) return kUnproven;
      return Monotone(
          a, [](double v) { return std::acos(v); }, false, kLibm);
    case Fn::kAtan:
      return Monotone(
          a, [](double v) { return std::atan(v); }, true, kLibm);
    case Fn::kSinh:
      return Monotone(
          a, [](double v) { return std::sinh(v); }, true, kLibm);
    case Fn::kCosh:
      if (a.lo >= 0)
        return Monotone(
            a, [](double v) { return std::cosh(v); }, true, kLibm);
      if (a.hi <= 0)
        return Monotone(
            a, [](double v) { return std::cosh(v); }, false, kLibm);
      return kUnproven;
    case Fn::kTanh:
      return Monotone(
          a, [](double v) { return std::tanh(v); }, true, kLibm);
    case Fn::kAsinh:
      return Monotone(
          a, [](double v) { return std::asinh(v); }, true, kLibm);
    case Fn::kAcosh:
      if (!(a.lo > 1)) return kUnproven;
      return Monotone(
          a, [](double v) { return std::acosh(v); }, true, kLibm);
    case Fn::kAtanh:
      if (!(a.lo > -1 && a.hi < 1)) return kUnproven;
      return Monotone(
          a, [](double v) { return std::atanh(v); }, true, kLibm);
    case Fn::kErf:
      return Monotone(
          a, [](double v) { return std::erf(v); }, true, kLibm);
    case Fn::kErfc:
      return Monotone(
          a, [](double v) { return std::erfc(v); }, false, kLibm);
    case Fn::kPhi:
      return Monotone(
          a, [](double v) { return 0.5 * std::erfc(-v / std::sqrt(2.0)); }, true, kLibm + 4);
    case Fn::kPhiDensity:
      if (a.lo >= 0)
        return Monotone(
            a, [](double v) { return IeeeFunction(Fn::kPhiDensity, v, 0); }, false, kLibm + 4);
      if (a.hi <= 0)
        return Monotone(
            a, [](double v) { return IeeeFunction(Fn::kPhiDensity, v, 0); }, true, kLibm + 4);
      return kUnproven;
    case Fn::kFloor:
    case Fn::kCeil: {
      const double l = fn == Fn::kFloor ? std::floor(a.lo) : std::ceil(a.lo);
      const double h = fn == Fn::kFloor ? std::floor(a.hi) : std::ceil(a.hi);
      return l == h ? Iv{l, h} : kUnproven;
    }
    default:  // pow, hypot, atan2, tan: the balls
      return kUnproven;
  }
}

Iv Mul(const Iv& a, const Iv& b) {
  const double p[] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
  return Widen(*std::min_element(p, p + 4), *std::max_element(p, p + 4), 1);
}

// An integer power (|n| ≤ 64) by repeated products; others to the balls.
Iv Pow(const Iv& a, const Iv& b) {
  if (b.lo != b.hi || b.lo != std::trunc(b.lo) || std::fabs(b.lo) > 64) return kUnproven;
  const int n = static_cast<int>(b.lo);
  if (n == 0) return {1, 1};
  if (n < 0) return kUnproven;
  // Even powers of an interval across 0 start at 0.
  if (n % 2 == 0 && a.lo < 0 && a.hi > 0) {
    const double m = std::max(-a.lo, a.hi);
    Iv r{m, m};
    for (int i = 1; i < n; ++i)
      r = Mul(r, Iv{m, m});
    return {0, r.hi};
  }
  Iv r = a;
  for (int i = 1; i < n; ++i)
    r = Mul(r, a);
  return r;
}

int Compare(Op op, const Iv& a, const Iv& b) {  // 1, 0, or −1 (not decided)
  switch (op) {
    case Op::kLt:
      return a.hi < b.lo ? 1 : a.lo >= b.hi ? 0 : -1;
    case Op::kLe:
      return a.hi <= b.lo ? 1 : a.lo > b.hi ? 0 : -1;
    case Op::kGt:
      return a.lo > b.hi ? 1 : a.hi <= b.lo ? 0 : -1;
    case Op::kGe:
      return a.lo >= b.hi ? 1 : a.hi < b.lo ? 0 : -1;
    case Op::kEq:
      return a.lo == a.hi && b.lo == b.hi && a.lo == b.lo ? 1
             : (a.hi < b.lo || b.hi < a.lo)               ? 0
                                                          : -1;
    default:
      return a.lo == a.hi && b.lo == b.hi && a.lo == b.lo ? 0
             : (a.hi < b.lo || b.hi < a.lo)               ? 1
                                                          : -1;
  }
}

Iv Binary(Op op, const Iv& a, const Iv& b) {
  switch (op) {
    case Op::kAdd:
      return Widen(a.lo + b.lo, a.hi + b.hi, 1);
    case Op::kSub:
      return Widen(a.lo - b.hi, a.hi - b.lo, 1);
    case Op::kMul:
      return Mul(a, b);
    case Op::kDiv: {
      if (!(b.lo > 0 || b.hi < 0)) return kUnproven;  // a divisor that may be 0
      const double q[] = {a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi};
      return Widen(*std::min_element(q, q + 4), *std::max_element(q, q + 4), 1);
    }
    case Op::kPow:
      return Pow(a, b);
    case Op::kGuard:
      return b;  // a is proven, so not NaN
    default: {
      const int t = Compare(op, a, b);
      return t < 0 ? kUnproven : Iv{static_cast<double>(t), static_cast<double>(t)};
    }
  }
}

bool IsOne(const Node& n) {
  return n.op == Op::kNumber && n.constant == 0 && n.value == 1;
}

}  // namespace

Expr FastForm(const Expr& e) {
  Expr f = e;
  Builder b(f);
  const std::size_t n = e.nodes.size();
  std::vector<int> map(n);  // each node's index in the new form
  for (std::size_t i = 0; i < n; ++i) {
    Node nd = e.nodes[i];
    if (nd.a >= 0) nd.a = map[static_cast<std::size_t>(nd.a)];
    if (nd.b >= 0) nd.b = map[static_cast<std::size_t>(nd.b)];
    if (nd.c >= 0) nd.c = map[static_cast<std::size_t>(nd.c)];
    auto at = [&](int k) -> const Node& { return f.nodes[static_cast<std::size_t>(k)]; };
    int r = -1;
    if (nd.op == Op::kCall && nd.fn == Fn::kLog && at(nd.a).op == Op::kAdd &&
        (IsOne(at(at(nd.a).a)) || IsOne(at(at(nd.a).b)))) {  // log(1 + a) = log1p(a)
      const Node& sum = at(nd.a);
      nd = Node{Op::kCall, Fn::kLog1p, IsOne(at(sum.a)) ? sum.b : sum.a};
    } else if (nd.op == Op::kSub && IsOne(at(nd.b)) && at(nd.a).op == Op::kCall &&
               at(nd.a).fn == Fn::kExp) {  // exp(a) − 1 = expm1(a)
      nd = Node{Op::kCall, Fn::kExpm1, at(nd.a).a};
    }
    if (nd.op == Op::kCall && nd.fn == Fn::kLog1p && at(nd.a).op == Op::kCall &&
        at(nd.a).fn == Fn::kExp) {  // log1p(e^a) = max(a, 0) + log1p(e^−|a|): no branch
      const int a = at(nd.a).a;
      const int tail = b.Call(Fn::kLog1p, b.Call(Fn::kExp, b.Neg(b.Call(Fn::kAbs, a))));
      r = b.Add(b.Call(Fn::kMax, a, b.Number(0)), tail);
    } else {
      f.nodes.push_back(nd);
      r = static_cast<int>(f.nodes.size() - 1);
    }
    map[i] = r;
  }
  f.root = map[static_cast<std::size_t>(e.root)];
  return f;
}

std::optional<float> FastF32(const Expr& e, const Program& prog, double x,
                             std::span<const double> params) {
  if (!std::isfinite(x)) return std::nullopt;
  thread_local std::vector<Iv> stack;
  stack.resize(static_cast<std::size_t>(prog.max_stack) + 2);
  int sp = 0;
  for (std::size_t pc = 0; pc < prog.code.size();) {
    const Instr& in = prog.code[pc];
    if (in.kind == Instr::kJump) {
      pc = static_cast<std::size_t>(in.target);
      continue;
    }
    if (in.kind == Instr::kJumpIfZero) {
      const Iv c = stack[static_cast<std::size_t>(--sp)];
      if (c.lo > 0 || c.hi < 0) {
        ++pc;
      } else if (c.lo == 0 && c.hi == 0) {
        pc = static_cast<std::size_t>(in.target);
      } else {
        return std::nullopt;
      }
      continue;
    }
    const Node& n = e.nodes[static_cast<std::size_t>(in.node)];
    const int args = (n.a >= 0 ? 1 : 0) + (n.b >= 0 ? 1 : 0);
    sp -= args;
    Iv& r = stack[static_cast<std::size_t>(sp)];
    const Iv a = args >= 1 ? stack[static_cast<std::size_t>(sp)] : Iv{0, 0};
    const Iv b = args >= 2 ? stack[static_cast<std::size_t>(sp) + 1] : Iv{0, 0};
    switch (n.op) {
      case Op::kNumber:
        r = n.constant ? Widen(n.value, n.value, 1) : Iv{n.value, n.value};
        break;
      case Op::kX:
        r = {x, x};
        break;
      case Op::kParam: {
        const double p = static_cast<std::size_t>(n.param) < params.size()
                             ? params[static_cast<std::size_t>(n.param)]
                             : 1.0;
        r = {p, p};
        break;
      }
      case Op::kNeg:
        r = {-a.hi, -a.lo};
        break;
      case Op::kCall:
        r = Function(n.fn, a, n.b >= 0 ? &b : nullptr);
        break;
      default:
        r = Binary(n.op, a, b);
    }
    if (!Proven(r)) return std::nullopt;
    ++sp;
    ++pc;
  }
  const Iv v = stack[0];
  // Both ends round to one float (and not past float's range: that is an overflow to prove
  // elsewhere).
  const float lo = static_cast<float>(v.lo), hi = static_cast<float>(v.hi);
  if (lo != hi || !std::isfinite(lo)) return std::nullopt;
  // A zero whose interval has both signs is +0 (as in the block path: block.hpp).
  if (lo == 0 && std::signbit(lo) != std::signbit(hi)) return 0.0f;
  return lo;
}

}  // namespace actviz::formula::detail
