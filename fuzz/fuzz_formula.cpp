// libFuzzer target: arbitrary text as a formula. Parsing never crashes, recurses or hangs
// (4096 characters, 256 levels); a parsed formula is evaluated exactly (f and f′, in f64 and
// f32), on the fast paths, and as written in every format at points drawn from the input, and
// three invariants must hold: the exact f32 result is the exact f64 result rounded to float
// (within one float step: the double may sit on a float midpoint), the fast paths' float is
// the balls' float bit for bit, and the printed form parses back to the same values. A wrong
// value flagged exact breaks the first, a fast path's wrong bound the second, a printer or
// parser slip the third.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "actviz/formula/formula.hpp"

namespace {

using namespace actviz::formula;

double PointFrom(const std::uint8_t* data, std::size_t size, std::size_t k) {
  static constexpr double kPoints[] = {0.0,   1.0,    -1.0,     0.5,       -0.5,   3.0,
                                       -3.0,  30.0,   -30.0,    700.0,     -700.0, 1e-8,
                                       1e300, -1e300, INFINITY, -INFINITY, NAN};
  if (size == 0) return 0;
  return kPoints[data[k % size] % (sizeof kPoints / sizeof kPoints[0])];
}

bool Same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Formula f;
  if (Parse(text, f)) return 0;          // a message, which is the point for most inputs
  if (f.f.nodes.size() > 600) return 0;  // long exact runs: the time limit is not the subject
  const std::string printed = ToString(f.f, f.params);
  Formula g;
  const bool reparsed = printed.size() <= kMaxChars && !Parse(printed, g);
  for (std::size_t k = 0; k < 3; ++k) {
    const double x = PointFrom(data, size, k * 7 + 1);
    bool settled64 = false, settled32 = false;
    const double v64 = Exact(f.f, x, f.defaults, Format::kF64, &settled64);
    const double v32 = Exact(f.f, x, f.defaults, Format::kF32, &settled32);
    (void)Exact(f.df, x, f.defaults, Format::kF64);
    // The fast paths (block, then scalar intervals) give the balls' float, bit for bit.
    const float xf = static_cast<float>(x);
    float fast = 0;
    ExactF32(f.f, std::span<const float>(&xf, 1), std::span<float>(&fast, 1), f.defaults);
    const float ball = static_cast<float>(Exact(f.f, xf, f.defaults, Format::kF32));
    if (settled32 && !(std::isnan(fast) && std::isnan(ball)) && fast != ball)  // (±0 equal)
      std::abort();  // a fast path proved a value that is not the truth
    for (Format fmt : {Format::kF64, Format::kF32, Format::kBf16, Format::kF16})
      (void)UlpDistance(AsWritten(f.f, x, f.defaults, fmt), v64, fmt);
    // (Only where x is a float: in f32, x itself is rounded to float first.)
    if (settled64 && settled32 && std::isfinite(v64) && x == static_cast<float>(x) &&
        std::fabs(v64) < 3e38 && std::fabs(v64) > 1e-37) {
      const float r = static_cast<float>(v64);
      if (!(std::fabs(static_cast<double>(r) - v32) <= std::fabs(std::nextafter(r, INFINITY) - r)))
        std::abort();  // f32 and f64 disagree by more than the double rounding can explain
    }
    if (reparsed && settled64 && std::isfinite(x)) {
      bool settled = false;
      const double again = Exact(g.f, x, g.defaults, Format::kF64, &settled);
      if (settled && !Same(again, v64)) std::abort();  // the printed form is another formula
    }
  }
  return 0;
}
