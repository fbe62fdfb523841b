// PyTorch's padding modules (ZeroPad, ConstantPad, ReflectionPad, ReplicationPad, CircularPad)
// and Upsample with its two older names: no parameters, PyTorch's (left, right, top, bottom, ...)
// order, negative padding that crops, size or a floored scale_factor, and the modes' ranks.
// Shapes were checked with torch 1.13 (ZeroPad1d/3d and CircularPad*d, which arrived in 2.1,
// against the ConstantPad and F.pad(mode='circular') they stand for).
#include <gtest/gtest.h>

#include "core/layer_type.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

LayerResult torch(const Layer& l, Shape input) { return compute_layer(l, input, true, Framework::PyTorch); }

Value tup(std::initializer_list<Value> items) { return Value::tuple(items); }

}  // namespace

TEST(torch_resampling_registry, modules_and_groups) {
  for (const char* kind : {"ZeroPad", "ConstantPad", "ReflectionPad", "ReplicationPad", "CircularPad"})
    for (const char* rank : {"1d", "2d", "3d"}) {
      std::string name = std::string(kind) + rank;
      ASSERT_NE(find_layer_type(name, Framework::PyTorch), nullptr) << name;
      EXPECT_EQ(find_layer_type(name, Framework::PyTorch)->group, "Padding");
    }
  for (const char* name : {"Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"})
    EXPECT_EQ(find_layer_type(name, Framework::PyTorch)->group, "Upsampling");
  const LayerType* constant = find_layer_type("ConstantPad2d", Framework::PyTorch);
  ASSERT_EQ(constant->args.size(), 2u);
  EXPECT_EQ(constant->args[1].name, "value");
  EXPECT_TRUE(constant->args[1].required);  // PyTorch gives value no default
  const LayerType* upsample = find_layer_type("Upsample", Framework::PyTorch);
  EXPECT_EQ(upsample->args[0].name, "size");
  EXPECT_EQ(upsample->args[1].name, "scale_factor");
  EXPECT_EQ(upsample->args[2].name, "mode");
}

TEST(torch_zero_pad2d, left_right_top_bottom) {
  LayerResult r = torch(layer("ZeroPad2d", {{"padding", t({1, 2, 3, 4})}}), {1, 28, 28});
  ASSERT_TRUE(r.ok()) << r.error;
  // (left, right, top, bottom): W grows by 1 + 2, H by 3 + 4
  EXPECT_EQ(r.output_shape, (Shape{1, 35, 31}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "ZeroPad2d only adds zeros around the edges: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "padding=(1, 2, 3, 4) lists (left, right, top, bottom): PyTorch's order, the last dimension first.");
  EXPECT_EQ(r.explanation[2], "ZeroPad2d adds zeros around the edges: H: 28 + 3 + 4 = 35 and W: 28 + 1 + 2 = 31.");
  EXPECT_EQ(r.explanation[3], "Output: (N, 1, 28, 28) becomes (N, 1, 35, 31).");
  EXPECT_EQ(r.explanation[4], "Keras' ZeroPadding2D writes the same padding as ((3, 4), (1, 2)), the first axis first.");
  EXPECT_EQ(torch(layer("ZeroPad2d", {{"padding", i(2)}}), {3, 28, 28}).output_shape, (Shape{3, 32, 32}));
}

TEST(torch_zero_pad2d, negative_padding_crops) {
  LayerResult r = torch(layer("ZeroPad2d", {{"padding", t({-1, -2, 3, 4})}}), {3, 8, 8});
  EXPECT_EQ(r.output_shape, (Shape{3, 15, 5}));
  EXPECT_EQ(r.formula, "ZeroPad2d only adds zeros around the edges, and crops where the padding is negative: no "
                       "learnable parameters");
  EXPECT_EQ(r.explanation[2], "ZeroPad2d adds zeros around the edges, and crops where the padding is negative: H: 8 + 3 + "
                              "4 = 15 and W: 8 - 1 - 2 = 5.");
  EXPECT_EQ(torch(layer("ZeroPad2d", {{"padding", i(-2)}}), {3, 8, 8}).formula,
            "ZeroPad2d only cuts off values at the edges: no learnable parameters");
  // cropping all of W is refused (PyTorch would give an empty tensor)
  LayerResult all = torch(layer("ZeroPad2d", {{"padding", t({-4, -4, 0, 0})}}), {3, 8, 8});
  EXPECT_EQ(all.error_argument, "padding");
  EXPECT_EQ(all.error, "padding (-4, -4) along W leaves 8 - 4 - 4 = 0: negative padding crops, but it cannot crop the "
                       "whole input");
}

TEST(torch_constant_pad, a_shorter_tuple_pads_only_the_last_dimensions) {
  // F.pad takes pairs from the last dimension back: (1, 2) pads W alone
  LayerResult r = torch(layer("ConstantPad2d", {{"padding", t({1, 2})}, {"value", f(3.5)}}), {3, 8, 8});
  EXPECT_EQ(r.output_shape, (Shape{3, 8, 11}));
  EXPECT_EQ(r.formula, "ConstantPad2d only adds the value 3.5 around the edges: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "padding=(1, 2) lists (left, right).");
  EXPECT_EQ(r.explanation[2], "ConstantPad2d adds the value 3.5 around the edges: W: 8 + 1 + 2 = 11.");
  EXPECT_EQ(torch(layer("ZeroPad2d", {{"padding", t({1, 2})}}), {3, 8, 8}).output_shape, (Shape{3, 8, 11}));
  EXPECT_EQ(torch(layer("ZeroPad2d", {{"padding", t({1, 2, 3})}}), {3, 8, 8}).error,
            "padding must be an integer or a tuple of 4 integers (left, right, top, bottom), got (1, 2, 3)");
}

TEST(torch_constant_pad, pads_the_last_dimensions_of_any_input) {
  EXPECT_EQ(torch(layer("ConstantPad1d", {{"padding", i(2)}, {"value", f(3.5)}}), {8, 100}).output_shape, (Shape{8, 104}));
  EXPECT_EQ(torch(layer("ConstantPad1d", {{"padding", t({2, 3})}, {"value", f(3.5)}}), {8}).output_shape, (Shape{13}));
  EXPECT_EQ(torch(layer("ConstantPad1d", {{"padding", i(2)}, {"value", i(0)}}), {3, 4, 8}).output_shape, (Shape{3, 4, 12}));
  // (left, right, top, bottom, front, back) = (1, 2, 3, 4, 5, 6): W + 3, H + 7, D + 11
  EXPECT_EQ(torch(layer("ConstantPad3d", {{"padding", t({1, 2, 3, 4, 5, 6})}, {"value", f(0.0)}}), {4, 8, 8, 8}).output_shape,
            (Shape{4, 19, 15, 11}));
  EXPECT_EQ(torch(layer("ConstantPad3d", {{"padding", t({1, 2, 3, 4, 5, 6})}, {"value", f(0.0)}}), {8, 8, 8}).output_shape,
            (Shape{19, 15, 11}));
  // With too few dimensions F.pad would pad the batch too.
  LayerResult batch = torch(layer("ZeroPad2d", {{"padding", i(1)}}), {8});
  EXPECT_EQ(batch.error, "ZeroPad2d pads the last 2 dimensions, but the input (N, 8) has only 1 besides the batch, so it "
                         "would pad the batch");
  EXPECT_EQ(torch(layer("ConstantPad1d", {{"padding", i(2)}}), {8, 100}).error, "ConstantPad1d needs 'value'");
  EXPECT_EQ(torch(layer("ConstantPad1d", {{"padding", i(2)}, {"value", s("zero")}}), {8, 100}).error_argument, "value");
}

TEST(torch_zero_pad, the_1d_and_3d_forms_arrived_in_pytorch_2_1) {
  LayerResult one = torch(layer("ZeroPad1d", {{"padding", i(2)}}), {8, 100});
  EXPECT_EQ(one.output_shape, (Shape{8, 104}));
  EXPECT_EQ(one.explanation[4], "Keras' ZeroPadding1D writes the same padding as (2, 2).");
  EXPECT_EQ(one.explanation[5], "ZeroPad1d arrived in PyTorch 2.1; before it, nn.ConstantPad1d(padding, 0) does the same.");
  EXPECT_EQ(torch(layer("ZeroPad3d", {{"padding", i(1)}}), {1, 8, 8, 8}).output_shape, (Shape{1, 10, 10, 10}));
}

TEST(torch_reflection_pad, padding_must_be_smaller_than_the_input) {
  EXPECT_EQ(torch(layer("ReflectionPad1d", {{"padding", i(2)}}), {8, 100}).output_shape, (Shape{8, 104}));
  EXPECT_EQ(torch(layer("ReflectionPad1d", {{"padding", t({3, -2})}}), {3, 8}).output_shape, (Shape{3, 9}));
  EXPECT_EQ(torch(layer("ReflectionPad2d", {{"padding", i(3)}}), {3, 4, 4}).output_shape, (Shape{3, 10, 10}));
  LayerResult r = torch(layer("ReflectionPad2d", {{"padding", i(4)}}), {3, 4, 4});
  EXPECT_EQ(r.error_argument, "padding");
  EXPECT_EQ(r.error, "ReflectionPad2d mirrors the input at its edges, so each padding must be smaller than the input: "
                     "padding (4, 4) along H of 4");
  EXPECT_EQ(torch(layer("ReflectionPad2d", {{"padding", i(1)}}), {3, 8, 8}).formula,
            "ReflectionPad2d only mirrors the input at its edges: no learnable parameters");
  EXPECT_EQ(torch(layer("ReflectionPad3d", {{"padding", i(1)}}), {1, 8, 8, 8}).output_shape, (Shape{1, 10, 10, 10}));
}

TEST(torch_reflection_pad, takes_input_with_or_without_channels) {
  // (N, 4, 4) is read as one unbatched (C, H, W) sample, which pads the same
  EXPECT_EQ(torch(layer("ReflectionPad2d", {{"padding", i(2)}}), {4, 4}).output_shape, (Shape{8, 8}));
  EXPECT_EQ(torch(layer("ReflectionPad2d", {{"padding", i(1)}}), {8}).error,
            "ReflectionPad2d needs input of shape (N, C, H, W) or (N, H, W) (2 or 3 dimensions besides the batch), but "
            "got (N, 8) (1 dimension)");
  EXPECT_FALSE(torch(layer("ReflectionPad1d", {{"padding", i(1)}}), {3, 3, 8}).ok());
  // no shorter tuple for the non-constant modes
  EXPECT_EQ(torch(layer("ReflectionPad2d", {{"padding", t({1, 1})}}), {3, 8, 8}).error_argument, "padding");
}

TEST(torch_replication_pad, has_no_upper_limit_but_must_leave_something) {
  EXPECT_EQ(torch(layer("ReplicationPad1d", {{"padding", i(1)}}), {4, 32}).output_shape, (Shape{4, 34}));
  EXPECT_EQ(torch(layer("ReplicationPad2d", {{"padding", i(100)}}), {3, 8, 8}).output_shape, (Shape{3, 208, 208}));
  EXPECT_EQ(torch(layer("ReplicationPad2d", {{"padding", i(-4)}}), {3, 8, 8}).error_argument, "padding");
  LayerResult r = torch(layer("ReplicationPad3d", {{"padding", t({1, 1, 2, 2, 0, 0})}}), {1, 8, 8, 8});
  EXPECT_EQ(r.output_shape, (Shape{1, 8, 12, 10}));
  EXPECT_EQ(r.formula, "ReplicationPad3d only repeats the edge values outward: no learnable parameters");
}

TEST(torch_circular_pad, wraps_at_most_once) {
  EXPECT_EQ(torch(layer("CircularPad1d", {{"padding", i(2)}}), {8, 100}).output_shape, (Shape{8, 104}));
  LayerResult r = torch(layer("CircularPad2d", {{"padding", t({4, 4, 1, 1})}}), {3, 4, 4});
  EXPECT_EQ(r.output_shape, (Shape{3, 6, 12}));
  EXPECT_EQ(r.explanation.back(), "CircularPad2d only wraps the input around its edges: no learnable parameters");
  EXPECT_EQ(r.explanation[r.explanation.size() - 2],
            "CircularPad2d arrived in PyTorch 2.1; before it, F.pad(x, padding, mode='circular') does the same.");
  LayerResult twice = torch(layer("CircularPad2d", {{"padding", t({5, 4, 1, 1})}}), {3, 4, 4});
  EXPECT_EQ(twice.error, "CircularPad2d wraps the input around, so each padding can be at most the input's size: "
                         "padding (5, 4) along W of 4");
}

TEST(torch_upsample, scale_factor_floors_each_side) {
  LayerResult r = torch(layer("Upsample", {{"scale_factor", i(2)}}), {32, 16, 16});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 32}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "Upsample only copies the nearest values to resize 16×16 to 32×32: no learnable parameters");
  EXPECT_EQ(r.explanation[2], "Output: on each side, floor(16 × 2.0) = 32, so (N, 32, 16, 16) becomes (N, 32, 32, 32); "
                              "the channels stay as they are.");
  EXPECT_EQ(r.explanation[3], "Keras' UpSampling2D((2, 2)) does the same.");
  // 7 × 1.5 = 10.5, floored to 10
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", f(1.5)}}), {3, 7}).output_shape, (Shape{3, 10}));
  // in double precision 100 × 0.29 is 28.999999999999996, so PyTorch gives 28
  LayerResult tricky = torch(layer("Upsample", {{"scale_factor", f(0.29)}}), {3, 100});
  EXPECT_EQ(tricky.output_shape, (Shape{3, 28}));
  EXPECT_EQ(tricky.explanation[2], "Output: L: floor(100 × 0.29) = 28 (100 × 0.29 is 28.999999999999996 in floating "
                                   "point), so (N, 3, 100) becomes (N, 3, 28); the channels stay as they are.");
}

TEST(torch_upsample, size_and_modes) {
  EXPECT_EQ(torch(layer("Upsample", {{"size", i(5)}}), {3, 7, 7}).output_shape, (Shape{3, 5, 5}));
  LayerResult tri = torch(layer("Upsample", {{"size", t({12, 19, 24})}, {"mode", s("trilinear")}}), {1, 6, 8, 12});
  EXPECT_EQ(tri.output_shape, (Shape{1, 12, 19, 24}));
  EXPECT_EQ(tri.formula, "Upsample only interpolates (trilinear) to resize 6×8×12 to 12×19×24: no learnable parameters");
  LayerResult bilinear = torch(layer("Upsample", {{"scale_factor", Value::tuple({f(1.5), f(2.0)})},
                                                  {"mode", s("bilinear")}, {"align_corners", b(true)}}),
                               {3, 7, 7});
  EXPECT_EQ(bilinear.output_shape, (Shape{3, 10, 14}));
  EXPECT_EQ(bilinear.explanation[3], "align_corners=True lines up the corner values of the input and the output.");
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(2)}, {"mode", s("linear")}}), {8, 16}).output_shape, (Shape{8, 32}));
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(2)}, {"mode", s("bicubic")}}), {3, 8, 8}).output_shape,
            (Shape{3, 16, 16}));
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(2)}, {"mode", s("area")}}), {3, 8, 8}).formula,
            "Upsample only averages areas to resize 8×8 to 16×16: no learnable parameters");
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(3)}, {"mode", s("nearest-exact")}}), {3, 8, 8, 8}).output_shape,
            (Shape{3, 24, 24, 24}));
}

TEST(torch_upsample, each_mode_needs_its_rank) {
  LayerResult r = torch(layer("Upsample", {{"scale_factor", i(2)}, {"mode", s("bilinear")}}), {4, 16});
  EXPECT_EQ(r.error_argument, "mode");
  EXPECT_EQ(r.error, "mode='bilinear' needs input of shape (N, C, H, W) (3 dimensions besides the batch), but got "
                     "(N, 4, 16) (2 dimensions)");
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(2)}, {"mode", s("linear")}}), {3, 7, 7}).error_argument, "mode");
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(2)}, {"mode", s("trilinear")}}), {3, 7, 7}).error_argument, "mode");
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(2)}, {"mode", s("bicubic")}}), {3, 7, 7, 7}).error_argument, "mode");
  // nearest takes 1 to 3 spatial axes, after the channels
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(2)}}), {8}).error,
            "Upsample needs input of shape (N, C, L), (N, C, H, W) or (N, C, D, H, W) (2 to 4 dimensions besides the "
            "batch), but got (N, 8) (1 dimension)");
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(2)}, {"mode", s("cubic")}}), {3, 7, 7}).error_argument, "mode");
}

TEST(torch_upsample, size_or_scale_factor_but_not_both) {
  EXPECT_EQ(torch(layer("Upsample"), {3, 7}).error, "give either size (the output size) or scale_factor (how many times larger)");
  EXPECT_EQ(torch(layer("Upsample", {{"size", i(4)}, {"scale_factor", i(2)}}), {3, 7}).error,
            "only one of size or scale_factor should be given");
  EXPECT_EQ(torch(layer("Upsample", {{"size", t({5, 6})}}), {3, 7}).error,
            "size needs 1 values here, one per axis (L), got 2: (5, 6)");
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", tup({f(1.5), f(2.0)})}}), {3, 7}).error_argument, "scale_factor");
  EXPECT_EQ(torch(layer("Upsample", {{"size", i(0)}}), {3, 7}).error_argument, "size");
  EXPECT_EQ(torch(layer("Upsample", {{"scale_factor", i(0)}}), {3, 7}).error, "scale_factor must be positive, got 0");
  LayerResult empty = torch(layer("Upsample", {{"scale_factor", f(0.1)}}), {3, 7});
  EXPECT_EQ(empty.error_argument, "scale_factor");
  EXPECT_EQ(empty.error, "scale_factor 0.1 gives an empty output along L: floor(7 × 0.1) = 0");
}

TEST(torch_upsample, align_corners_and_recompute_scale_factor) {
  LayerResult r = torch(layer("Upsample", {{"scale_factor", i(2)}, {"align_corners", b(false)}}), {3, 7, 7});
  EXPECT_EQ(r.error_argument, "align_corners");
  EXPECT_EQ(r.error, "align_corners can only be set with the interpolating modes linear, bilinear, bicubic and "
                     "trilinear, not mode='nearest'");
  EXPECT_EQ(torch(layer("Upsample", {{"size", i(5)}, {"recompute_scale_factor", b(true)}}), {3, 7, 7}).error_argument,
            "recompute_scale_factor");
  EXPECT_TRUE(torch(layer("Upsample", {{"scale_factor", i(2)}, {"recompute_scale_factor", b(true)}}), {3, 7, 7}).ok());
}

TEST(torch_upsampling2d, older_names_with_a_fixed_mode) {
  LayerResult nearest = torch(layer("UpsamplingNearest2d", {{"scale_factor", i(2)}}), {3, 7, 7});
  EXPECT_EQ(nearest.output_shape, (Shape{3, 14, 14}));
  EXPECT_EQ(torch(layer("UpsamplingNearest2d", {{"size", t({14, 28})}}), {3, 7, 7}).output_shape, (Shape{3, 14, 28}));
  LayerResult bilinear = torch(layer("UpsamplingBilinear2d", {{"scale_factor", i(2)}}), {3, 7, 7});
  EXPECT_EQ(bilinear.output_shape, (Shape{3, 14, 14}));
  EXPECT_EQ(bilinear.explanation[3], "align_corners=True lines up the corner values of the input and the output.");
  EXPECT_EQ(bilinear.explanation[4], "UpsamplingBilinear2d is nn.Upsample(mode='bilinear', align_corners=True); PyTorch "
                                     "deprecates it in favour of nn.Upsample.");
  LayerResult flat = torch(layer("UpsamplingBilinear2d", {{"scale_factor", i(2)}}), {3, 7});
  EXPECT_EQ(flat.error_argument, "");
  EXPECT_EQ(flat.error, "mode='bilinear' needs input of shape (N, C, H, W) (3 dimensions besides the batch), but got "
                        "(N, 3, 7) (2 dimensions)");
  EXPECT_EQ(torch(layer("UpsamplingNearest2d", {{"scale_factor", i(2)}, {"mode", s("bilinear")}}), {3, 7, 7}).error,
            "UpsamplingNearest2d has no argument 'mode'");
}
