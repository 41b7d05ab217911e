// The GLSL catalogue (shaders/activations.glsl) against the core's float32 kernels, rendered by
// gl::ActivationMap on llvmpipe through EGL; plus compile errors, tiling, zoom and colours.
// GPU work runs on a thread of its own with its own context: the tab tests keep another
// context current on the main thread for the whole run.
//
// Tolerance (f and f′, every function, default and slider-end parameters):
//   |gpu − cpu| ≤ 16·2⁻²³·S + 2⁻¹¹², S = max(|cpu|, the size of the terms that cancel)
// where S is |cpu| except at the interior roots of sums (GELU′, GELU-tanh′, Swish′, Mish′:
// the spec measures them against the cancelling terms) and soft_exponential with α > 0
// ((e^(αx) − 1)/α + α cancels as x → −∞). The 2⁻¹¹² (1.9e−34) absorbs subnormal results and
// subnormal intermediates, which the GPU flushes to zero (llvmpipe runs with FTZ/DAZ): a tail
// like swish(−88.7) = −2.7e−37 = x·σ(−88.7) comes back as −0 because σ(−88.7) is subnormal. NaN
// exactly where the core gives NaN; ±∞ exactly. Subnormal inputs may be read as ±0 by the GPU
// (denormals-are-zero): they are checked against the core at the input and at 0, and either answer
// passes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/kernels.hpp"
#include "gl/activation_map.hpp"
#include "gl/headless.hpp"

namespace actviz::gl {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kEps = 1.0 / (1 << 23);
constexpr double kUlps = 16;
// Results this small may come back as 0: the GPU flushes subnormal intermediates (σ, Φ, eˣ
// below 2⁻¹²⁶) before they are multiplied by factors up to 2¹⁴ (GELU-tanh′: x·du ≈ 2400 at
// x = −10, where σ(2u) is subnormal).
constexpr double kFloor = 0x1p-112;

// Contexts made for GPU threads, kept alive to the end on purpose: destroying one calls
// eglTerminate on the surfaceless display, which is the same display the GUI tests' context
// lives on. Held here (reachable, never destroyed) rather than released, which LeakSanitizer
// rightly reports as a leak.
std::vector<std::unique_ptr<HeadlessContext>>& KeptContexts() {
  static auto* kept = new std::vector<std::unique_ptr<HeadlessContext>>;
  return *kept;
}

// Runs `body` on a new thread with a fresh headless context current there.
std::string OnGpuThread(const std::function<void(std::string&)>& body) {
  std::string failure;
  std::thread t([&] {
    std::string error;
    std::unique_ptr<HeadlessContext> ctx = HeadlessContext::Create(error);
    if (!ctx) {
      failure = "no headless GL context: " + error;
      return;
    }
    body(failure);
    KeptContexts().push_back(std::move(ctx));
  });
  t.join();  // one GPU thread at a time: KeptContexts needs no lock
  return failure;
}

// Parameter settings: the defaults, then each slider end (where valid), then a few named ones.
std::vector<Params> Settings(const Activation& fn) {
  std::vector<Params> out = {Defaults(fn)};
  for (std::size_t i = 0; i < fn.params.size(); ++i) {
    for (double v : {fn.params[i].lo, fn.params[i].hi}) {
      Params p = Defaults(fn);
      p.v[i] = v;
      if (!Validate(fn, p, Precision::kF32)) out.push_back(p);
    }
  }
  // The first values given, the rest at their defaults.
  auto add = [&](std::initializer_list<double> v) {
    Params p = Defaults(fn);
    std::copy(v.begin(), v.end(), p.v.begin());
    if (!Validate(fn, p, Precision::kF32)) out.push_back(p);
  };
  if (fn.name == "soft_exponential") add({-0.37}), add({0.61});
  if (fn.name == "maxout") {
    add({1, 0.3, -1, 0.1}), add({1, 0, -1, 0}), add({0.5, -2, 2.5, 1});
    // three, four and five pieces (the last: five equal lines, every comparison a tie)
    add({1, 0, 0, 0, -1, 0, 0.5, 1, -0.5, 1, 3}), add({1, 0, 0, 0.25, -1, 0, 0.5, 1, -0.5, 1.5, 4});
    add({1.5, -1, 0, 0, -2.5, -3, 0.3, 0.7, -0.1, 1.2, 5}), add({1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 5});
  }
  if (fn.name == "swish") add({-1.5});
  if (fn.name == "celu") add({0.3});
  if (fn.name == "softplus") add({7.25});
  return out;
}

// 4096 inputs: specials, values at and beside each breakpoint, a log sweep of magnitudes, [0, 1]
// densely (logit), and the rest a dense grid over [−20, 20].
constexpr int kSide = 64;
std::vector<float> Ramp(const Activation& fn, const Params& p) {
  std::vector<float> v = {kNaN,    kInf,   -kInf,  0.0f,    -0.0f,    FLT_MAX,  -FLT_MAX, 1e30f,
                          -1e30f,  1e4f,   -1e4f,  FLT_MIN, -FLT_MIN, 1e-40f,   -1e-40f,  1e-30f,
                          -1e-30f, 1e-7f,  -1e-7f, 0.5f,    -0.5f,    1.0f / 3, 1,        -1,
                          3,       -3,     6,      -6,      88.7f,    -88.7f,   103.0f,   -103.0f,
                          -13.0f,  -14.0f, -9.3f,  17.5f,   -17.5f};
  for (double b : BreaksOf(fn, p)) {
    const float f = static_cast<float>(b);
    for (float d : {0.0f, 1e-6f, 1e-3f, 0.1f})
      v.push_back(f + d), v.push_back(f - d);
    v.push_back(std::nextafter(f, kInf));
    v.push_back(std::nextafter(f, -kInf));
  }
  for (double e = -8; e <= 30; e += 0.1) {
    v.push_back(static_cast<float>(std::pow(10.0, e)));
    v.push_back(-static_cast<float>(std::pow(10.0, e)));
  }
  for (int i = 0; i <= 500; ++i)
    v.push_back(static_cast<float>(i / 500.0));
  const int n = kSide * kSide - static_cast<int>(v.size());
  for (int i = 0; i < n; ++i)
    v.push_back(static_cast<float>(-20.0 + 40.0 * i / (n - 1)));
  return v;
}

// The size of the terms of a sum that cancels near an interior root (the catalogue row's error
// scale, see the header); |cpu| elsewhere.
double TermScale(const Activation& fn, Eval what, double x, const Params& p, double cpu) {
  return std::max(std::fabs(cpu), ErrorScale(fn, what == Eval::kDerivative, x, p));
}

struct Stat {
  double worst = 0;  // in units of 2⁻²³·S
  float at = 0, gpu = 0, cpu = 0;
};

// Compares one value; returns "" or a description of the mismatch.
std::string Check(const Activation& fn, Eval what, const Params& p, float x, float gpu, float cpu,
                  Stat& st) {
  char buf[320];
  auto fail = [&](const char* why) {
    std::snprintf(buf, sizeof buf, "%s%s (params %g %g %g %g) at x = %.9g: gpu %.9g, cpu %.9g: %s",
                  std::string(fn.name).c_str(), what == Eval::kDerivative ? "′" : "", p.v[0],
                  p.v[1], p.v[2], p.v[3], x, gpu, cpu, why);
    return std::string(buf);
  };
  if (std::isnan(cpu)) return std::isnan(gpu) ? "" : fail("expected NaN");
  if (std::isnan(gpu)) return fail("unexpected NaN");
  if (std::isinf(cpu)) return gpu == cpu ? "" : fail("expected the same infinity");
  if (std::isinf(gpu)) return fail("unexpected infinity");
  const double s = TermScale(fn, what, x, p, cpu);
  const double err = std::fabs(double{gpu} - double{cpu});
  const double tol = kUlps * kEps * s + kFloor;
  const double units = s > 0 && err > kFloor ? err / (kEps * s) : 0;
  if (units > st.worst) st = {units, x, gpu, cpu};
  return err <= tol ? "" : fail("outside the tolerance");
}

std::vector<float> Core(const Activation& fn, Eval what, const std::vector<float>& in,
                        const Params& p) {
  std::vector<float> out(in.size());
  Apply(fn, what, in, out, p);
  return out;
}

MapStyle StyleFor(int index, const Params& p, Eval what) {
  MapStyle s;
  s.function = index;
  s.params = ToF32(p);
  s.what = what;
  return s;
}

TEST(ShaderCatalogue, every_function_matches_the_core_f32_kernel_on_the_gpu) {
  std::vector<std::string> failures;
  std::vector<std::string> table;
  const std::string setup = OnGpuThread([&](std::string& failure) {
    std::string error;
    auto map = ActivationMap::Create(error);
    if (!map) {
      failure = error;
      return;
    }
    const auto cat = Catalogue();
    for (std::size_t k = 0; k < cat.size(); ++k) {
      const Activation& fn = cat[k];
      Stat stats[2];
      for (const Params& p : Settings(fn)) {
        const std::vector<float> in = Ramp(fn, p);
        if (auto e = map->SetImage(kSide, kSide, in)) {
          failure = *e;
          return;
        }
        for (Eval what : {Eval::kValue, Eval::kDerivative}) {
          std::vector<float> gpu;
          if (auto e =
                  map->RenderValues(StyleFor(static_cast<int>(k), p, what), kSide, kSide, gpu)) {
            failure = *e;
            return;
          }
          const std::vector<float> cpu = Core(fn, what, in, p);
          std::vector<float> zeros(in.size());  // the core at ±0, for subnormal inputs
          for (std::size_t i = 0; i < in.size(); ++i)
            zeros[i] = std::copysign(0.0f, in[i]);
          const std::vector<float> cpu0 = Core(fn, what, zeros, p);
          Stat& st = stats[what == Eval::kDerivative];
          int reported = 0;
          for (std::size_t i = 0; i < in.size(); ++i) {
            Stat scratch = st;
            std::string m = Check(fn, what, p, in[i], gpu[i], cpu[i], scratch);
            if (!m.empty() && in[i] != 0 && std::fabs(in[i]) < FLT_MIN) {
              Stat ignore;
              if (Check(fn, what, p, in[i], gpu[i], cpu0[i], ignore).empty()) m.clear();
            } else {
              st = scratch;
            }
            if (!m.empty() && reported++ < 5) failures.push_back(m);
          }
        }
      }
      char row[200];
      std::snprintf(row, sizeof row, "%-17s f: %6.2f ulp(S) at %-12.6g f': %6.2f ulp(S) at %.6g",
                    std::string(fn.name).c_str(), stats[0].worst, stats[0].at, stats[1].worst,
                    stats[1].at);
      table.push_back(row);
    }
  });
  ASSERT_EQ(setup, "");
  std::printf(
      "max |gpu − cpu| per function, in units of 2^-23·S (S = |cpu| or cancelling terms):\n");
  for (const std::string& r : table)
    std::printf("  %s\n", r.c_str());
  for (const std::string& f : failures)
    ADD_FAILURE() << f;
}

// A new row needs its two GLSL functions, named after it; the dispatch is generated from the
// catalogue. Without them the shader would not compile (the test above fails with the log);
// this says which row is missing what, and finds functions whose row is gone.
TEST(ShaderCatalogue, every_row_has_its_glsl_functions_and_every_function_a_row) {
  const std::string src(EmbeddedCatalogue());
  std::set<std::string> rows;
  for (const Activation& fn : Catalogue()) {
    const std::string name(fn.name);
    rows.insert(name);
    for (const char* kind : {"f", "df"}) {
      const std::string def = "float act_" + std::string(kind) + "_" + name + "(float x, vec4 p)";
      EXPECT_NE(src.find(def), std::string::npos) << "shaders/activations.glsl lacks " << def;
      const std::string call = "return act_" + std::string(kind) + "_" + name + "(x, p);";
      EXPECT_NE(src.find(call), std::string::npos) << "the generated dispatch lacks " << call;
    }
  }
  // Every definition "float act_f_NAME(float x, vec4 p)" or "float act_df_…": a plain scan
  // (std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizers).
  int defs = 0;
  for (const std::string kind : {"float act_f_", "float act_df_"})
    for (std::size_t at = src.find(kind); at != std::string::npos; at = src.find(kind, at + 1)) {
      const std::size_t open = src.find('(', at);
      const std::string name = src.substr(at + kind.size(), open - at - kind.size());
      if (src.compare(open, 19, "(float x, vec4 p) {") != 0) continue;  // a helper, not a row
      EXPECT_TRUE(rows.count(name)) << kind << name << " has no catalogue row";
      ++defs;
    }
  EXPECT_EQ(defs, 2 * static_cast<int>(rows.size()));
}

TEST(ShaderProgram, a_compile_error_is_reported_with_the_log) {
  std::string message;
  const std::string setup = OnGpuThread([&](std::string& failure) {
    std::string error;
    auto map = ActivationMap::Create(error,
                                     "float act_f(int id, float x, vec4 p) { return x +; }\n"
                                     "float act_df(int id, float x, vec4 p) { return x; }\n");
    if (map) failure = "a broken catalogue compiled";
    message = error;
    // The real catalogue still compiles afterwards (no state left behind), and so does its
    // fallback for drivers without ARB_gpu_shader5 (no `precise`: plain float pairs).
    if (!ActivationMap::Create(error)) failure = "the embedded catalogue fails: " + error;
    std::string plain(EmbeddedCatalogue());
    const std::size_t at = plain.find("#ifdef GL_ARB_gpu_shader5");
    if (at == std::string::npos) return void(failure = "no ARB_gpu_shader5 switch found");
    plain.replace(at, 25, "#if 0");
    if (!ActivationMap::Create(error, plain))
      failure = "the catalogue without ARB_gpu_shader5 fails: " + error;
  });
  ASSERT_EQ(setup, "");
  std::printf("the compile error as reported:\n%s\n", message.c_str());
  EXPECT_NE(message.find("does not compile"), std::string::npos) << message;
  EXPECT_NE(message.find("activations.glsl"), std::string::npos) << message;
  // Mesa reports "1:1(...)": source string 1 (the catalogue), line 1.
  EXPECT_NE(message.find("1:1"), std::string::npos) << message;
}

// Tiles overlapping by one pixel give the same values as one texture, for nearest and linear
// sampling and a zoomed, panned view; and nearest sampling at 1:1 is the image itself.
TEST(ShaderMap, tiled_images_are_seamless_and_nearest_is_pixel_exact) {
  const std::string setup = OnGpuThread([&](std::string& failure) {
    std::string error;
    auto map = ActivationMap::Create(error);
    if (!map) {
      failure = error;
      return;
    }
    const int w = 37, h = 23;
    std::vector<float> img(w * h);
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> u(-4, 4);
    for (float& v : img)
      v = u(rng);
    const Activation& lin = *Find("linear");
    const int lin_index = static_cast<int>(&lin - Catalogue().data());
    MapStyle s = StyleFor(lin_index, Defaults(lin), Eval::kValue);
    std::vector<float> one, tiled;
    if (auto e = map->SetImage(w, h, img)) return void(failure = *e);
    if (auto e = map->RenderValues(s, w, h, one)) return void(failure = *e);
    if (one != img) return void(failure = "nearest sampling at 1:1 is not the image");
    for (Sampling sampling : {Sampling::kNearest, Sampling::kLinear}) {
      for (UvRect uv : {UvRect{0, 0, 1, 1}, UvRect{0.13f, 0.21f, 0.71f, 0.93f},
                        UvRect{-0.1f, -0.2f, 1.3f, 1.1f}}) {
        s.sampling = sampling;
        s.uv = uv;
        map->set_max_tile(1 << 30);
        if (auto e = map->SetImage(w, h, img)) return void(failure = *e);
        if (auto e = map->RenderValues(s, 101, 67, one)) return void(failure = *e);
        map->set_max_tile(8);
        if (auto e = map->SetImage(w, h, img)) return void(failure = *e);
        if (auto e = map->RenderValues(s, 101, 67, tiled)) return void(failure = *e);
        for (std::size_t i = 0; i < one.size(); ++i)
          if (!(one[i] == tiled[i]))
            return void(failure = "tiled and whole differ at pixel " + std::to_string(i) + ": " +
                                  std::to_string(one[i]) + " vs " + std::to_string(tiled[i]));
      }
    }
  });
  EXPECT_EQ(setup, "");
}

// A 24-megapixel image (6000×4000) uploads; a 1:1 window onto it, straddling a tile seam when
// tiles are forced to 4096 texels, matches the core.
TEST(ShaderMap, a_24_megapixel_image_renders_at_one_to_one) {
  const std::string setup = OnGpuThread([&](std::string& failure) {
    std::string error;
    auto map = ActivationMap::Create(error);
    if (!map) return void(failure = error);
    const int w = 6000, h = 4000;
    std::vector<float> img(static_cast<std::size_t>(w) * h);
    for (std::size_t i = 0; i < img.size(); ++i)
      img[i] = static_cast<float>(static_cast<int>((i * 2654435761u) % 2001) - 1000) / 100.0f;
    const Activation& elu = *Find("elu");
    const int index = static_cast<int>(&elu - Catalogue().data());
    for (int tile : {1 << 30, 4096}) {
      map->set_max_tile(tile);
      if (auto e = map->SetImage(w, h, img)) return void(failure = *e);
      MapStyle s = StyleFor(index, Defaults(elu), Eval::kValue);
      const int x0 = 4060, y0 = 3950, n = 64, m = 50;  // across x = 4095, to the bottom edge
      s.uv = {static_cast<float>(x0) / w, static_cast<float>(y0) / h,
              static_cast<float>(x0 + n) / w, static_cast<float>(y0 + m) / h};
      std::vector<float> gpu;
      if (auto e = map->RenderValues(s, n, m, gpu)) return void(failure = *e);
      std::vector<float> in(static_cast<std::size_t>(n) * m), cpu(in.size());
      for (int y = 0; y < m; ++y)
        for (int x = 0; x < n; ++x)
          in[static_cast<std::size_t>(y) * n + x] =
              img[static_cast<std::size_t>(y0 + y) * w + (x0 + x)];
      Apply(elu, Eval::kValue, in, cpu, Defaults(elu));
      for (std::size_t i = 0; i < cpu.size(); ++i)
        if (!(std::fabs(gpu[i] - cpu[i]) <= kUlps * kEps * std::fabs(cpu[i]) + FLT_MIN))
          return void(failure = "pixel " + std::to_string(i) + " (tile " + std::to_string(tile) +
                                "): gpu " + std::to_string(gpu[i]) + ", cpu " +
                                std::to_string(cpu[i]));
    }
  });
  EXPECT_EQ(setup, "");
}

// Colour: t = clamp((y − lo)/(hi − lo)), entry round(t·255), ±∞ clipped, NaN its own colour,
// a constant range mid-scale.
TEST(ShaderMap, colours_come_from_the_callers_colormap) {
  const std::string setup = OnGpuThread([&](std::string& failure) {
    std::string error;
    auto map = ActivationMap::Create(error);
    if (!map) return void(failure = error);
    std::vector<std::uint8_t> cmap(256 * 3);
    for (int i = 0; i < 256; ++i) {
      cmap[i * 3] = static_cast<std::uint8_t>(i);
      cmap[i * 3 + 1] = static_cast<std::uint8_t>(255 - i);
      cmap[i * 3 + 2] = static_cast<std::uint8_t>(i / 2);
    }
    if (auto e = map->SetColormap(cmap)) return void(failure = *e);
    if (!map->SetColormap(std::vector<std::uint8_t>(10)))
      return void(failure = "a 10-byte colormap was accepted");
    const std::vector<float> in = {-1.0f, 0.0f, 0.25f, 0.5f, 1.0f, 2.0f, kInf, -kInf, kNaN};
    const int n = static_cast<int>(in.size());
    if (auto e = map->SetImage(n, 1, in)) return void(failure = *e);
    const Activation& lin = *Find("linear");
    MapStyle s = StyleFor(static_cast<int>(&lin - Catalogue().data()), Defaults(lin), Eval::kValue);
    s.lo = 0;
    s.hi = 1;
    s.nan_color = {0, 0, 1, 1};
    std::vector<std::uint8_t> rgba;
    if (auto e = map->RenderRgba(s, n, 1, rgba)) return void(failure = *e);
    const int want[] = {0, 0, 64, 128, 255, 255, 255, 0};
    for (int i = 0; i < n; ++i) {
      const std::uint8_t* px = &rgba[static_cast<std::size_t>(i) * 4];
      int r = 0, g = 0, b = 255;
      if (i < 8) r = want[i], g = 255 - want[i], b = want[i] / 2;
      if (px[0] != r || px[1] != g || px[2] != b || px[3] != 255)
        return void(failure = "pixel " + std::to_string(i) + " is " + std::to_string(px[0]) + "," +
                              std::to_string(px[1]) + "," + std::to_string(px[2]) + ", expected " +
                              std::to_string(r) + "," + std::to_string(g) + "," +
                              std::to_string(b));
    }
    s.lo = s.hi = 3;  // a constant map
    if (auto e = map->RenderRgba(s, n, 1, rgba)) return void(failure = *e);
    if (rgba[0] != 128) failure = "a constant range is not mid-scale: " + std::to_string(rgba[0]);
  });
  EXPECT_EQ(setup, "");
}

}  // namespace
}  // namespace actviz::gl
