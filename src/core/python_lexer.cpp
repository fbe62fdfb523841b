// A small hand-written lexer: one pass, no backtracking, so pasted text of any size is read in
// linear time. Newlines inside brackets are not statement ends, as in Python.
#include "core/python_lexer.h"

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace learnable {

namespace {

bool is_name_start(unsigned char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_name_char(unsigned char c) { return is_name_start(c) || is_digit(c); }

// Curly quotes as pasted from blogs: ‘ ’ “ ” (E2 80 98/99/9C/9D).
int curly_quote(std::string_view s, size_t i) {
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
      static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char c = static_cast<unsigned char>(s[i + 2]);
    if (c == 0x98 || c == 0x99) return '\'';
    if (c == 0x9C || c == 0x9D) return '"';
  }
  return 0;
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : src_(s) {}

  LexResult run() {
    size_t first = src_.find_first_not_of(" \t\r\n");
    doctest_ = first != std::string_view::npos && src_.substr(first, 4) == ">>> ";
    out_.tokens.reserve(src_.size() / 3 + 2);
    while (pos_ < src_.size()) step();
    if (!out_.tokens.empty() && out_.tokens.back().kind != TokenKind::Newline) push(TokenKind::Newline, "", pos_, pos_);
    push(TokenKind::End, "", pos_, pos_);
    return std::move(out_);
  }

 private:
  void advance(size_t n = 1) {
    for (size_t k = 0; k < n && pos_ < src_.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(src_[pos_]);
      ++pos_;
      if (c == '\n') {
        ++line_;
        column_ = 1;
        at_line_start_ = true;
        indent_ = 0;
      } else if ((c & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }

  Token& push(TokenKind kind, std::string text, size_t start, size_t end) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.where = start_where_;
    t.offset = start;
    t.end = end;
    t.indent = line_indent_;
    t.line_start = first_on_line_;
    first_on_line_ = false;
    out_.tokens.push_back(std::move(t));
    return out_.tokens.back();
  }

  // Docstring examples (>>> and ... prompts, as in Keras' API docs): steps over the prompt;
  // false on a line without one, which is the example's printed output.
  bool step_over_prompt() {
    size_t p = pos_;
    while (p < src_.size() && (src_[p] == ' ' || src_[p] == '\t')) ++p;
    if (p >= src_.size() || src_[p] == '\n' || src_[p] == '\r') return true;
    std::string_view prompt = src_.substr(p, 3);
    if (prompt != ">>>" && prompt != "...") return false;
    size_t after = p + 3;
    if (after < src_.size() && src_[after] != ' ' && src_[after] != '\n' && src_[after] != '\r') return false;
    if (after < src_.size() && src_[after] == ' ') ++after;
    advance(after - pos_);
    return true;
  }

  void step() {
    if (at_line_start_ && doctest_ && !step_over_prompt()) {
      while (pos_ < src_.size() && src_[pos_] != '\n') advance();
      at_line_start_ = false;
      return;
    }
    if (pos_ >= src_.size()) return;
    unsigned char c = static_cast<unsigned char>(src_[pos_]);
    if (at_line_start_) {
      // Measure indentation; blank and comment-only lines don't count.
      size_t p = pos_;
      int width = 0;
      while (p < src_.size() && (src_[p] == ' ' || src_[p] == '\t')) {
        width += src_[p] == '\t' ? 8 - width % 8 : 1;
        ++p;
      }
      if (p < src_.size() && src_[p] != '\n' && src_[p] != '\r' && src_[p] != '#') {
        line_indent_ = width;
        first_on_line_ = true;
      }
      at_line_start_ = false;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      advance();
      return;
    }
    if (c == '#') {
      while (pos_ < src_.size() && src_[pos_] != '\n') advance();
      return;
    }
    if (c == '\\' && pos_ + 1 < src_.size() && (src_[pos_ + 1] == '\n' || src_[pos_ + 1] == '\r')) {
      advance();
      if (src_[pos_] == '\r') advance();
      if (pos_ < src_.size() && src_[pos_] == '\n') advance();
      at_line_start_ = false;  // a continuation line keeps the statement's line
      return;
    }
    start_where_ = {line_, column_};
    size_t start = pos_;
    if (c == '\n') {
      advance();
      if (depth_ == 0 && !out_.tokens.empty() && out_.tokens.back().kind != TokenKind::Newline)
        push(TokenKind::Newline, "", start, start);
      return;
    }
    int curly = curly_quote(src_, pos_);
    if (c == '\'' || c == '"' || curly) return string_literal(start, 0);
    if (is_name_start(c) && c < 0x80) {
      size_t p = pos_;
      while (p < src_.size() && is_name_char(static_cast<unsigned char>(src_[p])) && static_cast<unsigned char>(src_[p]) < 0x80) ++p;
      std::string_view word = src_.substr(pos_, p - pos_);
      // String prefixes: r'', b'', f'', rb'' ...
      if (word.size() <= 2 && p < src_.size() && (src_[p] == '\'' || src_[p] == '"' || curly_quote(src_, p))) {
        bool prefix = true;
        for (char ch : word) prefix &= std::string_view("rRbBfFuU").find(ch) != std::string_view::npos;
        if (prefix) {
          advance(word.size());
          return string_literal(start, word.size());
        }
      }
      advance(word.size());
      push(TokenKind::Name, std::string(word), start, pos_);
      return;
    }
    if (is_digit(c) || (c == '.' && pos_ + 1 < src_.size() && is_digit(static_cast<unsigned char>(src_[pos_ + 1]))))
      return number(start);
    if (c >= 0x80) {
      // Any other non-ASCII character outside a string: one error token for the whole character.
      size_t p = pos_ + 1;
      while (p < src_.size() && (static_cast<unsigned char>(src_[p]) & 0xC0) == 0x80) ++p;
      std::string ch(src_.substr(pos_, p - pos_));
      advance(p - pos_);
      push(TokenKind::Error, "unexpected character '" + ch + "'", start, pos_);
      return;
    }
    static constexpr std::string_view three[] = {"**=", "//=", ">>=", "<<=", "..."};
    static constexpr std::string_view two[] = {"**", "//", "==", "!=", "<=", ">=", "->", "+=", "-=", "*=",
                                               "/=", "%=", ":=", "<<", ">>", "&=", "|=", "^=", "@="};
    // Every two- and three-character operator has one of "*/=<>." second (** // == <= >> ...).
    bool may_combine = pos_ + 1 < src_.size() &&
                       std::string_view("*/=!<>-+%:&|^@.").find(static_cast<char>(c)) != std::string_view::npos &&
                       std::string_view("*/=<>.").find(src_[pos_ + 1]) != std::string_view::npos;
    if (may_combine) {
      for (std::string_view op : three)
        if (src_.substr(pos_, 3) == op) {
          advance(3);
          push(TokenKind::Op, std::string(op), start, pos_);
          return;
        }
      for (std::string_view op : two)
        if (src_.substr(pos_, 2) == op) {
          advance(2);
          push(TokenKind::Op, std::string(op), start, pos_);
          return;
        }
    }
    if (c == '(' || c == '[' || c == '{') ++depth_;
    if ((c == ')' || c == ']' || c == '}') && depth_ > 0) --depth_;
    advance();
    if (std::string_view("()[]{},:;.=+-*/%@<>&|^~!").find(static_cast<char>(c)) != std::string_view::npos)
      push(TokenKind::Op, std::string(1, static_cast<char>(c)), start, pos_);
    else
      push(TokenKind::Error, std::string("unexpected character '") + static_cast<char>(c) + "'", start, pos_);
  }

  void number(size_t start) {
    size_t p = pos_;
    bool is_float = false;
    std::string digits;
    if (src_[p] == '0' && p + 1 < src_.size() && std::string_view("xXoObB").find(src_[p + 1]) != std::string_view::npos) {
      int base = (src_[p + 1] == 'x' || src_[p + 1] == 'X') ? 16 : (src_[p + 1] == 'o' || src_[p + 1] == 'O') ? 8 : 2;
      p += 2;
      while (p < src_.size() && (std::isxdigit(static_cast<unsigned char>(src_[p])) || src_[p] == '_')) {
        if (src_[p] != '_') digits += src_[p];
        ++p;
      }
      advance(p - pos_);
      Token& t = push(TokenKind::Int, std::string(src_.substr(start, p - start)), start, pos_);
      errno = 0;
      unsigned long long v = std::strtoull(digits.c_str(), nullptr, base);
      t.overflow = errno == ERANGE || v > static_cast<unsigned long long>(INT64_MAX);
      t.integer = t.overflow ? 0 : static_cast<int64_t>(v);
      return;
    }
    while (p < src_.size()) {
      char ch = src_[p];
      if (is_digit(static_cast<unsigned char>(ch)) || ch == '_') {
        if (ch != '_') digits += ch;
        ++p;
      } else if (ch == '.' && !is_float) {
        is_float = true;
        digits += ch;
        ++p;
      } else if ((ch == 'e' || ch == 'E') && p + 1 < src_.size() &&
                 (is_digit(static_cast<unsigned char>(src_[p + 1])) ||
                  ((src_[p + 1] == '+' || src_[p + 1] == '-') && p + 2 < src_.size() && is_digit(static_cast<unsigned char>(src_[p + 2]))))) {
        is_float = true;
        digits += 'e';
        ++p;
        if (src_[p] == '+' || src_[p] == '-') digits += src_[p++];
      } else {
        break;
      }
    }
    if (p < src_.size() && (src_[p] == 'j' || src_[p] == 'J')) ++p;  // complex: read as a float
    advance(p - pos_);
    if (is_float) {
      Token& t = push(TokenKind::Float, std::string(src_.substr(start, p - start)), start, pos_);
      t.number = std::strtod(digits.c_str(), nullptr);
      return;
    }
    Token& t = push(TokenKind::Int, std::string(src_.substr(start, p - start)), start, pos_);
    errno = 0;
    unsigned long long v = std::strtoull(digits.c_str(), nullptr, 10);
    t.overflow = errno == ERANGE || v > static_cast<unsigned long long>(INT64_MAX) || digits.size() > 19;
    t.integer = t.overflow ? 0 : static_cast<int64_t>(v);
  }

  void string_literal(size_t start, size_t prefix_length) {
    bool raw = false;
    for (size_t k = 0; k < prefix_length; ++k) raw |= src_[start + k] == 'r' || src_[start + k] == 'R';
    int curly = curly_quote(src_, pos_);
    if (curly) {
      out_.warnings.push_back({start_where_, "curly quotes read as straight quotes"});
      advance(3);
      std::string value;
      while (pos_ < src_.size() && src_[pos_] != '\n' && !curly_quote(src_, pos_) && src_[pos_] != curly) {
        value += src_[pos_];
        advance();
      }
      if (pos_ >= src_.size() || src_[pos_] == '\n') {
        push(TokenKind::Error, "this string is never closed", start, pos_);
        return;
      }
      advance(curly_quote(src_, pos_) ? 3 : 1);
      push(TokenKind::String, value, start, pos_);
      return;
    }
    char quote = src_[pos_];
    bool triple = src_.substr(pos_, 3) == std::string(3, quote);
    advance(triple ? 3 : 1);
    std::string value;
    while (true) {
      if (pos_ >= src_.size()) {
        push(TokenKind::Error, "this string is never closed", start, pos_);
        return;
      }
      char ch = src_[pos_];
      if (!triple && ch == '\n') {
        push(TokenKind::Error, "this string is never closed on its line", start, pos_);
        return;
      }
      if (triple ? src_.substr(pos_, 3) == std::string(3, quote) : ch == quote) {
        advance(triple ? 3 : 1);
        break;
      }
      if (ch == '\\' && !raw && pos_ + 1 < src_.size()) {
        char next = src_[pos_ + 1];
        advance(2);
        switch (next) {
          case 'n': value += '\n'; break;
          case 't': value += '\t'; break;
          case '\n': break;
          default: value += next;
        }
        continue;
      }
      value += ch;
      advance();
    }
    push(TokenKind::String, value, start, pos_);
  }

  std::string_view src_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  int depth_ = 0;
  bool at_line_start_ = true;
  bool doctest_ = false;  // the text is a docstring example with >>> prompts
  bool first_on_line_ = false;
  int line_indent_ = 0;
  int indent_ = 0;
  SourceLocation start_where_;
  LexResult out_;
};

}  // namespace

LexResult lex_python(std::string_view source) { return Lexer(source).run(); }

}  // namespace learnable
