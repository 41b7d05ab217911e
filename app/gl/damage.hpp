// What changed on screen from one ImGui frame to the next, so that a software renderer
// (llvmpipe) redraws and presents only that: on a 1600×1000 window most of a frame's cost is
// fragments, and a slider drag changes a fraction of them. Pure CPU: compares the frames'
// draw commands (clip, texture and its version, the vertices each draws).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace actviz::gl {

// A rectangle of framebuffer pixels, top-left origin, [x0, x1) × [y0, y1).
struct DamageRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool Empty() const { return x1 <= x0 || y1 <= y0; }
  long long Area() const { return Empty() ? 0 : 1LL * (x1 - x0) * (y1 - y0); }
};

// Bumped whenever a texture's pixels change (uploads, renders into it), so a draw command
// showing it counts as changed although its vertices are the same.
void TextureChanged(unsigned id);
std::uint64_t TextureVersion(unsigned id);

class DamageTracker {
 public:
  // The rectangles (at most kMaxRects, disjoint or not) outside which this frame's pixels
  // equal the previous frame's; empty when nothing changed. The whole framebuffer for the
  // first frame, after a size change and after Invalidate().
  std::vector<DamageRect> Update(const ImDrawData& data, int fb_width, int fb_height);
  void Invalidate() { full_ = true; }

  static constexpr int kMaxRects = 4;

 private:
  std::unordered_map<std::uint64_t, DamageRect> prev_, cur_;  // command hash → its pixels
  int w_ = -1, h_ = -1;
  bool full_ = true;
};

// Replaces each command's clip by its intersection with `r`: the pixels the OpenGL backend
// would scissor it to, within `r`, as whole numbers (so adjacent rectangles leave no seam),
// keeping the originals in `saved`; RestoreClips puts them back.
void ClipDrawData(ImDrawData& data, const DamageRect& r, std::vector<ImVec4>& saved);
void RestoreClips(ImDrawData& data, const std::vector<ImVec4>& saved);

}  // namespace actviz::gl
