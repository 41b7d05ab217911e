// The Activation map tab: the photo and its map side by side (linked zoom and pan, the map on
// the GPU), a readout under the mouse, and a small histogram of the map's values. The photo,
// its textures and the map's subsample are shared with the Figure tab (App::Shared::photo).
#pragma once

#include <vector>

#include "gui/shell/shared.hpp"

namespace actviz::gui {

inline constexpr ExportRow kMapExports[] = {
    {ExportTarget::kMap, "map",
     "The activation map at full resolution (.png through the colormap, or .npy floats)"},
    {ExportTarget::kMapFigure, "map-figure",
     "The photo and its activation map side by side, with a colour bar"},
};

class MapTab final : public TabModule {
 public:
  static constexpr Tab kId = Tab::kMap;
  void Draw(AppState& s, App::Shared& sh) override;
  void Settle(AppState& s, App::Shared& sh, bool shown) override;
  std::optional<std::string> StartExport(const AppState& s, App::Shared& sh,
                                         const ExportRequest& r) override;

  std::vector<double> strip_x, strip_y;  // the small histogram's stairs
};

}  // namespace actviz::gui
