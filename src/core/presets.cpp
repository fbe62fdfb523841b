// The preset models, each as Keras code (what the command line, the docs and the JS API read)
// and as the same model's document (what the app loads, without the code importer). Both are
// checked in tests/core/presets_test.cpp: the documents against the importer's reading of the
// code, the counts against the figures Keras prints (VGG16: 138,357,544).
#include "core/presets.h"

namespace learnable {

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all = {
      {"tutorial", "The tutorial's CNN (32×32×3)",
       R"({"learnable": 1, "framework": "keras", "input_shape": [32, 32, 3], "layers": [
  {"type": "Conv2D", "name": "Conv1", "args": {"kernel_size": [3, 3], "filters": 32, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "Conv2", "args": {"kernel_size": [3, 3], "filters": 64, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "Conv3", "args": {"kernel_size": [3, 3], "filters": 128, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "Conv4", "args": {"kernel_size": [1, 1], "filters": 256, "padding": "same", "activation": "relu"}},
  {"type": "Flatten", "name": "Flatten", "args": {}},
  {"type": "Dense", "name": "Output", "args": {"units": 10, "activation": "softmax"}}
]})"},
      {"lenet5", "LeNet-5 (LeCun et al., 1998)",
       R"({"learnable": 1, "framework": "keras", "input_shape": [32, 32, 1], "layers": [
  {"type": "Conv2D", "name": "C1", "args": {"filters": 6, "kernel_size": 5, "activation": "tanh"}},
  {"type": "AveragePooling2D", "name": "S2", "args": {"pool_size": 2}},
  {"type": "Conv2D", "name": "C3", "args": {"filters": 16, "kernel_size": 5, "activation": "tanh"}},
  {"type": "AveragePooling2D", "name": "S4", "args": {"pool_size": 2}},
  {"type": "Conv2D", "name": "C5", "args": {"filters": 120, "kernel_size": 5, "activation": "tanh"}},
  {"type": "Flatten", "args": {}},
  {"type": "Dense", "name": "F6", "args": {"units": 84, "activation": "tanh"}},
  {"type": "Dense", "name": "Output", "args": {"units": 10, "activation": "softmax"}}
]})"},
      {"vgg16", "VGG16 (224×224×3, 1000 classes)",
       R"({"learnable": 1, "framework": "keras", "input_shape": [224, 224, 3], "layers": [
  {"type": "Conv2D", "name": "block1_conv1", "args": {"filters": 64, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "block1_conv2", "args": {"filters": 64, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "MaxPooling2D", "name": "block1_pool", "args": {"pool_size": 2}},
  {"type": "Conv2D", "name": "block2_conv1", "args": {"filters": 128, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "block2_conv2", "args": {"filters": 128, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "MaxPooling2D", "name": "block2_pool", "args": {"pool_size": 2}},
  {"type": "Conv2D", "name": "block3_conv1", "args": {"filters": 256, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "block3_conv2", "args": {"filters": 256, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "block3_conv3", "args": {"filters": 256, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "MaxPooling2D", "name": "block3_pool", "args": {"pool_size": 2}},
  {"type": "Conv2D", "name": "block4_conv1", "args": {"filters": 512, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "block4_conv2", "args": {"filters": 512, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "block4_conv3", "args": {"filters": 512, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "MaxPooling2D", "name": "block4_pool", "args": {"pool_size": 2}},
  {"type": "Conv2D", "name": "block5_conv1", "args": {"filters": 512, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "block5_conv2", "args": {"filters": 512, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "Conv2D", "name": "block5_conv3", "args": {"filters": 512, "kernel_size": 3, "padding": "same", "activation": "relu"}},
  {"type": "MaxPooling2D", "name": "block5_pool", "args": {"pool_size": 2}},
  {"type": "Flatten", "name": "flatten", "args": {}},
  {"type": "Dense", "name": "fc1", "args": {"units": 4096, "activation": "relu"}},
  {"type": "Dense", "name": "fc2", "args": {"units": 4096, "activation": "relu"}},
  {"type": "Dense", "name": "predictions", "args": {"units": 1000, "activation": "softmax"}}
]})"},
      {"text_lstm", "Text classifier: Embedding + LSTM",
       R"({"learnable": 1, "framework": "keras", "input_shape": [null], "layers": [
  {"type": "Embedding", "args": {"input_dim": 10000, "output_dim": 64}},
  {"type": "LSTM", "args": {"units": 64}},
  {"type": "Dense", "args": {"units": 64, "activation": "relu"}},
  {"type": "Dense", "args": {"units": 1, "activation": "sigmoid"}}
]})"},
      {"mobilenet_block", "MobileNet-style depthwise-separable block",
       R"({"learnable": 1, "framework": "keras", "input_shape": [112, 112, 32], "layers": [
  {"type": "DepthwiseConv2D", "name": "dw", "args": {"kernel_size": 3, "padding": "same", "use_bias": false}},
  {"type": "BatchNormalization", "name": "dw_bn", "args": {}},
  {"type": "ReLU", "name": "dw_relu", "args": {"max_value": 6.0}},
  {"type": "Conv2D", "name": "pw", "args": {"filters": 64, "kernel_size": 1, "padding": "same", "use_bias": false}},
  {"type": "BatchNormalization", "name": "pw_bn", "args": {}},
  {"type": "ReLU", "name": "pw_relu", "args": {"max_value": 6.0}}
]})"},
  };
  return all;
}

// Apart from the documents' table, so that the app, which opens the documents, links none of it.
std::string_view preset_code(std::string_view id) {
  if (id == "tutorial")
    return R"(IMG_SIZE = 32

model = tf.keras.Sequential([
    tf.keras.layers.Conv2D(kernel_size=(3, 3), filters=32, padding="same", activation="relu",
                           input_shape=[IMG_SIZE, IMG_SIZE, 3], name="Conv1"),
    tf.keras.layers.Conv2D(kernel_size=(3, 3), filters=64, padding="same", activation="relu", name="Conv2"),
    tf.keras.layers.Conv2D(kernel_size=(3, 3), filters=128, padding="same", activation="relu", name="Conv3"),
    tf.keras.layers.Conv2D(kernel_size=(1, 1), filters=256, padding="same", activation="relu", name="Conv4"),
    tf.keras.layers.Flatten(name="Flatten"),
    tf.keras.layers.Dense(10, activation="softmax", name="Output"),
])
)";
  if (id == "lenet5")
    return R"(model = keras.Sequential([
    keras.Input(shape=(32, 32, 1)),
    layers.Conv2D(6, 5, activation="tanh", name="C1"),
    layers.AveragePooling2D(2, name="S2"),
    layers.Conv2D(16, 5, activation="tanh", name="C3"),
    layers.AveragePooling2D(2, name="S4"),
    layers.Conv2D(120, 5, activation="tanh", name="C5"),
    layers.Flatten(),
    layers.Dense(84, activation="tanh", name="F6"),
    layers.Dense(10, activation="softmax", name="Output"),
])
)";
  if (id == "vgg16")
    return R"(model = keras.Sequential([
    keras.Input(shape=(224, 224, 3)),
    layers.Conv2D(64, 3, padding="same", activation="relu", name="block1_conv1"),
    layers.Conv2D(64, 3, padding="same", activation="relu", name="block1_conv2"),
    layers.MaxPooling2D(2, name="block1_pool"),
    layers.Conv2D(128, 3, padding="same", activation="relu", name="block2_conv1"),
    layers.Conv2D(128, 3, padding="same", activation="relu", name="block2_conv2"),
    layers.MaxPooling2D(2, name="block2_pool"),
    layers.Conv2D(256, 3, padding="same", activation="relu", name="block3_conv1"),
    layers.Conv2D(256, 3, padding="same", activation="relu", name="block3_conv2"),
    layers.Conv2D(256, 3, padding="same", activation="relu", name="block3_conv3"),
    layers.MaxPooling2D(2, name="block3_pool"),
    layers.Conv2D(512, 3, padding="same", activation="relu", name="block4_conv1"),
    layers.Conv2D(512, 3, padding="same", activation="relu", name="block4_conv2"),
    layers.Conv2D(512, 3, padding="same", activation="relu", name="block4_conv3"),
    layers.MaxPooling2D(2, name="block4_pool"),
    layers.Conv2D(512, 3, padding="same", activation="relu", name="block5_conv1"),
    layers.Conv2D(512, 3, padding="same", activation="relu", name="block5_conv2"),
    layers.Conv2D(512, 3, padding="same", activation="relu", name="block5_conv3"),
    layers.MaxPooling2D(2, name="block5_pool"),
    layers.Flatten(name="flatten"),
    layers.Dense(4096, activation="relu", name="fc1"),
    layers.Dense(4096, activation="relu", name="fc2"),
    layers.Dense(1000, activation="softmax", name="predictions"),
])
)";
  if (id == "text_lstm")
    return R"(model = keras.Sequential([
    keras.Input(shape=(None,), dtype="int32"),
    layers.Embedding(10000, 64),
    layers.LSTM(64),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
)";
  if (id == "mobilenet_block")
    return R"(model = keras.Sequential([
    keras.Input(shape=(112, 112, 32)),
    layers.DepthwiseConv2D(3, padding="same", use_bias=False, name="dw"),
    layers.BatchNormalization(name="dw_bn"),
    layers.ReLU(6.0, name="dw_relu"),
    layers.Conv2D(64, 1, padding="same", use_bias=False, name="pw"),
    layers.BatchNormalization(name="pw_bn"),
    layers.ReLU(6.0, name="pw_relu"),
])
)";
  return {};
}

const Preset* find_preset(std::string_view id) {
  for (const Preset& p : presets())
    if (p.id == id) return &p;
  return nullptr;
}

}  // namespace learnable
