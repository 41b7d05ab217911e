// The Explorer tab: f and f′ of the selected function side by side (with pins, the family,
// f⁻¹ and maxout's pieces), above its facts and the derivative check.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "gui/shell/shared.hpp"
#include "gui/tabs/explorer/facts_worker.hpp"

namespace actviz::gui {

inline constexpr ExportRow kExplorerExports[] = {
    {ExportTarget::kFunction, "function", "The f(x) plot", true},
    {ExportTarget::kDerivative, "derivative", "The f′(x) plot", true},
    {ExportTarget::kError, "derivative-check", "The derivative check plot", true},
};

class ExplorerTab final : public TabModule {
 public:
  static constexpr Tab kId = Tab::kExplorer;
  void Draw(AppState& s, App::Shared& sh) override;
  void Settle(AppState& s, App::Shared& sh, bool shown) override;
  void TakeErrors(AppState& s) override;
  ImVec2 PlotSize(ExportTarget t) const override;
  std::optional<std::string> StartExport(const AppState& s, App::Shared& sh,
                                         const ExportRequest& r) override;

  FactsWorker facts;
  PlotData f, df, err;
  // The as-written view: f as written at the f plot's samples, its error in ULP (0 where
  // exact: drawn at the axis floor), and what it says of them.
  struct AsWritten {
    std::vector<double> y, ulp;
    std::vector<plot::Series> series;   // the ULP plot's
    std::string summary;                // "within 1 ULP on [a, b]; inf at …"
    std::string label;                  // "as written, float32"
    std::string title;                  // the ULP plot's
    double top = 10;                    // the largest finite error in view (for the y fit)
    std::optional<plot::Range> fitted;  // the ULP plot's view as last fitted
    bool available = false;             // the function has a form to evaluate
  } aw;
  // f⁻¹ as the reflection of the sampled f (and (f⁻¹)′ = 1/f′ at f(x)), and the line y = x.
  std::vector<double> inverse_x[2], inverse_y[2], diagonal[2];
  std::string inverse_label;
  ImVec2 f_size{0, 0}, df_size{0, 0}, err_size{0, 0};  // last on-screen plot sizes
  std::optional<double> hover_x;  // the mouse's x over any linked plot, last frame
  int fitted_for = -1;            // the function the y ranges were last fitted to
  struct PieceLines {             // maxout's pieces as drawn on the f and f′ plots
    std::array<double, 2> x{};
    std::array<std::array<double, 2>, kMaxPieces> y{};
    std::array<std::string, kMaxPieces> labels;
  };
  std::array<PieceLines, 2> pieces;
};

// Samples f and f′ of the selected function and the visible pins over the current view.
void BuildFunctionPlots(const AppState& state, App::Shared& shared, ExplorerTab& t);
// The derivative check: numerical derivatives over the f′ view, and their errors.
void BuildDerivativeCheck(const AppState& state, App::Shared& shared, ExplorerTab& t);
// Specs for drawing (the same for the screen and for export).
plot::PlotSpec FunctionPlotSpec(const AppState& state, const ExplorerTab& t, bool derivative);
plot::PlotSpec ErrorPlotSpec(const AppState& state, const ExplorerTab& t);
void DrawPlots(AppState& state, App::Shared& shared, ExplorerTab& t);
void DrawFacts(AppState& state, ExplorerTab& t);
void DrawDerivativeCheck(AppState& state, App::Shared& shared, ExplorerTab& t);
// The as-written view: f as written over the f plot's samples (overlaid there) and its error.
void BuildAsWritten(const AppState& state, App::Shared& shared, ExplorerTab& t);
plot::PlotSpec AsWrittenPlotSpec(const AppState& state, const ExplorerTab& t);
void DrawAsWritten(AppState& state, App::Shared& shared, ExplorerTab& t, float height);
// The format chooser (off, float32, bfloat16, float16), above the view.
void DrawAsWrittenChoice(AppState& state, ExplorerTab& t);

}  // namespace actviz::gui
