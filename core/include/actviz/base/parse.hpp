// Reading and writing numbers exactly: decimal in, shortest round-trip decimal out.
// Used by the CLI (eval, --param) and saved sessions, so a printed value reads back the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace actviz {

// The whole of `s` must be a number: decimal or scientific with an optional sign, or inf,
// infinity, nan (any case, optional sign). Out-of-range decimals round as strtod does
// (to ±inf or to a subnormal/zero). Floats are rounded once, straight from the decimal.
std::optional<double> ParseDouble(std::string_view s);
std::optional<float> ParseFloat(std::string_view s);

// Shortest decimal that parses back to the same value; "inf", "-inf", "nan".
std::string FormatShortest(double v);
std::string FormatShortest(float v);

// A size for a message: "4.3 GB", "12.0 MB", "512 bytes" (decimal units).
std::string FormatBytes(double bytes);

// Text a person gave, quoted for a message: 'text' whole when it is at most kQuoteMax bytes,
// else its start and end around "…" with its length ('relu,relu,…,tanh' (120000 characters)),
// cut at UTF-8 character boundaries: a 120 KB argument is never echoed back whole.
// Paths get kQuotePathMax: a person needs most of a real path to find the file, and deep
// ones pass 80 characters; a 120 KB one is still cut.
inline constexpr std::size_t kQuoteMax = 80, kQuotePathMax = 240;
std::string Quote(std::string_view text, std::size_t max = kQuoteMax);
inline std::string QuotePath(std::string_view path) {
  return Quote(path, kQuotePathMax);
}

}  // namespace actviz
