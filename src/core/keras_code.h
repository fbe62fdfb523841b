// Reads Keras Sequential models from Python code as tutorials, books and notebooks write them,
// without running Python: Sequential([...]) or model.add(...), any import style, Input /
// InputLayer / input_shape=, positional arguments in Keras' order, simple integer names, and
// the missing closing bracket of a snippet copied from a blog. Never throws.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/import_report.h"
#include "core/python_reader.h"
#include "core/value.h"

namespace learnable {

// Define comes from python_value.h and kMaxImportBytes from python_reader.h, shared with the
// PyTorch importer.
ImportResult import_keras_code(std::string_view source, const std::vector<Define>& defines = {});

// "IMG_SIZE=32" or "SHAPE=(28, 28, 1)" -> a Define; false with a message when it can't be read.
bool parse_define(std::string_view text, Define& out, std::string& message);

}  // namespace learnable
