// The mean-field theory against independent values: closed forms worked out by hand (linear,
// ReLU, hard tanh, step), mpmath quadrature at 30 digits (tools: the table below was printed by
// mpmath.quad, not by actviz), and the known results of the papers (He keeps ReLU's variance,
// SELU's fixed point is 1, the edge of chaos of tanh at σ_b = 0 is σ_w² = 1).
#include <gtest/gtest.h>

#include <cmath>

#include "actviz/activations/catalogue.hpp"
#include "actviz/networks/meanfield.hpp"

namespace actviz::test {
namespace {

double Rel(double got, double want) {
  return std::fabs(got - want) / std::fabs(want);
}
SecondMoments At(const char* name, double q) {
  const Activation& fn = *Find(name);
  return MomentsAt(fn, Defaults(fn), q);
}

// E[f(z)²], E[f′(z)²] for z ~ N(0, q): mpmath.quad with mp.dps = 30, split at 0.
struct Reference {
  const char* name;
  double q, f2, df2;
};
constexpr Reference kMpmath[] = {
    {"tanh", 0.01, 0.0098054687555324056423, 0.98067024346498151754},
    {"tanh", 0.5, 0.27367630793673890902, 0.59242579337179639398},
    {"tanh", 1.0, 0.39429449039784117442, 0.46440290244826824197},
    {"tanh", 3.0, 0.58943908447813025184, 0.29201713069200228066},
    {"tanh", 40.0, 0.8751132403984284657, 0.083767838120025698822},
    {"sigmoid", 0.01, 0.25062189693581391382, 0.062190204178377763831},
    {"sigmoid", 0.5, 0.27537663200636023832, 0.051362517040704711621},
    {"sigmoid", 1.0, 0.29337903585809296274, 0.044836241350194371793},
    {"sigmoid", 3.0, 0.33565974297432937608, 0.032295447223191525454},
    {"sigmoid", 40.0, 0.43931656923032959207, 0.010348276298106791223},
    {"gelu", 0.01, 0.0025469634945774958812, 0.25624131882887735862},
    {"gelu", 0.5, 0.18955654183222760202, 0.40724796854436476872},
    {"gelu", 1.0, 0.42522148257029867492, 0.45585086564928712211},
    {"gelu", 3.0, 1.4256169296225141371, 0.50098632071859404235},
    {"gelu", 40.0, 19.971273969456510851, 0.50801463075037136308},
    {"selu", 0.01, 0.018755888123241268454, 1.8787293112628785804},
    {"selu", 0.5, 0.57921619810416621398, 1.2127981619668978286},
    {"selu", 1.0, 0.99999999999999999995, 1.0715749924557992575},
    {"selu", 3.0, 2.379688452690145469, 0.88368198456789864909},
    {"selu", 40.0, 23.340950937465804453, 0.64887288235391415259},
    {"elu", 0.01, 0.0092822376584024724189, 0.92923980823347369484},
    {"elu", 0.5, 0.34810144388497762733, 0.71379178807790350221},
    {"elu", 1.0, 0.64494541749292386306, 0.66810200122317060643},
    {"elu", 3.0, 1.734147495256894793, 0.60731316953491030046},
    {"elu", 40.0, 20.408131681991109924, 0.53134562207900214991},
    {"swish", 0.01, 0.0025185952815587471878, 0.25247528776878615028},
    {"swish", 0.5, 0.15857624956582724617, 0.33470895834804989583},
    {"swish", 1.0, 0.35577551981735215623, 0.379482351632829309},
    {"swish", 3.0, 1.2718710657442948875, 0.45152221672209820248},
    {"swish", 40.0, 19.822625999565726728, 0.50838317037149272347},
};

TEST(MeanField, gaussian_expectations_match_mpmath_to_1e_12) {
  for (const Reference& r : kMpmath) {
    const SecondMoments m = At(r.name, r.q);
    EXPECT_LT(Rel(m.f2, r.f2), 1e-12) << r.name << " q=" << r.q;
    EXPECT_LT(Rel(m.df2, r.df2), 1e-12) << r.name << " q=" << r.q;
  }
}

TEST(MeanField, closed_forms_of_piecewise_functions_hold_over_twelve_decades_of_q) {
  for (double q : {1e-6, 1e-3, 0.1, 1.0, 2.5, 10.0, 1e3, 1e6}) {
    const SecondMoments lin = At("linear", q), relu = At("relu", q);
    EXPECT_LT(Rel(lin.f2, q), 1e-13) << q;
    EXPECT_LT(Rel(lin.df2, 1), 1e-13) << q;
    EXPECT_LT(Rel(relu.f2, q / 2), 1e-13) << q;
    EXPECT_LT(Rel(relu.df2, 0.5), 1e-13) << q;
    // hard tanh: z² inside [−1, 1], 1 outside; a = 1/√q (in long double: the difference
    // below cancels six digits at q = 1e6).
    const long double a = 1 / std::sqrt(static_cast<long double>(q));
    const long double inside = std::erf(a / std::sqrt(2.0L));
    const long double pdf = std::exp(-a * a / 2) / std::sqrt(2 * static_cast<long double>(M_PI));
    const SecondMoments ht = At("hard_tanh", q);
    EXPECT_LT(Rel(ht.f2,
                  static_cast<double>(q * (inside - 2 * a * pdf) + std::erfc(a / std::sqrt(2.0L)))),
              1e-12)
        << q;
    EXPECT_LT(Rel(ht.df2, static_cast<double>(inside)), 1e-12) << q;
    // step with θ = 0: P(z > 0) = ½; its derivative is 0 almost everywhere.
    const SecondMoments st = At("step", q);
    EXPECT_LT(Rel(st.f2, 0.5), 1e-13) << q;
    EXPECT_EQ(st.df2, 0) << q;
  }
}

TEST(MeanField, q_zero_is_the_value_at_zero_and_nan_q_is_nan) {
  EXPECT_EQ(At("sigmoid", 0).f2, 0.25);
  EXPECT_EQ(At("tanh", 0).df2, 1);
  EXPECT_TRUE(std::isnan(At("tanh", std::nan("")).f2));
  EXPECT_TRUE(std::isnan(At("tanh", -1).f2));
}

TEST(MeanField, he_init_keeps_relu_variance_constant_through_200_layers) {
  const Activation& relu = *Find("relu");
  const auto layers = MeanFieldLayers(relu, Defaults(relu), 2.0, 0.0, 200);
  ASSERT_EQ(layers.size(), 200u);
  for (const LayerTheory& l : layers) {
    EXPECT_LT(Rel(l.q, 2), 1e-12);
    EXPECT_LT(Rel(l.chi, 1), 1e-12);
  }
}

TEST(MeanField, linear_grows_or_decays_geometrically) {
  const Activation& lin = *Find("linear");
  for (double w2 : {0.8, 1.25}) {
    const auto layers = MeanFieldLayers(lin, Defaults(lin), w2, 0.0, 60);
    for (std::size_t l = 0; l < layers.size(); ++l) {
      EXPECT_LT(Rel(layers[l].q, std::pow(w2, static_cast<double>(l + 1))), 1e-11);
      EXPECT_LT(Rel(layers[l].chi, w2), 1e-13);
    }
  }
}

TEST(MeanField, xavier_and_standard_tanh_shrink_selu_with_lecun_converges_to_one) {
  const Activation& tanh = *Find("tanh");
  for (double w2 : {1.0, 1.0 / 3}) {  // Xavier (g = 1), PyTorch's default: U(±1/√N) → ⅓
    const auto l = MeanFieldLayers(tanh, Defaults(tanh), w2, 0.0, 100);
    for (std::size_t i = 1; i < l.size(); ++i)
      EXPECT_LT(l[i].q, l[i - 1].q);
    EXPECT_LT(l.back().q, 0.05);
  }
  const Activation& selu = *Find("selu");
  for (double input : {0.25, 1.0, 4.0}) {
    const auto l = MeanFieldLayers(selu, Defaults(selu), 1.0, 0.0, 200, input);
    EXPECT_LT(std::fabs(l.back().q - 1), 1e-9) << input;
  }
}

TEST(MeanField, interpolated_table_agrees_with_direct_quadrature) {
  for (const char* name : {"tanh", "relu", "gelu", "sigmoid", "hard_tanh", "softplus"}) {
    const Activation& fn = *Find(name);
    const MomentTable table(fn, Defaults(fn));
    for (double q : {1e-5, 0.003, 0.37, 1.0, 7.7, 123.0, 5e4}) {
      const SecondMoments t = table.At(q), d = MomentsAt(fn, Defaults(fn), q);
      EXPECT_LT(Rel(t.f2, d.f2), 1e-7) << name << " " << q;
      EXPECT_LT(Rel(t.df2, d.df2), 1e-7) << name << " " << q;
    }
  }
}

TEST(MeanField, edge_of_chaos_relu_at_he_and_tanh_at_unit_variance_without_bias) {
  const Activation& relu = *Find("relu");
  const MomentTable rt(relu, Defaults(relu));
  EXPECT_NEAR(FindFixedPoint(rt, 2.0, 0.0).chi, 1, 1e-7);
  EXPECT_LT(FindFixedPoint(rt, 1.9, 0.0).chi, 1);
  EXPECT_GT(FindFixedPoint(rt, 2.1, 0.0).chi, 1);
  // tanh, σ_b = 0: q* = 0 for σ_w² ≤ 1 (χ₁ = σ_w²·tanh′(0)² = σ_w²), q* > 0 and χ₁ < 1 beyond:
  // ordered below σ_w² = 1 and chaotic above, with the edge at 1.
  const Activation& tanh = *Find("tanh");
  const MomentTable tt(tanh, Defaults(tanh));
  EXPECT_LT(FindFixedPoint(tt, 0.9, 0.0).chi, 1);
  EXPECT_GT(FindFixedPoint(tt, 1.5, 0.0).chi, 1);
  // With bias the edge moves to larger σ_w² (Schoenholz et al. 2017, Figure 1).
  EXPECT_LT(FindFixedPoint(tt, 1.5, 0.3).chi, 1);
  const PhaseGrid g = PhaseDiagram(tanh, Defaults(tanh), 1.0, 4.0, 0.0, 0.3, 31, 4);
  ASSERT_EQ(g.chi.size(), 31u * 4u);
  for (int r = 0; r < 4; ++r)  // along each row χ₁ crosses 1 once, upward
    for (int c = 1; c < 31; ++c)
      EXPECT_GE(g.chi[static_cast<std::size_t>(r * 31 + c)],
                g.chi[static_cast<std::size_t>(r * 31 + c - 1)] - 1e-9);
}

TEST(MeanField, edge_of_chaos_is_he_for_relu_and_rises_from_one_for_tanh) {
  const Activation& relu = *Find("relu");
  const MomentTable rt(relu, Defaults(relu));
  for (const EdgePoint& e : EdgeOfChaos(rt, 0.5, 4, 0, 0.5, 6))
    EXPECT_NEAR(e.sigma_w2, 2, 1e-8);
  const Activation& tanh = *Find("tanh");
  const MomentTable tt(tanh, Defaults(tanh));
  const auto edge = EdgeOfChaos(tt, 0.5, 4, 0, 0.3, 7);
  // At σ_b = 0 χ₁ − 1 is only second order in σ_w² − 1 above the edge (q* ≈ (σ_w² − 1)/2σ_w²
  // cancels the first order), so the crossing is flat there: located to ~1e−3, not 1e−6.
  EXPECT_NEAR(edge[0].sigma_w2, 1, 1e-3);
  for (std::size_t i = 1; i < edge.size(); ++i)
    EXPECT_GT(edge[i].sigma_w2, edge[i - 1].sigma_w2);
  // On the line χ₁ = 1 (to the table's accuracy).
  for (const EdgePoint& e : edge)
    EXPECT_NEAR(FindFixedPoint(tt, e.sigma_w2, e.sigma_b2).chi, 1, 1e-6);
  // No crossing in the range: NaN.
  EXPECT_TRUE(std::isnan(EdgeOfChaos(rt, 2.5, 4, 0, 0, 1)[0].sigma_w2));
}

TEST(MeanField, every_catalogue_function_gives_finite_moments_where_defined) {
  for (const Activation& fn : Catalogue()) {
    if (fn.name == "logit") continue;  // defined on (0, 1) only: NaN for Gaussian input
    const SecondMoments m = MomentsAt(fn, Defaults(fn), 1.0);
    EXPECT_TRUE(std::isfinite(m.f2) && m.f2 >= 0) << fn.name;
    EXPECT_TRUE(std::isfinite(m.df2) && m.df2 >= 0) << fn.name;
  }
  const Activation& logit = *Find("logit");
  EXPECT_TRUE(std::isnan(MomentsAt(logit, Defaults(logit), 1.0).f2));
}

}  // namespace
}  // namespace actviz::test
