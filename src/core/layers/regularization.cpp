// Regularization layers: Dropout and its spatial, Gaussian and alpha variants, GaussianNoise and
// ActivityRegularization. They act only while training, keep the shape and learn nothing, so
// each formula says in words what the layer does and why no parameters come of it.
#include <cmath>
#include <cstdio>

#include "core/layer_context.h"
#include "core/layers/spatial.h"

namespace learnable {

namespace {

// The argument as the user wrote it (or its default): 0.5, 1, (None, 1, 64).
std::string shown(const LayerContext& ctx, std::string_view name) { return ctx.arg(name).to_python(); }

std::string decimal(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", value);
  return buf;
}

// "the 32×32×64 values", or "the single value" when each example is a scalar.
std::string the_values(const Shape& shape) {
  return shape.empty() ? "the single value" : "the " + shape_words(shape) + " values";
}

// "each of the 32×32×64 values", or "the single value".
std::string each_value(const Shape& shape) {
  return shape.empty() ? "the single value" : "each of " + the_values(shape);
}

// The fraction to drop. Keras' constructors accept 0 to 1, but TensorFlow's dropout refuses
// rate=1 once the model is built, and nothing useful comes of it, so 1 is an error here too.
double read_rate(const LayerContext& ctx) {
  double rate = ctx.number("rate");
  if (!(rate >= 0 && rate < 1)) {
    std::string message =
        cat({"rate is the fraction of values to drop and must be at least 0 and below 1, got ",
             shown(ctx, "rate")});
    if (rate == 1) message += "; rate=1 would drop every value";
    ctx.fail("rate", message);
  }
  return rate;
}

// noise_shape is the dropout mask's shape, batch included: each entry None, 1 (one choice
// shared along that axis) or the input's size.
void check_noise_shape(const LayerContext& ctx) {
  if (ctx.arg("noise_shape").is_none()) return;
  std::vector<int64_t> mask = ctx.int_list("noise_shape", true);
  const Shape& in = ctx.input();
  std::string given = shown(ctx, "noise_shape");
  if (mask.size() != in.size() + 1)
    ctx.fail("noise_shape", cat({"noise_shape includes the batch axis, so it needs ",
                                     static_cast<int64_t>(in.size() + 1), " entries for ",
                                     shape_keras(in), ", got ", given}));
  for (size_t i = 0; i < mask.size(); ++i) {
    if (mask[i] == kUnknown) continue;
    if (mask[i] < 1) ctx.fail("noise_shape", cat({"noise_shape entries must be None or positive, got ", given}));
    if (i == 0 || mask[i] == 1 || in[i - 1] == kUnknown || mask[i] == in[i - 1]) continue;
    ctx.fail("noise_shape", cat({"noise_shape must have None, 1 or ", in[i - 1], " on axis ",
                                     static_cast<int64_t>(i), " to match ", shape_keras(in),
                                     ", got ", given}));
  }
}

std::string mask_step(const LayerContext& ctx) {
  return cat({"Mask: noise_shape=", shown(ctx, "noise_shape"),
              " draws one keep-or-drop choice per entry and shares it along the axes marked 1, so "
              "whole slices are dropped together."});
}

std::string scale_step(double rate, const std::string& rate_text) {
  return cat({"While training, the kept values are scaled by 1/(1 - ", rate_text, ") = ",
              decimal(1 / (1 - rate)),
              " so their expected sum stays the same; at inference nothing is dropped."});
}

// Every layer here keeps the shape: the reason is the formula, then the steps.
void keep_shape(LayerContext& ctx, const std::string& reason, const std::vector<std::string>& steps) {
  ctx.set_output(ctx.input());
  ctx.no_parameters(reason);
  for (const std::string& step : steps) ctx.explain(step);
  ctx.explain(cat({"Output: the shape stays ", shape_words(ctx.input()), "."}));
}

std::string unchanged(const LayerContext& ctx, const std::string& setting) {
  return cat({ctx.type().name, " with ", setting, " passes ", the_values(ctx.input()),
              " through unchanged: no learnable parameters"});
}

void compute_dropout(LayerContext& ctx) {
  double rate = read_rate(ctx);
  check_noise_shape(ctx);
  if (rate == 0) return keep_shape(ctx, unchanged(ctx, "rate 0"), {});
  std::vector<std::string> steps;
  if (ctx.explaining()) {
    steps.push_back(scale_step(rate, shown(ctx, "rate")));
    if (!ctx.arg("noise_shape").is_none()) steps.push_back(mask_step(ctx));
  }
  keep_shape(ctx,
             cat({"Dropout zeroes a random ", percent_text(rate), " of ", the_values(ctx.input()),
                      " while training: no learnable parameters"}),
             steps);
}

// SpatialDropout1D/2D/3D drop whole channels: neighbouring values within a channel are so
// alike that dropping them one by one barely regularizes.
void compute_spatial_dropout(LayerContext& ctx, size_t rank) {
  SpatialInput in = read_spatial_input(ctx, rank);
  double rate = read_rate(ctx);
  if (rate == 0) return keep_shape(ctx, unchanged(ctx, "rate 0"), {});
  std::string channels = in.channels == kUnknown ? "the " : "the " + num(in.channels) + " ";
  std::string what;
  if (rank == 1) {
    channels += "channels";
    what = in.spatial[0] == kUnknown ? "each across all steps" : "each across all " + num(in.spatial[0]) + " steps";
  } else {
    channels += "feature maps";
    what = cat({"each a whole ", shape_words(in.spatial), (rank == 2 ? " map" : " volume")});
  }
  std::string mask = "(batch";
  if (in.channels_first) mask += cat({", ", (in.channels == kUnknown ? std::string("channels") : num(in.channels))});
  for (size_t i = 0; i < rank; ++i) mask += ", 1";
  if (!in.channels_first) mask += cat({", ", (in.channels == kUnknown ? std::string("channels") : num(in.channels))});
  mask += ")";
  keep_shape(ctx,
             cat({ctx.type().name, " zeroes a random ", percent_text(rate), " of ", channels, ", ", what,
                      ", while training: no learnable parameters"}),
             {cat({"Mask: neighbouring values in a channel are strongly correlated, so dropping them one "
                   "by one barely regularizes; the mask has the shape ", mask,
                       ", one keep-or-drop choice per example and channel."}),
              scale_step(rate, shown(ctx, "rate"))});
}

void compute_gaussian_noise(LayerContext& ctx) {
  double stddev = ctx.number("stddev");
  if (!(stddev >= 0) || std::isinf(stddev))
    ctx.fail("stddev", cat({"stddev is a standard deviation and must be at least 0, got ", shown(ctx, "stddev")}));
  std::string given = shown(ctx, "stddev");
  if (stddev == 0) return keep_shape(ctx, unchanged(ctx, cat({"stddev ", given})), {});
  std::vector<std::string> steps = {
      "The noise has mean 0 and is drawn anew for each batch while training; at inference "
      "GaussianNoise passes everything through."};
  if (stddev > 1) steps.push_back(cat({"Keras 3 accepts only stddev from 0 to 1; tf.keras 2 allows ", given, "."}));
  keep_shape(ctx,
             cat({"GaussianNoise adds random noise with stddev ", given, " to ",
                      each_value(ctx.input()), " while training: no learnable parameters"}),
             steps);
}

void compute_gaussian_dropout(LayerContext& ctx) {
  double rate = read_rate(ctx);
  std::string given = shown(ctx, "rate");
  if (rate == 0) return keep_shape(ctx, unchanged(ctx, "rate 0"), {});
  keep_shape(ctx,
             cat({"GaussianDropout multiplies ", each_value(ctx.input()),
                      " by random noise around 1 with stddev sqrt(", given, "/(1 - ", given,
                      ")) = ", decimal(std::sqrt(rate / (1 - rate))),
                      " while training: no learnable parameters"}),
             {"Unlike Dropout it never zeroes a value outright; at inference it passes everything "
              "through."});
}

void compute_alpha_dropout(LayerContext& ctx) {
  double rate = read_rate(ctx);
  check_noise_shape(ctx);
  if (rate == 0) return keep_shape(ctx, unchanged(ctx, "rate 0"), {});
  std::vector<std::string> steps = {
      "Dropped values become SELU's negative saturation value instead of 0, which keeps "
      "self-normalizing (selu) networks normalized; at inference nothing is dropped."};
  if (!ctx.arg("noise_shape").is_none()) steps.push_back(mask_step(ctx));
  keep_shape(ctx,
             cat({"AlphaDropout drops a random ", percent_text(rate), " of ", the_values(ctx.input()),
                      " while training and rescales the rest so their mean and variance stay the "
                      "same: no learnable parameters"}),
             steps);
}

// A penalty weight; None means 0, as in Keras' L1L2.
double penalty(const LayerContext& ctx, std::string_view name) {
  if (ctx.arg(name).is_none()) return 0;
  double weight = ctx.number(name);
  if (!(weight >= 0) || std::isinf(weight))
    ctx.fail(name, cat({std::string(name), " is a penalty weight and must be at least 0, got ", shown(ctx, name)}));
  return weight;
}

void compute_activity_regularization(LayerContext& ctx) {
  double l1 = penalty(ctx, "l1");
  double l2 = penalty(ctx, "l2");
  std::string terms;
  if (l1 > 0) terms = cat({shown(ctx, "l1"), "*sum(|x|)"});
  if (l2 > 0) terms += cat({(terms.empty() ? "" : " + "), shown(ctx, "l2"), "*sum(x\xC2\xB2)"});
  if (terms.empty())
    return keep_shape(ctx, unchanged(ctx, cat({"l1=", shown(ctx, "l1"), " and l2=", shown(ctx, "l2")})), {});
  keep_shape(ctx,
             cat({"ActivityRegularization passes ", the_values(ctx.input()),
                      " through and adds ", terms, " to the loss: no learnable parameters"}),
             {"The penalty pushes the activations toward small values while training; it is a "
              "term in the loss, not a weight."});
}

void compute_spatial_dropout1d(LayerContext& ctx) { compute_spatial_dropout(ctx, 1); }
void compute_spatial_dropout2d(LayerContext& ctx) { compute_spatial_dropout(ctx, 2); }
void compute_spatial_dropout3d(LayerContext& ctx) { compute_spatial_dropout(ctx, 3); }

constexpr ArgRow kRate = required(arg_float("rate", nullptr));
constexpr ArgRow kNoiseShape = counted(arg_shape("noise_shape"), false);
constexpr ArgRow kSeed = arg_any("seed");
constexpr ArgRow kDataFormat = arg_choice("data_format", "channels_last|channels_first", "'channels_last'", false);

constexpr ArgRow kDropoutArgs[] = {kRate, kNoiseShape, kSeed};
constexpr ArgRow kSpatialDropout1DArgs[] = {kRate, kSeed};
constexpr ArgRow kSpatialDropoutArgs[] = {kRate, kDataFormat, kSeed};
constexpr ArgRow kGaussianNoiseArgs[] = {required(arg_float("stddev", nullptr)), kSeed};
constexpr ArgRow kRateAndSeed[] = {kRate, kSeed};
constexpr ArgRow kActivityRegularizationArgs[] = {arg_float("l1", "0.0"), arg_float("l2", "0.0")};

constexpr TypeRow kRegularizationTypes[] = {
    {"Dropout", "zeroes a random fraction of the values while training", compute_dropout, args(kDropoutArgs),
     "Dropout(0.5)", "(32, 32, 64)", kAllPositional},
    {"SpatialDropout1D", "drops whole channels of a sequence while training", lazy_rule(compute_spatial_dropout1d),
     args(kSpatialDropout1DArgs), "SpatialDropout1D(0.2)", "(100, 16)", kAllPositional},
    {"SpatialDropout2D", "drops whole feature maps while training", lazy_rule(compute_spatial_dropout2d),
     args(kSpatialDropoutArgs), "SpatialDropout2D(0.2)", "(32, 32, 64)", kAllPositional},
    {"SpatialDropout3D", "drops whole feature volumes while training", lazy_rule(compute_spatial_dropout3d),
     args(kSpatialDropoutArgs), "SpatialDropout3D(0.2)", "(8, 8, 8, 16)", kAllPositional},
    {"GaussianNoise", "adds zero-mean Gaussian noise while training", lazy_rule(compute_gaussian_noise),
     args(kGaussianNoiseArgs), "GaussianNoise(0.1)", "(64,)", kAllPositional},
    {"GaussianDropout", "multiplies by Gaussian noise around 1 while training", lazy_rule(compute_gaussian_dropout),
     args(kRateAndSeed), "GaussianDropout(0.1)", "(64,)", kAllPositional},
    {"AlphaDropout", "dropout that keeps the mean and variance (for selu)", lazy_rule(compute_alpha_dropout),
     args(kDropoutArgs), "AlphaDropout(0.1)", "(64,)", kAllPositional},
    {"ActivityRegularization", "adds an L1/L2 penalty on its input to the loss", lazy_rule(compute_activity_regularization),
     args(kActivityRegularizationArgs), "ActivityRegularization(l1=0.01)", "(64,)", kAllPositional},
};

}  // namespace

void register_regularization_layers(std::vector<LayerType>& out) {
  add_layer_types(out, "Regularization", kRegularizationTypes);
}

}  // namespace learnable
