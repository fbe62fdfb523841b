// The theme (light and dark, chosen by the page's prefers-color-scheme or the View menu), the
// text helpers and the per-frame record of named widget rectangles for the browser tests.
#include "app/widgets.h"

#include <cstdio>

#include "imgui_internal.h"

namespace learnable::app {

static Palette g_palette;
Palette& palette() { return g_palette; }

static ImVec4 hex(unsigned rgb, float alpha = 1.0f) {
  return ImVec4(((rgb >> 16) & 0xFF) / 255.0f, ((rgb >> 8) & 0xFF) / 255.0f, (rgb & 0xFF) / 255.0f, alpha);
}

void set_theme(bool dark) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  style.WindowPadding = ImVec2(12, 10);
  style.FramePadding = ImVec2(8, 5);
  style.CellPadding = ImVec2(8, 4);
  style.ItemSpacing = ImVec2(8, 7);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.IndentSpacing = 18;
  style.ScrollbarSize = 13;
  style.GrabMinSize = 12;
  style.WindowRounding = 8;
  style.ChildRounding = 6;
  style.FrameRounding = 5;
  style.PopupRounding = 6;
  style.ScrollbarRounding = 8;
  style.GrabRounding = 4;
  style.TabRounding = 5;
  style.WindowBorderSize = 1;
  style.ChildBorderSize = 1;
  style.PopupBorderSize = 1;
  style.FrameBorderSize = 1;
  style.SeparatorTextBorderSize = 1;
  style.WindowTitleAlign = ImVec2(0.5f, 0.5f);
  style.SelectableTextAlign = ImVec2(0, 0.5f);
  // Tooltips without waiting for the pointer to rest: a frame is only drawn on input, so the
  // "stationary" timer would otherwise need a frame that may never come.
  style.HoverFlagsForTooltipMouse = ImGuiHoveredFlags_DelayShort | ImGuiHoveredFlags_AllowWhenDisabled;

  ImVec4* c = style.Colors;
  Palette& p = g_palette;
  if (dark) {
    ImVec4 bg = hex(0x0F1216), panel = hex(0x171B21), raised = hex(0x1E242C), line = hex(0x2D343E);
    ImVec4 text = hex(0xE6EAF0), dim = hex(0x8E98A6), accent = hex(0x5B9DFF);
    c[ImGuiCol_Text] = text;
    c[ImGuiCol_TextDisabled] = dim;
    c[ImGuiCol_WindowBg] = bg;
    c[ImGuiCol_ChildBg] = panel;
    c[ImGuiCol_PopupBg] = raised;
    c[ImGuiCol_Border] = line;
    c[ImGuiCol_BorderShadow] = hex(0, 0);
    c[ImGuiCol_FrameBg] = hex(0x11151A);
    c[ImGuiCol_FrameBgHovered] = hex(0x1A2029);
    c[ImGuiCol_FrameBgActive] = hex(0x1F2631);
    c[ImGuiCol_TitleBg] = panel;
    c[ImGuiCol_TitleBgActive] = raised;
    c[ImGuiCol_TitleBgCollapsed] = panel;
    c[ImGuiCol_MenuBarBg] = panel;
    c[ImGuiCol_ScrollbarBg] = hex(0, 0);
    c[ImGuiCol_ScrollbarGrab] = hex(0x39424E);
    c[ImGuiCol_ScrollbarGrabHovered] = hex(0x4A5563);
    c[ImGuiCol_ScrollbarGrabActive] = hex(0x5A6675);
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = hex(0x7DB2FF);
    c[ImGuiCol_Button] = hex(0x232A33);
    c[ImGuiCol_ButtonHovered] = hex(0x2C3540);
    c[ImGuiCol_ButtonActive] = hex(0x36414E);
    c[ImGuiCol_Header] = hex(0x5B9DFF, 0.22f);
    c[ImGuiCol_HeaderHovered] = hex(0x5B9DFF, 0.13f);
    c[ImGuiCol_HeaderActive] = hex(0x5B9DFF, 0.30f);
    c[ImGuiCol_Separator] = line;
    c[ImGuiCol_SeparatorHovered] = accent;
    c[ImGuiCol_SeparatorActive] = accent;
    c[ImGuiCol_ResizeGrip] = hex(0, 0);
    c[ImGuiCol_ResizeGripHovered] = hex(0x5B9DFF, 0.5f);
    c[ImGuiCol_ResizeGripActive] = accent;
    c[ImGuiCol_Tab] = panel;
    c[ImGuiCol_TabHovered] = raised;
    c[ImGuiCol_TabActive] = raised;
    c[ImGuiCol_TableHeaderBg] = hex(0x1B2027);
    c[ImGuiCol_TableBorderStrong] = line;
    c[ImGuiCol_TableBorderLight] = hex(0x232A33);
    c[ImGuiCol_TableRowBg] = hex(0, 0);
    c[ImGuiCol_TableRowBgAlt] = hex(0xFFFFFF, 0.025f);
    c[ImGuiCol_TextSelectedBg] = hex(0x5B9DFF, 0.35f);
    c[ImGuiCol_DragDropTarget] = accent;
    c[ImGuiCol_NavHighlight] = accent;
    c[ImGuiCol_ModalWindowDimBg] = hex(0x000000, 0.55f);
    c[ImGuiCol_PlotHistogram] = accent;
    p.text_dim = dim;
    p.accent = accent;
    p.error = hex(0xFF6B6B);
    p.error_bg = hex(0xFF4D4D, 0.12f);
    p.warning = hex(0xE3B341);
    p.ok = hex(0x4CC38A);
    p.bar = hex(0x5B9DFF, 0.55f);
    p.bar_selected = hex(0x8AB8FF);
    p.panel = panel;
    p.canvas_clear = bg;
  } else {
    ImVec4 bg = hex(0xF4F6F9), panel = hex(0xFFFFFF), line = hex(0xD5DBE3);
    ImVec4 text = hex(0x1C2128), dim = hex(0x66707C), accent = hex(0x2563EB);
    c[ImGuiCol_Text] = text;
    c[ImGuiCol_TextDisabled] = dim;
    c[ImGuiCol_WindowBg] = bg;
    c[ImGuiCol_ChildBg] = panel;
    c[ImGuiCol_PopupBg] = panel;
    c[ImGuiCol_Border] = line;
    c[ImGuiCol_BorderShadow] = hex(0, 0);
    c[ImGuiCol_FrameBg] = hex(0xFFFFFF);
    c[ImGuiCol_FrameBgHovered] = hex(0xF3F6FA);
    c[ImGuiCol_FrameBgActive] = hex(0xEEF3FB);
    c[ImGuiCol_TitleBg] = bg;
    c[ImGuiCol_TitleBgActive] = panel;
    c[ImGuiCol_TitleBgCollapsed] = bg;
    c[ImGuiCol_MenuBarBg] = panel;
    c[ImGuiCol_ScrollbarBg] = hex(0, 0);
    c[ImGuiCol_ScrollbarGrab] = hex(0xC5CCD6);
    c[ImGuiCol_ScrollbarGrabHovered] = hex(0xAEB7C3);
    c[ImGuiCol_ScrollbarGrabActive] = hex(0x98A2B0);
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = hex(0x1D4ED8);
    c[ImGuiCol_Button] = hex(0xEDF0F4);
    c[ImGuiCol_ButtonHovered] = hex(0xE1E6EC);
    c[ImGuiCol_ButtonActive] = hex(0xD3DAE3);
    c[ImGuiCol_Header] = hex(0x2563EB, 0.14f);
    c[ImGuiCol_HeaderHovered] = hex(0x2563EB, 0.07f);
    c[ImGuiCol_HeaderActive] = hex(0x2563EB, 0.20f);
    c[ImGuiCol_Separator] = line;
    c[ImGuiCol_SeparatorHovered] = accent;
    c[ImGuiCol_SeparatorActive] = accent;
    c[ImGuiCol_ResizeGrip] = hex(0, 0);
    c[ImGuiCol_ResizeGripHovered] = hex(0x2563EB, 0.4f);
    c[ImGuiCol_ResizeGripActive] = accent;
    c[ImGuiCol_Tab] = bg;
    c[ImGuiCol_TabHovered] = panel;
    c[ImGuiCol_TabActive] = panel;
    c[ImGuiCol_TableHeaderBg] = hex(0xF0F3F7);
    c[ImGuiCol_TableBorderStrong] = line;
    c[ImGuiCol_TableBorderLight] = hex(0xE6EAF0);
    c[ImGuiCol_TableRowBg] = hex(0, 0);
    c[ImGuiCol_TableRowBgAlt] = hex(0x0B3D91, 0.025f);
    c[ImGuiCol_TextSelectedBg] = hex(0x2563EB, 0.22f);
    c[ImGuiCol_DragDropTarget] = accent;
    c[ImGuiCol_NavHighlight] = accent;
    c[ImGuiCol_ModalWindowDimBg] = hex(0x1C2128, 0.35f);
    c[ImGuiCol_PlotHistogram] = accent;
    p.text_dim = dim;
    p.accent = accent;
    p.error = hex(0xC62828);
    p.error_bg = hex(0xE53935, 0.09f);
    p.warning = hex(0x9A6700);
    p.ok = hex(0x1A7F37);
    p.bar = hex(0x2563EB, 0.45f);
    p.bar_selected = hex(0x1D4ED8);
    p.panel = panel;
    p.canvas_clear = bg;
  }
}

void same_line_if_fits(float width, float spacing) {
  float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + spacing + width <= right) ImGui::SameLine(0, spacing);
}

void drop_active_edit() {
  ImGui::ClearActiveID();
  ImGui::GetCurrentContext()->InputTextDeactivatedState.ID = 0;
}

void focus_text_field(ImGuiID id) {
  ImGui::ActivateItemByID(id);
  ImGui::GetCurrentContext()->NavNextActivateFlags = ImGuiActivateFlags_PreferInput;
}

static int resize_callback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<size_t>(data->BufTextLen));
    data->Buf = text->data();
  }
  return 0;
}

bool input_text(const char* label, std::string& text, ImGuiInputTextFlags flags, const char* hint) {
  flags |= ImGuiInputTextFlags_CallbackResize;
  if (hint) return ImGui::InputTextWithHint(label, hint, text.data(), text.capacity() + 1, flags, resize_callback, &text);
  return ImGui::InputText(label, text.data(), text.capacity() + 1, flags, resize_callback, &text);
}

bool input_text_multiline(const char* label, std::string& text, const ImVec2& size, ImGuiInputTextFlags flags) {
  flags |= ImGuiInputTextFlags_CallbackResize;
  return ImGui::InputTextMultiline(label, text.data(), text.capacity() + 1, size, flags, resize_callback, &text);
}

bool text_ellipsis(const std::string& text, float width, const ImVec4* color) {
  ImVec2 pos = ImGui::GetCursorScreenPos();
  pos.y += ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset;
  const char* begin = text.c_str();
  const char* end = begin + text.size();
  float full = ImGui::CalcTextSize(begin, end).x;
  float height = ImGui::GetTextLineHeight();
  ImGui::Dummy(ImVec2(full < width ? full : width, height));
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ImVec2 max(pos.x + width, pos.y + height);
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), pos, max, max.x, max.x, begin, end, nullptr);
  if (color) ImGui::PopStyleColor();
  return full > width;
}

void text_colored_wrapped(const ImVec4& color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void begin_page_window(bool menu_bar, const ImVec2& padding) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
  ImGui::Begin("Learnable", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                   (menu_bar ? ImGuiWindowFlags_MenuBar : 0));
  ImGui::PopStyleVar(3);
}

void text_dim(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, g_palette.text_dim);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

static std::string g_rects;

void note_rect(const std::string& id) { note_rect(id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

void note_rect(const std::string& id, const ImVec2& min, const ImVec2& max) {
  if (max.x <= min.x || max.y <= min.y) return;  // nothing of it is visible
  if (ImGui::GetCurrentWindowRead()->Hidden) return;  // a popup's first, unplaced frame
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, "\t%.1f\t%.1f\t%.1f\t%.1f\n", min.x, min.y, max.x - min.x, max.y - min.y);
  g_rects += id;
  g_rects += numbers;
}

std::string take_rects() {
  std::string out;
  out.swap(g_rects);
  return out;
}

}  // namespace learnable::app
