// What the interface asks of the page around it: the system clipboard, downloads, local storage,
// the URL, the hidden DOM mirror and the test hooks. Implemented for the browser in
// src/web/browser.cpp, so the panels in src/app/ never touch JavaScript themselves.
#pragma once

#include <string>

namespace learnable::app::platform {

void copy_text(const std::string& text);  // navigator.clipboard, with a fallback
void request_paste();                     // asks for the clipboard's text (asynchronous)
bool take_requested_paste(std::string& text);  // the text request_paste() got, once
// Saves text as a file the browser downloads (a Blob behind an <a download>).
void download_text(const std::string& filename, const std::string& mime_type, const std::string& text);

std::string load(const char* key);  // localStorage; empty when absent or unavailable
void save(const char* key, const std::string& value);

std::string url_fragment();  // without '#'
void clear_url_fragment();   // without adding a history entry
std::string page_url();      // the page's address without its fragment
std::string url_query();     // without '?': "layer=Conv1"
std::string url_path();      // "/embed.html"

// The embed view's host page (the window around its iframe). listen_to_host() starts taking its
// postMessage messages; those that do not match the schema ({learnable: 1, type: "setModel" |
// "getModel" | "selectLayer", ...}) are ignored with a console warning, the others are queued as
// JSON {"type", "id", "model", "layer"} for take_host_message(). Nothing received is run.
void listen_to_host();
bool take_host_message(std::string& json);
void post_to_host(const std::string& json);  // a JSON object, posted to window.parent

bool prefers_dark();  // prefers-color-scheme: dark
bool is_mac();        // Cmd instead of Ctrl for shortcuts

// The accessible mirror: replaces the inner HTML of the element with this id.
void set_mirror_html(const char* element_id, const std::string& html);
// Replaces some rows of #mirror-layers' body: "index\x1fhtml" records separated by '\x1e'.
void patch_mirror_rows(const std::string& records);
void announce(const std::string& text);  // the polite live region
void set_title(const std::string& title);  // the page's title (the tab shows the total)

// Asks for frames again after `ms` milliseconds (timers, toasts) or at once.
void wake(int ms = 0);

// The text formats (every importer and export, and the conversion between frameworks) are not
// in the app's module: the page fetches the JS API's module (learnable.js/.wasm) the first time
// one is needed and asks it. formats_call() asks `function` ("modelFromCode", "exportModel",
// "convertModel"; js_api.h) with its arguments as a JSON array and returns a ticket;
// formats_answer() gives the answer's JSON (api_answer.h) once it has come, and the frame loop is
// woken when it does. An empty function only starts the download (a menu about to need it).
int formats_call(const std::string& function, const std::string& args_json);
bool formats_answer(int ticket, std::string& json);
bool formats_loaded();  // the module is in: answers come within the frame
// Why the module did not load ("" when it did or is on its way); the next formats_call tries again.
std::string formats_failure();

}  // namespace learnable::app::platform
