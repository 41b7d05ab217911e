// Files written whole or not at all: a temporary file beside the target, then rename(2),
// so an existing file is only ever replaced by a complete new one.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace actviz {

// An error message on failure (the target is untouched), nothing on success.
std::optional<std::string> WriteFileAtomic(const std::string& path,
                                           std::span<const std::uint8_t> bytes);

// What the pixels are, for the encoder's speed/size trade-off: plots and figures (flat fills,
// lines, text) compress best with zlib's matching; photos and activation maps with run-length
// matching over the Sub filter, several times faster at a similar or smaller size.
enum class PngContent { kGraphics, kPhoto };

// Encodes 8-bit pixels (1 gray, 3 RGB or 4 RGBA channels, rows top to bottom) as PNG bytes.
// RGBA with every alpha 255 is stored as RGB.
std::optional<std::string> EncodePng(int width, int height, int channels,
                                     std::span<const std::uint8_t> pixels,
                                     std::vector<std::uint8_t>& png,
                                     PngContent content = PngContent::kGraphics);

// The same, written atomically.
std::optional<std::string> WritePng(const std::string& path, int width, int height, int channels,
                                    std::span<const std::uint8_t> pixels,
                                    PngContent content = PngContent::kGraphics);

// 16-bit gray PNG, values row-major, written atomically.
std::optional<std::string> WritePng16(const std::string& path, int width, int height,
                                      std::span<const std::uint16_t> gray);

}  // namespace actviz
