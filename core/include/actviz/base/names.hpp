// Names in one table: each enum a person chooses from has one row per value, with its name on
// the command line and in the session file, and its label in the window. The CLI's choices,
// the window's combo boxes and the session file all read these rows, so a name is spelled
// once. The helpers take any range of rows (a C array, a std::array, a span).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace actviz {

template <class E>
struct NameRow {
  E value;
  std::string_view name;   // `--gray luma601`, and the session file's value
  std::string_view label;  // the window's
};

// The value of a row's name, if a row has it.
template <class Rows>
auto FromName(const Rows& rows, std::string_view name)
    -> std::optional<decltype(std::begin(rows)->value)> {
  for (const auto& r : rows)
    if (r.name == name) return r.value;
  return std::nullopt;
}

// The name of a value ("" for a value with no row).
template <class Rows, class E>
std::string_view NameOf(const Rows& rows, E value) {
  for (const auto& r : rows)
    if (r.value == value) return r.name;
  return {};
}

// The label of a value ("" for a value with no row).
template <class Rows, class E>
std::string_view LabelOf(const Rows& rows, E value) {
  for (const auto& r : rows)
    if (r.value == value) return r.label;
  return {};
}

// Every name, in the rows' order (CLI11's IsMember, usage messages).
template <class Rows>
std::vector<std::string> Names(const Rows& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows)
    out.emplace_back(r.name);
  return out;
}

}  // namespace actviz
