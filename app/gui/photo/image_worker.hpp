// Loads photos off the UI thread: decode (a file, or the embedded cameraman), gray, centre
// and scale, each stage cached so changing the gain does not decode again. The previous
// image stays on screen until the new one is ready; a file that cannot be read leaves it in
// place and reports why. A path that is not a regular file (a FIFO, a device) is refused
// without a blocking open, and quitting never waits long on a load stuck in the system.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "actviz/image/image.hpp"
#include "gui/workers/latest_worker.hpp"

namespace actviz::gui {

struct ImageRequest {
  std::string path;  // empty: the embedded default photo
  GrayMode gray = GrayMode::kLuma601;
  CenterMode center = CenterMode::kMedian;
  double center_value = 0.5, gain = 1;
  bool operator==(const ImageRequest&) const = default;
};

// A loaded, centred image: what the views and the GPU need.
inline constexpr int kMaxDisplaySide = 8192;

struct ImageData {
  ImageRequest request;
  std::string name;  // file name shown to the user
  int width = 0, height = 0;
  std::vector<std::uint8_t> gray8;  // the gray image for display
  std::vector<float> x;             // gain·(v − c), the activation's input
  // A photo over kMaxDisplaySide a side goes to the GPU reduced by area averaging (the
  // textures' limit); the exact map and the hover readout keep the full image above.
  int display_w = 0, display_h = 0;  // 0: the full image is shown as it is
  std::vector<std::uint8_t> display_gray8;
  std::vector<float> display_x;
  double c = 0;  // the centre used
  float x_min = 0, x_max = 0;
  int serial = 0;  // increases with every new result
};

class ImageWorker {
 public:
  ImageWorker();
  ~ImageWorker();
  ImageWorker(const ImageWorker&) = delete;
  ImageWorker& operator=(const ImageWorker&) = delete;

  void Request(const ImageRequest& r) { worker_.Submit(r); }
  // The newest finished image (null before the first) and whether work is pending.
  std::shared_ptr<const ImageData> Latest(bool& busy);
  // A load error since the last call (the previous image is kept), or nothing; with
  // `failed_path`, also the path of the request that failed.
  std::optional<std::string> TakeError(std::string* failed_path = nullptr);
  void Wait() { worker_.Wait(); }

  // How long the destructor waits for a load in progress before leaving it to finish alone.
  static constexpr std::chrono::milliseconds kShutdownWait{1500};

 private:
  // Everything the worker thread touches, shared with it: a load stuck in a system call
  // keeps this alive after the ImageWorker is gone, and quitting does not wait for it.
  struct State;
  std::shared_ptr<State> state_;
  LatestWorker<ImageRequest> worker_;
};

}  // namespace actviz::gui
