// Conv1D/2D/3D, transposed, depthwise and separable convolutions: shapes, counts, formulas.
#include <gtest/gtest.h>

#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

TEST(conv2d, tutorial_conv1) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(32)}, {"kernel_size", t({3, 3})}, {"padding", s("same")}}), {32, 32, 3});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 32}));
  EXPECT_EQ(r.params, 896);
  EXPECT_EQ(r.trainable, 896);
  EXPECT_EQ(r.non_trainable, 0);
  EXPECT_EQ(r.bytes, 896 * 4);
  EXPECT_EQ(r.formula, "3*288 + 32 = 896");
}

TEST(conv2d, tutorial_formulas_verbatim) {
  Calculator c = model({32, 32, 3}, {
      layer("Conv2D", {{"filters", i(32)}, {"kernel_size", t({3, 3})}, {"padding", s("same")}}),
      layer("Conv2D", {{"filters", i(64)}, {"kernel_size", t({3, 3})}, {"padding", s("same")}}),
      layer("Conv2D", {{"filters", i(128)}, {"kernel_size", t({3, 3})}, {"padding", s("same")}}),
      layer("Conv2D", {{"filters", i(256)}, {"kernel_size", t({1, 1})}, {"padding", s("same")}}),
      layer("Dense", {{"units", i(10)}}),
  });
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[0].formula, "3*288 + 32 = 896");
  EXPECT_EQ(c.results()[1].formula, "32*576 + 64 = 18496");
  EXPECT_EQ(c.results()[2].formula, "64*1152 + 128 = 73856");
  EXPECT_EQ(c.results()[3].formula, "128*256 + 256 = 33024");
  EXPECT_EQ(c.results()[4].formula, "256*10 + 10 = 2570");
  EXPECT_EQ(c.results()[4].output_shape, (Shape{32, 32, 10}));
  c.insert_layer(4, layer("Flatten"));
  EXPECT_EQ(c.results()[5].formula, "262144*10 + 10 = 2621450");
}

TEST(conv2d, without_bias_drops_the_bias_term) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(32)}, {"kernel_size", i(3)}, {"use_bias", b(false)}}), {32, 32, 3});
  EXPECT_EQ(r.formula, "3*288 = 864");
  EXPECT_EQ(r.output_shape, (Shape{30, 30, 32}));
}

TEST(conv2d, valid_padding_and_strides) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(8)}, {"kernel_size", t({3, 3})}, {"strides", i(2)}}), {32, 32, 3});
  EXPECT_EQ(r.output_shape, (Shape{15, 15, 8}));
  r = run(layer("Conv2D", {{"filters", i(8)}, {"kernel_size", t({3, 3})}, {"strides", i(2)}, {"padding", s("same")}}), {32, 31, 3});
  EXPECT_EQ(r.output_shape, (Shape{16, 16, 8}));
}

TEST(conv2d, dilation_widens_the_window) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(3)}, {"dilation_rate", i(2)}}), {10, 10, 1});
  EXPECT_EQ(r.output_shape, (Shape{6, 6, 4}));
  EXPECT_EQ(r.params, 4 * 9 + 4);
}

TEST(conv2d, groups_split_the_inputs) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(64)}, {"kernel_size", i(3)}, {"groups", i(2)}}), {8, 8, 64});
  EXPECT_EQ(r.params, 9 * 32 * 64 + 64);
  EXPECT_EQ(r.formula, "(64/2)*576 + 64 = 18496");
}

TEST(conv2d, groups_must_divide_channels_and_filters) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(64)}, {"kernel_size", i(3)}, {"groups", i(3)}}), {8, 8, 6});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error_argument, "groups");
  r = run(layer("Conv2D", {{"filters", i(6)}, {"kernel_size", i(3)}, {"groups", i(4)}}), {8, 8, 6});
  EXPECT_EQ(r.error_argument, "groups");
}

TEST(conv2d, channels_first) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(16)}, {"kernel_size", i(3)}, {"data_format", s("channels_first")}}), {3, 32, 32});
  EXPECT_EQ(r.output_shape, (Shape{16, 30, 30}));
  EXPECT_EQ(r.params, 3 * 9 * 16 + 16);
}

TEST(conv2d, errors_name_the_argument) {
  EXPECT_EQ(run(layer("Conv2D", {{"filters", i(0)}, {"kernel_size", i(3)}}), {8, 8, 3}).error_argument, "filters");
  EXPECT_EQ(run(layer("Conv2D", {{"filters", i(-4)}, {"kernel_size", i(3)}}), {8, 8, 3}).error_argument, "filters");
  EXPECT_EQ(run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(0)}}), {8, 8, 3}).error_argument, "kernel_size");
  EXPECT_EQ(run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(3)}, {"strides", t({1, 0})}}), {8, 8, 3}).error_argument, "strides");
  EXPECT_EQ(run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", t({3, 3, 3})}}), {8, 8, 3}).error_argument, "kernel_size");
  EXPECT_EQ(run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(3)}, {"padding", s("full")}}), {8, 8, 3}).error_argument, "padding");
  EXPECT_EQ(run(layer("Conv2D", {{"filters", i(4)}}), {8, 8, 3}).error_argument, "kernel_size");
}

TEST(conv2d, kernel_larger_than_input) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", t({7, 7})}}), {3, 3, 1});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error_argument, "kernel_size");
  EXPECT_NE(r.error.find("3 - 7 + 1 = -3"), std::string::npos) << r.error;
  EXPECT_TRUE(run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", t({7, 7})}, {"padding", s("same")}}), {3, 3, 1}).ok());
}

TEST(conv2d, wrong_rank_says_what_it_got_and_needs) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(3)}}), {784});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("(batch, rows, cols, channels)"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("(None, 784)"), std::string::npos) << r.error;
}

TEST(conv2d, huge_counts_are_errors_not_wrapped) {
  LayerResult r = run(layer("Conv2D", {{"filters", i(int64_t{1} << 40)}, {"kernel_size", i(3)}}), {8, 8, int64_t{1} << 30});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("too large to count exactly"), std::string::npos) << r.error;
}

TEST(conv2d, strides_and_dilation_together_fail) {
  EXPECT_EQ(run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(3)}, {"strides", i(2)}, {"dilation_rate", i(2)}}), {16, 16, 3}).error_argument, "dilation_rate");
}

TEST(conv1d, causal_keeps_length) {
  LayerResult r = run(layer("Conv1D", {{"filters", i(16)}, {"kernel_size", i(5)}, {"padding", s("causal")}}), {100, 8});
  EXPECT_EQ(r.output_shape, (Shape{100, 16}));
  EXPECT_EQ(r.params, 5 * 8 * 16 + 16);
  EXPECT_EQ(r.formula, "8*80 + 16 = 656");
}

TEST(conv1d, unknown_length_stays_unknown) {
  LayerResult r = run(layer("Conv1D", {{"filters", i(16)}, {"kernel_size", i(3)}}), {kUnknown, 8});
  EXPECT_EQ(r.output_shape, (Shape{kUnknown, 16}));
}

TEST(conv1d, causal_is_not_for_conv2d) {
  EXPECT_EQ(run(layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(3)}, {"padding", s("causal")}}), {8, 8, 3}).error_argument, "padding");
}

TEST(conv3d, counts_volume_kernels) {
  LayerResult r = run(layer("Conv3D", {{"filters", i(8)}, {"kernel_size", i(3)}}), {16, 16, 16, 1});
  EXPECT_EQ(r.output_shape, (Shape{14, 14, 14, 8}));
  EXPECT_EQ(r.params, 27 * 8 + 8);
}

TEST(conv2d_transpose, doubles_with_stride_two) {
  LayerResult r = run(layer("Conv2DTranspose", {{"filters", i(32)}, {"kernel_size", i(3)}, {"strides", i(2)}, {"padding", s("same")}}), {16, 16, 64});
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 32}));
  EXPECT_EQ(r.params, 9 * 64 * 32 + 32);
  r = run(layer("Conv2DTranspose", {{"filters", i(32)}, {"kernel_size", i(3)}, {"strides", i(2)}}), {16, 16, 64});
  EXPECT_EQ(r.output_shape, (Shape{33, 33, 32}));
}

TEST(conv2d_transpose, output_padding) {
  LayerResult r = run(layer("Conv2DTranspose", {{"filters", i(4)}, {"kernel_size", i(3)}, {"strides", i(2)}, {"output_padding", i(1)}}), {5, 5, 2});
  EXPECT_EQ(r.output_shape, (Shape{12, 12, 4}));
  r = run(layer("Conv2DTranspose", {{"filters", i(4)}, {"kernel_size", i(3)}, {"strides", i(2)}, {"output_padding", i(2)}}), {5, 5, 2});
  EXPECT_EQ(r.error_argument, "output_padding");
}

TEST(conv3d_transpose, counts) {
  LayerResult r = run(layer("Conv3DTranspose", {{"filters", i(2)}, {"kernel_size", i(2)}, {"strides", i(2)}}), {4, 4, 4, 3});
  EXPECT_EQ(r.output_shape, (Shape{8, 8, 8, 2}));
  EXPECT_EQ(r.params, 8 * 3 * 2 + 2);
}

TEST(depthwise_conv2d, one_filter_per_channel) {
  LayerResult r = run(layer("DepthwiseConv2D", {{"kernel_size", i(3)}, {"padding", s("same")}}), {32, 32, 32});
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 32}));
  EXPECT_EQ(r.formula, "32*9 + 32 = 320");
  r = run(layer("DepthwiseConv2D", {{"kernel_size", i(3)}, {"depth_multiplier", i(2)}}), {8, 8, 3});
  EXPECT_EQ(r.output_shape, (Shape{6, 6, 6}));
  EXPECT_EQ(r.formula, "3*18 + 6 = 60");
}

TEST(separable_conv2d, depthwise_plus_pointwise) {
  LayerResult r = run(layer("SeparableConv2D", {{"filters", i(32)}, {"kernel_size", i(3)}}), {32, 32, 3});
  EXPECT_EQ(r.output_shape, (Shape{30, 30, 32}));
  EXPECT_EQ(r.formula, "3*9 + 3*32 + 32 = 155");
  EXPECT_EQ(r.weights.size(), 3u);
}

TEST(separable_conv1d, counts) {
  LayerResult r = run(layer("SeparableConv1D", {{"filters", i(16)}, {"kernel_size", i(5)}, {"depth_multiplier", i(2)}, {"use_bias", b(false)}}), {50, 8});
  EXPECT_EQ(r.output_shape, (Shape{46, 16}));
  EXPECT_EQ(r.params, 5 * 8 * 2 + 16 * 16);
}
