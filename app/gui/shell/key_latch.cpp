// Keys held for one frame when pressed and released between frames (see key_latch.hpp).
#include "gui/shell/key_latch.hpp"

#include <algorithm>
#include <iterator>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace actviz::gui {
namespace {

bool Has(const std::vector<int>& v, int k) {
  return std::find(v.begin(), v.end(), k) != v.end();
}

bool ValidKey(int key) {
  return key >= 0 && key < static_cast<int>(std::size(ImGuiIO().KeysDown));
}

// As imgui_impl_glfw.cpp derives them from io.KeysDown after each key event.
void UpdateModifiers(ImGuiIO& io) {
  io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
  io.KeyShift = io.KeysDown[GLFW_KEY_LEFT_SHIFT] || io.KeysDown[GLFW_KEY_RIGHT_SHIFT];
  io.KeyAlt = io.KeysDown[GLFW_KEY_LEFT_ALT] || io.KeysDown[GLFW_KEY_RIGHT_ALT];
  io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
}

}  // namespace

void KeyLatch::OnKey(int key, int action) {
  if (!ValidKey(key)) return;
  if (action == GLFW_PRESS) {
    if (!Has(pressed_, key)) pressed_.push_back(key);
    std::erase(held_, key);  // down again, for real: ImGui sees it as it is
  } else if (action == GLFW_RELEASE && Has(pressed_, key) && !Has(held_, key)) {
    held_.push_back(key);
  }
}

void KeyLatch::BeforeFrame(ImGuiIO& io) {
  for (int k : held_)
    io.KeysDown[k] = true;
  if (!held_.empty()) UpdateModifiers(io);
  pressed_.clear();
}

void KeyLatch::AfterFrame(ImGuiIO& io) {
  for (int k : held_)
    io.KeysDown[k] = false;
  if (!held_.empty()) UpdateModifiers(io);
  held_.clear();
}

}  // namespace actviz::gui
