// PyTorch's Embedding, EmbeddingBag, RNN, LSTM and GRU: two bias vectors per gate, one term per
// layer (and direction) in the formula, (L, H_in) sequences with the batch left out wherever
// batch_first puts it. Counts checked with PyTorch 1.13: LSTM(10, 20) 2560, GRU(10, 20) 1920,
// RNN(10, 20) 640, LSTM(10, 20, num_layers=2, bidirectional=True) 15040, proj_size=5 1460.
#include <gtest/gtest.h>

#include "core/layer_type.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

LayerResult torch(const Layer& l, Shape input) { return compute_layer(l, input, true, Framework::PyTorch); }

bool mentions(const LayerResult& r, const std::string& text) {
  for (const std::string& step : r.explanation)
    if (step.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(torch_lstm, two_bias_vectors_per_gate) {
  LayerResult r = torch(layer("LSTM", {{"input_size", i(10)}, {"hidden_size", i(20)}}), {5, 10});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{5, 20}));
  EXPECT_EQ(r.params, 2560);
  EXPECT_EQ(r.formula, "4*(10*20 + 20*20 + 20 + 20) = 2560");
  ASSERT_EQ(r.weights.size(), 4u);
  EXPECT_EQ(r.weights[0].name, "weight_ih_l0");
  EXPECT_EQ(r.weights[0].shape, (Shape{80, 10}));
  EXPECT_EQ(r.weights[1].name, "weight_hh_l0");
  EXPECT_EQ(r.weights[1].shape, (Shape{80, 20}));
  EXPECT_EQ(r.weights[2].name, "bias_ih_l0");
  EXPECT_EQ(r.weights[3].name, "bias_hh_l0");
  EXPECT_EQ(r.weights[3].shape, (Shape{80}));
  // Keras' LSTM(20) on 10 features: 4*(10*20 + 20*20 + 20) = 2480.
  EXPECT_TRUE(mentions(r, "Biases: PyTorch keeps two bias vectors per gate, b_ih and b_hh (4*20 each); Keras keeps one, so "
                          "Keras' LSTM(20) on 10 features counts 2480."));
}

TEST(torch_lstm, says_where_the_batch_goes_and_what_is_passed_on) {
  LayerResult r = torch(layer("LSTM", {{"input_size", i(10)}, {"hidden_size", i(20)}}), {5, 10});
  EXPECT_TRUE(mentions(r, "With batch_first=False PyTorch takes (5, N, 10), the batch in the middle"));
  EXPECT_TRUE(mentions(r, "PyTorch returns (output, (h_n, c_n)); Learnable passes on output, the first element, "
                          "(L, D*H_out) = (5, 20) per example"));
  LayerResult first = torch(layer("LSTM", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"batch_first", b(true)}}), {5, 10});
  EXPECT_EQ(first.output_shape, (Shape{5, 20}));
  EXPECT_EQ(first.params, 2560);
  EXPECT_TRUE(mentions(first, "With batch_first=True PyTorch takes (N, 5, 10), the batch first"));
}

TEST(torch_lstm, layers_and_directions_each_get_a_term) {
  // Layer 0: 2*(80*10 + 80*20 + 160) = 5120; layer 1 reads 2*20 = 40 features: 2*(80*40 + 80*20 + 160) = 9920.
  LayerResult r = torch(layer("LSTM", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"num_layers", i(2)},
                                       {"bidirectional", b(true)}}), {7, 10});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{7, 40}));
  EXPECT_EQ(r.params, 15040);
  EXPECT_EQ(r.formula, "2*4*(10*20 + 20*20 + 20 + 20) + 2*4*(40*20 + 20*20 + 20 + 20) = 15040");
  ASSERT_EQ(r.weights.size(), 16u);
  EXPECT_EQ(r.weights[4].name, "weight_ih_l0_reverse");
  EXPECT_EQ(r.weights[8].name, "weight_ih_l1");
  EXPECT_EQ(r.weights[8].shape, (Shape{80, 40}));
  EXPECT_EQ(r.weights[15].name, "bias_hh_l1_reverse");
  EXPECT_TRUE(mentions(r, "Total: 5120 + 9920 = 15040."));
  // Keras has one bias vector fewer per layer and direction: 15040 - 2*2*80 = 14720.
  EXPECT_TRUE(mentions(r, "the same stack in Keras (2 LSTM(20) layers, each in Bidirectional) counts 14720"));
}

TEST(torch_lstm, proj_size_shrinks_the_output_and_the_recurrence) {
  // 80*10 + 80*5 + 160 + 5*20 = 1460, with 5 output features.
  LayerResult r = torch(layer("LSTM", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"proj_size", i(5)}}), {7, 10});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{7, 5}));
  EXPECT_EQ(r.params, 1460);
  EXPECT_EQ(r.formula, "4*(10*20 + 5*20 + 20 + 20) + 5*20 = 1460");
  EXPECT_EQ(r.weights[1].shape, (Shape{80, 5}));
  EXPECT_EQ(r.weights[4].name, "weight_hr_l0");
  EXPECT_EQ(r.weights[4].shape, (Shape{5, 20}));
  EXPECT_TRUE(mentions(r, "c_n is (1, N, 20)"));
  // Two bidirectional layers: layer 1 reads D*P = 10 features, so both layers count 2*1460.
  LayerResult two = torch(layer("LSTM", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"proj_size", i(5)},
                                         {"num_layers", i(2)}, {"bidirectional", b(true)}}), {7, 10});
  EXPECT_EQ(two.params, 5840);
  EXPECT_EQ(two.output_shape, (Shape{7, 10}));
  EXPECT_EQ(two.formula, "2*(4*(10*20 + 5*20 + 20 + 20) + 5*20) + 2*(4*(10*20 + 5*20 + 20 + 20) + 5*20) = 5840");
  EXPECT_TRUE(mentions(two, "h_n, the last step's state of each layer and direction, is (num_layers*D, N, H_out) = (4, N, 5)"));
}

TEST(torch_lstm, proj_size_must_be_below_hidden_size) {
  LayerResult r = torch(layer("LSTM", {{"input_size", i(8)}, {"hidden_size", i(16)}, {"proj_size", i(16)}}), {10, 8});
  EXPECT_EQ(r.error_argument, "proj_size");
  EXPECT_EQ(r.error, "proj_size has to be smaller than hidden_size, got proj_size=16 and hidden_size=16");
  EXPECT_EQ(torch(layer("LSTM", {{"input_size", i(8)}, {"hidden_size", i(16)}, {"proj_size", i(-1)}}), {10, 8}).error_argument,
            "proj_size");
}

TEST(torch_lstm, without_bias) {
  LayerResult r = torch(layer("LSTM", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"bias", b(false)}}), {5, 10});
  EXPECT_EQ(r.params, 2400);
  EXPECT_EQ(r.formula, "4*(10*20 + 20*20) = 2400");
  EXPECT_EQ(r.weights.size(), 2u);
  EXPECT_TRUE(mentions(r, "Biases: none, since bias=False (Keras' use_bias=False gives the same count)."));
}

TEST(torch_lstm, input_size_must_match_the_features) {
  LayerResult r = torch(layer("LSTM", {{"input_size", i(32)}, {"hidden_size", i(64)}, {"batch_first", b(true)}}), {10, 16});
  EXPECT_EQ(r.error_argument, "input_size");
  EXPECT_EQ(r.error, "LSTM expects input_size=32 but the input (N, 10, 16) has 16 features per time step");
  EXPECT_EQ(torch(layer("LSTM", {{"input_size", i(32)}, {"hidden_size", i(64)}}), {10, 16}).error,
            "LSTM expects input_size=32 but the input (10, N, 16) has 16 features per time step");
}

TEST(torch_lstm, needs_a_sequence) {
  LayerResult flat = torch(layer("LSTM", {{"input_size", i(64)}, {"hidden_size", i(8)}}), {64});
  EXPECT_EQ(flat.status, LayerStatus::Error);
  EXPECT_EQ(flat.error, "LSTM expects a sequence (L, H_in) per example, (N, L, H_in) with batch_first=True or (L, N, H_in) "
                        "without, but got (N, 64); PyTorch would read this 2D input as one unbatched sequence, taking the "
                        "batch for the time steps");
  EXPECT_EQ(torch(layer("LSTM", {{"input_size", i(8)}, {"hidden_size", i(8)}}), {3, 8, 8}).status, LayerStatus::Error);
  // An unknown length is fine: the weights do not depend on it.
  EXPECT_EQ(torch(layer("LSTM", {{"input_size", i(8)}, {"hidden_size", i(4)}}), {kUnknown, 8}).output_shape,
            (Shape{kUnknown, 4}));
}

TEST(torch_lstm, dropout_between_layers) {
  LayerResult r = torch(layer("LSTM", {{"input_size", i(8)}, {"hidden_size", i(4)}, {"num_layers", i(2)}, {"dropout", f(0.2)}}),
                        {5, 8});
  EXPECT_EQ(r.params, 4 * (4 * 12 + 8) + 4 * (4 * 8 + 8));  // 224 + 160
  EXPECT_TRUE(mentions(r, "dropout=0.2 zeroes values between the layers while training: no parameters."));
  EXPECT_TRUE(mentions(torch(layer("LSTM", {{"input_size", i(8)}, {"hidden_size", i(4)}, {"dropout", f(0.2)}}), {5, 8}),
                       "with num_layers=1 it does nothing"));
  EXPECT_EQ(torch(layer("LSTM", {{"input_size", i(8)}, {"hidden_size", i(4)}, {"dropout", f(1.5)}}), {5, 8}).error_argument,
            "dropout");
}

TEST(torch_gru, counts_the_same_as_keras_reset_after) {
  LayerResult r = torch(layer("GRU", {{"input_size", i(10)}, {"hidden_size", i(20)}}), {5, 10});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 1920);
  EXPECT_EQ(r.formula, "3*(10*20 + 20*20 + 20 + 20) = 1920");
  EXPECT_EQ(r.weights[0].shape, (Shape{60, 10}));
  // Keras' GRU(20): 3*(10*20 + 20*20 + 2*20) = 1920 with reset_after=True, 3*(... + 20) = 1860 without.
  EXPECT_TRUE(mentions(r, "Keras' GRU does the same with reset_after=True, its default since TensorFlow 2, so Keras' GRU(20) "
                          "on 10 features counts the same 1920; with reset_after=False Keras keeps one bias vector and "
                          "counts 1860."));
  EXPECT_TRUE(mentions(r, "PyTorch returns (output, h_n)"));
}

TEST(torch_gru, three_layers) {
  // 3*(20*30 + 40) + 2 * 3*(20*40 + 40) = 1920 + 2*2520.
  LayerResult r = torch(layer("GRU", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"num_layers", i(3)}}), {5, 10});
  EXPECT_EQ(r.params, 6960);
  EXPECT_EQ(r.formula, "3*(10*20 + 20*20 + 20 + 20) + 3*(20*20 + 20*20 + 20 + 20) + 3*(20*20 + 20*20 + 20 + 20) = 6960");
  EXPECT_EQ(torch(layer("GRU", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"proj_size", i(5)}}), {5, 10}).error_argument,
            "proj_size");
}

TEST(torch_rnn, two_biases_against_keras_one) {
  LayerResult r = torch(layer("RNN", {{"input_size", i(10)}, {"hidden_size", i(20)}}), {5, 10});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.params, 640);
  EXPECT_EQ(r.formula, "10*20 + 20*20 + 20 + 20 = 640");
  EXPECT_TRUE(mentions(r, "Biases: PyTorch keeps two bias vectors, b_ih and b_hh (20 each); Keras keeps one, so Keras' "
                          "SimpleRNN(20) on 10 features counts 620."));
  LayerResult both = torch(layer("RNN", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"bidirectional", b(true)}}), {5, 10});
  EXPECT_EQ(both.params, 1280);
  EXPECT_EQ(both.formula, "2*(10*20 + 20*20 + 20 + 20) = 1280");
  EXPECT_EQ(both.output_shape, (Shape{5, 40}));
}

TEST(torch_rnn, many_layers_are_written_once) {
  // 10*20 + 20*20 + 5*(20*20 + 20*20) = 600 + 4000.
  LayerResult r = torch(layer("RNN", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"num_layers", i(6)}, {"bias", b(false)}}),
                        {5, 10});
  EXPECT_EQ(r.params, 4600);
  EXPECT_EQ(r.formula, "10*20 + 20*20 + 5*(20*20 + 20*20) = 4600");
  EXPECT_TRUE(mentions(r, "Layers 2 to 5 are the same as layer 1."));
  EXPECT_EQ(r.weights.size(), 12u);
}

TEST(torch_rnn, nonlinearity_comes_fourth) {
  // PyTorch 2 documents RNN(input_size, hidden_size, num_layers, nonlinearity, bias, ...); LSTM and GRU have bias fourth.
  const LayerType* rnn = find_layer_type("RNN", Framework::PyTorch);
  ASSERT_NE(rnn, nullptr);
  EXPECT_EQ(rnn->args[3].name, "nonlinearity");
  EXPECT_EQ(rnn->args[4].name, "bias");
  EXPECT_EQ(find_layer_type("LSTM", Framework::PyTorch)->args[3].name, "bias");
  EXPECT_EQ(find_layer_type("LSTM", Framework::PyTorch)->args[7].name, "proj_size");
  EXPECT_EQ(find_layer_type("GRU", Framework::PyTorch)->args.size(), 7u);
  EXPECT_TRUE(torch(layer("RNN", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"nonlinearity", s("relu")}}), {5, 10}).ok());
  LayerResult old = torch(layer("RNN", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"nonlinearity", b(true)}}), {5, 10});
  EXPECT_EQ(old.error_argument, "nonlinearity");
  EXPECT_EQ(old.error, "nonlinearity must be 'tanh' or 'relu', got True; PyTorch before 2.0 took bias as RNN's fourth "
                       "positional argument, so write bias=True as a keyword");
  EXPECT_EQ(torch(layer("RNN", {{"input_size", i(10)}, {"hidden_size", i(20)}, {"nonlinearity", s("Tanh")}}), {5, 10}).error,
            "unknown nonlinearity 'Tanh'; use 'tanh' or 'relu'");
}

TEST(torch_embedding, appends_embedding_dim) {
  LayerResult r = torch(layer("Embedding", {{"num_embeddings", i(1000)}, {"embedding_dim", i(64)}}), {20});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{20, 64}));
  EXPECT_EQ(r.params, 64000);
  EXPECT_EQ(r.formula, "1000*64 = 64000");
  EXPECT_EQ(r.weights[0].name, "weight");
  EXPECT_EQ(r.weights[0].shape, (Shape{1000, 64}));
  EXPECT_TRUE(mentions(r, "Keras' Embedding(1000, 64) counts the same."));
  EXPECT_EQ(torch(layer("Embedding", {{"num_embeddings", i(10)}, {"embedding_dim", i(4)}}), {kUnknown}).output_shape,
            (Shape{kUnknown, 4}));
  EXPECT_EQ(torch(layer("Embedding", {{"num_embeddings", i(10)}, {"embedding_dim", i(4)}}), {3, 5}).output_shape,
            (Shape{3, 5, 4}));
}

TEST(torch_embedding, padding_idx_is_range_checked) {
  EXPECT_TRUE(torch(layer("Embedding", {{"num_embeddings", i(10)}, {"embedding_dim", i(4)}, {"padding_idx", i(-10)}}), {5}).ok());
  LayerResult r = torch(layer("Embedding", {{"num_embeddings", i(10)}, {"embedding_dim", i(4)}, {"padding_idx", i(10)}}), {5});
  EXPECT_EQ(r.error_argument, "padding_idx");
  EXPECT_EQ(r.error, "padding_idx must be within num_embeddings, from -10 to 9, got 10");
  LayerResult padded = torch(layer("Embedding", {{"num_embeddings", i(10)}, {"embedding_dim", i(4)}, {"padding_idx", i(0)}}), {5});
  EXPECT_EQ(padded.params, 40);
  EXPECT_TRUE(mentions(padded, "still part of weight and of the count"));
  EXPECT_EQ(torch(layer("Embedding", {{"num_embeddings", i(10)}, {"embedding_dim", i(4)}, {"max_norm", f(-1.0)}}), {5})
                .error_argument,
            "max_norm");
}

TEST(torch_embedding_bag, one_vector_per_bag) {
  LayerResult r = torch(layer("EmbeddingBag", {{"num_embeddings", i(1000)}, {"embedding_dim", i(64)}}), {20});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{64}));
  EXPECT_EQ(r.params, 64000);
  EXPECT_EQ(torch(layer("EmbeddingBag", {{"num_embeddings", i(10)}, {"embedding_dim", i(4)}, {"mode", s("median")}}), {5})
                .error_argument,
            "mode");
  EXPECT_EQ(torch(layer("EmbeddingBag", {{"num_embeddings", i(10)}, {"embedding_dim", i(4)}}), {5, 5}).status,
            LayerStatus::Error);
}

TEST(torch_model, text_classifier) {
  // nn.Sequential(nn.Embedding(1000, 64), nn.LSTM(64, 128, batch_first=True)) on 20 token ids: PyTorch counts
  // 64000 + 99328 = 163328, and the LSTM's output (20, 128) goes on.
  Model m;
  m.framework = Framework::PyTorch;
  m.input_shape = Shape{20};
  m.layers = {layer("Embedding", {{"num_embeddings", i(1000)}, {"embedding_dim", i(64)}}),
              layer("LSTM", {{"input_size", i(64)}, {"hidden_size", i(128)}, {"batch_first", b(true)}}),
              layer("Flatten"), layer("Linear", {{"in_features", i(2560)}, {"out_features", i(2)}})};
  Calculator calc(std::move(m));
  ASSERT_TRUE(calc.all_resolved());
  EXPECT_EQ(calc.results()[1].params, 99328);
  EXPECT_EQ(calc.results()[1].output_shape, (Shape{20, 128}));
  EXPECT_EQ(calc.totals().params, 64000 + 99328 + 2560 * 2 + 2);
}
