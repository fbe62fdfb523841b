// Keras JSON in and out. Reading walks the parsed document once: the wrapper a file may add
// ("modelTopology", "model_config"), the model (Sequential, or a Functional chain), then each
// layer's config against its type's arguments. Writing follows Keras 3's serialization.
#include "core/keras_json.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/keras_code.h"
#include "core/layer_type.h"
#include "core/python_lexer.h"
#include "core/suggest.h"
#include "core/text.h"

namespace learnable {

namespace {

constexpr size_t kMaxMessages = 1000;
constexpr int kMaxWrapDepth = 16;  // as in the Keras-code importer

// ---- JSON text, as Python's json.dumps writes it (", " and ": ") ----------------------------

std::string float_text(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "Infinity" : "-Infinity";
  return shortest_float_text(f);
}

void write_json(std::string& out, const Json& j) {
  switch (j.kind) {
    case Json::Kind::Null: out += "null"; return;
    case Json::Kind::Bool: out += j.boolean ? "true" : "false"; return;
    case Json::Kind::Number: out += j.is_integer ? std::to_string(j.integer) : float_text(j.number); return;
    case Json::Kind::String: out += json_quote(j.text); return;
    case Json::Kind::Array:
      out += '[';
      for (size_t i = 0; i < j.items.size(); ++i) {
        if (i) out += ", ";
        write_json(out, j.items[i]);
      }
      out += ']';
      return;
    case Json::Kind::Object:
      out += '{';
      for (size_t i = 0; i < j.members.size(); ++i) {
        if (i) out += ", ";
        out += json_quote(j.members[i].first);
        out += ": ";
        write_json(out, j.members[i].second);
      }
      out += '}';
      return;
  }
}

// A value for a message: its JSON, cut short.
std::string brief(const Json& j) {
  std::string text;
  write_json(text, j);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

// The caret excerpt of the value at `offset`: caret_excerpt over the 101 characters either side
// of it (all that caret_excerpt shows of a long line), so that a document of megabytes on one
// line, as to_json() writes it, costs no more than a short one.
std::string excerpt_at(std::string_view text, SourceLocation where, size_t offset) {
  if (where.line <= 0 || offset > text.size()) return "";
  auto continuation = [&](size_t i) { return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
  size_t from = offset;
  int before = 0;
  for (; from > 0 && text[from - 1] != '\n' && before < 101; ++before) {
    --from;
    while (from > 0 && continuation(from) && text[from - 1] != '\n') --from;
  }
  size_t to = offset;
  for (int after = 0; to < text.size() && text[to] != '\n' && after < 102; ++after) {
    ++to;
    while (to < text.size() && continuation(to)) ++to;
  }
  return caret_excerpt(text.substr(from, to - from), {1, before + 1});
}

// Config keys Keras writes that never change a count and that Learnable's layer types do not list.
bool is_bookkeeping(std::string_view key) {
  static constexpr std::array<std::string_view, 23> keys = {
      "name",        "trainable",      "dtype",        "batch_input_shape", "batch_shape",    "input_shape",
      "batch_size",  "build_config",   "module",       "registered_name",   "seed",           "autocast",
      "dynamic",     "implementation", "weights",      "zero_output_for_mask", "lora_rank",   "lora_alpha",
      "quantization_config", "activity_regularizer", "input_dim", "input_length", "noise_shape"};
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool is_model_class(std::string_view name) { return name == "Sequential" || name == "Functional" || name == "Model"; }

// "; did you mean Conv2D?" for a class name close to a Keras layer's (conv2d, Conv2d), else "".
std::string did_you_mean(const std::string& class_name) {
  std::vector<std::string> names;
  for (const LayerType& t : layer_types(Framework::Keras)) names.push_back(t.name);
  std::string guess = closest_match(class_name, names);
  return guess.empty() ? std::string() : cat({"; did you mean ", guess, "?"});
}

// A DTypePolicy ({"class_name": "DTypePolicy", "config": {"name": "float32"}}) or a dtype string.
std::string dtype_name(const Json& j) {
  if (j.kind == Json::Kind::String) return j.text;
  if (j.kind != Json::Kind::Object) return "";
  const Json* config = j.find("config");
  const Json* name = config && config->kind == Json::Kind::Object ? config->find("name") : nullptr;
  return name && name->kind == Json::Kind::String ? name->text : "";
}

// A config value as a Value: arrays are tuples; objects (initializers, regularizers, ...) are
// kept as their JSON text, which keras_json() writes back as it was.
Value value_of(const Json& j) {
  switch (j.kind) {
    case Json::Kind::Null: return Value::none();
    case Json::Kind::Bool: return Value::of_bool(j.boolean);
    case Json::Kind::Number: return j.is_integer ? Value::of_int(j.integer) : Value::of_float(j.number);
    case Json::Kind::String: return Value::of_string(j.text);
    case Json::Kind::Array: {
      std::vector<Value> items;
      items.reserve(j.items.size());
      for (const Json& item : j.items) items.push_back(value_of(item));
      return Value::tuple(std::move(items));
    }
    case Json::Kind::Object: {
      // Keras 3 may write a tuple as {"class_name": "__tuple__", "config": {"value": [...]}}.
      const Json* cls = j.find("class_name");
      const Json* config = j.find("config");
      if (cls && cls->kind == Json::Kind::String && cls->text == "__tuple__" && config && config->kind == Json::Kind::Object)
        if (const Json* items = config->find("value"); items && items->kind == Json::Kind::Array) return value_of(*items);
      std::string text;
      write_json(text, j);
      return Value::expr(std::move(text));
    }
  }
  return Value::none();
}

bool flag_of(const Layer& layer, std::string_view name) {
  const Value* v = layer.find_arg(name);
  return v && v->kind == Value::Kind::Bool && v->boolean;
}

// Keras 3 always writes Bidirectional's backward_layer: the forward layer read the other way.
bool mirrors(const Layer& forward, const Layer& backward) {
  if (forward.type != backward.type || !forward.inner.empty() || !backward.inner.empty()) return false;
  if (flag_of(forward, "go_backwards") == flag_of(backward, "go_backwards")) return false;
  auto others = [](const Layer& l) {
    std::map<std::string, Value> args;
    for (const Argument& a : l.args)
      if (a.name != "go_backwards") args[a.name] = a.value;
    return args;
  };
  return others(forward) == others(backward);
}

// Layer names a layer's inbound nodes refer to: Keras 3's {"keras_history": [name, 0, 0]} and
// Keras 2's [name, 0, 0, {...}].
void collect_refs(const Json& j, std::vector<std::string>& out, int depth = 0) {
  if (depth > 32) return;
  if (j.kind == Json::Kind::Object) {
    const Json* history = j.find("keras_history");
    if (history && history->kind == Json::Kind::Array && !history->items.empty() &&
        history->items[0].kind == Json::Kind::String) {
      out.push_back(history->items[0].text);
      return;
    }
    for (const auto& member : j.members) collect_refs(member.second, out, depth + 1);
  } else if (j.kind == Json::Kind::Array) {
    if (j.items.size() >= 3 && j.items[0].kind == Json::Kind::String && j.items[1].kind == Json::Kind::Number &&
        j.items[2].kind == Json::Kind::Number) {
      out.push_back(j.items[0].text);
      return;
    }
    for (const Json& item : j.items) collect_refs(item, out, depth + 1);
  }
}

void rebase(Json& j, SourceLocation where, size_t offset) {
  j.where = where;
  j.offset = offset;
  for (Json& item : j.items) rebase(item, where, offset);
  for (auto& member : j.members) rebase(member.second, where, offset);
}

class Reader {
 public:
  Reader(std::string_view text, ImportResult& out) : text_(text), out_(out) {}

  void run(const Json& doc) {
    if (doc.kind != Json::Kind::Object) {
      error(doc, "", "expected a Keras model: a JSON object such as {\"class_name\": \"Sequential\", \"config\": "
                     "{\"layers\": [...]}}, as model.to_json() writes it");
      return;
    }
    const Json* model = &doc;
    // A tfjs model.json: {"format": "layers-model", "modelTopology": {...}, "weightsManifest": [...]}.
    if (const Json* topology = model->find("modelTopology"); topology && !model->find("class_name")) {
      if (topology->kind != Json::Kind::Object) {
        error(*topology, "modelTopology", "expected the model as an object");
        return;
      }
      model = topology;
    }
    // The Keras converter's topology, and Keras' HDF5 files: {"model_config": {...}}, possibly as text.
    if (const Json* config = model->find("model_config"); config && !model->find("class_name")) {
      if (config->kind == Json::Kind::String) {
        nested_ = parse_json(config->text);
        if (!nested_.ok) {
          error(*config, "model_config", cat({"holds text that is not valid JSON: ", nested_.error}));
          return;
        }
        rebase(nested_.value, config->where, config->offset);
        config = &nested_.value;
      }
      if (config->kind != Json::Kind::Object) {
        error(*config, "model_config", "expected the model as an object");
        return;
      }
      model = config;
    }
    const Json* cls = model->find("class_name");
    if (!cls || cls->kind != Json::Kind::String) {
      error(cls ? *cls : *model, "class_name",
            "expected \"class_name\": \"Sequential\"; this JSON is not a Keras model as model.to_json() writes it");
      return;
    }
    const Json* config = model->find("config");
    if (!config) {
      error(*model, "config", "missing: a Keras model's \"config\" holds its \"layers\"");
      return;
    }
    if (cls->text == "Sequential") {
      sequential(*model, *config);
    } else if (cls->text == "Functional" || cls->text == "Model") {
      functional(*model, *cls, *config);
    } else if (find_layer_type(cls->text)) {
      error(*cls, "class_name", cat({cls->text, " is a layer, not a model; Learnable reads Keras Sequential models "
                                                "(\"class_name\": \"Sequential\")"}));
    } else {
      error(*cls, "class_name", cat({"Learnable reads Keras Sequential models (\"class_name\": \"Sequential\"), not ",
                                     cls->text}));
    }
  }

 private:
  void add(std::vector<ImportMessage>& list, const Json& at, const std::string& path, std::string message,
           const std::string& layer) {
    if (list.size() >= kMaxMessages) return;
    if (list.size() + 1 == kMaxMessages) {
      list.push_back({at.where, cat({"too many problems; the ones after line ", at.where.line, " are not listed"}), "", ""});
      return;
    }
    if (!path.empty()) message = cat({path, ": ", message});
    list.push_back({at.where, std::move(message), excerpt_at(text_, at.where, at.offset), layer});
  }
  void error(const Json& at, const std::string& path, std::string message, const std::string& layer = "") {
    add(out_.errors, at, path, std::move(message), layer);
  }
  void warn(const Json& at, const std::string& path, std::string message, const std::string& layer = "") {
    add(out_.warnings, at, path, std::move(message), layer);
  }

  void sequential(const Json& model, const Json& config) {
    const Json* layers = &config;
    std::string base = "config";  // Keras 2.0-2.2: "config": [layer, ...]
    if (config.kind == Json::Kind::Object) {
      layers = config.find("layers");
      base = "layers";
      if (!layers) {
        error(config, "config.layers", "missing: the list of the model's layers");
        return;
      }
    }
    if (layers->kind != Json::Kind::Array) {
      error(*layers, base, "expected the list of the model's layers");
      return;
    }
    for (size_t i = 0; i < layers->items.size(); ++i) layer_entry(layers->items[i], cat({base, "[", i, "]"}));
    finish(model, config, *layers);
  }

  // A Functional model is read when its layers form one chain from its input to its output.
  void functional(const Json& model, const Json& cls, const Json& config) {
    const Json* layers = config.kind == Json::Kind::Object ? config.find("layers") : nullptr;
    if (!layers || layers->kind != Json::Kind::Array) {
      error(layers ? *layers : config, "config.layers", "expected the list of the model's layers");
      return;
    }
    const size_t n = layers->items.size();
    std::vector<std::string> names(n);
    std::vector<std::vector<std::string>> sources(n);
    std::vector<size_t> nodes(n, 0);
    std::vector<bool> is_input(n, false);
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < n; ++i) {
      const Json& entry = layers->items[i];
      if (entry.kind != Json::Kind::Object) continue;
      const Json* name = entry.find("name");
      const Json* layer_config = entry.find("config");
      if ((!name || name->kind != Json::Kind::String) && layer_config && layer_config->kind == Json::Kind::Object)
        name = layer_config->find("name");
      if (name && name->kind == Json::Kind::String) names[i] = name->text;
      index.emplace(names[i], i);
      const Json* cls_name = entry.find("class_name");
      is_input[i] = cls_name && cls_name->kind == Json::Kind::String && cls_name->text == "InputLayer";
      if (const Json* inbound = entry.find("inbound_nodes"); inbound && inbound->kind == Json::Kind::Array) {
        nodes[i] = inbound->items.size();
        for (const Json& node : inbound->items) collect_refs(node, sources[i]);
      }
    }
    std::string why;
    std::vector<size_t> order;
    size_t inputs = static_cast<size_t>(std::count(is_input.begin(), is_input.end(), true));
    if (inputs != 1) why = cat({"it has ", inputs, " inputs"});
    std::map<size_t, size_t> next;  // layer -> the one layer it feeds
    for (size_t i = 0; i < n && why.empty(); ++i) {
      if (is_input[i]) continue;
      if (nodes[i] > 1) why = cat({"layer '", names[i], "' is used ", nodes[i], " times"});
      else if (sources[i].size() != 1) why = cat({"layer '", names[i], "' takes ", sources[i].size(), " inputs"});
      else if (!index.count(sources[i][0])) why = cat({"layer '", names[i], "' reads '", sources[i][0], "', which is not in the model"});
      else if (!next.emplace(index[sources[i][0]], i).second)
        why = cat({"layer '", sources[i][0], "' feeds more than one layer"});
    }
    if (why.empty()) {
      size_t at = static_cast<size_t>(std::find(is_input.begin(), is_input.end(), true) - is_input.begin());
      for (order.push_back(at); next.count(at) && order.size() <= n; order.push_back(at)) at = next[at];
      if (order.size() != n) why = "not every layer is on the path from the input to the output";
    }
    if (why.empty()) {
      std::vector<std::string> outputs;
      if (const Json* out = config.find("output_layers")) collect_refs(*out, outputs);
      if (outputs.size() > 1) why = cat({"it has ", outputs.size(), " outputs"});
      else if (outputs.size() == 1 && outputs[0] != names[order.back()])
        why = cat({"its output '", outputs[0], "' is not the last layer of the chain"});
    }
    if (!why.empty()) {
      error(cls, "class_name", cat({"this Functional model is not one chain of layers (", why,
                                    "); Learnable reads Sequential models, and Functional models whose layers each "
                                    "feed the next"}));
      return;
    }
    for (size_t i : order) layer_entry(layers->items[i], cat({"layers[", i, "]"}));
    finish(model, config, *layers);
  }

  void finish(const Json& model, const Json& config, const Json& layers) {
    // A model built with model.build(shape) and no Input keeps its shape only here.
    auto fallback = [&](const Json* holder, const char* key, const std::string& path) {
      if (out_.model.input_shape || !holder || holder->kind != Json::Kind::Object) return;
      if (const Json* shape = holder->find(key); shape && !shape->is_null()) set_input(*shape, path, true);
    };
    fallback(&config, "build_input_shape", "config.build_input_shape");
    fallback(model.find("build_config"), "input_shape", "build_config.input_shape");
    if (!layers.items.empty()) fallback(layers.items[0].find("build_config"), "input_shape", "layers[0].build_config.input_shape");
    // trainable=False on the model freezes every layer.
    if (const Json* trainable = config.kind == Json::Kind::Object ? config.find("trainable") : nullptr;
        trainable && trainable->kind == Json::Kind::Bool && !trainable->boolean)
      for (Layer& layer : out_.model.layers)
        if (!layer.find_arg("trainable")) layer.args.push_back({"trainable", Value::of_bool(false), trainable->where});
    if (out_.model.layers.empty() && out_.errors.empty()) warn(layers, "layers", "the model has no layers");
  }

  void layer_entry(const Json& j, const std::string& path) {
    const Json* cls = j.kind == Json::Kind::Object ? j.find("class_name") : nullptr;
    if (cls && cls->kind == Json::Kind::String && cls->text == "InputLayer") return input_layer(j, path);
    Layer layer;
    if (read_layer(j, path, layer, 0, true)) out_.model.layers.push_back(std::move(layer));
  }

  void input_layer(const Json& j, const std::string& path) {
    const Json* config = j.find("config");
    if (!config || config->kind != Json::Kind::Object) {
      error(config ? *config : j, path + ".config", "expected the InputLayer's config with its \"batch_shape\"");
      return;
    }
    if (!out_.model.layers.empty()) {
      warn(j, path, "an InputLayer after the first layer is ignored");
      return;
    }
    for (const char* key : {"batch_shape", "batch_input_shape", "shape", "input_shape"}) {
      const Json* shape = config->find(key);
      if (!shape || shape->is_null()) continue;
      set_input(*shape, cat({path, ".config.", key}), key[0] == 'b');
      return;
    }
    error(*config, path + ".config", "the InputLayer gives no \"batch_shape\" (Keras 3) or \"batch_input_shape\" (Keras 2)");
  }

  void set_input(const Json& j, const std::string& path, bool with_batch) {
    Shape shape;
    bool ok = j.kind == Json::Kind::Array && (!with_batch || !j.items.empty());
    for (size_t i = 0; ok && i < j.items.size(); ++i) {
      const Json& d = j.items[i];
      if (d.is_null()) shape.push_back(kUnknown);
      else if (d.is_integer && d.integer > 0) shape.push_back(d.integer);
      else ok = false;
    }
    if (!ok) {
      error(j, path, cat({"expected the input shape as a list such as ", (with_batch ? "[null, 32, 32, 3] (batch first)" : "[32, 32, 3]"),
                          " of positive integers and nulls, got ", brief(j)}));
      return;
    }
    if (with_batch) shape.erase(shape.begin());
    if (out_.model.input_shape) {
      if (*out_.model.input_shape != shape)
        warn(j, path, cat({"the input shape ", shape_keras(shape), " differs from the one given before, ",
                           shape_keras(*out_.model.input_shape), "; ignored, as Keras does"}));
      return;
    }
    out_.model.input_shape = shape;
  }

  // One layer object: {"class_name": "Conv2D", "config": {...}}. False when nothing could be read.
  bool read_layer(const Json& j, const std::string& path, Layer& layer, int depth, bool top) {
    if (j.kind != Json::Kind::Object) {
      error(j, path, "expected a layer: an object with \"class_name\" and \"config\"");
      return false;
    }
    const Json* cls = j.find("class_name");
    if (!cls || cls->kind != Json::Kind::String || cls->text.empty()) {
      error(cls ? *cls : j, path + ".class_name", "every layer needs a \"class_name\" such as \"Conv2D\"");
      return false;
    }
    layer.type = canonical_type_name(cls->text);
    layer.where = cls->where;
    const Json* config = j.find("config");
    if (config && config->kind == Json::Kind::Object)
      if (const Json* name = config->find("name"); name && name->kind == Json::Kind::String) layer.name = name->text;
    if (const Json* name = j.find("name"); layer.name.empty() && name && name->kind == Json::Kind::String) layer.name = name->text;
    const LayerType* type = find_layer_type(layer.type);
    if (!type) {
      error(*cls, path + ".class_name",
            is_model_class(cls->text) ? "a model nested in another is not supported; list its layers in the outer model instead"
            : cls->text == "Lambda"
                ? "a Lambda layer runs Python code, which Learnable does not run, so neither it nor the layers after it can be counted"
                : cat({cls->text, " is not a layer type Learnable knows, so neither it nor the layers after it can be counted",
                       did_you_mean(cls->text)}),
            layer.name);
      return true;
    }
    if (!config || config->kind != Json::Kind::Object) {
      error(config ? *config : j, path + ".config", cat({"expected the ", layer.type, "'s arguments as an object"}), layer.name);
      return true;
    }
    std::optional<Layer> forward, backward;
    const Json* backward_at = nullptr;
    for (const auto& [key, value] : config->members) {
      const std::string at = cat({path, ".config.", key});
      const ArgSpec* spec = type->find_arg(key);
      if (spec && spec->kind == ArgKind::Wrapped) {
        if (value.is_null()) continue;
        if (depth + 1 >= kMaxWrapDepth) {
          error(value, at, cat({"layers are wrapped too deeply here to read (more than ", kMaxWrapDepth, ")"}), layer.name);
          continue;
        }
        Layer inner;
        if (!read_layer(value, at, inner, depth + 1, false)) continue;
        if (key == "backward_layer") {
          backward = std::move(inner);
          backward_at = &value;
        } else {
          forward = std::move(inner);
        }
      } else if (spec) {
        layer.args.push_back({key, value_of(value), value.where});
      } else if (key == "trainable") {
        if (value.kind == Json::Kind::Bool && !value.boolean) layer.args.push_back({key, Value::of_bool(false), value.where});
        else if (value.kind != Json::Kind::Bool && !value.is_null()) warn(value, at, "expected true or false; ignored", layer.name);
      } else if (key == "dtype") {
        std::string dtype = dtype_name(value);
        if (!dtype.empty() && dtype != "float32") layer.args.push_back({key, Value::of_string(dtype), value.where});
      } else if (key == "batch_input_shape" || key == "batch_shape") {
        // Keras uses it on the first layer only, and only when no InputLayer came before.
        if (top && out_.model.layers.empty() && !out_.model.input_shape && !value.is_null()) set_input(value, at, true);
      } else if (!is_bookkeeping(key)) {
        warn(value, at, cat({layer.type, " has no argument '", key, "' that Learnable knows; ignored"}), layer.name);
      }
    }
    if (forward) {
      layer.inner.push_back(std::move(*forward));
      if (backward && !mirrors(layer.inner[0], *backward)) layer.inner.push_back(std::move(*backward));
    } else if (backward) {
      error(*backward_at, path + ".config.backward_layer", "a backward_layer needs the forward \"layer\" too", layer.name);
    }
    return true;
  }

  std::string_view text_;
  ImportResult& out_;
  JsonParse nested_;  // a model_config given as text, parsed
};

// ---- Writing ---------------------------------------------------------------------------------

// Python expressions kept from Keras code, as Keras 3 serializes what they build:
// tf.nn.relu -> "relu"; initializers.HeNormal() -> {"class_name": "HeNormal", ...};
// regularizers.l2(1e-4) -> {"class_name": "L2", "config": {"l2": 0.0001}}. Anything else is
// written as its source text, so nothing is lost.
class ExprWriter {
 public:
  ExprWriter(const std::string& source, std::string_view arg) : source_(source), arg_(arg) {}

  std::string json() {
    std::string_view s = source_;
    size_t first = s.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (s[first] == '{' || s[first] == '[')) {
      JsonParse parsed = parse_json(s);
      if (parsed.ok) {
        std::string out;
        write_json(out, parsed.value);
        return out;
      }
    }
    std::string out;
    if (!translate(out)) return json_quote(source_);
    return out;
  }

 private:
  const Token& peek() const { return toks_[std::min(pos_, toks_.size() - 1)]; }
  bool op(const char* text) {
    if (peek().kind != TokenKind::Op || peek().text != text) return false;
    ++pos_;
    return true;
  }

  bool literal(std::string& out, int depth = 0) {
    const Token& t = peek();
    bool negative = false;
    if (t.kind == TokenKind::Op && t.text == "-") {
      negative = true;
      ++pos_;
    }
    const Token& v = peek();
    if (v.kind == TokenKind::Int && !v.overflow) {
      out += cat({(negative ? "-" : ""), v.integer});
    } else if (v.kind == TokenKind::Float) {
      out += float_text(negative ? -v.number : v.number);
    } else if (negative) {
      return false;
    } else if (v.kind == TokenKind::String) {
      out += json_quote(v.text);
    } else if (v.kind == TokenKind::Name && (v.text == "None" || v.text == "True" || v.text == "False")) {
      out += v.text == "None" ? "null" : v.text == "True" ? "true" : "false";
    } else if (v.kind == TokenKind::Op && (v.text == "(" || v.text == "[") && depth < 8) {
      const char* close = v.text == "(" ? ")" : "]";
      ++pos_;
      out += '[';
      for (bool first = true; !op(close); first = false) {
        if (!first && !op(",")) return false;
        if (op(close)) break;
        if (!first) out += ", ";
        if (!literal(out, depth + 1)) return false;
      }
      out += ']';
      return true;
    } else {
      return false;
    }
    ++pos_;
    return true;
  }

  bool translate(std::string& out) {
    toks_ = lex_python(source_).tokens;
    std::vector<std::string> dotted;
    do {
      if (peek().kind != TokenKind::Name) return false;
      dotted.push_back(peek().text);
      ++pos_;
    } while (op("."));
    std::string name = dotted.back();
    if (!op("(")) {
      if (peek().kind != TokenKind::End && peek().kind != TokenKind::Newline) return false;
      out = json_quote(name);  // tf.nn.relu -> "relu"
      return true;
    }
    std::vector<std::pair<std::string, std::string>> args;  // keyword (empty: positional), JSON
    for (bool first = true; !op(")"); first = false) {
      if (!first && !op(",")) return false;
      if (op(")")) break;
      std::string keyword;
      if (peek().kind == TokenKind::Name && pos_ + 1 < toks_.size() && toks_[pos_ + 1].kind == TokenKind::Op &&
          toks_[pos_ + 1].text == "=") {
        keyword = peek().text;
        pos_ += 2;
      }
      std::string value;
      if (!literal(value)) return false;
      args.emplace_back(keyword, value);
    }
    if (peek().kind != TokenKind::End && peek().kind != TokenKind::Newline) return false;
    static const std::map<std::string, std::string> classes = {{"l1", "L1"}, {"l2", "L2"}, {"l1_l2", "L1L2"}};
    static const std::map<std::string, std::vector<const char*>> positional = {
        {"L1", {"l1"}}, {"L2", {"l2"}}, {"L1L2", {"l1", "l2"}}, {"Constant", {"value"}},
        {"RandomNormal", {"mean", "stddev", "seed"}}, {"TruncatedNormal", {"mean", "stddev", "seed"}},
        {"RandomUniform", {"minval", "maxval", "seed"}}, {"Orthogonal", {"gain", "seed"}},
        {"VarianceScaling", {"scale", "mode", "distribution", "seed"}}, {"GlorotUniform", {"seed"}},
        {"GlorotNormal", {"seed"}}, {"HeNormal", {"seed"}}, {"HeUniform", {"seed"}}, {"LecunNormal", {"seed"}},
        {"LecunUniform", {"seed"}}, {"MaxNorm", {"max_value", "axis"}}, {"UnitNorm", {"axis"}},
        {"MinMaxNorm", {"min_value", "max_value", "rate", "axis"}}};
    if (auto it = classes.find(name); it != classes.end()) name = it->second;
    bool snake = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
    if (args.empty() && snake) {
      out = json_quote(name);  // initializers.he_normal() -> "he_normal"
      return true;
    }
    auto names = positional.find(name);
    std::string config;
    for (size_t i = 0; i < args.size(); ++i) {
      std::string keyword = args[i].first;
      if (keyword.empty()) {
        if (names == positional.end() || i >= names->second.size()) return false;
        keyword = names->second[i];
      }
      config += cat({(i ? ", " : ""), json_quote(keyword), ": ", args[i].second});
    }
    std::string module = family(name);
    out = cat({"{", (module.empty() ? "" : cat({"\"module\": ", json_quote(module), ", "})), "\"class_name\": ",
               json_quote(name), ", \"config\": {", config, "}, \"registered_name\": null}"});
    return true;
  }

  std::string family(const std::string& name) const {
    auto ends_with = [&](std::string_view suffix) {
      return arg_.size() >= suffix.size() && arg_.substr(arg_.size() - suffix.size()) == suffix;
    };
    if (ends_with("_initializer")) return "keras.initializers";
    if (ends_with("_regularizer")) return "keras.regularizers";
    if (ends_with("_constraint")) return "keras.constraints";
    if (ends_with("activation")) return name[0] >= 'A' && name[0] <= 'Z' ? "keras.layers" : "keras.activations";
    return "";
  }

  const std::string& source_;
  std::string_view arg_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
};

std::string value_json(const Value& v, std::string_view arg) {
  switch (v.kind) {
    case Value::Kind::None: return "null";
    case Value::Kind::Bool: return v.boolean ? "true" : "false";
    case Value::Kind::Int: return std::to_string(v.integer);
    case Value::Kind::Float: return float_text(v.number);
    case Value::Kind::String: return json_quote(v.text);
    case Value::Kind::Expr: return ExprWriter(v.text, arg).json();
    case Value::Kind::Tuple:
    case Value::Kind::List: {
      std::string out = "[";
      for (size_t i = 0; i < v.items.size(); ++i) out += cat({(i ? ", " : ""), value_json(v.items[i], arg)});
      return out + "]";
    }
  }
  return "null";
}

std::string dtype_policy(const std::string& name) {
  return cat({"{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": ", json_quote(name),
              "}, \"registered_name\": null}"});
}

std::string batch_shape_json(const Shape& shape) {
  std::string out = "[null";
  for (int64_t d : shape) out += d == kUnknown ? ", null" : cat({", ", d});
  return out + "]";
}

// Keras' automatic names (conv2d, conv2d_1, ...) for layers that have none, never taking a name
// a layer already has.
class Names {
 public:
  explicit Names(const std::vector<Layer>& layers) {
    for (const Layer& l : layers)
      if (!l.name.empty()) used_.insert(l.name);
  }
  std::string name_of(const Layer& layer) {
    if (!layer.name.empty()) return layer.name;
    return fresh(keras_snake_case(canonical_type_name(layer.type)));
  }
  std::string fresh(const std::string& base) {
    std::string name = base;
    for (int k = 1; used_.count(name); ++k) name = cat({base, "_", k});
    used_.insert(name);
    return name;
  }

 private:
  std::set<std::string> used_;
};

// Arguments Keras 2 had and Keras 3 refuses: never written as defaults.
bool keras2_only(std::string_view name) { return name == "renorm" || name == "input_length" || name == "time_major"; }

// Written apart from the other arguments.
bool own_key(std::string_view name) { return name == "name" || name == "trainable" || name == "dtype"; }

// Of the arguments every layer takes, the input ones are the model's input shape here, and the
// rest (weights, dynamic, ...) Keras 3 refuses in a config. Asked only of arguments the layer
// type does not list (Embedding lists input_dim).
bool left_out(std::string_view name) {
  return own_key(name) || (is_common_layer_arg(name) && name != "activity_regularizer");
}

void write_layer(std::string& out, const Layer& layer, const std::string& name, Names& names) {
  const std::string type_name = canonical_type_name(layer.type);
  out += cat({"{\"module\": \"keras.layers\", \"class_name\": ", json_quote(type_name), ", \"config\": {\"name\": ",
              json_quote(name)});
  const Value* trainable = layer.find_arg("trainable");
  out += cat({", \"trainable\": ", (trainable && trainable->kind == Value::Kind::Bool && !trainable->boolean ? "false" : "true")});
  const Value* dtype = layer.find_arg("dtype");
  std::string policy = "float32";
  if (dtype && dtype->kind == Value::Kind::String) policy = dtype->text;
  if (dtype && dtype->kind == Value::Kind::Expr) {
    std::string written = ExprWriter(dtype->text, "dtype").json();
    if (written.size() > 2 && written[0] == '"') policy = written.substr(1, written.size() - 2);  // tf.float16
  }
  out += cat({", \"dtype\": ", dtype_policy(policy)});
  const LayerType* type = find_layer_type(type_name);
  std::set<std::string> written;
  auto put = [&](const std::string& key, const std::string& json) {
    written.insert(key);
    out += cat({", ", json_quote(key), ": ", json});
  };
  if (type) {
    for (const ArgSpec& spec : type->args) {
      if (spec.kind == ArgKind::Wrapped) continue;
      if (own_key(spec.name)) continue;
      if (const Value* given = layer.find_arg(spec.name)) {
        put(spec.name, value_json(*given, spec.name));
      } else if (spec.counted && !spec.required && !keras2_only(spec.name)) {
        put(spec.name, value_json(spec.default_value, spec.name));
      }
    }
  }
  for (const Argument& a : layer.args) {
    const ArgSpec* spec = type ? type->find_arg(a.name) : nullptr;
    if (!written.count(a.name) && !(spec ? own_key(a.name) || spec->kind == ArgKind::Wrapped : left_out(a.name)))
      put(a.name, value_json(a.value, a.name));
  }
  for (size_t i = 0; i < layer.inner.size() && i < 2; ++i) {
    const Layer& inner = layer.inner[i];
    out += i == 0 ? ", \"layer\": " : ", \"backward_layer\": ";
    std::string inner_name = inner.name.empty() ? names.fresh(keras_snake_case(canonical_type_name(inner.type))) : inner.name;
    write_layer(out, inner, inner_name, names);
  }
  out += "}, \"registered_name\": null}";
}

}  // namespace

ImportResult import_keras_json(std::string_view text) {
  ImportResult out;
  if (text.size() > kMaxImportBytes) {
    out.errors.push_back({{1, 1},
                          cat({"the text has ", with_commas(static_cast<int64_t>(text.size())),
                               " bytes; Learnable reads at most ", kMaxImportBytes / (1024 * 1024), " MB"}),
                          "", ""});
    return out;
  }
  out.source = std::string(text);
  try {
    JsonParse parsed = parse_json(text);
    if (!parsed.ok) {
      out.errors.push_back({parsed.where, cat({"not valid JSON: ", parsed.error}),
                            excerpt_at(text, parsed.where, parsed.offset), ""});
      return out;
    }
    Reader(text, out).run(parsed.value);
  } catch (const std::exception& e) {
    out.model = Model{};
    out.errors.push_back({{1, 1}, cat({"could not read the text: ", e.what()}), "", ""});
  }
  return out;
}

std::string keras_json(const Model& model) {
  Names names(model.layers);
  std::string out = cat({"{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", "
                         "\"trainable\": true, \"dtype\": ",
                         dtype_policy("float32"), ", \"layers\": ["});
  std::string batch_shape = model.input_shape ? batch_shape_json(*model.input_shape) : "";
  if (model.input_shape)
    out += cat({"{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": ", batch_shape,
                ", \"dtype\": \"float32\", \"sparse\": false, \"name\": ", json_quote(names.fresh("input_layer")),
                "}, \"registered_name\": null}"});
  for (size_t i = 0; i < model.layers.size(); ++i) {
    if (i || model.input_shape) out += ", ";
    write_layer(out, model.layers[i], names.name_of(model.layers[i]), names);
  }
  out += "]";
  if (model.input_shape) out += cat({", \"build_input_shape\": ", batch_shape});
  out += "}, \"registered_name\": null";
  if (model.input_shape) out += cat({", \"build_config\": {\"input_shape\": ", batch_shape, "}"});
  return out + "}";
}

}  // namespace learnable
