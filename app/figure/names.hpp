// Names in one table: each enum the person chooses from has one row per value with its
// command-line (and session-file) name and its label in the window. The CLI's choices, the
// window's combo boxes and the session file all read these rows, so a name is spelled once.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actviz/image/image.hpp"
#include "actviz/stats/samples.hpp"
#include "figure/theme.hpp"

namespace actviz::figure {

template <class E>
struct NameRow {
  E value;
  std::string_view cli;    // `--gray luma601`, and the session file's value
  std::string_view label;  // the window's combo box
};

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

// The row's value for a command-line name, if any.
template <class E, std::size_t N>
std::optional<E> FromName(const NameRow<E> (&rows)[N], std::string_view name) {
  for (const NameRow<E>& r : rows)
    if (r.cli == name) return r.value;
  return std::nullopt;
}

// The command-line name of a value ("" for a value with no row).
template <class E, std::size_t N>
std::string_view NameOf(const NameRow<E> (&rows)[N], E value) {
  for (const NameRow<E>& r : rows)
    if (r.value == value) return r.cli;
  return {};
}

// Every command-line name, in order (CLI11's IsMember, usage messages).
template <class E, std::size_t N>
std::vector<std::string> CliNames(const NameRow<E> (&rows)[N]) {
  std::vector<std::string> out;
  for (const NameRow<E>& r : rows)
    out.emplace_back(r.cli);
  return out;
}

}  // namespace actviz::figure
