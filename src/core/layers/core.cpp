// Core layers: Dense (acting on the last axis of any input), Embedding, Masking and InputLayer.
#include "core/layer_context.h"

namespace learnable {

namespace {

void compute_dense(LayerContext& ctx) {
  int64_t units = ctx.positive("units");
  bool use_bias = ctx.flag("use_bias");
  ctx.require_min_rank(1, "(batch, ..., features)");
  int64_t inputs = ctx.known_dim(ctx.rank() - 1, "size of the last axis");
  Shape out = ctx.input();
  out.back() = units;
  ctx.set_output(out);
  ctx.add_weight("kernel", {inputs, units});
  if (use_bias) ctx.add_weight("bias", {units});

  int64_t weights = ctx.mul(inputs, units);
  std::string formula = cat({inputs, "*", units});
  if (use_bias) formula += cat({" + ", units});
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));

  if (!ctx.explaining()) return;
  if (ctx.rank() == 1)
    ctx.explain(cat({"Inputs: the previous layer gives ", inputs, " values."}));
  else
    ctx.explain(cat({"Inputs: the previous layer gives ", shape_words(ctx.input()),
                     "; Dense acts on the last axis only, so each position has ", inputs,
                     " inputs and shares the same weights."}));
  ctx.explain(cat({"Outputs: ", units, " unit", (units == 1 ? "" : "s"),
                   ", each connected to every input."}));
  ctx.explain(cat({"Weights: ", inputs, " × ", units, " = ", weights, "."}));
  if (use_bias) {
    ctx.explain(cat({"Biases: one per unit, ", units, "."}));
    ctx.explain(cat({"Total: ", weights, " + ", units, " = ", weights + units, "."}));
  } else {
    ctx.explain("Biases: none, since use_bias=False.");
    ctx.explain(cat({"Total: ", weights, "."}));
  }
}

void compute_embedding(LayerContext& ctx) {
  int64_t vocabulary = ctx.positive("input_dim");
  int64_t width = ctx.positive("output_dim");
  if (!ctx.arg("input_length").is_none()) {
    int64_t length = ctx.positive("input_length");
    if (ctx.rank() >= 1 && ctx.input().back() != kUnknown && ctx.input().back() != length)
      ctx.fail("input_length", cat({"input_length=", length, " does not match the input's ",
                                        shape_keras(ctx.input())}));
  }
  Shape out = ctx.input();
  out.push_back(width);
  ctx.set_output(out);
  ctx.add_weight("embeddings", {vocabulary, width});
  ctx.set_formula(cat({vocabulary, "*", width, " = ", ctx.result().params}));
  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: token ids from a vocabulary of input_dim=", vocabulary, " words."}));
  ctx.explain(cat({"Outputs: each token becomes a vector of output_dim=", width, " numbers."}));
  ctx.explain(cat({"Weights: one learned row per word, ", vocabulary, " × ", width, " = ",
                   ctx.result().params, "."}));
  ctx.explain("Biases: none; an embedding is a lookup table.");
  ctx.explain(cat({"Total: ", ctx.result().params, "."}));
}

void compute_masking(LayerContext& ctx) {
  ctx.number("mask_value");
  ctx.set_output(ctx.input());
  ctx.no_parameters("Masking only marks time steps equal to mask_value as skipped: no learnable parameters");
}

void compute_input_layer(LayerContext& ctx) {
  for (const char* key : {"shape", "input_shape"}) {
    if (ctx.arg(key).is_none()) continue;
    Shape declared = ctx.int_list(key, true);
    if (declared != ctx.input())
      ctx.fail(key, cat({"InputLayer declares ", shape_keras(declared), " but receives ",
                             shape_keras(ctx.input()), "; an InputLayer belongs first"}));
  }
  ctx.set_output(ctx.input());
  ctx.no_parameters(cat({"InputLayer only declares the input shape ", shape_words(ctx.input()),
                         ": no learnable parameters"}));
}

constexpr ArgRow kDenseArgs[] = {
    arg_required_int("units"),
    arg_activation(),
    arg_bool("use_bias", true),
    arg_any("kernel_initializer", "'glorot_uniform'"),
    arg_any("bias_initializer", "'zeros'"),
    arg_any("kernel_regularizer"),
    arg_any("bias_regularizer"),
    arg_any("activity_regularizer"),
    arg_any("kernel_constraint"),
    arg_any("bias_constraint")};

constexpr ArgRow kEmbeddingArgs[] = {
    arg_required_int("input_dim"),
    arg_required_int("output_dim"),
    arg_any("embeddings_initializer", "'uniform'"),
    arg_any("embeddings_regularizer"),
    arg_any("activity_regularizer"),
    arg_any("embeddings_constraint"),
    arg_bool("mask_zero", false, false),
    arg_int("input_length", nullptr)};

constexpr ArgRow kMaskingArgs[] = {arg_float("mask_value", "0.0")};

constexpr ArgRow kInputLayerArgs[] = {
    arg_shape("input_shape"), arg_any("batch_size"), arg_any("dtype"),  arg_any("input_tensor"),
    arg_any("sparse"),        arg_any("name"),       arg_any("ragged"), arg_any("type_spec"),
    arg_shape("shape"),       arg_shape("batch_shape")};

constexpr TypeRow kCoreTypes[] = {
    {"Dense", "fully connected layer on the last axis", compute_dense, args(kDenseArgs),
     "Dense(10)", "(784,)", kAllPositional},
    {"Embedding", "lookup table from token ids to vectors", compute_embedding, args(kEmbeddingArgs),
     "Embedding(10000, 64)", "(None,)", kAllPositional},
    {"Masking", "skips time steps equal to mask_value", compute_masking, args(kMaskingArgs),
     "Masking(mask_value=0.0)", "(20, 8)", kAllPositional},
    {"InputLayer", "declares the model's input shape", compute_input_layer, args(kInputLayerArgs),
     "InputLayer(input_shape=(32, 32, 3))", "(32, 32, 3)", kAllPositional},
};

}  // namespace

void register_core_layers(std::vector<LayerType>& out) { add_layer_types(out, "Core", kCoreTypes); }

}  // namespace learnable
