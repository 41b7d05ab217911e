// Session JSON: function by name, parameters by name, view ranges and options. The reader is
// total: it takes what is valid, leaves each invalid field at its default and names it, and
// no accessor that can throw is used (nlohmann's value()/get<>() on a wrong type would).
// The fields are described once, in session_fields.hpp; the reader and the writer here are
// its visitors. Sections: bounded reading · reader and writer · parsing · backup and messages.
#include "gui/state/session.hpp"

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
#include "gui/state/session_fields.hpp"

namespace actviz::gui {
namespace {

using nlohmann::json;
constexpr int kVersion = 1;

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

// --- the reader and the writer: visitors of session_fields.hpp

const json* FieldOf(const json& o, const char* key) {
  if (!o.is_object()) return nullptr;
  const auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

json ParamsJson(const Activation& fn, const Params& p) {
  json o = json::object();
  for (std::size_t i = 0; i < fn.params.size(); ++i)
    o[std::string(fn.params[i].name)] = p.v[i];
  return o;
}

// Typed formulas a file may name: the selected one, the history's and the pins'.
constexpr int kMaxTypedKeys = static_cast<int>(kFormulaHistory + 1 + kMaxPins);

// Parameters for every function of the registry (a typed formula just interned included).
void Grow(std::vector<Params>& params) {
  for (int i = static_cast<int>(params.size()); i < FunctionCount(); ++i)
    params.push_back(DefaultsAt(i));
}

// Each field checks its type and range and names what it rejects ("pins[0].colour"); a
// rejected field keeps the value it had (its default).
struct Reader {
  std::vector<std::string>& bad;
  const json* obj = nullptr;  // the current object; null: absent (nothing to read)
  std::string prefix;         // "view."
  int typed_keys = 0;         // typed formulas read so far

  const json* Get(const char* key) const { return obj ? FieldOf(*obj, key) : nullptr; }
  void Bad(const std::string& field) {
    if (std::find(bad.begin(), bad.end(), field) == bad.end()) bad.push_back(field);
  }
  void Bad(const char* key) { Bad(prefix + key); }

  template <class F>
  void Member(const char*, F&& visit) {
    visit();
  }
  // An object section: absent is fine; present but not an object is damage.
  template <class F>
  void Section(const char* key, F&& visit) {
    const json* v = Get(key);
    if (v && !v->is_object()) Bad(key), v = nullptr;
    const json* outer = obj;
    std::string outer_prefix = prefix;
    obj = v;
    prefix += std::string(key) + ".";
    visit();
    obj = outer;
    prefix = std::move(outer_prefix);
  }
  void Unsaved(const char*) {}

  void Bool(const char* key, bool& out) {
    const json* v = Get(key);
    if (!v) return;
    if (v->is_boolean())
      out = v->get<bool>();
    else
      Bad(key);
  }
  // A number in [lo, hi] (and whole, for integer fields), range-checked as a double before
  // any conversion: 1e300 for an int is rejected, not undefined.
  template <class T>
  void Number(const char* key, T& out, double lo, double hi) {
    const json* v = Get(key);
    if (!v) return;
    const double d = v->is_number() ? v->get<double>() : std::nan("");
    const bool whole = !std::is_integral_v<T> || d == std::floor(d);
    if (std::isfinite(d) && d >= lo && d <= hi && whole)
      out = static_cast<T>(d);
    else
      Bad(key);
  }
  template <class T>
  void OneOf(const char* key, T& out, std::initializer_list<T> allowed) {
    const json* v = Get(key);
    if (!v) return;
    const double d = v->is_number() ? v->get<double>() : std::nan("");
    for (T a : allowed)
      if (d == static_cast<double>(a)) {
        out = a;
        return;
      }
    Bad(key);
  }
  // Finite and with a finite span, so zooming and sampling stay finite.
  bool RangeOf(const json& v, plot::Range& r) {
    if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number()) return false;
    const double lo = v[0].get<double>(), hi = v[1].get<double>();
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo) || !std::isfinite(hi - lo))
      return false;
    r = {lo, hi};
    return true;
  }
  void Range(const char* key, plot::Range& out) {
    const json* v = Get(key);
    if (v && !RangeOf(*v, out)) Bad(key);
  }
  void Pair(const char* key, double& lo, double& hi) {
    plot::Range r{lo, hi};
    Range(key, r);
    lo = r.lo, hi = r.hi;
  }
  template <class E, class Rows>
  void Enum(const char* key, E& out, const Rows& rows) {
    const json* v = Get(key);
    if (!v) return;
    if (v->is_string())
      if (const std::optional<E> e = FromName(rows, v->get_ref<const std::string&>())) {
        out = *e;
        return;
      }
    Bad(key);
  }
  void Text(const char* key, std::string& out, std::size_t max_bytes) {
    const json* v = Get(key);
    if (!v) return;
    if (v->is_string() && v->get_ref<const std::string&>().size() <= max_bytes &&
        v->get_ref<const std::string&>().find('\0') == std::string::npos)
      out = v->get_ref<const std::string&>();
    else
      Bad(key);
  }
  void TabPosition(const char* key, Tab& out) {
    int tab = -1;  // the position in the tab bar
    Number(key, tab, 0, kTabCount - 1);
    if (tab >= 0) out = static_cast<Tab>(tab);
  }

  // Named parameters of `fn`: each valid one taken, each invalid one left at its default.
  void ParamsOf(const json& j, const std::string& field, const Activation& fn, Params& p) {
    if (!j.is_object()) return Bad(field);
    Params q = p;
    for (const auto& [name, value] : j.items()) {
      const int idx = ParamIndex(fn, name);
      if (idx < 0 || !value.is_number()) {
        Bad(field + "." + name);
        continue;
      }
      Params one = Defaults(fn);
      one.v[static_cast<std::size_t>(idx)] = value.get<double>();
      if (Validate(fn, one)) {
        Bad(field + "." + name);
        continue;
      }
      q.v[static_cast<std::size_t>(idx)] = one.v[static_cast<std::size_t>(idx)];
    }
    if (Validate(fn, q))
      Bad(field);
    else
      p = q;
  }
  // Names and typed formulas (kFormulaKeyPrefix): at most kMaxTypedKeys of the latter are
  // interned, so a file cannot fill the formula slots.
  int FunctionOf(const json* f, const std::string& field) {
    if (!f || !f->is_string()) return -1;
    const std::string& key = f->get_ref<const std::string&>();
    if (key.rfind(kFormulaKeyPrefix, 0) == 0 && ++typed_keys > kMaxTypedKeys) return -1;
    const int i = FunctionByKey(key);
    if (i < 0) Bad(field);
    return i;
  }
  void AllParams(const char* key, FunctionState& f) {
    const json* all = Get(key);
    if (all && !all->is_object()) return Bad(key);
    if (!all) return;
    for (const auto& [name, value] : all->items()) {
      const std::string field = prefix + key + "." + name;
      const json name_json = name;
      const int i = FunctionOf(&name_json, field);
      if (i < 0) {
        Bad(field);
        continue;
      }
      Grow(f.params);
      ParamsOf(value, field, FunctionAt(i), f.params[static_cast<std::size_t>(i)]);
    }
  }
  void Function(const char* key, int& selected, std::vector<Params>& params) {
    const json* f = Get(key);
    if (!f) return;
    const int i = FunctionOf(f, prefix + key);
    if (i < 0) return Bad(key);
    Grow(params);
    selected = i;
  }
  void TextList(const char* key, std::vector<std::string>& out, std::size_t max_items,
                std::size_t max_bytes) {
    const json* v = Get(key);
    if (!v) return;
    bool ok = v->is_array() && v->size() <= max_items;
    for (std::size_t i = 0; ok && i < v->size(); ++i)
      ok = (*v)[i].is_string() && (*v)[i].get_ref<const std::string&>().size() <= max_bytes &&
           (*v)[i].get_ref<const std::string&>().find('\0') == std::string::npos;
    if (!ok) return Bad(key);
    out.clear();
    for (const json& e : *v)
      out.push_back(e.get<std::string>());
  }
  void Pins(const char* key, std::vector<Pin>& out) {
    const json* pins = Get(key);
    if (!pins) return;
    if (!pins->is_array()) return Bad(key);
    if (pins->size() > kMaxPins)
      Bad("pins (" + std::to_string(pins->size()) + "; the first " + std::to_string(kMaxPins) +
          " kept)");
    const std::size_t n = std::min(pins->size(), kMaxPins);
    for (std::size_t i = 0; i < n; ++i) {
      const json& p = (*pins)[i];
      const std::string at = "pins[" + std::to_string(i) + "]";
      const int index = FunctionOf(FieldOf(p, "function"), at + ".function");
      if (index < 0) {
        Bad(p.is_object() ? at + ".function" : at);
        continue;
      }
      const Activation* fn = &FunctionAt(index);
      Pin pin;
      pin.function = index;
      pin.params = DefaultsAt(index);
      pin.colour = static_cast<int>(out.size()) & 15;
      if (const json* pp = FieldOf(p, "parameters"))
        ParamsOf(*pp, at + ".parameters", *fn, pin.params);
      Reader r{bad, &p, at + "."};
      r.Number("colour", pin.colour, 0, 15);
      r.Bool("visible", pin.visible);
      out.push_back(pin);
    }
  }
  // The logits: 2 … 10 finite numbers within the sliders' reach, all or none.
  void Logits(const char* key, int& k, std::array<double, kSoftmaxMaxLogits>& z, double reach) {
    const json* v = Get(key);
    if (!v) return;
    bool ok = v->is_array() && v->size() >= 2 && v->size() <= kSoftmaxMaxLogits;
    for (std::size_t i = 0; ok && i < v->size(); ++i)
      ok = (*v)[i].is_number() && std::isfinite((*v)[i].get<double>()) &&
           std::fabs((*v)[i].get<double>()) <= reach;
    if (!ok) return Bad(key);
    k = static_cast<int>(v->size());
    for (std::size_t i = 0; i < v->size(); ++i)
      z[i] = (*v)[i].get<double>();
  }
  // Runs' loss curves (at most 6): each with a label and its losses (null: a NaN or ∞ loss).
  void LossPins(const char* key, std::vector<figure::LossCurve>& out) {
    const json* pins = Get(key);
    if (!pins) return;
    if (!pins->is_array() || pins->size() > 6) return Bad(key);
    out.clear();
    for (const json& pin : *pins) {
      const json* label = FieldOf(pin, "label");
      const json* loss = FieldOf(pin, "loss");
      bool ok = label && label->is_string() && label->get_ref<const std::string&>().size() < 400 &&
                loss && loss->is_array() && loss->size() <= 1000000;
      figure::LossCurve c;
      for (std::size_t i = 0; ok && i < loss->size(); ++i) {
        const json& v = (*loss)[i];
        ok = v.is_number() || v.is_null();
        c.loss.push_back(v.is_number() ? v.get<double>() : NAN);
        c.epoch.push_back(static_cast<double>(i + 1));
      }
      if (!ok) {
        Bad(key);
        continue;
      }
      c.label = label->get<std::string>();
      c.colour = static_cast<int>(out.size());
      out.push_back(std::move(c));
    }
  }
};

struct Writer {
  json* obj;

  template <class F>
  void Member(const char*, F&& visit) {
    visit();
  }
  template <class F>
  void Section(const char* key, F&& visit) {
    json& sub = (*obj)[key];
    if (!sub.is_object()) sub = json::object();
    json* outer = obj;
    obj = &sub;
    visit();
    obj = outer;
  }
  void Unsaved(const char*) {}
  void Bool(const char* key, bool b) { (*obj)[key] = b; }
  template <class T>
  void Number(const char* key, T x, double, double) {
    (*obj)[key] = x;
  }
  template <class T>
  void OneOf(const char* key, T x, std::initializer_list<T>) {
    (*obj)[key] = x;
  }
  void Range(const char* key, const plot::Range& r) { (*obj)[key] = json::array({r.lo, r.hi}); }
  void Pair(const char* key, double lo, double hi) { (*obj)[key] = json::array({lo, hi}); }
  template <class E, class Rows>
  void Enum(const char* key, E e, const Rows& rows) {
    (*obj)[key] = std::string(NameOf(rows, e));
  }
  void Text(const char* key, const std::string& s, std::size_t) { (*obj)[key] = s; }
  void TabPosition(const char* key, Tab t) { (*obj)[key] = static_cast<int>(t); }
  // Every function with parameters, a typed formula only when it is selected or in the history
  // (the reader takes at most kMaxTypedKeys of them).
  void AllParams(const char* key, const FunctionState& f) {
    json all = json::object();
    for (std::size_t i = 0; i < f.params.size(); ++i) {
      const int index = static_cast<int>(i);
      const Activation& fn = FunctionAt(index);
      if (fn.params.empty()) continue;
      if (IsTyped(index) && index != f.selected &&
          std::find(f.history.begin(), f.history.end(), FormulaText(index)) == f.history.end())
        continue;
      all[FunctionKey(index)] = ParamsJson(fn, f.params[i]);
    }
    (*obj)[key] = std::move(all);
  }
  void Function(const char* key, int selected, const std::vector<Params>&) {
    (*obj)[key] = FunctionKey(selected);
  }
  void TextList(const char* key, const std::vector<std::string>& v, std::size_t, std::size_t) {
    (*obj)[key] = v;
  }
  void Pins(const char* key, const std::vector<Pin>& pins) {
    json out = json::array();
    for (const Pin& p : pins) {
      const Activation& fn = FunctionAt(p.function);
      out.push_back({{"function", FunctionKey(p.function)},
                     {"parameters", ParamsJson(fn, p.params)},
                     {"colour", p.colour},
                     {"visible", p.visible}});
    }
    (*obj)[key] = std::move(out);
  }
  void Logits(const char* key, int k, const std::array<double, kSoftmaxMaxLogits>& z, double) {
    (*obj)[key] = std::vector<double>(z.begin(), z.begin() + std::clamp(k, 0, kSoftmaxMaxLogits));
  }
  void LossPins(const char* key, const std::vector<figure::LossCurve>& pins) {
    json out = json::array();
    for (const figure::LossCurve& c : pins) {
      json loss = json::array();
      for (double v : c.loss)
        loss.push_back(std::isfinite(v) ? json(v) : json());
      out.push_back({{"label", c.label}, {"loss", std::move(loss)}});
    }
    (*obj)[key] = std::move(out);
  }
};

// The fields of a parsed document, into s.
void ReadFields(const json& j, AppState& s, std::vector<std::string>& bad) {
  Reader r{bad, &j, ""};
  int version = 0;
  r.Number("version", version, kVersion, kVersion);
  if (!FieldOf(j, "version")) r.Bad("version");
  session::VisitState(r, s);
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
  json j = json::object();
  j["version"] = kVersion;
  Writer w{&j};
  session::VisitState(w, s);
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
    ReadFields(j, fresh, load.bad_fields);
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
