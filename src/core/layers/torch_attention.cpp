// PyTorch's two-input modules as a Sequential chain can use them: MultiheadAttention as
// self-attention (query, key and value all the input) and Bilinear with the same tensor as both
// inputs. Their parameter names follow PyTorch: in_proj_weight, out_proj.weight, bias_k, ...
#include <cstdint>
#include <string>

#include "core/layer_context.h"

namespace learnable {

namespace {

std::string dim_text(int64_t d) { return d == kUnknown ? std::string("None") : num(d); }

std::string sequence_shape(const Shape& in, bool batch_first) {
  if (in.size() != 2 || batch_first) return shape_torch(in);
  return cat({"(", dim_text(in[0]), ", N, ", dim_text(in[1]), ")"});
}

void compute_multihead_attention(LayerContext& ctx) {
  int64_t embed = ctx.positive("embed_dim");
  int64_t heads = ctx.positive("num_heads");
  if (embed % heads != 0)
    ctx.fail("num_heads", cat({"embed_dim must be divisible by num_heads: ", embed, " does not split into ", heads, " heads"}));
  double dropout = ctx.number("dropout");
  if (!(dropout >= 0 && dropout <= 1))
    ctx.fail("dropout", cat({"dropout probability has to be between 0 and 1, got ", ctx.arg("dropout").to_python()}));
  bool bias = ctx.flag("bias");
  bool bias_kv = ctx.flag("add_bias_kv");
  bool zero_attn = ctx.flag("add_zero_attn");
  int64_t kdim = ctx.arg("kdim").is_none() ? embed : ctx.positive("kdim");
  int64_t vdim = ctx.arg("vdim").is_none() ? embed : ctx.positive("vdim");
  bool batch_first = ctx.flag("batch_first");
  bool same = kdim == embed && vdim == embed;

  const Shape& in = ctx.input();
  const char* wanted = "a sequence (L, E) per example, (N, L, E) with batch_first=True or (L, N, E) without";
  if (in.size() == 1)
    ctx.fail("", cat({"MultiheadAttention expects ", wanted, ", but got ", shape_torch(in), "; PyTorch would read this 2D "
                      "input as one unbatched sequence, taking the batch for the positions"}));
  if (in.size() != 2)
    ctx.fail("", cat({"MultiheadAttention expects ", wanted, ", but got ", static_cast<int64_t>(in.size()) + 1, "D input ",
                      shape_torch(in)}));
  if (in[1] != kUnknown && in[1] != embed)
    ctx.fail("embed_dim", cat({"MultiheadAttention expects embed_dim=", embed, " but the input ",
                               sequence_shape(in, batch_first), " has ", in[1], " features in its last dimension"}));
  ctx.set_output(in);

  int64_t square = ctx.mul(embed, embed);
  if (same) {
    ctx.add_weight("in_proj_weight", {ctx.mul(3, embed), embed});
  } else {
    ctx.add_weight("q_proj_weight", {embed, embed});
    ctx.add_weight("k_proj_weight", {embed, kdim});
    ctx.add_weight("v_proj_weight", {embed, vdim});
  }
  if (bias) ctx.add_weight("in_proj_bias", {ctx.mul(3, embed)});
  if (bias_kv) {
    ctx.add_weight("bias_k", {1, 1, embed});
    ctx.add_weight("bias_v", {1, 1, embed});
  }
  ctx.add_weight("out_proj.weight", {embed, embed});
  if (bias) ctx.add_weight("out_proj.bias", {embed});
  const int64_t total = ctx.result().params;

  std::string projections = same ? cat({"3*", embed, "*", embed})
                                 : cat({embed, "*", embed, " + ", embed, "*", kdim, " + ", embed, "*", vdim});
  std::string formula = projections;
  if (bias) formula += cat({" + 3*", embed});
  formula += cat({" + ", embed, "*", embed});
  if (bias) formula += cat({" + ", embed});
  if (bias_kv) formula += cat({" + 2*", embed});
  ctx.set_formula(cat({formula, " = ", total}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: the previous module gives (L, E) = ", dims_python(in), " per example. In a Sequential chain "
                   "MultiheadAttention is self-attention, module(x, x, x): query, key and value are all the input. With "
                   "batch_first=", (batch_first ? "True" : "False"), " PyTorch takes ", sequence_shape(in, batch_first),
                   (batch_first ? ", the batch first" : ", the batch in the middle"), "; Learnable leaves it out."}));
  ctx.explain(cat({"Heads: num_heads=", heads, " splits embed_dim=", embed, " into heads of ", embed, " / ", heads, " = ",
                   embed / heads, " values each; splitting does not add weights."}));
  if (same)
    ctx.explain(cat({"Projections: in_proj_weight stacks the query, key and value projections, 3*", embed, " × ", embed,
                     " = ", ctx.mul(3, square), "."}));
  else
    ctx.explain(cat({"Projections: kdim=", kdim, " and vdim=", vdim, " make the key and value projections read tensors of ",
                     "their own width, so they are separate: q_proj_weight ", embed, " × ", embed, " = ", square,
                     ", k_proj_weight ", embed, " × ", kdim, " = ", ctx.mul(embed, kdim), ", v_proj_weight ", embed, " × ",
                     vdim, " = ", ctx.mul(embed, vdim), ". Keys and values of other widths cannot come from the one "
                     "tensor of a Sequential chain (PyTorch's module(x, x, x) would fail); Learnable counts the parameters "
                     "and gives the query's output shape."}));
  if (bias)
    ctx.explain(cat({"Biases: in_proj_bias, 3*", embed, " = ", ctx.mul(3, embed), ", and out_proj.bias, ", embed, "."}));
  else
    ctx.explain("Biases: none, since bias=False, which drops both in_proj_bias and out_proj.bias.");
  ctx.explain(cat({"Output projection: out_proj.weight is ", embed, " × ", embed, " = ", square, "."}));
  if (bias_kv)
    ctx.explain(cat({"add_bias_kv=True adds bias_k and bias_v, (1, 1, ", embed, ") each, appended to the keys and values "
                     "as one more position: 2*", embed, " = ", ctx.mul(2, embed), "."}));
  if (zero_attn)
    ctx.explain("add_zero_attn=True appends a position of zeros to the keys and values: no parameters.");
  if (dropout > 0)
    ctx.explain(cat({"dropout=", ctx.arg("dropout").to_python(), " drops attention weights while training: no parameters."}));
  ctx.explain(cat({"Total: ", formula, " = ", total, "."}));
  int64_t keras = bias_kv ? total - ctx.mul(2, embed) : total;
  ctx.explain(cat({"Keras' MultiHeadAttention(num_heads=", heads, ", key_dim=", embed / heads,
                   (bias ? "" : ", use_bias=False"), ") counts ", (bias_kv ? "" : "the same "), keras,
                   ": the same projections, its kernels shaped per head (", embed, ", ", heads, ", ", embed / heads,
                   "). PyTorch fixes each head at embed_dim / num_heads; Keras lets key_dim be chosen freely",
                   (bias_kv ? ", and has nothing like add_bias_kv" : ""), "."}));
  ctx.explain(cat({"Output: PyTorch returns (attn_output, attn_weights); Learnable passes on attn_output, the first "
                   "element, (L, E) = ", dims_python(in), " per example."}));
}

void compute_bilinear(LayerContext& ctx) {
  int64_t in1 = ctx.positive("in1_features");
  int64_t in2 = ctx.positive("in2_features");
  int64_t out_features = ctx.positive("out_features");
  bool bias = ctx.flag("bias");
  const Shape& in = ctx.input();
  if (in.empty())
    ctx.fail("", cat({"Bilinear expects input of shape (N, *, H_in), but got ", shape_torch(in)}));
  int64_t given = in.back();
  if (given != kUnknown && given != in1)
    ctx.fail("in1_features", cat({"Bilinear expects in1_features=", in1, " but the input ", shape_torch(in), " has ", given,
                                  " features in its last dimension"}));
  if (given != kUnknown && given != in2)
    ctx.fail("in2_features", cat({"Bilinear expects in2_features=", in2, " but the input ", shape_torch(in), " has ", given,
                                  " features in its last dimension; in a Sequential chain the same tensor is both inputs"}));
  Shape out = in;
  out.back() = out_features;
  ctx.set_output(out);
  ctx.add_weight("weight", {out_features, in1, in2});
  if (bias) ctx.add_weight("bias", {out_features});
  int64_t weights = ctx.mul(ctx.mul(out_features, in1), in2);
  std::string formula = cat({out_features, "*", in1, "*", in2});
  if (bias) formula += cat({" + ", out_features});
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: Bilinear takes two tensors, x1 and x2; in a Sequential chain both are the input ",
                   shape_torch(in), ", so in1_features and in2_features must both equal its ", in1, " features."}));
  ctx.explain(cat({"Outputs: out_features=", out_features, ", each x1ᵀ·A·x2 + b with its own ", in1, " × ", in2,
                   " matrix A."}));
  ctx.explain(cat({"Weights: weight is out_features × in1_features × in2_features = ", out_features, " × ", in1, " × ", in2,
                   " = ", weights, "."}));
  if (bias) {
    ctx.explain(cat({"Biases: one per output, ", out_features, "."}));
    ctx.explain(cat({"Total: ", weights, " + ", out_features, " = ", ctx.result().params, "."}));
  } else {
    ctx.explain("Biases: none, since bias=False.");
    ctx.explain(cat({"Total: ", weights, "."}));
  }
  ctx.explain("Keras has no Bilinear layer.");
}

constexpr ArgRow kMultiheadAttentionArgs[] = {
    arg_required_int("embed_dim"), arg_required_int("num_heads"), arg_float("dropout", "0.0"), arg_bool("bias", true),
    arg_bool("add_bias_kv", false), arg_bool("add_zero_attn", false, false), arg_int("kdim", nullptr),
    arg_int("vdim", nullptr), arg_bool("batch_first", false, false)};
constexpr ArgRow kBilinearArgs[] = {
    arg_required_int("in1_features"), arg_required_int("in2_features"), arg_required_int("out_features"),
    arg_bool("bias", true)};

constexpr TypeRow kTorchAttentionTypes[] = {
    {"MultiheadAttention", "self-attention over (L, E) sequences with num_heads heads", lazy_rule(compute_multihead_attention),
     args(kMultiheadAttentionArgs), "nn.MultiheadAttention(64, 8)", "(10, 64)", kAllPositional},
    {"Bilinear", "x1ᵀ·A·x2 + b for each output; both inputs are the input in a chain", lazy_rule(compute_bilinear),
     args(kBilinearArgs), "nn.Bilinear(16, 16, 8)", "(16,)", kAllPositional},
};

}  // namespace

void register_torch_attention_modules(std::vector<LayerType>& out) {
  add_layer_types(out, "Attention", kTorchAttentionTypes, Framework::PyTorch);
}

}  // namespace learnable
