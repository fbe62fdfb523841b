// A small, strict JSON reader (RFC 8259) for the model schema, Keras' to_json() output and test
// data. Integers are kept exact; nesting is bounded so hostile input cannot exhaust the stack.
// Every value and every error carries its line and column, and its byte offset in the text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model.h"

namespace learnable {

struct Json {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  double number = 0.0;
  bool is_integer = false;  // written without fraction or exponent and fits in 64 bits
  int64_t integer = 0;
  std::string text;
  std::vector<Json> items;                          // Array
  std::vector<std::pair<std::string, Json>> members;  // Object, in document order
  SourceLocation where;
  size_t offset = 0;  // byte offset of the value's first character
  size_t end = 0;     // byte offset just past its last character: text.substr(offset, end - offset)

  const Json* find(std::string_view key) const;  // Object member, or nullptr
  bool is_null() const { return kind == Kind::Null; }
};

struct JsonParse {
  Json value;
  bool ok = false;
  SourceLocation where;  // of the error
  size_t offset = 0;     // byte offset of the error
  std::string error;
};

JsonParse parse_json(std::string_view text);

}  // namespace learnable
