/* stb_image's implementation from Debian's libstb-dev header, compiled with the fuzz build's
   sanitizers and coverage (fuzz/CMakeLists.txt) so that fuzz_image sees inside the decoder. */
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
