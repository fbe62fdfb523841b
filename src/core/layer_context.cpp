// Argument reading with Keras' defaults and checks, and the result-building helpers that every
// layer rule uses.
#include "core/layer_context.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <exception>
#include <new>

#include "core/calculator.h"
#include "core/checked.h"

namespace learnable {

std::string num(int64_t n) { return std::to_string(n); }

std::string dims_words(const std::vector<int64_t>& dims) { return shape_words(dims); }

std::string dims_python(const std::vector<int64_t>& dims) {
  std::string out = "(";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) out += ", ";
    out += dims[i] == kUnknown ? "None" : std::to_string(dims[i]);
  }
  if (dims.size() == 1) out += ",";
  return cat({out, ")"});
}

LayerContext::LayerContext(const LayerType& type, const Layer& layer, const Shape& input,
                           LayerResult& out, bool explaining)
    : type_(type), layer_(layer), input_(input), out_(out), explaining_(explaining) {}

void LayerContext::fail(std::string_view argument, std::string message) const {
  throw LayerFault{std::string(argument), std::move(message)};
}

LayerFault current_fault() {
  try {
    throw;
  } catch (const LayerFault& fault) {
    return fault;
  } catch (const std::bad_alloc&) {
    return {"", "too large to compute"};
  } catch (const std::exception& e) {
    return {"", cat({"internal error: ", e.what()})};
  }
}

const Value& LayerContext::arg(std::string_view name) const {
  if (const Value* v = layer_.find_arg(name)) return *v;
  if (const ArgSpec* spec = type_.find_arg(name)) return spec->default_value;
  static const Value none;
  return none;
}

bool LayerContext::has_arg(std::string_view name) const { return layer_.find_arg(name) != nullptr; }

static std::string quoted(std::string_view name) { return std::string(name); }

int64_t LayerContext::integer(std::string_view name, int64_t min_value) const {
  const Value& v = arg(name);
  if (v.kind == Value::Kind::Bool || v.kind != Value::Kind::Int)
    fail(name, cat({quoted(name), " must be an integer, got ", v.to_python()}));
  if (v.integer < min_value) {
    if (min_value == 1)
      fail(name, cat({quoted(name), " must be a positive integer, got ", v.integer}));
    fail(name, cat({quoted(name), " must be at least ", min_value, ", got ", v.integer}));
  }
  return v.integer;
}

std::vector<int64_t> LayerContext::ints(std::string_view name, size_t count,
                                        int64_t min_value) const {
  const Value& v = arg(name);
  std::vector<int64_t> out;
  auto check = [&](const Value& item) {
    if (item.kind != Value::Kind::Int)
      fail(name, cat({quoted(name), " must be an integer or a tuple of ", count,
                          " integers, got ", v.to_python()}));
    if (item.integer < min_value) {
      std::string bound =
          min_value == 1 ? "positive" : "at least " + num(min_value);
      fail(name, cat({quoted(name), " must be ", bound, ", got ", v.to_python()}));
    }
    return item.integer;
  };
  if (v.is_sequence()) {
    if (v.items.size() != count)
      fail(name, cat({quoted(name), " needs ", count, " values here, got ",
                          static_cast<int64_t>(v.items.size()), ": ", v.to_python()}));
    for (const Value& item : v.items) out.push_back(check(item));
  } else {
    out.assign(count, check(v));
  }
  return out;
}

std::vector<int64_t> LayerContext::int_list(std::string_view name, bool allow_none) const {
  const Value& v = arg(name);
  std::vector<int64_t> out;
  if (v.kind == Value::Kind::Int) return {v.integer};
  if (!v.is_sequence()) fail(name, cat({quoted(name), " must be a tuple of integers, got ", v.to_python()}));
  for (const Value& item : v.items) {
    if (item.is_none() && allow_none)
      out.push_back(kUnknown);
    else if (item.kind == Value::Kind::Int)
      out.push_back(item.integer);
    else
      fail(name, cat({quoted(name), " must be a tuple of integers, got ", v.to_python()}));
  }
  return out;
}

bool LayerContext::flag(std::string_view name) const {
  const Value& v = arg(name);
  if (v.kind == Value::Kind::Bool) return v.boolean;
  if (v.kind == Value::Kind::Int && (v.integer == 0 || v.integer == 1)) return v.integer == 1;
  fail(name, cat({quoted(name), " must be True or False, got ", v.to_python()}));
}

std::string LayerContext::choice(std::string_view name) const {
  const ArgSpec* spec = type_.find_arg(name);
  const Value* given = &arg(name);
  // An explicit None means "the default", as data_format=None does in Keras.
  if (given->is_none() && spec) given = &spec->default_value;
  const Value& v = *given;
  if (v.kind != Value::Kind::String) {
    if (v.is_none()) return "";
    fail(name, cat({quoted(name), " must be a string, got ", v.to_python()}));
  }
  std::string lowered = v.text;
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (spec && !spec->choices.empty() &&
      std::find(spec->choices.begin(), spec->choices.end(), lowered) == spec->choices.end()) {
    std::string options;
    for (size_t i = 0; i < spec->choices.size(); ++i) {
      if (i) options += i + 1 == spec->choices.size() ? " or " : ", ";
      options += cat({"'", spec->choices[i], "'"});
    }
    fail(name, cat({quoted(name), " must be ", options, ", got ", v.to_python()}));
  }
  return lowered;
}

double LayerContext::number(std::string_view name) const {
  const Value& v = arg(name);
  if (v.kind == Value::Kind::Float) return v.number;
  if (v.kind == Value::Kind::Int) return static_cast<double>(v.integer);
  fail(name, cat({quoted(name), " must be a number, got ", v.to_python()}));
}

static std::string rank_words(size_t rank) {
  return cat({static_cast<int64_t>(rank), (rank == 1 ? " dimension" : " dimensions")});
}

void LayerContext::require_rank(size_t wanted, const char* what) const {
  if (input_.size() == wanted) return;
  fail("", cat({type_.name, " needs input of shape ", what, " (", rank_words(wanted),
                    " besides the batch), but got ", shape_text(input_, type_.framework), " (",
                    rank_words(input_.size()), ")"}));
}

void LayerContext::require_min_rank(size_t wanted, const char* what) const {
  if (input_.size() >= wanted) return;
  fail("", cat({type_.name, " needs input of shape ", what, " (at least ", rank_words(wanted),
                    " besides the batch), but got ", shape_text(input_, type_.framework)}));
}

int64_t LayerContext::known_dim(size_t axis, const char* what) const {
  int64_t d = input_.at(axis);
  if (d == kUnknown)
    fail("", cat({type_.name, " needs to know the ", what, " to count its parameters, but it is None in ",
                      shape_text(input_, type_.framework)}));
  return d;
}

int64_t LayerContext::mul(int64_t a, int64_t b) const {
  auto r = checked_mul(a, b);
  if (!r) fail("", cat({"too large to count exactly: ", a, " * ", b, " does not fit in 64 bits"}));
  return *r;
}

int64_t LayerContext::add(int64_t a, int64_t b) const {
  auto r = checked_add(a, b);
  if (!r) fail("", cat({"too large to count exactly: ", a, " + ", b, " does not fit in 64 bits"}));
  return *r;
}

int64_t LayerContext::product(const std::vector<int64_t>& values) const {
  int64_t p = 1;
  for (int64_t v : values) p = mul(p, v);
  return p;
}

void LayerContext::set_output(Shape shape) { out_.output_shape = std::move(shape); }

void LayerContext::add_weight(std::string name, Shape shape, bool trainable) {
  int64_t count = product(shape);
  out_.weights.push_back({std::move(name), std::move(shape), count, trainable});
  if (trainable)
    out_.trainable = add(out_.trainable, count);
  else
    out_.non_trainable = add(out_.non_trainable, count);
  out_.params = add(out_.params, count);
}

void LayerContext::add_buffer(std::string name, Shape shape) {
  int64_t count = product(shape);
  out_.weights.push_back({std::move(name), std::move(shape), count, false, true});
  out_.buffers = add(out_.buffers, count);
}

void LayerContext::set_formula(std::string formula) { out_.formula = std::move(formula); }

void LayerContext::explain(std::string step) {
  if (explaining_) out_.explanation.push_back(std::move(step));
}

void LayerContext::no_parameters(std::string reason) {
  if (explaining_) out_.explanation.push_back(reason);
  out_.formula = std::move(reason);
}

LayerResult LayerContext::compute_inner(size_t index, const Shape& input) const {
  if (index >= layer_.inner.size())
    fail("layer", cat({type_.name, " needs a layer to wrap, e.g. ", type_.name, "(LSTM(32))"}));
  LayerResult inner = compute_layer(layer_.inner[index], input, explaining_, type_.framework);
  if (!inner.ok()) {
    const Layer& wrapped = layer_.inner[index];
    fail(inner.error_argument.empty() ? "layer" : "layer." + inner.error_argument,
         cat({"the wrapped ", wrapped.type, ": ", inner.error}));
  }
  return inner;
}

}  // namespace learnable
