// Argument parsing (CLI11) and dispatch: no command or `gui` opens the window, every other
// command runs headless. Parse errors are usage errors (exit 2) in the project's own words:
// CLI11's exceptions are translated in one place (UsageMessage), and what CLI11 would let
// through or word its own way (an empty value, an option given twice) is checked after it
// (CheckGiven), for every option of every command. Numbers are parsed strictly here (helpers
// below), and running out of memory in any command is one line and exit 1, never an abort.
// Sections: output and messages · strict numbers · the command line's own wording · Main.
#include "cli/commands.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include "actviz/base/file_io.hpp"
#include "actviz/base/parse.hpp"
#include "cli/commands_internal.hpp"
#include "figure/names.hpp"

namespace actviz::cli {

int WriteStdout(std::string_view text) {
  const std::size_t n = std::fwrite(text.data(), 1, text.size(), stdout);
  if (n != text.size() || std::fflush(stdout) != 0)
    return Fail(kExitFailure, "cannot write to standard output");
  return kExitOk;
}

std::optional<std::uint64_t> ParseSeed(const std::string& text) {
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

std::string Printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto escape = [&](unsigned char c) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        escape(c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // A well-formed UTF-8 sequence (no overlong forms, no surrogates, ≤ U+10FFFF) is kept,
    // except the C1 controls U+0080…U+009F (CSI among them); any other byte is escaped.
    const int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    bool ok = len > 0 && c <= 0xf4 && i + static_cast<std::size_t>(len) <= s.size();
    char32_t cp = ok ? c & (0x7f >> len) : 0;
    for (int k = 1; ok && k < len; ++k) {
      const auto d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      ok = (d & 0xc0) == 0x80;
      cp = (cp << 6) | (d & 0x3f);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && cp >= kMin[len] && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) &&
         !(cp >= 0x80 && cp <= 0x9f);
    if (ok) {
      out.append(s.substr(i, static_cast<std::size_t>(len)));
      i += static_cast<std::size_t>(len);
    } else {
      escape(c);
      ++i;
    }
  }
  return out;
}

int Fail(int code, std::string_view message) {
  const std::string line = Printable(message);
  std::fprintf(stderr, "actviz: %s\n", line.c_str());
  return code;
}

namespace {

// Digits only, within 64 bits.
std::optional<unsigned long long> Digits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  unsigned long long v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string Quoted(std::string_view option, const std::string& text) {
  return std::string(option) + " " + Quote(text);
}

}  // namespace

std::optional<std::string> ParseCount(std::string_view option, const std::string& text,
                                      long long lo, long long hi, long long& out) {
  const std::optional<unsigned long long> v = Digits(text);
  if (!v || *v < static_cast<unsigned long long>(lo) || *v > static_cast<unsigned long long>(hi))
    return Quoted(option, text) + ": expected a whole number in decimal digits from " +
           std::to_string(lo) + " to " + std::to_string(hi);
  out = static_cast<long long>(*v);
  return std::nullopt;
}

std::optional<std::string> ParseCount(std::string_view option, const std::string& text, int lo,
                                      int hi, int& out) {
  long long v = 0;
  if (auto err =
          ParseCount(option, text, static_cast<long long>(lo), static_cast<long long>(hi), v))
    return err;
  out = static_cast<int>(v);
  return std::nullopt;
}

std::optional<std::string> ParseNumber(std::string_view option, const std::string& text, double lo,
                                       double hi, double& out) {
  const std::optional<double> v = ParseDouble(text);
  if (!v || !std::isfinite(*v) || *v < lo || *v > hi) {
    if (lo == -std::numeric_limits<double>::max() && hi == std::numeric_limits<double>::max())
      return Quoted(option, text) + ": expected a finite number";
    return Quoted(option, text) + ": expected a number from " + FormatShortest(lo) + " to " +
           FormatShortest(hi);
  }
  out = *v;
  return std::nullopt;
}

std::optional<std::string> ParseSize(std::string_view option, const std::string& text, int lo,
                                     int hi, int& w, int& h) {
  const std::size_t x = text.find_first_of("xX");
  const std::optional<unsigned long long> a =
      x == std::string::npos ? std::nullopt : Digits(std::string_view(text).substr(0, x));
  const std::optional<unsigned long long> b =
      x == std::string::npos ? std::nullopt : Digits(std::string_view(text).substr(x + 1));
  const auto in = [&](std::optional<unsigned long long> v) {
    return v && *v >= static_cast<unsigned long long>(lo) &&
           *v <= static_cast<unsigned long long>(hi);
  };
  if (!in(a) || !in(b))
    return Quoted(option, text) + ": expected WxH in decimal digits, each " + std::to_string(lo) +
           "…" + std::to_string(hi);
  w = static_cast<int>(*a);
  h = static_cast<int>(*b);
  return std::nullopt;
}

std::optional<std::string> CheckSamples(const std::string& samples, const std::string& max_bytes,
                                        long long& n) {
  long long cap = 0;
  if (auto err = ParseCount("--max-bytes", max_bytes, 1, 1LL << 50, cap)) return err;
  if (ParseCount("--samples", samples, 1, 1LL << 50, n))
    return "--samples " + Quote(samples) +
           ": expected a whole number in decimal digits, at least 1";
  const double need = static_cast<double>(n) * kBytesPerSample;
  if (need > static_cast<double>(cap))
    return "--samples " + Quote(samples) + " would need " + FormatBytes(need) +
           " of memory (x, f(x) and f'(x) in float32), over --max-bytes " + Quote(max_bytes) +
           " (" + FormatBytes(static_cast<double>(cap)) +
           "); use fewer samples or raise --max-bytes";
  return std::nullopt;
}

std::optional<std::string> CheckOutput(std::string_view option, const std::string& path) {
  if (auto err = CheckOutputPath(path)) return std::string(option) + ": " + *err;
  return std::nullopt;
}

CLI::Validator OneOf(std::vector<std::string> names) {
  std::string list;
  for (const std::string& n : names)
    list += (list.empty() ? "" : ", ") + n;
  return CLI::Validator(
      [names, list](std::string& s) {
        // "" passes here: CheckGiven says what an empty value is, for every option alike.
        for (const std::string& n : names)
          if (s == n) return std::string();
        return s.empty() ? std::string() : Quote(s) + " is not one of " + list;
      },
      "{" + list + "}");
}

const CLI::Validator kExistingFile(
    [](std::string& s) {
      struct stat st {};
      if (s.empty() || (::stat(s.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))) return std::string();
      return QuotePath(s) +
             (S_ISDIR(st.st_mode) ? " is a directory, not a file" : ": no such file");
    },
    "FILE");

namespace {

// ---- the command line's own wording

std::string CommandName(const CLI::App& cmd) {
  return cmd.get_parent() ? "actviz " + cmd.get_name() : std::string("actviz");
}

bool TakesOneValue(const CLI::Option& o) {
  return !o.get_positional() && o.get_expected_max() == 1 && o.get_type_size_max() == 1;
}
bool TakesValues(const CLI::Option& o) {
  return !o.get_positional() && o.get_expected_max() >= 1 && o.get_type_size_max() >= 1;
}

// What an option takes, from its help line (one source for --help and the messages).
std::string Allowed(const CLI::Option& o) {
  std::string out = o.get_description();
  if (!o.get_default_str().empty()) out += " (default " + o.get_default_str() + ")";
  return out;
}

// A single-valued option given twice is left to CheckGiven, in our words: CLI11 would throw
// "At Most 1 required but received 2".
void PrepareOptions(CLI::App& app) {
  for (CLI::Option* o : app.get_options())
    if (TakesOneValue(*o)) o->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    PrepareOptions(*sub);
}

// After CLI11 has parsed: an explicitly empty value is a usage error (it used to mean "the
// default" for some options and "no output" for --out), and so is an option given twice.
std::optional<std::string> CheckGiven(const CLI::App& cmd) {
  for (const CLI::Option* o : cmd.get_options()) {
    if (!TakesValues(*o) || o->count() == 0) continue;
    const std::string name = o->get_name();
    for (const std::string& v : o->results())
      if (v.empty())
        return name + " '': an empty value (expected: " + Allowed(*o) + "); give a value, or no " +
               name + " at all for its default";
    if (TakesOneValue(*o) && o->count() > 1) {
      std::string given;
      for (std::size_t i = 0; i < o->count() && i < 3; ++i)
        given += (i ? ", " : "") + Quote(o->results()[i]);
      if (o->count() > 3) given += ", …";
      return name + " is given " + std::to_string(o->count()) + " times (" + given +
             "); give it once";
    }
  }
  return std::nullopt;
}

// The option of `cmd` that CLI11's message is about: it starts the message ("--hidden: 1
// required TEXT missing") or follows "Could not convert: " ("--json = maybe").
const CLI::Option* Named(const CLI::App& cmd, std::string what) {
  constexpr std::string_view kConvert = "Could not convert: ";
  if (what.compare(0, kConvert.size(), kConvert) == 0) what.erase(0, kConvert.size());
  const CLI::Option* best = nullptr;
  std::size_t best_len = 0;
  for (const CLI::Option* o : cmd.get_options()) {
    const std::string n = o->get_name();
    if (!n.empty() && what.compare(0, n.size(), n) == 0 && n.size() > best_len &&
        (what.size() == n.size() || what[n.size()] == ':' || what[n.size()] == ' '))
      best = o, best_len = n.size();
  }
  return best;
}

// Every CLI11 parse error, in the project's words: the input, what was wrong, what is allowed.
std::string UsageMessage(const CLI::ParseError& e, const CLI::App& app) {
  const std::vector<CLI::App*> used = app.get_subcommands();
  const CLI::App& cmd = used.empty() ? app : *used.back();
  const std::string help = " (see " + CommandName(cmd) + " --help)";
  const std::string what = e.what();
  const CLI::Option* o = Named(cmd, what);
  if (!o && &cmd != &app) o = Named(app, what);
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    const std::vector<std::string> extra = app.remaining(true);
    const std::string first = extra.empty() ? std::string() : extra.front();
    const std::string more =
        extra.size() > 1 ? " (and " + std::to_string(extra.size() - 1) + " more)" : "";
    if (!first.empty() && first[0] == '-')
      return "unknown option " + Quote(first) + " for " + CommandName(cmd) + more + help;
    if (&cmd == &app) {  // a word where the command goes
      std::string names;
      for (const CLI::App* sub : app.get_subcommands({}))
        names += (names.empty() ? "" : ", ") + sub->get_name();
      return "unknown command " + Quote(first) + "; one of " + names + help;
    }
    return "unexpected argument " + Quote(first) + more + ": " + CommandName(cmd) +
           " takes options only (a value with spaces needs quotes)" + help;
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    for (const CLI::Option* r : cmd.get_options())
      if (r->get_required() && r->count() == 0)
        return CommandName(cmd) + " needs " + r->get_name() + ": " + Allowed(*r) + help;
  }
  if (dynamic_cast<const CLI::RequiresError*>(&e)) {
    for (const CLI::Option* r : cmd.get_options())
      if (r->count() > 0)
        for (const CLI::Option* need : r->get_needs())
          if (need->count() == 0)
            return r->get_name() + " is only used with " + need->get_name() + help;
  }
  if (dynamic_cast<const CLI::ExcludesError*>(&e)) {
    for (const CLI::Option* r : cmd.get_options())
      if (r->count() > 0)
        for (const CLI::Option* other : r->get_excludes())
          if (other->count() > 0)
            return r->get_name() + " and " + other->get_name() + " exclude each other: give one" +
                   help;
  }
  if (o && dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    if (!TakesValues(*o)) return o->get_name() + " is a switch and takes no value" + help;
    return o->get_name() + " needs a value: " + Allowed(*o) + help;
  }
  if (o && dynamic_cast<const CLI::ConversionError*>(&e))
    return o->get_name() + " is a switch and takes no value" + help;
  if (dynamic_cast<const CLI::ValidationError*>(&e))  // our validators' own words
    return what;
  if (o) return o->get_name() + ": " + Allowed(*o) + help;
  return "the command line was not understood" + help;
}

// Runs a command; out of memory anywhere in it is one line and exit 1 instead of an abort.
template <class Run>
int Guarded(const char* doing, Run&& run) {
  try {
    return run();
  } catch (const std::bad_alloc&) {
    return Fail(kExitFailure, std::string("out of memory (") + doing + ")");
  } catch (const std::length_error&) {  // a vector asked for more than the address space
    return Fail(kExitFailure, std::string("out of memory (") + doing + ")");
  } catch (const std::system_error& e) {  // a thread that could not start (no memory left)
    return Fail(kExitFailure, std::string("cannot run (") + doing + "): " + e.what());
  }
}

}  // namespace

Outcome Main(int argc, char** argv, Mode mode) {
  const auto start = std::chrono::steady_clock::now();  // for --bench-frames' first frame
  // `actviz gui ...` is the same as `actviz ...`: drop the word so one set of options serves.
  std::vector<char*> args(argv, argv + argc);
  if (args.size() > 1 && std::strcmp(args[1], "gui") == 0) args.erase(args.begin() + 1);

  CLI::App app{
      "actviz: exact, interactive plots of neural-network activation functions.\n"
      "With no command it opens the window; the commands below run headless.",
      "actviz"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", "actviz 0.1.0");

  WindowRequest gui_opts;
  FunctionArgs gui_fn;
  std::string gui_size = "1280x800", gui_frames = "3", gui_bench_frames;
  AddFunctionOptions(app, gui_fn);
  AddFormulaOption(app, gui_fn);
  app.add_option("--image", gui_opts.image, "Photo to load at start (default: embedded)");
  auto* shot = app.add_option("--screenshot", gui_opts.screenshot,
                              "Draw --frames frames, save the window as PNG and exit");
  app.add_flag("--screenshot-pointer", gui_opts.screenshot_pointer,
               "Keep the pointer's hover readout in --screenshot (for tests)")
      ->needs(shot);
  auto* frames = app.add_option("--frames", gui_frames, "Frames to draw before --screenshot")
                     ->needs(shot)
                     ->capture_default_str();
  app.add_option("--size", gui_size, "Window size WxH")->capture_default_str();
  auto* bench_frames = app.add_option(
      "--bench-frames", gui_bench_frames,
      "Sweep a parameter over N frames (vsync off) on the photo; print timings as JSON");
  app.add_option("--session", gui_opts.session,
                 "Start from this saved session file (JSON) instead of the last one")
      ->check(kExistingFile);

  // Each command registers its own options (cmd_*.cpp); main runs the one given.
  const Command commands[] = {RegisterList(app),  RegisterEval(app),    RegisterHist(app),
                              RegisterApply(app), RegisterFigure(app),  RegisterDepth(app),
                              RegisterTrain(app), RegisterSoftmax(app), RegisterBench(app)};

  PrepareOptions(app);
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // An empty or repeated value is said first: it is the first thing wrong as typed.
    if (auto err = CheckGiven(app)) return Fail(kExitUsage, *err);
    for (const CLI::App* sub : app.get_subcommands())
      if (auto err = CheckGiven(*sub)) return Fail(kExitUsage, *err);
    return Fail(kExitUsage, UsageMessage(e, app));
  }
  if (auto err = CheckGiven(app)) return Fail(kExitUsage, *err);
  for (const CLI::App* sub : app.get_subcommands())
    if (auto err = CheckGiven(*sub)) return Fail(kExitUsage, *err);

  for (const Command& c : commands)
    if (*c.sub) return Guarded(c.doing, [&] { return c.run(mode == Mode::kValidate); });

  const Selection sel = Resolve(gui_fn, Precision::kF64);
  if (!sel.error.empty()) return Fail(kExitUsage, sel.error);
  if (auto err = ParseSize("--size", gui_size, 64, 16384, gui_opts.width, gui_opts.height))
    return Fail(kExitUsage, *err);
  if (frames->count() > 0)
    if (auto err = ParseCount("--frames", gui_frames, 1, 100000, gui_opts.frames))
      return Fail(kExitUsage, *err);
  if (bench_frames->count() > 0)
    if (auto err =
            ParseCount("--bench-frames", gui_bench_frames, 1, 1000000, gui_opts.bench_frames))
      return Fail(kExitUsage, *err);
  if (!gui_opts.screenshot.empty())
    if (auto err = CheckOutput("--screenshot", gui_opts.screenshot))
      return Fail(kExitFailure, *err);
  gui_opts.start = start;
  gui_opts.function = gui_fn.formula ? nullptr : sel.fn;  // (a formula's dies with sel)
  gui_opts.formula = gui_fn.formula.value_or("");
  gui_opts.params = sel.params;
  gui_opts.function_given = app.count("--function") > 0 || gui_fn.formula;
  gui_opts.params_given =
      !gui_fn.params.empty() || gui_fn.alpha || gui_fn.theta || gui_fn.lambda || gui_fn.beta;
  return {kExitOk, gui_opts};
}

}  // namespace actviz::cli
