// Axis arithmetic of the plot widget: guards, 1-2-5 ticks, labels, transforms, zoom/pan/fit.
// Sections: ranges and guards · ticks · labels · transform · zoom, pan, fit.
#include "plot/ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <utility>

namespace actviz::plot {
namespace {

// Hard caps so no input can make a tick loop run away.
constexpr int kMaxMajorTicks = 1000;
constexpr int kMaxMinorTicks = 1000;

// Largest integer up to which every integer is a double (2^53): beyond it k and k+1 collide.
constexpr double kMaxExactInteger = 9007199254740992.0;

// Superscript digits in UTF-8 (¹²³ are Latin-1, the others U+2070..U+2079).
constexpr const char* kSuperscriptDigits[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
constexpr const char* kSuperscriptMinus = "⁻";  // U+207B

double Pow10(double e) {
  return std::pow(10.0, e);
}

}  // namespace

// ---- Ranges and guards -------------------------------------------------------------------

namespace {

// Guards a range already in axis space.
Range SanitizeAxis(Range a, Scale scale) {
  const bool log = scale == Scale::kLog10;
  const double bound_lo = log ? kMinLogExponent : -(kMaxLinearCentre + kMaxSpan / 2);
  const double bound_hi = log ? kMaxLogExponent : kMaxLinearCentre + kMaxSpan / 2;
  const double max_span = log ? std::min(kMaxSpan, bound_hi - bound_lo) : kMaxSpan;
  const Range fallback{-1, 1};  // [-1, 1] on linear, [0.1, 10] on log

  // NaN bounds: keep the usable one (three decades / one unit below or above it).
  const double fill = log ? 3 : 1;
  if (std::isnan(a.lo) && std::isnan(a.hi)) return fallback;
  if (std::isnan(a.lo)) a.lo = a.hi - fill;
  if (std::isnan(a.hi)) a.hi = a.lo + fill;
  if (a.lo > a.hi) std::swap(a.lo, a.hi);
  // Infinite or enormous bounds are pulled in to the outermost allowed view.
  a.lo = std::clamp(a.lo, bound_lo, bound_hi);
  a.hi = std::clamp(a.hi, bound_lo, bound_hi);

  double centre = a.lo / 2 + a.hi / 2;  // halves first: lo + hi may overflow for raw input
  double span = a.hi - a.lo;
  const double centre_limit = log ? kMaxLogExponent : kMaxLinearCentre;
  const double clamped_centre = std::clamp(centre, -centre_limit, centre_limit);
  const double min_span = kMinRelativeSpan * std::max(1.0, std::abs(clamped_centre));
  const double clamped_span = std::clamp(span, min_span, max_span);
  if (clamped_centre == centre && clamped_span == span) return a;  // untouched: no rounding
  centre = clamped_centre;
  span = clamped_span;
  // On log, keep the whole view inside the exponent bounds (the centre limit alone is not).
  if (log) centre = std::clamp(centre, bound_lo + span / 2, bound_hi - span / 2);
  return {centre - span / 2, centre + span / 2};
}

Range AxisRange(Range r, Scale scale) {
  return {ToAxis(r.lo, scale), ToAxis(r.hi, scale)};
}
Range DataRange(Range a, Scale scale) {
  return {FromAxis(a.lo, scale), FromAxis(a.hi, scale)};
}

}  // namespace

Range Sanitize(Range r, Scale scale) {
  if (scale == Scale::kLog10) {
    // A non-positive (or NaN) bound has no logarithm: keep three decades next to the other.
    const bool lo_ok = r.lo > 0, hi_ok = r.hi > 0;
    if (!lo_ok && !hi_ok) {
      r = {0.1, 10};
    } else if (!lo_ok) {
      r.lo = r.hi * 1e-3;
    } else if (!hi_ok) {
      r.hi = r.lo * 1e3;
    }
  }
  const Range a = AxisRange(r, scale);
  const Range s = SanitizeAxis(a, scale);
  if (s == a && std::isfinite(r.lo) && std::isfinite(r.hi)) return r;  // exact, no round trip
  return DataRange(s, scale);
}

// ---- Ticks -------------------------------------------------------------------------------

double NiceStep(double span, int max_ticks) {
  if (!(span > 0) || !std::isfinite(span)) return 1;
  const int n = std::max(2, max_ticks);
  const double raw = span / (n - 1);
  const double e = std::floor(std::log10(raw));
  const double base = Pow10(e);
  // The relative slack absorbs log10/pow rounding so an exact 1-2-5 span picks itself.
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * base >= raw * (1 - 1e-12)) return m * base;
  }
  return 10 * base;
}

namespace {

// k x step without the error of a repeated sum or of an inexact decimal step: for steps
// below one, divide by the exact integer 1/step (3 / 10 rounds to 0.3; 3 x 0.1 does not).
double TickValue(double k, double step) {
  if (step < 1) {
    const double inv = std::round(1 / step);
    if (inv <= 1e22 && std::abs(1 / step - inv) <= 1e-9 * inv) return k / inv;
  }
  return k * step;
}

// Multiples of `step` inside [lo, hi]; values within a hair of a bound snap onto it so that
// rounding never puts a tick a few ulp outside the range.
std::vector<double> MultiplesIn(double lo, double hi, double step, int cap) {
  std::vector<double> out;
  const double k0 = std::ceil(lo / step - 1e-9);
  const double k1 = std::floor(hi / step + 1e-9);
  if (!std::isfinite(k0) || !std::isfinite(k1) || k1 < k0) return out;
  if (std::abs(k0) > kMaxExactInteger || std::abs(k1) > kMaxExactInteger) return out;
  if (k1 - k0 + 1 > cap) return out;
  for (double k = k0; k <= k1; k += 1) {
    double v = TickValue(k, step);
    if (std::abs(v) < step * 1e-9) v = 0;
    v = std::clamp(v, lo, hi);
    if (out.empty() || v > out.back()) out.push_back(v);
  }
  return out;
}

}  // namespace

double TickStep(double lo, double hi, int max_ticks) {
  if (lo > hi) std::swap(lo, hi);
  const int n = std::clamp(max_ticks, 2, kMaxMajorTicks);
  const double step = NiceStep(hi - lo, n);
  // NiceStep bounds the count for the worst alignment of the span; the actual bounds may
  // leave room for one finer step (-7.3..-2.1 holds five ticks of 1, not six).
  const double e = std::floor(std::log10(step) + 1e-9);
  const double m = std::round(step / Pow10(e));
  const double finer = m == 1 ? 0.5 * Pow10(e) : m == 2 ? Pow10(e) : 2 * Pow10(e);
  const double count = std::floor(hi / finer + 1e-9) - std::ceil(lo / finer - 1e-9) + 1;
  return std::isfinite(count) && count >= 2 && count <= n ? finer : step;
}

std::vector<double> NiceTicks(double lo, double hi, int max_ticks) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
  if (lo > hi) std::swap(lo, hi);
  if (lo == hi) return {lo};
  const int n = std::clamp(max_ticks, 2, kMaxMajorTicks);
  if (!std::isfinite(hi - lo)) return {lo, hi};  // only at the edges of the double range
  const double step = TickStep(lo, hi, n);
  std::vector<double> ticks = MultiplesIn(lo, hi, step, n + 1);
  // A span too small for the precision of its position (k beyond 2^53) has no distinct
  // multiples; the bounds themselves are the honest ticks.
  if (ticks.empty()) return {lo, hi};
  return ticks;
}

std::vector<double> MinorTicks(double lo, double hi, double major_step) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(major_step > 0) || !std::isfinite(major_step)) {
    return {};
  }
  if (lo > hi) std::swap(lo, hi);
  const double mantissa = major_step / Pow10(std::floor(std::log10(major_step)));
  const int parts = std::abs(mantissa - 2) < 0.01 ? 4 : 5;
  const double step = major_step / parts;
  const double k0 = std::ceil(lo / step - 1e-9);
  const double k1 = std::floor(hi / step + 1e-9);
  std::vector<double> out;
  if (!std::isfinite(k0) || !std::isfinite(k1) || k1 < k0 || k1 - k0 + 1 > kMaxMinorTicks) {
    return out;
  }
  if (std::abs(k0) > kMaxExactInteger || std::abs(k1) > kMaxExactInteger) return out;
  for (double k = k0; k <= k1; k += 1) {
    const auto ki = static_cast<std::int64_t>(k);
    if (ki % parts == 0) continue;  // a major tick
    out.push_back(std::clamp(TickValue(k, step), lo, hi));
  }
  return out;
}

std::vector<double> LogTicks(double lo_exp, double hi_exp, int max_ticks) {
  if (!std::isfinite(lo_exp) || !std::isfinite(hi_exp)) return {};
  if (lo_exp > hi_exp) std::swap(lo_exp, hi_exp);
  const int n = std::clamp(max_ticks, 2, kMaxMajorTicks);
  // Strides of whole decades in 1-2-5 steps; a sub-decade span still steps by one decade.
  const double stride = std::max(1.0, std::round(NiceStep(hi_exp - lo_exp, n)));
  std::vector<double> out = MultiplesIn(lo_exp, hi_exp, stride, n + 1);
  // MultiplesIn snaps to the bounds; only whole decades are decade ticks.
  std::erase_if(out, [](double e) { return e != std::round(e); });
  return out;
}

std::vector<double> LogMinorTicks(double lo_exp, double hi_exp, double stride) {
  std::vector<double> out;
  if (!std::isfinite(lo_exp) || !std::isfinite(hi_exp) || !(stride >= 1)) return out;
  if (lo_exp > hi_exp) std::swap(lo_exp, hi_exp);
  const double first = std::floor(lo_exp), last = std::ceil(hi_exp);
  if (stride == 1) {
    if ((last - first) * 8 > kMaxMinorTicks) return out;
    for (double e = first; e <= last; e += 1) {
      for (int m = 2; m <= 9; ++m) {
        const double v = e + std::log10(static_cast<double>(m));
        if (v >= lo_exp && v <= hi_exp) out.push_back(v);
      }
    }
    return out;
  }
  if (last - first > kMaxMinorTicks) return out;
  for (double e = first; e <= last; e += 1) {
    if (e >= lo_exp && e <= hi_exp && std::fmod(e, stride) != 0) out.push_back(e);
  }
  return out;
}

// ---- Labels ------------------------------------------------------------------------------

namespace {

// Decimals needed to write multiples of `step` exactly: the smallest d with step x 10^d an
// integer (to 1e-6 relative, which absorbs the binary representation of decimal steps).
int DecimalsOf(double step) {
  for (int d = 0; d < 16; ++d) {
    const double scaled = step * Pow10(d);
    if (std::abs(scaled - std::round(scaled)) <= 1e-6 * std::max(1.0, scaled)) return d;
  }
  return 16;
}

// Removes trailing zeros of the fraction ("2.500" -> "2.5", "3.000" -> "3"), before an
// exponent if there is one ("2.50e+07" -> "2.5e+07").
std::string StripZeros(std::string s) {
  const std::size_t exp = s.find('e');
  std::string tail = exp == std::string::npos ? "" : s.substr(exp);
  std::string head = exp == std::string::npos ? s : s.substr(0, exp);
  if (head.find('.') != std::string::npos) {
    while (!head.empty() && head.back() == '0') {
      head.pop_back();
    }
    if (!head.empty() && head.back() == '.') head.pop_back();
  }
  if (head == "-0") head = "0";
  return head + tail;
}

}  // namespace

std::string FormatTick(double v, double step) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  if (!(step > 0) || !std::isfinite(step)) {
    if (v == 0) return "0";
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return StripZeros(buf);
  }
  if (std::abs(v) < step * 1e-6) return "0";  // also -0 and the residue of a sum near zero
  const bool scientific = std::abs(v) >= 1e5 || step < 1e-4;
  if (!scientific) {
    std::snprintf(buf, sizeof buf, "%.*f", DecimalsOf(step), v);
    return StripZeros(buf);
  }
  // Significant digits: from the leading digit of v down to the last digit of the step.
  const double step_exp = std::floor(std::log10(step));
  const int step_mantissa_decimals = DecimalsOf(step / Pow10(step_exp));
  const double v_exp = std::floor(std::log10(std::abs(v)));
  const int digits = std::clamp(static_cast<int>(v_exp - step_exp) + step_mantissa_decimals, 0, 16);
  std::snprintf(buf, sizeof buf, "%.*e", digits, v);
  return StripZeros(buf);
}

std::string FormatLogTick(double exponent) {
  if (!std::isfinite(exponent)) return FormatTick(exponent, 1);
  const long long e = std::llround(exponent);
  std::string out = "10";
  if (e < 0) out += kSuperscriptMinus;
  const std::string digits = std::to_string(e < 0 ? -e : e);
  for (char c : digits) {
    out += kSuperscriptDigits[c - '0'];
  }
  return out;
}

std::string FormatLogTickAscii(double exponent) {
  if (!std::isfinite(exponent)) return FormatTick(exponent, 1);
  const double v = Pow10(std::round(exponent));
  return FormatTick(v, v);
}

// ---- Transform ---------------------------------------------------------------------------

Transform::Transform(Range r, Scale s, double pixel_lo, double pixel_hi)
    : scale(s),
      a0(ToAxis(r.lo, s)),
      a1(ToAxis(r.hi, s)),
      p0(pixel_lo),
      p1(pixel_hi),
      k(a1 != a0 ? (pixel_hi - pixel_lo) / (a1 - a0) : 0) {}

// ---- Zoom, pan, fit ----------------------------------------------------------------------

Range ZoomAbout(Range r, double anchor, double factor, Scale scale) {
  r = Sanitize(r, scale);
  if (!(factor > 0) || !std::isfinite(factor)) return r;
  const Range a = AxisRange(r, scale);
  const double span = a.hi - a.lo;
  double pivot = ToAxis(anchor, scale);
  if (!std::isfinite(pivot)) pivot = a.lo / 2 + a.hi / 2;
  const double t = (pivot - a.lo) / span;  // relative position of the anchor, kept
  const double min_span = kMinRelativeSpan * std::max(1.0, std::abs(pivot));
  const double max_span = scale == Scale::kLog10 ? kMaxLogExponent - kMinLogExponent : kMaxSpan;
  const double new_span = std::clamp(span * factor, min_span, max_span);
  const double lo = pivot - t * new_span;
  return DataRange(SanitizeAxis({lo, lo + new_span}, scale), scale);
}

Range Pan(Range r, double delta, Scale scale) {
  r = Sanitize(r, scale);
  if (!std::isfinite(delta)) return r;
  const Range a = AxisRange(r, scale);
  return DataRange(SanitizeAxis({a.lo + delta, a.hi + delta}, scale), scale);
}

Range FitRange(std::span<const double> values, Scale scale, double margin) {
  if (!(margin >= 0) || !std::isfinite(margin)) margin = 0.05;
  // Extremes in axis space: log10 of the positive values on a log axis.
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : values) {
    const double a = ToAxis(v, scale);
    if (!std::isfinite(a)) continue;
    lo = std::min(lo, a);
    hi = std::max(hi, a);
  }
  if (lo > hi) return scale == Scale::kLog10 ? Range{0.1, 10} : Range{-1, 1};

  if (scale == Scale::kLog10) {
    // The margin is capped at `margin` decades: rounding out to whole decades already leaves
    // room, except for data just below or at a decade, which then gets the next one.
    const double pad = std::min(margin * (hi - lo), margin);
    double e0 = std::floor(lo - pad), e1 = std::ceil(hi + pad);
    if (e0 == e1) {  // a constant that is an exact power of ten
      e0 -= 1;
      e1 += 1;
    }
    return DataRange(SanitizeAxis({e0, e1}, scale), scale);
  }
  if (lo == hi) {
    const double half = lo != 0 ? std::abs(lo) * 0.1 : 1;
    return Sanitize({lo - half, hi + half});
  }
  const double pad = margin * (hi / 2 - lo / 2) * 2;  // halves: hi - lo may overflow
  return Sanitize({lo - pad, hi + pad});
}

}  // namespace actviz::plot
