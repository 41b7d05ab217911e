// Compiling a formula for the block fast path (block.hpp), and picking the vector build.
#include "formula/block.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

#include "base/simd/cpu.hpp"
#include "formula/simd/block_run.hpp"

namespace actviz::formula::detail {
namespace {

constexpr double kUlp = 0x1p-52;  // a double's relative spacing, at most

class Lowering {
 public:
  Lowering(const Expr& e, std::span<const double> params) : e_(e), params_(params) {}

  BlockProgram Run() {
    const std::size_t n = e_.nodes.size();
    std::vector<bool> used(n, false);
    if (e_.root < 0) return {};
    used[static_cast<std::size_t>(e_.root)] = true;
    for (std::size_t i = n; i-- > 0;) {  // children come before their parents
      if (!used[i]) continue;
      const Node& nd = e_.nodes[i];
      for (int k : {nd.a, nd.b, nd.c})
        if (k >= 0) used[static_cast<std::size_t>(k)] = true;
    }
    reg_.assign(n, -1);
    for (std::size_t i = 0; i < n; ++i)
      if (used[i]) reg_[i] = Lower(e_.nodes[i]);
    return Allocate(reg_[static_cast<std::size_t>(e_.root)]);
  }

 private:
  // Each distinct operation once (every operation is pure): x, a constant or a subexpression
  // that appears twice in the text, or twice after lowering, is computed once.
  int Emit(BInstr in) {
    const auto key =
        std::make_tuple(in.op, in.fn, in.a, in.b, in.c, std::bit_cast<std::uint64_t>(in.value),
                        std::bit_cast<std::uint64_t>(in.radius));
    if (const auto it = seen_.find(key); it != seen_.end()) return it->second;
    in.out = static_cast<int>(code_.size());
    code_.push_back(in);
    seen_.emplace(key, in.out);
    return in.out;
  }
  int Const(double v, double radius = 0) {
    BInstr in{BOp::kConst};
    in.value = v;
    in.radius = radius;
    return Emit(in);
  }
  int Two(BOp op, int a, int b) {
    BInstr in{op};
    in.a = a;
    in.b = b;
    return Emit(in);
  }
  int Call(Fn fn, int a, int b = -1) {
    BInstr in{BOp::kCall, fn};
    in.a = a;
    in.b = b;
    return Emit(in);
  }
  int Unproven() { return Emit(BInstr{BOp::kUnproven}); }
  int R(int node) const { return reg_[static_cast<std::size_t>(node)]; }
  // The exact value of a node that is a literal or a parameter, if it is one.
  bool Exact(int node, double& v) const {
    const Node& n = e_.nodes[static_cast<std::size_t>(node)];
    if (n.op == Op::kNumber && n.constant == 0) return v = n.value, true;
    if (n.op == Op::kParam) return v = ParamValue(n.param), true;
    return false;
  }
  double ParamValue(int i) const {
    return i >= 0 && static_cast<std::size_t>(i) < params_.size()
               ? params_[static_cast<std::size_t>(i)]
               : 1.0;
  }

  const Node& At(int node) const { return e_.nodes[static_cast<std::size_t>(node)]; }
  bool IsOne(int node) const {
    const Node& n = At(node);
    return n.op == Op::kNumber && n.constant == 0 && n.value == 1;
  }
  // log1p(y), and log1p(e^z) as the fused softplus.
  int Log1p(int y) {
    const Node& n = At(y);
    if (n.op == Op::kCall && n.fn == Fn::kExp) {
      BInstr in{BOp::kSoftplus};
      in.a = R(n.a);
      return Emit(in);
    }
    return Call(Fn::kLog1p, R(y));
  }

  // a^n for a whole n, by squaring.
  int PowInt(int a, unsigned n) {
    if (n == 1) return a;
    const int half = PowInt(a, n / 2);
    const int sq = Two(BOp::kMul, half, half);
    return n % 2 ? Two(BOp::kMul, sq, a) : sq;
  }
  int Pow(int node_a, int node_b) {
    const int a = R(node_a), b = R(node_b);
    double n = 0;
    if (Exact(node_b, n) && n == std::trunc(n) && std::fabs(n) <= 64) {
      if (n == 0) return Const(1);
      const int p = PowInt(a, static_cast<unsigned>(std::fabs(n)));
      return n > 0 ? p : Two(BOp::kDiv, Const(1), p);
    }
    // Any other power of a positive base (log fails elsewhere: the balls decide).
    return Call(Fn::kExp, Two(BOp::kMul, b, Call(Fn::kLog, a)));
  }

  int Lower(const Node& n) {
    switch (n.op) {
      case Op::kNumber:  // π and e are the doubles nearest them: within half a ULP
        return Const(n.value, n.constant ? std::fabs(n.value) * kUlp : 0);
      case Op::kX:
        return Emit(BInstr{BOp::kX});
      case Op::kParam:
        return Const(ParamValue(n.param));
      case Op::kNeg: {
        BInstr in{BOp::kNeg};
        in.a = R(n.a);
        return Emit(in);
      }
      case Op::kAdd:
        return Two(BOp::kAdd, R(n.a), R(n.b));
      case Op::kSub:  // e^a − 1 = expm1(a)
        if (At(n.a).op == Op::kCall && At(n.a).fn == Fn::kExp && IsOne(n.b))
          return Call(Fn::kExpm1, R(At(n.a).a));
        return Two(BOp::kSub, R(n.a), R(n.b));
      case Op::kMul: {  // a·tanh(softplus(a)) (mish as typed) in one pass
        const int a = R(n.a), b = R(n.b);
        for (auto [u, g] : {std::pair{a, b}, std::pair{b, a}}) {
          const BInstr& gate = code_[static_cast<std::size_t>(g)];
          if (gate.op == BOp::kTanhSoftplus && gate.a == u) {
            BInstr in{BOp::kMulTanhSoftplus};
            in.a = u;
            return Emit(in);
          }
        }
        return Two(BOp::kMul, a, b);
      }
      case Op::kDiv:
        return Two(BOp::kDiv, R(n.a), R(n.b));
      case Op::kPow:
        return Pow(n.a, n.b);
      case Op::kLt:
        return Two(BOp::kLt, R(n.a), R(n.b));
      case Op::kLe:
        return Two(BOp::kLe, R(n.a), R(n.b));
      case Op::kGt:  // a > b is b < a
        return Two(BOp::kLt, R(n.b), R(n.a));
      case Op::kGe:
        return Two(BOp::kLe, R(n.b), R(n.a));
      case Op::kEq:
        return Two(BOp::kEq, R(n.a), R(n.b));
      case Op::kNe:
        return Two(BOp::kNe, R(n.a), R(n.b));
      case Op::kIf: {
        BInstr in{BOp::kIf};
        in.a = R(n.a);
        in.b = R(n.b);
        in.c = R(n.c);
        return Emit(in);
      }
      case Op::kGuard:
        return Two(BOp::kGuard, R(n.a), R(n.b));
      case Op::kCall:
        break;
    }
    const int a = R(n.a), b = n.b >= 0 ? R(n.b) : -1;
    if (n.fn == Fn::kLog) {  // log(1 + y) = log1p(y)
      const Node& sum = At(n.a);
      if (sum.op == Op::kAdd && IsOne(sum.a)) return Log1p(sum.b);
      if (sum.op == Op::kAdd && IsOne(sum.b)) return Log1p(sum.a);
    }
    if (n.fn == Fn::kLog1p) return Log1p(n.a);
    if (n.fn == Fn::kTanh && code_[static_cast<std::size_t>(a)].op == BOp::kSoftplus) {
      BInstr in{BOp::kTanhSoftplus};  // (the softplus, if nothing else reads it, is dropped)
      in.a = code_[static_cast<std::size_t>(a)].a;
      return Emit(in);
    }
    switch (n.fn) {
      case Fn::kPow:
        return Pow(n.a, n.b);
      case Fn::kPhi: {  // Φ(a) = erfc(−a/√2)/2
        const int s = Two(BOp::kMul, a, Const(-M_SQRT1_2, M_SQRT1_2 * kUlp));
        return Two(BOp::kMul, Const(0.5), Call(Fn::kErfc, s));
      }
      case Fn::kPhiDensity: {  // φ(a) = e^(−a²/2)/√(2π)
        const int q = Two(BOp::kMul, Const(-0.5), Two(BOp::kMul, a, a));
        const double c = 0.5 * M_2_SQRTPI * M_SQRT1_2;
        return Two(BOp::kMul, Call(Fn::kExp, q), Const(c, c * kUlp));
      }
      case Fn::kTan:
      case Fn::kAtan2:
        return Unproven();
      default:
        return Call(n.fn, a, b);
    }
  }

  // Registers to slots: a slot is reused once the last instruction reading it has run.
  BlockProgram Allocate(int root) {
    // Only what the root reads (a rewrite leaves its operands' first lowering unread).
    std::vector<bool> live(code_.size(), false);
    live[static_cast<std::size_t>(root)] = true;
    for (std::size_t i = code_.size(); i-- > 0;) {
      if (!live[i]) continue;
      for (int k : {code_[i].a, code_[i].b, code_[i].c})
        if (k >= 0) live[static_cast<std::size_t>(k)] = true;
    }
    const std::size_t n = code_.size();
    std::vector<std::size_t> last(n, 0);
    for (std::size_t i = 0; i < n; ++i)
      for (int k : {code_[i].a, code_[i].b, code_[i].c})
        if (k >= 0 && live[i]) last[static_cast<std::size_t>(k)] = i;
    last[static_cast<std::size_t>(root)] = std::numeric_limits<std::size_t>::max();
    std::vector<int> slot(n, -1), free;
    BlockProgram p;
    for (std::size_t i = 0; i < n; ++i) {
      if (!live[i]) continue;
      BInstr in = code_[i];
      for (int* k : {&in.a, &in.b, &in.c})
        if (*k >= 0) *k = slot[static_cast<std::size_t>(*k)];
      // The output never shares a slot with an input (the vector loops would fall back to
      // scalar code on overlapping arrays); inputs read for the last time are freed after.
      if (free.empty()) {
        in.out = p.slots++;
      } else {
        in.out = free.back();
        free.pop_back();
      }
      for (int k : {code_[i].a, code_[i].b, code_[i].c}) {
        if (k < 0 || last[static_cast<std::size_t>(k)] != i) continue;
        const int s = slot[static_cast<std::size_t>(k)];
        bool listed = false;
        for (int f : free)
          listed = listed || f == s;
        if (!listed) free.push_back(s);
      }
      slot[i] = in.out;
      p.code.push_back(in);
    }
    p.root = slot[static_cast<std::size_t>(root)];
    return p;
  }

  const Expr& e_;
  std::span<const double> params_;
  std::vector<int> reg_;
  std::vector<BInstr> code_;
  std::map<std::tuple<BOp, Fn, int, int, int, std::uint64_t, std::uint64_t>, int> seen_;
};

}  // namespace

BlockProgram CompileBlock(const Expr& e, std::span<const double> params) {
  return Lowering(e, params).Run();
}

std::size_t RunBlock(const BlockProgram& p, const float* x, std::size_t n, float* y,
                     std::uint8_t* proven) {
#if defined(__x86_64__)
  static const auto run = ACTVIZ_HAS_V4()   ? &avx512::RunBlock
                          : ACTVIZ_HAS_V3() ? &avx2::RunBlock
                                            : &base::RunBlock;
  return run(p, x, n, y, proven);
#else
  return base::RunBlock(p, x, n, y, proven);
#endif
}

}  // namespace actviz::formula::detail
