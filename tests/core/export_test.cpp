// Exports: Keras 3's model.summary() and torchinfo's printouts, LaTeX, and the model as Keras and
// PyTorch code. Round trips: every case of tests/reference/keras_cases.json and every preset is
// imported, exported as Keras code (and as a model document), imported again, and must come back
// with the same layers, arguments, shapes and counts.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "reference_cases.h"
#include "core/export.h"
#include "core/js_api.h"
#include "core/json_reader.h"
#include "core/keras_code.h"
#include "core/keras_json.h"
#include "core/layer_type.h"
#include "core/model_json.h"
#include "core/presets.h"
#include "core/pytorch_code.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

namespace {

Calculator imported(const std::string& code) {
  ImportResult r = import_keras_code(code);
  EXPECT_TRUE(r.errors.empty()) << (r.errors.empty() ? "" : r.errors[0].message) << "\n" << code;
  return Calculator(r.model);
}

Calculator tutorial() { return imported(std::string(preset_code("tutorial"))); }

// A PyTorch model of `layers`, named 0, 1, ... as nn.Sequential names them, ready to export.
Calculator torch_calculator(Shape input, std::vector<Layer> layers) {
  Model m;
  m.framework = Framework::PyTorch;
  m.input_shape = std::move(input);
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i].name.empty()) layers[i].name = std::to_string(i);
  m.layers = std::move(layers);
  return Calculator(std::move(m));
}

// ---- comparing two models --------------------------------------------------------------------

bool numeric(const Value& v) { return v.kind == Value::Kind::Int || v.kind == Value::Kind::Float; }

// The same to the layer: 2 and (2, 2) for Ints, (1, 1) and [1, 1], 0 and 0.0.
bool same_meaning(const ArgSpec* spec, const Value& a, const Value& b) {
  if (a == b) return true;
  if (numeric(a) && numeric(b))
    return (a.is_int() ? static_cast<double>(a.integer) : a.number) == (b.is_int() ? static_cast<double>(b.integer) : b.number);
  if (a.is_sequence() && b.is_sequence()) {
    if (a.items.size() != b.items.size()) return false;
    for (size_t i = 0; i < a.items.size(); ++i)
      if (!same_meaning(spec, a.items[i], b.items[i])) return false;
    return true;
  }
  if (spec && spec->kind == ArgKind::Ints && (a.is_int() || b.is_int())) {
    const Value& one = a.is_int() ? a : b;
    const Value& many = a.is_int() ? b : a;
    if (!many.is_sequence()) return false;
    for (const Value& v : many.items)
      if (!v.is_int() || v.integer != one.integer) return false;
    return true;
  }
  return false;
}

// Every argument of `a` means the same in `b` (a missing one is the type's default), and back.
void expect_same_arguments(const Layer& a, const Layer& b, Framework framework, const std::string& where) {
  const LayerType* type = find_layer_type(a.type, framework);
  auto effective = [&](const Layer& l, const std::string& name, const ArgSpec* spec) -> Value {
    const Value* v = l.find_arg(name);
    if (v) return *v;
    return spec ? spec->default_value : Value::none();
  };
  for (const Layer* from : {&a, &b})
    for (const Argument& arg : from->args) {
      const ArgSpec* spec = type ? type->find_arg(arg.name) : nullptr;
      Value va = effective(a, arg.name, spec);
      Value vb = effective(b, arg.name, spec);
      EXPECT_TRUE(same_meaning(spec, va, vb))
          << where << " argument " << arg.name << ": " << va.to_python() << " became " << vb.to_python();
    }
  ASSERT_EQ(a.inner.size(), b.inner.size()) << where;
  for (size_t k = 0; k < a.inner.size(); ++k) {
    EXPECT_EQ(a.inner[k].type, b.inner[k].type) << where << " wrapped layer";
    EXPECT_EQ(a.inner[k].name, b.inner[k].name) << where << " wrapped layer";
    expect_same_arguments(a.inner[k], b.inner[k], framework, where + " wrapped");
  }
}

void expect_same_model(const Calculator& a, const Calculator& b) {
  EXPECT_EQ(a.model().framework, b.model().framework);
  EXPECT_EQ(a.model().input_shape, b.model().input_shape);
  ASSERT_EQ(a.model().layers.size(), b.model().layers.size());
  for (size_t i = 0; i < a.model().layers.size(); ++i) {
    const Layer& la = a.model().layers[i];
    const Layer& lb = b.model().layers[i];
    const LayerResult& ra = a.results()[i];
    const LayerResult& rb = b.results()[i];
    std::string where = "layer " + std::to_string(i + 1) + " " + la.name + " (" + la.type + ")";
    EXPECT_EQ(la.type, lb.type) << where;
    EXPECT_EQ(la.name, lb.name) << where;
    expect_same_arguments(la, lb, a.model().framework, where);
    EXPECT_EQ(ra.status, rb.status) << where;
    EXPECT_EQ(ra.output_shape, rb.output_shape) << where;
    EXPECT_EQ(ra.params, rb.params) << where;
    EXPECT_EQ(ra.trainable, rb.trainable) << where;
    EXPECT_EQ(ra.non_trainable, rb.non_trainable) << where;
    EXPECT_EQ(ra.buffers, rb.buffers) << where;
    EXPECT_EQ(ra.formula, rb.formula) << where;
    EXPECT_EQ(ra.error, rb.error) << where;
  }
  EXPECT_EQ(a.totals().params, b.totals().params);
  EXPECT_EQ(a.totals().trainable, b.totals().trainable);
  EXPECT_EQ(a.totals().non_trainable, b.totals().non_trainable);
}

// Keras code -> model -> Keras code -> model: the same model, and the code a fixed point.
void expect_keras_code_round_trip(const std::string& code) {
  ImportResult first = import_keras_code(code);
  Calculator before(first.model);
  ExportResult exported = keras_code(before.model());
  ASSERT_TRUE(exported.ok()) << exported.error;
  SCOPED_TRACE("exported as:\n" + exported.text);
  ImportResult again = import_keras_code(exported.text);
  for (const ImportMessage& e : again.errors) ADD_FAILURE() << "re-import error line " << e.where.line << ": " << e.message;
  for (const ImportMessage& w : again.warnings) ADD_FAILURE() << "re-import warning line " << w.where.line << ": " << w.message;
  Calculator after(again.model);
  expect_same_model(before, after);
  EXPECT_EQ(keras_code(after.model()).text, exported.text) << "exporting again changed the code";
}

// Model -> Keras 3's to_json() -> model.
void expect_keras_json_round_trip(const std::string& code) {
  Calculator before(import_keras_code(code).model);
  ExportResult exported = export_model(before, {}, ExportFormat::KerasJson);
  ASSERT_TRUE(exported.ok()) << exported.error;
  ImportResult again = import_keras_json(exported.text);
  for (const ImportMessage& e : again.errors) ADD_FAILURE() << "Keras JSON error: " << e.message;
  expect_same_model(before, Calculator(again.model));
}

// Model -> model document -> model.
void expect_document_round_trip(const std::string& code) {
  Calculator before(import_keras_code(code).model);
  ImportResult again = model_from_json(model_to_json(before.model()));
  for (const ImportMessage& e : again.errors) ADD_FAILURE() << "document error: " << e.message;
  expect_same_model(before, Calculator(again.model));
}

// ---- the reference cases ---------------------------------------------------------------------

const std::vector<Json>& cases() { return learnable::testing::reference_cases("keras_cases.json"); }

std::vector<size_t> case_indices() {
  std::vector<size_t> indices;
  for (size_t i = 0; i < cases().size(); ++i) indices.push_back(i);
  return indices;
}

std::string case_name(const ::testing::TestParamInfo<size_t>& info) { return cases()[info.param].find("id")->text; }

// tests/reference/torch_cases.json: 471 nn.Sequential models as PyTorch ran them.
const std::vector<Json>& torch_cases() { return learnable::testing::reference_cases("torch_cases.json"); }

std::vector<size_t> torch_case_indices() {
  std::vector<size_t> indices;
  for (size_t i = 0; i < torch_cases().size(); ++i) indices.push_back(i);
  return indices;
}

std::string torch_case_name(const ::testing::TestParamInfo<size_t>& info) { return torch_cases()[info.param].find("id")->text; }

std::vector<std::string> preset_ids() {
  std::vector<std::string> ids;
  for (const Preset& p : presets()) ids.push_back(p.id);
  return ids;
}

}  // namespace

// ---- round trips -----------------------------------------------------------------------------

class export_keras_cases : public ::testing::TestWithParam<size_t> {};

TEST_P(export_keras_cases, keras_code_round_trip) {
  const std::string code = cases()[GetParam()].find("code")->text;
  SCOPED_TRACE("\n" + code);
  expect_keras_code_round_trip(code);
}

TEST_P(export_keras_cases, model_document_round_trip) {
  const std::string code = cases()[GetParam()].find("code")->text;
  SCOPED_TRACE("\n" + code);
  expect_document_round_trip(code);
}

TEST_P(export_keras_cases, keras_json_round_trip) {
  const std::string code = cases()[GetParam()].find("code")->text;
  SCOPED_TRACE("\n" + code);
  expect_keras_json_round_trip(code);
}

INSTANTIATE_TEST_SUITE_P(reference, export_keras_cases, ::testing::ValuesIn(case_indices()), case_name);

TEST(export_keras_cases_data, all_390_cases_are_there) { EXPECT_GE(cases().size(), 390u); }

// PyTorch code -> model (input shape from the case) -> PyTorch code -> model: the exported code
// states the input itself (its run on a batch of two), and comes back the same.
class export_torch_cases : public ::testing::TestWithParam<size_t> {};

TEST_P(export_torch_cases, pytorch_code_round_trip) {
  const Json& c = torch_cases()[GetParam()];
  const std::string code = c.find("code")->text;
  SCOPED_TRACE("\n" + code);
  PytorchOptions options;
  Shape input;
  for (const Json& d : c.find("input_shape")->items) input.push_back(d.is_null() ? kUnknown : d.integer);
  options.input_shape = input;
  Calculator before(import_pytorch_code(code, options).model);
  ExportResult exported = pytorch_code(before.model());
  ASSERT_TRUE(exported.ok()) << exported.error;
  SCOPED_TRACE("exported as:\n" + exported.text);
  ImportResult again = import_pytorch_code(exported.text);
  for (const ImportMessage& e : again.errors) ADD_FAILURE() << "re-import error line " << e.where.line << ": " << e.message;
  Calculator after(again.model);
  expect_same_model(before, after);
  EXPECT_EQ(pytorch_code(after.model()).text, exported.text) << "exporting again changed the code";
}

INSTANTIATE_TEST_SUITE_P(reference, export_torch_cases, ::testing::ValuesIn(torch_case_indices()), torch_case_name);

TEST(export_torch_cases_data, all_471_cases_are_there) { EXPECT_GE(torch_cases().size(), 471u); }

class export_presets : public ::testing::TestWithParam<std::string> {};

TEST_P(export_presets, keras_code_round_trip) { expect_keras_code_round_trip(std::string(preset_code(GetParam()))); }
TEST_P(export_presets, model_document_round_trip) { expect_document_round_trip(std::string(preset_code(GetParam()))); }
TEST_P(export_presets, keras_json_round_trip) { expect_keras_json_round_trip(std::string(preset_code(GetParam()))); }

INSTANTIATE_TEST_SUITE_P(all, export_presets, ::testing::ValuesIn(preset_ids()));

// ---- formats ---------------------------------------------------------------------------------

TEST(export_formats, names_read_back) {
  for (ExportFormat f : export_formats()) {
    ExportFormat read = ExportFormat::Table;
    EXPECT_TRUE(parse_export_format(export_format_name(f), read)) << export_format_name(f);
    EXPECT_EQ(read, f);
  }
  ExportFormat unused = ExportFormat::Table;
  EXPECT_FALSE(parse_export_format("yaml", unused));
}

TEST(export_formats, framework_specific_ones_refuse_the_other_framework) {
  Calculator keras = tutorial();
  ExportResult r = export_model(keras, {}, ExportFormat::PytorchCode);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.text, "");
  EXPECT_EQ(r.error,
            "pytorch-code is for PyTorch models, and this model follows Keras' conventions; convert the model to "
            "PyTorch first, or use keras-summary, keras-code or keras-json");
  EXPECT_FALSE(export_model(keras, {}, ExportFormat::Torchinfo).ok());
  EXPECT_FALSE(pytorch_code(keras.model()).ok());

  Calculator torch = torch_calculator({784}, {layer("Linear", {{"in_features", i(784)}, {"out_features", i(10)}})});
  EXPECT_FALSE(export_model(torch, {}, ExportFormat::KerasCode).ok());
  EXPECT_FALSE(export_model(torch, {}, ExportFormat::KerasSummary).ok());
  EXPECT_FALSE(export_model(torch, {}, ExportFormat::KerasJson).ok());
  EXPECT_EQ(keras_code(torch.model()).error,
            "this model follows PyTorch's conventions; Keras code is written for Keras models only (convert the model first)");
  for (ExportFormat f : {ExportFormat::Table, ExportFormat::Json, ExportFormat::Markdown, ExportFormat::Csv, ExportFormat::Latex})
    EXPECT_TRUE(export_model(torch, {}, f).ok()) << export_format_name(f);
}

TEST(keras_summary, tutorial_as_keras_3_prints_it) {
  EXPECT_EQ(summary_keras_text(tutorial()),
            "Model: \"sequential\"\n"
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
            "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
            "│ Conv1 (Conv2D)                  │ (None, 32, 32, 32)     │           896 │\n"
            "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
            "│ Conv2 (Conv2D)                  │ (None, 32, 32, 64)     │        18,496 │\n"
            "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
            "│ Conv3 (Conv2D)                  │ (None, 32, 32, 128)    │        73,856 │\n"
            "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
            "│ Conv4 (Conv2D)                  │ (None, 32, 32, 256)    │        33,024 │\n"
            "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
            "│ Flatten (Flatten)               │ (None, 262144)         │             0 │\n"
            "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
            "│ Output (Dense)                  │ (None, 10)             │     2,621,450 │\n"
            "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
            " Total params: 2,747,722 (10.48 MB)\n"
            " Trainable params: 2,747,722 (10.48 MB)\n"
            " Non-trainable params: 0 (0.00 B)\n");
}

// In a terminal of 92 columns or more Keras uses its default line length, 88: rich takes the
// 10 columns of padding and borders from the three columns' 39, 31 and 18 as 3, 4 and 3. The
// expected lines were printed by rich 13 itself, given Keras' columns.
TEST(keras_summary, wide_terminal_and_wrapped_names) {
  Calculator calc = imported(
      "model = keras.Sequential([keras.Input(shape=(8, 8, 64)), layers.BatchNormalization(),\n"
      "                          layers.GlobalAveragePooling2D()])\n");
  std::string text = summary_keras_text(calc, 88);
  EXPECT_NE(text.find("┏" + std::string() + "━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳"), std::string::npos) << text;
  EXPECT_NE(text.find("│ batch_normalization                  │ (None, 8, 8, 64)            │             256 │\n"
                      "│ (BatchNormalization)                 │                             │                 │\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(" Total params: 256 (1.00 KB)\n Trainable params: 128 (512.00 B)\n Non-trainable params: 128 (512.00 B)\n"),
            std::string::npos)
      << text;
  // A word longer than its column is cut with an ellipsis, as rich does (checked against rich 13).
  Calculator long_name = imported("model = keras.Sequential([keras.Input(shape=(64,)),\n"
                                  "    layers.Dense(10, name='a_very_long_layer_name_without_any_space_at_all')])\n");
  EXPECT_NE(summary_keras_text(long_name).find("│ a_very_long_layer_name_without… │ (None, 10)             │           650 │\n"
                                               "│ (Dense)                         │                        │               │\n"),
            std::string::npos)
      << summary_keras_text(long_name);
  // At 76 the name column is 31 wide: the long name wraps at its space.
  EXPECT_NE(summary_keras_text(calc).find("│ global_average_pooling2d        │ (None, 64)             │             0 │\n"
                                          "│ (GlobalAveragePooling2D)        │                        │               │\n"),
            std::string::npos);
}

TEST(latex, tutorial_table) {
  EXPECT_EQ(summary_latex(tutorial()),
            "% Keras model, parameters counted by Learnable. Needs \\usepackage{booktabs}.\n"
            "\\begin{tabular}{llrl}\n"
            "\\toprule\n"
            "Layer (type) & Output shape & Param \\# & Formula \\\\\n"
            "\\midrule\n"
            "Conv1 (Conv2D) & (None, 32, 32, 32) & 896 & $3 \\times 288 + 32 = 896$ \\\\\n"
            "Conv2 (Conv2D) & (None, 32, 32, 64) & 18,496 & $32 \\times 576 + 64 = 18496$ \\\\\n"
            "Conv3 (Conv2D) & (None, 32, 32, 128) & 73,856 & $64 \\times 1152 + 128 = 73856$ \\\\\n"
            "Conv4 (Conv2D) & (None, 32, 32, 256) & 33,024 & $128 \\times 256 + 256 = 33024$ \\\\\n"
            "Flatten (Flatten) & (None, 262144) & 0 & Flatten only reshapes 32$\\times$32$\\times$256 into 262144 "
            "values: no learnable parameters \\\\\n"
            "Output (Dense) & (None, 10) & 2,621,450 & $262144 \\times 10 + 10 = 2621450$ \\\\\n"
            "\\midrule\n"
            "Total params & & 2,747,722 & \\\\\n"
            "Trainable params & & 2,747,722 & \\\\\n"
            "Non-trainable params & & 0 & \\\\\n"
            "\\bottomrule\n"
            "\\end{tabular}\n");
}

TEST(latex, escapes_names_and_errors) {
  Calculator calc = imported(
      "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, name='fc_1 & 50%'),\n"
      "                          layers.Conv2D(4, 3)])\n");
  std::string text = summary_latex(calc);
  EXPECT_NE(text.find("fc\\_1 \\& 50\\% (Dense) & (None, 8) & 40 & $4 \\times 8 + 8 = 40$ \\\\\n"), std::string::npos) << text;
  EXPECT_NE(text.find("conv2d (Conv2D) & error & -- & Conv2D needs input of shape"), std::string::npos) << text;
}

TEST(keras_code, tutorial) {
  ExportResult r = keras_code(tutorial().model());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.text,
            "import keras\n"
            "from keras import layers\n"
            "\n"
            "model = keras.Sequential([\n"
            "    keras.Input(shape=(32, 32, 3)),\n"
            "    layers.Conv2D(32, (3, 3), padding='same', activation='relu', name='Conv1'),\n"
            "    layers.Conv2D(64, (3, 3), padding='same', activation='relu', name='Conv2'),\n"
            "    layers.Conv2D(128, (3, 3), padding='same', activation='relu', name='Conv3'),\n"
            "    layers.Conv2D(256, (1, 1), padding='same', activation='relu', name='Conv4'),\n"
            "    layers.Flatten(name='Flatten'),\n"
            "    layers.Dense(10, activation='softmax', name='Output'),\n"
            "])\n"
            "model.summary()\n");
}

TEST(keras_code, defaults_left_out_wrappers_nested_automatic_names_dropped) {
  Calculator calc = imported(
      "model = tf.keras.Sequential([\n"
      "  tf.keras.layers.Embedding(input_dim=1000, output_dim=16, input_length=20, name='embedding'),\n"
      "  tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(units=8, return_sequences=True), merge_mode='sum'),\n"
      "  tf.keras.layers.Conv1D(filters=4, kernel_size=3, strides=1, padding='valid', use_bias=False,\n"
      "                         kernel_regularizer=tf.keras.regularizers.l2(0.01)),\n"
      "  tf.keras.layers.MaxPooling1D(pool_size=2, name='pool'),\n"
      "  tf.keras.layers.Dense(1, trainable=False, name='dense_1'),\n"
      "])\n");
  ExportResult r = keras_code(calc.model());
  EXPECT_EQ(r.text,
            "import tensorflow as tf\n"
            "import keras\n"
            "from keras import layers\n"
            "\n"
            "model = keras.Sequential([\n"
            "    layers.Embedding(1000, 16, input_length=20),\n"
            "    layers.Bidirectional(layers.LSTM(8, return_sequences=True), merge_mode='sum'),\n"
            "    layers.Conv1D(4, 3, use_bias=False, kernel_regularizer=tf.keras.regularizers.l2(0.01)),\n"
            "    layers.MaxPooling1D(name='pool'),\n"
            "    layers.Dense(1, trainable=False, name='dense_1'),\n"
            "])\n"
            "model.summary()\n");
}

TEST(keras_code, a_name_keras_would_give_differently_is_kept) {
  // The first Dense was named "dense_1" by hand, so the second became "dense_2"; Keras would call
  // it "dense", so its name is written, and the third, "dense", needs none.
  Calculator calc = imported(
      "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, name='dense_1'), layers.Dense(2),\n"
      "                          layers.Dense(1, name='dense')])\n");
  EXPECT_EQ(calc.model().layers[1].name, "dense_2");
  std::string text = keras_code(calc.model()).text;
  EXPECT_NE(text.find("    layers.Dense(8, name='dense_1'),\n    layers.Dense(2, name='dense_2'),\n    layers.Dense(1),\n"),
            std::string::npos)
      << text;
}

TEST(keras_code, empty_model_and_no_input) {
  Model m;
  EXPECT_EQ(keras_code(m).text, "import keras\nfrom keras import layers\n\nmodel = keras.Sequential([])\nmodel.summary()\n");
}

TEST(torchinfo, linear_model) {
  Layer frozen = layer("Linear", {{"in_features", i(128)}, {"out_features", i(10)}, {"bias", b(false)}, {"trainable", b(false)}});
  Calculator calc = torch_calculator({784}, {layer("Linear", {{"in_features", i(784)}, {"out_features", i(128)}}),
                                        layer("Dropout", {{"p", f(0.2)}}), frozen});
  EXPECT_EQ(summary_torchinfo_text(calc),
            "==========================================================================================\n"
            "Layer (type:depth-idx)                   Output Shape              Param #\n"
            "==========================================================================================\n"
            "Sequential                               [1, 10]                   --\n"
            "├─Linear: 1-1                            [1, 128]                  100,480\n"
            "├─Dropout: 1-2                           [1, 128]                  --\n"
            "├─Linear: 1-3                            [1, 10]                   (1,280)\n"
            "==========================================================================================\n"
            "Total params: 101,760\n"
            "Trainable params: 100,480\n"
            "Non-trainable params: 1,280\n"
            "Buffers (not parameters): 0\n"
            "==========================================================================================\n");
}

TEST(pytorch_code, numbered_modules) {
  Layer frozen = layer("Linear", {{"in_features", i(128)}, {"out_features", i(10)}, {"bias", b(false)}, {"trainable", b(false)}});
  Calculator calc = torch_calculator({784}, {layer("Linear", {{"in_features", i(784)}, {"out_features", i(128)}, {"bias", b(true)}}),
                                        layer("Dropout", {{"p", f(0.5)}}), layer("Dropout", {{"p", f(0.2)}}), frozen});
  ExportResult r = pytorch_code(calc.model());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text,
            "import torch\n"
            "import torch.nn as nn\n"
            "\n"
            "# Input: (N, 784), N being the batch size\n"
            "model = nn.Sequential(\n"
            "    nn.Linear(784, 128),\n"
            "    nn.Dropout(),\n"
            "    nn.Dropout(0.2),\n"
            "    nn.Linear(128, 10, bias=False).requires_grad_(False),\n"
            ")\n"
            "\n"
            "print(model(torch.randn(2, 784)).shape)  # torch.Size([2, 10])\n"
            "\n"
            "# torchinfo's table of the model (pip install torchinfo):\n"
            "# from torchinfo import summary\n"
            "# summary(model, input_size=(1, 784))\n");
}

TEST(pytorch_code, named_modules_in_an_ordered_dict) {
  Layer fc = layer("Linear", {{"in_features", i(64)}, {"out_features", i(10)}});
  fc.name = "fc";
  Layer flatten = layer("Flatten");
  flatten.name = "flatten";
  Calculator calc = torch_calculator({4, 4, 4}, {flatten, fc});
  EXPECT_EQ(pytorch_code(calc.model()).text,
            "from collections import OrderedDict\n"
            "\n"
            "import torch\n"
            "import torch.nn as nn\n"
            "\n"
            "# Input: (N, 4, 4, 4), N being the batch size\n"
            "model = nn.Sequential(OrderedDict([\n"
            "    ('flatten', nn.Flatten()),\n"
            "    ('fc', nn.Linear(64, 10)),\n"
            "]))\n"
            "\n"
            "print(model(torch.randn(2, 4, 4, 4)).shape)  # torch.Size([2, 10])\n"
            "\n"
            "# torchinfo's table of the model (pip install torchinfo):\n"
            "# from torchinfo import summary\n"
            "# summary(model, input_size=(1, 4, 4, 4))\n");
}

// ---- the JS API's exportModel (tests/node/exports.test.mjs runs it in WebAssembly) --------------

TEST(export_js_api, answers_with_the_text_or_errors) {
  JsonParse a = parse_json(api_export_model(js_string(std::string(preset_code("tutorial"))), js_string("keras-summary"), js_undefined()));
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.value.find("text")->text, summary_keras_text(tutorial()));
  EXPECT_EQ(a.value.find("format")->text, "keras-summary");
  EXPECT_EQ(a.value.find("framework")->text, "keras");
  EXPECT_TRUE(a.value.find("errors")->items.empty());

  const std::string torch_doc =
      R"({"learnable": 1, "framework": "pytorch", "input_shape": [4],)"
      R"( "layers": [{"type": "Linear", "name": "0", "args": {"in_features": 4, "out_features": 2}}]})";
  JsonParse refused = parse_json(api_export_model(js_value("object", torch_doc), js_string("keras-code"), js_undefined()));
  ASSERT_TRUE(refused.ok);
  EXPECT_TRUE(refused.value.find("text")->is_null());
  EXPECT_EQ(refused.value.find("framework")->text, "pytorch");
  EXPECT_EQ(refused.value.find("errors")->items.at(0).find("message")->text.rfind("exportModel: keras-code is for Keras models", 0), 0u);
  JsonParse code = parse_json(api_export_model(js_value("object", torch_doc), js_string("pytorch-code"), js_undefined()));
  EXPECT_EQ(code.value.find("text")->text, pytorch_code(model_from_json(torch_doc).model).text);

  JsonParse unknown = parse_json(api_export_model(js_string("model = Sequential([Input((4,)), Dense(2)])"), js_string("yaml"), js_undefined()));
  EXPECT_TRUE(unknown.value.find("text")->is_null());
  EXPECT_TRUE(unknown.value.find("format")->is_null());

  JsonParse formats = parse_json(api_export_formats());
  ASSERT_TRUE(formats.ok);
  EXPECT_EQ(formats.value.items.size(), export_formats().size());
}
