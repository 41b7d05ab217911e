// The image worker: decode → gray → centre, each stage redone only when its inputs change.
#include "gui/photo/image_worker.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "actviz/base/buffer.hpp"
#include "actviz/image/downscale.hpp"
#include "actviz/image/image.hpp"
#include "figure/figure.hpp"

extern "C" const unsigned char actviz_photo_camera[];
extern "C" const unsigned char actviz_photo_camera_end[];

namespace actviz::gui {

// The GUI accepts what the CLI accepts by default.
constexpr std::size_t kMaxPixels = 100'000'000;

namespace {

// A FIFO would block open() until a writer comes, a device would read forever: refuse what
// is not a regular file, opened with O_NONBLOCK so this check itself cannot block. (An open
// that fails is left to the decoder to report.)
std::optional<std::string> RefuseIrregular(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  const bool stat_ok = ::fstat(fd, &st) == 0;
  ::close(fd);
  if (!stat_ok || S_ISREG(st.st_mode)) return std::nullopt;
  if (S_ISFIFO(st.st_mode)) return "a FIFO, not a regular file";
  if (S_ISDIR(st.st_mode)) return "a directory, not a photo";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "a device, not a regular file";
  return "not a regular file";
}

}  // namespace

struct ImageWorker::State {
  // The worker thread's own: decoded and gray stages.
  std::string decoded_path;
  bool have_decoded = false;
  DecodedImage decoded;
  std::optional<GrayMode> gray_mode;  // of `gray`; unset: not computed
  GrayImage gray;

  std::mutex mutex;  // guards latest, last_error and serial
  std::shared_ptr<const ImageData> latest;
  std::optional<std::string> last_error;
  std::string last_failed_path;
  int serial = 0;

  void Load(const ImageRequest& r);
};

ImageWorker::ImageWorker()
    : state_(std::make_shared<State>()),
      worker_(
          [state = state_](const ImageRequest& r, const std::atomic<bool>&) { state->Load(r); }) {}

ImageWorker::~ImageWorker() {
  if (!worker_.Shutdown(kShutdownWait))
    std::fprintf(stderr, "actviz: a photo was still loading at exit; not waiting for it\n");
}

std::shared_ptr<const ImageData> ImageWorker::Latest(bool& busy) {
  busy = !worker_.Idle();
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->latest;
}

std::optional<std::string> ImageWorker::TakeError(std::string* failed_path) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (failed_path) *failed_path = state_->last_failed_path;
  std::optional<std::string> e = std::move(state_->last_error);
  state_->last_error.reset();
  return e;
}

void ImageWorker::State::Load(const ImageRequest& r) {
  std::optional<std::string> error;
  auto data = std::make_shared<ImageData>();
  try {
    State& c = *this;
    if (!c.have_decoded || c.decoded_path != r.path) {
      DecodedImage img;
      if (r.path.empty()) {
        const std::span<const std::uint8_t> bytes(
            actviz_photo_camera,
            static_cast<std::size_t>(actviz_photo_camera_end - actviz_photo_camera));
        error = DecodeImageMemory(bytes, kMaxPixels, img);
      } else {
        error = RefuseIrregular(r.path);
        if (!error) error = DecodeImageFile(r.path, kMaxPixels, img);
      }
      if (!error) {
        c.decoded = std::move(img);
        c.decoded_path = r.path;
        c.have_decoded = true;
        c.gray_mode.reset();
      }
    }
    if (!error) {
      if (c.gray_mode != r.gray) {
        ToGray(c.decoded, r.gray, c.gray);
        c.gray_mode = r.gray;
      }
      data->request = r;
      data->name =
          r.path.empty() ? "cameraman (built in)" : r.path.substr(r.path.find_last_of('/') + 1);
      data->width = c.gray.width;
      data->height = c.gray.height;
      ResizeLarge(data->gray8, c.gray.v.size());
      figure::GrayTo8(c.gray.v, data->gray8);
      data->c = CenterValue(c.gray, r.center, r.center_value);
      CenterAndScale(c.gray, data->c, r.gain, data->x);
      const auto [lo, hi] = std::minmax_element(data->x.begin(), data->x.end());
      if (lo != data->x.end()) data->x_min = *lo, data->x_max = *hi;
      data->display_w = data->display_h = 0;
      data->display_gray8.clear();
      data->display_x.clear();
      if (data->width > kMaxDisplaySide || data->height > kMaxDisplaySide) {
        const auto [dw, dh] =
            FitWithin(data->width, data->height, kMaxDisplaySide, kMaxDisplaySide);
        DownscaleArea(data->gray8, data->width, data->height, 1, dw, dh, data->display_gray8);
        DownscaleArea(data->x, data->width, data->height, 1, dw, dh, data->display_x);
        data->display_w = dw;
        data->display_h = dh;
      }
    }
  } catch (const std::bad_alloc&) {
    error = "not enough memory for this image";
  }

  std::lock_guard<std::mutex> lock(mutex);
  if (error) {  // what is on screen stays
    last_failed_path = r.path;
    // Named once: the decoder's messages may name the file already.
    const bool named = !r.path.empty() && error->find(r.path) != std::string::npos;
    last_error = named ? *error
                       : (r.path.empty() ? std::string("the built-in photo") : "'" + r.path + "'") +
                             ": " + *error;
  } else {
    data->serial = ++serial;
    latest = std::move(data);
  }
}

}  // namespace actviz::gui
