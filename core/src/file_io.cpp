// Atomic file output and PNG encoding (stb_image_write from Debian's libstb).
#include "actviz/file_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <stb_image_write.h>

namespace actviz {
namespace {

std::string Errno(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

}  // namespace

std::optional<std::string> WriteFileAtomic(const std::string& path,
                                           std::span<const std::uint8_t> bytes) {
  if (path.empty()) return "no output path given";
  // open(O_EXCL) with mode 0666 rather than mkstemp: the umask then applies as for any file
  // the user creates, without touching the process-wide umask.
  std::string tmpl;
  int fd = -1;
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tmpl = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    fd = ::open(tmpl.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return Errno("cannot create a file next to", path);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string err = Errno("cannot write", path);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return err;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string err = Errno("cannot write", path);
    ::unlink(tmpl.c_str());
    return err;
  }
  if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string err = Errno("cannot replace", path);
    ::unlink(tmpl.c_str());
    return err;
  }
  return std::nullopt;
}

std::optional<std::string> WritePng(const std::string& path, int width, int height, int channels,
                                    std::span<const std::uint8_t> pixels) {
  if (width <= 0 || height <= 0 || channels < 1 || channels > 4 ||
      pixels.size() < static_cast<std::size_t>(width) * height * channels)
    return "internal error: bad image for '" + path + "'";
  std::vector<std::uint8_t> png;
  auto sink = [](void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
    const auto* p = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), p, p + size);
  };
  if (!stbi_write_png_to_func(sink, &png, width, height, channels, pixels.data(), width * channels))
    return "cannot encode PNG for '" + path + "'";
  return WriteFileAtomic(path, png);
}

}  // namespace actviz
