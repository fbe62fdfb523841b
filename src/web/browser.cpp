// The page's services for the app (platform.h) and the JavaScript that wires the page to the
// frame loop: events that wake it, touch as pointer and scroll, paste, the clipboard, storage,
// the URL, the hidden DOM mirror and window.learnableTest for the end-to-end tests.
#include "web/browser.h"

#include <emscripten.h>

#include <cstdlib>
#include <map>

#include "app/platform.h"
#ifdef LEARNABLE_FORMATS_IN_APP
#include "core/api_call.h"
#else
#include "core/rules_elsewhere.h"
#endif

// clang-format off
EM_JS(void, js_install, (), {
  var canvas = Module["canvas"];
  var wake = function() { _learnable_wake(); };
  var trailing = 0;
  var events = ["mousemove", "mousedown", "mouseup", "wheel", "keydown", "keyup", "keypress", "focus", "blur",
                "paste", "resize", "pointerdown", "pointerup", "input"];
  events.forEach(function(type) {
    window.addEventListener(type, function() {
      wake();
      // Tooltips wait for the pointer to rest: one more look after it stops.
      if (type === "mousemove") { clearTimeout(trailing); trailing = setTimeout(wake, 320); }
    }, true);
  });
  canvas.addEventListener("mouseleave", wake);
  document.addEventListener("visibilitychange", function() {
    if (document.visibilityState === "hidden") _learnable_flush();
    wake();
  });
  window.addEventListener("pagehide", function() { _learnable_flush(); });
  if (window.ResizeObserver) new ResizeObserver(wake).observe(canvas);
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  var onScheme = function() { _learnable_theme_changed(); wake(); };
  if (dark.addEventListener) dark.addEventListener("change", onScheme); else dark.addListener(onScheme);
  var watchRatio = function() {
    var q = window.matchMedia("(resolution: " + window.devicePixelRatio + "dppx)");
    var once = function() { wake(); watchRatio(); };
    if (q.addEventListener) q.addEventListener("change", once, {once: true});
  };
  watchRatio();
  window.addEventListener("hashchange", function() { _learnable_hash_changed(); wake(); });

  // Shortcuts the app owns must not reach the browser (Ctrl+D bookmarks, Ctrl+Z in the page...).
  var isMac = /Mac|iPhone|iPad/.test(navigator.platform || "");
  var held = {};
  window.addEventListener("keydown", function(e) {
    var mod = isMac ? e.metaKey : e.ctrlKey;
    var k = (e.key || "").toLowerCase();
    if (mod && !e.altKey && "zydiaeg".indexOf(k) >= 0 && k.length === 1) e.preventDefault();
    if (mod && (k === "enter" || k === "backspace")) e.preventDefault();
    if (e.altKey && (k === "arrowup" || k === "arrowdown")) e.preventDefault();
    if (k === "f2") e.preventDefault();
    if (isMac && e.metaKey && e.keyCode !== 91 && e.keyCode !== 93) held[e.keyCode] = e.key;
  }, true);
  // macOS sends no keyup for keys released while Cmd is down: release them with Cmd.
  window.addEventListener("keyup", function(e) {
    if (!isMac || (e.keyCode !== 91 && e.keyCode !== 93)) { delete held[e.keyCode]; return; }
    Object.keys(held).forEach(function(code) {
      var up = new KeyboardEvent("keyup", {key: held[code]});
      Object.defineProperty(up, "keyCode", {value: +code});
      delete held[code];
      window.dispatchEvent(up);
    });
  }, true);

  window.addEventListener("paste", function(e) {
    var text = e.clipboardData ? e.clipboardData.getData("text/plain") : "";
    if (!text) return;
    var p = allocateUTF8(text);
    _learnable_set_clipboard(p, 0);
    _free(p);
    wake();
  }, true);

  // Touch: a tap clicks, a drag scrolls, a press held still for a moment drags (rows, splitter).
  var touch = null;
  var at = function(t) { var r = canvas.getBoundingClientRect(); return [t.clientX - r.left, t.clientY - r.top]; };
  var pointer = function(xy, button) { _learnable_touch(xy[0], xy[1], button); wake(); };
  // Listened for on the window, capturing, so GLFW's own touch handling (mouse events without
  // coordinates) never sees them.
  var mine = function(e) { return e.target === canvas; };
  window.addEventListener("touchstart", function(e) {
    if (!mine(e)) return;
    e.preventDefault(); e.stopPropagation();
    if (touch || e.changedTouches.length === 0) return;
    var t = e.changedTouches[0], xy = at(t);
    touch = {id: t.identifier, start: xy, last: xy, mode: "pending"};
    pointer(xy, -1);
    touch.timer = setTimeout(function() {
      if (touch && touch.mode === "pending") { touch.mode = "press"; pointer(touch.last, 1); }
    }, 400);
  }, {capture: true, passive: false});
  window.addEventListener("touchmove", function(e) {
    if (!mine(e)) return;
    e.preventDefault(); e.stopPropagation();
    if (!touch) return;
    for (var i = 0; i < e.changedTouches.length; ++i) {
      var t = e.changedTouches[i];
      if (t.identifier !== touch.id) continue;
      var xy = at(t);
      if (touch.mode === "pending" && Math.hypot(xy[0] - touch.start[0], xy[1] - touch.start[1]) > 8) {
        touch.mode = "scroll"; clearTimeout(touch.timer);
      }
      if (touch.mode === "scroll") { _learnable_scroll((xy[0] - touch.last[0]) / 60, (xy[1] - touch.last[1]) / 60); wake(); }
      else if (touch.mode === "press") pointer(xy, -1);
      touch.last = xy;
    }
  }, {capture: true, passive: false});
  // A tap on a text field opens the on-screen keyboard: the tap is run through ImGui at once
  // (inside the touch event, where browsers allow focus() to raise a keyboard), and if a field
  // took it, a hidden input takes the focus and passes what is typed on to ImGui.
  var ime = document.createElement("input");
  ime.type = "text";
  ime.setAttribute("autocomplete", "off");
  ime.setAttribute("autocapitalize", "off");
  ime.setAttribute("aria-hidden", "true");
  ime.spellcheck = false;
  ime.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;opacity:0;font-size:16px;border:0;padding:0;pointer-events:none";
  document.body.appendChild(ime);
  var virtualKeys = false;
  window.addEventListener("keydown", function(e) { virtualKeys = e.keyCode === 229; }, true);
  ime.addEventListener("input", function(e) {
    if (virtualKeys || e.inputType === "insertReplacementText" || e.inputType === "insertCompositionText") {
      if (e.inputType === "deleteContentBackward") _learnable_backspace();
      else if (e.data) {
        var p = allocateUTF8(e.data);
        _learnable_text(p);
        _free(p);
      }
    }
    ime.value = "";
    wake();
  });
  Module["textInput"] = function(on) {
    if (on && document.activeElement !== ime) ime.focus();
    if (!on && document.activeElement === ime) canvas.focus();
  };
  var end = function(e) {
    if (!mine(e)) return;
    e.preventDefault(); e.stopPropagation();
    if (!touch) return;
    for (var i = 0; i < e.changedTouches.length; ++i) {
      if (e.changedTouches[i].identifier !== touch.id) continue;
      clearTimeout(touch.timer);
      if (touch.mode === "pending") { pointer(touch.last, 1); pointer(touch.last, 0); }
      else if (touch.mode === "press") pointer(touch.last, 0);
      _learnable_touch_end();
      touch = null;
      _learnable_run_frames(3);
      Module["textInput"](_learnable_wants_text() !== 0);
      wake();
    }
  };
  window.addEventListener("touchend", end, {capture: true, passive: false});
  window.addEventListener("touchcancel", end, {capture: true, passive: false});

  // The test surface: frames drawn, and where named widgets were drawn in the last frame.
  var test = window["learnableTest"] = window["learnableTest"] || {};
  test["frames"] = 0;
  test["frameTimes"] = [];  // CPU milliseconds of the last frames drawn (panels + render + mirror)
  test["idle"] = false;      // true once the loop has stopped drawing: all input taken in, rects current
  test["pendingInput"] = 0;  // input events still queued after the last frame
  test._rects = "";
  test["rect"] = function(id) {
    var lines = test._rects.split("\n");
    for (var i = lines.length - 1; i >= 0; --i) {
      var f = lines[i].split("\t");
      if (f[0] !== id) continue;
      var r = canvas.getBoundingClientRect();
      return {"x": +f[1] + r.left, "y": +f[2] + r.top, "w": +f[3], "h": +f[4]};
    }
    return null;
  };
  test["ids"] = function(prefix) {
    return test._rects.split("\n").map(function(l) { return l.split("\t")[0]; })
      .filter(function(id) { return id && (!prefix || id.indexOf(prefix) === 0); });
  };
});

EM_JS(void, js_frame_done, (const char* rects, double ms, int pending), {
  var test = window["learnableTest"];
  test["frames"]++;
  test["pendingInput"] = pending;
  test["idle"] = false;
  test["frameTimes"].push(ms);
  if (test["frameTimes"].length > 600) test["frameTimes"].shift();
  test._rects = UTF8ToString(rects);
  if (test["frames"] === 1) {
    test["firstFrameMs"] = performance.now();  // since navigation started
    document.body.classList.add("ready");
    if (window["learnableReady"]) window["learnableReady"]();
  }
});

EM_JS(void, js_text_input, (int on), {
  if (Module["textInput"]) Module["textInput"](on !== 0);
});

EM_JS(void, js_idle, (int idle), {
  window["learnableTest"]["idle"] = idle !== 0;
});

EM_JS(void, js_set_cursor, (const char* cursor), {
  Module["canvas"].style.cursor = UTF8ToString(cursor);
});

EM_JS(void, js_copy_text, (const char* text), {
  var s = UTF8ToString(text);
  var fallback = function() {
    var area = document.createElement("textarea");
    area.value = s;
    area.setAttribute("readonly", "");
    area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) {}
    document.body.removeChild(area);
    Module["canvas"].focus();
  };
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(fallback);
  else fallback();
});

// The text as a file the browser downloads: a Blob behind a temporary <a download>.
EM_JS(void, js_download_text, (const char* name, const char* mime, const char* text), {
  var blob = new Blob([UTF8ToString(text)], {type: UTF8ToString(mime)});
  var url = URL.createObjectURL(blob);
  var a = document.createElement("a");
  a.href = url;
  a.download = UTF8ToString(name);
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
  setTimeout(function() { URL.revokeObjectURL(url); }, 1000);
  Module["canvas"].focus();
});

EM_JS(void, js_request_paste, (), {
  var give = function(text) {
    var p = allocateUTF8(text);
    _learnable_set_clipboard(p, 1);
    _free(p);
    _learnable_wake();
  };
  if (navigator.clipboard && navigator.clipboard.readText) {
    navigator.clipboard.readText().then(give).catch(function() {
      var live = document.getElementById("mirror-status");
      if (live) live.textContent = "The browser did not let Learnable read the clipboard: click in the box and press Ctrl+V.";
    });
  }
});

EM_JS(char*, js_storage_get, (const char* key), {
  var v = null;
  try { v = window.localStorage.getItem(UTF8ToString(key)); } catch (e) {}
  if (v === null) return 0;
  return allocateUTF8(v);
});

EM_JS(void, js_storage_set, (const char* key, const char* value), {
  try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});

EM_JS(char*, js_location, (int part), {
  var v = part === 0 ? location.hash.replace(/^#/, "") : part === 1 ? location.href.split("#")[0]
        : part === 2 ? location.search.substring(1) : location.pathname;
  return allocateUTF8(v);
});

EM_JS(void, js_clear_fragment, (), {
  if (location.hash) history.replaceState(null, "", location.href.split("#")[0]);
});

EM_JS(int, js_prefers_dark, (), {
  return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? 1 : 0;
});

EM_JS(int, js_is_mac, (), {
  return /Mac|iPhone|iPad/.test(navigator.platform || "") ? 1 : 0;
});

EM_JS(void, js_set_html, (const char* id, const char* html), {
  var el = document.getElementById(UTF8ToString(id));
  if (el) el.innerHTML = UTF8ToString(html);
});

EM_JS(void, js_patch_rows, (const char* records), {
  var body = document.getElementById("mirror-layers-body");
  if (!body) return;
  UTF8ToString(records).split(String.fromCharCode(30)).forEach(function(rec) {
    if (!rec) return;
    var cut = rec.indexOf(String.fromCharCode(31));
    var row = body.rows[+rec.slice(0, cut)];
    if (!row) return;
    var tmp = document.createElement("tbody");
    tmp.innerHTML = rec.slice(cut + 1);
    body.replaceChild(tmp.rows[0], row);
  });
});

EM_JS(void, js_announce, (const char* text), {
  var live = document.getElementById("mirror-status");
  if (live) live.textContent = UTF8ToString(text);
});

EM_JS(void, js_set_title, (const char* title), {
  document.title = UTF8ToString(title);
});

EM_JS(void, js_wake_after, (int ms), {
  setTimeout(function() { _learnable_wake(); }, ms);
});

// The embed view's messages from its host page (platform.h describes the schema).
EM_JS(void, js_listen_host, (), {
  var queue = Module["hostMessages"] = [];
  var schema = "{learnable: 1, type: 'setModel' (with model: a model document or its JSON text) | 'getModel' | " +
               "'selectLayer' (with layer: a layer's name), id: anything, echoed}";
  window.addEventListener("message", function(e) {
    if (window.parent === window || e.source !== window.parent) return;
    var d = e.data, type = d && typeof d === "object" ? d["type"] : undefined;
    var ok = d && typeof d === "object" && d["learnable"] === 1 &&
             (type === "getModel" ||
              (type === "setModel" && (typeof d["model"] === "string" || (d["model"] !== null && typeof d["model"] === "object"))) ||
              (type === "selectLayer" && typeof d["layer"] === "string"));
    var text = null;
    if (ok) {
      try {
        text = JSON.stringify({"type": type, "id": d["id"] === undefined ? null : d["id"],
                               "model": d["model"] === undefined ? null : d["model"],
                               "layer": d["layer"] === undefined ? null : d["layer"]});
      } catch (err) {}
    }
    if (typeof text !== "string") {
      console.warn("Learnable's embed ignored a message that does not match " + schema + ":", d);
      return;
    }
    queue.push(text);
    _learnable_wake();
  });
});

EM_JS(char*, js_take_host_message, (), {
  var queue = Module["hostMessages"];
  if (!queue || !queue.length) return 0;
  return allocateUTF8(queue.shift());
});

EM_JS(void, js_post_to_host, (const char* json), {
  if (window.parent !== window) window.parent.postMessage(JSON.parse(UTF8ToString(json)), "*");
});

// The formats module: learnable.js, added to the page on first use; its factory `Learnable`
// finds learnable.wasm beside it. Answers wait in `answers` until the app takes them.
EM_JS(int, js_formats_call, (const char* fn, const char* args), {
  var name = UTF8ToString(fn), list = JSON.parse(UTF8ToString(args));
  var page = Module["formatsPage"] || (Module["formatsPage"] = {next: 1, answers: {}, api: null, loaded: false});
  if (!page.api) {
    page.api = new Promise(function(resolve, reject) {
      var script = document.createElement("script");
      script.src = "learnable.js";
      script.onload = function() { window["Learnable"]().then(resolve, reject); };
      script.onerror = function() { reject("learnable.js did not load"); };
      document.head.appendChild(script);
    }).then(function(api) {
      page.loaded = true;
      page.instance = api;
      _learnable_wake();  // the lazy layer rules are here: the app computes what waited for them
      return api;
    });
    page.failed = "";
    page.api.catch(function(e) {
      page.api = null;  // asked again, it tries again
      page.failed = "" + e;
      _learnable_wake();
    });
  }
  var ticket = page.next++;
  if (!name) return ticket;
  page.api.then(function(api) {
    var answer = api[name].apply(null, list);
    if (answer && answer["model"] && typeof answer["model"] === "object") answer["model"] = JSON.stringify(answer["model"]);
    return JSON.stringify(answer);
  }).catch(function(e) {
    page.api = null;  // asked again, it tries again
    return JSON.stringify({"errors": [{"line": null, "column": null, "layer": null, "excerpt": "",
      "message": "Learnable could not load its formats (learnable.js, for import, export and conversion): " + e}], "warnings": []});
  }).then(function(text) {
    page.answers[ticket] = text;
    _learnable_wake();
  });
  return ticket;
});

EM_JS(char*, js_formats_answer, (int ticket), {
  var page = Module["formatsPage"];
  var text = page ? page.answers[ticket] : undefined;
  if (text === undefined) return 0;
  delete page.answers[ticket];
  return allocateUTF8(text);
});

// A lazy layer rule (rules_elsewhere.h), run by the formats module at once (null while it is not in).
EM_JS(char*, js_rules_call, (const char* request), {
  var page = Module["formatsPage"];
  if (!page || !page.instance) return 0;
  var text = page.instance["rawComputeRule"](UTF8ToString(request));
  return allocateUTF8(text);
});

EM_JS(char*, js_formats_failure, (), {
  var page = Module["formatsPage"];
  if (!page || !page.failed) return 0;
  return allocateUTF8(page.failed);
});

EM_JS(int, js_formats_loaded, (), {
  var page = Module["formatsPage"];
  return page && page.loaded ? 1 : 0;
});

EM_JS(void*, js_take_file, (const char* name, int* size), {
  var files = Module["files"] || {};
  var data = files[UTF8ToString(name)];
  if (!data || !data.length) { HEAP32[size >> 2] = 0; return 0; }
  var p = _malloc(data.length);
  HEAPU8.set(data, p);
  HEAP32[size >> 2] = data.length;
  delete files[UTF8ToString(name)];
  return p;
});
// clang-format on

namespace {

std::string take_js_string(char* p) {
  if (!p) return {};
  std::string s(p);
  std::free(p);
  return s;
}

#ifdef LEARNABLE_FORMATS_IN_APP
std::map<int, std::string> g_answers;  // formats_call's answers not taken yet
#endif
std::string g_clipboard;  // what Ctrl+V pastes: the page's last paste event, or our last copy
std::string g_requested;  // the text request_paste() got
bool g_has_requested = false;

#ifndef LEARNABLE_FORMATS_IN_APP
// The lazy layer rules are the formats module's too (rules_elsewhere.h): asked at once when it is
// in; until then the layer is loading, or fails with the reason the module did not load.
learnable::RuleReply call_rules(const std::string& request, std::string& answer) {
  if (char* p = js_rules_call(request.c_str())) {
    answer = take_js_string(p);
    return learnable::RuleReply::Answered;
  }
  answer = take_js_string(js_formats_failure());
  return answer.empty() ? learnable::RuleReply::Loading : learnable::RuleReply::Unavailable;
}
const bool g_rules_call_set = (learnable::set_rule_call(call_rules), true);
#endif

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void learnable_set_clipboard(const char* text, int requested) {
  if (requested) {
    g_requested = text;
    g_has_requested = true;
  } else {
    g_clipboard = text;
  }
}

namespace learnable::web {

void install_page_hooks() { js_install(); }
void frame_done(const std::string& rects, double ms, int pending_input) { js_frame_done(rects.c_str(), ms, pending_input); }
void set_idle(bool idle) { js_idle(idle ? 1 : 0); }
void set_cursor(const char* css_cursor) { js_set_cursor(css_cursor); }
void set_text_input(bool on) { js_text_input(on ? 1 : 0); }
const char* clipboard_text() { return g_clipboard.c_str(); }
void set_clipboard_text(const char* text) {
  g_clipboard = text;
  js_copy_text(text);
}

std::vector<unsigned char> take_file(const char* name) {
  int size = 0;
  auto* p = static_cast<unsigned char*>(js_take_file(name, &size));
  std::vector<unsigned char> data;
  if (p) {
    data.assign(p, p + size);
    std::free(p);
  }
  return data;
}

}  // namespace learnable::web

namespace learnable::app::platform {

void copy_text(const std::string& text) {
  g_clipboard = text;
  js_copy_text(text.c_str());
}
void download_text(const std::string& filename, const std::string& mime_type, const std::string& text) {
  js_download_text(filename.c_str(), mime_type.c_str(), text.c_str());
}
void request_paste() { js_request_paste(); }
bool take_requested_paste(std::string& text) {
  if (!g_has_requested) return false;
  text = std::move(g_requested);
  g_has_requested = false;
  return true;
}
std::string load(const char* key) { return take_js_string(js_storage_get(key)); }
void save(const char* key, const std::string& value) { js_storage_set(key, value.c_str()); }
std::string url_fragment() { return take_js_string(js_location(0)); }
void clear_url_fragment() { js_clear_fragment(); }
std::string page_url() { return take_js_string(js_location(1)); }
std::string url_query() { return take_js_string(js_location(2)); }
std::string url_path() { return take_js_string(js_location(3)); }
void listen_to_host() { js_listen_host(); }
bool take_host_message(std::string& json) {
  char* p = js_take_host_message();
  if (!p) return false;
  json = take_js_string(p);
  return true;
}
void post_to_host(const std::string& json) { js_post_to_host(json.c_str()); }
bool prefers_dark() { return js_prefers_dark() != 0; }
bool is_mac() {
  static const bool mac = js_is_mac() != 0;
  return mac;
}
void set_mirror_html(const char* element_id, const std::string& html) { js_set_html(element_id, html.c_str()); }
void patch_mirror_rows(const std::string& records) { js_patch_rows(records.c_str()); }
void announce(const std::string& text) { js_announce(text.c_str()); }
void set_title(const std::string& title) { js_set_title(title.c_str()); }
void wake(int ms) {
  if (ms <= 0) learnable::web::wake_now();
  else js_wake_after(ms);
}
#ifdef LEARNABLE_FORMATS_IN_APP
// The offline build: the formats are linked in, and each answer is ready for the next frame.
int formats_call(const std::string& function, const std::string& args_json) {
  static int next = 1;
  const int ticket = next++;
  if (function.empty()) return ticket;  // nothing to fetch: the formats are here
  g_answers[ticket] = api_call(function, args_json);
  wake();
  return ticket;
}
bool formats_answer(int ticket, std::string& json) {
  auto it = g_answers.find(ticket);
  if (it == g_answers.end()) return false;
  json = std::move(it->second);
  g_answers.erase(it);
  return true;
}
bool formats_loaded() { return true; }
std::string formats_failure() { return {}; }
#else
int formats_call(const std::string& function, const std::string& args_json) {
  return js_formats_call(function.c_str(), args_json.c_str());
}
bool formats_answer(int ticket, std::string& json) {
  char* p = js_formats_answer(ticket);
  if (!p) return false;
  json = take_js_string(p);
  return true;
}
bool formats_loaded() { return js_formats_loaded() != 0; }
std::string formats_failure() { return take_js_string(js_formats_failure()); }
#endif

}  // namespace learnable::app::platform
