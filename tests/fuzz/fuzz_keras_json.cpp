// libFuzzer target for Keras JSON: format detection and import_model, the Keras JSON reader,
// the calculator and summary on what it read, and keras_json() on it and on what the Keras-code
// importer reads from the same bytes (its expressions go through the export's translation).
// What is written must read back and write again to the same text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/calculator.h"
#include "core/keras_code.h"
#include "core/keras_json.h"
#include "core/model_import.h"
#include "core/summary.h"

namespace {

// export -> import -> export settles after one round (a NaN or a name Keras would choose is
// fixed by the first), and never changes after that; no layer is lost on the way.
void check_export(const learnable::Model& model) {
  learnable::ImportResult first = learnable::import_keras_json(learnable::keras_json(model));
  if (first.model.layers.size() != model.layers.size()) __builtin_trap();
  std::string once = learnable::keras_json(first.model);
  if (learnable::keras_json(learnable::import_keras_json(once).model) != once) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  learnable::SourceFormat format = learnable::detect_format(text);
  learnable::ImportResult imported = learnable::import_model(text, format, {{"N", learnable::Value::of_int(4)}});
  if (format == learnable::SourceFormat::KerasCode) imported = learnable::import_keras_json(text);
  learnable::Calculator calc(imported.model);
  (void)learnable::summary_json(calc, imported);
  check_export(calc.model());
  if (format == learnable::SourceFormat::KerasCode)
    check_export(learnable::Calculator(learnable::import_keras_code(text).model).model());
  return 0;
}
