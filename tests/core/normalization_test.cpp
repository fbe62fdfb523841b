// BatchNormalization, LayerNormalization, GroupNormalization and UnitNormalization: counts,
// trainable/non-trainable splits, Keras' axis numbering (batch included) and every error path.
// BatchNormalization and LayerNormalization counts were cross-checked with @tensorflow/tfjs 4.22.
#include <gtest/gtest.h>

#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

static bool mentions(const LayerResult& r, const char* text) {
  for (const std::string& step : r.explanation)
    if (step.find(text) != std::string::npos) return true;
  return false;
}

static Value list(std::initializer_list<int64_t> v) {
  std::vector<Value> items;
  for (int64_t x : v) items.push_back(Value::of_int(x));
  return Value::list(items);
}

TEST(batch_normalization, tutorial_formula) {
  LayerResult r = run(layer("BatchNormalization"), {32, 32, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 64}));
  EXPECT_EQ(r.params, 256);
  EXPECT_EQ(r.trainable, 128);
  EXPECT_EQ(r.non_trainable, 128);
  EXPECT_EQ(r.formula, "2*64 + 2*64 = 256");
  ASSERT_EQ(r.weights.size(), 4u);
  EXPECT_EQ(r.weights[0].name, "gamma");
  EXPECT_EQ(r.weights[1].name, "beta");
  EXPECT_EQ(r.weights[2].name, "moving_mean");
  EXPECT_FALSE(r.weights[2].trainable);
  EXPECT_FALSE(r.weights[3].trainable);
}

TEST(batch_normalization, explains_why_moving_statistics_are_not_trainable) {
  LayerResult r = run(layer("BatchNormalization"), {64});
  EXPECT_TRUE(mentions(r, "not learned by gradient descent"));
  EXPECT_TRUE(mentions(r, "non-trainable"));
  EXPECT_TRUE(mentions(r, "Total: 128 + 128 = 256 (128 trainable, 128 non-trainable)."));
}

TEST(batch_normalization, center_and_scale) {
  EXPECT_EQ(run(layer("BatchNormalization", {{"center", b(false)}}), {64}).formula, "1*64 + 2*64 = 192");
  EXPECT_EQ(run(layer("BatchNormalization", {{"scale", b(false)}}), {64}).formula, "1*64 + 2*64 = 192");
  LayerResult r = run(layer("BatchNormalization", {{"center", b(false)}, {"scale", b(false)}}), {64});
  EXPECT_EQ(r.formula, "2*64 = 128");
  EXPECT_EQ(r.trainable, 0);
  EXPECT_EQ(r.non_trainable, 128);
}

TEST(batch_normalization, axis_counts_from_the_batch) {
  LayerResult r = run(layer("BatchNormalization", {{"axis", i(1)}}), {32, 16, 64});
  EXPECT_EQ(r.formula, "2*32 + 2*32 = 128");
  EXPECT_EQ(run(layer("BatchNormalization", {{"axis", i(-2)}}), {32, 16, 64}).params, 64);
  EXPECT_EQ(run(layer("BatchNormalization", {{"axis", i(3)}}), {32, 16, 64}).params, 256);
  EXPECT_EQ(run(layer("BatchNormalization", {{"axis", i(-3)}}), {32, 16, 64}).params, 128);
}

TEST(batch_normalization, channels_first_after_conv) {
  Calculator c = model({3, 32, 32}, {
      layer("Conv2D", {{"filters", i(16)}, {"kernel_size", i(3)}, {"data_format", s("channels_first")}}),
      layer("BatchNormalization", {{"axis", i(1)}}),
  });
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[1].formula, "2*16 + 2*16 = 64");
  EXPECT_EQ(c.totals().non_trainable, 32);
}

TEST(batch_normalization, several_axes) {
  LayerResult r = run(layer("BatchNormalization", {{"axis", list({1, 2})}}), {8, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.formula, "2*8*64 + 2*8*64 = 2048");
  EXPECT_EQ(r.weights[0].shape, (Shape{1, 8, 64}));
  EXPECT_EQ(run(layer("BatchNormalization", {{"axis", t({-1, 1})}}), {8, 4, 2}).params, 4 * 16);
}

TEST(batch_normalization, renorm_adds_three_non_trainable_vectors) {
  LayerResult r = run(layer("BatchNormalization", {{"renorm", b(true)}}), {64});
  EXPECT_EQ(r.formula, "2*64 + 5*64 = 448");
  EXPECT_EQ(r.trainable, 128);
  EXPECT_EQ(r.non_trainable, 320);
}

TEST(batch_normalization, trainable_false_freezes_gamma_and_beta_too) {
  LayerResult r = run(layer("BatchNormalization", {{"trainable", b(false)}}), {64});
  EXPECT_EQ(r.trainable, 0);
  EXPECT_EQ(r.non_trainable, 256);
}

TEST(batch_normalization, model_totals_split) {
  Calculator c = model({28, 28, 1}, {
      layer("Conv2D", {{"filters", i(32)}, {"kernel_size", i(3)}}),
      layer("BatchNormalization"),
      layer("Dense", {{"units", i(10)}}),
  });
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.totals().non_trainable, 64);
  EXPECT_EQ(c.totals().trainable, 320 + 64 + 330);
  EXPECT_EQ(c.totals().params, 320 + 128 + 330);
}

TEST(batch_normalization, axis_errors_name_the_axis) {
  LayerResult r = run(layer("BatchNormalization", {{"axis", i(0)}}), {10, 8});
  EXPECT_EQ(r.error_argument, "axis");
  EXPECT_NE(r.error.find("batch axis"), std::string::npos) << r.error;
  r = run(layer("BatchNormalization", {{"axis", i(3)}}), {10, 8});
  EXPECT_EQ(r.error_argument, "axis");
  EXPECT_NE(r.error.find("use 1 to 2, or -1 to -2"), std::string::npos) << r.error;
  EXPECT_EQ(run(layer("BatchNormalization", {{"axis", i(-3)}}), {10, 8}).error_argument, "axis");
  EXPECT_EQ(run(layer("BatchNormalization", {{"axis", i(-4)}}), {10, 8}).error_argument, "axis");
  EXPECT_EQ(run(layer("BatchNormalization", {{"axis", list({1, -2})}}), {10, 8}).error_argument, "axis");
  EXPECT_EQ(run(layer("BatchNormalization", {{"axis", s("last")}}), {10, 8}).error_argument, "axis");
  EXPECT_EQ(run(layer("BatchNormalization", {{"axis", list({})}}), {10, 8}).error_argument, "axis");
}

TEST(batch_normalization, unknown_size_on_the_axis) {
  LayerResult r = run(layer("BatchNormalization"), {10, kUnknown});
  EXPECT_EQ(r.error_argument, "axis");
  EXPECT_NE(r.error.find("None"), std::string::npos) << r.error;
  EXPECT_TRUE(run(layer("BatchNormalization"), {kUnknown, 8}).ok());
}

TEST(batch_normalization, other_bad_arguments) {
  EXPECT_EQ(run(layer("BatchNormalization", {{"momentum", s("high")}}), {8}).error_argument, "momentum");
  EXPECT_EQ(run(layer("BatchNormalization", {{"epsilon", none()}}), {8}).error_argument, "epsilon");
  EXPECT_EQ(run(layer("BatchNormalization", {{"center", s("yes")}}), {8}).error_argument, "center");
  EXPECT_EQ(run(layer("BatchNormalization", {{"virtual_batch_size", i(0)}}), {8}).error_argument, "virtual_batch_size");
  EXPECT_EQ(run(layer("BatchNormalization", {{"fused", b(true)}}), {8}).error_argument, "fused");
  EXPECT_EQ(run(layer("BatchNormalization", {{"fused", b(true)}, {"renorm", b(true)}}), {8, 8, 3}).error_argument, "fused");
  EXPECT_TRUE(run(layer("BatchNormalization", {{"fused", b(true)}}), {8, 8, 3}).ok());
  EXPECT_EQ(run(layer("BatchNormalization", {{"fused", b(true)}, {"axis", i(2)}}), {8, 8, 3}).error_argument, "fused");
  EXPECT_EQ(run(layer("BatchNormalization", {{"moment", f(0.9)}}), {8}).error_argument, "moment");
}

TEST(layer_normalization, tutorial_formula) {
  LayerResult r = run(layer("LayerNormalization"), {10, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{10, 64}));
  EXPECT_EQ(r.formula, "64 + 64 = 128");
  EXPECT_EQ(r.trainable, 128);
  EXPECT_EQ(r.non_trainable, 0);
  EXPECT_TRUE(mentions(r, "no moving mean or variance"));
}

TEST(layer_normalization, several_axes_and_one_axis) {
  LayerResult r = run(layer("LayerNormalization", {{"axis", list({1, 2})}}), {10, 64});
  EXPECT_EQ(r.formula, "10*64 + 10*64 = 1280");
  EXPECT_EQ(r.weights[0].shape, (Shape{10, 64}));
  EXPECT_EQ(run(layer("LayerNormalization", {{"axis", i(1)}}), {10, 64}).formula, "10 + 10 = 20");
}

TEST(layer_normalization, center_and_scale) {
  EXPECT_EQ(run(layer("LayerNormalization", {{"center", b(false)}}), {64}).formula, "64 = 64");
  LayerResult r = run(layer("LayerNormalization", {{"center", b(false)}, {"scale", b(false)}}), {64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 0);
  EXPECT_NE(r.formula.find("no learnable parameters"), std::string::npos) << r.formula;
}

TEST(layer_normalization, errors) {
  EXPECT_EQ(run(layer("LayerNormalization", {{"axis", i(0)}}), {10, 64}).error_argument, "axis");
  EXPECT_EQ(run(layer("LayerNormalization", {{"axis", i(5)}}), {10, 64}).error_argument, "axis");
  EXPECT_EQ(run(layer("LayerNormalization"), {10, kUnknown}).error_argument, "axis");
  EXPECT_EQ(run(layer("LayerNormalization", {{"epsilon", s("tiny")}}), {64}).error_argument, "epsilon");
}

TEST(group_normalization, per_channel_scale_and_shift) {
  LayerResult r = run(layer("GroupNormalization", {{"groups", i(8)}}), {16, 16, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.formula, "64 + 64 = 128");
  EXPECT_EQ(r.non_trainable, 0);
  EXPECT_TRUE(mentions(r, "groups of 8"));
  EXPECT_EQ(run(layer("GroupNormalization"), {16, 16, 64}).params, 128);
  EXPECT_EQ(run(layer("GroupNormalization", {{"groups", i(-1)}}), {16, 16, 6}).params, 12);
}

TEST(group_normalization, errors) {
  EXPECT_EQ(run(layer("GroupNormalization"), {16, 16, 48}).error_argument, "groups");
  EXPECT_EQ(run(layer("GroupNormalization"), {16, 16, 16}).error_argument, "groups");
  EXPECT_EQ(run(layer("GroupNormalization", {{"groups", i(0)}}), {16, 16, 16}).error_argument, "groups");
  EXPECT_EQ(run(layer("GroupNormalization", {{"groups", i(-2)}}), {16, 16, 16}).error_argument, "groups");
  EXPECT_EQ(run(layer("GroupNormalization", {{"groups", i(2)}, {"axis", t({1, 2})}}), {16, 16, 16}).error_argument, "axis");
  EXPECT_EQ(run(layer("GroupNormalization", {{"groups", i(2)}}), {16, kUnknown}).error_argument, "axis");
}

TEST(unit_normalization, no_parameters) {
  LayerResult r = run(layer("UnitNormalization"), {kUnknown, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.output_shape, (Shape{kUnknown, 64}));
  EXPECT_TRUE(run(layer("UnitNormalization", {{"axis", list({1, 2})}}), {kUnknown, 64}).ok());
  EXPECT_EQ(run(layer("UnitNormalization", {{"axis", i(3)}}), {10, 64}).error_argument, "axis");
  EXPECT_EQ(run(layer("UnitNormalization", {{"axis", list({2, -1})}}), {10, 64}).error_argument, "axis");
}
