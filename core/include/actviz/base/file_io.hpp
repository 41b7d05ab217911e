// Files written whole or not at all: a temporary file beside the target, then rename(2),
// so an existing file is only ever replaced by a complete new one. Only regular files are
// written: a device, FIFO, socket or directory is refused (nothing written), and a symbolic
// link is followed to the file it names, which is replaced while the link stays a link.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace actviz {

// Whether `path` can take an output, checked before the work that makes it: an error message
// if it names something other than a regular file (or a link to one), a dangling link, a
// directory that does not exist or cannot be written; nothing if a write may go ahead.
// A dangling link is refused rather than followed: creating the file it names would write
// wherever the link points (a link planted in a shared directory), which the person did not
// name.
std::optional<std::string> CheckOutputPath(const std::string& path);

// True when two output paths name the same file: the same device and inode where the files
// exist (through links, "d/./o.png" and "d/o.png", hard links), otherwise the same directory
// (resolved) and name.
bool SameOutputFile(const std::string& a, const std::string& b);

// An error message on failure (the target is untouched), nothing on success. An existing
// file keeps its permission bits (and, when run as root, its owner). A write error (ENOSPC,
// EIO) is reported and the temporary removed.
std::optional<std::string> WriteFileAtomic(const std::string& path,
                                           std::span<const std::uint8_t> bytes);

struct OutputFile {
  std::string path;
  std::span<const std::uint8_t> bytes;
};

// Several files, all or nothing: every target is checked and every temporary written and
// synced before the first rename, so a failure before the renames leaves every target as it
// was (the temporaries are removed). Two entries naming the same file are refused.
// The renames themselves are a handful of metadata operations in directories just written
// to; if one fails there, the message says which files were already replaced.
std::optional<std::string> WriteFilesAtomic(std::span<const OutputFile> files);

// What the pixels are, for the encoder's speed/size trade-off: plots and figures (flat fills,
// lines, text) compress best with zlib's matching; photos and activation maps with run-length
// matching over the Sub filter, several times faster at a similar or smaller size.
enum class PngContent { kGraphics, kPhoto };

// Encodes 8-bit pixels (1 gray, 3 RGB or 4 RGBA channels, rows top to bottom) as PNG bytes.
// RGBA with every alpha 255 is stored as RGB. Any size PNG allows (2^31−1 a side) is encoded:
// libpng's default write limit of 10^6 a side is lifted.
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
