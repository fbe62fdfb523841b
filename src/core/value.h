// An argument value as Keras code writes it: None, a bool, an int, a float, a string, a tuple
// or list of values, or an expression we keep verbatim (an initializer call, tf.nn.relu).
// Layers read their arguments through LayerContext, which checks kinds and ranges.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace learnable {

// The shortest decimal text (15, 16 or 17 significant digits) that reads back to `f`, always
// with a '.' or an exponent so it reads as a float: 0.5, 1.0, 1e-05. Finite values only.
std::string shortest_float_text(double f);

struct Value {
  enum class Kind { None, Bool, Int, Float, String, Tuple, List, Expr };

  Kind kind = Kind::None;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0.0;
  std::string text;          // String contents, or Expr source text
  std::vector<Value> items;  // Tuple or List elements

  static Value none() { return {}; }
  static Value of_bool(bool b);
  static Value of_int(int64_t i);
  static Value of_float(double f);
  static Value of_string(std::string s);
  static Value tuple(std::vector<Value> items);
  static Value list(std::vector<Value> items);
  static Value tuple_of_ints(const std::vector<int64_t>& ints);
  static Value expr(std::string source);

  bool is_none() const { return kind == Kind::None; }
  bool is_int() const { return kind == Kind::Int; }
  bool is_sequence() const { return kind == Kind::Tuple || kind == Kind::List; }

  // Python source for the value: None, True, 32, 0.5, 'same', (3, 3), [1, 2].
  std::string to_python() const;

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }
};

}  // namespace learnable
