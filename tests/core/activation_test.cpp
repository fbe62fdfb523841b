// Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax and ThresholdedReLU: shapes, counts, formulas.
#include <gtest/gtest.h>

#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

// A Python list of ints, as shared_axes=[1, 2] is usually written.
Value list(std::initializer_list<int64_t> v) {
  std::vector<Value> items;
  for (int64_t x : v) items.push_back(i(x));
  return Value::list(items);
}

}  // namespace

TEST(activation, names_the_function_and_counts_nothing) {
  LayerResult r = run(layer("Activation", {{"activation", s("relu")}}), {32, 32, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 64}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.bytes, 0);
  EXPECT_TRUE(r.weights.empty());
  EXPECT_EQ(r.formula, "Activation applies relu to each of the 32×32×64 values: no learnable parameters");
  ASSERT_EQ(r.explanation.size(), 3u);
  EXPECT_EQ(r.explanation[0], r.formula);
  EXPECT_EQ(r.explanation[1], "Weights: none; an activation function only transforms values.");
  EXPECT_EQ(r.explanation[2], "Output: the shape stays 32×32×64.");
}

TEST(activation, softmax_works_along_the_last_axis) {
  EXPECT_EQ(run(layer("Activation", {{"activation", s("softmax")}}), {10}).formula,
            "Activation applies softmax along the last axis of the 10 values: no learnable parameters");
}

TEST(activation, expressions_are_kept_verbatim) {
  EXPECT_EQ(run(layer("Activation", {{"activation", Value::expr("tf.nn.relu")}}), {8, 4}).formula,
            "Activation applies tf.nn.relu to each of the 8×4 values: no learnable parameters");
}

TEST(activation, none_and_linear_pass_through) {
  EXPECT_EQ(run(layer("Activation", {{"activation", none()}}), {64}).formula,
            "Activation(None) passes the 64 values through unchanged: no learnable parameters");
  EXPECT_EQ(run(layer("Activation", {{"activation", s("linear")}}), {64}).formula,
            "Activation('linear') passes the 64 values through unchanged: no learnable parameters");
}

TEST(activation, unknown_sequence_length_stays_unknown) {
  LayerResult r = run(layer("Activation", {{"activation", s("tanh")}}), {kUnknown, 16});
  EXPECT_EQ(r.output_shape, (Shape{kUnknown, 16}));
  EXPECT_EQ(r.formula, "Activation applies tanh to each of the None×16 values: no learnable parameters");
}

TEST(activation, errors_name_the_argument) {
  EXPECT_EQ(run(layer("Activation"), {8}).error_argument, "activation");
  EXPECT_EQ(run(layer("Activation", {{"activation", s("relux")}}), {8}).error_argument, "activation");
  EXPECT_EQ(run(layer("Activation", {{"activation", i(3)}}), {8}).error_argument, "activation");
  EXPECT_EQ(run(layer("Activation", {{"activation", s("relu")}, {"units", i(3)}}), {8}).error_argument, "units");
}

TEST(relu, default_is_max_x_0) {
  LayerResult r = run(layer("ReLU"), {32, 32, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 64}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "ReLU applies max(x, 0) to each of the 32×32×64 values: no learnable parameters");
  ASSERT_EQ(r.explanation.size(), 3u);
  EXPECT_EQ(r.explanation[1], "Weights: none; negative values become 0 and the rest pass through.");
  EXPECT_EQ(r.explanation[2], "Output: the shape stays 32×32×64.");
}

TEST(relu, max_value_caps) {
  LayerResult r = run(layer("ReLU", {{"max_value", i(6)}}), {32, 32, 64});
  EXPECT_EQ(r.formula, "ReLU applies min(max(x, 0), 6) to each of the 32×32×64 values: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Weights: none; max_value=6 is a fixed setting, not learned.");
  EXPECT_EQ(run(layer("ReLU", {{"max_value", f(6.0)}}), {8}).formula,
            "ReLU applies min(max(x, 0), 6.0) to each of the 8 values: no learnable parameters");
  EXPECT_TRUE(run(layer("ReLU", {{"max_value", f(0.0)}}), {8}).ok());
}

TEST(relu, slope_and_threshold) {
  EXPECT_EQ(run(layer("ReLU", {{"negative_slope", f(0.1)}}), {64}).formula,
            "ReLU applies x for x >= 0, else 0.1*x, to each of the 64 values: no learnable parameters");
  EXPECT_EQ(run(layer("ReLU", {{"threshold", f(0.5)}}), {64}).formula,
            "ReLU applies x for x >= 0.5, else 0, to each of the 64 values: no learnable parameters");
  LayerResult r = run(layer("ReLU", {{"max_value", i(6)}, {"negative_slope", f(0.1)}, {"threshold", f(0.5)}}), {64});
  EXPECT_EQ(r.formula,
            "ReLU applies min(x, 6) for x >= 0.5, else 0.1*(x - 0.5), to each of the 64 values: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Weights: none; max_value=6, negative_slope=0.1 and threshold=0.5 are fixed settings, not learned.");
  EXPECT_EQ(r.params, 0);
}

TEST(relu, errors_name_the_argument) {
  EXPECT_EQ(run(layer("ReLU", {{"max_value", f(-1.0)}}), {8}).error_argument, "max_value");
  EXPECT_EQ(run(layer("ReLU", {{"max_value", s("big")}}), {8}).error_argument, "max_value");
  EXPECT_EQ(run(layer("ReLU", {{"negative_slope", f(-0.1)}}), {8}).error_argument, "negative_slope");
  EXPECT_EQ(run(layer("ReLU", {{"negative_slope", none()}}), {8}).error_argument, "negative_slope");
  EXPECT_EQ(run(layer("ReLU", {{"threshold", f(-1.0)}}), {8}).error_argument, "threshold");
  EXPECT_EQ(run(layer("ReLU", {{"alpha", f(0.1)}}), {8}).error_argument, "alpha");
  EXPECT_EQ(run(layer("ReLU", {{"max_value", f(-1.0)}}), {8}).error, "max_value must be at least 0, got -1.0");
}

TEST(leaky_relu, fixed_slope_alpha) {
  LayerResult r = run(layer("LeakyReLU"), {16});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{16}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "LeakyReLU applies x for x >= 0, else 0.3*x, to each of the 16 values: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Weights: none; alpha=0.3 is a fixed slope, not learned (PReLU is the variant that learns it).");
  EXPECT_EQ(run(layer("LeakyReLU", {{"alpha", f(0.1)}}), {4, 4}).formula,
            "LeakyReLU applies x for x >= 0, else 0.1*x, to each of the 4×4 values: no learnable parameters");
}

TEST(leaky_relu, keras3_negative_slope) {
  LayerResult r = run(layer("LeakyReLU", {{"negative_slope", f(0.2)}}), {16});
  EXPECT_EQ(r.formula, "LeakyReLU applies x for x >= 0, else 0.2*x, to each of the 16 values: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Weights: none; negative_slope=0.2 is a fixed slope, not learned (PReLU is the variant that learns it).");
}

TEST(leaky_relu, errors_name_the_argument) {
  EXPECT_EQ(run(layer("LeakyReLU", {{"alpha", f(0.1)}, {"negative_slope", f(0.2)}}), {8}).error_argument, "negative_slope");
  EXPECT_EQ(run(layer("LeakyReLU", {{"alpha", f(-0.1)}}), {8}).error_argument, "alpha");
  EXPECT_EQ(run(layer("LeakyReLU", {{"alpha", none()}}), {8}).error_argument, "alpha");
  EXPECT_EQ(run(layer("LeakyReLU", {{"negative_slope", f(-0.1)}}), {8}).error_argument, "negative_slope");
}

TEST(prelu, one_alpha_per_position) {
  LayerResult r = run(layer("PReLU"), {32, 32, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 64}));
  EXPECT_EQ(r.params, 65536);
  EXPECT_EQ(r.trainable, 65536);
  EXPECT_EQ(r.non_trainable, 0);
  EXPECT_EQ(r.bytes, 65536 * 4);
  EXPECT_EQ(r.formula, "32*32*64 = 65536");
  ASSERT_EQ(r.weights.size(), 1u);
  EXPECT_EQ(r.weights[0].name, "alpha");
  EXPECT_EQ(r.weights[0].shape, (Shape{32, 32, 64}));
  EXPECT_TRUE(r.weights[0].trainable);
  ASSERT_EQ(r.explanation.size(), 5u);
  EXPECT_EQ(r.explanation[0], "Inputs: the previous layer gives 32×32×64 values.");
  EXPECT_EQ(r.explanation[1], "Shared axes: none, so each of the 32×32×64 positions gets its own alpha.");
  EXPECT_EQ(r.explanation[2], "Weights: PReLU learns the slope of the negative part, one alpha per unshared position: 32 × 32 × 64 = 65536.");
  EXPECT_EQ(r.explanation[3], "Biases: none.");
  EXPECT_EQ(r.explanation[4], "Total: 65536.");
}

TEST(prelu, shared_axes_rows_and_cols) {
  LayerResult r = run(layer("PReLU", {{"shared_axes", list({1, 2})}}), {32, 32, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 64}));
  EXPECT_EQ(r.params, 64);
  EXPECT_EQ(r.trainable, 64);
  EXPECT_EQ(r.formula, "1*1*64 = 64");
  EXPECT_EQ(r.weights[0].shape, (Shape{1, 1, 64}));
  EXPECT_EQ(r.explanation[1], "Shared axes: shared_axes=[1, 2] uses one alpha along axes 1 and 2 (counting the batch as axis 0), so alpha has the shape 1×1×64.");
  EXPECT_EQ(r.explanation[2], "Weights: PReLU learns the slope of the negative part, one alpha per unshared position: 1 × 1 × 64 = 64.");
  EXPECT_EQ(run(layer("PReLU", {{"shared_axes", t({1, 2})}}), {32, 32, 64}).formula, "1*1*64 = 64");
  EXPECT_EQ(run(layer("PReLU", {{"shared_axes", list({2, 1, 2})}}), {32, 32, 64}).formula, "1*1*64 = 64");
}

TEST(prelu, shared_axes_one_axis_or_int) {
  EXPECT_EQ(run(layer("PReLU", {{"shared_axes", list({1})}}), {32, 32, 64}).formula, "1*32*64 = 2048");
  EXPECT_EQ(run(layer("PReLU", {{"shared_axes", i(3)}}), {32, 32, 64}).formula, "32*32*1 = 1024");
  LayerResult r = run(layer("PReLU", {{"shared_axes", i(1)}}), {32, 32, 64});
  EXPECT_EQ(r.params, 2048);
  EXPECT_EQ(r.explanation[1], "Shared axes: shared_axes=1 uses one alpha along axis 1 (counting the batch as axis 0), so alpha has the shape 1×32×64.");
}

TEST(prelu, after_dense) {
  LayerResult r = run(layer("PReLU"), {64});
  EXPECT_EQ(r.formula, "64 = 64");
  EXPECT_EQ(r.explanation[2], "Weights: PReLU learns the slope of the negative part, one alpha per unshared position: 64.");
}

TEST(prelu, unknown_dims_must_be_shared) {
  LayerResult r = run(layer("PReLU"), {kUnknown, 64});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error_argument, "shared_axes");
  EXPECT_EQ(r.error, "PReLU learns one alpha per position, but axis 1 is None in (None, None, 64); share it with shared_axes=[1]");
  r = run(layer("PReLU", {{"shared_axes", list({3})}}), {kUnknown, kUnknown, 8});
  EXPECT_EQ(r.error, "PReLU learns one alpha per position, but axes 1 and 2 are None in (None, None, None, 8); share them with shared_axes=[1, 2, 3]");
  r = run(layer("PReLU", {{"shared_axes", list({1})}}), {kUnknown, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{kUnknown, 64}));
  EXPECT_EQ(r.formula, "1*64 = 64");
}

TEST(prelu, invalid_shared_axes_fail) {
  EXPECT_EQ(run(layer("PReLU", {{"shared_axes", list({0})}}), {32, 32, 64}).error_argument, "shared_axes");
  EXPECT_EQ(run(layer("PReLU", {{"shared_axes", list({4})}}), {32, 32, 64}).error_argument, "shared_axes");
  EXPECT_EQ(run(layer("PReLU", {{"shared_axes", list({-1})}}), {32, 32, 64}).error_argument, "shared_axes");
  EXPECT_EQ(run(layer("PReLU", {{"shared_axes", s("rows")}}), {32, 32, 64}).error_argument, "shared_axes");
  EXPECT_EQ(run(layer("PReLU", {{"shared_axes", list({1, 4})}}), {32, 32, 64}).error,
            "shared_axes counts the batch as axis 0, so on (None, 32, 32, 64) it takes axes from 1 to 3, got [1, 4]");
}

TEST(prelu, trainable_false_freezes_the_alphas) {
  LayerResult r = run(layer("PReLU", {{"shared_axes", list({1, 2})}, {"trainable", b(false)}}), {32, 32, 64});
  EXPECT_EQ(r.params, 64);
  EXPECT_EQ(r.trainable, 0);
  EXPECT_EQ(r.non_trainable, 64);
  EXPECT_FALSE(r.weights[0].trainable);
}

TEST(prelu, in_a_model_after_conv2d) {
  Calculator c = model({32, 32, 3}, {
      layer("Conv2D", {{"filters", i(64)}, {"kernel_size", i(3)}, {"padding", s("same")}}),
      layer("PReLU", {{"shared_axes", list({1, 2})}}),
      layer("ReLU"),
  });
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[1].formula, "1*1*64 = 64");
  EXPECT_EQ(c.results()[2].output_shape, (Shape{32, 32, 64}));
  EXPECT_EQ(c.totals().params, 1792 + 64);
  EXPECT_EQ(c.totals().trainable, 1792 + 64);
}

TEST(elu, fixed_alpha) {
  LayerResult r = run(layer("ELU"), {8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{8}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "ELU applies x for x > 0, else 1.0*(exp(x) - 1), to each of the 8 values: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Weights: none; alpha=1.0 is a fixed setting, not learned.");
  EXPECT_EQ(run(layer("ELU", {{"alpha", f(0.5)}}), {8}).formula,
            "ELU applies x for x > 0, else 0.5*(exp(x) - 1), to each of the 8 values: no learnable parameters");
  EXPECT_EQ(run(layer("ELU", {{"alpha", none()}}), {8}).error_argument, "alpha");
  EXPECT_EQ(run(layer("ELU", {{"alpha", s("one")}}), {8}).error_argument, "alpha");
}

TEST(thresholded_relu, keeps_values_above_theta) {
  LayerResult r = run(layer("ThresholdedReLU"), {8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.formula, "ThresholdedReLU applies x for x > 1.0, else 0, to each of the 8 values: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Weights: none; theta=1.0 is a fixed setting, not learned.");
  EXPECT_EQ(run(layer("ThresholdedReLU", {{"theta", i(2)}}), {8}).formula,
            "ThresholdedReLU applies x for x > 2, else 0, to each of the 8 values: no learnable parameters");
  EXPECT_EQ(run(layer("ThresholdedReLU", {{"theta", f(-1.0)}}), {8}).error_argument, "theta");
  EXPECT_EQ(run(layer("ThresholdedReLU", {{"theta", none()}}), {8}).error_argument, "theta");
}

TEST(softmax, last_axis_by_default) {
  LayerResult r = run(layer("Softmax"), {10});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{10}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "Softmax rescales the 10 values so those along axis -1 sum to 1: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Weights: none; axis -1 is the axis of size 10, counting the batch as axis 0.");
  EXPECT_EQ(r.explanation[2], "Output: the shape stays 10.");
}

TEST(softmax, other_axes) {
  LayerResult r = run(layer("Softmax", {{"axis", i(1)}}), {5, 10});
  EXPECT_EQ(r.formula, "Softmax rescales the 5×10 values so those along axis 1 sum to 1: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Weights: none; axis 1 is the axis of size 5, counting the batch as axis 0.");
  r = run(layer("Softmax", {{"axis", list({1, 2})}}), {4, 5, 6});
  EXPECT_EQ(r.formula, "Softmax rescales the 4×5×6 values so those along axes [1, 2] sum to 1: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "Weights: none; axes [1, 2] count the batch as axis 0.");
  r = run(layer("Softmax", {{"axis", i(-2)}}), {10});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.explanation[1], "Weights: none; axis 0 is the batch axis, so each value is normalized across the examples of the batch.");
}

TEST(softmax, axis_errors) {
  EXPECT_EQ(run(layer("Softmax", {{"axis", i(2)}}), {10}).error_argument, "axis");
  EXPECT_EQ(run(layer("Softmax", {{"axis", i(-3)}}), {10}).error_argument, "axis");
  EXPECT_EQ(run(layer("Softmax", {{"axis", f(1.5)}}), {10}).error_argument, "axis");
  EXPECT_EQ(run(layer("Softmax", {{"axis", Value::list({})}}), {10}).error_argument, "axis");
  EXPECT_EQ(run(layer("Softmax", {{"axis", list({1, 3})}}), {4, 5}).error_argument, "axis");
  EXPECT_EQ(run(layer("Softmax", {{"axis", i(3)}}), {5, 10}).error,
            "axis 3 is out of range for (None, 5, 10): Softmax takes axes from -3 to 2, counting the batch as axis 0");
}

TEST(activation, scalar_examples_read_as_one_value) {
  EXPECT_EQ(run(layer("ReLU"), {}).formula, "ReLU applies max(x, 0) to the single value: no learnable parameters");
  LayerResult r = run(layer("PReLU"), {});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.formula, "1 = 1");
  EXPECT_EQ(r.explanation[0], "Inputs: the previous layer gives one value.");
}
