// The JS API's answers read back into the core's types. The app's own module holds the
// calculator, the registry and the editor; the text formats (every importer, every export and
// the conversion between frameworks) are left to the JS API's module (learnable.js/.wasm), which
// the page fetches the first time the user needs one. Its answers reach the app as JSON text, as
// modelFromCode, exportModel and convertModel write them (js_api.h); "model" may also hold the
// model document's JSON text as a string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/import_report.h"

namespace learnable {

// checkQuizAnswer's verdict (quiz.h's QuizVerdict).
struct ApiQuiz {
  bool correct = false;
  int64_t expected = 0;
  std::string step, hint, reveal, formula;
  std::vector<std::string> explanation;
  int step_index = -1;  // the step of `explanation` that differs, -1 when none is named
};

// One of explainTotal's causes (discrepancy.h's Cause).
struct ApiCause {
  std::string id, title, detail;
  int64_t total = 0;
  bool matches = false;
};

struct ApiAnswer {
  ImportResult imported;  // model, errors, warnings and undefined_names
  std::vector<ImportMessage> notes;  // convertModel: what changed, per layer
  std::vector<size_t> origin, left_out;  // convertModel: see Conversion
  bool has_text = false;  // exportModel: text is not null
  std::string text;
  bool has_quiz = false;  // checkQuizAnswer: `correct` is a boolean
  ApiQuiz quiz;
  std::vector<ApiCause> causes;  // explainTotal
};

// Reads one answer. What cannot be read (a module that failed to load answers with errors only;
// a broken answer is a fault of the page) becomes an error message, so the caller always has
// something to show.
ApiAnswer read_api_answer(std::string_view json);

}  // namespace learnable
