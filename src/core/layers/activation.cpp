// Activation layers: Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax and ThresholdedReLU. All
// keep the shape and only PReLU learns anything: the slope of the negative part, one alpha per
// position that shared_axes does not share, so PReLU(shared_axes=[1, 2]) on 32×32×64 is 1*1*64 = 64.
#include <algorithm>
#include <cstdint>

#include "core/layer_context.h"

namespace learnable {

namespace {

// The argument as the user wrote it (or its default), for formulas: 0.3, 6, [1, 2].
std::string shown(const LayerContext& ctx, std::string_view name) { return ctx.arg(name).to_python(); }

// "the 32×32×64 values", or "the single value" when each example is a scalar.
std::string the_values(const Shape& shape) {
  return shape.empty() ? "the single value" : "the " + shape_words(shape) + " values";
}

// "each of the 32×32×64 values", or "the single value".
std::string each_value(const Shape& shape) {
  return shape.empty() ? "the single value" : "each of " + the_values(shape);
}

// Keras' check for slopes, caps and thresholds: "cannot be None or a negative value".
double non_negative(const LayerContext& ctx, std::string_view name) {
  double value = ctx.number(name);
  if (!(value >= 0))
    ctx.fail(name, cat({std::string(name), " must be at least 0, got ", shown(ctx, name)}));
  return value;
}

// "axis 1", "axes 1 and 2", "axes 1, 2 and 3".
std::string axes_words(const std::vector<int64_t>& axes) {
  std::string out = axes.size() == 1 ? "axis " : "axes ";
  for (size_t i = 0; i < axes.size(); ++i) {
    if (i) out += i + 1 == axes.size() ? " and " : ", ";
    out += num(axes[i]);
  }
  return out;
}

// Every activation keeps the shape: the reason is the formula, then the steps.
void keep_shape(LayerContext& ctx, const std::string& reason, const std::string& settings) {
  ctx.set_output(ctx.input());
  ctx.no_parameters(reason);
  if (!settings.empty()) ctx.explain(settings);
  ctx.explain(cat({"Output: the shape stays ", shape_words(ctx.input()), "."}));
}

// For functions applied to each value on its own; `function` ends with a comma when it reads
// as a clause ("x for x >= 0, else 0.3*x,").
void elementwise(LayerContext& ctx, const std::string& function, const std::string& settings) {
  keep_shape(ctx,
             cat({ctx.type().name, " applies ", function, " to ", each_value(ctx.input()),
                      ": no learnable parameters"}),
             settings);
}

void compute_activation(LayerContext& ctx) {
  const Value& v = ctx.arg("activation");
  std::string function;
  if (v.is_none())
    function = "linear";
  else if (v.kind == Value::Kind::String || v.kind == Value::Kind::Expr)
    function = v.text;
  else
    ctx.fail("activation", cat({"activation must be the name of an activation such as 'relu', or a "
                                "function, got ", v.to_python()}));
  const Shape& in = ctx.input();
  std::string reason;
  if (function == "linear")
    reason = cat({"Activation(", v.to_python(), ") passes ", the_values(in),
                  " through unchanged: no learnable parameters"});
  else if (function == "softmax" || function == "log_softmax" || function == "sparsemax")
    reason = cat({"Activation applies ", function, " along the last axis of ", the_values(in),
                  ": no learnable parameters"});
  else
    reason = cat({"Activation applies ", function, " to ", each_value(in),
                  ": no learnable parameters"});
  keep_shape(ctx, reason, "Weights: none; an activation function only transforms values.");
}

void compute_relu(LayerContext& ctx) {
  bool capped = !ctx.arg("max_value").is_none();
  if (capped) non_negative(ctx, "max_value");
  double slope = non_negative(ctx, "negative_slope");
  double threshold = non_negative(ctx, "threshold");
  std::string cap = shown(ctx, "max_value");
  std::string function;
  if (slope == 0 && threshold == 0) {
    function = capped ? "min(max(x, 0), " + cap + ")" : "max(x, 0)";
  } else {
    std::string t = threshold == 0 ? "0" : shown(ctx, "threshold");
    std::string s = shown(ctx, "negative_slope");
    std::string below = slope == 0 ? "0" : threshold == 0 ? s + "*x" : s + "*(x - " + t + ")";
    function = cat({(capped ? "min(x, " + cap + ")" : "x"), " for x >= ", t, ", else ", below, ","});
  }
  std::vector<std::string> settings;
  for (const char* name : {"max_value", "negative_slope", "threshold"})
    if (ctx.has_arg(name)) settings.push_back(cat({std::string(name), "=", shown(ctx, name)}));
  std::string step = "Weights: none; negative values become 0 and the rest pass through.";
  if (!settings.empty()) {
    step = "Weights: none; ";
    for (size_t i = 0; i < settings.size(); ++i) {
      if (i) step += i + 1 == settings.size() ? " and " : ", ";
      step += settings[i];
    }
    step += settings.size() == 1 ? " is a fixed setting, not learned." : " are fixed settings, not learned.";
  }
  elementwise(ctx, function, step);
}

// tf.keras 2 calls the slope alpha, Keras 3 negative_slope; both are accepted, once.
void compute_leaky_relu(LayerContext& ctx) {
  std::string name = "alpha";
  if (ctx.has_arg("negative_slope")) {
    if (ctx.has_arg("alpha"))
      ctx.fail("negative_slope", "give the slope once: alpha (tf.keras 2) and negative_slope "
                                 "(Keras 3) name the same setting");
    name = "negative_slope";
  }
  non_negative(ctx, name);
  std::string slope = shown(ctx, name);
  elementwise(ctx, cat({"x for x >= 0, else ", slope, "*x,"}),
              cat({"Weights: none; ", name, "=", slope,
                       " is a fixed slope, not learned (PReLU is the variant that learns it)."}));
}

void compute_prelu(LayerContext& ctx) {
  const Shape& in = ctx.input();
  int64_t rank = static_cast<int64_t>(in.size());
  std::vector<int64_t> axes;
  if (!ctx.arg("shared_axes").is_none()) axes = ctx.int_list("shared_axes");
  for (int64_t a : axes)
    if (a < 1 || a > rank)
      ctx.fail("shared_axes", cat({"shared_axes counts the batch as axis 0, so on ", shape_keras(in),
                                       " it takes axes from 1 to ", rank, ", got ",
                                       shown(ctx, "shared_axes")}));
  std::sort(axes.begin(), axes.end());
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  auto is_shared = [&](int64_t axis) { return std::binary_search(axes.begin(), axes.end(), axis); };

  // One alpha per position: every axis left unshared must have a known size.
  std::vector<int64_t> missing;
  for (int64_t a = 1; a <= rank; ++a)
    if (!is_shared(a) && in[a - 1] == kUnknown) missing.push_back(a);
  if (!missing.empty()) {
    std::vector<Value> fix;
    for (int64_t a = 1; a <= rank; ++a)
      if (is_shared(a) || in[a - 1] == kUnknown) fix.push_back(Value::of_int(a));
    bool one = missing.size() == 1;
    ctx.fail("shared_axes", cat({"PReLU learns one alpha per position, but ", axes_words(missing),
                                     (one ? " is" : " are"), " None in ", shape_keras(in), "; share ",
                                     (one ? "it" : "them"), " with shared_axes=",
                                     Value::list(fix).to_python()}));
  }

  Shape alpha;
  for (int64_t a = 1; a <= rank; ++a) alpha.push_back(is_shared(a) ? 1 : in[a - 1]);
  ctx.set_output(in);
  ctx.add_weight("alpha", alpha);
  int64_t total = ctx.result().params;

  std::string formula, product;
  for (size_t i = 0; i < alpha.size(); ++i) {
    formula += cat({(i ? "*" : ""), alpha[i]});
    product += cat({(i ? " × " : ""), alpha[i]});
  }
  if (alpha.empty()) formula = product = "1";
  ctx.set_formula(cat({formula, " = ", total}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: the previous layer gives ",
                   (in.empty() ? std::string("one value") : shape_words(in) + " values"), "."}));
  if (in.empty())
    ctx.explain("Shared axes: none; the single value gets one alpha.");
  else if (axes.empty())
    ctx.explain(cat({"Shared axes: none, so each of the ", shape_words(in),
                     " positions gets its own alpha."}));
  else
    ctx.explain(cat({"Shared axes: shared_axes=", shown(ctx, "shared_axes"), " uses one alpha along ",
                     axes_words(axes), " (counting the batch as axis 0), so alpha has the shape ",
                     shape_words(alpha), "."}));
  ctx.explain(cat({"Weights: PReLU learns the slope of the negative part, one alpha per unshared "
                   "position: ", product, (alpha.size() > 1 ? " = " + num(total) : ""), "."}));
  ctx.explain("Biases: none.");
  ctx.explain(cat({"Total: ", total, "."}));
}

void compute_elu(LayerContext& ctx) {
  ctx.number("alpha");
  std::string alpha = shown(ctx, "alpha");
  elementwise(ctx, cat({"x for x > 0, else ", alpha, "*(exp(x) - 1),"}),
              cat({"Weights: none; alpha=", alpha, " is a fixed setting, not learned."}));
}

void compute_thresholded_relu(LayerContext& ctx) {
  non_negative(ctx, "theta");
  std::string theta = shown(ctx, "theta");
  elementwise(ctx, cat({"x for x > ", theta, ", else 0,"}),
              cat({"Weights: none; theta=", theta, " is a fixed setting, not learned."}));
}

void compute_softmax(LayerContext& ctx) {
  const Value& v = ctx.arg("axis");
  std::vector<int64_t> axes =
      v.is_sequence() ? ctx.int_list("axis") : std::vector<int64_t>{ctx.integer("axis", INT64_MIN)};
  if (axes.empty()) ctx.fail("axis", cat({"axis needs at least one axis, got ", v.to_python()}));
  const Shape& in = ctx.input();
  int64_t rank = static_cast<int64_t>(in.size());
  for (int64_t a : axes)
    if (a < -(rank + 1) || a > rank)
      ctx.fail("axis", cat({"axis ", a, " is out of range for ", shape_keras(in),
                                ": Softmax takes axes from ", -(rank + 1), " to ", rank,
                                ", counting the batch as axis 0"}));
  std::string where = (axes.size() == 1 ? "axis " : "axes ") + v.to_python();
  std::string step = cat({"Weights: none; ", where, " count the batch as axis 0."});
  if (axes.size() == 1) {
    int64_t axis = axes[0] < 0 ? axes[0] + rank + 1 : axes[0];
    if (axis == 0)
      step = "Weights: none; axis 0 is the batch axis, so each value is normalized across the "
             "examples of the batch.";
    else
      step = cat({"Weights: none; ", where, " is the axis of size ", shape_words({in[axis - 1]}),
                  ", counting the batch as axis 0."});
  }
  keep_shape(ctx,
             cat({"Softmax rescales ", the_values(in), " so those along ", where,
                      " sum to 1: no learnable parameters"}),
             step);
}

constexpr ArgRow kActivationArgs[] = {required(arg_activation())};
constexpr ArgRow kReluArgs[] = {arg_float("max_value", nullptr), arg_float("negative_slope", "0.0"),
                                arg_float("threshold", "0.0")};
constexpr ArgRow kLeakyReluArgs[] = {arg_float("alpha", "0.3"), arg_float("negative_slope", "0.3")};
constexpr ArgRow kPreluArgs[] = {arg_any("alpha_initializer", "'zeros'"), arg_any("alpha_regularizer"),
                                 arg_any("alpha_constraint"), arg_shape("shared_axes")};
constexpr ArgRow kEluArgs[] = {arg_float("alpha", "1.0")};
constexpr ArgRow kSoftmaxArgs[] = {arg_int("axis", "-1", false)};
constexpr ArgRow kThresholdedReluArgs[] = {arg_float("theta", "1.0")};

constexpr TypeRow kActivationTypes[] = {
    {"Activation", "applies an activation function", compute_activation, args(kActivationArgs),
     R"(Activation("relu"))", "(32, 32, 64)", kAllPositional},
    {"ReLU", "max(x, 0), optionally capped, leaky or thresholded", compute_relu, args(kReluArgs), "ReLU()",
     "(32, 32, 64)", kAllPositional},
    {"LeakyReLU", "ReLU with a fixed slope for negative values", lazy_rule(compute_leaky_relu), args(kLeakyReluArgs),
     "LeakyReLU(0.2)", "(32, 32, 64)", 1},
    {"PReLU", "ReLU that learns the slope of its negative part", lazy_rule(compute_prelu), args(kPreluArgs),
     "PReLU(shared_axes=[1, 2])", "(32, 32, 64)", kAllPositional},
    {"ELU", "exponential linear unit", lazy_rule(compute_elu), args(kEluArgs), "ELU()", "(64,)", kAllPositional},
    {"Softmax", "turns values into probabilities along an axis", compute_softmax, args(kSoftmaxArgs), "Softmax()",
     "(10,)", kAllPositional},
    {"ThresholdedReLU", "keeps values above theta and zeroes the rest", lazy_rule(compute_thresholded_relu),
     args(kThresholdedReluArgs), "ThresholdedReLU(theta=1.0)", "(64,)", kAllPositional},
};

}  // namespace

void register_activation_layers(std::vector<LayerType>& out) { add_layer_types(out, "Activation", kActivationTypes); }

}  // namespace learnable
