// The browser entry point: a GLFW window on the page's canvas, WebGL2 (src/web/webgl_renderer),
// and the frame loop — poll, new frame, panels, render — which draws only while
// something happens (input, a timer, a resize) and pauses otherwise, so an idle tab costs
// nothing. HiDPI: the framebuffer is the canvas' CSS size × devicePixelRatio, and the fonts
// are rasterised at that ratio (by the browser itself: src/web/glyphs.cpp).
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <vector>

#include "app/app.h"
#include "app/platform.h"
#include "app/widgets.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_impl_glfw.h"
#include "web/browser.h"
#include "web/glyphs.h"
#include "web/webgl_renderer.h"

namespace {

constexpr float kBodySize = 15.0f;
constexpr float kLargeSize = 20.0f;
constexpr float kMonoSize = 14.0f;
constexpr int kFramesAfterEvent = 5;  // ImGui settles popups and sizes over a couple of frames

// The glyphs the subset font holds (keep in step with LEARNABLE_FONT_GLYPHS in CMakeLists.txt).
// ASCII and the Latin-1 signs formulas and units use (° ± ² ³ µ · × ÷), not its accented
// letters: layer names are ASCII in both frameworks, and every accented letter costs the page.
const ImWchar kGlyphRanges[] = {0x0020, 0x007E, 0x00B0, 0x00B3, 0x00B5, 0x00B5, 0x00B7, 0x00B7, 0x00D7, 0x00D7,
                                0x00F7, 0x00F7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2022,
                                0x2026, 0x2026, 0x2190, 0x2193, 0x21BA, 0x21BB, 0x2212, 0x2212, 0x2264, 0x2265,
                                0x22EE, 0x22EE, 0x25B4, 0x25B4, 0x25B8, 0x25B8, 0x25BE, 0x25BE, 0x25C2, 0x25C2,
                                0x26A0, 0x26A0, 0x2713, 0x2713, 0x2715, 0x2715, 0x2717, 0x2717, 0x283F, 0x283F, 0};
const ImWchar kAsciiRange[] = {0x0020, 0x007E, 0};
// The CSS font families index.html registered Module.files.sans and .mono under (FontFaces the
// browser draws the glyphs with, src/web/glyphs.cpp).
constexpr char kSansFamily[] = "learnable-sans";
constexpr char kMonoFamily[] = "learnable-mono";

struct Frame {
  GLFWwindow* window = nullptr;
  learnable::app::App app;
  std::vector<unsigned char> sans, mono;
  double css_w = 0, css_h = 0, dpr = 1, font_dpr = 0;
  int fb_w = 0, fb_h = 0;
  int frames_left = kFramesAfterEvent;
  bool paused = false;
  double last_time = 0;
  bool keyboard_shown = false;
  bool touching = false;
  bool theme_changed = false;
  bool hash_changed = false;
  ImGuiMouseCursor cursor = ImGuiMouseCursor_COUNT;
};
Frame g;

// framebuffer = CSS size × devicePixelRatio, recomputed every frame (cheap) so resizes of the
// window, the container or an iframe around the page all follow.
void sync_canvas_size() {
  emscripten_get_element_css_size("#canvas", &g.css_w, &g.css_h);
  g.dpr = emscripten_get_device_pixel_ratio();
  if (g.dpr <= 0) g.dpr = 1;
  int w = static_cast<int>(std::lround(g.css_w * g.dpr));
  int h = static_cast<int>(std::lround(g.css_h * g.dpr));
  if (w < 1) w = 1;
  if (h < 1) h = 1;
  if (w != g.fb_w || h != g.fb_h) {
    // Setting a WebGL canvas' size reallocates its drawing buffer, even to the same size (tens
    // of milliseconds with a software GL): index.html already sized it before the first frame.
    int now_w = 0, now_h = 0;
    emscripten_get_canvas_element_size("#canvas", &now_w, &now_h);
    if (now_w != w || now_h != h) emscripten_set_canvas_element_size("#canvas", w, h);
    g.fb_w = w;
    g.fb_h = h;
  }
}

void build_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  float scale = static_cast<float>(g.dpr);
  io.Fonts->Clear();
  io.Fonts->FontBuilderIO = learnable::web::browser_font_builder();
  learnable::app::Fonts fonts;
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleH = scale >= 2 ? 1 : 2;
  cfg.OversampleV = 1;
  if (!g.sans.empty()) {
    int size = static_cast<int>(g.sans.size());
    std::memcpy(cfg.Name, kSansFamily, sizeof kSansFamily);
    fonts.body = io.Fonts->AddFontFromMemoryTTF(g.sans.data(), size, kBodySize * scale, &cfg, kGlyphRanges);
    fonts.large = io.Fonts->AddFontFromMemoryTTF(g.sans.data(), size, kLargeSize * scale, &cfg, kGlyphRanges);
    if (!g.mono.empty()) {
      ImFontConfig mono = cfg;
      std::memcpy(mono.Name, kMonoFamily, sizeof kMonoFamily);
      fonts.mono = io.Fonts->AddFontFromMemoryTTF(g.mono.data(), static_cast<int>(g.mono.size()), kMonoSize * scale, &mono, kAsciiRange);
      ImFontConfig merge = cfg;
      merge.MergeMode = true;
      io.Fonts->AddFontFromMemoryTTF(g.sans.data(), size, kMonoSize * scale, &merge, kGlyphRanges);
    }
  }
  if (!fonts.large) fonts.large = fonts.body;
  if (!fonts.mono) fonts.mono = fonts.body;
  io.FontDefault = fonts.body;
  io.FontGlobalScale = 1.0f / scale;
  g.app.set_fonts(fonts);
  learnable::web::renderer_upload_fonts();
  g.font_dpr = g.dpr;
}

const char* css_cursor(ImGuiMouseCursor c) {
  switch (c) {
    case ImGuiMouseCursor_None: return "none";
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_ResizeAll: return "move";
    case ImGuiMouseCursor_ResizeNS: return "ns-resize";
    case ImGuiMouseCursor_ResizeEW: return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_NotAllowed: return "not-allowed";
    default: return "default";
  }
}

// GLFW reports the pointer in framebuffer pixels; ImGui works in CSS pixels.
void on_cursor_pos(GLFWwindow* window, double x, double y) {
  if (g.touching) return;
  ImGui_ImplGlfw_CursorPosCallback(window, x / g.dpr, y / g.dpr);
}

void on_mouse_button(GLFWwindow* window, int button, int action, int mods) {
  if (g.touching) return;
  ImGui::GetIO().AddMouseSourceEvent(ImGuiMouseSource_Mouse);
  ImGui_ImplGlfw_MouseButtonCallback(window, button, action, mods);
}

// New frame, in CSS pixels at the device's pixel ratio. ImGui_ImplGlfw_NewFrame() is not used:
// its sizes are in framebuffer pixels here and it polls a stale pointer position; the GLFW
// backend's callbacks still feed the keyboard and the mouse.
void new_frame() {
  ImGuiIO& io = ImGui::GetIO();
  double now = emscripten_get_now();
  io.DeltaTime = g.last_time > 0 ? std::max(1e-5f, static_cast<float>((now - g.last_time) / 1000.0)) : 1.0f / 60.0f;
  g.last_time = now;
  io.DisplaySize = ImVec2(static_cast<float>(g.css_w), static_cast<float>(g.css_h));
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(g.dpr), static_cast<float>(g.dpr));
  ImGui::NewFrame();
}

bool first_frame_of_a_window() {
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (w->Active && w->Hidden) return true;
  return false;
}

// The wheel, on the canvas rather than the document (where Chrome makes listeners passive):
// 100 pixels or 3 lines make one step, as ImGui's own Emscripten handler counts them.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
  float step = e->deltaMode == DOM_DELTA_PIXEL ? 1.0f / 100.0f : e->deltaMode == DOM_DELTA_LINE ? 1.0f / 3.0f : 80.0f;
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
  io.AddMouseWheelEvent(static_cast<float>(-e->deltaX) * step, static_cast<float>(-e->deltaY) * step);
  learnable::web::wake_now();
  return EM_TRUE;
}

void frame() {
  if (g.frames_left <= 0) {
    g.paused = true;
    emscripten_pause_main_loop();
    learnable::web::set_idle(!g.app.waiting());  // an answer on its way wakes it
    return;
  }
  --g.frames_left;
  double frame_start = emscripten_get_now();

  // Poll: GLFW's callbacks have already queued this frame's input as the events arrived.
  glfwPollEvents();
  sync_canvas_size();
  if (g.dpr != g.font_dpr) build_fonts();
  if (g.theme_changed) {
    g.theme_changed = false;
    g.app.apply_theme();
  }
  if (g.hash_changed) {
    g.hash_changed = false;
    g.app.open_link_from_url();
  }

  // Input that arrived faster than frames (fast typing, a snippet typed by a test) is taken in
  // extra frames that are not drawn; ImGui handles a few events per frame by design.
  double start = emscripten_get_now();
  g.app.set_catching_up(true);
  while (ImGui::GetCurrentContext()->InputEventsQueue.Size > 0 && emscripten_get_now() - start < 10.0) {
    new_frame();
    g.app.frame();
    ImGui::EndFrame();
  }
  g.app.set_catching_up(false);
  // Panels. A window ImGui must measure first (a popup, a menu, a tooltip) is hidden in its
  // first frame: run that frame undrawn, so what a click opens shows in the frame it causes.
  new_frame();
  g.app.frame();
  for (int extra = 0; extra < 2 && first_frame_of_a_window(); ++extra) {
    ImGui::EndFrame();
    new_frame();
    g.app.frame();
  }

  // Render.
  ImGui::Render();
  const ImVec4& clear = learnable::app::palette().canvas_clear;
  const float clear_rgb[3] = {clear.x, clear.y, clear.z};
  learnable::web::renderer_draw(ImGui::GetDrawData(), g.fb_w, g.fb_h, clear_rgb);
  ImGuiIO& io = ImGui::GetIO();

  ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
  if (cursor != g.cursor) {
    learnable::web::set_cursor(css_cursor(cursor));
    g.cursor = cursor;
  }
  // A field finished with after a tap: let the on-screen keyboard go.
  if (g.keyboard_shown && !io.WantTextInput) {
    learnable::web::set_text_input(false);
    g.keyboard_shown = false;
  }
  g.app.after_frame();
  learnable::web::frame_done(learnable::app::take_rects(), emscripten_get_now() - frame_start,
                             ImGui::GetCurrentContext()->InputEventsQueue.Size);
  // Keep drawing while a button is held (drags report motion only when the pointer moves) and
  // while input is still queued (ImGui takes fast typing a few events per frame).
  if (io.MouseDown[0] || io.MouseDown[1] || ImGui::GetCurrentContext()->InputEventsQueue.Size > 0)
    g.frames_left = std::max(g.frames_left, 2);
}

}  // namespace

namespace learnable::web {
void wake_now() {
  if (g.frames_left < kFramesAfterEvent) g.frames_left = kFramesAfterEvent;
  if (g.paused) {
    g.paused = false;
    set_idle(false);
    emscripten_resume_main_loop();
  }
}
}  // namespace learnable::web

extern "C" {
EMSCRIPTEN_KEEPALIVE void learnable_wake() { learnable::web::wake_now(); }
EMSCRIPTEN_KEEPALIVE void learnable_flush() { g.app.flush(); }
EMSCRIPTEN_KEEPALIVE void learnable_theme_changed() { g.theme_changed = true; }
EMSCRIPTEN_KEEPALIVE void learnable_hash_changed() { g.hash_changed = true; }
// Touch, in CSS pixels: button -1 moves, 1 presses, 0 releases.
EMSCRIPTEN_KEEPALIVE void learnable_touch(float x, float y, int button) {
  ImGuiIO& io = ImGui::GetIO();
  g.touching = true;
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  io.AddMousePosEvent(x, y);
  if (button >= 0) io.AddMouseButtonEvent(0, button == 1);
}
EMSCRIPTEN_KEEPALIVE void learnable_touch_end() {
  g.touching = false;
  ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);  // no hover left behind by a finger
}
// Runs frames now, inside a touch event, so a tapped text field is known while the browser still
// lets the page raise the on-screen keyboard.
EMSCRIPTEN_KEEPALIVE void learnable_run_frames(int n) {
  for (int i = 0; i < n; ++i) {
    g.frames_left = std::max(g.frames_left, 1);
    frame();
  }
}
EMSCRIPTEN_KEEPALIVE int learnable_wants_text() {
  bool want = ImGui::GetIO().WantTextInput;
  if (want) g.keyboard_shown = true;
  return want ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void learnable_text(const char* utf8) { ImGui::GetIO().AddInputCharactersUTF8(utf8); }
EMSCRIPTEN_KEEPALIVE void learnable_backspace() {
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_Backspace, true);
  io.AddKeyEvent(ImGuiKey_Backspace, false);
}
EMSCRIPTEN_KEEPALIVE void learnable_scroll(float dx, float dy) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  io.AddMouseWheelEvent(dx, dy);
}
}

int main() {
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // The attributes index.html created the context with, early: an opaque canvas, no depth.
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  glfwWindowHint(GLFW_SAMPLES, 0);
  sync_canvas_size();
  g.window = glfwCreateWindow(g.fb_w, g.fb_h, "Learnable", nullptr, nullptr);
  if (!g.window) return 1;
  glfwMakeContextCurrent(g.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;  // a blinking caret would need frames forever
  io.ConfigWindowsMoveFromTitleBarOnly = true;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;  // the page's CSS cursor instead
  ImGui_ImplGlfw_InitForOpenGL(g.window, true);
  glfwSetCursorPosCallback(g.window, on_cursor_pos);
  glfwSetMouseButtonCallback(g.window, on_mouse_button);
  emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
  emscripten_set_wheel_callback("#canvas", nullptr, false, on_wheel);
  if (!learnable::web::renderer_init()) return 1;
  io.SetClipboardTextFn = [](void*, const char* text) { learnable::web::set_clipboard_text(text); };
  io.GetClipboardTextFn = [](void*) { return learnable::web::clipboard_text(); };

  g.sans = learnable::web::take_file("sans");
  g.mono = learnable::web::take_file("mono");
  if (g.sans.empty()) {
    // The app draws all its text with this font (ImGui's built-in one is left out of the build).
    EM_ASM({
      var loading = document.getElementById("loading");
      if (loading) loading.textContent = "Learnable could not load its font: check the connection and reload the page.";
    });
    return 1;
  }
  learnable::web::install_page_hooks();
  g.app.start();
  io.ConfigMacOSXBehaviors = learnable::app::platform::is_mac();
  sync_canvas_size();
  build_fonts();
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
