// Small builders so layer tests read like Keras: layer("Conv2D", {{"filters", i(32)}, ...}).
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "core/calculator.h"
#include "core/json_reader.h"
#include "core/pytorch_code.h"

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

// A model of `layers` on `input`, in Keras' conventions or PyTorch's.
inline Model keras_model(Shape input, std::initializer_list<Layer> layers) {
  Model m;
  m.input_shape = std::move(input);
  m.layers = layers;
  return m;
}

inline Model torch_model(Shape input, std::initializer_list<Layer> layers) {
  Model m = keras_model(std::move(input), layers);
  m.framework = Framework::PyTorch;
  return m;
}

// PyTorch code read with an input shape (channels first) and defines.
inline ImportResult read_pytorch(const std::string& code, std::optional<Shape> input = std::nullopt,
                                 std::vector<Define> defines = {}) {
  return import_pytorch_code(code, {std::move(input), std::move(defines)});
}

// Import messages one a line, "3: message", so a test compares them as text.
inline std::string message_lines(const std::vector<ImportMessage>& list) {
  std::string out;
  for (const ImportMessage& m : list) out += std::to_string(m.where.line) + ": " + m.message + "\n";
  return out;
}

// A JS API answer parsed (a test failure when it is not JSON), and its first error's message.
inline Json parsed(const std::string& json) {
  JsonParse p = parse_json(json);
  EXPECT_TRUE(p.ok) << p.error << " in " << json.substr(0, 300);
  return p.value;
}

inline std::string first_error(const Json& answer) {
  const Json* errors = answer.find("errors");
  if (!errors || errors->items.empty()) return "";
  const Json* message = errors->items[0].find("message");
  return message ? message->text : "";
}

}  // namespace learnable::testing
