// An expression as a program for a stack machine: children before parents, and `if` as a
// conditional jump, so that only the branch taken is evaluated at a point (an untaken branch
// may be undefined there: if(x > 0, log(x), 0)). Built without recursion.
#pragma once

#include <vector>

#include "actviz/formula/formula.hpp"

namespace actviz::formula::detail {

struct Instr {
  enum Kind : std::uint8_t { kNode, kJumpIfZero, kJump } kind = kNode;
  int node = -1;    // kNode: the node it computes from the values on the stack
  int target = -1;  // the jumps: the instruction to go to
};

struct Program {
  std::vector<Instr> code;
  int max_stack = 0;
};

Program Compile(const Expr& e);

}  // namespace actviz::formula::detail
