// Which x86-64 level this CPU has, for the run-time dispatch of the vector loops (a load of
// libgcc's CPU model).
#pragma once

// GCC names the x86-64 levels; clang 14 (scripts/fuzz.sh) knows only single features, so
// there the levels are spelled out (v3's LZCNT, MOVBE, F16C come with AVX2 + BMI2 on every
// CPU that has them).
#if defined(__x86_64__) && defined(__clang__) && __clang_major__ < 16
#define ACTVIZ_HAS_V3()                                               \
  (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && \
   __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2"))
#define ACTVIZ_HAS_V4()                                                                          \
  (ACTVIZ_HAS_V3() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && \
   __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") &&                   \
   __builtin_cpu_supports("avx512vl"))
#else
#define ACTVIZ_HAS_V3() __builtin_cpu_supports("x86-64-v3")
#define ACTVIZ_HAS_V4() __builtin_cpu_supports("x86-64-v4")
#endif
