// Small Dear ImGui helpers the panels share: std::string text fields, text that ends in an
// ellipsis when its column is too narrow, the theme's named colours, and the rectangles the
// end-to-end tests look up by name (window.learnableTest.rect).
#pragma once

#include <string>

#include "imgui.h"

namespace learnable::app {

// Colours beyond ImGui's own, set by the theme.
struct Palette {
  ImVec4 text_dim;
  ImVec4 accent;
  ImVec4 error;
  ImVec4 error_bg;
  ImVec4 warning;
  ImVec4 ok;
  ImVec4 bar;
  ImVec4 bar_selected;
  ImVec4 panel;  // background of the totals bar and cards
  ImVec4 canvas_clear;
};
Palette& palette();
void set_theme(bool dark);

bool input_text(const char* label, std::string& text, ImGuiInputTextFlags flags = 0, const char* hint = nullptr);
bool input_text_multiline(const char* label, std::string& text, const ImVec2& size, ImGuiInputTextFlags flags = 0);

// Ends any text editing without letting ImGui apply the field's last text afterwards (it would
// undo an undo: the model is the truth once it changes underneath a field).
void drop_active_edit();

// Puts the text cursor in the field with this id (it activates on the next frame it is drawn).
void focus_text_field(ImGuiID id);

// Continues the line after the last item when `width` more fits in the window, else starts a
// new line (for rows of labels that must wrap in a narrow window).
void same_line_if_fits(float width, float spacing);

// Text clipped to `width` with an ellipsis; returns true when it had to be cut.
bool text_ellipsis(const std::string& text, float width, const ImVec4* color = nullptr);
void text_colored_wrapped(const ImVec4& color, const std::string& text);
void text_dim(const char* text);

// The window that fills the canvas, square and borderless, with `padding` inside; the app's
// main view has a menu bar, the embed view none. Pair with ImGui::End().
void begin_page_window(bool menu_bar, const ImVec2& padding);

// Records the last item's rectangle (or the given one) under `id` for this frame.
void note_rect(const std::string& id);
void note_rect(const std::string& id, const ImVec2& min, const ImVec2& max);
// The rectangles recorded this frame, "id\tx\ty\tw\th\n..." in CSS pixels; clears the list.
std::string take_rects();

}  // namespace learnable::app
