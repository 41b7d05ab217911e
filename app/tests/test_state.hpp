// Helpers for tests of the window's state and files: a temporary directory per test process,
// selecting a function by name, and looking for a field in a load's list of damaged fields.
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "gui/state/state.hpp"

namespace actviz::gui {

// One directory per test process (ctest runs each test in its own), removed at exit.
inline const std::string& TempDir() {
  struct ProcessTempDir {
    std::string path;
    ProcessTempDir() {
      char tmpl[] = "/tmp/actviz-gui-test-XXXXXX";
      path = mkdtemp(tmpl);
    }
    ~ProcessTempDir() { std::filesystem::remove_all(path); }
  };
  static const ProcessTempDir dir;
  return dir.path;
}

inline void Select(AppState& s, const char* name) {
  s.fn.selected = IndexOf(*Find(name));
}

// Whether some entry of `fields` contains `want`.
inline bool Contains(const std::vector<std::string>& fields, const std::string& want) {
  return std::any_of(fields.begin(), fields.end(),
                     [&](const std::string& f) { return f.find(want) != std::string::npos; });
}

}  // namespace actviz::gui
