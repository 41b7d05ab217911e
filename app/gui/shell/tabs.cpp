// The tab table: one row per tab, in the tab bar's order.
#include <array>

#include "gui/shell/tab.hpp"
#include "gui/tabs/depth/depth_tab.hpp"
#include "gui/tabs/distributions/distributions_tab.hpp"
#include "gui/tabs/explorer/explorer_tab.hpp"
#include "gui/tabs/figure/figure_tab.hpp"
#include "gui/tabs/map/map_tab.hpp"
#include "gui/tabs/networks/networks_tab.hpp"
#include "gui/tabs/softmax/softmax_tab.hpp"

namespace actviz::gui {
namespace {

template <class T>
std::unique_ptr<TabModule> Make() {
  return std::make_unique<T>();
}

constexpr TabRow kTabTable[] = {
    {Tab::kExplorer, "explorer", "Explorer", Make<ExplorerTab>, kExplorerExports},
    {Tab::kDistributions, "distributions", "Distributions", Make<DistributionsTab>,
     kDistributionsExports},
    {Tab::kMap, "map", "Activation map", Make<MapTab>, kMapExports},
    {Tab::kFigure, "figure", "Figure", Make<FigureTab>, kFigureExports},
    {Tab::kDepth, "depth", "Depth", Make<DepthTab>, kDepthExports},
    {Tab::kNetworks, "networks", "Networks", Make<NetworksTab>, {}},
    {Tab::kSoftmax, "softmax", "Softmax", Make<SoftmaxTab>, kSoftmaxExports},
};

// Row i is the tab whose value is i, every tab has one: App::Shared::tabs and the session file
// (which stores the position) rely on it.
constexpr bool InValueOrder() {
  for (std::size_t i = 0; i < std::size(kTabTable); ++i)
    if (static_cast<std::size_t>(kTabTable[i].id) != i) return false;
  return true;
}
static_assert(InValueOrder() && std::size(kTabTable) == kTabCount);

constexpr ExportRow kWindowExport{ExportTarget::kWindow, "window",
                                  "Screenshot of the whole window"};

}  // namespace

std::span<const TabRow> TabTable() {
  return kTabTable;
}

const TabRow& RowOf(Tab id) {
  return kTabTable[static_cast<std::size_t>(id)];
}

const ExportRow* FindExport(ExportTarget t) {
  if (t == ExportTarget::kWindow) return &kWindowExport;
  for (const TabRow& tab : kTabTable)
    for (const ExportRow& e : tab.exports)
      if (e.target == t) return &e;
  return nullptr;
}

std::optional<Tab> TabOfExport(ExportTarget t) {
  for (const TabRow& tab : kTabTable)
    for (const ExportRow& e : tab.exports)
      if (e.target == t) return tab.id;
  return std::nullopt;
}

bool IsPlotTarget(ExportTarget t) {
  const ExportRow* e = FindExport(t);
  return e && e->plot;
}

}  // namespace actviz::gui
