// Converting between Keras and PyTorch: each mapping with numbers reasoned from both frameworks'
// rules, and sweeps over the reference sets: every layer converts with the same count or carries
// a note that says why not (no silent change), and a model converted there and back counts the
// same again where the round trip is exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "reference_cases.h"
#include "core/convert.h"
#include "core/json_reader.h"
#include "core/keras_code.h"
#include "core/layer_type.h"
#include "core/pytorch_code.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {


Model keras_code(const std::string& code) {
  ImportResult r = import_keras_code(code);
  for (const ImportMessage& e : r.errors) ADD_FAILURE() << "import error: " << e.message;
  return r.model;
}

std::string notes_text(const Conversion& c) {
  std::string text;
  for (const ImportMessage& n : c.notes) text += "[" + n.layer + "] " + n.message + "\n";
  return text;
}

// The notes on one converted layer (by its name).
std::vector<std::string> notes_on(const Conversion& c, const std::string& layer) {
  std::vector<std::string> out;
  for (const ImportMessage& n : c.notes)
    if (n.layer == layer) out.push_back(n.message);
  return out;
}

bool mentions(const std::vector<std::string>& notes, const std::string& text) {
  return std::any_of(notes.begin(), notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

std::string types(const Model& m) {
  std::string out;
  for (const Layer& l : m.layers) out += (out.empty() ? "" : " ") + l.type;
  return out;
}


Layer named(Layer l, const char* name) {
  l.name = name;
  return l;
}

const Value* arg(const Layer& l, const char* name) { return l.find_arg(name); }
std::string py(const Layer& l, const char* name) { return l.find_arg(name) ? l.find_arg(name)->to_python() : "-"; }

}  // namespace

// ---- Keras -> PyTorch ------------------------------------------------------------------------

// The tutorial's CNN: every convolution and the Dense keep their counts; the input turns
// channels-first; Flatten notes that the 262,144 values come out in another order.
TEST(convert_to_pytorch, tutorial_cnn_keeps_every_count) {
  Model keras = keras_code(R"(model = Sequential([
    Conv2D(32, (3, 3), padding="same", input_shape=(32, 32, 3), name="Conv1"),
    Conv2D(64, (3, 3), padding="same", name="Conv2"),
    Conv2D(128, (3, 3), padding="same", name="Conv3"),
    Conv2D(256, (1, 1), padding="same", name="Conv4"),
    Flatten(name="Flatten"),
    Dense(10, name="Output"),
]))");
  Conversion c = convert_model(keras, Framework::PyTorch);
  ASSERT_EQ(c.model.framework, Framework::PyTorch);
  EXPECT_EQ(*c.model.input_shape, (Shape{3, 32, 32}));
  EXPECT_EQ(types(c.model), "Conv2d Conv2d Conv2d Conv2d Flatten Linear");
  EXPECT_EQ(c.model.layers[0].name, "Conv1");
  EXPECT_EQ(py(c.model.layers[0], "in_channels"), "3");
  EXPECT_EQ(py(c.model.layers[0], "kernel_size"), "3");
  EXPECT_EQ(py(c.model.layers[0], "padding"), "'same'");
  EXPECT_EQ(py(c.model.layers[5], "in_features"), "262144");
  Calculator torch(c.model);
  ASSERT_TRUE(torch.all_resolved());
  EXPECT_EQ(torch.totals().params, 2747722);
  EXPECT_EQ(torch.results()[0].params, 896);  // 3*288 + 32
  EXPECT_EQ(torch.results()[3].output_shape, (Shape{256, 32, 32}));
  EXPECT_EQ(torch.results()[5].params, 2621450);
  EXPECT_EQ(c.notes.size(), 1u) << notes_text(c);
  EXPECT_TRUE(mentions(notes_on(c, "Flatten"), "channel by channel")) << notes_text(c);
  EXPECT_EQ(c.origin, (std::vector<size_t>{0, 1, 2, 3, 4, 5}));
}

// Keras' LSTM has one bias vector per gate, PyTorch's two: 4*(32*64 + 64*64 + 64) = 24,832 becomes
// 4*(32*64 + 64*64 + 64 + 64) = 25,088, and the note names the 256 = 4*64.
TEST(convert_to_pytorch, lstm_gains_a_second_bias_per_gate) {
  Conversion c = convert_model(keras_model({10, 32}, {layer("LSTM", {{"units", i(64)}})}), Framework::PyTorch);
  ASSERT_EQ(types(c.model), "LSTM");
  const Layer& lstm = c.model.layers[0];
  EXPECT_EQ(py(lstm, "input_size"), "32");
  EXPECT_EQ(py(lstm, "hidden_size"), "64");
  EXPECT_EQ(py(lstm, "batch_first"), "True");
  EXPECT_EQ(lstm.name, "0");
  Calculator torch(c.model);
  EXPECT_EQ(torch.totals().params, 25088);
  std::vector<std::string> notes = notes_on(c, "0");
  EXPECT_TRUE(mentions(notes, "4*64 = 256 more parameters")) << notes_text(c);
  EXPECT_TRUE(mentions(notes, "(Keras: 24,832; PyTorch: 25,088)")) << notes_text(c);
  EXPECT_TRUE(mentions(notes, "return_sequences=False")) << notes_text(c);
  EXPECT_EQ(torch.results()[0].output_shape, (Shape{10, 64}));  // the time axis stays
}

// BatchNormalization(64): Keras 4*64 = 256 parameters, 128 of them the non-trainable moving
// statistics; PyTorch's BatchNorm2d has 128 parameters and 2*64 + 1 = 129 buffers.
TEST(convert_to_pytorch, batch_norm_statistics_become_buffers) {
  Conversion c = convert_model(keras_model({32, 32, 64}, {layer("BatchNormalization")}), Framework::PyTorch);
  ASSERT_EQ(types(c.model), "BatchNorm2d");
  EXPECT_EQ(py(c.model.layers[0], "num_features"), "64");
  EXPECT_EQ(py(c.model.layers[0], "eps"), "0.001");
  EXPECT_EQ(py(c.model.layers[0], "momentum"), "0.01");
  Calculator torch(c.model);
  EXPECT_EQ(torch.totals().params, 128);
  EXPECT_EQ(torch.totals().buffers, 129);
  std::vector<std::string> notes = notes_on(c, "0");
  ASSERT_EQ(notes.size(), 1u) << notes_text(c);
  EXPECT_TRUE(mentions(notes, "as buffers")) << notes[0];
  EXPECT_TRUE(mentions(notes, "momentum=0.01 is Keras' momentum=0.99")) << notes[0];
  EXPECT_TRUE(mentions(notes, "(Keras: 256; PyTorch: 128 + 129 in buffers)")) << notes[0];
}

TEST(convert_to_pytorch, activation_arguments_become_modules) {
  Model keras = keras_model({784}, {layer("Dense", {{"units", i(128)}, {"activation", s("relu")}}),
                                    named(layer("Dense", {{"units", i(10)}, {"activation", s("softmax")}}), "out")});
  Conversion c = convert_model(keras, Framework::PyTorch);
  EXPECT_EQ(types(c.model), "Linear ReLU Linear Softmax");
  EXPECT_EQ(c.model.layers[0].name, "0");
  EXPECT_EQ(c.model.layers[1].name, "1");
  EXPECT_EQ(c.model.layers[2].name, "out");
  EXPECT_EQ(c.model.layers[3].name, "out_softmax");
  EXPECT_EQ(py(c.model.layers[3], "dim"), "-1");
  EXPECT_EQ(c.origin, (std::vector<size_t>{0, 0, 1, 1}));
  EXPECT_TRUE(c.notes.empty()) << notes_text(c);
  EXPECT_EQ(Calculator(c.model).totals().params, 784 * 128 + 128 + 128 * 10 + 10);
}

// Keras' 'same' with a stride pads the odd zero after (32 -> 16 with a 3-wide kernel: 0 before,
// 1 after); PyTorch's padding= pads both sides, so a ZeroPad2d goes first. On 33 the padding is
// even (1 and 1) and padding=1 does it.
TEST(convert_to_pytorch, strided_same_padding) {
  Layer conv = layer("Conv2D", {{"filters", i(32)}, {"kernel_size", i(3)}, {"strides", i(2)}, {"padding", s("same")}});
  Conversion uneven = convert_model(keras_model({32, 32, 3}, {conv}), Framework::PyTorch);
  ASSERT_EQ(types(uneven.model), "ZeroPad2d Conv2d");
  EXPECT_EQ(py(uneven.model.layers[0], "padding"), "(0, 1, 0, 1)");
  EXPECT_EQ(arg(uneven.model.layers[1], "padding"), nullptr);
  EXPECT_EQ(py(uneven.model.layers[1], "stride"), "2");
  Calculator a(uneven.model);
  EXPECT_EQ(a.results().back().output_shape, (Shape{32, 16, 16}));
  EXPECT_EQ(a.totals().params, 896);
  EXPECT_TRUE(mentions(notes_on(uneven, "0"), "0×0 before and 1×1 after")) << notes_text(uneven);

  Conversion even = convert_model(keras_model({33, 33, 3}, {conv}), Framework::PyTorch);
  ASSERT_EQ(types(even.model), "Conv2d");
  EXPECT_EQ(py(even.model.layers[0], "padding"), "1");
  EXPECT_EQ(Calculator(even.model).results()[0].output_shape, (Shape{32, 17, 17}));
  EXPECT_TRUE(even.notes.empty()) << notes_text(even);
}

TEST(convert_to_pytorch, causal_padding_pads_the_past) {
  Layer conv = layer("Conv1D", {{"filters", i(16)}, {"kernel_size", i(3)}, {"dilation_rate", i(2)}, {"padding", s("causal")}});
  Conversion c = convert_model(keras_model({100, 8}, {conv}), Framework::PyTorch);
  ASSERT_EQ(types(c.model), "ConstantPad1d Conv1d");
  EXPECT_EQ(*c.model.input_shape, (Shape{8, 100}));
  EXPECT_EQ(py(c.model.layers[0], "padding"), "(4, 0)");  // dilation*(kernel_size - 1)
  Calculator torch(c.model);
  EXPECT_EQ(torch.results().back().output_shape, (Shape{16, 100}));
  EXPECT_EQ(torch.totals().params, 8 * 48 + 16);
}

// Conv2DTranspose(32, 3, strides=2, padding='same') doubles 16 to 32: PyTorch needs padding=1
// and output_padding=1 for (16-1)*2 - 2 + 3 + 1 = 32.
TEST(convert_to_pytorch, transposed_convolution_matches_keras_length) {
  Layer up = layer("Conv2DTranspose", {{"filters", i(32)}, {"kernel_size", t({3, 3})}, {"strides", i(2)}, {"padding", s("same")}});
  Conversion c = convert_model(keras_model({16, 16, 64}, {up}), Framework::PyTorch);
  ASSERT_EQ(types(c.model), "ConvTranspose2d");
  EXPECT_EQ(py(c.model.layers[0], "padding"), "1");
  EXPECT_EQ(py(c.model.layers[0], "output_padding"), "1");
  Calculator torch(c.model);
  EXPECT_EQ(torch.results()[0].output_shape, (Shape{32, 32, 32}));
  EXPECT_EQ(torch.totals().params, 18464);
  EXPECT_TRUE(c.notes.empty()) << notes_text(c);
}

// DepthwiseConv2D is a grouped Conv2d; SeparableConv2D is two modules with the same weights:
// 32*9 (depthwise) + 32*64 + 64 (pointwise) = 2,400.
TEST(convert_to_pytorch, depthwise_and_separable_convolutions) {
  Conversion d = convert_model(
      keras_model({32, 32, 32}, {layer("DepthwiseConv2D", {{"kernel_size", i(3)}, {"depth_multiplier", i(2)}})}),
      Framework::PyTorch);
  ASSERT_EQ(types(d.model), "Conv2d");
  EXPECT_EQ(py(d.model.layers[0], "out_channels"), "64");
  EXPECT_EQ(py(d.model.layers[0], "groups"), "32");
  EXPECT_EQ(Calculator(d.model).totals().params, 32 * 2 * 9 + 64);

  Layer sep = named(layer("SeparableConv2D", {{"filters", i(64)}, {"kernel_size", i(3)}, {"activation", s("relu")}}), "sep");
  Conversion c = convert_model(keras_model({32, 32, 32}, {sep}), Framework::PyTorch);
  ASSERT_EQ(types(c.model), "Conv2d Conv2d ReLU");
  EXPECT_EQ(c.model.layers[0].name, "sep_depthwise");
  EXPECT_EQ(c.model.layers[1].name, "sep_pointwise");
  EXPECT_EQ(c.model.layers[2].name, "sep_relu");
  EXPECT_EQ(py(c.model.layers[0], "bias"), "False");
  EXPECT_EQ(py(c.model.layers[1], "kernel_size"), "1");
  Calculator torch(c.model);
  EXPECT_EQ(torch.totals().params, 2400);
  EXPECT_EQ(torch.results()[1].output_shape, (Shape{64, 30, 30}));
  EXPECT_TRUE(mentions(notes_on(c, "sep_depthwise"), "no separable convolution module")) << notes_text(c);
}

// 'same' pooling: on 7 a 2-wide window gives ceil(7/2) = 4, with the odd zero after (ceil_mode);
// a 3-wide stride-1 average on 8 pads 1 each side and averages only real values.
TEST(convert_to_pytorch, same_pooling) {
  Conversion m = convert_model(keras_model({7, 7, 8}, {layer("MaxPooling2D", {{"padding", s("same")}})}), Framework::PyTorch);
  ASSERT_EQ(types(m.model), "MaxPool2d");
  EXPECT_EQ(py(m.model.layers[0], "ceil_mode"), "True");
  EXPECT_EQ(arg(m.model.layers[0], "padding"), nullptr);
  EXPECT_EQ(Calculator(m.model).results()[0].output_shape, (Shape{8, 4, 4}));

  Layer avg = layer("AveragePooling2D", {{"pool_size", i(3)}, {"strides", i(1)}, {"padding", s("same")}});
  Conversion a = convert_model(keras_model({8, 8, 4}, {avg}), Framework::PyTorch);
  ASSERT_EQ(types(a.model), "AvgPool2d");
  EXPECT_EQ(py(a.model.layers[0], "padding"), "1");
  EXPECT_EQ(py(a.model.layers[0], "count_include_pad"), "False");
  EXPECT_EQ(Calculator(a.model).results()[0].output_shape, (Shape{4, 8, 8}));
  EXPECT_TRUE(m.notes.empty() && a.notes.empty()) << notes_text(m) << notes_text(a);
}

TEST(convert_to_pytorch, global_pooling_is_adaptive_pooling_then_flatten) {
  Conversion c = convert_model(keras_model({8, 8, 256}, {layer("GlobalAveragePooling2D")}), Framework::PyTorch);
  EXPECT_EQ(types(c.model), "AdaptiveAvgPool2d Flatten");
  EXPECT_EQ(Calculator(c.model).results().back().output_shape, (Shape{256}));
  Conversion keep = convert_model(keras_model({8, 8, 256}, {layer("GlobalMaxPooling2D", {{"keepdims", b(true)}})}),
                                  Framework::PyTorch);
  EXPECT_EQ(types(keep.model), "AdaptiveMaxPool2d");
  EXPECT_EQ(Calculator(keep.model).results().back().output_shape, (Shape{256, 1, 1}));
}

// GRU: Keras' default reset_after=True has PyTorch's two bias vectors (3*(8*32 + 32*32 + 2*32) =
// 4,032 both ways); reset_after=False has one (3,936) and is noted. SimpleRNN(32) gains 32.
TEST(convert_to_pytorch, recurrent_biases) {
  Conversion gru = convert_model(keras_model({10, 8}, {layer("GRU", {{"units", i(32)}, {"return_sequences", b(true)}})}),
                                 Framework::PyTorch);
  EXPECT_EQ(Calculator(gru.model).totals().params, 4032);
  EXPECT_TRUE(gru.notes.empty()) << notes_text(gru);

  Conversion old = convert_model(
      keras_model({10, 8}, {layer("GRU", {{"units", i(32)}, {"reset_after", b(false)}, {"return_sequences", b(true)}})}),
      Framework::PyTorch);
  EXPECT_EQ(Calculator(old.model).totals().params, 4032);
  EXPECT_TRUE(mentions(notes_on(old, "0"), "3*32 = 96 more parameters (Keras: 3,936; PyTorch: 4,032)")) << notes_text(old);

  Conversion rnn = convert_model(
      keras_model({10, 8}, {layer("SimpleRNN", {{"units", i(32)}, {"activation", s("relu")}, {"return_sequences", b(true)}})}),
      Framework::PyTorch);
  EXPECT_EQ(py(rnn.model.layers[0], "nonlinearity"), "'relu'");
  EXPECT_TRUE(mentions(notes_on(rnn, "0"), "(Keras: 1,312; PyTorch: 1,344)")) << notes_text(rnn);
}

// Bidirectional(LSTM(32)) on (10, 8): 2*4*(8*32 + 32*32 + 32) = 10,496 in Keras, 2*4*32 = 256
// more in PyTorch's LSTM(bidirectional=True).
TEST(convert_to_pytorch, bidirectional_lstm) {
  Layer bi = wrap("Bidirectional", layer("LSTM", {{"units", i(32)}, {"return_sequences", b(true)}}));
  Conversion c = convert_model(keras_model({10, 8}, {bi}), Framework::PyTorch);
  ASSERT_EQ(types(c.model), "LSTM");
  EXPECT_EQ(py(c.model.layers[0], "bidirectional"), "True");
  Calculator torch(c.model);
  EXPECT_EQ(torch.totals().params, 10752);
  EXPECT_EQ(torch.results()[0].output_shape, (Shape{10, 64}));
  EXPECT_TRUE(mentions(notes_on(c, "0"), "(Keras: 10,496; PyTorch: 10,752)")) << notes_text(c);
}

// An LSTM text classifier: token ids stay (L,), Embedding keeps 10000*64.
TEST(convert_to_pytorch, text_classifier) {
  Model keras = keras_code(R"(model = Sequential([
    Embedding(10000, 64, input_length=100),
    LSTM(64, return_sequences=True),
    LSTM(32),
    Dense(1, activation="sigmoid"),
]))");
  Conversion c = convert_model(keras, Framework::PyTorch);
  EXPECT_EQ(types(c.model), "Embedding LSTM LSTM Linear Sigmoid");
  EXPECT_EQ(*c.model.input_shape, (Shape{100}));
  Calculator torch(c.model);
  ASSERT_TRUE(torch.all_resolved());
  EXPECT_EQ(torch.results()[0].params, 640000);
  EXPECT_EQ(torch.results()[2].params, 4 * (32 * (64 + 32) + 2 * 32));
  EXPECT_EQ(torch.results()[3].output_shape, (Shape{100, 1}));  // the last LSTM keeps the time axis
}

TEST(convert_to_pytorch, padding_cropping_and_upsampling) {
  Conversion pad = convert_model(keras_model({28, 28, 1}, {layer("ZeroPadding2D", {{"padding", Value::tuple({t({1, 2}), t({3, 4})})}})}),
                                 Framework::PyTorch);
  ASSERT_EQ(types(pad.model), "ZeroPad2d");
  EXPECT_EQ(py(pad.model.layers[0], "padding"), "(3, 4, 1, 2)");  // (left, right, top, bottom)
  EXPECT_EQ(Calculator(pad.model).results()[0].output_shape, (Shape{1, 31, 35}));

  Conversion crop = convert_model(keras_model({32, 32, 3}, {layer("Cropping2D", {{"cropping", Value::tuple({t({2, 2}), t({4, 4})})}})}),
                                  Framework::PyTorch);
  ASSERT_EQ(types(crop.model), "ZeroPad2d");
  EXPECT_EQ(py(crop.model.layers[0], "padding"), "(-4, -4, -2, -2)");
  EXPECT_EQ(Calculator(crop.model).results()[0].output_shape, (Shape{3, 28, 24}));

  Conversion up = convert_model(keras_model({16, 16, 32}, {layer("UpSampling2D", {{"size", t({2, 2})}})}), Framework::PyTorch);
  ASSERT_EQ(types(up.model), "Upsample");
  EXPECT_EQ(py(up.model.layers[0], "scale_factor"), "2");
  EXPECT_EQ(Calculator(up.model).results()[0].output_shape, (Shape{32, 32, 32}));
}

// A DCGAN-style generator: Dense to a flat vector, Reshape to (7, 7, 64) for the transposed
// convolutions: PyTorch's Unflatten gives (64, 7, 7), channels first.
TEST(convert_to_pytorch, reshape_to_an_image_unflattens_channels_first) {
  Model keras = keras_model({100}, {layer("Dense", {{"units", i(3136)}}), layer("Reshape", {{"target_shape", t({7, 7, 64})}}),
                                    layer("Conv2DTranspose", {{"filters", i(1)}, {"kernel_size", i(4)}, {"strides", i(2)}, {"padding", s("same")}})});
  Conversion c = convert_model(keras, Framework::PyTorch);
  ASSERT_EQ(types(c.model), "Linear Unflatten ConvTranspose2d");
  EXPECT_EQ(py(c.model.layers[1], "unflattened_size"), "(64, 7, 7)");
  Calculator torch(c.model);
  ASSERT_TRUE(torch.all_resolved());
  EXPECT_EQ(torch.results()[2].output_shape, (Shape{1, 14, 14}));
  EXPECT_TRUE(mentions(notes_on(c, "1"), "channels first")) << notes_text(c);
}

// PReLU: one alpha per channel (shared over rows and columns) is PyTorch's PReLU(64); Keras'
// default learns one per value, 8*8*4 = 256, where PyTorch has 4.
TEST(convert_to_pytorch, prelu_alphas) {
  Conversion shared = convert_model(
      keras_model({32, 32, 64}, {layer("Conv2D", {{"filters", i(64)}, {"kernel_size", i(1)}}), layer("PReLU", {{"shared_axes", t({1, 2})}})}),
      Framework::PyTorch);
  EXPECT_EQ(py(shared.model.layers[1], "num_parameters"), "64");
  EXPECT_EQ(Calculator(shared.model).results()[1].params, 64);
  EXPECT_TRUE(shared.notes.empty()) << notes_text(shared);

  Conversion each = convert_model(keras_model({8, 8, 4}, {layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(1)}}), layer("PReLU")}),
                                  Framework::PyTorch);
  EXPECT_TRUE(mentions(notes_on(each, "1"), "(Keras: 256; PyTorch: 4)")) << notes_text(each);
}

// Preprocessing runs before a PyTorch model: the layers go, and the resized shape is the input.
TEST(convert_to_pytorch, preprocessing_moves_out_of_the_model) {
  Model keras = keras_model({256, 256, 3}, {layer("Resizing", {{"height", i(224)}, {"width", i(224)}}),
                                            layer("Rescaling", {{"scale", f(1.0 / 255)}}),
                                            layer("Conv2D", {{"filters", i(8)}, {"kernel_size", i(3)}})});
  Conversion c = convert_model(keras, Framework::PyTorch);
  EXPECT_EQ(types(c.model), "Conv2d");
  EXPECT_EQ(*c.model.input_shape, (Shape{3, 224, 224}));
  EXPECT_TRUE(c.left_out.empty());
  EXPECT_TRUE(mentions(notes_on(c, "resizing"), "transforms.Resize")) << notes_text(c);
  EXPECT_TRUE(mentions(notes_on(c, "resizing"), "(N, 3, 224, 224)")) << notes_text(c);
}

// Without a module for it, a layer is left out and named, and the rest still converts.
TEST(convert_to_pytorch, a_layer_without_a_module_is_left_out) {
  Model keras = keras_model({32}, {layer("RepeatVector", {{"n", i(5)}}), layer("LSTM", {{"units", i(8)}})});
  Conversion c = convert_model(keras, Framework::PyTorch);
  EXPECT_EQ(c.left_out, (std::vector<size_t>{0}));
  EXPECT_EQ(types(c.model), "LSTM");
  EXPECT_EQ(c.origin, (std::vector<size_t>{1}));
  EXPECT_TRUE(mentions(notes_on(c, "repeat_vector"), "no module for Keras' RepeatVector")) << notes_text(c);
}

// Conv1D wants (C, L), LSTM (L, C): PyTorch needs a transpose between them that nn.Sequential
// cannot hold. The note says so, on the LSTM.
TEST(convert_to_pytorch, channels_that_must_move_are_noted) {
  Model keras = keras_model({50, 8}, {layer("Conv1D", {{"filters", i(16)}, {"kernel_size", i(3)}}), layer("LSTM", {{"units", i(4)}})});
  Conversion c = convert_model(keras, Framework::PyTorch);
  EXPECT_EQ(*c.model.input_shape, (Shape{8, 50}));
  EXPECT_TRUE(mentions(notes_on(c, "1"), "x.transpose(1, 2)")) << notes_text(c);
}

// Dense on the channels of an image is a 1×1 convolution in PyTorch's layout: 4*64 + 64 = 320.
TEST(convert_to_pytorch, dense_on_image_channels_is_a_pointwise_convolution) {
  Model keras = keras_model({6, 6, 4}, {layer("Dense", {{"units", i(64)}}), layer("GlobalMaxPooling2D")});
  Conversion c = convert_model(keras, Framework::PyTorch);
  ASSERT_EQ(types(c.model), "Conv2d AdaptiveMaxPool2d Flatten");
  EXPECT_EQ(py(c.model.layers[0], "kernel_size"), "1");
  Calculator torch(c.model);
  EXPECT_EQ(torch.results()[0].params, 320);
  EXPECT_EQ(torch.results().back().output_shape, (Shape{64}));
}

TEST(convert_to_pytorch, frozen_layers_stay_frozen_and_softmax_follows_the_channels) {
  Model keras = keras_model({8, 8, 3}, {layer("Conv2D", {{"filters", i(4)}, {"kernel_size", i(3)}, {"trainable", b(false)}}),
                                        layer("Activation", {{"activation", s("softmax")}})});
  Conversion c = convert_model(keras, Framework::PyTorch);
  ASSERT_EQ(types(c.model), "Conv2d Softmax");
  EXPECT_EQ(py(c.model.layers[0], "trainable"), "False");
  EXPECT_EQ(py(c.model.layers[1], "dim"), "1");  // Keras' last axis is PyTorch's channels
  EXPECT_EQ(Calculator(c.model).totals().trainable, 0);
}

// Heads of embed_dim/num_heads: 4*64*64 + 4*64 = 16,640 both ways; key_dim=16 with 2 heads makes
// Keras' heads narrower (8,352) and is noted.
TEST(convert_to_pytorch, multi_head_attention) {
  Conversion c = convert_model(keras_model({10, 64}, {layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(32)}})}),
                               Framework::PyTorch);
  ASSERT_EQ(types(c.model), "MultiheadAttention");
  EXPECT_EQ(py(c.model.layers[0], "embed_dim"), "64");
  EXPECT_EQ(Calculator(c.model).totals().params, 16640);
  EXPECT_TRUE(c.notes.empty()) << notes_text(c);
  Conversion narrow = convert_model(keras_model({10, 64}, {layer("MultiHeadAttention", {{"num_heads", i(2)}, {"key_dim", i(16)}})}),
                                    Framework::PyTorch);
  EXPECT_TRUE(mentions(notes_on(narrow, "0"), "(Keras: 8,352; PyTorch: 16,640)")) << notes_text(narrow);
}

TEST(convert_to_pytorch, a_layer_in_error_stops_the_conversion_with_a_note) {
  Model keras = keras_model({28, 28, 1}, {layer("Conv2D", {{"filters", i(8)}, {"kernel_size", i(3)}}),
                                          layer("Conv2D", {{"filters", i(0)}, {"kernel_size", i(3)}}), layer("Flatten")});
  Conversion c = convert_model(keras, Framework::PyTorch);
  EXPECT_EQ(types(c.model), "Conv2d");
  EXPECT_EQ(c.left_out, (std::vector<size_t>{1, 2}));
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].layer, "conv2d_1");
  EXPECT_TRUE(mentions(notes_on(c, "conv2d_1"), "nor the 1 layer after it")) << notes_text(c);
}

TEST(convert, the_same_framework_is_a_copy) {
  Model keras = keras_model({10}, {layer("Dense", {{"units", i(4)}})});
  Conversion c = convert_model(keras, Framework::Keras);
  EXPECT_EQ(types(c.model), "Dense");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(c.origin, (std::vector<size_t>{0}));
}

// ---- PyTorch -> Keras ------------------------------------------------------------------------

TEST(convert_to_keras, lenet_keeps_every_count) {
  Model torch = torch_model({1, 28, 28}, {
      layer("Conv2d", {{"in_channels", i(1)}, {"out_channels", i(6)}, {"kernel_size", i(5)}, {"padding", i(2)}}),
      layer("ReLU"), layer("MaxPool2d", {{"kernel_size", i(2)}}),
      layer("Conv2d", {{"in_channels", i(6)}, {"out_channels", i(16)}, {"kernel_size", i(5)}}),
      layer("ReLU"), layer("MaxPool2d", {{"kernel_size", i(2)}}), layer("Flatten"),
      layer("Linear", {{"in_features", i(400)}, {"out_features", i(120)}}), layer("ReLU"),
      layer("Linear", {{"in_features", i(120)}, {"out_features", i(10)}})});
  Calculator source(torch);
  ASSERT_TRUE(source.all_resolved());
  Conversion c = convert_model(torch, Framework::Keras);
  EXPECT_EQ(types(c.model), "Conv2D ReLU MaxPooling2D Conv2D ReLU MaxPooling2D Flatten Dense ReLU Dense");
  EXPECT_EQ(*c.model.input_shape, (Shape{28, 28, 1}));
  EXPECT_EQ(py(c.model.layers[0], "padding"), "'same'");  // padding=2 on a 5-wide kernel
  EXPECT_EQ(py(c.model.layers[0], "kernel_size"), "(5, 5)");
  EXPECT_EQ(c.model.layers[0].name, "conv2d");  // Keras' automatic names
  EXPECT_EQ(c.model.layers[3].name, "conv2d_1");
  Calculator keras(c.model);
  ASSERT_TRUE(keras.all_resolved());
  EXPECT_EQ(keras.totals().params, source.totals().params);
  EXPECT_EQ(keras.totals().params, 156 + 2416 + 48120 + 1210);
  EXPECT_EQ(notes_on(c, "flatten").size(), 1u) << notes_text(c);
}

TEST(convert_to_keras, batch_norm_buffers_become_non_trainable_weights) {
  Conversion c = convert_model(torch_model({64, 8, 8}, {layer("BatchNorm2d", {{"num_features", i(64)}})}), Framework::Keras);
  ASSERT_EQ(types(c.model), "BatchNormalization");
  EXPECT_EQ(py(c.model.layers[0], "momentum"), "0.9");
  EXPECT_EQ(py(c.model.layers[0], "epsilon"), "1e-05");
  Calculator keras(c.model);
  EXPECT_EQ(keras.totals().params, 256);
  EXPECT_EQ(keras.totals().non_trainable, 128);
  EXPECT_TRUE(mentions(notes_on(c, "batch_normalization"), "(PyTorch: 128; Keras: 256)")) << notes_text(c);
}

// LSTM(10, 20, num_layers=2, bidirectional=True): PyTorch 15,040; Keras' two stacked
// Bidirectional layers lose one bias per gate, layer and direction: 2*2*4*20 = 320 fewer.
TEST(convert_to_keras, stacked_bidirectional_lstm) {
  Model torch = torch_model({5, 10}, {layer("LSTM", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"num_layers", i(2)},
                                                     {"bidirectional", b(true)}, {"dropout", f(0.25)}})});
  EXPECT_EQ(Calculator(torch).totals().params, 15040);
  Conversion c = convert_model(torch, Framework::Keras);
  ASSERT_EQ(types(c.model), "Bidirectional Dropout Bidirectional");
  EXPECT_EQ(c.model.layers[0].inner.at(0).type, "LSTM");
  EXPECT_EQ(c.model.layers[0].inner.at(0).find_arg("return_sequences")->to_python(), "True");
  Calculator keras(c.model);
  EXPECT_EQ(keras.totals().params, 14720);
  EXPECT_EQ(keras.results().back().output_shape, (Shape{5, 40}));
  EXPECT_TRUE(mentions(notes_on(c, "bidirectional"), "num_layers=2 becomes 2 stacked LSTM layers")) << notes_text(c);
}

// The ResNet stem pads 3 on both sides; Keras' 'same' would pad 2 and 3 on 224, so a
// ZeroPadding2D(3) goes first and the convolution is 'valid'.
TEST(convert_to_keras, numeric_padding) {
  Layer stem = layer("Conv2d", {{"in_channels", i(3)}, {"out_channels", i(64)}, {"kernel_size", i(7)}, {"stride", i(2)}, {"padding", i(3)}});
  Conversion c = convert_model(torch_model({3, 224, 224}, {stem}), Framework::Keras);
  ASSERT_EQ(types(c.model), "ZeroPadding2D Conv2D");
  EXPECT_EQ(py(c.model.layers[0], "padding"), "3");
  Calculator keras(c.model);
  EXPECT_EQ(keras.results().back().output_shape, (Shape{112, 112, 64}));
  EXPECT_EQ(keras.totals().params, 9472);

  Layer up = layer("ConvTranspose2d", {{"in_channels", i(16)}, {"out_channels", i(8)}, {"kernel_size", i(3)}, {"stride", i(2)},
                                       {"padding", i(1)}, {"output_padding", i(1)}});
  Conversion t = convert_model(torch_model({16, 7, 7}, {up}), Framework::Keras);
  ASSERT_EQ(types(t.model), "Conv2DTranspose");
  EXPECT_EQ(py(t.model.layers[0], "padding"), "'same'");
  EXPECT_EQ(arg(t.model.layers[0], "output_padding"), nullptr);
  EXPECT_EQ(Calculator(t.model).results()[0].output_shape, (Shape{14, 14, 8}));
  EXPECT_EQ(Calculator(t.model).totals().params, 1160);
}

TEST(convert_to_keras, adaptive_pooling) {
  Model torch = torch_model({512, 7, 7}, {layer("AdaptiveAvgPool2d", {{"output_size", i(1)}}), layer("Flatten"),
                                          layer("Linear", {{"in_features", i(512)}, {"out_features", i(10)}})});
  Conversion c = convert_model(torch, Framework::Keras);
  EXPECT_EQ(types(c.model), "GlobalAveragePooling2D Dense");
  EXPECT_EQ(Calculator(c.model).totals().params, 5130);

  Conversion fixed = convert_model(torch_model({8, 14, 14}, {layer("AdaptiveAvgPool2d", {{"output_size", t({7, 7})}})}), Framework::Keras);
  ASSERT_EQ(types(fixed.model), "AveragePooling2D");
  EXPECT_EQ(py(fixed.model.layers[0], "pool_size"), "(2, 2)");
  EXPECT_TRUE(mentions(notes_on(fixed, "average_pooling2d"), "no adaptive pooling")) << notes_text(fixed);

  Conversion none = convert_model(torch_model({8, 10, 10}, {layer("AdaptiveAvgPool2d", {{"output_size", i(3)}})}), Framework::Keras);
  EXPECT_EQ(none.left_out, (std::vector<size_t>{0}));
}

TEST(convert_to_keras, grouped_convolution_with_one_group_per_channel_is_depthwise) {
  Model torch = torch_model({32, 16, 16}, {layer("Conv2d", {{"in_channels", i(32)}, {"out_channels", i(32)}, {"kernel_size", i(3)},
                                                            {"padding", i(1)}, {"groups", i(32)}})});
  Conversion c = convert_model(torch, Framework::Keras);
  ASSERT_EQ(types(c.model), "DepthwiseConv2D");
  EXPECT_EQ(py(c.model.layers[0], "padding"), "'same'");
  EXPECT_EQ(Calculator(c.model).totals().params, 32 * 9 + 32);
}

// Linear after a Conv1d works on the steps (PyTorch's last dimension); Keras holds the channels
// last, so a Permute((2, 1)) first puts the axes in PyTorch's order and the count stays 100*10 + 10.
TEST(convert_to_keras, permute_where_the_channels_must_move) {
  Model torch = torch_model({4, 100}, {layer("Conv1d", {{"in_channels", i(4)}, {"out_channels", i(8)}, {"kernel_size", i(1)}}),
                                       layer("Linear", {{"in_features", i(100)}, {"out_features", i(10)}})});
  Conversion c = convert_model(torch, Framework::Keras);
  ASSERT_EQ(types(c.model), "Conv1D Permute Dense");
  EXPECT_EQ(*c.model.input_shape, (Shape{100, 4}));
  Calculator keras(c.model);
  ASSERT_TRUE(keras.all_resolved());
  EXPECT_EQ(keras.results().back().output_shape, (Shape{8, 10}));
  EXPECT_EQ(keras.results().back().params, 1010);
}

TEST(convert_to_keras, attention_instance_norm_and_prelu) {
  Conversion mha = convert_model(torch_model({10, 64}, {layer("MultiheadAttention", {{"embed_dim", i(64)}, {"num_heads", i(8)}})}),
                                 Framework::Keras);
  ASSERT_EQ(types(mha.model), "MultiHeadAttention");
  EXPECT_EQ(py(mha.model.layers[0], "key_dim"), "8");
  EXPECT_EQ(Calculator(mha.model).totals().params, 16640);

  Conversion in = convert_model(torch_model({8, 16, 16}, {layer("InstanceNorm2d", {{"num_features", i(8)}, {"affine", b(true)}})}),
                                Framework::Keras);
  ASSERT_EQ(types(in.model), "GroupNormalization");
  EXPECT_EQ(py(in.model.layers[0], "groups"), "-1");
  EXPECT_EQ(Calculator(in.model).totals().params, 16);

  Conversion prelu = convert_model(
      torch_model({16, 8, 8}, {layer("Conv2d", {{"in_channels", i(16)}, {"out_channels", i(16)}, {"kernel_size", i(1)}}),
                               layer("PReLU", {{"num_parameters", i(16)}})}),
      Framework::Keras);
  EXPECT_EQ(py(prelu.model.layers[1], "shared_axes"), "[1, 2]");
  EXPECT_EQ(Calculator(prelu.model).results()[1].params, 16);
}

TEST(convert_to_keras, padding_modules_and_upsampling) {
  Conversion pad = convert_model(torch_model({3, 10, 10}, {layer("ZeroPad2d", {{"padding", t({1, 2, 3, 4})}})}), Framework::Keras);
  ASSERT_EQ(types(pad.model), "ZeroPadding2D");
  EXPECT_EQ(py(pad.model.layers[0], "padding"), "((3, 4), (1, 2))");
  EXPECT_EQ(Calculator(pad.model).results()[0].output_shape, (Shape{17, 13, 3}));

  Conversion reflect = convert_model(torch_model({3, 10, 10}, {layer("ReflectionPad2d", {{"padding", i(1)}})}), Framework::Keras);
  ASSERT_EQ(types(reflect.model), "ZeroPadding2D");
  EXPECT_TRUE(mentions(notes_on(reflect, "zero_padding2d"), "no reflection padding layer")) << notes_text(reflect);

  Conversion up = convert_model(torch_model({8, 16, 16}, {layer("Upsample", {{"scale_factor", i(2)}})}), Framework::Keras);
  ASSERT_EQ(types(up.model), "UpSampling2D");
  EXPECT_EQ(py(up.model.layers[0], "size"), "(2, 2)");
  Conversion resize = convert_model(torch_model({8, 7, 7}, {layer("Upsample", {{"scale_factor", f(1.5)}})}), Framework::Keras);
  ASSERT_EQ(types(resize.model), "Resizing");
  EXPECT_EQ(Calculator(resize.model).results()[0].output_shape, (Shape{10, 10, 8}));
}

TEST(convert_to_keras, names_identity_and_modules_without_a_layer) {
  Model torch = torch_model({16}, {named(layer("Linear", {{"in_features", i(16)}, {"out_features", i(16)}}), "fc1"), named(layer("Identity"), "skip"),
                                   named(layer("Bilinear", {{"in1_features", i(16)}, {"in2_features", i(16)}, {"out_features", i(4)}}), "bi"),
                                   named(layer("Linear", {{"in_features", i(4)}, {"out_features", i(2)}}), "3")});
  Conversion c = convert_model(torch, Framework::Keras);
  EXPECT_EQ(c.model.layers[0].name, "fc1");
  EXPECT_EQ(c.left_out, (std::vector<size_t>{2}));
  EXPECT_TRUE(mentions(notes_on(c, "bi"), "Keras has no layer for PyTorch's Bilinear")) << notes_text(c);
  EXPECT_TRUE(mentions(notes_on(c, "skip"), "Identity")) << notes_text(c);
  EXPECT_EQ(types(c.model), "Dense Dense");
  EXPECT_EQ(c.model.layers[1].name, "dense");  // PyTorch's index "3" becomes Keras' automatic name
}

// ---- Sweeps over the reference sets ------------------------------------------------------------

namespace {

struct Tally {
  int exact = 0, with_notes = 0, failed = 0;
  int round_trips = 0, round_trips_exact = 0;
  std::map<std::string, int> reasons;  // why cases failed
};

// Why a converted model does not compute: the first note that said its shapes would differ.
std::string failure_reason(const Conversion& c, const std::string& error) {
  static const std::pair<const char*, const char*> kinds[] = {
      {"rejects strides > 1 together with dilation_rate", "Keras rejects strides > 1 with dilation_rate > 1"},
      {"has no module that moves them", "the channels must move between two layers (x.permute in forward())"},
      {"return_sequences=False", "an RNN without return_sequences: PyTorch's keeps the time axis"},
      {"merge_mode=", "Bidirectional merge_mode other than 'concat'"},
      {"output_padding", "output_padding out of reach"},
      {"Keras' UpSampling", "fractional upsampling"},
      {"Permute(", "a Permute moved the channels"}};
  for (const auto& [text, reason] : kinds)
    for (const ImportMessage& n : c.notes)
      if (n.message.find(text) != std::string::npos) return reason;
  return "does not compute: " + error.substr(0, 70);
}

// Converts `model` and checks that nothing changes silently: each source layer's count equals the
// sum of the layers it became, or a note on it (or on one of them) says why. Returns the case's
// category: "exact" (no notes), "notes", or "failed" (a layer left out, or the converted model
// does not compute).
std::string check_conversion(const Model& model, Framework to, Tally& tally, Conversion* out = nullptr) {
  Calculator source(model);
  EXPECT_TRUE(source.all_resolved());
  Conversion c = convert_model(source.model(), to);
  SCOPED_TRACE("converted: " + types(c.model) + "\nnotes:\n" + notes_text(c));
  Calculator target(c.model);
  EXPECT_EQ(c.origin.size(), c.model.layers.size());
  for (const ImportMessage& n : c.notes) {
    EXPECT_EQ(n.message.find("the count differs"), std::string::npos) << "unexplained: " << n.message;
    EXPECT_EQ(n.message.find("the output shape differs"), std::string::npos) << "unexplained: " << n.message;
  }
  const auto& src = source.model().layers;
  std::string first_error;
  bool noted_before = false;  // a note on this or an earlier layer: what follows may differ
  for (size_t i = 0; i < src.size(); ++i) {
    std::set<std::string> names = {src[i].name};
    int64_t params = 0;
    bool counted = true, any = false;
    for (size_t k = 0; k < c.origin.size(); ++k)
      if (c.origin[k] == i) names.insert(target.model().layers[k].name);
    bool noted = std::any_of(c.notes.begin(), c.notes.end(), [&](const ImportMessage& n) { return names.count(n.layer); });
    noted_before = noted_before || noted;
    for (size_t k = 0; k < c.origin.size(); ++k) {
      if (c.origin[k] != i) continue;
      any = true;
      if (!target.results()[k].ok()) counted = false;
      params += target.results()[k].params;
      if (target.results()[k].status == LayerStatus::Error && first_error.empty()) {
        first_error = target.results()[k].error;
        EXPECT_TRUE(noted_before) << src[i].type << " fails in " << framework_title(to) << " without a note: " << first_error;
      }
    }
    if (!any && source.results()[i].params > 0) {
      EXPECT_TRUE(noted) << src[i].type << " vanished silently";
    }
    if (any && counted && params != source.results()[i].params) {
      EXPECT_TRUE(noted) << src[i].type << " " << source.results()[i].params << " became " << params << " silently";
    }
  }
  if (out) *out = c;
  if (!c.left_out.empty()) {
    tally.failed++;
    tally.reasons["left out: " + src[c.left_out.front()].type]++;
    return "failed";
  }
  if (!target.all_resolved()) {
    tally.failed++;
    tally.reasons[failure_reason(c, first_error)]++;
    return "failed";
  }
  if (c.notes.empty()) {
    tally.exact++;
    return "exact";
  }
  tally.with_notes++;
  return "notes";
}

// There and back: the totals return, or a note (either way) says why not.
void check_round_trip(const Model& model, const Conversion& there, Tally& tally) {
  Calculator original(model);
  Calculator converted(there.model);
  Conversion back = convert_model(converted.model(), model.framework);
  Calculator again(back.model);
  tally.round_trips++;
  bool same = again.all_resolved() && again.totals().params == original.totals().params &&
              again.totals().trainable == original.totals().trainable &&
              again.totals().non_trainable == original.totals().non_trainable &&
              !again.results().empty() && !original.results().empty() &&
              again.results().back().output_shape == original.results().back().output_shape;
  if (same) {
    tally.round_trips_exact++;
    return;
  }
  EXPECT_FALSE(there.notes.empty()) << "a conversion without notes must come back to the same counts: " << types(model)
                                    << " -> " << types(there.model) << " -> " << types(back.model);
  EXPECT_FALSE(there.notes.empty() && back.notes.empty())
      << "the round trip changed the model silently: " << types(model) << " -> " << types(there.model) << " -> "
      << types(back.model) << "\n" << notes_text(back);
}

void print_tally(const char* what, const Tally& t) {
  std::printf("%s: %d exact, %d with notes, %d failed; round trip exact %d of %d\n", what, t.exact, t.with_notes,
              t.failed, t.round_trips_exact, t.round_trips);
  for (const auto& [reason, n] : t.reasons) std::printf("  %3d  %s\n", n, reason.c_str());
}

std::vector<Json> load(const char* file) { return learnable::testing::reference_cases(file); }

}  // namespace

TEST(convert_sweep, every_keras_reference_case_to_pytorch_and_back) {
  std::vector<Json> cases = load("keras_cases.json");
  ASSERT_GE(cases.size(), 200u);
  Tally tally;
  for (const Json& c : cases) {
    SCOPED_TRACE(c.find("id")->text + "\n" + c.find("code")->text);
    Model model = keras_code(c.find("code")->text);
    Conversion there;
    if (check_conversion(model, Framework::PyTorch, tally, &there) != "failed") check_round_trip(model, there, tally);
  }
  print_tally("keras_cases.json -> PyTorch", tally);
  EXPECT_EQ(tally.exact + tally.with_notes + tally.failed, static_cast<int>(cases.size()));
}

namespace {

// A dozen models in the style of tests/reference/torch_cases.json (autoencoder, MobileNet block,
// WaveNet-style dilations, text GRU/LSTM, LeNet-5, CIFAR CNN, DCGAN generator, video CNN,
// attention, ResNet stem, style transfer), built module by module.
std::vector<std::pair<const char*, Model>> torch_models() {
  using Extra = std::vector<std::pair<const char*, Value>>;
  auto conv = [](int64_t in, int64_t out, Value k, Extra extra = {}) {
    Layer l = layer("Conv2d", {{"in_channels", i(in)}, {"out_channels", i(out)}, {"kernel_size", k}});
    for (auto& [n, v] : extra) l.set_arg(n, v);
    return l;
  };
  auto linear = [](int64_t in, int64_t out) { return layer("Linear", {{"in_features", i(in)}, {"out_features", i(out)}}); };
  auto bn2 = [](int64_t c) { return layer("BatchNorm2d", {{"num_features", i(c)}}); };
  std::vector<std::pair<const char*, Model>> m;
  m.push_back({"autoencoder", torch_model({1, 28, 28}, {
      conv(1, 16, i(3), {{"stride", i(2)}, {"padding", i(1)}}), layer("ReLU"),
      conv(16, 32, i(3), {{"stride", i(2)}, {"padding", i(1)}}), layer("ReLU"), conv(32, 64, i(7)),
      layer("ConvTranspose2d", {{"in_channels", i(64)}, {"out_channels", i(32)}, {"kernel_size", i(7)}}), layer("ReLU"),
      layer("ConvTranspose2d", {{"in_channels", i(32)}, {"out_channels", i(16)}, {"kernel_size", i(3)}, {"stride", i(2)},
                                {"padding", i(1)}, {"output_padding", i(1)}}), layer("ReLU"),
      layer("ConvTranspose2d", {{"in_channels", i(16)}, {"out_channels", i(1)}, {"kernel_size", i(3)}, {"stride", i(2)},
                                {"padding", i(1)}, {"output_padding", i(1)}}), layer("Sigmoid")})});
  m.push_back({"mobilenet_block", torch_model({32, 16, 16}, {
      conv(32, 32, i(3), {{"padding", i(1)}, {"groups", i(32)}, {"bias", b(false)}}), bn2(32), layer("ReLU6"),
      conv(32, 64, i(1), {{"bias", b(false)}}), bn2(64), layer("ReLU6"),
      conv(64, 64, i(3), {{"stride", i(2)}, {"padding", i(1)}, {"groups", i(64)}, {"bias", b(false)}}), bn2(64),
      layer("Hardswish"), layer("AdaptiveAvgPool2d", {{"output_size", i(1)}}), layer("Flatten"),
      layer("Dropout", {{"p", f(0.2)}}), linear(64, 10)})});
  auto conv1d = [](int64_t in, int64_t out, int64_t k, int64_t d) {
    return layer("Conv1d", {{"in_channels", i(in)}, {"out_channels", i(out)}, {"kernel_size", i(k)}, {"dilation", i(d)}});
  };
  m.push_back({"dilated_1d", torch_model({8, 64}, {conv1d(8, 16, 2, 1), layer("Tanh"), conv1d(16, 16, 2, 2), layer("Tanh"),
                                                    conv1d(16, 16, 2, 4), layer("Tanh"), conv1d(16, 1, 1, 1)})});
  m.push_back({"text_gru", torch_model({20}, {
      layer("Embedding", {{"num_embeddings", i(3000)}, {"embedding_dim", i(50)}}),
      layer("GRU", {{"input_size", i(50)}, {"hidden_size", i(64)}, {"num_layers", i(2)}, {"batch_first", b(true)}, {"dropout", f(0.2)}}),
      linear(64, 17), layer("LogSoftmax", {{"dim", i(-1)}})})});
  m.push_back({"gru_flatten", torch_model({30, 5}, {
      layer("GRU", {{"input_size", i(5)}, {"hidden_size", i(32)}, {"batch_first", b(true)}}), layer("Flatten"), linear(960, 1)})});
  Layer frozen = linear(128, 4);
  frozen.set_arg("trainable", b(false));
  m.push_back({"text_lstm_frozen_head", torch_model({50}, {
      layer("Embedding", {{"num_embeddings", i(5000)}, {"embedding_dim", i(32)}}), layer("ReLU"),
      layer("LSTM", {{"input_size", i(32)}, {"hidden_size", i(128)}, {"num_layers", i(2)}, {"batch_first", b(true)}, {"dropout", f(0.1)}}),
      frozen})});
  m.push_back({"audio_1d", torch_model({1, 128}, {
      layer("AvgPool1d", {{"kernel_size", i(2)}, {"padding", i(1)}, {"ceil_mode", b(true)}}),
      layer("Conv1d", {{"in_channels", i(1)}, {"out_channels", i(32)}, {"kernel_size", i(2)}}),
      layer("BatchNorm1d", {{"num_features", i(32)}, {"eps", f(0.001)}, {"track_running_stats", b(false)}}), layer("ReLU"),
      layer("Flatten"), linear(2048, 128)})});
  m.push_back({"lenet5", torch_model({1, 32, 32}, {
      conv(1, 6, i(5)), layer("Tanh"), layer("AvgPool2d", {{"kernel_size", i(2)}}), conv(6, 16, i(5)), layer("Tanh"),
      layer("AvgPool2d", {{"kernel_size", i(2)}}), layer("Flatten"), linear(400, 120), layer("Tanh"), linear(120, 84),
      layer("Tanh"), linear(84, 10)})});
  m.push_back({"cifar_cnn", torch_model({3, 32, 32}, {
      conv(3, 32, i(3), {{"padding", i(1)}}), bn2(32), layer("ReLU"), layer("MaxPool2d", {{"kernel_size", i(2)}}),
      conv(32, 64, i(3), {{"padding", i(1)}}), bn2(64), layer("ReLU"), layer("MaxPool2d", {{"kernel_size", i(2)}}),
      layer("Dropout2d", {{"p", f(0.25)}}), layer("Flatten"), linear(4096, 128), layer("ReLU"), layer("Dropout", {{"p", f(0.5)}}),
      linear(128, 10)})});
  auto deconv = [](int64_t in, int64_t out) {
    return layer("ConvTranspose2d", {{"in_channels", i(in)}, {"out_channels", i(out)}, {"kernel_size", i(4)}, {"stride", i(2)},
                                     {"padding", i(1)}, {"bias", b(false)}});
  };
  m.push_back({"dcgan_generator", torch_model({100}, {
      linear(100, 128 * 7 * 7), layer("Unflatten", {{"dim", i(1)}, {"unflattened_size", t({128, 7, 7})}}), bn2(128), layer("ReLU"),
      deconv(128, 64), bn2(64), layer("ReLU"), deconv(64, 1), layer("Tanh")})});
  m.push_back({"video_3d", torch_model({3, 16, 32, 32}, {
      layer("Conv3d", {{"in_channels", i(3)}, {"out_channels", i(16)}, {"kernel_size", i(3)}, {"padding", i(1)}}), layer("ReLU"),
      layer("MaxPool3d", {{"kernel_size", t({1, 2, 2})}}), layer("BatchNorm3d", {{"num_features", i(16)}}),
      layer("AdaptiveAvgPool3d", {{"output_size", i(1)}}), layer("Flatten"), linear(16, 5)})});
  m.push_back({"attention", torch_model({12, 32}, {
      linear(32, 64), layer("MultiheadAttention", {{"embed_dim", i(64)}, {"num_heads", i(4)}, {"batch_first", b(true)}}),
      layer("LayerNorm", {{"normalized_shape", i(64)}}), layer("GELU"), linear(64, 2), layer("Softmax", {{"dim", i(-1)}})})});
  m.push_back({"resnet_stem", torch_model({3, 224, 224}, {
      conv(3, 64, i(7), {{"stride", i(2)}, {"padding", i(3)}, {"bias", b(false)}}), bn2(64), layer("ReLU"),
      layer("MaxPool2d", {{"kernel_size", i(3)}, {"stride", i(2)}, {"padding", i(1)}})})});
  m.push_back({"style_transfer", torch_model({3, 64, 64}, {
      layer("ReflectionPad2d", {{"padding", i(4)}}), conv(3, 32, i(9)),
      layer("InstanceNorm2d", {{"num_features", i(32)}, {"affine", b(true)}}), layer("ReLU"),
      layer("Upsample", {{"scale_factor", i(2)}, {"mode", s("nearest")}}), conv(32, 3, i(3), {{"padding", i(1)}})})});
  return m;
}

}  // namespace

TEST(convert_sweep, hand_built_pytorch_models_to_keras_and_back) {
  Tally tally;
  std::vector<std::pair<const char*, Model>> models = torch_models();
  for (const auto& [name, model] : models) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(Calculator(model).all_resolved()) << name;
    Conversion there;
    if (check_conversion(model, Framework::Keras, tally, &there) != "failed") check_round_trip(model, there, tally);
  }
  print_tally("hand-built PyTorch models -> Keras", tally);
  EXPECT_EQ(tally.failed, 0);
}

// Every PyTorch reference case that PyTorch itself runs (the 33 it rejects are left aside).
TEST(convert_sweep, every_pytorch_reference_case_to_keras_and_back) {
  std::vector<Json> cases = load("torch_cases.json");
  ASSERT_GE(cases.size(), 250u);
  Tally tally;
  int rejected = 0;
  for (const Json& c : cases) {
    if (c.find("error")) {
      ++rejected;
      continue;
    }
    SCOPED_TRACE(c.find("id")->text + "\n" + c.find("code")->text);
    PytorchOptions options;
    Shape input;
    for (const Json& d : c.find("input_shape")->items) input.push_back(d.is_null() ? kUnknown : d.integer);
    options.input_shape = input;
    ImportResult imported = import_pytorch_code(c.find("code")->text, options);
    ASSERT_TRUE(imported.errors.empty()) << imported.errors[0].message;
    Conversion there;
    if (check_conversion(imported.model, Framework::Keras, tally, &there) != "failed")
      check_round_trip(imported.model, there, tally);
  }
  print_tally("torch_cases.json -> Keras", tally);
  EXPECT_EQ(tally.exact + tally.with_notes + tally.failed + rejected, static_cast<int>(cases.size()));
}
