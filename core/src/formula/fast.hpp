// The fast path of the exact evaluator: the program on intervals of doubles, every result
// widened outward past its rounding error (one ULP for + − × ÷ and √, which IEEE rounds
// correctly; eight for the library's transcendental functions, past glibc's documented
// bounds), so the interval always holds the true value. When both ends round to one float,
// that float is the true value rounded; otherwise (an interval too wide, an overflow, a
// branch or comparison it cannot decide) the element goes to the ball arithmetic.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "actviz/formula/formula.hpp"
#include "formula/program.hpp"

namespace actviz::formula::detail {

// The float32 value of e at x (x and params already float32 values), or nothing when the
// intervals cannot prove it.
std::optional<float> FastF32(const Expr& e, const Program& prog, double x,
                             std::span<const double> params);

}  // namespace actviz::formula::detail
