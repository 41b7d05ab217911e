// A stats source that includes a room above it: tools/check_rooms.py must refuse it.
#include "actviz/networks/depth.hpp"
