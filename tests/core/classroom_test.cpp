// The classroom features: quiz answers judged against the usual mistakes (each mistaken number
// worked out here from the layer's own arithmetic, as a student would get it), and the causes
// behind a total that differs from the model's.
#include <gtest/gtest.h>

#include <string>

#include "core/quiz.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

// The tutorial's CNN: 32×32×3 -> Conv1(32, 3×3) -> Conv2(64) -> Conv3(128) -> Conv4(256, 1×1)
// -> Flatten -> Dense(10), all convolutions 'same'.
Calculator tutorial() {
  auto conv = [](const char* name, int64_t filters, int64_t k) {
    Layer l = layer("Conv2D", {{"filters", i(filters)}, {"kernel_size", t({k, k})}, {"padding", s("same")}});
    l.name = name;
    return l;
  };
  Layer flatten = layer("Flatten");
  flatten.name = "Flatten";
  Layer dense = layer("Dense", {{"units", i(10)}});
  dense.name = "Output";
  return model({32, 32, 3}, {conv("Conv1", 32, 3), conv("Conv2", 64, 3), conv("Conv3", 128, 3), conv("Conv4", 256, 1),
                             flatten, dense});
}

Calculator torch_model(Shape input, std::initializer_list<Layer> layers) {
  Model m;
  m.framework = Framework::PyTorch;
  m.input_shape = std::move(input);
  m.layers = layers;
  return Calculator(std::move(m));
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A hint never gives the answer away.
void expect_no_answer(const QuizVerdict& v) {
  EXPECT_FALSE(contains(v.hint, std::to_string(v.expected))) << v.hint;
  EXPECT_FALSE(contains(v.hint, with_commas(v.expected))) << v.hint;
}

// The wrong answer `answer` to layer `index` is recognised as `mistake` at `step`.
void expect_mistake(const Calculator& calc, size_t index, int64_t answer, const char* mistake, const char* step) {
  QuizVerdict v = check_quiz_answer(calc, index, answer);
  EXPECT_FALSE(v.correct) << answer;
  EXPECT_EQ(v.mistake, mistake) << answer << ": " << v.hint;
  EXPECT_EQ(v.step, step) << answer << ": " << v.hint;
  EXPECT_TRUE(v.error.empty()) << v.error;
  expect_no_answer(v);
}

}  // namespace

TEST(classroom_quiz, the_right_answer_is_correct_and_revealed_with_its_steps) {
  Calculator calc = tutorial();
  QuizVerdict v = check_quiz_answer(calc, 0, 3 * 3 * 3 * 32 + 32);
  EXPECT_TRUE(v.correct);
  EXPECT_EQ(v.expected, 896);
  EXPECT_EQ(v.step, "");
  EXPECT_EQ(v.formula, "3*288 + 32 = 896");
  EXPECT_TRUE(contains(v.reveal, "3*288 + 32 = 896"));
  EXPECT_TRUE(contains(v.reveal, "Biases: one per filter, 32."));
  EXPECT_EQ(v.explanation, calc.explanation(0));
}

TEST(classroom_quiz, weights_alone_forgot_the_biases) {
  Calculator calc = tutorial();
  const int64_t weights = 32 * 3 * 3 * 64;  // Conv2: 32 input channels, 64 filters of 3×3
  expect_mistake(calc, 1, weights, "forgot_biases", "biases");
  QuizVerdict v = check_quiz_answer(calc, 1, weights);
  EXPECT_EQ(v.hint, "Your number is what the 3×3 kernels' weights alone give: each of the 64 filters also has a bias.");
  ASSERT_GE(v.step_index, 0);
  EXPECT_EQ(v.explanation[v.step_index].rfind("Biases:", 0), 0u) << v.explanation[v.step_index];
}

TEST(classroom_quiz, a_bias_per_weight) {
  expect_mistake(tutorial(), 1, 2 * (32 * 9 * 64), "bias_per_weight", "biases");
}

TEST(classroom_quiz, the_kernel_size_once_instead_of_its_area) {
  Calculator calc = tutorial();
  expect_mistake(calc, 1, 32 * 3 * 64 + 64, "kernel_once", "kernel size");
  QuizVerdict v = check_quiz_answer(calc, 1, 32 * 3 * 64 + 64);
  ASSERT_GE(v.step_index, 0);
  EXPECT_EQ(v.explanation[v.step_index].rfind("Outputs:", 0), 0u);
  expect_mistake(calc, 1, 32 * (3 + 3) * 64 + 64, "kernel_sum", "kernel size");
}

TEST(classroom_quiz, forgot_the_input_channels) {
  expect_mistake(tutorial(), 1, 9 * 64 + 64, "forgot_input_channels", "input channels");
}

TEST(classroom_quiz, the_wrong_input_channels) {
  Calculator calc = tutorial();
  // Conv2 counted with the image's 3 channels instead of Conv1's 32.
  expect_mistake(calc, 1, 3 * 9 * 64 + 64, "model_input_channels", "input channels");
  // Conv3 counted with Conv1's 32 channels (two layers back) instead of Conv2's 64.
  expect_mistake(calc, 2, 32 * 9 * 128 + 128, "channels_two_back", "input channels");
  // Conv2 counted with its own 64 filters as its input channels.
  expect_mistake(calc, 1, 64 * 9 * 64 + 64, "own_outputs_as_inputs", "input channels");
}

TEST(classroom_quiz, the_output_size_is_not_the_parameters) {
  Calculator calc = tutorial();
  expect_mistake(calc, 0, 32 * 32 * 32, "output_size", "weights");
  expect_mistake(calc, 0, (3 * 9 * 32 + 32) * 32 * 32, "per_position", "weights");
}

TEST(classroom_quiz, dense_after_flatten_with_the_last_dimension_only) {
  Calculator calc = tutorial();
  expect_mistake(calc, 5, 256 * 10 + 10, "flatten_last_dim", "inputs");
  QuizVerdict v = check_quiz_answer(calc, 5, 256 * 10 + 10);
  EXPECT_TRUE(contains(v.hint, "32×32×256")) << v.hint;
  EXPECT_EQ(v.expected, 32 * 32 * 256 * 10 + 10);
}

TEST(classroom_quiz, a_layer_without_parameters_says_why) {
  Calculator calc = tutorial();
  QuizVerdict v = check_quiz_answer(calc, 4, 32 * 32 * 256);
  EXPECT_FALSE(v.correct);
  EXPECT_EQ(v.expected, 0);
  EXPECT_EQ(v.step, "parameters");
  EXPECT_TRUE(contains(v.hint, "no learnable parameters")) << v.hint;
  EXPECT_TRUE(check_quiz_answer(calc, 4, 0).correct);
}

TEST(classroom_quiz, batch_normalization_in_keras_counts_its_moving_statistics) {
  Calculator calc = model({8, 8, 16}, {layer("BatchNormalization")});
  EXPECT_TRUE(check_quiz_answer(calc, 0, 4 * 16).correct);
  expect_mistake(calc, 0, 2 * 16, "trainable_only", "moving statistics");
  QuizVerdict v = check_quiz_answer(calc, 0, 2 * 16);
  ASSERT_GE(v.step_index, 0);
  EXPECT_EQ(v.explanation[v.step_index].rfind("Non-trainable:", 0), 0u);
  expect_mistake(calc, 0, 4 * 16 * 8 * 8, "per_position", "channels");
}

TEST(classroom_quiz, batch_normalization_in_pytorch_keeps_its_statistics_as_buffers) {
  Calculator calc = torch_model({16, 8, 8}, {layer("BatchNorm2d", {{"num_features", i(16)}})});
  EXPECT_TRUE(check_quiz_answer(calc, 0, 2 * 16).correct);
  expect_mistake(calc, 0, 4 * 16, "with_buffers", "buffers");
  expect_mistake(calc, 0, 4 * 16 + 1, "with_buffers", "buffers");
}

TEST(classroom_quiz, lstm_gates_recurrent_weights_and_biases_in_keras) {
  // Embedding(10000, 64) -> LSTM(64): 4 gates of 64*64 input + 64*64 recurrent weights + 64 biases.
  Calculator calc = model({100}, {layer("Embedding", {{"input_dim", i(10000)}, {"output_dim", i(64)}}),
                                  layer("LSTM", {{"units", i(64)}})});
  const int64_t per_gate = 64 * 64 + 64 * 64 + 64;
  EXPECT_TRUE(check_quiz_answer(calc, 1, 4 * per_gate).correct);
  expect_mistake(calc, 1, per_gate, "forgot_gates", "gates");
  expect_mistake(calc, 1, 4 * (64 * 64 + 64), "forgot_recurrent", "recurrent weights");
  expect_mistake(calc, 1, 4 * (per_gate + 64), "other_framework", "biases");  // PyTorch's two biases
  expect_mistake(calc, 1, 4 * (64 * 64 + 64 * 64), "forgot_biases", "biases");
  expect_mistake(calc, 1, 4 * (10000 * 64 + 64 * 64 + 64), "vocabulary_as_inputs", "inputs");
  QuizVerdict v = check_quiz_answer(calc, 1, 4 * (per_gate + 64));
  EXPECT_TRUE(contains(v.hint, "PyTorch")) << v.hint;
}

TEST(classroom_quiz, lstm_in_pytorch_with_keras_one_bias) {
  Calculator calc = torch_model({100, 32}, {layer("LSTM", {{"input_size", i(32)}, {"hidden_size", i(64)}})});
  EXPECT_TRUE(check_quiz_answer(calc, 0, 4 * (32 * 64 + 64 * 64 + 64 + 64)).correct);
  expect_mistake(calc, 0, 4 * (32 * 64 + 64 * 64 + 64), "other_framework", "biases");
  QuizVerdict v = check_quiz_answer(calc, 0, 4 * (32 * 64 + 64 * 64 + 64));
  EXPECT_TRUE(contains(v.hint, "Keras")) << v.hint;
}

TEST(classroom_quiz, bidirectional_counts_two_directions) {
  Calculator calc = model({10, 8}, {wrap("Bidirectional", layer("GRU", {{"units", i(16)}}))});
  const int64_t one = 3 * (8 * 16 + 16 * 16 + 2 * 16);  // reset_after=True: two bias vectors per gate
  EXPECT_TRUE(check_quiz_answer(calc, 0, 2 * one).correct);
  expect_mistake(calc, 0, one, "one_direction", "directions");
}

TEST(classroom_quiz, depthwise_and_separable_confusions) {
  Calculator depthwise = model({16, 16, 32}, {layer("DepthwiseConv2D", {{"kernel_size", t({3, 3})}})});
  EXPECT_TRUE(check_quiz_answer(depthwise, 0, 32 * 9 + 32).correct);
  expect_mistake(depthwise, 0, 32 * 9 * 32 + 32, "full_convolution", "input channels");

  Calculator separable = model({16, 16, 32}, {layer("SeparableConv2D", {{"filters", i(64)}, {"kernel_size", t({3, 3})}})});
  EXPECT_TRUE(check_quiz_answer(separable, 0, 32 * 9 + 32 * 64 + 64).correct);
  expect_mistake(separable, 0, 32 * 9 + 64, "depthwise_only", "pointwise step");
  expect_mistake(separable, 0, 32 * 64 + 64, "pointwise_only", "depthwise step");
  expect_mistake(separable, 0, 32 * 9 * 64 + 64, "full_convolution", "depthwise step");
}

TEST(classroom_quiz, pytorch_words_and_counts) {
  Calculator calc = torch_model({3, 32, 32}, {layer("Conv2d", {{"in_channels", i(3)}, {"out_channels", i(32)},
                                                               {"kernel_size", i(3)}}),
                                              layer("Conv2d", {{"in_channels", i(32)}, {"out_channels", i(64)},
                                                               {"kernel_size", i(3)}})});
  expect_mistake(calc, 0, 3 * 9 * 32, "forgot_biases", "biases");
  expect_mistake(calc, 1, 32 * 3 * 64 + 64, "kernel_once", "kernel size");
  expect_mistake(calc, 1, 3 * 9 * 64 + 64, "model_input_channels", "input channels");
}

TEST(classroom_quiz, embedding_has_no_bias) {
  Calculator calc = model({20}, {layer("Embedding", {{"input_dim", i(1000)}, {"output_dim", i(16)}})});
  expect_mistake(calc, 0, 1000 * 16 + 16, "embedding_bias", "biases");
  expect_mistake(calc, 0, 20 * 16, "sequence_as_vocabulary", "vocabulary");
}

TEST(classroom_quiz, near_misses_and_factors_without_a_named_step) {
  Calculator calc = tutorial();
  const int64_t conv2 = 32 * 9 * 64 + 64;
  QuizVerdict close = check_quiz_answer(calc, 1, conv2 + 7);
  EXPECT_EQ(close.mistake, "close");
  EXPECT_EQ(close.step, "");
  EXPECT_EQ(close.step_index, -1);
  expect_no_answer(close);
  EXPECT_EQ(check_quiz_answer(calc, 1, conv2 * 7).mistake, "multiple");
  EXPECT_EQ(check_quiz_answer(calc, 1, conv2 / 4).mistake, "fraction");
  QuizVerdict lost = check_quiz_answer(calc, 1, 12345);
  EXPECT_FALSE(lost.correct);
  EXPECT_EQ(lost.mistake, "");
  EXPECT_FALSE(lost.hint.empty());
  expect_no_answer(lost);
  EXPECT_EQ(check_quiz_answer(calc, 1, -5).mistake, "negative");
  EXPECT_EQ(check_quiz_answer(calc, 1, 0).mistake, "counted_nothing");
}

TEST(classroom_quiz, a_missing_layer_or_a_layer_in_error_cannot_be_quizzed) {
  Calculator calc = tutorial();
  QuizVerdict missing = check_quiz_answer(calc, 6, 10);
  EXPECT_FALSE(missing.correct);
  EXPECT_TRUE(contains(missing.error, "no layer 6")) << missing.error;

  Calculator broken = model({32, 32, 3}, {layer("Conv2D", {{"filters", i(8)}, {"kernel_size", t({40, 40})}}),
                                          layer("Dense", {{"units", i(2)}})});
  QuizVerdict error = check_quiz_answer(broken, 0, 10);
  EXPECT_FALSE(error.correct);
  EXPECT_FALSE(error.error.empty());
  QuizVerdict waiting = check_quiz_answer(broken, 1, 10);
  EXPECT_FALSE(waiting.correct);
  EXPECT_TRUE(contains(waiting.error, "waits on")) << waiting.error;
}
