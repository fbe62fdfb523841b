// The one interface a layer type's compute function sees: its input shape, its arguments read
// with Keras' defaults and checked, overflow-checked arithmetic, and the result it fills in.
// A rule that finds a fault calls fail(); the fault becomes that layer's error, never a throw
// out of the core.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/layer_type.h"
#include "core/model.h"
#include "core/result.h"
#include "core/text.h"

namespace learnable {

struct LayerFault {
  std::string argument;
  std::string message;
  bool loading = false;  // not a fault of the layer: its rule has not arrived yet (LayerStatus::Loading)
};

// Inside catch (...) around a rule: the fault the exception stands for. A LayerFault is itself;
// running out of memory is "too large to compute" and any other std::exception an internal
// error, both of the layer as a whole. Anything else is thrown on.
LayerFault current_fault();

class LayerContext {
 public:
  LayerContext(const LayerType& type, const Layer& layer, const Shape& input, LayerResult& out,
               bool explaining = true);

  // False while the calculator only needs numbers and formulas: rules skip their explanation
  // steps then (the explanation is built on demand for the layer a user looks at).
  bool explaining() const { return explaining_; }

  const Layer& layer() const { return layer_; }
  const LayerType& type() const { return type_; }
  const Shape& input() const { return input_; }
  size_t rank() const { return input_.size(); }

  // Arguments, with the layer type's defaults. Each reader fails on a bad value, naming it.
  const Value& arg(std::string_view name) const;
  bool has_arg(std::string_view name) const;  // given explicitly
  int64_t integer(std::string_view name, int64_t min_value) const;
  int64_t positive(std::string_view name) const { return integer(name, 1); }
  // An int or a tuple/list of `count` ints, each >= min_value.
  std::vector<int64_t> ints(std::string_view name, size_t count, int64_t min_value = 1) const;
  // A tuple/list of ints of any length (None entries become kUnknown when allow_none).
  std::vector<int64_t> int_list(std::string_view name, bool allow_none = false) const;
  bool flag(std::string_view name) const;
  std::string choice(std::string_view name) const;
  double number(std::string_view name) const;

  // The input must have exactly this many dimensions (batch excluded); `what` names the layout
  // ("(batch, rows, cols, channels)"), `example` suggests a fix.
  void require_rank(size_t wanted, const char* what) const;
  void require_min_rank(size_t wanted, const char* what) const;
  int64_t known_dim(size_t axis, const char* what) const;  // fails when the dim is unknown

  int64_t mul(int64_t a, int64_t b) const;
  int64_t add(int64_t a, int64_t b) const;
  int64_t product(const std::vector<int64_t>& values) const;

  [[noreturn]] void fail(std::string_view argument, std::string message) const;

  void set_output(Shape shape);
  void add_weight(std::string name, Shape shape, bool trainable = true);
  // PyTorch's register_buffer: listed with the weights, counted apart from the parameters.
  void add_buffer(std::string name, Shape shape);
  void set_formula(std::string formula);
  void explain(std::string step);
  // For layers without parameters: the formula is the reason, in words.
  void no_parameters(std::string reason);

  // For wrappers: computes the wrapped layer on `input` (faults propagate to this layer).
  LayerResult compute_inner(size_t index, const Shape& input) const;

  LayerResult& result() { return out_; }

 private:
  const LayerType& type_;
  const Layer& layer_;
  const Shape& input_;
  LayerResult& out_;
  bool explaining_ = true;
};

// "3×3" for a kernel, "32" for a single value.
std::string dims_words(const std::vector<int64_t>& dims);
// "(3, 3)" as Python writes a tuple.
std::string dims_python(const std::vector<int64_t>& dims);
std::string num(int64_t n);  // std::to_string, for formula strings


}  // namespace learnable
