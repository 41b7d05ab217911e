// The only door to OpenGL: every gl* call in actviz lives under app/gl/.
#pragma once

#include <cstdint>
#include <vector>

namespace actviz::gl {

using ProcLoader = void (*(*)(const char*))();

// Loads the GL 3.3 core entry points through the window system's loader (glfwGetProcAddress
// or eglGetProcAddress). False when the context is too old or missing functions.
bool LoadFunctions(ProcLoader loader);

// Starts a frame: viewport to the framebuffer size and clears it to the given colour.
void BeginFrame(int width, int height, float r, float g, float b);

// Waits until everything drawn so far is finished (frame timing).
void Finish();

// The current read framebuffer as RGBA8, rows top to bottom (GL's are bottom to top).
std::vector<std::uint8_t> ReadPixelsRgba(int width, int height);

}  // namespace actviz::gl
