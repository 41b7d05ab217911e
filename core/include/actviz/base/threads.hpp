// How many threads the core's array work may use (kernels over large arrays, samples, the
// image pipeline): by default every hardware thread; `actviz bench --threads T` sets it.
#pragma once

#include <cstdint>

namespace actviz {

void SetMaxThreads(int threads);  // < 1 means all hardware threads
int MaxThreads();

// The machine's physical memory in bytes (0 if unknown), for caps on what the window starts.
std::uint64_t PhysicalMemoryBytes();

}  // namespace actviz
