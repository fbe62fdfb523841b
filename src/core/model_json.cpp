// Model <-> JSON. Writing is exact (integers as integers, floats round-trip); reading checks
// every field and names the path of anything it cannot use.
#include "core/model_json.h"

#include <cmath>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/text.h"

namespace learnable {

namespace {

std::string float_json(double f) { return std::isfinite(f) ? shortest_float_text(f) : "null"; }

}  // namespace

std::string value_to_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::None: return "null";
    case Value::Kind::Bool: return v.boolean ? "true" : "false";
    case Value::Kind::Int: return std::to_string(v.integer);
    case Value::Kind::Float: return float_json(v.number);
    case Value::Kind::String: return json_quote(v.text);
    case Value::Kind::Expr: return cat({"{\"expr\":", json_quote(v.text), "}"});
    case Value::Kind::Tuple:
    case Value::Kind::List: {
      std::string out = "[";
      for (size_t i = 0; i < v.items.size(); ++i) out += (i ? "," : "") + value_to_json(v.items[i]);
      out += "]";
      return v.kind == Value::Kind::List ? "{\"list\":" + out + "}" : out;
    }
  }
  return "null";
}

namespace {

std::string layer_json(const Layer& layer) {
  std::string out = cat({"{\"type\":", json_quote(layer.type)});
  if (!layer.name.empty()) out += cat({",\"name\":", json_quote(layer.name)});
  out += ",\"args\":{";
  for (size_t i = 0; i < layer.args.size(); ++i)
    out += cat({(i ? "," : ""), json_quote(layer.args[i].name), ":", value_to_json(layer.args[i].value)});
  out += "}";
  if (!layer.frozen.empty()) {
    out += ",\"frozen\":[";
    for (size_t i = 0; i < layer.frozen.size(); ++i) out += cat({(i ? "," : ""), json_quote(layer.frozen[i].name)});
    out += "]";
  }
  if (!layer.shares.empty()) out += cat({",\"shares\":", json_quote(layer.shares)});
  if (!layer.inner.empty()) {
    out += cat({",\"layer\":", layer_json(layer.inner[0])});
    if (layer.inner.size() > 1) out += cat({",\"backward_layer\":", layer_json(layer.inner[1])});
  }
  return cat({out, "}"});
}

class Reader {
 public:
  explicit Reader(ImportResult& out) : out_(out) {}

  void error(const Json& at, const std::string& path, const std::string& message) {
    out_.errors.push_back({at.where, cat({path, ": ", message}), "", ""});
  }

  bool value(const Json& j, const std::string& path, Value& v, int depth = 0) {
    if (depth > 64) {
      error(j, path, "nested too deeply");
      return false;
    }
    switch (j.kind) {
      case Json::Kind::Null: v = Value::none(); return true;
      case Json::Kind::Bool: v = Value::of_bool(j.boolean); return true;
      case Json::Kind::String: v = Value::of_string(j.text); return true;
      case Json::Kind::Number:
        v = j.is_integer ? Value::of_int(j.integer) : Value::of_float(j.number);
        return true;
      case Json::Kind::Array: {
        std::vector<Value> items;
        for (size_t i = 0; i < j.items.size(); ++i) {
          Value item;
          if (!value(j.items[i], cat({path, "[", i, "]"}), item, depth + 1)) return false;
          items.push_back(std::move(item));
        }
        v = Value::tuple(std::move(items));
        return true;
      }
      case Json::Kind::Object: {
        if (const Json* e = j.find("expr"); e && e->kind == Json::Kind::String && j.members.size() == 1) {
          v = Value::expr(e->text);
          return true;
        }
        if (const Json* l = j.find("list"); l && l->kind == Json::Kind::Array && j.members.size() == 1) {
          Value tuple;
          if (!value(*l, cat({path, ".list"}), tuple, depth + 1)) return false;
          v = Value::list(std::move(tuple.items));
          return true;
        }
        error(j, path, "expected a value (a number, string, array, {\"list\": [...]} or {\"expr\": \"...\"})");
        return false;
      }
    }
    return false;
  }

  bool layer(const Json& j, const std::string& path, Layer& out, int depth = 0) {
    if (j.kind != Json::Kind::Object) {
      error(j, path, "expected a layer object");
      return false;
    }
    const Json* type = j.find("type");
    if (!type || type->kind != Json::Kind::String || type->text.empty()) {
      error(j, cat({path, ".type"}), "every layer needs a \"type\" such as \"Conv2D\"");
      return false;
    }
    out.type = type->text;
    out.where = j.where;
    if (const Json* name = j.find("name")) {
      if (name->kind == Json::Kind::String) out.name = name->text;
      else error(*name, cat({path, ".name"}), "a name must be a string");
    }
    if (const Json* args = j.find("args")) {
      if (args->kind != Json::Kind::Object) {
        error(*args, cat({path, ".args"}), "expected an object of arguments");
      } else {
        for (const auto& [key, raw] : args->members) {
          Value v;
          if (value(raw, cat({path, ".args.", key}), v)) out.args.push_back({key, std::move(v), raw.where});
        }
      }
    }
    if (const Json* frozen = j.find("frozen"); frozen && !frozen->is_null()) {
      if (frozen->kind != Json::Kind::Array) {
        error(*frozen, cat({path, ".frozen"}), "expected an array of parameter names such as [\"bias\"]");
      } else {
        for (size_t i = 0; i < frozen->items.size(); ++i) {
          const Json& name = frozen->items[i];
          if (name.kind == Json::Kind::String && !name.text.empty()) out.freeze(name.text, name.where);
          else error(name, cat({path, ".frozen[", i, "]"}), "a frozen parameter's name must be a non-empty string");
        }
      }
    }
    if (const Json* shares = j.find("shares"); shares && !shares->is_null()) {
      if (shares->kind == Json::Kind::String && !shares->text.empty()) out.shares = shares->text;
      else error(*shares, cat({path, ".shares"}), "expected the name of the earlier layer whose module this one is");
    }
    for (const char* key : {"layer", "backward_layer"}) {
      const Json* inner = j.find(key);
      if (!inner) continue;
      if (depth > 8) {
        error(*inner, cat({path, ".", key}), "wrappers nested too deeply");
        continue;
      }
      Layer wrapped;
      if (!layer(*inner, cat({path, ".", key}), wrapped, depth + 1)) continue;
      if (std::string(key) == "backward_layer" && out.inner.empty()) {
        error(*inner, path + ".backward_layer", "a backward_layer needs the forward \"layer\" too");
        continue;
      }
      out.inner.push_back(std::move(wrapped));
    }
    return true;
  }

 private:
  ImportResult& out_;
};

}  // namespace

// Version 2 added the layers' "frozen" parameters and "shares"; a document without them stays
// version 1, so that older Learnables read it without a warning and warn on one they would read
// incompletely.
static int document_version(const Model& model) {
  for (const Layer& l : model.layers)
    if (!l.frozen.empty() || !l.shares.empty()) return 2;
  return 1;
}

std::string model_to_json(const Model& model) {
  std::string out = cat({"{\"learnable\":", document_version(model), ",\"framework\":", json_quote(framework_name(model.framework))});
  out += cat({",\"input_shape\":", (model.input_shape ? shape_json(*model.input_shape) : std::string("null"))});
  out += ",\"layers\":[";
  for (size_t i = 0; i < model.layers.size(); ++i) out += (i ? "," : "") + layer_json(model.layers[i]);
  return cat({out, "]}"});
}

ImportResult model_from_json(std::string_view text) {
  ImportResult out;
  out.source = std::string(text);
  JsonParse parsed = parse_json(text);
  if (!parsed.ok) {
    out.errors.push_back({parsed.where, parsed.error, caret_excerpt(text, parsed.where), ""});
    return out;
  }
  const Json& doc = parsed.value;
  Reader reader(out);
  if (doc.kind != Json::Kind::Object) {
    reader.error(doc, "$", "expected a model object");
    return out;
  }
  if (const Json* version = doc.find("learnable")) {
    if (!version->is_integer || version->integer > kModelJsonVersion)
      out.warnings.push_back({version->where, cat({"learnable: this model was written by a newer version (",
                                                       version->integer, "); reading what it can"}),
                              "", ""});
  }
  if (const Json* framework = doc.find("framework"); framework && !framework->is_null()) {
    if (framework->kind != Json::Kind::String || !parse_framework(framework->text, out.model.framework))
      reader.error(*framework, "framework", "expected \"keras\" or \"pytorch\"");
  }
  if (const Json* shape = doc.find("input_shape"); shape && !shape->is_null()) {
    Shape s;
    bool ok = shape->kind == Json::Kind::Array;
    for (const Json& d : shape->items) {
      if (d.is_null()) s.push_back(kUnknown);
      else if (d.is_integer && d.integer > 0) s.push_back(d.integer);
      else ok = false;
    }
    if (ok) out.model.input_shape = s;
    else reader.error(*shape, "input_shape", "expected an array of positive integers or null");
  }
  const Json* layers = doc.find("layers");
  if (!layers || layers->kind != Json::Kind::Array) {
    reader.error(doc, "layers", "expected an array of layers");
    return out;
  }
  for (size_t i = 0; i < layers->items.size(); ++i) {
    Layer l;
    if (reader.layer(layers->items[i], cat({"layers[", i, "]"}), l)) out.model.layers.push_back(std::move(l));
  }
  return out;
}

}  // namespace learnable
