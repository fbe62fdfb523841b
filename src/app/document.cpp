// Undoable edits of the model: each step records what it changed (one layer, one move, the
// input shape, or the whole model for loads), so undoing an edit of a 1,000-layer model
// recomputes from that layer onward instead of copying the model.
#include "app/document.h"

#include <algorithm>
#include <set>

#include "app/editing.h"

namespace learnable::app {

void Document::select(std::optional<size_t> index) {
  if (index && *index >= size()) index = size() ? std::optional<size_t>(size() - 1) : std::nullopt;
  selected_ = index;
}

void Document::reset(Model model) {
  calc_.set_model(std::move(model));
  undo_.clear();
  redo_.clear();
  merge_open_ = false;
  select(size() ? std::optional<size_t>(0) : std::nullopt);
  ++revision_;
}

void Document::load(Model model, std::string label, std::optional<size_t> selection) {
  Step step;
  step.kind = Step::Kind::Load;
  step.label = std::move(label);
  step.model_before = calc_.model();
  step.selected_before = selected_;
  calc_.set_model(std::move(model));
  step.model_after = calc_.model();
  if (!selection || *selection >= size()) selection = size() ? std::optional<size_t>(0) : std::nullopt;
  select(selection);
  step.selected_after = selected_;
  push(std::move(step));
}

Document::Step* Document::mergeable(Step::Kind kind, uint64_t merge) {
  if (merge == 0 || !merge_open_ || undo_.empty()) return nullptr;
  Step& last = undo_.back();
  return last.kind == kind && last.merge == merge ? &last : nullptr;
}

void Document::set_input_shape(std::optional<Shape> shape, uint64_t merge) {
  if (shape == model().input_shape) return;
  if (Step* last = mergeable(Step::Kind::SetInput, merge)) {
    last->shape_after = shape;
    calc_.set_input_shape(std::move(shape));
    ++revision_;
    return;
  }
  Step step;
  step.kind = Step::Kind::SetInput;
  step.label = "change the input shape";
  step.merge = merge;
  step.shape_before = model().input_shape;
  step.shape_after = shape;
  step.selected_before = step.selected_after = selected_;
  calc_.set_input_shape(std::move(shape));
  push(std::move(step));
}

static bool same_layer(const Layer& a, const Layer& b) {
  if (a.type != b.type || a.name != b.name || a.args.size() != b.args.size() || a.inner.size() != b.inner.size() ||
      a.shares != b.shares || a.frozen.size() != b.frozen.size())
    return false;
  for (size_t i = 0; i < a.frozen.size(); ++i)
    if (a.frozen[i].name != b.frozen[i].name) return false;
  for (size_t i = 0; i < a.args.size(); ++i)
    if (a.args[i].name != b.args[i].name || a.args[i].value != b.args[i].value) return false;
  for (size_t i = 0; i < a.inner.size(); ++i)
    if (!same_layer(a.inner[i], b.inner[i])) return false;
  return true;
}

void Document::set_layer(size_t index, Layer layer, uint64_t merge) {
  if (index >= size()) return;
  set_layer_as_step(index, std::move(layer), merge, "edit " + this->layer(index).name);
}

void Document::set_layer_as_step(size_t index, Layer layer, uint64_t merge, std::string label) {
  if (layer.name.empty()) layer.name = this->layer(index).name;
  if (same_layer(layer, this->layer(index))) return;
  Step* last = mergeable(Step::Kind::SetLayer, merge);
  if (last && last->index == index) {
    calc_.set_layer(index, std::move(layer));
    last->after = this->layer(index);
    ++revision_;
    return;
  }
  Step step;
  step.kind = Step::Kind::SetLayer;
  step.label = std::move(label);
  step.merge = merge;
  step.index = index;
  step.before = this->layer(index);
  step.selected_before = step.selected_after = selected_;
  calc_.set_layer(index, std::move(layer));
  step.after = this->layer(index);
  push(std::move(step));
}

void Document::rename_layer(size_t index, std::string name, uint64_t merge) {
  if (index >= size() || name.empty()) return;
  Layer renamed = layer(index);
  renamed.name = std::move(name);
  set_layer(index, std::move(renamed), merge);
}

void Document::change_layer_type(size_t index, std::string_view type) {
  if (index >= size()) return;
  const Layer& old = layer(index);
  const Framework framework = calc_.model().framework;
  Layer changed = with_type(old, type, framework);
  if (changed.type == old.type) return;
  if (is_automatic_name(old.name, old.type, framework)) changed.name = calc_.automatic_name(changed.type);
  std::string label = "change " + old.name + " to " + changed.type;
  set_layer_as_step(index, std::move(changed), 0, std::move(label));
}

size_t Document::insert_layer(size_t index, Layer layer) {
  index = std::min(index, size());
  Step step;
  step.kind = Step::Kind::Insert;
  step.selected_before = selected_;
  index = calc_.insert_layer(index, std::move(layer));
  step.index = index;
  step.after = this->layer(index);
  step.label = "add " + step.after.name;
  selected_ = index;
  step.selected_after = selected_;
  push(std::move(step));
  return index;
}

// "Conv1" -> "Conv1_2", "conv2d_3" -> "conv2d_4": the first free name in that sequence.
std::string Document::unique_name(const std::string& wanted) const {
  std::set<std::string> taken;
  for (const Layer& l : model().layers) taken.insert(l.name);
  if (!taken.count(wanted)) return wanted;
  std::string base = wanted;
  int64_t n = 2;
  size_t underscore = wanted.rfind('_');
  if (underscore != std::string::npos && underscore + 1 < wanted.size() && wanted.size() - underscore < 10 &&
      std::all_of(wanted.begin() + static_cast<std::ptrdiff_t>(underscore) + 1, wanted.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    base = wanted.substr(0, underscore);
    n = std::stoll(wanted.substr(underscore + 1)) + 1;
  }
  for (;; ++n) {
    std::string candidate = base + "_" + std::to_string(n);
    if (!taken.count(candidate)) return candidate;
  }
}

size_t Document::duplicate_layer(size_t index) {
  if (index >= size()) return index;
  Layer copy = layer(index);
  copy.id = 0;
  copy.name = unique_name(copy.name);
  size_t at = insert_layer(index + 1, std::move(copy));
  undo_.back().label = "duplicate " + layer(index).name;
  return at;
}

void Document::remove_layer(size_t index) {
  if (index >= size()) return;
  Step step;
  step.kind = Step::Kind::Remove;
  step.index = index;
  step.before = layer(index);
  step.label = "delete " + step.before.name;
  step.selected_before = selected_;
  calc_.remove_layer(index);
  if (selected_ && *selected_ >= size()) select(size() ? std::optional<size_t>(size() - 1) : std::nullopt);
  step.selected_after = selected_;
  push(std::move(step));
}

void Document::move_layer(size_t from, size_t to, uint64_t merge) {
  if (from >= size() || to >= size() || from == to) return;
  auto follow = [&](std::optional<size_t> s) -> std::optional<size_t> {
    if (!s) return s;
    if (*s == from) return to;
    if (from < *s && *s <= to) return *s - 1;
    if (to <= *s && *s < from) return *s + 1;
    return s;
  };
  Step* last = mergeable(Step::Kind::Move, merge);
  if (last && last->to == from) {
    calc_.move_layer(from, to);
    selected_ = follow(selected_);
    last->to = to;
    last->selected_after = selected_;
    ++revision_;
    if (last->index == last->to) {  // moved back where it started: nothing to undo
      undo_.pop_back();
      merge_open_ = false;
    }
    return;
  }
  Step step;
  step.kind = Step::Kind::Move;
  step.index = from;
  step.to = to;
  step.merge = merge;
  step.label = "move " + layer(from).name;
  step.selected_before = selected_;
  calc_.move_layer(from, to);
  selected_ = follow(selected_);
  step.selected_after = selected_;
  push(std::move(step));
}

void Document::push(Step step) {
  redo_.clear();
  undo_.push_back(std::move(step));
  while (undo_.size() > history_limit_) undo_.pop_front();
  merge_open_ = true;
  ++revision_;
}

void Document::apply(const Step& step, bool forward) {
  switch (step.kind) {
    case Step::Kind::SetLayer:
      calc_.set_layer(step.index, forward ? step.after : step.before);
      break;
    case Step::Kind::Insert:
    case Step::Kind::Remove:
      if ((step.kind == Step::Kind::Insert) == forward)
        calc_.insert_layer(step.index, step.kind == Step::Kind::Insert ? step.after : step.before);
      else
        calc_.remove_layer(step.index);
      break;
    case Step::Kind::Move:
      if (forward) calc_.move_layer(step.index, step.to);
      else calc_.move_layer(step.to, step.index);
      break;
    case Step::Kind::SetInput:
      calc_.set_input_shape(forward ? step.shape_after : step.shape_before);
      break;
    case Step::Kind::Load:
      calc_.set_model(forward ? step.model_after : step.model_before);
      break;
  }
  select(forward ? step.selected_after : step.selected_before);
  merge_open_ = false;
  ++revision_;
}

bool Document::undo() {
  if (undo_.empty()) return false;
  Step step = std::move(undo_.back());
  undo_.pop_back();
  apply(step, false);
  redo_.push_back(std::move(step));
  return true;
}

bool Document::redo() {
  if (redo_.empty()) return false;
  Step step = std::move(redo_.back());
  redo_.pop_back();
  apply(step, true);
  undo_.push_back(std::move(step));
  return true;
}

}  // namespace learnable::app
