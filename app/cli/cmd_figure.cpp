// `actviz figure`: the classic 3×2 figure, headless: f, f′, the input and output histograms
// of N samples, the photo and its activation map (the same pipeline as `apply` with its
// defaults: luma 601, median centring, gain 1, auto range, gray colormap).
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "actviz/buffer.hpp"
#include "actviz/image.hpp"
#include "actviz/samples.hpp"
#include "cli/commands_internal.hpp"
#include "gl/headless.hpp"
#include "gui/figure.hpp"

extern "C" const unsigned char actviz_photo_camera[];
extern "C" const unsigned char actviz_photo_camera_end[];

namespace actviz::cli {

int RunFigure(const FigureArgs& a) {
  const Selection sel = Resolve(a.fn, Precision::kF32);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  if (a.samples < 1 || a.samples > kMaxSamples)
    return Fail(kExitUsage, "--samples must be between 1 and " + std::to_string(kMaxSamples));
  const std::optional<std::uint64_t> seed = ParseSeed(a.seed);
  if (!seed)
    return Fail(kExitUsage, "--seed '" + a.seed + "': expected a whole number from 0 to 2^64-1");
  const std::string out =
      a.out.empty() ? "actviz-figure-" + std::string(sel.fn->name) + ".png" : a.out;

  // The GL driver loads while the samples, the photo, its map, the curves and the font atlas
  // are computed (EGL serialises a second initialisation behind this one).
  std::jthread warm = gl::HeadlessContext::WarmUp();
  gui::FigureInputs in;
  in.fn = sel.fn;
  in.params = sel.params;
  in.dark = a.theme == "dark";
  in.spec.n = static_cast<std::size_t>(a.samples);
  in.spec.seed = *seed;
  Experiment e;
  RunExperiment(*sel.fn, sel.params, in.spec, 100, e);
  in.experiment = &e;

  // The photo through the apply pipeline.
  DecodedImage img;
  std::optional<std::string> err;
  if (a.image.empty()) {
    const std::span<const std::uint8_t> bytes(
        actviz_photo_camera,
        static_cast<std::size_t>(actviz_photo_camera_end - actviz_photo_camera));
    err = DecodeImageMemory(bytes, 100'000'000, img);
    in.image_name = "cameraman";
  } else {
    err = DecodeImageFile(a.image, 100'000'000, img);
    in.image_name = a.image.substr(a.image.find_last_of('/') + 1);
  }
  if (err) return Fail(kExitFailure, *err);
  GrayImage gray;
  ToGray(img, GrayMode::kLuma601, gray);
  std::vector<float> x, y;
  CenterAndScale(gray, CenterValue(gray, CenterMode::kMedian, 0), 1, x);
  ResizeLarge(y, x.size());
  ApplyActivation(*sel.fn, sel.params, x, y);
  const Range r = AutoRange(y);
  std::vector<std::uint8_t> gray8(gray.v.size()), rgb, bar(64 * 3);
  for (std::size_t i = 0; i < gray.v.size(); ++i)
    gray8[i] = static_cast<std::uint8_t>(std::clamp(gray.v[i], 0.0f, 1.0f) * 255 + 0.5f);
  MapToRgb8(y, r.lo, r.hi, Colormap::kGray, rgb);
  for (int i = 0; i < 64; ++i) {
    const auto c = ColormapColor(Colormap::kGray, (i + 0.5) / 64);
    bar[3 * i] = c[0], bar[3 * i + 1] = c[1], bar[3 * i + 2] = c[2];
  }
  in.image_w = gray.width;
  in.image_h = gray.height;
  in.gray8 = gray8.data();
  in.map_rgb = rgb.data();
  in.map_lo = r.lo;
  in.map_hi = r.hi;
  in.colour_bar_rgb = bar.data();
  if (auto e2 = gui::RenderFigurePng(out, in, a.size_w, a.size_h)) return Fail(kExitFailure, *e2);
  return kExitOk;
}

}  // namespace actviz::cli
