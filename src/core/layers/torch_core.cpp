// PyTorch's basic modules: Linear, Identity, Flatten, Unflatten and the Dropout family, with
// PyTorch's argument names and order and its channels-first shapes (the batch left out, as
// everywhere in Learnable: Flatten's start_dim=1 is the first dimension after the batch).
#include <cstdint>

#include "core/layer_context.h"

namespace learnable {

namespace {

// PyTorch numbers dimensions with the batch as 0 and lets negative ones count from the end.
// Returns the index into the batch-less shape, failing on 0 (the batch) or out of range.
size_t torch_dim(const LayerContext& ctx, const char* argument, int64_t dim) {
  int64_t rank = static_cast<int64_t>(ctx.rank()) + 1;  // with the batch
  int64_t resolved = dim < 0 ? dim + rank : dim;
  if (resolved < 0 || resolved >= rank)
    ctx.fail(argument, cat({argument, "=", dim, " is out of range for an input of ", rank,
                            " dimensions (batch included), ", shape_torch(ctx.input())}));
  if (resolved == 0)
    ctx.fail(argument, cat({argument, "=", dim, " is the batch dimension; Learnable keeps the batch apart"}));
  return static_cast<size_t>(resolved - 1);
}

void compute_linear(LayerContext& ctx) {
  int64_t in_features = ctx.positive("in_features");
  int64_t out_features = ctx.positive("out_features");
  bool bias = ctx.flag("bias");
  ctx.require_min_rank(1, "(N, *, in_features)");
  int64_t given = ctx.input().back();
  if (given != kUnknown && given != in_features)
    ctx.fail("in_features", cat({"Linear expects in_features=", in_features, " but the input ",
                                 shape_torch(ctx.input()), " has ", given, " features in its last dimension"}));
  Shape out = ctx.input();
  out.back() = out_features;
  ctx.set_output(out);
  ctx.add_weight("weight", {out_features, in_features});
  if (bias) ctx.add_weight("bias", {out_features});

  int64_t weights = ctx.mul(in_features, out_features);
  std::string formula = cat({in_features, "*", out_features});
  if (bias) formula += cat({" + ", out_features});
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: in_features=", in_features, " values in the last dimension",
                   ctx.rank() > 1 ? cat({" of ", shape_words(ctx.input()), "; the same weights serve every position"}) : "",
                   "."}));
  ctx.explain(cat({"Outputs: out_features=", out_features, ", each connected to every input."}));
  ctx.explain(cat({"Weights: weight is out_features × in_features = ", out_features, " × ", in_features, " = ",
                   weights, " (PyTorch stores it transposed from Keras' kernel; the count is the same)."}));
  if (bias) {
    ctx.explain(cat({"Biases: one per output, ", out_features, "."}));
    ctx.explain(cat({"Total: ", weights, " + ", out_features, " = ", ctx.result().params, "."}));
  } else {
    ctx.explain("Biases: none, since bias=False.");
    ctx.explain(cat({"Total: ", weights, "."}));
  }
}

void compute_identity(LayerContext& ctx) {
  ctx.set_output(ctx.input());
  ctx.no_parameters("Identity passes its input on unchanged: no learnable parameters");
}

void compute_flatten(LayerContext& ctx) {
  const Shape& in = ctx.input();
  if (in.empty()) ctx.fail("start_dim", "Flatten needs an input with at least one dimension after the batch");
  size_t start = torch_dim(ctx, "start_dim", ctx.integer("start_dim", INT64_MIN));
  size_t end = torch_dim(ctx, "end_dim", ctx.integer("end_dim", INT64_MIN));
  if (end < start)
    ctx.fail("end_dim", cat({"end_dim comes before start_dim in ", shape_torch(in)}));
  Shape out(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(start));
  Shape merged(in.begin() + static_cast<std::ptrdiff_t>(start), in.begin() + static_cast<std::ptrdiff_t>(end) + 1);
  int64_t flat = fully_known(merged) ? ctx.product(merged) : kUnknown;
  out.push_back(flat);
  out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(end) + 1, in.end());
  ctx.set_output(out);
  if (ctx.explaining()) {
    ctx.explain(cat({"Inputs: the previous module gives ", shape_torch(in), "."}));
    std::string product;
    for (size_t i = 0; i < merged.size(); ++i) product += cat({(i ? " × " : ""), merged[i] == kUnknown ? std::string("None") : std::to_string(merged[i])});
    ctx.explain(cat({"Output: dimensions ", start + 1, " to ", end + 1, " become one: ", product, " = ",
                     flat == kUnknown ? std::string("unknown") : std::to_string(flat), ", giving ", shape_torch(out), "."}));
  }
  ctx.no_parameters(cat({"Flatten only reshapes ", shape_words(in), " into ", shape_words(out), ": no learnable parameters"}));
}

void compute_unflatten(LayerContext& ctx) {
  const Shape& in = ctx.input();
  if (in.empty()) ctx.fail("dim", "Unflatten needs an input with at least one dimension after the batch");
  size_t dim = torch_dim(ctx, "dim", ctx.integer("dim", INT64_MIN));
  std::vector<int64_t> sizes = ctx.int_list("unflattened_size");
  if (sizes.empty()) ctx.fail("unflattened_size", "unflattened_size must list at least one size");
  int64_t inferred = -1;
  int64_t known = 1;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1) {
      if (inferred >= 0) ctx.fail("unflattened_size", "only one size in unflattened_size may be -1");
      inferred = static_cast<int64_t>(i);
    } else if (sizes[i] <= 0) {
      ctx.fail("unflattened_size", cat({"sizes in unflattened_size must be positive (or one -1), got ", sizes[i]}));
    } else {
      known = ctx.mul(known, sizes[i]);
    }
  }
  int64_t length = in[dim];
  if (length != kUnknown) {
    if (inferred >= 0) {
      if (length % known != 0)
        ctx.fail("unflattened_size", cat({"dimension ", dim + 1, " has ", length, " values, which ", known,
                                          " does not divide"}));
      sizes[static_cast<size_t>(inferred)] = length / known;
    } else if (known != length) {
      ctx.fail("unflattened_size", cat({"unflattened_size multiplies to ", known, " but dimension ", dim + 1,
                                        " of ", shape_torch(in), " has ", length}));
    }
  } else if (inferred >= 0) {
    sizes[static_cast<size_t>(inferred)] = kUnknown;
  }
  Shape out(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(dim));
  out.insert(out.end(), sizes.begin(), sizes.end());
  out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(dim) + 1, in.end());
  ctx.set_output(out);
  ctx.explain(cat({"Output: dimension ", dim + 1, " of ", shape_torch(in), " is split into ", shape_words(sizes),
                   ", giving ", shape_torch(out), "."}));
  ctx.no_parameters(cat({"Unflatten only reshapes ", shape_words(in), " into ", shape_words(out), ": no learnable parameters"}));
}

// Dropout, Dropout1d/2d/3d and AlphaDropout: p in [0, 1]; the 1d/2d/3d ones zero whole channels
// and want (N, C, L) / (N, C, H, W) / (N, C, D, H, W) (or the same without the batch).
void compute_dropout(LayerContext& ctx) {
  double p = ctx.number("p");
  if (!(p >= 0.0 && p <= 1.0)) ctx.fail("p", cat({"p is the probability of zeroing a value and must be between 0 and 1, got ", ctx.arg("p").to_python()}));
  const std::string& type = ctx.type().name;
  size_t spatial = type == "Dropout1d" ? 1 : type == "Dropout2d" ? 2 : type == "Dropout3d" ? 3 : 0;
  if (spatial) {
    const char* layouts[] = {"", "(N, C, L)", "(N, C, H, W)", "(N, C, D, H, W)"};
    ctx.require_rank(spatial + 1, layouts[spatial]);
  }
  ctx.set_output(ctx.input());
  const Shape& in = ctx.input();
  std::string what = spatial ? cat({"whole channels (", percent_text(p), " of the ", in.front(), ")"})
                             : cat({percent_text(p), " of the ", in.empty() ? std::string("value") : shape_words(in) + " values"});
  ctx.no_parameters(cat({type, " zeroes ", what, " at random while training: no learnable parameters"}));
  if (spatial)
    ctx.explain("Neighbouring values in a channel are strongly correlated, so zeroing single values would barely "
                "regularize; zeroing whole channels does.");
  if (type == "AlphaDropout")
    ctx.explain("Dropped values become SELU's negative saturation value, and an affine correction keeps the mean "
                "and variance, so self-normalizing networks stay normalized.");
  else
    ctx.explain(cat({"While training, the kept values are scaled by 1/(1 - p) so their expected sum stays the same; "
                     "at inference nothing is dropped."}));
  ctx.explain(cat({"Output: the shape stays ", shape_torch(in), "."}));
}

constexpr ArgRow kLinearArgs[] = {
    arg_required_int("in_features"), arg_required_int("out_features"), arg_bool("bias", true)};
constexpr ArgRow kFlattenArgs[] = {arg_int("start_dim", "1"), arg_int("end_dim", "-1")};
constexpr ArgRow kUnflattenArgs[] = {arg_required_int("dim"), arg_shape("unflattened_size", nullptr, true)};
constexpr ArgRow kDropoutArgs[] = {arg_float("p", "0.5"), arg_bool("inplace", false, false)};

constexpr TypeRow kTorchCoreTypes[] = {
    {"Linear", "fully connected layer on the last dimension", lazy_rule(compute_linear), args(kLinearArgs),
     "nn.Linear(784, 10)", "(784,)", kAllPositional},
    {"Identity", "passes its input on unchanged", lazy_rule(compute_identity), {}, "nn.Identity()", "(64,)", kAllPositional},
    {"Flatten", "merges dimensions start_dim..end_dim into one", lazy_rule(compute_flatten), args(kFlattenArgs),
     "nn.Flatten()", "(64, 7, 7)", kAllPositional},
    {"Unflatten", "splits one dimension into several", lazy_rule(compute_unflatten), args(kUnflattenArgs),
     "nn.Unflatten(1, (16, 7, 7))", "(784,)", kAllPositional},
};

constexpr TypeRow kTorchDropoutTypes[] = {
    {"Dropout", "zeroes values at random while training", lazy_rule(compute_dropout), args(kDropoutArgs),
     "nn.Dropout(0.5)", "(128,)", kAllPositional},
    {"Dropout1d", "zeroes whole channels of (C, L) inputs while training", lazy_rule(compute_dropout), args(kDropoutArgs),
     "nn.Dropout1d(0.2)", "(16, 100)", kAllPositional},
    {"Dropout2d", "zeroes whole channels of (C, H, W) inputs while training", lazy_rule(compute_dropout), args(kDropoutArgs),
     "nn.Dropout2d(0.2)", "(32, 28, 28)", kAllPositional},
    {"Dropout3d", "zeroes whole channels of (C, D, H, W) inputs while training", lazy_rule(compute_dropout), args(kDropoutArgs),
     "nn.Dropout3d(0.2)", "(8, 16, 16, 16)", kAllPositional},
    {"AlphaDropout", "dropout that keeps SELU's mean and variance", lazy_rule(compute_dropout), args(kDropoutArgs),
     "nn.AlphaDropout(0.1)", "(128,)", kAllPositional},
};

}  // namespace

void register_torch_core_modules(std::vector<LayerType>& out) {
  add_layer_types(out, "Core", kTorchCoreTypes, Framework::PyTorch);
  add_layer_types(out, "Dropout", kTorchDropoutTypes, Framework::PyTorch);
}

}  // namespace learnable
