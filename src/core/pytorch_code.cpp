// The PyTorch-code importer: interprets the statements that build an nn.Sequential model (or a
// small nn.Module subclass that chains its modules), over the Python reader shared with the Keras
// importer. Modules are values, as in Python: a variable holds a module or a Sequential tree, which
// is copied where it is used and flattened into Learnable's chain of layers at the end.
#include "core/pytorch_code.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/layer_type.h"
#include "core/text.h"

namespace learnable {

namespace {

constexpr int kMaxModuleDepth = 32;        // Sequentials nested in Sequentials
constexpr size_t kMaxModules = 100000;     // modules in one model, shared copies included
constexpr size_t kMaxCopied = 1000000;     // children copied with modules from variables, over the whole text

// A module as the code builds it: a leaf (one of PyTorch's modules, counted by Learnable as one
// layer) or a container whose children run in order (nn.Sequential, or a readable nn.Module
// subclass), each child under PyTorch's name for it. Children are shared between the copies of a
// module and copied only when one copy changes (freezing), so a copy costs its direct children.
struct Module;
using Child = std::pair<std::string, std::shared_ptr<Module>>;

struct Module {
  bool container = false;
  Layer layer;  // a leaf's type and arguments; its name is given when the tree is flattened
  std::vector<Child> children;
  std::map<std::string, size_t> child_index;  // name -> position in children, for add_module's replace
  SourceLocation where;
  size_t leaves = 1;
  int depth = 0;
  // A leaf's Python object: copies of one module (a variable used twice) keep it, so that the
  // flattened model can tell a module called again from another module of the same kind.
  uint64_t identity = 0;
};

// A function defined in the text, as far as models go: what it returns and what it freezes.
struct Function {
  std::vector<std::string> params;
  std::optional<size_t> returns_param;  // return <its parameter>: frozen(module) passes it on
  std::set<size_t> freezes;             // parameters whose .parameters() it freezes
  std::optional<Module> returns_module;  // return nn.Sequential(...)
};

// class Net(nn.Module): the modules __init__ assigns to self, and the ones forward() calls in order.
struct ClassDef {
  std::string name;
  SourceLocation where;
  int order = 0;  // defined after the classes with smaller numbers
  bool is_module = false;
  std::vector<std::pair<std::string, Module>> attrs;
  struct Step {
    std::string attr;  // "" for a flatten written in forward() (torch.flatten(x, 1), x.view(x.size(0), -1))
    SourceLocation where;
  };
  std::vector<Step> forward;
  bool has_forward = false;
  std::string current;  // the variable holding forward()'s result so far
  std::string problem;
  SourceLocation problem_where;
  bool reported = false;
};

struct Scope {
  std::string word;   // def, class, for, if, ...
  std::string name;   // a def's or class's name
  std::string owner;  // for a def directly inside a class: the class
  std::vector<std::string> params;
};

// A loop over some module's parameters: for p in model[0].parameters():, or over parameters
// named one by one: for p in (model[0].weight, model[1].bias):
struct ParameterLoop {
  Expr path;
  size_t depth = 0;  // its place in the scope stack
  std::vector<Expr> each;  // the parameters listed, when the loop runs over a list or tuple of them
  bool named = false;      // for name, p in model.named_parameters():
};

// One step of a path into a module: model[1] or model.features.
struct PathStep {
  bool is_index = false;
  int64_t index = 0;
  std::string name;
  SourceLocation where;
};

// torch.randn(...) and the other functions that make a tensor of a given size.
bool is_tensor_factory(const std::string& name) {
  static const std::set<std::string> names = {"torch.randn", "torch.rand", "torch.zeros", "torch.ones",
                                              "torch.empty", "torch.randint", "torch.full", "torch.Tensor",
                                              "torch.FloatTensor", "torch.LongTensor"};
  return names.count(name) > 0;
}

// Methods that return the module they are called on (model.to(device), model.eval()).
bool is_passthrough_method(const std::string& method) {
  static const std::set<std::string> names = {"to", "cuda", "cpu", "float", "double", "half", "bfloat16",
                                              "train", "eval", "type", "share_memory", "to_empty"};
  return names.count(method) > 0;
}

// torch.nn.functional calls that keep the shape and hold no parameters, allowed in a forward().
bool is_shape_keeping_function(const std::string& name) {
  static const std::set<std::string> names = {
      "relu", "relu6", "elu", "selu", "celu", "gelu", "silu", "mish", "sigmoid", "tanh", "softmax",
      "log_softmax", "leaky_relu", "hardswish", "hardsigmoid", "hardtanh", "softplus", "softsign",
      "dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "logsigmoid", "tanhshrink", "relu_"};
  size_t dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string prefix = name.substr(0, dot);
  if (prefix != "F" && prefix != "torch" && prefix != "nn.functional" && prefix != "torch.nn.functional" &&
      prefix != "functional")
    return false;
  return names.count(name.substr(dot + 1)) > 0;
}

class TorchImporter : public PythonReader {
 public:
  TorchImporter(std::string_view source, const PytorchOptions& options)
      : PythonReader(source, options.defines), given_shape_(options.input_shape) {}

 private:
  // ---- scopes ---------------------------------------------------------------------------------
  // scopes_ follows blocks_ (the reader pops blocks that end): one Scope per open block.
  void sync_scopes(size_t open = SIZE_MAX) {
    open = std::min(open, blocks_.size());
    if (scopes_.size() > open) scopes_.resize(open);
    for (auto it = loops_.begin(); it != loops_.end();) {
      if (it->second.depth > scopes_.size()) it = loops_.erase(it);
      else ++it;
    }
  }

  const Scope* innermost_def() const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it)
      if (it->word == "def") return &*it;
    return nullptr;
  }

  // The class whose method `method` the current statement is in (directly or nested in blocks).
  ClassDef* in_method(const char* method) {
    const Scope* def = innermost_def();
    if (!def || def->owner.empty() || def->name != method) return nullptr;
    auto it = classes_.find(def->owner);
    return it == classes_.end() ? nullptr : &it->second;
  }

  // Header words read ahead without moving: def NAME(params): / class NAME(bases):
  void block_started(const std::string& word) override {
    sync_scopes(blocks_.size() - 1);
    Scope scope;
    scope.word = word;
    size_t start = pos_;
    if ((word == "def" || word == "class") && peek(1).kind == TokenKind::Name) {
      scope.name = peek(1).text;
      std::vector<std::string> bases;
      size_t k = pos_ + 2;
      if (k < toks_.size() && toks_[k].kind == TokenKind::Op && toks_[k].text == "(") {
        int depth = 0;
        bool expect_name = true;
        for (; k < toks_.size(); ++k) {
          const Token& t = toks_[k];
          if (t.kind == TokenKind::End || t.kind == TokenKind::Newline) break;
          if (t.kind == TokenKind::Op && (t.text == "(" || t.text == "[" || t.text == "{")) {
            ++depth;
            expect_name = depth == 1;
            continue;
          }
          if (t.kind == TokenKind::Op && (t.text == ")" || t.text == "]" || t.text == "}")) {
            if (--depth == 0) break;
            continue;
          }
          if (depth != 1) continue;
          if (t.kind == TokenKind::Op && t.text == ",") {
            expect_name = true;
            continue;
          }
          if (t.kind == TokenKind::Op && (t.text == "*" || t.text == "**")) continue;
          if (t.kind == TokenKind::Name && expect_name) {
            std::string dotted = t.text;
            while (k + 2 < toks_.size() && toks_[k + 1].kind == TokenKind::Op && toks_[k + 1].text == "." &&
                   toks_[k + 2].kind == TokenKind::Name) {
              dotted += "." + toks_[k + 2].text;
              k += 2;
            }
            bases.push_back(dotted);
          }
          expect_name = false;
        }
      }
      if (word == "def") {
        scope.params = bases;
        if (!scopes_.empty() && scopes_.back().word == "class") scope.owner = scopes_.back().name;
        functions_[scope.name] = Function{scope.params, std::nullopt, {}, std::nullopt};
        ClassDef* cls = scope.owner.empty() ? nullptr : &classes_[scope.owner];
        if (cls && scope.name == "forward") {
          cls->has_forward = true;
          cls->forward.clear();
          cls->current = scope.params.size() > 1 ? scope.params[1] : "";
        }
      } else {
        ClassDef& cls = classes_[scope.name];
        cls = ClassDef{};
        cls.name = scope.name;
        cls.order = ++assignments_;
        cls.where = toks_[start].where;
        for (const std::string& base : bases) {
          std::string last = last_component(base);
          if (last == "Module") cls.is_module = true;
          if (last == "Sequential" || last == "ModuleList") {
            cls.is_module = true;
            forward_problem(cls, toks_[start].where, cat({"it derives from ", base}));
          }
        }
      }
    } else if (word == "for") {
      for_header(scope);
    } else if (ClassDef* cls = in_method("forward")) {
      forward_problem(*cls, toks_[start].where, cat({"its '", word, "' block"}));
    }
    scopes_.push_back(std::move(scope));
  }

  // for p in <module path>.parameters():  remembered, so that p.requires_grad_(False) in the
  // body freezes that module.
  void for_header(Scope& scope) {
    if (ClassDef* cls = in_method("forward")) forward_problem(*cls, peek().where, "its for loop");
    size_t start = pos_;
    try {
      take();
      // for name, p in model.named_parameters():  p is each parameter, as with parameters().
      bool named = peek().kind == TokenKind::Name && at_op(",", 1) && peek(2).kind == TokenKind::Name && at_name("in", 3);
      if (named) {
        take();
        take();
      }
      if (peek().kind != TokenKind::Name || !at_name("in", 1)) {
        pos_ = start;
        return;
      }
      std::string var = take().text;
      take();
      Expr iterable = expression();
      const std::string wanted = named ? "named_parameters" : "parameters";
      if (iterable.kind == Expr::Kind::Call && last_component(iterable.name) == wanted && iterable.items.empty()) {
        Expr path = iterable;
        path.kind = Expr::Kind::Name;
        path.name = iterable.name.substr(0, iterable.name.size() - wanted.size() - 1);
        path.items.clear();
        loops_[var] = {path, scopes_.size() + 1, {}, named};
      } else if (iterable.kind == Expr::Kind::Other && iterable.called() && iterable.member() == wanted &&
                 iterable.object().size() == 1 && iterable.items.empty()) {
        loops_[var] = {iterable.object()[0], scopes_.size() + 1, {}, named};
      } else if (!named && (iterable.kind == Expr::Kind::List || iterable.kind == Expr::Kind::Tuple) && !iterable.items.empty()) {
        loops_[var] = {Expr{}, scopes_.size() + 1, iterable.items};
      } else {
        loops_.erase(var);
      }
      scope.name = var;
    } catch (const ParseError&) {
      // The header is skipped as any block header is; its faults surface when its body is read.
    }
    pos_ = start;
  }

  // ---- statements -----------------------------------------------------------------------------
  // After a Sequential left open: model[0].requires_grad_(False), summary(model, ...).
  bool starts_statement(const Token& t, const Token& next) const override {
    if (next.kind != TokenKind::Op) return false;
    if (next.text == "[") return module_vars_.count(t.text) > 0 || t.text == "model";
    return next.text == "(" && t.text == "summary";
  }

  void return_statement(const Expr& value) override {
    sync_scopes();
    if (ClassDef* cls = in_method("forward")) {
      forward_expression(*cls, value);
      return;
    }
    scan_uses(value);
    const Scope* def = innermost_def();
    if (!def) return;
    Function& f = functions_[def->name];
    if (value.kind == Expr::Kind::Name) {
      auto param = std::find(f.params.begin(), f.params.end(), value.name);
      if (param != f.params.end()) {
        f.returns_param = static_cast<size_t>(param - f.params.begin());
        return;
      }
    }
    if (!looks_like_module(value)) return;
    Module m;
    if (module_of(value, m)) f.returns_module = std::move(m);
  }

  bool assign_object(const Expr& target, const Expr& value) override {
    sync_scopes();
    const std::string& name = target.name;
    if (sequence_call(value)) {
      forget_object(name);  // last = model.pop(-1): the module taken out is not followed
      return true;
    }
    if (ClassDef* cls = in_method("__init__")) {
      if (name.rfind("self.", 0) == 0 && name.find('.', 5) == std::string::npos && looks_like_module(value)) {
        Module m;
        if (module_of(value, m)) set_child(cls->attrs, name.substr(5), std::move(m));
        return true;
      }
    }
    if (ClassDef* cls = in_method("forward")) {
      forward_assignment(*cls, target, value);
      return true;
    }
    size_t dot = name.rfind('.');
    if (dot != std::string::npos && name.substr(dot + 1) == "requires_grad") {
      // p.requires_grad = False in a loop over parameters, or model[0].weight.requires_grad = False.
      std::vector<Problem> problems;
      Value v = evaluate(value, problems);
      if (v.kind == Value::Kind::Bool) {
        Expr path = target;
        path.name = name.substr(0, dot);
        freeze(path, v.boolean, target.where);
      }
      return true;
    }
    if (dot != std::string::npos && module_vars_.count(name.substr(0, dot)) && looks_like_module(value)) {
      // model.fc = nn.Linear(...): setattr registers (or replaces) a child.
      Module m;
      Module& parent = module_vars_[name.substr(0, dot)];
      if (module_of(value, m) && parent.container) add_child(parent, name.substr(dot + 1), std::move(m), target.where);
      return true;
    }
    // The value first, as Python evaluates it (m = nn.Sequential(m, nn.ReLU()) uses the old m).
    if (std::optional<Shape> tensor = tensor_shape(value)) {
      forget_object(name);
      tensor_vars_[name] = *tensor;
      return false;
    }
    if (value.kind == Expr::Kind::Call && last_component(value.name) == "OrderedDict") {
      forget_object(name);
      dict_vars_[name] = value;
      return true;
    }
    if (value.kind == Expr::Kind::List || value.kind == Expr::Kind::Tuple) {
      bool modules = !value.items.empty() || value.kind == Expr::Kind::List;
      for (const Expr& item : value.items) modules = modules && looks_like_module(item);
      if (modules) {
        std::vector<Module> list;
        for (const Expr& item : value.items) {
          Module m;
          if (module_of(item, m)) list.push_back(std::move(m));
        }
        forget_object(name);
        list_vars_[name] = std::move(list);
        return true;
      }
    }
    if (!looks_like_module(value)) {
      forget_object(name);
      if (value.kind != Expr::Kind::Call) scan_uses(value);  // calls reach call_statement
      return false;
    }
    Module m;
    bool built = module_of(value, m);
    forget_object(name);
    if (built) {
      module_vars_[name] = std::move(m);
      model_vars_.insert(name);
      embedded_.erase(name);  // model = model.to(device): the new value is held by nothing yet
      order_[name] = ++assignments_;
      local_[name] = innermost_def() != nullptr;
    }
    scan_uses(value);
    return true;
  }

  void assign_other(const Expr& target, const Expr& value) override {
    sync_scopes();
    // model[0].weight.requires_grad = False
    if (target.kind == Expr::Kind::Other && !target.called() && target.member() == "requires_grad" &&
        target.object().size() == 1) {
      std::vector<Problem> problems;
      Value v = evaluate(value, problems);
      if (v.kind == Value::Kind::Bool) freeze(target.object()[0], v.boolean, target.where);
      return;
    }
    // model[2] = nn.Linear(20, 3), layers[-1] = ...: the module at that index is replaced.
    if (target.kind == Expr::Kind::Other && target.subscript() && target.object().size() == 1 &&
        looks_like_module(value)) {
      edit_sequence(target.object()[0], "set", target.index(), &value, target.where);
      return;
    }
    if (value.kind == Expr::Kind::Call) call_statement(value);
  }

  // del model[2], del layers[0]: the module at that index is removed.
  void delete_object(const Expr& target) override {
    sync_scopes();
    if (target.kind == Expr::Kind::Other && target.subscript() && target.object().size() == 1)
      edit_sequence(target.object()[0], "del", target.index(), nullptr, target.where);
  }

  void update_object(const Expr& target, const Expr& update) override {
    sync_scopes();
    // layers += [nn.Linear(...), nn.ReLU()]
    if (target.kind != Expr::Kind::Name || update.name != "+" || update.items.size() != 2) return;
    auto list = list_vars_.find(target.name);
    if (list == list_vars_.end()) return;
    const Expr& more = update.items[1];
    if (!holds_modules(more, true)) {
      list_vars_.erase(list);
      return;
    }
    note_enclosing_blocks(more.where, "modules");
    for (const Expr& item : more.items) {
      Module m;
      if (module_of(item, m)) list->second.push_back(std::move(m));
    }
  }

  void forget_object(const std::string& name) override {
    module_vars_.erase(name);
    list_vars_.erase(name);
    dict_vars_.erase(name);
    tensor_vars_.erase(name);
  }

  void call_statement(const Expr& call) override {
    sync_scopes();
    if (ClassDef* cls = in_method("forward")) {
      forward_problem(*cls, call.where, cat({"the statement ", brief(call)}));
      return;
    }
    if (call.kind == Expr::Kind::Other && call.called() && call.object().size() == 1 && call.member() == "requires_grad_") {
      freeze(call.object()[0], requires_grad_value(call), call.where);
      return;
    }
    if (sequence_call(call)) return;  // model.insert(1, nn.BatchNorm1d(20)), model[0].pop(-1), layers.pop()
    if (call.kind != Expr::Kind::Call) {
      scan_uses(call);
      return;
    }
    size_t dot = call.name.rfind('.');
    std::string object = dot == std::string::npos ? "" : call.name.substr(0, dot);
    std::string method = dot == std::string::npos ? call.name : call.name.substr(dot + 1);
    if (method == "requires_grad_" && !object.empty()) {
      Expr path = call;
      path.kind = Expr::Kind::Name;
      path.name = object;
      path.items.clear();
      freeze(path, requires_grad_value(call), call.where);
      return;
    }
    if (ClassDef* cls = in_method("__init__")) {
      if (object == "self" && (method == "add_module" || method == "register_module") && call.items.size() == 2) {
        std::string child;
        Module m;
        if (child_name(call.items[0], child) && module_of(call.items[1], m)) set_child(cls->attrs, child, std::move(m));
        return;
      }
    }
    auto list = list_vars_.find(object);
    if (list != list_vars_.end() && (method == "append" || method == "extend") && call.items.size() == 1) {
      if (!holds_modules(call.items[0], method == "extend")) {  // losses.append(loss.item()): not a model's list
        list_vars_.erase(list);
        return scan_uses(call);
      }
      note_enclosing_blocks(call.where, "modules");
      if (method == "append") {
        Module m;
        if (module_of(call.items[0], m)) list->second.push_back(std::move(m));
      } else {
        for (Module& m : modules_of_sequence(call.items[0])) list->second.push_back(std::move(m));
      }
      return;
    }
    auto var = module_vars_.find(object);
    if (var != module_vars_.end() &&
        (method == "add_module" || method == "register_module" || method == "append" || method == "extend")) {
      Module& parent = var->second;
      if (!parent.container) {
        error(call.where, cat({object, " is a single ", parent.layer.type, ", not an nn.Sequential: it has no ", method, "()"}));
        return;
      }
      note_enclosing_blocks(call.where, "modules");
      if (method == "add_module" || method == "register_module") {
        std::string child;
        Module m;
        if (call.items.size() != 2) {
          error(call.where, cat({object, ".", method, "() takes a name and a module"}));
          return;
        }
        if (child_name(call.items[0], child) && module_of(call.items[1], m)) add_child(parent, child, std::move(m), call.where);
      } else if (method == "append") {
        Module m;
        if (call.items.size() != 1) {
          error(call.where, cat({object, ".append() takes one module"}));
          return;
        }
        if (module_of(call.items[0], m)) add_child(parent, std::to_string(parent.children.size()), std::move(m), call.where);
      } else {
        if (call.items.size() != 1) {
          error(call.where, cat({object, ".extend() takes a list of modules"}));
          return;
        }
        for (Module& m : modules_of_sequence(call.items[0]))
          add_child(parent, std::to_string(parent.children.size()), std::move(m), call.where);
      }
      return;
    }
    scan_uses(call);
  }

  // ---- modules --------------------------------------------------------------------------------
  bool is_sequential(const Expr& e) const {
    return e.kind == Expr::Kind::Call && last_component(e.name) == "Sequential";
  }

  // Whether an expression is meant to build a module (so an assignment of it is not a constant).
  bool looks_like_module(const Expr& e) const {
    switch (e.kind) {
      case Expr::Kind::Name: return module_vars_.count(e.name) > 0;
      case Expr::Kind::Call: {
        if (is_tensor_factory(e.name)) return false;
        if (is_sequential(e) || classes_.count(e.name)) return true;
        auto f = functions_.find(e.name);
        if (f != functions_.end()) return f->second.returns_module || f->second.returns_param;
        std::string type = last_component(e.name);
        size_t dot = e.name.rfind('.');
        std::string prefix = dot == std::string::npos ? "" : e.name.substr(0, dot);
        if (type.size() > 4 && type.compare(type.size() - 4, 4, "Loss") == 0) return false;  // nn.CrossEntropyLoss()
        if ((is_passthrough_method(type) || type == "requires_grad_") && module_vars_.count(prefix)) return true;
        if (prefix.empty()) {
          auto source = import_sources_.find(type);
          return find_layer_type(type, Framework::PyTorch) ||
                 (source != import_sources_.end() && source->second.rfind("torch.nn.", 0) == 0);
        }
        return is_torch_nn(prefix);
      }
      case Expr::Kind::Other:
        return e.called() && e.object().size() == 1 && (is_passthrough_method(e.member()) || e.member() == "requires_grad_") &&
               looks_like_module(e.object()[0]);
      default: return false;
    }
  }

  // A module (or, for a list, modules only), as list.append / extend / += take them.
  bool holds_modules(const Expr& e, bool list) const {
    if (!list) return looks_like_module(e);
    if (e.kind == Expr::Kind::Name) return list_vars_.count(e.name) > 0;
    if (e.kind != Expr::Kind::List && e.kind != Expr::Kind::Tuple) return false;
    return std::all_of(e.items.begin(), e.items.end(), [&](const Expr& item) { return looks_like_module(item); });
  }

  // nn, torch.nn, or whatever name the text imported torch.nn as.
  bool is_torch_nn(const std::string& prefix) const {
    if (prefix == "nn" || prefix == "torch.nn") return true;
    auto source = import_sources_.find(prefix);
    return source != import_sources_.end() && source->second == "torch.nn";
  }

  // The module an expression builds, as Python evaluates it; false after reporting why not.
  bool module_of(const Expr& e, Module& out, int depth = 0) {
    if (depth > kMaxModuleDepth) {
      error(e.where, cat({"modules are nested too deeply here to read (more than ", kMaxModuleDepth, ")"}));
      return false;
    }
    out = Module{};
    out.where = e.where;
    switch (e.kind) {
      case Expr::Kind::Name: {
        auto var = module_vars_.find(e.name);
        if (var != module_vars_.end()) {
          if (!charge(var->second, e.where)) return false;
          out = var->second;
          embedded_.insert(e.name);
          return true;
        }
        std::string type = last_component(e.name);
        if (find_layer_type(type, Framework::PyTorch)) {
          error(e.where, cat({e.name, " is a class; write ", e.name, "() to make the module"}));
          return false;
        }
        if (is_shape_keeping_function(e.name) || e.name.rfind("F.", 0) == 0) {
          error(e.where, cat({e.name, " is a function, not a module; nn.Sequential holds modules such as nn.ReLU()"}));
          return false;
        }
        error(e.where, cat({"'", e.name, "' is not a module defined in this text"}));
        return false;
      }
      case Expr::Kind::Call: return call_module(e, out, depth);
      case Expr::Kind::Other:
        if (e.called() && e.object().size() == 1 && (is_passthrough_method(e.member()) || e.member() == "requires_grad_")) {
          if (!module_of(e.object()[0], out, depth + 1)) return false;
          if (e.member() == "requires_grad_") set_trainable(out, requires_grad_value(e));
          return true;
        }
        if (e.end > e.begin) {
          error(e.where, cat({"cannot read '", brief(e), "' as a module without running Python"}));
          return false;
        }
        break;
      default: break;
    }
    error(e.where, cat({"expected a module here, found ", brief(e)}));
    return false;
  }

  bool call_module(const Expr& call, Module& out, int depth) {
    const std::string& name = call.name;
    std::string type = last_component(name);
    size_t dot = name.rfind('.');
    std::string prefix = dot == std::string::npos ? "" : name.substr(0, dot);
    if (type == "Sequential") return sequential_module(call, out, depth);
    if (!prefix.empty() && module_vars_.count(prefix) && (is_passthrough_method(type) || type == "requires_grad_")) {
      if (!charge(module_vars_[prefix], call.where)) return false;
      out = module_vars_[prefix];
      embedded_.insert(prefix);
      if (type == "requires_grad_") set_trainable(out, requires_grad_value(call));
      return true;
    }
    auto f = functions_.find(name);
    if (f != functions_.end()) {
      const Function& fn = f->second;
      if (fn.returns_module) {
        if (!charge(*fn.returns_module, call.where)) return false;
        out = *fn.returns_module;
        std::map<uint64_t, uint64_t> fresh;
        renew(out, fresh, call.where);  // each call builds new modules
        return true;
      }
      if (fn.returns_param) {
        size_t k = *fn.returns_param;
        if (k >= call.items.size() || !call.keywords[k].empty()) {
          error(call.where, cat({name, "(...) returns its argument ", fn.params[k], ", which is not given here"}));
          return false;
        }
        if (!module_of(call.items[k], out, depth + 1)) return false;
        if (fn.freezes.count(k)) set_trainable(out, false);
        return true;
      }
      error(call.where, cat({"cannot read what ", name, "(...) returns without running Python"}));
      return false;
    }
    auto cls = classes_.find(name);
    if (cls != classes_.end()) return class_module(cls->second, call, out);
    if (type == "ModuleList" || type == "ModuleDict") {
      error(call.where, cat({"nn.", type, " holds modules without running them in order; Learnable reads "
                             "nn.Sequential models: use nn.Sequential(...) to count them"}));
      return false;
    }
    out.container = false;
    out.depth = 0;
    out.leaves = 1;
    out.identity = ++identities_;
    build_module(call, out.layer);
    return true;
  }

  // nn.Sequential(a, b, ...), nn.Sequential(*layers), nn.Sequential(OrderedDict([...])).
  bool sequential_module(const Expr& call, Module& out, int depth) {
    out.container = true;
    out.leaves = 0;
    out.depth = 1;
    for (size_t k = 0; k < call.items.size(); ++k)
      if (!call.keywords[k].empty()) {
        error(call.item_where[k], cat({"nn.Sequential takes modules, not the keyword argument '", call.keywords[k], "'"}));
        return false;
      }
    bool ordered = call.items.size() == 1 && call.starred().empty() &&
                   ((call.items[0].kind == Expr::Kind::Call && last_component(call.items[0].name) == "OrderedDict") ||
                    (call.items[0].kind == Expr::Kind::Name && dict_vars_.count(call.items[0].name)));
    if (ordered) {
      const Expr& dict = call.items[0].kind == Expr::Kind::Name ? dict_vars_[call.items[0].name] : call.items[0];
      return ordered_children(dict, out, depth);
    }
    if (call.items.size() == 1 && call.items[0].kind == Expr::Kind::List) {
      error(call.items[0].where, "nn.Sequential takes its modules one by one, not a list: write nn.Sequential(*[...]) or "
                                 "give the modules as its arguments; read as if it did");
      for (Module& m : modules_of_sequence(call.items[0], depth))
        add_child(out, std::to_string(out.children.size()), std::move(m), call.where);
      return true;
    }
    if (call.items.size() == 1 && call.items[0].kind == Expr::Kind::Dict) {
      error(call.items[0].where, "nn.Sequential takes an OrderedDict, not a dict: write nn.Sequential(OrderedDict(...))");
      return false;
    }
    size_t next_star = 0;
    for (size_t k = 0; k <= call.items.size(); ++k) {
      for (; next_star < call.starred().size() && call.starred()[next_star].first == k; ++next_star)
        for (Module& m : modules_of_sequence(call.starred()[next_star].second, depth))
          add_child(out, std::to_string(out.children.size()), std::move(m), call.where);
      if (k == call.items.size()) break;
      Module m;
      if (module_of(call.items[k], m, depth + 1)) add_child(out, std::to_string(out.children.size()), std::move(m), call.where);
    }
    if (call.splat && call.starred().empty()) warn(call.where, "**kwargs in nn.Sequential(...) are not read");
    return true;
  }

  // OrderedDict([("conv1", nn.Conv2d(...)), ...]), OrderedDict(conv1=...), OrderedDict({"conv1": ...}).
  bool ordered_children(const Expr& dict, Module& out, int depth) {
    for (size_t k = 0; k < dict.items.size(); ++k) {
      const Expr& item = dict.items[k];
      if (!dict.keywords[k].empty()) {
        Module m;
        if (module_of(item, m, depth + 1)) add_child(out, dict.keywords[k], std::move(m), item.where);
        continue;
      }
      if (item.kind == Expr::Kind::Dict) {
        for (size_t j = 0; j < item.items.size(); ++j) {
          Module m;
          if (item.keywords[j].empty()) {
            error(item.item_where[j], "the names of an OrderedDict of modules must be strings");
            continue;
          }
          if (module_of(item.items[j], m, depth + 1)) add_child(out, item.keywords[j], std::move(m), item.items[j].where);
        }
        continue;
      }
      if (item.kind != Expr::Kind::List && item.kind != Expr::Kind::Tuple) {
        error(item.where, cat({"cannot read ", brief(item), " as the (name, module) pairs of an OrderedDict"}));
        continue;
      }
      for (const Expr& pair : item.items) {
        std::string child;
        Module m;
        if ((pair.kind != Expr::Kind::Tuple && pair.kind != Expr::Kind::List) || pair.items.size() != 2) {
          error(pair.where, cat({"expected a (name, module) pair here, found ", brief(pair)}));
          continue;
        }
        if (child_name(pair.items[0], child) && module_of(pair.items[1], m, depth + 1))
          add_child(out, child, std::move(m), pair.where);
      }
    }
    return true;
  }

  // The modules of *layers or extend([...]): a list variable or a list written out.
  std::vector<Module> modules_of_sequence(const Expr& e, int depth = 0) {
    std::vector<Module> out;
    if (e.kind == Expr::Kind::Name) {
      auto list = list_vars_.find(e.name);
      if (list != list_vars_.end()) {
        for (const Module& m : list->second)
          if (charge(m, e.where)) out.push_back(m);
        return out;
      }
      auto var = module_vars_.find(e.name);
      if (var != module_vars_.end() && var->second.container) {
        if (charge(var->second, e.where))
          for (const auto& child : var->second.children) out.push_back(*child.second);
        return out;
      }
      error(e.where, cat({"'", e.name, "' is not a list of modules defined in this text"}));
      return out;
    }
    if (e.kind == Expr::Kind::List || e.kind == Expr::Kind::Tuple) {
      for (const Expr& item : e.items) {
        Module m;
        if (module_of(item, m, depth + 1)) out.push_back(std::move(m));
      }
      return out;
    }
    error(e.where, cat({"cannot read '", brief(e), "' as a list of modules without running Python"}));
    return out;
  }

  bool child_name(const Expr& e, std::string& out) {
    std::vector<Problem> problems;
    Value v = evaluate(e, problems);
    if (v.kind == Value::Kind::String && !v.text.empty() && v.text.find('.') == std::string::npos) {
      out = v.text;
      return true;
    }
    if (v.kind == Value::Kind::String)
      error(e.where, cat({"a module's name cannot ", (v.text.empty() ? "be empty" : "contain '.'"), ", got '", v.text, "'"}));
    else
      error(e.where, cat({"a module's name must be a string, got ", brief(e)}));
    return false;
  }

  // Copying a module held in a variable costs its direct children: past kMaxCopied in all, a text
  // that copies a wide Sequential again and again is refused instead of taking minutes.
  bool charge(const Module& m, SourceLocation where) {
    size_t cost = m.children.size() + 1;
    if (cost <= kMaxCopied - copied_) {
      copied_ += cost;
      return true;
    }
    if (!copy_refused_) {
      copy_refused_ = true;
      error(where, cat({"the text copies modules more than ", with_commas(static_cast<int64_t>(kMaxCopied)),
                        " times; Learnable stops copying here"}));
    }
    return false;
  }

  // Appends a child (or replaces the one of that name, as PyTorch's add_module does), within the
  // size and nesting limits. A forward() that calls a module twice lists it twice (replace=false).
  void add_child(Module& parent, const std::string& name, Module child, SourceLocation where, bool replace = true) {
    if (child.depth + 1 > kMaxModuleDepth) {
      error(where, cat({"modules are nested too deeply here to read (more than ", kMaxModuleDepth, ")"}));
      return;
    }
    auto found = replace ? parent.child_index.find(name) : parent.child_index.end();
    auto same = found == parent.child_index.end() ? parent.children.end()
                                                  : parent.children.begin() + static_cast<std::ptrdiff_t>(found->second);
    size_t replaced = same == parent.children.end() ? 0 : same->second->leaves;
    if (parent.leaves - replaced + child.leaves > kMaxModules) {
      error(where, cat({"the model has more than ", with_commas(static_cast<int64_t>(kMaxModules)),
                        " modules; Learnable reads at most that many"}));
      return;
    }
    parent.leaves = parent.leaves - replaced + child.leaves;
    parent.depth = std::max(parent.depth, child.depth + 1);
    auto shared = std::make_shared<Module>(std::move(child));
    if (same != parent.children.end()) {
      same->second = std::move(shared);
    } else {
      parent.child_index[name] = parent.children.size();
      parent.children.emplace_back(name, std::move(shared));
    }
  }

  void set_child(std::vector<std::pair<std::string, Module>>& attrs, const std::string& name, Module m) {
    for (auto& [n, existing] : attrs)
      if (n == name) {
        existing = std::move(m);
        return;
      }
    attrs.emplace_back(name, std::move(m));
  }

  // object.insert(index, module) or object.pop(index), written as a call (model.insert(...)) or on
  // a subscript (model[0].pop(...)), when object names a module of the model or a list of modules:
  // carried out (edit_sequence), true.
  bool sequence_call(const Expr& call) {
    const bool on_subscript = call.kind == Expr::Kind::Other && call.called() && call.object().size() == 1;
    if (!on_subscript && call.kind != Expr::Kind::Call) return false;
    const std::string method = on_subscript ? call.member() : last_component(call.name);
    if (method != "insert" && method != "pop") return false;
    Expr path;
    if (on_subscript) {  // model[0].insert(...)
      path = call.object()[0];
    } else if (call.name.size() > method.size()) {  // model.insert(...)
      path = call;
      path.kind = Expr::Kind::Name;
      path.name = call.name.substr(0, call.name.size() - method.size() - 1);
      path.items.clear();
    } else {
      return false;
    }
    const bool insert = method == "insert" && call.items.size() == 2 && holds_modules(call.items[1], false);
    if (!insert && !(method == "pop" && call.items.size() <= 1)) return false;
    if (!names_a_sequence(path)) return false;
    std::optional<int64_t> index;
    if (call.items.empty()) {  // layers.pop(): a list's last item (a Sequential's pop needs an index)
      if (!list_vars_.count(path.name)) return false;
      index = -1;
    } else {
      std::vector<Problem> problems;
      Value at = evaluate(call.items[0], problems);
      if (problems.empty() && at.kind == Value::Kind::Int) index = at.integer;
    }
    edit_sequence(path, method, index, insert ? &call.items[1] : nullptr, call.where);
    return true;
  }

  // Whether `built`, in place of modules with `replaced` leaves inside the last container of
  // `chain`, keeps the model within the nesting and size limits (add_child's); false after saying so.
  bool fits(const std::vector<Module*>& chain, const Module& built, size_t replaced, SourceLocation where) {
    if (static_cast<int>(chain.size()) + built.depth > kMaxModuleDepth) {
      error(where, cat({"modules are nested too deeply here to read (more than ", kMaxModuleDepth, ")"}));
      return false;
    }
    if (chain.front()->leaves - replaced + built.leaves > kMaxModules) {
      error(where, cat({"the model has more than ", with_commas(static_cast<int64_t>(kMaxModules)),
                        " modules; Learnable reads at most that many"}));
      return false;
    }
    return true;
  }

  // An index past the modules read: Python's IndexError, unless a loop or a branch was read once
  // (then there may be more modules than were read, and the statement is only left out).
  void out_of_range(const std::string& written, int64_t index, int64_t n, SourceLocation where) {
    if (loop_warned_ || branch_warned_)
      warn(where, cat({written, ": index ", index, " is past the ", n, (n == 1 ? " module" : " modules"),
                       " read (a loop or a branch above was read once); the model is counted without this change"}));
    else
      error(where, cat({written, ": index ", index, " is out of range for ", n, (n == 1 ? " module" : " modules"),
                        " (IndexError)"}));
  }

  // Whether `path` names a list of modules or a module of the model (whatever it holds).
  bool names_a_sequence(const Expr& path) {
    std::string root;
    std::vector<PathStep> steps;
    if (!path_of(path, root, steps)) return false;
    return module_vars_.count(root) || (steps.empty() && list_vars_.count(root));
  }

  // Sequential's (and ModuleList's) __setitem__ ("set"), insert, __delitem__ ("del") and pop on the
  // container `path` names (model, model.features[0]), or the same list operations on a Python
  // list of modules. `index` is the integer subscript, when it is one; `value` builds the module.
  // As in PyTorch, insert, del and pop number the children 0, 1, ... again; set keeps the name.
  void edit_sequence(const Expr& path, const std::string& op, std::optional<int64_t> index, const Expr* value,
                     SourceLocation where) {
    std::string root;
    std::vector<PathStep> steps;
    if (!path_of(path, root, steps)) return;
    const std::string name = path.kind == Expr::Kind::Name ? path.name : brief(path);
    const std::string written = op == "set" || op == "del" ? cat({name, "[...]"}) : cat({name, ".", op, "()"});
    if (!index) {
      if (module_vars_.count(root) || list_vars_.count(root))
        warn(where, cat({written, " with an index that is not a whole number (a slice, a variable) is not read: "
                         "the model is counted without this change"}));
      return;
    }
    if (module_vars_.count(root) && embedded_.count(root))
      warn(where, cat({root, " is also part of a module built before this line, which is counted without this change"}));
    Module built;
    if (value && !module_of(*value, built)) return;
    auto list = list_vars_.find(root);
    if (list != list_vars_.end() && steps.empty()) {
      std::vector<Module>& items = list->second;
      const int64_t n = static_cast<int64_t>(items.size());
      int64_t i = *index < 0 ? *index + n : *index;
      if (op == "insert") {
        i = std::clamp(i, int64_t{0}, n);  // list.insert past either end
        items.insert(items.begin() + i, std::move(built));
      } else if (i < 0 || i >= n) {
        out_of_range(written, *index, n, where);
      } else if (op == "set") {
        items[static_cast<size_t>(i)] = std::move(built);
      } else {
        items.erase(items.begin() + i);
      }
      return;
    }
    auto var = module_vars_.find(root);
    if (var == module_vars_.end()) return;
    std::vector<Module*> chain{&var->second};
    for (const PathStep& step : steps) {
      Module& m = *chain.back();
      Module* next = nullptr;
      if (m.container && step.is_index) {
        int64_t n = static_cast<int64_t>(m.children.size());
        int64_t i = step.index < 0 ? step.index + n : step.index;
        if (i >= 0 && i < n) next = &own(m.children[static_cast<size_t>(i)].second);
      } else if (m.container) {
        for (auto& child : m.children)
          if (child.first == step.name) next = &own(child.second);
      }
      if (!next) {
        warn(where, cat({name, " names no module of the model here; ", written, " is not read"}));
        return;
      }
      chain.push_back(next);
    }
    Module& parent = *chain.back();
    if (!parent.container) {
      error(where, cat({name, " is a single ", parent.layer.type, ", not an nn.Sequential: ", written, " does not apply"}));
      return;
    }
    const int64_t n = static_cast<int64_t>(parent.children.size());
    int64_t i = *index < 0 ? *index + n : *index;
    if (op == "insert") {
      if (*index < -n || *index > n) {
        out_of_range(written, *index, n, where);
        return;
      }
      if (!fits(chain, built, 0, where)) return;
      parent.children.insert(parent.children.begin() + i, Child{"", std::make_shared<Module>(std::move(built))});
    } else if (i < 0 || i >= n) {
      out_of_range(written, *index, n, where);
      return;
    } else if (op == "set") {
      if (!fits(chain, built, parent.children[static_cast<size_t>(i)].second->leaves, where)) return;
      parent.children[static_cast<size_t>(i)].second = std::make_shared<Module>(std::move(built));
    } else {
      parent.children.erase(parent.children.begin() + i);
    }
    if (op != "set")
      for (size_t k = 0; k < parent.children.size(); ++k) parent.children[k].first = std::to_string(k);
    // The sizes of the containers on the way, innermost first.
    for (auto m = chain.rbegin(); m != chain.rend(); ++m) {
      Module& c = **m;
      c.leaves = 0;
      c.depth = 1;
      c.child_index.clear();
      for (size_t k = 0; k < c.children.size(); ++k) {
        c.leaves += c.children[k].second->leaves;
        c.depth = std::max(c.depth, c.children[k].second->depth + 1);
        c.child_index[c.children[k].first] = k;
      }
    }
  }

  bool build_module(const Expr& call, Layer& layer) {
    layer.type = canonical_type_name(last_component(call.name), Framework::PyTorch);
    layer.where = call.where;
    const LayerType* type = find_layer_type(layer.type, Framework::PyTorch);
    if (layer.type == "Identity") return true;  // Identity(*args, **kwargs) ignores its arguments, as PyTorch does
    if (call.splat) warn(call.where, cat({"*args and **kwargs in ", layer.type, "(...) are not read"}));
    size_t positional = 0;
    for (size_t k = 0; k < call.items.size(); ++k) {
      const Expr& item = call.items[k];
      std::string name = call.keywords[k];
      SourceLocation where = call.item_where[k];
      if (name.empty()) {
        if (!type) continue;  // the module is unknown: Learnable says so on the module itself
        size_t limit = std::min(type->positional, type->args.size());
        if (positional >= limit) {
          if (positional++ == limit)
            error(where, cat({layer.type, " takes at most ", limit, " positional arguments; the ones from here on are not read"}));
          continue;
        }
        name = type->args[positional++].name;
      }
      if (layer.find_arg(name)) {
        error(where, cat({layer.type, " got '", name, "' twice"}));
        continue;
      }
      const ArgSpec* spec = type ? type->find_arg(name) : nullptr;
      std::vector<Problem> problems;
      Value value = evaluate(item, problems);
      bool matters = spec ? spec->kind != ArgKind::Activation && spec->kind != ArgKind::Any
                          : type && !is_common_layer_arg(name, Framework::PyTorch);
      if (matters) report(problems, "");
      else if (value.kind == Value::Kind::Expr && item.kind == Expr::Kind::Name) value = Value::expr(item.name);
      layer.args.push_back({name, std::move(value), where});
    }
    return true;
  }

  // class Net(nn.Module) whose forward() calls its modules one after another.
  bool class_module(ClassDef& cls, const Expr& call, Module& out) {
    std::string problem = cls.problem;
    SourceLocation where = cls.problem_where;
    if (problem.empty() && !cls.is_module) {
      problem = cat({cls.name, " is not an nn.Module"});
      where = cls.where;
    }
    if (problem.empty() && !cls.has_forward) {
      problem = cat({cls.name, " has no forward()"});
      where = cls.where;
    }
    if (!problem.empty()) {
      if (!cls.reported) {
        cls.reported = true;
        error(where, cat({problem, "; Learnable reads nn.Sequential models, and an nn.Module subclass only when its "
                                   "forward() calls its modules one after another: write the model as "
                                   "nn.Sequential(...) to count it"}));
      }
      return false;
    }
    if (!call.items.empty() && !cls.reported) {
      cls.reported = true;
      warn(call.where, cat({"the arguments of ", cls.name, "(...) are not read; the defaults of its __init__ are used"}));
    }
    out.container = true;
    out.leaves = 0;
    out.depth = 1;
    // This instance's modules: new objects, shared between its attributes as __init__ shares them.
    std::vector<std::pair<std::string, Module>> attrs = cls.attrs;
    std::map<uint64_t, uint64_t> fresh;
    for (auto& attr : attrs) renew(attr.second, fresh, call.where);
    std::set<std::string> called;
    int flattens = 0;
    for (const ClassDef::Step& step : cls.forward) {
      if (step.attr.empty()) {
        Module flatten;
        flatten.identity = ++identities_;
        flatten.where = step.where;
        flatten.layer.type = "Flatten";
        flatten.layer.where = step.where;
        add_child(out, flattens++ ? cat({"torch.flatten_", flattens}) : std::string("torch.flatten"), std::move(flatten),
                  step.where, false);
        continue;
      }
      auto attr = std::find_if(attrs.begin(), attrs.end(), [&](const auto& a) { return a.first == step.attr; });
      if (attr == attrs.end()) {
        error(step.where, cat({"forward() calls self.", step.attr, ", which __init__ does not set to a module"}));
        continue;
      }
      called.insert(step.attr);  // a second call is listed again, sharing the first one's weights
      if (charge(attr->second, step.where)) add_child(out, step.attr, attr->second, step.where, false);
    }
    for (const auto& [name, m] : attrs)
      if (!called.count(name))
        warn(m.where, cat({"forward() never calls self.", name, "; its parameters are not counted here, though "
                           "PyTorch's parameters() lists them"}));
    return true;
  }

  void forward_problem(ClassDef& cls, SourceLocation where, std::string what) {
    if (!cls.problem.empty()) return;
    cls.problem = cat({cls.name, "'s forward() does more than call its modules one after another (line ", where.line,
                       ": ", what, ")"});
    cls.problem_where = where;
  }

  // x = self.conv(x), x = self.fc(torch.flatten(x, 1)), x = F.relu(self.bn(x)): the modules in
  // the order they run, on the variable holding the result so far.
  void forward_assignment(ClassDef& cls, const Expr& target, const Expr& value) {
    if (target.kind != Expr::Kind::Name || target.name.find('.') != std::string::npos) {
      forward_problem(cls, target.where, cat({"the assignment to ", brief(target)}));
      return;
    }
    if (forward_expression(cls, value)) cls.current = target.name;
  }

  bool forward_expression(ClassDef& cls, const Expr& e) {
    if (e.kind == Expr::Kind::Name) {
      if (e.name == cls.current) return true;
      forward_problem(cls, e.where, cat({"it uses ", e.name, " where the result so far is ", cls.current}));
      return false;
    }
    if (e.kind == Expr::Kind::Call) {
      const std::string& name = e.name;
      size_t positional = 0;
      for (const std::string& k : e.keywords) positional += k.empty();
      if (name.rfind("self.", 0) == 0 && name.find('.', 5) == std::string::npos && e.items.size() == 1 && positional == 1) {
        if (!forward_expression(cls, e.items[0])) return false;
        cls.forward.push_back({name.substr(5), e.where});
        return true;
      }
      if ((name == "torch.flatten" || name == "flatten") && !e.items.empty() && e.keywords[0].empty()) {
        if (!forward_expression(cls, e.items[0])) return false;
        cls.forward.push_back({"", e.where});
        return true;
      }
      if (is_shape_keeping_function(name) && !e.items.empty() && e.keywords[0].empty()) return forward_expression(cls, e.items[0]);
    }
    if (e.kind == Expr::Kind::Other && e.called() && e.object().size() == 1 &&
        (e.member() == "view" || e.member() == "reshape" || e.member() == "flatten")) {
      if (!forward_expression(cls, e.object()[0])) return false;
      cls.forward.push_back({"", e.where});
      return true;
    }
    if (e.kind == Expr::Kind::Call && (e.name == cls.current + ".view" || e.name == cls.current + ".reshape" ||
                                        e.name == cls.current + ".flatten")) {
      cls.forward.push_back({"", e.where});
      return true;
    }
    if (e.kind == Expr::Kind::Call && is_shape_keeping_function(cls.current + "." + last_component(e.name)) &&
        e.name == cls.current + "." + last_component(e.name))
      return true;  // x.relu()
    forward_problem(cls, e.where, brief(e));
    return false;
  }

  // ---- freezing -------------------------------------------------------------------------------
  bool requires_grad_value(const Expr& call) {
    if (call.items.empty()) return true;
    std::vector<Problem> problems;
    Value v = evaluate(call.items[0], problems);
    if (v.kind == Value::Kind::Bool) return v.boolean;
    warn(call.item_where[0], cat({"cannot read ", brief(call.items[0]), " as True or False; read as False"}));
    return false;
  }

  // New objects for the leaves of a module built again (a function's or a class's modules on each
  // call): leaves that were one object stay one object among themselves.
  void renew(Module& m, std::map<uint64_t, uint64_t>& fresh, SourceLocation where) {
    if (!m.container) {
      auto [it, added] = fresh.emplace(m.identity, 0);
      if (added) it->second = ++identities_;
      m.identity = it->second;
      return;
    }
    if (!charge(m, where)) return;
    for (auto& child : m.children) renew(own(child.second), fresh, where);
  }

  // A child about to change, copied first when another module shares it.
  static Module& own(std::shared_ptr<Module>& child) {
    if (child.use_count() > 1) child = std::make_shared<Module>(*child);
    return *child;
  }

  void set_trainable(Module& m, bool trainable) {
    if (m.container) {
      for (auto& child : m.children) set_trainable(own(child.second), trainable);
      return;
    }
    m.layer.frozen.clear();  // the whole module's requires_grad_ sets each of its parameters
    if (trainable) m.layer.erase_arg("trainable");
    else m.layer.set_arg("trainable", Value::of_bool(false));
  }

  // model[1].bias.requires_grad_(False): one parameter of a module, by PyTorch's name for it (the
  // calculator checks that the module has it). Unfreezing one parameter of a module frozen whole
  // cannot be written in Learnable's model, and says so.
  void freeze_parameter(Layer& layer, const std::string& name, bool trainable, SourceLocation where) {
    const Value* whole = layer.find_arg("trainable");
    bool frozen_whole = whole && whole->kind == Value::Kind::Bool && !whole->boolean;
    if (!trainable) {
      if (!frozen_whole) layer.freeze(name, where);
      return;
    }
    if (frozen_whole) {
      warn(where, cat({"this unfreezes only ", name, " of a ", layer.type, " frozen whole above; Learnable cannot "
                       "unfreeze one parameter of a frozen module, so all of them count as non-trainable here"}));
      return;
    }
    layer.unfreeze(name);
  }

  // The root variable and the steps of model[1].features, model.features[0], p (a loop over
  // some module's parameters).
  bool path_of(const Expr& e, std::string& root, std::vector<PathStep>& steps, int depth = 0) {
    if (depth > kMaxChain) return false;
    if (e.kind == Expr::Kind::Name) {
      size_t dot = e.name.find('.');
      root = e.name.substr(0, dot);
      auto loop = loops_.find(root);
      if (loop != loops_.end() && dot == std::string::npos) return path_of(loop->second.path, root, steps, depth + 1);
      for (size_t start = dot; start != std::string::npos;) {
        size_t next = e.name.find('.', start + 1);
        steps.push_back({false, 0, e.name.substr(start + 1, next == std::string::npos ? std::string::npos : next - start - 1), e.where});
        start = next;
      }
      return true;
    }
    if (e.kind == Expr::Kind::Other && !e.called() && e.object().size() == 1) {
      if (!path_of(e.object()[0], root, steps, depth + 1)) return false;
      if (e.subscript()) {
        if (!e.index()) return false;
        steps.push_back({true, *e.index(), "", e.where});
      } else {
        steps.push_back({false, 0, e.member(), e.where});
      }
      return true;
    }
    return false;
  }

  // model[0].requires_grad_(False), for p in model[3].parameters(): p.requires_grad = False, and
  // the same on a function's parameter (def frozen(module): ...).
  void freeze(const Expr& path, bool trainable, SourceLocation where, bool in_loop = false) {
    if (path.kind == Expr::Kind::Name && !in_loop) {
      auto loop = loops_.find(path.name);
      if (loop != loops_.end() && loop->second.named && scopes_.size() > loop->second.depth) {
        // for name, p in model.named_parameters(): if name.startswith("0."): p.requires_grad = False
        warn(where, cat({"inside a condition, this loop over named_parameters() picks parameters by their names, "
                         "which Learnable does not compare: nothing is ", (trainable ? "unfrozen" : "frozen"),
                         " by this statement"}));
        return;
      }
      if (loop != loops_.end() && !loop->second.each.empty()) {
        std::vector<Expr> each = loop->second.each;
        for (const Expr& item : each) freeze(item, trainable, where, true);
        return;
      }
    }
    std::string root;
    std::vector<PathStep> steps;
    if (!path_of(path, root, steps)) {
      warn(where, cat({"cannot tell which module ", brief(path), " is without running Python; its parameters are "
                       "counted as trainable"}));
      return;
    }
    if (const Scope* def = innermost_def()) {
      Function& f = functions_[def->name];
      auto param = std::find(f.params.begin(), f.params.end(), root);
      if (param != f.params.end() && steps.empty()) {
        if (!trainable) f.freezes.insert(static_cast<size_t>(param - f.params.begin()));
        return;
      }
    }
    Module* m = nullptr;
    auto var = module_vars_.find(root);
    if (var != module_vars_.end()) {
      m = &var->second;
    } else if (ClassDef* cls = in_method("__init__"); cls && root == "self" && !steps.empty() && !steps[0].is_index) {
      for (auto& [name, attr] : cls->attrs)
        if (name == steps[0].name) m = &attr;
      if (m) steps.erase(steps.begin());
    }
    if (!m) {
      warn(where, cat({"'", root, "' is not a module defined in this text; ", brief(path), " is not frozen here"}));
      return;
    }
    for (size_t k = 0; k < steps.size(); ++k) {
      const PathStep& step = steps[k];
      if (!m->container) {
        if (k + 1 == steps.size() && !step.is_index) {
          freeze_parameter(m->layer, step.name, trainable, where);
          return;
        }
        std::string rest;
        for (size_t j = k; j < steps.size(); ++j) rest += steps[j].is_index ? cat({"[", steps[j].index, "]"}) : "." + steps[j].name;
        warn(where, cat({"cannot tell which parameter of the ", m->layer.type, " ", brief(path), " is (", rest.substr(rest[0] == '.'),
                         "); nothing is ", (trainable ? "unfrozen" : "frozen"), " here"}));
        return;
      }
      Module* next = nullptr;
      if (step.is_index) {
        int64_t n = static_cast<int64_t>(m->children.size());
        int64_t i = step.index < 0 ? step.index + n : step.index;
        if (i >= 0 && i < n) next = &own(m->children[static_cast<size_t>(i)].second);
      } else {
        for (auto& child : m->children)
          if (child.first == step.name) next = &own(child.second);
      }
      if (!next) {
        warn(where, cat({brief(path), " names no module of the model here; nothing is frozen"}));
        return;
      }
      m = next;
    }
    set_trainable(*m, trainable);
  }

  // ---- the input shape ------------------------------------------------------------------------
  // torch.randn(1, 3, 32, 32), torch.zeros((1, 3, 32, 32)), torch.randint(0, 10, (1, 50)), x.to(device).
  std::optional<Shape> tensor_shape(const Expr& e) {
    if (e.kind == Expr::Kind::Name) {
      auto t = tensor_vars_.find(e.name);
      if (t != tensor_vars_.end()) return t->second;
      return std::nullopt;
    }
    if (e.kind == Expr::Kind::Other && e.called() && e.object().size() == 1 && is_passthrough_method(e.member()))
      return tensor_shape(e.object()[0]);
    if (e.kind != Expr::Kind::Call) return std::nullopt;
    size_t dot = e.name.rfind('.');
    if (dot != std::string::npos && is_passthrough_method(e.name.substr(dot + 1))) {
      auto t = tensor_vars_.find(e.name.substr(0, dot));
      if (t != tensor_vars_.end()) return t->second;
    }
    if (!is_tensor_factory(e.name)) return std::nullopt;
    std::string kind = last_component(e.name);
    std::vector<Problem> problems;
    std::vector<Value> positional;
    for (size_t k = 0; k < e.items.size(); ++k) {
      if (e.keywords[k] == "size") return shape_of_sizes({evaluate(e.items[k], problems)}, problems);
      if (e.keywords[k].empty()) positional.push_back(evaluate(e.items[k], problems));
    }
    if (kind == "randint" || kind == "full" || kind == "normal") {
      // randint(low, high, size) / randint(high, size), full(size, value): the size is the tuple.
      for (const Value& v : positional)
        if (v.is_sequence()) return shape_of_sizes({v}, problems);
      return std::nullopt;
    }
    return shape_of_sizes(positional, problems);
  }

  static std::optional<Shape> shape_of_sizes(const std::vector<Value>& values, const std::vector<Problem>& problems) {
    if (!problems.empty() || values.empty()) return std::nullopt;
    const std::vector<Value>& sizes = values.size() == 1 && values[0].is_sequence() ? values[0].items : values;
    Shape shape;
    for (const Value& v : sizes) {
      if (v.kind != Value::Kind::Int || v.integer <= 0) return std::nullopt;
      shape.push_back(v.integer);
    }
    if (shape.empty()) return std::nullopt;
    return shape;
  }

  // Calls that state the model's input: summary(model, (3, 32, 32)) (torchsummary: no batch;
  // torchinfo: with the batch unless batch_dim= is given) and model(x) on a tensor made above.
  void scan_uses(const Expr& e, int depth = 0) {
    if (depth > kMaxChain) return;
    if (sequence_call(e)) return;  // print(model.pop(0))
    if (e.kind == Expr::Kind::Call) {
      std::string method = last_component(e.name);
      if (method == "summary" && !e.items.empty() && e.keywords[0].empty()) summary_call(e);
      size_t dot = e.name.rfind('.');
      std::string root = e.name;
      if (dot != std::string::npos && e.name.substr(dot + 1) == "forward") root = e.name.substr(0, dot);
      if (module_vars_.count(root) && !e.items.empty() && e.keywords[0].empty())
        if (std::optional<Shape> shape = tensor_shape(e.items[0]))
          note_input(root, Shape(shape->begin() + 1, shape->end()), e.where, cat({brief(e), " on a tensor of shape ", shape_torch(Shape(shape->begin() + 1, shape->end()))}));
    }
    for (const Expr& item : e.items) scan_uses(item, depth + 1);
    for (const Expr& object : e.object()) scan_uses(object, depth + 1);
  }

  void summary_call(const Expr& call) {
    std::string root;
    const Expr& model = call.items[0];
    if (model.kind == Expr::Kind::Name) root = model.name.substr(0, model.name.find('.'));
    else if (model.kind == Expr::Kind::Call) root = model.name.substr(0, model.name.find('.'));
    else if (model.kind == Expr::Kind::Other && model.object().size() == 1 && model.object()[0].kind != Expr::Kind::Other)
      root = model.object()[0].name.substr(0, model.object()[0].name.find('.'));
    const Expr* size = nullptr;
    const Expr* data = nullptr;
    bool batch_dim = false;
    for (size_t k = 1; k < call.items.size(); ++k) {
      const std::string& key = call.keywords[k];
      if ((key.empty() && k == 1) || key == "input_size") size = &call.items[k];
      if (key == "input_data") data = &call.items[k];
      if (key == "batch_dim") {
        std::vector<Problem> problems;
        batch_dim = !evaluate(call.items[k], problems).is_none();
      }
    }
    bool torchinfo = call.name.rfind("torchinfo.", 0) == 0;
    if (call.name.find('.') == std::string::npos) {
      // summary after `from torchinfo import summary`; torchsummary's is the default.
      auto from = [&](const char* package) {
        return std::any_of(import_sources_.begin(), import_sources_.end(),
                           [&](const auto& s) { return s.second.rfind(package, 0) == 0; });
      };
      auto source = import_sources_.find("summary");
      torchinfo = source != import_sources_.end() ? source->second.rfind("torchinfo", 0) == 0
                                                  : from("torchinfo") && !from("torchsummary");
    }
    if (data) {
      if (std::optional<Shape> shape = tensor_shape(*data))
        note_input(root, Shape(shape->begin() + 1, shape->end()), call.where, brief(call));
      return;
    }
    if (!size) return;
    std::vector<Problem> problems;
    Value v = evaluate(*size, problems);
    report(problems, "");
    if (!problems.empty()) return;
    if (v.kind == Value::Kind::List && !v.items.empty() && v.items[0].is_sequence()) {
      if (v.items.size() > 1) warn(size->where, "the model takes more than one input here; Learnable reads the first");
      v = v.items[0];
    }
    std::optional<Shape> shape = shape_of_sizes({v}, problems);
    if (v.kind == Value::Kind::Int && v.integer > 0) shape = Shape{v.integer};
    if (!shape) {
      warn(size->where, cat({"cannot read ", brief(*size), " as an input size; write it as a tuple such as (3, 32, 32)"}));
      return;
    }
    if (torchinfo && !batch_dim) {
      if (shape->size() < 2) {
        warn(size->where, cat({"torchinfo's input_size includes the batch, so ", brief(*size),
                               " leaves no input shape; write it as (1, 3, 32, 32)"}));
        return;
      }
      shape->erase(shape->begin());
    }
    note_input(root, *shape, call.where, brief(call));
  }

  void note_input(const std::string& var, Shape shape, SourceLocation where, std::string what) {
    if (inputs_.count(var) || shape.empty()) return;
    inputs_[var] = {std::move(shape), where, std::move(what)};
  }

  // ---- the model ------------------------------------------------------------------------------
  // The tree's leaves in order, named by their path. A module met again (the same object) shares
  // the weights of its first use, which takes the freezes made through either (one object in
  // Python; copies here).
  void flatten_into(const Module& m, const std::string& name, std::vector<Layer>& out) {
    if (!m.container) {
      out.push_back(m.layer);
      out.back().name = name;
      if (m.identity) {
        auto [first, added] = first_use_.emplace(m.identity, out.size() - 1);
        if (!added) {
          Layer& again = out.back();
          Layer& original = out[first->second];
          again.shares = original.name;
          const Value* whole = again.find_arg("trainable");
          if (whole && whole->kind == Value::Kind::Bool && !whole->boolean) {
            original.set_arg("trainable", Value::of_bool(false));
            original.frozen.clear();
          }
          const Value* frozen_whole = original.find_arg("trainable");
          if (!frozen_whole || frozen_whole->kind != Value::Kind::Bool || frozen_whole->boolean)
            for (const FrozenWeight& f : again.frozen) original.freeze(f.name, f.where);
          again.erase_arg("trainable");
          again.frozen.clear();
          if (const Value* t = original.find_arg("trainable")) again.set_arg("trainable", *t);
        }
      }
      return;
    }
    for (const auto& [child, module] : m.children) flatten_into(*module, name.empty() ? child : cat({name, ".", child}), out);
  }

  // Which variable holds the model: one the text summarizes or runs, else `model` (or net),
  // else the last one built that no other module holds; else an nn.Module subclass; else what a
  // function returns.
  std::string choose_model(std::vector<std::string>& others) {
    std::vector<std::string> candidates;
    bool any_global = false;
    for (const auto& [name, m] : module_vars_)
      if (!embedded_.count(name) || inputs_.count(name)) {
        candidates.push_back(name);
        any_global |= !local_[name];
      }
    if (any_global)
      candidates.erase(std::remove_if(candidates.begin(), candidates.end(), [&](const std::string& n) { return local_[n]; }),
                       candidates.end());
    std::sort(candidates.begin(), candidates.end(), [&](const std::string& a, const std::string& b) { return order_[a] < order_[b]; });
    std::string chosen;
    for (const std::string& n : candidates)
      if (inputs_.count(n) && chosen.empty()) chosen = n;
    for (const char* usual : {"model", "net", "network"})
      if (chosen.empty() && std::find(candidates.begin(), candidates.end(), usual) != candidates.end()) chosen = usual;
    if (chosen.empty() && !candidates.empty()) chosen = candidates.back();
    for (const std::string& n : candidates)
      if (n != chosen) others.push_back(n);
    return chosen;
  }

  void finish() override {
    result_.model.framework = Framework::PyTorch;
    std::vector<std::string> others;
    std::string var = choose_model(others);
    Module model;
    bool found = false;
    SourceLocation where{1, 1};
    if (!var.empty()) {
      model = std::move(module_vars_[var]);
      found = true;
      where = model.where;
      if (!others.empty()) {
        std::string names;
        for (const std::string& n : others) names += cat({(names.empty() ? "" : ", "), n});
        warn(model.where, cat({"the text builds more than one model (", names, " too); reading ", var}));
      }
    } else {
      // The nn.Module subclass defined last (the others are usually its blocks).
      ClassDef* last = nullptr;
      for (auto& [name, cls] : classes_)
        if (cls.is_module && (!last || cls.order > last->order)) last = &cls;
      if (last) {
        Expr call;
        call.kind = Expr::Kind::Call;
        call.name = last->name;
        call.where = last->where;
        where = last->where;
        if (!class_module(*last, call, model)) return;
        found = true;
      }
      for (auto& [name, f] : functions_)
        if (!found && f.returns_module) {
          model = *f.returns_module;
          found = true;
          where = model.where;
        }
    }
    if (!found) {
      if (result_.errors.empty())
        error({1, 1}, "no PyTorch model found: expected nn.Sequential(...), or a class ...(nn.Module) whose forward() "
                      "calls its modules one after another");
      return;
    }
    result_.model.layers.reserve(model.leaves);
    if (model.container) flatten_into(model, "", result_.model.layers);
    else flatten_into(model, var.empty() ? keras_snake_case(model.layer.type) : var, result_.model.layers);
    if (result_.model.layers.empty() && result_.errors.empty()) warn(where, "the nn.Sequential model has no modules");
    auto input = inputs_.find(var);
    if (input == inputs_.end() && inputs_.size() == 1) input = inputs_.begin();  // summary(Net(), ...)
    if (given_shape_) {
      result_.model.input_shape = given_shape_;
      if (input != inputs_.end() && input->second.shape != *given_shape_)
        warn(input->second.where, cat({input->second.what, " gives the input ", shape_torch(input->second.shape),
                                       "; using the given input shape ", shape_torch(*given_shape_)}));
    } else if (input != inputs_.end()) {
      result_.model.input_shape = input->second.shape;
    }
    no_input_check(true, where);
  }

  void no_input_check(bool found, SourceLocation where) {
    result_.model.framework = Framework::PyTorch;
    if (given_shape_ && !result_.model.input_shape) result_.model.input_shape = given_shape_;
    if (!found || result_.model.input_shape) return;
    // An Embedding first takes token ids of any length: the calculator gives it (None,).
    if (!result_.model.layers.empty() && result_.model.layers[0].type == "Embedding") return;
    error(where, "PyTorch code does not carry the input shape: give it with --input-shape 3,32,32, or call "
                 "summary(model, (3, 32, 32)) in the snippet");
  }

  struct Input {
    Shape shape;
    SourceLocation where;
    std::string what;
  };

  std::optional<Shape> given_shape_;
  std::vector<Scope> scopes_;
  std::map<std::string, Module> module_vars_;
  std::map<std::string, std::vector<Module>> list_vars_;
  std::map<std::string, Expr> dict_vars_;
  std::map<std::string, Shape> tensor_vars_;
  std::map<std::string, Function> functions_;
  std::map<std::string, ClassDef> classes_;
  std::map<std::string, ParameterLoop> loops_;
  std::map<std::string, Input> inputs_;
  std::map<std::string, int> order_;
  std::map<std::string, bool> local_;
  std::set<std::string> embedded_;
  int assignments_ = 0;
  uint64_t identities_ = 0;
  std::map<uint64_t, size_t> first_use_;  // a leaf's identity -> its first layer
  size_t copied_ = 0;
  bool copy_refused_ = false;
};

}  // namespace

ImportResult import_pytorch_code(std::string_view source, const PytorchOptions& options) {
  ImportResult result =
      read_python_text(source, [&](std::string_view text) { return TorchImporter(text, options).run(); });
  result.model.framework = Framework::PyTorch;
  return result;
}

}  // namespace learnable
