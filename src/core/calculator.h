// The public entry point of the core: holds a model and its per-layer results, and keeps them in
// step as the model is edited. Editing layer i recomputes layers i..n-1 only. Nothing here
// throws; faults are reported in each LayerResult.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace learnable {

// Computes one layer on the given input shape: the rule, the formula and, when `explain`, the
// step-by-step explanation.
LayerResult compute_layer(const Layer& layer, const Shape& input, bool explain = true,
                          Framework framework = Framework::Keras);

// Gives each layer without a name the one Keras would: the snake_case class name, then _1, _2,
// ... past the names already taken (by the layers, and `also_taken`).
void name_layers(std::vector<Layer>& layers, const std::set<std::string>& also_taken = {});

class Calculator {
 public:
  Calculator() = default;
  explicit Calculator(Model model) { set_model(std::move(model)); }

  const Model& model() const { return model_; }
  const std::vector<LayerResult>& results() const { return results_; }
  const Totals& totals() const { return totals_; }
  bool all_resolved() const;  // every layer computed without error

  // The step-by-step explanation of layer `index` (built on demand: results() keeps numbers and
  // formulas only, so edits stay cheap). For a layer in error, its error message.
  std::vector<std::string> explanation(size_t index) const;

  // Ids and automatic names (name_layers) are given to layers that have none.
  void set_model(Model model);
  void set_input_shape(std::optional<Shape> shape);
  void set_layer(size_t index, Layer layer);
  size_t insert_layer(size_t index, Layer layer);  // returns the index it landed at
  void remove_layer(size_t index);
  void move_layer(size_t from, size_t to);
  // Every layer again: a rule that could not run before can now (rules_elsewhere.h).
  void recompute() { recompute_from(0, model_.layers.size()); }

  // The automatic name Keras would give a new layer of this type here: conv2d, conv2d_1, ...
  std::string automatic_name(std::string_view type) const;

 private:
  // Layer `index` on `input`, with the sharing of an earlier layer's module applied.
  LayerResult compute_at(size_t index, const Shape& input, bool explain) const;
  void adopt(Layer& layer);
  void recompute_from(size_t index, size_t last_changed);
  bool still_valid(size_t index) const;
  void sum_totals();

  Model model_;
  std::vector<LayerResult> results_;
  Totals totals_;
  int64_t next_id_ = 1;
};

}  // namespace learnable
