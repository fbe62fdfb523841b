// What Learnable knows about each Keras layer type: its arguments in Keras' positional order
// with their defaults, and one compute function holding the shape rule, the parameter rule and
// the worked explanation. Each family of layers registers its types in src/core/layers/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace learnable {

class LayerContext;

enum class ArgKind {
  Int,         // an integer
  Ints,        // an integer or a tuple of `rank` integers (kernel_size, strides, ...)
  Choice,      // one of `choices` ('valid' / 'same')
  Bool,
  Float,
  Activation,  // an activation name or expression; never changes the count
  IntList,     // a tuple of integers (target_shape, dims, shared_axes)
  Wrapped,     // a wrapped layer (TimeDistributed, Bidirectional)
  Any,         // kept verbatim: initializers, regularizers, constraints, dtypes
};

struct ArgSpec {
  std::string name;
  ArgKind kind = ArgKind::Any;
  Value default_value;       // None when `required`
  bool required = false;
  int rank = 0;              // for Ints: the tuple length
  std::vector<std::string> choices;
  bool counted = false;      // changes the output shape or the count (editors show these first)
};

// Python lets every argument of a Keras layer be given positionally.
constexpr size_t kAllPositional = 99;

struct LayerType {
  std::string name;     // Keras class name
  std::string group;    // menu group: "Core", "Convolution", ...
  std::string summary;  // one line for menus and docs
  std::vector<ArgSpec> args;  // Keras' positional order
  size_t positional = 0;      // how many of `args` may be given positionally
  void (*compute)(LayerContext&) = nullptr;
  std::string alias_of;  // Keras' other name for the same class (MaxPool2D -> MaxPooling2D)
  Shape example_input;   // a typical use, for the formula table in the README and the menus
  std::string example;   // Keras code: "Conv2D(32, (3, 3), padding='same')"

  const ArgSpec* find_arg(std::string_view arg_name) const;
};

// Arguments every Keras layer accepts (name, trainable, dtype, input_shape, ...).
bool is_common_layer_arg(std::string_view arg_name);

const LayerType* find_layer_type(std::string_view name);
// The class name Keras reports for a type name: aliases resolve to their class.
std::string canonical_type_name(std::string_view name);
const std::vector<LayerType>& layer_types();

// Spec builders, so each family file reads like Keras' signature.
ArgSpec arg_required_int(std::string name);
ArgSpec arg_int(std::string name, int64_t default_value, bool counted = true);
ArgSpec arg_ints(std::string name, int rank, Value default_value);
ArgSpec arg_required_ints(std::string name, int rank);
ArgSpec arg_choice(std::string name, std::vector<std::string> choices, std::string default_value,
                   bool counted = true);
ArgSpec arg_bool(std::string name, bool default_value, bool counted = true);
ArgSpec arg_float(std::string name, Value default_value);
ArgSpec arg_activation(std::string name = "activation", Value default_value = Value::none());
ArgSpec arg_shape(std::string name, Value default_value, bool required = false);
ArgSpec arg_layer(std::string name, bool required = true);
ArgSpec arg_any(std::string name, Value default_value = Value::none());

// Sets the typical use of an already registered type (each family file calls it for its own).
void set_example(std::vector<LayerType>& types, std::string_view name, Shape input, std::string code);

// Used by the registry: each family file defines one of these.
void register_core_layers(std::vector<LayerType>& out);
void register_convolution_layers(std::vector<LayerType>& out);
void register_pooling_layers(std::vector<LayerType>& out);
void register_normalization_layers(std::vector<LayerType>& out);
void register_recurrent_layers(std::vector<LayerType>& out);
void register_reshaping_layers(std::vector<LayerType>& out);
void register_activation_layers(std::vector<LayerType>& out);
void register_regularization_layers(std::vector<LayerType>& out);

}  // namespace learnable
