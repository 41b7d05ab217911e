// The Activation map tab's exports: the exact map at full resolution, and the map figure.
#include <memory>
#include <vector>

#include "actviz/base/file_io.hpp"
#include "actviz/image/image.hpp"
#include "gui/export/export.hpp"
#include "gui/tabs/map/map_tab.hpp"

namespace actviz::gui {
namespace {

bool IsNpy(const std::string& path) {
  return path.size() > 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
}

// The exact map: every pixel through the core's float32 kernel (not the GPU view), all of it
// CPU work on the job's thread.
std::optional<std::string> StartMapExport(const AppState& state, App::Shared& sh,
                                          const std::string& path) {
  struct Job {
    AppState s;
    std::shared_ptr<const ImageData> img;
  };
  auto job = std::make_shared<Job>();
  job->s = state;
  bool busy = false;
  job->img = sh.photo.images.Latest(busy);
  if (!job->img) return "no photo is loaded";
  auto write = [job, path](ExportProgress&) -> std::optional<std::string> {
    const AppState& s = job->s;
    const ImageData& img = *job->img;
    std::vector<float> y(img.x.size());
    ApplyActivation(Selected(s), SelectedParams(s), img.x, y);
    if (IsNpy(path)) return WriteNpy(path, img.width, img.height, y);
    const Range r = s.image.auto_range ? AutoRange(y) : Range{s.image.lo, s.image.hi};
    if (s.exporting.map_format == MapFormat::kGray16) {  // 256 times finer than the colormap
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
  sh.export_job.Start("the activation map", path, nullptr, nullptr, write);
  return std::nullopt;
}

}  // namespace

void MapTab::Settle(AppState& s, App::Shared& sh, bool shown) {
  if (shown) sh.photo.images.Request(ImageRequestOf(s));
}

std::optional<std::string> MapTab::StartExport(const AppState& s, App::Shared& sh,
                                               const ExportRequest& r) {
  if (r.target == ExportTarget::kMap) return StartMapExport(s, sh, r.path);
  return StartFigureExport(s, sh, r.path, r.width ? r.width : 1600, r.height ? r.height : 860,
                           r.dark.value_or(s.ui.theme == Theme::kDark), true);
}

}  // namespace actviz::gui
