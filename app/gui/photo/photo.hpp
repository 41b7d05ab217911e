// The photo that the Activation map and Figure tabs show: its loader, its textures and the
// map rendered on the GPU for a view (photo_gpu.cpp), and a subsample of the map for the auto
// range and the small histogram.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "actviz/image/image.hpp"
#include "actviz/stats/samples.hpp"
#include "gui/photo/image_worker.hpp"
#include "gui/state/state.hpp"

namespace actviz::gui {

// A strided subsample of the map through the float32 kernel (the export uses every pixel).
struct MapSample {
  int serial = -1, function = -1;
  Params params;
  std::vector<float> x, y;
  Range range{0, 1};
  Histogram hist;
};

struct MapGpu;  // textures and the shader program of the activation map (photo_gpu.cpp)

struct Photo {
  ImageWorker images;
  std::string path_edit;  // the path field (the tab's Open applies it to the state)
  MapSample sample;
  Range range{0, 1};  // the map's colour range as last drawn
  int uploaded = -1;  // the serial of the photo on the GPU
  std::shared_ptr<MapGpu> gpu;
  std::optional<std::string> gpu_error;  // a GPU failure of the map, for the status line

  // Uploads the photo, its gray texture, the map for a view (uv0…uv1 of the photo at `size`).
  std::optional<std::string> UploadImage(std::shared_ptr<const ImageData> img);
  ImTextureID GrayTexture();
  ImTextureID RenderMap(const AppState& s, ImVec2 uv0, ImVec2 uv1, ImVec2 size);
};

ImageRequest ImageRequestOf(const AppState& state);
// The map's subsample, refreshed when its inputs (photo, function, parameters) change.
void UpdateMapSample(const AppState& state, Photo& photo, const ImageData& img);
// The photo of the current state, loaded (photos load in well under a second).
std::shared_ptr<const ImageData> CurrentPhoto(const AppState& state, Photo& photo);

}  // namespace actviz::gui
