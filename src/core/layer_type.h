// What Learnable knows about each layer type of each framework (Keras layers, PyTorch modules):
// its arguments in the framework's positional order with their defaults, and one compute
// function holding the shape rule, the parameter rule and the worked explanation. Each family of
// layers registers its types in src/core/layers/ (PyTorch's in the torch_*.cpp files).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace learnable {

class LayerContext;

enum class ArgKind : uint8_t {
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
  Framework framework = Framework::Keras;
  std::string name;     // class name: Keras' "Conv2D", PyTorch's "Conv2d"
  std::string group;    // menu group: "Core", "Convolution", ...
  std::string summary;  // one line for menus and docs
  std::vector<ArgSpec> args;  // Keras' positional order
  size_t positional = 0;      // how many of `args` may be given positionally
  void (*compute)(LayerContext&) = nullptr;
  std::string alias_of;  // Keras' other name for the same class (MaxPool2D -> MaxPooling2D)
  Shape example_input;   // a typical use, for the formula table in the README and the menus
  std::string example;   // code: "Conv2D(32, (3, 3), padding='same')", "nn.Conv2d(3, 32, 3)"

  const ArgSpec* find_arg(std::string_view arg_name) const;
};

// Arguments every layer of the framework accepts (Keras: name, trainable, dtype, input_shape,
// ...; PyTorch: device, dtype, and Learnable's own `trainable` for a frozen module).
bool is_common_layer_arg(std::string_view arg_name, Framework framework = Framework::Keras);

const LayerType* find_layer_type(std::string_view name, Framework framework = Framework::Keras);
// The class name the framework reports for a type name: aliases resolve to their class.
std::string canonical_type_name(std::string_view name, Framework framework = Framework::Keras);
const std::vector<LayerType>& layer_types(Framework framework = Framework::Keras);

// Registration is data: each family file in src/core/layers/ holds constant tables of ArgRow and
// TypeRow (no code runs per argument), and the registry builds the LayerTypes from them once.
// Defaults are written as Python literals, as in Keras' signature: "(1, 1)", "'valid'", "0.99".
enum ArgFlag : uint8_t { kRequired = 1, kCounted = 2, kNotCounted = 4 };

struct ArgRow {
  const char* name;
  const char* default_value;  // Python literal; nullptr is None
  const char* choices;        // for Choice: "valid|same"
  ArgKind kind;
  int8_t rank;                // for Ints
  uint8_t flags;              // ArgFlag; `counted` defaults by kind (see ArgSpec)
};

constexpr uint8_t counted_flag(bool counted) { return counted ? 0 : kNotCounted; }
constexpr uint8_t required_flag(bool required) { return required ? kRequired : 0; }

constexpr ArgRow arg_required_int(const char* name) { return {name, nullptr, nullptr, ArgKind::Int, 0, kRequired}; }
constexpr ArgRow arg_int(const char* name, const char* value, bool counted = true) {
  return {name, value, nullptr, ArgKind::Int, 0, counted_flag(counted)};
}
constexpr ArgRow arg_ints(const char* name, int rank, const char* value) {
  return {name, value, nullptr, ArgKind::Ints, static_cast<int8_t>(rank), 0};
}
constexpr ArgRow arg_required_ints(const char* name, int rank) {
  return {name, nullptr, nullptr, ArgKind::Ints, static_cast<int8_t>(rank), kRequired};
}
constexpr ArgRow arg_choice(const char* name, const char* choices, const char* value, bool counted = true) {
  return {name, value, choices, ArgKind::Choice, 0, counted_flag(counted)};
}
constexpr ArgRow arg_bool(const char* name, bool value, bool counted = true) {
  return {name, value ? "True" : "False", nullptr, ArgKind::Bool, 0, counted_flag(counted)};
}
constexpr ArgRow arg_float(const char* name, const char* value) { return {name, value, nullptr, ArgKind::Float, 0, 0}; }
constexpr ArgRow arg_activation(const char* name = "activation", const char* value = nullptr) {
  return {name, value, nullptr, ArgKind::Activation, 0, 0};
}
constexpr ArgRow arg_shape(const char* name, const char* value = nullptr, bool required = false) {
  return {name, value, nullptr, ArgKind::IntList, 0, required_flag(required)};
}
constexpr ArgRow arg_layer(const char* name, bool required = true) {
  return {name, nullptr, nullptr, ArgKind::Wrapped, 0, required_flag(required)};
}
constexpr ArgRow arg_any(const char* name, const char* value = nullptr) { return {name, value, nullptr, ArgKind::Any, 0, 0}; }
// Modifiers: required(arg_float("rate", nullptr)), counted(arg_any("padding", "1"), true).
constexpr ArgRow required(ArgRow row) {
  row.flags = static_cast<uint8_t>(row.flags | kRequired);
  return row;
}
constexpr ArgRow counted(ArgRow row, bool yes) {
  row.flags = static_cast<uint8_t>((row.flags & kRequired) | (yes ? kCounted : kNotCounted));
  return row;
}

// A type's arguments: up to three tables read one after another (a head and shared tails).
struct ArgRows {
  const ArgRow* rows[3] = {};
  uint8_t counts[3] = {};
};
template <size_t A>
constexpr ArgRows args(const ArgRow (&a)[A]) {
  return {{a, nullptr, nullptr}, {A, 0, 0}};
}
template <size_t A, size_t B>
constexpr ArgRows args(const ArgRow (&a)[A], const ArgRow (&b)[B]) {
  return {{a, b, nullptr}, {A, B, 0}};
}
template <size_t A, size_t B, size_t C>
constexpr ArgRows args(const ArgRow (&a)[A], const ArgRow (&b)[B], const ArgRow (&c)[C]) {
  return {{a, b, c}, {A, B, C}};
}

using LayerRule = void (*)(LayerContext&);

// A rule the page's app loads on first use: lazy_rule(compute_lstm). The app is built with
// LEARNABLE_LAZY_RULES: its tables keep every type's name, arguments and example, but such a rule
// becomes compute_elsewhere (rules_elsewhere.h), which asks the JS API's module, fetched when a
// model first uses one; the rules' code is not linked. Lazy: every PyTorch module, and the Keras
// layers a first course seldom meets (recurrent, attention, preprocessing, 3D and transposed
// convolutions, padding, cropping, upsampling, Permute, RepeatVector, the parametric activations,
// normalizations but BatchNormalization, noise and the other dropouts). Dense, Embedding, the
// convolutions and poolings of images, Flatten, Reshape, Dropout, BatchNormalization and the
// plain activations stay in app.wasm: the presets' CNNs open without it.
void compute_elsewhere(LayerContext& ctx);
constexpr LayerRule lazy_rule(LayerRule rule) {
#ifdef LEARNABLE_LAZY_RULES
  return (void)rule, compute_elsewhere;
#else
  return rule;
#endif
}

struct TypeRow {
  const char* name;
  const char* summary;
  LayerRule compute;
  ArgRows arg_rows;
  const char* example;        // Keras code for the typical use
  const char* example_input;  // its input as a Python tuple: "(32, 32, 3)", "(None,)"
  size_t positional;          // kAllPositional, or how many arguments may be positional
};

// Appends the types of `rows` (one family, one menu group) to the registry being built.
void add_layer_types(std::vector<LayerType>& out, const char* group, const TypeRow* rows, size_t count,
                     Framework framework = Framework::Keras);
template <size_t N>
void add_layer_types(std::vector<LayerType>& out, const char* group, const TypeRow (&rows)[N],
                     Framework framework = Framework::Keras) {
  add_layer_types(out, group, rows, N, framework);
}

// Used by the registry: each family file defines one of these.
void register_core_layers(std::vector<LayerType>& out);
void register_convolution_layers(std::vector<LayerType>& out);
void register_pooling_layers(std::vector<LayerType>& out);
void register_normalization_layers(std::vector<LayerType>& out);
void register_recurrent_layers(std::vector<LayerType>& out);
void register_reshaping_layers(std::vector<LayerType>& out);
void register_activation_layers(std::vector<LayerType>& out);
void register_regularization_layers(std::vector<LayerType>& out);
void register_preprocessing_layers(std::vector<LayerType>& out);
void register_attention_layers(std::vector<LayerType>& out);

// PyTorch's modules (Framework::PyTorch), one function per family file.
void register_torch_core_modules(std::vector<LayerType>& out);
void register_torch_normalization_modules(std::vector<LayerType>& out);
void register_torch_recurrent_modules(std::vector<LayerType>& out);
void register_torch_attention_modules(std::vector<LayerType>& out);
void register_torch_activation_modules(std::vector<LayerType>& out);
void register_torch_convolution_modules(std::vector<LayerType>& out);
void register_torch_pooling_modules(std::vector<LayerType>& out);
void register_torch_resampling_modules(std::vector<LayerType>& out);

}  // namespace learnable
