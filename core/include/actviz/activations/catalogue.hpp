// The activation catalogue: one row per scalar function of spec/activations.md, read by the
// GUI (list, sliders, legends), the CLI (names, parameters) and the tests (one loop over all).
// Accuracy contract of every row, for f and f′ over the whole range, ±0, ±∞ and NaN:
//   f64 (Activation::f / df):      ≤ 4 ULP (measured: well under 1 ULP; see core/tests)
//   f32 (kernels.hpp, Apply):      ≤ 8 ULP, with parameters rounded to float first
// NaN in → NaN out; ±∞ in → the limit. Core math never throws.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace actviz {

inline constexpr int kMaxParams = 11;  // maxout: five pieces (w, b) and their number
inline constexpr int kMaxBreaks = 4;

enum class Domain : unsigned char {
  kAny,          // any finite value
  kPositive,     // > 0 (celu α, softplus β)
  kNonNegative,  // ≥ 0 (a square root's offset)
  kCount,        // a whole number in [lo, hi] (maxout's number of pieces)
};

struct ParamSpec {
  std::string_view name;     // ASCII: CLI (--param NAME=V) and saved sessions
  std::string_view symbol;   // UTF-8 display symbol: α, θ, λ, β, b, w₁ …
  std::string_view meaning;  // a few words for the slider label: "negative slope"
  double def = 0;            // default (PyTorch's where it has the function, else Keras')
  double lo = 0, hi = 1;     // slider range (values outside it are allowed if in the domain)
  Domain domain = Domain::kAny;
  bool learnable = false;  // trained with the weights in a network (PReLU's α), see dparam
};

// Parameter values, in the order the function declares them.
struct Params {
  std::array<double, kMaxParams> v{};
};

// kMore: the published activations shipped as formulas (formula/library.hpp); kFormula: a
// formula a person typed.
enum class Group : unsigned char {
  kClassic,
  kReluFamily,
  kSmooth,
  kPiecewise,
  kOther,
  kMore,
  kFormula
};
std::string_view GroupLabel(Group g);

enum class Precision : unsigned char { kF64, kF32 };

struct Activation {
  std::string_view name;   // "leaky_relu": the CLI and file name
  std::string_view label;  // "Leaky ReLU": the GUI
  Group group;
  std::string_view formula;     // "f(x) = x·σ(βx)" (UTF-8)
  std::string_view derivative;  // "f′(x) = …"
  std::span<const ParamSpec> params;
  double (*f)(double x, const Params& p);   // scalar, double precision
  double (*df)(double x, const Params& p);  // its derivative, same branch as f at breakpoints
  // float32 kernels over arrays; use Apply() in kernels.hpp rather than these directly.
  void (*f32)(const float* in, float* out, std::size_t n, const float* p);
  void (*df32)(const float* in, float* out, std::size_t n, const float* p);
  // Where f or f′ is not smooth (kinks, jumps, ends of the domain, poles) for these
  // parameters: writes up to kMaxBreaks points in increasing order, returns how many.
  int (*breaks)(const Params& p, double* out);
  // The size of the terms that cancel where a sum has an interior root (spec: the error there
  // is measured against them, not the tiny result); nullptr where nothing cancels. The same
  // scales make_reference.py writes into the reference tables, at any x.
  double (*f_scale)(double x, const Params& p) = nullptr;
  double (*df_scale)(double x, const Params& p) = nullptr;
  // ∂f/∂(parameter i) at x, for the parameters marked learnable (the trainer's gradient);
  // nullptr where the row has none.
  double (*dparam)(double x, const Params& p, int i) = nullptr;
};

// The error scale of f (kValue) or f′ (kDerivative) at x: 0 means "relative to the result".
inline double ErrorScale(const Activation& fn, bool derivative, double x, const Params& p) {
  double (*s)(double, const Params&) = derivative ? fn.df_scale : fn.f_scale;
  return s && std::isfinite(x) ? s(x, p) : 0;
}

// The breakpoints as a small vector-like value.
struct Breaks {
  std::array<double, kMaxBreaks> x{};
  int n = 0;
  const double* begin() const { return x.data(); }
  const double* end() const { return x.data() + n; }
};
Breaks BreaksOf(const Activation& fn, const Params& p);

// The whole catalogue, in display order.
std::span<const Activation> Catalogue();

// nullptr when no function has that name.
const Activation* Find(std::string_view name);

// Comma-separated list of all names, for "unknown function" messages.
std::string NameList();

// Index of the parameter called `name` in fn.params, or -1.
int ParamIndex(const Activation& fn, std::string_view name);

Params Defaults(const Activation& fn);

// Functions that are the maximum of affine pieces (maxout: the first k of wⱼx + bⱼ): the pieces
// in order (none for any other function), and the one f is at x, decided exactly as f decides.
// A k that is not a number of pieces (NaN, ±∞, outside 1 … 5) has none: f and f′ are NaN.
struct AffinePiece {
  double w = 0, b = 0;
};
inline constexpr int kMaxPieces = 5;
int AffinePieces(const Activation& fn, const Params& p, std::array<AffinePiece, kMaxPieces>& out);
int ActivePiece(const Activation& fn, const Params& p, double x);  // -1 when none

// Whether a finite v is in the parameter's domain (> 0, ≥ 0, whole and within [lo, hi]), and
// the domain in words for messages and `list`: "finite", "> 0", ">= 0", "whole, 2 to 5".
bool InDomain(const ParamSpec& spec, double v);
std::string DomainText(const ParamSpec& spec);

// An error message if a value is NaN, infinite or outside its parameter's domain; for kF32
// the values are checked after rounding to float (a β of 1e−50 is 0 in float32).
std::optional<std::string> Validate(const Activation& fn, const Params& p,
                                    Precision precision = Precision::kF64);

// Parameters as the float32 kernels see them (rounded to nearest).
std::array<float, kMaxParams> ToF32(const Params& p);

}  // namespace actviz
