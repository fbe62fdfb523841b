// Builds the formula table by running each layer type's example through the importer and the
// calculator, exactly as a user's paste would go.
#include "core/layer_docs.h"

#include "core/calculator.h"
#include "core/keras_code.h"
#include "core/text.h"

namespace learnable {

std::vector<LayerExample> layer_examples() {
  std::vector<LayerExample> out;
  for (const LayerType& type : layer_types()) {
    if (!type.alias_of.empty() || type.example.empty() || type.name == "InputLayer") continue;
    LayerExample e;
    e.type = &type;
    ImportResult imported = import_keras_code(cat({"model = Sequential([", type.example, "])"}));
    imported.model.input_shape = type.example_input;
    Calculator calc(imported.model);
    if (!imported.errors.empty()) e.problem = imported.errors[0].message;
    else if (calc.results().size() != 1) e.problem = "the example is not one layer";
    else if (!calc.results()[0].ok()) e.problem = calc.results()[0].error;
    if (calc.results().size() == 1) {
      e.result = calc.results()[0];
      e.result.explanation = calc.explanation(0);
    }
    out.push_back(std::move(e));
  }
  return out;
}

static std::string escape_pipes(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string formula_table_markdown() {
  std::string out =
      "| Layer | Example | Input → output | Params | Formula |\n"
      "|---|---|---|---:|---|\n";
  for (const LayerExample& e : layer_examples()) {
    const LayerResult& r = e.result;
    std::string shapes = cat({shape_words(r.input_shape), " → ", (r.ok() ? shape_words(r.output_shape) : "error")});
    out += cat({"| ", e.type->name, " | `", e.type->example, "` | ", shapes, " | ", with_commas(r.params),
                " | ", escape_pipes(e.problem.empty() ? r.formula : "error: " + e.problem), " |\n"});
  }
  return out;
}

}  // namespace learnable
