// Typed formulas and the "More" presets in the window, through its real parts (headless on
// EGL): every preset in every tab without an error; the as-written view of softplus becomes
// inf where float32's exp overflows; a typed formula and its parameter survive a restart.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <imgui.h>

#include "actviz/formula/library.hpp"
#include "gui/shell/headless_ui.hpp"
#include "gui/shell/shared.hpp"
#include "gui/state/session.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"
#include "pixels.hpp"
#include "shared_ui.hpp"
#include "test_state.hpp"

namespace actviz::gui {
namespace {

TEST(Formulas, every_preset_draws_in_every_tab_without_an_error) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.depth.layers = 6, s.depth.width = 32, s.depth.batch = 200;  // small: many functions
  int shown = 0;
  for (const formula::Preset& p : formula::Presets()) {
    const Activation* fn = formula::FindFunction(p.name);
    ASSERT_NE(fn, nullptr) << p.name;
    gui::Select(s, IndexOf(*fn));
    ASSERT_EQ(&Selected(s), fn);
    for (int tab = 0; tab < kTabCount; ++tab) {
      // The Depth tab's phase diagram costs most: every eighth preset there (the CLI test
      // runs every one through `depth` by name).
      if (static_cast<Tab>(tab) == Tab::kDepth && shown % 8 != 0) continue;
      s.ui.tab = static_cast<Tab>(tab);
      ui.Frame();
      ui.app().Settle();
      ui.Frame();
      EXPECT_FALSE(s.notice.error) << p.name << " in tab " << tab << ": " << s.notice.text;
      int n = 0;
      EXPECT_TRUE(AllVerticesFinite(ImGui::GetDrawData(), n)) << p.name << " tab " << tab;
    }
    ++shown;
  }
  EXPECT_GE(shown, 55);
  s = DefaultState();
  ui.Frame();
}

// The map of a formula is its exact float32 values, drawn through the identity: typed swish
// draws what the swish row's shader draws, pixel for pixel but for the few pixels whose value
// sits on a colour step (the row's kernel is within 8 ULP, the formula exact).
TEST(Formulas, a_typed_rows_activation_map_is_the_rows) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.ui.tab = Tab::kMap;
  s.image.auto_range = false, s.image.lo = -0.3, s.image.hi = 0.6;  // one colour scale
  auto shot = [&] {
    for (int k = 0; k < 3; ++k) {
      ui.Frame();
      ui.app().Settle();
    }
    ui.Frame();
    std::vector<std::uint8_t> rgba;
    EXPECT_FALSE(ui.Snapshot(rgba));
    return rgba;
  };
  Select(s, "swish");
  const std::vector<std::uint8_t> row = shot();
  ASSERT_TRUE(ApplyFormula(s, "x*sigmoid(4*x)"));  // (a formula's map is drawn at all)
  const std::vector<std::uint8_t> steeper = shot();
  ASSERT_TRUE(ApplyFormula(s, "x*sigmoid(x)"));
  const std::vector<std::uint8_t> typed = shot();
  Select(s, "relu");
  const std::vector<std::uint8_t> other = shot();
  const int w = ui.width(), h = ui.height();
  const int x0 = w * 3 / 4 - 100, x1 = w * 3 / 4 + 100, y0 = h / 5, y1 = h * 3 / 4;
  EXPECT_GT(RegionDiff(row, other, w, x0, y0, x1, y1), 200 * 200) << "relu draws like swish";
  EXPECT_GT(RegionDiff(row, steeper, w, x0, y0, x1, y1), 200 * 200) << "a formula's map is stale";
  EXPECT_LT(RegionDiff(row, typed, w, x0, y0, x1, y1), 200 * 275 / 100)
      << "the typed row's map is not the row's";
  s = DefaultState();
  ui.Frame();
}

TEST(Formulas, softplus_as_written_in_float32_is_inf_where_exp_overflows) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  Select(s, "softplus");
  s.plots.x = {-20, 120};
  s.plots.as_written = AsWrittenView::kF32;
  ui.Frame();
  ui.Frame();
  const ExplorerTab& ex = ui.app().tab<ExplorerTab>();
  ASSERT_TRUE(ex.aw.available);
  const Curve& c = ex.f.curves[0];
  ASSERT_EQ(ex.aw.y.size(), c.x.size());
  int inf = 0, fine = 0;
  for (std::size_t i = 0; i < c.x.size(); ++i) {
    // exp(x) overflows float32 past ln(FLT_MAX) = 88.7228…; log(1 + inf) is inf.
    if (c.x[i] > 88.75) {
      EXPECT_TRUE(std::isinf(ex.aw.y[i])) << c.x[i];
      ++inf;
    } else if (c.x[i] > 1 && c.x[i] < 88.7) {
      EXPECT_LE(ex.aw.ulp[i], 2) << c.x[i];  // log and exp, each within 1 ULP, rounded
      ++fine;
    }
  }
  EXPECT_GT(inf, 10);
  EXPECT_GT(fine, 100);
  bool shaded = false;  // the failing range is shaded from where it starts
  for (const plot::Band& b : ex.f.bands)
    shaded = shaded || (b.x0 > 88.7 && b.x0 < 89.5 && b.x1 > 119);
  EXPECT_TRUE(shaded);
  EXPECT_NE(ex.aw.summary.find("inf or NaN"), std::string::npos) << ex.aw.summary;
  s = DefaultState();
  ui.Frame();
}

TEST(Formulas, a_typed_formula_and_its_parameter_survive_a_restart) {
  AppState s = DefaultState();
  ASSERT_TRUE(ApplyFormula(s, "x + sin(a*x)^2/a"));
  EXPECT_FALSE(ApplyFormula(s, "x + * 2"));  // refused: the formula before stays selected
  EXPECT_NE(s.fn.error.find("column 5"), std::string::npos) << s.fn.error;
  ASSERT_EQ(FormulaText(s.fn.selected), "x + sin(a*x)^2/a");
  SelectedParams(s).v[0] = 2.5;
  s.pins.push_back({s.fn.selected, SelectedParams(s), 1, true});
  const std::string text = SessionJson(s);
  AppState back = DefaultState();
  const SessionLoad load = ParseSessionJson(text, back);
  EXPECT_TRUE(load.bad_fields.empty()) << load.bad_fields.front();
  EXPECT_EQ(FormulaText(back.fn.selected), "x + sin(a*x)^2/a");
  EXPECT_EQ(SelectedParams(back).v[0], 2.5);
  ASSERT_EQ(back.fn.history.size(), 1u);
  EXPECT_EQ(back.fn.history[0], "x + sin(a*x)^2/a");
  ASSERT_EQ(back.pins.size(), 1u);
  EXPECT_EQ(back.pins[0].function, back.fn.selected);
  EXPECT_EQ(back.pins[0].params.v[0], 2.5);
  EXPECT_EQ(Selected(back).f(1, SelectedParams(back)), 1 + std::pow(std::sin(2.5), 2) / 2.5);
}

}  // namespace
}  // namespace actviz::gui
