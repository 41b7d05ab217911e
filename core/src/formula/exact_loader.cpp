// The exact evaluator lives in libactviz_exact.so (exact.cpp, with Arb and its libraries),
// loaded by its own path on first use, so that a command that evaluates no formula starts
// without mapping FLINT, NTL, MPFR and GMP (and fits the address-space limits it did).
#include <dlfcn.h>
#include <unistd.h>

#include <cmath>
#include <mutex>
#include <string>

#include "actviz/formula/formula.hpp"

namespace actviz::formula {
namespace {

using Entry = double (*)(const Expr*, double, const double*, std::size_t, int, int*);

struct Plugin {
  Entry entry = nullptr;
  std::string error;
};

// Beside the executable first (an installed copy), then where the build put it.
const Plugin& Loaded() {
  static Plugin plugin;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string beside;
    char exe[4096];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
      beside.assign(exe, static_cast<std::size_t>(n));
      beside = beside.substr(0, beside.rfind('/') + 1) + "libactviz_exact.so";
    }
    void* lib = nullptr;
    std::string why;
    for (const std::string& path : {beside, std::string(ACTVIZ_EXACT_SO)}) {
      if (path.empty()) continue;
      if ((lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL))) break;
      why = ::dlerror();
    }
    if (!lib) {
      plugin.error = "the exact evaluator of formulas could not be loaded (" + why +
                     "; it needs Debian's libflint-arb2)";
      return;
    }
    plugin.entry = reinterpret_cast<Entry>(::dlsym(lib, "actviz_formula_exact"));
    if (!plugin.entry) plugin.error = "libactviz_exact.so lacks actviz_formula_exact";
  });
  return plugin;
}

}  // namespace

std::optional<std::string> ExactError() {
  const Plugin& p = Loaded();
  if (p.entry) return std::nullopt;
  return p.error;
}

double Exact(const Expr& e, double x, std::span<const double> params, Format target, bool* exact) {
  const Plugin& p = Loaded();
  if (!p.entry) {
    if (exact) *exact = false;
    return NAN;
  }
  int settled = 1;
  const double v = p.entry(&e, x, params.data(), params.size(), static_cast<int>(target), &settled);
  if (exact) *exact = settled != 0;
  return v;
}

}  // namespace actviz::formula
