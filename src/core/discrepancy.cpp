// Each cause is the model counted again by the core: converted to the other framework, with a
// bias toggled, with global pooling in place of Flatten; or the model's totals added up the way a
// printout does (trainable only, state_dict with buffers, Keras 3 with its optimizer's variables).
#include "core/discrepancy.h"

#include <algorithm>
#include <exception>
#include <optional>

#include "core/calculator.h"
#include "core/checked.h"
#include "core/convert.h"
#include "core/layer_type.h"
#include "core/text.h"

namespace learnable {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A layer as its framework's users name it: Keras' "conv2d_1", PyTorch's "model[0] (Conv2d)".
std::string label(const Layer& l) {
  if (l.name.empty()) return l.type;
  bool index = std::all_of(l.name.begin(), l.name.end(), [](char c) { return c >= '0' && c <= '9'; });
  return index ? cat({"model[", l.name, "] (", l.type, ")"}) : l.name;
}

std::string list_words(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += cat({(i == 0 ? "" : i + 1 == items.size() ? " and " : ", "), items[i]});
  return out;
}

// "12 more" / "12 fewer" than the model's own count.
std::string difference(int64_t total, int64_t from) {
  return total >= from ? cat({with_commas(total - from), " more"}) : cat({with_commas(from - total), " fewer"});
}

class Explainer {
 public:
  Explainer(const Model& model, int64_t reported) : calc_(model), reported_(reported) {}

  std::vector<Cause> causes() {
    if (calc_.totals().params == reported_)
      add("same", "That is the model's total",
          cat({"Learnable counts ", with_commas(reported_), " parameters for this model too, in ",
               framework_title(fw()), "'s conventions."}),
          reported_, true);
    framework();
    biases();
    pooling();
    trainable_only();
    buffers();
    optimizer();
    std::stable_sort(out_.begin(), out_.end(), [&](const Cause& a, const Cause& b) {
      if (a.matches != b.matches) return a.matches;
      return distance(a.total) < distance(b.total);
    });
    return out_;
  }

 private:
  Framework fw() const { return calc_.model().framework; }
  bool torch() const { return fw() == Framework::PyTorch; }
  int64_t total() const { return calc_.totals().params; }
  uint64_t distance(int64_t t) const {
    return t >= reported_ ? static_cast<uint64_t>(t) - static_cast<uint64_t>(reported_)
                          : static_cast<uint64_t>(reported_) - static_cast<uint64_t>(t);
  }

  // `model` counted, when it resolves as fully as the user's model does.
  std::optional<Calculator> count(Model model) const {
    Calculator c(std::move(model));
    if (c.totals().overflow || (calc_.all_resolved() && !c.all_resolved())) return std::nullopt;
    return c;
  }

  void add(const char* id, std::string title, std::string detail, int64_t total, bool always = true) {
    if (id != std::string("same") && total == this->total()) return;  // changes nothing
    bool matches = total == reported_;
    if (!always && !matches) return;
    out_.push_back({id, std::move(title), std::move(detail), total, matches});
  }

  void framework();
  void biases();
  void pooling();
  void trainable_only();
  void buffers();
  void optimizer();

  Calculator calc_;
  int64_t reported_;
  std::vector<Cause> out_;
};

void Explainer::framework() {
  Framework other = torch() ? Framework::Keras : Framework::PyTorch;
  Conversion converted = convert_model(calc_.model(), other);
  if (!converted.left_out.empty()) return;
  std::optional<Calculator> c = count(converted.model);
  if (!c) return;
  // Each source layer's count in both frameworks, and why the ones that differ do.
  std::vector<int64_t> there(calc_.model().layers.size(), 0);
  for (size_t j = 0; j < converted.origin.size() && j < c->results().size(); ++j)
    if (converted.origin[j] < there.size()) there[converted.origin[j]] += c->results()[j].params;
  std::vector<std::string> changes;
  bool recurrent = false, statistics = false;
  for (size_t i = 0; i < there.size(); ++i) {
    const LayerResult& here = calc_.results()[i];
    if (!here.ok() || here.params == there[i]) continue;
    const Layer& l = calc_.model().layers[i];
    const std::string& inner = l.type == "Bidirectional" && !l.inner.empty() ? l.inner[0].type : l.type;
    recurrent |= inner == "LSTM" || inner == "GRU" || inner == "SimpleRNN" || inner == "RNN";
    statistics |= starts_with(l.type, "BatchNorm");
    if (changes.size() < 4)
      changes.push_back(cat({label(l), " ", with_commas(here.params), " → ", with_commas(there[i])}));
  }
  std::vector<std::string> why;
  if (recurrent)
    why.push_back(torch() ? "Keras gives each recurrent gate one bias vector where PyTorch has two (bias_ih and bias_hh)"
                          : "PyTorch gives each recurrent gate two bias vectors (bias_ih and bias_hh) where Keras has one");
  if (statistics)
    why.push_back(torch() ? "Keras counts BatchNormalization's moving mean and variance as non-trainable parameters, "
                            "where PyTorch keeps them as buffers"
                          : "PyTorch keeps BatchNorm's running mean and variance as buffers, outside its count, where "
                            "Keras counts them as non-trainable parameters");
  std::string reason = why.empty() ? std::string() : cat({list_words(why), ": "});
  std::string title = cat({framework_title(other), (other == Framework::Keras ? "' conventions" : "'s conventions")});
  add("framework", title,
      cat({"The same network counted the ", framework_title(other), " way: ", reason, list_words(changes), ", a total of ",
           with_commas(c->totals().params), " (", difference(c->totals().params, total()), ")."}),
      c->totals().params);
}

void Explainer::biases() {
  const char* arg = torch() ? "bias" : "use_bias";
  std::vector<size_t> with, without;
  const Model& m = calc_.model();
  for (size_t i = 0; i < m.layers.size(); ++i) {
    if (!calc_.results()[i].ok()) continue;
    const LayerType* type = find_layer_type(m.layers[i].type, fw());
    const ArgSpec* spec = type ? type->find_arg(arg) : nullptr;
    if (!spec || spec->kind != ArgKind::Bool) continue;
    const Value* given = m.layers[i].find_arg(arg);
    const Value& v = given ? *given : spec->default_value;
    if (v.kind != Value::Kind::Bool) continue;
    (v.boolean ? with : without).push_back(i);
  }
  auto toggled = [&](const std::vector<size_t>& layers, bool on) {
    Model changed = m;
    for (size_t i : layers) changed.layers[i].set_arg(arg, Value::of_bool(on));
    return count(std::move(changed));
  };
  auto names = [&](const std::vector<size_t>& layers) {
    std::vector<std::string> n;
    for (size_t i = 0; i < layers.size() && i < 4; ++i) n.push_back(label(m.layers[layers[i]]));
    if (layers.size() > 4) n.push_back(cat({layers.size() - 4, " more"}));
    return list_words(n);
  };
  for (bool on : {false, true}) {
    const std::vector<size_t>& layers = on ? without : with;
    if (layers.empty()) continue;
    std::optional<Calculator> c = toggled(layers, on);
    if (!c) continue;
    int64_t t = c->totals().params;
    std::string how = cat({arg, "=", (on ? "True" : "False")});
    if (layers.size() == 1) {
      add(on ? "with_biases" : "no_biases", cat({label(m.layers[layers[0]]), (on ? " with biases" : " without biases")}),
          cat({"With ", how, " on ", label(m.layers[layers[0]]), ", the model counts ", with_commas(t), " (",
               difference(t, total()), ")."}),
          t);
      continue;
    }
    add(on ? "with_biases" : "no_biases", on ? "Biases on every layer" : "No biases at all",
        cat({"With ", how, " on ", names(layers), ", the model counts ", with_commas(t), " (", difference(t, total()),
             ")."}),
        t);
    for (size_t i : layers) {
      std::optional<Calculator> one = toggled({i}, on);
      if (!one) continue;
      int64_t u = one->totals().params;
      add("layer_bias", cat({label(m.layers[i]), (on ? " with biases" : " without biases")}),
          cat({"With ", how, " on ", label(m.layers[i]), " alone, the model counts ", with_commas(u), " (",
               difference(u, total()), ")."}),
          u, false);
    }
  }
}

void Explainer::pooling() {
  const Model& m = calc_.model();
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const LayerResult& r = calc_.results()[i];
    if (!r.ok()) continue;
    const Layer& l = m.layers[i];
    const size_t rank = r.input_shape.size();
    Model changed = m;
    std::string title, what;
    int64_t values = 1;
    for (int64_t d : r.input_shape) {
      std::optional<int64_t> next = d == kUnknown || values == kUnknown ? std::nullopt : checked_mul(values, d);
      values = next ? *next : kUnknown;
    }
    const int64_t channels = rank == 0 ? kUnknown : torch() ? r.input_shape.front() : r.input_shape.back();
    const std::string all_values =
        values == kUnknown ? cat({"all the values of its ", shape_words(r.input_shape), " input"})
                           : cat({"all ", with_commas(values), " values of its ", shape_words(r.input_shape), " input"});
    const std::string per_channel = cat({"one value per channel (", with_commas(channels), ")"});
    if (l.type == "Flatten" && rank >= 2 && rank <= 4) {
      const std::string dims = cat({static_cast<int64_t>(rank - 1)});
      Layer pool;
      if (torch()) {
        pool.type = cat({"AdaptiveAvgPool", dims, "d"});
        pool.set_arg("output_size", Value::of_int(1));
        changed.layers.insert(changed.layers.begin() + static_cast<std::ptrdiff_t>(i), pool);
        title = cat({"nn.AdaptiveAvgPool", dims, "d(1) before ", label(l)});
        what = cat({"nn.AdaptiveAvgPool", dims, "d(1) before ", label(l)});
      } else {
        pool.type = cat({"GlobalAveragePooling", dims, "D"});
        if (const Value* format = l.find_arg("data_format")) pool.set_arg("data_format", *format);
        changed.layers[i] = pool;
        title = cat({pool.type, " instead of Flatten"});
        what = cat({pool.type, " in place of ", label(l)});
      }
      what += cat({", the next layer gets ", per_channel, " instead of ", all_values});
    } else if (starts_with(l.type, "GlobalAveragePooling") || starts_with(l.type, "GlobalMaxPooling")) {
      Layer flatten;
      flatten.type = "Flatten";
      changed.layers[i] = flatten;
      title = cat({"Flatten instead of ", l.type});
      what = cat({"Flatten in place of ", label(l), ", the next layer gets ", all_values, " instead of ", per_channel});
    } else if (torch() && (starts_with(l.type, "AdaptiveAvgPool") || starts_with(l.type, "AdaptiveMaxPool")) &&
               i + 1 < m.layers.size() && m.layers[i + 1].type == "Flatten") {
      changed.layers.erase(changed.layers.begin() + static_cast<std::ptrdiff_t>(i));
      title = cat({"Flatten without ", l.type});
      what = cat({"Flatten straight after the layer before ", label(l), ", the next layer gets ", all_values,
                  " instead of what ", l.type, " leaves"});
    } else {
      continue;
    }
    // PyTorch's Linear states its in_features: the first one after the change follows it.
    if (torch()) {
      int64_t features = title.rfind("Flatten", 0) == 0 ? values : channels;
      for (size_t j = i; j < changed.layers.size() && features != kUnknown; ++j)
        if (changed.layers[j].type == "Linear") {
          changed.layers[j].set_arg("in_features", Value::of_int(features));
          break;
        }
    }
    std::optional<Calculator> c = count(std::move(changed));
    if (!c) continue;
    int64_t t = c->totals().params;
    add(starts_with(title, "Flatten") ? "flatten" : "global_pooling", title,
        cat({"With ", what, ", and the model counts ", with_commas(t), " (", difference(t, total()), ")."}), t);
  }
}

void Explainer::trainable_only() {
  const Totals& t = calc_.totals();
  if (t.non_trainable == 0) return;
  bool statistics = false, frozen = false;
  for (size_t i = 0; i < calc_.results().size(); ++i) {
    if (calc_.results()[i].non_trainable == 0) continue;
    const Layer& l = calc_.model().layers[i];
    const Value* trainable = l.find_arg("trainable");
    bool whole_layer_frozen = trainable && trainable->kind == Value::Kind::Bool && !trainable->boolean;
    if (starts_with(l.type, "BatchNorm") && !whole_layer_frozen) statistics = true;
    else frozen = true;
  }
  std::vector<std::string> kinds;
  if (statistics) kinds.push_back("BatchNormalization's moving statistics");
  if (frozen) kinds.push_back("frozen weights");
  add("trainable_only", "Trainable params only",
      cat({"The summary prints Total, Trainable and Non-trainable params; the trainable ones alone are ",
           with_commas(t.trainable), ", without the ", with_commas(t.non_trainable), " non-trainable (",
           list_words(kinds), ")."}),
      t.trainable);
}

void Explainer::buffers() {
  const Totals& t = calc_.totals();
  if (!torch() || t.buffers == 0) return;
  std::optional<int64_t> sum = checked_add(t.params, t.buffers);
  if (!sum) return;
  add("buffers", "Buffers counted too (state_dict)",
      cat({"Summing the tensors of model.state_dict() also counts the ", with_commas(t.buffers),
           " buffer values (BatchNorm's running_mean, running_var and num_batches_tracked), which model.parameters() "
           "leaves out: ",
           with_commas(*sum), "."}),
      *sum);
}

void Explainer::optimizer() {
  const Totals& t = calc_.totals();
  if (torch() || t.trainable == 0) return;
  struct Optimizer {
    const char* title;
    const char* slots_words;
    int64_t slots, scalars;
    bool always;
  };
  static const Optimizer optimizers[] = {
      {"Keras 3's optimizer params (Adam)", "Adam's momentum and velocity", 2, 2, true},
      {"Keras 3's optimizer params (Adam, learning-rate schedule)", "Adam's momentum and velocity", 2, 1, false},
      {"Keras 3's optimizer params (Adam, amsgrad=True)", "Adam's momentum, velocity and maximum velocity", 3, 2, false},
      {"Keras 3's optimizer params (SGD with momentum, or RMSprop)", "one slot", 1, 2, false},
      {"Keras 3's optimizer params (SGD without momentum)", "", 0, 2, false},
  };
  for (const Optimizer& o : optimizers) {
    std::optional<int64_t> slots = checked_mul(t.trainable, o.slots);
    std::optional<int64_t> variables = slots ? checked_add(*slots, o.scalars) : std::nullopt;
    std::optional<int64_t> sum = variables ? checked_add(t.params, *variables) : std::nullopt;
    if (!sum) continue;
    std::string scalars = o.scalars == 2 ? "the iteration counter and the learning rate (2)" : "the iteration counter (1)";
    std::string kept = o.slots == 0 ? cat({"no slot per parameter, only ", scalars})
                                    : cat({o.slots_words, " for each of the ", with_commas(t.trainable),
                                           " trainable parameters (", o.slots, " × ", with_commas(t.trainable),
                                           ") plus ", scalars});
    add("optimizer", o.title,
        cat({"Once the optimizer is built (after fit()), Keras 3's model.summary() prints \"Optimizer params: ",
             with_commas(*variables), "\" and adds them to Total params: ", kept, ", so Total params reads ",
             with_commas(*sum), "."}),
        *sum, o.always);
  }
}

}  // namespace

std::vector<Cause> explain_total(const Model& model, int64_t reported) {
  try {
    return Explainer(model, reported).causes();
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace learnable
