// The model open in the app and its undo history. Every change the interface makes goes through
// here as one undoable step (typing in a field merges into one step), so undo, autosave and the
// DOM mirror all see the same sequence of revisions. Plain C++ on the core: no ImGui, no browser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "core/calculator.h"

namespace learnable::app {

class Document {
 public:
  static constexpr size_t kDefaultHistory = 1000;

  explicit Document(size_t history_limit = kDefaultHistory) : history_limit_(history_limit) {}

  const Calculator& calc() const { return calc_; }
  const Model& model() const { return calc_.model(); }
  size_t size() const { return calc_.model().layers.size(); }
  const Layer& layer(size_t index) const { return calc_.model().layers[index]; }
  const LayerResult& result(size_t index) const { return calc_.results()[index]; }
  // Changes whenever the model does (edits, undo, redo, loads); selection does not count.
  uint64_t revision() const { return revision_; }

  std::optional<size_t> selected() const { return selected_; }
  void select(std::optional<size_t> index);

  // Replaces the model without history (restoring an autosave at startup).
  void reset(Model model);
  // Replaces the whole model as one undoable step: a preset, an import, a shared link, New model.
  // The first layer is selected, or `selection` when the model has that many layers.
  void load(Model model, std::string label, std::optional<size_t> selection = size_t(0));

  // Edits. A non-zero `merge` key folds an edit into the previous step when that step was the
  // same kind of edit with the same key (one step per field while the user types in it).
  void set_input_shape(std::optional<Shape> shape, uint64_t merge = 0);
  void set_layer(size_t index, Layer layer, uint64_t merge = 0);
  void rename_layer(size_t index, std::string name, uint64_t merge = 0);
  // Gives layer `index` another type as one step, keeping what the new type also takes
  // (with_type in editing.h). A name Keras chose for the old type (conv2d_1) becomes the one it
  // would choose for the new type; a name the user gave stays.
  void change_layer_type(size_t index, std::string_view type);
  size_t insert_layer(size_t index, Layer layer);  // selects the new layer; returns its index
  size_t duplicate_layer(size_t index);            // the copy goes below; returns its index
  void remove_layer(size_t index);
  void move_layer(size_t from, size_t to, uint64_t merge = 0);
  // Computes every layer again, as one of its rules changed (a lazy rule arrived).
  void recompute() {
    calc_.recompute();
    ++revision_;
  }
  // The next edit starts a new step even with the same merge key.
  void break_merge() { merge_open_ = false; }

  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  std::string undo_label() const { return undo_.empty() ? std::string() : undo_.back().label; }
  std::string redo_label() const { return redo_.empty() ? std::string() : redo_.back().label; }
  size_t undo_steps() const { return undo_.size(); }
  size_t redo_steps() const { return redo_.size(); }
  bool undo();
  bool redo();

 private:
  struct Step {
    enum class Kind { SetLayer, Insert, Remove, Move, SetInput, Load } kind = Kind::Load;
    std::string label;
    uint64_t merge = 0;
    size_t index = 0;
    size_t to = 0;
    Layer before, after;
    std::optional<Shape> shape_before, shape_after;
    Model model_before, model_after;
    std::optional<size_t> selected_before, selected_after;
  };

  void apply(const Step& step, bool forward);
  void push(Step step);
  Step* mergeable(Step::Kind kind, uint64_t merge);
  std::string unique_name(const std::string& wanted) const;
  void set_layer_as_step(size_t index, Layer layer, uint64_t merge, std::string label);

  Calculator calc_;
  std::optional<size_t> selected_;
  std::deque<Step> undo_, redo_;
  size_t history_limit_;
  uint64_t revision_ = 0;
  bool merge_open_ = false;
};

}  // namespace learnable::app
