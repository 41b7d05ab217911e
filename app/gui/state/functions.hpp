// The window's functions, one index space for the whole process: the catalogue's rows
// (0 … N−1), then the "More" presets (formula/library.hpp), then the formulas typed in this
// session, each interned once by its text — so an index in the state, a pin, a worker's
// request or a cache names the same function for as long as the program runs. Safe to call
// from the workers' threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/formula/formula.hpp"

namespace actviz::gui {

// What the session stores for a typed formula: this prefix and its text (a name never has it).
inline constexpr std::string_view kFormulaKeyPrefix = "f(x) = ";

int FunctionCount();
const Activation& FunctionAt(int index);
// The index of a function this registry handed out (a catalogue row, a preset or a typed
// formula), or -1.
int IndexOf(const Activation& fn);
bool IsFormula(int index);  // a preset or a typed formula (not a catalogue row)
bool IsTyped(int index);    // typed in the window or on the command line
// The formula as typed (empty for a catalogue row).
std::string FormulaText(int index);
// The parameters' defaults of the function at `index`.
Params DefaultsAt(int index);

// Parses and interns a typed formula: its index (the same for the same text), or -1 and the
// parser's one-line message ("column 5: expected …") in `error`.
int InternFormula(std::string_view text, std::string* error);

// What the as-written view evaluates for function `index`: the formula as typed, or a row's
// textbook form (formula/library.hpp); nullptr where there is none. Alive for the process.
const formula::Formula* AsWrittenFormula(int index);
// Its parameters' values, taken by name from the function's `p`.
std::vector<double> AsWrittenParams(int index, const Params& p);

// The session's name for a function: a catalogue or preset name, or kFormulaKeyPrefix + text.
std::string FunctionKey(int index);
// The index for a session's name (a typed formula is interned); -1 when it names nothing.
int FunctionByKey(std::string_view key, std::string* error = nullptr);

}  // namespace actviz::gui
