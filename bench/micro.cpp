// Micro-benchmarks of the core (Google Benchmark): every f32 kernel, f and f′, on one thread
// and on all; the histogram, the sampler, the median and PNG encoding. Throughput is reported
// as items/s. `actviz bench` and bench/compare.sh measure the same work end to end and against
// numpy and PyTorch; this is for profiling one piece at a time:
//   build/bench/actviz_micro --benchmark_filter='Kernel/gelu'
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "actviz/activations/kernels.hpp"
#include "actviz/base/file_io.hpp"
#include "actviz/base/threads.hpp"
#include "actviz/image/image.hpp"
#include "actviz/stats/samples.hpp"

namespace actviz {
namespace {

// Inputs spread over [−8, 8], where every function does real work.
std::vector<float> Ramp(std::size_t n) {
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = -8.0f + 16.0f * static_cast<float>(i) / static_cast<float>(n);
  return x;
}

void Kernel(benchmark::State& state, const Activation* fn, Eval what, int threads) {
  SetMaxThreads(threads);
  const std::vector<float> x = Ramp(static_cast<std::size_t>(state.range(0)));
  std::vector<float> y(x.size());
  const Params p = Defaults(*fn);
  for (auto _ : state) {
    Apply(*fn, what, x, y, p);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  SetMaxThreads(0);
}

void Histogram(benchmark::State& state) {
  SampleSpec spec;
  spec.dist = Distribution::kNormal;
  std::vector<float> s(static_cast<std::size_t>(state.range(0)));
  DrawSamples(spec, 0, s);
  for (auto _ : state)
    benchmark::DoNotOptimize(MakeHistogram(s, 100));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(Histogram)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void Samples(benchmark::State& state) {
  SampleSpec spec;
  spec.dist = state.range(1) ? Distribution::kNormal : Distribution::kUniform;
  std::vector<float> s(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    DrawSamples(spec, 0, s);
    benchmark::DoNotOptimize(s.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(Samples)->Args({1 << 20, 0})->Args({1 << 20, 1})->Unit(benchmark::kMillisecond);

// A smooth synthetic photo: what the median, the map and PNG encoding see.
GrayImage Photo(int w, int h) {
  GrayImage g;
  g.width = w, g.height = h;
  g.v.resize(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      g.v[static_cast<std::size_t>(y) * w + x] =
          std::round(255 * (0.5f + 0.4f * std::sin(x * 0.01f) * std::cos(y * 0.013f))) / 255;
  return g;
}

void Median(benchmark::State& state) {
  const GrayImage g = Photo(4000, 3000);
  for (auto _ : state)
    benchmark::DoNotOptimize(CenterValue(g, CenterMode::kMedian, 0));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(g.v.size()));
}
BENCHMARK(Median)->Unit(benchmark::kMillisecond)->UseRealTime();

void EncodePhoto(benchmark::State& state) {
  const GrayImage g = Photo(2000, 1500);
  std::vector<std::uint8_t> pixels;
  MapToPixels(g.v, 0, 1, Colormap::kGray, pixels);
  std::vector<std::uint8_t> png;
  const auto content = state.range(0) ? PngContent::kPhoto : PngContent::kGraphics;
  for (auto _ : state)
    benchmark::DoNotOptimize(EncodePng(g.width, g.height, 1, pixels, png, content));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(g.v.size()));
  state.counters["bytes"] = static_cast<double>(png.size());
}
BENCHMARK(EncodePhoto)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

// One benchmark per catalogue row, f and f′, one thread and all: Kernel/<name>[′]/<threads>.
const int kRegistered = [] {
  for (const Activation& fn : Catalogue())
    for (Eval what : {Eval::kValue, Eval::kDerivative})
      for (int threads : {1, 0}) {
        const std::string name = "Kernel/" + std::string(fn.name) +
                                 (what == Eval::kDerivative ? "_d" : "") +
                                 (threads == 1 ? "/1thread" : "/all");
        benchmark::RegisterBenchmark(name.c_str(), Kernel, &fn, what, threads)
            ->Arg(1 << 22)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
      }
  return 0;
}();

}  // namespace
}  // namespace actviz

BENCHMARK_MAIN();
