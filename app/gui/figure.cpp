// A canvas for headless figures: one EGL context, ImGui with the OpenGL 3 backend and the
// embedded fonts, a draw list of plot panels, rendered offscreen and written as PNG.
#include "gui/figure.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <memory>
#include <vector>

#include "actviz/file_io.hpp"
#include "gl/headless.hpp"
#include "gl/offscreen.hpp"
#include "gui/hist_plots.hpp"
#include "gui/theme.hpp"

namespace actviz::gui {
namespace {

struct Panel {
  ImVec2 min, max;
  plot::PlotSpec spec;
  plot::Range x, y;
};

// Sets up GL and ImGui for one render and tears them down after (RAII, reverse order).
class Canvas {
 public:
  static std::unique_ptr<Canvas> Create(int w, int h, std::string& error) {
    std::unique_ptr<Canvas> c(new Canvas);
    c->gl_ = gl::HeadlessContext::Create(error);
    if (!c->gl_) return nullptr;
    c->w_ = w;
    c->h_ = h;
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    c->fonts_ = LoadFonts(1.0f);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    ImGui_ImplOpenGL3_NewFrame();  // uploads the font atlas
    ImGui::NewFrame();             // sets the draw list shared data (font, white pixel)
    return c;
  }
  ~Canvas() {
    if (!gl_) return;
    ImGui::EndFrame();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
  }

  // Draws the panels (each at `scale`) and writes the PNG.
  std::optional<std::string> Save(const std::string& path, const std::vector<Panel>& panels,
                                  const plot::Style& style, float scale) {
    ImDrawList dl(ImGui::GetDrawListSharedData());
    dl._ResetForNewFrame();
    const ImVec2 size(static_cast<float>(w_), static_cast<float>(h_));
    dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
    dl.PushClipRect(ImVec2(0, 0), size);
    dl.AddRectFilled(ImVec2(0, 0), size, style.canvas);
    for (const Panel& p : panels)
      plot::Render(&dl, p.min, p.max, p.x, p.y, p.spec, style, scale, fonts_.ForScale(scale));
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(style.canvas);
    std::vector<std::uint8_t> rgba;
    if (auto err = gl::RenderDrawListOffscreen(dl, w_, h_, {bg.x, bg.y, bg.z, 1}, rgba)) return err;
    return WritePng(path, w_, h_, 4, rgba);
  }

 private:
  Canvas() = default;
  std::unique_ptr<gl::HeadlessContext> gl_;
  Fonts fonts_;
  int w_ = 0, h_ = 0;
};

}  // namespace

std::optional<std::string> RenderHistogramsPng(const std::string& path, const Activation& fn,
                                               const Params& p, const SampleSpec& spec,
                                               const Experiment& e, int width, int height) {
  std::string error;
  std::unique_ptr<Canvas> canvas = Canvas::Create(width, height, error);
  if (!canvas) return error;
  const Theme theme = Theme::kLight;  // documents
  const float scale = std::max(1.0f, std::min(width / 1200.0f, height / 500.0f) * 1.0f);
  const double half = SupportHalfWidth(spec);
  const int mono = MonotonicOver(fn, p, -half, half);
  HistPlot in, out;
  const HistOptions o;
  BuildHistPlot(e.in_hist, e.in_stats, spec, o, false, fn, p, 0, PinColour(7, theme),
                NumericColour(0, theme), in);
  BuildHistPlot(e.out_hist, e.out_stats, spec, o, true, fn, p, mono, FunctionColour(theme),
                NumericColour(0, theme), out);
  const std::string out_title = std::string(fn.label) + " of the input";
  out.title = out_title;
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  const float gap = 12 * scale;
  std::vector<Panel> panels = {{ImVec2(0, 0), ImVec2((w - gap) / 2, h), in.Spec(), in.x, in.y},
                               {ImVec2((w + gap) / 2, 0), ImVec2(w, h), out.Spec(), out.x, out.y}};
  return canvas->Save(path, panels, PlotStyle(theme), scale);
}

}  // namespace actviz::gui
