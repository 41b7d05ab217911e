// Image pipeline (placeholder).
#include "actviz/image.hpp"
