// The formula library: the presets' file parses whole, and each catalogue row's textbook form
// (the as-written view's) is the row's own function: its true value at ordinary points is the
// row's, within the spec's 4 ULP, at the row's default parameters.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/formula/formula.hpp"
#include "actviz/formula/library.hpp"

namespace actviz::formula {
namespace {

TEST(FormulaLibrary, every_preset_parses_and_is_found_by_name) {
  EXPECT_TRUE(PresetErrors().empty()) << PresetErrors().front();
  EXPECT_GE(Presets().size(), 55u);
  for (const Preset& p : Presets()) {
    EXPECT_EQ(Find(p.name), nullptr) << p.name << " is a catalogue name";
    ASSERT_NE(FindFunction(p.name), nullptr) << p.name;
    EXPECT_EQ(FindFunction(p.name)->group, Group::kMore);
    EXPECT_EQ(FindFunction(p.name)->name, p.name);
  }
  EXPECT_EQ(FindFunction("no_such_activation"), nullptr);
}

TEST(FormulaLibrary, each_rows_textbook_form_is_the_row) {
  for (const Activation& row : Catalogue()) {
    const std::string_view text = TextbookFormula(row.name);
    ASSERT_FALSE(text.empty()) << row.name << " has no textbook form";
    Formula f;
    ASSERT_FALSE(Parse(text, f)) << row.name << ": " << *Parse(text, f);
    const Params p = Defaults(row);
    std::vector<double> args;
    for (const std::string& name : f.params) {
      const int i = ParamIndex(row, name);
      ASSERT_GE(i, 0) << row.name << ": " << name << " is not a parameter of the row";
      args.push_back(p.v[static_cast<std::size_t>(i)]);
    }
    for (double x : {-2.75, -0.5, 0.3, 0.75, 1.7, 4.5}) {
      const double want = row.f(x, p), got = Exact(f.f, x, args);
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(got)) << row.name << " at " << x;
        continue;
      }
      EXPECT_LE(
          std::fabs(got - want),
          4 * std::ldexp(std::nextafter(std::fabs(want), INFINITY) - std::fabs(want), 0) + 1e-300)
          << row.name << " at " << x << ": " << got << " vs " << want;
    }
  }
}

}  // namespace
}  // namespace actviz::formula
