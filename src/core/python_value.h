// Reads one Python value or one call as a text field, a registry default or a layer's example
// writes it: 2**40, (3, 3), 'same', None, Conv2D(32, (3, 3), padding='same'). Apart from the code
// importers' reader (python_reader.h), so the web app reads what users type without linking the
// importers; values come out as that reader evaluates them (Python's precedence, 64-bit checks).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace learnable {

// A name given a value from outside the text: IMG_SIZE=32.
struct Define {
  std::string name;
  Value value;
};

struct PythonArg;

// One call: Name(...) or a.b.Name(...).
struct PythonCall {
  std::string name;  // dotted as written: "layers.Conv2D", "nn.Conv2d"
  std::vector<PythonArg> args;
};

// One argument of a call, evaluated as the code importers evaluate it.
struct PythonArg {
  std::string keyword;  // "" for a positional argument
  Value value;          // a name or a call is Value::expr of its text (tf.nn.relu)
  std::string problem;  // why the value is not the one meant (an undefined name, 1 // 0); "" when none
  std::string name;     // the argument when it is written as a bare name: relu
  std::vector<PythonCall> call;  // the argument when it is a call (one element): LSTM(32)
};

// Python's value syntax: integers (also 0x.., 1_000), floats, strings in ' or " (also triple
// quoted, r'..', 'a' 'b'), None/True/False, tuples and lists, unary + - not, and + - * / // % **
// with Python's precedence and results; integers stay in 64 bits (2**64 is an error, not a wrap).
// False with a message naming the column when the text is not one such value (a name, a call).
bool read_python_value(std::string_view text, Value& out, std::string& message);

// One call with positional and keyword arguments: "Conv2D(32, (3, 3), padding='same')".
bool read_python_call(std::string_view text, PythonCall& out, std::string& message);

// a op b for + - * / // % ** as both Python readers (this one and python_reader.h) evaluate it:
// integers exact in 64 bits, / always a float, // and % rounding toward minus infinity, + joining
// and * repeating tuples and lists. False when the result is no value: then `fault` says whether
// that is an error (1 // 0, 2**64, 2**-1) or only an expression to keep verbatim (x + 1).
enum class ArithmeticFault { None, DivisionByZero, TooLarge, NegativePower };
bool python_arithmetic(const Value& a, std::string_view op, const Value& b, Value& out, ArithmeticFault& fault);

// NAME=VALUE split as Python names go: "IMG_SIZE = 32" gives IMG_SIZE and " 32".
bool split_define(std::string_view text, std::string& name, std::string_view& value_text, std::string& message);

// NAME=VALUE with the value read by read_python_value.
bool read_python_define(std::string_view text, Define& out, std::string& message);

}  // namespace learnable
