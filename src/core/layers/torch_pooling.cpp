// PyTorch's pooling: MaxPool1d/2d/3d, AvgPool1d/2d/3d and the adaptive pools, on channels-first
// input with the batch left out. A pool only summarises windows of each channel, so none has
// parameters; what they teach is PyTorch's output rule, floor((L + 2p - d(k-1) - 1)/s) + 1, with
// ceil_mode's exception, and how an adaptive pool picks its windows from the output it wants.
#include "core/layer_context.h"
#include "core/layers/torch_spatial.h"

namespace learnable {

namespace {

bool all_equal(const std::vector<int64_t>& values) {
  for (int64_t v : values)
    if (v != values[0]) return false;
  return true;
}

// "each 2×2 window", "each window of 3 values".
std::string window_phrase(const std::vector<int64_t>& kernel) {
  if (kernel.size() == 1) return cat({"each window of ", kernel[0], (kernel[0] == 1 ? " value" : " values")});
  return cat({"each ", shape_words(kernel), " window"});
}

// floor(a / b) for b > 0, also for a negative a (C++ rounds toward zero).
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && (a < 0) ? 1 : 0); }

// MaxPool1d/2d/3d and AvgPool1d/2d/3d.
void compute_pool(LayerContext& ctx, size_t rank, bool max) {
  const std::string& name = ctx.type().name;
  std::vector<int64_t> kernel = ctx.ints("kernel_size", rank);
  bool default_stride = ctx.arg("stride").is_none();
  std::vector<int64_t> stride = default_stride ? kernel : ctx.ints("stride", rank);
  std::vector<int64_t> padding = ctx.ints("padding", rank, 0);
  std::vector<int64_t> dilation = max ? ctx.ints("dilation", rank) : std::vector<int64_t>(rank, 1);
  bool ceil_mode = ctx.flag("ceil_mode");
  bool return_indices = max && ctx.flag("return_indices");
  bool count_include_pad = max || ctx.flag("count_include_pad");
  int64_t divisor = 0;
  if (!max && ctx.type().find_arg("divisor_override") && !ctx.arg("divisor_override").is_none()) {
    divisor = ctx.integer("divisor_override", INT64_MIN);
    if (divisor == 0) ctx.fail("divisor_override", "divisor_override must not be zero");
  }
  for (size_t i = 0; i < rank; ++i)
    if (padding[i] > kernel[i] / 2)
      ctx.fail("padding", cat({"padding must be at most half of kernel_size, but got padding=", dims_python(padding),
                               " and kernel_size=", dims_python(kernel)}));

  TorchSpatial in = torch_spatial_input(ctx, rank, true);
  std::vector<int64_t> spatial;
  std::vector<std::string> steps;
  for (size_t i = 0; i < rank; ++i) {
    int64_t length = in.spatial[i];
    int64_t window = ctx.add(ctx.mul(dilation[i], kernel[i] - 1), 1);
    int64_t out = kUnknown;
    bool dropped = false;
    if (length != kUnknown) {
      int64_t padded = ctx.add(length, ctx.mul(2, padding[i]));
      int64_t span = ctx.add(padded - window, ceil_mode ? stride[i] - 1 : 0);
      out = floor_div(span, stride[i]) + 1;
      // PyTorch's ceil_mode never starts a window in the right padding.
      if (ceil_mode && (out - 1) * stride[i] >= length + padding[i]) {
        --out;
        dropped = true;
      }
      if (out < 1)
        ctx.fail("kernel_size", cat({(dilation[i] > 1 ? "the dilated window of " : "the window of "), window,
                                     " is larger than the padded input's ", padded, " along ", torch_axis_name(rank, i),
                                     padding[i] ? cat({" (", length, " + 2*", padding[i], ")"}) : std::string(),
                                     ": the output would be empty"}));
    }
    spatial.push_back(out);
    steps.push_back(window_step(length, padding[i], padding[i], window, stride[i], ceil_mode, dropped, out));
  }
  Shape out = torch_spatial_output(in, spatial);
  ctx.set_output(out);

  std::string action = max ? "takes the largest value in " + window_phrase(kernel) : "averages " + window_phrase(kernel);
  if (ctx.explaining()) {
    ctx.explain(torch_input_sentence(ctx, in));
    if (in.batch_as_channels) ctx.explain(batch_as_channels_sentence(ctx));
    std::string moving = all_equal(stride) ? cat({"moving ", stride[0], " at a time"})
                                           : cat({"moving by stride ", dims_python(stride)});
    if (default_stride) moving += " (stride defaults to kernel_size)";
    std::string dilated = all_equal(dilation) && dilation[0] == 1 ? "" : cat({" with dilation=", dims_python(dilation)});
    ctx.explain(cat({name, " ", action, dilated, ", ", moving, ", on each channel separately."}));
    std::string rule = ceil_mode ? "ceil" : "floor";
    bool dilated_window = !dilated.empty();
    ctx.explain(cat({"Output: each side is ", rule, "((size + 2*padding - window) / stride) + 1",
                     dilated_window ? ", with window = dilation*(kernel_size - 1) + 1" : "", ": ", torch_axes_text(steps),
                     ", so ", shape_torch(ctx.input()), " becomes ", shape_torch(out), "."}));
    if (ceil_mode)
      ctx.explain("ceil_mode=True rounds up, so a last window may hang over the edge; PyTorch drops a last window "
                  "that would start in the right padding.");
    if (!count_include_pad)
      ctx.explain("count_include_pad=False leaves the padded zeros out of each average.");
    if (divisor)
      ctx.explain(cat({"divisor_override=", divisor, " divides each window's sum by ", divisor,
                       " instead of the window's size."}));
    if (return_indices)
      ctx.explain(cat({"return_indices=True also returns where each maximum was, a tensor of the same shape (for MaxUnpool",
                       static_cast<int64_t>(rank), "d); the shape shown is the pooled values'."}));
  }
  ctx.no_parameters(cat({name, " only ", action, ": no learnable parameters"}));
}

// output_size: an int for every axis, or a tuple of `rank` ints where None keeps that axis.
std::vector<int64_t> read_output_size(const LayerContext& ctx, size_t rank) {
  const Value& v = ctx.arg("output_size");
  std::vector<int64_t> sizes;
  auto bad = [&]() {
    ctx.fail("output_size", cat({"output_size must be an integer or a tuple of ", static_cast<int64_t>(rank),
                                 " integers (None keeps that dimension), got ", v.to_python()}));
  };
  auto entry = [&](const Value& item) {
    if (item.is_none() && v.is_sequence()) return kUnknown;
    if (item.kind != Value::Kind::Int) bad();
    if (item.integer < 1)
      ctx.fail("output_size", cat({"output_size must be positive (or None to keep a dimension), got ", v.to_python()}));
    return item.integer;
  };
  if (v.is_sequence()) {
    if (v.items.size() != rank)
      ctx.fail("output_size", cat({"output_size needs ", static_cast<int64_t>(rank), " values here, one per axis, got ",
                                   static_cast<int64_t>(v.items.size()), ": ", v.to_python()}));
    for (const Value& item : v.items) sizes.push_back(entry(item));
  } else {
    sizes.assign(rank, entry(v));
  }
  return sizes;
}

// AdaptiveAvgPool1d/2d/3d and AdaptiveMaxPool1d/2d/3d.
void compute_adaptive_pool(LayerContext& ctx, size_t rank, bool max) {
  const std::string& name = ctx.type().name;
  std::vector<int64_t> sizes = read_output_size(ctx, rank);
  bool return_indices = max && ctx.flag("return_indices");
  TorchSpatial in = torch_spatial_input(ctx, rank, true);
  std::vector<int64_t> spatial;
  std::vector<std::string> steps;
  bool kept = false, global = true;
  for (size_t i = 0; i < rank; ++i) {
    spatial.push_back(sizes[i] == kUnknown ? in.spatial[i] : sizes[i]);
    kept |= sizes[i] == kUnknown;
    global &= sizes[i] == 1;
    std::string from = in.spatial[i] == kUnknown ? std::string("None") : num(in.spatial[i]);
    steps.push_back(sizes[i] == kUnknown ? cat({from, " stays ", from, " (None)"})
                                         : cat({from, " becomes ", sizes[i]}));
  }
  Shape out = torch_spatial_output(in, spatial);
  ctx.set_output(out);

  std::string over = rank == 1 ? "over its whole length" : "over all its positions";
  std::string grid = rank == 1 ? "length " + (spatial[0] == kUnknown ? std::string("None") : num(spatial[0]))
                               : shape_words(spatial);
  std::string action = global ? (max ? "takes the largest value of each channel " + over : "averages each channel " + over)
                              : (max ? "takes the largest value in regions of each channel to give " + grid
                                     : "averages regions of each channel to give " + grid);
  if (ctx.explaining()) {
    ctx.explain(torch_input_sentence(ctx, in));
    if (in.batch_as_channels) ctx.explain(batch_as_channels_sentence(ctx));
    ctx.explain(cat({name, " picks its windows from the input's size so the output has the output_size asked for: "
                     "along an axis of size n, output i covers positions floor(i*n/out) to ceil((i+1)*n/out) - 1.",
                     kept ? " None keeps that axis as it is." : ""}));
    ctx.explain(cat({"Output: ", torch_axes_text(steps), ", so ", shape_torch(ctx.input()), " becomes ",
                     shape_torch(out), "."}));
    if (global)
      ctx.explain(cat({"With output_size 1 it is Keras' Global", (max ? "MaxPooling" : "AveragePooling"),
                       static_cast<int64_t>(rank), "D(keepdims=True)."}));
    if (return_indices)
      ctx.explain("return_indices=True also returns where each maximum was, a tensor of the same shape; the shape "
                  "shown is the pooled values'.");
  }
  ctx.no_parameters(cat({name, " only ", action, ": no learnable parameters"}));
}

void compute_max_pool1d(LayerContext& ctx) { compute_pool(ctx, 1, true); }
void compute_max_pool2d(LayerContext& ctx) { compute_pool(ctx, 2, true); }
void compute_max_pool3d(LayerContext& ctx) { compute_pool(ctx, 3, true); }
void compute_avg_pool1d(LayerContext& ctx) { compute_pool(ctx, 1, false); }
void compute_avg_pool2d(LayerContext& ctx) { compute_pool(ctx, 2, false); }
void compute_avg_pool3d(LayerContext& ctx) { compute_pool(ctx, 3, false); }
void compute_adaptive_avg_pool1d(LayerContext& ctx) { compute_adaptive_pool(ctx, 1, false); }
void compute_adaptive_avg_pool2d(LayerContext& ctx) { compute_adaptive_pool(ctx, 2, false); }
void compute_adaptive_avg_pool3d(LayerContext& ctx) { compute_adaptive_pool(ctx, 3, false); }
void compute_adaptive_max_pool1d(LayerContext& ctx) { compute_adaptive_pool(ctx, 1, true); }
void compute_adaptive_max_pool2d(LayerContext& ctx) { compute_adaptive_pool(ctx, 2, true); }
void compute_adaptive_max_pool3d(LayerContext& ctx) { compute_adaptive_pool(ctx, 3, true); }

// PyTorch's signatures, in their positional order.
constexpr ArgRow kMaxPool1dArgs[] = {
    arg_required_ints("kernel_size", 1), arg_ints("stride", 1, nullptr), arg_ints("padding", 1, "0"),
    arg_ints("dilation", 1, "1"), arg_bool("return_indices", false, false), arg_bool("ceil_mode", false)};
constexpr ArgRow kMaxPool2dArgs[] = {
    arg_required_ints("kernel_size", 2), arg_ints("stride", 2, nullptr), arg_ints("padding", 2, "0"),
    arg_ints("dilation", 2, "1"), arg_bool("return_indices", false, false), arg_bool("ceil_mode", false)};
constexpr ArgRow kMaxPool3dArgs[] = {
    arg_required_ints("kernel_size", 3), arg_ints("stride", 3, nullptr), arg_ints("padding", 3, "0"),
    arg_ints("dilation", 3, "1"), arg_bool("return_indices", false, false), arg_bool("ceil_mode", false)};
constexpr ArgRow kAvgPool1dArgs[] = {
    arg_required_ints("kernel_size", 1), arg_ints("stride", 1, nullptr), arg_ints("padding", 1, "0"),
    arg_bool("ceil_mode", false), arg_bool("count_include_pad", true, false)};
constexpr ArgRow kAvgPool2dArgs[] = {
    arg_required_ints("kernel_size", 2), arg_ints("stride", 2, nullptr), arg_ints("padding", 2, "0"),
    arg_bool("ceil_mode", false), arg_bool("count_include_pad", true, false), arg_int("divisor_override", nullptr, false)};
constexpr ArgRow kAvgPool3dArgs[] = {
    arg_required_ints("kernel_size", 3), arg_ints("stride", 3, nullptr), arg_ints("padding", 3, "0"),
    arg_bool("ceil_mode", false), arg_bool("count_include_pad", true, false), arg_int("divisor_override", nullptr, false)};
// An adaptive pool's output_size may hold None, so editors keep it as written.
constexpr ArgRow kAdaptiveAvgPoolArgs[] = {required(counted(arg_any("output_size"), true))};
constexpr ArgRow kAdaptiveMaxPoolArgs[] = {required(counted(arg_any("output_size"), true)),
                                           arg_bool("return_indices", false, false)};

constexpr TypeRow kTorchPoolingTypes[] = {
    {"MaxPool1d", "largest value in each window of (C, L)", lazy_rule(compute_max_pool1d), args(kMaxPool1dArgs),
     "nn.MaxPool1d(2)", "(16, 100)", kAllPositional},
    {"MaxPool2d", "largest value in each window of (C, H, W)", lazy_rule(compute_max_pool2d), args(kMaxPool2dArgs),
     "nn.MaxPool2d(2, 2)", "(64, 32, 32)", kAllPositional},
    {"MaxPool3d", "largest value in each window of (C, D, H, W)", lazy_rule(compute_max_pool3d), args(kMaxPool3dArgs),
     "nn.MaxPool3d(2)", "(8, 16, 16, 16)", kAllPositional},
    {"AvgPool1d", "average of each window of (C, L)", lazy_rule(compute_avg_pool1d), args(kAvgPool1dArgs), "nn.AvgPool1d(4)",
     "(16, 100)", kAllPositional},
    {"AvgPool2d", "average of each window of (C, H, W)", lazy_rule(compute_avg_pool2d), args(kAvgPool2dArgs),
     "nn.AvgPool2d(2, stride=2)", "(6, 28, 28)", kAllPositional},
    {"AvgPool3d", "average of each window of (C, D, H, W)", lazy_rule(compute_avg_pool3d), args(kAvgPool3dArgs),
     "nn.AvgPool3d(2)", "(8, 16, 16, 16)", kAllPositional},
    {"AdaptiveAvgPool1d", "averages each channel down to output_size values", lazy_rule(compute_adaptive_avg_pool1d),
     args(kAdaptiveAvgPoolArgs), "nn.AdaptiveAvgPool1d(1)", "(64, 100)", kAllPositional},
    {"AdaptiveAvgPool2d", "averages each channel to an output_size grid", lazy_rule(compute_adaptive_avg_pool2d),
     args(kAdaptiveAvgPoolArgs), "nn.AdaptiveAvgPool2d((1, 1))", "(512, 7, 7)", kAllPositional},
    {"AdaptiveAvgPool3d", "averages each channel to an output_size volume", lazy_rule(compute_adaptive_avg_pool3d),
     args(kAdaptiveAvgPoolArgs), "nn.AdaptiveAvgPool3d(1)", "(32, 4, 4, 4)", kAllPositional},
    {"AdaptiveMaxPool1d", "largest values of each channel at output_size", lazy_rule(compute_adaptive_max_pool1d),
     args(kAdaptiveMaxPoolArgs), "nn.AdaptiveMaxPool1d(1)", "(64, 100)", kAllPositional},
    {"AdaptiveMaxPool2d", "largest values of each channel on an output_size grid", lazy_rule(compute_adaptive_max_pool2d),
     args(kAdaptiveMaxPoolArgs), "nn.AdaptiveMaxPool2d((7, 7))", "(512, 14, 14)", kAllPositional},
    {"AdaptiveMaxPool3d", "largest values of each channel in an output_size volume", lazy_rule(compute_adaptive_max_pool3d),
     args(kAdaptiveMaxPoolArgs), "nn.AdaptiveMaxPool3d(1)", "(32, 4, 4, 4)", kAllPositional},
};

}  // namespace

void register_torch_pooling_modules(std::vector<LayerType>& out) {
  add_layer_types(out, "Pooling", kTorchPoolingTypes, Framework::PyTorch);
}

}  // namespace learnable
