// Reshaping: Flatten, Reshape, Permute, RepeatVector, and ZeroPadding, Cropping and UpSampling
// in 1D/2D/3D. They move, copy, add or drop values but learn nothing: each says why it has no
// parameters and shows, step by step, how it changes the shape.
#include <algorithm>
#include <utility>

#include "core/layer_context.h"
#include "core/layers/spatial.h"

namespace learnable {

namespace {

using Pairs = std::vector<std::pair<int64_t, int64_t>>;

// "the 3 channels stay as they are", closing each spatial layer's output step.
std::string channels_stay(int64_t channels) {
  if (channels == kUnknown) return "the channels stay as they are";
  if (channels == 1) return "the 1 channel stays as it is";
  return cat({"the ", channels, " channels stay as they are"});
}

// "rows: 28 + 1 + 1 = 30 and cols: 28 + 2 + 2 = 32", one worked line per axis.
template <typename Step>
std::string per_axis(size_t rank, Step step) {
  std::string out;
  for (size_t i = 0; i < rank; ++i) {
    if (i) out += i + 1 == rank ? " and " : ", ";
    out += cat({std::string(spatial_axis_name(rank, i)), ": ", step(i)});
  }
  return out;
}

// ZeroPadding2D/3D and Cropping2D/3D accept an int (every side), a tuple of `rank` ints (both
// sides of each axis) or a tuple of `rank` (before, after) pairs, each at least 0.
Pairs read_pairs(const LayerContext& ctx, const char* name, size_t rank) {
  const Value& v = ctx.arg(name);
  std::string arg = name;
  auto bad = [&]() {
    ctx.fail(name, cat({arg, " must be an integer, a tuple of ", static_cast<int64_t>(rank),
                            " integers or a tuple of ", static_cast<int64_t>(rank),
                            " (before, after) pairs, got ", v.to_python()}));
  };
  auto amount = [&](const Value& item) {
    if (item.kind != Value::Kind::Int) bad();
    if (item.integer < 0) ctx.fail(name, cat({arg, " cannot be negative, got ", v.to_python()}));
    return item.integer;
  };
  Pairs pairs;
  if (v.kind == Value::Kind::Int) {
    int64_t a = amount(v);
    pairs.assign(rank, {a, a});
    return pairs;
  }
  if (!v.is_sequence()) bad();
  if (v.items.size() != rank)
    ctx.fail(name, cat({arg, " needs ", static_cast<int64_t>(rank), " entries here, one per axis (",
                            spatial_words(rank), "), got ", static_cast<int64_t>(v.items.size()),
                            ": ", v.to_python()}));
  for (const Value& item : v.items) {
    if (item.kind == Value::Kind::Int) {
      int64_t a = amount(item);
      pairs.push_back({a, a});
    } else if (item.is_sequence() && item.items.size() == 2) {
      pairs.push_back({amount(item.items[0]), amount(item.items[1])});
    } else {
      bad();
    }
  }
  return pairs;
}

Pairs read_padding_or_cropping(const LayerContext& ctx, const char* name, size_t rank) {
  if (rank > 1) return read_pairs(ctx, name, rank);
  std::vector<int64_t> both = ctx.ints(name, 2, 0);  // (left, right)
  return {{both[0], both[1]}};
}

void compute_flatten(LayerContext& ctx) {
  bool channels_first = ctx.choice("data_format") == "channels_first";
  const Shape& in = ctx.input();
  std::string before = shape_words(in);
  ctx.explain(cat({"Inputs: the previous layer gives ", before, "."}));
  if (in.empty()) {
    ctx.set_output({1});
    ctx.explain("Output: each sample is a single value, which Flatten puts on an axis of length 1.");
    ctx.no_parameters("Flatten only gives each sample's single value an axis of length 1: no learnable parameters");
    return;
  }
  if (!fully_known(in)) {
    ctx.set_output({kUnknown});
    ctx.explain(cat({"Output: ", before, " has a dimension of unknown size (None), so the flat length is "
                     "unknown too: None."}));
    ctx.no_parameters(cat({"Flatten only reshapes ", before, " into one row of unknown length: no learnable parameters"}));
    return;
  }
  int64_t total = ctx.product(in);
  ctx.set_output({total});
  if (in.size() == 1) {
    ctx.explain(cat({"Output: the ", total, " values are already in one row, so they stay as they are."}));
    ctx.no_parameters(cat({"Flatten keeps ", total, " values as they are: no learnable parameters"}));
    return;
  }
  std::string product;
  for (size_t i = 0; i < in.size(); ++i) product += cat({(i ? " × " : ""), in[i]});
  ctx.explain(cat({"Output: Flatten lays every value out in one row: ", product, " = ", total, "."}));
  if (channels_first)
    ctx.explain("data_format='channels_first' only changes the order of the values, not how many there are.");
  ctx.no_parameters(cat({"Flatten only reshapes ", before, " into ", total, " values: no learnable parameters"}));
}

void compute_reshape(LayerContext& ctx) {
  const Value& v = ctx.arg("target_shape");
  if (!v.is_sequence())
    ctx.fail("target_shape", cat({"target_shape must be a tuple of integers such as (",
                                      (v.kind == Value::Kind::Int ? num(v.integer) : std::string("10")),
                                      ",), got ", v.to_python()}));
  std::vector<int64_t> target = ctx.int_list("target_shape");
  size_t inferred = target.size();
  int64_t known = 1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1) {
      if (inferred != target.size())
        ctx.fail("target_shape", cat({"target_shape can have only one -1 (the size Keras works out), got ",
                                          v.to_python()}));
      inferred = i;
    } else if (target[i] <= 0) {
      ctx.fail("target_shape", cat({"target_shape entries must be positive, or -1 for the one size Keras "
                                    "works out, got ", v.to_python()}));
    } else {
      known = ctx.mul(known, target[i]);
    }
  }
  const Shape& in = ctx.input();
  Shape out = target;
  ctx.explain(fully_known(in) ? "Inputs: the previous layer gives " + shape_words(in) + ", " +
                                    num(ctx.product(in)) + " values."
                              : "Inputs: the previous layer gives " + shape_words(in) + ".");
  if (!fully_known(in)) {
    if (inferred != target.size()) {
      out[inferred] = kUnknown;
      ctx.explain("The -1 stays unknown (None), since the input's size is unknown.");
    }
  } else {
    int64_t total = ctx.product(in);
    if (inferred != target.size()) {
      if (total % known != 0)
        ctx.fail("target_shape", cat({"the input ", shape_words(in), " has ", total,
                                          " values, which cannot fill target_shape ", v.to_python(), ": ",
                                          total, " is not divisible by ", known}));
      out[inferred] = total / known;
      ctx.explain(cat({"The -1 is worked out from the rest: ", total, " / ", known, " = ",
                       out[inferred], "."}));
    } else if (known != total) {
      ctx.fail("target_shape", cat({"target_shape ", v.to_python(), " holds ", known,
                                        " values but the input ", shape_words(in), " has ", total,
                                        "; the two must be equal"}));
    }
  }
  ctx.set_output(out);
  ctx.explain(cat({"Output: Reshape lays the same values out as ", shape_words(out), "."}));
  ctx.no_parameters(cat({"Reshape only rearranges ", shape_words(in), " into ", shape_words(out),
                         ": no learnable parameters"}));
}

void compute_permute(LayerContext& ctx) {
  const Value& v = ctx.arg("dims");
  if (!v.is_sequence()) ctx.fail("dims", cat({"dims must be a tuple of axis numbers such as (2, 1), got ", v.to_python()}));
  std::vector<int64_t> dims = ctx.int_list("dims");
  if (dims.empty()) ctx.fail("dims", "dims must list the axes in their new order, such as (2, 1), got ()");
  std::vector<int64_t> sorted = dims;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i)
    if (sorted[i] != static_cast<int64_t>(i) + 1)
      ctx.fail("dims", cat({"dims must list each of the axes 1 to ", static_cast<int64_t>(dims.size()),
                                " once (axis 0 is the batch and stays first), got ", v.to_python()}));
  std::string layout = "(batch";
  for (size_t i = 1; i <= dims.size(); ++i) layout += cat({", axis ", static_cast<int64_t>(i)});
  layout += ")";
  ctx.require_rank(dims.size(), layout.c_str());

  const Shape& in = ctx.input();
  Shape out;
  std::string moves;
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t from = dims[i];
    out.push_back(in[static_cast<size_t>(from - 1)]);
    if (i) moves += i + 1 == dims.size() ? " and " : ", ";
    moves += cat({"axis ", static_cast<int64_t>(i) + 1, " takes input axis ", from, " (",
                  shape_words({out.back()}), ")"});
  }
  ctx.set_output(out);
  ctx.explain(cat({"Inputs: the previous layer gives ", shape_words(in), "."}));
  ctx.explain(cat({"Permute puts the axes in the order dims=", v.to_python(), ": ", moves, "."}));
  ctx.explain(cat({"Output: ", shape_words(in), " becomes ", shape_words(out), "."}));
  ctx.no_parameters(cat({"Permute only reorders the axes of ", shape_words(in), " into ", shape_words(out),
                         ": no learnable parameters"}));
}

void compute_repeat_vector(LayerContext& ctx) {
  int64_t n = ctx.positive("n");
  ctx.require_rank(1, "(batch, features)");
  int64_t features = ctx.input()[0];
  Shape out = {n, features};
  ctx.set_output(out);
  std::string values = features == kUnknown ? "its values" : "the " + num(features) + (features == 1 ? " value" : " values");
  std::string times = cat({n, (n == 1 ? " time" : " times")});
  ctx.explain(cat({"Inputs: the previous layer gives ", shape_words(ctx.input()), " values per sample."}));
  ctx.explain(cat({"RepeatVector copies ", values, " n=", times, ", one copy per step."}));
  ctx.explain(cat({"Output: ", shape_words(out), ", ", times, " the same ",
                   (features == kUnknown ? std::string("values") : num(features) + (features == 1 ? " value" : " values")), "."}));
  ctx.no_parameters(cat({"RepeatVector only copies ", values, " ", times, ": no learnable parameters"}));
}

void compute_zero_padding(LayerContext& ctx, size_t rank) {
  Pairs pad = read_padding_or_cropping(ctx, "padding", rank);
  SpatialInput in = read_spatial_input(ctx, rank);
  std::vector<int64_t> spatial;
  for (size_t i = 0; i < rank; ++i)
    spatial.push_back(in.spatial[i] == kUnknown ? kUnknown
                                                : ctx.add(ctx.add(in.spatial[i], pad[i].first), pad[i].second));
  Shape out = spatial_output(in, spatial, in.channels);
  ctx.set_output(out);

  const std::string& name = ctx.type().name;
  ctx.explain(spatial_input_sentence(ctx, in));
  ctx.explain(cat({name, " adds zeros before and after each axis: ", per_axis(rank, [&](size_t i) {
                     if (in.spatial[i] == kUnknown) return std::string("None stays None");
                     return num(in.spatial[i]) + " + " + num(pad[i].first) + " + " + num(pad[i].second) +
                            " = " + num(spatial[i]);
                   }), "."}));
  ctx.explain(cat({"Output: ", shape_words(ctx.input()), " becomes ", shape_words(out), "; ",
                   channels_stay(in.channels), "."}));
  ctx.no_parameters(cat({name, " only adds zeros around the edges: no learnable parameters"}));
}

void compute_cropping(LayerContext& ctx, size_t rank) {
  Pairs crop = read_padding_or_cropping(ctx, "cropping", rank);
  SpatialInput in = read_spatial_input(ctx, rank);
  std::vector<int64_t> spatial;
  for (size_t i = 0; i < rank; ++i) {
    if (in.spatial[i] == kUnknown) {
      spatial.push_back(kUnknown);
      continue;
    }
    int64_t removed = ctx.add(crop[i].first, crop[i].second);
    int64_t left = in.spatial[i] - removed;
    if (left <= 0)
      ctx.fail("cropping", cat({"cropping ", crop[i].first, " + ", crop[i].second, " = ",
                                    removed, " from the ", in.spatial[i], " ", spatial_axis_name(rank, i),
                                    " leaves ", left, "; crop fewer than ", in.spatial[i],
                                    " in total"}));
    spatial.push_back(left);
  }
  Shape out = spatial_output(in, spatial, in.channels);
  ctx.set_output(out);

  const std::string& name = ctx.type().name;
  ctx.explain(spatial_input_sentence(ctx, in));
  ctx.explain(cat({name, " cuts values off the start and end of each axis: ", per_axis(rank, [&](size_t i) {
                     if (in.spatial[i] == kUnknown) return std::string("None stays None");
                     return num(in.spatial[i]) + " - " + num(crop[i].first) + " - " + num(crop[i].second) +
                            " = " + num(spatial[i]);
                   }), "."}));
  ctx.explain(cat({"Output: ", shape_words(ctx.input()), " becomes ", shape_words(out), "; ",
                   channels_stay(in.channels), "."}));
  ctx.no_parameters(cat({name, " only cuts off values at the edges: no learnable parameters"}));
}

void compute_upsampling(LayerContext& ctx, size_t rank) {
  std::vector<int64_t> size = rank == 1 ? std::vector<int64_t>{ctx.positive("size")} : ctx.ints("size", rank);
  std::string interpolation = ctx.type().find_arg("interpolation") ? ctx.choice("interpolation") : "nearest";
  SpatialInput in = read_spatial_input(ctx, rank);
  std::vector<int64_t> spatial;
  for (size_t i = 0; i < rank; ++i)
    spatial.push_back(in.spatial[i] == kUnknown ? kUnknown : ctx.mul(in.spatial[i], size[i]));
  Shape out = spatial_output(in, spatial, in.channels);
  ctx.set_output(out);

  const std::string& name = ctx.type().name;
  std::string action = rank == 1 ? "repeats each step" : rank == 2 ? "repeats each row and column"
                                                                   : "repeats each slice, row and column";
  if (interpolation != "nearest") action = cat({"resizes with '", interpolation, "' interpolation"});
  ctx.explain(spatial_input_sentence(ctx, in));
  ctx.explain(cat({name, " ", action, ", by size=", (rank == 1 ? num(size[0]) : dims_python(size)), ": ",
                   per_axis(rank, [&](size_t i) {
                     if (in.spatial[i] == kUnknown) return std::string("None stays None");
                     return num(in.spatial[i]) + " × " + num(size[i]) + " = " + num(spatial[i]);
                   }), "."}));
  ctx.explain(cat({"Output: ", shape_words(ctx.input()), " becomes ", shape_words(out), "; ",
                   channels_stay(in.channels), "."}));
  ctx.no_parameters(cat({name, " only ", action, ": no learnable parameters"}));
}

void compute_zero_padding1d(LayerContext& ctx) { compute_zero_padding(ctx, 1); }
void compute_zero_padding2d(LayerContext& ctx) { compute_zero_padding(ctx, 2); }
void compute_zero_padding3d(LayerContext& ctx) { compute_zero_padding(ctx, 3); }
void compute_cropping1d(LayerContext& ctx) { compute_cropping(ctx, 1); }
void compute_cropping2d(LayerContext& ctx) { compute_cropping(ctx, 2); }
void compute_cropping3d(LayerContext& ctx) { compute_cropping(ctx, 3); }
void compute_upsampling1d(LayerContext& ctx) { compute_upsampling(ctx, 1); }
void compute_upsampling2d(LayerContext& ctx) { compute_upsampling(ctx, 2); }
void compute_upsampling3d(LayerContext& ctx) { compute_upsampling(ctx, 3); }

constexpr const char* kDataFormats = "channels_last|channels_first";
constexpr const char* kInterpolations = "nearest|bilinear|bicubic|area|gaussian|lanczos3|lanczos5|mitchellcubic";
constexpr ArgRow kDataFormat = arg_choice("data_format", kDataFormats, "'channels_last'");

// Padding and cropping in 2D/3D take nested tuples, so editors keep them as written (kind Any).
constexpr ArgRow arg_pairs(const char* name, const char* value) { return counted(arg_any(name, value), true); }

constexpr ArgRow kFlattenArgs[] = {arg_choice("data_format", kDataFormats, "'channels_last'", false)};
constexpr ArgRow kReshapeArgs[] = {arg_shape("target_shape", nullptr, true)};
constexpr ArgRow kPermuteArgs[] = {arg_shape("dims", nullptr, true)};
constexpr ArgRow kRepeatVectorArgs[] = {arg_required_int("n")};
constexpr ArgRow kZeroPadding1DArgs[] = {arg_ints("padding", 2, "1"), kDataFormat};
constexpr ArgRow kZeroPadding2DArgs[] = {arg_pairs("padding", "(1, 1)"), kDataFormat};
constexpr ArgRow kZeroPadding3DArgs[] = {arg_pairs("padding", "(1, 1, 1)"), kDataFormat};
constexpr ArgRow kCropping1DArgs[] = {arg_ints("cropping", 2, "(1, 1)")};
constexpr ArgRow kCropping2DArgs[] = {arg_pairs("cropping", "((0, 0), (0, 0))"), kDataFormat};
constexpr ArgRow kCropping3DArgs[] = {arg_pairs("cropping", "((1, 1), (1, 1), (1, 1))"), kDataFormat};
constexpr ArgRow kUpSampling1DArgs[] = {arg_int("size", "2")};
constexpr ArgRow kUpSampling2DArgs[] = {arg_ints("size", 2, "(2, 2)"), kDataFormat,
                                        arg_choice("interpolation", kInterpolations, "'nearest'", false)};
constexpr ArgRow kUpSampling3DArgs[] = {arg_ints("size", 3, "(2, 2, 2)"), kDataFormat};

constexpr TypeRow kReshapingTypes[] = {
    {"Flatten", "lays all values out in one row", compute_flatten, args(kFlattenArgs), "Flatten()", "(32, 32, 256)",
     kAllPositional},
    {"Reshape", "rearranges the values into target_shape", compute_reshape, args(kReshapeArgs), "Reshape((28, 28, 1))",
     "(784,)", kAllPositional},
    {"Permute", "reorders the axes", lazy_rule(compute_permute), args(kPermuteArgs), "Permute((2, 1))", "(10, 64)", kAllPositional},
    {"RepeatVector", "repeats a vector n times", lazy_rule(compute_repeat_vector), args(kRepeatVectorArgs), "RepeatVector(5)",
     "(32,)", kAllPositional},
    {"ZeroPadding1D", "adds zeros at both ends of the steps", lazy_rule(compute_zero_padding1d), args(kZeroPadding1DArgs),
     "ZeroPadding1D(2)", "(100, 8)", kAllPositional},
    {"ZeroPadding2D", "adds rows and columns of zeros around an image", lazy_rule(compute_zero_padding2d),
     args(kZeroPadding2DArgs), "ZeroPadding2D((2, 2))", "(28, 28, 1)", kAllPositional},
    {"ZeroPadding3D", "adds zeros around a volume", lazy_rule(compute_zero_padding3d), args(kZeroPadding3DArgs),
     "ZeroPadding3D(1)", "(8, 8, 8, 1)", kAllPositional},
    {"Cropping1D", "cuts steps off both ends", lazy_rule(compute_cropping1d), args(kCropping1DArgs), "Cropping1D((2, 3))",
     "(100, 8)", kAllPositional},
    {"Cropping2D", "cuts rows and columns off the edges of an image", lazy_rule(compute_cropping2d), args(kCropping2DArgs),
     "Cropping2D(((2, 2), (4, 4)))", "(32, 32, 3)", kAllPositional},
    {"Cropping3D", "cuts values off the edges of a volume", lazy_rule(compute_cropping3d), args(kCropping3DArgs),
     "Cropping3D(1)", "(16, 16, 16, 1)", kAllPositional},
    {"UpSampling1D", "repeats each step size times", lazy_rule(compute_upsampling1d), args(kUpSampling1DArgs),
     "UpSampling1D(2)", "(50, 8)", kAllPositional},
    {"UpSampling2D", "enlarges an image by repeating rows and columns", lazy_rule(compute_upsampling2d),
     args(kUpSampling2DArgs), "UpSampling2D((2, 2))", "(16, 16, 32)", kAllPositional},
    {"UpSampling3D", "enlarges a volume by repeating its values", lazy_rule(compute_upsampling3d), args(kUpSampling3DArgs),
     "UpSampling3D((2, 2, 2))", "(4, 4, 4, 8)", kAllPositional},
};

}  // namespace

void register_reshaping_layers(std::vector<LayerType>& out) { add_layer_types(out, "Reshaping", kReshapingTypes); }

}  // namespace learnable
