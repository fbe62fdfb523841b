// Pooling: MaxPooling and AveragePooling 1D/2D/3D, their global forms, and Keras' short aliases
// (MaxPool2D, AvgPool2D, GlobalAvgPool2D, GlobalMaxPool2D, ...). A pool only summarises windows
// of its input, so every type here has no parameters; what it teaches is the output shape.
#include "core/layer_context.h"
#include "core/layers/spatial.h"

namespace learnable {

namespace {

const std::vector<std::string> kPaddings = {"valid", "same"};
const std::vector<std::string> kDataFormats = {"channels_last", "channels_first"};

const char* axis_name(size_t rank, size_t axis) {
  static const char* const names[3][3] = {
      {"steps", "", ""}, {"rows", "cols", ""}, {"depth", "rows", "cols"}};
  return names[rank - 1][axis];
}

std::string channel_words(int64_t channels) {
  if (channels == kUnknown) return "an unknown number of channels";
  return num(channels) + (channels == 1 ? " channel" : " channels");
}

// "100 steps", "a grid of 32×32 positions", "a volume of 8×16×16 positions".
std::string positions_words(const std::vector<int64_t>& spatial) {
  if (spatial.size() == 1)
    return spatial[0] == kUnknown ? "a free number of steps (None)" : num(spatial[0]) + " steps";
  return std::string(spatial.size() == 2 ? "a grid of " : "a volume of ") + shape_words(spatial) +
         " positions";
}

std::string input_sentence(const LayerContext& ctx, const SpatialInput& in) {
  return "Inputs: the previous layer gives " + shape_words(ctx.input()) + ": " +
         positions_words(in.spatial) + " with " + channel_words(in.channels) + ".";
}

bool all_equal(const std::vector<int64_t>& values) {
  for (int64_t v : values)
    if (v != values[0]) return false;
  return true;
}

// "each 2×2 window", "each window of 3 steps".
std::string window_phrase(const std::vector<int64_t>& pool) {
  if (pool.size() == 1) return "each window of " + num(pool[0]) + (pool[0] == 1 ? " step" : " steps");
  return "each " + window_words(pool) + " window";
}

// One axis of the output length rule, worked: "ceil((32 - 2 + 1) / 2) = 16".
std::string length_step(int64_t length, int64_t pool, int64_t stride, const std::string& padding,
                        int64_t out) {
  if (length == kUnknown) return "None stays None";
  if (padding == "same") return "ceil(" + num(length) + " / " + num(stride) + ") = " + num(out);
  return "ceil((" + num(length) + " - " + num(pool) + " + 1) / " + num(stride) + ") = " + num(out);
}

// Keras' class name: MaxPool2D is the same class as MaxPooling2D, and model.summary() shows it so.
std::string class_name(bool global, bool max, size_t rank) {
  return std::string(global ? "Global" : "") + (max ? "MaxPooling" : "AveragePooling") +
         num(static_cast<int64_t>(rank)) + "D";
}

void alias_step(LayerContext& ctx, const std::string& name) {
  if (ctx.type().name != name)
    ctx.explain(ctx.type().name + " is Keras' short name for " + name + ": the same layer.");
}

// Max and average pooling over windows: MaxPooling1D/2D/3D and AveragePooling1D/2D/3D.
template <size_t Rank, bool Max>
void compute_pooling(LayerContext& ctx) {
  std::vector<int64_t> pool = ctx.ints("pool_size", Rank);
  bool default_strides = ctx.arg("strides").is_none();
  std::vector<int64_t> strides = default_strides ? pool : ctx.ints("strides", Rank);
  std::string padding = ctx.choice("padding");
  SpatialInput in = read_spatial_input(ctx, Rank);

  std::vector<int64_t> spatial;
  for (size_t i = 0; i < Rank; ++i)
    spatial.push_back(window_output_length(ctx, in.spatial[i], pool[i], padding, strides[i], 1, "pool_size"));
  Shape out = spatial_output(in, spatial, in.channels);
  ctx.set_output(out);

  std::string name = class_name(false, Max, Rank);
  std::string action = Max ? "takes the largest value in " + window_phrase(pool)
                           : "averages " + window_phrase(pool);
  std::string moving = all_equal(strides) ? "moving " + num(strides[0]) + " at a time"
                                          : "moving by strides " + dims_python(strides);
  if (default_strides) moving += " (strides default to pool_size)";

  if (!ctx.explaining()) return ctx.no_parameters(name + " only " + action + ": no learnable parameters");
  alias_step(ctx, name);
  ctx.explain(input_sentence(ctx, in));
  ctx.explain(name + " " + action + ", " + moving + ", on each channel separately.");
  std::string rule = padding == "same" ? "ceil(length / stride)" : "ceil((length - pool + 1) / stride)";
  std::string lengths;
  bool same_axes = all_equal(in.spatial) && all_equal(pool) && all_equal(strides);
  if (same_axes) {
    lengths = length_step(in.spatial[0], pool[0], strides[0], padding, spatial[0]);
  } else {
    for (size_t i = 0; i < Rank; ++i) {
      if (i) lengths += i + 1 == Rank ? " and " : ", ";
      lengths += std::string(axis_name(Rank, i)) + ": " +
                 length_step(in.spatial[i], pool[i], strides[i], padding, spatial[i]);
    }
  }
  ctx.explain("Output: with padding '" + padding + "' each side is " + rule + " long" +
              (same_axes ? ": " : "; ") + lengths +
              ", so " + shape_words(ctx.input()) + " becomes " + shape_words(out) + ".");
  ctx.no_parameters(name + " only " + action + ": no learnable parameters");
}

// GlobalMaxPooling1D/2D/3D and GlobalAveragePooling1D/2D/3D: one number per channel.
template <size_t Rank, bool Max>
void compute_global_pooling(LayerContext& ctx) {
  bool keepdims = ctx.flag("keepdims");
  SpatialInput in = read_spatial_input(ctx, Rank);
  Shape out = keepdims ? spatial_output(in, std::vector<int64_t>(Rank, 1), in.channels) : Shape{in.channels};
  ctx.set_output(out);

  std::string over;
  if (!fully_known(in.spatial))
    over = Rank == 1 ? "over all its steps" : "over all its positions";
  else
    over = Rank == 1 ? "over all " + num(in.spatial[0]) + " steps"
                     : "over all " + shape_words(in.spatial) + " positions";
  std::string action = Max ? "takes the largest value of each channel " + over
                           : "averages each channel " + over;
  std::string name = class_name(true, Max, Rank);

  if (!ctx.explaining()) return ctx.no_parameters(name + " only " + action + ": no learnable parameters");
  alias_step(ctx, name);
  ctx.explain(input_sentence(ctx, in));
  ctx.explain(name + " " + action + ", leaving one number per channel.");
  std::string count = in.channels == kUnknown ? "None values" : num(in.channels) + (in.channels == 1 ? " value" : " values");
  if (keepdims)
    ctx.explain("Output: keepdims=True keeps " + std::string(Rank == 1 ? "the steps axis"
                                                      : Rank == 2 ? "the rows and cols axes"
                                                                  : "the depth, rows and cols axes") +
                " with size 1, so " + shape_words(ctx.input()) + " becomes " + shape_words(out) + ".");
  else
    ctx.explain("Output: " + count + ", one per channel: " + shape_words(ctx.input()) + " becomes " +
                shape_words(out) + ".");
  ctx.no_parameters(name + " only " + action + ": no learnable parameters");
}

std::vector<ArgSpec> pooling_args(int rank) {
  Value pool = rank == 1 ? Value::of_int(2) : Value::tuple_of_ints(std::vector<int64_t>(rank, 2));
  return {arg_ints("pool_size", rank, pool),
          arg_ints("strides", rank, Value::none()),
          arg_choice("padding", kPaddings, "valid"),
          arg_choice("data_format", kDataFormats, "channels_last")};
}

std::vector<ArgSpec> global_pooling_args() {
  return {arg_choice("data_format", kDataFormats, "channels_last"), arg_bool("keepdims", false)};
}

}  // namespace

void register_pooling_layers(std::vector<LayerType>& out) {
  const char* group = "Pooling";
  size_t first = out.size();
  out.push_back({"MaxPooling1D", group, "largest value in each window of steps", pooling_args(1), kAllPositional, compute_pooling<1, true>});
  out.push_back({"MaxPooling2D", group, "largest value in each window of an image", pooling_args(2), kAllPositional, compute_pooling<2, true>});
  out.push_back({"MaxPooling3D", group, "largest value in each window of a volume", pooling_args(3), kAllPositional, compute_pooling<3, true>});
  out.push_back({"AveragePooling1D", group, "average of each window of steps", pooling_args(1), kAllPositional, compute_pooling<1, false>});
  out.push_back({"AveragePooling2D", group, "average of each window of an image", pooling_args(2), kAllPositional, compute_pooling<2, false>});
  out.push_back({"AveragePooling3D", group, "average of each window of a volume", pooling_args(3), kAllPositional, compute_pooling<3, false>});
  out.push_back({"GlobalMaxPooling1D", group, "largest value of each channel over all steps", global_pooling_args(), kAllPositional, compute_global_pooling<1, true>});
  out.push_back({"GlobalMaxPooling2D", group, "largest value of each channel over the image", global_pooling_args(), kAllPositional, compute_global_pooling<2, true>});
  out.push_back({"GlobalMaxPooling3D", group, "largest value of each channel over the volume", global_pooling_args(), kAllPositional, compute_global_pooling<3, true>});
  out.push_back({"GlobalAveragePooling1D", group, "average of each channel over all steps", global_pooling_args(), kAllPositional, compute_global_pooling<1, false>});
  out.push_back({"GlobalAveragePooling2D", group, "average of each channel over the image", global_pooling_args(), kAllPositional, compute_global_pooling<2, false>});
  out.push_back({"GlobalAveragePooling3D", group, "average of each channel over the volume", global_pooling_args(), kAllPositional, compute_global_pooling<3, false>});

  // Keras' short aliases: the same classes under other names.
  static const char* const aliases[][2] = {
      {"MaxPool1D", "MaxPooling1D"},        {"MaxPool2D", "MaxPooling2D"},
      {"MaxPool3D", "MaxPooling3D"},        {"AvgPool1D", "AveragePooling1D"},
      {"AvgPool2D", "AveragePooling2D"},    {"AvgPool3D", "AveragePooling3D"},
      {"GlobalMaxPool1D", "GlobalMaxPooling1D"}, {"GlobalMaxPool2D", "GlobalMaxPooling2D"},
      {"GlobalMaxPool3D", "GlobalMaxPooling3D"}, {"GlobalAvgPool1D", "GlobalAveragePooling1D"},
      {"GlobalAvgPool2D", "GlobalAveragePooling2D"}, {"GlobalAvgPool3D", "GlobalAveragePooling3D"}};
  size_t last = out.size();
  for (const auto& [alias, original] : aliases) {
    for (size_t i = first; i < last; ++i) {
      if (out[i].name != original) continue;
      LayerType copy = out[i];
      copy.name = alias;
      copy.alias_of = original;
      copy.summary = std::string(original) + " under its short name";
      out.push_back(std::move(copy));
      break;
    }
  }

  set_example(out, "MaxPooling1D", {100, 16}, R"(MaxPooling1D(2))");
  set_example(out, "MaxPooling2D", {32, 32, 64}, R"(MaxPooling2D((2, 2)))");
  set_example(out, "MaxPooling3D", {16, 16, 16, 8}, R"(MaxPooling3D((2, 2, 2)))");
  set_example(out, "AveragePooling1D", {100, 16}, R"(AveragePooling1D(4))");
  set_example(out, "AveragePooling2D", {28, 28, 6}, R"(AveragePooling2D((2, 2)))");
  set_example(out, "AveragePooling3D", {16, 16, 16, 8}, R"(AveragePooling3D((2, 2, 2)))");
  set_example(out, "GlobalMaxPooling1D", {100, 64}, R"(GlobalMaxPooling1D())");
  set_example(out, "GlobalMaxPooling2D", {8, 8, 256}, R"(GlobalMaxPooling2D())");
  set_example(out, "GlobalMaxPooling3D", {4, 4, 4, 32}, R"(GlobalMaxPooling3D())");
  set_example(out, "GlobalAveragePooling1D", {100, 64}, R"(GlobalAveragePooling1D())");
  set_example(out, "GlobalAveragePooling2D", {8, 8, 256}, R"(GlobalAveragePooling2D())");
  set_example(out, "GlobalAveragePooling3D", {4, 4, 4, 32}, R"(GlobalAveragePooling3D())");
}

}  // namespace learnable
