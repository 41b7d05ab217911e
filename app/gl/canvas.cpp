// The headless canvas: an ImGui context of its own (the caller's is restored after) on an EGL
// context of its own, and the draw list rendered into an offscreen framebuffer.
#include "gl/canvas.hpp"

#include <imgui_impl_opengl3.h>

#include "gl/offscreen.hpp"

namespace actviz::gl {

std::unique_ptr<Canvas> Canvas::Create(int w, int h, const std::function<void()>& add_fonts,
                                       std::string& error) {
  std::unique_ptr<Canvas> c(new Canvas);
  c->w_ = w;
  c->h_ = h;
  // ImGui's current context is process-wide: use a context of our own and restore the
  // caller's after.
  c->previous_ = ImGui::GetCurrentContext();
  c->context_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(c->context_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  add_fonts();
  // The atlas is CPU work: built before GL, it overlaps a driver still loading (WarmUp).
  unsigned char* pixels = nullptr;
  int tw = 0, th = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
  c->gl_ = HeadlessContext::Create(error);
  if (!c->gl_) return nullptr;
  ImGui_ImplOpenGL3_Init("#version 330 core");
  c->backend_ = true;
  ImGui_ImplOpenGL3_NewFrame();  // uploads the font atlas
  ImGui::NewFrame();             // sets the draw list shared data (font, white pixel)
  return c;
}

Canvas::~Canvas() {
  if (!context_) return;
  if (backend_) {
    ImGui::EndFrame();
    ImGui_ImplOpenGL3_Shutdown();
  }
  ImGui::DestroyContext(context_);
  ImGui::SetCurrentContext(previous_);
}

std::optional<std::string> Canvas::Render(ImU32 clear, const std::function<void(ImDrawList&)>& draw,
                                          std::vector<std::uint8_t>& rgba) {
  ImDrawList dl(ImGui::GetDrawListSharedData());
  dl._ResetForNewFrame();
  const ImVec2 size(static_cast<float>(w_), static_cast<float>(h_));
  dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  dl.PushClipRect(ImVec2(0, 0), size);
  draw(dl);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(clear);
  return RenderDrawListOffscreen(dl, w_, h_, {bg.x, bg.y, bg.z, 1}, rgba);
}

}  // namespace actviz::gl
