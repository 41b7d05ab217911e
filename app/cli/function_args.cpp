// Resolving --function / --param / shorthands into a catalogue row and its parameters.
#include "cli/function_args.hpp"

#include <array>
#include <cmath>

#include <CLI/CLI.hpp>

#include "actviz/base/parse.hpp"
#include "actviz/formula/activation.hpp"
#include "actviz/formula/library.hpp"

namespace actviz::cli {

void AddFunctionOptions(CLI::App& cmd, FunctionArgs& args) {
  cmd.add_option("-f,--function", args.function, "Activation name (see `actviz list`)")
      ->capture_default_str();
  cmd.add_option("-p,--param", args.params, "Parameter as NAME=VALUE (repeatable)")
      ->allow_extra_args(false)
      ->type_name("NAME=VALUE");
  cmd.add_option("--alpha", args.alpha, "Shorthand for --param alpha=V")->type_name("V");
  cmd.add_option("--theta", args.theta, "Shorthand for --param theta=V")->type_name("V");
  cmd.add_option("--lambda", args.lambda, "Shorthand for --param lambda=V")->type_name("V");
  cmd.add_option("--beta", args.beta, "Shorthand for --param beta=V")->type_name("V");
}

namespace {

// --alpha, --theta, --lambda and --beta, with the parameter each sets.
std::array<std::pair<const char*, const std::optional<std::string>*>, 4> Shorthands(
    const FunctionArgs& args) {
  return {{{"alpha", &args.alpha},
           {"theta", &args.theta},
           {"lambda", &args.lambda},
           {"beta", &args.beta}}};
}

}  // namespace

void AddFormulaOption(CLI::App& cmd, FunctionArgs& args) {
  CLI::Option* formula =
      cmd.add_option("--formula", args.formula,
                     "Your own f(x), e.g. 'x*tanh(log(1 + exp(x)))' (any other name is a "
                     "parameter, set with --param)")
          ->type_name("EXPR");
  if (CLI::Option* function = cmd.get_option_no_throw("--function")) formula->excludes(function);
}

FormulaSelection ResolveFormula(const FunctionArgs& args, Precision precision) {
  FormulaSelection sel;
  if (auto err = formula::Parse(*args.formula, sel.formula)) {
    sel.error = "--formula: " + *err;
    return sel;
  }
  const formula::Formula& f = sel.formula;
  sel.params = f.defaults;
  auto set = [&](const std::string& name, const std::string& text,
                 const std::string& origin) -> std::string {
    std::size_t i = 0;
    while (i < f.params.size() && f.params[i] != name)
      ++i;
    if (i == f.params.size()) {
      std::string names;
      for (const std::string& p : f.params)
        names += (names.empty() ? "" : ", ") + p;
      return "unknown parameter " + Quote(name) + " for the formula (" +
             (names.empty() ? "it has no parameters" : "its parameters: " + names) + ")";
    }
    std::optional<double> v = ParseDouble(text);
    if (v && precision == Precision::kF32) {
      const std::optional<float> g = ParseFloat(text);
      v = g ? std::optional<double>(double{*g}) : std::nullopt;
    }
    if (!v || !std::isfinite(*v)) return origin + ": " + Quote(text) + " is not a finite number";
    sel.params[i] = *v;
    return {};
  };
  for (const std::string& kv : args.params) {
    const std::size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      sel.error = "--param " + Quote(kv) + ": expected NAME=VALUE";
      return sel;
    }
    sel.error = set(kv.substr(0, eq), kv.substr(eq + 1), "--param " + Quote(kv));
    if (!sel.error.empty()) return sel;
  }
  for (const auto& [name, value] : Shorthands(args)) {
    if (!*value) continue;
    sel.error = set(name, **value, std::string("--") + name);
    if (!sel.error.empty()) return sel;
  }
  return sel;
}

namespace {

std::string ParamNames(const Activation& fn) {
  if (fn.params.empty()) return std::string(fn.name) + " has no parameters";
  std::string out = "its parameters: ";
  for (std::size_t i = 0; i < fn.params.size(); ++i) {
    if (i) out += ", ";
    out += fn.params[i].name;
  }
  return out;
}

// Sets one parameter from text; returns an error message or "".
// `exact` gets the value as given (in double), for messages about what float32 made of it.
std::string SetParam(const Activation& fn, Params& p, Params& exact, const std::string& name,
                     const std::string& text, const std::string& origin, Precision precision) {
  const int idx = ParamIndex(fn, name);
  if (idx < 0)
    return "unknown parameter " + Quote(name) + " for " + std::string(fn.name) + " (" +
           ParamNames(fn) + ")";
  // float32 kernels take float parameters: round once, straight from the decimal (as x is),
  // not through a double.
  std::optional<double> v = ParseDouble(text);
  if (v) exact.v[static_cast<std::size_t>(idx)] = *v;
  if (precision == Precision::kF32 && v) {
    const std::optional<float> f = ParseFloat(text);
    v = f ? std::optional<double>(double{*f}) : std::nullopt;
  }
  if (!v) return origin + ": " + Quote(text) + " is not a number";
  p.v[static_cast<std::size_t>(idx)] = *v;
  return {};
}

}  // namespace

Selection Resolve(const FunctionArgs& args, Precision precision) {
  Selection sel;
  if (args.formula) {  // a typed formula, made an Activation for the commands that take one
    FormulaSelection fs = ResolveFormula(args, precision);
    if (!fs.error.empty()) {
      sel.error = fs.error;
      return sel;
    }
    std::string err;
    sel.owned = formula::AsActivation(fs.formula, &err);
    if (!sel.owned) {
      sel.error = "--formula: " + err;
      return sel;
    }
    sel.fn = sel.owned.get();
    for (std::size_t i = 0; i < fs.params.size(); ++i)
      sel.params.v[i] = fs.params[i];
    return sel;
  }
  sel.fn = formula::FindFunction(args.function);
  if (!sel.fn) {
    sel.error =
        "unknown function " + Quote(args.function) + "; valid names: " + formula::AllNames();
    return sel;
  }
  sel.params = Defaults(*sel.fn);
  Params exact = sel.params;
  for (const std::string& kv : args.params) {
    const std::size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      sel.error = "--param " + Quote(kv) + ": expected NAME=VALUE";
      return sel;
    }
    sel.error = SetParam(*sel.fn, sel.params, exact, kv.substr(0, eq), kv.substr(eq + 1),
                         "--param " + Quote(kv), precision);
    if (!sel.error.empty()) return sel;
  }
  for (const auto& [name, value] : Shorthands(args)) {
    if (!*value) continue;
    sel.error =
        SetParam(*sel.fn, sel.params, exact, name, **value, std::string("--") + name, precision);
    if (!sel.error.empty()) return sel;
  }
  // The domain is checked here first so the message shows the value as given, in shortest
  // round-trip form ("-1e-320", not "-0.000000"), and what float32 rounds it to.
  for (std::size_t i = 0; i < sel.fn->params.size(); ++i) {
    const ParamSpec& spec = sel.fn->params[i];
    const double given = exact.v[i];
    const double v = sel.params.v[i];                      // rounded to float32 for the f32 kernels
    if (!std::isfinite(v) || InDomain(spec, v)) continue;  // NaN, ∞: Validate's own message
    sel.error = std::string(sel.fn->name) + " parameter " + std::string(spec.name) + " must be " +
                DomainText(spec) + " (got " + FormatShortest(given);
    if (v != given) sel.error += ", " + FormatShortest(static_cast<float>(v)) + " as float32";
    sel.error += ")";
    return sel;
  }
  if (std::optional<std::string> bad = Validate(*sel.fn, sel.params, precision)) sel.error = *bad;
  return sel;
}

}  // namespace actviz::cli
