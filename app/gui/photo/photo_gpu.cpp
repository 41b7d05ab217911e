// The GPU side of the Activation map tab: the photo's gray texture, the centred input x in
// float textures, and the map rendered by the GLSL catalogue into a texture the size of what
// is on screen (so a 24-megapixel photo costs a display's worth of fragments per frame).
#include <cstdint>
#include <optional>

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
};

namespace {

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

std::optional<std::string> Photo::UploadImage(const ImageData& img) {
  MapGpu& g = Gpu(*this);
  if (!g.map) return "the activation map shader is unavailable: " + g.error;
  const bool reduced = img.display_w > 0;
  const int w = reduced ? img.display_w : img.width, h = reduced ? img.display_h : img.height;
  if (auto err = g.gray.Upload(w, h, 1, reduced ? img.display_gray8 : img.gray8)) return err;
  g.drawn.reset();
  return g.map->SetImage(w, h, reduced ? img.display_x : img.x);
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
