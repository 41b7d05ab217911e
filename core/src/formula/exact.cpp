// The true value of an expression at a point: the program run on Arb's midpoint-radius balls
// (rigorous bounds, exponents without limit, so no intermediate overflows) at rising
// precision until the ball rounds to one value of the target format (Ziv's strategy). A
// comparison, a branch, sign or floor that the ball cannot yet decide asks for more
// precision too. Infinities arise only at exact singularities (log 0, 1/0) and follow
// IEEE's rules; x = ±∞ is the limit along x = ±2^(2^k).
//
// Built as a library of its own (libactviz_exact.so, with Arb, FLINT, MPFR and GMP) that the
// core loads on the first exact evaluation (exact_loader.cpp): no other command pays for
// loading them.
#include <arb.h>
#include <arb_hypgeom.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <vector>

#include "formula/program.hpp"
#include "formula/tree.hpp"

namespace actviz::formula {

namespace {

constexpr slong kPrecisions[] = {64, 128, 256, 512, 1024, 2048, 4096};
// The most one point may take: numbers with exponents of thousands of digits (x^x^x^…) make
// single ball operations slow; past this, the point is undecided (NaN), never waited on.
#ifndef ACTVIZ_EXACT_BUDGET_MS
#define ACTVIZ_EXACT_BUDGET_MS 50
#endif
constexpr auto kBudget = std::chrono::milliseconds(ACTVIZ_EXACT_BUDGET_MS);

// The budget is this thread's CPU time, not the wall clock: a point's value must not depend
// on how busy the machine is (a loaded test run once gave NaN where the balls needed 3 ms).
struct ThreadClock {
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<ThreadClock, duration>;
  static time_point now() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return time_point(duration(static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec));
  }
};
constexpr slong kMaxPrecision = 4096;

// A value: a finite ball, or an exact ±∞, NaN, or "not decided at this precision".
struct Value {
  enum Kind : std::uint8_t { kFinite, kPosInf, kNegInf, kNaN, kUndecided } kind = kFinite;
  arb_t b;
  Value() { arb_init(b); }
  ~Value() { arb_clear(b); }
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;
  void Set(const Value& o) {
    kind = o.kind;
    arb_set(b, o.b);
  }
  void Special(Kind k) {
    kind = k;
    arb_zero(b);
  }
  void Double(double v) {
    if (std::isnan(v)) return Special(kNaN);
    if (std::isinf(v)) return Special(v > 0 ? kPosInf : kNegInf);
    kind = kFinite;
    arb_set_d(b, v);
  }
  bool Inf() const { return kind == kPosInf || kind == kNegInf; }
  int InfSign() const { return kind == kPosInf ? 1 : -1; }
};

// A value as the double IEEE's rules work on: ±∞, or a ball's midpoint (exact where used:
// the operands of a case with an infinity, whose results are 0, ±1, 2 or ±∞).
double Representative(const Value& v) {
  if (v.Inf()) return v.InfSign() * static_cast<double>(INFINITY);
  return arf_get_d(arb_midref(v.b), ARF_RND_NEAR);
}

// Where a finite ball lies against zero: −1, 0 (exactly zero), +1, or 2 (it straddles).
int SignOf(const arb_t b) {
  if (arb_is_zero(b)) return 0;
  if (arb_is_positive(b)) return 1;
  if (arb_is_negative(b)) return -1;
  return 2;
}

class Machine {
 public:
  Machine(const Expr& e, std::span<const double> params)
      : e_(e), prog_(detail::Compile(e)), params_(params), stack_(prog_.max_stack + 2) {}

  // Runs at `prec` with x set to the ball `x`; the result in `out` (undecided when the
  // deadline passes).
  void Run(const arb_t x, slong prec, Value& out, ThreadClock::time_point deadline) {
    prec_ = prec;
    int sp = 0;
    for (std::size_t pc = 0; pc < prog_.code.size();) {
      if ((pc & 15) == 0 && ThreadClock::now() > deadline) return out.Special(Value::kUndecided);
      const detail::Instr& in = prog_.code[pc];
      if (in.kind == detail::Instr::kJump) {
        pc = static_cast<std::size_t>(in.target);
        continue;
      }
      if (in.kind == detail::Instr::kJumpIfZero) {
        const Value& c = stack_[static_cast<std::size_t>(--sp)];
        if (c.kind == Value::kNaN || c.kind == Value::kUndecided) return out.Special(c.kind);
        const int s = c.Inf() ? 1 : SignOf(c.b);
        if (s == 2) return out.Special(Value::kUndecided);
        pc = s == 0 ? static_cast<std::size_t>(in.target) : pc + 1;
        continue;
      }
      const Node& n = e_.nodes[static_cast<std::size_t>(in.node)];
      const int args = (n.a >= 0 ? 1 : 0) + (n.b >= 0 ? 1 : 0);
      sp -= args;
      Value& r = stack_[static_cast<std::size_t>(sp)];  // the first argument's slot
      const Value* a = args >= 1 ? &stack_[static_cast<std::size_t>(sp)] : nullptr;
      const Value* b = args >= 2 ? &stack_[static_cast<std::size_t>(sp) + 1] : nullptr;
      Node1(n, x, a, b, r);
      ++sp;
      ++pc;
    }
    out.Set(stack_[0]);
  }

 private:
  void Node1(const Node& n, const arb_t x, const Value* a, const Value* b, Value& r) {
    switch (n.op) {
      case Op::kNumber:
        if (n.constant == 0) return r.Double(n.value);
        r.kind = Value::kFinite;
        if (n.constant == 1) return arb_const_pi(r.b, prec_);
        return arb_const_e(r.b, prec_);
      case Op::kX:
        r.kind = Value::kFinite;
        return arb_set(r.b, x);
      case Op::kParam:
        return r.Double(static_cast<std::size_t>(n.param) < params_.size()
                            ? params_[static_cast<std::size_t>(n.param)]
                            : 1.0);
      case Op::kCall:
        return Call(n.fn, *a, b, r);
      default:
        break;
    }
    if (n.op == Op::kNeg) {
      if (a->Inf()) return r.Special(a->kind == Value::kPosInf ? Value::kNegInf : Value::kPosInf);
      if (a->kind != Value::kFinite) return;  // NaN, undecided: as they are
      return arb_neg(r.b, a->b);
    }
    if (n.op == Op::kGuard) {
      if (a->kind == Value::kNaN) return r.Special(Value::kNaN);
      if (a->kind == Value::kUndecided) return r.Special(Value::kUndecided);
      return r.Set(*b);
    }
    // Binary: NaN wins, then undecided.
    if (a->kind == Value::kNaN || b->kind == Value::kNaN) return r.Special(Value::kNaN);
    if (a->kind == Value::kUndecided || b->kind == Value::kUndecided)
      return r.Special(Value::kUndecided);
    if (a->Inf() || b->Inf()) return Infinite(n.op, *a, *b, r);
    switch (n.op) {
      case Op::kAdd:
        return arb_add(r.b, a->b, b->b, prec_);
      case Op::kSub:
        return arb_sub(r.b, a->b, b->b, prec_);
      case Op::kMul:
        return arb_mul(r.b, a->b, b->b, prec_);
      case Op::kDiv:
        return Div(*a, *b, r);
      case Op::kPow:
        return Pow(*a, *b, r);
      default:
        return Compare(n.op, *a, *b, r);
    }
  }

  void Compare(Op op, const Value& a, const Value& b, Value& r) {
    int truth = -1;
    switch (op) {
      case Op::kLt:
        truth = arb_lt(a.b, b.b) ? 1 : arb_ge(a.b, b.b) ? 0 : -1;
        break;
      case Op::kLe:
        truth = arb_le(a.b, b.b) ? 1 : arb_gt(a.b, b.b) ? 0 : -1;
        break;
      case Op::kGt:
        truth = arb_gt(a.b, b.b) ? 1 : arb_le(a.b, b.b) ? 0 : -1;
        break;
      case Op::kGe:
        truth = arb_ge(a.b, b.b) ? 1 : arb_lt(a.b, b.b) ? 0 : -1;
        break;
      case Op::kEq:
        truth = arb_eq(a.b, b.b) ? 1 : arb_ne(a.b, b.b) ? 0 : -1;
        break;
      default:
        truth = arb_ne(a.b, b.b) ? 1 : arb_eq(a.b, b.b) ? 0 : -1;
    }
    if (truth < 0) return r.Special(Value::kUndecided);
    r.kind = Value::kFinite;
    arb_set_si(r.b, truth);
  }

  // At least one infinite operand (IEEE's rules; a finite ball of unknown sign undecided).
  void Infinite(Op op, const Value& a, const Value& b, Value& r) {
    auto sign = [](const Value& v) { return v.Inf() ? v.InfSign() : SignOf(v.b); };
    const int sa = sign(a), sb = sign(b);
    auto inf = [&](int s) { r.Special(s > 0 ? Value::kPosInf : Value::kNegInf); };
    switch (op) {
      case Op::kAdd:
      case Op::kSub: {
        const int sb2 = op == Op::kSub && b.Inf() ? -sb : sb;
        if (a.Inf() && b.Inf()) return sa == sb2 ? inf(sa) : r.Special(Value::kNaN);
        return inf(a.Inf() ? sa : sb2);
      }
      case Op::kMul:
        if (sa == 2 || sb == 2) return r.Special(Value::kUndecided);
        if (sa == 0 || sb == 0) return r.Special(Value::kNaN);
        return inf(sa * sb);
      case Op::kDiv:
        if (a.Inf() && b.Inf()) return r.Special(Value::kNaN);
        if (b.Inf()) return r.kind = Value::kFinite, arb_zero(r.b);
        if (sb == 2) return r.Special(Value::kUndecided);
        return inf(sb == 0 ? sa : sa * sb);
      case Op::kPow:
        return PowInf(a, b, r);
      default: {  // comparisons against an infinity
        Value fa, fb;
        const double big = std::ldexp(1.0, 1000);
        auto stand_in = [&](const Value& v, Value& out) {
          if (v.Inf()) {
            out.kind = Value::kFinite;
            arb_set_d(out.b, big);
            arb_mul_2exp_si(out.b, out.b, 1 << 30);  // beyond any finite ball
            if (v.kind == Value::kNegInf) arb_neg(out.b, out.b);
          } else {
            out.Set(v);
          }
        };
        stand_in(a, fa);
        stand_in(b, fb);
        if (a.kind == b.kind) {  // ∞ against ∞
          r.kind = Value::kFinite;
          return arb_set_si(r.b, op == Op::kLe || op == Op::kGe || op == Op::kEq);
        }
        return Compare(op, fa, fb, r);
      }
    }
  }

  void PowInf(const Value& a, const Value& b, Value& r) {
    // Through IEEE pow on representative values: every case of ∞ in pow is exact there.
    if (!b.Inf() && !arb_is_exact(b.b)) return r.Special(Value::kUndecided);
    if (!a.Inf() && SignOf(a.b) == 2) return r.Special(Value::kUndecided);
    r.Double(std::pow(Representative(a), Representative(b)));
  }

  void Div(const Value& a, const Value& b, Value& r) {
    const int sb = SignOf(b.b);
    if (sb == 0) {  // an exact zero: ±∞ by the numerator's sign, 0/0 NaN
      const int sa = SignOf(a.b);
      if (sa == 2) return r.Special(Value::kUndecided);
      if (sa == 0) return r.Special(Value::kNaN);
      return r.Special(sa > 0 ? Value::kPosInf : Value::kNegInf);
    }
    if (sb == 2) return r.Special(Value::kUndecided);
    arb_div(r.b, a.b, b.b, prec_);
  }

  void Pow(const Value& a, const Value& b, Value& r) {
    const int sa = SignOf(a.b);
    if (arb_is_int(b.b)) {  // an exact integer power: any base
      const arf_struct* k = arb_midref(b.b);
      const int sk = arf_sgn(k);
      if (sa == 0 && sk < 0) return r.Special(Value::kPosInf);
      if (sa == 2 && sk < 0) return r.Special(Value::kUndecided);
      if (arf_cmpabs_2exp_si(k, 24) < 0) {  // by squaring
        fmpz_t n;
        fmpz_init(n);
        arf_get_fmpz(n, k, ARF_RND_DOWN);
        arb_pow_fmpz(r.b, a.b, n, prec_);
        fmpz_clear(n);
        return;
      }
      // |k| ≥ 2²⁴: |a|^k = e^(k·log|a|). (k is never made an fmpz: at x = 2^(2^14), x^1e6 has
      // 1.6·10¹⁰ bits.) k is odd only if it is not a multiple of 2.
      if (sa == 0) return arb_zero(r.b);  // (k > 0 here)
      arb_t t;
      arb_init(t);
      arb_abs(t, a.b);
      arb_log(t, t, prec_);
      arb_mul(t, t, b.b, prec_);
      arb_exp(r.b, t, prec_);
      const bool up = arb_is_positive(t), down = arb_is_negative(t);
      arb_clear(t);
      const bool negative = sa < 0 && !arf_is_int_2exp_si(k, 1);
      if (negative) arb_neg(r.b, r.b);
      if (!arb_is_finite(r.b)) {  // past any ball: beyond every double, or below every one
        if (up)
          r.Special(negative ? Value::kNegInf : Value::kPosInf);
        else if (down)
          arb_zero(r.b);
        else
          r.Special(Value::kUndecided);
      }
      return;
    }
    if (sa == 0) {
      const int sb = SignOf(b.b);
      if (sb == 2) return r.Special(Value::kUndecided);
      if (sb > 0) return arb_zero(r.b);
      return r.Special(sb < 0 ? Value::kPosInf : Value::kFinite), arb_one(r.b);
    }
    if (sa < 0) {  // a non-integer power of a negative number, unless b may still be one
      if (arb_is_exact(b.b)) return r.Special(Value::kNaN);
      return r.Special(Value::kUndecided);
    }
    if (sa == 2) return r.Special(Value::kUndecided);
    arb_pow(r.b, a.b, b.b, prec_);
  }

  void Call(Fn fn, const Value& a, const Value* b, Value& r) {
    if (a.kind == Value::kNaN || (b && b->kind == Value::kNaN)) return r.Special(Value::kNaN);
    if (a.kind == Value::kUndecided || (b && b->kind == Value::kUndecided))
      return r.Special(Value::kUndecided);
    if (a.Inf() || (b && b->Inf())) return CallInf(fn, a, b, r);
    const int s = SignOf(a.b);
    arb_t t;
    arb_init(t);
    r.kind = Value::kFinite;
    auto below = [&](double lo) {  // a < lo certainly (1), a ≥ lo (0), or not known (−1)
      arb_set_d(t, lo);
      return arb_lt(a.b, t) ? 1 : arb_ge(a.b, t) ? 0 : -1;
    };
    auto above = [&](double hi) {
      arb_set_d(t, hi);
      return arb_gt(a.b, t) ? 1 : arb_le(a.b, t) ? 0 : -1;
    };
    auto domain = [&](int outside) {  // 1: NaN, −1: undecided, 0: go on
      if (outside == 1) r.Special(Value::kNaN);
      if (outside == -1) r.Special(Value::kUndecided);
      return outside == 0;
    };
    switch (fn) {
      case Fn::kAbs:
        arb_abs(r.b, a.b);
        break;
      case Fn::kSign:
        if (s == 2)
          r.Special(Value::kUndecided);
        else
          arb_set_si(r.b, s);
        break;
      case Fn::kMin:
        arb_min(r.b, a.b, b->b, prec_);
        break;
      case Fn::kMax:
        arb_max(r.b, a.b, b->b, prec_);
        break;
      case Fn::kExp:
      case Fn::kExpm1:
        if (fn == Fn::kExp)
          arb_exp(r.b, a.b, prec_);
        else
          arb_expm1(r.b, a.b, prec_);
        // An argument too large for any ball (e^(e^(e^700))): past every double, so +∞, or
        // for a hugely negative one 0 (−1 for expm1); an argument of unknown sign undecided.
        // (A wide argument is narrowed by more precision first: e^(10^300 + 3) is finite.)
        if (!arb_is_finite(r.b) && s != 2 && (arb_is_exact(a.b) || prec_ >= kMaxPrecision)) {
          if (s > 0) {
            r.Special(Value::kPosInf);
          } else {
            r.kind = Value::kFinite;
            arb_set_si(r.b, fn == Fn::kExp ? 0 : -1);
          }
        }
        break;
      case Fn::kLog:
      case Fn::kLog2:
      case Fn::kLog10:
        if (s == 0) {
          r.Special(Value::kNegInf);
          break;
        }
        if (!domain(s < 0 ? 1 : s == 2 ? -1 : 0)) break;
        arb_log(r.b, a.b, prec_);
        if (fn != Fn::kLog) {
          arb_const_log2(t, prec_);
          if (fn == Fn::kLog10) arb_log_ui(t, 10, prec_);
          arb_div(r.b, r.b, t, prec_);
        }
        break;
      case Fn::kLog1p: {
        arb_set_si(t, -1);
        if (arb_eq(a.b, t)) {
          r.Special(Value::kNegInf);
          break;
        }
        if (!domain(arb_lt(a.b, t) ? 1 : arb_gt(a.b, t) ? 0 : -1)) break;
        arb_log1p(r.b, a.b, prec_);
        break;
      }
      case Fn::kSqrt:
        if (!domain(s < 0 ? 1 : s == 2 ? -1 : 0)) break;
        arb_sqrt(r.b, a.b, prec_);
        break;
      case Fn::kCbrt:
        if (s == 2) {
          r.Special(Value::kUndecided);
          break;
        }
        arb_abs(t, a.b);
        arb_root_ui(r.b, t, 3, prec_);
        if (s < 0) arb_neg(r.b, r.b);
        break;
      case Fn::kPow:
        Pow(a, *b, r);
        break;
      case Fn::kHypot:
        arb_hypot(r.b, a.b, b->b, prec_);
        break;
      case Fn::kSin:
        arb_sin(r.b, a.b, prec_);
        break;
      case Fn::kCos:
        arb_cos(r.b, a.b, prec_);
        break;
      case Fn::kTan:
        arb_tan(r.b, a.b, prec_);
        if (!arb_is_finite(r.b)) r.Special(Value::kUndecided);
        break;
      case Fn::kAsin:
      case Fn::kAcos:
        if (!domain(below(-1) == 1 || above(1) == 1 ? 1 : below(-1) == 0 && above(1) == 0 ? 0 : -1))
          break;
        if (fn == Fn::kAsin)
          arb_asin(r.b, a.b, prec_);
        else
          arb_acos(r.b, a.b, prec_);
        break;
      case Fn::kAtan:
        arb_atan(r.b, a.b, prec_);
        break;
      case Fn::kAtan2:  // atan2(y, x): y is the first argument
        if (SignOf(a.b) == 0 && SignOf(b->b) == 0) {
          arb_zero(r.b);
          break;
        }
        arb_atan2(r.b, a.b, b->b, prec_);
        if (!arb_is_finite(r.b)) r.Special(Value::kUndecided);
        break;
      case Fn::kSinh:
        arb_sinh(r.b, a.b, prec_);
        break;
      case Fn::kCosh:
        arb_cosh(r.b, a.b, prec_);
        break;
      case Fn::kTanh:
        arb_tanh(r.b, a.b, prec_);
        break;
      case Fn::kAsinh:
        arb_asinh(r.b, a.b, prec_);
        break;
      case Fn::kAcosh:
        if (!domain(below(1))) break;
        arb_acosh(r.b, a.b, prec_);
        break;
      case Fn::kAtanh: {
        arb_set_si(t, 1);
        if (arb_eq(a.b, t)) {
          r.Special(Value::kPosInf);
          break;
        }
        arb_set_si(t, -1);
        if (arb_eq(a.b, t)) {
          r.Special(Value::kNegInf);
          break;
        }
        const int lo = below(-1), hi = above(1);
        if (!domain(lo == 1 || hi == 1 ? 1 : lo == 0 && hi == 0 ? 0 : -1)) break;
        arb_atanh(r.b, a.b, prec_);
        break;
      }
      case Fn::kErf:
        arb_hypgeom_erf(r.b, a.b, prec_);
        break;
      case Fn::kErfc:
        arb_hypgeom_erfc(r.b, a.b, prec_);
        break;
      case Fn::kFloor:
      case Fn::kCeil:
        if (fn == Fn::kFloor)
          arb_floor(r.b, a.b, prec_);
        else
          arb_ceil(r.b, a.b, prec_);
        if (!arb_is_exact(r.b)) r.Special(Value::kUndecided);
        break;
      case Fn::kPhi:  // erfc(−x/√2)/2
        arb_sqrt_ui(t, 2, prec_);
        arb_div(t, a.b, t, prec_);
        arb_neg(t, t);
        arb_hypgeom_erfc(r.b, t, prec_);
        arb_mul_2exp_si(r.b, r.b, -1);
        break;
      case Fn::kPhiDensity:  // e^(−x²/2)/√(2π)
        arb_sqr(t, a.b, prec_);
        arb_mul_2exp_si(t, t, -1);
        arb_neg(t, t);
        arb_exp(r.b, t, prec_);
        arb_const_pi(t, prec_);
        arb_mul_2exp_si(t, t, 1);
        arb_rsqrt(t, t, prec_);
        arb_mul(r.b, r.b, t, prec_);
        break;
    }
    arb_clear(t);
    if (r.kind == Value::kFinite && !arb_is_finite(r.b)) r.Special(Value::kUndecided);
  }

  // A function of an infinite argument: its limit there (IEEE's values, which are exact for
  // these: 0, ±1, 2, ±∞; atan's ±π/2 from the ball).
  void CallInf(Fn fn, const Value& a, const Value* b, Value& r) {
    if (b && !b->Inf() && SignOf(b->b) == 2 && fn != Fn::kHypot)
      return r.Special(Value::kUndecided);
    const double x = Representative(a);
    switch (fn) {
      case Fn::kAtan:
        r.kind = Value::kFinite;
        arb_const_pi(r.b, prec_);
        arb_mul_2exp_si(r.b, r.b, -1);
        if (x < 0) arb_neg(r.b, r.b);
        return;
      case Fn::kPhi:
        return r.Double(x > 0 ? 1 : 0);
      case Fn::kPhiDensity:
        return r.Double(0);
      case Fn::kSin:
      case Fn::kCos:
      case Fn::kTan:
        return r.Special(Value::kNaN);
      default:
        break;
    }
    const double y = b ? Representative(*b) : 0;
    if (fn == Fn::kAtan2 && std::isinf(x) && std::isinf(y)) return r.Special(Value::kNaN);
    r.Double(detail::IeeeFunction(fn, x, y));  // (exact there: 0, ±1, 2, ±∞)
  }

  const Expr& e_;
  detail::Program prog_;
  std::span<const double> params_;
  std::vector<Value> stack_;
  slong prec_ = 64;
};

// The value of a finite ball in the target format when both ends round to it.
std::optional<double> Rounded(const arb_t b, Format target) {
  arf_t lo, hi;
  arf_init(lo);
  arf_init(hi);
  arb_get_lbound_arf(lo, b, 128);
  arb_get_ubound_arf(hi, b, 128);
  auto round = [&](const arf_t v) {
    if (target == Format::kF64) return arf_get_d(v, ARF_RND_NEAR);
    arf_t t;
    arf_init(t);
    double d;
    if (arf_cmpabs_2exp_si(v, -126) < 0) {
      // Below float's smallest normal the grid is 2⁻¹⁴⁹ (fewer than 24 bits): rounding to 24
      // bits first would round twice (a value 0.4989 of a step past a float went to the tie
      // and then to even).
      arf_mul_2exp_si(t, v, 149);
      fmpz_t k;
      fmpz_init(k);
      arf_get_fmpz(k, t, ARF_RND_NEAR);                           // to even on a tie
      d = std::ldexp(static_cast<double>(fmpz_get_si(k)), -149);  // |k| ≤ 2²³: exact
      fmpz_clear(k);
      if (d == 0) d = arf_sgn(v) < 0 ? -0.0 : 0.0;
    } else {
      arf_set_round(t, v, 24, ARF_RND_NEAR);  // once, to float's 24 bits (then exactly)
      d = RoundTo(arf_get_d(t, ARF_RND_NEAR), Format::kF32);
    }
    arf_clear(t);
    return d;
  };
  const double a = round(lo), c = round(hi);
  arf_clear(lo);
  arf_clear(hi);
  if (a == c && a == 0 && std::signbit(a) != std::signbit(c)) return 0.0;  // a zero's sign unknown
  if (a == c || (std::isnan(a) && std::isnan(c))) return a;
  return std::nullopt;
}

double Settle(Machine& m, const arb_t x, Format target, bool* exact) {
  Value v;
  if (exact) *exact = true;
  const auto deadline = ThreadClock::now() + kBudget;
  for (slong prec : kPrecisions) {
    m.Run(x, prec, v, deadline);
    if (ThreadClock::now() > deadline && v.kind != Value::kFinite) break;
    switch (v.kind) {
      case Value::kNaN:
        return NAN;
      case Value::kPosInf:
        return INFINITY;
      case Value::kNegInf:
        return -INFINITY;
      case Value::kUndecided:
        continue;
      case Value::kFinite:
        if (const std::optional<double> r = Rounded(v.b, target)) return *r;
    }
  }
  if (exact) *exact = false;
  if (v.kind != Value::kFinite) return NAN;  // undecided at every precision: undefined there
  // Not settled even at the highest precision: the midpoint if the ball is narrow (a result
  // on a rounding boundary), NaN if it is wide (sin of 10^10^300: nothing is known).
  if (!arb_rel_accuracy_bits(v.b) || arb_rel_accuracy_bits(v.b) < 40) return NAN;
  const double mid = arf_get_d(arb_midref(v.b), ARF_RND_NEAR);
  return target == Format::kF64 ? mid : RoundTo(mid, Format::kF32);
}

}  // namespace

double ExactValue(const Expr& e, double x, std::span<const double> params, Format target,
                  bool* exact) {
  if (exact) *exact = true;
  if (std::isnan(x) || e.root < 0) return NAN;
  // In float32 the parameters and x are float32 values (as the kernels take them).
  std::vector<double> p(params.begin(), params.end());
  if (target == Format::kF32) {
    for (double& v : p)
      v = RoundTo(v, Format::kF32);
    x = RoundTo(x, Format::kF32);
  }
  Machine m(e, p);
  arb_t bx;
  arb_init(bx);
  double result = NAN;
  if (std::isfinite(x)) {
    arb_set_d(bx, x);
    result = Settle(m, bx, target, exact);
  } else {
    // The limit along x = ±2^(2^k): two points in a row that round alike, or a monotone
    // run whose steps do not shrink (growing without bound: ±∞).
    std::vector<double> seen;
    for (int k = 8; k <= 14 && std::isnan(result); ++k) {
      arb_one(bx);
      arb_mul_2exp_si(bx, bx, 1L << k);
      if (x < 0) arb_neg(bx, bx);
      const double v = Settle(m, bx, target, nullptr);
      // Two infinities in a row only count from 2^(2^12) on, past any product of the
      // grammar's constants: 1e308/x is still 7.5e153 at 2^(2^9), beyond float.
      if (!seen.empty() && v == seen.back() && (std::isfinite(v) || k >= 12)) result = v;
      seen.push_back(v);
    }
    if (std::isnan(result) && seen.size() >= 4) {
      bool up = true, down = true;
      for (std::size_t i = 2; i < seen.size(); ++i) {
        const double d1 = seen[i - 1] - seen[i - 2], d2 = seen[i] - seen[i - 1];
        up = up && d1 > 0 && d2 >= d1;
        down = down && d1 < 0 && d2 <= d1;
      }
      if (up) result = INFINITY;
      if (down) result = -INFINITY;
    }
    if (result == 0) result = 0;  // a limit of 0 has no sign
  }
  arb_clear(bx);
  return result;
}

}  // namespace actviz::formula

namespace {
// FLINT and Arb keep caches per thread (π, log 2, …, at the precisions used); a worker thread
// that evaluated here frees them as it ends, or each finished thread would leave them behind.
struct ThreadCaches {
  ~ThreadCaches() { flint_cleanup(); }
};
thread_local ThreadCaches t_caches;
}  // namespace

// The library's one entry point (exact_loader.cpp's declaration is its contract).
extern "C" __attribute__((visibility("default"))) double actviz_formula_exact(
    const actviz::formula::Expr* e, double x, const double* params, std::size_t n, int target,
    int* exact) {
  static_cast<void>(&t_caches);  // constructed in this thread: its destructor runs at its end
  bool settled = true;
  const double v =
      actviz::formula::ExactValue(*e, x, std::span<const double>(params, n),
                                  static_cast<actviz::formula::Format>(target), &settled);
  if (exact) *exact = settled;
  return v;
}
