// The Calculator: automatic names, stable ids, edits that recompute from the edited layer on,
// errors as data with later layers waiting, and totals.
#include <gtest/gtest.h>

#include "core/layer_docs.h"
#include "core/layer_type.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

static Layer conv(int64_t filters, int64_t kernel) {
  return layer("Conv2D", {{"filters", i(filters)}, {"kernel_size", i(kernel)}, {"padding", s("same")}});
}

TEST(names, keras_snake_case) {
  EXPECT_EQ(keras_snake_case("Conv2D"), "conv2d");
  EXPECT_EQ(keras_snake_case("MaxPooling2D"), "max_pooling2d");
  EXPECT_EQ(keras_snake_case("GlobalAveragePooling2D"), "global_average_pooling2d");
  EXPECT_EQ(keras_snake_case("BatchNormalization"), "batch_normalization");
  EXPECT_EQ(keras_snake_case("PReLU"), "p_re_lu");
  EXPECT_EQ(keras_snake_case("LSTM"), "lstm");
  EXPECT_EQ(keras_snake_case("SimpleRNN"), "simple_rnn");
  EXPECT_EQ(keras_snake_case("Conv2DTranspose"), "conv2d_transpose");
  EXPECT_EQ(keras_snake_case("UpSampling2D"), "up_sampling2d");
  EXPECT_EQ(keras_snake_case("Dense"), "dense");
}

TEST(names, automatic_names_count_up_per_type) {
  Calculator c = model({28, 28, 1}, {conv(8, 3), conv(8, 3), layer("Flatten"), layer("Dense", {{"units", i(10)}}), layer("Dense", {{"units", i(10)}})});
  EXPECT_EQ(c.model().layers[0].name, "conv2d");
  EXPECT_EQ(c.model().layers[1].name, "conv2d_1");
  EXPECT_EQ(c.model().layers[2].name, "flatten");
  EXPECT_EQ(c.model().layers[3].name, "dense");
  EXPECT_EQ(c.model().layers[4].name, "dense_1");
  EXPECT_EQ(c.automatic_name("Dense"), "dense_2");
}

TEST(calculator, ids_are_stable_across_edits) {
  Calculator c = model({28, 28, 1}, {conv(8, 3), conv(8, 3)});
  int64_t first = c.model().layers[0].id, second = c.model().layers[1].id;
  EXPECT_NE(first, second);
  c.insert_layer(0, conv(4, 3));
  EXPECT_EQ(c.model().layers[1].id, first);
  EXPECT_EQ(c.model().layers[2].id, second);
  c.move_layer(2, 0);
  EXPECT_EQ(c.model().layers[0].id, second);
  c.set_layer(0, conv(16, 3));
  EXPECT_EQ(c.model().layers[0].id, second);
  EXPECT_EQ(c.model().layers[0].name, "conv2d_1");
}

TEST(calculator, editing_a_layer_updates_later_rows) {
  Calculator c = model({32, 32, 3}, {conv(32, 3), conv(64, 3)});
  EXPECT_EQ(c.results()[1].formula, "32*576 + 64 = 18496");
  c.set_layer(0, conv(64, 3));
  EXPECT_EQ(c.results()[0].formula, "3*576 + 64 = 1792");
  EXPECT_EQ(c.results()[1].formula, "64*576 + 64 = 36928");
  EXPECT_EQ(c.totals().params, 1792 + 36928);
}

TEST(calculator, an_error_marks_later_layers_waiting) {
  Calculator c = model({32, 32, 3}, {conv(32, 3), conv(0, 3), conv(64, 3), layer("Flatten")});
  EXPECT_TRUE(c.results()[0].ok());
  EXPECT_EQ(c.results()[0].params, 896);
  EXPECT_EQ(c.results()[1].status, LayerStatus::Error);
  EXPECT_EQ(c.results()[1].error_argument, "filters");
  EXPECT_EQ(c.results()[2].status, LayerStatus::Waiting);
  EXPECT_EQ(c.results()[2].waiting_on, "conv2d_1");
  EXPECT_EQ(c.results()[3].waiting_on, "conv2d_1");
  EXPECT_FALSE(c.all_resolved());
  EXPECT_EQ(c.totals().params, 896);
  c.set_layer(1, conv(16, 3));
  EXPECT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[2].params, 16 * 9 * 64 + 64);
}

TEST(calculator, remove_and_move_recompute) {
  Calculator c = model({10}, {layer("Dense", {{"units", i(4)}}), layer("Dense", {{"units", i(3)}}), layer("Dense", {{"units", i(2)}})});
  EXPECT_EQ(c.results()[1].params, 4 * 3 + 3);
  c.remove_layer(0);
  EXPECT_EQ(c.results()[0].params, 10 * 3 + 3);
  EXPECT_EQ(c.results()[1].params, 3 * 2 + 2);
  c.move_layer(1, 0);
  EXPECT_EQ(c.results()[0].params, 10 * 2 + 2);
  EXPECT_EQ(c.results()[1].params, 2 * 3 + 3);
}

TEST(calculator, input_shape_change_recomputes_everything) {
  Calculator c = model({32, 32, 3}, {conv(32, 3), layer("Flatten"), layer("Dense", {{"units", i(10)}})});
  c.set_input_shape(Shape{16, 16, 1});
  EXPECT_EQ(c.results()[0].params, 9 * 32 + 32);
  EXPECT_EQ(c.results()[2].params, 16 * 16 * 32 * 10 + 10);
}

TEST(calculator, no_input_shape_is_an_error_on_the_first_layer) {
  Model m;
  m.layers.push_back(conv(8, 3));
  m.layers.push_back(conv(8, 3));
  Calculator c(m);
  EXPECT_EQ(c.results()[0].status, LayerStatus::Error);
  EXPECT_EQ(c.results()[0].error_argument, "input_shape");
  EXPECT_EQ(c.results()[1].status, LayerStatus::Waiting);
}

TEST(calculator, embedding_first_declares_its_own_input) {
  Model m;
  m.layers.push_back(layer("Embedding", {{"input_dim", i(1000)}, {"output_dim", i(16)}}));
  Calculator c(m);
  ASSERT_TRUE(c.all_resolved()) << c.results()[0].error;
  EXPECT_EQ(c.results()[0].output_shape, (Shape{kUnknown, 16}));
  m.layers[0].set_arg("input_length", i(20));
  c.set_model(m);
  EXPECT_EQ(c.results()[0].output_shape, (Shape{20, 16}));
}

TEST(calculator, trainable_false_moves_counts_to_non_trainable) {
  Layer frozen = conv(32, 3);
  frozen.set_arg("trainable", b(false));
  LayerResult r = run(frozen, {32, 32, 3});
  EXPECT_EQ(r.params, 896);
  EXPECT_EQ(r.trainable, 0);
  EXPECT_EQ(r.non_trainable, 896);
}

TEST(calculator, unknown_type_suggests_the_right_one) {
  LayerResult r = run(layer("Conv2d", {{"filters", i(8)}}), {8, 8, 3});
  EXPECT_EQ(r.status, LayerStatus::Error);
  // Conv2d is PyTorch's module, so the message says that too.
  EXPECT_EQ(r.error, "unknown layer type 'Conv2d'; it is a PyTorch module and this model follows Keras' conventions; "
                     "did you mean Conv2D?");
}

TEST(calculator, misspelt_argument_suggests_the_right_one) {
  LayerResult r = run(layer("Conv2D", {{"filter", i(8)}, {"kernel_size", i(3)}}), {8, 8, 3});
  EXPECT_EQ(r.error_argument, "filter");
  EXPECT_EQ(r.error, "Conv2D has no argument 'filter'; did you mean 'filters'?");
}

TEST(calculator, unknown_activation_is_an_error) {
  LayerResult r = run(layer("Dense", {{"units", i(8)}, {"activation", s("relux")}}), {4});
  EXPECT_EQ(r.error_argument, "activation");
  EXPECT_TRUE(run(layer("Dense", {{"units", i(8)}, {"activation", Value::expr("tf.nn.relu")}}), {4}).ok());
}

TEST(calculator, totals_and_bytes) {
  Calculator c = model({32, 32, 3}, {conv(32, 3), layer("BatchNormalization")});
  EXPECT_EQ(c.totals().params, 896 + 128);
  EXPECT_EQ(c.totals().trainable, 896 + 64);
  EXPECT_EQ(c.totals().non_trainable, 64);
  EXPECT_EQ(c.totals().bytes, (896 + 128) * 4);
}

TEST(calculator, every_registered_type_has_a_rule_and_a_group) {
  for (const LayerType& t : layer_types()) {
    EXPECT_NE(t.compute, nullptr) << t.name;
    EXPECT_FALSE(t.group.empty()) << t.name;
    EXPECT_FALSE(t.summary.empty()) << t.name;
  }
  EXPECT_GE(layer_types().size(), 60u);
}

TEST(dense, acts_on_the_last_axis) {
  LayerResult r = run(layer("Dense", {{"units", i(10)}}), {32, 32, 256});
  EXPECT_EQ(r.output_shape, (Shape{32, 32, 10}));
  EXPECT_EQ(r.formula, "256*10 + 10 = 2570");
  r = run(layer("Dense", {{"units", i(10)}, {"use_bias", b(false)}}), {784});
  EXPECT_EQ(r.formula, "784*10 = 7840");
}

TEST(dense, errors) {
  EXPECT_EQ(run(layer("Dense", {{"units", i(0)}}), {4}).error_argument, "units");
  EXPECT_EQ(run(layer("Dense", {{"units", s("ten")}}), {4}).error_argument, "units");
  EXPECT_EQ(run(layer("Dense"), {4}).error_argument, "units");
  EXPECT_EQ(run(layer("Dense", {{"units", i(4)}}), {kUnknown}).status, LayerStatus::Error);
  EXPECT_EQ(run(layer("Dense", {{"units", i(4)}}), {}).status, LayerStatus::Error);
}

TEST(embedding, counts_a_row_per_word) {
  LayerResult r = run(layer("Embedding", {{"input_dim", i(10000)}, {"output_dim", i(64)}}), {kUnknown});
  EXPECT_EQ(r.formula, "10000*64 = 640000");
  EXPECT_EQ(r.output_shape, (Shape{kUnknown, 64}));
}

TEST(masking, keeps_shape) {
  LayerResult r = run(layer("Masking", {{"mask_value", f(0.0)}}), {10, 8});
  EXPECT_EQ(r.output_shape, (Shape{10, 8}));
  EXPECT_EQ(r.params, 0);
}

TEST(layer_docs, every_type_has_an_example_that_resolves) {
  for (const LayerType& t : layer_types()) {
    if (!t.alias_of.empty()) continue;
    EXPECT_FALSE(t.example.empty()) << t.name << " has no example";
  }
  for (const LayerExample& e : layer_examples()) {
    EXPECT_TRUE(e.problem.empty()) << e.type->name << ": " << e.problem;
    EXPECT_FALSE(e.result.formula.empty()) << e.type->name;
    EXPECT_FALSE(e.result.explanation.empty()) << e.type->name;
  }
}

TEST(layer_docs, table_has_a_row_per_type) {
  std::string table = formula_table_markdown();
  EXPECT_NE(table.find("| Conv2D | `Conv2D(32, (3, 3), padding=\"same\")` | 32\xC3\x97" "32\xC3\x97" "3 \xE2\x86\x92 32\xC3\x97" "32\xC3\x97" "32 | 896 | 3*288 + 32 = 896 |"), std::string::npos) << table;
  EXPECT_NE(table.find("0.01*sum(\\|x\\|)"), std::string::npos);
}
