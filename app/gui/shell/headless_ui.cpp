// HeadlessUi: the same App and backend as the window, with IO fed by the caller.
#include "gui/shell/headless_ui.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include "figure/theme.hpp"
#include "gl/headless.hpp"
#include "gl/offscreen.hpp"

namespace actviz::gui {

std::unique_ptr<HeadlessUi> HeadlessUi::Create(int width, int height, AppState state,
                                               std::string& error) {
  std::unique_ptr<HeadlessUi> ui(new HeadlessUi);
  ui->gl_ = gl::HeadlessContext::Create(error);
  if (!ui->gl_) return nullptr;
  ui->width_ = width;
  ui->height_ = height;
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  ui->app_ = std::make_unique<App>(std::move(state), LoadFonts(1.0f), 1.0f);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  return ui;
}

HeadlessUi::~HeadlessUi() {
  if (!app_) return;
  app_.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
}

void HeadlessUi::Frame(const std::function<void(ImGuiIO&)>& input) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
  io.DeltaTime = 1.0f / 60;
  time_ += io.DeltaTime;
  if (input) input(io);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  app_->Frame();
  ImGui::Render();
}

std::optional<std::string> HeadlessUi::Snapshot(std::vector<std::uint8_t>& rgba) {
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  return gl::RenderOffscreen(ImGui::GetDrawData(), width_, height_, {bg.x, bg.y, bg.z, 1}, rgba);
}

}  // namespace actviz::gui
