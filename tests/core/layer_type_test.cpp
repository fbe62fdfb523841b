// The registry read from the family files' tables: defaults written as Python literals become
// the same Values the rules read, and `counted`, `required`, ranks and choices come through.
#include <gtest/gtest.h>

#include "core/layer_type.h"

using namespace learnable;

namespace {

const ArgSpec& spec(const char* type, const char* arg) {
  const LayerType* t = find_layer_type(type);
  EXPECT_NE(t, nullptr) << type;
  const ArgSpec* a = t->find_arg(arg);
  EXPECT_NE(a, nullptr) << type << "." << arg;
  return *a;
}

}  // namespace

TEST(layer_type, defaults_are_read_from_python_literals) {
  EXPECT_EQ(spec("Conv2D", "strides").default_value, Value::tuple_of_ints({1, 1}));
  EXPECT_EQ(spec("Conv1D", "strides").default_value, Value::tuple_of_ints({1}));
  EXPECT_EQ(spec("MaxPooling1D", "pool_size").default_value, Value::of_int(2));
  EXPECT_EQ(spec("Cropping3D", "cropping").default_value,
            Value::tuple({Value::tuple_of_ints({1, 1}), Value::tuple_of_ints({1, 1}), Value::tuple_of_ints({1, 1})}));
  EXPECT_EQ(spec("BatchNormalization", "momentum").default_value, Value::of_float(0.99));
  EXPECT_EQ(spec("BatchNormalization", "axis").default_value, Value::of_int(-1));
  EXPECT_EQ(spec("Masking", "mask_value").default_value, Value::of_float(0.0));
  EXPECT_EQ(spec("Dense", "kernel_initializer").default_value, Value::of_string("glorot_uniform"));
  EXPECT_EQ(spec("Dense", "use_bias").default_value, Value::of_bool(true));
  EXPECT_EQ(spec("LSTM", "recurrent_activation").default_value, Value::of_string("sigmoid"));
  EXPECT_TRUE(spec("Conv2DTranspose", "output_padding").default_value.is_none());
}

TEST(layer_type, flags_ranks_and_choices) {
  EXPECT_TRUE(spec("Conv2D", "filters").required);
  EXPECT_EQ(spec("Conv3D", "kernel_size").rank, 3);
  EXPECT_EQ(spec("Conv1D", "padding").choices, (std::vector<std::string>{"valid", "same", "causal"}));
  EXPECT_EQ(spec("UpSampling2D", "interpolation").choices.size(), 8u);
  EXPECT_FALSE(spec("UpSampling2D", "interpolation").counted);
  EXPECT_FALSE(spec("Flatten", "data_format").counted);
  EXPECT_TRUE(spec("Conv2D", "data_format").counted);
  EXPECT_TRUE(spec("Embedding", "input_length").counted);
  EXPECT_TRUE(spec("Embedding", "input_length").default_value.is_none());
  EXPECT_FALSE(spec("Dropout", "noise_shape").counted);
  EXPECT_TRUE(spec("Dropout", "rate").required);
  EXPECT_FALSE(spec("Dropout", "rate").counted);
  EXPECT_TRUE(spec("ZeroPadding2D", "padding").counted);
  EXPECT_EQ(spec("ZeroPadding2D", "padding").kind, ArgKind::Any);
  EXPECT_TRUE(spec("Activation", "activation").required);
}

TEST(layer_type, types_keep_their_group_example_and_positional_count) {
  const LayerType* rnn = find_layer_type("SimpleRNN");
  EXPECT_EQ(rnn->group, "Recurrent");
  EXPECT_EQ(rnn->positional, rnn->args.size() - 1);  // time_major is keyword only
  EXPECT_EQ(find_layer_type("BatchNormalization")->positional, 13u);
  EXPECT_EQ(find_layer_type("Embedding")->example_input, (Shape{kUnknown}));
  EXPECT_EQ(find_layer_type("Conv2D")->example, R"(Conv2D(32, (3, 3), padding="same"))");
  const LayerType* alias = find_layer_type("MaxPool2D");
  EXPECT_EQ(alias->alias_of, "MaxPooling2D");
  EXPECT_TRUE(alias->example.empty());
  EXPECT_EQ(alias->args.size(), find_layer_type("MaxPooling2D")->args.size());
  for (const LayerType& t : layer_types()) EXPECT_NE(t.compute, nullptr) << t.name;
}
