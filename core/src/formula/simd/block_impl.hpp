// The block fast path (formula/block.hpp), built once per ISA: each operation a loop over the
// block's elements in plain double code that GCC vectorises, each library function SLEEF's
// vector form for this ISA. A value is a midpoint m and a radius r; NaN in m marks an element
// not proven, and every result that is not finite becomes NaN, so nothing infinite is ever
// proven and each later operation inherits the mark.
//
// The bounds: IEEE rounds + − × ÷ √ to nearest (|error| ≤ |m|·2⁻⁵³, taken as |m|·2⁻⁵² plus a
// few subnormals), SLEEF's functions are within 3.5 ULP (taken as 2⁻⁴⁴ relative), and the
// error already in an argument passes through each function by a bound on its derivative over
// [m − r, m + r]. Radii are themselves rounded to nearest, so each is enlarged by 2⁻⁴⁸.
#pragma once

#include <sleef.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "formula/simd/block_run.hpp"
#include "formula/simd/dmath.hpp"

#if ACTVIZ_BLOCK_WIDTH > 1
#include <immintrin.h>
#endif

#ifndef ACTVIZ_SIMD_ISA
#error "define ACTVIZ_SIMD_ISA before including block_impl.hpp"
#endif

namespace actviz::formula::detail::ACTVIZ_SIMD_ISA {
namespace {

constexpr std::size_t B = kBlockLanes;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kEps = 0x1p-44;  // SLEEF's functions, relative
// Absolute: results in the subnormal range. A normal number (2⁻¹⁰⁰⁰, not a subnormal):
// arithmetic on subnormal operands takes a microcode assist, 100 times slower.
constexpr double kTiny = 0x1p-1000;

inline double Err(double m) {  // the rounding of a result m of + − × ÷ √
  return std::fabs(m) * 0x1p-52 + kTiny;
}
inline double Lib(double v) {  // a SLEEF function's error at its result v
  return std::fabs(v) * kEps + kTiny;
}
inline double Up(double r) {  // a radius computed to nearest, enlarged past its own rounding
  return r * (1 + 0x1p-48);
}
inline double Keep(double m, double r) {  // not finite: not proven
  return std::fabs(m) <= kMax && r <= kMax ? m : kNaN;
}

#if ACTVIZ_BLOCK_WIDTH == 8
using V = __m512d;
inline V Load(const double* p) {
  return _mm512_loadu_pd(p);
}
inline void Store(double* p, V v) {
  _mm512_storeu_pd(p, v);
}
#define ACTVIZ_SLEEF(name, u) Sleef_##name##d8_##u##avx512f
#elif ACTVIZ_BLOCK_WIDTH == 4
using V = __m256d;
inline V Load(const double* p) {
  return _mm256_loadu_pd(p);
}
inline void Store(double* p, V v) {
  _mm256_storeu_pd(p, v);
}
#define ACTVIZ_SLEEF(name, u) Sleef_##name##d4_##u##avx2
#else
using V = double;
inline V Load(const double* p) {
  return *p;
}
inline void Store(double* p, V v) {
  *p = v;
}
#define ACTVIZ_SLEEF(name, u) Sleef_##name##_##u
#endif
constexpr std::size_t kW = sizeof(V) / sizeof(double);

template <auto F>
void Map(const double* in, double* out) {
  for (std::size_t i = 0; i < B; i += kW)
    Store(out + i, F(Load(in + i)));
}
template <auto F>
void Map2(const double* a, const double* b, double* out) {
  for (std::size_t i = 0; i < B; i += kW)
    Store(out + i, F(Load(a + i), Load(b + i)));
}

template <class F>
bool Each(const double* in, double* out, F f) {
  for (std::size_t i = 0; i < B; ++i)
    out[i] = f(in[i]);
  return true;
}

struct Slot {
  double* m;
  double* r;
};

// A library function's value at each midpoint into v (false: no block form).
bool Value(Fn fn, const double* m, const double* m2, double* v) {
  switch (fn) {
    // Ours (dmath.hpp), vectorised inline: 2–5 times SLEEF's speed at the accuracy needed.
    case Fn::kExp:
      return Each(m, v, [](double t) { return ExpD(t); });
    case Fn::kExpm1:
      return Each(m, v, [](double t) { return Expm1D(t); });
    case Fn::kLog:
      Map<ACTVIZ_SLEEF(log, u10)>(m, v);
      return true;
    case Fn::kLog1p:
      return Each(m, v, [](double t) { return Log1pD(t); });
    case Fn::kLog2:
      Map<ACTVIZ_SLEEF(log2, u10)>(m, v);
      return true;
    case Fn::kLog10:
      Map<ACTVIZ_SLEEF(log10, u10)>(m, v);
      return true;
    case Fn::kCbrt:
      Map<ACTVIZ_SLEEF(cbrt, u10)>(m, v);
      return true;
    case Fn::kSin:
      Map<ACTVIZ_SLEEF(sin, u10)>(m, v);
      return true;
    case Fn::kCos:
      Map<ACTVIZ_SLEEF(cos, u10)>(m, v);
      return true;
    case Fn::kAsin:
      Map<ACTVIZ_SLEEF(asin, u10)>(m, v);
      return true;
    case Fn::kAcos:
      Map<ACTVIZ_SLEEF(acos, u10)>(m, v);
      return true;
    case Fn::kAtan:
      Map<ACTVIZ_SLEEF(atan, u10)>(m, v);
      return true;
    case Fn::kSinh:
      Map<ACTVIZ_SLEEF(sinh, u10)>(m, v);
      return true;
    case Fn::kCosh:
      Map<ACTVIZ_SLEEF(cosh, u10)>(m, v);
      return true;
    case Fn::kTanh:
      return Each(m, v, [](double t) { return TanhD(t); });
    case Fn::kAsinh:
      Map<ACTVIZ_SLEEF(asinh, u10)>(m, v);
      return true;
    case Fn::kAcosh:
      Map<ACTVIZ_SLEEF(acosh, u10)>(m, v);
      return true;
    case Fn::kAtanh:
      Map<ACTVIZ_SLEEF(atanh, u10)>(m, v);
      return true;
    case Fn::kErf:
      Map<ACTVIZ_SLEEF(erf, u10)>(m, v);
      return true;
    case Fn::kErfc:
      Map<ACTVIZ_SLEEF(erfc, u15)>(m, v);
      return true;
    case Fn::kHypot:
      Map2<ACTVIZ_SLEEF(hypot, u05)>(m, m2, v);
      return true;
    default:
      return false;
  }
}

// out = fn(a[, b]): the value from the library (into v), the radius by the function's
// derivative over the argument's interval. w is scratch for a second library call.
void Call(Fn fn, Slot a, Slot b, Slot out, double* v, double* w) {
  const double* am = a.m;
  const double* ar = a.r;
  switch (fn) {
    case Fn::kAbs:
      for (std::size_t i = 0; i < B; ++i)
        out.m[i] = std::fabs(am[i]), out.r[i] = ar[i];
      return;
    case Fn::kSign:
      for (std::size_t i = 0; i < B; ++i) {
        const double m = am[i], r = ar[i];
        out.m[i] = m > r ? 1.0 : m < -r ? -1.0 : m == 0 && r == 0 ? 0.0 : kNaN;
        out.r[i] = 0;
      }
      return;
    case Fn::kMin:
    case Fn::kMax:  // 1-Lipschitz in each argument: the larger radius
      for (std::size_t i = 0; i < B; ++i) {
        const double x = am[i], y = b.m[i];
        const double s = fn == Fn::kMin ? (x < y ? x : y) : (x > y ? x : y);
        out.m[i] = s + (x - x) + (y - y);  // NaN if either is
        out.r[i] = std::max(ar[i], b.r[i]);
      }
      return;
    case Fn::kSqrt:
      for (std::size_t i = 0; i < B; ++i) {
        const double m = am[i], r = ar[i], s = std::sqrt(m);
        const bool ok = r == 0 || m - r > 0;
        const double rr = Up((r == 0 ? 0.0 : r / s * (1 + 0x1p-50)) + Err(s));
        out.m[i] = Keep(ok ? s : kNaN, rr), out.r[i] = rr;
      }
      return;
    case Fn::kFloor:
    case Fn::kCeil:
      for (std::size_t i = 0; i < B; ++i) {
        const double m = am[i], r = ar[i];
        const double rr = r > 0 ? Up(r) + Err(m) : 0.0;
        const double lo = fn == Fn::kFloor ? std::floor(m - rr) : std::ceil(m - rr);
        const double hi = fn == Fn::kFloor ? std::floor(m + rr) : std::ceil(m + rr);
        out.m[i] = lo == hi ? lo : kNaN, out.r[i] = 0;
      }
      return;
    default:
      break;
  }
  if (!Value(fn, am, b.m, v)) {
    for (std::size_t i = 0; i < B; ++i)
      out.m[i] = kNaN, out.r[i] = 0;
    return;
  }
  switch (fn) {
    case Fn::kCbrt:
      for (std::size_t i = 0; i < B; ++i)
        w[i] = std::max(std::fabs(am[i]) - ar[i], 0.0);
      Map<ACTVIZ_SLEEF(cbrt, u10)>(w, w);
      break;
    case Fn::kErfc:  // e^(−q²) at the end of the interval nearest 0 (q ≥ 0), for the slope
      for (std::size_t i = 0; i < B; ++i) {
        const double q = std::max(am[i] - ar[i], 0.0);
        w[i] = ExpD(-(q * q));
      }
      break;
    default:
      break;
  }
  // One loop per function (the switch outside, so each loop vectorises): rr(i, m, r, f, |f|)
  // is the radius, NaN where the function's bound does not apply.
  auto each = [&](auto rr) {
    for (std::size_t i = 0; i < B; ++i) {
      const double f = v[i];
      const double r = Up(rr(i, am[i], ar[i], f, std::fabs(f)));
      out.m[i] = Keep(r == r ? f : kNaN, r);  // (r == r: not NaN)
      out.r[i] = r;
    }
  };
  switch (fn) {
    case Fn::kExp:  // e^(m+δ) = e^m·e^δ, |e^δ − 1| ≤ r(1 + 2r) for r ≤ ½
      return each([](std::size_t, double, double r, double, double af) {
        return r <= 0.5 ? af * (r * (1 + 2 * r) + kEps) * (1 + 0x1p-40) + kTiny : kNaN;
      });
    case Fn::kExpm1:  // slope e^m = 1 + expm1(m)
      return each([](std::size_t, double, double r, double f, double af) {
        return r <= 0.5 ? (std::fabs(1 + f) + af * kEps) * r * (1 + 2 * r) * (1 + 0x1p-40) + Lib(f)
                        : kNaN;
      });
    case Fn::kLog:
    case Fn::kLog2:
    case Fn::kLog10: {  // slope 1/t ≤ 1/(m − r)
      const double k = fn == Fn::kLog ? 1.0 : fn == Fn::kLog2 ? 1.4427 : 0.43430;
      return each([k](std::size_t, double m, double r, double f, double) {
        const double lo = m - r;
        return lo > 0 ? k * r / lo * (1 + 0x1p-50) + Lib(f) : kNaN;
      });
    }
    case Fn::kLog1p:  // slope 1/(1 + t) ≤ 1/(1 + m − r), with 1 + m − r ≥ (1 + m)/2
      return each([](std::size_t, double m, double r, double f, double) {
        const double d = 1 + m;
        return d > 2 * r ? r / (d - r) * (1 + 0x1p-49) + Lib(f) : kNaN;
      });
    case Fn::kCbrt:  // slope t^(−2/3)/3 ≤ 1/(3·cbrt(|m| − r)²)
      return each([w](std::size_t i, double m, double r, double f, double) {
        return r == 0             ? Lib(f)
               : std::fabs(m) > r ? r / (3 * w[i] * w[i]) * (1 + 0x1p-40) + Lib(f)
                                  : kNaN;
      });
    case Fn::kSin:
    case Fn::kCos:  // slope ≤ 1 (kept to where SLEEF's reduction is documented)
      return each([](std::size_t, double m, double r, double f, double) {
        return std::fabs(m) <= 1e9 ? r + Lib(f) : kNaN;
      });
    case Fn::kAsin:
    case Fn::kAcos:  // slope 1/√(1 − t²), largest at |t| = |m| + r
      return each([](std::size_t, double m, double r, double f, double) {
        const double t = std::fabs(m) + r;
        return t < 1 ? r / std::sqrt((1 - t) * (1 + t)) * (1 + 0x1p-49) + Lib(f) : kNaN;
      });
    case Fn::kAtan:  // slope 1/(1 + t²), largest at the end nearest 0
      return each([](std::size_t, double m, double r, double f, double) {
        const double q = std::max(std::fabs(m) - r, 0.0);
        return r / (1 + q * q) + Lib(f);
      });
    case Fn::kSinh:  // slope cosh t ≤ cosh(m)·e^r, cosh m = √(1 + sinh² m)
      return each([](std::size_t, double, double r, double f, double) {
        return r <= 0.5 ? r * std::sqrt(1 + f * f) * (1 + 2 * r) * (1 + 0x1p-40) + Lib(f) : kNaN;
      });
    case Fn::kCosh:  // slope |sinh t| ≤ cosh t ≤ cosh(m)·e^r
      return each([](std::size_t, double, double r, double f, double af) {
        return r <= 0.5 ? r * af * (1 + 2 * r) * (1 + 0x1p-40) + Lib(f) : kNaN;
      });
    case Fn::kTanh:  // slope sech² t ≤ e^(2r)·sech² m ≤ (1 + 4r)·2(1 − |tanh m|), and ≤ 1
      return each([](std::size_t, double, double r, double f, double af) {
        return r <= 0.5 ? r * (1 + 4 * r) * std::min(1.0, 2 * (1 - af + 2 * kEps)) + Lib(f) : kNaN;
      });
    case Fn::kAsinh:  // slope 1/√(1 + t²) ≤ 1/max(1, |m| − r)
      return each([](std::size_t, double m, double r, double f, double) {
        return r / std::max(std::fabs(m) - r, 1.0) + Lib(f);
      });
    case Fn::kAcosh:  // slope 1/√(t² − 1), largest at t = m − r > 1
      return each([](std::size_t, double m, double r, double f, double) {
        const double lo = m - r;
        return lo > 1 ? r / std::sqrt(lo - 1) / std::sqrt(lo + 1) * (1 + 0x1p-49) + Lib(f) : kNaN;
      });
    case Fn::kAtanh:  // slope 1/(1 − t²), largest at |t| = |m| + r < 1
      return each([](std::size_t, double m, double r, double f, double) {
        const double t = std::fabs(m) + r;
        return t < 1 ? r / ((1 - t) * (1 + t)) * (1 + 0x1p-49) + Lib(f) : kNaN;
      });
    case Fn::kErf:  // slope 2/√π·e^(−t²) ≤ 2/√π
      return each(
          [](std::size_t, double, double r, double f, double) { return 1.12838 * r + Lib(f); });
    case Fn::kErfc:  // slope 2/√π·e^(−q²) at q = max(m − r, 0)
      return each([w](std::size_t i, double, double r, double f, double) {
        return 1.12838 * r * w[i] * (1 + 0x1p-40) + Lib(f);
      });
    case Fn::kHypot:  // 1-Lipschitz in each argument
      return each(
          [&b](std::size_t i, double, double r, double f, double) { return r + b.r[i] + Lib(f); });
    default:
      return each([](std::size_t, double, double, double, double) { return kNaN; });
  }
}

// log(1 + e^a) in one loop, as max(a, 0) + log1p(e^−|a|) (both terms ≥ 0: no cancellation,
// no overflow). Its slope σ(t) ≤ min(1, e^t): over [m − r, m + r] at most e^m·e^r ≤
// e^m·(1 + 2r) for r ≤ ½, which keeps the radius relative where the value is e^m-small.
void Softplus(Slot a, Slot out) {
  for (std::size_t i = 0; i < B; ++i) {
    const double m = a.m[i], r = a.r[i];
    const double w = ExpD(-std::fabs(m));
    const double f = (m > 0 ? m : 0.0) + Log1pD(w);
    const double slope = m < 0 && r <= 0.5 ? std::min(1.0, w * (1 + 2 * r) * (1 + 0x1p-40)) : 1.0;
    const double rr = Up(r * slope + Lib(f));
    out.m[i] = Keep(f + (m - m), rr);  // (NaN in: NaN)
    out.r[i] = rr;
  }
}

// tanh(log(1 + e^a)) in one loop (mish's gate): with w = e^(−|a|), for a ≤ 0 it is n/(n + 2)
// with n = w(w + 2), for a > 0 (1 + 2w)/(1 + 2w + 2w²) — one exp and one division where the
// composition takes an exp, a log1p, an expm1 and a division. The slope sech²(sp t)·σ(t) is
// at most min(1, e^t), bounded as in Softplus. The value's own error: w's (2⁻⁴⁸ relative)
// passes with a factor at most 2 (either form's elasticity in w), plus six roundings of
// 2⁻⁵³: inside Lib's 2⁻⁴⁴. Below e^−700 (w = 0) the value 0 or 1 is within kTiny.
template <bool kTimesA>
void TanhSoftplusOf(Slot a, Slot out) {
  for (std::size_t i = 0; i < B; ++i) {
    const double m = a.m[i], r = a.r[i];
    const double w = ExpD(-std::fabs(m));
    const bool neg = m <= 0;
    const double num = neg ? w * (w + 2) : 1 + 2 * w;
    const double den = num + (neg ? 2.0 : 2 * w * w);
    const double g = num / den;
    const double slope = m < 0 && r <= 0.5 ? std::min(1.0, w * (1 + 2 * r) * (1 + 0x1p-40)) : 1.0;
    const double rg = Up(r * slope + Lib(g));
    if constexpr (kTimesA) {  // [m ± r]·[g ± rg], as kMul: g ≥ 0
      const double f = m * g;
      const double rr = Up(std::fabs(m) * rg + g * r + r * rg + Err(f));
      out.m[i] = Keep(f, rr);
      out.r[i] = rr;
    } else {
      out.m[i] = Keep(g + (m - m), rg);  // (NaN in: NaN)
      out.r[i] = rg;
    }
  }
}

// Decided comparisons (1 or 0) where the intervals settle them; points compare exactly.
// RN is monotone, so a strict inequality between rounded ends holds between the exact ends.
void Compare(BOp op, Slot a, Slot b, Slot out) {
  auto each = [&](auto decide) {
    for (std::size_t i = 0; i < B; ++i) {
      const double am = a.m[i], ar = a.r[i], bm = b.m[i], br = b.r[i];
      const bool points = ar == 0 && br == 0;
      const bool below = am + ar<bm - br, above = am - ar> bm + br;  // a < b, a > b for sure
      out.m[i] = decide(points, am, bm, below, above) + (am - am) + (bm - bm);  // NaN in: NaN
      out.r[i] = 0;
    }
  };
  switch (op) {
    case BOp::kLt:
      return each([](bool points, double am, double bm, bool below, bool above) {
        return points ? static_cast<double>(am < bm) : below ? 1.0 : above ? 0.0 : kNaN;
      });
    case BOp::kLe:
      return each([](bool points, double am, double bm, bool below, bool above) {
        return points ? static_cast<double>(am <= bm) : below ? 1.0 : above ? 0.0 : kNaN;
      });
    case BOp::kEq:
      return each([](bool points, double am, double bm, bool below, bool above) {
        return points ? static_cast<double>(am == bm) : (below || above) ? 0.0 : kNaN;
      });
    default:  // kNe
      return each([](bool points, double am, double bm, bool below, bool above) {
        return points ? static_cast<double>(am != bm) : (below || above) ? 1.0 : kNaN;
      });
  }
}

// One loop per operation (the switch outside, so that each loop vectorises).
template <class F>
void Lanes(Slot a, Slot b, Slot out, F f) {
  for (std::size_t i = 0; i < B; ++i) {
    double m, r;
    f(a.m[i], a.r[i], b.m[i], b.r[i], m, r);
    out.m[i] = Keep(m, r);
    out.r[i] = r;
  }
}

void Arith(BOp op, Slot a, Slot b, Slot out) {
  switch (op) {
    case BOp::kAdd:
      return Lanes(a, b, out, [](double am, double ar, double bm, double br, double& m, double& r) {
        m = am + bm;
        r = Up(ar + br + Err(m));
      });
    case BOp::kSub:
      return Lanes(a, b, out, [](double am, double ar, double bm, double br, double& m, double& r) {
        m = am - bm;
        r = Up(ar + br + Err(m));
      });
    case BOp::kMul:
      return Lanes(a, b, out, [](double am, double ar, double bm, double br, double& m, double& r) {
        m = am * bm;
        r = Up(std::fabs(am) * br + std::fabs(bm) * ar + ar * br + Err(m));
      });
    default:  // kDiv: |a/b − ma/mb| ≤ (|m|·rb + ra)/(|mb| − rb), a divisor clear of 0
      return Lanes(a, b, out, [](double am, double ar, double bm, double br, double& m, double& r) {
        const double d = std::fabs(bm) - br;
        const double q = am / bm;
        r = Up((std::fabs(q) * br * (1 + 0x1p-51) + ar) / d * (1 + 0x1p-51) + Err(q));
        m = d > 0 ? q : kNaN;
      });
  }
}

}  // namespace

std::size_t RunBlock(const BlockProgram& p, const float* x, std::size_t n, float* y,
                     std::uint8_t* proven) {
  thread_local std::vector<double> store;
  store.resize((static_cast<std::size_t>(p.slots) * 2 + 2) * B);
  auto slot = [&](int k) {
    double* base = store.data() + static_cast<std::size_t>(k) * 2 * B;
    return Slot{base, base + B};
  };
  double* v = store.data() + static_cast<std::size_t>(p.slots) * 2 * B;
  double* w = v + B;
  const Slot none{v, v};  // (never read: unary calls)
  for (const BInstr& in : p.code) {
    const Slot o = slot(in.out);
    switch (in.op) {
      case BOp::kX:
        for (std::size_t i = 0; i < B; ++i)
          o.m[i] = Keep(i < n ? static_cast<double>(x[i]) : 0.0, 0), o.r[i] = 0;  // ±∞: the balls
        break;
      case BOp::kConst:
        std::fill(o.m, o.m + B, in.value);
        std::fill(o.r, o.r + B, in.radius);
        break;
      case BOp::kNeg: {
        const Slot a = slot(in.a);
        for (std::size_t i = 0; i < B; ++i)
          o.m[i] = -a.m[i], o.r[i] = a.r[i];
        break;
      }
      case BOp::kAdd:
      case BOp::kSub:
      case BOp::kMul:
      case BOp::kDiv:
        Arith(in.op, slot(in.a), slot(in.b), o);
        break;
      case BOp::kLt:
      case BOp::kLe:
      case BOp::kEq:
      case BOp::kNe:
        Compare(in.op, slot(in.a), slot(in.b), o);
        break;
      case BOp::kIf: {  // decided where the condition's interval excludes 0, or is 0
        const Slot c = slot(in.a), t = slot(in.b), e = slot(in.c);
        for (std::size_t i = 0; i < B; ++i) {
          const double cm = c.m[i], cr = c.r[i];
          const bool yes = std::fabs(cm) > cr, no = cm == 0 && cr == 0;
          const double m = yes ? t.m[i] : e.m[i], r = yes ? t.r[i] : e.r[i];
          o.m[i] = yes || no ? m : kNaN;
          o.r[i] = r;
        }
        break;
      }
      case BOp::kGuard: {  // b, not proven where a is not
        const Slot a = slot(in.a), b = slot(in.b);
        for (std::size_t i = 0; i < B; ++i)
          o.m[i] = b.m[i] + (a.m[i] - a.m[i]), o.r[i] = b.r[i];
        break;
      }
      case BOp::kCall:
        Call(in.fn, slot(in.a), in.b >= 0 ? slot(in.b) : none, o, v, w);
        break;
      case BOp::kSoftplus:
        Softplus(slot(in.a), o);
        break;
      case BOp::kTanhSoftplus:
        TanhSoftplusOf<false>(slot(in.a), o);
        break;
      case BOp::kMulTanhSoftplus:
        TanhSoftplusOf<true>(slot(in.a), o);
        break;
      case BOp::kUnproven:
        std::fill(o.m, o.m + B, kNaN);
        std::fill(o.r, o.r + B, 0.0);
        break;
    }
  }
  // Proven where both ends of the interval (past the midpoint's own rounding) round to one
  // finite float.
  const Slot out = slot(p.root);
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double m = out.m[i], r = out.r[i];
    const double rr = r > 0 ? Up(r) + Err(m) : 0.0;
    const float lo = static_cast<float>(m - rr), hi = static_cast<float>(m + rr);
    // (x NaN: NaN whatever the formula, even where it does not read x, as the balls say.)
    const bool ok = lo == hi && std::fabs(lo) <= std::numeric_limits<float>::max() && x[i] == x[i];
    proven[i] = ok;
    // A zero whose interval has both signs is +0: a value below float's range keeps no sign
    // (−2^(−10⁴) is +0 here and −0 on the balls; the bound is in ULP, where they are equal).
    y[i] = lo == 0 && std::signbit(lo) != std::signbit(hi) ? 0.0f : lo;
    count += ok;
  }
  return count;
}

}  // namespace actviz::formula::detail::ACTVIZ_SIMD_ISA
