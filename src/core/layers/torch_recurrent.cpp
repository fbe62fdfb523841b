// PyTorch's sequence modules: Embedding and EmbeddingBag (lookup tables over token ids) and the
// recurrent RNN, LSTM and GRU with num_layers, bidirectional and LSTM's proj_size. PyTorch keeps
// two bias vectors per gate (b_ih and b_hh) where Keras keeps one:
// LSTM(10, 20) is 4*(10*20 + 20*20 + 20 + 20) = 2560 here and 2480 in Keras.
#include <cstdint>
#include <string>

#include "core/layer_context.h"

namespace learnable {

namespace {

enum class Cell { Rnn, Lstm, Gru };

std::string dim_text(int64_t d) { return d == kUnknown ? std::string("None") : num(d); }

// The input as PyTorch takes it: (N, L, H) with batch_first=True, (L, N, H) without.
std::string sequence_shape(const Shape& in, bool batch_first) {
  if (in.size() != 2 || batch_first) return shape_torch(in);
  return cat({"(", dim_text(in[0]), ", N, ", dim_text(in[1]), ")"});
}

std::string times(int64_t factor, const std::string& term, bool is_sum) {
  return is_sum ? cat({factor, "*(", term, ")"}) : cat({factor, "*", term});
}

void compute_recurrent(LayerContext& ctx, Cell cell) {
  const std::string& type = ctx.type().name;
  int64_t input_size = ctx.positive("input_size");
  int64_t hidden = ctx.positive("hidden_size");
  int64_t layers = ctx.positive("num_layers");
  std::string nonlinearity;
  if (cell == Cell::Rnn) {
    const Value& v = ctx.arg("nonlinearity");
    if (v.kind == Value::Kind::Bool)
      ctx.fail("nonlinearity", cat({"nonlinearity must be 'tanh' or 'relu', got ", v.to_python(), "; PyTorch before 2.0 "
                                    "took bias as RNN's fourth positional argument, so write bias=", v.to_python(),
                                    " as a keyword"}));
    if (v.kind != Value::Kind::String || (v.text != "tanh" && v.text != "relu"))
      ctx.fail("nonlinearity", cat({"unknown nonlinearity ", v.to_python(), "; use 'tanh' or 'relu'"}));
    nonlinearity = v.text;
  }
  bool bias = ctx.flag("bias");
  bool batch_first = ctx.flag("batch_first");
  double dropout = ctx.number("dropout");
  if (!(dropout >= 0 && dropout <= 1))
    ctx.fail("dropout", cat({"dropout should be a number in range [0, 1] representing the probability of an element "
                             "being zeroed, got ", ctx.arg("dropout").to_python()}));
  bool bidirectional = ctx.flag("bidirectional");
  int64_t proj = cell == Cell::Lstm ? ctx.integer("proj_size", 0) : 0;
  if (proj >= hidden)
    ctx.fail("proj_size", cat({"proj_size has to be smaller than hidden_size, got proj_size=", proj, " and hidden_size=", hidden}));

  const Shape& in = ctx.input();
  const char* wanted = "a sequence (L, H_in) per example, (N, L, H_in) with batch_first=True or (L, N, H_in) without";
  if (in.size() == 1)
    ctx.fail("", cat({type, " expects ", wanted, ", but got ", shape_torch(in), "; PyTorch would read this 2D input as "
                      "one unbatched sequence, taking the batch for the time steps"}));
  if (in.size() != 2)
    ctx.fail("", cat({type, " expects ", wanted, ", but got ", static_cast<int64_t>(in.size()) + 1, "D input ", shape_torch(in)}));
  int64_t steps = in[0];
  int64_t features = in[1];
  if (features != kUnknown && features != input_size)
    ctx.fail("input_size", cat({type, " expects input_size=", input_size, " but the input ", sequence_shape(in, batch_first),
                                " has ", features, " features per time step"}));

  const int64_t gates = cell == Cell::Lstm ? 4 : cell == Cell::Gru ? 3 : 1;
  const int64_t directions = bidirectional ? 2 : 1;
  const int64_t state = proj > 0 ? proj : hidden;  // H_out: what each direction outputs and feeds back
  const int64_t rows = ctx.mul(gates, hidden);
  const int64_t width = ctx.mul(directions, state);
  ctx.set_output({steps, width});

  std::vector<int64_t> per_layer;  // both directions
  std::vector<std::string> terms;
  std::vector<std::string> steps_text;
  for (int64_t k = 0; k < layers; ++k) {
    int64_t layer_in = k == 0 ? input_size : width;
    for (int64_t d = 0; d < directions; ++d) {
      std::string suffix = cat({"_l", k, (d ? "_reverse" : "")});
      ctx.add_weight("weight_ih" + suffix, {rows, layer_in});
      ctx.add_weight("weight_hh" + suffix, {rows, state});
      if (bias) {
        ctx.add_weight("bias_ih" + suffix, {rows});
        ctx.add_weight("bias_hh" + suffix, {rows});
      }
      if (proj > 0) ctx.add_weight("weight_hr" + suffix, {proj, hidden});
    }
    int64_t input_weights = ctx.mul(rows, layer_in);
    int64_t recurrent_weights = ctx.mul(rows, state);
    int64_t one = ctx.add(input_weights, recurrent_weights);
    if (bias) one = ctx.add(one, ctx.mul(2, rows));
    if (proj > 0) one = ctx.add(one, ctx.mul(proj, hidden));
    per_layer.push_back(ctx.mul(directions, one));

    // Written as Keras writes its recurrent layers (inputs*units + units*units + bias), so the
    // two formulas of one layer differ only in the term that differs: PyTorch's second bias.
    std::string core = cat({layer_in, "*", hidden, " + ", state, "*", hidden});
    if (bias) core += cat({" + ", hidden, " + ", hidden});
    bool is_sum = gates == 1;
    std::string term = gates == 1 ? core : times(gates, core, true);
    if (proj > 0) {
      term += cat({" + ", proj, "*", hidden});
      is_sum = true;
    }
    if (directions == 2) {
      term = times(2, term, is_sum);
      is_sum = false;
    }
    if (layers > 4 && k == 1) {
      terms.push_back(times(layers - 1, term, is_sum));
    } else if (layers <= 4 || k == 0) {
      terms.push_back(term);
    }

    if (!ctx.explaining() || (layers > 4 && k > 1)) continue;
    std::string l = num(k);
    std::string text = k == 0 ? cat({"Layer 0 reads the input_size=", input_size, " features"})
                              : cat({"Layer ", k, " reads layer ", k - 1, "'s outputs, ",
                                     (directions == 2 ? cat({"D*H = 2*", state, " = "}) : std::string("")), width,
                                     " features"});
    text += cat({": weight_ih_l", l, " is ", rows, " × ", layer_in, " = ", input_weights, ", weight_hh_l", l, " is ", rows,
                 " × ", state, " = ", recurrent_weights});
    if (bias) text += cat({", bias_ih_l", l, " and bias_hh_l", l, " are ", rows, " each"});
    if (proj > 0) text += cat({", and the projection weight_hr_l", l, " is ", proj, " × ", hidden, " = ", ctx.mul(proj, hidden)});
    text += cat({": ", one});
    if (directions == 2) text += cat({"; the reverse direction (suffix _reverse) has its own copy: 2 × ", one, " = ", per_layer.back()});
    if (layers > 4 && k == 1)
      text += cat({". Layers 2 to ", layers - 1, " are the same as layer 1"});
    steps_text.push_back(text + ".");
  }
  std::string formula;
  for (size_t i = 0; i < terms.size(); ++i) formula += cat({(i ? " + " : ""), terms[i]});
  const int64_t total = ctx.result().params;
  ctx.set_formula(cat({formula, " = ", total}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: the previous module gives ", steps == kUnknown ? std::string("a sequence of any length") : cat({steps, " time steps"}),
                   " of ", features == kUnknown ? input_size : features, " features, (L, H_in) = ", dims_python(in),
                   " per example. With batch_first=", (batch_first ? "True" : "False"), " PyTorch takes ",
                   sequence_shape(in, batch_first), (batch_first ? ", the batch first" : ", the batch in the middle"),
                   "; Learnable leaves the batch out either way. The same weights serve every step, so the length does "
                   "not change the count."}));
  switch (cell) {
    case Cell::Rnn:
      ctx.explain(cat({"Cell: a plain (Elman) RNN with nonlinearity='", nonlinearity, "': each of the hidden_size=", hidden,
                       " units sees the step's inputs and the previous step's ", hidden, " outputs."}));
      break;
    case Cell::Lstm:
      ctx.explain(cat({"Gates: an LSTM has 4 gates (input, forget, cell and output), each with hidden_size=", hidden,
                       " units, so every count below is made 4 times: the weights stack them, 4*", hidden, " = ", rows,
                       " rows."}));
      if (proj > 0)
        ctx.explain(cat({"Projection: proj_size=", proj, " projects each step's ", hidden, " hidden values down to ", proj,
                         " (weight_hr); the projected values are the output and what feeds back into weight_hh."}));
      break;
    case Cell::Gru:
      ctx.explain(cat({"Gates: a GRU has 3 parts (reset, update and new), each with hidden_size=", hidden,
                       " units, so every count below is made 3 times: the weights stack them, 3*", hidden, " = ", rows,
                       " rows."}));
      break;
  }
  if (bidirectional)
    ctx.explain(cat({"bidirectional=True runs every layer a second time over the reversed sequence, with its own weights "
                     "(suffix _reverse), and joins the two outputs: 2*", state, " = ", width, " features."}));
  for (const std::string& step : steps_text) ctx.explain(step);

  // Keras: the same stack of single-bias layers.
  int64_t extra_biases = ctx.mul(ctx.mul(directions, layers), rows);
  const char* keras_type = cell == Cell::Lstm ? "LSTM" : cell == Cell::Gru ? "GRU" : "SimpleRNN";
  std::string keras_layer = cat({keras_type, "(", hidden, ")"});
  std::string keras_model = directions == 1 && layers == 1
                                ? cat({"Keras' ", keras_layer, " on ", input_size, " features"})
                                : cat({"the same stack in Keras (", (layers > 1 ? cat({layers, " ", keras_layer, " layers"}) : keras_layer),
                                       (directions == 2 ? (layers > 1 ? ", each in Bidirectional" : " in Bidirectional") : ""), ")"});
  std::string each = gates == 1 ? cat({" (", hidden, " each)"}) : cat({" (", gates, "*", hidden, " each)"});
  if (!bias)
    ctx.explain("Biases: none, since bias=False (Keras' use_bias=False gives the same count).");
  else if (cell == Cell::Gru)
    ctx.explain(cat({"Biases: PyTorch keeps two bias vectors per gate, b_ih and b_hh", each, ", because it applies the reset "
                     "gate after the recurrent weights. Keras' GRU does the same with reset_after=True, its default since "
                     "TensorFlow 2, so ", keras_model, " counts the same ", total, "; with reset_after=False Keras keeps one "
                     "bias vector and counts ", total - extra_biases, "."}));
  else if (proj > 0)
    ctx.explain(cat({"Biases: PyTorch keeps two bias vectors per gate, b_ih and b_hh", each, "; Keras keeps one, and its LSTM "
                     "has no proj_size, so no Keras layer counts the same."}));
  else
    ctx.explain(cat({"Biases: PyTorch keeps two bias vectors", (gates == 1 ? "" : " per gate"), ", b_ih and b_hh", each,
                     "; Keras keeps one, so ", keras_model, " counts ", total - extra_biases, "."}));
  if (dropout > 0)
    ctx.explain(layers > 1 ? cat({"dropout=", ctx.arg("dropout").to_python(), " zeroes values between the layers while "
                                  "training: no parameters."})
                           : cat({"dropout=", ctx.arg("dropout").to_python(), " acts only between layers, so with "
                                  "num_layers=1 it does nothing (PyTorch warns)."}));
  if (per_layer.size() == 1) {
    ctx.explain(cat({"Total: ", total, "."}));
  } else {
    std::string sum;
    for (size_t i = 0; i < per_layer.size(); ++i) sum += cat({(i ? " + " : ""), per_layer[i]});
    ctx.explain(cat({"Total: ", sum, " = ", total, "."}));
  }
  std::string h_n = cat({"(num_layers*D, N, H_out) = (", ctx.mul(layers, directions), ", N, ", state, ")"});
  if (cell == Cell::Lstm)
    ctx.explain(cat({"Output: PyTorch returns (output, (h_n, c_n)); Learnable passes on output, the first element, "
                     "(L, D*H_out) = ", dims_python({steps, width}), " per example. h_n, the last step's state of each layer "
                     "and direction, is ", h_n, ", and c_n is (", ctx.mul(layers, directions), ", N, ", hidden, ")."}));
  else
    ctx.explain(cat({"Output: PyTorch returns (output, h_n); Learnable passes on output, the first element, (L, D*H_out) = ",
                     dims_python({steps, width}), " per example. h_n, the last step's state of each layer and direction, is ",
                     h_n, "."}));
}

void compute_rnn(LayerContext& ctx) { compute_recurrent(ctx, Cell::Rnn); }
void compute_lstm(LayerContext& ctx) { compute_recurrent(ctx, Cell::Lstm); }
void compute_gru(LayerContext& ctx) { compute_recurrent(ctx, Cell::Gru); }

// padding_idx may count from the end, as a Python index: -num_embeddings to num_embeddings - 1.
void check_padding_idx(const LayerContext& ctx, int64_t vocabulary) {
  if (ctx.arg("padding_idx").is_none()) return;
  int64_t padding = ctx.integer("padding_idx", INT64_MIN);
  if (padding < -vocabulary || padding >= vocabulary)
    ctx.fail("padding_idx", cat({"padding_idx must be within num_embeddings, from ", -vocabulary, " to ", vocabulary - 1,
                                 ", got ", padding}));
}

void read_norm_arguments(const LayerContext& ctx) {
  if (!ctx.arg("max_norm").is_none() && !(ctx.number("max_norm") > 0))
    ctx.fail("max_norm", cat({"max_norm must be positive, got ", ctx.arg("max_norm").to_python()}));
  ctx.number("norm_type");
  ctx.flag("scale_grad_by_freq");
  ctx.flag("sparse");
}

void explain_table(LayerContext& ctx, int64_t vocabulary, int64_t width) {
  ctx.explain(cat({"Weights: weight is num_embeddings × embedding_dim = ", vocabulary, " × ", width, " = ",
                   ctx.result().params, ", one learned row per token id. Keras' Embedding(", vocabulary, ", ", width,
                   ") counts the same."}));
  if (!ctx.arg("padding_idx").is_none())
    ctx.explain(cat({"padding_idx=", ctx.arg("padding_idx").to_python(), ": that row starts at zeros and gets no gradient, "
                     "but it is still part of weight and of the count."}));
  if (!ctx.arg("max_norm").is_none())
    ctx.explain(cat({"max_norm=", ctx.arg("max_norm").to_python(), " rescales the rows it looks up to at most that norm; "
                     "the count is the same."}));
  ctx.explain("Biases: none; an embedding is a lookup table.");
}

void compute_embedding(LayerContext& ctx) {
  int64_t vocabulary = ctx.positive("num_embeddings");
  int64_t width = ctx.positive("embedding_dim");
  check_padding_idx(ctx, vocabulary);
  read_norm_arguments(ctx);
  Shape out = ctx.input();
  out.push_back(width);
  ctx.set_output(out);
  ctx.add_weight("weight", {vocabulary, width});
  ctx.set_formula(cat({vocabulary, "*", width, " = ", ctx.result().params}));
  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: token ids (integers below num_embeddings=", vocabulary, "), ", shape_torch(ctx.input()),
                   "; they pick rows of the table, they are not features."}));
  ctx.explain(cat({"Outputs: each id becomes a vector of embedding_dim=", width, " numbers, appended as a new last "
                   "dimension: ", shape_torch(out), "."}));
  explain_table(ctx, vocabulary, width);
  ctx.explain(cat({"Total: ", ctx.result().params, "."}));
}

void compute_embedding_bag(LayerContext& ctx) {
  int64_t vocabulary = ctx.positive("num_embeddings");
  int64_t width = ctx.positive("embedding_dim");
  check_padding_idx(ctx, vocabulary);
  read_norm_arguments(ctx);
  std::string mode = ctx.choice("mode");
  ctx.flag("include_last_offset");
  const Shape& in = ctx.input();
  if (in.size() != 1)
    ctx.fail("", cat({"EmbeddingBag expects bags of token ids, (N, L), but got ", shape_torch(in),
                      (in.empty() ? "; a 1D input needs offsets, which a Sequential chain cannot pass" : "")}));
  ctx.set_output({width});
  ctx.add_weight("weight", {vocabulary, width});
  ctx.set_formula(cat({vocabulary, "*", width, " = ", ctx.result().params}));
  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: a bag of ", dim_text(in[0]), " token ids per example, (N, L) = ", shape_torch(in), "."}));
  ctx.explain(cat({"Outputs: mode='", mode, "' combines the bag's rows into one vector of embedding_dim=", width,
                   " numbers: (N, ", width, ")."}));
  explain_table(ctx, vocabulary, width);
  ctx.explain(cat({"Total: ", ctx.result().params, "."}));
}

// The modern signatures: RNN takes nonlinearity fourth (torch 2; torch 1.13 took bias there).
constexpr ArgRow kRnnArgs[] = {
    arg_required_int("input_size"), arg_required_int("hidden_size"), arg_int("num_layers", "1"),
    arg_choice("nonlinearity", "tanh|relu", "'tanh'", false), arg_bool("bias", true), arg_bool("batch_first", false, false),
    arg_float("dropout", "0.0"), arg_bool("bidirectional", false)};
constexpr ArgRow kLstmArgs[] = {
    arg_required_int("input_size"), arg_required_int("hidden_size"), arg_int("num_layers", "1"), arg_bool("bias", true),
    arg_bool("batch_first", false, false), arg_float("dropout", "0.0"), arg_bool("bidirectional", false),
    arg_int("proj_size", "0")};
constexpr ArgRow kGruArgs[] = {
    arg_required_int("input_size"), arg_required_int("hidden_size"), arg_int("num_layers", "1"), arg_bool("bias", true),
    arg_bool("batch_first", false, false), arg_float("dropout", "0.0"), arg_bool("bidirectional", false)};
constexpr ArgRow kEmbeddingArgs[] = {
    arg_required_int("num_embeddings"), arg_required_int("embedding_dim"), arg_int("padding_idx", nullptr, false),
    arg_float("max_norm", nullptr), arg_float("norm_type", "2.0"), arg_bool("scale_grad_by_freq", false, false),
    arg_bool("sparse", false, false), arg_any("_weight"), arg_any("_freeze", "False")};
constexpr ArgRow kEmbeddingBagArgs[] = {
    arg_required_int("num_embeddings"), arg_required_int("embedding_dim"), arg_float("max_norm", nullptr),
    arg_float("norm_type", "2.0"), arg_bool("scale_grad_by_freq", false, false),
    arg_choice("mode", "sum|mean|max", "'mean'", false), arg_bool("sparse", false, false), arg_any("_weight"),
    arg_bool("include_last_offset", false, false), arg_int("padding_idx", nullptr, false)};

constexpr TypeRow kTorchRecurrentTypes[] = {
    {"Embedding", "lookup table from token ids to vectors", lazy_rule(compute_embedding), args(kEmbeddingArgs),
     "nn.Embedding(10000, 64)", "(None,)", kAllPositional},
    {"EmbeddingBag", "sums or averages the vectors of a bag of token ids", lazy_rule(compute_embedding_bag), args(kEmbeddingBagArgs),
     "nn.EmbeddingBag(10000, 64)", "(20,)", kAllPositional},
    {"RNN", "Elman RNN over (L, H_in) sequences; two bias vectors", lazy_rule(compute_rnn), args(kRnnArgs), "nn.RNN(10, 20)",
     "(5, 10)", kAllPositional},
    {"LSTM", "long short-term memory: 4 gates, two bias vectors each", lazy_rule(compute_lstm), args(kLstmArgs), "nn.LSTM(10, 20)",
     "(5, 10)", kAllPositional},
    {"GRU", "gated recurrent unit: 3 gates, two bias vectors each", lazy_rule(compute_gru), args(kGruArgs), "nn.GRU(10, 20)", "(5, 10)",
     kAllPositional},
};

}  // namespace

void register_torch_recurrent_modules(std::vector<LayerType>& out) {
  add_layer_types(out, "Recurrent", kTorchRecurrentTypes, Framework::PyTorch);
}

}  // namespace learnable
