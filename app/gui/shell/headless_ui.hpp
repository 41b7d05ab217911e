// The real UI with no window: an EGL surfaceless GL context, an ImGui context with the
// OpenGL 3 backend, and an App, driven frame by frame through ImGuiIO. For tests (and for
// headless rendering that needs the UI's fonts and styles).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/shell/app.hpp"

namespace actviz::gl {
class HeadlessContext;
}

namespace actviz::gui {

class HeadlessUi {
 public:
  // nullptr (with a message) when no GL context can be made.
  static std::unique_ptr<HeadlessUi> Create(int width, int height, AppState state,
                                            std::string& error);
  ~HeadlessUi();

  // One frame: `input` may set mouse/keys on the IO before NewFrame.
  void Frame(const std::function<void(ImGuiIO&)>& input = {});
  // The last frame rendered offscreen, RGBA, top row first.
  std::optional<std::string> Snapshot(std::vector<std::uint8_t>& rgba);

  App& app() { return *app_; }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  HeadlessUi() = default;
  std::unique_ptr<gl::HeadlessContext> gl_;
  std::unique_ptr<App> app_;
  int width_ = 0, height_ = 0;
  double time_ = 0;
};

}  // namespace actviz::gui
