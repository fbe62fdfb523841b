// The app's document: edits recompute through the core, each edit is one undo step (typing in
// one field merges), undo/redo restore the model and the selection, history keeps 200+ steps,
// a layer's type changes in place; and the text helpers the editor uses to read shapes and
// argument values, and new layers from their types' examples as the code importers read them.
#include <gtest/gtest.h>

#include "app/document.h"
#include "app/editing.h"
#include "core/keras_code.h"
#include "core/model_json.h"
#include "core/python_reader.h"

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

TEST(document, load_can_keep_a_selection_and_undo_restores_the_old_one) {
  Document d = tutorial();
  d.select(3);
  d.load(preset_model("lenet5"), "open LeNet-5", size_t(5));
  EXPECT_EQ(d.selected(), std::optional<size_t>(5));
  d.load(preset_model("tutorial"), "open the tutorial", size_t(40));  // past the end: the first layer
  EXPECT_EQ(d.selected(), std::optional<size_t>(0));
  d.undo();
  EXPECT_EQ(d.selected(), std::optional<size_t>(5));
  d.undo();
  EXPECT_EQ(d.selected(), std::optional<size_t>(3));
}

// A PyTorch parameter frozen on its own (the editor's Parameters checkboxes) is an edit of its own.
TEST(document, freezing_one_parameter_is_an_undoable_edit) {
  Document d;
  Model m;
  m.framework = Framework::PyTorch;
  m.input_shape = Shape{3, 32, 32};
  m.layers.push_back(new_layer("Conv2d", Framework::PyTorch));
  d.reset(m);
  const int64_t total = d.calc().totals().params;
  Layer frozen = d.layer(0);
  frozen.frozen.push_back({"bias", {}});
  d.set_layer(0, frozen);
  ASSERT_TRUE(d.can_undo());
  EXPECT_EQ(d.calc().totals().params, total);
  EXPECT_EQ(d.calc().totals().non_trainable, d.result(0).weights[1].count);
  d.undo();
  EXPECT_EQ(d.calc().totals().non_trainable, 0);
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

static Document from_code(const std::string& code) {
  Document d;
  d.reset(import_keras_code(code).model);
  return d;
}

static std::string arg_text(const Layer& l, const char* name) {
  const Value* v = l.find_arg(name);
  return v ? v->to_python() : "(none)";
}

TEST(change_type, conv2d_to_separable_keeps_the_shared_arguments) {
  Document d = tutorial();
  d.change_layer_type(1, "SeparableConv2D");
  const Layer& l = d.layer(1);
  EXPECT_EQ(l.type, "SeparableConv2D");
  EXPECT_EQ(l.name, "Conv2");
  EXPECT_EQ(arg_text(l, "filters"), "64");
  EXPECT_EQ(arg_text(l, "kernel_size"), "(3, 3)");
  EXPECT_EQ(arg_text(l, "padding"), "'same'");
  EXPECT_EQ(arg_text(l, "activation"), "'relu'");
  // Depthwise 3×3 on each of 32 channels, then 32 -> 64 pointwise, plus 64 biases.
  EXPECT_EQ(d.result(1).formula, "32*9 + 32*64 + 64 = 2400");
  EXPECT_EQ(d.result(1).output_shape, (Shape{32, 32, 64}));
  EXPECT_EQ(d.result(0).formula, "3*288 + 32 = 896");
  EXPECT_EQ(d.result(2).formula, "64*1152 + 128 = 73856");
  EXPECT_EQ(d.result(5).formula, "262144*10 + 10 = 2621450");
  EXPECT_EQ(d.calc().totals().params, 2731626);
}

TEST(change_type, is_one_undoable_step) {
  Document d = tutorial();
  std::string before = model_to_json(d.model());
  int64_t id = d.layer(1).id;
  d.change_layer_type(1, "SeparableConv2D");
  EXPECT_EQ(d.undo_steps(), 1u);
  EXPECT_EQ(d.undo_label(), "change Conv2 to SeparableConv2D");
  EXPECT_EQ(d.layer(1).id, id);
  std::string after = model_to_json(d.model());
  EXPECT_TRUE(d.undo());
  EXPECT_EQ(model_to_json(d.model()), before);
  EXPECT_EQ(d.layer(1).type, "Conv2D");
  EXPECT_EQ(d.result(1).formula, "32*576 + 64 = 18496");
  EXPECT_EQ(d.calc().totals().params, 2747722);
  EXPECT_TRUE(d.redo());
  EXPECT_EQ(model_to_json(d.model()), after);
  EXPECT_EQ(d.result(1).formula, "32*9 + 32*64 + 64 = 2400");
}

TEST(change_type, to_the_same_type_is_no_step) {
  Document d = tutorial();
  uint64_t r = d.revision();
  d.change_layer_type(1, "Conv2D");
  d.change_layer_type(99, "Dense");
  EXPECT_FALSE(d.can_undo());
  EXPECT_EQ(d.revision(), r);
}

TEST(change_type, does_not_merge_with_typing) {
  Document d = tutorial();
  d.set_layer(1, with_arg(d.layer(1), "filters", Value::of_int(48)), 7);
  d.change_layer_type(1, "SeparableConv2D");
  d.set_layer(1, with_arg(d.layer(1), "filters", Value::of_int(40)), 7);
  EXPECT_EQ(d.undo_steps(), 3u);
  d.undo();
  EXPECT_EQ(arg_text(d.layer(1), "filters"), "48");
  EXPECT_EQ(d.layer(1).type, "SeparableConv2D");
}

TEST(change_type, pooling_keeps_window_strides_and_padding) {
  Document d = from_code("model = Sequential([Input(shape=(28, 28, 6)), MaxPooling2D((3, 3), strides=2, padding='same')])");
  d.change_layer_type(0, "AveragePooling2D");
  EXPECT_EQ(d.layer(0).type, "AveragePooling2D");
  EXPECT_EQ(arg_text(d.layer(0), "pool_size"), "(3, 3)");
  EXPECT_EQ(arg_text(d.layer(0), "strides"), "2");
  EXPECT_EQ(arg_text(d.layer(0), "padding"), "'same'");
  EXPECT_EQ(d.result(0).output_shape, (Shape{14, 14, 6}));
}

TEST(change_type, drops_the_arguments_the_new_type_does_not_take) {
  Document d = tutorial();
  Layer conv = with_arg(d.layer(0), "strides", Value::of_int(2));
  conv.set_arg("trainable", Value::of_bool(false));
  d.set_layer(0, conv);
  d.change_layer_type(0, "MaxPooling2D");
  const Layer& l = d.layer(0);
  EXPECT_EQ(l.find_arg("filters"), nullptr);
  EXPECT_EQ(l.find_arg("kernel_size"), nullptr);
  EXPECT_EQ(l.find_arg("activation"), nullptr);
  EXPECT_EQ(arg_text(l, "strides"), "2");
  EXPECT_EQ(arg_text(l, "padding"), "'same'");
  EXPECT_EQ(arg_text(l, "trainable"), "False");  // every layer takes trainable
  EXPECT_EQ(d.result(0).output_shape, (Shape{16, 16, 3}));
}

TEST(change_type, a_required_argument_comes_from_the_example) {
  Document d = tutorial();
  d.change_layer_type(4, "Dense");  // Flatten has no units; Dense(10) is the example
  EXPECT_EQ(arg_text(d.layer(4), "units"), "10");
  EXPECT_EQ(d.result(4).formula, "256*10 + 10 = 2570");
  d.change_layer_type(0, "Dropout");
  EXPECT_NE(d.layer(0).find_arg("rate"), nullptr);
  EXPECT_TRUE(d.result(0).ok()) << d.result(0).error;
  d.change_layer_type(0, "Conv3D");  // keeps Dropout's nothing; Conv3D(8, 3)
  EXPECT_EQ(arg_text(d.layer(0), "filters"), "8");
  EXPECT_EQ(arg_text(d.layer(0), "kernel_size"), "3");
}

TEST(change_type, a_wrong_combination_is_an_error_on_that_layer) {
  Document d = from_code("model = Sequential([Input(shape=(784,)), Dense(64), Dense(32), Dense(10)])");
  d.change_layer_type(1, "Conv2D");
  EXPECT_EQ(d.result(0).formula, "784*64 + 64 = 50240");
  EXPECT_EQ(d.result(1).status, LayerStatus::Error);
  EXPECT_NE(d.result(1).error.find("Conv2D needs input of shape"), std::string::npos) << d.result(1).error;
  EXPECT_EQ(d.result(2).status, LayerStatus::Waiting);
  d.undo();
  EXPECT_EQ(d.result(2).formula, "32*10 + 10 = 330");
}

TEST(change_type, every_type_gets_its_required_arguments) {
  Layer bare;
  bare.type = "Flatten";
  bare.name = "flat";
  // From a layer without arguments, every type the menu offers computes on its example input.
  for (const LayerType& t : layer_types()) {
    if (!t.alias_of.empty() || t.example_input.empty() || t.name == "InputLayer") continue;
    Layer l = with_type(bare, t.name);
    EXPECT_EQ(l.name, "flat");
    LayerResult r = compute_layer(l, t.example_input, false);
    EXPECT_TRUE(r.ok()) << t.name << ": " << r.error;
  }
}

TEST(change_type, only_required_arguments_come_from_the_example) {
  Document d = tutorial();
  d.change_layer_type(4, "Conv2D");  // Conv2D(32, (3, 3), padding='same') is the example
  EXPECT_EQ(arg_text(d.layer(4), "filters"), "32");
  EXPECT_EQ(arg_text(d.layer(4), "kernel_size"), "(3, 3)");
  EXPECT_EQ(d.layer(4).find_arg("padding"), nullptr);
  EXPECT_EQ(d.result(4).formula, "256*288 + 32 = 73760");
  EXPECT_EQ(d.result(4).output_shape, (Shape{30, 30, 32}));
}

TEST(change_type, an_automatic_name_follows_the_type) {
  Document d = tutorial();
  d.insert_layer(4, new_layer("Conv2D"));
  d.insert_layer(5, new_layer("Conv2D"));
  EXPECT_EQ(d.layer(4).name, "conv2d");
  EXPECT_EQ(d.layer(5).name, "conv2d_1");
  d.change_layer_type(5, "SeparableConv2D");
  EXPECT_EQ(d.layer(5).name, "separable_conv2d");
  d.change_layer_type(4, "SeparableConv2D");
  EXPECT_EQ(d.layer(4).name, "separable_conv2d_1");
  EXPECT_EQ(d.undo_label(), "change conv2d to SeparableConv2D");
  d.undo();
  EXPECT_EQ(d.layer(4).name, "conv2d");
  d.change_layer_type(1, "DepthwiseConv2D");
  EXPECT_EQ(d.layer(1).name, "Conv2");  // the user's name stays
}

TEST(change_type, is_automatic_name_reads_keras_names) {
  EXPECT_TRUE(is_automatic_name("conv2d", "Conv2D"));
  EXPECT_TRUE(is_automatic_name("conv2d_12", "Conv2D"));
  EXPECT_TRUE(is_automatic_name("max_pooling2d_1", "MaxPool2D"));
  EXPECT_TRUE(is_automatic_name("max_pool2d", "MaxPool2D"));
  EXPECT_FALSE(is_automatic_name("conv2d_", "Conv2D"));
  EXPECT_FALSE(is_automatic_name("conv2d_x", "Conv2D"));
  EXPECT_FALSE(is_automatic_name("Conv2", "Conv2D"));
  EXPECT_FALSE(is_automatic_name("conv2d", "Conv1D"));
}

TEST(change_type, equal_tuples_become_one_number_for_another_rank) {
  Layer pool = new_layer("MaxPooling2D");
  pool.set_arg("strides", Value::tuple_of_ints({2, 1}));
  Layer one_d = with_type(pool, "MaxPooling1D");
  EXPECT_EQ(arg_text(one_d, "pool_size"), "2");
  EXPECT_EQ(arg_text(one_d, "strides"), "(2, 1)");  // not the same on every axis: the core says so
  Layer three_d = with_type(new_layer("Conv2D"), "Conv3D");
  EXPECT_EQ(arg_text(three_d, "kernel_size"), "3");
  EXPECT_EQ(arg_text(with_type(new_layer("Conv2D"), "SeparableConv2D"), "kernel_size"), "(3, 3)");
}

TEST(change_type, wrappers_keep_wrap_and_unwrap_the_layer) {
  Document d = from_code("model = Sequential([Input(shape=(10, 8)), LSTM(32, return_sequences=True, name='enc'), "
                         "Bidirectional(GRU(16), merge_mode='sum')])");
  d.change_layer_type(0, "Bidirectional");  // the LSTM goes inside
  ASSERT_EQ(d.layer(0).inner.size(), 1u);
  EXPECT_EQ(d.layer(0).name, "enc");
  EXPECT_EQ(d.layer(0).inner[0].type, "LSTM");
  EXPECT_EQ(arg_text(d.layer(0).inner[0], "units"), "32");
  EXPECT_EQ(d.result(0).formula, "2*4*(8*32 + 32*32 + 32) = 10496");
  d.change_layer_type(0, "LSTM");  // and comes back out
  EXPECT_TRUE(d.layer(0).inner.empty());
  EXPECT_EQ(arg_text(d.layer(0), "return_sequences"), "True");
  EXPECT_EQ(d.result(0).formula, "4*(8*32 + 32*32 + 32) = 5248");
  d.change_layer_type(1, "TimeDistributed");  // a wrapper to a wrapper keeps the GRU, drops merge_mode
  ASSERT_EQ(d.layer(1).inner.size(), 1u);
  EXPECT_EQ(d.layer(1).inner[0].type, "GRU");
  EXPECT_EQ(d.layer(1).find_arg("merge_mode"), nullptr);
  EXPECT_EQ(d.layer(1).name, "time_distributed");
  d.change_layer_type(1, "Dense");  // not a wrapper: the wrapped layer goes, units from Dense(10)
  EXPECT_TRUE(d.layer(1).inner.empty());
  EXPECT_EQ(arg_text(d.layer(1), "units"), "10");
  EXPECT_EQ(d.result(1).formula, "32*10 + 10 = 330");
  d.change_layer_type(1, "Bidirectional");  // Dense does not go in a Bidirectional: its example does
  ASSERT_EQ(d.layer(1).inner.size(), 1u);
  EXPECT_EQ(d.layer(1).inner[0].type, "LSTM");
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

// PyTorch's modules: the example is PyTorch code (nn.Conv2d(3, 32, 3)), read by the module's own
// argument order, and every module computes on its example input.
TEST(editing, new_pytorch_modules_use_their_examples) {
  Layer conv = new_layer("Conv2d", Framework::PyTorch);
  EXPECT_EQ(conv.type, "Conv2d");
  ASSERT_NE(conv.find_arg("in_channels"), nullptr);
  ASSERT_NE(conv.find_arg("out_channels"), nullptr);
  ASSERT_NE(conv.find_arg("kernel_size"), nullptr);
  size_t checked = 0;
  for (const LayerType& t : layer_types(Framework::PyTorch)) {
    if (!t.alias_of.empty() || t.example_input.empty()) continue;
    Layer l = new_layer(t.name, Framework::PyTorch);
    EXPECT_EQ(l.type, t.name);
    LayerResult r = compute_layer(l, t.example_input, false, Framework::PyTorch);
    EXPECT_TRUE(r.ok()) << t.name << " (" << t.example << "): " << r.error;
    ++checked;
  }
  EXPECT_GT(checked, 80u);
}

TEST(change_type, pytorch_modules_change_type_by_pytorch_rules) {
  Layer conv = new_layer("Conv2d", Framework::PyTorch);
  conv.set_arg("out_channels", Value::of_int(64));
  Layer transposed = with_type(conv, "ConvTranspose2d", Framework::PyTorch);
  EXPECT_EQ(transposed.type, "ConvTranspose2d");
  ASSERT_NE(transposed.find_arg("out_channels"), nullptr);
  EXPECT_EQ(transposed.find_arg("out_channels")->integer, 64);
  // device, dtype are PyTorch's arguments of every module; a Keras-only one does not carry over.
  conv.set_arg("dtype", Value::expr("torch.float16"));
  Layer linear = with_type(conv, "Linear", Framework::PyTorch);
  EXPECT_NE(linear.find_arg("dtype"), nullptr);
  EXPECT_EQ(linear.find_arg("kernel_size"), nullptr);
  ASSERT_NE(linear.find_arg("in_features"), nullptr);  // required: from Linear's example
  Document d;
  Model m;
  m.framework = Framework::PyTorch;
  m.input_shape = Shape{3, 32, 32};
  m.layers.push_back(new_layer("Conv2d", Framework::PyTorch));
  d.reset(m);
  d.change_layer_type(0, "ConvTranspose2d");
  EXPECT_EQ(d.layer(0).type, "ConvTranspose2d");
  EXPECT_TRUE(d.result(0).ok()) << d.result(0).error;
}

TEST(editing, presets_load) {
  EXPECT_EQ(preset_model("tutorial").layers.size(), 6u);
  EXPECT_EQ(preset_model("lenet5").layers.size(), 8u);
  EXPECT_TRUE(preset_model("nope").layers.empty());
}

// ---- new layers read as the code importers read their examples ------------------------------

namespace {

// A PyTorch module's example read as the PyTorch importer reads a call: its arguments by the
// module's order, those that cannot be evaluated left out.
class ImporterExampleCall : public PythonReader {
 public:
  ImporterExampleCall(std::string_view code, const LayerType& type) : PythonReader(code, {}), type_(type) {}
  std::vector<Argument> args;

 protected:
  void call_statement(const Expr& call) override {
    if (call.kind != Expr::Kind::Call) return;
    size_t positional = 0;
    const size_t limit = std::min(type_.positional, type_.args.size());
    for (size_t k = 0; k < call.items.size(); ++k) {
      std::string name = call.keywords[k];
      if (name.empty()) {
        if (positional >= limit) continue;
        name = type_.args[positional++].name;
      }
      std::vector<Problem> problems;
      Value value = evaluate(call.items[k], problems);
      if (problems.empty()) args.push_back({name, std::move(value), {}});
    }
  }
  void return_statement(const Expr&) override {}
  void finish() override {}

 private:
  const LayerType& type_;
};

// A type's example through the code importers (Keras': as the one layer of a Sequential model).
Layer imported_example(const LayerType& type, Framework framework) {
  Layer layer;
  layer.type = type.name;
  if (framework == Framework::PyTorch) {
    ImporterExampleCall call(type.example, type);
    call.run();
    layer.args = call.args;
    return layer;
  }
  ImportResult read = import_keras_code("model = Sequential([" + type.example + "])");
  if (read.model.layers.size() == 1 && canonical_type_name(read.model.layers[0].type) == layer.type) {
    layer.args = read.model.layers[0].args;
    layer.inner = read.model.layers[0].inner;
  }
  return layer;
}

void expect_same_layer(const Layer& mine, const Layer& imported, const std::string& where) {
  EXPECT_EQ(mine.type, imported.type) << where;
  EXPECT_EQ(mine.name, imported.name) << where;
  ASSERT_EQ(mine.args.size(), imported.args.size()) << where;
  for (size_t k = 0; k < imported.args.size(); ++k) {
    EXPECT_EQ(mine.args[k].name, imported.args[k].name) << where;
    EXPECT_EQ(mine.args[k].value, imported.args[k].value) << where << "." << imported.args[k].name;
    EXPECT_EQ(mine.args[k].value.to_python(), imported.args[k].value.to_python()) << where;
    EXPECT_EQ(mine.args[k].where.line, 0) << where;  // a new layer comes from no text
  }
  ASSERT_EQ(mine.inner.size(), imported.inner.size()) << where;
  for (size_t k = 0; k < imported.inner.size(); ++k) expect_same_layer(mine.inner[k], imported.inner[k], where + ".inner");
}

}  // namespace

TEST(editing, every_new_layer_is_its_example_as_the_importers_read_it) {
  size_t with_args = 0, wrapped = 0;
  for (Framework framework : {Framework::Keras, Framework::PyTorch}) {
    for (const LayerType& t : layer_types(framework)) {
      if (!t.alias_of.empty() || t.example.empty()) continue;
      Layer mine = new_layer(t.name, framework);
      expect_same_layer(mine, imported_example(t, framework), t.name + " (" + t.example + ")");
      with_args += !mine.args.empty();
      wrapped += !mine.inner.empty();
    }
  }
  EXPECT_GT(with_args, 120u);
  EXPECT_EQ(wrapped, 2u);  // Bidirectional(LSTM(32)), TimeDistributed(Dense(8))
}

// The Keras importer's rules for a layer call, on calls the registry's examples do not make:
// too many positional arguments, one argument given twice, name= and input_shape=, dotted and
// undefined names, wrapped layers (backward_layer= too), Input, values that cannot be evaluated.
TEST(editing, example_layer_follows_the_keras_importers_rules) {
  for (const char* example :
       {"Dense(10, 'relu', True, 'glorot_uniform', 'zeros', None, None, None, None, None, 7)",
        "Dense(10, units=20, name='out', input_shape=(4,))", "layers.Dense(units=3, activation=tf.nn.relu, kernel_initializer=init)",
        "Bidirectional(LSTM(8), backward_layer=GRU(8, go_backwards=True))",
        "Bidirectional(backward_layer=GRU(8), layer=LSTM(8))", "TimeDistributed(Bidirectional(LSTM(4, name='l')))",
        "Bidirectional(lstm)", "Bidirectional(LSTM(4), LSTM(5))", "InputLayer(input_shape=(3,))", "Dense(1 + 1, 2**70)",
        "Dense(10, name=out)", "Bidirectional(LSTM(4, name=l))", "TimeDistributed(Dense(2, name=a.b))", "Dense(units=x)", "Conv2D(8, 3, 1, 'valid', data_format=None, dilation_rate=(1, 1))",
        "Dropout(1/0)", "Reshape(target_shape=(2, -1))", "Embedding(100, 8, input_length=5)"}) {
    PythonCall call;
    std::string message;
    ASSERT_TRUE(read_python_call(example, call, message)) << example << ": " << message;
    size_t dot = call.name.rfind('.');
    const LayerType* spec = find_layer_type(dot == std::string::npos ? call.name : call.name.substr(dot + 1));
    ASSERT_NE(spec, nullptr) << example;
    LayerType type = *spec;
    type.example = example;
    expect_same_layer(example_layer(type, Framework::Keras), imported_example(type, Framework::Keras), example);
  }
}

TEST(editing, example_layer_follows_the_pytorch_importers_rules) {
  for (const char* example : {"nn.Conv2d(3, 32, 3, 1, 1, 1, 1, True, 'zeros', None, None, 99)", "nn.Linear(x, 10)",
                              "nn.Linear(in_features=4, out_features=2 * 3, bias=False)", "torch.nn.Dropout(p=1/0)"}) {
    PythonCall call;
    std::string message;
    ASSERT_TRUE(read_python_call(example, call, message)) << example << ": " << message;
    const LayerType* spec = find_layer_type(call.name.substr(call.name.rfind('.') + 1), Framework::PyTorch);
    ASSERT_NE(spec, nullptr) << example;
    LayerType type = *spec;
    type.example = example;
    expect_same_layer(example_layer(type, Framework::PyTorch), imported_example(type, Framework::PyTorch), example);
  }
}
