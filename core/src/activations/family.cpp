// Families of curves and the softplus/tropical limits (see family.hpp for the formulations).
#include "actviz/activations/family.hpp"

#include <cmath>
#include <limits>

namespace actviz {

std::optional<std::string> FamilyValues(const FamilySpec& s, std::vector<double>& out) {
  if (s.n < kMinFamily || s.n > kMaxFamily) return "a family has 2 to 16 members";
  if (!std::isfinite(s.from) || !std::isfinite(s.to)) return "the family's ends must be finite";
  // Signs compared, not the product: 1e−200·1e−200 underflows to 0.
  if (s.geometric && !((s.from > 0 && s.to > 0) || (s.from < 0 && s.to < 0)))
    return "a geometric family needs two ends of one sign, neither 0";
  out.resize(static_cast<std::size_t>(s.n));
  const double last = s.n - 1;
  // ln(to/from), or ln|to| − ln|from| where the ratio leaves the normal doubles (1e308 over
  // 1e−308 is ∞): the difference cancels when the ends are close, the ratio does not.
  const double ratio = s.to / s.from;
  const double log_ratio = !s.geometric ? 0.0
                           : std::isnormal(ratio)
                               ? std::log(ratio)
                               : std::log(std::fabs(s.to)) - std::log(std::fabs(s.from));
  for (int i = 0; i < s.n; ++i) {
    const double u = i / last;
    double v;
    if (s.geometric) {  // from·(to/from)^u through logs: exact ratio steps, no overflow
      const double e = std::exp(u * log_ratio);
      // (to/from)^u beyond the doubles (ln of it up to 1454) in three steps of at most e^485,
      // each partial product between from and the member, so none overflows or underflows.
      const double third = std::exp(u * log_ratio / 3);
      v = std::isnormal(e) ? s.from * e : s.from * third * third * third;
    } else {  // (1 − u)·from + u·to: exact at both ends, monotone, no overflow of to − from
      v = (1 - u) * s.from + u * s.to;
    }
    out[static_cast<std::size_t>(i)] = v;
  }
  out.front() = s.from;
  out.back() = s.to;
  return std::nullopt;
}

std::optional<std::string> FamilyMembers(const Activation& fn, const Params& base,
                                         const FamilySpec& s, std::vector<Params>& out) {
  if (s.param < 0 || static_cast<std::size_t>(s.param) >= fn.params.size())
    return std::string(fn.label) + " has no parameter to sweep";
  std::vector<double> values;
  if (auto err = FamilyValues(s, values)) return err;
  std::vector<Params> members;
  for (double v : values) {
    Params p = base;
    p.v[static_cast<std::size_t>(s.param)] = v;
    if (auto err = Validate(fn, p)) return "family member " + *err;
    members.push_back(p);
  }
  out = std::move(members);
  return std::nullopt;
}

bool DefaultGeometric(const ParamSpec& p) {
  return p.lo > 0 && p.hi / p.lo >= 10;
}

int NearestMember(const std::vector<double>& values, double y) {
  int best = -1;
  double dist = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double d = std::fabs(values[i] - y);
    if (std::isfinite(values[i]) && (best < 0 || d < dist)) best = static_cast<int>(i), dist = d;
  }
  return best;
}

double SoftplusReluGap(double beta) {
  if (!(beta > 0)) return std::numeric_limits<double>::quiet_NaN();
  return std::log(2.0) / beta;  // ln 2 rounded once, one division: ≤ 1 ULP
}

double TropicalExcess(double x, double y, double t) {
  if (!(t > 1) || std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::quiet_NaN();
  const double lt = std::log(t);
  if (x == y) return std::log(2.0) / lt;  // also ±∞ = ±∞
  // t^(−|x − y|) by pow (within 1 ULP; e^(−|x − y|·ln t) would amplify the rounding of the
  // product by its size, ~170 ULP at t = 1e300): underflows to 0 gracefully, never overflows.
  return std::log1p(std::pow(t, -std::fabs(x - y))) / lt;
}

double TropicalSum(double x, double y, double t) {
  const double e = TropicalExcess(x, y, t);
  return std::fmax(x, y) + e;
}

}  // namespace actviz
