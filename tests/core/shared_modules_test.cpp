// A PyTorch module object used twice (nn.Sequential(conv, nn.ReLU(), conv), or self.conv called
// twice in forward()) has one set of parameters: PyTorch's parameters() lists them once. The
// second use is a row that runs on its own input and shares the first one's weights. Expected
// totals come from torch 1.13 (sum(p.numel() for p in model.parameters())).
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
#include "core/text.h"

using namespace learnable;
using learnable::testing::message_lines;
using learnable::testing::read_pytorch;

namespace {



// "name:type" per layer, with "=first" for one that shares an earlier layer's module.
std::string rows(const Model& m) {
  std::string out;
  for (const Layer& l : m.layers) out += (out.empty() ? "" : " ") + l.name + ":" + l.type + (l.shares.empty() ? "" : "=" + l.shares);
  return out;
}

const std::string kTwice =
    "import torch.nn as nn\n"
    "conv = nn.Conv2d(3, 3, 3)\n"
    "model = nn.Sequential(conv, nn.ReLU(), conv)\n";

}  // namespace

TEST(shared_modules, a_module_used_twice_in_a_sequential_counts_once) {
  ImportResult r = read_pytorch(kTwice, Shape{3, 32, 32});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(rows(r.model), "0:Conv2d 1:ReLU 2:Conv2d=0");
  Calculator calc(r.model);
  ASSERT_TRUE(calc.all_resolved());
  EXPECT_EQ(calc.results()[0].params, 84);
  EXPECT_EQ(calc.results()[2].params, 0);
  EXPECT_TRUE(calc.results()[2].weights.empty());
  EXPECT_EQ(calc.results()[2].output_shape, (Shape{3, 28, 28}));  // it still runs on its own input
  EXPECT_EQ(calc.results()[2].formula, "shares its weights with 0 (84 counted there)");
  EXPECT_EQ(calc.explanation(2).at(0),
            "This is the same Conv2d module as 0, called again: its 84 parameters are the ones of 0, so PyTorch's "
            "parameters() lists them once and they count there, not here.");
  EXPECT_EQ(calc.totals().params, 84);  // PyTorch: 84
  EXPECT_EQ(calc.totals().trainable, 84);
}

TEST(shared_modules, self_conv_called_twice_in_forward) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "class Net(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.conv = nn.Conv2d(3, 3, 3, padding=1)\n"
      "        self.bn = nn.BatchNorm2d(3)\n"
      "    def forward(self, x):\n"
      "        x = self.bn(self.conv(x))\n"
      "        return self.bn(self.conv(x))\n"
      "model = Net()\n",
      Shape{3, 8, 8});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(rows(r.model), "conv:Conv2d bn:BatchNorm2d conv:Conv2d=conv bn:BatchNorm2d=bn");
  Calculator calc(r.model);
  EXPECT_EQ(calc.totals().params, 90);  // PyTorch: 84 + 6
  EXPECT_EQ(calc.totals().buffers, 7);  // running_mean, running_var, num_batches_tracked: once
}

TEST(shared_modules, a_block_used_twice_shares_each_of_its_modules) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "relu = nn.ReLU()\n"
      "block = nn.Sequential(nn.Linear(4, 4), relu)\n"
      "model = nn.Sequential(block, block, nn.Linear(4, 2), relu)\n",
      Shape{4});
  EXPECT_EQ(rows(r.model), "0.0:Linear 0.1:ReLU 1.0:Linear=0.0 1.1:ReLU=0.1 2:Linear 3:ReLU=0.1");
  Calculator calc(r.model);
  EXPECT_EQ(calc.totals().params, 30);  // PyTorch: 20 + 10
  EXPECT_EQ(calc.results()[3].formula, calc.results()[1].formula);  // a ReLU again is just a ReLU
}

TEST(shared_modules, modules_built_again_are_new_objects) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "def block():\n"
      "    return nn.Sequential(nn.Linear(4, 4))\n"
      "class Head(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.fc = nn.Linear(4, 4)\n"
      "    def forward(self, x):\n"
      "        return self.fc(x)\n"
      "model = nn.Sequential(block(), block(), Head(), Head())\n",
      Shape{4});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(rows(r.model), "0.0:Linear 1.0:Linear 2.fc:Linear 3.fc:Linear");
  EXPECT_EQ(Calculator(r.model).totals().params, 80);  // PyTorch: 4 * 20
}

TEST(shared_modules, document_share_link_and_code_round_trips) {
  Model m = read_pytorch(kTwice, Shape{3, 32, 32}).model;
  std::string json = model_to_json(m);
  EXPECT_NE(json.find("\"type\":\"Conv2d\",\"name\":\"2\",\"args\":{\"in_channels\":3,\"out_channels\":3,\"kernel_size\":3},"
                      "\"shares\":\"0\""),
            std::string::npos)
      << json;
  EXPECT_EQ(json.rfind("{\"learnable\":2,", 0), 0u);
  ImportResult back = model_from_json(json);
  EXPECT_EQ(message_lines(back.errors), "");
  EXPECT_EQ(model_to_json(back.model), json);
  ImportResult link = decode_share_fragment(encode_share_fragment(m));
  EXPECT_EQ(model_to_json(link.model), json);
  ExportResult code = pytorch_code(m);
  ASSERT_TRUE(code.ok());
  EXPECT_NE(code.text.find("conv2d_0 = nn.Conv2d(3, 3, 3)\nmodel = nn.Sequential(\n    conv2d_0,\n    nn.ReLU(),\n    conv2d_0,\n)"),
            std::string::npos)
      << code.text;
  ImportResult again = import_pytorch_code(code.text, {});
  EXPECT_EQ(message_lines(again.errors), "");
  EXPECT_EQ(message_lines(again.warnings), "");
  EXPECT_EQ(model_to_json(again.model), json);
  EXPECT_EQ(model_from_json("{\"layers\":[{\"type\":\"ReLU\",\"shares\":3}]}").errors.at(0).message,
            "layers[0].shares: expected the name of the earlier layer whose module this one is");
}

TEST(shared_modules, a_share_that_does_not_hold_is_an_error_on_the_layer) {
  auto error_of = [](const std::string& layers, const char* framework = "pytorch") {
    ImportResult r = model_from_json(cat({"{\"framework\":\"", framework, "\",\"input_shape\":[4],\"layers\":[", layers, "]}"}));
    EXPECT_EQ(message_lines(r.errors), "");
    Calculator calc(r.model);
    return calc.results().back().error;
  };
  const std::string first = "{\"type\":\"Linear\",\"name\":\"a\",\"args\":{\"in_features\":4,\"out_features\":4}}";
  EXPECT_EQ(error_of(first + ",{\"type\":\"Linear\",\"name\":\"b\",\"args\":{\"in_features\":4,\"out_features\":4},\"shares\":\"z\"}"),
            "it shares the module of 'z', which is not a layer before it");
  EXPECT_EQ(error_of(first + ",{\"type\":\"Linear\",\"name\":\"b\",\"args\":{\"in_features\":4,\"out_features\":4,\"bias\":false},"
                             "\"shares\":\"a\"}"),
            "it shares the module of a, a Linear, but is built with other arguments; one module has one set of arguments");
  EXPECT_EQ(error_of("{\"type\":\"Dense\",\"name\":\"a\",\"args\":{\"units\":4}},{\"type\":\"Dense\",\"args\":{\"units\":4},\"shares\":\"a\"}",
                     "keras"),
            "a Keras Sequential model cannot use a layer twice, so it cannot share a's weights");
}

TEST(shared_modules, editing_the_first_use_checks_the_second_again) {
  Calculator calc(read_pytorch(kTwice, Shape{3, 32, 32}).model);
  ASSERT_TRUE(calc.all_resolved());
  Layer changed = calc.model().layers[0];
  changed.set_arg("bias", Value::of_bool(false));  // same output shape: the ReLU after it stays valid
  calc.set_layer(0, changed);
  EXPECT_EQ(calc.results()[0].params, 81);
  EXPECT_EQ(calc.results()[2].status, LayerStatus::Error);
  EXPECT_EQ(calc.results()[2].error_argument, "shares");
}

TEST(shared_modules, conversion_to_keras_gives_the_second_use_its_own_weights) {
  Conversion c = convert_model(read_pytorch(kTwice, Shape{3, 32, 32}).model, Framework::Keras);
  std::string notes;
  for (const ImportMessage& n : c.notes) notes += n.layer + ": " + n.message + "\n";
  EXPECT_NE(notes.find("this is 0's module called again; a Keras Sequential model cannot use a layer twice, so here it is a "
                       "layer of its own with its own weights (PyTorch: 0; Keras: 84)"),
            std::string::npos)
      << notes;
  for (const Layer& l : c.model.layers) EXPECT_TRUE(l.shares.empty());
  EXPECT_EQ(Calculator(c.model).totals().params, 168);
}

TEST(shared_modules, freezing_either_use_freezes_the_one_module) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "conv = nn.Conv2d(3, 3, 3, padding=1)\n"
      "block = nn.Sequential(conv, nn.ReLU())\n"
      "model = nn.Sequential(block, block, nn.Flatten(), nn.Linear(3 * 8 * 8, 10))\n"
      "model[0][0].bias.requires_grad_(False)\n"
      "model[3].weight.requires_grad = False\n"
      "for p in (model[3].bias, model[1][0].weight):\n"
      "    p.requires_grad_(False)\n"
      "model[3].bias.requires_grad_(True)\n",
      Shape{3, 8, 8});
  EXPECT_EQ(message_lines(r.warnings), "");
  ASSERT_EQ(r.model.layers.size(), 6u);
  EXPECT_EQ(r.model.layers[2].shares, "0.0");
  ASSERT_EQ(r.model.layers[0].frozen.size(), 2u);  // bias through model[0][0], weight through model[1][0]
  EXPECT_TRUE(r.model.layers[2].frozen.empty());
  Calculator calc(r.model);
  EXPECT_EQ(calc.totals().params, 2014);  // PyTorch: 2014
  EXPECT_EQ(calc.totals().trainable, 10);  // PyTorch: 10
  ExportResult code = pytorch_code(r.model);
  ImportResult again = import_pytorch_code(code.text, {});
  EXPECT_EQ(message_lines(again.warnings), "");
  EXPECT_EQ(model_to_json(again.model), model_to_json(r.model)) << code.text;
}
