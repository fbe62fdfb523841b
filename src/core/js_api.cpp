// The JS API's checks and answers. Every entry point runs under guarded(), which turns anything
// unexpected into an answer with an error, so a page calling the API can never be aborted by it.
#include "core/js_api.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <string_view>
#include <vector>

#include "core/calculator.h"
#include "core/checked.h"
#include "core/convert.h"
#include "core/discrepancy.h"
#include "core/export.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/keras_code.h"
#include "core/layer_docs.h"
#include "core/layer_type.h"
#include "core/model_import.h"
#include "core/model_json.h"
#include "core/presets.h"
#include "core/quiz.h"
#include "core/share_link.h"
#include "core/summary.h"
#include "core/text.h"

namespace learnable {

JsArg js_string(std::string text) {
  JsArg a;
  a.type = "string";
  a.length = static_cast<double>(text.size());
  a.text = std::move(text);
  return a;
}

JsArg js_value(std::string type, std::string json) {
  JsArg a;
  a.type = std::move(type);
  a.text = std::move(json);
  return a;
}

JsArg js_undefined() { return JsArg{}; }

namespace {

ImportMessage api_message(std::string message) { return {{}, std::move(message), "", ""}; }

// "a number", "an object", "null": what the caller passed, for messages.
std::string a_type(const std::string& type) {
  if (type == "undefined" || type == "null") return type;
  if (type == "object" || type == "array") return cat({"an ", type});
  if (type == "bigint") return "a BigInt";
  return cat({"a ", type});
}

std::string size_limit() { return cat({kMaxImportBytes / (1024 * 1024), " MB"}); }

// A text argument (code, a link): false, with an error in `out`, when it is not a usable string.
bool read_string(const JsArg& arg, const std::string& where, const char* expected, ImportResult& out) {
  if (arg.type == "undefined") {
    out.errors.push_back(api_message(cat({where, " is missing: pass ", expected})));
    return false;
  }
  if (arg.type != "string") {
    out.errors.push_back(api_message(cat({where, " must be ", expected, ", got ", a_type(arg.type)})));
    return false;
  }
  if (arg.length > static_cast<double>(kMaxImportBytes) || arg.text.size() > kMaxImportBytes) {
    std::string size = arg.text.size() > kMaxImportBytes
                           ? with_commas(static_cast<int64_t>(arg.text.size())) + " bytes of UTF-8"
                           : with_commas(static_cast<int64_t>(arg.length)) + " characters";
    out.errors.push_back(
        api_message(cat({where, " is too long (", size, "); Learnable reads at most ", size_limit()})));
    return false;
  }
  return true;
}

// A model document, as its JSON text or as an object (which the glue has stringified).
bool read_model_text(const JsArg& arg, const std::string& where, ImportResult& out) {
  if (arg.type == "object" || arg.type == "array") {
    if (arg.unreadable) {
      out.errors.push_back(api_message(cat({where, " cannot be written as JSON (does it hold a cycle or a BigInt?)"})));
      return false;
    }
    double size = std::max(arg.length, static_cast<double>(arg.text.size()));
    if (size > static_cast<double>(kMaxImportBytes)) {
      out.errors.push_back(api_message(cat({where, " is too large (", with_commas(static_cast<int64_t>(size)),
                                            " characters of JSON); Learnable reads at most ", size_limit()})));
      return false;
    }
    return true;
  }
  return read_string(arg, where, "a model document (an object, or its JSON text)", out);
}

// A define's value from JSON: numbers, booleans, strings and arrays of them.
bool define_value(const Json& j, Value& out, int depth = 0) {
  switch (j.kind) {
    case Json::Kind::Bool: out = Value::of_bool(j.boolean); return true;
    case Json::Kind::Number: out = j.is_integer ? Value::of_int(j.integer) : Value::of_float(j.number); return true;
    case Json::Kind::String: out = Value::of_string(j.text); return true;
    case Json::Kind::Array: {
      if (depth > 8) return false;
      std::vector<Value> items;
      for (const Json& item : j.items) {
        Value v;
        if (!define_value(item, v, depth + 1)) return false;
        items.push_back(std::move(v));
      }
      out = Value::tuple(std::move(items));
      return true;
    }
    default: return false;
  }
}

// [3, 32, 32] -> the shape; nullopt unless it is an array of positive integers.
std::optional<Shape> shape_value(const Json& j) {
  if (j.kind != Json::Kind::Array || j.items.empty()) return std::nullopt;
  Shape shape;
  for (const Json& d : j.items) {
    if (d.kind != Json::Kind::Number || !d.is_integer || d.integer <= 0) return std::nullopt;
    shape.push_back(d.integer);
  }
  return shape;
}

// What a bad option value was, for messages: [3, 0, 32], "3,32,32", an object.
std::string option_text(const Json& j, int depth = 0) {
  switch (j.kind) {
    case Json::Kind::Null: return "null";
    case Json::Kind::Bool: return j.boolean ? "true" : "false";
    case Json::Kind::Number: return j.is_integer ? std::to_string(j.integer) : shortest_float_text(j.number);
    case Json::Kind::String: return json_quote(j.text.substr(0, 64));
    case Json::Kind::Object: return "an object";
    case Json::Kind::Array: {
      if (depth > 0) return "[...]";
      std::string out = "[";
      for (size_t i = 0; i < j.items.size() && i < 8; ++i) out += cat({(i ? ", " : ""), option_text(j.items[i], depth + 1)});
      return cat({out, (j.items.size() > 8 ? ", ...]" : "]")});
    }
  }
  return "";
}

// options = {defines: {...}, from: "keras-json", inputShape: [3, 32, 32]}: the defines, the
// format and the input shape, with any fault reported in `out`.
std::vector<Define> read_options(const JsArg& options, const std::string& fn, ImportResult& out, SourceFormat& format,
                                 std::optional<Shape>& input_shape) {
  std::vector<Define> defines;
  if (options.type == "undefined" || options.type == "null") return defines;
  const std::string example = " such as {defines: {IMG_SIZE: 32}}";
  if (options.type != "object" || options.unreadable) {
    out.errors.push_back(
        api_message(cat({fn, ": options must be an object", example, ", got ",
                         (options.unreadable ? "one that cannot be written as JSON" : a_type(options.type))})));
    return defines;
  }
  JsonParse parsed = parse_json(options.text);
  if (!parsed.ok || parsed.value.kind != Json::Kind::Object) {
    out.errors.push_back(api_message(cat({fn, ": options must be an object", example})));
    return defines;
  }
  for (const auto& [key, value] : parsed.value.members) {
    if (key == "format") {
      if (value.kind != Json::Kind::String || value.text != "json")
        out.warnings.push_back(api_message(cat({"options.format: ", fn,
                                                " always answers with the JSON schema; use "
                                                "summaryMarkdown, summaryCsv or summaryTable(model) for text"})));
      continue;
    }
    if (key == "framework" && fn == "summarize") continue;  // read by apply_framework_option
    if (key == "from") {
      if (value.is_null()) continue;
      if (value.kind == Json::Kind::String && parse_source_format(value.text, format)) continue;
      static const char* const kinds[] = {"null", "a boolean", "a number", "", "an array", "an object"};
      std::string got = value.kind == Json::Kind::String ? json_quote(value.text.substr(0, 64))
                                                         : kinds[static_cast<int>(value.kind)];
      out.errors.push_back(api_message(cat({"options.from must be \"keras-code\", \"keras-json\", \"pytorch-code\", "
                                            "\"json\" or \"detect\" (the default), got ", got})));
      continue;
    }
    if (key == "inputShape") {
      if (value.is_null()) continue;
      input_shape = shape_value(value);
      if (!input_shape)
        out.errors.push_back(api_message(cat({"options.inputShape must be an array of positive integers such as "
                                              "[3, 32, 32] (channels first for PyTorch, Keras' own layout for Keras), got ",
                                              option_text(value)})));
      continue;
    }
    if (key != "defines") {
      out.warnings.push_back(api_message(
          cat({"options.", key, " is not an option of ", fn,
               " (it takes defines, from and inputShape, such as {defines: {IMG_SIZE: 32}, from: \"keras-json\"})"})));
      continue;
    }
    if (value.is_null()) continue;
    if (value.kind != Json::Kind::Object) {
      out.errors.push_back(api_message(cat({"options.defines must be an object of names and values", example})));
      continue;
    }
    for (const auto& [name, given] : value.members) {
      const std::string where = cat({"options.defines.", name});
      Define d;
      std::string message;
      // A string is Python source, as `--define NAME=VALUE` takes it; anything else is a value.
      bool is_source = given.kind == Json::Kind::String;
      if (!parse_define(cat({name, "=", (is_source ? given.text : std::string("0"))}), d, message)) {
        if (message.rfind(cat({name, ": "}), 0) == 0) message.erase(0, name.size() + 2);
        out.errors.push_back(api_message(cat({where, ": ", message})));
        continue;
      }
      if (!is_source && !define_value(given, d.value)) {
        out.errors.push_back(api_message(cat({where,
                                              " must be a number, a boolean, an array of numbers or Python "
                                              "source as a string, such as 32 or [28, 28, 1]"})));
        continue;
      }
      defines.push_back(std::move(d));
    }
  }
  return defines;
}

// Option faults come before what the importer found.
void put_first(ImportResult& into, ImportResult& from) {
  into.errors.insert(into.errors.begin(), from.errors.begin(), from.errors.end());
  into.warnings.insert(into.warnings.begin(), from.warnings.begin(), from.warnings.end());
}

// The model's text and its options, imported in the format options.from names (detected when
// absent), with options.inputShape as its input; faults in either come first. When the text is
// not a string, or options.from or options.inputShape is bad, the answer holds only those faults
// (and `read`, when given, is set false).
ImportResult import_code_argument(const JsArg& text, const JsArg& options, const std::string& fn, bool* read = nullptr) {
  if (read) *read = false;
  ImportResult faults;
  if (!read_string(text, fn + ": text", "Keras code as a string", faults)) return faults;
  SourceFormat format = SourceFormat::Detect;
  std::optional<Shape> input_shape;
  std::vector<Define> defines = read_options(options, fn, faults, format, input_shape);
  for (const ImportMessage& m : faults.errors)
    if (m.message.rfind("options.from", 0) == 0 || m.message.rfind("options.inputShape", 0) == 0) return faults;
  ImportResult imported = import_model(text.text, format, defines, input_shape);
  put_first(imported, faults);
  if (read) *read = true;
  return imported;
}

std::string names_json(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + json_quote(names[i]);
  return cat({out, "]"});
}

std::string summary_of(const ImportResult& imported) {
  Calculator calc(imported.model);
  return summary_json(calc, imported);
}

// {"model":...,"errors":[...],"warnings":[...],"undefined_names":[...]}
std::string model_answer(const ImportResult& r, std::string before = "") {
  return cat({"{", before, "\"model\":", model_to_json(r.model), ",\"errors\":", messages_json(r.errors),
              ",\"warnings\":", messages_json(r.warnings), ",\"undefined_names\":", names_json(r.undefined_names),
              "}"});
}

std::string errors_answer(const std::string& message) {
  return cat({"{\"errors\":", messages_json({api_message(message)}), ",\"warnings\":[]}"});
}

std::string summary_fallback(const std::string& message) {
  ImportResult r;
  r.errors.push_back(api_message(message));
  return summary_of(r);
}

template <class Answer>
std::string guarded(Answer&& answer, std::string (*fallback)(const std::string&)) {
  try {
    return answer();
  } catch (const std::exception& e) {
    return fallback(cat({"Learnable could not answer: ", e.what()}));
  } catch (...) {
    return fallback("Learnable could not answer (internal error)");
  }
}

const char* kind_name(ArgKind kind) {
  switch (kind) {
    case ArgKind::Int: return "int";
    case ArgKind::Ints: return "ints";
    case ArgKind::Choice: return "choice";
    case ArgKind::Bool: return "bool";
    case ArgKind::Float: return "float";
    case ArgKind::Activation: return "activation";
    case ArgKind::IntList: return "int_list";
    case ArgKind::Wrapped: return "layer";
    case ArgKind::Any: return "any";
  }
  return "any";
}

std::string arg_json(const ArgSpec& a) {
  std::string out = cat({"{\"name\":", json_quote(a.name), ",\"kind\":\"", kind_name(a.kind),
                         "\",\"default\":", value_to_json(a.default_value), ",\"default_python\":",
                         json_quote(a.default_value.to_python()), ",\"required\":", (a.required ? "true" : "false"),
                         ",\"rank\":", (a.kind == ArgKind::Ints ? std::to_string(a.rank) : std::string("null")),
                         ",\"choices\":", names_json(a.choices), ",\"counted\":", (a.counted ? "true" : "false"), "}"});
  return out;
}

std::string type_json(const LayerType& t) {
  std::string out =
      cat({"{\"name\":", json_quote(t.name), ",\"group\":", json_quote(t.group), ",\"summary\":", json_quote(t.summary),
           ",\"alias_of\":", (t.alias_of.empty() ? std::string("null") : json_quote(t.alias_of)),
           ",\"positional\":", std::min(t.positional, t.args.size()),
           ",\"example\":", (t.example.empty() ? std::string("null") : json_quote(t.example)), ",\"example_input\":",
           (t.example_input.empty() ? std::string("null") : shape_json(t.example_input)), ",\"args\":["});
  for (size_t i = 0; i < t.args.size(); ++i) out += (i ? "," : "") + arg_json(t.args[i]);
  return cat({out, "]}"});
}

// options.framework ("keras" or "pytorch"): the model converted to that framework's conventions,
// the conversion's notes after the import's warnings.
void apply_framework_option(const JsArg& options, ImportResult& imported) {
  if (options.type != "object" || options.unreadable) return;
  JsonParse parsed = parse_json(options.text);
  const Json* given = parsed.ok ? parsed.value.find("framework") : nullptr;
  if (!given || given->is_null()) return;
  Framework to = Framework::Keras;
  if (given->kind != Json::Kind::String || !parse_framework(given->text, to)) {
    std::string got = given->kind == Json::Kind::String ? json_quote(given->text.substr(0, 64)) : "a value of another kind";
    imported.errors.insert(imported.errors.begin(),
                           api_message(cat({"options.framework must be \"keras\" or \"pytorch\", got ", got})));
    return;
  }
  if (to == imported.model.framework) return;
  Conversion converted = convert_model(imported.model, to);
  imported.model = std::move(converted.model);
  imported.warnings.insert(imported.warnings.end(), converted.notes.begin(), converted.notes.end());
}

std::string indices_json(const std::vector<size_t>& indices) {
  std::string out = "[";
  for (size_t i = 0; i < indices.size(); ++i) out += cat({(i ? "," : ""), indices[i]});
  return cat({out, "]"});
}

}  // namespace

std::string api_summarize(const JsArg& text, const JsArg& options) {
  return guarded(
      [&] {
        ImportResult imported = import_code_argument(text, options, "summarize");
        apply_framework_option(options, imported);
        return summary_of(imported);
      },
      summary_fallback);
}

std::string api_summarize_model(const JsArg& model) {
  return guarded(
      [&] {
        ImportResult faults;
        if (!read_model_text(model, "summarizeModel: model", faults)) return summary_of(faults);
        return summary_of(model_from_json(model.text));
      },
      summary_fallback);
}

std::string api_model_from_code(const JsArg& text, const JsArg& options) {
  return guarded(
      [&] { return model_answer(import_code_argument(text, options, "modelFromCode")); },
      errors_answer);
}

std::string api_convert_model(const JsArg& model, const JsArg& framework) {
  return guarded(
      [&] {
        const std::string fn = "convertModel";
        ImportResult faults;
        Framework to = Framework::Keras;
        bool framework_ok = framework.type == "string" && parse_framework(framework.text, to);
        if (!framework_ok) {
          std::string got = framework.type == "string" ? json_quote(framework.text.substr(0, 64)) : a_type(framework.type);
          faults.errors.push_back(api_message(cat({fn, ": framework must be \"keras\" or \"pytorch\", got ", got})));
        }
        // A model document as an object; code, Keras JSON or a document's text as a string.
        ImportResult imported;
        if (model.type == "string") imported = import_code_argument(model, js_undefined(), fn);
        else if (read_model_text(model, cat({fn, ": model"}), imported)) imported = model_from_json(model.text);
        put_first(imported, faults);
        Conversion converted;
        if (framework_ok) converted = convert_model(imported.model, to);
        else converted.model = imported.model;
        return cat({"{\"model\":", model_to_json(converted.model), ",\"notes\":", messages_json(converted.notes),
                    ",\"origin\":", indices_json(converted.origin), ",\"left_out\":", indices_json(converted.left_out),
                    ",\"errors\":", messages_json(imported.errors), ",\"warnings\":", messages_json(imported.warnings), "}"});
      },
      errors_answer);
}

std::string api_layer_types() {
  return guarded(
      [] {
        static const std::string answer = [] {
          std::string out = "[";
          const auto& types = layer_types();
          for (size_t i = 0; i < types.size(); ++i) out += (i ? "," : "") + type_json(types[i]);
          return cat({out, "]"});
        }();
        return answer;
      },
      errors_answer);
}

std::string api_presets() {
  return guarded(
      [] {
        std::string out = "[";
        const auto& all = presets();
        for (size_t i = 0; i < all.size(); ++i)
          out += cat({std::string(i ? "," : ""), "{\"id\":", json_quote(all[i].id),
                      ",\"title\":", json_quote(all[i].title), ",\"code\":", json_quote(preset_code(all[i].id)), "}"});
        return cat({out, "]"});
      },
      errors_answer);
}

std::string api_preset(const JsArg& id) {
  return guarded(
      [&] {
        ImportResult faults;
        const Preset* preset = nullptr;
        if (read_string(id, "preset: id", "a preset id as a string, such as \"vgg16\"", faults)) {
          preset = find_preset(id.text);
          if (!preset) {
            std::string ids;
            for (const Preset& p : presets()) ids += (ids.empty() ? "" : ", ") + p.id;
            faults.errors.push_back(
                api_message(cat({"preset: there is no preset '", id.text.substr(0, 64), "'; the presets are ", ids})));
          }
        }
        if (!preset) return model_answer(faults, "\"id\":null,\"title\":null,\"code\":null,");
        return model_answer(import_keras_code(preset_code(preset->id)),
                            cat({"\"id\":", json_quote(preset->id), ",\"title\":", json_quote(preset->title),
                                 ",\"code\":", json_quote(preset_code(preset->id)), ","}));
      },
      errors_answer);
}

std::string api_formula_table() {
  return guarded(
      [] {
        static const std::string answer = [] {
          std::string rows = "[";
          std::vector<LayerExample> examples = layer_examples();
          for (size_t i = 0; i < examples.size(); ++i) {
            const LayerExample& e = examples[i];
            const LayerResult& r = e.result;
            rows += cat({std::string(i ? "," : ""), "{\"type\":", json_quote(e.type->name),
                         ",\"example\":", json_quote(e.type->example), ",\"input_shape\":", shape_json(r.input_shape),
                         ",\"output_shape\":", (r.ok() ? shape_json(r.output_shape) : "null"), ",\"params\":", r.params,
                         ",\"formula\":", json_quote(r.formula),
                         ",\"problem\":", (e.problem.empty() ? "null" : json_quote(e.problem)), "}"});
          }
          return cat({"{\"markdown\":", json_quote(formula_table_markdown()), ",\"rows\":", rows, "]}"});
        }();
        return answer;
      },
      errors_answer);
}

std::string api_encode_share_fragment(const JsArg& model) {
  return guarded(
      [&] {
        ImportResult r;
        if (read_model_text(model, "encodeShareFragment: model", r)) r = model_from_json(model.text);
        std::string fragment = r.errors.empty() ? json_quote(encode_share_fragment(r.model)) : "null";
        return cat({"{\"fragment\":", fragment, ",\"errors\":", messages_json(r.errors),
                    ",\"warnings\":", messages_json(r.warnings), "}"});
      },
      errors_answer);
}

std::string api_decode_share_fragment(const JsArg& fragment) {
  return guarded(
      [&] {
        ImportResult faults;
        if (!read_string(fragment, "decodeShareFragment: fragment",
                         "the link's fragment as a string, such as \"#m=1.eyJ...\"", faults))
          return model_answer(faults);
        return model_answer(decode_share_fragment(fragment.text));
      },
      errors_answer);
}

std::string api_export_model(const JsArg& model, const JsArg& format, const JsArg& options) {
  return guarded(
      [&] {
        const std::string fn = "exportModel";
        std::string names;
        for (ExportFormat f : export_formats()) names += cat({(names.empty() ? "" : ", "), export_format_name(f)});
        ImportResult faults;
        ExportFormat chosen = ExportFormat::Table;
        bool format_ok = format.type == "string" && parse_export_format(format.text, chosen);
        if (!format_ok) {
          std::string got = format.type == "string" ? json_quote(format.text.substr(0, 64)) : a_type(format.type);
          faults.errors.push_back(api_message(cat({fn, ": format must be one of ", names, ", got ", got})));
        }
        // Code and Keras JSON come as text (read as summarize reads them); a model document as
        // an object or as its JSON text.
        ImportResult imported;
        bool model_ok = false;
        if (model.type == "string") {
          imported = import_code_argument(model, options, fn, &model_ok);
        } else if (read_model_text(model, cat({fn, ": model"}), imported)) {
          imported = model_from_json(model.text);
          model_ok = true;
          if (options.type != "undefined" && options.type != "null")
            imported.warnings.push_back(
                api_message(cat({fn, ": options (defines, from) are for a model given as code; a model document needs none"})));
        }
        put_first(imported, faults);
        Calculator calc(imported.model);
        std::vector<ImportMessage> errors = model_errors(calc, imported);
        std::string text = "null";
        if (format_ok && model_ok) {
          ExportResult exported = export_model(calc, imported, chosen);
          if (exported.ok()) text = json_quote(exported.text);
          else errors.insert(errors.begin(), api_message(cat({fn, ": ", exported.error})));
        }
        return cat({"{\"text\":", text, ",\"format\":", (format_ok ? json_quote(export_format_name(chosen)) : "null"),
                    ",\"framework\":", json_quote(framework_name(calc.model().framework)),
                    ",\"errors\":", messages_json(errors), ",\"warnings\":", messages_json(imported.warnings), "}"});
      },
      errors_answer);
}

std::string api_export_formats() {
  return guarded(
      [] {
        std::string out = "[";
        for (ExportFormat f : export_formats()) {
          std::string frameworks;
          for (Framework fw : {Framework::Keras, Framework::PyTorch})
            if (export_applies(f, fw)) frameworks += cat({(frameworks.empty() ? "" : ","), json_quote(framework_name(fw))});
          out += cat({(out.size() > 1 ? "," : ""), "{\"name\":", json_quote(export_format_name(f)), ",\"frameworks\":[",
                      frameworks, "]}"});
        }
        return cat({out, "]"});
      },
      errors_answer);
}

std::string api_summary_text(const JsArg& model, TextFormat format) {
  static const char* const names[] = {"summaryMarkdown", "summaryCsv", "summaryTable"};
  const std::string fn = names[static_cast<int>(format)];
  return guarded(
      [&] {
        ImportResult imported;
        if (read_model_text(model, cat({fn, ": model"}), imported)) imported = model_from_json(model.text);
        Calculator calc(imported.model);
        std::string text = format == TextFormat::Markdown ? summary_markdown(calc, imported)
                           : format == TextFormat::Csv    ? summary_csv(calc, imported)
                                                          : summary_table(calc, imported);
        return cat({"{\"text\":", json_quote(text), ",\"errors\":", messages_json(model_errors(calc, imported)),
                    ",\"warnings\":", messages_json(imported.warnings), "}"});
      },
      errors_answer);
}

// explainTotal and checkQuizAnswer: the classroom's two questions (discrepancy.h, quiz.h).
namespace {

// A count a user typed or a page passed: a non-negative whole number, or a string of digits with
// thousands commas ("2,747,722"). False, with an error in `out`, otherwise.
bool read_count(const JsArg& arg, const std::string& where, int64_t& value, ImportResult& out) {
  const char* wanted = "a non-negative whole number, or a string of digits such as \"2,747,722\"";
  if (arg.type == "number") {
    JsonParse parsed = parse_json(arg.text);
    if (parsed.ok && parsed.value.kind == Json::Kind::Number && parsed.value.is_integer && parsed.value.integer >= 0) {
      value = parsed.value.integer;
      return true;
    }
    std::string got = arg.text == "null" ? "NaN or Infinity" : arg.text.substr(0, 32);
    out.errors.push_back(api_message(cat({where, " must be ", wanted, ", got ", got})));
    return false;
  }
  if (arg.type != "string") {
    out.errors.push_back(api_message(arg.type == "undefined" ? cat({where, " is missing: pass ", wanted})
                                                             : cat({where, " must be ", wanted, ", got ", a_type(arg.type)})));
    return false;
  }
  std::string_view text = arg.text;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n')) text.remove_suffix(1);
  int64_t n = 0;
  bool ok = !text.empty() && text.size() <= 32 && text.front() != ',' && text.back() != ',';
  for (size_t i = 0; ok && i < text.size(); ++i) {
    char c = text[i];
    if (c == ',') {
      ok = text[i - 1] != ',';
      continue;
    }
    std::optional<int64_t> times_ten = c >= '0' && c <= '9' ? checked_mul(n, 10) : std::nullopt;
    std::optional<int64_t> next = times_ten ? checked_add(*times_ten, c - '0') : std::nullopt;
    ok = next.has_value();
    if (ok) n = *next;
  }
  if (!ok) {
    out.errors.push_back(api_message(cat({where, " must be ", wanted, ", got ", json_quote(arg.text.substr(0, 32))})));
    return false;
  }
  value = n;
  return true;
}

// A model as convertModel takes it: a model document as an object; code, Keras JSON or a
// document's text as a string. False when it could not be read at all.
bool read_model_argument(const JsArg& model, const std::string& fn, ImportResult& imported) {
  bool read = false;
  if (model.type == "string") {
    imported = import_code_argument(model, js_undefined(), fn, &read);
  } else if (read_model_text(model, cat({fn, ": model"}), imported)) {
    imported = model_from_json(model.text);
    read = true;
  }
  return read && imported.errors.empty();
}

std::string json_or_null(const std::string& text, bool present) { return present ? json_quote(text) : "null"; }

std::string causes_json(const std::vector<Cause>& causes) {
  std::string out = "[";
  for (size_t i = 0; i < causes.size(); ++i) {
    const Cause& c = causes[i];
    out += cat({(i ? "," : ""), "{\"title\":", json_quote(c.title), ",\"detail\":", json_quote(c.detail),
                ",\"total\":", c.total, ",\"matches\":", (c.matches ? "true" : "false"), ",\"id\":", json_quote(c.id),
                "}"});
  }
  return cat({out, "]"});
}

std::string explain_fallback(const std::string& message) {
  return cat({"{\"causes\":[],\"total\":null,\"reported\":null,\"errors\":", messages_json({api_message(message)}),
              ",\"warnings\":[]}"});
}

std::string quiz_answer(const QuizVerdict* v, const std::vector<ImportMessage>& errors,
                        const std::vector<ImportMessage>& warnings) {
  bool judged = v && v->error.empty();
  std::string explanation = "null";
  if (judged) {
    explanation = "[";
    for (size_t i = 0; i < v->explanation.size(); ++i) explanation += cat({(i ? "," : ""), json_quote(v->explanation[i])});
    explanation += "]";
  }
  return cat({"{\"correct\":", (judged && v->correct ? "true" : "false"),
              ",\"expected\":", (judged ? std::to_string(v->expected) : std::string("null")),
              ",\"step\":", json_or_null(judged ? v->step : "", judged),
              ",\"hint\":", json_or_null(judged ? v->hint : "", judged),
              ",\"reveal\":", json_or_null(judged ? v->reveal : "", judged),
              ",\"mistake\":", json_or_null(judged ? v->mistake : "", judged),
              ",\"step_index\":", (judged ? std::to_string(v->step_index) : std::string("null")),
              ",\"formula\":", json_or_null(judged ? v->formula : "", judged), ",\"explanation\":", explanation,
              ",\"errors\":", messages_json(errors), ",\"warnings\":", messages_json(warnings), "}"});
}

std::string quiz_fallback(const std::string& message) { return quiz_answer(nullptr, {api_message(message)}, {}); }

}  // namespace

std::string api_explain_total(const JsArg& model, const JsArg& reported) {
  return guarded(
      [&] {
        const std::string fn = "explainTotal";
        ImportResult faults;
        int64_t count = 0;
        bool count_ok = read_count(reported, cat({fn, ": reported"}), count, faults);
        ImportResult imported;
        bool model_ok = read_model_argument(model, fn, imported);
        put_first(imported, faults);
        Calculator calc(imported.model);
        std::string causes = count_ok && model_ok ? causes_json(explain_total(calc.model(), count)) : "[]";
        return cat({"{\"causes\":", causes,
                    ",\"total\":", (model_ok ? std::to_string(calc.totals().params) : std::string("null")),
                    ",\"reported\":", (count_ok ? std::to_string(count) : std::string("null")),
                    ",\"errors\":", messages_json(model_errors(calc, imported)),
                    ",\"warnings\":", messages_json(imported.warnings), "}"});
      },
      explain_fallback);
}

std::string api_check_quiz_answer(const JsArg& model, const JsArg& layer_index, const JsArg& answer) {
  return guarded(
      [&] {
        const std::string fn = "checkQuizAnswer";
        ImportResult faults;
        int64_t given = 0;
        bool answer_ok = read_count(answer, cat({fn, ": answer"}), given, faults);
        ImportResult imported;
        bool model_ok = read_model_argument(model, fn, imported);
        Calculator calc(imported.model);
        // The layer: its 0-based index, or its name.
        int64_t index = -1;
        const std::string where = cat({fn, ": layerIndex"});
        if (layer_index.type == "string" && model_ok) {
          const auto& layers = calc.model().layers;
          for (size_t i = 0; i < layers.size() && index < 0; ++i)
            if (layers[i].name == layer_index.text) index = static_cast<int64_t>(i);
          if (index < 0) {
            ImportResult by_number;
            if (!read_count(layer_index, where, index, by_number)) {
              std::string names;
              for (size_t i = 0; i < layers.size() && i < 12; ++i) names += cat({(i ? ", " : ""), layers[i].name});
              faults.errors.push_back(api_message(cat({where, ": there is no layer named ",
                                                       json_quote(layer_index.text.substr(0, 64)), "; the layers are ",
                                                       (names.empty() ? std::string("none") : names)})));
              index = -1;
            }
          }
        } else if (layer_index.type != "string") {
          if (!read_count(layer_index, where, index, faults)) index = -1;
        }
        put_first(imported, faults);
        std::vector<ImportMessage> errors = model_errors(calc, imported);
        if (!answer_ok || !model_ok || index < 0) return quiz_answer(nullptr, errors, imported.warnings);
        QuizVerdict v = check_quiz_answer(calc, static_cast<size_t>(index), given);
        if (!v.error.empty()) errors.insert(errors.begin(), api_message(cat({fn, ": ", v.error})));
        return quiz_answer(&v, errors, imported.warnings);
      },
      quiz_fallback);
}

}  // namespace learnable
