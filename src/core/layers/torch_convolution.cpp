// PyTorch's convolutions: Conv1d/2d/3d and ConvTranspose1d/2d/3d on channels-first input with
// the batch left out. They count what Keras' Conv1D..3D count, so the formula is the tutorial's
// (in_channels × out_channels·kernel + biases); the weight's layout, the padding choices and the
// output length rule are PyTorch's: floor((L + 2p - d(k-1) - 1)/s) + 1.
#include <algorithm>

#include "core/layer_context.h"
#include "core/layers/torch_spatial.h"

namespace learnable {

namespace {

// Padding per axis (before, after): numbers, 'valid' (none) or 'same' (PyTorch puts the odd
// one at the end of an axis whose window is even).
struct ConvWindow {
  std::vector<int64_t> kernel, stride, dilation, before, after, window;  // window = d*(k-1) + 1
  std::string padding_word;  // "same", "valid", or empty when padding is numbers
  int64_t kernel_size = 1;   // product of the kernel dims
};

// "3×3", or "size 5" for a 1D kernel.
std::string kernel_words(const std::vector<int64_t>& kernel) {
  return kernel.size() == 1 ? cat({"size ", kernel[0]}) : shape_words(kernel);
}

bool any_above_one(const std::vector<int64_t>& values) {
  for (int64_t v : values)
    if (v > 1) return true;
  return false;
}

ConvWindow read_window(const LayerContext& ctx, size_t rank) {
  ConvWindow w;
  w.kernel = ctx.ints("kernel_size", rank);
  w.stride = ctx.ints("stride", rank);
  w.dilation = ctx.ints("dilation", rank);
  w.kernel_size = ctx.product(w.kernel);
  for (size_t i = 0; i < rank; ++i) w.window.push_back(ctx.add(ctx.mul(w.dilation[i], w.kernel[i] - 1), 1));
  return w;
}

// Conv's padding: 'valid', 'same', an int or a tuple of `rank` ints, checked as the module's
// constructor checks it.
void read_conv_padding(const LayerContext& ctx, size_t rank, ConvWindow& w) {
  const Value& padding = ctx.arg("padding");
  if (padding.kind == Value::Kind::String) {
    if (padding.text != "valid" && padding.text != "same")
      ctx.fail("padding", cat({"padding must be 'valid', 'same', an integer",
                               rank > 1 ? cat({" or a tuple of ", static_cast<int64_t>(rank), " integers"}) : std::string(),
                               ", got ", padding.to_python()}));
    w.padding_word = padding.text;
    if (w.padding_word == "same" && any_above_one(w.stride))
      ctx.fail("padding", cat({"padding='same' is not supported for strided convolutions: stride is ",
                               dims_python(w.stride), "; give the padding as a number"}));
    for (size_t i = 0; i < rank; ++i) {
      int64_t total = w.padding_word == "same" ? w.window[i] - 1 : 0;
      w.before.push_back(total / 2);
      w.after.push_back(total - total / 2);
    }
    return;
  }
  w.before = ctx.ints("padding", rank, 0);
  w.after = w.before;
}

void bias_steps(LayerContext& ctx, bool bias, int64_t weights, int64_t out_channels) {
  if (bias) {
    ctx.explain(cat({"Biases: one per output channel, ", out_channels, "."}));
    ctx.explain(cat({"Total: ", weights, " + ", out_channels, " = ", ctx.result().params, "."}));
  } else {
    ctx.explain("Biases: none, since bias=False.");
    ctx.explain(cat({"Total: ", weights, "."}));
  }
}

// Fills in the weight, the bias and the formula shared by both directions: (in/groups)*(out*k) + out.
void count_weights(LayerContext& ctx, Shape weight_shape, int64_t in_channels, int64_t out_channels, int64_t groups,
                   int64_t kernel_size, bool bias) {
  ctx.add_weight("weight", std::move(weight_shape));
  if (bias) ctx.add_weight("bias", {out_channels});
  int64_t outputs = ctx.mul(out_channels, kernel_size);
  std::string inputs_term = groups == 1 ? num(in_channels) : cat({"(", in_channels, "/", groups, ")"});
  std::string formula = cat({inputs_term, "*", outputs});
  if (bias) formula += cat({" + ", out_channels});
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));
}

// The input's channels must be in_channels, as PyTorch checks when the module runs.
TorchSpatial read_input(const LayerContext& ctx, size_t rank, int64_t in_channels) {
  TorchSpatial in = torch_spatial_input(ctx, rank, false);
  if (in.channels != kUnknown && in.channels != in_channels)
    ctx.fail("in_channels", cat({ctx.type().name, " expects in_channels=", in_channels, " but the input ",
                                 shape_torch(ctx.input()), " has ", in.channels,
                                 (in.channels == 1 ? " channel" : " channels")}));
  return in;
}

void check_groups(const LayerContext& ctx, int64_t in_channels, int64_t out_channels, int64_t groups) {
  if (in_channels % groups != 0)
    ctx.fail("groups", cat({"in_channels (", in_channels, ") must be divisible by groups (", groups, ")"}));
  if (out_channels % groups != 0)
    ctx.fail("groups", cat({"out_channels (", out_channels, ") must be divisible by groups (", groups, ")"}));
}

// Conv1d / Conv2d / Conv3d.
void compute_conv(LayerContext& ctx, size_t rank) {
  int64_t in_channels = ctx.positive("in_channels");
  int64_t out_channels = ctx.positive("out_channels");
  ConvWindow w = read_window(ctx, rank);
  int64_t groups = ctx.positive("groups");
  bool bias = ctx.flag("bias");
  check_groups(ctx, in_channels, out_channels, groups);
  read_conv_padding(ctx, rank, w);
  std::string mode = ctx.choice("padding_mode");

  TorchSpatial in = read_input(ctx, rank, in_channels);
  std::vector<int64_t> spatial;
  std::vector<std::string> steps;
  for (size_t i = 0; i < rank; ++i) {
    int64_t length = in.spatial[i];
    if (length == kUnknown) {
      spatial.push_back(kUnknown);
      steps.push_back(window_step(length, 0, 0, 0, 1, false, false, 0));
      continue;
    }
    int64_t before = w.before[i], after = w.after[i];
    const char* axis = torch_axis_name(rank, i);
    // A padding_mode other than 'zeros' pads the input itself first, with its own limits.
    if (mode == "reflect" && (before >= length || after >= length))
      ctx.fail("padding", cat({"padding_mode='reflect' mirrors the input at its edges, so the padding must be smaller "
                               "than the input: padding ", std::max(before, after), " along ", axis, " of ", length}));
    if (mode == "circular" && (before > length || after > length))
      ctx.fail("padding", cat({"padding_mode='circular' wraps the input around, so the padding can be at most the "
                               "input's size: padding ", std::max(before, after), " along ", axis, " of ", length}));
    int64_t padded = ctx.add(ctx.add(length, before), after);
    if (padded < w.window[i]) {
      std::string kernel = w.dilation[i] > 1 ? cat({"the dilated kernel of ", w.window[i], " (", w.dilation[i], "*(",
                                                    w.kernel[i], " - 1) + 1)"})
                                             : cat({"the kernel of ", w.kernel[i]});
      ctx.fail("kernel_size", cat({kernel, " is larger than the padded input's ", padded, " along ", axis,
                                   before + after ? cat({" (", length, " + ", before + after, ")"}) : std::string(),
                                   ": use a smaller kernel_size or more padding"}));
    }
    spatial.push_back((padded - w.window[i]) / w.stride[i] + 1);
    steps.push_back(window_step(length, before, after, w.window[i], w.stride[i], false, false, spatial.back()));
  }
  Shape out = {out_channels};
  out.insert(out.end(), spatial.begin(), spatial.end());
  ctx.set_output(out);

  int64_t per_group = in_channels / groups;
  Shape weight_shape = {out_channels, per_group};
  weight_shape.insert(weight_shape.end(), w.kernel.begin(), w.kernel.end());
  count_weights(ctx, weight_shape, in_channels, out_channels, groups, w.kernel_size, bias);

  if (!ctx.explaining()) return;
  int64_t outputs = ctx.mul(out_channels, w.kernel_size);
  int64_t weights = ctx.mul(per_group, outputs);
  ctx.explain(torch_input_sentence(ctx, in));
  if (groups > 1)
    ctx.explain(cat({"Groups: groups=", groups, " splits the ", in_channels, " input channels into ", groups,
                     " groups, so each filter sees only ", in_channels, "/", groups, " = ", per_group, " of them."}));
  ctx.explain(cat({"Outputs: out_channels=", out_channels, " filters of ", kernel_words(w.kernel), " make ", out_channels,
                   " × ", w.kernel_size, " = ", outputs, " weights for each input channel."}));
  Shape keras_kernel = w.kernel;
  keras_kernel.push_back(per_group);
  keras_kernel.push_back(out_channels);
  ctx.explain(cat({"Weights: ", per_group, " × ", outputs, " = ", weights, ", kept as weight of shape ",
                   dims_python(weight_shape), ", (out_channels, in_channels/groups, *kernel_size); Keras' Conv",
                   static_cast<int64_t>(rank), "D keeps the same numbers as a ", dims_python(keras_kernel), " kernel."}));
  bias_steps(ctx, bias, weights, out_channels);
  std::string window_rule = "dilation*(kernel_size - 1) + 1";
  bool one_window = true;
  for (int64_t v : w.window) one_window &= v == w.window[0];
  if (one_window) window_rule += cat({" = ", w.window[0]});
  ctx.explain(cat({"Output: each side is floor((size + 2*padding - window) / stride) + 1, with window = ", window_rule,
                   ": ", torch_axes_text(steps), ", so ", shape_torch(ctx.input()), " becomes ", shape_torch(out), "."}));
  if (w.padding_word == "same") {
    std::vector<std::string> pads;
    bool uneven = false;
    for (size_t i = 0; i < rank; ++i) {
      uneven |= w.before[i] != w.after[i];
      pads.push_back(cat({w.before[i] + w.after[i], " (", w.before[i], " before, ", w.after[i], " after)"}));
    }
    ctx.explain(cat({"padding='same' pads dilation*(kernel_size - 1) in all: ", torch_axes_text(pads),
                     ", so the size stays", uneven ? "; with an even window PyTorch puts the odd one at the end" : "",
                     "."}));
  }
  if (mode != "zeros") {
    const char* fill = mode == "reflect" ? "mirroring the input at its edges"
                       : mode == "replicate" ? "repeating the edge values"
                                             : "wrapping the input around";
    ctx.explain(cat({"padding_mode='", mode, "' fills the padding by ", fill,
                     " instead of with zeros; the shape and the count stay the same."}));
  }
}

// "(7 - 1)*2 - 2*1 + (3 - 1) + 1 + 1 = 14": one axis of the transposed output rule.
std::string transposed_step(int64_t length, int64_t stride, int64_t padding, int64_t dilation, int64_t kernel,
                            int64_t output_padding, int64_t out) {
  if (length == kUnknown) return "None stays None";
  std::string s = cat({"(", length, " - 1)*", stride});
  if (padding) s += cat({" - 2*", padding});
  s += dilation == 1 ? cat({" + (", kernel, " - 1)"}) : cat({" + ", dilation, "*(", kernel, " - 1)"});
  if (output_padding) s += cat({" + ", output_padding});
  return cat({s, " + 1 = ", out});
}

// ConvTranspose1d / ConvTranspose2d / ConvTranspose3d.
void compute_conv_transpose(LayerContext& ctx, size_t rank) {
  const std::string& name = ctx.type().name;
  int64_t in_channels = ctx.positive("in_channels");
  int64_t out_channels = ctx.positive("out_channels");
  ConvWindow w = read_window(ctx, rank);
  std::vector<int64_t> padding = ctx.ints("padding", rank, 0);
  std::vector<int64_t> output_padding = ctx.ints("output_padding", rank, 0);
  int64_t groups = ctx.positive("groups");
  bool bias = ctx.flag("bias");
  check_groups(ctx, in_channels, out_channels, groups);
  std::string mode = ctx.choice("padding_mode");
  if (mode != "zeros")
    ctx.fail("padding_mode", cat({name, " only supports padding_mode='zeros', got '", mode, "'"}));
  for (size_t i = 0; i < rank; ++i)
    if (output_padding[i] >= w.stride[i] && output_padding[i] >= w.dilation[i])
      ctx.fail("output_padding", cat({"output_padding must be smaller than either stride or dilation, but got "
                                      "output_padding=", dims_python(output_padding), " with stride=",
                                      dims_python(w.stride), " and dilation=", dims_python(w.dilation)}));

  TorchSpatial in = read_input(ctx, rank, in_channels);
  std::vector<int64_t> spatial;
  std::vector<std::string> steps;
  for (size_t i = 0; i < rank; ++i) {
    int64_t length = in.spatial[i];
    int64_t out = kUnknown;
    if (length != kUnknown) {
      out = ctx.add(ctx.add(ctx.mul(length - 1, w.stride[i]), -ctx.mul(2, padding[i])),
                    ctx.add(w.window[i], output_padding[i]));
      if (out < 1)
        ctx.fail("padding", cat({"the output would have size ",
                                 transposed_step(length, w.stride[i], padding[i], w.dilation[i], w.kernel[i],
                                                 output_padding[i], out),
                                 " along ", torch_axis_name(rank, i), ": padding ", padding[i],
                                 " takes away more than the transposed convolution adds"}));
    }
    spatial.push_back(out);
    steps.push_back(transposed_step(length, w.stride[i], padding[i], w.dilation[i], w.kernel[i], output_padding[i], out));
  }
  Shape out = {out_channels};
  out.insert(out.end(), spatial.begin(), spatial.end());
  ctx.set_output(out);

  int64_t per_group = out_channels / groups;
  Shape weight_shape = {in_channels, per_group};
  weight_shape.insert(weight_shape.end(), w.kernel.begin(), w.kernel.end());
  count_weights(ctx, weight_shape, in_channels, out_channels, groups, w.kernel_size, bias);

  if (!ctx.explaining()) return;
  int64_t outputs = ctx.mul(out_channels, w.kernel_size);
  int64_t weights = ctx.mul(in_channels / groups, outputs);
  ctx.explain(torch_input_sentence(ctx, in));
  if (groups > 1)
    ctx.explain(cat({"Groups: groups=", groups, " splits the channels into ", groups,
                     " groups, so each input channel feeds only ", out_channels, "/", groups, " = ", per_group,
                     " output channels."}));
  ctx.explain(cat({"Outputs: a transposed convolution spreads each input value over a window of ", kernel_words(w.kernel),
                   " in each of out_channels=", out_channels, " channels: ", out_channels, " × ",
                   w.kernel_size, " = ", outputs, " weights for each input channel."}));
  std::string weights_step =
      cat({"Weights: ", groups == 1 ? num(in_channels) : cat({"(", in_channels, "/", groups, ")"}), " × ", outputs, " = ",
           weights, ", kept as weight of shape ", dims_python(weight_shape),
           ", (in_channels, out_channels/groups, *kernel_size): in before out, the other way round from Conv",
           static_cast<int64_t>(rank), "d's weight"});
  if (groups == 1) {
    Shape keras_kernel = w.kernel;
    keras_kernel.push_back(out_channels);
    keras_kernel.push_back(in_channels);
    weights_step += cat({"; Keras' Conv", static_cast<int64_t>(rank), "DTranspose keeps a ", dims_python(keras_kernel),
                         " kernel"});
  }
  ctx.explain(weights_step + ".");
  bias_steps(ctx, bias, weights, out_channels);
  ctx.explain(cat({"Output: each side is (size - 1)*stride - 2*padding + dilation*(kernel_size - 1) + output_padding + 1: ",
                   torch_axes_text(steps), ", so ", shape_torch(ctx.input()), " becomes ", shape_torch(out), "."}));
}

// Each rank gets its own wrapper, so the registry's function pointers need no template.
void compute_conv1d(LayerContext& ctx) { compute_conv(ctx, 1); }
void compute_conv2d(LayerContext& ctx) { compute_conv(ctx, 2); }
void compute_conv3d(LayerContext& ctx) { compute_conv(ctx, 3); }
void compute_conv_transpose1d(LayerContext& ctx) { compute_conv_transpose(ctx, 1); }
void compute_conv_transpose2d(LayerContext& ctx) { compute_conv_transpose(ctx, 2); }
void compute_conv_transpose3d(LayerContext& ctx) { compute_conv_transpose(ctx, 3); }

// PyTorch's signatures, in their positional order (device and dtype are common to every module).
// A convolution's padding is an int, a tuple or 'valid' / 'same', so editors keep it as written.
constexpr ArgRow kConvPadding = counted(arg_any("padding", "0"), true);
constexpr ArgRow kPaddingMode = arg_choice("padding_mode", "zeros|reflect|replicate|circular", "'zeros'", false);
constexpr ArgRow kConv1dArgs[] = {
    arg_required_int("in_channels"), arg_required_int("out_channels"), arg_required_ints("kernel_size", 1),
    arg_ints("stride", 1, "1"), kConvPadding, arg_ints("dilation", 1, "1"), arg_int("groups", "1"),
    arg_bool("bias", true), kPaddingMode};
constexpr ArgRow kConv2dArgs[] = {
    arg_required_int("in_channels"), arg_required_int("out_channels"), arg_required_ints("kernel_size", 2),
    arg_ints("stride", 2, "1"), kConvPadding, arg_ints("dilation", 2, "1"), arg_int("groups", "1"),
    arg_bool("bias", true), kPaddingMode};
constexpr ArgRow kConv3dArgs[] = {
    arg_required_int("in_channels"), arg_required_int("out_channels"), arg_required_ints("kernel_size", 3),
    arg_ints("stride", 3, "1"), kConvPadding, arg_ints("dilation", 3, "1"), arg_int("groups", "1"),
    arg_bool("bias", true), kPaddingMode};
constexpr ArgRow kConvTranspose1dArgs[] = {
    arg_required_int("in_channels"), arg_required_int("out_channels"), arg_required_ints("kernel_size", 1),
    arg_ints("stride", 1, "1"), arg_ints("padding", 1, "0"), arg_ints("output_padding", 1, "0"),
    arg_int("groups", "1"), arg_bool("bias", true), arg_ints("dilation", 1, "1"), kPaddingMode};
constexpr ArgRow kConvTranspose2dArgs[] = {
    arg_required_int("in_channels"), arg_required_int("out_channels"), arg_required_ints("kernel_size", 2),
    arg_ints("stride", 2, "1"), arg_ints("padding", 2, "0"), arg_ints("output_padding", 2, "0"),
    arg_int("groups", "1"), arg_bool("bias", true), arg_ints("dilation", 2, "1"), kPaddingMode};
constexpr ArgRow kConvTranspose3dArgs[] = {
    arg_required_int("in_channels"), arg_required_int("out_channels"), arg_required_ints("kernel_size", 3),
    arg_ints("stride", 3, "1"), arg_ints("padding", 3, "0"), arg_ints("output_padding", 3, "0"),
    arg_int("groups", "1"), arg_bool("bias", true), arg_ints("dilation", 3, "1"), kPaddingMode};

constexpr TypeRow kTorchConvolutionTypes[] = {
    {"Conv1d", "1D convolution over (C, L): text, audio, series", lazy_rule(compute_conv1d), args(kConv1dArgs),
     "nn.Conv1d(8, 16, 5, padding=2)", "(8, 100)", kAllPositional},
    {"Conv2d", "2D convolution over (C, H, W) images", lazy_rule(compute_conv2d), args(kConv2dArgs),
     "nn.Conv2d(3, 32, 3, padding=1)", "(3, 32, 32)", kAllPositional},
    {"Conv3d", "3D convolution over (C, D, H, W) volumes or video", lazy_rule(compute_conv3d), args(kConv3dArgs),
     "nn.Conv3d(1, 8, 3)", "(1, 16, 16, 16)", kAllPositional},
    {"ConvTranspose1d", "1D transposed convolution (learned upsampling)", lazy_rule(compute_conv_transpose1d),
     args(kConvTranspose1dArgs), "nn.ConvTranspose1d(16, 8, 4, stride=2, padding=1)", "(16, 25)", kAllPositional},
    {"ConvTranspose2d", "2D transposed convolution (learned upsampling)", lazy_rule(compute_conv_transpose2d),
     args(kConvTranspose2dArgs), "nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1)", "(64, 16, 16)", kAllPositional},
    {"ConvTranspose3d", "3D transposed convolution (learned upsampling)", lazy_rule(compute_conv_transpose3d),
     args(kConvTranspose3dArgs), "nn.ConvTranspose3d(3, 2, 2, stride=2)", "(3, 4, 4, 4)", kAllPositional},
};

}  // namespace

void register_torch_convolution_modules(std::vector<LayerType>& out) {
  add_layer_types(out, "Convolution", kTorchConvolutionTypes, Framework::PyTorch);
}

}  // namespace learnable
