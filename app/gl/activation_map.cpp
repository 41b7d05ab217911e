// The activation map program: shaders/activations.glsl (embedded) between a quad vertex shader
// and a fragment main that fetches x, applies act_f/act_df and colours y. Image pixels are
// found from gl_FragCoord (not interpolated UVs), so nearest sampling is pixel-exact.
//
// Sections: sources · program · GL state save/restore · image and colormap · drawing
#include "gl/activation_map.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstring>

extern "C" const unsigned char actviz_shader_activations[], actviz_shader_activations_end[];

namespace actviz::gl {
namespace {

// ------------------------------------------------------------------------------ sources

constexpr const char* kVersion = "#version 330 core\n";

constexpr const char* kVertex = R"(#version 330 core
// A quad over u_ndc (x0, y0, x1, y1), from gl_VertexID: no vertex buffer.
uniform vec4 u_ndc;
void main() {
  vec2 c = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  gl_Position = vec4(mix(u_ndc.xy, u_ndc.zw, c), 0.0, 1.0);
}
)";

// Appended after the catalogue (its own #line numbering, source string 2).
constexpr const char* kFragmentMain = R"(
#line 1 2
uniform vec2 u_frag0;         // framebuffer position of the viewport's top-left corner
uniform vec2 u_px_per_frag;   // image pixels per framebuffer pixel (x right, y down)
uniform vec2 u_px0;           // image position at the viewport's top-left corner
uniform ivec4 u_tile;         // this tile's x0, y0, w, h in image pixels
uniform sampler2D u_image;    // the tile, R32F, row 0 = its top row
uniform sampler2D u_cmap;     // N×1 RGB colormap
uniform int u_cmap_n;
uniform int u_fn;
uniform vec4 u_params;
uniform vec4 u_params2;       // parameters 5…8 and 9…12 (maxout's pieces past the second)
uniform vec4 u_params3;
uniform bool u_deriv;
uniform float u_gain;
uniform vec2 u_range;         // lo, hi
uniform vec4 u_nan;
uniform bool u_linear;
uniform bool u_raw;
out vec4 o_color;

float fetch(ivec2 i) {
  return texelFetch(u_image, clamp(i, ivec2(0), u_tile.zw - 1), 0).r;
}

void main() {
  vec2 d = vec2(gl_FragCoord.x - u_frag0.x, u_frag0.y - gl_FragCoord.y);
  vec2 px = u_px0 + d * u_px_per_frag - vec2(u_tile.xy);
  float x;
  if (u_linear) {
    vec2 q = px - 0.5;
    vec2 q0 = floor(q);
    vec2 f = q - q0;
    ivec2 i = ivec2(q0);
    float a = mix(fetch(i), fetch(i + ivec2(1, 0)), f.x);
    float b = mix(fetch(i + ivec2(0, 1)), fetch(i + ivec2(1, 1)), f.x);
    x = mix(a, b, f.y);
  } else {
    x = fetch(ivec2(floor(px)));
  }
  x *= u_gain;
  act_p2 = u_params2;
  act_p3 = u_params3;
  float y = ACT_DERIV ? act_df(ACT_FN, x, u_params) : act_f(ACT_FN, x, u_params);
  if (u_raw) {
    o_color = vec4(y, 0.0, 0.0, 1.0);
    return;
  }
  if (isnan(y)) {
    o_color = u_nan;
    return;
  }
  float t = u_range.y > u_range.x ? clamp((y - u_range.x) / (u_range.y - u_range.x), 0.0, 1.0)
                                  : 0.5;
  int k = clamp(int(floor(t * float(u_cmap_n - 1) + 0.5)), 0, u_cmap_n - 1);
  o_color = vec4(texelFetch(u_cmap, ivec2(k, 0), 0).rgb, 1.0);
}
)";

// ------------------------------------------------------------------------------ program

// The info log of a shader (glGetShaderiv, glGetShaderInfoLog) or a program (the Program pair).
std::string InfoLog(GLuint id, PFNGLGETSHADERIVPROC get_iv, PFNGLGETSHADERINFOLOGPROC get_log) {
  GLint len = 0;
  get_iv(id, GL_INFO_LOG_LENGTH, &len);
  std::string log(static_cast<std::size_t>(std::max(len, 1)), '\0');
  get_log(id, len, nullptr, log.data());
  log.resize(std::strlen(log.c_str()));
  return log;
}

// Compiles one stage from several strings; 0 and the log in `error` on failure.
GLuint Compile(GLenum stage, std::span<const std::string_view> parts, const char* what,
               std::string& error) {
  std::vector<const GLchar*> ptrs;
  std::vector<GLint> lens;
  for (std::string_view p : parts) {
    ptrs.push_back(p.data());
    lens.push_back(static_cast<GLint>(p.size()));
  }
  GLuint s = glCreateShader(stage);
  glShaderSource(s, static_cast<GLsizei>(ptrs.size()), ptrs.data(), lens.data());
  glCompileShader(s);
  GLint ok = GL_FALSE;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    error = std::string("the ") + what +
            " shader does not compile (source 1 is shaders/activations.glsl, 2 the map's main):\n" +
            InfoLog(s, glGetShaderiv, glGetShaderInfoLog);
    glDeleteShader(s);
    return 0;
  }
  return s;
}

// ------------------------------------------------------------- GL state save/restore

// The state Render and RenderValues change, restored on scope exit (as imgui's OpenGL 3
// backend does).
class SavedState {
 public:
  SavedState() {
    glGetIntegerv(GL_CURRENT_PROGRAM, &program_);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &active_);
    for (int u = 0; u < 2; ++u) {
      glActiveTexture(GL_TEXTURE0 + u);
      glGetIntegerv(GL_TEXTURE_BINDING_2D, &tex_[u]);
    }
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao_);
    glGetIntegerv(GL_VIEWPORT, viewport_);
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fbo_);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fbo_);
    glGetIntegerv(GL_RENDERBUFFER_BINDING, &rbo_);
    blend_ = glIsEnabled(GL_BLEND);
    depth_ = glIsEnabled(GL_DEPTH_TEST);
    cull_ = glIsEnabled(GL_CULL_FACE);
    stencil_ = glIsEnabled(GL_STENCIL_TEST);
  }
  ~SavedState() {
    glUseProgram(static_cast<GLuint>(program_));
    for (int u = 0; u < 2; ++u) {
      glActiveTexture(GL_TEXTURE0 + u);
      glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(tex_[u]));
    }
    glActiveTexture(static_cast<GLenum>(active_));
    glBindVertexArray(static_cast<GLuint>(vao_));
    glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(draw_fbo_));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_fbo_));
    glBindRenderbuffer(GL_RENDERBUFFER, static_cast<GLuint>(rbo_));
    Set(GL_BLEND, blend_);
    Set(GL_DEPTH_TEST, depth_);
    Set(GL_CULL_FACE, cull_);
    Set(GL_STENCIL_TEST, stencil_);
  }
  SavedState(const SavedState&) = delete;
  SavedState& operator=(const SavedState&) = delete;

 private:
  static void Set(GLenum cap, GLboolean on) { on ? glEnable(cap) : glDisable(cap); }
  GLint program_ = 0, active_ = GL_TEXTURE0, tex_[2] = {0, 0}, vao_ = 0, viewport_[4] = {};
  GLint draw_fbo_ = 0, read_fbo_ = 0, rbo_ = 0;
  GLboolean blend_ = GL_FALSE, depth_ = GL_FALSE, cull_ = GL_FALSE, stencil_ = GL_FALSE;
};

// Pixel unpack/pack state and the bound texture of the active unit, for uploads and reads.
class SavedTransfer {
 public:
  SavedTransfer() {
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &tex_);
    glGetIntegerv(GL_PIXEL_UNPACK_BUFFER_BINDING, &unpack_buf_);
    glGetIntegerv(GL_PIXEL_PACK_BUFFER_BINDING, &pack_buf_);
    for (int i = 0; i < 4; ++i) {
      glGetIntegerv(kUnpack[i], &unpack_[i]);
      glGetIntegerv(kPack[i], &pack_[i]);
    }
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  }
  ~SavedTransfer() {
    for (int i = 0; i < 4; ++i) {
      glPixelStorei(kUnpack[i], unpack_[i]);
      glPixelStorei(kPack[i], pack_[i]);
    }
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, static_cast<GLuint>(unpack_buf_));
    glBindBuffer(GL_PIXEL_PACK_BUFFER, static_cast<GLuint>(pack_buf_));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(tex_));
  }
  SavedTransfer(const SavedTransfer&) = delete;
  SavedTransfer& operator=(const SavedTransfer&) = delete;

 private:
  static constexpr GLenum kUnpack[4] = {GL_UNPACK_ALIGNMENT, GL_UNPACK_ROW_LENGTH,
                                        GL_UNPACK_SKIP_PIXELS, GL_UNPACK_SKIP_ROWS};
  static constexpr GLenum kPack[4] = {GL_PACK_ALIGNMENT, GL_PACK_ROW_LENGTH, GL_PACK_SKIP_PIXELS,
                                      GL_PACK_SKIP_ROWS};
  GLint tex_ = 0, unpack_buf_ = 0, pack_buf_ = 0, unpack_[4] = {}, pack_[4] = {};
};

void NearestClampParams() {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

// Clears pending GL errors so the next check sees only ours.
void DrainErrors() {
  for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; ++i) {
  }
}

// Tile starts along one axis: sides of at most `max` texels overlapping by one texel.
std::vector<int> TileStarts(int size, int max) {
  std::vector<int> starts{0};
  while (starts.back() + max < size)
    starts.push_back(starts.back() + max - 1);
  return starts;
}

}  // namespace

std::string_view EmbeddedCatalogue() {
  return {reinterpret_cast<const char*>(actviz_shader_activations),
          static_cast<std::size_t>(actviz_shader_activations_end - actviz_shader_activations)};
}

// -------------------------------------------------------------------------------- program

namespace {

// Compiles and links the map program; `defines` picks the function: the generic program takes
// it from the uniforms u_fn and u_deriv, a specialised one has both as constants.
GLuint BuildProgram(std::string_view catalogue_glsl, const std::string& defines,
                    std::string& error) {
  const std::string_view vs_parts[] = {kVertex};
  // Source string 1 is the catalogue, so compile logs give its own line numbers.
  const std::string_view fs_parts[] = {kVersion, defines, "#line 1 1\n", catalogue_glsl,
                                       kFragmentMain};
  GLuint vs = Compile(GL_VERTEX_SHADER, vs_parts, "vertex", error);
  if (!vs) return 0;
  GLuint fs = Compile(GL_FRAGMENT_SHADER, fs_parts, "activation map fragment", error);
  if (!fs) {
    glDeleteShader(vs);
    return 0;
  }
  GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDetachShader(program, vs);
  glDetachShader(program, fs);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    error = "the activation map program does not link:\n" +
            InfoLog(program, glGetProgramiv, glGetProgramInfoLog);
    glDeleteProgram(program);
    return 0;
  }
  return program;
}

}  // namespace

std::unique_ptr<ActivationMap> ActivationMap::Create(std::string& error,
                                                     std::string_view catalogue_glsl) {
  const GLuint program =
      BuildProgram(catalogue_glsl, "#define ACT_FN u_fn\n#define ACT_DERIV u_deriv\n", error);
  if (!program) return nullptr;
  std::unique_ptr<ActivationMap> m(new ActivationMap);
  m->catalogue_ = std::string(catalogue_glsl);
  m->program_ = program;
  m->Locate(program);
  GLint max_tex = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_tex);
  m->max_tile_ = max_tex;
  GLuint vao = 0;
  glGenVertexArrays(1, &vao);
  m->vao_ = vao;
  return m;
}

void ActivationMap::Locate(unsigned program) const {
  auto loc = [program](const char* name) { return glGetUniformLocation(program, name); };
  loc_ndc_ = loc("u_ndc");
  loc_frag0_ = loc("u_frag0");
  loc_px_per_frag_ = loc("u_px_per_frag");
  loc_px0_ = loc("u_px0");
  loc_tile_ = loc("u_tile");
  loc_image_ = loc("u_image");
  loc_cmap_ = loc("u_cmap");
  loc_cmap_n_ = loc("u_cmap_n");
  loc_fn_ = loc("u_fn");  // -1 in a specialised program: setting it is then a no-op
  loc_params_ = loc("u_params");
  loc_params2_ = loc("u_params2");
  loc_params3_ = loc("u_params3");
  loc_deriv_ = loc("u_deriv");
  loc_gain_ = loc("u_gain");
  loc_range_ = loc("u_range");
  loc_nan_ = loc("u_nan");
  loc_linear_ = loc("u_linear");
  loc_raw_ = loc("u_raw");
  located_ = program;
}

unsigned ActivationMap::ProgramFor(int function, bool derivative) const {
  // On llvmpipe the generic program runs every branch of the catalogue's switch under masks
  // (~120 ns a fragment whatever the function); one specialised to the function is several
  // times faster. Built on first use (a one-off hitch), kept for the session; if it cannot be
  // built the generic program draws.
  const int key = 2 * function + (derivative ? 1 : 0);
  auto it = specialised_.find(key);
  if (it == specialised_.end()) {
    std::string error;
    const GLuint p =
        BuildProgram(catalogue_,
                     "#define ACT_FN " + std::to_string(function) + "\n#define ACT_DERIV " +
                         (derivative ? "true" : "false") + "\n",
                     error);
    it = specialised_.emplace(key, p ? p : program_).first;
  }
  return it->second;
}

ActivationMap::~ActivationMap() {
  FreeTiles(tiles_);
  if (colormap_) glDeleteTextures(1, &colormap_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  for (const auto& [key, p] : specialised_)
    if (p != program_) glDeleteProgram(p);
  if (program_) glDeleteProgram(program_);
}

void ActivationMap::set_max_tile(int texels) {
  GLint max_tex = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_tex);
  max_tile_ = std::clamp(texels, 2, static_cast<int>(max_tex));
}

void ActivationMap::FreeTiles(std::vector<Tile>& tiles) const {
  for (Tile& t : tiles)
    if (t.texture) glDeleteTextures(1, &t.texture);
  tiles.clear();
}

// ----------------------------------------------------------------------- image and colormap

std::optional<std::string> ActivationMap::SetImage(int width, int height,
                                                   std::span<const float> x) {
  if (width <= 0 || height <= 0)
    return "image size " + std::to_string(width) + "×" + std::to_string(height) + " is empty";
  if (x.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height))
    return "image data has " + std::to_string(x.size()) + " values, not " + std::to_string(width) +
           "×" + std::to_string(height);
  SavedTransfer saved;
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, width);
  DrainErrors();
  std::vector<Tile> tiles;
  for (int y0 : TileStarts(height, max_tile_)) {
    for (int x0 : TileStarts(width, max_tile_)) {
      Tile t{0, x0, y0, std::min(max_tile_, width - x0), std::min(max_tile_, height - y0)};
      glGenTextures(1, &t.texture);
      tiles.push_back(t);
      glBindTexture(GL_TEXTURE_2D, t.texture);
      NearestClampParams();
      glPixelStorei(GL_UNPACK_SKIP_PIXELS, x0);
      glPixelStorei(GL_UNPACK_SKIP_ROWS, y0);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, t.w, t.h, 0, GL_RED, GL_FLOAT, x.data());
      const GLenum err = glGetError();
      if (err != GL_NO_ERROR) {
        FreeTiles(tiles);
        return "cannot upload a " + std::to_string(width) + "×" + std::to_string(height) +
               " float image to the GPU (" +
               (err == GL_OUT_OF_MEMORY ? std::string("out of GPU memory")
                                        : "GL error " + std::to_string(err)) +
               ")";
      }
    }
  }
  FreeTiles(tiles_);
  tiles_ = std::move(tiles);
  width_ = width;
  height_ = height;
  return std::nullopt;
}

std::optional<std::string> ActivationMap::SetColormap(std::span<const std::uint8_t> rgb) {
  const std::size_t n = rgb.size() / 3;
  GLint max_tex = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_tex);
  if (rgb.size() % 3 != 0 || n < 2 || n > static_cast<std::size_t>(max_tex))
    return "a colormap is N×3 bytes with 2 ≤ N ≤ " + std::to_string(max_tex) + " (got " +
           std::to_string(rgb.size()) + " bytes)";
  SavedTransfer saved;
  if (!colormap_) glGenTextures(1, &colormap_);
  glBindTexture(GL_TEXTURE_2D, colormap_);
  NearestClampParams();
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, static_cast<GLsizei>(n), 1, 0, GL_RGB, GL_UNSIGNED_BYTE,
               rgb.data());
  colormap_size_ = static_cast<int>(n);
  return std::nullopt;
}

// ------------------------------------------------------------------------------- drawing

void ActivationMap::Draw(const MapStyle& s, PixelRect vp, bool raw) const {
  const float U0 = s.uv.u0 * static_cast<float>(width_), U1 = s.uv.u1 * static_cast<float>(width_);
  const float V0 = s.uv.v0 * static_cast<float>(height_),
              V1 = s.uv.v1 * static_cast<float>(height_);
  if (vp.width <= 0 || vp.height <= 0 || !(U1 > U0) || !(V1 > V0) || tiles_.empty()) return;

  glViewport(vp.x, vp.y, vp.width, vp.height);
  glDisable(GL_BLEND);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_STENCIL_TEST);
  const unsigned program = ProgramFor(s.function, s.what == Eval::kDerivative);
  if (program != located_) Locate(program);
  glUseProgram(program);
  glBindVertexArray(vao_);
  glUniform2f(loc_frag0_, static_cast<float>(vp.x), static_cast<float>(vp.y + vp.height));
  glUniform2f(loc_px_per_frag_, (U1 - U0) / static_cast<float>(vp.width),
              (V1 - V0) / static_cast<float>(vp.height));
  glUniform2f(loc_px0_, U0, V0);
  glUniform1i(loc_image_, 0);
  glUniform1i(loc_cmap_, 1);
  glUniform1i(loc_cmap_n_, std::max(colormap_size_, 1));
  glUniform1i(loc_fn_, s.function);
  glUniform4f(loc_params_, s.params[0], s.params[1], s.params[2], s.params[3]);
  glUniform4f(loc_params2_, s.params[4], s.params[5], s.params[6], s.params[7]);
  glUniform4f(loc_params3_, s.params[8], s.params[9], s.params[10], 0.0f);
  glUniform1i(loc_deriv_, s.what == Eval::kDerivative);
  glUniform1f(loc_gain_, s.gain);
  glUniform2f(loc_range_, s.lo, s.hi);
  glUniform4f(loc_nan_, s.nan_color[0], s.nan_color[1], s.nan_color[2], s.nan_color[3]);
  glUniform1i(loc_linear_, s.sampling == Sampling::kLinear);
  glUniform1i(loc_raw_, raw);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, colormap_);
  glActiveTexture(GL_TEXTURE0);

  // Each tile draws the part of the image it answers for: from its first pixel centre to its
  // last (the image edges at the ends), so overlapping tiles meet exactly once.
  auto to_ndc = [](float v, float a, float b) {
    return 2.0f * std::clamp((v - a) / (b - a), 0.0f, 1.0f) - 1.0f;
  };
  for (const Tile& t : tiles_) {
    const float a = t.x0 == 0 ? 0.0f : static_cast<float>(t.x0) + 0.5f;
    const float b =
        t.x0 + t.w == width_ ? static_cast<float>(width_) : static_cast<float>(t.x0 + t.w) - 0.5f;
    const float c = t.y0 == 0 ? 0.0f : static_cast<float>(t.y0) + 0.5f;
    const float d =
        t.y0 + t.h == height_ ? static_cast<float>(height_) : static_cast<float>(t.y0 + t.h) - 0.5f;
    if (b <= U0 || a >= U1 || d <= V0 || c >= V1) continue;
    // The first and last tiles also own everything beyond the image (clamped edge pixels).
    const float x0 = t.x0 == 0 ? -1.0f : to_ndc(a, U0, U1);
    const float x1 = t.x0 + t.w == width_ ? 1.0f : to_ndc(b, U0, U1);
    const float y0 = t.y0 == 0 ? 1.0f : -to_ndc(c, V0, V1);  // image v grows downward
    const float y1 = t.y0 + t.h == height_ ? -1.0f : -to_ndc(d, V0, V1);
    glUniform4f(loc_ndc_, x0, y1, x1, y0);
    glUniform4i(loc_tile_, t.x0, t.y0, t.w, t.h);
    glBindTexture(GL_TEXTURE_2D, t.texture);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  }
}

void ActivationMap::Render(const MapStyle& style, PixelRect viewport) const {
  if (!colormap_) return;
  SavedState saved;
  Draw(style, viewport, false);
}

std::optional<std::string> ActivationMap::Offscreen(const MapStyle& style, int width, int height,
                                                    bool raw, void* out) const {
  if (tiles_.empty()) return "no image to render";
  if (!raw && !colormap_) return "no colormap to render with";
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_size);
  if (width <= 0 || height <= 0 || width > max_size || height > max_size)
    return "render target " + std::to_string(width) + "×" + std::to_string(height) +
           " is outside what this GL can render (max " + std::to_string(max_size) + ")";
  SavedState saved;
  SavedTransfer transfer;
  GLuint fbo = 0, rbo = 0;
  glGenFramebuffers(1, &fbo);
  glGenRenderbuffers(1, &rbo);
  glBindRenderbuffer(GL_RENDERBUFFER, rbo);
  glRenderbufferStorage(GL_RENDERBUFFER, raw ? GL_R32F : GL_RGBA8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rbo);
  std::optional<std::string> error;
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    error = std::string("cannot create an ") + (raw ? "R32F" : "RGBA8") + " framebuffer of " +
            std::to_string(width) + "×" + std::to_string(height);
  } else {
    Draw(style, {0, 0, width, height}, raw);
    const std::size_t row = static_cast<std::size_t>(width) * (raw ? sizeof(float) : 4);
    std::vector<unsigned char> rows(row * static_cast<std::size_t>(height));
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    glPixelStorei(GL_PACK_SKIP_PIXELS, 0);
    glPixelStorei(GL_PACK_SKIP_ROWS, 0);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glReadPixels(0, 0, width, height, raw ? GL_RED : GL_RGBA, raw ? GL_FLOAT : GL_UNSIGNED_BYTE,
                 rows.data());
    auto* dst = static_cast<unsigned char*>(out);
    for (int y = 0; y < height; ++y)  // GL rows are bottom first
      std::memcpy(dst + static_cast<std::size_t>(height - 1 - y) * row,
                  rows.data() + static_cast<std::size_t>(y) * row, row);
  }
  glDeleteRenderbuffers(1, &rbo);
  glDeleteFramebuffers(1, &fbo);
  return error;
}

std::optional<std::string> ActivationMap::RenderValues(const MapStyle& style, int width, int height,
                                                       std::vector<float>& out) const {
  std::vector<float> values(static_cast<std::size_t>(std::max(width, 0)) *
                            static_cast<std::size_t>(std::max(height, 0)));
  if (auto e = Offscreen(style, width, height, true, values.data())) return e;
  out = std::move(values);
  return std::nullopt;
}

std::optional<std::string> ActivationMap::RenderRgba(const MapStyle& style, int width, int height,
                                                     std::vector<std::uint8_t>& rgba) const {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(std::max(width, 0)) *
                                   static_cast<std::size_t>(std::max(height, 0)) * 4);
  if (auto e = Offscreen(style, width, height, false, pixels.data())) return e;
  rgba = std::move(pixels);
  return std::nullopt;
}

}  // namespace actviz::gl
