// Redraw and present only the damaged parts of a window, for software OpenGL (llvmpipe under
// Xvfb or a remote X server) where every fragment and every presented pixel is CPU work. The
// back buffer always holds the whole last frame: frames draw into it clipped to the damage,
// and GLX_MESA_copy_sub_buffer copies just those rectangles to the window. On hardware GL, or
// without the extension (or with ACTVIZ_FULL_REDRAW=1 in the environment), Create() returns
// null and the caller redraws and swaps as usual.
// Mesa's software drawable learns the window's size only at a swap (glXCopySubBufferMESA
// never asks): after a resize its back buffer keeps the old size, so a copy of the new size
// reads outside it (X's BadValue, which ends the program) and a smaller window shows the old
// buffer's rows offset by the difference. So the first frames, those after a size change and
// those after Invalidate() (an expose, a window or popup gone) are drawn whole and swapped.
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

  // Once a frame, before drawing: whether this frame must be drawn whole and swapped
  // (glfwSwapBuffers) instead of drawn and presented in parts.
  bool WholeFrame(int fb_width, int fb_height);
  // The window's contents or the frame's shape changed in a way damage does not track.
  void Invalidate() { whole_ = kWholeFrames; }

  // Two would do: the first swap makes Mesa take the new size, the second fills the new
  // (empty) buffer; one more in case the server's size moved on between the two.
  static constexpr int kWholeFrames = 3;

 private:
  using CopySubBuffer = void (*)(void*, unsigned long, int, int, int, int);
  void* display_ = nullptr;
  unsigned long drawable_ = 0;
  CopySubBuffer copy_ = nullptr;
  std::vector<ImVec4> saved_;
  int w_ = -1, h_ = -1;
  int whole_ = kWholeFrames;  // frames still to draw whole and swap
};

}  // namespace actviz::gl
