// Keras' MultiHeadAttention. In a Sequential model it can only attend to its own input, so
// Learnable treats it as self-attention (query = value = key = the input). Its weights are per
// head: query/key/value kernels (features, num_heads, key_dim) and an output kernel back to the
// input's width, so MultiHeadAttention(num_heads=2, key_dim=16) on 64 features is 8352.
#include <cstdint>
#include <string>

#include "core/layer_context.h"

namespace learnable {

namespace {

void compute_multi_head_attention(LayerContext& ctx) {
  int64_t heads = ctx.positive("num_heads");
  int64_t key_dim = ctx.positive("key_dim");
  int64_t value_dim = ctx.arg("value_dim").is_none() ? key_dim : ctx.positive("value_dim");
  double dropout = ctx.number("dropout");
  if (!(dropout >= 0 && dropout <= 1))
    ctx.fail("dropout", cat({"dropout must be between 0 and 1, got ", ctx.arg("dropout").to_python()}));
  bool use_bias = ctx.flag("use_bias");
  ctx.require_min_rank(2, "(batch, timesteps, features)");
  const Shape& in = ctx.input();
  const int64_t full_rank = static_cast<int64_t>(in.size()) + 1;
  int64_t features = ctx.known_dim(in.size() - 1, "number of features");

  if (!ctx.arg("attention_axes").is_none()) {
    std::vector<int64_t> axes = ctx.int_list("attention_axes");
    for (int64_t a : axes) {
      int64_t full = a < 0 ? a + full_rank : a;
      if (full < 1 || full > full_rank - 2)
        ctx.fail("attention_axes", cat({"attention_axes counts the batch as axis 0, so on ", shape_keras(in),
                                        " it takes axes from 1 to ", full_rank - 2, " (not the batch, not the features), got ",
                                        ctx.arg("attention_axes").to_python()}));
    }
  }
  Shape out_dims{features};
  if (!ctx.arg("output_shape").is_none()) {
    out_dims = ctx.int_list("output_shape");
    if (out_dims.empty()) ctx.fail("output_shape", "output_shape must have at least one size, got ()");
    for (int64_t d : out_dims)
      if (d <= 0)
        ctx.fail("output_shape", cat({"output_shape sizes must be positive, got ", ctx.arg("output_shape").to_python()}));
  }
  Shape out(in.begin(), in.end() - 1);
  out.insert(out.end(), out_dims.begin(), out_dims.end());
  ctx.set_output(out);

  ctx.add_weight("query/kernel", {features, heads, key_dim});
  if (use_bias) ctx.add_weight("query/bias", {heads, key_dim});
  ctx.add_weight("key/kernel", {features, heads, key_dim});
  if (use_bias) ctx.add_weight("key/bias", {heads, key_dim});
  ctx.add_weight("value/kernel", {features, heads, value_dim});
  if (use_bias) ctx.add_weight("value/bias", {heads, value_dim});
  Shape output_kernel{heads, value_dim};
  output_kernel.insert(output_kernel.end(), out_dims.begin(), out_dims.end());
  ctx.add_weight("attention_output/kernel", output_kernel);
  if (use_bias) ctx.add_weight("attention_output/bias", out_dims);

  std::string width;  // "64" or "4*16" for output_shape=(4, 16)
  for (size_t i = 0; i < out_dims.size(); ++i) width += cat({(i ? "*" : ""), out_dims[i]});
  int64_t out_size = ctx.product(out_dims);
  auto projection = [&](int64_t per_head) {
    std::string kernel = cat({features, "*", heads, "*", per_head});
    return use_bias ? cat({kernel, " + ", heads, "*", per_head}) : kernel;
  };
  std::string formula;
  if (value_dim == key_dim)
    formula = use_bias ? cat({"3*(", projection(key_dim), ")"}) : cat({"3*", projection(key_dim)});
  else
    formula = cat({(use_bias ? cat({"2*(", projection(key_dim), ")"}) : cat({"2*", projection(key_dim)})), " + ",
                   (use_bias ? cat({"(", projection(value_dim), ")"}) : projection(value_dim))});
  formula += cat({" + ", heads, "*", value_dim, "*", width});
  if (use_bias) formula += cat({" + ", width});
  const int64_t total = ctx.result().params;
  ctx.set_formula(cat({formula, " = ", total}));

  if (!ctx.explaining()) return;
  int64_t key_kernel = ctx.mul(ctx.mul(features, heads), key_dim);
  int64_t key_part = ctx.add(key_kernel, use_bias ? ctx.mul(heads, key_dim) : 0);
  int64_t value_kernel = ctx.mul(ctx.mul(features, heads), value_dim);
  int64_t value_part = ctx.add(value_kernel, use_bias ? ctx.mul(heads, value_dim) : 0);
  int64_t output_kernel_size = ctx.mul(ctx.mul(heads, value_dim), out_size);
  int64_t output_part = ctx.add(output_kernel_size, use_bias ? out_size : 0);
  ctx.explain(cat({"Inputs: the previous layer gives ", shape_words(in), ", positions of ", features, " features. In a "
                   "Sequential model MultiHeadAttention is self-attention: query, value and key are all the input (in "
                   "functional code it is called as mha(query, value))."}));
  ctx.explain(cat({"Heads: num_heads=", heads, ", each with key_dim=", key_dim, " values for queries and keys and value_dim=",
                   value_dim, " for values", (ctx.arg("value_dim").is_none() ? " (None means key_dim)" : ""), "."}));
  std::string bias_words = use_bias ? cat({" and biases of ", heads, " × ", key_dim, " = ", ctx.mul(heads, key_dim)}) : "";
  if (value_dim == key_dim) {
    ctx.explain(cat({"Query, key and value: each projects the ", features, " features to num_heads × key_dim: kernels of ",
                     features, " × ", heads, " × ", key_dim, " = ", key_kernel, bias_words, ", ", key_part, " each: 3 × ",
                     key_part, " = ", ctx.mul(3, key_part), "."}));
  } else {
    ctx.explain(cat({"Query and key: each projects the ", features, " features to num_heads × key_dim: kernels of ", features,
                     " × ", heads, " × ", key_dim, " = ", key_kernel, bias_words, ", ", key_part, " each: 2 × ", key_part,
                     " = ", ctx.mul(2, key_part), "."}));
    ctx.explain(cat({"Value: projects the ", features, " features to num_heads × value_dim: a kernel of ", features, " × ",
                     heads, " × ", value_dim, " = ", value_kernel,
                     (use_bias ? cat({" and a bias of ", heads, " × ", value_dim, " = ", ctx.mul(heads, value_dim)}) : ""),
                     ": ", value_part, "."}));
  }
  ctx.explain(cat({"Output projection: attention_output projects the heads' ", heads, " × ", value_dim, " values ",
                   (ctx.arg("output_shape").is_none() ? cat({"back to the ", features, " features"})
                                                      : cat({"to output_shape=", ctx.arg("output_shape").to_python()})),
                   ": a kernel of ", heads, " × ", value_dim, " × ", shape_words(out_dims), " = ", output_kernel_size,
                   (use_bias ? cat({" and a bias of ", out_size}) : ""), ", ", output_part, "."}));
  if (!use_bias) ctx.explain("Biases: none, since use_bias=False.");
  int64_t qkv = ctx.add(ctx.mul(2, key_part), value_part);
  ctx.explain(cat({"Total: ", qkv, " + ", output_part, " = ", total, "."}));
  if (features % heads == 0 && ctx.arg("output_shape").is_none()) {
    int64_t size = features / heads;
    int64_t e2 = ctx.mul(features, features);
    int64_t torch_total = ctx.mul(4, e2);
    if (use_bias) torch_total = ctx.add(torch_total, ctx.mul(4, features));
    std::string torch_layer = cat({"PyTorch's nn.MultiheadAttention(", features, ", ", heads, (use_bias ? "" : ", bias=False"), ")"});
    if (key_dim == size && value_dim == size)
      ctx.explain(cat({torch_layer, " counts the same ", torch_total, ": its heads are ", features, " / ", heads, " = ", size,
                       " wide, as here."}));
    else
      ctx.explain(cat({torch_layer, " fixes each head at ", features, " / ", heads, " = ", size, " and counts ", torch_total,
                       "; Keras counts the same with key_dim=", size, " and value_dim=", size, "."}));
  }
  if (dropout > 0)
    ctx.explain(cat({"dropout=", ctx.arg("dropout").to_python(), " drops attention scores while training: no parameters."}));
  ctx.explain(cat({"Output: ", shape_words(out), "; the positions stay and each gets ", shape_words(out_dims), " values."}));
}

constexpr ArgRow kMultiHeadAttentionArgs[] = {
    arg_required_int("num_heads"),
    arg_required_int("key_dim"),
    arg_int("value_dim", nullptr),
    arg_float("dropout", "0.0"),
    arg_bool("use_bias", true),
    arg_shape("output_shape"),
    counted(arg_shape("attention_axes"), false),
    arg_any("kernel_initializer", "'glorot_uniform'"),
    arg_any("bias_initializer", "'zeros'"),
    arg_any("kernel_regularizer"),
    arg_any("bias_regularizer"),
    arg_any("activity_regularizer"),
    arg_any("kernel_constraint"),
    arg_any("bias_constraint"),
    // Keras 3.
    arg_any("flash_attention"),
    arg_any("seed")};

constexpr TypeRow kAttentionTypes[] = {
    {"MultiHeadAttention", "self-attention with num_heads heads of key_dim", lazy_rule(compute_multi_head_attention),
     args(kMultiHeadAttentionArgs), "MultiHeadAttention(num_heads=2, key_dim=16)", "(10, 64)", kAllPositional},
};

}  // namespace

void register_attention_layers(std::vector<LayerType>& out) { add_layer_types(out, "Attention", kAttentionTypes); }

}  // namespace learnable
