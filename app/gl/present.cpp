// Partial redraw and present through GLX_MESA_copy_sub_buffer (see present.hpp).
#include "gl/present.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#define GLFW_EXPOSE_NATIVE_GLX
#include <GL/glx.h>
#include <GLFW/glfw3native.h>
#include <imgui_impl_opengl3.h>

#include <cstdlib>
#include <cstring>
#include <string_view>

namespace actviz::gl {

std::unique_ptr<PartialPresenter> PartialPresenter::Create(GLFWwindow* window) {
  if (const char* full = std::getenv("ACTVIZ_FULL_REDRAW"); full && *full && *full != '0')
    return nullptr;  // for comparisons: every frame drawn whole and swapped
  // Only where fragments are CPU work: a GPU redraws a frame faster than it can be diffed.
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const std::string_view r = renderer ? renderer : "";
  if (r.find("llvmpipe") == r.npos && r.find("softpipe") == r.npos) return nullptr;
  Display* dpy = glfwGetX11Display();
  const GLXWindow drawable = glfwGetGLXWindow(window);
  if (!dpy || !drawable) return nullptr;
  const char* ext = glXQueryExtensionsString(dpy, DefaultScreen(dpy));
  if (!ext || !std::strstr(ext, "GLX_MESA_copy_sub_buffer")) return nullptr;
  auto copy = reinterpret_cast<CopySubBuffer>(
      glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXCopySubBufferMESA")));
  if (!copy) return nullptr;
  std::unique_ptr<PartialPresenter> p(new PartialPresenter);
  p->display_ = dpy;
  p->drawable_ = drawable;
  p->copy_ = copy;
  return p;
}

void PartialPresenter::Draw(ImDrawData& data, const std::vector<DamageRect>& rects, int fb_width,
                            int fb_height, float r, float g, float b) {
  glViewport(0, 0, fb_width, fb_height);
  glClearColor(r, g, b, 1.0f);
  glEnable(GL_SCISSOR_TEST);
  for (const DamageRect& d : rects) {
    glScissor(d.x0, fb_height - d.y1, d.x1 - d.x0, d.y1 - d.y0);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  glDisable(GL_SCISSOR_TEST);
  for (const DamageRect& d : rects) {
    ClipDrawData(data, d, saved_);
    ImGui_ImplOpenGL3_RenderDrawData(&data);
    RestoreClips(data, saved_);
  }
}

bool PartialPresenter::WholeFrame(int fb_width, int fb_height) {
  if (fb_width != w_ || fb_height != h_) whole_ = kWholeFrames;
  w_ = fb_width, h_ = fb_height;
  if (whole_ == 0) return false;
  --whole_;
  return true;
}

void PartialPresenter::Present(const std::vector<DamageRect>& rects, int fb_height) {
  for (const DamageRect& d : rects)
    copy_(display_, drawable_, d.x0, fb_height - d.y1, d.x1 - d.x0, d.y1 - d.y0);
}

}  // namespace actviz::gl
