// actviz entry point: only dispatches, to a headless command (app/cli) or to the window
// (app/gui) with what the command line asked of it.
#include <cstdio>
#include <exception>
#include <new>
#include <optional>
#include <utility>

#include "actviz/buffer.hpp"
#include "cli/commands.hpp"
#include "gui/gui.hpp"

namespace {

// The window, guarded as the commands are: out of memory or a thread that cannot start is
// one line and exit 1, not an abort.
int RunWindow(const actviz::cli::WindowRequest& w) {
  try {
    return actviz::gui::RunGui(w);
  } catch (const std::bad_alloc&) {
    std::fputs("actviz: out of memory (running the window)\n", stderr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "actviz: cannot run (running the window): %s\n", e.what());
  }
  return actviz::cli::kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<actviz::cli::WindowRequest> window;
  // The commands catch running out of memory themselves; this is for what comes before
  // them (argument parsing), so no input ends in an abort.
  try {
    actviz::UseHugePagesForHeap(std::size_t{256} << 20);
    actviz::cli::Outcome outcome = actviz::cli::Main(argc, argv);
    if (!outcome.window) return outcome.exit;
    window = std::move(outcome.window);
  } catch (const std::bad_alloc&) {
    std::fputs("actviz: out of memory\n", stderr);
    return actviz::cli::kExitFailure;
  }
  return RunWindow(std::move(*window));
}
