// What the core computes for one layer: its output shape, its parameters split into trainable
// and non-trainable weights, their size, the worked formula and the explanation in steps.
// Errors are data here, never exceptions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/shape.h"

namespace learnable {

struct Weight {
  std::string name;  // kernel, bias, gamma, moving_mean, ...
  Shape shape;
  int64_t count = 0;
  bool trainable = true;
  bool buffer = false;  // PyTorch's buffers (BatchNorm's running statistics): state, not parameters
};

// Loading: the layer's rule runs in a module that is still on its way (the page's app only:
// rules_elsewhere.h); the layer is counted as soon as it is in.
enum class LayerStatus { Ok, Error, Waiting, Loading };

struct LayerResult {
  LayerStatus status = LayerStatus::Ok;
  Shape input_shape;
  Shape output_shape;
  int64_t params = 0;
  int64_t trainable = 0;
  int64_t non_trainable = 0;
  int64_t bytes = 0;  // at float32
  int64_t buffers = 0;  // PyTorch: elements of the module's buffers, listed but not counted
  std::vector<Weight> weights;
  std::string formula;                   // "3*288 + 32 = 896"
  std::vector<std::string> explanation;  // the steps, in the tutorial's voice
  std::string error_argument;            // the argument at fault, empty if the layer as a whole
  std::string error;                     // message when status is not Ok
  std::string waiting_on;                // name of the failing layer when Waiting

  bool ok() const { return status == LayerStatus::Ok; }
};

// The status as the JSON schema and the page's mirror name it.
inline const char* status_name(LayerStatus s) {
  switch (s) {
    case LayerStatus::Ok: return "ok";
    case LayerStatus::Error: return "error";
    case LayerStatus::Waiting: return "waiting";
    case LayerStatus::Loading: return "loading";
  }
  return "ok";
}

struct Totals {
  int64_t params = 0;
  int64_t trainable = 0;
  int64_t non_trainable = 0;
  int64_t bytes = 0;
  int64_t buffers = 0;
  bool overflow = false;
};

}  // namespace learnable
