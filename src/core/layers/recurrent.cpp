// TODO(lead): family being written.
#include "core/layer_context.h"

namespace learnable {

void register_recurrent_layers(std::vector<LayerType>&) {}

}  // namespace learnable
