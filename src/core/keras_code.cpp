// The Keras-code importer: interprets the few statements that build a Sequential model, over the
// Python reader shared with the PyTorch importer (src/core/python_reader.h): Sequential([...]),
// model.add(...), Input / InputLayer / input_shape=, wrappers and layers held in variables.
#include "core/keras_code.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/calculator.h"
#include "core/layer_type.h"
#include "core/python_reader.h"
#include "core/text.h"

namespace learnable {

namespace {

constexpr int kMaxWrapDepth = 16;  // TimeDistributed(Bidirectional(LSTM(...))) is 3

class Importer : public PythonReader {
 public:
  using PythonReader::PythonReader;

 private:
  void return_statement(const Expr& value) override { model_expression(value, ""); }

  void block_started(const std::string& word) override {
    if (word == "class") subclassed_model_header();
    if (word == "for") for_header();
  }

  bool assign_object(const Expr& target, const Expr& value) override {
    const std::string suffix = ".trainable";
    if (target.name.size() > suffix.size() && target.name.compare(target.name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return assign_trainable(target.name.substr(0, target.name.size() - suffix.size()), value, target.where);
    if (value.kind != Expr::Kind::Call || !looks_like_layer_call(value)) layer_variables_.erase(target.name);
    if (is_sequential_call(value)) {
      model_expression(value, target.name);
      return true;
    }
    if (value.kind == Expr::Kind::Call && looks_like_layer_call(value)) {
      Expr resolved = resolved_layer_call(value);
      layer_variables_[target.name] = std::move(resolved);
      return true;
    }
    return false;
  }

  void forget_object(const std::string& name) override { layer_variables_.erase(name); }

  // model.layers[2].trainable = False, model.get_layer("dense_1").trainable = False.
  void assign_other(const Expr& target, const Expr& value) override {
    if (target.kind == Expr::Kind::Other && !target.called() && target.member() == "trainable" && target.object().size() == 1) {
      std::optional<bool> on = trainable_value(value, target.where);
      if (!on) return;
      const Expr& layer = target.object()[0];
      const std::string model = layer.kind == Expr::Kind::Other && layer.subscript() && layer.object().size() == 1 &&
                                        layer.object()[0].kind == Expr::Kind::Name
                                    ? model_of_layers(layer.object()[0].name)
                                    : std::string();
      if (!model.empty() && layer.index()) {
        std::vector<Layer>& all = result_.model.layers;
        const int64_t n = static_cast<int64_t>(all.size()), i = *layer.index() < 0 ? *layer.index() + n : *layer.index();
        if (i < 0 || i >= n)
          error(layer.where, cat({model, ".layers[", *layer.index(), "]: the model has ", n, (n == 1 ? " layer" : " layers"),
                                  " here (IndexError)"}));
        else
          set_trainable(all[static_cast<size_t>(i)], *on);
        return;
      }
      if (layer.kind == Expr::Kind::Call && last_component(layer.name) == "get_layer" && layer.items.size() == 1 &&
          model_vars_.count(layer.name.substr(0, layer.name.size() - std::string(".get_layer").size()))) {
        std::vector<Problem> problems;
        Value name = evaluate(layer.items[0], problems);
        if (problems.empty() && name.kind == Value::Kind::String) {
          std::vector<Layer> named = result_.model.layers;  // the names Learnable will give them
          name_layers(named);
          std::string existing;
          for (size_t k = 0; k < named.size(); ++k) {
            if (named[k].name == name.text) return set_trainable(result_.model.layers[k], *on);
            existing += (k ? ", " : "") + named[k].name;
          }
          error(layer.items[0].where, cat({"no layer is named '", name.text, "' here (ValueError); the layers are ", existing}));
          return;
        }
      }
      trainable_not_followed(brief(target), target.where);
      return;
    }
    if (value.kind == Expr::Kind::Call) call_statement(value);
  }

  // ---- trainable ------------------------------------------------------------------------------
  // The model whose layers `dotted` names (model.layers), or "".
  std::string model_of_layers(const std::string& dotted) const {
    const std::string suffix = ".layers";
    if (dotted.size() <= suffix.size() || dotted.compare(dotted.size() - suffix.size(), suffix.size(), suffix) != 0) return "";
    std::string model = dotted.substr(0, dotted.size() - suffix.size());
    return model_vars_.count(model) ? model : "";
  }

  std::optional<bool> trainable_value(const Expr& value, SourceLocation where) {
    std::vector<Problem> problems;
    Value v = evaluate(value, problems);
    if (!problems.empty()) {  // an undefined name: the usual error, and --define gives it a value
      report(problems, "");
      return std::nullopt;
    }
    if (v.kind == Value::Kind::Bool) return v.boolean;
    warn(where, cat({"trainable is set to ", brief(value), ", which is not True or False: not read"}));
    return std::nullopt;
  }

  void trainable_not_followed(const std::string& what, SourceLocation where) {
    warn(where, cat({what, " = ... is not read: Learnable follows trainable on the model, on model.layers[i], "
                     "model.get_layer(name) and loops over model.layers; it counts the layer as it was"}));
  }

  static void set_trainable(Layer& layer, bool on) {
    if (on) layer.erase_arg("trainable");
    else layer.set_arg("trainable", Value::of_bool(false));
  }

  // for layer in model.layers[:-2]:  the loop and the layers it goes over (model.layers as it is then).
  struct LayerLoop {
    std::string var;
    size_t depth = 0;  // blocks_.size() inside its body
    int indent = 0;
    size_t begin = 0, end = 0;
  };

  void for_header() {
    size_t start = pos_;
    try {
      take();
      if (peek().kind == TokenKind::Name && at_name("in", 1)) {
        std::string var = take().text;
        take();
        Expr layers = expression();
        std::string model;
        const Expr* list = &layers;
        if (layers.kind == Expr::Kind::Other && layers.subscript() && layers.access.get()->slice && layers.object().size() == 1)
          list = &layers.object()[0];
        if (list->kind == Expr::Kind::Name) model = model_of_layers(list->name);
        if (!model.empty()) {
          // Python's slice of a list of n: each end counted from the back when negative, then clamped.
          const int64_t n = static_cast<int64_t>(result_.model.layers.size());
          auto end_at = [n](std::optional<int64_t> at, int64_t otherwise) {
            if (!at) return otherwise;
            return std::clamp(*at < 0 ? *at + n : *at, int64_t{0}, n);
          };
          const ExprAccess* slice = list == &layers ? nullptr : layers.access.get();
          int64_t begin = end_at(slice ? slice->start : std::nullopt, 0), end = end_at(slice ? slice->stop : std::nullopt, n);
          layer_loop_ = LayerLoop{var, blocks_.size(), blocks_.back().first, static_cast<size_t>(begin),
                                  static_cast<size_t>(std::max(begin, end))};
        }
      }
    } catch (const ParseError&) {
      // The header is skipped as any block header is; its faults surface when its body is read.
    }
    pos_ = start;
  }

  // model.trainable = False (every layer), layer.trainable = False in a loop over model.layers.
  bool assign_trainable(const std::string& object, const Expr& value, SourceLocation where) {
    std::optional<bool> on = trainable_value(value, where);
    if (!on) return true;
    if (model_vars_.count(object)) {
      for (Layer& layer : result_.model.layers) set_trainable(layer, *on);
      model_frozen_ = !*on;  // Keras leaves out the weights of layers added later too
      return true;
    }
    const bool in_loop = layer_loop_ && layer_loop_->var == object && blocks_.size() >= layer_loop_->depth &&
                         blocks_[layer_loop_->depth - 1] == std::make_pair(layer_loop_->indent, std::string("for"));
    if (in_loop && blocks_.size() == layer_loop_->depth) {
      std::vector<Layer>& all = result_.model.layers;
      for (size_t k = layer_loop_->begin; k < layer_loop_->end && k < all.size(); ++k) set_trainable(all[k], *on);
      return true;
    }
    if (in_loop) {
      warn(where, cat({"inside a condition, this loop over the model's layers picks layers Learnable does not tell "
                       "apart: ", object, ".trainable is not read"}));
      return true;
    }
    auto var = layer_variables_.find(object);
    if (var != layer_variables_.end()) {  // dense = Dense(8); dense.trainable = False; model.add(dense)
      Expr& call = var->second;
      for (size_t k = 0; k < call.keywords.size(); ++k)
        if (call.keywords[k] == "trainable") {
          call.items[k] = value;
          return true;
        }
      call.items.push_back(value);
      call.keywords.push_back("trainable");
      call.item_where.push_back(where);
      return true;
    }
    trainable_not_followed(object + ".trainable", where);
    return true;
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

  bool looks_like_layer_call(const Expr& call) const {
    std::string type = last_component(call.name);
    if (type == "Sequential" || type == "Input") return false;
    if (find_layer_type(type)) return true;
    std::string prefix = call.name.size() > type.size() ? call.name.substr(0, call.name.size() - type.size() - 1) : "";
    return last_component(prefix) == "layers";
  }

  // model.add(...), model.build(...), and calls we read past.
  void call_statement(const Expr& call) override {
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
      note_enclosing_blocks(call.where, "layers");
      add_element(call.items[0]);
      return;
    }
    if (method == "pop" && is_model) {
      // Keras names a layer when it is made, so a layer made after a pop does not take the popped
      // one's name (Dense, Dense, pop, Dense: dense, dense_2). The layers left keep the names they
      // had, and the popped one's name stays taken.
      std::vector<Layer>& all = result_.model.layers;
      if (all.empty()) return;
      if (all.back().name.empty()) {
        name_layers(all, popped_names_);
        popped_names_.insert(all.back().name);
      }
      all.pop_back();
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

  void finish() override {
    if (!popped_names_.empty()) name_layers(result_.model.layers, popped_names_);
    if (model_frozen_)
      for (Layer& layer : result_.model.layers) set_trainable(layer, false);
    if (!have_model_ && result_.model.layers.empty()) {
      if (!result_.errors.empty()) return;
      error({1, 1}, "no Keras Sequential model found: expected Sequential([...]) or model.add(...)");
    }
    if (result_.model.layers.empty() && have_model_ && result_.errors.empty())
      warn({1, 1}, "the Sequential model has no layers");
  }

  std::map<std::string, Expr> layer_variables_;
  std::optional<LayerLoop> layer_loop_;
  bool model_frozen_ = false;  // model.trainable = False, last
  std::set<std::string> popped_names_;  // names of unnamed layers model.pop() took out
  bool have_model_ = false;
  bool second_model_warned_ = false;
  bool functional_warned_ = false;
  int wrapping_ = 0;      // layers being built inside the one being built
  SourceLocation input_where_;
};

}  // namespace

ImportResult import_keras_code(std::string_view source, const std::vector<Define>& defines) {
  return read_python_text(source, [&](std::string_view text) { return Importer(text, defines).run(); });
}

bool parse_define(std::string_view text, Define& out, std::string& message) {
  std::string name;
  std::string_view value_text;
  if (!split_define(text, name, value_text, message)) return false;
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
