// The registry of layer types, built once from the family files, and the ArgSpec builders.
#include "core/layer_type.h"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace learnable {

const ArgSpec* LayerType::find_arg(std::string_view arg_name) const {
  for (const ArgSpec& a : args)
    if (a.name == arg_name) return &a;
  return nullptr;
}

bool is_common_layer_arg(std::string_view arg_name) {
  static constexpr std::array<std::string_view, 12> common = {
      "name",      "trainable",           "dtype",      "input_shape",
      "input_dim", "batch_input_shape",   "batch_size", "weights",
      "autocast",  "activity_regularizer", "dynamic",   "input_length"};
  return std::find(common.begin(), common.end(), arg_name) != common.end();
}

static std::vector<LayerType> build_registry() {
  std::vector<LayerType> types;
  register_core_layers(types);
  register_convolution_layers(types);
  register_pooling_layers(types);
  register_normalization_layers(types);
  register_recurrent_layers(types);
  register_reshaping_layers(types);
  register_activation_layers(types);
  register_regularization_layers(types);
  return types;
}

const std::vector<LayerType>& layer_types() {
  static const std::vector<LayerType> types = build_registry();
  return types;
}

const LayerType* find_layer_type(std::string_view name) {
  static const std::unordered_map<std::string_view, const LayerType*> index = [] {
    std::unordered_map<std::string_view, const LayerType*> by_name;
    for (const LayerType& t : layer_types()) by_name.emplace(t.name, &t);
    return by_name;
  }();
  auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

void set_example(std::vector<LayerType>& types, std::string_view name, Shape input, std::string code) {
  for (LayerType& t : types)
    if (t.name == name) {
      t.example_input = std::move(input);
      t.example = std::move(code);
      return;
    }
}

std::string canonical_type_name(std::string_view name) {
  const LayerType* type = find_layer_type(name);
  if (type && !type->alias_of.empty()) return type->alias_of;
  return std::string(name);
}

ArgSpec arg_required_int(std::string name) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::Int;
  a.required = true;
  a.counted = true;
  return a;
}

ArgSpec arg_int(std::string name, int64_t default_value, bool counted) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::Int;
  a.default_value = Value::of_int(default_value);
  a.counted = counted;
  return a;
}

ArgSpec arg_ints(std::string name, int rank, Value default_value) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::Ints;
  a.rank = rank;
  a.default_value = std::move(default_value);
  a.counted = true;
  return a;
}

ArgSpec arg_required_ints(std::string name, int rank) {
  ArgSpec a = arg_ints(std::move(name), rank, Value::none());
  a.required = true;
  return a;
}

ArgSpec arg_choice(std::string name, std::vector<std::string> choices, std::string default_value,
                   bool counted) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::Choice;
  a.choices = std::move(choices);
  a.default_value = Value::of_string(std::move(default_value));
  a.counted = counted;
  return a;
}

ArgSpec arg_bool(std::string name, bool default_value, bool counted) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::Bool;
  a.default_value = Value::of_bool(default_value);
  a.counted = counted;
  return a;
}

ArgSpec arg_float(std::string name, Value default_value) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::Float;
  a.default_value = std::move(default_value);
  return a;
}

ArgSpec arg_activation(std::string name, Value default_value) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::Activation;
  a.default_value = std::move(default_value);
  return a;
}

ArgSpec arg_shape(std::string name, Value default_value, bool required) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::IntList;
  a.default_value = std::move(default_value);
  a.required = required;
  a.counted = true;
  return a;
}

ArgSpec arg_layer(std::string name, bool required) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::Wrapped;
  a.required = required;
  a.counted = true;
  return a;
}

ArgSpec arg_any(std::string name, Value default_value) {
  ArgSpec a;
  a.name = std::move(name);
  a.kind = ArgKind::Any;
  a.default_value = std::move(default_value);
  return a;
}

}  // namespace learnable
