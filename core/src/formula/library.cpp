// The presets (library.hpp): the embedded TSV, parsed on first use.
#include "actviz/formula/library.hpp"

#include <memory>
#include <mutex>

#include "actviz/base/parse.hpp"
#include "actviz/formula/activation.hpp"

extern "C" const unsigned char actviz_presets[];
extern "C" const unsigned char actviz_presets_end[];

namespace actviz::formula {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// "a=1, b=0.5": each name must be a parameter of the formula.
std::optional<std::string> SetDefaults(std::string_view text, Formula& f) {
  if (Trim(text).empty()) return std::nullopt;
  for (std::string_view item : Split(text, ',')) {
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return "expected NAME=VALUE, not '" + std::string(item) + "'";
    const std::string name(Trim(item.substr(0, eq)));
    const std::string value(Trim(item.substr(eq + 1)));
    std::size_t i = 0;
    while (i < f.params.size() && f.params[i] != name)
      ++i;
    if (i == f.params.size()) return "'" + name + "' is not a parameter of the formula";
    const std::optional<double> v = ParseDouble(value);
    if (!v) return "'" + value + "' is not a number";
    f.defaults[i] = *v;
  }
  return std::nullopt;
}

struct Library {
  std::vector<Preset> presets;
  std::vector<std::string> errors;
  std::mutex mutex;  // guards the activations, made on first use
  std::vector<std::shared_ptr<const Activation>> activations;
};

Library& Lib() {
  static Library* lib = [] {
    auto* l = new Library;  // kept to the end: activations outlive every static user
    const std::string_view all(reinterpret_cast<const char*>(actviz_presets),
                               static_cast<std::size_t>(actviz_presets_end - actviz_presets));
    int line_no = 0;
    for (std::string_view line : Split(all, '\n')) {
      ++line_no;
      if (Trim(line).empty() || line.front() == '#') continue;
      const std::vector<std::string_view> cols = Split(line, '\t');
      const std::string at = "line " + std::to_string(line_no) + ": ";
      if (cols.size() != 6) {
        l->errors.push_back(at + "expected 6 tab-separated columns, found " +
                            std::to_string(cols.size()));
        continue;
      }
      Preset p;
      p.name = Trim(cols[0]);
      p.label = Trim(cols[1]);
      p.text = Trim(cols[2]);
      p.citation = Trim(cols[4]);
      p.purpose = Trim(cols[5]);
      if (auto err = Parse(p.text, p.formula)) {
        l->errors.push_back(at + p.name + ": " + *err);
        continue;
      }
      if (auto err = SetDefaults(cols[3], p.formula)) {
        l->errors.push_back(at + p.name + ": " + *err);
        continue;
      }
      l->presets.push_back(std::move(p));
    }
    l->activations.resize(l->presets.size());
    return l;
  }();
  return *lib;
}

}  // namespace

std::span<const Preset> Presets() {
  return Lib().presets;
}

std::span<const std::string> PresetErrors() {
  return Lib().errors;
}

const Preset* FindPreset(std::string_view name) {
  for (const Preset& p : Presets())
    if (p.name == name) return &p;
  return nullptr;
}

const Activation* PresetActivation(const Preset& p) {
  Library& l = Lib();
  const auto i = static_cast<std::size_t>(&p - l.presets.data());
  if (i >= l.presets.size()) return nullptr;
  std::lock_guard<std::mutex> lock(l.mutex);
  if (!l.activations[i])
    l.activations[i] = AsActivation(p.formula, nullptr, {p.name, p.label, Group::kMore});
  return l.activations[i].get();
}

const Activation* FindFunction(std::string_view name) {
  if (const Activation* a = Find(name)) return a;
  const Preset* p = FindPreset(name);
  return p ? PresetActivation(*p) : nullptr;
}

std::string AllNames() {
  return NameList() + "; or one of the " + std::to_string(Presets().size()) +
         " formulas listed under More by `actviz list`";
}

}  // namespace actviz::formula
