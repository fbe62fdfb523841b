// The classroom features: quiz answers judged against the usual mistakes (each mistaken number
// worked out here from the layer's own arithmetic, as a student would get it), and the causes
// behind a total that differs from the model's.
#include <gtest/gtest.h>

#include <string>

#include "core/discrepancy.h"
#include "core/js_api.h"
#include "core/json_reader.h"
#include "core/model_import.h"
#include "core/model_json.h"
#include "core/presets.h"
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

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }


// The tutorial-like text model: Embedding(10000, 64) -> LSTM(64) -> Dense(1) on 100 token ids.
Model lstm_model() {
  return keras_model({100}, {layer("Embedding", {{"input_dim", i(10000)}, {"output_dim", i(64)}}),
                             layer("LSTM", {{"units", i(64)}}), layer("Dense", {{"units", i(1)}})});
}

int64_t total_of(const Model& m) { return Calculator(m).totals().params; }

const Cause* find_cause(const std::vector<Cause>& causes, const std::string& id) {
  for (const Cause& c : causes)
    if (c.id == id) return &c;
  return nullptr;
}

// Exact matches come first, then the rest by their distance from the reported number.
void expect_best_first(const std::vector<Cause>& causes, int64_t reported) {
  for (size_t k = 1; k < causes.size(); ++k) {
    const Cause& a = causes[k - 1];
    const Cause& b = causes[k];
    EXPECT_EQ(a.matches, a.total == reported) << a.id;
    if (a.matches == b.matches)
      EXPECT_LE(std::llabs(a.total - reported), std::llabs(b.total - reported)) << a.id << " before " << b.id;
    else
      EXPECT_TRUE(a.matches) << a.id << " before " << b.id;
  }
}


std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.members) out.push_back(key);
  return out;
}

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
  Calculator calc(torch_model({16, 8, 8}, {layer("BatchNorm2d", {{"num_features", i(16)}})}));
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
  Calculator calc(torch_model({100, 32}, {layer("LSTM", {{"input_size", i(32)}, {"hidden_size", i(64)}})}));
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
  Calculator calc(torch_model({3, 32, 32}, {layer("Conv2d", {{"in_channels", i(3)}, {"out_channels", i(32)},
                                                               {"kernel_size", i(3)}}),
                                              layer("Conv2d", {{"in_channels", i(32)}, {"out_channels", i(64)},
                                                               {"kernel_size", i(3)}})}));
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
  // A divisor far below the count is no slipped factor.
  EXPECT_EQ(check_quiz_answer(calc, 1, 2).mistake, "");
  EXPECT_EQ(check_quiz_answer(calc, 1, conv2 * 1000).mistake, "");
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

// `number` written on its own in `text` (not inside a longer number), with or without commas.
bool mentions(const std::string& text, int64_t number) {
  for (const std::string& n : {std::to_string(number), with_commas(number)}) {
    for (size_t at = text.find(n); at != std::string::npos; at = text.find(n, at + 1)) {
      auto digitish = [](char c) { return (c >= '0' && c <= '9') || c == ',' || c == '.'; };
      bool before = at > 0 && digitish(text[at - 1]) && !(text[at - 1] == '.' || text[at - 1] == ',');
      bool after = at + n.size() < text.size() && text[at + n.size()] >= '0' && text[at + n.size()] <= '9';
      bool comma_after = at + n.size() + 1 < text.size() && text[at + n.size()] == ',' &&
                         text[at + n.size() + 1] >= '0' && text[at + n.size() + 1] <= '9';
      if (!before && !after && !comma_after) return true;
    }
  }
  return false;
}

TEST(classroom_quiz, every_preset_layer_is_judged_without_giving_the_answer_away) {
  for (const Preset& preset : presets()) {
    Calculator calc(import_model(preset_code(preset.id)).model);
    for (size_t index = 0; index < calc.results().size(); ++index) {
      const LayerResult& r = calc.results()[index];
      if (!r.ok()) continue;
      const int64_t e = r.params;
      for (int64_t answer : {e, e + 1, e - 1, 2 * e, e / 2, e + e / 10, int64_t{0}, int64_t{1}, int64_t{12345}}) {
        if (answer < 0) continue;
        QuizVerdict v = check_quiz_answer(calc, index, answer);
        const std::string where = preset.id + " layer " + std::to_string(index) + " answer " + std::to_string(answer);
        EXPECT_EQ(v.correct, answer == e) << where;
        EXPECT_EQ(v.expected, e) << where;
        EXPECT_TRUE(v.error.empty()) << where << ": " << v.error;
        EXPECT_FALSE(v.hint.empty()) << where;
        if (!v.correct && e > 0) {
          EXPECT_FALSE(mentions(v.hint, e)) << where << ": " << v.hint;
        }
        if (v.step_index >= 0) {
          EXPECT_LT(static_cast<size_t>(v.step_index), v.explanation.size()) << where;
        }
        if (v.step.empty()) {
          EXPECT_EQ(v.step_index, -1) << where;
        }
      }
    }
  }
}

// "Why is my number different?"

TEST(classroom_discrepancy, an_lstm_reported_with_pytorch_count_is_the_framework_convention) {
  Model keras = lstm_model();
  // PyTorch: nn.Embedding(10000, 64), nn.LSTM(64, 64) with bias_ih and bias_hh, nn.Linear(64, 1).
  const int64_t pytorch = 10000 * 64 + 4 * (64 * 64 + 64 * 64 + 64 + 64) + 64 + 1;
  ASSERT_NE(total_of(keras), pytorch);
  std::vector<Cause> causes = explain_total(keras, pytorch);
  ASSERT_FALSE(causes.empty());
  EXPECT_EQ(causes[0].id, "framework");
  EXPECT_TRUE(causes[0].matches);
  EXPECT_EQ(causes[0].total, pytorch);
  EXPECT_EQ(causes[0].title, "PyTorch's conventions");
  EXPECT_TRUE(contains(causes[0].detail, "bias_ih and bias_hh")) << causes[0].detail;
  EXPECT_TRUE(contains(causes[0].detail, with_commas(pytorch))) << causes[0].detail;
  expect_best_first(causes, pytorch);

  // And the other way round: the PyTorch model reported with Keras' count.
  Model torch = torch_model({100}, {layer("Embedding", {{"num_embeddings", i(10000)}, {"embedding_dim", i(64)}}),
                                      layer("LSTM", {{"input_size", i(64)}, {"hidden_size", i(64)}}),
                                      layer("Linear", {{"in_features", i(64)}, {"out_features", i(1)}})});
  ASSERT_EQ(total_of(torch), pytorch);
  std::vector<Cause> back = explain_total(torch, total_of(keras));
  ASSERT_FALSE(back.empty());
  EXPECT_EQ(back[0].id, "framework");
  EXPECT_TRUE(back[0].matches);
  EXPECT_EQ(back[0].title, "Keras' conventions");
}

TEST(classroom_discrepancy, batch_norm_statistics_counted_or_not) {
  Model keras = keras_model({8, 8, 3}, {layer("Conv2D", {{"filters", i(16)}, {"kernel_size", t({3, 3})}}),
                                        layer("BatchNormalization"), layer("Flatten"), layer("Dense", {{"units", i(2)}})});
  const int64_t without_statistics = total_of(keras) - 2 * 16;
  std::vector<Cause> causes = explain_total(keras, without_statistics);
  ASSERT_NE(find_cause(causes, "framework"), nullptr);
  EXPECT_TRUE(find_cause(causes, "framework")->matches);
  ASSERT_NE(find_cause(causes, "trainable_only"), nullptr);
  EXPECT_TRUE(find_cause(causes, "trainable_only")->matches);
  EXPECT_TRUE(contains(find_cause(causes, "trainable_only")->detail, "moving statistics"));
  EXPECT_TRUE(causes[0].matches);
  expect_best_first(causes, without_statistics);

  // PyTorch: the state_dict also holds running_mean, running_var and num_batches_tracked.
  Model torch = torch_model({16, 6, 6}, {layer("BatchNorm2d", {{"num_features", i(16)}}), layer("Flatten"),
                                           layer("Linear", {{"in_features", i(16 * 6 * 6)}, {"out_features", i(2)}})});
  const int64_t state_dict = total_of(torch) + 2 * 16 + 1;
  std::vector<Cause> torch_causes = explain_total(torch, state_dict);
  ASSERT_FALSE(torch_causes.empty());
  EXPECT_EQ(torch_causes[0].id, "buffers");
  EXPECT_TRUE(torch_causes[0].matches);
  ASSERT_NE(find_cause(torch_causes, "framework"), nullptr);
  EXPECT_EQ(find_cause(torch_causes, "framework")->total, total_of(torch) + 2 * 16);
}

TEST(classroom_discrepancy, a_missing_or_extra_bias) {
  Model cnn = keras_model({16, 16, 3}, {layer("Conv2D", {{"filters", i(8)}, {"kernel_size", t({3, 3})}, {"use_bias", b(false)}}),
                                        layer("Conv2D", {{"filters", i(16)}, {"kernel_size", t({3, 3})}}),
                                        layer("Flatten"), layer("Dense", {{"units", i(10)}})});
  // The user's model has the first convolution's 8 biases.
  std::vector<Cause> extra = explain_total(cnn, total_of(cnn) + 8);
  ASSERT_FALSE(extra.empty());
  EXPECT_EQ(extra[0].id, "with_biases");
  EXPECT_TRUE(extra[0].matches);
  EXPECT_TRUE(contains(extra[0].detail, "use_bias=True")) << extra[0].detail;
  // The user's second convolution has no biases: one layer of two toggled alone.
  std::vector<Cause> missing = explain_total(cnn, total_of(cnn) - 16);
  ASSERT_FALSE(missing.empty());
  EXPECT_EQ(missing[0].id, "layer_bias");
  EXPECT_TRUE(missing[0].matches);
  // Neither has biases: all layers together.
  std::vector<Cause> none = explain_total(cnn, total_of(cnn) - 16 - 10);
  ASSERT_FALSE(none.empty());
  EXPECT_EQ(none[0].id, "no_biases");
  EXPECT_TRUE(none[0].matches);
  // A single layer's toggle is listed only when it matches.
  EXPECT_EQ(find_cause(none, "layer_bias"), nullptr);
}

TEST(classroom_discrepancy, flatten_or_global_pooling_before_dense) {
  Model flat = keras_model({8, 8, 4}, {layer("Conv2D", {{"filters", i(32)}, {"kernel_size", t({3, 3})}}),
                                       layer("Flatten"), layer("Dense", {{"units", i(10)}})});
  Model pooled = flat;
  pooled.layers[1] = layer("GlobalAveragePooling2D");
  ASSERT_NE(total_of(flat), total_of(pooled));
  std::vector<Cause> causes = explain_total(flat, total_of(pooled));
  ASSERT_FALSE(causes.empty());
  EXPECT_EQ(causes[0].id, "global_pooling");
  EXPECT_TRUE(causes[0].matches);
  EXPECT_EQ(causes[0].title, "GlobalAveragePooling2D instead of Flatten");
  std::vector<Cause> back = explain_total(pooled, total_of(flat));
  ASSERT_FALSE(back.empty());
  EXPECT_EQ(back[0].id, "flatten");
  EXPECT_TRUE(back[0].matches);

  // PyTorch: nn.AdaptiveAvgPool2d(1) before nn.Flatten, the Linear after it following.
  Model torch = torch_model({4, 8, 8}, {layer("Conv2d", {{"in_channels", i(4)}, {"out_channels", i(32)}, {"kernel_size", i(3)}}),
                                          layer("Flatten"),
                                          layer("Linear", {{"in_features", i(32 * 6 * 6)}, {"out_features", i(10)}})});
  std::vector<Cause> torch_causes = explain_total(torch, total_of(pooled));
  ASSERT_FALSE(torch_causes.empty());
  EXPECT_EQ(torch_causes[0].id, "global_pooling");
  EXPECT_TRUE(torch_causes[0].matches);
}

TEST(classroom_discrepancy, keras_3_adds_adam_optimizer_params_to_the_total) {
  // Keras' own summary_utils_test: Dense(3) on 2 inputs after fit() with Adam prints
  // "Optimizer params: 20" and "Total params: 29".
  Model dense = keras_model({2}, {layer("Dense", {{"units", i(3)}})});
  std::vector<Cause> causes = explain_total(dense, 29);
  ASSERT_FALSE(causes.empty());
  EXPECT_EQ(causes[0].id, "optimizer");
  EXPECT_TRUE(causes[0].matches);
  EXPECT_TRUE(contains(causes[0].title, "Adam"));
  EXPECT_TRUE(contains(causes[0].detail, "Optimizer params: 20")) << causes[0].detail;

  // Only the trainable parameters get Adam's two slots: BatchNorm's statistics do not.
  Model bn = keras_model({4}, {layer("Dense", {{"units", i(8)}}), layer("BatchNormalization")});
  const Totals totals = Calculator(bn).totals();
  const int64_t reported = totals.params + 2 * totals.trainable + 2;
  std::vector<Cause> bn_causes = explain_total(bn, reported);
  ASSERT_FALSE(bn_causes.empty());
  EXPECT_EQ(bn_causes[0].id, "optimizer");
  EXPECT_TRUE(bn_causes[0].matches);
  // Other optimizers only when they match: SGD with momentum keeps one slot.
  EXPECT_EQ(explain_total(bn, totals.params + totals.trainable + 2)[0].title,
            "Keras 3's optimizer params (SGD with momentum, or RMSprop)");
  // PyTorch's printouts have no optimizer variables.
  EXPECT_EQ(find_cause(explain_total(torch_model({2}, {layer("Linear", {{"in_features", i(2)}, {"out_features", i(3)}})}), 29),
                       "optimizer"),
            nullptr);
}

TEST(classroom_discrepancy, the_model_already_gives_the_number) {
  Model m = lstm_model();
  std::vector<Cause> causes = explain_total(m, total_of(m));
  ASSERT_FALSE(causes.empty());
  EXPECT_EQ(causes[0].id, "same");
  EXPECT_TRUE(causes[0].matches);
  EXPECT_EQ(causes[0].total, total_of(m));
}

TEST(classroom_discrepancy, a_number_nothing_explains) {
  Model m = lstm_model();
  const int64_t reported = 12345;
  std::vector<Cause> causes = explain_total(m, reported);
  ASSERT_FALSE(causes.empty());  // still the totals the checked causes would give
  for (const Cause& c : causes) {
    EXPECT_FALSE(c.matches) << c.id;
    EXPECT_NE(c.total, total_of(m)) << c.id;  // a cause that changes nothing is left out
    EXPECT_FALSE(c.title.empty());
    EXPECT_FALSE(c.detail.empty());
  }
  expect_best_first(causes, reported);
  EXPECT_NE(find_cause(causes, "framework"), nullptr);
  EXPECT_NE(find_cause(causes, "optimizer"), nullptr);
}

TEST(classroom_discrepancy, every_preset_gets_ranked_causes_that_change_its_total) {
  for (const Preset& preset : presets()) {
    Model m = import_model(preset_code(preset.id)).model;
    const int64_t total = total_of(m);
    for (int64_t reported : {total, total + 1, 3 * total + 2, int64_t{0}}) {
      std::vector<Cause> causes = explain_total(m, reported);
      const std::string where = preset.id + " reported " + std::to_string(reported);
      ASSERT_FALSE(causes.empty()) << where;  // Adam's optimizer params at least, or the same total
      EXPECT_EQ(causes[0].id == "same", reported == total) << where;
      for (const Cause& c : causes) {
        if (c.id != "same") {
          EXPECT_NE(c.total, total) << where << ": " << c.id;
        }
        EXPECT_FALSE(c.title.empty()) << where;
        EXPECT_FALSE(c.detail.empty()) << where;
      }
      expect_best_first(causes, reported);
    }
  }
}

// The JS API

TEST(classroom_api, explain_total_takes_a_model_document_and_a_number_or_digits) {
  const std::string doc = model_to_json(lstm_model());
  const int64_t pytorch = 10000 * 64 + 4 * (64 * 64 + 64 * 64 + 64 + 64) + 64 + 1;
  for (const JsArg& reported : {js_value("number", std::to_string(pytorch)), js_string(with_commas(pytorch)),
                                js_string(" " + std::to_string(pytorch) + " ")}) {
    for (const JsArg& model : {js_value("object", doc), js_string(doc)}) {
      Json answer = parsed(api_explain_total(model, reported));
      EXPECT_EQ(keys(answer), (std::vector<std::string>{"causes", "total", "reported", "errors", "warnings"}));
      EXPECT_EQ(first_error(answer), "");
      EXPECT_EQ(answer.find("total")->integer, total_of(lstm_model()));
      EXPECT_EQ(answer.find("reported")->integer, pytorch);
      const Json& causes = *answer.find("causes");
      ASSERT_FALSE(causes.items.empty());
      EXPECT_EQ(keys(causes.items[0]), (std::vector<std::string>{"title", "detail", "total", "matches", "id"}));
      EXPECT_EQ(causes.items[0].find("id")->text, "framework");
      EXPECT_EQ(causes.items[0].find("total")->integer, pytorch);
      EXPECT_TRUE(causes.items[0].find("matches")->boolean);
    }
  }
}

TEST(classroom_api, explain_total_reads_keras_code) {
  Json answer = parsed(api_explain_total(js_string("model = Sequential([Input(shape=(2,)), Dense(3)])"),
                                         js_value("number", "29")));
  EXPECT_EQ(first_error(answer), "");
  EXPECT_EQ(answer.find("total")->integer, 9);
  EXPECT_EQ(answer.find("causes")->items[0].find("id")->text, "optimizer");
}

TEST(classroom_api, explain_total_bad_arguments_are_errors) {
  const std::string doc = model_to_json(lstm_model());
  struct Case {
    JsArg reported;
    const char* expected;
  };
  for (const Case& c : {Case{js_value("number", "-3"), "non-negative whole number"},
                        Case{js_value("number", "2.5"), "got 2.5"}, Case{js_value("number", "null"), "NaN"},
                        Case{js_string("2,,747"), "\"2,,747\""}, Case{js_string("12k"), "\"12k\""},
                        Case{js_string(""), "must be"}, Case{js_string("99999999999999999999999"), "must be"},
                        Case{js_undefined(), "is missing"}, Case{js_value("object", "{}"), "got an object"}}) {
    Json answer = parsed(api_explain_total(js_value("object", doc), c.reported));
    EXPECT_TRUE(contains(first_error(answer), "explainTotal: reported")) << first_error(answer);
    EXPECT_TRUE(contains(first_error(answer), c.expected)) << first_error(answer);
    EXPECT_TRUE(answer.find("causes")->items.empty());
    EXPECT_TRUE(answer.find("reported")->is_null());
    EXPECT_EQ(answer.find("total")->integer, total_of(lstm_model()));
  }
  Json no_model = parsed(api_explain_total(js_undefined(), js_value("number", "5")));
  EXPECT_TRUE(contains(first_error(no_model), "explainTotal")) << first_error(no_model);
  EXPECT_TRUE(no_model.find("total")->is_null());
  EXPECT_TRUE(no_model.find("causes")->items.empty());
  Json bad_json = parsed(api_explain_total(js_string("{\"learnable\": 1, \"layers\": ["), js_value("number", "5")));
  EXPECT_FALSE(first_error(bad_json).empty());
  EXPECT_TRUE(bad_json.find("causes")->items.empty());
}

TEST(classroom_api, check_quiz_answer_by_index_or_name) {
  const std::string doc = model_to_json(tutorial().model());
  Json right = parsed(api_check_quiz_answer(js_value("object", doc), js_value("number", "0"), js_value("number", "896")));
  EXPECT_EQ(keys(right), (std::vector<std::string>{"correct", "expected", "step", "hint", "reveal", "mistake",
                                                   "step_index", "formula", "explanation", "errors", "warnings"}));
  EXPECT_TRUE(right.find("correct")->boolean);
  EXPECT_EQ(right.find("expected")->integer, 896);
  EXPECT_EQ(right.find("step")->text, "");
  EXPECT_TRUE(contains(right.find("reveal")->text, "3*288 + 32 = 896"));

  Json wrong = parsed(api_check_quiz_answer(js_string(doc), js_string("Conv2"), js_string("18,432")));
  EXPECT_EQ(first_error(wrong), "");
  EXPECT_FALSE(wrong.find("correct")->boolean);
  EXPECT_EQ(wrong.find("step")->text, "biases");
  EXPECT_EQ(wrong.find("mistake")->text, "forgot_biases");
  EXPECT_FALSE(contains(wrong.find("hint")->text, "18496"));
  const std::vector<Json>& steps = wrong.find("explanation")->items;
  int64_t at = wrong.find("step_index")->integer;
  ASSERT_TRUE(at >= 0 && at < static_cast<int64_t>(steps.size()));
  EXPECT_EQ(steps[static_cast<size_t>(at)].text.rfind("Biases:", 0), 0u);
}

TEST(classroom_api, check_quiz_answer_bad_arguments_are_errors) {
  const JsArg doc = js_value("object", model_to_json(tutorial().model()));
  auto expect_error = [](const std::string& json, const char* part) {
    Json answer = parsed(json);
    EXPECT_TRUE(contains(first_error(answer), part)) << first_error(answer);
    EXPECT_FALSE(answer.find("correct")->boolean);
    EXPECT_TRUE(answer.find("expected")->is_null());
    EXPECT_TRUE(answer.find("hint")->is_null());
    EXPECT_TRUE(answer.find("reveal")->is_null());
  };
  expect_error(api_check_quiz_answer(doc, js_value("number", "9"), js_value("number", "1")), "no layer 9");
  expect_error(api_check_quiz_answer(doc, js_string("Conv9"), js_value("number", "1")), "no layer named \"Conv9\"");
  expect_error(api_check_quiz_answer(doc, js_value("number", "-1"), js_value("number", "1")), "layerIndex");
  expect_error(api_check_quiz_answer(doc, js_value("number", "0"), js_string("many")), "checkQuizAnswer: answer");
  expect_error(api_check_quiz_answer(doc, js_value("number", "0"), js_undefined()), "is missing");
  expect_error(api_check_quiz_answer(js_value("number", "3"), js_value("number", "0"), js_value("number", "1")),
               "checkQuizAnswer: model");
  // A layer in error cannot be quizzed; the model's errors say why.
  Model broken = keras_model({8, 8, 3}, {layer("Conv2D", {{"filters", i(8)}, {"kernel_size", t({40, 40})}})});
  expect_error(api_check_quiz_answer(js_value("object", model_to_json(broken)), js_value("number", "0"),
                                     js_value("number", "1")),
               "checkQuizAnswer: this layer is in error");
}

TEST(classroom_quiz, huge_shapes_do_not_overflow_the_mistakes) {
  // 10^7 × 10^7 × 10^7 outputs: their product does not fit in 64 bits; the count (56) does.
  const int64_t big = 10000000;
  Calculator calc = model({big, big, big, 1}, {layer("Conv3D", {{"filters", i(2)}, {"kernel_size", i(3)}, {"padding", s("same")}})});
  ASSERT_TRUE(calc.all_resolved());
  for (int64_t answer : {int64_t{1}, int64_t{54}, int64_t{56}, int64_t{112}}) {
    QuizVerdict v = check_quiz_answer(calc, 0, answer);
    EXPECT_EQ(v.correct, answer == 56);
    EXPECT_TRUE(v.error.empty()) << v.error;
  }
  EXPECT_EQ(check_quiz_answer(calc, 0, 54).mistake, "forgot_biases");
  std::vector<Cause> causes = explain_total(calc.model(), 12);
  EXPECT_FALSE(causes.empty());
}
