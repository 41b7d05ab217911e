// libFuzzer target: argument vectors (one argument per line of the input) through the whole
// command line's parsing and validation (cli::Main in Mode::kValidate: every option of every
// command checked as a run would, then no work). Any exit but 0, 1 or 2 aborts. Then depth,
// train and softmax with tiny sizes run for real, their output captured: --json must be valid
// JSON, and softmax must never print a non-finite value (it refuses instead), so overflowing
// parameters (--sigma-w 1e6, --lambda 1e30, prelu(alpha=1e308), -T 1e-320) reach the math
// and the JSON writers, not only the parsers.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"

namespace {

using actviz::cli::Main;
using actviz::cli::Mode;

int Call(std::vector<std::string> args, Mode mode) {
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  const int code = Main(static_cast<int>(args.size()), argv.data(), mode).exit;
  if (code != 0 && code != 1 && code != 2) {
    std::fprintf(stderr, "fuzz_cli: exit status %d\n", code);
    std::abort();
  }
  return code;
}

// Whether an option is given: "--out", "--out=X", or a short "-o" / "-oX".
bool Given(const std::vector<std::string>& args, std::initializer_list<std::string_view> names) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view a = args[i];
    for (std::string_view n : names) {
      const bool is_short = n.size() == 2;
      if (a == n || (is_short && a.substr(0, 2) == n) ||
          (!is_short && a.size() > n.size() && a.substr(0, n.size()) == n && a[n.size()] == '='))
        return true;
    }
  }
  return false;
}

// Runs the command for real with stdout captured in memory; its text.
std::string Captured(const std::vector<std::string>& args, int& code) {
  std::fflush(stdout);
  const int saved = ::dup(1);
  const int fd = ::memfd_create("fuzz_cli_stdout", 0);
  if (saved < 0 || fd < 0) std::abort();
  ::dup2(fd, 1);
  code = Call(args, Mode::kRun);
  std::fflush(stdout);
  ::dup2(saved, 1);
  ::close(saved);
  std::string out;
  char buf[65536];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    at += n;
  }
  ::close(fd);
  return out;
}

// What a real run printed: nothing after a refusal; on success valid JSON with --json, and
// for softmax no NaN, ∞ or null at all.
void CheckOutput(const std::vector<std::string>& args, const std::string& out, int code,
                 bool softmax) {
  if (code != 0) {
    if (!out.empty()) {
      std::fprintf(stderr, "fuzz_cli: exit %d after printing:\n%.2000s\n", code, out.c_str());
      std::abort();
    }
    return;
  }
  if (Given(args, {"--json"})) {
    const nlohmann::json doc = nlohmann::json::parse(out, nullptr, false);
    if (doc.is_discarded()) {
      std::fprintf(stderr, "fuzz_cli: --json printed invalid JSON:\n%.2000s\n", out.c_str());
      std::abort();
    }
  }
  if (softmax)
    for (std::string_view bad : {"inf", "nan", "null"})
      if (out.find(bad) != std::string::npos) {
        std::fprintf(stderr, "fuzz_cli: softmax printed '%.*s':\n%.2000s\n",
                     static_cast<int>(bad.size()), bad.data(), out.c_str());
        std::abort();
      }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args = {"actviz"};
  std::string cur;
  for (std::size_t i = 0; i < size && args.size() < 64; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\n' || c == '\0') {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty() && args.size() < 64) args.push_back(cur);
  // Never the window, never the benchmark's minutes, never stdin: those are validated only.
  if (Call(args, Mode::kValidate) != 0 || args.size() < 2) return 0;
  const std::string& cmd = args[1];
  // Outputs, sizes and threads stay the harness's: a real run draws nothing, writes no file.
  if (Given(args, {"-o", "--out", "--size", "--threads", "--max-bytes"})) return 0;
  // Help and the version are printed, not computed (-h may lead a group of short flags).
  if (Given(args, {"-h", "--help", "--help-all", "--version"})) return 0;
  int code = 0;
  if (cmd == "softmax") {
    std::size_t commas = 0;
    for (const std::string& a : args)
      for (char c : a)
        commas += c == ',';
    if (commas > 64) return 0;  // 1000 logits print a million Jacobian entries
    const std::string out = Captured(args, code);
    CheckOutput(args, out, code, true);
  } else if (cmd == "depth") {
    if (Given(args, {"-L", "-N", "-B", "--layers", "--width", "--batch"})) return 0;
    std::vector<std::string> small = args;
    for (const char* a : {"-L", "3", "-N", "8", "-B", "8"})
      small.push_back(a);
    const std::string out = Captured(small, code);
    CheckOutput(small, out, code, false);
  } else if (cmd == "train") {
    if (Given(args, {"--epochs", "--hidden"})) return 0;
    std::vector<std::string> small = args;
    for (const char* a : {"--epochs", "3"})
      small.push_back(a);
    const std::string out = Captured(small, code);
    CheckOutput(small, out, code, false);
  }
  return 0;
}
