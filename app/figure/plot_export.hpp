// PNG export of one plot, rendered offscreen at a chosen scale: exactly the plot (axes,
// labels, legend) and nothing around it, independent of the window and the monitor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "plot/plot.hpp"

namespace actviz::figure {

// Renders the plot at size×scale pixels (with a font built for that scale) into RGBA pixels.
// Needs a current GL context with the ImGui OpenGL 3 backend initialised.
std::optional<std::string> RenderPlotPixels(const plot::PlotSpec& spec, const plot::Range& x,
                                            const plot::Range& y, const plot::Style& style,
                                            ImVec2 size, float scale, ImFont* font, int& width,
                                            int& height, std::vector<std::uint8_t>& rgba);

// The same, written to `path` as PNG (atomically: a failed write leaves no file behind).
std::optional<std::string> ExportPlotPng(const std::string& path, const plot::PlotSpec& spec,
                                         const plot::Range& x, const plot::Range& y,
                                         const plot::Style& style, ImVec2 size, float scale,
                                         ImFont* font);

}  // namespace actviz::figure
