// Errors on screen: the status line is inside the window at every size, a damaged session,
// a bad photo or a depth run float32 cannot hold says so in red, and the previous state stays.
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

// ReLU at L = 60 with σ_w = 8 (inside the sliders) overflows float32, and its
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
