// `actviz hist`: random pre-activations and their activations, as histograms and statistics
// (text, or --json per spec/cli.md), and optionally the pair of histograms as a PNG.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>
#include "actviz/stats/samples.hpp"

#include "actviz/base/parse.hpp"
#include "cli/commands_internal.hpp"
#include "figure/figure.hpp"
#include "figure/names.hpp"

namespace actviz::cli {
namespace {

using ordered_json = nlohmann::ordered_json;

// JSON has no NaN or ∞: such statistics (no finite data) are null.
ordered_json Number(double v) {
  return std::isfinite(v) ? ordered_json(v) : ordered_json();
}

ordered_json StatsJson(const Stats& s, bool output) {
  ordered_json j = {{"mean", Number(s.mean)},
                    {"std", Number(s.std)},
                    {"min", Number(s.min)},
                    {"max", Number(s.max)},
                    {"zero_fraction", s.zero_fraction},
                    {"saturated_fraction", s.saturated_fraction}};
  if (output) j["grad_mean"] = Number(s.grad_mean);
  j["count"] = s.count;
  j["nan_count"] = s.nan;
  j["inf_count"] = s.inf;
  return j;
}

ordered_json HistJson(const Histogram& h, const Stats& s, bool output) {
  ordered_json j = {{"edges", h.edges}, {"counts", h.counts}, {"stats", StatsJson(s, output)}};
  if (output) j["grad_mean"] = Number(s.grad_mean);  // spec: "for the output also grad_mean"
  return j;
}

std::string Text(const std::string& name, const SampleSpec& spec, const Experiment& e) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%s of %zu %s samples (scale %g, seed %llu)\n",
                (name.size() > 120 ? name.substr(0, 120) + "…" : name).c_str(), spec.n,
                std::string(DistributionName(spec.dist)).c_str(), spec.scale,
                static_cast<unsigned long long>(spec.seed));
  out += line;
  out +=
      "            mean          std           min           max           zero      saturated\n";
  for (int k = 0; k < 2; ++k) {
    const Stats& s = k ? e.out_stats : e.in_stats;
    std::snprintf(line, sizeof line, "%-7s %13.6g %13.6g %13.6g %13.6g %9.4f%% %9.4f%%\n",
                  k ? "output" : "input", s.mean, s.std, s.min, s.max, 100 * s.zero_fraction,
                  100 * s.saturated_fraction);
    out += line;
  }
  std::snprintf(line, sizeof line, "mean |f'(x)| = %.6g", e.out_stats.grad_mean);
  out += line;
  if (e.out_stats.nan || e.out_stats.inf) {
    std::snprintf(line, sizeof line, "; %zu NaN and %zu infinite outputs (not binned)",
                  e.out_stats.nan, e.out_stats.inf);
    out += line;
  }
  out += "\n";
  return out;
}

}  // namespace

int RunHist(const HistArgs& a, bool dry) {
  // A typed formula: its exact values (fast path and balls) in place of a row's kernels.
  FormulaSelection fsel;
  Selection sel;
  if (a.fn.formula) {
    fsel = ResolveFormula(a.fn, Precision::kF32);
    if (!fsel.error.empty()) return Fail(kExitUsage, fsel.error);
    if (!a.out.empty()) {  // the drawing reads an activation: the formula as one
      sel = Resolve(a.fn, Precision::kF32);
      if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
    }
  } else {
    sel = Resolve(a.fn, Precision::kF32);
    if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  }
  long long samples = 0;
  if (auto err = CheckSamples(a.samples, a.max_bytes, samples)) return Fail(kExitUsage, *err);
  int bins = 0;
  if (auto err = ParseCount("--bins", a.bins, 1, 100000, bins)) return Fail(kExitUsage, *err);
  // The samples are float32: S must keep them finite and not all zero.
  double scale = 1;
  if (auto err = ParseNumber("--scale", a.scale, 1e-30, 1e30, scale)) return Fail(kExitUsage, *err);
  const std::optional<std::uint64_t> seed = ParseSeed(a.seed);
  if (!seed)
    return Fail(kExitUsage,
                "--seed " + Quote(a.seed) + ": expected a whole number from 0 to 2^64-1");
  int size_w = 0, size_h = 0;
  if (auto err = ParseSize("--size", a.size, 64, 16384, size_w, size_h))
    return Fail(kExitUsage, *err);
  if (!a.out.empty())
    if (auto err = CheckOutput("--out", a.out)) return Fail(kExitFailure, *err);
  if (dry) return kExitOk;
  if (a.fn.formula)
    if (auto err = formula::ExactError()) return Fail(kExitFailure, *err);
  SampleSpec spec;
  spec.dist = FromName(figure::kDistributions, a.dist).value_or(Distribution::kUniform);
  spec.n = static_cast<std::size_t>(samples);
  spec.scale = scale;
  spec.seed = *seed;
  Experiment e;
  try {
    if (a.fn.formula) {
      const formula::Formula& f = fsel.formula;
      const std::vector<double>& p = fsel.params;
      RunExperiment(
          [&](Eval what, std::span<const float> in, std::span<float> out) {
            formula::ExactF32(what == Eval::kValue ? f.f : f.df, in, out, p);
          },
          spec, bins, e);
    } else {
      RunExperiment(*sel.fn, sel.params, spec, bins, e);
    }
  } catch (const std::bad_alloc&) {
    return Fail(kExitFailure, "out of memory (" + std::to_string(samples) + " samples)");
  }
  if (!a.out.empty()) {
    if (auto err = figure::RenderHistogramsPng(a.out, *sel.fn, sel.params, spec, e, size_w, size_h))
      return Fail(kExitFailure, *err);
  }
  if (a.json) {
    const ordered_json doc = {{a.fn.formula ? "formula" : "function",
                               a.fn.formula ? *a.fn.formula : std::string(sel.fn->name)},
                              {"distribution", DistributionName(spec.dist)},
                              {"samples", spec.n},
                              {"scale", spec.scale},
                              {"seed", spec.seed},
                              {"input", HistJson(e.in_hist, e.in_stats, false)},
                              {"output", HistJson(e.out_hist, e.out_stats, true)}};
    return WriteStdout(doc.dump() + "\n");
  }
  if (!a.out.empty() && !a.verbose) return kExitOk;  // quiet on success when writing a file
  return WriteStdout(Text(a.fn.formula ? *a.fn.formula : std::string(sel.fn->name), spec, e));
}

// The command's options, parsed into arguments that its run reads.
Command RegisterHist(CLI::App& app) {
  auto args = std::make_shared<HistArgs>();
  HistArgs& a = *args;
  CLI::App* sub =
      app.add_subcommand("hist", "Histograms of random pre-activations and of their activations");
  AddFunctionOptions(*sub, a.fn);
  AddFormulaOption(*sub, a.fn);
  sub->add_option("--dist", a.dist, "uniform: U(-1/2, 1/2)*S; normal: N(0, S^2)")
      ->check(OneOf(Names(figure::kDistributions)))
      ->capture_default_str();
  sub->add_option("-n,--samples", a.samples, "Number of samples N")->capture_default_str();
  sub->add_option("-b,--bins", a.bins, "Bins per histogram")->capture_default_str();
  sub->add_option("-s,--scale", a.scale, "Scale S of the input")->capture_default_str();
  sub->add_option("--seed", a.seed, "Seed (same seed, same samples)")->capture_default_str();
  sub->add_flag("--json", a.json, "Print edges, counts and statistics as JSON");
  sub->add_option("-o,--out", a.out, "Also write the two histograms as PNG");
  sub->add_option("--size", a.size, "PNG size WxH")->capture_default_str();
  sub->add_option("--max-bytes", a.max_bytes,
                  "Refuse sizes whose memory would exceed this many bytes")
      ->capture_default_str();
  sub->add_flag("-v,--verbose", a.verbose, "Print the summary even with --out");
  return {sub, "drawing the samples", [args](bool dry) { return RunHist(*args, dry); }};
}

}  // namespace actviz::cli
