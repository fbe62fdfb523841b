// "Why is my number different?": the user types the total their framework printed, and the
// core names the causes it can check on the current model, each by counting the model changed in
// that one way (the other framework's conventions, a bias more or less, global pooling in place
// of Flatten) or by reading the count the way the framework's printout adds it up (trainable
// only, PyTorch's state_dict with its buffers, Keras 3's optimizer variables).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model.h"

namespace learnable {

struct Cause {
  // What was checked: "same" (the model already counts the reported number), "framework",
  // "no_biases", "with_biases", "layer_bias" (one layer's bias toggled), "global_pooling"
  // (global average pooling in place of Flatten), "flatten" (Flatten in place of global pooling),
  // "trainable_only", "buffers" (PyTorch's state_dict), "optimizer" (Keras 3's summary after
  // training with Adam; variants for other optimizers are listed only when they match).
  std::string id;
  std::string title;   // short: "PyTorch's conventions", "Trainable params only"
  std::string detail;  // one or two sentences with the numbers: what differs and the total it gives
  int64_t total = 0;   // the total this cause would give
  bool matches = false;  // total == the reported number
};

// The causes that could explain `reported` for `model`, best match first: exact matches, then by
// distance from `reported`. When the model's own total is `reported`, the first cause says so
// ("same", matching). Causes that would change nothing are left out; a single layer's bias
// toggled is listed only when it matches exactly (all layers toggled together always is), and so
// are optimizer variants other than Adam. Never throws; a model whose layers are in error gives
// the causes it can still count.
//
// Keras 3's optimizer params, as keras/src/utils/summary_utils.py (print_summary) counts them:
// once the optimizer is built (after fit(), or optimizer.build(model.trainable_variables); not by
// compile() alone) the summary prints "Optimizer params" and adds them to "Total params". They
// are the optimizer's variables: the iteration counter and the learning rate (one scalar each,
// no learning-rate variable with a schedule) plus Adam's momentum and velocity for each trainable
// parameter: 2 × trainable + 2. Keras' own summary_utils_test checks Dense(3) on 2 inputs with
// Adam: 9 trainable, "Optimizer params: 20", "Total params: 29".
std::vector<Cause> explain_total(const Model& model, int64_t reported);

}  // namespace learnable
