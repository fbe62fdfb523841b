// What the editor needs between a text field and the model: reading a shape or an argument
// value from what the user typed, a sensible new layer of each type, and the preset models.
// Plain C++ on the core (tested natively with the document).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/layer_type.h"
#include "core/model.h"

namespace learnable::app {

// A preset read through the core's importer (an empty model for an unknown id).
Model preset_model(std::string_view id);

// A layer of `type` with the arguments of its typical use (Conv2D(32, (3, 3), ...), or
// nn.Conv2d(3, 32, 3) among PyTorch's modules), so a new layer computes at once; an unknown type
// gives a bare layer the core reports on.
Layer new_layer(std::string_view type, Framework framework = Framework::Keras);
// A layer of `type` as its `example` reads, by the rules the framework's code importer applies to
// a layer call (Keras: positional arguments up to the type's limit, a wrapped layer as `inner`).
Layer example_layer(const LayerType& type, Framework framework = Framework::Keras);

// The same layer as another type, for the editor's type menu. Every argument the new type also
// takes keeps its value (filters, kernel_size, padding and activation survive Conv2D ->
// SeparableConv2D; a tuple of equal sizes becomes one number when the rank changes), the others
// go, and a required argument it lacks comes from the new type's example, as new_layer gives it.
// A wrapped layer stays only when the new type is a wrapper too; a layer that fits inside the new
// wrapper becomes the wrapped layer (LSTM -> Bidirectional(LSTM)), and a wrapper changed to the
// type it wraps gives that layer back. The name and id are kept (see is_automatic_name).
Layer with_type(const Layer& layer, std::string_view type, Framework framework = Framework::Keras);

// Whether `name` is one Keras gives a layer of `type` by itself: conv2d, conv2d_3 (or one the app
// gave a PyTorch module the same way).
bool is_automatic_name(std::string_view name, std::string_view type, Framework framework = Framework::Keras);

// "32, 32, 3", "(32, 32, 3)", "32×32×3", "32x32x3", "None, 64"; empty text means no input shape.
bool parse_shape(std::string_view text, std::optional<Shape>& out, std::string& error);
std::string shape_text(const std::optional<Shape>& shape);  // "32, 32, 3"

// A value as Python writes it (32, 0.5, 'same', (3, 3), None, True). With `keep_expressions`,
// text that is not a plain value is kept verbatim as an expression (initializers, tf.nn.relu).
bool parse_value(std::string_view text, Value& out, std::string& error, bool keep_expressions = false);
// An integer, possibly written as arithmetic (2**40, 32*2); false with a message otherwise.
bool parse_integer(std::string_view text, int64_t& out, std::string& error);
std::string value_text(const Value& value);  // Python source; empty for None

// The argument's value with the layer type's default when it was not given.
const Value& arg_or_default(const Layer& layer, const ArgSpec& spec);

}  // namespace learnable::app
