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

// e with identities the intervals evaluate more tightly: log(1 + a) as log1p(a), exp(a) − 1
// as expm1(a), and log1p(exp(a)) as max(a, 0) + log1p(exp(−|a|)) (where e^a would
// overflow). Each is the same function, so the result is the same value; only the fast path
// reads this form (the balls read e as written).
Expr FastForm(const Expr& e);

// The float32 value of e at x (x and params already float32 values), or nothing when the
// intervals cannot prove it.
std::optional<float> FastF32(const Expr& e, const Program& prog, double x,
                             std::span<const double> params);

}  // namespace actviz::formula::detail
