// Softmax and its relatives over K logits (spec/activations.md, spec/cli.md `actviz softmax`):
// p = softmax(z/T), log p, the Jacobian ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ)/T. Accuracy contract: each
// output within a few ULP of the exact value for any finite logits and T > 0 (measured against
// mpmath in app/tests/softmax_cli_test.py), because:
//   the maximum m of z/T is subtracted first (no overflow), and the shifted logits, their
//   exponentials and sums are carried in x87 extended precision (64-bit significand), so
//   the rounding of z/T − m is not amplified by e^x (|x| up to ~745 would cost ~700 ULP);
//   log pᵢ = (zᵢ/T − m) − log1p(Σ_{j≠k} e^(zⱼ/T − m)), k the arg max: finite where pᵢ
//   underflows, no cancellation where pᵢ ≈ 1;
//   1 − pᵢ is Σ_{j≠i} pⱼ, never a subtraction from 1.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace actviz {

inline constexpr int kMinLogits = 2, kMaxLogits = 1000;

// An output whose exact value is beyond the largest double (|log pᵢ| ≈ |zᵢ − max z|/T, or
// |∂pᵢ/∂zⱼ| up to 1/(4T) at a tiny temperature): which one, and about how large it is.
struct SoftmaxOverflow {
  std::string entry;  // "log p[2]", "Jacobian [1][1]" (1-based)
  long double value = 0;
};

struct SoftmaxResult {
  std::vector<double> p, log_p;
  std::vector<double> jacobian;  // K × K, row-major: jacobian[i·K + j] = ∂pᵢ/∂zⱼ
  // The first output that overflowed to ±∞ (the others are exact to a few ULP, p never
  // overflows); a caller shows it or refuses the temperature, never prints the ∞ silently.
  std::optional<SoftmaxOverflow> overflow;
};

// softmax(sign·z/T): sign = +1, or −1 for softmin. An error message for fewer than 2 or more
// than 1000 logits, a non-finite logit, or T not finite and > 0. Results beyond the double
// range are ±∞ with `overflow` set.
std::optional<std::string> Softmax(std::span<const double> z, double temperature,
                                   SoftmaxResult& out, double sign = 1);

// A temperature from which every output for these logits is a finite double: with
// T ≥ max(spread/(DBL_MAX/2), 1/(2·DBL_MAX)), spread = max z − min z, |log pᵢ| ≤ spread/T +
// ln 1000 and |∂pᵢ/∂zⱼ| ≤ 1/(4T) are both at most about DBL_MAX/2. (Smaller temperatures
// can still fit: the bound is sufficient, not necessary.)
double SoftmaxSafeTemperature(std::span<const double> z);

// The textbook float32 formula e^z / Σ e^z without the shift, as a notebook would write it:
// for showing where it overflows into NaN or underflows to 0.
std::vector<float> NaiveSoftmaxF32(std::span<const double> z, double temperature);

}  // namespace actviz
