// The one headless UI of a test executable: ImGui has one current context per process, so
// every test of the executable draws through this instance (1280 × 720, on EGL).
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "gui/shell/headless_ui.hpp"
#include "gui/state/state.hpp"

namespace actviz::gui {

inline HeadlessUi& Ui() {
  static std::unique_ptr<HeadlessUi> ui = [] {
    std::string error;
    auto u = HeadlessUi::Create(1280, 720, DefaultState(), error);
    if (!u) std::fprintf(stderr, "no headless GL: %s\n", error.c_str());
    return u;
  }();
  if (!ui) throw std::runtime_error("no headless GL context");
  return *ui;
}

// Draws frames until `done()` holds or `seconds` of wall-clock time have passed (true when it
// holds). For waiting on background work (an export, a run) while the UI keeps drawing, as a
// person would see it: never a count of frames, which a loaded machine does not keep up with.
inline bool FramesUntil(HeadlessUi& ui, const std::function<bool()>& done, double seconds = 120) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    ui.Frame();
  }
  return true;
}

}  // namespace actviz::gui
