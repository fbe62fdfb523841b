// A rule run in another module (the page's app asks the JS API's module for its lazy rules) must
// give exactly what the rule gives here: every layer of the PyTorch and Keras reference models and
// every type's example, with and without the explanation, faults included.
#include <gtest/gtest.h>

#include <string>

#include "core/calculator.h"
#include "core/keras_code.h"
#include "core/layer_context.h"
#include "core/pytorch_code.h"
#include "core/rules_elsewhere.h"
#include "reference_cases.h"

using namespace learnable;

namespace {

// The other module, here in-process: what the app's call to learnable.js reaches.
RuleReply answer_here(const std::string& request, std::string& answer) {
  answer = answer_rule_request(request);
  return RuleReply::Answered;
}

RuleReply on_its_way(const std::string&, std::string&) { return RuleReply::Loading; }

RuleReply blocked(const std::string&, std::string& answer) {
  answer = "learnable.js did not load";
  return RuleReply::Unavailable;
}

struct Outcome {
  LayerResult result;
  bool faulted = false;
  LayerFault fault;
};

Outcome run_rule(const LayerType& type, LayerRule rule, const Layer& layer, const Shape& input, bool explain) {
  Outcome o;
  LayerContext ctx(type, layer, input, o.result, explain);
  try {
    rule(ctx);
  } catch (const LayerFault& fault) {
    o.faulted = true;
    o.fault = fault;
  }
  return o;
}

std::string shape_words_of(const Shape& s) { return shape_torch(s); }

void expect_same_rule(const Layer& layer, const Shape& input, bool explain, Framework framework = Framework::PyTorch) {
  const LayerType* type = find_layer_type(canonical_type_name(layer.type, framework), framework);
  ASSERT_NE(type, nullptr) << layer.type;
  SCOPED_TRACE(layer.type + " on " + shape_words_of(input) + (explain ? ", explained" : ""));
  Outcome here = run_rule(*type, type->compute, layer, input, explain);
  Outcome there = run_rule(*type, compute_elsewhere, layer, input, explain);
  ASSERT_EQ(here.faulted, there.faulted) << there.fault.message;
  EXPECT_EQ(here.fault.argument, there.fault.argument);
  EXPECT_EQ(here.fault.message, there.fault.message);
  const LayerResult &a = here.result, &b = there.result;
  EXPECT_EQ(a.output_shape, b.output_shape);
  EXPECT_EQ(a.params, b.params);
  EXPECT_EQ(a.trainable, b.trainable);
  EXPECT_EQ(a.non_trainable, b.non_trainable);
  EXPECT_EQ(a.buffers, b.buffers);
  EXPECT_EQ(a.formula, b.formula);
  EXPECT_EQ(a.explanation, b.explanation);
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (size_t k = 0; k < a.weights.size(); ++k) {
    EXPECT_EQ(a.weights[k].name, b.weights[k].name);
    EXPECT_EQ(a.weights[k].shape, b.weights[k].shape);
    EXPECT_EQ(a.weights[k].count, b.weights[k].count);
    EXPECT_EQ(a.weights[k].trainable, b.weights[k].trainable);
    EXPECT_EQ(a.weights[k].buffer, b.weights[k].buffer);
  }
}

class rules_elsewhere : public ::testing::Test {
 protected:
  void SetUp() override { set_rule_call(answer_here); }
  void TearDown() override { set_rule_call(nullptr); }
};

TEST_F(rules_elsewhere, every_reference_layer_gives_what_the_rule_gives) {
  const auto& cases = learnable::testing::reference_cases("torch_cases.json");
  ASSERT_GE(cases.size(), 471u);
  size_t layers = 0;
  for (const Json& c : cases) {
    PytorchOptions options;
    options.input_shape = learnable::testing::shape_of(*c.find("input_shape"));
    Calculator calc(import_pytorch_code(c.find("code")->text, options).model);
    for (size_t i = 0; i < calc.results().size(); ++i) {
      const LayerResult& r = calc.results()[i];
      if (r.status == LayerStatus::Waiting) continue;
      expect_same_rule(calc.model().layers[i], r.input_shape, false);
      expect_same_rule(calc.model().layers[i], r.input_shape, true);
      ++layers;
    }
  }
  EXPECT_GE(layers, 1000u);
}

TEST_F(rules_elsewhere, every_keras_reference_layer_gives_what_the_rule_gives) {
  const auto& cases = learnable::testing::reference_cases("keras_cases.json");
  ASSERT_GE(cases.size(), 390u);
  size_t layers = 0;
  for (const Json& c : cases) {
    Calculator calc(import_keras_code(c.find("code")->text).model);
    for (size_t i = 0; i < calc.results().size(); ++i) {
      const LayerResult& r = calc.results()[i];
      if (r.status == LayerStatus::Waiting) continue;
      expect_same_rule(calc.model().layers[i], r.input_shape, true, Framework::Keras);
      ++layers;
    }
  }
  EXPECT_GE(layers, 1000u);
}

TEST_F(rules_elsewhere, every_module_example_and_a_fault) {
  for (const LayerType& type : layer_types(Framework::PyTorch)) {
    if (type.example.empty()) continue;
    PytorchOptions options;
    options.input_shape = type.example_input;
    Calculator calc(import_pytorch_code("model = nn.Sequential(" + type.example + ")", options).model);
    ASSERT_EQ(calc.model().layers.size(), 1u) << type.example;
    expect_same_rule(calc.model().layers[0], type.example_input, true);
    expect_same_rule(calc.model().layers[0], {}, true);  // no input: most rules fault on the rank
  }
}

TEST_F(rules_elsewhere, a_fault_keeps_its_argument) {
  Layer conv;
  conv.type = "Conv2d";
  conv.args = {{"in_channels", Value::of_int(3), {}}, {"out_channels", Value::of_int(0), {}},
               {"kernel_size", Value::of_int(3), {}}};
  expect_same_rule(conv, {3, 32, 32}, true);
  const LayerType* type = find_layer_type("Conv2d", Framework::PyTorch);
  Outcome there = run_rule(*type, compute_elsewhere, conv, {3, 32, 32}, true);
  ASSERT_TRUE(there.faulted);
  EXPECT_EQ(there.fault.argument, "out_channels");
}

TEST(rules_elsewhere_loading, a_model_needs_the_module_when_a_layer_or_a_wrapped_one_has_a_lazy_rule) {
  // Natively every rule is here; the page's app has LEARNABLE_LAZY_RULES.
  Model lstm{Framework::Keras, Shape{10, 8}, {}};
  lstm.layers.push_back(Layer{});
  lstm.layers[0].type = "LSTM";
  EXPECT_FALSE(needs_rules_elsewhere(lstm));
  EXPECT_EQ(lazy_rule(find_layer_type("LSTM")->compute), find_layer_type("LSTM")->compute);
}

Layer linear_4_to_2() {
  Layer linear;
  linear.type = "Linear";
  linear.args = {{"in_features", Value::of_int(4), {}}, {"out_features", Value::of_int(2), {}}};
  return linear;
}

TEST(rules_elsewhere_loading, a_layer_waits_for_the_module_while_it_loads) {
  set_rule_call(on_its_way);
  const LayerType* type = find_layer_type("Linear", Framework::PyTorch);
  Outcome there = run_rule(*type, compute_elsewhere, linear_4_to_2(), {4}, false);
  set_rule_call(nullptr);
  ASSERT_TRUE(there.faulted);
  EXPECT_TRUE(there.fault.loading);  // the calculator makes it LayerStatus::Loading, not an error
  EXPECT_EQ(there.fault.argument, "");
  EXPECT_EQ(there.fault.message, "PyTorch's rules (learnable.js) are loading: counted as soon as they are in");
  EXPECT_EQ(there.fault.message, rules_loading_message(Framework::PyTorch));
}

TEST(rules_elsewhere_loading, a_layer_fails_with_the_reason_when_the_module_will_not_come) {
  set_rule_call(blocked);
  const LayerType* type = find_layer_type("Linear", Framework::PyTorch);
  Outcome there = run_rule(*type, compute_elsewhere, linear_4_to_2(), {4}, false);
  set_rule_call(nullptr);
  ASSERT_TRUE(there.faulted);
  EXPECT_FALSE(there.fault.loading);
  EXPECT_EQ(there.fault.message, "PyTorch's rules (learnable.js) did not load: learnable.js did not load");

  Outcome nothing = run_rule(*type, compute_elsewhere, linear_4_to_2(), {4}, false);  // no call installed
  ASSERT_TRUE(nothing.faulted);
  EXPECT_FALSE(nothing.fault.loading);
  EXPECT_EQ(nothing.fault.message, rules_unavailable_message(Framework::PyTorch, "nothing here runs them"));
}

}  // namespace
