// Redraw and present only the damaged parts of a window, for software OpenGL (llvmpipe under
// Xvfb or a remote X server) where every fragment and every presented pixel is CPU work. The
// back buffer always holds the whole last frame: frames draw into it clipped to the damage,
// and GLX_MESA_copy_sub_buffer copies just those rectangles to the window. On hardware GL, or
// without the extension (or with ACTVIZ_FULL_REDRAW=1 in the environment), Create() returns
// null and the caller redraws and swaps as usual.
#pragma once

#include <imgui.h>

#include <memory>
#include <vector>

#include "gl/damage.hpp"

struct GLFWwindow;

namespace actviz::gl {

class PartialPresenter {
 public:
  static std::unique_ptr<PartialPresenter> Create(GLFWwindow* window);

  // Clears the rectangles to the colour and draws `data` clipped to them.
  void Draw(ImDrawData& data, const std::vector<DamageRect>& rects, int fb_width, int fb_height,
            float r, float g, float b);
  // Copies the rectangles from the back buffer to the window.
  void Present(const std::vector<DamageRect>& rects, int fb_height);

 private:
  using CopySubBuffer = void (*)(void*, unsigned long, int, int, int, int);
  void* display_ = nullptr;
  unsigned long drawable_ = 0;
  CopySubBuffer copy_ = nullptr;
  std::vector<ImVec4> saved_;
};

}  // namespace actviz::gl
