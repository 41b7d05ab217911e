// Placeholder: filled by the distributions test work (issue 4).
#include <gtest/gtest.h>
