// The app's document: edits recompute through the core, each edit is one undo step (typing in
// one field merges), undo/redo restore the model and the selection, history keeps 200+ steps;
// and the text helpers the editor uses to read shapes and argument values.
#include <gtest/gtest.h>

#include "app/document.h"
#include "app/editing.h"
#include "core/model_json.h"

using namespace learnable;
using namespace learnable::app;

static Document tutorial() {
  Document d;
  d.reset(preset_model("tutorial"));
  return d;
}

static Layer with_arg(Layer l, const char* name, Value v) {
  l.set_arg(name, std::move(v));
  return l;
}

TEST(document, tutorial_opens_on_conv1) {
  Document d = tutorial();
  ASSERT_EQ(d.size(), 6u);
  EXPECT_EQ(d.layer(0).name, "Conv1");
  EXPECT_EQ(d.result(0).formula, "3*288 + 32 = 896");
  EXPECT_EQ(d.selected(), std::optional<size_t>(0));
  EXPECT_FALSE(d.can_undo());
}

TEST(document, edit_recomputes_later_layers) {
  Document d = tutorial();
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(64)));
  EXPECT_EQ(d.result(0).formula, "3*576 + 64 = 1792");
  EXPECT_EQ(d.result(1).formula, "64*576 + 64 = 36928");
  EXPECT_TRUE(d.can_undo());
  EXPECT_EQ(d.undo_label(), "edit Conv1");
}

TEST(document, undo_and_redo_restore_the_model) {
  Document d = tutorial();
  std::string before = model_to_json(d.model());
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(64)));
  std::string after = model_to_json(d.model());
  EXPECT_TRUE(d.undo());
  EXPECT_EQ(model_to_json(d.model()), before);
  EXPECT_EQ(d.result(1).formula, "32*576 + 64 = 18496");
  EXPECT_TRUE(d.redo());
  EXPECT_EQ(model_to_json(d.model()), after);
  EXPECT_FALSE(d.redo());
}

TEST(document, typing_in_one_field_is_one_step) {
  Document d = tutorial();
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(6)), 7);
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(64)), 7);
  EXPECT_EQ(d.undo_steps(), 1u);
  d.undo();
  EXPECT_EQ(d.result(0).formula, "3*288 + 32 = 896");
}

TEST(document, break_merge_starts_a_new_step) {
  Document d = tutorial();
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(6)), 7);
  d.break_merge();
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(64)), 7);
  EXPECT_EQ(d.undo_steps(), 2u);
}

TEST(document, different_keys_do_not_merge) {
  Document d = tutorial();
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(6)), 7);
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(64)), 8);
  EXPECT_EQ(d.undo_steps(), 2u);
}

TEST(document, an_edit_that_changes_nothing_is_no_step) {
  Document d = tutorial();
  d.set_layer(0, d.layer(0));
  EXPECT_FALSE(d.can_undo());
  uint64_t r = d.revision();
  d.set_input_shape(Shape{32, 32, 3});
  EXPECT_EQ(d.revision(), r);
}

TEST(document, a_new_edit_clears_redo) {
  Document d = tutorial();
  d.remove_layer(5);
  d.undo();
  EXPECT_TRUE(d.can_redo());
  d.rename_layer(0, "First");
  EXPECT_FALSE(d.can_redo());
}

TEST(document, insert_selects_and_undo_removes) {
  Document d = tutorial();
  size_t at = d.insert_layer(4, new_layer("MaxPooling2D"));
  EXPECT_EQ(at, 4u);
  EXPECT_EQ(d.selected(), std::optional<size_t>(4));
  EXPECT_EQ(d.layer(4).type, "MaxPooling2D");
  EXPECT_EQ(d.layer(4).name, "max_pooling2d");
  EXPECT_EQ(d.result(4).output_shape, (Shape{16, 16, 256}));
  EXPECT_EQ(d.result(6).formula, "65536*10 + 10 = 655370");
  d.undo();
  EXPECT_EQ(d.size(), 6u);
  EXPECT_EQ(d.selected(), std::optional<size_t>(0));
  EXPECT_EQ(d.result(5).formula, "262144*10 + 10 = 2621450");
  d.redo();
  EXPECT_EQ(d.layer(4).name, "max_pooling2d");
  EXPECT_EQ(d.selected(), std::optional<size_t>(4));
}

TEST(document, remove_and_undo_puts_the_layer_back) {
  Document d = tutorial();
  d.select(1);
  d.remove_layer(1);
  EXPECT_EQ(d.size(), 5u);
  EXPECT_EQ(d.layer(1).name, "Conv3");
  EXPECT_EQ(d.result(1).formula, "32*1152 + 128 = 36992");
  d.undo();
  EXPECT_EQ(d.layer(1).name, "Conv2");
  EXPECT_EQ(d.result(1).formula, "32*576 + 64 = 18496");
  EXPECT_EQ(d.selected(), std::optional<size_t>(1));
}

TEST(document, removing_the_last_layer_selects_the_one_above) {
  Document d = tutorial();
  d.select(5);
  d.remove_layer(5);
  EXPECT_EQ(d.selected(), std::optional<size_t>(4));
}

TEST(document, duplicate_gives_a_free_name_below) {
  Document d = tutorial();
  size_t at = d.duplicate_layer(0);
  EXPECT_EQ(at, 1u);
  EXPECT_EQ(d.layer(1).name, "Conv1_2");
  EXPECT_EQ(d.layer(1).type, "Conv2D");
  EXPECT_EQ(d.result(1).formula, "32*288 + 32 = 9248");
  d.duplicate_layer(1);
  EXPECT_EQ(d.layer(2).name, "Conv1_3");
  EXPECT_EQ(d.undo_label(), "duplicate Conv1_2");
}

TEST(document, move_follows_selection_and_undoes) {
  Document d = tutorial();
  d.select(0);
  d.move_layer(0, 2);
  EXPECT_EQ(d.layer(2).name, "Conv1");
  EXPECT_EQ(d.selected(), std::optional<size_t>(2));
  EXPECT_EQ(d.result(0).formula, "3*576 + 64 = 1792");
  d.undo();
  EXPECT_EQ(d.layer(0).name, "Conv1");
  EXPECT_EQ(d.selected(), std::optional<size_t>(0));
  EXPECT_EQ(d.result(0).formula, "3*288 + 32 = 896");
}

TEST(document, dragging_merges_moves_into_one_step) {
  Document d = tutorial();
  d.move_layer(0, 1, 3);
  d.move_layer(1, 2, 3);
  d.move_layer(2, 3, 3);
  EXPECT_EQ(d.undo_steps(), 1u);
  EXPECT_EQ(d.layer(3).name, "Conv1");
  d.undo();
  EXPECT_EQ(d.layer(0).name, "Conv1");
  EXPECT_EQ(d.layer(3).name, "Conv4");
}

TEST(document, dragging_back_to_the_start_leaves_no_step) {
  Document d = tutorial();
  d.move_layer(0, 1, 3);
  d.move_layer(1, 0, 3);
  EXPECT_FALSE(d.can_undo());
  EXPECT_EQ(d.layer(0).name, "Conv1");
}

TEST(document, input_shape_edits_undo) {
  Document d = tutorial();
  d.set_input_shape(Shape{64, 64, 3}, 5);
  d.set_input_shape(Shape{64, 64, 1}, 5);
  EXPECT_EQ(d.result(0).formula, "1*288 + 32 = 320");
  EXPECT_EQ(d.undo_steps(), 1u);
  d.undo();
  EXPECT_EQ(d.result(0).formula, "3*288 + 32 = 896");
  d.set_input_shape(std::nullopt);
  EXPECT_EQ(d.result(0).status, LayerStatus::Error);
  EXPECT_EQ(d.result(0).error_argument, "input_shape");
}

TEST(document, load_is_one_undoable_step) {
  Document d = tutorial();
  d.load(preset_model("vgg16"), "open VGG16");
  EXPECT_EQ(d.calc().totals().params, 138357544);
  EXPECT_EQ(d.selected(), std::optional<size_t>(0));
  d.undo();
  EXPECT_EQ(d.calc().totals().params, 2747722);
  d.redo();
  EXPECT_EQ(d.calc().totals().params, 138357544);
}

TEST(document, load_of_an_empty_model_selects_nothing) {
  Document d = tutorial();
  d.load(Model{}, "new model");
  EXPECT_EQ(d.size(), 0u);
  EXPECT_EQ(d.selected(), std::nullopt);
  d.undo();
  EXPECT_EQ(d.size(), 6u);
}

TEST(document, errors_are_data_and_later_layers_wait) {
  Document d = tutorial();
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(0)));
  EXPECT_EQ(d.result(0).status, LayerStatus::Error);
  EXPECT_EQ(d.result(0).error_argument, "filters");
  EXPECT_EQ(d.result(1).status, LayerStatus::Waiting);
  EXPECT_EQ(d.result(1).waiting_on, "Conv1");
  d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(int64_t(1) << 40)));
  EXPECT_EQ(d.result(0).status, LayerStatus::Ok);
  d.set_layer(0, with_arg(with_arg(d.layer(0), "kernel_size", Value::tuple_of_ints({77, 77})), "padding",
                          Value::of_string("valid")));
  EXPECT_EQ(d.result(0).status, LayerStatus::Error);
}

TEST(document, keeps_at_least_200_steps) {
  Document d = tutorial();
  for (int n = 1; n <= 250; ++n) d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(n)));
  EXPECT_EQ(d.undo_steps(), 250u);
  for (int n = 0; n < 250; ++n) ASSERT_TRUE(d.undo());
  EXPECT_EQ(d.result(0).formula, "3*288 + 32 = 896");
  EXPECT_FALSE(d.undo());
}

TEST(document, history_limit_drops_the_oldest) {
  Document d(3);
  d.reset(preset_model("tutorial"));
  for (int n = 1; n <= 5; ++n) d.set_layer(0, with_arg(d.layer(0), "filters", Value::of_int(n)));
  EXPECT_EQ(d.undo_steps(), 3u);
  while (d.undo()) {
  }
  EXPECT_EQ(d.layer(0).find_arg("filters")->integer, 2);
}

TEST(document, revision_counts_changes_not_selection) {
  Document d = tutorial();
  uint64_t r = d.revision();
  d.select(3);
  EXPECT_EQ(d.revision(), r);
  d.rename_layer(3, "Last");
  EXPECT_GT(d.revision(), r);
  r = d.revision();
  d.undo();
  EXPECT_GT(d.revision(), r);
}

TEST(editing, parse_shape_accepts_tuple_and_times) {
  std::optional<Shape> s;
  std::string error;
  EXPECT_TRUE(parse_shape("32, 32, 3", s, error));
  EXPECT_EQ(s, (Shape{32, 32, 3}));
  EXPECT_TRUE(parse_shape("(28, 28, 1)", s, error));
  EXPECT_EQ(s, (Shape{28, 28, 1}));
  EXPECT_TRUE(parse_shape("32×32×3", s, error));
  EXPECT_EQ(s, (Shape{32, 32, 3}));
  EXPECT_TRUE(parse_shape("None, 64", s, error));
  EXPECT_EQ(s, (Shape{kUnknown, 64}));
  EXPECT_TRUE(parse_shape("(784,)", s, error));
  EXPECT_EQ(s, (Shape{784}));
  EXPECT_TRUE(parse_shape("  ", s, error));
  EXPECT_EQ(s, std::nullopt);
}

TEST(editing, parse_shape_rejects_bad_dimensions) {
  std::optional<Shape> s;
  std::string error;
  EXPECT_FALSE(parse_shape("32, 0", s, error));
  EXPECT_NE(error.find("at least 1"), std::string::npos);
  EXPECT_FALSE(parse_shape("32,,3", s, error));
  EXPECT_FALSE(parse_shape("abc", s, error));
}

TEST(editing, shape_text_round_trips) {
  EXPECT_EQ(shape_text(Shape{32, 32, 3}), "32, 32, 3");
  EXPECT_EQ(shape_text(Shape{kUnknown, 64}), "None, 64");
  EXPECT_EQ(shape_text(std::nullopt), "");
}

TEST(editing, parse_value_reads_python) {
  Value v;
  std::string error;
  EXPECT_TRUE(parse_value("(3, 3)", v, error));
  EXPECT_EQ(v, Value::tuple_of_ints({3, 3}));
  EXPECT_TRUE(parse_value("'same'", v, error));
  EXPECT_EQ(v, Value::of_string("same"));
  EXPECT_TRUE(parse_value("", v, error));
  EXPECT_TRUE(v.is_none());
  EXPECT_FALSE(parse_value("(3,", v, error));
  EXPECT_FALSE(error.empty());
  EXPECT_TRUE(parse_value("tf.keras.initializers.HeNormal()", v, error, true));
  EXPECT_EQ(v.kind, Value::Kind::Expr);
}

TEST(editing, parse_integer_takes_arithmetic) {
  int64_t n = 0;
  std::string error;
  EXPECT_TRUE(parse_integer("64", n, error));
  EXPECT_EQ(n, 64);
  EXPECT_TRUE(parse_integer("2**40", n, error));
  EXPECT_EQ(n, int64_t(1) << 40);
  EXPECT_TRUE(parse_integer("-3", n, error));
  EXPECT_EQ(n, -3);
  EXPECT_FALSE(parse_integer("3.5", n, error));
  EXPECT_FALSE(parse_integer("", n, error));
}

TEST(editing, new_layer_uses_the_typical_arguments) {
  Layer conv = new_layer("Conv2D");
  EXPECT_EQ(conv.type, "Conv2D");
  ASSERT_NE(conv.find_arg("filters"), nullptr);
  Layer alias = new_layer("MaxPool2D");
  EXPECT_EQ(alias.type, "MaxPooling2D");
  for (const LayerType& t : layer_types()) {
    Layer l = new_layer(t.name);
    EXPECT_EQ(l.type, t.alias_of.empty() ? t.name : canonical_type_name(t.name)) << t.name;
  }
}

TEST(editing, every_new_layer_computes_on_its_example_input) {
  for (const LayerType& t : layer_types()) {
    if (!t.alias_of.empty() || t.example_input.empty()) continue;
    LayerResult r = compute_layer(new_layer(t.name), t.example_input, false);
    EXPECT_TRUE(r.ok()) << t.name << ": " << r.error;
  }
}

TEST(editing, presets_load) {
  EXPECT_EQ(preset_model("tutorial").layers.size(), 6u);
  EXPECT_EQ(preset_model("lenet5").layers.size(), 8u);
  EXPECT_TRUE(preset_model("nope").layers.empty());
}
