// How many threads the core's array work may use (kernels over large arrays, samples, the
// image pipeline): by default every hardware thread; `actviz bench --threads T` sets it.
#pragma once

namespace actviz {

void SetMaxThreads(int threads);  // < 1 means all hardware threads
int MaxThreads();

}  // namespace actviz
