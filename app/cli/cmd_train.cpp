// `actviz train` (spec/cli.md): the notebooks' small networks trained with the chosen
// activation; a summary, or --json with the loss and accuracy per epoch and the weights.

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "actviz/base/parse.hpp"
#include "actviz/networks/train.hpp"
#include "cli/commands_internal.hpp"
#include "cli/progress.hpp"
#include "figure/network_plots.hpp"

namespace actviz::cli {
namespace {

struct TrainArgs {
  FunctionArgs fn;
  std::string task, model = "mlp";
  std::string functions;       // one per hidden layer: NAME[(P=V,...)],...; empty: --function's
  bool freeze_params = false;  // learnable activation parameters (PReLU's α) kept fixed
  std::string hidden, output, loss, optimizer, lr, epochs, batch;  // empty: the task's default
  std::string seed = "0";
  bool json = false;
  std::string out;  // PNG of the views, rendered headless
  std::string size = "1600x900";
};

std::string Num(double v) {  // JSON has no NaN or ∞
  return std::isfinite(v) ? FormatShortest(v) : "null";
}

std::string Array(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i)
    s += (i ? "," : "") + Num(v[i]);
  return s + "]";
}

// "a, b, c": the names of a table, for a usage message.
template <class E>
std::string NameList(std::span<const NameRow<E>> table) {
  std::string s;
  for (const std::string& n : Names(table))
    s += (s.empty() ? "" : ", ") + n;
  return s;
}

template <class E>
std::optional<std::string> ParseEnum(std::string_view option, const std::string& text,
                                     std::span<const NameRow<E>> table, E& out) {
  if (text.empty()) return std::nullopt;  // the default
  const std::optional<E> v = FromName(table, text);
  if (!v) return std::string(option) + " " + Quote(text) + ": one of " + NameList(table);
  out = *v;
  return std::nullopt;
}

std::string Count(std::size_t n, const char* noun) {  // "1 hidden layer", "2 functions"
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

bool LearnsParams(const Network& net) {
  for (const Layer& l : net.layers)
    if (!l.learned.empty()) return true;
  return false;
}

std::vector<double> LearnedValues(const Layer& l) {
  std::vector<double> v;
  for (int i : l.learned)
    v.push_back(l.params.v[static_cast<std::size_t>(i)]);
  return v;
}

std::string Json(const Trainer& t, const Evaluation& e) {
  std::string s =
      "{\"parameters\":" + std::to_string(t.net.ParameterCount()) + ",\"loss\":" + Array(t.loss);
  if (t.data.classification) s += ",\"accuracy\":" + Array(t.accuracy);
  s += ",\"final\":{\"loss\":" + Num(e.loss);
  if (t.data.classification) s += ",\"accuracy\":" + Num(e.accuracy);
  s += "},\"weights\":[";
  for (std::size_t l = 0; l < t.net.layers.size(); ++l)
    s += (l ? "," : "") + Array(t.net.layers[l].w);
  s += "],\"biases\":[";
  for (std::size_t l = 0; l < t.net.layers.size(); ++l)
    s += (l ? "," : "") + Array(t.net.layers[l].b);
  s += "]";
  if (LearnsParams(t.net)) {  // the learned values, one array per hidden layer
    s += ",\"activation_params\":[";
    for (std::size_t l = 0; l + 1 < t.net.layers.size(); ++l)
      s += (l ? "," : "") + Array(LearnedValues(t.net.layers[l]));
    s += "]";
  }
  return s + "}\n";
}

std::string Text(const Trainer& t, const Evaluation& e) {
  std::string out;
  char line[200];
  std::snprintf(line, sizeof line, "%s, %zu parameters, %d epochs\n",
                t.spec.model == Model::kPerceptron ? "perceptron" : "dense network",
                t.net.ParameterCount(), t.epoch);
  out += line;
  const int step = std::max(1, t.epoch / 10);
  for (int i = step - 1; i < t.epoch; i += step) {
    std::snprintf(line, sizeof line, "epoch %7d  loss %-14.6g", i + 1,
                  t.loss[static_cast<std::size_t>(i)]);
    out += line;
    if (t.data.classification) {
      std::snprintf(line, sizeof line, "  accuracy %.4g", t.accuracy[static_cast<std::size_t>(i)]);
      out += line;
    }
    out += "\n";
  }
  for (std::size_t l = 0; l + 1 < t.net.layers.size(); ++l) {
    const Layer& L = t.net.layers[l];
    for (int i : L.learned) {
      std::snprintf(line, sizeof line, "layer %zu: learned %s = %.8g\n", l + 1,
                    std::string(L.fn->params[static_cast<std::size_t>(i)].name).c_str(),
                    L.params.v[static_cast<std::size_t>(i)]);
      out += line;
    }
  }
  std::snprintf(line, sizeof line, "final: loss %.8g", e.loss);
  out += line;
  if (t.data.classification) {
    std::snprintf(line, sizeof line, ", accuracy %.4g", e.accuracy);
    out += line;
  }
  return out + "\n";
}

int Run(const TrainArgs& a, bool dry) {
  Task task = Task::kXor;
  Model model = Model::kMlp;
  if (a.task.empty() || !FromName(TaskNames(), a.task))
    return Fail(kExitUsage, "--task " + Quote(a.task) + ": one of " + NameList(TaskNames()));
  task = *FromName(TaskNames(), a.task);
  if (auto err = ParseEnum("--model", a.model, ModelNames(), model)) return Fail(kExitUsage, *err);
  // The optimizer first: the default learning rate depends on it (SGD on square).
  Optimizer optimizer = Optimizer::kAdam;
  if (auto err = ParseEnum("--optimizer", a.optimizer, OptimizerNames(), optimizer))
    return Fail(kExitUsage, *err);
  if (!a.optimizer.empty() && model == Model::kPerceptron)
    return Fail(kExitUsage,
                "--optimizer: the perceptron learns by the perceptron rule, not by an optimizer "
                "(--optimizer is for --model mlp)");
  TrainSpec s = DefaultSpec(task, model, optimizer);
  // The perceptron is step with the function's θ; a dense network uses the function given.
  FunctionArgs fa = a.fn;
  const Selection sel = Resolve(fa, Precision::kF64);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  s.fn = sel.fn;
  s.params = sel.params;
  if (auto err = ParseEnum("--output", a.output, OutputNames(), s.output))
    return Fail(kExitUsage, *err);
  if (auto err = ParseEnum("--loss", a.loss, LossNames(), s.loss)) return Fail(kExitUsage, *err);
  if (!a.hidden.empty()) {
    if (model == Model::kPerceptron)
      return Fail(kExitUsage, "--hidden: the perceptron has no hidden layer");
    HiddenWidths h = ParseHiddenWidths(a.hidden);
    if (!h.error.empty()) return Fail(kExitUsage, "--hidden " + Quote(a.hidden) + ": " + h.error);
    s.hidden = std::move(h.widths);
  }
  std::vector<std::shared_ptr<const Activation>> owned;
  if (!a.functions.empty()) {
    if (model == Model::kPerceptron)
      return Fail(kExitUsage, "--functions: the perceptron has no hidden layer");
    LayerFunctions lf = ParseLayerFunctions(a.functions, s.fn, s.params);
    if (!lf.error.empty())
      return Fail(kExitUsage, "--functions " + Quote(a.functions) + ": " + lf.error);
    s.per_layer = std::move(lf.layers);
    owned = std::move(lf.owned);  // the {FORMULA} layers' activations, for the whole run
    if (s.per_layer.size() != s.hidden.size())
      return Fail(kExitUsage, "--functions gives " + Count(s.per_layer.size(), "function") +
                                  " for " + Count(s.hidden.size(), "hidden layer") +
                                  "; give one function per hidden layer (or match --hidden)");
  }
  s.freeze_params = a.freeze_params;
  if (!a.lr.empty())
    if (auto err = ParseNumber("--lr", a.lr, 1e-300, 1e6, s.lr)) return Fail(kExitUsage, *err);
  if (!a.epochs.empty())
    if (auto err = ParseCount("--epochs", a.epochs, 1, 1000000, s.epochs))
      return Fail(kExitUsage, *err);
  if (!a.batch.empty())
    if (auto err = ParseCount("--batch", a.batch, 1, 1000000, s.batch))
      return Fail(kExitUsage, *err);
  const std::optional<std::uint64_t> seed = ParseSeed(a.seed);
  if (!seed)
    return Fail(kExitUsage,
                "--seed " + Quote(a.seed) + ": expected a whole number from 0 to 2^64-1");
  s.seed = *seed;
  if (auto err = ValidateTrain(s)) return Fail(kExitUsage, *err);
  int size_w = 0, size_h = 0;
  if (auto err = ParseSize("--size", a.size, 64, 8192, size_w, size_h))
    return Fail(kExitUsage, *err);
  if (!a.out.empty())
    if (auto err = CheckOutput("--out", a.out)) return Fail(kExitFailure, *err);
  if (dry) return kExitOk;

  Trainer t = StartTraining(s);
  {
    LongRun run("training");
    t.cancel = &run.cancel();
    while (TrainEpoch(t))
      run.fraction() = static_cast<float>(t.epoch) / static_cast<float>(s.epochs);
    if (run.interrupted()) return run.Interrupted();
    t.cancel = nullptr;
  }
  if (!t.stopped.empty())
    return Fail(kExitFailure,
                t.stopped + (t.stopped_at_start ? " (use smaller activation parameters)"
                                                : " (try a smaller --lr)"));
  const Evaluation e = Evaluate(t.net, t.data, s.loss);
  if (!a.out.empty()) {
    // The window's Networks view, the same renderer as its Save PNG.
    figure::NetworkPlots plots;
    figure::BuildNetworkPlots(t, plots);
    if (auto err = figure::RenderNetworkFigurePng(a.out, plots, {}, size_w, size_h))
      return Fail(kExitFailure, *err);
    if (!a.json) return kExitOk;  // quiet on success when writing a file
  }
  return WriteStdout(a.json ? Json(t, e) : Text(t, e));
}

}  // namespace

Command RegisterTrain(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  TrainArgs& a = *args;
  auto* cmd = app.add_subcommand("train", "Train the notebooks' small networks (AND, OR, XOR, x²)");
  AddFunctionOptions(*cmd, a.fn);
  AddFormulaOption(*cmd, a.fn);
  cmd->add_option("--task", a.task,
                  "and, or, xor, square, circles, spiral, or a curve split: sine, cubic, abs")
      ->required();
  cmd->add_option("--model", a.model, "perceptron (step, perceptron rule) or mlp")
      ->capture_default_str();
  cmd->add_option("--hidden", a.hidden, "Hidden widths W[,W...] (mlp; default 2, square 6)");
  cmd->add_option("--functions", a.functions,
                  "A function per hidden layer F[(P=V,...)][,...], e.g. "
                  "leaky_relu(alpha=0.1),tanh,elu(alpha=0.5),{x*sigmoid(b*x)}(b=2) (a typed "
                  "formula in braces); a layer of --function's function "
                  "starts from --param's values, others from their defaults");
  cmd->add_flag("--freeze-params", a.freeze_params,
                "Keep learnable activation parameters fixed (PReLU's alpha is otherwise learned, "
                "one per hidden layer, starting from --param's value)");
  cmd->add_option("--output", a.output, "Output unit: linear (default) or sigmoid");
  cmd->add_option("--loss", a.loss, "mse (default) or bce");
  cmd->add_option("--optimizer", a.optimizer, "adam (default) or sgd (mlp)");
  cmd->add_option("--lr", a.lr, "Learning rate (default 0.01; square 0.005, or 0.001 with sgd)");
  cmd->add_option("--epochs", a.epochs, "Epochs (default 1000; square 100)");
  cmd->add_option("--batch", a.batch, "Mini-batch size (default 32)");
  cmd->add_option("--seed", a.seed, "Seed (same seed, same run)")->capture_default_str();
  cmd->add_flag("--json", a.json,
                "Print loss and accuracy per epoch and the weights as JSON (and "
                "\"activation_params\": the learned values per hidden layer, when any)");
  cmd->add_option("-o,--out", a.out,
                  "Also draw the decision surface (or the fit), loss, accuracy and units as PNG");
  cmd->add_option("--size", a.size, "PNG size WxH")->capture_default_str();
  return {cmd, "the training", [args](bool dry) { return Run(*args, dry); }};
}

}  // namespace actviz::cli
