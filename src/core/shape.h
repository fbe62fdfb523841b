// Tensor shapes without the batch dimension, as Keras' summary shows them. A dimension may be
// unknown (a free sequence length): kUnknown, printed as None.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/framework.h"

namespace learnable {

constexpr int64_t kUnknown = -1;
using Shape = std::vector<int64_t>;

// "32×32×3", "None×64" — how the explanations speak of a shape.
std::string shape_words(const Shape& shape);
// "(None, 32, 32, 3)" — Keras' summary column, batch dimension included.
std::string shape_keras(const Shape& shape);
// "(N, 3, 32, 32)" — PyTorch's layout, with N for the batch.
std::string shape_torch(const Shape& shape);
// The framework's own: shape_keras or shape_torch.
std::string shape_text(const Shape& shape, Framework framework);
// "[32, 32, 3]" / "[null, 64]" — the JSON schema.
std::string shape_json(const Shape& shape);

bool fully_known(const Shape& shape);

// "1,234,567" — thousands separators as Keras prints counts.
std::string with_commas(int64_t n);
// "3.5 KB", "527.8 MB" (1 KB = 1024 bytes, as Keras' summary).
std::string human_bytes(int64_t bytes);

}  // namespace learnable
