// Argument parsing (CLI11) and dispatch: no command or `gui` opens the window, every other
// command runs headless. Parse errors are usage errors (exit 2) with CLI11's message.
#include "cli/commands.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.hpp"
#include "gui/gui.hpp"

namespace actviz::cli {

int WriteStdout(std::string_view text) {
  const std::size_t n = std::fwrite(text.data(), 1, text.size(), stdout);
  if (n != text.size() || std::fflush(stdout) != 0)
    return Fail(kExitFailure, "cannot write to standard output");
  return kExitOk;
}

std::optional<std::uint64_t> ParseSeed(const std::string& text) {
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  if (text.empty() || text[0] == '-' || text[0] == '+') return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

int Fail(int code, std::string_view message) {
  std::fprintf(stderr, "actviz: %.*s\n", static_cast<int>(message.size()), message.data());
  return code;
}

namespace {

// "1280x720" → {1280, 720}; the GUI's --size.
bool ParseSize(const std::string& text, int& w, int& h) {
  int a = 0, b = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &a, &x, &b, &extra) != 3 || (x != 'x' && x != 'X'))
    return false;
  if (a < 64 || b < 64 || a > 16384 || b > 16384) return false;
  w = a;
  h = b;
  return true;
}

}  // namespace

int Main(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();  // for --bench-frames' first frame
  // `actviz gui ...` is the same as `actviz ...`: drop the word so one set of options serves.
  std::vector<char*> args(argv, argv + argc);
  if (args.size() > 1 && std::strcmp(args[1], "gui") == 0) args.erase(args.begin() + 1);

  CLI::App app{
      "actviz: exact, interactive plots of neural-network activation functions.\n"
      "With no command it opens the window; the commands below run headless.",
      "actviz"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", "actviz 0.1.0");

  gui::GuiOptions gui_opts;
  FunctionArgs gui_fn;
  std::string gui_size = "1280x800";
  AddFunctionOptions(app, gui_fn);
  app.add_option("--image", gui_opts.image, "Photo to load at start (default: embedded)");
  auto* shot = app.add_option("--screenshot", gui_opts.screenshot,
                              "Draw --frames frames, save the window as PNG and exit");
  app.add_flag("--screenshot-pointer", gui_opts.screenshot_pointer,
               "Keep the pointer's hover readout in --screenshot (for tests)")
      ->needs(shot);
  app.add_option("--frames", gui_opts.frames, "Frames to draw before --screenshot")
      ->needs(shot)
      ->check(CLI::Range(1, 100000));
  app.add_option("--size", gui_size, "Window size WxH")->capture_default_str();
  app.add_option("--bench-frames", gui_opts.bench_frames,
                 "Sweep a parameter over N frames (vsync off) on the photo; print timings as JSON")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--session", gui_opts.session,
                 "Start from this saved session file (JSON) instead of the last one")
      ->check(CLI::ExistingFile);

  bool list_json = false;
  auto* list = app.add_subcommand("list", "The catalogue: names, formulas, parameters");
  list->add_flag("--json", list_json, "Print JSON");

  EvalArgs eval_args;
  auto* eval = app.add_subcommand(
      "eval", "Evaluate f (or f′) at numbers read from stdin, one result per line");
  AddFunctionOptions(*eval, eval_args.fn);
  eval->add_flag("-d,--derivative", eval_args.derivative, "Evaluate f′ instead of f");
  eval->add_option("--type", eval_args.type, "f64: scalar double path; f32: float32 kernel")
      ->check(CLI::IsMember({"f64", "f32"}))
      ->capture_default_str();

  HistArgs hist_args;
  std::string hist_size = "1200x500";
  auto* hist =
      app.add_subcommand("hist", "Histograms of random pre-activations and of their activations");
  AddFunctionOptions(*hist, hist_args.fn);
  hist->add_option("--dist", hist_args.dist, "uniform: U(-1/2, 1/2)*S; normal: N(0, S^2)")
      ->check(CLI::IsMember({"uniform", "normal"}))
      ->capture_default_str();
  hist->add_option("-n,--samples", hist_args.samples, "Number of samples N")->capture_default_str();
  hist->add_option("-b,--bins", hist_args.bins, "Bins per histogram")->capture_default_str();
  hist->add_option("-s,--scale", hist_args.scale, "Scale S of the input")->capture_default_str();
  hist->add_option("--seed", hist_args.seed, "Seed (same seed, same samples)")
      ->capture_default_str();
  hist->add_flag("--json", hist_args.json, "Print edges, counts and statistics as JSON");
  hist->add_option("-o,--out", hist_args.out, "Also write the two histograms as PNG");
  hist->add_option("--size", hist_size, "PNG size WxH")->capture_default_str();
  hist->add_flag("-v,--verbose", hist_args.verbose, "Print the summary even with --out");

  ApplyArgs apply_args;
  auto* apply =
      app.add_subcommand("apply", "The activation map of a photo: f applied to every pixel");
  AddFunctionOptions(*apply, apply_args.fn);
  apply
      ->add_option("-i,--image", apply_args.image,
                   "Input image (PNG 8/16-bit, JPEG, BMP, TGA, GIF, PNM)")
      ->required();
  apply->add_option("-o,--out", apply_args.out, "Output PNG (8-bit, through the colormap)")
      ->required();
  apply->add_option("--raw", apply_args.raw,
                    "Also write the float32 map as .npy (<f4, height×width)");
  apply->add_option("--gray", apply_args.gray, "Gray conversion")
      ->check(CLI::IsMember({"luma601", "luma709", "mean", "red", "green", "blue"}))
      ->capture_default_str();
  apply->add_option("--center", apply_args.center, "Centring: median, mean, none or a value")
      ->capture_default_str();
  apply->add_option("--gain", apply_args.gain, "x = gain·(v − c)")->capture_default_str();
  apply->add_option("--range", apply_args.range, "Output range: auto (min..max) or LO:HI")
      ->capture_default_str();
  apply->add_option("--colormap", apply_args.colormap, "gray, viridis or coolwarm")
      ->check(CLI::IsMember({"gray", "viridis", "coolwarm"}))
      ->capture_default_str();
  apply->add_option("--max-pixels", apply_args.max_pixels, "Refuse larger images")
      ->capture_default_str();

  FigureArgs fig_args;
  std::string fig_size = "1200x1200";
  auto* figure = app.add_subcommand(
      "figure", "The classic 3×2 figure (f, f′, histograms, photo, activation map), headless");
  AddFunctionOptions(*figure, fig_args.fn);
  figure->add_option("-i,--image", fig_args.image, "Photo (default: the built-in cameraman)");
  figure->add_option("-o,--out", fig_args.out, "Output PNG (default actviz-figure-NAME.png)");
  figure->add_option("--size", fig_size, "WxH, up to 4096 on a side")->capture_default_str();
  figure->add_option("-n,--samples", fig_args.samples, "Samples for the histograms")
      ->capture_default_str();
  figure->add_option("--seed", fig_args.seed, "Seed of the samples")->capture_default_str();
  figure->add_option("--theme", fig_args.theme, "light (documents) or dark")
      ->check(CLI::IsMember({"light", "dark"}))
      ->capture_default_str();

  BenchArgs bench_args;
  auto* bench = app.add_subcommand(
      "bench", "Throughput of the kernels, the histogram and the image pipeline");
  bench->add_option("-f,--function", bench_args.function, "A function, or all")
      ->capture_default_str();
  bench->add_option("-n,--n", bench_args.n, "Elements per kernel run")->capture_default_str();
  bench->add_option("--threads", bench_args.threads, "Threads (0: all)")->capture_default_str();
  bench->add_option("--reps", bench_args.reps, "Repetitions (the median is reported)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  bench->add_option("--pixels", bench_args.pixels, "Pixels of the synthetic image")
      ->check(CLI::Range(1LL, 400'000'000LL))
      ->capture_default_str();
  bench->add_flag("--json", bench_args.json, "Print one JSON object");

  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return Fail(kExitUsage, std::string(e.what()) + " (see actviz --help)");
  }

  if (*list) return RunList(list_json);
  if (*eval) return RunEval(eval_args);
  if (*apply) return RunApply(apply_args);
  if (*bench) return RunBench(bench_args);
  if (*figure) {
    if (!ParseSize(fig_size, fig_args.size_w, fig_args.size_h) || fig_args.size_w > 4096 ||
        fig_args.size_h > 4096)
      return Fail(kExitUsage, "--size '" + fig_size + "': expected WxH, each 64…4096");
    return RunFigure(fig_args);
  }
  if (*hist) {
    if (!ParseSize(hist_size, hist_args.size_w, hist_args.size_h))
      return Fail(kExitUsage, "--size '" + hist_size + "': expected WxH, each 64…16384");
    return RunHist(hist_args);
  }

  const Selection sel = Resolve(gui_fn, Precision::kF64);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  if (!ParseSize(gui_size, gui_opts.width, gui_opts.height))
    return Fail(kExitUsage, "--size '" + gui_size + "': expected WxH, each 64…16384");
  gui_opts.start = start;
  gui_opts.function = sel.fn;
  gui_opts.params = sel.params;
  gui_opts.function_given = app.count("--function") > 0;
  gui_opts.params_given =
      !gui_fn.params.empty() || gui_fn.alpha || gui_fn.theta || gui_fn.lambda || gui_fn.beta;
  return gui::RunGui(gui_opts);
}

}  // namespace actviz::cli
