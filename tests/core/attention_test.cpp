// Keras' MultiHeadAttention as self-attention in a Sequential model. Every count here was checked
// with @tensorflow/tfjs-layers 4.22's MultiHeadAttention (dist/layers/nlp/multihead_attention.js,
// which tfjs does not export: built directly, summing its four EinsumDense sublayers).
#include <gtest/gtest.h>

#include "core/keras_code.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

bool mentions(const LayerResult& r, const std::string& text) {
  for (const std::string& step : r.explanation)
    if (step.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(multi_head_attention, per_head_projections) {
  // query, key, value: 64*2*16 + 2*16 = 2080 each; output: 2*16*64 + 64 = 2112; 3*2080 + 2112 = 8352.
  LayerResult r = run(layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(16)}}), {10, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{10, 64}));
  EXPECT_EQ(r.params, 8352);
  EXPECT_EQ(r.formula, "3*(64*2*16 + 2*16) + 2*16*64 + 64 = 8352");
  ASSERT_EQ(r.weights.size(), 8u);
  EXPECT_EQ(r.weights[0].name, "query/kernel");
  EXPECT_EQ(r.weights[0].shape, (Shape{64, 2, 16}));
  EXPECT_EQ(r.weights[1].name, "query/bias");
  EXPECT_EQ(r.weights[1].shape, (Shape{2, 16}));
  EXPECT_EQ(r.weights[6].name, "attention_output/kernel");
  EXPECT_EQ(r.weights[6].shape, (Shape{2, 16, 64}));
  EXPECT_EQ(r.weights[7].shape, (Shape{64}));
}

TEST(multi_head_attention, explains_self_attention) {
  LayerResult r = run(layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(16)}}), {10, 64});
  EXPECT_TRUE(mentions(r, "In a Sequential model MultiHeadAttention is self-attention: query, value and key are all the input"));
  EXPECT_TRUE(mentions(r, "kernels of 64 × 2 × 16 = 2048 and biases of 2 × 16 = 32, 2080 each: 3 × 2080 = 6240."));
  EXPECT_TRUE(mentions(r, "Total: 6240 + 2112 = 8352."));
  EXPECT_TRUE(mentions(r, "PyTorch's nn.MultiheadAttention(64, 2) fixes each head at 64 / 2 = 32 and counts 16640"));
  EXPECT_TRUE(mentions(run(layer("MultiHeadAttention", {{"num_heads", i(8)}, {"key_dim", i(8)}}), {10, 64}),
                       "PyTorch's nn.MultiheadAttention(64, 8) counts the same 16640"));
}

TEST(multi_head_attention, value_dim_output_shape_and_bias) {
  LayerResult value = run(layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(16)}, {"value_dim", i(8)}}), {10, 64});
  EXPECT_EQ(value.params, 6288);
  EXPECT_EQ(value.formula, "2*(64*2*16 + 2*16) + (64*2*8 + 2*8) + 2*8*64 + 64 = 6288");
  LayerResult plain = run(layer("MultiHeadAttention", {{"num_heads", i(4)}, {"key_dim", i(8)}, {"use_bias", b(false)}}), {5, 32});
  EXPECT_EQ(plain.params, 4096);
  EXPECT_EQ(plain.formula, "3*32*4*8 + 4*8*32 = 4096");
  EXPECT_EQ(plain.weights.size(), 4u);
  LayerResult narrow = run(layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(16)}, {"output_shape", i(32)}}), {10, 64});
  EXPECT_EQ(narrow.params, 7296);
  EXPECT_EQ(narrow.output_shape, (Shape{10, 32}));
  LayerResult shaped = run(layer("MultiHeadAttention", {{"num_heads", i(3)}, {"key_dim", i(5)}, {"value_dim", i(7)},
                                                        {"output_shape", t({4, 6})}}), {6, 12});
  EXPECT_EQ(shaped.params, 1191);
  EXPECT_EQ(shaped.output_shape, (Shape{6, 4, 6}));
  EXPECT_EQ(shaped.weights[6].shape, (Shape{3, 7, 4, 6}));
}

TEST(multi_head_attention, errors) {
  LayerResult flat = run(layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(16)}}), {64});
  EXPECT_EQ(flat.status, LayerStatus::Error);
  EXPECT_EQ(run(layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(16)}}), {10, kUnknown}).status,
            LayerStatus::Error);
  EXPECT_EQ(run(layer("MultiHeadAttention", {{"num_heads", i(0)}, {"key_dim", i(16)}}), {10, 64}).error_argument, "num_heads");
  LayerResult axes = run(layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(16)}, {"attention_axes", t({2})}}),
                         {10, 64});
  EXPECT_EQ(axes.error_argument, "attention_axes");
  EXPECT_TRUE(run(layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(16)}, {"attention_axes", t({1, 2})}}),
                  {5, 3, 16}).ok());
}

TEST(multi_head_attention, imported_with_positional_arguments) {
  ImportResult imported = import_keras_code(
      "model = keras.Sequential([keras.Input(shape=(10, 64)), layers.MultiHeadAttention(2, 16), layers.Dense(1)])");
  ASSERT_TRUE(imported.errors.empty()) << imported.errors[0].message;
  Calculator calc(imported.model);
  ASSERT_TRUE(calc.all_resolved());
  EXPECT_EQ(calc.results()[0].params, 8352);
  EXPECT_EQ(calc.totals().params, 8352 + 65);
}
