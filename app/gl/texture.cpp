// Texture upload and render-to-texture for the UI.
#include "gl/texture.hpp"

#include <glad/gl.h>

#include <vector>

#include "gl/damage.hpp"

namespace actviz::gl {

Texture::~Texture() {
  Reset();
}

void Texture::Reset() {
  if (id_) glDeleteTextures(1, &id_);
  id_ = 0;
  w_ = h_ = 0;
}

std::optional<std::string> Texture::Upload(int width, int height, int channels,
                                           std::span<const std::uint8_t> pixels) {
  GLint max = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max);
  if (width <= 0 || height <= 0 || width > max || height > max)
    return "image of " + std::to_string(width) + "×" + std::to_string(height) +
           " exceeds this GPU's texture size (" + std::to_string(max) + ")";
  if (!id_) glGenTextures(1, &id_);
  GLint prev = 0, unpack = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev);
  glGetIntegerv(GL_UNPACK_ALIGNMENT, &unpack);
  glBindTexture(GL_TEXTURE_2D, id_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (channels == 1) {  // gray: one channel, swizzled to RGB so ImGui shows gray
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE,
                 pixels.data());
    const GLint swizzle[] = {GL_RED, GL_RED, GL_RED, GL_ONE};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
  } else {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 pixels.data());
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, unpack);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev));
  w_ = width;
  h_ = height;
  TextureChanged(id_);
  return std::nullopt;
}

RenderTexture::~RenderTexture() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (tex_) glDeleteTextures(1, &tex_);
}

std::optional<std::string> RenderTexture::Resize(int width, int height) {
  if (width == w_ && height == h_ && fbo_) return std::nullopt;
  if (width <= 0 || height <= 0) return "empty render target";
  if (!fbo_) glGenFramebuffers(1, &fbo_);
  if (!tex_) glGenTextures(1, &tex_);
  GLint prev_tex = 0, prev_fbo = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
  glBindTexture(GL_TEXTURE_2D, tex_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
  const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev_tex));
  if (!ok)
    return "cannot create a render target of " + std::to_string(width) + "×" +
           std::to_string(height);
  w_ = width;
  h_ = height;
  return std::nullopt;
}

void RenderTexture::Bind() {
  TextureChanged(tex_);  // about to be drawn into
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo_);
  glGetIntegerv(GL_VIEWPORT, prev_viewport_);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, w_, h_);
}

void RenderTexture::Unbind() {
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo_));
  glViewport(prev_viewport_[0], prev_viewport_[1], prev_viewport_[2], prev_viewport_[3]);
}

}  // namespace actviz::gl
