// App state and the panels that draw it (one panel per file).
#pragma once

#include "actviz/catalogue.hpp"

namespace actviz::gui {

struct AppState {
  const Activation* selected = nullptr;
  Params params;
};

void DrawCataloguePanel(AppState& state);

}  // namespace actviz::gui
