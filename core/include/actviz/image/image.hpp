// The image pipeline of the activation map (spec/cli.md `apply`), shared by `actviz apply` and
// the GUI's map tab and export: decode → gray v in [0,1] → x = gain·(v − c) → y = f(x) (float32
// kernel) → 8-bit pixels through a colormap, or the raw floats as .npy. Floating point
// throughout: nothing is rounded to 8 bits before the final colormap lookup.
//
// Sections: decoding · gray and centring · the activation · ranges and colormaps · .npy output
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"

namespace actviz {

// ---- decoding -------------------------------------------------------------------------------

// An image as stored in the file: PNG (8 or 16 bit), JPEG, BMP, TGA, GIF (first frame), PNM
// (binary P5 and P6). The samples are kept at their stored depth (a quarter of the memory of
// floats on a 24 MP photo); sample s means s/255 (8 bit) or s/65535 (16 bit); PNM samples are
// scaled from the file's maxval to that range. Palettes are expanded to RGB; a GIF is RGBA on
// its logical screen, transparent and uncovered pixels (0, 0, 0, 0).
struct DecodedImage {
  int width = 0, height = 0;
  int channels = 0;                    // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (alpha is ignored)
  bool sixteen_bit = false;            // samples16 holds the pixels, else samples8
  std::vector<std::uint8_t> samples8;  // row-major, `channels` interleaved per pixel
  std::vector<std::uint16_t> samples16;
  std::string format;  // "PNG", "JPEG", "BMP", "TGA", "GIF", "PNM"
};

// Both return a one-line message on failure (out is then empty) and never throw. The decoders
// are built for untrusted bytes (libpng, libjpeg-turbo, giflib; strict decoders of our own for
// BMP, TGA, PNM): a file that ends early is refused in every format, never zero-filled. The
// dimensions are read from the header first: width·height > max_pixels is refused before any
// large allocation, and sizes in messages are never negative or wrapped.
// DecodeImageFile reads only regular files: it opens without blocking (a FIFO with no writer,
// a device) and refuses anything else, and refuses a file over 2 GiB from its size before
// reading; a large file's header is checked against max_pixels before it is read whole.
// File errors name the file: missing, a directory, not a regular file, empty, too large,
// unsupported format, truncated or corrupt data.
std::optional<std::string> DecodeImageFile(const std::string& path, std::size_t max_pixels,
                                           DecodedImage& out);
std::optional<std::string> DecodeImageMemory(std::span<const std::uint8_t> bytes,
                                             std::size_t max_pixels, DecodedImage& out);

// 8-bit RGBA for display of the original (gray replicated; 16-bit rounded to nearest; alpha
// set opaque, as the pipeline ignores it). 4 bytes per pixel.
void ToRgba8(const DecodedImage& in, std::vector<std::uint8_t>& rgba);

// ---- gray and centring ----------------------------------------------------------------------

// On the stored values R, G, B in [0,1], computed in double and stored as float:
//   luma601 0.299R + 0.587G + 0.114B · luma709 0.2126R + 0.7152G + 0.0722B · mean (R+G+B)/3 ·
//   red, green, blue one channel. A gray (1- or 2-channel) image is its own gray in every mode.
enum class GrayMode { kLuma601, kLuma709, kMean, kRed, kGreen, kBlue };
enum class CenterMode { kMedian, kMean, kNone, kValue };

struct GrayImage {
  int width = 0, height = 0;
  std::vector<float> v;  // [0,1], row-major, width·height values
};

void ToGray(const DecodedImage& in, GrayMode mode, GrayImage& out);

// The centre c: the median as numpy.median defines it (for an even count the mean of the two
// middle values, computed in double), the mean (summed in double), 0 for kNone, or `value` for
// kValue. An empty image has centre 0. The median is selected by counting (two passes over the
// image, no copy).
double CenterValue(const GrayImage& g, CenterMode mode, double value);

// x[i] = float(gain·(v[i] − c)), computed in double and rounded once; x is resized.
void CenterAndScale(const GrayImage& g, double c, double gain, std::vector<float>& x);

// ---- the activation -------------------------------------------------------------------------

// y = f(x) through the float32 kernel (kernels.hpp Apply), split over threads for large maps.
// x and y may be the same span; p must have passed Validate(fn, p, Precision::kF32).
void ApplyActivation(const Activation& fn, const Params& p, std::span<const float> x,
                     std::span<float> y);

// ---- ranges and colormaps -------------------------------------------------------------------

// A value range of the output map (not the plot widget's view, plot::Range).
struct Range {
  double lo = 0, hi = 0;
};

// min and max of the finite values; {0, 0} when there are none.
Range AutoRange(std::span<const float> y);

enum class Colormap { kGray, kViridis, kCoolwarm };

// How a value becomes a colour, the same for CLI and GUI exports:
//   t = (y − lo)/(hi − lo) clipped to [0,1] (so +∞ → 1, −∞ → 0); when hi ≤ lo (a constant map)
//   every finite value has t = ½ (mid-gray 128); index = floor(t·255 + ½), i.e. round half up;
//   the colour is entry `index` of the 256-entry table.
//   NaN has no place on a colour scale: it is drawn black (0,0,0), which neither viridis (dark
//   end #440154) nor coolwarm (blue to red through light gray) contains; in the 1-channel gray
//   map it is 0, the same as the low end.
// gray: 0…255. viridis: matplotlib's (from the CC0 data of its authors), #440154 → #FDE725.
// coolwarm: Moreland's smooth cool-warm (Msh interpolation), #3B4CC0 → #DDDDDD → #B40426;
// with a range symmetric about 0 its middle gray marks 0.
int ColormapChannels(Colormap cmap);                                 // 1 for gray, 3 otherwise
std::uint8_t ColormapIndex(float y, double lo, double hi);           // NaN gives 0
std::array<std::uint8_t, 3> ColormapColor(Colormap cmap, double t);  // t clipped to [0,1]

// ColormapChannels(cmap) bytes per pixel: what `actviz apply --out` writes. out is resized.
void MapToPixels(std::span<const float> y, double lo, double hi, Colormap cmap,
                 std::vector<std::uint8_t>& out);
// Always 3 bytes per pixel (gray replicated), for textures and figures.
void MapToRgb8(std::span<const float> y, double lo, double hi, Colormap cmap,
               std::vector<std::uint8_t>& rgb);

// 16-bit gray through the same rule for t: floor(t·65535 + ½), NaN 0.
void MapToGray16(std::span<const float> y, double lo, double hi, std::vector<std::uint16_t>& out);

// ---- .npy output ----------------------------------------------------------------------------

// The bytes of a NPY v1.0 header for a little-endian float32 C-order (height, width) array:
// magic \x93NUMPY, version 1.0, little-endian header length, the dict
// "{'descr': '<f4', 'fortran_order': False, 'shape': (H, W), }" padded with spaces and a final
// newline so the data starts at a multiple of 64 bytes.
std::vector<std::uint8_t> NpyHeader(int width, int height);

// values (width·height floats, row-major) as .npy, written atomically (file_io.hpp).
std::optional<std::string> WriteNpy(const std::string& path, int width, int height,
                                    std::span<const float> values);

}  // namespace actviz
