// Shared by convolution, pooling, padding and upsampling layers: splitting an input into its
// spatial dimensions and channels (channels_last by default, as Keras), and Keras' output
// length rule for a sliding window.
#pragma once

#include <string>
#include <vector>

#include "core/layer_context.h"

namespace learnable {

struct SpatialInput {
  std::vector<int64_t> spatial;  // steps / rows, cols / depth, rows, cols
  int64_t channels = kUnknown;
  bool channels_first = false;
};

// "(batch, rows, cols, channels)" and friends, for rank errors.
const char* spatial_layout(size_t spatial_rank, bool channels_first = false);
// "length" / "rows×cols" / "depth×rows×cols"
const char* spatial_words(size_t spatial_rank);

// Checks the rank (spatial_rank + 1) and reads data_format when the type has it.
SpatialInput read_spatial_input(const LayerContext& ctx, size_t spatial_rank);
Shape spatial_output(const SpatialInput& in, const std::vector<int64_t>& spatial, int64_t channels);

// Keras' conv_output_length: 'valid' -> ceil((n - dilated_k + 1) / s); 'same' and 'causal' ->
// ceil(n / s). Fails, naming `argument`, when the window does not fit the input.
int64_t window_output_length(const LayerContext& ctx, int64_t length, int64_t window,
                             const std::string& padding, int64_t stride, int64_t dilation,
                             const char* argument);

// Keras' deconv_output_length for transposed convolutions (output_padding < 0 means None).
int64_t transposed_output_length(const LayerContext& ctx, int64_t length, int64_t window,
                                 const std::string& padding, int64_t output_padding,
                                 int64_t stride, int64_t dilation);

std::string window_words(const std::vector<int64_t>& dims);  // "3×3", "3"

// "steps" / "rows", "cols" / "depth", "rows", "cols": the name of spatial axis `axis`.
const char* spatial_axis_name(size_t spatial_rank, size_t axis);
// "3 channels", "1 channel", "an unknown number of channels".
std::string channel_words(int64_t channels);
// "Inputs: the previous layer gives 32×32×3: a grid of 32×32 positions with 3 channels."
std::string spatial_input_sentence(const LayerContext& ctx, const SpatialInput& in);

}  // namespace learnable
