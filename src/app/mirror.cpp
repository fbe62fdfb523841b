// The visually hidden DOM mirror of what the canvas shows: a table of the layers, the totals
// (an ARIA live region), the input shape and the selected layer's formula and explanation.
// Screen readers, the browser's find and the end-to-end tests read it. Only rows whose text
// changed are sent to the page, so an edit in a 1,000-layer model patches a few rows.
#include <string>

#include "app/app.h"
#include "app/platform.h"
#include "core/shape.h"

namespace learnable::app {

static void escape_into(std::string& out, const std::string& text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
}

static std::string esc(const std::string& text) {
  std::string out;
  escape_into(out, text);
  return out;
}

std::string App::row_html(size_t i) const {
  const Layer& l = doc_.layer(i);
  const LayerResult& r = doc_.result(i);
  std::string h;
  h.reserve(256);
  h += "<tr data-index=\"" + std::to_string(i) + "\" data-status=\"" + status_name(r.status) + "\"";
  if (doc_.selected() == i) h += " aria-selected=\"true\"";
  h += "><td class=\"index\">" + std::to_string(i + 1) + "</td><td class=\"name\">";
  escape_into(h, l.name);
  h += "</td><td class=\"type\">";
  escape_into(h, l.type);
  h += "</td><td class=\"shape\">";
  if (r.ok()) escape_into(h, learnable::shape_text(r.output_shape, doc_.model().framework));
  const bool hidden = quiz_hides(i);  // quiz mode: the student's turn
  h += "</td><td class=\"params\">";
  if (r.ok()) h += hidden ? std::string("?") : with_commas(r.params);
  h += "</td><td class=\"formula\">";
  escape_into(h, hidden ? std::string("Quiz: how many parameters?") : r.formula);
  h += "</td><td class=\"status\"";
  if (!r.error_argument.empty()) h += " data-argument=\"" + esc(r.error_argument) + "\"";
  h += ">";
  h += status_name(r.status);
  if (!r.ok()) {
    h += ": ";
    escape_into(h, r.error);
  }
  h += "</td></tr>";
  return h;
}

void App::update_mirror() {
  bool model_changed = mirrored_revision_ != doc_.revision();
  bool selection_changed = mirrored_selection_ != doc_.selected();
  if (!model_changed && !selection_changed) return;

  size_t n = doc_.size();
  std::vector<std::string> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = row_html(i);
  if (rows.size() != mirror_rows_.size()) {
    std::string body;
    for (const std::string& r : rows) body += r;
    platform::set_mirror_html("mirror-layers-body", body);
  } else {
    std::string patch;
    for (size_t i = 0; i < n; ++i) {
      if (rows[i] == mirror_rows_[i]) continue;
      patch += std::to_string(i);
      patch += '\x1f';
      patch += rows[i];
      patch += '\x1e';
    }
    if (!patch.empty()) platform::patch_mirror_rows(patch);
  }
  mirror_rows_ = std::move(rows);

  if (model_changed || quiz_ != QuizScope::Off) {
    const Totals& t = doc_.calc().totals();
    std::string totals;
    if (quiz_hides_any()) {
      totals = "<span class=\"total\">Total params: hidden until every quiz layer is answered</span>";
    } else if (t.overflow) {
      totals = "<span class=\"total\">Total params: too large to count exactly</span>";
    } else {
      totals = "<span class=\"total\">Total params: " + with_commas(t.params) + "</span>, "
               "<span class=\"trainable\">Trainable params: " + with_commas(t.trainable) + "</span>, "
               "<span class=\"non-trainable\">Non-trainable params: " + with_commas(t.non_trainable) + "</span>, "
               "<span class=\"size\">Size at float32: " + human_bytes(t.bytes) + "</span>";
    }
    if (doc_.model().framework == Framework::PyTorch && !t.overflow)
      totals += ", <span class=\"buffers\">Buffers (not parameters): " + with_commas(t.buffers) + "</span>";
    if (const Uncounted u = uncounted(); u.pending) totals += ", <span class=\"uncounted\">Not in the totals: " + esc(u.text) + "</span>";
    totals += ", <span class=\"framework\">Counted as in " + std::string(framework_title(doc_.model().framework)) + "</span>";
    platform::set_mirror_html("mirror-totals", totals);
    platform::set_title(t.overflow || quiz_hides_any() ? std::string("Learnable")
                                                       : "Learnable: " + with_commas(t.params) + " parameters");
    const auto& shape = doc_.model().input_shape;
    platform::set_mirror_html("mirror-input", shape ? "Input shape: " + esc(learnable::shape_text(*shape, doc_.model().framework)) : std::string("No input shape"));
  }

  std::string selected;
  if (doc_.selected() && *doc_.selected() < n) {
    size_t i = *doc_.selected();
    const Layer& l = doc_.layer(i);
    const LayerResult& r = doc_.result(i);
    selected = "<h2 class=\"name\">" + esc(l.name) + " (" + esc(l.type) + ")</h2>";
    if (quiz_hides(i)) {
      selected += "<p class=\"quiz\">Quiz: how many learnable parameters does " + esc(l.name) + " have?</p>";
      if (has_verdict_ && quiz_layer_ == l.id)
        selected += "<p class=\"quiz-verdict\">" + esc(quiz_verdict_.hint) + "</p><p class=\"quiz-step\">" +
                    esc(quiz_verdict_.step) + "</p>";
      platform::set_mirror_html("mirror-selected", selected);
      mirrored_revision_ = doc_.revision();
      mirrored_selection_ = doc_.selected();
      return;
    }
    selected += "<p class=\"formula\">" + esc(r.formula) + "</p>";
    if (!r.ok()) selected += "<p class=\"error\">" + esc(r.error) + "</p>";
    if (!r.ok() && r.status != LayerStatus::Error) selected += "<p class=\"why\">" + esc(not_counted_why(r)) + "</p>";
    for (const std::string& note : conversion_notes(i)) selected += "<p class=\"conversion-note\">" + esc(note) + "</p>";
    selected += "<ol class=\"explanation\">";
    for (const std::string& step : doc_.calc().explanation(i)) selected += "<li>" + esc(step) + "</li>";
    selected += "</ol>";
  } else {
    selected = "<p>No layer selected</p>";
  }
  platform::set_mirror_html("mirror-selected", selected);

  mirrored_revision_ = doc_.revision();
  mirrored_selection_ = doc_.selected();
}

}  // namespace learnable::app
