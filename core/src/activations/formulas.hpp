// The stable formulations of the activation catalogue (spec/activations.md), written once
// as templates over the working type T and instantiated twice:
//   T = long double (x87, 64-bit significand, exponent range to 1e±4932) for the f64 path,
//   T = double for the scalar float32 kernels (29 guard bits over float).
// The guard bits absorb the few roundings of each formula, and the wide exponent range means
// no intermediate ever under- or overflows before the final rounding to the target type.
// Guard bits do not rescue cancellation, so every formula below avoids it: no log(1+eˣ),
// no 1 − tanh², no eˣ − 1, and arguments of exp are carried with their rounding error where
// the condition number |t| would amplify it (TwoProd / exact division remainders).
//
// Contract for every F/D pair: x is never NaN (the caller returns NaN for NaN); ±∞ gives the
// limit; parameters p[] are finite and already checked against their domain.
//
// Sections: helpers · classic · ReLU family · smooth · hard/piecewise · other
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

namespace actviz::formulas {

// ---------------------------------------------------------------------------------- helpers

template <class T>
struct Two {  // an unevaluated sum hi + lo, |lo| ≤ ulp(hi)/2
  T hi, lo;
};

// a·b exactly as hi + lo (the FMA residual is exact); lo = 0 when the product is not finite.
template <class T>
Two<T> TwoProd(T a, T b) {
  const T p = a * b;
  return {p, std::isfinite(p) ? std::fma(a, b, -p) : T(0)};
}

// a + b exactly as hi + lo (Knuth's TwoSum; branch-free, any magnitudes).
template <class T>
Two<T> TwoSum(T a, T b) {
  const T s = a + b;
  const T bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}

// The exact sign of a sum of finite terms (Shewchuk's grow-expansion: the running sum is kept
// as non-overlapping components, so the largest nonzero one has the sign of the exact sum).
template <class T, std::size_t N>
int ExactSign(const T (&terms)[N]) {
  T e[2 * N] = {};
  std::size_t n = 0;
  for (T b : terms) {
    T q = b;
    std::size_t m = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Two<T> s = TwoSum(q, e[i]);
      q = s.hi;
      if (s.lo != 0) e[m++] = s.lo;
    }
    if (q != 0) e[m++] = q;
    n = m;
  }
  for (std::size_t i = n; i-- > 0;)
    if (e[i] != 0) return e[i] > 0 ? 1 : -1;
  return 0;
}

// a·x with the limit 0 when a = 0 and x = ±∞ (λ·x, α·x at the infinities).
template <class T>
T Scale(T a, T x) {
  return (a == 0 && std::isinf(x)) ? T(0) : a * x;
}

// exp(t.hi + t.lo) = exp(hi)·(1 + lo) to first order; lo/hi ≤ 2⁻⁶⁴ so the rest is nothing.
template <class T>
T ExpTwo(Two<T> t) {
  const T e = std::exp(t.hi);
  return std::isfinite(e) ? std::fma(e, t.lo, e) : e;
}

// σ(t) and σ(−t) from e = exp(−|t|) ∈ [0, 1]: neither overflows nor cancels, and the pair
// gives σ′ = σ(t)σ(−t) without the 1 − σ that loses the tail.
template <class T>
struct Sigmoids {
  T s, sn;
};
template <class T>
Sigmoids<T> SigmoidPair(Two<T> t) {
  const bool neg = t.hi < 0;
  const T e = ExpTwo<T>(neg ? Two<T>{t.hi, t.lo} : Two<T>{-t.hi, -t.lo});
  const T big = 1 / (1 + e), small = e / (1 + e);
  return neg ? Sigmoids<T>{small, big} : Sigmoids<T>{big, small};
}

// 1/√2 split so that hi + lo carries the extra bits the Gaussian tail needs.
template <class T>
struct InvSqrt2;
template <>
struct InvSqrt2<double> {
  static constexpr double hi = 0.7071067811865476, lo = -4.833646656726456518593584e-17;
};
template <>
struct InvSqrt2<long double> {
  static constexpr long double hi = 0.7071067811865475243818940365159164684883L;
  static constexpr long double lo = 1.895032558893257079655062e-20L;
};

inline constexpr long double kInvSqrtPi = 0.5641895835477562869480794515607725858441L;
inline constexpr long double kInvSqrt2Pi = 0.3989422804014326779399460599343818684759L;
inline constexpr long double kSqrt2OverPi = 0.7978845608028653558798921198687637369517L;

// Φ(x), the standard normal CDF. For x < 0 it is erfc(z)/2 with z = −x/√2; erfc's condition
// number there is 2z² (≈1500 at the end of the double range), so z's rounding error z.lo is
// fed back through erfc′(z) = −(2/√π)e^(−z²).
template <class T>
T Phi(T x) {
  if (x >= 0) return 1 - std::erfc(x * InvSqrt2<T>::hi) / 2;
  Two<T> z = TwoProd<T>(-x, InvSqrt2<T>::hi);
  z.lo = std::fma(-x, InvSqrt2<T>::lo, z.lo);
  return std::erfc(z.hi) / 2 - std::exp(-z.hi * z.hi) * z.lo * T(kInvSqrtPi);
}

// φ(x) = exp(−x²/2)/√(2π), with x² exact as hi + lo (exp's condition number is x²/2).
template <class T>
T PhiDensity(T x) {
  const Two<T> sq = TwoProd<T>(x, x);
  return ExpTwo<T>({-sq.hi / 2, -sq.lo / 2}) * T(kInvSqrt2Pi);
}

// ---------------------------------------------------------------------------------- classic

template <class T>
struct Step {  // p: θ
  static T F(T x, const T* p) { return x > p[0] ? T(1) : T(0); }
  static T D(T, const T*) { return 0; }
};

template <class T>
struct Linear {  // p: λ
  static T F(T x, const T* p) { return Scale(p[0], x); }
  static T D(T, const T* p) { return p[0]; }
};

template <class T>
struct Sigmoid {
  static T F(T x, const T*) { return SigmoidPair<T>({x, 0}).s; }
  static T D(T x, const T*) {
    const Sigmoids<T> s = SigmoidPair<T>({x, 0});
    return s.s * s.sn;
  }
};

template <class T>
struct Tanh {
  static T F(T x, const T*) { return std::tanh(x); }
  // sech²x = 4e/(1+e)², e = exp(−2|x|): exact in the tail where 1 − tanh² is 0.
  static T D(T x, const T*) {
    const T e = std::exp(-2 * std::fabs(x));
    return 4 * e / ((1 + e) * (1 + e));
  }
};

template <class T>
struct Logit {
  // logit(y) for y ∈ [0, ½]. Below ⅓ the quotient is < ½ and log is well conditioned; above,
  // log1p of (2y−1)/(1−y) (2y−1 exact by Sterbenz) avoids the cancellation near y = ½.
  static T Lower(T y) {
    if (y < T(1) / 3) return std::log(y / (1 - y));
    return std::log1p((2 * y - 1) / (1 - y));
  }
  // For x ≥ ½, 1 − x is exact, and logit(x) = −logit(1 − x) keeps the upper tail exact too.
  static T F(T x, const T*) {
    if (!(x >= 0 && x <= 1)) return std::numeric_limits<T>::quiet_NaN();
    return x >= T(0.5) ? -Lower(1 - x) : Lower(x);
  }
  static T D(T x, const T*) {
    if (!(x >= 0 && x <= 1)) return std::numeric_limits<T>::quiet_NaN();
    return 1 / std::fabs(x * (1 - x));  // fabs: −0 must give +∞ like +0
  }
};

template <class T>
struct Softsign {
  static T F(T x, const T*) {
    if (std::isinf(x)) return std::copysign(T(1), x);
    return x / (1 + std::fabs(x));
  }
  static T D(T x, const T*) {
    const T d = 1 + std::fabs(x);
    return (1 / d) / d;  // not 1/d²: d² overflows long before the result underflows
  }
};

// ----------------------------------------------------------------------------- ReLU family

template <class T>
struct Relu {
  static T F(T x, const T*) { return x > 0 ? x : T(0); }
  static T D(T x, const T*) { return x > 0 ? T(1) : T(0); }
};

template <class T>
struct LeakyRelu {  // p: α (also PReLU)
  static T F(T x, const T* p) { return x > 0 ? x : Scale(p[0], x); }
  static T D(T x, const T* p) { return x > 0 ? T(1) : p[0]; }
};

template <class T>
struct Relu6 {
  static T F(T x, const T*) { return x <= 0 ? T(0) : (x >= 6 ? T(6) : x); }
  static T D(T x, const T*) { return (x > 0 && x < 6) ? T(1) : T(0); }
};

template <class T>
struct ThresholdedRelu {  // p: θ
  static T F(T x, const T* p) { return x > p[0] ? x : T(0); }
  static T D(T x, const T* p) { return x > p[0] ? T(1) : T(0); }
};

template <class T>
struct Elu {  // p: α
  static T F(T x, const T* p) { return x > 0 ? x : p[0] * std::expm1(x); }
  static T D(T x, const T* p) { return x > 0 ? T(1) : p[0] * std::exp(x); }
};

template <class T>
struct Celu {  // p: α > 0
  // x/α as t + r with r the exact division remainder, because exp's condition number is |t|.
  static Two<T> Arg(T x, T a) {
    const T t = x / a;
    return {t, std::isfinite(t) ? std::fma(-t, a, x) / a : T(0)};
  }
  static T F(T x, const T* p) {
    if (x > 0) return x;
    const Two<T> t = Arg(x, p[0]);
    return p[0] * (std::expm1(t.hi) + std::exp(t.hi) * t.lo);
  }
  static T D(T x, const T* p) { return x > 0 ? T(1) : ExpTwo(Arg(x, p[0])); }
};

template <class T>
struct Selu {  // p: λ, α
  static T F(T x, const T* p) { return x > 0 ? Scale(p[0], x) : p[0] * (p[1] * std::expm1(x)); }
  static T D(T x, const T* p) { return x > 0 ? p[0] : p[0] * (p[1] * std::exp(x)); }
};

// ---------------------------------------------------------------------------------- smooth

template <class T>
struct Softplus {  // p: β > 0
  // t = βx exactly as hi + lo. For t > 0, sp(t)/β = x + log1p(e^(−t))/β: x itself carries the
  // large part, so neither βx nor e^t can overflow. For t ≤ 0, log1p(e^t) with e^t corrected
  // by t.lo (the tail e^t has condition number |t|).
  static T F(T x, const T* p) {
    const T b = p[0];
    const Two<T> t = TwoProd(b, x);
    if (t.hi > 0) return x + std::log1p(std::exp(-t.hi)) / b;
    return std::log1p(ExpTwo(t)) / b;
  }
  static T D(T x, const T* p) { return SigmoidPair(TwoProd(p[0], x)).s; }
};

template <class T>
struct Swish {                // p: β; x·σ(βx)
  static T Limit(T x, T b) {  // x = ±∞: the factor σ(βx) tends to 0 or 1
    if (b == 0) return x / 2;
    return (x > 0) == (b > 0) ? x : T(0);
  }
  static T F(T x, const T* p) {
    if (std::isinf(x)) return Limit(x, p[0]);
    return x * SigmoidPair(TwoProd(p[0], x)).s;
  }
  // σ(t) + t·σ(t)σ(−t): the two terms cancel near t ≈ −1.28; the error bound there is
  // relative to the larger term (spec), which this sum meets.
  static T D(T x, const T* p) {
    const T b = p[0];
    if (b == 0) return T(0.5);
    if (std::isinf(x)) return (x > 0) == (b > 0) ? T(1) : T(0);
    const Two<T> t = TwoProd(b, x);
    const Sigmoids<T> s = SigmoidPair(t);
    return s.s + (t.hi * s.s) * s.sn;
  }
  // The error scale of D (catalogue.hpp): the larger of its two terms, in plain double.
  static double DScale(double x, const double* p) {
    const double t = p[0] * x, s = 1 / (1 + std::exp(-t));
    return std::fmax(s, std::fabs(t) * s * (1 - s));
  }
};

template <class T>
struct Gelu {
  static T F(T x, const T*) {
    if (std::isinf(x)) return x > 0 ? x : T(0);
    return x * Phi(x);
  }
  static T D(T x, const T*) {
    if (std::isinf(x)) return x > 0 ? T(1) : T(0);
    return Phi(x) + x * PhiDensity(x);
  }
  static double DScale(double x, const double*) {  // Φ(x) against x·φ(x)
    return std::fmax(0.5 * std::erfc(-x / std::sqrt(2.0)),
                     std::fabs(x) * std::exp(-x * x / 2) * double(kInvSqrt2Pi));
  }
};

template <class T>
struct GeluTanh {
  static constexpr T kC = T(0.044715L);
  // ½(1 + tanh u) = σ(2u): the left tail is then e^(2u), not 1 + (−1 + tiny).
  static T TwoU(T x) { return 2 * T(kSqrt2OverPi) * (x * std::fma(kC, x * x, T(1))); }
  static T F(T x, const T*) {
    if (std::isinf(x)) return x > 0 ? x : T(0);
    return x * SigmoidPair<T>({TwoU(x), 0}).s;
  }
  // ½(1+tanh u) + ½x·sech²u·√(2/π)(1 + 3cx²), with sech²u = 4σ(2u)σ(−2u).
  static T D(T x, const T*) {
    if (std::isinf(x)) return x > 0 ? T(1) : T(0);
    const Sigmoids<T> s = SigmoidPair<T>({TwoU(x), 0});
    const T du = 2 * T(kSqrt2OverPi) * (x * std::fma(3 * kC, x * x, T(1)));
    return s.s + (du * s.s) * s.sn;
  }
  static double DScale(double x, const double*) {  // σ(2u) against x·du·σ(2u)σ(−2u)
    const double k = double(kSqrt2OverPi), u2 = 2 * k * (x + 0.044715 * x * x * x);
    const double du = 2 * k * (1 + 3 * 0.044715 * x * x);
    const double s = 1 / (1 + std::exp(-u2));
    return std::fmax(s, std::fabs(x * du) * s * (1 - s));
  }
};

template <class T>
struct Mish {
  // With e = eˣ and n = e(e+2) = (1+e)² − 1: tanh(sp(x)) = n/(n+2) and
  // sech²(sp(x))·σ(x) = 4e(1+e)/(n+2)². For x > 0 the same fractions are rewritten in
  // e' = e^(−x) so nothing overflows. Every term is positive: no cancellation inside.
  static T F(T x, const T*) {
    if (std::isinf(x)) return x > 0 ? x : T(0);
    if (x <= 0) {
      const T e = std::exp(x), n = e * (e + 2);
      return x * (n / (n + 2));
    }
    const T e = std::exp(-x);
    return x * ((1 + 2 * e) / (1 + 2 * e + 2 * e * e));
  }
  static T D(T x, const T*) {
    if (std::isinf(x)) return x > 0 ? T(1) : T(0);
    if (x <= 0) {
      const T e = std::exp(x), n = e * (e + 2), d = n + 2;
      return n / d + 4 * x * (e * (1 + e)) / (d * d);
    }
    const T e = std::exp(-x), d = 1 + 2 * e + 2 * e * e;
    return (1 + 2 * e) / d + 4 * x * (e * e * (1 + e)) / (d * d);
  }
  static double DScale(double x, const double*) {  // tanh(sp) against x·sech²(sp)·σ(x)
    const double sp = x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    const double t = std::tanh(sp), sech = 1 / std::cosh(sp);
    return std::fmax(std::fabs(t), std::fabs(x * sech * sech / (1 + std::exp(-x))));
  }
};

template <class T>
struct LogSigmoid {
  // ln σ(x) = min(x, 0) − log1p(e^(−|x|)): both terms ≤ 0, so they never cancel.
  static T F(T x, const T*) { return std::fmin(x, T(0)) - std::log1p(std::exp(-std::fabs(x))); }
  static T D(T x, const T*) { return SigmoidPair<T>({-x, 0}).s; }
};

template <class T>
struct Squareplus {  // p: b ≥ 0
  // For x < 0, x + √(x²+b) cancels; it equals b/(√(x²+b) − x), a sum of positives.
  static T F(T x, const T* p) {
    const T s = std::sqrt(x * x + p[0]);
    return x >= 0 ? (x + s) / 2 : p[0] / (2 * (s - x));
  }
  static T D(T x, const T* p) {
    if (std::isinf(x)) return x > 0 ? T(1) : T(0);
    const T s = std::sqrt(x * x + p[0]);
    if (s == 0) return T(0.5);  // x² + b = 0: the spec's ½
    return x >= 0 ? (1 + x / s) / 2 : p[0] / (2 * s * (s - x));
  }
};

// ------------------------------------------------------------------------- hard / piecewise

template <class T>
struct HardSigmoid {
  static T F(T x, const T*) { return x <= -3 ? T(0) : (x >= 3 ? T(1) : (x + 3) / 6); }
  static T D(T x, const T*) { return (x > -3 && x < 3) ? T(1) / 6 : T(0); }
};

template <class T>
struct HardTanh {
  static T F(T x, const T*) { return x <= -1 ? T(-1) : (x >= 1 ? T(1) : x); }
  static T D(T x, const T*) { return (x > -1 && x < 1) ? T(1) : T(0); }
};

template <class T>
struct HardSwish {
  static T F(T x, const T*) { return x <= -3 ? T(0) : (x >= 3 ? x : x * (x + 3) / 6); }
  static T D(T x, const T*) { return x <= -3 ? T(0) : (x >= 3 ? T(1) : (2 * x + 3) / 6); }
};

template <class T>
struct Hardshrink {  // p: θ
  static T F(T x, const T* p) { return std::fabs(x) > p[0] ? x : T(0); }
  static T D(T x, const T* p) { return std::fabs(x) > p[0] ? T(1) : T(0); }
};

template <class T>
struct Softshrink {  // p: θ
  static T F(T x, const T* p) {
    if (x > p[0]) return x - p[0];
    if (x < -p[0]) return x + p[0];
    return 0;
  }
  static T D(T x, const T* p) { return std::fabs(x) > p[0] ? T(1) : T(0); }
};

template <class T>
struct Tanhshrink {
  // Taylor coefficients of (x − tanh x)/x³ in u = x² (from the Bernoulli numbers); 14 terms
  // reach 2⁻⁶⁶ for |x| < ¼, where x − tanh x would cancel up to 49× (and 10¹⁰× at 1e−5).
  static constexpr long double kSeries[] = {
      0.333333333333333333333333333333L,     -0.133333333333333333333333333333L,
      0.0539682539682539682539682539683L,    -0.0218694885361552028218694885362L,
      0.0088632355299021965688632355299L,    -0.00359212803657248101692546136991L,
      0.0014558343870513182682494851807L,    -0.0005900274409455859813780759937L,
      0.000239129114243552481485731458885L,  -0.0000969153795692945032559587500039L,
      0.0000392783238833168340533708080931L, -0.0000159189050693289647407442798166L,
      0.0000064516892156554307631908423153L, -0.00000261477115129075455426359425641L,
  };
  static T F(T x, const T*) {
    if (std::fabs(x) < T(0.25)) {
      const T u = x * x;
      T acc = 0;
      for (int i = static_cast<int>(std::size(kSeries)) - 1; i >= 0; --i)
        acc = std::fma(acc, u, T(kSeries[i]));
      return (x * u) * acc;
    }
    return x - std::tanh(x);
  }
  static T D(T x, const T*) {
    const T t = std::tanh(x);
    return t * t;
  }
};

// ----------------------------------------------------------------------------------- other

template <class T>
struct SoftExponential {  // p: α
  // α < 0: the argument 1 − α(x+α) of the log, built from exact sums and products so that it
  // stays accurate both near 1 (u = −α(x+α) small: log1p(u)) and near its zero, the pole.
  struct Arg {
    T u;    // −α(x+α), for log1p where 1 + u ≥ ½
    T arg;  // 1 + u, accurate also where it is near 0
  };
  static Arg LogArg(T x, T a) {
    const Two<T> s = TwoSum(x, a);
    const Two<T> pr = TwoProd(a, s.hi);
    const T rest = std::fma(a, s.lo, pr.lo);  // α(x+α) = pr.hi + rest
    const T u = -(pr.hi + rest);
    return {u, u > T(-0.5) ? 1 + u : (1 - pr.hi) - rest};  // 1 − pr.hi exact by Sterbenz
  }
  static T F(T x, const T* p) {
    const T a = p[0];
    if (a == 0) return x;
    if (a > 0) {  // (e^(αx) − 1)/α + α, with αx carried exactly
      const Two<T> t = TwoProd(a, x);
      const T e = std::exp(t.hi);
      // Left of αx = −1 as (e^(αx) + (α² − 1))/α: there expm1 is near −1 and its −1 would
      // swamp e^(αx), which is all of f where α ≈ 1 (α = 1: f = eˣ, 0 from the other form
      // below x ≈ −37). α² − 1 = (α − 1)(α + 1), without cancellation.
      if (t.hi < -1) return std::fma(e, t.lo, e + (a - 1) * (a + 1)) / a;
      const T em1 = std::isfinite(e) ? std::expm1(t.hi) + e * t.lo : std::expm1(t.hi);
      return em1 / a + a;
    }
    if (std::isinf(x)) return x > 0 ? x : std::numeric_limits<T>::quiet_NaN();
    const Arg g = LogArg(x, a);
    if (!(g.arg > 0)) return std::numeric_limits<T>::quiet_NaN();
    return -(g.u > T(-0.5) ? std::log1p(g.u) : std::log(g.arg)) / a;
  }
  static T D(T x, const T* p) {
    const T a = p[0];
    if (a == 0) return 1;
    if (a > 0) return ExpTwo(TwoProd(a, x));
    if (std::isinf(x)) return x > 0 ? T(0) : std::numeric_limits<T>::quiet_NaN();
    const Arg g = LogArg(x, a);
    if (!(g.arg > 0)) return std::numeric_limits<T>::quiet_NaN();
    return 1 / g.arg;
  }
  // The error scale of F for α > 0: the smaller of its two pairs of terms. In the left tail
  // the first pair is ≈ ∓1/α while f = e^(αx)/α + (α − 1/α) may be a tiny normal number
  // where α ≈ 1 (α = 1: f = eˣ), which the first pair alone would excuse as 0.
  static double FScale(double x, const double* p) {
    if (!(p[0] > 0)) return 0;
    const long double a = p[0], t = a * x;
    const long double first = std::fmax(std::fabs(std::expm1(t) / a), a);
    const long double second = std::fmax(std::exp(t) / a, std::fabs((a - 1) * (a + 1) / a));
    return static_cast<double>(std::fmin(first, second));
  }
};

template <class T>
struct Maxout {  // p: w₁, b₁, …, w₅, b₅, k; pieces wⱼx + bⱼ for j ≤ k (2 … 5)
  static constexpr int kPieces = 10, kMostPieces = 5;  // index of k in p; p holds five pieces
  // k as a number of pieces, 0 for none: NaN, ±∞ or outside 1 … 5 (tested in T first: the
  // conversion of NaN or 1e308 is undefined, and a k above 5 would read past p's 11 values).
  static int Count(const T* p) {
    const T k = p[kPieces];
    return k >= 1 && k < kMostPieces + 1 ? static_cast<int>(k) : 0;
  }
  // At ±∞ piece i beats j by its slope toward that side, then by its offset.
  static bool BeatsAtInfinity(T x, const T* p, int i, int j) {
    const T si = x > 0 ? p[2 * i] : -p[2 * i], sj = x > 0 ? p[2 * j] : -p[2 * j];
    return si > sj || (si == sj && p[2 * i + 1] > p[2 * j + 1]);
  }
  static T Limit(T w, T b, T x) { return w == 0 ? b : w * x; }
  // Piece i > piece j decided exactly, as the spec's branch condition: (wᵢ − wⱼ)x + (bᵢ − bⱼ)
  // with every product and difference carried as exact pairs. Deciding on rounded values
  // would pick the later piece whenever two are within a rounding of each other.
  static bool Beats(T x, const T* p, int i, int j) {
    const Two<T> dw = TwoSum(p[2 * i], -p[2 * j]), db = TwoSum(p[2 * i + 1], -p[2 * j + 1]);
    const Two<T> m1 = TwoProd(dw.hi, x), m2 = TwoProd(dw.lo, x);
    const T terms[] = {m1.hi, m1.lo, m2.hi, m2.lo, db.hi, db.lo};
    return ExactSign(terms) > 0;
  }
  // The piece that is the maximum; a tie goes to the later piece (k = 2: "a if a > b, else b").
  static int Winner(T x, const T* p) {
    int best = 0;
    for (int j = 1; j < Count(p); ++j)
      if (!(std::isinf(x) ? BeatsAtInfinity(x, p, best, j) : Beats(x, p, best, j))) best = j;
    return best;
  }
  // No pieces (k not a number of them): NaN, as for any parameter outside the domain.
  static T F(T x, const T* p) {
    if (Count(p) == 0) return std::numeric_limits<T>::quiet_NaN();
    const int j = Winner(x, p);
    if (std::isinf(x)) return Limit(p[2 * j], p[2 * j + 1], x);
    return std::fma(p[2 * j], x, p[2 * j + 1]);
  }
  static T D(T x, const T* p) {
    return Count(p) == 0 ? std::numeric_limits<T>::quiet_NaN() : p[2 * Winner(x, p)];
  }
};

}  // namespace actviz::formulas
