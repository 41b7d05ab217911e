// What the GUI shows about a function beyond its values: curves sampled for drawing (adapted
// to the view, sharp at kinks, broken at jumps) and facts computed from f and f′ themselves
// (range, monotonicity, zero-centring, smoothness, steepest slope, saturation).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"

namespace actviz {

// ------------------------------------------------------------------------- curve sampling

// A jump of the sampled function at x: its limits from each side and its value at x. The
// plot draws a closed marker on the side the value belongs to and an open one on the other.
struct Jump {
  double x = 0;
  double left = 0, right = 0, at = 0;
};

struct Curve {
  std::vector<double> x, y;  // a NaN y separates pieces that must not be joined
  std::vector<Jump> jumps;
};

struct SampleOptions {
  int columns = 800;     // at least this many uniform samples (one per pixel column), ≤ 200000
  double y_pixels = 1;   // pixels per unit of y: refinement stops below ~¼ pixel
  int max_depth = 10;    // midpoint refinement depth per column
  bool log_abs = false;  // sample log10|g| (the log-scale plot of |f′|); g = 0 breaks
};

// Samples g over [x0, x1] for drawing: uniform columns, midpoints added where the curve bends
// by more than a fraction of a pixel, and each breakpoint sampled from both sides. A breakpoint
// where the two sides differ by more than a pixel becomes a jump (a NaN separator plus a Jump).
void SampleCurve(const std::function<double(double)>& g, double x0, double x1, const Breaks& breaks,
                 const SampleOptions& options, Curve& out);

// The textbook difference quotients of f at x with step h, evaluated literally, so that
// round-off (small h) and truncation (large h) both show: the derivative-check exercise.
enum class Difference : unsigned char { kForward, kCentral };
double DifferenceQuotient(const Activation& fn, const Params& p, double x, double h,
                          Difference kind);

// --------------------------------------------------------------------------------- facts

struct Interval {
  double lo = 0, hi = 0;
  bool lo_open = false, hi_open = false;  // an end that is a limit, not attained
};

// "x = 1.41421", "x > 0", "0 < x < 6", "x ≤ −3", "−3 ≤ x ≤ 3".
std::string FormatWhere(const Interval& where);

enum class Smoothness : unsigned char { kDiscontinuous, kC0, kC1, kCInf };
std::string_view SmoothnessLabel(Smoothness s);  // "discontinuous", "C⁰ …", "C¹ …", "C∞ …"

struct Facts {
  // Range of f: inf/sup over the whole line, and whether each is attained at a finite x.
  double range_lo = 0, range_hi = 0;
  bool lo_attained = false, hi_attained = false;
  int monotonic = 0;       // +1 non-decreasing, −1 non-increasing, 0 neither
  double mean_normal = 0;  // E[f(X)], X ~ N(0, 1): zero-centred when ≈ 0
  bool zero_centred = false;
  Smoothness smoothness = Smoothness::kCInf;
  double max_slope = 0;         // sup |f′| (may be ∞: logit at its ends)
  Interval max_slope_at;        // where it is reached (lo == hi for a point; ±∞ for a ray)
  double saturated_normal = 0;  // P(|f′(X)| < 0.01), X ~ N(0, 1)
};

// Computed numerically from fn.f and fn.df (a dense grid refined by bisection and golden
// sections, limits from ±∞). A few milliseconds; cache per (function, parameters).
Facts ComputeFacts(const Activation& fn, const Params& p);

inline constexpr double kSaturationSlope = 0.01;

// The parts of [x0, x1] where |f′| < 0.01, edges located by bisection to ~1e−9 of the span
// (at most 200000 samples).
std::vector<Interval> SaturationIntervals(const Activation& fn, const Params& p, double x0,
                                          double x1, int samples = 2000);

// Range as text with open/closed ends: "(0, 1)", "[0, ∞)", "(−∞, ∞)".
std::string FormatRange(const Facts& facts);

}  // namespace actviz
