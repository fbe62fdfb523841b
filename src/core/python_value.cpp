// The reader behind python_value.h: a lexer and a recursive-descent parser that evaluates as it
// goes. It follows the value part of python_reader.cpp (the same precedence, nesting limit,
// 64-bit checks and verbatim text of names and calls), so a value reads the same in a field as
// in pasted code. No exceptions: the first fault stops the reading.
#include "core/python_value.h"

#include <cerrno>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <optional>

#include "core/checked.h"
#include "core/text.h"

namespace learnable {

namespace {

constexpr int kMaxDepth = 100;  // nesting of brackets and operators, as the code importers allow
constexpr char kAt[] = "\x01";  // where a message says "at column N"

enum class Kind { Name, Int, Float, String, Op, End, Error };

struct Token {
  Kind kind = Kind::End;
  std::string text;  // the name, the operator, the decoded string, or the error message
  int64_t integer = 0;
  double number = 0.0;
  bool overflow = false;  // an integer literal too large for 64 bits
  size_t begin = 0;       // byte offsets into the text
  size_t end = 0;
  int line = 1;
  int column = 1;  // in characters, from 1
};

bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Curly quotes as pasted from blogs or typed with smart punctuation: ‘ ’ “ ” (E2 80 98/99/9C/9D),
// read as the straight quote they stand for, as the code importers' lexer does.
char curly_quote(std::string_view s, size_t i) {
  if (i + 2 >= s.size() || s[i] != '\xE2' || s[i + 1] != '\x80') return 0;
  if (s[i + 2] == '\x98' || s[i + 2] == '\x99') return '\'';
  if (s[i + 2] == '\x9C' || s[i + 2] == '\x9D') return '"';
  return 0;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      skip_space();
      Token t;
      t.begin = pos_;
      t.line = line_;
      t.column = column_;
      if (pos_ < s_.size()) read(t);
      t.end = pos_;
      out.push_back(std::move(t));
      if (out.back().kind == Kind::End) return out;
    }
  }

 private:
  char at(size_t ahead) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }

  void advance(size_t n = 1) {
    for (; n > 0 && pos_ < s_.size(); --n) {
      char c = s_[pos_++];
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if (!is_continuation(c)) {
        ++column_;
      }
    }
  }

  // Blanks, line ends, comments and line continuations.
  void skip_space() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\n' ||
          (c == '\\' && (at(1) == '\n' || at(1) == '\r'))) {
        advance();
      } else if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') advance();
      } else {
        return;
      }
    }
  }

  void read(Token& t) {
    char c = s_[pos_];
    if (is_name_start(c)) {
      size_t p = pos_;
      while (p < s_.size() && (is_name_start(s_[p]) || is_digit(s_[p]))) ++p;
      std::string_view word = s_.substr(pos_, p - pos_);
      // String prefixes: r'', b'', f'', rb'' ...
      if (word.size() <= 2 && p < s_.size() && (s_[p] == '\'' || s_[p] == '"') &&
          word.find_first_not_of("rRbBfFuU") == std::string_view::npos) {
        bool raw = word.find_first_of("rR") != std::string_view::npos;
        advance(word.size());
        return string_literal(t, raw);
      }
      t.kind = Kind::Name;
      t.text = std::string(word);
      return advance(word.size());
    }
    if (is_digit(c) || (c == '.' && is_digit(at(1)))) return number(t);
    if (c == '\'' || c == '"') return string_literal(t, false);
    if (char quote = curly_quote(s_, pos_)) return curly_string(t, quote);
    t.kind = Kind::Op;
    if ((c == '*' || c == '/') && at(1) == c) {
      t.text = std::string(2, c);
      return advance(2);
    }
    if (std::string_view("()[]{},.:;=+-*/%@<>&|^~!").find(c) != std::string_view::npos) {
      t.text = std::string(1, c);
      return advance();
    }
    // Any other character, with all the bytes of its UTF-8 sequence.
    size_t p = pos_ + 1;
    while (p < s_.size() && is_continuation(s_[p])) ++p;
    t.kind = Kind::Error;
    t.text = "unexpected character '" + std::string(s_.substr(pos_, p - pos_)) + "'" + kAt;
    advance(p - pos_);
  }

  void number(Token& t) {
    size_t start = pos_, p = pos_;
    std::string digits;
    t.kind = Kind::Int;
    unsigned long long v = 0;
    if (s_[p] == '0' && std::string_view("xXoObB").find(at(1)) != std::string_view::npos) {
      int base = (at(1) == 'x' || at(1) == 'X') ? 16 : (at(1) == 'o' || at(1) == 'O') ? 8 : 2;
      for (p += 2; p < s_.size() && (is_hex_digit(s_[p]) || s_[p] == '_'); ++p)
        if (s_[p] != '_') digits += s_[p];
      errno = 0;
      v = std::strtoull(digits.c_str(), nullptr, base);
      t.overflow = errno == ERANGE;
    } else {
      bool is_float = false;
      while (p < s_.size()) {
        char ch = s_[p];
        char next = p + 1 < s_.size() ? s_[p + 1] : '\0';
        char after = p + 2 < s_.size() ? s_[p + 2] : '\0';
        if (is_digit(ch) || ch == '_') {
          if (ch != '_') digits += ch;
          ++p;
        } else if (ch == '.' && !is_float) {
          is_float = true;
          digits += ch;
          ++p;
        } else if ((ch == 'e' || ch == 'E') && (is_digit(next) || ((next == '+' || next == '-') && is_digit(after)))) {
          is_float = true;
          digits += 'e';
          ++p;
          if (s_[p] == '+' || s_[p] == '-') digits += s_[p++];
        } else {
          break;
        }
      }
      if (is_float) {
        t.kind = Kind::Float;
        t.number = std::strtod(digits.c_str(), nullptr);
      } else {
        errno = 0;
        v = std::strtoull(digits.c_str(), nullptr, 10);
        t.overflow = errno == ERANGE || digits.size() > 19;
      }
    }
    t.overflow = t.overflow || v > static_cast<unsigned long long>(INT64_MAX);
    t.integer = t.overflow ? 0 : static_cast<int64_t>(v);
    advance(p - pos_);
    t.text = std::string(s_.substr(start, p - start));
  }

  void string_literal(Token& t, bool raw) {
    char quote = s_[pos_];
    bool triple = at(1) == quote && at(2) == quote;
    advance(triple ? 3 : 1);
    std::string value;
    for (;;) {
      if (pos_ >= s_.size() || (!triple && s_[pos_] == '\n')) {
        t.kind = Kind::Error;
        t.text = std::string("the string") + kAt + " is never closed";
        return;
      }
      char ch = s_[pos_];
      if (ch == quote && (!triple || (at(1) == quote && at(2) == quote))) {
        advance(triple ? 3 : 1);
        break;
      }
      if (ch == '\\' && !raw && pos_ + 1 < s_.size()) {
        char next = s_[pos_ + 1];
        advance(2);
        if (next == 'n') value += '\n';
        else if (next == 't') value += '\t';
        else if (next != '\n') value += next;
        continue;
      }
      value += ch;
      advance();
    }
    t.kind = Kind::String;
    t.text = std::move(value);
  }

  // From a curly quote to the next curly quote, or to the straight one it stands for.
  void curly_string(Token& t, char quote) {
    advance(3);
    std::string value;
    while (pos_ < s_.size() && s_[pos_] != '\n' && !curly_quote(s_, pos_) && s_[pos_] != quote) {
      value += s_[pos_];
      advance();
    }
    if (pos_ >= s_.size() || s_[pos_] == '\n') {
      t.kind = Kind::Error;
      t.text = std::string("the string") + kAt + " is never closed";
      return;
    }
    advance(curly_quote(s_, pos_) ? 3 : 1);
    t.kind = Kind::String;
    t.text = std::move(value);
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// What one expression read to: its value as the importers evaluate it, and what a call or a
// name keeps besides.
struct Term {
  Value value;
  std::string problem;  // the first reason the value is not the one meant
  size_t begin = 0;
  size_t end = 0;
  const Token* first = nullptr;  // where it starts, for messages
  bool named = false;            // a bare (dotted) name: value is Value::expr(name)
  std::vector<PythonCall> call;  // one element when it is a call
};

class Parser {
 public:
  explicit Parser(std::string_view text)
      : s_(text), toks_(Lexer(text).run()), multiline_(text.find('\n') != std::string_view::npos) {}

  // One expression and nothing after it.
  Term whole() {
    Term t = expression();
    if (!failed() && peek().kind != Kind::End) unexpected(peek(), "unexpected ");
    return t;
  }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  struct DepthGuard {
    explicit DepthGuard(Parser& p) : parser(p) {
      if (++parser.depth_ > kMaxDepth) parser.fail(parser.peek(), "brackets and operators are nested too deeply to read");
    }
    ~DepthGuard() { --parser.depth_; }
    Parser& parser;
  };

  const Token& peek(size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
  bool at_op(std::string_view op, size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == Kind::Op && t.text == op;
  }
  const Token& take() {
    const Token& t = peek();
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }
  size_t last_end() const { return pos_ > 0 ? toks_[pos_ - 1].end : 0; }

  std::string place(const Token& t) const {
    std::string column = "column " + std::to_string(t.column);
    return multiline_ ? "line " + std::to_string(t.line) + ", " + column : column;
  }
  // `message` says where with kAt, or ends with " at column N".
  std::string located(std::string message, const Token& t) const {
    size_t at = message.find(kAt);
    if (at == std::string::npos) return message + " at " + place(t);
    return message.replace(at, 1, " at " + place(t));
  }
  void fail(const Token& t, std::string message) {
    if (error_.empty()) error_ = located(std::move(message), t);
  }
  // "unexpected ')'"; a lexer's fault (a string never closed) says itself what it is.
  void unexpected(const Token& t, const std::string& what) {
    fail(t, t.kind == Kind::Error ? t.text : what + describe(t));
  }
  void never_closed(const Token& opener) { fail(opener, "the '" + opener.text + "'" + kAt + " is never closed"); }
  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Kind::End: return "the end of the text";
      case Kind::String: return "a string";
      default: return "'" + t.text + "'";
    }
  }

  // The text of begin..end with runs of blanks as one space, as the importers keep expressions.
  std::string source_of(const Term& e) const { return one_line(s_.substr(e.begin, e.end - e.begin)); }
  std::string brief(const Term& e) const {
    std::string text = source_of(e);
    if (text.size() <= 60) return text;
    size_t cut = 57;
    while (cut > 0 && is_continuation(text[cut])) --cut;
    return text.substr(0, cut) + "...";
  }
  void problem(Term& e, std::string message) const {
    if (e.problem.empty()) e.problem = located(std::move(message), *e.first);
  }

  Term expression() {
    DepthGuard guard(*this);
    if (failed()) return {};
    return binary(0);
  }

  static int precedence(const Token& t) {
    if (t.kind != Kind::Op) return -1;
    if (t.text == "+" || t.text == "-") return 9;
    if (t.text == "*" || t.text == "/" || t.text == "//" || t.text == "%") return 10;
    return -1;
  }

  Term binary(int min_precedence) {
    DepthGuard guard(*this);
    if (failed()) return {};
    Term left = unary();
    for (int chain = 0; !failed(); ++chain) {
      int p = precedence(peek());
      if (p < 0 || p < min_precedence) break;
      if (chain + depth_ > kMaxDepth) {
        fail(peek(), "this expression is too long (more than " + std::to_string(kMaxDepth) + " operators)");
        break;
      }
      std::string op = take().text;
      Term right = binary(p + 1);
      if (failed()) break;
      left = combine(std::move(left), op, std::move(right));
    }
    return left;
  }

  Term unary() {
    DepthGuard guard(*this);
    if (failed()) return {};
    if (at_op("-") || at_op("+") || (peek().kind == Kind::Name && peek().text == "not")) {
      Term e;
      e.first = &take();
      e.begin = e.first->begin;
      const std::string& op = e.first->text;
      Term operand = unary();
      if (failed()) return {};
      e.end = last_end();
      e.problem = std::move(operand.problem);
      const Value& v = operand.value;
      if (op == "-" && v.kind == Value::Kind::Int && v.integer != INT64_MIN) e.value = Value::of_int(-v.integer);
      else if (op == "-" && v.kind == Value::Kind::Float) e.value = Value::of_float(-v.number);
      else if (op == "+" && (v.kind == Value::Kind::Int || v.kind == Value::Kind::Float)) e.value = v;
      else if (op == "not" && v.kind == Value::Kind::Bool) e.value = Value::of_bool(!v.boolean);
      else e.value = Value::expr(source_of(e));
      return e;
    }
    Term base = postfix();
    if (failed() || !at_op("**")) return base;
    take();
    Term exponent = unary();
    if (failed()) return {};
    return combine(std::move(base), "**", std::move(exponent));
  }

  // Names with their dots, and a call of a name.
  Term postfix() {
    DepthGuard guard(*this);
    if (failed()) return {};
    Term e = atom();
    while (e.named && !failed()) {
      if (at_op(".") && peek(1).kind == Kind::Name) {
        take();
        e.value.text += "." + take().text;
        e.end = last_end();
      } else if (at_op("(")) {
        const Token& opener = take();
        PythonCall call;
        call.name = std::move(e.value.text);
        arguments(opener, call);
        e.named = false;
        e.end = last_end();
        e.value = Value::expr(source_of(e));
        e.problem.clear();
        e.call.push_back(std::move(call));
        return e;
      } else {
        break;
      }
    }
    if (e.named) {
      const std::string& name = e.value.text;
      e.problem.clear();
      if (name.find('.') == std::string::npos)
        problem(e, name + kAt + " is a name, not a value; a string needs quotes: '" + name + "'");
    }
    return e;
  }

  // Call arguments up to ')': positional and keyword=value.
  void arguments(const Token& opener, PythonCall& call) {
    while (!failed()) {
      if (at_op(")")) {
        take();
        return;
      }
      if (peek().kind == Kind::End) return never_closed(opener);
      if (at_op("*") || at_op("**")) return fail(peek(), "*args and **kwargs are not read");
      PythonArg arg;
      if (peek().kind == Kind::Name && at_op("=", 1)) {
        arg.keyword = take().text;
        take();
      }
      Term value = expression();
      if (failed()) return;
      if (value.named) arg.name = value.value.text;
      arg.value = std::move(value.value);
      arg.problem = std::move(value.problem);
      arg.call = std::move(value.call);
      call.args.push_back(std::move(arg));
      if (at_op(",")) {
        take();
      } else if (!at_op(")")) {
        if (peek().kind == Kind::End) return never_closed(opener);
        return unexpected(peek(), "expected ',' or ')' in this call but found ");
      }
    }
  }

  Term atom() {
    DepthGuard guard(*this);
    if (failed()) return {};
    const Token& t = peek();
    Term e;
    e.first = &t;
    e.begin = t.begin;
    switch (t.kind) {
      case Kind::Int:
        if (t.overflow) {
          fail(t, "the number " + t.text + kAt + " is too large for 64 bits");
          return {};
        }
        e.value = Value::of_int(t.integer);
        take();
        break;
      case Kind::Float:
        e.value = Value::of_float(t.number);
        take();
        break;
      case Kind::String: {
        std::string text = take().text;
        while (peek().kind == Kind::String) text += take().text;  // 'a' 'b' is 'ab'
        e.value = Value::of_string(std::move(text));
        break;
      }
      case Kind::Name:
        if (t.text == "True" || t.text == "False") {
          e.value = Value::of_bool(t.text == "True");
        } else if (t.text != "None") {
          e.named = true;
          e.value = Value::expr(t.text);
        }
        take();
        break;
      case Kind::Op:
        if (t.text == "(" || t.text == "[") return bracketed();
        unexpected(t, "unexpected ");
        return {};
      case Kind::End:
        fail(t, std::string("the text ends") + kAt + " in the middle of an expression");
        return {};
      case Kind::Error:
        fail(t, t.text);
        return {};
    }
    e.end = last_end();
    return e;
  }

  // (x), (), (x,), (x, y), [x, y]: a parenthesised expression is itself, not a 1-tuple.
  Term bracketed() {
    const Token& opener = take();
    bool paren = opener.text == "(";
    const char* closer = paren ? ")" : "]";
    Term e;
    e.first = &opener;
    e.begin = opener.begin;
    std::vector<Value> items;
    for (bool first = true; !failed(); first = false) {
      if (at_op(closer)) {
        take();
        break;
      }
      if (peek().kind == Kind::End) {
        never_closed(opener);
        break;
      }
      Term item = expression();
      if (failed()) break;
      if (paren && first && at_op(")")) {
        take();
        item.first = &opener;
        item.begin = opener.begin;
        item.end = last_end();
        if (item.value.kind == Value::Kind::Expr && !item.named) item.value = Value::expr(source_of(item));
        return item;
      }
      items.push_back(std::move(item.value));
      if (e.problem.empty()) e.problem = std::move(item.problem);
      if (at_op(",")) {
        take();
      } else if (!at_op(closer)) {
        if (peek().kind == Kind::End) never_closed(opener);
        else unexpected(peek(), std::string("expected ',' or '") + closer + "' but found ");
      }
    }
    if (failed()) return {};
    e.end = last_end();
    e.value = paren ? Value::tuple(std::move(items)) : Value::list(std::move(items));
    return e;
  }

  // left op right: the value by python_arithmetic, or the text kept as an expression.
  Term combine(Term left, const std::string& op, Term right) {
    Term e;
    e.first = left.first;
    e.begin = left.begin;
    e.end = right.end;
    e.problem = left.problem.empty() ? std::move(right.problem) : std::move(left.problem);
    ArithmeticFault fault = ArithmeticFault::None;
    if (python_arithmetic(left.value, op, right.value, e.value, fault)) return e;
    if (fault == ArithmeticFault::DivisionByZero) problem(e, "division by zero in " + brief(e) + kAt);
    else if (fault == ArithmeticFault::TooLarge) problem(e, brief(e) + kAt + " is too large for 64 bits");
    else if (fault == ArithmeticFault::NegativePower) problem(e, brief(e) + kAt + " is a negative power, not a whole number");
    e.value = Value::expr(source_of(e));
    return e;
  }

  std::string_view s_;
  std::vector<Token> toks_;
  bool multiline_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

}  // namespace

bool read_python_value(std::string_view text, Value& out, std::string& message) {
  Parser parser(text);
  Term t = parser.whole();
  if (parser.failed()) message = parser.error();
  else if (!t.problem.empty()) message = t.problem;
  else if (t.value.kind == Value::Kind::Expr) message = "the value must be a number, a string or a tuple of numbers";
  else {
    out = std::move(t.value);
    return true;
  }
  return false;
}

bool read_python_call(std::string_view text, PythonCall& out, std::string& message) {
  Parser parser(text);
  Term t = parser.whole();
  if (parser.failed()) {
    message = parser.error();
    return false;
  }
  if (t.call.empty()) {
    message = "expected a call such as Dense(10)";
    return false;
  }
  out = std::move(t.call[0]);
  return true;
}

bool python_arithmetic(const Value& a, std::string_view op, const Value& b, Value& out, ArithmeticFault& fault) {
  fault = ArithmeticFault::None;
  if (a.kind == Value::Kind::Int && b.kind == Value::Kind::Int) {
    int64_t x = a.integer, y = b.integer;
    std::optional<int64_t> r;
    if (op == "+") {
      r = checked_add(x, y);
    } else if (op == "-") {
      if (y != INT64_MIN) r = checked_add(x, -y);
    } else if (op == "*") {
      r = checked_mul(x, y);
    } else if (op == "//" || op == "%" || op == "/") {
      if (y == 0) {
        fault = ArithmeticFault::DivisionByZero;
        return false;
      }
      if (op == "/") {
        out = Value::of_float(static_cast<double>(x) / static_cast<double>(y));
        return true;
      }
      if (x != INT64_MIN || y != -1) {
        int64_t q = x / y, m = x % y;
        if (m != 0 && ((m < 0) != (y < 0))) {
          --q;
          m += y;
        }
        r = op == "//" ? q : m;
      }
    } else if (op == "**") {
      // 0, 1 and -1 never overflow; any other base does within 63 steps.
      if (y < 0) {
        fault = ArithmeticFault::NegativePower;
        return false;
      }
      if (x == 0 || x == 1) {
        r = y == 0 ? 1 : x;
      } else if (x == -1) {
        r = y % 2 ? -1 : 1;
      } else {
        for (r = 1; y > 0 && r; --y) r = checked_mul(*r, x);
      }
    }
    if (r) {
      out = Value::of_int(*r);
      return true;
    }
    if (op == "+" || op == "-" || op == "*" || op == "**" || op == "//") {
      fault = ArithmeticFault::TooLarge;
      return false;
    }
  }
  bool numbers = (a.kind == Value::Kind::Int || a.kind == Value::Kind::Float) &&
                 (b.kind == Value::Kind::Int || b.kind == Value::Kind::Float);
  if (numbers) {
    double x = a.kind == Value::Kind::Int ? static_cast<double>(a.integer) : a.number;
    double y = b.kind == Value::Kind::Int ? static_cast<double>(b.integer) : b.number;
    if (op == "+") out = Value::of_float(x + y);
    else if (op == "-") out = Value::of_float(x - y);
    else if (op == "*") out = Value::of_float(x * y);
    else if (op == "/" && y != 0) out = Value::of_float(x / y);
    else return false;
    return true;
  }
  if (op == "+" && a.is_sequence() && a.kind == b.kind) {
    out = a;
    out.items.insert(out.items.end(), b.items.begin(), b.items.end());
    return true;
  }
  if (op == "*" && a.is_sequence() && b.kind == Value::Kind::Int && b.integer >= 0 && b.integer <= 64) {
    out = a;
    out.items.clear();
    for (int64_t k = 0; k < b.integer; ++k) out.items.insert(out.items.end(), a.items.begin(), a.items.end());
    return true;
  }
  return false;
}

bool split_define(std::string_view text, std::string& name, std::string_view& value_text, std::string& message) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    message = "expected NAME=VALUE, e.g. IMG_SIZE=32";
    return false;
  }
  name = std::string(text.substr(0, eq));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  bool valid = !name.empty() && !is_digit(name[0]);
  for (char c : name) valid &= is_name_start(c) || is_digit(c);
  if (!valid) {
    message = "'" + name + "' is not a valid Python name";
    return false;
  }
  value_text = text.substr(eq + 1);
  return true;
}

bool read_python_define(std::string_view text, Define& out, std::string& message) {
  std::string name;
  std::string_view value_text;
  if (!split_define(text, name, value_text, message)) return false;
  Value value;
  if (!read_python_value(value_text, value, message)) {
    message = name + ": " + message;
    return false;
  }
  out = {std::move(name), std::move(value)};
  return true;
}

}  // namespace learnable
