// The window's lifetime in named phases (init, frame, shutdown in reverse order), after
// imgui's example_glfw_opengl3. The panels draw from AppState; GL goes through app/gl/.
#include "gui/gui.hpp"

#include <cstdio>
#include <string>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "actviz/file_io.hpp"
#include "gl/gl.hpp"
#include "gui/panels.hpp"

namespace actviz::gui {
namespace {

void OnGlfwError(int code, const char* text) {
  std::fprintf(stderr, "actviz: GLFW error %d: %s\n", code, text);
}

struct Window {
  GLFWwindow* handle = nullptr;
  ~Window() {
    if (handle) glfwDestroyWindow(handle);
    glfwTerminate();
  }
};

int SaveScreenshot(GLFWwindow* window, const std::string& path) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  const auto pixels = gl::ReadPixelsRgba(w, h);
  if (auto err = WritePng(path, w, h, 4, pixels)) {
    std::fprintf(stderr, "actviz: %s\n", err->c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int RunGui(const GuiOptions& options) {
  // --- init
  glfwSetErrorCallback(OnGlfwError);
  if (!glfwInit()) {
    std::fprintf(stderr, "actviz: cannot open a window (no display?); the headless commands "
                         "(actviz --help) work without one\n");
    return 1;
  }
  Window window;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  window.handle = glfwCreateWindow(options.width, options.height, "actviz", nullptr, nullptr);
  if (!window.handle) {
    std::fprintf(stderr, "actviz: cannot create an OpenGL 3.3 window\n");
    return 1;
  }
  glfwMakeContextCurrent(window.handle);
  glfwSwapInterval(options.screenshot.empty() ? 1 : 0);
  if (!gl::LoadFunctions(glfwGetProcAddress)) {
    std::fprintf(stderr, "actviz: OpenGL 3.3 core is not available\n");
    return 1;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout persistence arrives with the explorer (issue 3)
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window.handle, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  AppState state;
  state.selected = options.function;
  state.params = options.params;

  // --- frames
  int status = 0;
  int frame = 0;
  while (!glfwWindowShouldClose(window.handle)) {
    glfwPollEvents();
    if (glfwGetWindowAttrib(window.handle, GLFW_ICONIFIED)) {  // skip frames while minimised
      glfwWaitEvents();
      continue;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    DrawCataloguePanel(state);
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window.handle, &w, &h);
    gl::BeginFrame(w, h, 0.09f, 0.10f, 0.12f);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (!options.screenshot.empty() && ++frame >= options.frames) {
      status = SaveScreenshot(window.handle, options.screenshot);
      break;
    }
    glfwSwapBuffers(window.handle);
  }

  // --- shutdown, in reverse
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  return status;
}

}  // namespace actviz::gui
