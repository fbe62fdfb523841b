// Quiz mode's judge: a student is shown one layer (its type, arguments and input shape) and types
// the number of parameters they think it has. A wrong answer is recomputed under the usual
// mistakes (forgot the biases, used the kernel size once, forgot the input channels, ...) so the
// verdict can name the step of the worked explanation that differs before the answer is revealed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/calculator.h"

namespace learnable {

struct QuizVerdict {
  bool correct = false;
  // The layer's count in the model's framework: Keras' total (trainable + non-trainable, so
  // BatchNormalization's moving statistics count), PyTorch's model.parameters() (buffers do not).
  int64_t expected = 0;
  int64_t answer = 0;
  // The step of the worked explanation that differs, in the tutorial's words: "weights",
  // "biases", "kernel size", "input channels", "inputs", "gates", "recurrent weights", "directions",
  // "moving statistics", "buffers", "depthwise step", "pointwise step", "vocabulary", "channels",
  // "trainable", "parameters" (a layer without any). Empty when the answer is right, or when no
  // single step could be named (the hint then only says how far off the answer is).
  std::string step;
  // What the student probably did, found by recomputing the layer with the core: "forgot_biases",
  // "bias_per_weight", "kernel_once", "kernel_sum", "forgot_input_channels", "model_input_channels",
  // "channels_two_back", "own_outputs_as_inputs", "vocabulary_as_inputs", "flatten_last_dim",
  // "output_size", "per_position", "other_framework", "trainable_only", "statistics_only",
  // "with_buffers", "forgot_gates", "forgot_recurrent", "one_direction", "full_convolution",
  // "depthwise_only", "pointwise_only", "embedding_bias", "sequence_as_vocabulary",
  // "no_parameters", "counted_nothing", "negative", "multiple", "fraction", "close", "" (right,
  // or nothing recognised). For tests and analytics; the student reads `hint`.
  std::string mistake;
  // One or two sentences in the tutorial's voice: what the student's number probably counts and
  // what to reconsider, never the right number ("Your number is what the 3×3 kernels' weights
  // alone give: each of the 32 filters also has a bias."). "That is right." when correct; for a
  // layer in error, why it cannot be quizzed.
  std::string hint;
  // The answer, for after the hint: the worked formula then the explanation's steps, one a line.
  std::string reveal;
  std::string formula;                   // "3*288 + 32 = 896"
  std::vector<std::string> explanation;  // calc.explanation(index)
  // Index in `explanation` of the step named by `step`, -1 when none is (the app may highlight it).
  int step_index = -1;
  // Set when the layer cannot be quizzed: no such layer, or the layer is in error or waiting on
  // one. `correct` is false and `hint` says why.
  std::string error;
};

// Judges `answer` for layer `index` of the calculator's model, in calc.model().framework's
// conventions. Nothing here throws; a bad index or a layer in error comes back in `error`.
QuizVerdict check_quiz_answer(const Calculator& calc, size_t index, int64_t answer);

}  // namespace learnable
