// The import dialog: Keras code or Keras JSON pasted in, read by the core's importer on every
// change (the format detected from the text), with its errors and warnings at their line and
// column and a field for each name the code uses but never defines (IMG_SIZE), which re-imports
// with that value.
#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/editing.h"
#include "app/platform.h"
#include "app/widgets.h"
#include "core/calculator.h"
#include "core/json_writer.h"
#include "core/python_value.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace learnable::app {

void App::open_import() {
  platform::formats_call("", "[]");  // the importers start downloading while the user pastes
  open_import_ = true;
  import_dirty_ = true;
  import_focus_ = 8;  // the popup's first frames are hidden: ask for focus until the box has it
}

// Asks the formats module to read the text as it is now, with the values given for its names.
void App::ask_import() {
  define_errors_.clear();
  std::string defines;
  for (const auto& [name, text] : import_defines_) {
    if (text.find_first_not_of(' ') == std::string::npos) continue;
    Define define;
    std::string message;
    if (!read_python_define(name + "=" + text, define, message)) {
      define_errors_.push_back(name);
      continue;
    }
    defines += (defines.empty() ? "" : ",") + json_quote(name) + ":" + json_quote(text);  // Python source
  }
  // PyTorch code does not carry its input shape: the field's, channels first.
  std::string shape;
  std::optional<Shape> input;
  import_shape_error_.clear();
  if (!parse_shape(import_shape_, input, import_shape_error_)) input.reset();
  if (input)
    for (int64_t d : *input) shape += (shape.empty() ? "" : ",") + std::to_string(d);
  import_ticket_ = platform::formats_call(
      "modelFromCode", "[" + json_quote(import_text_) + ",{\"defines\":{" + defines + "}" +
                           (shape.empty() ? "" : ",\"inputShape\":[" + shape + "]") + "}]");
  import_dirty_ = false;
}

void App::take_import(ImportResult result) {
  import_result_ = std::move(result);
  // Keep a field for every name still missing, and for names the user gave that the code uses.
  std::vector<std::pair<std::string, std::string>> kept;
  for (const std::string& name : import_result_.undefined_names) {
    auto given = std::find_if(import_defines_.begin(), import_defines_.end(), [&](const auto& d) { return d.first == name; });
    kept.emplace_back(name, given == import_defines_.end() ? std::string() : given->second);
  }
  for (const auto& d : import_defines_)
    if (!d.second.empty() && import_text_.find(d.first) != std::string::npos &&
        std::none_of(kept.begin(), kept.end(), [&](const auto& k) { return k.first == d.first; }))
      kept.push_back(d);
  import_defines_ = std::move(kept);
  Calculator preview(import_result_.model);
  import_params_ = preview.totals().params;
  import_layer_errors_ = 0;
  for (const LayerResult& r : preview.results()) import_layer_errors_ += r.status == LayerStatus::Error;
}

// Loads what the dialog read as one undoable step and closes the dialog (call inside it).
void App::commit_import() {
  import_on_answer_ = false;
  if (import_result_.model.layers.empty()) return;
  size_t layers = import_result_.model.layers.size();
  doc_.load(import_result_.model, "import model");
  after_external_change();
  toast("Imported " + std::to_string(layers) + " layer" + (layers == 1 ? "" : "s"));
  ImGui::CloseCurrentPopup();
}

static void message_line(const ImportMessage& m, const ImVec4& color, const char* mark, ImFont* mono) {
  std::string where = m.where.line > 0 ? "Line " + std::to_string(m.where.line) + ", column " + std::to_string(m.where.column) + ": " : "";
  text_colored_wrapped(color, std::string(mark) + " " + where + m.message);
  if (!m.excerpt.empty()) {
    if (mono) ImGui::PushFont(mono);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().text_dim);
    ImGui::Indent();
    ImGui::TextUnformatted(m.excerpt.c_str());
    ImGui::Unindent();
    ImGui::PopStyleColor();
    if (mono) ImGui::PopFont();
  }
}

void App::draw_import_dialog() {
  const char* title = "Import a model";
  if (open_import_) {
    ImGui::OpenPopup(title);
    open_import_ = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImVec2 size(std::min(vp->Size.x - 24, std::max(vp->Size.x * 0.72f, 560.0f)),
              std::min(vp->Size.y - 24, std::max(vp->Size.y * 0.82f, 420.0f)));
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(18, 14));
  bool open = ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize |
                                                         ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleVar();
  if (!open) return;
  const Palette& pal = palette();

  std::string pasted;
  if (platform::take_requested_paste(pasted)) {
    import_text_ = pasted;
    import_dirty_ = true;
    drop_active_edit();
  }
  // Once per drawn frame, not per keystroke, and one question at a time.
  if (import_dirty_ && !catching_up_ && !import_ticket_) ask_import();
  const bool reading = import_ticket_ || import_dirty_;

  ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - 180);
  ImGui::TextUnformatted("Paste a Keras model as Python code (Sequential([...]) or model.add(...)) or as Keras JSON "
                         "(model.to_json()), or a PyTorch nn.Sequential or nn.Module. Nothing runs; Learnable reads "
                         "the text.");
  ImGui::PopTextWrapPos();
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 170);
  if (ImGui::Button("Paste from clipboard", ImVec2(170, 0))) platform::request_paste();
  note_rect("button:Paste from clipboard");

  float bottom = std::max(150.0f, ImGui::GetContentRegionAvail().y * 0.36f);
  const ImGuiStyle& style = ImGui::GetStyle();
  ImVec2 box(-1, ImGui::GetContentRegionAvail().y - bottom - ImGui::GetFrameHeight() - style.ItemSpacing.y * 3);
  if (fonts_.mono) ImGui::PushFont(fonts_.mono);
  if (input_text_multiline("##import-code", import_text_, box, ImGuiInputTextFlags_AllowTabInput)) import_dirty_ = true;
  note_rect("import:text");
  if (ImGui::IsItemActive()) import_focus_ = 0;
  else if (import_focus_ > 0 && --import_focus_ < 6) focus_text_field(ImGui::GetItemID());
  if (import_text_.empty()) {
    ImVec2 p = ImGui::GetItemRectMin();
    ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + style.FramePadding.x, p.y + style.FramePadding.y), ImGui::GetColorU32(pal.text_dim),
                                        "model = tf.keras.Sequential([\n"
                                        "    tf.keras.layers.Conv2D(32, (3, 3), input_shape=(32, 32, 3)),\n"
                                        "    ...\n"
                                        "])");
  }
  if (fonts_.mono) ImGui::PopFont();

  ImGui::BeginChild("##import-report", ImVec2(0, bottom), ImGuiChildFlags_Border);
  const ImportResult& res = import_result_;
  size_t layers = res.model.layers.size();
  bool blank = import_text_.find_first_not_of(" \n\t") == std::string::npos;
  if (blank) {
    text_dim("Learnable shows here what it reads, as you type.");
  } else if (reading && !platform::formats_loaded()) {
    text_dim("Loading Learnable's importers (the first import fetches them)...");
  } else if (layers > 0) {
    char line[160];
    bool clean = !import_layer_errors_ && res.errors.empty();
    std::snprintf(line, sizeof line, "%sReads %zu layer%s, %s parameters", clean ? "✓ " : "", layers, layers == 1 ? "" : "s",
                  with_commas(import_params_).c_str());
    ImGui::TextColored(import_layer_errors_ || !res.errors.empty() ? pal.warning : pal.ok, "%s", line);
    if (import_layer_errors_) {
      ImGui::SameLine();
      ImGui::TextColored(pal.error, "(%zu with errors)", import_layer_errors_);
    }
  }
  // PyTorch code: the input shape, channels first (C, H, W), which PyTorch code does not state.
  if (res.model.framework == Framework::PyTorch || !import_shape_.empty()) {
    ImGui::Spacing();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Input shape (C, H, W), as PyTorch counts it:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(160);
    if (input_text("##import-shape", import_shape_, ImGuiInputTextFlags_AutoSelectAll, "e.g. 3, 32, 32")) import_dirty_ = true;
    note_rect("import:input-shape");
    if (!import_shape_error_.empty()) {
      ImGui::SameLine();
      ImGui::TextColored(pal.error, "%s", import_shape_error_.c_str());
    }
  }
  if (!import_defines_.empty()) {
    ImGui::Spacing();
    ImGui::TextUnformatted("The code uses names it never defines. Give them a value:");
    for (auto& [name, value] : import_defines_) {
      ImGui::PushID(name.c_str());
      ImGui::AlignTextToFramePadding();
      ImGui::Text("%s =", name.c_str());
      ImGui::SameLine();
      ImGui::SetNextItemWidth(160);
      bool bad = std::find(define_errors_.begin(), define_errors_.end(), name) != define_errors_.end();
      if (bad) ImGui::PushStyleColor(ImGuiCol_Border, pal.error);
      if (input_text("##define", value, ImGuiInputTextFlags_AutoSelectAll, "e.g. 32")) import_dirty_ = true;
      if (bad) ImGui::PopStyleColor();
      note_rect("import:define:" + name);
      if (bad) {
        ImGui::SameLine();
        ImGui::TextColored(pal.error, "not a value Python would accept here");
      }
      ImGui::PopID();
    }
  }
  if (!blank) {
    if (!res.errors.empty() || !res.warnings.empty()) ImGui::Spacing();
    for (const ImportMessage& m : res.errors) message_line(m, pal.error, "✗", fonts_.mono);
    for (const ImportMessage& m : res.warnings) message_line(m, pal.warning, "⚠", fonts_.mono);
  }
  note_rect("import:report");
  ImGui::EndChild();

  // While the latest text is being read, Import waits for its answer (and imports that).
  bool can_import = layers > 0 || (reading && !blank);
  ImGui::BeginDisabled(!can_import || import_on_answer_);
  char label[64];
  std::snprintf(label, sizeof label, layers ? "Import %zu layer%s###import" : "Import###import", layers, layers == 1 ? "" : "s");
  bool import_now = ImGui::Button(label, ImVec2(160, 0));
  ImGui::EndDisabled();
  note_rect("button:Import");
  ImGui::SameLine();
  bool cancel = ImGui::Button("Cancel", ImVec2(100, 0));
  note_rect("button:Cancel");
  if (!ImGui::IsAnyItemActive() && ImGui::IsKeyPressed(ImGuiKey_Escape)) cancel = true;
  if (can_import && ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_Enter)) import_now = true;
  ImGui::SameLine();
  text_dim(platform::is_mac() ? "Cmd+Enter imports" : "Ctrl+Enter imports");
  if (import_now && reading) import_on_answer_ = true;
  else if (import_now || (import_on_answer_ && !reading)) commit_import();
  if (cancel) {
    import_on_answer_ = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace learnable::app
