// The window's exports, all through one background job (ExportJob): the samples, the map and
// the PNG encoding run on a thread while the window keeps drawing; the offscreen render is
// one short step on the UI thread (ImGui's current context is process-wide, and the window's
// frames use it). Each target belongs to a tab, which starts it; the synchronous App::Export*
// (tests) start the same job and wait for it.
#include "gui/shell/shared.hpp"

namespace actviz::gui {
namespace {

// The tab whose row lists the target, or null (the screenshot, none).
TabModule* OwnerOf(App::Shared& sh, ExportTarget t) {
  const std::optional<Tab> tab = TabOfExport(t);
  return tab ? &sh.tab(*tab) : nullptr;
}

}  // namespace

ImVec2 PlotSizeOf(const App::Shared& sh, ExportTarget t) {
  const std::optional<Tab> tab = TabOfExport(t);
  return tab ? sh.tab(*tab).PlotSize(t) : ImVec2(0, 0);
}

ImVec2 App::PlotSize(ExportTarget t) const {
  return PlotSizeOf(*shared_, t);
}

std::optional<std::string> App::StartExport(const ExportRequest& r) {
  if (r.path.empty()) return "no file name given";
  if (shared_->export_job.busy())
    return "another export is still running (" + shared_->export_job.what() + ")";
  TabModule* owner = OwnerOf(*shared_, r.target);
  if (!owner) return "nothing to export";
  return owner->StartExport(state_, *shared_, r);
}

std::optional<std::string> App::WaitForExport() {
  const std::optional<ExportJob::Result> r = shared_->export_job.Wait();
  if (!r) return "the export did not finish";
  if (!r->error) Notify(state_, r->message);
  return r->error;
}

std::optional<std::string> App::ExportPlot(ExportTarget t, const std::string& path, float scale) {
  if (!IsPlotTarget(t)) return "not a plot";
  if (auto err = StartExport({t, path, scale})) return err;
  return WaitForExport();
}

std::optional<std::string> App::ExportMap(const std::string& path) {
  if (auto err = StartExport({ExportTarget::kMap, path, 1})) return err;
  return WaitForExport();
}

std::optional<std::string> App::ExportFigure(const std::string& path, int width, int height,
                                             bool dark) {
  if (auto err = StartExport({ExportTarget::kFigure, path, 1, width, height, dark})) return err;
  return WaitForExport();
}

std::optional<std::string> App::ExportMapFigure(const std::string& path) {
  if (auto err = StartExport({ExportTarget::kMapFigure, path, 1})) return err;
  return WaitForExport();
}

std::optional<std::string> App::ExportDepthFigure(const std::string& path, int width, int height) {
  if (auto err = StartExport({ExportTarget::kDepthFigure, path, 1, width, height})) return err;
  return WaitForExport();
}

}  // namespace actviz::gui
