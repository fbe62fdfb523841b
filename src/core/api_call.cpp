#include "core/api_call.h"

#include <vector>

#include "core/js_api.h"
#include "core/json_reader.h"
#include "core/json_writer.h"

namespace learnable {

namespace {

JsArg argument(const Json& item, std::string_view text) {
  std::string json(text.substr(item.offset, item.end - item.offset));
  switch (item.kind) {
    case Json::Kind::String: return js_string(item.text);
    case Json::Kind::Null: return js_value("null", json);
    case Json::Kind::Bool: return js_value("boolean", json);
    case Json::Kind::Number: return js_value("number", json);
    case Json::Kind::Array: return js_value("array", json);
    case Json::Kind::Object: return js_value("object", json);
  }
  return js_undefined();
}

std::string error_answer(const std::string& message) {
  return "{\"errors\":[{\"line\":null,\"column\":null,\"layer\":null,\"message\":" + json_quote(message) +
         ",\"excerpt\":\"\"}],\"warnings\":[]}";
}

}  // namespace

std::string api_call(std::string_view function, std::string_view args_json) {
  JsonParse parsed = parse_json(args_json);
  if (!parsed.ok || parsed.value.kind != Json::Kind::Array)
    return error_answer("the arguments of " + std::string(function) + " are not a JSON array");
  std::vector<JsArg> args;
  for (const Json& item : parsed.value.items) args.push_back(argument(item, args_json));
  auto arg = [&](size_t i) { return i < args.size() ? args[i] : js_undefined(); };
  if (function == "summarize") return api_summarize(arg(0), arg(1));
  if (function == "summarizeModel") return api_summarize_model(arg(0));
  if (function == "modelFromCode") return api_model_from_code(arg(0), arg(1));
  if (function == "convertModel") return api_convert_model(arg(0), arg(1));
  if (function == "exportModel") return api_export_model(arg(0), arg(1), arg(2));
  if (function == "explainTotal") return api_explain_total(arg(0), arg(1));
  if (function == "checkQuizAnswer") return api_check_quiz_answer(arg(0), arg(1), arg(2));
  return error_answer("the API has no function " + std::string(function));
}

}  // namespace learnable
