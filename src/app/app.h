// The Learnable app: the panels a user sees (menu bar, toolbar, layer table, chart, editor,
// explanation, totals, dialogs), drawn with Dear ImGui each frame from the Document. The frame
// loop, the canvas and the fonts belong to src/web/main.cpp; the page's services to platform.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/document.h"
#include "core/api_answer.h"
#include "core/export.h"
#include "core/import_report.h"

struct ImFont;

namespace learnable::app {

enum class ThemeChoice { System, Light, Dark };

struct Fonts {
  ImFont* body = nullptr;
  ImFont* large = nullptr;  // headline numbers and the selected layer's formula
  ImFont* mono = nullptr;   // code; the body font when no monospace font is loaded
};

class App {
 public:
  // Restores the model: a shared link in the URL, else the autosave, else the tutorial's model.
  void start();
  // Draws every panel; call between ImGui::NewFrame() and ImGui::Render().
  void frame();
  // After the frame: autosave and refresh the DOM mirror when the model or selection changed.
  void after_frame();
  // Saves what is not saved yet (the page is being left).
  void flush();
  // An answer from the formats module (import, export, conversion) is on its way: the page is
  // not idle, though no frames are drawn until it comes.
  bool waiting() const {
    return import_ticket_ || export_ticket_ || convert_ticket_ || quiz_ticket_ || why_ticket_ || rules_waiting_;
  }

  void set_fonts(const Fonts& fonts) { fonts_ = fonts; }
  // Frames run only to take in queued input (not drawn): skip work that only the eye needs.
  void set_catching_up(bool on) { catching_up_ = on; }
  // The page's colour scheme changed (prefers-color-scheme) or the user chose a theme.
  void apply_theme();
  bool dark() const { return dark_; }
  // The page's fragment changed (a shared link opened in this tab).
  void open_link_from_url();

 private:
  // Panels.
  void draw_workspace();  // layers, inspector and totals: the main view and the embed's
  void draw_menu_bar();
  void draw_toolbar();
  void draw_layers_pane_at(float width, float height);
  void draw_layers_pane(float height);
  void draw_input_shape();
  void draw_table(float height);
  void draw_chart(float height);
  void draw_inspector();
  void draw_arguments(size_t index);
  void draw_explanation(size_t index);
  std::string not_counted_why(const LayerResult& r) const;
  struct Uncounted {
    size_t errors = 0, pending = 0;  // pending: every layer not counted, errors included
    std::string text;                // "2 layers with errors", "3 layers counted when ..."; empty if none
  };
  Uncounted uncounted() const;
  struct Stat {
    std::string label, value;
    bool big = false;
    int tone = 0;  // 1 ok, 2 error
  };
  std::vector<Stat> totals_items() const;
  float stat_width(const Stat& stat) const;
  float totals_bar_height(float width) const;
  void draw_totals_bar();
  void draw_import_dialog();
  void draw_new_model_dialog();
  void draw_share_dialog();
  void draw_about_dialog();
  void draw_toast();
  bool draw_add_layer_menu(size_t at);  // every layer type, grouped as Keras' docs group them
  void draw_row_context_menu(size_t index);
  void draw_export_menu();  // each format, copied or downloaded (export_menu.cpp)

  // Actions (each one undoable step).
  void add_layer(const std::string& type, size_t at);
  void delete_selected();
  void duplicate_selected();
  void move_selected(int delta);
  void undo();
  void redo();
  void load_preset(const std::string& id);
  void copy_share_link();
  void copy_markdown();
  void export_as(ExportFormat format, bool download);
  void take_export(const ApiAnswer& answer);
  // The Keras | PyTorch switch: the model converted to the other framework's conventions (one
  // undoable step), the selection kept on the layer it came from, the conversion's notes shown
  // on the layers they concern.
  void draw_framework_switch();
  void switch_framework(Framework to);
  void take_conversion(const ApiAnswer& answer);
  std::vector<std::string> conversion_notes(size_t index) const;
  void draw_conversion_dialog();
  void copy_formula();
  void handle_shortcuts();
  void toast(std::string text);
  void after_external_change();  // undo/redo/load: editors drop what they were typing

  // The embed view (embed.html, embed.cpp): minimal chrome, the model from its link or from its
  // host page's messages, nothing autosaved; with ?layer=<name> only that layer's editor,
  // formula and explanation.
  bool start_embed();  // false when this page is not an embed
  void frame_embed();
  void poll_host();
  void reply_to_host(const char* type, const std::string& id_json);
  void tell_host_of_changes();
  std::string embed_snippet(bool one_layer) const;  // the <iframe> for the current model

  // The classroom (classroom.cpp). Quiz mode hides the counts of the selected layer or of every
  // layer (table, inspector, totals, chart, mirror) until the student's answer is right or they
  // ask for it; a wrong answer names the step of the explanation that differs (checkQuizAnswer).
  // "Why is my number different?" names what would give the total a framework printed
  // (explainTotal). Both are answered by the formats module.
  enum class QuizScope { Off, Selected, Every };
  bool quiz_hides(size_t index) const;
  bool quiz_hides_any() const;
  void set_quiz(QuizScope scope);
  void draw_quiz(size_t index);
  void check_quiz_answer_now(size_t index);
  void draw_classroom_menu();
  void draw_why_dialog();
  void ask_why();

  // The formats module's answers, taken at the start of each frame.
  void poll_formats();
  void poll_rules();

  // Import dialog. The text is read by the formats module: each change asks it again (one
  // question in flight at a time) and its answer replaces the preview.
  void open_import();
  void ask_import();
  void take_import(ImportResult result);
  void commit_import();

  // Mirror and autosave.
  void update_mirror();
  void save_now();
  std::string row_html(size_t index) const;

  Document doc_;
  Fonts fonts_;
  ThemeChoice theme_choice_ = ThemeChoice::System;
  bool dark_ = false;
  bool log_chart_ = false;
  bool catching_up_ = false;

  // Layout.
  float split_ = 0.62f;  // share of the width (or height when stacked) given to the layers pane
  bool scroll_to_selected_ = false;
  bool focus_name_ = false;
  uint64_t edit_session_ = 1;
  uint64_t column_widths_revision_ = ~uint64_t(0);
  float widths_[6] = {}, applied_widths_[5] = {};  // merge key of the field being edited; bumped on activation

  // Dialogs.
  bool open_import_ = false, open_new_ = false, open_share_ = false, open_about_ = false;
  std::string import_text_;
  std::vector<std::pair<std::string, std::string>> import_defines_;  // name, typed value
  ImportResult import_result_;
  bool import_dirty_ = false;
  std::string import_shape_, import_shape_error_;  // the input shape PyTorch code needs
  int import_ticket_ = 0;         // the question in flight
  bool import_on_answer_ = false;  // Import was pressed before the answer to the latest text came
  int import_focus_ = 0;
  std::vector<std::string> define_errors_;
  int64_t import_params_ = 0;
  size_t import_layer_errors_ = 0;
  std::string share_link_;
  // Conversion: the question in flight, for which model revision and selection; the notes of the
  // last one, by layer id (with the type they were written for), and those about no one layer.
  int convert_ticket_ = 0;
  Framework convert_to_ = Framework::Keras;
  uint64_t convert_revision_ = 0;
  std::optional<size_t> convert_selected_;
  struct LayerNote {
    uint64_t id = 0;
    std::string type, text;
  };
  std::vector<LayerNote> layer_notes_;
  std::vector<std::string> model_notes_;
  std::string converted_title_;
  bool open_conversion_ = false;
  // Export: the question in flight and what to do with its text.
  int export_ticket_ = 0;
  ExportFormat export_format_ = ExportFormat::Markdown;
  bool export_download_ = false;

  // Input shape field while it holds text that is not a shape.
  std::string input_error_;
  // Argument fields holding text the core cannot read: "layer id/argument" -> message.
  std::string arg_error_key_, arg_error_;

  // Explanation cache (built on demand by the core).
  uint64_t explained_revision_ = ~uint64_t(0);
  std::optional<size_t> explained_index_;
  std::vector<std::string> explanation_;

  // What the mirror and the autosave last saw.
  uint64_t saved_revision_ = ~uint64_t(0);
  uint64_t changed_revision_ = ~uint64_t(0);
  double changed_at_ = 0;
  std::optional<size_t> saved_selection_ = size_t(~size_t(0));
  uint64_t mirrored_revision_ = ~uint64_t(0);
  std::optional<size_t> mirrored_selection_;
  bool mirror_selection_dirty_ = true;
  std::vector<std::string> mirror_rows_;

  QuizScope quiz_ = QuizScope::Off;
  std::vector<int64_t> quiz_revealed_;  // layers answered right or revealed, by id
  std::string quiz_answer_, quiz_input_error_;
  int quiz_ticket_ = 0;
  int64_t quiz_layer_ = -1;  // the layer the verdict (or the question in flight) is about
  bool has_verdict_ = false;
  ApiQuiz quiz_verdict_;
  bool share_as_quiz_ = false;  // the share dialog's link opens in quiz mode
  bool open_why_ = false;
  std::string why_total_, why_input_error_, why_error_;
  int why_ticket_ = 0;
  bool rules_waiting_ = false;  // a layer waits for its lazy rule (rules_elsewhere.h)
  bool rules_failed_ = false;   // and they did not come
  bool rules_needed_ = false;   // a layer of the model has a lazy rule (at rules_checked_revision_)
  uint64_t rules_checked_revision_ = ~uint64_t(0);
  bool why_dirty_ = false;
  std::vector<ApiCause> why_causes_;
  int64_t why_reported_ = 0, why_model_total_ = 0;
  bool embed_ = false;
  std::string embed_layer_;            // ?layer=: the one layer shown
  uint64_t host_revision_ = 0;         // the revision the host page last heard of
  bool embed_one_layer_ = false;       // the share dialog's choice for the embed code
  std::string toast_;
  double toast_until_ = 0;
  std::string load_error_;  // a shared link that could not be read
};

}  // namespace learnable::app
