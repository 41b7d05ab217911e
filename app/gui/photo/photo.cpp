// The photo's CPU side: its request from the state, the map's subsample, the loaded photo.
#include <algorithm>

#include "actviz/activations/kernels.hpp"
#include "gui/photo/photo.hpp"

namespace actviz::gui {

ImageRequest ImageRequestOf(const AppState& s) {
  const ImageState& im = s.image;
  return {im.path, im.gray, im.center, im.center_value, im.gain};
}

// Strided so that about 65 536 pixels are taken, with the extremes of x always included:
// they set monotonic functions' ranges. Cached per (photo, function, parameters).
void UpdateMapSample(const AppState& s, Photo& photo, const ImageData& img) {
  MapSample& m = photo.sample;
  const Params& p = SelectedParams(s);
  if (m.serial == img.serial && m.function == s.fn.selected && m.params.v == p.v) return;
  const std::size_t n = img.x.size();
  const std::size_t stride = std::max<std::size_t>(1, n / 65536);
  m.x.clear();
  for (std::size_t i = 0; i < n; i += stride)
    m.x.push_back(img.x[i]);
  // The extremes of x matter for monotonic functions' ranges: always include them.
  m.x.push_back(img.x_min);
  m.x.push_back(img.x_max);
  m.y.resize(m.x.size());
  Apply(Selected(s), Eval::kValue, m.x, m.y, p);
  m.range = AutoRange(m.y);
  m.hist = MakeHistogram(m.y, 64);
  m.serial = img.serial;
  m.function = s.fn.selected;
  m.params = p;
}

std::shared_ptr<const ImageData> CurrentPhoto(const AppState& s, Photo& photo) {
  photo.images.Request(ImageRequestOf(s));
  photo.images.Wait();
  bool busy = false;
  return photo.images.Latest(busy);
}

}  // namespace actviz::gui
