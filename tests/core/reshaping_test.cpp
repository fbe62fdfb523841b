// Flatten, Reshape, Permute, RepeatVector, ZeroPadding, Cropping and UpSampling: output shapes
// for each form of their arguments, the zero count and its reason, and errors that name the
// argument. 2D shapes were cross-checked with @tensorflow/tfjs 4.22; tfjs lacks the 1D/3D
// padding, cropping and upsampling layers and leaves Reshape's -1 unresolved, so those follow
// Keras' documented rules.
#include <gtest/gtest.h>

#include "core/layer_type.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

bool learns_nothing(const LayerResult& r) {
  return r.ok() && r.params == 0 && r.trainable == 0 && r.non_trainable == 0 && r.bytes == 0 &&
         r.weights.empty() && !r.formula.empty() && !r.explanation.empty();
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Value pairs(std::initializer_list<Value> items) { return Value::tuple(items); }

}  // namespace

TEST(flatten, tutorial_sentence_verbatim) {
  LayerResult r = run(layer("Flatten"), {32, 32, 256});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{262144}));
  EXPECT_EQ(r.formula, "Flatten only reshapes 32×32×256 into 262144 values: no learnable parameters");
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.explanation[1], "Output: Flatten lays every value out in one row: 32 × 32 × 256 = 262144.");
  EXPECT_EQ(r.explanation.back(), r.formula);
}

TEST(flatten, unknown_dims_give_none) {
  LayerResult r = run(layer("Flatten"), {kUnknown, 64});
  EXPECT_EQ(r.output_shape, (Shape{kUnknown}));
  EXPECT_EQ(r.formula, "Flatten only reshapes None×64 into one row of unknown length: no learnable parameters");
}

TEST(flatten, flat_and_scalar_inputs) {
  EXPECT_EQ(run(layer("Flatten"), {784}).output_shape, (Shape{784}));
  EXPECT_EQ(run(layer("Flatten"), {784}).formula, "Flatten keeps 784 values as they are: no learnable parameters");
  EXPECT_EQ(run(layer("Flatten"), {}).output_shape, (Shape{1}));
}

TEST(flatten, channels_first_only_reorders) {
  LayerResult r = run(layer("Flatten", {{"data_format", s("channels_first")}}), {256, 32, 32});
  EXPECT_EQ(r.output_shape, (Shape{262144}));
  EXPECT_TRUE(has(r.explanation[2], "channels_first")) << r.explanation[2];
  EXPECT_EQ(run(layer("Flatten", {{"data_format", s("NCHW")}}), {3, 4}).error_argument, "data_format");
}

TEST(flatten, huge_inputs_are_errors_not_wrapped) {
  LayerResult r = run(layer("Flatten"), {int64_t{1} << 32, int64_t{1} << 32});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_TRUE(has(r.error, "too large to count exactly")) << r.error;
}

TEST(reshape, target_shape) {
  LayerResult r = run(layer("Reshape", {{"target_shape", t({1024, 3})}}), {32, 32, 3});
  EXPECT_EQ(r.output_shape, (Shape{1024, 3}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "Reshape only rearranges 32×32×3 into 1024×3: no learnable parameters");
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", Value::list({i(3072)})}}), {32, 32, 3}).output_shape, (Shape{3072}));
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", t({28, 28, 1})}}), {784}).output_shape, (Shape{28, 28, 1}));
}

TEST(reshape, infers_one_minus_one) {
  LayerResult r = run(layer("Reshape", {{"target_shape", t({-1, 3})}}), {32, 32, 3});
  EXPECT_EQ(r.output_shape, (Shape{1024, 3}));
  EXPECT_EQ(r.explanation[1], "The -1 is worked out from the rest: 3072 / 3 = 1024.");
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", t({3, -1})}}), {32, 32, 3}).output_shape, (Shape{3, 1024}));
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", t({-1})}}), {4, 5}).output_shape, (Shape{20}));
}

TEST(reshape, unknown_input) {
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", t({-1, 8})}}), {kUnknown, 64}).output_shape, (Shape{kUnknown, 8}));
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", t({8, 8})}}), {kUnknown, 64}).output_shape, (Shape{8, 8}));
}

TEST(reshape, sizes_must_match) {
  LayerResult r = run(layer("Reshape", {{"target_shape", t({10, 10})}}), {32, 32, 3});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error_argument, "target_shape");
  EXPECT_EQ(r.error, "target_shape (10, 10) holds 100 values but the input 32×32×3 has 3072; the two must be equal");
  r = run(layer("Reshape", {{"target_shape", t({7, -1})}}), {32, 32, 3});
  EXPECT_EQ(r.error_argument, "target_shape");
  EXPECT_TRUE(has(r.error, "3072 is not divisible by 7")) << r.error;
}

TEST(reshape, errors_name_target_shape) {
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", t({-1, -1})}}), {4, 4}).error_argument, "target_shape");
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", t({0, 16})}}), {4, 4}).error_argument, "target_shape");
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", t({-2, 8})}}), {4, 4}).error_argument, "target_shape");
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", Value::tuple({i(4), s("4")})}}), {4, 4}).error_argument, "target_shape");
  EXPECT_EQ(run(layer("Reshape", {{"target_shape", s("4, 4")}}), {4, 4}).error_argument, "target_shape");
  EXPECT_EQ(run(layer("Reshape"), {4, 4}).error_argument, "target_shape");
  LayerResult r = run(layer("Reshape", {{"target_shape", i(16)}}), {4, 4});
  EXPECT_EQ(r.error_argument, "target_shape");
  EXPECT_EQ(r.error, "target_shape must be a tuple of integers such as (16,), got 16");
}

TEST(permute, reorders_axes) {
  LayerResult r = run(layer("Permute", {{"dims", t({2, 1})}}), {10, 64});
  EXPECT_EQ(r.output_shape, (Shape{64, 10}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "Permute only reorders the axes of 10×64 into 64×10: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Permute puts the axes in the order dims=(2, 1): axis 1 takes input axis 2 (64) and axis 2 takes input axis 1 (10).");
  EXPECT_EQ(run(layer("Permute", {{"dims", t({3, 1, 2})}}), {10, 64, 3}).output_shape, (Shape{3, 10, 64}));
  EXPECT_EQ(run(layer("Permute", {{"dims", t({1, 2})}}), {10, 64}).output_shape, (Shape{10, 64}));
  EXPECT_EQ(run(layer("Permute", {{"dims", Value::list({i(2), i(1)})}}), {kUnknown, 64}).output_shape, (Shape{64, kUnknown}));
}

TEST(permute, errors) {
  EXPECT_EQ(run(layer("Permute", {{"dims", t({2, 3})}}), {10, 64}).error_argument, "dims");
  EXPECT_EQ(run(layer("Permute", {{"dims", t({1, 1})}}), {10, 64}).error_argument, "dims");
  EXPECT_EQ(run(layer("Permute", {{"dims", t({0, 1})}}), {10, 64}).error_argument, "dims");
  EXPECT_EQ(run(layer("Permute", {{"dims", t({})}}), {10, 64}).error_argument, "dims");
  EXPECT_EQ(run(layer("Permute", {{"dims", i(1)}}), {10}).error_argument, "dims");
  EXPECT_EQ(run(layer("Permute"), {10, 64}).error_argument, "dims");
  LayerResult r = run(layer("Permute", {{"dims", t({2, 1})}}), {784});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error_argument, "");
  EXPECT_TRUE(has(r.error, "(batch, axis 1, axis 2)")) << r.error;
}

TEST(repeat_vector, repeats_n_times) {
  LayerResult r = run(layer("RepeatVector", {{"n", i(3)}}), {64});
  EXPECT_EQ(r.output_shape, (Shape{3, 64}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "RepeatVector only copies the 64 values 3 times: no learnable parameters");
  EXPECT_EQ(run(layer("RepeatVector", {{"n", i(5)}}), {kUnknown}).output_shape, (Shape{5, kUnknown}));
}

TEST(repeat_vector, errors) {
  EXPECT_EQ(run(layer("RepeatVector", {{"n", i(0)}}), {64}).error_argument, "n");
  EXPECT_EQ(run(layer("RepeatVector", {{"n", i(-2)}}), {64}).error_argument, "n");
  EXPECT_EQ(run(layer("RepeatVector", {{"n", f(2.5)}}), {64}).error_argument, "n");
  EXPECT_EQ(run(layer("RepeatVector"), {64}).error_argument, "n");
  LayerResult r = run(layer("RepeatVector", {{"n", i(3)}}), {10, 64});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_TRUE(has(r.error, "(batch, features)")) << r.error;
}

TEST(zero_padding1d, shapes) {
  LayerResult r = run(layer("ZeroPadding1D"), {100, 8});
  EXPECT_EQ(r.output_shape, (Shape{102, 8}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "ZeroPadding1D only adds zeros around the edges: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "ZeroPadding1D adds zeros before and after each axis: steps: 100 + 1 + 1 = 102.");
  EXPECT_EQ(run(layer("ZeroPadding1D", {{"padding", i(3)}}), {100, 8}).output_shape, (Shape{106, 8}));
  EXPECT_EQ(run(layer("ZeroPadding1D", {{"padding", t({1, 2})}}), {100, 8}).output_shape, (Shape{103, 8}));
  EXPECT_EQ(run(layer("ZeroPadding1D", {{"padding", i(0)}}), {100, 8}).output_shape, (Shape{100, 8}));
  EXPECT_EQ(run(layer("ZeroPadding1D"), {kUnknown, 8}).output_shape, (Shape{kUnknown, 8}));
  EXPECT_EQ(run(layer("ZeroPadding1D", {{"padding", i(2)}, {"data_format", s("channels_first")}}), {8, 100}).output_shape, (Shape{8, 104}));
}

TEST(zero_padding1d, errors) {
  EXPECT_EQ(run(layer("ZeroPadding1D", {{"padding", i(-1)}}), {100, 8}).error_argument, "padding");
  EXPECT_EQ(run(layer("ZeroPadding1D", {{"padding", t({1, 2, 3})}}), {100, 8}).error_argument, "padding");
  EXPECT_EQ(run(layer("ZeroPadding1D", {{"padding", s("same")}}), {100, 8}).error_argument, "padding");
  EXPECT_TRUE(has(run(layer("ZeroPadding1D"), {100}).error, "(batch, steps, channels)"));
}

TEST(zero_padding2d, int_pair_and_pairs_of_pairs) {
  LayerResult r = run(layer("ZeroPadding2D"), {28, 28, 1});
  EXPECT_EQ(r.output_shape, (Shape{30, 30, 1}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", i(2)}}), {28, 28, 1}).output_shape, (Shape{32, 32, 1}));
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", t({1, 2})}}), {28, 28, 1}).output_shape, (Shape{30, 32, 1}));
  r = run(layer("ZeroPadding2D", {{"padding", pairs({t({1, 2}), t({3, 3})})}}), {28, 28, 1});
  EXPECT_EQ(r.output_shape, (Shape{31, 34, 1}));
  EXPECT_EQ(r.explanation[1], "ZeroPadding2D adds zeros before and after each axis: rows: 28 + 1 + 2 = 31 and cols: 28 + 3 + 3 = 34.");
  EXPECT_EQ(r.explanation[2], "Output: 28×28×1 becomes 31×34×1; the 1 channel stays as it is.");
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", pairs({t({1, 2}), i(3)})}}), {28, 28, 1}).output_shape, (Shape{31, 34, 1}));
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", Value::list({Value::list({i(1), i(2)}), Value::list({i(3), i(3)})})}}), {28, 28, 1}).output_shape, (Shape{31, 34, 1}));
}

TEST(zero_padding2d, channels_first_and_unknown) {
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", t({1, 2})}, {"data_format", s("channels_first")}}), {1, 28, 28}).output_shape, (Shape{1, 30, 32}));
  EXPECT_EQ(run(layer("ZeroPadding2D"), {kUnknown, 28, 3}).output_shape, (Shape{kUnknown, 30, 3}));
}

TEST(zero_padding2d, errors) {
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", i(-1)}}), {28, 28, 1}).error_argument, "padding");
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", t({1, 2, 3})}}), {28, 28, 1}).error_argument, "padding");
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", pairs({t({1, 2, 3}), t({1, 1})})}}), {28, 28, 1}).error_argument, "padding");
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", pairs({t({1, -1}), t({0, 0})})}}), {28, 28, 1}).error_argument, "padding");
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", pairs({i(1), s("a")})}}), {28, 28, 1}).error_argument, "padding");
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"padding", f(1.5)}}), {28, 28, 1}).error_argument, "padding");
  EXPECT_EQ(run(layer("ZeroPadding2D", {{"data_format", s("channels")}}), {28, 28, 1}).error_argument, "data_format");
  LayerResult r = run(layer("ZeroPadding2D"), {28, 28});
  EXPECT_EQ(r.error_argument, "");
  EXPECT_TRUE(has(r.error, "(batch, rows, cols, channels)")) << r.error;
}

TEST(zero_padding3d, shapes_and_errors) {
  EXPECT_EQ(run(layer("ZeroPadding3D"), {8, 8, 8, 1}).output_shape, (Shape{10, 10, 10, 1}));
  EXPECT_EQ(run(layer("ZeroPadding3D", {{"padding", t({1, 2, 3})}}), {8, 8, 8, 1}).output_shape, (Shape{10, 12, 14, 1}));
  EXPECT_EQ(run(layer("ZeroPadding3D", {{"padding", pairs({t({1, 0}), t({2, 2}), t({0, 3})})}}), {8, 8, 8, 1}).output_shape, (Shape{9, 12, 11, 1}));
  EXPECT_EQ(run(layer("ZeroPadding3D", {{"padding", i(2)}, {"data_format", s("channels_first")}}), {1, 8, 8, 8}).output_shape, (Shape{1, 12, 12, 12}));
  EXPECT_EQ(run(layer("ZeroPadding3D", {{"padding", i(2)}}), {kUnknown, 8, 8, 4}).output_shape, (Shape{kUnknown, 12, 12, 4}));
  EXPECT_TRUE(learns_nothing(run(layer("ZeroPadding3D"), {8, 8, 8, 1})));
  EXPECT_EQ(run(layer("ZeroPadding3D", {{"padding", t({1, 1})}}), {8, 8, 8, 1}).error_argument, "padding");
  EXPECT_TRUE(has(run(layer("ZeroPadding3D"), {8, 8, 1}).error, "(batch, depth, rows, cols, channels)"));
}

TEST(cropping1d, shapes) {
  LayerResult r = run(layer("Cropping1D"), {10, 3});
  EXPECT_EQ(r.output_shape, (Shape{8, 3}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "Cropping1D only cuts off values at the edges: no learnable parameters");
  EXPECT_EQ(run(layer("Cropping1D", {{"cropping", i(2)}}), {10, 3}).output_shape, (Shape{6, 3}));
  EXPECT_EQ(run(layer("Cropping1D", {{"cropping", t({0, 3})}}), {10, 3}).output_shape, (Shape{7, 3}));
  EXPECT_EQ(run(layer("Cropping1D"), {kUnknown, 3}).output_shape, (Shape{kUnknown, 3}));
}

TEST(cropping1d, errors) {
  LayerResult r = run(layer("Cropping1D", {{"cropping", t({5, 5})}}), {10, 3});
  EXPECT_EQ(r.error_argument, "cropping");
  EXPECT_EQ(r.error, "cropping 5 + 5 = 10 from the 10 steps leaves 0; crop fewer than 10 in total");
  EXPECT_EQ(run(layer("Cropping1D", {{"cropping", i(-1)}}), {10, 3}).error_argument, "cropping");
  EXPECT_EQ(run(layer("Cropping1D", {{"cropping", t({1, 2, 3})}}), {10, 3}).error_argument, "cropping");
  EXPECT_EQ(run(layer("Cropping1D", {{"data_format", s("channels_first")}}), {10, 3}).error_argument, "data_format");
  EXPECT_TRUE(has(run(layer("Cropping1D"), {10}).error, "(batch, steps, channels)"));
}

TEST(cropping2d, shapes) {
  EXPECT_EQ(run(layer("Cropping2D"), {28, 28, 3}).output_shape, (Shape{28, 28, 3}));
  LayerResult r = run(layer("Cropping2D", {{"cropping", pairs({t({2, 2}), t({4, 4})})}}), {28, 28, 3});
  EXPECT_EQ(r.output_shape, (Shape{24, 20, 3}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.explanation[1], "Cropping2D cuts values off the start and end of each axis: rows: 28 - 2 - 2 = 24 and cols: 28 - 4 - 4 = 20.");
  EXPECT_EQ(run(layer("Cropping2D", {{"cropping", t({1, 3})}}), {28, 28, 3}).output_shape, (Shape{26, 22, 3}));
  EXPECT_EQ(run(layer("Cropping2D", {{"cropping", i(2)}}), {28, 28, 3}).output_shape, (Shape{24, 24, 3}));
  EXPECT_EQ(run(layer("Cropping2D", {{"cropping", pairs({t({2, 2}), t({4, 0})})}, {"data_format", s("channels_first")}}), {3, 28, 28}).output_shape, (Shape{3, 24, 24}));
  EXPECT_EQ(run(layer("Cropping2D", {{"cropping", i(2)}}), {kUnknown, 28, 3}).output_shape, (Shape{kUnknown, 24, 3}));
}

TEST(cropping2d, errors) {
  LayerResult r = run(layer("Cropping2D", {{"cropping", i(14)}}), {28, 28, 3});
  EXPECT_EQ(r.error_argument, "cropping");
  EXPECT_TRUE(has(r.error, "from the 28 rows leaves 0")) << r.error;
  r = run(layer("Cropping2D", {{"cropping", pairs({t({0, 0}), t({20, 20})})}}), {28, 28, 3});
  EXPECT_TRUE(has(r.error, "from the 28 cols leaves -12")) << r.error;
  EXPECT_EQ(run(layer("Cropping2D", {{"cropping", i(-1)}}), {28, 28, 3}).error_argument, "cropping");
  EXPECT_EQ(run(layer("Cropping2D", {{"cropping", t({1, 2, 3})}}), {28, 28, 3}).error_argument, "cropping");
  EXPECT_EQ(run(layer("Cropping2D", {{"cropping", pairs({t({1}), t({1, 1})})}}), {28, 28, 3}).error_argument, "cropping");
  EXPECT_EQ(run(layer("Cropping2D", {{"cropping", b(true)}}), {28, 28, 3}).error_argument, "cropping");
  EXPECT_TRUE(has(run(layer("Cropping2D"), {28, 3}).error, "(batch, rows, cols, channels)"));
}

TEST(cropping3d, shapes_and_errors) {
  LayerResult r = run(layer("Cropping3D"), {4, 4, 4, 1});
  EXPECT_EQ(r.output_shape, (Shape{2, 2, 2, 1}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(run(layer("Cropping3D", {{"cropping", pairs({t({1, 1}), t({2, 2}), t({0, 0})})}, {"data_format", s("channels_first")}}), {1, 6, 6, 6}).output_shape, (Shape{1, 4, 2, 6}));
  EXPECT_EQ(run(layer("Cropping3D", {{"cropping", t({0, 1, 2})}}), {6, 6, 6, 1}).output_shape, (Shape{6, 4, 2, 1}));
  EXPECT_EQ(run(layer("Cropping3D"), {2, 4, 4, 1}).error_argument, "cropping");
  EXPECT_EQ(run(layer("Cropping3D", {{"cropping", t({1, 1})}}), {4, 4, 4, 1}).error_argument, "cropping");
  EXPECT_TRUE(has(run(layer("Cropping3D"), {4, 4, 1}).error, "(batch, depth, rows, cols, channels)"));
}

TEST(up_sampling1d, shapes_and_errors) {
  LayerResult r = run(layer("UpSampling1D"), {10, 3});
  EXPECT_EQ(r.output_shape, (Shape{20, 3}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "UpSampling1D only repeats each step: no learnable parameters");
  EXPECT_EQ(run(layer("UpSampling1D", {{"size", i(3)}}), {10, 3}).output_shape, (Shape{30, 3}));
  EXPECT_EQ(run(layer("UpSampling1D"), {kUnknown, 3}).output_shape, (Shape{kUnknown, 3}));
  EXPECT_EQ(run(layer("UpSampling1D", {{"size", i(0)}}), {10, 3}).error_argument, "size");
  EXPECT_EQ(run(layer("UpSampling1D", {{"size", t({2})}}), {10, 3}).error_argument, "size");
  EXPECT_TRUE(has(run(layer("UpSampling1D"), {10}).error, "(batch, steps, channels)"));
}

TEST(up_sampling2d, shapes) {
  LayerResult r = run(layer("UpSampling2D"), {16, 15, 3});
  EXPECT_EQ(r.output_shape, (Shape{32, 30, 3}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "UpSampling2D only repeats each row and column: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "UpSampling2D repeats each row and column, by size=(2, 2): rows: 16 × 2 = 32 and cols: 15 × 2 = 30.");
  EXPECT_EQ(run(layer("UpSampling2D", {{"size", t({2, 3})}}), {16, 15, 3}).output_shape, (Shape{32, 45, 3}));
  EXPECT_EQ(run(layer("UpSampling2D", {{"size", i(3)}}), {16, 15, 3}).output_shape, (Shape{48, 45, 3}));
  EXPECT_EQ(run(layer("UpSampling2D", {{"size", t({2, 3})}, {"data_format", s("channels_first")}}), {3, 16, 15}).output_shape, (Shape{3, 32, 45}));
  EXPECT_EQ(run(layer("UpSampling2D"), {kUnknown, 15, 3}).output_shape, (Shape{kUnknown, 30, 3}));
}

TEST(up_sampling2d, interpolation_changes_words_not_shape) {
  LayerResult r = run(layer("UpSampling2D", {{"interpolation", s("bilinear")}}), {16, 16, 3});
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 3}));
  EXPECT_EQ(r.formula, "UpSampling2D only resizes with 'bilinear' interpolation: no learnable parameters");
  EXPECT_EQ(run(layer("UpSampling2D", {{"interpolation", s("cubic")}}), {16, 16, 3}).error_argument, "interpolation");
}

TEST(up_sampling2d, errors) {
  EXPECT_EQ(run(layer("UpSampling2D", {{"size", i(0)}}), {16, 16, 3}).error_argument, "size");
  EXPECT_EQ(run(layer("UpSampling2D", {{"size", t({2, 2, 2})}}), {16, 16, 3}).error_argument, "size");
  EXPECT_EQ(run(layer("UpSampling2D", {{"size", f(2.0)}}), {16, 16, 3}).error_argument, "size");
  EXPECT_TRUE(has(run(layer("UpSampling2D"), {16, 3}).error, "(batch, rows, cols, channels)"));
}

TEST(up_sampling3d, shapes_and_errors) {
  EXPECT_EQ(run(layer("UpSampling3D"), {4, 8, 8, 2}).output_shape, (Shape{8, 16, 16, 2}));
  EXPECT_EQ(run(layer("UpSampling3D", {{"size", t({1, 2, 2})}}), {4, 8, 8, 2}).output_shape, (Shape{4, 16, 16, 2}));
  EXPECT_EQ(run(layer("UpSampling3D", {{"data_format", s("channels_first")}}), {2, 4, 8, 8}).output_shape, (Shape{2, 8, 16, 16}));
  EXPECT_TRUE(learns_nothing(run(layer("UpSampling3D"), {4, 8, 8, 2})));
  EXPECT_EQ(run(layer("UpSampling3D", {{"size", t({2, 2})}}), {4, 8, 8, 2}).error_argument, "size");
  EXPECT_EQ(run(layer("UpSampling3D", {{"interpolation", s("bilinear")}}), {4, 8, 8, 2}).error_argument, "interpolation");
}

TEST(reshaping, every_type_is_registered_and_learns_nothing) {
  const char* names[] = {"Flatten",      "Reshape",    "Permute",    "RepeatVector", "ZeroPadding1D",
                         "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D",
                         "UpSampling1D", "UpSampling2D", "UpSampling3D"};
  for (const char* name : names) {
    const LayerType* type = find_layer_type(name);
    ASSERT_NE(type, nullptr) << name;
    EXPECT_EQ(type->group, "Reshaping");
  }
  EXPECT_TRUE(learns_nothing(run(layer("Reshape", {{"target_shape", t({4, 16})}}), {8, 8})));
  EXPECT_TRUE(learns_nothing(run(layer("Permute", {{"dims", t({2, 1})}}), {8, 8})));
}
