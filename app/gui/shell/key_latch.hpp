// Keys tapped between two frames, made visible to ImGui 1.86. That version has no queue of
// input events: it reads io.KeysDown once a frame, so a key pressed and released within one
// glfwPollEvents (xdotool's `key`, a quick tap while a frame is slow or while the window idles
// in glfwWaitEventsTimeout) was never seen pressed: ↑/↓ in the function list and Escape in
// the export dialog did nothing. The latch holds such a key down for one frame and releases
// it after (what ImGui's GLFW backend does for mouse buttons).
#pragma once

#include <imgui.h>

#include <vector>

namespace actviz::gui {

class KeyLatch {
 public:
  // From the GLFW key callback (key codes index io.KeysDown; GLFW_PRESS = 1, GLFW_RELEASE = 0).
  void OnKey(int key, int action);
  // After polling events, before ImGui::NewFrame: keys released since the last frame, which
  // no frame saw down, are down for this one.
  void BeforeFrame(ImGuiIO& io);
  // After the frame, before events are polled again: those keys are up again.
  void AfterFrame(ImGuiIO& io);

 private:
  std::vector<int> pressed_;  // pressed since the last frame began
  std::vector<int> held_;     // pressed and released since then: held for one frame
};

}  // namespace actviz::gui
