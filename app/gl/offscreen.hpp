// Offscreen rendering of ImGui draw data into a framebuffer object of any size, read back as
// RGBA8: PNG export does not depend on the window's size, position or DPI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct ImDrawData;
struct ImDrawList;

namespace actviz::gl {

struct Rgba {
  float r = 0, g = 0, b = 0, a = 1;
};

// Renders `data` (its DisplayPos/DisplaySize define the area) into a width×height target
// cleared to `clear`, and returns the pixels top row first. Needs a current GL context and
// an initialised ImGui OpenGL 3 backend. Restores the default framebuffer binding.
std::optional<std::string> RenderOffscreen(ImDrawData* data, int width, int height, Rgba clear,
                                           std::vector<std::uint8_t>& rgba);

// The same for a single draw list covering [0, width] × [0, height].
std::optional<std::string> RenderDrawListOffscreen(ImDrawList& list, int width, int height,
                                                   Rgba clear, std::vector<std::uint8_t>& rgba);

}  // namespace actviz::gl
