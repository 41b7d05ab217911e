// The Softmax tab through its real parts (an EGL context on llvmpipe, the real App): what it
// shows against mpmath at 50 digits (tabulated below by the script in the comment), the naive
// float32 failures against hand-derived float arithmetic, the failed bar's pixels, the
// two-logit bridge to the Explorer's sigmoid, and the session round trip.
//
// Reference (mpmath, mp.dps = 50): x = ±z/T, lse = m + log Σ e^(x − m), log p = x − lse,
// p = e^(log p), J = p_i(δ_ij − p_j)·(±1)/T; values below the double range written as 0.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <stb_image.h>
#include <unistd.h>

#include "actviz/activations/catalogue.hpp"
#include "actviz/image/image.hpp"
#include "gui/shell/headless_ui.hpp"
#include "gui/shell/shared.hpp"
#include "gui/state/session.hpp"
#include "gui/tabs/depth/depth_tab.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"
#include "gui/tabs/networks/networks_tab.hpp"
#include "gui/tabs/softmax/softmax_tab.hpp"
#include "shared_ui.hpp"

namespace actviz::gui {
namespace {

struct Case {
  std::vector<double> z;
  double t;
  bool softmin;
  std::vector<double> p, log_p, jac;
};

const Case kCases[] = {
    {{2, 1, 0.1, -1},
     1,
     false,
     {0.63806635114793756933, 0.23473149269060455788, 0.095434703113622023149,
      0.03176745304783584964},
     {-0.44931300238035441832, -1.4493130023803544183, -2.3493130023803544128,
      -3.4493130023803544183},
     {0.23093768268069439823, -0.1497742670406028287, -0.060893672788595520712,
      -0.020269742851496048814, -0.1497742670406028287, 0.1796326190298452169,
      -0.022401530316345183968, -0.0074568216728972042241, -0.060893672788595520712,
      -0.022401530316345183968, 0.086326920555236846069, -0.0030317174502961413887,
      -0.020269742851496048814, -0.0074568216728972042241, -0.0030317174502961413887,
      0.030758281974689394427}},
    {{1000, 0, -1000},
     1,
     false,
     {1, 0, 0},  // 5.1e−435 and 2.6e−869
     {0, -1000, -2000},
     {0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {{-999, -1000},
     1,
     false,
     {0.73105857863000487925, 0.26894142136999512075},
     {-0.31326168751822283405, -1.313261687518222834},
     {0.19661193324148185254, -0.19661193324148185254, -0.19661193324148185254,
      0.19661193324148185254}},
    {{100, 90, 0},
     1,
     false,
     {0.99995460213129756561, 0.000045397868702434394505, 3.7199070925001134886e-44},
     {-0.000045398899216864646769, -10.000045398899216865, -100.00004539889921686},
     {0.000045395807735951671032, -0.000045395807735951671032, -3.7197382166463429139e-44,
      -0.000045395807735951671032, 0.000045395807735951671032, -1.6887585377057462827e-48,
      -3.7197382166463429139e-44, -1.6887585377057462827e-48, 3.7199070925001134886e-44}},
    {{1, 2, 3},
     0.5,
     true,
     {0.86681333219733487114, 0.11731042782619836253, 0.015876239976466766323},
     {-0.14293162849989952919, -2.1429316284998995292, -4.1429316284998995292},
     {-0.23089595864457530551, 0.20337248569104391536, 0.027523472953531390147,
      0.20337248569104391536, -0.20709738269886533492, 0.0037248970078214195607,
      0.027523472953531390147, 0.0037248970078214195607, -0.031248369961352809708}},
    {{1.5, -0.5},
     2,
     false,
     {0.73105857863000487925, 0.26894142136999512075},
     {-0.31326168751822283405, -1.313261687518222834},
     {0.098305966620740926269, -0.098305966620740926269, -0.098305966620740926269,
      0.098305966620740926269}},
};

// Within 4 ULP of the reference (and exact at 0).
void ExpectUlp(double got, double want, const char* what, std::size_t i) {
  EXPECT_LE(std::fabs(got - want), 4 * DBL_EPSILON * std::fabs(want) + 1e-320)
      << what << "[" << i << "] = " << got << ", mpmath " << want;
}

// Sets the tab's sliders and draws it until the model follows.
const figure::SoftmaxPlots& Show(const std::vector<double>& z, double t, bool softmin, bool naive) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s.ui.tab = Tab::kSoftmax;
  s.softmax.k = static_cast<int>(z.size());
  std::copy(z.begin(), z.end(), s.softmax.z.begin());
  s.softmax.reach = 1000;
  s.softmax.temperature = t;
  s.softmax.softmin = softmin;
  s.softmax.naive = naive;
  for (int i = 0; i < 3; ++i)
    ui.Frame();
  const figure::SoftmaxPlots* m = ui.app().tab<SoftmaxTab>().views.model.get();
  if (!m) throw std::runtime_error("the Softmax tab built no model");
  return *m;
}

TEST(SoftmaxTab, shows_p_log_p_and_the_jacobian_of_mpmath) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(testing::Message() << "z[0] = " << c.z[0] << ", T = " << c.t);
    const figure::SoftmaxPlots& m = Show(c.z, c.t, c.softmin, false);
    ASSERT_EQ(m.in.z, c.z);
    ASSERT_EQ(m.r.p.size(), c.p.size());
    for (std::size_t i = 0; i < c.p.size(); ++i) {
      ExpectUlp(m.r.p[i], c.p[i], "p", i);
      ExpectUlp(m.r.log_p[i], c.log_p[i], "log p", i);
      // The bar drawn for pᵢ reaches pᵢ.
      EXPECT_EQ(m.p_bars[i].y1, m.r.p[i]);
    }
    ASSERT_EQ(m.r.jacobian.size(), c.jac.size());
    for (std::size_t i = 0; i < c.jac.size(); ++i)
      ExpectUlp(m.r.jacobian[i], c.jac[i], "jacobian", i);
    // The heatmap is the Jacobian, K × K.
    EXPECT_EQ(m.jac.cols, static_cast<int>(c.z.size()));
    EXPECT_EQ(m.jac.values.size(), c.jac.size());
  }
  Ui().app().state() = DefaultState();
}

// Naive float32 e^z/Σe^z, derived by hand: e^1000 = ∞ in float32, ∞/∞ = NaN, 1/∞ = 0;
// e^−999 = e^−1000 = 0, 0/0 = NaN; e^100 and e^90 are ∞ (above ln FLT_MAX = 88.72).
TEST(SoftmaxTab, the_naive_float32_softmax_fails_where_the_stable_one_does_not) {
  using O = figure::NaiveOutcome;
  struct Row {
    std::vector<double> z;
    std::vector<O> outcome;
    int failed;
  };
  const Row rows[] = {
      {{1000, 0, -1000}, {O::kNaN, O::kLostTail, O::kLostTail}, 1},
      {{-999, -1000}, {O::kNaN, O::kNaN}, 2},
      {{100, 90, 0}, {O::kNaN, O::kNaN, O::kZero}, 3},  // e^−100 ≈ 3.7e−44 fits a float
      {{2, 1, 0.1, -1}, {O::kClose, O::kClose, O::kClose, O::kClose}, 0},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(testing::Message() << "z[0] = " << r.z[0]);
    const figure::SoftmaxPlots& m = Show(r.z, 1, false, true);
    EXPECT_EQ(m.outcome, r.outcome);
    EXPECT_EQ(m.failed, r.failed);
    for (std::size_t i = 0; i < r.z.size(); ++i) {
      EXPECT_TRUE(std::isfinite(m.r.p[i]));
      if (r.outcome[i] == O::kNaN) {
        EXPECT_TRUE(std::isnan(m.naive_p[i])) << i;
      }
      if (r.outcome[i] == O::kZero || r.outcome[i] == O::kLostTail) {
        EXPECT_EQ(m.naive_p[i], 0.0f) << i;
      }
      if (r.outcome[i] == O::kClose) {
        EXPECT_LE(m.abs_diff[i], 4 * FLT_EPSILON * m.r.p[i]) << i;  // float rounding only
      }
    }
  }
}

// (1000, 0, −1000) with the naive toggle: on screen, the stable bar of p₁ is blue up to 1 and
// the naive one beside it is red over the whole height.
TEST(SoftmaxTab, the_failed_naive_bar_is_red_on_screen_beside_the_stable_blue_one) {
  HeadlessUi& ui = Ui();
  Show({1000, 0, -1000}, 1, false, true);
  ui.Frame();
  std::vector<std::uint8_t> rgba;
  ASSERT_FALSE(ui.Snapshot(rgba));
  const SoftmaxViews& v = ui.app().tab<SoftmaxTab>().views;
  ASSERT_GT(v.p_max.x - v.p_min.x, 100);
  auto at = [&](double x, double y) {
    const double px = v.p_min.x + (x - v.x.lo) / (v.x.hi - v.x.lo) * (v.p_max.x - v.p_min.x);
    const double py = v.p_max.y - (y - v.y_p.lo) / (v.y_p.hi - v.y_p.lo) * (v.p_max.y - v.p_min.y);
    const std::size_t k = (static_cast<std::size_t>(py) * static_cast<std::size_t>(ui.width()) +
                           static_cast<std::size_t>(px)) *
                          4;
    return std::array<int, 3>{rgba[k], rgba[k + 1], rgba[k + 2]};
  };
  // Below the legend (top left): p = 0.3 on the stable bar (x ∈ [0.62, 1]), the naive (1, 1.38).
  const auto blue = at(0.8, 0.3), red = at(1.2, 0.3), empty = at(2.2, 0.3);
  EXPECT_GT(blue[2], blue[0] + 60) << blue[0] << "," << blue[1] << "," << blue[2];
  EXPECT_GT(red[0], red[2] + 40) << red[0] << "," << red[1] << "," << red[2];
  EXPECT_LT(empty[0] + empty[1] + empty[2], 200);  // the dark plot background
  Ui().app().state() = DefaultState();
}

// With two logits the tab's σ(x − y) is the catalogue's sigmoid, and the Explorer's f plot
// marks that point when asked (as the tab's link does).
TEST(SoftmaxTab, two_logits_are_the_sigmoid_of_their_difference_marked_on_the_explorer) {
  const figure::SoftmaxPlots& m = Show({1.5, -0.5}, 2, false, false);
  const double d = 1.0, sigma = 1 / (1 + std::exp(-d));  // σ(1) by hand
  EXPECT_NEAR(m.r.p[0], sigma, 1e-16);
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s.fn.selected = IndexOf(*Find("sigmoid"));
  s.plots.mark = true;
  s.plots.mark_x = d;
  s.ui.tab = Tab::kExplorer;
  for (int i = 0; i < 3; ++i)
    ui.Frame();
  const auto& markers = ui.app().tab<ExplorerTab>().f.markers;
  const bool found = std::any_of(markers.begin(), markers.end(), [&](const plot::Marker& mk) {
    return mk.x == d && std::fabs(mk.y - sigma) < 1e-15;
  });
  EXPECT_TRUE(found);
  s = DefaultState();
}

TEST(SoftmaxTab, the_settings_round_trip_through_the_session_and_bad_ones_are_refused) {
  AppState s = DefaultState();
  s.softmax.k = 3;
  s.softmax.z = {1000, 0, -1000};
  s.softmax.reach = 1000;
  s.softmax.temperature = 0.25;
  s.softmax.softmin = true;
  s.softmax.show_log = false;
  s.softmax.naive = true;
  s.plots.mark = true;
  s.plots.mark_x = -2.5;
  s.ui.tab = Tab::kSoftmax;
  AppState back = DefaultState();
  ASSERT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_EQ(back.softmax.k, 3);
  EXPECT_EQ(back.softmax.z[0], 1000);
  EXPECT_EQ(back.softmax.z[2], -1000);
  EXPECT_EQ(back.softmax.reach, 1000);
  EXPECT_EQ(back.softmax.temperature, 0.25);
  EXPECT_TRUE(back.softmax.softmin);
  EXPECT_FALSE(back.softmax.show_log);
  EXPECT_TRUE(back.softmax.naive);
  EXPECT_TRUE(back.plots.mark);
  EXPECT_EQ(back.plots.mark_x, -2.5);
  EXPECT_EQ(back.ui.tab, Tab::kSoftmax);
  const char* bad[] = {
      R"({"version":1,"softmax":{"logits":[1]}})",
      R"({"version":1,"softmax":{"logits":[1,2,3,4,5,6,7,8,9,10,11]}})",
      R"({"version":1,"softmax":{"logits":[1,"x"]}})",
      R"({"version":1,"softmax":{"logits":[1,50]}})",  // beyond the default reach ±10
      R"({"version":1,"softmax":{"temperature":0}})",
      R"({"version":1,"softmax":{"reach":50}})",
  };
  for (const char* doc : bad) {
    AppState t = DefaultState();
    EXPECT_EQ(ParseSessionJson(doc, t).status, SessionStatus::kDamaged) << doc;
    EXPECT_EQ(t.softmax.k, SoftmaxState{}.k) << doc;
    EXPECT_EQ(t.softmax.z, SoftmaxState{}.z) << doc;
    EXPECT_EQ(t.softmax.temperature, SoftmaxState{}.temperature) << doc;
    EXPECT_EQ(t.softmax.reach, SoftmaxState{}.reach) << doc;
  }
}

// The tropical view: each cell is log_t(t^x + t^y) − max(x, y) at its centre (by hand, in long
// double, fine for these t), the colour scale ends at log_t 2, and t follows the slider.
TEST(SoftmaxTab, the_tropical_view_shows_log_t_of_the_sum_less_the_max) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  for (double t : {1.5, 10.0, 1000.0}) {
    s.softmax.tropical = true;
    s.softmax.tropical_t = t;
    Show({1, 2}, 1, false, false);
    const figure::TropicalPlot* m = ui.app().tab<SoftmaxTab>().views.tropical.get();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->t, t);
    const int n = m->cells;
    ASSERT_GT(n, 10);
    const double step = 2 * m->reach / n;
    for (int j = 0; j < n; j += 7)
      for (int i = 0; i < n; i += 5) {
        const long double x = -m->reach + (i + 0.5) * step, y = -m->reach + (j + 0.5) * step;
        const long double lt = std::log(static_cast<long double>(t));
        const long double want =
            std::log(std::exp(x * lt) + std::exp(y * lt)) / lt - std::max(x, y);
        EXPECT_NEAR(m->excess[static_cast<std::size_t>(j * n + i)], static_cast<double>(want),
                    1e-6 * (1 + std::fabs(static_cast<double>(want))))
            << t << " " << i << " " << j;
      }
    EXPECT_NEAR(m->map.hi, std::log(2.0) / std::log(t), 1e-15);
  }
  s = DefaultState();
}

// The Jacobian exported as PNG: its cells in the colours of their values (coolwarm over
// ±max|J|): ∂p₁/∂z₁ = 0.2309 is the red end, ∂p₂/∂z₁ = −0.1498 a blue at (0.2309 − 0.1498)/0.4619.
TEST(SoftmaxTab, the_exported_jacobian_has_its_cells_in_their_colours) {
  HeadlessUi& ui = Ui();
  Show({2, 1, 0.1, -1}, 1, false, false);
  ui.Frame();
  const std::string path = "/tmp/actviz-softmax-export-" + std::to_string(getpid()) + ".png";
  ASSERT_FALSE(ui.app().StartExport({ExportTarget::kSoftmaxJacobian, path, 1}));
  ASSERT_TRUE(FramesUntil(ui, [&] { return !ui.app().shared().export_job.busy(); }))
      << "the export did not finish in 120 s";
  int w = 0, h = 0, c = 0;
  unsigned char* px = stbi_load(path.c_str(), &w, &h, &c, 3);
  ASSERT_TRUE(px);
  const double jmax = 0.23093768268069439823;
  auto count = [&](double value) {
    const auto want = ColormapColor(Colormap::kCoolwarm, (value + jmax) / (2 * jmax));
    int hits = 0;
    for (int k = 0; k < w * h; ++k)
      hits += std::abs(px[3 * k] - want[0]) + std::abs(px[3 * k + 1] - want[1]) +
                  std::abs(px[3 * k + 2] - want[2]) <
              8;
    return hits;
  };
  const int cell = w * h / 40;  // a 4 × 4 grid in most of the image
  EXPECT_GT(count(jmax), cell);
  EXPECT_GT(count(-0.1497742670406028287), 2 * cell);  // ∂p₁/∂z₂ and ∂p₂/∂z₁
  stbi_image_free(px);
  std::remove(path.c_str());
  Ui().app().state() = DefaultState();
}

// The tropical heatmap exported as PNG at its on-screen size: away from the diagonal the
// excess is ~0 (viridis' dark end), along it log_t 2 (the bright end). Without the view shown
// the export says why instead.
TEST(SoftmaxTab, the_exported_tropical_sum_is_its_heatmap) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  const std::string path = "/tmp/actviz-tropical-export-" + std::to_string(getpid()) + ".png";
  s.softmax.tropical = false;
  Show({2, 1}, 1, false, false);
  ui.Frame();
  EXPECT_TRUE(ui.app().StartExport({ExportTarget::kSoftmaxTropical, path, 1}));
  s.softmax.tropical = true;
  s.softmax.tropical_t = 10;
  Show({2, 1}, 1, false, false);
  ui.Frame();
  ASSERT_FALSE(ui.app().StartExport({ExportTarget::kSoftmaxTropical, path, 1}));
  ASSERT_TRUE(FramesUntil(ui, [&] { return !ui.app().shared().export_job.busy(); }))
      << "the export did not finish in 120 s";
  const ImVec2 size = ui.app().tab<SoftmaxTab>().views.tropical_size;
  int w = 0, h = 0, c = 0;
  unsigned char* px = stbi_load(path.c_str(), &w, &h, &c, 3);
  ASSERT_TRUE(px);
  EXPECT_NEAR(w, size.x, 2);
  EXPECT_NEAR(h, size.y, 2);
  auto count = [&](double at) {
    const auto want = ColormapColor(Colormap::kViridis, at);
    int hits = 0;
    for (int k = 0; k < w * h; ++k)
      hits += std::abs(px[3 * k] - want[0]) + std::abs(px[3 * k + 1] - want[1]) +
                  std::abs(px[3 * k + 2] - want[2]) <
              12;
    return hits;
  };
  EXPECT_GT(count(0), w * h / 10);  // most of the square is max(x, y) to rounding
  EXPECT_GT(count(1), 20);          // the diagonal band at log_t 2
  stbi_image_free(px);
  std::remove(path.c_str());
  s = DefaultState();
}

}  // namespace
}  // namespace actviz::gui
