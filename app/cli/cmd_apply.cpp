// `actviz apply`: the activation map of a photo (spec/cli.md): decode → gray → centre and gain
// → f in float32 → 8-bit PNG through a colormap, and optionally the float map as .npy. The
// work is the core's image pipeline (image.hpp), the same calls as the GUI's export.
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include "actviz/base/file_io.hpp"
#include "actviz/base/parse.hpp"
#include "actviz/image/image.hpp"

#include "cli/commands_internal.hpp"
#include "figure/names.hpp"

namespace actviz::cli {
namespace {

// CLI11 has already restricted the words to the tables' names.
GrayMode ParseGray(const std::string& s) {
  return FromName(figure::kGrayModes, s).value_or(GrayMode::kLuma601);
}

Colormap ParseColormap(const std::string& s) {
  return FromName(figure::kColormaps, s).value_or(Colormap::kGray);
}

// median|mean|none|VALUE; false on anything else (a usage error).
bool ParseCenter(const std::string& s, CenterMode& mode, double& value) {
  value = 0;
  if (s == "median") return mode = CenterMode::kMedian, true;
  if (s == "mean") return mode = CenterMode::kMean, true;
  if (s == "none") return mode = CenterMode::kNone, true;
  const std::optional<double> v = ParseDouble(s);
  if (!v || !std::isfinite(*v)) return false;
  mode = CenterMode::kValue;
  value = *v;
  return true;
}

// auto | LO:HI with finite LO < HI.
bool ParseRange(const std::string& s, bool& automatic, Range& r) {
  automatic = s == "auto";
  if (automatic) return true;
  const std::size_t colon = s.find(':');
  if (colon == std::string::npos) return false;
  const std::optional<double> lo = ParseDouble(std::string_view(s).substr(0, colon));
  const std::optional<double> hi = ParseDouble(std::string_view(s).substr(colon + 1));
  if (!lo || !hi || !std::isfinite(*lo) || !std::isfinite(*hi) || !(*lo < *hi)) return false;
  r = Range{*lo, *hi};
  return true;
}

}  // namespace

int RunApply(const ApplyArgs& a, bool dry) {
  // Every usage error, and every output that cannot be written, before any work on the image.
  Selection sel;
  FormulaSelection fsel;  // a typed formula: its exact values in place of a row's kernel
  if (a.fn.formula) {
    fsel = ResolveFormula(a.fn, Precision::kF32);
    if (!fsel.error.empty()) return Fail(kExitUsage, fsel.error);
  } else {
    sel = Resolve(a.fn, Precision::kF32);
    if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  }
  CenterMode center = CenterMode::kMedian;
  double center_value = 0;
  if (!ParseCenter(a.center, center, center_value))
    return Fail(kExitUsage,
                "--center " + Quote(a.center) + ": expected median, mean, none or a finite number");
  double gain = 1;
  constexpr double kMax = std::numeric_limits<double>::max();
  if (auto err = ParseNumber("--gain", a.gain, -kMax, kMax, gain)) return Fail(kExitUsage, *err);
  bool auto_range = true;
  Range range;
  if (!ParseRange(a.range, auto_range, range))
    return Fail(kExitUsage, "--range " + Quote(a.range) +
                                ": expected auto or LO:HI with finite numbers, LO < HI");
  long long max_pixels = 0;
  if (auto err = ParseCount("--max-pixels", a.max_pixels, 1, 1LL << 40, max_pixels))
    return Fail(kExitUsage, *err);
  if (a.out.empty()) return Fail(kExitUsage, "--out: no output path given");
  if (!a.raw.empty() && SameOutputFile(a.raw, a.out))
    return Fail(kExitUsage, "--raw " + QuotePath(a.raw) + " and --out " + QuotePath(a.out) +
                                " name the same file");
  if (auto err = CheckOutput("--out", a.out)) return Fail(kExitFailure, *err);
  if (!a.raw.empty())
    if (auto err = CheckOutput("--raw", a.raw)) return Fail(kExitFailure, *err);
  const GrayMode gray_mode = ParseGray(a.gray);
  const Colormap cmap = ParseColormap(a.colormap);
  if (dry) return kExitOk;
  if (a.fn.formula)
    if (auto err = formula::ExactError()) return Fail(kExitFailure, *err);

  try {
    int width = 0, height = 0;
    std::vector<float> y;
    {
      GrayImage gray;
      {
        DecodedImage img;
        if (auto err = DecodeImageFile(a.image, static_cast<std::size_t>(max_pixels), img))
          return Fail(kExitFailure, *err);
        ToGray(img, gray_mode, gray);
      }  // the decoded samples are freed here: gray is all the rest needs
      width = gray.width;
      height = gray.height;
      const double c = CenterValue(gray, center, center_value);
      CenterAndScale(gray, c, gain, y);
    }
    // In place: x is not needed afterwards.
    if (a.fn.formula)
      formula::ExactF32(fsel.formula.f, y, y, fsel.params);
    else
      ApplyActivation(*sel.fn, sel.params, y, y);
    if (auto_range) range = AutoRange(y);

    // Both outputs are encoded in memory, then written together: either both files are
    // replaced or neither changes (a PNG that cannot be written leaves no .npy behind).
    std::vector<std::uint8_t> png, npy;
    {
      std::vector<std::uint8_t> pixels;
      MapToPixels(y, range.lo, range.hi, cmap, pixels);
      if (auto err =
              EncodePng(width, height, ColormapChannels(cmap), pixels, png, PngContent::kPhoto))
        return Fail(kExitFailure, *err + " for " + QuotePath(a.out));
    }
    std::vector<OutputFile> files = {{a.out, png}};
    if (!a.raw.empty()) {
      npy = NpyHeader(width, height);
      const std::size_t head = npy.size();
      npy.resize(head + y.size() * sizeof(float));
      std::memcpy(npy.data() + head, y.data(), y.size() * sizeof(float));
      if constexpr (std::endian::native == std::endian::big) {
        for (std::size_t i = head; i < npy.size(); i += 4) {
          std::swap(npy[i], npy[i + 3]);
          std::swap(npy[i + 1], npy[i + 2]);
        }
      }
      std::vector<float>().swap(y);
      files.push_back({a.raw, npy});
    }
    if (auto err = WriteFilesAtomic(files)) return Fail(kExitFailure, *err);
  } catch (const std::bad_alloc&) {
    return Fail(kExitFailure, "out of memory for image " + QuotePath(a.image));
  }
  return kExitOk;
}

// The command's options, parsed into arguments that its run reads.
Command RegisterApply(CLI::App& app) {
  auto args = std::make_shared<ApplyArgs>();
  ApplyArgs& a = *args;
  CLI::App* sub =
      app.add_subcommand("apply", "The activation map of a photo: f applied to every pixel");
  AddFunctionOptions(*sub, a.fn);
  AddFormulaOption(*sub, a.fn);
  sub->add_option("-i,--image", a.image, "Input image (PNG 8/16-bit, JPEG, BMP, TGA, GIF, PNM)")
      ->required();
  sub->add_option("-o,--out", a.out, "Output PNG (8-bit, through the colormap)")->required();
  sub->add_option("--raw", a.raw, "Also write the float32 map as .npy (<f4, height×width)");
  sub->add_option("--gray", a.gray, "Gray conversion")
      ->check(OneOf(Names(figure::kGrayModes)))
      ->capture_default_str();
  sub->add_option("--center", a.center, "Centring: median, mean, none or a value")
      ->capture_default_str();
  sub->add_option("--gain", a.gain, "x = gain·(v − c)")->capture_default_str();
  sub->add_option("--range", a.range, "Output range: auto (min..max) or LO:HI")
      ->capture_default_str();
  sub->add_option("--colormap", a.colormap, "gray, viridis or coolwarm")
      ->check(OneOf(Names(figure::kColormaps)))
      ->capture_default_str();
  sub->add_option("--max-pixels", a.max_pixels, "Refuse larger images")->capture_default_str();
  return {sub, "computing the activation map", [args](bool dry) { return RunApply(*args, dry); }};
}

}  // namespace actviz::cli
