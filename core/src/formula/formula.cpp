// A formula whole: parsed, differentiated with respect to x and to each parameter.
#include "actviz/formula/formula.hpp"

#include "formula/tree.hpp"

namespace actviz::formula {
namespace {

constexpr std::pair<Format, std::string_view> kFormats[] = {
    {Format::kF64, "f64"}, {Format::kF32, "f32"}, {Format::kBf16, "bf16"}, {Format::kF16, "f16"}};

}  // namespace

std::optional<std::string> Parse(std::string_view text, Formula& out) {
  Formula f;
  if (auto err = ParseExpression(text, f)) return err;
  f.df = Derive(f.f, -1);
  for (std::size_t i = 0; i < f.params.size(); ++i)
    f.dparam.push_back(Derive(f.f, static_cast<int>(i)));
  out = std::move(f);
  return std::nullopt;
}

std::optional<Format> FormatOf(std::string_view name) {
  for (const auto& [f, n] : kFormats)
    if (n == name) return f;
  return std::nullopt;
}

std::string_view NameOf(Format f) {
  for (const auto& [g, n] : kFormats)
    if (g == f) return n;
  return {};
}

}  // namespace actviz::formula
