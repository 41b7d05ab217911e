// Saving and restoring the app state between runs, as JSON in the user's config directory
// ($XDG_CONFIG_HOME/actviz, else ~/.config/actviz). Unknown or damaged content falls back to
// defaults field by field, with a notice; the file is written atomically.
#pragma once

#include <optional>
#include <string>

#include "gui/state.hpp"

namespace actviz::gui {

// The directory (created on demand by SaveSession); empty when no home is known.
std::string ConfigDir();

// Reads `path` into `state` (which should hold defaults). Returns a notice for the user when
// the file was damaged or from another version; nothing when fine or absent.
std::optional<std::string> LoadSession(const std::string& path, AppState& state);

std::optional<std::string> SaveSession(const std::string& path, const AppState& state);

// The JSON text of a state (for tests and saving).
std::string SessionJson(const AppState& state);
std::optional<std::string> ParseSessionJson(const std::string& text, AppState& state);

}  // namespace actviz::gui
