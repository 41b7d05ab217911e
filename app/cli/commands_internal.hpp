// Shared pieces of the headless commands: each command's entry point, strict option parsing
// and the error helpers. Numeric options arrive as text and are parsed here, not by CLI11
// (which takes "0x10", "+5" and signs): each is a usage error naming the option and the value.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "actviz/base/parse.hpp"
#include "cli/commands.hpp"
#include "cli/function_args.hpp"

namespace actviz::cli {

// Writes the whole text to stdout and flushes; a failed write is a failure (exit 1).
int WriteStdout(std::string_view text);

// A seed: decimal digits only, within 64 bits; nothing on failure.
std::optional<std::uint64_t> ParseSeed(const std::string& text);

// "actviz: <message>" on stderr, one line (control characters and invalid UTF-8 escaped as
// \xNN); returns the exit code given.
int Fail(int code, std::string_view message);

// The text with every control character (C0, DEL, C1), every byte of invalid UTF-8 and
// every newline escaped as \xNN: user-supplied strings echoed into a message cannot break
// it into lines or drive the terminal.
std::string Printable(std::string_view text);

// A whole number of `option` in decimal digits only (no sign, space, prefix or exponent),
// from lo to hi; a usage message naming the option and the value on failure.
std::optional<std::string> ParseCount(std::string_view option, const std::string& text,
                                      long long lo, long long hi, long long& out);
std::optional<std::string> ParseCount(std::string_view option, const std::string& text, int lo,
                                      int hi, int& out);
// A finite decimal number (ParseDouble's syntax) of `option` from lo to hi.
std::optional<std::string> ParseNumber(std::string_view option, const std::string& text, double lo,
                                       double hi, double& out);
// "WxH" with W and H in decimal digits, each from lo to hi.
std::optional<std::string> ParseSize(std::string_view option, const std::string& text, int lo,
                                     int hi, int& w, int& h);

// --max-bytes: a size whose memory would exceed it is a usage error (spec/cli.md).
inline constexpr const char* kDefaultMaxBytes = "4294967296";  // 4 GiB
// The sample arrays of one experiment: x, f(x) and f′(x) in float32.
inline constexpr long long kBytesPerSample = 3 * sizeof(float);
// --samples N within --max-bytes: an error that says how much memory N would need.
std::optional<std::string> CheckSamples(const std::string& samples, const std::string& max_bytes,
                                        long long& n);

// Whether `path` (given to `option`) can take an output: a message for exit 1 if not.
std::optional<std::string> CheckOutput(std::string_view option, const std::string& path);

struct EvalArgs {
  FunctionArgs fn;
  bool derivative = false;
  std::string type = "f64";
  std::string as_written;  // --formula only: f64, f32, bf16 or f16
  bool ulp = false;        // with --as-written: the error in ULP of that format
  bool json = false;       // --formula only: its parsed form, derivative and parameters
};

struct HistArgs {
  FunctionArgs fn;
  std::string dist = "uniform";
  std::string samples = "1000";
  std::string bins = "100";
  std::string scale = "1";
  std::string seed = "0";  // parsed strictly: a negative or too large seed is a usage error
  bool json = false;
  std::string out;  // PNG of the two histograms, rendered headless
  std::string size = "1200x500";
  std::string max_bytes = kDefaultMaxBytes;
  bool verbose = false;
};

struct ApplyArgs {
  FunctionArgs fn;
  std::string image;              // --image IN (required)
  std::string out;                // --out OUT.png (required)
  std::string raw;                // --raw OUT.npy
  std::string gray = "luma601";   // luma601|luma709|mean|red|green|blue
  std::string center = "median";  // median|mean|none|VALUE
  std::string gain = "1";
  std::string range = "auto";     // auto|LO:HI
  std::string colormap = "gray";  // gray|viridis|coolwarm
  std::string max_pixels = "100000000";
};

struct FigureArgs {
  FunctionArgs fn;
  std::string image;  // empty: the embedded default photo
  std::string out;    // default: actviz-figure-NAME.png
  std::string size = "1200x1200";
  std::string samples = "1000";
  std::string seed = "0";
  std::string theme = "light";
  std::string max_bytes = kDefaultMaxBytes;
};

struct BenchArgs {
  std::string function = "all";
  FunctionArgs fn;              // --formula (and its --param): the formula's throughput alone
  std::string dist = "normal";  // with --formula: the inputs, N(0, 1) or U(LO, HI)
  std::string range = "-1:1";   // with --formula and --dist uniform
  std::string n = "24000000";
  std::string threads = "0";  // 0: all hardware threads
  std::string reps = "5";
  std::string pixels = "24000000";
  bool json = false;
};

// A command: its subcommand (set once parsed), what it does (for the out-of-memory message)
// and its run over the options it registered (dry: validate only, no work).
struct Command {
  CLI::App* sub = nullptr;
  const char* doing = "";
  std::function<int(bool dry)> run;
};
// Each command file registers its own subcommand and options.
Command RegisterList(CLI::App& app);     // cmd_list.cpp
Command RegisterEval(CLI::App& app);     // cmd_eval.cpp
Command RegisterHist(CLI::App& app);     // cmd_hist.cpp
Command RegisterDepth(CLI::App& app);    // cmd_depth.cpp
Command RegisterTrain(CLI::App& app);    // cmd_train.cpp
Command RegisterSoftmax(CLI::App& app);  // cmd_softmax.cpp
Command RegisterApply(CLI::App& app);    // cmd_apply.cpp
Command RegisterFigure(CLI::App& app);   // cmd_figure.cpp
Command RegisterBench(CLI::App& app);    // cmd_bench.cpp

// A word option's names ("--gray 'purple' is not one of luma601, …"), in place of CLI11's
// IsMember and its wording. An empty value is left to the shared check (commands.cpp): an
// explicitly empty value of any option is a usage error, not "the default" or "no output".
CLI::Validator OneOf(std::vector<std::string> names);
// An existing file (not a directory), in our words.
extern const CLI::Validator kExistingFile;

// `dry`: validate every option as a run would, then return before any work (Mode::kValidate).
int RunList(bool json, bool dry = false);
int RunEval(const EvalArgs& args, bool dry = false);
int RunHist(const HistArgs& args, bool dry = false);
int RunApply(const ApplyArgs& args, bool dry = false);  // cmd_apply.cpp
int RunFigure(const FigureArgs& args, bool dry = false);
int RunBench(const BenchArgs& args, bool dry = false);

}  // namespace actviz::cli
