// actviz entry point: only dispatches, to the GUI or to a headless command (app/cli).
#include <cstdio>
#include <new>

#include "actviz/buffer.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  // The commands catch running out of memory themselves; this is for what comes before
  // them (argument parsing), so no input ends in an abort.
  try {
    actviz::UseHugePagesForHeap(std::size_t{256} << 20);
    return actviz::cli::Main(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("actviz: out of memory\n", stderr);
    return actviz::cli::kExitFailure;
  }
}
