// Value construction and its Python spelling, used by summaries, exports and error messages.
#include "core/value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/text.h"

namespace learnable {

Value Value::of_bool(bool b) {
  Value v;
  v.kind = Kind::Bool;
  v.boolean = b;
  return v;
}

Value Value::of_int(int64_t i) {
  Value v;
  v.kind = Kind::Int;
  v.integer = i;
  return v;
}

Value Value::of_float(double f) {
  Value v;
  v.kind = Kind::Float;
  v.number = f;
  return v;
}

Value Value::of_string(std::string s) {
  Value v;
  v.kind = Kind::String;
  v.text = std::move(s);
  return v;
}

Value Value::tuple(std::vector<Value> items) {
  Value v;
  v.kind = Kind::Tuple;
  v.items = std::move(items);
  return v;
}

Value Value::list(std::vector<Value> items) {
  Value v;
  v.kind = Kind::List;
  v.items = std::move(items);
  return v;
}

Value Value::tuple_of_ints(const std::vector<int64_t>& ints) {
  std::vector<Value> items;
  items.reserve(ints.size());
  for (int64_t i : ints) items.push_back(of_int(i));
  return tuple(std::move(items));
}

Value Value::expr(std::string source) {
  Value v;
  v.kind = Kind::Expr;
  v.text = std::move(source);
  return v;
}

std::string shortest_float_text(double f) {
  // The shortest of 15, 16 and 17 significant digits that reads back to the same double (%g
  // drops trailing zeros, so 0.5 stays "0.5").
  char buf[64];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, f);
    if (std::strtod(buf, nullptr) == f) break;
  }
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

static std::string float_to_python(double f) {
  if (std::isnan(f)) return "float('nan')";
  if (std::isinf(f)) return f > 0 ? "float('inf')" : "-float('inf')";
  return shortest_float_text(f);
}

static std::string string_to_python(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return cat({out, "'"});
}

std::string Value::to_python() const {
  switch (kind) {
    case Kind::None: return "None";
    case Kind::Bool: return boolean ? "True" : "False";
    case Kind::Int: return std::to_string(integer);
    case Kind::Float: return float_to_python(number);
    case Kind::String: return string_to_python(text);
    case Kind::Expr: return text;
    case Kind::Tuple:
    case Kind::List: {
      std::string out = kind == Kind::Tuple ? "(" : "[";
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += items[i].to_python();
      }
      if (kind == Kind::Tuple && items.size() == 1) out += ",";
      return out + (kind == Kind::Tuple ? ")" : "]");
    }
  }
  return "None";
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::None: return true;
    case Value::Kind::Bool: return a.boolean == b.boolean;
    case Value::Kind::Int: return a.integer == b.integer;
    case Value::Kind::Float: return a.number == b.number;
    case Value::Kind::String:
    case Value::Kind::Expr: return a.text == b.text;
    case Value::Kind::Tuple:
    case Value::Kind::List: return a.items == b.items;
  }
  return false;
}

}  // namespace learnable
