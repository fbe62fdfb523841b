// Recursive descent over the JSON grammar with a depth limit of 256.
#include "core/json_reader.h"

#include <cerrno>
#include <cstdlib>

#include "core/text.h"

namespace learnable {

const Json* Json::find(std::string_view key) const {
  for (const auto& [name, value] : members)
    if (name == key) return &value;
  return nullptr;
}

namespace {

struct JsonError {
  SourceLocation where;
  size_t offset;
  std::string message;
};

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  JsonParse run() {
    JsonParse out;
    try {
      skip_space();
      out.value = value(0);
      skip_space();
      if (pos_ < s_.size()) fail("unexpected text after the JSON value");
      out.ok = true;
    } catch (const JsonError& e) {
      out.where = e.where;
      out.offset = e.offset;
      out.error = e.message;
    }
    return out;
  }

 private:
  SourceLocation here() const { return {line_, column_}; }
  [[noreturn]] void fail(std::string message) const { throw JsonError{here(), pos_, std::move(message)}; }

  void advance() {
    if (s_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(s_[pos_]) & 0xC0) != 0x80) {
      ++column_;
    }
    ++pos_;
  }

  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) advance();
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    for (size_t i = 0; i < word.size(); ++i) advance();
    return true;
  }

  Json value(int depth) {
    Json v = value_here(depth);
    v.end = pos_;
    return v;
  }

  Json value_here(int depth) {
    if (depth > 256) fail("nested too deeply (more than 256 levels)");
    if (pos_ >= s_.size()) fail("the text ends where a value was expected");
    Json v;
    v.where = here();
    v.offset = pos_;
    char c = s_[pos_];
    if (c == '{') return object(depth, v);
    if (c == '[') return array(depth, v);
    if (c == '"') {
      v.kind = Json::Kind::String;
      v.text = string();
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(v);
    if (literal("true")) {
      v.kind = Json::Kind::Bool;
      v.boolean = true;
      return v;
    }
    if (literal("false")) {
      v.kind = Json::Kind::Bool;
      return v;
    }
    if (literal("null")) return v;
    if (literal("NaN") || literal("Infinity") || literal("-Infinity")) {
      v.kind = Json::Kind::Number;  // Python's json.dumps writes these; read them rather than fail
      return v;
    }
    fail(cat({"unexpected character '", c, "'"}));
  }

  Json object(int depth, Json& v) {
    v.kind = Json::Kind::Object;
    advance();
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      advance();
      return std::move(v);
    }
    while (true) {
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a quoted key");
      std::string key = string();
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') fail(cat({"expected ':' after the key \"", key, "\""}));
      advance();
      skip_space();
      v.members.emplace_back(std::move(key), value(depth + 1));
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        advance();
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        advance();
        return std::move(v);
      }
      fail("expected ',' or '}'");
    }
  }

  Json array(int depth, Json& v) {
    v.kind = Json::Kind::Array;
    advance();
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      advance();
      return std::move(v);
    }
    while (true) {
      skip_space();
      v.items.push_back(value(depth + 1));
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        advance();
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        advance();
        return std::move(v);
      }
      fail("expected ',' or ']'");
    }
  }

  Json number(Json& v) {
    v.kind = Json::Kind::Number;
    size_t start = pos_;
    bool integral = true;
    if (s_[pos_] == '-') advance();
    if (pos_ >= s_.size() || !(s_[pos_] >= '0' && s_[pos_] <= '9')) fail("expected a digit");
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') advance();
    if (pos_ < s_.size() && s_[pos_] == '.') {
      integral = false;
      advance();
      if (pos_ >= s_.size() || !(s_[pos_] >= '0' && s_[pos_] <= '9')) fail("expected a digit after '.'");
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') advance();
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      integral = false;
      advance();
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) advance();
      if (pos_ >= s_.size() || !(s_[pos_] >= '0' && s_[pos_] <= '9')) fail("expected a digit in the exponent");
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') advance();
    }
    std::string digits(s_.substr(start, pos_ - start));
    v.number = std::strtod(digits.c_str(), nullptr);
    if (integral) {
      errno = 0;
      long long n = std::strtoll(digits.c_str(), nullptr, 10);
      if (errno != ERANGE) {
        v.is_integer = true;
        v.integer = n;
      }
    }
    return std::move(v);
  }

  static void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  uint32_t hex4() {
    uint32_t cp = 0;
    for (int k = 0; k < 4; ++k) {
      if (pos_ >= s_.size()) fail("the text ends inside a \\u escape");
      char h = s_[pos_];
      int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
      if (d < 0) fail("bad hex digit in a \\u escape");
      cp = cp * 16 + static_cast<uint32_t>(d);
      advance();
    }
    return cp;
  }

  std::string string() {
    advance();  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) fail("this string is never closed");
      char c = s_[pos_];
      if (c == '"') {
        advance();
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) fail("a control character inside a string must be escaped");
      if (c != '\\') {
        out += c;
        advance();
        continue;
      }
      advance();
      if (pos_ >= s_.size()) fail("this string is never closed");
      char e = s_[pos_];
      advance();
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(pos_, 2) == "\\u") {
            advance();
            advance();
            uint32_t low = hex4();
            if (low >= 0xDC00 && low <= 0xDFFF) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            else cp = 0xFFFD;
          } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
          }
          append_utf8(out, cp);
          break;
        }
        default: fail(cat({"unknown escape '\\", e, "'"}));
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

JsonParse parse_json(std::string_view text) { return Reader(text).run(); }

}  // namespace learnable
