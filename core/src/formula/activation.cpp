// Typed formulas as Activations (activation.hpp). An Activation is a table of plain function
// pointers with no context, so each of kActivationSlots slots has its own trampolines
// (templates over the slot number) that read the formula the slot holds.
#include "actviz/formula/activation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

#include "formula/tree.hpp"

namespace actviz::formula {
namespace {

struct Slot {
  Formula formula;
  std::size_t n = 0;  // parameters
  std::string name, label, formula_text, derivative_text;
  std::array<ParamSpec, kMaxParams> specs{};
  Activation act{};
  std::uint64_t generation = 0;  // a new formula in the slot: compiled kernels are stale
  std::vector<Expr> switches;    // what the breakpoints are the zeros of
  std::mutex breaks_mutex;
  bool breaks_valid = false;
  std::array<double, kMaxParams> breaks_params{};
  std::array<double, kMaxBreaks> breaks{};
  int breaks_n = 0;
};

std::array<Slot, kActivationSlots> g_slots;
std::array<bool, kActivationSlots> g_used{};
std::uint64_t g_generation = 0;
std::mutex g_mutex;

std::span<const double> ParamsOf(const Slot& s, const Params& p) {
  return {p.v.data(), s.n};
}

template <int S>
double F(double x, const Params& p) {
  return Exact(g_slots[S].formula.f, x, ParamsOf(g_slots[S], p));
}
template <int S>
double Df(double x, const Params& p) {
  return Exact(g_slots[S].formula.df, x, ParamsOf(g_slots[S], p));
}
template <int S>
double Dparam(double x, const Params& p, int i) {
  const Slot& s = g_slots[S];
  if (i < 0 || static_cast<std::size_t>(i) >= s.formula.dparam.size()) return NAN;
  return Exact(s.formula.dparam[static_cast<std::size_t>(i)], x, ParamsOf(s, p));
}
// Where f or f′ may not be smooth: the zeros of what abs and sign read, of the difference of
// min's or max's operands, of the two sides of a comparison, and of an if's condition (a
// formula's kinks and jumps; floor's steps and domain edges are not listed). Each is found as
// a sign change on a grid over [−1000, 1000], finest near 0, and bisected to adjacent doubles.
std::vector<Expr> Switches(const Expr& f) {
  std::vector<Expr> out;
  for (const Node& n : f.nodes) {
    int a = -1, b = -1;
    if (n.op == Op::kCall && (n.fn == Fn::kAbs || n.fn == Fn::kSign)) a = n.a;
    if (n.op == Op::kCall && (n.fn == Fn::kMin || n.fn == Fn::kMax)) a = n.a, b = n.b;
    if (n.op >= Op::kLt && n.op <= Op::kNe) a = n.a, b = n.b;
    if (n.op == Op::kIf && !(f.nodes[static_cast<std::size_t>(n.a)].op >= Op::kLt &&
                             f.nodes[static_cast<std::size_t>(n.a)].op <= Op::kNe))
      a = n.a;
    if (a < 0) continue;
    Expr g = f;
    detail::Builder build(g);
    g.root = b < 0 ? a : build.Sub(a, b);
    out.push_back(std::move(g));
  }
  return out;
}

const std::vector<double>& Grid() {
  static const std::vector<double> grid = [] {
    std::vector<double> pos;  // steps of 0.001 to 1, 0.01 to 10, 1 to 1000; then mirrored
    for (int k = 1; k <= 1000; ++k)
      pos.push_back(0.001 * k);
    for (int k = 1; k <= 900; ++k)
      pos.push_back(1 + 0.01 * k);
    for (int k = 11; k <= 1000; ++k)
      pos.push_back(k);
    std::vector<double> all;
    for (auto it = pos.rbegin(); it != pos.rend(); ++it)
      all.push_back(-*it);
    all.push_back(0);
    all.insert(all.end(), pos.begin(), pos.end());
    return all;
  }();
  return grid;
}

int FindBreaks(const Slot& s, const Params& p, double* out) {
  const std::span<const double> args = ParamsOf(s, p);
  std::vector<double> found;
  const std::vector<double>& grid = Grid();
  for (const Expr& g : s.switches) {
    double x0 = grid[0], g0 = Exact(g, x0, args);
    for (std::size_t i = 1; i < grid.size(); ++i) {
      const double x1 = grid[i], g1 = Exact(g, x1, args);
      if (g1 == 0) {
        found.push_back(x1);
      } else if (g0 != 0 && std::isfinite(g0) && std::isfinite(g1) && (g0 < 0) != (g1 < 0)) {
        double lo = x0, hi = x1;  // g changes sign in (lo, hi): bisect to adjacent doubles
        const bool rising = g0 < 0;
        for (int k = 0; k < 80 && std::nextafter(lo, hi) < hi; ++k) {
          const double mid = 0.5 * (lo + hi), gm = Exact(g, mid, args);
          if (gm == 0) {
            lo = hi = mid;
            break;
          }
          ((gm < 0) == rising ? lo : hi) = mid;
        }
        found.push_back(hi);
      }
      x0 = x1;
      g0 = g1;
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  // More than fit: those nearest 0, in increasing order.
  if (found.size() > static_cast<std::size_t>(kMaxBreaks)) {
    std::sort(found.begin(), found.end(),
              [](double a, double b) { return std::fabs(a) < std::fabs(b); });
    found.resize(static_cast<std::size_t>(kMaxBreaks));
    std::sort(found.begin(), found.end());
  }
  std::copy(found.begin(), found.end(), out);
  return static_cast<int>(found.size());
}

template <int S>
int BreaksOfSlot(const Params& p, double* out) {
  Slot& s = g_slots[S];
  std::lock_guard<std::mutex> lock(s.breaks_mutex);  // computed once per parameter values
  if (!s.breaks_valid || s.breaks_params != p.v) {
    s.breaks_n = FindBreaks(s, p, s.breaks.data());
    s.breaks_params = p.v;
    s.breaks_valid = true;
  }
  std::copy(s.breaks.begin(), s.breaks.begin() + s.breaks_n, out);
  return s.breaks_n;
}

// The float32 kernels: compiled once per thread, slot and parameter values.
template <int S, bool kDerivative>
void Kernel(const float* in, float* out, std::size_t n, const float* p) {
  struct Cache {
    std::uint64_t generation = 0;
    std::array<float, kMaxParams> p{};
    std::unique_ptr<CompiledF32> compiled;
  };
  thread_local Cache cache;
  const Slot& s = g_slots[S];
  std::array<float, kMaxParams> q{};
  for (std::size_t i = 0; i < s.n; ++i)
    q[i] = p[i];
  if (!cache.compiled || cache.generation != s.generation || cache.p != q) {
    std::vector<double> d(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(s.n));
    cache.compiled = std::make_unique<CompiledF32>(kDerivative ? s.formula.df : s.formula.f, d);
    cache.generation = s.generation;
    cache.p = q;
  }
  cache.compiled->Run({in, n}, {out, n});
}

struct Trampolines {
  int (*breaks)(const Params&, double*);
  double (*f)(double, const Params&);
  double (*df)(double, const Params&);
  double (*dparam)(double, const Params&, int);
  void (*f32)(const float*, float*, std::size_t, const float*);
  void (*df32)(const float*, float*, std::size_t, const float*);
};
template <std::size_t... S>
constexpr std::array<Trampolines, sizeof...(S)> MakeTable(std::index_sequence<S...>) {
  return {Trampolines{&BreaksOfSlot<S>, &F<S>, &Df<S>, &Dparam<S>, &Kernel<S, false>,
                      &Kernel<S, true>}...};
}
constexpr auto kTable = MakeTable(std::make_index_sequence<kActivationSlots>());

}  // namespace

Params DefaultParams(const Formula& f) {
  Params p;
  for (std::size_t i = 0; i < f.defaults.size() && i < p.v.size(); ++i)
    p.v[i] = f.defaults[i];
  return p;
}

std::shared_ptr<const Activation> AsActivation(const Formula& f, std::string* error,
                                               const Naming& naming) {
  if (f.params.size() > static_cast<std::size_t>(kMaxParams)) {
    if (error)
      *error = "a formula as an activation has at most " + std::to_string(kMaxParams) +
               " parameters (this one has " + std::to_string(f.params.size()) + ")";
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(g_mutex);
  int k = 0;
  while (k < kActivationSlots && g_used[static_cast<std::size_t>(k)])
    ++k;
  if (k == kActivationSlots) {
    if (error) *error = "at most " + std::to_string(kActivationSlots) + " formulas at once";
    return nullptr;
  }
  const auto i = static_cast<std::size_t>(k);
  g_used[i] = true;
  Slot& s = g_slots[i];
  s.formula = f;
  s.n = f.params.size();
  s.generation = ++g_generation;
  s.switches = Switches(s.formula.f);
  {
    std::lock_guard<std::mutex> l(s.breaks_mutex);
    s.breaks_valid = false;
  }
  s.formula_text = "f(x) = " + ToString(f.f, f.params);
  s.derivative_text = "f′(x) = " + ToString(f.df, f.params);
  for (std::size_t j = 0; j < s.n; ++j) {
    ParamSpec& spec = s.specs[j];
    spec.name = s.formula.params[j];  // (views into the slot's own copy)
    spec.symbol = s.formula.params[j];
    spec.meaning = "a parameter of the formula";
    spec.def = f.defaults[j];
    spec.lo = std::min(-3.0, spec.def);  // the slider's −3…3, widened to hold the default
    spec.hi = std::max(3.0, spec.def);
    spec.domain = Domain::kAny;
    spec.learnable = true;
  }
  const Trampolines& t = kTable[i];
  Activation& a = s.act;
  a = Activation{};
  s.name = naming.name.empty() ? s.formula.text : naming.name;
  s.label = naming.label.empty() ? s.name : naming.label;
  a.name = s.name;
  a.label = s.label;
  a.group = naming.group;
  a.formula = s.formula_text;
  a.derivative = s.derivative_text;
  a.params = std::span<const ParamSpec>(s.specs.data(), s.n);
  a.f = t.f;
  a.df = t.df;
  a.f32 = t.f32;
  a.df32 = t.df32;
  a.breaks = t.breaks;
  a.dparam = s.n ? t.dparam : nullptr;
  // The slot is free again when the last pointer goes.
  std::shared_ptr<Slot> keep(&s, [i](Slot*) {
    std::lock_guard<std::mutex> l(g_mutex);
    g_used[i] = false;
  });
  return std::shared_ptr<const Activation>(keep, &s.act);
}

}  // namespace actviz::formula
