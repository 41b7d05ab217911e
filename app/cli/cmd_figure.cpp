// `actviz figure`: the classic 3×2 figure, headless: f, f′, the input and output histograms
// of N samples, the photo and its activation map (the same pipeline as `apply` with its
// defaults: luma 601, median centring, gain 1, auto range, gray colormap).
#include <algorithm>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include "actviz/base/buffer.hpp"
#include "actviz/image/image.hpp"
#include "actviz/stats/samples.hpp"

#include "actviz/base/parse.hpp"
#include "cli/commands_internal.hpp"
#include "figure/figure.hpp"
#include "figure/names.hpp"
#include "gl/headless.hpp"

extern "C" const unsigned char actviz_photo_camera[];
extern "C" const unsigned char actviz_photo_camera_end[];

namespace actviz::cli {

namespace {

// The photo through the apply pipeline, with as little held at once as the steps allow
// (about 9 bytes a pixel at the peak): the gray values, their 8-bit copy for the photo
// panel, then the map in place of x, then its colours. figure.cpp reduces both for display.
std::optional<std::string> PhotoAndMap(const FigureArgs& a, const Selection& sel,
                                       figure::FigureInputs& in, std::vector<std::uint8_t>& gray8,
                                       std::vector<std::uint8_t>& rgb) {
  GrayImage gray;
  {
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
    if (err) return err;
    ToGray(img, GrayMode::kLuma601, gray);
  }
  gray8.resize(gray.v.size());
  figure::GrayTo8(gray.v, gray8);
  std::vector<float> x;
  CenterAndScale(gray, CenterValue(gray, CenterMode::kMedian, 0), 1, x);
  in.image_w = gray.width;
  in.image_h = gray.height;
  std::vector<float>().swap(gray.v);
  ApplyActivation(*sel.fn, sel.params, x, x);  // in place: x is not needed afterwards
  const Range r = AutoRange(x);
  MapToRgb8(x, r.lo, r.hi, Colormap::kGray, rgb);
  in.map_lo = r.lo;
  in.map_hi = r.hi;
  return std::nullopt;
}

}  // namespace

int RunFigure(const FigureArgs& a, bool dry) {
  const Selection sel = Resolve(a.fn, Precision::kF32);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  long long samples = 0;
  if (auto err = CheckSamples(a.samples, a.max_bytes, samples)) return Fail(kExitUsage, *err);
  const std::optional<std::uint64_t> seed = ParseSeed(a.seed);
  if (!seed)
    return Fail(kExitUsage,
                "--seed " + Quote(a.seed) + ": expected a whole number from 0 to 2^64-1");
  int size_w = 0, size_h = 0;
  if (auto err = ParseSize("--size", a.size, 64, 4096, size_w, size_h))
    return Fail(kExitUsage, *err);
  const std::string out =
      a.out.empty() ? "actviz-figure-" + std::string(sel.fn->name) + ".png" : a.out;
  if (auto err = CheckOutput("--out", out)) return Fail(kExitFailure, *err);
  if (dry) return kExitOk;

  // The sample arrays' address space first (untouched, so free of cost): when it is not to
  // be had, the message comes before the GL driver starts loading, alone on stderr.
  Experiment e;
  const auto oom_samples = [&] {
    return Fail(kExitFailure, "out of memory (" + std::to_string(samples) + " samples need " +
                                  FormatBytes(static_cast<double>(samples) * kBytesPerSample) +
                                  ")");
  };
  try {
    for (std::vector<float>* v : {&e.x, &e.y, &e.dy}) {
      v->reserve(static_cast<std::size_t>(samples));
      AdviseHugePages(v->data(), v->capacity() * sizeof(float));
    }
  } catch (const std::bad_alloc&) {
    return oom_samples();
  }
  // The GL driver loads while the samples, the photo, its map, the curves and the font atlas
  // are computed (EGL serialises a second initialisation behind this one).
  std::jthread warm = gl::HeadlessContext::WarmUp();
  figure::FigureInputs in;
  in.fn = sel.fn;
  in.params = sel.params;
  in.dark = FromName(figure::kThemes, a.theme) == figure::Theme::kDark;
  in.spec.n = static_cast<std::size_t>(samples);
  in.spec.seed = *seed;
  try {
    RunExperiment(*sel.fn, sel.params, in.spec, 100, e);
  } catch (const std::bad_alloc&) {
    return oom_samples();
  }
  in.experiment = &e;

  std::vector<std::uint8_t> gray8, rgb;
  try {
    if (auto err = PhotoAndMap(a, sel, in, gray8, rgb)) return Fail(kExitFailure, *err);
  } catch (const std::bad_alloc&) {
    return Fail(kExitFailure, "out of memory (the photo '" +
                                  (a.image.empty() ? std::string("cameraman") : a.image) +
                                  "' and its activation map)");
  }
  in.gray8 = gray8.data();
  in.map_rgb = rgb.data();
  in.colormap = Colormap::kGray;
  if (auto e2 = figure::RenderFigurePng(out, in, size_w, size_h)) return Fail(kExitFailure, *e2);
  return kExitOk;
}

// The command's options, parsed into arguments that its run reads.
Command RegisterFigure(CLI::App& app) {
  auto args = std::make_shared<FigureArgs>();
  FigureArgs& a = *args;
  CLI::App* sub = app.add_subcommand(
      "figure", "The classic 3×2 figure (f, f′, histograms, photo, activation map), headless");
  AddFunctionOptions(*sub, a.fn);
  AddFormulaOption(*sub, a.fn);
  sub->add_option("-i,--image", a.image, "Photo (default: the built-in cameraman)");
  sub->add_option("-o,--out", a.out, "Output PNG (default actviz-figure-NAME.png)");
  sub->add_option("--size", a.size, "WxH, up to 4096 on a side")->capture_default_str();
  sub->add_option("-n,--samples", a.samples, "Samples for the histograms")->capture_default_str();
  sub->add_option("--seed", a.seed, "Seed of the samples")->capture_default_str();
  sub->add_option("--theme", a.theme, "light (documents) or dark")
      ->check(OneOf(Names(figure::kThemes)))
      ->capture_default_str();
  sub->add_option("--max-bytes", a.max_bytes,
                  "Refuse sizes whose memory would exceed this many bytes")
      ->capture_default_str();
  return {sub, "making the figure", [args](bool dry) { return RunFigure(*args, dry); }};
}

}  // namespace actviz::cli
