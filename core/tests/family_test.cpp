// Families of curves and the limits (family.hpp): the members' spacing and ends, refusals,
// the member under a cursor, the softplus → ReLU gap and the tropical sum against mpmath
// (values tabulated with mp.dps = 60: ln 2/β; log1p(t^(−|x − y|))/ln t and max + that).
#include "actviz/activations/family.hpp"
#include "actviz/activations/inverse.hpp"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>

namespace actviz {
namespace {

bool WithinUlp(double got, double want, double ulps) {
  return std::fabs(got - want) <= ulps * DBL_EPSILON * std::fabs(want) + DBL_TRUE_MIN;
}

TEST(Family, geometric_members_have_a_constant_ratio_and_exact_ends) {
  struct Row {
    double from, to;
    int n;
  };
  const Row rows[] = {{0.25, 32, 8}, {32, 0.25, 8}, {0.1, 3, 16}, {1e-3, 1e3, 2}, {-8, -0.5, 5}};
  for (const Row& r : rows) {
    std::vector<double> v;
    ASSERT_FALSE(FamilyValues({0, r.from, r.to, r.n, true}, v));
    ASSERT_EQ(v.size(), static_cast<std::size_t>(r.n));
    EXPECT_EQ(v.front(), r.from);
    EXPECT_EQ(v.back(), r.to);
    const double ratio = std::pow(r.to / r.from, 1.0 / (r.n - 1));
    for (int i = 0; i < r.n; ++i)
      EXPECT_TRUE(WithinUlp(v[static_cast<std::size_t>(i)], r.from * std::pow(ratio, i), 8))
          << r.from << " " << i << " " << v[static_cast<std::size_t>(i)];
  }
  // β from 0.25 to 32 in 8: the powers of two, exactly.
  std::vector<double> v;
  ASSERT_FALSE(FamilyValues({0, 0.25, 32, 8, true}, v));
  for (int i = 0; i < 8; ++i)
    EXPECT_TRUE(WithinUlp(v[static_cast<std::size_t>(i)], std::ldexp(1.0, i - 2), 2)) << i;
}

TEST(Family, even_members_step_evenly_with_exact_ends) {
  std::vector<double> v;
  ASSERT_FALSE(FamilyValues({0, 0, 1, 11, false}, v));
  for (int i = 0; i <= 10; ++i)
    EXPECT_NEAR(v[static_cast<std::size_t>(i)], i / 10.0, 1e-16) << i;
  ASSERT_FALSE(FamilyValues({0, 3, -3, 4, false}, v));
  EXPECT_EQ(v, (std::vector<double>{3, 1, -1, -3}));
  ASSERT_FALSE(FamilyValues({0, -1e308, 1e308, 3, false}, v));  // no overflow of to − from
  EXPECT_EQ(v[1], 0);
}

TEST(Family, refuses_what_it_cannot_draw) {
  std::vector<double> v{42};
  EXPECT_TRUE(FamilyValues({0, 0, 1, 1, false}, v));
  EXPECT_TRUE(FamilyValues({0, 0, 1, 17, false}, v));
  EXPECT_TRUE(FamilyValues({0, NAN, 1, 4, false}, v));
  EXPECT_TRUE(FamilyValues({0, 0, INFINITY, 4, false}, v));
  EXPECT_TRUE(FamilyValues({0, 0, 1, 4, true}, v));   // geometric through 0
  EXPECT_TRUE(FamilyValues({0, -1, 1, 4, true}, v));  // a change of sign
  EXPECT_EQ(v, std::vector<double>{42});              // untouched
  const Activation& softplus = *Find("softplus");
  std::vector<Params> members;
  EXPECT_TRUE(FamilyMembers(softplus, Defaults(softplus), {0, -1, 1, 4, false}, members));
  EXPECT_TRUE(FamilyMembers(softplus, Defaults(softplus), {3, 1, 2, 4, false}, members));
  EXPECT_TRUE(FamilyMembers(*Find("relu"), Defaults(*Find("relu")), {0, 1, 2, 4, false}, members));
  EXPECT_TRUE(members.empty());
}

TEST(Family, members_sweep_one_parameter_and_keep_the_others) {
  const Activation& elu = *Find("elu");
  Params base = Defaults(elu);
  std::vector<Params> m;
  ASSERT_FALSE(FamilyMembers(elu, base, {0, 0.1, 3, 5, false}, m));
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].v[0], 0.1);
  EXPECT_EQ(m[4].v[0], 3);
  for (const Params& p : m)
    for (std::size_t k = 1; k < kMaxParams; ++k)
      EXPECT_EQ(p.v[k], base.v[k]);
}

TEST(Family, default_spacing_is_geometric_for_wide_positive_ranges) {
  const Activation& softplus = *Find("softplus");
  EXPECT_TRUE(DefaultGeometric(softplus.params[0]));
  const Activation& leaky = *Find("leaky_relu");
  EXPECT_FALSE(DefaultGeometric(leaky.params[0]));
}

TEST(Family, the_member_under_the_cursor_is_the_nearest_finite_one) {
  EXPECT_EQ(NearestMember({0, 1, 2, 3}, 1.4), 1);
  EXPECT_EQ(NearestMember({0, 1, 2, 3}, 99), 3);
  EXPECT_EQ(NearestMember({NAN, 5, INFINITY}, 1e9), 1);
  EXPECT_EQ(NearestMember({NAN}, 0), -1);
  EXPECT_EQ(NearestMember({}, 0), -1);
}

TEST(Limits, softplus_to_relu_gap_is_ln2_over_beta_at_zero) {
  const struct {
    double beta, gap;
  } rows[] = {{0.25, 2.7725887222397812377},       {0.5, 1.3862943611198906188},
              {1, 0.69314718055994530942},         {3, 0.23104906018664843647},
              {32, 0.021660849392498290919},       {1e-300, 6.9314718055994529205e+299},
              {1e+300, 6.9314718055994527302e-301}};
  const Activation& softplus = *Find("softplus");
  const Activation& relu = *Find("relu");
  for (const auto& r : rows) {
    EXPECT_TRUE(WithinUlp(SoftplusReluGap(r.beta), r.gap, 1)) << r.beta;
    if (r.beta < 1e-3 || r.beta > 1e3) continue;
    // It is the catalogue's gap at 0 and no x does worse (a sweep of the real functions).
    Params p = Defaults(softplus);
    p.v[0] = r.beta;
    EXPECT_TRUE(WithinUlp(softplus.f(0, p) - relu.f(0, Defaults(relu)), r.gap, 4)) << r.beta;
    for (double x = -50; x <= 50; x += 0.01)
      EXPECT_LE(std::fabs(softplus.f(x, p) - relu.f(x, Defaults(relu))), r.gap * (1 + 4e-16))
          << r.beta << " at " << x;
  }
  EXPECT_TRUE(std::isnan(SoftplusReluGap(0)));
  EXPECT_TRUE(std::isnan(SoftplusReluGap(-1)));
  EXPECT_TRUE(std::isnan(SoftplusReluGap(NAN)));
}

TEST(Limits, tropical_sum_is_exact_and_stable_for_large_t) {
  const struct {
    double x, y, t, sum, excess;
  } rows[] = {
      {0, 0, 2, 1.0, 1.0},
      {1, 0, 2, 1.5849625007211561815, 0.58496250072115618145},
      {1, 0, 10, 1.0413926851582250408, 0.04139268515822504075},
      {3, -2, 1.5, 3.3051055487936616316, 0.30510554879366163158},
      {1000, 999, 10, 1000.041392685158225, 0.04139268515822504075},  // 10^1000 overflows
      {-1000, -1000.5, 1e300, -1000.0, 1.4476482730108393874e-153},
      {2, 1, 1.0000001, 6931473.6481259912259, 6931471.6481259912259},
      {0.5, 0.25, 1e10, 0.5001371192832683364, 0.00013711928326833639755},
      {700, -700, 2.718281828459045, 700.0, 0},  // 9.7e−609, below the doubles
  };
  for (const auto& r : rows) {
    const double ulps = 8;
    EXPECT_TRUE(WithinUlp(TropicalSum(r.x, r.y, r.t), r.sum, ulps)) << r.x << " " << r.y;
    EXPECT_TRUE(WithinUlp(TropicalExcess(r.x, r.y, r.t), r.excess, ulps)) << r.x << " " << r.y;
    EXPECT_TRUE(WithinUlp(TropicalSum(r.y, r.x, r.t), r.sum, ulps));  // symmetric
    // Never above log_t 2, never below 0.
    EXPECT_LE(TropicalExcess(r.x, r.y, r.t), std::log(2.0) / std::log(r.t) * (1 + 1e-15));
    EXPECT_GE(TropicalExcess(r.x, r.y, r.t), 0);
  }
  EXPECT_TRUE(std::isnan(TropicalSum(1, 2, 1)));
  EXPECT_TRUE(std::isnan(TropicalSum(1, 2, 0.5)));
  EXPECT_TRUE(std::isnan(TropicalSum(NAN, 2, 3)));
}

}  // namespace
}  // namespace actviz

namespace actviz {
namespace {

// Hand-classified: strictly monotonic on the domain or not (flat parts, turning points).
TEST(Inverse, invertible_functions_are_the_strictly_monotonic_ones) {
  const struct {
    const char* name;
    bool invertible;
  } rows[] = {{"sigmoid", true},    {"tanh", true},       {"logit", true},  {"softsign", true},
              {"linear", true},     {"leaky_relu", true}, {"elu", true},    {"selu", true},
              {"softplus", true},   {"relu", false},      {"relu6", false}, {"step", false},
              {"hard_tanh", false}, {"swish", false},     {"gelu", false},  {"mish", false}};
  for (const auto& r : rows) {
    const Activation* fn = Find(r.name);
    ASSERT_TRUE(fn) << r.name;
    EXPECT_EQ(Invertible(*fn, Defaults(*fn)), r.invertible) << r.name;
  }
  // Parameters decide: leaky ReLU with α = 0 is ReLU; linear with λ = 0 is constant.
  const Activation& leaky = *Find("leaky_relu");
  Params p = Defaults(leaky);
  p.v[0] = 0;
  EXPECT_FALSE(Invertible(leaky, p));
  const Activation& linear = *Find("linear");
  Params q = Defaults(linear);
  q.v[0] = 0;
  EXPECT_FALSE(Invertible(linear, q));
  q.v[0] = -2;
  EXPECT_TRUE(Invertible(linear, q));  // decreasing is invertible too
}

// Sigmoid and logit are a pair: logit(σ(x)) = x by their formulas, checked on the rows.
TEST(Inverse, sigmoid_and_logit_are_each_others_inverse) {
  const Activation& sigmoid = *Find("sigmoid");
  const Activation& logit = *Find("logit");
  EXPECT_EQ(NamedInverse(sigmoid, Defaults(sigmoid)), &logit);
  EXPECT_EQ(NamedInverse(logit, Defaults(logit)), &sigmoid);
  EXPECT_EQ(NamedInverse(*Find("tanh"), Defaults(*Find("tanh"))), nullptr);
  for (double x = -15; x <= 15; x += 0.25)
    EXPECT_NEAR(logit.f(sigmoid.f(x, {}), {}), x, 1e-15 * std::exp(std::fabs(x)) + 1e-15) << x;
}

}  // namespace
}  // namespace actviz
