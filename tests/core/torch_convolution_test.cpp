// PyTorch's Conv1d/2d/3d and ConvTranspose1d/2d/3d: channels-first shapes without the batch,
// the weight layouts (out, in/groups, *k) and (in, out/groups, *k), padding as numbers or
// 'valid' / 'same', padding_mode, and the errors PyTorch raises, on the argument at fault.
// Every shape and count here was also checked with torch 1.13.
#include <gtest/gtest.h>

#include "core/layer_type.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

LayerResult torch(const Layer& l, Shape input) { return compute_layer(l, input, true, Framework::PyTorch); }

Layer conv(const char* type, int64_t in, int64_t out, Value kernel,
           std::initializer_list<std::pair<const char*, Value>> more = {}) {
  Layer l = layer(type, {{"in_channels", i(in)}, {"out_channels", i(out)}, {"kernel_size", kernel}});
  for (const auto& [name, value] : more) l.set_arg(name, value);
  return l;
}

std::vector<std::string> arg_names(const char* type) {
  std::vector<std::string> names;
  for (const ArgSpec& a : find_layer_type(type, Framework::PyTorch)->args) names.push_back(a.name);
  return names;
}

}  // namespace

TEST(torch_convolution_registry, modules_in_pytorch_order_and_group) {
  for (const char* name : {"Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"}) {
    ASSERT_NE(find_layer_type(name, Framework::PyTorch), nullptr) << name;
    EXPECT_EQ(find_layer_type(name, Framework::PyTorch)->group, "Convolution");
    EXPECT_EQ(find_layer_type(name), nullptr) << name;  // Keras' are Conv2D, Conv2DTranspose
  }
  EXPECT_EQ(arg_names("Conv2d"), (std::vector<std::string>{"in_channels", "out_channels", "kernel_size", "stride",
                                                           "padding", "dilation", "groups", "bias", "padding_mode"}));
  // A transposed convolution puts output_padding after padding, and dilation after bias.
  EXPECT_EQ(arg_names("ConvTranspose2d"),
            (std::vector<std::string>{"in_channels", "out_channels", "kernel_size", "stride", "padding",
                                      "output_padding", "groups", "bias", "dilation", "padding_mode"}));
}

TEST(torch_conv2d, weight_bias_and_the_tutorial_formula) {
  LayerResult r = torch(conv("Conv2d", 3, 32, i(3)), {3, 32, 32});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 30, 30}));
  EXPECT_EQ(r.params, 896);
  EXPECT_EQ(r.trainable, 896);
  EXPECT_EQ(r.buffers, 0);
  EXPECT_EQ(r.formula, "3*288 + 32 = 896");
  ASSERT_EQ(r.weights.size(), 2u);
  EXPECT_EQ(r.weights[0].name, "weight");
  EXPECT_EQ(r.weights[0].shape, (Shape{32, 3, 3, 3}));
  EXPECT_EQ(r.weights[1].name, "bias");
  EXPECT_EQ(r.weights[1].shape, (Shape{32}));
}

TEST(torch_conv2d, explanation_names_the_layout_and_works_the_output) {
  LayerResult r = torch(conv("Conv2d", 3, 32, i(3)), {3, 32, 32});
  ASSERT_EQ(r.explanation.size(), 6u);
  EXPECT_EQ(r.explanation[0], "Inputs: the previous module gives (N, 3, 32, 32): 3 channels of 32×32.");
  EXPECT_EQ(r.explanation[1], "Outputs: out_channels=32 filters of 3×3 make 32 × 9 = 288 weights for each input channel.");
  EXPECT_EQ(r.explanation[2], "Weights: 3 × 288 = 864, kept as weight of shape (32, 3, 3, 3), (out_channels, "
                              "in_channels/groups, *kernel_size); Keras' Conv2D keeps the same numbers as a (3, 3, 3, 32) kernel.");
  EXPECT_EQ(r.explanation[3], "Biases: one per output channel, 32.");
  EXPECT_EQ(r.explanation[4], "Total: 864 + 32 = 896.");
  EXPECT_EQ(r.explanation[5], "Output: each side is floor((size + 2*padding - window) / stride) + 1, with window = "
                              "dilation*(kernel_size - 1) + 1 = 3: on each side, 32 - 3 + 1 = 30, so (N, 3, 32, 32) "
                              "becomes (N, 32, 30, 30).");
}

TEST(torch_conv2d, padding_and_stride) {
  EXPECT_EQ(torch(conv("Conv2d", 3, 32, i(3), {{"padding", i(1)}}), {3, 32, 32}).output_shape, (Shape{32, 32, 32}));
  // floor((32 + 2 - 3) / 2) + 1 = 16
  LayerResult r = torch(conv("Conv2d", 3, 16, i(3), {{"stride", i(2)}, {"padding", i(1)}}), {3, 32, 32});
  EXPECT_EQ(r.output_shape, (Shape{16, 16, 16}));
  EXPECT_EQ(r.formula, "3*144 + 16 = 448");
  EXPECT_EQ(r.explanation.back(), "Output: each side is floor((size + 2*padding - window) / stride) + 1, with window = "
                                  "dilation*(kernel_size - 1) + 1 = 3: on each side, floor((32 + 2*1 - 3) / 2) + 1 = 16, "
                                  "so (N, 3, 32, 32) becomes (N, 16, 16, 16).");
  // floor((33 - 3) / 2) + 1 = 16: the last row that does not fit a window is dropped
  EXPECT_EQ(torch(conv("Conv2d", 3, 8, i(3), {{"stride", i(2)}}), {3, 33, 32}).output_shape, (Shape{8, 16, 15}));
}

TEST(torch_conv2d, tuples_per_axis_and_dilation) {
  // H: window 2*(3-1)+1 = 5, 20 - 5 + 1 = 16; W: window 1*(5-1)+1 = 5, floor((21 + 4 - 5) / 2) + 1 = 11
  LayerResult r = torch(conv("Conv2d", 8, 16, t({3, 5}),
                             {{"stride", t({1, 2})}, {"padding", t({0, 2})}, {"dilation", t({2, 1})}}),
                        {8, 20, 21});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{16, 16, 11}));
  EXPECT_EQ(r.weights[0].shape, (Shape{16, 8, 3, 5}));
  EXPECT_EQ(r.formula, "8*240 + 16 = 1936");
  EXPECT_EQ(r.explanation.back(), "Output: each side is floor((size + 2*padding - window) / stride) + 1, with window = "
                                  "dilation*(kernel_size - 1) + 1 = 5: H: 20 - 5 + 1 = 16 and W: floor((21 + 2*2 - 5) / 2) "
                                  "+ 1 = 11, so (N, 8, 20, 21) becomes (N, 16, 16, 11).");
}

TEST(torch_conv2d, groups_split_the_input_channels) {
  LayerResult r = torch(conv("Conv2d", 8, 16, i(3), {{"groups", i(4)}}), {8, 10, 10});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 304);  // 16*2*9 + 16
  EXPECT_EQ(r.weights[0].shape, (Shape{16, 2, 3, 3}));
  EXPECT_EQ(r.formula, "(8/4)*144 + 16 = 304");
  EXPECT_EQ(r.explanation[1], "Groups: groups=4 splits the 8 input channels into 4 groups, so each filter sees only "
                              "8/4 = 2 of them.");
  // groups = channels is a depthwise convolution: Keras' DepthwiseConv2D((3, 3)) on 32 channels counts 320 too.
  LayerResult depthwise = torch(conv("Conv2d", 32, 32, i(3), {{"groups", i(32)}, {"padding", i(1)}}), {32, 8, 8});
  EXPECT_EQ(depthwise.formula, "(32/32)*288 + 32 = 320");
  EXPECT_EQ(depthwise.weights[0].shape, (Shape{32, 1, 3, 3}));
}

TEST(torch_conv2d, bias_false_drops_the_bias_term) {
  LayerResult r = torch(conv("Conv2d", 3, 32, i(3), {{"bias", b(false)}}), {3, 32, 32});
  EXPECT_EQ(r.formula, "3*288 = 864");
  ASSERT_EQ(r.weights.size(), 1u);
  EXPECT_EQ(r.explanation[3], "Biases: none, since bias=False.");
}

TEST(torch_conv1d, same_padding_keeps_the_length_even_with_an_even_kernel) {
  LayerResult r = torch(conv("Conv1d", 4, 4, i(4), {{"padding", s("same")}}), {4, 10});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{4, 10}));
  EXPECT_EQ(r.params, 68);
  EXPECT_EQ(r.formula, "4*16 + 4 = 68");
  EXPECT_EQ(r.weights[0].shape, (Shape{4, 4, 4}));
  // A window of 4 needs 3 of padding: PyTorch puts 1 before and 2 after.
  EXPECT_EQ(r.explanation.back(), "padding='same' pads dilation*(kernel_size - 1) in all: L: 3 (1 before, 2 after), so "
                                  "the size stays; with an even window PyTorch puts the odd one at the end.");
  // dilation 2 on a kernel of 3: a window of 5, 2 before and 2 after
  EXPECT_EQ(torch(conv("Conv1d", 4, 4, i(3), {{"padding", s("same")}, {"dilation", i(2)}}), {4, 10}).output_shape,
            (Shape{4, 10}));
  EXPECT_EQ(torch(conv("Conv1d", 4, 4, i(3), {{"padding", s("valid")}}), {4, 10}).output_shape, (Shape{4, 8}));
}

TEST(torch_conv1d, filters_of_a_size) {
  LayerResult r = torch(conv("Conv1d", 8, 16, i(5), {{"padding", i(2)}}), {8, 100});
  EXPECT_EQ(r.output_shape, (Shape{16, 100}));
  EXPECT_EQ(r.formula, "8*80 + 16 = 656");
  EXPECT_EQ(r.explanation[0], "Inputs: the previous module gives (N, 8, 100): 8 channels of length 100.");
  EXPECT_EQ(r.explanation[1], "Outputs: out_channels=16 filters of size 5 make 16 × 5 = 80 weights for each input channel.");
}

TEST(torch_conv3d, volumes) {
  LayerResult r = torch(conv("Conv3d", 1, 8, i(3)), {1, 16, 16, 16});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{8, 14, 14, 14}));
  EXPECT_EQ(r.formula, "1*216 + 8 = 224");
  EXPECT_EQ(r.weights[0].shape, (Shape{8, 1, 3, 3, 3}));
  EXPECT_EQ(torch(conv("Conv3d", 3, 4, t({1, 3, 3}), {{"stride", t({1, 2, 2})}, {"padding", t({0, 1, 1})}}),
                  {3, 8, 16, 16}).output_shape,
            (Shape{4, 8, 8, 8}));
}

TEST(torch_conv, padding_modes_pad_the_input_first) {
  // reflect needs padding < size; circular at most the size; replicate has no limit
  EXPECT_EQ(torch(conv("Conv1d", 4, 4, i(3), {{"padding", i(2)}, {"padding_mode", s("reflect")}}), {4, 3}).output_shape,
            (Shape{4, 5}));
  EXPECT_EQ(torch(conv("Conv1d", 4, 4, i(3), {{"padding", i(3)}, {"padding_mode", s("circular")}}), {4, 3}).output_shape,
            (Shape{4, 7}));
  EXPECT_EQ(torch(conv("Conv1d", 4, 4, i(3), {{"padding", i(5)}, {"padding_mode", s("replicate")}}), {4, 3}).output_shape,
            (Shape{4, 11}));
  LayerResult reflect = torch(conv("Conv1d", 4, 4, i(3), {{"padding", i(3)}, {"padding_mode", s("reflect")}}), {4, 3});
  EXPECT_EQ(reflect.error_argument, "padding");
  EXPECT_EQ(reflect.error, "padding_mode='reflect' mirrors the input at its edges, so the padding must be smaller than "
                           "the input: padding 3 along L of 3");
  LayerResult circular = torch(conv("Conv1d", 4, 4, i(3), {{"padding", i(4)}, {"padding_mode", s("circular")}}), {4, 3});
  EXPECT_EQ(circular.error_argument, "padding");
  // 'same' with reflect: a window of 7 pads 3 on each side, which a length of 3 cannot mirror
  EXPECT_EQ(torch(conv("Conv1d", 4, 4, i(7), {{"padding", s("same")}, {"padding_mode", s("reflect")}}), {4, 3}).error_argument,
            "padding");
  EXPECT_TRUE(torch(conv("Conv1d", 4, 4, i(7), {{"padding", s("same")}, {"padding_mode", s("reflect")}}), {4, 4}).ok());
  LayerResult r = torch(conv("Conv2d", 3, 8, i(3), {{"padding", i(1)}, {"padding_mode", s("circular")}}), {3, 8, 8});
  EXPECT_EQ(r.params, 224);
  EXPECT_EQ(r.explanation.back(), "padding_mode='circular' fills the padding by wrapping the input around instead of with "
                                  "zeros; the shape and the count stay the same.");
  EXPECT_EQ(torch(conv("Conv2d", 3, 8, i(3), {{"padding_mode", s("mirror")}}), {3, 8, 8}).error_argument, "padding_mode");
}

TEST(torch_conv, same_padding_is_refused_with_a_stride) {
  LayerResult r = torch(conv("Conv2d", 8, 16, i(3), {{"stride", i(2)}, {"padding", s("same")}}), {8, 14, 14});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error_argument, "padding");
  EXPECT_EQ(r.error, "padding='same' is not supported for strided convolutions: stride is (2, 2); give the padding as a number");
  LayerResult full = torch(conv("Conv1d", 4, 4, i(3), {{"padding", s("full")}}), {4, 10});
  EXPECT_EQ(full.error_argument, "padding");
  EXPECT_EQ(full.error, "padding must be 'valid', 'same', an integer, got 'full'");
  EXPECT_EQ(torch(conv("Conv1d", 4, 4, i(3), {{"padding", i(-1)}}), {4, 10}).error_argument, "padding");
}

TEST(torch_conv, groups_must_divide_both_channel_counts) {
  LayerResult in = torch(conv("Conv2d", 6, 16, i(3), {{"groups", i(4)}}), {6, 8, 8});
  EXPECT_EQ(in.error_argument, "groups");
  EXPECT_EQ(in.error, "in_channels (6) must be divisible by groups (4)");
  LayerResult out = torch(conv("Conv1d", 4, 6, i(3), {{"groups", i(4)}}), {4, 5});
  EXPECT_EQ(out.error, "out_channels (6) must be divisible by groups (4)");
  EXPECT_EQ(torch(conv("Conv1d", 4, 4, i(3), {{"groups", i(0)}}), {4, 5}).error_argument, "groups");
}

TEST(torch_conv, input_channels_must_match_in_channels) {
  LayerResult r = torch(conv("Conv2d", 64, 64, i(3)), {32, 16, 16});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error_argument, "in_channels");
  EXPECT_EQ(r.error, "Conv2d expects in_channels=64 but the input (N, 32, 16, 16) has 32 channels");
  EXPECT_EQ(torch(conv("ConvTranspose1d", 4, 4, i(3)), {1, 5}).error,
            "ConvTranspose1d expects in_channels=4 but the input (N, 1, 5) has 1 channel");
}

TEST(torch_conv, input_needs_channels_and_the_spatial_axes) {
  LayerResult r = torch(conv("Conv1d", 8, 8, i(3)), {8, 14, 14});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error_argument, "");
  EXPECT_EQ(r.error, "Conv1d needs input of shape (N, C, L) (2 dimensions besides the batch), but got (N, 8, 14, 14) (3 dimensions)");
  // After a Linear, (N, 784) is no image: PyTorch would read it as one unbatched sample.
  EXPECT_EQ(torch(conv("Conv2d", 1, 8, i(3)), {784}).error,
            "Conv2d needs input of shape (N, C, H, W) (3 dimensions besides the batch), but got (N, 784) (1 dimension)");
  EXPECT_FALSE(torch(conv("Conv3d", 1, 8, i(3)), {1, 8, 8}).ok());
}

TEST(torch_conv, kernel_larger_than_the_padded_input) {
  LayerResult r = torch(conv("Conv2d", 8, 8, i(5)), {8, 4, 4});
  EXPECT_EQ(r.error_argument, "kernel_size");
  EXPECT_EQ(r.error, "the kernel of 5 is larger than the padded input's 4 along H: use a smaller kernel_size or more padding");
  // with padding 1 the padded input is 6, which holds the kernel: 6 - 5 + 1 = 2
  EXPECT_EQ(torch(conv("Conv2d", 8, 8, i(5), {{"padding", i(1)}}), {8, 4, 4}).output_shape, (Shape{8, 2, 2}));
  LayerResult dilated = torch(conv("Conv1d", 4, 4, i(3), {{"dilation", i(3)}}), {4, 5});
  EXPECT_EQ(dilated.error, "the dilated kernel of 7 (3*(3 - 1) + 1) is larger than the padded input's 5 along L: use a "
                           "smaller kernel_size or more padding");
  LayerResult padded = torch(conv("Conv1d", 4, 4, i(9), {{"padding", i(1)}}), {4, 5});
  EXPECT_EQ(padded.error, "the kernel of 9 is larger than the padded input's 7 along L (5 + 2): use a smaller kernel_size "
                          "or more padding");
}

TEST(torch_conv, each_argument_is_checked) {
  EXPECT_EQ(torch(conv("Conv2d", 0, 8, i(3)), {0, 8, 8}).error_argument, "in_channels");
  EXPECT_EQ(torch(conv("Conv2d", 3, 0, i(3)), {3, 8, 8}).error_argument, "out_channels");
  EXPECT_EQ(torch(conv("Conv2d", 3, 8, i(0)), {3, 8, 8}).error_argument, "kernel_size");
  EXPECT_EQ(torch(conv("Conv2d", 3, 8, t({3, 3, 3})), {3, 8, 8}).error_argument, "kernel_size");
  EXPECT_EQ(torch(conv("Conv2d", 3, 8, i(3), {{"stride", i(0)}}), {3, 8, 8}).error_argument, "stride");
  EXPECT_EQ(torch(conv("Conv2d", 3, 8, i(3), {{"dilation", i(0)}}), {3, 8, 8}).error_argument, "dilation");
  EXPECT_EQ(torch(conv("Conv2d", 3, 8, i(3), {{"bias", s("yes")}}), {3, 8, 8}).error_argument, "bias");
}

TEST(torch_conv, an_unknown_length_stays_unknown) {
  LayerResult r = torch(conv("Conv1d", 8, 4, i(3)), {8, kUnknown});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{4, kUnknown}));
  EXPECT_EQ(r.params, 100);
  EXPECT_EQ(torch(conv("ConvTranspose1d", 8, 4, i(3)), {8, kUnknown}).output_shape, (Shape{4, kUnknown}));
}

TEST(torch_conv_transpose2d, weight_is_in_before_out) {
  LayerResult r = torch(conv("ConvTranspose2d", 16, 8, i(3), {{"stride", i(2)}, {"padding", i(1)}, {"output_padding", i(1)}}),
                        {16, 7, 7});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{8, 14, 14}));
  EXPECT_EQ(r.params, 1160);
  EXPECT_EQ(r.formula, "16*72 + 8 = 1160");
  EXPECT_EQ(r.weights[0].shape, (Shape{16, 8, 3, 3}));
  EXPECT_EQ(r.weights[1].shape, (Shape{8}));
  EXPECT_EQ(r.explanation[2], "Weights: 16 × 72 = 1152, kept as weight of shape (16, 8, 3, 3), (in_channels, "
                              "out_channels/groups, *kernel_size): in before out, the other way round from Conv2d's "
                              "weight; Keras' Conv2DTranspose keeps a (3, 3, 8, 16) kernel.");
  EXPECT_EQ(r.explanation.back(), "Output: each side is (size - 1)*stride - 2*padding + dilation*(kernel_size - 1) + "
                                  "output_padding + 1: on each side, (7 - 1)*2 - 2*1 + (3 - 1) + 1 + 1 = 14, so "
                                  "(N, 16, 7, 7) becomes (N, 8, 14, 14).");
}

TEST(torch_conv_transpose, output_lengths) {
  // DCGAN's doubling: (16 - 1)*2 - 2 + 3 + 1 = 32
  EXPECT_EQ(torch(conv("ConvTranspose2d", 64, 32, i(4), {{"stride", i(2)}, {"padding", i(1)}}), {64, 16, 16}).output_shape,
            (Shape{32, 32, 32}));
  // (5 - 1)*2 + 2 + 1 + 1 = 12
  EXPECT_EQ(torch(conv("ConvTranspose1d", 4, 4, i(3), {{"stride", i(2)}, {"output_padding", i(1)}}), {4, 5}).output_shape,
            (Shape{4, 12}));
  // output_padding may also be below the dilation: (5 - 1)*1 + 2*(3 - 1) + 1 + 1 = 10
  EXPECT_EQ(torch(conv("ConvTranspose1d", 4, 4, i(3), {{"output_padding", i(1)}, {"dilation", i(2)}}), {4, 5}).output_shape,
            (Shape{4, 10}));
  LayerResult r = torch(conv("ConvTranspose3d", 3, 2, i(2), {{"stride", i(2)}}), {3, 4, 4, 4});
  EXPECT_EQ(r.output_shape, (Shape{2, 8, 8, 8}));
  EXPECT_EQ(r.formula, "3*16 + 2 = 50");  // Keras' Conv3DTranspose(2, 2, strides=2) counts 50 too
  EXPECT_EQ(r.weights[0].shape, (Shape{3, 2, 2, 2, 2}));
}

TEST(torch_conv_transpose, groups) {
  LayerResult r = torch(conv("ConvTranspose1d", 16, 8, i(3), {{"groups", i(4)}}), {16, 7});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.weights[0].shape, (Shape{16, 2, 3}));
  EXPECT_EQ(r.params, 104);  // 16*2*3 + 8
  EXPECT_EQ(r.formula, "(16/4)*24 + 8 = 104");
  EXPECT_EQ(r.output_shape, (Shape{8, 9}));
}

TEST(torch_conv_transpose, output_padding_must_stay_below_stride_or_dilation) {
  LayerResult r = torch(conv("ConvTranspose2d", 8, 4, i(3), {{"stride", i(2)}, {"padding", i(1)}, {"output_padding", i(2)}}),
                        {8, 7, 7});
  EXPECT_EQ(r.error_argument, "output_padding");
  EXPECT_EQ(r.error, "output_padding must be smaller than either stride or dilation, but got output_padding=(2, 2) with "
                     "stride=(2, 2) and dilation=(1, 1)");
  // below the dilation is fine: 2 < 3
  EXPECT_TRUE(torch(conv("ConvTranspose1d", 4, 4, i(3), {{"stride", i(2)}, {"output_padding", i(2)}, {"dilation", i(3)}}),
                    {4, 5}).ok());
}

TEST(torch_conv_transpose, refuses_what_pytorch_refuses) {
  LayerResult mode = torch(conv("ConvTranspose2d", 4, 4, i(3), {{"padding_mode", s("reflect")}}), {4, 5, 5});
  EXPECT_EQ(mode.error_argument, "padding_mode");
  EXPECT_EQ(mode.error, "ConvTranspose2d only supports padding_mode='zeros', got 'reflect'");
  EXPECT_EQ(torch(conv("ConvTranspose2d", 4, 4, i(3), {{"padding", s("same")}}), {4, 5, 5}).error_argument, "padding");
  // (3 - 1)*1 - 2*5 + (3 - 1) + 1 = -5
  LayerResult small = torch(conv("ConvTranspose1d", 4, 4, i(3), {{"padding", i(5)}}), {4, 3});
  EXPECT_EQ(small.error_argument, "padding");
  EXPECT_EQ(small.error, "the output would have size (3 - 1)*1 - 2*5 + (3 - 1) + 1 = -5 along L: padding 5 takes away "
                         "more than the transposed convolution adds");
  EXPECT_EQ(torch(conv("ConvTranspose1d", 4, 6, i(3), {{"groups", i(4)}}), {4, 5}).error_argument, "groups");
}

TEST(torch_conv, in_a_model) {
  Model m;
  m.framework = Framework::PyTorch;
  m.input_shape = Shape{1, 28, 28};
  m.layers = {conv("Conv2d", 1, 6, i(5), {{"padding", i(2)}}), conv("Conv2d", 6, 16, i(5)),
              conv("Conv2d", 8, 16, i(3))};
  Calculator calc(std::move(m));
  EXPECT_EQ(calc.results()[0].output_shape, (Shape{6, 28, 28}));
  EXPECT_EQ(calc.results()[1].output_shape, (Shape{16, 24, 24}));
  EXPECT_EQ(calc.results()[1].params, 2416);  // LeNet-5's C3 without its sparse connections: 6*400 + 16
  EXPECT_EQ(calc.results()[2].error_argument, "in_channels");
}
