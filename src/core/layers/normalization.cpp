// Normalization layers: BatchNormalization (learned scale and shift plus moving statistics that
// Keras counts as non-trainable), LayerNormalization, GroupNormalization and UnitNormalization.
// Keras numbers axes over the full shape, batch included: axis=-1 is the last, axis=1 the first
// after the batch, and axis=0 (the batch) holds nothing to learn.
#include <algorithm>
#include <limits>

#include "core/layer_context.h"

namespace learnable {

namespace {

struct Axes {
  std::vector<size_t> index;  // into the input shape (batch excluded)
  std::vector<int64_t> dims;  // the sizes there
  int64_t size = 1;           // their product: the number of values per weight
  std::string given;          // as the user wrote it: -1, [1, 2]
};

// Reads `name` (an int or a list of ints) as Keras' build() does: negatives count from the end and
// repeats are refused. When the axes size weights (`sized`), the batch axis is refused and every
// chosen dimension must be known.
Axes read_axes(const LayerContext& ctx, const char* name, bool single, bool sized = true) {
  ctx.require_min_rank(1, "(batch, ..., features)");
  Axes axes;
  axes.given = ctx.arg(name).to_python();
  std::vector<int64_t> values;
  if (single)
    values.push_back(ctx.integer(name, std::numeric_limits<int64_t>::min()));
  else
    values = ctx.int_list(name);
  if (values.empty()) ctx.fail(name, cat({name, " must name at least one axis, got ", axes.given}));

  const int64_t full_rank = static_cast<int64_t>(ctx.rank()) + 1;
  const std::string last = num(full_rank - 1);
  std::vector<int64_t> seen;
  for (int64_t value : values) {
    int64_t full = value < 0 ? full_rank + value : value;
    if (full < 0 || full >= full_rank)
      ctx.fail(name, cat({name, "=", axes.given, " is out of range for the input ",
                              shape_keras(ctx.input()), ": use ", (sized ? "1" : "0"), " to ", last,
                              ", or -1 to -", (sized ? last : num(full_rank))}));
    if (std::find(seen.begin(), seen.end(), full) != seen.end())
      ctx.fail(name, cat({name, "=", axes.given, " names axis ", full, " twice"}));
    seen.push_back(full);
    if (!sized) continue;
    if (full == 0)
      ctx.fail(name, cat({name, "=", axes.given, " is the batch axis, which has no fixed "
                              "size to learn parameters for; ", ctx.type().name,
                              " normalizes over features, e.g. ", name, "=-1 for the last axis"}));
    size_t index = static_cast<size_t>(full - 1);
    int64_t dim = ctx.input()[index];
    if (dim == kUnknown)
      ctx.fail(name, cat({ctx.type().name, " needs the size of axis ", value,
                              " to count its parameters, but it is None in ", shape_keras(ctx.input())}));
    axes.index.push_back(index);
    axes.dims.push_back(dim);
    axes.size = ctx.mul(axes.size, dim);
  }
  return axes;
}

// "the last axis of 32×32×64, 64 values" / "the 2 axes sized 8×64 = 512 values"
std::string axes_words(const LayerContext& ctx, const Axes& axes) {
  if (axes.index.size() == 1) {
    size_t i = axes.index[0];
    std::string which = i + 1 == ctx.rank() ? "the last axis" : "axis " + num(static_cast<int64_t>(i) + 1);
    return cat({which, " of ", shape_words(ctx.input()), ", ", axes.size, " values"});
  }
  return cat({"the ", static_cast<int64_t>(axes.dims.size()), " axes sized ", dims_words(axes.dims),
              " = ", axes.size, " values"});
}

// "64" for one axis, "8*64" for several: the size term of a formula.
std::string size_term(const Axes& axes) {
  std::string out;
  for (size_t i = 0; i < axes.dims.size(); ++i) out += cat({(i ? "*" : ""), axes.dims[i]});
  return out;
}

// One axis gives weights of shape (C,); several keep the input's rank with 1 elsewhere, as Keras.
Shape param_shape(const LayerContext& ctx, const Axes& axes, bool keep_rank) {
  if (axes.dims.size() == 1 || !keep_rank) return axes.dims;
  Shape shape(ctx.rank() + 1, 1);
  for (size_t k = 0; k < axes.index.size(); ++k) shape[axes.index[k] + 1] = axes.dims[k];
  return shape;
}

void compute_batch_normalization(LayerContext& ctx) {
  ctx.number("momentum");
  ctx.number("epsilon");
  bool center = ctx.flag("center");
  bool scale = ctx.flag("scale");
  bool renorm = ctx.flag("renorm");
  ctx.flag("synchronized");
  if (!ctx.arg("virtual_batch_size").is_none()) ctx.positive("virtual_batch_size");
  Axes axes = read_axes(ctx, "axis", false);
  const Value& fused = ctx.arg("fused");
  if (fused.kind == Value::Kind::Bool && fused.boolean) {
    if (renorm) ctx.fail("fused", "fused=True cannot be combined with renorm=True");
    size_t full_rank = ctx.rank() + 1;
    bool channel_axis = axes.index.size() == 1 &&
                        (axes.index[0] == 0 || axes.index[0] + 1 == ctx.rank());
    if ((full_rank != 4 && full_rank != 5) || !channel_axis)
      ctx.fail("fused", cat({"fused=True works only on 4D or 5D inputs (batch included) normalized over "
                             "axis 1 or the last axis, but the input is ", shape_keras(ctx.input()),
                             " with axis=", axes.given}));
  }
  ctx.set_output(ctx.input());

  Shape shape = param_shape(ctx, axes, true);
  if (scale) ctx.add_weight("gamma", shape);
  if (center) ctx.add_weight("beta", shape);
  ctx.add_weight("moving_mean", shape, false);
  ctx.add_weight("moving_variance", shape, false);
  if (renorm) {
    ctx.add_weight("moving_stddev", shape, false);
    ctx.add_weight("renorm_mean", shape, false);
    ctx.add_weight("renorm_stddev", shape, false);
  }

  int64_t learned = (scale ? 1 : 0) + (center ? 1 : 0);
  int64_t statistics = renorm ? 5 : 2;
  std::string c = size_term(axes);
  std::string formula = cat({statistics, "*", c});
  if (learned > 0) formula = cat({learned, "*", c, " + ", formula});
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));

  const LayerResult& r = ctx.result();
  if (!ctx.explaining()) return;
  ctx.explain(cat({"Channels: axis=", axes.given, " picks ", axes_words(ctx, axes),
                   "; BatchNormalization keeps its own numbers for each of them."}));
  if (learned == 2)
    ctx.explain(cat({"Trainable: a scale (gamma) and a shift (beta) per value, learned by gradient "
                     "descent like any weight: 2 × ", axes.size, " = ", r.trainable, "."}));
  else if (scale)
    ctx.explain(cat({"Trainable: a scale (gamma) per value, 1 × ", axes.size, " = ",
                     r.trainable, "; center=False drops the shift (beta)."}));
  else if (center)
    ctx.explain(cat({"Trainable: a shift (beta) per value, 1 × ", axes.size, " = ",
                     r.trainable, "; scale=False drops the scale (gamma)."}));
  else
    ctx.explain("Trainable: none, since center=False and scale=False drop both beta and gamma.");
  ctx.explain(cat({"Non-trainable: a moving mean and a moving variance per value, 2 × ", axes.size,
                   " = ", ctx.mul(2, axes.size), ". They are running averages of the batches "
                   "seen in training, used instead of the batch's statistics at inference; they are not "
                   "learned by gradient descent, so Keras counts them as non-trainable."}));
  if (renorm)
    ctx.explain(cat({"renorm=True adds a moving standard deviation and batch renormalization's own mean "
                     "and standard deviation, 3 × ", axes.size, " more, also non-trainable: ",
                     statistics, " × ", axes.size, " = ", r.non_trainable, "."}));
  if (learned > 0)
    ctx.explain(cat({"Total: ", r.trainable, " + ", r.non_trainable, " = ", r.params,
                     " (", r.trainable, " trainable, ", r.non_trainable, " non-trainable)."}));
  else
    ctx.explain(cat({"Total: ", r.params, ", all non-trainable."}));
  ctx.explain(cat({"Output: the same shape as the input, ", shape_words(ctx.input()), "."}));
}

// LayerNormalization and GroupNormalization: gamma and beta, no moving statistics.
void add_scale_and_shift(LayerContext& ctx, const Axes& axes, bool keep_rank) {
  bool center = ctx.flag("center");
  bool scale = ctx.flag("scale");
  Shape shape = param_shape(ctx, axes, keep_rank);
  if (scale) ctx.add_weight("gamma", shape);
  if (center) ctx.add_weight("beta", shape);

  std::string c = size_term(axes);
  std::string formula = scale && center ? c + " + " + c : c;
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));
  if (scale) ctx.explain(cat({"Scale (gamma): one per value, ", axes.size, "."}));
  else ctx.explain("Scale (gamma): none, since scale=False.");
  if (center) ctx.explain(cat({"Shift (beta): one per value, ", axes.size, "."}));
  else ctx.explain("Shift (beta): none, since center=False.");
}

void compute_layer_normalization(LayerContext& ctx) {
  ctx.number("epsilon");
  bool center = ctx.flag("center");
  bool scale = ctx.flag("scale");
  Axes axes = read_axes(ctx, "axis", false);
  ctx.set_output(ctx.input());
  if (!center && !scale) {
    ctx.no_parameters("LayerNormalization with center=False and scale=False only normalizes each "
                      "example: no learnable parameters");
    return;
  }
  ctx.explain(cat({"Features: axis=", axes.given, " normalizes over ", axes_words(ctx, axes),
                   ", using the mean and variance of each example on its own."}));
  add_scale_and_shift(ctx, axes, false);
  ctx.explain("Statistics: none are stored. LayerNormalization computes them afresh from each "
              "example, in training and at inference alike, so unlike BatchNormalization it has no "
              "moving mean or variance and nothing non-trainable.");
  const LayerResult& r = ctx.result();
  if (scale && center)
    ctx.explain(cat({"Total: ", axes.size, " + ", axes.size, " = ", r.params, "."}));
  else
    ctx.explain(cat({"Total: ", r.params, "."}));
  ctx.explain(cat({"Output: the same shape as the input, ", shape_words(ctx.input()), "."}));
}

void compute_group_normalization(LayerContext& ctx) {
  int64_t groups = ctx.integer("groups", -1);
  if (groups == 0) ctx.fail("groups", "groups must be a positive integer (or -1 for one group per channel), got 0");
  ctx.number("epsilon");
  bool center = ctx.flag("center");
  bool scale = ctx.flag("scale");
  Axes axes = read_axes(ctx, "axis", true);
  int64_t channels = axes.size;
  if (groups == -1) groups = channels;
  if (groups > channels)
    ctx.fail("groups", cat({"groups=", groups, " is more than the ", channels, " channels"}));
  if (channels % groups != 0)
    ctx.fail("groups", cat({"the ", channels, " channels must be divisible by groups=", groups}));
  ctx.set_output(ctx.input());
  ctx.explain(cat({"Groups: axis=", axes.given, " holds ", channels, " channels; groups=",
                   groups, " splits them into groups of ", channels / groups,
                   ", each normalized with the mean and variance of its own example."}));
  if (!center && !scale) {
    ctx.no_parameters("GroupNormalization with center=False and scale=False only normalizes: no "
                      "learnable parameters");
    return;
  }
  add_scale_and_shift(ctx, axes, false);
  ctx.explain("Statistics: none are stored; they come from each example afresh, so there is no "
              "moving mean or variance.");
  const LayerResult& r = ctx.result();
  if (scale && center)
    ctx.explain(cat({"Total: ", channels, " + ", channels, " = ", r.params, "."}));
  else
    ctx.explain(cat({"Total: ", r.params, "."}));
  ctx.explain(cat({"Output: the same shape as the input, ", shape_words(ctx.input()), "."}));
}

void compute_unit_normalization(LayerContext& ctx) {
  Axes axes = read_axes(ctx, "axis", false, false);
  ctx.set_output(ctx.input());
  ctx.no_parameters(cat({"UnitNormalization scales each example to length 1 over axis=", axes.given,
                         ": no learnable parameters"}));
}

constexpr ArgRow kBatchNormalizationArgs[] = {
    arg_shape("axis", "-1"),
    arg_float("momentum", "0.99"),
    arg_float("epsilon", "0.001"),
    arg_bool("center", true),
    arg_bool("scale", true),
    arg_any("beta_initializer", "'zeros'"),
    arg_any("gamma_initializer", "'ones'"),
    arg_any("moving_mean_initializer", "'zeros'"),
    arg_any("moving_variance_initializer", "'ones'"),
    arg_any("beta_regularizer"),
    arg_any("gamma_regularizer"),
    arg_any("beta_constraint"),
    arg_any("gamma_constraint"),
    // Keyword only from here (synchronized since Keras 2.12; the rest via **kwargs).
    arg_bool("synchronized", false, false),
    arg_bool("renorm", false),
    arg_any("renorm_clipping"),
    arg_float("renorm_momentum", "0.99"),
    arg_any("fused"),
    arg_any("virtual_batch_size"),
    arg_any("adjustment")};

constexpr ArgRow kLayerNormalizationHead[] = {arg_shape("axis", "-1"), arg_float("epsilon", "0.001")};
constexpr ArgRow kGroupNormalizationHead[] = {arg_int("groups", "32"), arg_int("axis", "-1"), arg_float("epsilon", "0.001")};

constexpr ArgRow kScaleShiftTail[] = {
    arg_bool("center", true),
    arg_bool("scale", true),
    arg_any("beta_initializer", "'zeros'"),
    arg_any("gamma_initializer", "'ones'"),
    arg_any("beta_regularizer"),
    arg_any("gamma_regularizer"),
    arg_any("beta_constraint"),
    arg_any("gamma_constraint")};

constexpr ArgRow kUnitNormalizationArgs[] = {arg_shape("axis", "-1")};

constexpr TypeRow kNormalizationTypes[] = {
    {"BatchNormalization", "normalizes each channel over the batch; keeps moving statistics",
     compute_batch_normalization, args(kBatchNormalizationArgs), "BatchNormalization()", "(32, 32, 64)", 13},
    {"LayerNormalization", "normalizes each example over its features", lazy_rule(compute_layer_normalization),
     args(kLayerNormalizationHead, kScaleShiftTail), "LayerNormalization()", "(10, 64)", kAllPositional},
    {"GroupNormalization", "normalizes groups of channels within each example", lazy_rule(compute_group_normalization),
     args(kGroupNormalizationHead, kScaleShiftTail), "GroupNormalization(groups=8)", "(32, 32, 64)", kAllPositional},
    {"UnitNormalization", "scales each example to unit length", lazy_rule(compute_unit_normalization),
     args(kUnitNormalizationArgs), "UnitNormalization()", "(64,)", kAllPositional},
};

}  // namespace

void register_normalization_layers(std::vector<LayerType>& out) {
  add_layer_types(out, "Normalization", kNormalizationTypes);
}

}  // namespace learnable
