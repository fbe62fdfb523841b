// Exports of a computed model in other tools' words: Keras 3's model.summary() and torchinfo's
// summary() printouts, a LaTeX (booktabs) table, and the model as Keras or PyTorch Python code
// that re-imports to the same counts. Pure functions on the core's model and results; no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/calculator.h"
#include "core/import_report.h"

namespace learnable {

// An export: its text, or why the format does not apply to this model (PyTorch code of a Keras
// model: converting between frameworks is a step of its own, done before exporting).
struct ExportResult {
  std::string text;
  std::string error;

  bool ok() const { return error.empty(); }
};

enum class ExportFormat : uint8_t {
  Table,         // Learnable's table: Keras' summary with a Formula column (summary_table)
  Json,          // the summary schema (summary_json)
  Markdown,
  Csv,
  KerasSummary,  // Keras 3's model.summary() (Keras models)
  Torchinfo,     // torchinfo's summary() (PyTorch models)
  Latex,
  KerasCode,
  KerasJson,     // Keras 3's model.to_json() (Keras models; keras_json.h)
  PytorchCode,
};

// Every format, in the order menus and usage texts list them.
const std::vector<ExportFormat>& export_formats();
// "table", "json", "markdown", "csv", "keras-summary", "torchinfo", "latex", "keras-code",
// "keras-json", "pytorch-code".
const char* export_format_name(ExportFormat format);
bool parse_export_format(std::string_view name, ExportFormat& out);
// Whether the format can be written for a model of this framework.
bool export_applies(ExportFormat format, Framework framework);

ExportResult export_model(const Calculator& calc, const ImportResult& imported, ExportFormat format);

// Keras 3's model.summary() of a Sequential model as it prints in a notebook or an 80-column
// terminal (line_length 76; a terminal of 92 columns or more gets 88): the rich box table, then
// Total / Trainable / Non-trainable params with their size at float32.
std::string summary_keras_text(const Calculator& calc, int line_length = 76);
// torchinfo's summary(model, input_size=(1, ...)): Layer (type:depth-idx), Output Shape with a
// batch of 1, Param #, the totals, and Learnable's line for the buffers (not parameters).
std::string summary_torchinfo_text(const Calculator& calc);
// A booktabs tabular (\toprule, \midrule, \bottomrule): layer (type), output shape, parameters and
// the formula, then the totals.
std::string summary_latex(const Calculator& calc);

// The model as Keras 3 code: the imports, keras.Sequential([keras.Input(shape=...), layers.X(...),
// ...]) and model.summary(). Only arguments that differ from the layer type's defaults are
// written, the leading ones positionally as the type's example does, and names only where Keras
// would not give the same name itself. Refuses a PyTorch model.
ExportResult keras_code(const Model& model);
// The model as PyTorch code: import torch.nn as nn, nn.Sequential(...) (with an OrderedDict when
// the modules are named other than "0", "1", ...), the input shape in a comment, a run on a batch
// of two that prints the output shape (and states the input to the PyTorch importer), and the
// torchinfo call that prints its summary. Refuses a Keras model.
ExportResult pytorch_code(const Model& model);

}  // namespace learnable
