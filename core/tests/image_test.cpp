// Image pipeline tests (placeholder).
#include <gtest/gtest.h>
