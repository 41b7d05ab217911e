// The catalogue table itself: complete per the spec, consistent, and validated.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/base/parse.hpp"

namespace actviz::test {
namespace {

TEST(Catalogue, every_row_is_complete_and_defaults_are_valid) {
  for (const Activation& a : Catalogue()) {
    EXPECT_FALSE(a.label.empty()) << a.name;
    EXPECT_NE(a.formula.find("f(x)"), std::string_view::npos) << a.name;
    EXPECT_NE(a.derivative.find("f′(x)"), std::string_view::npos) << a.name;
    EXPECT_LE(a.params.size(), static_cast<std::size_t>(kMaxParams)) << a.name;
    for (const ParamSpec& p : a.params) {
      EXPECT_LE(p.lo, p.def) << a.name << " " << p.name;
      EXPECT_LE(p.def, p.hi) << a.name << " " << p.name;
      EXPECT_EQ(ParamIndex(a, p.name), &p - a.params.data());
    }
    EXPECT_FALSE(Validate(a, Defaults(a), Precision::kF64)) << a.name;
    EXPECT_FALSE(Validate(a, Defaults(a), Precision::kF32)) << a.name;
    EXPECT_EQ(Find(a.name), &a);
  }
  EXPECT_EQ(Find("nope"), nullptr);
}

// Every parameter outside its domain, and NaN/∞ anywhere: refused, naming the parameter.
TEST(Catalogue, out_of_domain_parameters_are_rejected_with_a_message) {
  int checked = 0;
  for (const Activation& a : Catalogue())
    for (std::size_t i = 0; i < a.params.size(); ++i) {
      const ParamSpec& spec = a.params[i];
      std::vector<std::pair<double, Precision>> bad = {{NAN, Precision::kF64},
                                                       {INFINITY, Precision::kF64},
                                                       {-INFINITY, Precision::kF64},
                                                       {1e39, Precision::kF32}};  // ∞ in float
      if (spec.domain == Domain::kPositive)
        bad.insert(
            bad.end(),
            {{0, Precision::kF64}, {-1, Precision::kF64}, {1e-50, Precision::kF32}});  // 0 in float
      if (spec.domain == Domain::kNonNegative)
        bad.insert(bad.end(), {{-0.5, Precision::kF64}, {-1e-320, Precision::kF64}});
      for (const auto& [value, precision] : bad) {
        Params p = Defaults(a);
        p.v[i] = value;
        const std::optional<std::string> err = Validate(a, p, precision);
        ASSERT_TRUE(err) << a.name << " " << spec.name << "=" << value;
        EXPECT_NE(err->find(spec.name), std::string::npos) << *err;
        ++checked;
      }
      if (spec.domain == Domain::kPositive) {  // fine in double, 0 only as float
        Params ok = Defaults(a);
        ok.v[i] = 1e-50;
        EXPECT_FALSE(Validate(a, ok, Precision::kF64)) << a.name;
      }
    }
  EXPECT_GT(checked, 80);
}

TEST(Catalogue, refusal_messages_show_the_value_given_in_shortest_form) {
  int checked = 0;
  for (const Activation& a : Catalogue())
    for (std::size_t i = 0; i < a.params.size(); ++i) {
      Params p = Defaults(a);
      if (a.params[i].domain == Domain::kNonNegative) {
        p.v[i] = -1e-320;
        const std::optional<std::string> e = Validate(a, p);
        ASSERT_TRUE(e);
        EXPECT_NE(e->find("got -1e-320"), std::string::npos) << *e;
        ++checked;
      }
      if (a.params[i].domain == Domain::kPositive) {
        p.v[i] = 1e-50;  // positive, but 0 as float32
        const std::optional<std::string> f = Validate(a, p, Precision::kF32);
        ASSERT_TRUE(f);
        EXPECT_NE(f->find("got 1e-50, 0 as float32"), std::string::npos) << *f;
        ++checked;
      }
    }
  EXPECT_GE(checked, 2);  // the catalogue has parameters of both kinds
}

TEST(Parse, numbers_round_trip_and_garbage_is_refused) {
  for (double v : {0.1, -2.5e-308, 5e-324, 1.7976931348623157e308, 1.0 / 3, -0.0}) {
    const std::optional<double> back = ParseDouble(FormatShortest(v));
    ASSERT_TRUE(back);
    EXPECT_EQ(std::signbit(*back), std::signbit(v));
    EXPECT_EQ(*back, v);
  }
  for (float v : {0.1f, 1e-45f, 3.4028235e38f, -1.0f / 3}) {
    const std::optional<float> back = ParseFloat(FormatShortest(v));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, v);
  }
  EXPECT_EQ(*ParseFloat("0.1"), 0.1f);  // rounded once from the decimal
  EXPECT_EQ(*ParseDouble("+1.5"), 1.5);
  EXPECT_EQ(*ParseDouble("inf"), INFINITY);
  EXPECT_EQ(*ParseDouble("-inf"), -INFINITY);
  EXPECT_TRUE(std::isnan(*ParseDouble("nan")));
  EXPECT_EQ(*ParseDouble("1e400"), INFINITY);
  EXPECT_EQ(*ParseDouble("-1e-400"), 0.0);
  EXPECT_EQ(*ParseFloat("1e39"), INFINITY);
  EXPECT_EQ(FormatShortest(NAN), "nan");
  EXPECT_EQ(FormatShortest(-INFINITY), "-inf");
  for (const char* bad : {"", "abc", "1.5x", "--1", "+-1", "+", "1e", "0x", " 1", "1 "})
    EXPECT_FALSE(ParseDouble(bad)) << "'" << bad << "'";
}

}  // namespace
}  // namespace actviz::test

namespace actviz::test {
namespace {

// Maxout's pieces are the ones f chooses from: at every x, f is the active piece's value and
// f′ its slope, the active piece is the largest (a tie: the later one), and only maxout has any.
TEST(Catalogue, maxout_pieces_and_the_active_one_are_what_f_evaluates) {
  const Activation& m = *Find("maxout");
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-3, 3), ux(-10, 10);
  int checked = 0;
  for (int k = 2; k <= kMaxPieces; ++k)
    for (int trial = 0; trial < 20; ++trial) {
      Params p = Defaults(m);
      for (int i = 0; i < 2 * kMaxPieces; ++i)
        p.v[i] = std::round(u(rng) * 4) / 4;  // quarter steps: ties happen
      p.v[ParamIndex(m, "k")] = k;
      std::array<AffinePiece, kMaxPieces> pieces;
      ASSERT_EQ(AffinePieces(m, p, pieces), k);
      for (int t = 0; t < 50; ++t) {
        const double x = t < 10 ? t - 5.0 : ux(rng);
        const int j = ActivePiece(m, p, x);
        ASSERT_GE(j, 0);
        ASSERT_LT(j, k);
        const AffinePiece& a = pieces[static_cast<std::size_t>(j)];
        EXPECT_EQ(m.f(x, p), std::fma(a.w, x, a.b)) << k << " " << x;
        EXPECT_EQ(m.df(x, p), a.w);
        for (int i = 0; i < k; ++i) {  // exact in long double for these quarter steps
          const long double vi = static_cast<long double>(pieces[i].w) * x + pieces[i].b;
          const long double vj = static_cast<long double>(a.w) * x + a.b;
          EXPECT_TRUE(vi < vj || (vi == vj && i <= j)) << "piece " << i << " beats " << j;
        }
        ++checked;
      }
    }
  EXPECT_EQ(checked, 4 * 20 * 50);
  std::array<AffinePiece, kMaxPieces> none;
  for (const Activation& a : Catalogue())
    if (&a != &m) {
      EXPECT_EQ(AffinePieces(a, Defaults(a), none), 0) << a.name;
      EXPECT_EQ(ActivePiece(a, Defaults(a), 0.5), -1) << a.name;
    }
}

}  // namespace
}  // namespace actviz::test
