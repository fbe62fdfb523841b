// Text <-> model helpers for the editor. Values and layer examples go through the core's value
// reader (python_value.h), so a field accepts what a Keras snippet would: 2**40, (3, 3), 'same',
// None; presets open from their model documents. The app links neither code importer.
#include "app/editing.h"

#include <algorithm>

#include "core/model_json.h"
#include "core/presets.h"
#include "core/python_value.h"

namespace learnable::app {

Model preset_model(std::string_view id) {
  const Preset* preset = find_preset(id);
  if (!preset) return {};
  return model_from_json(preset->model).model;
}

namespace {

constexpr int kMaxWrapDepth = 16;  // as the Keras importer: TimeDistributed(Bidirectional(LSTM(...))) is 3

// The class a call names: "layers.Conv2D" -> "Conv2D".
std::string_view class_name(const PythonCall& call) {
  size_t dot = call.name.rfind('.');
  return std::string_view(call.name).substr(dot == std::string::npos ? 0 : dot + 1);
}

// The argument a call's value fills, as both code importers name it: its keyword, or the type's
// next positional argument; "" past the type's positional limit (the value is not kept).
std::string argument_name(const PythonArg& arg, const LayerType* type, size_t& positional) {
  if (!arg.keyword.empty()) return arg.keyword;
  const size_t limit = type ? std::min(type->positional, type->args.size()) : 0;
  return positional < limit ? type->args[positional++].name : std::string();
}

// A Keras layer call read as the Keras code importer reads one (Importer::build_layer in
// keras_code.cpp): positional arguments in the type's order up to its limit, the rest by keyword,
// a second value for one argument dropped, a wrapped layer (Bidirectional(LSTM(32)), also
// backward_layer=) as an inner layer, name= as the layer's name, and the input shape arguments
// of the first layer not kept as arguments.
void keras_layer(const PythonCall& call, Layer& layer, int depth) {
  layer.type = canonical_type_name(class_name(call));
  const LayerType* type = find_layer_type(layer.type);
  size_t positional = 0;
  for (const PythonArg& arg : call.args) {
    const std::string name = argument_name(arg, type, positional);
    if (name.empty()) continue;
    if (layer.find_arg(name) || (name == "name" && !layer.name.empty())) continue;
    const ArgSpec* spec = type ? type->find_arg(name) : nullptr;
    bool backward = name == "backward_layer" && !arg.call.empty();
    if ((spec && spec->kind == ArgKind::Wrapped) || backward) {
      if (arg.call.empty() || depth >= kMaxWrapDepth) continue;
      Layer inner;
      keras_layer(arg.call[0], inner, depth + 1);
      if (backward) {
        if (layer.inner.empty()) layer.inner.emplace_back();
        layer.inner.push_back(std::move(inner));
      } else if (layer.inner.empty()) {
        layer.inner.push_back(std::move(inner));
      } else {
        layer.inner[0] = std::move(inner);
      }
      continue;
    }
    if (name == "name") {
      if (arg.value.kind == Value::Kind::String) layer.name = arg.value.text;
      else if (!arg.name.empty() && arg.name.find('.') == std::string::npos) layer.name = arg.name;
      continue;
    }
    if (!spec && (name == "input_shape" || name == "batch_input_shape" || name == "input_dim" || name == "batch_shape"))
      continue;
    layer.args.push_back({name, arg.value, {}});
  }
}

// Input and InputLayer give the model its input shape, not a layer, as in the importer.
bool is_input_call(const PythonCall& call) { return class_name(call) == "Input" || class_name(call) == "InputLayer"; }

}  // namespace

Layer example_layer(const LayerType& type, Framework framework) {
  Layer layer;
  layer.type = type.name;
  PythonCall call;
  std::string message;
  if (type.example.empty() || !read_python_call(type.example, call, message)) return layer;
  if (framework == Framework::PyTorch) {
    // As the PyTorch code importer reads a module's call: the arguments by the module's own
    // order; a value that cannot be evaluated is left out.
    size_t positional = 0;
    for (const PythonArg& arg : call.args) {
      const std::string name = argument_name(arg, &type, positional);
      if (!name.empty() && arg.problem.empty()) layer.args.push_back({name, arg.value, {}});
    }
    return layer;
  }
  if (is_input_call(call)) return layer;
  Layer read;
  keras_layer(call, read, 0);
  if (canonical_type_name(read.type) == layer.type) {
    layer.args = std::move(read.args);
    layer.inner = std::move(read.inner);
  }
  return layer;
}

Layer new_layer(std::string_view type, Framework framework) {
  const LayerType* spec = find_layer_type(type, framework);
  if (spec && !spec->alias_of.empty()) spec = find_layer_type(spec->alias_of, framework);
  if (spec) return example_layer(*spec, framework);
  Layer layer;
  layer.type = canonical_type_name(type, framework);
  return layer;
}

static bool is_wrapper(const LayerType& type) {
  for (const ArgSpec& a : type.args)
    if (a.kind == ArgKind::Wrapped) return true;
  return false;
}

// What the app offers inside a wrapper (the wrapped-layer menu shows the same choices).
static bool fits_inside(const LayerType& wrapper, const LayerType& inner) {
  if (is_wrapper(inner) || inner.name == "InputLayer") return false;
  return wrapper.name != "Bidirectional" || inner.group == "Recurrent";
}

// (3, 3) -> 3 when the new type's tuples have another length: Keras reads one number as the
// same size on every axis, so MaxPooling2D((2, 2)) -> MaxPooling1D keeps a window of 2.
static Value fit_rank(const ArgSpec& spec, Value value) {
  if (spec.kind != ArgKind::Ints || spec.rank <= 0 || !value.is_sequence() || value.items.empty() ||
      value.items.size() == static_cast<size_t>(spec.rank))
    return value;
  for (const Value& item : value.items)
    if (!item.is_int() || item != value.items[0]) return value;
  return value.items[0];
}

Layer with_type(const Layer& layer, std::string_view type, Framework framework) {
  const LayerType* spec = find_layer_type(type, framework);
  Layer out;
  out.id = layer.id;
  out.name = layer.name;
  out.type = spec ? canonical_type_name(type, framework) : std::string(type);
  if (spec && !spec->alias_of.empty()) spec = find_layer_type(out.type, framework);
  if (!spec) {
    out.args = layer.args;
    out.inner = layer.inner;
    return out;
  }
  const LayerType* old_spec = find_layer_type(layer.type, framework);
  if (layer.inner.size() == 1 && canonical_type_name(layer.inner[0].type, framework) == out.type) {
    Layer unwrapped = layer.inner[0];
    unwrapped.id = layer.id;
    unwrapped.name = layer.name;
    unwrapped.type = out.type;
    unwrapped.where = {};
    return unwrapped;
  }
  bool wrap = is_wrapper(*spec) && layer.inner.empty() && old_spec && fits_inside(*spec, *old_spec);
  if (wrap) {
    Layer inner = layer;
    inner.id = 0;
    inner.type = canonical_type_name(layer.type, framework);
    inner.name = keras_snake_case(inner.type);
    inner.where = {};
    out.inner.push_back(std::move(inner));
    return out;
  }
  for (const Argument& a : layer.args) {
    const ArgSpec* arg = spec->find_arg(a.name);
    if (arg && arg->kind == ArgKind::Wrapped) continue;
    if (arg) out.args.push_back({a.name, fit_rank(*arg, a.value), {}});
    else if (is_common_layer_arg(a.name, framework)) out.args.push_back({a.name, a.value, {}});
  }
  if (is_wrapper(*spec)) out.inner = layer.inner;
  Layer example = new_layer(out.type, framework);
  for (const ArgSpec& arg : spec->args) {
    if (!arg.required) continue;
    if (arg.kind == ArgKind::Wrapped) {
      if (out.inner.empty()) out.inner = example.inner;
    } else if (!out.find_arg(arg.name)) {
      if (const Value* v = example.find_arg(arg.name)) out.set_arg(arg.name, *v);
    }
  }
  return out;
}

bool is_automatic_name(std::string_view name, std::string_view type, Framework framework) {
  for (const std::string& base : {keras_snake_case(type), keras_snake_case(canonical_type_name(type, framework))}) {
    if (name == base) return true;
    if (name.size() > base.size() + 1 && name.compare(0, base.size(), base) == 0 && name[base.size()] == '_' &&
        std::all_of(name.begin() + static_cast<std::ptrdiff_t>(base.size()) + 1, name.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))
      return true;
  }
  return false;
}

static std::string trim(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\n')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\n')) --e;
  return std::string(text.substr(b, e - b));
}

bool parse_shape(std::string_view text, std::optional<Shape>& out, std::string& error) {
  std::string t = trim(text);
  if (t.empty()) {
    out = std::nullopt;
    return true;
  }
  // "×" (U+00D7) and x/X separate dimensions as commas do.
  std::string normalized;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t.compare(i, 2, "\xC3\x97") == 0) {
      normalized += ',';
      ++i;
    } else if (t[i] == 'x' || t[i] == 'X') {
      normalized += ',';
    } else {
      normalized += t[i];
    }
  }
  t = trim(normalized);
  if (!t.empty() && (t.front() == '(' || t.front() == '[')) t = t.substr(1);
  if (!t.empty() && (t.back() == ')' || t.back() == ']')) t.pop_back();
  Shape shape;
  size_t start = 0;
  for (;;) {
    size_t comma = t.find(',', start);
    std::string part = trim(std::string_view(t).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (part.empty()) {
      if (comma == std::string::npos && !shape.empty()) break;  // "(64,)"
      error = "each dimension needs a number, e.g. 32, 32, 3";
      return false;
    }
    if (part == "None" || part == "?") {
      shape.push_back(kUnknown);
    } else {
      int64_t n = 0;
      if (!parse_integer(part, n, error)) return false;
      if (n < 1) {
        error = "dimensions must be at least 1 (got " + std::to_string(n) + ")";
        return false;
      }
      shape.push_back(n);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  out = shape;
  return true;
}

std::string shape_text(const std::optional<Shape>& shape) {
  if (!shape) return "";
  std::string s;
  for (size_t i = 0; i < shape->size(); ++i) {
    if (i) s += ", ";
    s += (*shape)[i] == kUnknown ? std::string("None") : std::to_string((*shape)[i]);
  }
  return s;
}

bool parse_value(std::string_view text, Value& out, std::string& error, bool keep_expressions) {
  std::string t = trim(text);
  if (t.empty()) {
    out = Value::none();
    return true;
  }
  if (read_python_value(text, out, error)) return true;  // untrimmed: columns as the user sees them
  if (keep_expressions) {
    out = Value::expr(t);
    error.clear();
    return true;
  }
  return false;
}

bool parse_integer(std::string_view text, int64_t& out, std::string& error) {
  Value v;
  if (!parse_value(text, v, error)) return false;
  if (v.kind != Value::Kind::Int) {
    error = "'" + trim(text) + "' is not a whole number";
    return false;
  }
  out = v.integer;
  return true;
}

std::string value_text(const Value& value) { return value.is_none() ? std::string() : value.to_python(); }

const Value& arg_or_default(const Layer& layer, const ArgSpec& spec) {
  const Value* given = layer.find_arg(spec.name);
  return given ? *given : spec.default_value;
}

}  // namespace learnable::app
