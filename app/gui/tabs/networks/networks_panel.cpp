// The Networks tab: the notebook's perceptron, XOR and x² trained live with the selected
// activation (the core's Trainer, on NetworksWorker), play / pause / one step / reset, and
// the views of figure/network_plots: the decision surface or the fit, the loss and accuracy
// per epoch with pinned runs, the hidden units' state, and the lessons where they happen.
// This file only lays out controls and plots.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "actviz/base/file_io.hpp"
#include "figure/theme.hpp"
#include "gui/tabs/networks/networks_tab.hpp"

namespace actviz::gui {
namespace {

// The notebook's defaults for the task and model (hidden 2, lr 0.01, 1000 epochs; x²:
// hidden 6, lr 0.005, 100 epochs).
void ApplyDefaults(NetworksState& n) {
  const TrainSpec d = DefaultSpec(n.task, n.model);
  std::string h;
  for (int w : d.hidden)
    h += (h.empty() ? "" : ",") + std::to_string(w);
  if (n.model == Model::kMlp) n.hidden = h;
  n.lr = d.lr;
  n.epochs = d.epochs;
  n.batch = d.batch;
}

std::string PinLabel(const AppState& s, const NetworksView& v) {
  const NetworksState& n = s.networks;
  char buf[160];
  if (n.model == Model::kPerceptron)
    std::snprintf(buf, sizeof buf, "perceptron θ %.3g, seed %llu", v.net.theta,
                  static_cast<unsigned long long>(v.spec.seed));
  else
    std::snprintf(buf, sizeof buf, "%s [%s] lr %.3g, seed %llu",
                  DisplayName(*v.spec.fn, v.spec.params).c_str(), n.hidden.c_str(), v.spec.lr,
                  static_cast<unsigned long long>(v.spec.seed));
  return buf;
}

// The network: task, model and its layers, the output unit, loss and optimizer.
void ModelControls(const AppState& s, NetworksState& n, float w) {
  ImGui::SetNextItemWidth(w * 1.45f);
  if (EnumCombo("##task", n.task, TaskNames())) ApplyDefaults(n);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 1.7f);
  if (EnumCombo("##model", n.model, ModelNames())) ApplyDefaults(n);
  ImGui::SameLine();
  if (n.model == Model::kPerceptron) {
    static constexpr double lo = -2, hi = 2;
    ImGui::SetNextItemWidth(w);
    ImGui::SliderScalar("##theta", ImGuiDataType_Double, &n.theta, &lo, &hi, "θ = %.3f");
    if (!std::isfinite(n.theta)) n.theta = 0;
  } else {
    ImGui::SetNextItemWidth(w * 0.8f);
    ImGui::InputText("hidden##widths", &n.hidden);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "hidden widths, comma separated: 2, 6, 2,2,2 (activation: the selected "
          "function)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 1.1f);
    ImGui::InputTextWithHint("##perlayer", "per layer…", &n.per_layer);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "a function per hidden layer, with its parameters if not the defaults:\n"
          "leaky_relu(alpha=0.1),tanh,elu(alpha=0.5), a formula in braces: "
          "{x*sigmoid(b*x)}(b=2)\n(empty: the selected function in every "
          "layer; a layer of the selected function uses its sliders' values)");
    ImGui::SameLine();
    const bool formula = IsFormula(s.fn.selected) && !Selected(s).params.empty();
    ImGui::Checkbox(formula ? "freeze parameters###freeze" : "freeze α###freeze", &n.freeze_params);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(formula ? "keep the formula's parameters fixed (otherwise each is learned "
                                  "by its symbolic derivative, one per hidden layer, from its "
                                  "slider's value)"
                                : "keep learnable activation parameters fixed (PReLU's α is "
                                  "otherwise learned, one per hidden layer, from its slider's "
                                  "value)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 0.8f);
    EnumCombo("##output", n.output, OutputNames());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("output unit");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 1.2f);
    EnumCombo("##loss", n.loss, LossNames());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 0.7f);
    EnumCombo("##optimizer", n.optimizer, OptimizerNames());
  }
}

// Training: learning rate, batch, epochs, seed and the pace.
void TrainingControls(NetworksState& n, float w) {
  ImGui::SetNextItemWidth(w);
  {
    static constexpr double lo = 1e-5, hi = 10;
    ImGui::SliderScalar("##lr", ImGuiDataType_Double, &n.lr, &lo, &hi, "lr = %.4g",
                        ImGuiSliderFlags_Logarithmic);
    n.lr = std::clamp(std::isfinite(n.lr) ? n.lr : 0.01, lo, hi);
  }
  if (n.model == Model::kMlp) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 0.8f);
    ImGui::SliderInt("##batch", &n.batch, 1, 256, "batch %d", ImGuiSliderFlags_Logarithmic);
    n.batch = std::clamp(n.batch, 1, 1000000);
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.9f);
  ImGui::InputInt("epochs", &n.epochs, 100, 1000);
  n.epochs = std::clamp(n.epochs, 1, 1000000);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.75f);
  ImGui::InputInt("seed##networks", &n.seed);
  n.seed = std::max(0, n.seed);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  {
    static constexpr double lo = 10, hi = 100000;
    double rate = n.epochs_per_second > 0 ? n.epochs_per_second : hi;
    if (ImGui::SliderScalar("##speed", ImGuiDataType_Double, &rate, &lo, &hi,
                            n.epochs_per_second > 0 ? "%.0f epochs/s" : "full speed",
                            ImGuiSliderFlags_Logarithmic))
      n.epochs_per_second = rate >= hi ? 0 : std::clamp(rate, lo, hi);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("pace of training (right end: as fast as it goes)");
  }
}

// Play, step, reset, the pinned loss curves and the PNG export.
void RunControls(AppState& s, App::Shared& sh, NetworksTab& t, float w) {
  NetworksState& n = s.networks;
  NetworksViews& v = t.views;
  if (ImGui::Button(n.playing ? "Pause" : "Play", ImVec2(ImGui::GetFontSize() * 4, 0)))
    n.playing = !n.playing;
  ImGui::SameLine();
  if (ImGui::Button("One step")) n.playing = false, ++v.steps;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("train one epoch");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) n.playing = false, ++v.run;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("back to the initial weights of this seed");
  ImGui::SameLine();
  const std::shared_ptr<const NetworksView> view = t.worker.Latest();
  ImGui::BeginDisabled(!view || view->plots.loss.empty() || n.pins.size() >= 6);
  if (ImGui::Button("Pin loss")) {
    figure::LossCurve c;
    c.label = PinLabel(s, *view);
    c.loss = view->plots.loss;
    c.epoch = view->plots.epoch_x;
    int colour = 0;
    while (std::any_of(n.pins.begin(), n.pins.end(),
                       [&](const figure::LossCurve& p) { return p.colour == colour; }))
      ++colour;
    c.colour = colour;
    n.pins.push_back(std::move(c));
  }
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("keep this run's loss curve to compare with the next");
  ImGui::SameLine();
  ImGui::BeginDisabled(n.pins.empty());
  if (ImGui::Button("Clear pins")) n.pins.clear();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 1.5f);
  ImGui::InputText("##netpath", &v.export_path);
  ImGui::SameLine();
  ImGui::BeginDisabled(!view || sh.export_job.busy());
  if (ImGui::Button("Save PNG") && view)
    if (auto err = StartNetworksExport(s, sh, t, v.export_path))
      Notify(s, "Could not export: " + *err, true);
  ImGui::EndDisabled();
}

void Controls(AppState& s, App::Shared& sh, NetworksTab& t) {
  const float w = ImGui::GetFontSize() * 7;
  ModelControls(s, s.networks, w);
  TrainingControls(s.networks, w);
  RunControls(s, sh, t, w);
}

void Lessons(const AppState& s, const NetworksView& view) {
  const figure::NetworkPlots& m = view.plots;
  const ImVec4 err = ErrorTextColour(s.ui.theme);
  if (!m.stopped.empty())
    ImGui::TextColored(err, "%s (try a smaller learning rate)", m.stopped.c_str());
  if (!m.zero_gradient.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, err);
    ImGui::TextWrapped("%s", m.zero_gradient.c_str());
    ImGui::PopStyleColor();
  }
  if (m.collapsed) {
    ImGui::TextWrapped(
        "Linear layers collapse: the product of the weight matrices is one "
        "linear map.");
    for (std::size_t l = 0; l < view.net.layers.size(); ++l) {
      const Layer& L = view.net.layers[l];
      std::string row = "W" + std::to_string(l + 1) + " =";
      char buf[48];
      for (int i = 0; i < L.in && i < 8; ++i) {
        row += " [";
        for (int j = 0; j < L.out && j < 8; ++j) {
          std::snprintf(buf, sizeof buf, "%s%.4g", j ? ", " : "",
                        L.w[static_cast<std::size_t>(i * L.out + j)]);
          row += buf;
        }
        row += "]";
      }
      ImGui::TextUnformatted(row.c_str());
    }
    std::string w = "collapsed: y =";
    char buf[64];
    for (std::size_t k = 0; k < m.collapsed->w.size(); ++k) {
      std::snprintf(buf, sizeof buf, " %s%.6g·x%zu", k ? "+ " : "", m.collapsed->w[k], k + 1);
      w += buf;
    }
    std::snprintf(buf, sizeof buf, " + %.6g", m.collapsed->b);
    w += buf;
    ImGui::TextUnformatted(w.c_str());
    ImGui::Text("network − collapsed map over the data: at most %.2g", m.collapse_error);
    if (m.classification) ImGui::TextDisabled("one linear map cannot separate XOR: at most 3 of 4");
  }
}

}  // namespace

std::optional<std::string> StartNetworksExport(const AppState& s, App::Shared& sh, NetworksTab& t,
                                               const std::string& path) {
  if (path.empty()) return "no file name given";
  const std::shared_ptr<const NetworksView> view = t.worker.Latest();
  if (!view) return "nothing trained yet";
  // The same picture as `actviz train --out`, rendered on a context of its own (a thread
  // joined at once: the window's GL context stays current on the UI thread).
  struct Job {
    std::shared_ptr<const NetworksView> view;
    std::vector<figure::LossCurve> pins;
    figure::RgbaImage image;
  };
  auto job = std::make_shared<Job>();
  job->view = view;
  job->pins = s.networks.pins;
  auto render = [job]() -> std::optional<std::string> {
    std::optional<std::string> r;
    std::thread([&] {
      r = figure::RenderNetworkFigureRgba(job->view->plots, job->pins, 1600, 900, job->image);
    }).join();
    return r;
  };
  auto write = [job, path](ExportProgress&) {
    return WritePng(path, job->image.width, job->image.height, 4, job->image.rgba);
  };
  if (!sh.export_job.Start("the network figure", path, nullptr, render, write))
    return "another export is still running (" + sh.export_job.what() + ")";
  return std::nullopt;
}

std::optional<NetworksRequest> NetworksRequestOf(const AppState& s, const NetworksTab& tab,
                                                 std::string& error) {
  const NetworksState& n = s.networks;
  NetworksRequest r;
  TrainSpec& t = r.spec;
  t = DefaultSpec(n.task, n.model);
  if (n.model == Model::kPerceptron) {
    t.fn = Find("step");
    t.params = Defaults(*t.fn);
    t.params.v[0] = n.theta;
  } else {
    t.fn = &Selected(s);
    t.params = SelectedParams(s);
    if (auto e = Validate(*t.fn, t.params, Precision::kF64)) {
      error = *e;
      return std::nullopt;
    }
    HiddenWidths h = ParseHiddenWidths(n.hidden);
    if (!h.error.empty()) {
      error = "hidden widths '" + n.hidden + "': " + h.error;
      return std::nullopt;
    }
    t.hidden = std::move(h.widths);
    if (n.per_layer.find_first_not_of(' ') != std::string::npos) {
      LayerFunctions lf = ParseLayerFunctions(n.per_layer, t.fn, t.params);
      if (!lf.error.empty()) {
        error = "per layer: " + lf.error;
        return std::nullopt;
      }
      t.per_layer = std::move(lf.layers);
      if (t.per_layer.size() != t.hidden.size()) {
        error = "per layer: " + std::to_string(t.per_layer.size()) + " functions for " +
                std::to_string(t.hidden.size()) + " hidden layers";
        return std::nullopt;
      }
    }
    t.freeze_params = n.freeze_params;
    t.output = n.output;
    t.loss = n.loss;
    t.optimizer = n.optimizer;
    t.batch = n.batch;
  }
  t.lr = n.lr;
  t.epochs = n.epochs;
  t.seed = static_cast<std::uint64_t>(n.seed);
  if (auto e = ValidateTrain(t)) {
    error = *e;
    return std::nullopt;
  }
  // Live views evaluate the network 10 201 times per frame: the tab keeps to networks that
  // allows (the command line trains up to 10⁷ parameters).
  double params = 0, in = t.task == Task::kSquare ? 1 : 2;
  for (int w : t.hidden)
    params += in * w + w, in = w;
  if (params > 20000) {
    error = "the tab trains networks of up to 20 000 parameters live (these widths make " +
            std::to_string(static_cast<long long>(params + in + 1)) +
            "); `actviz train` takes up to 10⁷";
    return std::nullopt;
  }
  r.run = tab.views.run;
  r.steps = tab.views.steps;
  r.playing = n.playing;
  r.epochs_per_second = n.epochs_per_second;
  return r;
}

namespace {

// Fit the views: the main one when the task changes, the curves to each snapshot.
void FitViews(NetworksViews& v, const NetworksView& view, const NetworksState& n) {
  const figure::NetworkPlots& m = view.plots;
  if (v.fitted_task != static_cast<int>(view.spec.task)) {
    v.fitted_task = static_cast<int>(view.spec.task);
    v.main_x = m.main_x;
    v.main_y = m.main_y;
  }
  if (v.fitted != &view) {
    v.fitted = &view;
    v.epoch = m.epoch_range;
    v.loss_y = m.loss_y;
    for (const figure::LossCurve& p : n.pins) {
      const plot::Range r = plot::FitRange(p.loss, plot::Scale::kLog10);
      v.loss_y = {std::min(v.loss_y.lo, r.lo), std::max(v.loss_y.hi, r.hi)};
      v.epoch.hi = std::max(v.epoch.hi, static_cast<double>(p.loss.size()) + 0.5);
    }
    v.acc_y = m.acc_y;
    v.units_x = m.units_x;
    v.units_y = m.units_y;
  }
}

// The output under the mouse on the decision surface.
void SurfaceTooltip(const figure::NetworkPlots& m, const plot::Interaction& ix) {
  const int i = static_cast<int>(std::lround(ix.mouse_x * (figure::kSurfaceSize - 1)));
  const int j = static_cast<int>(std::lround(ix.mouse_y * (figure::kSurfaceSize - 1)));
  if (i >= 0 && j >= 0 && i < figure::kSurfaceSize && j < figure::kSurfaceSize)
    ImGui::SetTooltip("output %.4g at (%.2f, %.2f)",
                      m.surface[static_cast<std::size_t>(j * figure::kSurfaceSize + i)], ix.mouse_x,
                      ix.mouse_y);
}

// A hidden unit's state under the mouse, with its layer's learned parameters.
void UnitTooltip(const NetworksView& view, const plot::Interaction& ux) {
  const figure::NetworkPlots& m = view.plots;
  const long u = std::lround(ux.mouse_x) - 1;
  if (u >= 0 && u < static_cast<long>(m.units.size())) {
    const UnitState& st = m.units[static_cast<std::size_t>(u)];
    // The layer's learned parameters, shared by its units.
    std::string learned;
    const std::size_t l = static_cast<std::size_t>(st.layer);
    if (l < m.learned_values.size() && l < view.net.layers.size())
      for (std::size_t k = 0; k < m.learned_values[l].size(); ++k) {
        const Layer& L = view.net.layers[l];
        char buf[64];
        std::snprintf(
            buf, sizeof buf, "\nlearned %s = %.6g (shared by the layer's units)",
            std::string(L.fn->params[static_cast<std::size_t>(L.learned[k])].symbol).c_str(),
            m.learned_values[l][k]);
        learned += buf;
      }
    ImGui::SetTooltip("layer %d, unit %d: |f′| ≥ 0.01 on %.1f %% of the data%s%s", st.layer + 1,
                      st.unit + 1, 100 * st.active,
                      st.dead        ? " (dead: f′ = 0 everywhere)"
                      : st.saturated ? " (saturated)"
                                     : "",
                      learned.c_str());
  }
}

}  // namespace

void NetworksTab::Draw(AppState& s, App::Shared& sh) {
  NetworksTab& t = *this;
  Controls(s, sh, *this);
  NetworksState& n = s.networks;
  NetworksViews& v = t.views;
  std::string error;
  if (const std::optional<NetworksRequest> r = NetworksRequestOf(s, t, error)) {
    t.worker.Request(*r);
    v.error.clear();
  } else {
    v.error = error;  // the previous run stays on screen
  }
  const std::shared_ptr<const NetworksView> view = t.worker.Latest();
  if (view && view->done && n.playing && t.worker.Idle()) n.playing = false;
  if (!v.error.empty()) ImGui::TextColored(ErrorTextColour(s.ui.theme), "%s", v.error.c_str());
  if (!view) return;
  const figure::NetworkPlots& m = view->plots;
  ImGui::TextUnformatted(m.title.c_str());
  if (!m.learned.empty())  // the activation parameters as they learn, layer by layer
    ImGui::Text("learned, per hidden layer: %s", m.learned.c_str());

  FitViews(v, *view, n);
  const plot::Style style = PlotStyle(s.ui.theme);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float main_w = std::min(avail.y, avail.x * 0.5f);
  const plot::Interaction ix = plot::Plot(
      "##netmain", v.main_x, v.main_y, figure::NetworkMainSpec(m), style, ImVec2(main_w, avail.y));
  v.main_min = ix.plot_min;
  v.main_max = ix.plot_max;
  if (ix.hovered && m.two_d) SurfaceTooltip(m, ix);
  ImGui::SameLine();
  ImGui::BeginChild("##netright", ImVec2(0, avail.y));
  const float rw = ImGui::GetContentRegionAvail().x;
  const int rows = m.classification ? 3 : 2;
  const float lessons_h =
      (m.collapsed || !m.zero_gradient.empty() || !m.stopped.empty())
          ? ImGui::GetTextLineHeightWithSpacing() *
                (m.collapsed ? 5.5f + static_cast<float>(view->net.layers.size()) : 3.5f)
          : 0;
  const float ph =
      (avail.y - lessons_h - gap * static_cast<float>(rows)) / static_cast<float>(rows);
  if (lessons_h > 0) {
    ImGui::BeginChild("##lessons", ImVec2(rw, lessons_h));
    Lessons(s, *view);
    ImGui::EndChild();
  }
  plot::Plot("##netloss", v.epoch, v.loss_y,
             figure::NetworkLossSpec(m, n.pins, s.ui.theme, v.loss_series), style, ImVec2(rw, ph));
  if (m.classification)
    plot::Plot("##netacc", v.epoch, v.acc_y, figure::NetworkAccuracySpec(m), style, ImVec2(rw, ph));
  const plot::Interaction ux = plot::Plot("##netunits", v.units_x, v.units_y,
                                          figure::NetworkUnitsSpec(m), style, ImVec2(rw, ph));
  if (ux.hovered) UnitTooltip(*view, ux);
  ImGui::EndChild();
}

// A playing run may be long (10⁶ epochs at a watchable pace): it is waited for 10 s in all.
void NetworksTab::Settle(AppState& s, App::Shared&, bool shown) {
  if (!shown) return;
  std::string error;
  if (auto r = NetworksRequestOf(s, *this, error)) worker.Request(*r);
  if (!views.settle_until)
    views.settle_until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!worker.Idle() && std::chrono::steady_clock::now() < *views.settle_until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

void NetworksTab::TakeErrors(AppState& s) {
  if (auto e = worker.TakeError()) Notify(s, "Could not train the network: " + *e, true);
}

}  // namespace actviz::gui
