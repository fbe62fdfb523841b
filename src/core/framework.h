// The two frameworks whose conventions Learnable follows, named as the model document, the
// command line and the JS API spell them.
#pragma once

#include <cstdint>
#include <string_view>

namespace learnable {

// Whose conventions a model follows: layer names and arguments, shape layout (Keras'
// channels-last, PyTorch's channels-first) and counting rules (PyTorch's two RNN biases, its
// BatchNorm statistics as buffers rather than parameters).
enum class Framework : uint8_t { Keras, PyTorch };

std::string_view framework_name(Framework framework);  // "keras", "pytorch"
std::string_view framework_title(Framework framework);  // "Keras", "PyTorch"
bool parse_framework(std::string_view name, Framework& out);

}  // namespace learnable
