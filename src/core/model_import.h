// One entry point for every text Learnable reads, used by the command line tool, the JS API and
// the app: Keras code, Keras JSON (model.to_json()), PyTorch code and Learnable's own model
// document, named by the caller or detected from the text itself.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/import_report.h"
#include "core/keras_code.h"

namespace learnable {

enum class SourceFormat { Detect, KerasCode, KerasJson, PytorchCode, ModelJson };

// A JSON object with "learnable" is a model document; one with "class_name", "config",
// "modelTopology" or "model_config" is Keras JSON; code with nn.Sequential( / torch.nn /
// nn.Module is PyTorch; everything else is read as Keras code. Never returns Detect.
SourceFormat detect_format(std::string_view text);

// "keras-code", "keras-json", "pytorch-code", "json" (the model document) or "detect".
bool parse_source_format(std::string_view name, SourceFormat& out);
const char* source_format_name(SourceFormat format);

// Reads `text` as `format` (Detect: as detect_format says). `defines` give values to names in
// code; a JSON format has none, and says so in a warning when some were given. `input_shape`
// (batch left out, in the framework's own layout) is the model's input: PyTorch code needs it
// unless the code states it; for the other formats it replaces the one the text gives.
ImportResult import_model(std::string_view text, SourceFormat format = SourceFormat::Detect,
                          const std::vector<Define>& defines = {},
                          const std::optional<Shape>& input_shape = std::nullopt);

}  // namespace learnable
