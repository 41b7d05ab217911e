// The small networks of the notebooks, trained (see train.hpp).
// Sections: names · data · networks · forward, loss and backpropagation · training · collapse.
#include "actviz/networks/train.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>

#include "actviz/base/parse.hpp"
#include "actviz/formula/activation.hpp"
#include "actviz/formula/library.hpp"
#include "actviz/stats/samples.hpp"

namespace actviz {
namespace {

constexpr std::array<NameRow<Task>, 9> kTasks = {{
    {Task::kAnd, "and", "AND"},
    {Task::kOr, "or", "OR"},
    {Task::kXor, "xor", "XOR"},
    {Task::kSquare, "square", "x² + noise"},
    {Task::kCircles, "circles", "Circles"},
    {Task::kSpiral, "spiral", "Spiral"},
    {Task::kSine, "sine", "Split by a sine"},
    {Task::kCubic, "cubic", "Split by a cubic"},
    {Task::kAbs, "abs", "Split by |x|"},
}};
constexpr std::array<NameRow<Model>, 2> kModels = {{
    {Model::kPerceptron, "perceptron", "Perceptron (step, perceptron rule)"},
    {Model::kMlp, "mlp", "Dense network"},
}};
constexpr std::array<NameRow<OutputUnit>, 2> kOutputs = {{
    {OutputUnit::kLinear, "linear", "linear"},
    {OutputUnit::kSigmoid, "sigmoid", "sigmoid"},
}};
constexpr std::array<NameRow<Loss>, 2> kLosses = {{
    {Loss::kMse, "mse", "mean squared error"},
    {Loss::kBce, "bce", "cross-entropy"},
}};
constexpr std::array<NameRow<Optimizer>, 2> kOptimizers = {{
    {Optimizer::kAdam, "adam", "Adam"},
    {Optimizer::kSgd, "sgd", "SGD"},
}};

// splitmix64: the shuffles' generator, fully defined here (std::shuffle is not portable).
std::uint64_t Next(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The sampler's streams (samples.hpp), at offsets that keep the data's noise and each
// layer's weights apart: weights depend on the seed and the shapes only.
constexpr std::uint64_t kWeightsAt = std::uint64_t{1} << 40;

double Sigmoid(double z) {
  return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z));
}
double Softplus(double z) {  // ln(1 + eᶻ) without overflow
  return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}
constexpr double kClip = 1e-7;  // Keras clips probabilities for cross-entropy to [ε, 1 − ε]

}  // namespace

std::span<const NameRow<Task>> TaskNames() {
  return kTasks;
}
std::span<const NameRow<Model>> ModelNames() {
  return kModels;
}
std::span<const NameRow<OutputUnit>> OutputNames() {
  return kOutputs;
}
std::span<const NameRow<Loss>> LossNames() {
  return kLosses;
}
std::span<const NameRow<Optimizer>> OptimizerNames() {
  return kOptimizers;
}

// ---- data

Dataset MakeDataset(Task task, std::uint64_t seed) {
  Dataset d;
  switch (task) {
    case Task::kAnd:
    case Task::kOr:
    case Task::kXor: {
      d.x = {0, 0, 0, 1, 1, 0, 1, 1};
      for (int i = 0; i < 4; ++i) {
        const bool a = d.x[2 * i] > 0.5, b = d.x[2 * i + 1] > 0.5;
        d.y.push_back(task == Task::kAnd ? (a && b) : task == Task::kOr ? (a || b) : (a != b));
      }
      return d;
    }
    case Task::kSquare: {
      d.dim = 1;
      d.classification = false;
      std::vector<float> eps(2001);
      DrawSamples({Distribution::kNormal, eps.size(), 1, seed}, 0, eps);
      for (int k = 0; k <= 2000; ++k) {
        const double x = -10 + k / 100.0;
        d.x.push_back(x);
        d.y.push_back(x * x + 10 * static_cast<double>(eps[static_cast<std::size_t>(k)]));
      }
      return d;
    }
    case Task::kSine:
    case Task::kCubic:
    case Task::kAbs: {
      constexpr int n = 200;
      std::vector<float> u(2 * n);
      DrawSamples({Distribution::kUniform, u.size(), 1, seed}, 0, u);
      for (int i = 0; i < n; ++i) {
        const double px = static_cast<double>(u[static_cast<std::size_t>(2 * i)]) + 0.5;
        const double py = static_cast<double>(u[static_cast<std::size_t>(2 * i + 1)]) + 0.5;
        d.x.push_back(px);
        d.x.push_back(py);
        d.y.push_back(py > SplitCurve(task, px) ? 1 : 0);
      }
      return d;
    }
    case Task::kCircles:
    case Task::kSpiral: {
      // As TensorFlow Playground: 200 points, class 1 inside a disc and 0 on a ring around
      // it, or two interleaved spiral arms; scaled into [0, 1]².
      constexpr int n = 200;
      std::vector<float> u(4 * n);
      DrawSamples({Distribution::kUniform, u.size(), 1, seed}, 0, u);
      auto uni = [&](int i) { return static_cast<double>(u[static_cast<std::size_t>(i)]) + 0.5; };
      for (int i = 0; i < n; ++i) {
        double px = 0, py = 0;
        const bool inner = i < n / 2;
        if (task == Task::kCircles) {
          const double r = inner ? 0.5 * uni(4 * i) : 0.7 + 0.3 * uni(4 * i);
          const double a = 2 * M_PI * uni(4 * i + 1);
          px = r * std::cos(a);
          py = r * std::sin(a);
        } else {
          const int k = inner ? i : i - n / 2;
          const double r = static_cast<double>(k) / (n / 2);
          const double t = 1.75 * r * 2 * M_PI + (inner ? 0 : M_PI);
          px = r * std::sin(t) + 0.05 * (uni(4 * i + 2) - 0.5);
          py = r * std::cos(t) + 0.05 * (uni(4 * i + 3) - 0.5);
        }
        d.x.push_back(0.5 + 0.5 * px);
        d.x.push_back(0.5 + 0.5 * py);
        d.y.push_back(inner ? 1 : 0);
      }
      return d;
    }
  }
  return d;
}

double SplitCurve(Task task, double x) {
  switch (task) {
    case Task::kSine:
      return 0.5 + 0.3 * std::sin(2 * M_PI * x);
    case Task::kCubic:
      return 0.5 + 3.2 * (x - 0.5) * (x - 0.5) * (x - 0.5);
    case Task::kAbs:
      return 0.2 + 1.2 * std::fabs(x - 0.5);
    default:
      return NAN;
  }
}

// ---- networks

std::size_t Network::ParameterCount() const {
  std::size_t n = 0;
  for (const Layer& l : layers)
    n += l.w.size() + l.b.size() + l.learned.size();
  return n;
}

namespace {

std::string_view Trim(std::string_view t) {
  const std::size_t a = t.find_first_not_of(" \t");
  if (a == std::string_view::npos) return {};
  return t.substr(a, t.find_last_not_of(" \t") - a + 1);
}

// Splits at the commas outside parentheses; an error for a stray, nested or unclosed one
// (each said as what it is: "relu((x))" is balanced, its fault is the nesting).
std::optional<std::string> SplitTopLevel(std::string_view t, std::vector<std::string_view>& out) {
  int depth = 0;
  std::size_t start = 0, open = 0;
  auto where = [](std::size_t i) { return " at character " + std::to_string(i + 1); };
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && depth == 0) {  // a typed formula: its own parentheses and commas
      const std::size_t close = t.find('}', i);
      if (close == std::string_view::npos) return "'{'" + where(i) + " is not closed by '}'";
      i = close;
      continue;
    }
    if (t[i] == '(' && depth++ > 0)
      return "nested parentheses: '('" + where(i) +
             " inside a function's parameters (write NAME(P=V,...), one level)";
    if (t[i] == '(') open = i;
    if (t[i] == ')' && --depth < 0)
      return "unbalanced parentheses: ')'" + where(i) + " without its '('";
    if (t[i] == ',' && depth == 0) {
      out.push_back(t.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(t.substr(start));
  if (depth != 0) return "unbalanced parentheses: '('" + where(open) + " is not closed";
  return std::nullopt;
}

LayerFunctions Failed(LayerFunctions& r) {  // nothing parsed when anything is wrong
  r.layers.clear();
  return r;
}

std::string ParamNames(const Activation& fn) {
  std::string s;
  for (const ParamSpec& p : fn.params)
    s += (s.empty() ? "" : ", ") + std::string(p.name);
  return s;
}

}  // namespace

HiddenWidths ParseHiddenWidths(std::string_view text) {
  HiddenWidths r;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    std::string_view item =
        text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    int w = 0;
    bool ok = !item.empty() && item.size() <= 4;
    for (char c : item)  // at most 4 digits: no overflow
      if ((ok = ok && c >= '0' && c <= '9')) w = 10 * w + (c - '0');
    if (!ok || w < 1 || w > 4096) {
      r.widths.clear();
      r.error = "each width a whole number 1…4096, comma separated";
      return r;
    }
    r.widths.push_back(w);
    if (r.widths.size() > 64) {
      r.widths.clear();
      r.error = "at most 64 hidden layers";
      return r;
    }
    if (comma == std::string_view::npos) return r;
    start = comma + 1;
  }
}

LayerFunctions ParseLayerFunctions(std::string_view text, const Activation* base,
                                   const Params& base_params) {
  LayerFunctions r;
  std::vector<std::string_view> items;
  if (auto err = SplitTopLevel(text, items)) {
    r.error = *err;
    return Failed(r);
  }
  if (items.size() > 64) {
    r.error = "at most 64 layers (" + std::to_string(items.size()) + " functions given)";
    return Failed(r);
  }
  for (std::size_t n = 0; n < items.size(); ++n) {
    const std::string at = "layer " + std::to_string(n + 1) + ": ";
    const std::string_view item = Trim(items[n]);
    const bool typed = !item.empty() && item.front() == '{';
    const std::size_t close_brace = typed ? item.find('}') : 0;
    const std::size_t open = item.find('(', close_brace);
    const std::string_view name =
        typed ? item.substr(0, close_brace + 1) : Trim(item.substr(0, open));
    if (name.empty()) {
      r.error = at + "no function name" + (item.empty() ? " (an empty item)" : "");
      return Failed(r);
    }
    const Activation* fn = nullptr;
    Params defaults;
    if (typed) {  // {FORMULA}: the formula as this layer's activation
      formula::Formula f;
      if (auto err = formula::Parse(name.substr(1, name.size() - 2), f)) {
        r.error = at + "formula " + std::string(name) + ": " + *err;
        return Failed(r);
      }
      std::string err;
      std::shared_ptr<const Activation> a = formula::AsActivation(f, &err);
      if (!a) {
        r.error = at + "formula " + std::string(name) + ": " + err;
        return Failed(r);
      }
      fn = a.get();
      defaults = formula::DefaultParams(f);
      r.owned.push_back(std::move(a));
      if (open == std::string_view::npos && Trim(item.substr(close_brace + 1)).size()) {
        r.error = at + "expected '(' or ',' after " + std::string(name);
        return Failed(r);
      }
    } else {
      fn = formula::FindFunction(name);
      if (!fn) {
        r.error = at + "unknown function " + Quote(name) + "; one of " + formula::AllNames();
        return Failed(r);
      }
      defaults = fn == base ? base_params : Defaults(*fn);
    }
    LayerFunction lf{fn, defaults};
    if (open != std::string_view::npos) {
      const std::size_t close = item.rfind(')');
      if (close + 1 != item.size()) {
        r.error = at + "expected ')' to end " + std::string(name) + "'s parameters";
        return Failed(r);
      }
      const std::string_view inner = Trim(item.substr(open + 1, close - open - 1));
      std::vector<bool> given(fn->params.size(), false);
      std::size_t start = 0;
      while (!inner.empty()) {
        const std::size_t comma = inner.find(',', start);
        const std::string_view assign = Trim(inner.substr(start, comma - start));
        const std::size_t eq = assign.find('=');
        if (eq == std::string_view::npos) {
          r.error = at + std::string(name) + ": expected NAME=VALUE, got " + Quote(assign);
          return Failed(r);
        }
        const std::string_view pname = Trim(assign.substr(0, eq)),
                               vtext = Trim(assign.substr(eq + 1));
        const int i = ParamIndex(*fn, pname);
        if (i < 0) {
          r.error = at + std::string(name) + " has no parameter " + Quote(pname) +
                    (fn->params.empty() ? " (it has none)"
                                        : " (its parameters: " + ParamNames(*fn) + ")");
          return Failed(r);
        }
        const ParamSpec& spec = fn->params[static_cast<std::size_t>(i)];
        const std::string what = at + std::string(name) + " " + std::string(spec.name);
        if (given[static_cast<std::size_t>(i)]) {
          r.error = what + " is given twice";
          return Failed(r);
        }
        given[static_cast<std::size_t>(i)] = true;
        const std::optional<double> v = ParseDouble(vtext);
        if (!v) {
          r.error = what + ": " + Quote(vtext) + " is not a number";
          return Failed(r);
        }
        if (!std::isfinite(*v) || !InDomain(spec, *v)) {
          r.error = what + " must be " + DomainText(spec) + " (got " + Quote(vtext) + ")";
          return Failed(r);
        }
        lf.params.v[static_cast<std::size_t>(i)] = *v;
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
    }
    if (auto err = Validate(*fn, lf.params)) {
      r.error = at + *err;
      return Failed(r);
    }
    r.layers.push_back(lf);
  }
  return r;
}

TrainSpec DefaultSpec(Task task, Model model, Optimizer optimizer) {
  TrainSpec s;
  s.task = task;
  s.model = model;
  s.optimizer = optimizer;
  if (model == Model::kMlp && task == Task::kSquare) {
    s.hidden = {6};
    s.lr = optimizer == Optimizer::kSgd ? kSquareSgdLr : 0.005;
    s.epochs = 100;
  }
  if (model == Model::kPerceptron) s.hidden.clear();
  return s;
}

std::optional<std::string> ValidateTrain(const TrainSpec& s) {
  if (!(std::isfinite(s.lr) && s.lr > 0)) return "the learning rate must be finite and > 0";
  if (s.epochs < 1 || s.epochs > 1000000) return "epochs must be 1…1000000";
  if (s.batch < 1) return "the batch must be at least 1";
  if (s.model == Model::kPerceptron) return std::nullopt;
  if (!s.fn) return "no activation given";
  if (s.hidden.size() > 64) return "at most 64 hidden layers";
  if (!s.per_layer.empty() && s.per_layer.size() != s.hidden.size())
    return "one activation per hidden layer, or one for all";
  for (const LayerFunction& l : s.per_layer)
    if (!l.fn) return "no activation given for a hidden layer";
  double params = 0, in = s.task == Task::kSquare ? 1 : 2;
  for (int w : s.hidden) {
    if (w < 1 || w > 4096) return "every hidden width must be 1…4096";
    params += in * w + w;
    in = w;
  }
  params += in + 1;
  if (params > 1e7) return "at most 10⁷ parameters";
  return std::nullopt;
}

Network InitialNetwork(const TrainSpec& s, const Dataset& data) {
  Network net;
  net.model = s.model;
  net.output = s.model == Model::kPerceptron ? OutputUnit::kLinear : s.output;
  net.theta = s.model == Model::kPerceptron && s.fn && ParamIndex(*s.fn, "theta") >= 0
                  ? s.params.v[static_cast<std::size_t>(ParamIndex(*s.fn, "theta"))]
                  : 0;
  int in = data.dim;
  std::uint64_t at = kWeightsAt;
  auto add = [&](int out, const Activation* fn, const Params& params) {
    Layer l;
    l.in = in;
    l.out = out;
    l.fn = fn;
    l.params = params;
    if (fn && s.model == Model::kMlp && !s.freeze_params && fn->dparam)
      for (std::size_t i = 0; i < fn->params.size(); ++i)
        if (fn->params[i].learnable) l.learned.push_back(static_cast<int>(i));
    l.w.assign(static_cast<std::size_t>(in) * static_cast<std::size_t>(out), 0.0);
    l.b.assign(static_cast<std::size_t>(out), 0.0);
    if (s.model == Model::kMlp) {
      // Glorot uniform: U(±√(6/(in + out))), the sampler's U(−½, ½)·S with S twice that.
      std::vector<float> u(l.w.size());
      DrawSamples({Distribution::kUniform, u.size(), 2 * std::sqrt(6.0 / (in + out)), s.seed}, at,
                  u);
      at += u.size();
      for (std::size_t i = 0; i < u.size(); ++i)
        l.w[i] = u[i];
    }
    net.layers.push_back(std::move(l));
    in = out;
  };
  if (s.model == Model::kMlp)
    for (std::size_t i = 0; i < s.hidden.size(); ++i) {
      const bool own = s.per_layer.size() == s.hidden.size();
      add(s.hidden[i], own ? s.per_layer[i].fn : s.fn, own ? s.per_layer[i].params : s.params);
    }
  add(1, nullptr, s.params);
  return net;
}

// ---- forward, loss and backpropagation

namespace {

// One input through the network, keeping every layer's pre-activation z and output a in
// flat arrays (layer l's at offset off[l]; a's first block is the input): the networks are
// tiny and a pass is dozens of flops, so per-layer vectors would cost more than the math.
using Pass = PassBuffers;

// Lays out p's arrays for the network (once: a run reuses them).
void Layout(const Network& net, std::size_t dim, Pass& p) {
  const std::size_t n = net.layers.size();
  if (p.zoff.size() == n + 1 && p.aoff.size() == n + 1 && p.a.size() >= dim &&
      (n == 0 || p.aoff[1] == dim))
    return;
  p.zoff.assign(1, 0);
  p.aoff.assign(1, 0);
  std::size_t zs = 0, as = dim;
  for (const Layer& L : net.layers) {
    p.zoff.push_back(zs += static_cast<std::size_t>(L.out));
    p.aoff.push_back(as);
    as += static_cast<std::size_t>(L.out);
  }
  p.z.assign(zs, 0.0);
  p.a.assign(as, 0.0);
}

// The pass into z and a, laid out as `lay` (they may be lay's own arrays or a cached
// sample's slot, so evaluation writes straight into the cache the next batch reads).
void ForwardInto(const Network& net, const double* x, std::size_t dim, const Pass& lay, double* zs,
                 double* as, double& out_z, double& y_hat) {
  const std::size_t n = net.layers.size();
  std::copy(x, x + dim, as);
  for (std::size_t l = 0; l < n; ++l) {
    const Layer& L = net.layers[l];
    const std::size_t out = static_cast<std::size_t>(L.out), in_n = static_cast<std::size_t>(L.in);
    double* z = zs + lay.zoff[l];
    const double* in = as + lay.aoff[l];
    double* a = as + lay.aoff[l + 1];
    const double* w = L.w.data();
    const double* b = L.b.data();
    // Each sum in a register, in the order b + x₀w₀ⱼ + x₁w₁ⱼ + …: accumulating in z[j]
    // itself would store and reload it every term (z might alias w as far as the compiler knows).
    for (std::size_t j = 0; j < out; ++j) {
      double sum = b[j];
      for (std::size_t i = 0; i < in_n; ++i)
        sum += in[i] * w[i * out + j];
      z[j] = sum;
    }
    if (L.fn) {
      double (*f)(double, const Params&) = L.fn->f;
      for (std::size_t j = 0; j < out; ++j)
        a[j] = f(z[j], L.params);
    } else {
      std::copy(z, z + out, a);
    }
  }
  out_z = zs[lay.zoff[n - 1]];
  if (net.model == Model::kPerceptron)
    y_hat = out_z > net.theta ? 1 : 0;
  else
    y_hat = net.output == OutputUnit::kSigmoid ? Sigmoid(out_z) : out_z;
}

void Forward(const Network& net, std::span<const double> x, Pass& p) {
  Layout(net, x.size(), p);
  ForwardInto(net, x.data(), x.size(), p, p.z.data(), p.a.data(), p.out_z, p.y_hat);
}

double SampleLoss(const Network& net, double out_z, double y_hat, double y, Loss loss) {
  if (loss == Loss::kMse) return (y_hat - y) * (y_hat - y);
  if (net.output == OutputUnit::kSigmoid && net.model == Model::kMlp)
    return Softplus(out_z) - y * out_z;  // −[y ln σ(z) + (1 − y) ln(1 − σ(z))], exactly
  const double q = std::clamp(y_hat, kClip, 1 - kClip);
  return -(y * std::log(q) + (1 - y) * std::log(1 - q));
}

// ∂loss/∂z of the output unit.
double OutputDelta(const Network& net, double y_hat, double y, Loss loss) {
  const bool sigmoid = net.output == OutputUnit::kSigmoid;
  if (loss == Loss::kMse) {
    const double d = 2 * (y_hat - y);
    return sigmoid ? d * y_hat * (1 - y_hat) : d;
  }
  if (sigmoid) return y_hat - y;
  if (y_hat <= kClip || y_hat >= 1 - kClip) return 0;  // clipped: flat
  return (y_hat - y) / (y_hat * (1 - y_hat));
}

}  // namespace

double Predict(const Network& net, std::span<const double> x) {
  Pass p;
  Forward(net, x, p);
  return p.y_hat;
}

namespace {

Evaluation EvaluateWith(const Network& net, const Dataset& data, Loss loss, Pass& p,
                        TrainScratch* keep = nullptr, const std::atomic<bool>* cancel = nullptr) {
  Evaluation e;
  const std::size_t n = data.size(), dim = static_cast<std::size_t>(data.dim);
  Layout(net, dim, p);
  const std::size_t zs = p.z.size(), as = p.a.size();
  if (keep) {  // every sample's pass in its slot (sized once per run)
    keep->cached_z.resize(n * zs);
    keep->cached_a.resize(n * as);
    keep->cached_out.resize(2 * n);
  }
  std::size_t right = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (cancel && i % 16 == 0 && cancel->load(std::memory_order_relaxed)) return e;
    double out_z = 0, y_hat = 0;
    ForwardInto(net, data.x.data() + i * dim, dim, p,
                keep ? keep->cached_z.data() + i * zs : p.z.data(),
                keep ? keep->cached_a.data() + i * as : p.a.data(), out_z, y_hat);
    if (keep) {
      keep->cached_out[2 * i] = out_z;
      keep->cached_out[2 * i + 1] = y_hat;
    }
    e.loss += SampleLoss(net, out_z, y_hat, data.y[i], loss);
    right += (y_hat > 0.5) == (data.y[i] > 0.5);
  }
  e.loss /= static_cast<double>(n);
  e.accuracy = data.classification ? static_cast<double>(right) / static_cast<double>(n) : 0;
  return e;
}

}  // namespace

Evaluation Evaluate(const Network& net, const Dataset& data, Loss loss) {
  Pass p;
  return EvaluateWith(net, data, loss, p);
}

namespace {

// Gradient into the scratch's g, with its buffers. The per-sample work is a few dozen flops:
// everything here is laid out once per run and read through plain pointers.
void GradientInto(const Network& net, const Dataset& data, Loss loss,
                  std::span<const std::size_t> rows, TrainScratch& sc) {
  std::vector<double>& g = sc.g;
  g.assign(net.ParameterCount(), 0.0);
  Pass& p = sc.pass;
  const std::size_t dim = static_cast<std::size_t>(data.dim), n = net.layers.size();
  Layout(net, dim, p);
  const std::size_t zs = p.z.size(), as = p.a.size();
  const bool cached = sc.cache_valid && sc.cached_z.size() == data.size() * zs &&
                      sc.cached_a.size() == data.size() * as;
  std::size_t widest = 1, learned = 0;
  for (const Layer& L : net.layers) {
    widest = std::max({widest, static_cast<std::size_t>(L.in), static_cast<std::size_t>(L.out)});
    learned += L.learned.size();
  }
  if (sc.delta.size() < widest) sc.delta.resize(widest);
  if (sc.back.size() < widest) sc.back.resize(widest);
  double* gd = g.data();
  for (std::size_t r : rows) {
    const double *z = nullptr, *a = nullptr;
    double y_hat = 0;
    if (cached) {
      z = sc.cached_z.data() + r * zs;
      a = sc.cached_a.data() + r * as;
      y_hat = sc.cached_out[2 * r + 1];
    } else {
      double out_z = 0;
      ForwardInto(net, data.x.data() + r * dim, dim, p, p.z.data(), p.a.data(), out_z, y_hat);
      z = p.z.data();
      a = p.a.data();
    }
    double *delta = sc.delta.data(), *back = sc.back.data();
    delta[0] = OutputDelta(net, y_hat, data.y[r], loss);
    // The layers' blocks are laid out in order, the learned activation parameters after all
    // weights and biases; walk both backwards.
    std::size_t end = g.size() - learned, lend = g.size();
    for (std::size_t l = n; l-- > 0;) {
      const Layer& L = net.layers[l];
      const std::size_t in_n = static_cast<std::size_t>(L.in),
                        out = static_cast<std::size_t>(L.out);
      const std::size_t w0 = end - in_n * out - out, b0 = end - out;
      const double* in = a + p.aoff[l];
      for (std::size_t i = 0; i < in_n; ++i) {
        double* gw = gd + w0 + i * out;
        const double x = in[i];
        for (std::size_t j = 0; j < out; ++j)
          gw[j] += x * delta[j];
      }
      for (std::size_t j = 0; j < out; ++j)
        gd[b0 + j] += delta[j];
      end = w0;
      if (l == 0) break;
      // δ of the layer below: (δ·Wᵀ) ⊙ f′(z) of that layer.
      const Layer& below = net.layers[l - 1];
      const std::size_t nl = below.learned.size(), l0 = lend - nl;
      lend = l0;
      const double* w = L.w.data();
      const double* zb = z + p.zoff[l - 1];
      double (*df)(double, const Params&) = below.fn ? below.fn->df : nullptr;
      for (std::size_t i = 0; i < in_n; ++i) {
        double s = 0;
        for (std::size_t j = 0; j < out; ++j)
          s += w[i * out + j] * delta[j];
        const double zi = zb[i];
        back[i] = s * (df ? df(zi, below.params) : 1);
        // ∂loss/∂(a parameter the layer's units share): Σ over units of ∂loss/∂a · ∂f/∂p.
        for (std::size_t k = 0; k < nl; ++k)
          gd[l0 + k] += s * below.fn->dparam(zi, below.params, below.learned[k]);
      }
      std::swap(delta, back);
    }
  }
  const double scale = rows.empty() ? 0 : 1.0 / static_cast<double>(rows.size());
  for (double& v : g)
    v *= scale;
}

}  // namespace

std::vector<double> Gradient(const Network& net, const Dataset& data, Loss loss,
                             std::span<const std::size_t> rows) {
  TrainScratch sc;
  GradientInto(net, data, loss, rows, sc);
  return std::move(sc.g);
}

// ---- training

Trainer StartTraining(const TrainSpec& spec) {
  Trainer t;
  t.spec = spec;
  t.data = MakeDataset(spec.task, spec.seed);
  t.net = InitialNetwork(spec, t.data);
  t.m.assign(t.net.ParameterCount(), 0.0);
  t.v.assign(t.net.ParameterCount(), 0.0);
  t.rng = spec.seed ^ 0x5DEECE66Dull;
  // One entry per epoch: reserved, so a run does not regrow them as it goes.
  const std::size_t epochs = static_cast<std::size_t>(std::clamp(spec.epochs, 0, 100000));
  t.loss.reserve(epochs);
  if (t.data.classification) t.accuracy.reserve(epochs);
  return t;
}

namespace {

// Every weight and bias, then every learned activation parameter, in Gradient's order, for
// the optimiser's updates.
template <class F>
void ForEachParameter(Network& net, F&& f) {
  std::size_t k = 0;
  for (Layer& l : net.layers) {
    for (double& w : l.w)
      f(k++, w);
    for (double& b : l.b)
      f(k++, b);
  }
  for (Layer& l : net.layers)
    for (int i : l.learned)
      f(k++, l.params.v[static_cast<std::size_t>(i)]);
}

void PerceptronEpoch(Trainer& t) {
  Layer& L = t.net.layers[0];
  const std::size_t dim = static_cast<std::size_t>(t.data.dim);
  Pass p;
  for (std::size_t i = 0; i < t.data.size(); ++i) {
    const std::span<const double> x = std::span<const double>(t.data.x).subspan(i * dim, dim);
    Forward(t.net, x, p);
    const double err = t.spec.lr * (t.data.y[i] - p.y_hat);
    for (std::size_t k = 0; k < dim; ++k)
      L.w[k] += err * x[k];
    L.b[0] += err;
  }
}

bool Cancelled(const Trainer& t) {
  return t.cancel && t.cancel->load(std::memory_order_relaxed);
}

void MlpEpoch(Trainer& t) {
  const std::size_t n = t.data.size();
  std::vector<std::size_t>& order = t.scratch.order;
  order.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    order[i] = i;
  for (std::size_t i = n; i > 1; --i)
    std::swap(order[i - 1], order[Next(t.rng) % i]);
  const std::size_t batch = std::min<std::size_t>(static_cast<std::size_t>(t.spec.batch), n);
  for (std::size_t start = 0; start < n; start += batch) {
    if (Cancelled(t)) return;
    const std::span<const std::size_t> rows(order.data() + start, std::min(batch, n - start));
    GradientInto(t.net, t.data, t.spec.loss, rows, t.scratch);
    t.scratch.cache_valid = false;  // the weights change now
    const std::vector<double>& g = t.scratch.g;
    if (t.spec.optimizer == Optimizer::kSgd) {
      ForEachParameter(t.net, [&](std::size_t k, double& w) { w -= t.spec.lr * g[k]; });
      continue;
    }
    // Adam with Keras's constants and its form: the bias correction folded into the rate.
    constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-7;
    ++t.adam_t;
    const double tt = static_cast<double>(t.adam_t);
    const double rate = t.spec.lr * std::sqrt(1 - std::pow(b2, tt)) / (1 - std::pow(b1, tt));
    ForEachParameter(t.net, [&](std::size_t k, double& w) {
      t.m[k] = b1 * t.m[k] + (1 - b1) * g[k];
      t.v[k] = b2 * t.v[k] + (1 - b2) * g[k] * g[k];
      w -= rate * t.m[k] / (std::sqrt(t.v[k]) + eps);
    });
  }
}

}  // namespace

namespace {

// " with layer 1's prelu alpha = 1e308, …": the hidden layers' parameters that differ from
// their rows' defaults, the likely cause of a first pass that overflows.
std::string SetParameters(const Network& net) {
  std::string out;
  for (std::size_t l = 0; l + 1 < net.layers.size(); ++l) {
    const Layer& L = net.layers[l];
    if (!L.fn) continue;
    const Params d = Defaults(*L.fn);
    for (std::size_t i = 0; i < L.fn->params.size(); ++i)
      if (L.params.v[i] != d.v[i])
        out += std::string(out.empty() ? " with " : ", ") + "layer " + std::to_string(l + 1) +
               "'s " + std::string(L.fn->name) + " " + std::string(L.fn->params[i].name) + " = " +
               FormatShortest(L.params.v[i]);
  }
  return out;
}

}  // namespace

bool TrainEpoch(Trainer& t) {
  if (t.epoch >= t.spec.epochs || !t.stopped.empty()) return false;
  if (t.spec.model == Model::kPerceptron)
    PerceptronEpoch(t);
  else
    MlpEpoch(t);
  if (Cancelled(t)) return false;
  ++t.epoch;
  // The passes are kept for the next epoch's first batch (the perceptron changes its weights
  // sample by sample and uses none).
  const bool keep = t.spec.model == Model::kMlp;
  const Evaluation e = EvaluateWith(t.net, t.data, t.spec.loss, t.scratch.pass,
                                    keep ? &t.scratch : nullptr, t.cancel);
  if (Cancelled(t)) return false;
  t.scratch.cache_valid = keep;
  t.loss.push_back(e.loss);
  if (t.data.classification) t.accuracy.push_back(e.accuracy);
  if (!std::isfinite(e.loss)) {
    t.stopped = std::string("the loss became ") + (std::isnan(e.loss) ? "NaN" : "infinite") +
                " after epoch " + std::to_string(t.epoch) + "; training stopped";
    // Before the first step? Then the cause is in what the network computes, not in the
    // steps: say which activation parameters were set (one evaluation, only when stopping).
    const Network first = t.epoch == 1 ? InitialNetwork(t.spec, t.data) : Network{};
    const double start = t.epoch == 1 ? Evaluate(first, t.data, t.spec.loss).loss : 0;
    if (!std::isfinite(start)) {
      t.stopped_at_start = true;
      t.stopped = std::string("the untrained network's loss is already ") +
                  (std::isnan(start) ? "NaN" : "infinite") + SetParameters(first) +
                  ": the first pass overflows, whatever the learning rate; training stopped";
    }
    return false;
  }
  return t.epoch < t.spec.epochs;
}

// ---- collapse

std::optional<AffineMap> CollapseLinear(const Network& net) {
  if (net.model != Model::kMlp || net.output != OutputUnit::kLinear || net.layers.empty())
    return std::nullopt;
  const int dim = net.layers[0].in;
  // A (dim × k) and c (k): the map so far, x ↦ x·A + c.
  std::vector<double> a(static_cast<std::size_t>(dim) * static_cast<std::size_t>(dim), 0.0),
      c(static_cast<std::size_t>(dim), 0.0);
  for (int i = 0; i < dim; ++i)
    a[static_cast<std::size_t>(i * dim + i)] = 1;
  int k = dim;
  for (const Layer& L : net.layers) {
    double lambda = 1;
    if (L.fn) {
      if (L.fn->name != "linear") return std::nullopt;
      lambda = L.params.v[0];
    }
    std::vector<double> a2(static_cast<std::size_t>(dim) * static_cast<std::size_t>(L.out), 0.0),
        c2(L.b);
    for (int r = 0; r < dim; ++r)
      for (int i = 0; i < k; ++i)
        for (int j = 0; j < L.out; ++j)
          a2[static_cast<std::size_t>(r * L.out + j)] +=
              a[static_cast<std::size_t>(r * k + i)] * L.w[static_cast<std::size_t>(i * L.out + j)];
    for (int i = 0; i < k; ++i)
      for (int j = 0; j < L.out; ++j)
        c2[static_cast<std::size_t>(j)] +=
            c[static_cast<std::size_t>(i)] * L.w[static_cast<std::size_t>(i * L.out + j)];
    for (double& v : a2)
      v *= lambda;
    for (double& v : c2)
      v *= lambda;
    a = std::move(a2);
    c = std::move(c2);
    k = L.out;
  }
  return AffineMap{a, c[0]};
}

// ---- views

void PredictMany(const Network& net, std::span<const double> xs, std::span<double> out) {
  Pass p;
  const std::size_t dim = static_cast<std::size_t>(net.layers.empty() ? 1 : net.layers[0].in);
  for (std::size_t i = 0; i < out.size() && (i + 1) * dim <= xs.size(); ++i) {
    Forward(net, xs.subspan(i * dim, dim), p);
    out[i] = p.y_hat;
  }
}

std::vector<UnitState> HiddenUnits(const Network& net, const Dataset& data) {
  std::vector<UnitState> units;
  if (net.model != Model::kMlp || net.layers.size() < 2) return units;
  const std::size_t hidden = net.layers.size() - 1, dim = static_cast<std::size_t>(data.dim);
  std::vector<std::size_t> first(hidden + 1, 0);
  for (std::size_t l = 0; l < hidden; ++l)
    first[l + 1] = first[l] + static_cast<std::size_t>(net.layers[l].out);
  std::vector<std::size_t> active(first[hidden], 0), nonzero(first[hidden], 0);
  Pass p;
  for (std::size_t i = 0; i < data.size(); ++i) {
    Forward(net, std::span<const double>(data.x).subspan(i * dim, dim), p);
    for (std::size_t l = 0; l < hidden; ++l) {
      const Layer& L = net.layers[l];
      for (int j = 0; j < L.out; ++j) {
        const double d = std::fabs(L.fn->df(p.Z(l)[j], L.params));
        const std::size_t u = first[l] + static_cast<std::size_t>(j);
        active[u] += d >= 0.01;
        nonzero[u] += d != 0;  // NaN counts as alive: it is not a zero gradient
      }
    }
  }
  const double n = static_cast<double>(std::max<std::size_t>(data.size(), 1));
  for (std::size_t l = 0; l < hidden; ++l)
    for (int j = 0; j < net.layers[l].out; ++j) {
      const std::size_t u = first[l] + static_cast<std::size_t>(j);
      UnitState s;
      s.layer = static_cast<int>(l);
      s.unit = j;
      s.active = static_cast<double>(active[u]) / n;
      s.dead = nonzero[u] == 0;
      s.saturated = !s.dead && active[u] == 0;
      units.push_back(s);
    }
  return units;
}

std::vector<Kink> Kinks(const Network& net, double lo, double hi, int samples) {
  std::vector<Kink> out;
  if (net.model != Model::kMlp || net.layers.size() < 2 || net.layers[0].in != 1 || samples < 2)
    return out;
  const std::size_t hidden = net.layers.size() - 1;
  Pass p;
  // g(x) = z(x) − break for one unit; a sign change between samples brackets a kink.
  auto at = [&](double x, std::size_t l, int j, double brk) {
    Forward(net, std::span<const double>(&x, 1), p);
    return p.Z(l)[j] - brk;
  };
  for (std::size_t l = 0; l < hidden; ++l) {
    const Layer& L = net.layers[l];
    const Breaks br = BreaksOf(*L.fn, L.params);
    for (int j = 0; j < L.out; ++j)
      for (double brk : br) {
        if (!std::isfinite(brk)) continue;
        double x0 = lo, g0 = at(lo, l, j, brk);
        for (int k = 1; k < samples; ++k) {
          const double x1 = lo + (hi - lo) * k / (samples - 1), g1 = at(x1, l, j, brk);
          if ((g0 < 0) != (g1 < 0) && std::isfinite(g0) && std::isfinite(g1)) {
            double a = x0, b = x1, ga = g0;
            for (int it = 0; it < 60; ++it) {
              const double m = 0.5 * (a + b), gm = at(m, l, j, brk);
              if ((gm < 0) == (ga < 0))
                a = m, ga = gm;
              else
                b = m;
            }
            out.push_back({0.5 * (a + b), static_cast<int>(l)});
          }
          x0 = x1, g0 = g1;
        }
      }
  }
  std::sort(out.begin(), out.end(), [](const Kink& a, const Kink& b) { return a.x < b.x; });
  return out;
}

bool ZeroDerivative(const Activation& fn, const Params& p) {
  for (int k = -400; k <= 400; ++k)
    if (fn.df(k / 20.0 + 0.013, p) != 0) return false;  // off any breakpoint on the grid
  return true;
}

}  // namespace actviz
