// The depth experiment (see depth.hpp): random weights, forward and backward through sgemm.
// Sections: names and gains · sizes · drawing the random arrays · the run.
#include "actviz/networks/depth.hpp"

#include <cblas.h>
#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>

#include "actviz/activations/kernels.hpp"
#include "actviz/base/parse.hpp"
#include "base/parallel.hpp"
#include "stats/moments.hpp"

namespace actviz {
namespace {

// ---- OpenBLAS, loaded on first use: linked into the program it would start its threads and
// reserve ~250 MB of address space in every command (eval under `ulimit -v` ran out), for the
// one experiment that needs it. cblas.h gives the types; the functions come from dlsym.
struct Blas {
  decltype(&cblas_sgemm) sgemm = nullptr;
  void (*set_threads)(int) = nullptr;
  // LAPACK's QR (OpenBLAS carries it), for the orthogonal initialisation.
  void (*geqrf)(const int*, const int*, float*, const int*, float*, float*, const int*,
                int*) = nullptr;
  void (*orgqr)(const int*, const int*, const int*, float*, const int*, const float*, float*,
                const int*, int*) = nullptr;
  std::string error;
};

const Blas& LoadedBlas() {
  static Blas blas;  // the library's entry points: found once, never changed after
  static std::once_flag once;
  std::call_once(once, [] {
    void* lib = nullptr;
    for (const char* name : {ACTVIZ_OPENBLAS_SONAME, "libopenblas.so.0"})
      if ((lib = ::dlopen(name, RTLD_NOW | RTLD_LOCAL))) break;
    if (!lib) {
      blas.error = std::string(
                       "the depth experiment needs OpenBLAS (Debian's "
                       "libopenblas0-pthread): ") +
                   ::dlerror();
      return;
    }
    blas.sgemm = reinterpret_cast<decltype(blas.sgemm)>(::dlsym(lib, "cblas_sgemm"));
    blas.set_threads =
        reinterpret_cast<decltype(blas.set_threads)>(::dlsym(lib, "openblas_set_num_threads"));
    blas.geqrf = reinterpret_cast<decltype(blas.geqrf)>(::dlsym(lib, "sgeqrf_"));
    blas.orgqr = reinterpret_cast<decltype(blas.orgqr)>(::dlsym(lib, "sorgqr_"));
    if (!blas.sgemm || !blas.set_threads || !blas.geqrf || !blas.orgqr) {
      blas.error = "the OpenBLAS found lacks cblas_sgemm, sgeqrf_ or sorgqr_";
      blas.sgemm = nullptr;
      return;
    }
    // The threads are ours (Gemm, and one QR per layer): OpenBLAS's would change the bits.
    blas.set_threads(1);
  });
  return blas;
}

// The rows of the batch a thread takes through all layers at once (see "the run" below).
constexpr int kRows = 128;

constexpr std::array<NameRow<Init>, 7> kInits = {{
    {Init::kXavierNormal, "xavier_normal", "Xavier normal"},
    {Init::kXavierUniform, "xavier_uniform", "Xavier uniform"},
    {Init::kHeNormal, "he_normal", "He normal"},
    {Init::kHeUniform, "he_uniform", "He uniform"},
    {Init::kLecunNormal, "lecun_normal", "LeCun normal"},
    {Init::kOrthogonal, "orthogonal", "Orthogonal"},
    {Init::kStandard, "standard", "Standard (PyTorch default)"},
}};

}  // namespace

std::optional<std::string> BlasError() {
  const Blas& b = LoadedBlas();
  if (b.error.empty()) return std::nullopt;
  return b.error;
}

std::span<const NameRow<Init>> InitNames() {
  return kInits;
}

double CalculateGain(const Activation& fn, const Params& p) {
  if (fn.name == "tanh") return 5.0 / 3;
  if (fn.name == "selu") return 0.75;
  // PReLU is a leaky ReLU whose α is learned: the same gain for the same α.
  if (fn.name == "leaky_relu" || fn.name == "prelu") return std::sqrt(2 / (1 + p.v[0] * p.v[0]));
  if (fn.group == Group::kReluFamily) return std::sqrt(2.0);
  return 1;
}

double SigmaW2(const DepthSpec& s) {
  if (s.sigma_w) return *s.sigma_w * *s.sigma_w;
  const double g2 = s.gain * s.gain;
  switch (s.init) {
    case Init::kHeNormal:
    case Init::kHeUniform:
      return 2 * g2;
    case Init::kStandard:
      return g2 / 3;
    default:
      return g2;
  }
}

double WeightScale(const DepthSpec& s) {
  const double n = s.width, g = s.gain;
  if (s.sigma_w) return *s.sigma_w / std::sqrt(n);
  switch (s.init) {
    case Init::kHeNormal:
      return g * std::sqrt(2 / n);
    // U(−½, ½)·S: S = 2a for U(±a).
    case Init::kXavierUniform:
      return 2 * g * std::sqrt(3 / n);
    case Init::kHeUniform:
      return 2 * g * std::sqrt(6 / n);
    case Init::kStandard:
      return 2 * g / std::sqrt(n);
    case Init::kOrthogonal:
      return g;
    default:  // Xavier and LeCun normal
      return g / std::sqrt(n);
  }
}

std::uint64_t DepthBytes(const DepthSpec& s) {
  const std::uint64_t l = static_cast<std::uint64_t>(std::max(s.layers, 0)),
                      n = static_cast<std::uint64_t>(std::max(s.width, 0)),
                      b = static_cast<std::uint64_t>(std::max(s.batch, 0));
  // weights, every zₗ (in whole blocks of rows), biases; input, readout and three work arrays;
  // the histograms
  const std::uint64_t rows = (b + kRows - 1) / kRows * kRows;
  return 4 * (l * n * n + l * rows * n + l * n + 5 * b * n) +
         8 * l * static_cast<std::uint64_t>(std::max(s.bins, 0));
}

std::optional<std::string> DepthMemoryError(const DepthSpec& s, std::uint64_t cap,
                                            std::string_view cap_name) {
  const std::uint64_t need = DepthBytes(s);
  if (need <= cap) return std::nullopt;
  return std::to_string(s.layers) + " layers of width " + std::to_string(s.width) +
         " on a batch of " + std::to_string(s.batch) + " would need " +
         FormatBytes(static_cast<double>(need)) +
         " (L weight matrices and every z_l kept for the backward pass), over " +
         std::string(cap_name) + "; use fewer layers, a smaller width or batch";
}

std::optional<std::string> ValidateDepth(const DepthSpec& s) {
  if (s.layers < 1 || s.layers > 1000) return "layers must be 1…1000";
  if (s.width < 1 || s.width > 8192) return "width must be 1…8192";
  if (s.batch < 1 || s.batch > 100000) return "batch must be 1…100000";
  if (!(std::isfinite(s.gain) && s.gain >= 0)) return "the gain must be finite and ≥ 0";
  if (s.sigma_w && !(std::isfinite(*s.sigma_w) && *s.sigma_w >= 0))
    return "σ_w must be finite and ≥ 0";
  if (!(std::isfinite(s.sigma_b) && s.sigma_b >= 0)) return "σ_b must be finite and ≥ 0";
  if (s.bins < 0 || s.bins > 4096) return "bins must be 0…4096";
  return std::nullopt;
}

namespace {

// ---- drawing: one stream per seed, at fixed offsets (input, then the weights layer by layer,
// then the biases, then the readout), in parallel chunks that each depend only on their index.
void Draw(Distribution dist, std::uint64_t seed, std::uint64_t first, double scale,
          std::span<float> out) {
  detail::ParallelChunks(
      out.size(), 1 << 16, 1 << 17,
      [&](std::size_t b, std::size_t e) {
        DrawSamples({dist, e - b, scale, seed}, first + b, out.subspan(b, e - b));
      },
      [] { return false; });
}

int KindOf(const DepthSpec& s) {
  if (s.sigma_w) return 0;
  switch (s.init) {
    case Init::kXavierUniform:
    case Init::kHeUniform:
    case Init::kStandard:
      return 1;
    case Init::kOrthogonal:
      return 2;
    default:
      return 0;
  }
}

// Wₗ at unit scale as an N × N row-major matrix, z = WeightScale·h·W.
void DrawWeights(const DepthSpec& s, std::uint64_t first, std::span<float> w) {
  switch (KindOf(s)) {
    case 0:
      return Draw(Distribution::kNormal, s.seed, first, 1, w);
    case 1:
      return Draw(Distribution::kUniform, s.seed, first, 1, w);
    default: {
      // As torch.nn.init.orthogonal_: Q of the QR of a standard normal matrix, each column
      // signed by R's diagonal (so Q is uniformly distributed); the gain is WeightScale's.
      Draw(Distribution::kNormal, s.seed, first, 1, w);
      const int m = s.width, lwork_query = -1;
      int info = 0;
      float size = 0;
      std::vector<float> tau(static_cast<std::size_t>(m));
      LoadedBlas().geqrf(&m, &m, w.data(), &m, tau.data(), &size, &lwork_query, &info);
      std::vector<float> work(static_cast<std::size_t>(std::max(1.0f, size)));
      int lwork = static_cast<int>(work.size());
      LoadedBlas().geqrf(&m, &m, w.data(), &m, tau.data(), work.data(), &lwork, &info);
      std::vector<float> sign(static_cast<std::size_t>(m));
      for (int j = 0; j < m; ++j)
        sign[static_cast<std::size_t>(j)] =
            w[static_cast<std::size_t>(j) * static_cast<std::size_t>(m) +
              static_cast<std::size_t>(j)] < 0
                ? -1.0f
                : 1.0f;
      LoadedBlas().orgqr(&m, &m, &m, w.data(), &m, tau.data(), &size, &lwork_query, &info);
      work.resize(static_cast<std::size_t>(std::max(1.0f, size)));
      lwork = static_cast<int>(work.size());
      LoadedBlas().orgqr(&m, &m, &m, w.data(), &m, tau.data(), work.data(), &lwork, &info);
      // Column-major Q read row-major is Qᵀ, orthogonal too; column j of Q is row j here.
      for (std::size_t j = 0; j < static_cast<std::size_t>(m); ++j)
        for (std::size_t i = 0; i < static_cast<std::size_t>(m); ++i)
          w[j * static_cast<std::size_t>(m) + i] *= sign[j];
      return;
    }
  }
}

// Draws the spec's random arrays into the cache unless it holds them; false when `stop` said
// so between two layers' weights (the orthogonal init at N = 8192 takes seconds a layer).
// `drawn` is told of each layer's weights.
DepthCache::Key KeyOf(const DepthSpec& s) {
  return {s.layers, s.width, s.batch, KindOf(s), s.sigma_b > 0, s.seed};
}

template <class Stop, class Drawn>
bool Prepare(const DepthSpec& s, DepthCache& c, Stop&& stop, Drawn&& drawn) {
  const DepthCache::Key key = KeyOf(s);
  if (c.key == key) return true;
  c.key.reset();
  const std::size_t l = static_cast<std::size_t>(s.layers), n = static_cast<std::size_t>(s.width),
                    b = static_cast<std::size_t>(s.batch);
  c.input.resize(b * n);
  c.weights.resize(l * n * n);
  c.biases.assign(s.sigma_b > 0 ? l * n : 0, 0.0f);
  c.readout.resize(b * n);
  std::uint64_t at = 0;
  Draw(Distribution::kNormal, s.seed, at, 1, c.input);
  at += b * n;
  // Layer by layer over the pool: each layer's weights depend only on their offset (and the
  // orthogonal init's QR, single-threaded, is the costly part: 0.1 s at N = 2048).
  detail::ParallelChunks(
      l, 1, 2,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end && !stop(); ++i) {
          DrawWeights(s, at + i * n * n, std::span<float>(c.weights).subspan(i * n * n, n * n));
          drawn();
        }
      },
      stop);
  if (stop()) return false;
  at += l * n * n;
  if (s.sigma_b > 0) Draw(Distribution::kNormal, s.seed, at, 1, c.biases);
  at += l * n;
  Draw(Distribution::kNormal, s.seed, at, 1, c.readout);
  c.key = key;
  return true;
}
// ---- the run. The rows of the batch are independent samples, so the batch is cut into fixed
// blocks of kRows rows and each block goes through all L layers on one thread: its product is
// one single-threaded sgemm call (OpenBLAS's own threads would split the rows differently for
// each thread count and change the bits), and its elementwise work, statistics and histogram
// counts follow while the block is still in cache. Per-(layer, block) partial statistics merge
// in block order afterwards: the same bits for any number of threads, and no barrier between
// layers (100 of them cost more than the work at N = 256 on a shared 2-core host).

// Partial moments of one block's values (see ComputeStats, samples.cpp: sums about the block's
// first finite value, four lanes to break the add chain), merged by Chan's formula in order.
struct Moments {
  std::size_t counted = 0;  // the entries counted (all but those a mask left out)
  std::size_t finite = 0, nan = 0, zeros = 0;
  double mean = 0, m2 = 0;
  float lo = INFINITY, hi = -INFINITY;
};

// These loops run over every value of every layer twice or three times: compiled for AVX2 as
// well as the baseline, picked at load time (the GNU ifunc behind target_clones), they cost a
// third of what SSE lanes do. Nothing in them depends on the ISA but the speed: the lanes and
// the order of the sums are the vector type's, so the bits are the same on either path.
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define ACTVIZ_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define ACTVIZ_CLONES
#endif
typedef float F8 __attribute__((vector_size(32)));
typedef std::int32_t I8 __attribute__((vector_size(32)));
constexpr std::size_t kLanes = 8, kRun = 32 * kLanes;

// The moments of values that hold NaN or ±∞ (rare: an exploding run), per value in double,
// over the finite ones. With `mask`, only the entries whose mask value is finite count at all:
// h = f(z) and δ where z overflowed are not the function's values (ReLU's 0 at z = −∞ is no
// dead unit), so they stay out of every statistic.
Moments MomentsSlow(const float* v, std::size_t n, const float* mask = nullptr) {
  Moments m;
  auto counted = [&](std::size_t i) { return !mask || std::isfinite(mask[i]); };
  std::size_t first = 0;
  while (first < n && !(counted(first) && std::isfinite(v[first])))
    ++first;
  const double c0 = first < n ? v[first] : 0.0;
  double u1 = 0, u2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!counted(i)) continue;
    ++m.counted;
    const float x = v[i];
    m.nan += x != x, m.zeros += x == 0;
    if (!std::isfinite(x)) continue;
    ++m.finite;
    const double d = x - c0;
    u1 += d, u2 += d * d;
    m.lo = std::min(m.lo, x), m.hi = std::max(m.hi, x);
  }
  if (m.finite) {
    const double f = static_cast<double>(m.finite);
    m.mean = c0 + u1 / f;
    m.m2 = std::max(0.0, u2 - u1 * u1 / f);
  }
  return m;
}

// The sums of one pass (see MomentsOf) made into moments, or the slow path when they are not
// finite.
Moments Finish(const float* v, std::size_t n, float c, double t1, double t2, std::size_t zeros,
               float lo, float hi) {
  if (!(std::isfinite(t1) && std::isfinite(t2) && std::isfinite(lo) && std::isfinite(hi)))
    return MomentsSlow(v, n);
  Moments m;
  const double f = static_cast<double>(n);
  m.counted = m.finite = n, m.zeros = zeros, m.lo = lo, m.hi = hi;
  m.mean = c + t1 / f;
  m.m2 = std::max(0.0, t2 - t1 * t1 / f);
  return m;
}

// One pass over the block while it is in cache, in 8 float lanes over runs of 32 per lane:
// the extremes, the zeros, and the sums of v − c and (v − c)² about the first value (relative
// error ~2e−6 of a run, far below the sampling error of any statistic shown), each run added
// into double. NaN or ±∞ make the sums non-finite: such a block takes MomentsSlow.
ACTVIZ_CLONES Moments MomentsOf(const float* v, std::size_t n) {
  if (n == 0) return {};
  const float c = v[0];
  const F8 cv = F8{} + c, zero = F8{};
  F8 lo = zero + INFINITY, hi = zero - INFINITY;
  double t1 = 0, t2 = 0;
  std::size_t zeros = 0, j = 0;
  while (j + kLanes <= n) {
    const std::size_t end = std::min(n, j + kRun);
    F8 s1 = zero, s2 = zero;
    I8 z = I8{};
    for (; j + kLanes <= end; j += kLanes) {
      F8 x;
      std::memcpy(&x, v + j, sizeof x);
      const F8 d = x - cv;
      lo = x < lo ? x : lo;
      hi = x > hi ? x : hi;
      z -= x == zero;  // a true lane is −1
      s1 += d, s2 += d * d;
    }
    for (std::size_t l = 0; l < kLanes; ++l)
      t1 += s1[l], t2 += s2[l], zeros += static_cast<std::size_t>(z[l]);
  }
  float flo = INFINITY, fhi = -INFINITY;
  for (std::size_t l = 0; l < kLanes; ++l)
    flo = std::min(flo, lo[l]), fhi = std::max(fhi, hi[l]);
  for (; j < n; ++j) {
    const float x = v[j];
    const double d = x - c;
    flo = x < flo ? x : flo, fhi = x > fhi ? x : fhi;
    zeros += x == 0.0f;
    t1 += d, t2 += d * d;
  }
  return Finish(v, n, c, t1, t2, zeros, flo, fhi);
}

// The slopes' share of a block: of the `total` entries counted (those whose z is finite),
// |f′| < 0.01 (saturated), and the count and sum of the finite |f′|.
struct Slopes {
  std::size_t total = 0, saturated = 0, finite = 0;
  double sum = 0;
};

// One step of the backward pass over a block, in one pass: δ = g ⊙ f′ into `delta`, the
// slopes' share (as Slopes) and δ's moments (as MomentsOf, about δ's first value).
ACTVIZ_CLONES void GradientStep(const float* g, const float* slope, float* delta, std::size_t n,
                                Slopes& sl, Moments& mo) {
  sl = {}, mo = {};
  if (n == 0) return;
  sl.total = n;
  const float c = g[0] * slope[0];
  const F8 cv = F8{} + c, zero = F8{}, small = zero + 0.01f, inf = zero + INFINITY;
  F8 lo = zero + INFINITY, hi = zero - INFINITY;
  double t1 = 0, t2 = 0;
  std::size_t zeros = 0, j = 0;
  I8 sat = I8{}, fin = I8{};
  while (j + kLanes <= n) {
    const std::size_t end = std::min(n, j + kRun);
    F8 s1 = zero, s2 = zero, abs_sum = zero;
    I8 z = I8{};
    for (; j + kLanes <= end; j += kLanes) {
      F8 a, b;
      std::memcpy(&a, g + j, sizeof a);
      std::memcpy(&b, slope + j, sizeof b);
      const F8 x = a * b;
      std::memcpy(delta + j, &x, sizeof x);
      const F8 ab = b < zero ? -b : b;  // |f′| (NaN stays NaN: not small, not finite)
      sat -= ab < small;
      const I8 ok = ab < inf;
      fin -= ok;
      abs_sum += ok ? ab : zero;
      const F8 d = x - cv;
      lo = x < lo ? x : lo;
      hi = x > hi ? x : hi;
      z -= x == zero;
      s1 += d, s2 += d * d;
    }
    for (std::size_t l = 0; l < kLanes; ++l)
      t1 += s1[l], t2 += s2[l], sl.sum += abs_sum[l], zeros += static_cast<std::size_t>(z[l]);
  }
  float flo = INFINITY, fhi = -INFINITY;
  for (std::size_t l = 0; l < kLanes; ++l) {
    flo = std::min(flo, lo[l]), fhi = std::max(fhi, hi[l]);
    sl.saturated += static_cast<std::size_t>(sat[l]), sl.finite += static_cast<std::size_t>(fin[l]);
  }
  for (; j < n; ++j) {
    const float x = g[j] * slope[j], ab = std::fabs(slope[j]);
    delta[j] = x;
    sl.saturated += ab < 0.01f;
    sl.finite += ab < INFINITY;
    sl.sum += ab < INFINITY ? ab : 0.0f;
    const double d = x - c;
    flo = x < flo ? x : flo, fhi = x > fhi ? x : fhi;
    zeros += x == 0.0f;
    t1 += d, t2 += d * d;
  }
  mo = Finish(delta, n, c, t1, t2, zeros, flo, fhi);
}

// GradientStep for a block whose z holds ±∞ or NaN: δ as there, but the statistics only over
// the entries whose z is finite (see MomentsSlow).
void GradientStepMasked(const float* g, const float* slope, const float* z, float* delta,
                        std::size_t n, Slopes& sl, Moments& mo) {
  sl = {};
  for (std::size_t j = 0; j < n; ++j) {
    delta[j] = g[j] * slope[j];
    if (!std::isfinite(z[j])) continue;
    const float ab = std::fabs(slope[j]);
    ++sl.total;
    sl.saturated += ab < 0.01f;
    sl.finite += ab < INFINITY;
    sl.sum += ab < INFINITY ? ab : 0.0f;
  }
  mo = MomentsSlow(delta, n, z);
}

}  // namespace

struct DepthParts {
  struct Key {
    const Activation* fn = nullptr;
    decltype(Params::v) params{};
    DepthSpec spec;
    bool operator==(const Key&) const = default;
  };
  std::optional<Key> key;
  std::size_t blocks = 0;                // whole blocks of kRows rows finished for `key`
  std::vector<Moments> pre, post, grad;  // at block · L + layer
  std::vector<Slopes> slopes;
};

namespace {

// The blocks' parts of one layer's statistics, in block order: the moments and the fractions
// over the finite values counted (NaN when there are none), `count` all the entries.
Stats Merge(std::span<const Moments> parts, std::span<const Slopes> slopes, std::size_t count) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  Stats s;
  s.count = count;
  detail::MergedMoments mm;
  std::size_t zeros = 0;
  for (const Moments& q : parts) {
    s.nan += q.nan, zeros += q.zeros;
    mm.Add(q.finite, q.mean, q.m2, q.lo, q.hi);
  }
  s.finite = mm.n;
  s.inf = count - s.finite - s.nan;  // ±∞, and the entries left out as their z overflowed
  if (s.finite == 0) {
    s.mean = s.std = s.min = s.max = s.zero_fraction = kNaN;
  } else {
    s.mean = mm.mean, s.std = std::sqrt(mm.m2 / static_cast<double>(s.finite));
    s.min = mm.lo, s.max = mm.hi;
    s.zero_fraction = static_cast<double>(zeros) / static_cast<double>(s.finite);
  }
  std::size_t total = 0, saturated = 0, grads = 0;
  double grad_sum = 0;
  for (const Slopes& q : slopes)
    total += q.total, saturated += q.saturated, grads += q.finite, grad_sum += q.sum;
  s.saturated_fraction = total ? static_cast<double>(saturated) / static_cast<double>(total) : kNaN;
  s.grad_mean = grads ? grad_sum / static_cast<double>(grads) : kNaN;
  return s;
}

// Adds the counts of the values in [lo, hi] in `bins` equal bins (the last closed) to `counts`.
// The bins of eight values at a time in vector registers, each lane counted into its own copy
// of the histogram (a run of equal bins would otherwise wait on its own stores); the rest
// (NaN, ±∞, out of range) go to a spare slot past the end. The index is clamped to the bins
// in float before it becomes an int: a NaN or out-of-range float converts to INT_MIN, which
// was written through once (an overflowing run's histogram).
// With `mask`, only the entries whose mask value is finite are counted (see MomentsSlow).
ACTVIZ_CLONES void CountOver(const float* v, std::size_t n, double lo, double hi, int bins,
                             std::uint32_t* counts, const float* mask = nullptr) {
  if (bins <= 0 || !(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return;
  lo = std::max(lo, -static_cast<double>(FLT_MAX)), hi = std::min(hi, static_cast<double>(FLT_MAX));
  const float flo = static_cast<float>(lo), fhi = static_cast<float>(hi);
  if (!(fhi > flo)) return;
  // x − lo overflows float when the range is wider than FLT_MAX: then both are halved.
  const float half = std::isfinite(fhi - flo) ? 1.0f : 0.5f;
  const float scale = static_cast<float>(bins / (hi - lo) / half);
  const std::size_t stride = static_cast<std::size_t>(bins) + 1;
  thread_local std::vector<std::uint32_t> c;
  c.assign(kLanes * stride, 0);
  const F8 vlo = F8{} + flo, vhi = F8{} + fhi, vlo_half = F8{} + flo * half, vscale = F8{} + scale,
           vhalf = F8{} + half, zero = F8{}, vlast = F8{} + static_cast<float>(bins - 1);
  const I8 spare = I8{} + bins;
  I8 base;
  for (std::size_t l = 0; l < kLanes; ++l)
    base[l] = static_cast<std::int32_t>(l * stride);
  std::size_t i = 0;
  for (; !mask && i + kLanes <= n; i += kLanes) {  // (a masked block: one by one below)
    F8 x;
    std::memcpy(&x, v + i, sizeof x);
    const I8 in = (x >= vlo) & (x <= vhi);  // false for NaN
    F8 t = (x * vhalf - vlo_half) * vscale;
    t = in ? t : zero;  // NaN and ±∞ never reach the conversion
    t = t > vlast ? vlast : t;
    t = t < zero ? zero : t;
    const I8 k = (in ? __builtin_convertvector(t, I8) : spare) + base;
    for (std::size_t l = 0; l < kLanes; ++l)
      ++c[static_cast<std::size_t>(k[l])];
  }
  for (; i < n; ++i) {
    const float x = v[i];
    if (!(x >= flo && x <= fhi) || (mask && !std::isfinite(mask[i]))) continue;
    const float t = std::clamp((x * half - flo * half) * scale, 0.0f, static_cast<float>(bins - 1));
    ++c[static_cast<std::size_t>(t)];
  }
  for (int b = 0; b < bins; ++b)
    for (std::size_t l = 0; l < kLanes; ++l)
      counts[b] += c[l * stride + static_cast<std::size_t>(b)];
}

// The theory of a run, kept in the cache while only the weights' draw changes (the seed,
// the width, the batch: nothing the mean-field limit sees).
const std::vector<LayerTheory>& TheoryOf(const Activation& fn, const Params& p, double w2,
                                         double b2, int layers, DepthCache& c) {
  const DepthCache::TheoryKey key{&fn, p.v, w2, b2, layers};
  if (c.theory_key != key) {
    c.theory_key.reset();
    c.theory = MeanFieldLayers(fn, p, w2, b2, layers);
    c.theory_key = key;
  }
  return c.theory;
}

}  // namespace

bool RunDepth(const Activation& fn, const Params& p, const DepthSpec& s, DepthResult& out,
              DepthCache* cache, const std::atomic<bool>* cancel, std::atomic<float>* progress,
              int rows) {
  DepthCache local;
  DepthCache& c = cache ? *cache : local;
  if (BlasError()) return false;
  std::atomic<bool> stopped{false};
  auto stop = [&] {
    if (cancel && cancel->load(std::memory_order_relaxed)) stopped = true;
    return stopped.load(std::memory_order_relaxed);
  };
  const std::size_t L = static_cast<std::size_t>(s.layers), N = static_cast<std::size_t>(s.width),
                    B = static_cast<std::size_t>(rows > 0 ? std::min(rows, s.batch) : s.batch),
                    BN = B * N, block_len = kRows * N;
  const std::size_t blocks = (B + kRows - 1) / kRows, bins = static_cast<std::size_t>(s.bins);
  const int n = s.width;

  // The parts of the blocks a preview of this same run finished: the whole batch after it runs
  // only the rest (the tab's drag: the preview's work is not done twice).
  if (!c.parts) c.parts = std::make_shared<DepthParts>();
  DepthParts& parts = *c.parts;
  const DepthParts::Key key{&fn, p.v, s};
  if (parts.key != key) parts.key = key, parts.blocks = 0;
  const std::size_t first = std::min(parts.blocks, blocks);  // blocks < first are kept
  parts.blocks = first;  // a run stopped midway keeps only these

  // Progress: the layers' weights drawn (when the cache does not hold them), then layers ×
  // blocks finished, forward and backward.
  const bool draws = c.key != KeyOf(s);
  std::atomic<std::size_t> done{0};
  const double total = static_cast<double>(2 * L * (blocks - first) + 1 + (draws ? L : 0));
  auto step = [&] {
    const std::size_t k = done.fetch_add(1, std::memory_order_relaxed) + 1;
    if (progress)
      progress->store(static_cast<float>(static_cast<double>(k) / total),
                      std::memory_order_relaxed);
  };
  if (!Prepare(s, c, stop, step)) return false;
  auto rows_of = [&](std::size_t k) { return std::min<std::size_t>(kRows, B - k * kRows); };

  DepthResult r;
  r.sigma_w2 = SigmaW2(s);
  r.sigma_b2 = s.sigma_b * s.sigma_b;
  r.rows = static_cast<int>(B);
  r.reused_rows = static_cast<int>(std::min(B, first * kRows));
  r.layers.resize(L);
  // Every zₗ is kept for the backward pass, block by block (block k's layer l at (k·L + l)·kRows·N,
  // so a preview's blocks are the whole run's first ones), in the cache: a fresh 50 MB costs
  // its page faults every run. g carries hₗ forward, then the gradient back.
  std::vector<float>& z = c.z;
  // Never shrunk: a preview between two whole runs would otherwise make the next one zero
  // three quarters of it again.
  if (z.size() < blocks * L * block_len) z.resize(blocks * L * block_len);
  std::vector<float> g(BN);
  // Per-(block, layer) parts at k·L + l, merged in block order.
  parts.pre.resize(blocks * L), parts.post.resize(blocks * L), parts.grad.resize(blocks * L);
  parts.slopes.resize(blocks * L);
  std::vector<std::uint32_t> hist_pre(L * blocks * bins, 0), hist_post(L * blocks * bins, 0);
  const float* W = c.weights.data();
  const float alpha = static_cast<float>(WeightScale(s)), sigma_b = static_cast<float>(s.sigma_b);
  auto z_of = [&](std::size_t k, std::size_t l) { return z.data() + (k * L + l) * block_len; };

  // Forward: zₗ = hₗ₋₁·Wₗ + bₗ (bias rows first, then β = 1), hₗ = f(zₗ) over hₗ₋₁'s rows.
  // Chunk 0 is the theory (its quadratures, when not cached, overlap the blocks' work).
  detail::ParallelChunks(
      blocks - first + 1, 1, 2,
      [&](std::size_t chunk, std::size_t) {
        if (chunk == 0) return (void)TheoryOf(fn, p, r.sigma_w2, r.sigma_b2, s.layers, c);
        const std::size_t k = first + chunk - 1;
        const std::size_t m = rows_of(k), off = k * block_len, len = m * N;
        float* h = g.data() + off;
        const float* prev = c.input.data() + off;
        for (std::size_t l = 0; l < L; ++l) {
          if (stop()) return;
          float* zb = z_of(k, l);
          float beta = 0;
          if (!c.biases.empty()) {
            const float* bl = c.biases.data() + l * N;
            for (std::size_t row = 0; row < m; ++row)
              for (std::size_t j = 0; j < N; ++j)
                zb[row * N + j] = sigma_b * bl[j];
            beta = 1;
          }
          LoadedBlas().sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(m), n, n,
                             alpha, prev, n, W + l * N * N, n, beta, zb, n);
          Apply(fn, Eval::kValue, {zb, len}, {h, len}, p);
          const Moments& pre = parts.pre[k * L + l] = MomentsOf(zb, len);
          parts.post[k * L + l] = pre.finite == len ? MomentsOf(h, len) : MomentsSlow(h, len, zb);
          prev = h;
          step();
        }
      },
      stop);
  if (stopped) return false;
  std::vector<Moments> column(blocks);
  std::vector<Slopes> slope_column(blocks);
  auto layer_of = [&](const std::vector<Moments>& v, std::size_t l) {
    for (std::size_t k = 0; k < blocks; ++k)
      column[k] = v[k * L + l];
    return std::span<const Moments>(column);
  };
  for (std::size_t l = 0; l < L; ++l) {
    r.layers[l].pre = Merge(layer_of(parts.pre, l), {}, BN);
    r.layers[l].post = Merge(layer_of(parts.post, l), {}, BN);
  }

  // Common ranges for the histograms: mean ± 4 std of the widest layer, within the data (the
  // finite data: a layer with none has no say; no layer with any leaves the range empty).
  if (s.bins > 0) {
    r.pre_lo = r.post_lo = std::numeric_limits<double>::infinity();
    r.pre_hi = r.post_hi = -std::numeric_limits<double>::infinity();
    auto widen = [](const Stats& st, double& lo, double& hi) {
      if (st.finite == 0) return;
      lo = std::min(lo, std::max(st.min, st.mean - 4 * st.std));
      hi = std::max(hi, std::min(st.max, st.mean + 4 * st.std));
    };
    for (const DepthLayer& d : r.layers) {
      widen(d.pre, r.pre_lo, r.pre_hi);
      widen(d.post, r.post_lo, r.post_hi);
    }
  }

  // Backward: δₗ = gₗ ⊙ f′(zₗ), gₗ₋₁ = δₗ·Wₗᵀ, from g_L the readout; the histograms of zₗ and
  // hₗ (recomputed: cheaper than keeping every hₗ) on the way. A kept block only counts its
  // histograms again, over this run's ranges.
  std::copy_n(c.readout.begin(), BN, g.begin());
  detail::ParallelChunks(
      blocks, 1, 2,
      [&](std::size_t k, std::size_t) {
        const std::size_t m = rows_of(k), off = k * block_len, len = m * N;
        std::vector<float> slope(len), work(len);
        float* gb = g.data() + off;
        for (std::size_t l = L; l-- > 0;) {
          if (stop()) return;
          const float* zb = z_of(k, l);
          const std::size_t at = k * L + l;
          if (bins > 0) {
            CountOver(zb, len, r.pre_lo, r.pre_hi, s.bins, hist_pre.data() + at * bins);
            Apply(fn, Eval::kValue, {zb, len}, work, p);
            CountOver(work.data(), len, r.post_lo, r.post_hi, s.bins, hist_post.data() + at * bins,
                      parts.pre[at].finite == len ? nullptr : zb);
          }
          if (k < first) continue;
          Apply(fn, Eval::kDerivative, {zb, len}, slope, p);
          if (parts.pre[at].finite == len)
            GradientStep(gb, slope.data(), work.data(), len, parts.slopes[at], parts.grad[at]);
          else
            GradientStepMasked(gb, slope.data(), zb, work.data(), len, parts.slopes[at],
                               parts.grad[at]);
          if (l > 0)
            LoadedBlas().sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(m), n, n,
                               alpha, work.data(), n, W + l * N * N, n, 0.0f, gb, n);
          step();
        }
      },
      stop);
  if (stopped) return false;
  // The blocks are kept for a longer run of the same spec (but a preview's last block, when it
  // ends inside one of the whole batch's).
  parts.blocks = B == static_cast<std::size_t>(s.batch) ? blocks : B / kRows;
  for (std::size_t l = 0; l < L; ++l) {
    DepthLayer& d = r.layers[l];
    for (std::size_t k = 0; k < blocks; ++k)
      slope_column[k] = parts.slopes[k * L + l];
    const double saturated = Merge({}, slope_column, BN).saturated_fraction;
    d.pre.saturated_fraction = d.post.saturated_fraction = saturated;
    d.grad = Merge(layer_of(parts.grad, l), slope_column, BN);
    d.pre.grad_mean = d.post.grad_mean = d.grad.grad_mean;
    if (bins > 0) {
      d.pre_hist.assign(bins, 0);
      d.post_hist.assign(bins, 0);
      for (std::size_t k = 0; k < blocks; ++k)
        for (std::size_t j = 0; j < bins; ++j) {
          d.pre_hist[j] += hist_pre[(k * L + l) * bins + j];
          d.post_hist[j] += hist_post[(k * L + l) * bins + j];
        }
    }
  }
  // Where float32 first failed: the signal going up (z, or h of a finite z, not finite), the
  // gradient coming back down (δ of a finite z not finite).
  auto failed = [&](const std::vector<Moments>& v, std::size_t l) {
    for (std::size_t k = 0; k < blocks; ++k)
      if (v[k * L + l].finite < v[k * L + l].counted) return true;
    return false;
  };
  for (std::size_t l = 0; l < L && !r.signal_overflow; ++l)
    if (r.layers[l].pre.finite < BN || failed(parts.post, l))
      r.signal_overflow = static_cast<int>(l + 1);
  for (std::size_t l = L; l-- > 0 && !r.gradient_overflow;)
    if (failed(parts.grad, l)) r.gradient_overflow = static_cast<int>(l + 1);
  if (progress) progress->store(1, std::memory_order_relaxed);
  r.theory = c.theory;
  out = std::move(r);
  return true;
}

double DepthProductsSeconds(const DepthSpec& s, DepthCache& c) {
  if (BlasError()) return 0;
  Prepare(
      s, c, [] { return false; }, [] {});
  const std::size_t L = static_cast<std::size_t>(s.layers), N = static_cast<std::size_t>(s.width),
                    B = static_cast<std::size_t>(s.batch), blocks = (B + kRows - 1) / kRows;
  const int n = s.width;
  std::vector<float> a(B * N, 0.5f), out(B * N);
  const auto t0 = std::chrono::steady_clock::now();
  detail::ParallelChunks(
      blocks, 1, 2,
      [&](std::size_t k, std::size_t) {
        const std::size_t m = std::min<std::size_t>(kRows, B - k * kRows), off = k * kRows * N;
        for (std::size_t i = 0; i < 2 * L - 1; ++i)
          LoadedBlas().sgemm(CblasRowMajor, CblasNoTrans, i < L ? CblasNoTrans : CblasTrans,
                             static_cast<int>(m), n, n, 1.0f, a.data() + off, n,
                             c.weights.data() + (i % L) * N * N, n, 0.0f, out.data() + off, n);
      },
      [] { return false; });
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace actviz
