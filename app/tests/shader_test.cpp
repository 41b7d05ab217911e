// GPU vs core (placeholder).
#include <gtest/gtest.h>
