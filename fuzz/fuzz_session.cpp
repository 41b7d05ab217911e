// libFuzzer target: arbitrary text through the session parser (the file auto-loaded at every
// start, so a hostile or damaged one must never crash, hang or throw), then the state it
// produced through saving and parsing again: what the parser accepts must save and reload.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "gui/state/session.hpp"
#include "gui/state/state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  actviz::gui::AppState state = actviz::gui::DefaultState();  // the parser expects defaults
  (void)actviz::gui::ParseSessionJson(text, state);
  const std::string saved = actviz::gui::SessionJson(state);
  actviz::gui::AppState again = actviz::gui::DefaultState();
  const actviz::gui::SessionLoad reload = actviz::gui::ParseSessionJson(saved, again);
  if (reload.status != actviz::gui::SessionStatus::kOk) {
    std::string fields;
    for (const std::string& f : reload.bad_fields)
      fields += " " + f;
    std::fprintf(stderr, "fuzz_session: a saved state does not reload cleanly:%s\n%s\n",
                 fields.c_str(), saved.c_str());
    std::abort();
  }
  return 0;
}
