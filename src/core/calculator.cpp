// Runs each layer's rule in order, turns faults into per-layer errors, marks the layers after a
// fault as waiting on it, and keeps totals. Edits recompute from the edited layer onward.
#include "core/calculator.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/checked.h"
#include "core/layer_context.h"
#include "core/layer_type.h"
#include "core/suggest.h"
#include "core/text.h"

namespace learnable {

static std::vector<std::string> type_names(Framework framework) {
  std::vector<std::string> names;
  for (const LayerType& t : layer_types(framework)) names.push_back(t.name);
  return names;
}

static void check_arguments(const LayerType& type, const Layer& layer, LayerContext& ctx) {
  for (const Argument& a : layer.args) {
    if (type.find_arg(a.name) || is_common_layer_arg(a.name, type.framework)) continue;
    std::vector<std::string> known;
    for (const ArgSpec& spec : type.args) known.push_back(spec.name);
    std::string message = cat({type.name, " has no argument '", a.name, "'"});
    std::string guess = closest_match(a.name, known);
    if (!guess.empty()) message += cat({"; did you mean '", guess, "'?"});
    ctx.fail(a.name, message);
  }
  for (const ArgSpec& spec : type.args) {
    if (spec.kind == ArgKind::Wrapped) continue;
    if (spec.required && !layer.find_arg(spec.name))
      ctx.fail(spec.name, cat({type.name, " needs '", spec.name, "'"}));
  }
}

static bool known_activation(std::string_view name) {
  static const std::set<std::string_view> names = {
      "linear",    "relu",     "relu6",      "sigmoid",     "softmax",      "softplus",
      "softsign",  "tanh",     "selu",       "elu",         "exponential",  "hard_sigmoid",
      "swish",     "silu",     "gelu",       "mish",        "leaky_relu",   "log_softmax",
      "hard_silu", "hard_swish", "celu",     "glu",         "log_sigmoid",  "sparse_plus",
      "soft_shrink", "squareplus", "tanh_shrink", "hard_tanh", "sparsemax", "threshold"};
  return names.count(name) > 0;
}

static void check_activations(const LayerType& type, LayerContext& ctx) {
  for (const ArgSpec& spec : type.args) {
    if (spec.kind != ArgKind::Activation) continue;
    const Value& v = ctx.arg(spec.name);
    if (v.kind == Value::Kind::String && !known_activation(v.text))
      ctx.fail(spec.name, cat({"unknown activation function '", v.text, "'"}));
  }
}

static void apply_trainable_flag(const Layer& layer, LayerResult& out, bool explain) {
  const Value* trainable = layer.find_arg("trainable");
  if (!trainable || trainable->kind != Value::Kind::Bool || trainable->boolean) return;
  for (Weight& w : out.weights) w.trainable = false;
  out.non_trainable = out.params;
  out.trainable = 0;
  if (out.params > 0 && explain)
    out.explanation.push_back(cat({"trainable=False freezes this layer: all ", out.params,
                                   " parameters count as non-trainable."}));
}

static std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += cat({(i ? separator : std::string_view()), items[i]});
  return out;
}

// PyTorch's requires_grad_(False) on single tensors: those weights count as non-trainable. A name
// the module does not have is this layer's error, listing the names it has.
static void apply_frozen_weights(const Layer& layer, LayerResult& out, LayerContext& ctx, Framework framework) {
  if (layer.frozen.empty()) return;
  if (framework != Framework::PyTorch)
    ctx.fail("frozen", cat({"Keras freezes whole layers (trainable=False), not single weights: '", layer.frozen[0].name,
                            "' cannot be frozen alone"}));
  std::vector<std::string> names;
  for (const Weight& w : out.weights)
    if (!w.buffer) names.push_back(w.name);
  for (const FrozenWeight& f : layer.frozen) {
    auto w = std::find_if(out.weights.begin(), out.weights.end(), [&](const Weight& x) { return x.name == f.name; });
    if (w != out.weights.end() && !w->buffer) continue;
    if (w != out.weights.end())
      ctx.fail("frozen", cat({"'", f.name, "' is a buffer of this ", layer.type, ", not a parameter: it has nothing to freeze"}));
    if (names.empty()) ctx.fail("frozen", cat({"this ", layer.type, " has no parameters, so none named '", f.name, "' to freeze"}));
    std::string message = cat({layer.type, " has no parameter '", f.name, "'; its parameters are ", join(names, ", ")});
    std::string guess = closest_match(f.name, names);
    if (!guess.empty()) message += cat({"; did you mean '", guess, "'?"});
    ctx.fail("frozen", message);
  }
  const Value* trainable = layer.find_arg("trainable");
  if (trainable && trainable->kind == Value::Kind::Bool && !trainable->boolean) return;  // frozen whole already
  int64_t frozen = 0;
  std::vector<std::string> frozen_names;
  for (Weight& w : out.weights) {
    if (w.buffer || !layer.is_frozen(w.name) || !w.trainable) continue;
    w.trainable = false;
    frozen = ctx.add(frozen, w.count);
    frozen_names.push_back(w.name);
  }
  out.trainable -= frozen;
  out.non_trainable = ctx.add(out.non_trainable, frozen);
  if (ctx.explaining() && !frozen_names.empty())
    out.explanation.push_back(cat({"requires_grad_(False) freezes ", join(frozen_names, " and "), " (", frozen,
                                   " parameter", (frozen == 1 ? "" : "s"), "): non-trainable, leaving ",
                                   out.trainable, " of the ", out.params, " trainable."}));
}

LayerResult compute_layer(const Layer& layer, const Shape& input, bool explain, Framework framework) {
  LayerResult out;
  out.input_shape = input;
  const LayerType* type = find_layer_type(layer.type, framework);
  if (!type) {
    out.status = LayerStatus::Error;
    out.error = cat({"unknown ", framework == Framework::PyTorch ? "module" : "layer type", " '", layer.type, "'"});
    if (find_layer_type(layer.type, framework == Framework::PyTorch ? Framework::Keras : Framework::PyTorch))
      out.error += cat({"; it is a ", framework == Framework::PyTorch ? "Keras layer" : "PyTorch module",
                        " and this model follows ", framework_title(framework),
                        framework == Framework::PyTorch ? "'s" : "'", " conventions"});
    std::string guess = closest_match(layer.type, type_names(framework));
    if (!guess.empty()) out.error += cat({"; did you mean ", guess, "?"});
    out.formula = out.error;
    return out;
  }
  LayerContext ctx(*type, layer, input, out, explain);
  try {
    check_arguments(*type, layer, ctx);
    check_activations(*type, ctx);
    type->compute(ctx);
    apply_trainable_flag(layer, out, explain);
    apply_frozen_weights(layer, out, ctx, framework);
    auto bytes = checked_mul(out.params, 4);
    if (!bytes) ctx.fail("", cat({"too large to count exactly: ", out.params, " parameters * 4 bytes does not fit in 64 bits"}));
    out.bytes = *bytes;
    for (int64_t d : out.output_shape)
      if (d != kUnknown && d <= 0)
        ctx.fail("", cat({"the output shape ", shape_text(out.output_shape, framework), " has a dimension of ",
                              d, "; the layer leaves nothing to compute"}));
  } catch (...) {
    const LayerFault fault = current_fault();
    LayerResult failed;
    failed.input_shape = input;
    failed.status = fault.loading ? LayerStatus::Loading : LayerStatus::Error;
    failed.error_argument = fault.argument;
    failed.error = fault.message;
    failed.formula = fault.argument.empty() ? fault.message : fault.argument + ": " + fault.message;
    if (fault.message.rfind(fault.argument, 0) == 0) failed.formula = fault.message;
    return failed;
  }
  return out;
}

static bool same_arguments(const Layer& a, const Layer& b) {
  auto counted = [](const Layer& l) {
    size_t n = 0;
    for (const Argument& arg : l.args) n += arg.name != "trainable";
    return n;
  };
  if (counted(a) != counted(b)) return false;
  for (const Argument& arg : a.args) {
    if (arg.name == "trainable") continue;
    const Value* other = b.find_arg(arg.name);
    if (!other || !(*other == arg.value)) return false;
  }
  return true;
}

// A layer that is the same module object as an earlier one (PyTorch: a module used twice): it
// runs on its own input, but its weights are the earlier layer's, counted there once.
static void apply_sharing(const Model& model, size_t index, LayerResult& out, bool explain) {
  const Layer& layer = model.layers[index];
  if (layer.shares.empty() || !out.ok()) return;
  auto fail = [&](std::string message) {
    LayerResult failed;
    failed.input_shape = out.input_shape;
    failed.status = LayerStatus::Error;
    failed.error_argument = "shares";
    failed.error = std::move(message);
    failed.formula = failed.error;
    out = std::move(failed);
  };
  if (model.framework != Framework::PyTorch) {
    fail(cat({"a Keras Sequential model cannot use a layer twice, so it cannot share ", layer.shares, "'s weights"}));
    return;
  }
  auto first = std::find_if(model.layers.begin(), model.layers.begin() + static_cast<std::ptrdiff_t>(index),
                            [&](const Layer& l) { return l.name == layer.shares; });
  if (first == model.layers.begin() + static_cast<std::ptrdiff_t>(index)) {
    fail(cat({"it shares the module of '", layer.shares, "', which is not a layer before it"}));
    return;
  }
  if (!first->shares.empty()) {
    fail(cat({"it shares the module of ", layer.shares, ", which itself shares ", first->shares, "'s: name ", first->shares, " instead"}));
    return;
  }
  if (first->type != layer.type || !same_arguments(*first, layer)) {
    fail(cat({"it shares the module of ", layer.shares, ", a ", first->type, ", but is ", (first->type != layer.type ? "a " + layer.type : std::string("built with other arguments")),
              "; one module has one set of arguments"}));
    return;
  }
  if (out.params == 0 && out.buffers == 0) {
    if (explain) out.explanation.push_back(cat({"The same module as ", layer.shares, ", called again."}));
    return;
  }
  int64_t params = out.params, buffers = out.buffers;
  out.weights.clear();
  out.params = out.trainable = out.non_trainable = out.bytes = out.buffers = 0;
  out.formula = cat({"shares its weights with ", layer.shares, " (", with_commas(params), " counted there)"});
  if (explain)
    out.explanation = {cat({"This is the same ", layer.type, " module as ", layer.shares, ", called again: its ", with_commas(params),
                            " parameters", (buffers ? cat({" and ", with_commas(buffers), " buffer values"}) : std::string()),
                            " are the ones of ", layer.shares, ", so PyTorch's parameters() lists them once and they count "
                            "there, not here."})};
}

LayerResult Calculator::compute_at(size_t index, const Shape& input, bool explain) const {
  LayerResult r = compute_layer(model_.layers[index], input, explain, model_.framework);
  apply_sharing(model_, index, r, explain);
  return r;
}

std::vector<std::string> Calculator::explanation(size_t index) const {
  if (index >= results_.size()) return {};
  const LayerResult& r = results_[index];
  if (!r.ok()) return {r.error};
  return compute_at(index, r.input_shape, true).explanation;
}

bool Calculator::all_resolved() const {
  if (model_.layers.empty()) return model_.input_shape.has_value();
  return std::all_of(results_.begin(), results_.end(), [](const LayerResult& r) { return r.ok(); });
}

// Keras' rule: the snake_case class name, then _1, _2, ... for the next ones of that name.
static std::string next_free_name(const std::string& base, const std::set<std::string>& taken,
                                  int64_t& counter) {
  if (counter == 0 && !taken.count(base)) {
    counter = 1;
    return base;
  }
  for (int64_t n = std::max<int64_t>(counter, 1);; ++n) {
    std::string candidate = cat({base, "_", n});
    if (!taken.count(candidate)) {
      counter = n + 1;
      return candidate;
    }
  }
}

std::string Calculator::automatic_name(std::string_view type) const {
  std::set<std::string> taken;
  for (const Layer& l : model_.layers) taken.insert(l.name);
  int64_t counter = 0;
  return next_free_name(keras_snake_case(type), taken, counter);
}

void Calculator::adopt(Layer& layer) {
  if (layer.id <= 0 || layer.id >= next_id_) layer.id = next_id_;
  next_id_ = layer.id + 1;
  if (layer.name.empty()) layer.name = automatic_name(layer.type);
  for (Layer& inner : layer.inner)
    if (inner.name.empty()) inner.name = keras_snake_case(inner.type);
}

void name_layers(std::vector<Layer>& layers, const std::set<std::string>& also_taken) {
  std::set<std::string> taken = also_taken;
  for (const Layer& layer : layers)
    if (!layer.name.empty()) taken.insert(layer.name);
  std::map<std::string, int64_t> counters;
  for (Layer& layer : layers) {
    if (!layer.name.empty()) continue;
    std::string base = keras_snake_case(layer.type);
    layer.name = next_free_name(base, taken, counters[base]);
    taken.insert(layer.name);
  }
}

void Calculator::set_model(Model model) {
  model_ = Model{model.framework, model.input_shape, {}};
  model_.layers.reserve(model.layers.size());
  name_layers(model.layers);
  for (Layer& layer : model.layers) {
    layer.id = 0;
    adopt(layer);
    model_.layers.push_back(std::move(layer));
  }
  recompute_from(0, model_.layers.size());
}

void Calculator::set_input_shape(std::optional<Shape> shape) {
  model_.input_shape = std::move(shape);
  recompute_from(0, model_.layers.size());
}

void Calculator::set_layer(size_t index, Layer layer) {
  if (index >= model_.layers.size()) return;
  layer.id = model_.layers[index].id;
  if (layer.name.empty()) layer.name = model_.layers[index].name;
  model_.layers[index] = std::move(layer);
  recompute_from(index, index);
}

size_t Calculator::insert_layer(size_t index, Layer layer) {
  index = std::min(index, model_.layers.size());
  layer.id = 0;
  adopt(layer);
  model_.layers.insert(model_.layers.begin() + static_cast<std::ptrdiff_t>(index), std::move(layer));
  results_.insert(results_.begin() + static_cast<std::ptrdiff_t>(index), LayerResult{});
  recompute_from(index, index);
  return index;
}

void Calculator::remove_layer(size_t index) {
  if (index >= model_.layers.size()) return;
  model_.layers.erase(model_.layers.begin() + static_cast<std::ptrdiff_t>(index));
  results_.erase(results_.begin() + static_cast<std::ptrdiff_t>(index));
  recompute_from(index, index);
}

void Calculator::move_layer(size_t from, size_t to) {
  size_t n = model_.layers.size();
  if (from >= n || to >= n || from == to) return;
  Layer moving = std::move(model_.layers[from]);
  model_.layers.erase(model_.layers.begin() + static_cast<std::ptrdiff_t>(from));
  model_.layers.insert(model_.layers.begin() + static_cast<std::ptrdiff_t>(to), std::move(moving));
  recompute_from(std::min(from, to), std::max(from, to));
}

// Keras 2's Embedding declares its own input (input_length, or a free length) when it is the
// first layer and the model gives none.
static std::optional<Shape> effective_input(const Model& model) {
  if (model.input_shape) return model.input_shape;
  if (!model.layers.empty() && model.layers[0].type == "Embedding") {
    const Value* length = model.layers[0].find_arg("input_length");
    if (length && length->kind == Value::Kind::Int) return Shape{length->integer};
    return Shape{kUnknown};
  }
  return std::nullopt;
}

// The result of a layer whose input never came: the layer before it (`before`, named
// `before_name`) failed, waits on another, or waits for its rules to load.
static LayerResult waiting_after(const LayerResult& before, const std::string& before_name) {
  LayerResult r;
  r.status = LayerStatus::Waiting;
  if (before.status == LayerStatus::Waiting) {
    r.waiting_on = before.waiting_on;
    r.error = before.error;
  } else {
    r.waiting_on = before_name;
    r.error = before.status == LayerStatus::Loading ? cat({"waiting on ", before_name, ", whose rules are loading"})
                                                     : cat({"waiting on ", before_name, ": fix its error first"});
  }
  r.formula = r.error;
  return r;
}

// Layers after `last_changed` are recomputed only while their input differs from the one their
// current result was computed on: an edit that keeps a layer's output shape stops there.
bool Calculator::still_valid(size_t i) const {
  if (!model_.layers[i].shares.empty()) return false;  // the layer it shares may have changed
  const LayerResult& before = results_[i - 1];
  const LayerResult& old = results_[i];
  if (before.ok()) return old.status != LayerStatus::Waiting && old.input_shape == before.output_shape;
  const LayerResult waiting = waiting_after(before, model_.layers[i - 1].name);
  return old.status == LayerStatus::Waiting && old.waiting_on == waiting.waiting_on && old.error == waiting.error;
}

void Calculator::recompute_from(size_t index, size_t last_changed) {
  if (results_.size() != model_.layers.size()) {
    results_.resize(model_.layers.size());
    last_changed = model_.layers.size();
  }
  std::optional<Shape> first_input = effective_input(model_);
  // A layer sharing an earlier one's module is checked again whatever its input (see still_valid).
  const bool sharing = std::any_of(model_.layers.begin(), model_.layers.end(), [](const Layer& l) { return !l.shares.empty(); });
  for (size_t i = index; i < model_.layers.size(); ++i) {
    if (i > last_changed && still_valid(i)) {
      if (!sharing) break;
      continue;
    }
    if (i == 0 && !first_input) {
      LayerResult& r = results_[0];
      r = LayerResult{};
      r.status = LayerStatus::Error;
      r.error_argument = "input_shape";
      r.error =
          "the model has no input shape: give the first layer input_shape=(...) or start with "
          "tf.keras.Input(shape=(...))";
      r.formula = r.error;
      continue;
    }
    if (i > 0 && !results_[i - 1].ok()) {
      results_[i] = waiting_after(results_[i - 1], model_.layers[i - 1].name);
      continue;
    }
    results_[i] = compute_at(i, i == 0 ? *first_input : results_[i - 1].output_shape, false);
  }
  sum_totals();
}

void Calculator::sum_totals() {
  totals_ = Totals{};
  for (const LayerResult& r : results_) {
    if (!r.ok()) continue;
    auto params = checked_add(totals_.params, r.params);
    auto trainable = checked_add(totals_.trainable, r.trainable);
    auto non_trainable = checked_add(totals_.non_trainable, r.non_trainable);
    auto bytes = checked_add(totals_.bytes, r.bytes);
    auto buffers = checked_add(totals_.buffers, r.buffers);
    if (!params || !trainable || !non_trainable || !bytes || !buffers) {
      totals_.overflow = true;
      return;
    }
    totals_ = {*params, *trainable, *non_trainable, *bytes, *buffers, false};
  }
}

}  // namespace learnable
