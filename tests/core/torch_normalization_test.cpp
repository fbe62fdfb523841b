// PyTorch's BatchNorm, InstanceNorm, LayerNorm, GroupNorm and LocalResponseNorm: parameters apart
// from buffers, channels-first checks with PyTorch's rules. Expected counts are PyTorch 1.13's (the
// same as tests/reference/torch_cases.json): BatchNorm2d(64) 128 parameters and 129 buffers, ...
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

}  // namespace

TEST(torch_batch_norm, parameters_and_buffers_apart) {
  LayerResult r = torch(layer("BatchNorm2d", {{"num_features", i(64)}}), {64, 16, 16});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{64, 16, 16}));
  EXPECT_EQ(r.params, 128);  // weight and bias, 64 each
  EXPECT_EQ(r.trainable, 128);
  EXPECT_EQ(r.non_trainable, 0);
  EXPECT_EQ(r.buffers, 129);  // running_mean, running_var (64 each) and num_batches_tracked (1)
  EXPECT_EQ(r.formula, "2*64 = 128");
  ASSERT_EQ(r.weights.size(), 5u);
  EXPECT_EQ(r.weights[0].name, "weight");
  EXPECT_EQ(r.weights[1].name, "bias");
  EXPECT_EQ(r.weights[2].name, "running_mean");
  EXPECT_TRUE(r.weights[2].buffer);
  EXPECT_EQ(r.weights[3].name, "running_var");
  EXPECT_EQ(r.weights[4].name, "num_batches_tracked");
  EXPECT_EQ(r.weights[4].shape, Shape{});
  EXPECT_EQ(r.weights[4].count, 1);
  EXPECT_FALSE(r.weights[0].buffer);
}

TEST(torch_batch_norm, explains_what_keras_counts) {
  LayerResult r = torch(layer("BatchNorm2d", {{"num_features", i(64)}}), {64, 16, 16});
  EXPECT_TRUE(mentions(r, "num_batches_tracked, a single count: 2*64 + 1 = 129."));
  EXPECT_TRUE(mentions(r, "Keras counts the moving mean and variance as 128 non-trainable parameters; PyTorch keeps them "
                          "(and num_batches_tracked) as buffers, which model.parameters() does not list"));
  EXPECT_TRUE(mentions(r, "over the batch and the 16×16 positions"));
}

TEST(torch_batch_norm, affine_and_tracking_switch_off) {
  LayerResult no_stats = torch(layer("BatchNorm1d", {{"num_features", i(64)}, {"track_running_stats", b(false)}}), {64});
  EXPECT_EQ(no_stats.params, 128);
  EXPECT_EQ(no_stats.buffers, 0);
  EXPECT_TRUE(mentions(no_stats, "Buffers: none, since track_running_stats=False"));
  LayerResult no_affine = torch(layer("BatchNorm2d", {{"num_features", i(8)}, {"affine", b(false)}}), {8, 8, 8});
  EXPECT_EQ(no_affine.params, 0);
  EXPECT_EQ(no_affine.buffers, 17);
  EXPECT_EQ(no_affine.formula,
            "BatchNorm2d with affine=False learns no scale or shift: no learnable parameters; its buffers hold 2*8 + 1 = 17 values");
  LayerResult neither = torch(layer("BatchNorm3d", {{"num_features", i(6)}, {"affine", b(false)}, {"track_running_stats", b(false)}}),
                              {6, 3, 3, 3});
  EXPECT_EQ(neither.params, 0);
  EXPECT_EQ(neither.buffers, 0);
  EXPECT_TRUE(neither.weights.empty());
}

TEST(torch_batch_norm, batchnorm1d_takes_features_or_sequences) {
  EXPECT_EQ(torch(layer("BatchNorm1d", {{"num_features", i(32)}}), {32}).params, 64);
  EXPECT_EQ(torch(layer("BatchNorm1d", {{"num_features", i(16)}}), {16, 40}).output_shape, (Shape{16, 40}));
  LayerResult image = torch(layer("BatchNorm1d", {{"num_features", i(8)}}), {8, 14, 14});
  EXPECT_EQ(image.status, LayerStatus::Error);
  EXPECT_EQ(image.error_argument, "");
  EXPECT_EQ(image.error, "BatchNorm1d expects 2D or 3D input, (N, C) or (N, C, L), but got 4D input (N, 8, 14, 14)");
  EXPECT_EQ(torch(layer("BatchNorm2d", {{"num_features", i(8)}}), {8, 14}).error,
            "BatchNorm2d expects 4D input (N, C, H, W), but got 3D input (N, 8, 14)");
  EXPECT_EQ(torch(layer("BatchNorm3d", {{"num_features", i(8)}}), {8, 4, 4}).status, LayerStatus::Error);
}

TEST(torch_batch_norm, num_features_must_match_the_channels) {
  LayerResult r = torch(layer("BatchNorm2d", {{"num_features", i(64)}}), {32, 26, 26});
  EXPECT_EQ(r.error_argument, "num_features");
  EXPECT_EQ(r.error, "BatchNorm2d expects num_features=64 but the input (N, 32, 26, 26) has 32 channels");
  EXPECT_EQ(torch(layer("BatchNorm1d", {{"num_features", i(20)}}), {50}).error,
            "BatchNorm1d expects num_features=20 but the input (N, 50) has 50 channels");
  // With neither weights nor running statistics PyTorch has nothing per channel and runs anyway.
  LayerResult loose = torch(layer("BatchNorm2d", {{"num_features", i(64)}, {"affine", b(false)}, {"track_running_stats", b(false)}}),
                            {32, 8, 8});
  ASSERT_TRUE(loose.ok()) << loose.error;
  EXPECT_TRUE(mentions(loose, "num_features=64 is not used"));
}

TEST(torch_batch_norm, arguments_are_checked) {
  EXPECT_EQ(torch(layer("BatchNorm2d", {{"num_features", i(0)}}), {8, 4, 4}).error_argument, "num_features");
  EXPECT_EQ(torch(layer("BatchNorm2d", {{"num_features", i(8)}, {"eps", s("small")}}), {8, 4, 4}).error_argument, "eps");
  EXPECT_TRUE(torch(layer("BatchNorm2d", {{"num_features", i(8)}, {"momentum", none()}}), {8, 4, 4}).ok());
  EXPECT_EQ(torch(layer("BatchNorm2d", {{"num_features", i(8)}, {"affine", s("yes")}}), {8, 4, 4}).error_argument, "affine");
}

TEST(torch_instance_norm, counts_nothing_by_default) {
  LayerResult r = torch(layer("InstanceNorm2d", {{"num_features", i(8)}}), {8, 16, 16});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.buffers, 0);
  EXPECT_EQ(r.formula, "InstanceNorm2d normalizes each channel of each example on its own: no learnable parameters");
  LayerResult both = torch(layer("InstanceNorm2d", {{"num_features", i(8)}, {"affine", b(true)}, {"track_running_stats", b(true)}}),
                           {8, 16, 16});
  EXPECT_EQ(both.params, 16);
  EXPECT_EQ(both.buffers, 17);
  EXPECT_EQ(both.formula, "2*8 = 16");
  EXPECT_EQ(torch(layer("InstanceNorm1d", {{"num_features", i(16)}, {"track_running_stats", b(true)}}), {16, 20}).buffers, 33);
  EXPECT_EQ(torch(layer("InstanceNorm3d", {{"num_features", i(3)}, {"affine", b(true)}}), {3, 4, 10, 16}).params, 6);
}

TEST(torch_instance_norm, a_missing_length_is_read_as_unbatched) {
  // nn.Linear(20, 64) then nn.InstanceNorm1d(64, affine=True): PyTorch takes (N, 64) for one (C, L) sample.
  LayerResult r = torch(layer("InstanceNorm1d", {{"num_features", i(64)}, {"affine", b(true)}}), {64});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error, "InstanceNorm1d expects 3D input (N, C, L), but got 2D input (N, 64); PyTorch would take it for one "
                     "unbatched sample, the batch becoming the channels");
  EXPECT_EQ(torch(layer("InstanceNorm2d", {{"num_features", i(8)}}), {8, 8, 8, 8}).error,
            "InstanceNorm2d expects 4D input (N, C, H, W), but got 5D input (N, 8, 8, 8, 8)");
}

TEST(torch_instance_norm, needs_more_than_one_position) {
  LayerResult r = torch(layer("InstanceNorm2d", {{"num_features", i(8)}}), {8, 1, 1});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error, "InstanceNorm2d needs more than one value per channel while training (its statistics come from each "
                     "example's own positions), but the input (N, 8, 1, 1) has one");
  EXPECT_EQ(torch(layer("InstanceNorm2d", {{"num_features", i(8)}, {"affine", b(true)}}), {4, 8, 8}).error_argument,
            "num_features");
}

TEST(torch_layer_norm, weight_and_bias_shaped_like_normalized_shape) {
  LayerResult r = torch(layer("LayerNorm", {{"normalized_shape", i(64)}}), {10, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 128);
  EXPECT_EQ(r.buffers, 0);
  EXPECT_EQ(r.formula, "2*64 = 128");
  LayerResult two = torch(layer("LayerNorm", {{"normalized_shape", t({8, 16})}}), {8, 16});
  EXPECT_EQ(two.params, 256);
  EXPECT_EQ(two.formula, "2*8*16 = 256");
  EXPECT_EQ(two.weights[0].shape, (Shape{8, 16}));
  EXPECT_EQ(two.weights[1].name, "bias");
}

TEST(torch_layer_norm, affine_and_bias_switch_off) {
  LayerResult no_bias = torch(layer("LayerNorm", {{"normalized_shape", i(64)}, {"bias", b(false)}}), {64});
  EXPECT_EQ(no_bias.params, 64);
  EXPECT_EQ(no_bias.formula, "64 = 64");
  LayerResult plain = torch(layer("LayerNorm", {{"normalized_shape", i(64)}, {"elementwise_affine", b(false)}}), {64});
  EXPECT_EQ(plain.params, 0);
  EXPECT_EQ(plain.formula, "LayerNorm with elementwise_affine=False only normalizes each example over its last 64 values: "
                           "no learnable parameters");
}

TEST(torch_layer_norm, normalized_shape_must_end_the_input) {
  LayerResult r = torch(layer("LayerNorm", {{"normalized_shape", i(32)}}), {10, 64});
  EXPECT_EQ(r.error_argument, "normalized_shape");
  EXPECT_EQ(r.error, "LayerNorm expects the input to end in normalized_shape=(32,) but the input (N, 10, 64) ends in (64,)");
  EXPECT_EQ(torch(layer("LayerNorm", {{"normalized_shape", t({6, 4})}}), {8, 4, 6}).error,
            "LayerNorm expects the input to end in normalized_shape=(6, 4) but the input (N, 8, 4, 6) ends in (4, 6)");
  EXPECT_EQ(torch(layer("LayerNorm", {{"normalized_shape", t({4, 64})}}), {64}).error,
            "normalized_shape=(4, 64) has 2 dimensions but the input (N, 64) has only 1 after the batch");
  EXPECT_EQ(torch(layer("LayerNorm", {{"normalized_shape", t({})}}), {64}).error_argument, "normalized_shape");
}

TEST(torch_group_norm, a_scale_and_shift_per_channel) {
  LayerResult r = torch(layer("GroupNorm", {{"num_groups", i(4)}, {"num_channels", i(32)}}), {32, 16, 16});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 64);
  EXPECT_EQ(r.formula, "2*32 = 64");
  EXPECT_TRUE(mentions(r, "splits the 32 channels into groups of 8"));
  EXPECT_EQ(torch(layer("GroupNorm", {{"num_groups", i(4)}, {"num_channels", i(128)}}), {128}).params, 256);
  EXPECT_EQ(torch(layer("GroupNorm", {{"num_groups", i(4)}, {"num_channels", i(32)}, {"affine", b(false)}}), {32, 4, 4}).params, 0);
}

TEST(torch_group_norm, groups_must_divide_the_channels) {
  LayerResult r = torch(layer("GroupNorm", {{"num_groups", i(3)}, {"num_channels", i(16)}}), {16, 6, 6});
  EXPECT_EQ(r.error_argument, "num_groups");
  EXPECT_EQ(r.error, "num_channels must be divisible by num_groups: 16 channels do not split into 3 groups");
  LayerResult wrong = torch(layer("GroupNorm", {{"num_groups", i(4)}, {"num_channels", i(32)}}), {16, 6, 6});
  EXPECT_EQ(wrong.error_argument, "num_channels");
  EXPECT_EQ(wrong.error, "GroupNorm expects num_channels=32 but the input (N, 16, 6, 6) has 16 channels");
  // Without weights PyTorch only needs the groups to divide the channels it gets.
  EXPECT_TRUE(torch(layer("GroupNorm", {{"num_groups", i(4)}, {"num_channels", i(32)}, {"affine", b(false)}}), {16, 6, 6}).ok());
  EXPECT_EQ(torch(layer("GroupNorm", {{"num_groups", i(4)}, {"num_channels", i(32)}, {"affine", b(false)}}), {18, 6, 6})
                .error_argument,
            "num_groups");
}

TEST(torch_local_response_norm, counts_nothing) {
  LayerResult r = torch(layer("LocalResponseNorm", {{"size", i(5)}}), {96, 27, 27});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.output_shape, (Shape{96, 27, 27}));
  EXPECT_EQ(torch(layer("LocalResponseNorm", {{"size", i(2)}}), {5}).error,
            "LocalResponseNorm expects 3D or higher input, (N, C, *), but got 2D input (N, 5)");
}
