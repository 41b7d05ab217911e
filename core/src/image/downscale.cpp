// Area-average downscaling, separable: each source column adds to at most two output columns
// (the scale is ≥ 1), with its covered fraction as weight; rows likewise.
#include "actviz/image/downscale.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace actviz {
namespace {

// For each source index i of n, the first output index it covers (of m) and the weight of
// that part; the remainder 1 − weight goes to the next output index.
struct Split {
  std::vector<int> first;
  std::vector<double> weight;
};

Split SplitAxis(int n, int m) {
  Split s;
  s.first.resize(static_cast<std::size_t>(n));
  s.weight.resize(static_cast<std::size_t>(n));
  // Source pixel i spans [i, i+1) in source units, output pixel j spans [j·n/m, (j+1)·n/m).
  // In output units source pixel i spans [i·m/n, (i+1)·m/n), of length m/n ≤ 1: it meets
  // output pixel floor(i·m/n) and possibly the next. Integer arithmetic keeps the boundaries
  // exact for any n, m below 2^31.
  for (int i = 0; i < n; ++i) {
    const long long a = static_cast<long long>(i) * m, b = static_cast<long long>(i + 1) * m;
    const int j = static_cast<int>(a / n);
    const long long boundary = static_cast<long long>(j + 1) * n;  // end of output j, ×n
    s.first[static_cast<std::size_t>(i)] = j;
    s.weight[static_cast<std::size_t>(i)] =
        b <= boundary ? 1.0 : static_cast<double>(boundary - a) / static_cast<double>(b - a);
  }
  return s;
}

template <class T>
T FromSum(double v) {
  if constexpr (sizeof(T) == 1) {
    return static_cast<T>(std::clamp(std::floor(v + 0.5), 0.0, 255.0));
  } else {
    return static_cast<T>(v);
  }
}

template <class T>
void Downscale(std::span<const T> src, int w, int h, int ch, int dw, int dh, std::vector<T>& out) {
  assert(w >= 1 && h >= 1 && ch >= 1 && dw >= 1 && dh >= 1 && dw <= w && dh <= h);
  assert(src.size() >= static_cast<std::size_t>(w) * h * ch);
  const Split sx = SplitAxis(w, dw), sy = SplitAxis(h, dh);
  const std::size_t orow = static_cast<std::size_t>(dw) * ch;
  out.assign(orow * static_cast<std::size_t>(dh), T{});
  // Each source pixel weighs (dw/w)·(dh/h) of an output pixel: the mean over its area.
  const double norm = (static_cast<double>(dw) / w) * (static_cast<double>(dh) / h);
  std::vector<double> row(orow), acc(orow * 2);  // two output rows in progress
  int base = 0;                                  // output row held in acc[0 .. orow)
  auto flush = [&](int j) {
    T* o = out.data() + static_cast<std::size_t>(j) * orow;
    const double* a = acc.data() + (j - base) * orow;
    for (std::size_t k = 0; k < orow; ++k)
      o[k] = FromSum<T>(a[k] * norm);
  };
  for (int y = 0; y < h; ++y) {
    std::fill(row.begin(), row.end(), 0.0);
    const T* s = src.data() + static_cast<std::size_t>(y) * w * ch;
    for (int x = 0; x < w; ++x) {
      const std::size_t j = static_cast<std::size_t>(sx.first[static_cast<std::size_t>(x)]);
      const double wx = sx.weight[static_cast<std::size_t>(x)];
      for (int c = 0; c < ch; ++c) {
        const double v = static_cast<double>(s[static_cast<std::size_t>(x) * ch + c]);
        row[j * ch + c] += wx * v;
        if (wx < 1.0) row[(j + 1) * ch + c] += (1.0 - wx) * v;
      }
    }
    const int j = sy.first[static_cast<std::size_t>(y)];
    const double wy = sy.weight[static_cast<std::size_t>(y)];
    while (j > base) {  // output rows above j are complete
      flush(base);
      std::copy(acc.begin() + orow, acc.end(), acc.begin());
      std::fill(acc.begin() + orow, acc.end(), 0.0);
      ++base;
    }
    for (std::size_t k = 0; k < orow; ++k) {
      acc[k] += wy * row[k];
      if (wy < 1.0) acc[orow + k] += (1.0 - wy) * row[k];
    }
  }
  flush(base);  // the last source row lies wholly in the last output row: base is dh − 1
}

}  // namespace

std::pair<int, int> FitWithin(int w, int h, int max_w, int max_h) {
  if (w <= max_w && h <= max_h) return {w, h};
  const double k = std::min(static_cast<double>(max_w) / w, static_cast<double>(max_h) / h);
  const int dw = std::clamp(static_cast<int>(std::lround(w * k)), 1, std::min(w, max_w));
  const int dh = std::clamp(static_cast<int>(std::lround(h * k)), 1, std::min(h, max_h));
  return {dw, dh};
}

void DownscaleArea(std::span<const std::uint8_t> src, int w, int h, int channels, int dw, int dh,
                   std::vector<std::uint8_t>& out) {
  Downscale(src, w, h, channels, dw, dh, out);
}

void DownscaleArea(std::span<const float> src, int w, int h, int channels, int dw, int dh,
                   std::vector<float>& out) {
  Downscale(src, w, h, channels, dw, dh, out);
}

}  // namespace actviz
