// The per-layer-type formula table (README, `learnable formulas`): each type's typical use is
// imported and counted by the core itself, so the documentation cannot drift from the rules.
#pragma once

#include <string>
#include <vector>

#include "core/layer_type.h"
#include "core/result.h"

namespace learnable {

struct LayerExample {
  const LayerType* type = nullptr;
  LayerResult result;
  std::string problem;  // empty when the example imported and resolved
};

// One entry per registered type that has an example (aliases excluded), in registry order.
std::vector<LayerExample> layer_examples();
std::string formula_table_markdown();

}  // namespace learnable
