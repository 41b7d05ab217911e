// ULP distance against a reference held in long double (64-bit significand, so the measured
// error itself is exact to about 1/2000 ULP of a double).
#pragma once

#include <cmath>
#include <limits>

namespace actviz::test {

// The spacing of T at the magnitude m (m ≥ 0): the ULP that errors are measured in.
template <class T>
long double UlpAt(long double m) {
  if (m < static_cast<long double>(std::numeric_limits<T>::min()))
    return std::numeric_limits<T>::denorm_min();
  int e = 0;
  std::frexp(m, &e);  // m = f·2^e, f ∈ [½, 1)
  return std::ldexp(1.0L, e - std::numeric_limits<T>::digits);
}

// Error of `got` in ULPs of T against the exact `want`. `scale` > 0 measures the error
// against the size of cancelling terms instead of the result (spec: near interior roots).
// Results whose exact value is below T's normal range may flush to zero (error 0).
// Returns +inf for a wrong NaN / infinity.
template <class T>
double UlpError(T got, long double want, long double scale = 0) {
  if (std::isnan(want)) return std::isnan(got) ? 0 : INFINITY;
  if (std::isnan(got)) return INFINITY;
  const T rounded = static_cast<T>(want);  // round-to-nearest, overflow to ±inf
  if (std::isinf(rounded) || std::isinf(got)) return got == rounded ? 0 : INFINITY;
  const long double mag = std::fmax(std::fabs(want), scale);
  if (got == 0 && mag < static_cast<long double>(std::numeric_limits<T>::min())) return 0;
  return static_cast<double>(std::fabs(static_cast<long double>(got) - want) / UlpAt<T>(mag));
}

}  // namespace actviz::test
