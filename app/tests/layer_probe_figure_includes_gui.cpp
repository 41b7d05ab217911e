// Must not compile: the figure layer (linked as actviz_figure is) cannot see the window's
// headers. Built only by the test figure_cannot_include_gui.
#include "gui/state/state.hpp"

int main() {
  return 0;
}
