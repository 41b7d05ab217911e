// The session file: every field of the state described once (session_fields.hpp) is saved
// and read back, or marked unsaved; the previous release's files load; hostile documents,
// FIFOs, devices and huge files are refused or read field by field; damaged files are copied
// aside; saves that cannot write say why.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "gui/state/session.hpp"
#include "gui/state/session_fields.hpp"
#include "test_state.hpp"

namespace actviz::gui {
namespace {

TEST(Session, round_trips_function_parameters_pins_and_view) {
  AppState s = DefaultState();
  Select(s, "swish");
  SelectedParams(s).v[0] = 1.75;
  s.pins.push_back({IndexOf(*Find("gelu")), {}, 3, false});
  s.plots.x = {-2.5, 7};
  s.plots.log_df = true;
  s.ui.theme = Theme::kLight;
  AppState back = DefaultState();
  EXPECT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_EQ(back.fn.selected, s.fn.selected);
  EXPECT_EQ(SelectedParams(back).v[0], 1.75);
  ASSERT_EQ(back.pins.size(), 1u);
  EXPECT_EQ(back.pins[0].function, IndexOf(*Find("gelu")));
  EXPECT_FALSE(back.pins[0].visible);
  EXPECT_EQ(back.plots.x, s.plots.x);
  EXPECT_TRUE(back.plots.log_df);
  EXPECT_EQ(back.ui.theme, Theme::kLight);
}

TEST(Session, round_trips_the_histogram_and_error_plot_views) {
  AppState s = DefaultState();
  s.distributions.dist = Distribution::kNormal;
  s.distributions.in_x = {-0.25, 0.5};
  s.distributions.out_y = {1, 1e4};
  s.distributions.follow = false;
  s.deriv.y_err = {1e-12, 1e-3};
  AppState back = DefaultState();
  EXPECT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk);
  EXPECT_EQ(back.distributions.dist, Distribution::kNormal);
  EXPECT_EQ(back.distributions.in_x, s.distributions.in_x);
  EXPECT_EQ(back.distributions.out_y, s.distributions.out_y);
  EXPECT_FALSE(back.distributions.follow);
  EXPECT_EQ(back.deriv.y_err, s.deriv.y_err);
}

TEST(Session, damaged_or_foreign_files_fall_back_to_defaults_with_a_notice) {
  const std::string path = TempDir() + "/session.json";
  for (const char* text : {"{not json", "[1,2,3]", ""}) {
    std::ofstream(path) << text;
    AppState s = DefaultState();
    EXPECT_EQ(LoadSession(path, s).status, SessionStatus::kDamaged) << text;
    EXPECT_EQ(s.fn.selected, DefaultState().fn.selected);
  }
  // Valid parts are kept, invalid ones (β ≤ 0, an unknown function, an inverted range) reset.
  std::ofstream(path) << R"({"version":1,"function":"softplus","parameters":{"softplus":{"beta":-3},
      "nonesuch":{"a":1}},"view":{"x":[5,1]}})";
  AppState s = DefaultState();
  EXPECT_EQ(LoadSession(path, s).status, SessionStatus::kDamaged);
  EXPECT_EQ(s.fn.selected, IndexOf(*Find("softplus")));
  EXPECT_EQ(SelectedParams(s).v[0], 1);
  EXPECT_EQ(s.plots.x, DefaultState().plots.x);
  // A missing file is not an error.
  AppState t = DefaultState();
  EXPECT_EQ(LoadSession(TempDir() + "/absent.json", t).status, SessionStatus::kAbsent);
}

struct HostileRow {
  const char* name;
  std::string text;
  std::vector<std::string> bad;  // each must appear in some entry of bad_fields
  std::function<void(const AppState&)> check;
};

std::string Nested(int depth) {
  return R"({"version":1,"function":"tanh","deep":)" + std::string(depth, '[') +
         std::string(depth, ']') + "}";
}

std::string ManyPins(int n) {
  std::string t = R"({"version":1,"pins":[)";
  for (int i = 0; i < n; ++i)
    t += std::string(i ? "," : "") + R"({"function":"relu","colour":3})";
  return t + "]}";
}

TEST(Session, hostile_documents_load_keep_valid_fields_and_reset_invalid_ones) {
  const AppState d = DefaultState();
  const int tanh = IndexOf(*Find("tanh")), gelu = IndexOf(*Find("gelu"));
  const int softplus = IndexOf(*Find("softplus"));
  auto tanh_kept = [=](const AppState& s) { EXPECT_EQ(s.fn.selected, tanh); };
  auto all_defaults = [d](const AppState& s) {
    EXPECT_EQ(s.fn.selected, d.fn.selected);
    EXPECT_TRUE(s.pins.empty());
    EXPECT_EQ(s.plots.x, d.plots.x);
    EXPECT_EQ(s.ui.theme, d.ui.theme);
  };
  const std::vector<HostileRow> rows = {
      {"version as a string", R"({"version":"1","function":"tanh"})", {"version"}, tanh_kept},
      {"version null", R"({"version":null,"function":"tanh"})", {"version"}, tanh_kept},
      {"version missing", R"({"function":"tanh"})", {"version"}, tanh_kept},
      {"a future version", R"({"version":2,"function":"tanh"})", {"version"}, tanh_kept},
      {"pin colour a string",
       R"({"version":1,"pins":[{"function":"gelu","colour":"red","visible":false}]})",
       {"pins[0].colour"},
       [=](const AppState& s) {
         ASSERT_EQ(s.pins.size(), 1u);
         EXPECT_EQ(s.pins[0].function, gelu);
         EXPECT_EQ(s.pins[0].colour, 0);   // its default: the pin's index
         EXPECT_FALSE(s.pins[0].visible);  // valid: kept
       }},
      {"pin visible a number",
       R"({"version":1,"pins":[{"function":"gelu","colour":5,"visible":1}]})",
       {"pins[0].visible"},
       [=](const AppState& s) {
         ASSERT_EQ(s.pins.size(), 1u);
         EXPECT_EQ(s.pins[0].colour, 5);
         EXPECT_TRUE(s.pins[0].visible);
       }},
      {"pin colour out of range",
       R"({"version":1,"pins":[{"function":"gelu","colour":1e300}]})",
       {"pins[0].colour"},
       [=](const AppState& s) {
         ASSERT_EQ(s.pins.size(), 1u);
         EXPECT_EQ(s.pins[0].colour, 0);
       }},
      {"export scale a string",
       R"({"version":1,"ui":{"export_scale":"4","theme":"light"}})",
       {"ui.export_scale"},
       [=](const AppState& s) {
         EXPECT_EQ(s.exporting.scale, d.exporting.scale);
         EXPECT_EQ(s.ui.theme, Theme::kLight);
       }},
      {"export scale 3",
       R"({"version":1,"ui":{"export_scale":3,"tab":2}})",
       {"ui.export_scale"},
       [=](const AppState& s) {
         EXPECT_EQ(s.exporting.scale, d.exporting.scale);
         EXPECT_EQ(s.ui.tab, Tab::kMap);
       }},
      {"an int of 1e300",
       R"({"version":1,"distributions":{"bins":1e300,"seed":7}})",
       {"distributions.bins"},
       [=](const AppState& s) {
         EXPECT_EQ(s.distributions.bins, d.distributions.bins);
         EXPECT_EQ(s.distributions.seed, 7);
       }},
      {"an int of -1e300",
       R"({"version":1,"distributions":{"seed":-1e300,"bins":50}})",
       {"distributions.seed"},
       [=](const AppState& s) {
         EXPECT_EQ(s.distributions.seed, d.distributions.seed);
         EXPECT_EQ(s.distributions.bins, 50);
       }},
      {"an int past int64",
       R"({"version":1,"ui":{"tab":18446744073709551615,"show_facts":false}})",
       {"ui.tab"},
       [=](const AppState& s) {
         EXPECT_EQ(s.ui.tab, d.ui.tab);
         EXPECT_FALSE(s.ui.show_facts);
       }},
      {"an int of 1e400 (infinite as a double)",
       R"({"version":1,"ui":{"tab":1e400}})",
       {},
       [=](const AppState& s) { EXPECT_EQ(s.ui.tab, d.ui.tab); }},
      {"a directory of 100000 characters",
       R"({"version":1,"ui":{"export_directory":")" + std::string(100000, 'a') + R"(","tab":1}})",
       {"ui.export_directory"},
       [=](const AppState& s) {
         EXPECT_EQ(s.exporting.directory, d.exporting.directory);
         EXPECT_EQ(s.ui.tab, Tab::kDistributions);
       }},
      {"an int past int32",
       R"({"version":1,"ui":{"tab":4294967297}})",
       {"ui.tab"},
       [=](const AppState& s) { EXPECT_EQ(s.ui.tab, d.ui.tab); }},
      {"a fractional int",
       R"({"version":1,"distributions":{"bins":2.5,"scale":3}})",
       {"distributions.bins"},
       [=](const AppState& s) {
         EXPECT_EQ(s.distributions.bins, d.distributions.bins);
         EXPECT_EQ(s.distributions.scale, 3);
       }},
      {"a double of -1e300",
       R"({"version":1,"derivative_check":{"log10_h":-1e300,"open":true}})",
       {"derivative_check.log10_h"},
       [=](const AppState& s) {
         EXPECT_EQ(s.deriv.log10_h, d.deriv.log10_h);
         EXPECT_TRUE(s.deriv.open);
       }},
      {"a range whose span overflows",
       R"({"version":1,"view":{"x":[-1e308,1e308],"y_f":[0,2],"log_df":true}})",
       {"view.x"},
       [=](const AppState& s) {
         EXPECT_EQ(s.plots.x, d.plots.x);
         EXPECT_EQ(s.plots.y_f, (plot::Range{0, 2}));
         EXPECT_TRUE(s.plots.log_df);
       }},
      {"a parameter of the wrong type",
       R"({"version":1,"function":"softplus","parameters":{"softplus":{"beta":"big"}}})",
       {"parameters.softplus.beta"},
       [=](const AppState& s) {
         EXPECT_EQ(s.fn.selected, softplus);
         EXPECT_EQ(s.fn.params[static_cast<std::size_t>(softplus)].v[0], 1);
       }},
      {"booleans as strings",
       R"({"version":1,"view":{"log_df":"true","shade_saturation":false}})",
       {"view.log_df"},
       [=](const AppState& s) {
         EXPECT_FALSE(s.plots.log_df);
         EXPECT_FALSE(s.plots.shade_saturation);
       }},
      {"enums of the wrong type",
       R"({"version":1,"ui":{"theme":1},"distributions":{"dist":5}})",
       {"ui.theme", "distributions.dist"},
       [=](const AppState& s) {
         EXPECT_EQ(s.ui.theme, d.ui.theme);
         EXPECT_EQ(s.distributions.dist, d.distributions.dist);
       }},
      {"sections of the wrong type",
       R"({"version":1,"function":"tanh","view":[],"ui":"x","pins":{},"parameters":7})",
       {"view", "ui", "pins", "parameters"},
       tanh_kept},
      {"a pin that is not an object",
       R"({"version":1,"pins":[3,{"function":"gelu"}]})",
       {"pins[0]"},
       [=](const AppState& s) {
         ASSERT_EQ(s.pins.size(), 1u);
         EXPECT_EQ(s.pins[0].function, gelu);
       }},
      {"a directory with a NUL",
       R"({"version":1,"ui":{"export_directory":"a\u0000b"}})",
       {"ui.export_directory"},
       [=](const AppState& s) { EXPECT_EQ(s.exporting.directory, d.exporting.directory); }},
      // A repeated key starts from its default, as the message says (not from its last
      // value, which the tree keeps); the fields beside it are read.
      {"a duplicate key",
       R"({"version":1,"function":"tanh","function":"gelu"})",
       {"function repeated"},
       [=](const AppState& s) { EXPECT_EQ(s.fn.selected, d.fn.selected); }},
      {"a duplicate parameter",
       R"({"version":1,"function":"tanh","parameters":{"elu":{"alpha":0.5,"alpha":2}}})",
       {"parameters.elu.alpha repeated"},
       [=](const AppState& s) {
         EXPECT_EQ(s.fn.selected, tanh);
         const int elu = IndexOf(*Find("elu"));
         EXPECT_EQ(s.fn.params[static_cast<std::size_t>(elu)].v[0],
                   d.fn.params[static_cast<std::size_t>(elu)].v[0]);
       }},
      {"a duplicate key in a pin",
       R"({"version":1,"pins":[{"function":"gelu"},{"function":"gelu","function":"tanh"}]})",
       {"pins[1].function repeated"},
       [=](const AppState& s) {
         ASSERT_EQ(s.pins.size(), 1u);  // a pin without its function is left out
         EXPECT_EQ(s.pins[0].function, gelu);
       }},
      {"a duplicate section",
       R"({"version":1,"function":"tanh","depth":{"layers":30},"depth":{"layers":40}})",
       {"depth repeated"},
       [=](const AppState& s) {
         EXPECT_EQ(s.fn.selected, tanh);
         EXPECT_EQ(s.depth.layers, d.depth.layers);
       }},
      {"nesting 100000 deep", Nested(100000), {"nested"}, tanh_kept},
      {"100000 pins",
       ManyPins(100000),
       {"pins (100000"},
       [=](const AppState& s) {
         ASSERT_EQ(s.pins.size(), kMaxPins);
         EXPECT_EQ(s.pins[0].colour, 3);
       }},
      {"not JSON", "{not json", {"not valid JSON"}, all_defaults},
      {"truncated", R"({"version":1,"function":"tanh")", {"not valid JSON"}, all_defaults},
      {"invalid UTF-8",
       "{\"version\":1,\"function\":\"\xff\xfe\"}",
       {"not valid JSON"},
       all_defaults},
      {"NUL bytes", std::string("{\"version\":1,\0\0}", 16), {"not valid JSON"}, all_defaults},
      {"an array", "[1,2,3]", {"not a JSON object"}, all_defaults},
      {"empty", "", {"not valid JSON"}, all_defaults},
  };
  for (const HostileRow& row : rows) {
    SCOPED_TRACE(row.name);
    AppState s = DefaultState();
    SessionLoad load;
    ASSERT_NO_THROW(load = ParseSessionJson(row.text, s));
    EXPECT_EQ(load.status, SessionStatus::kDamaged);
    for (const std::string& want : row.bad)
      EXPECT_TRUE(Contains(load.bad_fields, want))
          << "'" << want << "' not among " << ::testing::PrintToString(load.bad_fields);
    row.check(s);
    // The message says what was wrong and what is done, in words: a file that is not JSON at
    // all starts from defaults (no "damaged fields ((not valid JSON))"), some bad fields are
    // named as such.
    const std::string message = SessionMessage(load, "x.json");
    EXPECT_EQ(message.find("(("), std::string::npos) << message;
    EXPECT_NE(message.find(load.bad_fields.front()), std::string::npos) << message;
    const bool whole = Contains(load.bad_fields, "not valid JSON") ||
                       Contains(load.bad_fields, "not a JSON object");
    EXPECT_EQ(message.find("damaged fields") == std::string::npos, whole) << message;
    // What it left is a valid session: it saves and reads back clean.
    AppState back = DefaultState();
    EXPECT_EQ(ParseSessionJson(SessionJson(s), back).status, SessionStatus::kOk) << SessionJson(s);
  }
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Files in `dir` whose names start with `prefix`.
std::vector<std::string> FilesStarting(const std::string& dir, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Session, a_fifo_a_device_or_a_huge_file_is_refused_at_once_and_not_saved_over) {
  const std::string fifo = TempDir() + "/fifo-session.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string huge = TempDir() + "/huge-session.json";
  { std::ofstream(huge) << "{}"; }
  ASSERT_EQ(::truncate(huge.c_str(), 3LL << 30), 0);  // sparse: 3 GiB, no disk used
  struct Case {
    std::string path, reason;
  };
  for (const Case& c : {Case{fifo, "FIFO"}, Case{"/dev/zero", "device"}, Case{huge, "MiB"},
                        Case{TempDir(), "directory"}}) {
    SCOPED_TRACE(c.path);
    AppState s = DefaultState();
    const auto t0 = std::chrono::steady_clock::now();
    const SessionLoad load = LoadSession(c.path, s, /*backup=*/true);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(secs, 1.0);
    EXPECT_EQ(load.status, SessionStatus::kUnreadable);
    EXPECT_NE(load.reason.find(c.reason), std::string::npos) << load.reason;
    EXPECT_FALSE(load.may_overwrite);
    EXPECT_TRUE(load.backup.empty());
    EXPECT_NE(SessionMessage(load, c.path).find(c.reason), std::string::npos);
  }
  EXPECT_TRUE(FilesStarting(TempDir(), "fifo-session.damaged").empty());
  EXPECT_TRUE(FilesStarting(TempDir(), "huge-session.damaged").empty());
  ::unlink(huge.c_str());
}

TEST(Session, a_damaged_file_is_copied_aside_byte_for_byte_and_the_message_names_the_copy) {
  const std::string dir = TempDir() + "/backup-config";
  ::mkdir(dir.c_str(), 0755);
  const std::string path = dir + "/session.json";
  const std::string bytes =
      "{\"version\":\"1\",\"function\":\"tanh\",\"pins\":[{\"colour\":\"red\"}]}";
  std::ofstream(path, std::ios::binary) << bytes;
  AppState s = DefaultState();
  const SessionLoad load = LoadSession(path, s, /*backup=*/true);
  ASSERT_EQ(load.status, SessionStatus::kDamaged);
  EXPECT_EQ(s.fn.selected, IndexOf(*Find("tanh")));  // the valid part is kept
  ASSERT_FALSE(load.backup.empty()) << load.backup_error;
  EXPECT_TRUE(load.may_overwrite);
  EXPECT_EQ(load.backup.rfind(dir + "/session.damaged-", 0), 0u) << load.backup;
  EXPECT_EQ(load.backup.substr(load.backup.size() - 5), ".json");
  EXPECT_EQ(ReadAll(load.backup), bytes);
  const std::string message = SessionMessage(load, path);
  EXPECT_NE(message.find(load.backup), std::string::npos) << message;
  // Again within the same second: a second copy, the first untouched.
  std::ofstream(path, std::ios::binary) << "{broken";
  AppState t = DefaultState();
  const SessionLoad again = LoadSession(path, t, true);
  ASSERT_FALSE(again.backup.empty());
  EXPECT_NE(again.backup, load.backup);
  EXPECT_EQ(ReadAll(load.backup), bytes);
  EXPECT_EQ(ReadAll(again.backup), "{broken");
  EXPECT_EQ(FilesStarting(dir, "session.damaged-").size(), 2u);
  // A valid file makes no copy; nor does a load without backup.
  std::ofstream(path, std::ios::binary) << SessionJson(DefaultState());
  AppState u = DefaultState();
  EXPECT_EQ(LoadSession(path, u, true).status, SessionStatus::kOk);
  std::ofstream(path, std::ios::binary) << "{broken";
  EXPECT_TRUE(LoadSession(path, u, false).backup.empty());
  EXPECT_EQ(FilesStarting(dir, "session.damaged-").size(), 2u);
}

TEST(Session, a_save_that_cannot_make_its_directory_says_why) {
  const std::string blocker = TempDir() + "/not-a-dir";
  std::ofstream(blocker) << "x";
  const std::optional<std::string> err =
      SaveSession(blocker + "/actviz/session.json", DefaultState());
  ASSERT_TRUE(err);
  EXPECT_NE(err->find("cannot create the directory"), std::string::npos) << *err;
  EXPECT_EQ(err->find("No such file or directory"), std::string::npos) << *err;
}

TEST(Session, a_save_into_a_read_only_directory_says_permission_denied) {
  // Root ignores permissions: the saves run in a child process as nobody.
  ASSERT_EQ(::chmod(TempDir().c_str(), 0755), 0);
  const std::string ro = TempDir() + "/read-only";            // actviz/ would have to be made in it
  const std::string ro_made = TempDir() + "/read-only-made";  // actviz/ is there, read-only
  ASSERT_EQ(::mkdir(ro.c_str(), 0555), 0);
  ASSERT_EQ(::mkdir(ro_made.c_str(), 0755), 0);
  ASSERT_EQ(::mkdir((ro_made + "/actviz").c_str(), 0555), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::geteuid() == 0 && ::setuid(65534) != 0) ::_exit(10);
    int code = 0;
    for (const std::string& dir : {ro, ro_made}) {
      const std::optional<std::string> err =
          SaveSession(dir + "/actviz/session.json", DefaultState());
      ++code;
      if (!err || err->find("Permission denied") == std::string::npos ||
          err->find("No such file or directory") != std::string::npos) {
        std::fprintf(stderr, "%s: %s\n", dir.c_str(), err ? err->c_str() : "(saved)");
        ::_exit(code);
      }
    }
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: a directory to make, 2: one made; 10: setuid";
  ::chmod((ro_made + "/actviz").c_str(), 0755);
}

// --- every field described once

// The number of fields of an aggregate: the most initialisers it takes (each converts to any
// member type, so a member is never brace-elided).
struct AnyField {
  template <class T>
  operator T() const;  // never defined: only used unevaluated
};
template <class T, class... A>
constexpr std::size_t FieldCount() {
  if constexpr (requires { T{A{}..., AnyField{}}; })
    return FieldCount<T, A..., AnyField>();
  else
    return sizeof...(A);
}

// Counts the fields the session visits, per member of AppState (Pair and Logits stand for two
// fields each); Unsaved outside a member is a member of AppState of its own.
struct CountFields {
  std::map<std::string, std::size_t> fields;
  std::size_t members = 0;
  std::string member;
  void Add(std::size_t n) { member.empty() ? void(members += n) : void(fields[member] += n); }
  template <class F>
  void Member(const char* name, F&& visit) {
    ++members, member = name;
    visit();
    member.clear();
  }
  template <class F>
  void Section(const char*, F&& visit) {
    visit();
  }
  void Unsaved(const char*) { Add(1); }
  void Bool(const char*, bool) { Add(1); }
  template <class T>
  void Number(const char*, T, double, double) {
    Add(1);
  }
  template <class T>
  void OneOf(const char*, T, std::initializer_list<T>) {
    Add(1);
  }
  void Range(const char*, plot::Range) { Add(1); }
  void Pair(const char*, double, double) { Add(2); }
  template <class E, class Rows>
  void Enum(const char*, E, const Rows&) {
    Add(1);
  }
  void Text(const char*, const std::string&, std::size_t) { Add(1); }
  void TabPosition(const char*, Tab) { Add(1); }
  void AllParams(const char*, const FunctionState&) { Add(1); }
  void Function(const char*, int, const std::vector<Params>&) { Add(1); }
  void TextList(const char*, const std::vector<std::string>&, std::size_t, std::size_t) { Add(1); }
  void Pins(const char*, const std::vector<Pin>&) { Add(1); }
  void Logits(const char*, int, const std::array<double, kSoftmaxMaxLogits>&, double) { Add(2); }
  void LossPins(const char*, const std::vector<figure::LossCurve>&) { Add(1); }
};

TEST(SessionFields, every_field_of_every_section_is_saved_or_marked_unsaved) {
  CountFields c;
  const AppState s = DefaultState();
  session::VisitState(c, s);
  EXPECT_EQ(c.members, FieldCount<AppState>()) << "a member of AppState is not visited";
  const struct {
    const char* member;
    std::size_t fields;
  } kSections[] = {
      {"fn", FieldCount<FunctionState>()},
      {"pins", 1},  // the vector, read and written pin by pin
      {"plots", FieldCount<PlotsState>()},
      {"family", FieldCount<FamilyState>()},
      {"deriv", FieldCount<DerivativeCheckState>()},
      {"distributions", FieldCount<DistributionsState>()},
      {"image", FieldCount<ImageState>()},
      {"figure", FieldCount<FigureState>()},
      {"depth", FieldCount<DepthState>()},
      {"networks", FieldCount<NetworksState>()},
      {"softmax", FieldCount<SoftmaxState>()},
      {"exporting", FieldCount<ExportState>()},
      {"ui", FieldCount<UiState>()},
  };
  EXPECT_EQ(c.fields.size(), std::size(kSections));
  for (const auto& row : kSections)
    EXPECT_EQ(c.fields[row.member], row.fields)
        << row.member << ": a field is neither saved nor marked Unsaved";
  // The counter itself: a struct of three fields counts three.
  struct Three {
    int a = 0;
    std::string b;
    plot::Range c;
  };
  static_assert(FieldCount<Three>() == 3);
}

// Changes the k-th field it visits to a valid value other than its own, and says which.
struct ChangeOne {
  explicit ChangeOne(int field) : k(field) {}
  int k;
  int i = 0;
  std::string key;
  bool unsaved = false;
  bool Mine(const char* name) {
    if (i++ != k) return false;
    key = name;
    return true;
  }
  template <class F>
  void Member(const char*, F&& visit) {
    visit();
  }
  template <class F>
  void Section(const char*, F&& visit) {
    visit();
  }
  void Unsaved(const char* what) { unsaved = Mine(what) || unsaved; }
  void Bool(const char* key, bool& b) {
    if (Mine(key)) b = !b;
  }
  template <class T>
  void Number(const char* key, T& x, double lo, double hi) {
    if (Mine(key)) x = static_cast<T>(static_cast<double>(x) != lo ? lo : hi);
  }
  template <class T>
  void OneOf(const char* key, T& x, std::initializer_list<T> allowed) {
    if (Mine(key)) x = *allowed.begin() != x ? *allowed.begin() : *(allowed.end() - 1);
  }
  void Range(const char* key, plot::Range& r) {
    if (Mine(key)) r = {r.lo - 1, r.hi + 2};
  }
  void Pair(const char* key, double& lo, double& hi) {
    if (Mine(key)) lo -= 1, hi += 2;
  }
  template <class E, class Rows>
  void Enum(const char* key, E& e, const Rows& rows) {
    if (!Mine(key)) return;
    for (const auto& r : rows)
      if (r.value != e) {
        e = r.value;
        return;
      }
  }
  void Text(const char* key, std::string& s, std::size_t) {
    if (Mine(key)) s = "changed";
  }
  void TabPosition(const char* key, Tab& t) {
    if (Mine(key)) t = t == Tab::kDepth ? Tab::kSoftmax : Tab::kDepth;
  }
  void AllParams(const char* key, FunctionState& f) {
    if (Mine(key)) f.params[static_cast<std::size_t>(IndexOf(*Find("elu")))].v[0] = 2.5;
  }
  void TextList(const char* key, std::vector<std::string>& v, std::size_t, std::size_t) {
    if (Mine(key)) v = {"x*sigmoid(a*x)", "sin(x)"};
  }
  void Function(const char* key, int& selected, std::vector<Params>&) {
    if (Mine(key)) selected = IndexOf(*Find(selected == IndexOf(*Find("tanh")) ? "relu" : "tanh"));
  }
  void Pins(const char* key, std::vector<Pin>& pins) {
    if (Mine(key)) pins.push_back({IndexOf(*Find("gelu")), Defaults(*Find("gelu")), 0, false});
  }
  void Logits(const char* key, int& k, std::array<double, kSoftmaxMaxLogits>& z, double) {
    if (Mine(key)) k = 3, z[0] = 1.5, z[1] = -2, z[2] = 0.25;
  }
  void LossPins(const char* key, std::vector<figure::LossCurve>& pins) {
    if (Mine(key)) pins.push_back({"a run", {1, 2, 3}, {0.5, NAN, 0.125}, 0});
  }
};

// Each field alone, changed from its default: the file says so (it is written), and reading
// the file gives it back (it is read), with nothing reported damaged.
TEST(SessionFields, each_field_alone_is_written_and_read_back) {
  ChangeOne count(-1);
  AppState scratch = DefaultState();
  session::VisitState(count, scratch);
  ASSERT_GT(count.i, 80);
  const std::string defaults = SessionJson(DefaultState());
  int unsaved = 0;
  for (int k = 0; k < count.i; ++k) {
    AppState s = DefaultState();
    ChangeOne change(k);
    session::VisitState(change, s);
    if (change.unsaved) {
      ++unsaved;
      continue;
    }
    const std::string text = SessionJson(s);
    EXPECT_NE(text, defaults) << change.key << " is not written";
    AppState back = DefaultState();
    const SessionLoad load = ParseSessionJson(text, back);
    EXPECT_TRUE(load.bad_fields.empty()) << change.key << ": " << load.bad_fields.front();
    EXPECT_EQ(SessionJson(back), text) << change.key << " is not read back";
  }
  EXPECT_EQ(unsaved, 4);  // the search, the notice, the formula field's text and message
}

// A file as the previous release (2026-12-03) wrote it loads whole, every field as it says.
TEST(SessionFields, the_previous_releases_file_loads_whole) {
  std::ifstream in(ACTVIZ_TEST_DATA "/session-release-2026-12-03.json");
  ASSERT_TRUE(in) << ACTVIZ_TEST_DATA;
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  AppState s = DefaultState();
  const SessionLoad load = ParseSessionJson(text, s);
  ASSERT_EQ(load.status, SessionStatus::kOk) << (load.bad_fields.empty() ? "" : load.bad_fields[0]);
  EXPECT_EQ(Selected(s).name, "elu");
  EXPECT_EQ(SelectedParams(s).v[0], 2.5);
  ASSERT_EQ(s.pins.size(), 2u);
  EXPECT_EQ(s.pins[0].function, IndexOf(*Find("gelu")));
  EXPECT_FALSE(s.pins[0].visible);
  EXPECT_EQ(s.pins[1].params.v[0], 0.05);
  EXPECT_EQ(s.plots.x, (plot::Range{-3, 9}));
  EXPECT_TRUE(s.plots.inverse);
  EXPECT_EQ(s.plots.mark_x, 1.25);
  EXPECT_EQ(s.deriv.log10_h, -8);
  EXPECT_EQ(s.distributions.dist, Distribution::kNormal);
  EXPECT_EQ(s.distributions.n, 50000);
  EXPECT_EQ(s.distributions.out_x, (plot::Range{-1, 8}));
  EXPECT_EQ(s.image.center, CenterMode::kValue);
  EXPECT_EQ(s.image.lo, -0.5);
  EXPECT_EQ(s.image.hi, 2);
  EXPECT_EQ(s.image.colormap, Colormap::kViridis);
  EXPECT_EQ(s.image.zoom, 0);  // not in that file: the default (fit)
  EXPECT_EQ(s.figure.width, 1600);
  EXPECT_EQ(s.depth.init, Init::kHeNormal);
  EXPECT_EQ(s.depth.sigma_b, 0.3);
  EXPECT_EQ(s.family.n, 6);
  EXPECT_EQ(s.softmax.k, 3);
  EXPECT_EQ(s.softmax.z[2], 0.5);
  EXPECT_EQ(s.softmax.reach, 100);
  EXPECT_EQ(s.networks.task, Task::kCircles);
  EXPECT_EQ(s.networks.loss, Loss::kBce);
  EXPECT_EQ(s.networks.per_layer, "relu,tanh");
  ASSERT_EQ(s.networks.pins.size(), 1u);
  EXPECT_TRUE(std::isnan(s.networks.pins[0].loss[2]));
  EXPECT_EQ(s.ui.theme, Theme::kLight);
  EXPECT_EQ(s.ui.tab, Tab::kDepth);
  EXPECT_EQ(s.exporting.scale, 4);
  EXPECT_EQ(s.exporting.directory, "/tmp/exports");
}

}  // namespace
}  // namespace actviz::gui
