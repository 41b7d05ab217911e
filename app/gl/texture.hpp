// Textures for the UI: images shown with ImGui::Image, and render targets that the GPU
// activation map draws into (at display resolution), then shown the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace actviz::gl {

// An RGBA8 texture (linear filtering off: pixels stay crisp when zoomed in).
class Texture {
 public:
  Texture() = default;
  ~Texture();
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  // Uploads 8-bit pixels with 1 (gray, shown as gray) or 4 channels; rows top first.
  std::optional<std::string> Upload(int width, int height, int channels,
                                    std::span<const std::uint8_t> pixels);
  unsigned id() const { return id_; }
  int width() const { return w_; }
  int height() const { return h_; }
  void Reset();

 private:
  unsigned id_ = 0;
  int w_ = 0, h_ = 0;
};

// A framebuffer with an RGBA8 colour texture; Bind() directs drawing into it (and sets the
// viewport), Unbind() restores the previous framebuffer and viewport.
class RenderTexture {
 public:
  RenderTexture() = default;
  ~RenderTexture();
  RenderTexture(const RenderTexture&) = delete;
  RenderTexture& operator=(const RenderTexture&) = delete;

  std::optional<std::string> Resize(int width, int height);  // no-op when unchanged
  void Bind();
  void Unbind();
  unsigned texture() const { return tex_; }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  unsigned fbo_ = 0, tex_ = 0;
  int w_ = 0, h_ = 0;
  int prev_fbo_ = 0;
  int prev_viewport_[4] = {0, 0, 0, 0};
};

}  // namespace actviz::gl
