// Keras' own JSON for a model, both ways: reads what model.to_json() writes (tf.keras 2, Keras 3
// and TensorFlow.js' model.toJSON(), also inside a model.json's "modelTopology"), and writes
// Keras 3's to_json() for a Sequential model so Keras can load what Learnable built.
// Problems are reported at their JSON path (layers[3].config.kernel_size) and their line and
// column in the text. Never throws.
#pragma once

#include <string>
#include <string_view>

#include "core/import_report.h"
#include "core/model.h"

namespace learnable {

// Sequential models, and Functional models whose layers form one chain (read as Sequential).
ImportResult import_keras_json(std::string_view text);

// Keras 3's model.to_json() for a Keras model as a Sequential: an InputLayer with batch_shape when
// the model has an input shape, then each layer with its arguments, name, trainable flag and
// the layer type's defaults for the arguments that change the count. One line, as Keras writes it.
std::string keras_json(const Model& model);

}  // namespace learnable
