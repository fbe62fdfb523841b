// The classroom: quiz mode and "Why is my number different?". The judging is the core's
// (quiz.h, discrepancy.h), asked through the formats module like the importers (platform.h), so
// app.wasm stays without the conversion code both need.
#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/platform.h"
#include "app/widgets.h"
#include "core/json_writer.h"
#include "core/model_json.h"
#include "core/text.h"
#include "imgui.h"

namespace learnable::app {

namespace {

// "896", "2,747,722", "2 747 722", "2_747_722" -> the number; false for anything else.
bool read_count(const std::string& text, int64_t& out, std::string& error) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c == ',' || c == ' ' || c == '_' || c == '\'') continue;
    else {
      error = "Type a whole number, such as 896 or 2,747,722";
      return false;
    }
  }
  if (digits.empty()) {
    error = "Type your count first";
    return false;
  }
  if (digits.size() > 18) {
    error = "That number is too large for any model here";
    return false;
  }
  out = std::stoll(digits);
  return true;
}

}  // namespace

bool App::quiz_hides(size_t index) const {
  if (quiz_ == QuizScope::Off || index >= doc_.size()) return false;
  if (quiz_ == QuizScope::Selected && doc_.selected() != index) return false;
  const LayerResult& r = doc_.result(index);
  if (!r.ok()) return false;  // nothing to count: the error shows as always
  return std::find(quiz_revealed_.begin(), quiz_revealed_.end(), doc_.layer(index).id) == quiz_revealed_.end();
}

bool App::quiz_hides_any() const {
  if (quiz_ == QuizScope::Off) return false;
  for (size_t i = 0; i < doc_.size(); ++i)
    if (quiz_ == QuizScope::Every ? quiz_hides(i) : (doc_.selected() == i && quiz_hides(i))) return true;
  return false;
}

void App::set_quiz(QuizScope scope) {
  quiz_ = scope;
  quiz_revealed_.clear();
  has_verdict_ = false;
  quiz_answer_.clear();
  quiz_input_error_.clear();
  mirrored_revision_ = ~uint64_t(0);  // the mirror hides or shows the counts now
  column_widths_revision_ = ~uint64_t(0);
  if (scope != QuizScope::Off) platform::formats_call("", "[]");  // the judge is in the formats module
  toast(scope == QuizScope::Off        ? "Quiz mode off"
        : scope == QuizScope::Selected ? "Quiz: the selected layer's count is hidden"
                                       : "Quiz: every layer's count is hidden");
}

void App::check_quiz_answer_now(size_t index) {
  int64_t answer = 0;
  quiz_input_error_.clear();
  if (!read_count(quiz_answer_, answer, quiz_input_error_)) return;
  quiz_layer_ = doc_.layer(index).id;
  has_verdict_ = false;
  quiz_ticket_ = platform::formats_call(
      "checkQuizAnswer", "[" + model_to_json(doc_.model()) + "," + std::to_string(index) + "," + std::to_string(answer) + "]");
}

// In the inspector, in place of the count, the formula and the explanation.
void App::draw_quiz(size_t index) {
  const Palette& pal = palette();
  const Layer& layer = doc_.layer(index);
  const LayerResult& r = doc_.result(index);
  if (has_verdict_ && quiz_layer_ != layer.id) {  // another layer: start afresh
    has_verdict_ = false;
    quiz_answer_.clear();
    quiz_input_error_.clear();
  }
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
  ImGui::BeginChild("##quiz", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
  if (fonts_.large) ImGui::PushFont(fonts_.large);
  ImGui::TextWrapped("How many learnable parameters does %s have?", layer.name.c_str());
  if (fonts_.large) ImGui::PopFont();
  text_colored_wrapped(pal.text_dim, "Work it out from its arguments below and its input, " +
                                         learnable::shape_text(r.input_shape, doc_.model().framework) +
                                         ", then type your count.");
  ImGui::SetNextItemWidth(180);
  bool enter = input_text("##quiz-answer", quiz_answer_, ImGuiInputTextFlags_EnterReturnsTrue, "your count");
  note_rect("quiz:answer");
  ImGui::SameLine();
  bool check = ImGui::Button("Check");
  note_rect("button:Check");
  ImGui::SameLine();
  bool reveal = ImGui::Button("Show the answer");
  note_rect("button:Show the answer");
  if ((enter || check) && !quiz_ticket_) check_quiz_answer_now(index);
  if (!quiz_input_error_.empty()) text_colored_wrapped(pal.error, quiz_input_error_);
  if (quiz_ticket_ && quiz_layer_ == layer.id) text_dim("Checking...");
  if (has_verdict_ && quiz_layer_ == layer.id && !quiz_verdict_.correct) {
    ImGui::Spacing();
    text_colored_wrapped(pal.warning, "✗ Not yet. " + quiz_verdict_.hint);
    if (!quiz_verdict_.step.empty()) {
      std::string where = "Look again at the " + quiz_verdict_.step;
      if (quiz_verdict_.step_index >= 0)
        where += " (step " + std::to_string(quiz_verdict_.step_index + 1) + " of the worked explanation)";
      text_colored_wrapped(pal.text_dim, where + ".");
    }
    note_rect("quiz:verdict");
  }
  ImGui::EndChild();
  ImGui::PopStyleVar();
  if (reveal) {
    quiz_revealed_.push_back(layer.id);
    mirrored_revision_ = ~uint64_t(0);
    column_widths_revision_ = ~uint64_t(0);
    platform::announce(layer.name + ": " + r.formula);
  }
}

void App::draw_classroom_menu() {
  if (ImGui::BeginMenu("Classroom")) {
    note_rect("menu:Classroom");
    if (ImGui::MenuItem("Quiz: hide the selected layer's count", nullptr, quiz_ == QuizScope::Selected))
      set_quiz(quiz_ == QuizScope::Selected ? QuizScope::Off : QuizScope::Selected);
    note_rect("menu:Quiz selected");
    if (ImGui::MenuItem("Quiz: hide every layer's count", nullptr, quiz_ == QuizScope::Every))
      set_quiz(quiz_ == QuizScope::Every ? QuizScope::Off : QuizScope::Every);
    note_rect("menu:Quiz every");
    ImGui::BeginDisabled(quiz_ == QuizScope::Off);
    if (ImGui::MenuItem("Stop the quiz")) set_quiz(QuizScope::Off);
    note_rect("menu:Stop the quiz");
    ImGui::EndDisabled();
    ImGui::Separator();
    if (ImGui::MenuItem("Why is my number different?…")) open_why_ = true;
    note_rect("menu:Why is my number different?");
    ImGui::EndMenu();
  } else {
    note_rect("menu:Classroom");
  }
}

void App::ask_why() {
  why_dirty_ = false;
  why_input_error_.clear();
  int64_t reported = 0;
  if (!read_count(why_total_, reported, why_input_error_)) {
    if (why_total_.empty()) why_input_error_.clear();
    why_causes_.clear();
    return;
  }
  why_reported_ = reported;
  why_ticket_ = platform::formats_call("explainTotal", "[" + model_to_json(doc_.model()) + "," + std::to_string(reported) + "]");
}

void App::draw_why_dialog() {
  const char* title = "Why is my number different?";
  if (open_why_) {
    ImGui::OpenPopup(title);
    open_why_ = false;
    platform::formats_call("", "[]");
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(640.0f, vp->Size.x - 24), 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(18, 16));
  bool open = ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PopStyleVar();
  if (!open) return;
  const Palette& pal = palette();
  const Totals& t = doc_.calc().totals();
  ImGui::TextWrapped("Learnable counts %s parameters for this model, as %s does. Type the total your framework "
                     "printed, and Learnable checks what on this model would give it.",
                     with_commas(t.params).c_str(), std::string(framework_title(doc_.model().framework)).c_str());
  ImGui::Spacing();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Your framework's total:");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(200);
  if (input_text("##why-total", why_total_, 0, "e.g. 2,747,722")) why_dirty_ = true;
  note_rect("why:total");
  if (why_dirty_ && !why_ticket_ && !catching_up_) ask_why();
  if (!why_input_error_.empty()) text_colored_wrapped(pal.error, why_input_error_);
  if (why_ticket_) text_dim("Checking...");
  ImGui::Spacing();
  if (!why_error_.empty()) text_colored_wrapped(pal.error, why_error_);
  for (size_t k = 0; k < why_causes_.size(); ++k) {
    const ApiCause& c = why_causes_[k];
    ImGui::PushID(static_cast<int>(k));
    if (c.matches) ImGui::TextColored(pal.ok, "✓ %s: %s", c.title.c_str(), with_commas(c.total).c_str());
    else ImGui::Text("%s: %s", c.title.c_str(), with_commas(c.total).c_str());
    ImGui::PushTextWrapPos(std::min(600.0f, vp->Size.x - 60));
    ImGui::Indent();
    text_colored_wrapped(pal.text_dim, c.detail);
    ImGui::Unindent();
    ImGui::PopTextWrapPos();
    ImGui::PopID();
  }
  note_rect("why:causes");
  ImGui::Spacing();
  bool close = ImGui::Button("Close", ImVec2(100, 0));
  note_rect("button:Close");
  if (close || (!ImGui::IsAnyItemActive() && ImGui::IsKeyPressed(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace learnable::app
