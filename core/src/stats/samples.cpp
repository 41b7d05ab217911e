// Seeded samples, histograms, statistics and exact output probabilities.
// Sections: generator · histogram and stats · experiment · exact distribution
#include "actviz/stats/samples.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "actviz/activations/kernels.hpp"
#include "actviz/base/buffer.hpp"
#include "base/parallel.hpp"
#include "stats/moments.hpp"
#include "stats/simd/samples.hpp"

namespace actviz {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

// ------------------------------------------------------------------------------- generator

std::string_view DistributionName(Distribution d) {
  return d == Distribution::kNormal ? "normal" : "uniform";
}

// The counter-based generator lives in simd/samples_impl.hpp, vectorised per ISA.
void DrawSamples(const SampleSpec& spec, std::size_t first, std::span<float> out) {
  if (spec.dist == Distribution::kUniform)
    simd::DrawUniform(spec.seed, first, spec.scale, out.data(), out.size());
  else
    simd::DrawNormal(spec.seed, first, static_cast<float>(spec.scale), out.data(), out.size());
}

// --------------------------------------------------------------------- histogram and stats

Histogram MakeHistogram(std::span<const float> values, int bins) {
  Histogram h;
  if (bins < 1 || bins > kMaxBins) return h;
  // Pass 1, in chunks over threads: the finite range and count.
  constexpr std::size_t kChunk = 1 << 18;
  const std::size_t n = values.size();
  const std::size_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<float> lo_c(chunks, INFINITY), hi_c(chunks, -INFINITY);
  std::vector<std::size_t> finite_c(chunks, 0);
  detail::ParallelChunks(
      n, kChunk, 2 * kChunk,
      [&](std::size_t b, std::size_t e) {
        const std::size_t c = b / kChunk;
        if (simd::FiniteRange(values.data() + b, e - b, &lo_c[c], &hi_c[c], &finite_c[c])) return;
        for (std::size_t i = b; i < e; ++i) {
          const float v = values[i];
          if (!std::isfinite(v)) continue;
          lo_c[c] = std::min(lo_c[c], v), hi_c[c] = std::max(hi_c[c], v), ++finite_c[c];
        }
      },
      [] { return false; });
  double lo = INFINITY, hi = -INFINITY;
  std::size_t finite = 0;
  for (std::size_t c = 0; c < chunks; ++c) {
    if (finite_c[c] == 0) continue;
    lo = std::min(lo, double{lo_c[c]}), hi = std::max(hi, double{hi_c[c]}), finite += finite_c[c];
  }
  if (finite == 0) return h;
  if (lo == hi) {  // constant data: one bin, no division by a zero width
    h.edges = {lo, hi};
    h.counts = {finite};
    return h;
  }
  h.edges.resize(static_cast<std::size_t>(bins) + 1);
  for (int i = 0; i <= bins; ++i)
    h.edges[static_cast<std::size_t>(i)] = lo + (hi - lo) * i / bins;
  h.edges.back() = hi;

  // Pass 2: each value's bin, then per-chunk counts summed after (no shared counters).
  // For a float v, v ≥ edge ⇔ v ≥ (the smallest float ≥ edge), so the float thresholds `up`
  // decide bins exactly as the double edges do. The vector path estimates the bin in float as
  // (v·s − lo·s)·k_s, s a power of two that brings the range near 1 (no overflow of v − lo, no
  // infinite k): within 3·bins·2⁻²⁴ bins of the exact quotient, while the edges are within
  // bins·2⁻²⁹ bins of lo + i·w (|lo|, |hi| ≤ 2²⁴·(hi − lo) for distinct floats). So an estimate
  // farther than eps = bins·2⁻²⁰ from an edge is the bin; the few nearer are walked against
  // `up` here, as every value is where there is no vector path.
  const std::size_t nb = static_cast<std::size_t>(bins);
  std::vector<float> up(nb + 1);
  for (std::size_t i = 0; i <= nb; ++i) {
    float f = static_cast<float>(h.edges[i]);
    if (double{f} < h.edges[i]) f = std::nextafter(f, INFINITY);
    up[i] = f;
  }
  const double k = bins / (hi - lo);
  // (2¹⁰⁰ at most: a float; a range of 2⁻¹⁴⁹ then scales to 2⁻⁴⁹, k_s stays finite.)
  const float s = static_cast<float>(std::ldexp(1.0, std::clamp(-std::ilogb(hi - lo), -126, 100)));
  const float lo_s = static_cast<float>(lo) * s;
  const float k_s = static_cast<float>(bins / ((hi - lo) * s));
  const float eps = static_cast<float>(std::ldexp(bins, -20));
  std::vector<std::uint64_t> counts(chunks * nb, 0);
  detail::ParallelChunks(
      n, kChunk, 2 * kChunk,
      [&, lo, k, s, lo_s, k_s, eps](std::size_t b, std::size_t e) {
        const float* t = up.data();
        // The bin of finite v, from an estimate within a step or so (kept in [0, bins): t
        // has bins + 1 thresholds).
        auto settle = [&](float v, int j) {
          j = std::clamp(j, 0, bins - 1);
          while (j + 1 < bins && v >= t[j + 1])
            ++j;
          while (j > 0 && v < t[j])
            --j;
          return static_cast<std::uint32_t>(j);
        };
        // Four interleaved sub-histograms: runs of one bin (a normal's peak) would otherwise
        // serialise on one counter's store-to-load latency. Slot nb takes NaN and ±∞.
        constexpr std::size_t kWays = 4, kBlock = 4096;
        const std::size_t stride = nb + 1;
        std::vector<std::uint32_t> sub(kWays * stride, 0);  // kChunk < 2³²: no overflow
        std::uint32_t idx[kBlock];
        for (std::size_t at = b; at < e; at += kBlock) {
          const std::size_t m = std::min(kBlock, e - at);
          const float* v = values.data() + at;
          if (!simd::BinIndex(v, m, lo_s, s, k_s, eps, bins, idx)) {
            for (std::size_t i = 0; i < m; ++i)
              idx[i] = std::isfinite(v[i])
                           ? static_cast<std::uint32_t>(std::min((v[i] - lo) * k, bins - 1.0)) |
                                 simd::kNearEdge
                           : static_cast<std::uint32_t>(bins);
          }
          for (std::size_t i = 0; i < m; ++i)
            if (idx[i] & simd::kNearEdge)
              idx[i] = settle(v[i], static_cast<int>(idx[i] & ~simd::kNearEdge));
          std::size_t i = 0;
          for (; i + kWays <= m; i += kWays)
            for (std::size_t w = 0; w < kWays; ++w)
              ++sub[w * stride + idx[i + w]];
          for (; i < m; ++i)
            ++sub[idx[i]];
        }
        std::uint64_t* out = counts.data() + (b / kChunk) * nb;
        for (std::size_t w = 0; w < kWays; ++w)
          for (std::size_t j = 0; j < nb; ++j)
            out[j] += sub[w * stride + j];
      },
      [] { return false; });
  h.counts.assign(nb, 0);
  for (std::size_t c = 0; c < chunks; ++c)
    for (std::size_t j = 0; j < nb; ++j)
      h.counts[j] += counts[c * nb + j];
  return h;
}

Stats ComputeStats(std::span<const float> values, std::span<const float> slopes) {
  // One pass over values and slopes in chunks over threads. Each chunk sums v − c and (v − c)²
  // about its first finite value c: since n·σ² ≥ (c − mean)², the shifted sums lose at most
  // about n·2⁻⁵³ of the variance (n ≤ 2¹⁸ a chunk), as good as a second pass about the mean.
  // Chunks merge in order by Chan's formula: the same figures on any number of threads.
  // Four lanes a chunk break the add latency chain; NaN and ±∞ add 0, branch-free.
  constexpr std::size_t kChunk = 1 << 18, kLanes = 4;
  struct Part {
    std::size_t nan = 0, finite = 0, zeros = 0, saturated = 0, grads = 0;
    double mean = 0, m2 = 0, grad_sum = 0;
    float lo = INFINITY, hi = -INFINITY;
  };
  const std::size_t n = values.size(), m = slopes.size(), len = std::max(n, m);
  std::vector<Part> parts((len + kChunk - 1) / kChunk);
  detail::ParallelChunks(
      len, kChunk, 2 * kChunk,
      [&](std::size_t b, std::size_t e) {
        Part q;  // filled locally: the parts of neighbouring chunks share cache lines
        const std::size_t ve = std::min(e, n), se = std::min(e, m);
        std::size_t first = b;
        while (first < ve && !std::isfinite(values[first]))
          ++first;
        const double c = first < ve ? values[first] : 0.0;
        double s1[kLanes] = {}, s2[kLanes] = {}, g[kLanes] = {};
        float lo[kLanes], hi[kLanes];
        std::size_t fin[kLanes] = {}, nan[kLanes] = {}, zero[kLanes] = {};
        std::fill_n(lo, kLanes, INFINITY), std::fill_n(hi, kLanes, -INFINITY);
        auto value = [&](std::size_t l, float v) {
          const bool ok = v - v == 0;  // finite
          nan[l] += v != v, fin[l] += ok, zero[l] += v == 0;
          const double d = ok ? v - c : 0.0;
          s1[l] += d, s2[l] += d * d;
          lo[l] = ok && v < lo[l] ? v : lo[l], hi[l] = ok && v > hi[l] ? v : hi[l];
        };
        std::size_t saturated = 0, grads = 0;
        auto slope = [&](std::size_t l, float d) {
          d = std::fabs(d);
          saturated += d < 0.01f;
          const bool ok = d < INFINITY;  // finite (NaN compares false)
          grads += ok;
          g[l] += ok ? d : 0.0f;
        };
        std::size_t i = b;
        for (; i + kLanes <= ve; i += kLanes)
          for (std::size_t l = 0; l < kLanes; ++l)
            value(l, values[i + l]);
        for (; i < ve; ++i)
          value(0, values[i]);
        for (i = b; i + kLanes <= se; i += kLanes)
          for (std::size_t l = 0; l < kLanes; ++l)
            slope(l, slopes[i + l]);
        for (; i < se; ++i)
          slope(0, slopes[i]);
        double t1 = 0, t2 = 0;
        for (std::size_t l = 0; l < kLanes; ++l) {
          q.finite += fin[l], q.nan += nan[l], q.zeros += zero[l];
          q.lo = std::min(q.lo, lo[l]), q.hi = std::max(q.hi, hi[l]);
          t1 += s1[l], t2 += s2[l], q.grad_sum += g[l];
        }
        if (q.finite) {
          const double f = static_cast<double>(q.finite);
          q.mean = c + t1 / f;
          q.m2 = std::max(0.0, t2 - t1 * t1 / f);
        }
        q.saturated = saturated, q.grads = grads;
        parts[b / kChunk] = q;
      },
      [] { return false; });
  Stats s;
  s.count = n;
  detail::MergedMoments mm;
  double grad_sum = 0;
  std::size_t zeros = 0, saturated = 0, grads = 0;
  for (const Part& q : parts) {
    s.nan += q.nan, zeros += q.zeros, saturated += q.saturated, grads += q.grads;
    grad_sum += q.grad_sum;
    mm.Add(q.finite, q.mean, q.m2, q.lo, q.hi);
  }
  s.finite = mm.n;
  const double mean = mm.mean, m2 = mm.m2, lo = mm.lo, hi = mm.hi;
  s.inf = n - s.finite - s.nan;
  if (s.finite == 0) {
    s.mean = s.std = s.min = s.max = kNaN;
  } else {
    s.mean = mean;
    s.std = std::sqrt(m2 / static_cast<double>(s.finite));
    s.min = lo;
    s.max = hi;
  }
  const double count = n ? static_cast<double>(n) : 1;
  s.zero_fraction = static_cast<double>(zeros) / count;
  s.saturated_fraction = static_cast<double>(saturated) / count;
  s.grad_mean = grads ? grad_sum / static_cast<double>(grads) : kNaN;
  return s;
}

// ------------------------------------------------------------------------------ experiment

bool RunExperiment(const Activation& fn, const Params& p, const SampleSpec& spec, int bins,
                   Experiment& out, const std::atomic<bool>* cancel, std::atomic<float>* progress) {
  return RunExperiment(
      [&](Eval what, std::span<const float> in, std::span<float> y) { Apply(fn, what, in, y, p); },
      spec, bins, out, cancel, progress);
}

bool RunExperiment(const BatchKernel& kernel, const SampleSpec& spec, int bins, Experiment& out,
                   const std::atomic<bool>* cancel, std::atomic<float>* progress) {
  const std::size_t n = spec.n;
  ResizeLarge(out.x, n);
  ResizeLarge(out.y, n);
  ResizeLarge(out.dy, n);
  const bool reuse = out.drawn == spec;
  if (!reuse) out.drawn.reset(), out.in_bins = 0;  // x is about to change
  // Chunks are independent (sample i depends only on the seed and i), so any number of
  // threads gives the same arrays.
  constexpr std::size_t kChunk = 1 << 16;
  std::atomic<std::size_t> done{0};
  const bool finished = detail::ParallelChunks(
      n, kChunk, 4 * kChunk,
      [&](std::size_t at, std::size_t end) {
        const std::size_t len = end - at;
        const std::span<float> x(out.x.data() + at, len);
        if (!reuse) DrawSamples(spec, at, x);
        kernel(Eval::kValue, x, std::span<float>(out.y.data() + at, len));
        kernel(Eval::kDerivative, x, std::span<float>(out.dy.data() + at, len));
        const std::size_t total = done.fetch_add(len) + len;
        if (progress) {  // never backwards, whichever thread reports last
          const float f = 0.9f * static_cast<float>(total) / static_cast<float>(n);
          float seen = progress->load();
          while (f > seen && !progress->compare_exchange_weak(seen, f)) {
          }
        }
      },
      [&] { return cancel && cancel->load(std::memory_order_relaxed); });
  if (!finished) return false;
  if (cancel && cancel->load(std::memory_order_relaxed)) return false;
  out.drawn = spec;
  if (out.in_bins != bins) out.in_hist = MakeHistogram(out.x, bins), out.in_bins = bins;
  out.out_hist = MakeHistogram(out.y, bins);
  out.in_stats = ComputeStats(out.x, out.dy);
  out.out_stats = ComputeStats(out.y, out.dy);
  if (progress) progress->store(1.0f);
  return true;
}

// -------------------------------------------------------------------- exact distribution

double InputCdf(const SampleSpec& spec, double x) {
  if (spec.dist == Distribution::kUniform) return std::clamp(x / spec.scale + 0.5, 0.0, 1.0);
  return 0.5 * std::erfc(-x / (spec.scale * std::sqrt(2.0)));
}

double InputDensity(const SampleSpec& spec, double x) {
  if (spec.dist == Distribution::kUniform)
    return std::fabs(x) <= spec.scale / 2 ? 1 / spec.scale : 0;
  const double z = x / spec.scale;
  return std::exp(-0.5 * z * z) / (spec.scale * std::sqrt(2 * M_PI));
}

int MonotonicOver(const Activation& fn, const Params& p, double lo, double hi, int samples) {
  bool up = true, down = true;
  double prev = fn.f(lo, p);
  if (std::isnan(prev)) return 0;
  samples = std::min(samples, kMaxMonotonicSamples);  // i <= samples stays an int
  for (int i = 1; i <= samples; ++i) {
    // Where (hi − lo)·i overflows (±40σ of σ = 1e307), (1 − t)·lo + t·hi: a convex combination
    // of two finite ends cannot.
    const double t = static_cast<double>(i) / samples;
    const double x =
        std::isfinite((hi - lo) * samples) ? lo + (hi - lo) * i / samples : (1 - t) * lo + t * hi;
    const double v = fn.f(x, p);
    if (std::isnan(v)) return 0;
    up &= v >= prev;
    down &= v <= prev;
    prev = v;
  }
  return up ? 1 : (down ? -1 : 0);
}

double SupportHalfWidth(const SampleSpec& spec) {
  // 40σ past the doubles (σ > 4.5e306) is the largest double: ±∞ made every grid point
  // between the ends −∞ + ∞ = NaN. NaN stays NaN.
  return spec.dist == Distribution::kUniform
             ? spec.scale / 2
             : std::min(40 * spec.scale, std::numeric_limits<double>::max());
}

double OutputCdf(const Activation& fn, const Params& p, int monotonic, const SampleSpec& spec,
                 double y, bool strict) {
  // The input's support (the normal's beyond 40σ carries nothing a double can count).
  const double half = SupportHalfWidth(spec);
  double a = -half, b = half;
  // in(x): does f(x) belong to {≤ y} (or {< y})? Monotonic f makes it a half-line.
  auto in = [&](double x) {
    const double v = fn.f(x, p);
    return strict ? v < y : v <= y;
  };
  if (monotonic >= 0) {  // {x : f(x) ≤ y} = (−∞, s]: P = F(s)
    if (!in(a)) return 0;
    if (in(b)) return 1;
    for (int i = 0; i < 200 && b - a > 0; ++i) {
      const double m = 0.5 * (a + b);
      if (m <= a || m >= b) break;
      (in(m) ? a : b) = m;
    }
    return InputCdf(spec, 0.5 * (a + b));
  }
  // Non-increasing: {x : f(x) ≤ y} = [s, ∞): P = 1 − F(s)
  if (!in(b)) return 0;
  if (in(a)) return 1;
  for (int i = 0; i < 200 && b - a > 0; ++i) {
    const double m = 0.5 * (a + b);
    if (m <= a || m >= b) break;
    (in(m) ? b : a) = m;
  }
  return 1 - InputCdf(spec, 0.5 * (a + b));
}

std::vector<double> ExpectedCounts(const Activation& fn, const Params& p, int monotonic,
                                   const SampleSpec& spec, std::span<const double> edges) {
  std::vector<double> out;
  if (edges.size() < 2) return out;
  const double n = static_cast<double>(spec.n);
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const bool last = i + 2 == edges.size();
    const double hi = OutputCdf(fn, p, monotonic, spec, edges[i + 1], /*strict=*/!last);
    const double lo = OutputCdf(fn, p, monotonic, spec, edges[i], /*strict=*/true);
    out.push_back(n * std::max(0.0, hi - lo));
  }
  return out;
}

}  // namespace actviz
