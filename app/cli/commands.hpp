// The command line of spec/cli.md: parses arguments and runs the GUI or a headless command.
// Exit status: 0 success, 2 usage error, 1 any other failure (one line on stderr).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "actviz/catalogue.hpp"

namespace actviz::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// What the command line asks of the window: main hands it to gui::RunGui (the command line
// does not see the window's layer).
struct WindowRequest {
  const Activation* function = nullptr;  // resolved --function (default relu)
  Params params;
  bool function_given = false;      // --function or parameters on the command line: they
  bool params_given = false;        // override the saved session
  std::string image;                // --image, empty: the embedded default photo
  std::string screenshot;           // --screenshot OUT.png, empty: interactive
  bool screenshot_pointer = false;  // --screenshot-pointer: keep the pointer's hover effects
  std::string session;              // --session FILE: start from this saved state instead
  int frames = 3;                   // frames drawn before the screenshot
  int bench_frames = 0;  // --bench-frames N: sweep a parameter over N frames, print timings
  std::chrono::steady_clock::time_point start;  // process start, for first_frame_ms
  int width = 1280, height = 800;
};

// A command's exit status, or the window to run (no command, or `gui`).
struct Outcome {
  Outcome(int status) : exit(status) {}  // NOLINT: every command returns its status
  Outcome(int status, WindowRequest w) : exit(status), window(std::move(w)) {}
  int exit = kExitOk;
  std::optional<WindowRequest> window;
};

Outcome Main(int argc, char** argv);

}  // namespace actviz::cli
