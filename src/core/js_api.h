// The JS API (src/web/bindings.cpp) as plain C++: each function takes its JavaScript arguments as
// the bindings hand them over, checks them, and returns JSON for the binding to parse. All of the
// API's behaviour lives here so that it is unit-tested natively; bad input of any kind becomes an
// "errors" entry in the answer, and nothing here throws.
#pragma once

#include <string>

namespace learnable {

// One JavaScript argument as the JS glue describes it: its type and, for a string, the string;
// for a number, boolean, object or array, JSON.stringify of it. A string longer than
// kMaxImportBytes is not copied (only its length is), so huge input costs nothing.
struct JsArg {
  std::string type = "undefined";  // typeof, with "null" and "array" told apart from "object"
  std::string text;
  double length = 0;        // a string's length in UTF-16 units, also when `text` was not copied
  bool unreadable = false;  // JSON.stringify failed on it (a cycle, a BigInt, a throwing toJSON)
};

JsArg js_string(std::string text);
JsArg js_value(std::string type, std::string json);  // js_value("object", "{\"defines\":{}}")
JsArg js_undefined();

// summarize(text, options) -> the summary schema (`learnable summary --format json`).
// text: Keras code, Keras JSON (model.to_json(), tfjs' model.toJSON()), PyTorch code or a model
// document, detected unless options.from names it ("keras-code", "keras-json", "pytorch-code",
// "json"). options: {defines: {IMG_SIZE: 32, SHAPE: [28, 28, 1], ACT: "'relu'"}, from:
// "keras-json", inputShape: [3, 32, 32]}; a string define is Python source, as --define takes it;
// inputShape is the model's input without the batch, in its framework's layout (PyTorch code needs
// it unless the code calls summary(model, ...)). framework: "pytorch" (or "keras") counts the model
// in that framework's conventions, the conversion's notes among the warnings.
std::string api_summarize(const JsArg& text, const JsArg& options);
// summarizeModel(model) -> the summary schema; model is the model document, as text or object.
std::string api_summarize_model(const JsArg& model);
// modelFromCode(text, options) -> {model, errors, warnings, undefined_names}; errors are what
// could not be read (counting errors come from summarizeModel). Text and options as summarize.
std::string api_model_from_code(const JsArg& text, const JsArg& options);
// convertModel(model, framework) -> {model, notes, origin, left_out, errors, warnings}: the model
// in the other framework's conventions ("keras" or "pytorch"; convert.h). model is a model
// document (an object, or any text summarize reads); notes say per layer what changed or has no
// exact equivalent, origin gives each converted layer's source index, left_out the source layers
// without a counterpart. summarize(text, {framework}) counts the converted model directly.
std::string api_convert_model(const JsArg& model, const JsArg& framework);

// layerTypes() -> [{name, group, summary, alias_of, positional, example, example_input,
//                   args: [{name, kind, default, default_python, required, rank, choices, counted}]}]
std::string api_layer_types();
// presets() -> [{id, title, code}]; preset(id) -> {id, title, code, model, errors, warnings,
// undefined_names}.
std::string api_presets();
std::string api_preset(const JsArg& id);
// formulaTable() -> {markdown, rows: [{type, example, input_shape, output_shape, params, formula,
// problem}]}, the README's table.
std::string api_formula_table();

// encodeShareFragment(model) -> {fragment, errors, warnings}; fragment is null when the model
// document has errors. decodeShareFragment(fragment) -> {model, errors, warnings}.
std::string api_encode_share_fragment(const JsArg& model);
std::string api_decode_share_fragment(const JsArg& fragment);

// summaryMarkdown / summaryCsv / summaryTable(model) -> {text, errors, warnings}.
enum class TextFormat { Markdown, Csv, Table };
std::string api_summary_text(const JsArg& model, TextFormat format);

// exportModel(model, format, options) -> {text, format, framework, errors, warnings}: the model in
// one of the export formats (`learnable summary --format`): "keras-summary", "torchinfo",
// "latex", "keras-code", "keras-json", "pytorch-code", "markdown", "csv", "table", "json".
// model is a model document (an object, or its JSON text) or any text summarize reads (Keras
// code, Keras JSON, PyTorch code), with summarize's options. text is null when the model cannot
// be read or the format is for the other framework (PyTorch code of a Keras model); a model with
// errors is still exported, its errors listed.
std::string api_export_model(const JsArg& model, const JsArg& format, const JsArg& options);
// exportFormats() -> [{name, frameworks}]: every format and the frameworks it is written for.
std::string api_export_formats();

// explainTotal(model, reported) -> {causes: [{title, detail, total, matches, id}], total, reported,
// errors, warnings}: why a framework may print `reported` for this model (discrepancy.h), best
// match first; `total` is the model's own count. model is a model document (an object, or any text
// summarize reads, as convertModel takes it); reported is a non-negative whole number, or a string
// of digits with optional thousands commas ("2,747,722"). A bad argument is an error, causes are
// then [] (and total null when the model cannot be read); a model whose layers are in error gets
// its errors listed and the causes its resolved layers allow.
std::string api_explain_total(const JsArg& model, const JsArg& reported);
// checkQuizAnswer(model, layerIndex, answer) -> {correct, expected, step, hint, reveal, mistake,
// step_index, formula, explanation, errors, warnings}: quiz.h's verdict on `answer` for layer
// `layerIndex` (0-based, or the layer's name). reveal is the worked formula and its steps, for
// after the hint; step is "" and step_index -1 when the answer is right or no step is named.
// model and answer are read as explainTotal reads model and reported (answer may be 0). When the
// arguments are bad or the layer cannot be quizzed, correct is false, the verdict's other fields
// are null and errors say why.
std::string api_check_quiz_answer(const JsArg& model, const JsArg& layer_index, const JsArg& answer);

}  // namespace learnable
