// Random pre-activations and what the activation does to them: seeded samples (uniform
// U(−½, ½)·S as in the classic notebook, or normal N(0, S²)), histograms over each data's own
// [min, max], summary statistics, and the exact distribution of f(X) for monotonic f.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/kernels.hpp"

namespace actviz {

enum class Distribution : unsigned char { kUniform, kNormal };
std::string_view DistributionName(Distribution d);  // "uniform", "normal"

struct SampleSpec {
  Distribution dist = Distribution::kUniform;
  std::size_t n = 1000;
  double scale = 1;  // S: U(−½, ½)·S or N(0, S²)
  std::uint64_t seed = 0;
  bool operator==(const SampleSpec&) const = default;
};

// Sample i depends only on (seed, i): counter-based, so the same seed gives the same samples
// on every run, in any chunking and on any number of threads. Fills out[k] with sample
// first + k, rounded to float32 (the kernels' input type).
void DrawSamples(const SampleSpec& spec, std::size_t first, std::span<float> out);

struct Histogram {
  std::vector<double> edges;          // bins + 1 edges from min to max of the finite data
  std::vector<std::uint64_t> counts;  // [edge i, edge i+1), the last bin closed
};

// B equal bins over the data's own [min, max]; NaN and ±∞ are not binned (Stats counts
// them). Constant data gives one bin [c, c] holding everything; no finite data, no bins.
// B from 1 to kMaxBins (2²⁴: bin numbers stay exact in float, as the vector path estimates
// them; ~600 MB of counts and edges there); any other B, no bins.
inline constexpr int kMaxBins = 1 << 24;
Histogram MakeHistogram(std::span<const float> values, int bins);

struct Stats {
  std::size_t count = 0;   // all values
  std::size_t finite = 0;  // of which finite (the rest are NaN or ±∞)
  std::size_t nan = 0, inf = 0;
  double mean = 0, std = 0, min = 0, max = 0;  // over the finite values (NaN if none)
  double zero_fraction = 0;                    // exactly 0, of all values
  double saturated_fraction = 0;               // |f′(x)| < 0.01, of all values
  double grad_mean = 0;  // mean |f′(x)| over finite f′ (the gradient that flows back)
};

// Statistics of `values`, with the saturation and gradient figures from the f′ values of
// the same inputs.
Stats ComputeStats(std::span<const float> values, std::span<const float> slopes);

// The whole experiment: N samples, f and f′ through the float32 kernels, both histograms
// and both stats, in chunks. `cancel` (may be null) is polled between chunks; `progress`
// (may be null) receives the fraction done. Returns false when cancelled.
struct Experiment {
  std::vector<float> x, y, dy;  // reused between runs (no reallocation when N is unchanged)
  Histogram in_hist, out_hist;
  Stats in_stats, out_stats;
  // What x (and in_hist, over in_bins bins) holds: a run with the same samples, as a slider
  // drag over the parameters makes, skips drawing them and their histogram again.
  std::optional<SampleSpec> drawn;
  int in_bins = 0;
};
bool RunExperiment(const Activation& fn, const Params& p, const SampleSpec& spec, int bins,
                   Experiment& out, const std::atomic<bool>* cancel = nullptr,
                   std::atomic<float>* progress = nullptr);
// The same with f and f′ from `kernel` (a typed formula's exact values): it is called from
// several threads at once, each with its own chunk.
using BatchKernel = std::function<void(Eval what, std::span<const float> in, std::span<float> out)>;
bool RunExperiment(const BatchKernel& kernel, const SampleSpec& spec, int bins, Experiment& out,
                   const std::atomic<bool>* cancel = nullptr,
                   std::atomic<float>* progress = nullptr);

// ---------------------------------------------------------------- exact output distribution

// CDF of the input distribution at x.
double InputCdf(const SampleSpec& spec, double x);
double InputDensity(const SampleSpec& spec, double x);

// P(f(X) ≤ y) and P(f(X) < y) for monotonic f (non-decreasing or non-increasing, which
// `monotonic` gives as +1 / −1), through the generalised inverse of f found by bisection.
// Point masses (ReLU's P(Y = 0) = ½) come out exactly as the difference of the two.
double OutputCdf(const Activation& fn, const Params& p, int monotonic, const SampleSpec& spec,
                 double y, bool strict);

// +1 if f is non-decreasing over [lo, hi] (sampled densely, NaN anywhere counts as not
// monotonic), −1 if non-increasing, 0 otherwise. At most kMaxMonotonicSamples samples.
inline constexpr int kMaxMonotonicSamples = 1 << 20;
int MonotonicOver(const Activation& fn, const Params& p, double lo, double hi, int samples = 4000);

// The input's support: [−S/2, S/2] for uniform, ±40σ for normal (at most the largest double).
double SupportHalfWidth(const SampleSpec& spec);

// Expected counts of N samples in each bin of `edges` ([a, b), the last closed).
std::vector<double> ExpectedCounts(const Activation& fn, const Params& p, int monotonic,
                                   const SampleSpec& spec, std::span<const double> edges);

}  // namespace actviz
