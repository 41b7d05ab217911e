// The name tables (actviz/base/names.hpp) of the enums the figure layer knows: the photo's
// gray and centring modes, the colormaps, the sample distributions, the themes.
#pragma once

#include "actviz/base/names.hpp"
#include "actviz/image/image.hpp"
#include "actviz/stats/samples.hpp"
#include "figure/theme.hpp"

namespace actviz::figure {

inline constexpr NameRow<GrayMode> kGrayModes[] = {
    {GrayMode::kLuma601, "luma601", "luma 601"}, {GrayMode::kLuma709, "luma709", "luma 709"},
    {GrayMode::kMean, "mean", "mean"},           {GrayMode::kRed, "red", "red"},
    {GrayMode::kGreen, "green", "green"},        {GrayMode::kBlue, "blue", "blue"},
};
inline constexpr NameRow<CenterMode> kCenterModes[] = {
    {CenterMode::kMedian, "median", "median"},
    {CenterMode::kMean, "mean", "mean"},
    {CenterMode::kNone, "none", "none"},
    {CenterMode::kValue, "value", "value"},
};
inline constexpr NameRow<Colormap> kColormaps[] = {
    {Colormap::kGray, "gray", "gray"},
    {Colormap::kViridis, "viridis", "viridis"},
    {Colormap::kCoolwarm, "coolwarm", "coolwarm"},
};
inline constexpr NameRow<Distribution> kDistributions[] = {
    {Distribution::kUniform, "uniform", "uniform U(−½, ½)·S"},
    {Distribution::kNormal, "normal", "normal N(0, S²)"},
};
inline constexpr NameRow<Theme> kThemes[] = {
    {Theme::kDark, "dark", "dark"},
    {Theme::kLight, "light", "light"},
};

}  // namespace actviz::figure
