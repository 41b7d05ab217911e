// The window's lifetime in named phases (init, frames, shutdown in reverse), after imgui's
// example_glfw_opengl3. The App draws; GL goes through app/gl/; the session is restored at
// start, saved soon after each change and at exit (not for --screenshot runs, which are
// reproducible by design).
#include "gui/shell/gui.hpp"

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "actviz/base/file_io.hpp"
#include "figure/theme.hpp"
#include "gl/damage.hpp"
#include "gl/gl.hpp"
#include "gl/present.hpp"
#include "gui/shell/app.hpp"
#include "gui/shell/autosave.hpp"
#include "gui/shell/headless_ui.hpp"
#include "gui/shell/key_latch.hpp"
#include "gui/state/session.hpp"

namespace actviz::gui {
namespace {

void OnGlfwError(int code, const char* text) {
  std::fprintf(stderr, "actviz: GLFW error %d: %s\n", code, text);
}

// Before the window exists GLFW's errors are kept for one message that says what to do.
std::string g_init_error;
void OnGlfwInitError(int, const char* text) {
  g_init_error = text;
}

bool HasDisplay() {
  for (const char* var : {"DISPLAY", "WAYLAND_DISPLAY"})
    if (const char* v = std::getenv(var); v && *v) return true;
  return false;
}

// What the window's callbacks reach through its user pointer: owned by RunGui, so it outlives
// the window and ImGui's backend.
struct WindowInput {
  App* app = nullptr;
  KeyLatch keys;
};

struct Window {
  GLFWwindow* handle = nullptr;
  ~Window() {
    if (handle) glfwDestroyWindow(handle);
    glfwTerminate();
  }
};

// The frame just drawn (w × h, the size it was laid out for), still in the back buffer.
std::optional<std::string> SaveScreenshot(int w, int h, const std::string& path) {
  const auto pixels = gl::ReadPixelsRgba(w, h);
  return WritePng(path, w, h, 4, pixels);
}

// What starting from a saved session told us: the message for the window (and stderr), and
// whether the auto-saved session may be written over at exit.
struct SessionStart {
  std::string message;
  bool save_at_exit = true;
};

std::string AutoSessionPath() {
  const std::string dir = ConfigDir();
  return dir.empty() ? std::string() : dir + "/session.json";
}

AppState InitialState(const GuiOptions& o, bool use_session, SessionStart& start) {
  AppState s = DefaultState();
  if (!o.session.empty()) {
    // --session FILE is only read (the exit save goes to the config directory): no backup.
    start.message = SessionMessage(LoadSession(o.session, s), o.session);
    use_session = true;
  } else if (use_session && !AutoSessionPath().empty()) {
    // The auto-saved file is written over at exit: a damaged one is copied aside first.
    const SessionLoad load = LoadSession(AutoSessionPath(), s, /*backup=*/true);
    start.message = SessionMessage(load, AutoSessionPath());
    start.save_at_exit = load.may_overwrite;
  }
  if (!start.message.empty()) std::fprintf(stderr, "actviz: %s\n", start.message.c_str());
  if (o.function && (o.function_given || o.params_given || !use_session))
    s.fn.selected = IndexOf(*o.function);
  if (o.function && o.params_given) SelectedParams(s) = o.params;
  if (!o.formula.empty()) {  // parsed on the command line already: this cannot fail to parse
    ApplyFormula(s, o.formula);
    s.fn.typed = o.formula;
    if (o.params_given) SelectedParams(s) = o.params;
  }
  return s;
}

// Set by GLFW when the window's contents were lost (exposed, resized): the next frame is whole.
bool g_window_damaged = false;

// --bench-frames: waits for the photo, then moves the selected function's first parameter
// (or the map's gain) a step per frame and records each frame's time until it is on screen.
class BenchRecorder {
 public:
  explicit BenchRecorder(const GuiOptions& o) : options_(o) {}
  // Before a frame: false when the sweep is over.
  bool Sweep(App& app) {
    if (!first_done_) return true;  // the first frame is timed from process start
    if (!loaded_) {
      app.Settle();  // the photo loads off the UI thread; the sweep starts once it is there
      loaded_ = true;
      last_ = Clock::now();
    }
    if (static_cast<int>(times_.size()) >= options_.bench_frames) return false;
    AppState& s = app.state();
    const Activation& fn = Selected(s);
    const double t = 0.5 + 0.5 * std::sin(static_cast<double>(times_.size()) * 0.07);
    if (!fn.params.empty()) {
      const ParamSpec& p = fn.params[0];
      const double lo = p.domain == Domain::kAny ? p.lo : std::max(p.lo, 1e-3);
      SelectedParams(s).v[0] = lo + (p.hi - lo) * t;
    } else {
      s.image.gain = 0.5 + 2 * t;
    }
    return true;
  }
  void FrameDone() {
    gl::Finish();  // on screen, not just queued
    const auto now = Clock::now();
    if (!first_done_) {
      first_ms_ = std::chrono::duration<double, std::milli>(now - options_.start).count();
      first_done_ = true;
    } else if (loaded_) {
      times_.push_back(std::chrono::duration<double, std::milli>(now - last_).count());
    }
    last_ = now;
  }
  void Print() const {
    std::vector<double> t = times_;
    std::sort(t.begin(), t.end());
    auto pct = [&](double q) {
      return t.empty() ? 0.0 : t[std::min(t.size() - 1, static_cast<std::size_t>(q * t.size()))];
    };
    std::printf(
        "{\"frames\": %zu, \"first_frame_ms\": %.3f, \"median_ms\": %.3f, \"p99_ms\": %.3f}\n",
        t.size(), first_ms_, pct(0.5), pct(0.99));
    std::fflush(stdout);
  }

 private:
  using Clock = std::chrono::steady_clock;
  const GuiOptions& options_;
  bool first_done_ = false, loaded_ = false;
  double first_ms_ = 0;
  Clock::time_point last_;
  std::vector<double> times_;
};

// --screenshot with no display: the same App drawn on an EGL context, as the window would
// show it at scale 1 with the pointer outside.
int HeadlessScreenshot(const GuiOptions& options) {
  SessionStart start;
  std::string error;
  auto ui =
      HeadlessUi::Create(options.width, options.height, InitialState(options, false, start), error);
  if (!ui) {
    std::fprintf(stderr, "actviz: no display, and no headless OpenGL either: %s\n", error.c_str());
    return 1;
  }
  if (!start.message.empty()) Notify(ui->app().state(), start.message, true);
  if (!options.image.empty()) ui->app().OpenImage(options.image);
  for (int frame = 0; frame < options.frames; ++frame) {
    ui->app().Settle();  // as the window's screenshot frames below
    ui->Frame([](ImGuiIO& io) { io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX); });
  }
  std::vector<std::uint8_t> rgba;
  auto err = ui->Snapshot(rgba);
  if (!err) err = WritePng(options.screenshot, options.width, options.height, 4, rgba);
  if (err) {
    std::fprintf(stderr, "actviz: %s\n", err->c_str());
    return 1;
  }
  return 0;
}

// --- init: GLFW, the window and its OpenGL 3.3 context (false: the reason is on stderr).
bool OpenWindow(const GuiOptions& options, Window& window) {
  const bool screenshot = !options.screenshot.empty();
  glfwSetErrorCallback(OnGlfwInitError);
  if (!glfwInit()) {
    std::fprintf(stderr,
                 "actviz: cannot open a window (%s); the headless commands (actviz --help) "
                 "work without one\n",
                 g_init_error.empty() ? "GLFW could not start" : g_init_error.c_str());
    return false;
  }
  glfwSetErrorCallback(OnGlfwError);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  window.handle = glfwCreateWindow(options.width, options.height, "actviz", nullptr, nullptr);
  if (!window.handle) {
    std::fprintf(stderr, "actviz: cannot create an OpenGL 3.3 window\n");
    return false;
  }
  glfwMakeContextCurrent(window.handle);
  const bool bench = options.bench_frames > 0;
  glfwSwapInterval(screenshot || bench ? 0 : 1);
  if (!gl::LoadFunctions(glfwGetProcAddress)) {
    std::fprintf(stderr, "actviz: OpenGL 3.3 core is not available\n");
    return false;
  }
  return true;
}

// --- init: ImGui on the window and the App with its starting state (the saved session, or
// the command line's). `ini` holds imgui.ini's path for as long as ImGui runs.
std::unique_ptr<App> StartUi(const GuiOptions& options, Window& window, const std::string& ini,
                             SessionStart& start, WindowInput& input) {
  const bool screenshot = !options.screenshot.empty();
  const bool bench = options.bench_frames > 0;
  float scale_x = 1, scale_y = 1;
  glfwGetWindowContentScale(window.handle, &scale_x, &scale_y);
  const float scale = std::max(1.0f, scale_x);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = screenshot || bench || ini.empty() ? nullptr : ini.c_str();
  AppState initial = InitialState(options, !screenshot && !bench, start);
  if (bench) {  // the activation map of the photo, its parameter swept frame by frame
    initial.ui.tab = Tab::kMap;
    if (!options.function_given) initial.fn.selected = IndexOf(*Find("elu"));
  }
  auto app = std::make_unique<App>(std::move(initial), LoadFonts(scale), scale);
  if (!start.message.empty()) Notify(app->state(), start.message, true);
  // A photo dropped onto the window opens in the Activation map tab.
  input.app = app.get();
  glfwSetWindowUserPointer(window.handle, &input);
  glfwSetDropCallback(window.handle, [](GLFWwindow* w, int count, const char** paths) {
    if (count < 1) return;
    static_cast<WindowInput*>(glfwGetWindowUserPointer(w))->app->OpenImage(paths[0]);
  });
  // Installed before ImGui's backend, which calls it from its own key callback. Ctrl+Q is
  // taken from the event, whose modifiers come with it: io.KeyCtrl is set only by a Ctrl key
  // event of its own, which a synthetic event (xdotool key --window) does not have.
  glfwSetKeyCallback(window.handle, [](GLFWwindow* w, int key, int, int action, int mods) {
    auto* in = static_cast<WindowInput*>(glfwGetWindowUserPointer(w));
    in->keys.OnKey(key, action);
    if (key == GLFW_KEY_Q && action == GLFW_PRESS && (mods & GLFW_MOD_CONTROL))
      in->app->RequestQuit();
  });
  if (!options.image.empty()) app->OpenImage(options.image);
  ImGui_ImplGlfw_InitForOpenGL(window.handle, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  return app;
}

// --- frames: until the window closes, the screenshot is taken or the bench sweep ends.
int RunFrames(const GuiOptions& options, Window& window, App& app, KeyLatch& keys,
              SessionAutosave& autosave) {
  const bool screenshot = !options.screenshot.empty();
  const bool bench = options.bench_frames > 0;
  ImGuiIO& io = ImGui::GetIO();
  int status = 0;
  int frame = 0;
  BenchRecorder recorder(options);
  // Software GL: redraw and present only what changed (gl/present.hpp); else swap whole frames.
  std::unique_ptr<gl::PartialPresenter> partial = gl::PartialPresenter::Create(window.handle);
  gl::DamageTracker damage;
  glfwSetWindowRefreshCallback(window.handle, [](GLFWwindow*) { g_window_damaged = true; });
  while (!glfwWindowShouldClose(window.handle)) {
    glfwPollEvents();
    if (glfwGetWindowAttrib(window.handle, GLFW_ICONIFIED)) {  // skip frames while minimised
      glfwWaitEvents();
      continue;
    }
    const bool last = screenshot && frame + 1 >= options.frames;
    // Screenshot frames wait for the workers, so the picture shows finished facts (not
    // "computing…") laid out as they settle (a scrollbar appears a frame after its content).
    if (screenshot) app.Settle();
    if (bench && !recorder.Sweep(app)) break;
    keys.BeforeFrame(io);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // A screenshot shows the window as it opens: Xvfb's pointer rests in its middle, and its
    // hover readout and crosshair would be in every picture unless asked for.
    if (screenshot && !options.screenshot_pointer) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    app.Frame();
    ImGui::Render();
    keys.AfterFrame(io);
    autosave.Tick(app.state(), std::chrono::steady_clock::now());
    if (auto err = autosave.TakeError())
      Notify(app.state(), "Could not save the session: " + *err, true);
    // The size this frame was laid out for (as the OpenGL backend computes it), not the
    // window's size now: X may have resized the window since NewFrame.
    ImDrawData& data = *ImGui::GetDrawData();
    const int w = static_cast<int>(data.DisplaySize.x * data.FramebufferScale.x);
    const int h = static_cast<int>(data.DisplaySize.y * data.FramebufferScale.y);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    std::vector<gl::DamageRect> changed;
    bool whole = !partial;  // drawn whole and swapped
    if (partial) {
      if (std::exchange(g_window_damaged, false)) partial->Invalidate();
      changed = damage.Update(data, w, h);  // it keeps this frame's record in either case
      whole = partial->WholeFrame(w, h);
      if (!whole && !changed.empty()) partial->Draw(data, changed, w, h, bg.x, bg.y, bg.z);
    }
    if (whole) {
      gl::BeginFrame(w, h, bg.x, bg.y, bg.z);
      ImGui_ImplOpenGL3_RenderDrawData(&data);
    }
    ++frame;
    if (last) {
      if (auto err = SaveScreenshot(w, h, options.screenshot)) {
        std::fprintf(stderr, "actviz: %s\n", err->c_str());
        status = 1;
      }
      break;
    }
    const Requests r = app.TakeRequests();
    if (!r.screenshot.empty())
      app.ReportScreenshot(r.screenshot, SaveScreenshot(w, h, r.screenshot));
    if (r.quit) glfwSetWindowShouldClose(window.handle, GLFW_TRUE);
    if (whole) {
      glfwSwapBuffers(window.handle);
    } else if (!changed.empty()) {
      partial->Present(changed, h);
    } else if (!bench) {
      glfwWaitEventsTimeout(1.0 / 60);  // nothing changed: idle until input (or a worker's
                                        // result, which the next frame picks up)
    }
    if (bench) recorder.FrameDone();
  }

  if (bench) recorder.Print();
  return status;
}

// --- shutdown, in reverse: the session saved (it has been saved after each change, too),
// ImGui's backends and context gone (the window goes with `Window`).
void Shutdown(const GuiOptions& options, const SessionStart& start, App& app,
              SessionAutosave& autosave) {
  const bool screenshot = !options.screenshot.empty();
  const bool bench = options.bench_frames > 0;
  if (!screenshot && !bench && !AutoSessionPath().empty()) {
    if (!start.save_at_exit)
      std::fprintf(stderr, "actviz: the session was not saved, so as not to replace '%s'\n",
                   AutoSessionPath().c_str());
    else if (auto err = autosave.Flush(app.state(), std::chrono::seconds(10)))
      std::fprintf(stderr, "actviz: could not save the session: %s\n", err->c_str());
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

}  // namespace

int RunGui(const GuiOptions& options) {
  if (!HasDisplay()) {
    if (!options.screenshot.empty()) return HeadlessScreenshot(options);
    std::fprintf(stderr,
                 "actviz: no display to open the window on (DISPLAY is not set): run it under "
                 "a virtual one with `xvfb-run -a actviz` (Debian packages xvfb and xauth), or "
                 "use the headless commands (actviz --help)\n");
    return 1;
  }
  Window window;
  if (!OpenWindow(options, window)) return 1;
  const std::string ini = ConfigDir().empty() ? std::string() : ConfigDir() + "/imgui.ini";
  SessionStart start;
  WindowInput input;
  std::unique_ptr<App> app = StartUi(options, window, ini, start, input);
  // Saved soon after every change where it is saved at exit: not for --screenshot and
  // --bench-frames runs, never over a file that could not be read or kept aside.
  const bool saves = options.screenshot.empty() && options.bench_frames <= 0 && start.save_at_exit;
  SessionAutosave autosave(saves ? AutoSessionPath() : std::string());
  const int status = RunFrames(options, window, *app, input.keys, autosave);
  Shutdown(options, start, *app, autosave);
  return status;
}

}  // namespace actviz::gui
