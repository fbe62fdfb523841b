// PyTorch's MultiheadAttention (self-attention in a Sequential chain) and Bilinear (the same tensor
// as both inputs). Counts checked with PyTorch 1.13: MultiheadAttention(64, 8) 16640, 16768 with
// add_bias_kv, 11520 with kdim=32 and vdim=16, 16384 with bias=False; Bilinear(16, 16, 8) 2056.
#include <gtest/gtest.h>

#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

LayerResult torch(const Layer& l, Shape input) { return compute_layer(l, input, true, Framework::PyTorch); }

bool mentions(const LayerResult& r, const std::string& text) {
  for (const std::string& step : r.explanation)
    if (step.find(text) != std::string::npos) return true;
  return false;
}

Layer mha(std::initializer_list<std::pair<const char*, Value>> extra = {}) {
  Layer l = layer("MultiheadAttention", {{"embed_dim", i(64)}, {"num_heads", i(8)}});
  for (const auto& [name, value] : extra) l.set_arg(name, value);
  return l;
}

}  // namespace

TEST(torch_multihead_attention, stacked_projections) {
  LayerResult r = torch(mha(), {10, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{10, 64}));
  EXPECT_EQ(r.params, 16640);  // 3*64*64 + 192 + 64*64 + 64
  EXPECT_EQ(r.formula, "3*64*64 + 3*64 + 64*64 + 64 = 16640");
  ASSERT_EQ(r.weights.size(), 4u);
  EXPECT_EQ(r.weights[0].name, "in_proj_weight");
  EXPECT_EQ(r.weights[0].shape, (Shape{192, 64}));
  EXPECT_EQ(r.weights[1].name, "in_proj_bias");
  EXPECT_EQ(r.weights[2].name, "out_proj.weight");
  EXPECT_EQ(r.weights[3].name, "out_proj.bias");
  EXPECT_EQ(r.weights[3].shape, (Shape{64}));
}

TEST(torch_multihead_attention, explains_self_attention_and_keras) {
  LayerResult r = torch(mha(), {10, 64});
  EXPECT_TRUE(mentions(r, "In a Sequential chain MultiheadAttention is self-attention, module(x, x, x)"));
  EXPECT_TRUE(mentions(r, "PyTorch takes (10, N, 64), the batch in the middle"));
  EXPECT_TRUE(mentions(r, "Heads: num_heads=8 splits embed_dim=64 into heads of 64 / 8 = 8 values each"));
  // Keras' MultiHeadAttention(num_heads=8, key_dim=8) on 64 features: 3*(64*8*8 + 8*8) + 8*8*64 + 64 = 16640.
  EXPECT_TRUE(mentions(r, "Keras' MultiHeadAttention(num_heads=8, key_dim=8) counts the same 16640"));
  EXPECT_TRUE(mentions(r, "Learnable passes on attn_output, the first element, (L, E) = (10, 64)"));
  EXPECT_TRUE(mentions(torch(mha({{"batch_first", b(true)}}), {10, 64}), "PyTorch takes (N, 10, 64), the batch first"));
}

TEST(torch_multihead_attention, add_bias_kv_and_zero_attn) {
  LayerResult r = torch(mha({{"add_bias_kv", b(true)}, {"add_zero_attn", b(true)}}), {10, 64});
  EXPECT_EQ(r.params, 16768);
  EXPECT_EQ(r.formula, "3*64*64 + 3*64 + 64*64 + 64 + 2*64 = 16768");
  EXPECT_EQ(r.weights[2].name, "bias_k");
  EXPECT_EQ(r.weights[2].shape, (Shape{1, 1, 64}));
  EXPECT_EQ(r.weights[3].name, "bias_v");
  EXPECT_EQ(r.output_shape, (Shape{10, 64}));
  EXPECT_TRUE(mentions(r, "and has nothing like add_bias_kv"));
}

TEST(torch_multihead_attention, kdim_and_vdim_split_the_projections) {
  LayerResult r = torch(mha({{"kdim", i(32)}, {"vdim", i(16)}}), {10, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 11520);
  EXPECT_EQ(r.formula, "64*64 + 64*32 + 64*16 + 3*64 + 64*64 + 64 = 11520");
  EXPECT_EQ(r.weights[0].name, "q_proj_weight");
  EXPECT_EQ(r.weights[1].name, "k_proj_weight");
  EXPECT_EQ(r.weights[1].shape, (Shape{64, 32}));
  EXPECT_EQ(r.weights[2].shape, (Shape{64, 16}));
  EXPECT_EQ(r.weights[3].name, "in_proj_bias");
  EXPECT_EQ(r.weights[3].shape, (Shape{192}));
  EXPECT_TRUE(mentions(r, "PyTorch's module(x, x, x) would fail"));
  // kdim and vdim equal to embed_dim keep the stacked in_proj_weight.
  EXPECT_EQ(torch(mha({{"kdim", i(64)}, {"vdim", i(64)}}), {10, 64}).weights[0].name, "in_proj_weight");
}

TEST(torch_multihead_attention, bias_false_drops_both_biases) {
  LayerResult r = torch(mha({{"bias", b(false)}}), {10, 64});
  EXPECT_EQ(r.params, 16384);
  EXPECT_EQ(r.formula, "3*64*64 + 64*64 = 16384");
  EXPECT_EQ(r.weights.size(), 2u);
}

TEST(torch_multihead_attention, errors) {
  LayerResult heads = torch(layer("MultiheadAttention", {{"embed_dim", i(10)}, {"num_heads", i(3)}}), {10, 10});
  EXPECT_EQ(heads.error_argument, "num_heads");
  EXPECT_EQ(heads.error, "embed_dim must be divisible by num_heads: 10 does not split into 3 heads");
  LayerResult width = torch(mha({{"batch_first", b(true)}}), {10, 32});
  EXPECT_EQ(width.error_argument, "embed_dim");
  EXPECT_EQ(width.error, "MultiheadAttention expects embed_dim=64 but the input (N, 10, 32) has 32 features in its last dimension");
  EXPECT_EQ(torch(mha(), {64}).status, LayerStatus::Error);
  EXPECT_EQ(torch(mha({{"dropout", f(1.5)}}), {10, 64}).error_argument, "dropout");
}

TEST(torch_bilinear, weight_is_out_by_in1_by_in2) {
  LayerResult r = torch(layer("Bilinear", {{"in1_features", i(16)}, {"in2_features", i(16)}, {"out_features", i(8)}}), {16});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{8}));
  EXPECT_EQ(r.params, 2056);
  EXPECT_EQ(r.formula, "8*16*16 + 8 = 2056");
  EXPECT_EQ(r.weights[0].shape, (Shape{8, 16, 16}));
  EXPECT_TRUE(mentions(r, "in a Sequential chain both are the input (N, 16), so in1_features and in2_features must both "
                          "equal its 16 features"));
  LayerResult seq = torch(layer("Bilinear", {{"in1_features", i(8)}, {"in2_features", i(8)}, {"out_features", i(4)},
                                             {"bias", b(false)}}), {20, 8});
  EXPECT_EQ(seq.output_shape, (Shape{20, 4}));
  EXPECT_EQ(seq.formula, "4*8*8 = 256");
}

TEST(torch_bilinear, both_inputs_are_the_chain_input) {
  LayerResult first = torch(layer("Bilinear", {{"in1_features", i(16)}, {"in2_features", i(16)}, {"out_features", i(8)}}), {32});
  EXPECT_EQ(first.error_argument, "in1_features");
  EXPECT_EQ(first.error, "Bilinear expects in1_features=16 but the input (N, 32) has 32 features in its last dimension");
  LayerResult second = torch(layer("Bilinear", {{"in1_features", i(16)}, {"in2_features", i(8)}, {"out_features", i(8)}}), {16});
  EXPECT_EQ(second.error_argument, "in2_features");
  EXPECT_EQ(second.error, "Bilinear expects in2_features=8 but the input (N, 16) has 16 features in its last dimension; in a "
                          "Sequential chain the same tensor is both inputs");
}
