// The session written soon after every change, so that a crash loses at most about a second
// of work (issue 24): the state is serialised at most every half second (a few KB: tens of
// microseconds) and compared with what was last handed over; a new text is written whole
// (file_io's WriteFileAtomic, regular files only) by a thread of its own, so a slow disk
// never holds up a frame. Only where the session may be written at all (SessionStart's
// save_at_exit: never over a file that could not be read or kept aside).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "gui/state/state.hpp"
#include "gui/workers/latest_worker.hpp"

namespace actviz::gui {

class SessionAutosave {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kInterval{500};

  // `path` empty: nothing is written.
  explicit SessionAutosave(std::string path);
  ~SessionAutosave();
  SessionAutosave(const SessionAutosave&) = delete;
  SessionAutosave& operator=(const SessionAutosave&) = delete;

  // Once a frame. Serialises the state when its time has come: kInterval after the last
  // check, or longer where serialising is slow (a session with long pinned loss curves), so
  // that it never takes more than about 1% of the time; hands a changed text to the writer.
  void Tick(const AppState& s, Clock::time_point now);
  // At exit: waits for the writer (up to `timeout`: a disk that hangs is left behind, not
  // waited for), then writes the state on this thread. The error if it could not.
  std::optional<std::string> Flush(const AppState& s, std::chrono::milliseconds timeout);
  // A write that failed since the last call (for the status line), each failure once.
  std::optional<std::string> TakeError() { return writer_.TakeError(); }

 private:
  std::string path_;
  std::string last_;  // the text last handed to the writer
  Clock::time_point next_{};
  LatestWorker<std::string> writer_;
};

}  // namespace actviz::gui
