// Small builders so layer tests read like Keras: layer("Conv2D", {{"filters", i(32)}, ...}).
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "core/calculator.h"

namespace learnable::testing {

inline Value i(int64_t v) { return Value::of_int(v); }
inline Value f(double v) { return Value::of_float(v); }
inline Value b(bool v) { return Value::of_bool(v); }
inline Value s(const char* v) { return Value::of_string(v); }
inline Value t(std::initializer_list<int64_t> v) { return Value::tuple_of_ints(v); }
inline Value none() { return Value::none(); }

inline Layer layer(std::string type, std::initializer_list<std::pair<const char*, Value>> args = {}) {
  Layer l;
  l.type = std::move(type);
  for (const auto& [name, value] : args) l.set_arg(name, value);
  return l;
}

inline Layer wrap(std::string type, Layer inner,
                  std::initializer_list<std::pair<const char*, Value>> args = {}) {
  Layer l = layer(std::move(type), args);
  l.inner.push_back(std::move(inner));
  return l;
}

// One layer computed on an input shape.
inline LayerResult run(const Layer& l, Shape input) { return compute_layer(l, input); }

inline Calculator model(Shape input, std::initializer_list<Layer> layers) {
  Model m;
  m.input_shape = std::move(input);
  m.layers = layers;
  return Calculator(std::move(m));
}

}  // namespace learnable::testing
