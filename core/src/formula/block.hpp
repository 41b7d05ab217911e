// The fast path over blocks: a formula compiled to a list of operations on arrays of
// kBlockLanes elements, each value a midpoint and a radius in double (the true value lies in
// [m − r, m + r]). Every operation adds its own rounding to the radius, and each function of
// the library its documented error (SLEEF's 1–3.5 ULP, taken as 2⁻⁴⁴ relative: 64 times more),
// so an element whose interval rounds to one float is proven. Elements that are not (NaN in
// the midpoint: an overflow, a domain edge, a comparison the radii cannot decide, a function
// with no block form) go on to the scalar intervals and then to the balls (batch.cpp).
//
// A result below float's range whose interval has both signs is +0 (its sign is not kept; the
// balls would give −0 for −2^(−10⁴): equal in ULP, the spec's measure).
//
// Both branches of an if are evaluated over the block and selected per element, so an
// untaken branch costs time but never a result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "actviz/formula/formula.hpp"

namespace actviz::formula::detail {

inline constexpr std::size_t kBlockLanes = 256;

enum class BOp : std::uint8_t {
  kX,
  kConst,  // value ± radius
  kNeg,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kLt,
  kLe,
  kEq,
  kNe,
  kIf,
  kGuard,
  kCall,
  kSoftplus,         // log(1 + e^a), fused (mish, softplus, and their relatives)
  kTanhSoftplus,     // tanh(log(1 + e^a)), fused: mish's gate, one exp and one division
  kMulTanhSoftplus,  // a·tanh(log(1 + e^a)), the gate and its product in one pass (mish)
  kUnproven,         // no block form: every element to the next path
};

struct BInstr {
  BOp op = BOp::kUnproven;
  Fn fn = Fn::kAbs;
  int out = -1, a = -1, b = -1, c = -1;  // slots
  double value = 0, radius = 0;
};

struct BlockProgram {
  std::vector<BInstr> code;
  int slots = 0;
  int root = -1;
};

// e with the parameters' values folded in as exact constants, and the forms that evaluate
// more tightly and faster (log(1 + a) as log1p(a), e^a − 1 as expm1(a), log1p(e^a) as one
// fused softplus); operations no longer read are dropped.
BlockProgram CompileBlock(const Expr& e, std::span<const double> params);

// x[0..n) (n ≤ kBlockLanes, no NaN needed): y[i] and proven[i] = 1 where the block proves
// the float32 value; proven[i] = 0 elsewhere (y[i] then unspecified). Returns the number
// proven. Picks the widest vector build this CPU runs.
std::size_t RunBlock(const BlockProgram& p, const float* x, std::size_t n, float* y,
                     std::uint8_t* proven);

}  // namespace actviz::formula::detail
