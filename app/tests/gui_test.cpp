// The explorer through its real parts on Mesa's llvmpipe via EGL (no display): many frames
// over every function and parameter extreme, plot exports checked pixel by pixel against the
// core's values, export failures, and the session file.
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
#include "shared_ui.hpp"
#include "test_state.hpp"

namespace actviz::gui {
namespace {

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

TEST(HeadlessUi, distributions_tab_shows_finished_histograms_for_every_function) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.ui.tab = Tab::kDistributions;
  s.distributions.n = 20000;
  s.distributions.dist = Distribution::kNormal;
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
      EXPECT_GT(ui.app().PlotSize(ExportTarget::kHistOutput).x, 100) << fn.name;
    }
  }
  // Its histograms export like any plot.
  const std::string path = TempDir() + "/hist-out.png";
  EXPECT_FALSE(ui.app().ExportPlot(ExportTarget::kHistOutput, path, 2));
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
  s.ui.tab = Tab::kMap;
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
  s.exporting.map_format = MapFormat::kGray16;
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

// Issue 15: a figure export with 10⁷ samples runs in the background. The window keeps
// drawing frames while the samples are drawn (the render is one step on the UI thread), the
// status line carries the progress, and Cancel stops it with no file written.
TEST(Export, a_large_figure_export_leaves_the_window_drawing_and_can_be_cancelled) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.distributions.n = 1e7;
  ui.Frame();
  ExportJob& job = ui.app().shared().export_job;
  const std::string path = TempDir() + "/figure-1e7.png";
  std::remove(path.c_str());
  ASSERT_FALSE(ui.app().StartExport({ExportTarget::kFigure, path, 1}));
  ASSERT_TRUE(job.busy());
  int frames_while_busy = 0;
  std::vector<double> ms;
  const auto t_start = std::chrono::steady_clock::now();
  while (job.busy()) {
    const auto t0 = std::chrono::steady_clock::now();
    ui.Frame();
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    ++frames_while_busy;
    ASSERT_LT(std::chrono::steady_clock::now() - t_start, std::chrono::seconds(120));
  }
  std::sort(ms.begin(), ms.end());
  // 10⁷ samples take about a second on two cores: dozens of frames drawn meanwhile.
  EXPECT_GT(frames_while_busy, 10);
  EXPECT_LT(ms[ms.size() / 2], 100) << "median frame time while exporting";
  EXPECT_FALSE(s.notice.error) << s.notice.text;
  EXPECT_EQ(s.notice.text, "Saved " + path);
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(path.c_str(), &w, &h, &n, 3);
  ASSERT_NE(px, nullptr);
  EXPECT_EQ(w, s.figure.width);
  EXPECT_EQ(h, s.figure.height);
  stbi_image_free(px);

  // Cancel while the samples are drawn: no file, a notice that says so, and a new export
  // can start at once.
  const std::string cancelled = TempDir() + "/figure-cancelled.png";
  std::remove(cancelled.c_str());
  ASSERT_FALSE(ui.app().StartExport({ExportTarget::kFigure, cancelled, 1}));
  ui.Frame();
  EXPECT_TRUE(job.busy());
  job.Cancel();
  ASSERT_TRUE(FramesUntil(ui, [&] { return !job.busy(); })) << "the cancel was not seen in 120 s";
  struct stat st {};
  EXPECT_NE(::stat(cancelled.c_str(), &st), 0) << "a cancelled export wrote its file";
  EXPECT_NE(s.notice.text.find("Cancelled"), std::string::npos) << s.notice.text;
  EXPECT_FALSE(s.notice.error);
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

// The plot area: the extent of the Style background colour along many rows and columns,
// taking the median of those that meet it (a row may run along a grid line, and whether
// one does depends on the plot's height; a label pixel may match by chance).
struct Area {
  int x0 = -1, x1 = -1, y0 = -1, y1 = -1;
};
Area FindArea(const Image& img, ImU32 background) {
  std::vector<int> x0s, x1s, y0s, y1s;
  for (int k = 1; k < 24; ++k) {
    const int row = img.h * k / 24 + 1, col = img.w * k / 24 + 1;
    int first = -1, last = -1;
    for (int x = 0; x < img.w; ++x)
      if (Distance(img.at(x, row), background) < 6) (first < 0 ? first = x : 0), last = x;
    if (first >= 0) x0s.push_back(first), x1s.push_back(last);
    first = last = -1;
    for (int y = 0; y < img.h; ++y)
      if (Distance(img.at(col, y), background) < 6) (first < 0 ? first = y : 0), last = y;
    if (first >= 0) y0s.push_back(first), y1s.push_back(last);
  }
  auto median = [](std::vector<int> v) {
    if (v.size() < 3) return -1;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
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
  const std::optional<std::string> err =
      ui.app().ExportPlot(static_cast<ExportTarget>(which), path, scale);
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
    const ImVec2 size = Ui().app().PlotSize(ExportTarget::kFunction);
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
  std::optional<std::string> err = ui.app().ExportPlot(ExportTarget::kFunction, missing, 1);
  ASSERT_TRUE(err);
  EXPECT_NE(err->find("no/such/dir"), std::string::npos) << *err;
  // An existing file is only replaced by a complete one: a directory in the way fails and
  // the directory is untouched.
  const std::string dir = TempDir() + "/taken.png";
  ::mkdir(dir.c_str(), 0755);
  EXPECT_TRUE(ui.app().ExportPlot(ExportTarget::kFunction, dir, 1));
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
}

// A new result refits the histogram views while they follow; a view the person set stays.
TEST(HeadlessUi, a_zoomed_histogram_keeps_its_view_through_new_samples) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.ui.tab = Tab::kDistributions;
  s.distributions.n = 5000;
  auto settle = [&] {
    for (int k = 0; k < 3; ++k) {
      ui.Frame();
      ui.app().Settle();
    }
    ui.Frame();
  };
  s.distributions.in_x = {-100, -99};  // nowhere near U(−½, ½)
  settle();
  EXPECT_LT(s.distributions.in_x.lo, -0.4);  // refitted to the samples
  EXPECT_GT(s.distributions.in_x.hi, 0.4);
  EXPECT_LT(s.distributions.in_x.hi, 1);
  const plot::Range mine{-0.1, 0.2};
  s.distributions.in_x = mine;
  s.distributions.follow = false;
  ++s.distributions.seed;
  settle();
  EXPECT_EQ(s.distributions.in_x, mine);
  s = DefaultState();
  ui.Frame();
}

// --- hostile session files (issue 14): one row per document. Each loads without throwing,
// keeps its valid fields, leaves the invalid ones at their defaults and says which.

// Issue 15: everything a person sets on the map tab (and the Figure tab) is saved: a session
// with a photo of its own and non-default map settings restores the same state and, drawn,
// the same pixels; each such field is checked on the way in like the rest of the file.
TEST(Session, restores_the_map_tab_exactly) {
  const std::string photo = TempDir() + "/ramp.png";
  std::vector<std::uint8_t> px(64 * 48 * 3);
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 64; ++x)
      for (int c = 0; c < 3; ++c)
        px[(static_cast<std::size_t>(y) * 64 + x) * 3 + c] =
            static_cast<std::uint8_t>((x * 4 + y * (c + 1)) & 255);
  ASSERT_FALSE(WritePng(photo, 64, 48, 3, px));
  AppState s = DefaultState();
  Select(s, "tanh");
  s.ui.tab = Tab::kMap;
  ImageState& im = s.image;
  im.path = photo;
  im.gray = GrayMode::kGreen;
  im.center = CenterMode::kValue;
  im.center_value = 0.25;
  im.gain = 3.5;
  im.auto_range = false;
  im.lo = -0.75, im.hi = 0.9;
  im.colormap = Colormap::kCoolwarm;
  s.figure = {800, 600, Theme::kDark};
  AppState back = DefaultState();
  ASSERT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk) << SessionJson(s);
  EXPECT_EQ(back.image.path, photo);
  EXPECT_EQ(back.image.gray, GrayMode::kGreen);
  EXPECT_EQ(back.image.center, CenterMode::kValue);
  EXPECT_EQ(back.image.center_value, 0.25);
  EXPECT_EQ(back.image.gain, 3.5);
  EXPECT_FALSE(back.image.auto_range);
  EXPECT_EQ(back.image.lo, -0.75);
  EXPECT_EQ(back.image.hi, 0.9);
  EXPECT_EQ(back.image.colormap, Colormap::kCoolwarm);
  EXPECT_EQ(back.figure.width, 800);
  EXPECT_EQ(back.figure.height, 600);
  EXPECT_EQ(back.figure.theme, Theme::kDark);

  // Drawn: the saved state and the restored one give the same window.
  HeadlessUi& ui = Ui();
  auto draw = [&](const AppState& state) {
    ui.app().state() = state;
    for (int k = 0; k < 3; ++k) {
      ui.Frame();
      ui.app().Settle();
    }
    ui.Frame();
    std::vector<std::uint8_t> rgba;
    EXPECT_FALSE(ui.Snapshot(rgba));
    return rgba;
  };
  const std::vector<std::uint8_t> a = draw(s), b = draw(back), d = draw(DefaultState());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, d);  // and the settings do show
  ui.app().state() = DefaultState();
  ui.Frame();

  // Hostile values for the new fields: each rejected by name, the default kept.
  AppState h = DefaultState();
  const SessionLoad load = ParseSessionJson(
      R"({"version":1,"map":{"photo":5,"gray":"sepia","gain":1e9,"range":[2,1],)"
      R"("colormap":"jet","center_value":-3},"figure":{"width":1e9,"theme":"blue"}})",
      h);
  EXPECT_EQ(load.status, SessionStatus::kDamaged);
  for (const char* field : {"map.photo", "map.gray", "map.gain", "map.range", "map.colormap",
                            "map.center_value", "figure.width", "figure.theme"})
    EXPECT_TRUE(Contains(load.bad_fields, field)) << field;
  EXPECT_EQ(h.image.gain, 1);
  EXPECT_EQ(h.image.gray, GrayMode::kLuma601);
  EXPECT_EQ(h.figure.width, 1200);
}

// --- errors on screen (issue 14): the status line is inside the window at any size.

// Pixels of the theme's error colour (text cores; antialiased edges are not counted) in the
// bottom `strip` rows of an RGBA image.
int ErrorPixelsAtBottom(const Image& img, int strip, Theme theme = Theme::kDark) {
  const ImU32 c = ImGui::ColorConvertFloat4ToU32(ErrorTextColour(theme));
  int n = 0;
  for (int y = std::max(0, img.h - strip); y < img.h; ++y)
    for (int x = 0; x < img.w; ++x)
      n += Distance(img.at(x, y), c) < 30;
  return n;
}

int ErrorPixels(const Image& img, int y0, int y1) {
  const ImU32 c = ImGui::ColorConvertFloat4ToU32(ErrorTextColour(Theme::kDark));
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = 0; x < img.w; ++x)
      n += Distance(img.at(x, y), c) < 30;
  return n;
}

TEST(ErrorsOnScreen, a_damaged_session_or_a_bad_photo_shows_in_the_bottom_strip_at_every_size) {
  const std::string damaged = TempDir() + "/screen-damaged.json";
  std::ofstream(damaged) << R"({"version":"1"})";
  const std::string fine = TempDir() + "/screen-fine.json";
  std::ofstream(fine) << SessionJson(DefaultState());
  const std::string photo = TempDir() + "/screen-bad.png";
  std::ofstream(photo) << "this is not a photo";
  for (const char* size : {"1280x800", "1280x1000", "1600x1200"}) {
    for (const char* what : {"damaged", "photo", "fine"}) {
      SCOPED_TRACE(std::string(size) + " " + what);
      const std::string out = TempDir() + "/screen-" + size + what + ".png";
      const std::string args = std::string(what) == "photo"
                                   ? " --session " + fine + " --image " + photo
                                   : " --session " + (std::string(what) == "fine" ? fine : damaged);
      const std::string cmd = std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + ACTVIZ_BINARY +
                              args + " --frames 8 --size " + size + " --screenshot " + out +
                              " 2>/dev/null";
      ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
      const Image img = ReadPng(out);
      ASSERT_GT(img.w, 0);
      const int n = ErrorPixelsAtBottom(img, 36);
      if (std::string(what) == "fine")
        EXPECT_EQ(n, 0);
      else
        EXPECT_GT(n, 60) << "no error text in the bottom strip of " << out;
    }
  }
}

// Issue 24: ReLU at L = 60 with σ_w = 8 (inside the sliders) overflows float32, and its
// histograms once wrote through a NaN bin index: saved in the session it crashed every start.
// Now the window starts, and says in red where float32 gave out; a run that cannot fit in
// memory (L = 200, N = 2048, B = 10 000: ~20 GB) is not started, and the tab says why.
TEST(ErrorsOnScreen, an_overflowing_or_oversized_depth_session_starts_and_says_why) {
  struct Case {
    const char* name;
    int layers, width, batch;
    double sigma_w;
  };
  for (const Case& c : {Case{"overflow", 60, 256, 1000, 8}, Case{"oversized", 200, 2048, 10000, 1},
                        Case{"fine", 10, 64, 200, 1}}) {
    SCOPED_TRACE(c.name);
    AppState s = DefaultState();
    Select(s, "relu");
    s.ui.tab = Tab::kDepth;
    s.depth.layers = c.layers, s.depth.width = c.width, s.depth.batch = c.batch;
    s.depth.direct = true, s.depth.sigma_w = c.sigma_w;
    const std::string session = TempDir() + "/depth-" + c.name + ".json";
    std::ofstream(session) << SessionJson(s);
    const std::string out = TempDir() + "/depth-" + c.name + ".png";
    const std::string cmd = std::string("env -u DISPLAY -u WAYLAND_DISPLAY timeout 120 ") +
                            ACTVIZ_BINARY + " --session " + session +
                            " --frames 6 --size 1280x800 --screenshot " + out + " 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const Image img = ReadPng(out);
    ASSERT_EQ(img.w, 1280);
    // Red text above the status strip: the overflow note, or why the run was not started.
    const int n = ErrorPixels(img, 0, img.h - 40);
    if (std::string(c.name) == "fine")
      EXPECT_EQ(n, 0);
    else
      EXPECT_GT(n, 60) << "no message in " << out;
    const DepthRequest req = DepthRequestOf(s);
    EXPECT_EQ(DepthRefusal(req.spec).has_value(), std::string(c.name) == "oversized");
  }
}

// Writes a w×h gray PNG of one value.
void WriteFlatPng(const std::string& path, int w, int h, std::uint8_t v) {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h, v);
  ASSERT_FALSE(WritePng(path, w, h, 1, px));
}

TEST(ErrorsOnScreen, a_rejected_photo_leaves_the_previous_one_shown_and_the_path_field_reverts) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  const std::string white = TempDir() + "/white.png", bad = TempDir() + "/bad-photo.png";
  const std::string fifo = TempDir() + "/photo-fifo.png";
  WriteFlatPng(white, 64, 64, 255);
  std::ofstream(bad) << "not a png at all";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto settle = [&] {
    for (int k = 0; k < 4; ++k) {
      ui.Frame();
      ui.app().Settle();
    }
    ui.Frame();
    std::vector<std::uint8_t> rgba;
    EXPECT_FALSE(ui.Snapshot(rgba));
    return Image{ui.width(), ui.height(), rgba};
  };
  ui.app().OpenImage(white);
  const Image before = settle();
  const int w = ui.width(), h = ui.height();
  // The original view: the left half of the main area; the white photo fills its middle.
  const int x0 = w / 2 - 150, x1 = w / 2 - 50, y0 = h / 3, y1 = h * 2 / 3;
  auto white_pixels = [&](const Image& img) {
    int n = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x)
        n += img.at(x, y)[0] > 245 && img.at(x, y)[1] > 245 && img.at(x, y)[2] > 245;
    return n;
  };
  ASSERT_GT(white_pixels(before), (x1 - x0) * (y1 - y0) * 9 / 10) << "the white photo is not shown";
  EXPECT_EQ(ErrorPixels(before, h - 36, h), 0);
  for (const std::string& rejected : {bad, fifo}) {
    SCOPED_TRACE(rejected);
    ui.app().OpenImage(rejected);
    const auto t0 = std::chrono::steady_clock::now();
    const Image after = settle();
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
    EXPECT_EQ(s.image.path, white);
    EXPECT_EQ(ui.app().shared().photo.path_edit, white);
    EXPECT_TRUE(s.notice.error);
    EXPECT_NE(s.notice.text.find(rejected), std::string::npos) << s.notice.text;
    EXPECT_EQ(RegionDiff(before.px, after.px, w, x0, y0, x1, y1), 0)
        << "the previous photo is no longer shown";
    EXPECT_GT(ErrorPixels(after, h - 36, h), 60) << "the error is not in the status line";
    EXPECT_EQ(ErrorPixels(after, 0, h - 36), 0) << "error-coloured pixels outside the status line";
  }
  EXPECT_NE(s.notice.text.find("FIFO"), std::string::npos) << s.notice.text;
  s = DefaultState();
  ui.Frame();
}

TEST(ErrorsOnScreen, a_long_error_is_cut_before_its_dismiss_button_which_clears_it) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  std::string text = "Could not load the photo '";
  for (int i = 0; i < 40; ++i)
    text += "/a-long-directory";
  Notify(s, text + "/photo.png': not an image", true);
  auto shot = [&](const std::function<void(ImGuiIO&)>& input = {}) {
    ui.Frame(input);
    std::vector<std::uint8_t> rgba;
    EXPECT_FALSE(ui.Snapshot(rgba));
    return Image{ui.width(), ui.height(), rgba};
  };
  const int w = ui.width(), h = ui.height();
  auto outside = [](ImGuiIO& io) { io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX); };
  shot(outside);
  const Image a = shot(outside);
  EXPECT_GT(ErrorPixels(a, h - 36, h), 200);
  // The text stops before the button: no error pixels over the button (the last 74 columns).
  int right = 0;
  for (int y = h - 36; y < h; ++y)
    for (int x = w - 74; x < w; ++x)
      right +=
          Distance(a.at(x, y), ImGui::ColorConvertFloat4ToU32(ErrorTextColour(s.ui.theme))) < 30;
  EXPECT_EQ(right, 0) << "the message runs under the Dismiss button";
  // A click on Dismiss (at the right end of the status line) clears it; the text stays whole.
  EXPECT_NE(s.notice.text.find("not an image"), std::string::npos);
  const ImVec2 button(static_cast<float>(w - 35), static_cast<float>(h - 16));
  shot([&](ImGuiIO& io) { io.MousePos = button; });
  shot([&](ImGuiIO& io) { io.MousePos = button, io.MouseDown[0] = true; });
  shot([&](ImGuiIO& io) { io.MousePos = button, io.MouseDown[0] = false; });
  const Image b = shot(outside);
  EXPECT_TRUE(s.notice.text.empty()) << "Dismiss did not clear the error";
  EXPECT_EQ(ErrorPixels(b, 0, h), 0);
  s = DefaultState();
  ui.Frame();
}

}  // namespace
}  // namespace actviz::gui

namespace actviz::gui {
namespace {

// The Depth tab shows the core's run of exactly the spec its controls describe, and its
// settings round-trip through the session file.
TEST(DepthTab, shows_the_cores_run_of_the_spec_its_controls_describe) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  Select(s, "tanh");
  s.ui.tab = Tab::kDepth;
  s.depth.layers = 12;
  s.depth.width = 64;
  s.depth.batch = 200;
  s.depth.init = Init::kOrthogonal;
  s.depth.gain_auto = true;
  s.depth.seed = 3;
  for (int i = 0; i < 3; ++i)
    ui.Frame();
  ui.app().Settle();
  ui.Frame();
  float progress = 0;
  bool current = false;
  const auto view = ui.app().tab<DepthTab>().worker.Latest(progress, current);
  ASSERT_TRUE(view);
  EXPECT_TRUE(current);
  const Activation& tanh = *Find("tanh");
  DepthSpec spec;
  spec.layers = 12, spec.width = 64, spec.batch = 200, spec.init = Init::kOrthogonal;
  spec.gain = 5.0 / 3, spec.seed = 3, spec.bins = 64;
  DepthResult direct;
  ASSERT_TRUE(RunDepth(tanh, Defaults(tanh), spec, direct));
  ASSERT_EQ(view->result.layers.size(), 12u);
  for (std::size_t l = 0; l < 12; ++l) {
    EXPECT_EQ(view->result.layers[l].pre.std, direct.layers[l].pre.std) << l;
    EXPECT_EQ(view->result.layers[l].grad.std, direct.layers[l].grad.std) << l;
    EXPECT_EQ(view->result.layers[l].pre_hist, direct.layers[l].pre_hist) << l;
  }
  EXPECT_NEAR(view->result.sigma_w2, 25.0 / 9, 1e-12);
  // The plots' theory line for the gradient is anchored at the top layer and follows χ.
  const auto& m = view->plots;
  EXPECT_EQ(m.grad_theory.back(), m.grad.back());
  EXPECT_NEAR(m.grad_theory[10] * m.grad_theory[10],
              m.grad.back() * m.grad.back() * direct.theory[10].chi, 1e-12);
  // The phase diagram arrives too, for the function.
  ASSERT_TRUE(ui.app().tab<DepthTab>().worker.LatestPhase());

  AppState back = DefaultState();
  ASSERT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_EQ(back.depth.layers, 12);
  EXPECT_EQ(back.depth.width, 64);
  EXPECT_EQ(back.depth.batch, 200);
  EXPECT_EQ(back.depth.init, Init::kOrthogonal);
  EXPECT_TRUE(back.depth.gain_auto);
  EXPECT_EQ(back.depth.seed, 3);
  EXPECT_EQ(back.ui.tab, Tab::kDepth);
  AppState bad = DefaultState();
  EXPECT_EQ(
      ParseSessionJson(R"({"version":1,"depth":{"init":"kaiming","layers":1e9}})", bad).status,
      SessionStatus::kDamaged);
  EXPECT_EQ(bad.depth.layers, DepthState{}.layers);
  EXPECT_EQ(bad.depth.init, DepthState{}.init);
  s = DefaultState();
}

}  // namespace
}  // namespace actviz::gui

namespace actviz::gui {
namespace {

// The Depth tab's figure export is `actviz depth --out` of the same settings, pixel for pixel:
// once from the tab's own (current) result, once from a run of the export's own (the settings
// changed and no frame has run since).
TEST(DepthTab, figure_export_is_the_command_lines_depth_figure_pixel_for_pixel) {
  struct Case {
    const char* function;
    int layers, width, batch;
    Init init;
    bool gain_auto, direct;
    double sigma_w, sigma_b;
    int seed;
    bool settle;  // frames run first, so the tab's result is the current one
    const char* args;
  };
  const Case cases[] = {
      {"tanh", 12, 64, 200, Init::kOrthogonal, true, false, 1, 0, 3, true,
       "--function tanh -L 12 -N 64 -B 200 --init orthogonal --gain auto --seed 3"},
      {"relu", 20, 128, 300, Init::kXavierNormal, false, true, 1.5, 0.25, 7, false,
       "--function relu -L 20 -N 128 -B 300 --sigma-w 1.5 --sigma-b 0.25 --seed 7"},
  };
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  for (const Case& c : cases) {
    s = DefaultState();
    s.ui.tab = Tab::kDepth;
    ui.Frame();
    Select(s, c.function);
    DepthState& d = s.depth;
    d.layers = c.layers, d.width = c.width, d.batch = c.batch, d.init = c.init;
    d.gain_auto = c.gain_auto, d.direct = c.direct, d.sigma_w = c.sigma_w, d.sigma_b = c.sigma_b;
    d.seed = c.seed;
    if (c.settle) {
      for (int i = 0; i < 3; ++i)
        ui.Frame();
      ui.app().Settle();
      ui.Frame();
    }
    const std::string gui = TempDir() + "/depth-gui-" + c.function + ".png",
                      cli = TempDir() + "/depth-cli-" + c.function + ".png";
    ASSERT_FALSE(ui.app().ExportDepthFigure(gui)) << c.function;
    const std::string cmd = std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + ACTVIZ_BINARY +
                            " depth " + c.args + " --out " + cli;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const Image a = ReadPng(gui), b = ReadPng(cli);
    EXPECT_EQ(a.w, 1800);
    EXPECT_EQ(a.h, 1000);
    ASSERT_EQ(a.w, b.w);
    ASSERT_EQ(a.h, b.h);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.px.size(); ++i)
      differ += a.px[i] != b.px[i];
    EXPECT_EQ(differ, 0u) << c.function << ": " << gui << " vs " << cli;
  }
  s = DefaultState();
  ui.Frame();
}

// Each Depth plot exports at scale × its on-screen size and shows that plot's own content:
// the colours its model draws with (the density's viridis, the measured and theory lines, the
// dead fraction's red, the phase diagram's blue and red halves and the run's green marker).
TEST(DepthTab, each_plot_exports_at_its_size_with_its_content) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  Select(s, "relu");
  s.ui.tab = Tab::kDepth;
  s.depth.layers = 16, s.depth.width = 64, s.depth.batch = 200, s.depth.init = Init::kHeNormal;
  for (int i = 0; i < 3; ++i)
    ui.Frame();
  ui.app().Settle();
  ui.Frame();
  ui.app().Settle();
  ui.Frame();
  auto count = [](const Image& img, ImU32 c) {
    int n = 0;
    for (int y = 0; y < img.h; ++y)
      for (int x = 0; x < img.w; ++x) {
        const std::uint8_t* p = img.at(x, y);
        n += std::abs(p[0] - static_cast<int>(c & 255)) +
                 std::abs(p[1] - static_cast<int>((c >> 8) & 255)) +
                 std::abs(p[2] - static_cast<int>((c >> 16) & 255)) <
             30;
      }
    return n;
  };
  const ImU32 measured = IM_COL32(86, 156, 245, 255), theory = IM_COL32(245, 166, 60, 255);
  const ImU32 dead = IM_COL32(232, 92, 84, 255);
  auto ramp = [](Colormap m, double t) {
    const auto c = ColormapColor(m, t);
    return IM_COL32(c[0], c[1], c[2], 255);
  };
  struct Row {
    ExportTarget target;
    std::vector<ImU32> colours;  // each drawn on at least 20 pixels a unit of scale
  };
  const Row rows[] = {
      {ExportTarget::kDepthDensity, {ramp(Colormap::kViridis, 1.0)}},
      {ExportTarget::kDepthVariance, {measured, theory}},
      {ExportTarget::kDepthGradient, {measured, theory}},
      {ExportTarget::kDepthFractions, {dead}},
      {ExportTarget::kDepthPhase,
       {ramp(Colormap::kCoolwarm, 0.0), ramp(Colormap::kCoolwarm, 0.75), figure::kPhaseMarker}},
  };
  for (const Row& r : rows) {
    const ImVec2 size = ui.app().PlotSize(r.target);
    ASSERT_GT(size.x, 100) << static_cast<int>(r.target);
    for (float scale : {1.0f, 2.0f}) {
      const std::string path = TempDir() + "/depth-plot-" +
                               std::to_string(static_cast<int>(r.target)) + "-" +
                               std::to_string(static_cast<int>(scale)) + ".png";
      ASSERT_FALSE(ui.app().ExportPlot(r.target, path, scale)) << path;
      const Image img = ReadPng(path);
      ASSERT_GT(img.w, 0) << path << " is not a PNG";
      EXPECT_EQ(img.w, static_cast<int>(std::lround(size.x * scale))) << path;
      EXPECT_EQ(img.h, static_cast<int>(std::lround(size.y * scale))) << path;
      for (ImU32 c : r.colours)
        EXPECT_GT(count(img, c), 20 * scale) << path << " lacks colour " << std::hex << c;
    }
  }
  // The figure is not a plot: ExportPlot refuses it.
  EXPECT_TRUE(ui.app().ExportPlot(ExportTarget::kDepthFigure, TempDir() + "/x.png", 1));
  s = DefaultState();
  ui.Frame();
}

// A photo wider than any texture (20000 px) is shown reduced by area averaging, not refused:
// no error, the reduced size said, both halves of the photo on screen.
TEST(MapTab, a_photo_over_the_texture_limit_is_shown_reduced) {
  const std::string path = TempDir() + "/wide.png";
  const int w = 20000, h = 2000;
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      px[static_cast<std::size_t>(y) * w + x] = x < w / 2 ? 255 : 0;
  ASSERT_FALSE(WritePng(path, w, h, 1, px));
  HeadlessUi& ui = Ui();
  ui.app().state() = DefaultState();
  ui.app().OpenImage(path);
  for (int k = 0; k < 4; ++k) {
    ui.Frame();
    ui.app().Settle();
  }
  ui.Frame();
  EXPECT_FALSE(ui.app().state().notice.error) << ui.app().state().notice.text;
  bool busy = false;
  const auto img = ui.app().shared().photo.images.Latest(busy);
  ASSERT_TRUE(img);
  EXPECT_EQ(img->width, w);  // the exact map still has every pixel
  EXPECT_EQ(img->display_w, kMaxDisplaySide);
  EXPECT_EQ(img->display_h, 819);
  // Averaging keeps the halves: 255 left, 0 right.
  EXPECT_EQ(img->display_gray8[10], 255);
  EXPECT_EQ(img->display_gray8[static_cast<std::size_t>(kMaxDisplaySide) - 10], 0);
  std::vector<std::uint8_t> rgba;
  ASSERT_FALSE(ui.Snapshot(rgba));
  int white = 0, black = 0;
  const int W = ui.width(), H = ui.height();
  for (int y = H / 4; y < 3 * H / 4; ++y)
    for (int x = W / 4; x < W / 2; ++x) {
      const std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * W + x) * 4];
      white += p[0] > 245 && p[1] > 245 && p[2] > 245;
      black += p[0] < 10 && p[1] < 10 && p[2] < 10;
    }
  EXPECT_GT(white, 500);
  EXPECT_GT(black, 500);
  ui.app().state() = DefaultState();
}

}  // namespace
}  // namespace actviz::gui

namespace actviz::gui {
namespace {

// The Networks tab (issue 17): trains XOR with 2 sigmoid units live and its decision surface,
// on screen, puts the four points in their classes; the run is the core's own; step in a
// hidden layer says its gradient is zero (and indeed nothing below it moves); linear layers
// show their collapsed map; a diverging run stops with a message and keeps its state.
struct NetworksRun {
  std::shared_ptr<const NetworksView> view;
};

NetworksRun TrainInTab(HeadlessUi& ui, int frames = 3) {
  for (int i = 0; i < frames; ++i)
    ui.Frame();
  ui.app().Settle();
  ui.Frame();
  ui.Frame();
  return {ui.app().tab<NetworksTab>().worker.Latest()};
}

TEST(NetworksTab, trains_xor_live_and_the_surface_on_screen_classifies_the_four_points) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  Select(s, "sigmoid");
  s.ui.tab = Tab::kNetworks;
  s.networks.task = Task::kXor;
  s.networks.hidden = "2";
  s.networks.seed = 1;
  s.networks.epochs_per_second = 0;
  s.networks.playing = true;
  const NetworksRun r = TrainInTab(ui);
  ASSERT_TRUE(r.view);
  const figure::NetworkPlots& m = r.view->plots;
  EXPECT_EQ(m.epoch, 1000);
  EXPECT_FALSE(s.networks.playing);  // finished: the button reads Play again
  // The same run as the core's, trained here directly.
  TrainSpec spec = DefaultSpec(Task::kXor, Model::kMlp);
  spec.fn = Find("sigmoid");
  spec.params = Defaults(*spec.fn);
  spec.seed = 1;
  Trainer t = StartTraining(spec);
  while (TrainEpoch(t)) {
  }
  EXPECT_EQ(m.loss, t.loss);
  ASSERT_EQ(t.accuracy.back(), 1.0);
  // The surface's values at the corners are the network's, and classify the points.
  const int n = figure::kSurfaceSize;
  const double corners[4][3] = {{0, 0, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 0}};
  for (const auto& c : corners) {
    const std::size_t k =
        static_cast<std::size_t>(c[1] * (n - 1)) * n + static_cast<std::size_t>(c[0] * (n - 1));
    const double x[2] = {c[0], c[1]};
    EXPECT_NEAR(m.surface[k], Predict(t.net, x), 1e-6);
    EXPECT_EQ(m.surface[k] > 0.5, c[2] > 0.5) << c[0] << "," << c[1];
  }
  // On screen: sample the drawn surface a little inside each corner (beside the data point's
  // marker), where the network still has the corner's class: orange for 1, blue for 0.
  std::vector<std::uint8_t> rgba;
  ASSERT_FALSE(ui.Snapshot(rgba));
  const NetworksViews& v = ui.app().tab<NetworksTab>().views;
  const float w = v.main_max.x - v.main_min.x, h = v.main_max.y - v.main_min.y;
  ASSERT_GT(w, 100);
  ASSERT_GT(h, 100);
  for (const auto& c : corners) {
    const double px = c[0] ? 0.94 : 0.06, py = c[1] ? 0.94 : 0.06;
    const double want = Predict(t.net, std::array<double, 2>{px, py});
    ASSERT_EQ(want > 0.5, c[2] > 0.5);
    const int X = static_cast<int>(v.main_min.x + (px - v.main_x.lo) / v.main_x.Span() * w);
    const int Y = static_cast<int>(v.main_max.y - (py - v.main_y.lo) / v.main_y.Span() * h);
    const std::uint8_t* p = &rgba[(static_cast<std::size_t>(Y) * ui.width() + X) * 4];
    const auto expect = figure::SurfaceColour(want);
    for (int k = 0; k < 3; ++k)
      EXPECT_NEAR(p[k], expect[static_cast<std::size_t>(k)], 6) << c[0] << "," << c[1];
  }
  EXPECT_FALSE(s.notice.error) << s.notice.text;

  // The window's Save PNG and `actviz train --out` draw the same picture of the same run.
  const std::string mine = TempDir() + "/networks_window.png",
                    cli = TempDir() + "/networks_cli.png";
  ASSERT_FALSE(StartNetworksExport(s, ui.app().shared(), ui.app().tab<NetworksTab>(), mine));
  const auto done = ui.app().shared().export_job.Wait();
  ASSERT_TRUE(done);
  ASSERT_FALSE(done->error) << *done->error;
  const std::string cmd =
      std::string(ACTVIZ_BINARY) + " train --task xor --function sigmoid --seed 1 --out " + cli;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  int wa = 0, ha = 0, ca = 0, wb = 0, hb = 0, cb = 0;
  unsigned char* a = stbi_load(mine.c_str(), &wa, &ha, &ca, 4);
  unsigned char* b = stbi_load(cli.c_str(), &wb, &hb, &cb, 4);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(wa, 1600);
  EXPECT_EQ(ha, 900);
  ASSERT_EQ(wa, wb);
  ASSERT_EQ(ha, hb);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(wa) * ha * 4; ++i)
    differ += a[i] != b[i];
  EXPECT_EQ(differ, 0u);
  stbi_image_free(a);
  stbi_image_free(b);

  // The session keeps the tab's settings and a pinned curve.
  figure::LossCurve pin;
  pin.label = "sigmoid";
  pin.loss = {0.25, 0.125};
  pin.epoch = {1, 2};
  s.networks.pins = {pin};
  AppState back = DefaultState();
  ASSERT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_EQ(back.ui.tab, Tab::kNetworks);
  EXPECT_EQ(back.networks.seed, 1);
  EXPECT_EQ(back.networks.hidden, "2");
  ASSERT_EQ(back.networks.pins.size(), 1u);
  EXPECT_EQ(back.networks.pins[0].loss, pin.loss);
  AppState bad = DefaultState();
  EXPECT_EQ(ParseSessionJson(R"({"version":1,"networks":{"task":"mnist","lr":-1}})", bad).status,
            SessionStatus::kDamaged);
  EXPECT_EQ(bad.networks.task, NetworksState{}.task);
  EXPECT_EQ(bad.networks.lr, NetworksState{}.lr);
  s = DefaultState();
}

// While it plays, the worker publishes views as it goes (not only the finished run), each
// a consistent state of the run: its loss curve as long as its epoch count.
TEST(NetworksTab, a_playing_run_is_published_as_it_trains) {
  NetworksWorker w;
  NetworksRequest r;
  r.spec = DefaultSpec(Task::kXor, Model::kMlp);
  r.spec.fn = Find("tanh");
  r.spec.params = Defaults(*r.spec.fn);
  r.spec.epochs = 400;
  r.playing = true;
  r.epochs_per_second = 400;  // about a second
  w.Request(r);
  std::set<const NetworksView*> seen;
  std::vector<std::shared_ptr<const NetworksView>> keep;  // so no address is reused
  const auto start = std::chrono::steady_clock::now();
  // The run itself takes about a second; the limit is for a loaded machine, not a pace.
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(60)) {
    if (auto v = w.Latest(); v && seen.insert(v.get()).second) {
      EXPECT_EQ(v->plots.loss.size(), static_cast<std::size_t>(v->plots.epoch));
      keep.push_back(v);
      if (v->done) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(keep.empty());
  EXPECT_TRUE(keep.back()->done);
  EXPECT_EQ(keep.back()->plots.epoch, 400);
  int partial = 0;
  for (const auto& v : keep)
    partial += v->plots.epoch > 0 && v->plots.epoch < 400;
  EXPECT_GE(partial, 5);
  std::printf("published %zu views in %.2f s (%.0f a second)\n", keep.size(), seconds,
              static_cast<double>(keep.size()) / seconds);
  // Pausing stops it where it is; one step trains exactly one more epoch.
  r.spec.epochs = 100000;
  r.epochs_per_second = 1000;
  w.Request(r);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  r.playing = false;
  w.Request(r);
  w.Wait();
  const int paused = w.Latest()->plots.epoch;
  EXPECT_GT(paused, 0);
  ++r.steps;
  w.Request(r);
  w.Wait();
  EXPECT_EQ(w.Latest()->plots.epoch, paused + 1);
  // Reset: back to the spec's initial weights.
  ++r.run;
  w.Request(r);
  w.Wait();
  EXPECT_EQ(w.Latest()->plots.epoch, 0);
  EXPECT_EQ(w.Latest()->net.layers[0].w,
            InitialNetwork(r.spec, MakeDataset(Task::kXor, 0)).layers[0].w);
}

TEST(NetworksTab, the_lessons_are_stated_where_they_happen) {
  HeadlessUi& ui = Ui();
  AppState& s = ui.app().state();
  s = DefaultState();
  s.ui.tab = Tab::kNetworks;
  s.networks.epochs_per_second = 0;
  // Step in the hidden layer: zero gradient, said, and the first layer never moves.
  Select(s, "step");
  s.networks.playing = true;
  NetworksRun r = TrainInTab(ui);
  ASSERT_TRUE(r.view);
  EXPECT_FALSE(r.view->plots.zero_gradient.empty());
  TrainSpec spec = DefaultSpec(Task::kXor, Model::kMlp);
  spec.fn = Find("step");
  spec.params = Defaults(*spec.fn);
  EXPECT_EQ(r.view->net.layers[0].w, InitialNetwork(spec, MakeDataset(Task::kXor, 0)).layers[0].w);
  // Linear: one map, equal to the network.
  Select(s, "linear");
  s.networks.playing = true;
  r = TrainInTab(ui);
  ASSERT_TRUE(r.view->plots.collapsed);
  EXPECT_LT(r.view->plots.collapse_error, 1e-12);
  EXPECT_TRUE(r.view->plots.zero_gradient.empty());
  // A typed width that is no width: said in the tab, the last run stays.
  const auto before = r.view;
  s.networks.hidden = "2,0";
  r = TrainInTab(ui);
  EXPECT_EQ(r.view, before);
  EXPECT_FALSE(ui.app().tab<NetworksTab>().views.error.empty());
  s.networks.hidden = "300,300";  // 91 k parameters: more than the tab evaluates live
  r = TrainInTab(ui);
  EXPECT_EQ(r.view, before);
  EXPECT_NE(ui.app().tab<NetworksTab>().views.error.find("20 000"), std::string::npos);
  // Diverging: stopped with a message, the state (its losses so far) kept.
  s.networks.hidden = "6";
  s.networks.task = Task::kSquare;
  s.networks.optimizer = Optimizer::kSgd;
  s.networks.lr = 10;
  s.networks.playing = true;
  r = TrainInTab(ui);
  EXPECT_FALSE(r.view->plots.stopped.empty());
  EXPECT_LT(r.view->plots.epoch, r.view->plots.epochs);
  EXPECT_FALSE(r.view->plots.loss.empty());
  EXPECT_FALSE(s.networks.playing);
  s = DefaultState();
}

}  // namespace
}  // namespace actviz::gui
