// Formatting of shapes, counts and sizes shared by the formulas, explanations and summaries.
#include "core/shape.h"

#include <cstdio>

#include "core/text.h"

namespace learnable {

static std::string dim_text(int64_t d) { return d == kUnknown ? "None" : std::to_string(d); }

std::string shape_words(const Shape& shape) {
  if (shape.empty()) return "a scalar";
  std::string out;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) out += "\xC3\x97";  // ×
    out += dim_text(shape[i]);
  }
  return out;
}

std::string shape_keras(const Shape& shape) {
  std::string out = "(None";
  for (int64_t d : shape) out += cat({", ", dim_text(d)});
  return cat({out, ")"});
}

std::string shape_torch(const Shape& shape) {
  std::string out = "(N";
  for (int64_t d : shape) out += cat({", ", dim_text(d)});
  return cat({out, ")"});
}

std::string shape_text(const Shape& shape, Framework framework) {
  return framework == Framework::PyTorch ? shape_torch(shape) : shape_keras(shape);
}

std::string shape_json(const Shape& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ",";
    out += shape[i] == kUnknown ? "null" : std::to_string(shape[i]);
  }
  return cat({out, "]"});
}

bool fully_known(const Shape& shape) {
  for (int64_t d : shape)
    if (d == kUnknown) return false;
  return true;
}

std::string with_commas(int64_t n) {
  bool negative = n < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string human_bytes(int64_t bytes) {
  static const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024.0 && unit < 6) {
    value /= 1024.0;
    ++unit;
  }
  char buf[32];
  if (unit == 0)
    std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
  else
    std::snprintf(buf, sizeof buf, "%.2f %s", value, units[unit]);
  return buf;
}

}  // namespace learnable
