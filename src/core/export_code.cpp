// The model as Python code, Keras' or PyTorch's, written the way the registry's examples write
// each type: the leading arguments positional, then keywords for whatever differs from the
// defaults. The Keras importer (and PyTorch's) reads it back to the same model.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/export.h"
#include "core/layer_type.h"
#include "core/text.h"

namespace learnable {

namespace {

// How many arguments the type's example gives positionally: "Conv2D(32, (3, 3), padding='same')"
// gives 2, "Masking(mask_value=0.0)" none. Exports follow the example so that they read alike.
size_t example_positional(const LayerType& type) {
  const std::string& e = type.example;
  size_t open = e.find('(');
  if (open == std::string::npos) return 0;
  size_t count = 0;
  int depth = 0;
  bool keyword = false, any = false;
  char quote = 0;
  for (size_t i = open + 1; i < e.size(); ++i) {
    char c = e[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      any = true;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
      any = true;
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth-- == 0) {
        if (any && !keyword) ++count;
        return count;
      }
    } else if (c == ',' && depth == 0) {
      if (keyword || !any) return count;
      ++count;
      any = false;
    } else if (c == '=' && depth == 0 && (i + 1 >= e.size() || e[i + 1] != '=')) {
      keyword = true;
    } else if (c != ' ') {
      any = true;
    }
  }
  return count;
}

bool numeric(const Value& v) { return v.kind == Value::Kind::Int || v.kind == Value::Kind::Float; }
double number_of(const Value& v) { return v.kind == Value::Kind::Int ? static_cast<double>(v.integer) : v.number; }

// Whether two values mean the same to the layer: 2 and (2, 2) for a pair of ints, (1, 1) and
// [1, 1], 0 and 0.0.
bool same_meaning(const ArgSpec& spec, const Value& a, const Value& b) {
  if (a == b) return true;
  if (numeric(a) && numeric(b)) return number_of(a) == number_of(b);
  if (a.is_sequence() && b.is_sequence()) {
    if (a.items.size() != b.items.size()) return false;
    for (size_t i = 0; i < a.items.size(); ++i)
      if (!same_meaning(spec, a.items[i], b.items[i])) return false;
    return true;
  }
  if (spec.kind == ArgKind::Ints) {
    const Value& single = a.is_int() ? a : b;
    const Value& tuple = a.is_int() ? b : a;
    if (!single.is_int() || !tuple.is_sequence()) return false;
    return std::all_of(tuple.items.begin(), tuple.items.end(),
                       [&](const Value& item) { return item.is_int() && item.integer == single.integer; });
  }
  return false;
}

struct Call {
  std::vector<std::string> items;  // "32", "padding='same'"
};

std::string join_call(const std::string& callee, const Call& call) {
  std::string out = cat({callee, "("});
  for (size_t i = 0; i < call.items.size(); ++i) out += cat({(i ? ", " : ""), call.items[i]});
  return cat({out, ")"});
}

// Which layers may leave their name out: those the importer would name the same itself
// (Calculator::set_model: conv2d, conv2d_1, ... past the names given). Names are left out one
// by one while the rest still comes out the same, so a model named by hand keeps its names.
std::vector<bool> automatic_names(const Model& model) {
  const size_t n = model.layers.size();
  std::vector<bool> omit(n, false);
  for (size_t i = 0; i < n; ++i) {
    const std::string base = keras_snake_case(model.layers[i].type);
    const std::string& name = model.layers[i].name;
    omit[i] = name == base || (name.size() > base.size() + 1 && name.compare(0, base.size() + 1, base + "_") == 0 &&
                               name.find_first_not_of("0123456789", base.size() + 1) == std::string::npos);
  }
  for (bool changed = true; changed;) {
    changed = false;
    std::unordered_set<std::string> taken;
    for (size_t i = 0; i < n; ++i)
      if (!omit[i]) taken.insert(model.layers[i].name);
    std::unordered_map<std::string, int64_t> counters;
    for (size_t i = 0; i < n && !changed; ++i) {
      if (!omit[i]) continue;
      const std::string base = keras_snake_case(model.layers[i].type);
      int64_t& counter = counters[base];
      std::string given;
      if (counter == 0 && !taken.count(base)) {
        given = base;
        counter = 1;
      } else {
        for (int64_t k = std::max<int64_t>(counter, 1);; ++k) {
          given = cat({base, "_", k});
          if (!taken.count(given)) {
            counter = k + 1;
            break;
          }
        }
      }
      taken.insert(given);
      if (given != model.layers[i].name) {
        omit[i] = false;  // keep this name and try again
        changed = true;
      }
    }
  }
  return omit;
}

class CodeWriter {
 public:
  explicit CodeWriter(Framework framework) : framework_(framework) {}

  // "layers.Conv2D(32, (3, 3), padding='same', name='Conv1')" / "nn.Conv2d(3, 32, 3, padding=1)"
  std::string layer(const Layer& layer, bool write_name) {
    const LayerType* type = find_layer_type(layer.type, framework_);
    Call call;
    std::vector<bool> written(layer.args.size(), false);
    if (type) {
      size_t positional = std::min({example_positional(*type), type->positional, type->args.size()});
      bool in_order = true;
      for (size_t k = 0; k < type->args.size(); ++k) {
        const ArgSpec& spec = type->args[k];
        std::string value;
        if (spec.kind == ArgKind::Wrapped) {
          size_t slot = spec.required ? 0 : 1;  // `layer` is inner[0], `backward_layer` inner[1]
          if (layer.inner.size() > slot && !layer.inner[slot].type.empty())
            value = this->layer(layer.inner[slot], layer.inner[slot].name != keras_snake_case(layer.inner[slot].type));
        } else {
          for (size_t a = 0; a < layer.args.size(); ++a) {
            if (layer.args[a].name != spec.name) continue;
            written[a] = true;
            if (!spec.required && same_meaning(spec, layer.args[a].value, spec.default_value)) break;
            value = python(layer.args[a].value);
            break;
          }
        }
        if (value.empty()) {
          in_order = false;
          continue;
        }
        if (in_order && k < positional) call.items.push_back(value);
        else call.items.push_back(cat({spec.name, "=", value}));
        if (k >= positional) in_order = false;
      }
    }
    bool frozen = false;
    for (size_t a = 0; a < layer.args.size(); ++a) {
      if (written[a]) continue;
      const Argument& arg = layer.args[a];
      // PyTorch freezes a module with requires_grad_(False), not with an argument.
      if (framework_ == Framework::PyTorch && arg.name == "trainable") {
        frozen = arg.value.kind == Value::Kind::Bool && !arg.value.boolean;
        continue;
      }
      call.items.push_back(cat({arg.name, "=", python(arg.value)}));
    }
    if (write_name && framework_ == Framework::Keras) call.items.push_back(cat({"name=", Value::of_string(layer.name).to_python()}));
    std::string text = join_call(cat({(framework_ == Framework::Keras ? "layers." : "nn."), layer.type}), call);
    if (frozen) text += ".requires_grad_(False)";
    return text;
  }

  // Modules the code's expressions name (tf.nn.relu, regularizers.l2(0.01)), to import them.
  const std::set<std::string>& modules() const { return modules_; }

 private:
  std::string python(const Value& v) {
    note_modules(v);
    return v.to_python();
  }

  void note_modules(const Value& v) {
    if (v.kind == Value::Kind::Expr) {
      size_t dot = v.text.find('.');
      if (dot != std::string::npos) modules_.insert(v.text.substr(0, dot));
    }
    for (const Value& item : v.items) note_modules(item);
  }

  Framework framework_;
  std::set<std::string> modules_;
};

bool is_identifier(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

Value shape_value(const Shape& shape) {
  std::vector<Value> dims;
  for (int64_t d : shape) dims.push_back(d == kUnknown ? Value::none() : Value::of_int(d));
  return Value::tuple(std::move(dims));
}

std::string refused(Framework framework, const char* wanted) {
  return cat({"this model follows ", framework_title(framework), (framework == Framework::Keras ? "'" : "'s"),
              " conventions; ", wanted, " code is written for ", wanted, " models only (convert the model first)"});
}

}  // namespace

ExportResult keras_code(const Model& model) {
  if (model.framework != Framework::Keras) return {"", refused(model.framework, "Keras")};
  CodeWriter writer(Framework::Keras);
  std::vector<bool> automatic = automatic_names(model);
  std::string body;
  if (model.input_shape) body += cat({"    keras.Input(shape=", shape_value(*model.input_shape).to_python(), "),\n"});
  for (size_t i = 0; i < model.layers.size(); ++i) {
    // Keras freezes whole layers (trainable=False): a parameter frozen alone is PyTorch's and is not written.
    for (const FrozenWeight& f : model.layers[i].frozen)
      body += cat({"    # Keras freezes whole layers only: ", Value::of_string(f.name).to_python(), " frozen alone is not written\n"});
    body += cat({"    ", writer.layer(model.layers[i], !automatic[i]), ",\n"});
  }

  // Keras' own modules an expression names are imported from keras; TensorFlow's as tf.
  std::string keras_modules = "layers";
  std::string other_imports;
  for (const std::string& m : writer.modules()) {
    if (m == "tf") other_imports += "import tensorflow as tf\n";
    else if (m == "np") other_imports += "import numpy as np\n";
    else if (m == "activations" || m == "constraints" || m == "initializers" || m == "regularizers" || m == "ops")
      keras_modules += ", " + m;
  }
  std::string out = cat({other_imports, "import keras\nfrom keras import ", keras_modules, "\n\n"});
  out += body.empty() ? "model = keras.Sequential([])\n" : cat({"model = keras.Sequential([\n", body, "])\n"});
  out += "model.summary()\n";
  return {out, ""};
}

// Layer names as PyTorch gives them, paths through nested Sequentials ("features.0"): the tree of
// Sequentials that gives back the same names. False when no tree can (a name repeated in one
// container, an empty part, nesting past kMaxNesting): the modules are then numbered in one.
struct Node {
  std::string key;
  size_t layer = SIZE_MAX;  // a module; otherwise a Sequential of `children`
  std::vector<Node> children;
};

constexpr size_t kMaxNesting = 32;

bool name_tree(const std::vector<std::vector<std::string>>& parts, size_t b, size_t e, size_t depth, std::vector<Node>& out) {
  if (depth >= kMaxNesting) return false;
  std::set<std::string> keys;
  for (size_t i = b; i < e;) {
    const std::string& key = parts[i][depth];
    if (key.empty() || !keys.insert(key).second) return false;
    Node n;
    n.key = key;
    size_t j = i + 1;
    if (parts[i].size() == depth + 1) {
      n.layer = i;
    } else {
      while (j < e && parts[j].size() > depth + 1 && parts[j][depth] == key) ++j;
      if (!name_tree(parts, i, j, depth + 1, n.children)) return false;
    }
    out.push_back(std::move(n));
    i = j;
  }
  return true;
}

bool numbered_nodes(const std::vector<Node>& nodes) {
  for (size_t k = 0; k < nodes.size(); ++k)
    if (nodes[k].key != std::to_string(k)) return false;
  return true;
}

// "nn.Sequential(\n    a,\n    b,\n)" at `indent`, or with an OrderedDict when the keys are names;
// `index` gets each module's path by position ("[1][0]"), which any Sequential accepts.
std::string sequential_text(const std::vector<Node>& nodes, const std::string& indent, const std::vector<std::string>& modules,
                            const std::string& path, std::vector<std::string>& index, bool& ordered) {
  bool numbered = numbered_nodes(nodes);
  ordered |= !numbered;
  const std::string inner = indent + "    ";
  std::string body;
  for (size_t k = 0; k < nodes.size(); ++k) {
    const Node& n = nodes[k];
    std::string at = cat({path, "[", k, "]"});
    std::string item;
    if (n.layer != SIZE_MAX) {
      index[n.layer] = at;
      item = modules[n.layer];
    } else {
      item = sequential_text(n.children, inner, modules, at, index, ordered);
    }
    if (numbered) body += cat({inner, item, ",\n"});
    else body += cat({inner, "(", Value::of_string(n.key).to_python(), ", ", item, "),\n"});
  }
  if (nodes.empty()) return "nn.Sequential()";
  if (numbered) return cat({"nn.Sequential(\n", body, indent, ")"});
  return cat({"nn.Sequential(OrderedDict([\n", body, indent, "]))"});
}

ExportResult pytorch_code(const Model& model) {
  if (model.framework != Framework::PyTorch) return {"", refused(model.framework, "PyTorch")};
  CodeWriter writer(Framework::PyTorch);

  // A module used twice is built once, in a variable, and named at each use (PyTorch counts its
  // parameters once).
  std::vector<std::string> variable(model.layers.size());
  std::string shared;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const std::string& first = model.layers[i].shares;
    if (first.empty()) continue;
    for (size_t j = 0; j < i; ++j) {
      if (model.layers[j].name != first) continue;
      if (model.layers[j].shares.empty() && model.layers[j].type == model.layers[i].type) {
        if (variable[j].empty()) {
          variable[j] = cat({keras_snake_case(model.layers[j].type), "_", j});
          shared += cat({variable[j], " = ", writer.layer(model.layers[j], false), "\n"});
        }
        variable[i] = variable[j];
      }
      break;
    }
  }
  if (!shared.empty()) shared = cat({"# Used more than once: one module, whose parameters PyTorch counts once\n", shared});
  std::vector<std::string> modules(model.layers.size());
  for (size_t i = 0; i < model.layers.size(); ++i)
    modules[i] = variable[i].empty() ? writer.layer(model.layers[i], false) : variable[i];

  // The Sequentials the names come from; modules numbered in one when the names cannot be given.
  std::vector<std::vector<std::string>> parts(model.layers.size());
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const std::string& name = model.layers[i].name;
    for (size_t start = 0;;) {
      size_t dot = name.find('.', start);
      parts[i].push_back(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  }
  std::vector<Node> tree;
  if (!name_tree(parts, 0, model.layers.size(), 0, tree)) {
    tree.clear();
    for (size_t i = 0; i < model.layers.size(); ++i) tree.push_back({std::to_string(i), i, {}});
  }
  std::vector<std::string> index(model.layers.size());
  bool ordered = false;
  std::string sequential = sequential_text(tree, "", modules, "model", index, ordered);

  // Parameters frozen one by one, after the model is built, as PyTorch code freezes them (a module
  // frozen whole already freezes them all).
  std::string freezes;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const Layer& layer = model.layers[i];
    const Value* whole = layer.find_arg("trainable");
    if (whole && whole->kind == Value::Kind::Bool && !whole->boolean) continue;
    for (const FrozenWeight& f : layer.frozen) {
      if (is_identifier(f.name)) freezes += cat({index[i], ".", f.name, ".requires_grad_(False)\n"});
      else freezes += cat({"# ", index[i], " has no parameter ", Value::of_string(f.name).to_python(), " to freeze\n"});
    }
  }
  // A run on a batch of two states the input in code (the PyTorch importer reads it back) and
  // checks the output shape: token ids for an Embedding, random values otherwise. Two, because
  // BatchNorm in training mode needs more than one value per channel; torchinfo's summary runs
  // the model in eval mode on a batch of one.
  std::string run;
  if (model.input_shape && fully_known(*model.input_shape)) {
    Shape batched = *model.input_shape;
    batched.insert(batched.begin(), 1);
    std::string size = shape_value(batched).to_python();
    std::string dims = cat({"2", size.substr(2, size.size() - 3)});  // "2, 3, 32, 32"
    bool tokens = !model.layers.empty() && model.layers[0].type == "Embedding";
    std::string input = tokens ? cat({"torch.zeros(", dims, ", dtype=torch.long)"}) : cat({"torch.randn(", dims, ")"});
    run = cat({"\nprint(model(", input, ").shape)"});
    Calculator calc(model);
    if (calc.all_resolved() && !calc.results().empty()) {
      Shape out = calc.results().back().output_shape;
      out.insert(out.begin(), 2);
      std::string printed;
      for (size_t k = 0; k < out.size(); ++k) printed += cat({(k ? ", " : ""), out[k]});
      run += cat({"  # torch.Size([", printed, "])"});
    }
    run += cat({"\n\n# torchinfo's table of the model (pip install torchinfo):\n# from torchinfo import summary\n"
                "# summary(model, input_size=", size, ")\n"});
  }
  bool uses_torch = !run.empty();
  for (const std::string& m : writer.modules()) uses_torch |= m == "torch";
  std::string out = ordered ? "from collections import OrderedDict\n\n" : "";
  out += uses_torch ? "import torch\nimport torch.nn as nn\n\n" : "import torch.nn as nn\n\n";
  if (model.input_shape)
    out += cat({"# Input: ", shape_torch(*model.input_shape), ", N being the batch size\n"});
  else
    out += "# Input: not given (Learnable needs it to count the model)\n";
  out += shared;
  out += cat({"model = ", sequential, "\n"});
  return {out + freezes + run, ""};
}

}  // namespace learnable
