// Convolutions: Conv1D/2D/3D (groups), their transposes, DepthwiseConv2D and SeparableConv1D/2D.
// Formula framing from the tutorial: inputs × outputs + biases, where a filter's "outputs" are
// filters × kernel size: Conv2D(32, 3×3) on 3 channels is 3*288 + 32 = 896.
#include "core/layer_context.h"
#include "core/layers/spatial.h"

namespace learnable {

namespace {

const std::vector<std::string> kPaddings = {"valid", "same"};
const std::vector<std::string> kPaddingsCausal = {"valid", "same", "causal"};
const std::vector<std::string> kDataFormats = {"channels_last", "channels_first"};

Value ones(int rank) { return Value::tuple_of_ints(std::vector<int64_t>(rank, 1)); }

std::string input_sentence(const LayerContext& ctx, int64_t channels) {
  return "Inputs: the previous layer gives " + shape_words(ctx.input()) + ", so each filter sees " +
         num(channels) + " input channel" + (channels == 1 ? "" : "s") + ".";
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
    ctx.fail("dilation_rate", "Keras cannot combine strides > 1 with dilation_rate > 1: got strides=" +
                                  dims_python(w.strides) + " and dilation_rate=" + dims_python(w.dilation));
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
  std::string s = "Output: with padding '" + w.padding + "'";
  bool unit_strides = true;
  for (int64_t v : w.strides) unit_strides &= v == 1;
  if (!unit_strides) s += " and strides " + dims_python(w.strides);
  return s + " the layer gives " + shape_words(out) + ".";
}

void bias_steps(LayerContext& ctx, bool use_bias, int64_t weights, int64_t biases, const char* per) {
  if (use_bias) {
    ctx.explain("Biases: one per " + std::string(per) + ", " + num(biases) + ".");
    ctx.explain("Total: " + num(weights) + " + " + num(biases) + " = " + num(weights + biases) + ".");
  } else {
    ctx.explain("Biases: none, since use_bias=False.");
    ctx.explain("Total: " + num(weights) + ".");
  }
}

// Conv1D / Conv2D / Conv3D.
template <size_t Rank>
void compute_conv(LayerContext& ctx) {
  SpatialInput in = read_spatial_input(ctx, Rank);
  int64_t filters = ctx.positive("filters");
  Window w = read_window(ctx, Rank);
  int64_t groups = ctx.positive("groups");
  bool use_bias = ctx.flag("use_bias");
  int64_t channels = ctx.known_dim(in.channels_first ? 0 : Rank, "number of input channels");
  if (filters % groups != 0)
    ctx.fail("groups", "filters (" + num(filters) + ") must be divisible by groups (" + num(groups) + ")");
  if (channels % groups != 0)
    ctx.fail("groups", "the " + num(channels) + " input channels must be divisible by groups (" +
                           num(groups) + ")");
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
  std::string formula = inputs_term + "*" + num(outputs);
  if (use_bias) formula += " + " + num(filters);
  ctx.set_formula(formula + " = " + num(ctx.result().params));

  if (!ctx.explaining()) return;
  ctx.explain(input_sentence(ctx, channels));
  if (groups > 1)
    ctx.explain("Groups: groups=" + num(groups) + " splits the channels, so each filter sees only " +
                num(channels) + "/" + num(groups) + " = " + num(per_group) + " of them.");
  ctx.explain("Outputs: " + num(filters) + " filters of " + window_words(w.kernel) + " make " +
              num(filters) + " × " + num(w.kernel_size) + " = " + num(outputs) +
              " weights for each input channel.");
  ctx.explain("Weights: " + num(per_group) + " × " + num(outputs) + " = " + num(weights) + ".");
  bias_steps(ctx, use_bias, weights, filters, "filter");
  ctx.explain(output_sentence(w, out));
}

// Conv1DTranspose / Conv2DTranspose / Conv3DTranspose.
template <size_t Rank>
void compute_conv_transpose(LayerContext& ctx) {
  SpatialInput in = read_spatial_input(ctx, Rank);
  int64_t filters = ctx.positive("filters");
  Window w = read_window(ctx, Rank);
  bool use_bias = ctx.flag("use_bias");
  std::vector<int64_t> output_padding(Rank, -1);
  if (!ctx.arg("output_padding").is_none()) {
    output_padding = ctx.ints("output_padding", Rank, 0);
    for (size_t i = 0; i < Rank; ++i)
      if (output_padding[i] >= w.strides[i])
        ctx.fail("output_padding", "output_padding " + dims_python(output_padding) +
                                       " must be smaller than strides " + dims_python(w.strides));
  }
  int64_t channels = ctx.known_dim(in.channels_first ? 0 : Rank, "number of input channels");
  std::vector<int64_t> spatial;
  for (size_t i = 0; i < Rank; ++i)
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
  std::string formula = num(channels) + "*" + num(outputs);
  if (use_bias) formula += " + " + num(filters);
  ctx.set_formula(formula + " = " + num(ctx.result().params));

  if (!ctx.explaining()) return;
  ctx.explain(input_sentence(ctx, channels));
  ctx.explain("Outputs: a transposed convolution spreads each input value over a " +
              window_words(w.kernel) + " window in each of " + num(filters) + " filters: " +
              num(filters) + " × " + num(w.kernel_size) + " = " + num(outputs) +
              " weights for each input channel.");
  ctx.explain("Weights: " + num(channels) + " × " + num(outputs) + " = " + num(weights) + ".");
  bias_steps(ctx, use_bias, weights, filters, "filter");
  ctx.explain("Output: upsampling by strides " + dims_python(w.strides) + " with padding '" +
              w.padding + "' gives " + shape_words(out) + ".");
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
  std::string formula = num(channels) + "*" + num(outputs);
  if (use_bias) formula += " + " + num(out_channels);
  ctx.set_formula(formula + " = " + num(ctx.result().params));

  if (!ctx.explaining()) return;
  ctx.explain("Inputs: the previous layer gives " + shape_words(ctx.input()) + ", " + num(channels) +
              " channels, and a depthwise convolution filters each channel on its own.");
  ctx.explain("Outputs: each channel gets depth_multiplier=" + num(multiplier) + " filter" +
              (multiplier == 1 ? "" : "s") + " of " + window_words(w.kernel) + ": " +
              num(w.kernel_size) + " × " + num(multiplier) + " = " + num(outputs) +
              " weights per channel.");
  ctx.explain("Weights: " + num(channels) + " × " + num(outputs) + " = " + num(weights) + ".");
  bias_steps(ctx, use_bias, weights, out_channels, "output channel");
  ctx.explain(output_sentence(w, out));
}

template <size_t Rank>
void compute_separable_conv(LayerContext& ctx) {
  SpatialInput in = read_spatial_input(ctx, Rank);
  int64_t filters = ctx.positive("filters");
  Window w = read_window(ctx, Rank);
  int64_t multiplier = ctx.positive("depth_multiplier");
  bool use_bias = ctx.flag("use_bias");
  int64_t channels = ctx.known_dim(in.channels_first ? 0 : Rank, "number of input channels");
  Shape out = spatial_output(in, output_spatial(ctx, in, w), filters);
  ctx.set_output(out);

  Shape depthwise_shape = w.kernel;
  depthwise_shape.push_back(channels);
  depthwise_shape.push_back(multiplier);
  Shape pointwise_shape(Rank, 1);
  int64_t middle = ctx.mul(channels, multiplier);
  pointwise_shape.push_back(middle);
  pointwise_shape.push_back(filters);
  ctx.add_weight("depthwise_kernel", depthwise_shape);
  ctx.add_weight("pointwise_kernel", pointwise_shape);
  if (use_bias) ctx.add_weight("bias", {filters});

  int64_t depth_outputs = ctx.mul(w.kernel_size, multiplier);
  int64_t depthwise = ctx.mul(channels, depth_outputs);
  int64_t pointwise = ctx.mul(middle, filters);
  std::string formula = num(channels) + "*" + num(depth_outputs) + " + " + num(middle) + "*" + num(filters);
  if (use_bias) formula += " + " + num(filters);
  ctx.set_formula(formula + " = " + num(ctx.result().params));

  if (!ctx.explaining()) return;
  ctx.explain("Inputs: the previous layer gives " + shape_words(ctx.input()) + ", " + num(channels) +
              " channels. A separable convolution works in two steps.");
  ctx.explain("Depthwise step: each channel gets " + num(multiplier) + " filter" +
              (multiplier == 1 ? "" : "s") + " of " + window_words(w.kernel) + ": " + num(channels) +
              " × " + num(depth_outputs) + " = " + num(depthwise) + " weights.");
  ctx.explain("Pointwise step: a 1×1 convolution maps those " + num(middle) + " channels to " +
              num(filters) + " filters: " + num(middle) + " × " + num(filters) + " = " + num(pointwise) +
              " weights.");
  bias_steps(ctx, use_bias, ctx.add(depthwise, pointwise), filters, "filter");
  ctx.explain(output_sentence(w, out));
}

std::vector<ArgSpec> conv_args(int rank, bool causal) {
  return {arg_required_int("filters"),
          arg_required_ints("kernel_size", rank),
          arg_ints("strides", rank, ones(rank)),
          arg_choice("padding", causal ? kPaddingsCausal : kPaddings, "valid"),
          arg_choice("data_format", kDataFormats, "channels_last"),
          arg_ints("dilation_rate", rank, ones(rank)),
          arg_int("groups", 1),
          arg_activation(),
          arg_bool("use_bias", true),
          arg_any("kernel_initializer", Value::of_string("glorot_uniform")),
          arg_any("bias_initializer", Value::of_string("zeros")),
          arg_any("kernel_regularizer"),
          arg_any("bias_regularizer"),
          arg_any("activity_regularizer"),
          arg_any("kernel_constraint"),
          arg_any("bias_constraint")};
}

std::vector<ArgSpec> conv_transpose_args(int rank) {
  return {arg_required_int("filters"),
          arg_required_ints("kernel_size", rank),
          arg_ints("strides", rank, ones(rank)),
          arg_choice("padding", kPaddings, "valid"),
          arg_ints("output_padding", rank, Value::none()),
          arg_choice("data_format", kDataFormats, "channels_last"),
          arg_ints("dilation_rate", rank, ones(rank)),
          arg_activation(),
          arg_bool("use_bias", true),
          arg_any("kernel_initializer", Value::of_string("glorot_uniform")),
          arg_any("bias_initializer", Value::of_string("zeros")),
          arg_any("kernel_regularizer"),
          arg_any("bias_regularizer"),
          arg_any("activity_regularizer"),
          arg_any("kernel_constraint"),
          arg_any("bias_constraint")};
}

std::vector<ArgSpec> separable_args(int rank) {
  return {arg_required_int("filters"),
          arg_required_ints("kernel_size", rank),
          arg_ints("strides", rank, ones(rank)),
          arg_choice("padding", rank == 1 ? kPaddingsCausal : kPaddings, "valid"),
          arg_choice("data_format", kDataFormats, "channels_last"),
          arg_ints("dilation_rate", rank, ones(rank)),
          arg_int("depth_multiplier", 1),
          arg_activation(),
          arg_bool("use_bias", true),
          arg_any("depthwise_initializer", Value::of_string("glorot_uniform")),
          arg_any("pointwise_initializer", Value::of_string("glorot_uniform")),
          arg_any("bias_initializer", Value::of_string("zeros")),
          arg_any("depthwise_regularizer"),
          arg_any("pointwise_regularizer"),
          arg_any("bias_regularizer"),
          arg_any("activity_regularizer"),
          arg_any("depthwise_constraint"),
          arg_any("pointwise_constraint"),
          arg_any("bias_constraint")};
}

std::vector<ArgSpec> depthwise_args() {
  return {arg_required_ints("kernel_size", 2),
          arg_ints("strides", 2, ones(2)),
          arg_choice("padding", kPaddings, "valid"),
          arg_int("depth_multiplier", 1),
          arg_choice("data_format", kDataFormats, "channels_last"),
          arg_ints("dilation_rate", 2, ones(2)),
          arg_activation(),
          arg_bool("use_bias", true),
          arg_any("depthwise_initializer", Value::of_string("glorot_uniform")),
          arg_any("bias_initializer", Value::of_string("zeros")),
          arg_any("depthwise_regularizer"),
          arg_any("bias_regularizer"),
          arg_any("activity_regularizer"),
          arg_any("depthwise_constraint"),
          arg_any("bias_constraint")};
}

}  // namespace

void register_convolution_layers(std::vector<LayerType>& out) {
  const char* group = "Convolution";
  out.push_back({"Conv1D", group, "1D convolution over steps (text, audio, series)", conv_args(1, true), kAllPositional, compute_conv<1>});
  out.push_back({"Conv2D", group, "2D convolution over images", conv_args(2, false), kAllPositional, compute_conv<2>});
  out.push_back({"Conv3D", group, "3D convolution over volumes or video", conv_args(3, false), kAllPositional, compute_conv<3>});
  out.push_back({"Conv1DTranspose", group, "1D transposed convolution (learned upsampling)", conv_transpose_args(1), kAllPositional, compute_conv_transpose<1>});
  out.push_back({"Conv2DTranspose", group, "2D transposed convolution (learned upsampling)", conv_transpose_args(2), kAllPositional, compute_conv_transpose<2>});
  out.push_back({"Conv3DTranspose", group, "3D transposed convolution (learned upsampling)", conv_transpose_args(3), kAllPositional, compute_conv_transpose<3>});
  out.push_back({"DepthwiseConv2D", group, "one 2D filter per input channel", depthwise_args(), kAllPositional, compute_depthwise_conv2d});
  out.push_back({"SeparableConv1D", group, "depthwise then pointwise 1D convolution", separable_args(1), kAllPositional, compute_separable_conv<1>});
  out.push_back({"SeparableConv2D", group, "depthwise then pointwise 2D convolution", separable_args(2), kAllPositional, compute_separable_conv<2>});

  set_example(out, "Conv1D", {100, 8}, R"(Conv1D(16, 5, padding="causal"))");
  set_example(out, "Conv2D", {32, 32, 3}, R"(Conv2D(32, (3, 3), padding="same"))");
  set_example(out, "Conv3D", {16, 16, 16, 1}, R"(Conv3D(8, 3))");
  set_example(out, "Conv1DTranspose", {25, 16}, R"(Conv1DTranspose(8, 3, strides=2, padding="same"))");
  set_example(out, "Conv2DTranspose", {16, 16, 64}, R"(Conv2DTranspose(32, (3, 3), strides=2, padding="same"))");
  set_example(out, "Conv3DTranspose", {4, 4, 4, 3}, R"(Conv3DTranspose(2, 2, strides=2))");
  set_example(out, "DepthwiseConv2D", {32, 32, 32}, R"(DepthwiseConv2D((3, 3), padding="same"))");
  set_example(out, "SeparableConv1D", {50, 8}, R"(SeparableConv1D(16, 5))");
  set_example(out, "SeparableConv2D", {32, 32, 3}, R"(SeparableConv2D(32, (3, 3)))");
}

}  // namespace learnable
