// The damage tracker on draw data built by hand: what it reports as changed between two
// frames, against rectangles known from the vertices. The real window's test (window_test.py)
// checks the pixels; this one checks that the redrawn area stays small.
#include <gtest/gtest.h>

#include <imgui.h>

#include <algorithm>
#include <vector>

#include "gl/damage.hpp"

namespace actviz::gl {
namespace {

struct Rect {
  float x0, y0, x1, y1;
  ImU32 col;
};

// One draw list, one command: each rect is 4 fresh vertices and 2 triangles, the triangles
// emitted in `order` (ImGui's channel merge — tables, columns — reorders index blocks so that
// index order is not vertex order).
struct Frame {
  ImDrawList list{nullptr};
  ImDrawList* lists[1] = {&list};
  ImDrawData data;

  Frame(const std::vector<Rect>& rects, const std::vector<int>& order) {
    for (const Rect& r : rects) {
      const ImVec2 uv(0, 0);
      list.VtxBuffer.push_back({ImVec2(r.x0, r.y0), uv, r.col});
      list.VtxBuffer.push_back({ImVec2(r.x1, r.y0), uv, r.col});
      list.VtxBuffer.push_back({ImVec2(r.x1, r.y1), uv, r.col});
      list.VtxBuffer.push_back({ImVec2(r.x0, r.y1), uv, r.col});
    }
    for (int k : order) {
      const ImDrawIdx b = static_cast<ImDrawIdx>(4 * k);
      for (ImDrawIdx i : {0, 1, 2, 0, 2, 3})
        list.IdxBuffer.push_back(static_cast<ImDrawIdx>(b + i));
    }
    ImDrawCmd cmd;
    cmd.ClipRect = ImVec4(0, 0, 400, 300);
    cmd.ElemCount = static_cast<unsigned>(list.IdxBuffer.Size);
    list.CmdBuffer.push_back(cmd);
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.TotalVtxCount = list.VtxBuffer.Size;
    data.TotalIdxCount = list.IdxBuffer.Size;
    data.DisplayPos = ImVec2(0, 0);
    data.DisplaySize = ImVec2(400, 300);
    data.FramebufferScale = ImVec2(1, 1);
  }
};

long long TotalArea(const std::vector<DamageRect>& d) {
  long long a = 0;
  for (const DamageRect& r : d)
    a += r.Area();
  return a;
}

TEST(Damage, only_the_changed_primitive_is_redrawn_whatever_the_index_order) {
  // Three far-apart rects; the middle one changes colour in the second frame.
  const std::vector<Rect> before = {
      {10, 10, 30, 30, 0xff0000ff}, {200, 10, 220, 30, 0xff00ff00}, {10, 250, 30, 270, 0xffff0000}};
  std::vector<Rect> after = before;
  after[1].col = 0xffffffff;
  struct Case {
    const char* name;
    std::vector<int> order;
  };
  for (const Case& c : {Case{"vertex order", {0, 1, 2}}, Case{"channels merged", {2, 0, 1}},
                        Case{"reversed", {2, 1, 0}}}) {
    DamageTracker t;
    const Frame a(before, c.order), b(after, c.order);
    EXPECT_EQ(t.Update(a.data, 400, 300).size(), 1u) << c.name;  // the first frame: all of it
    EXPECT_TRUE(t.Update(a.data, 400, 300).empty()) << c.name;   // nothing changed
    const std::vector<DamageRect> d = t.Update(b.data, 400, 300);
    ASSERT_FALSE(d.empty()) << c.name;
    // The changed rect, with a pixel of margin: 22 × 22, nothing of the other two.
    EXPECT_LE(TotalArea(d), 2 * 22 * 22) << c.name;
    for (const DamageRect& r : d)
      EXPECT_TRUE(r.x0 >= 199 - 1 && r.x1 <= 221 + 1 && r.y0 >= 9 - 1 && r.y1 <= 31 + 1)
          << c.name << ": [" << r.x0 << " " << r.y0 << " " << r.x1 << " " << r.y1 << "]";
  }
}

TEST(Damage, a_primitive_that_moves_damages_where_it_was_and_where_it_is) {
  const std::vector<Rect> before = {{10, 10, 30, 30, 0xff0000ff}, {300, 200, 320, 220, 0xff00ff00}};
  std::vector<Rect> after = before;
  after[0].x0 += 100, after[0].x1 += 100;
  DamageTracker t;
  const Frame a(before, {1, 0}), b(after, {1, 0});
  t.Update(a.data, 400, 300);
  const std::vector<DamageRect> d = t.Update(b.data, 400, 300);
  bool old_place = false, new_place = false, other = false;
  for (const DamageRect& r : d) {
    old_place |= r.x0 <= 10 && r.x1 >= 30 && r.y0 <= 10 && r.y1 >= 30;
    new_place |= r.x0 <= 110 && r.x1 >= 130 && r.y0 <= 10 && r.y1 >= 30;
    other |= r.x1 > 300;
  }
  EXPECT_TRUE(old_place);
  EXPECT_TRUE(new_place);
  EXPECT_FALSE(other);
}

// The pixels imgui_impl_opengl3.cpp (1.86) scissors a command to, restated from its
// RenderDrawData: x from (int)min.x, (int)(max.x − min.x) wide; y counted from the bottom.
DamageRect BackendScissor(const ImVec4& c, int fb_height) {
  if (c.z <= c.x || c.w <= c.y) return {};
  const int x = static_cast<int>(c.x), w = static_cast<int>(c.z - c.x);
  const int bottom = static_cast<int>(static_cast<float>(fb_height) - c.w);
  const int h = static_cast<int>(c.w - c.y);
  return {x, fb_height - bottom - h, x + w, fb_height - bottom};
}

// A window's clip is fractional (a modal dialog centred at x.5): split between two damage
// rectangles that meet inside it, the two clipped draws must cover exactly the pixels the
// whole draw covers there. Intersected in floats, the backend's truncation of the width left
// a column cleared and never drawn (a dialog's edge stayed on screen after it closed).
TEST(Damage, clips_split_between_rectangles_cover_what_the_whole_draw_covers) {
  for (const ImVec4 clip :
       {ImVec4(100.5f, 20.25f, 300.0f, 250.75f), ImVec4(100.5f, 20.5f, 299.5f, 250.5f),
        ImVec4(0, 0, 400, 300), ImVec4(37.75f, 0.5f, 38.25f, 299.5f)}) {
    Frame f({{0, 0, 400, 300, 0xffffffff}}, {0});
    f.list.CmdBuffer[0].ClipRect = clip;
    const DamageRect whole = BackendScissor(clip, 300);
    for (const int split : {101, 150, 199, 250}) {
      const DamageRect left{0, 0, split, 300}, right{split, 0, 400, 300};
      const DamageRect top{0, 0, 400, split - 80}, bottom{0, split - 80, 400, 300};
      long long covered = 0;
      std::vector<ImVec4> saved;
      for (const DamageRect& part : {left, right, top, bottom}) {
        ClipDrawData(f.data, part, saved);
        const DamageRect got = BackendScissor(f.list.CmdBuffer[0].ClipRect, 300);
        RestoreClips(f.data, saved);
        EXPECT_EQ(f.list.CmdBuffer[0].ClipRect.x, clip.x);  // restored
        // Within the part and the whole draw's pixels, and all of their intersection.
        const DamageRect want{std::max(whole.x0, part.x0), std::max(whole.y0, part.y0),
                              std::min(whole.x1, part.x1), std::min(whole.y1, part.y1)};
        if (want.Empty()) {
          EXPECT_TRUE(got.Empty());
          continue;
        }
        EXPECT_EQ(got.x0, want.x0) << clip.x << " split " << split;
        EXPECT_EQ(got.x1, want.x1) << clip.z << " split " << split;
        EXPECT_EQ(got.y0, want.y0) << clip.y << " split " << split;
        EXPECT_EQ(got.y1, want.y1) << clip.w << " split " << split;
        covered += got.Area();
      }
      EXPECT_EQ(covered, 2 * whole.Area()) << "split " << split;  // left+right, top+bottom
    }
  }
}

}  // namespace
}  // namespace actviz::gl
