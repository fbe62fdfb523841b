// PyTorch's padding and upsampling modules: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad
// and CircularPad in 1d/2d/3d, Upsample and the older UpsamplingNearest2d / UpsamplingBilinear2d.
// None has parameters; they teach PyTorch's padding order, last dimension first as (left, right,
// top, bottom, front, back), and how size or scale_factor (floored) sets an upsampled shape.
#include <cmath>
#include <utility>

#include "core/layer_context.h"
#include "core/layers/torch_spatial.h"

namespace learnable {

namespace {

enum class PadKind { Zero, Constant, Reflection, Replication, Circular };

PadKind pad_kind(const std::string& name) {
  if (name.rfind("Zero", 0) == 0) return PadKind::Zero;
  if (name.rfind("Constant", 0) == 0) return PadKind::Constant;
  if (name.rfind("Reflection", 0) == 0) return PadKind::Reflection;
  if (name.rfind("Replication", 0) == 0) return PadKind::Replication;
  return PadKind::Circular;
}

const char* sides_words(size_t rank) {
  switch (rank) {
    case 1: return "(left, right)";
    case 2: return "(left, right, top, bottom)";
    default: return "(left, right, top, bottom, front, back)";
  }
}

// (before, after) per padded axis, in the input's order (the last axis last). An int pads every
// side of `rank` axes; a tuple lists the sides from the last axis back. ZeroPad and ConstantPad
// also take a shorter tuple, which pads only the last axes, as F.pad does.
std::vector<std::pair<int64_t, int64_t>> read_sides(const LayerContext& ctx, size_t rank, bool shorter_ok) {
  const Value& v = ctx.arg("padding");
  auto bad = [&]() {
    ctx.fail("padding", cat({"padding must be an integer or a tuple of ", static_cast<int64_t>(2 * rank), " integers ",
                             sides_words(rank), ", got ", v.to_python()}));
  };
  std::vector<std::pair<int64_t, int64_t>> sides;
  if (v.kind == Value::Kind::Int) {
    sides.assign(rank, {v.integer, v.integer});
    return sides;
  }
  if (!v.is_sequence()) bad();
  size_t n = v.items.size();
  if (n == 0 || n % 2 != 0 || n > 2 * rank || (!shorter_ok && n != 2 * rank)) bad();
  for (const Value& item : v.items)
    if (item.kind != Value::Kind::Int) bad();
  for (size_t k = n; k >= 2; k -= 2) sides.push_back({v.items[k - 2].integer, v.items[k - 1].integer});
  return sides;
}

// "28 + 1 + 2 = 31", "8 - 2 - 2 = 4".
std::string pad_step(int64_t length, int64_t before, int64_t after, int64_t out) {
  if (length == kUnknown) return "None stays None";
  auto term = [](int64_t v) { return v < 0 ? cat({" - ", -v}) : cat({" + ", v}); };
  return cat({length, term(before), term(after), " = ", out});
}

// "((3, 4), (1, 2))": Keras' ZeroPadding arguments for the same sides (first axis first).
std::string keras_pairs(const std::vector<std::pair<int64_t, int64_t>>& sides) {
  if (sides.size() == 1) return cat({"(", sides[0].first, ", ", sides[0].second, ")"});
  std::string out = "(";
  for (size_t i = 0; i < sides.size(); ++i)
    out += cat({(i ? ", (" : "("), sides[i].first, ", ", sides[i].second, ")"});
  return cat({out, ")"});
}

// ZeroPad, ConstantPad, ReflectionPad, ReplicationPad and CircularPad in 1d/2d/3d.
void compute_pad(LayerContext& ctx, size_t rank) {
  const std::string& name = ctx.type().name;
  PadKind kind = pad_kind(name);
  bool constant = kind == PadKind::Zero || kind == PadKind::Constant;
  std::vector<std::pair<int64_t, int64_t>> sides = read_sides(ctx, rank, constant);
  std::string value = "0";
  if (kind == PadKind::Constant) {
    ctx.number("value");
    value = ctx.arg("value").to_python();
  }
  size_t padded_axes = sides.size();
  const Shape& in = ctx.input();
  if (constant) {
    // F.pad pads any trailing dimensions, the batch too: Learnable keeps the batch apart.
    if (in.size() < padded_axes)
      ctx.fail("", cat({name, " pads the last ", static_cast<int64_t>(padded_axes),
                        (padded_axes == 1 ? " dimension" : " dimensions"), ", but the input ", shape_torch(in),
                        " has only ", static_cast<int64_t>(in.size()), " besides the batch, so it would pad the batch"}));
  } else {
    torch_spatial_input(ctx, rank, true);
  }

  Shape out = in;
  std::vector<std::string> steps;
  bool grows = false, crops = false;
  for (size_t k = 0; k < padded_axes; ++k) {
    size_t axis = in.size() - padded_axes + k;
    auto [before, after] = sides[k];
    grows |= before > 0 || after > 0;
    crops |= before < 0 || after < 0;
    int64_t length = in[axis];
    const char* axis_name = torch_axis_name(rank, rank - padded_axes + k);
    if (length != kUnknown) {
      if (kind == PadKind::Reflection && (before >= length || after >= length))
        ctx.fail("padding", cat({name, " mirrors the input at its edges, so each padding must be smaller than the input: "
                                 "padding (", before, ", ", after, ") along ", axis_name, " of ", length}));
      if (kind == PadKind::Circular && (before > length || after > length))
        ctx.fail("padding", cat({name, " wraps the input around, so each padding can be at most the input's size: "
                                 "padding (", before, ", ", after, ") along ", axis_name, " of ", length}));
      out[axis] = ctx.add(ctx.add(length, before), after);
      if (out[axis] < 1)
        ctx.fail("padding", cat({"padding (", before, ", ", after, ") along ", axis_name, " leaves ",
                                 pad_step(length, before, after, out[axis]),
                                 ": negative padding crops, but it cannot crop the whole input"}));
    }
    steps.push_back(pad_step(length, before, after, out[axis]));
  }
  ctx.set_output(out);

  const char* action = "";
  switch (kind) {
    case PadKind::Zero: action = "adds zeros around the edges"; break;
    case PadKind::Constant: action = "adds the value around the edges"; break;
    case PadKind::Reflection: action = "mirrors the input at its edges"; break;
    case PadKind::Replication: action = "repeats the edge values outward"; break;
    case PadKind::Circular: action = "wraps the input around its edges"; break;
  }
  std::string what = kind == PadKind::Constant ? cat({"adds the value ", value, " around the edges"}) : std::string(action);
  if (crops) what = grows ? what + ", and crops where the padding is negative" : "cuts off values at the edges";

  if (ctx.explaining()) {
    ctx.explain(cat({"Inputs: the previous module gives ", shape_torch(in), "."}));
    const Value& padding = ctx.arg("padding");
    if (padding.is_sequence())
      ctx.explain(cat({"padding=", padding.to_python(), " lists ", sides_words(padded_axes),
                       padded_axes > 1 ? ": PyTorch's order, the last dimension first." : "."}));
    else
      ctx.explain(cat({"padding=", padding.to_python(), " pads every side by ", padding.integer, "."}));
    ctx.explain(cat({name, " ", what, ": ", torch_axes_text(steps, rank), "."}));
    ctx.explain(cat({"Output: ", shape_torch(in), " becomes ", shape_torch(out), "."}));
    if (kind == PadKind::Zero && !crops && padded_axes == rank)
      ctx.explain(cat({"Keras' ZeroPadding", static_cast<int64_t>(rank), "D writes the same padding as ",
                       keras_pairs(sides),
                       rank > 1 ? ", the first axis first." : "."}));
    if (kind == PadKind::Circular || (kind == PadKind::Zero && rank != 2))
      ctx.explain(cat({name, " arrived in PyTorch 2.1", kind == PadKind::Zero
                                                          ? cat({"; before it, nn.ConstantPad", static_cast<int64_t>(rank),
                                                                 "d(padding, 0) does the same."})
                                                          : cat({"; before it, F.pad(x, padding, mode='circular') does the same."})}));
  }
  ctx.no_parameters(cat({name, " only ", what, ": no learnable parameters"}));
}

void compute_pad1d(LayerContext& ctx) { compute_pad(ctx, 1); }
void compute_pad2d(LayerContext& ctx) { compute_pad(ctx, 2); }
void compute_pad3d(LayerContext& ctx) { compute_pad(ctx, 3); }

bool interpolating(const std::string& mode) {
  return mode == "linear" || mode == "bilinear" || mode == "bicubic" || mode == "trilinear";
}

// Upsample, UpsamplingNearest2d and UpsamplingBilinear2d: size or scale_factor, one per spatial axis.
void compute_upsample(LayerContext& ctx) {
  const std::string& name = ctx.type().name;
  bool has_mode = ctx.type().find_arg("mode") != nullptr;
  std::string mode = has_mode ? ctx.choice("mode") : name == "UpsamplingBilinear2d" ? "bilinear" : "nearest";
  const Value& size = ctx.arg("size");
  const Value& scale = ctx.arg("scale_factor");
  if (!size.is_none() && !scale.is_none())
    ctx.fail("scale_factor", "only one of size or scale_factor should be given");
  if (size.is_none() && scale.is_none())
    ctx.fail("size", "give either size (the output size) or scale_factor (how many times larger)");
  bool align_corners = name == "UpsamplingBilinear2d";
  if (has_mode && !ctx.arg("align_corners").is_none()) {
    align_corners = ctx.flag("align_corners");
    if (!interpolating(mode))
      ctx.fail("align_corners", cat({"align_corners can only be set with the interpolating modes linear, bilinear, "
                                     "bicubic and trilinear, not mode='", mode, "'"}));
  }
  if (has_mode && !ctx.arg("recompute_scale_factor").is_none()) {
    ctx.flag("recompute_scale_factor");
    if (!size.is_none())
      ctx.fail("recompute_scale_factor", "recompute_scale_factor is not meaningful with an explicit size");
  }

  require_torch_rank(ctx, 2, 4, "(N, C, L), (N, C, H, W) or (N, C, D, H, W)");
  size_t wanted = mode == "linear" ? 1 : mode == "bilinear" || mode == "bicubic" ? 2 : mode == "trilinear" ? 3 : 0;
  if (wanted && ctx.rank() != wanted + 1)
    ctx.fail(has_mode ? "mode" : "", cat({"mode='", mode, "' needs input of shape ", torch_layout(wanted), " (",
                                          static_cast<int64_t>(wanted + 1), " dimensions besides the batch), but got ",
                                          shape_torch(ctx.input()), " (", static_cast<int64_t>(ctx.rank()),
                                          " dimensions)"}));
  TorchSpatial in = torch_spatial_input(ctx, ctx.rank() - 1, false);
  size_t rank = in.spatial.size();
  const char* axes = rank == 1 ? "(L)" : rank == 2 ? "(H, W)" : "(D, H, W)";

  std::vector<int64_t> spatial;
  std::vector<std::string> steps;
  if (!size.is_none()) {
    std::vector<int64_t> sizes;
    if (size.is_sequence() && size.items.size() != rank)
      ctx.fail("size", cat({"size needs ", static_cast<int64_t>(rank), " values here, one per axis ", axes, ", got ",
                            static_cast<int64_t>(size.items.size()), ": ", size.to_python()}));
    sizes = ctx.ints("size", rank);
    for (size_t i = 0; i < rank; ++i) {
      spatial.push_back(sizes[i]);
      std::string from = in.spatial[i] == kUnknown ? std::string("None") : num(in.spatial[i]);
      steps.push_back(cat({from, " becomes ", sizes[i]}));
    }
  } else {
    std::vector<double> factors;
    auto factor = [&](const Value& item) {
      if (item.kind != Value::Kind::Int && item.kind != Value::Kind::Float)
        ctx.fail("scale_factor", cat({"scale_factor must be a number or a tuple of ", static_cast<int64_t>(rank),
                                      " numbers, got ", scale.to_python()}));
      double f = item.kind == Value::Kind::Int ? static_cast<double>(item.integer) : item.number;
      if (!(f > 0) || !std::isfinite(f))
        ctx.fail("scale_factor", cat({"scale_factor must be positive, got ", scale.to_python()}));
      return f;
    };
    if (scale.is_sequence()) {
      if (scale.items.size() != rank)
        ctx.fail("scale_factor", cat({"scale_factor needs ", static_cast<int64_t>(rank), " values here, one per axis ",
                                      axes, ", got ", static_cast<int64_t>(scale.items.size()), ": ", scale.to_python()}));
      for (const Value& item : scale.items) factors.push_back(factor(item));
    } else {
      factors.assign(rank, factor(scale));
    }
    for (size_t i = 0; i < rank; ++i) {
      std::string f = shortest_float_text(factors[i]);
      if (in.spatial[i] == kUnknown) {
        spatial.push_back(kUnknown);
        steps.push_back("None stays None");
        continue;
      }
      // PyTorch multiplies in double precision and floors: 7 × 1.5 gives 10.
      double product = std::floor(static_cast<double>(in.spatial[i]) * factors[i]);
      if (product >= 9.2e18) ctx.fail("scale_factor", cat({"too large to count exactly: ", in.spatial[i], " × ", f}));
      int64_t out = static_cast<int64_t>(product);
      std::string step = cat({"floor(", in.spatial[i], " × ", f, ") = ", out});
      double exact = std::round(static_cast<double>(in.spatial[i]) * factors[i]);
      if (static_cast<double>(out) < exact && exact - static_cast<double>(in.spatial[i]) * factors[i] < 1e-6)
        step += cat({" (", in.spatial[i], " × ", f, " is ",
                     shortest_float_text(static_cast<double>(in.spatial[i]) * factors[i]), " in floating point)"});
      if (out < 1)
        ctx.fail("scale_factor", cat({"scale_factor ", f, " gives an empty output along ", torch_axis_name(rank, i),
                                      ": ", step}));
      spatial.push_back(out);
      steps.push_back(step);
    }
  }
  Shape out = torch_spatial_output(in, spatial);
  ctx.set_output(out);

  std::string resize = rank == 1 ? cat({"length ", shape_words({in.spatial[0]}), " to ", shape_words({spatial[0]})})
                                 : cat({shape_words(in.spatial), " to ", shape_words(spatial)});
  std::string what = mode == "nearest" || mode == "nearest-exact"
                         ? "copies the nearest values to resize " + resize
                     : mode == "area" ? "averages areas to resize " + resize
                                      : cat({"interpolates (", mode, ") to resize ", resize});
  if (ctx.explaining()) {
    ctx.explain(torch_input_sentence(ctx, in));
    const char* how = mode == "nearest" ? "copies the nearest input value to each output position"
                      : mode == "nearest-exact" ? "copies the nearest input value to each output position, rounding "
                                                  "positions the way Pillow and scikit-image do"
                      : mode == "area" ? "averages the input area under each output position"
                      : mode == "bicubic" ? "interpolates with cubic curves through the 4×4 nearest input values"
                                          : "interpolates linearly between the nearest input values";
    ctx.explain(cat({name, " with mode='", mode, "' ", how, ", on each channel separately."}));
    ctx.explain(cat({"Output: ", torch_axes_text(steps), ", so ", shape_torch(ctx.input()), " becomes ",
                     shape_torch(out), "; the channels stay as they are."}));
    if (align_corners) ctx.explain("align_corners=True lines up the corner values of the input and the output.");
    if (!has_mode)
      ctx.explain(cat({name, " is nn.Upsample(mode='", mode, "'", align_corners ? ", align_corners=True" : "",
                       "); PyTorch deprecates it in favour of nn.Upsample."}));
    bool whole = mode == "nearest" && scale.kind != Value::Kind::None;
    std::vector<int64_t> repeats;
    for (size_t i = 0; whole && i < rank; ++i) {
      const Value& item = scale.is_sequence() ? scale.items[i] : scale;
      double f = item.kind == Value::Kind::Int ? static_cast<double>(item.integer) : item.number;
      whole = f == std::floor(f) && f < 1e6;
      repeats.push_back(static_cast<int64_t>(f));
    }
    if (whole)
      ctx.explain(cat({"Keras' UpSampling", static_cast<int64_t>(rank), "D(",
                       rank == 1 ? num(repeats[0]) : dims_python(repeats), ") does the same."}));
  }
  ctx.no_parameters(cat({name, " only ", what, ": no learnable parameters"}));
}

// PyTorch's signatures, in their positional order. Padding may be a tuple of 2, 4 or 6 sides, so
// editors keep it as written.
constexpr ArgRow kPadding = required(counted(arg_any("padding"), true));
constexpr ArgRow kPadArgs[] = {kPadding};
constexpr ArgRow kConstantPadArgs[] = {kPadding, required(arg_float("value", nullptr))};
constexpr ArgRow kUpsampleArgs[] = {
    counted(arg_any("size"), true), counted(arg_any("scale_factor"), true),
    arg_choice("mode", "nearest|linear|bilinear|bicubic|trilinear|area|nearest-exact", "'nearest'", false),
    arg_any("align_corners"), arg_any("recompute_scale_factor")};
constexpr ArgRow kUpsampling2dArgs[] = {counted(arg_any("size"), true), counted(arg_any("scale_factor"), true)};

constexpr TypeRow kTorchPaddingTypes[] = {
    {"ZeroPad1d", "adds zeros at both ends of L (PyTorch 2.1)", lazy_rule(compute_pad1d), args(kPadArgs), "nn.ZeroPad1d(2)",
     "(8, 100)", kAllPositional},
    {"ZeroPad2d", "adds rows and columns of zeros around (H, W)", lazy_rule(compute_pad2d), args(kPadArgs),
     "nn.ZeroPad2d((1, 2, 1, 2))", "(1, 28, 28)", kAllPositional},
    {"ZeroPad3d", "adds zeros around (D, H, W) (PyTorch 2.1)", lazy_rule(compute_pad3d), args(kPadArgs), "nn.ZeroPad3d(1)",
     "(1, 8, 8, 8)", kAllPositional},
    {"ConstantPad1d", "adds a constant value at both ends of L", lazy_rule(compute_pad1d), args(kConstantPadArgs),
     "nn.ConstantPad1d(2, 3.5)", "(8, 100)", kAllPositional},
    {"ConstantPad2d", "adds a constant value around (H, W)", lazy_rule(compute_pad2d), args(kConstantPadArgs),
     "nn.ConstantPad2d((1, 1, 2, 2), 0.5)", "(3, 28, 28)", kAllPositional},
    {"ConstantPad3d", "adds a constant value around (D, H, W)", lazy_rule(compute_pad3d), args(kConstantPadArgs),
     "nn.ConstantPad3d(1, 0.0)", "(1, 8, 8, 8)", kAllPositional},
    {"ReflectionPad1d", "pads L with its mirror image", lazy_rule(compute_pad1d), args(kPadArgs), "nn.ReflectionPad1d(2)",
     "(8, 100)", kAllPositional},
    {"ReflectionPad2d", "pads (H, W) with their mirror image", lazy_rule(compute_pad2d), args(kPadArgs), "nn.ReflectionPad2d(1)",
     "(3, 256, 256)", kAllPositional},
    {"ReflectionPad3d", "pads (D, H, W) with their mirror image", lazy_rule(compute_pad3d), args(kPadArgs),
     "nn.ReflectionPad3d(1)", "(1, 8, 8, 8)", kAllPositional},
    {"ReplicationPad1d", "pads L by repeating its edge values", lazy_rule(compute_pad1d), args(kPadArgs),
     "nn.ReplicationPad1d(2)", "(8, 100)", kAllPositional},
    {"ReplicationPad2d", "pads (H, W) by repeating the edge values", lazy_rule(compute_pad2d), args(kPadArgs),
     "nn.ReplicationPad2d(1)", "(3, 32, 32)", kAllPositional},
    {"ReplicationPad3d", "pads (D, H, W) by repeating the edge values", lazy_rule(compute_pad3d), args(kPadArgs),
     "nn.ReplicationPad3d(1)", "(1, 8, 8, 8)", kAllPositional},
    {"CircularPad1d", "pads L by wrapping it around (PyTorch 2.1)", lazy_rule(compute_pad1d), args(kPadArgs),
     "nn.CircularPad1d(2)", "(8, 100)", kAllPositional},
    {"CircularPad2d", "pads (H, W) by wrapping them around (PyTorch 2.1)", lazy_rule(compute_pad2d), args(kPadArgs),
     "nn.CircularPad2d(1)", "(3, 32, 32)", kAllPositional},
    {"CircularPad3d", "pads (D, H, W) by wrapping them around (PyTorch 2.1)", lazy_rule(compute_pad3d), args(kPadArgs),
     "nn.CircularPad3d(1)", "(1, 8, 8, 8)", kAllPositional},
};

constexpr TypeRow kTorchUpsamplingTypes[] = {
    {"Upsample", "resizes (C, L), (C, H, W) or (C, D, H, W) by size or scale_factor", lazy_rule(compute_upsample),
     args(kUpsampleArgs), "nn.Upsample(scale_factor=2)", "(32, 16, 16)", kAllPositional},
    {"UpsamplingNearest2d", "nearest-neighbour upsampling (Upsample's older name)", lazy_rule(compute_upsample),
     args(kUpsampling2dArgs), "nn.UpsamplingNearest2d(scale_factor=2)", "(32, 16, 16)", kAllPositional},
    {"UpsamplingBilinear2d", "bilinear upsampling with align_corners=True (older name)", lazy_rule(compute_upsample),
     args(kUpsampling2dArgs), "nn.UpsamplingBilinear2d(scale_factor=2)", "(32, 16, 16)", kAllPositional},
};

}  // namespace

void register_torch_resampling_modules(std::vector<LayerType>& out) {
  add_layer_types(out, "Padding", kTorchPaddingTypes, Framework::PyTorch);
  add_layer_types(out, "Upsampling", kTorchUpsamplingTypes, Framework::PyTorch);
}

}  // namespace learnable
