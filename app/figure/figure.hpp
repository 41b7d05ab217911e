// Headless figures: plots drawn by the same code as the window (plot::Render, the same fonts
// and styles) into an offscreen framebuffer on an EGL surfaceless context, saved as PNG. No
// display is needed; when no GL context can be made at all, the error says so.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "actviz/image/image.hpp"
#include "actviz/stats/samples.hpp"
#include "figure/figure_layout.hpp"
#include "plot/plot.hpp"

namespace actviz::figure {

// A rendered drawing, top row first (what the *Rgba renders give, for a caller that writes
// the PNG elsewhere: the window encodes its exports off the UI thread).
struct RgbaImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;
};

// One plot at `scale` × its on-screen `size` (the window's 2× and 4× exports), on a context of
// its own with the export font of that scale: the window builds no large fonts at start-up.
// Run it on a thread other than the window's (it makes its own GL context current).
std::optional<std::string> RenderPlotRgba(const plot::PlotSpec& spec, const plot::Range& x,
                                          const plot::Range& y, const plot::Style& style,
                                          ImVec2 size, float scale, RgbaImage& out);
std::optional<std::string> RenderPlotPng(const std::string& path, const plot::PlotSpec& spec,
                                         const plot::Range& x, const plot::Range& y,
                                         const plot::Style& style, ImVec2 size, float scale);

// The input and output histograms side by side (`actviz hist --out`).
std::optional<std::string> RenderHistogramsRgba(const Activation& fn, const Params& p,
                                                const SampleSpec& spec, const Experiment& e,
                                                int width, int height, RgbaImage& out);
std::optional<std::string> RenderHistogramsPng(const std::string& path, const Activation& fn,
                                               const Params& p, const SampleSpec& spec,
                                               const Experiment& e, int width, int height);

// What the 3×2 figure shows besides the function: samples and a photo with its map.
struct FigureInputs {
  const Activation* fn = nullptr;
  Params params;
  SampleSpec spec;
  const Experiment* experiment = nullptr;
  int image_w = 0, image_h = 0;
  const std::uint8_t* gray8 = nullptr;    // the photo, gray
  const std::uint8_t* map_rgb = nullptr;  // the activation map through its colormap
  double map_lo = 0, map_hi = 1;
  Colormap colormap = Colormap::kGray;  // of the map, for its colour bar
  std::string image_name;
  bool dark = false;
  // Functions pinned for comparison: overlaid on f and f′ with a legend.
  struct Pinned {
    const Activation* fn;
    Params params;
    int colour;
  };
  std::vector<Pinned> pins;
};

// The figure's model, built once from the inputs for the window's Figure tab, its export and
// `actviz figure` alike: the title, f and f′ fitted over [−6, 6] (sampled for `size`, the
// figure's pixels), the two histograms, the map's range and colour bar. The images are the
// caller's (textures: GPU views in the window, uploaded inputs headless).
void BuildFigureModel(const FigureInputs& in, ImVec2 size, FigureData& d);

// The map's colour bar: 64 colours of the colormap across [lo, hi].
void ColourBar(Colormap cmap, ImU32 (&out)[64]);

// Gray values in [0, 1] as 8-bit (the photo panels): out.size() == v.size().
void GrayTo8(std::span<const float> v, std::span<std::uint8_t> out);

// The depth views (`actviz depth --out`): the density of z (or h) per layer, Var(z) beside q,
// the gradient beside χ, the dead and saturated fractions, and the phase diagram if given.
struct DepthPlots;
struct PhasePlot;
// The window's Depth tab export renders the same drawing (RenderDepthFigureRgba) and encodes it
// off its UI thread.
std::optional<std::string> RenderDepthFigureRgba(const DepthPlots& m, const PhasePlot* phase,
                                                 bool post, int width, int height, RgbaImage& out);
std::optional<std::string> RenderDepthFigurePng(const std::string& path, const DepthPlots& m,
                                                const PhasePlot* phase, bool post, int width,
                                                int height);

// The classic 3×2 figure (`actviz figure`), headless.
std::optional<std::string> RenderFigureRgba(const FigureInputs& in, int width, int height,
                                            RgbaImage& out);
std::optional<std::string> RenderFigurePng(const std::string& path, const FigureInputs& in,
                                           int width, int height);

// The photo and its map side by side with a colour bar (the map tab's "Save figure").
std::optional<std::string> RenderMapFigureRgba(const FigureInputs& in, int width, int height,
                                               RgbaImage& out);
std::optional<std::string> RenderMapFigurePng(const std::string& path, const FigureInputs& in,
                                              int width, int height);

}  // namespace actviz::figure
