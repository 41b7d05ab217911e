// The function registry (functions.hpp): catalogue rows by position, formulas in a deque that
// only grows (its elements never move, so references stay valid while it grows).
#include "gui/state/functions.hpp"

#include <cmath>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "actviz/formula/activation.hpp"
#include "actviz/formula/library.hpp"

namespace actviz::gui {
namespace {

struct Entry {
  const Activation* fn = nullptr;
  std::shared_ptr<const formula::Formula> formula;  // as typed
  std::shared_ptr<const Activation> owned;          // a typed formula's activation
  std::string text;                                 // the formula as typed
  bool typed = false;
  Params defaults;
};

struct Registry {
  std::mutex mutex;
  std::deque<Entry> formulas;                            // presets first, then typed formulas
  std::deque<std::optional<formula::Formula>> textbook;  // per catalogue row, parsed on use
  std::vector<bool> textbook_tried;
};

Registry& Reg() {
  static Registry* r = [] {
    auto* reg = new Registry;  // kept to the end: workers may still read it at exit
    for (const formula::Preset& p : formula::Presets()) {
      const Activation* a = formula::PresetActivation(p);
      if (!a) continue;
      reg->formulas.push_back({a, std::make_shared<formula::Formula>(p.formula), nullptr, p.text,
                               false, formula::DefaultParams(p.formula)});
    }
    return reg;
  }();
  return *r;
}

int CatalogueSize() {
  return static_cast<int>(Catalogue().size());
}

// The entry at a formula index, or nullptr (the caller holds the lock).
const Entry* EntryAt(Registry& r, int index) {
  const int i = index - CatalogueSize();
  if (i < 0 || i >= static_cast<int>(r.formulas.size())) return nullptr;
  return &r.formulas[static_cast<std::size_t>(i)];
}

}  // namespace

int FunctionCount() {
  Registry& r = Reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  return CatalogueSize() + static_cast<int>(r.formulas.size());
}

const Activation& FunctionAt(int index) {
  if (index >= 0 && index < CatalogueSize()) return Catalogue()[static_cast<std::size_t>(index)];
  Registry& r = Reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  const Entry* e = EntryAt(r, index);
  return e ? *e->fn : Catalogue()[0];  // an index never handed out: the first row
}

int IndexOf(const Activation& fn) {
  const std::span<const Activation> cat = Catalogue();
  if (&fn >= cat.data() && &fn < cat.data() + cat.size()) return static_cast<int>(&fn - cat.data());
  Registry& r = Reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (std::size_t i = 0; i < r.formulas.size(); ++i)
    if (r.formulas[i].fn == &fn) return CatalogueSize() + static_cast<int>(i);
  return -1;
}

bool IsFormula(int index) {
  return index >= CatalogueSize() && index < FunctionCount();
}

bool IsTyped(int index) {
  Registry& r = Reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  const Entry* e = EntryAt(r, index);
  return e && e->typed;
}

std::string FormulaText(int index) {
  Registry& r = Reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  const Entry* e = EntryAt(r, index);
  return e ? e->text : std::string();
}

Params DefaultsAt(int index) {
  if (index >= 0 && index < CatalogueSize()) return Defaults(FunctionAt(index));
  Registry& r = Reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  const Entry* e = EntryAt(r, index);
  return e ? e->defaults : Params{};
}

int InternFormula(std::string_view text, std::string* error) {
  Registry& r = Reg();
  {
    std::lock_guard<std::mutex> lock(r.mutex);
    for (std::size_t i = 0; i < r.formulas.size(); ++i)
      if (r.formulas[i].typed && r.formulas[i].text == text)
        return CatalogueSize() + static_cast<int>(i);
  }
  formula::Formula f;
  if (auto err = formula::Parse(text, f)) {
    if (error) *error = *err;
    return -1;
  }
  std::string err;
  std::shared_ptr<const Activation> a = formula::AsActivation(f, &err);
  if (!a) {
    if (error) *error = err;
    return -1;
  }
  std::lock_guard<std::mutex> lock(r.mutex);
  const Params defaults = formula::DefaultParams(f);
  r.formulas.push_back({a.get(), std::make_shared<formula::Formula>(std::move(f)), a,
                        std::string(text), true, defaults});
  return CatalogueSize() + static_cast<int>(r.formulas.size()) - 1;
}

const formula::Formula* AsWrittenFormula(int index) {
  Registry& r = Reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  if (const Entry* e = EntryAt(r, index)) return e->formula.get();
  if (index < 0 || index >= CatalogueSize()) return nullptr;
  const auto i = static_cast<std::size_t>(index);
  if (r.textbook.size() < Catalogue().size()) {
    r.textbook.resize(Catalogue().size());
    r.textbook_tried.assign(Catalogue().size(), false);
  }
  if (!r.textbook_tried[i]) {
    r.textbook_tried[i] = true;
    formula::Formula f;
    const std::string_view text = formula::TextbookFormula(Catalogue()[i].name);
    if (!text.empty() && !formula::Parse(text, f)) r.textbook[i] = std::move(f);
  }
  return r.textbook[i] ? &*r.textbook[i] : nullptr;
}

std::vector<double> AsWrittenParams(int index, const Params& p) {
  const formula::Formula* f = AsWrittenFormula(index);
  std::vector<double> out;
  if (!f) return out;
  if (IsFormula(index)) return std::vector<double>(p.v.begin(), p.v.begin() + f->params.size());
  const Activation& fn = FunctionAt(index);
  for (const std::string& name : f->params) {
    const int i = ParamIndex(fn, name);
    out.push_back(i < 0 ? NAN : p.v[static_cast<std::size_t>(i)]);
  }
  return out;
}

std::string FunctionKey(int index) {
  if (IsTyped(index)) return std::string(kFormulaKeyPrefix) + FormulaText(index);
  return std::string(FunctionAt(index).name);
}

int FunctionByKey(std::string_view key, std::string* error) {
  if (key.substr(0, kFormulaKeyPrefix.size()) == kFormulaKeyPrefix)
    return InternFormula(key.substr(kFormulaKeyPrefix.size()), error);
  const Activation* fn = formula::FindFunction(key);
  if (!fn) {
    if (error) *error = "no function is called '" + std::string(key) + "'";
    return -1;
  }
  return IndexOf(*fn);
}

}  // namespace actviz::gui
