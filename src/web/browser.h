// The browser side of the frame loop (src/web/main.cpp): installing the page's event hooks,
// reporting each drawn frame to the page, the CSS cursor, the clipboard ImGui uses, and the
// files (fonts) index.html fetched before the app started.
#pragma once

#include <string>
#include <vector>

namespace learnable::web {

void install_page_hooks();
// Counts the frame, publishes the widget rects and the frame's CPU time in milliseconds.
void frame_done(const std::string& rects, double ms, int pending_input);
void set_idle(bool idle);  // learnableTest.idle: the loop stopped drawing until the next event
void set_cursor(const char* css_cursor);
void set_text_input(bool on);  // the on-screen keyboard's hidden input takes or gives up focus
const char* clipboard_text();
void set_clipboard_text(const char* text);
std::vector<unsigned char> take_file(const char* name);  // Module.files[name], once
void wake_now();                                         // defined by the frame loop

}  // namespace learnable::web
