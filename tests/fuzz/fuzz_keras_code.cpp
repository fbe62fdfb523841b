// libFuzzer target for everything that parses pasted Keras code: the lexer, the parser, the
// importer, then the calculator and every summary format on what was imported; and the value
// reader the app's fields use (python_value.h) on the same text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/calculator.h"
#include "core/keras_code.h"
#include "core/python_value.h"
#include "core/summary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  learnable::ImportResult imported = learnable::import_keras_code(text, {{"IMG_SIZE", learnable::Value::of_int(32)}});
  learnable::Calculator calc(imported.model);
  (void)learnable::summary_json(calc, imported);
  (void)learnable::summary_table(calc, imported);
  (void)learnable::summary_csv(calc, imported);
  learnable::Define define;
  std::string message;
  (void)learnable::parse_define(text.substr(0, 64), define, message);
  learnable::Value value;
  (void)learnable::read_python_value(text.substr(0, 4096), value, message);
  learnable::PythonCall call;
  (void)learnable::read_python_call(text.substr(0, 4096), call, message);
  return 0;
}
