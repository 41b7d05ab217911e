// Curve sampling for plots and facts about a function, all computed from fn.f / fn.df.
// Sections: sampling · saturation · facts
#include "actviz/activations/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace actviz {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// A total sample budget, so a pathological view can never stall a frame.
constexpr std::size_t kMaxSamples = 200000;

// Point i of n + 1 evenly spaced from a to b (finite, a < b), exact at both ends. Where b − a
// or (b − a)·i overflows (−1e308 to 1e308; 1e307 to 1.7e308), as (1 − t)·a + t·b: a convex
// combination of two finite values, which cannot overflow.
double GridPoint(double a, double b, int i, int n) {
  if (i == n) return b;
  const double span = b - a;
  if (std::isfinite(span * n)) return a + span * i / n;
  const double t = static_cast<double>(i) / n;
  return (1 - t) * a + t * b;
}

// In log_abs mode the curve is refined in log10|g| (where a log axis draws it) but the
// samples keep |g| itself; otherwise both are g.
struct Sampler {
  const std::function<double(double)>& g;
  const SampleOptions& opt;
  Curve& out;

  struct Value {
    double y, r;  // output value, and the value refinement looks at
  };
  Value Eval(double x) const {
    const double v = g(x);
    if (!opt.log_abs) return {v, v};
    if (v == 0 || std::isnan(v)) return {kNaN, kNaN};
    return {std::fabs(v), std::log10(std::fabs(v))};
  }
  void Push(double x, double y) {
    out.x.push_back(x);
    out.y.push_back(y);
  }
  // Adds the interior of (xa, xb) where the chord misses the curve by more than ¼ pixel, or
  // where the curve enters or leaves its domain (finite on one end only).
  void Refine(double xa, Value a, double xb, Value b, int depth) {
    if (depth >= opt.max_depth || out.x.size() >= kMaxSamples) return;
    const double xm = 0.5 * (xa + xb);
    if (!(xm > xa && xm < xb)) return;
    const Value m = Eval(xm);
    const bool fa = std::isfinite(a.r), fb = std::isfinite(b.r), fm = std::isfinite(m.r);
    bool split = fa != fb || fm != fa;
    if (fa && fb && fm) split = std::fabs(m.r - 0.5 * (a.r + b.r)) * opt.y_pixels > 0.25;
    if (!split) return;
    Refine(xa, a, xm, m, depth + 1);
    Push(xm, m.y);
    Refine(xm, m, xb, b, depth + 1);
  }
};

}  // namespace

// -------------------------------------------------------------------------------- sampling

void SampleCurve(const std::function<double(double)>& g, double x0, double x1, const Breaks& breaks,
                 const SampleOptions& options, Curve& out) {
  out.x.clear();
  out.y.clear();
  out.jumps.clear();
  if (!(x1 > x0) || !std::isfinite(x0) || !std::isfinite(x1)) return;
  Sampler s{g, options, out};
  // Columns within the budget (INT_MAX of them reserved 48 GB, and the loop's i <= n overflowed).
  const int n = std::clamp(options.columns, 2, static_cast<int>(kMaxSamples));
  const double span = std::min(x1 - x0, std::numeric_limits<double>::max());

  // Anchors: the uniform grid and, for each breakpoint inside the view, its two sides.
  struct Anchor {
    double x;
    Sampler::Value v;
  };
  std::vector<Anchor> anchors;
  anchors.reserve(static_cast<std::size_t>(n) + 1 + 3 * kMaxBreaks);
  std::vector<double> inside;  // breakpoints within the view
  for (double b : breaks)
    if (b > x0 && b < x1) inside.push_back(b);
  auto gap = [&](double b) { return std::max(span * 1e-9, std::fabs(b) * 4e-16); };
  for (int i = 0; i <= n; ++i) {
    const double x = GridPoint(x0, x1, i, n);
    // A grid point on top of a breakpoint would sit between the two sides of a jump.
    const bool on_break = std::any_of(inside.begin(), inside.end(),
                                      [&](double b) { return std::fabs(x - b) <= 2 * gap(b); });
    if (!on_break) anchors.push_back({x, s.Eval(x)});
  }
  for (double b : inside) {
    const double d = gap(b);
    const Sampler::Value l = s.Eval(b - d), at = s.Eval(b), r = s.Eval(b + d);
    const bool jump =
        std::isfinite(l.r) && std::isfinite(r.r) && std::fabs(l.r - r.r) * options.y_pixels > 1.0;
    anchors.push_back({b - d, l});
    if (jump) {
      anchors.push_back({b, {kNaN, kNaN}});  // separator: the two sides are not joined
      out.jumps.push_back({b, l.y, r.y, at.y});
    } else {
      anchors.push_back({b, at});
    }
    anchors.push_back({b + d, r});
  }
  std::sort(anchors.begin(), anchors.end(),
            [](const Anchor& a, const Anchor& b) { return a.x < b.x; });

  out.x.reserve(anchors.size() * 2);
  out.y.reserve(anchors.size() * 2);
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    if (i > 0 && !std::isnan(anchors[i].v.r) && !std::isnan(anchors[i - 1].v.r))
      s.Refine(anchors[i - 1].x, anchors[i - 1].v, anchors[i].x, anchors[i].v, 0);
    s.Push(anchors[i].x, anchors[i].v.y);
  }
}

double DifferenceQuotient(const Activation& fn, const Params& p, double x, double h,
                          Difference kind) {
  if (kind == Difference::kForward) return (fn.f(x + h, p) - fn.f(x, p)) / h;
  return (fn.f(x + h, p) - fn.f(x - h, p)) / (2 * h);
}

// ------------------------------------------------------------------------------ saturation

std::vector<Interval> SaturationIntervals(const Activation& fn, const Params& p, double x0,
                                          double x1, int samples) {
  std::vector<Interval> out;
  if (!(x1 > x0) || samples < 2) return out;
  samples = std::min(samples, static_cast<int>(kMaxSamples));  // i <= samples stays an int
  auto saturated = [&](double x) { return std::fabs(fn.df(x, p)) < kSaturationSlope; };
  // The edge between a and b (saturated(a) != saturated(b)), bisected to the last bit.
  auto edge = [&](double a, double b) {
    const bool sa = saturated(a);
    for (int i = 0; i < 80 && b - a > 4e-16 * std::max(std::fabs(a), std::fabs(b)); ++i) {
      const double m = 0.5 * (a + b);
      (saturated(m) == sa ? a : b) = m;
    }
    return 0.5 * (a + b);
  };
  double prev_x = x0;
  bool prev = saturated(x0);
  double start = x0;
  for (int i = 1; i <= samples; ++i) {
    const double x = GridPoint(x0, x1, i, samples);
    const bool cur = saturated(x);
    if (cur != prev) {
      const double e = edge(prev_x, x);
      if (prev) out.push_back({start, e});
      start = e;
    }
    prev = cur;
    prev_x = x;
  }
  if (prev) out.push_back({start, x1});
  return out;
}

// ----------------------------------------------------------------------------------- facts

std::string_view SmoothnessLabel(Smoothness s) {
  switch (s) {
    case Smoothness::kDiscontinuous:
      return "discontinuous";
    case Smoothness::kC0:
      return "C⁰ (continuous, kinked)";
    case Smoothness::kC1:
      return "C¹ (smooth slope, curvature jumps)";
    case Smoothness::kCInf:
      return "C∞ (smooth)";
  }
  return "";
}

namespace {

double NormalCdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

std::vector<double> FactsGrid(const Breaks& breaks) {
  std::vector<double> xs;
  for (int i = -12000; i <= 12000; ++i)
    xs.push_back(i * 0.005);  // [−60, 60]
  for (double m = 1e-8; m < 60; m *= 1.5) {
    xs.push_back(m);
    xs.push_back(-m);
  }
  for (double b : breaks) {
    // A break at ±∞ (soft exponential's pole for α = −1e−320) would put ∞ − ∞ = NaN in the
    // grid, and NaN in std::sort breaks its ordering (undefined behaviour).
    if (!std::isfinite(b)) continue;
    const double d = 1e-9 * std::max(1.0, std::fabs(b));
    for (double x : {b - d, b, b + d})
      xs.push_back(x);
  }
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  return xs;
}

Smoothness SmoothnessAt(const Activation& fn, const Params& p, double b) {
  const double d = 1e-7 * std::max(1.0, std::fabs(b)), h = 1e-4 * std::max(1.0, std::fabs(b));
  auto close = [](double a, double c, double tol) {
    return std::fabs(a - c) <= tol * (1 + std::fabs(a) + std::fabs(c));
  };
  const double fl = fn.f(b - d, p), fr = fn.f(b + d, p);
  if (!std::isfinite(fl) || !std::isfinite(fr)) return Smoothness::kCInf;  // a domain end
  if (!close(fl, fr, 1e-5)) return Smoothness::kDiscontinuous;
  const double dl = fn.df(b - d, p), dr = fn.df(b + d, p);
  if (!close(dl, dr, 1e-5)) return Smoothness::kC0;
  const double sl = (dl - fn.df(b - d - h, p)) / h, sr = (fn.df(b + d + h, p) - dr) / h;
  if (!close(sl, sr, 1e-2)) return Smoothness::kC1;
  return Smoothness::kCInf;
}

// Golden-section search for the maximum of h on [a, b] (h unimodal there).
template <class H>
double ArgMax(H h, double a, double b) {
  const double r = 0.6180339887498949;
  double c = b - r * (b - a), d = a + r * (b - a);
  double hc = h(c), hd = h(d);
  for (int i = 0; i < 100 && b - a > 1e-13 * (1 + std::fabs(a)); ++i) {
    if (hc >= hd) {
      b = d, d = c, hd = hc;
      c = b - r * (b - a), hc = h(c);
    } else {
      a = c, c = d, hc = hd;
      d = a + r * (b - a), hd = h(d);
    }
  }
  return 0.5 * (a + b);
}

}  // namespace

Facts ComputeFacts(const Activation& fn, const Params& p) {
  Facts facts;
  const Breaks breaks = BreaksOf(fn, p);
  const std::vector<double> xs = FactsGrid(breaks);
  std::vector<double> ys(xs.size()), ds(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    ys[i] = fn.f(xs[i], p);
    ds[i] = fn.df(xs[i], p);
  }
  const double lim_lo = fn.f(-kInf, p), lim_hi = fn.f(kInf, p);

  // Range: extremes of the grid and the limits. An extreme is attained when it is a strict
  // interior extremum, or when f is flat there (f′ = 0 exactly, like ReLU's left half) at a
  // moderate x: asymptotes (tanh → 1) have f′ ≠ 0 even where f rounds to its limit.
  double lo = kInf, hi = -kInf;
  for (double y : ys)
    if (!std::isnan(y)) lo = std::min(lo, y), hi = std::max(hi, y);
  for (double l : {lim_lo, lim_hi})
    if (!std::isnan(l)) lo = std::min(lo, l), hi = std::max(hi, l);
  auto attained = [&](double v) {
    if (!std::isfinite(v)) return false;
    const double tol = 1e-12 * (1 + std::fabs(v));
    const bool below_limits = !(std::fabs(v - lim_lo) <= tol) && !(std::fabs(v - lim_hi) <= tol);
    for (std::size_t i = 0; i < xs.size(); ++i) {
      if (ys[i] != v) continue;
      if (below_limits || (ds[i] == 0 && std::fabs(xs[i]) <= 20)) return true;
    }
    return false;
  };
  facts.range_lo = lo;
  facts.range_hi = hi;
  facts.lo_attained = attained(lo);
  facts.hi_attained = attained(hi);

  // Monotonic: consecutive finite values never step the other way by more than rounding.
  bool up = true, down = true;
  double prev = kNaN;
  for (double y : ys) {
    if (std::isnan(y)) continue;
    if (!std::isnan(prev) && std::isfinite(y) && std::isfinite(prev)) {
      const double tol = 4e-16 * std::max(std::fabs(y), std::fabs(prev));
      if (y < prev - tol) up = false;
      if (y > prev + tol) down = false;
    }
    prev = y;
  }
  facts.monotonic = up ? 1 : (down ? -1 : 0);

  // E[f(X)] and its spread for X ~ N(0,1), by the trapezoid rule on [−12, 12].
  {
    const double h = 1e-3;
    double m1 = 0, m2 = 0;
    for (int i = -12000; i <= 12000; ++i) {
      const double x = i * h;
      const double w = (i == -12000 || i == 12000 ? 0.5 : 1.0) * h * std::exp(-0.5 * x * x) /
                       std::sqrt(2 * M_PI);
      const double y = fn.f(x, p);
      m1 += w * y;
      m2 += w * y * y;
    }
    facts.mean_normal = m1;
    const double sd = std::sqrt(std::max(0.0, m2 - m1 * m1));
    facts.zero_centred = std::isfinite(m1) && std::fabs(m1) <= 0.02 * sd + 1e-9;
  }

  // Smoothness: the worst breakpoint.
  facts.smoothness = Smoothness::kCInf;
  for (double b : breaks)
    facts.smoothness = std::min(facts.smoothness, SmoothnessAt(fn, p, b));

  // Steepest slope: grid maximum of |f′| (with the limits), polished by a golden section
  // where it is a smooth interior peak, or reported as the run of points that reach it.
  std::size_t best = 0;
  double m = -1;
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (std::fabs(ds[i]) > m) m = std::fabs(ds[i]), best = i;
  const double dlo = std::fabs(fn.df(-kInf, p)), dhi = std::fabs(fn.df(kInf, p));
  if (std::isinf(m) || m < 0) {
    facts.max_slope = m < 0 ? kNaN : m;
    facts.max_slope_at = {xs[best], xs[best]};
  } else {
    const double tol = 1e-12 * m;
    std::size_t first = best, last = best;
    while (first > 0 && std::fabs(ds[first - 1]) >= m - tol)
      --first;
    while (last + 1 < xs.size() && std::fabs(ds[last + 1]) >= m - tol)
      ++last;
    const bool plateau = xs[last] - xs[first] > 1e-3 * (1 + std::fabs(xs[best]));
    if (plateau) {  // reached on a whole interval (ReLU: x > 0)
      Interval& at = facts.max_slope_at;
      at = {xs[first], xs[last]};
      if (last + 1 == xs.size() && dhi >= m - tol) at.hi = kInf;
      if (first == 0 && dlo >= m - tol) at.lo = -kInf;
      // An end next to a breakpoint is the breakpoint: open if f′ there is on the other branch.
      for (double b : breaks) {
        const double near = 1e-6 * (1 + std::fabs(b));
        if (std::fabs(at.lo - b) <= near) at.lo = b, at.lo_open = std::fabs(fn.df(b, p)) < m - tol;
        if (std::fabs(at.hi - b) <= near) at.hi = b, at.hi_open = std::fabs(fn.df(b, p)) < m - tol;
      }
      at.lo_open |= std::isinf(at.lo);
      at.hi_open |= std::isinf(at.hi);
    } else {  // a peak: polish its location between the neighbouring grid points
      auto slope = [&](double x) { return std::fabs(fn.df(x, p)); };
      const double a = xs[first > 0 ? first - 1 : first];
      const double b = xs[last + 1 < xs.size() ? last + 1 : last];
      const double x = ArgMax(slope, a, b);
      const bool better = slope(x) > m;
      if (better) m = slope(x);
      // On a peak flat to the last bit (σ′ at 0) the grid points that reach it straddle
      // the top symmetrically: their middle is the best estimate.
      facts.max_slope_at.lo = facts.max_slope_at.hi = better ? x : 0.5 * (xs[first] + xs[last]);
    }
    facts.max_slope = m;
  }

  // P(|f′(X)| < 0.01) for X ~ N(0,1): Φ over the saturated intervals of [−40, 40].
  double sat = 0;
  for (const Interval& iv : SaturationIntervals(fn, p, -40, 40, 8000))
    sat += NormalCdf(iv.hi) - NormalCdf(iv.lo);
  facts.saturated_normal = sat;
  return facts;
}

namespace {

std::string Num(double v) {
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  std::string s = buf;
  if (!s.empty() && s[0] == '-') s = "−" + s.substr(1);
  return s;
}

}  // namespace

std::string FormatWhere(const Interval& w) {
  if (w.lo == w.hi) return "x = " + Num(w.lo);
  const std::string lo_op = w.lo_open ? " < " : " ≤ ", hi_op = w.hi_open ? " < " : " ≤ ";
  if (std::isinf(w.lo) && std::isinf(w.hi)) return "all x";
  if (std::isinf(w.hi)) return "x" + std::string(w.lo_open ? " > " : " ≥ ") + Num(w.lo);
  if (std::isinf(w.lo)) return "x" + hi_op + Num(w.hi);
  return Num(w.lo) + lo_op + "x" + hi_op + Num(w.hi);
}

std::string FormatRange(const Facts& f) {
  auto num = Num;
  return std::string(f.lo_attained ? "[" : "(") + num(f.range_lo) + ", " + num(f.range_hi) +
         (f.hi_attained ? "]" : ")");
}

}  // namespace actviz
