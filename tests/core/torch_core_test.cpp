// PyTorch's Linear, Identity, Flatten, Unflatten and Dropout family: PyTorch's argument names,
// channels-first shapes with the batch left out, and the PyTorch registry kept apart from Keras'.
#include <gtest/gtest.h>

#include "core/layer_type.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

LayerResult torch(const Layer& l, Shape input) { return compute_layer(l, input, true, Framework::PyTorch); }

}  // namespace

TEST(torch_registry, modules_are_apart_from_keras_layers) {
  ASSERT_NE(find_layer_type("Linear", Framework::PyTorch), nullptr);
  EXPECT_EQ(find_layer_type("Linear"), nullptr);
  EXPECT_EQ(find_layer_type("Dense", Framework::PyTorch), nullptr);
  EXPECT_EQ(find_layer_type("Linear", Framework::PyTorch)->framework, Framework::PyTorch);
  EXPECT_EQ(find_layer_type("Dense")->framework, Framework::Keras);
  for (const LayerType& t : layer_types(Framework::PyTorch)) EXPECT_EQ(t.framework, Framework::PyTorch) << t.name;
}

TEST(torch_registry, a_keras_layer_in_a_pytorch_model_says_so) {
  LayerResult r = torch(layer("Dense", {{"units", i(10)}}), {64});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "unknown module 'Dense'; it is a Keras layer and this model follows PyTorch's conventions");
}

TEST(torch_linear, weight_and_bias) {
  LayerResult r = torch(layer("Linear", {{"in_features", i(784)}, {"out_features", i(10)}}), {784});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{10}));
  EXPECT_EQ(r.params, 7850);
  EXPECT_EQ(r.trainable, 7850);
  EXPECT_EQ(r.buffers, 0);
  EXPECT_EQ(r.formula, "784*10 + 10 = 7850");
  ASSERT_EQ(r.weights.size(), 2u);
  EXPECT_EQ(r.weights[0].name, "weight");
  EXPECT_EQ(r.weights[0].shape, (Shape{10, 784}));
  EXPECT_EQ(r.weights[1].name, "bias");
}

TEST(torch_linear, acts_on_the_last_dimension_without_bias) {
  LayerResult r = torch(layer("Linear", {{"in_features", i(32)}, {"out_features", i(8)}, {"bias", b(false)}}), {5, 32});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{5, 8}));
  EXPECT_EQ(r.formula, "32*8 = 256");
}

TEST(torch_linear, in_features_must_match_the_input) {
  LayerResult r = torch(layer("Linear", {{"in_features", i(64)}, {"out_features", i(10)}}), {32});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error_argument, "in_features");
  EXPECT_EQ(r.error, "Linear expects in_features=64 but the input (N, 32) has 32 features in its last dimension");
}

TEST(torch_flatten, keeps_the_batch_and_merges_the_rest) {
  LayerResult r = torch(layer("Flatten"), {64, 7, 7});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{3136}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "Flatten only reshapes 64×7×7 into 3136: no learnable parameters");
}

TEST(torch_flatten, start_and_end_dims) {
  EXPECT_EQ(torch(layer("Flatten", {{"start_dim", i(2)}}), {3, 4, 5}).output_shape, (Shape{3, 20}));
  EXPECT_EQ(torch(layer("Flatten", {{"start_dim", i(1)}, {"end_dim", i(2)}}), {3, 4, 5}).output_shape, (Shape{12, 5}));
  EXPECT_EQ(torch(layer("Flatten", {{"start_dim", i(-2)}}), {3, 4, 5}).output_shape, (Shape{3, 20}));
  LayerResult batch = torch(layer("Flatten", {{"start_dim", i(0)}}), {3, 4});
  EXPECT_EQ(batch.error_argument, "start_dim");
  LayerResult order = torch(layer("Flatten", {{"start_dim", i(3)}, {"end_dim", i(1)}}), {3, 4, 5});
  EXPECT_EQ(order.error_argument, "end_dim");
}

TEST(torch_unflatten, splits_one_dimension) {
  EXPECT_EQ(torch(layer("Unflatten", {{"dim", i(1)}, {"unflattened_size", t({16, 7, 7})}}), {784}).output_shape,
            (Shape{16, 7, 7}));
  EXPECT_EQ(torch(layer("Unflatten", {{"dim", i(1)}, {"unflattened_size", t({2, -1})}}), {10}).output_shape,
            (Shape{2, 5}));
  LayerResult wrong = torch(layer("Unflatten", {{"dim", i(1)}, {"unflattened_size", t({3, 3})}}), {10});
  EXPECT_EQ(wrong.error_argument, "unflattened_size");
}

TEST(torch_dropout, counts_nothing_and_checks_p) {
  LayerResult r = torch(layer("Dropout", {{"p", f(0.3)}}), {128});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "Dropout zeroes 30% of the 128 values at random while training: no learnable parameters");
  EXPECT_EQ(torch(layer("Dropout", {{"p", f(1.5)}}), {128}).error_argument, "p");
  EXPECT_EQ(torch(layer("Dropout2d"), {16, 8, 8}).formula,
            "Dropout2d zeroes whole channels (50% of the 16) at random while training: no learnable parameters");
  EXPECT_EQ(torch(layer("Dropout2d"), {16}).status, LayerStatus::Error);
}

TEST(torch_model, a_pytorch_model_counts_with_its_own_modules) {
  Model m;
  m.framework = Framework::PyTorch;
  m.input_shape = Shape{64, 7, 7};
  m.layers = {layer("Flatten"), layer("Linear", {{"in_features", i(3136)}, {"out_features", i(10)}})};
  Calculator calc(std::move(m));
  ASSERT_TRUE(calc.all_resolved());
  EXPECT_EQ(calc.totals().params, 31370);
  EXPECT_EQ(calc.results()[1].output_shape, (Shape{10}));
}
