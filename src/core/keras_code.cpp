// The Keras-code importer: a recursive-descent parser for the expression subset of Python that
// model definitions use, and an interpreter of the few statements that build a Sequential model.
// Faults are collected with their line and column; the parser resynchronises at the next element
// or statement so one bad line does not lose the rest of the model.
#include "core/keras_code.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "core/checked.h"
#include "core/layer_type.h"
#include "core/python_lexer.h"

namespace learnable {

namespace {

constexpr int kMaxDepth = 100;

struct Expr {
  enum class Kind { Literal, Name, Tuple, List, Dict, Call, Unary, Binary, Other };
  Kind kind = Kind::Other;
  Value literal;
  std::string name;  // dotted name, callee name of a Call, or the operator
  std::vector<Expr> items;
  std::vector<std::string> keywords;  // for Call: keyword of items[i] ("" when positional)
  std::vector<SourceLocation> item_where;
  bool splat = false;  // *args or **kwargs in a call
  SourceLocation where;
  size_t begin = 0;
  size_t end = 0;
};

struct ParseError {
  SourceLocation where;
  std::string message;
};

constexpr size_t kMaxMessages = 1000;
constexpr int kMaxWrapDepth = 16;  // TimeDistributed(Bidirectional(LSTM(...))) is 3

bool is_keyword_statement(std::string_view word) {
  // Every name token is checked: a length test first keeps most of them away from the table.
  if (word.size() < 2 || word.size() > 8 || word[0] < 'a' || word[0] > 'y') return false;
  static const std::unordered_set<std::string_view> words = {
      "return", "def",    "class", "import", "from",   "if",    "elif",   "else",  "for",
      "while",  "with",   "try",   "except", "finally", "pass", "raise",  "assert", "del",
      "global", "nonlocal", "print", "async", "await",  "yield", "break", "continue"};
  return words.count(word) > 0;
}

class Importer {
 public:
  Importer(std::string_view source, const std::vector<Define>& defines) : src_(source) {
    for (const Define& d : defines) caller_defines_[d.name] = d.value;
  }

  ImportResult run() {
    LexResult lexed = lex_python(src_);
    toks_ = std::move(lexed.tokens);
    for (const auto& [where, message] : lexed.warnings) {
      if (curly_warned_) continue;
      curly_warned_ = true;
      warn(where, message);
    }
    while (peek().kind != TokenKind::End && !stopped_) {
      if (peek().kind == TokenKind::Newline || (peek().kind == TokenKind::Op && peek().text == ";")) {
        ++pos_;
        continue;
      }
      size_t start = pos_;
      try {
        statement();
      } catch (const ParseError& e) {
        error(e.where, e.message);
        skip_statement(start);
      }
      if (pos_ == start) ++pos_;  // always make progress
    }
    finish();
    return std::move(result_);
  }

 private:
  // ---- tokens -------------------------------------------------------------------------------
  const Token& peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, toks_.size() - 1);
    return toks_[i];
  }
  bool at_op(std::string_view op, size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == TokenKind::Op && std::string_view(t.text) == op;
  }
  bool at_name(std::string_view word, size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == TokenKind::Name && std::string_view(t.text) == word;
  }
  const Token& take() {
    const Token& t = peek();
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }
  [[noreturn]] void fail_at(const Token& t, std::string message) const {
    throw ParseError{t.where, std::move(message)};
  }
  std::string describe(const Token& t) const {
    switch (t.kind) {
      case TokenKind::End: return "the end of the text";
      case TokenKind::Newline: return "the end of the line";
      case TokenKind::String: return "a string";
      case TokenKind::Error: return t.text;
      default: return "'" + t.text + "'";
    }
  }
  void expect_op(const char* op) {
    if (!at_op(op)) fail_at(peek(), std::string("expected '") + op + "' but found " + describe(peek()));
    take();
  }

  // Skips the rest of a statement after a fault: to the next line end, or to the next line
  // that starts at or left of the statement's indentation.
  void skip_statement(size_t start) {
    int indent = toks_[start].indent;
    if (pos_ == start) ++pos_;
    while (peek().kind != TokenKind::End && peek().kind != TokenKind::Newline) {
      if (peek().line_start && peek().indent <= indent) return;
      ++pos_;
    }
  }

  // A token that starts a new line and reads as a new statement, which means an open bracket
  // before it was never closed. Inside brackets the lexer gives no line ends but the last one.
  bool starts_new_statement(const Token& t, bool in_call = false) const {
    if (t.kind == TokenKind::End || t.kind == TokenKind::Newline) return true;
    if (!t.line_start) return false;
    if (t.indent < statement_indent_) return true;
    if (t.kind != TokenKind::Name) return false;
    if (is_keyword_statement(t.text)) return true;
    const Token& next = peek(1);
    if (&t == &peek()) {
      if (next.kind == TokenKind::Op && next.text == "+=") return true;
      if (!in_call && next.kind == TokenKind::Op && next.text == "=") return true;
      if (next.kind == TokenKind::Op && next.text == "." &&
          (variables_.count(t.text) || model_vars_.count(t.text) || t.text == "model"))
        return true;
    }
    return false;
  }

  void note_unclosed(const Token& opener, const Token& at) {
    if (stopped_) return;
    std::string where_closed = at.kind == TokenKind::End || at.kind == TokenKind::Newline
                                   ? "the end of the text"
                                   : "line " + std::to_string(at.where.line);
    if (last_unclosed_token_ == &at && !result_.warnings.empty()) {
      ImportMessage& m = result_.warnings.back();
      m.where = opener.where;
      m.excerpt = caret_excerpt(src_, opener.where);
      unclosed_chain_ = opener.text + unclosed_chain_;
      m.message = "the brackets '" + unclosed_chain_ + "' opened here are never closed; read as closed before " + where_closed;
      return;
    }
    last_unclosed_token_ = &at;
    unclosed_chain_ = opener.text;
    warn(opener.where, "the '" + opener.text + "' opened here is never closed; read as closed before " + where_closed);
  }

  // ---- expressions ----------------------------------------------------------------------------
  struct DepthGuard {
    explicit DepthGuard(Importer& p) : importer(p) {
      if (++importer.depth_ > kMaxDepth) {
        --importer.depth_;
        importer.fail_at(importer.peek(), "brackets and operators are nested too deeply here to read");
      }
    }
    ~DepthGuard() { --importer.depth_; }
    Importer& importer;
  };

  Expr make(Expr::Kind kind, const Token& first) const {
    Expr e;
    e.kind = kind;
    e.where = first.where;
    e.begin = first.offset;
    return e;
  }
  void close(Expr& e) const { e.end = pos_ > 0 ? toks_[pos_ - 1].end : 0; }

  Expr expression() {
    DepthGuard guard(*this);
    if (at_name("lambda")) {
      const Token& first = peek();
      Expr e = make(Expr::Kind::Other, first);
      take();
      while (!at_op(":") && peek().kind != TokenKind::End && peek().kind != TokenKind::Newline) take();
      expect_op(":");
      expression();
      close(e);
      return e;
    }
    Expr e = binary(0);
    if (at_name("if")) {  // conditional expression: kept verbatim
      Expr other = make(Expr::Kind::Other, toks_[pos_]);
      other.begin = e.begin;
      other.where = e.where;
      take();
      binary(0);
      if (at_name("else")) {
        take();
        expression();
      }
      close(other);
      return other;
    }
    return e;
  }

  // a, b at statement level: a tuple written without brackets (a trailing comma allowed).
  Expr expression_list() {
    Expr first = expression();
    if (!at_op(",")) return first;
    Expr tuple;
    tuple.kind = Expr::Kind::Tuple;
    tuple.where = first.where;
    tuple.begin = first.begin;
    tuple.item_where.push_back(first.where);
    tuple.items.push_back(std::move(first));
    while (at_op(",")) {
      take();
      if (peek().kind == TokenKind::Newline || peek().kind == TokenKind::End || at_op("=") || at_op(";") ||
          peek().line_start)
        break;
      tuple.item_where.push_back(peek().where);
      tuple.items.push_back(expression());
    }
    close(tuple);
    return tuple;
  }

  static int precedence(const Token& t) {
    if (t.kind == TokenKind::Name) {
      if (t.text == "or") return 1;
      if (t.text == "and") return 2;
      if (t.text == "in" || t.text == "is") return 4;
      return -1;
    }
    if (t.kind != TokenKind::Op) return -1;
    const std::string& op = t.text;
    // Most tokens met here are ',', ')' or '=': answer those without string compares.
    if (op.size() == 1 && std::string_view("|^&+-*/%@<>").find(op[0]) == std::string_view::npos) return -1;
    if (op == "==" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=") return 4;
    if (op == "|") return 5;
    if (op == "^") return 6;
    if (op == "&") return 7;
    if (op == "<<" || op == ">>") return 8;
    if (op == "+" || op == "-") return 9;
    if (op == "*" || op == "/" || op == "//" || op == "%" || op == "@") return 10;
    return -1;
  }

  Expr binary(int min_precedence) {
    DepthGuard guard(*this);
    Expr left = unary();
    // Each operator nests the expression so far one level deeper: bound the chain, so that
    // 1+1+...+1 pasted a million times cannot exhaust the stack when evaluated or freed.
    for (int chain = 0;; ++chain) {
      int p = precedence(peek());
      if (p < 0 || p < min_precedence) break;
      if (chain + depth_ > kMaxDepth) fail_at(peek(), "this expression is too long (more than " + std::to_string(kMaxDepth) + " operators)");
      std::string op = take().text;
      if (op == "is" && at_name("not")) take();
      Expr right = binary(p + 1);
      Expr e;
      e.kind = Expr::Kind::Binary;
      e.name = op;
      e.where = left.where;
      e.begin = left.begin;
      e.items.push_back(std::move(left));
      e.items.push_back(std::move(right));
      close(e);
      left = std::move(e);
    }
    return left;
  }

  Expr unary() {
    DepthGuard guard(*this);
    if (at_op("-") || at_op("+") || at_op("~") || at_name("not")) {
      const Token& first = peek();
      Expr e = make(Expr::Kind::Unary, first);
      e.name = take().text;
      e.items.push_back(unary());
      close(e);
      return e;
    }
    Expr base = postfix();
    if (at_op("**")) {
      take();
      Expr e;
      e.kind = Expr::Kind::Binary;
      e.name = "**";
      e.where = base.where;
      e.begin = base.begin;
      e.items.push_back(std::move(base));
      e.items.push_back(unary());
      close(e);
      return e;
    }
    return base;
  }

  Expr postfix() {
    DepthGuard guard(*this);
    Expr e = atom();
    while (true) {
      if (at_op(".") && peek(1).kind == TokenKind::Name) {
        take();
        std::string attr = take().text;
        if (e.kind == Expr::Kind::Name) {
          e.name += "." + attr;
        } else {
          e.kind = Expr::Kind::Other;
        }
        close(e);
      } else if (at_op("(")) {
        const Token& opener = take();
        Expr call;
        call.kind = Expr::Kind::Call;
        call.where = e.where;
        call.begin = e.begin;
        bool simple_callee = e.kind == Expr::Kind::Name;
        call.name = simple_callee ? e.name : "";
        auto alias = class_aliases_.find(call.name);  // from keras.layers import Dense as D
        if (alias != class_aliases_.end()) call.name = alias->second;
        arguments(opener, call);
        close(call);
        if (!simple_callee) call.kind = Expr::Kind::Other;
        e = std::move(call);
      } else if (at_op("[")) {
        const Token& opener = take();
        skip_balanced(opener, "]");
        e.kind = Expr::Kind::Other;
        close(e);
      } else {
        return e;
      }
    }
  }

  // Call arguments up to ')': positional, keyword=value, *args, **kwargs.
  void arguments(const Token& opener, Expr& call) {
    while (true) {
      if (at_op(")")) {
        take();
        return;
      }
      if (starts_new_statement(peek(), true)) {
        note_unclosed(opener, peek());
        return;
      }
      if (at_op("*") || at_op("**")) {
        take();
        call.splat = true;
        expression();
      } else if (peek().kind == TokenKind::Name && at_op("=", 1)) {
        const Token& key = take();
        take();
        call.keywords.push_back(key.text);
        call.item_where.push_back(key.where);
        call.items.push_back(expression());
      } else {
        call.keywords.push_back("");
        call.item_where.push_back(peek().where);
        call.items.push_back(expression());
        if (at_name("for")) comprehension_tail(call.items.back());
      }
      if (at_op(",")) {
        take();
        continue;
      }
      if (at_op(")")) continue;
      if (starts_new_statement(peek(), true)) {
        note_unclosed(opener, peek());
        return;
      }
      fail_at(peek(), "expected ',' or ')' in this call but found " + describe(peek()));
    }
  }

  // Subscripts and slices (x.shape[1:]) are kept verbatim: skip to the matching bracket.
  void skip_balanced(const Token& opener, const char* closer) {
    int depth = 0;
    while (true) {
      if (depth == 0 && at_op(closer)) {
        take();
        return;
      }
      if (starts_new_statement(peek())) {
        note_unclosed(opener, peek());
        return;
      }
      if (at_op("(") || at_op("[") || at_op("{")) ++depth;
      if ((at_op(")") || at_op("]") || at_op("}")) && depth > 0) --depth;
      take();
    }
  }

  void comprehension_tail(Expr& e) {
    e.kind = Expr::Kind::Other;
    int depth = 0;
    while (peek().kind != TokenKind::End) {
      if (depth == 0 && (at_op(")") || at_op("]") || at_op("}") || at_op(","))) break;
      if (at_op("(") || at_op("[") || at_op("{")) ++depth;
      if (at_op(")") || at_op("]") || at_op("}")) --depth;
      take();
    }
    close(e);
  }

  // Elements up to `closer`. Faults inside one element are reported and the element skipped.
  void sequence(const Token& opener, const char* closer, Expr& out) {
    bool dict = out.kind == Expr::Kind::Dict;
    while (!stopped_) {
      if (at_op(closer)) {
        take();
        return;
      }
      if (starts_new_statement(peek())) {
        note_unclosed(opener, peek());
        return;
      }
      size_t element_start = pos_;
      try {
        out.item_where.push_back(peek().where);
        Expr item = expression();
        if (dict && at_op(":")) {
          take();
          item = expression();
        }
        if (at_name("for")) comprehension_tail(item);
        out.items.push_back(std::move(item));
      } catch (const ParseError& e) {
        error(e.where, e.message);
        out.item_where.resize(out.items.size());
        skip_element(element_start, closer);
        if (peek().line_start && !at_op(",") && !at_op(closer) && !starts_new_statement(peek())) continue;
      }
      if (at_op(",")) {
        take();
        continue;
      }
      if (at_op(closer)) continue;
      if (starts_new_statement(peek())) {
        note_unclosed(opener, peek());
        return;
      }
      const Token& bad = peek();
      error(bad.where, std::string("expected ',' or '") + closer + "' but found " + describe(bad));
      if (bad.line_start) continue;  // a missing comma at the end of the line before: read on
      skip_element(pos_, closer);
      if (at_op(",")) take();
    }
  }

  // Skips a faulty element, scanning again from its first token: to the next ',' or closer at
  // its own nesting level, to a closer left unmatched by a bracket opened inside it, or to a line
  // that starts the next element or statement (after a string or bracket left open).
  void skip_element(size_t start, const char* closer) {
    if (stopped_) return;
    pos_ = start;
    const Token& first = peek();
    std::string open;  // the closers expected, innermost last
    while (peek().kind != TokenKind::End) {
      const Token& t = peek();
      bool closing = at_op(")") || at_op("]") || at_op("}");
      if (pos_ > start && t.line_start && !closing) {
        if (open.empty() && starts_new_statement(t)) break;
        if (t.where.line > first.where.line &&
            (t.indent <= statement_indent_ || (first.line_start && t.indent <= first.indent)))
          break;
      }
      if (open.empty() && (at_op(",") || at_op(closer))) break;
      if (at_op("(")) open += ')';
      if (at_op("[")) open += ']';
      if (at_op("{")) open += '}';
      if (closing && !open.empty()) {
        if (t.text[0] == open.back()) open.pop_back();
        else if (at_op(closer)) break;  // a bracket opened in the element was never closed
      }
      take();
    }
    if (pos_ == start && !at_op(",") && !at_op(closer)) take();
  }

  Expr atom() {
    DepthGuard guard(*this);
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::Int: {
        Expr e = make(Expr::Kind::Literal, t);
        if (t.overflow) fail_at(t, "the number " + t.text + " is too large for 64 bits");
        e.literal = Value::of_int(t.integer);
        take();
        close(e);
        return e;
      }
      case TokenKind::Float: {
        Expr e = make(Expr::Kind::Literal, t);
        e.literal = Value::of_float(t.number);
        take();
        close(e);
        return e;
      }
      case TokenKind::String: {
        Expr e = make(Expr::Kind::Literal, t);
        std::string text = take().text;
        while (peek().kind == TokenKind::String) text += take().text;  // 'a' 'b' concatenation
        e.literal = Value::of_string(std::move(text));
        close(e);
        return e;
      }
      case TokenKind::Name: {
        Expr e = make(Expr::Kind::Name, t);
        if (t.text == "True" || t.text == "False") {
          e.kind = Expr::Kind::Literal;
          e.literal = Value::of_bool(t.text == "True");
        } else if (t.text == "None") {
          e.kind = Expr::Kind::Literal;
        } else if (is_keyword_statement(t.text) && t.text != "print") {
          fail_at(t, "unexpected '" + t.text + "' inside an expression");
        }
        e.name = take().text;
        close(e);
        return e;
      }
      case TokenKind::Op: {
        if (t.text == "(" || t.text == "[" || t.text == "{") {
          const Token& opener = take();
          Expr e = make(t.text == "(" ? Expr::Kind::Tuple : t.text == "[" ? Expr::Kind::List : Expr::Kind::Dict, opener);
          // A parenthesised single expression is not a tuple: (3) vs (3,).
          if (opener.text == "(") {
            if (at_op(")")) {
              take();
              close(e);
              return e;
            }
            if (starts_new_statement(peek())) {
              note_unclosed(opener, peek());
              close(e);
              return e;
            }
            Expr first = expression();
            if (at_name("for")) comprehension_tail(first);
            if (at_op(")")) {
              take();
              first.begin = e.begin;
              first.where = e.where;
              close(first);
              return first;
            }
            e.items.push_back(std::move(first));
            e.item_where.push_back(e.where);
            if (at_op(",")) take();
            else if (!starts_new_statement(peek())) fail_at(peek(), "expected ',' or ')' but found " + describe(peek()));
          }
          sequence(opener, opener.text == "(" ? ")" : opener.text == "[" ? "]" : "}", e);
          close(e);
          return e;
        }
        if (t.text == "...") {
          Expr e = make(Expr::Kind::Other, t);
          take();
          close(e);
          return e;
        }
        fail_at(t, "unexpected " + describe(t));
      }
      case TokenKind::Newline:
        fail_at(t, "this line ends in the middle of an expression");
      case TokenKind::End:
        fail_at(t, "the text ends in the middle of an expression");
      case TokenKind::Error:
        fail_at(t, t.text);
    }
    fail_at(t, "unexpected " + describe(t));
  }

  // ---- evaluation ---------------------------------------------------------------------------
  struct Problem {
    SourceLocation where;
    std::string name;     // an undefined name, when that is the problem
    std::string message;  // otherwise
  };

  std::string source_of(const Expr& e) const {
    if (e.end <= e.begin || e.end > src_.size()) return e.name;
    std::string text(src_.substr(e.begin, e.end - e.begin));
    // Collapse runs of whitespace so verbatim values stay one line.
    std::string out;
    bool space = false;
    for (char c : text) {
      if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
    return out;
  }

  // The source of an expression for a message: cut short when long (a pasted 10,000 '[').
  std::string brief(const Expr& e) const {
    std::string text = source_of(e);
    if (text.size() <= 60) return text;
    size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
  }

  const Value* lookup(const std::string& name) const {
    auto caller = caller_defines_.find(name);
    if (caller != caller_defines_.end()) return &caller->second;
    auto own = constants_.find(name);
    if (own != constants_.end()) return &own->second;
    return nullptr;
  }

  Value evaluate(const Expr& e, std::vector<Problem>& problems) {
    switch (e.kind) {
      case Expr::Kind::Literal: return e.literal;
      case Expr::Kind::Name: {
        if (const Value* v = lookup(e.name)) return *v;
        auto deferred = deferred_.find(e.name);
        if (deferred != deferred_.end()) {
          problems.insert(problems.end(), deferred->second.begin(), deferred->second.end());
          return Value::expr(e.name);
        }
        if (e.name.find('.') == std::string::npos) problems.push_back({e.where, e.name, ""});
        return Value::expr(e.name);
      }
      case Expr::Kind::Tuple:
      case Expr::Kind::List: {
        std::vector<Value> items;
        for (const Expr& item : e.items) items.push_back(evaluate(item, problems));
        return e.kind == Expr::Kind::Tuple ? Value::tuple(std::move(items)) : Value::list(std::move(items));
      }
      case Expr::Kind::Unary: {
        Value v = evaluate(e.items[0], problems);
        if (e.name == "-" && v.kind == Value::Kind::Int && v.integer != INT64_MIN) return Value::of_int(-v.integer);
        if (e.name == "-" && v.kind == Value::Kind::Float) return Value::of_float(-v.number);
        if (e.name == "+" && (v.kind == Value::Kind::Int || v.kind == Value::Kind::Float)) return v;
        if (e.name == "not" && v.kind == Value::Kind::Bool) return Value::of_bool(!v.boolean);
        return Value::expr(source_of(e));
      }
      case Expr::Kind::Binary: return evaluate_binary(e, problems);
      default: return Value::expr(source_of(e));
    }
  }

  Value evaluate_binary(const Expr& e, std::vector<Problem>& problems) {
    Value a = evaluate(e.items[0], problems);
    Value b = evaluate(e.items[1], problems);
    const std::string& op = e.name;
    if (a.kind == Value::Kind::Int && b.kind == Value::Kind::Int) {
      int64_t x = a.integer, y = b.integer;
      std::optional<int64_t> r;
      if (op == "+") r = checked_add(x, y);
      else if (op == "-") r = y == INT64_MIN ? std::nullopt : checked_add(x, -y);
      else if (op == "*") r = checked_mul(x, y);
      else if (op == "//" || op == "%") {
        if (y == 0) {
          problems.push_back({e.where, "", "division by zero in " + brief(e)});
          return Value::expr(source_of(e));
        }
        if (x == INT64_MIN && y == -1) r = std::nullopt;
        else {
          int64_t q = x / y, m = x % y;
          if (m != 0 && ((m < 0) != (y < 0))) {
            --q;
            m += y;
          }
          r = op == "//" ? q : m;
        }
      } else if (op == "/") {
        if (y == 0) {
          problems.push_back({e.where, "", "division by zero in " + brief(e)});
          return Value::expr(source_of(e));
        }
        return Value::of_float(static_cast<double>(x) / static_cast<double>(y));
      } else if (op == "**" && y >= 0) {
        int64_t p = 1;
        r = p;
        for (int64_t k = 0; k < y && r; ++k) r = checked_mul(*r, x);
      }
      if (r) return Value::of_int(*r);
      if (op == "+" || op == "-" || op == "*" || op == "**" || op == "//") {
        problems.push_back({e.where, "", brief(e) + " is too large for 64 bits"});
        return Value::expr(source_of(e));
      }
    }
    if ((a.kind == Value::Kind::Int || a.kind == Value::Kind::Float) &&
        (b.kind == Value::Kind::Int || b.kind == Value::Kind::Float)) {
      double x = a.kind == Value::Kind::Int ? static_cast<double>(a.integer) : a.number;
      double y = b.kind == Value::Kind::Int ? static_cast<double>(b.integer) : b.number;
      if (op == "+") return Value::of_float(x + y);
      if (op == "-") return Value::of_float(x - y);
      if (op == "*") return Value::of_float(x * y);
      if (op == "/" && y != 0) return Value::of_float(x / y);
    }
    if (op == "+" && a.is_sequence() && b.is_sequence() && a.kind == b.kind) {
      Value joined = a;
      joined.items.insert(joined.items.end(), b.items.begin(), b.items.end());
      return joined;
    }
    if (op == "*" && a.is_sequence() && b.kind == Value::Kind::Int && b.integer >= 0 && b.integer <= 64) {
      Value repeated = a;
      repeated.items.clear();
      for (int64_t k = 0; k < b.integer; ++k) repeated.items.insert(repeated.items.end(), a.items.begin(), a.items.end());
      return repeated;
    }
    return Value::expr(source_of(e));
  }

  // Reports the problems of a value that matters (a count, a shape), once per undefined name.
  void report(const std::vector<Problem>& problems, const std::string& layer_name) {
    for (const Problem& p : problems) {
      if (!p.name.empty()) {
        if (std::find(result_.undefined_names.begin(), result_.undefined_names.end(), p.name) != result_.undefined_names.end())
          continue;
        result_.undefined_names.push_back(p.name);
        error(p.where, p.name + " is not defined; give it a value", layer_name);
      } else {
        error(p.where, p.message, layer_name);
      }
    }
  }

  // ---- statements ---------------------------------------------------------------------------
  void statement() {
    const Token& first = peek();
    statement_indent_ = first.indent;
    if (first.line_start)
      while (!blocks_.empty() && blocks_.back().first >= first.indent) blocks_.pop_back();
    if (first.kind == TokenKind::Op && first.text == "@") return skip_line();
    // Notebook lines that are not Python: %magic and !shell commands.
    if (first.kind == TokenKind::Op && first.line_start && (first.text == "%" || first.text == "!")) return skip_line();
    if (first.kind == TokenKind::Name) {
      const std::string& word = first.text;
      if (word == "import" || word == "from") return import_statement();
      if (word == "def" || word == "class" || word == "if" || word == "elif" || word == "else" ||
          word == "for" || word == "while" || word == "with" || word == "try" || word == "except" ||
          word == "finally" || word == "async") {
        blocks_.push_back({first.indent, word});
        if (word == "def") read_parameter_defaults();
        if (word == "class") subclassed_model_header();
        return block_header();
      }
      if (word == "return") {
        take();
        if (peek().kind == TokenKind::Newline || peek().kind == TokenKind::End) return;
        Expr value = expression();
        model_expression(value, "");
        return end_of_statement();
      }
      if (word == "pass" || word == "break" || word == "continue" || word == "global" ||
          word == "nonlocal" || word == "del" || word == "raise" || word == "assert")
        return skip_line();
    }
    Expr target = expression_list();
    if (at_op("=")) {
      take();
      std::vector<Expr> targets{std::move(target)};
      Expr value = expression_list();
      while (at_op("=")) {  // a = b = value
        take();
        targets.push_back(std::move(value));
        value = expression_list();
      }
      for (const Expr& t : targets) assign(t, value);
      return end_of_statement();
    }
    if (peek().kind == TokenKind::Op && peek().text.size() >= 2 && peek().text.back() == '=' &&
        peek().text != "==" && peek().text != "!=" && peek().text != "<=" && peek().text != ">=") {
      // Augmented assignment: N += 1 updates a constant; x_train /= 255 is not part of a model.
      Expr updated = make(Expr::Kind::Binary, peek());
      updated.name = take().text;
      updated.name.pop_back();
      updated.where = target.where;
      updated.begin = target.begin;
      updated.items.push_back(target);
      updated.items.push_back(expression());
      close(updated);
      if (target.kind == Expr::Kind::Name && (constants_.count(target.name) || deferred_.count(target.name)))
        assign(target, updated);
      return end_of_statement();
    }
    if (at_op(":")) {  // annotated assignment or a bare block header
      take();
      if (peek().kind != TokenKind::Newline && peek().kind != TokenKind::End) expression();
      if (at_op("=")) {
        take();
        Expr value = expression();
        assign(target, value);
      }
      return end_of_statement();
    }
    call_statement(target);
    end_of_statement();
  }

  void end_of_statement() {
    if (peek().kind == TokenKind::Newline || peek().kind == TokenKind::End) return;
    if (at_op(";")) return;
    if (peek().line_start) return;  // after a recovered unclosed bracket
    fail_at(peek(), "unexpected " + describe(peek()) + " after the end of the statement");
  }

  void skip_line() {
    while (peek().kind != TokenKind::Newline && peek().kind != TokenKind::End) {
      take();
      if (peek().line_start) return;
    }
  }

  // def create_model(img_size=32, num_classes=10):  the defaults are read as constants, so a
  // model built from the parameters counts as a call with no arguments would. Leaves pos_ as is.
  void read_parameter_defaults() {
    size_t start = pos_;
    take();
    if (peek().kind == TokenKind::Name && at_op("(", 1)) {
      take();
      take();
      try {
        while (peek().kind == TokenKind::Name || at_op("*") || at_op("**") || at_op("/")) {
          if (peek().kind == TokenKind::Name) {
            Expr param = make(Expr::Kind::Name, peek());
            param.name = take().text;
            close(param);
            if (at_op(":")) {
              take();
              expression();
            }
            if (at_op("=")) {
              take();
              Expr value = expression();
              if (value.kind != Expr::Kind::Call && value.kind != Expr::Kind::Other) assign(param, value);
            }
          } else {
            take();
          }
          if (!at_op(",")) break;
          take();
        }
      } catch (const ParseError&) {
        // The header is skipped as before; its faults are not the model's.
      }
    }
    pos_ = start;
  }

  // class MyModel(tf.keras.Model):  a subclassed model is built by running its call().
  void subclassed_model_header() {
    for (size_t k = pos_; k < toks_.size() && toks_[k].kind != TokenKind::Newline; ++k) {
      const Token& t = toks_[k];
      if (k > pos_ && t.line_start) return;
      if (t.kind != TokenKind::Name || last_component(t.text) != "Model" || functional_warned_) continue;
      functional_warned_ = true;
      error(toks_[pos_].where, "this is a subclassed model (class ...(Model)); Learnable reads Sequential models: "
                               "list its layers in Sequential([...]) to count them");
      return;
    }
  }

  void block_header() {
    // def f(...):  /  if x:  /  with tf.device(...):  — the body's statements are read as usual.
    int depth = 0;
    while (peek().kind != TokenKind::End) {
      if (at_op("(") || at_op("[") || at_op("{")) ++depth;
      if ((at_op(")") || at_op("]") || at_op("}")) && depth > 0) --depth;
      if (depth == 0 && at_op(":")) {
        take();
        return;
      }
      if (peek().kind == TokenKind::Newline) return;
      take();
      if (peek().line_start && depth == 0) return;
    }
  }

  void import_statement() {
    // import tensorflow as tf / from tensorflow.keras import layers, Sequential / ... as L
    bool from = take().text == "from";
    std::string module;
    if (from) {
      while ((peek().kind == TokenKind::Name && peek().text != "import") || at_op(".")) module += take().text;
      if (!at_name("import")) fail_at(peek(), "expected 'import' in this from-import");
      take();
    }
    bool parenthesised = at_op("(");
    if (parenthesised) take();
    while (peek().kind == TokenKind::Name || at_op("*")) {
      std::string name = take().text;
      while (at_op(".") && peek(1).kind == TokenKind::Name) {
        take();
        name += "." + take().text;
      }
      std::string alias = name;
      if (at_name("as")) {
        take();
        if (peek().kind != TokenKind::Name) fail_at(peek(), "expected a name after 'as'");
        alias = take().text;
      }
      module_aliases_.insert(alias);
      if (from && alias != name) class_aliases_[alias] = name;
      if (!at_op(",")) break;
      take();
    }
    if (parenthesised) expect_op(")");
  }

  static std::string last_component(const std::string& dotted) {
    size_t dot = dotted.rfind('.');
    return dot == std::string::npos ? dotted : dotted.substr(dot + 1);
  }

  static bool is_sequential_call(const Expr& e) {
    return e.kind == Expr::Kind::Call && last_component(e.name) == "Sequential";
  }

  static bool is_input_call(const Expr& e) {
    return e.kind == Expr::Kind::Call && (last_component(e.name) == "Input" || last_component(e.name) == "InputLayer");
  }

  // How many layers deep a stored layer call wraps: TimeDistributed(Dense(8)) is 2.
  static int wrap_depth(const Expr& call) {
    int deepest = 0;
    for (const Expr& item : call.items)
      if (item.kind == Expr::Kind::Call) deepest = std::max(deepest, wrap_depth(item));
    return deepest + 1;
  }

  // A layer call as stored in a variable, with the layer variables it wraps replaced by their
  // calls as they are now, as Python evaluates them: dense = TimeDistributed(dense) wraps the
  // Dense, and no stored call refers to a variable (so none refers to itself).
  Expr resolved_layer_call(const Expr& call) const {
    Expr out = call;
    for (Expr& item : out.items) {
      if (item.kind != Expr::Kind::Name) continue;
      auto it = layer_variables_.find(item.name);
      if (it != layer_variables_.end() && wrap_depth(it->second) < kMaxWrapDepth) item = it->second;
    }
    return out;
  }

  void assign(const Expr& target, const Expr& value) {
    if (target.kind == Expr::Kind::Tuple || target.kind == Expr::Kind::List) {
      // n_steps, n_features = 30, 1 pairs up; (x, y), (a, b) = load_data() leaves names unknown.
      bool paired = (value.kind == Expr::Kind::Tuple || value.kind == Expr::Kind::List) &&
                    value.items.size() == target.items.size();
      for (size_t k = 0; k < target.items.size(); ++k) {
        if (paired) assign(target.items[k], value.items[k]);
        else forget(target.items[k]);
      }
      if (!paired && value.kind == Expr::Kind::Call) call_statement(value);
      return;
    }
    if (target.kind != Expr::Kind::Name) {
      if (value.kind == Expr::Kind::Call) call_statement(value);
      return;
    }
    if (value.kind != Expr::Kind::Call || !looks_like_layer_call(value)) layer_variables_.erase(target.name);
    if (is_sequential_call(value)) {
      model_expression(value, target.name);
      return;
    }
    if (value.kind == Expr::Kind::Call && looks_like_layer_call(value)) {
      Expr resolved = resolved_layer_call(value);
      layer_variables_[target.name] = std::move(resolved);
      return;
    }
    std::vector<Problem> problems;
    Value v = evaluate(value, problems);
    if (problems.empty() && v.kind != Value::Kind::Expr) {
      if (caller_defines_.count(target.name) && !(caller_defines_[target.name] == v) && !overridden_.count(target.name)) {
        overridden_.insert(target.name);
        warn(target.where, target.name + " = " + v.to_python() + " in the text; using the given value " +
                               caller_defines_[target.name].to_python());
      }
      constants_[target.name] = v;
      deferred_.erase(target.name);
    } else {
      constants_.erase(target.name);
      variables_.insert(target.name);
      // SHAPE = (IMG_SIZE, IMG_SIZE, 3) with IMG_SIZE undefined: a use of SHAPE reports
      // IMG_SIZE, the name to supply, rather than SHAPE.
      bool only_undefined = !problems.empty() && std::all_of(problems.begin(), problems.end(),
                                                              [](const Problem& p) { return !p.name.empty(); });
      deferred_.erase(target.name);
      if (only_undefined) {
        std::vector<Problem> roots;
        for (const Problem& p : problems)
          if (std::none_of(roots.begin(), roots.end(), [&](const Problem& r) { return r.name == p.name; })) roots.push_back(p);
        deferred_[target.name] = std::move(roots);
      }
    }
    if (value.kind == Expr::Kind::Call) call_statement(value);
  }

  // A name assigned something we cannot evaluate (a, b = f()): no longer a known constant.
  void forget(const Expr& target) {
    if (target.kind == Expr::Kind::Tuple || target.kind == Expr::Kind::List) {
      for (const Expr& item : target.items) forget(item);
      return;
    }
    if (target.kind != Expr::Kind::Name) return;
    constants_.erase(target.name);
    deferred_.erase(target.name);
    layer_variables_.erase(target.name);
    variables_.insert(target.name);
  }

  bool looks_like_layer_call(const Expr& call) const {
    std::string type = last_component(call.name);
    if (type == "Sequential" || type == "Input") return false;
    if (find_layer_type(type)) return true;
    std::string prefix = call.name.size() > type.size() ? call.name.substr(0, call.name.size() - type.size() - 1) : "";
    return last_component(prefix) == "layers";
  }

  // model.add(...), model.build(...), and calls we read past.
  void call_statement(const Expr& call) {
    if (call.kind != Expr::Kind::Call) return;
    if (is_sequential_call(call)) return model_expression(call, "");
    if (last_component(call.name) == "Model" && !functional_warned_) {
      functional_warned_ = true;
      error(call.where, "this is a functional-API model (Model(inputs, outputs)); Learnable reads Sequential models: "
                        "rewrite it as Sequential([...]) to count it");
      return;
    }
    size_t dot = call.name.rfind('.');
    if (dot == std::string::npos) return;
    std::string object = call.name.substr(0, dot);
    std::string method = call.name.substr(dot + 1);
    bool is_model = model_vars_.count(object) > 0;
    if (method == "add" && (is_model || (!have_model_ && object.find('.') == std::string::npos && !module_aliases_.count(object)))) {
      if (!is_model) {
        if (!have_model_) warn(call.where, "no Sequential(...) seen before " + object + ".add(...); reading the add calls as one Sequential model");
        start_model(object);
      }
      if (call.items.empty()) {
        error(call.where, object + ".add() needs a layer");
        return;
      }
      note_enclosing_blocks(call.where);
      add_element(call.items[0]);
      return;
    }
    if (method == "pop" && is_model) {
      if (!result_.model.layers.empty()) result_.model.layers.pop_back();
      return;
    }
    if (method == "build" && is_model && !call.items.empty()) {
      std::vector<Problem> problems;
      Value shape = evaluate(call.items[0], problems);
      report(problems, "");
      if (!problems.empty()) return;
      std::optional<Shape> parsed = shape_from(shape, true);
      if (!parsed) {
        error(call.items[0].where, "cannot read the input shape " + shape.to_python() + " given to build()");
        return;
      }
      if (!result_.model.input_shape) {
        result_.model.input_shape = parsed;
        input_where_ = call.where;
      }
    }
  }

  // The body of a loop or an if is read once, as straight-line code: say so where it adds layers.
  void note_enclosing_blocks(SourceLocation where) {
    for (const auto& [indent, keyword] : blocks_) {
      if ((keyword == "for" || keyword == "while") && !loop_warned_) {
        loop_warned_ = true;
        warn(where, "layers added inside a " + keyword + " loop are read once; Learnable does not run loops, "
                    "so write the layers out to count every repetition");
      }
      if ((keyword == "if" || keyword == "elif" || keyword == "else") && !branch_warned_) {
        branch_warned_ = true;
        warn(where, "layers added under if/else are read in every branch; Learnable does not decide which one runs");
      }
    }
  }

  void start_model(const std::string& var) {
    if (!var.empty()) model_vars_.insert(var);
    if (have_model_) return;
    have_model_ = true;
  }

  // Sequential([...]) wherever it appears: assigned, returned, or alone.
  void model_expression(const Expr& e, const std::string& var) {
    if (!is_sequential_call(e)) {
      if (e.kind == Expr::Kind::Call) call_statement(e);
      return;
    }
    if (have_model_ && (var.empty() || !model_vars_.count(var))) {
      if (!second_model_warned_) {
        second_model_warned_ = true;
        warn(e.where, "the text builds more than one Sequential model; reading the first one only");
      }
      return;
    }
    start_model(var);
    if (e.splat) warn(e.where, "*args and **kwargs in Sequential(...) are not read");
    for (size_t k = 0; k < e.items.size(); ++k) {
      const std::string& keyword = e.keywords[k];
      if (keyword == "name" || keyword == "trainable") continue;
      if (!keyword.empty() && keyword != "layers") {
        warn(e.item_where[k], "Sequential has no argument '" + keyword + "'; ignored");
        continue;
      }
      if (!keyword.empty() || k == 0) {
        const Expr& list = e.items[k];
        if (list.kind == Expr::Kind::List || list.kind == Expr::Kind::Tuple) {
          for (const Expr& element : list.items) add_element(element);
        } else if (list.kind == Expr::Kind::Literal && list.literal.is_none()) {
        } else {
          error(list.where, "Sequential expects a list of layers, got " + brief(list));
        }
      }
    }
  }

  // One element of the model: a layer call, an Input, or a variable holding a layer.
  void add_element(const Expr& element) {
    if (element.kind == Expr::Kind::Name) {
      auto it = layer_variables_.find(element.name);
      if (it != layer_variables_.end()) return add_element(it->second);
      error(element.where, "'" + element.name + "' is not a layer defined in this text");
      return;
    }
    if (element.kind != Expr::Kind::Call) {
      if (element.kind == Expr::Kind::Other && element.end > element.begin)
        error(element.where, "cannot read '" + brief(element) + "' as a layer without running Python");
      else
        error(element.where, "expected a layer here, found " + brief(element));
      return;
    }
    if (is_input_call(element)) return input_element(element);
    if (is_sequential_call(element)) {
      error(element.where, "a Sequential model nested in another is not supported; list its layers instead");
      return;
    }
    Layer layer;
    if (!build_layer(element, layer, true)) return;
    result_.model.layers.push_back(std::move(layer));
  }

  void input_element(const Expr& call) {
    std::string kind = last_component(call.name);
    if (!result_.model.layers.empty()) {
      error(call.where, kind + " must come before the first layer");
      return;
    }
    const Expr* shape_expr = nullptr;
    bool with_batch = false;
    for (size_t k = 0; k < call.items.size(); ++k) {
      const std::string& keyword = call.keywords[k];
      if ((keyword.empty() && k == 0) || keyword == "shape" || keyword == "input_shape") {
        shape_expr = &call.items[k];
        with_batch = false;
      } else if (keyword == "batch_shape" || keyword == "batch_input_shape") {
        shape_expr = &call.items[k];
        with_batch = true;
      }
    }
    if (!shape_expr) {
      error(call.where, kind + "(...) needs shape=(...)");
      return;
    }
    set_input_shape(*shape_expr, with_batch, kind);
  }

  void set_input_shape(const Expr& shape_expr, bool with_batch, const std::string& where_name) {
    std::vector<Problem> problems;
    Value shape = evaluate(shape_expr, problems);
    report(problems, "");
    if (!problems.empty()) return;
    std::optional<Shape> parsed = shape_from(shape, with_batch);
    if (!parsed) {
      error(shape_expr.where, "cannot read " + shape.to_python() + " as an input shape; write it as a tuple such as (32, 32, 3)");
      return;
    }
    if (result_.model.input_shape) {
      if (*result_.model.input_shape != *parsed)
        warn(shape_expr.where, "the input shape was already given; this " + where_name + " is ignored, as Keras does");
      return;
    }
    result_.model.input_shape = parsed;
    input_where_ = shape_expr.where;
  }

  // A tuple of ints or None (the batch dimension dropped when with_batch).
  static std::optional<Shape> shape_from(const Value& v, bool with_batch) {
    Shape shape;
    if (v.kind == Value::Kind::Int) {
      if (with_batch || v.integer <= 0) return std::nullopt;
      return Shape{v.integer};
    }
    if (!v.is_sequence()) return std::nullopt;
    for (const Value& item : v.items) {
      if (item.is_none()) shape.push_back(kUnknown);
      else if (item.kind == Value::Kind::Int && item.integer > 0) shape.push_back(item.integer);
      else return std::nullopt;
    }
    if (with_batch) {
      if (shape.empty()) return std::nullopt;
      shape.erase(shape.begin());
    }
    return shape;
  }

  bool build_layer(const Expr& call, Layer& layer, bool top_level) {
    layer.type = canonical_type_name(last_component(call.name));
    layer.where = call.where;
    const LayerType* type = find_layer_type(layer.type);
    if (call.splat) warn(call.where, "*args and **kwargs in " + layer.type + "(...) are not read");
    size_t positional = 0;
    for (size_t k = 0; k < call.items.size(); ++k) {
      const Expr& item = call.items[k];
      std::string name = call.keywords[k];
      SourceLocation where = call.item_where[k];
      if (name.empty()) {
        if (!type) {
          warn(where, "positional argument " + std::to_string(positional + 1) + " of the unknown layer " + layer.type + " is not read");
          ++positional;
          continue;
        }
        size_t limit = std::min(type->positional, type->args.size());
        if (positional >= limit) {
          if (positional++ == limit)
            error(where, layer.type + " takes at most " + std::to_string(limit) + " positional arguments; the ones from here on are not read", "");
          continue;
        }
        name = type->args[positional++].name;
      }
      if (layer.find_arg(name) || (name == "name" && !layer.name.empty())) {
        error(where, layer.type + " got '" + name + "' twice");
        continue;
      }
      const ArgSpec* spec = type ? type->find_arg(name) : nullptr;
      if (spec && spec->kind == ArgKind::Wrapped) {
        wrapped_argument(item, layer, name);
        continue;
      }
      if (name == "backward_layer" && item.kind == Expr::Kind::Call) {
        wrapped_argument(item, layer, name);
        continue;
      }
      std::vector<Problem> problems;
      Value value = evaluate(item, problems);
      bool matters = !spec || (spec->kind != ArgKind::Activation && spec->kind != ArgKind::Any);
      if (name == "name") {
        if (value.kind == Value::Kind::String) {
          layer.name = value.text;
        } else {
          // name=Conv1 written without quotes: Keras would fail on an undefined name; we read it as meant.
          if (item.kind == Expr::Kind::Name && item.name.find('.') == std::string::npos) {
            warn(item.where, "name=" + item.name + " has no quotes; read as the string '" + item.name + "'");
            layer.name = item.name;
          } else {
            error(item.where, "a layer's name must be a string, got " + value.to_python());
          }
        }
        continue;
      }
      // Embedding's input_dim is its vocabulary size, not the model's input.
      if (!spec && (name == "input_shape" || name == "batch_input_shape" || name == "input_dim" || name == "batch_shape")) {
        if (!top_level) continue;
        if (!result_.model.layers.empty()) {
          warn(where, name + " on a layer after the first is ignored, as Keras does");
          continue;
        }
        if (name == "input_dim") {
          Expr tuple;
          tuple.kind = Expr::Kind::Tuple;
          tuple.where = item.where;
          tuple.items.push_back(item);
          set_input_shape(tuple, false, name);
        } else {
          set_input_shape(item, name != "input_shape", name);
        }
        continue;
      }
      if (matters) report(problems, layer.name);
      else if (value.kind == Value::Kind::Expr && item.kind == Expr::Kind::Name) value = Value::expr(item.name);
      layer.args.push_back({name, std::move(value), where});
    }
    return true;
  }

  void wrapped_argument(const Expr& item, Layer& layer, const std::string& name) {
    const Expr* call = &item;
    if (item.kind == Expr::Kind::Name) {
      auto it = layer_variables_.find(item.name);
      if (it != layer_variables_.end()) call = &it->second;
    }
    if (call->kind == Expr::Kind::Call && wrapping_ >= kMaxWrapDepth) {
      error(item.where, "layers are wrapped too deeply here to read (more than " + std::to_string(kMaxWrapDepth) + ")");
      return;
    }
    if (call->kind != Expr::Kind::Call) {
      error(item.where, layer.type + "'s " + name + " must be a layer such as LSTM(32), got " + brief(item));
      return;
    }
    Layer inner;
    ++wrapping_;
    build_layer(*call, inner, false);
    --wrapping_;
    if (name == "backward_layer") {
      if (layer.inner.empty()) layer.inner.emplace_back();
      layer.inner.push_back(std::move(inner));
    } else {
      if (layer.inner.empty()) layer.inner.push_back(std::move(inner));
      else layer.inner[0] = std::move(inner);
    }
  }

  void finish() {
    if (!have_model_ && result_.model.layers.empty()) {
      if (!result_.errors.empty()) return;
      error({1, 1}, "no Keras Sequential model found: expected Sequential([...]) or model.add(...)");
    }
    if (result_.model.layers.empty() && have_model_ && result_.errors.empty())
      warn({1, 1}, "the Sequential model has no layers");
  }

  // Past kMaxMessages errors, reading stops: the parser jumps to the end of the text (the
  // statement in progress keeps what it has read), so pathological pastes end quickly.
  void error(SourceLocation where, std::string message, std::string layer = "") {
    if (stopped_) return;
    result_.errors.push_back({where, std::move(message), caret_excerpt(src_, where), std::move(layer)});
    if (result_.errors.size() + 1 >= kMaxMessages) {
      result_.errors.push_back({where, "too many errors; stopped reading at line " + std::to_string(where.line), "", ""});
      stopped_ = true;
      pos_ = toks_.size() - 1;
    }
  }
  void warn(SourceLocation where, std::string message) {
    if (result_.warnings.size() >= kMaxMessages) return;
    result_.warnings.push_back({where, std::move(message), caret_excerpt(src_, where), ""});
  }

  std::string_view src_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  int depth_ = 0;
  int statement_indent_ = 0;
  ImportResult result_;
  std::map<std::string, Value> caller_defines_;
  std::map<std::string, Value> constants_;
  std::set<std::string> overridden_;
  std::set<std::string> variables_;
  std::set<std::string> model_vars_;
  std::set<std::string> module_aliases_;
  std::map<std::string, std::string> class_aliases_;  // alias -> the class it names
  std::map<std::string, Expr> layer_variables_;
  std::map<std::string, std::vector<Problem>> deferred_;  // names assigned from undefined names
  bool have_model_ = false;
  bool second_model_warned_ = false;
  bool functional_warned_ = false;
  bool curly_warned_ = false;
  bool stopped_ = false;  // too many errors
  int wrapping_ = 0;      // layers being built inside the one being built
  bool loop_warned_ = false;
  bool branch_warned_ = false;
  std::vector<std::pair<int, std::string>> blocks_;  // enclosing block headers: indent, keyword
  SourceLocation input_where_;
  const Token* last_unclosed_token_ = nullptr;
  std::string unclosed_chain_;

 public:
  // For parse_define: one expression, evaluated.
  bool evaluate_alone(Value& out, std::string& message) {
    toks_ = lex_python(src_).tokens;
    try {
      Expr e = expression();
      if (peek().kind != TokenKind::Newline && peek().kind != TokenKind::End) fail_at(peek(), "unexpected " + describe(peek()));
      // SHAPE=(28, 28 with its bracket never closed, or [1 +, 2] with a faulty element.
      for (const auto* list : {&result_.errors, &result_.warnings}) {
        if (list->empty()) continue;
        message = list->front().message;
        return false;
      }
      std::vector<Problem> problems;
      out = evaluate(e, problems);
      if (!problems.empty() || out.kind == Value::Kind::Expr) {
        message = "the value must be a number, a string or a tuple of numbers";
        return false;
      }
      return true;
    } catch (const ParseError& e) {
      message = e.message;
      return false;
    }
  }
};

}  // namespace

// Length of the well-formed UTF-8 sequence at s[i], or 0 (overlong forms, surrogates and
// code points past U+10FFFF are not well formed).
static size_t utf8_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  auto continuation = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return byte(k) >= lo && byte(k) <= hi; };
  unsigned c = byte(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return continuation(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    bool second = c == 0xE0 ? continuation(1, 0xA0) : c == 0xED ? continuation(1, 0x80, 0x9F) : continuation(1);
    return second && continuation(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    bool second = c == 0xF0 ? continuation(1, 0x90) : c == 0xF4 ? continuation(1, 0x80, 0x8F) : continuation(1);
    return second && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

ImportResult import_keras_code(std::string_view source, const std::vector<Define>& defines) {
  if (source.size() > kMaxImportBytes) {
    ImportResult refused;
    refused.errors.push_back({{1, 1},
                              "the text has " + std::to_string(source.size()) + " bytes; Learnable reads at most " +
                                  std::to_string(kMaxImportBytes / (1024 * 1024)) + " MB of code",
                              "", ""});
    return refused;
  }
  // Bytes that are not UTF-8 (a binary file, a Latin-1 paste) become U+FFFD before reading, so
  // every name, message and excerpt taken from the text is valid UTF-8.
  std::string repaired;
  SourceLocation first_bad;
  int line = 1, column = 1;
  for (size_t i = 0; i < source.size();) {
    size_t n = utf8_length(source, i);
    if (n == 0 && first_bad.line == 0) {
      repaired.reserve(source.size() + 16);
      repaired.assign(source.substr(0, i));
      first_bad = {line, column};
    }
    if (first_bad.line != 0) {
      if (n == 0) repaired += "\xEF\xBF\xBD";
      else repaired.append(source.substr(i, n));
    }
    if (first_bad.line == 0) {
      if (source[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    i += n == 0 ? 1 : n;
  }
  if (first_bad.line != 0) source = repaired;
  try {
    ImportResult result = Importer(source, defines).run();
    if (first_bad.line != 0)
      result.warnings.insert(result.warnings.begin(),
                             {first_bad, "the text has bytes that are not UTF-8; each is read as \xEF\xBF\xBD",
                              caret_excerpt(source, first_bad), ""});
    result.source = std::string(source);
    return result;
  } catch (const std::exception& e) {
    ImportResult failed;
    failed.errors.push_back({{1, 1}, std::string("could not read the text: ") + e.what(), "", ""});
    return failed;
  }
}

bool parse_define(std::string_view text, Define& out, std::string& message) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    message = "expected NAME=VALUE, e.g. IMG_SIZE=32";
    return false;
  }
  std::string name(text.substr(0, eq));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  bool valid = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) valid &= c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (!valid) {
    message = "'" + name + "' is not a valid Python name";
    return false;
  }
  std::string_view value_text = text.substr(eq + 1);
  Importer reader(value_text, {});
  Value value;
  if (!reader.evaluate_alone(value, message)) {
    message = name + ": " + message;
    return false;
  }
  out = {name, value};
  return true;
}

}  // namespace learnable
