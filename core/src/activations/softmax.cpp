// Softmax in extended precision (see softmax.hpp for the stable formulation and its contract).
#include "actviz/activations/softmax.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace actviz {

std::optional<std::string> Softmax(std::span<const double> z, double temperature,
                                   SoftmaxResult& out, double sign) {
  const std::size_t n = z.size();
  if (n < static_cast<std::size_t>(kMinLogits) || n > static_cast<std::size_t>(kMaxLogits))
    return "softmax takes 2 to 1000 logits, not " + std::to_string(n);
  if (!(std::isfinite(temperature) && temperature > 0))
    return "the temperature must be finite and > 0";
  for (double v : z)
    if (!std::isfinite(v)) return "every logit must be finite";
  using ld = long double;
  std::vector<ld> x(n);
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // z/T in long double never overflows (|z| < 2¹⁰²⁴, T ≥ 2⁻¹⁰⁷⁴: under 2²¹⁰⁰ ≪ 2¹⁶³⁸⁴).
    x[i] = static_cast<ld>(sign) * static_cast<ld>(z[i]) / static_cast<ld>(temperature);
    if (x[i] > x[k]) k = i;
  }
  const ld m = x[k];
  std::vector<ld> e(n);
  ld rest = 0;  // Σ_{j≠k} e^(xⱼ − m)
  for (std::size_t i = 0; i < n; ++i) {
    x[i] -= m;  // exact in most cases, and in any case to 2⁻⁶⁴ relative
    e[i] = i == k ? 1.0L : std::exp(x[i]);
    if (i != k) rest += e[i];
  }
  const ld total = 1 + rest;
  const ld log_total = std::log1p(rest);
  out.p.resize(n);
  out.log_p.resize(n);
  out.overflow.reset();
  // Rounds to double; the first value beyond the double range is remembered (as ±∞ it
  // would otherwise reach the output, or JSON's null, without a word).
  auto narrow = [&](ld v, const auto& entry) {
    const double d = static_cast<double>(v);
    if (std::isinf(d) && !out.overflow) out.overflow = SoftmaxOverflow{entry(), v};
    return d;
  };
  std::vector<ld> p(n);
  for (std::size_t i = 0; i < n; ++i) {
    p[i] = e[i] / total;
    out.p[i] = static_cast<double>(p[i]);
    out.log_p[i] = narrow(x[i] - log_total, [i] { return "log p[" + std::to_string(i + 1) + "]"; });
  }
  out.jacobian.assign(n * n, 0.0);
  const ld t = static_cast<ld>(temperature) * static_cast<ld>(sign);  // ∂(sign·z/T)/∂z
  for (std::size_t i = 0; i < n; ++i) {
    // 1 − pᵢ = Σ_{j≠i} pⱼ: for the arg max that is rest/total; for any other i, pᵢ ≤ ½, and
    // (total − eᵢ)/total cancels at most one bit.
    const ld others = (i == k ? rest : total - e[i]) / total;
    for (std::size_t j = 0; j < n; ++j)
      out.jacobian[i * n + j] = narrow(i == j ? p[i] * others / t : -(p[i] * p[j]) / t, [i, j] {
        return "Jacobian [" + std::to_string(i + 1) + "][" + std::to_string(j + 1) + "]";
      });
  }
  return std::nullopt;
}

double SoftmaxSafeTemperature(std::span<const double> z) {
  using ld = long double;
  constexpr ld kMax = std::numeric_limits<double>::max();
  ld lo = 0, hi = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    lo = i == 0 ? z[i] : std::min<ld>(lo, z[i]);
    hi = i == 0 ? z[i] : std::max<ld>(hi, z[i]);
  }
  const ld bound = std::max((hi - lo) / (kMax / 2), 1 / (2 * kMax));  // spread < 2¹⁰²⁵: exact
  double t = static_cast<double>(bound);
  if (static_cast<ld>(t) < bound) t = std::nextafter(t, std::numeric_limits<double>::infinity());
  return t;
}

std::vector<float> NaiveSoftmaxF32(std::span<const double> z, double temperature) {
  std::vector<float> out(z.size());
  float sum = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    out[i] = std::exp(static_cast<float>(z[i]) / static_cast<float>(temperature));
    sum += out[i];
  }
  for (float& v : out)
    v /= sum;
  return out;
}

}  // namespace actviz
