// Bytes for hand-built test files (PNG chunks): big-endian words and the chunks' CRC-32,
// written here from the PNG specification, not taken from the decoders under test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace actviz::test {

inline void Be32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8)
    b.push_back(static_cast<std::uint8_t>(v >> s));
}

inline std::uint32_t Crc32(const std::uint8_t* p, std::size_t n) {
  std::uint32_t c = 0xffffffffu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k)
      c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return c ^ 0xffffffffu;
}

}  // namespace actviz::test
