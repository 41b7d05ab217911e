// Which matrix product the depth experiment uses, measured (issue 16: OpenBLAS, Eigen or our
// own kernels). The products are RunDepth's: a block of 128 rows of the batch times an N × N
// weight matrix, h·W forward and δ·Wᵀ backward, one product per thread at a time, the two
// cores each running their own blocks. Each candidate runs the same products into its own
// output; their results are compared (each against OpenBLAS, max relative difference) so a
// fast wrong kernel cannot win. Usage: actviz_gemm_choice [N ...] (default 256 512).
#include <cblas.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>
#include <vector>

extern "C" void openblas_set_num_threads(int);

namespace {

constexpr int kRows = 128;  // depth.cpp's block

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Map = Eigen::Map<RowMatrix>;
using ConstMap = Eigen::Map<const RowMatrix>;

// c (m × n) = a (m × k) · b (k × n), or a · bᵀ (b is n × k) when `transposed`; row-major.
using Product = std::function<void(const float* a, const float* b, float* c, int m, int n, int k,
                                   bool transposed)>;

void OpenBlas(const float* a, const float* b, float* c, int m, int n, int k, bool t) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, t ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a, k, b,
              t ? k : n, 0.0f, c, n);
}

void EigenProduct(const float* a, const float* b, float* c, int m, int n, int k, bool t) {
  Map out(c, m, n);
  const ConstMap lhs(a, m, k);
  if (t)
    out.noalias() = lhs * ConstMap(b, n, k).transpose();
  else
    out.noalias() = lhs * ConstMap(b, k, n);
}

// Our own, at the effort a kernel of this project would get: cache blocks of 64 columns of
// the output and 128 of the inner dimension, the innermost loop over contiguous columns for
// the compiler to vectorise (AVX2 + FMA here); the transposed case packs its block of bᵀ first.
void Own(const float* a, const float* b, float* c, int m, int n, int k, bool t) {
  constexpr int kJ = 64, kK = 128;
  std::fill(c, c + static_cast<std::size_t>(m) * n, 0.0f);
  std::vector<float> pack(static_cast<std::size_t>(kK) * kJ);
  for (int j0 = 0; j0 < n; j0 += kJ)
    for (int k0 = 0; k0 < k; k0 += kK) {
      const int jn = std::min(kJ, n - j0), kn = std::min(kK, k - k0);
      for (int p = 0; p < kn; ++p)
        for (int j = 0; j < jn; ++j)
          pack[static_cast<std::size_t>(p) * kJ + j] =
              t ? b[static_cast<std::size_t>(j0 + j) * k + k0 + p]
                : b[static_cast<std::size_t>(k0 + p) * n + j0 + j];
      for (int i = 0; i < m; ++i) {
        float* ci = c + static_cast<std::size_t>(i) * n + j0;
        const float* ai = a + static_cast<std::size_t>(i) * k + k0;
        for (int p = 0; p < kn; ++p) {
          const float s = ai[p];
          const float* bp = pack.data() + static_cast<std::size_t>(p) * kJ;
          for (int j = 0; j < jn; ++j)
            ci[j] += s * bp[j];
        }
      }
    }
}

struct Result {
  double one_thread = 0, two_threads = 0;  // GFLOP/s
  double max_rel = 0;                      // against OpenBLAS's output
};

// `blocks` blocks of kRows rows, forward then backward through `layers` weight matrices, split
// between `threads` threads by block (as RunDepth's pool does). Best of three.
double Rate(const Product& f, int n, int layers, int blocks, int threads,
            const std::vector<float>& w, std::vector<float>& x, std::vector<float>& y) {
  const double flop = 2.0 * kRows * n * n * (2.0 * layers) * blocks;
  double best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int th = 0; th < threads; ++th)
      pool.emplace_back([&, th] {
        for (int blk = th; blk < blocks; blk += threads) {
          const std::size_t off = static_cast<std::size_t>(blk) * kRows * n;
          for (int l = 0; l < 2 * layers; ++l)
            f(x.data() + off, w.data() + static_cast<std::size_t>(l % layers) * n * n,
              y.data() + off, kRows, n, n, l >= layers);
        }
      });
    for (std::thread& t : pool)
      t.join();
    best = std::min(best,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return flop / best / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  openblas_set_num_threads(1);  // as depth.cpp: the threads are the caller's
  Eigen::setNbThreads(1);
  std::vector<int> widths;
  for (int i = 1; i < argc; ++i)
    widths.push_back(std::atoi(argv[i]));
  if (widths.empty()) widths = {256, 512};
  const struct {
    const char* name;
    Product f;
  } candidates[] = {{"OpenBLAS", OpenBlas}, {"Eigen", EigenProduct}, {"own", Own}};
  std::printf("products of depth.cpp's blocks (%d rows × N times N × N, forward and backward)\n",
              kRows);
  for (int n : widths) {
    const int layers = 10, blocks = 8;
    std::vector<float> w(static_cast<std::size_t>(layers) * n * n),
        x(static_cast<std::size_t>(blocks) * kRows * n);
    unsigned s = 1;
    auto next = [&] { return (s = s * 1664525u + 1013904223u) / 4294967296.0f - 0.5f; };
    for (float& v : w)
      v = next() / std::sqrt(static_cast<float>(n));
    for (float& v : x)
      v = next();
    std::vector<float> ref(static_cast<std::size_t>(kRows) * n), y(x.size());
    for (const auto& c : candidates) {
      Result r;
      for (bool t : {false, true}) {  // the outputs of one product against OpenBLAS's
        std::vector<float> out(ref.size());
        OpenBlas(x.data(), w.data(), ref.data(), kRows, n, n, t);
        c.f(x.data(), w.data(), out.data(), kRows, n, n, t);
        for (std::size_t i = 0; i < out.size(); ++i)
          r.max_rel = std::max(r.max_rel, std::fabs(out[i] - ref[i]) / (std::fabs(ref[i]) + 1e-3));
      }
      r.one_thread = Rate(c.f, n, layers, blocks, 1, w, x, y);
      r.two_threads = Rate(c.f, n, layers, blocks, 2, w, x, y);
      std::printf(
          "N = %4d  %-9s 1 thread %6.1f GFLOP/s, 2 threads %6.1f GFLOP/s  (max rel. diff %.1e)\n",
          n, c.name, r.one_thread, r.two_threads, r.max_rel);
    }
  }
}
