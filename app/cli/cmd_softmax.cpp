// `actviz softmax` (spec/cli.md): p = softmax(z/T), log p and the Jacobian, each number in
// shortest round-trip form; a table, or --json.

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "actviz/activations/softmax.hpp"
#include "actviz/base/parse.hpp"
#include "cli/commands_internal.hpp"

namespace actviz::cli {
namespace {

struct SoftmaxArgs {
  std::string logits;  // "Z1,Z2,..."
  std::string temperature = "1";
  bool softmin = false;
  bool json = false;
};

// Every output is finite (an overflow is refused in Run); null would be a NaN or ∞.
std::string JsonNumber(double v) {
  return std::isfinite(v) ? FormatShortest(v) : "null";
}

std::string JsonArray(const double* v, std::size_t n) {
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i)
    s += (i ? "," : "") + JsonNumber(v[i]);
  return s + "]";
}

std::string Json(const SoftmaxResult& r) {
  const std::size_t n = r.p.size();
  std::string s = "{\"p\":" + JsonArray(r.p.data(), n) +
                  ",\"log_p\":" + JsonArray(r.log_p.data(), n) + ",\"jacobian\":[";
  for (std::size_t i = 0; i < n; ++i)
    s += (i ? "," : "") + JsonArray(&r.jacobian[i * n], n);
  return s + "]}\n";
}

std::string Text(const std::vector<double>& z, const SoftmaxResult& r) {
  const std::size_t n = z.size();
  std::string out = "    i  z                        p                        log p\n";
  char line[160];
  for (std::size_t i = 0; i < n; ++i) {
    std::snprintf(line, sizeof line, "%5zu  %-24s %-24s %s\n", i + 1, FormatShortest(z[i]).c_str(),
                  FormatShortest(r.p[i]).c_str(), FormatShortest(r.log_p[i]).c_str());
    out += line;
  }
  out += "Jacobian dp_i/dz_j (rows i):\n";
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j)
      out += (j ? "  " : "") + FormatShortest(r.jacobian[i * n + j]);
    out += "\n";
  }
  return out;
}

int Run(const SoftmaxArgs& a, bool dry) {
  std::vector<double> z;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = a.logits.find(',', start);
    const std::string item =
        a.logits.substr(start, comma == std::string::npos ? comma : comma - start);
    const std::optional<double> v = ParseDouble(item);
    if (!v || !std::isfinite(*v))
      return Fail(kExitUsage, "--logits " + Quote(a.logits) + ": logit " +
                                  std::to_string(z.size() + 1) + ", " + Quote(item) +
                                  ", is not a finite number (expected Z1,Z2,..., 2 to 1000 "
                                  "finite numbers)");
    if (z.size() == static_cast<std::size_t>(kMaxLogits))
      return Fail(kExitUsage,
                  "--logits " + Quote(a.logits) + ": more than 1000 logits (2 to 1000)");
    z.push_back(*v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (z.size() < static_cast<std::size_t>(kMinLogits))
    return Fail(kExitUsage, "--logits " + Quote(a.logits) + ": one logit; softmax takes 2 to 1000");
  double t = 1;
  const std::optional<double> tv = ParseDouble(a.temperature);
  if (!tv || !std::isfinite(*tv) || !(*tv > 0))
    return Fail(kExitUsage,
                "--temperature " + Quote(a.temperature) + ": expected a finite number > 0");
  t = *tv;
  if (dry) return kExitOk;
  SoftmaxResult r;
  if (auto err = Softmax(z, t, r, a.softmin ? -1 : 1)) return Fail(kExitUsage, *err);
  // A temperature whose results a double cannot hold is refused, naming the bound, rather
  // than printed as inf (or null in JSON).
  if (r.overflow) {
    char value[64];
    std::snprintf(value, sizeof value, "%.3Lg", r.overflow->value);
    return Fail(kExitUsage, "--temperature " + Quote(a.temperature) + ": " + r.overflow->entry +
                                " would be " + value +
                                ", beyond the largest double (1.8e308); with these logits "
                                "every output is representable for T >= " +
                                FormatShortest(SoftmaxSafeTemperature(z)));
  }
  return WriteStdout(a.json ? Json(r) : Text(z, r));
}

}  // namespace

Command RegisterSoftmax(CLI::App& app) {
  auto args = std::make_shared<SoftmaxArgs>();
  SoftmaxArgs& a = *args;
  auto* cmd = app.add_subcommand("softmax", "Softmax of K logits: p, log p and the Jacobian");
  cmd->add_option("-z,--logits", a.logits, "Logits Z1,Z2,... (2 to 1000, finite)")->required();
  cmd->add_option("-T,--temperature", a.temperature, "p = softmax(z/T), T > 0")
      ->capture_default_str();
  cmd->add_flag("--softmin", a.softmin, "softmin: softmax(-z/T)");
  cmd->add_flag("--json", a.json, "Print {\"p\", \"log_p\", \"jacobian\"} as JSON");
  return {cmd, "the softmax", [args](bool dry) { return Run(*args, dry); }};
}

}  // namespace actviz::cli
