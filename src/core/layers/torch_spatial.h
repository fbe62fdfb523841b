// Shared by PyTorch's convolution, pooling, padding and upsampling modules: the channels-first
// input (C, L) / (C, H, W) / (C, D, H, W) with the batch left out, PyTorch's names for its axes
// and layouts in messages, and the worked sentences for a shape that changes axis by axis.
#pragma once

#include <string>
#include <vector>

#include "core/layer_context.h"

namespace learnable {

// "(N, C, L)", "(N, C, H, W)", "(N, C, D, H, W)": PyTorch's docs' layouts, batch included.
const char* torch_layout(size_t spatial_rank);
// "L" / "H", "W" / "D", "H", "W": spatial axis `axis` of `spatial_rank`, as PyTorch's docs call it.
const char* torch_axis_name(size_t spatial_rank, size_t axis);

// Fails unless the input has between `low` and `high` dimensions besides the batch, saying so
// in PyTorch's layout: "Conv2d needs input of shape (N, C, H, W) (3 dimensions besides the
// batch), but got (N, 784) (1 dimension)".
void require_torch_rank(const LayerContext& ctx, size_t low, size_t high, const std::string& layout);

// The input split into channels and spatial axes. A module that works on each channel alone
// (pooling, padding) may also take (N, *spatial): PyTorch reads that as one unbatched sample
// whose channels are the batch, which gives the same result; `channels` is then kUnknown and
// `batch_as_channels` is set.
struct TorchSpatial {
  int64_t channels = kUnknown;
  std::vector<int64_t> spatial;
  bool batch_as_channels = false;
};
TorchSpatial torch_spatial_input(const LayerContext& ctx, size_t spatial_rank, bool per_channel);
Shape torch_spatial_output(const TorchSpatial& in, const std::vector<int64_t>& spatial);

// "Inputs: the previous module gives (N, 3, 32, 32): 3 channels of 32×32."
std::string torch_input_sentence(const LayerContext& ctx, const TorchSpatial& in);
// The step said when the input has no channel axis (see TorchSpatial::batch_as_channels).
std::string batch_as_channels_sentence(const LayerContext& ctx);

// Joins one worked step per spatial axis: "H: 32 + 2 = 34 and W: 30 + 2 = 32", or, when every
// axis has the same step, "on each side, 32 + 2 = 34". The steps are for the last axes of
// `spatial_rank` (0: as many as there are steps).
std::string torch_axes_text(const std::vector<std::string>& steps, size_t spatial_rank = 0);

// One axis of the sliding-window rule, worked: "32 + 2*1 - 3 + 1 = 32",
// "floor((32 - 2) / 2) + 1 = 16", "ceil((5 + 2*1 - 2) / 2) + 1 = 4 - 1 = 3 (...)". `window` is
// the dilated kernel, dilation*(kernel_size - 1) + 1; `dropped` says that ceil_mode's last window
// was dropped for starting in the right padding.
std::string window_step(int64_t length, int64_t before, int64_t after, int64_t window, int64_t stride, bool ceil_mode,
                        bool dropped, int64_t out);

}  // namespace learnable
