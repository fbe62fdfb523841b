// Recurrent layers: SimpleRNN, LSTM and GRU over (timesteps, features), and the two wrappers
// Bidirectional and TimeDistributed. Formula framing from the tutorial: inputs × outputs +
// recurrent + biases, once per gate: LSTM(32) on 8 features is 4*(8*32 + 32*32 + 32) = 5248.
#include <iterator>

#include "core/layer_context.h"

namespace learnable {

namespace {

enum class Cell { Simple, Lstm, Gru };

const char* kSequenceLayout = "(batch, timesteps, features)";

int64_t gate_count(Cell cell) { return cell == Cell::Lstm ? 4 : cell == Cell::Gru ? 3 : 1; }

std::string plural(int64_t n, const char* word) {
  return cat({n, " ", word, (n == 1 ? "" : "s")});
}

std::string steps_words(int64_t timesteps) {
  return timesteps == kUnknown ? "a sequence of any length (None)" : plural(timesteps, "time step");
}

// A flag of a wrapped layer as given (its type's default when absent is False for all we ask).
bool given_flag(const Layer& layer, std::string_view name) {
  const Value* v = layer.find_arg(name);
  if (!v) return false;
  if (v->kind == Value::Kind::Bool) return v->boolean;
  return v->kind == Value::Kind::Int && v->integer != 0;
}

void compute_recurrent(LayerContext& ctx, Cell cell) {
  const std::string& type = ctx.type().name;
  int64_t units = ctx.positive("units");
  bool use_bias = ctx.flag("use_bias");
  bool reset_after = cell == Cell::Gru && ctx.flag("reset_after");
  bool return_sequences = ctx.flag("return_sequences");
  if (ctx.flag("return_state"))
    ctx.fail("return_state",
             cat({"return_state=True makes ", type, " return its output and its final state",
                      (cell == Cell::Lstm ? "s (h and c)" : ""),
                      " as separate tensors, which a Sequential model cannot pass on to the next "
                      "layer; leave return_state=False, or use the functional API"}));
  ctx.number("dropout");
  ctx.number("recurrent_dropout");
  bool go_backwards = ctx.flag("go_backwards");
  ctx.flag("stateful");
  bool unroll = ctx.flag("unroll");
  bool time_major = ctx.flag("time_major");

  ctx.require_rank(2, kSequenceLayout);
  int64_t timesteps = ctx.input()[0];
  int64_t inputs = ctx.known_dim(1, "number of features per time step");
  if (unroll && timesteps == kUnknown)
    ctx.fail("unroll", cat({"unroll=True needs a known number of time steps, but it is None in ",
                                shape_keras(ctx.input()), "; give the sequence length or leave unroll=False"}));

  Shape out = return_sequences ? Shape{timesteps, units} : Shape{units};
  ctx.set_output(out);

  int64_t gates = gate_count(cell);
  int64_t gate_units = ctx.mul(gates, units);
  ctx.add_weight("kernel", {inputs, gate_units});
  ctx.add_weight("recurrent_kernel", {units, gate_units});
  if (use_bias) {
    if (reset_after)
      ctx.add_weight("bias", {2, gate_units});
    else
      ctx.add_weight("bias", {gate_units});
  }

  int64_t input_weights = ctx.mul(inputs, units);
  int64_t recurrent_weights = ctx.mul(units, units);
  int64_t biases = use_bias ? ctx.mul(reset_after ? 2 : 1, units) : 0;
  int64_t per_gate = ctx.add(ctx.add(input_weights, recurrent_weights), biases);

  std::string terms = cat({inputs, "*", units, " + ", units, "*", units});
  if (use_bias) terms += cat({" + ", (reset_after ? "2*" : ""), units});
  std::string formula = gates == 1 ? terms : num(gates) + "*(" + terms + ")";
  ctx.set_formula(cat({formula, " = ", ctx.result().params}));

  if (!ctx.explaining()) return;
  ctx.explain(cat({"Inputs: the previous layer gives ", shape_words(ctx.input()), ": ",
                   steps_words(timesteps), " of ", plural(inputs, "feature"), " each. ", type,
                   " reads one step at a time and reuses the same weights at every step, so the "
                   "number of steps does not change the count."}));
  const char* per = "";
  switch (cell) {
    case Cell::Simple:
      ctx.explain(cat({"Units: ", units, "; at every step each unit sees the step's ",
                       inputs, " inputs and the ", units, " outputs of the step before."}));
      break;
    case Cell::Lstm:
      ctx.explain(cat({"Gates: an LSTM has 4 gates, the input gate, the forget gate, the cell gate "
                       "(the candidate memory) and the output gate. Each is its own set of ",
                       units, " units, so every count below is made 4 times."}));
      per = " per gate";
      break;
    case Cell::Gru:
      ctx.explain(cat({"Gates: a GRU has 3 parts, the update gate, the reset gate and the candidate "
                       "state. Each is its own set of ", units,
                       " units, so every count below is made 3 times."}));
      per = " per gate";
      break;
  }
  ctx.explain(cat({"Input weights: each unit is connected to the step's ", inputs, " inputs: ",
                   inputs, " × ", units, " = ", input_weights, per, "."}));
  ctx.explain(cat({"Recurrent weights: the previous step's ", units,
                   " outputs feed back into every unit: ", units, " × ", units, " = ",
                   recurrent_weights, per, "."}));
  if (!use_bias)
    ctx.explain("Biases: none, since use_bias=False.");
  else if (reset_after)
    ctx.explain(cat({"Biases: reset_after=True (Keras' default since TensorFlow 2) applies the reset "
                     "gate after the recurrent weights, so each gate has two bias vectors, one for the "
                     "inputs and one for the recurrent weights: 2 × ", units, " = ",
                     biases, per, "."}));
  else if (cell == Cell::Gru)
    ctx.explain(cat({"Biases: one per unit, ", units, per,
                     "; reset_after=False applies the reset gate before the recurrent weights, so "
                     "one bias vector is enough."}));
  else if (cell == Cell::Lstm)
    ctx.explain(cat({"Biases: one per unit, ", units, per,
                     " (unit_forget_bias only starts the forget gate's biases at 1; it does not add any)."}));
  else
    ctx.explain(cat({"Biases: one per unit, ", units, "."}));

  std::string sum = cat({input_weights, " + ", recurrent_weights});
  if (use_bias) sum += cat({" + ", biases});
  if (gates == 1)
    ctx.explain(cat({"Total: ", sum, " = ", per_gate, "."}));
  else
    ctx.explain(cat({"Total: ", gates, " × (", sum, ") = ", gates, " × ",
                     per_gate, " = ", ctx.result().params, "."}));

  if (return_sequences)
    ctx.explain(cat({"Output: return_sequences=True keeps the output of every step: ",
                     shape_words(out), "."}));
  else
    ctx.explain(cat({"Output: only the last step's ", units,
                     " outputs go on (return_sequences=False): ", shape_words(out), "."}));
  if (go_backwards)
    ctx.explain("go_backwards=True reads the steps from last to first; the count is the same.");
  if (time_major)
    ctx.explain("time_major=True makes Keras read the input as (timesteps, batch, features); the "
                "count is the same, and the shapes here are shown batch first.");
}

void compute_simple_rnn(LayerContext& ctx) { compute_recurrent(ctx, Cell::Simple); }
void compute_lstm(LayerContext& ctx) { compute_recurrent(ctx, Cell::Lstm); }
void compute_gru(LayerContext& ctx) { compute_recurrent(ctx, Cell::Gru); }

// The left-hand side of a worked formula, parenthesized when it is a sum, so that it can be
// multiplied: "8*32 + 32*32 + 32 = 1312" -> "(8*32 + 32*32 + 32)".
std::string formula_lhs(const std::string& formula) {
  size_t eq = formula.rfind(" = ");
  return eq == std::string::npos ? formula : formula.substr(0, eq);
}

std::string as_factor(const std::string& expression) {
  int depth = 0;
  for (size_t i = 0; i < expression.size(); ++i) {
    char c = expression[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && (c == '+' || c == '-') && i > 0) return cat({"(", expression, ")"});
  }
  return expression;
}

std::string layer_label(const Layer& layer) {
  return layer.name.empty() ? keras_snake_case(layer.type) : layer.name;
}

// Bidirectional only wraps recurrent layers: those whose type has return_sequences and
// go_backwards. An unknown type is left for compute_inner to report.
void require_recurrent(const LayerContext& ctx, size_t index, const char* argument) {
  if (index >= ctx.layer().inner.size()) return;
  const Layer& wrapped = ctx.layer().inner[index];
  const LayerType* type = find_layer_type(wrapped.type);
  if (type && (!type->find_arg("return_sequences") || !type->find_arg("go_backwards")))
    ctx.fail(argument, cat({"Bidirectional wraps a recurrent layer (SimpleRNN, LSTM or GRU), not ",
                                wrapped.type}));
}

void copy_weights(LayerContext& ctx, const LayerResult& inner, const std::string& prefix) {
  for (const Weight& w : inner.weights) ctx.add_weight(prefix + w.name, w.shape, w.trainable);
}

void explain_inner(LayerContext& ctx, const LayerResult& inner) {
  for (const std::string& step : inner.explanation) ctx.explain(step);
}

void compute_bidirectional(LayerContext& ctx) {
  const Value& mode = ctx.arg("merge_mode");
  if (mode.is_none())
    ctx.fail("merge_mode",
             "merge_mode=None returns the forward and backward outputs as two separate tensors, "
             "which a Sequential model cannot pass on; use 'concat', 'sum', 'mul' or 'ave'");
  std::string merge = ctx.choice("merge_mode");
  const Layer& self = ctx.layer();
  require_recurrent(ctx, 0, "layer");
  bool has_backward = self.inner.size() > 1;
  if (has_backward) {
    require_recurrent(ctx, 1, "backward_layer");
    const Layer& forward = self.inner[0];
    const Layer& backward = self.inner[1];
    if (given_flag(forward, "go_backwards") == given_flag(backward, "go_backwards"))
      ctx.fail("backward_layer",
               cat({"the backward layer must read the other way: give it go_backwards=",
                        std::string(given_flag(forward, "go_backwards") ? "False" : "True")}));
    for (const char* flag : {"return_sequences", "return_state", "stateful"})
      if (given_flag(forward, flag) != given_flag(backward, flag))
        ctx.fail("backward_layer", cat({"the forward and backward layers must agree on ", flag, ", but they differ"}));
  }

  LayerResult forward = ctx.compute_inner(0, ctx.input());
  LayerResult backward = has_backward ? ctx.compute_inner(1, ctx.input()) : forward;
  const std::string& forward_type = self.inner[0].type;
  const std::string& backward_type = has_backward ? self.inner[1].type : forward_type;

  Shape out = forward.output_shape;
  if (merge == "concat") {
    if (out.size() != backward.output_shape.size() || out.empty())
      ctx.fail("backward_layer", cat({"the forward output ", shape_keras(out), " and the backward output ",
                                          shape_keras(backward.output_shape), " cannot be joined"}));
    out.back() = ctx.add(out.back(), backward.output_shape.back());
  } else if (backward.output_shape != out) {
    ctx.fail("backward_layer", cat({"merge_mode='", merge, "' needs the forward output ",
                                        shape_keras(out), " and the backward output ",
                                        shape_keras(backward.output_shape), " to match"}));
  }
  ctx.set_output(out);

  copy_weights(ctx, forward, cat({"forward_", layer_label(self.inner[0]), "/"}));
  copy_weights(ctx, backward,
               cat({"backward_", layer_label(self.inner[has_backward ? 1 : 0]), "/"}));

  std::string forward_lhs = formula_lhs(forward.formula);
  if (has_backward)
    ctx.set_formula(cat({forward_lhs, " + ", formula_lhs(backward.formula), " = ",
                         ctx.result().params}));
  else
    ctx.set_formula(cat({"2*", as_factor(forward_lhs), " = ", ctx.result().params}));

  if (has_backward) {
    ctx.explain(cat({"Bidirectional runs two recurrent layers over the ", shape_words(ctx.input()),
                     " input: the forward ", forward_type, " reads the steps first to last, the "
                     "backward ", backward_type, " reads them last to first, each with its own weights."}));
    ctx.explain(cat({"The forward ", forward_type, ", worked out:"}));
    explain_inner(ctx, forward);
    ctx.explain(cat({"The backward ", backward_type, ", worked out:"}));
    explain_inner(ctx, backward);
    ctx.explain(cat({"Both directions: ", forward.params, " + ", backward.params, " = ",
                     ctx.result().params, "."}));
  } else {
    ctx.explain(cat({"Bidirectional runs two copies of the wrapped ", forward_type, " over the ",
                     shape_words(ctx.input()), " input: one reads the steps first to last, the other "
                     "last to first. Each copy has its own weights."}));
    ctx.explain("One copy, worked out:");
    explain_inner(ctx, forward);
    ctx.explain(cat({"Both directions: 2 × ", forward.params, " = ", ctx.result().params, "."}));
  }
  int64_t forward_width = forward.output_shape.empty() ? 0 : forward.output_shape.back();
  int64_t backward_width = backward.output_shape.empty() ? 0 : backward.output_shape.back();
  if (merge == "concat")
    ctx.explain(cat({"Output: merge_mode='concat' puts the two outputs side by side, ",
                     forward_width, " + ", backward_width, " = ", out.back(),
                     " values: ", shape_words(out), "."}));
  else {
    const char* how = merge == "sum" ? "adds" : merge == "mul" ? "multiplies" : "averages";
    ctx.explain(cat({"Output: merge_mode='", merge, "' ", how,
                     " the two outputs value by value, so the width stays ", forward_width,
                     ": ", shape_words(out), "."}));
  }
}

void compute_time_distributed(LayerContext& ctx) {
  ctx.require_min_rank(2, "(batch, timesteps, ...)");
  int64_t timesteps = ctx.input()[0];
  Shape step(ctx.input().begin() + 1, ctx.input().end());
  LayerResult inner = ctx.compute_inner(0, step);
  const std::string& inner_type = ctx.layer().inner[0].type;

  Shape out{timesteps};
  out.insert(out.end(), inner.output_shape.begin(), inner.output_shape.end());
  ctx.set_output(out);
  copy_weights(ctx, inner, "");
  ctx.set_formula(inner.formula);

  std::string steps = timesteps == kUnknown ? "every time step" : "each of the " + num(timesteps) + " time steps";
  if (!ctx.explaining()) return;
  ctx.explain(cat({"TimeDistributed applies the wrapped ", inner_type, " to ", steps, " of ",
                   shape_words(ctx.input()), " on its own; one step is ", shape_words(step), "."}));
  explain_inner(ctx, inner);
  if (inner.params > 0)
    ctx.explain(cat({"Shared weights: the same ", inner.params, " parameters are used at ",
                     (timesteps == kUnknown ? std::string("every step") : "all " + num(timesteps) + " steps"),
                     ", so the count is the wrapped ", inner_type, "'s and does not grow with the "
                     "number of steps."}));
  ctx.explain(cat({"Output: the time axis stays, and each step becomes ", shape_words(inner.output_shape),
                   ": ", shape_words(out), "."}));
}

// Keras' signatures: each cell's head (with its initializers), the arguments the three cells
// share, then each cell's own keyword arguments.
constexpr ArgRow kSimpleRnnHead[] = {
    arg_required_int("units"),
    arg_activation("activation", "'tanh'"),
    arg_bool("use_bias", true),
    arg_any("kernel_initializer", "'glorot_uniform'"),
    arg_any("recurrent_initializer", "'orthogonal'"),
    arg_any("bias_initializer", "'zeros'")};

constexpr ArgRow kLstmHead[] = {
    arg_required_int("units"),
    arg_activation("activation", "'tanh'"),
    arg_activation("recurrent_activation", "'sigmoid'"),
    arg_bool("use_bias", true),
    arg_any("kernel_initializer", "'glorot_uniform'"),
    arg_any("recurrent_initializer", "'orthogonal'"),
    arg_any("bias_initializer", "'zeros'"),
    arg_bool("unit_forget_bias", true, false)};

constexpr ArgRow kGruHead[] = {
    arg_required_int("units"),
    arg_activation("activation", "'tanh'"),
    arg_activation("recurrent_activation", "'sigmoid'"),
    arg_bool("use_bias", true),
    arg_any("kernel_initializer", "'glorot_uniform'"),
    arg_any("recurrent_initializer", "'orthogonal'"),
    arg_any("bias_initializer", "'zeros'")};

constexpr ArgRow kRecurrentTail[] = {
    arg_any("kernel_regularizer"),
    arg_any("recurrent_regularizer"),
    arg_any("bias_regularizer"),
    arg_any("activity_regularizer"),
    arg_any("kernel_constraint"),
    arg_any("recurrent_constraint"),
    arg_any("bias_constraint"),
    arg_float("dropout", "0.0"),
    arg_float("recurrent_dropout", "0.0"),
    arg_bool("return_sequences", false),
    arg_bool("return_state", false),
    arg_bool("go_backwards", false, false),
    arg_bool("stateful", false, false)};

constexpr ArgRow kSimpleRnnEnd[] = {arg_bool("unroll", false, false),
                                    arg_bool("time_major", false, false)};  // keyword only, passed on to RNN
constexpr ArgRow kLstmEnd[] = {arg_bool("time_major", false, false), arg_bool("unroll", false, false)};
constexpr ArgRow kGruEnd[] = {arg_bool("unroll", false, false), arg_bool("time_major", false, false),
                              arg_bool("reset_after", true)};

constexpr ArgRow kBidirectionalArgs[] = {arg_layer("layer"), arg_choice("merge_mode", "concat|sum|mul|ave", "'concat'"),
                                         arg_any("weights"), arg_layer("backward_layer", false)};
constexpr ArgRow kTimeDistributedArgs[] = {arg_layer("layer")};

constexpr size_t kSimpleRnnPositional = std::size(kSimpleRnnHead) + std::size(kRecurrentTail) + 1;  // not time_major

constexpr TypeRow kRecurrentTypes[] = {
    {"SimpleRNN", "fully connected recurrent layer over time steps", lazy_rule(compute_simple_rnn),
     args(kSimpleRnnHead, kRecurrentTail, kSimpleRnnEnd), "SimpleRNN(32)", "(10, 8)", kSimpleRnnPositional},
    {"LSTM", "long short-term memory: 4 gates over time steps", lazy_rule(compute_lstm), args(kLstmHead, kRecurrentTail, kLstmEnd),
     "LSTM(32)", "(10, 8)", kAllPositional},
    {"GRU", "gated recurrent unit: 3 gates over time steps", lazy_rule(compute_gru), args(kGruHead, kRecurrentTail, kGruEnd),
     "GRU(32)", "(10, 8)", kAllPositional},
    {"Bidirectional", "runs a recurrent layer forwards and backwards", lazy_rule(compute_bidirectional), args(kBidirectionalArgs),
     "Bidirectional(LSTM(32))", "(10, 8)", kAllPositional},
    {"TimeDistributed", "applies a layer to every time step", lazy_rule(compute_time_distributed), args(kTimeDistributedArgs),
     "TimeDistributed(Dense(8))", "(10, 64)", kAllPositional},
};

}  // namespace

void register_recurrent_layers(std::vector<LayerType>& out) { add_layer_types(out, "Recurrent", kRecurrentTypes); }

}  // namespace learnable
