// Pure axis arithmetic for the plot widget: view ranges and their guards, tick choice and tick
// labels, data<->pixel transforms, zoom/pan/fit. No ImGui types, so all of it is unit-tested.
// Sections: ranges and guards · ticks · labels · transform · zoom, pan, fit.
#pragma once

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace actviz::plot {

// The visible data range of one axis. Always lo < hi, both finite, after Sanitize().
struct Range {
  double lo = -1, hi = 1;
  double Span() const { return hi - lo; }
  bool operator==(const Range&) const = default;
};

// The y axis may be logarithmic: log10 plots y > 0 only; values <= 0 break the line.
enum class Scale { kLinear, kLog10 };

// ---- Ranges and guards -------------------------------------------------------------------
// Limits of a view, in axis space (data units for linear, decades for log). Below the minimum
// span the tick labels can no longer tell neighbours apart in double precision; beyond the
// maximum the view is meaningless and the pixel arithmetic approaches overflow.
inline constexpr double kMinRelativeSpan = 1e-12;  // span >= 1e-12 * max(1, |centre|)
inline constexpr double kMaxSpan = 1e12;
inline constexpr double kMaxLinearCentre = 1e12;  // so min span <= max span everywhere
inline constexpr double kMinLogExponent = -300;   // 10^±300 stays a normal double
inline constexpr double kMaxLogExponent = 300;

// Axis space: the coordinate that maps linearly to pixels (v for linear, log10 v for log;
// NaN for v <= 0 on a log axis).
// Inline: the renderer calls ToAxis for every point of every series.
inline double ToAxis(double v, Scale scale) {
  if (scale == Scale::kLinear) return v;
  return v > 0 ? std::log10(v) : std::numeric_limits<double>::quiet_NaN();
}
inline double FromAxis(double a, Scale scale) {
  return scale == Scale::kLinear ? a : std::pow(10.0, a);
}

// Returns a usable view close to `r`: finite, lo < hi (inverted input is swapped), span and
// centre within the limits above. On a log axis a non-positive bound is replaced (three
// decades below hi, or [0.1, 10] when nothing is positive). Unchanged when already valid.
Range Sanitize(Range r, Scale scale = Scale::kLinear);

// ---- Ticks -------------------------------------------------------------------------------
// The smallest step of the form {1,2,5}x10^k for which a span holds at most `max_ticks`
// ticks (max_ticks < 2 counts as 2). A non-finite or non-positive span gives 1.
double NiceStep(double span, int max_ticks);

// The step NiceTicks uses: NiceStep(hi - lo, max_ticks), or the next finer 1-2-5 step when
// the multiples of that one inside [lo, hi] still number at most max_ticks.
double TickStep(double lo, double hi, int max_ticks);

// Multiples of TickStep(lo, hi, max_ticks) inside [lo, hi], ascending, computed without
// accumulated error (3 x 0.1 is 0.3, not 0.30000000000000004). lo > hi is swapped; lo == hi
// gives {lo}; a NaN or infinite bound gives {}; a span too small for the precision of its
// position gives {lo, hi}. Never more than max(2, max_ticks) + 1 values.
std::vector<double> NiceTicks(double lo, double hi, int max_ticks);

// The lighter subdivisions between the major ticks of `major_step` (5 per step of 1 or 5,
// 4 per step of 2), excluding the majors. Empty when there would be more than 1000.
std::vector<double> MinorTicks(double lo, double hi, double major_step);

// Integer exponents (decades) inside [lo_exp, hi_exp]; when there are more than max_ticks,
// every 2nd, 5th, 10th, ... decade (aligned on multiples, so 10^0 stays a tick if visible).
std::vector<double> LogTicks(double lo_exp, double hi_exp, int max_ticks);

// Minor lines of a log axis as exponents: log10(2..9 x 10^k) when every decade is a major tick
// (stride 1), otherwise the skipped decades. Empty when there would be more than 1000.
std::vector<double> LogMinorTicks(double lo_exp, double hi_exp, double stride);

// ---- Labels ------------------------------------------------------------------------------
// A tick label with as many decimals as `step` needs and no trailing zeros; exactly "0" for
// values within step x 1e-6 of zero (never "-0"); scientific ("1e-06", "2.5e+07") when
// |v| >= 1e5 or step < 1e-4. "nan", "inf", "-inf" as such.
std::string FormatTick(double v, double step);

// "10⁻³" (UTF-8 superscripts U+2070..U+207B, ¹²³ from Latin-1) for a decade exponent,
// rounded to the nearest integer.
std::string FormatLogTick(double exponent);

// The same decade without superscripts, for fonts that lack them: "0.001", "1", "100", "1e+05".
std::string FormatLogTickAscii(double exponent);

// ---- Transform ---------------------------------------------------------------------------
// Maps one axis between data and pixels: `r.lo` lands on pixel_lo and `r.hi` on pixel_hi
// (for y, pass the bottom pixel as pixel_lo). Linear in axis space. ToPixel gives NaN for
// NaN (and for v <= 0 on a log axis) and may give huge or infinite values far outside the
// view: the caller clamps or clips before handing pixels to a float.
struct Transform {
  Transform() = default;
  Transform(Range r, Scale scale, double pixel_lo, double pixel_hi);
  double ToPixel(double v) const { return p0 + (ToAxis(v, scale) - a0) * k; }
  double FromPixel(double p) const { return FromAxis(a0 + (p - p0) / k, scale); }
  double PixelsPerAxisUnit() const { return k; }

  Scale scale = Scale::kLinear;
  double a0 = -1, a1 = 1;  // the range in axis space
  double p0 = 0, p1 = 1;   // pixel of a0, of a1
  double k = 0.5;          // pixels per axis unit (negative for y: pixels grow downwards)
};

// ---- Zoom, pan, fit ----------------------------------------------------------------------
// All work in axis space (so a log axis zooms and pans by decades) and return Sanitize()d
// ranges; a non-finite argument leaves the (sanitized) range as it was.

// Scales the span by `factor` (< 1 zooms in) keeping `anchor` at the same pixel: its relative
// position in the view is unchanged (a NaN anchor, or one <= 0 on log, means the centre).
// The new span is clamped to the limits before placing it, so the anchor stays fixed even
// when zooming against a limit.
Range ZoomAbout(Range r, double anchor, double factor, Scale scale = Scale::kLinear);

// Shifts by `delta` axis units (data units on a linear axis, decades on a log axis).
Range Pan(Range r, double delta, Scale scale = Scale::kLinear);

// The range of the finite values (log: of the positive finite values) widened by
// margin x span on each side; a log fit is widened by at most `margin` decades, then out
// to whole decades. Constant data gets a
// span of 20% of its magnitude (or [-1, 1] around 0; one decade either side on log); no
// usable values give the default view ([-1, 1]; [0.1, 10] on log).
Range FitRange(std::span<const double> values, Scale scale, double margin = 0.05);

}  // namespace actviz::plot
