// The notebooks' small networks, trained (spec/cli.md `actviz train`): a perceptron with the
// step function and the perceptron rule, and dense networks with any catalogue activation per
// hidden layer, a linear or sigmoid output, MSE or cross-entropy, Adam (Keras's constants) or
// SGD on shuffled mini-batches. Double precision throughout, through each row's f and f′;
// every random number comes from one seeded generator defined here, so a seed gives the same
// run on every machine and thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/base/names.hpp"

namespace actviz {

enum class Task : unsigned char {
  kAnd,
  kOr,
  kXor,
  kSquare,
  kCircles,
  kSpiral,
  kSine,  // classes split by a curve y = g(x): a sine, a cubic, |x|
  kCubic,
  kAbs,
};
enum class Model : unsigned char { kPerceptron, kMlp };
enum class OutputUnit : unsigned char { kLinear, kSigmoid };
enum class Loss : unsigned char { kMse, kBce };
enum class Optimizer : unsigned char { kAdam, kSgd };

// The enums' names (FromName, NameOf, LabelOf: base/names.hpp).
std::span<const NameRow<Task>> TaskNames();
std::span<const NameRow<Model>> ModelNames();
std::span<const NameRow<OutputUnit>> OutputNames();
std::span<const NameRow<Loss>> LossNames();
std::span<const NameRow<Optimizer>> OptimizerNames();

// The data of a task: inputs (dim 2, or 1 for `square`) row by row, and targets.
struct Dataset {
  int dim = 2;
  std::vector<double> x, y;  // x: n·dim, y: n
  bool classification = true;
  std::size_t size() const { return y.size(); }
};
// and/or/xor: the four points of {0,1}² in the order (0,0), (0,1), (1,0), (1,1). square:
// x = −10 + k/100 for k = 0…2000, y = x² + 10·ε, ε standard normal from the seed. circles and
// spiral: 2-D classes in [0,1]² (TensorFlow Playground's), 200 points from the seed. sine,
// cubic, abs: 200 points uniform in [0,1]² from the seed, class 1 above the curve
// y = SplitCurve(task, x).
Dataset MakeDataset(Task task, std::uint64_t seed);
// The curve that splits a curve task's classes (NaN for the other tasks):
// sine 0.5 + 0.3·sin(2πx), cubic 0.5 + 3.2·(x − ½)³, abs 0.2 + 1.2·|x − ½|.
double SplitCurve(Task task, double x);

struct Layer {  // y = f(x·W + b); W is in × out, row-major (Keras's kernel layout)
  int in = 0, out = 0;
  std::vector<double> w, b;
  const Activation* fn = nullptr;  // nullptr: the output layer (linear or sigmoid)
  Params params;
  // Indices into params trained with the weights, one value shared by the layer's units
  // (PyTorch's nn.PReLU()): the row's learnable ones, none when the run freezes them.
  std::vector<int> learned;
};

struct Network {
  Model model = Model::kMlp;
  double theta = 0;  // the perceptron's step threshold
  OutputUnit output = OutputUnit::kLinear;
  std::vector<Layer> layers;  // hidden layers, then the one-unit output layer
  // Weights, biases and learned activation parameters.
  std::size_t ParameterCount() const;
};

// A hidden layer's function and its parameter values.
struct LayerFunction {
  const Activation* fn = nullptr;
  Params params;
  bool operator==(const LayerFunction& o) const { return fn == o.fn && params.v == o.params.v; }
};

struct TrainSpec {
  Task task = Task::kXor;
  Model model = Model::kMlp;
  std::vector<int> hidden = {2};
  const Activation* fn = nullptr;  // every hidden layer's, unless per_layer is set
  Params params;
  std::vector<LayerFunction> per_layer;  // optional: one per hidden layer
  bool freeze_params = false;            // keep learnable activation parameters (PReLU's α) fixed
  OutputUnit output = OutputUnit::kLinear;
  Loss loss = Loss::kMse;
  Optimizer optimizer = Optimizer::kAdam;
  double lr = 0.01;
  int epochs = 1000;
  int batch = 32;
  std::uint64_t seed = 0;
};

// A function per hidden layer as typed: `NAME[(P=V, ...)]` separated by commas, e.g.
// `leaky_relu(alpha=0.1),tanh,elu(alpha=0.5)`. A layer starts from `base`'s parameters
// when its function is `base` (the --function / the tab's selection) and from the row's
// defaults otherwise; the values typed replace those, each checked against its domain.
// Spaces around names, values and separators are allowed; at most 64 layers.
struct LayerFunctions {
  std::vector<LayerFunction> layers;
  std::string error;  // empty when the text parsed
  // {FORMULA} items: the formulas as activations, alive while this is (layers point at them).
  std::vector<std::shared_ptr<const Activation>> owned;
};
LayerFunctions ParseLayerFunctions(std::string_view text, const Activation* base,
                                   const Params& base_params);

// Hidden widths as typed ("6", "2,2,2", spaces around a width allowed): each a whole number
// 1…4096, at most 64 layers. The widths, or why the text is not that.
struct HiddenWidths {
  std::vector<int> widths;
  std::string error;  // empty when the text parsed
};
HiddenWidths ParseHiddenWidths(std::string_view text);

// The spec's defaults for a task, model and optimizer (hidden 2, lr 0.01, 1000 epochs;
// `square`: hidden 6, lr 0.005, 100 epochs; the perceptron: lr 0.01, 1000 epochs). SGD on
// `square` has its own rate, 0.001: its targets reach 100 and x reaches ±10, so Adam's 0.005
// makes plain gradient steps diverge in the first epoch (3e-3 already fails for some seeds).
inline constexpr double kSquareSgdLr = 0.001;
TrainSpec DefaultSpec(Task task, Model model, Optimizer optimizer = Optimizer::kAdam);

// An error message for a spec that cannot be trained (widths 1…4096, at most 64 hidden
// layers and 10⁷ parameters, lr finite and > 0, epochs 1…10⁶, batch ≥ 1, a function given).
std::optional<std::string> ValidateTrain(const TrainSpec& spec);

// The initial network of a spec: Glorot-uniform weights and zero biases from the seed (the
// perceptron starts at 0). The same seed gives the same start whatever the activation.
Network InitialNetwork(const TrainSpec& spec, const Dataset& data);

// The network's output for one input (the perceptron's: step(w·x + b − θ)).
double Predict(const Network& net, std::span<const double> x);

// Mean loss over the data, and accuracy (prediction > ½ counts as 1) for classification.
struct Evaluation {
  double loss = 0, accuracy = 0;
};
Evaluation Evaluate(const Network& net, const Dataset& data, Loss loss);

// ∂(mean loss over `rows` of the data)/∂(every parameter): every weight and bias in the
// layers' order (W then b of each layer), then every layer's learned activation parameters
// (layer by layer, in Layer::learned's order): backpropagation, for the optimiser and for the
// gradient check.
std::vector<double> Gradient(const Network& net, const Dataset& data, Loss loss,
                             std::span<const std::size_t> rows);

// One input's pass through a network (every layer's z and output, flat), and the buffers a
// run reuses every batch: the networks are tiny, so allocating per batch would cost more
// than the math.
struct PassBuffers {
  std::vector<double> z, a;
  std::vector<std::size_t> zoff, aoff;
  double out_z = 0, y_hat = 0;
  const double* Z(std::size_t l) const { return z.data() + zoff[l]; }
  const double* A(std::size_t l) const { return a.data() + aoff[l]; }
};
struct TrainScratch {
  PassBuffers pass;
  std::vector<double> g, delta, back;
  std::vector<std::size_t> order;
  // Every sample's pass at the weights of the last evaluation, while those weights stand:
  // the next epoch's first batch starts from them (the same numbers, computed once).
  std::vector<double> cached_z, cached_a, cached_out;
  bool cache_valid = false;
};

// Training state, so the window can run it a step at a time.
struct Trainer {
  TrainSpec spec;
  Dataset data;
  Network net;
  int epoch = 0;             // epochs done
  std::vector<double> m, v;  // Adam's moments, one per parameter
  std::uint64_t adam_t = 0;
  std::uint64_t rng = 0;               // the shuffling generator's state
  std::vector<double> loss, accuracy;  // after each epoch
  std::string stopped;  // why training stopped early (a NaN or ∞ loss), empty otherwise
  // The untrained network's loss was already NaN or ∞ (an activation parameter such as
  // prelu(alpha=1e308) overflows the first pass): no learning rate is to blame.
  bool stopped_at_start = false;
  TrainScratch scratch;
  // Polled between mini-batches and while evaluating (an epoch of a wide network takes
  // seconds): once set, TrainEpoch returns false with the epoch unfinished and uncounted.
  const std::atomic<bool>* cancel = nullptr;
};
Trainer StartTraining(const TrainSpec& spec);
// One epoch; false when training is over (all epochs done, stopped: see `stopped`, or
// cancelled).
bool TrainEpoch(Trainer& t);

// A network of `linear` layers is one affine map: the product of its weight matrices and
// the bias carried through, as (W, b) with W of dim × 1.
struct AffineMap {
  std::vector<double> w;
  double b = 0;
};
std::optional<AffineMap> CollapseLinear(const Network& net);

// ---- what the Networks views show (math here, drawing in the figure layer)

// The network's outputs for n inputs (xs: n·dim, row by row) into out (n).
void PredictMany(const Network& net, std::span<const double> xs, std::span<double> out);

// A hidden unit over the data: dead when f′(z) = 0 on every sample (no gradient reaches its
// weights), saturated when |f′(z)| < 0.01 on every sample but it is not dead; `active` is
// the fraction of samples with |f′(z)| ≥ 0.01.
struct UnitState {
  int layer = 0, unit = 0;  // hidden layer (0-based) and unit within it
  double active = 0;
  bool dead = false, saturated = false;
};
std::vector<UnitState> HiddenUnits(const Network& net, const Dataset& data);

// For a network of one input: the inputs x in [lo, hi] where some hidden unit's
// pre-activation crosses one of its function's breakpoints (a ReLU's kink at z = 0), found
// on `samples` points and refined by bisection; sorted, each with the layer of its unit.
struct Kink {
  double x = 0;
  int layer = 0;
};
std::vector<Kink> Kinks(const Network& net, double lo, double hi, int samples = 2001);

// The function's derivative is 0 wherever it is defined (step): no gradient flows through a
// hidden layer of it.
bool ZeroDerivative(const Activation& fn, const Params& p);

}  // namespace actviz
