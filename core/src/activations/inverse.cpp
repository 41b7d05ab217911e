// Which functions are invertible on their range (see inverse.hpp for the sampling argument).
#include "actviz/activations/inverse.hpp"

#include <cmath>

namespace actviz {

bool Invertible(const Activation& fn, const Params& p) {
  constexpr int kSamples = 3201;
  constexpr double kLo = -8, kHi = 8;
  int sign = 0, seen = 0;
  double last = NAN;
  for (int i = 0; i < kSamples; ++i) {
    const double x = kLo + (kHi - kLo) * i / (kSamples - 1);
    const double y = fn.f(x, p);
    if (std::isnan(y)) continue;  // outside the domain (logit beyond (0, 1))
    ++seen;
    if (!std::isnan(last)) {
      if (y == last) return false;  // flat: two x for one y
      const int s = y > last ? 1 : -1;
      if (sign != 0 && s != sign) return false;  // turns
      sign = s;
    }
    last = y;
  }
  return seen >= 2 && sign != 0;
}

const Activation* NamedInverse(const Activation& fn, const Params&) {
  if (fn.name == "sigmoid") return Find("logit");
  if (fn.name == "logit") return Find("sigmoid");
  return nullptr;
}

}  // namespace actviz
