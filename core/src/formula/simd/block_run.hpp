// The block fast path's builds, one per ISA (block_base.cpp, block_avx2.cpp,
// block_avx512.cpp); block.cpp picks one at run time.
#pragma once

#include "formula/block.hpp"

namespace actviz::formula::detail {
#define ACTVIZ_BLOCK_RUN(isa)                                                          \
  namespace isa {                                                                      \
  std::size_t RunBlock(const BlockProgram& p, const float* x, std::size_t n, float* y, \
                       std::uint8_t* proven);                                          \
  }
ACTVIZ_BLOCK_RUN(base)
ACTVIZ_BLOCK_RUN(avx2)
ACTVIZ_BLOCK_RUN(avx512)
#undef ACTVIZ_BLOCK_RUN
}  // namespace actviz::formula::detail
