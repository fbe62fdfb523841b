// The Keras-code importer against snippets written the way tutorials, books and notebooks write
// them: the layer types, names, arguments and input shape it reads, the counts that follow, and
// every error and warning with its line and column. Longer snippets live in tests/data/keras/.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/keras_code.h"
#include "core/summary.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

std::string data_file(const std::string& name) {
  std::ifstream in(std::string(LEARNABLE_TEST_DATA) + "/data/keras/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Define define(const char* name, int64_t value) { return {name, Value::of_int(value)}; }

// An argument as Python source ("(3, 3)", "'same'"), or "-" when it was not given.
std::string arg(const Layer& layer, const char* name) {
  const Value* v = layer.find_arg(name);
  return v ? v->to_python() : "-";
}

// "line:column message" of each message, for one EXPECT_EQ line per message.
std::string at(const ImportMessage& m) {
  return std::to_string(m.where.line) + ":" + std::to_string(m.where.column) + " " + m.message;
}

// The types, in order, as one string: "Conv2D MaxPooling2D Flatten Dense".
std::string types(const Model& model) {
  std::string out;
  for (const Layer& l : model.layers) out += (out.empty() ? "" : " ") + l.type;
  return out;
}

std::string names(const Calculator& c) {
  std::string out;
  for (const Layer& l : c.model().layers) out += (out.empty() ? "" : " ") + l.name;
  return out;
}

std::string input(const ImportResult& r) {
  return r.model.input_shape ? shape_keras(*r.model.input_shape) : "none";
}

}  // namespace

// ---- the tutorial's snippet as published ------------------------------------------------------

TEST(keras_tutorial, published_snippet_imports_four_layers_and_warns_about_the_bracket) {
  ImportResult r = import_keras_code(data_file("tutorial_as_published.py"));
  ASSERT_EQ(r.model.layers.size(), 4u);
  EXPECT_EQ(types(r.model), "Conv2D Conv2D Conv2D Conv2D");
  EXPECT_EQ(r.model.layers[0].name, "Conv1");
  EXPECT_EQ(r.model.layers[3].name, "Conv4");
  EXPECT_EQ(arg(r.model.layers[0], "filters"), "32");
  EXPECT_EQ(arg(r.model.layers[0], "kernel_size"), "(3, 3)");
  EXPECT_EQ(arg(r.model.layers[0], "padding"), "'same'");
  EXPECT_EQ(arg(r.model.layers[0], "activation"), "'relu'");
  EXPECT_EQ(arg(r.model.layers[1], "use_bias"), "True");
  EXPECT_EQ(arg(r.model.layers[3], "kernel_size"), "(1, 1)");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "2:30 the brackets '([' opened here are never closed; read as closed before line 7");
  EXPECT_EQ(r.warnings[0].excerpt, "  model = tf.keras.Sequential([\n                             ^");
}

TEST(keras_tutorial, published_snippet_without_img_size_reports_it_once) {
  ImportResult r = import_keras_code(data_file("tutorial_as_published.py"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "3:107 IMG_SIZE is not defined; give it a value");
  EXPECT_EQ(r.undefined_names, std::vector<std::string>{"IMG_SIZE"});
  EXPECT_FALSE(r.model.input_shape);
  Calculator c(r.model);
  EXPECT_FALSE(c.all_resolved());
  EXPECT_EQ(c.results()[0].error_argument, "input_shape");
}

TEST(keras_tutorial, published_snippet_with_img_size_gives_the_formulas) {
  ImportResult r = import_keras_code(data_file("tutorial_as_published.py"), {define("IMG_SIZE", 32)});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.undefined_names.empty());
  EXPECT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(input(r), "(None, 32, 32, 3)");
  Calculator c(r.model);
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[0].formula, "3*288 + 32 = 896");
  EXPECT_EQ(c.results()[1].formula, "32*576 + 64 = 18496");
  EXPECT_EQ(c.results()[2].formula, "64*1152 + 128 = 73856");
  EXPECT_EQ(c.results()[3].formula, "128*256 + 256 = 33024");
  EXPECT_EQ(c.totals().params, 126272);
}

// ---- realistic snippets stored as files -------------------------------------------------------

TEST(keras_files, mnist_mlp_keras_example) {
  ImportResult r = import_keras_code(data_file("mnist_mlp.py"));
  EXPECT_TRUE(r.errors.empty()) << at(r.errors[0]);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(types(r.model), "Dense Dropout Dense Dropout Dense");
  EXPECT_EQ(input(r), "(None, 784)");
  EXPECT_EQ(arg(r.model.layers[1], "rate"), "0.2");
  EXPECT_EQ(arg(r.model.layers[4], "units"), "10");  // num_classes = 10
  Calculator c(r.model);
  EXPECT_EQ(names(c), "dense dropout dense_1 dropout_1 dense_2");
  EXPECT_EQ(c.results()[2].formula, "512*512 + 512 = 262656");
  EXPECT_EQ(c.totals().params, 669706);
}

TEST(keras_files, cifar10_cnn_tf_tutorial) {
  ImportResult r = import_keras_code(data_file("cifar10_cnn_tf_tutorial.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(types(r.model), "Conv2D MaxPooling2D Conv2D MaxPooling2D Conv2D Flatten Dense Dense");
  EXPECT_EQ(input(r), "(None, 32, 32, 3)");
  EXPECT_EQ(arg(r.model.layers[1], "pool_size"), "(2, 2)");
  Calculator c(r.model);
  EXPECT_EQ(names(c), "conv2d max_pooling2d conv2d_1 max_pooling2d_1 conv2d_2 flatten dense dense_1");
  EXPECT_EQ(c.results()[4].output_shape, (Shape{4, 4, 64}));
  EXPECT_EQ(c.results()[6].formula, "1024*64 + 64 = 65600");
  EXPECT_EQ(c.totals().params, 122570);
}

TEST(keras_files, mnist_convnet_from_keras_io) {
  ImportResult r = import_keras_code(data_file("mnist_convnet_keras_io.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 28, 28, 1)");  // keras.Input(shape=input_shape), a tuple constant
  EXPECT_EQ(types(r.model), "Conv2D MaxPooling2D Conv2D MaxPooling2D Flatten Dropout Dense");
  EXPECT_EQ(arg(r.model.layers[0], "kernel_size"), "(3, 3)");
  Calculator c(r.model);
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[6].formula, "1600*10 + 10 = 16010");
  EXPECT_EQ(c.totals().params, 34826);
}

TEST(keras_files, text_classification_embedding_first) {
  ImportResult r = import_keras_code(data_file("text_classification.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_FALSE(r.model.input_shape);  // Embedding declares a free-length input
  EXPECT_EQ(types(r.model), "Embedding Dropout GlobalAveragePooling1D Dropout Dense");
  EXPECT_EQ(arg(r.model.layers[0], "input_dim"), "10001");  // max_features + 1
  EXPECT_EQ(arg(r.model.layers[0], "output_dim"), "16");
  Calculator c(r.model);
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[0].params, 160016);
  EXPECT_EQ(c.totals().params, 160033);
}

TEST(keras_files, imdb_lstm_keras_example) {
  ImportResult r = import_keras_code(data_file("imdb_lstm.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(types(r.model), "Embedding LSTM Dense");
  EXPECT_EQ(arg(r.model.layers[1], "recurrent_dropout"), "0.2");
  Calculator c(r.model);
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.results()[1].formula, "4*(128*128 + 128*128 + 128) = 131584");
  EXPECT_EQ(c.totals().params, 2691713);
}

TEST(keras_files, bidirectional_lstm_imdb) {
  ImportResult r = import_keras_code(data_file("bidirectional_lstm_imdb.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, None)");
  EXPECT_EQ(types(r.model), "Embedding Bidirectional Bidirectional Dense");
  ASSERT_EQ(r.model.layers[1].inner.size(), 1u);
  EXPECT_EQ(r.model.layers[1].inner[0].type, "LSTM");
  EXPECT_EQ(arg(r.model.layers[1].inner[0], "units"), "64");
  EXPECT_EQ(arg(r.model.layers[1].inner[0], "return_sequences"), "True");
  Calculator c(r.model);
  EXPECT_EQ(names(c), "embedding bidirectional bidirectional_1 dense");
  EXPECT_EQ(c.results()[1].params, 98816);
  EXPECT_EQ(c.totals().params, 2757761);
}

TEST(keras_files, conv1d_time_series) {
  ImportResult r = import_keras_code(data_file("conv1d_timeseries.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 30, 1)");
  EXPECT_EQ(types(r.model), "Conv1D MaxPooling1D Flatten Dense Dense");
  EXPECT_EQ(arg(r.model.layers[0], "kernel_size"), "2");
  Calculator c(r.model);
  EXPECT_EQ(c.results()[0].output_shape, (Shape{29, 64}));
  EXPECT_EQ(c.results()[3].formula, "896*50 + 50 = 44850");
  EXPECT_EQ(c.totals().params, 45093);
}

TEST(keras_files, conv_autoencoder_with_transposed_convolutions) {
  ImportResult r = import_keras_code(data_file("conv_autoencoder.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.warnings.empty());  // name="autoencoder" is Sequential's own argument
  EXPECT_EQ(types(r.model), "Conv2D Conv2D Conv2DTranspose Conv2DTranspose Conv2D");
  Calculator c(r.model);
  EXPECT_EQ(names(c), "conv2d conv2d_1 conv2d_transpose conv2d_transpose_1 conv2d_2");
  EXPECT_EQ(c.results()[1].output_shape, (Shape{7, 7, 8}));
  EXPECT_EQ(c.results()[3].output_shape, (Shape{28, 28, 16}));
  EXPECT_EQ(c.results()[2].formula, "8*72 + 8 = 584");
  EXPECT_EQ(c.totals().params, 3217);
}

TEST(keras_files, vgg_style_blocks_added_in_a_function_with_tabs) {
  ImportResult r = import_keras_code(data_file("vgg_style_add.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.model.layers.size(), 12u);
  EXPECT_EQ(arg(r.model.layers[0], "kernel_initializer"), "'he_uniform'");
  Calculator c(r.model);
  EXPECT_EQ(c.model().layers[5].name, "max_pooling2d_1");
  EXPECT_EQ(c.results()[9].output_shape, (Shape{2048}));
  EXPECT_EQ(c.results()[10].formula, "2048*128 + 128 = 262272");
  EXPECT_EQ(c.totals().params, 550570);
}

TEST(keras_files, cifar10_keras_example_reports_the_shape_it_cannot_read) {
  ImportResult r = import_keras_code(data_file("cifar10_cnn_keras_example.py"));
  EXPECT_EQ(r.model.layers.size(), 18u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "21:30 cannot read x_train.shape[1:] as an input shape; write it as a tuple such as (32, 32, 3)");
  EXPECT_EQ(r.errors[0].excerpt, "                 input_shape=x_train.shape[1:]))\n                             ^");
  // Given the shape, the rest is as Keras counts it.
  Model m = r.model;
  m.input_shape = Shape{32, 32, 3};
  Calculator c(m);
  EXPECT_EQ(c.totals().params, 1250858);
}

TEST(keras_files, time_distributed_video_model) {
  ImportResult r = import_keras_code(data_file("video_timedistributed.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 10, 64, 64, 3)");  // from frames, height, width, channels = ...
  EXPECT_EQ(types(r.model), "TimeDistributed TimeDistributed TimeDistributed LSTM Dense");
  EXPECT_EQ(r.model.layers[0].inner[0].type, "Conv2D");
  EXPECT_EQ(arg(r.model.layers[0].inner[0], "kernel_size"), "(3, 3)");
  EXPECT_EQ(r.model.layers[2].inner[0].type, "Flatten");
  Calculator c(r.model);
  EXPECT_EQ(c.results()[2].output_shape, (Shape{10, 15376}));
  EXPECT_EQ(c.results()[3].params, 1972352);
  EXPECT_EQ(c.totals().params, 1972965);
}

TEST(keras_files, stateful_lstm_batch_input_shape) {
  ImportResult r = import_keras_code(data_file("stateful_lstm.py"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 8, 16)");  // the batch size 32 is dropped
  EXPECT_EQ(arg(r.model.layers[0], "stateful"), "True");
  Calculator c(r.model);
  EXPECT_EQ(names(c), "lstm lstm_1 lstm_2 dense");
  EXPECT_EQ(c.results()[0].formula, "4*(16*32 + 32*32 + 32) = 6272");
  EXPECT_EQ(c.totals().params, 23242);
}

TEST(keras_files, curly_quotes_from_a_blog_warn_once) {
  ImportResult r = import_keras_code(data_file("blog_curly_quotes.py"));
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "3:56 curly quotes read as straight quotes");
  EXPECT_EQ(r.model.layers[0].name, "flatten");
  EXPECT_EQ(arg(r.model.layers[1], "activation"), "'relu'");
  EXPECT_EQ(arg(r.model.layers[3], "activation"), "'softmax'");
  Calculator c(r.model);
  EXPECT_EQ(c.totals().params, 101770);
}

TEST(keras_files, notebook_cells_with_magics) {
  ImportResult r = import_keras_code(data_file("notebook_cells.py"));
  EXPECT_TRUE(r.errors.empty()) << at(r.errors[0]);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(input(r), "(None, 180, 180, 3)");
  Calculator c(r.model);
  EXPECT_EQ(c.results()[6].output_shape, (Shape{30976}));
  EXPECT_EQ(c.totals().params, 3989285);
}

// ---- snippets in every style ------------------------------------------------------------------

TEST(keras_snippets, fashion_mnist_flatten_with_input_shape) {
  ImportResult r = import_keras_code(R"(model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation='relu'),
    tf.keras.layers.Dense(10)
])
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 28, 28)");
  EXPECT_EQ(Calculator(r.model).totals().params, 101770);
}

TEST(keras_snippets, keras_sequential_with_keras_input) {
  ImportResult r = import_keras_code(R"(model = keras.Sequential([keras.Input(shape=(16,)), keras.layers.Dense(8)])
)");
  EXPECT_EQ(input(r), "(None, 16)");
  EXPECT_EQ(types(r.model), "Dense");
  EXPECT_EQ(Calculator(r.model).results()[0].formula, "16*8 + 8 = 136");
}

TEST(keras_snippets, keras_models_sequential_with_input_layer) {
  ImportResult r = import_keras_code(R"(import keras
model = keras.models.Sequential()
model.add(keras.layers.InputLayer(input_shape=(4,)))
model.add(keras.layers.Dense(2))
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 4)");
  EXPECT_EQ(types(r.model), "Dense");
}

TEST(keras_snippets, positional_arguments_in_keras_order) {
  ImportResult r = import_keras_code(R"(from tensorflow.keras import layers as L
from tensorflow.keras.models import Sequential
model = Sequential()
model.add(L.Conv2D(32, (3, 3), strides=2, padding="same", input_shape=(28, 28, 1)))
model.add(L.Conv2D(8, 3, 1, 'valid'))
model.add(L.Flatten())
model.add(L.Dense(64, "relu"))
)");
  EXPECT_TRUE(r.errors.empty());
  const Layer& conv = r.model.layers[0];
  EXPECT_EQ(arg(conv, "filters"), "32");
  EXPECT_EQ(arg(conv, "kernel_size"), "(3, 3)");
  EXPECT_EQ(arg(conv, "strides"), "2");
  EXPECT_EQ(arg(r.model.layers[1], "strides"), "1");
  EXPECT_EQ(arg(r.model.layers[1], "padding"), "'valid'");
  EXPECT_EQ(arg(r.model.layers[3], "units"), "64");
  EXPECT_EQ(arg(r.model.layers[3], "activation"), "'relu'");
  Calculator c(r.model);
  EXPECT_EQ(c.results()[0].output_shape, (Shape{14, 14, 32}));
  EXPECT_EQ(c.results()[1].output_shape, (Shape{12, 12, 8}));
  EXPECT_EQ(c.results()[3].formula, "1152*64 + 64 = 73792");
}

TEST(keras_snippets, bare_names_after_star_import) {
  ImportResult r = import_keras_code(R"(from tensorflow.keras.models import *
from tensorflow.keras.layers import *
model = Sequential([Dense(10, input_shape=(5,)), Activation('relu'), Dense(1)])
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(types(r.model), "Dense Activation Dense");
  EXPECT_EQ(Calculator(r.model).totals().params, 71);
}

TEST(keras_snippets, bare_names_from_a_parenthesised_import) {
  ImportResult r = import_keras_code(R"(from keras.layers import (
    Dense,
    Dropout,
)
from keras import Sequential
model = Sequential([Dense(3, input_dim=2), Dropout(0.5)])
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(types(r.model), "Dense Dropout");
  EXPECT_EQ(input(r), "(None, 2)");
}

TEST(keras_snippets, class_aliases_in_from_imports) {
  ImportResult r = import_keras_code(R"(from keras.layers import Dense as D, Flatten
from keras.models import Sequential as S
m = S([D(4, input_shape=(3,)), Flatten()])
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(types(r.model), "Dense Flatten");
  Calculator c(r.model);
  EXPECT_EQ(names(c), "dense flatten");
  EXPECT_EQ(c.results()[0].formula, "3*4 + 4 = 16");
}

TEST(keras_snippets, input_dim_on_the_first_layer) {
  ImportResult r = import_keras_code(R"(model = Sequential()
model.add(Dense(32, input_dim=784))
model.add(Dense(10, activation='softmax'))
)");
  EXPECT_EQ(input(r), "(None, 784)");
  EXPECT_EQ(arg(r.model.layers[0], "input_dim"), "-");  // read as the model's input, not kept
  EXPECT_EQ(Calculator(r.model).totals().params, 25450);
}

TEST(keras_snippets, batch_input_shape_drops_the_batch) {
  ImportResult r = import_keras_code(R"(model = keras.Sequential()
model.add(layers.Dense(32, batch_input_shape=(None, 20)))
)");
  EXPECT_EQ(input(r), "(None, 20)");
}

TEST(keras_snippets, model_build_gives_the_input_shape) {
  ImportResult r = import_keras_code(R"(model = keras.Sequential()
model.add(layers.Dense(32))
model.add(layers.Dense(16))
model.build((None, 20))
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 20)");
  EXPECT_EQ(Calculator(r.model).totals().params, 672 + 528);
  r = import_keras_code("model = keras.Sequential([layers.Dense(2)])\nmodel.build(input_shape=(None, 3))\n");
  EXPECT_EQ(input(r), "(None, 3)");
}

TEST(keras_snippets, wrapped_in_a_function_returning_the_model) {
  ImportResult r = import_keras_code(R"(def create_model(num_classes=10):
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(64, activation="relu", input_shape=(32,)),
        tf.keras.layers.Dense(10),
    ])
    return model

model = create_model()
model.summary()
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(types(r.model), "Dense Dense");
  EXPECT_EQ(Calculator(r.model).totals().params, 2112 + 650);
}

TEST(keras_snippets, function_parameter_defaults_are_read) {
  const char* text = R"(def create_model(input_shape: tuple = (32, 32, 3), num_classes=10, *, rate: float = 0.5,
                 **kwargs) -> tf.keras.Model:
    model = keras.Sequential([
        layers.Conv2D(8, 3, input_shape=input_shape),
        layers.Flatten(),
        layers.Dropout(rate),
        layers.Dense(num_classes),
    ])
    return model
)";
  ImportResult r = import_keras_code(text);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 32, 32, 3)");
  EXPECT_EQ(arg(r.model.layers[2], "rate"), "0.5");
  EXPECT_EQ(arg(r.model.layers[3], "units"), "10");
  r = import_keras_code(text, {define("num_classes", 3)});
  EXPECT_EQ(arg(r.model.layers[3], "units"), "3");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "1:52 num_classes = 10 in the text; using the given value 3");
}

TEST(keras_snippets, parameters_without_defaults_are_names_to_supply) {
  ImportResult r = import_keras_code(R"(def make_model(input_shape, num_classes):
    return keras.Sequential([keras.Input(shape=input_shape), layers.Dense(num_classes)])
)");
  EXPECT_EQ(r.undefined_names, (std::vector<std::string>{"input_shape", "num_classes"}));
}

TEST(keras_snippets, docstring_examples_with_prompts) {
  ImportResult r = import_keras_code(R"(>>> model = tf.keras.models.Sequential()
>>> model.add(tf.keras.Input(shape=(16,)))
>>> model.add(tf.keras.layers.Dense(32, activation='relu'))
>>> # Now the model will take as input arrays of shape (None, 16)
>>> # and output arrays of shape (None, 32).
>>> model.add(tf.keras.layers.Dense(32,
...                                 use_bias=False))
>>> model.output_shape
(None, 32)
)");
  EXPECT_TRUE(r.errors.empty()) << at(r.errors[0]);
  EXPECT_EQ(input(r), "(None, 16)");
  EXPECT_EQ(types(r.model), "Dense Dense");
  EXPECT_EQ(r.model.layers[1].where.line, 6);
  EXPECT_EQ(r.model.layers[1].where.column, 15);
  EXPECT_EQ(Calculator(r.model).results()[1].formula, "32*32 = 1024");
}

TEST(keras_snippets, tf_keras_input_and_pop) {
  ImportResult r = import_keras_code(R"(model = tf.keras.Sequential()
model.add(tf.keras.Input(shape=(28, 28, 1)))
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(10))
model.add(tf.keras.layers.Dense(99))
model.pop()
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(types(r.model), "Flatten Dense");
  EXPECT_EQ(Calculator(r.model).totals().params, 7850);
}

TEST(keras_snippets, returned_directly_from_a_function) {
  ImportResult r = import_keras_code(R"(def build():
    return keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(Calculator(r.model).totals().params, 9);
}

TEST(keras_snippets, bidirectional_and_time_distributed_wrappers) {
  ImportResult r = import_keras_code(R"(model = keras.Sequential([
    layers.Embedding(input_dim=5000, output_dim=16, input_length=100),
    layers.Bidirectional(layers.LSTM(32, return_sequences=True)),
    layers.TimeDistributed(layers.Dense(8)),
    layers.Bidirectional(layers.GRU(16)),
    layers.Dense(1, activation="sigmoid"),
])
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_FALSE(r.model.input_shape);  // Embedding's input_dim is its vocabulary, not the input
  EXPECT_EQ(arg(r.model.layers[0], "input_dim"), "5000");
  EXPECT_EQ(arg(r.model.layers[0], "input_length"), "100");
  EXPECT_EQ(r.model.layers[2].inner[0].type, "Dense");
  EXPECT_EQ(r.model.layers[3].inner[0].type, "GRU");
  Calculator c(r.model);
  EXPECT_EQ(c.results()[0].output_shape, (Shape{100, 16}));
  EXPECT_EQ(c.results()[1].formula, "2*4*(16*32 + 32*32 + 32) = 12544");
  EXPECT_EQ(c.results()[2].formula, "64*8 + 8 = 520");
  EXPECT_EQ(c.results()[3].formula, "2*3*(8*16 + 16*16 + 2*16) = 2496");
  EXPECT_EQ(c.totals().params, 80000 + 12544 + 520 + 2496 + 33);
}

TEST(keras_snippets, bidirectional_with_keyword_and_backward_layer) {
  ImportResult r = import_keras_code(R"(model = Sequential([
    Input(shape=(5, 10)),
    Bidirectional(layer=LSTM(4), merge_mode="sum"),
])
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.model.layers[0].inner[0].type, "LSTM");
  EXPECT_EQ(arg(r.model.layers[0], "merge_mode"), "'sum'");
  Calculator c(r.model);
  EXPECT_EQ(c.results()[0].output_shape, (Shape{4}));
  EXPECT_EQ(c.totals().params, 2 * 4 * (10 * 4 + 4 * 4 + 4));
}

TEST(keras_snippets, layers_held_in_variables) {
  ImportResult r = import_keras_code(R"(conv = layers.Conv2D(8, 3, name="c")
head = layers.Dense(4)
lstm = layers.LSTM(6)
model = keras.Sequential([keras.Input(shape=(10, 10, 1)), conv, layers.Flatten()])
model.add(head)
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(types(r.model), "Conv2D Flatten Dense");
  EXPECT_EQ(r.model.layers[0].name, "c");
  EXPECT_EQ(Calculator(r.model).totals().params, 80 + 2052);
}

TEST(keras_snippets, a_variable_rewrapped_in_place) {
  ImportResult r = import_keras_code(R"(dense = layers.Dense(8)
dense = layers.TimeDistributed(dense)
lstm = layers.LSTM(4, return_sequences=True)
model = keras.Sequential([keras.Input((5, 3)), dense, layers.Bidirectional(lstm)])
)");
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(types(r.model), "TimeDistributed Bidirectional");
  EXPECT_EQ(r.model.layers[0].inner[0].type, "Dense");
  EXPECT_EQ(r.model.layers[1].inner[0].type, "LSTM");
  Calculator c(r.model);
  EXPECT_EQ(c.results()[0].output_shape, (Shape{5, 8}));
  EXPECT_EQ(c.totals().params, 32 + 2 * 4 * (8 * 4 + 4 * 4 + 4));
}

TEST(keras_snippets, integer_names_arithmetic_and_tuple_constants) {
  ImportResult r = import_keras_code(R"(IMG_SIZE = 64
HALF = IMG_SIZE // 2
CHANNELS = 3
SHAPE = (HALF, HALF, CHANNELS)
UNITS = 2 ** 4 + HALF % 5 - 1
model = tf.keras.Sequential([
    tf.keras.layers.Conv2D(HALF // 4, kernel_size=(3, 3), input_shape=SHAPE),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(UNITS * 2),
])
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 32, 32, 3)");
  EXPECT_EQ(arg(r.model.layers[0], "filters"), "8");
  EXPECT_EQ(arg(r.model.layers[2], "units"), "34");  // (16 + 2 - 1) * 2
}

TEST(keras_snippets, tuple_unpacking_and_augmented_assignment) {
  ImportResult r = import_keras_code(R"((x_train, y_train), (x_test, y_test) = mnist.load_data()
n_steps, n_features = 30, 1
units = 32
units *= 2
model = Sequential([Input(shape=(n_steps, n_features)), LSTM(units)])
)");
  EXPECT_TRUE(r.errors.empty()) << at(r.errors[0]);
  EXPECT_EQ(input(r), "(None, 30, 1)");
  EXPECT_EQ(arg(r.model.layers[0], "units"), "64");
}

TEST(keras_snippets, annotated_constant) {
  ImportResult r = import_keras_code("IMG_SIZE: int = 28\nmodel = Sequential([Input((IMG_SIZE, IMG_SIZE)), Flatten()])\n");
  EXPECT_EQ(input(r), "(None, 28, 28)");
}

TEST(keras_snippets, comments_trailing_commas_and_both_quote_styles) {
  ImportResult r = import_keras_code(R"(# A model.
model = keras.Sequential(
    [  # the layers
        layers.Dense(
            8,  # units
            activation='relu',
            name="first",
        ),
        # layers.Dense(99),
        layers.Dense(4, name='second',),  # trailing comma
    ],
)
)");
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.model.layers.size(), 2u);
  EXPECT_EQ(r.model.layers[0].name, "first");
  EXPECT_EQ(r.model.layers[1].name, "second");
  EXPECT_EQ(arg(r.model.layers[0], "activation"), "'relu'");
}

TEST(keras_snippets, backslash_line_continuations) {
  ImportResult r = import_keras_code("model = keras.Sequential()\nmodel.add(layers.Dense(10, \\\n    input_shape=(3,)))\n"
                                     "model.add(layers.Dense(2, \\\n    activation='relu'))\nx = 1 + \\\n  2\n");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 3)");
  EXPECT_EQ(types(r.model), "Dense Dense");
  EXPECT_EQ(r.model.layers[1].where.line, 4);
}

TEST(keras_snippets, windows_line_endings_and_tabs) {
  ImportResult r = import_keras_code("model = Sequential()\r\nmodel.add(Dense(8, input_shape=(4,)))\r\nmodel.add(Dense(2,\r\n\tactivation=\"relu\"))\r\n");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(Calculator(r.model).totals().params, 40 + 18);
}

TEST(keras_snippets, arguments_that_do_not_change_the_count_are_kept) {
  ImportResult r = import_keras_code(R"(model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation=tf.nn.relu, kernel_initializer=tf.keras.initializers.HeNormal(),
                          kernel_regularizer=regularizers.l2(1e-4), dtype='float32', input_shape=(8,)),
    tf.keras.layers.Dense(1, activation=lambda x: tf.nn.sigmoid(x) * 2, bias_initializer="zeros"),
])
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.undefined_names.empty());
  const Layer& first = r.model.layers[0];
  EXPECT_EQ(arg(first, "activation"), "tf.nn.relu");
  EXPECT_EQ(arg(first, "kernel_initializer"), "tf.keras.initializers.HeNormal()");
  EXPECT_EQ(arg(first, "kernel_regularizer"), "regularizers.l2(1e-4)");
  EXPECT_EQ(arg(first, "dtype"), "'float32'");
  EXPECT_EQ(arg(r.model.layers[1], "activation"), "lambda x: tf.nn.sigmoid(x) * 2");
  Calculator c(r.model);
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.totals().params, 576 + 65);
}

TEST(keras_snippets, use_bias_false_and_names) {
  ImportResult r = import_keras_code(R"(model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, use_bias=False, name="stem"),
    layers.BatchNormalization(name="stem_bn"),
])
)");
  Calculator c(r.model);
  EXPECT_EQ(names(c), "stem stem_bn");
  EXPECT_EQ(c.results()[0].formula, "3*144 = 432");
  EXPECT_EQ(c.results()[1].non_trainable, 32);
}

TEST(keras_snippets, sequential_layers_keyword_and_name) {
  ImportResult r = import_keras_code(R"(model = Sequential(layers=[Input((2,)), Dense(3)], name="tiny")
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(types(r.model), "Dense");
}

TEST(keras_snippets, inside_a_strategy_scope) {
  ImportResult r = import_keras_code(R"(strategy = tf.distribute.MirroredStrategy()
with strategy.scope():
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(1,))])
    model.compile(loss='mse', optimizer='sgd')
)");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(Calculator(r.model).totals().params, 2);
}

TEST(keras_snippets, number_literals) {
  ImportResult r = import_keras_code("model = Sequential([Input((0x10,)), Dense(1_024), Dropout(.5), Dense(4e0)])\n");
  EXPECT_EQ(input(r), "(None, 16)");
  EXPECT_EQ(arg(r.model.layers[0], "units"), "1024");
  EXPECT_EQ(arg(r.model.layers[1], "rate"), "0.5");
}

TEST(keras_snippets, list_shape_with_none) {
  ImportResult r = import_keras_code("model = Sequential([Input(shape=[None, 8]), LSTM(4)])\n");
  EXPECT_EQ(input(r), "(None, None, 8)");
  EXPECT_EQ(Calculator(r.model).totals().params, 4 * (8 * 4 + 4 * 4 + 4));
}

TEST(keras_snippets, layer_where_points_at_the_call) {
  ImportResult r = import_keras_code("model = Sequential([\n    Input((4,)),\n    Dense(2, activation='relu'),\n])\n");
  ASSERT_EQ(r.model.layers.size(), 1u);
  EXPECT_EQ(r.model.layers[0].where.line, 3);
  EXPECT_EQ(r.model.layers[0].where.column, 5);
  EXPECT_EQ(r.model.layers[0].args[1].where.line, 3);
  EXPECT_EQ(r.model.layers[0].args[1].where.column, 14);
}

// ---- errors, each with its line and column ----------------------------------------------------

TEST(keras_errors, undefined_name_reported_once_though_used_three_times) {
  ImportResult r = import_keras_code(R"(model = Sequential([
    Conv2D(32, 3, input_shape=(IMG_SIZE, IMG_SIZE, 3)),
    Dense(IMG_SIZE),
])
)");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "2:32 IMG_SIZE is not defined; give it a value");
  EXPECT_EQ(r.errors[0].excerpt, "    Conv2D(32, 3, input_shape=(IMG_SIZE, IMG_SIZE, 3)),\n                               ^");
  EXPECT_EQ(r.undefined_names, std::vector<std::string>{"IMG_SIZE"});
  EXPECT_EQ(r.model.layers.size(), 2u);
  r = import_keras_code(R"(model = Sequential([
    Conv2D(32, 3, input_shape=(IMG_SIZE, IMG_SIZE, 3)),
    Dense(IMG_SIZE),
])
)", {define("IMG_SIZE", 8)});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(Calculator(r.model).results()[1].output_shape, (Shape{6, 6, 8}));
}

TEST(keras_errors, undefined_names_behind_a_constant_name_the_root) {
  ImportResult r = import_keras_code(R"(IMG_SHAPE = (IMG_SIZE, IMG_SIZE, 3)
model = Sequential([Conv2D(16, 3, input_shape=IMG_SHAPE), Dense(num_classes)])
)");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(at(r.errors[0]), "1:14 IMG_SIZE is not defined; give it a value");
  EXPECT_EQ(at(r.errors[1]), "2:65 num_classes is not defined; give it a value");
  EXPECT_EQ(r.undefined_names, (std::vector<std::string>{"IMG_SIZE", "num_classes"}));
  r = import_keras_code(R"(IMG_SHAPE = (IMG_SIZE, IMG_SIZE, 3)
model = Sequential([Conv2D(16, 3, input_shape=IMG_SHAPE), Dense(num_classes)])
)", {define("IMG_SIZE", 8), define("num_classes", 5)});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(input(r), "(None, 8, 8, 3)");
}

TEST(keras_errors, long_chains_of_names_built_on_an_undefined_one) {
  std::string text = "A0 = UNDEF\n";
  for (int k = 1; k <= 100000; ++k) text += "A" + std::to_string(k) + " = A" + std::to_string(k - 1) + " + A" + std::to_string(k - 1) + "\n";
  text += "model = Sequential([Input((4,)), Dense(A100000)])\n";
  ImportResult r = import_keras_code(text);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:6 UNDEF is not defined; give it a value");
  r = import_keras_code("A = B\nB = A\nmodel = Sequential([Input((4,)), Dense(A)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:5 B is not defined; give it a value");
}

TEST(keras_errors, unclosed_call_bracket_in_add_statements) {
  ImportResult r = import_keras_code(R"(model = Sequential()
model.add(Dense(8, input_shape=(4,))
model.add(Dense(2))
)");
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "2:10 the '(' opened here is never closed; read as closed before line 3");
  EXPECT_EQ(types(r.model), "Dense Dense");
}

TEST(keras_errors, snippet_cut_off_at_the_end_only_warns) {
  for (const char* text : {"model = Sequential([Input((3,)), Dense(2),\n", "model = Sequential([Input((3,)), Dense(2)",
                           "model = Sequential([\n    Input((3,)),\n    Dense(2),\n\n\n"}) {
    ImportResult r = import_keras_code(text);
    EXPECT_TRUE(r.errors.empty()) << text << at(r.errors[0]);
    ASSERT_EQ(r.warnings.size(), 1u) << text;
    EXPECT_EQ(at(r.warnings[0]), "1:19 the brackets '([' opened here are never closed; read as closed before the end of the text");
    EXPECT_EQ(types(r.model), "Dense");
  }
}

TEST(keras_errors, syntax_error_in_one_element_keeps_the_others) {
  ImportResult r = import_keras_code(R"(model = keras.Sequential([
    layers.Dense(8, input_shape=(4,)),
    layers.Dense(10 +, activation="relu"),
    layers.Dense(6),
])
)");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "3:22 unexpected ','");
  EXPECT_EQ(r.errors[0].excerpt, "    layers.Dense(10 +, activation=\"relu\"),\n                     ^");
  EXPECT_EQ(types(r.model), "Dense Dense");
  EXPECT_EQ(arg(r.model.layers[1], "units"), "6");
}

TEST(keras_errors, syntax_errors_in_multiline_elements_and_missing_commas) {
  ImportResult r = import_keras_code(R"(model = keras.Sequential([
    layers.Dense(
        8, input_shape=(4,),
        activation="relu" oops,
    ),
    layers.Dense(5)
    layers.Dense(6),
    layers.Dense(7, name="x),
    layers.Dense(8),
])
)");
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(at(r.errors[0]), "4:27 expected ',' or ')' in this call but found 'oops'");
  EXPECT_EQ(at(r.errors[1]), "7:5 expected ',' or ']' but found 'layers'");
  EXPECT_EQ(at(r.errors[2]), "8:26 this string is never closed on its line");
  EXPECT_EQ(types(r.model), "Dense Dense Dense");
  EXPECT_EQ(arg(r.model.layers[0], "units"), "5");
  EXPECT_EQ(arg(r.model.layers[1], "units"), "6");
  EXPECT_EQ(arg(r.model.layers[2], "units"), "8");
}

TEST(keras_errors, empty_element_between_commas) {
  ImportResult r = import_keras_code("model = keras.Sequential([keras.Input((4,)), layers.Dense(1), , layers.Dense(2)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:63 unexpected ','");
  EXPECT_EQ(types(r.model), "Dense Dense");
}

TEST(keras_errors, unknown_layer_type_is_kept_and_the_core_suggests) {
  ImportResult r = import_keras_code("model = Sequential([Input((4,)), Dens(10), Dense(2)])\n");
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "1:39 positional argument 1 of the unknown layer Dens is not read");
  EXPECT_EQ(types(r.model), "Dens Dense");
  Calculator c(r.model);
  EXPECT_EQ(c.results()[0].error, "unknown layer type 'Dens'; did you mean Dense?");
  std::vector<ImportMessage> all = model_errors(c, r);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(at(all[0]), "1:34 unknown layer type 'Dens'; did you mean Dense?");
}

TEST(keras_errors, misspelt_argument_is_reported_where_it_was_written) {
  ImportResult r = import_keras_code("model = Sequential([Input(shape=(8,)), Dense(3, activaton=\"relu\"), Dense(4)])\n");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(arg(r.model.layers[0], "activaton"), "'relu'");
  Calculator c(r.model);
  EXPECT_EQ(c.results()[0].error_argument, "activaton");
  std::vector<ImportMessage> all = model_errors(c, r);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(at(all[0]), "1:49 Dense has no argument 'activaton'; did you mean 'activation'?");
  EXPECT_EQ(all[0].layer, "dense");
}

TEST(keras_errors, too_many_positional_arguments_reported_once) {
  ImportResult r = import_keras_code(
      "model = Sequential([Input((4,)), MaxPooling1D(2, 2, 'valid', 'channels_last', 9, 10)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:79 MaxPooling1D takes at most 4 positional arguments; the ones from here on are not read");
  EXPECT_EQ(arg(r.model.layers[0], "data_format"), "'channels_last'");
}

TEST(keras_errors, duplicate_arguments) {
  ImportResult r = import_keras_code("model = Sequential([Input((4,)), Dense(10, units=5), Dense(3, name='a', name='b')])\n");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(at(r.errors[0]), "1:44 Dense got 'units' twice");
  EXPECT_EQ(at(r.errors[1]), "1:73 Dense got 'name' twice");
  EXPECT_EQ(arg(r.model.layers[0], "units"), "10");
  EXPECT_EQ(r.model.layers[1].name, "a");
}

TEST(keras_errors, string_never_closed) {
  ImportResult r = import_keras_code("model = Sequential([Input((4,)), Dense(3, activation='relu)])\nprint('done')\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:54 this string is never closed on its line");
  r = import_keras_code("model = Sequential([Input((4,)), Dense(3)])\ndoc = \"\"\"never closed\n\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "2:7 this string is never closed");
  EXPECT_EQ(types(r.model), "Dense");
}

TEST(keras_errors, ten_thousand_open_brackets_are_refused_not_a_crash) {
  ImportResult r = import_keras_code(std::string(10000, '('));
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(at(r.errors[0]), "1:21 brackets and operators are nested too deeply here to read");
  r = import_keras_code("model = Sequential(" + std::string(10000, '['));
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].message, "brackets and operators are nested too deeply here to read");
  for (const ImportMessage& m : r.errors) EXPECT_LT(m.message.size(), 200u);
  r = import_keras_code("model = Sequential([" + std::string(10000, '-') + "1])");
  EXPECT_FALSE(r.errors.empty());
  std::string calls;
  for (int k = 0; k < 5000; ++k) calls += "Dense(";
  r = import_keras_code("model = Sequential([" + calls);
  EXPECT_FALSE(r.errors.empty());
}

TEST(keras_errors, layers_wrapped_without_end_are_refused_not_a_crash) {
  std::string text = "d = TimeDistributed(Dense(2))\n";
  for (int k = 0; k < 10000; ++k) text += "d = TimeDistributed(d)\n";
  text += "a = TimeDistributed(b)\nb = TimeDistributed(a)\n";
  text += "model = Sequential([Input((4, 4)), d, a, b])\n";
  ImportResult r = import_keras_code(text);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].message, "layers are wrapped too deeply here to read (more than 16)");
  EXPECT_EQ(r.errors[1].message, "layers are wrapped too deeply here to read (more than 16)");
  EXPECT_EQ(r.errors[2].message, "layers are wrapped too deeply here to read (more than 16)");
  EXPECT_EQ(r.model.layers.size(), 3u);
}

TEST(keras_errors, a_million_operators_are_refused_not_a_crash) {
  std::string sum = "1";
  for (int k = 0; k < 1000000; ++k) sum += "+1";
  ImportResult r = import_keras_code("x = " + sum + "\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:204 this expression is too long (more than 100 operators)");
}

TEST(keras_errors, functional_api_is_not_supported) {
  ImportResult r = import_keras_code(R"(inputs = keras.Input(shape=(784,))
x = layers.Dense(64, activation="relu")(inputs)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")
)");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "4:9 this is a functional-API model (Model(inputs, outputs)); Learnable reads Sequential "
                             "models: rewrite it as Sequential([...]) to count it");
  EXPECT_TRUE(r.model.layers.empty());
}

TEST(keras_errors, subclassed_models_are_not_supported) {
  ImportResult r = import_keras_code(R"(class MyModel(tf.keras.Model):
  def __init__(self):
    super().__init__()
    self.d1 = Dense(128, activation='relu')

  def call(self, x):
    return self.d1(x)

model = MyModel()
)");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:1 this is a subclassed model (class ...(Model)); Learnable reads Sequential models: list "
                             "its layers in Sequential([...]) to count them");
}

TEST(keras_errors, no_model_at_all) {
  ImportResult r = import_keras_code("import numpy as np\nx = np.zeros((3, 3))\nprint(x)\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:1 no Keras Sequential model found: expected Sequential([...]) or model.add(...)");
}

TEST(keras_errors, empty_text) {
  ImportResult r = import_keras_code("");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "no Keras Sequential model found: expected Sequential([...]) or model.add(...)");
  r = import_keras_code("   \n\n# only a comment\n");
  EXPECT_EQ(r.errors.size(), 1u);
}

TEST(keras_errors, five_megabyte_paste_is_read) {
  std::string text = "model = keras.Sequential([\n    keras.Input(shape=(16,)),\n";
  const std::string line = "    layers.Dense(16, activation=\"relu\", kernel_initializer=\"he_normal\"),  # hidden\n";
  size_t count = 5 * 1024 * 1024 / line.size();
  for (size_t k = 0; k < count; ++k) text += line;
  text += "])\n";
  ImportResult r = import_keras_code(text);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.model.layers.size(), count);
  EXPECT_EQ(r.model.layers.back().where.line, static_cast<int>(count) + 2);
}

TEST(keras_errors, reading_stops_after_a_thousand_errors) {
  std::string text = "model = Sequential([\n    Input((4,)),\n";
  for (int k = 0; k < 5000; ++k) text += "    Dense(3 +, 4),\n    Dense(2),\n";
  text += "])\n";
  ImportResult r = import_keras_code(text);
  ASSERT_EQ(r.errors.size(), 1000u);
  EXPECT_EQ(at(r.errors[998]), "1999:14 unexpected ','");
  EXPECT_EQ(at(r.errors[999]), "1999:14 too many errors; stopped reading at line 1999");
  EXPECT_EQ(r.model.layers.size(), 998u);
}

TEST(keras_errors, bytes_that_are_not_utf8_are_replaced) {
  ImportResult r = import_keras_code("# caf\xe9 \xc1\x80\n\xff\nmodel = Sequential([Input((4,)), Dense(2, name='n\xed\xa0\x80')])\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "1:6 the text has bytes that are not UTF-8; each is read as \uFFFD");
  EXPECT_EQ(r.warnings[0].excerpt, "# caf\uFFFD \uFFFD\uFFFD\n     ^");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "2:1 unexpected character '\uFFFD'");
  ASSERT_EQ(r.model.layers.size(), 1u);
  EXPECT_EQ(r.model.layers[0].name, "n\uFFFD\uFFFD\uFFFD");
}

TEST(keras_errors, more_than_eight_megabytes_is_refused) {
  ImportResult r = import_keras_code(std::string(kMaxImportBytes + 1, ' '));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "the text has 8388609 bytes; Learnable reads at most 8 MB of code");
}

TEST(keras_errors, input_after_the_first_layer) {
  ImportResult r = import_keras_code("model = Sequential([Dense(2, input_shape=(3,)), Input((5,))])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:49 Input must come before the first layer");
}

TEST(keras_errors, input_without_a_shape) {
  ImportResult r = import_keras_code("model = Sequential([Input(dtype='int32'), Dense(2)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:21 Input(...) needs shape=(...)");
}

TEST(keras_errors, shapes_that_are_not_shapes) {
  ImportResult r = import_keras_code("model = Sequential([Input(shape=(28, -1)), Dense(2)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:33 cannot read (28, -1) as an input shape; write it as a tuple such as (32, 32, 3)");
  r = import_keras_code("model = Sequential([Dense(2)])\nmodel.build('x')\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "2:13 cannot read the input shape 'x' given to build()");
}

TEST(keras_errors, elements_that_are_not_layers) {
  ImportResult r = import_keras_code(R"(model = Sequential([
    Input((4,)),
    foo,
    42,
    make_layers()[0],
    Sequential([Dense(1)]),
    Dense(3),
])
)");
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(at(r.errors[0]), "3:5 'foo' is not a layer defined in this text");
  EXPECT_EQ(at(r.errors[1]), "4:5 expected a layer here, found 42");
  EXPECT_EQ(at(r.errors[2]), "5:5 cannot read 'make_layers()[0]' as a layer without running Python");
  EXPECT_EQ(at(r.errors[3]), "6:5 a Sequential model nested in another is not supported; list its layers instead");
  EXPECT_EQ(types(r.model), "Dense");
}

TEST(keras_errors, sequential_of_something_that_is_not_a_list) {
  ImportResult r = import_keras_code("model = Sequential(my_layers)\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:20 Sequential expects a list of layers, got my_layers");
}

TEST(keras_errors, add_without_a_layer) {
  ImportResult r = import_keras_code("model = Sequential()\nmodel.add()\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "2:1 model.add() needs a layer");
}

TEST(keras_errors, wrapper_of_something_that_is_not_a_layer) {
  ImportResult r = import_keras_code("model = Sequential([Input((3, 4)), Bidirectional(32)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:50 Bidirectional's layer must be a layer such as LSTM(32), got 32");
}

TEST(keras_errors, numbers_too_large_and_division_by_zero) {
  ImportResult r = import_keras_code("model = Sequential([Input((4,)), Dense(99999999999999999999)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:40 the number 99999999999999999999 is too large for 64 bits");
  r = import_keras_code("N = 0\nmodel = Sequential([Input((4,)), Dense(8 // N)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "2:40 division by zero in 8 // N");
  r = import_keras_code("model = Sequential([Input((4,)), Dense(2 ** 70)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:40 2 ** 70 is too large for 64 bits");
}

TEST(keras_errors, characters_python_does_not_know) {
  ImportResult r = import_keras_code("model = Sequential([Input((4,)), Dense(8) ✓, Dense(2)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:43 expected ',' or ']' but found unexpected character '✓'");
  EXPECT_EQ(r.errors[0].excerpt, "model = Sequential([Input((4,)), Dense(8) ✓, Dense(2)])\n                                          ^");
  EXPECT_EQ(types(r.model), "Dense Dense");
}

TEST(keras_errors, statement_keywords_inside_an_expression) {
  ImportResult r = import_keras_code("model = Sequential([Input((4,)), Dense(return), Dense(2)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "1:40 unexpected 'return' inside an expression");
  EXPECT_EQ(types(r.model), "Dense");
}

TEST(keras_errors, a_bad_statement_does_not_stop_the_rest) {
  ImportResult r = import_keras_code(R"(model = Sequential()
model.add(Dense(4, input_shape=(2,)))
this line is not python
model.add(Dense(1))
)");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(at(r.errors[0]), "3:6 unexpected 'line' after the end of the statement");
  EXPECT_EQ(types(r.model), "Dense Dense");
}

// ---- warnings ---------------------------------------------------------------------------------

TEST(keras_warnings, input_shape_on_a_later_layer_is_ignored) {
  ImportResult r = import_keras_code("model = Sequential()\nmodel.add(Dense(32, input_dim=20))\nmodel.add(Dense(16, input_dim=999))\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "3:21 input_dim on a layer after the first is ignored, as Keras does");
  EXPECT_EQ(input(r), "(None, 20)");
}

TEST(keras_warnings, input_given_twice) {
  ImportResult r = import_keras_code("model = Sequential([Input((4,)), Dense(2, input_shape=(5,))])\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "1:55 the input shape was already given; this input_shape is ignored, as Keras does");
  EXPECT_EQ(input(r), "(None, 4)");
}

TEST(keras_warnings, unknown_sequential_argument) {
  ImportResult r = import_keras_code("model = Sequential([Input((4,)), Dense(2)], nme='x')\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "1:45 Sequential has no argument 'nme'; ignored");
}

TEST(keras_warnings, add_without_sequential) {
  ImportResult r = import_keras_code("net.add(Dense(2, input_shape=(3,)))\nnet.add(Dense(1))\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "1:1 no Sequential(...) seen before net.add(...); reading the add calls as one Sequential model");
  EXPECT_EQ(types(r.model), "Dense Dense");
}

TEST(keras_warnings, a_second_model_is_not_read) {
  ImportResult r = import_keras_code("a = Sequential([Input((2,)), Dense(1)])\nb = Sequential([Input((9,)), Dense(9)])\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "2:5 the text builds more than one Sequential model; reading the first one only");
  EXPECT_EQ(input(r), "(None, 2)");
}

TEST(keras_warnings, name_without_quotes) {
  ImportResult r = import_keras_code("model = Sequential([Input((2,)), Dense(1, name=Conv1)])\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "1:48 name=Conv1 has no quotes; read as the string 'Conv1'");
  EXPECT_EQ(r.model.layers[0].name, "Conv1");
}

TEST(keras_warnings, a_define_overrides_the_text) {
  ImportResult r = import_keras_code("IMG_SIZE = 64\nmodel = Sequential([Input((IMG_SIZE,)), Dense(1)])\n", {define("IMG_SIZE", 32)});
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "1:1 IMG_SIZE = 64 in the text; using the given value 32");
  EXPECT_EQ(input(r), "(None, 32)");
}

TEST(keras_warnings, layers_added_in_loops_and_branches) {
  ImportResult r = import_keras_code(R"(model = Sequential([Input((4,))])
for i in range(3):
    model.add(Dense(8))
if deep:
    model.add(Dense(8))
else:
    model.add(Dense(2))
model.add(Dense(1))
)");
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(at(r.warnings[0]), "3:5 layers added inside a for loop are read once; Learnable does not run loops, so write "
                               "the layers out to count every repetition");
  EXPECT_EQ(at(r.warnings[1]), "5:5 layers added under if/else are read in every branch; Learnable does not decide which one runs");
  EXPECT_EQ(r.model.layers.size(), 4u);
  r = import_keras_code("model = Sequential([Input((4,))])\nfor i in range(3): model.add(Dense(8))\nmodel.add(Dense(1))\n");
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(keras_warnings, an_empty_model) {
  ImportResult r = import_keras_code("model = keras.Sequential()\n");
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].message, "the Sequential model has no layers");
}

// ---- --define ---------------------------------------------------------------------------------

TEST(keras_define, forms_that_parse) {
  Define d;
  std::string message;
  ASSERT_TRUE(parse_define("IMG_SIZE=32", d, message)) << message;
  EXPECT_EQ(d.name, "IMG_SIZE");
  EXPECT_EQ(d.value, Value::of_int(32));
  ASSERT_TRUE(parse_define("SHAPE=(28, 28, 1)", d, message));
  EXPECT_EQ(d.value.to_python(), "(28, 28, 1)");
  ASSERT_TRUE(parse_define("n = 2*16", d, message));
  EXPECT_EQ(d.name, "n");
  EXPECT_EQ(d.value, Value::of_int(32));
  ASSERT_TRUE(parse_define("act='relu'", d, message));
  EXPECT_EQ(d.value, Value::of_string("relu"));
  ASSERT_TRUE(parse_define("rate=0.5", d, message));
  EXPECT_EQ(d.value, Value::of_float(0.5));
  ASSERT_TRUE(parse_define("dims=[None, 8]", d, message));
  EXPECT_EQ(d.value.to_python(), "[None, 8]");
  ASSERT_TRUE(parse_define("N=-3", d, message));
  EXPECT_EQ(d.value, Value::of_int(-3));
}

TEST(keras_define, forms_that_do_not) {
  Define d;
  std::string message;
  EXPECT_FALSE(parse_define("IMG_SIZE", d, message));
  EXPECT_EQ(message, "expected NAME=VALUE, e.g. IMG_SIZE=32");
  EXPECT_FALSE(parse_define("=32", d, message));
  EXPECT_EQ(message, "expected NAME=VALUE, e.g. IMG_SIZE=32");
  EXPECT_FALSE(parse_define("1X=3", d, message));
  EXPECT_EQ(message, "'1X' is not a valid Python name");
  EXPECT_FALSE(parse_define("A-B=3", d, message));
  EXPECT_EQ(message, "'A-B' is not a valid Python name");
  EXPECT_FALSE(parse_define("A=", d, message));
  EXPECT_EQ(message, "A: the text ends in the middle of an expression");
  EXPECT_FALSE(parse_define("A=foo", d, message));
  EXPECT_EQ(message, "A: the value must be a number, a string or a tuple of numbers");
  EXPECT_FALSE(parse_define("A=(1,", d, message));
  EXPECT_EQ(message, "A: the '(' opened here is never closed; read as closed before the end of the text");
  EXPECT_FALSE(parse_define("A=[1 +, 2]", d, message));
  EXPECT_EQ(message, "A: unexpected ','");
  EXPECT_FALSE(parse_define("A=32 64", d, message));
  EXPECT_EQ(message, "A: unexpected '64'");
  EXPECT_FALSE(parse_define("A=" + std::string(10000, '('), d, message));
}

TEST(keras_define, defines_fill_in_names_the_text_never_gives) {
  Define size;
  Define classes;
  std::string message;
  ASSERT_TRUE(parse_define("IMG_SIZE=16", size, message));
  ASSERT_TRUE(parse_define("NUM_CLASSES=3", classes, message));
  ImportResult r = import_keras_code(
      "model = Sequential([Input((IMG_SIZE, IMG_SIZE, 1)), Flatten(), Dense(NUM_CLASSES)])\n", {size, classes});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(Calculator(r.model).totals().params, 256 * 3 + 3);
}

// ---- caret excerpts ---------------------------------------------------------------------------

TEST(import_report, caret_under_the_column) {
  EXPECT_EQ(caret_excerpt("a = 1\nmodel = f(x)\n", {2, 11}), "model = f(x)\n          ^");
  EXPECT_EQ(caret_excerpt("x\r\ny = 2\r\n", {2, 1}), "y = 2\n^");
  EXPECT_EQ(caret_excerpt("\tx = 1", {1, 2}), " x = 1\n ^");
}

TEST(import_report, caret_counts_characters_not_bytes) {
  EXPECT_EQ(caret_excerpt("name=“x”, y", {1, 10}), "name=“x”, y\n         ^");
}

TEST(import_report, lines_that_do_not_exist) {
  EXPECT_EQ(caret_excerpt("one line", {0, 1}), "");
  EXPECT_EQ(caret_excerpt("one line", {5, 1}), "");
  EXPECT_EQ(caret_excerpt("", {1, 1}), "\n^");
}

TEST(import_report, long_lines_are_cut_around_the_caret) {
  std::string line(300, 'x');
  line[200] = '^';
  std::string excerpt = caret_excerpt(line, {1, 201});
  size_t newline = excerpt.find('\n');
  ASSERT_NE(newline, std::string::npos);
  std::string text = excerpt.substr(0, newline);
  std::string caret = excerpt.substr(newline + 1);
  EXPECT_EQ(text.substr(0, 3), "...");
  EXPECT_EQ(text.substr(text.size() - 3), "...");
  EXPECT_EQ(text[caret.size() - 1], '^');
  EXPECT_LE(text.size(), 106u);
}

TEST(import_report, every_message_carries_an_excerpt) {
  ImportResult r = import_keras_code("model = Sequential([Input((4,)), Dense(N)])\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].excerpt, "model = Sequential([Input((4,)), Dense(N)])\n                                       ^");
}

// ---- trainable set after the layers are built (fine-tuning) -----------------------------------
// Keras: layer.trainable = False moves the layer's weights to the non-trainable count; on the
// model, every layer's, including layers added afterwards (Model.trainable_weights is empty).
namespace {
const char* kThreeDense =
    "from tensorflow import keras\n"
    "from tensorflow.keras import layers\n"
    "model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(20), layers.Dense(5), layers.Dense(3)])\n";
}  // namespace

TEST(keras_trainable, by_position_by_name_and_in_a_loop_over_a_slice) {
  ImportResult r = import_keras_code(std::string(kThreeDense) +
                                     "for layer in model.layers[:-1]:\n"
                                     "    layer.trainable = False\n"
                                     "model.get_layer('dense_2').trainable = False\n"
                                     "model.layers[-1].trainable = True\n"
                                     "model.layers[1].trainable = True\n");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.warnings.empty());
  Calculator c(r.model);
  EXPECT_EQ(c.totals().trainable, 105 + 18);
  EXPECT_EQ(c.totals().non_trainable, 220);
  EXPECT_EQ(arg(c.model().layers[0], "trainable"), "False");
}

TEST(keras_trainable, the_whole_model_and_a_layer_held_in_a_variable) {
  ImportResult whole = import_keras_code(std::string(kThreeDense) +
                                         "model.trainable = False\n"
                                         "model.add(layers.Dense(2))\n");
  EXPECT_TRUE(whole.errors.empty());
  Calculator c(whole.model);
  EXPECT_EQ(c.totals().trainable, 0);
  EXPECT_EQ(c.totals().non_trainable, 343 + 8);

  ImportResult var = import_keras_code(std::string(kThreeDense) +
                                       "head = layers.Dense(2)\n"
                                       "head.trainable = False\n"
                                       "model.add(head)\n");
  EXPECT_TRUE(var.errors.empty());
  EXPECT_EQ(Calculator(var.model).totals().non_trainable, 8);
}

TEST(keras_trainable, what_cannot_be_followed_says_so) {
  ImportResult r = import_keras_code(std::string(kThreeDense) +
                                     "for layer in model.layers:\n"
                                     "    if layer.name.startswith('dense_1'):\n"
                                     "        layer.trainable = False\n"
                                     "model.get_layer('conv').trainable = False\n"
                                     "model.layers[7].trainable = False\n"
                                     "model.layers[0].trainable = FREEZE\n");
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(at(r.errors[0]), "7:17 no layer is named 'conv' here (ValueError); the layers are dense, dense_1, dense_2");
  EXPECT_EQ(at(r.errors[1]), "8:1 model.layers[7]: the model has 3 layers here (IndexError)");
  EXPECT_EQ(r.errors[2].where.line, 9);  // FREEZE is not defined
  ASSERT_GE(r.warnings.size(), 1u);
  EXPECT_EQ(at(r.warnings[0]), "6:9 inside a condition, this loop over the model's layers picks layers Learnable does not "
                               "tell apart: layer.trainable is not read");
  EXPECT_EQ(Calculator(r.model).totals().non_trainable, 0);
}

// Keras names a layer when it is made: the one model.pop() takes out keeps its name taken
// (Keras 3: dense, dense_1 popped, then dense_2).
TEST(keras_pop, a_layer_made_after_a_pop_does_not_reuse_the_popped_name) {
  ImportResult r = import_keras_code(
      "from tensorflow import keras\n"
      "from tensorflow.keras import layers\n"
      "model = keras.Sequential()\n"
      "model.add(keras.Input(shape=(10,)))\n"
      "model.add(layers.Dense(20))\n"
      "model.add(layers.Dense(5, name='five'))\n"
      "model.add(layers.Dense(5))\n"
      "model.pop()\n"
      "model.pop()\n"
      "model.add(layers.Dense(3))\n"
      "model.add(layers.Dropout(0.5))\n");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(names(Calculator(r.model)), "dense dense_2 dropout");
}
