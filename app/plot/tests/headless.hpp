// The fixture the drawing and interaction tests draw the widget in: an ImGui context with a
// built font atlas and no renderer (no GPU, no window), one frame at a time, the mouse set
// between frames, the plot's vertices and triangles collected for the test to walk.
#pragma once

#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>
#include <vector>

#include "plot/plot.hpp"

namespace actviz::plot::test {

// An ImGui context with a built font atlas and no renderer: frames are drawn into draw lists
// that the tests walk. The renderer flag allows 32-bit vertex offsets as the GL3 backend does.
class Headless : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(1200, 800);
    io.DeltaTime = 1.0f / 60;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    io.Fonts->AddFontDefault();
    ImFontConfig big;
    big.SizePixels = 26;  // an export font: the default font built at twice the size
    big_font_ = io.Fonts->AddFontDefault(&big);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImGui::StyleColorsDark();
  }
  void TearDown() override { ImGui::DestroyContext(ctx_); }

  struct Tri {
    ImDrawVert v[3];
  };
  struct FrameResult {
    Interaction in;
    std::vector<ImDrawVert> verts;  // the vertices the plot added
    std::vector<Tri> tris;          // and its triangles
    ImVec2 bb_min, bb_max;          // the widget rectangle
  };

  // One frame: a full-screen window with the plot at kPos, then Render().
  FrameResult Frame(Range& x, Range& y, const PlotSpec& spec, const Style& style = Style::Dark()) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("test", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int idx0 = dl->IdxBuffer.Size;
    const int vtx0 = dl->VtxBuffer.Size;
    ImGui::SetCursorScreenPos(kPos);
    FrameResult r;
    r.in = Plot("plot", x, y, spec, style, kSize);
    r.bb_min = kPos;
    r.bb_max = ImVec2(kPos.x + kSize.x, kPos.y + kSize.y);
    r.verts.assign(dl->VtxBuffer.Data + vtx0, dl->VtxBuffer.Data + dl->VtxBuffer.Size);
    ImGui::End();
    ImGui::Render();
    // Triangles through the command buffer (indices are relative to each command's offset).
    for (const ImDrawCmd& cmd : dl->CmdBuffer) {
      for (unsigned e = 0; e + 2 < cmd.ElemCount; e += 3) {
        const unsigned at = cmd.IdxOffset + e;
        if (static_cast<int>(at) < idx0) continue;
        Tri t;
        for (int k = 0; k < 3; ++k) {
          t.v[k] = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[at + k]];
        }
        r.tris.push_back(t);
      }
    }
    return r;
  }

  // Sets the mouse for the next frame.
  static void Mouse(ImVec2 pos, bool left = false, bool right = false, float wheel = 0,
                    bool shift = false, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pos;
    io.MouseDown[0] = left;
    io.MouseDown[1] = right;
    io.MouseWheel = wheel;
    io.KeyShift = shift;
    io.KeyCtrl = ctrl;
  }

  static ImVec2 Lerp(const Interaction& in, float fx, float fy) {
    // Whole pixels: ImGui floors the mouse position.
    return ImVec2(std::floor(in.plot_min.x + (in.plot_max.x - in.plot_min.x) * fx),
                  std::floor(in.plot_min.y + (in.plot_max.y - in.plot_min.y) * fy));
  }

  static bool SameRgb(ImU32 a, ImU32 b) { return ((a ^ b) & 0x00FFFFFFu) == 0; }

  const ImVec2 kPos{40, 30};
  const ImVec2 kSize{900, 600};
  ImGuiContext* ctx_ = nullptr;
  ImFont* big_font_ = nullptr;
};

// The test series' colour: the tests tell its vertices from the axes' and the text's by it.
inline constexpr ImU32 kMagenta = IM_COL32(255, 0, 255, 255);

}  // namespace actviz::plot::test
