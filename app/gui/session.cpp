// Session JSON: function by name, parameters by name, view ranges and options. Readers take
// what is valid and leave the rest at its default, so an old or hand-edited file still loads.
#include "gui/session.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "actviz/file_io.hpp"

namespace actviz::gui {
namespace {

using nlohmann::json;
constexpr int kVersion = 1;

json RangeJson(const plot::Range& r) {
  return json::array({r.lo, r.hi});
}

bool ReadRange(const json& j, plot::Range& r) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number() || !j[1].is_number()) return false;
  const double lo = j[0].get<double>(), hi = j[1].get<double>();
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return false;
  r = {lo, hi};
  return true;
}

json ParamsJson(const Activation& fn, const Params& p) {
  json o = json::object();
  for (std::size_t i = 0; i < fn.params.size(); ++i)
    o[std::string(fn.params[i].name)] = p.v[i];
  return o;
}

// Reads named parameters into p; a value that fails validation leaves the defaults.
bool ReadParams(const json& j, const Activation& fn, Params& p) {
  if (!j.is_object()) return false;
  Params q = Defaults(fn);
  for (const auto& [name, value] : j.items()) {
    const int idx = ParamIndex(fn, name);
    if (idx < 0 || !value.is_number()) return false;
    q.v[static_cast<std::size_t>(idx)] = value.get<double>();
  }
  if (Validate(fn, q)) return false;
  p = q;
  return true;
}

}  // namespace

std::string ConfigDir() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/actviz";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/actviz";
  return {};
}

std::string SessionJson(const AppState& s) {
  json j;
  j["version"] = kVersion;
  j["function"] = std::string(Selected(s).name);
  json params = json::object();
  for (std::size_t i = 0; i < Catalogue().size(); ++i)
    if (!Catalogue()[i].params.empty())
      params[std::string(Catalogue()[i].name)] = ParamsJson(Catalogue()[i], s.fn.params[i]);
  j["parameters"] = params;
  json pins = json::array();
  for (const Pin& p : s.pins) {
    const Activation& fn = Catalogue()[static_cast<std::size_t>(p.function)];
    pins.push_back({{"function", std::string(fn.name)},
                    {"parameters", ParamsJson(fn, p.params)},
                    {"colour", p.colour},
                    {"visible", p.visible}});
  }
  j["pins"] = pins;
  j["view"] = {{"x", RangeJson(s.plots.x)},
               {"y_f", RangeJson(s.plots.y_f)},
               {"y_df", RangeJson(s.plots.y_df)},
               {"log_df", s.plots.log_df},
               {"shade_saturation", s.plots.shade_saturation},
               {"fit_on_select", s.plots.fit_on_select}};
  j["derivative_check"] = {{"open", s.deriv.open},
                           {"log10_h", s.deriv.log10_h},
                           {"forward", s.deriv.forward},
                           {"central", s.deriv.central}};
  const DistributionsState& d = s.distributions;
  j["distributions"] = {{"dist", d.dist == 1 ? "normal" : "uniform"},
                        {"samples", d.n},
                        {"bins", d.bins},
                        {"scale", d.scale},
                        {"seed", d.seed},
                        {"density", d.density},
                        {"log_counts", d.log_counts},
                        {"exact", d.exact}};
  j["ui"] = {{"theme", s.ui.theme == Theme::kLight ? "light" : "dark"},
             {"tab", s.ui.tab},
             {"show_facts", s.ui.show_facts},
             {"export_scale", s.exporting.scale},
             {"export_directory", s.exporting.directory}};
  return j.dump(2) + "\n";
}

std::optional<std::string> ParseSessionJson(const std::string& text, AppState& s) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return "the saved session is damaged; starting fresh";
  bool damaged = false;
  auto flag = [&](bool ok) { damaged |= !ok; };
  auto get_bool = [&](const json& o, const char* key, bool& out) {
    if (!o.contains(key)) return;
    if (o[key].is_boolean())
      out = o[key].get<bool>();
    else
      damaged = true;
  };
  if (j.value("version", 0) != kVersion) damaged = true;
  if (j.contains("parameters") && j["parameters"].is_object()) {
    for (const auto& [name, value] : j["parameters"].items()) {
      const Activation* fn = Find(name);
      if (!fn) {
        damaged = true;
        continue;
      }
      flag(ReadParams(value, *fn, s.fn.params[static_cast<std::size_t>(IndexOf(*fn))]));
    }
  }
  if (j.contains("function")) {
    const Activation* fn =
        j["function"].is_string() ? Find(j["function"].get<std::string>()) : nullptr;
    if (fn)
      s.fn.selected = IndexOf(*fn);
    else
      damaged = true;
  }
  if (j.contains("pins") && j["pins"].is_array()) {
    for (const json& p : j["pins"]) {
      const Activation* fn = p.contains("function") && p["function"].is_string()
                                 ? Find(p["function"].get<std::string>())
                                 : nullptr;
      Pin pin;
      if (!fn) {
        damaged = true;
        continue;
      }
      pin.function = IndexOf(*fn);
      pin.params = Defaults(*fn);
      if (p.contains("parameters")) flag(ReadParams(p["parameters"], *fn, pin.params));
      pin.colour = p.value("colour", static_cast<int>(s.pins.size())) & 15;
      pin.visible = p.value("visible", true);
      s.pins.push_back(pin);
    }
  }
  if (j.contains("view") && j["view"].is_object()) {
    const json& v = j["view"];
    if (v.contains("x")) flag(ReadRange(v["x"], s.plots.x));
    if (v.contains("y_f")) flag(ReadRange(v["y_f"], s.plots.y_f));
    if (v.contains("y_df")) flag(ReadRange(v["y_df"], s.plots.y_df));
    get_bool(v, "log_df", s.plots.log_df);
    get_bool(v, "shade_saturation", s.plots.shade_saturation);
    get_bool(v, "fit_on_select", s.plots.fit_on_select);
  }
  if (j.contains("derivative_check") && j["derivative_check"].is_object()) {
    const json& d = j["derivative_check"];
    get_bool(d, "open", s.deriv.open);
    get_bool(d, "forward", s.deriv.forward);
    get_bool(d, "central", s.deriv.central);
    if (d.contains("log10_h") && d["log10_h"].is_number()) {
      const double h = d["log10_h"].get<double>();
      if (h >= -15 && h <= -1)
        s.deriv.log10_h = h;
      else
        damaged = true;
    }
  }
  if (j.contains("distributions") && j["distributions"].is_object()) {
    const json& d = j["distributions"];
    DistributionsState& o = s.distributions;
    if (d.contains("dist")) o.dist = d["dist"] == "normal" ? 1 : 0;
    auto num = [&](const char* key, double lo, double hi, auto& out) {
      if (!d.contains(key)) return;
      if (!d[key].is_number() || !(d[key].get<double>() >= lo && d[key].get<double>() <= hi)) {
        damaged = true;
        return;
      }
      out = static_cast<std::remove_reference_t<decltype(out)>>(d[key].get<double>());
    };
    num("samples", 1, 1e7, o.n);
    num("bins", 1, 500, o.bins);
    num("scale", 1e-6, 1e6, o.scale);
    num("seed", 0, 2147483647, o.seed);
    get_bool(d, "density", o.density);
    get_bool(d, "log_counts", o.log_counts);
    get_bool(d, "exact", o.exact);
  }
  if (j.contains("ui") && j["ui"].is_object()) {
    const json& u = j["ui"];
    if (u.contains("theme")) s.ui.theme = u["theme"] == "light" ? Theme::kLight : Theme::kDark;
    get_bool(u, "show_facts", s.ui.show_facts);
    if (u.contains("tab") && u["tab"].is_number_integer())
      s.ui.tab = std::clamp(u["tab"].get<int>(), 0, 3);
    const int scale = u.value("export_scale", 2);
    s.exporting.scale = (scale == 1 || scale == 2 || scale == 4) ? scale : 2;
    if (u.contains("export_directory") && u["export_directory"].is_string())
      s.exporting.directory = u["export_directory"].get<std::string>();
  }
  if (damaged) return "parts of the saved session were unreadable and were reset to defaults";
  return std::nullopt;
}

std::optional<std::string> LoadSession(const std::string& path, AppState& s) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;  // first run
  std::stringstream buf;
  buf << in.rdbuf();
  AppState fresh = s;
  std::optional<std::string> notice = ParseSessionJson(buf.str(), fresh);
  if (notice && notice->find("damaged") != std::string::npos) return notice;  // keep defaults
  s = std::move(fresh);
  return notice;
}

std::optional<std::string> SaveSession(const std::string& path, const AppState& s) {
  const std::size_t slash = path.rfind('/');
  if (slash != std::string::npos) {
    // mkdir -p of the config directory (two levels are enough for ~/.config/actviz).
    const std::string dir = path.substr(0, slash);
    const std::size_t up = dir.rfind('/');
    if (up != std::string::npos && up > 0) ::mkdir(dir.substr(0, up).c_str(), 0755);
    ::mkdir(dir.c_str(), 0755);
  }
  const std::string text = SessionJson(s);
  return WriteFileAtomic(path, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

}  // namespace actviz::gui
