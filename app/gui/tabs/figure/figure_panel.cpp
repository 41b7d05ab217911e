// The Figure tab: the classic 3×2 figure live (f, f′, the input and output histograms, the
// photo and its activation map), and "Export figure" at a chosen size and theme. The export
// runs the very code of `actviz figure` (RenderFigurePng, on an EGL context of its own in a
// worker thread), so the window's export and the command line's figure are the same image.
#include <cstdio>
#include <string>

#include <imgui.h>

#include "actviz/image/image.hpp"
#include "figure/figure.hpp"
#include "figure/figure_layout.hpp"
#include "figure/theme.hpp"
#include "gui/export/export.hpp"
#include "gui/tabs/figure/figure_tab.hpp"

namespace actviz::gui {

void FigureTab::Draw(AppState& s, App::Shared& sh) {
  // Controls: export size and theme.
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  FigureState& fs = s.figure;
  int size_px[2] = {fs.width, fs.height};
  if (ImGui::InputInt2("##size", size_px)) {
    fs.width = std::clamp(size_px[0], 64, 4096);
    fs.height = std::clamp(size_px[1], 64, 4096);
  }
  ImGui::SameLine();
  bool dark = fs.theme == Theme::kDark;
  if (ImGui::Checkbox("dark", &dark)) fs.theme = dark ? Theme::kDark : Theme::kLight;
  ImGui::SameLine();
  if (ImGui::Button("Export figure…")) sh.OpenExport(ExportTarget::kFigure);
  ImGui::SameLine();
  ImGui::TextDisabled("%d × %d px, %s theme (the samples and photo of the other tabs)", fs.width,
                      fs.height, dark ? "dark" : "light");

  // Inputs, live: samples from the hist worker, the photo from the image worker.
  sh.hist.Request(DistributionsRequest(s));
  sh.photo.images.Request(ImageRequestOf(s));
  const HistRequest* shown = nullptr;
  bool current = false;
  float progress = 0;
  const Experiment* e = sh.hist.Latest(&shown, current, progress);
  bool busy = false;
  const std::shared_ptr<const ImageData> img = sh.photo.images.Latest(busy);

  // The on-screen figure keeps the export's proportions.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float aspect = static_cast<float>(fs.width) / fs.height;
  ImVec2 size(avail.x, avail.x / aspect);
  if (size.y > avail.y) size = ImVec2(avail.y * aspect, avail.y);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  const float scale = std::max(0.5f, std::min(size.x, size.y) / 1200.0f);

  const Theme theme = fs.theme;
  FigureData& d = figure;
  Range r{0, 1};
  if (img) {
    if (sh.photo.uploaded != img->serial) {
      if (auto err = sh.photo.UploadImage(img)) Notify(s, *err, true);
      sh.photo.uploaded = img->serial;
    }
    UpdateMapSample(s, sh.photo, *img);
    r = s.image.auto_range ? sh.photo.sample.range : Range{s.image.lo, s.image.hi};
    sh.photo.range = r;
  }
  FigureInputs in = FigureInputsOf(s, shown, e, img.get(), r);
  in.dark = fs.theme == Theme::kDark;
  BuildFigureModel(in, size, d);
  d.original = {};
  d.map = {};
  if (img) {
    const float panel = std::min(size.x / 2, size.y / 3);
    d.original = {sh.photo.GrayTexture(), img->width, img->height, "original: " + img->name};
    // The GPU map of the whole photo, at the panel's size (flipped: GL rows go up).
    d.map = {sh.photo.RenderMap(s, ImVec2(0, 0), ImVec2(1, 1),
                                ImVec2(panel, panel * img->height / img->width)),
             img->width, img->height, "activation map f(x)", /*flip_v=*/true};
  }
  DrawFigure(ImGui::GetWindowDrawList(), p, ImVec2(p.x + size.x, p.y + size.y), d, PlotStyle(theme),
             scale, nullptr);
}

void FigureTab::Settle(AppState& s, App::Shared& sh, bool shown) {
  if (shown) sh.photo.images.Request(ImageRequestOf(s));
}

std::optional<std::string> FigureTab::StartExport(const AppState& s, App::Shared& sh,
                                                  const ExportRequest& r) {
  return StartFigureExport(s, sh, r.path, r.width ? r.width : s.figure.width,
                           r.height ? r.height : s.figure.height,
                           r.dark.value_or(s.figure.theme == Theme::kDark), false);
}

}  // namespace actviz::gui
