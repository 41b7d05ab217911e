// Shared pieces of the headless commands: each command's entry point and the error helpers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/function_args.hpp"

namespace actviz::cli {

// Writes the whole text to stdout and flushes; a failed write is a failure (exit 1).
int WriteStdout(std::string_view text);

// A seed: decimal digits only, within 64 bits; nothing on failure.
std::optional<std::uint64_t> ParseSeed(const std::string& text);

// "actviz: <message>" on stderr; returns the exit code given.
int Fail(int code, std::string_view message);

struct EvalArgs {
  FunctionArgs fn;
  bool derivative = false;
  std::string type = "f64";
};

struct HistArgs {
  FunctionArgs fn;
  std::string dist = "uniform";
  long long samples = 1000;
  int bins = 100;
  double scale = 1;
  std::string seed = "0";  // parsed strictly: a negative or too large seed is a usage error
  bool json = false;
  std::string out;  // PNG of the two histograms, rendered headless
  int size_w = 1200, size_h = 500;
  bool verbose = false;
};
inline constexpr long long kMaxSamples = 200'000'000;  // 2.4 GB of float arrays

struct ApplyArgs {
  FunctionArgs fn;
  std::string image;              // --image IN (required)
  std::string out;                // --out OUT.png (required)
  std::string raw;                // --raw OUT.npy
  std::string gray = "luma601";   // luma601|luma709|mean|red|green|blue
  std::string center = "median";  // median|mean|none|VALUE
  double gain = 1;
  std::string range = "auto";     // auto|LO:HI
  std::string colormap = "gray";  // gray|viridis|coolwarm
  long long max_pixels = 100'000'000;
};

struct FigureArgs {
  FunctionArgs fn;
  std::string image;  // empty: the embedded default photo
  std::string out;    // default: actviz-figure-NAME.png
  int size_w = 1200, size_h = 1200;
  long long samples = 1000;
  std::string seed = "0";
  std::string theme = "light";
};

struct BenchArgs {
  std::string function = "all";
  long long n = 24'000'000;
  int threads = 0;  // 0: all hardware threads
  int reps = 5;
  long long pixels = 24'000'000;
  bool json = false;
};

int RunList(bool json);
int RunEval(const EvalArgs& args);
int RunHist(const HistArgs& args);
int RunApply(const ApplyArgs& args);  // cmd_apply.cpp
int RunFigure(const FigureArgs& args);
int RunBench(const BenchArgs& args);

}  // namespace actviz::cli
