// The image worker: decode → gray → centre, each stage redone only when its inputs change.
#include "gui/image_worker.hpp"

#include <algorithm>

#include "actviz/buffer.hpp"
#include "actviz/image.hpp"

extern "C" const unsigned char actviz_photo_camera[];
extern "C" const unsigned char actviz_photo_camera_end[];

namespace actviz::gui {

// The GUI accepts what the CLI accepts by default.
constexpr std::size_t kMaxPixels = 100'000'000;

struct ImageWorker::Cache {
  std::string decoded_path;
  bool have_decoded = false;
  DecodedImage decoded;
  int gray_mode = -1;
  GrayImage gray;
};

ImageWorker::ImageWorker()
    : cache_(std::make_unique<Cache>()),
      worker_([this](const ImageRequest& r, const std::atomic<bool>&) { Load(r); }) {}

ImageWorker::~ImageWorker() = default;  // Cache is complete here

std::shared_ptr<const ImageData> ImageWorker::Latest(bool& busy) {
  busy = !worker_.Idle();
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_;
}

std::optional<std::string> ImageWorker::TakeError() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<std::string> e = std::move(error_);
  error_.reset();
  return e;
}

void ImageWorker::Load(const ImageRequest& r) {
  std::optional<std::string> error;
  auto data = std::make_shared<ImageData>();
  try {
    Cache& c = *cache_;
    if (!c.have_decoded || c.decoded_path != r.path) {
      DecodedImage img;
      if (r.path.empty()) {
        const std::span<const std::uint8_t> bytes(
            actviz_photo_camera,
            static_cast<std::size_t>(actviz_photo_camera_end - actviz_photo_camera));
        error = DecodeImageMemory(bytes, kMaxPixels, img);
      } else {
        error = DecodeImageFile(r.path, kMaxPixels, img);
      }
      if (!error) {
        c.decoded = std::move(img);
        c.decoded_path = r.path;
        c.have_decoded = true;
        c.gray_mode = -1;
      }
    }
    if (!error) {
      if (c.gray_mode != r.gray) {
        ToGray(c.decoded, static_cast<GrayMode>(r.gray), c.gray);
        c.gray_mode = r.gray;
      }
      data->request = r;
      data->name =
          r.path.empty() ? "cameraman (built in)" : r.path.substr(r.path.find_last_of('/') + 1);
      data->width = c.gray.width;
      data->height = c.gray.height;
      ResizeLarge(data->gray8, c.gray.v.size());
      for (std::size_t i = 0; i < c.gray.v.size(); ++i)
        data->gray8[i] =
            static_cast<std::uint8_t>(std::clamp(c.gray.v[i], 0.0f, 1.0f) * 255 + 0.5f);
      data->c = CenterValue(c.gray, static_cast<CenterMode>(r.center), r.center_value);
      CenterAndScale(c.gray, data->c, r.gain, data->x);
      const auto [lo, hi] = std::minmax_element(data->x.begin(), data->x.end());
      if (lo != data->x.end()) data->x_min = *lo, data->x_max = *hi;
    }
  } catch (const std::bad_alloc&) {
    error = "not enough memory for this image";
  }

  std::lock_guard<std::mutex> lock(mutex_);
  if (error) {  // what is on screen stays
    error_ =
        (r.path.empty() ? std::string("the built-in photo") : "'" + r.path + "'") + ": " + *error;
  } else {
    data->serial = ++serial_;
    latest_ = std::move(data);
  }
}

}  // namespace actviz::gui
