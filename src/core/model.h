// The model a user edits: a Sequential model of one framework (Keras or PyTorch), its input
// shape and its layers with their arguments under that framework's own names. Results of
// counting live in calculator.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/framework.h"
#include "core/shape.h"
#include "core/value.h"

namespace learnable {

// Where something came from in imported text (1-based); line 0 means "not from text".
struct SourceLocation {
  int line = 0;
  int column = 0;
};

struct Argument {
  std::string name;
  Value value;
  SourceLocation where;
};

// One of a module's parameters frozen on its own, as PyTorch's model[1].bias.requires_grad_(False)
// does: PyTorch's name for the tensor ("weight", "bias", "weight_ih_l0", "in_proj_weight").
struct FrozenWeight {
  std::string name;
  SourceLocation where;
};

struct Layer {
  int64_t id = 0;      // stable across edits; assigned by the Calculator
  std::string type;    // Keras class name: "Conv2D"
  std::string name;    // "Conv1", or Keras' automatic "conv2d_1"
  std::vector<Argument> args;  // only what was given; defaults come from the layer type
  std::vector<Layer> inner;    // the layer wrapped by TimeDistributed / Bidirectional
  // PyTorch: parameters frozen one by one (they count as non-trainable). The whole layer
  // freezes with the argument trainable=False instead, as Keras writes it.
  std::vector<FrozenWeight> frozen;
  // PyTorch: the name of an earlier layer that is the same module object, called again (a module
  // used twice in nn.Sequential, or self.conv called twice in forward()). Its weights are that
  // layer's, so PyTorch's parameters() lists them once and this layer counts none.
  std::string shares;
  SourceLocation where;

  const Value* find_arg(std::string_view arg_name) const;
  void set_arg(std::string_view arg_name, Value value);
  bool erase_arg(std::string_view arg_name);
  bool is_frozen(std::string_view weight) const;
  void freeze(std::string_view weight, SourceLocation at = {});  // once per name
  bool unfreeze(std::string_view weight);
};

struct Model {
  Framework framework = Framework::Keras;
  std::optional<Shape> input_shape;  // batch dimension excluded; nullopt when none was given
  std::vector<Layer> layers;
};

// Keras' automatic layer name for a class: Conv2D -> conv2d, MaxPooling2D -> max_pooling2d,
// PReLU -> p_re_lu (Keras' own to_snake_case).
std::string keras_snake_case(std::string_view class_name);

}  // namespace learnable
