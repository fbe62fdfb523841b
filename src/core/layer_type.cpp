// The registry of layer types, built once from the family files' tables (ArgRow, TypeRow).
#include "core/layer_type.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>

#include "core/python_value.h"

namespace learnable {

const ArgSpec* LayerType::find_arg(std::string_view arg_name) const {
  for (const ArgSpec& a : args)
    if (a.name == arg_name) return &a;
  return nullptr;
}

bool is_common_layer_arg(std::string_view arg_name, Framework framework) {
  static constexpr std::array<std::string_view, 12> keras = {
      "name",      "trainable",           "dtype",      "input_shape",
      "input_dim", "batch_input_shape",   "batch_size", "weights",
      "autocast",  "activity_regularizer", "dynamic",   "input_length"};
  static constexpr std::array<std::string_view, 3> pytorch = {"device", "dtype", "trainable"};
  if (framework == Framework::PyTorch) return std::find(pytorch.begin(), pytorch.end(), arg_name) != pytorch.end();
  return std::find(keras.begin(), keras.end(), arg_name) != keras.end();
}

static std::vector<LayerType> build_torch_registry() {
  std::vector<LayerType> types;
  register_torch_core_modules(types);
  register_torch_normalization_modules(types);
  register_torch_recurrent_modules(types);
  register_torch_attention_modules(types);
  register_torch_activation_modules(types);
  register_torch_convolution_modules(types);
  register_torch_pooling_modules(types);
  register_torch_resampling_modules(types);
  return types;
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
  register_preprocessing_layers(types);
  register_attention_layers(types);
  return types;
}

const std::vector<LayerType>& layer_types(Framework framework) {
  static const std::vector<LayerType> keras = build_registry();
  static const std::vector<LayerType> pytorch = build_torch_registry();
  return framework == Framework::PyTorch ? pytorch : keras;
}

using TypeIndex = std::map<std::string_view, const LayerType*>;

static TypeIndex index_types(Framework framework) {
  TypeIndex by_name;
  for (const LayerType& t : layer_types(framework)) by_name.emplace(t.name, &t);
  return by_name;
}

const LayerType* find_layer_type(std::string_view name, Framework framework) {
  static const TypeIndex keras = index_types(Framework::Keras);
  static const TypeIndex pytorch = index_types(Framework::PyTorch);
  const TypeIndex& index = framework == Framework::PyTorch ? pytorch : keras;
  auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

std::string canonical_type_name(std::string_view name, Framework framework) {
  const LayerType* type = find_layer_type(name, framework);
  if (type && !type->alias_of.empty()) return type->alias_of;
  return std::string(name);
}

namespace {

// A default or example input of the tables, a Python literal: None, True, 32, 0.5, 'same', (1, 1).
// The tables are checked by the tests (tests/core/python_value_test.cpp), so one that does not
// read stays visible as its text.
Value literal(const char* text) {
  Value v;
  std::string message;
  return read_python_value(text, v, message) ? v : Value::expr(text);
}

bool counted_by_default(ArgKind kind) {
  return kind != ArgKind::Float && kind != ArgKind::Activation && kind != ArgKind::Any;
}

ArgSpec arg_spec(const ArgRow& row) {
  ArgSpec a;
  a.name = row.name;
  a.kind = row.kind;
  if (row.default_value) a.default_value = literal(row.default_value);
  a.required = (row.flags & kRequired) != 0;
  a.rank = row.rank;
  for (const char* c = row.choices; c && *c;) {
    const char* bar = std::strchr(c, '|');
    size_t n = bar ? static_cast<size_t>(bar - c) : std::strlen(c);
    a.choices.emplace_back(c, n);
    c += n + (bar ? 1 : 0);
  }
  a.counted = (row.flags & kCounted) || (!(row.flags & kNotCounted) && counted_by_default(row.kind));
  return a;
}

}  // namespace

void add_layer_types(std::vector<LayerType>& out, const char* group, const TypeRow* rows, size_t count,
                     Framework framework) {
  for (const TypeRow* row = rows; row != rows + count; ++row) {
    LayerType t;
    t.framework = framework;
    t.name = row->name;
    t.group = group;
    t.summary = row->summary;
    for (int part = 0; part < 3; ++part)
      for (size_t k = 0; k < row->arg_rows.counts[part]; ++k) t.args.push_back(arg_spec(row->arg_rows.rows[part][k]));
    t.positional = row->positional;
    t.compute = row->compute;
    if (row->example_input)
      for (const Value& d : literal(row->example_input).items) t.example_input.push_back(d.is_none() ? kUnknown : d.integer);
    if (row->example) t.example = row->example;
    out.push_back(std::move(t));
  }
}

}  // namespace learnable
