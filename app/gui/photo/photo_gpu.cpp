// The GPU side of the Activation map tab: the photo's gray texture, the centred input x in
// float textures, and the map rendered by the GLSL catalogue into a texture the size of what
// is on screen (so a 24-megapixel photo costs a display's worth of fragments per frame).
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actviz/activations/kernels.hpp"
#include "gl/activation_map.hpp"
#include "gl/texture.hpp"
#include "gui/photo/photo.hpp"

namespace actviz::gui {

struct MapGpu {
  std::unique_ptr<gl::ActivationMap> map;
  gl::Texture gray;
  gl::RenderTexture target;
  std::optional<Colormap> colormap;   // in the shader's table
  std::optional<gl::MapStyle> drawn;  // what `target` holds; unset when the image changed
  std::string error;                  // the shader could not be built: reported once
  // A formula has no GLSL: its map is the exact float32 values, computed on the CPU once for
  // each distinct input of the uploaded image and uploaded in place of x, drawn through the
  // identity (so the live view is the export's values, pixel for pixel).
  int w = 0, h = 0;
  std::shared_ptr<const ImageData> image;  // what was uploaded (its x: see X())
  std::span<const float> X() const { return image->display_w > 0 ? image->display_x : image->x; }
  std::vector<float> distinct;       // its distinct values (empty: too many, every pixel)
  std::vector<std::uint32_t> which;  // each pixel's entry in `distinct`
  std::optional<std::pair<int, Params>> values_of;  // whose values are uploaded; unset: x
};

namespace {

// Up to this many distinct inputs go through a table (a 16-bit photo has at most 65 536).
constexpr std::size_t kMaxDistinct = 1 << 18;

void IndexDistinct(MapGpu& g) {
  const std::span<const float> x = g.X();
  g.distinct.clear();
  g.which.assign(x.size(), 0);
  std::unordered_map<std::uint32_t, std::uint32_t> seen;
  std::uint32_t last_bits = 0, last = 0;
  bool have_last = false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &x[i], sizeof bits);
    if (!have_last || bits != last_bits) {  // neighbours are often equal: skip the lookup
      auto [it, fresh] = seen.try_emplace(bits, static_cast<std::uint32_t>(g.distinct.size()));
      if (fresh) {
        if (g.distinct.size() == kMaxDistinct) {
          g.distinct.clear();
          g.which.clear();
          return;
        }
        g.distinct.push_back(x[i]);
      }
      last_bits = bits, last = it->second, have_last = true;
    }
    g.which[i] = last;
  }
}

// Uploads the formula's values for (function, params) in place of x.
std::optional<std::string> UploadValues(MapGpu& g, int function, const Params& p) {
  const Activation& fn = FunctionAt(function);
  std::vector<float> y(g.X().size());
  if (g.distinct.empty()) {
    Apply(fn, Eval::kValue, g.X(), y, p);
  } else {
    std::vector<float> table(g.distinct.size());
    Apply(fn, Eval::kValue, g.distinct, table, p);
    for (std::size_t i = 0; i < y.size(); ++i)
      y[i] = table[g.which[i]];
  }
  g.drawn.reset();
  g.values_of = std::make_pair(function, p);
  return g.map->SetImage(g.w, g.h, y);
}

ImTextureID AsImTexture(unsigned id) {
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id));
}

MapGpu& Gpu(Photo& photo) {
  if (!photo.gpu) {
    photo.gpu = std::make_shared<MapGpu>();
    photo.gpu->map = gl::ActivationMap::Create(photo.gpu->error);
  }
  return *photo.gpu;
}

}  // namespace

std::optional<std::string> Photo::UploadImage(std::shared_ptr<const ImageData> image) {
  MapGpu& g = Gpu(*this);
  const ImageData& img = *image;
  if (!g.map) return "the activation map shader is unavailable: " + g.error;
  const bool reduced = img.display_w > 0;
  const int w = reduced ? img.display_w : img.width, h = reduced ? img.display_h : img.height;
  if (auto err = g.gray.Upload(w, h, 1, reduced ? img.display_gray8 : img.gray8)) return err;
  g.drawn.reset();
  g.values_of.reset();
  g.w = w, g.h = h;
  g.image = std::move(image);
  g.distinct.clear();
  g.which.clear();
  return g.map->SetImage(w, h, g.X());
}

ImTextureID Photo::GrayTexture() {
  MapGpu& g = Gpu(*this);
  return g.gray.id() ? AsImTexture(g.gray.id()) : ImTextureID{};
}

ImTextureID Photo::RenderMap(const AppState& s, ImVec2 uv0, ImVec2 uv1, ImVec2 size) {
  MapGpu& g = Gpu(*this);
  if (!g.map || g.map->width() == 0) return ImTextureID{};
  if (g.colormap != s.image.colormap) {
    std::vector<std::uint8_t> table(256 * 3);
    for (int i = 0; i < 256; ++i) {
      const auto c = ColormapColor(s.image.colormap, i / 255.0);
      table[3 * i] = c[0], table[3 * i + 1] = c[1], table[3 * i + 2] = c[2];
    }
    if (auto err = g.map->SetColormap(table)) {
      gpu_error = *err;
      return ImTextureID{};
    }
    g.colormap = s.image.colormap;
    g.drawn.reset();
  }
  const int w = std::max(1, static_cast<int>(size.x + 0.5f));
  const int h = std::max(1, static_cast<int>(size.y + 0.5f));
  if (g.target.width() != w || g.target.height() != h) g.drawn.reset();
  if (auto err = g.target.Resize(w, h)) {
    gpu_error = *err;
    return ImTextureID{};
  }
  gl::MapStyle style;
  style.function = s.fn.selected;
  style.params = ToF32(SelectedParams(s));
  if (IsFormula(s.fn.selected) && g.image) {
    if (!g.values_of || g.values_of->first != s.fn.selected ||
        g.values_of->second.v != SelectedParams(s).v) {
      if (g.which.empty() && g.distinct.empty()) IndexDistinct(g);
      if (auto err = UploadValues(g, s.fn.selected, SelectedParams(s))) {
        gpu_error = *err;
        return ImTextureID{};
      }
    }
    static const int identity = IndexOf(*Find("linear"));
    style.function = identity;
    style.params = ToF32(Defaults(FunctionAt(identity)));  // λ = 1: y as uploaded
  } else if (g.values_of) {                                // back from a formula: x again
    g.values_of.reset();
    g.drawn.reset();
    if (auto err = g.map->SetImage(g.w, g.h, g.X())) {
      gpu_error = *err;
      return ImTextureID{};
    }
  }
  style.lo = static_cast<float>(range.lo);
  style.hi = static_cast<float>(range.hi);
  style.uv = {uv0.x, uv0.y, uv1.x, uv1.y};
  // Unchanged since the last render: the texture already holds it (and the window's partial
  // redraw sees no change there).
  if (g.drawn != style) {
    g.target.Bind();
    g.map->Render(style, {0, 0, w, h});
    g.target.Unbind();
    g.drawn = style;
  }
  return AsImTexture(g.target.texture());
}

}  // namespace actviz::gui
