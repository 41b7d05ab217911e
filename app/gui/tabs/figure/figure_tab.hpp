// The Figure tab: the 3×2 figure live (f, f′, the two histograms, the photo and its map), and
// its export at a chosen size and theme by the code of `actviz figure`.
#pragma once

#include "gui/shell/shared.hpp"

namespace actviz::gui {

inline constexpr ExportRow kFigureExports[] = {
    {ExportTarget::kFigure, "figure", "The 3×2 figure"},
};

class FigureTab final : public TabModule {
 public:
  static constexpr Tab kId = Tab::kFigure;
  void Draw(AppState& s, App::Shared& sh) override;
  void Settle(AppState& s, App::Shared& sh, bool shown) override;
  std::optional<std::string> StartExport(const AppState& s, App::Shared& sh,
                                         const ExportRequest& r) override;

  FigureData figure;  // the live figure (its settings are AppState::figure)
};

}  // namespace actviz::gui
