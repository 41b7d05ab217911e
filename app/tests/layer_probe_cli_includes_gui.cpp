// Must not compile: the command line (linked as actviz_cli is) cannot see the window's headers.
// Built only by the test cli_cannot_include_gui, which passes when this include is not found.
#include "gui/shell/shared.hpp"

int main() {
  return 0;
}
