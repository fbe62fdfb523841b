// PyTorch's activation modules: nothing learned except PReLU's 1 or num_channels slopes; Softmax
// and friends along PyTorch's dim (batch = 0); GLU halving its dim. Messages follow PyTorch's
// checks (PReLU's channel count, GLU's even size, Hardtanh's max_val > min_val, CELU's alpha != 0).
#include <gtest/gtest.h>

#include "core/layer_type.h"
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

}  // namespace

TEST(torch_activation, element_wise_modules_keep_the_shape_and_learn_nothing) {
  for (const char* type : {"ReLU", "ReLU6", "LeakyReLU", "RReLU", "ELU", "CELU", "SELU", "GELU", "SiLU", "Mish", "Hardswish",
                           "Hardsigmoid", "Hardtanh", "Sigmoid", "Tanh", "Softsign", "Tanhshrink", "LogSigmoid", "Softplus",
                           "Softshrink", "Hardshrink"}) {
    LayerResult r = torch(layer(type), {64, 7, 7});
    ASSERT_TRUE(r.ok()) << type << ": " << r.error;
    EXPECT_EQ(r.output_shape, (Shape{64, 7, 7})) << type;
    EXPECT_EQ(r.params, 0) << type;
    EXPECT_TRUE(r.weights.empty()) << type;
  }
}

TEST(torch_activation, formulas_say_what_is_applied) {
  EXPECT_EQ(torch(layer("ReLU"), {64, 7, 7}).formula, "ReLU applies max(x, 0) to each of the 64×7×7 values: no learnable parameters");
  EXPECT_EQ(torch(layer("LeakyReLU"), {128}).formula,
            "LeakyReLU applies x for x >= 0, else 0.01*x, to each of the 128 values: no learnable parameters");
  EXPECT_EQ(torch(layer("Hardtanh", {{"min_val", f(-2.0)}, {"max_val", f(2.0)}}), {128}).formula,
            "Hardtanh applies min(max(x, -2.0), 2.0) to each of the 128 values: no learnable parameters");
  EXPECT_EQ(torch(layer("Threshold", {{"threshold", f(0.1)}, {"value", i(20)}}), {128}).formula,
            "Threshold applies x for x > 0.1, else 20, to each of the 128 values: no learnable parameters");
  EXPECT_TRUE(mentions(torch(layer("LeakyReLU", {{"negative_slope", f(0.2)}}), {8}),
                       "Weights: none; negative_slope=0.2 is a fixed setting, not learned (PReLU is the variant that learns the slope)."));
  EXPECT_TRUE(mentions(torch(layer("Sigmoid"), {}), "Output: the shape stays (N)."));
}

TEST(torch_activation, settings_are_checked_like_pytorch) {
  EXPECT_EQ(torch(layer("Hardtanh", {{"min_val", f(1.0)}, {"max_val", f(-1.0)}}), {8}).error,
            "max_val must be greater than min_val, got min_val=1.0 and max_val=-1.0");
  EXPECT_EQ(torch(layer("CELU", {{"alpha", f(0.0)}}), {8}).error, "alpha cannot be 0 for CELU: it divides x by alpha");
  EXPECT_EQ(torch(layer("Softshrink", {{"lambd", f(-0.5)}}), {8}).error_argument, "lambd");
  EXPECT_EQ(torch(layer("GELU", {{"approximate", s("Tanh")}}), {8}).error, "approximate must be 'none' or 'tanh', got 'Tanh'");
  EXPECT_TRUE(torch(layer("GELU", {{"approximate", s("tanh")}}), {8}).ok());
  EXPECT_EQ(torch(layer("Threshold", {{"threshold", f(0.1)}}), {8}).error_argument, "value");
  EXPECT_EQ(torch(layer("RReLU", {{"lower", f(0.5)}, {"upper", f(0.1)}}), {8}).error_argument, "upper");
  // Hardtanh's deprecated min_value/max_value spellings still work.
  EXPECT_TRUE(torch(layer("Hardtanh", {{"min_value", f(0.0)}, {"max_value", f(6.0)}}), {8}).ok());
}

TEST(torch_softmax, along_pytorchs_dim) {
  LayerResult r = torch(layer("Softmax", {{"dim", i(-1)}}), {8, 100});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{8, 100}));
  EXPECT_EQ(r.formula, "Softmax turns the values along dim=-1 (size 100) of (N, 8, 100) into probabilities that sum to 1: "
                       "no learnable parameters");
  EXPECT_EQ(torch(layer("LogSoftmax", {{"dim", i(1)}}), {10}).formula,
            "LogSoftmax takes the log of softmax over the values along dim=1 (size 10) of (N, 10): no learnable parameters");
  LayerResult out = torch(layer("Softmax", {{"dim", i(2)}}), {10});
  EXPECT_EQ(out.error_argument, "dim");
  EXPECT_EQ(out.error, "dim=2 is out of range for the input (N, 10) of 2 dimensions (batch included): use -2 to 1");
  EXPECT_TRUE(mentions(torch(layer("Softmin", {{"dim", i(0)}}), {10}), "normalized across the examples of the batch"));
}

TEST(torch_softmax, implicit_dim_follows_pytorchs_old_rule) {
  // dim=None: dimension 0 for 1D and 3D input, 1 otherwise (batch included), with a deprecation warning.
  EXPECT_TRUE(mentions(torch(layer("Softmax"), {10}), "dim=None makes PyTorch pick dim=1 for a 2D input itself"));
  EXPECT_TRUE(mentions(torch(layer("Softmax"), {10, 64}), "pick dim=0 for a 3D input itself, with a deprecation warning, and "
                                                          "that is the batch"));
  EXPECT_EQ(torch(layer("Softmax2d"), {16, 8, 8}).params, 0);
  EXPECT_EQ(torch(layer("Softmax2d"), {16, 8}).status, LayerStatus::Error);
}

TEST(torch_glu, halves_its_dim) {
  EXPECT_EQ(torch(layer("GLU"), {64, 16}).output_shape, (Shape{64, 8}));
  EXPECT_EQ(torch(layer("GLU", {{"dim", i(1)}}), {64, 16}).output_shape, (Shape{32, 16}));
  LayerResult odd = torch(layer("GLU"), {7});
  EXPECT_EQ(odd.error_argument, "dim");
  EXPECT_EQ(odd.error, "GLU halves dimension 1 of (N, 7), which must be even, but it has 7");
  EXPECT_EQ(torch(layer("GLU", {{"dim", i(0)}}), {8}).error_argument, "dim");
}

TEST(torch_prelu, one_slope_or_one_per_channel) {
  LayerResult one = torch(layer("PReLU"), {16, 10, 10});
  ASSERT_TRUE(one.ok()) << one.error;
  EXPECT_EQ(one.params, 1);
  EXPECT_EQ(one.formula, "1 = 1");
  EXPECT_EQ(one.weights[0].name, "weight");
  EXPECT_EQ(one.weights[0].shape, (Shape{1}));
  LayerResult per_channel = torch(layer("PReLU", {{"num_parameters", i(16)}}), {16, 10, 10});
  EXPECT_EQ(per_channel.params, 16);
  EXPECT_EQ(per_channel.weights[0].shape, (Shape{16}));
  // After a Linear, (N, 10): dimension 1 holds the 10 features.
  EXPECT_EQ(torch(layer("PReLU", {{"num_parameters", i(10)}}), {10}).params, 10);
}

TEST(torch_prelu, explains_what_keras_counts) {
  // Keras' PReLU() learns 16*10*10 = 1600 alphas on the same input; shared_axes=[1, 2] gives one per channel.
  LayerResult r = torch(layer("PReLU", {{"num_parameters", i(16)}}), {16, 10, 10});
  EXPECT_TRUE(mentions(r, "Keras' PReLU learns one alpha per input value by default (shared_axes=None), 1600 here; "
                          "PReLU(shared_axes=[1, 2]) on the channels-last 10×10×16 learns one per channel like this, 16."));
  EXPECT_TRUE(mentions(torch(layer("PReLU"), {16, 10, 10}), "it needs shared_axes=[1, 2, 3], every axis, to learn a single one"));
}

TEST(torch_prelu, num_parameters_must_be_one_or_the_channels) {
  LayerResult r = torch(layer("PReLU", {{"num_parameters", i(16)}}), {8, 6, 6});
  EXPECT_EQ(r.error_argument, "num_parameters");
  EXPECT_EQ(r.error, "PReLU expects num_parameters=16 to be 1 or the input's channel count, but the input (N, 8, 6, 6) has 8 "
                     "channels in dimension 1");
}

TEST(torch_activation, registered_apart_from_keras) {
  EXPECT_NE(find_layer_type("Hardswish", Framework::PyTorch), nullptr);
  EXPECT_EQ(find_layer_type("Hardswish"), nullptr);
  EXPECT_EQ(find_layer_type("PReLU", Framework::PyTorch)->args[0].name, "num_parameters");
  EXPECT_EQ(find_layer_type("PReLU")->args[0].name, "alpha_initializer");
}
