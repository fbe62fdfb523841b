// PyTorch's MaxPool, AvgPool and adaptive pools: no parameters, PyTorch's output rule
// floor((L + 2p - d(k-1) - 1)/s) + 1 with ceil_mode's dropped last window, adaptive output sizes
// with None, and the errors PyTorch raises. Every shape here was also checked with torch 1.13.
#include <gtest/gtest.h>

#include "core/layer_type.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

LayerResult torch(const Layer& l, Shape input) { return compute_layer(l, input, true, Framework::PyTorch); }

}  // namespace

TEST(torch_pooling_registry, modules_and_group) {
  for (const char* name : {"MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
                           "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d",
                           "AdaptiveMaxPool2d", "AdaptiveMaxPool3d"}) {
    ASSERT_NE(find_layer_type(name, Framework::PyTorch), nullptr) << name;
    EXPECT_EQ(find_layer_type(name, Framework::PyTorch)->group, "Pooling");
  }
  const LayerType* max = find_layer_type("MaxPool2d", Framework::PyTorch);
  EXPECT_EQ(max->args[1].name, "stride");
  EXPECT_EQ(max->args[4].name, "return_indices");  // before ceil_mode, as in PyTorch
  EXPECT_EQ(find_layer_type("AvgPool1d", Framework::PyTorch)->find_arg("divisor_override"), nullptr);
  EXPECT_NE(find_layer_type("AvgPool2d", Framework::PyTorch)->find_arg("divisor_override"), nullptr);
}

TEST(torch_max_pool2d, halves_each_side_and_counts_nothing) {
  LayerResult r = torch(layer("MaxPool2d", {{"kernel_size", i(2)}}), {64, 32, 32});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{64, 16, 16}));
  EXPECT_EQ(r.params, 0);
  EXPECT_TRUE(r.weights.empty());
  EXPECT_EQ(r.formula, "MaxPool2d only takes the largest value in each 2×2 window: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "MaxPool2d takes the largest value in each 2×2 window, moving 2 at a time (stride defaults "
                              "to kernel_size), on each channel separately.");
  EXPECT_EQ(r.explanation[2], "Output: each side is floor((size + 2*padding - window) / stride) + 1: on each side, "
                              "floor((32 - 2) / 2) + 1 = 16, so (N, 64, 32, 32) becomes (N, 64, 16, 16).");
}

TEST(torch_max_pool2d, stride_and_ceil_mode) {
  // floor((8 - 3) / 2) + 1 = 3; ceil((8 - 3) / 2) + 1 = 4
  EXPECT_EQ(torch(layer("MaxPool2d", {{"kernel_size", i(3)}, {"stride", i(2)}}), {8, 8, 8}).output_shape, (Shape{8, 3, 3}));
  EXPECT_EQ(torch(layer("MaxPool2d", {{"kernel_size", i(3)}, {"stride", i(2)}, {"ceil_mode", b(true)}}), {8, 8, 8}).output_shape,
            (Shape{8, 4, 4}));
  EXPECT_EQ(torch(layer("MaxPool2d", {{"kernel_size", t({2, 3})}, {"stride", t({2, 1})}}), {4, 10, 10}).output_shape,
            (Shape{4, 5, 8}));
}

TEST(torch_max_pool1d, ceil_mode_drops_a_last_window_in_the_right_padding) {
  // ceil((5 + 2 - 2) / 2) + 1 = 4, but the 4th window would start at 6, in the right padding
  LayerResult r = torch(layer("MaxPool1d", {{"kernel_size", i(2)}, {"stride", i(2)}, {"padding", i(1)}, {"ceil_mode", b(true)}}),
                        {4, 5});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{4, 3}));
  EXPECT_EQ(r.explanation[2], "Output: each side is ceil((size + 2*padding - window) / stride) + 1: L: ceil((5 + 2*1 - 2) "
                              "/ 2) + 1 = 4 - 1 = 3 (the last window would start in the right padding), so (N, 4, 5) "
                              "becomes (N, 4, 3).");
  EXPECT_EQ(r.formula, "MaxPool1d only takes the largest value in each window of 2 values: no learnable parameters");
  EXPECT_EQ(torch(layer("AvgPool1d", {{"kernel_size", i(2)}, {"stride", i(2)}, {"padding", i(1)}, {"ceil_mode", b(true)}}),
                  {4, 5}).output_shape,
            (Shape{4, 3}));
  // here the last window starts at 8, inside the input (10 + 1): kept, ceil((10 + 2 - 3) / 2) + 1 = 6
  EXPECT_EQ(torch(layer("AvgPool1d", {{"kernel_size", i(3)}, {"stride", i(2)}, {"padding", i(1)}, {"ceil_mode", b(true)}}),
                  {4, 10}).output_shape,
            (Shape{4, 6}));
}

TEST(torch_max_pool, padding_and_dilation) {
  // floor((10 + 4 - 5) / 3) + 1 = 4
  EXPECT_EQ(torch(layer("MaxPool1d", {{"kernel_size", i(5)}, {"stride", i(3)}, {"padding", i(2)}}), {4, 10}).output_shape,
            (Shape{4, 4}));
  // a window of 2*(3 - 1) + 1 = 5: floor((10 + 2 - 5) / 3) + 1 = 3
  LayerResult r = torch(layer("MaxPool2d", {{"kernel_size", i(3)}, {"padding", i(1)}, {"dilation", i(2)}}), {4, 10, 10});
  EXPECT_EQ(r.output_shape, (Shape{4, 3, 3}));
  EXPECT_EQ(r.explanation[2], "Output: each side is floor((size + 2*padding - window) / stride) + 1, with window = "
                              "dilation*(kernel_size - 1) + 1: on each side, floor((10 + 2*1 - 5) / 3) + 1 = 3, so "
                              "(N, 4, 10, 10) becomes (N, 4, 3, 3).");
  EXPECT_EQ(torch(layer("MaxPool3d", {{"kernel_size", i(3)}, {"dilation", i(2)}}), {8, 9, 9, 9}).output_shape,
            (Shape{8, 2, 2, 2}));
}

TEST(torch_max_pool, padding_at_most_half_the_kernel) {
  LayerResult r = torch(layer("MaxPool2d", {{"kernel_size", i(2)}, {"padding", i(2)}}), {3, 8, 8});
  EXPECT_EQ(r.error_argument, "padding");
  EXPECT_EQ(r.error, "padding must be at most half of kernel_size, but got padding=(2, 2) and kernel_size=(2, 2)");
  // half of 3 is 1 in PyTorch's integer division, and the dilation does not count
  EXPECT_EQ(torch(layer("MaxPool1d", {{"kernel_size", i(3)}, {"padding", i(2)}, {"dilation", i(3)}}), {4, 10}).error_argument,
            "padding");
  EXPECT_TRUE(torch(layer("MaxPool1d", {{"kernel_size", i(3)}, {"padding", i(1)}}), {4, 10}).ok());
  EXPECT_EQ(torch(layer("AvgPool1d", {{"kernel_size", i(2)}, {"padding", i(2)}}), {4, 8}).error_argument, "padding");
}

TEST(torch_max_pool, return_indices_keeps_the_shape) {
  LayerResult r = torch(layer("MaxPool2d", {{"kernel_size", i(2)}, {"return_indices", b(true)}}), {3, 8, 8});
  EXPECT_EQ(r.output_shape, (Shape{3, 4, 4}));
  EXPECT_EQ(r.explanation[3], "return_indices=True also returns where each maximum was, a tensor of the same shape (for "
                              "MaxUnpool2d); the shape shown is the pooled values'.");
}

TEST(torch_avg_pool2d, averages_and_its_options) {
  LayerResult r = torch(layer("AvgPool2d", {{"kernel_size", i(2)}}), {6, 28, 28});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{6, 14, 14}));
  EXPECT_EQ(r.formula, "AvgPool2d only averages each 2×2 window: no learnable parameters");
  LayerResult options = torch(layer("AvgPool2d", {{"kernel_size", i(3)}, {"stride", t({2, 1})}, {"padding", i(1)},
                                                  {"count_include_pad", b(false)}, {"divisor_override", i(5)}}),
                              {4, 28, 28});
  EXPECT_EQ(options.output_shape, (Shape{4, 14, 28}));
  EXPECT_EQ(options.explanation[3], "count_include_pad=False leaves the padded zeros out of each average.");
  EXPECT_EQ(options.explanation[4], "divisor_override=5 divides each window's sum by 5 instead of the window's size.");
  LayerResult zero = torch(layer("AvgPool2d", {{"kernel_size", i(2)}, {"divisor_override", i(0)}}), {4, 8, 8});
  EXPECT_EQ(zero.error_argument, "divisor_override");
  EXPECT_EQ(zero.error, "divisor_override must not be zero");
  // PyTorch accepts a negative divisor (it flips the sign of the averages)
  EXPECT_EQ(torch(layer("AvgPool3d", {{"kernel_size", t({1, 2, 2})}, {"divisor_override", i(-3)}}), {8, 4, 16, 16}).output_shape,
            (Shape{8, 4, 8, 8}));
  EXPECT_EQ(torch(layer("AvgPool1d", {{"kernel_size", i(2)}, {"divisor_override", i(2)}}), {4, 8}).error,
            "AvgPool1d has no argument 'divisor_override'");
}

TEST(torch_pool, a_window_larger_than_the_input_leaves_nothing) {
  LayerResult r = torch(layer("AvgPool2d", {{"kernel_size", i(4)}}), {8, 2, 2});
  EXPECT_EQ(r.error_argument, "kernel_size");
  EXPECT_EQ(r.error, "the window of 4 is larger than the padded input's 2 along H: the output would be empty");
  // torch 1.13 returns an empty tensor here instead of failing; later versions refuse it
  EXPECT_EQ(torch(layer("MaxPool1d", {{"kernel_size", i(4)}}), {4, 2}).error_argument, "kernel_size");
  EXPECT_EQ(torch(layer("MaxPool1d", {{"kernel_size", i(3)}, {"padding", i(1)}, {"dilation", i(3)}}), {4, 4}).error,
            "the dilated window of 7 is larger than the padded input's 6 along L (4 + 2*1): the output would be empty");
}

TEST(torch_pool, an_input_without_channels_pools_the_same) {
  // PyTorch reads (N, 28, 28) as one unbatched (C, H, W) sample with C = N: pooling per channel gives the same.
  LayerResult r = torch(layer("MaxPool2d", {{"kernel_size", i(2)}}), {28, 28});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{14, 14}));
  EXPECT_EQ(r.explanation[0], "Inputs: the previous module gives (N, 28, 28): 28×28 with no channel axis.");
  EXPECT_EQ(r.explanation[1], "PyTorch reads an input without a channel axis as one unbatched sample whose channels are "
                              "the batch; MaxPool2d works on each channel alone, so the result is the same.");
  LayerResult flat = torch(layer("MaxPool2d", {{"kernel_size", i(2)}}), {784});
  EXPECT_EQ(flat.error, "MaxPool2d needs input of shape (N, C, H, W) or (N, H, W) (2 or 3 dimensions besides the batch), "
                        "but got (N, 784) (1 dimension)");
  EXPECT_FALSE(torch(layer("MaxPool1d", {{"kernel_size", i(2)}}), {3, 4, 8}).ok());
}

TEST(torch_pool, each_argument_is_checked) {
  EXPECT_EQ(torch(layer("MaxPool2d", {{"kernel_size", i(0)}}), {3, 8, 8}).error_argument, "kernel_size");
  EXPECT_EQ(torch(layer("MaxPool2d", {{"kernel_size", t({2, 2, 2})}}), {3, 8, 8}).error_argument, "kernel_size");
  EXPECT_EQ(torch(layer("MaxPool2d", {{"kernel_size", i(2)}, {"stride", i(0)}}), {3, 8, 8}).error_argument, "stride");
  EXPECT_EQ(torch(layer("MaxPool2d", {{"kernel_size", i(2)}, {"padding", i(-1)}}), {3, 8, 8}).error_argument, "padding");
  EXPECT_EQ(torch(layer("MaxPool2d", {{"kernel_size", i(2)}, {"dilation", i(0)}}), {3, 8, 8}).error_argument, "dilation");
  EXPECT_EQ(torch(layer("MaxPool2d"), {3, 8, 8}).error, "MaxPool2d needs 'kernel_size'");
}

TEST(torch_adaptive_pool, output_size_whatever_the_input) {
  LayerResult r = torch(layer("AdaptiveAvgPool2d", {{"output_size", t({1, 1})}}), {512, 7, 7});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{512, 1, 1}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "AdaptiveAvgPool2d only averages each channel over all its positions: no learnable parameters");
  EXPECT_EQ(r.explanation[2], "Output: on each side, 7 becomes 1, so (N, 512, 7, 7) becomes (N, 512, 1, 1).");
  EXPECT_EQ(r.explanation[3], "With output_size 1 it is Keras' GlobalAveragePooling2D(keepdims=True).");
  LayerResult vgg = torch(layer("AdaptiveAvgPool2d", {{"output_size", i(7)}}), {512, 14, 14});
  EXPECT_EQ(vgg.output_shape, (Shape{512, 7, 7}));
  EXPECT_EQ(vgg.formula, "AdaptiveAvgPool2d only averages regions of each channel to give 7×7: no learnable parameters");
  EXPECT_EQ(torch(layer("AdaptiveAvgPool3d", {{"output_size", i(1)}}), {32, 4, 4, 4}).output_shape, (Shape{32, 1, 1, 1}));
}

TEST(torch_adaptive_pool, none_keeps_a_dimension_and_outputs_may_grow) {
  EXPECT_EQ(torch(layer("AdaptiveAvgPool2d", {{"output_size", Value::tuple({none(), i(3)})}}), {3, 8, 8}).output_shape,
            (Shape{3, 8, 3}));
  LayerResult r = torch(layer("AdaptiveMaxPool3d", {{"output_size", Value::tuple({i(2), none(), i(4)})}}), {3, 5, 5, 5});
  EXPECT_EQ(r.output_shape, (Shape{3, 2, 5, 4}));
  EXPECT_EQ(r.explanation[2], "Output: D: 5 becomes 2, H: 5 stays 5 (None) and W: 5 becomes 4, so (N, 3, 5, 5, 5) becomes "
                              "(N, 3, 2, 5, 4).");
  // an adaptive pool can enlarge: 5 values become 8 (windows overlap)
  LayerResult grow = torch(layer("AdaptiveAvgPool1d", {{"output_size", i(8)}}), {3, 5});
  EXPECT_EQ(grow.output_shape, (Shape{3, 8}));
  EXPECT_EQ(grow.formula, "AdaptiveAvgPool1d only averages regions of each channel to give length 8: no learnable parameters");
  EXPECT_EQ(torch(layer("AdaptiveAvgPool1d", {{"output_size", i(8)}}), {5}).output_shape, (Shape{8}));
}

TEST(torch_adaptive_pool, max_with_indices) {
  LayerResult r = torch(layer("AdaptiveMaxPool1d", {{"output_size", i(3)}, {"return_indices", b(true)}}), {3, 5});
  EXPECT_EQ(r.output_shape, (Shape{3, 3}));
  EXPECT_EQ(r.formula, "AdaptiveMaxPool1d only takes the largest value in regions of each channel to give length 3: no "
                       "learnable parameters");
  EXPECT_EQ(torch(layer("AdaptiveMaxPool2d", {{"output_size", i(1)}}), {64, 4, 4}).formula,
            "AdaptiveMaxPool2d only takes the largest value of each channel over all its positions: no learnable parameters");
}

TEST(torch_adaptive_pool, output_size_is_checked) {
  LayerResult three = torch(layer("AdaptiveAvgPool2d", {{"output_size", t({2, 3, 4})}}), {3, 5, 5});
  EXPECT_EQ(three.error_argument, "output_size");
  EXPECT_EQ(three.error, "output_size needs 2 values here, one per axis, got 3: (2, 3, 4)");
  // PyTorch gives an empty tensor for 0; Learnable calls it a mistake
  EXPECT_EQ(torch(layer("AdaptiveAvgPool2d", {{"output_size", i(0)}}), {3, 8, 8}).error,
            "output_size must be positive (or None to keep a dimension), got 0");
  EXPECT_EQ(torch(layer("AdaptiveAvgPool2d", {{"output_size", none()}}), {3, 8, 8}).error,
            "output_size must be an integer or a tuple of 2 integers (None keeps that dimension), got None");
  EXPECT_EQ(torch(layer("AdaptiveAvgPool2d"), {3, 8, 8}).error_argument, "output_size");
  EXPECT_FALSE(torch(layer("AdaptiveAvgPool1d", {{"output_size", i(8)}}), {3, 4, 5}).ok());
}
