// The session saved soon after each change, on a writer thread (see autosave.hpp).
#include "gui/shell/autosave.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <utility>

#include "gui/state/session.hpp"

namespace actviz::gui {

SessionAutosave::SessionAutosave(std::string path)
    : path_(std::move(path)),
      // The work owns its copy of the path: it may outlive this object (Flush's timeout).
      writer_([path = path_](const std::string& text, const std::atomic<bool>&) {
        if (auto err = SaveSessionText(path, text)) throw std::runtime_error(*err);
      }) {}

SessionAutosave::~SessionAutosave() {
  // An idle writer stops at once and is joined; one stuck in a write (a hung disk) is left
  // to finish on its own rather than hold up the exit.
  writer_.Shutdown(std::chrono::seconds(1));
}

void SessionAutosave::Tick(const AppState& s, Clock::time_point now) {
  if (path_.empty() || now < next_) return;
  const Clock::time_point t0 = Clock::now();
  std::string text = SessionJson(s);
  const Clock::duration cost = Clock::now() - t0;
  next_ = now + std::max<Clock::duration>(kInterval, 100 * cost);
  if (text == last_) return;
  writer_.Submit(text);
  last_ = std::move(text);
}

std::optional<std::string> SessionAutosave::Flush(const AppState& s,
                                                  std::chrono::milliseconds timeout) {
  if (path_.empty()) return std::nullopt;
  // The writer finishes first: a write of an older state must not land after the last one.
  const Clock::time_point deadline = Clock::now() + timeout;
  while (!writer_.Idle()) {
    if (Clock::now() >= deadline)
      return "an earlier write of '" + path_ + "' has not finished, so the last changes are lost";
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // Written here whatever the writer did last (it may have failed, the file may be gone).
  return SaveSessionText(path_, SessionJson(s));
}

}  // namespace actviz::gui
