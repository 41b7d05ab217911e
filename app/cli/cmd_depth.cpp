// `actviz depth` (spec/cli.md): a signal and its gradient through L dense layers, measured and
// beside the mean-field theory; a table, or --json. The command registers its own options.

#include <cmath>
#include <cstdio>
#include <memory>
#include <new>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "actviz/base/parse.hpp"
#include "actviz/base/threads.hpp"
#include "actviz/networks/depth.hpp"
#include "cli/commands_internal.hpp"
#include "cli/progress.hpp"
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

double NonFinite(const Stats& s) {
  return s.count ? static_cast<double>(s.count - s.finite) / static_cast<double>(s.count) : 0;
}

// The spec's keys; "nonfinite_fraction" is added only where float32 overflowed (the entries
// left out of the statistics: ±∞, NaN, and h or δ of such a z).
ordered_json StatsJson(const Stats& s) {
  ordered_json j = {{"mean", Number(s.mean)},
                    {"std", Number(s.std)},
                    {"min", Number(s.min)},
                    {"max", Number(s.max)},
                    {"zero_fraction", Number(s.zero_fraction)},
                    {"saturated_fraction", Number(s.saturated_fraction)}};
  if (s.finite < s.count) j["nonfinite_fraction"] = NonFinite(s);
  return j;
}

ordered_json LayerOrNull(int layer) {
  return layer ? ordered_json(layer) : ordered_json();
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
  ordered_json doc = {
      {"sigma_w2", r.sigma_w2}, {"sigma_b2", r.sigma_b2}, {"layers", std::move(layers)}};
  if (r.signal_overflow || r.gradient_overflow)
    doc["overflow"] = {{"signal_layer", LayerOrNull(r.signal_overflow)},
                       {"gradient_layer", LayerOrNull(r.gradient_overflow)}};
  return doc.dump() + "\n";
}

// A table cell: "-" where nothing finite was measured.
std::string Cell(const char* format, double v) {
  char buf[32];
  if (std::isnan(v)) return "-";
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// What overflowed first, where, and how much of that layer: a line under the table.
std::string OverflowLine(const char* what, int layer, const Stats& a, const char* a_name,
                         const Stats* b, const char* b_name) {
  char line[256];
  std::string parts = std::string(a_name) + " " + Cell("%.3g", 100 * NonFinite(a)) + "%";
  if (b) parts += std::string(", ") + b_name + " " + Cell("%.3g", 100 * NonFinite(*b)) + "%";
  std::snprintf(line, sizeof line,
                "%s overflowed float32 at layer %d: %s of its entries are +-inf or NaN (or come "
                "from such a z)\n",
                what, layer, parts.c_str());
  return line;
}

std::string Text(const Activation& fn, const DepthSpec& s, const DepthResult& r) {
  std::string out;
  char line[320];
  std::snprintf(line, sizeof line,
                "%s through %d layers of width %d, batch %d; %s, sigma_w^2 = %.6g, "
                "sigma_b^2 = %.6g, seed %llu\n",
                std::string(fn.name).c_str(), s.layers, s.width, s.batch,
                s.sigma_w ? "sigma_w" : std::string(LabelOf(InitNames(), s.init)).c_str(),
                r.sigma_w2, r.sigma_b2, static_cast<unsigned long long>(s.seed));
  out += line;
  out +=
      "layer      Var(z)     theory q     std(h)    zero %    sat. %    std(delta)   ratio^2"
      "    theory chi\n";
  for (std::size_t l = 0; l < r.layers.size(); ++l) {
    const DepthLayer& d = r.layers[l];
    const double ratio = l + 1 < r.layers.size() && r.layers[l + 1].grad.std > 0
                             ? d.grad.std / r.layers[l + 1].grad.std
                             : NAN;
    // A layer at or past an overflow is marked: its statistics are over its finite entries.
    const bool marked = (r.signal_overflow && static_cast<int>(l) + 1 >= r.signal_overflow) ||
                        (r.gradient_overflow && static_cast<int>(l) + 1 <= r.gradient_overflow);
    std::snprintf(line, sizeof line, "%5zu %11s %12s %10s %9s %9s %13s %9s %13s%s\n", l + 1,
                  Cell("%.5g", d.pre.std * d.pre.std).c_str(), Cell("%.5g", r.theory[l].q).c_str(),
                  Cell("%.5g", d.post.std).c_str(),
                  Cell("%.3f", 100 * d.post.zero_fraction).c_str(),
                  Cell("%.3f", 100 * d.post.saturated_fraction).c_str(),
                  Cell("%.5g", d.grad.std).c_str(), Cell("%.5g", ratio * ratio).c_str(),
                  Cell("%.5g", r.theory[l].chi).c_str(), marked ? "  *" : "");
    out += line;
  }
  if (r.signal_overflow) {
    const DepthLayer& d = r.layers[static_cast<std::size_t>(r.signal_overflow - 1)];
    out += OverflowLine("the signal", r.signal_overflow, d.pre, "z", &d.post, "h");
  }
  if (r.gradient_overflow) {
    const DepthLayer& d = r.layers[static_cast<std::size_t>(r.gradient_overflow - 1)];
    out += OverflowLine("the gradient", r.gradient_overflow, d.grad, "delta", nullptr, nullptr);
  }
  if (r.signal_overflow || r.gradient_overflow)
    out += "* statistics over the finite entries only ('-': none); the theory is in double\n";
  return out;
}

int Run(const DepthArgs& a, bool dry) {
  const Selection sel = Resolve(a.fn, Precision::kF32);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  DepthSpec s;
  if (auto err = ParseCount("--layers", a.layers, 1, 1000, s.layers)) return Fail(kExitUsage, *err);
  if (auto err = ParseCount("--width", a.width, 1, 8192, s.width)) return Fail(kExitUsage, *err);
  if (auto err = ParseCount("--batch", a.batch, 1, 100000, s.batch)) return Fail(kExitUsage, *err);
  const std::optional<Init> init = FromName(InitNames(), a.init);
  if (!init) {
    std::string names;
    for (const NameRow<Init>& i : InitNames())
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
  if (auto err =
          DepthMemoryError(s, static_cast<std::uint64_t>(cap), "--max-bytes " + Quote(a.max_bytes)))
    return Fail(kExitUsage, *err);
  if (dry) return kExitOk;
  if (auto err = BlasError()) return Fail(kExitFailure, *err);
  SetMaxThreads(threads);
  DepthResult r;
  LongRun run("depth run");
  try {
    if (!RunDepth(*sel.fn, sel.params, s, r, nullptr, &run.cancel(), &run.fraction()))
      return run.interrupted() ? run.Interrupted() : Fail(kExitFailure, "the depth run failed");
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
  AddFormulaOption(*cmd, a.fn);
  cmd->add_option("-L,--layers", a.layers, "Layers L")->capture_default_str();
  cmd->add_option("-N,--width", a.width, "Width N of every layer")->capture_default_str();
  cmd->add_option("-B,--batch", a.batch, "Inputs B (standard normal rows)")->capture_default_str();
  std::string inits;
  for (const NameRow<Init>& i : InitNames())
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
