// PyTorch's normalization modules: BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, LayerNorm, GroupNorm
// and LocalResponseNorm. PyTorch keeps BatchNorm's running statistics as buffers (saved with the
// model, not parameters), where Keras counts them as non-trainable parameters: only the affine
// weight and bias count here, and the buffers are listed apart.
#include <cstdint>
#include <string>

#include "core/layer_context.h"

namespace learnable {

namespace {

// "(N, C, H, W)" for a module working on `spatial` dimensions after the channels.
const char* layout(size_t spatial) {
  static const char* layouts[] = {"(N, C)", "(N, C, L)", "(N, C, H, W)", "(N, C, D, H, W)"};
  return layouts[spatial];
}

std::string dims_d(size_t rank_with_batch) { return cat({static_cast<int64_t>(rank_with_batch), "D"}); }

// 1, 2 or 3 from the class name's last but one character: BatchNorm2d -> 2.
size_t spatial_dims(const LayerContext& ctx) {
  const std::string& name = ctx.type().name;
  return static_cast<size_t>(name[name.size() - 2] - '0');
}

// The positions each channel's statistics are taken over, in words: "the batch and the 16×16
// positions", or "the batch" alone for (N, C).
std::string over_words(const Shape& in, const char* first) {
  Shape spatial(in.begin() + 1, in.end());
  if (spatial.empty()) return first;
  return cat({first, " and the ", shape_words(spatial), " positions"});
}

// The channel check of BatchNorm and InstanceNorm. PyTorch only compares the channels with
// num_features when it has per-channel tensors to apply (weight and bias, or running statistics);
// without either it normalizes whatever channels come, and so does Learnable, with a note.
void check_channels(LayerContext& ctx, int64_t features, bool affine, bool tracking, std::string& note) {
  int64_t channels = ctx.input()[0];
  if (channels == kUnknown || channels == features) return;
  if (affine || tracking)
    ctx.fail("num_features", cat({ctx.type().name, " expects num_features=", features, " but the input ",
                                  shape_torch(ctx.input()), " has ", channels, " channels"}));
  note = cat({"num_features=", features, " is not used, since affine=False and track_running_stats=False leave "
              "nothing per channel; the input's ", channels, " channels are normalized as they come."});
}

void read_momentum_and_eps(const LayerContext& ctx) {
  ctx.number("eps");
  if (!ctx.arg("momentum").is_none()) ctx.number("momentum");
}

// The parameters and buffers both BatchNorm and InstanceNorm keep, and their formula.
void add_affine_and_statistics(LayerContext& ctx, int64_t features, bool affine, bool tracking) {
  if (affine) {
    ctx.add_weight("weight", {features});
    ctx.add_weight("bias", {features});
  }
  if (tracking) {
    ctx.add_buffer("running_mean", {features});
    ctx.add_buffer("running_var", {features});
    ctx.add_buffer("num_batches_tracked", {});
  }
}

std::string buffers_term(int64_t features) { return cat({"2*", features, " + 1"}); }

void explain_affine_and_statistics(LayerContext& ctx, int64_t features, bool affine, bool tracking, bool batch) {
  const LayerResult& r = ctx.result();
  if (affine)
    ctx.explain(cat({"Weights: a scale (weight) and a shift (bias) per channel, learned by gradient descent: 2 × ",
                     features, " = ", r.params, "."}));
  else
    ctx.explain("Weights: none, since affine=False.");
  if (tracking) {
    ctx.explain(cat({"Buffers: running_mean and running_var, one per channel, and num_batches_tracked, a single "
                     "count: ", buffers_term(features), " = ", r.buffers, ". They are averages of the batches seen in "
                     "training, used at inference", (batch ? "" : " instead of each example's own statistics"),
                     "; nothing learns them by gradient descent."}));
    ctx.explain(cat({"Keras counts the moving mean and variance as ", ctx.mul(2, features),
                     " non-trainable parameters; PyTorch keeps them (and num_batches_tracked) as buffers, which "
                     "model.parameters() does not list, so they are not in the count."}));
  } else {
    ctx.explain(cat({"Buffers: none, since track_running_stats=False: ",
                     (batch ? "the batch's own statistics are used in training and at inference alike."
                            : "each example's own statistics are used in training and at inference alike.")}));
  }
  if (affine && tracking)
    ctx.explain(cat({"Total: 2*", features, " = ", r.params, " parameters, plus ", r.buffers,
                     " buffer values that PyTorch saves with the model but does not count."}));
  else if (affine)
    ctx.explain(cat({"Total: 2*", features, " = ", r.params, "."}));
}

void set_affine_formula(LayerContext& ctx, int64_t features, bool affine, bool tracking, const char* what) {
  const std::string& type = ctx.type().name;
  if (affine) {
    ctx.set_formula(cat({"2*", features, " = ", ctx.result().params}));
  } else if (tracking) {
    ctx.no_parameters(cat({type, " with affine=False learns no scale or shift: no learnable parameters; its buffers hold ",
                           buffers_term(features), " = ", ctx.result().buffers, " values"}));
  } else {
    ctx.no_parameters(cat({type, " ", what, ": no learnable parameters"}));
  }
}

void compute_batch_norm(LayerContext& ctx) {
  int64_t features = ctx.positive("num_features");
  read_momentum_and_eps(ctx);
  bool affine = ctx.flag("affine");
  bool tracking = ctx.flag("track_running_stats");
  size_t spatial = spatial_dims(ctx);
  const Shape& in = ctx.input();
  const std::string& type = ctx.type().name;
  if (spatial == 1) {
    if (in.size() != 1 && in.size() != 2)
      ctx.fail("", cat({type, " expects 2D or 3D input, (N, C) or (N, C, L), but got ", dims_d(in.size() + 1),
                        " input ", shape_torch(in)}));
  } else if (in.size() != spatial + 1) {
    ctx.fail("", cat({type, " expects ", dims_d(spatial + 2), " input ", layout(spatial), ", but got ",
                      dims_d(in.size() + 1), " input ", shape_torch(in)}));
  }
  std::string note;
  check_channels(ctx, features, affine, tracking, note);
  ctx.set_output(in);
  add_affine_and_statistics(ctx, features, affine, tracking);
  set_affine_formula(ctx, features, affine, tracking,
                     "with affine=False and track_running_stats=False only normalizes each channel over the batch");

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Channels: the input ", shape_torch(in), " has ", in[0], " channels in dimension 1 (num_features=",
                   features, "); ", type, " normalizes each channel over ", over_words(in, "the batch"), "."}));
  if (!note.empty()) ctx.explain(note);
  explain_affine_and_statistics(ctx, features, affine, tracking, true);
  ctx.explain(cat({"Output: the same shape as the input, ", shape_torch(in), "."}));
}

void compute_instance_norm(LayerContext& ctx) {
  int64_t features = ctx.positive("num_features");
  read_momentum_and_eps(ctx);
  bool affine = ctx.flag("affine");
  bool tracking = ctx.flag("track_running_stats");
  size_t spatial = spatial_dims(ctx);
  const Shape& in = ctx.input();
  const std::string& type = ctx.type().name;
  if (in.size() == spatial)
    ctx.fail("", cat({type, " expects ", dims_d(spatial + 2), " input ", layout(spatial), ", but got ",
                      dims_d(in.size() + 1), " input ", shape_torch(in), "; PyTorch would take it for one unbatched ",
                      "sample, the batch becoming the channels"}));
  if (in.size() != spatial + 1)
    ctx.fail("", cat({type, " expects ", dims_d(spatial + 2), " input ", layout(spatial), ", but got ",
                      dims_d(in.size() + 1), " input ", shape_torch(in)}));
  std::string note;
  check_channels(ctx, features, affine, tracking, note);
  Shape positions(in.begin() + 1, in.end());
  if (fully_known(positions) && ctx.product(positions) == 1)
    ctx.fail("", cat({type, " needs more than one value per channel while training (its statistics come from each "
                      "example's own positions), but the input ", shape_torch(in), " has one"}));
  ctx.set_output(in);
  add_affine_and_statistics(ctx, features, affine, tracking);
  set_affine_formula(ctx, features, affine, tracking, "normalizes each channel of each example on its own");

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Channels: the input ", shape_torch(in), " has ", in[0], " channels in dimension 1 (num_features=",
                   features, "); ", type, " normalizes each channel of each example over its own ",
                   shape_words(positions), " positions."}));
  if (!note.empty()) ctx.explain(note);
  explain_affine_and_statistics(ctx, features, affine, tracking, false);
  ctx.explain("Keras has no InstanceNormalization layer of its own; GroupNormalization(groups=-1), one group per "
              "channel, does the same with a learned gamma and beta per channel.");
  ctx.explain(cat({"Output: the same shape as the input, ", shape_torch(in), "."}));
}

void compute_layer_norm(LayerContext& ctx) {
  std::vector<int64_t> normalized = ctx.int_list("normalized_shape");
  std::string given = dims_python(normalized);
  if (normalized.empty()) ctx.fail("normalized_shape", "normalized_shape must name at least one dimension, got ()");
  for (int64_t d : normalized)
    if (d <= 0) ctx.fail("normalized_shape", cat({"the sizes in normalized_shape must be positive, got ", given}));
  ctx.number("eps");
  bool affine = ctx.flag("elementwise_affine");
  bool bias = ctx.flag("bias");
  const Shape& in = ctx.input();
  if (normalized.size() > in.size())
    ctx.fail("normalized_shape", cat({"normalized_shape=", given, " has ", static_cast<int64_t>(normalized.size()),
                                      " dimensions but the input ", shape_torch(in), " has only ",
                                      static_cast<int64_t>(in.size()), " after the batch"}));
  Shape tail(in.end() - static_cast<std::ptrdiff_t>(normalized.size()), in.end());
  for (size_t i = 0; i < tail.size(); ++i)
    if (tail[i] != kUnknown && tail[i] != normalized[i])
      ctx.fail("normalized_shape", cat({"LayerNorm expects the input to end in normalized_shape=", given, " but the input ",
                                        shape_torch(in), " ends in ", dims_python(tail)}));
  ctx.set_output(in);
  int64_t size = ctx.product(normalized);
  std::string term;
  for (size_t i = 0; i < normalized.size(); ++i) term += cat({(i ? "*" : ""), normalized[i]});
  std::string which = normalized.size() == 1 ? cat({"its last ", normalized[0], " values"})
                                             : cat({"its last ", static_cast<int64_t>(normalized.size()),
                                                    " dimensions, ", shape_words(normalized), " = ", size, " values"});
  if (!affine) {
    ctx.no_parameters(cat({"LayerNorm with elementwise_affine=False only normalizes each example over ", which,
                           ": no learnable parameters"}));
    ctx.explain(cat({"Output: the same shape as the input, ", shape_torch(in), "."}));
    return;
  }
  ctx.add_weight("weight", normalized);
  if (bias) ctx.add_weight("bias", normalized);
  ctx.set_formula(cat({(bias ? "2*" : ""), term, " = ", ctx.result().params}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Features: normalized_shape=", given, " makes LayerNorm normalize each example over ", which,
                   ", with that example's own mean and variance."}));
  ctx.explain(cat({"Scale (weight): one per value, shaped like normalized_shape: ", size, "."}));
  if (bias)
    ctx.explain(cat({"Shift (bias): one per value, ", size, "."}));
  else
    ctx.explain("Shift (bias): none, since bias=False.");
  ctx.explain("Statistics: none are stored, so there are no buffers: LayerNorm computes them afresh from each "
              "example, in training and at inference alike.");
  if (bias)
    ctx.explain(cat({"Total: ", size, " + ", size, " = ", ctx.result().params, ". Keras' LayerNormalization over the same ",
                     (normalized.size() == 1 ? "axis" : "axes"), " counts the same (gamma and beta)."}));
  else
    ctx.explain(cat({"Total: ", size, "."}));
  ctx.explain(cat({"Output: the same shape as the input, ", shape_torch(in), "."}));
}

void compute_group_norm(LayerContext& ctx) {
  int64_t groups = ctx.positive("num_groups");
  int64_t channels = ctx.positive("num_channels");
  ctx.number("eps");
  bool affine = ctx.flag("affine");
  if (channels % groups != 0)
    ctx.fail("num_groups", cat({"num_channels must be divisible by num_groups: ", channels, " channels do not split into ",
                                groups, " groups"}));
  const Shape& in = ctx.input();
  if (in.empty())
    ctx.fail("", cat({"GroupNorm expects input of shape (N, C, *), but got ", shape_torch(in), ", which has no channels"}));
  int64_t given = in[0];
  std::string note;
  if (given != kUnknown && given != channels) {
    if (affine)
      ctx.fail("num_channels", cat({"GroupNorm expects num_channels=", channels, " but the input ", shape_torch(in),
                                    " has ", given, " channels"}));
    if (given % groups != 0)
      ctx.fail("num_groups", cat({"GroupNorm splits the input's ", given, " channels into num_groups=", groups,
                                  " groups, which does not divide them"}));
    note = cat({"num_channels=", channels, " is not used, since affine=False leaves nothing per channel; the input's ",
                given, " channels are split into ", groups, " groups as they come."});
  }
  ctx.set_output(in);
  if (affine) {
    ctx.add_weight("weight", {channels});
    ctx.add_weight("bias", {channels});
    ctx.set_formula(cat({"2*", channels, " = ", ctx.result().params}));
  } else {
    ctx.no_parameters("GroupNorm with affine=False only normalizes groups of channels: no learnable parameters");
  }
  if (!ctx.explaining()) return;
  ctx.explain(cat({"Groups: num_groups=", groups, " splits the ", channels, " channels into groups of ", channels / groups,
                   ", each normalized with the mean and variance of its own example."}));
  if (!note.empty()) ctx.explain(note);
  if (affine) {
    ctx.explain(cat({"Weights: a scale (weight) and a shift (bias) per channel, not per group: 2 × ", channels, " = ",
                     ctx.result().params, "."}));
    ctx.explain("Statistics: none are stored, so there are no buffers; they come from each example afresh.");
    ctx.explain(cat({"Total: 2*", channels, " = ", ctx.result().params, ". Keras' GroupNormalization(groups=", groups,
                     ") counts the same (gamma and beta)."}));
  }
  ctx.explain(cat({"Output: the same shape as the input, ", shape_torch(in), "."}));
}

void compute_local_response_norm(LayerContext& ctx) {
  int64_t size = ctx.positive("size");
  for (const char* name : {"alpha", "beta", "k"}) ctx.number(name);
  const Shape& in = ctx.input();
  if (in.size() < 2)
    ctx.fail("", cat({"LocalResponseNorm expects 3D or higher input, (N, C, *), but got ", dims_d(in.size() + 1),
                      " input ", shape_torch(in)}));
  ctx.set_output(in);
  ctx.no_parameters(cat({"LocalResponseNorm divides each value by a power of the sum of squares over ", size,
                         " neighbouring channels: no learnable parameters"}));
  ctx.explain("alpha, beta and k are fixed settings, not learned.");
  ctx.explain(cat({"Output: the same shape as the input, ", shape_torch(in), "."}));
}

constexpr ArgRow kBatchNormArgs[] = {
    arg_required_int("num_features"), arg_float("eps", "1e-05"), arg_float("momentum", "0.1"),
    arg_bool("affine", true), arg_bool("track_running_stats", true)};
constexpr ArgRow kInstanceNormArgs[] = {
    arg_required_int("num_features"), arg_float("eps", "1e-05"), arg_float("momentum", "0.1"),
    arg_bool("affine", false), arg_bool("track_running_stats", false)};
// bias= is PyTorch 2.1's; older versions take elementwise_affine only.
constexpr ArgRow kLayerNormArgs[] = {
    arg_shape("normalized_shape", nullptr, true), arg_float("eps", "1e-05"), arg_bool("elementwise_affine", true),
    arg_bool("bias", true)};
constexpr ArgRow kGroupNormArgs[] = {
    arg_required_int("num_groups"), arg_required_int("num_channels"), arg_float("eps", "1e-05"), arg_bool("affine", true)};
constexpr ArgRow kLocalResponseNormArgs[] = {
    arg_required_int("size"), arg_float("alpha", "0.0001"), arg_float("beta", "0.75"), arg_float("k", "1.0")};

constexpr TypeRow kTorchNormalizationTypes[] = {
    {"BatchNorm1d", "normalizes each channel of (C) or (C, L) over the batch; running statistics as buffers",
     lazy_rule(compute_batch_norm), args(kBatchNormArgs), "nn.BatchNorm1d(64)", "(64,)", kAllPositional},
    {"BatchNorm2d", "normalizes each channel of (C, H, W) over the batch; running statistics as buffers",
     lazy_rule(compute_batch_norm), args(kBatchNormArgs), "nn.BatchNorm2d(64)", "(64, 16, 16)", kAllPositional},
    {"BatchNorm3d", "normalizes each channel of (C, D, H, W) over the batch; running statistics as buffers",
     lazy_rule(compute_batch_norm), args(kBatchNormArgs), "nn.BatchNorm3d(16)", "(16, 8, 16, 16)", kAllPositional},
    {"InstanceNorm1d", "normalizes each channel of each (C, L) example on its own", lazy_rule(compute_instance_norm),
     args(kInstanceNormArgs), "nn.InstanceNorm1d(16, affine=True)", "(16, 100)", kAllPositional},
    {"InstanceNorm2d", "normalizes each channel of each (C, H, W) example on its own", lazy_rule(compute_instance_norm),
     args(kInstanceNormArgs), "nn.InstanceNorm2d(64, affine=True)", "(64, 32, 32)", kAllPositional},
    {"InstanceNorm3d", "normalizes each channel of each (C, D, H, W) example on its own", lazy_rule(compute_instance_norm),
     args(kInstanceNormArgs), "nn.InstanceNorm3d(16, affine=True)", "(16, 8, 16, 16)", kAllPositional},
    {"LayerNorm", "normalizes each example over its trailing dimensions", lazy_rule(compute_layer_norm), args(kLayerNormArgs),
     "nn.LayerNorm(64)", "(10, 64)", kAllPositional},
    {"GroupNorm", "normalizes groups of channels within each example", lazy_rule(compute_group_norm), args(kGroupNormArgs),
     "nn.GroupNorm(8, 64)", "(64, 16, 16)", kAllPositional},
    {"LocalResponseNorm", "normalizes each value by its neighbouring channels", lazy_rule(compute_local_response_norm),
     args(kLocalResponseNormArgs), "nn.LocalResponseNorm(5)", "(96, 27, 27)", kAllPositional},
};

}  // namespace

void register_torch_normalization_modules(std::vector<LayerType>& out) {
  add_layer_types(out, "Normalization", kTorchNormalizationTypes, Framework::PyTorch);
}

}  // namespace learnable
