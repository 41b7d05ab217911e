// The Activation map tab on EGL: the GPU map follows the sliders and exports at full size from
// the core's kernel, its settings restore exactly from the session, and photos over the
// texture limit are shown reduced.
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

// Everything a person sets on the map tab (and the Figure tab) is saved: a session
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
