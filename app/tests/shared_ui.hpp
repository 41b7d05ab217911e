// The one headless UI of a test executable: ImGui has one current context per process, so
// every test of the executable draws through this instance (1280 × 720, on EGL).
#pragma once

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "gui/headless_ui.hpp"
#include "gui/state.hpp"

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

}  // namespace actviz::gui
