// The depth experiment (see depth.hpp): random weights, forward and backward through sgemm.
// Sections: names and gains · sizes · drawing the random arrays · the run.
#include "actviz/depth.hpp"

#include <cblas.h>
#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <mutex>

#include "actviz/kernels.hpp"
#include "parallel.hpp"

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

constexpr std::array<InitName, 7> kInits = {{
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

std::span<const InitName> InitNames() {
  return kInits;
}

std::optional<Init> ParseInit(std::string_view name) {
  for (const InitName& i : kInits)
    if (i.name == name) return i.value;
  return std::nullopt;
}

std::string_view InitLabel(Init init) {
  for (const InitName& i : kInits)
    if (i.value == init) return i.label;
  return {};
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

std::uint64_t DepthBytes(const DepthSpec& s) {
  const std::uint64_t l = static_cast<std::uint64_t>(std::max(s.layers, 0)),
                      n = static_cast<std::uint64_t>(std::max(s.width, 0)),
                      b = static_cast<std::uint64_t>(std::max(s.batch, 0));
  // weights, every zₗ, biases; input, readout and three work arrays; the histograms
  return 4 * (l * n * n + l * b * n + l * n + 5 * b * n) +
         8 * l * static_cast<std::uint64_t>(std::max(s.bins, 0));
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

// Wₗ as an N × N row-major matrix, z = h·W.
void DrawWeights(const DepthSpec& s, std::uint64_t first, std::span<float> w) {
  const double n = s.width;
  if (s.sigma_w) return Draw(Distribution::kNormal, s.seed, first, *s.sigma_w / std::sqrt(n), w);
  const double g = s.gain;
  switch (s.init) {
    case Init::kXavierNormal:
    case Init::kLecunNormal:
      return Draw(Distribution::kNormal, s.seed, first, g / std::sqrt(n), w);
    case Init::kHeNormal:
      return Draw(Distribution::kNormal, s.seed, first, g * std::sqrt(2 / n), w);
    // DrawSamples' uniform is U(−½, ½)·S: S = 2a for U(±a).
    case Init::kXavierUniform:
      return Draw(Distribution::kUniform, s.seed, first, 2 * g * std::sqrt(3 / n), w);
    case Init::kHeUniform:
      return Draw(Distribution::kUniform, s.seed, first, 2 * g * std::sqrt(6 / n), w);
    case Init::kStandard:
      return Draw(Distribution::kUniform, s.seed, first, 2 * g / std::sqrt(n), w);
    case Init::kOrthogonal: {
      // As torch.nn.init.orthogonal_: Q of the QR of a standard normal matrix, each column
      // signed by R's diagonal (so Q is uniformly distributed), times the gain.
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
          w[j * static_cast<std::size_t>(m) + i] *= sign[j] * static_cast<float>(g);
      return;
    }
  }
}

void Prepare(const DepthSpec& s, DepthCache& c) {
  const DepthCache::Key key{s.layers, s.width,   s.batch,   s.init,
                            s.gain,   s.sigma_w, s.sigma_b, s.seed};
  if (c.key == key) return;
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
        for (std::size_t i = begin; i < end; ++i)
          DrawWeights(s, at + i * n * n, std::span<float>(c.weights).subspan(i * n * n, n * n));
      },
      [] { return false; });
  at += l * n * n;
  if (s.sigma_b > 0) Draw(Distribution::kNormal, s.seed, at, s.sigma_b, c.biases);
  at += l * n;
  Draw(Distribution::kNormal, s.seed, at, 1, c.readout);
  c.key = key;
}

// C = A·W (or A·Wᵀ) for A of `rows` × n and W of n × n, row-major, β·C added. OpenBLAS's own
// threads split the rows differently for each thread count, and its edge kernels sum in
// another order: so fixed blocks of rows, each one single-threaded sgemm call on our pool,
// give the same bits for any thread count.
void Gemm(bool transpose_w, const float* a, const float* w, float* c, int rows, int n, float beta) {
  constexpr int kBlock = 256;
  const std::size_t blocks = static_cast<std::size_t>((rows + kBlock - 1) / kBlock);
  detail::ParallelChunks(
      blocks, 1, 2,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t k = begin; k < end; ++k) {
          const int r0 = static_cast<int>(k) * kBlock, m = std::min(kBlock, rows - r0);
          const std::size_t off = static_cast<std::size_t>(r0) * static_cast<std::size_t>(n);
          LoadedBlas().sgemm(CblasRowMajor, CblasNoTrans, transpose_w ? CblasTrans : CblasNoTrans,
                             m, n, n, 1.0f, a + off, n, w, n, beta, c + off, n);
        }
      },
      [] { return false; });
}

// Counts of the values in [lo, hi] in `bins` equal bins (the last closed); others are left out.
std::vector<std::uint32_t> CountOver(std::span<const float> v, double lo, double hi, int bins) {
  std::vector<std::uint32_t> counts(static_cast<std::size_t>(bins), 0);
  if (bins <= 0 || !(hi > lo)) return counts;
  const double scale = bins / (hi - lo);
  for (float x : v) {
    if (!(x >= lo && x <= hi)) continue;
    const int k = std::min(bins - 1, static_cast<int>((x - lo) * scale));
    ++counts[static_cast<std::size_t>(k)];
  }
  return counts;
}

}  // namespace

bool RunDepth(const Activation& fn, const Params& p, const DepthSpec& s, DepthResult& out,
              DepthCache* cache, const std::atomic<bool>* cancel, std::atomic<float>* progress) {
  DepthCache local;
  DepthCache& c = cache ? *cache : local;
  if (BlasError()) return false;
  Prepare(s, c);
  const std::size_t L = static_cast<std::size_t>(s.layers), N = static_cast<std::size_t>(s.width),
                    B = static_cast<std::size_t>(s.batch), BN = B * N;
  const int n = s.width, b = s.batch;
  auto stop = [&] { return cancel && cancel->load(std::memory_order_relaxed); };
  auto report = [&](double f) {
    if (progress) progress->store(static_cast<float>(f), std::memory_order_relaxed);
  };

  DepthResult r;
  r.sigma_w2 = SigmaW2(s);
  r.sigma_b2 = s.sigma_b * s.sigma_b;
  r.layers.resize(L);
  std::vector<float> z(L * BN), h(BN), slope(BN), g(BN);
  auto zl = [&](std::size_t l) { return std::span<float>(z).subspan(l * BN, BN); };
  auto wl = [&](std::size_t l) { return c.weights.data() + l * N * N; };

  // Forward: zₗ = hₗ₋₁·Wₗ + bₗ (bias rows first, then β = 1), hₗ = f(zₗ).
  const float* prev = c.input.data();
  for (std::size_t l = 0; l < L; ++l) {
    if (stop()) return false;
    std::span<float> zs = zl(l);
    float beta = 0;
    if (!c.biases.empty()) {
      for (std::size_t row = 0; row < B; ++row)
        std::copy_n(c.biases.data() + l * N, N, zs.data() + row * N);
      beta = 1;
    }
    Gemm(false, prev, wl(l), zs.data(), b, n, beta);
    Apply(fn, Eval::kValue, zs, h, p);
    Apply(fn, Eval::kDerivative, zs, slope, p);
    r.layers[l].pre = ComputeStats(zs, slope);
    r.layers[l].post = ComputeStats(h, slope);
    // The next layer reads hₗ; keep it in g (free until the backward pass).
    std::swap(h, g);
    prev = g.data();
    report(0.5 * static_cast<double>(l + 1) / static_cast<double>(L));
  }

  // Common ranges for the histograms: mean ± 4 std of the widest layer, within the data.
  if (s.bins > 0) {
    r.pre_lo = r.post_lo = std::numeric_limits<double>::infinity();
    r.pre_hi = r.post_hi = -std::numeric_limits<double>::infinity();
    for (const DepthLayer& d : r.layers) {
      r.pre_lo = std::min(r.pre_lo, std::max(d.pre.min, d.pre.mean - 4 * d.pre.std));
      r.pre_hi = std::max(r.pre_hi, std::min(d.pre.max, d.pre.mean + 4 * d.pre.std));
      r.post_lo = std::min(r.post_lo, std::max(d.post.min, d.post.mean - 4 * d.post.std));
      r.post_hi = std::max(r.post_hi, std::min(d.post.max, d.post.mean + 4 * d.post.std));
    }
  }

  // Backward: δₗ = gₗ ⊙ f′(zₗ), gₗ₋₁ = δₗ·Wₗᵀ, from g_L the readout.
  std::copy(c.readout.begin(), c.readout.end(), g.begin());
  for (std::size_t l = L; l-- > 0;) {
    if (stop()) return false;
    std::span<float> zs = zl(l);
    Apply(fn, Eval::kDerivative, zs, slope, p);
    if (s.bins > 0) {
      r.layers[l].pre_hist = CountOver(zs, r.pre_lo, r.pre_hi, s.bins);
      Apply(fn, Eval::kValue, zs, h, p);
      r.layers[l].post_hist = CountOver(h, r.post_lo, r.post_hi, s.bins);
    }
    for (std::size_t i = 0; i < BN; ++i)
      h[i] = g[i] * slope[i];  // δₗ
    r.layers[l].grad = ComputeStats(h, slope);
    if (l > 0) Gemm(true, h.data(), wl(l), g.data(), b, n, 0.0f);
    report(0.5 + 0.5 * static_cast<double>(L - l) / static_cast<double>(L));
  }
  r.theory = MeanFieldLayers(fn, p, r.sigma_w2, r.sigma_b2, s.layers);
  out = std::move(r);
  return true;
}

}  // namespace actviz
