// Pooling: MaxPooling and AveragePooling 1D/2D/3D, their global forms, and Keras' short aliases
// (MaxPool2D, AvgPool2D, GlobalAvgPool2D, GlobalMaxPool2D, ...). A pool only summarises windows
// of its input, so every type here has no parameters; what it teaches is the output shape.
#include "core/layer_context.h"
#include "core/layers/spatial.h"

namespace learnable {

namespace {

bool all_equal(const std::vector<int64_t>& values) {
  for (int64_t v : values)
    if (v != values[0]) return false;
  return true;
}

// "each 2×2 window", "each window of 3 steps".
std::string window_phrase(const std::vector<int64_t>& pool) {
  if (pool.size() == 1) return cat({"each window of ", pool[0], (pool[0] == 1 ? " step" : " steps")});
  return cat({"each ", window_words(pool), " window"});
}

// One axis of the output length rule, worked: "ceil((32 - 2 + 1) / 2) = 16".
std::string length_step(int64_t length, int64_t pool, int64_t stride, const std::string& padding,
                        int64_t out) {
  if (length == kUnknown) return "None stays None";
  if (padding == "same") return cat({"ceil(", length, " / ", stride, ") = ", out});
  return cat({"ceil((", length, " - ", pool, " + 1) / ", stride, ") = ", out});
}

// Keras' class name: MaxPool2D is the same class as MaxPooling2D, and model.summary() shows it so.
std::string class_name(bool global, bool max, size_t rank) {
  return cat({std::string(global ? "Global" : ""), (max ? "MaxPooling" : "AveragePooling"),
              static_cast<int64_t>(rank), "D"});
}

void alias_step(LayerContext& ctx, const std::string& name) {
  if (ctx.type().name != name)
    ctx.explain(cat({ctx.type().name, " is Keras' short name for ", name, ": the same layer."}));
}

// Max and average pooling over windows: MaxPooling1D/2D/3D and AveragePooling1D/2D/3D.
void compute_pooling(LayerContext& ctx, size_t rank, bool max) {
  std::vector<int64_t> pool = ctx.ints("pool_size", rank);
  bool default_strides = ctx.arg("strides").is_none();
  std::vector<int64_t> strides = default_strides ? pool : ctx.ints("strides", rank);
  std::string padding = ctx.choice("padding");
  SpatialInput in = read_spatial_input(ctx, rank);

  std::vector<int64_t> spatial;
  for (size_t i = 0; i < rank; ++i)
    spatial.push_back(window_output_length(ctx, in.spatial[i], pool[i], padding, strides[i], 1, "pool_size"));
  Shape out = spatial_output(in, spatial, in.channels);
  ctx.set_output(out);

  std::string name = class_name(false, max, rank);
  std::string action = max ? "takes the largest value in " + window_phrase(pool)
                           : "averages " + window_phrase(pool);
  std::string moving = all_equal(strides) ? "moving " + num(strides[0]) + " at a time"
                                          : "moving by strides " + dims_python(strides);
  if (default_strides) moving += " (strides default to pool_size)";

  if (!ctx.explaining()) return ctx.no_parameters(cat({name, " only ", action, ": no learnable parameters"}));
  alias_step(ctx, name);
  ctx.explain(spatial_input_sentence(ctx, in));
  ctx.explain(cat({name, " ", action, ", ", moving, ", on each channel separately."}));
  std::string rule = padding == "same" ? "ceil(length / stride)" : "ceil((length - pool + 1) / stride)";
  std::string lengths;
  bool same_axes = all_equal(in.spatial) && all_equal(pool) && all_equal(strides);
  if (same_axes) {
    lengths = length_step(in.spatial[0], pool[0], strides[0], padding, spatial[0]);
  } else {
    for (size_t i = 0; i < rank; ++i) {
      if (i) lengths += i + 1 == rank ? " and " : ", ";
      lengths += cat({std::string(spatial_axis_name(rank, i)), ": ",
                      length_step(in.spatial[i], pool[i], strides[i], padding, spatial[i])});
    }
  }
  ctx.explain(cat({"Output: with padding '", padding, "' each side is ", rule, " long",
                   (same_axes ? ": " : "; "), lengths,
                   ", so ", shape_words(ctx.input()), " becomes ", shape_words(out), "."}));
  ctx.no_parameters(cat({name, " only ", action, ": no learnable parameters"}));
}

// GlobalMaxPooling1D/2D/3D and GlobalAveragePooling1D/2D/3D: one number per channel.
void compute_global_pooling(LayerContext& ctx, size_t rank, bool max) {
  bool keepdims = ctx.flag("keepdims");
  SpatialInput in = read_spatial_input(ctx, rank);
  Shape out = keepdims ? spatial_output(in, std::vector<int64_t>(rank, 1), in.channels) : Shape{in.channels};
  ctx.set_output(out);

  std::string over;
  if (!fully_known(in.spatial))
    over = rank == 1 ? "over all its steps" : "over all its positions";
  else
    over = rank == 1 ? "over all " + num(in.spatial[0]) + " steps"
                     : "over all " + shape_words(in.spatial) + " positions";
  std::string action = max ? "takes the largest value of each channel " + over
                           : "averages each channel " + over;
  std::string name = class_name(true, max, rank);

  if (!ctx.explaining()) return ctx.no_parameters(cat({name, " only ", action, ": no learnable parameters"}));
  alias_step(ctx, name);
  ctx.explain(spatial_input_sentence(ctx, in));
  ctx.explain(cat({name, " ", action, ", leaving one number per channel."}));
  std::string count = in.channels == kUnknown ? "None values" : num(in.channels) + (in.channels == 1 ? " value" : " values");
  if (keepdims)
    ctx.explain(cat({"Output: keepdims=True keeps ", std::string(rank == 1 ? "the steps axis"
                                                           : rank == 2 ? "the rows and cols axes"
                                                                       : "the depth, rows and cols axes"),
                     " with size 1, so ", shape_words(ctx.input()), " becomes ", shape_words(out), "."}));
  else
    ctx.explain(cat({"Output: ", count, ", one per channel: ", shape_words(ctx.input()), " becomes ",
                     shape_words(out), "."}));
  ctx.no_parameters(cat({name, " only ", action, ": no learnable parameters"}));
}

void compute_max_pooling1d(LayerContext& ctx) { compute_pooling(ctx, 1, true); }
void compute_max_pooling2d(LayerContext& ctx) { compute_pooling(ctx, 2, true); }
void compute_max_pooling3d(LayerContext& ctx) { compute_pooling(ctx, 3, true); }
void compute_average_pooling1d(LayerContext& ctx) { compute_pooling(ctx, 1, false); }
void compute_average_pooling2d(LayerContext& ctx) { compute_pooling(ctx, 2, false); }
void compute_average_pooling3d(LayerContext& ctx) { compute_pooling(ctx, 3, false); }
void compute_global_max_pooling1d(LayerContext& ctx) { compute_global_pooling(ctx, 1, true); }
void compute_global_max_pooling2d(LayerContext& ctx) { compute_global_pooling(ctx, 2, true); }
void compute_global_max_pooling3d(LayerContext& ctx) { compute_global_pooling(ctx, 3, true); }
void compute_global_average_pooling1d(LayerContext& ctx) { compute_global_pooling(ctx, 1, false); }
void compute_global_average_pooling2d(LayerContext& ctx) { compute_global_pooling(ctx, 2, false); }
void compute_global_average_pooling3d(LayerContext& ctx) { compute_global_pooling(ctx, 3, false); }

constexpr const char* kPaddings = "valid|same";
constexpr const char* kDataFormats = "channels_last|channels_first";

constexpr ArgRow kPooling1DArgs[] = {
    arg_ints("pool_size", 1, "2"), arg_ints("strides", 1, nullptr), arg_choice("padding", kPaddings, "'valid'"),
    arg_choice("data_format", kDataFormats, "'channels_last'")};
constexpr ArgRow kPooling2DArgs[] = {
    arg_ints("pool_size", 2, "(2, 2)"), arg_ints("strides", 2, nullptr), arg_choice("padding", kPaddings, "'valid'"),
    arg_choice("data_format", kDataFormats, "'channels_last'")};
constexpr ArgRow kPooling3DArgs[] = {
    arg_ints("pool_size", 3, "(2, 2, 2)"), arg_ints("strides", 3, nullptr), arg_choice("padding", kPaddings, "'valid'"),
    arg_choice("data_format", kDataFormats, "'channels_last'")};
constexpr ArgRow kGlobalPoolingArgs[] = {arg_choice("data_format", kDataFormats, "'channels_last'"),
                                         arg_bool("keepdims", false)};

constexpr TypeRow kPoolingTypes[] = {
    {"MaxPooling1D", "largest value in each window of steps", compute_max_pooling1d, args(kPooling1DArgs),
     "MaxPooling1D(2)", "(100, 16)", kAllPositional},
    {"MaxPooling2D", "largest value in each window of an image", compute_max_pooling2d, args(kPooling2DArgs),
     "MaxPooling2D((2, 2))", "(32, 32, 64)", kAllPositional},
    {"MaxPooling3D", "largest value in each window of a volume", compute_max_pooling3d, args(kPooling3DArgs),
     "MaxPooling3D((2, 2, 2))", "(16, 16, 16, 8)", kAllPositional},
    {"AveragePooling1D", "average of each window of steps", compute_average_pooling1d, args(kPooling1DArgs),
     "AveragePooling1D(4)", "(100, 16)", kAllPositional},
    {"AveragePooling2D", "average of each window of an image", compute_average_pooling2d, args(kPooling2DArgs),
     "AveragePooling2D((2, 2))", "(28, 28, 6)", kAllPositional},
    {"AveragePooling3D", "average of each window of a volume", compute_average_pooling3d, args(kPooling3DArgs),
     "AveragePooling3D((2, 2, 2))", "(16, 16, 16, 8)", kAllPositional},
    {"GlobalMaxPooling1D", "largest value of each channel over all steps", compute_global_max_pooling1d,
     args(kGlobalPoolingArgs), "GlobalMaxPooling1D()", "(100, 64)", kAllPositional},
    {"GlobalMaxPooling2D", "largest value of each channel over the image", compute_global_max_pooling2d,
     args(kGlobalPoolingArgs), "GlobalMaxPooling2D()", "(8, 8, 256)", kAllPositional},
    {"GlobalMaxPooling3D", "largest value of each channel over the volume", compute_global_max_pooling3d,
     args(kGlobalPoolingArgs), "GlobalMaxPooling3D()", "(4, 4, 4, 32)", kAllPositional},
    {"GlobalAveragePooling1D", "average of each channel over all steps", compute_global_average_pooling1d,
     args(kGlobalPoolingArgs), "GlobalAveragePooling1D()", "(100, 64)", kAllPositional},
    {"GlobalAveragePooling2D", "average of each channel over the image", compute_global_average_pooling2d,
     args(kGlobalPoolingArgs), "GlobalAveragePooling2D()", "(8, 8, 256)", kAllPositional},
    {"GlobalAveragePooling3D", "average of each channel over the volume", compute_global_average_pooling3d,
     args(kGlobalPoolingArgs), "GlobalAveragePooling3D()", "(4, 4, 4, 32)", kAllPositional},
};

}  // namespace

void register_pooling_layers(std::vector<LayerType>& out) {
  size_t first = out.size();
  add_layer_types(out, "Pooling", kPoolingTypes);

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
      copy.summary = cat({std::string(original), " under its short name"});
      copy.example.clear();  // the typical use is shown once, under the class's own name
      copy.example_input.clear();
      out.push_back(std::move(copy));
      break;
    }
  }
}

}  // namespace learnable
