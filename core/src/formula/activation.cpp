// Typed formulas as Activations (activation.hpp). An Activation is a table of plain function
// pointers with no context, so each of kActivationSlots slots has its own trampolines
// (templates over the slot number) that read the formula the slot holds.
#include "actviz/formula/activation.hpp"

#include <array>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

namespace actviz::formula {
namespace {

struct Slot {
  Formula formula;
  std::size_t n = 0;  // parameters
  std::string formula_text, derivative_text;
  std::array<ParamSpec, kMaxParams> specs{};
  Activation act{};
  std::uint64_t generation = 0;  // a new formula in the slot: compiled kernels are stale
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
int NoBreaks(const Params&, double*) {
  return 0;  // (not derived from the formula yet: quadratures treat it as smooth)
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
  double (*f)(double, const Params&);
  double (*df)(double, const Params&);
  double (*dparam)(double, const Params&, int);
  void (*f32)(const float*, float*, std::size_t, const float*);
  void (*df32)(const float*, float*, std::size_t, const float*);
};
template <std::size_t... S>
constexpr std::array<Trampolines, sizeof...(S)> MakeTable(std::index_sequence<S...>) {
  return {Trampolines{&F<S>, &Df<S>, &Dparam<S>, &Kernel<S, false>, &Kernel<S, true>}...};
}
constexpr auto kTable = MakeTable(std::make_index_sequence<kActivationSlots>());

}  // namespace

Params DefaultParams(const Formula& f) {
  Params p;
  for (std::size_t i = 0; i < f.defaults.size() && i < p.v.size(); ++i)
    p.v[i] = f.defaults[i];
  return p;
}

std::shared_ptr<const Activation> AsActivation(const Formula& f, std::string* error) {
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
  s.formula_text = "f(x) = " + ToString(f.f, f.params);
  s.derivative_text = "f′(x) = " + ToString(f.df, f.params);
  for (std::size_t j = 0; j < s.n; ++j) {
    ParamSpec& spec = s.specs[j];
    spec.name = s.formula.params[j];  // (views into the slot's own copy)
    spec.symbol = s.formula.params[j];
    spec.meaning = "a parameter of the formula";
    spec.def = f.defaults[j];
    spec.lo = -3;
    spec.hi = 3;
    spec.domain = Domain::kAny;
    spec.learnable = true;
  }
  const Trampolines& t = kTable[i];
  Activation& a = s.act;
  a = Activation{};
  a.name = s.formula.text;
  a.label = s.formula.text;
  a.group = Group::kOther;
  a.formula = s.formula_text;
  a.derivative = s.derivative_text;
  a.params = std::span<const ParamSpec>(s.specs.data(), s.n);
  a.f = t.f;
  a.df = t.df;
  a.f32 = t.f32;
  a.df32 = t.df32;
  a.breaks = &NoBreaks;
  a.dparam = s.n ? t.dparam : nullptr;
  // The slot is free again when the last pointer goes.
  std::shared_ptr<Slot> keep(&s, [i](Slot*) {
    std::lock_guard<std::mutex> l(g_mutex);
    g_used[i] = false;
  });
  return std::shared_ptr<const Activation>(keep, &s.act);
}

}  // namespace actviz::formula
