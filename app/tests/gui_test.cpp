// The explorer through its real parts on Mesa's llvmpipe via EGL (no display): many frames
// over every function and parameter extreme, plot exports checked pixel by pixel against the
// core's values, export failures, and the session file.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <imgui.h>
#include <stb_image.h>

#include "actviz/catalogue.hpp"
#include "gui/headless_ui.hpp"
#include "gui/session.hpp"
#include "gui/theme.hpp"

namespace actviz::gui {
namespace {

// One directory per test process (ctest runs each test in its own), removed at exit.
struct ProcessTempDir {
  std::string path;
  ProcessTempDir() {
    char tmpl[] = "/tmp/actviz-gui-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~ProcessTempDir() { std::filesystem::remove_all(path); }
};

const std::string& TempDir() {
  static const ProcessTempDir dir;
  return dir.path;
}

// One UI for the whole suite: ImGui has one current context.
HeadlessUi& Ui() {
  static std::unique_ptr<HeadlessUi> ui = [] {
    std::string error;
    auto u = HeadlessUi::Create(1280, 720, DefaultState(), error);
    if (!u) std::fprintf(stderr, "no headless GL: %s\n", error.c_str());
    return u;
  }();
  if (!ui) throw std::runtime_error("no headless GL context");
  return *ui;
}

void Select(AppState& s, const char* name) {
  s.fn.selected = IndexOf(*Find(name));
}

bool AllVerticesFinite(ImDrawData* d, int& count) {
  count = 0;
  for (int i = 0; i < d->CmdListsCount; ++i) {
    const ImDrawList* l = d->CmdLists[i];
    for (const ImDrawVert& v : l->VtxBuffer) {
      ++count;
      if (!std::isfinite(v.pos.x) || !std::isfinite(v.pos.y) || std::fabs(v.pos.x) > 1e6f ||
          std::fabs(v.pos.y) > 1e6f)
        return false;
    }
  }
  return true;
}

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

TEST(HeadlessUi, distributions_tab_shows_finished_histograms_for_every_function) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.ui.tab = 1;
  s.distributions.n = 20000;
  s.distributions.dist = 1;
  s.distributions.scale = 3;
  for (const Activation& fn : Catalogue()) {
    Select(s, std::string(fn.name).c_str());
    for (bool log : {false, true}) {
      s.distributions.log_counts = log;
      // The experiment runs on the worker thread: request, wait, show (the tab itself may
      // take a frame to appear the first time).
      for (int k = 0; k < 2; ++k) {
        ui.Frame();
        ui.app().Settle();
      }
      ui.Frame();
      int n = 0;
      EXPECT_TRUE(AllVerticesFinite(ImGui::GetDrawData(), n)) << fn.name;
      // The output histogram is on screen, at a real size.
      EXPECT_GT(ui.app().PlotSize(4).x, 100) << fn.name;
    }
  }
  // Its histograms export like any plot.
  const std::string path = TempDir() + "/hist-out.png";
  EXPECT_FALSE(ui.app().ExportPlot(4, path, 2));
  s = DefaultState();
  ui.Frame();
}

// Sum of absolute RGB differences over a region of two snapshots (rows top first).
long long RegionDiff(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b,
                     int width, int x0, int y0, int x1, int y1) {
  long long d = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      for (int c = 0; c < 3; ++c) {
        const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 4 + c;
        d += std::abs(static_cast<int>(a[i]) - static_cast<int>(b[i]));
      }
  return d;
}

TEST(HeadlessUi, activation_map_follows_the_slider_on_the_gpu_and_exports_at_full_size) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.ui.tab = 2;
  Select(s, "elu");
  auto shot = [&](double alpha) {
    SelectedParams(s).v[0] = alpha;
    for (int k = 0; k < 3; ++k) {
      ui.Frame();
      ui.app().Settle();  // the photo loads on a worker thread
    }
    ui.Frame();
    std::vector<std::uint8_t> rgba;
    EXPECT_FALSE(ui.Snapshot(rgba));
    return rgba;
  };
  const std::vector<std::uint8_t> a = shot(0.1), b = shot(2.5), c = shot(0.1);
  const int w = ui.width(), h = ui.height();
  // Views: the original on the left half of the main area, the map on the right half.
  const int top = h / 5, bottom = h * 3 / 4;
  const long long map_change = RegionDiff(a, b, w, w * 3 / 4 - 100, top, w * 3 / 4 + 100, bottom);
  const long long orig_change = RegionDiff(a, b, w, w / 2 - 150, top, w / 2 - 50, bottom);
  EXPECT_GT(map_change, 200 * 200) << "the map did not react to α";
  EXPECT_EQ(orig_change, 0) << "the original photo changed with α";
  EXPECT_EQ(RegionDiff(a, c, w, 0, 0, w, h), 0) << "the same state drew a different picture";

  // The exact export: full resolution, PNG through the colormap or raw floats.
  const std::string png = TempDir() + "/map.png", npy = TempDir() + "/map.npy";
  ASSERT_FALSE(ui.app().ExportMap(png));
  ASSERT_FALSE(ui.app().ExportMap(npy));
  int iw = 0, ih = 0, n = 0;
  unsigned char* data = stbi_load(png.c_str(), &iw, &ih, &n, 0);
  ASSERT_NE(data, nullptr);
  stbi_image_free(data);
  EXPECT_EQ(iw, 512);  // the built-in cameraman
  EXPECT_EQ(ih, 512);
  std::ifstream f(npy, std::ios::binary | std::ios::ate);
  EXPECT_EQ(static_cast<long long>(f.tellg()), 128 + 512LL * 512 * 4);  // header + float32s
  // 16-bit gray: the finer steps of the same map.
  s.exporting.map_format = 1;
  const std::string png16 = TempDir() + "/map16.png";
  ASSERT_FALSE(ui.app().ExportMap(png16));
  EXPECT_TRUE(stbi_is_16_bit(png16.c_str()));
  int n16 = 0;
  stbi_us* px16 = stbi_load_16(png16.c_str(), &iw, &ih, &n16, 1);
  ASSERT_NE(px16, nullptr);
  EXPECT_EQ(iw, 512);
  // The same map as the 8-bit gray export, at finer steps: every pixel within half an 8-bit
  // step of it, and values between the 8-bit levels (not all multiples of 257).
  int n8 = 0;
  unsigned char* px8 = stbi_load(png.c_str(), &iw, &ih, &n8, 1);
  ASSERT_NE(px8, nullptr);
  int finer = 0;
  double worst = 0;
  for (int i = 0; i < iw * ih; ++i) {
    finer += px16[i] % 257 != 0;
    worst = std::max(worst, std::fabs(px16[i] / 65535.0 - px8[i] / 255.0));
  }
  stbi_image_free(px8);
  EXPECT_GT(finer, iw * ih / 10);
  EXPECT_LE(worst, 0.5 / 255 + 1e-9);
  stbi_image_free(px16);
  // The side-by-side figure: a PNG whose left and right halves hold the photo and the map.
  const std::string fig = TempDir() + "/map-figure.png";
  ASSERT_FALSE(ui.app().ExportMapFigure(fig));
  int fw = 0, fh = 0, fn = 0;
  unsigned char* fp = stbi_load(fig.c_str(), &fw, &fh, &fn, 3);
  ASSERT_NE(fp, nullptr);
  EXPECT_EQ(fw, 1600);
  EXPECT_EQ(fh, 860);
  auto dark_pixels = [&](int x0, int x1) {  // the photo's dark coat, in each half
    int n = 0;
    for (int y = fh / 3; y < fh; ++y)
      for (int x = x0; x < x1; ++x)
        n += fp[(static_cast<std::size_t>(y) * fw + x) * 3] < 60;
    return n;
  };
  EXPECT_GT(dark_pixels(0, fw / 2), 10000);
  EXPECT_GT(dark_pixels(fw / 2, fw), 10000);
  stbi_image_free(fp);
  s = DefaultState();
  ui.Frame();
}

TEST(Figure, the_windows_export_and_the_command_line_figure_are_the_same_image) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  Select(s, "gelu");
  ui.Frame();
  const std::string gui = TempDir() + "/figure-gui.png", cli = TempDir() + "/figure-cli.png";
  ASSERT_FALSE(ui.app().ExportFigure(gui, 900, 700, false));
  // The real command, with no display at all.
  const std::string cmd = std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + ACTVIZ_BINARY +
                          " figure --function gelu --size 900x700 --out " + cli;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  int w1 = 0, h1 = 0, n1 = 0, w2 = 0, h2 = 0, n2 = 0;
  unsigned char* a = stbi_load(gui.c_str(), &w1, &h1, &n1, 4);
  unsigned char* b = stbi_load(cli.c_str(), &w2, &h2, &n2, 4);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(w1, 900);
  EXPECT_EQ(h1, 700);
  ASSERT_EQ(w1, w2);
  ASSERT_EQ(h1, h2);
  EXPECT_EQ(std::memcmp(a, b, static_cast<std::size_t>(w1) * h1 * 4), 0);
  stbi_image_free(a);
  stbi_image_free(b);
  // Pinned functions join the f and f′ panels with a legend: the export changes, and the
  // pins' colour appears in it.
  s.pins.push_back({IndexOf(*Find("relu")), {}, 0, true});
  const std::string pinned = TempDir() + "/figure-pinned.png";
  ASSERT_FALSE(ui.app().ExportFigure(pinned, 900, 700, false));
  int w3 = 0, h3 = 0, n3 = 0;
  unsigned char* c = stbi_load(pinned.c_str(), &w3, &h3, &n3, 4);
  ASSERT_TRUE(c);
  const ImU32 pin = PinColour(0, Theme::kLight);
  int pin_pixels = 0;
  for (int i = 0; i < w3 * h3 / 3; ++i)  // the top third: f and f′
    pin_pixels += std::abs(c[4 * i] - static_cast<int>(pin & 255)) +
                      std::abs(c[4 * i + 1] - static_cast<int>((pin >> 8) & 255)) +
                      std::abs(c[4 * i + 2] - static_cast<int>((pin >> 16) & 255)) <
                  40;
  EXPECT_GT(pin_pixels, 300) << "the pinned ReLU is not drawn";
  stbi_image_free(c);
  s.pins.clear();
  // Out of range sizes are usage errors; nothing is written.
  const std::string bad = std::string(ACTVIZ_BINARY) + " figure --size 5000x10 --out " + TempDir() +
                          "/bad.png 2>/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);
  EXPECT_NE(::access((TempDir() + "/bad.png").c_str(), F_OK), 0);
}

struct Image {
  int w = 0, h = 0;
  std::vector<std::uint8_t> px;
  const std::uint8_t* at(int x, int y) const {
    return &px[(static_cast<std::size_t>(y) * w + x) * 4];
  }
};

Image ReadPng(const std::string& path) {
  Image img;
  int n = 0;
  unsigned char* data = stbi_load(path.c_str(), &img.w, &img.h, &n, 4);
  if (!data) return img;
  img.px.assign(data, data + static_cast<std::size_t>(img.w) * img.h * 4);
  stbi_image_free(data);
  return img;
}

int Distance(const std::uint8_t* p, ImU32 c) {
  const int r = c & 255, g = (c >> 8) & 255, b = (c >> 16) & 255;
  return std::abs(p[0] - r) + std::abs(p[1] - g) + std::abs(p[2] - b);
}

// The plot area: the extent of the Style background colour along a few rows and columns,
// taking the median (a row may run along a grid line, a label pixel may match by chance).
struct Area {
  int x0 = -1, x1 = -1, y0 = -1, y1 = -1;
};
Area FindArea(const Image& img, ImU32 background) {
  std::vector<int> x0s, x1s, y0s, y1s;
  for (int k = 1; k <= 5; ++k) {
    const int row = img.h * k / 6 + 1, col = img.w * k / 6 + 1;
    int first = -1, last = -1;
    for (int x = 0; x < img.w; ++x)
      if (Distance(img.at(x, row), background) < 6) (first < 0 ? first = x : 0), last = x;
    x0s.push_back(first), x1s.push_back(last);
    first = last = -1;
    for (int y = 0; y < img.h; ++y)
      if (Distance(img.at(col, y), background) < 6) (first < 0 ? first = y : 0), last = y;
    y0s.push_back(first), y1s.push_back(last);
  }
  auto median = [](std::vector<int> v) {
    std::nth_element(v.begin(), v.begin() + 2, v.end());
    return v[2];
  };
  return {median(x0s), median(x1s), median(y0s), median(y1s)};
}

std::string ExportOf(AppState& s, const char* name, int which, float scale, plot::Range y) {
  HeadlessUi& ui = Ui();
  s = DefaultState();
  Select(s, name);
  s.plots.shade_saturation = false;
  s.plots.fit_on_select = false;
  s.plots.x = {-4, 4};
  (which == 0 ? s.plots.y_f : s.plots.y_df) = y;
  ui.Frame();
  ui.Frame();
  const std::string path = TempDir() + "/" + name + std::to_string(which) + ".png";
  const std::optional<std::string> err = ui.app().ExportPlot(which, path, scale);
  EXPECT_FALSE(err) << *err;
  return path;
}

// In every column of the plot area, the curve's pixels sit where the core's value maps.
void ExpectCurveFollows(const char* name, int which, plot::Range y, float scale) {
  AppState& s = Ui().app().state();
  const std::string path = ExportOf(s, name, which, scale, y);
  const Image img = ReadPng(path);
  ASSERT_GT(img.w, 0) << path;
  const plot::Style style = PlotStyle(Theme::kDark);
  const Area a = FindArea(img, style.background);
  ASSERT_GT(a.x1 - a.x0, 100 * scale) << "plot area not found in " << path;
  const Activation& fn = *Find(name);
  const ImU32 colour = FunctionColour(Theme::kDark);
  int checked = 0, misses = 0;
  for (int col = a.x0 + 3; col <= a.x1 - 3; col += 2) {
    const double x = -4 + 8 * (col + 0.5 - a.x0) / (a.x1 - a.x0 + 1);
    const double v = which == 0 ? fn.f(x, Defaults(fn)) : fn.df(x, Defaults(fn));
    const double row = a.y1 + 0.5 - (v - y.lo) / (y.hi - y.lo) * (a.y1 - a.y0 + 1);
    if (row < a.y0 + 4 || row > a.y1 - 4) continue;
    double sum = 0;
    int n = 0;
    for (int r = a.y0; r <= a.y1; ++r)
      if (Distance(img.at(col, r), colour) < 90) sum += r, ++n;
    ++checked;
    if (n == 0 || std::fabs(sum / n - row) > 2.5 * scale) ++misses;
  }
  EXPECT_GT(checked, 50) << name;
  EXPECT_LE(misses, checked / 50) << name << ": curve off by more than 2.5 px in " << misses
                                  << " of " << checked << " columns (" << path << ")";
}

TEST(Export, curve_pixels_lie_where_the_core_says) {
  ExpectCurveFollows("sigmoid", 0, {-0.25, 1.25}, 1);
  ExpectCurveFollows("gelu", 0, {-0.5, 4.5}, 2);
  ExpectCurveFollows("tanh", 1, {-0.25, 1.25}, 1);
  ExpectCurveFollows("elu", 1, {-0.25, 1.25}, 4);
}

TEST(Export, the_two_sides_of_a_jump_are_not_joined) {
  AppState& s = Ui().app().state();
  const std::string path = ExportOf(s, "step", 0, 2, {-0.5, 1.5});
  const Image img = ReadPng(path);
  const Area a = FindArea(img, PlotStyle(Theme::kDark).background);
  const ImU32 colour = FunctionColour(Theme::kDark);
  const int col0 = a.x0 + (a.x1 - a.x0) / 2;  // x = 0 = θ, the jump
  const int row0 = a.y1 - (a.y1 - a.y0) / 4, row1 = a.y0 + (a.y1 - a.y0) / 4;  // y = 0, y = 1
  int middle = 0, ends = 0;
  for (int col = col0 - 2; col <= col0 + 2; ++col)
    for (int r = a.y0; r <= a.y1; ++r) {
      if (Distance(img.at(col, r), colour) >= 90) continue;
      if (std::abs(r - row0) <= 14 || std::abs(r - row1) <= 14)
        ++ends;  // markers
      else
        ++middle;
    }
  EXPECT_GT(ends, 10) << "no open/closed markers at the jump";
  EXPECT_EQ(middle, 0) << "a vertical line joins the two sides of the jump (" << path << ")";
}

TEST(Export, size_is_the_on_screen_plot_times_the_scale) {
  AppState& s = Ui().app().state();
  for (float scale : {1.0f, 2.0f, 4.0f}) {
    const std::string path = ExportOf(s, "relu", 0, scale, {-1, 4});
    const Image img = ReadPng(path);
    const ImVec2 size = Ui().app().PlotSize(0);
    EXPECT_EQ(img.w, static_cast<int>(std::lround(size.x * scale)));
    EXPECT_EQ(img.h, static_cast<int>(std::lround(size.y * scale)));
  }
}

TEST(Export, larger_scales_draw_the_same_plot_with_text_and_lines_scaled_alike) {
  // 2× and 4× render on a headless canvas with a font of their size; box-averaged back to 1×
  // they must look like the 1× export. (Text drawn at the large font's size times the scale,
  // 2–4× too big, measured 6.7 and 9.9; correct ones 1.4 and 1.5.)
  AppState& s = Ui().app().state();
  const Image one = ReadPng(ExportOf(s, "tanh", 0, 1, {-1.5, 1.5}));
  ASSERT_GT(one.w, 100);
  for (int k : {2, 4}) {
    const Image big = ReadPng(ExportOf(s, "tanh", 0, static_cast<float>(k), {-1.5, 1.5}));
    // Sizes round separately (the on-screen size is fractional): compare what both cover.
    const int w = std::min(one.w, big.w / k), h = std::min(one.h, big.h / k);
    ASSERT_GE(w, one.w - 1);
    ASSERT_GE(h, one.h - 1);
    double diff = 0;
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x)
        for (int c = 0; c < 3; ++c) {
          double sum = 0;
          for (int dy = 0; dy < k; ++dy)
            for (int dx = 0; dx < k; ++dx)
              sum += big.at(x * k + dx, y * k + dy)[c];
          diff += std::fabs(sum / (k * k) - one.at(x, y)[c]);
        }
    const double mean = diff / (3.0 * w * h);
    EXPECT_LT(mean, 3.0) << k << "×: mean difference " << mean << " levels from the 1× export";
  }
}

TEST(Export, a_failed_write_says_why_and_leaves_nothing) {
  HeadlessUi& ui = Ui();
  ui.Frame();
  const std::string missing = TempDir() + "/no/such/dir/plot.png";
  std::optional<std::string> err = ui.app().ExportPlot(0, missing, 1);
  ASSERT_TRUE(err);
  EXPECT_NE(err->find("no/such/dir"), std::string::npos) << *err;
  // An existing file is only replaced by a complete one: a directory in the way fails and
  // the directory is untouched.
  const std::string dir = TempDir() + "/taken.png";
  ::mkdir(dir.c_str(), 0755);
  EXPECT_TRUE(ui.app().ExportPlot(0, dir, 1));
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
}

TEST(Session, round_trips_function_parameters_pins_and_view) {
  AppState s = DefaultState();
  Select(s, "swish");
  SelectedParams(s).v[0] = 1.75;
  s.pins.push_back({IndexOf(*Find("gelu")), {}, 3, false});
  s.plots.x = {-2.5, 7};
  s.plots.log_df = true;
  s.ui.theme = Theme::kLight;
  AppState back = DefaultState();
  EXPECT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_EQ(back.fn.selected, s.fn.selected);
  EXPECT_EQ(SelectedParams(back).v[0], 1.75);
  ASSERT_EQ(back.pins.size(), 1u);
  EXPECT_EQ(back.pins[0].function, IndexOf(*Find("gelu")));
  EXPECT_FALSE(back.pins[0].visible);
  EXPECT_EQ(back.plots.x, s.plots.x);
  EXPECT_TRUE(back.plots.log_df);
  EXPECT_EQ(back.ui.theme, Theme::kLight);
}

TEST(Session, damaged_or_foreign_files_fall_back_to_defaults_with_a_notice) {
  const std::string path = TempDir() + "/session.json";
  for (const char* text : {"{not json", "[1,2,3]", ""}) {
    std::ofstream(path) << text;
    AppState s = DefaultState();
    EXPECT_EQ(LoadSession(path, s).status, SessionStatus::kDamaged) << text;
    EXPECT_EQ(s.fn.selected, DefaultState().fn.selected);
  }
  // Valid parts are kept, invalid ones (β ≤ 0, an unknown function, an inverted range) reset.
  std::ofstream(path) << R"({"version":1,"function":"softplus","parameters":{"softplus":{"beta":-3},
      "nonesuch":{"a":1}},"view":{"x":[5,1]}})";
  AppState s = DefaultState();
  EXPECT_EQ(LoadSession(path, s).status, SessionStatus::kDamaged);
  EXPECT_EQ(s.fn.selected, IndexOf(*Find("softplus")));
  EXPECT_EQ(SelectedParams(s).v[0], 1);
  EXPECT_EQ(s.plots.x, DefaultState().plots.x);
  // A missing file is not an error.
  AppState t = DefaultState();
  EXPECT_EQ(LoadSession(TempDir() + "/absent.json", t).status, SessionStatus::kAbsent);
}

}  // namespace
}  // namespace actviz::gui
