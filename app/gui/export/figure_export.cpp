// The figures, by the code of `actviz figure`: the 3×2 figure (the Figure tab) and the photo
// beside its map (the Activation map tab). The samples and the map are computed on the job's
// thread, the figure rendered on an EGL context of its own.
#include <memory>
#include <vector>

#include "actviz/base/file_io.hpp"
#include "actviz/image/image.hpp"
#include "figure/figure.hpp"
#include "gui/export/export.hpp"

namespace actviz::gui {

// The figure's inputs from the current state and the workers' results (the function, the
// visible pins, the samples, the map's range and colormap): the same for the tab and the export.
FigureInputs FigureInputsOf(const AppState& s, const HistRequest* shown, const Experiment* e,
                            const ImageData* img, Range map_range) {
  FigureInputs in;
  in.fn = &Selected(s);
  in.params = SelectedParams(s);
  if (shown) in.spec = shown->spec;
  in.experiment = e;
  in.colormap = s.image.colormap;
  in.map_lo = map_range.lo;
  in.map_hi = map_range.hi;
  if (img) {
    in.image_w = img->width;
    in.image_h = img->height;
    in.gray8 = img->gray8.data();
    in.image_name = s.image.path.empty() ? "cameraman" : img->name;
  }
  for (const Pin& p : s.pins)
    if (p.visible) in.pins.push_back({&FunctionAt(p.function), p.params, p.colour});
  return in;
}

std::optional<std::string> StartFigureExport(const AppState& state, App::Shared& sh,
                                             const std::string& path, int width, int height,
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
  job->s = state;
  job->img = CurrentPhoto(state, sh.photo);
  if (!job->img) return "the photo is not loaded";
  job->req = DistributionsRequest(state);
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
  sh.export_job.Start(map_figure ? "the map figure" : "the figure", path, compute, render, write);
  return std::nullopt;
}

}  // namespace actviz::gui
