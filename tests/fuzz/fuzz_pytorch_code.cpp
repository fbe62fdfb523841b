// libFuzzer target for pasted PyTorch code: the lexer, the shared Python reader, the PyTorch
// importer (with and without a given input shape), then the calculator and the summary formats on
// what was imported.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/calculator.h"
#include "core/pytorch_code.h"
#include "core/summary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  learnable::PytorchOptions options;
  options.defines = {{"IMG_SIZE", learnable::Value::of_int(32)}};
  if (size % 2) options.input_shape = learnable::Shape{3, 32, 32};
  learnable::ImportResult imported = learnable::import_pytorch_code(text, options);
  if (imported.model.framework != learnable::Framework::PyTorch) __builtin_trap();
  if (options.input_shape && imported.model.input_shape != options.input_shape && !imported.model.layers.empty())
    __builtin_trap();
  learnable::Calculator calc(imported.model);
  (void)learnable::summary_json(calc, imported);
  (void)learnable::summary_table(calc, imported);
  (void)learnable::summary_csv(calc, imported);
  for (size_t i = 0; i < calc.model().layers.size(); ++i) (void)calc.explanation(i);
  return 0;
}
