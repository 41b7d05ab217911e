// The non-finite values the plot's guards are fed: NaN breaks a line, ±∞ must never reach a
// float pixel coordinate.
#pragma once

#include <limits>

namespace actviz::plot::test {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();

}  // namespace actviz::plot::test
