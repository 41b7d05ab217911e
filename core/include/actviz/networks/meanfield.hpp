// The mean-field theory of deep random networks (Poole et al. 2016, Schoenholz et al. 2017):
// how the variance of the pre-activations and the energy of the gradient evolve through
// layers of width → ∞ with weights N(0, σ_w²/N) and biases N(0, σ_b²), for any catalogue row.
//   q₁ = σ_w²·E[x²] + σ_b² (x the network's input; 1 for standard normal input)
//   qₗ₊₁ = σ_w²·E[f(z)²] + σ_b²,   χₗ = σ_w²·E[f′(z)²],   z ~ N(0, qₗ)
// Accuracy contract: Gaussian expectations to ~1e−13 relative (adaptive Gauss–Legendre on the
// pieces between the function's breakpoints, tails followed until they vanish), so qₗ and χₗ
// hold to 1e−9 relative over hundreds of layers. NaN or ∞ where the integral diverges.
#pragma once

#include <cmath>
#include <functional>
#include <vector>

#include "actviz/activations/catalogue.hpp"

namespace actviz {

// E[g(z)], z ~ N(0, q), q ≥ 0 (q = 0: g(0)). `breaks` are points of z where g is not smooth.
double GaussianExpectation(const std::function<double(double)>& g, double q, const Breaks& breaks);

// E[f(z)²] and E[f′(z)²] for z ~ N(0, q) (f′ almost everywhere: step's is 0).
struct SecondMoments {
  double f2 = 0, df2 = 0;
};
SecondMoments MomentsAt(const Activation& fn, const Params& p, double q);

struct LayerTheory {
  double q = 0;    // predicted Var(zₗ)
  double chi = 0;  // predicted E[δₗ²] / E[δₗ₊₁²]
};

// Layers 1…L of the recursion above, starting from q₁ = σ_w²·input_second_moment + σ_b².
std::vector<LayerTheory> MeanFieldLayers(const Activation& fn, const Params& p, double sigma_w2,
                                         double sigma_b2, int layers,
                                         double input_second_moment = 1);

// E[f(z)²] and E[f′(z)²] as functions of q, tabulated once on a log grid and interpolated:
// for the phase diagram, where thousands of fixed points are wanted at colour-map accuracy
// (~1e−7 relative), not the per-layer reference above.
class MomentTable {
 public:
  MomentTable(const Activation& fn, const Params& p);
  SecondMoments At(double q) const;
  // The limit q → 0⁺ (at q = 1e−200), kept: every fixed point without bias asks for it.
  const SecondMoments& AtZeroPlus() const { return zero_plus_; }
  // The largest q the table interpolates (beyond it At integrates directly, which is slow).
  static double Top() { return std::exp(kLogHi) / 2; }
  // The smallest q it interpolates.
  static double Bottom() { return std::exp(kLogLo + 2 * (kLogHi - kLogLo) / (kPoints - 1)); }

 private:
  static constexpr int kPoints = 257;
  static constexpr double kLogLo = -16, kLogHi = 16;  // ln q from ~1e−7 to ~9e6
  const Activation& fn_;
  Params params_;
  std::vector<double> f2_, df2_;    // at ln q = kLogLo + i·step
  SecondMoments zero_, zero_plus_;  // at q = 0 and q = 1e−200
};

// The fixed point q* of q ↦ σ_w²·E[f(z)²] + σ_b² reached by iterating from q = 1, and χ₁ there:
// χ₁ < 1 ordered (perturbations die), > 1 chaotic, = 1 the edge of chaos.
// A variance that grows past MomentTable::Top() (~4e6, against σ_b² of order 1) is taken as
// growing without bound: following it to overflow integrated each step directly (30 s for a
// phase diagram of GELU, whose reference f is costly).
struct FixedPoint {
  double q = 0;    // q* (∞ when the variance grows without bound, 0 when it dies)
  double chi = 0;  // χ₁ = σ_w²·E[f′(z)²] at q* (at the last iterate if q* is 0 or ∞)
  bool converged = false;
};
FixedPoint FindFixedPoint(const MomentTable& table, double sigma_w2, double sigma_b2);

// χ₁ at the fixed point over a grid: rows are σ_b² from b_lo to b_hi (`rows` values),
// columns σ_w² from w_lo to w_hi (`cols` values), row-major.
struct PhaseGrid {
  double w_lo = 0, w_hi = 4, b_lo = 0, b_hi = 0.5;
  int cols = 0, rows = 0;
  std::vector<double> chi;
};
PhaseGrid PhaseDiagram(const Activation& fn, const Params& p, double w_lo, double w_hi, double b_lo,
                       double b_hi, int cols, int rows);
// The same over a table already built (the phase plot's edge of chaos uses it too).
PhaseGrid PhaseDiagram(const MomentTable& table, double w_lo, double w_hi, double b_lo, double b_hi,
                       int cols, int rows);

// The order-to-chaos line: for each of `n` values of σ_b² from b_lo to b_hi, the σ_w² in
// [w_lo, w_hi] where χ₁ at the fixed point crosses 1 (bisection to 1e−10), NaN where it does
// not cross in that range. For ReLU it is σ_w² = 2 (He) at every σ_b².
struct EdgePoint {
  double sigma_b2 = 0, sigma_w2 = 0;
};
std::vector<EdgePoint> EdgeOfChaos(const MomentTable& table, double w_lo, double w_hi, double b_lo,
                                   double b_hi, int n);

}  // namespace actviz
