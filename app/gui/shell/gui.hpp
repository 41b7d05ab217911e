// The window: what the command line hands to it, and its entry point.
#pragma once

#include <chrono>
#include <string>

#include "actviz/activations/catalogue.hpp"
#include "figure/window_request.hpp"

namespace actviz::gui {

// The command line's request (figure/window_request.hpp).
using GuiOptions = figure::WindowRequest;

// Runs until the window closes (or the screenshot is written); returns the exit status.
int RunGui(const GuiOptions& options);

}  // namespace actviz::gui
