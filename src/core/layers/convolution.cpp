// Convolutions: Conv1D/2D/3D (groups), their transposes, DepthwiseConv2D and SeparableConv1D/2D.
// Formula framing from the tutorial: inputs × outputs + biases, where a filter's "outputs" are
// filters × kernel size: Conv2D(32, 3×3) on 3 channels is 3*288 + 32 = 896.
#include "core/layer_context.h"
#include "core/layers/spatial.h"

namespace learnable {

namespace {

std::string input_sentence(const LayerContext& ctx, int64_t channels) {
  return cat({"Inputs: the previous layer gives ", shape_words(ctx.input()), ", so each filter sees ",
              channels, " input channel", (channels == 1 ? "" : "s"), "."});
}

struct Window {
  std::vector<int64_t> kernel, strides, dilation;
  std::string padding;
  int64_t kernel_size = 1;  // product of the kernel dims
};

Window read_window(const LayerContext& ctx, size_t rank) {
  Window w;
  w.kernel = ctx.ints("kernel_size", rank);
  w.strides = ctx.ints("strides", rank);
  w.dilation = ctx.ints("dilation_rate", rank);
  w.padding = ctx.choice("padding");
  bool strided = false, dilated = false;
  for (size_t i = 0; i < rank; ++i) {
    strided |= w.strides[i] > 1;
    dilated |= w.dilation[i] > 1;
  }
  if (strided && dilated)
    ctx.fail("dilation_rate", cat({"Keras cannot combine strides > 1 with dilation_rate > 1: got strides=",
                                       dims_python(w.strides), " and dilation_rate=", dims_python(w.dilation)}));
  w.kernel_size = ctx.product(w.kernel);
  return w;
}

std::vector<int64_t> output_spatial(const LayerContext& ctx, const SpatialInput& in, const Window& w) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < in.spatial.size(); ++i)
    out.push_back(window_output_length(ctx, in.spatial[i], w.kernel[i], w.padding, w.strides[i],
                                       w.dilation[i], "kernel_size"));
  return out;
}

std::string output_sentence(const Window& w, const Shape& out) {
  std::string s = cat({"Output: with padding '", w.padding, "'"});
  bool unit_strides = true;
  for (int64_t v : w.strides) unit_strides &= v == 1;
  if (!unit_strides) s += cat({" and strides ", dims_python(w.strides)});
  return cat({s, " the layer gives ", shape_words(out), "."});
}

void bias_steps(LayerContext& ctx, bool use_bias, int64_t weights, int64_t biases, const char* per) {
  if (use_bias) {
    ctx.explain(cat({"Biases: one per ", std::string(per), ", ", biases, "."}));
    ctx.explain(cat({"Total: ", weights, " + ", biases, " = ", weights + biases, "."}));
  } else {
    ctx.explain("Biases: none, since use_bias=False.");
    ctx.explain(cat({"Total: ", weights, "."}));
  }
}

// Conv1D / Conv2D / Conv3D.
void compute_conv(LayerContext& ctx, size_t rank) {
  SpatialInput in = read_spatial_input(ctx, rank);
  int64_t filters = ctx.positive("filters");
  Window w = read_window(ctx, rank);
  int64_t groups = ctx.positive("groups");
  bool use_bias = ctx.flag("use_bias");
  int64_t channels = ctx.known_dim(in.channels_first ? 0 : rank, "number of input channels");
  if (filters % groups != 0)
    ctx.fail("groups", cat({"filters (", filters, ") must be divisible by groups (", groups, ")"}));
  if (channels % groups != 0)
    ctx.fail("groups", cat({"the ", channels, " input channels must be divisible by groups (",
                                groups, ")"}));
  Shape out = spatial_output(in, output_spatial(ctx, in, w), filters);
  ctx.set_output(out);

  int64_t per_group = channels / groups;
  Shape kernel_shape = w.kernel;
  kernel_shape.push_back(per_group);
  kernel_shape.push_back(filters);
  ctx.add_weight("kernel", kernel_shape);
  if (use_bias) ctx.add_weight("bias", {filters});

  int64_t outputs = ctx.mul(filters, w.kernel_size);
  int64_t weights = ctx.mul(per_group, outputs);
  std::string inputs_term = groups == 1 ? num(channels) : "(" + num(channels) + "/" + num(groups) + ")";
  std::string formula = cat({inputs_term, "*", outputs});
  if (use_bias) formula += cat({" + ", filters});
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));

  if (!ctx.explaining()) return;
  ctx.explain(input_sentence(ctx, channels));
  if (groups > 1)
    ctx.explain(cat({"Groups: groups=", groups, " splits the channels, so each filter sees only ",
                     channels, "/", groups, " = ", per_group, " of them."}));
  ctx.explain(cat({"Outputs: ", filters, " filters of ", window_words(w.kernel), " make ",
                   filters, " × ", w.kernel_size, " = ", outputs,
                   " weights for each input channel."}));
  ctx.explain(cat({"Weights: ", per_group, " × ", outputs, " = ", weights, "."}));
  bias_steps(ctx, use_bias, weights, filters, "filter");
  ctx.explain(output_sentence(w, out));
}

// Conv1DTranspose / Conv2DTranspose / Conv3DTranspose.
void compute_conv_transpose(LayerContext& ctx, size_t rank) {
  SpatialInput in = read_spatial_input(ctx, rank);
  int64_t filters = ctx.positive("filters");
  Window w = read_window(ctx, rank);
  bool use_bias = ctx.flag("use_bias");
  std::vector<int64_t> output_padding(rank, -1);
  if (!ctx.arg("output_padding").is_none()) {
    output_padding = ctx.ints("output_padding", rank, 0);
    for (size_t i = 0; i < rank; ++i)
      if (output_padding[i] >= w.strides[i])
        ctx.fail("output_padding", cat({"output_padding ", dims_python(output_padding),
                                            " must be smaller than strides ", dims_python(w.strides)}));
  }
  int64_t channels = ctx.known_dim(in.channels_first ? 0 : rank, "number of input channels");
  std::vector<int64_t> spatial;
  for (size_t i = 0; i < rank; ++i)
    spatial.push_back(transposed_output_length(ctx, in.spatial[i], w.kernel[i], w.padding,
                                               output_padding[i], w.strides[i], w.dilation[i]));
  Shape out = spatial_output(in, spatial, filters);
  ctx.set_output(out);

  Shape kernel_shape = w.kernel;
  kernel_shape.push_back(filters);
  kernel_shape.push_back(channels);
  ctx.add_weight("kernel", kernel_shape);
  if (use_bias) ctx.add_weight("bias", {filters});

  int64_t outputs = ctx.mul(filters, w.kernel_size);
  int64_t weights = ctx.mul(channels, outputs);
  std::string formula = cat({channels, "*", outputs});
  if (use_bias) formula += cat({" + ", filters});
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));

  if (!ctx.explaining()) return;
  ctx.explain(input_sentence(ctx, channels));
  ctx.explain(cat({"Outputs: a transposed convolution spreads each input value over a ",
                   window_words(w.kernel), " window in each of ", filters, " filters: ",
                   filters, " × ", w.kernel_size, " = ", outputs,
                   " weights for each input channel."}));
  ctx.explain(cat({"Weights: ", channels, " × ", outputs, " = ", weights, "."}));
  bias_steps(ctx, use_bias, weights, filters, "filter");
  ctx.explain(cat({"Output: upsampling by strides ", dims_python(w.strides), " with padding '",
                   w.padding, "' gives ", shape_words(out), "."}));
}

void compute_depthwise_conv2d(LayerContext& ctx) {
  SpatialInput in = read_spatial_input(ctx, 2);
  Window w = read_window(ctx, 2);
  int64_t multiplier = ctx.positive("depth_multiplier");
  bool use_bias = ctx.flag("use_bias");
  int64_t channels = ctx.known_dim(in.channels_first ? 0 : 2, "number of input channels");
  int64_t out_channels = ctx.mul(channels, multiplier);
  Shape out = spatial_output(in, output_spatial(ctx, in, w), out_channels);
  ctx.set_output(out);

  ctx.add_weight("depthwise_kernel", {w.kernel[0], w.kernel[1], channels, multiplier});
  if (use_bias) ctx.add_weight("bias", {out_channels});

  int64_t outputs = ctx.mul(w.kernel_size, multiplier);
  int64_t weights = ctx.mul(channels, outputs);
  std::string formula = cat({channels, "*", outputs});
  if (use_bias) formula += cat({" + ", out_channels});
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: the previous layer gives ", shape_words(ctx.input()), ", ", channels,
                   " channels, and a depthwise convolution filters each channel on its own."}));
  ctx.explain(cat({"Outputs: each channel gets depth_multiplier=", multiplier, " filter",
                   (multiplier == 1 ? "" : "s"), " of ", window_words(w.kernel), ": ",
                   w.kernel_size, " × ", multiplier, " = ", outputs,
                   " weights per channel."}));
  ctx.explain(cat({"Weights: ", channels, " × ", outputs, " = ", weights, "."}));
  bias_steps(ctx, use_bias, weights, out_channels, "output channel");
  ctx.explain(output_sentence(w, out));
}

void compute_separable_conv(LayerContext& ctx, size_t rank) {
  SpatialInput in = read_spatial_input(ctx, rank);
  int64_t filters = ctx.positive("filters");
  Window w = read_window(ctx, rank);
  int64_t multiplier = ctx.positive("depth_multiplier");
  bool use_bias = ctx.flag("use_bias");
  int64_t channels = ctx.known_dim(in.channels_first ? 0 : rank, "number of input channels");
  Shape out = spatial_output(in, output_spatial(ctx, in, w), filters);
  ctx.set_output(out);

  Shape depthwise_shape = w.kernel;
  depthwise_shape.push_back(channels);
  depthwise_shape.push_back(multiplier);
  Shape pointwise_shape(rank, 1);
  int64_t middle = ctx.mul(channels, multiplier);
  pointwise_shape.push_back(middle);
  pointwise_shape.push_back(filters);
  ctx.add_weight("depthwise_kernel", depthwise_shape);
  ctx.add_weight("pointwise_kernel", pointwise_shape);
  if (use_bias) ctx.add_weight("bias", {filters});

  int64_t depth_outputs = ctx.mul(w.kernel_size, multiplier);
  int64_t depthwise = ctx.mul(channels, depth_outputs);
  int64_t pointwise = ctx.mul(middle, filters);
  std::string formula = cat({channels, "*", depth_outputs, " + ", middle, "*", filters});
  if (use_bias) formula += cat({" + ", filters});
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: the previous layer gives ", shape_words(ctx.input()), ", ", channels,
                   " channels. A separable convolution works in two steps."}));
  ctx.explain(cat({"Depthwise step: each channel gets ", multiplier, " filter",
                   (multiplier == 1 ? "" : "s"), " of ", window_words(w.kernel), ": ", channels,
                   " × ", depth_outputs, " = ", depthwise, " weights."}));
  ctx.explain(cat({"Pointwise step: a 1×1 convolution maps those ", middle, " channels to ",
                   filters, " filters: ", middle, " × ", filters, " = ", pointwise,
                   " weights."}));
  bias_steps(ctx, use_bias, ctx.add(depthwise, pointwise), filters, "filter");
  ctx.explain(output_sentence(w, out));
}

// Each rank gets its own wrapper, so the registry's function pointers need no template.
void compute_conv1d(LayerContext& ctx) { compute_conv(ctx, 1); }
void compute_conv2d(LayerContext& ctx) { compute_conv(ctx, 2); }
void compute_conv3d(LayerContext& ctx) { compute_conv(ctx, 3); }
void compute_conv1d_transpose(LayerContext& ctx) { compute_conv_transpose(ctx, 1); }
void compute_conv2d_transpose(LayerContext& ctx) { compute_conv_transpose(ctx, 2); }
void compute_conv3d_transpose(LayerContext& ctx) { compute_conv_transpose(ctx, 3); }
void compute_separable_conv1d(LayerContext& ctx) { compute_separable_conv(ctx, 1); }
void compute_separable_conv2d(LayerContext& ctx) { compute_separable_conv(ctx, 2); }

constexpr const char* kPaddings = "valid|same";
constexpr const char* kPaddingsCausal = "valid|same|causal";
constexpr const char* kDataFormats = "channels_last|channels_first";

// Keras' signatures, in their positional order; the initializers and the rest follow in a tail.
constexpr ArgRow kConv1DHead[] = {
    arg_required_int("filters"),
    arg_required_ints("kernel_size", 1),
    arg_ints("strides", 1, "(1,)"),
    arg_choice("padding", kPaddingsCausal, "'valid'"),
    arg_choice("data_format", kDataFormats, "'channels_last'"),
    arg_ints("dilation_rate", 1, "(1,)"),
    arg_int("groups", "1"),
    arg_activation(),
    arg_bool("use_bias", true)};

constexpr ArgRow kConv2DHead[] = {
    arg_required_int("filters"),
    arg_required_ints("kernel_size", 2),
    arg_ints("strides", 2, "(1, 1)"),
    arg_choice("padding", kPaddings, "'valid'"),
    arg_choice("data_format", kDataFormats, "'channels_last'"),
    arg_ints("dilation_rate", 2, "(1, 1)"),
    arg_int("groups", "1"),
    arg_activation(),
    arg_bool("use_bias", true)};

constexpr ArgRow kConv3DHead[] = {
    arg_required_int("filters"),
    arg_required_ints("kernel_size", 3),
    arg_ints("strides", 3, "(1, 1, 1)"),
    arg_choice("padding", kPaddings, "'valid'"),
    arg_choice("data_format", kDataFormats, "'channels_last'"),
    arg_ints("dilation_rate", 3, "(1, 1, 1)"),
    arg_int("groups", "1"),
    arg_activation(),
    arg_bool("use_bias", true)};

constexpr ArgRow kConv1DTransposeHead[] = {
    arg_required_int("filters"),
    arg_required_ints("kernel_size", 1),
    arg_ints("strides", 1, "(1,)"),
    arg_choice("padding", kPaddings, "'valid'"),
    arg_ints("output_padding", 1, nullptr),
    arg_choice("data_format", kDataFormats, "'channels_last'"),
    arg_ints("dilation_rate", 1, "(1,)"),
    arg_activation(),
    arg_bool("use_bias", true)};

constexpr ArgRow kConv2DTransposeHead[] = {
    arg_required_int("filters"),
    arg_required_ints("kernel_size", 2),
    arg_ints("strides", 2, "(1, 1)"),
    arg_choice("padding", kPaddings, "'valid'"),
    arg_ints("output_padding", 2, nullptr),
    arg_choice("data_format", kDataFormats, "'channels_last'"),
    arg_ints("dilation_rate", 2, "(1, 1)"),
    arg_activation(),
    arg_bool("use_bias", true)};

constexpr ArgRow kConv3DTransposeHead[] = {
    arg_required_int("filters"),
    arg_required_ints("kernel_size", 3),
    arg_ints("strides", 3, "(1, 1, 1)"),
    arg_choice("padding", kPaddings, "'valid'"),
    arg_ints("output_padding", 3, nullptr),
    arg_choice("data_format", kDataFormats, "'channels_last'"),
    arg_ints("dilation_rate", 3, "(1, 1, 1)"),
    arg_activation(),
    arg_bool("use_bias", true)};

constexpr ArgRow kConvTail[] = {
    arg_any("kernel_initializer", "'glorot_uniform'"),
    arg_any("bias_initializer", "'zeros'"),
    arg_any("kernel_regularizer"),
    arg_any("bias_regularizer"),
    arg_any("activity_regularizer"),
    arg_any("kernel_constraint"),
    arg_any("bias_constraint")};

constexpr ArgRow kSeparable1DHead[] = {
    arg_required_int("filters"),
    arg_required_ints("kernel_size", 1),
    arg_ints("strides", 1, "(1,)"),
    arg_choice("padding", kPaddingsCausal, "'valid'"),
    arg_choice("data_format", kDataFormats, "'channels_last'"),
    arg_ints("dilation_rate", 1, "(1,)"),
    arg_int("depth_multiplier", "1"),
    arg_activation(),
    arg_bool("use_bias", true)};

constexpr ArgRow kSeparable2DHead[] = {
    arg_required_int("filters"),
    arg_required_ints("kernel_size", 2),
    arg_ints("strides", 2, "(1, 1)"),
    arg_choice("padding", kPaddings, "'valid'"),
    arg_choice("data_format", kDataFormats, "'channels_last'"),
    arg_ints("dilation_rate", 2, "(1, 1)"),
    arg_int("depth_multiplier", "1"),
    arg_activation(),
    arg_bool("use_bias", true)};

constexpr ArgRow kSeparableTail[] = {
    arg_any("depthwise_initializer", "'glorot_uniform'"),
    arg_any("pointwise_initializer", "'glorot_uniform'"),
    arg_any("bias_initializer", "'zeros'"),
    arg_any("depthwise_regularizer"),
    arg_any("pointwise_regularizer"),
    arg_any("bias_regularizer"),
    arg_any("activity_regularizer"),
    arg_any("depthwise_constraint"),
    arg_any("pointwise_constraint"),
    arg_any("bias_constraint")};

constexpr ArgRow kDepthwiseArgs[] = {
    arg_required_ints("kernel_size", 2),
    arg_ints("strides", 2, "(1, 1)"),
    arg_choice("padding", kPaddings, "'valid'"),
    arg_int("depth_multiplier", "1"),
    arg_choice("data_format", kDataFormats, "'channels_last'"),
    arg_ints("dilation_rate", 2, "(1, 1)"),
    arg_activation(),
    arg_bool("use_bias", true),
    arg_any("depthwise_initializer", "'glorot_uniform'"),
    arg_any("bias_initializer", "'zeros'"),
    arg_any("depthwise_regularizer"),
    arg_any("bias_regularizer"),
    arg_any("activity_regularizer"),
    arg_any("depthwise_constraint"),
    arg_any("bias_constraint")};

constexpr TypeRow kConvolutionTypes[] = {
    {"Conv1D", "1D convolution over steps (text, audio, series)", compute_conv1d, args(kConv1DHead, kConvTail),
     R"(Conv1D(16, 5, padding="causal"))", "(100, 8)", kAllPositional},
    {"Conv2D", "2D convolution over images", compute_conv2d, args(kConv2DHead, kConvTail),
     R"(Conv2D(32, (3, 3), padding="same"))", "(32, 32, 3)", kAllPositional},
    {"Conv3D", "3D convolution over volumes or video", lazy_rule(compute_conv3d), args(kConv3DHead, kConvTail),
     R"(Conv3D(8, 3))", "(16, 16, 16, 1)", kAllPositional},
    {"Conv1DTranspose", "1D transposed convolution (learned upsampling)", lazy_rule(compute_conv1d_transpose),
     args(kConv1DTransposeHead, kConvTail), R"(Conv1DTranspose(8, 3, strides=2, padding="same"))", "(25, 16)",
     kAllPositional},
    {"Conv2DTranspose", "2D transposed convolution (learned upsampling)", lazy_rule(compute_conv2d_transpose),
     args(kConv2DTransposeHead, kConvTail), R"(Conv2DTranspose(32, (3, 3), strides=2, padding="same"))",
     "(16, 16, 64)", kAllPositional},
    {"Conv3DTranspose", "3D transposed convolution (learned upsampling)", lazy_rule(compute_conv3d_transpose),
     args(kConv3DTransposeHead, kConvTail), R"(Conv3DTranspose(2, 2, strides=2))", "(4, 4, 4, 3)", kAllPositional},
    {"DepthwiseConv2D", "one 2D filter per input channel", compute_depthwise_conv2d, args(kDepthwiseArgs),
     R"(DepthwiseConv2D((3, 3), padding="same"))", "(32, 32, 32)", kAllPositional},
    {"SeparableConv1D", "depthwise then pointwise 1D convolution", lazy_rule(compute_separable_conv1d),
     args(kSeparable1DHead, kSeparableTail), R"(SeparableConv1D(16, 5))", "(50, 8)", kAllPositional},
    {"SeparableConv2D", "depthwise then pointwise 2D convolution", compute_separable_conv2d,
     args(kSeparable2DHead, kSeparableTail), R"(SeparableConv2D(32, (3, 3)))", "(32, 32, 3)", kAllPositional},
};

}  // namespace

void register_convolution_layers(std::vector<LayerType>& out) {
  add_layer_types(out, "Convolution", kConvolutionTypes);
}

}  // namespace learnable
