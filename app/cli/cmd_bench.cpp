// `actviz bench`: throughput of the float32 kernels (elements per second, median of
// repetitions), of the histogram, and of the image pipeline's stages, on this machine.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>
#include "actviz/activations/kernels.hpp"
#include "actviz/base/buffer.hpp"
#include "actviz/base/file_io.hpp"
#include "actviz/base/threads.hpp"
#include "actviz/formula/formula.hpp"
#include "actviz/formula/library.hpp"
#include "actviz/image/image.hpp"
#include "actviz/networks/depth.hpp"
#include "actviz/stats/samples.hpp"

#include "actviz/base/parse.hpp"
#include "cli/commands_internal.hpp"
#include "figure/depth_plots.hpp"

namespace actviz::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Median seconds of `reps` runs of `work`.
template <class Work>
double MedianSeconds(int reps, Work&& work) {
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    const auto a = Clock::now();
    work();
    t.push_back(std::chrono::duration<double>(Clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

double Ms(Clock::time_point a) {
  return std::chrono::duration<double, std::milli>(Clock::now() - a).count();
}

}  // namespace

namespace {

using Json = nlohmann::ordered_json;

// The ceiling of memory-bound kernels: the same buffers copied through the same threads.
void BenchCopy(std::span<const float> x, std::span<float> y, int reps, bool json, Json& doc) {
  const std::size_t n = x.size();
  CopyArray(x, y);
  const double s = MedianSeconds(reps, [&] { CopyArray(x, y); });
  doc["copy"] = {{"n", n},
                 {"threads", MaxThreads()},
                 {"elements_per_second", static_cast<double>(n) / s},
                 {"bytes_per_second", 2.0 * sizeof(float) * static_cast<double>(n) / s}};
  if (!json)
    std::printf("%-22s %8.3f Gelem/s (%.1f GB/s read + write)\n", "copy",
                static_cast<double>(n) / s / 1e9, 8.0 * static_cast<double>(n) / s / 1e9);
}

// Every kernel, f and f′, over the same buffers.
void BenchKernels(const std::vector<const Activation*>& fns, std::span<const float> x,
                  std::span<float> y, int reps, bool json, Json& doc) {
  const std::size_t n = x.size();
  Json kernels = Json::array();
  for (const Activation* f : fns) {
    const Params p = Defaults(*f);
    for (bool deriv : {false, true}) {
      Apply(*f, deriv ? Eval::kDerivative : Eval::kValue, x, y, p);  // warm up the pages
      const double s = MedianSeconds(
          reps, [&] { Apply(*f, deriv ? Eval::kDerivative : Eval::kValue, x, y, p); });
      kernels.push_back({{"function", f->name},
                         {"derivative", deriv},
                         {"n", n},
                         {"threads", MaxThreads()},
                         {"elements_per_second", static_cast<double>(n) / s}});
      if (!json)
        std::printf("%-18s %-3s %8.3f Gelem/s\n", std::string(f->name).c_str(), deriv ? "f'" : "f",
                    static_cast<double>(n) / s / 1e9);
    }
  }
  doc["kernels"] = kernels;
}

// Histogram of 10⁷ samples (or n), 100 bins.
void BenchHistogram(std::size_t n, int reps, bool json, Json& doc) {
  const std::size_t hn = std::min<std::size_t>(n, 10'000'000);
  SampleSpec spec;
  spec.dist = Distribution::kNormal;
  std::vector<float> s(hn);
  DrawSamples(spec, 0, s);
  const double t = MedianSeconds(reps, [&] { (void)MakeHistogram(s, 100); });
  doc["histogram"] = {
      {"n", hn}, {"bins", 100}, {"samples_per_second", static_cast<double>(hn) / t}};
  if (!json)
    std::printf("histogram          %8.3f Gsamples/s (%zu samples, 100 bins)\n", hn / t / 1e9, hn);
}

// The image pipeline, stage by stage, on a synthetic RGB photo of about `pixels` pixels.
std::optional<std::string> BenchImage(long long pixels, bool json, Json& doc) {
  const int w = static_cast<int>(std::sqrt(pixels * 1.5)),
            h = static_cast<int>(pixels / std::max(1, w));
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * h * 3);
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i)
      for (int c = 0; c < 3; ++c)
        rgb[(static_cast<std::size_t>(j) * w + i) * 3 + c] =
            static_cast<std::uint8_t>((i * (c + 1) + j * 7 + ((i * j) >> 5)) & 255);
  std::vector<std::uint8_t> png, out_png, mapped;
  Json stages;
  auto t0 = Clock::now();
  if (auto e = EncodePng(w, h, 3, rgb, png, PngContent::kPhoto)) return *e;
  stages["encode_input_png"] = Ms(t0);
  DecodedImage img;
  t0 = Clock::now();
  if (auto e = DecodeImageMemory(png, 1'000'000'000, img)) return *e;
  stages["decode"] = Ms(t0);
  GrayImage gray;
  t0 = Clock::now();
  ToGray(img, GrayMode::kLuma601, gray);
  stages["gray"] = Ms(t0);
  std::vector<float> xs, ys;
  t0 = Clock::now();
  const double c = CenterValue(gray, CenterMode::kMedian, 0);
  stages["median"] = Ms(t0);
  t0 = Clock::now();
  CenterAndScale(gray, c, 1, xs);
  stages["center"] = Ms(t0);
  ResizeLarge(ys, xs.size());
  const Activation& gelu = *Find("gelu");
  t0 = Clock::now();
  ApplyActivation(gelu, Defaults(gelu), xs, ys);
  stages["apply_gelu"] = Ms(t0);
  t0 = Clock::now();
  const Range r = AutoRange(ys);
  MapToPixels(ys, r.lo, r.hi, Colormap::kGray, mapped);
  stages["map_to_8bit"] = Ms(t0);
  t0 = Clock::now();
  if (auto e = EncodePng(w, h, 1, mapped, out_png, PngContent::kPhoto)) return *e;
  stages["encode_output_png"] = Ms(t0);
  doc["image"] = {{"pixels", static_cast<long long>(w) * h},
                  {"width", w},
                  {"height", h},
                  {"stages_ms", stages}};
  if (!json) std::printf("image %d×%d: %s\n", w, h, stages.dump().c_str());
  return std::nullopt;
}

// The Depth tab's experiment at the size of the README's comparison with PyTorch.
void BenchDepth(int reps, bool json, Json& doc) {
  // The depth experiment: tanh, Xavier normal, forward and backward
  // with every layer's statistics; the weights drawn once beforehand (as a peer's would be).
  DepthSpec spec;
  spec.layers = 50;
  spec.width = 512;
  spec.batch = 1000;
  const Activation& tanh = *Find("tanh");
  DepthCache cache;
  DepthResult r;
  RunDepth(tanh, Defaults(tanh), spec, r, &cache);
  // Each repetition from scratch but for the weights: a run of the same spec would take the
  // last one's blocks (DepthCache::parts) and measure nothing.
  const double sec = MedianSeconds(reps, [&] {
    cache.parts.reset();
    RunDepth(tanh, Defaults(tanh), spec, r, &cache);
  });
  // 2·B·N² multiply-adds per product, L forward and L − 1 backward products
  const double flop = 2.0 * spec.batch * spec.width * spec.width * (2 * spec.layers - 1);
  doc["depth"] = {{"layers", spec.layers},
                  {"width", spec.width},
                  {"batch", spec.batch},
                  {"seconds", sec},
                  {"gflop_per_s", flop / sec / 1e9}};
  if (!json)
    std::printf("depth L=50 N=512 B=1000 (tanh): %.3f s, %.0f GFLOP/s\n", sec, flop / sec / 1e9);
}

void BenchDepthTab(int reps, bool json, Json& doc) {
  // The Depth tab's update for one step of a slider drag (to be within 100 ms at L = 50,
  // N = 256, B = 1000): what its worker does for a new σ_w, the run with the weights kept
  // and the plots built, for tanh and ReLU. Each repetition moves σ_w, as a drag does.
  DepthSpec spec;
  spec.layers = 50;
  spec.width = 256;
  spec.batch = 1000;
  spec.bins = 64;
  Json rows = Json::array();
  for (const char* name : {"tanh", "relu"}) {
    const Activation& fn = *Find(name);
    const Params p = Defaults(fn);
    DepthCache cache;
    DepthResult r;
    double sigma = 1.2;
    spec.sigma_w = sigma;
    RunDepth(fn, p, spec, r, &cache);  // the weights drawn, as before a drag
    // The tab's worker: a preview over the first 256 inputs (what a drag's step shows
    // first), then the whole batch; both are timed from the parameter change.
    std::vector<double> first, whole, floor;
    for (int i = 0; i < std::max(reps, 5); ++i) {
      sigma += 0.01;
      spec.sigma_w = sigma;
      const auto t0 = Clock::now();
      RunDepth(fn, p, spec, r, &cache, nullptr, nullptr, 256);
      {
        figure::DepthPlots plots;
        figure::BuildDepthPlots(fn, p, spec, r, plots);
      }
      first.push_back(Ms(t0));
      RunDepth(fn, p, spec, r, &cache);
      figure::DepthPlots plots;
      figure::BuildDepthPlots(fn, p, spec, r, plots);
      whole.push_back(Ms(t0));
      floor.push_back(1e3 * DepthProductsSeconds(spec, cache));
    }
    std::sort(first.begin(), first.end());
    std::sort(whole.begin(), whole.end());
    std::sort(floor.begin(), floor.end());
    const double preview_ms = first[first.size() / 2], full_ms = whole[whole.size() / 2],
                 products_ms = floor[floor.size() / 2];
    rows.push_back({{"function", name},
                    {"layers", spec.layers},
                    {"width", spec.width},
                    {"batch", spec.batch},
                    {"preview_rows", 256},
                    {"preview_ms", preview_ms},
                    {"full_ms", full_ms},
                    {"products_ms", products_ms}});
    if (!json)
      std::printf(
          "depth tab update L=50 N=256 B=1000 (%s, sigma_w drag): preview (256 inputs) "
          "%.1f ms, whole batch %.1f ms (its products alone: %.1f ms)\n",
          name, preview_ms, full_ms, products_ms);
  }
  doc["depth_tab_update"] = rows;
}

// `bench --formula`: its exact float32 values over n inputs from N(0, 1) or U(lo, hi), with
// the share of elements that took the balls.
int RunBenchFormula(const BenchArgs& a, long long n_elems, int reps, bool dry) {
  FormulaSelection sel = ResolveFormula(a.fn, Precision::kF32);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  if (a.dist != "normal" && a.dist != "uniform")
    return Fail(kExitUsage, "--dist " + Quote(a.dist) + ": normal or uniform");
  double lo = -1, hi = 1;
  const std::size_t colon = a.range.find(':');
  if (colon == std::string::npos ||
      ParseNumber("--range", a.range.substr(0, colon), -3e38, 3e38, lo) ||
      ParseNumber("--range", a.range.substr(colon + 1), -3e38, 3e38, hi) || !(lo < hi))
    return Fail(kExitUsage, "--range " + Quote(a.range) + ": expected LO:HI, LO < HI");
  if (dry) return kExitOk;
  if (auto err = formula::ExactError()) return Fail(kExitFailure, *err);
  const std::size_t n = static_cast<std::size_t>(n_elems);
  std::vector<float> x, y;
  ResizeLarge(x, n);
  ResizeLarge(y, n);
  SampleSpec spec;
  spec.dist = a.dist == "normal" ? Distribution::kNormal : Distribution::kUniform;
  DrawSamples(spec, 0, x);  // uniform: U(−½, ½), then onto [lo, hi]
  if (spec.dist == Distribution::kUniform)
    for (float& v : x)
      v = static_cast<float>(lo + (hi - lo) * (static_cast<double>(v) + 0.5));
  std::size_t slow = formula::ExactF32(sel.formula.f, x, y, sel.params);  // warm up the pages
  const double s =
      MedianSeconds(reps, [&] { slow = formula::ExactF32(sel.formula.f, x, y, sel.params); });
  const double rate = static_cast<double>(n) / s;
  const double share = static_cast<double>(slow) / static_cast<double>(n);
  if (a.json) {
    Json doc = {{"formula", sel.formula.text}, {"n", n},
                {"threads", MaxThreads()},     {"dist", a.dist},
                {"elements_per_second", rate}, {"slow_fraction", share}};
    if (spec.dist == Distribution::kUniform) doc["range"] = {lo, hi};
    return WriteStdout(doc.dump() + "\n");
  }
  std::printf("%s: %.4g Melem/s on %d threads (%zu %s inputs; %.3g %% took the balls)\n",
              sel.formula.text.c_str(), rate / 1e6, MaxThreads(), n, a.dist.c_str(), 100 * share);
  return kExitOk;
}

}  // namespace

int RunBench(const BenchArgs& a, bool dry) {
  long long n_elems = 0, pixels = 0;
  int threads_wanted = 0, reps = 0;
  if (auto err = ParseCount("--n", a.n, 1, 500'000'000, n_elems)) return Fail(kExitUsage, *err);
  if (auto err = ParseCount("--threads", a.threads, 0, 256, threads_wanted))
    return Fail(kExitUsage, *err);
  if (auto err = ParseCount("--reps", a.reps, 1, 1000, reps)) return Fail(kExitUsage, *err);
  if (auto err = ParseCount("--pixels", a.pixels, 1, 400'000'000, pixels))
    return Fail(kExitUsage, *err);
  if (a.fn.formula) {
    if (auto err = ParseCount("--threads", a.threads, 0, 256, threads_wanted))
      return Fail(kExitUsage, *err);
    SetMaxThreads(threads_wanted);
    return RunBenchFormula(a, n_elems, reps, dry);
  }
  if (!a.fn.params.empty())
    return Fail(kExitUsage, "--param goes with --formula (the catalogue runs at its defaults)");
  if (a.dist != BenchArgs{}.dist || a.range != BenchArgs{}.range)
    return Fail(kExitUsage, "--dist and --range go with --formula");
  std::vector<const Activation*> fns;
  if (a.function == "all") {
    for (const Activation& f : Catalogue())
      fns.push_back(&f);
  } else if (const Activation* f = formula::FindFunction(a.function)) {
    fns.push_back(f);
  } else {
    return Fail(kExitUsage, "unknown function " + Quote(a.function) + "; valid names: all, " +
                                formula::AllNames());
  }
  if (dry) return kExitOk;
  SetMaxThreads(threads_wanted);
  const int threads = MaxThreads();
  const std::size_t n = static_cast<std::size_t>(n_elems);
  Json doc;
  doc["threads"] = threads;
  // Kernels: inputs spread over [−8, 8] (both branches of every function), reused buffers.
  // Huge pages, as the image pipeline's buffers (and numpy's large arrays) have: with 4 KiB
  // pages the TLB, not the memory, bounds a 96 MB stream.
  std::vector<float> x, y;
  ResizeLarge(x, n);
  ResizeLarge(y, n);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = static_cast<float>(-8.0 + 16.0 * (i % 65536) / 65536.0);
  BenchCopy(x, y, reps, a.json, doc);
  BenchKernels(fns, x, y, reps, a.json, doc);
  BenchHistogram(n, reps, a.json, doc);
  if (auto err = BenchImage(pixels, a.json, doc)) return Fail(kExitFailure, *err);
  if (auto err = BlasError()) {
    if (!a.json) std::printf("depth: not measured (%s)\n", err->c_str());
  } else {
    BenchDepth(reps, a.json, doc);
    BenchDepthTab(reps, a.json, doc);
  }
  if (a.json) return WriteStdout(doc.dump() + "\n");
  return kExitOk;
}

// The command's options, parsed into arguments that its run reads.
Command RegisterBench(CLI::App& app) {
  auto args = std::make_shared<BenchArgs>();
  BenchArgs& a = *args;
  CLI::App* sub = app.add_subcommand(
      "bench", "Throughput of the kernels, the histogram and the image pipeline");
  sub->add_option("-f,--function", a.function, "A function, or all")->capture_default_str();
  sub->add_option("-n,--n", a.n, "Elements per kernel run")->capture_default_str();
  sub->add_option("--threads", a.threads, "Threads (0: all)")->capture_default_str();
  sub->add_option("--reps", a.reps, "Repetitions (the median is reported)")->capture_default_str();
  sub->add_option("--pixels", a.pixels, "Pixels of the synthetic image")->capture_default_str();
  sub->add_flag("--json", a.json, "Print one JSON object");
  AddFormulaOption(*sub, a.fn);
  sub->add_option("-p,--param", a.fn.params, "With --formula: a parameter as NAME=VALUE")
      ->type_name("NAME=VALUE");
  sub->add_option("--dist", a.dist, "With --formula: normal (N(0, 1)) or uniform (over --range)")
      ->capture_default_str();
  sub->add_option("--range", a.range, "With --formula --dist uniform: LO:HI")
      ->capture_default_str();
  return {sub, "running the benchmark", [args](bool dry) { return RunBench(*args, dry); }};
}

}  // namespace actviz::cli
