// The published activations the catalogue lacks, shipped as formulas in one data file
// (assets/activations_more.tsv, linked into the program): each is an editable formula with
// its parameters' defaults, its citation and what it is for, and usable by name wherever a
// catalogue name is (`--function snake`).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/formula/formula.hpp"

namespace actviz::formula {

struct Preset {
  std::string name, label, text, citation, purpose;
  Formula formula;  // parsed, its defaults set from the file
};

// Every preset, in the file's order (parsed once; a row that does not parse is a build-time
// mistake the tests catch, and is left out here rather than failing the program).
std::span<const Preset> Presets();
// nullptr when no preset has that name.
const Preset* FindPreset(std::string_view name);
// The preset as an activation (group kMore, its name and label), made on first use and kept
// for the life of the process; nullptr if it cannot be (every formula slot taken).
const Activation* PresetActivation(const Preset& p);
// A catalogue row or a preset by name (the catalogue first); nullptr when neither has it.
const Activation* FindFunction(std::string_view name);
// The catalogue's names and where to find the presets', for "unknown function" messages.
std::string AllNames();

// A catalogue row as a textbook writes it (softplus as log(1 + exp(beta*x))/beta), for the
// as-written view; its parameters are named as the row's. Empty for a name it does not know.
std::string_view TextbookFormula(std::string_view row);

// The rows of the file that did not parse, as "line N: message" (empty when all did).
std::span<const std::string> PresetErrors();

}  // namespace actviz::formula
