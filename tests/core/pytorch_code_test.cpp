// The PyTorch-code importer: nn.Sequential in every import style, OrderedDict names, add_module /
// append / extend, nested Sequentials, PyTorch's positional order, Python values, the input shape
// (given, or from summary(...) / model(torch.randn(...))), frozen modules, a small nn.Module
// subclass, and the errors and warnings, each at its line.
#include <gtest/gtest.h>

#include <string>

#include "core/calculator.h"
#include "core/js_api.h"
#include "core/json_reader.h"
#include "core/model_import.h"
#include "core/pytorch_code.h"
#include "test_util.h"

using namespace learnable;
using learnable::testing::message_lines;
using learnable::testing::read_pytorch;

namespace {


std::string names(const Model& m) {
  std::string out;
  for (const Layer& l : m.layers) out += (out.empty() ? "" : " ") + l.name + ":" + l.type;
  return out;
}


const Value* arg(const Layer& l, const char* name) { return l.find_arg(name); }

const std::string kMlp =
    "import torch\n"
    "from torch import nn\n"
    "\n"
    "model = nn.Sequential(\n"
    "    nn.Flatten(),\n"
    "    nn.Linear(784, 128),\n"
    "    nn.Dropout(0.2),\n"
    "    nn.Linear(128, 10, bias=False),\n"
    ")\n";

}  // namespace

TEST(pytorch_import, sequential_with_positional_modules) {
  ImportResult r = read_pytorch(kMlp, Shape{1, 28, 28});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(r.model.framework, Framework::PyTorch);
  EXPECT_EQ(r.model.input_shape, (Shape{1, 28, 28}));
  EXPECT_EQ(names(r.model), "0:Flatten 1:Linear 2:Dropout 3:Linear");
  Calculator calc(r.model);
  EXPECT_TRUE(calc.all_resolved());
  EXPECT_EQ(calc.totals().params, 784 * 128 + 128 + 128 * 10);
  EXPECT_EQ(calc.results()[3].output_shape, (Shape{10}));
}

TEST(pytorch_import, arguments_follow_pytorchs_positional_order) {
  ImportResult r = read_pytorch(kMlp, Shape{784});
  const Layer& fc = r.model.layers[1];
  EXPECT_EQ(arg(fc, "in_features")->integer, 784);
  EXPECT_EQ(arg(fc, "out_features")->integer, 128);
  EXPECT_EQ(fc.args[0].where.line, 6);
  EXPECT_EQ(fc.args[0].where.column, 15);
  EXPECT_EQ(arg(r.model.layers[2], "p")->number, 0.2);
  EXPECT_FALSE(arg(r.model.layers[3], "bias")->boolean);
  EXPECT_EQ(r.model.layers[3].where.line, 8);
}

TEST(pytorch_import, every_import_style) {
  const char* styles[] = {
      "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2))\n",
      "from torch import nn\nmodel = nn.Sequential(nn.Linear(4, 2))\n",
      "import torch\nmodel = torch.nn.Sequential(torch.nn.Linear(4, 2))\n",
      "from torch.nn import Linear, Sequential\nmodel = Sequential(Linear(4, 2))\n",
      "from torch.nn import (\n    Linear,\n    Sequential,\n)\nmodel = Sequential(Linear(4, 2))\n",
      "import torch.nn as tnn\nmodel = tnn.Sequential(tnn.Linear(4, 2))\n",
      "from torch.nn import *\nmodel = Sequential(Linear(4, 2))\n",
  };
  for (const char* code : styles) {
    ImportResult r = read_pytorch(code, Shape{4});
    EXPECT_EQ(message_lines(r.errors), "") << code;
    EXPECT_EQ(names(r.model), "0:Linear") << code;
    EXPECT_EQ(Calculator(r.model).totals().params, 10) << code;
  }
}

TEST(pytorch_import, ordered_dict_names_the_modules) {
  ImportResult r = read_pytorch(
      "from collections import OrderedDict\n"
      "import torch.nn as nn\n"
      "model = nn.Sequential(OrderedDict([\n"
      "    ('flatten', nn.Flatten()),\n"
      "    (\"fc1\", nn.Linear(12, 8)),\n"
      "    ('drop', nn.Dropout(p=0.5)),\n"
      "]))\n",
      Shape{3, 4});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(names(r.model), "flatten:Flatten fc1:Linear drop:Dropout");
  EXPECT_EQ(names(read_pytorch("import collections\nimport torch.nn as nn\n"
                       "model = nn.Sequential(collections.OrderedDict(fc=nn.Linear(4, 2), out=nn.Identity()))\n")
                      .model),
            "fc:Linear out:Identity");
  EXPECT_EQ(names(read_pytorch("from collections import OrderedDict\nimport torch.nn as nn\n"
                       "layers = OrderedDict({'a': nn.Linear(4, 2), 'b': nn.Identity()})\n"
                       "model = nn.Sequential(layers)\n")
                      .model),
            "a:Linear b:Identity");
}

TEST(pytorch_import, add_module_append_and_extend) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential()\n"
      "model.add_module('flatten', nn.Flatten())\n"
      "model.add_module(\"fc\", nn.Linear(12, 8))\n"
      "model.append(nn.Dropout())\n"
      "model.extend([nn.Linear(8, 2), nn.Identity()])\n",
      Shape{12});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(names(r.model), "flatten:Flatten fc:Linear 2:Dropout 3:Linear 4:Identity");
}

// Checked against PyTorch 2: the same statements give children 0:Linear(10, 20), 1:BatchNorm1d(20),
// 2:Linear(20, 3) and 323 parameters; insert, del and pop number the children again.
TEST(pytorch_import, set_insert_del_and_pop_edit_the_sequential) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 5))\n"
      "model[2] = nn.Linear(20, 3)\n"
      "model.insert(1, nn.BatchNorm1d(20))\n"
      "del model[2]\n",
      Shape{10});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(names(r.model), "0:Linear 1:BatchNorm1d 2:Linear");
  EXPECT_EQ(arg(r.model.layers[2], "out_features")->integer, 3);
  EXPECT_EQ(Calculator(r.model).totals().params, 323);

  // append, del, then pop(0), inside print(): PyTorch leaves 0:Linear(20, 5), 1:Linear(5, 2).
  ImportResult popped = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 5))\n"
      "model.append(nn.Linear(5, 2))\n"
      "del model[1]\n"
      "print(model.pop(0))\n",
      Shape{20});
  EXPECT_EQ(message_lines(popped.errors), "");
  EXPECT_EQ(names(popped.model), "0:Linear 1:Linear");
  EXPECT_EQ(arg(popped.model.layers[0], "in_features")->integer, 20);

  // A negative index counts from the end, in a nested Sequential too; insert(-1) goes before the last.
  ImportResult nested = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 4)), nn.Linear(4, 2))\n"
      "model[0][-1] = nn.Linear(4, 8)\n"
      "model[-1] = nn.Linear(8, 2)\n"
      "model.insert(-1, nn.ReLU())\n",
      Shape{4});
  EXPECT_EQ(message_lines(nested.errors), "");
  EXPECT_EQ(names(nested.model), "0.0:Linear 0.1:Linear 1:ReLU 2:Linear");
  EXPECT_EQ(Calculator(nested.model).totals().params, 20 + 40 + 18);
}

TEST(pytorch_import, a_list_of_modules_is_edited_before_it_becomes_the_model) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "layers = [nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU()]\n"
      "layers.pop()\n"
      "layers[0] = nn.Linear(4, 8)\n"
      "layers.insert(1, nn.Dropout(0.5))\n"
      "model = nn.Sequential(*layers)\n",
      Shape{4});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(names(r.model), "0:Linear 1:Dropout 2:ReLU 3:Linear");
  EXPECT_EQ(arg(r.model.layers[0], "in_features")->integer, 4);
}

TEST(pytorch_import, edits_that_cannot_be_followed_say_so) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(nn.Linear(4, 4), nn.ReLU())\n"
      "model[5] = nn.Linear(4, 4)\n"
      "del model[1:]\n"
      "model.insert(3, nn.ReLU())\n"
      "model[0].insert(0, nn.ReLU())\n",
      Shape{4});
  EXPECT_EQ(message_lines(r.errors),
            "3: model[...]: index 5 is out of range for 2 modules (IndexError)\n"
            "5: model.insert(): index 3 is out of range for 2 modules (IndexError)\n"
            "6: model[0] is a single Linear, not an nn.Sequential: model[0].insert() does not apply\n");
  EXPECT_EQ(message_lines(r.warnings),
            "4: model[...] with an index that is not a whole number (a slice, a variable) is not read: the model is "
            "counted without this change\n");
  EXPECT_EQ(names(r.model), "0:Linear 1:ReLU");

  // A block already placed in the model is the same object in PyTorch: editing it afterwards
  // changes the model too, which Learnable does not follow, and says so.
  ImportResult shared = read_pytorch(
      "import torch.nn as nn\n"
      "block = nn.Sequential(nn.Linear(4, 4))\n"
      "model = nn.Sequential(block, nn.Linear(4, 2))\n"
      "block.append(nn.ReLU())\n"
      "block[0] = nn.Linear(4, 4, bias=False)\n",
      Shape{4});
  EXPECT_EQ(message_lines(shared.warnings),
            "5: block is also part of a module built before this line, which is counted without this change\n");
}

TEST(pytorch_import, named_parameters_loops) {
  // Every parameter, as parameters() gives them: the whole model is frozen.
  ImportResult all = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 2))\n"
      "for name, p in model.named_parameters():\n"
      "    p.requires_grad = False\n",
      Shape{4});
  EXPECT_EQ(message_lines(all.warnings), "");
  Calculator calc(all.model);
  EXPECT_EQ(calc.totals().trainable, 0);
  EXPECT_EQ(calc.totals().non_trainable, 30);

  // Chosen by name: not compared, so nothing is frozen, and the warning says so.
  ImportResult picked = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 2))\n"
      "for name, p in model.named_parameters():\n"
      "    if name.startswith('0.'):\n"
      "        p.requires_grad = False\n",
      Shape{4});
  EXPECT_EQ(message_lines(picked.warnings),
            "5: inside a condition, this loop over named_parameters() picks parameters by their names, which "
            "Learnable does not compare: nothing is frozen by this statement\n");
  EXPECT_EQ(Calculator(picked.model).totals().trainable, 30);
}

TEST(pytorch_import, add_module_with_a_taken_name_replaces_that_module) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2))\n"
                        "model.add_module('0', nn.Linear(4, 3, bias=False))\n",
                        Shape{4});
  EXPECT_EQ(names(r.model), "0:Linear 1:Linear");
  EXPECT_FALSE(arg(r.model.layers[0], "bias")->boolean);
}

TEST(pytorch_import, nested_sequentials_are_flattened_with_dotted_names) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "block = nn.Sequential(nn.Linear(16, 16), nn.Dropout(0.1))\n"
      "model = nn.Sequential(\n"
      "    nn.Flatten(),\n"
      "    nn.Sequential(nn.Linear(16, 16), nn.Sequential(nn.Identity(), nn.Dropout())),\n"
      "    block,\n"
      "    nn.Linear(16, 1),\n"
      ")\n",
      Shape{4, 4});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(names(r.model), "0:Flatten 1.0:Linear 1.1.0:Identity 1.1.1:Dropout 2.0:Linear 2.1:Dropout 3:Linear");
  EXPECT_EQ(Calculator(r.model).totals().params, 272 + 272 + 17);
}

TEST(pytorch_import, blocks_built_first_then_composed) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "encoder = nn.Sequential(nn.Linear(8, 4), nn.Identity())\n"
      "decoder = nn.Sequential(nn.Linear(4, 8))\n"
      "autoencoder = nn.Sequential(encoder, decoder)\n",
      Shape{8});
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(names(r.model), "0.0:Linear 0.1:Identity 1.0:Linear");
}

TEST(pytorch_import, two_unrelated_models_read_the_one_called_model) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(8, 4))\n"
                        "other = nn.Sequential(nn.Linear(3, 3))\n",
                        Shape{8});
  EXPECT_EQ(names(r.model), "0:Linear");
  EXPECT_EQ(message_lines(r.warnings), "2: the text builds more than one model (other too); reading model\n");
}

TEST(pytorch_import, python_values) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "IMG = 28\n"
      "HIDDEN = [64, 32]\n"
      "model = nn.Sequential(\n"
      "    nn.Flatten(1, -1),\n"
      "    nn.Linear(IMG * IMG, HIDDEN[0] if True else 1),\n"
      "    nn.Unflatten(1, (2, HIDDEN[1] // 2 * 2)),\n"
      ")\n",
      Shape{28, 28});
  const Layer& flatten = r.model.layers[0];
  EXPECT_EQ(arg(flatten, "end_dim")->integer, -1);
  EXPECT_EQ(arg(r.model.layers[1], "in_features")->integer, 784);
  EXPECT_EQ(arg(r.model.layers[2], "unflattened_size")->to_python(), "(2, HIDDEN[1] // 2 * 2)");
}

TEST(pytorch_import, lines_that_do_not_matter) {
  ImportResult r = read_pytorch(kMlp +
                            "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n"
                            "model.to(device)\n"
                            "model = model.to(device)\n"
                            "model.eval()\n"
                            "print(model)\n"
                            "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\n"
                            "criterion = nn.CrossEntropyLoss()\n"
                            "%matplotlib inline\n",
                        Shape{784});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(names(r.model), "0:Flatten 1:Linear 2:Dropout 3:Linear");
}

TEST(pytorch_import, no_input_shape_is_an_error_but_the_modules_are_read) {
  ImportResult r = read_pytorch(kMlp + "# input: (1, 28, 28)\n");
  EXPECT_EQ(message_lines(r.errors),
            "4: PyTorch code does not carry the input shape: give it with --input-shape 3,32,32, or call "
            "summary(model, (3, 32, 32)) in the snippet\n");
  EXPECT_FALSE(r.model.input_shape.has_value());
  EXPECT_EQ(r.model.layers.size(), 4u);
}

TEST(pytorch_import, torchsummary_states_the_input_shape) {
  ImportResult r = read_pytorch(kMlp + "from torchsummary import summary\nsummary(model, (1, 28, 28))\n");
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(r.model.input_shape, (Shape{1, 28, 28}));
  EXPECT_EQ(read_pytorch(kMlp + "summary(model, input_size=(784,), device='cpu')\n").model.input_shape, (Shape{784}));
  EXPECT_EQ(read_pytorch(kMlp + "import torchsummary\ntorchsummary.summary(model.cuda(), [(1, 28, 28)])\n").model.input_shape,
            (Shape{1, 28, 28}));
}

TEST(pytorch_import, torchinfo_includes_the_batch) {
  EXPECT_EQ(read_pytorch(kMlp + "from torchinfo import summary\nsummary(model, input_size=(64, 1, 28, 28))\n").model.input_shape,
            (Shape{1, 28, 28}));
  EXPECT_EQ(read_pytorch(kMlp + "import torchinfo\ntorchinfo.summary(model, (1, 784))\n").model.input_shape, (Shape{784}));
  EXPECT_EQ(read_pytorch(kMlp + "from torchinfo import summary\nsummary(model, (784,), batch_dim=0)\n").model.input_shape,
            (Shape{784}));
  EXPECT_EQ(read_pytorch(kMlp + "from torchinfo import summary\nx = torch.randn(2, 784)\nsummary(model, input_data=x)\n")
                .model.input_shape,
            (Shape{784}));
}

TEST(pytorch_import, a_tensor_run_through_the_model_states_the_input_shape) {
  EXPECT_EQ(read_pytorch(kMlp + "x = torch.randn(1, 1, 28, 28)\nout = model(x)\n").model.input_shape, (Shape{1, 28, 28}));
  EXPECT_EQ(read_pytorch(kMlp + "x = torch.zeros((8, 784)).to(device)\nprint(model(x).shape)\n").model.input_shape, (Shape{784}));
  EXPECT_EQ(read_pytorch(kMlp + "print(model(torch.rand(1, 784)))\n").model.input_shape, (Shape{784}));
  // A tensor that is made but never given to the model says nothing.
  EXPECT_FALSE(read_pytorch(kMlp + "x = torch.randn(1, 784)\n").model.input_shape.has_value());
}

TEST(pytorch_import, the_given_input_shape_wins_over_the_snippets) {
  ImportResult r = read_pytorch(kMlp + "summary(model, (1, 28, 28))\n", Shape{784});
  EXPECT_EQ(r.model.input_shape, (Shape{784}));
  EXPECT_EQ(message_lines(r.warnings), "10: summary(model, (1, 28, 28)) gives the input (N, 1, 28, 28); using the given input shape (N, 784)\n");
}

TEST(pytorch_import, an_unknown_module_is_an_error_on_that_module_the_rest_kept) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 4), nn.Frobnicate(3), nn.Linear(4, 2))\n",
                        Shape{4});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(names(r.model), "0:Linear 1:Frobnicate 2:Linear");
  Calculator calc(r.model);
  EXPECT_TRUE(calc.results()[0].ok());
  EXPECT_EQ(calc.results()[1].error.rfind("unknown module 'Frobnicate'", 0), 0u) << calc.results()[1].error;
  EXPECT_EQ(calc.results()[2].status, LayerStatus::Waiting);
}

TEST(pytorch_import, a_keras_layer_name_is_an_unknown_module) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Dense(10))\n", Shape{4});
  Calculator calc(r.model);
  EXPECT_EQ(calc.results()[0].error,
            "unknown module 'Dense'; it is a Keras layer and this model follows PyTorch's conventions");
}

TEST(pytorch_import, mistakes_in_a_sequential) {
  ImportResult r = read_pytorch("import torch.nn as nn\nimport torch.nn.functional as F\n"
                        "model = nn.Sequential(nn.Linear(4, 4), nn.Identity, F.relu, nn.Linear(4, 2))\n",
                        Shape{4});
  EXPECT_EQ(message_lines(r.errors),
            "3: nn.Identity is a class; write nn.Identity() to make the module\n"
            "3: F.relu is a function, not a module; nn.Sequential holds modules such as nn.ReLU()\n");
  EXPECT_EQ(names(r.model), "0:Linear 1:Linear");
  ImportResult list = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential([nn.Linear(4, 2)])\n", Shape{4});
  EXPECT_EQ(message_lines(list.errors),
            "2: nn.Sequential takes its modules one by one, not a list: write nn.Sequential(*[...]) or give the "
            "modules as its arguments; read as if it did\n");
  EXPECT_EQ(names(list.model), "0:Linear");
  ImportResult modules = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.ModuleList([nn.Linear(4, 2)]))\n", Shape{4});
  EXPECT_EQ(message_lines(modules.errors),
            "2: nn.ModuleList holds modules without running them in order; Learnable reads nn.Sequential models: use "
            "nn.Sequential(...) to count them\n");
}

TEST(pytorch_import, argument_faults_name_the_module) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2, True, 7), "
                        "nn.Linear(2, 2, in_features=2))\n",
                        Shape{4});
  EXPECT_EQ(message_lines(r.errors),
            "2: Linear takes at most 3 positional arguments; the ones from here on are not read\n"
            "2: Linear got 'in_features' twice\n");
}

TEST(pytorch_import, identity_ignores_its_arguments_as_pytorch_does) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Identity(54, unused_argument1=0.1))\n", Shape{4});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_TRUE(Calculator(r.model).all_resolved());
}

TEST(pytorch_import, undefined_names_are_reported_once_and_defines_supply_them) {
  const std::string code = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(IN, HID), nn.Linear(HID, 2))\n";
  ImportResult r = read_pytorch(code, Shape{4});
  EXPECT_EQ(message_lines(r.errors), "2: IN is not defined; give it a value\n2: HID is not defined; give it a value\n");
  EXPECT_EQ(r.undefined_names, (std::vector<std::string>{"IN", "HID"}));
  ImportResult given = read_pytorch(code, Shape{4}, {{"IN", Value::of_int(4)}, {"HID", Value::of_int(8)}});
  EXPECT_EQ(message_lines(given.errors), "");
  EXPECT_EQ(Calculator(given.model).totals().params, 40 + 18);
}

TEST(pytorch_import, a_list_of_modules_built_up_then_unpacked) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "layers = [nn.Flatten()]\n"
      "layers.append(nn.Linear(16, 8))\n"
      "layers += [nn.Dropout(0.1), nn.Identity()]\n"
      "layers.extend([nn.Linear(8, 2)])\n"
      "model = nn.Sequential(*layers, nn.Identity())\n",
      Shape{4, 4});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(names(r.model), "0:Flatten 1:Linear 2:Dropout 3:Identity 4:Linear 5:Identity");
}

TEST(pytorch_import, layers_added_in_a_loop_are_read_once_with_a_warning) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "layers = []\n"
      "for _ in range(3):\n"
      "    layers.append(nn.Linear(8, 8))\n"
      "model = nn.Sequential(*layers)\n",
      Shape{8});
  EXPECT_EQ(names(r.model), "0:Linear");
  EXPECT_EQ(message_lines(r.warnings),
            "4: modules added inside a for loop are read once; Learnable does not run loops, so write the modules "
            "out to count every repetition\n");
}

TEST(pytorch_import, a_module_frozen_inline_or_by_a_helper) {
  ImportResult r = read_pytorch(
      "import torch\n"
      "from torch import nn\n"
      "def frozen(module):\n"
      "    for p in module.parameters():\n"
      "        p.requires_grad_(False)\n"
      "    return module\n"
      "model = nn.Sequential(\n"
      "    nn.Linear(4, 4).requires_grad_(False),\n"
      "    frozen(nn.Linear(4, 4)),\n"
      "    nn.Linear(4, 2),\n"
      ")\n",
      Shape{4});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  Calculator calc(r.model);
  EXPECT_EQ(calc.results()[0].trainable, 0);
  EXPECT_EQ(calc.results()[1].trainable, 0);
  EXPECT_EQ(calc.results()[2].trainable, 10);
  EXPECT_EQ(calc.totals().non_trainable, 40);
}

TEST(pytorch_import, modules_frozen_after_the_model_is_built) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(nn.Linear(4, 4), nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 4)), nn.Linear(4, 2))\n"
      "for p in model[0].parameters():\n"
      "    p.requires_grad = False\n"
      "for param in model[1].parameters(): param.requires_grad_(False)\n"
      "model[-1].requires_grad_(False)\n"
      "model[1][0].requires_grad_(True)\n",
      Shape{4});
  EXPECT_EQ(message_lines(r.warnings), "");
  Calculator calc(r.model);
  EXPECT_EQ(calc.results()[0].trainable, 0);
  EXPECT_EQ(calc.results()[1].trainable, 20);
  EXPECT_EQ(calc.results()[2].trainable, 0);
  EXPECT_EQ(calc.results()[3].trainable, 0);
  EXPECT_EQ(calc.totals().trainable, 20);
}

TEST(pytorch_import, freezing_one_parameter_of_a_module) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2))\nmodel[0].bias.requires_grad_(False)\n",
                        Shape{4});
  EXPECT_EQ(message_lines(r.warnings), "");
  ASSERT_EQ(r.model.layers[0].frozen.size(), 1u);
  EXPECT_EQ(r.model.layers[0].frozen[0].name, "bias");
  EXPECT_EQ(Calculator(r.model).totals().trainable, 8);
}

TEST(pytorch_import, a_module_subclass_that_chains_its_modules) {
  ImportResult r = read_pytorch(
      "import torch\n"
      "import torch.nn as nn\n"
      "import torch.nn.functional as F\n"
      "\n"
      "class Net(nn.Module):\n"
      "    def __init__(self, hidden=32):\n"
      "        super().__init__()\n"
      "        self.features = nn.Sequential(nn.Linear(64, hidden), nn.Dropout(0.1))\n"
      "        self.head = nn.Linear(hidden, 10)\n"
      "\n"
      "    def forward(self, x):\n"
      "        x = torch.flatten(x, 1)\n"
      "        x = F.relu(self.features(x))\n"
      "        return F.log_softmax(self.head(x), dim=1)\n"
      "\n"
      "model = Net()\n"
      "summary(model, (4, 4, 4))\n");
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(names(r.model), "torch.flatten:Flatten features.0:Linear features.1:Dropout head:Linear");
  Calculator calc(r.model);
  EXPECT_TRUE(calc.all_resolved());
  EXPECT_EQ(calc.totals().params, 64 * 32 + 32 + 330);
}

TEST(pytorch_import, the_pytorch_tutorials_cifar_net) {
  // pytorch.org's "Training a classifier" tutorial, as published: 62,006 parameters.
  ImportResult r = read_pytorch(
      "import torch\n"
      "import torch.nn as nn\n"
      "import torch.nn.functional as F\n"
      "\n"
      "\n"
      "class Net(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.conv1 = nn.Conv2d(3, 6, 5)\n"
      "        self.pool = nn.MaxPool2d(2, 2)\n"
      "        self.conv2 = nn.Conv2d(6, 16, 5)\n"
      "        self.fc1 = nn.Linear(16 * 5 * 5, 120)\n"
      "        self.fc2 = nn.Linear(120, 84)\n"
      "        self.fc3 = nn.Linear(84, 10)\n"
      "\n"
      "    def forward(self, x):\n"
      "        x = self.pool(F.relu(self.conv1(x)))\n"
      "        x = self.pool(F.relu(self.conv2(x)))\n"
      "        x = torch.flatten(x, 1) # flatten all dimensions except batch\n"
      "        x = F.relu(self.fc1(x))\n"
      "        x = F.relu(self.fc2(x))\n"
      "        x = self.fc3(x)\n"
      "        return x\n"
      "\n"
      "\n"
      "net = Net()\n",
      Shape{3, 32, 32});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "");
  EXPECT_EQ(names(r.model), "conv1:Conv2d pool:MaxPool2d conv2:Conv2d pool:MaxPool2d torch.flatten:Flatten fc1:Linear "
                            "fc2:Linear fc3:Linear");
  EXPECT_EQ(r.model.layers[3].shares, "pool");  // self.pool called again: the same module
  Calculator calc(r.model);
  EXPECT_TRUE(calc.all_resolved());
  EXPECT_EQ(calc.totals().params, 62006);
  EXPECT_EQ(calc.results()[4].output_shape, (Shape{400}));
}

TEST(pytorch_import, setattr_adds_or_replaces_a_child) {
  ImportResult r = read_pytorch("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(8, 4))\nmodel.head = nn.Linear(4, 2)\n"
                        "model.head = nn.Linear(4, 3)\n",
                        Shape{8});
  EXPECT_EQ(names(r.model), "0:Linear head:Linear");
  EXPECT_EQ(arg(r.model.layers[1], "out_features")->integer, 3);
}

TEST(pytorch_import, a_module_subclass_with_more_than_a_chain_is_refused) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "class Residual(nn.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.fc = nn.Linear(8, 8)\n"
      "    def forward(self, x):\n"
      "        return x + self.fc(x)\n"
      "model = Residual()\n",
      Shape{8});
  EXPECT_EQ(message_lines(r.errors),
            "7: Residual's forward() does more than call its modules one after another (line 7: x + self.fc(x)); "
            "Learnable reads nn.Sequential models, and an nn.Module subclass only when its forward() calls its "
            "modules one after another: write the model as nn.Sequential(...) to count it\n");
  EXPECT_TRUE(r.model.layers.empty());
}

TEST(pytorch_import, a_sequential_returned_by_a_function) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "def make_model(hidden=16):\n"
      "    model = nn.Sequential(nn.Linear(8, hidden))\n"
      "    model.append(nn.Linear(hidden, 1))\n"
      "    return model\n",
      Shape{8});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(names(r.model), "0:Linear 1:Linear");
  EXPECT_EQ(names(read_pytorch("import torch.nn as nn\ndef build():\n    return nn.Sequential(nn.Linear(8, 1))\nnet = build()\n",
                       Shape{8})
                      .model),
            "0:Linear");
}

TEST(pytorch_import, a_bracket_left_open_still_imports) {
  ImportResult r = read_pytorch(
      "import torch.nn as nn\n"
      "model = nn.Sequential(\n"
      "    nn.Linear(8, 4),\n"
      "    nn.Linear(4, 1)\n"
      "summary(model, (8,))\n");
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(message_lines(r.warnings), "2: the '(' opened here is never closed; read as closed before line 5\n");
  EXPECT_EQ(names(r.model), "0:Linear 1:Linear");
  EXPECT_EQ(r.model.input_shape, (Shape{8}));
}

TEST(pytorch_import, doctest_prompts_and_notebook_lines) {
  ImportResult r = read_pytorch(
      ">>> import torch.nn as nn\n"
      ">>> model = nn.Sequential(\n"
      "...     nn.Linear(8, 4),\n"
      "... )\n",
      Shape{8});
  EXPECT_EQ(message_lines(r.errors), "");
  EXPECT_EQ(names(r.model), "0:Linear");
  EXPECT_EQ(names(read_pytorch("!pip install torchsummary\nimport torch.nn as nn\nmodel = nn.Sequential(nn.Identity())\n", Shape{8})
                      .model),
            "0:Identity");
}

TEST(pytorch_import, no_model_at_all) {
  EXPECT_EQ(message_lines(read_pytorch("import torch\nx = torch.randn(3, 4)\n").errors),
            "1: no PyTorch model found: expected nn.Sequential(...), or a class ...(nn.Module) whose forward() calls "
            "its modules one after another\n");
  EXPECT_EQ(message_lines(read_pytorch("import torch.nn as nn\nmodel = nn.Sequential()\n", Shape{4}).warnings),
            "2: the nn.Sequential model has no modules\n");
}

TEST(pytorch_import, text_over_the_size_limit_is_refused) {
  std::string big(kMaxImportBytes + 1, ' ');
  ImportResult r = read_pytorch(big);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "the text has 8388609 bytes; Learnable reads at most 8 MB of code");
  EXPECT_EQ(r.model.framework, Framework::PyTorch);
}

TEST(pytorch_import, nesting_and_size_are_bounded) {
  std::string code = "import torch.nn as nn\nm = nn.Identity()\n";
  for (int k = 0; k < 40; ++k) code += "m = nn.Sequential(m, m)\n";
  ImportResult r = read_pytorch(code, Shape{4});
  EXPECT_NE(message_lines(r.errors).find("modules; Learnable reads at most that many"), std::string::npos);
  std::string deep = "import torch.nn as nn\nm = nn.Identity()\n";
  for (int k = 0; k < 40; ++k) deep += "m = nn.Sequential(m)\n";
  EXPECT_NE(message_lines(read_pytorch(deep, Shape{4}).errors).find("modules are nested too deeply here to read (more than 32)"),
            std::string::npos);
}

TEST(pytorch_import, detected_and_imported_through_import_model) {
  EXPECT_EQ(detect_format(kMlp), SourceFormat::PytorchCode);
  EXPECT_EQ(detect_format("import torch\nmodel = torch.nn.Sequential(torch.nn.Linear(4, 2))\n"), SourceFormat::PytorchCode);
  EXPECT_EQ(detect_format("from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(2)])\n"),
            SourceFormat::KerasCode);
  ImportResult r = import_model(kMlp, SourceFormat::Detect, {}, Shape{784});
  EXPECT_EQ(r.model.framework, Framework::PyTorch);
  EXPECT_EQ(r.model.input_shape, (Shape{784}));
  EXPECT_EQ(message_lines(r.errors), "");
}

TEST(pytorch_import, a_given_input_shape_replaces_the_keras_codes) {
  ImportResult r = import_model("model = Sequential([Input(shape=(8,)), Dense(2)])\n", SourceFormat::KerasCode, {},
                                Shape{4});
  EXPECT_EQ(r.model.input_shape, (Shape{4}));
  EXPECT_EQ(message_lines(r.warnings), "0: the text gives the input shape (None, 8); using the given input shape (None, 4)\n");
  EXPECT_EQ(import_model("model = Sequential([Dense(2)])\n", SourceFormat::KerasCode, {}, Shape{4}).model.input_shape,
            (Shape{4}));
}

TEST(pytorch_import, the_js_api_takes_input_shape_and_from) {
  JsonParse s = parse_json(api_summarize(js_string(kMlp), js_value("object", R"({"inputShape": [1, 28, 28]})")));
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.value.find("framework")->text, "pytorch");
  EXPECT_EQ(s.value.find("input_shape")->items.size(), 3u);
  EXPECT_EQ(s.value.find("errors")->items.size(), 0u);
  EXPECT_EQ(s.value.find("total")->integer, 784 * 128 + 128 + 128 * 10);
  JsonParse named = parse_json(
      api_summarize(js_string(kMlp), js_value("object", R"({"from": "pytorch-code", "inputShape": [784]})")));
  EXPECT_EQ(named.value.find("errors")->items.size(), 0u);
  JsonParse bad = parse_json(api_summarize(js_string(kMlp), js_value("object", R"({"inputShape": [1, 0.5, "a", [2]]})")));
  ASSERT_EQ(bad.value.find("errors")->items.size(), 1u);
  EXPECT_EQ(bad.value.find("errors")->items[0].find("message")->text,
            "options.inputShape must be an array of positive integers such as [3, 32, 32] (channels first for PyTorch, "
            "Keras' own layout for Keras), got [1, 0.5, \"a\", [...]]");
  EXPECT_EQ(bad.value.find("layers")->items.size(), 0u);
}
