// JSON string escaping; invalid UTF-8 bytes become U+FFFD so the output always parses.
#include "core/json_writer.h"

#include <cstdio>

namespace learnable {

std::string json_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  size_t run = 0;  // start of the pending run of characters that need no escaping
  auto flush = [&](size_t i) {
    if (i > run) out.append(text.data() + run, i - run);
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') continue;
    flush(i);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      default: break;
    }
    if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      continue;
    }
    // Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : (c & 0xF0) == 0xE0 ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool valid = n > 0 && i + n <= text.size();
    for (size_t k = 1; valid && k < n; ++k) valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (valid && n >= 3) {
      unsigned char second = static_cast<unsigned char>(text[i + 1]);
      if (c == 0xE0 && second < 0xA0) valid = false;  // overlong
      if (c == 0xED && second >= 0xA0) valid = false;  // surrogate
      if (c == 0xF0 && second < 0x90) valid = false;  // overlong
      if (c == 0xF4 && second >= 0x90) valid = false;  // above U+10FFFF
    }
    if (valid) {
      out.append(text.substr(i, n));
      i += n - 1;
    } else {
      out += "\xEF\xBF\xBD";
    }
    run = i + 1;
  }
  flush(text.size());
  out += '"';
  return out;
}

}  // namespace learnable
