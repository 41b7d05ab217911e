// Atomic file output and PNG encoding (libpng).
//   Targets: what a path names (links followed, only regular files), same-file detection.
//   Writing: temporaries beside each target, synced, then renamed (one file or several).
//   PNG: 8-bit and 16-bit encoders into memory.
#include "actviz/base/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "actviz/base/parse.hpp"

#include <png.h>
#include <zlib.h>

namespace actviz {
namespace {

std::string Errno(const std::string& what, const std::string& path, int err = errno) {
  return what + " " + QuotePath(path) + ": " + std::strerror(err);
}

// ---------------------------------------------------------------------------- targets

const char* KindOf(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

std::string DirName(const std::string& p) {
  const std::size_t slash = p.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return p.substr(0, slash);
}

std::string BaseName(const std::string& p) {
  const std::size_t slash = p.find_last_of('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::optional<std::string> RealPath(const std::string& p) {
  char* r = ::realpath(p.c_str(), nullptr);
  if (!r) return std::nullopt;
  std::string out(r);
  std::free(r);
  return out;
}

// What an output path resolves to: the file a rename must replace (a link's final target),
// and that file's status if it exists.
struct Target {
  std::string path;  // the file to replace (the given path unless it is a link)
  bool exists = false;
  struct stat st {};
};

std::optional<std::string> Resolve(const std::string& given, Target& t) {
  if (given.empty()) return "no output path given";
  if (given.back() == '/') return QuotePath(given) + " names a directory; actviz writes only files";
  t = Target{};
  t.path = given;
  struct stat lst {};
  if (::lstat(given.c_str(), &lst) != 0) {
    if (errno != ENOENT) return Errno("cannot write", given);
    // A new file: its directory must exist and be writable.
    const std::string dir = DirName(given);
    struct stat dst {};
    if (::stat(dir.c_str(), &dst) != 0)
      return Errno("cannot write " + QuotePath(given) + ": directory", dir);
    if (!S_ISDIR(dst.st_mode))
      return "cannot write " + QuotePath(given) + ": " + QuotePath(dir) + " is not a directory";
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
      return Errno("cannot write " + QuotePath(given) + ": directory", dir);
    return std::nullopt;
  }
  std::string shown = QuotePath(given);
  if (S_ISLNK(lst.st_mode)) {
    std::optional<std::string> real = RealPath(given);
    if (!real) {
      const int err = errno;
      char buf[PATH_MAX];
      const ssize_t n = ::readlink(given.c_str(), buf, sizeof buf - 1);
      const std::string to = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "?";
      if (err == ENOENT)
        return QuotePath(given) + " is a symbolic link to " + QuotePath(to) +
               ", which does not exist; actviz follows links only to existing files";
      return Errno("cannot follow the symbolic link", given, err);
    }
    t.path = *real;
    shown += " (a link to " + QuotePath(*real) + ")";
    if (::stat(t.path.c_str(), &t.st) != 0) return Errno("cannot write", given);
  } else {
    t.st = lst;
  }
  t.exists = true;
  if (!S_ISREG(t.st.st_mode))
    return shown + " is not a regular file (" + KindOf(t.st.st_mode) +
           "); actviz writes only regular files";
  const std::string dir = DirName(t.path);
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    return Errno("cannot replace " + shown + ": directory", dir);
  return std::nullopt;
}

// An identity for same-file checks: device and inode when the file exists, else the
// resolved directory and the name (lexically "d/./o.png" and "d/o.png" alike).
struct Identity {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string path;
};

Identity IdentityOf(const std::string& p) {
  Identity id;
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0) {
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    return id;
  }
  const std::string dir = DirName(p);
  id.path = RealPath(dir).value_or(dir) + "/" + BaseName(p);
  return id;
}

// ---------------------------------------------------------------------------- writing

// A temporary beside the target, written and synced; removed unless released by a rename.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!name_.empty()) ::unlink(name_.c_str());
  }

  std::optional<std::string> Write(const std::string& shown, const Target& t,
                                   std::span<const std::uint8_t> bytes) {
    // open(O_EXCL) with mode 0666 rather than mkstemp: the umask then applies as for any
    // file the user creates, without touching the process-wide umask.
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
      // Beside the target, named after it unless that would exceed NAME_MAX.
      const std::string stem = BaseName(t.path).size() > 200
                                   ? (DirName(t.path) == "/" ? "" : DirName(t.path)) + "/actviz"
                                   : t.path;
      name_ = stem + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
      fd_ = ::open(name_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_ < 0 && errno != EEXIST) break;
    }
    if (fd_ < 0) {
      const int err = errno;
      name_.clear();
      return Errno("cannot create a file next to", shown, err);
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Errno("cannot write", shown, n == 0 ? EIO : errno);
      done += static_cast<std::size_t>(n);
    }
    if (t.exists) {
      // The replacement keeps the old file's owner (only root can give a file away; a
      // failure there is no reason to lose the output) and its permission bits, set after
      // the owner since chown clears set-id bits.
      if (::geteuid() == 0) (void)::fchown(fd_, t.st.st_uid, t.st.st_gid);
      if (::fchmod(fd_, t.st.st_mode & 07777) != 0) return Errno("cannot set the mode of", shown);
    }
    if (::fsync(fd_) != 0) return Errno("cannot write", shown);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Errno("cannot write", shown);
    return std::nullopt;
  }

  // Renames the temporary over `to`; on success nothing is left to remove.
  std::optional<std::string> Commit(const std::string& shown, const std::string& to) {
    if (std::rename(name_.c_str(), to.c_str()) != 0) return Errno("cannot replace", shown);
    name_.clear();
    return std::nullopt;
  }

 private:
  int fd_ = -1;
  std::string name_;
};

void SyncDirectory(const std::string& dir) {
  // The rename is durable once the directory is synced; a failure here loses nothing
  // already written, so it is not reported.
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

std::optional<std::string> CheckOutputPath(const std::string& path) {
  Target t;
  return Resolve(path, t);
}

bool SameOutputFile(const std::string& a, const std::string& b) {
  const Identity x = IdentityOf(a), y = IdentityOf(b);
  if (x.exists != y.exists) return false;
  return x.exists ? x.dev == y.dev && x.ino == y.ino : x.path == y.path;
}

std::optional<std::string> WriteFilesAtomic(std::span<const OutputFile> files) {
  std::vector<Target> targets(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (auto err = Resolve(files[i].path, targets[i])) return err;
    for (std::size_t j = 0; j < i; ++j)
      if (SameOutputFile(files[i].path, files[j].path))
        return QuotePath(files[j].path) + " and " + QuotePath(files[i].path) +
               " name the same file";
  }
  std::vector<TempFile> temps(files.size());
  for (std::size_t i = 0; i < files.size(); ++i)
    if (auto err = temps[i].Write(files[i].path, targets[i], files[i].bytes)) return err;
  for (std::size_t i = 0; i < files.size(); ++i) {
    // The target may have changed while the temporaries were written: check it again so a
    // device or FIFO put in its place is still refused.
    Target again;
    if (auto err = Resolve(files[i].path, again)) return err;
    if (again.path != targets[i].path) return QuotePath(files[i].path) + " changed while writing";
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (auto err = temps[i].Commit(files[i].path, targets[i].path)) {
      if (i == 0) return err;
      std::string done;
      for (std::size_t j = 0; j < i; ++j)
        done += (j ? ", " : "") + QuotePath(files[j].path);
      return *err + " (already replaced: " + done + ")";
    }
  }
  for (const Target& t : targets)
    SyncDirectory(DirName(t.path));
  return std::nullopt;
}

std::optional<std::string> WriteFileAtomic(const std::string& path,
                                           std::span<const std::uint8_t> bytes) {
  const OutputFile f{path, bytes};
  return WriteFilesAtomic({&f, 1});
}

// ---------------------------------------------------------------------------- PNG
namespace {

// libpng reports errors through a callback that must not return: keep the message, then
// longjmp back to EncodePng's setjmp.
struct PngError {
  char message[256] = "";
};

[[noreturn]] void OnPngError(png_structp p, png_const_charp msg) {
  auto* e = static_cast<PngError*>(png_get_error_ptr(p));
  if (e) std::snprintf(e->message, sizeof e->message, "%s", msg ? msg : "");
  png_longjmp(p, 1);
}

void OnPngWarning(png_structp, png_const_charp) {}

void AppendToVector(png_structp s, png_bytep data, png_size_t n) {
  auto* v = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(s));
  bool ok = true;
  try {
    v->insert(v->end(), data, data + n);
  } catch (const std::bad_alloc&) {
    ok = false;
  }
  // Outside the catch block: png_error longjmps, which must not leave a handler.
  if (!ok) png_error(s, "out of memory");
}

std::string PngFailure(const PngError& e) {
  return e.message[0] ? std::string("cannot encode PNG (") + e.message + ")"
                      : std::string("cannot encode PNG");
}

// A write struct with our error handler and PNG's own size limits (2^31−1 a side) instead
// of libpng's default 10^6.
png_structp CreateWriter(PngError& e, std::vector<std::uint8_t>& out) {
  png_structp p = png_create_write_struct(PNG_LIBPNG_VER_STRING, &e, OnPngError, OnPngWarning);
  if (!p) return nullptr;
  png_set_user_limits(p, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
  png_set_write_fn(p, &out, AppendToVector, nullptr);
  return p;
}

}  // namespace

std::optional<std::string> EncodePng(int width, int height, int channels,
                                     std::span<const std::uint8_t> pixels,
                                     std::vector<std::uint8_t>& png, PngContent content) {
  if (width <= 0 || height <= 0 || channels < 1 || channels > 4 ||
      pixels.size() < static_cast<std::size_t>(width) * static_cast<std::size_t>(height) *
                          static_cast<std::size_t>(channels))
    return "internal error: bad image";
  png.clear();
  std::vector<png_bytep> rows;
  try {
    rows.resize(static_cast<std::size_t>(height));
  } catch (const std::bad_alloc&) {
    return "out of memory encoding PNG";
  }
  PngError error;
  png_structp p = CreateWriter(error, png);
  png_infop info = p ? png_create_info_struct(p) : nullptr;
  if (!p || !info) {
    png_destroy_write_struct(&p, &info);
    return "out of memory encoding PNG";
  }
  if (setjmp(png_jmpbuf(p))) {  // libpng reports errors by longjmp
    png_destroy_write_struct(&p, &info);
    png.clear();
    return PngFailure(error);
  }
  // Opaque RGBA (every render read back from GL) is stored as RGB: libpng strips the filler
  // byte as it writes, a quarter less to compress.
  bool opaque = channels == 4;
  for (std::size_t i = 3; opaque && i < pixels.size(); i += 4)
    opaque = pixels[i] == 255;
  static constexpr int kType[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                  PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
  png_set_IHDR(p, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
               opaque ? PNG_COLOR_TYPE_RGB : kType[channels - 1], PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  // One filter for every row (trying several per row costs more than it saves). Measured on a
  // 1200² figure and a 24 MP map against level 6 with all filters: graphics at level 2 with Up
  // are 4.5× faster and 13% larger; photos with Z_RLE and Sub 5× faster and 4% smaller.
  if (content == PngContent::kPhoto) {
    png_set_compression_strategy(p, Z_RLE);
    png_set_filter(p, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  } else {
    png_set_compression_level(p, 2);
    png_set_filter(p, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  }
  png_write_info(p, info);
  if (opaque) png_set_filler(p, 0, PNG_FILLER_AFTER);
  const std::size_t stride = static_cast<std::size_t>(width) * static_cast<std::size_t>(channels);
  for (int y = 0; y < height; ++y)
    rows[static_cast<std::size_t>(y)] =
        const_cast<png_bytep>(pixels.data() + static_cast<std::size_t>(y) * stride);
  png_write_image(p, rows.data());
  png_write_end(p, nullptr);
  png_destroy_write_struct(&p, &info);
  return std::nullopt;
}

std::optional<std::string> WritePng(const std::string& path, int width, int height, int channels,
                                    std::span<const std::uint8_t> pixels, PngContent content) {
  std::vector<std::uint8_t> png;
  if (auto err = EncodePng(width, height, channels, pixels, png, content))
    return *err + " for " + QuotePath(path);
  return WriteFileAtomic(path, png);
}

std::optional<std::string> WritePng16(const std::string& path, int width, int height,
                                      std::span<const std::uint16_t> gray) {
  if (width <= 0 || height <= 0 ||
      gray.size() < static_cast<std::size_t>(width) * static_cast<std::size_t>(height))
    return "internal error: bad image for " + QuotePath(path);
  std::vector<std::uint8_t> out;
  // Big-endian rows, as PNG stores 16-bit samples.
  std::vector<std::uint8_t> row;
  try {
    row.resize(static_cast<std::size_t>(width) * 2);
  } catch (const std::bad_alloc&) {
    return "out of memory encoding PNG for " + QuotePath(path);
  }
  PngError error;
  png_structp png = CreateWriter(error, out);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) {
    png_destroy_write_struct(&png, &info);
    return "out of memory encoding PNG for " + QuotePath(path);
  }
  if (setjmp(png_jmpbuf(png))) {  // libpng reports errors by longjmp
    png_destroy_write_struct(&png, &info);
    return PngFailure(error) + " for " + QuotePath(path);
  }
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 16,
               PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) {
    const std::uint16_t* src = gray.data() + static_cast<std::size_t>(y) * width;
    for (int x = 0; x < width; ++x) {
      row[2 * x] = static_cast<std::uint8_t>(src[x] >> 8);
      row[2 * x + 1] = static_cast<std::uint8_t>(src[x] & 255);
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return WriteFileAtomic(path, out);
}

}  // namespace actviz
