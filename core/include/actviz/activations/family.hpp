// Families of curves and the limits the notes derive (issue 18):
//   a family: one parameter of a function swept over n members between two ends, spaced
//   evenly or geometrically (β from 0.25 to 32 doubles at each step: geometric);
//   softplus_β → ReLU: the gap max_x |softplus_β(x) − max(0, x)| = ln 2 / β, attained at x = 0
//   (both sides: softplus_β(x) − relu(x) = ln(1 + e^(−β|x|))/β, largest at x = 0), and t = e^β
//   the base of the note's log_t(1 + t^x);
//   the tropical sum x ⊕_t y = log_t(t^x + t^y) → max(x, y) as t → ∞, its excess over the
//   maximum being log_t(1 + t^(−|x − y|)) ∈ (0, log_t 2].
// Accuracy: FamilyValues' ends are the given ends exactly; every member is within 2 ULP of
// from·(to/from)^(i/(n−1)) (geometric) or from + i·(to − from)/(n−1) (even). The limits are
// within a few ULP (tested against mpmath in core/tests/family_test.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"

namespace actviz {

inline constexpr int kMinFamily = 2, kMaxFamily = 16;

struct FamilySpec {
  int param = 0;            // index into fn.params
  double from = 0, to = 1;  // the two ends, in either order
  int n = 8;                // members, 2 … 16
  bool geometric = false;   // ends of one sign and non-zero: constant ratio between members
};

// Members' parameter sets (the function's `base` with the swept parameter replaced), or a
// message: no such parameter, n out of range, non-finite ends, a geometric spacing over 0 or
// a change of sign, or a member outside the parameter's domain.
std::optional<std::string> FamilyMembers(const Activation& fn, const Params& base,
                                         const FamilySpec& spec, std::vector<Params>& out);

// The swept values alone (no function): for a geometric sweep, from·(to/from)^(i/(n−1)).
std::optional<std::string> FamilyValues(const FamilySpec& spec, std::vector<double>& out);

// The spacing a parameter wants by default: geometric when its range is positive and spans a
// factor of 10 or more (softplus β, 0.25 … 32), else even (leaky ReLU α, 0 … 1).
bool DefaultGeometric(const ParamSpec& p);

// The member of `values` (f or f′ at x) nearest to y: the one under the cursor; −1 if none
// is finite.
int NearestMember(const std::vector<double>& values, double y);

// max_x |softplus_β(x) − relu(x)| = ln 2 / β (at x = 0); NaN unless β > 0.
double SoftplusReluGap(double beta);

// x ⊕_t y = log_t(t^x + t^y) = max + log1p(t^(−|x − y|))/ln t, for t > 1 (no overflow for any
// finite x, y and t); NaN for t ≤ 1 or NaN in.
double TropicalSum(double x, double y, double t);
// TropicalSum − max(x, y) = log1p(t^(−|x − y|))/ln t, without the cancellation of subtracting.
double TropicalExcess(double x, double y, double t);

}  // namespace actviz
