// The window's exports, all through one background job (ExportJob): the samples, the map and
// the PNG encoding run on a thread while the window keeps drawing; the offscreen render is
// one short step on the UI thread (ImGui's current context is process-wide, and the window's
// frames use it). The synchronous App::Export* (tests) start the same job and wait for it.
#include <chrono>
#include <memory>
#include <thread>

#include "actviz/base/file_io.hpp"
#include "actviz/image/image.hpp"
#include "figure/depth_plots.hpp"
#include "figure/figure.hpp"
#include "figure/plot_export.hpp"
#include "gui/panels.hpp"

namespace actviz::gui {
namespace {

// A render on an EGL context of its own, on a short-lived thread joined at once, so that the
// window's GL context stays current on the UI thread.
template <class Render>
std::optional<std::string> OnOwnContext(Render&& render) {
  std::optional<std::string> result;
  std::thread([&] { result = render(); }).join();
  return result;
}

bool IsNpy(const std::string& path) {
  return path.size() > 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
}

// Starts the export of one plot whose spec points into what `keep` holds: rendered at scale ×
// `size` (below 1.5× in the window's own context with its font; larger headless with a font
// built at that size, see RenderPlotPng), then encoded off the UI thread.
template <class Keep>
void StartSpecExport(ExportJob& export_job, std::shared_ptr<Keep> keep, const plot::PlotSpec& spec,
                     plot::Range x, plot::Range y, const plot::Style& style, ImVec2 size,
                     float scale, ImFont* font, const std::string& path) {
  auto image = std::make_shared<figure::RgbaImage>();
  auto render = [keep, &spec, image, x, y, style, size, scale,
                 font]() -> std::optional<std::string> {
    if (scale < 1.5f)
      return figure::RenderPlotPixels(spec, x, y, style, size, scale, font, image->width,
                                      image->height, image->rgba);
    return OnOwnContext(
        [&] { return figure::RenderPlotRgba(spec, x, y, style, size, scale, *image); });
  };
  auto write = [image, path](ExportProgress&) {
    return WritePng(path, image->width, image->height, 4, image->rgba);
  };
  export_job.Start("the plot", path, nullptr, render, write);
}

}  // namespace

ImVec2 PlotSize(const App::Shared& sh, ExportTarget t) {
  switch (t) {
    case ExportTarget::kFunction:
      return sh.f_size;
    case ExportTarget::kDerivative:
      return sh.df_size;
    case ExportTarget::kError:
      return sh.err_size;
    case ExportTarget::kHistInput:
      return sh.hist_in_size;
    case ExportTarget::kHistOutput:
      return sh.hist_out_size;
    case ExportTarget::kDepthDensity:
    case ExportTarget::kDepthVariance:
    case ExportTarget::kDepthPhase:
    case ExportTarget::kDepthGradient:
    case ExportTarget::kDepthFractions:
      return sh.depth_views.size;
    case ExportTarget::kSoftmaxP:
      return sh.softmax.p_size;
    case ExportTarget::kSoftmaxLog:
      return sh.softmax.log_size;
    case ExportTarget::kSoftmaxJacobian:
      return sh.softmax.jac_size;
    case ExportTarget::kSoftmaxTropical:
      return sh.softmax.tropical_size;
    default:
      break;
  }
  return ImVec2(0, 0);
}

ImVec2 App::PlotSize(ExportTarget t) const {
  return gui::PlotSize(*shared_, t);
}

std::optional<std::string> App::StartExport(const ExportRequest& r) {
  if (r.path.empty()) return "no file name given";
  if (shared_->export_job.busy())
    return "another export is still running (" + shared_->export_job.what() + ")";
  switch (r.target) {
    case ExportTarget::kFigure:
      return StartFigureExport(r.path, state_.figure.width, state_.figure.height,
                               state_.figure.theme == Theme::kDark, false);
    case ExportTarget::kMapFigure:
      return StartFigureExport(r.path, 1600, 860, state_.ui.theme == Theme::kDark, true);
    case ExportTarget::kMap:
      return StartMapExport(r.path);
    case ExportTarget::kDepthFigure:
      return StartDepthFigureExport(r.path, 1800, 1000);
    case ExportTarget::kDepthDensity:
    case ExportTarget::kDepthVariance:
    case ExportTarget::kDepthPhase:
    case ExportTarget::kDepthGradient:
    case ExportTarget::kDepthFractions:
      return StartDepthPlotExport(r.target, r.path, r.scale);
    case ExportTarget::kNone:
    case ExportTarget::kWindow:
      return "nothing to export";
    default:
      return StartPlotExport(r.target, r.path, r.scale);
  }
}

std::optional<std::string> App::WaitForExport() {
  const std::optional<ExportJob::Result> r = shared_->export_job.Wait();
  if (!r) return "the export did not finish";
  if (!r->error) Notify(state_, r->message);
  return r->error;
}

// The photo of the current state, loaded (photos load in well under a second; the tabs that
// export them have usually shown it already).
static std::shared_ptr<const ImageData> CurrentPhoto(const AppState& s, App::Shared& sh) {
  sh.images.Request(ImageRequestOf(s));
  sh.images.Wait();
  bool busy = false;
  return sh.images.Latest(busy);
}

std::optional<std::string> App::StartFigureExport(const std::string& path, int width, int height,
                                                  bool dark, bool map_figure) {
  // What the job owns: a copy of the state, the photo, and the buffers the inputs point into.
  struct Job {
    AppState s;
    std::shared_ptr<const ImageData> img;
    HistRequest req;
    Experiment e;
    std::vector<std::uint8_t> rgb;
    figure::FigureInputs in;
    figure::RgbaImage image;
  };
  auto job = std::make_shared<Job>();
  job->s = state_;
  job->img = CurrentPhoto(state_, *shared_);
  if (!job->img) return "the photo is not loaded";
  job->req = DistributionsRequest(state_);
  auto compute = [job, map_figure, dark](ExportProgress& p) -> std::optional<std::string> {
    const AppState& s = job->s;
    const Activation& fn = Selected(s);
    if (!map_figure && !RunExperiment(fn, job->req.params, job->req.spec, job->req.bins, job->e,
                                      &p.cancel, &p.fraction))
      return "cancelled";
    const ImageData& img = *job->img;
    std::vector<float> y(img.x.size());
    ApplyActivation(fn, SelectedParams(s), img.x, y);
    const Range r = s.image.auto_range ? AutoRange(y) : Range{s.image.lo, s.image.hi};
    job->in = FigureInputsOf(s, &job->req, map_figure ? nullptr : &job->e, &img, r);
    job->in.dark = dark;
    MapToRgb8(y, r.lo, r.hi, job->in.colormap, job->rgb);
    job->in.map_rgb = job->rgb.data();
    p.fraction = 1;
    return std::nullopt;
  };
  auto render = [job, width, height, map_figure] {
    return OnOwnContext([&] {
      return map_figure ? figure::RenderMapFigureRgba(job->in, width, height, job->image)
                        : figure::RenderFigureRgba(job->in, width, height, job->image);
    });
  };
  auto write = [job, path](ExportProgress&) {
    return WritePng(path, job->image.width, job->image.height, 4, job->image.rgba);
  };
  shared_->export_job.Start(map_figure ? "the map figure" : "the figure", path, compute, render,
                            write);
  return std::nullopt;
}

std::optional<std::string> App::StartMapExport(const std::string& path) {
  struct Job {
    AppState s;
    std::shared_ptr<const ImageData> img;
  };
  auto job = std::make_shared<Job>();
  job->s = state_;
  bool busy = false;
  job->img = shared_->images.Latest(busy);
  if (!job->img) return "no photo is loaded";
  // The exact map: every pixel through the core's float32 kernel (not the GPU view), all of
  // it CPU work on the job's thread.
  auto write = [job, path](ExportProgress&) -> std::optional<std::string> {
    const AppState& s = job->s;
    const ImageData& img = *job->img;
    std::vector<float> y(img.x.size());
    ApplyActivation(Selected(s), SelectedParams(s), img.x, y);
    if (IsNpy(path)) return WriteNpy(path, img.width, img.height, y);
    const Range r = s.image.auto_range ? AutoRange(y) : Range{s.image.lo, s.image.hi};
    if (s.exporting.map_format ==
        MapFormat::kGray16) {  // 16-bit gray: 256 times finer than the colormap
      std::vector<std::uint16_t> gray;
      MapToGray16(y, r.lo, r.hi, gray);
      return WritePng16(path, img.width, img.height, gray);
    }
    const Colormap cmap = s.image.colormap;
    std::vector<std::uint8_t> pixels;
    MapToPixels(y, r.lo, r.hi, cmap, pixels);
    return WritePng(path, img.width, img.height, ColormapChannels(cmap), pixels,
                    PngContent::kPhoto);
  };
  shared_->export_job.Start("the activation map", path, nullptr, nullptr, write);
  return std::nullopt;
}

std::optional<std::string> App::StartPlotExport(ExportTarget t, const std::string& path,
                                                float scale) {
  const AppState& s = state_;
  Shared& sh = *shared_;
  plot::PlotSpec spec;
  plot::Range x = s.plots.x, y;
  if (t <= ExportTarget::kError) {
    spec = t == ExportTarget::kError ? ErrorPlotSpec(s, sh)
                                     : FunctionPlotSpec(s, sh, t == ExportTarget::kDerivative);
    y = t == ExportTarget::kError        ? s.deriv.y_err
        : t == ExportTarget::kDerivative ? s.plots.y_df
                                         : s.plots.y_f;
  } else if (t == ExportTarget::kSoftmaxTropical) {
    if (!s.softmax.tropical || !sh.softmax.tropical)
      return "the tropical sum is not shown (tick it in the Softmax tab)";
    spec = figure::TropicalSpec(*sh.softmax.tropical);
    x = sh.softmax.tx, y = sh.softmax.ty;
  } else if (t >= ExportTarget::kSoftmaxP) {
    if (!sh.softmax.model) return "the Softmax tab has not been shown";
    const figure::SoftmaxPlots& m = *sh.softmax.model;
    spec = t == ExportTarget::kSoftmaxP     ? figure::SoftmaxProbabilitySpec(m)
           : t == ExportTarget::kSoftmaxLog ? figure::SoftmaxLogSpec(m)
                                            : figure::SoftmaxJacobianSpec(m);
    x = t == ExportTarget::kSoftmaxJacobian ? sh.softmax.jx : sh.softmax.x;
    y = t == ExportTarget::kSoftmaxP     ? sh.softmax.y_p
        : t == ExportTarget::kSoftmaxLog ? sh.softmax.y_log
                                         : sh.softmax.jy;
  } else {
    const bool out = t == ExportTarget::kHistOutput;
    spec = (out ? sh.hist_out : sh.hist_in).Spec();
    spec.y_scale = s.distributions.log_counts ? plot::Scale::kLog10 : plot::Scale::kLinear;
    x = out ? s.distributions.out_x : s.distributions.in_x;
    y = out ? s.distributions.out_y : s.distributions.in_y;
  }
  spec.cursor_x.reset();  // the export shows the plot, not the mouse
  const ImVec2 size = gui::PlotSize(sh, t);
  if (size.x < 16 || size.y < 16) return "the plot is not on screen";
  // The spec points into buffers the next frame rebuilds: the job keeps its own copies.
  struct Job {
    std::vector<std::vector<double>> xs, ys;
    std::vector<std::string> labels;
    std::vector<plot::Series> series;
    std::vector<plot::Marker> markers;
    std::vector<plot::Band> bands;
    std::vector<plot::Heatmap> heatmaps;
    std::vector<std::vector<float>> heat_values;
    std::vector<std::vector<ImU32>> heat_colours;
    plot::PlotSpec spec;
    figure::RgbaImage image;
  };
  auto job = std::make_shared<Job>();
  job->xs.reserve(spec.series.size());
  job->ys.reserve(spec.series.size());
  job->labels.reserve(spec.series.size() + 1);
  job->labels.emplace_back(spec.title);
  spec.title = job->labels.back();
  job->series.assign(spec.series.begin(), spec.series.end());
  for (plot::Series& ser : job->series) {
    job->xs.emplace_back(ser.x.begin(), ser.x.end());
    job->ys.emplace_back(ser.y.begin(), ser.y.end());
    job->labels.emplace_back(ser.label);
    ser.x = job->xs.back();
    ser.y = job->ys.back();
    ser.label = job->labels.back();
  }
  spec.series = job->series;
  job->markers.assign(spec.markers.begin(), spec.markers.end());
  job->bands.assign(spec.bands.begin(), spec.bands.end());
  spec.markers = job->markers;
  spec.bands = job->bands;
  job->heatmaps.assign(spec.heatmaps.begin(), spec.heatmaps.end());
  job->heat_values.reserve(job->heatmaps.size());
  job->heat_colours.reserve(job->heatmaps.size());
  for (plot::Heatmap& h : job->heatmaps) {
    job->heat_values.emplace_back(h.values.begin(), h.values.end());
    job->heat_colours.emplace_back(h.colors.begin(), h.colors.end());
    h.values = job->heat_values.back();
    h.colors = job->heat_colours.back();
  }
  spec.heatmaps = job->heatmaps;
  job->spec = std::move(spec);
  StartSpecExport(shared_->export_job, job, job->spec, x, y, PlotStyle(s.ui.theme), size, scale,
                  fonts_.ui, path);
  return std::nullopt;
}

std::optional<std::string> App::StartDepthPlotExport(ExportTarget t, const std::string& path,
                                                     float scale) {
  const AppState& s = state_;
  Shared& sh = *shared_;
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
  job->view = sh.depth.Latest(progress, current);
  job->phase = sh.depth.LatestPhase();
  if (!job->view) return "the Depth tab has no result yet";
  const DepthViews& v = sh.depth_views;
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
  const ImVec2 size = gui::PlotSize(sh, t);
  if (size.x < 16 || size.y < 16) return "the plot is not on screen";
  StartSpecExport(sh.export_job, job, job->spec, x, y, PlotStyle(s.ui.theme), size, scale,
                  fonts_.ui, path);
  return std::nullopt;
}

std::optional<std::string> App::StartDepthFigureExport(const std::string& path, int width,
                                                       int height) {
  const AppState& s = state_;
  Shared& sh = *shared_;
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
  std::shared_ptr<const DepthView> view = sh.depth.Latest(progress, current);
  if (view && view->request == job->req && !view->preview()) job->view = std::move(view);
  const bool post = s.depth.show_post;
  auto compute = [job](ExportProgress& p) -> std::optional<std::string> {
    const DepthRequest& r = job->req;
    const Activation& fn = Catalogue()[static_cast<std::size_t>(r.function)];
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

std::optional<std::string> App::ExportDepthFigure(const std::string& path, int width, int height) {
  if (shared_->export_job.busy()) return "another export is still running";
  if (auto err = StartDepthFigureExport(path, width, height)) return err;
  return WaitForExport();
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
  if (shared_->export_job.busy()) return "another export is still running";
  if (auto err = StartFigureExport(path, width, height, dark, false)) return err;
  return WaitForExport();
}

std::optional<std::string> App::ExportMapFigure(const std::string& path) {
  if (auto err = StartExport({ExportTarget::kMapFigure, path, 1})) return err;
  return WaitForExport();
}

}  // namespace actviz::gui
