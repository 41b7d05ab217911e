// The catalogue table: names, labels, formulas and parameters of spec/activations.md, bound
// to the formulas in formulas.hpp at both precisions. A new activation is one row here, its
// struct in formulas.hpp (and GLSL pair), and its reference (README: "Adding an activation").
#include "actviz/activations/catalogue.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "activations/formulas.hpp"
#include "activations/simd/kernels.hpp"
#include "actviz/base/parse.hpp"

namespace actviz {
namespace {

namespace fm = formulas;

static_assert(std::numeric_limits<long double>::digits >= 64,
              "the f64 path evaluates in x87 extended precision (64-bit significand)");

// f64: evaluate in long double, round once. NaN is answered here, for every function.
template <template <class> class Fn, bool kDeriv>
double Scalar(double x, const Params& p) {
  if (std::isnan(x)) return x;
  long double q[kMaxParams];
  for (int i = 0; i < kMaxParams; ++i)
    q[i] = p.v[i];
  const long double xl = x;
  return static_cast<double>(kDeriv ? Fn<long double>::D(xl, q) : Fn<long double>::F(xl, q));
}

// f32: evaluate each element in double, round once. Plain loop; vectorisation comes later
// behind the same signature.
template <template <class> class Fn, bool kDeriv>
void Kernel(const float* in, float* out, std::size_t n, const float* p) {
  double q[kMaxParams];
  for (int i = 0; i < kMaxParams; ++i)
    q[i] = p[i];
  for (std::size_t i = 0; i < n; ++i) {
    const float x = in[i];
    if (std::isnan(x)) {
      out[i] = x;
      continue;
    }
    const double xd = x;
    out[i] = static_cast<float>(kDeriv ? Fn<double>::D(xd, q) : Fn<double>::F(xd, q));
  }
}

// f32 through a vector kernel, or the scalar one above where the vector kernel declines
// (no AVX2 on this CPU, or parameters outside its accurate range).
template <template <class> class Fn, bool kDeriv, simd::Kernel kVector>
void Vector(const float* in, float* out, std::size_t n, const float* p) {
  if (!kVector(in, out, n, p)) Kernel<Fn, kDeriv>(in, out, n, p);
}

using BreaksFn = int (*)(const Params&, double*);

int NoBreaks(const Params&, double*) {
  return 0;
}
int AtZero(const Params&, double* out) {
  out[0] = 0;
  return 1;
}
int AtP0(const Params& p, double* out) {
  out[0] = p.v[0];
  return 1;
}
int AtPlusMinusP0(const Params& p, double* out) {  // ±θ (θ ≥ 0), or one point at 0
  const double t = std::fabs(p.v[0]);
  out[0] = -t;
  out[1] = t;
  return t == 0 ? (out[0] = 0, 1) : 2;
}
template <int kA, int kB>
int AtPair(const Params&, double* out) {
  out[0] = kA;
  out[1] = kB;
  return 2;
}
int SoftExpBreaks(const Params& p, double* out) {  // the pole of α < 0: 1 − α(x+α) = 0
  const double a = p.v[0];
  if (!(a < 0)) return 0;
  out[0] = 1 / a - a;
  return 1;
}
// The kinks of the upper envelope of the k pieces: among the pairwise crossings, those where
// the winning line (its slope and offset) differs just left and right. At most k − 1 ≤ 4.
int MaxoutBreaks(const Params& p, double* out) {
  using M = fm::Maxout<double>;
  const int k = M::Count(p.v.data());  // ≤ 5: at most 10 crossings fill cand
  double cand[10];
  int n = 0;
  for (int i = 0; i < k; ++i)
    for (int j = i + 1; j < k; ++j) {
      const double dw = p.v[2 * i] - p.v[2 * j];
      const double c = dw == 0 ? NAN : (p.v[2 * j + 1] - p.v[2 * i + 1]) / dw;
      if (std::isfinite(c)) cand[n++] = c;
    }
  for (int i = 1; i < n; ++i)  // insertion sort: at most 10 (std::sort trips -Warray-bounds)
    for (int j = i; j > 0 && cand[j - 1] > cand[j]; --j)
      std::swap(cand[j - 1], cand[j]);
  n = static_cast<int>(std::unique(cand, cand + n) - cand);
  auto line = [&](double x) {
    const int w = M::Winner(x, p.v.data());
    return std::pair(p.v[2 * w], p.v[2 * w + 1]);
  };
  int out_n = 0;
  for (int i = 0; i < n && out_n < kMaxBreaks; ++i) {
    const double left = i > 0 ? (cand[i - 1] + cand[i]) / 2 : cand[i] - 1;
    const double right = i + 1 < n ? (cand[i] + cand[i + 1]) / 2 : cand[i] + 1;
    if (line(left) != line(right)) out[out_n++] = cand[i];
  }
  return out_n;
}
int SquareplusBreaks(const Params& p, double* out) {  // b = 0 is ReLU: a kink at 0
  return p.v[0] == 0 ? AtZero(p, out) : 0;
}

// The f32 entry of a row: the vector kernel kVector with the scalar fallback, or (nullptr) the
// scalar kernel alone. Chosen by specialisation, not `if constexpr (kVector != nullptr)`: GCC 12
// with -fsanitize=undefined does not take a function pointer's comparison as a constant
// expression, and the sanitizer build must compile the same table.
using F32 = void (*)(const float*, float*, std::size_t, const float*);
template <template <class> class Fn, bool kDeriv, simd::Kernel kVector>
struct F32Entry {
  static constexpr F32 value = &Vector<Fn, kDeriv, kVector>;
};
template <template <class> class Fn, bool kDeriv>
struct F32Entry<Fn, kDeriv, nullptr> {
  static constexpr F32 value = &Kernel<Fn, kDeriv>;
};

// The error scales a formula declares (FScale/DScale over double), else none.
template <template <class> class Fn>
constexpr double (*FScaleOf())(double, const Params&) {
  if constexpr (requires { Fn<double>::FScale(0.0, nullptr); })
    return [](double x, const Params& p) { return Fn<double>::FScale(x, p.v.data()); };
  else
    return nullptr;
}
template <template <class> class Fn>
constexpr double (*DScaleOf())(double, const Params&) {
  if constexpr (requires { Fn<double>::DScale(0.0, nullptr); })
    return [](double x, const Params& p) { return Fn<double>::DScale(x, p.v.data()); };
  else
    return nullptr;
}

// A row; kF/kD name its vector kernels (simd/kernels.hpp), or nullptr for the scalar f32 path.
template <template <class> class Fn, simd::Kernel kF = nullptr, simd::Kernel kD = nullptr>
constexpr Activation Row(std::string_view name, std::string_view label, Group group,
                         std::string_view formula, std::string_view derivative,
                         std::span<const ParamSpec> params = {}, BreaksFn breaks = &NoBreaks) {
  return Activation{
      name,
      label,
      group,
      formula,
      derivative,
      params,
      &Scalar<Fn, false>,
      &Scalar<Fn, true>,
      F32Entry<Fn, false, kF>::value,
      F32Entry<Fn, true, kD>::value,
      breaks,
      FScaleOf<Fn>(),
      DScaleOf<Fn>(),
  };
}
// A row whose parameters a network learns: the same row with ∂f/∂parameter.
constexpr Activation Learnable(Activation a, double (*dparam)(double, const Params&, int)) {
  a.dparam = dparam;
  return a;
}
// PReLU: f = x for x > 0, else α·x, so ∂f/∂α = 0 for x > 0, else x (NaN stays NaN).
double PreluDParam(double x, const Params&, int) {
  return x > 0 ? 0.0 : x;
}
#define ACTVIZ_VEC(Name) simd::Name##F, simd::Name##D

using enum Group;
using enum Domain;

constexpr ParamSpec kStep[] = {{"theta", "θ", "threshold", 0, -5, 5}};
constexpr ParamSpec kLinear[] = {{"lambda", "λ", "slope (output scale)", 1, -3, 3}};
constexpr ParamSpec kLeaky[] = {{"alpha", "α", "negative slope", 0.01, 0, 1}};
constexpr ParamSpec kPrelu[] = {
    {"alpha", "α", "negative slope (learnable)", 0.25, 0, 1, kAny, true}};
constexpr ParamSpec kThresholded[] = {{"theta", "θ", "threshold", 1, -5, 5}};
constexpr ParamSpec kElu[] = {{"alpha", "α", "negative saturation value", 1, 0, 3}};
constexpr ParamSpec kCelu[] = {
    {"alpha", "α", "negative saturation and scale", 1, 0.05, 3, kPositive}};
constexpr ParamSpec kSelu[] = {
    {"lambda", "λ", "output scale", 1.0507009873554804934, 0, 3},
    {"alpha", "α", "negative saturation value", 1.6732632423543772848, 0, 3}};
constexpr ParamSpec kSoftplus[] = {{"beta", "β", "sharpness", 1, 0.05, 50, kPositive}};
constexpr ParamSpec kSwish[] = {{"beta", "β", "sharpness", 1, 0, 10}};
constexpr ParamSpec kSquareplus[] = {{"b", "b", "smoothness at 0", 4, 0, 10, kNonNegative}};
constexpr ParamSpec kSoftExp[] = {{"alpha", "α", "log ↔ linear ↔ exp", 0, -1, 1}};
constexpr ParamSpec kShrink[] = {{"theta", "θ", "dead-zone half width", 0.5, 0, 3}};
// The spec's two pieces first (their defaults make ReLU), then three more that count only
// when k says so: with k = 3 the defaults are max(x, 0, −x) = |x|.
constexpr ParamSpec kMaxout[] = {
    {"w1", "w₁", "slope of piece 1", 1, -3, 3},     {"b1", "b₁", "offset of piece 1", 0, -3, 3},
    {"w2", "w₂", "slope of piece 2", 0, -3, 3},     {"b2", "b₂", "offset of piece 2", 0, -3, 3},
    {"w3", "w₃", "slope of piece 3", -1, -3, 3},    {"b3", "b₃", "offset of piece 3", 0, -3, 3},
    {"w4", "w₄", "slope of piece 4", 0.5, -3, 3},   {"b4", "b₄", "offset of piece 4", 1, -3, 3},
    {"w5", "w₅", "slope of piece 5", -0.5, -3, 3},  {"b5", "b₅", "offset of piece 5", 1, -3, 3},
    {"k", "k", "number of pieces", 2, 2, 5, kCount}};

constexpr Activation kCatalogue[] = {
    // classic
    Row<fm::Step, ACTVIZ_VEC(Step)>("step", "Step", kClassic, "f(x) = 1 if x > θ, else 0",
                                    "f′(x) = 0 (a jump at θ)", kStep, &AtP0),
    Row<fm::Linear, ACTVIZ_VEC(Linear)>("linear", "Linear", kClassic, "f(x) = λ·x", "f′(x) = λ",
                                        kLinear),
    Row<fm::Sigmoid, ACTVIZ_VEC(Sigmoid)>("sigmoid", "Sigmoid", kClassic,
                                          "f(x) = σ(x) = 1/(1 + e⁻ˣ)", "f′(x) = σ(x)·σ(−x)"),
    Row<fm::Tanh, ACTVIZ_VEC(Tanh)>("tanh", "Tanh", kClassic, "f(x) = tanh x", "f′(x) = sech² x"),
    Row<fm::Logit, ACTVIZ_VEC(Logit)>("logit", "Logit", kClassic,
                                      "f(x) = ln(x/(1 − x)),  0 < x < 1", "f′(x) = 1/(x(1 − x))",
                                      {}, &AtPair<0, 1>),
    Row<fm::Softsign, ACTVIZ_VEC(Softsign)>("softsign", "Softsign", kClassic, "f(x) = x/(1 + |x|)",
                                            "f′(x) = 1/(1 + |x|)²"),
    // ReLU family
    Row<fm::Relu, ACTVIZ_VEC(Relu)>("relu", "ReLU", kReluFamily, "f(x) = max(0, x)",
                                    "f′(x) = 1 if x > 0, else 0", {}, &AtZero),
    Row<fm::LeakyRelu, ACTVIZ_VEC(LeakyRelu)>("leaky_relu", "Leaky ReLU", kReluFamily,
                                              "f(x) = x if x > 0, else α·x",
                                              "f′(x) = 1 if x > 0, else α", kLeaky, &AtZero),
    Learnable(Row<fm::LeakyRelu, ACTVIZ_VEC(LeakyRelu)>(
                  "prelu", "PReLU", kReluFamily, "f(x) = x if x > 0, else α·x",
                  "f′(x) = 1 if x > 0, else α", kPrelu, &AtZero),
              &PreluDParam),
    Row<fm::Relu6, ACTVIZ_VEC(Relu6)>("relu6", "ReLU6", kReluFamily, "f(x) = min(max(0, x), 6)",
                                      "f′(x) = 1 if 0 < x < 6, else 0", {}, &AtPair<0, 6>),
    Row<fm::ThresholdedRelu, ACTVIZ_VEC(ThresholdedRelu)>(
        "thresholded_relu", "Thresholded ReLU", kReluFamily, "f(x) = x if x > θ, else 0",
        "f′(x) = 1 if x > θ, else 0", kThresholded, &AtP0),
    Row<fm::Elu, ACTVIZ_VEC(Elu)>("elu", "ELU", kReluFamily, "f(x) = x if x > 0, else α·(eˣ − 1)",
                                  "f′(x) = 1 if x > 0, else α·eˣ", kElu, &AtZero),
    Row<fm::Celu, ACTVIZ_VEC(Celu)>("celu", "CELU", kReluFamily,
                                    "f(x) = x if x > 0, else α·(e^(x/α) − 1)",
                                    "f′(x) = 1 if x > 0, else e^(x/α)", kCelu, &AtZero),
    Row<fm::Selu, ACTVIZ_VEC(Selu)>("selu", "SELU", kReluFamily,
                                    "f(x) = λ·x if x > 0, else λ·α·(eˣ − 1)",
                                    "f′(x) = λ if x > 0, else λ·α·eˣ", kSelu, &AtZero),
    // smooth
    Row<fm::Softplus, ACTVIZ_VEC(Softplus)>(
        "softplus", "Softplus", kSmooth, "f(x) = (1/β)·ln(1 + e^(βx))", "f′(x) = σ(βx)", kSoftplus),
    Row<fm::Swish, ACTVIZ_VEC(Swish)>("swish", "Swish / SiLU", kSmooth, "f(x) = x·σ(βx)",
                                      "f′(x) = σ(βx) + βx·σ(βx)·σ(−βx)", kSwish),
    Row<fm::Gelu, ACTVIZ_VEC(Gelu)>("gelu", "GELU", kSmooth, "f(x) = x·Φ(x)",
                                    "f′(x) = Φ(x) + x·φ(x)"),
    Row<fm::GeluTanh, ACTVIZ_VEC(GeluTanh)>(
        "gelu_tanh", "GELU (tanh approximation)", kSmooth,
        "f(x) = ½x·(1 + tanh u),  u = √(2/π)·(x + 0.044715x³)",
        "f′(x) = ½(1 + tanh u) + ½x·sech²u·√(2/π)·(1 + 0.134145x²)"),
    Row<fm::Mish, ACTVIZ_VEC(Mish)>("mish", "Mish", kSmooth, "f(x) = x·tanh(ln(1 + eˣ))",
                                    "f′(x) = tanh(sp(x)) + x·sech²(sp(x))·σ(x)"),
    Row<fm::LogSigmoid, ACTVIZ_VEC(LogSigmoid)>("log_sigmoid", "Log-sigmoid", kSmooth,
                                                "f(x) = ln σ(x) = −ln(1 + e⁻ˣ)", "f′(x) = σ(−x)"),
    Row<fm::Squareplus, ACTVIZ_VEC(Squareplus)>(
        "squareplus", "Squareplus", kSmooth, "f(x) = (x + √(x² + b))/2",
        "f′(x) = (1 + x/√(x² + b))/2", kSquareplus, &SquareplusBreaks),
    Row<fm::Tanhshrink, ACTVIZ_VEC(Tanhshrink)>("tanhshrink", "Tanhshrink", kSmooth,
                                                "f(x) = x − tanh x", "f′(x) = tanh² x"),
    // hard / piecewise
    Row<fm::HardSigmoid, ACTVIZ_VEC(HardSigmoid)>(
        "hard_sigmoid", "Hard sigmoid", kPiecewise, "f(x) = 0 if x ≤ −3, 1 if x ≥ 3, else x/6 + ½",
        "f′(x) = ⅙ if −3 < x < 3, else 0", {}, &AtPair<-3, 3>),
    Row<fm::HardTanh, ACTVIZ_VEC(HardTanh)>("hard_tanh", "Hard tanh", kPiecewise,
                                            "f(x) = max(−1, min(1, x))",
                                            "f′(x) = 1 if −1 < x < 1, else 0", {}, &AtPair<-1, 1>),
    Row<fm::HardSwish, ACTVIZ_VEC(HardSwish)>(
        "hard_swish", "Hard swish", kPiecewise, "f(x) = 0 if x ≤ −3, x if x ≥ 3, else x(x + 3)/6",
        "f′(x) = 0 if x ≤ −3, 1 if x ≥ 3, else (2x + 3)/6", {}, &AtPair<-3, 3>),
    Row<fm::Hardshrink, ACTVIZ_VEC(Hardshrink)>(
        "hardshrink", "Hardshrink", kPiecewise, "f(x) = x if |x| > θ, else 0",
        "f′(x) = 1 if |x| > θ, else 0", kShrink, &AtPlusMinusP0),
    Row<fm::Softshrink, ACTVIZ_VEC(Softshrink)>(
        "softshrink", "Softshrink", kPiecewise, "f(x) = x − θ if x > θ, x + θ if x < −θ, else 0",
        "f′(x) = 1 if |x| > θ, else 0", kShrink, &AtPlusMinusP0),
    // other
    Row<fm::SoftExponential, ACTVIZ_VEC(SoftExponential)>(
        "soft_exponential", "Soft exponential", kOther,
        "f(x) = −ln(1 − α(x + α))/α (α < 0), x (α = 0), "
        "(e^(αx) − 1)/α + α (α > 0)",
        "f′(x) = 1/(1 − α(x + α)) (α < 0), 1 (α = 0), e^(αx) (α > 0)", kSoftExp, &SoftExpBreaks),
    Row<fm::Maxout, ACTVIZ_VEC(Maxout)>(
        "maxout", "Maxout", kOther,
        "f(x) = max(w₁x + b₁, w₂x + b₂, …), the largest of its k pieces",
        "f′(x) = the slope of the largest piece (a tie: the later one)", kMaxout, &MaxoutBreaks),
};

}  // namespace

std::string_view GroupLabel(Group g) {
  switch (g) {
    case kClassic:
      return "Classic";
    case kReluFamily:
      return "ReLU family";
    case kSmooth:
      return "Smooth";
    case kPiecewise:
      return "Hard / piecewise";
    case kOther:
      return "Other";
    case Group::kMore:
      return "More";
    case Group::kFormula:
      return "Your own f(x)";
  }
  return "?";
}

std::span<const Activation> Catalogue() {
  return kCatalogue;
}

Breaks BreaksOf(const Activation& fn, const Params& p) {
  Breaks b;
  b.n = fn.breaks(p, b.x.data());
  return b;
}

const Activation* Find(std::string_view name) {
  for (const Activation& a : kCatalogue)
    if (a.name == name) return &a;
  return nullptr;
}

std::string NameList() {
  std::string out;
  for (const Activation& a : kCatalogue) {
    if (!out.empty()) out += ", ";
    out += a.name;
  }
  return out;
}

int ParamIndex(const Activation& fn, std::string_view name) {
  for (std::size_t i = 0; i < fn.params.size(); ++i)
    if (fn.params[i].name == name) return static_cast<int>(i);
  return -1;
}

Params Defaults(const Activation& fn) {
  Params p;
  for (std::size_t i = 0; i < fn.params.size(); ++i)
    p.v[i] = fn.params[i].def;
  return p;
}

std::array<float, kMaxParams> ToF32(const Params& p) {
  std::array<float, kMaxParams> out{};
  for (int i = 0; i < kMaxParams; ++i)
    out[i] = static_cast<float>(p.v[i]);
  return out;
}

namespace {

// The value as given, in shortest round-trip form (b = −1e−320, not "−0.000000"), and what
// float32 made of it when that differs.
std::string Got(double given, double checked, Precision precision) {
  std::string s = FormatShortest(given);
  if (precision == Precision::kF32 && checked != given)
    s += ", " + FormatShortest(static_cast<float>(checked)) + " as float32";
  return s;
}

}  // namespace

namespace {
bool IsMaxout(const Activation& fn) {
  return fn.f == &Scalar<fm::Maxout, false>;
}
}  // namespace

int AffinePieces(const Activation& fn, const Params& p, std::array<AffinePiece, kMaxPieces>& out) {
  if (!IsMaxout(fn)) return 0;
  static_assert(fm::Maxout<double>::kMostPieces == kMaxPieces);
  const int k = fm::Maxout<double>::Count(p.v.data());  // 0 for a k that counts no pieces
  for (int j = 0; j < k; ++j)
    out[static_cast<std::size_t>(j)] = {p.v[2 * j], p.v[2 * j + 1]};
  return k;
}

int ActivePiece(const Activation& fn, const Params& p, double x) {
  using M = fm::Maxout<double>;
  if (!IsMaxout(fn) || std::isnan(x) || M::Count(p.v.data()) == 0) return -1;
  return M::Winner(x, p.v.data());
}

bool InDomain(const ParamSpec& spec, double v) {
  switch (spec.domain) {
    case kAny:
      return std::isfinite(v);
    case kPositive:
      return std::isfinite(v) && v > 0;
    case kNonNegative:
      return std::isfinite(v) && v >= 0;
    case kCount:
      return v >= spec.lo && v <= spec.hi && v == std::floor(v);
  }
  return false;
}

std::string DomainText(const ParamSpec& spec) {
  switch (spec.domain) {
    case kAny:
      return "finite";
    case kPositive:
      return "> 0";
    case kNonNegative:
      return ">= 0";
    case kCount:
      return "a whole number from " + FormatShortest(spec.lo) + " to " + FormatShortest(spec.hi);
  }
  return "";
}

std::optional<std::string> Validate(const Activation& fn, const Params& p, Precision precision) {
  const std::array<float, kMaxParams> rounded = ToF32(p);
  for (std::size_t i = 0; i < fn.params.size(); ++i) {
    const ParamSpec& spec = fn.params[i];
    const double v = precision == Precision::kF32 ? double{rounded[i]} : p.v[i];
    const std::string what = std::string(fn.name) + " parameter " + std::string(spec.name);
    const char* suffix = precision == Precision::kF32 ? " as float32" : "";
    if (std::isnan(v)) return what + " is NaN; it must be a number";
    if (std::isinf(v)) return what + " must be finite" + suffix;
    if (!InDomain(spec, v))
      return what + " must be " + DomainText(spec) + suffix + " (got " + Got(p.v[i], v, precision) +
             ")";
  }
  return std::nullopt;
}

}  // namespace actviz
