// EGL surfaceless context: no config, no surface (EGL_KHR_surfaceless_context and
// EGL_KHR_no_config_context, both in Mesa), so nothing depends on X11 or DISPLAY.
#include "gl/headless.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <glad/gl.h>

#include "gl/gl.hpp"

namespace actviz::gl {
namespace {

std::string EglError(const char* what) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s failed (EGL error 0x%04x)", what, eglGetError());
  return buf;
}

}  // namespace

std::jthread HeadlessContext::WarmUp() {
  return std::jthread([] {
    auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (!get_platform_display) return;  // Create() reports it
    EGLDisplay dpy =
        get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    EGLint major = 0, minor = 0;
    if (dpy != EGL_NO_DISPLAY) eglInitialize(dpy, &major, &minor);
    eglReleaseThread();
  });
}

std::unique_ptr<HeadlessContext> HeadlessContext::Create(std::string& error) {
  auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (!get_platform_display) {
    error = "no OpenGL context: EGL has no eglGetPlatformDisplayEXT";
    return nullptr;
  }
  EGLDisplay dpy =
      get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  EGLint major = 0, minor = 0;
  if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, &major, &minor)) {
    error = "no OpenGL context: " + EglError("eglInitialize (surfaceless platform)");
    return nullptr;
  }
  std::unique_ptr<HeadlessContext> ctx(new HeadlessContext);
  ctx->display_ = dpy;
  if (!eglBindAPI(EGL_OPENGL_API)) {
    error = "no OpenGL context: " + EglError("eglBindAPI(OpenGL)");
    return nullptr;
  }
  const EGLint attrs[] = {EGL_CONTEXT_MAJOR_VERSION,
                          3,
                          EGL_CONTEXT_MINOR_VERSION,
                          3,
                          EGL_CONTEXT_OPENGL_PROFILE_MASK,
                          EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                          EGL_NONE};
  EGLContext c = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attrs);
  if (c == EGL_NO_CONTEXT) {
    error = "no OpenGL context: " + EglError("eglCreateContext (GL 3.3 core)");
    return nullptr;
  }
  ctx->context_ = c;
  if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, c)) {
    error = "no OpenGL context: " + EglError("eglMakeCurrent (surfaceless)");
    return nullptr;
  }
  if (!LoadFunctions(reinterpret_cast<ProcLoader>(eglGetProcAddress))) {
    error = "no OpenGL context: GL 3.3 core functions are missing";
    return nullptr;
  }
  return ctx;
}

HeadlessContext::~HeadlessContext() {
  auto dpy = static_cast<EGLDisplay>(display_);
  if (!dpy) return;
  eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (context_) eglDestroyContext(dpy, static_cast<EGLContext>(context_));
  // No eglTerminate: the surfaceless display is one per process and not reference-counted,
  // so terminating it would pull it from under any other context (a figure exported from
  // the window runs on its own thread and context while others live).
  eglReleaseThread();
}

std::string HeadlessContext::Renderer() const {
  const auto* s = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return s ? s : "";
}

}  // namespace actviz::gl
