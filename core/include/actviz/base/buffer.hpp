// Large arrays that are cheap to touch the first time. On this class of machine a fresh 4 KiB
// page costs ~10 µs to fault in: a 24 MP float image (96 MB) is 24 000 faults, a quarter of a
// second before any arithmetic. Advising transparent huge pages before the first touch makes
// it ~50 faults of 2 MiB (measured: 120 MB in 16 ms instead of 317 ms).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#if defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace actviz {

// Asks the kernel for huge pages over the 2 MiB-aligned part of [p, p + bytes). A hint: it may
// be ignored (THP off, other kernels), and nothing else changes.
inline void AdviseHugePages(void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p, (void)bytes;
#endif
}

// v.resize(n), with huge pages advised when the storage has to grow (existing elements kept).
template <class T>
void ResizeLarge(std::vector<T>& v, std::size_t n) {
  if (n > v.capacity() && n * sizeof(T) >= (std::size_t{1} << 22)) {
    std::vector<T> w;
    w.reserve(n);
    AdviseHugePages(w.data(), n * sizeof(T));
    w.assign(v.begin(), v.end());
    v.swap(w);
  }
  v.resize(n);
}

// The same for every allocation of the process below 32 MiB, the GL driver's included (its
// renderbuffers and textures, ImGui's vertex buffers): malloc serves them from one heap that is
// reserved up front (`reserve` bytes of address space, no memory until touched) with huge pages
// advised, instead of a fresh mmap of 4 KiB pages each. What glibc.malloc.hugetlb=1 does, done
// from inside since tunables are read only at exec. Call first thing in main, before threads.
// Costs: memory is handed out in 2 MiB pages and the heap is not trimmed below `reserve`.
inline void UseHugePagesForHeap(std::size_t reserve) {
#if defined(__linux__) && defined(MADV_HUGEPAGE) && defined(M_TOP_PAD)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc allows; larger blocks stay mmap'd
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(reserve) * 2);
  mallopt(M_TOP_PAD, static_cast<int>(reserve));
  void* const before = sbrk(0);
  // Grows the heap by 1 MiB + the pad (volatile: a malloc/free pair may be optimised out).
  void* volatile p = std::malloc(1 << 20);
  void* const after = sbrk(0);
  std::free(p);
  mallopt(M_TOP_PAD, 1 << 20);  // later growth in small steps (past the reserve: 4 KiB pages)
  if (before != reinterpret_cast<void*>(-1) && after > before)
    AdviseHugePages(before, static_cast<char*>(after) - static_cast<char*>(before));
#else
  (void)reserve;
#endif
}

}  // namespace actviz
