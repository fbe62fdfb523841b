// Max and average pooling in 1D/2D/3D, global pooling and Keras' short aliases: output shapes,
// the zero count and its reason, explanations, and errors that name the argument. Shapes were
// cross-checked with @tensorflow/tfjs 4.22 where it has the layer.
#include <gtest/gtest.h>

#include <limits>

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

}  // namespace

TEST(max_pooling2d, halves_by_default) {
  LayerResult r = run(layer("MaxPooling2D"), {32, 32, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{16, 16, 64}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "MaxPooling2D only takes the largest value in each 2×2 window: no learnable parameters");
}

TEST(max_pooling2d, explains_the_window_and_the_shape) {
  LayerResult r = run(layer("MaxPooling2D"), {32, 32, 64});
  ASSERT_EQ(r.explanation.size(), 4u);
  EXPECT_EQ(r.explanation[0], "Inputs: the previous layer gives 32×32×64: a grid of 32×32 positions with 64 channels.");
  EXPECT_EQ(r.explanation[1], "MaxPooling2D takes the largest value in each 2×2 window, moving 2 at a time (strides default to pool_size), on each channel separately.");
  EXPECT_EQ(r.explanation[2], "Output: with padding 'valid' each side is ceil((length - pool + 1) / stride) long: ceil((32 - 2 + 1) / 2) = 16, so 32×32×64 becomes 16×16×64.");
  EXPECT_EQ(r.explanation[3], r.formula);
}

TEST(max_pooling2d, explains_each_axis_when_they_differ) {
  LayerResult r = run(layer("MaxPooling2D", {{"pool_size", t({3, 2})}, {"strides", i(1)}, {"padding", s("same")}}), {32, 31, 64});
  EXPECT_EQ(r.output_shape, (Shape{32, 31, 64}));
  EXPECT_EQ(r.explanation[1], "MaxPooling2D takes the largest value in each 3×2 window, moving 1 at a time, on each channel separately.");
  EXPECT_EQ(r.explanation[2], "Output: with padding 'same' each side is ceil(length / stride) long; rows: ceil(32 / 1) = 32 and cols: ceil(31 / 1) = 31, so 32×31×64 becomes 32×31×64.");
}

TEST(max_pooling2d, odd_sizes_round_as_keras) {
  EXPECT_EQ(run(layer("MaxPooling2D"), {31, 31, 8}).output_shape, (Shape{15, 15, 8}));
  EXPECT_EQ(run(layer("MaxPooling2D", {{"padding", s("same")}}), {31, 31, 8}).output_shape, (Shape{16, 16, 8}));
  EXPECT_EQ(run(layer("MaxPooling2D", {{"pool_size", i(3)}, {"strides", i(2)}}), {32, 31, 5}).output_shape, (Shape{15, 15, 5}));
  EXPECT_EQ(run(layer("MaxPooling2D", {{"pool_size", i(3)}, {"strides", i(2)}, {"padding", s("same")}}), {32, 31, 5}).output_shape, (Shape{16, 16, 5}));
  EXPECT_EQ(run(layer("MaxPooling2D", {{"pool_size", i(3)}, {"strides", i(1)}}), {10, 10, 2}).output_shape, (Shape{8, 8, 2}));
}

TEST(max_pooling2d, strides_per_axis) {
  LayerResult r = run(layer("MaxPooling2D", {{"strides", t({1, 2})}}), {8, 8, 3});
  EXPECT_EQ(r.output_shape, (Shape{7, 4, 3}));
  EXPECT_TRUE(has(r.explanation[1], "moving by strides (1, 2)")) << r.explanation[1];
}

TEST(max_pooling2d, padding_is_case_insensitive) {
  EXPECT_EQ(run(layer("MaxPooling2D", {{"padding", s("SAME")}}), {5, 5, 1}).output_shape, (Shape{3, 3, 1}));
}

TEST(max_pooling2d, channels_first) {
  LayerResult r = run(layer("MaxPooling2D", {{"pool_size", i(3)}, {"strides", i(2)}, {"data_format", s("channels_first")}}), {5, 32, 31});
  EXPECT_EQ(r.output_shape, (Shape{5, 15, 15}));
  EXPECT_EQ(r.explanation[0], "Inputs: the previous layer gives 5×32×31: a grid of 32×31 positions with 5 channels.");
}

TEST(max_pooling2d, unknown_dims_stay_unknown) {
  EXPECT_EQ(run(layer("MaxPooling2D"), {kUnknown, 32, 16}).output_shape, (Shape{kUnknown, 16, 16}));
  EXPECT_EQ(run(layer("MaxPooling2D"), {8, 8, kUnknown}).output_shape, (Shape{4, 4, kUnknown}));
}

TEST(max_pooling2d, pool_larger_than_input) {
  LayerResult r = run(layer("MaxPooling2D", {{"pool_size", i(7)}}), {3, 3, 1});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error_argument, "pool_size");
  EXPECT_TRUE(has(r.error, "3 - 7 + 1 = -3")) << r.error;
  EXPECT_EQ(run(layer("MaxPooling2D", {{"pool_size", i(7)}, {"padding", s("same")}}), {3, 3, 1}).output_shape, (Shape{1, 1, 1}));
}

TEST(max_pooling2d, errors_name_the_argument) {
  EXPECT_EQ(run(layer("MaxPooling2D", {{"pool_size", i(0)}}), {8, 8, 3}).error_argument, "pool_size");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"pool_size", t({2, -1})}}), {8, 8, 3}).error_argument, "pool_size");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"pool_size", t({2, 2, 2})}}), {8, 8, 3}).error_argument, "pool_size");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"pool_size", s("2")}}), {8, 8, 3}).error_argument, "pool_size");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"pool_size", f(2.0)}}), {8, 8, 3}).error_argument, "pool_size");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"strides", i(0)}}), {8, 8, 3}).error_argument, "strides");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"strides", t({1, 2, 3})}}), {8, 8, 3}).error_argument, "strides");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"padding", s("causal")}}), {8, 8, 3}).error_argument, "padding");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"padding", i(1)}}), {8, 8, 3}).error_argument, "padding");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"data_format", s("channels_middle")}}), {8, 8, 3}).error_argument, "data_format");
  EXPECT_EQ(run(layer("MaxPooling2D", {{"kernel_size", i(2)}}), {8, 8, 3}).error_argument, "kernel_size");
}

TEST(max_pooling2d, wrong_rank_says_what_it_needs) {
  LayerResult r = run(layer("MaxPooling2D"), {784});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error_argument, "");
  EXPECT_TRUE(has(r.error, "(batch, rows, cols, channels)")) << r.error;
  EXPECT_TRUE(has(r.error, "(None, 784)")) << r.error;
  r = run(layer("MaxPooling2D", {{"data_format", s("channels_first")}}), {3, 8});
  EXPECT_TRUE(has(r.error, "(batch, channels, rows, cols)")) << r.error;
}

TEST(max_pooling1d, shapes) {
  EXPECT_EQ(run(layer("MaxPooling1D"), {100, 64}).output_shape, (Shape{50, 64}));
  EXPECT_EQ(run(layer("MaxPooling1D", {{"pool_size", i(3)}}), {10, 8}).output_shape, (Shape{3, 8}));
  EXPECT_EQ(run(layer("MaxPooling1D", {{"pool_size", t({3})}}), {10, 8}).output_shape, (Shape{3, 8}));
  EXPECT_EQ(run(layer("MaxPooling1D", {{"pool_size", i(3)}, {"strides", i(1)}}), {10, 8}).output_shape, (Shape{8, 8}));
  EXPECT_EQ(run(layer("MaxPooling1D", {{"pool_size", i(3)}, {"padding", s("same")}}), {10, 8}).output_shape, (Shape{4, 8}));
  EXPECT_EQ(run(layer("MaxPooling1D", {{"pool_size", i(3)}, {"data_format", s("channels_first")}}), {8, 10}).output_shape, (Shape{8, 3}));
  EXPECT_EQ(run(layer("MaxPooling1D"), {kUnknown, 64}).output_shape, (Shape{kUnknown, 64}));
}

TEST(max_pooling1d, speaks_of_steps) {
  LayerResult r = run(layer("MaxPooling1D", {{"pool_size", i(3)}}), {10, 8});
  EXPECT_EQ(r.formula, "MaxPooling1D only takes the largest value in each window of 3 steps: no learnable parameters");
  EXPECT_EQ(r.explanation[0], "Inputs: the previous layer gives 10×8: 10 steps with 8 channels.");
  EXPECT_TRUE(learns_nothing(r));
}

TEST(max_pooling1d, huge_strides_do_not_overflow) {
  const int64_t huge = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(run(layer("MaxPooling1D", {{"strides", i(huge)}}), {10, 3}).output_shape, (Shape{1, 3}));
  EXPECT_EQ(run(layer("MaxPooling1D", {{"strides", i(huge)}, {"padding", s("same")}}), {10, 3}).output_shape, (Shape{1, 3}));
  EXPECT_EQ(run(layer("MaxPooling1D", {{"pool_size", i(huge)}, {"padding", s("same")}}), {10, 3}).output_shape, (Shape{1, 3}));
}

TEST(max_pooling1d, errors) {
  EXPECT_EQ(run(layer("MaxPooling1D", {{"pool_size", i(3)}}), {2, 4}).error_argument, "pool_size");
  EXPECT_EQ(run(layer("MaxPooling1D", {{"pool_size", t({2, 2})}}), {8, 4}).error_argument, "pool_size");
  EXPECT_EQ(run(layer("MaxPooling1D", {{"strides", i(-1)}}), {8, 4}).error_argument, "strides");
  LayerResult r = run(layer("MaxPooling1D"), {10});
  EXPECT_TRUE(has(r.error, "(batch, steps, channels)")) << r.error;
}

TEST(max_pooling3d, shapes) {
  EXPECT_EQ(run(layer("MaxPooling3D"), {9, 8, 7, 2}).output_shape, (Shape{4, 4, 3, 2}));
  EXPECT_EQ(run(layer("MaxPooling3D", {{"data_format", s("channels_first")}}), {2, 9, 8, 7}).output_shape, (Shape{2, 4, 4, 3}));
  EXPECT_EQ(run(layer("MaxPooling3D", {{"pool_size", t({1, 2, 2})}}), {9, 8, 7, 2}).output_shape, (Shape{9, 4, 3, 2}));
  EXPECT_EQ(run(layer("MaxPooling3D", {{"pool_size", t({2, 2})}}), {9, 8, 7, 2}).error_argument, "pool_size");
  EXPECT_TRUE(has(run(layer("MaxPooling3D"), {8, 8, 3}).error, "(batch, depth, rows, cols, channels)"));
}

TEST(average_pooling2d, shapes_and_reason) {
  LayerResult r = run(layer("AveragePooling2D"), {32, 32, 64});
  EXPECT_EQ(r.output_shape, (Shape{16, 16, 64}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "AveragePooling2D only averages each 2×2 window: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "AveragePooling2D averages each 2×2 window, moving 2 at a time (strides default to pool_size), on each channel separately.");
  EXPECT_EQ(run(layer("AveragePooling2D", {{"pool_size", i(3)}, {"strides", i(2)}, {"padding", s("same")}}), {7, 7, 1}).output_shape, (Shape{4, 4, 1}));
  EXPECT_EQ(run(layer("AveragePooling2D", {{"pool_size", i(9)}}), {8, 8, 1}).error_argument, "pool_size");
}

TEST(average_pooling1d, shapes) {
  EXPECT_EQ(run(layer("AveragePooling1D"), {10, 4}).output_shape, (Shape{5, 4}));
  EXPECT_EQ(run(layer("AveragePooling1D", {{"strides", i(1)}, {"padding", s("same")}}), {10, 4}).output_shape, (Shape{10, 4}));
  EXPECT_EQ(run(layer("AveragePooling1D", {{"pool_size", i(0)}}), {10, 4}).error_argument, "pool_size");
}

TEST(average_pooling3d, shapes) {
  EXPECT_EQ(run(layer("AveragePooling3D"), {8, 8, 8, 1}).output_shape, (Shape{4, 4, 4, 1}));
  EXPECT_EQ(run(layer("AveragePooling3D", {{"pool_size", i(2)}, {"strides", i(3)}, {"padding", s("same")}}), {9, 8, 7, 2}).output_shape, (Shape{3, 3, 3, 2}));
  EXPECT_EQ(run(layer("AveragePooling3D", {{"padding", s("full")}}), {8, 8, 8, 1}).error_argument, "padding");
}

TEST(global_average_pooling2d, one_value_per_channel) {
  LayerResult r = run(layer("GlobalAveragePooling2D"), {8, 8, 512});
  EXPECT_EQ(r.output_shape, (Shape{512}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "GlobalAveragePooling2D only averages each channel over all 8×8 positions: no learnable parameters");
  EXPECT_EQ(r.explanation[2], "Output: 512 values, one per channel: 8×8×512 becomes 512.");
}

TEST(global_average_pooling2d, keepdims_and_channels_first) {
  EXPECT_EQ(run(layer("GlobalAveragePooling2D", {{"keepdims", b(true)}}), {8, 8, 512}).output_shape, (Shape{1, 1, 512}));
  EXPECT_EQ(run(layer("GlobalAveragePooling2D", {{"data_format", s("channels_first")}}), {512, 8, 8}).output_shape, (Shape{512}));
  EXPECT_EQ(run(layer("GlobalAveragePooling2D", {{"data_format", s("channels_first")}, {"keepdims", b(true)}}), {512, 8, 8}).output_shape, (Shape{512, 1, 1}));
  LayerResult r = run(layer("GlobalAveragePooling2D", {{"keepdims", b(true)}}), {8, 8, 512});
  EXPECT_EQ(r.explanation[2], "Output: keepdims=True keeps the rows and cols axes with size 1, so 8×8×512 becomes 1×1×512.");
}

TEST(global_average_pooling2d, unknown_dims) {
  EXPECT_EQ(run(layer("GlobalAveragePooling2D"), {kUnknown, kUnknown, 3}).output_shape, (Shape{3}));
  EXPECT_EQ(run(layer("GlobalAveragePooling2D"), {8, 8, kUnknown}).output_shape, (Shape{kUnknown}));
  EXPECT_EQ(run(layer("GlobalAveragePooling2D"), {kUnknown, kUnknown, 3}).formula,
            "GlobalAveragePooling2D only averages each channel over all its positions: no learnable parameters");
}

TEST(global_average_pooling2d, errors) {
  EXPECT_EQ(run(layer("GlobalAveragePooling2D", {{"keepdims", s("yes")}}), {8, 8, 3}).error_argument, "keepdims");
  EXPECT_EQ(run(layer("GlobalAveragePooling2D", {{"data_format", s("NHWC")}}), {8, 8, 3}).error_argument, "data_format");
  EXPECT_EQ(run(layer("GlobalAveragePooling2D", {{"pool_size", i(2)}}), {8, 8, 3}).error_argument, "pool_size");
  LayerResult r = run(layer("GlobalAveragePooling2D"), {64, 3});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_TRUE(has(r.error, "(batch, rows, cols, channels)")) << r.error;
}

TEST(global_average_pooling1d, shapes) {
  LayerResult r = run(layer("GlobalAveragePooling1D"), {100, 64});
  EXPECT_EQ(r.output_shape, (Shape{64}));
  EXPECT_EQ(r.formula, "GlobalAveragePooling1D only averages each channel over all 100 steps: no learnable parameters");
  EXPECT_EQ(run(layer("GlobalAveragePooling1D"), {kUnknown, 64}).output_shape, (Shape{64}));
  EXPECT_EQ(run(layer("GlobalAveragePooling1D", {{"keepdims", b(true)}}), {100, 64}).output_shape, (Shape{1, 64}));
  EXPECT_EQ(run(layer("GlobalAveragePooling1D", {{"data_format", s("channels_first")}}), {64, 100}).output_shape, (Shape{64}));
}

TEST(global_average_pooling3d, shapes) {
  EXPECT_EQ(run(layer("GlobalAveragePooling3D"), {4, 8, 8, 16}).output_shape, (Shape{16}));
  EXPECT_EQ(run(layer("GlobalAveragePooling3D", {{"keepdims", b(true)}}), {4, 8, 8, 16}).output_shape, (Shape{1, 1, 1, 16}));
  EXPECT_EQ(run(layer("GlobalAveragePooling3D", {{"data_format", s("channels_first")}, {"keepdims", b(true)}}), {16, 4, 8, 8}).output_shape, (Shape{16, 1, 1, 1}));
}

TEST(global_max_pooling1d, shapes_and_reason) {
  LayerResult r = run(layer("GlobalMaxPooling1D"), {100, 64});
  EXPECT_EQ(r.output_shape, (Shape{64}));
  EXPECT_TRUE(learns_nothing(r));
  EXPECT_EQ(r.formula, "GlobalMaxPooling1D only takes the largest value of each channel over all 100 steps: no learnable parameters");
  EXPECT_EQ(run(layer("GlobalMaxPooling1D", {{"keepdims", b(true)}}), {100, 64}).output_shape, (Shape{1, 64}));
  EXPECT_EQ(run(layer("GlobalMaxPooling1D", {{"data_format", s("channels_first")}, {"keepdims", b(true)}}), {64, kUnknown}).output_shape, (Shape{64, 1}));
  EXPECT_TRUE(has(run(layer("GlobalMaxPooling1D"), {64}).error, "(batch, steps, channels)"));
}

TEST(global_max_pooling2d, shapes) {
  EXPECT_EQ(run(layer("GlobalMaxPooling2D"), {7, 7, 2048}).output_shape, (Shape{2048}));
  EXPECT_EQ(run(layer("GlobalMaxPooling2D", {{"data_format", s("channels_first")}}), {512, 8, 8}).output_shape, (Shape{512}));
  EXPECT_EQ(run(layer("GlobalMaxPooling2D", {{"keepdims", b(true)}}), {7, 7, 2048}).output_shape, (Shape{1, 1, 2048}));
}

TEST(global_max_pooling3d, shapes) {
  EXPECT_EQ(run(layer("GlobalMaxPooling3D"), {4, 8, 8, 16}).output_shape, (Shape{16}));
  EXPECT_EQ(run(layer("GlobalMaxPooling3D", {{"keepdims", b(true)}}), {4, 8, 8, 16}).output_shape, (Shape{1, 1, 1, 16}));
  EXPECT_TRUE(has(run(layer("GlobalMaxPooling3D"), {8, 8, 16}).error, "(batch, depth, rows, cols, channels)"));
}

TEST(pooling_aliases, behave_as_their_classes) {
  EXPECT_EQ(run(layer("MaxPool1D"), {10, 4}).output_shape, run(layer("MaxPooling1D"), {10, 4}).output_shape);
  EXPECT_EQ(run(layer("MaxPool2D", {{"pool_size", i(3)}, {"strides", i(2)}}), {32, 31, 5}).output_shape, (Shape{15, 15, 5}));
  EXPECT_EQ(run(layer("MaxPool3D"), {9, 8, 7, 2}).output_shape, (Shape{4, 4, 3, 2}));
  EXPECT_EQ(run(layer("AvgPool1D", {{"padding", s("same")}}), {9, 4}).output_shape, (Shape{5, 4}));
  EXPECT_EQ(run(layer("AvgPool2D"), {32, 32, 64}).output_shape, (Shape{16, 16, 64}));
  EXPECT_EQ(run(layer("AvgPool3D"), {8, 8, 8, 1}).output_shape, (Shape{4, 4, 4, 1}));
  EXPECT_EQ(run(layer("GlobalMaxPool1D"), {100, 64}).output_shape, (Shape{64}));
  EXPECT_EQ(run(layer("GlobalMaxPool2D", {{"keepdims", b(true)}}), {8, 8, 512}).output_shape, (Shape{1, 1, 512}));
  EXPECT_EQ(run(layer("GlobalMaxPool3D"), {4, 8, 8, 16}).output_shape, (Shape{16}));
  EXPECT_EQ(run(layer("GlobalAvgPool1D"), {100, 64}).output_shape, (Shape{64}));
  EXPECT_EQ(run(layer("GlobalAvgPool2D"), {8, 8, 512}).output_shape, (Shape{512}));
  EXPECT_EQ(run(layer("GlobalAvgPool3D"), {4, 8, 8, 16}).output_shape, (Shape{16}));
}

TEST(pooling_aliases, speak_as_the_keras_class) {
  LayerResult r = run(layer("AvgPool2D"), {32, 32, 64});
  EXPECT_EQ(r.formula, "AveragePooling2D only averages each 2×2 window: no learnable parameters");
  EXPECT_EQ(r.explanation[0], "AvgPool2D is Keras' short name for AveragePooling2D: the same layer.");
  r = run(layer("GlobalMaxPool1D"), {100, 64});
  EXPECT_EQ(r.formula, "GlobalMaxPooling1D only takes the largest value of each channel over all 100 steps: no learnable parameters");
  EXPECT_EQ(r.explanation[0], "GlobalMaxPool1D is Keras' short name for GlobalMaxPooling1D: the same layer.");
  EXPECT_EQ(run(layer("MaxPooling2D"), {32, 32, 64}).explanation.size(), 4u);
  EXPECT_EQ(run(layer("MaxPool2D", {{"pool_size", i(9)}}), {8, 8, 1}).error_argument, "pool_size");
  EXPECT_TRUE(has(run(layer("GlobalAvgPool2D"), {64}).error, "GlobalAvgPool2D needs input of shape"));
  EXPECT_EQ(find_layer_type("MaxPool3D")->group, "Pooling");
}

TEST(pooling, every_type_learns_nothing) {
  int count = 0;
  for (const LayerType& type : layer_types()) {
    if (type.group != "Pooling") continue;
    ++count;
    char rank = type.name[type.name.size() - 2];
    Shape input = rank == '1' ? Shape{8, 4} : rank == '2' ? Shape{8, 8, 4} : Shape{8, 8, 8, 4};
    LayerResult r = run(layer(type.name), input);
    EXPECT_TRUE(learns_nothing(r)) << type.name << ": " << r.error;
    EXPECT_TRUE(has(r.formula, ": no learnable parameters")) << type.name;
    std::string keras_class = type.name;  // MaxPool2D -> MaxPooling2D, GlobalAvgPool1D -> GlobalAveragePooling1D
    if (!has(keras_class, "Pooling")) {
      size_t at = keras_class.find("Pool");
      keras_class.replace(at, 4, "Pooling");
      if (has(keras_class, "Avg")) keras_class.replace(keras_class.find("Avg"), 3, "Average");
    }
    EXPECT_EQ(r.formula.rfind(keras_class + " only ", 0), 0u) << r.formula;
  }
  EXPECT_EQ(count, 24);
}

TEST(pooling, in_a_model_feeds_flatten_and_dense) {
  Calculator c = model({32, 32, 3}, {
      layer("Conv2D", {{"filters", i(32)}, {"kernel_size", i(3)}, {"padding", s("same")}}),
      layer("MaxPooling2D"),
      layer("Flatten"),
      layer("Dense", {{"units", i(10)}}),
  });
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[1].output_shape, (Shape{16, 16, 32}));
  EXPECT_EQ(c.results()[2].formula, "Flatten only reshapes 16×16×32 into 8192 values: no learnable parameters");
  EXPECT_EQ(c.results()[3].formula, "8192*10 + 10 = 81930");
  EXPECT_EQ(c.totals().params, 896 + 81930);
}
