// Headless figures: the figure layer's drawings on gl::Canvas (an EGL context and ImGui of
// its own, the embedded export font), written as PNG.
#include "figure/figure.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "actviz/base/file_io.hpp"
#include "actviz/image/downscale.hpp"
#include "figure/curves.hpp"
#include "figure/depth_plots.hpp"
#include "figure/figure_layout.hpp"
#include "figure/hist_plots.hpp"
#include "figure/theme.hpp"
#include "gl/canvas.hpp"
#include "gl/texture.hpp"

namespace actviz::figure {
namespace {

struct Panel {
  ImVec2 min, max;
  plot::PlotSpec spec;
  plot::Range x, y;
};

// A canvas with the one export font of `scale` (LoadExportFont).
std::unique_ptr<gl::Canvas> MakeCanvas(int w, int h, float scale, Fonts& fonts,
                                       std::string& error) {
  return gl::Canvas::Create(
      w, h, [&] { fonts = LoadExportFont(scale); }, error);
}

// Renders with `draw` into `out`. `draw` gets the style with no canvas fill: the canvas
// clears to it (llvmpipe blends every layer drawn, 1.4 M fragments a layer for 1200²).
std::optional<std::string> Draw(gl::Canvas& canvas, const plot::Style& style,
                                const std::function<void(ImDrawList&, const plot::Style&)>& draw,
                                RgbaImage& out) {
  plot::Style on_clear = style;
  on_clear.canvas = 0;
  out.width = canvas.width();
  out.height = canvas.height();
  return canvas.Render(
      style.canvas, [&](ImDrawList& dl) { draw(dl, on_clear); }, out.rgba);
}

std::optional<std::string> Write(const std::string& path, const RgbaImage& img) {
  return WritePng(path, img.width, img.height, 4, img.rgba);
}

// Uploads the photo and its map as textures and describes them for the figure layouts. An
// image larger than max_w×max_h (a bound on its panel) is reduced by area averaging first:
// a photo of any size fits a texture, and the GPU's bilinear filter never has to minify it
// much (which would alias). The layout keeps the image's true aspect ratio.
std::optional<std::string> ImagePanels(const FigureInputs& in, int max_w, int max_h,
                                       gl::Texture& gray, gl::Texture& map, FigureData& d) {
  if (!in.gray8 || !in.map_rgb || in.image_w <= 0 || in.image_h <= 0) return std::nullopt;
  const auto [w, h] = FitWithin(in.image_w, in.image_h, std::max(1, max_w), std::max(1, max_h));
  const std::uint8_t* g = in.gray8;
  const std::uint8_t* m = in.map_rgb;
  std::vector<std::uint8_t> gray_small, map_small;
  if (w != in.image_w || h != in.image_h) {
    const std::size_t full = static_cast<std::size_t>(in.image_w) * in.image_h;
    DownscaleArea({in.gray8, full}, in.image_w, in.image_h, 1, w, h, gray_small);
    DownscaleArea({in.map_rgb, full * 3}, in.image_w, in.image_h, 3, w, h, map_small);
    g = gray_small.data();
    m = map_small.data();
  }
  const std::size_t n = static_cast<std::size_t>(w) * h;
  std::vector<std::uint8_t> rgba(n * 4);
  for (std::size_t i = 0; i < n; ++i) {
    rgba[4 * i] = m[3 * i];
    rgba[4 * i + 1] = m[3 * i + 1];
    rgba[4 * i + 2] = m[3 * i + 2];
    rgba[4 * i + 3] = 255;
  }
  if (auto err = gray.Upload(w, h, 1, {g, n})) return err;
  if (auto err = map.Upload(w, h, 4, rgba)) return err;
  d.original = {reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(gray.id())), in.image_w,
                in.image_h, "original: " + in.image_name};
  d.map = {reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(map.id())), in.image_w,
           in.image_h, "activation map f(x)"};
  d.map_lo = in.map_lo;
  d.map_hi = in.map_hi;
  ColourBar(in.colormap, d.colour_bar);
  return std::nullopt;
}

}  // namespace

void ColourBar(Colormap cmap, ImU32 (&out)[64]) {
  for (int i = 0; i < 64; ++i) {
    const auto c = ColormapColor(cmap, (i + 0.5) / 64);
    out[i] = IM_COL32(c[0], c[1], c[2], 255);
  }
}

void GrayTo8(std::span<const float> v, std::span<std::uint8_t> out) {
  for (std::size_t i = 0; i < v.size(); ++i)
    out[i] = static_cast<std::uint8_t>(std::clamp(v[i], 0.0f, 1.0f) * 255 + 0.5f);
}

void BuildFigureModel(const FigureInputs& in, ImVec2 size, FigureData& d) {
  const Theme theme = in.dark ? Theme::kDark : Theme::kLight;
  const Activation& fn = *in.fn;
  // (A typed formula is its own label: its text once.)
  const bool typed = fn.formula == "f(x) = " + std::string(fn.label);
  d.title =
      typed ? std::string(fn.formula) : std::string(fn.label) + "   " + std::string(fn.formula);
  // f and f′ over [−6, 6], y fitted to the curve.
  std::vector<CurveItem> items = {{&fn, &in.params, FunctionColour(theme)}};
  for (const FigureInputs::Pinned& p : in.pins)
    items.push_back({p.fn, &p.params, PinColour(p.colour, theme)});
  for (int k = 0; k < 2; ++k) {
    CurveView v;
    v.x = d.x;
    v.size = ImVec2(size.x / 2.0f, size.y / 3.0f);
    v.derivative = k == 1;
    v.theme = theme;
    v.y = {-1, 1};
    PlotData& pd = k ? d.df : d.f;
    SampleFunctionPlot(items, v, pd);
    (k ? d.y_df : d.y_f) = FitCurve(pd.curves[0], plot::Scale::kLinear);
    v.y = k ? d.y_df : d.y_f;
    SampleFunctionPlot(items, v, pd);  // again, refined for the fitted y scale
  }
  d.in = {};
  d.out = {};
  if (in.experiment) {
    BuildHistPlots(*in.experiment, in.spec, fn, in.params, HistOptions{}, theme, d.in, d.out);
    d.in.title = "input x ~ " +
                 std::string(in.spec.dist == Distribution::kNormal ? "N(0, S²)" : "U(−½, ½)·S");
    d.out.title = "output f(x)";
  }
  d.map_lo = in.map_lo;
  d.map_hi = in.map_hi;
  ColourBar(in.colormap, d.colour_bar);
}

std::optional<std::string> RenderMapFigureRgba(const FigureInputs& in, int width, int height,
                                               RgbaImage& out) {
  const float scale = std::max(0.6f, std::min(width / 2.0f, static_cast<float>(height)) / 800.0f);
  std::string error;
  Fonts fonts;
  std::unique_ptr<gl::Canvas> canvas = MakeCanvas(width, height, scale, fonts, error);
  if (!canvas) return error;
  const Theme theme = in.dark ? Theme::kDark : Theme::kLight;
  FigureData d;
  d.title = DisplayName(*in.fn, in.params) + " of " + in.image_name;
  gl::Texture gray, map;
  if (auto err = ImagePanels(in, width / 2, height, gray, map, d)) return err;
  const plot::Style style = PlotStyle(theme);
  ImFont* font = fonts.ui;
  return Draw(
      *canvas, style,
      [&](ImDrawList& dl, const plot::Style& st) {
        DrawMapFigure(&dl, ImVec2(0, 0),
                      ImVec2(static_cast<float>(width), static_cast<float>(height)), d, st, scale,
                      font);
      },
      out);
}

std::optional<std::string> RenderMapFigurePng(const std::string& path, const FigureInputs& in,
                                              int width, int height) {
  RgbaImage img;
  if (auto err = RenderMapFigureRgba(in, width, height, img)) return err;
  return Write(path, img);
}

std::optional<std::string> RenderPlotRgba(const plot::PlotSpec& spec, const plot::Range& x,
                                          const plot::Range& y, const plot::Style& style,
                                          ImVec2 size, float scale, RgbaImage& out) {
  const int width = static_cast<int>(std::lround(size.x * scale));
  const int height = static_cast<int>(std::lround(size.y * scale));
  if (width < 16 || height < 16) return "the plot is too small to export";
  std::string error;
  Fonts fonts;
  std::unique_ptr<gl::Canvas> canvas = MakeCanvas(width, height, scale, fonts, error);
  if (!canvas) return error;
  ImFont* font = fonts.ui;
  return Draw(
      *canvas, style,
      [&](ImDrawList& dl, const plot::Style& st) {
        plot::Render(&dl, ImVec2(0, 0),
                     ImVec2(static_cast<float>(width), static_cast<float>(height)), x, y, spec, st,
                     scale, font);
      },
      out);
}

std::optional<std::string> RenderPlotPng(const std::string& path, const plot::PlotSpec& spec,
                                         const plot::Range& x, const plot::Range& y,
                                         const plot::Style& style, ImVec2 size, float scale) {
  RgbaImage img;
  if (auto err = RenderPlotRgba(spec, x, y, style, size, scale, img)) return err;
  return Write(path, img);
}

std::optional<std::string> RenderHistogramsRgba(const Activation& fn, const Params& p,
                                                const SampleSpec& spec, const Experiment& e,
                                                int width, int height, RgbaImage& image) {
  const float scale = std::max(1.0f, std::min(width / 1200.0f, height / 500.0f) * 1.0f);
  std::string error;
  Fonts fonts;
  std::unique_ptr<gl::Canvas> canvas = MakeCanvas(width, height, scale, fonts, error);
  if (!canvas) return error;
  const Theme theme = Theme::kLight;  // documents
  HistPlot in, out;
  BuildHistPlots(e, spec, fn, p, HistOptions{}, theme, in, out);
  const std::string out_title = std::string(fn.label) + " of the input";
  out.title = out_title;
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  const float gap = 12 * scale;
  const Panel panels[] = {{ImVec2(0, 0), ImVec2((w - gap) / 2, h), in.Spec(), in.x, in.y},
                          {ImVec2((w + gap) / 2, 0), ImVec2(w, h), out.Spec(), out.x, out.y}};
  const plot::Style style = PlotStyle(theme);
  ImFont* font = fonts.ui;
  return Draw(
      *canvas, style,
      [&](ImDrawList& dl, const plot::Style& st) {
        for (const Panel& p : panels)
          plot::Render(&dl, p.min, p.max, p.x, p.y, p.spec, st, scale, font);
      },
      image);
}

std::optional<std::string> RenderHistogramsPng(const std::string& path, const Activation& fn,
                                               const Params& p, const SampleSpec& spec,
                                               const Experiment& e, int width, int height) {
  RgbaImage img;
  if (auto err = RenderHistogramsRgba(fn, p, spec, e, width, height, img)) return err;
  return Write(path, img);
}

std::optional<std::string> RenderDepthFigureRgba(const DepthPlots& m, const PhasePlot* phase,
                                                 bool post, int width, int height, RgbaImage& img) {
  const float scale = std::max(1.0f, std::min(width / 1800.0f, height / 1000.0f));
  std::string error;
  Fonts fonts;
  std::unique_ptr<gl::Canvas> canvas = MakeCanvas(width, height, scale, fonts, error);
  if (!canvas) return error;
  const Theme theme = Theme::kLight;  // documents
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  const float gap = 12 * scale, top = 40 * scale;
  const float cw = (w - 2 * gap) / 3, ch = (h - top - gap) / 2;
  auto cell = [&](int c, int r) {
    const ImVec2 a(c * (cw + gap), top + r * (ch + gap));
    return std::pair<ImVec2, ImVec2>(a, ImVec2(a.x + cw, a.y + ch));
  };
  std::vector<Panel> panels;
  auto add = [&](int c, int r, const plot::PlotSpec& spec, plot::Range x, plot::Range y) {
    const auto corners = cell(c, r);
    panels.push_back(Panel{corners.first, corners.second, spec, x, y});
  };
  add(0, 0, DepthDensitySpec(m, post), m.x,
      post ? plot::Range{m.post_lo, m.post_hi} : plot::Range{m.pre_lo, m.pre_hi});
  add(1, 0, DepthVarianceSpec(m), m.x, m.y_var);
  add(0, 1, DepthGradientSpec(m), m.x, m.y_grad);
  add(1, 1, DepthFractionsSpec(m), m.x, m.y_frac);
  if (phase) add(2, 0, PhaseSpec(*phase), phase->x, phase->y);
  add(2, 1, DepthDensitySpec(m, !post), m.x,
      post ? plot::Range{m.pre_lo, m.pre_hi} : plot::Range{m.post_lo, m.post_hi});
  const plot::Style style = PlotStyle(theme);
  ImFont* font = fonts.ui;
  return Draw(
      *canvas, style,
      [&](ImDrawList& dl, const plot::Style& st) {
        const float fs = (st.font_size > 0 ? st.font_size : ImGui::GetFontSize()) * scale;
        dl.AddText(font, 1.15f * fs, ImVec2(gap, 8 * scale), st.text, m.title.c_str());
        if (!m.overflow.empty()) {
          const float x = gap + font->CalcTextSizeA(1.15f * fs, FLT_MAX, 0, m.title.c_str()).x;
          dl.AddText(font, 1.15f * fs, ImVec2(x + 2 * fs, 8 * scale),
                     ImGui::ColorConvertFloat4ToU32(ErrorTextColour(theme)), m.overflow.c_str());
        }
        for (const Panel& p : panels)
          plot::Render(&dl, p.min, p.max, p.x, p.y, p.spec, st, scale, font);
      },
      img);
}

std::optional<std::string> RenderDepthFigurePng(const std::string& path, const DepthPlots& m,
                                                const PhasePlot* phase, bool post, int width,
                                                int height) {
  RgbaImage img;
  if (auto err = RenderDepthFigureRgba(m, phase, post, width, height, img)) return err;
  return Write(path, img);
}

std::optional<std::string> RenderFigureRgba(const FigureInputs& in, int width, int height,
                                            RgbaImage& out) {
  const float scale = std::max(0.6f, std::min(width, height) / 1200.0f);
  const Theme theme = in.dark ? Theme::kDark : Theme::kLight;
  FigureData d;
  BuildFigureModel(in, ImVec2(static_cast<float>(width), static_cast<float>(height)), d);
  // The curves and histograms are CPU work done before GL (see HeadlessContext::WarmUp).
  std::string error;
  Fonts fonts;
  std::unique_ptr<gl::Canvas> canvas = MakeCanvas(width, height, scale, fonts, error);
  if (!canvas) return error;
  gl::Texture gray, map;
  if (auto err = ImagePanels(in, width / 2, height / 3, gray, map, d)) return err;  // 3×2 cells
  const plot::Style style = PlotStyle(theme);
  ImFont* font = fonts.ui;
  return Draw(
      *canvas, style,
      [&](ImDrawList& dl, const plot::Style& st) {
        DrawFigure(&dl, ImVec2(0, 0), ImVec2(static_cast<float>(width), static_cast<float>(height)),
                   d, st, scale, font);
      },
      out);
}

std::optional<std::string> RenderFigurePng(const std::string& path, const FigureInputs& in,
                                           int width, int height) {
  RgbaImage img;
  if (auto err = RenderFigureRgba(in, width, height, img)) return err;
  return Write(path, img);
}

}  // namespace actviz::figure
