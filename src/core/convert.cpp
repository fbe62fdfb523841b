// Converting a model between Keras and PyTorch, layer by layer. The source is computed first
// (each layer's input shape), then each layer's rule writes the other framework's layer or
// layers; those are computed too, so a count that differs is reported with both numbers. The
// tensor's layout is tracked: Keras keeps channels last and PyTorch first, and the channels move
// only where a layer needs them there (convolutions, pooling, ...); Dense and LSTM models keep
// their axes as they are.
#include "core/convert.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/calculator.h"
#include "core/layer_context.h"
#include "core/layer_type.h"
#include "core/text.h"

namespace learnable {

namespace {

// What a layer needs of a tensor of two or more dimensions (batch excluded): its channels where
// the target framework keeps them (Moved: Keras' last axis is PyTorch's first), its axes in the
// source's order (Same), or either (Any).
enum class Layout { Any, Moved, Same };

using Args = std::vector<std::pair<std::string, Value>>;

Layer make_layer(std::string type, Args args = {}) {
  Layer l;
  l.type = std::move(type);
  for (auto& [name, value] : args) l.set_arg(name, std::move(value));
  return l;
}

bool all_equal(const std::vector<int64_t>& v, int64_t x) {
  return std::all_of(v.begin(), v.end(), [x](int64_t e) { return e == x; });
}

// PyTorch writes a square kernel as one int, Conv2d(3, 32, 3); Keras tutorials write (3, 3).
Value torch_ints(const std::vector<int64_t>& v) {
  if (!v.empty() && all_equal(v, v[0])) return Value::of_int(v[0]);
  return Value::tuple_of_ints(v);
}
Value keras_ints(const std::vector<int64_t>& v) {
  if (v.size() == 1) return Value::of_int(v[0]);
  return Value::tuple_of_ints(v);
}

// 1 - momentum, rounded so that 1 - 0.99 reads 0.01.
double flip_momentum(double m) { return std::round((1.0 - m) * 1e12) / 1e12; }

std::string float_text(double x) { return shortest_float_text(x); }

// An int, or a tuple or list of ints (None as kUnknown).
bool read_ints(const Value& v, std::vector<int64_t>& out) {
  out.clear();
  if (v.kind == Value::Kind::Int) {
    out.push_back(v.integer);
    return true;
  }
  if (!v.is_sequence()) return false;
  for (const Value& item : v.items) {
    if (item.kind == Value::Kind::Int) out.push_back(item.integer);
    else if (item.is_none()) out.push_back(kUnknown);
    else return false;
  }
  return true;
}

bool read_number(const Value& v, double& out) {
  if (v.kind == Value::Kind::Int) out = static_cast<double>(v.integer);
  else if (v.kind == Value::Kind::Float) out = v.number;
  else return false;
  return true;
}

// "relu" from 'relu', tf.nn.relu or keras.activations.relu; "linear" for None; "" otherwise.
std::string activation_name(const Value& v) {
  if (v.is_none()) return "linear";
  if (v.kind == Value::Kind::String) return v.text;
  if (v.kind == Value::Kind::Expr) {
    size_t dot = v.text.rfind('.');
    return dot == std::string::npos ? v.text : v.text.substr(dot + 1);
  }
  return "";
}

bool is_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Keras' automatic name for the layer's type (conv2d, conv2d_3), as opposed to one a user gave.
bool automatic_keras_name(const Layer& l) {
  for (const std::string& base : {keras_snake_case(l.type), keras_snake_case(canonical_type_name(l.type))}) {
    if (l.name == base) return true;
    if (l.name.size() > base.size() + 1 && l.name.compare(0, base.size(), base) == 0 && l.name[base.size()] == '_' &&
        is_digits(l.name.substr(base.size() + 1)))
      return true;
  }
  return false;
}

using Pads = std::vector<std::pair<int64_t, int64_t>>;  // (before, after) per spatial axis, first to last

// Keras' padding and cropping arguments: an int, one int per axis, or a (before, after) pair per axis.
bool keras_pairs(const Value& v, size_t rank, Pads& out) {
  out.clear();
  if (v.kind == Value::Kind::Int) {
    out.assign(rank, {v.integer, v.integer});
    return true;
  }
  if (!v.is_sequence()) return false;
  if (rank == 1 && v.items.size() == 2 && v.items[0].is_int() && v.items[1].is_int()) {
    out.push_back({v.items[0].integer, v.items[1].integer});
    return true;
  }
  if (v.items.size() != rank) return false;
  for (const Value& item : v.items) {
    std::vector<int64_t> pair;
    if (!read_ints(item, pair) || pair.empty() || pair.size() > 2) return false;
    out.push_back({pair[0], pair.back()});
  }
  return true;
}

Value keras_pairs_value(const Pads& pads) {
  bool symmetric = std::all_of(pads.begin(), pads.end(), [](const auto& p) { return p.first == p.second; });
  bool uniform = symmetric && std::all_of(pads.begin(), pads.end(), [&](const auto& p) { return p.first == pads[0].first; });
  if (uniform) return Value::of_int(pads[0].first);
  if (pads.size() == 1) return Value::tuple_of_ints({pads[0].first, pads[0].second});
  std::vector<Value> items;
  for (const auto& [before, after] : pads)
    items.push_back(symmetric ? Value::of_int(before) : Value::tuple_of_ints({before, after}));
  return Value::tuple(std::move(items));
}

// PyTorch's padding modules: an int, or (left, right[, top, bottom[, front, back]]), last dimension first.
bool torch_pairs(const Value& v, size_t rank, Pads& out) {
  std::vector<int64_t> flat;
  if (!read_ints(v, flat)) return false;
  if (flat.size() == 1) {
    out.assign(rank, {flat[0], flat[0]});
    return true;
  }
  if (flat.size() != 2 * rank) return false;
  out.assign(rank, {0, 0});
  for (size_t d = 0; d < rank; ++d) out[rank - 1 - d] = {flat[2 * d], flat[2 * d + 1]};
  return true;
}

Value torch_pairs_value(const Pads& pads) {
  std::vector<int64_t> flat;
  for (size_t d = pads.size(); d-- > 0;) {
    flat.push_back(pads[d].first);
    flat.push_back(pads[d].second);
  }
  return torch_ints(flat);
}

std::string pads_words(const Pads& pads) {
  std::string before, after;
  for (size_t d = 0; d < pads.size(); ++d) {
    before += cat({(d ? "×" : ""), pads[d].first});
    after += cat({(d ? "×" : ""), pads[d].second});
  }
  return cat({before, " before and ", after, " after"});
}

// Keras' (TensorFlow's) 'same' padding along one axis: the output is ceil(n / stride) and the
// odd zero, if any, goes after.
std::pair<int64_t, int64_t> keras_same_pad(int64_t n, int64_t window, int64_t stride) {
  int64_t out = (n + stride - 1) / stride;
  int64_t total = std::max<int64_t>((out - 1) * stride + window - n, 0);
  return {total / 2, total - total / 2};
}

// PyTorch's pooling output length, with ceil_mode's rule that a last window starting in the
// right padding is dropped; 0 when no window fits.
int64_t torch_pool_out(int64_t n, int64_t k, int64_t s, int64_t p, int64_t d, bool ceil) {
  int64_t span = n + 2 * p - d * (k - 1) - 1;
  if (span < 0) return 0;
  int64_t out = (ceil ? (span + s - 1) / s : span / s) + 1;
  if (ceil && (out - 1) * s >= n + p) --out;
  return out;
}

// A source shape in the target's layout: with `moved`, Keras' last axis becomes PyTorch's first
// (or PyTorch's first Keras' last).
Shape to_target(const Shape& s, bool moved, Framework from) {
  if (!moved || s.size() < 2) return s;
  Shape out = s;
  if (from == Framework::Keras) std::rotate(out.rbegin(), out.rbegin() + 1, out.rend());
  else std::rotate(out.begin(), out.begin() + 1, out.end());
  return out;
}

struct Pending {
  Layer layer;
  std::string suffix;  // added to a user-given name: conv1 + _relu
};

class Converter;

// One source layer being converted: its shapes, its arguments read with their defaults, and what
// its rule writes.
class Step {
 public:
  Step(const Converter& converter, size_t at, const Layer& source, const LayerType& source_type, Shape input,
       Shape output, bool channels_moved)
      : conv(converter), index(at), layer(source), type(source_type), in(std::move(input)), out(std::move(output)),
        moved(channels_moved), args(source_type, source, in, scratch, false) {}
  Step(const Step&) = delete;
  Step& operator=(const Step&) = delete;

  const Converter& conv;
  const size_t index;
  const Layer& layer;
  const LayerType& type;
  Shape in, out;  // the source's
  bool moved;     // on entry: the channels sit where the target keeps them
  std::optional<bool> moved_after;  // when the layer decides the layout after it
  std::vector<Pending> emitted;
  std::vector<std::string> notes;
  int count_note = -1;  // the note explaining a different count; the driver adds both numbers
  bool left_out = false;
  bool dropped = false;  // nothing in the target, on purpose
  bool leading = false;  // nothing converted before it
  bool sets_input = false;  // dropped preprocessing at the start: its output is the target's input
  bool explains_shape = false;
  size_t skip = 0;  // following source layers folded into this one
  LayerResult scratch;
  LayerContext args;

  Framework from() const;
  size_t rank() const { return in.size(); }
  // The channels: Keras' last axis, PyTorch's first (after the batch).
  int64_t channels() const { return from() == Framework::Keras ? in.back() : in.front(); }
  // The size of spatial axis d (0 = the first after the batch, channels aside).
  int64_t spatial(size_t d) const { return from() == Framework::Keras ? in[d] : in[d + 1]; }
  // Where source axis `a` (batch excluded) sits in the target tensor, with the layout on entry.
  size_t target_axis(size_t a) const {
    size_t r = rank();
    if (!moved || r < 2) return a;
    if (from() == Framework::Keras) return a == r - 1 ? 0 : a + 1;
    return a == 0 ? r - 1 : a - 1;
  }
  Shape target_in() const { return to_target(in, moved, from()); }
  // That axis as the target counts it (batch = 0), or -1 when it is the last.
  int64_t target_dim(size_t a) const {
    size_t t = target_axis(a);
    return t + 1 == rank() ? -1 : static_cast<int64_t>(t) + 1;
  }

  void emit(Layer l, std::string suffix = "") { emitted.push_back({std::move(l), std::move(suffix)}); }
  void note(std::string m) { notes.push_back(std::move(m)); }
  void count_differs(std::string m) {
    count_note = static_cast<int>(notes.size());
    notes.push_back(std::move(m));
  }
  void shape_differs(std::string m) {
    explains_shape = true;
    notes.push_back(std::move(m));
  }
  void leave_out(std::string m) {
    left_out = true;
    emitted.clear();
    notes.push_back(std::move(m));
  }
  void drop(std::string m) {
    dropped = true;
    if (!m.empty()) notes.push_back(std::move(m));
  }
};

using MapFn = void (*)(Step&);

struct Rule {
  const char* type;
  Layout layout;
  MapFn map;
  bool reshapes = false;  // Flatten, Reshape: where the layout can change
};

const Rule* keras_rule(const std::string& type);
const Rule* torch_rule(const std::string& type);

class Converter {
 public:
  Converter(const Model& from, Framework to) : source_(from), from_(from.framework), to_(to) {}
  Conversion run();

  Framework from() const { return from_; }
  Framework to() const { return to_; }
  const std::vector<Layer>& layers() const { return source_.model().layers; }
  const std::vector<LayerResult>& results() const { return source_.results(); }
  // Whether the layers from `first` on want the channels where the target keeps them.
  bool prefers_moved(size_t first) const;

 private:
  const Rule* rule_of(size_t i) const;
  Layout layout_of(size_t i) const;

  Calculator source_;
  Framework from_;
  Framework to_;
};

Framework Step::from() const { return conv.from(); }

std::string title(Framework f) { return std::string(framework_title(f)); }

// ---- Keras -> PyTorch ------------------------------------------------------------------------

// "0, 2, 1" for Keras' Permute((2, 1)): the same order with the batch first.
std::string permute_dims(const std::vector<int64_t>& dims) {
  std::string out = "0";
  for (int64_t d : dims) out += cat({", ", d});
  return out;
}

// The PyTorch module for a Keras activation (softmax along `dim`): false when PyTorch has none.
// "linear" leaves `out` without a type: nothing to add.
bool torch_activation(const std::string& name, int64_t dim, Layer& out, std::string& note) {
  static const std::unordered_map<std::string, const char*> plain = {
      {"relu", "ReLU"},         {"relu6", "ReLU6"},          {"sigmoid", "Sigmoid"},       {"tanh", "Tanh"},
      {"softplus", "Softplus"}, {"softsign", "Softsign"},    {"selu", "SELU"},             {"elu", "ELU"},
      {"gelu", "GELU"},         {"swish", "SiLU"},           {"silu", "SiLU"},             {"mish", "Mish"},
      {"hard_silu", "Hardswish"}, {"hard_swish", "Hardswish"}, {"celu", "CELU"},          {"log_sigmoid", "LogSigmoid"},
      {"tanh_shrink", "Tanhshrink"}, {"soft_shrink", "Softshrink"}, {"hard_tanh", "Hardtanh"}};
  out = Layer{};
  if (name == "linear") return true;
  if (name == "softmax" || name == "log_softmax" || name == "glu") {
    out = make_layer(name == "softmax" ? "Softmax" : name == "glu" ? "GLU" : "LogSoftmax", {{"dim", Value::of_int(dim)}});
    return true;
  }
  if (name == "leaky_relu") {
    out = make_layer("LeakyReLU", {{"negative_slope", Value::of_float(0.2)}});
    return true;
  }
  if (name == "hard_sigmoid") {
    out = make_layer("Hardsigmoid");
    note = "tf.keras 2's hard_sigmoid is 0.2*x + 0.5 clipped to [0, 1]; PyTorch's Hardsigmoid (like Keras 3's) is "
           "x/6 + 0.5: other values, no parameters either way";
    return true;
  }
  auto it = plain.find(name);
  if (it == plain.end()) return false;
  out = make_layer(it->second);
  return true;
}

// Keras' activation= argument becomes a module of its own after the layer.
void add_activation(Step& st, const char* argument = "activation") {
  const Value& v = st.args.arg(argument);
  std::string name = activation_name(v);
  if (name.empty()) {
    st.note(cat({"activation=", v.to_python(), " is not a function Learnable knows: apply it after this module"}));
    return;
  }
  Layer act;
  std::string note;
  int64_t dim = (st.moved && st.out.size() >= 2) ? 1 : -1;  // Keras' last axis, where PyTorch has it
  if (!torch_activation(name, dim, act, note)) {
    st.note(cat({"PyTorch has no module for the '", name, "' activation: apply it in forward() after this module"}));
    return;
  }
  if (!note.empty()) st.note(note);
  if (!act.type.empty()) st.emit(std::move(act), name);
}

std::string conv_name(size_t r, bool transpose = false) { return cat({transpose ? "ConvTranspose" : "Conv", r, "d"}); }

Layer torch_pad_module(const Pads& pads) {
  Value v = torch_pairs_value(pads);
  if (pads.size() == 2) return make_layer("ZeroPad2d", {{"padding", v}});
  return make_layer(pads.size() == 1 ? "ConstantPad1d" : "ConstantPad3d", {{"padding", v}, {"value", Value::of_float(0.0)}});
}

std::string pad_text(const Layer& pad) {
  const Value* value = pad.find_arg("value");
  return cat({pad.type, "(", pad.find_arg("padding")->to_python(), (value ? ", " + value->to_python() : std::string()), ")"});
}

// Keras' padding for a convolution as PyTorch's padding=, or a padding module in front when
// Keras pads unevenly (PyTorch's padding= pads both sides alike).
void torch_conv_padding(Step& st, const std::string& padding, const std::vector<int64_t>& kernel,
                        const std::vector<int64_t>& strides, const std::vector<int64_t>& dilation, Layer& conv,
                        std::optional<Layer>& pad) {
  size_t r = kernel.size();
  if (padding == "valid") return;
  if (padding == "causal") {
    int64_t left = dilation[0] * (kernel[0] - 1);
    pad = make_layer("ConstantPad1d", {{"padding", Value::tuple_of_ints({left, 0})}, {"value", Value::of_float(0.0)}});
    st.note(cat({"PyTorch has no 'causal' padding: a ConstantPad1d((", left, ", 0), 0.0) first adds dilation*(kernel_size - 1) = ",
                 left, " zeros before the steps and none after, so each output sees only the past"}));
    return;
  }
  bool pointwise = true;
  for (size_t d = 0; d < r; ++d) pointwise = pointwise && dilation[d] * (kernel[d] - 1) == 0;
  if (pointwise) return;  // a 1-wide window needs no padding: 'same' is 'valid'
  if (all_equal(strides, 1)) {
    conv.set_arg("padding", Value::of_string("same"));
    return;
  }
  Pads pads;
  bool known = true;
  for (size_t d = 0; d < r; ++d) {
    int64_t n = st.spatial(d);
    int64_t window = dilation[d] * (kernel[d] - 1) + 1;
    if (n == kUnknown) known = false;
    else pads.push_back(keras_same_pad(n, window, strides[d]));
  }
  if (!known) {
    std::vector<int64_t> p;
    for (size_t d = 0; d < r; ++d) p.push_back(dilation[d] * (kernel[d] - 1) / 2);
    if (!all_equal(p, 0)) conv.set_arg("padding", torch_ints(p));
    st.shape_differs(cat({"PyTorch rejects padding='same' with a stride; padding=", torch_ints(p).to_python(),
                          " on both sides gives Keras' length ceil(n / stride) only for some lengths, and this one is "
                          "not known"}));
    return;
  }
  bool even = std::all_of(pads.begin(), pads.end(), [](const auto& p) { return p.first == p.second; });
  if (even) {
    std::vector<int64_t> p;
    for (const auto& pr : pads) p.push_back(pr.first);
    if (!all_equal(p, 0)) conv.set_arg("padding", torch_ints(p));
    return;
  }
  pad = torch_pad_module(pads);
  st.note(cat({"PyTorch rejects padding='same' with a stride, and Keras pads unevenly here (", pads_words(pads),
               "), which PyTorch's padding= cannot: ", pad_text(*pad), " adds exactly Keras' zeros first"}));
}

void dense_to_torch(Step& st) {
  int64_t units = st.args.positive("units");
  bool bias = st.args.flag("use_bias");
  int64_t in = st.in.back();
  if (st.rank() >= 2 && st.moved) {
    size_t r = st.rank() - 1;
    if (r > 3) return st.leave_out("Dense on the channels of a 4D volume has no PyTorch module");
    Layer conv = make_layer(conv_name(r), {{"in_channels", Value::of_int(in)}, {"out_channels", Value::of_int(units)},
                                           {"kernel_size", Value::of_int(1)}});
    if (!bias) conv.set_arg("bias", Value::of_bool(false));
    st.emit(std::move(conv));
    st.note(cat({"Dense works on the last axis, the ", in, " channels here; with PyTorch's channels first that is a ",
                 conv_name(r), " with kernel_size=1: the same ", in, "*", units,
                 (bias ? " + " + num(units) : std::string()), " weights"}));
  } else {
    Layer linear = make_layer("Linear", {{"in_features", Value::of_int(in)}, {"out_features", Value::of_int(units)}});
    if (!bias) linear.set_arg("bias", Value::of_bool(false));
    st.emit(std::move(linear));
  }
  add_activation(st);
}

void conv_to_torch(Step& st, size_t r) {
  int64_t filters = st.args.positive("filters");
  std::vector<int64_t> kernel = st.args.ints("kernel_size", r);
  std::vector<int64_t> strides = st.args.ints("strides", r);
  std::vector<int64_t> dilation = st.args.ints("dilation_rate", r);
  std::string padding = st.args.choice("padding");
  int64_t groups = st.args.positive("groups");
  Layer conv = make_layer(conv_name(r), {{"in_channels", Value::of_int(st.channels())},
                                         {"out_channels", Value::of_int(filters)},
                                         {"kernel_size", torch_ints(kernel)}});
  if (!all_equal(strides, 1)) conv.set_arg("stride", torch_ints(strides));
  std::optional<Layer> pad;
  torch_conv_padding(st, padding, kernel, strides, dilation, conv, pad);
  if (!all_equal(dilation, 1)) conv.set_arg("dilation", torch_ints(dilation));
  if (groups != 1) conv.set_arg("groups", Value::of_int(groups));
  if (!st.args.flag("use_bias")) conv.set_arg("bias", Value::of_bool(false));
  if (pad) st.emit(std::move(*pad), "pad");
  st.emit(std::move(conv));
  add_activation(st);
}

void conv_transpose_to_torch(Step& st, size_t r) {
  int64_t filters = st.args.positive("filters");
  std::vector<int64_t> kernel = st.args.ints("kernel_size", r);
  std::vector<int64_t> strides = st.args.ints("strides", r);
  std::vector<int64_t> dilation = st.args.ints("dilation_rate", r);
  std::string padding = st.args.choice("padding");
  bool has_op = !st.args.arg("output_padding").is_none();
  std::vector<int64_t> op = has_op ? st.args.ints("output_padding", r, 0) : std::vector<int64_t>(r, 0);
  // Keras' length is (n-1)*s + k' - t for a t that depends only on the arguments; PyTorch's is
  // (n-1)*s + k' - 2*padding + output_padding, so 2*padding - output_padding must equal t.
  std::vector<int64_t> p(r), o(r);
  bool fits = true;
  for (size_t d = 0; d < r; ++d) {
    int64_t window = dilation[d] * (kernel[d] - 1) + 1;
    int64_t t = padding == "valid" ? (has_op ? -op[d] : std::min<int64_t>(window - strides[d], 0))
                                   : (has_op ? 2 * (window / 2) - op[d] : window - strides[d]);
    if (t >= 0) {
      p[d] = (t + 1) / 2;
      o[d] = 2 * p[d] - t;
    } else {
      p[d] = 0;
      o[d] = -t;
    }
    if (o[d] >= std::max(strides[d], dilation[d])) fits = false;
  }
  Layer conv = make_layer(conv_name(r, true), {{"in_channels", Value::of_int(st.channels())},
                                               {"out_channels", Value::of_int(filters)},
                                               {"kernel_size", torch_ints(kernel)}});
  if (!all_equal(strides, 1)) conv.set_arg("stride", torch_ints(strides));
  if (!all_equal(p, 0)) conv.set_arg("padding", torch_ints(p));
  if (!all_equal(o, 0)) conv.set_arg("output_padding", torch_ints(o));
  if (!st.args.flag("use_bias")) conv.set_arg("bias", Value::of_bool(false));
  if (!all_equal(dilation, 1)) conv.set_arg("dilation", torch_ints(dilation));
  if (!fits)
    st.shape_differs("PyTorch's output_padding must stay below the stride or the dilation, so Keras' output length "
                     "cannot be matched exactly here");
  st.emit(std::move(conv));
  add_activation(st);
}

void depthwise_to_torch(Step& st) {
  std::vector<int64_t> kernel = st.args.ints("kernel_size", 2);
  std::vector<int64_t> strides = st.args.ints("strides", 2);
  std::vector<int64_t> dilation = st.args.ints("dilation_rate", 2);
  int64_t multiplier = st.args.positive("depth_multiplier");
  int64_t c = st.channels();
  Layer conv = make_layer("Conv2d", {{"in_channels", Value::of_int(c)}, {"out_channels", Value::of_int(c * multiplier)},
                                     {"kernel_size", torch_ints(kernel)}});
  if (!all_equal(strides, 1)) conv.set_arg("stride", torch_ints(strides));
  std::optional<Layer> pad;
  torch_conv_padding(st, st.args.choice("padding"), kernel, strides, dilation, conv, pad);
  if (!all_equal(dilation, 1)) conv.set_arg("dilation", torch_ints(dilation));
  conv.set_arg("groups", Value::of_int(c));
  if (!st.args.flag("use_bias")) conv.set_arg("bias", Value::of_bool(false));
  if (pad) st.emit(std::move(*pad), "pad");
  st.emit(std::move(conv));
  add_activation(st);
}

void separable_to_torch(Step& st, size_t r) {
  int64_t filters = st.args.positive("filters");
  std::vector<int64_t> kernel = st.args.ints("kernel_size", r);
  std::vector<int64_t> strides = st.args.ints("strides", r);
  std::vector<int64_t> dilation = st.args.ints("dilation_rate", r);
  int64_t multiplier = st.args.positive("depth_multiplier");
  int64_t c = st.channels();
  Layer depthwise = make_layer(conv_name(r), {{"in_channels", Value::of_int(c)},
                                              {"out_channels", Value::of_int(c * multiplier)},
                                              {"kernel_size", torch_ints(kernel)}});
  if (!all_equal(strides, 1)) depthwise.set_arg("stride", torch_ints(strides));
  std::optional<Layer> pad;
  torch_conv_padding(st, st.args.choice("padding"), kernel, strides, dilation, depthwise, pad);
  if (!all_equal(dilation, 1)) depthwise.set_arg("dilation", torch_ints(dilation));
  depthwise.set_arg("groups", Value::of_int(c));
  depthwise.set_arg("bias", Value::of_bool(false));
  Layer pointwise = make_layer(conv_name(r), {{"in_channels", Value::of_int(c * multiplier)},
                                              {"out_channels", Value::of_int(filters)},
                                              {"kernel_size", Value::of_int(1)}});
  if (!st.args.flag("use_bias")) pointwise.set_arg("bias", Value::of_bool(false));
  if (pad) st.emit(std::move(*pad), "pad");
  st.emit(std::move(depthwise), "depthwise");
  st.emit(std::move(pointwise), "pointwise");
  st.note(cat({"PyTorch has no separable convolution module: a depthwise ", conv_name(r), " (groups=", c,
               ", no bias) then a pointwise one with kernel_size=1, with the same weights"}));
  add_activation(st);
}

void pool_to_torch(Step& st, size_t r, bool max) {
  std::vector<int64_t> pool = st.args.ints("pool_size", r);
  std::vector<int64_t> strides = st.args.arg("strides").is_none() ? pool : st.args.ints("strides", r);
  std::string padding = st.args.choice("padding");
  Layer l = make_layer(cat({(max ? "MaxPool" : "AvgPool"), r, "d"}), {{"kernel_size", torch_ints(pool)}});
  if (strides != pool) l.set_arg("stride", torch_ints(strides));
  if (padding == "same") {
    Pads pads;
    bool known = true;
    for (size_t d = 0; d < r; ++d) {
      int64_t n = st.spatial(d);
      if (n == kUnknown) known = false;
      else pads.push_back(keras_same_pad(n, pool[d], strides[d]));
    }
    // Keras' windows start `before` values early, PyTorch's start padding= early. With the same
    // start, ceil_mode=True keeps a last window that runs past the end, as Keras' padding does.
    // Failing that, padding= the larger side gives Keras' length with windows one value earlier.
    std::vector<int64_t> p;
    for (size_t d = 0; d < r; ++d) p.push_back(known ? pads[d].first : (pool[d] - 1) / 2);
    std::optional<bool> ceil;
    bool shifted = false;
    if (known) {
      std::vector<int64_t> later;
      for (const auto& pr : pads) later.push_back(pr.second);
      for (const std::vector<int64_t>* candidate : {&p, &later}) {
        for (bool c : {false, true}) {
          bool ok = true;
          for (size_t d = 0; d < r; ++d) {
            int64_t n = st.spatial(d), pd = (*candidate)[d];
            ok = ok && 2 * pd <= pool[d] &&
                 torch_pool_out(n, pool[d], strides[d], pd, 1, c) == (n + strides[d] - 1) / strides[d];
          }
          if (ok && !ceil) {
            ceil = c;
            shifted = candidate == &later && later != p;
            if (shifted) p = later;
          }
        }
        if (ceil) break;
      }
    }
    if (!all_equal(p, 0)) l.set_arg("padding", torch_ints(p));
    if (ceil && *ceil) l.set_arg("ceil_mode", Value::of_bool(true));
    if (!max && (!all_equal(p, 0) || (ceil && *ceil))) l.set_arg("count_include_pad", Value::of_bool(false));
    if (!known)
      st.shape_differs(cat({"Keras' 'same' pooling gives ceil(n / stride) values; PyTorch's padding=",
                            torch_ints(p).to_python(), " matches it only for some lengths, and this one is not known"}));
    else if (!ceil) {
      // Only a padding module pads one side more; PyTorch's pooling then sees the zeros as values.
      l.erase_arg("padding");
      l.erase_arg("count_include_pad");
      Layer pad = torch_pad_module(pads);
      st.note(cat({"Keras pads ", pads_words(pads), " here, which PyTorch's padding= cannot: ", pad_text(pad),
                   " pads first, and the pooling then ", (max ? "takes those zeros for values" : "averages those zeros in"),
                   " where Keras leaves them out (the same shape)"}));
      st.emit(std::move(pad), "pad");
    }
    else if (shifted)
      st.note(cat({"Keras pads ", pads_words(pads), " here; PyTorch's padding=", torch_ints(p).to_python(),
                   " pads both sides alike, so its windows start one value earlier (the same shape)"}));
  }
  st.emit(std::move(l));
}

void global_pool_to_torch(Step& st, size_t r, bool max) {
  st.emit(make_layer(cat({(max ? "AdaptiveMaxPool" : "AdaptiveAvgPool"), r, "d"}), {{"output_size", Value::of_int(1)}}));
  if (!st.args.flag("keepdims")) st.emit(make_layer("Flatten"), "flatten");
}

void batch_norm_to_torch(Step& st) {
  size_t r = st.rank();
  std::vector<int64_t> axes = st.args.int_list("axis");
  if (axes.size() != 1 || (axes[0] != -1 && axes[0] != static_cast<int64_t>(r)))
    return st.leave_out(cat({"axis=", st.args.arg("axis").to_python(),
                             " normalizes another axis than the channels; PyTorch's BatchNorm always normalizes dim 1"}));
  if (r > 4) return st.leave_out("PyTorch has no BatchNorm for inputs of more than 3 spatial dimensions");
  int64_t c = st.channels();
  double momentum = st.args.number("momentum");
  double epsilon = st.args.number("epsilon");
  bool center = st.args.flag("center"), scale = st.args.flag("scale");
  Layer bn = make_layer(cat({"BatchNorm", (r <= 2 ? 1 : r - 1), "d"}),
                        {{"num_features", Value::of_int(c)}, {"eps", Value::of_float(epsilon)},
                         {"momentum", Value::of_float(flip_momentum(momentum))}});
  if (!center && !scale) bn.set_arg("affine", Value::of_bool(false));
  std::string trained = center && scale ? cat({" (the trained gamma and beta, 2*", c, ", are parameters in both)"}) : "";
  st.count_differs(cat({"Keras counts the moving mean and variance (2*", c, " = ", 2 * c,
                        ") as non-trainable parameters; PyTorch keeps them as buffers (running_mean, running_var and "
                        "num_batches_tracked: 2*", c, " + 1 = ", 2 * c + 1, "), not parameters", trained,
                        ". momentum=", float_text(flip_momentum(momentum)), " is Keras' momentum=", float_text(momentum),
                        ": PyTorch's momentum weighs the new batch, Keras' the running average"}));
  if (center != scale)
    st.note(cat({"PyTorch's BatchNorm has both weight and bias (affine=True) or neither; Keras' ",
                 (center ? "scale=False" : "center=False"), " keeps only one, so PyTorch learns ", c, " more"}));
  if (st.args.flag("renorm")) st.note("PyTorch's BatchNorm has no batch renormalization (renorm=True)");
  st.emit(std::move(bn));
}

// Keras' axis argument (batch = 0, negatives from the end) as sorted batch-less indices.
bool keras_axes(Step& st, const char* argument, std::vector<size_t>& out) {
  std::vector<int64_t> axes = st.args.int_list(argument);
  int64_t full = static_cast<int64_t>(st.rank()) + 1;
  out.clear();
  for (int64_t a : axes) {
    int64_t resolved = a < 0 ? a + full : a;
    if (resolved < 1 || resolved >= full) return false;
    out.push_back(static_cast<size_t>(resolved - 1));
  }
  std::sort(out.begin(), out.end());
  return !out.empty();
}

void layer_norm_to_torch(Step& st) {
  std::vector<size_t> axes;
  size_t r = st.rank();
  bool trailing = keras_axes(st, "axis", axes) && axes.back() == r - 1;
  for (size_t i = 1; trailing && i < axes.size(); ++i) trailing = axes[i] == axes[i - 1] + 1;
  if (!trailing)
    return st.leave_out(cat({"axis=", st.args.arg("axis").to_python(),
                             " is not the last axes; PyTorch's LayerNorm normalizes the trailing dimensions only"}));
  std::vector<int64_t> shape(st.in.begin() + static_cast<std::ptrdiff_t>(axes.front()), st.in.end());
  Layer ln = make_layer("LayerNorm", {{"normalized_shape", shape.size() == 1 ? Value::of_int(shape[0]) : Value::tuple_of_ints(shape)},
                                      {"eps", Value::of_float(st.args.number("epsilon"))}});
  bool center = st.args.flag("center"), scale = st.args.flag("scale");
  if (!center && !scale) ln.set_arg("elementwise_affine", Value::of_bool(false));
  else if (!center) {
    ln.set_arg("bias", Value::of_bool(false));
    st.note("LayerNorm(bias=False) needs PyTorch 2.1 or later");
  } else if (!scale) {
    st.count_differs("PyTorch's LayerNorm cannot keep a bias without a weight: Keras' scale=False drops gamma, "
                     "PyTorch learns it anyway");
  }
  st.emit(std::move(ln));
}

void group_norm_to_torch(Step& st) {
  int64_t c = st.channels();
  int64_t groups = st.args.integer("groups", -1);
  if (groups == -1) groups = c;
  if (st.args.integer("axis", INT64_MIN) != -1 && st.args.integer("axis", INT64_MIN) != static_cast<int64_t>(st.rank()))
    return st.leave_out("PyTorch's GroupNorm groups the channels of dim 1; this axis has no counterpart");
  Layer gn = make_layer("GroupNorm", {{"num_groups", Value::of_int(groups)}, {"num_channels", Value::of_int(c)},
                                      {"eps", Value::of_float(st.args.number("epsilon"))}});
  bool center = st.args.flag("center"), scale = st.args.flag("scale");
  if (!center && !scale) gn.set_arg("affine", Value::of_bool(false));
  else if (center != scale)
    st.count_differs(cat({"PyTorch's GroupNorm has both weight and bias (affine=True) or neither; Keras' ",
                          (center ? "scale=False" : "center=False"), " keeps only one, so PyTorch learns ", c, " more"}));
  st.emit(std::move(gn));
}

// SimpleRNN, LSTM or GRU (inside Bidirectional when `directions` is 2) as PyTorch's RNN, LSTM or
// GRU with batch_first=True.
void recurrent_to_torch(Step& st, const Layer& cell, int directions, const std::string& merge) {
  const LayerType* type = find_layer_type(cell.type);
  if (!type || (type->name != "SimpleRNN" && type->name != "LSTM" && type->name != "GRU"))
    return st.leave_out(cat({"PyTorch has no counterpart for ", cell.type, " here"}));
  LayerResult scratch;
  LayerContext a(*type, cell, st.in, scratch, false);
  const std::string& kind = type->name;
  int64_t units = a.positive("units");
  bool bias = a.flag("use_bias");
  std::string torch_kind = kind == "SimpleRNN" ? "RNN" : kind;
  Layer m = make_layer(torch_kind, {{"input_size", Value::of_int(st.in.back())}, {"hidden_size", Value::of_int(units)}});
  std::string activation = activation_name(a.arg("activation"));
  if (kind == "SimpleRNN" && activation == "relu") m.set_arg("nonlinearity", Value::of_string("relu"));
  else if (activation != "tanh")
    st.note(cat({"PyTorch's ", torch_kind, " uses ", (kind == "SimpleRNN" ? "tanh or relu" : "tanh"),
                 "; activation='", activation, "' has no counterpart (the count is the same)"}));
  if (kind != "SimpleRNN" && activation_name(a.arg("recurrent_activation")) != "sigmoid")
    st.note(cat({"PyTorch's ", torch_kind, " always gates with sigmoid; recurrent_activation='",
                 activation_name(a.arg("recurrent_activation")), "' has no counterpart"}));
  if (!bias) m.set_arg("bias", Value::of_bool(false));
  m.set_arg("batch_first", Value::of_bool(true));
  if (directions == 2) m.set_arg("bidirectional", Value::of_bool(true));

  std::string per = directions == 2 ? " in each direction" : "";
  std::string both = directions == 2 ? cat({" = ", 2 * (kind == "LSTM" ? 4 : 1) * units, " in all"}) : "";
  if (bias && kind == "LSTM")
    st.count_differs(cat({"PyTorch's LSTM gives each of the 4 gates two bias vectors (bias_ih and bias_hh) where Keras "
                          "has one: 4*", units, " = ", 4 * units, " more parameters", per, both}));
  else if (bias && kind == "SimpleRNN")
    st.count_differs(cat({"PyTorch's RNN has two bias vectors (bias_ih and bias_hh) where Keras' SimpleRNN has one: ", units,
                          " more parameters", per, both}));
  else if (kind == "GRU" && !a.flag("reset_after"))
    st.count_differs(cat({"Keras' GRU(reset_after=False) applies the reset gate before the recurrent matrix product, "
                          "with one bias vector per gate; PyTorch's GRU always applies it after, with two (like Keras' "
                          "default reset_after=True): the maths differ, and PyTorch has ",
                          (bias ? cat({"3*", units, " = ", 3 * units, " more parameters", per}) : std::string("the same count"))}));
  if (!a.flag("return_sequences"))
    st.shape_differs(cat({"return_sequences=False keeps only the last step, but PyTorch's ", torch_kind,
                          " returns every step and nn.Sequential has no module to pick the last (output[:, -1] in "
                          "forward()): the shapes after it keep the time axis, the counts do not change"}));
  if (a.flag("return_state"))
    st.note(cat({"PyTorch's ", torch_kind, " always returns its final state too, as a second output that nn.Sequential "
                 "does not pass on"}));
  if (a.number("dropout") > 0 || a.number("recurrent_dropout") > 0)
    st.note(cat({"PyTorch's ", torch_kind, " has no dropout on each step's inputs or state (its dropout= acts between "
                 "stacked layers): use nn.Dropout before it"}));
  if (a.flag("go_backwards") && directions == 1)
    st.note(cat({"PyTorch's ", torch_kind, " has no go_backwards: flip the sequence in forward()"}));
  if (a.flag("stateful")) st.note("stateful=True: in PyTorch, pass the last state back in yourself");
  if (directions == 2 && merge != "concat")
    st.shape_differs(cat({"PyTorch joins the two directions side by side (Keras' merge_mode='concat'); merge_mode='",
                          merge, "' has no counterpart, so the features are ", 2 * units, " instead of ", units}));
  st.emit(std::move(m));
}

void rnn_to_torch(Step& st) { recurrent_to_torch(st, st.layer, 1, "concat"); }

void bidirectional_to_torch(Step& st) {
  if (st.layer.inner.empty() || st.layer.inner[0].type.empty())
    return st.leave_out("Bidirectional has no wrapped layer");
  if (st.layer.inner.size() > 1)
    st.note("PyTorch's bidirectional=True runs the same kind of layer both ways; a separate backward_layer has no "
            "counterpart");
  recurrent_to_torch(st, st.layer.inner[0], 2, st.args.choice("merge_mode"));
}

void time_distributed_to_torch(Step& st) {
  if (st.layer.inner.empty()) return st.leave_out("TimeDistributed has no wrapped layer");
  const Layer& inner = st.layer.inner[0];
  std::string kind = canonical_type_name(inner.type);
  const LayerType* type = find_layer_type(kind);
  if (!type) return st.leave_out(cat({"unknown wrapped layer ", inner.type}));
  LayerResult scratch;
  LayerContext a(*type, inner, st.in, scratch, false);
  if (kind == "Dense") {
    Layer linear = make_layer("Linear", {{"in_features", Value::of_int(st.in.back())},
                                         {"out_features", Value::of_int(a.positive("units"))}});
    if (!a.flag("use_bias")) linear.set_arg("bias", Value::of_bool(false));
    st.emit(std::move(linear));
    std::string name = activation_name(a.arg("activation"));
    Layer act;
    std::string note;
    if (!name.empty() && torch_activation(name, -1, act, note) && !act.type.empty()) st.emit(std::move(act), name);
    st.note("PyTorch's Linear works on the last dimension and takes any dimensions before it, so it needs no "
            "TimeDistributed");
    return;
  }
  if (kind == "Dropout") return st.emit(make_layer("Dropout", {{"p", Value::of_float(a.number("rate"))}}));
  if (kind == "Flatten" && st.rank() >= 2) return st.emit(make_layer("Flatten", {{"start_dim", Value::of_int(2)}}));
  st.leave_out(cat({"PyTorch has no TimeDistributed: its ", kind,
                    " works on whole examples, so the time axis must be folded into the batch in forward()"}));
}

void embedding_to_torch(Step& st) {
  st.emit(make_layer("Embedding", {{"num_embeddings", Value::of_int(st.args.positive("input_dim"))},
                                   {"embedding_dim", Value::of_int(st.args.positive("output_dim"))}}));
  if (st.args.flag("mask_zero"))
    st.note("PyTorch has no masks: mask_zero=True has no counterpart (padding_idx=0 only keeps row 0 at zero; "
            "pack_padded_sequence skips padded steps)");
}

void flatten_to_torch(Step& st) {
  st.emit(make_layer("Flatten"));
  bool several_positions = false;
  for (size_t d = 0; d + 1 < st.rank(); ++d) several_positions = several_positions || st.in[d] != 1;
  if (st.moved && st.rank() >= 2 && st.channels() != 1 && several_positions)
    st.note(cat({"PyTorch lays out the values of ", shape_torch(st.target_in()),
                 " channel by channel, Keras those of ", shape_keras(st.in),
                 " position by position: the same count in another order, so the next layer's weights line up with "
                 "other values"}));
}

// Keras' target shape in PyTorch: Unflatten after a flat input, Flatten then Unflatten otherwise.
void reshape_to_torch(Step& st) {
  bool after = st.out.size() >= 2 && st.conv.prefers_moved(st.index + 1);
  st.moved_after = after;
  bool flat_in = st.rank() == 1;
  if (!flat_in) st.emit(make_layer("Flatten"), st.out.size() >= 2 ? "flatten" : "");
  if (st.out.size() >= 2) {
    Shape target = st.out;
    if (after) std::rotate(target.rbegin(), target.rbegin() + 1, target.rend());
    std::vector<Value> sizes;
    for (int64_t d : target) sizes.push_back(Value::of_int(d == kUnknown ? -1 : d));
    st.emit(make_layer("Unflatten", {{"dim", Value::of_int(1)}, {"unflattened_size", Value::tuple(std::move(sizes))}}));
  } else if (flat_in) {
    st.drop("");
  }
  if (!flat_in && st.moved && st.rank() >= 2)
    st.note(cat({"PyTorch flattens ", shape_torch(st.target_in()), " channel by channel, Keras ", shape_keras(st.in),
                 " position by position, so the values land in other places (the count is the same)"}));
  else if (after)
    st.note(cat({"Keras reads the values as ", shape_keras(st.out), ", channels last; PyTorch's Unflatten gives ",
                 shape_torch(to_target(st.out, true, Framework::Keras)),
                 ", channels first, so the values land in other places (the count is the same)"}));
}

void dropout_to_torch(Step& st) {
  st.emit(make_layer("Dropout", {{"p", Value::of_float(st.args.number("rate"))}}));
  if (!st.args.arg("noise_shape").is_none())
    st.note("PyTorch's Dropout has no noise_shape: Dropout1d/2d/3d drop whole channels");
}

void spatial_dropout_to_torch(Step& st, size_t r) {
  st.emit(make_layer(cat({"Dropout", r, "d"}), {{"p", Value::of_float(st.args.number("rate"))}}));
}

void padding_to_torch(Step& st, size_t r, bool crop) {
  const char* argument = crop ? "cropping" : "padding";
  Pads pads;
  if (r == 1) {
    std::vector<int64_t> p = st.args.ints(argument, 2, 0);
    pads = {{p[0], p[1]}};
  } else if (!keras_pairs(st.args.arg(argument), r, pads)) {
    return st.leave_out(cat({argument, "=", st.args.arg(argument).to_python(), " could not be read"}));
  }
  if (crop)
    for (auto& [before, after] : pads) before = -before, after = -after;
  Layer pad = torch_pad_module(pads);
  if (crop)
    st.note(cat({"PyTorch has no cropping module: ", pad.type, " with negative padding cuts values off instead"}));
  else if (r == 2)
    st.note("PyTorch orders the padding from the last dimension back: (left, right, top, bottom)");
  st.emit(std::move(pad));
}

void upsampling_to_torch(Step& st, size_t r) {
  std::vector<int64_t> size = st.args.ints("size", r);
  Layer up = make_layer("Upsample", {{"scale_factor", torch_ints(size)}});
  std::string mode = r == 2 ? st.args.choice("interpolation") : "nearest";
  if (mode != "nearest") up.set_arg("mode", Value::of_string(mode == "bilinear" ? "bilinear" : mode));
  st.emit(std::move(up));
}

void activation_to_torch(Step& st) {
  std::string name = activation_name(st.args.arg("activation"));
  if (name == "linear") return st.drop("Activation('linear') leaves the values as they are: PyTorch needs no module");
  Layer act;
  std::string note;
  int64_t dim = st.target_dim(st.rank() - 1);
  if (name.empty() || !torch_activation(name, dim, act, note))
    return st.leave_out(cat({"PyTorch has no module for the '", name, "' activation: apply it in forward()"}));
  if (!note.empty()) st.note(note);
  st.emit(std::move(act));
}

void relu_to_torch(Step& st) {
  double slope = st.args.number("negative_slope");
  double threshold = st.args.number("threshold");
  const Value& max_value = st.args.arg("max_value");
  double cap = 0;
  bool capped = read_number(max_value, cap);
  if (threshold != 0) {
    if (slope == 0 && !capped)
      return st.emit(make_layer("Threshold", {{"threshold", Value::of_float(threshold)}, {"value", Value::of_float(0.0)}}));
    return st.leave_out("ReLU with a threshold and a slope or a cap has no PyTorch module");
  }
  if (slope == 0 && !capped) return st.emit(make_layer("ReLU"));
  if (slope == 0 && cap == 6) return st.emit(make_layer("ReLU6"));
  if (slope == 0)
    return st.emit(make_layer("Hardtanh", {{"min_val", Value::of_float(0.0)}, {"max_val", Value::of_float(cap)}}));
  if (!capped) return st.emit(make_layer("LeakyReLU", {{"negative_slope", Value::of_float(slope)}}));
  st.leave_out("ReLU with both a slope and a cap has no PyTorch module");
}

void leaky_relu_to_torch(Step& st) {
  double slope = st.args.number(st.args.has_arg("negative_slope") ? "negative_slope" : "alpha");
  st.emit(make_layer("LeakyReLU", {{"negative_slope", Value::of_float(slope)}}));
}

void elu_to_torch(Step& st) {
  Layer elu = make_layer("ELU");
  double alpha = st.args.number("alpha");
  if (alpha != 1.0) elu.set_arg("alpha", Value::of_float(alpha));
  st.emit(std::move(elu));
}

void softmax_to_torch(Step& st) {
  std::vector<int64_t> axes;
  read_ints(st.args.arg("axis"), axes);
  int64_t full = static_cast<int64_t>(st.rank()) + 1;
  int64_t axis = axes.size() == 1 ? (axes[0] < 0 ? axes[0] + full : axes[0]) : -1;
  if (axis < 1 || axis >= full) return st.leave_out("this softmax axis has no PyTorch counterpart");
  st.emit(make_layer("Softmax", {{"dim", Value::of_int(st.target_dim(static_cast<size_t>(axis - 1)))}}));
}

void thresholded_relu_to_torch(Step& st) {
  st.emit(make_layer("Threshold", {{"threshold", Value::of_float(st.args.number("theta"))}, {"value", Value::of_float(0.0)}}));
}

// The one axis along which Keras' PReLU learns separate alphas: -1 for none (one alpha in all),
// -2 for several.
int prelu_free_axis(const Layer& layer, const Shape& in) {
  std::vector<bool> shared(in.size(), false);
  std::vector<int64_t> axes;
  const Value* v = layer.find_arg("shared_axes");
  if (v && read_ints(*v, axes))
    for (int64_t a : axes) {
      int64_t i = (a < 0 ? a + static_cast<int64_t>(in.size()) + 1 : a) - 1;
      if (i >= 0 && i < static_cast<int64_t>(in.size())) shared[static_cast<size_t>(i)] = true;
    }
  int found = -1;
  for (size_t i = 0; i < in.size(); ++i)
    if (!shared[i] && in[i] != 1) {
      if (found >= 0) return -2;
      found = static_cast<int>(i);
    }
  return found;
}

Layout keras_prelu_layout(const Layer& layer, const Shape& in) {
  int axis = prelu_free_axis(layer, in);
  if (axis < 0 || in.size() < 2) return Layout::Any;
  return static_cast<size_t>(axis) == in.size() - 1 ? Layout::Moved : axis == 0 ? Layout::Same : Layout::Any;
}

void prelu_to_torch(Step& st) {
  int axis = prelu_free_axis(st.layer, st.in);
  if (axis == -1) return st.emit(make_layer("PReLU"));
  if (axis >= 0 && st.target_axis(static_cast<size_t>(axis)) == 0)
    return st.emit(make_layer("PReLU", {{"num_parameters", Value::of_int(st.in[static_cast<size_t>(axis)])}}));
  Shape target = st.target_in();
  st.emit(make_layer("PReLU", {{"num_parameters", Value::of_int(target[0])}}));
  st.count_differs(cat({"Keras' PReLU learns one alpha per value of ", shape_words(st.in),
                        " except along shared_axes; PyTorch's learns one per channel (dim 1) or a single one, so it "
                        "has ", target[0], " here"}));
}

void attention_to_torch(Step& st) {
  int64_t heads = st.args.positive("num_heads");
  int64_t key_dim = st.args.positive("key_dim");
  int64_t embed = st.in.back();
  if (embed % heads != 0)
    return st.leave_out(cat({"PyTorch's MultiheadAttention splits embed_dim=", embed, " into num_heads=", heads,
                             " equal heads, which ", heads, " does not divide"}));
  Layer m = make_layer("MultiheadAttention", {{"embed_dim", Value::of_int(embed)}, {"num_heads", Value::of_int(heads)}});
  double dropout = st.args.number("dropout");
  if (dropout != 0) m.set_arg("dropout", Value::of_float(dropout));
  if (!st.args.flag("use_bias")) m.set_arg("bias", Value::of_bool(false));
  m.set_arg("batch_first", Value::of_bool(true));
  bool value_same = st.args.arg("value_dim").is_none() || st.args.integer("value_dim", 1) == key_dim;
  if (key_dim * heads != embed || !value_same)
    st.count_differs(cat({"PyTorch's heads are embed_dim/num_heads = ", embed / heads,
                          " wide; Keras' key_dim=", key_dim, (value_same ? "" : " and value_dim"),
                          " set them apart from the input width, so the projections differ"}));
  if (!st.args.arg("output_shape").is_none())
    st.shape_differs("PyTorch's MultiheadAttention always projects back to embed_dim; output_shape has no counterpart");
  st.emit(std::move(m));
}

// Preprocessing runs before a PyTorch model, in torchvision's transforms.
void preprocessing_to_torch(Step& st) {
  const std::string& kind = st.type.name;
  std::string what = kind == "Rescaling" ? "transforms.ToTensor() / Normalize"
                     : kind == "Resizing" ? "transforms.Resize"
                     : kind == "CenterCrop" ? "transforms.CenterCrop"
                     : kind == "RandomCrop" ? "transforms.RandomCrop"
                     : kind == "RandomFlip" ? "transforms.RandomHorizontalFlip / RandomVerticalFlip"
                     : kind == "RandomRotation" ? "transforms.RandomRotation"
                     : kind == "RandomZoom" || kind == "RandomTranslation" ? "transforms.RandomAffine"
                                                                               : "transforms.ColorJitter";
  if (st.out != st.in && !st.leading) {
    if (kind == "Resizing") {
      std::string mode = st.args.choice("interpolation");
      Layer up = make_layer("Upsample", {{"size", Value::tuple_of_ints({st.out[0], st.out[1]})}});
      up.set_arg("mode", Value::of_string(mode == "nearest" || mode == "bicubic" ? mode : "bilinear"));
      st.note("inside the model, Keras' Resizing is PyTorch's Upsample(size=...); torchvision's transforms.Resize "
              "would run before the model");
      return st.emit(std::move(up));
    }
    return st.leave_out(cat({"PyTorch crops with torchvision's ", what, " before the model; inside it, nn.Sequential has "
                             "no module for it"}));
  }
  st.sets_input = st.out != st.in;
  st.drop(cat({"PyTorch does this outside the model, with torchvision's ", what, ": left out, no parameters either way"}));
}

void nothing_in_torch(Step& st) {
  const std::string& kind = st.type.name;
  if (kind == "InputLayer") return st.drop("");
  std::string how = kind == "Masking" ? "PyTorch has no masks: pack_padded_sequence skips padded steps"
                    : kind == "GaussianNoise" ? "PyTorch has no GaussianNoise module: add the noise in forward() while training"
                    : kind == "GaussianDropout" ? "PyTorch has no GaussianDropout module: multiply by the noise in forward() while training"
                    : kind == "ActivityRegularization" ? "PyTorch adds such penalties to the loss in the training loop"
                    : kind == "UnitNormalization" ? "PyTorch has no module for it: F.normalize(x, dim=-1) in forward()"
                                                  : "PyTorch has no module for it";
  st.drop(cat({how, ": left out, no parameters either way"}));
}

void alpha_dropout_to_torch(Step& st) { st.emit(make_layer("AlphaDropout", {{"p", Value::of_float(st.args.number("rate"))}})); }

// Keras' Permute needs no module when it puts the axes in the order PyTorch already holds them.
void permute_to_torch(Step& st) {
  std::vector<int64_t> dims = st.args.int_list("dims");
  size_t r = st.rank();
  bool held = dims.size() == r;
  for (size_t a = 0; held && a < r; ++a) held = dims[st.target_axis(a)] == static_cast<int64_t>(a) + 1;
  if (held && st.moved) {
    st.moved_after = false;
    return st.drop(cat({"PyTorch's channels-first tensor already has its axes in this order, ", shape_torch(st.out),
                        ": no module needed"}));
  }
  st.leave_out(cat({"nn.Sequential has no module for Keras' Permute: x.permute(", permute_dims(dims), ") in forward()"}));
}

void no_torch_module(Step& st) {
  st.leave_out(cat({"nn.Sequential has no module for Keras' ", st.type.name, " (", st.type.summary, ")",
                    (st.type.name == "RepeatVector" ? ": x.unsqueeze(1).repeat(1, n, 1) in forward()" : "")}));
}

const Rule kKerasRules[] = {
    {"Dense", Layout::Any, dense_to_torch},
    {"Embedding", Layout::Any, embedding_to_torch},
    {"Masking", Layout::Any, nothing_in_torch},
    {"InputLayer", Layout::Any, nothing_in_torch},
    {"Conv1D", Layout::Moved, [](Step& s) { conv_to_torch(s, 1); }},
    {"Conv2D", Layout::Moved, [](Step& s) { conv_to_torch(s, 2); }},
    {"Conv3D", Layout::Moved, [](Step& s) { conv_to_torch(s, 3); }},
    {"Conv1DTranspose", Layout::Moved, [](Step& s) { conv_transpose_to_torch(s, 1); }},
    {"Conv2DTranspose", Layout::Moved, [](Step& s) { conv_transpose_to_torch(s, 2); }},
    {"Conv3DTranspose", Layout::Moved, [](Step& s) { conv_transpose_to_torch(s, 3); }},
    {"DepthwiseConv2D", Layout::Moved, depthwise_to_torch},
    {"SeparableConv1D", Layout::Moved, [](Step& s) { separable_to_torch(s, 1); }},
    {"SeparableConv2D", Layout::Moved, [](Step& s) { separable_to_torch(s, 2); }},
    {"MaxPooling1D", Layout::Moved, [](Step& s) { pool_to_torch(s, 1, true); }},
    {"MaxPooling2D", Layout::Moved, [](Step& s) { pool_to_torch(s, 2, true); }},
    {"MaxPooling3D", Layout::Moved, [](Step& s) { pool_to_torch(s, 3, true); }},
    {"AveragePooling1D", Layout::Moved, [](Step& s) { pool_to_torch(s, 1, false); }},
    {"AveragePooling2D", Layout::Moved, [](Step& s) { pool_to_torch(s, 2, false); }},
    {"AveragePooling3D", Layout::Moved, [](Step& s) { pool_to_torch(s, 3, false); }},
    {"GlobalMaxPooling1D", Layout::Moved, [](Step& s) { global_pool_to_torch(s, 1, true); }},
    {"GlobalMaxPooling2D", Layout::Moved, [](Step& s) { global_pool_to_torch(s, 2, true); }},
    {"GlobalMaxPooling3D", Layout::Moved, [](Step& s) { global_pool_to_torch(s, 3, true); }},
    {"GlobalAveragePooling1D", Layout::Moved, [](Step& s) { global_pool_to_torch(s, 1, false); }},
    {"GlobalAveragePooling2D", Layout::Moved, [](Step& s) { global_pool_to_torch(s, 2, false); }},
    {"GlobalAveragePooling3D", Layout::Moved, [](Step& s) { global_pool_to_torch(s, 3, false); }},
    {"BatchNormalization", Layout::Moved, batch_norm_to_torch},
    {"LayerNormalization", Layout::Same, layer_norm_to_torch},
    {"GroupNormalization", Layout::Moved, group_norm_to_torch},
    {"UnitNormalization", Layout::Any, nothing_in_torch},
    {"SimpleRNN", Layout::Same, rnn_to_torch},
    {"LSTM", Layout::Same, rnn_to_torch},
    {"GRU", Layout::Same, rnn_to_torch},
    {"Bidirectional", Layout::Same, bidirectional_to_torch},
    {"TimeDistributed", Layout::Same, time_distributed_to_torch},
    {"Flatten", Layout::Any, flatten_to_torch, true},
    {"Reshape", Layout::Any, reshape_to_torch, true},
    {"Permute", Layout::Any, permute_to_torch, true},
    {"RepeatVector", Layout::Any, no_torch_module, true},
    {"ZeroPadding1D", Layout::Moved, [](Step& s) { padding_to_torch(s, 1, false); }},
    {"ZeroPadding2D", Layout::Moved, [](Step& s) { padding_to_torch(s, 2, false); }},
    {"ZeroPadding3D", Layout::Moved, [](Step& s) { padding_to_torch(s, 3, false); }},
    {"Cropping1D", Layout::Moved, [](Step& s) { padding_to_torch(s, 1, true); }},
    {"Cropping2D", Layout::Moved, [](Step& s) { padding_to_torch(s, 2, true); }},
    {"Cropping3D", Layout::Moved, [](Step& s) { padding_to_torch(s, 3, true); }},
    {"UpSampling1D", Layout::Moved, [](Step& s) { upsampling_to_torch(s, 1); }},
    {"UpSampling2D", Layout::Moved, [](Step& s) { upsampling_to_torch(s, 2); }},
    {"UpSampling3D", Layout::Moved, [](Step& s) { upsampling_to_torch(s, 3); }},
    {"Activation", Layout::Any, activation_to_torch},
    {"ReLU", Layout::Any, relu_to_torch},
    {"LeakyReLU", Layout::Any, leaky_relu_to_torch},
    {"PReLU", Layout::Any, prelu_to_torch},
    {"ELU", Layout::Any, elu_to_torch},
    {"Softmax", Layout::Any, softmax_to_torch},
    {"ThresholdedReLU", Layout::Any, thresholded_relu_to_torch},
    {"Dropout", Layout::Any, dropout_to_torch},
    {"SpatialDropout1D", Layout::Moved, [](Step& s) { spatial_dropout_to_torch(s, 1); }},
    {"SpatialDropout2D", Layout::Moved, [](Step& s) { spatial_dropout_to_torch(s, 2); }},
    {"SpatialDropout3D", Layout::Moved, [](Step& s) { spatial_dropout_to_torch(s, 3); }},
    {"GaussianNoise", Layout::Any, nothing_in_torch},
    {"GaussianDropout", Layout::Any, nothing_in_torch},
    {"AlphaDropout", Layout::Any, alpha_dropout_to_torch},
    {"ActivityRegularization", Layout::Any, nothing_in_torch},
    {"MultiHeadAttention", Layout::Same, attention_to_torch},
    {"Rescaling", Layout::Any, preprocessing_to_torch},
    {"Resizing", Layout::Any, preprocessing_to_torch},
    {"CenterCrop", Layout::Any, preprocessing_to_torch},
    {"RandomCrop", Layout::Any, preprocessing_to_torch},
    {"RandomFlip", Layout::Any, preprocessing_to_torch},
    {"RandomRotation", Layout::Any, preprocessing_to_torch},
    {"RandomZoom", Layout::Any, preprocessing_to_torch},
    {"RandomTranslation", Layout::Any, preprocessing_to_torch},
    {"RandomContrast", Layout::Any, preprocessing_to_torch},
    {"RandomBrightness", Layout::Any, preprocessing_to_torch},
};

// ---- PyTorch -> Keras ------------------------------------------------------------------------

Layer keras_activation(const char* name) { return make_layer("Activation", {{"activation", Value::of_string(name)}}); }

Layer keras_padding_layer(bool crop, const Pads& pads) {
  return make_layer(cat({(crop ? "Cropping" : "ZeroPadding"), pads.size(), "D"}),
                    {{crop ? "cropping" : "padding", keras_pairs_value(pads)}});
}

void linear_to_keras(Step& st) {
  Layer dense = make_layer("Dense", {{"units", Value::of_int(st.args.positive("out_features"))}});
  if (!st.args.flag("bias")) dense.set_arg("use_bias", Value::of_bool(false));
  st.emit(std::move(dense));
}

void flatten_to_keras(Step& st) {
  int64_t full = static_cast<int64_t>(st.rank()) + 1;
  int64_t start = st.args.integer("start_dim", INT64_MIN), end = st.args.integer("end_dim", INT64_MIN);
  start = start < 0 ? start + full : start;
  end = end < 0 ? end + full : end;
  if (start == 1 && end == full - 1) {
    st.emit(make_layer("Flatten"));
    bool several_positions = false;
    for (size_t d = 1; d < st.rank(); ++d) several_positions = several_positions || st.in[d] != 1;
    if (st.moved && st.rank() >= 2 && st.channels() != 1 && several_positions)
      st.note(cat({"Keras lays out the values of ", shape_keras(st.target_in()), " position by position, PyTorch those of ",
                   shape_torch(st.in), " channel by channel: the same count in another order, so the next layer's "
                   "weights line up with other values"}));
    return;
  }
  // Flatten(start_dim, end_dim) keeping some dimensions is a Reshape; the channels stay where
  // they are unless they are merged.
  bool keeps_channels = st.moved && start > 1;
  st.moved_after = keeps_channels;
  Shape target = st.out;
  if (keeps_channels && target.size() >= 2) std::rotate(target.begin(), target.begin() + 1, target.end());
  std::vector<Value> sizes;
  for (int64_t d : target) sizes.push_back(Value::of_int(d == kUnknown ? -1 : d));
  st.emit(make_layer("Reshape", {{"target_shape", Value::tuple(std::move(sizes))}}));
  if (st.moved && !keeps_channels)
    st.note("Keras reads the channels-last values in another order than PyTorch's channels-first ones (the count is the same)");
}

void unflatten_to_keras(Step& st) {
  int64_t full = static_cast<int64_t>(st.rank()) + 1;
  int64_t dim = st.args.integer("dim", INT64_MIN);
  dim = dim < 0 ? dim + full : dim;
  bool after;
  if (st.rank() == 1) after = st.out.size() >= 2 && st.conv.prefers_moved(st.index + 1);
  else after = st.moved && dim > 1;
  st.moved_after = after;
  Shape target = st.out;
  if (after && target.size() >= 2) std::rotate(target.begin(), target.begin() + 1, target.end());
  std::vector<Value> sizes;
  for (int64_t d : target) sizes.push_back(Value::of_int(d == kUnknown ? -1 : d));
  st.emit(make_layer("Reshape", {{"target_shape", Value::tuple(std::move(sizes))}}));
  if ((st.rank() == 1 && after) || (st.rank() > 1 && st.moved && !after))
    st.note(cat({"PyTorch reads the values as ", shape_torch(st.out), " with the channels first; Keras' channels-last ",
                 shape_keras(target), " puts them in other places (the count is the same)"}));
}

void dropout_to_keras(Step& st) {
  const std::string& kind = st.type.name;
  std::string keras = kind == "Dropout" ? "Dropout" : kind == "AlphaDropout" ? "AlphaDropout"
                                                                             : cat({"SpatialDropout", kind[7], "D"});
  st.emit(make_layer(keras, {{"rate", Value::of_float(st.args.number("p"))}}));
}

// PyTorch's padding= of a convolution in Keras' terms: 'valid', 'same', or a ZeroPadding layer
// in front and then 'valid'.
std::string keras_conv_padding(Step& st, const std::vector<int64_t>& kernel, const std::vector<int64_t>& strides,
                               const std::vector<int64_t>& dilation, std::optional<Layer>& pad) {
  const Value& v = st.args.arg("padding");
  size_t r = kernel.size();
  if (v.kind == Value::Kind::String) return v.text;
  std::vector<int64_t> p;
  if (!read_ints(v, p)) return "valid";
  if (p.size() == 1) p.assign(r, int64_t{p[0]});  // a copy: assign() may free p before it reads the value
  if (all_equal(p, 0)) return "valid";
  bool same = true;
  for (size_t d = 0; d < r; ++d) {
    int64_t window = dilation[d] * (kernel[d] - 1) + 1;
    if (strides[d] == 1) {
      same = same && 2 * p[d] == window - 1;
    } else {
      int64_t n = st.spatial(d);
      auto [before, after] = n == kUnknown ? std::pair<int64_t, int64_t>{-1, -1} : keras_same_pad(n, window, strides[d]);
      same = same && before == p[d] && after == p[d];
    }
  }
  if (same) return "same";
  Pads pads;
  for (int64_t x : p) pads.push_back({x, x});
  pad = keras_padding_layer(false, pads);
  return "valid";
}

void conv_to_keras(Step& st, size_t r) {
  int64_t in = st.args.positive("in_channels");
  int64_t out = st.args.positive("out_channels");
  std::vector<int64_t> kernel = st.args.ints("kernel_size", r);
  std::vector<int64_t> strides = st.args.ints("stride", r);
  std::vector<int64_t> dilation = st.args.ints("dilation", r);
  int64_t groups = st.args.positive("groups");
  bool bias = st.args.flag("bias");
  std::optional<Layer> pad;
  std::string padding = keras_conv_padding(st, kernel, strides, dilation, pad);
  bool depthwise = r == 2 && groups > 1 && groups == in && out % in == 0;
  Layer conv;
  if (depthwise) {
    conv = make_layer("DepthwiseConv2D", {{"kernel_size", keras_ints(kernel)}});
    if (!all_equal(strides, 1)) conv.set_arg("strides", keras_ints(strides));
    if (padding != "valid") conv.set_arg("padding", Value::of_string(padding));
    if (out != in) conv.set_arg("depth_multiplier", Value::of_int(out / in));
    if (!all_equal(dilation, 1)) conv.set_arg("dilation_rate", keras_ints(dilation));
  } else {
    conv = make_layer(cat({"Conv", r, "D"}), {{"filters", Value::of_int(out)}, {"kernel_size", keras_ints(kernel)}});
    if (!all_equal(strides, 1)) conv.set_arg("strides", keras_ints(strides));
    if (padding != "valid") conv.set_arg("padding", Value::of_string(padding));
    if (!all_equal(dilation, 1)) conv.set_arg("dilation_rate", keras_ints(dilation));
    if (groups != 1) conv.set_arg("groups", Value::of_int(groups));
  }
  if (!bias) conv.set_arg("use_bias", Value::of_bool(false));
  if (!all_equal(strides, 1) && !all_equal(dilation, 1))
    st.shape_differs("Keras rejects strides > 1 together with dilation_rate > 1, which PyTorch allows");
  std::string mode = st.args.choice("padding_mode");
  if (mode != "zeros")
    st.note(cat({"Keras pads convolutions with zeros only: padding_mode='", mode,
                 "' has no counterpart (the shape and count are the same, the border values differ)"}));
  if (pad) st.emit(std::move(*pad), "pad");
  st.emit(std::move(conv));
}

void conv_transpose_to_keras(Step& st, size_t r) {
  int64_t out = st.args.positive("out_channels");
  std::vector<int64_t> kernel = st.args.ints("kernel_size", r);
  std::vector<int64_t> strides = st.args.ints("stride", r);
  std::vector<int64_t> p = st.args.ints("padding", r, 0);
  std::vector<int64_t> op = st.args.ints("output_padding", r, 0);
  std::vector<int64_t> dilation = st.args.ints("dilation", r);
  int64_t groups = st.args.positive("groups");
  Layer conv = make_layer(cat({"Conv", r, "DTranspose"}), {{"filters", Value::of_int(out)}, {"kernel_size", keras_ints(kernel)}});
  if (!all_equal(strides, 1)) conv.set_arg("strides", keras_ints(strides));
  std::vector<int64_t> window(r);
  for (size_t d = 0; d < r; ++d) window[d] = dilation[d] * (kernel[d] - 1) + 1;
  // PyTorch: (n-1)*s - 2p + k' + op. Keras 'same': (n-1)*s + k' - 2*(k'//2) + op, or n*s without
  // output_padding; 'valid': (n-1)*s + k' + op, or n*s + max(k' - s, 0) without.
  bool same = true, same_plain = true, valid_plain = true;
  for (size_t d = 0; d < r; ++d) {
    same = same && p[d] == window[d] / 2;
    same_plain = same_plain && window[d] - 2 * p[d] + op[d] == strides[d];
    valid_plain = valid_plain && op[d] == 0 && window[d] >= strides[d];
  }
  bool crop = false;
  std::vector<int64_t> keras_op = op;
  if (same) {
    conv.set_arg("padding", Value::of_string("same"));
    if (!same_plain) conv.set_arg("output_padding", keras_ints(op));
  } else if (all_equal(p, 0)) {
    if (!valid_plain) conv.set_arg("output_padding", keras_ints(op));
  } else {
    crop = true;
    if (!valid_plain) conv.set_arg("output_padding", keras_ints(op));
  }
  bool op_given = conv.find_arg("output_padding") != nullptr;
  if (op_given)
    for (size_t d = 0; d < r; ++d)
      if (op[d] >= strides[d])
        st.shape_differs(cat({"Keras wants output_padding below the stride; output_padding=", torch_ints(op).to_python(),
                              " (allowed by PyTorch with a dilation) has no Keras counterpart"}));
  if (!all_equal(dilation, 1)) conv.set_arg("dilation_rate", keras_ints(dilation));
  if (!st.args.flag("bias")) conv.set_arg("use_bias", Value::of_bool(false));
  if (!all_equal(strides, 1) && !all_equal(dilation, 1))
    st.shape_differs("Keras rejects strides > 1 together with dilation_rate > 1, which PyTorch allows");
  if (groups != 1)
    st.count_differs(cat({"Keras' transposed convolutions have no groups: each of the ", out,
                          " filters sees all input channels instead of 1/", groups, " of them"}));
  std::string mode = st.args.choice("padding_mode");
  if (mode != "zeros") st.note(cat({"padding_mode='", mode, "' has no Keras counterpart"}));
  st.emit(std::move(conv));
  if (crop) {
    Pads pads;
    for (int64_t x : p) pads.push_back({x, x});
    Layer cropping = keras_padding_layer(true, pads);
    st.note(cat({"Keras' transposed convolutions pad only 'valid' or 'same': ", cropping.type, "(",
                 cropping.find_arg("cropping")->to_python(), ") cuts off what PyTorch's padding=",
                 torch_ints(p).to_python(), " does"}));
    st.emit(std::move(cropping), "crop");
  }
}

void pool_to_keras(Step& st, size_t r, bool max) {
  std::vector<int64_t> kernel = st.args.ints("kernel_size", r);
  std::vector<int64_t> strides = st.args.arg("stride").is_none() ? kernel : st.args.ints("stride", r);
  std::vector<int64_t> p = st.args.ints("padding", r, 0);
  bool ceil = st.args.flag("ceil_mode");
  if (max && !all_equal(st.args.ints("dilation", r), 1))
    return st.leave_out("Keras' pooling has no dilation");
  bool include_pad = !max && st.args.flag("count_include_pad");
  Layer pool = make_layer(cat({(max ? "MaxPooling" : "AveragePooling"), r, "D"}), {{"pool_size", keras_ints(kernel)}});
  if (strides != kernel) pool.set_arg("strides", keras_ints(strides));
  if (!max && st.type.find_arg("divisor_override") && !st.args.arg("divisor_override").is_none())
    st.note("Keras' average pooling has no divisor_override: it divides by the window's size");
  if (all_equal(p, 0) && !ceil) return st.emit(std::move(pool));
  // Keras' 'same' when it gives PyTorch's windows; otherwise ZeroPadding, with the extra zeros
  // after that ceil_mode's last window needs, then 'valid'.
  bool same = true, known = true;
  Pads pads;
  for (size_t d = 0; d < r; ++d) {
    int64_t n = st.spatial(d);
    if (n == kUnknown) {
      same = known = false;
      break;
    }
    int64_t torch = torch_pool_out(n, kernel[d], strides[d], p[d], 1, ceil);
    same = same && torch == (n + strides[d] - 1) / strides[d] && keras_same_pad(n, kernel[d], strides[d]).first == p[d];
    int64_t covered = (torch - 1) * strides[d] + kernel[d];  // what the windows span, padding included
    pads.push_back({p[d], std::max<int64_t>(covered - n - p[d], p[d])});
  }
  if (same && (max || !include_pad || all_equal(p, 0))) {
    pool.set_arg("padding", Value::of_string("same"));
    return st.emit(std::move(pool));
  }
  if (!known) {
    pads.clear();
    for (int64_t x : p) pads.push_back({x, x});
    if (ceil) st.shape_differs("ceil_mode=True keeps a last partial window, which Keras' 'valid' pooling drops; the "
                               "length here is not known, so the padding that would keep it cannot be worked out");
  }
  bool extra = std::any_of(pads.begin(), pads.end(), [](const auto& pr) { return pr.second != pr.first; });
  if (std::any_of(pads.begin(), pads.end(), [](const auto& pr) { return pr.first || pr.second; })) {
    Layer padding = keras_padding_layer(false, pads);
    std::string what = cat({padding.type, "(", padding.find_arg("padding")->to_python(), ") pads with zeros first",
                            (extra ? " (the extra zeros after let the last partial window of ceil_mode=True fit)" : "")});
    if (max)
      st.note(cat({what, ": Keras' max can pick those zeros, where PyTorch's padding never wins"}));
    else if (!include_pad || extra)
      st.note(cat({what, ": Keras averages those zeros in, where PyTorch leaves ",
                   (include_pad ? "the ones past the end" : "them"), " out"}));
    st.emit(std::move(padding), "pad");
  }
  st.emit(std::move(pool));
}

void adaptive_pool_to_keras(Step& st, size_t r, bool max) {
  std::vector<int64_t> size;
  if (!read_ints(st.args.arg("output_size"), size))
    return st.leave_out(cat({"output_size=", st.args.arg("output_size").to_python(), " could not be read"}));
  if (size.size() == 1) size.assign(r, int64_t{size[0]});  // a copy, as above
  std::string global = cat({(max ? "GlobalMaxPooling" : "GlobalAveragePooling"), r, "D"});
  if (all_equal(size, 1)) {
    Layer pool = make_layer(global);
    const auto& layers = st.conv.layers();
    const Layer* next = st.index + 1 < layers.size() ? &layers[st.index + 1] : nullptr;
    bool folds = false;
    if (next && next->type == "Flatten" && st.conv.results()[st.index + 1].ok()) {
      const Value* start = next->find_arg("start_dim");
      const Value* end = next->find_arg("end_dim");
      folds = (!start || (start->is_int() && start->integer == 1)) && (!end || (end->is_int() && end->integer == -1));
    }
    if (folds) {
      st.skip = 1;
      st.out = st.conv.results()[st.index + 1].output_shape;
    } else {
      pool.set_arg("keepdims", Value::of_bool(true));
    }
    return st.emit(std::move(pool));
  }
  std::vector<int64_t> window;
  for (size_t d = 0; d < r; ++d) {
    int64_t n = st.spatial(d);
    int64_t o = size[d] == kUnknown ? n : size[d];
    if (n == kUnknown || o <= 0 || n % o != 0)
      return st.leave_out(cat({"Keras has no adaptive pooling, and ", shape_words(Shape(st.in.begin() + 1, st.in.end())),
                               " does not split evenly into ", torch_ints(size).to_python(),
                               " windows for a fixed pooling to stand in"}));
    window.push_back(n / o);
  }
  if (all_equal(window, 1)) return st.drop("the output size equals the input's: nothing to pool, left out");
  st.emit(make_layer(cat({(max ? "MaxPooling" : "AveragePooling"), r, "D"}), {{"pool_size", keras_ints(window)}}));
  st.note(cat({"Keras has no adaptive pooling; for this input size it is ", (max ? "MaxPooling" : "AveragePooling"), r,
               "D(", keras_ints(window).to_python(), "), which a different input size would not match"}));
}

void batch_norm_to_keras(Step& st) {
  int64_t c = st.channels();
  Layer bn = make_layer("BatchNormalization");
  const Value& momentum = st.args.arg("momentum");
  double m = 0.1;
  bool cumulative = !read_number(momentum, m);
  if (!cumulative) bn.set_arg("momentum", Value::of_float(flip_momentum(m)));
  bn.set_arg("epsilon", Value::of_float(st.args.number("eps")));
  bool affine = st.args.flag("affine");
  if (!affine) {
    bn.set_arg("center", Value::of_bool(false));
    bn.set_arg("scale", Value::of_bool(false));
  }
  std::string why = st.args.flag("track_running_stats")
                        ? cat({"PyTorch keeps the running mean and variance as buffers (2*", c, " + 1 with num_batches_tracked), ",
                               "Keras counts its moving mean and variance (2*", c, " = ", 2 * c, ") as non-trainable parameters"})
                        : cat({"track_running_stats=False keeps no running statistics; Keras always keeps a moving mean "
                               "and variance (2*", c, " = ", 2 * c, " non-trainable parameters)"});
  if (!cumulative)
    why += cat({". momentum=", float_text(flip_momentum(m)), " is PyTorch's momentum=", float_text(m),
                ": PyTorch's momentum weighs the new batch, Keras' the running average"});
  else
    why += ". momentum=None (a cumulative average) has no Keras counterpart";
  st.count_differs(why);
  st.emit(std::move(bn));
}

void instance_norm_to_keras(Step& st) {
  int64_t c = st.channels();
  Layer gn = make_layer("GroupNormalization", {{"groups", Value::of_int(-1)}, {"epsilon", Value::of_float(st.args.number("eps"))}});
  if (!st.args.flag("affine")) {
    gn.set_arg("center", Value::of_bool(false));
    gn.set_arg("scale", Value::of_bool(false));
  }
  st.note("Keras has no InstanceNormalization layer: GroupNormalization(groups=-1), one group per channel, is the same");
  if (st.args.flag("track_running_stats"))
    st.note(cat({"track_running_stats=True keeps running statistics (2*", c,
                 " + 1 buffers) that GroupNormalization does not have"}));
  st.emit(std::move(gn));
}

void group_norm_to_keras(Step& st) {
  Layer gn = make_layer("GroupNormalization", {{"groups", Value::of_int(st.args.positive("num_groups"))},
                                               {"epsilon", Value::of_float(st.args.number("eps"))}});
  if (!st.args.flag("affine")) {
    gn.set_arg("center", Value::of_bool(false));
    gn.set_arg("scale", Value::of_bool(false));
  }
  st.emit(std::move(gn));
}

void layer_norm_to_keras(Step& st) {
  std::vector<int64_t> shape;
  read_ints(st.args.arg("normalized_shape"), shape);
  size_t k = std::max<size_t>(shape.size(), 1);
  Layer ln = make_layer("LayerNormalization");
  if (k > 1) {
    std::vector<int64_t> axes;
    for (size_t a = st.rank() - k + 1; a <= st.rank(); ++a) axes.push_back(static_cast<int64_t>(a));
    ln.set_arg("axis", Value::tuple_of_ints(axes));
  }
  ln.set_arg("epsilon", Value::of_float(st.args.number("eps")));
  bool affine = st.args.flag("elementwise_affine");
  if (!affine || !st.args.flag("bias")) ln.set_arg("center", Value::of_bool(false));
  if (!affine) ln.set_arg("scale", Value::of_bool(false));
  st.emit(std::move(ln));
}

void local_response_norm_to_keras(Step& st) {
  st.leave_out("Keras has no LocalResponseNorm layer (tf.nn.local_response_normalization in a Lambda)");
}

void embedding_to_keras(Step& st) {
  st.emit(make_layer("Embedding", {{"input_dim", Value::of_int(st.args.positive("num_embeddings"))},
                                   {"output_dim", Value::of_int(st.args.positive("embedding_dim"))}}));
  if (!st.args.arg("padding_idx").is_none())
    st.note("Keras has no padding_idx (mask_zero=True masks token 0 instead of keeping its row at zero)");
  if (!st.args.arg("max_norm").is_none()) st.note("Keras' Embedding has no max_norm (embeddings_constraint=MaxNorm(...) is close)");
}

void recurrent_to_keras(Step& st) {
  const std::string& kind = st.type.name;
  std::string keras = kind == "RNN" ? "SimpleRNN" : kind;
  int64_t hidden = st.args.positive("hidden_size");
  int64_t layers = st.args.positive("num_layers");
  bool bias = st.args.flag("bias");
  bool both = st.args.flag("bidirectional");
  double dropout = st.args.number("dropout");
  bool relu = kind == "RNN" && st.args.choice("nonlinearity") == "relu";
  for (int64_t l = 0; l < layers; ++l) {
    Layer cell = make_layer(keras, {{"units", Value::of_int(hidden)}});
    if (relu) cell.set_arg("activation", Value::of_string("relu"));
    if (!bias) cell.set_arg("use_bias", Value::of_bool(false));
    cell.set_arg("return_sequences", Value::of_bool(true));
    std::string suffix = l == 0 ? "" : cat({"l", l});
    if (both) {
      Layer wrapper = make_layer("Bidirectional");
      wrapper.inner.push_back(std::move(cell));
      st.emit(std::move(wrapper), suffix);
    } else {
      st.emit(std::move(cell), suffix);
    }
    if (dropout > 0 && l + 1 < layers) st.emit(make_layer("Dropout", {{"rate", Value::of_float(dropout)}}), cat({"dropout", l + 1}));
  }
  std::string where = layers > 1 || both ? " per layer and direction" : "";
  if (bias && kind == "LSTM")
    st.count_differs(cat({"Keras gives each of the 4 gates one bias vector where PyTorch has two (bias_ih and bias_hh): 4*",
                          hidden, " = ", 4 * hidden, " fewer parameters", where}));
  else if (bias && kind == "RNN")
    st.count_differs(cat({"Keras' SimpleRNN has one bias vector where PyTorch's RNN has two (bias_ih and bias_hh): ", hidden,
                          " fewer parameters", where}));
  if (layers > 1)
    st.note(cat({"num_layers=", layers, " becomes ", layers, " stacked ", keras, " layers",
                 (dropout > 0 ? ", with Dropout between them as PyTorch's dropout= does" : "")}));
  if (kind == "LSTM" && st.args.integer("proj_size", 0) > 0)
    st.shape_differs(cat({"Keras' LSTM has no projection: proj_size=", st.args.integer("proj_size", 0),
                          " (weight_hr and the smaller output) has no counterpart"}));
  if (kind == "LSTM" && st.args.integer("proj_size", 0) > 0 && st.count_note < 0)
    st.count_differs("Keras' LSTM has no projection, so its count differs");
}

void attention_to_keras(Step& st) {
  if (!find_layer_type("MultiHeadAttention")) return st.leave_out("Learnable has no Keras MultiHeadAttention layer");
  int64_t embed = st.args.positive("embed_dim");
  int64_t heads = st.args.positive("num_heads");
  Layer m = make_layer("MultiHeadAttention", {{"num_heads", Value::of_int(heads)}, {"key_dim", Value::of_int(embed / heads)}});
  double dropout = st.args.number("dropout");
  if (dropout != 0) m.set_arg("dropout", Value::of_float(dropout));
  if (!st.args.flag("bias")) m.set_arg("use_bias", Value::of_bool(false));
  bool kdim = !st.args.arg("kdim").is_none() && st.args.integer("kdim", 1) != embed;
  bool vdim = !st.args.arg("vdim").is_none() && st.args.integer("vdim", 1) != embed;
  std::string differs;
  if (st.args.flag("add_bias_kv")) differs = cat({"add_bias_kv=True adds bias_k and bias_v (2*", embed, ") that Keras has not"});
  if (kdim || vdim)
    differs += cat({(differs.empty() ? "" : "; "), "kdim and vdim size PyTorch's key and value projections; in a "
                    "Sequential model Keras' come from the input's ", embed, " features"});
  if (!differs.empty()) st.count_differs(differs);
  if (st.args.flag("add_zero_attn")) st.note("add_zero_attn=True has no Keras counterpart (no parameters)");
  st.emit(std::move(m));
}

void activation_to_keras(Step& st) {
  static const std::unordered_map<std::string, const char*> plain = {
      {"Sigmoid", "sigmoid"}, {"Tanh", "tanh"},         {"SELU", "selu"},         {"SiLU", "swish"},
      {"Mish", "mish"},       {"Softsign", "softsign"}, {"Hardswish", "hard_swish"}, {"Tanhshrink", "tanh_shrink"},
      {"LogSigmoid", "log_sigmoid"}};
  const std::string& kind = st.type.name;
  auto it = plain.find(kind);
  if (it != plain.end()) return st.emit(keras_activation(it->second));
  if (kind == "ReLU") return st.emit(make_layer("ReLU"));
  if (kind == "ReLU6") return st.emit(make_layer("ReLU", {{"max_value", Value::of_float(6.0)}}));
  if (kind == "LeakyReLU")
    return st.emit(make_layer("LeakyReLU", {{"alpha", Value::of_float(st.args.number("negative_slope"))}}));
  if (kind == "ELU") {
    Layer elu = make_layer("ELU");
    if (st.args.number("alpha") != 1.0) elu.set_arg("alpha", Value::of_float(st.args.number("alpha")));
    return st.emit(std::move(elu));
  }
  if (kind == "Hardsigmoid") {
    st.note("tf.keras 2's hard_sigmoid is 0.2*x + 0.5 clipped to [0, 1]; PyTorch's Hardsigmoid (like Keras 3's) is "
            "x/6 + 0.5: other values, no parameters either way");
    return st.emit(keras_activation("hard_sigmoid"));
  }
  if (kind == "GELU") {
    if (st.args.choice("approximate") == "tanh")
      st.note("approximate='tanh': Keras' activation 'gelu' is exact unless called as gelu(x, approximate=True)");
    return st.emit(keras_activation("gelu"));
  }
  if (kind == "CELU") {
    if (st.args.number("alpha") != 1.0) st.note("Keras' 'celu' activation uses alpha=1.0");
    return st.emit(keras_activation("celu"));
  }
  if (kind == "Softplus") {
    if (st.args.number("beta") != 1.0) st.note("Keras' 'softplus' has no beta: it is log(1 + exp(x))");
    return st.emit(keras_activation("softplus"));
  }
  if (kind == "Softshrink") {
    if (st.args.number("lambd") != 0.5) st.note("Keras' 'soft_shrink' activation uses a threshold of 0.5");
    return st.emit(keras_activation("soft_shrink"));
  }
  if (kind == "Hardtanh") {
    double lo = st.args.number("min_val"), hi = st.args.number("max_val");
    if (lo == -1.0 && hi == 1.0) return st.emit(keras_activation("hard_tanh"));
    if (lo == 0.0) return st.emit(make_layer("ReLU", {{"max_value", Value::of_float(hi)}}));
    return st.leave_out(cat({"Keras has no layer that clips to [", float_text(lo), ", ", float_text(hi), "]"}));
  }
  if (kind == "Threshold") {
    if (st.args.number("value") == 0.0)
      return st.emit(make_layer("ThresholdedReLU", {{"theta", Value::of_float(st.args.number("threshold"))}}));
    return st.leave_out("Keras' ThresholdedReLU replaces values at or below theta by 0 only; Threshold's value has no counterpart");
  }
  st.leave_out(cat({"Keras has no layer or activation for PyTorch's ", kind}));
}

// Softmax(dim), LogSoftmax(dim), GLU(dim) and Softmax2d: the dimension becomes Keras' axis.
void softmax_to_keras(Step& st) {
  const std::string& kind = st.type.name;
  int64_t full = static_cast<int64_t>(st.rank()) + 1;
  int64_t dim = 1;
  if (kind != "Softmax2d") {
    const Value& given = st.args.arg("dim");
    if (given.is_none()) {
      dim = (full == 1 || full == 3) ? 0 : 1;  // PyTorch's implicit choice
      st.note("dim=None lets PyTorch pick the dimension from the input's rank (deprecated)");
    } else {
      dim = given.integer < 0 ? given.integer + full : given.integer;
    }
  }
  if (dim < 1 || dim >= full) return st.leave_out("this softmax runs over the batch, which Keras' layers never do");
  int64_t axis = st.target_dim(static_cast<size_t>(dim - 1));
  if (kind == "Softmax" || kind == "Softmax2d") {
    Layer sm = make_layer("Softmax");
    if (axis != -1) sm.set_arg("axis", Value::of_int(axis));
    return st.emit(std::move(sm));
  }
  if (axis != -1) return st.leave_out(cat({"Keras' '", (kind == "GLU" ? "glu" : "log_softmax"), "' works on the last axis only"}));
  st.emit(keras_activation(kind == "GLU" ? "glu" : "log_softmax"));
}

void prelu_to_keras(Step& st) {
  int64_t n = st.args.integer("num_parameters", 1);
  std::vector<int64_t> shared;
  for (size_t a = 0; a < st.rank(); ++a)
    if (n == 1 || st.target_axis(0) != a) shared.push_back(static_cast<int64_t>(a) + 1);
  Layer prelu = make_layer("PReLU");
  if (!shared.empty()) {
    std::vector<Value> items;
    for (int64_t a : shared) items.push_back(Value::of_int(a));
    prelu.set_arg("shared_axes", Value::list(std::move(items)));
  }
  if (st.args.number("init") != 0.25) st.note("Keras' PReLU starts its alphas at 0 (alpha_initializer='zeros'), PyTorch's at init");
  st.emit(std::move(prelu));
}

void pad_to_keras(Step& st) {
  const std::string& kind = st.type.name;
  size_t r = static_cast<size_t>(kind[kind.size() - 2] - '0');
  Pads pads;
  if (!torch_pairs(st.args.arg("padding"), r, pads))
    return st.leave_out(cat({"padding=", st.args.arg("padding").to_python(), " could not be read"}));
  Pads grow = pads, shrink = pads;
  bool grows = false, shrinks = false;
  for (size_t d = 0; d < r; ++d) {
    grow[d] = {std::max<int64_t>(pads[d].first, 0), std::max<int64_t>(pads[d].second, 0)};
    shrink[d] = {std::max<int64_t>(-pads[d].first, 0), std::max<int64_t>(-pads[d].second, 0)};
    grows = grows || grow[d].first || grow[d].second;
    shrinks = shrinks || shrink[d].first || shrink[d].second;
  }
  if (kind.rfind("ConstantPad", 0) == 0 && st.args.number("value") != 0.0 && grows)
    st.note(cat({"Keras pads with zeros only: value=", float_text(st.args.number("value")),
                 " has no counterpart (the shape is the same)"}));
  if (kind.rfind("Reflection", 0) == 0 || kind.rfind("Replication", 0) == 0 || kind.rfind("Circular", 0) == 0)
    st.note(cat({"Keras has no ", (kind[0] == 'R' && kind[2] == 'f' ? "reflection" : kind[0] == 'R' ? "replication" : "circular"),
                 " padding layer: ZeroPadding", r, "D pads with zeros instead (the same shape, other values)"}));
  if (grows) st.emit(keras_padding_layer(false, grow));
  if (shrinks) {
    st.emit(keras_padding_layer(true, shrink), grows ? "crop" : "");
    st.note(cat({"negative padding crops: Cropping", r, "D"}));
  }
  if (!grows && !shrinks) st.drop("padding of 0 does nothing: left out");
}

void upsample_to_keras(Step& st) {
  const std::string& kind = st.type.name;
  size_t r = st.rank() - 1;
  if (r < 1 || r > 3) return st.leave_out("Keras upsamples steps, images or volumes only");
  std::string mode = kind == "UpsamplingBilinear2d" ? "bilinear"
                     : kind == "UpsamplingNearest2d" ? "nearest"
                                                     : st.args.choice("mode");
  std::vector<int64_t> factors;
  bool whole = true;
  std::vector<int64_t> scale;
  if (read_ints(st.args.arg("scale_factor"), scale) && !scale.empty()) {
    if (scale.size() == 1) scale.assign(r, decltype(scale)::value_type{scale[0]});  // a copy, as above
    for (int64_t f : scale) whole = whole && f >= 1;
    if (whole && scale.size() == r) factors = scale;
  }
  for (size_t d = 0; d < r && factors.size() != r; ++d) {
    int64_t n = st.spatial(d), o = st.out[d + 1];
    if (n == kUnknown || o == kUnknown || o % n != 0) whole = false;
    else factors.push_back(o / n);
  }
  if (!whole) {
    if (r == 2 && st.out[1] != kUnknown && st.out[2] != kUnknown) {
      Layer resize = make_layer("Resizing", {{"height", Value::of_int(st.out[1])}, {"width", Value::of_int(st.out[2])}});
      if (mode != "bilinear") resize.set_arg("interpolation", Value::of_string(mode == "bicubic" ? "bicubic" : "nearest"));
      st.note(cat({"Keras' UpSampling2D repeats values a whole number of times; Resizing(", st.out[1], ", ", st.out[2],
                   ") gives this size"}));
      return st.emit(std::move(resize));
    }
    return st.leave_out("Keras' UpSampling repeats values a whole number of times; this size has no counterpart");
  }
  Layer up = make_layer(cat({"UpSampling", r, "D"}), {{"size", keras_ints(factors)}});
  if (r == 2 && mode == "bilinear") up.set_arg("interpolation", Value::of_string("bilinear"));
  else if (mode != "nearest")
    st.note(cat({"Keras' UpSampling", r, "D repeats values (nearest); mode='", mode, "' has no counterpart (the same shape)"}));
  if (mode == "bilinear" && (kind == "UpsamplingBilinear2d" || activation_name(st.args.arg("align_corners")) == "True" ||
                             (st.args.arg("align_corners").kind == Value::Kind::Bool && st.args.arg("align_corners").boolean)))
    st.note("align_corners=True has no Keras counterpart: Keras' bilinear upsampling aligns pixel centres");
  st.emit(std::move(up));
}

void identity_to_keras(Step& st) { st.drop("Identity passes its input on: Keras needs no layer"); }

void no_keras_layer(Step& st) {
  st.leave_out(cat({"Keras has no layer for PyTorch's ", st.type.name, " (", st.type.summary, ")"}));
}

const Rule kTorchRules[] = {
    {"Linear", Layout::Same, linear_to_keras},
    {"Bilinear", Layout::Same, no_keras_layer},
    {"Identity", Layout::Any, identity_to_keras},
    {"Flatten", Layout::Any, flatten_to_keras, true},
    {"Unflatten", Layout::Any, unflatten_to_keras, true},
    {"Dropout", Layout::Any, dropout_to_keras},
    {"AlphaDropout", Layout::Any, dropout_to_keras},
    {"Dropout1d", Layout::Moved, dropout_to_keras},
    {"Dropout2d", Layout::Moved, dropout_to_keras},
    {"Dropout3d", Layout::Moved, dropout_to_keras},
    {"Conv1d", Layout::Moved, [](Step& s) { conv_to_keras(s, 1); }},
    {"Conv2d", Layout::Moved, [](Step& s) { conv_to_keras(s, 2); }},
    {"Conv3d", Layout::Moved, [](Step& s) { conv_to_keras(s, 3); }},
    {"ConvTranspose1d", Layout::Moved, [](Step& s) { conv_transpose_to_keras(s, 1); }},
    {"ConvTranspose2d", Layout::Moved, [](Step& s) { conv_transpose_to_keras(s, 2); }},
    {"ConvTranspose3d", Layout::Moved, [](Step& s) { conv_transpose_to_keras(s, 3); }},
    {"MaxPool1d", Layout::Moved, [](Step& s) { pool_to_keras(s, 1, true); }},
    {"MaxPool2d", Layout::Moved, [](Step& s) { pool_to_keras(s, 2, true); }},
    {"MaxPool3d", Layout::Moved, [](Step& s) { pool_to_keras(s, 3, true); }},
    {"AvgPool1d", Layout::Moved, [](Step& s) { pool_to_keras(s, 1, false); }},
    {"AvgPool2d", Layout::Moved, [](Step& s) { pool_to_keras(s, 2, false); }},
    {"AvgPool3d", Layout::Moved, [](Step& s) { pool_to_keras(s, 3, false); }},
    {"AdaptiveAvgPool1d", Layout::Moved, [](Step& s) { adaptive_pool_to_keras(s, 1, false); }},
    {"AdaptiveAvgPool2d", Layout::Moved, [](Step& s) { adaptive_pool_to_keras(s, 2, false); }},
    {"AdaptiveAvgPool3d", Layout::Moved, [](Step& s) { adaptive_pool_to_keras(s, 3, false); }},
    {"AdaptiveMaxPool1d", Layout::Moved, [](Step& s) { adaptive_pool_to_keras(s, 1, true); }},
    {"AdaptiveMaxPool2d", Layout::Moved, [](Step& s) { adaptive_pool_to_keras(s, 2, true); }},
    {"AdaptiveMaxPool3d", Layout::Moved, [](Step& s) { adaptive_pool_to_keras(s, 3, true); }},
    {"BatchNorm1d", Layout::Moved, batch_norm_to_keras},
    {"BatchNorm2d", Layout::Moved, batch_norm_to_keras},
    {"BatchNorm3d", Layout::Moved, batch_norm_to_keras},
    {"InstanceNorm1d", Layout::Moved, instance_norm_to_keras},
    {"InstanceNorm2d", Layout::Moved, instance_norm_to_keras},
    {"InstanceNorm3d", Layout::Moved, instance_norm_to_keras},
    {"GroupNorm", Layout::Moved, group_norm_to_keras},
    {"LayerNorm", Layout::Same, layer_norm_to_keras},
    {"LocalResponseNorm", Layout::Moved, local_response_norm_to_keras},
    {"Embedding", Layout::Any, embedding_to_keras},
    {"EmbeddingBag", Layout::Any, no_keras_layer},
    {"RNN", Layout::Same, recurrent_to_keras},
    {"LSTM", Layout::Same, recurrent_to_keras},
    {"GRU", Layout::Same, recurrent_to_keras},
    {"MultiheadAttention", Layout::Same, attention_to_keras},
    {"ReLU", Layout::Any, activation_to_keras},
    {"ReLU6", Layout::Any, activation_to_keras},
    {"LeakyReLU", Layout::Any, activation_to_keras},
    {"ELU", Layout::Any, activation_to_keras},
    {"CELU", Layout::Any, activation_to_keras},
    {"SELU", Layout::Any, activation_to_keras},
    {"GELU", Layout::Any, activation_to_keras},
    {"SiLU", Layout::Any, activation_to_keras},
    {"Mish", Layout::Any, activation_to_keras},
    {"Sigmoid", Layout::Any, activation_to_keras},
    {"Tanh", Layout::Any, activation_to_keras},
    {"Softsign", Layout::Any, activation_to_keras},
    {"Softplus", Layout::Any, activation_to_keras},
    {"Softshrink", Layout::Any, activation_to_keras},
    {"Hardshrink", Layout::Any, activation_to_keras},
    {"Hardswish", Layout::Any, activation_to_keras},
    {"Hardsigmoid", Layout::Any, activation_to_keras},
    {"Hardtanh", Layout::Any, activation_to_keras},
    {"Tanhshrink", Layout::Any, activation_to_keras},
    {"LogSigmoid", Layout::Any, activation_to_keras},
    {"Threshold", Layout::Any, activation_to_keras},
    {"RReLU", Layout::Any, activation_to_keras},
    {"Softmin", Layout::Any, activation_to_keras},
    {"Softmax", Layout::Any, softmax_to_keras},
    {"LogSoftmax", Layout::Any, softmax_to_keras},
    {"GLU", Layout::Any, softmax_to_keras},
    {"Softmax2d", Layout::Moved, softmax_to_keras},
    {"PReLU", Layout::Any, prelu_to_keras},
    {"ZeroPad1d", Layout::Moved, pad_to_keras},
    {"ZeroPad2d", Layout::Moved, pad_to_keras},
    {"ZeroPad3d", Layout::Moved, pad_to_keras},
    {"ConstantPad1d", Layout::Moved, pad_to_keras},
    {"ConstantPad2d", Layout::Moved, pad_to_keras},
    {"ConstantPad3d", Layout::Moved, pad_to_keras},
    {"ReflectionPad1d", Layout::Moved, pad_to_keras},
    {"ReflectionPad2d", Layout::Moved, pad_to_keras},
    {"ReflectionPad3d", Layout::Moved, pad_to_keras},
    {"ReplicationPad1d", Layout::Moved, pad_to_keras},
    {"ReplicationPad2d", Layout::Moved, pad_to_keras},
    {"ReplicationPad3d", Layout::Moved, pad_to_keras},
    {"CircularPad1d", Layout::Moved, pad_to_keras},
    {"CircularPad2d", Layout::Moved, pad_to_keras},
    {"CircularPad3d", Layout::Moved, pad_to_keras},
    {"Upsample", Layout::Moved, upsample_to_keras},
    {"UpsamplingNearest2d", Layout::Moved, upsample_to_keras},
    {"UpsamplingBilinear2d", Layout::Moved, upsample_to_keras},
};

template <size_t N>
const Rule* find_rule(const Rule (&rules)[N], const std::string& type) {
  static const std::unordered_map<std::string, const Rule*> index = [&] {
    std::unordered_map<std::string, const Rule*> m;
    for (const Rule& r : rules) m.emplace(r.type, &r);
    return m;
  }();
  auto it = index.find(type);
  return it == index.end() ? nullptr : it->second;
}

const Rule* keras_rule(const std::string& type) { return find_rule(kKerasRules, type); }
const Rule* torch_rule(const std::string& type) { return find_rule(kTorchRules, type); }

// ---- The driver ------------------------------------------------------------------------------

const Rule* Converter::rule_of(size_t i) const {
  std::string type = canonical_type_name(layers()[i].type, from_);
  return from_ == Framework::Keras ? keras_rule(type) : torch_rule(type);
}

Layout Converter::layout_of(size_t i) const {
  const Rule* rule = rule_of(i);
  if (!rule) return Layout::Any;
  if (from_ == Framework::Keras && std::string(rule->type) == "PReLU")
    return keras_prelu_layout(layers()[i], results()[i].input_shape);
  return rule->layout;
}

bool Converter::prefers_moved(size_t first) const {
  for (size_t k = first; k < layers().size(); ++k) {
    const LayerResult& r = results()[k];
    if (!r.ok() || r.input_shape.size() < 2) return false;
    Layout l = layout_of(k);
    if (l == Layout::Moved) return true;
    if (l == Layout::Same) return false;
    const Rule* rule = rule_of(k);
    if ((rule && rule->reshapes) || r.output_shape.size() != r.input_shape.size()) return false;
  }
  return false;
}

// "x.transpose(1, 2)" / "x.permute(0, 3, 1, 2)": moving the channels to dim 1 (first) or to the end.
std::string permute_code(size_t rank, bool to_first) {
  if (rank == 2) return "x.transpose(1, 2)";
  std::string dims = "0";
  if (to_first) {
    dims += cat({", ", rank});
    for (size_t d = 1; d < rank; ++d) dims += cat({", ", d});
  } else {
    for (size_t d = 2; d <= rank; ++d) dims += cat({", ", d});
    dims += ", 1";
  }
  return cat({"x.permute(", dims, ")"});
}

// Keras' Permute that moves the channels of a rank-`rank` tensor last (or back first).
Layer keras_permute(size_t rank, bool to_last) {
  std::vector<Value> dims;
  if (to_last) {
    for (size_t d = 2; d <= rank; ++d) dims.push_back(Value::of_int(static_cast<int64_t>(d)));
    dims.push_back(Value::of_int(1));
  } else {
    dims.push_back(Value::of_int(static_cast<int64_t>(rank)));
    for (size_t d = 1; d < rank; ++d) dims.push_back(Value::of_int(static_cast<int64_t>(d)));
  }
  return make_layer("Permute", {{"dims", Value::tuple(std::move(dims))}});
}

std::string count_text(int64_t params, int64_t buffers) {
  std::string text = with_commas(params);
  if (buffers > 0) text += cat({" + ", with_commas(buffers), " in buffers"});
  return text;
}

struct Emitted {
  Pending pending;
  size_t source;
};

struct NoteAt {
  size_t source;
  int target;  // index into the converted layers, or -1 for the source layer itself
  std::string message;
};

Conversion Converter::run() {
  Conversion c;
  c.model.framework = to_;
  const std::vector<Layer>& src = layers();
  const std::vector<LayerResult>& res = results();
  std::vector<Emitted> out;
  std::vector<NoteAt> notes;

  std::optional<Shape> input = source_.model().input_shape;
  if (!src.empty() && res[0].ok()) input = res[0].input_shape;  // Embedding's own (None,)
  bool moved = input && input->size() >= 2 && prefers_moved(0);
  if (input) c.model.input_shape = to_target(*input, moved, from_);
  Shape tshape = c.model.input_shape.value_or(Shape{});
  bool leading = true;   // nothing converted yet: dropped preprocessing sets the input
  bool diverged = false;  // the target's shapes differ from the source's, as a note said

  for (size_t i = 0; i < src.size(); ++i) {
    if (!res[i].ok()) {
      std::string why = res[i].status == LayerStatus::Waiting ? cat({"it waits on ", res[i].waiting_on})
                                                              : cat({"it has an error: ", res[i].error});
      size_t rest = src.size() - i - 1;
      notes.push_back({i, -1, cat({"not converted, since ", why,
                                   rest ? cat({"; nor the ", rest, " layer", (rest == 1 ? "" : "s"), " after it"}) : std::string()})});
      for (size_t k = i; k < src.size(); ++k) c.left_out.push_back(k);
      break;
    }
    const LayerType* type = find_layer_type(src[i].type, from_);
    Step st(*this, i, src[i], *type, res[i].input_shape, res[i].output_shape, moved);
    st.leading = leading;
    const Rule* rule = rule_of(i);
    std::vector<Layer> before;  // a Keras Permute that moves the channels first
    try {
      const ArgSpec* format = type->find_arg("data_format");
      if (!rule) {
        st.leave_out(from_ == Framework::Keras
                         ? cat({"PyTorch has no module for Keras' ", type->name, ": left out"})
                         : cat({"Keras has no layer for PyTorch's ", type->name, ": left out"}));
      } else if (format && from_ == Framework::Keras && st.args.arg("data_format").kind == Value::Kind::String &&
                 st.args.arg("data_format").text == "channels_first") {
        st.leave_out("data_format='channels_first' is not converted: give the Keras model channels last");
      } else {
        Layout need = layout_of(i);
        bool mismatch = st.rank() >= 2 && need != Layout::Any && (need == Layout::Moved) != moved;
        if (mismatch) st.moved = need == Layout::Moved;
        rule->map(st);
        if (mismatch && !st.left_out) {
          std::string target = st.emitted.empty() ? type->name : st.emitted[0].layer.type;
          std::string message;
          if (to_ == Framework::Keras) {
            // The channels must move, and Keras has a layer for that.
            Layer permute = keras_permute(st.rank(), need == Layout::Moved);
            std::string dims = permute.find_arg("dims")->to_python();
            message = need == Layout::Moved
                          ? cat({"Keras' ", target, " wants the channels last, but the layers before hold them first, as "
                                 "PyTorch has them: a Permute(", dims, ") moves them last"})
                          : cat({"PyTorch's ", type->name, " reads ", shape_torch(st.in),
                                 " in that order, and Keras holds the channels last: a Permute(", dims,
                                 ") first puts them back in PyTorch's order"});
            before.push_back(std::move(permute));
          } else {
            std::string kind = canonical_type_name(src[i].type);
            std::string fix = kind == "GlobalAveragePooling1D" ? "x.mean(dim=1)"
                              : kind == "GlobalMaxPooling1D"   ? "x.amax(dim=1)"
                                                               : permute_code(st.rank(), need == Layout::Moved);
            message = cat({"PyTorch's ", target, " wants ", (need == Layout::Moved ? "the channels first" : "the features last"),
                           ", but the layers before hold them the other way, and nn.Sequential has no module that "
                           "moves them: forward() needs ", fix, " here"});
            st.explains_shape = true;
          }
          st.notes.insert(st.notes.begin(), message);
          if (st.count_note >= 0) st.count_note++;
        }
      }
    } catch (const LayerFault& fault) {
      st.leave_out(cat({"could not be converted: ", fault.message}));
    }
    if (!before.empty() && !st.left_out) {
      std::vector<Pending> all;
      for (Layer& l : before) all.push_back({std::move(l), "permute"});
      for (Pending& p : st.emitted) all.push_back(std::move(p));
      st.emitted = std::move(all);
    }

    // trainable=False freezes every layer it becomes.
    const Value* trainable = src[i].find_arg("trainable");
    if (trainable && trainable->kind == Value::Kind::Bool && !trainable->boolean)
      for (Pending& p : st.emitted) p.layer.set_arg("trainable", Value::of_bool(false));
    // PyTorch's parameters frozen one by one: Keras freezes whole layers only.
    bool frozen_whole = trainable && trainable->kind == Value::Kind::Bool && !trainable->boolean;
    if (!src[i].frozen.empty() && !frozen_whole && !st.emitted.empty()) {
      std::string names;
      for (const Weight& w : res[i].weights)
        if (!w.buffer && !w.trainable) names += cat({(names.empty() ? "" : " and "), w.name});
      if (res[i].trainable == 0) {
        for (Pending& p : st.emitted) p.layer.set_arg("trainable", Value::of_bool(false));
        st.note(cat({"Keras freezes whole layers only; PyTorch freezes every parameter here (", names,
                     "), which is trainable=False on the whole layer"}));
      } else {
        st.note(cat({"Keras freezes whole layers only: PyTorch freezes ", names, " alone (", with_commas(res[i].non_trainable),
                     " parameters), which Keras cannot, so the Keras layer stays trainable and counts all its parameters "
                     "as trainable"}));
      }
    }
    // A PyTorch module called again: Keras' Sequential holds each layer once.
    if (!src[i].shares.empty() && !st.emitted.empty())
      st.count_differs(cat({"this is ", src[i].shares, "'s module called again; a Keras Sequential model cannot use a layer "
                            "twice, so here it is a layer of its own with its own weights"}));
    for (Pending& p : st.emitted) p.layer.where = src[i].where;

    // The converted layers, computed in the target framework.
    bool computed = !st.emitted.empty();
    int64_t params = 0, buffers = 0;
    Shape t = tshape;
    for (const Pending& p : st.emitted) {
      if (!find_layer_type(p.layer.type, to_)) {
        st.note(cat({"Learnable cannot count ", title(to_), "'s ", p.layer.type, " yet"}));
        computed = false;
        break;
      }
      LayerResult r = compute_layer(p.layer, t, false, to_);
      if (!r.ok()) {
        computed = false;
        break;
      }
      t = r.output_shape;
      params += r.params;
      buffers += r.buffers;
    }
    int64_t source_params = res[i].params;
    for (size_t k = 1; k <= st.skip && i + k < src.size(); ++k) source_params += res[i + k].params;

    moved = st.moved_after.value_or(st.moved);
    if (st.out.size() < 2) moved = false;
    Shape expected = to_target(st.out, moved, from_);
    if (st.emitted.empty()) {
      if (st.dropped && st.sets_input) {
        c.model.input_shape = expected;
        st.note(cat({"the ", title(to_), " model's input is then ", shape_text(expected, to_)}));
        tshape = expected;
      }
      diverged = diverged || tshape != expected;  // a layer left out that changed the shape
    } else if (computed) {
      if (params != source_params) {
        std::string numbers = cat({" (", title(from_), ": ", with_commas(source_params), "; ", title(to_), ": ",
                                   count_text(params, buffers), ")"});
        if (st.count_note >= 0) st.notes[static_cast<size_t>(st.count_note)] += numbers;
        else if (diverged) st.note(cat({"its input differs, as noted above, so its count does too", numbers}));
        else st.note(cat({"the count differs", numbers}));
      }
      if (t != expected && !diverged && !st.explains_shape)
        st.note(cat({"the output shape differs: ", title(from_), " ", shape_text(st.out, from_), ", ", title(to_), " ",
                     shape_text(t, to_)}));
      diverged = t != expected;
      tshape = t;
    } else {
      tshape = expected;
    }
    if (!st.emitted.empty()) leading = false;

    size_t first = out.size();
    for (Pending& p : st.emitted) out.push_back({std::move(p), i});
    for (std::string& m : st.notes)
      notes.push_back({i, st.emitted.empty() ? -1 : static_cast<int>(first), std::move(m)});
    if (st.left_out) c.left_out.push_back(i);
    i += st.skip;
  }

  // Names: a user's stay (with a suffix on the extra layers); automatic ones follow the target:
  // PyTorch's child indices, Keras' snake_case counters (given by the Calculator).
  std::unordered_set<std::string> taken;
  std::vector<std::string> names(out.size());
  for (size_t k = 0; k < out.size(); ++k) {
    const Layer& source = src[out[k].source];
    // PyTorch's own are child indices; the Calculator gives any model Keras' snake_case ones.
    bool automatic = is_digits(source.name) || automatic_keras_name(source);
    if (!automatic)
      names[k] = out[k].pending.suffix.empty() ? source.name : cat({source.name, "_", out[k].pending.suffix});
    else if (to_ == Framework::PyTorch)
      names[k] = std::to_string(k);
  }
  for (std::string& name : names) {
    if (name.empty()) continue;
    std::string base = name;
    for (int n = 2; taken.count(name); ++n) name = cat({base, "_", n});
    taken.insert(name);
  }
  for (size_t k = 0; k < out.size(); ++k) {
    out[k].pending.layer.name = names[k];
    c.model.layers.push_back(std::move(out[k].pending.layer));
    c.origin.push_back(out[k].source);
  }
  if (to_ == Framework::Keras) c.model = Calculator(c.model).model();  // Keras' automatic names
  for (Layer& l : c.model.layers) l.id = 0;

  for (const NoteAt& n : notes) {
    std::string layer = n.target >= 0 ? c.model.layers[static_cast<size_t>(n.target)].name : src[n.source].name;
    c.notes.push_back({src[n.source].where, n.message, "", layer});
  }
  return c;
}

}  // namespace

Conversion convert_model(const Model& from, Framework to) {
  if (from.framework == to) {
    Conversion same;
    same.model = from;
    for (size_t i = 0; i < from.layers.size(); ++i) same.origin.push_back(i);
    return same;
  }
  return Converter(from, to).run();
}

}  // namespace learnable
