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
  std::string formula = num(inputs) + "*" + num(units);
  if (use_bias) formula += " + " + num(units);
  ctx.set_formula(formula + " = " + num(ctx.result().params));

  if (!ctx.explaining()) return;
  if (ctx.rank() == 1)
    ctx.explain("Inputs: the previous layer gives " + num(inputs) + " values.");
  else
    ctx.explain("Inputs: the previous layer gives " + shape_words(ctx.input()) +
                "; Dense acts on the last axis only, so each position has " + num(inputs) +
                " inputs and shares the same weights.");
  ctx.explain("Outputs: " + num(units) + " unit" + (units == 1 ? "" : "s") +
              ", each connected to every input.");
  ctx.explain("Weights: " + num(inputs) + " × " + num(units) + " = " + num(weights) + ".");
  if (use_bias) {
    ctx.explain("Biases: one per unit, " + num(units) + ".");
    ctx.explain("Total: " + num(weights) + " + " + num(units) + " = " + num(weights + units) + ".");
  } else {
    ctx.explain("Biases: none, since use_bias=False.");
    ctx.explain("Total: " + num(weights) + ".");
  }
}

void compute_embedding(LayerContext& ctx) {
  int64_t vocabulary = ctx.positive("input_dim");
  int64_t width = ctx.positive("output_dim");
  if (!ctx.arg("input_length").is_none()) {
    int64_t length = ctx.positive("input_length");
    if (ctx.rank() >= 1 && ctx.input().back() != kUnknown && ctx.input().back() != length)
      ctx.fail("input_length", "input_length=" + num(length) + " does not match the input's " +
                                   shape_keras(ctx.input()));
  }
  Shape out = ctx.input();
  out.push_back(width);
  ctx.set_output(out);
  ctx.add_weight("embeddings", {vocabulary, width});
  ctx.set_formula(num(vocabulary) + "*" + num(width) + " = " + num(ctx.result().params));
  if (!ctx.explaining()) return;
  ctx.explain("Inputs: token ids from a vocabulary of input_dim=" + num(vocabulary) + " words.");
  ctx.explain("Outputs: each token becomes a vector of output_dim=" + num(width) + " numbers.");
  ctx.explain("Weights: one learned row per word, " + num(vocabulary) + " × " + num(width) + " = " +
              num(ctx.result().params) + ".");
  ctx.explain("Biases: none; an embedding is a lookup table.");
  ctx.explain("Total: " + num(ctx.result().params) + ".");
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
      ctx.fail(key, "InputLayer declares " + shape_keras(declared) + " but receives " +
                        shape_keras(ctx.input()) + "; an InputLayer belongs first");
  }
  ctx.set_output(ctx.input());
  ctx.no_parameters("InputLayer only declares the input shape " + shape_words(ctx.input()) +
                    ": no learnable parameters");
}

std::vector<ArgSpec> dense_args() {
  return {arg_required_int("units"),
          arg_activation(),
          arg_bool("use_bias", true),
          arg_any("kernel_initializer", Value::of_string("glorot_uniform")),
          arg_any("bias_initializer", Value::of_string("zeros")),
          arg_any("kernel_regularizer"),
          arg_any("bias_regularizer"),
          arg_any("activity_regularizer"),
          arg_any("kernel_constraint"),
          arg_any("bias_constraint")};
}

std::vector<ArgSpec> embedding_args() {
  ArgSpec length = arg_int("input_length", 0);
  length.default_value = Value::none();
  return {arg_required_int("input_dim"),
          arg_required_int("output_dim"),
          arg_any("embeddings_initializer", Value::of_string("uniform")),
          arg_any("embeddings_regularizer"),
          arg_any("activity_regularizer"),
          arg_any("embeddings_constraint"),
          arg_bool("mask_zero", false, false),
          length};
}

std::vector<ArgSpec> input_layer_args() {
  return {arg_shape("input_shape", Value::none()), arg_any("batch_size"), arg_any("dtype"),
          arg_any("input_tensor"), arg_any("sparse"), arg_any("name"), arg_any("ragged"),
          arg_any("type_spec"), arg_shape("shape", Value::none()), arg_shape("batch_shape", Value::none())};
}

}  // namespace

void register_core_layers(std::vector<LayerType>& out) {
  out.push_back({"Dense", "Core", "fully connected layer on the last axis", dense_args(), kAllPositional, compute_dense});
  out.push_back({"Embedding", "Core", "lookup table from token ids to vectors", embedding_args(), kAllPositional, compute_embedding});
  out.push_back({"Masking", "Core", "skips time steps equal to mask_value", {arg_float("mask_value", Value::of_float(0.0))}, kAllPositional, compute_masking});
  out.push_back({"InputLayer", "Core", "declares the model's input shape", input_layer_args(), kAllPositional, compute_input_layer});

  set_example(out, "Dense", {784}, R"(Dense(10))");
  set_example(out, "Embedding", {kUnknown}, R"(Embedding(10000, 64))");
  set_example(out, "Masking", {20, 8}, R"(Masking(mask_value=0.0))");
  set_example(out, "InputLayer", {32, 32, 3}, R"(InputLayer(input_shape=(32, 32, 3)))");
}

}  // namespace learnable
