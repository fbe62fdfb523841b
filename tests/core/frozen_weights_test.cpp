// Parameters frozen one by one, as PyTorch code does with model[1].bias.requires_grad_(False):
// read by the importer, kept by the model document and share links, counted by the calculator
// as non-trainable, written back by the PyTorch code export, and noted by the conversion to
// Keras, which freezes whole layers only. Expected numbers come from torch 1.13
// (sum(p.numel() for p in model.parameters() if p.requires_grad)).
#include <gtest/gtest.h>

#include <string>

#include "core/calculator.h"
#include "core/convert.h"
#include "core/export.h"
#include "core/model_json.h"
#include "core/pytorch_code.h"
#include "test_util.h"
#include "core/share_link.h"
#include "core/summary.h"

using namespace learnable;
using learnable::testing::message_lines;
using learnable::testing::read_pytorch;

namespace {



std::string frozen_names(const Layer& l) {
  std::string out;
  for (const FrozenWeight& f : l.frozen) out += (out.empty() ? "" : ",") + f.name;
  return out;
}

std::string weight_flags(const LayerResult& r) {
  std::string out;
  for (const Weight& w : r.weights) out += (out.empty() ? "" : " ") + w.name + (w.trainable ? "+" : "-");
  return out;
}

const std::string kConvNet =
    "import torch.nn as nn\n"
    "model = nn.Sequential(\n"
    "    nn.Conv1d(8, 6, 1),\n"
    "    nn.Flatten(),\n"
    "    nn.Linear(6, 2),\n"
    ")\n"
    "model[0].bias.requires_grad_(False)\n"
    "model[2].weight.requires_grad = False\n";

Model pytorch_model(const std::string& json) {
  ImportResult r = model_from_json(json);
  EXPECT_EQ(message_lines(r.errors), "");
  return r.model;
}

}  // namespace

TEST(frozen_weights, import_records_each_parameter_by_name) {
  ImportResult r = read_pytorch(kConvNet, Shape{8, 1});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  ASSERT_EQ(r.model.layers.size(), 3u);
  EXPECT_EQ(frozen_names(r.model.layers[0]), "bias");
  EXPECT_EQ(frozen_names(r.model.layers[1]), "");
  EXPECT_EQ(frozen_names(r.model.layers[2]), "weight");
  EXPECT_EQ(r.model.layers[0].frozen[0].where.line, 7);
  EXPECT_EQ(r.model.layers[2].frozen[0].where.line, 8);
  EXPECT_EQ(r.model.layers[0].find_arg("trainable"), nullptr);
}

TEST(frozen_weights, calculator_counts_them_as_non_trainable) {
  Calculator calc(read_pytorch(kConvNet, Shape{8, 1}).model);
  ASSERT_TRUE(calc.all_resolved());
  EXPECT_EQ(weight_flags(calc.results()[0]), "weight+ bias-");
  EXPECT_EQ(calc.results()[0].params, 54);
  EXPECT_EQ(calc.results()[0].trainable, 48);
  EXPECT_EQ(calc.results()[0].non_trainable, 6);
  EXPECT_EQ(weight_flags(calc.results()[2]), "weight- bias+");
  EXPECT_EQ(calc.results()[2].trainable, 2);
  EXPECT_EQ(calc.totals().params, 68);
  EXPECT_EQ(calc.totals().trainable, 50);
  EXPECT_EQ(calc.totals().non_trainable, 18);
  std::vector<std::string> steps = calc.explanation(0);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back(), "requires_grad_(False) freezes bias (6 parameters): non-trainable, leaving 48 of the 54 trainable.");
}

TEST(frozen_weights, recurrent_and_attention_parameters_by_their_pytorch_names) {
  Calculator lstm(read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.LSTM(4, 5, num_layers=2))\n"
                       "model[0].weight_ih_l0.requires_grad_(False)\n",
                       Shape{7, 4})
                      .model);
  EXPECT_EQ(lstm.totals().params, 460);
  EXPECT_EQ(lstm.totals().trainable, 380);
  Calculator mha(read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.MultiheadAttention(8, 2))\n"
                      "model[0].in_proj_weight.requires_grad_(False)\n",
                      Shape{3, 8})
                     .model);
  EXPECT_EQ(mha.totals().params, 288);
  EXPECT_EQ(mha.totals().trainable, 96);
}

TEST(frozen_weights, module_subclass_attributes_in_init_and_after) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "class Net(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.conv = nn.Conv2d(3, 8, 3)\n"
      "        self.fc = nn.Linear(8, 2)\n"
      "        self.conv.bias.requires_grad = False\n"
      "    def forward(self, x):\n"
      "        return self.fc(self.conv(x))\n"
      "model = Net()\n"
      "model.fc.weight.requires_grad_(False)\n",
      Shape{3, 3, 10});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  Calculator calc(r.model);
  EXPECT_EQ(calc.totals().params, 242);
  EXPECT_EQ(calc.totals().trainable, 218);
}

TEST(frozen_weights, unfreezing_and_whole_module_freezes) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 4), nn.Linear(4, 2))\n"
      "model[0].bias.requires_grad_(False)\n"
      "model[0].bias.requires_grad_(True)\n"
      "model[1].bias.requires_grad_(False)\n"
      "model[1].requires_grad_(False)\n"
      "model[2].requires_grad_(False)\n"
      "model[2].bias.requires_grad_(True)\n",
      Shape{4});
  EXPECT_EQ(frozen_names(r.model.layers[0]), "");
  EXPECT_EQ(frozen_names(r.model.layers[1]), "");  // the whole module's freeze covers it
  EXPECT_EQ(message_lines(r.warnings),
            "8: this unfreezes only bias of a Linear frozen whole above; Learnable cannot unfreeze one parameter of a "
            "frozen module, so all of them count as non-trainable here\n");
  Calculator calc(r.model);
  EXPECT_EQ(calc.totals().trainable, 20);
}

TEST(frozen_weights, a_path_past_the_parameter_is_a_warning) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2))\n"
                        "model[0].weight.data.requires_grad_(False)\n",
                        Shape{4});
  EXPECT_EQ(message_lines(r.warnings),
            "3: cannot tell which parameter of the Linear model[0].weight.data is (weight.data); nothing is frozen here\n");
  EXPECT_TRUE(r.model.layers[0].frozen.empty());
}

TEST(frozen_weights, an_unknown_name_is_an_error_on_that_layer_listing_the_names) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n"
                        "model[0].bais.requires_grad_(False)\n",
                        Shape{4});
  EXPECT_EQ(message_lines(r.errors), "");
  Calculator calc(r.model);
  const LayerResult& bad = calc.results()[0];
  EXPECT_EQ(bad.status, LayerStatus::Error);
  EXPECT_EQ(bad.error, "Linear has no parameter 'bais'; its parameters are weight, bias; did you mean 'bias'?");
  EXPECT_EQ(bad.error_argument, "frozen");
  EXPECT_EQ(calc.results()[1].status, LayerStatus::Waiting);
  std::vector<ImportMessage> errors = model_errors(calc, r);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where.line, 3);  // the statement that froze it
  EXPECT_EQ(errors[0].where.column, 1);
  EXPECT_EQ(errors[0].layer, "0");
}

TEST(frozen_weights, buffers_modules_without_parameters_and_keras_layers_cannot_freeze) {
  Model bn = pytorch_model(
      "{\"framework\":\"pytorch\",\"input_shape\":[4],\"layers\":[{\"type\":\"BatchNorm1d\",\"args\":{\"num_features\":4},"
      "\"frozen\":[\"running_mean\"]}]}");
  EXPECT_EQ(Calculator(bn).results()[0].error, "'running_mean' is a buffer of this BatchNorm1d, not a parameter: it has nothing to freeze");
  Model relu = pytorch_model("{\"framework\":\"pytorch\",\"input_shape\":[4],\"layers\":[{\"type\":\"ReLU\",\"frozen\":[\"weight\"]}]}");
  EXPECT_EQ(Calculator(relu).results()[0].error, "this ReLU has no parameters, so none named 'weight' to freeze");
  Model keras = pytorch_model(
      "{\"framework\":\"keras\",\"input_shape\":[4],\"layers\":[{\"type\":\"Dense\",\"args\":{\"units\":2},\"frozen\":[\"bias\"]}]}");
  EXPECT_EQ(Calculator(keras).results()[0].error,
            "Keras freezes whole layers (trainable=False), not single weights: 'bias' cannot be frozen alone");
}

TEST(frozen_weights, model_document_round_trip) {
  Model m = read_pytorch(kConvNet, Shape{8, 1}).model;
  std::string json = model_to_json(m);
  EXPECT_NE(json.find("\"args\":{\"in_features\":6,\"out_features\":2},\"frozen\":[\"weight\"]"), std::string::npos) << json;
  EXPECT_EQ(json.rfind("{\"learnable\":2,", 0), 0u) << json;
  ImportResult back = model_from_json(json);
  EXPECT_EQ(message_lines(back.errors), "");
  EXPECT_EQ(message_lines(back.warnings), "");
  EXPECT_EQ(model_to_json(back.model), json);
  EXPECT_EQ(frozen_names(back.model.layers[0]), "bias");
  EXPECT_EQ(Calculator(back.model).totals().trainable, 50);
}

TEST(frozen_weights, documents_without_them_stay_version_one_and_bad_ones_name_the_path) {
  Model plain = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2))\n", Shape{4}).model;
  EXPECT_EQ(model_to_json(plain).rfind("{\"learnable\":1,", 0), 0u);
  ImportResult bad = model_from_json(
      "{\"learnable\":2,\"framework\":\"pytorch\",\"input_shape\":[4],\"layers\":[{\"type\":\"Linear\",\"args\":"
      "{\"in_features\":4,\"out_features\":2},\"frozen\":[\"bias\",3]},{\"type\":\"ReLU\",\"frozen\":\"bias\"}]}");
  EXPECT_EQ(message_lines(bad.errors),
            "1: layers[0].frozen[1]: a frozen parameter's name must be a non-empty string\n"
            "1: layers[1].frozen: expected an array of parameter names such as [\"bias\"]\n");
  EXPECT_EQ(frozen_names(bad.model.layers[0]), "bias");
  EXPECT_EQ(model_from_json("{\"learnable\":3,\"layers\":[]}").warnings.size(), 1u);
}

TEST(frozen_weights, share_link_round_trip_and_older_links) {
  Model m = read_pytorch(kConvNet, Shape{8, 1}).model;
  std::string fragment = encode_share_fragment(m);
  EXPECT_EQ(fragment.rfind("m=1.", 0), 0u);
  ImportResult back = decode_share_fragment("#" + fragment);
  EXPECT_EQ(message_lines(back.errors), "");
  EXPECT_EQ(model_to_json(back.model), model_to_json(m));
  EXPECT_EQ(Calculator(back.model).totals().non_trainable, 18);
  // A link made before frozen parameters existed: nn.Sequential(nn.Linear(4, 2)) on (4,).
  ImportResult old = decode_share_fragment(
      "#m=1.eyJsZWFybmFibGUiOjEsImZyYW1ld29yayI6InB5dG9yY2giLCJpbnB1dF9zaGFwZSI6WzRdLCJsYXllcnMiOlt7InR5cGUiOiJMaW5lYXIiLCJu"
      "YW1lIjoiMCIsImFyZ3MiOnsiaW5fZmVhdHVyZXMiOjQsIm91dF9mZWF0dXJlcyI6Mn19XX0");
  EXPECT_EQ(message_lines(old.errors), "");
  EXPECT_EQ(message_lines(old.warnings), "");
  ASSERT_EQ(old.model.layers.size(), 1u);
  EXPECT_TRUE(old.model.layers[0].frozen.empty());
  EXPECT_EQ(Calculator(old.model).totals().trainable, 10);
}

TEST(frozen_weights, pytorch_code_export_writes_them_back) {
  Model m = read_pytorch(kConvNet, Shape{8, 1}).model;
  ExportResult code = pytorch_code(m);
  ASSERT_TRUE(code.ok()) << code.error;
  EXPECT_NE(code.text.find(")\nmodel[0].bias.requires_grad_(False)\nmodel[2].weight.requires_grad_(False)\n"), std::string::npos)
      << code.text;
  ImportResult back = import_pytorch_code(code.text, {});
  EXPECT_EQ(message_lines(back.errors), "");
  EXPECT_EQ(message_lines(back.warnings), "");
  EXPECT_EQ(model_to_json(back.model), model_to_json(m));
  // Named modules (an OrderedDict) are frozen by index too.
  m.layers[0].name = "conv";
  m.layers[2].name = "head";
  code = pytorch_code(m);
  EXPECT_NE(code.text.find("model[2].weight.requires_grad_(False)"), std::string::npos) << code.text;
  back = import_pytorch_code(code.text, {});
  EXPECT_EQ(message_lines(back.errors), "");
  EXPECT_EQ(model_to_json(back.model), model_to_json(m));
}

TEST(frozen_weights, summary_json_lists_each_weight_trainable_or_not) {
  ImportResult r = read_pytorch(kConvNet, Shape{8, 1});
  Calculator calc(r.model);
  std::string json = summary_json(calc, r);
  EXPECT_NE(json.find("{\"name\":\"bias\",\"shape\":[6],\"count\":6,\"trainable\":false,\"buffer\":false}"), std::string::npos);
  EXPECT_NE(json.find("\"total\":68,\"trainable\":50,\"non_trainable\":18"), std::string::npos) << json;
  EXPECT_NE(summary_table(calc, r).find("Non-trainable params: 18 "), std::string::npos);
}

TEST(frozen_weights, conversion_to_keras_says_keras_freezes_whole_layers) {
  Model m = read_pytorch(kConvNet + "model[0].weight.requires_grad_(False)\n", Shape{8, 1}).model;
  Conversion c = convert_model(m, Framework::Keras);
  std::string notes;
  for (const ImportMessage& n : c.notes) notes += n.layer + ": " + n.message + "\n";
  EXPECT_NE(notes.find("Keras freezes whole layers only; PyTorch freezes every parameter here (weight and bias), which is "
                       "trainable=False on the whole layer"),
            std::string::npos)
      << notes;
  EXPECT_NE(notes.find("Keras freezes whole layers only: PyTorch freezes weight alone (12 parameters), which Keras "
                       "cannot, so the Keras layer stays trainable and counts all its parameters as trainable"),
            std::string::npos)
      << notes;
  Calculator keras(c.model);
  for (const Layer& l : c.model.layers) EXPECT_TRUE(l.frozen.empty()) << l.name;
  EXPECT_EQ(keras.totals().non_trainable, 54);  // the Conv1D frozen whole; the Dense trainable
}

TEST(frozen_weights, keras_code_says_it_cannot_write_one) {
  Model keras = pytorch_model(
      "{\"framework\":\"keras\",\"input_shape\":[4],\"layers\":[{\"type\":\"Dense\",\"args\":{\"units\":2},\"frozen\":[\"bias\"]}]}");
  ExportResult code = keras_code(Calculator(keras).model());
  ASSERT_TRUE(code.ok()) << code.error;
  EXPECT_NE(code.text.find("    # Keras freezes whole layers only: 'bias' frozen alone is not written\n    layers.Dense(2),\n"),
            std::string::npos)
      << code.text;
}

TEST(frozen_weights, a_loop_over_parameters_named_one_by_one) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))\n"
      "for p in (model[0].weight, model[2].bias):\n"
      "    p.requires_grad = False\n"
      "for p in [p]:\n"
      "    p.requires_grad_(False)\n",
      Shape{4});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(frozen_names(r.model.layers[0]), "weight");
  EXPECT_EQ(frozen_names(r.model.layers[2]), "bias");
  EXPECT_EQ(message_lines(r.warnings),
            "6: cannot tell which module p is without running Python; its parameters are counted as trainable\n");
  EXPECT_EQ(Calculator(r.model).totals().trainable, 30 - 16 - 2);
}

TEST(frozen_weights, nested_sequentials_export_with_their_names_and_freezes) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "from collections import OrderedDict\n"
      "model = nn.Sequential(OrderedDict([\n"
      "    ('features', nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU())),\n"
      "    ('head', nn.Sequential(nn.Flatten(), nn.Linear(4 * 6 * 6, 2))),\n"
      "]))\n"
      "model.features[0].bias.requires_grad_(False)\n"
      "model.head[1].weight.requires_grad_(False)\n",
      Shape{3, 8, 8});
  EXPECT_EQ(message_lines(r.errors), "");
  ExportResult code = pytorch_code(r.model);
  EXPECT_NE(code.text.find("model = nn.Sequential(OrderedDict([\n"
                           "    ('features', nn.Sequential(\n"
                           "        nn.Conv2d(3, 4, 3),\n"
                           "        nn.ReLU(),\n"
                           "    )),\n"),
            std::string::npos)
      << code.text;
  EXPECT_NE(code.text.find("\nmodel[0][0].bias.requires_grad_(False)\nmodel[1][1].weight.requires_grad_(False)\n"), std::string::npos)
      << code.text;
  ImportResult back = import_pytorch_code(code.text, {});
  EXPECT_EQ(message_lines(back.errors), "");
  EXPECT_EQ(message_lines(back.warnings), "");
  EXPECT_EQ(model_to_json(back.model), model_to_json(r.model));
  EXPECT_EQ(Calculator(back.model).totals().trainable, 108 + 2);
  // Names no nesting of Sequentials can give (one repeated in a container) are numbered instead.
  Model repeated = r.model;
  repeated.layers[3].name = "features.0";
  repeated.layers[2].name = "x";
  code = pytorch_code(repeated);
  EXPECT_NE(code.text.find("model = nn.Sequential(\n    nn.Conv2d(3, 4, 3),\n    nn.ReLU(),\n    nn.Flatten(),\n"), std::string::npos)
      << code.text;
  EXPECT_EQ(message_lines(import_pytorch_code(code.text, {}).errors), "");
}
