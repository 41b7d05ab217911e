// Exact number I/O on std::from_chars / std::to_chars (locale-independent, round-trip).
#include "actviz/base/parse.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>

namespace actviz {
namespace {

template <class T>
std::optional<T> Parse(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string_view body = s;
  if (body.front() == '+') {  // from_chars takes '-' but not '+'
    body.remove_prefix(1);
    if (body.empty() || body.front() == '+' || body.front() == '-') return std::nullopt;
  }
  const char* first = body.data();
  const char* last = first + body.size();
  T value{};
  auto [ptr, ec] = std::from_chars(first, last, value, std::chars_format::general);
  if (ptr != last) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves the value unset; strtod/strtof give the rounded ±inf or tiny value.
    const std::string copy(body);
    char* end = nullptr;
    if constexpr (sizeof(T) == sizeof(float)) {
      value = std::strtof(copy.c_str(), &end);
    } else {
      value = std::strtod(copy.c_str(), &end);
    }
    if (end != copy.c_str() + copy.size()) return std::nullopt;
  } else if (ec != std::errc()) {
    return std::nullopt;
  }
  return value;
}

template <class T>
std::string Format(T v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, ptr) : std::string("nan");
}

}  // namespace

std::optional<double> ParseDouble(std::string_view s) {
  return Parse<double>(s);
}
std::optional<float> ParseFloat(std::string_view s) {
  return Parse<float>(s);
}
std::string FormatShortest(double v) {
  return Format(v);
}
std::string FormatShortest(float v) {
  return Format(v);
}

std::string FormatBytes(double bytes) {
  char buf[64];
  if (bytes >= 1e9)
    std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
  else if (bytes >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.0f bytes", bytes);
  return buf;
}

namespace {

bool Continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

}  // namespace

std::string Quote(std::string_view text, std::size_t max) {
  if (text.size() <= max) return "'" + std::string(text) + "'";
  // Two thirds from the start (where a name or the first bad item usually is), a third from
  // the end; each cut moved off the middle of a multi-byte character.
  std::size_t head = max * 2 / 3, tail = text.size() - (max - head);
  while (head > 0 && Continuation(text[head]))
    --head;
  while (tail < text.size() && Continuation(text[tail]))
    ++tail;
  std::size_t chars = 0;
  for (char c : text)
    chars += Continuation(c) ? 0 : 1;
  return "'" + std::string(text.substr(0, head)) + "…" + std::string(text.substr(tail)) + "' (" +
         std::to_string(chars) + " characters)";
}

}  // namespace actviz
