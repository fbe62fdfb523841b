// Reads PyTorch models from Python code as tutorials and notebooks write them, without running
// Python: nn.Sequential(...) with modules in PyTorch's positional order or an OrderedDict of named
// ones, add_module / append / extend, nested Sequentials (flattened, named "1.0" as PyTorch does),
// frozen modules (requires_grad_(False)), and a small nn.Module subclass whose forward() calls its
// modules one after another. Python's code carries no input shape: it comes from the caller, or
// from a torchsummary / torchinfo summary(...) call or a model(torch.randn(...)) call in the text.
// Never throws.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/import_report.h"
#include "core/python_reader.h"
#include "core/shape.h"

namespace learnable {

struct PytorchOptions {
  std::optional<Shape> input_shape;  // channels-first, batch left out: (3, 32, 32)
  std::vector<Define> defines;       // values for names the code uses but never defines
};

ImportResult import_pytorch_code(std::string_view source, const PytorchOptions& options = {});

}  // namespace learnable
