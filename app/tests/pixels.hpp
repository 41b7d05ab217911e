// Reading frames, exported and screenshot PNGs in tests: an RGBA image, a colour's distance,
// the plot area found by its background colour, the difference of two regions, and whether a
// frame's vertices are all finite.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <imgui.h>
#include <stb_image.h>

namespace actviz::gui {

struct Image {
  int w = 0, h = 0;
  std::vector<std::uint8_t> px;
  const std::uint8_t* at(int x, int y) const {
    return &px[(static_cast<std::size_t>(y) * w + x) * 4];
  }
};

inline Image ReadPng(const std::string& path) {
  Image img;
  int n = 0;
  unsigned char* data = stbi_load(path.c_str(), &img.w, &img.h, &n, 4);
  if (!data) return img;
  img.px.assign(data, data + static_cast<std::size_t>(img.w) * img.h * 4);
  stbi_image_free(data);
  return img;
}

inline int Distance(const std::uint8_t* p, ImU32 c) {
  const int r = c & 255, g = (c >> 8) & 255, b = (c >> 16) & 255;
  return std::abs(p[0] - r) + std::abs(p[1] - g) + std::abs(p[2] - b);
}

// The plot area: the extent of the Style background colour along many rows and columns,
// taking the median of those that meet it (a row may run along a grid line, and whether
// one does depends on the plot's height; a label pixel may match by chance).
struct Area {
  int x0 = -1, x1 = -1, y0 = -1, y1 = -1;
};

inline Area FindArea(const Image& img, ImU32 background) {
  std::vector<int> x0s, x1s, y0s, y1s;
  for (int k = 1; k < 24; ++k) {
    const int row = img.h * k / 24 + 1, col = img.w * k / 24 + 1;
    int first = -1, last = -1;
    for (int x = 0; x < img.w; ++x)
      if (Distance(img.at(x, row), background) < 6) (first < 0 ? first = x : 0), last = x;
    if (first >= 0) x0s.push_back(first), x1s.push_back(last);
    first = last = -1;
    for (int y = 0; y < img.h; ++y)
      if (Distance(img.at(col, y), background) < 6) (first < 0 ? first = y : 0), last = y;
    if (first >= 0) y0s.push_back(first), y1s.push_back(last);
  }
  auto median = [](std::vector<int> v) {
    if (v.size() < 3) return -1;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  return {median(x0s), median(x1s), median(y0s), median(y1s)};
}

// Sum of absolute RGB differences over a region of two snapshots (rows top first).
inline long long RegionDiff(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b,
                            int width, int x0, int y0, int x1, int y1) {
  long long d = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      for (int c = 0; c < 3; ++c) {
        const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 4 + c;
        d += std::abs(static_cast<int>(a[i]) - static_cast<int>(b[i]));
      }
  return d;
}

// Whether every vertex of the frame is finite and on a sane scale (counted into `count`).
inline bool AllVerticesFinite(ImDrawData* d, int& count) {
  count = 0;
  for (int i = 0; i < d->CmdListsCount; ++i) {
    const ImDrawList* l = d->CmdLists[i];
    for (const ImDrawVert& v : l->VtxBuffer) {
      ++count;
      if (!std::isfinite(v.pos.x) || !std::isfinite(v.pos.y) || std::fabs(v.pos.x) > 1e6f ||
          std::fabs(v.pos.y) > 1e6f)
        return false;
    }
  }
  return true;
}

}  // namespace actviz::gui
