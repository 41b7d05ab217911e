// actviz entry point: only dispatches, to the GUI or to a headless command (app/cli).
#include "actviz/buffer.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  actviz::UseHugePagesForHeap(std::size_t{256} << 20);
  return actviz::cli::Main(argc, argv);
}
