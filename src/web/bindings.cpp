// The one file of embind bindings: everything JavaScript can call, with no logic of its own.
// Each raw function takes the arguments as bindings.js describes them (JsArg) and returns the
// core's JSON (src/core/js_api.h); bindings.js wraps them into the public API (summarize, ...)
// that takes any arguments, parses the JSON and never throws.
#include <emscripten/bind.h>

#include "core/js_api.h"
#include "core/keras_code.h"
#include "core/rules_elsewhere.h"

namespace {

using namespace learnable;

std::string summary_markdown(const JsArg& model) { return api_summary_text(model, TextFormat::Markdown); }
std::string summary_csv(const JsArg& model) { return api_summary_text(model, TextFormat::Csv); }
std::string summary_table(const JsArg& model) { return api_summary_text(model, TextFormat::Table); }
std::string compute_rule(const std::string& request) { return answer_rule_request(request); }

}  // namespace

EMSCRIPTEN_BINDINGS(learnable) {
  using emscripten::function;
  emscripten::value_object<JsArg>("JsArg")
      .field("type", &JsArg::type)
      .field("text", &JsArg::text)
      .field("length", &JsArg::length)
      .field("unreadable", &JsArg::unreadable);
  emscripten::constant("rawMaxInputLength", static_cast<double>(kMaxImportBytes));

  function("rawSummarize", &api_summarize);
  function("rawSummarizeModel", &api_summarize_model);
  function("rawModelFromCode", &api_model_from_code);
  function("rawConvertModel", &api_convert_model);
  function("rawLayerTypes", &api_layer_types);
  function("rawPresets", &api_presets);
  function("rawPreset", &api_preset);
  function("rawFormulaTable", &api_formula_table);
  function("rawEncodeShareFragment", &api_encode_share_fragment);
  function("rawDecodeShareFragment", &api_decode_share_fragment);
  function("rawSummaryMarkdown", &summary_markdown);
  function("rawSummaryCsv", &summary_csv);
  function("rawSummaryTable", &summary_table);
  function("rawExportModel", &api_export_model);
  function("rawExportFormats", &api_export_formats);
  function("rawExplainTotal", &api_explain_total);
  function("rawCheckQuizAnswer", &api_check_quiz_answer);
  // The page's own, not part of the public API: the lazy layer rules of app.wasm (rules_elsewhere.h).
  function("rawComputeRule", &compute_rule);
}
