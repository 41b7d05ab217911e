// Damage between ImGui frames: every draw command is hashed with what decides its pixels; a
// command of this frame absent from the last (or the reverse) damages the pixels it covers.
#include "gl/damage.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace actviz::gl {
namespace {

std::unordered_map<unsigned, std::uint64_t>& Versions() {
  static std::unordered_map<unsigned, std::uint64_t> v;  // UI thread only
  return v;
}

struct Hasher {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void Add(std::uint64_t v) {
    h ^= v;
    h *= 0x100000001b3ull;
    h ^= h >> 29;
  }
  void Add(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    Add(std::uint64_t{u});
  }
};

DamageRect Union(const DamageRect& a, const DamageRect& b) {
  if (a.Empty()) return b;
  if (b.Empty()) return a;
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

bool Overlap(const DamageRect& a, const DamageRect& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

// Merges overlapping rectangles, then the pair whose union adds the least area until at most
// `max` remain (each rectangle costs a pass over the draw data).
void Merge(std::vector<DamageRect>& rs, int max) {
  for (bool merged = true; merged;) {
    merged = false;
    for (std::size_t i = 0; i < rs.size() && !merged; ++i)
      for (std::size_t j = i + 1; j < rs.size() && !merged; ++j)
        if (Overlap(rs[i], rs[j])) {
          rs[i] = Union(rs[i], rs[j]);
          rs.erase(rs.begin() + static_cast<std::ptrdiff_t>(j));
          merged = true;
        }
  }
  while (static_cast<int>(rs.size()) > max) {
    std::size_t bi = 0, bj = 1;
    long long best = -1;
    for (std::size_t i = 0; i < rs.size(); ++i)
      for (std::size_t j = i + 1; j < rs.size(); ++j) {
        const long long grow = Union(rs[i], rs[j]).Area() - rs[i].Area() - rs[j].Area();
        if (best < 0 || grow < best) best = grow, bi = i, bj = j;
      }
    rs[bi] = Union(rs[bi], rs[bj]);
    rs.erase(rs.begin() + static_cast<std::ptrdiff_t>(bj));
    Merge(rs, max);  // the union may now overlap others
  }
}

}  // namespace

void TextureChanged(unsigned id) {
  ++Versions()[id];
}

std::uint64_t TextureVersion(unsigned id) {
  const auto it = Versions().find(id);
  return it == Versions().end() ? 0 : it->second;
}

std::vector<DamageRect> DamageTracker::Update(const ImDrawData& data, int fb_width, int fb_height) {
  const ImVec2 off = data.DisplayPos, sc = data.FramebufferScale;
  const DamageRect screen{0, 0, fb_width, fb_height};
  cur_.clear();
  std::vector<DamageRect> damage;
  bool everything = full_ || fb_width != w_ || fb_height != h_;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList* list = data.CmdLists[l];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {  // opaque to us: redraw all
        everything = true;
        continue;
      }
      // One entry per primitive (a shape, a glyph, a polyline): ImGui gives each fresh
      // vertices, so a triangle that uses none of the current group's starts a new one. Keys
      // are content, not offsets: a primitive that only moved in the buffers still matches.
      Hasher base;
      base.Add(static_cast<std::uint64_t>(l));  // window order: a list moved in front redraws
      const auto tex = reinterpret_cast<std::uintptr_t>(cmd.TextureId);
      base.Add(static_cast<std::uint64_t>(tex));
      base.Add(TextureVersion(static_cast<unsigned>(tex)));
      base.Add(cmd.ClipRect.x), base.Add(cmd.ClipRect.y);
      base.Add(cmd.ClipRect.z), base.Add(cmd.ClipRect.w);
      const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
      const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
      unsigned i = 0;
      while (i + 3 <= cmd.ElemCount) {
        Hasher h = base;
        float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
        unsigned lo = idx[i], hi = idx[i];
        for (; i + 3 <= cmd.ElemCount; i += 3) {
          const unsigned a = idx[i], b = idx[i + 1], c = idx[i + 2];
          const unsigned tmin = std::min({a, b, c}), tmax = std::max({a, b, c});
          // Fresh vertices, or a jump back to earlier ones (ImGui merges channel buffers — tables,
          // columns — so index order is not vertex order): the next primitive.
          if (tmin > hi || tmax < lo) break;
          lo = std::min(lo, tmin);
          hi = std::max(hi, tmax);
          for (unsigned k : {a, b, c}) {
            const ImDrawVert& v = vtx[k];
            h.Add(static_cast<std::uint64_t>(k - lo));
            h.Add(v.pos.x), h.Add(v.pos.y), h.Add(v.uv.x), h.Add(v.uv.y);
            h.Add(std::uint64_t{v.col});
            x0 = std::min(x0, v.pos.x), y0 = std::min(y0, v.pos.y);
            x1 = std::max(x1, v.pos.x), y1 = std::max(y1, v.pos.y);
          }
        }
        // Pixels it can touch: its vertices' box within the clip, a pixel of margin.
        x0 = std::max(x0, cmd.ClipRect.x), y0 = std::max(y0, cmd.ClipRect.y);
        x1 = std::min(x1, cmd.ClipRect.z), y1 = std::min(y1, cmd.ClipRect.w);
        DamageRect r{static_cast<int>(std::floor((x0 - off.x) * sc.x)) - 1,
                     static_cast<int>(std::floor((y0 - off.y) * sc.y)) - 1,
                     static_cast<int>(std::ceil((x1 - off.x) * sc.x)) + 1,
                     static_cast<int>(std::ceil((y1 - off.y) * sc.y)) + 1};
        r = {std::max(r.x0, 0), std::max(r.y0, 0), std::min(r.x1, fb_width),
             std::min(r.y1, fb_height)};
        if (r.Empty()) continue;
        // The same primitive twice (identical pixels) keeps one entry: the union of its boxes.
        auto [it, fresh] = cur_.try_emplace(h.h, r);
        if (!fresh) it->second = Union(it->second, r);
      }
    }
  }
  if (!everything) {
    for (const auto& [h, r] : cur_)
      if (!prev_.contains(h)) damage.push_back(r);
    for (const auto& [h, r] : prev_)
      if (!cur_.contains(h)) damage.push_back(r);
    Merge(damage, kMaxRects);
  } else {
    damage = {screen};
  }
  prev_.swap(cur_);
  w_ = fb_width, h_ = fb_height;
  full_ = false;
  return damage;
}

void ClipDrawData(ImDrawData& data, const DamageRect& r, std::vector<ImVec4>& saved) {
  saved.clear();
  const ImVec2 off = data.DisplayPos, sc = data.FramebufferScale;
  const int fb_height = static_cast<int>(data.DisplaySize.y * sc.y);
  for (int l = 0; l < data.CmdListsCount; ++l)
    for (ImDrawCmd& cmd : data.CmdLists[l]->CmdBuffer) {
      saved.push_back(cmd.ClipRect);
      // The pixels the OpenGL backend scissors this command to (imgui_impl_opengl3.cpp of
      // 1.86): x from (int)min.x, (int)(max.x − min.x) wide; y from the bottom, from
      // (int)(fb_height − max.y), (int)(max.y − min.y) high. A clip intersected with `r` in
      // floats truncates differently where it is fractional, and a damaged column or row
      // between two rectangles was then cleared and not drawn. So the pixels are intersected
      // and written back as whole numbers, which the backend takes as they are (exactly so
      // at the scale 1 and whole DisplayPos of X11 and EGL).
      const ImVec4 c = cmd.ClipRect;
      const float x0 = (c.x - off.x) * sc.x, x1 = (c.z - off.x) * sc.x;
      const float y0 = (c.y - off.y) * sc.y, y1 = (c.w - off.y) * sc.y;
      int px0 = 0, px1 = 0, py0 = 0, py1 = 0;  // empty unless the backend would draw it
      if (x1 > x0 && y1 > y0) {
        px0 = static_cast<int>(x0);
        px1 = px0 + static_cast<int>(x1 - x0);
        const int bottom = static_cast<int>(static_cast<float>(fb_height) - y1);
        py1 = fb_height - bottom;
        py0 = py1 - static_cast<int>(y1 - y0);
      }
      px0 = std::max(px0, r.x0), px1 = std::min(px1, r.x1);
      py0 = std::max(py0, r.y0), py1 = std::min(py1, r.y1);
      if (px1 < px0) px1 = px0;  // empty, not inverted: the backend skips it
      if (py1 < py0) py1 = py0;
      cmd.ClipRect =
          ImVec4(static_cast<float>(px0) / sc.x + off.x, static_cast<float>(py0) / sc.y + off.y,
                 static_cast<float>(px1) / sc.x + off.x, static_cast<float>(py1) / sc.y + off.y);
    }
}

void RestoreClips(ImDrawData& data, const std::vector<ImVec4>& saved) {
  std::size_t k = 0;
  for (int l = 0; l < data.CmdListsCount; ++l)
    for (ImDrawCmd& cmd : data.CmdLists[l]->CmdBuffer)
      cmd.ClipRect = saved[k++];
}

}  // namespace actviz::gl
