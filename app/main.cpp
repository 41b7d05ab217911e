// actviz entry point: only dispatches, to the GUI or to a headless command (app/cli).
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  return actviz::cli::Main(argc, argv);
}
