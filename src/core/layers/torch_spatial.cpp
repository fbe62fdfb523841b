// Channels-first input handling and per-axis wording shared by PyTorch's spatial modules.
#include "core/layers/torch_spatial.h"

#include "core/text.h"

namespace learnable {

const char* torch_layout(size_t spatial_rank) {
  switch (spatial_rank) {
    case 1: return "(N, C, L)";
    case 2: return "(N, C, H, W)";
    default: return "(N, C, D, H, W)";
  }
}

const char* torch_axis_name(size_t spatial_rank, size_t axis) {
  static const char* const names[3][3] = {{"L", "", ""}, {"H", "W", ""}, {"D", "H", "W"}};
  return names[spatial_rank - 1][axis];
}

static std::string rank_words(size_t rank) {
  return cat({static_cast<int64_t>(rank), (rank == 1 ? " dimension" : " dimensions")});
}

void require_torch_rank(const LayerContext& ctx, size_t low, size_t high, const std::string& layout) {
  size_t rank = ctx.rank();
  if (rank >= low && rank <= high) return;
  std::string wanted = low == high ? rank_words(low) : cat({static_cast<int64_t>(low), (high - low > 1 ? " to " : " or "), rank_words(high)});
  ctx.fail("", cat({ctx.type().name, " needs input of shape ", layout, " (", wanted, " besides the batch), but got ",
                    shape_torch(ctx.input()), " (", rank_words(rank), ")"}));
}

TorchSpatial torch_spatial_input(const LayerContext& ctx, size_t spatial_rank, bool per_channel) {
  std::string layout = torch_layout(spatial_rank);
  if (per_channel) layout += cat({" or ", std::string(torch_layout(spatial_rank)).erase(4, 3)});
  require_torch_rank(ctx, per_channel ? spatial_rank : spatial_rank + 1, spatial_rank + 1, layout);
  TorchSpatial in;
  const Shape& s = ctx.input();
  in.batch_as_channels = s.size() == spatial_rank;
  if (!in.batch_as_channels) in.channels = s[0];
  in.spatial.assign(s.end() - static_cast<std::ptrdiff_t>(spatial_rank), s.end());
  return in;
}

Shape torch_spatial_output(const TorchSpatial& in, const std::vector<int64_t>& spatial) {
  Shape out;
  if (!in.batch_as_channels) out.push_back(in.channels);
  out.insert(out.end(), spatial.begin(), spatial.end());
  return out;
}

std::string torch_input_sentence(const LayerContext& ctx, const TorchSpatial& in) {
  std::string where = in.spatial.size() == 1
                          ? (in.spatial[0] == kUnknown ? std::string("a free length") : cat({"length ", in.spatial[0]}))
                          : shape_words(in.spatial);
  if (in.batch_as_channels)
    return cat({"Inputs: the previous module gives ", shape_torch(ctx.input()), ": ", where, " with no channel axis."});
  std::string channels = in.channels == kUnknown ? std::string("an unknown number of channels")
                                                 : cat({in.channels, (in.channels == 1 ? " channel" : " channels")});
  return cat({"Inputs: the previous module gives ", shape_torch(ctx.input()), ": ", channels, " of ", where, "."});
}

std::string batch_as_channels_sentence(const LayerContext& ctx) {
  return cat({"PyTorch reads an input without a channel axis as one unbatched sample whose channels are the batch; ",
              ctx.type().name, " works on each channel alone, so the result is the same."});
}

std::string torch_axes_text(const std::vector<std::string>& steps, size_t spatial_rank) {
  bool same = true;
  for (const std::string& s : steps) same &= s == steps[0];
  if (same && steps.size() > 1) return cat({"on each side, ", steps[0]});
  if (spatial_rank < steps.size()) spatial_rank = steps.size();
  std::string out;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (i) out += i + 1 == steps.size() ? " and " : ", ";
    out += cat({torch_axis_name(spatial_rank, spatial_rank - steps.size() + i), ": ", steps[i]});
  }
  return out;
}

std::string window_step(int64_t length, int64_t before, int64_t after, int64_t window, int64_t stride, bool ceil_mode,
                        bool dropped, int64_t out) {
  if (length == kUnknown) return "None stays None";
  std::string padded = num(length);
  if (before == after && before > 0) padded += cat({" + 2*", before});
  if (before != after) padded += cat({" + ", before, " + ", after});
  if (stride == 1 && !ceil_mode) return cat({padded, " - ", window, " + 1 = ", out});
  std::string step = cat({(ceil_mode ? "ceil((" : "floor(("), padded, " - ", window, ") / ", stride, ") + 1 = "});
  if (dropped) return cat({step, out + 1, " - 1 = ", out, " (the last window would start in the right padding)"});
  return cat({step, out});
}

}  // namespace learnable
