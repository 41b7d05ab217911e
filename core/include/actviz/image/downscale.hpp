// Reducing an image for display by area averaging (a box filter with fractional coverage):
// every output pixel is the mean of the source area it covers, so a 20000×10 photo shown in
// a 600-pixel panel keeps its content instead of aliasing or exceeding a texture limit.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace actviz {

// The largest size with the aspect ratio of w×h (each side rounded, at least 1) that fits in
// max_w×max_h; w×h itself when it already fits (never enlarged). All arguments ≥ 1.
std::pair<int, int> FitWithin(int w, int h, int max_w, int max_h);

// Area average of a w×h image with `channels` interleaved samples per pixel (rows top to
// bottom) into dw×dh, 1 ≤ dw ≤ w, 1 ≤ dh ≤ h. Sums in double; 8-bit results round half up.
// out is resized to dw·dh·channels.
void DownscaleArea(std::span<const std::uint8_t> src, int w, int h, int channels, int dw, int dh,
                   std::vector<std::uint8_t>& out);
void DownscaleArea(std::span<const float> src, int w, int h, int channels, int dw, int dh,
                   std::vector<float>& out);

}  // namespace actviz
