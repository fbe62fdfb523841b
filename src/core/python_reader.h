// What the importers of Python code (Keras' and PyTorch's) share: a recursive-descent parser for
// the expression subset of Python that model definitions use, the evaluation of simple values,
// assignments of constants, defines for names the text never defines, recovery from brackets left
// open, messages with caret excerpts, and the size and nesting limits. Each importer derives from
// PythonReader and interprets the statements that build its framework's model.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/import_report.h"
#include "core/python_lexer.h"
#include "core/python_value.h"
#include "core/value.h"

namespace learnable {

// Pasted text larger than this is refused with a clear message.
constexpr size_t kMaxImportBytes = 8 * 1024 * 1024;

// Links of an attribute/subscript/method chain kept in Expr::object: model[1].bias.requires_grad_()
// is 3.
constexpr int kMaxChain = 8;

struct ExprAccess;

// A pointer that copies what it points to: keeps the rare parts of an expression out of line, so
// the many expressions a model's code is made of stay small to move.
template <class T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(const Boxed& other) : p_(other.p_ ? new T(*other.p_) : nullptr) {}
  Boxed(Boxed&& other) noexcept : p_(other.p_) { other.p_ = nullptr; }
  Boxed& operator=(Boxed other) noexcept {
    std::swap(p_, other.p_);
    return *this;
  }
  ~Boxed() { delete p_; }
  const T* get() const { return p_; }
  T& make() {
    if (!p_) p_ = new T();
    return *p_;
  }

 private:
  T* p_ = nullptr;
};

struct Expr {
  enum class Kind { Literal, Name, Tuple, List, Dict, Call, Unary, Binary, Other };
  Kind kind = Kind::Other;
  Value literal;
  std::string name;  // dotted name, callee name of a Call, or the operator
  std::vector<Expr> items;
  std::vector<std::string> keywords;  // for Call: keyword of items[i] ("" when positional); Dict: string keys
  std::vector<SourceLocation> item_where;
  bool splat = false;  // *args or **kwargs in a call
  SourceLocation where;
  size_t begin = 0;
  size_t end = 0;
  Boxed<ExprAccess> access;  // see ExprAccess; empty for most expressions

  // The parts of `access`, empty when there is none.
  const std::vector<Expr>& object() const;
  const std::string& member() const;
  bool called() const;
  bool subscript() const;
  std::optional<int64_t> index() const;
  const std::vector<std::pair<size_t, Expr>>& starred() const;
};

// An attribute, subscript or method call of something that is not a dotted name (model[1].bias,
// nn.Linear(4, 2).requires_grad_(False)) is Other, with what it applies to in `object` (one
// element; none past kMaxChain links), the attribute or method in `member`, the arguments of a
// method call in the Expr's items/keywords, and a subscript's integer in `index`. A call's *args
// are in `starred`.
struct ExprAccess {
  std::vector<Expr> object;
  std::string member;
  bool called = false;     // a method call: object.member(items)
  bool subscript = false;  // object[...]
  std::optional<int64_t> index;
  // A slice of whole numbers written out (x[1:], x[:-1], x[2:5], x[:]): each end when given.
  bool slice = false;
  std::optional<int64_t> start, stop;
  std::vector<std::pair<size_t, Expr>> starred;  // a call's *args: the position among items, the value
};

struct ParseError {
  SourceLocation where;
  std::string message;
};

bool is_keyword_statement(std::string_view word);

class PythonReader {
 public:
  PythonReader(std::string_view source, const std::vector<Define>& defines);
  virtual ~PythonReader() = default;

  // Reads every statement, then finish(). Faults are collected in the result, never thrown.
  ImportResult run();
  // For parse_define: one expression, evaluated.
  bool evaluate_alone(Value& out, std::string& message);

 protected:
  static constexpr int kMaxDepth = 100;
  static constexpr size_t kMaxMessages = 1000;

  // ---- what each importer adds ----------------------------------------------------------------
  // A call standing alone (model.add(...)), or the value of an assignment to something else.
  virtual void call_statement(const Expr& call) = 0;
  // return <value>
  virtual void return_statement(const Expr& value) = 0;
  // The keyword of a block header (def, class, for, ...), at pos_; must leave pos_ where it is.
  virtual void block_started(const std::string& word) {}
  // name = value, before constants are read: true when the importer took the value (a layer, a
  // model), which then is not a constant.
  virtual bool assign_object(const Expr& target, const Expr& value) { return false; }
  // x[1].y = value, self.x = value is a Name: targets that are not names.
  virtual void assign_other(const Expr& target, const Expr& value) {
    if (value.kind == Expr::Kind::Call) call_statement(value);
  }
  // target op= value for a target that is not a constant (layers += [...]): `update` is the
  // Binary expression target op value.
  virtual void update_object(const Expr& target, const Expr& update) {}
  // A name assigned something that cannot be evaluated (a, b = f()).
  virtual void forget_object(const std::string& name) {}
  // del target, for each target of the statement (del model[2], del a, b).
  virtual void delete_object(const Expr& target) {}
  virtual void finish() = 0;
  // A line that starts with `t` (a name) then `next` begins a statement, so a bracket open before
  // it was never closed (beyond the shared rules: keywords, name =, model.method).
  virtual bool starts_statement(const Token& t, const Token& next) const { return false; }

  // ---- tokens ---------------------------------------------------------------------------------
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
  // Defined in python_reader.cpp: the app includes this header and is built without exceptions.
  [[noreturn]] void fail_at(const Token& t, std::string message) const;
  std::string describe(const Token& t) const;
  void expect_op(const char* op);
  void skip_statement(size_t start);
  bool starts_new_statement(const Token& t, bool in_call = false) const;
  void note_unclosed(const Token& opener, const Token& at);

  // ---- expressions ----------------------------------------------------------------------------
  struct DepthGuard {
    explicit DepthGuard(PythonReader& p) : reader(p) {
      if (++reader.depth_ > kMaxDepth) {
        --reader.depth_;
        reader.fail_at(reader.peek(), "brackets and operators are nested too deeply here to read");
      }
    }
    ~DepthGuard() { --reader.depth_; }
    PythonReader& reader;
  };

  Expr make(Expr::Kind kind, const Token& first) const {
    Expr e;
    e.kind = kind;
    e.where = first.where;
    e.begin = first.offset;
    return e;
  }
  void close(Expr& e) const { e.end = pos_ > 0 ? toks_[pos_ - 1].end : 0; }

  Expr expression();
  Expr expression_list();
  static int precedence(const Token& t);
  Expr binary(int min_precedence);
  Expr unary();
  Expr postfix();
  void arguments(const Token& opener, Expr& call);
  void skip_balanced(const Token& opener, const char* closer);
  void comprehension_tail(Expr& e);
  void sequence(const Token& opener, const char* closer, Expr& out);
  void skip_element(size_t start, const char* closer);
  Expr atom();

  // ---- evaluation -----------------------------------------------------------------------------
  struct Problem {
    SourceLocation where;
    std::string name;     // an undefined name, when that is the problem
    std::string message;  // otherwise
  };

  std::string source_of(const Expr& e) const;
  std::string brief(const Expr& e) const;  // source_of, cut short when long
  const Value* lookup(const std::string& name) const;
  Value evaluate(const Expr& e, std::vector<Problem>& problems);
  Value evaluate_binary(const Expr& e, std::vector<Problem>& problems);
  // Reports the problems of a value that matters (a count, a shape), once per undefined name.
  void report(const std::vector<Problem>& problems, const std::string& layer_name);

  // ---- statements -----------------------------------------------------------------------------
  void statement();
  void end_of_statement();
  void skip_line();
  void read_parameter_defaults();
  void block_header();
  void import_statement();
  void assign(const Expr& target, const Expr& value);
  void forget(const Expr& target);

  // The body of a loop or an if is read once, as straight-line code: say so (once) where it adds
  // `what` ("layers", "modules").
  void note_enclosing_blocks(SourceLocation where, const char* what);
  static std::string last_component(const std::string& dotted);

  // Past kMaxMessages errors, reading stops: the parser jumps to the end of the text (the
  // statement in progress keeps what it has read), so pathological pastes end quickly.
  void error(SourceLocation where, std::string message, std::string layer = "");
  void warn(SourceLocation where, std::string message);

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
  std::map<std::string, std::string> import_sources_;  // imported name (or alias) -> its full name: torch.nn
  std::map<std::string, std::vector<Problem>> deferred_;  // names assigned from undefined names
  bool curly_warned_ = false;
  bool stopped_ = false;  // too many errors
  bool loop_warned_ = false;
  bool branch_warned_ = false;
  std::vector<std::pair<int, std::string>> blocks_;  // enclosing block headers: indent, keyword
  const Token* last_unclosed_token_ = nullptr;
  std::string unclosed_chain_;
};

// The size limit (`what` names the text in the message: "code"), the repair of bytes that are not
// UTF-8 (each becomes U+FFFD, with one warning), and a last guard against exceptions, around one
// importer's reading of `source`. The result keeps the text that was read.
ImportResult read_python_text(std::string_view source, const std::function<ImportResult(std::string_view)>& read);

}  // namespace learnable
