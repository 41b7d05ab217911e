// The stack program of an expression, by an explicit depth-first walk.
#include "formula/program.hpp"

#include <algorithm>

namespace actviz::formula::detail {

Program Compile(const Expr& e) {
  Program p;
  if (e.root < 0) return p;
  // Work items: visit a node (stage 0), or the steps of an `if` after its condition (1) and
  // after its first branch (2); `jump` is the instruction a later stage patches.
  struct Item {
    int node, stage, jump;
  };
  std::vector<Item> work{{e.root, 0, -1}};
  int depth = 0;
  auto emit = [&](Instr in, int delta) {
    p.code.push_back(in);
    depth += delta;
    p.max_stack = std::max(p.max_stack, depth);
  };
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    const Node& n = e.nodes[static_cast<std::size_t>(it.node)];
    if (n.op == Op::kIf) {
      if (it.stage == 0) {  // condition, then test it
        work.push_back({it.node, 1, -1});
        work.push_back({n.a, 0, -1});
      } else if (it.stage == 1) {  // jz else; first branch; then jump to the end
        emit({Instr::kJumpIfZero, -1, -1}, -1);
        work.push_back({it.node, 2, static_cast<int>(p.code.size() - 1)});
        work.push_back({n.b, 0, -1});
      } else if (it.stage == 2) {  // jmp end; else: second branch
        emit({Instr::kJump, -1, -1}, 0);
        p.code[static_cast<std::size_t>(it.jump)].target = static_cast<int>(p.code.size());
        --depth;  // the second branch starts where the first did
        work.push_back({it.node, 3, static_cast<int>(p.code.size() - 1)});
        work.push_back({n.c, 0, -1});
      } else {
        p.code[static_cast<std::size_t>(it.jump)].target = static_cast<int>(p.code.size());
      }
      continue;
    }
    if (it.stage == 0 && (n.a >= 0 || n.b >= 0)) {
      work.push_back({it.node, 1, -1});
      if (n.b >= 0) work.push_back({n.b, 0, -1});
      if (n.a >= 0) work.push_back({n.a, 0, -1});
      continue;
    }
    const int args = (n.a >= 0 ? 1 : 0) + (n.b >= 0 ? 1 : 0);
    emit({Instr::kNode, it.node, -1}, 1 - args);
  }
  return p;
}

}  // namespace actviz::formula::detail
