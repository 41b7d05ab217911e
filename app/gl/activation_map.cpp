// GPU activation map (placeholder).
#include "gl/activation_map.hpp"
