// Quiz mode's judge. Each usual mistake is the layer recomputed by the core with one thing
// changed (the kernel's area, the input channels, the framework's conventions) or the layer's
// weights with one kind left out (the biases, the recurrent weights); the first mistake whose
// count is the student's number names the step that differs. No count here is written by hand.
#include "core/quiz.h"

#include <exception>
#include <optional>
#include <string_view>

#include "core/checked.h"
#include "core/convert.h"
#include "core/layer_context.h"
#include "core/layer_type.h"
#include "core/text.h"

namespace learnable {

namespace {

enum class Family { Conv, Depthwise, Separable, Dense, Recurrent, BatchNorm, Embedding, Other };

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

Family family_of(const std::string& type) {
  if (starts_with(type, "SeparableConv")) return Family::Separable;
  if (starts_with(type, "DepthwiseConv")) return Family::Depthwise;
  if (starts_with(type, "Conv")) return Family::Conv;  // Conv2D, Conv2DTranspose, Conv2d, ConvTranspose2d
  if (type == "Dense" || type == "Linear") return Family::Dense;
  if (type == "SimpleRNN" || type == "LSTM" || type == "GRU" || type == "RNN" || type == "Bidirectional")
    return Family::Recurrent;
  if (starts_with(type, "BatchNorm")) return Family::BatchNorm;  // BatchNormalization, BatchNorm2d
  if (type == "Embedding") return Family::Embedding;
  return Family::Other;
}

// The last part of a weight's name: Bidirectional's "forward_lstm/bias" is a "bias".
std::string_view leaf(std::string_view name) {
  size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

bool is_bias(const Weight& w) {
  std::string_view n = leaf(w.name);
  return n == "bias" || starts_with(n, "bias_");  // Keras' bias, PyTorch's bias_ih_l0
}

bool is_recurrent_weight(const Weight& w) {
  std::string_view n = leaf(w.name);
  return n == "recurrent_kernel" || starts_with(n, "weight_hh");
}

std::string plural(int64_t n, const char* one, const char* many) { return cat({n, " ", (n == 1 ? one : many)}); }

struct Mistake {
  std::string mistake, step, hint;
  std::optional<int64_t> value;
};

class Judge {
 public:
  Judge(const Calculator& calc, size_t index)
      : calc_(calc),
        index_(index),
        layer_(calc.model().layers[index]),
        r_(calc.results()[index]),
        fw_(calc.model().framework),
        family_(family_of(layer_.type)) {}

  std::vector<Mistake> mistakes() const;

 private:
  const std::string& name() const { return layer_.name.empty() ? layer_.type : layer_.name; }
  bool torch() const { return fw_ == Framework::PyTorch; }
  std::string previous() const {
    if (index_ == 0) return "the input";
    const Layer& prev = calc_.model().layers[index_ - 1];
    return prev.name.empty() ? prev.type : prev.name;
  }

  std::optional<int64_t> recount(const Layer& l, const Shape& in) const {
    LayerResult x = compute_layer(l, in, false, fw_);
    if (!x.ok()) return std::nullopt;
    return x.params;
  }
  // A convolution's count does not depend on its spatial size: when a changed kernel no longer
  // fits the input, it is counted again on a larger one.
  std::optional<int64_t> recount_conv(const Layer& l, Shape in) const {
    if (auto n = recount(l, in)) return n;
    size_t axis = channel_axis(in);
    for (size_t i = 0; i < in.size(); ++i)
      if (i != axis && in[i] != kUnknown) in[i] += 256;
    return recount(l, in);
  }

  size_t channel_axis(const Shape& in) const {
    if (in.empty()) return 0;
    if (torch()) return family_ == Family::Conv || family_ == Family::BatchNorm ? 0 : in.size() - 1;
    const Value* format = layer_.find_arg("data_format");
    if (format && format->kind == Value::Kind::String && format->text == "channels_first" && in.size() >= 2) return 0;
    return in.size() - 1;
  }
  int64_t channels() const { return r_.input_shape.empty() ? kUnknown : r_.input_shape[channel_axis(r_.input_shape)]; }
  int64_t out_channels() const {
    return r_.output_shape.empty() ? kUnknown : r_.output_shape[channel_axis(r_.output_shape)];
  }

  // The layer counted as if its input had `c` channels (features), PyTorch's in_channels /
  // in_features / input_size following.
  std::optional<int64_t> with_channels(int64_t c) const {
    if (c <= 0 || r_.input_shape.empty()) return std::nullopt;
    Shape in = r_.input_shape;
    in[channel_axis(in)] = c;
    Layer l = layer_;
    if (torch()) {
      const LayerType* type = find_layer_type(l.type, fw_);
      for (const char* arg : {"in_channels", "in_features", "input_size"})
        if (type && type->find_arg(arg)) l.set_arg(arg, Value::of_int(c));
    }
    return family_ == Family::Dense || family_ == Family::Recurrent ? recount(l, in) : recount_conv(l, in);
  }

  // The kernel's dimensions, read from the first weight: Keras keeps them first (3, 3, in, out),
  // PyTorch last (out, in, 3, 3).
  std::vector<int64_t> kernel() const {
    if (r_.weights.empty() || r_.weights[0].shape.size() < 3) return {};
    const Shape& s = r_.weights[0].shape;
    return torch() ? std::vector<int64_t>(s.begin() + 2, s.end()) : std::vector<int64_t>(s.begin(), s.end() - 2);
  }
  std::optional<int64_t> with_kernel(const std::vector<int64_t>& k) const {
    Layer l = layer_;
    l.set_arg("kernel_size", Value::tuple_of_ints(k));
    return recount_conv(l, r_.input_shape);
  }

  // The same layer counted in the other framework's conventions (convert.h), alone on its input.
  std::optional<int64_t> other_framework() const {
    Model m;
    m.framework = fw_;
    m.input_shape = r_.input_shape;
    m.layers.push_back(layer_);
    Conversion c = convert_model(m, torch() ? Framework::Keras : Framework::PyTorch);
    if (!c.left_out.empty() || c.model.layers.empty()) return std::nullopt;
    Calculator other(c.model);
    if (!other.all_resolved() || other.totals().overflow) return std::nullopt;
    return other.totals().params;
  }

  int64_t sum_weights(bool (*keep)(const Weight&)) const {
    int64_t n = 0;
    for (const Weight& w : r_.weights)
      if (!w.buffer && keep(w)) n += w.count;
    return n;
  }

  // Spatial positions of the output (all but the channels), for "counted at every position".
  std::optional<int64_t> positions(const Shape& s) const {
    if (s.size() < 2 || !fully_known(s)) return std::nullopt;
    size_t axis = channel_axis(s);
    std::optional<int64_t> n = 1;
    for (size_t i = 0; i < s.size() && n; ++i)
      if (i != axis) n = checked_mul(*n, s[i]);
    return n;
  }
  std::string positions_words(const Shape& s) const {
    Shape spatial;
    size_t axis = channel_axis(s);
    for (size_t i = 0; i < s.size(); ++i)
      if (i != axis) spatial.push_back(s[i]);
    return shape_words(spatial);
  }

  int64_t gates() const {
    std::string t = layer_.type == "Bidirectional" && !layer_.inner.empty() ? layer_.inner[0].type : layer_.type;
    return t == "LSTM" ? 4 : t == "GRU" ? 3 : 1;
  }
  bool bidirectional() const {
    if (layer_.type == "Bidirectional") return true;
    const Value* v = layer_.find_arg("bidirectional");
    return v && v->kind == Value::Kind::Bool && v->boolean;
  }
  int64_t recurrent_units() const {
    const Layer& l = layer_.type == "Bidirectional" && !layer_.inner.empty() ? layer_.inner[0] : layer_;
    const Value* v = l.find_arg(torch() ? "hidden_size" : "units");
    return v && v->is_int() ? v->integer : kUnknown;
  }
  const char* outputs_noun() const {
    switch (family_) {
      case Family::Conv:
      case Family::Separable: return "filters";
      case Family::Depthwise: return "output channels";
      case Family::Dense: return torch() ? "outputs" : "units";
      default: return "units";
    }
  }

  void add(std::vector<Mistake>& out, const char* mistake, const char* step, std::optional<int64_t> value,
           std::string hint) const {
    if (!value || *value < 0 || *value == r_.params) return;
    out.push_back({mistake, step, std::move(hint), value});
  }

  void biases(std::vector<Mistake>& out) const;
  void input_channels(std::vector<Mistake>& out) const;
  void kernel_size(std::vector<Mistake>& out) const;
  void recurrent(std::vector<Mistake>& out) const;
  void normalization(std::vector<Mistake>& out) const;
  void separable(std::vector<Mistake>& out) const;
  void embedding(std::vector<Mistake>& out) const;
  void sizes(std::vector<Mistake>& out) const;

  const Calculator& calc_;
  size_t index_;
  const Layer& layer_;
  const LayerResult& r_;
  Framework fw_;
  Family family_;
};

void Judge::biases(std::vector<Mistake>& out) const {
  int64_t bias = sum_weights(is_bias);
  if (bias == 0) return;
  int64_t weights = r_.params - bias;
  std::string k = dims_words(kernel());
  std::string alone;
  // "each of the 32 filters", or "its one filter".
  auto each = [](int64_t n, const char* one, const char* many) {
    return n == 1 ? cat({"its one ", one}) : cat({"each of the ", n, " ", many});
  };
  switch (family_) {
    case Family::Conv: alone = cat({"the ", k, " kernels' weights alone give: ", each(out_channels(), "filter", "filters")}); break;
    case Family::Depthwise:
      alone = cat({"the ", k, " depthwise kernels alone give: ", each(out_channels(), "output channel", "output channels")});
      break;
    case Family::Separable:
      alone = cat({"the depthwise and pointwise kernels alone give: ", each(out_channels(), "filter", "filters")});
      break;
    case Family::Dense:
      alone = cat({"the weights alone give: ", each(out_channels(), (torch() ? "output" : "unit"), outputs_noun())});
      break;
    default:
      alone = gates() > 1 ? std::string("the weights alone give: every unit of every gate")
                          : cat({"the weights alone give: ", each(recurrent_units(), "unit", "units")});
  }
  add(out, "forgot_biases", "biases", weights, cat({"Your number is what ", alone, " also has a bias."}));
  const char* one = family_ == Family::Dense ? (torch() ? "output" : "unit") : family_ == Family::Recurrent ? "unit" : "filter";
  add(out, "bias_per_weight", "biases", checked_mul(weights, 2),
      cat({"Your number gives every weight its own bias: a bias is added once to each ", one,
           "'s sum, so there is one per ", one, ", not one per weight."}));
}

void Judge::input_channels(std::vector<Mistake>& out) const {
  const bool dense = family_ == Family::Dense;
  const bool rnn = family_ == Family::Recurrent;
  const char* what = dense ? "inputs" : rnn ? "features" : "channels";
  const char* step = dense || rnn ? "inputs" : "input channels";
  const std::string receives = cat({name(), " receives ", shape_words(r_.input_shape)});
  int64_t c = channels();
  if (c == kUnknown) return;

  // Forgot them: one input channel.
  std::string forgot;
  if (dense) forgot = cat({"Your number connects each unit to a single input: every unit has a weight for each value it "
                           "receives, and ", receives, "."});
  else if (rnn) forgot = cat({"Your number leaves out the step's inputs: each unit is connected to every feature of a step, "
                              "and ", receives, "."});
  else if (family_ == Family::Depthwise)
    forgot = cat({"Your number is what one channel would give: a depthwise convolution has its own ", dims_words(kernel()),
                  " filters for each channel of its input, and ", receives, "."});
  else
    forgot = cat({"Your number is what a single input channel would give: each filter has a ", dims_words(kernel()),
                  " kernel for every channel of its input, and ", receives, "."});
  add(out, "forgot_input_channels", step, with_channels(1), forgot);

  // The previous layer's: the vocabulary of an Embedding before a recurrent or dense layer.
  if (index_ >= 1) {
    const Layer& prev = calc_.model().layers[index_ - 1];
    if (prev.type == "Embedding") {
      const Value* vocabulary = prev.find_arg(torch() ? "num_embeddings" : "input_dim");
      if (vocabulary && vocabulary->is_int() && vocabulary->integer != c)
        add(out, "vocabulary_as_inputs", step, with_channels(vocabulary->integer),
            cat({"Your number uses the Embedding's vocabulary (", vocabulary->integer, " words) as the input: ", name(),
                 " reads the embedding vectors, ", c, " numbers per step."}));
    }
  }
  // The model's input (the image's 3 channels), when this layer does not read it directly.
  const std::optional<Shape>& model_in = calc_.model().input_shape;
  if (index_ >= 1 && model_in && model_in->size() == r_.input_shape.size()) {
    int64_t m = (*model_in)[channel_axis(*model_in)];
    if (m != kUnknown && m != c)
      add(out, "model_input_channels", step, with_channels(m),
          cat({"Your number uses the ", m, " ", what, " of the model's input: ", name(), " sees the output of ",
               previous(), ", just before it: ", shape_words(r_.input_shape), "."}));
  }
  // The output of two layers back.
  if (index_ >= 2) {
    const Shape& back = calc_.results()[index_ - 1].input_shape;
    if (back.size() == r_.input_shape.size()) {
      int64_t b = back[channel_axis(back)];
      if (b != kUnknown && b != c)
        add(out, "channels_two_back", step, with_channels(b),
            cat({"Your number uses the ", b, " ", what, " of the output two layers back: ", name(), " sees the output of ",
                 previous(), ", just before it: ", shape_words(r_.input_shape), "."}));
    }
  }
  // The layer's own outputs taken for its inputs.
  int64_t own = rnn ? recurrent_units() : out_channels();
  if (own != kUnknown && own != c && family_ != Family::Depthwise)
    add(out, "own_outputs_as_inputs", step, with_channels(own),
        cat({"Your number takes the layer's own ", own, " ", (rnn ? "units" : outputs_noun()), " as its ", step,
             " too: the ", step, " come from the layer before, which gives ", shape_words(r_.input_shape), "."}));
}

void Judge::kernel_size(std::vector<Mistake>& out) const {
  std::vector<int64_t> k = kernel();
  if (k.empty()) return;
  std::string area;
  for (size_t i = 0; i < k.size(); ++i) area += cat({(i ? " × " : ""), k[i]});
  if (k.size() == 1) {
    std::optional<int64_t> square = checked_mul(k[0], k[0]);
    add(out, "kernel_area", "kernel size", square ? with_kernel({*square}) : std::nullopt,
        cat({"Your number squares the kernel size: a ", layer_.type, " kernel of ", k[0], " is a row of ", k[0],
             " weights for each input channel, not a ", k[0], "×", k[0], " square."}));
    return;
  }
  std::vector<int64_t> once(k.size(), 1);
  once[0] = k[0];
  add(out, "kernel_once", "kernel size", with_kernel(once),
      cat({"Your number uses the kernel size once (", k[0], ") instead of its area: a ", dims_words(k), " kernel holds ",
           area, " weights for each input channel."}));
  std::vector<int64_t> sum(k.size(), 1);
  sum[0] = 0;
  std::string sides;
  for (size_t i = 0; i < k.size(); ++i) {
    sum[0] += k[i];
    sides += cat({(i ? " + " : ""), k[i]});
  }
  std::optional<int64_t> volume = 1;
  for (int64_t d : k) volume = volume ? checked_mul(*volume, d) : std::nullopt;
  if (volume && sum[0] >= *volume) return;  // 1×1, 2×2: adding the sides is no smaller a mistake than the product
  add(out, "kernel_sum", "kernel size", with_kernel(sum),
      cat({"Your number adds the kernel's sides (", sides, ") instead of multiplying them: a ", dims_words(k),
           " kernel holds ", area, " weights for each input channel."}));
}

void Judge::recurrent(std::vector<Mistake>& out) const {
  int64_t g = gates();
  if (g > 1 && r_.params % g == 0) {
    const char* cell = g == 4 ? "an LSTM has 4 gates (input, forget, cell and output)"
                              : "a GRU has 3 parts (update, reset and candidate)";
    add(out, "forgot_gates", "gates", r_.params / g,
        cat({"Your number counts one gate: ", cell, ", each with its own input weights, recurrent weights and biases."}));
  }
  int64_t rec = sum_weights(is_recurrent_weight);
  if (rec > 0) {
    int64_t units = recurrent_units();
    add(out, "forgot_recurrent", "recurrent weights", r_.params - rec,
        cat({"Your number leaves out the recurrent weights: at every step, the previous step's ",
             (units == kUnknown ? std::string("outputs") : cat({units, " outputs"})), " feed back into every unit",
             (g > 1 ? " of every gate" : ""), "."}));
  }
  if (bidirectional() && r_.params % 2 == 0)
    add(out, "one_direction", "directions", r_.params / 2,
        cat({"Your number counts one direction: ",
             (torch() ? "bidirectional=True runs every layer a second time over the reversed sequence"
                      : "Bidirectional runs two copies of the layer, one forwards and one backwards"),
             ", each with its own weights."}));
  add(out, "other_framework", "biases", other_framework(),
      torch() ? cat({"Your number is Keras' count, with one bias vector per ", (g > 1 ? "gate" : "layer"),
                     ": PyTorch keeps two, bias_ih and bias_hh."})
              : cat({"Your number is PyTorch's count: PyTorch gives ", (g > 1 ? "each gate" : "the layer"),
                     " two bias vectors (bias_ih and bias_hh), Keras one."}));
}

void Judge::normalization(std::vector<Mistake>& out) const {
  if (!torch()) {
    if (r_.trainable > 0 && r_.non_trainable > 0) {
      add(out, "trainable_only", "moving statistics", r_.trainable,
          "Your number counts gamma and beta, the trainable part: Keras' total also counts the moving mean and the "
          "moving variance, which it keeps as non-trainable weights.");
      add(out, "statistics_only", "gamma and beta", r_.non_trainable,
          "Your number counts only the moving mean and variance: the scale (gamma) and the shift (beta) are learned "
          "too, and count as trainable.");
    }
  } else if (r_.buffers > 0) {
    int64_t statistics = 0;
    for (const Weight& w : r_.weights)
      if (w.buffer && (w.name == "running_mean" || w.name == "running_var")) statistics += w.count;
    const char* why = ": PyTorch keeps them as buffers, saved with the model but not parameters, so model.parameters() "
                      "leaves them out.";
    add(out, "with_buffers", "buffers", checked_add(r_.params, statistics),
        cat({"Your number also counts running_mean and running_var", why}));
    add(out, "with_buffers", "buffers", checked_add(r_.params, r_.buffers),
        cat({"Your number also counts running_mean, running_var and num_batches_tracked", why}));
  }
  std::optional<int64_t> n = positions(r_.input_shape);
  if (n && *n > 1)
    add(out, "per_position", "channels", checked_mul(r_.params, *n),
        cat({"Your number gives every position its own numbers: ", layer_.type,
             " keeps one of each per channel, shared by all ", positions_words(r_.input_shape), " positions."}));
}

void Judge::separable(std::vector<Mistake>& out) const {
  std::vector<int64_t> k = kernel();
  int64_t depthwise = 0, pointwise = 0, bias = sum_weights(is_bias);
  for (const Weight& w : r_.weights) {
    if (leaf(w.name) == "depthwise_kernel") depthwise += w.count;
    if (leaf(w.name) == "pointwise_kernel") pointwise += w.count;
  }
  if (family_ == Family::Separable) {
    add(out, "depthwise_only", "pointwise step", depthwise + bias,
        cat({"Your number stops after the depthwise step: a 1×1 convolution then maps the channels to the ",
             out_channels(), " filters, and its weights count too."}));
    add(out, "pointwise_only", "depthwise step", pointwise + bias,
        cat({"Your number leaves out the depthwise step: before the 1×1 convolution, each input channel has its own ",
             dims_words(k), " filter, and those weights count too."}));
  }
  // A regular convolution of the same rank, kernel and outputs.
  Layer conv;
  conv.type = cat({"Conv", static_cast<int64_t>(k.size()), "D"});
  conv.set_arg("filters", Value::of_int(out_channels()));
  conv.set_arg("kernel_size", Value::tuple_of_ints(k));
  for (const char* arg : {"strides", "padding", "data_format", "dilation_rate", "use_bias"})
    if (const Value* v = layer_.find_arg(arg)) conv.set_arg(arg, *v);
  std::optional<int64_t> regular = k.empty() || out_channels() == kUnknown ? std::nullopt : recount_conv(conv, r_.input_shape);
  if (family_ == Family::Depthwise)
    add(out, "full_convolution", "input channels", regular,
        cat({"Your number is what a regular ", conv.type, " would have: a depthwise convolution gives each input channel "
             "its own ", dims_words(k), " filters, which see that channel only."}));
  else
    add(out, "full_convolution", "depthwise step", regular,
        cat({"Your number is what a regular ", conv.type, " would have: a separable convolution first filters each "
             "channel on its own (the depthwise step), then mixes the channels with 1×1 filters (the pointwise step)."}));
}

void Judge::embedding(std::vector<Mistake>& out) const {
  if (r_.weights.empty() || r_.weights[0].shape.size() != 2) return;
  int64_t vocabulary = r_.weights[0].shape[0], width = r_.weights[0].shape[1];
  Layer dense;
  dense.type = torch() ? "Linear" : "Dense";
  dense.set_arg(torch() ? "in_features" : "units", Value::of_int(torch() ? vocabulary : width));
  if (torch()) dense.set_arg("out_features", Value::of_int(width));
  add(out, "embedding_bias", "biases", recount(dense, {vocabulary}),
      "Your number adds a bias per output number, as a dense layer would: an Embedding is a lookup table, one learned "
      "row per word, with no biases.");
  if (!r_.input_shape.empty() && r_.input_shape.back() != kUnknown) {
    int64_t steps = r_.input_shape.back();
    Layer shorter = layer_;
    shorter.set_arg(torch() ? "num_embeddings" : "input_dim", Value::of_int(steps));
    add(out, "sequence_as_vocabulary", "vocabulary", recount(shorter, r_.input_shape),
        cat({"Your number uses the sequence length (", steps, " steps) for the table's rows: an Embedding has one row "
             "per word of the vocabulary (", (torch() ? "num_embeddings" : "input_dim"), "), whatever the length."}));
  }
}

void Judge::sizes(std::vector<Mistake>& out) const {
  if (!fully_known(r_.output_shape)) return;
  std::optional<int64_t> values = 1;
  for (int64_t d : r_.output_shape) values = values ? checked_mul(*values, d) : std::nullopt;
  std::string hint;
  if (family_ == Family::Dense && r_.output_shape.size() == 1)
    hint = cat({"Your number is the number of ", outputs_noun(), ", the layer's output: each has a weight for every input",
                (sum_weights(is_bias) > 0 ? ", plus a bias." : ".")});
  else
    hint = cat({"Your number is the size of ", name(), "'s output (", shape_words(r_.output_shape),
                " values), not of its weights: parameters are what the layer learns, whatever its output size."});
  add(out, "output_size", "weights", values, hint);
  if (family_ == Family::Conv || family_ == Family::Depthwise || family_ == Family::Separable) {
    std::optional<int64_t> n = positions(r_.output_shape);
    if (n && *n > 1)
      add(out, "per_position", "weights", checked_mul(r_.params, *n),
          cat({"Your number counts the kernels again at every one of the ", positions_words(r_.output_shape),
               " output positions: a convolution slides the same kernels over the whole input, so they count once."}));
  }
}

std::vector<Mistake> Judge::mistakes() const {
  std::vector<Mistake> out;
  switch (family_) {
    case Family::Conv:
      biases(out);
      kernel_size(out);
      input_channels(out);
      sizes(out);
      break;
    case Family::Depthwise:
    case Family::Separable:
      biases(out);
      separable(out);
      kernel_size(out);
      input_channels(out);
      sizes(out);
      break;
    case Family::Dense:
      biases(out);
      if (index_ >= 1) {
        const Layer& prev = calc_.model().layers[index_ - 1];
        const Shape& before = calc_.results()[index_ - 1].input_shape;
        if (prev.type == "Flatten" && before.size() >= 2 && fully_known(before)) {
          // Keras' last axis holds the channels; PyTorch's first dimension does.
          for (int64_t d : {before.back(), torch() ? before.front() : before.back()}) {
            Shape in = {d};
            Layer l = layer_;
            if (torch()) l.set_arg("in_features", Value::of_int(d));
            add(out, "flatten_last_dim", "inputs", recount(l, in),
                cat({"Your number connects each ", (torch() ? "output" : "unit"), " only to the ", d, " values of ",
                     (torch() && d == before.front() ? "the channel dimension" : "the last axis"),
                     " before Flatten: Flatten lays the whole ", shape_words(before),
                     " tensor out in one row, and every ", (torch() ? "output" : "unit"),
                     " is connected to every value in it."}));
            if (!torch()) break;
          }
        }
      }
      input_channels(out);
      sizes(out);
      break;
    case Family::Recurrent:
      recurrent(out);
      biases(out);
      input_channels(out);
      sizes(out);
      break;
    case Family::BatchNorm:
      normalization(out);
      break;
    case Family::Embedding:
      embedding(out);
      sizes(out);
      break;
    case Family::Other:
      sizes(out);
      break;
  }
  if (r_.non_trainable > 0 && r_.trainable > 0)
    add(out, "trainable_only", "trainable", r_.trainable,
        "Your number counts only the trainable parameters: the layer's count includes the non-trainable ones too "
        "(frozen weights are still parameters).");
  if (family_ != Family::Recurrent)
    add(out, "other_framework", "conventions", other_framework(),
        cat({"Your number is what ", framework_title(torch() ? Framework::Keras : Framework::PyTorch),
             " counts for this layer; this model follows ", framework_title(fw_), "'s conventions."}));
  return out;
}

// Lines of the explanation each step name points at.
std::vector<const char*> step_prefixes(const std::string& step) {
  if (step == "biases") return {"Biases:"};
  if (step == "kernel size") return {"Outputs:"};
  if (step == "input channels" || step == "inputs") return {"Inputs:", "Channels:"};
  if (step == "weights") return {"Weights:", "Input weights:"};
  if (step == "gates") return {"Gates:"};
  if (step == "recurrent weights") return {"Recurrent weights:", "Layer 0 reads"};
  if (step == "directions") return {"Both directions:", "bidirectional=True"};
  if (step == "moving statistics") return {"Non-trainable:", "Buffers:"};
  if (step == "buffers") return {"Buffers:"};
  if (step == "gamma and beta") return {"Trainable:", "Weights:"};
  if (step == "depthwise step") return {"Depthwise step:", "Inputs:"};
  if (step == "pointwise step") return {"Pointwise step:"};
  if (step == "vocabulary") return {"Inputs:", "Weights:"};
  if (step == "channels") return {"Channels:"};
  if (step == "trainable") return {"trainable=False", "requires_grad_(False)"};
  if (step == "conventions") return {"Keras counts", "Biases:"};
  return {};
}

int find_step(const std::vector<std::string>& lines, const std::string& step) {
  for (const char* prefix : step_prefixes(step))
    for (size_t i = 0; i < lines.size(); ++i)
      if (starts_with(lines[i], prefix)) return static_cast<int>(i);
  return -1;
}

std::string no_parameters_hint(const LayerResult& r) {
  std::string reason = r.formula;
  if (!reason.empty() && reason.back() != '.') reason += '.';
  return reason;
}

void judge(const Calculator& calc, size_t index, QuizVerdict& v) {
  const LayerResult& r = calc.results()[index];
  v.expected = r.params;
  v.formula = r.formula;
  v.explanation = calc.explanation(index);
  v.reveal = r.formula;
  for (const std::string& line : v.explanation) v.reveal += cat({"\n", line});
  if (v.answer == v.expected) {
    v.correct = true;
    v.hint = "That is right.";
    return;
  }
  if (v.answer < 0) {
    v.mistake = "negative";
    v.hint = "A layer cannot have a negative number of parameters: count its weights, then its biases.";
    return;
  }
  if (v.expected == 0) {
    v.mistake = "no_parameters";
    v.step = "parameters";
    v.hint = no_parameters_hint(r);
    return;
  }
  if (v.answer == 0) {
    v.mistake = "counted_nothing";
    v.step = "weights";
    v.hint = cat({calc.model().layers[index].type,
                  " does learn parameters: look at its weights, what connects each input to each output, then at its "
                  "biases."});
  } else {
    for (const Mistake& m : Judge(calc, index).mistakes()) {
      if (*m.value != v.answer) continue;
      v.mistake = m.mistake;
      v.step = m.step;
      v.hint = m.hint;
      break;
    }
  }
  if (v.mistake.empty()) {
    int64_t a = v.answer, e = v.expected;
    // A factor a student could have slipped in or left out: gates, a kernel's area, channels.
    constexpr int64_t kLargestFactor = 64;
    if (a > e && a % e == 0 && a / e <= kLargestFactor) {
      v.mistake = "multiple";
      v.hint = "Your number is a whole multiple of the right count: a factor is counted that the layer does not have, "
               "or something is counted more than once.";
    } else if (a < e && e % a == 0 && e / a <= kLargestFactor) {
      v.mistake = "fraction";
      v.hint = "The right count is a whole multiple of your number: a factor is missing from your product.";
    } else if ((a > e ? a - e : e - a) <= e / 20) {
      v.mistake = "close";
      v.hint = "Close, but not exact: the main product looks right; check the smaller terms added to it.";
    } else {
      v.hint = "Not quite. Work through the steps again: what the layer receives, how many weights each output needs, "
               "then the biases.";
    }
  }
  v.step_index = find_step(v.explanation, v.step);
}

}  // namespace

QuizVerdict check_quiz_answer(const Calculator& calc, size_t index, int64_t answer) {
  QuizVerdict v;
  v.answer = answer;
  if (index >= calc.results().size() || index >= calc.model().layers.size()) {
    v.error = cat({"there is no layer ", index, ": the model has ", plural(static_cast<int64_t>(calc.results().size()),
                                                                           "layer", "layers")});
    v.hint = v.error;
    return v;
  }
  const LayerResult& r = calc.results()[index];
  if (!r.ok()) {
    v.error = r.status == LayerStatus::Waiting ? cat({"this layer waits on ", r.waiting_on, ", which is in error"})
                                               : cat({"this layer is in error: ", r.error});
    v.hint = cat({"This layer cannot be quizzed yet: ", v.error, "."});
    v.formula = r.formula;
    return v;
  }
  try {
    judge(calc, index, v);
  } catch (const std::exception& e) {
    v.error = cat({"the quiz could not judge this answer: ", e.what()});
    if (v.hint.empty()) v.hint = v.error;
  }
  return v;
}

}  // namespace learnable
