// One plot saved as PNG from its spec: rendered at scale × its on-screen size (below 1.5× in
// the window's own context with its font; larger headless with a font built at that size, see
// RenderPlotPng), then encoded off the UI thread.
#include <memory>
#include <string>
#include <vector>

#include "actviz/base/file_io.hpp"
#include "figure/plot_export.hpp"
#include "gui/export/export.hpp"

namespace actviz::gui {
namespace {

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

std::optional<std::string> StartPlotSpecExport(const AppState& s, App::Shared& sh,
                                               plot::PlotSpec spec, plot::Range x, plot::Range y,
                                               ImVec2 size, float scale, const std::string& path) {
  spec.cursor_x.reset();  // the export shows the plot, not the mouse
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
  StartSpecExport(sh.export_job, job, job->spec, x, y, PlotStyle(s.ui.theme), size, scale, sh.font,
                  path);
  return std::nullopt;
}

}  // namespace actviz::gui
