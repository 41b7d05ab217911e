// Count, mean and M2 (the sum of squared deviations) of parts merged pairwise (Chan, Golub and
// LeVeque 1979): no cancellation of Σx² − n·mean², and merging per-block parts in block order
// gives the same bits at any thread count. Shared by the sampler's and Depth's statistics.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace actviz::detail {

struct MergedMoments {
  std::size_t n = 0;
  double mean = 0, m2 = 0, lo = INFINITY, hi = -INFINITY;
  // Adds a part of nb finite values with its own mean, M2 and extremes (nothing if nb = 0).
  void Add(std::size_t nb, double part_mean, double part_m2, double part_lo, double part_hi) {
    if (nb == 0) return;
    const double na = static_cast<double>(n), b = static_cast<double>(nb);
    const double delta = part_mean - mean;
    n += nb;
    mean += delta * (b / (na + b));
    m2 += part_m2 + delta * delta * (na * b / (na + b));
    lo = std::min(lo, part_lo), hi = std::max(hi, part_hi);
  }
};

}  // namespace actviz::detail
