// Ready-made models as Keras code, read through the same importer a user's paste goes through:
// the tutorial's CNN, LeNet-5, VGG16, a small text classifier and a MobileNet-style block. Each
// also comes as a model document, so the app opens it without linking the code importer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace learnable {

struct Preset {
  std::string id;     // "tutorial"
  std::string title;  // "The tutorial's CNN"
  std::string model;  // the model preset_code(id) builds, as a model document (model_json.h)
};

const std::vector<Preset>& presets();
const Preset* find_preset(std::string_view id);
// The preset's Keras code ("" for an unknown id).
std::string_view preset_code(std::string_view id);

}  // namespace learnable
