// Dropout, SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, AlphaDropout and
// ActivityRegularization: shapes kept, nothing counted, formulas in words, errors named.
#include <gtest/gtest.h>

#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

// noise_shape as Keras code writes it, with None for the batch: (None, 1, 64).
Value mask(std::initializer_list<int64_t> v) {
  std::vector<Value> items = {none()};
  for (int64_t x : v) items.push_back(x == kUnknown ? none() : i(x));
  return Value::tuple(items);
}

}  // namespace

TEST(dropout, zeroes_a_fraction_and_counts_nothing) {
  LayerResult r = run(layer("Dropout", {{"rate", f(0.5)}}), {32, 32, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 64}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.trainable, 0);
  EXPECT_EQ(r.non_trainable, 0);
  EXPECT_EQ(r.bytes, 0);
  EXPECT_TRUE(r.weights.empty());
  EXPECT_EQ(r.formula, "Dropout zeroes a random 50% of the 32×32×64 values while training: no learnable parameters");
  ASSERT_EQ(r.explanation.size(), 3u);
  EXPECT_EQ(r.explanation[0], r.formula);
  EXPECT_EQ(r.explanation[1], "While training, the kept values are scaled by 1/(1 - 0.5) = 2 so their expected sum stays the same; at inference nothing is dropped.");
  EXPECT_EQ(r.explanation[2], "Output: the shape stays 32×32×64.");
}

TEST(dropout, rate_in_percent) {
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(0.1)}}), {128}).formula,
            "Dropout zeroes a random 10% of the 128 values while training: no learnable parameters");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(0.125)}}), {128}).formula,
            "Dropout zeroes a random 12.5% of the 128 values while training: no learnable parameters");
  LayerResult r = run(layer("Dropout", {{"rate", f(0.25)}}), {kUnknown, 128});
  EXPECT_EQ(r.output_shape, (Shape{kUnknown, 128}));
  EXPECT_EQ(r.formula, "Dropout zeroes a random 25% of the None×128 values while training: no learnable parameters");
  EXPECT_EQ(r.explanation[1], "While training, the kept values are scaled by 1/(1 - 0.25) = 1.333 so their expected sum stays the same; at inference nothing is dropped.");
}

TEST(dropout, rate_zero_passes_through) {
  LayerResult r = run(layer("Dropout", {{"rate", i(0)}}), {128});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.formula, "Dropout with rate 0 passes the 128 values through unchanged: no learnable parameters");
  EXPECT_EQ(r.explanation.size(), 2u);
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(0.0)}}), {128}).formula, r.formula);
}

TEST(dropout, rate_errors) {
  EXPECT_EQ(run(layer("Dropout"), {128}).error_argument, "rate");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(1.0)}}), {128}).error_argument, "rate");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(1.5)}}), {128}).error_argument, "rate");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(-0.1)}}), {128}).error_argument, "rate");
  EXPECT_EQ(run(layer("Dropout", {{"rate", none()}}), {128}).error_argument, "rate");
  EXPECT_EQ(run(layer("Dropout", {{"rate", s("half")}}), {128}).error_argument, "rate");
  EXPECT_EQ(run(layer("Dropout", {{"p", f(0.5)}}), {128}).error_argument, "p");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(1.5)}}), {128}).error,
            "rate is the fraction of values to drop and must be at least 0 and below 1, got 1.5");
  EXPECT_EQ(run(layer("Dropout", {{"rate", i(1)}}), {128}).error,
            "rate is the fraction of values to drop and must be at least 0 and below 1, got 1; rate=1 would drop every value");
}

TEST(dropout, noise_shape_shares_the_mask) {
  LayerResult r = run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", mask({1, 64})}}), {10, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{10, 64}));
  ASSERT_EQ(r.explanation.size(), 4u);
  EXPECT_EQ(r.explanation[2], "Mask: noise_shape=(None, 1, 64) draws one keep-or-drop choice per entry and shares it along the axes marked 1, so whole slices are dropped together.");
  EXPECT_TRUE(run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", t({32, 1, 64})}}), {10, 64}).ok());
  EXPECT_TRUE(run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", mask({kUnknown, 1})}}), {10, 64}).ok());
  EXPECT_TRUE(run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", mask({7, 64})}}), {kUnknown, 64}).ok());
}

TEST(dropout, noise_shape_errors) {
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", mask({64})}}), {10, 64}).error_argument, "noise_shape");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", mask({5, 64})}}), {10, 64}).error_argument, "noise_shape");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", mask({1, 0})}}), {10, 64}).error_argument, "noise_shape");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", s("rows")}}), {10, 64}).error_argument, "noise_shape");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", mask({64})}}), {10, 64}).error,
            "noise_shape includes the batch axis, so it needs 3 entries for (None, 10, 64), got (None, 64)");
  EXPECT_EQ(run(layer("Dropout", {{"rate", f(0.5)}, {"noise_shape", mask({5, 64})}}), {10, 64}).error,
            "noise_shape must have None, 1 or 10 on axis 1 to match (None, 10, 64), got (None, 5, 64)");
}

TEST(dropout, in_a_model_adds_nothing) {
  Calculator c = model({784}, {
      layer("Dense", {{"units", i(128)}}),
      layer("Dropout", {{"rate", f(0.2)}}),
      layer("Dense", {{"units", i(10)}}),
  });
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[1].output_shape, (Shape{128}));
  EXPECT_EQ(c.results()[2].formula, "128*10 + 10 = 1290");
  EXPECT_EQ(c.totals().params, 784 * 128 + 128 + 1290);
}

TEST(dropout, trainable_false_changes_nothing) {
  LayerResult r = run(layer("Dropout", {{"rate", f(0.5)}, {"trainable", b(false)}}), {128});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.explanation.size(), 3u);
}

TEST(spatial_dropout1d, drops_whole_channels) {
  LayerResult r = run(layer("SpatialDropout1D", {{"rate", f(0.2)}}), {100, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{100, 64}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "SpatialDropout1D zeroes a random 20% of the 64 channels, each across all 100 steps, while training: no learnable parameters");
  ASSERT_EQ(r.explanation.size(), 4u);
  EXPECT_EQ(r.explanation[1], "Mask: neighbouring values in a channel are strongly correlated, so dropping them one by one barely regularizes; the mask has the shape (batch, 1, 64), one keep-or-drop choice per example and channel.");
  EXPECT_EQ(r.explanation[2], "While training, the kept values are scaled by 1/(1 - 0.2) = 1.25 so their expected sum stays the same; at inference nothing is dropped.");
  EXPECT_EQ(run(layer("SpatialDropout1D", {{"rate", f(0.2)}}), {kUnknown, 64}).formula,
            "SpatialDropout1D zeroes a random 20% of the 64 channels, each across all steps, while training: no learnable parameters");
}

TEST(spatial_dropout1d, errors) {
  LayerResult r = run(layer("SpatialDropout1D", {{"rate", f(0.2)}}), {32, 32, 3});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("(batch, steps, channels)"), std::string::npos) << r.error;
  EXPECT_EQ(run(layer("SpatialDropout1D"), {100, 64}).error_argument, "rate");
  EXPECT_EQ(run(layer("SpatialDropout1D", {{"rate", f(1.0)}}), {100, 64}).error_argument, "rate");
  EXPECT_EQ(run(layer("SpatialDropout1D", {{"rate", f(0.2)}, {"data_format", s("channels_last")}}), {100, 64}).error_argument, "data_format");
}

TEST(spatial_dropout2d, drops_whole_feature_maps) {
  LayerResult r = run(layer("SpatialDropout2D", {{"rate", f(0.5)}}), {32, 32, 64});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 64}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "SpatialDropout2D zeroes a random 50% of the 64 feature maps, each a whole 32×32 map, while training: no learnable parameters");
  EXPECT_NE(r.explanation[1].find("the mask has the shape (batch, 1, 1, 64)"), std::string::npos) << r.explanation[1];
  r = run(layer("SpatialDropout2D", {{"rate", f(0.5)}, {"data_format", s("channels_first")}}), {64, 32, 32});
  EXPECT_EQ(r.output_shape, (Shape{64, 32, 32}));
  EXPECT_EQ(r.formula, "SpatialDropout2D zeroes a random 50% of the 64 feature maps, each a whole 32×32 map, while training: no learnable parameters");
  EXPECT_NE(r.explanation[1].find("the mask has the shape (batch, 64, 1, 1)"), std::string::npos) << r.explanation[1];
  EXPECT_EQ(run(layer("SpatialDropout2D", {{"rate", f(0.5)}}), {32, 32, kUnknown}).formula,
            "SpatialDropout2D zeroes a random 50% of the feature maps, each a whole 32×32 map, while training: no learnable parameters");
  EXPECT_EQ(run(layer("SpatialDropout2D", {{"rate", f(0.0)}}), {32, 32, 64}).formula,
            "SpatialDropout2D with rate 0 passes the 32×32×64 values through unchanged: no learnable parameters");
}

TEST(spatial_dropout2d, errors) {
  LayerResult r = run(layer("SpatialDropout2D", {{"rate", f(0.5)}}), {32, 64});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("(batch, rows, cols, channels)"), std::string::npos) << r.error;
  EXPECT_EQ(run(layer("SpatialDropout2D", {{"rate", f(0.5)}, {"data_format", s("nchw")}}), {32, 32, 64}).error_argument, "data_format");
  EXPECT_EQ(run(layer("SpatialDropout2D", {{"rate", f(-0.5)}}), {32, 32, 64}).error_argument, "rate");
}

TEST(spatial_dropout3d, drops_whole_volumes) {
  LayerResult r = run(layer("SpatialDropout3D", {{"rate", f(0.5)}}), {16, 16, 16, 8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{16, 16, 16, 8}));
  EXPECT_EQ(r.formula, "SpatialDropout3D zeroes a random 50% of the 8 feature maps, each a whole 16×16×16 volume, while training: no learnable parameters");
  EXPECT_NE(r.explanation[1].find("(batch, 1, 1, 1, 8)"), std::string::npos) << r.explanation[1];
  r = run(layer("SpatialDropout3D", {{"rate", f(0.5)}}), {32, 32, 64});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("(batch, depth, rows, cols, channels)"), std::string::npos) << r.error;
}

TEST(gaussian_noise, adds_noise_while_training) {
  LayerResult r = run(layer("GaussianNoise", {{"stddev", f(0.1)}}), {32});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "GaussianNoise adds random noise with stddev 0.1 to each of the 32 values while training: no learnable parameters");
  EXPECT_EQ(r.explanation.size(), 3u);
  r = run(layer("GaussianNoise", {{"stddev", f(2.0)}}), {32});
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.explanation.size(), 4u);
  EXPECT_EQ(r.explanation[2], "Keras 3 accepts only stddev from 0 to 1; tf.keras 2 allows 2.0.");
  EXPECT_EQ(run(layer("GaussianNoise", {{"stddev", i(0)}}), {32}).formula,
            "GaussianNoise with stddev 0 passes the 32 values through unchanged: no learnable parameters");
}

TEST(gaussian_noise, errors) {
  EXPECT_EQ(run(layer("GaussianNoise"), {32}).error_argument, "stddev");
  EXPECT_EQ(run(layer("GaussianNoise", {{"stddev", f(-0.1)}}), {32}).error_argument, "stddev");
  EXPECT_EQ(run(layer("GaussianNoise", {{"stddev", s("small")}}), {32}).error_argument, "stddev");
}

TEST(gaussian_dropout, multiplies_by_noise_around_one) {
  LayerResult r = run(layer("GaussianDropout", {{"rate", f(0.5)}}), {32});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "GaussianDropout multiplies each of the 32 values by random noise around 1 with stddev sqrt(0.5/(1 - 0.5)) = 1 while training: no learnable parameters");
  EXPECT_EQ(run(layer("GaussianDropout", {{"rate", f(0.2)}}), {32}).formula,
            "GaussianDropout multiplies each of the 32 values by random noise around 1 with stddev sqrt(0.2/(1 - 0.2)) = 0.5 while training: no learnable parameters");
  EXPECT_EQ(run(layer("GaussianDropout", {{"rate", f(0.0)}}), {32}).formula,
            "GaussianDropout with rate 0 passes the 32 values through unchanged: no learnable parameters");
  EXPECT_EQ(run(layer("GaussianDropout"), {32}).error_argument, "rate");
  EXPECT_EQ(run(layer("GaussianDropout", {{"rate", f(1.0)}}), {32}).error_argument, "rate");
}

TEST(alpha_dropout, keeps_mean_and_variance) {
  LayerResult r = run(layer("AlphaDropout", {{"rate", f(0.1)}}), {32});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "AlphaDropout drops a random 10% of the 32 values while training and rescales the rest so their mean and variance stay the same: no learnable parameters");
  EXPECT_EQ(r.explanation.size(), 3u);
  EXPECT_EQ(run(layer("AlphaDropout", {{"rate", f(0.1)}, {"noise_shape", mask({1, 8})}}), {4, 8}).explanation.size(), 4u);
  EXPECT_EQ(run(layer("AlphaDropout", {{"rate", f(0.1)}, {"noise_shape", mask({3, 8})}}), {4, 8}).error_argument, "noise_shape");
  EXPECT_EQ(run(layer("AlphaDropout", {{"rate", f(1.5)}}), {32}).error_argument, "rate");
  EXPECT_EQ(run(layer("AlphaDropout"), {32}).error_argument, "rate");
}

TEST(activity_regularization, adds_a_penalty_to_the_loss) {
  LayerResult r = run(layer("ActivityRegularization", {{"l1", f(0.01)}}), {32});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "ActivityRegularization passes the 32 values through and adds 0.01*sum(|x|) to the loss: no learnable parameters");
  EXPECT_EQ(r.explanation.size(), 3u);
  EXPECT_EQ(run(layer("ActivityRegularization", {{"l1", f(0.01)}, {"l2", f(0.001)}}), {32}).formula,
            "ActivityRegularization passes the 32 values through and adds 0.01*sum(|x|) + 0.001*sum(x²) to the loss: no learnable parameters");
  EXPECT_EQ(run(layer("ActivityRegularization", {{"l1", none()}, {"l2", f(0.01)}}), {32}).formula,
            "ActivityRegularization passes the 32 values through and adds 0.01*sum(x²) to the loss: no learnable parameters");
  EXPECT_EQ(run(layer("ActivityRegularization"), {32}).formula,
            "ActivityRegularization with l1=0.0 and l2=0.0 passes the 32 values through unchanged: no learnable parameters");
}

TEST(activity_regularization, errors) {
  EXPECT_EQ(run(layer("ActivityRegularization", {{"l1", f(-0.1)}}), {32}).error_argument, "l1");
  EXPECT_EQ(run(layer("ActivityRegularization", {{"l2", f(-0.1)}}), {32}).error_argument, "l2");
  EXPECT_EQ(run(layer("ActivityRegularization", {{"l2", s("strong")}}), {32}).error_argument, "l2");
}
