// Both ends of a rule run in another module: the request ({"framework", "input", "explaining",
// "model": a one-layer model document}) and the answer (the rule's part of a LayerResult, or
// {"fault": {"argument", "message"}}).
#include "core/rules_elsewhere.h"

#include "core/calculator.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/layer_context.h"
#include "core/model_json.h"

namespace learnable {

namespace {

RuleCall g_call = nullptr;

Shape read_shape(const Json* json) {
  Shape shape;
  if (!json) return shape;
  for (const Json& d : json->items) shape.push_back(d.is_integer ? d.integer : kUnknown);
  return shape;
}

int64_t read_int(const Json& object, std::string_view key) {
  const Json* j = object.find(key);
  return j && j->is_integer ? j->integer : 0;
}

bool read_bool(const Json& object, std::string_view key) {
  const Json* j = object.find(key);
  return j && j->boolean;
}

std::string read_text(const Json& object, std::string_view key) {
  const Json* j = object.find(key);
  return j ? j->text : std::string();
}

std::string fault_answer(std::string_view argument, std::string_view message) {
  return cat({"{\"fault\":{\"argument\":", json_quote(argument), ",\"message\":", json_quote(message), "}}"});
}

std::string result_answer(const LayerResult& r) {
  std::string out = cat({"{\"output\":", shape_json(r.output_shape), ",\"params\":", r.params, ",\"trainable\":", r.trainable, ",\"non_trainable\":", r.non_trainable,
              ",\"buffers\":", r.buffers, ",\"weights\":["});
  for (size_t i = 0; i < r.weights.size(); ++i) {
    const Weight& w = r.weights[i];
    out += cat({i ? ",{" : "{", "\"name\":", json_quote(w.name), ",\"shape\":", shape_json(w.shape), ",\"count\":", w.count, ",\"trainable\":", w.trainable ? "true" : "false",
                ",\"buffer\":", w.buffer ? "true" : "false", "}"});
  }
  out += cat({"],\"formula\":", json_quote(r.formula), ",\"explanation\":["});
  for (size_t i = 0; i < r.explanation.size(); ++i) out += cat({i ? "," : "", json_quote(r.explanation[i])});
  return out + "]}";
}

}  // namespace

void set_rule_call(RuleCall call) { g_call = call; }

static bool rule_elsewhere(const Layer& layer, Framework framework) {
  const LayerType* type = find_layer_type(canonical_type_name(layer.type, framework), framework);
  if (type && type->compute == compute_elsewhere) return true;
  for (const Layer& inner : layer.inner)
    if (rule_elsewhere(inner, framework)) return true;
  return false;
}

bool needs_rules_elsewhere(const Model& model) {
  for (const Layer& layer : model.layers)
    if (rule_elsewhere(layer, model.framework)) return true;
  return false;
}

std::string rules_loading_message(Framework framework) {
  return cat({framework_title(framework), "'s rules (learnable.js) are loading: counted as soon as they are in"});
}

std::string rules_unavailable_message(Framework framework, std::string_view why) {
  return cat({framework_title(framework), "'s rules (learnable.js) did not load: ", why});
}

void compute_elsewhere(LayerContext& ctx) {
  const Framework framework = ctx.type().framework;
  Model one{framework, std::nullopt, {ctx.layer()}};
  std::string request = cat({"{\"framework\":", json_quote(framework_name(framework)), ",\"explaining\":",
                             ctx.explaining() ? "true" : "false", ",\"input\":", shape_json(ctx.input()),
                             ",\"model\":", model_to_json(one), "}"});
  std::string answer;
  const RuleReply reply = g_call ? g_call(request, answer) : RuleReply::Unavailable;
  if (reply == RuleReply::Loading) throw LayerFault{"", rules_loading_message(framework), true};
  if (reply == RuleReply::Unavailable)
    ctx.fail("", rules_unavailable_message(framework, answer.empty() ? "nothing here runs them" : answer));
  JsonParse parsed = parse_json(answer);
  if (!parsed.ok || parsed.value.kind != Json::Kind::Object)
    ctx.fail("", cat({"the answer of ", framework_title(framework), "'s rules cannot be read: ", parsed.error}));
  const Json& a = parsed.value;
  if (const Json* fault = a.find("fault")) ctx.fail(read_text(*fault, "argument"), read_text(*fault, "message"));
  LayerResult& out = ctx.result();
  out.output_shape = read_shape(a.find("output"));
  out.params = read_int(a, "params");
  out.trainable = read_int(a, "trainable");
  out.non_trainable = read_int(a, "non_trainable");
  out.buffers = read_int(a, "buffers");
  if (const Json* weights = a.find("weights"))
    for (const Json& w : weights->items)
      out.weights.push_back({read_text(w, "name"), read_shape(w.find("shape")), read_int(w, "count"),
                             read_bool(w, "trainable"), read_bool(w, "buffer")});
  out.formula = read_text(a, "formula");
  if (const Json* steps = a.find("explanation"))
    for (const Json& step : steps->items) out.explanation.push_back(step.text);
}

std::string answer_rule_request(std::string_view request) {
  JsonParse parsed = parse_json(request);
  if (!parsed.ok || parsed.value.kind != Json::Kind::Object) return fault_answer("", "the rule request is not JSON");
  const Json& q = parsed.value;
  const Json* model_json = q.find("model");
  if (!model_json) return fault_answer("", "the rule request has no model");
  ImportResult read = model_from_json(request.substr(model_json->offset, model_json->end - model_json->offset));
  if (read.model.layers.size() != 1) return fault_answer("", "the rule request's model is not one layer");
  const Layer& layer = read.model.layers[0];
  const LayerType* type = find_layer_type(layer.type, read.model.framework);
  if (!type || !type->compute) return fault_answer("", cat({"no rule for '", layer.type, "'"}));
  const Shape input = read_shape(q.find("input"));
  LayerResult out;
  LayerContext ctx(*type, layer, input, out, read_bool(q, "explaining"));
  try {
    type->compute(ctx);
  } catch (...) {
    const LayerFault fault = current_fault();
    return fault_answer(fault.argument, fault.message);
  }
  return result_answer(out);
}

}  // namespace learnable
