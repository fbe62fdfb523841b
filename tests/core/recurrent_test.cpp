// SimpleRNN, LSTM, GRU and the Bidirectional / TimeDistributed wrappers: shapes, counts, formulas.
// Counts were cross-checked with @tensorflow/tfjs 4.22 except GRU reset_after=True, which tfjs
// lacks; those follow Keras' documented bias of shape (2, 3*units).
#include <gtest/gtest.h>

#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

static bool mentions(const LayerResult& r, const char* text) {
  for (const std::string& step : r.explanation)
    if (step.find(text) != std::string::npos) return true;
  return false;
}

TEST(simple_rnn, tutorial_formula) {
  LayerResult r = run(layer("SimpleRNN", {{"units", i(32)}}), {10, 8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32}));
  EXPECT_EQ(r.params, 1312);
  EXPECT_EQ(r.trainable, 1312);
  EXPECT_EQ(r.non_trainable, 0);
  EXPECT_EQ(r.formula, "8*32 + 32*32 + 32 = 1312");
  ASSERT_EQ(r.weights.size(), 3u);
  EXPECT_EQ(r.weights[0].shape, (Shape{8, 32}));
  EXPECT_EQ(r.weights[1].name, "recurrent_kernel");
  EXPECT_EQ(r.weights[1].shape, (Shape{32, 32}));
  EXPECT_EQ(r.weights[2].shape, (Shape{32}));
}

TEST(simple_rnn, without_bias_and_with_sequences) {
  LayerResult r = run(layer("SimpleRNN", {{"units", i(32)}, {"use_bias", b(false)}, {"return_sequences", b(true)}}), {kUnknown, 8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{kUnknown, 32}));
  EXPECT_EQ(r.formula, "8*32 + 32*32 = 1280");
  EXPECT_TRUE(mentions(r, "use_bias=False"));
  EXPECT_TRUE(mentions(r, "any length (None)"));
}

TEST(simple_rnn, explanation_teaches_the_recurrence) {
  LayerResult r = run(layer("SimpleRNN", {{"units", i(4)}}), {5, 3});
  EXPECT_TRUE(mentions(r, "Input weights: each unit is connected to the step's 3 inputs: 3 × 4 = 12."));
  EXPECT_TRUE(mentions(r, "Recurrent weights: the previous step's 4 outputs feed back into every unit: 4 × 4 = 16."));
  EXPECT_TRUE(mentions(r, "Total: 12 + 16 + 4 = 32."));
  EXPECT_TRUE(mentions(r, "return_sequences=False"));
}

TEST(lstm, tutorial_formula) {
  LayerResult r = run(layer("LSTM", {{"units", i(32)}}), {10, 8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{32}));
  EXPECT_EQ(r.params, 5248);
  EXPECT_EQ(r.formula, "4*(8*32 + 32*32 + 32) = 5248");
  EXPECT_EQ(r.weights[0].shape, (Shape{8, 128}));
  EXPECT_EQ(r.weights[1].shape, (Shape{32, 128}));
  EXPECT_EQ(r.weights[2].shape, (Shape{128}));
  EXPECT_TRUE(mentions(r, "forget gate"));
  EXPECT_TRUE(mentions(r, "Total: 4 × (256 + 1024 + 32) = 4 × 1312 = 5248."));
}

TEST(lstm, without_bias) {
  LayerResult r = run(layer("LSTM", {{"units", i(32)}, {"use_bias", b(false)}}), {10, 8});
  EXPECT_EQ(r.formula, "4*(8*32 + 32*32) = 5120");
  EXPECT_EQ(r.weights.size(), 2u);
}

TEST(lstm, return_sequences_keeps_time) {
  LayerResult r = run(layer("LSTM", {{"units", i(64)}, {"return_sequences", b(true)}}), {100, 16});
  EXPECT_EQ(r.output_shape, (Shape{100, 64}));
  EXPECT_EQ(r.params, 4 * (16 * 64 + 64 * 64 + 64));
}

TEST(lstm, positional_and_flags_that_do_not_count) {
  LayerResult r = run(layer("LSTM", {{"units", i(8)}, {"go_backwards", b(true)}, {"stateful", b(true)}, {"time_major", b(true)}, {"unit_forget_bias", b(false)}, {"dropout", f(0.2)}}), {10, 4});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 4 * (4 * 8 + 8 * 8 + 8));
  EXPECT_TRUE(mentions(r, "go_backwards=True"));
  EXPECT_TRUE(mentions(r, "time_major=True"));
}

TEST(gru, reset_after_true_is_the_default) {
  LayerResult r = run(layer("GRU", {{"units", i(32)}}), {10, 8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 4032);
  EXPECT_EQ(r.formula, "3*(8*32 + 32*32 + 2*32) = 4032");
  EXPECT_EQ(r.weights[2].shape, (Shape{2, 96}));
  EXPECT_TRUE(mentions(r, "two bias vectors"));
  EXPECT_TRUE(mentions(r, "update gate"));
}

TEST(gru, reset_after_false_has_one_bias) {
  LayerResult r = run(layer("GRU", {{"units", i(32)}, {"reset_after", b(false)}}), {10, 8});
  EXPECT_EQ(r.params, 3936);
  EXPECT_EQ(r.formula, "3*(8*32 + 32*32 + 32) = 3936");
  EXPECT_EQ(r.weights[2].shape, (Shape{96}));
}

TEST(gru, without_bias_reset_after_does_not_matter) {
  EXPECT_EQ(run(layer("GRU", {{"units", i(32)}, {"use_bias", b(false)}}), {10, 8}).formula, "3*(8*32 + 32*32) = 3840");
  EXPECT_EQ(run(layer("GRU", {{"units", i(32)}, {"use_bias", b(false)}, {"reset_after", b(false)}}), {10, 8}).formula, "3*(8*32 + 32*32) = 3840");
}

TEST(gru, sequences_of_unknown_length) {
  LayerResult r = run(layer("GRU", {{"units", i(16)}, {"return_sequences", b(true)}}), {kUnknown, 4});
  EXPECT_EQ(r.output_shape, (Shape{kUnknown, 16}));
}

TEST(recurrent, stacked_in_a_model) {
  Calculator c = model({kUnknown}, {
      layer("Embedding", {{"input_dim", i(1000)}, {"output_dim", i(64)}}),
      layer("LSTM", {{"units", i(128)}, {"return_sequences", b(true)}}),
      layer("GRU", {{"units", i(32)}}),
      layer("Dense", {{"units", i(1)}}),
  });
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[1].output_shape, (Shape{kUnknown, 128}));
  EXPECT_EQ(c.results()[1].formula, "4*(64*128 + 128*128 + 128) = 98816");
  EXPECT_EQ(c.results()[2].formula, "3*(128*32 + 32*32 + 2*32) = 15552");
  EXPECT_EQ(c.results()[3].formula, "32*1 + 1 = 33");
}

TEST(recurrent, trainable_false_freezes_everything) {
  LayerResult r = run(layer("LSTM", {{"units", i(32)}, {"trainable", b(false)}}), {10, 8});
  EXPECT_EQ(r.trainable, 0);
  EXPECT_EQ(r.non_trainable, 5248);
}

TEST(recurrent, bad_units_name_the_argument) {
  EXPECT_EQ(run(layer("SimpleRNN", {{"units", i(0)}}), {10, 8}).error_argument, "units");
  EXPECT_EQ(run(layer("LSTM", {{"units", i(-3)}}), {10, 8}).error_argument, "units");
  EXPECT_EQ(run(layer("GRU", {{"units", s("32")}}), {10, 8}).error_argument, "units");
  EXPECT_EQ(run(layer("LSTM"), {10, 8}).error_argument, "units");
}

TEST(recurrent, bad_flags_and_numbers_name_the_argument) {
  EXPECT_EQ(run(layer("LSTM", {{"units", i(4)}, {"return_sequences", s("yes")}}), {10, 8}).error_argument, "return_sequences");
  EXPECT_EQ(run(layer("GRU", {{"units", i(4)}, {"reset_after", s("no")}}), {10, 8}).error_argument, "reset_after");
  EXPECT_EQ(run(layer("SimpleRNN", {{"units", i(4)}, {"dropout", s("half")}}), {10, 8}).error_argument, "dropout");
  EXPECT_EQ(run(layer("LSTM", {{"units", i(4)}, {"activation", s("tanhh")}}), {10, 8}).error_argument, "activation");
  EXPECT_EQ(run(layer("SimpleRNN", {{"units", i(4)}, {"reset_after", b(true)}}), {10, 8}).error_argument, "reset_after");
}

TEST(recurrent, return_state_cannot_go_on_in_a_sequential_model) {
  LayerResult r = run(layer("LSTM", {{"units", i(32)}, {"return_state", b(true)}}), {10, 8});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_EQ(r.error_argument, "return_state");
  EXPECT_NE(r.error.find("Sequential"), std::string::npos) << r.error;
  EXPECT_EQ(run(layer("GRU", {{"units", i(32)}, {"return_state", b(true)}}), {10, 8}).error_argument, "return_state");
}

TEST(recurrent, unroll_needs_known_steps) {
  EXPECT_EQ(run(layer("SimpleRNN", {{"units", i(4)}, {"unroll", b(true)}}), {kUnknown, 8}).error_argument, "unroll");
  EXPECT_TRUE(run(layer("SimpleRNN", {{"units", i(4)}, {"unroll", b(true)}}), {10, 8}).ok());
}

TEST(recurrent, wrong_rank_shows_the_layout) {
  LayerResult r = run(layer("LSTM", {{"units", i(32)}}), {784});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("(batch, timesteps, features)"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("(None, 784)"), std::string::npos) << r.error;
  EXPECT_EQ(run(layer("GRU", {{"units", i(32)}}), {28, 28, 1}).status, LayerStatus::Error);
}

TEST(recurrent, unknown_features_fail) {
  LayerResult r = run(layer("SimpleRNN", {{"units", i(4)}}), {10, kUnknown});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("number of features per time step"), std::string::npos) << r.error;
}

TEST(recurrent, huge_counts_are_errors_not_wrapped) {
  LayerResult r = run(layer("LSTM", {{"units", i(int64_t{1} << 31)}}), {10, 8});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("too large to count exactly"), std::string::npos) << r.error;
}

TEST(bidirectional, lstm_concat_doubles) {
  LayerResult r = run(wrap("Bidirectional", layer("LSTM", {{"units", i(32)}})), {10, 8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{64}));
  EXPECT_EQ(r.params, 10496);
  EXPECT_EQ(r.trainable, 10496);
  EXPECT_EQ(r.formula, "2*4*(8*32 + 32*32 + 32) = 10496");
  ASSERT_EQ(r.weights.size(), 6u);
  EXPECT_EQ(r.weights[0].name, "forward_lstm/kernel");
  EXPECT_EQ(r.weights[3].name, "backward_lstm/kernel");
  EXPECT_TRUE(mentions(r, "Both directions: 2 × 5248 = 10496."));
  EXPECT_TRUE(mentions(r, "32 + 32 = 64"));
}

TEST(bidirectional, simple_rnn_formula_is_parenthesized) {
  LayerResult r = run(wrap("Bidirectional", layer("SimpleRNN", {{"units", i(16)}}), {{"merge_mode", s("ave")}}), {10, 8});
  EXPECT_EQ(r.output_shape, (Shape{16}));
  EXPECT_EQ(r.formula, "2*(8*16 + 16*16 + 16) = 800");
}

TEST(bidirectional, merge_modes) {
  Layer lstm = layer("LSTM", {{"units", i(32)}, {"return_sequences", b(true)}});
  EXPECT_EQ(run(wrap("Bidirectional", lstm), {10, 8}).output_shape, (Shape{10, 64}));
  EXPECT_EQ(run(wrap("Bidirectional", lstm, {{"merge_mode", s("sum")}}), {10, 8}).output_shape, (Shape{10, 32}));
  EXPECT_EQ(run(wrap("Bidirectional", lstm, {{"merge_mode", s("mul")}}), {10, 8}).output_shape, (Shape{10, 32}));
  EXPECT_EQ(run(wrap("Bidirectional", lstm, {{"merge_mode", s("ave")}}), {kUnknown, 8}).output_shape, (Shape{kUnknown, 32}));
  EXPECT_EQ(run(wrap("Bidirectional", lstm, {{"merge_mode", s("sum")}}), {10, 8}).params, 10496);
}

TEST(bidirectional, gru_with_reset_after) {
  LayerResult r = run(wrap("Bidirectional", layer("GRU", {{"units", i(32)}})), {10, 8});
  EXPECT_EQ(r.formula, "2*3*(8*32 + 32*32 + 2*32) = 8064");
}

TEST(bidirectional, merge_mode_none_and_unknown_fail) {
  LayerResult r = run(wrap("Bidirectional", layer("LSTM", {{"units", i(32)}}), {{"merge_mode", none()}}), {10, 8});
  EXPECT_EQ(r.error_argument, "merge_mode");
  EXPECT_NE(r.error.find("Sequential"), std::string::npos) << r.error;
  EXPECT_EQ(run(wrap("Bidirectional", layer("LSTM", {{"units", i(32)}}), {{"merge_mode", s("max")}}), {10, 8}).error_argument, "merge_mode");
}

TEST(bidirectional, wraps_only_recurrent_layers) {
  LayerResult r = run(wrap("Bidirectional", layer("Dense", {{"units", i(32)}})), {10, 8});
  EXPECT_EQ(r.error_argument, "layer");
  EXPECT_NE(r.error.find("not Dense"), std::string::npos) << r.error;
  EXPECT_EQ(run(layer("Bidirectional"), {10, 8}).error_argument, "layer");
}

TEST(bidirectional, inner_errors_carry_the_argument) {
  LayerResult r = run(wrap("Bidirectional", layer("LSTM", {{"units", i(0)}})), {10, 8});
  EXPECT_EQ(r.error_argument, "layer.units");
  r = run(wrap("Bidirectional", layer("LSTM", {{"units", i(4)}, {"return_state", b(true)}})), {10, 8});
  EXPECT_EQ(r.error_argument, "layer.return_state");
  r = run(wrap("Bidirectional", layer("LSTM", {{"units", i(4)}})), {64});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("(batch, timesteps, features)"), std::string::npos) << r.error;
}

TEST(bidirectional, backward_layer_adds_its_own_count) {
  Layer l = wrap("Bidirectional", layer("LSTM", {{"units", i(32)}}));
  l.inner.push_back(layer("GRU", {{"units", i(16)}, {"go_backwards", b(true)}}));
  LayerResult r = run(l, {10, 8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{48}));
  EXPECT_EQ(r.formula, "4*(8*32 + 32*32 + 32) + 3*(8*16 + 16*16 + 2*16) = 6496");
  EXPECT_EQ(r.weights[3].name, "backward_gru/kernel");
}

TEST(bidirectional, backward_layer_must_read_the_other_way_and_agree) {
  Layer l = wrap("Bidirectional", layer("LSTM", {{"units", i(32)}}));
  l.inner.push_back(layer("LSTM", {{"units", i(32)}}));
  EXPECT_EQ(run(l, {10, 8}).error_argument, "backward_layer");
  l.inner[1] = layer("LSTM", {{"units", i(32)}, {"go_backwards", b(true)}, {"return_sequences", b(true)}});
  EXPECT_EQ(run(l, {10, 8}).error_argument, "backward_layer");
  l.inner[1] = layer("LSTM", {{"units", i(16)}, {"go_backwards", b(true)}});
  l.set_arg("merge_mode", s("sum"));
  EXPECT_EQ(run(l, {10, 8}).error_argument, "backward_layer");
  l.inner[1] = layer("Dense", {{"units", i(16)}});
  EXPECT_EQ(run(l, {10, 8}).error_argument, "backward_layer");
}

TEST(bidirectional, frozen_inner_layer_stays_non_trainable) {
  LayerResult r = run(wrap("Bidirectional", layer("SimpleRNN", {{"units", i(4)}, {"trainable", b(false)}})), {10, 2});
  EXPECT_EQ(r.params, 2 * (2 * 4 + 4 * 4 + 4));
  EXPECT_EQ(r.trainable, 0);
  EXPECT_EQ(r.non_trainable, 56);
}

TEST(time_distributed, dense_on_every_step) {
  LayerResult r = run(wrap("TimeDistributed", layer("Dense", {{"units", i(32)}})), {10, 8});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{10, 32}));
  EXPECT_EQ(r.params, 288);
  EXPECT_EQ(r.formula, "8*32 + 32 = 288");
  EXPECT_TRUE(mentions(r, "all 10 steps"));
}

TEST(time_distributed, conv2d_on_video_frames) {
  LayerResult r = run(wrap("TimeDistributed", layer("Conv2D", {{"filters", i(16)}, {"kernel_size", i(3)}})), {5, 28, 28, 3});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{5, 26, 26, 16}));
  EXPECT_EQ(r.formula, "3*144 + 16 = 448");
  EXPECT_EQ(r.weights.size(), 2u);
}

TEST(time_distributed, unknown_steps_and_parameterless_inner) {
  LayerResult r = run(wrap("TimeDistributed", layer("Dense", {{"units", i(4)}})), {kUnknown, 3});
  EXPECT_EQ(r.output_shape, (Shape{kUnknown, 4}));
  EXPECT_TRUE(mentions(r, "every step"));
  r = run(wrap("TimeDistributed", layer("BatchNormalization")), {10, 6});
  EXPECT_EQ(r.trainable, 12);
  EXPECT_EQ(r.non_trainable, 12);
}

TEST(time_distributed, errors) {
  LayerResult r = run(wrap("TimeDistributed", layer("Dense", {{"units", i(4)}})), {8});
  EXPECT_EQ(r.status, LayerStatus::Error);
  EXPECT_NE(r.error.find("(batch, timesteps, ...)"), std::string::npos) << r.error;
  EXPECT_EQ(run(wrap("TimeDistributed", layer("Dense", {{"units", i(0)}})), {10, 8}).error_argument, "layer.units");
  EXPECT_EQ(run(layer("TimeDistributed"), {10, 8}).error_argument, "layer");
  EXPECT_EQ(run(wrap("TimeDistributed", layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(3)}})), {10, 8}).status, LayerStatus::Error);
}
