// The Depth tab's exports: its plots as the tab shows them, and the tab as a figure (the
// figure of `actviz depth --out`).
#include <memory>

#include "actviz/base/file_io.hpp"
#include "figure/depth_plots.hpp"
#include "gui/export/export.hpp"
#include "gui/tabs/depth/depth_tab.hpp"

namespace actviz::gui {
namespace {

std::optional<std::string> StartDepthPlotExport(const AppState& s, App::Shared& sh, DepthTab& tab,
                                                ExportTarget t, const std::string& path,
                                                float scale) {
  // The plots as the tab shows them: its last complete result, its views (zoom), its marker.
  struct Job {
    std::shared_ptr<const DepthView> view;
    std::shared_ptr<const PhaseView> phase;
    plot::Marker here;
    plot::PlotSpec spec;
  };
  auto job = std::make_shared<Job>();
  float progress = 0;
  bool current = false;
  job->view = tab.worker.Latest(progress, current);
  job->phase = tab.worker.LatestPhase();
  if (!job->view) return "the Depth tab has no result yet";
  const DepthViews& v = tab.views;
  const figure::DepthPlots& m = job->view->plots;
  plot::Range y = v.y_var, x = v.x;
  switch (t) {
    case ExportTarget::kDepthDensity:
      job->spec = figure::DepthDensitySpec(m, s.depth.show_post);
      y = s.depth.show_post ? v.y_post : v.y_pre;
      break;
    case ExportTarget::kDepthVariance:
      job->spec = figure::DepthVarianceSpec(m);
      break;
    case ExportTarget::kDepthGradient:
      job->spec = figure::DepthGradientSpec(m);
      y = v.y_grad;
      break;
    case ExportTarget::kDepthFractions:
      job->spec = figure::DepthFractionsSpec(m);
      y = v.y_frac;
      break;
    default: {  // the phase diagram, with the marker of the current settings
      if (!job->phase) return "the phase diagram is not computed yet";
      const DepthRequest req = DepthRequestOf(s);
      job->here = {SigmaW2(req.spec), req.spec.sigma_b * req.spec.sigma_b, true,
                   figure::kPhaseMarker};
      job->spec = figure::PhaseSpec(job->phase->plot);
      job->spec.markers = std::span<const plot::Marker>(&job->here, 1);
      x = v.px;
      y = v.py;
    }
  }
  return StartPlotSpecExport(s, sh, job->spec, x, y, v.size, scale, path);
}

std::optional<std::string> StartDepthFigureExport(const AppState& s, App::Shared& sh, DepthTab& tab,
                                                  const std::string& path, int width, int height) {
  if (auto err = Validate(Selected(s), SelectedParams(s), Precision::kF32)) return *err;
  // The tab's run when it is of the current settings; otherwise the job runs its own (with
  // progress and Cancel), as `actviz depth --out` would for the same settings.
  struct Job {
    DepthRequest req;
    std::shared_ptr<const DepthView> view;
    DepthResult result;
    figure::DepthPlots plots;
    figure::PhasePlot phase;
    figure::RgbaImage image;
  };
  auto job = std::make_shared<Job>();
  job->req = DepthRequestOf(s);
  if (auto err = DepthRefusal(job->req.spec)) return *err;
  float progress = 0;
  bool current = false;
  std::shared_ptr<const DepthView> view = tab.worker.Latest(progress, current);
  if (view && view->request == job->req && !view->preview()) job->view = std::move(view);
  const bool post = s.depth.show_post;
  auto compute = [job](ExportProgress& p) -> std::optional<std::string> {
    const DepthRequest& r = job->req;
    const Activation& fn = FunctionAt(r.function);
    double w2 = 0, b2 = 0;
    if (job->view) {
      w2 = job->view->result.sigma_w2, b2 = job->view->result.sigma_b2;
    } else {
      if (auto err = BlasError()) return *err;
      if (!RunDepth(fn, r.params, r.spec, job->result, nullptr, &p.cancel, &p.fraction))
        return "cancelled";
      figure::BuildDepthPlots(fn, r.params, r.spec, job->result, job->plots);
      w2 = job->result.sigma_w2, b2 = job->result.sigma_b2;
    }
    if (p.cancel) return "cancelled";
    figure::BuildPhasePlot(fn, r.params, w2, b2, 48, 32, job->phase);
    p.fraction = 1;
    return std::nullopt;
  };
  auto render = [job, post, width, height] {
    return OnOwnContext([&] {
      return figure::RenderDepthFigureRgba(job->view ? job->view->plots : job->plots, &job->phase,
                                           post, width, height, job->image);
    });
  };
  auto write = [job, path](ExportProgress&) {
    return WritePng(path, job->image.width, job->image.height, 4, job->image.rgba);
  };
  sh.export_job.Start("the depth figure", path, compute, render, write);
  return std::nullopt;
}

}  // namespace

ImVec2 DepthTab::PlotSize(ExportTarget t) const {
  return t == ExportTarget::kDepthFigure ? ImVec2(0, 0) : views.size;
}

std::optional<std::string> DepthTab::StartExport(const AppState& s, App::Shared& sh,
                                                 const ExportRequest& r) {
  if (r.target == ExportTarget::kDepthFigure)
    return StartDepthFigureExport(s, sh, *this, r.path, r.width ? r.width : 1800,
                                  r.height ? r.height : 1000);
  return StartDepthPlotExport(s, sh, *this, r.target, r.path, r.scale);
}

void DepthTab::Settle(AppState& s, App::Shared&, bool shown) {
  if (!shown) return;
  // A run the tab refuses (it says why) is not started here either.
  if (const DepthRequest r = DepthRequestOf(s); !DepthRefusal(r.spec)) worker.Request(r);
  worker.RequestPhase({s.fn.selected, SelectedParams(s)});
  worker.Wait();
}

void DepthTab::TakeErrors(AppState& s) {
  if (auto e = worker.TakeError()) Notify(s, "Could not run the depth experiment: " + *e, true);
}

}  // namespace actviz::gui
