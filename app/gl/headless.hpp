// A GL 3.3 core context with no window and no display: EGL on Mesa's surfaceless platform
// (llvmpipe without a GPU). For headless commands (figure, hist --out) and tests.
#pragma once

#include <memory>
#include <string>
#include <thread>

namespace actviz::gl {

class HeadlessContext {
 public:
  // Creates the context, makes it current on this thread and loads GL; nullptr with a
  // message in `error` when no context can be made.
  static std::unique_ptr<HeadlessContext> Create(std::string& error);
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  std::string Renderer() const;

  // Initialises the EGL display (loading the driver: ~80 ms of a figure's ~300 on llvmpipe) on
  // a thread of its own, so the caller's CPU work overlaps it; Create() then finds it done.
  // Joins when destroyed, before Create() if the caller scopes it so.
  static std::jthread WarmUp();  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"

 private:
  HeadlessContext() = default;
  void* display_ = nullptr;
  void* context_ = nullptr;
};

}  // namespace actviz::gl
