// Session JSON: function by name, parameters by name, view ranges and options. The reader is
// total: it takes what is valid, leaves each invalid field at its default and names it, and
// no accessor that can throw is used (nlohmann's value()/get<>() on a wrong type would).
// Sections: bounded reading · the field readers · writing · parsing · backup and messages.
#include "gui/session.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "actviz/base/file_io.hpp"
#include "figure/names.hpp"

namespace actviz::gui {
namespace {

using nlohmann::json;
constexpr int kVersion = 1;
constexpr std::size_t kMaxDirectoryChars = 4096;

// --- bounded reading

enum class ReadResult { kAbsent, kRead, kRefused };

std::string KindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "it is a FIFO, not a regular file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "it is a device, not a regular file";
  if (S_ISDIR(mode)) return "it is a directory, not a regular file";
  if (S_ISSOCK(mode)) return "it is a socket, not a regular file";
  return "it is not a regular file";
}

// O_NONBLOCK so a FIFO cannot block the open; fstat before reading so a device or an endless
// stream is refused without reading a byte; at most kMaxSessionBytes + 1 bytes are read.
ReadResult ReadBounded(const std::string& path, std::string& text, std::string& reason) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) return ReadResult::kAbsent;
    reason = std::strerror(errno);
    return ReadResult::kRefused;
  }
  struct stat st {};
  ReadResult result = ReadResult::kRead;
  if (::fstat(fd, &st) != 0) {
    reason = std::strerror(errno);
    result = ReadResult::kRefused;
  } else if (!S_ISREG(st.st_mode)) {
    reason = KindOf(st.st_mode);
    result = ReadResult::kRefused;
  } else if (static_cast<unsigned long long>(st.st_size) > kMaxSessionBytes) {
    reason = "it is " + std::to_string(st.st_size) + " bytes, over the " +
             std::to_string(kMaxSessionBytes >> 20) + " MiB a session file may have";
    result = ReadResult::kRefused;
  } else {
    text.resize(kMaxSessionBytes + 1);
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        reason = std::strerror(errno);
        result = ReadResult::kRefused;
        break;
      }
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    text.resize(done);
    if (result == ReadResult::kRead && done > kMaxSessionBytes) {  // it grew while read
      reason = "it is over the " + std::to_string(kMaxSessionBytes >> 20) +
               " MiB a session file may have";
      result = ReadResult::kRefused;
    }
  }
  ::close(fd);
  return result;
}

// --- the field readers: each checks type and range, and names what it rejects

const json* Member(const json& o, const char* key) {
  if (!o.is_object()) return nullptr;
  const auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

struct Reader {
  std::vector<std::string>& bad;

  // An object section: null when absent; present but not an object is damage.
  const json* Section(const json& o, const char* key) {
    const json* v = Member(o, key);
    if (v && !v->is_object()) {
      bad.push_back(key);
      return nullptr;
    }
    return v;
  }
  void Bool(const json* o, const std::string& prefix, const char* key, bool& out) {
    const json* v = o ? Member(*o, key) : nullptr;
    if (!v) return;
    if (v->is_boolean())
      out = v->get<bool>();
    else
      bad.push_back(prefix + key);
  }
  // A number in [lo, hi] (and whole, for integer fields), range-checked as a double before
  // any conversion: 1e300 for an int is rejected, not undefined.
  template <class T>
  void Number(const json* o, const std::string& prefix, const char* key, double lo, double hi,
              T& out) {
    const json* v = o ? Member(*o, key) : nullptr;
    if (!v) return;
    const double d = v->is_number() ? v->get<double>() : std::nan("");
    const bool whole = !std::is_integral_v<T> || d == std::floor(d);
    if (std::isfinite(d) && d >= lo && d <= hi && whole)
      out = static_cast<T>(d);
    else
      bad.push_back(prefix + key);
  }
  // One of `names` (index = value).
  void Choice(const json* o, const std::string& prefix, const char* key,
              std::initializer_list<const char*> names, int& out) {
    const json* v = o ? Member(*o, key) : nullptr;
    if (!v) return;
    if (v->is_string()) {
      int i = 0;
      for (const char* n : names) {
        if (v->get_ref<const std::string&>() == n) {
          out = i;
          return;
        }
        ++i;
      }
    }
    bad.push_back(prefix + key);
  }
  void Range(const json* o, const std::string& prefix, const char* key, plot::Range& r) {
    const json* v = o ? Member(*o, key) : nullptr;
    if (!v) return;
    if (v->is_array() && v->size() == 2 && (*v)[0].is_number() && (*v)[1].is_number()) {
      const double lo = (*v)[0].get<double>(), hi = (*v)[1].get<double>();
      // Finite and with a finite span, so zooming and sampling stay finite.
      if (std::isfinite(lo) && std::isfinite(hi) && hi > lo && std::isfinite(hi - lo)) {
        r = {lo, hi};
        return;
      }
    }
    bad.push_back(prefix + key);
  }
  // Named parameters of `fn`: each valid one taken, each invalid one left at its default.
  void ReadParams(const json& j, const std::string& prefix, const Activation& fn, Params& p) {
    if (!j.is_object()) {
      bad.push_back(prefix);
      return;
    }
    Params q = p;
    for (const auto& [name, value] : j.items()) {
      const int idx = ParamIndex(fn, name);
      const std::string field = prefix + "." + name;
      if (idx < 0 || !value.is_number()) {
        bad.push_back(field);
        continue;
      }
      Params one = Defaults(fn);
      one.v[static_cast<std::size_t>(idx)] = value.get<double>();
      if (Validate(fn, one)) {
        bad.push_back(field);
        continue;
      }
      q.v[static_cast<std::size_t>(idx)] = one.v[static_cast<std::size_t>(idx)];
    }
    if (Validate(fn, q))
      bad.push_back(prefix);
    else
      p = q;
  }
};

std::string InitCliName(Init init) {  // core's table of initialisations
  for (const InitName& i : InitNames())
    if (i.value == init) return std::string(i.name);
  return {};
}

// One of an enum's names (figure/names.hpp), as the command line spells it.
template <class E, std::size_t N>
void EnumChoice(Reader& r, const json* o, const std::string& prefix, const char* key,
                const NameRow<E> (&rows)[N], E& out) {
  const json* v = o ? Member(*o, key) : nullptr;
  if (!v) return;
  if (v->is_string())
    if (const std::optional<E> e = FromName(rows, v->get_ref<const std::string&>())) {
      out = *e;
      return;
    }
  r.bad.push_back(prefix + key);
}

// One of a core enum's names (train.hpp's tables).
template <class E>
void CoreEnum(Reader& r, const json* o, const std::string& prefix, const char* key,
              std::span<const EnumName<E>> rows, E& out) {
  const json* v = o ? Member(*o, key) : nullptr;
  if (!v) return;
  if (v->is_string())
    if (const std::optional<E> e = ParseName(rows, v->get_ref<const std::string&>())) {
      out = *e;
      return;
    }
  r.bad.push_back(prefix + key);
}

template <class E>
std::string CoreName(std::span<const EnumName<E>> rows, E value) {
  for (const EnumName<E>& e : rows)
    if (e.value == value) return std::string(e.name);
  return {};
}

// A path of at most kMaxDirectoryChars with no NUL (the photo, the export directory).
bool ValidPath(const json& v) {
  return v.is_string() && v.get_ref<const std::string&>().size() <= kMaxDirectoryChars &&
         v.get_ref<const std::string&>().find('\0') == std::string::npos;
}

int TabPosition(Tab t) {
  for (std::size_t i = 0; i < std::size(kTabs); ++i)
    if (kTabs[i].value == t) return static_cast<int>(i);
  return 0;
}

json RangeJson(const plot::Range& r) {
  return json::array({r.lo, r.hi});
}

json ParamsJson(const Activation& fn, const Params& p) {
  json o = json::object();
  for (std::size_t i = 0; i < fn.params.size(); ++i)
    o[std::string(fn.params[i].name)] = p.v[i];
  return o;
}

// The fields of a parsed document, into s.
void ReadFields(const json& j, AppState& s, Reader& r) {
  int version = 0;
  r.Number(&j, "", "version", kVersion, kVersion, version);
  if (!Member(j, "version")) r.bad.push_back("version");

  if (const json* params = r.Section(j, "parameters")) {
    for (const auto& [name, value] : params->items()) {
      const Activation* fn = Find(name);
      if (!fn)
        r.bad.push_back("parameters." + name);
      else
        r.ReadParams(value, "parameters." + name, *fn,
                     s.fn.params[static_cast<std::size_t>(IndexOf(*fn))]);
    }
  }
  if (const json* f = Member(j, "function")) {
    const Activation* fn = f->is_string() ? Find(f->get_ref<const std::string&>()) : nullptr;
    if (fn)
      s.fn.selected = IndexOf(*fn);
    else
      r.bad.push_back("function");
  }
  if (const json* pins = Member(j, "pins")) {
    if (!pins->is_array()) {
      r.bad.push_back("pins");
    } else {
      if (pins->size() > kMaxPins)
        r.bad.push_back("pins (" + std::to_string(pins->size()) + "; the first " +
                        std::to_string(kMaxPins) + " kept)");
      const std::size_t n = std::min(pins->size(), kMaxPins);
      for (std::size_t i = 0; i < n; ++i) {
        const json& p = (*pins)[i];
        const std::string prefix = "pins[" + std::to_string(i) + "].";
        const json* f = Member(p, "function");
        const Activation* fn =
            f && f->is_string() ? Find(f->get_ref<const std::string&>()) : nullptr;
        if (!fn) {
          r.bad.push_back(p.is_object() ? prefix + "function" : "pins[" + std::to_string(i) + "]");
          continue;
        }
        Pin pin;
        pin.function = IndexOf(*fn);
        pin.params = Defaults(*fn);
        pin.colour = static_cast<int>(s.pins.size()) & 15;
        if (const json* pp = Member(p, "parameters"))
          r.ReadParams(*pp, prefix + "parameters", *fn, pin.params);
        r.Number(&p, prefix, "colour", 0, 15, pin.colour);
        r.Bool(&p, prefix, "visible", pin.visible);
        s.pins.push_back(pin);
      }
    }
  }
  if (const json* v = r.Section(j, "view")) {
    r.Range(v, "view.", "x", s.plots.x);
    r.Range(v, "view.", "y_f", s.plots.y_f);
    r.Range(v, "view.", "y_df", s.plots.y_df);
    r.Bool(v, "view.", "log_df", s.plots.log_df);
    r.Bool(v, "view.", "shade_saturation", s.plots.shade_saturation);
    r.Bool(v, "view.", "fit_on_select", s.plots.fit_on_select);
    r.Bool(v, "view.", "inverse", s.plots.inverse);
    r.Bool(v, "view.", "mark", s.plots.mark);
    r.Number(v, "view.", "mark_x", -1e6, 1e6, s.plots.mark_x);
  }
  if (const json* d = r.Section(j, "derivative_check")) {
    const std::string p = "derivative_check.";
    r.Bool(d, p, "open", s.deriv.open);
    r.Bool(d, p, "forward", s.deriv.forward);
    r.Bool(d, p, "central", s.deriv.central);
    r.Number(d, p, "log10_h", -15, -1, s.deriv.log10_h);
    r.Range(d, p, "y_err", s.deriv.y_err);
  }
  if (const json* d = r.Section(j, "distributions")) {
    const std::string p = "distributions.";
    DistributionsState& o = s.distributions;
    EnumChoice(r, d, p, "dist", kDistributions, o.dist);
    r.Number(d, p, "samples", 1, 1e7, o.n);
    r.Number(d, p, "bins", 1, 500, o.bins);
    r.Number(d, p, "scale", 1e-6, 1e6, o.scale);
    r.Number(d, p, "seed", 0, 2147483647, o.seed);
    r.Bool(d, p, "density", o.density);
    r.Bool(d, p, "log_counts", o.log_counts);
    r.Bool(d, p, "exact", o.exact);
    r.Bool(d, p, "follow", o.follow);
    r.Range(d, p, "in_x", o.in_x);
    r.Range(d, p, "in_y", o.in_y);
    r.Range(d, p, "out_x", o.out_x);
    r.Range(d, p, "out_y", o.out_y);
  }
  if (const json* m = r.Section(j, "map")) {
    const std::string p = "map.";
    ImageState& im = s.image;
    if (const json* path = Member(*m, "photo")) {
      if (ValidPath(*path))
        im.path = path->get_ref<const std::string&>();
      else
        r.bad.push_back("map.photo");
    }
    EnumChoice(r, m, p, "gray", kGrayModes, im.gray);
    EnumChoice(r, m, p, "center", kCenterModes, im.center);
    r.Number(m, p, "center_value", 0, 1, im.center_value);
    r.Number(m, p, "gain", 0.1, 100, im.gain);
    r.Bool(m, p, "auto_range", im.auto_range);
    plot::Range range{im.lo, im.hi};
    r.Range(m, p, "range", range);
    im.lo = range.lo, im.hi = range.hi;
    EnumChoice(r, m, p, "colormap", kColormaps, im.colormap);
  }
  if (const json* f = r.Section(j, "figure")) {
    const std::string p = "figure.";
    r.Number(f, p, "width", 64, 4096, s.figure.width);
    r.Number(f, p, "height", 64, 4096, s.figure.height);
    EnumChoice(r, f, p, "theme", kThemes, s.figure.theme);
  }
  if (const json* d = r.Section(j, "depth")) {
    const std::string p = "depth.";
    DepthState& o = s.depth;
    r.Number(d, p, "layers", 1, 200, o.layers);
    r.Number(d, p, "width", 16, 2048, o.width);
    r.Number(d, p, "batch", 100, 10000, o.batch);
    if (const json* init = Member(*d, "init")) {
      const std::optional<Init> v =
          init->is_string() ? ParseInit(init->get_ref<const std::string&>()) : std::nullopt;
      if (v)
        o.init = *v;
      else
        r.bad.push_back("depth.init");
    }
    r.Bool(d, p, "gain_auto", o.gain_auto);
    r.Number(d, p, "gain", 0, 10, o.gain);
    r.Bool(d, p, "direct", o.direct);
    r.Number(d, p, "sigma_w", 0, 10, o.sigma_w);
    r.Number(d, p, "sigma_b", 0, 10, o.sigma_b);
    r.Number(d, p, "seed", 0, 2147483647, o.seed);
    r.Bool(d, p, "show_post", o.show_post);
  }
  if (const json* f = r.Section(j, "family")) {
    const std::string p = "family.";
    FamilyState& o = s.family;
    r.Bool(f, p, "on", o.on);
    r.Number(f, p, "param", 0, kMaxParams - 1, o.param);
    r.Number(f, p, "from", -1e6, 1e6, o.from);
    r.Number(f, p, "to", -1e6, 1e6, o.to);
    r.Number(f, p, "n", 2, 16, o.n);
    r.Bool(f, p, "geometric", o.geometric);
  }
  if (const json* m = r.Section(j, "softmax")) {
    const std::string p = "softmax.";
    SoftmaxState& o = s.softmax;
    r.Number(m, p, "reach", 10, 1000, o.reach);
    if (o.reach != 10 && o.reach != 100 && o.reach != 1000) {
      r.bad.push_back("softmax.reach");
      o.reach = SoftmaxState{}.reach;
    }
    // The logits: 2 … 10 finite numbers within the sliders' reach, all or none.
    if (const json* z = Member(*m, "logits")) {
      bool ok = z->is_array() && z->size() >= 2 && z->size() <= kSoftmaxMaxLogits;
      for (std::size_t i = 0; ok && i < z->size(); ++i)
        ok = (*z)[i].is_number() && std::isfinite((*z)[i].get<double>()) &&
             std::fabs((*z)[i].get<double>()) <= o.reach;
      if (ok) {
        o.k = static_cast<int>(z->size());
        for (std::size_t i = 0; i < z->size(); ++i)
          o.z[i] = (*z)[i].get<double>();
      } else {
        r.bad.push_back("softmax.logits");
      }
    }
    r.Number(m, p, "temperature", 0.01, 100, o.temperature);
    r.Bool(m, p, "softmin", o.softmin);
    r.Bool(m, p, "show_log", o.show_log);
    r.Bool(m, p, "naive", o.naive);
    r.Bool(m, p, "tropical", o.tropical);
    r.Number(m, p, "tropical_t", 1.01, 1e6, o.tropical_t);
  }
  if (const json* nw = r.Section(j, "networks")) {
    const std::string p = "networks.";
    NetworksState& o = s.networks;
    CoreEnum(r, nw, p, "task", TaskNames(), o.task);
    CoreEnum(r, nw, p, "model", ModelNames(), o.model);
    if (const json* h = Member(*nw, "hidden")) {
      // Kept as typed (the tab says what is wrong with it), but bounded.
      if (h->is_string() && h->get_ref<const std::string&>().size() <= 400)
        o.hidden = h->get<std::string>();
      else
        r.bad.push_back(p + "hidden");
    }
    if (const json* h = Member(*nw, "per_layer")) {
      if (h->is_string() && h->get_ref<const std::string&>().size() <= 2000)
        o.per_layer = h->get<std::string>();
      else
        r.bad.push_back(p + "per_layer");
    }
    r.Bool(nw, p, "freeze_params", o.freeze_params);
    r.Number(nw, p, "theta", -5, 5, o.theta);
    CoreEnum(r, nw, p, "output", OutputNames(), o.output);
    CoreEnum(r, nw, p, "loss", LossNames(), o.loss);
    CoreEnum(r, nw, p, "optimizer", OptimizerNames(), o.optimizer);
    r.Number(nw, p, "lr", 1e-5, 10, o.lr);
    r.Number(nw, p, "batch", 1, 1000000, o.batch);
    r.Number(nw, p, "epochs", 1, 1000000, o.epochs);
    r.Number(nw, p, "seed", 0, 2147483647, o.seed);
    r.Number(nw, p, "epochs_per_second", 0, 100000, o.epochs_per_second);
    r.Bool(nw, p, "playing", o.playing);
    if (const json* pins = Member(*nw, "pins")) {
      if (!pins->is_array() || pins->size() > 6) {
        r.bad.push_back(p + "pins");
      } else {
        o.pins.clear();
        for (const json& pin : *pins) {
          const json* label = pin.is_object() ? Member(pin, "label") : nullptr;
          const json* loss = pin.is_object() ? Member(pin, "loss") : nullptr;
          bool ok = label && label->is_string() &&
                    label->get_ref<const std::string&>().size() < 400 && loss && loss->is_array() &&
                    loss->size() <= 1000000;
          figure::LossCurve c;
          for (std::size_t i = 0; ok && i < loss->size(); ++i) {
            const json& v = (*loss)[i];
            ok = v.is_number() || v.is_null();  // null: a NaN or ∞ loss
            c.loss.push_back(v.is_number() ? v.get<double>() : NAN);
            c.epoch.push_back(static_cast<double>(i + 1));
          }
          if (!ok) {
            r.bad.push_back(p + "pins");
            continue;
          }
          c.label = label->get<std::string>();
          c.colour = static_cast<int>(o.pins.size());
          o.pins.push_back(std::move(c));
        }
      }
    }
  }
  if (const json* u = r.Section(j, "ui")) {
    const std::string p = "ui.";
    int theme = static_cast<int>(s.ui.theme);
    r.Choice(u, p, "theme", {"dark", "light"}, theme);
    s.ui.theme = static_cast<Theme>(theme);
    r.Bool(u, p, "show_facts", s.ui.show_facts);
    int tab = -1;  // the tab's position in kTabs
    r.Number(u, p, "tab", 0, static_cast<double>(std::size(kTabs) - 1), tab);
    if (tab >= 0) s.ui.tab = kTabs[static_cast<std::size_t>(tab)].value;
    int scale = s.exporting.scale;
    r.Number(u, p, "export_scale", 1, 4, scale);
    if (scale == 1 || scale == 2 || scale == 4)
      s.exporting.scale = scale;
    else
      r.bad.push_back("ui.export_scale");
    if (const json* dir = Member(*u, "export_directory")) {
      const bool ok = dir->is_string() &&
                      dir->get_ref<const std::string&>().size() <= kMaxDirectoryChars &&
                      dir->get_ref<const std::string&>().find('\0') == std::string::npos;
      if (ok)
        s.exporting.directory = dir->get_ref<const std::string&>();
      else
        r.bad.push_back("ui.export_directory");
    }
  }
}

// A key as a message shows it: control characters as '?', at most ~60 bytes (cut between
// UTF-8 sequences; the parser has checked the encoding).
std::string ShownKey(const std::string& k) {
  constexpr std::size_t kMax = 60;
  std::string out;
  for (std::size_t i = 0; i < k.size(); ++i) {
    const auto c = static_cast<unsigned char>(k[i]);
    if (out.size() >= kMax && (c & 0xC0) != 0x80) return out + "…";
    out += c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c);
  }
  return out;
}

// A SAX pass that only watches: keys repeated within one object, and containers nested
// deeper than kMaxSessionDepth (keys are tracked only down to that depth). A repeated key's
// place is kept, so that ParseSessionJson can take the field out: the tree keeps the last
// value, and the message says the field starts from its default.
struct DepthAndKeys {
  struct Open {
    bool array = false;
    std::size_t items = 0;       // an array's values so far
    std::string key;             // an object's current key
    std::set<std::string> keys;  // an object's keys so far
  };
  std::vector<Open> open;  // down to kMaxSessionDepth
  std::size_t depth = 0;
  bool too_deep = false;
  struct Repeat {
    json::json_pointer parent;  // the object holding the key
    std::string key;
    std::string field;  // as bad_fields names it: "pins[0].colour"
  };
  std::vector<Repeat> repeats;  // the first few

  void Value() {
    if (depth >= 1 && depth <= open.size() && open[depth - 1].array) ++open[depth - 1].items;
  }
  bool Start(bool array) {
    Value();
    ++depth;
    if (depth > static_cast<std::size_t>(kMaxSessionDepth))
      too_deep = true;
    else
      open.push_back({array, 0, {}, {}});
    return true;
  }
  bool End() {
    if (depth <= open.size()) open.pop_back();
    --depth;
    return true;
  }
  bool null() { return Value(), true; }
  bool boolean(bool) { return Value(), true; }
  bool number_integer(json::number_integer_t) { return Value(), true; }
  bool number_unsigned(json::number_unsigned_t) { return Value(), true; }
  bool number_float(json::number_float_t, const json::string_t&) { return Value(), true; }
  bool string(json::string_t&) { return Value(), true; }
  bool binary(json::binary_t&) { return Value(), true; }
  bool start_object(std::size_t) { return Start(false); }
  bool start_array(std::size_t) { return Start(true); }
  bool end_object() { return End(); }
  bool end_array() { return End(); }
  bool key(json::string_t& k) {
    if (depth < 1 || depth > open.size()) return true;
    Open& o = open[depth - 1];
    o.key = k;
    if (o.keys.insert(k).second || repeats.size() >= 8) return true;
    Repeat r;
    for (std::size_t i = 0; i + 1 < open.size(); ++i) {
      const Open& up = open[i];
      if (up.array) {
        r.parent /= up.items - 1;
        r.field += "[" + std::to_string(up.items - 1) + "]";
      } else {
        r.parent /= up.key;
        r.field += (r.field.empty() ? "" : ".") + ShownKey(up.key);
      }
    }
    r.key = k;
    r.field += (r.field.empty() ? "" : ".") + ShownKey(k);
    repeats.push_back(std::move(r));
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;  // the tree parse below says it is not JSON
  }
};

// --- backup and messages

std::string Dirname(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// session.json → session.damaged-20261201-094500.json, then …-2.json and so on: created with
// O_EXCL, so an earlier copy is never replaced.
bool WriteBackup(const std::string& path, const std::string& bytes, std::string& backup,
                 std::string& error) {
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string name = path.substr(dir.size()), ext;
  if (const std::size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0)
    ext = name.substr(dot), name.resize(dot);
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  int fd = -1;
  for (int k = 1; k < 100 && fd < 0; ++k) {
    backup = dir + name + ".damaged-" + stamp + (k > 1 ? "-" + std::to_string(k) : "") + ext;
    fd = ::open(backup.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    error = "cannot create '" + backup + "': " + std::strerror(errno);
    backup.clear();
    return false;
  }
  std::size_t done = 0;
  bool ok = true;
  while (ok && done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      ok = false;
    else
      done += static_cast<std::size_t>(n);
  }
  if (ok && ::fsync(fd) != 0) ok = false;
  if (!ok) error = "cannot write '" + backup + "': " + std::strerror(errno);
  if (::close(fd) != 0 && ok) {
    ok = false;
    error = "cannot write '" + backup + "': " + std::strerror(errno);
  }
  if (!ok) {
    ::unlink(backup.c_str());
    backup.clear();
  }
  return ok;
}

std::string FieldList(const std::vector<std::string>& fields) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(fields.size(), 6);
  for (std::size_t i = 0; i < shown; ++i)
    out += (i ? ", " : "") + fields[i];
  if (fields.size() > shown) out += " and " + std::to_string(fields.size() - shown) + " more";
  return out;
}

// Makes a directory unless one is there; says what is true when it cannot.
std::optional<std::string> MakeDirectory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return std::nullopt;
  const int err = errno;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return std::nullopt;
  return "cannot create the directory '" + dir + "': " + std::strerror(err);
}

}  // namespace

std::string ConfigDir() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/actviz";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/actviz";
  return {};
}

// --- writing

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
               {"fit_on_select", s.plots.fit_on_select},
               {"inverse", s.plots.inverse},
               {"mark", s.plots.mark},
               {"mark_x", s.plots.mark_x}};
  j["derivative_check"] = {{"open", s.deriv.open},
                           {"log10_h", s.deriv.log10_h},
                           {"forward", s.deriv.forward},
                           {"central", s.deriv.central},
                           {"y_err", RangeJson(s.deriv.y_err)}};
  const DistributionsState& d = s.distributions;
  j["distributions"] = {{"dist", NameOf(kDistributions, d.dist)},
                        {"samples", d.n},
                        {"bins", d.bins},
                        {"scale", d.scale},
                        {"seed", d.seed},
                        {"density", d.density},
                        {"log_counts", d.log_counts},
                        {"exact", d.exact},
                        {"follow", d.follow},
                        {"in_x", RangeJson(d.in_x)},
                        {"in_y", RangeJson(d.in_y)},
                        {"out_x", RangeJson(d.out_x)},
                        {"out_y", RangeJson(d.out_y)}};
  const ImageState& im = s.image;
  j["map"] = {{"photo", im.path},
              {"gray", NameOf(kGrayModes, im.gray)},
              {"center", NameOf(kCenterModes, im.center)},
              {"center_value", im.center_value},
              {"gain", im.gain},
              {"auto_range", im.auto_range},
              {"range", RangeJson({im.lo, im.hi})},
              {"colormap", NameOf(kColormaps, im.colormap)}};
  j["figure"] = {{"width", s.figure.width},
                 {"height", s.figure.height},
                 {"theme", NameOf(kThemes, s.figure.theme)}};
  const DepthState& dp = s.depth;
  j["depth"] = {{"layers", dp.layers},       {"width", dp.width},
                {"batch", dp.batch},         {"init", InitCliName(dp.init)},
                {"gain_auto", dp.gain_auto}, {"gain", dp.gain},
                {"direct", dp.direct},       {"sigma_w", dp.sigma_w},
                {"sigma_b", dp.sigma_b},     {"seed", dp.seed},
                {"show_post", dp.show_post}};
  j["family"] = {{"on", s.family.on}, {"param", s.family.param}, {"from", s.family.from},
                 {"to", s.family.to}, {"n", s.family.n},         {"geometric", s.family.geometric}};
  const SoftmaxState& sm = s.softmax;
  j["softmax"] = {{"logits", std::vector<double>(sm.z.begin(), sm.z.begin() + sm.k)},
                  {"reach", sm.reach},
                  {"temperature", sm.temperature},
                  {"softmin", sm.softmin},
                  {"show_log", sm.show_log},
                  {"naive", sm.naive},
                  {"tropical", sm.tropical},
                  {"tropical_t", sm.tropical_t}};
  const NetworksState& nw = s.networks;
  json net_pins = json::array();
  for (const figure::LossCurve& c : nw.pins) {
    json loss = json::array();
    for (double v : c.loss)
      loss.push_back(std::isfinite(v) ? json(v) : json());
    net_pins.push_back({{"label", c.label}, {"loss", std::move(loss)}});
  }
  j["networks"] = {{"task", CoreName(TaskNames(), nw.task)},
                   {"model", CoreName(ModelNames(), nw.model)},
                   {"hidden", nw.hidden},
                   {"per_layer", nw.per_layer},
                   {"freeze_params", nw.freeze_params},
                   {"theta", nw.theta},
                   {"output", CoreName(OutputNames(), nw.output)},
                   {"loss", CoreName(LossNames(), nw.loss)},
                   {"optimizer", CoreName(OptimizerNames(), nw.optimizer)},
                   {"lr", nw.lr},
                   {"batch", nw.batch},
                   {"epochs", nw.epochs},
                   {"seed", nw.seed},
                   {"epochs_per_second", nw.epochs_per_second},
                   {"playing", nw.playing},
                   {"pins", std::move(net_pins)}};
  j["ui"] = {{"theme", s.ui.theme == Theme::kLight ? "light" : "dark"},
             {"tab", TabPosition(s.ui.tab)},
             {"show_facts", s.ui.show_facts},
             {"export_scale", s.exporting.scale},
             {"export_directory", s.exporting.directory}};
  // Replace invalid UTF-8 (a hand-typed directory) rather than throw from dump.
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<std::string> SaveSession(const std::string& path, const AppState& s) {
  return SaveSessionText(path, SessionJson(s));
}

std::optional<std::string> SaveSessionText(const std::string& path, const std::string& text) {
  if (path.find('/') != std::string::npos) {
    // mkdir -p of the config directory (two levels are enough for ~/.config/actviz).
    const std::string dir = Dirname(path), up = Dirname(dir);
    if (up != "/" && up != ".")
      if (auto err = MakeDirectory(up)) return err;
    if (auto err = MakeDirectory(dir)) return err;
  }
  return WriteFileAtomic(path, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

// --- parsing

SessionLoad ParseSessionJson(const std::string& text, AppState& s) {
  SessionLoad load;
  load.status = SessionStatus::kOk;
  try {
    // First a pass that builds nothing, for what the tree would hide: repeated keys (the tree
    // keeps the last) and nesting depth. (nlohmann's parser callback could drop deep values,
    // but it rescans the parent container at each close: quadratic in a long array.)
    DepthAndKeys guard;
    json::sax_parse(text, &guard);
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      load.status = SessionStatus::kDamaged;
      load.bad_fields.push_back(j.is_discarded() ? "not valid JSON" : "not a JSON object");
      load.whole = true;
      return load;
    }
    if (guard.too_deep)
      load.bad_fields.push_back("nested deeper than " + std::to_string(kMaxSessionDepth));
    // A repeated key is damage like any other: its field starts from its default (the
    // message says so), not from whichever of its values came last.
    for (const DepthAndKeys::Repeat& r : guard.repeats) {
      load.bad_fields.push_back(r.field + " repeated");
      if (j.contains(r.parent))
        if (json& parent = j[r.parent]; parent.is_object()) parent.erase(r.key);
    }
    AppState fresh = s;
    Reader r{load.bad_fields};
    ReadFields(j, fresh, r);
    s = std::move(fresh);
  } catch (const std::bad_alloc&) {
    load.bad_fields.push_back("not enough memory to read it");
    load.whole = true;
  }
  if (!load.bad_fields.empty()) load.status = SessionStatus::kDamaged;
  return load;
}

SessionLoad LoadSession(const std::string& path, AppState& s, bool backup) {
  std::string text, reason;
  SessionLoad load;
  switch (ReadBounded(path, text, reason)) {
    case ReadResult::kAbsent:
      return load;
    case ReadResult::kRefused:
      load.status = SessionStatus::kUnreadable;
      load.reason = reason;
      load.may_overwrite = false;  // what it holds is unknown: never save over it
      return load;
    case ReadResult::kRead:
      break;
  }
  load = ParseSessionJson(text, s);
  if (load.status == SessionStatus::kDamaged && backup &&
      !WriteBackup(path, text, load.backup, load.backup_error))
    load.may_overwrite = false;
  return load;
}

std::string SessionMessage(const SessionLoad& load, const std::string& path) {
  switch (load.status) {
    case SessionStatus::kAbsent:
    case SessionStatus::kOk:
      return {};
    case SessionStatus::kUnreadable:
      return "Could not read the saved session '" + path + "': " + load.reason +
             "; starting from defaults" +
             (load.may_overwrite ? "" : ", and the file is left as it is (not saved over)");
    case SessionStatus::kDamaged:
      break;
  }
  // What was wrong, and what is done: the whole file unusable (defaults), or some fields.
  const std::string what = load.whole ? " (" + FieldList(load.bad_fields) + ")" : "";
  const std::string done = load.whole ? "starting from defaults"
                                      : "starting from defaults for the damaged fields (" +
                                            FieldList(load.bad_fields) + ")";
  if (!load.backup.empty())
    return "The saved session was damaged" + what + "; it is kept as " + load.backup + "; " + done;
  if (!load.backup_error.empty())
    return "The saved session '" + path + "' was damaged" + what +
           " and could not be copied aside (" + load.backup_error + "), so it is not saved over; " +
           done;
  return "The session '" + path + "' was damaged" + what + "; " + done;
}

}  // namespace actviz::gui
