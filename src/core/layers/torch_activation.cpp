// PyTorch's activation modules: the element-wise ones (ReLU, GELU, Hardtanh, ...), the ones along
// a dimension (Softmax, LogSoftmax, Softmin, Softmax2d, GLU) and PReLU, the only one that learns:
// 1 or num_channels slopes, where Keras' PReLU learns one per input value unless told to share.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/layer_context.h"

namespace learnable {

namespace {

// The argument as the user wrote it (or its default): 0.01, 'tanh', None.
std::string shown(const LayerContext& ctx, std::string_view name) { return ctx.arg(name).to_python(); }

// "each of the 64×7×7 values", or "the single value" when each example is a scalar.
std::string each_value(const Shape& shape) {
  return shape.empty() ? "the single value" : cat({"each of the ", shape_words(shape), " values"});
}

void keep_shape(LayerContext& ctx, const std::string& reason, const std::string& settings) {
  ctx.set_output(ctx.input());
  ctx.no_parameters(reason);
  if (!settings.empty()) ctx.explain(settings);
  ctx.explain(cat({"Output: the shape stays ", shape_torch(ctx.input()), "."}));
}

// A function applied to each value on its own; `function` ends with a comma when it reads as a
// clause ("x for x >= 0, else 0.01*x,").
void elementwise(LayerContext& ctx, const std::string& function, const std::string& settings) {
  keep_shape(ctx, cat({ctx.type().name, " applies ", function, " to ", each_value(ctx.input()), ": no learnable parameters"}),
             settings);
}

// "Weights: none; alpha=1.0 is a fixed setting, not learned." for the named arguments.
std::string fixed_settings(const LayerContext& ctx, std::initializer_list<const char*> names, const char* extra = "") {
  std::string out = "Weights: none; ";
  size_t i = 0;
  for (const char* name : names) {
    if (i) out += i + 1 == names.size() ? " and " : ", ";
    out += cat({name, "=", shown(ctx, name)});
    ++i;
  }
  return cat({out, (names.size() == 1 ? " is a fixed setting" : " are fixed settings"), ", not learned", extra, "."});
}

struct Plain {
  const char* type;
  const char* function;
};

// The modules whose only argument, if any, is inplace (which changes nothing counted).
constexpr Plain kPlainFunctions[] = {
    {"ReLU", "max(x, 0)"},
    {"ReLU6", "min(max(x, 0), 6)"},
    {"SELU", "1.0507*x for x > 0, else 1.0507*1.6733*(exp(x) - 1) (fixed constants that keep activations normalized),"},
    {"SiLU", "x*sigmoid(x)"},
    {"Mish", "x*tanh(softplus(x))"},
    {"Sigmoid", "1/(1 + exp(-x))"},
    {"Tanh", "tanh(x)"},
    {"Softsign", "x/(1 + |x|)"},
    {"Hardswish", "x*min(max(x + 3, 0), 6)/6"},
    {"Hardsigmoid", "min(max(x/6 + 1/2, 0), 1)"},
    {"Tanhshrink", "x - tanh(x)"},
    {"LogSigmoid", "log(1/(1 + exp(-x)))"},
};

void compute_plain(LayerContext& ctx) {
  for (const Plain& p : kPlainFunctions)
    if (ctx.type().name == p.type) return elementwise(ctx, p.function, "Weights: none; the function has nothing to learn.");
}

void compute_leaky_relu(LayerContext& ctx) {
  ctx.number("negative_slope");
  elementwise(ctx, cat({"x for x >= 0, else ", shown(ctx, "negative_slope"), "*x,"}),
              fixed_settings(ctx, {"negative_slope"}, " (PReLU is the variant that learns the slope)"));
}

void compute_elu(LayerContext& ctx) {
  ctx.number("alpha");
  elementwise(ctx, cat({"x for x > 0, else ", shown(ctx, "alpha"), "*(exp(x) - 1),"}), fixed_settings(ctx, {"alpha"}));
}

void compute_celu(LayerContext& ctx) {
  if (ctx.number("alpha") == 0) ctx.fail("alpha", "alpha cannot be 0 for CELU: it divides x by alpha");
  std::string a = shown(ctx, "alpha");
  elementwise(ctx, cat({"max(0, x) + min(0, ", a, "*(exp(x/", a, ") - 1))"}), fixed_settings(ctx, {"alpha"}));
}

void compute_gelu(LayerContext& ctx) {
  const Value& v = ctx.arg("approximate");
  if (v.kind != Value::Kind::String || (v.text != "none" && v.text != "tanh"))
    ctx.fail("approximate", cat({"approximate must be 'none' or 'tanh', got ", v.to_python()}));
  std::string function = v.text == "tanh" ? "the tanh approximation of x*Φ(x) (Φ the standard normal CDF)"
                                          : "x*Φ(x) (Φ the standard normal CDF)";
  elementwise(ctx, function, fixed_settings(ctx, {"approximate"}));
}

void compute_softplus(LayerContext& ctx) {
  double beta = ctx.number("beta");
  ctx.number("threshold");
  std::string b = shown(ctx, "beta");
  std::string function = beta == 1 ? std::string("log(1 + exp(x))") : cat({"log(1 + exp(", b, "*x))/", b});
  elementwise(ctx, cat({function, ", or x itself where ", (beta == 1 ? "" : b + "*"), "x > ", shown(ctx, "threshold"), ","}),
              fixed_settings(ctx, {"beta", "threshold"}));
}

// Hardtanh(min_val, max_val); min_value/max_value are its deprecated spellings and win when given.
void compute_hardtanh(LayerContext& ctx) {
  const char* low = ctx.arg("min_value").is_none() ? "min_val" : "min_value";
  const char* high = ctx.arg("max_value").is_none() ? "max_val" : "max_value";
  double lo = ctx.number(low);
  double hi = ctx.number(high);
  if (!(hi > lo))
    ctx.fail(high, cat({high, " must be greater than ", low, ", got ", low, "=", shown(ctx, low), " and ", high, "=",
                        shown(ctx, high)}));
  elementwise(ctx, cat({"min(max(x, ", shown(ctx, low), "), ", shown(ctx, high), ")"}), fixed_settings(ctx, {low, high}));
}

void compute_softshrink(LayerContext& ctx) {
  if (!(ctx.number("lambd") >= 0)) ctx.fail("lambd", cat({"lambd must be at least 0, got ", shown(ctx, "lambd")}));
  std::string l = shown(ctx, "lambd");
  elementwise(ctx, cat({"x - ", l, " for x > ", l, ", x + ", l, " for x < -", l, ", else 0,"}), fixed_settings(ctx, {"lambd"}));
}

void compute_hardshrink(LayerContext& ctx) {
  ctx.number("lambd");
  std::string l = shown(ctx, "lambd");
  elementwise(ctx, cat({"x for |x| > ", l, ", else 0,"}), fixed_settings(ctx, {"lambd"}));
}

void compute_threshold(LayerContext& ctx) {
  ctx.number("threshold");
  ctx.number("value");
  elementwise(ctx, cat({"x for x > ", shown(ctx, "threshold"), ", else ", shown(ctx, "value"), ","}),
              fixed_settings(ctx, {"threshold", "value"}));
}

void compute_rrelu(LayerContext& ctx) {
  double lower = ctx.number("lower");
  double upper = ctx.number("upper");
  if (!(lower <= upper))
    ctx.fail("upper", cat({"upper must be at least lower, got lower=", shown(ctx, "lower"), " and upper=", shown(ctx, "upper")}));
  elementwise(ctx, cat({"x for x >= 0, else a*x, with a drawn at random between ", shown(ctx, "lower"), " and ",
                        shown(ctx, "upper"), " while training (their mean at inference),"}),
              fixed_settings(ctx, {"lower", "upper"}, "; the slope is random, not learned"));
}

// PyTorch's dim, batch included as 0, negative from the end; the index into the full shape.
int64_t full_dim(const LayerContext& ctx, const char* argument, int64_t dim) {
  int64_t rank = static_cast<int64_t>(ctx.rank()) + 1;
  int64_t resolved = dim < 0 ? dim + rank : dim;
  if (resolved < 0 || resolved >= rank)
    ctx.fail(argument, cat({argument, "=", dim, " is out of range for the input ", shape_torch(ctx.input()), " of ", rank,
                            " dimensions (batch included): use ", -rank, " to ", rank - 1}));
  return resolved;
}

// "dim=1 (size 10)", "dim=0 (the batch)".
std::string dim_words(const LayerContext& ctx, const std::string& given, int64_t dim) {
  if (dim == 0) return cat({"dim=", given, " (the batch)"});
  int64_t size = ctx.input()[static_cast<size_t>(dim - 1)];
  return cat({"dim=", given, " (size ", (size == kUnknown ? std::string("None") : num(size)), ")"});
}

// Softmax, LogSoftmax and Softmin. dim=None is PyTorch's deprecated implicit choice: dimension 0
// for 1D and 3D input (batch included), 1 otherwise.
void compute_softmax(LayerContext& ctx) {
  const Shape& in = ctx.input();
  int64_t rank = static_cast<int64_t>(in.size()) + 1;
  std::string given = shown(ctx, "dim");
  int64_t dim;
  std::string implicit;
  if (ctx.arg("dim").is_none()) {
    dim = rank == 1 || rank == 3 ? 0 : 1;
    implicit = cat({"dim=None makes PyTorch pick dim=", dim, " for a ", rank, "D input itself, with a deprecation warning",
                    (dim == 0 ? ", and that is the batch" : ""), "; pass dim explicitly."});
    given = cat({"None → ", dim});
  } else {
    dim = full_dim(ctx, "dim", ctx.integer("dim", INT64_MIN));
  }
  const std::string& type = ctx.type().name;
  std::string where = cat({"the values along ", dim_words(ctx, given, dim), " of ", shape_torch(in)});
  std::string reason;
  if (type == "LogSoftmax")
    reason = cat({"LogSoftmax takes the log of softmax over ", where, ": no learnable parameters"});
  else if (type == "Softmin")
    reason = cat({"Softmin turns ", where, " into probabilities that sum to 1, the smallest value getting the largest: "
                  "no learnable parameters"});
  else
    reason = cat({"Softmax turns ", where, " into probabilities that sum to 1: no learnable parameters"});
  ctx.set_output(in);
  ctx.no_parameters(reason);
  if (!implicit.empty()) ctx.explain(implicit);
  if (dim == 0) ctx.explain("Along the batch, each value is normalized across the examples of the batch, not within its own example.");
  ctx.explain("Weights: none; dim only says which values are normalized together.");
  ctx.explain(cat({"Output: the shape stays ", shape_torch(in), "."}));
}

void compute_softmax2d(LayerContext& ctx) {
  const Shape& in = ctx.input();
  if (in.size() != 3)
    ctx.fail("", cat({"Softmax2d expects 4D input (N, C, H, W), but got ", static_cast<int64_t>(in.size()) + 1, "D input ",
                      shape_torch(in), (in.size() == 2 ? "; PyTorch would read it as one unbatched (C, H, W) sample, "
                                                         "taking the batch for the channels" : "")}));
  ctx.set_output(in);
  ctx.no_parameters(cat({"Softmax2d turns the ", in[0], " channels at each of the ", shape_words({in[1], in[2]}),
                         " positions into probabilities that sum to 1: no learnable parameters"}));
  ctx.explain(cat({"Output: the shape stays ", shape_torch(in), "."}));
}

void compute_glu(LayerContext& ctx) {
  const Shape& in = ctx.input();
  int64_t dim = full_dim(ctx, "dim", ctx.integer("dim", INT64_MIN));
  if (dim == 0)
    ctx.fail("dim", cat({"dim=", shown(ctx, "dim"), " is the batch dimension, whose size Learnable leaves open; GLU halves "
                         "a dimension of each example, e.g. dim=-1"}));
  size_t index = static_cast<size_t>(dim - 1);
  int64_t size = in[index];
  if (size != kUnknown && size % 2 != 0)
    ctx.fail("dim", cat({"GLU halves dimension ", dim, " of ", shape_torch(in), ", which must be even, but it has ", size}));
  Shape out = in;
  if (size != kUnknown) out[index] = size / 2;
  ctx.set_output(out);
  std::string half = size == kUnknown ? std::string("half") : num(size / 2);
  ctx.no_parameters(cat({"GLU splits dimension ", dim, " of ", shape_torch(in), " into halves a and b of ", half,
                         " and gives a*sigmoid(b): no learnable parameters"}));
  ctx.explain("Weights: none; the gate is the input's own second half, not a learned projection.");
  ctx.explain(cat({"Output: dimension ", dim, " is halved, giving ", shape_torch(out), "."}));
}

// "[1, 2, 3]" for Keras' shared_axes.
std::string axes_list(int64_t first, int64_t last) {
  std::string out = "[";
  for (int64_t a = first; a <= last; ++a) out += cat({(a > first ? ", " : ""), a});
  return cat({out, "]"});
}

void compute_prelu(LayerContext& ctx) {
  int64_t parameters = ctx.positive("num_parameters");
  ctx.number("init");
  const Shape& in = ctx.input();
  int64_t channels = in.empty() ? 1 : in[0];
  if (parameters != 1 && channels != kUnknown && parameters != channels)
    ctx.fail("num_parameters", cat({"PReLU expects num_parameters=", parameters, " to be 1 or the input's channel count, "
                                    "but the input ", shape_torch(in), " has ", channels, " channels in dimension 1"}));
  ctx.set_output(in);
  ctx.add_weight("weight", {parameters});
  ctx.set_formula(cat({parameters, " = ", parameters}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: the previous module gives ", shape_torch(in),
                   (in.empty() ? std::string("") : cat({"; dimension 1 (", in[0], ") holds the channels"})), "."}));
  if (parameters == 1)
    ctx.explain("Weights: PReLU learns the slope of the negative part; num_parameters=1 shares one slope among all "
                "values and channels: 1.");
  else
    ctx.explain(cat({"Weights: PReLU learns the slope of the negative part, one per channel (num_parameters=", parameters,
                     "): weight has the shape (", parameters, ",)."}));
  // Keras' PReLU learns one alpha per value unless shared_axes shares some; its layout is channels-last.
  int64_t rank = static_cast<int64_t>(in.size());
  std::string per_value = fully_known(in) ? num(ctx.product(in)) : std::string("one per value");
  Shape keras = in;
  if (!keras.empty()) std::rotate(keras.begin(), keras.begin() + 1, keras.end());
  if (parameters == 1 && rank == 0)
    ctx.explain("Keras' PReLU counts the same 1 here: each example is a single value.");
  else if (parameters == 1)
    ctx.explain(cat({"Keras' PReLU learns one alpha per input value by default (shared_axes=None), ", per_value,
                     " here; it needs shared_axes=", axes_list(1, rank), ", every axis, to learn a single one like this."}));
  else if (rank == 1)
    ctx.explain(cat({"Keras' PReLU learns one alpha per input value by default (shared_axes=None), which for ",
                     shape_torch(in), " is one per feature: the same ", parameters, "."}));
  else
    ctx.explain(cat({"Keras' PReLU learns one alpha per input value by default (shared_axes=None), ", per_value,
                     " here; PReLU(shared_axes=", axes_list(1, rank - 1), ") on the channels-last ", shape_words(keras),
                     " learns one per channel like this, ", parameters, "."}));
  ctx.explain(cat({"Total: ", parameters, "."}));
}

constexpr ArgRow kInplaceArgs[] = {arg_bool("inplace", false, false)};
constexpr ArgRow kLeakyReluArgs[] = {arg_float("negative_slope", "0.01"), arg_bool("inplace", false, false)};
constexpr ArgRow kEluArgs[] = {arg_float("alpha", "1.0"), arg_bool("inplace", false, false)};
constexpr ArgRow kGeluArgs[] = {arg_choice("approximate", "none|tanh", "'none'", false)};
constexpr ArgRow kSoftplusArgs[] = {arg_float("beta", "1.0"), arg_float("threshold", "20.0")};
constexpr ArgRow kHardtanhArgs[] = {arg_float("min_val", "-1.0"), arg_float("max_val", "1.0"), arg_bool("inplace", false, false),
                                    arg_float("min_value", nullptr), arg_float("max_value", nullptr)};
constexpr ArgRow kShrinkArgs[] = {arg_float("lambd", "0.5")};
constexpr ArgRow kThresholdArgs[] = {required(arg_float("threshold", nullptr)), required(arg_float("value", nullptr)),
                                     arg_bool("inplace", false, false)};
constexpr ArgRow kRreluArgs[] = {arg_float("lower", "0.125"), arg_float("upper", "0.3333333333333333"),
                                 arg_bool("inplace", false, false)};
constexpr ArgRow kSoftmaxArgs[] = {arg_int("dim", nullptr, false)};
constexpr ArgRow kGluArgs[] = {arg_int("dim", "-1")};
constexpr ArgRow kPreluArgs[] = {arg_int("num_parameters", "1"), arg_float("init", "0.25")};

constexpr TypeRow kTorchActivationTypes[] = {
    {"ReLU", "max(x, 0)", lazy_rule(compute_plain), args(kInplaceArgs), "nn.ReLU()", "(64, 16, 16)", kAllPositional},
    {"ReLU6", "ReLU capped at 6", lazy_rule(compute_plain), args(kInplaceArgs), "nn.ReLU6()", "(64, 16, 16)", kAllPositional},
    {"LeakyReLU", "ReLU with a fixed slope for negative values", lazy_rule(compute_leaky_relu), args(kLeakyReluArgs),
     "nn.LeakyReLU(0.2)", "(64, 16, 16)", kAllPositional},
    {"PReLU", "ReLU that learns the slope of its negative part (1 or one per channel)", lazy_rule(compute_prelu), args(kPreluArgs),
     "nn.PReLU(64)", "(64, 16, 16)", kAllPositional},
    {"RReLU", "ReLU with a random slope for negative values while training", lazy_rule(compute_rrelu), args(kRreluArgs),
     "nn.RReLU()", "(64, 16, 16)", kAllPositional},
    {"ELU", "exponential linear unit", lazy_rule(compute_elu), args(kEluArgs), "nn.ELU()", "(128,)", kAllPositional},
    {"CELU", "continuously differentiable ELU", lazy_rule(compute_celu), args(kEluArgs), "nn.CELU()", "(128,)", kAllPositional},
    {"SELU", "scaled ELU for self-normalizing networks", lazy_rule(compute_plain), args(kInplaceArgs), "nn.SELU()", "(128,)",
     kAllPositional},
    {"GELU", "Gaussian error linear unit", lazy_rule(compute_gelu), args(kGeluArgs), "nn.GELU()", "(10, 64)", kAllPositional},
    {"SiLU", "x*sigmoid(x), also called swish", lazy_rule(compute_plain), args(kInplaceArgs), "nn.SiLU()", "(64, 16, 16)",
     kAllPositional},
    {"Mish", "x*tanh(softplus(x))", lazy_rule(compute_plain), args(kInplaceArgs), "nn.Mish()", "(64, 16, 16)", kAllPositional},
    {"Hardswish", "piecewise-linear swish", lazy_rule(compute_plain), args(kInplaceArgs), "nn.Hardswish()", "(64, 16, 16)",
     kAllPositional},
    {"Hardsigmoid", "piecewise-linear sigmoid", lazy_rule(compute_plain), args(kInplaceArgs), "nn.Hardsigmoid()", "(64, 16, 16)",
     kAllPositional},
    {"Hardtanh", "clips values to [min_val, max_val]", lazy_rule(compute_hardtanh), args(kHardtanhArgs), "nn.Hardtanh()", "(128,)",
     kAllPositional},
    {"Sigmoid", "squashes values into (0, 1)", lazy_rule(compute_plain), {}, "nn.Sigmoid()", "(1,)", kAllPositional},
    {"Tanh", "squashes values into (-1, 1)", lazy_rule(compute_plain), {}, "nn.Tanh()", "(128,)", kAllPositional},
    {"Softsign", "x/(1 + |x|)", lazy_rule(compute_plain), {}, "nn.Softsign()", "(128,)", kAllPositional},
    {"Tanhshrink", "x - tanh(x)", lazy_rule(compute_plain), {}, "nn.Tanhshrink()", "(128,)", kAllPositional},
    {"LogSigmoid", "log(sigmoid(x))", lazy_rule(compute_plain), {}, "nn.LogSigmoid()", "(128,)", kAllPositional},
    {"Softplus", "smooth ReLU, log(1 + exp(x))", lazy_rule(compute_softplus), args(kSoftplusArgs), "nn.Softplus()", "(128,)",
     kAllPositional},
    {"Softshrink", "shrinks values towards 0 by lambd", lazy_rule(compute_softshrink), args(kShrinkArgs), "nn.Softshrink()", "(128,)",
     kAllPositional},
    {"Hardshrink", "zeroes values within lambd of 0", lazy_rule(compute_hardshrink), args(kShrinkArgs), "nn.Hardshrink()", "(128,)",
     kAllPositional},
    {"Threshold", "replaces values at or below threshold by value", lazy_rule(compute_threshold), args(kThresholdArgs),
     "nn.Threshold(0.1, 20)", "(128,)", kAllPositional},
    {"Softmax", "turns values along dim into probabilities", lazy_rule(compute_softmax), args(kSoftmaxArgs), "nn.Softmax(dim=1)",
     "(10,)", kAllPositional},
    {"LogSoftmax", "log of softmax along dim", lazy_rule(compute_softmax), args(kSoftmaxArgs), "nn.LogSoftmax(dim=1)", "(10,)",
     kAllPositional},
    {"Softmin", "softmax of -x along dim", lazy_rule(compute_softmax), args(kSoftmaxArgs), "nn.Softmin(dim=1)", "(10,)",
     kAllPositional},
    {"Softmax2d", "softmax over the channels at each position", lazy_rule(compute_softmax2d), {}, "nn.Softmax2d()", "(16, 8, 8)",
     kAllPositional},
    {"GLU", "gated linear unit: halves dim", lazy_rule(compute_glu), args(kGluArgs), "nn.GLU()", "(10, 64)", kAllPositional},
};

}  // namespace

void register_torch_activation_modules(std::vector<LayerType>& out) {
  add_layer_types(out, "Activation", kTorchActivationTypes, Framework::PyTorch);
}

}  // namespace learnable
