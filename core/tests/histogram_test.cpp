// MakeHistogram against its header's contract, checked by a direct count: equal bins over
// [min, max] of the finite values, each bin [edges[i], edges[i+1]) with the last closed, NaN and
// ±∞ left out; a value on an interior edge goes to the bin that edge opens; constant data gives
// the one bin [c, c]; no finite data or no bins give none; and the vector path's fast estimate
// stays exact on subnormal, wider-than-FLT_MAX and few-ulp ranges.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "actviz/stats/samples.hpp"
#include "distribution_checks.hpp"

namespace actviz::test {
namespace {

// Bin of v by the header's contract: [edges[i], edges[i+1]), the last bin closed.
std::size_t BinByEdges(const std::vector<double>& edges, double v) {
  const std::size_t i =
      static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin());
  return std::min(i, edges.size() - 1) - 1;
}

TEST(Histogram, counts_every_finite_value_once_in_equal_bins_over_min_max) {
  std::vector<float> v = Draw(Spec(Distribution::kNormal, 50000, 3, 5));
  v[17] = NAN;
  v[4000] = INFINITY;
  v[4001] = -INFINITY;
  v[9999] = NAN;
  double lo = INFINITY, hi = -INFINITY;
  for (float x : v)
    if (std::isfinite(x)) lo = std::min(lo, double(x)), hi = std::max(hi, double(x));
  for (int bins : {1, 2, 7, 100, 1000}) {
    const Histogram h = MakeHistogram(v, bins);
    ASSERT_EQ(h.edges.size(), static_cast<std::size_t>(bins) + 1);
    ASSERT_EQ(h.counts.size(), static_cast<std::size_t>(bins));
    EXPECT_EQ(h.edges.front(), lo);
    EXPECT_EQ(h.edges.back(), hi);
    const double w = (hi - lo) / bins;
    for (int i = 0; i <= bins; ++i)
      EXPECT_NEAR(h.edges[static_cast<std::size_t>(i)], lo + i * w, 1e-12 * (hi - lo)) << i;
    std::vector<std::uint64_t> want(static_cast<std::size_t>(bins), 0);
    for (float x : v)
      if (std::isfinite(x)) ++want[BinByEdges(h.edges, x)];
    EXPECT_EQ(h.counts, want) << bins << " bins";
    std::uint64_t total = 0;
    for (std::uint64_t c : h.counts)
      total += c;
    EXPECT_EQ(total, v.size() - 4) << "NaN and ±inf are not binned";
  }
}

TEST(Histogram, value_equal_to_an_edge_is_counted_in_the_bin_that_edge_opens) {
  // Bins are [edge i, edge i+1): a value exactly on an interior edge belongs to the bin above.
  // Found by this sweep: {−0.8f, 0.1f, v} in 8 bins, with v = edges[7] = −0.0125000002f exactly.
  int checked = 0;
  for (int hi10 = 1; hi10 <= 30; ++hi10)
    for (int lo10 = -30; lo10 < hi10; ++lo10)
      for (int bins = 2; bins <= 20; ++bins) {
        const float lo = static_cast<float>(lo10) / 10, hi = static_cast<float>(hi10) / 10;
        for (int i = 1; i < bins; ++i) {
          const double e = lo + (static_cast<double>(hi) - lo) * i / bins;
          const float v = static_cast<float>(e);
          if (static_cast<double>(v) != e) continue;  // only edges a float can sit on
          const std::vector<float> data = {lo, hi, v};
          const Histogram h = MakeHistogram(data, bins);
          ASSERT_EQ(h.edges[static_cast<std::size_t>(i)], e);
          const std::uint64_t want = 1u + (i == bins - 1);  // the max shares the last bin
          ++checked;
          ASSERT_EQ(h.counts[static_cast<std::size_t>(i)], want)
              << "data {" << lo << ", " << hi << ", " << v << "} in " << bins
              << " bins: the value equal to edges[" << i << "] went to bin " << i - 1;
        }
      }
  EXPECT_GT(checked, 100);
}

TEST(Histogram, constant_data_gives_one_bin_c_c_holding_everything) {
  for (float c : {0.0f, -0.0f, 2.5f, -1e30f, 1e-40f}) {
    std::vector<float> v(1000, c);
    v[3] = NAN;  // still not binned
    for (int bins : {1, 100}) {
      const Histogram h = MakeHistogram(v, bins);
      ASSERT_EQ(h.edges.size(), 2u) << c;
      EXPECT_EQ(h.edges[0], c);
      EXPECT_EQ(h.edges[1], c);
      EXPECT_EQ(h.counts, std::vector<std::uint64_t>{999}) << c;
    }
  }
}

TEST(Histogram, no_finite_data_or_no_bins_gives_no_bins) {
  const std::vector<float> bad = {NAN, INFINITY, -INFINITY};
  EXPECT_TRUE(MakeHistogram(bad, 10).edges.empty());
  EXPECT_TRUE(MakeHistogram(bad, 10).counts.empty());
  EXPECT_TRUE(MakeHistogram(std::span<const float>(), 10).counts.empty());
  const std::vector<float> good = {1, 2, 3};
  EXPECT_TRUE(MakeHistogram(good, 0).counts.empty());
  EXPECT_TRUE(MakeHistogram(good, -3).counts.empty());
}

TEST(Histogram, binning_is_exact_on_ranges_that_strain_the_fast_estimate) {
  // The vector path estimates bins in scaled float and walks only estimates near an edge; these
  // ranges would break a naive float (v − lo)·k: subnormal (k overflows float), wider than
  // FLT_MAX (v − lo overflows), a few ulps wide (most bins empty), and bin counts at which every
  // estimate is near an edge. Lengths not a multiple of any vector width, NaN and ±∞ mixed in.
  struct Case {
    const char* name;
    std::function<float(std::size_t)> at;
    std::vector<int> bins;
  };
  auto pick = [](std::size_t i) {  // SplitMix64: fixed, well-spread picks
    std::uint64_t z = i * 0x9E3779B97F4A7C15ull + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  const float sub = std::numeric_limits<float>::denorm_min();
  const std::vector<Case> cases = {
      {"subnormal",
       [&](std::size_t i) { return static_cast<float>(pick(i) % 21) * sub; },
       {3, 7, 100, 1000}},
      {"straddles zero in subnormals",
       [&](std::size_t i) { return (static_cast<float>(pick(i) % 9) - 4.0f) * sub; },
       {2, 5, 100}},
      {"wider than FLT_MAX",
       [&](std::size_t i) {
         const double u = static_cast<double>(pick(i) % 1000001) / 1e6;
         return i < 2 ? (i ? 3.4e38f : -3.4e38f) : static_cast<float>(-3.4e38 + u * 6.8e38);
       },
       {1, 2, 100, 4096}},
      {"a few ulps",
       [&](std::size_t i) { return 1.0f + static_cast<float>(pick(i) % 9) * 0x1p-23f; },
       {3, 8, 100, 1000}},
      {"normal, bins on edges",
       [&](std::size_t i) {
         return static_cast<float>(static_cast<double>(pick(i) % 2001) / 1000 - 1);
       },
       {10, 20, 100, 2000, 100000, 1 << 20}},
  };
  for (const Case& c : cases) {
    std::vector<float> v(100003);
    for (std::size_t i = 0; i < v.size(); ++i)
      v[i] = c.at(i);
    v[5] = NAN, v[77777] = INFINITY, v[99999] = -INFINITY;
    for (int bins : c.bins) {
      const Histogram h = MakeHistogram(v, bins);
      ASSERT_EQ(h.counts.size(), static_cast<std::size_t>(bins)) << c.name;
      std::vector<std::uint64_t> want(static_cast<std::size_t>(bins), 0);
      for (float x : v)
        if (std::isfinite(x)) ++want[BinByEdges(h.edges, x)];
      EXPECT_EQ(h.counts, want) << c.name << ", " << bins << " bins";
    }
  }
}

}  // namespace
}  // namespace actviz::test
