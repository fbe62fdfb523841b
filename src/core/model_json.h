// The model itself as JSON — what the app autosaves, what share links carry and what
// summarizeModel() takes. Versioned: {"learnable": 1, "framework": "keras", "input_shape": [...],
// "layers": [{"type": "Conv2D", "name": "Conv1", "args": {"filters": 32, ...}}, ...]}; a PyTorch
// layer may add "frozen": ["bias"], the parameters requires_grad_(False) freezes one by one, and
// "shares": "0", the earlier layer that is the same module called again.
// Argument values: null, true/false, integers, floats (written with a '.'), strings, arrays for
// tuples, {"list": [...]} for lists and {"expr": "tf.nn.relu"} for kept expressions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/import_report.h"
#include "core/model.h"

namespace learnable {

// The newest version this reader knows. Version 2 adds "frozen": ["bias"] and "shares": "0" on a
// layer (PyTorch's parameters frozen one by one, a module used twice); a model without either is
// still written as version 1.
constexpr int kModelJsonVersion = 2;

std::string model_to_json(const Model& model);
// One argument value as the document writes it (see above).
std::string value_to_json(const Value& value);

// Reads a model document; faults are reported with their JSON path ("layers[2].args.filters")
// and what can be read is kept.
ImportResult model_from_json(std::string_view text);

}  // namespace learnable
