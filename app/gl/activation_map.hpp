// The live activation map on the GPU: a centred gray image in float textures, pushed through
// the GLSL catalogue (shaders/activations.glsl) and a colormap, drawn into the bound framebuffer;
// or its raw values into a float target (for tests and readouts). Restores the GL state it uses.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actviz/activations/kernels.hpp"

namespace actviz::gl {

// The embedded bytes of shaders/activations.glsl.
std::string_view EmbeddedCatalogue();

// A rectangle of the image in normalised image coordinates: u from the left edge (0) to the
// right edge (1), v from the top row (0, the first row uploaded) to the bottom (1). Values
// outside [0, 1] show the clamped edge pixels.
struct UvRect {
  float u0 = 0, v0 = 0, u1 = 1, v1 = 1;
  bool operator==(const UvRect&) const = default;
};

// A rectangle of the framebuffer in pixels, GL convention (origin bottom-left).
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
};

enum class Sampling : unsigned char {
  kNearest,  // each screen pixel shows one image pixel: pixel-exact at any zoom
  kLinear,   // bilinear between pixel centres (x interpolated before f)
};

struct MapStyle {
  int function = 0;                        // index into actviz::Catalogue()
  std::array<float, kMaxParams> params{};  // in the function's declared order (ToF32)
  Eval what = Eval::kValue;                // f or f′
  float gain = 1;                          // x = gain · uploaded value (1: exactly the uploaded x)
  // Colour: t = clamp((y − lo)/(hi − lo), 0, 1), colormap entry round(t·(N − 1)); ±∞ clip to the
  // ends; hi ≤ lo (a constant map) gives t = ½. NaN y gets nan_color.
  float lo = 0, hi = 1;
  std::array<float, 4> nan_color{1.0f, 0.0f, 1.0f, 1.0f};
  Sampling sampling = Sampling::kNearest;
  UvRect uv;  // the part of the image shown (zoom and pan)
  bool operator==(const MapStyle&) const = default;
};

class ActivationMap {
 public:
  // Compiles and links the program from `catalogue_glsl` (the embedded shaders/activations.glsl
  // unless given) on the current context. nullptr with the compile or link log in `error`.
  static std::unique_ptr<ActivationMap> Create(
      std::string& error, std::string_view catalogue_glsl = EmbeddedCatalogue());
  ~ActivationMap();
  ActivationMap(const ActivationMap&) = delete;
  ActivationMap& operator=(const ActivationMap&) = delete;

  // Uploads width×height values (rows top first) as R32F. Images larger than
  // GL_MAX_TEXTURE_SIZE in a dimension are split into tiles that overlap by one pixel, so
  // nearest and linear sampling are seamless. On error (bad size, out of GPU memory) the
  // previous image is kept.
  std::optional<std::string> SetImage(int width, int height, std::span<const float> x);
  // The colormap as N×3 bytes (RGB, N ≥ 2; 256 for the shared tables), entry 0 for t = 0.
  std::optional<std::string> SetColormap(std::span<const std::uint8_t> rgb);

  // Draws style.uv of the image, coloured, over `viewport` of the bound framebuffer. Needs an
  // image and a colormap (draws nothing without them). Respects the caller's scissor.
  void Render(const MapStyle& style, PixelRect viewport) const;

  // The raw y = f(gain·x) (or f′) of style.uv resampled to width×height, computed on the GPU
  // into an R32F target and read back; `out` rows top first. For tests and readouts.
  std::optional<std::string> RenderValues(const MapStyle& style, int width, int height,
                                          std::vector<float>& out) const;

  // The coloured map of style.uv at width×height, drawn offscreen and read back as RGBA8,
  // rows top first (for tests and exports of the current view).
  std::optional<std::string> RenderRgba(const MapStyle& style, int width, int height,
                                        std::vector<std::uint8_t>& rgba) const;

  int width() const { return width_; }
  int height() const { return height_; }
  // Largest tile side in texels (GL_MAX_TEXTURE_SIZE unless lowered, e.g. to test tiling).
  int max_tile() const { return max_tile_; }
  void set_max_tile(int texels);

 private:
  struct Tile {
    unsigned texture = 0;
    int x0 = 0, y0 = 0, w = 0, h = 0;  // in image pixels
  };
  ActivationMap() = default;
  void Draw(const MapStyle& style, PixelRect viewport, bool raw) const;
  // Draws into a temporary width×height target (R32F if raw, else RGBA8), reads it back top first.
  std::optional<std::string> Offscreen(const MapStyle& style, int width, int height, bool raw,
                                       void* out) const;
  void FreeTiles(std::vector<Tile>& tiles) const;
  // The program for this function (see ProgramFor in the .cpp), and its uniform locations.
  unsigned ProgramFor(int function, bool derivative) const;
  void Locate(unsigned program) const;

  unsigned program_ = 0, vao_ = 0, colormap_ = 0;
  int colormap_size_ = 0;
  std::vector<Tile> tiles_;
  int width_ = 0, height_ = 0, max_tile_ = 0;
  std::string catalogue_;
  mutable std::map<int, unsigned> specialised_;  // 2·function + derivative → program
  mutable unsigned located_ = 0;                 // the program the locations below are of
  // Uniform locations.
  mutable int loc_ndc_ = -1, loc_frag0_ = -1, loc_px_per_frag_ = -1, loc_px0_ = -1, loc_tile_ = -1,
              loc_fn_ = -1, loc_params_ = -1, loc_params2_ = -1, loc_params3_ = -1, loc_deriv_ = -1,
              loc_gain_ = -1, loc_range_ = -1, loc_nan_ = -1, loc_linear_ = -1, loc_raw_ = -1,
              loc_image_ = -1, loc_cmap_ = -1, loc_cmap_n_ = -1;
};

}  // namespace actviz::gl
