// `actviz depth` (spec/cli.md): a signal and its gradient through L dense layers, measured and
// beside the mean-field theory; a table, or --json. The command registers its own options.

#include <cmath>
#include <cstdio>
#include <memory>
#include <new>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "actviz/depth.hpp"
#include "actviz/parse.hpp"
#include "actviz/threads.hpp"
#include "cli/commands_internal.hpp"
#include "figure/depth_plots.hpp"
#include "figure/figure.hpp"

namespace actviz::cli {
namespace {

struct DepthArgs {
  FunctionArgs fn;
  std::string layers = "20", width = "256", batch = "1000";
  std::string init = "xavier_normal";
  std::string gain = "1";        // a number or "auto"
  std::string sigma_w, sigma_b;  // empty: not given
  std::string seed = "0";
  std::string threads = "0";
  std::string max_bytes = "4294967296";  // 4 GiB, as every size-checked command
  bool json = false;
  std::string out;  // PNG of the depth views, rendered headless
  std::string size = "1800x1000";
};

using ordered_json = nlohmann::ordered_json;

ordered_json Number(double v) {  // JSON has no NaN or ∞
  return std::isfinite(v) ? ordered_json(v) : ordered_json();
}

ordered_json StatsJson(const Stats& s) {
  return {{"mean", Number(s.mean)},
          {"std", Number(s.std)},
          {"min", Number(s.min)},
          {"max", Number(s.max)},
          {"zero_fraction", s.zero_fraction},
          {"saturated_fraction", s.saturated_fraction}};
}

std::string Json(const DepthResult& r) {
  ordered_json layers = ordered_json::array();
  for (std::size_t l = 0; l < r.layers.size(); ++l) {
    const DepthLayer& d = r.layers[l];
    layers.push_back(
        {{"layer", l + 1},
         {"pre", StatsJson(d.pre)},
         {"post", StatsJson(d.post)},
         {"grad", StatsJson(d.grad)},
         {"theory", {{"q", Number(r.theory[l].q)}, {"chi", Number(r.theory[l].chi)}}}});
  }
  const ordered_json doc = {
      {"sigma_w2", r.sigma_w2}, {"sigma_b2", r.sigma_b2}, {"layers", std::move(layers)}};
  return doc.dump() + "\n";
}

std::string Text(const Activation& fn, const DepthSpec& s, const DepthResult& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line,
                "%s through %d layers of width %d, batch %d; %s, sigma_w^2 = %.6g, "
                "sigma_b^2 = %.6g, seed %llu\n",
                std::string(fn.name).c_str(), s.layers, s.width, s.batch,
                s.sigma_w ? "sigma_w" : std::string(InitLabel(s.init)).c_str(), r.sigma_w2,
                r.sigma_b2, static_cast<unsigned long long>(s.seed));
  out += line;
  out +=
      "layer      Var(z)     theory q     std(h)    zero %    sat. %    std(delta)   ratio^2"
      "    theory chi\n";
  for (std::size_t l = 0; l < r.layers.size(); ++l) {
    const DepthLayer& d = r.layers[l];
    const double ratio = l + 1 < r.layers.size() && r.layers[l + 1].grad.std > 0
                             ? d.grad.std / r.layers[l + 1].grad.std
                             : NAN;
    std::snprintf(line, sizeof line, "%5zu %11.5g %12.5g %10.5g %9.3f %9.3f %13.5g %9.5g %13.5g\n",
                  l + 1, d.pre.std * d.pre.std, r.theory[l].q, d.post.std,
                  100 * d.post.zero_fraction, 100 * d.post.saturated_fraction, d.grad.std,
                  ratio * ratio, r.theory[l].chi);
    out += line;
  }
  return out;
}

int Run(const DepthArgs& a, bool dry) {
  const Selection sel = Resolve(a.fn, Precision::kF32);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  DepthSpec s;
  if (auto err = ParseCount("--layers", a.layers, 1, 1000, s.layers)) return Fail(kExitUsage, *err);
  if (auto err = ParseCount("--width", a.width, 1, 8192, s.width)) return Fail(kExitUsage, *err);
  if (auto err = ParseCount("--batch", a.batch, 1, 100000, s.batch)) return Fail(kExitUsage, *err);
  const std::optional<Init> init = ParseInit(a.init);
  if (!init) {
    std::string names;
    for (const InitName& i : InitNames())
      names += (names.empty() ? "" : ", ") + std::string(i.name);
    return Fail(kExitUsage,
                "--init " + Quote(a.init) + ": unknown initialisation; one of " + names);
  }
  s.init = *init;
  if (a.gain == "auto") {
    s.gain = CalculateGain(*sel.fn, sel.params);
  } else if (auto err = ParseNumber("--gain", a.gain, 0, 1e6, s.gain)) {
    return Fail(kExitUsage, *err + ", or auto");
  }
  if (!a.sigma_w.empty()) {
    double v = 0;
    if (auto err = ParseNumber("--sigma-w", a.sigma_w, 0, 1e6, v)) return Fail(kExitUsage, *err);
    s.sigma_w = v;
  }
  if (!a.sigma_b.empty())
    if (auto err = ParseNumber("--sigma-b", a.sigma_b, 0, 1e6, s.sigma_b))
      return Fail(kExitUsage, *err);
  const std::optional<std::uint64_t> seed = ParseSeed(a.seed);
  if (!seed)
    return Fail(kExitUsage,
                "--seed " + Quote(a.seed) + ": expected a whole number from 0 to 2^64-1");
  s.seed = *seed;
  int threads = 0;
  if (auto err = ParseCount("--threads", a.threads, 0, 1024, threads))
    return Fail(kExitUsage, *err);
  long long cap = 0;
  if (auto err = ParseCount("--max-bytes", a.max_bytes, 1, 1LL << 50, cap))
    return Fail(kExitUsage, *err);
  if (auto err = ValidateDepth(s)) return Fail(kExitUsage, *err);
  int size_w = 0, size_h = 0;
  if (auto err = ParseSize("--size", a.size, 64, 8192, size_w, size_h))
    return Fail(kExitUsage, *err);
  if (!a.out.empty())
    if (auto err = CheckOutput("--out", a.out)) return Fail(kExitFailure, *err);
  if (!a.out.empty()) s.bins = 64;
  const double need = static_cast<double>(DepthBytes(s));
  if (need > static_cast<double>(cap))
    return Fail(kExitUsage, std::to_string(s.layers) + " layers of width " +
                                std::to_string(s.width) + " on a batch of " +
                                std::to_string(s.batch) + " would need " + FormatBytes(need) +
                                " (L weight matrices and every z_l kept for the backward pass), "
                                "over --max-bytes " +
                                Quote(a.max_bytes) +
                                "; use fewer layers, a smaller width or batch");
  if (dry) return kExitOk;
  if (auto err = BlasError()) return Fail(kExitFailure, *err);
  SetMaxThreads(threads);
  DepthResult r;
  try {
    RunDepth(*sel.fn, sel.params, s, r);
  } catch (const std::bad_alloc&) {
    return Fail(kExitFailure, "out of memory (" + FormatBytes(need) + " for the depth run)");
  }
  if (!a.out.empty()) {
    figure::DepthPlots plots;
    figure::BuildDepthPlots(*sel.fn, sel.params, s, r, plots);
    figure::PhasePlot phase;
    figure::BuildPhasePlot(*sel.fn, sel.params, r.sigma_w2, r.sigma_b2, 48, 32, phase);
    if (auto err = figure::RenderDepthFigurePng(a.out, plots, &phase, false, size_w, size_h))
      return Fail(kExitFailure, *err);
    if (!a.json) return kExitOk;  // quiet on success when writing a file
  }
  return WriteStdout(a.json ? Json(r) : Text(*sel.fn, s, r));
}

}  // namespace

Command RegisterDepth(CLI::App& app) {
  auto args = std::make_shared<DepthArgs>();
  DepthArgs& a = *args;
  auto* cmd = app.add_subcommand(
      "depth", "A signal and its gradient through L dense layers, beside the mean-field theory");
  AddFunctionOptions(*cmd, a.fn);
  cmd->add_option("-L,--layers", a.layers, "Layers L")->capture_default_str();
  cmd->add_option("-N,--width", a.width, "Width N of every layer")->capture_default_str();
  cmd->add_option("-B,--batch", a.batch, "Inputs B (standard normal rows)")->capture_default_str();
  std::string inits;
  for (const InitName& i : InitNames())
    inits += (inits.empty() ? "" : ", ") + std::string(i.name);
  cmd->add_option("--init", a.init, "Weight initialisation: " + inits)->capture_default_str();
  cmd->add_option("--gain", a.gain, "Gain g of the init, or auto (PyTorch's calculate_gain)")
      ->capture_default_str();
  cmd->add_option("--sigma-w", a.sigma_w, "Weights N(0, S^2/N) instead of the init");
  cmd->add_option("--sigma-b", a.sigma_b, "Biases N(0, S^2) (default 0: no bias)");
  cmd->add_option("--seed", a.seed, "Seed (same seed, same numbers)")->capture_default_str();
  cmd->add_option("--threads", a.threads, "Threads (0: all; the numbers do not depend on it)")
      ->capture_default_str();
  cmd->add_option("--max-bytes", a.max_bytes, "Refuse a run needing more memory than this")
      ->capture_default_str();
  cmd->add_flag("--json", a.json, "Print the statistics and the theory per layer as JSON");
  cmd->add_option("-o,--out", a.out, "Also draw the depth views and the phase diagram as PNG");
  cmd->add_option("--size", a.size, "PNG size WxH")->capture_default_str();
  return {cmd, "the depth run", [args](bool dry) { return Run(*args, dry); }};
}

}  // namespace actviz::cli
