// A typed formula as an Activation: the same struct the catalogue's rows are, so every part
// that takes a row (depth and its mean-field theory, training with learnable parameters,
// figures, facts, the window) takes a formula the same way. Its scalar f and f′ are the true
// values (the balls), its float32 kernels the batch path (SIMD blocks, intervals, balls), its
// ∂f/∂parameter the symbolic derivatives; every parameter is learnable in a network (as
// PReLU's α is) unless training freezes them.
#pragma once

#include <memory>
#include <string>

#include "actviz/activations/catalogue.hpp"
#include "actviz/formula/formula.hpp"

namespace actviz::formula {

// At most this many formulas are activations at once (each holds a slot of trampolines): the
// shipped presets (library.hpp) and what a person types in a session.
inline constexpr int kActivationSlots = 192;

// How the activation is named: by the formula's text in the group kFormula unless given.
struct Naming {
  std::string name, label;
  Group group = Group::kFormula;
};

// The formula as an Activation, alive while the pointer (or a copy) is; nullptr and a message
// when it has more than kMaxParams parameters or every slot is taken.
std::shared_ptr<const Activation> AsActivation(const Formula& f, std::string* error,
                                               const Naming& naming = {});

// The formula's parameter defaults, in its order.
Params DefaultParams(const Formula& f);

}  // namespace actviz::formula
