// The Explorer tab through its real parts on Mesa's llvmpipe via EGL (no display): many
// frames over every function and parameter extreme with every vertex finite, maxout's pieces,
// the families and the inverse.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <imgui.h>
#include <stb_image.h>

#include "actviz/activations/catalogue.hpp"
#include "actviz/base/file_io.hpp"
#include "figure/theme.hpp"
#include "gui/shell/headless_ui.hpp"
#include "gui/shell/shared.hpp"
#include "gui/state/session.hpp"
#include "gui/tabs/depth/depth_tab.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"
#include "gui/tabs/networks/networks_tab.hpp"
#include "gui/tabs/softmax/softmax_tab.hpp"
#include "pixels.hpp"
#include "shared_ui.hpp"
#include "test_state.hpp"

namespace actviz::gui {
namespace {

TEST(HeadlessUi, draws_every_function_at_every_parameter_extreme_without_nan) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s.deriv.open = true;
  for (const Activation& fn : Catalogue()) {
    Select(s, std::string(fn.name).c_str());
    std::vector<Params> settings = {Defaults(fn)};
    for (std::size_t i = 0; i < fn.params.size(); ++i) {
      for (double v : {fn.params[i].lo, fn.params[i].hi}) {
        Params p = Defaults(fn);
        p.v[i] = v;
        if (!Validate(fn, p)) settings.push_back(p);
      }
    }
    for (const Params& p : settings) {
      SelectedParams(s) = p;
      for (bool log : {false, true}) {
        s.plots.log_df = log;
        ui.Frame();
        int n = 0;
        EXPECT_TRUE(AllVerticesFinite(ImGui::GetDrawData(), n)) << fn.name << " log=" << log;
        EXPECT_GT(n, 1000) << fn.name;
      }
    }
    if (IndexOf(fn) % 7 == 0) s.pins.push_back({IndexOf(fn), Defaults(fn), IndexOf(fn), true});
  }
  // A far zoom and a tiny one still draw sanely.
  for (plot::Range x : {plot::Range{-1e6, 1e6}, plot::Range{-1e-9, 1e-9}}) {
    s.plots.x = x;
    ui.Frame();
    int n = 0;
    EXPECT_TRUE(AllVerticesFinite(ImGui::GetDrawData(), n));
  }
  s = DefaultState();
  ui.Frame();
}

// Maxout's k pieces are drawn under f on both plots: each the line wⱼx + bⱼ across the view
// (on f′ its slope), named in the legend; k decides how many.
TEST(HeadlessUi, maxout_draws_its_pieces_under_the_maximum) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  Select(s, "maxout");
  const double w[5] = {1, 0.3, -1, 0.5, -2}, b[5] = {0, 0.5, -0.5, 1, -3};
  for (int k = 2; k <= 5; ++k) {
    Params& p = SelectedParams(s);
    for (int j = 0; j < 5; ++j)
      p.v[2 * j] = w[j], p.v[2 * j + 1] = b[j];
    p.v[ParamIndex(Selected(s), "k")] = k;
    ui.Frame();
    ui.Frame();
    const ExplorerTab& ex = ui.app().tab<ExplorerTab>();
    for (int d = 0; d < 2; ++d) {
      const PlotData& pd = d ? ex.df : ex.f;
      int found = 0;
      for (const plot::Series& ser : pd.series) {
        if (ser.label.substr(0, 6) != "piece ") continue;
        const int j = ser.label[6] - '1';
        ASSERT_GE(j, 0);
        ASSERT_LT(j, k) << ser.label;
        ASSERT_EQ(ser.x.size(), 2u);
        for (int e = 0; e < 2; ++e)
          EXPECT_DOUBLE_EQ(ser.y[e], d ? w[j] : w[j] * ser.x[e] + b[j]) << ser.label;
        EXPECT_EQ(ser.x[0], s.plots.x.lo);
        EXPECT_EQ(ser.x[1], s.plots.x.hi);
        ++found;
      }
      EXPECT_EQ(found, k) << "k = " << k << (d ? " on f′" : " on f");
    }
  }
  Select(s, "relu");  // no pieces for anything else
  ui.Frame();
  for (const plot::Series& ser : ui.app().tab<ExplorerTab>().f.series)
    EXPECT_NE(ser.label.substr(0, 6), "piece ");
  s = DefaultState();
  ui.Frame();
}

// --- families and the inverse

void ShowSoftplusFamily(AppState& s) {
  s = DefaultState();
  s.fn.selected = IndexOf(*Find("softplus"));
  s.family = {true, 0, 0.25, 32, 8, true};
  s.plots.x = {-3, 3};
  s.ui.tab = Tab::kExplorer;
  for (int i = 0; i < 3; ++i)
    Ui().Frame();
}

// softplus_β(x) by hand: ln(1 + e^(βx))/β, in long double (no overflow for |βx| ≤ 100).
double SoftplusByHand(double x, double beta) {
  return static_cast<double>(std::log1p(std::exp(static_cast<long double>(beta) * x)) / beta);
}

TEST(ExplorerFamily, draws_every_member_of_softplus_beta_with_its_value_and_gap) {
  AppState& s = Ui().app().state();
  ShowSoftplusFamily(s);
  const App::Shared& sh = Ui().app().shared();
  const ExplorerTab& ex = Ui().app().tab<ExplorerTab>();
  ASSERT_EQ(sh.family.size(), 8u);
  ASSERT_GE(ex.f.series.size(), 8u);
  ASSERT_GE(ex.df.series.size(), 8u);
  for (int i = 0; i < 8; ++i) {
    const double beta = std::ldexp(1.0, i - 2);  // 0.25, 0.5, …, 32
    const plot::Series& ser = ex.f.series[static_cast<std::size_t>(i)];
    char want[64];
    std::snprintf(want, sizeof want, "β = %.4g   gap to ReLU %.4g", beta, std::log(2.0) / beta);
    EXPECT_EQ(std::string(ser.label), want);
    // The drawn samples are the member's values.
    ASSERT_GT(ser.x.size(), 100u);
    for (std::size_t k = 0; k < ser.x.size(); k += 37)
      if (std::isfinite(ser.x[k])) {
        EXPECT_NEAR(ser.y[k], SoftplusByHand(ser.x[k], beta), 1e-14) << beta << " " << ser.x[k];
      }
    // Distinct colours along the bar, the same on f and f′.
    EXPECT_EQ(ex.df.series[static_cast<std::size_t>(i)].color, ser.color);
    if (i > 0) {
      EXPECT_NE(ex.f.series[static_cast<std::size_t>(i - 1)].color, ser.color);
    }
  }
  s = DefaultState();
}

TEST(ExplorerFamily, bad_settings_say_why_and_draw_the_single_curve) {
  AppState& s = Ui().app().state();
  ShowSoftplusFamily(s);
  s.family.from = -1;  // β must be > 0
  for (int i = 0; i < 2; ++i)
    Ui().Frame();
  const App::Shared& sh = Ui().app().shared();
  const ExplorerTab& ex = Ui().app().tab<ExplorerTab>();
  EXPECT_TRUE(sh.family.empty());
  EXPECT_FALSE(sh.family_error.empty());
  EXPECT_EQ(ex.f.curves.size(), 1u);
  s = DefaultState();
}

TEST(ExplorerFamily, the_exported_plot_shows_every_member_colour) {
  AppState& s = Ui().app().state();
  ShowSoftplusFamily(s);
  // Every member has its curve and its legend swatch (4 px thick at 2×) in its colour.
  Ui().Frame();
  const std::string path = "/tmp/actviz-family-export-" + std::to_string(getpid()) + ".png";
  ASSERT_FALSE(Ui().app().ExportPlot(ExportTarget::kFunction, path, 2));
  int w = 0, h = 0, c = 0;
  unsigned char* px = stbi_load(path.c_str(), &w, &h, &c, 3);
  ASSERT_TRUE(px);
  const ExplorerTab& ex = Ui().app().tab<ExplorerTab>();
  for (int i = 0; i < 8; ++i) {
    const ImU32 col = ex.f.series[static_cast<std::size_t>(i)].color;
    const int r = static_cast<int>(col & 0xFF), g = static_cast<int>((col >> 8) & 0xFF),
              b = static_cast<int>((col >> 16) & 0xFF);
    int hits = 0;
    for (int k = 0; k < w * h; ++k)
      hits +=
          std::abs(px[3 * k] - r) + std::abs(px[3 * k + 1] - g) + std::abs(px[3 * k + 2] - b) < 12;
    EXPECT_GT(hits, 30) << "member " << i;
  }
  stbi_image_free(px);
  std::remove(path.c_str());
  s = DefaultState();
}

// f⁻¹ on request: sigmoid's reflection lies on logit (by hand: ln(x/(1 − x))), and on the f′
// plot 1/σ′ at σ(x); ReLU is not invertible, so nothing is added for it.
TEST(ExplorerInverse, sigmoid_reflected_in_y_equals_x_is_logit) {
  AppState& s = Ui().app().state();
  s = DefaultState();
  s.fn.selected = IndexOf(*Find("sigmoid"));
  s.plots.inverse = true;
  for (int i = 0; i < 3; ++i)
    Ui().Frame();
  const ExplorerTab& ex = Ui().app().tab<ExplorerTab>();
  const auto find = [](const PlotData& d, std::string_view label) -> const plot::Series* {
    for (const plot::Series& ser : d.series)
      if (ser.label == label) return &ser;
    return nullptr;
  };
  const plot::Series* inv = find(ex.f, "f⁻¹ = Logit");
  ASSERT_TRUE(inv);
  int checked = 0;
  for (std::size_t i = 0; i < inv->x.size(); ++i) {
    const double x = inv->x[i], y = inv->y[i];
    if (!(x > 1e-6 && x < 1 - 1e-6)) continue;
    EXPECT_NEAR(y, std::log(x / (1 - x)), 1e-9 * (1 + 1 / (x * (1 - x)))) << x;
    ++checked;
  }
  EXPECT_GT(checked, 100);
  EXPECT_TRUE(find(ex.f, "y = x"));
  const plot::Series* dinv = find(ex.df, "(f⁻¹)′ = 1/f′");
  ASSERT_TRUE(dinv);
  for (std::size_t i = 0; i < dinv->x.size(); i += 11) {
    const double x = dinv->x[i];  // σ(t); logit′(x) = 1/(x(1 − x))
    if (x > 1e-6 && x < 1 - 1e-6) {
      EXPECT_NEAR(dinv->y[i] * x * (1 - x), 1, 1e-9) << x;
    }
  }
  s.fn.selected = IndexOf(*Find("relu"));
  for (int i = 0; i < 2; ++i)
    Ui().Frame();
  EXPECT_EQ(ex.f.series.size(), 1u);
  s = DefaultState();
}

TEST(ExplorerFamily, settings_round_trip_through_the_session) {
  AppState s = DefaultState();
  s.family = {true, 0, 0.1, 3, 12, false};
  AppState back = DefaultState();
  ASSERT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_TRUE(back.family.on);
  EXPECT_EQ(back.family.from, 0.1);
  EXPECT_EQ(back.family.to, 3);
  EXPECT_EQ(back.family.n, 12);
  EXPECT_FALSE(back.family.geometric);
  AppState bad = DefaultState();
  EXPECT_EQ(ParseSessionJson(R"({"version":1,"family":{"n":40}})", bad).status,
            SessionStatus::kDamaged);
  EXPECT_EQ(bad.family.n, FamilyState{}.n);
}

}  // namespace
}  // namespace actviz::gui
