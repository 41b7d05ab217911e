// A temporary FBO with a colour texture; the ImGui OpenGL 3 backend draws into it.
#include "gl/offscreen.hpp"

#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include "gl/gl.hpp"

namespace actviz::gl {

std::optional<std::string> RenderOffscreen(ImDrawData* data, int width, int height, Rgba clear,
                                           std::vector<std::uint8_t>& rgba) {
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_size);
  if (width <= 0 || height <= 0 || width > max_size || height > max_size)
    return "image size " + std::to_string(width) + "×" + std::to_string(height) +
           " is outside what this GL can render (max " + std::to_string(max_size) + ")";
  GLint prev_fbo = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
  GLuint fbo = 0, rbo = 0;
  glGenFramebuffers(1, &fbo);
  glGenRenderbuffers(1, &rbo);
  glBindRenderbuffer(GL_RENDERBUFFER, rbo);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rbo);
  std::optional<std::string> error;
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    error = "cannot create an offscreen framebuffer of " + std::to_string(width) + "×" +
            std::to_string(height);
  } else {
    BeginFrame(width, height, clear.r, clear.g, clear.b);
    ImGui_ImplOpenGL3_RenderDrawData(data);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
    rgba = ReadPixelsRgba(width, height);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
  glDeleteRenderbuffers(1, &rbo);
  glDeleteFramebuffers(1, &fbo);
  return error;
}

std::optional<std::string> RenderDrawListOffscreen(ImDrawList& list, int width, int height,
                                                   Rgba clear, std::vector<std::uint8_t>& rgba) {
  ImDrawList* lists[] = {&list};
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = lists;
  data.CmdListsCount = 1;
  data.TotalVtxCount = list.VtxBuffer.Size;
  data.TotalIdxCount = list.IdxBuffer.Size;
  data.DisplayPos = ImVec2(0, 0);
  data.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  data.FramebufferScale = ImVec2(1, 1);
  return RenderOffscreen(&data, width, height, clear, rgba);
}

}  // namespace actviz::gl
