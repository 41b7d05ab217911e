// Headless figures: plots drawn by the same code as the window (plot::Render, the same fonts
// and styles) into an offscreen framebuffer on an EGL surfaceless context, saved as PNG. No
// display is needed; when no GL context can be made at all, the error says so.
#pragma once

#include <optional>
#include <string>

#include "actviz/samples.hpp"

namespace actviz::gui {

// The input and output histograms side by side (`actviz hist --out`).
std::optional<std::string> RenderHistogramsPng(const std::string& path, const Activation& fn,
                                               const Params& p, const SampleSpec& spec,
                                               const Experiment& e, int width, int height);

}  // namespace actviz::gui
