// actviz entry point: only dispatches, to a headless command (app/cli) or to the window
// (app/gui) with what the command line asked of it. Built twice (app/CMakeLists.txt): as
// `actviz`, the command line, which hands a window request to `actviz-window` beside it by
// exec (the same process and arguments), and as `actviz-window` (ACTVIZ_WINDOW), which runs
// the window itself. So the commands never load the window's GLFW and X11 libraries.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include "actviz/base/buffer.hpp"
#include "cli/commands.hpp"
#if ACTVIZ_WINDOW
#include "gui/shell/gui.hpp"
#endif

namespace {

#if ACTVIZ_WINDOW
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
#else
// The window executable beside this one (found through /proc/self/exe, so a symlink or a
// relative PATH entry does not matter), run in this process with the same arguments.
int RunWindow(char** argv) {
  char self[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  std::string path = n > 0 ? std::string(self, static_cast<std::size_t>(n)) : std::string(argv[0]);
  path = path.substr(0, path.rfind('/') + 1) + "actviz-window";
  ::execv(path.c_str(), argv);
  std::fprintf(stderr, "actviz: cannot start the window (%s): %s\n", path.c_str(),
               std::strerror(errno));
  return actviz::cli::kExitFailure;
}
#endif

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
#if ACTVIZ_WINDOW
  return RunWindow(std::move(*window));
#else
  return RunWindow(argv);
#endif
}
