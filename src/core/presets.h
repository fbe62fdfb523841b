// Ready-made models as Keras code, read through the same importer a user's paste goes through:
// the tutorial's CNN, LeNet-5, VGG16, a small text classifier and a MobileNet-style block.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace learnable {

struct Preset {
  std::string id;     // "tutorial"
  std::string title;  // "The tutorial's CNN"
  std::string code;   // Keras code
};

const std::vector<Preset>& presets();
const Preset* find_preset(std::string_view id);

}  // namespace learnable
