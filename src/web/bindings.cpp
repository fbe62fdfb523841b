// The one file of embind bindings: everything JavaScript can call, with no logic of its own.
// Every function returns the core's JSON (the schema of `learnable summary --format json`),
// parsed into a JS object, so callers never see C++ exceptions or pointers.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "core/calculator.h"
#include "core/keras_code.h"
#include "core/model_json.h"
#include "core/summary.h"

namespace {

using emscripten::val;
using namespace learnable;

val parse_json(const std::string& json) { return val::global("JSON").call<val>("parse", json); }

std::vector<Define> defines_from(const val& options) {
  std::vector<Define> defines;
  if (options.isUndefined() || options.isNull()) return defines;
  val given = options["defines"];
  if (given.isUndefined() || given.isNull()) return defines;
  val keys = val::global("Object").call<val>("keys", given);
  unsigned n = keys["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    std::string name = keys[i].as<std::string>();
    val v = given[name];
    Define d;
    std::string message;
    std::string text = name + "=" + (v.isString() ? v.as<std::string>() : val::global("JSON").call<std::string>("stringify", v));
    if (parse_define(text, d, message)) defines.push_back(d);
  }
  return defines;
}

// summarize(text, {defines: {IMG_SIZE: 32}}) -> the summary schema.
val summarize(const std::string& text, const val& options) {
  ImportResult imported = import_keras_code(text, defines_from(options));
  Calculator calc(imported.model);
  return parse_json(summary_json(calc, imported));
}

// summarizeModel(modelJson) -> the summary schema; modelJson is the model document
// (a string, or an object that is stringified first).
val summarize_model(const val& document) {
  std::string text = document.isString() ? document.as<std::string>()
                                         : val::global("JSON").call<std::string>("stringify", document);
  ImportResult imported = model_from_json(text);
  Calculator calc(imported.model);
  return parse_json(summary_json(calc, imported));
}

}  // namespace

EMSCRIPTEN_BINDINGS(learnable) {
  emscripten::function("summarize", &summarize);
  emscripten::function("summarizeModel", &summarize_model);
}
