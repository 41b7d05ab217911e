// A typed formula as an activation (spec: formula.md): an expression in x parsed into a tree,
// its derivative by differentiating the tree (with respect to x and to each parameter), and
// evaluation that gives the true value of the expression whatever its intermediate values do
// (ball arithmetic at rising precision until the result rounds to one value), beside the same
// expression evaluated operation by operation in a float format, as a framework would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace actviz::formula {

inline constexpr std::size_t kMaxChars = 4096;
inline constexpr int kMaxDepth = 256;

enum class Op : std::uint8_t {
  kNumber,  // value
  kX,
  kParam,  // param: an index into Formula::params
  kNeg,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kIf,     // a ≠ 0 ? b : c, only the branch taken evaluated
  kCall,   // fn(a[, b])
  kGuard,  // b, or NaN where a is NaN: a derivative is undefined where its function is
};

// The grammar's functions (catalogue rows are expanded into their formulas when parsed).
enum class Fn : std::uint8_t {
  kAbs,
  kSign,
  kMin,
  kMax,
  kExp,
  kExpm1,
  kLog,
  kLog1p,
  kLog2,
  kLog10,
  kSqrt,
  kCbrt,
  kPow,
  kHypot,
  kSin,
  kCos,
  kTan,
  kAsin,
  kAcos,
  kAtan,
  kAtan2,
  kSinh,
  kCosh,
  kTanh,
  kAsinh,
  kAcosh,
  kAtanh,
  kErf,
  kErfc,
  kFloor,
  kCeil,
  kPhi,         // the standard normal CDF Φ
  kPhiDensity,  // its density φ
};

// One node of an expression; children come before their parents in Expr::nodes.
struct Node {
  Op op = Op::kNumber;
  Fn fn = Fn::kAbs;
  int a = -1, b = -1, c = -1;
  double value = 0;  // kNumber: the double nearest its value
  int param = -1;
  std::uint8_t constant = 0;  // kNumber: 1 for π, 2 for e (exact in the exact evaluator)
};

struct Expr {
  std::vector<Node> nodes;
  int root = -1;
};

// A parsed formula: f, f′ and ∂f/∂(parameter i), over the parameters it names.
struct Formula {
  std::string text;
  Expr f, df;
  std::vector<Expr> dparam;         // one per parameter
  std::vector<std::string> params;  // in order of first appearance
  std::vector<double> defaults;     // 1 unless given
};

// Parses `text`: the formula, or the one-line message ("column 5: expected a number, x, a name
// or '('"). Iterative throughout: no input can exhaust the stack.
std::optional<std::string> Parse(std::string_view text, Formula& out);

// The expression as the parser read it, fully parenthesised where precedence matters.
std::string ToString(const Expr& e, std::span<const std::string> params);

// The names the grammar knows (its functions and constants), for `list --json`.
std::span<const std::string_view> FunctionNames();

enum class Format : std::uint8_t { kF64, kF32, kBf16, kF16 };
std::optional<Format> FormatOf(std::string_view name);
std::string_view NameOf(Format f);

// The true value of `e` at x, correctly rounded to `target` (kF64 or kF32; returned as a
// double holding that value): NaN where the expression is undefined, the limit at x = ±∞
// where it has one. `exact` (if given) is false when even the highest precision did not
// settle the rounding (the result is then the nearest to the last ball's midpoint).
double Exact(const Expr& e, double x, std::span<const double> params, Format target = Format::kF64,
             bool* exact = nullptr);

// The true values of e at every x, rounded to float32 (x and params as float32 values): each
// element first on SIMD blocks of midpoint-radius doubles, then on scalar intervals, where
// those cannot prove the rounding on the balls. Returns how many elements took the balls.
std::size_t ExactF32(const Expr& e, std::span<const float> x, std::span<float> y,
                     std::span<const double> params);

// The same, compiled once for many calls at the same parameters (the float32 kernels of a
// formula used as an activation call it chunk by chunk).
class CompiledF32 {
 public:
  CompiledF32(const Expr& e, std::span<const double> params);
  ~CompiledF32();
  CompiledF32(const CompiledF32&) = delete;
  CompiledF32& operator=(const CompiledF32&) = delete;
  std::size_t Run(std::span<const float> x, std::span<float> y) const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

// Why the exact evaluator (a library loaded on first use) is unavailable, if it is.
std::optional<std::string> ExactError();

// The expression evaluated operation by operation in `format`, each result rounded to it
// (the parameters and x rounded to it first), returned as a double holding that value.
double AsWritten(const Expr& e, double x, std::span<const double> params, Format format);

// The distance in units in the last place of `format` between two values of it (0 when both
// are the same NaN or infinity; a large number when one is NaN and the other not).
double UlpDistance(double a, double b, Format format);

}  // namespace actviz::formula
