// `actviz list [--json]`: the catalogue, as a readable table or as JSON.
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "actviz/formula/formula.hpp"
#include "actviz/formula/library.hpp"

#include <CLI/CLI.hpp>
#include "actviz/activations/catalogue.hpp"
#include "actviz/base/parse.hpp"

#include "cli/commands_internal.hpp"

namespace actviz::cli {
namespace {

std::string Json() {
  nlohmann::ordered_json fns = nlohmann::ordered_json::array();
  for (const Activation& a : Catalogue()) {
    nlohmann::ordered_json params = nlohmann::ordered_json::array();
    for (const ParamSpec& p : a.params) {
      params.push_back({{"name", p.name},
                        {"symbol", p.symbol},
                        {"meaning", p.meaning},
                        {"default", p.def},
                        {"min", p.lo},
                        {"max", p.hi},
                        {"domain", DomainText(p)}});
    }
    fns.push_back({{"name", a.name},
                   {"kind", "catalogue"},
                   {"label", a.label},
                   {"group", GroupLabel(a.group)},
                   {"formula", a.formula},
                   {"derivative", a.derivative},
                   {"parameters", params}});
  }
  // The presets: formulas, with their expression as typed and where they were published.
  for (const formula::Preset& p : formula::Presets()) {
    nlohmann::ordered_json params = nlohmann::ordered_json::array();
    const Activation* a = formula::PresetActivation(p);
    for (std::size_t i = 0; a && i < a->params.size(); ++i) {
      const ParamSpec& q = a->params[i];
      params.push_back({{"name", q.name},
                        {"default", q.def},
                        {"min", q.lo},
                        {"max", q.hi},
                        {"domain", DomainText(q)}});
    }
    fns.push_back({{"name", p.name},
                   {"kind", "formula"},
                   {"label", p.label},
                   {"group", GroupLabel(Group::kMore)},
                   {"expression", p.text},
                   {"parameters", params},
                   {"citation", p.citation},
                   {"purpose", p.purpose}});
  }
  // What a typed formula may call besides the rows above (spec: formula.md).
  nlohmann::ordered_json grammar = nlohmann::ordered_json::array();
  for (std::string_view name : formula::FunctionNames())
    grammar.push_back(name);
  nlohmann::ordered_json doc = {{"functions", fns}, {"formula_functions", grammar}};
  return doc.dump(2) + "\n";
}

std::string Text() {
  // Built with append: GCC 12's -Wrestrict misfires on "literal" + std::string chains.
  std::string out;
  const Activation* prev = nullptr;
  for (const Activation& a : Catalogue()) {
    if (!prev || a.group != prev->group) {
      if (prev) out += '\n';
      out += GroupLabel(a.group);
      out += '\n';
    }
    prev = &a;
    std::string line = "  ";
    line += a.name;
    line.resize(20, ' ');
    line += a.formula;
    out += line;
    out += '\n';
    for (const ParamSpec& p : a.params) {
      out.append(22, ' ');
      out += p.name;
      out += " (";
      out += p.symbol;
      out += ", ";
      out += p.meaning;
      out += "): default ";
      out += FormatShortest(p.def);
      out += ", range ";
      out += FormatShortest(p.lo);
      out += "…";
      out += FormatShortest(p.hi);
      if (p.domain != Domain::kAny) {
        out += ", must be ";
        out += DomainText(p);
      }
      out += '\n';
    }
  }
  out += '\n';
  out += GroupLabel(Group::kMore);
  out += " (formulas: editable, exact as the rows above)\n";
  for (const formula::Preset& p : formula::Presets()) {
    std::string line = "  ";
    line += p.name;
    line.resize(22, ' ');
    line += p.text;
    for (std::size_t i = 0; i < p.formula.params.size(); ++i) {
      line += i ? ", " : "   (";
      line += p.formula.params[i];
      line += " = ";
      line += FormatShortest(p.formula.defaults[i]);
    }
    if (!p.formula.params.empty()) line += ')';
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace

int RunList(bool json, bool dry) {
  if (dry) return kExitOk;
  return WriteStdout(json ? Json() : Text());
}

Command RegisterList(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* sub = app.add_subcommand("list", "The catalogue: names, formulas, parameters");
  sub->add_flag("--json", *json, "Print JSON");
  return {sub, "listing the catalogue", [json](bool dry) { return RunList(*json, dry); }};
}

}  // namespace actviz::cli
