// Loads photos off the UI thread: decode (a file, or the embedded cameraman), gray, centre
// and scale, each stage cached so changing the gain does not decode again. The previous
// image stays on screen until the new one is ready; a file that cannot be read leaves it in
// place and reports why.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gui/latest_worker.hpp"

namespace actviz::gui {

struct ImageRequest {
  std::string path;  // empty: the embedded default photo
  int gray = 0, center = 0;
  double center_value = 0.5, gain = 1;
  bool operator==(const ImageRequest&) const = default;
};

// A loaded, centred image: what the views and the GPU need.
struct ImageData {
  ImageRequest request;
  std::string name;  // file name shown to the user
  int width = 0, height = 0;
  std::vector<std::uint8_t> gray8;  // the gray image for display
  std::vector<float> x;             // gain·(v − c), the activation's input
  double c = 0;                     // the centre used
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
  // A load error since the last call (the previous image is kept), or nothing.
  std::optional<std::string> TakeError();
  void Wait() { worker_.Wait(); }

 private:
  void Load(const ImageRequest& r);  // on the worker thread
  struct Cache;                      // decoded and gray stages, the worker thread's own
  std::unique_ptr<Cache> cache_;
  std::mutex mutex_;  // guards latest_, error_ and serial_
  std::shared_ptr<const ImageData> latest_;
  std::optional<std::string> error_;
  int serial_ = 0;
  LatestWorker<ImageRequest> worker_;  // last: joined before the members it writes go
};

}  // namespace actviz::gui
