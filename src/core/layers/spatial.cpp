// Spatial input handling and window arithmetic shared by several layer families.
#include "core/layers/spatial.h"

#include "core/text.h"

namespace learnable {

const char* spatial_layout(size_t spatial_rank, bool channels_first) {
  if (channels_first) {
    switch (spatial_rank) {
      case 1: return "(batch, channels, steps)";
      case 2: return "(batch, channels, rows, cols)";
      default: return "(batch, channels, depth, rows, cols)";
    }
  }
  switch (spatial_rank) {
    case 1: return "(batch, steps, channels)";
    case 2: return "(batch, rows, cols, channels)";
    default: return "(batch, depth, rows, cols, channels)";
  }
}

const char* spatial_words(size_t spatial_rank) {
  switch (spatial_rank) {
    case 1: return "steps";
    case 2: return "rows×cols";
    default: return "depth×rows×cols";
  }
}

SpatialInput read_spatial_input(const LayerContext& ctx, size_t spatial_rank) {
  SpatialInput in;
  if (ctx.type().find_arg("data_format")) {
    std::string format = ctx.choice("data_format");
    in.channels_first = format == "channels_first";
  }
  ctx.require_rank(spatial_rank + 1, spatial_layout(spatial_rank, in.channels_first));
  const Shape& s = ctx.input();
  if (in.channels_first) {
    in.channels = s[0];
    in.spatial.assign(s.begin() + 1, s.end());
  } else {
    in.channels = s.back();
    in.spatial.assign(s.begin(), s.end() - 1);
  }
  return in;
}

Shape spatial_output(const SpatialInput& in, const std::vector<int64_t>& spatial, int64_t channels) {
  Shape out;
  if (in.channels_first) out.push_back(channels);
  out.insert(out.end(), spatial.begin(), spatial.end());
  if (!in.channels_first) out.push_back(channels);
  return out;
}

std::string window_words(const std::vector<int64_t>& dims) { return shape_words(dims); }

const char* spatial_axis_name(size_t spatial_rank, size_t axis) {
  static const char* const names[3][3] = {
      {"steps", "", ""}, {"rows", "cols", ""}, {"depth", "rows", "cols"}};
  return names[spatial_rank - 1][axis];
}

std::string channel_words(int64_t channels) {
  if (channels == kUnknown) return "an unknown number of channels";
  return cat({channels, (channels == 1 ? " channel" : " channels")});
}

std::string spatial_input_sentence(const LayerContext& ctx, const SpatialInput& in) {
  std::string where;
  if (in.spatial.size() == 1)
    where = in.spatial[0] == kUnknown ? "a free number of steps (None)" : num(in.spatial[0]) + " steps";
  else
    where = cat({std::string(in.spatial.size() == 2 ? "a grid of " : "a volume of "), shape_words(in.spatial),
                 " positions"});
  return cat({"Inputs: the previous layer gives ", shape_words(ctx.input()), ": ", where, " with ",
              channel_words(in.channels), "."});
}

int64_t window_output_length(const LayerContext& ctx, int64_t length, int64_t window,
                             const std::string& padding, int64_t stride, int64_t dilation,
                             const char* argument) {
  if (length == kUnknown) return kUnknown;
  int64_t dilated = ctx.add(window, ctx.mul(window - 1, dilation - 1));
  // ceil(n / s) written so that a huge stride cannot overflow.
  if (padding == "same" || padding == "causal") return length == 0 ? 0 : (length - 1) / stride + 1;
  int64_t span = length - dilated + 1;
  if (span <= 0) {
    std::string window_text = dilation > 1 ? "the dilated window of " + num(dilated) : "the window of " + num(window);
    ctx.fail(argument, cat({window_text, " is larger than the input's ", length,
                                " with padding 'valid': the output size would be ", length,
                                " - ", dilated, " + 1 = ", span,
                                "; use padding='same' or a smaller ", argument}));
  }
  return (span - 1) / stride + 1;
}

int64_t transposed_output_length(const LayerContext& ctx, int64_t length, int64_t window,
                                 const std::string& padding, int64_t output_padding,
                                 int64_t stride, int64_t dilation) {
  if (length == kUnknown) return kUnknown;
  int64_t dilated = ctx.add(window, ctx.mul(window - 1, dilation - 1));
  if (output_padding < 0) {
    if (padding == "same") return ctx.mul(length, stride);
    return ctx.add(ctx.mul(length, stride), std::max<int64_t>(dilated - stride, 0));
  }
  int64_t pad = padding == "same" ? dilated / 2 : 0;
  return ctx.add(ctx.add(ctx.mul(length - 1, stride), dilated), output_padding - 2 * pad);
}

}  // namespace learnable
