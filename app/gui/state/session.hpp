// Saving and restoring the app state between runs, as JSON in the user's config directory
// ($XDG_CONFIG_HOME/actviz, else ~/.config/actviz). The reader is total: any file (wrong
// types, huge numbers, deep nesting, a FIFO, a device, gigabytes) loads in bounded time with
// a structured result; invalid fields keep their defaults; a damaged file is copied aside
// before anything can overwrite it. The file is written atomically.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gui/state/state.hpp"

namespace actviz::gui {

// Larger files are refused before reading: a real session is a few KB (64 pins ≈ 20 KB).
constexpr std::size_t kMaxSessionBytes = 1 << 20;
// Deeper JSON is damage (the schema needs 4 levels); the parser is iterative, this bounds the
// work and memory spent on a hostile file.
constexpr int kMaxSessionDepth = 32;
constexpr std::size_t kMaxPins = 64;

enum class SessionStatus {
  kAbsent,      // no file: the first run
  kOk,          // every field read
  kDamaged,     // not JSON, or some fields invalid: those are at their defaults
  kUnreadable,  // not read at all (not a regular file, too large, no permission): defaults
};

struct SessionLoad {
  SessionStatus status = SessionStatus::kAbsent;
  std::vector<std::string> bad_fields;  // "version", "pins[0].colour", "not valid JSON"
  bool whole = false;                   // the file as a whole was unusable: all defaults
  std::string reason;                   // kUnreadable: why
  std::string backup;                   // kDamaged with a backup made: its path
  std::string backup_error;             // kDamaged, the copy failed: why
  // False when saving over the file at exit would lose what it holds (unreadable, or
  // damaged and the copy failed).
  bool may_overwrite = true;
};

// The directory (created on demand by SaveSession); empty when no home is known.
std::string ConfigDir();

// Reads `path` into `state` (which should hold defaults): the valid fields, each invalid one
// left at its default. With `backup`, a damaged file is first copied beside itself as
// session.damaged-YYYYMMDD-HHMMSS[-N].json (never replacing an earlier copy).
SessionLoad LoadSession(const std::string& path, AppState& state, bool backup = false);
// What to tell the user about a load (empty for kAbsent and kOk).
std::string SessionMessage(const SessionLoad& load, const std::string& path);

std::optional<std::string> SaveSession(const std::string& path, const AppState& state);
// The same for a text made by SessionJson (the autosave's writer thread takes the text).
std::optional<std::string> SaveSessionText(const std::string& path, const std::string& text);

// The JSON text of a state (for tests and saving).
std::string SessionJson(const AppState& state);
// Parses `text` into `state`: never throws; kOk or kDamaged with the fields it reset.
SessionLoad ParseSessionJson(const std::string& text, AppState& state);

}  // namespace actviz::gui
