// A signal and its gradient through L fully connected layers of width N (spec/cli.md `actviz
// depth`): h₀ standard normal (B × N), zₗ = hₗ₋₁·Wₗ + bₗ, hₗ = f(zₗ); backward from a random
// readout g_L, δₗ = gₗ ⊙ f′(zₗ), gₗ₋₁ = δₗ·Wₗᵀ. float32 throughout, products by OpenBLAS's
// sgemm. Every random number is the counter-based sampler's (samples.hpp) at a fixed index of
// one stream per seed, so the same seed gives the same bits for any thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/base/names.hpp"
#include "actviz/networks/meanfield.hpp"
#include "actviz/stats/samples.hpp"

namespace actviz {

enum class Init : unsigned char {
  kXavierNormal,
  kXavierUniform,
  kHeNormal,
  kHeUniform,
  kLecunNormal,
  kOrthogonal,
  kStandard,
};
// The initialisations' names (FromName, NameOf, LabelOf: base/names.hpp).
std::span<const NameRow<Init>> InitNames();

// torch.nn.init.calculate_gain of the function: tanh 5/3, leaky ReLU √(2/(1+α²)), SELU ¾,
// the rest of the ReLU family √2, otherwise 1.
double CalculateGain(const Activation& fn, const Params& p);

struct DepthSpec {
  int layers = 20, width = 256, batch = 1000;
  Init init = Init::kXavierNormal;
  double gain = 1;                // g (resolve --gain auto with CalculateGain first)
  std::optional<double> sigma_w;  // overrides the init: W ~ N(0, S²/N)
  double sigma_b = 0;             // biases N(0, S_b²); 0: biases are 0
  std::uint64_t seed = 0;
  int bins = 0;  // per-layer histograms of z and h over a common range
  bool operator==(const DepthSpec&) const = default;
};

// σ_w² = N·Var(W): xavier, lecun, orthogonal g²; he 2g²; standard g²/3; S² with sigma_w.
double SigmaW2(const DepthSpec& spec);

// The factor on the cache's unit-scale weights (DepthCache): W = WeightScale · W_unit.
double WeightScale(const DepthSpec& spec);

// Bytes a run holds at once (weights, one f′(z) per layer for the backward pass, the work
// arrays): refuse a spec over the caller's limit before allocating anything.
std::uint64_t DepthBytes(const DepthSpec& spec);

// Why a run of the spec may not start under a memory cap of `cap` bytes (`cap_name` says which:
// "--max-bytes 4294967296", "the window's limit of 4.3 GB"): what it needs and what to lower.
std::optional<std::string> DepthMemoryError(const DepthSpec& spec, std::uint64_t cap,
                                            std::string_view cap_name);

// An error message when a size or a σ is out of range (layers 1…1000, width 1…8192, batch
// 1…100000, gain and σ finite and ≥ 0).
std::optional<std::string> ValidateDepth(const DepthSpec& spec);

// Statistics over the finite entries of zₗ, hₗ, δₗ (saturation: |f′(zₗ)| < 0.01): once float32
// overflows, hₗ and δₗ where zₗ is ±∞ or NaN are left out too (ReLU's 0 at −∞ is not a dead
// unit). Stats::count is B·N, Stats::finite the entries counted; NaN where none is.
struct DepthLayer {
  Stats pre, post, grad;
  std::vector<std::uint32_t> pre_hist, post_hist;  // `bins` counts over DepthResult's ranges
};

struct DepthResult {
  double sigma_w2 = 0, sigma_b2 = 0;
  int rows = 0;         // inputs the statistics are over (the batch, or a preview's first rows)
  int reused_rows = 0;  // of those, the ones a preview of this run had already run through
  std::vector<DepthLayer> layers;   // 1…L
  std::vector<LayerTheory> theory;  // the mean-field prediction for each layer
  double pre_lo = 0, pre_hi = 0, post_lo = 0, post_hi = 0;  // the histograms' common ranges
  // Where float32 overflowed (to ±∞ or NaN): the first layer (1…L) whose zₗ, or hₗ of a finite
  // zₗ, holds such a value, and the first from L down whose δₗ of a finite zₗ does; 0: none.
  int signal_overflow = 0, gradient_overflow = 0;
};

struct DepthParts;  // the per-block statistics of the last run (depth.cpp)

// Weights and the other random arrays of a spec, kept between runs that differ only in the
// function or its parameters (a slider drag): drawing them is a third of a small run.
struct DepthCache {
  // The weights are drawn at unit scale (standard normal, U(−½, ½), or orthogonal) and scaled
  // by WeightScale in the products: a drag of σ_w, σ_b, the gain or between inits of one
  // distribution draws nothing again.
  struct Key {
    int layers = 0, width = 0, batch = 0;
    int kind = 0;  // 0 normal, 1 uniform, 2 orthogonal
    bool bias = false;
    std::uint64_t seed = 0;
    bool operator==(const Key&) const = default;
  };
  std::optional<Key> key;
  std::vector<float> weights, biases, input, readout;
  // The mean-field theory of the last run: the same while only the draw changes.
  struct TheoryKey {
    const Activation* fn = nullptr;
    decltype(Params::v) params{};
    double sigma_w2 = 0, sigma_b2 = 0;
    int layers = 0;
    bool operator==(const TheoryKey&) const = default;
  };
  std::optional<TheoryKey> theory_key;
  std::vector<LayerTheory> theory;
  std::vector<float> z;  // every layer's z of the last run (work space kept between runs)
  // With z, what the last run's whole blocks of rows gave: the whole batch after a preview of
  // the same run (the Depth tab during a drag) goes through the remaining rows only.
  std::shared_ptr<DepthParts> parts;
};

// Why the experiment cannot run here (OpenBLAS, loaded on first use, is missing), if it cannot.
std::optional<std::string> BlasError();

// Runs the experiment; false when `cancel` was set (polled between layers) or BlasError() has
// a message. `progress` receives the fraction done. Throws std::bad_alloc if memory runs out:
// check DepthBytes first.
// `rows` > 0 runs only the batch's first `rows` inputs (the Depth tab's quick preview during a
// drag): the same numbers those rows give in the full run, statistics over fewer values.
bool RunDepth(const Activation& fn, const Params& p, const DepthSpec& spec, DepthResult& out,
              DepthCache* cache = nullptr, const std::atomic<bool>* cancel = nullptr,
              std::atomic<float>* progress = nullptr, int rows = 0);

// For `actviz bench`: the seconds a run of the spec spends in its products alone (the same
// 2L − 1 sgemm calls over the same blocks and threads, nothing elementwise), the floor under
// RunDepth's time on this machine. Draws the weights into `cache` if needed.
double DepthProductsSeconds(const DepthSpec& spec, DepthCache& cache);

}  // namespace actviz
