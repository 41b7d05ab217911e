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

// Encodes 8-bit pixels (1 gray, 3 RGB or 4 RGBA channels, rows top to bottom) as PNG bytes.
std::optional<std::string> EncodePng(int width, int height, int channels,
                                     std::span<const std::uint8_t> pixels,
                                     std::vector<std::uint8_t>& png);

// The same, written atomically.
std::optional<std::string> WritePng(const std::string& path, int width, int height, int channels,
                                    std::span<const std::uint8_t> pixels);

// 16-bit gray PNG (libpng; stb cannot write 16 bits), values row-major, written atomically.
std::optional<std::string> WritePng16(const std::string& path, int width, int height,
                                      std::span<const std::uint16_t> gray);

}  // namespace actviz
