// What the command line asks of the window (no command, or `gui`): declared here, in the
// layer both cli/ and gui/ see, so main hands the command line's request to the window as it
// is (neither layer sees the other).
#pragma once

#include <chrono>
#include <string>

#include "actviz/activations/catalogue.hpp"

namespace actviz::figure {

struct WindowRequest {
  const Activation* function = nullptr;  // resolved --function (default relu)
  std::string formula;                   // --formula EXPR in place of --function
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

}  // namespace actviz::figure
