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

}  // namespace learnable::app::platform
