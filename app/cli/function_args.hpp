// The options every command shares: --function NAME, --param NAME=VALUE (repeatable) and the
// shorthands --alpha, --theta, --lambda, --beta; resolved against the catalogue.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/formula/formula.hpp"

namespace CLI {
class App;
}

namespace actviz::cli {

struct FunctionArgs {
  std::string function = "relu";
  std::optional<std::string> formula;  // --formula EXPR, in place of --function
  std::vector<std::string> params;     // "NAME=VALUE", in the order given
  std::optional<std::string> alpha, theta, lambda, beta;
};

void AddFunctionOptions(CLI::App& cmd, FunctionArgs& args);
// --formula EXPR beside --function (the two exclude each other).
void AddFormulaOption(CLI::App& cmd, FunctionArgs& args);

struct Selection {
  const Activation* fn = nullptr;
  Params params;
  std::shared_ptr<const Activation> owned;  // --formula: the formula as an activation (fn)
  std::string error;                        // non-empty: a usage error, already phrased for stderr
};

// Looks the function up, applies defaults, then --param and shorthands (later wins), and
// validates the values at the given precision. With --formula: the formula, as an activation
// that `owned` keeps alive.
Selection Resolve(const FunctionArgs& args, Precision precision);

struct FormulaSelection {
  formula::Formula formula;
  std::vector<double> params;  // the formula's, defaults overridden by --param (float32-rounded
                               // for f32)
  std::string error;
};
// Parses --formula and sets its parameters from --param and the shorthands.
FormulaSelection ResolveFormula(const FunctionArgs& args, Precision precision);

}  // namespace actviz::cli
