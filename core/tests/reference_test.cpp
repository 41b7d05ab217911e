// Accuracy against the mpmath reference tables (core/tests/reference/<name>.tsv, written by
// tools/make_reference.py): every catalogue function, f and f′, f64 and f32, at every table
// point including ±0, ±∞, NaN and the tails. Bounds: 4 ULP in f64, 8 ULP in f32.
// Prints the worst error per function, with where it happens.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/kernels.hpp"
#include "ulp.hpp"

namespace actviz::test {
namespace {

constexpr double kBoundF64 = 4, kBoundF32 = 8;

struct Row {
  bool f32 = false;
  std::string params_text, x_text;
  Params params;
  double x = 0;
  long double f = 0, df = 0, f_scale = 0, df_scale = 0;
  int line = 0;
};

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep))
    out.push_back(cur);
  return out;
}

long double ParseLd(const std::string& s) {
  return std::strtold(s.c_str(), nullptr);
}

// Reads one table; failures are reported through gtest and yield no rows.
std::vector<Row> ReadTable(const Activation& fn) {
  const std::string path = std::string(ACTVIZ_REFERENCE_DIR) + "/" + std::string(fn.name) + ".tsv";
  std::ifstream in(path);
  std::vector<Row> rows;
  if (!in) {
    ADD_FAILURE() << "missing reference table " << path;
    return rows;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = Split(line, '\t');
    if (f.size() != 7) {
      ADD_FAILURE() << path << ":" << n << ": expected 7 fields";
      continue;
    }
    Row r;
    r.line = n;
    r.f32 = f[0] == "f32";
    r.params_text = f[1];
    r.params = Defaults(fn);
    if (f[1] != "-") {
      for (const std::string& kv : Split(f[1], ',')) {
        const std::size_t eq = kv.find('=');
        const int idx = ParamIndex(fn, kv.substr(0, eq));
        if (idx < 0) {
          ADD_FAILURE() << path << ":" << n << ": unknown parameter " << kv;
          continue;
        }
        r.params.v[idx] = std::strtod(kv.c_str() + eq + 1, nullptr);
      }
    }
    r.x_text = f[2];
    r.x = std::strtod(f[2].c_str(), nullptr);
    r.f = ParseLd(f[3]);
    r.df = ParseLd(f[4]);
    r.f_scale = ParseLd(f[5]);
    r.df_scale = ParseLd(f[6]);
    rows.push_back(r);
  }
  return rows;
}

struct Worst {
  double ulp = 0;
  std::string where = "-";
  int count = 0;
  void Update(double e, const Row& r, double got) {
    ++count;
    if (e > ulp || (std::isinf(e) && where == "-")) {
      ulp = e;
      char buf[160];
      std::snprintf(buf, sizeof buf, "x=%s %s got %.17g", r.x_text.c_str(), r.params_text.c_str(),
                    got);
      where = buf;
    }
  }
};

class Accuracy : public ::testing::TestWithParam<const Activation*> {};

TEST_P(Accuracy, meets_ulp_bounds_against_mpmath) {
  const Activation& fn = *GetParam();
  const std::vector<Row> rows = ReadTable(fn);
  ASSERT_FALSE(rows.empty()) << fn.name;
  Worst f64, df64, f32, df32;
  for (const Row& r : rows) {
    if (!r.f32) {
      const double got = fn.f(r.x, r.params), dgot = fn.df(r.x, r.params);
      f64.Update(UlpError<double>(got, r.f, r.f_scale), r, got);
      df64.Update(UlpError<double>(dgot, r.df, r.df_scale), r, dgot);
    } else {
      const float x = static_cast<float>(r.x);
      float got = 0, dgot = 0;
      Apply(fn, Eval::kValue, {&x, 1}, {&got, 1}, r.params);
      Apply(fn, Eval::kDerivative, {&x, 1}, {&dgot, 1}, r.params);
      f32.Update(UlpError<float>(got, r.f, r.f_scale), r, got);
      df32.Update(UlpError<float>(dgot, r.df, r.df_scale), r, dgot);
    }
  }
  std::printf("%-18s f64: f %6.3f  f' %6.3f ULP   f32: f %6.3f  f' %6.3f ULP   (%d+%d points)\n",
              std::string(fn.name).c_str(), f64.ulp, df64.ulp, f32.ulp, df32.ulp, f64.count,
              f32.count);
  EXPECT_GT(f64.count, 100) << "too few f64 reference points";
  EXPECT_GT(f32.count, 100) << "too few f32 reference points";
  EXPECT_LE(f64.ulp, kBoundF64) << fn.name << " f64 f: worst at " << f64.where;
  EXPECT_LE(df64.ulp, kBoundF64) << fn.name << " f64 f': worst at " << df64.where;
  EXPECT_LE(f32.ulp, kBoundF32) << fn.name << " f32 f: worst at " << f32.where;
  EXPECT_LE(df32.ulp, kBoundF32) << fn.name << " f32 f': worst at " << df32.where;
}

// The catalogue and the tables name the same functions: a row without its reference table,
// or a table (from the spec) without its row, fails here.
TEST(ReferenceTables, one_table_per_catalogue_row) {
  std::set<std::string> tables, rows;
  for (const auto& e : std::filesystem::directory_iterator(ACTVIZ_REFERENCE_DIR))
    if (e.path().extension() == ".tsv") tables.insert(e.path().stem().string());
  for (const Activation& a : Catalogue())
    rows.insert(std::string(a.name));
  EXPECT_EQ(rows, tables);
  EXPECT_EQ(rows.size(), Catalogue().size()) << "two rows with one name";
}

// Each table's header carries the spec's defaults as the spec writes them; the row's defaults
// are exactly those numbers.
TEST(ReferenceTables, catalogue_defaults_are_the_spec_defaults) {
  for (const Activation& a : Catalogue()) {
    std::ifstream in(std::string(ACTVIZ_REFERENCE_DIR) + "/" + std::string(a.name) + ".tsv");
    std::string line, defaults;
    while (std::getline(in, line) && line.rfind('#', 0) == 0)
      if (line.rfind("# Spec defaults: ", 0) == 0) defaults = line.substr(17);
    ASSERT_FALSE(defaults.empty()) << a.name << ": no defaults line";
    std::vector<std::string> given;
    if (defaults != "-") given = Split(defaults, ',');
    ASSERT_EQ(given.size(), a.params.size()) << a.name;
    for (std::size_t i = 0; i < given.size(); ++i) {
      const std::size_t eq = given[i].find('=');
      EXPECT_EQ(given[i].substr(0, eq), a.params[i].name) << a.name;
      EXPECT_EQ(std::strtod(given[i].c_str() + eq + 1, nullptr), a.params[i].def)
          << a.name << " " << given[i];
    }
  }
}

// The error scales are written once, in the row (formulas.hpp); the generator computes its own
// from the definitions. They agree wherever the table has one, and a row without a scale has
// none in its table.
TEST(ReferenceTables, row_error_scales_agree_with_the_tables) {
  for (const Activation& a : Catalogue()) {
    int compared = 0;
    for (const Row& r : ReadTable(a)) {
      for (const bool d : {false, true}) {
        const long double want = d ? r.df_scale : r.f_scale;
        if (!(d ? a.df_scale : a.f_scale)) {
          EXPECT_EQ(want, 0) << a.name << (d ? "'" : "") << " line " << r.line
                             << ": the table has a scale, the row none";
          continue;
        }
        // Beyond about 1e∓290 the double-precision scale under- or overflows (and then measures
        // relative to the result, as the previous ULP bound did); the tables carry it in long
        // double.
        if (want < 1e-290L || want > 1e290L || !std::isfinite(r.x)) continue;
        const double got = ErrorScale(a, d, r.x, r.params);
        EXPECT_NEAR(got / static_cast<double>(want), 1, 1e-5)
            << a.name << (d ? "'" : "") << " at x=" << r.x_text << " " << r.params_text;
        ++compared;
      }
    }
    if (a.f_scale || a.df_scale) {
      EXPECT_GT(compared, 50) << a.name;
    }
  }
}

std::vector<const Activation*> All() {
  std::vector<const Activation*> out;
  for (const Activation& a : Catalogue())
    out.push_back(&a);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, Accuracy, ::testing::ValuesIn(All()),
                         [](const auto& info) { return std::string(info.param->name); });

}  // namespace
}  // namespace actviz::test
