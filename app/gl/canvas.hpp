// A canvas for headless drawings: one EGL context of its own, an ImGui context with the OpenGL 3
// backend and the caller's font, a draw list covering the canvas, rendered offscreen and read
// back as RGBA. The figure layer draws its figures and exported plots on it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "gl/headless.hpp"

namespace actviz::gl {

class Canvas {
 public:
  // `add_fonts` adds the drawing's fonts to the canvas's (then current) ImGui context; the
  // atlas is built before the GL context, so its CPU work overlaps a driver still loading.
  // nullptr with a message in `error` when no GL context can be made.
  static std::unique_ptr<Canvas> Create(int w, int h, const std::function<void()>& add_fonts,
                                        std::string& error);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  // Draws with `draw` into a draw list covering the canvas over a framebuffer cleared to
  // `clear` (llvmpipe blends every layer drawn, so the background is a clear, not a fill)
  // and reads the pixels back, top row first.
  std::optional<std::string> Render(ImU32 clear, const std::function<void(ImDrawList&)>& draw,
                                    std::vector<std::uint8_t>& rgba);
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  Canvas() = default;
  std::unique_ptr<HeadlessContext> gl_;
  ImGuiContext* previous_ = nullptr;
  ImGuiContext* context_ = nullptr;
  bool backend_ = false;  // the GL backend is initialised (and a frame begun)
  int w_ = 0, h_ = 0;
};

}  // namespace actviz::gl
