// The Networks tab: the notebooks' small networks (perceptron, XOR, x², …) trained live with
// the selected function, or one per layer (spec/cli.md `actviz train`).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gui/shell/shared.hpp"
#include "gui/tabs/networks/networks_worker.hpp"

namespace actviz::gui {

// The tab's views and its run counters (caches, not persisted).
struct NetworksViews {
  const void* fitted = nullptr;
  int fitted_task = -1;
  plot::Range main_x, main_y, epoch, loss_y, acc_y, units_x, units_y;
  std::vector<plot::Series> loss_series;
  int run = 0, steps = 0;  // Reset and One step presses
  std::string error;       // why the controls describe no network, shown in the tab
  std::string export_path = "networks.png";
  ImVec2 main_min{0, 0}, main_max{0, 0};  // the main view's plot area last frame (pixels)
  std::optional<std::chrono::steady_clock::time_point> settle_until;  // Settle's limit
};

class NetworksTab final : public TabModule {
 public:
  static constexpr Tab kId = Tab::kNetworks;
  void Draw(AppState& s, App::Shared& sh) override;
  void Settle(AppState& s, App::Shared& sh, bool shown) override;
  void TakeErrors(AppState& s) override;

  NetworksWorker worker;
  NetworksViews views;
};

// Saves the tab's latest view as `actviz train --out` draws it (in the background).
std::optional<std::string> StartNetworksExport(const AppState& state, App::Shared& shared,
                                               NetworksTab& tab, const std::string& path);
// The tab's request, or nothing with the reason in `error` (a bad width typed).
std::optional<NetworksRequest> NetworksRequestOf(const AppState& state, const NetworksTab& tab,
                                                 std::string& error);

}  // namespace actviz::gui
