// What the tabs' exports share: one plot saved as PNG from its spec, a render on an EGL context
// of its own, and the figures (the 3×2 figure of the Figure tab, the map figure of the
// Activation map tab) drawn by the code of `actviz figure`.
#pragma once

#include <optional>
#include <string>
#include <thread>

#include "figure/figure.hpp"
#include "gui/shell/shared.hpp"
#include "plot/plot.hpp"

namespace actviz::gui {

// A render on an EGL context of its own, on a short-lived thread joined at once, so that the
// window's GL context stays current on the UI thread.
template <class Render>
std::optional<std::string> OnOwnContext(Render&& render) {
  std::optional<std::string> result;
  std::thread([&] { result = render(); }).join();
  return result;
}

// Starts the export of one plot at scale × `size` (its on-screen size), in the window's theme:
// the job keeps copies of what the spec points into (the next frame rebuilds those buffers).
// An error when the plot is not on screen.
std::optional<std::string> StartPlotSpecExport(const AppState& s, App::Shared& sh,
                                               plot::PlotSpec spec, plot::Range x, plot::Range y,
                                               ImVec2 size, float scale, const std::string& path);

// The figure's inputs from the state and the workers' results (the tab and the export).
FigureInputs FigureInputsOf(const AppState& s, const HistRequest* shown, const Experiment* e,
                            const ImageData* img, Range map_range);
// Starts the 3×2 figure (or, with `map_figure`, the photo beside its map) of the current state.
std::optional<std::string> StartFigureExport(const AppState& s, App::Shared& sh,
                                             const std::string& path, int width, int height,
                                             bool dark, bool map_figure);

}  // namespace actviz::gui
