// Softmax: what the stable form keeps that the textbook float32 form loses, and the refusals.
// Accuracy against mpmath is app/tests/softmax_cli_test.py (through the command line).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "actviz/activations/softmax.hpp"

namespace actviz::test {
namespace {

TEST(Softmax, naive_float32_overflows_where_the_shifted_form_is_exact) {
  const std::vector<double> z = {1000, 0, -1000};
  const std::vector<float> naive = NaiveSoftmaxF32(z, 1);
  EXPECT_TRUE(std::isnan(naive[0]));  // e^1000 = ∞ in float, ∞/∞
  SoftmaxResult r;
  ASSERT_FALSE(Softmax(z, 1, r));
  EXPECT_EQ(r.p[0], 1);
  EXPECT_EQ(r.p[1], 0);          // e^−1000: below the smallest double
  EXPECT_EQ(r.log_p[1], -1000);  // yet its log is exact
  EXPECT_EQ(r.log_p[2], -2000);
  // All logits far below 0: the naive sum underflows to 0 and gives NaN too.
  const std::vector<double> low = {-200, -201};
  EXPECT_TRUE(std::isnan(NaiveSoftmaxF32(low, 1)[0]));
  ASSERT_FALSE(Softmax(low, 1, r));
  EXPECT_NEAR(r.p[0], 1 / (1 + std::exp(-1.0)), 1e-16);
}

TEST(Softmax, one_minus_p_has_no_cancellation_and_softmin_flips_the_sign) {
  SoftmaxResult r;
  ASSERT_FALSE(Softmax(std::vector<double>{40, 0}, 1, r));
  // p₀(1 − p₀) with 1 − p₀ = e^−40/(1 + e^−40) summed, not 1 − p₀ (4e−18 off by ~6%).
  const double small = std::exp(-40.0) / (1 + std::exp(-40.0));
  EXPECT_NEAR(r.jacobian[0] / small, 1, 1e-15);
  SoftmaxResult m;
  ASSERT_FALSE(Softmax(std::vector<double>{40, 0}, 1, m, -1));
  EXPECT_NEAR(m.p[1], 1 - small, 1e-16);
  EXPECT_NEAR(m.jacobian[0] / -small, 1, 1e-15);  // ∂p/∂z of softmax(−z) has the other sign
}

TEST(Softmax, refuses_what_it_cannot_compute) {
  SoftmaxResult r;
  EXPECT_TRUE(Softmax(std::vector<double>{1}, 1, r));
  EXPECT_TRUE(Softmax(std::vector<double>{1, NAN}, 1, r));
  EXPECT_TRUE(Softmax(std::vector<double>{1, INFINITY}, 1, r));
  EXPECT_TRUE(Softmax(std::vector<double>{1, 2}, 0, r));
  EXPECT_TRUE(Softmax(std::vector<double>{1, 2}, -1, r));
  EXPECT_TRUE(Softmax(std::vector<double>(1001, 0.0), 1, r));
}

}  // namespace
}  // namespace actviz::test
