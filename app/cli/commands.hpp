// The command line of spec/cli.md: parses arguments and runs the GUI or a headless command.
// Exit status: 0 success, 2 usage error, 1 any other failure (one line on stderr).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "actviz/activations/catalogue.hpp"
#include "figure/window_request.hpp"

namespace actviz::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// What the command line asks of the window: main hands it to gui::RunGui.
using WindowRequest = figure::WindowRequest;

// A command's exit status, or the window to run (no command, or `gui`).
struct Outcome {
  Outcome(int status) : exit(status) {}  // NOLINT: every command returns its status
  Outcome(int status, WindowRequest w) : exit(status), window(std::move(w)) {}
  int exit = kExitOk;
  std::optional<WindowRequest> window;
};

// kValidate parses and checks every option exactly as a run would, then returns its exit
// status without doing the work (no computation, no output, no window): for the fuzzer.
enum class Mode : unsigned char { kRun, kValidate };
Outcome Main(int argc, char** argv, Mode mode = Mode::kRun);

}  // namespace actviz::cli
