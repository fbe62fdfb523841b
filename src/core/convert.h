// Converting a model between Keras and PyTorch, keeping its meaning: the same network written
// with the other framework's layers, arguments, shape layout (Keras' channels-last, PyTorch's
// channels-first) and names, so one network can be counted both ways. Wherever the two count or
// compute differently, or one has no counterpart, a note on that layer says so.
#pragma once

#include <cstddef>
#include <vector>

#include "core/framework.h"
#include "core/import_report.h"
#include "core/model.h"

namespace learnable {

struct Conversion {
  Model model;  // in the target framework's conventions
  // What changed or has no exact equivalent, one message per point; `layer` names the converted
  // layer (or, for one left out, the source layer) and `where` is the source layer's place in
  // the text it was read from.
  std::vector<ImportMessage> notes;
  std::vector<size_t> origin;    // for each layer of `model`, the index of the source layer it came from
  std::vector<size_t> left_out;  // source layers with no counterpart in the target (each has a note)
};

// Converts `from` to the conventions of `to` (a copy without notes when it already follows them).
// The source is computed first, so each layer's input shape is known; a layer in error, and those
// after it, are left out with a note.
Conversion convert_model(const Model& from, Framework to);

}  // namespace learnable
