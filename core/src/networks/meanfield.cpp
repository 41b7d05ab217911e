// Gaussian expectations and the mean-field recursion (see meanfield.hpp).
// Sections: Gauss–Legendre nodes · adaptive integration · moments and layers · the table,
// fixed points and the phase diagram.
#include "actviz/networks/meanfield.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <limits>
#include <queue>

#include "actviz/activations/kernels.hpp"
#include "base/parallel.hpp"

namespace actviz {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- Gauss–Legendre nodes: 20 points on [−1, 1], by Newton's method on P₂₀ (exact to a few
// ULP, so no table of constants to mistype). Exact for polynomials of degree ≤ 39.
constexpr int kNodes = 20;
struct GaussLegendre {
  std::array<double, kNodes> x{}, w{};
  GaussLegendre() {
    for (int i = 0; i < kNodes; ++i) {
      double z = std::cos(M_PI * (i + 0.75) / (kNodes + 0.5)), dp = 0;
      for (int it = 0; it < 100; ++it) {
        double p0 = 1, p1 = z;
        for (int k = 2; k <= kNodes; ++k) {
          const double p2 = ((2.0 * k - 1) * z * p1 - (k - 1.0) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        dp = kNodes * (z * p1 - p0) / (z * z - 1);
        const double dz = p1 / dp;
        z -= dz;
        if (std::fabs(dz) < 1e-17) break;
      }
      x[static_cast<std::size_t>(i)] = z;
      w[static_cast<std::size_t>(i)] = 2 / ((1 - z * z) * dp * dp);
    }
  }
};
const GaussLegendre& Nodes() {
  static const GaussLegendre nodes;  // immutable table, built once
  return nodes;
}

// ---- adaptive integration of a smooth piece [a, b]
template <class H>
double Rule(const H& h, double a, double b) {
  const GaussLegendre& gl = Nodes();
  const double mid = 0.5 * (a + b), half = 0.5 * (b - a);
  double sum = 0;
  for (int i = 0; i < kNodes; ++i)
    sum += gl.w[static_cast<std::size_t>(i)] * h(mid + half * gl.x[static_cast<std::size_t>(i)]);
  return sum * half;
}

// Global adaptive integration over the pieces [c₀, c₁], [c₁, c₂], …: each segment's value is
// the rule on its two halves and its error how far that is from the rule on the whole; the
// worst segment is split until the errors add up to `rel` of the total, or a budget of
// segments is spent (a kink no breakpoint names costs a few dozen splits; noise, none more).
template <class H>
double Adaptive(const H& h, const std::vector<double>& cuts, double rel) {
  struct Segment {
    double a, b, value, err;
    bool operator<(const Segment& o) const { return err < o.err; }
  };
  // A segment whose two estimates agree to rounding (a few ULP of the sum of |h|) is done:
  // its error counts as 0, so rounding noise never drives the splitting.
  auto make = [&](double a, double b) {
    const double m = 0.5 * (a + b);
    const double whole = Rule(h, a, b), left = Rule(h, a, m), right = Rule(h, m, b);
    const double mag = std::fabs(left) + std::fabs(right);
    const double halves = left + right, diff = std::fabs(halves - whole);
    return Segment{a, b, halves, diff <= 64 * DBL_EPSILON * mag ? 0.0 : diff};
  };
  std::priority_queue<Segment> heap;
  double total = 0, err = 0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    if (!(cuts[i + 1] > cuts[i])) continue;
    const Segment s = make(cuts[i], cuts[i + 1]);
    total += s.value;
    err += s.err;
    heap.push(s);
  }
  for (int splits = 0; splits < 2000 && !heap.empty(); ++splits) {
    if (!std::isfinite(total)) return total;
    if (err <= rel * std::fabs(total) || heap.top().err == 0) break;
    const Segment worst = heap.top();
    const double m = 0.5 * (worst.a + worst.b);
    if (!(m > worst.a && m < worst.b)) break;  // no room left to split
    heap.pop();
    const Segment l = make(worst.a, m), r = make(m, worst.b);
    total += l.value + r.value - worst.value;
    err += l.err + r.err - worst.err;
    heap.push(l);
    heap.push(r);
  }
  // Re-add the values: the running sum drifts by rounding over many splits.
  double sum = 0;
  for (; !heap.empty(); heap.pop())
    sum += heap.top().value;
  return sum;
}

}  // namespace

double GaussianExpectation(const std::function<double(double)>& g, double q, const Breaks& breaks) {
  if (std::isnan(q) || q < 0) return kNaN;
  if (q == 0) return g(0.0);
  if (std::isinf(q)) return kNaN;
  const double s = std::sqrt(q);
  const double norm = 1 / std::sqrt(2 * M_PI);
  auto h = [&](double t) {
    const double phi = std::exp(-0.5 * t * t);
    if (phi == 0) return 0.0;  // beyond |t| ≈ 38.6 the density is 0 in double
    return g(s * t) * phi * norm;
  };
  // Cut points in t: the breakpoints, 0, ±12 (where the density is ~1e−32 of its peak), then
  // shells ±[12·2ᵏ, 12·2ᵏ⁺¹] followed outward while they still add to the sum (a fast-growing
  // f, such as the soft exponential, has its mass far out).
  std::vector<double> cuts = {-12, 0, 12};
  for (double b : breaks)
    if (std::isfinite(b) && std::fabs(b / s) < 12) cuts.push_back(b / s);
  std::sort(cuts.begin(), cuts.end());
  double total = Adaptive(h, cuts, 1e-15);
  for (double lo = 12; lo < 4096 && std::isfinite(total); lo *= 2) {
    std::vector<double> right = {lo, 2 * lo}, left = {-2 * lo, -lo};
    for (double b : breaks) {
      const double t = b / s;
      if (t > lo && t < 2 * lo) right.push_back(t);
      if (t > -2 * lo && t < -lo) left.push_back(t);
    }
    std::sort(right.begin(), right.end());
    std::sort(left.begin(), left.end());
    const double shell = Adaptive(h, right, 1e-15) + Adaptive(h, left, 1e-15);
    total += shell;
    if (std::fabs(shell) <= 1e-17 * std::fabs(total)) break;
  }
  return total;
}

namespace {

// A formula's scalar f and f′ are its true values on the balls, microseconds a point: its
// moments come from its float32 kernels (exact float32 values, the block path's speed) on a
// fixed rule instead of the adaptive one — 20-point Gauss–Legendre panels no wider than ½ in
// t between the cuts, out to |t| = 38.6 where the density is 0 in double — good to about
// 1e−7 relative (float32's rounding of z and f), far inside what the theory's plots show.
SecondMoments MomentsBatch(const Activation& fn, const Params& p, double q, const Breaks& breaks) {
  if (std::isnan(q) || q < 0 || std::isinf(q)) return {kNaN, kNaN};
  std::vector<float> z;
  std::vector<double> w;
  if (q == 0) {
    z = {0.0f};
    w = {1.0};
  } else {
    const double s = std::sqrt(q), tmax = 38.6;
    std::vector<double> cuts = {-tmax, 0, tmax};
    for (double b : breaks)
      if (std::isfinite(b) && std::fabs(b / s) < tmax) cuts.push_back(b / s);
    std::sort(cuts.begin(), cuts.end());
    const GaussLegendre& gl = Nodes();
    const double norm = 1 / std::sqrt(2 * M_PI);
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
      const double a = cuts[c], b = cuts[c + 1];
      if (!(b > a)) continue;
      const int panels = static_cast<int>(std::ceil((b - a) / 0.5));
      const double width = (b - a) / panels;
      for (int k = 0; k < panels; ++k) {
        const double mid = a + (k + 0.5) * width, half = 0.5 * width;
        for (int i = 0; i < kNodes; ++i) {
          const double t = mid + half * gl.x[static_cast<std::size_t>(i)];
          z.push_back(static_cast<float>(s * t));
          w.push_back(gl.w[static_cast<std::size_t>(i)] * half * std::exp(-0.5 * t * t) * norm);
        }
      }
    }
  }
  std::vector<float> y(z.size()), dy(z.size());
  Apply(fn, Eval::kValue, z, y, p);
  Apply(fn, Eval::kDerivative, z, dy, p);
  SecondMoments m{0, 0};
  for (std::size_t i = 0; i < z.size(); ++i) {
    if (w[i] == 0) continue;
    m.f2 += w[i] * static_cast<double>(y[i]) * static_cast<double>(y[i]);
    m.df2 += w[i] * static_cast<double>(dy[i]) * static_cast<double>(dy[i]);
  }
  return m;
}

}  // namespace

SecondMoments MomentsAt(const Activation& fn, const Params& p, double q) {
  const Breaks breaks = BreaksOf(fn, p);
  if (fn.group == Group::kMore || fn.group == Group::kFormula)
    return MomentsBatch(fn, p, q, breaks);
  SecondMoments m;
  m.f2 = GaussianExpectation(
      [&](double z) {
        const double v = fn.f(z, p);
        return v * v;
      },
      q, breaks);
  m.df2 = GaussianExpectation(
      [&](double z) {
        const double v = fn.df(z, p);
        return v * v;
      },
      q, breaks);
  return m;
}

std::vector<LayerTheory> MeanFieldLayers(const Activation& fn, const Params& p, double sigma_w2,
                                         double sigma_b2, int layers, double input_second_moment) {
  std::vector<LayerTheory> out(static_cast<std::size_t>(std::max(layers, 0)));
  double q = sigma_w2 * input_second_moment + sigma_b2;
  for (LayerTheory& l : out) {
    const SecondMoments m = MomentsAt(fn, p, q);
    l.q = q;
    l.chi = sigma_w2 * m.df2;
    q = sigma_w2 * m.f2 + sigma_b2;
  }
  return out;
}

// ---- the table, fixed points and the phase diagram

MomentTable::MomentTable(const Activation& fn, const Params& p) : fn_(fn), params_(p) {
  f2_.resize(kPoints);
  df2_.resize(kPoints);
  const double step = (kLogHi - kLogLo) / (kPoints - 1);
  detail::ParallelChunks(
      kPoints, 16, 0,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
          const SecondMoments m =
              MomentsAt(fn_, params_, std::exp(kLogLo + static_cast<double>(i) * step));
          f2_[i] = m.f2;
          df2_[i] = m.df2;
        }
      },
      [] { return false; });
  zero_ = MomentsAt(fn_, params_, 0);
  zero_plus_ = MomentsAt(fn_, params_, 1e-200);
}

SecondMoments MomentTable::At(double q) const {
  if (!(q > 0)) return q == 0 ? zero_ : SecondMoments{kNaN, kNaN};
  const double u = std::log(q);
  const double step = (kLogHi - kLogLo) / (kPoints - 1);
  const double pos = (u - kLogLo) / step;
  if (!(pos >= 2) || !(pos <= kPoints - 4)) return MomentsAt(fn_, params_, q);
  const int i = static_cast<int>(pos);
  const double t = pos - i;
  // Lagrange through the six nearest points (i − 2 … i + 3): error ~h⁶ in ln q (h = ⅛).
  std::array<double, 6> w{};
  for (int j = 0; j < 6; ++j) {
    double l = 1;
    for (int k = 0; k < 6; ++k)
      if (k != j) l *= (t - (k - 2)) / static_cast<double>(j - k);
    w[static_cast<std::size_t>(j)] = l;
  }
  auto interpolate = [&](const std::vector<double>& v) {
    double sum = 0;
    for (int j = 0; j < 6; ++j)
      sum += w[static_cast<std::size_t>(j)] * v[static_cast<std::size_t>(i - 2 + j)];
    return sum;
  };
  return {interpolate(f2_), interpolate(df2_)};
}

FixedPoint FindFixedPoint(const MomentTable& table, double sigma_w2, double sigma_b2) {
  FixedPoint fp;
  // Without bias and with f(0) = 0, q = 0 is a fixed point; the map's slope there is χ₁ in the
  // limit q → 0⁺ (σ_w²·f′(0)², or ReLU's σ_w²/2). Where that is ≤ 1 the iteration would only
  // creep towards 0 (q ~ 1/l at the edge), so 0 is taken at once.
  if (sigma_b2 == 0 && table.At(0).f2 == 0) {
    const double chi0 = sigma_w2 * table.AtZeroPlus().df2;
    if (chi0 <= 1) return {0, chi0, true};
  }
  // Iterate the map from q = 1; after a few steps, Newton on G(q) = σ_w²·E[f²] + σ_b² − q
  // (slope by a central difference): near the edge of chaos the map's own steps shrink by a
  // ratio close to 1 and would need thousands of iterations.
  auto map = [&](double q) { return sigma_w2 * table.At(q).f2 + sigma_b2; };
  double q = 1;
  for (int it = 0; it < 500; ++it) {
    double next = map(q);
    if (!std::isfinite(next) || next > 1e300 || (next > MomentTable::Top() && next > q)) {
      fp.q = std::isnan(next) ? kNaN : kInf;
      fp.chi = sigma_w2 * table.At(q).df2;  // at the last finite iterate
      return fp;
    }
    if (next < 1e-300) return {0, sigma_w2 * table.AtZeroPlus().df2, true};
    if (it >= 8) {
      const double h = 1e-4 * q;
      const double slope = (map(q + h) - map(q - h)) / (2 * h) - 1;
      const double newton = slope != 0 ? q - (next - q) / slope : next;
      // Newton only where it lands nearer a root than the plain step, and within the table:
      // a jump out of it integrates directly (~1 ms for GELU) for nothing.
      if (newton >= MomentTable::Bottom() && newton <= MomentTable::Top() &&
          std::fabs(map(newton) - newton) < std::fabs(map(next) - next))
        next = newton;
    }
    const bool done = std::fabs(next - q) <= 1e-13 * q;
    q = next;
    if (done) {
      fp.converged = true;
      break;
    }
  }
  fp.q = q;
  fp.chi = sigma_w2 * table.At(q).df2;
  return fp;
}

PhaseGrid PhaseDiagram(const Activation& fn, const Params& p, double w_lo, double w_hi, double b_lo,
                       double b_hi, int cols, int rows) {
  if (cols < 1 || rows < 1) return PhaseGrid{w_lo, w_hi, b_lo, b_hi, cols, rows, {}};
  return PhaseDiagram(MomentTable(fn, p), w_lo, w_hi, b_lo, b_hi, cols, rows);
}

PhaseGrid PhaseDiagram(const MomentTable& table, double w_lo, double w_hi, double b_lo, double b_hi,
                       int cols, int rows) {
  PhaseGrid g{w_lo, w_hi, b_lo, b_hi, cols, rows, {}};
  if (cols < 1 || rows < 1) return g;
  g.chi.resize(static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows));
  auto at = [](double lo, double hi, int i, int n) {
    return n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
  };
  detail::ParallelChunks(
      static_cast<std::size_t>(rows), 1, 0,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r)
          for (int c = 0; c < cols; ++c)
            g.chi[r * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c)] =
                FindFixedPoint(table, at(w_lo, w_hi, c, cols),
                               at(b_lo, b_hi, static_cast<int>(r), rows))
                    .chi;
      },
      [] { return false; });
  return g;
}

std::vector<EdgePoint> EdgeOfChaos(const MomentTable& table, double w_lo, double w_hi, double b_lo,
                                   double b_hi, int n) {
  std::vector<EdgePoint> out(static_cast<std::size_t>(std::max(n, 0)));
  for (int i = 0; i < n; ++i) {
    const double b2 = n == 1 ? b_lo : b_lo + (b_hi - b_lo) * i / (n - 1);
    auto excess = [&](double w2) { return FindFixedPoint(table, w2, b2).chi - 1; };
    double lo = w_lo, hi = w_hi, flo = excess(lo), fhi = excess(hi);
    double edge = kNaN;
    if (flo == 0) {
      edge = lo;
    } else if (std::isfinite(flo) && std::isfinite(fhi) && (flo < 0) != (fhi < 0)) {
      for (int it = 0; it < 200 && hi - lo > 1e-10 * std::max(1.0, hi); ++it) {
        const double mid = 0.5 * (lo + hi), fm = excess(mid);
        if ((fm < 0) == (flo < 0)) {
          lo = mid;
          flo = fm;
        } else {
          hi = mid;
        }
      }
      edge = 0.5 * (lo + hi);
    }
    out[static_cast<std::size_t>(i)] = {b2, edge};
  }
  return out;
}

}  // namespace actviz
