// The app's frame: menu bar, toolbar, the layers pane beside (or above) the inspector, the
// totals bar, then whichever dialog is open. Also the actions behind menus, buttons and
// shortcuts, the autosave and the start-up order (shared link, autosave, tutorial).
#include "app/app.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "app/editing.h"
#include "app/platform.h"
#include "app/widgets.h"
#include "core/json_writer.h"
#include "core/layer_type.h"
#include "core/model_json.h"
#include "core/presets.h"
#include "core/rules_elsewhere.h"
#include "core/share_link.h"
#include "core/summary.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace learnable::app {

static const char* kModelKey = "learnable.model.v1";
static const char* kSelectedKey = "learnable.selected";
static const char* kThemeKey = "learnable.theme";

void App::start() {
  if (start_embed()) return;
  std::string theme = platform::load(kThemeKey);
  theme_choice_ = theme == "light" ? ThemeChoice::Light : theme == "dark" ? ThemeChoice::Dark : ThemeChoice::System;
  apply_theme();

  bool restored = false;
  std::string saved = platform::load(kModelKey);
  if (!saved.empty()) {
    ImportResult read = model_from_json(saved);
    if (read.errors.empty()) {
      doc_.reset(std::move(read.model));
      restored = true;
      std::string index = platform::load(kSelectedKey);
      if (!index.empty() && index != "none") {
        char* end = nullptr;
        unsigned long long i = std::strtoull(index.c_str(), &end, 10);
        if (end && *end == '\0' && i < doc_.size()) doc_.select(static_cast<size_t>(i));
      } else if (index == "none") {
        doc_.select(std::nullopt);
      }
    }
  }
  if (!restored) doc_.reset(preset_model("tutorial"));
  open_link_from_url();
  scroll_to_selected_ = true;
}

void App::open_link_from_url() {
  std::string fragment = platform::url_fragment();
  if (fragment.rfind("m=", 0) != 0) return;
  // A quiz link: the model, then "&quiz=every" (or "&quiz=selected").
  std::optional<QuizScope> quiz;
  if (size_t amp = fragment.find("&quiz="); amp != std::string::npos) {
    std::string scope = fragment.substr(amp + 6);
    quiz = scope == "selected" ? QuizScope::Selected : QuizScope::Every;
    fragment.resize(amp);
  }
  ImportResult read = decode_share_fragment(fragment);
  platform::clear_url_fragment();
  if (!read.errors.empty() && read.model.layers.empty()) {
    load_error_ = "This link does not hold a model Learnable can read: " + read.errors[0].message;
    return;
  }
  load_error_.clear();
  doc_.load(std::move(read.model), "open a shared link");
  after_external_change();
  toast("Opened the model from the link");
  if (quiz) set_quiz(*quiz);
}

void App::apply_theme() {
  dark_ = theme_choice_ == ThemeChoice::Dark || (theme_choice_ == ThemeChoice::System && platform::prefers_dark());
  set_theme(dark_);
}

// ---------------------------------------------------------------------------------------------
// The frame

void App::poll_formats() {
  std::string json;
  if (import_ticket_ && platform::formats_answer(import_ticket_, json)) {
    import_ticket_ = 0;
    take_import(read_api_answer(json).imported);
  }
  if (export_ticket_ && platform::formats_answer(export_ticket_, json)) {
    export_ticket_ = 0;
    take_export(read_api_answer(json));
  }
  if (convert_ticket_ && platform::formats_answer(convert_ticket_, json)) {
    convert_ticket_ = 0;
    take_conversion(read_api_answer(json));
  }
  if (quiz_ticket_ && platform::formats_answer(quiz_ticket_, json)) {
    quiz_ticket_ = 0;
    ApiAnswer answer = read_api_answer(json);
    if (!answer.has_quiz) {
      quiz_input_error_ = answer.imported.errors.empty() ? "The answer could not be checked"
                                                         : answer.imported.errors[0].message;
    } else {
      quiz_verdict_ = answer.quiz;
      has_verdict_ = true;
      if (answer.quiz.correct) {
        quiz_revealed_.push_back(quiz_layer_);
        column_widths_revision_ = ~uint64_t(0);
        toast("✓ Right: " + with_commas(answer.quiz.expected));
      }
      platform::announce(answer.quiz.correct ? "Right: " + with_commas(answer.quiz.expected) : "Not yet. " + answer.quiz.hint);
    }
    mirrored_revision_ = ~uint64_t(0);
  }
  if (why_ticket_ && platform::formats_answer(why_ticket_, json)) {
    why_ticket_ = 0;
    ApiAnswer answer = read_api_answer(json);
    why_causes_ = answer.causes;
    why_error_ = answer.imported.errors.empty() ? std::string() : answer.imported.errors[0].message;
    if (!why_causes_.empty())
      platform::announce(why_causes_[0].title + ": " + with_commas(why_causes_[0].total) + ". " + why_causes_[0].detail);
  }
}

// A model that uses a lazy rule (PyTorch's, an LSTM in Keras: lazy_rule in layer_type.h) needs the
// formats module on the site's page: the download starts as such a layer appears. Meanwhile the
// layer is LayerStatus::Loading and the rest of the model is counted; the layers are computed
// again when the module is in, or when it fails (then they give the reason).
void App::poll_rules() {
  if (rules_checked_revision_ != doc_.revision()) {  // a scan of the model, once per change
    rules_checked_revision_ = doc_.revision();
    rules_needed_ = needs_rules_elsewhere(doc_.model());
  }
  if (!rules_needed_ || platform::formats_loaded()) {
    if (rules_waiting_ || rules_failed_) doc_.recompute();
    rules_waiting_ = rules_failed_ = false;
    return;
  }
  if (rules_failed_) return;  // the layers and the banner say so; Import or Export tries again
  if (!rules_waiting_) platform::formats_call("", "[]");
  rules_waiting_ = true;
  const std::string failure = platform::formats_failure();
  if (failure.empty()) return;
  rules_waiting_ = false;
  rules_failed_ = true;
  doc_.recompute();
  load_error_ = rules_unavailable_message(doc_.model().framework, failure);
  platform::announce(load_error_);
}

// Two buttons side by side, the model's framework lit: the other one converts the model.
void App::draw_framework_switch() {
  const Framework current = doc_.model().framework;
  const Palette& pal = palette();
  for (Framework f : {Framework::Keras, Framework::PyTorch}) {
    const bool on = f == current;
    const bool busy = convert_ticket_ && convert_to_ == f;
    std::string label = std::string(framework_title(f)) + (busy ? "…" : "");
    if (f == Framework::PyTorch) ImGui::SameLine(0, 0);
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(on ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
    ImGui::PushStyleColor(ImGuiCol_Text, on ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : pal.text_dim);
    bool pressed = ImGui::Button((label + "###fw" + std::string(framework_name(f))).c_str());
    ImGui::PopStyleColor(2);
    note_rect("button:" + std::string(framework_title(f)));
    if (on) ImGui::SetItemTooltip("This model is counted as %s counts it", std::string(framework_title(f)).c_str());
    else ImGui::SetItemTooltip("Convert the model to %s and count it as %s does (Ctrl+Z goes back)",
                               std::string(framework_title(f)).c_str(), std::string(framework_title(f)).c_str());
    if (pressed && !on) switch_framework(f);
  }
}

void App::switch_framework(Framework to) {
  if (to == doc_.model().framework || convert_ticket_) return;
  convert_to_ = to;
  convert_revision_ = doc_.revision();
  convert_selected_ = doc_.selected();
  convert_ticket_ = platform::formats_call(
      "convertModel", "[" + json_quote(model_to_json(doc_.model())) + "," + json_quote(framework_name(to)) + "]");
}

void App::take_conversion(const ApiAnswer& answer) {
  const std::string title(framework_title(convert_to_));
  if (doc_.revision() != convert_revision_) {  // edited while the answer was on its way: ask again
    switch_framework(convert_to_);
    return;
  }
  if (answer.imported.model.framework != convert_to_) {
    toast(answer.imported.errors.empty() ? "The model could not be converted to " + title
                                         : answer.imported.errors[0].message);
    return;
  }
  std::optional<size_t> selection;
  if (convert_selected_)
    for (size_t i = 0; i < answer.origin.size(); ++i)
      if (answer.origin[i] == *convert_selected_) {
        selection = i;
        break;
      }
  doc_.load(answer.imported.model, "count as in " + title, selection ? selection : std::optional<size_t>(0));
  after_external_change();
  layer_notes_.clear();
  model_notes_.clear();
  for (const ImportMessage& note : answer.notes) {
    bool placed = false;
    for (size_t i = 0; i < doc_.size() && !note.layer.empty(); ++i)
      if (doc_.layer(i).name == note.layer) {
        layer_notes_.push_back({static_cast<uint64_t>(doc_.layer(i).id), doc_.layer(i).type, note.message});
        placed = true;
        break;
      }
    if (!placed) model_notes_.push_back(note.layer.empty() ? note.message : note.layer + ": " + note.message);
  }
  converted_title_ = title;
  size_t changed = 0;
  for (size_t i = 0; i < doc_.size(); ++i) changed += !conversion_notes(i).empty();
  if (!model_notes_.empty()) {
    open_conversion_ = true;  // layers left out, or points about the whole model: say so now
  } else if (changed) {
    toast("Counted as in " + title + "; " + std::to_string(changed) + " layer" + (changed == 1 ? " has" : "s have") +
          " a note on what changed");
  } else {
    toast("Counted as in " + title);
  }
}

std::vector<std::string> App::conversion_notes(size_t index) const {
  std::vector<std::string> out;
  if (index >= doc_.size()) return out;
  const Layer& layer = doc_.layer(index);
  for (const LayerNote& n : layer_notes_)
    if (n.id == static_cast<uint64_t>(layer.id) && n.type == layer.type) out.push_back(n.text);
  return out;
}

void App::draw_conversion_dialog() {
  const char* title = "Converted###conversion";
  if (open_conversion_) {
    ImGui::OpenPopup(title);
    open_conversion_ = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(360, 0), ImVec2(std::min(640.0f, vp->Size.x - 24), vp->Size.y - 24));
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) return;
  const Palette& pal = palette();
  ImGui::PushTextWrapPos(std::min(600.0f, vp->Size.x - 60));
  ImGui::TextUnformatted(("The model is now counted as in " + converted_title_ + ".").c_str());
  ImGui::Spacing();
  for (const std::string& note : model_notes_) text_colored_wrapped(pal.warning, "⚠ " + note);
  size_t changed = 0;
  for (size_t i = 0; i < doc_.size(); ++i) changed += !conversion_notes(i).empty();
  if (changed) {
    ImGui::Spacing();
    text_colored_wrapped(pal.text_dim, std::to_string(changed) + " layer" + (changed == 1 ? " has" : "s have") +
                                           " a note on what changed: select one to read it beside its formula.");
  }
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  bool close = ImGui::Button("OK", ImVec2(100, 0));
  note_rect("button:OK");
  if (close || (!ImGui::IsAnyItemActive() && (ImGui::IsKeyPressed(ImGuiKey_Escape) || ImGui::IsKeyPressed(ImGuiKey_Enter))))
    ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void App::frame() {
  poll_formats();
  poll_rules();
  handle_shortcuts();
  if (embed_) {
    frame_embed();
    return;
  }

  begin_page_window(true, ImVec2(12, 10));

  draw_menu_bar();
  draw_toolbar();
  if (quiz_ != QuizScope::Off) {
    text_colored_wrapped(palette().accent, quiz_ == QuizScope::Every
                                               ? "Quiz: every layer's count is hidden until you answer it. Select a layer to answer."
                                               : "Quiz: the selected layer's count is hidden until you answer it.");
    ImGui::SameLine();
    if (ImGui::SmallButton("Stop the quiz")) set_quiz(QuizScope::Off);
    note_rect("button:Stop the quiz");
  }

  if (!load_error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
    ImGui::TextWrapped("%s", load_error_.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::SmallButton("Dismiss")) load_error_.clear();
  }

  draw_workspace();
  ImGui::End();

  draw_import_dialog();
  draw_new_model_dialog();
  draw_conversion_dialog();
  draw_why_dialog();
  draw_share_dialog();
  draw_about_dialog();
  draw_toast();
}

// The layers (table and chart) beside the selected layer's inspector, or above it when the
// window is narrow, with a splitter between them, and the totals below.
void App::draw_workspace() {
  const ImGuiStyle& style = ImGui::GetStyle();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float totals_height = totals_bar_height(avail.x);
  float body = std::max(120.0f, avail.y - totals_height - style.ItemSpacing.y);
  bool wide = avail.x >= 820;
  const float splitter = 8;
  if (wide) {
    float left = std::clamp(avail.x * split_, 360.0f, avail.x - 300.0f);
    draw_layers_pane_at(left, body);
    ImGui::SameLine(0, 0);
    ImGui::InvisibleButton("##split", ImVec2(splitter, body));
    note_rect("splitter");
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
      float x = (ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) * 0.5f;
      ImGui::GetWindowDrawList()->AddLine(ImVec2(x, ImGui::GetItemRectMin().y + 6), ImVec2(x, ImGui::GetItemRectMax().y - 6),
                                          ImGui::GetColorU32(palette().accent), 2.0f);
    }
    if (ImGui::IsItemActive()) split_ = std::clamp(split_ + ImGui::GetIO().MouseDelta.x / avail.x, 0.3f, 0.8f);
    ImGui::SameLine(0, 0);
    ImGui::BeginChild("##inspector", ImVec2(0, body), ImGuiChildFlags_Border);
    draw_inspector();
    ImGui::EndChild();
  } else {
    float top = std::clamp(body * split_, 160.0f, body - 160.0f);
    draw_layers_pane_at(avail.x, top);
    ImGui::InvisibleButton("##split", ImVec2(avail.x, splitter));
    note_rect("splitter");
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
      float y = (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) * 0.5f;
      ImGui::GetWindowDrawList()->AddLine(ImVec2(ImGui::GetItemRectMin().x + 6, y), ImVec2(ImGui::GetItemRectMax().x - 6, y),
                                          ImGui::GetColorU32(palette().accent), 2.0f);
    }
    if (ImGui::IsItemActive()) split_ = std::clamp(split_ + ImGui::GetIO().MouseDelta.y / body, 0.25f, 0.8f);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - style.ItemSpacing.y);
    ImGui::BeginChild("##inspector", ImVec2(0, body - top - splitter), ImGuiChildFlags_Border);
    draw_inspector();
    ImGui::EndChild();
  }
  draw_totals_bar();
}

void App::draw_layers_pane_at(float width, float height) {
  ImGui::BeginChild("##layers", ImVec2(width, height), ImGuiChildFlags_Border,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  draw_layers_pane(ImGui::GetContentRegionAvail().y);
  ImGui::EndChild();
}

void App::draw_layers_pane(float height) {
  draw_input_shape();
  float chart = std::clamp(height * 0.26f, 90.0f, 170.0f);
  if (height < 320 || quiz_ != QuizScope::Off) chart = 0;  // the bars would give the quiz away
  float table = ImGui::GetContentRegionAvail().y - chart - (chart > 0 ? ImGui::GetStyle().ItemSpacing.y : 0);
  draw_table(std::max(60.0f, table));
  if (chart > 0) draw_chart(chart);
}

// ---------------------------------------------------------------------------------------------
// Menu bar and toolbar

// Menu items are recorded as "menu:<label>", without a trailing "…".
static void menu_rect(const char* label) {
  std::string id = std::string("menu:") + label;
  const std::string ellipsis = "…";
  if (id.size() > ellipsis.size() && id.compare(id.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0)
    id.resize(id.size() - ellipsis.size());
  note_rect(id);
}

static bool menu_item(const char* label, const char* shortcut = nullptr, bool enabled = true) {
  bool chosen = ImGui::MenuItem(label, shortcut, false, enabled);
  menu_rect(label);
  return chosen;
}

static const char* shortcut_text(const char* ctrl, const char* cmd) { return platform::is_mac() ? cmd : ctrl; }

void App::draw_menu_bar() {
  if (!ImGui::BeginMenuBar()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
  ImGui::TextUnformatted("Learnable");
  ImGui::PopStyleColor();
  ImGui::Spacing();

  bool has_sel = doc_.selected().has_value();
  size_t sel = doc_.selected().value_or(0);
  if (ImGui::BeginMenu("File")) {
    menu_rect("File");
    if (menu_item("New model…")) open_new_ = true;
    if (menu_item("Import model…", shortcut_text("Ctrl+I", "Cmd+I"))) open_import();
    ImGui::Separator();
    if (menu_item("Copy share link")) copy_share_link();
    if (menu_item("Share or embed…")) {
      share_link_ = platform::page_url() + "#" + encode_share_fragment(doc_.model());
      open_share_ = true;
    }
    if (menu_item("Copy table as Markdown")) copy_markdown();
    if (ImGui::BeginMenu("Export")) {
      menu_rect("Export");
      draw_export_menu();
      ImGui::EndMenu();
    } else {
      menu_rect("Export");
    }
    if (menu_item("Copy formula", nullptr, has_sel)) copy_formula();
    ImGui::EndMenu();
  } else {
    menu_rect("File");
  }
  if (ImGui::BeginMenu("Edit")) {
    menu_rect("Edit");
    std::string undo_label = doc_.can_undo() ? "Undo " + doc_.undo_label() : std::string("Undo");
    std::string redo_label = doc_.can_redo() ? "Redo " + doc_.redo_label() : std::string("Redo");
    if (ImGui::MenuItem(undo_label.c_str(), shortcut_text("Ctrl+Z", "Cmd+Z"), false, doc_.can_undo())) undo();
    menu_rect("Undo");
    if (ImGui::MenuItem(redo_label.c_str(), shortcut_text("Ctrl+Shift+Z", "Cmd+Shift+Z"), false, doc_.can_redo())) redo();
    menu_rect("Redo");
    ImGui::Separator();
    size_t below = has_sel ? sel + 1 : doc_.size();
    if (ImGui::BeginMenu("Add layer")) {
      menu_rect("Add layer");
      draw_add_layer_menu(below);
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Insert above", has_sel)) {
      draw_add_layer_menu(sel);
      ImGui::EndMenu();
    }
    menu_rect("Insert above");
    if (ImGui::BeginMenu("Insert below", has_sel)) {
      draw_add_layer_menu(sel + 1);
      ImGui::EndMenu();
    }
    menu_rect("Insert below");
    ImGui::Separator();
    if (menu_item("Duplicate", shortcut_text("Ctrl+D", "Cmd+D"), has_sel)) duplicate_selected();
    if (menu_item("Delete", "Del", has_sel)) delete_selected();
    if (menu_item("Move up", "Alt+↑", has_sel && sel > 0)) move_selected(-1);
    if (menu_item("Move down", "Alt+↓", has_sel && sel + 1 < doc_.size())) move_selected(+1);
    if (menu_item("Rename", "F2", has_sel)) focus_name_ = true;
    ImGui::EndMenu();
  } else {
    menu_rect("Edit");
  }
  if (ImGui::BeginMenu("Presets")) {
    menu_rect("Presets");
    for (const Preset& p : presets()) {
      if (ImGui::MenuItem(p.title.c_str())) load_preset(p.id);
      note_rect("menu:preset:" + p.id);
    }
    ImGui::EndMenu();
  } else {
    menu_rect("Presets");
  }
  if (ImGui::BeginMenu("View")) {
    menu_rect("View");
    ThemeChoice before = theme_choice_;
    if (ImGui::MenuItem("Follow the system theme", nullptr, theme_choice_ == ThemeChoice::System)) theme_choice_ = ThemeChoice::System;
    if (ImGui::MenuItem("Light theme", nullptr, theme_choice_ == ThemeChoice::Light)) theme_choice_ = ThemeChoice::Light;
    if (ImGui::MenuItem("Dark theme", nullptr, theme_choice_ == ThemeChoice::Dark)) theme_choice_ = ThemeChoice::Dark;
    if (before != theme_choice_) {
      platform::save(kThemeKey, theme_choice_ == ThemeChoice::Light ? "light" : theme_choice_ == ThemeChoice::Dark ? "dark" : "system");
      apply_theme();
    }
    ImGui::Separator();
    ImGui::MenuItem("Chart on a log scale", nullptr, &log_chart_);
    ImGui::EndMenu();
  } else {
    menu_rect("View");
  }
  draw_classroom_menu();
  if (ImGui::BeginMenu("Help")) {
    menu_rect("Help");
    if (menu_item("Keyboard shortcuts and about…")) open_about_ = true;
    ImGui::EndMenu();
  } else {
    menu_rect("Help");
  }
  ImGui::EndMenuBar();
}

// Toolbar buttons flow left to right and wrap onto another line in a narrow window; each is
// recorded for the tests as "button:<name>".
namespace {
struct Toolbar {
  bool first = true;
  float gap_before = 0;  // a group separator is pending

  static float width_of(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
  }
  // Places the cursor for an item `width` wide: same line when it fits, else a new line.
  void place(float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    if (!first) {
      float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
      float x = ImGui::GetItemRectMax().x + style.ItemSpacing.x + gap_before;
      if (x + width <= right) {
        ImGui::SameLine(0, style.ItemSpacing.x + gap_before);
        if (gap_before > 0) {
          ImVec2 p = ImGui::GetCursorScreenPos();
          float h = ImGui::GetFrameHeight();
          float lx = p.x - gap_before * 0.5f - style.ItemSpacing.x * 0.5f;
          ImGui::GetWindowDrawList()->AddLine(ImVec2(lx, p.y + 5), ImVec2(lx, p.y + h - 5), ImGui::GetColorU32(ImGuiCol_Separator));
        }
      }
    }
    first = false;
    gap_before = 0;
  }
  void group() { gap_before = 9; }
  bool button(const char* label, const char* name, bool enabled = true, const char* tip = nullptr) {
    place(width_of(label));
    ImGui::BeginDisabled(!enabled);
    bool pressed = ImGui::Button(label);
    ImGui::EndDisabled();
    note_rect(std::string("button:") + name);
    if (tip) ImGui::SetItemTooltip("%s", tip);
    return pressed;
  }
};
}  // namespace

void App::draw_toolbar() {
  bool has_sel = doc_.selected().has_value();
  size_t sel = doc_.selected().value_or(0);
  std::string undo_tip = doc_.can_undo() ? "Undo " + doc_.undo_label() : std::string("Nothing to undo");
  std::string redo_tip = doc_.can_redo() ? "Redo " + doc_.redo_label() : std::string("Nothing to redo");
  Toolbar bar;
  if (bar.button("↺ Undo", "Undo", doc_.can_undo(), undo_tip.c_str())) undo();
  if (bar.button("↻ Redo", "Redo", doc_.can_redo(), redo_tip.c_str())) redo();
  bar.group();
  if (bar.button("+ Add layer ▾", "Add layer", true, "Add a layer below the selected one")) ImGui::OpenPopup("##add");
  ImVec2 below_button(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y);
  ImGui::SetNextWindowPos(below_button);
  if (ImGui::BeginPopup("##add")) {
    draw_add_layer_menu(has_sel ? sel + 1 : doc_.size());
    ImGui::EndPopup();
  }
  if (bar.button("Duplicate", "Duplicate", has_sel, "Copy the selected layer below itself")) duplicate_selected();
  if (bar.button("Delete", "Delete", has_sel, "Delete the selected layer")) delete_selected();
  if (bar.button("↑", "Move up", has_sel && sel > 0, "Move the selected layer up (Alt+↑)")) move_selected(-1);
  if (bar.button("↓", "Move down", has_sel && sel + 1 < doc_.size(), "Move the selected layer down (Alt+↓)")) move_selected(+1);
  bar.group();
  if (bar.button("Import model…", "Import model", true, "Paste Keras code, Keras JSON or PyTorch code")) open_import();
  if (bar.button("New model…", "New model", true, "Start again from an empty model")) open_new_ = true;
  bar.group();
  bar.place(Toolbar::width_of("Keras") + Toolbar::width_of("PyTorch…"));
  draw_framework_switch();

  // Exporting and sharing sit at the right end when the line has room for them.
  const char* exports = "Export \xE2\x96\xBE";  // ▾
  const char* md = "Copy Markdown";
  const char* share = "Share link";
  const char* embed = "Embed…";
  const ImGuiStyle& style = ImGui::GetStyle();
  float both = Toolbar::width_of(exports) + Toolbar::width_of(md) + Toolbar::width_of(share) + Toolbar::width_of(embed) +
               style.ItemSpacing.x * 3;
  float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x * 3 + both <= right) {
    ImGui::SameLine();
    ImGui::SetCursorScreenPos(ImVec2(right - both, ImGui::GetCursorScreenPos().y));
    bar.first = true;
  } else {
    bar.group();
  }
  if (bar.button(exports, "Export", true, "Copy or download the model as a Keras summary, LaTeX, code, ..."))
    ImGui::OpenPopup("##export");
  // Opens below the button, its right edge on the button's: the button is near the window's edge.
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetItemRectMax().x, ImGui::GetItemRectMax().y), ImGuiCond_Always, ImVec2(1, 0));
  if (ImGui::BeginPopup("##export")) {
    draw_export_menu();
    ImGui::EndPopup();
  }
  if (bar.button(md, "Copy Markdown", true, "Copy the table as Markdown")) copy_markdown();
  if (bar.button(share, "Share link", true, "Copy a link that opens this model")) copy_share_link();
  if (bar.button(embed, "Embed", true, "The <iframe> code that shows this model in another page")) {
    share_link_ = platform::page_url() + "#" + encode_share_fragment(doc_.model());
    open_share_ = true;
  }
}

bool App::draw_add_layer_menu(size_t at) {
  bool added = false;
  std::string group;
  const std::vector<LayerType>& types = layer_types(doc_.model().framework);
  std::vector<std::string> groups;
  for (const LayerType& t : types)
    if (std::find(groups.begin(), groups.end(), t.group) == groups.end()) groups.push_back(t.group);
  for (const std::string& g : groups) {
    bool open = ImGui::BeginMenu(g.c_str());
    note_rect("menu:" + g);
    if (!open) continue;
    for (const LayerType& t : types) {
      if (t.group != g || !t.alias_of.empty()) continue;
      bool chosen = ImGui::MenuItem(t.name.c_str());
      note_rect("menu:" + t.name);
      if (!t.summary.empty()) ImGui::SetItemTooltip("%s", t.summary.c_str());
      if (chosen) {
        add_layer(t.name, at);
        added = true;
      }
    }
    ImGui::EndMenu();
  }
  return added;
}

static std::string layers_text(size_t n) {
  return with_commas(static_cast<int64_t>(n)) + (n == 1 ? " layer" : " layers");
}

// ---------------------------------------------------------------------------------------------
// Totals

// The totals bar's items: label, value, whether the value is the large headline.
std::vector<App::Stat> App::totals_items() const {
  const Totals& t = doc_.calc().totals();
  std::vector<Stat> items;
  if (quiz_hides_any()) {
    items.push_back({"Total params", "?", true});
    items.push_back({"", "Quiz: the totals show once every hidden layer is answered", false});
  } else if (t.overflow) {
    items.push_back({"Total params", "too large to count exactly", true});
  } else {
    items.push_back({"Total params", with_commas(t.params), true});
    items.push_back({"Trainable", with_commas(t.trainable), false});
    items.push_back({"Non-trainable", with_commas(t.non_trainable), false});
    items.push_back({"Size at float32", human_bytes(t.bytes), false});
    if (doc_.model().framework == Framework::PyTorch) items.push_back({"Buffers", with_commas(t.buffers), false});
  }
  const Uncounted u = uncounted();
  if (u.errors) items.push_back({"", "✗ " + u.text, false, 2});
  else if (u.pending) items.push_back({"", "… " + u.text, false, 0});
  else if (doc_.size()) items.push_back({"", "✓ " + layers_text(doc_.size()), false, 1});
  return items;
}

// The layers the totals leave out: with errors, or not counted yet (their rules, or those of a layer
// before them, are loading).
App::Uncounted App::uncounted() const {
  Uncounted u;
  for (const LayerResult& r : doc_.calc().results()) {
    u.errors += r.status == LayerStatus::Error;
    u.pending += !r.ok();
  }
  if (u.errors)
    u.text = layers_text(u.errors) + " with errors";
  else if (u.pending)
    u.text = layers_text(u.pending) + " counted when " + std::string(framework_title(doc_.model().framework)) +
             "'s rules are in";
  return u;
}

float App::stat_width(const Stat& s) const {
  float w = s.label.empty() ? 0 : ImGui::CalcTextSize(s.label.c_str()).x + 6;
  if (s.big && fonts_.large) {
    ImGui::PushFont(fonts_.large);
    w += ImGui::CalcTextSize(s.value.c_str()).x;
    ImGui::PopFont();
  } else {
    w += ImGui::CalcTextSize(s.value.c_str()).x;
  }
  return w;
}

float App::totals_bar_height(float width) const {
  const ImGuiStyle& style = ImGui::GetStyle();
  float line = fonts_.large ? fonts_.large->FontSize * ImGui::GetIO().FontGlobalScale : ImGui::GetTextLineHeight();
  int lines = 1;
  float x = 0, room = width - style.WindowPadding.x * 2;
  for (const Stat& s : totals_items()) {
    float w = stat_width(s);
    if (x > 0 && x + w > room) {
      ++lines;
      x = 0;
    }
    x += w + 28;
  }
  return line * float(lines) + style.ItemSpacing.y * float(lines - 1) + style.WindowPadding.y * 2 + 4;
}

void App::draw_totals_bar() {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().panel);
  ImGui::BeginChild("##totals", ImVec2(0, 0), ImGuiChildFlags_Border, ImGuiWindowFlags_NoScrollbar);
  // Labels and small numbers sit on the baseline of the large total.
  float dy = fonts_.large && fonts_.body ? (fonts_.large->Ascent - fonts_.body->Ascent) * ImGui::GetIO().FontGlobalScale : 0;
  float line = fonts_.large ? fonts_.large->FontSize * ImGui::GetIO().FontGlobalScale : ImGui::GetTextLineHeight();
  float y = ImGui::GetCursorPosY();
  float x0 = ImGui::GetCursorPosX();
  float room = ImGui::GetContentRegionAvail().x;
  float x = 0;
  for (const Stat& s : totals_items()) {
    float w = stat_width(s);
    if (x > 0 && x + w > room) {
      x = 0;
      y += line + ImGui::GetStyle().ItemSpacing.y;
    }
    ImGui::SetCursorPos(ImVec2(x0 + x, y + dy));
    if (!s.label.empty()) {
      text_dim(s.label.c_str());
      ImGui::SameLine(0, 6);
    }
    if (s.big && fonts_.large) {
      ImGui::SetCursorPosY(y);
      ImGui::PushFont(fonts_.large);
      ImGui::TextUnformatted(s.value.c_str());
      ImGui::PopFont();
      note_rect("totals");
    } else if (s.tone) {
      ImGui::TextColored(s.tone == 2 ? palette().error : palette().ok, "%s", s.value.c_str());
    } else {
      ImGui::TextUnformatted(s.value.c_str());
    }
    x += w + 28;
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

// ---------------------------------------------------------------------------------------------
// Actions

void App::after_external_change() {
  drop_active_edit();
  input_error_.clear();
  arg_error_.clear();
  arg_error_key_.clear();
  scroll_to_selected_ = true;
}

void App::add_layer(const std::string& type, size_t at) {
  doc_.insert_layer(at, new_layer(type, doc_.model().framework));
  scroll_to_selected_ = true;
  drop_active_edit();
}

void App::delete_selected() {
  if (!doc_.selected()) return;
  std::string name = doc_.layer(*doc_.selected()).name;
  doc_.remove_layer(*doc_.selected());
  drop_active_edit();
  platform::announce("Deleted " + name);
}

void App::duplicate_selected() {
  if (!doc_.selected()) return;
  doc_.duplicate_layer(*doc_.selected());
  scroll_to_selected_ = true;
}

void App::move_selected(int delta) {
  if (!doc_.selected()) return;
  size_t from = *doc_.selected();
  if (delta < 0 && from == 0) return;
  size_t to = delta < 0 ? from - 1 : from + 1;
  if (to >= doc_.size()) return;
  doc_.move_layer(from, to);
  scroll_to_selected_ = true;
}

void App::undo() {
  if (doc_.undo()) after_external_change();
}

void App::redo() {
  if (doc_.redo()) after_external_change();
}

void App::load_preset(const std::string& id) {
  const Preset* preset = find_preset(id);
  if (!preset) return;
  doc_.load(preset_model(id), "open " + preset->title);
  after_external_change();
  toast("Opened " + preset->title);
}

void App::copy_share_link() {
  share_link_ = platform::page_url() + "#" + encode_share_fragment(doc_.model());
  platform::copy_text(share_link_);
  toast("Link copied: it opens this model");
}

void App::copy_markdown() {
  platform::copy_text(summary_markdown(doc_.calc(), ImportResult{}));
  toast("Table copied as Markdown");
}

void App::copy_formula() {
  if (!doc_.selected()) return;
  platform::copy_text(doc_.result(*doc_.selected()).formula);
  toast("Formula copied");
}

void App::toast(std::string text) {
  platform::announce(text);
  toast_ = std::move(text);
  toast_until_ = ImGui::GetTime() + 2.5;
  platform::wake(2600);
}

void App::draw_toast() {
  if (toast_.empty()) return;
  if (ImGui::GetTime() > toast_until_) {
    toast_.clear();
    return;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y - 90), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowBgAlpha(0.96f);
  ImGui::Begin("##toast", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
  ImGui::TextUnformatted(toast_.c_str());
  ImGui::End();
}

void App::handle_shortcuts() {
  ImGuiIO& io = ImGui::GetIO();
  bool typing = io.WantTextInput;
  // Dialogs keep their own undo (the import box's text); fields elsewhere leave it to the model.
  bool popup = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  if (!popup) {
    if (ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiMod_Shift | ImGuiKey_Z) ||
        ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_Y)) {
      redo();
      return;
    }
    if (ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_Z)) {
      undo();
      return;
    }
  }
  if (ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_I) && !popup) {
    open_import();
    return;
  }
  if (typing || popup) return;
  bool has_sel = doc_.selected().has_value();
  size_t sel = doc_.selected().value_or(0);
  if (ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_D)) duplicate_selected();
  if (ImGui::IsKeyChordPressed(ImGuiMod_Alt | ImGuiKey_UpArrow)) move_selected(-1);
  if (ImGui::IsKeyChordPressed(ImGuiMod_Alt | ImGuiKey_DownArrow)) move_selected(+1);
  if (ImGui::IsKeyPressed(ImGuiKey_Delete, false) || ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_Backspace))
    delete_selected();
  if (ImGui::IsKeyPressed(ImGuiKey_F2, false) && has_sel) focus_name_ = true;
  if (io.KeyMods == ImGuiMod_None && doc_.size()) {
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) {
      doc_.select(has_sel && sel > 0 ? sel - 1 : 0);
      scroll_to_selected_ = true;
    }
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) {
      doc_.select(has_sel ? std::min(sel + 1, doc_.size() - 1) : 0);
      scroll_to_selected_ = true;
    }
    if (ImGui::IsKeyPressed(ImGuiKey_Home, false)) {
      doc_.select(0);
      scroll_to_selected_ = true;
    }
    if (ImGui::IsKeyPressed(ImGuiKey_End, false)) {
      doc_.select(doc_.size() - 1);
      scroll_to_selected_ = true;
    }
  }
  if (ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_C) && has_sel) copy_formula();
}

// ---------------------------------------------------------------------------------------------
// Dialogs other than import

static bool begin_modal(const char* title, bool& open_request, float width) {
  if (open_request) {
    ImGui::OpenPopup(title);
    open_request = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(width, vp->Size.x - 24), 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(18, 16));
  bool open = ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PopStyleVar();
  return open;
}

static bool dialog_button(const char* label, const char* name, float width = 0) {
  bool pressed = ImGui::Button(label, ImVec2(width, 0));
  note_rect(std::string("button:") + name);
  return pressed;
}

void App::draw_new_model_dialog() {
  if (!begin_modal("Start a new model?", open_new_, 460)) return;
  ImGui::TextWrapped("This replaces the current model (%zu layer%s) with an empty one. "
                     "You can still get it back with Undo.",
                     doc_.size(), doc_.size() == 1 ? "" : "s");
  ImGui::Spacing();
  ImGui::Spacing();
  if (dialog_button("Start a new model", "Start a new model")) {
    Model empty;
    empty.input_shape = Shape{28, 28, 1};
    doc_.load(std::move(empty), "start a new model");
    after_external_change();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (dialog_button("Cancel", "Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void App::draw_share_dialog() {
  if (!begin_modal("Share this model", open_share_, 620)) return;
  ImGui::TextWrapped("The whole model is in this link: anyone who opens it sees this model, "
                     "nothing is uploaded anywhere.");
  ImGui::Spacing();
  ImGui::SetNextItemWidth(-1);
  std::string link = share_link_ + (share_as_quiz_ ? "&quiz=every" : "");
  input_text("##share-link", link, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
  note_rect("share:link");
  ImGui::Checkbox("Open as a quiz: every layer's count hidden until the student answers it", &share_as_quiz_);
  note_rect("share:quiz");
  ImGui::Spacing();
  if (dialog_button("Copy link", "Copy link")) {
    platform::copy_text(link);
    toast(share_as_quiz_ ? "Quiz link copied" : "Link copied");
  }
  ImGui::Spacing();
  ImGui::SeparatorText("Embed in a page");
  ImGui::TextWrapped("Paste this into a web page (a tutorial, a course) to show the model there, live and editable.");
  if (ImGui::RadioButton("The whole model", !embed_one_layer_)) embed_one_layer_ = false;
  note_rect("embed:whole");
  ImGui::SameLine();
  ImGui::BeginDisabled(!doc_.selected());
  std::string only = doc_.selected() ? "Only " + doc_.layer(*doc_.selected()).name : std::string("Only the selected layer");
  if (ImGui::RadioButton(only.c_str(), embed_one_layer_ && doc_.selected())) embed_one_layer_ = true;
  note_rect("embed:layer");
  ImGui::EndDisabled();
  std::string snippet = embed_snippet(embed_one_layer_ && doc_.selected());
  ImGui::SetNextItemWidth(-1);
  input_text_multiline("##embed-code", snippet, ImVec2(-1, ImGui::GetTextLineHeight() * 5),
                       ImGuiInputTextFlags_ReadOnly);
  note_rect("embed:code");
  if (dialog_button("Copy embed code", "Copy embed code")) {
    platform::copy_text(snippet);
    toast("Embed code copied");
  }
  ImGui::SameLine();
  if (dialog_button("Close", "Close") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void App::draw_about_dialog() {
  if (!begin_modal("About Learnable", open_about_, 560)) return;
  ImGui::TextWrapped("Learnable counts the learnable parameters of a Keras or PyTorch model layer by layer, as "
                     "Keras' model.summary() or torchinfo does, and shows the worked formula behind every number. "
                     "The Keras | PyTorch switch counts the same network by the other framework's rules. "
                     "Everything runs in this page; your model is saved in this browser only.");
  ImGui::Spacing();
  ImGui::SeparatorText("Keyboard");
  const char* mod = platform::is_mac() ? "Cmd" : "Ctrl";
  struct Row {
    std::string keys;
    const char* what;
  };
  const Row rows[] = {
      {std::string(mod) + "+Z", "undo"},
      {std::string(mod) + "+Shift+Z, " + mod + "+Y", "redo"},
      {"↑ / ↓", "select the previous / next layer"},
      {"Alt+↑ / Alt+↓", "move the selected layer"},
      {std::string(mod) + "+D", "duplicate the selected layer"},
      {"Delete", "delete the selected layer"},
      {"F2", "rename the selected layer"},
      {std::string(mod) + "+C", "copy the selected layer's formula"},
      {std::string(mod) + "+I", "import a model"},
  };
  if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_SizingFixedFit)) {
    for (const Row& r : rows) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(r.keys.c_str());
      ImGui::TableSetColumnIndex(1);
      text_dim(r.what);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (dialog_button("Close", "Close") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

// ---------------------------------------------------------------------------------------------
// Autosave

void App::save_now() {
  platform::save(kModelKey, model_to_json(doc_.model()));
  saved_revision_ = doc_.revision();
}

// Every change is saved: at once for models of ordinary size, and for very large ones (where
// writing the JSON takes milliseconds) once typing pauses, or when the page is left.
void App::after_frame() {
  if (embed_) {  // an embed keeps nothing: its model is its link's or its host page's
    tell_host_of_changes();
    update_mirror();
    return;
  }
  if (saved_revision_ != doc_.revision()) {
    double now = ImGui::GetTime();
    if (changed_revision_ != doc_.revision()) {
      changed_revision_ = doc_.revision();
      changed_at_ = now;
    }
    if (doc_.size() < 300 || now - changed_at_ >= 0.3) save_now();
    else platform::wake(320);
  }
  if (saved_selection_ != doc_.selected()) {
    platform::save(kSelectedKey, doc_.selected() ? std::to_string(*doc_.selected()) : std::string("none"));
    saved_selection_ = doc_.selected();
  }
  update_mirror();
}

void App::flush() {
  if (embed_) return;
  if (saved_revision_ != doc_.revision()) save_now();
}

}  // namespace learnable::app
