// The parser and evaluator shared by the Python-code importers. Faults are collected with their
// line and column; the parser resynchronises at the next element or statement so one bad line
// does not lose the rest of the model.
#include "core/python_reader.h"

#include <unordered_set>

#include "core/text.h"

namespace learnable {

void PythonReader::fail_at(const Token& t, std::string message) const { throw ParseError{t.where, std::move(message)}; }

bool is_keyword_statement(std::string_view word) {
  // Every name token is checked: a length test first keeps most of them away from the table.
  if (word.size() < 2 || word.size() > 8 || word[0] < 'a' || word[0] > 'y') return false;
  static const std::unordered_set<std::string_view> words = {
      "return", "def",    "class", "import", "from",   "if",    "elif",   "else",  "for",
      "while",  "with",   "try",   "except", "finally", "pass", "raise",  "assert", "del",
      "global", "nonlocal", "print", "async", "await",  "yield", "break", "continue"};
  return words.count(word) > 0;
}

namespace {
const std::vector<Expr> kNoExprs;
const std::string kNoMember;
const std::vector<std::pair<size_t, Expr>> kNoStarred;
}  // namespace

const std::vector<Expr>& Expr::object() const { return access.get() ? access.get()->object : kNoExprs; }
const std::string& Expr::member() const { return access.get() ? access.get()->member : kNoMember; }
bool Expr::called() const { return access.get() && access.get()->called; }
bool Expr::subscript() const { return access.get() && access.get()->subscript; }
std::optional<int64_t> Expr::index() const { return access.get() ? access.get()->index : std::nullopt; }
const std::vector<std::pair<size_t, Expr>>& Expr::starred() const {
  return access.get() ? access.get()->starred : kNoStarred;
}

PythonReader::PythonReader(std::string_view source, const std::vector<Define>& defines) : src_(source) {
  for (const Define& d : defines) caller_defines_[d.name] = d.value;
}

ImportResult PythonReader::run() {
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

std::string PythonReader::describe(const Token& t) const {
  switch (t.kind) {
    case TokenKind::End: return "the end of the text";
    case TokenKind::Newline: return "the end of the line";
    case TokenKind::String: return "a string";
    case TokenKind::Error: return t.text;
    default: return "'" + t.text + "'";
  }
}

void PythonReader::expect_op(const char* op) {
  if (!at_op(op)) fail_at(peek(), std::string("expected '") + op + "' but found " + describe(peek()));
  take();
}

// Skips the rest of a statement after a fault: to the next line end, or to the next line
// that starts at or left of the statement's indentation.
void PythonReader::skip_statement(size_t start) {
  int indent = toks_[start].indent;
  if (pos_ == start) ++pos_;
  while (peek().kind != TokenKind::End && peek().kind != TokenKind::Newline) {
    if (peek().line_start && peek().indent <= indent) return;
    ++pos_;
  }
}

// A token that starts a new line and reads as a new statement, which means an open bracket
// before it was never closed. Inside brackets the lexer gives no line ends but the last one.
bool PythonReader::starts_new_statement(const Token& t, bool in_call) const {
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
    if (starts_statement(t, next)) return true;
  }
  return false;
}

void PythonReader::note_unclosed(const Token& opener, const Token& at) {
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

Expr PythonReader::expression() {
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
Expr PythonReader::expression_list() {
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

int PythonReader::precedence(const Token& t) {
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

Expr PythonReader::binary(int min_precedence) {
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

Expr PythonReader::unary() {
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

// What an attribute or a subscript applies to: `object` keeps it while the chain is short.
static Expr applied_to(Expr object, int links) {
  Expr e;
  e.kind = Expr::Kind::Other;
  e.where = object.where;
  e.begin = object.begin;
  if (links < kMaxChain) e.access.make().object.push_back(std::move(object));
  return e;
}

Expr PythonReader::postfix() {
  DepthGuard guard(*this);
  Expr e = atom();
  for (int links = 0;; ++links) {
    if (at_op(".") && peek(1).kind == TokenKind::Name) {
      take();
      std::string attr = take().text;
      if (e.kind == Expr::Kind::Name) {
        e.name += "." + attr;
      } else {
        e = applied_to(std::move(e), links);
        e.access.make().member = std::move(attr);
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
      if (!simple_callee) {
        call.kind = Expr::Kind::Other;
        ExprAccess& access = call.access.make();
        access.called = true;
        if (e.kind == Expr::Kind::Other && !e.member().empty() && !e.called()) {  // x[1].method(...)
          access.member = e.member();
          access.object = e.object();
        } else if (links < kMaxChain) {
          access.object.push_back(std::move(e));
        }
      }
      e = std::move(call);
    } else if (at_op("[")) {
      const Token& opener = take();
      // A whole number written out, from `ahead` tokens on: its value and its length in tokens.
      auto whole_number = [&](size_t ahead, size_t& length) -> std::optional<int64_t> {
        bool negative = at_op("-", ahead);
        const Token& number = peek(ahead + (negative ? 1 : 0));
        if (number.kind != TokenKind::Int || number.overflow) return std::nullopt;
        length = negative ? 2 : 1;
        return negative ? -number.integer : number.integer;
      };
      std::optional<int64_t> index, start, stop;
      bool slice = false;
      size_t first = 0, second = 0;
      std::optional<int64_t> a = whole_number(0, first);
      if (a && at_op("]", first)) {
        index = a;
      } else if (at_op(":", first)) {  // [a:b], [a:], [:b], [:]
        std::optional<int64_t> b = whole_number(first + 1, second);
        if (at_op("]", first + 1 + second)) {
          slice = true;
          start = a;
          stop = b;
        }
      }
      skip_balanced(opener, "]");
      e = applied_to(std::move(e), links);
      e.access.make().subscript = true;
      e.access.make().index = index;
      e.access.make().slice = slice;
      e.access.make().start = start;
      e.access.make().stop = stop;
      close(e);
    } else {
      return e;
    }
  }
}

// Call arguments up to ')': positional, keyword=value, *args, **kwargs.
void PythonReader::arguments(const Token& opener, Expr& call) {
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
      bool single = take().text == "*";
      call.splat = true;
      Expr value = expression();
      if (single) call.access.make().starred.emplace_back(call.items.size(), std::move(value));
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
void PythonReader::skip_balanced(const Token& opener, const char* closer) {
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

void PythonReader::comprehension_tail(Expr& e) {
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
void PythonReader::sequence(const Token& opener, const char* closer, Expr& out) {
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
      std::string key;  // a dict's string key: {"conv1": ...}
      if (dict && at_op(":")) {
        take();
        if (item.kind == Expr::Kind::Literal && item.literal.kind == Value::Kind::String) key = item.literal.text;
        item = expression();
      }
      if (at_name("for")) comprehension_tail(item);
      out.items.push_back(std::move(item));
      if (dict) out.keywords.push_back(std::move(key));
    } catch (const ParseError& e) {
      error(e.where, e.message);
      out.item_where.resize(out.items.size());
      if (dict) out.keywords.resize(out.items.size());
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
void PythonReader::skip_element(size_t start, const char* closer) {
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

Expr PythonReader::atom() {
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

std::string PythonReader::source_of(const Expr& e) const {
  if (e.end <= e.begin || e.end > src_.size()) return e.name;
  return one_line(src_.substr(e.begin, e.end - e.begin));  // verbatim values stay one line
}

// The source of an expression for a message: cut short when long (a pasted 10,000 '[').
std::string PythonReader::brief(const Expr& e) const {
  std::string text = source_of(e);
  if (text.size() <= 60) return text;
  size_t cut = 57;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

const Value* PythonReader::lookup(const std::string& name) const {
  auto caller = caller_defines_.find(name);
  if (caller != caller_defines_.end()) return &caller->second;
  auto own = constants_.find(name);
  if (own != constants_.end()) return &own->second;
  return nullptr;
}

Value PythonReader::evaluate(const Expr& e, std::vector<Problem>& problems) {
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

Value PythonReader::evaluate_binary(const Expr& e, std::vector<Problem>& problems) {
  Value a = evaluate(e.items[0], problems);
  Value b = evaluate(e.items[1], problems);
  Value out;
  ArithmeticFault fault = ArithmeticFault::None;
  if (python_arithmetic(a, e.name, b, out, fault)) return out;
  if (fault == ArithmeticFault::DivisionByZero) problems.push_back({e.where, "", "division by zero in " + brief(e)});
  else if (fault == ArithmeticFault::TooLarge) problems.push_back({e.where, "", brief(e) + " is too large for 64 bits"});
  else if (fault == ArithmeticFault::NegativePower) problems.push_back({e.where, "", brief(e) + " is a negative power, not a whole number"});
  return Value::expr(source_of(e));
}

// Reports the problems of a value that matters (a count, a shape), once per undefined name.
void PythonReader::report(const std::vector<Problem>& problems, const std::string& layer_name) {
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
void PythonReader::statement() {
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
      block_started(word);
      return block_header();
    }
    if (word == "return") {
      take();
      if (peek().kind == TokenKind::Newline || peek().kind == TokenKind::End) return;
      Expr value = expression();
      return_statement(value);
      return end_of_statement();
    }
    if (word == "del") {  // del model[2], del a, b
      take();
      Expr targets = expression_list();
      if (targets.kind == Expr::Kind::Tuple) {
        for (const Expr& t : targets.items) delete_object(t);
      } else {
        delete_object(targets);
      }
      return end_of_statement();
    }
    if (word == "pass" || word == "break" || word == "continue" || word == "global" ||
        word == "nonlocal" || word == "raise" || word == "assert")
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
    else
      update_object(target, updated);
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

void PythonReader::end_of_statement() {
  if (peek().kind == TokenKind::Newline || peek().kind == TokenKind::End) return;
  if (at_op(";")) return;
  if (peek().line_start) return;  // after a recovered unclosed bracket
  fail_at(peek(), "unexpected " + describe(peek()) + " after the end of the statement");
}

void PythonReader::skip_line() {
  while (peek().kind != TokenKind::Newline && peek().kind != TokenKind::End) {
    take();
    if (peek().line_start) return;
  }
}

// def create_model(img_size=32, num_classes=10):  the defaults are read as constants, so a
// model built from the parameters counts as a call with no arguments would. Leaves pos_ as is.
void PythonReader::read_parameter_defaults() {
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

void PythonReader::block_header() {
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

void PythonReader::import_statement() {
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
    import_sources_[alias] = from ? module + "." + name : name;
    if (!at_op(",")) break;
    take();
  }
  if (parenthesised) expect_op(")");
}

void PythonReader::note_enclosing_blocks(SourceLocation where, const char* what) {
  for (const auto& [indent, keyword] : blocks_) {
    if ((keyword == "for" || keyword == "while") && !loop_warned_) {
      loop_warned_ = true;
      warn(where, cat({what, " added inside a ", keyword, " loop are read once; Learnable does not run loops, "
                       "so write the ", what, " out to count every repetition"}));
    }
    if ((keyword == "if" || keyword == "elif" || keyword == "else") && !branch_warned_) {
      branch_warned_ = true;
      warn(where, cat({what, " added under if/else are read in every branch; Learnable does not decide which one runs"}));
    }
  }
}

std::string PythonReader::last_component(const std::string& dotted) {
  size_t dot = dotted.rfind('.');
  return dot == std::string::npos ? dotted : dotted.substr(dot + 1);
}

void PythonReader::assign(const Expr& target, const Expr& value) {
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
  if (target.kind != Expr::Kind::Name) return assign_other(target, value);
  if (assign_object(target, value)) return;
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
void PythonReader::forget(const Expr& target) {
  if (target.kind == Expr::Kind::Tuple || target.kind == Expr::Kind::List) {
    for (const Expr& item : target.items) forget(item);
    return;
  }
  if (target.kind != Expr::Kind::Name) return;
  constants_.erase(target.name);
  deferred_.erase(target.name);
  forget_object(target.name);
  variables_.insert(target.name);
}

// Past kMaxMessages errors, reading stops: the parser jumps to the end of the text (the
// statement in progress keeps what it has read), so pathological pastes end quickly.
void PythonReader::error(SourceLocation where, std::string message, std::string layer) {
  if (stopped_) return;
  result_.errors.push_back({where, std::move(message), caret_excerpt(src_, where), std::move(layer)});
  if (result_.errors.size() + 1 >= kMaxMessages) {
    result_.errors.push_back({where, "too many errors; stopped reading at line " + std::to_string(where.line), "", ""});
    stopped_ = true;
    pos_ = toks_.size() - 1;
  }
}

void PythonReader::warn(SourceLocation where, std::string message) {
  if (result_.warnings.size() >= kMaxMessages) return;
  result_.warnings.push_back({where, std::move(message), caret_excerpt(src_, where), ""});
}

// For parse_define: one expression, evaluated.
bool PythonReader::evaluate_alone(Value& out, std::string& message) {
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


ImportResult read_python_text(std::string_view source, const std::function<ImportResult(std::string_view)>& read) {
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
    ImportResult result = read(source);
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

}  // namespace learnable
