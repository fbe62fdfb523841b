#include "core/api_answer.h"

#include "core/json_reader.h"
#include "core/model_json.h"

namespace learnable {

namespace {

std::vector<ImportMessage> read_messages(const Json* list) {
  std::vector<ImportMessage> out;
  if (!list || list->kind != Json::Kind::Array) return out;
  for (const Json& item : list->items) {
    if (item.kind != Json::Kind::Object) continue;
    ImportMessage m;
    const Json* line = item.find("line");
    const Json* column = item.find("column");
    if (line && line->is_integer && line->integer > 0 && column && column->is_integer) {
      m.where.line = static_cast<int>(line->integer);
      m.where.column = static_cast<int>(column->integer);
    }
    if (const Json* text = item.find("message"); text && text->kind == Json::Kind::String) m.message = text->text;
    if (const Json* excerpt = item.find("excerpt"); excerpt && excerpt->kind == Json::Kind::String) m.excerpt = excerpt->text;
    if (const Json* layer = item.find("layer"); layer && layer->kind == Json::Kind::String) m.layer = layer->text;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<size_t> read_indices(const Json* list) {
  std::vector<size_t> out;
  if (!list || list->kind != Json::Kind::Array) return out;
  for (const Json& item : list->items)
    if (item.is_integer && item.integer >= 0) out.push_back(static_cast<size_t>(item.integer));
  return out;
}

}  // namespace

ApiAnswer read_api_answer(std::string_view json) {
  ApiAnswer answer;
  JsonParse parsed = parse_json(json);
  if (!parsed.ok || parsed.value.kind != Json::Kind::Object) {
    ImportMessage m;
    m.message = "Learnable's formats module gave an answer the app cannot read (" +
                (parsed.ok ? std::string("not an object") : parsed.error) + ")";
    answer.imported.errors.push_back(std::move(m));
    return answer;
  }
  const Json& root = parsed.value;
  // The model first: its own reading faults come after the answer's errors.
  std::vector<ImportMessage> model_errors, model_warnings;
  // The model document as the API writes it (an object), or as its JSON text.
  const Json* model = root.find("model");
  if (model && (model->kind == Json::Kind::String || model->kind == Json::Kind::Object)) {
    ImportResult read = model_from_json(model->kind == Json::Kind::String
                                            ? std::string_view(model->text)
                                            : json.substr(model->offset, model->end - model->offset));
    answer.imported.model = std::move(read.model);
    model_errors = std::move(read.errors);
    model_warnings = std::move(read.warnings);
  }
  answer.imported.errors = read_messages(root.find("errors"));
  answer.imported.warnings = read_messages(root.find("warnings"));
  for (ImportMessage& m : model_errors) answer.imported.errors.push_back(std::move(m));
  for (ImportMessage& m : model_warnings) answer.imported.warnings.push_back(std::move(m));
  if (const Json* names = root.find("undefined_names"); names && names->kind == Json::Kind::Array)
    for (const Json& name : names->items)
      if (name.kind == Json::Kind::String) answer.imported.undefined_names.push_back(name.text);
  answer.notes = read_messages(root.find("notes"));
  answer.origin = read_indices(root.find("origin"));
  answer.left_out = read_indices(root.find("left_out"));
  if (const Json* text = root.find("text"); text && text->kind == Json::Kind::String) {
    answer.has_text = true;
    answer.text = text->text;
  }
  auto string_of = [](const Json& object, const char* key) {
    const Json* v = object.find(key);
    return v && v->kind == Json::Kind::String ? v->text : std::string();
  };
  auto integer_of = [](const Json& object, const char* key, int64_t otherwise) {
    const Json* v = object.find(key);
    return v && v->is_integer ? v->integer : otherwise;
  };
  if (const Json* correct = root.find("correct"); correct && correct->kind == Json::Kind::Bool) {
    answer.has_quiz = true;
    ApiQuiz& q = answer.quiz;
    q.correct = correct->boolean;
    q.expected = integer_of(root, "expected", 0);
    q.step = string_of(root, "step");
    q.hint = string_of(root, "hint");
    q.reveal = string_of(root, "reveal");
    q.formula = string_of(root, "formula");
    q.step_index = static_cast<int>(integer_of(root, "step_index", -1));
    if (const Json* steps = root.find("explanation"); steps && steps->kind == Json::Kind::Array)
      for (const Json& step : steps->items)
        if (step.kind == Json::Kind::String) q.explanation.push_back(step.text);
  }
  if (const Json* causes = root.find("causes"); causes && causes->kind == Json::Kind::Array)
    for (const Json& c : causes->items) {
      if (c.kind != Json::Kind::Object) continue;
      const Json* matches = c.find("matches");
      answer.causes.push_back({string_of(c, "id"), string_of(c, "title"), string_of(c, "detail"), integer_of(c, "total", 0),
                               matches && matches->kind == Json::Kind::Bool && matches->boolean});
    }
  return answer;
}

}  // namespace learnable
