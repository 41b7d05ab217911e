// `actviz eval`: numbers from stdin through f or f′, one shortest round-trip result per line.
// f64 answers with the scalar double path; f32 with the float32 array kernel itself.
// The input is streamed: read, evaluated and written in blocks, so memory stays bounded
// whatever the length of the input. Results are held back until kHoldBytes of output, so a
// bad token in any input of moderate size prints nothing at all (as a whole-input parse
// would); past that, the results before a bad token have been written and the message says so.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include "actviz/activations/kernels.hpp"
#include "actviz/base/parse.hpp"

#include "cli/commands_internal.hpp"

namespace actviz::cli {
namespace {

constexpr std::size_t kBlock = 1 << 16;       // numbers evaluated together
constexpr std::size_t kHoldBytes = 16 << 20;  // output held back before streaming
constexpr std::size_t kMaxToken = 1 << 16;    // longer than any number anyone writes
constexpr std::size_t kReadBytes = 1 << 16;

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// White-space separated tokens of stdin, read in fixed-size chunks.
class Tokens {
 public:
  // The next token into `tok`: true if there is one; false at the end of the input or on an
  // error (then `error` is set).
  bool Next(std::string& tok, std::string& error) {
    tok.clear();
    for (;;) {
      if (pos_ == len_) {
        if (eof_) return Ended(tok);
        len_ = std::fread(buf_, 1, sizeof buf_, stdin);
        pos_ = 0;
        if (len_ == 0) {
          if (std::ferror(stdin)) {
            error = "cannot read standard input";
            return false;
          }
          eof_ = true;
          return Ended(tok);
        }
      }
      while (pos_ < len_ && tok.empty() && IsSpace(buf_[pos_]))
        ++pos_;
      const std::size_t from = pos_;
      while (pos_ < len_ && !IsSpace(buf_[pos_]))
        ++pos_;
      tok.append(buf_ + from, pos_ - from);
      if (tok.size() > kMaxToken) {
        usage_ = true;
        error = "input number " + std::to_string(count_ + 1) + " is longer than " +
                std::to_string(kMaxToken) + " characters (expected decimal, inf, -inf or nan)";
        return false;
      }
      if (pos_ < len_ && !tok.empty()) {  // ended by white space
        ++count_;
        return true;
      }
    }
  }
  std::size_t count() const { return count_; }
  bool usage() const { return usage_; }  // the error is the input's, not the reading's

 private:
  bool Ended(const std::string& tok) {
    if (tok.empty()) return false;
    ++count_;
    return true;
  }
  char buf_[kReadBytes];
  std::size_t pos_ = 0, len_ = 0, count_ = 0;
  bool eof_ = false, usage_ = false;
};

std::string BadToken(const std::string& token, std::size_t index) {
  std::string shown = token.size() > 40 ? token.substr(0, 40) + "…" : token;
  return "input number " + std::to_string(index + 1) + " '" + shown +
         "' is not a number (expected decimal, inf, -inf or nan)";
}

// The output so far, held back until it is large, then written as it grows.
class Output {
 public:
  // False when stdout cannot be written (the message has been printed).
  bool Add(const std::string& s) {
    text_ += s;
    if (text_.size() < (written_ ? kReadBytes * 16 : kHoldBytes)) return true;
    return Flush();
  }
  bool Flush() {
    if (text_.empty()) return true;
    if (WriteStdout(text_) != kExitOk) return false;
    written_ = true;
    text_.clear();
    return true;
  }
  bool written() const { return written_; }

 private:
  std::string text_;
  bool written_ = false;
};

// The formula's parsed form, its derivative's and its parameters, as one JSON object.
int FormulaJson(const formula::Formula& f, const std::vector<double>& values) {
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < f.params.size(); ++i)
    params.push_back({{"name", f.params[i]}, {"default", f.defaults[i]}, {"value", values[i]}});
  nlohmann::ordered_json doc = {{"formula", f.text},
                                {"parsed", formula::ToString(f.f, f.params)},
                                {"derivative", formula::ToString(f.df, f.params)},
                                {"params", params}};
  return WriteStdout(doc.dump() + "\n");
}

// `eval --formula`: the true value of each input (or the value as written in a format, and
// its error in that format's ULP), one line each.
int RunEvalFormula(const EvalArgs& args, bool dry) {
  const Precision precision = args.type == "f32" ? Precision::kF32 : Precision::kF64;
  FormulaSelection sel = ResolveFormula(args.fn, precision);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  std::optional<formula::Format> written;
  if (!args.as_written.empty()) {
    written = formula::FormatOf(args.as_written);
    if (!written)
      return Fail(kExitUsage,
                  "--as-written " + Quote(args.as_written) + ": one of f64, f32, bf16, f16");
  }
  if (args.ulp && !written) return Fail(kExitUsage, "--ulp needs --as-written FORMAT");
  if (dry) return kExitOk;
  if (args.json) return FormulaJson(sel.formula, sel.params);
  if (auto err = formula::ExactError()) return Fail(kExitFailure, *err);
  const formula::Expr& e = args.derivative ? sel.formula.df : sel.formula.f;
  const formula::Format target =
      precision == Precision::kF32 ? formula::Format::kF32 : formula::Format::kF64;
  Tokens in;
  Output out;
  std::string tok, error, line;
  // float32 and exact: blocks through the batch path (intervals first, then the balls).
  const bool batch = !written && precision == Precision::kF32;
  std::vector<float> xs, ys;
  auto flush = [&] {
    ys.resize(xs.size());
    formula::ExactF32(e, xs, ys, sel.params);
    line.clear();
    for (float y : ys) {
      line += FormatShortest(y);
      line += '\n';
    }
    xs.clear();
    return out.Add(line);
  };
  for (;;) {
    const bool more = in.Next(tok, error);
    if (!error.empty()) return Fail(in.usage() ? kExitUsage : kExitFailure, error);
    if (!more) break;
    if (batch) {
      const std::optional<float> x = ParseFloat(tok);  // once, from the decimal, as rows do
      if (!x) return Fail(kExitUsage, BadToken(tok, in.count() - 1));
      xs.push_back(*x);
      if (xs.size() == kBlock && !flush()) return kExitFailure;
      continue;
    }
    const std::optional<double> x = ParseDouble(tok);
    if (!x) return Fail(kExitUsage, BadToken(tok, in.count() - 1));
    if (!written) {
      const double v = formula::Exact(e, *x, sel.params, target);
      line =
          precision == Precision::kF32 ? FormatShortest(static_cast<float>(v)) : FormatShortest(v);
    } else {
      const double v = formula::AsWritten(e, *x, sel.params, *written);
      line = *written == formula::Format::kF32 ? FormatShortest(static_cast<float>(v))
                                               : FormatShortest(v);
      if (args.ulp) {
        const double truth = formula::Exact(e, *x, sel.params, formula::Format::kF64);
        const double err = formula::UlpDistance(v, truth, *written);
        char buf[32];
        std::snprintf(buf, sizeof buf, " %.3g", err);
        line += buf;
      }
    }
    line += '\n';
    if (!out.Add(line)) return kExitFailure;
  }
  if (!xs.empty() && !flush()) return kExitFailure;
  return out.Flush() ? kExitOk : kExitFailure;
}

}  // namespace

int RunEval(const EvalArgs& args, bool dry) {
  if (args.fn.formula) return RunEvalFormula(args, dry);
  if (!args.as_written.empty() || args.ulp || args.json)
    return Fail(kExitUsage, "--as-written, --ulp and --json go with --formula");
  const Precision precision = args.type == "f32" ? Precision::kF32 : Precision::kF64;
  const Selection sel = Resolve(args.fn, precision);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  if (dry) return kExitOk;

  Tokens in;
  Output out;
  std::string tok, error, block;
  std::vector<float> xs, ys;
  xs.reserve(kBlock);
  auto* scalar = args.derivative ? sel.fn->df : sel.fn->f;
  const Eval which = args.derivative ? Eval::kDerivative : Eval::kValue;
  auto bad = [&](const std::string& message) {
    return Fail(kExitUsage,
                out.written() ? message + " (the results before it were written)" : message);
  };
  auto flush_f32 = [&] {
    ys.resize(xs.size());
    Apply(*sel.fn, which, xs, ys, sel.params);
    block.clear();
    for (float y : ys) {
      block += FormatShortest(y);
      block += '\n';
    }
    xs.clear();
    return out.Add(block);
  };
  block.reserve(kBlock * 16);
  for (;;) {
    const bool more = in.Next(tok, error);
    if (!error.empty()) return in.usage() ? bad(error) : Fail(kExitFailure, error);
    if (!more) break;
    const std::size_t index = in.count() - 1;
    if (precision == Precision::kF64) {
      const std::optional<double> x = ParseDouble(tok);
      if (!x) return bad(BadToken(tok, index));
      block = FormatShortest(scalar(*x, sel.params));
      block += '\n';
      if (!out.Add(block)) return kExitFailure;
    } else {
      const std::optional<float> x = ParseFloat(tok);
      if (!x) return bad(BadToken(tok, index));
      xs.push_back(*x);
      if (xs.size() == kBlock && !flush_f32()) return kExitFailure;
    }
  }
  if (!xs.empty() && !flush_f32()) return kExitFailure;
  return out.Flush() ? kExitOk : kExitFailure;
}

// The command's options, parsed into arguments that its run reads.
Command RegisterEval(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  EvalArgs& a = *args;
  CLI::App* sub = app.add_subcommand(
      "eval", "Evaluate f (or f′) at numbers read from stdin, one result per line");
  AddFunctionOptions(*sub, a.fn);
  AddFormulaOption(*sub, a.fn);
  sub->add_flag("-d,--derivative", a.derivative, "Evaluate f′ instead of f");
  sub->add_option("--as-written", a.as_written,
                  "With --formula: evaluate it as written, each operation rounded to f64, f32, "
                  "bf16 or f16")
      ->type_name("FORMAT");
  sub->add_flag("--ulp", a.ulp, "With --as-written: add each result's error in ULP of the format");
  sub->add_flag("--json", a.json,
                "With --formula: print its parsed form, derivative and parameters (no input)");
  sub->add_option("--type", a.type, "f64: scalar double path; f32: float32 kernel")
      ->check(OneOf({"f64", "f32"}))
      ->capture_default_str();
  return {sub, "evaluating the input", [args](bool dry) { return RunEval(*args, dry); }};
}

}  // namespace actviz::cli
