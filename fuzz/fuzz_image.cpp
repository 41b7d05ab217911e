// libFuzzer target: arbitrary bytes through actviz::DecodeImageMemory, as a hostile file
// would reach it, and on success through the conversions every photo goes through (display
// RGBA, gray). Crashes, leaks, UB, hangs and broken invariants of DecodedImage are findings.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "actviz/image/image.hpp"

namespace {

constexpr std::size_t kMaxPixels = std::size_t{1} << 22;

// What the rest of the program assumes of a decoded image (actviz/image.hpp).
void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_image: broken invariant: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  actviz::DecodedImage img;
  if (actviz::DecodeImageMemory(std::span<const std::uint8_t>(data, size), kMaxPixels, img))
    return 0;  // refused with a message: the expected outcome for most inputs
  Check(img.width > 0 && img.height > 0, "positive dimensions");
  const std::size_t pixels = static_cast<std::size_t>(img.width) * img.height;
  Check(pixels <= kMaxPixels, "pixel limit respected");
  Check(img.channels >= 1 && img.channels <= 4, "1 to 4 channels");
  const std::size_t samples = pixels * static_cast<std::size_t>(img.channels);
  Check(img.sixteen_bit ? img.samples16.size() == samples : img.samples8.size() == samples,
        "sample count = width·height·channels");
  std::vector<std::uint8_t> rgba;
  actviz::ToRgba8(img, rgba);
  Check(rgba.size() == pixels * 4, "RGBA size");
  actviz::GrayImage gray;
  actviz::ToGray(img, actviz::GrayMode::kLuma601, gray);
  Check(gray.v.size() == pixels, "gray size");
  for (float v : gray.v)
    Check(v >= 0.0f && v <= 1.0f, "gray in [0, 1]");
  return 0;
}
