// `actviz eval`: numbers from stdin through f or f′, one shortest round-trip result per line.
// f64 answers with the scalar double path; f32 with the float32 array kernel itself.
#include <cstdio>
#include <string>
#include <vector>

#include "actviz/kernels.hpp"
#include "actviz/parse.hpp"
#include "cli/commands_internal.hpp"

namespace actviz::cli {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Splits stdin into tokens; reads all of it first so a bad token prints nothing at all.
bool ReadTokens(std::vector<std::string>& tokens, std::string& error) {
  std::string data;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0)
    data.append(buf, n);
  if (std::ferror(stdin)) {
    error = "cannot read standard input";
    return false;
  }
  std::size_t i = 0;
  while (i < data.size()) {
    while (i < data.size() && IsSpace(data[i]))
      ++i;
    std::size_t j = i;
    while (j < data.size() && !IsSpace(data[j]))
      ++j;
    if (j > i) tokens.emplace_back(data, i, j - i);
    i = j;
  }
  return true;
}

std::string BadToken(const std::string& token, std::size_t index) {
  std::string shown = token.size() > 40 ? token.substr(0, 40) + "…" : token;
  return "input number " + std::to_string(index + 1) + " '" + shown +
         "' is not a number (expected decimal, inf, -inf or nan)";
}

}  // namespace

int RunEval(const EvalArgs& args) {
  const Precision precision = args.type == "f32" ? Precision::kF32 : Precision::kF64;
  const Selection sel = Resolve(args.fn, precision);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);

  std::vector<std::string> tokens;
  std::string error;
  if (!ReadTokens(tokens, error)) return Fail(kExitFailure, error);

  std::string out;
  out.reserve(tokens.size() * 24);
  if (precision == Precision::kF64) {
    auto* fn = args.derivative ? sel.fn->df : sel.fn->f;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const std::optional<double> x = ParseDouble(tokens[i]);
      if (!x) return Fail(kExitUsage, BadToken(tokens[i], i));
      out += FormatShortest(fn(*x, sel.params));
      out += '\n';
    }
  } else {
    std::vector<float> xs(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const std::optional<float> x = ParseFloat(tokens[i]);
      if (!x) return Fail(kExitUsage, BadToken(tokens[i], i));
      xs[i] = *x;
    }
    std::vector<float> ys(xs.size());
    Apply(*sel.fn, args.derivative ? Eval::kDerivative : Eval::kValue, xs, ys, sel.params);
    for (float y : ys) {
      out += FormatShortest(y);
      out += '\n';
    }
  }
  return WriteStdout(out);
}

}  // namespace actviz::cli
