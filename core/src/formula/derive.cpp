// The derivative by differentiating the tree, node by node in order (children first, so no
// recursion): with respect to x, or to one parameter. At a kink or a jump the derivative is
// that of the branch taken (if's branches are differentiated as they stand); comparisons,
// sign, floor and ceil have derivative 0; max and min take the derivative of the larger
// (smaller) operand, a tie going to the second, as maxout's pieces do.
#include <cmath>

#include "formula/tree.hpp"

namespace actviz::formula {
namespace {

using detail::Builder;

}  // namespace

// Appends the derivative of e.root to a copy of e; `param` < 0: with respect to x.
Expr Derive(const Expr& e, int param) {
  Expr d = e;  // the derivative refers to the expression's own nodes
  Builder b(d);
  const std::size_t n = e.nodes.size();
  std::vector<int> dn(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    const Node nd = e.nodes[i];
    const int self = static_cast<int>(i);
    const int a = nd.a, bb = nd.b;
    const int da = a >= 0 ? dn[static_cast<std::size_t>(a)] : -1;
    const int db = bb >= 0 ? dn[static_cast<std::size_t>(bb)] : -1;
    int r = -1;
    switch (nd.op) {
      case Op::kNumber:
        r = b.Number(0);
        break;
      case Op::kX:
        r = b.Number(param < 0 ? 1 : 0);
        break;
      case Op::kParam:
        r = b.Number(param >= 0 && nd.param == param ? 1 : 0);
        break;
      case Op::kNeg:
        r = b.Neg(da);
        break;
      case Op::kAdd:
        r = b.Add(da, db);
        break;
      case Op::kSub:
        r = b.Sub(da, db);
        break;
      case Op::kMul:
        r = b.Add(b.Mul(da, bb), b.Mul(a, db));
        break;
      case Op::kDiv:  // a′/b − (a/b)·(b′/b): no b² to overflow
        r = b.Sub(b.Div(da, bb), b.Mul(self, b.Div(db, bb)));
        break;
      case Op::kPow:
        if (b.IsNumber(db, 0))  // a^c: c·a^(c−1)·a′
          r = b.Mul(b.Mul(bb, b.Binary(Op::kPow, a, b.Sub(bb, b.Number(1)))), da);
        else  // a^b·(b′·log a + b·a′/a)
          r = b.Mul(self, b.Add(b.Mul(db, b.Call(Fn::kLog, a)), b.Mul(bb, b.Div(da, a))));
        break;
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
      case Op::kEq:
      case Op::kNe:
        r = b.Number(0);
        break;
      case Op::kIf:
        r = b.If(a, db, dn[static_cast<std::size_t>(nd.c)]);
        break;
      case Op::kGuard:
        r = b.Binary(Op::kGuard, a, db);
        break;
      case Op::kCall: {
        auto chain = [&](int outer) { return b.Mul(outer, da); };
        switch (nd.fn) {
          case Fn::kAbs:
            r = chain(b.Call(Fn::kSign, a));
            break;
          case Fn::kSign:
          case Fn::kFloor:
          case Fn::kCeil:
            r = b.Number(0);
            break;
          case Fn::kMin:
            r = b.If(b.Binary(Op::kLt, a, bb), da, db);
            break;
          case Fn::kMax:
            r = b.If(b.Binary(Op::kGt, a, bb), da, db);
            break;
          case Fn::kExp:
            r = chain(self);
            break;
          case Fn::kExpm1:
            r = chain(b.Call(Fn::kExp, a));
            break;
          case Fn::kLog:
            r = b.Div(da, a);
            break;
          case Fn::kLog1p:
            r = b.Div(da, b.Add(b.Number(1), a));
            break;
          case Fn::kLog2:
            r = b.Div(da, b.Mul(a, b.Call(Fn::kLog, b.Number(2))));
            break;
          case Fn::kLog10:
            r = b.Div(da, b.Mul(a, b.Call(Fn::kLog, b.Number(10))));
            break;
          case Fn::kSqrt:
            r = b.Div(da, b.Mul(b.Number(2), self));
            break;
          case Fn::kCbrt:
            r = b.Div(da, b.Mul(b.Number(3), b.Binary(Op::kPow, self, b.Number(2))));
            break;
          case Fn::kPow:
            if (b.IsNumber(db, 0))
              r = b.Mul(b.Mul(bb, b.Call(Fn::kPow, a, b.Sub(bb, b.Number(1)))), da);
            else
              r = b.Mul(self, b.Add(b.Mul(db, b.Call(Fn::kLog, a)), b.Mul(bb, b.Div(da, a))));
            break;
          case Fn::kHypot:
            r = b.Div(b.Add(b.Mul(a, da), b.Mul(bb, db)), self);
            break;
          case Fn::kSin:
            r = chain(b.Call(Fn::kCos, a));
            break;
          case Fn::kCos:
            r = b.Neg(chain(b.Call(Fn::kSin, a)));
            break;
          case Fn::kTan:
            r = b.Div(da, b.Binary(Op::kPow, b.Call(Fn::kCos, a), b.Number(2)));
            break;
          case Fn::kAsin:
            r = b.Div(da,
                      b.Call(Fn::kSqrt, b.Sub(b.Number(1), b.Binary(Op::kPow, a, b.Number(2)))));
            break;
          case Fn::kAcos:
            r = b.Neg(b.Div(
                da, b.Call(Fn::kSqrt, b.Sub(b.Number(1), b.Binary(Op::kPow, a, b.Number(2))))));
            break;
          case Fn::kAtan:
            r = b.Div(da, b.Add(b.Number(1), b.Binary(Op::kPow, a, b.Number(2))));
            break;
          case Fn::kAtan2:  // atan2(y, x): (x·y′ − y·x′)/(x² + y²)
            r = b.Div(
                b.Sub(b.Mul(bb, da), b.Mul(a, db)),
                b.Add(b.Binary(Op::kPow, bb, b.Number(2)), b.Binary(Op::kPow, a, b.Number(2))));
            break;
          case Fn::kSinh:
            r = chain(b.Call(Fn::kCosh, a));
            break;
          case Fn::kCosh:
            r = chain(b.Call(Fn::kSinh, a));
            break;
          case Fn::kTanh:  // sech², not 1 − tanh²: the tails matter
            r = b.Div(da, b.Binary(Op::kPow, b.Call(Fn::kCosh, a), b.Number(2)));
            break;
          case Fn::kAsinh:
            r = b.Div(da,
                      b.Call(Fn::kSqrt, b.Add(b.Binary(Op::kPow, a, b.Number(2)), b.Number(1))));
            break;
          case Fn::kAcosh:
            r = b.Div(da,
                      b.Call(Fn::kSqrt, b.Sub(b.Binary(Op::kPow, a, b.Number(2)), b.Number(1))));
            break;
          case Fn::kAtanh:
            r = b.Div(da, b.Sub(b.Number(1), b.Binary(Op::kPow, a, b.Number(2))));
            break;
          case Fn::kErf:
          case Fn::kErfc: {
            const int g = b.Mul(b.Div(b.Number(2), b.Call(Fn::kSqrt, b.Pi())),
                                b.Call(Fn::kExp, b.Neg(b.Binary(Op::kPow, a, b.Number(2)))));
            r = chain(nd.fn == Fn::kErf ? g : b.Neg(g));
            break;
          }
          case Fn::kPhi:
            r = chain(b.Call(Fn::kPhiDensity, a));
            break;
          case Fn::kPhiDensity:
            r = b.Neg(chain(b.Mul(a, self)));
            break;
        }
        break;
      }
    }
    // Outside a function's domain its derivative is NaN too (logit′ at 2, not −½).
    if (nd.op == Op::kCall) {
      switch (nd.fn) {
        case Fn::kLog:
        case Fn::kLog1p:
        case Fn::kLog2:
        case Fn::kLog10:
        case Fn::kSqrt:
        case Fn::kAsin:
        case Fn::kAcos:
        case Fn::kAcosh:
        case Fn::kAtanh:
        case Fn::kPow:
          if (!b.IsNumber(r, 0)) r = b.Binary(Op::kGuard, self, r);
          break;
        default:
          break;
      }
    }
    if (nd.op == Op::kPow && !b.IsNumber(r, 0)) r = b.Binary(Op::kGuard, self, r);
    dn[i] = r;
  }
  d.root = dn[static_cast<std::size_t>(e.root)];
  return d;
}

}  // namespace actviz::formula
