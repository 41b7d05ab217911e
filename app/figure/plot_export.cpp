// A standalone ImDrawList holding just the plot, wrapped in ImDrawData and drawn offscreen.
#include "figure/plot_export.hpp"

#include <cmath>

#include "actviz/base/file_io.hpp"
#include "gl/offscreen.hpp"

namespace actviz::figure {

std::optional<std::string> RenderPlotPixels(const plot::PlotSpec& spec, const plot::Range& x,
                                            const plot::Range& y, const plot::Style& style,
                                            ImVec2 size, float scale, ImFont* font, int& width,
                                            int& height, std::vector<std::uint8_t>& rgba) {
  width = static_cast<int>(std::lround(size.x * scale));
  height = static_cast<int>(std::lround(size.y * scale));
  if (width < 16 || height < 16) return "the plot is too small to export";
  ImDrawList dl(ImGui::GetDrawListSharedData());
  dl._ResetForNewFrame();
  const ImVec2 lo(0, 0), hi(static_cast<float>(width), static_cast<float>(height));
  dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  dl.PushClipRect(lo, hi);
  plot::Render(&dl, lo, hi, x, y, spec, style, scale, font);
  dl.PopClipRect();
  dl.PopTextureID();
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(style.canvas);
  return gl::RenderDrawListOffscreen(dl, width, height, {bg.x, bg.y, bg.z, 1}, rgba);
}

std::optional<std::string> ExportPlotPng(const std::string& path, const plot::PlotSpec& spec,
                                         const plot::Range& x, const plot::Range& y,
                                         const plot::Style& style, ImVec2 size, float scale,
                                         ImFont* font) {
  int w = 0, h = 0;
  std::vector<std::uint8_t> rgba;
  if (auto err = RenderPlotPixels(spec, x, y, style, size, scale, font, w, h, rgba)) return err;
  return WritePng(path, w, h, 4, rgba);
}

}  // namespace actviz::figure
