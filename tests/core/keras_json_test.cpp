// Keras JSON: every tfjs-generated case in tests/reference/keras_json_cases.json must import with
// tfjs' own per-layer numbers; the Keras 3 and tf.keras 2 documents in tests/data/keras_json/
// must give the totals worked out by hand below; export -> import gives back the same model for
// every Keras-code case and preset; problems carry their JSON path, line, column and caret; and
// the format detection and import_model dispatch of model_import.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "reference_cases.h"
#include "core/calculator.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/keras_code.h"
#include "core/js_api.h"
#include "core/keras_json.h"
#include "core/layer_type.h"
#include "core/model_import.h"
#include "core/presets.h"
#include "core/summary.h"
#include "core/text.h"
#include "test_util.h"

using namespace learnable;

namespace {

using learnable::testing::count;
using learnable::testing::shape_of;

std::string read_file(const std::string& relative) { return learnable::testing::read_test_file(relative); }

const std::vector<Json>& json_cases() { return learnable::testing::reference_cases("keras_json_cases.json"); }
const std::vector<Json>& code_cases() { return learnable::testing::reference_cases("keras_cases.json"); }

std::string all_messages(const ImportResult& r) {
  std::string out;
  for (const auto* list : {&r.errors, &r.warnings})
    for (const ImportMessage& m : *list) out += cat({"\n  line ", m.where.line, ": ", m.message});
  return out;
}

std::vector<size_t> indices(size_t n) {
  std::vector<size_t> out;
  for (size_t i = 0; i < n; ++i) out.push_back(i);
  return out;
}

// ---- tfjs' model.toJSON() ----------------------------------------------------------------------

class keras_json_reference : public ::testing::TestWithParam<size_t> {};

TEST_P(keras_json_reference, matches_tfjs) {
  const Json& c = json_cases()[GetParam()];
  const std::string text = c.find("keras_json")->text;
  SCOPED_TRACE(text.substr(0, 400));
  EXPECT_EQ(detect_format(text), SourceFormat::KerasJson);
  ImportResult imported = import_keras_json(text);
  EXPECT_TRUE(imported.errors.empty() && imported.warnings.empty()) << all_messages(imported);
  ASSERT_TRUE(imported.model.input_shape.has_value());
  EXPECT_EQ(*imported.model.input_shape, shape_of(*c.find("input_shape")));
  Calculator calc(imported.model);
  const auto& expected = c.find("layers")->items;
  ASSERT_EQ(calc.results().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Json& want = expected[i];
    const LayerResult& got = calc.results()[i];
    SCOPED_TRACE(cat({"layer ", i + 1, " ", want.find("type")->text}));
    ASSERT_TRUE(got.ok()) << got.error;
    EXPECT_EQ(calc.model().layers[i].type, want.find("type")->text);
    EXPECT_EQ(got.output_shape, shape_of(*want.find("output_shape")));
    EXPECT_EQ(got.params, count(want, "params"));
    EXPECT_EQ(got.trainable, count(want, "trainable"));
    EXPECT_EQ(got.non_trainable, count(want, "non_trainable"));
  }
  EXPECT_EQ(calc.totals().params, count(c, "total"));
  EXPECT_EQ(calc.totals().trainable, count(c, "trainable"));
  EXPECT_EQ(calc.totals().non_trainable, count(c, "non_trainable"));
}

std::string json_case_name(const ::testing::TestParamInfo<size_t>& info) {
  return json_cases()[info.param].find("id")->text;
}

INSTANTIATE_TEST_SUITE_P(cases, keras_json_reference, ::testing::ValuesIn(indices(json_cases().size())), json_case_name);

TEST(keras_json_reference_data, covers_every_layer_type_tfjs_has) {
  ASSERT_GE(json_cases().size(), 150u);
  std::map<std::string, int> types, wraps;
  for (const Json& c : json_cases()) {
    ++wraps[c.find("wrap")->text];
    for (const Json& l : c.find("layers")->items) ++types[l.find("type")->text];
  }
  EXPECT_GE(types.size(), 45u);
  for (const auto& [type, n] : types) EXPECT_GE(n, 3) << type;
  EXPECT_GT(wraps["model.json"], 10);
  EXPECT_GT(wraps["pretty"], 10);
}

// ---- Keras 3 and tf.keras 2 documents, worked by hand ----------------------------------------

struct Expected {
  const char* file;
  Shape input;
  std::vector<int64_t> params;  // per layer
  int64_t total, trainable, non_trainable;
};

TEST(keras_json_documents, give_the_counts_worked_by_hand) {
  const std::vector<Expected> documents = {
      // Conv 3*3*3*32 + 32; Conv 3*3*32*64 + 64; pool; BatchNorm 4*64 (2*64 moving stats
      // non-trainable); Flatten 16*16*64 = 16384; Dropout; Dense 16384*10 + 10.
      {"keras3_cnn.json", {32, 32, 3}, {896, 18496, 0, 256, 0, 0, 163850}, 183498, 183370, 128},
      // Embedding 10000*64; Bidirectional 2*4*(64*32 + 32*32 + 32); GRU (reset_after=True)
      // 3*(64*16 + 16*16 + 2*16); Dense 16 + 1.
      {"keras3_text_classifier.json", {100}, {640000, 24832, 3936, 17}, 668785, 668785, 0},
      // Functional chain: Dense 784*128 + 128; Dropout; Dense 128*10 + 10, frozen.
      {"keras3_functional_chain.json", {784}, {100480, 0, 1290}, 101770, 100480, 1290},
      // LeNet: Conv 5*5*1*6 + 6 on 28x28 -> 24x24; pool -> 12x12; Conv 5*5*6*16 + 16 -> 8x8;
      // pool -> 4x4; Flatten 256; Dense 256*120 + 120, 120*84 + 84, 84*10 + 10.
      {"tf_keras2_lenet.json", {28, 28, 1}, {156, 0, 2416, 0, 0, 30840, 10164, 850}, 44426, 44426, 0},
  };
  for (const Expected& e : documents) {
    SCOPED_TRACE(e.file);
    std::string text = read_file(cat({"data/keras_json/", e.file}));
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(detect_format(text), SourceFormat::KerasJson);
    ImportResult imported = import_model(text, SourceFormat::Detect, {});
    EXPECT_TRUE(imported.errors.empty() && imported.warnings.empty()) << all_messages(imported);
    ASSERT_TRUE(imported.model.input_shape.has_value());
    EXPECT_EQ(*imported.model.input_shape, e.input);
    Calculator calc(imported.model);
    ASSERT_EQ(calc.results().size(), e.params.size());
    for (size_t i = 0; i < e.params.size(); ++i) {
      EXPECT_TRUE(calc.results()[i].ok()) << calc.results()[i].error;
      EXPECT_EQ(calc.results()[i].params, e.params[i]) << "layer " << i + 1;
    }
    EXPECT_EQ(calc.totals().params, e.total);
    EXPECT_EQ(calc.totals().trainable, e.trainable);
    EXPECT_EQ(calc.totals().non_trainable, e.non_trainable);
  }
}

TEST(keras_json_documents, keras3_keeps_names_and_drops_the_mirrored_backward_layer) {
  ImportResult cnn = import_keras_json(read_file("data/keras_json/keras3_cnn.json"));
  ASSERT_EQ(cnn.model.layers.size(), 7u);
  EXPECT_EQ(cnn.model.layers[0].name, "Conv1");
  EXPECT_EQ(*cnn.model.layers[0].find_arg("kernel_size"), Value::tuple_of_ints({3, 3}));
  EXPECT_EQ(*cnn.model.layers[0].find_arg("padding"), Value::of_string("same"));
  const Value* init = cnn.model.layers[0].find_arg("kernel_initializer");
  ASSERT_NE(init, nullptr);
  EXPECT_EQ(init->kind, Value::Kind::Expr);
  EXPECT_EQ(init->text, R"({"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null})");
  EXPECT_EQ(cnn.model.layers[0].find_arg("dtype"), nullptr);      // float32 is the default
  EXPECT_EQ(cnn.model.layers[0].find_arg("trainable"), nullptr);  // so is trainable=True
  // At its "class_name", in the indented document.
  std::string text_cnn = read_file("data/keras_json/keras3_cnn.json");
  size_t at = text_cnn.find("\"Conv2D\"");
  EXPECT_EQ(cnn.model.layers[0].where.line, 1 + std::count(text_cnn.begin(), text_cnn.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  EXPECT_EQ(cnn.model.layers[0].where.column, static_cast<int>(at - text_cnn.rfind('\n', at)));

  ImportResult text = import_keras_json(read_file("data/keras_json/keras3_text_classifier.json"));
  ASSERT_EQ(text.model.layers.size(), 4u);
  const Layer& bi = text.model.layers[1];
  ASSERT_EQ(bi.inner.size(), 1u);
  EXPECT_EQ(bi.inner[0].type, "LSTM");
  EXPECT_EQ(bi.inner[0].name, "forward_lstm");
}

TEST(keras_json_documents, functional_with_a_branch_is_refused_with_the_reason) {
  std::string text = read_file("data/keras_json/keras3_functional_residual.json");
  ImportResult r = import_keras_json(text);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("layer 'add' takes 2 inputs"), std::string::npos) << r.errors[0].message;
  EXPECT_NE(r.errors[0].message.find("Learnable reads Sequential models"), std::string::npos);
  EXPECT_EQ(r.errors[0].where.line, 1);
  EXPECT_EQ(text.substr(text.find("\"Functional\""), 12), "\"Functional\"");
  EXPECT_EQ(r.errors[0].where.column, static_cast<int>(text.find("\"Functional\"")) + 1);
  EXPECT_TRUE(r.model.layers.empty());
}

TEST(keras_json_documents, an_unknown_layer_is_reported_once_with_its_json_path) {
  const std::string text =
      "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [\n"
      " {\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 8]}},\n"
      " {\"class_name\": \"Dense\", \"config\": {\"units\": 4, \"name\": \"dense\"}},\n"
      " {\"class_name\": \"Conv2d\", \"config\": {\"filters\": 4, \"name\": \"conv\"}},\n"
      " {\"class_name\": \"Dense\", \"config\": {\"units\": 2, \"name\": \"dense_1\"}}]}}";
  ImportResult r = import_keras_json(text);
  Calculator calc(r.model);
  std::vector<ImportMessage> errors = model_errors(calc, r);
  ASSERT_EQ(errors.size(), 1u) << all_messages(r) << (errors.size() > 1 ? errors[1].message : "");
  EXPECT_EQ(errors[0].message,
            "layers[2].class_name: Conv2d is not a layer type Learnable knows, so neither it nor the layers after it can "
            "be counted; did you mean Conv2D?");
  EXPECT_EQ(errors[0].layer, "conv");
  EXPECT_EQ(errors[0].where.line, 4);
  EXPECT_EQ(errors[0].where.column, 17);
  EXPECT_EQ(calc.results()[1].status, LayerStatus::Error);  // still the layer's own error in the table
  std::string json = summary_json(calc, r);
  EXPECT_EQ(json.find("unknown layer type", json.find("\"errors\":")), std::string::npos) << json;
  // A layer the calculator rejects for another reason is still reported by it.
  ImportResult bad = import_keras_json(
      "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": \"Dense\", \"config\": "
      "{\"units\": 0, \"batch_input_shape\": [null, 8]}}]}}");
  EXPECT_EQ(model_errors(Calculator(bad.model), bad).size(), 1u);
}

TEST(keras_json_documents, an_unknown_layer_is_an_error_on_it_and_the_rest_imports) {
  std::string text = read_file("data/keras_json/keras3_built_custom_layer.json");
  ImportResult r = import_keras_json(text);
  ASSERT_EQ(r.errors.size(), 1u) << all_messages(r);
  const ImportMessage& e = r.errors[0];
  EXPECT_EQ(e.message.rfind("layers[1].class_name: Scale is not a layer type Learnable knows", 0), 0u) << e.message;
  EXPECT_EQ(e.layer, "scale");
  EXPECT_EQ(e.where.column, static_cast<int>(text.find("\"Scale\"")) + 1);
  EXPECT_NE(e.excerpt.find("\"class_name\": \"Scale\""), std::string::npos) << e.excerpt;
  // The shape comes from build_input_shape (no InputLayer); every layer is kept.
  ASSERT_TRUE(r.model.input_shape.has_value());
  EXPECT_EQ(*r.model.input_shape, Shape{16});
  ASSERT_EQ(r.model.layers.size(), 3u);
  EXPECT_EQ(r.model.layers[1].type, "Scale");
  Calculator calc(r.model);
  EXPECT_EQ(calc.results()[0].params, 136);  // 16*8 + 8
  EXPECT_EQ(calc.results()[1].status, LayerStatus::Error);
  EXPECT_EQ(calc.results()[2].status, LayerStatus::Waiting);
}

// ---- Export, and the round trip --------------------------------------------------------------

Value plain(const Value& v) {
  if (!v.is_sequence()) return v;
  std::vector<Value> items;
  for (const Value& item : v.items) items.push_back(plain(item));
  return Value::tuple(std::move(items));
}

// The model that comes back has the same layers, names, counted arguments and numbers; the
// arguments that never change a count (initializers, activations, ...) are all still there.
void expect_same_layer(const Layer& a, const Layer& b, const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(canonical_type_name(a.type), b.type);
  EXPECT_EQ(a.name, b.name);
  const LayerType* type = find_layer_type(b.type);
  ASSERT_NE(type, nullptr);
  for (const ArgSpec& spec : type->args) {
    if (spec.kind == ArgKind::Wrapped) continue;
    const Value* va = a.find_arg(spec.name);
    const Value* vb = b.find_arg(spec.name);
    if (!spec.counted) {
      EXPECT_EQ(va != nullptr, vb != nullptr) << spec.name;
      continue;
    }
    EXPECT_EQ(plain(va ? *va : spec.default_value), plain(vb ? *vb : spec.default_value)) << spec.name;
  }
  const Value* ta = a.find_arg("trainable");
  EXPECT_EQ(ta && ta->kind == Value::Kind::Bool && !ta->boolean, b.find_arg("trainable") != nullptr);
  ASSERT_EQ(a.inner.size(), b.inner.size());
  for (size_t i = 0; i < a.inner.size(); ++i) expect_same_layer(a.inner[i], b.inner[i], where + " inner");
}

void expect_round_trip(const ImportResult& original, const std::string& where) {
  Calculator first(original.model);
  std::string json = keras_json(first.model());
  ImportResult back = import_keras_json(json);
  EXPECT_TRUE(back.errors.empty() && back.warnings.empty()) << where << all_messages(back) << "\n" << json;
  Calculator second(back.model);
  EXPECT_EQ(first.model().input_shape, second.model().input_shape) << where;
  ASSERT_EQ(first.results().size(), second.results().size()) << where;
  for (size_t i = 0; i < first.results().size(); ++i) {
    const LayerResult& a = first.results()[i];
    const LayerResult& b = second.results()[i];
    std::string at = cat({where, " layer ", i + 1});
    expect_same_layer(first.model().layers[i], second.model().layers[i], at);
    EXPECT_EQ(a.status, b.status) << at;
    EXPECT_EQ(a.output_shape, b.output_shape) << at;
    EXPECT_EQ(a.params, b.params) << at;
    EXPECT_EQ(a.trainable, b.trainable) << at;
    EXPECT_EQ(a.non_trainable, b.non_trainable) << at;
    EXPECT_EQ(a.formula, b.formula) << at;
  }
  EXPECT_EQ(first.totals().params, second.totals().params) << where;
  EXPECT_EQ(first.totals().trainable, second.totals().trainable) << where;
  // Written again, the document is the same text.
  EXPECT_EQ(keras_json(second.model()), json) << where;
}

TEST(keras_json_export, round_trips_every_keras_code_case) {
  ASSERT_GE(code_cases().size(), 200u);
  for (const Json& c : code_cases()) {
    ImportResult imported = import_keras_code(c.find("code")->text);
    ASSERT_TRUE(imported.errors.empty()) << c.find("id")->text;
    expect_round_trip(imported, c.find("id")->text);
  }
}

TEST(keras_json_export, round_trips_every_preset) {
  for (const Preset& p : presets()) expect_round_trip(import_keras_code(preset_code(p.id)), p.id);
}

TEST(keras_json_export, round_trips_the_hand_written_documents) {
  for (const char* file : {"keras3_cnn.json", "keras3_text_classifier.json", "keras3_functional_chain.json", "tf_keras2_lenet.json"})
    expect_round_trip(import_keras_json(read_file(cat({"data/keras_json/", file}))), file);
}

TEST(keras_json_export, writes_keras3_to_json) {
  ImportResult imported = import_keras_code(
      "model = Sequential([Input(shape=(None, 8)), Bidirectional(LSTM(4), name='bi'),\n"
      "  Dense(2, activation=tf.nn.relu, kernel_regularizer=regularizers.l2(1e-4),\n"
      "        kernel_initializer=tf.keras.initializers.HeNormal(), trainable=False, dtype='float64')])");
  ASSERT_TRUE(imported.errors.empty()) << all_messages(imported);
  std::string json = keras_json(Calculator(imported.model).model());
  JsonParse parsed = parse_json(json);
  ASSERT_TRUE(parsed.ok) << parsed.error << "\n" << json;
  const Json& doc = parsed.value;
  EXPECT_EQ(doc.find("module")->text, "keras");
  EXPECT_EQ(doc.find("class_name")->text, "Sequential");
  const Json& layers = *doc.find("config")->find("layers");
  ASSERT_EQ(layers.items.size(), 3u);
  const Json& input = layers.items[0];
  EXPECT_EQ(input.find("class_name")->text, "InputLayer");
  std::string batch_shape;
  for (const Json& d : input.find("config")->find("batch_shape")->items) batch_shape += d.is_null() ? "n," : cat({d.integer, ","});
  EXPECT_EQ(batch_shape, "n,n,8,");
  const Json& bi = layers.items[1];
  EXPECT_EQ(bi.find("module")->text, "keras.layers");
  EXPECT_TRUE(bi.find("registered_name")->is_null());
  EXPECT_EQ(bi.find("config")->find("name")->text, "bi");
  EXPECT_EQ(bi.find("config")->find("merge_mode")->text, "concat");  // a counted default, written out
  EXPECT_EQ(bi.find("config")->find("layer")->find("class_name")->text, "LSTM");
  EXPECT_EQ(bi.find("config")->find("layer")->find("config")->find("units")->integer, 4);
  const Json& dense = *layers.items[2].find("config");
  EXPECT_EQ(dense.find("name")->text, "dense");
  EXPECT_FALSE(dense.find("trainable")->boolean);
  EXPECT_EQ(dense.find("dtype")->find("class_name")->text, "DTypePolicy");
  EXPECT_EQ(dense.find("dtype")->find("config")->find("name")->text, "float64");
  EXPECT_EQ(dense.find("activation")->text, "relu");
  EXPECT_EQ(dense.find("kernel_regularizer")->find("class_name")->text, "L2");
  EXPECT_EQ(dense.find("kernel_regularizer")->find("module")->text, "keras.regularizers");
  EXPECT_EQ(dense.find("kernel_regularizer")->find("config")->find("l2")->number, 1e-4);
  EXPECT_EQ(dense.find("kernel_initializer")->find("class_name")->text, "HeNormal");
  EXPECT_TRUE(dense.find("use_bias")->boolean);
  EXPECT_EQ(doc.find("config")->find("build_input_shape")->items.size(), 3u);
  // Python's json.dumps spacing, on one line.
  EXPECT_EQ(json.find('\n'), std::string::npos);
  EXPECT_EQ(json.rfind("{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\"", 0), 0u);
}

TEST(keras_json_export, a_model_without_input_or_names_still_writes_keras_names) {
  Model m;
  m.layers.push_back(learnable::testing::layer("Dense", {{"units", learnable::testing::i(3)}}));
  m.layers.push_back(learnable::testing::layer("Dense", {{"units", learnable::testing::i(2)}}));
  m.layers.push_back(learnable::testing::layer("Dense", {{"units", learnable::testing::i(1)}}));
  m.layers[1].name = "dense";
  std::string json = keras_json(m);
  EXPECT_EQ(json.find("InputLayer"), std::string::npos);
  EXPECT_EQ(json.find("build_input_shape"), std::string::npos);
  EXPECT_NE(json.find("\"name\": \"dense_1\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"name\": \"dense_2\""), std::string::npos) << json;
  ImportResult back = import_keras_json(json);
  EXPECT_TRUE(back.errors.empty()) << all_messages(back);
  EXPECT_FALSE(back.model.input_shape.has_value());
  EXPECT_EQ(back.model.layers.size(), 3u);
}

TEST(keras_json_export, untranslatable_expressions_are_kept_as_their_source) {
  Model m;
  m.input_shape = Shape{4};
  m.layers.push_back(learnable::testing::layer("Dense", {{"units", learnable::testing::i(2)},
                                              {"kernel_initializer", Value::expr("my_init(3, scale)")},
                                              {"bias_initializer", Value::expr("initializers.Constant(0.1)")},
                                              {"activation", Value::expr("tf.keras.activations.swish")}}));
  std::string json = keras_json(m);
  EXPECT_NE(json.find("\"kernel_initializer\": \"my_init(3, scale)\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"class_name\": \"Constant\", \"config\": {\"value\": 0.1}"), std::string::npos) << json;
  EXPECT_NE(json.find("\"activation\": \"swish\""), std::string::npos) << json;
}

// ---- Problems, where they are ----------------------------------------------------------------

const char* kTwoDense =
    "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [\n"
    "  {\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 8]}},\n"
    "  {\"class_name\": \"Dense\", \"config\": {\"name\": \"d1\", \"units\": 4, \"frobnicate\": 1}},\n"
    "  {\"class_name\": \"MyAttention\", \"config\": {\"name\": \"attn\", \"num_heads\": 2}},\n"
    "  {\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 0, \"kernel_size\": [3, 3]}}\n"
    "]}}";

TEST(keras_json_errors, carry_the_json_path_line_column_and_caret) {
  ImportResult r = import_keras_json(kTwoDense);
  ASSERT_EQ(r.warnings.size(), 1u) << all_messages(r);
  EXPECT_EQ(r.warnings[0].message, "layers[1].config.frobnicate: Dense has no argument 'frobnicate' that Learnable knows; ignored");
  EXPECT_EQ(r.warnings[0].where.line, 3);
  EXPECT_EQ(r.warnings[0].where.column, 78);
  EXPECT_EQ(r.warnings[0].layer, "d1");
  EXPECT_EQ(r.warnings[0].excerpt,
            "  {\"class_name\": \"Dense\", \"config\": {\"name\": \"d1\", \"units\": 4, \"frobnicate\": 1}},\n"
            "                                                                             ^");
  ASSERT_EQ(r.errors.size(), 1u) << all_messages(r);
  EXPECT_EQ(r.errors[0].message.rfind("layers[2].class_name: MyAttention is not a layer type Learnable knows", 0), 0u);
  EXPECT_EQ(r.errors[0].where.line, 4);
  EXPECT_EQ(r.errors[0].where.column, 18);
  EXPECT_EQ(r.model.layers.size(), 3u);
  EXPECT_EQ(r.source, kTwoDense);
  // The layer's own fault (filters=0) is the calculator's, at the argument's line and column.
  Calculator calc(r.model);
  EXPECT_EQ(calc.results()[0].params, 36);
  EXPECT_EQ(calc.results()[1].status, LayerStatus::Error);
  EXPECT_EQ(r.model.layers[2].args[0].where.line, 5);
}

TEST(keras_json_errors, bad_values_and_shapes_name_their_path) {
  ImportResult r = import_keras_json(R"({"class_name": "Sequential", "config": {"layers": [
    {"class_name": "InputLayer", "config": {"batch_shape": [null, 0, "x"]}},
    {"class_name": "Dense", "config": {"units": 3, "trainable": "no"}},
    7,
    {"config": {}},
    {"class_name": "TimeDistributed", "config": {"layer": 5}},
    {"class_name": "Dense", "config": []}]}})");
  std::vector<std::string> messages;
  for (const ImportMessage& m : r.errors) messages.push_back(m.message);
  ASSERT_EQ(messages.size(), 5u) << all_messages(r);
  EXPECT_EQ(messages[0].rfind("layers[0].config.batch_shape: expected the input shape as a list", 0), 0u) << messages[0];
  EXPECT_EQ(messages[1].rfind("layers[2]: expected a layer", 0), 0u) << messages[1];
  EXPECT_EQ(messages[2].rfind("layers[3].class_name: every layer needs", 0), 0u) << messages[2];
  EXPECT_EQ(messages[3].rfind("layers[4].config.layer: expected a layer", 0), 0u) << messages[3];
  EXPECT_EQ(messages[4].rfind("layers[5].config: expected the Dense's arguments", 0), 0u) << messages[4];
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].message, "layers[1].config.trainable: expected true or false; ignored");
  EXPECT_EQ(r.warnings[0].where.line, 3);
}

TEST(keras_json_errors, not_json_or_not_a_model) {
  ImportResult broken = import_keras_json("{\"class_name\": \"Sequential\",\n \"config\": {\"layers\": [}");
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_EQ(broken.errors[0].message, "not valid JSON: unexpected character '}'");
  EXPECT_EQ(broken.errors[0].where.line, 2);
  EXPECT_EQ(broken.errors[0].where.column, 24);
  EXPECT_EQ(broken.errors[0].excerpt, " \"config\": {\"layers\": [}\n                       ^");

  ImportResult layer = import_keras_json(R"({"class_name": "Dense", "config": {"units": 3}})");
  ASSERT_EQ(layer.errors.size(), 1u);
  EXPECT_EQ(layer.errors[0].message, "class_name: Dense is a layer, not a model; Learnable reads Keras Sequential models (\"class_name\": \"Sequential\")");

  ImportResult array = import_keras_json("[1, 2]");
  ASSERT_EQ(array.errors.size(), 1u);
  EXPECT_NE(array.errors[0].message.find("expected a Keras model"), std::string::npos);

  ImportResult nested = import_keras_json(R"({"class_name": "Sequential", "config": {"layers": [
    {"class_name": "Sequential", "config": {"layers": []}},
    {"class_name": "Lambda", "config": {"name": "l", "function": {"class_name": "__lambda__", "config": {"code": "4wEAAA"}}}}]}})");
  ASSERT_EQ(nested.errors.size(), 2u);
  EXPECT_NE(nested.errors[0].message.find("a model nested in another is not supported"), std::string::npos);
  EXPECT_EQ(nested.errors[1].message, "layers[1].class_name: a Lambda layer runs Python code, which Learnable does not run, "
                                      "so neither it nor the layers after it can be counted");
  EXPECT_EQ(nested.errors[1].layer, "l");
}

TEST(keras_json_errors, a_long_line_is_cut_around_the_caret) {
  std::string padding(5000, ' ');
  std::string text = cat({"{\"class_name\": \"Sequential\", \"config\": {\"layers\": [", padding,
                          "{\"class_name\": \"Dense\", \"config\": {\"units\": 2, \"bogus\": 1}}", padding, "]}}"});
  ImportResult r = import_keras_json(text);
  ASSERT_EQ(r.warnings.size(), 1u);
  const std::string& excerpt = r.warnings[0].excerpt;
  size_t newline = excerpt.find('\n');
  ASSERT_NE(newline, std::string::npos);
  EXPECT_EQ(excerpt.rfind("...", 0), 0u) << excerpt;
  EXPECT_EQ(newline, 106u) << excerpt;  // "..." + 100 characters + "..."
  size_t caret = excerpt.find('^') - newline - 1;
  EXPECT_EQ(excerpt.substr(caret - 9, 10), "\"bogus\": 1") << excerpt;
  // The same excerpt as caret_excerpt makes of the whole line.
  EXPECT_EQ(excerpt, caret_excerpt(text, r.warnings[0].where));
}

// ---- Keras 2 variants and wrappers --------------------------------------------------------------

TEST(keras_json_variants, old_keras_config_list_and_first_layer_batch_input_shape) {
  ImportResult r = import_keras_json(R"({"class_name": "Sequential", "config": [
    {"class_name": "Dense", "config": {"name": "dense_1", "units": 4, "batch_input_shape": [null, 10]}},
    {"class_name": "Dense", "config": {"name": "dense_2", "units": 1, "batch_input_shape": [null, 99]}}],
    "keras_version": "2.1.6", "backend": "tensorflow"})");
  EXPECT_TRUE(r.errors.empty() && r.warnings.empty()) << all_messages(r);
  ASSERT_TRUE(r.model.input_shape.has_value());
  EXPECT_EQ(*r.model.input_shape, Shape{10});
  EXPECT_EQ(Calculator(r.model).totals().params, 44 + 5);
}

TEST(keras_json_variants, model_json_wrappers_and_model_config_as_text) {
  const std::string model = R"({"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"units": 2, "batch_input_shape": [null, 3]}}]}})";
  for (const std::string& text : {cat({"{\"format\": \"layers-model\", \"modelTopology\": ", model, ", \"weightsManifest\": []}"}),
                                  cat({"{\"modelTopology\": {\"keras_version\": \"2.4.0\", \"model_config\": ", model, "}}"}),
                                  cat({"{\"model_config\": ", json_quote(model), "}"})}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(detect_format(text), SourceFormat::KerasJson);
    ImportResult r = import_keras_json(text);
    EXPECT_TRUE(r.errors.empty()) << all_messages(r);
    EXPECT_EQ(Calculator(r.model).totals().params, 8);
  }
}

TEST(keras_json_variants, functional_chain_in_keras2_form) {
  ImportResult r = import_keras_json(R"({"class_name": "Model", "config": {"name": "m", "layers": [
    {"name": "out", "class_name": "Dense", "config": {"name": "out", "units": 2}, "inbound_nodes": [[["hidden", 0, 0, {}]]]},
    {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 5], "name": "in"}, "inbound_nodes": []},
    {"name": "hidden", "class_name": "Dense", "config": {"name": "hidden", "units": 3}, "inbound_nodes": [[["in", 0, 0, {}]]]}],
    "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]}})");
  EXPECT_TRUE(r.errors.empty()) << all_messages(r);
  ASSERT_EQ(r.model.layers.size(), 2u);
  EXPECT_EQ(r.model.layers[0].name, "hidden");  // in the order of the chain, not of the list
  EXPECT_EQ(r.model.layers[1].name, "out");
  EXPECT_EQ(Calculator(r.model).totals().params, 18 + 8);
}

TEST(keras_json_variants, a_model_frozen_as_a_whole_freezes_every_layer) {
  ImportResult r = import_keras_json(R"({"class_name": "Sequential", "config": {"trainable": false, "layers": [
    {"class_name": "InputLayer", "config": {"batch_shape": [null, 4]}}, {"class_name": "Dense", "config": {"units": 2}}]}})");
  Calculator calc(r.model);
  EXPECT_EQ(calc.totals().params, 10);
  EXPECT_EQ(calc.totals().non_trainable, 10);
}

TEST(keras_json_variants, a_custom_backward_layer_is_kept) {
  ImportResult r = import_keras_json(R"({"class_name": "Sequential", "config": {"layers": [
    {"class_name": "InputLayer", "config": {"batch_shape": [null, 10, 8]}},
    {"class_name": "Bidirectional", "config": {"merge_mode": "concat",
      "layer": {"class_name": "LSTM", "config": {"units": 4}},
      "backward_layer": {"class_name": "GRU", "config": {"units": 3, "go_backwards": true}}}}]}})");
  EXPECT_TRUE(r.errors.empty()) << all_messages(r);
  ASSERT_EQ(r.model.layers.size(), 1u);
  ASSERT_EQ(r.model.layers[0].inner.size(), 2u);
  Calculator calc(r.model);
  // LSTM 4*(8*4 + 4*4 + 4) + GRU 3*(8*3 + 3*3 + 2*3); output 4 + 3
  EXPECT_EQ(calc.results()[0].params, 208 + 117);
  EXPECT_EQ(calc.results()[0].output_shape, Shape{7});
}

TEST(keras_json_variants, wrappers_nested_too_deeply_are_refused) {
  std::string inner = R"({"class_name": "Dense", "config": {"units": 2}})";
  for (int k = 0; k < 40; ++k) inner = cat({"{\"class_name\": \"TimeDistributed\", \"config\": {\"layer\": ", inner, "}}"});
  ImportResult r = import_keras_json(cat({"{\"class_name\": \"Sequential\", \"config\": {\"layers\": [", inner, "]}}"}));
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].message.find("wrapped too deeply"), std::string::npos);
}

// ---- Size and speed --------------------------------------------------------------------------

// Timings mean something only in an optimized build without sanitizers (ASan makes this 20x slower).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEARNABLE_TEST_ASAN 1
#endif
#endif
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(LEARNABLE_TEST_ASAN)
constexpr bool kOptimized = true;
#else
constexpr bool kOptimized = false;
#endif

TEST(keras_json_limits, five_megabytes_read_well_under_a_second) {
  std::string layer = R"({"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 8, "activation": "relu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "bogus": 1}, "registered_name": null})";
  std::string text = R"({"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 8]}})";
  while (text.size() < 5 * 1024 * 1024) text += ", " + layer;
  text += "]}}";
  auto start = std::chrono::steady_clock::now();
  ImportResult r = import_model(text, SourceFormat::Detect, {});
  Calculator calc(r.model);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(r.model.layers.size(), 7000u);
  EXPECT_EQ(calc.totals().params, static_cast<int64_t>(r.model.layers.size()) * 72);
  EXPECT_EQ(r.warnings.size(), 1000u);  // one per layer's "bogus", cut off at the limit
  if (kOptimized) {
    EXPECT_LT(seconds, 1.0);
  }
}

TEST(keras_json_limits, refuses_more_than_the_import_limit) {
  std::string text(kMaxImportBytes + 1, ' ');
  text[0] = '{';
  ImportResult r = import_keras_json(text);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("Learnable reads at most 8 MB"), std::string::npos);
  EXPECT_EQ(import_model(text, SourceFormat::ModelJson, {}).errors.size(), 1u);
}

TEST(keras_json_limits, deep_nesting_is_an_error_not_a_crash) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(import_keras_json(deep).errors.empty());
  std::string deep_value = cat({R"({"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"units": 2, "kernel_initializer": )",
                                std::string(250, '['), std::string(250, ']'), "}}]}}"});
  ImportResult r = import_keras_json(deep_value);
  EXPECT_TRUE(r.errors.empty()) << all_messages(r);
}

// ---- Detection and dispatch ------------------------------------------------------------------

TEST(model_import, detects_each_format) {
  EXPECT_EQ(detect_format("{\"learnable\": 1, \"layers\": []}"), SourceFormat::ModelJson);
  EXPECT_EQ(detect_format("  \n{\"framework\": \"keras\", \"layers\": [{\"class_name\": 1}]}"), SourceFormat::ModelJson);
  EXPECT_EQ(detect_format("\xEF\xBB\xBF{\"class_name\": \"Sequential\"}"), SourceFormat::KerasJson);
  EXPECT_EQ(detect_format("{\"layers\": [{\"learnable\": 1}], \"modelTopology\": {}}"), SourceFormat::KerasJson);
  EXPECT_EQ(detect_format("{\"format\": \"layers-model\", \"modelTopology\": {}}"), SourceFormat::KerasJson);
  EXPECT_EQ(detect_format("{broken"), SourceFormat::KerasJson);
  EXPECT_EQ(detect_format("model = nn.Sequential(nn.Linear(4, 2))"), SourceFormat::PytorchCode);
  EXPECT_EQ(detect_format("import torch.nn as nn\nclass Net(nn.Module):\n    pass\n"), SourceFormat::PytorchCode);
  EXPECT_EQ(detect_format("model = keras.Sequential([layers.Dense(2)])"), SourceFormat::KerasCode);
  EXPECT_EQ(detect_format("# keras and torch.nn both\nmodel = Sequential([Dense(2)])"), SourceFormat::KerasCode);
  EXPECT_EQ(detect_format(""), SourceFormat::KerasCode);
  EXPECT_EQ(detect_format("[1, 2]"), SourceFormat::KerasCode);
}

TEST(model_import, parses_format_names) {
  SourceFormat f = SourceFormat::Detect;
  EXPECT_TRUE(parse_source_format("keras-json", f));
  EXPECT_EQ(f, SourceFormat::KerasJson);
  EXPECT_TRUE(parse_source_format("json", f));
  EXPECT_EQ(f, SourceFormat::ModelJson);
  EXPECT_TRUE(parse_source_format("pytorch-code", f));
  EXPECT_EQ(f, SourceFormat::PytorchCode);
  EXPECT_TRUE(parse_source_format("keras-code", f));
  EXPECT_EQ(f, SourceFormat::KerasCode);
  EXPECT_TRUE(parse_source_format("detect", f));
  EXPECT_EQ(f, SourceFormat::Detect);
  EXPECT_FALSE(parse_source_format("keras", f));
  EXPECT_FALSE(parse_source_format("", f));
  EXPECT_STREQ(source_format_name(SourceFormat::ModelJson), "json");
}

TEST(model_import, dispatches_to_each_reader) {
  const std::string code = "model = Sequential([Input(shape=(N,)), Dense(2)])";
  ImportResult from_code = import_model(code, SourceFormat::Detect, {{"N", Value::of_int(3)}});
  EXPECT_TRUE(from_code.errors.empty()) << all_messages(from_code);
  EXPECT_EQ(Calculator(from_code.model).totals().params, 8);

  ImportResult document = import_model(R"({"learnable": 1, "input_shape": [3], "layers": [{"type": "Dense", "args": {"units": 0}}]})",
                                       SourceFormat::Detect, {{"N", Value::of_int(3)}});
  EXPECT_TRUE(document.errors.empty());
  ASSERT_EQ(document.warnings.size(), 1u);
  EXPECT_EQ(document.warnings[0].message, "defines give values to names in Python code; a model document has none, so N is not used");
  EXPECT_EQ(document.model.layers.size(), 1u);

  ImportResult bad_document = import_model("{\"learnable\": 1,\n \"layers\": [{\"args\": {}}]}", SourceFormat::ModelJson, {});
  ASSERT_EQ(bad_document.errors.size(), 1u);
  EXPECT_EQ(bad_document.errors[0].message.rfind("layers[0].type:", 0), 0u) << bad_document.errors[0].message;
  EXPECT_EQ(bad_document.errors[0].where.line, 2);
  EXPECT_FALSE(bad_document.errors[0].excerpt.empty());

  // Forcing a format reads the text as that format, whatever it looks like.
  ImportResult forced = import_model(code, SourceFormat::KerasJson, {});
  ASSERT_EQ(forced.errors.size(), 1u);
  EXPECT_EQ(forced.errors[0].message.rfind("not valid JSON", 0), 0u);

  ImportResult torch = import_model("import torch\nmodel = nn.Sequential(nn.Linear(4, 2))\n", SourceFormat::Detect, {});
  ASSERT_EQ(torch.errors.size(), 1u);
  EXPECT_EQ(torch.errors[0].message.rfind("PyTorch code does not carry the input shape", 0), 0u);
  EXPECT_EQ(torch.errors[0].where.line, 2);
  EXPECT_EQ(torch.errors[0].where.column, 9);
  EXPECT_EQ(torch.model.framework, Framework::PyTorch);
  EXPECT_EQ(torch.model.layers.size(), 1u);
  EXPECT_EQ(import_model("import torch\nmodel = nn.Sequential(nn.Linear(4, 2))\n", SourceFormat::Detect, {}, Shape{4})
                .errors.size(),
            0u);
}

// ---- The JS API's options.from --------------------------------------------------------------

Json parsed_model_answer(const std::string& text) {
  JsonParse parsed = parse_json(api_model_from_code(js_string(text), js_value("object", R"({"from": "keras-json"})")));
  return parsed.ok ? parsed.value : Json{};
}

Json answer(const std::string& text, const std::string& options) {
  JsonParse parsed = parse_json(api_summarize(js_string(text), options.empty() ? js_undefined() : js_value("object", options)));
  return parsed.ok ? parsed.value : Json{};
}

TEST(js_api_from, detects_keras_json_and_takes_a_named_format) {
  const std::string keras = read_file("data/keras_json/keras3_cnn.json");
  EXPECT_EQ(answer(keras, "").find("total")->integer, 183498);
  EXPECT_EQ(answer(keras, R"({"from": "keras-json"})").find("total")->integer, 183498);
  EXPECT_EQ(answer(keras, R"({"from": "detect"})").find("total")->integer, 183498);
  Json forced = answer(keras, R"({"from": "keras-code"})");
  EXPECT_EQ(forced.find("total")->integer, 0);
  EXPECT_FALSE(forced.find("errors")->items.empty());
  Json bad = answer(keras, R"({"from": "yaml"})");
  ASSERT_EQ(bad.find("errors")->items.size(), 1u);
  EXPECT_EQ(bad.find("errors")->items[0].find("message")->text,
            "options.from must be \"keras-code\", \"keras-json\", \"pytorch-code\", \"json\" or \"detect\" (the default), got \"yaml\"");
  EXPECT_TRUE(bad.find("layers")->items.empty());
  Json number = answer(keras, R"({"from": 3})");
  EXPECT_NE(number.find("errors")->items[0].find("message")->text.find("got a number"), std::string::npos);
  Json model_from = parsed_model_answer(keras);
  EXPECT_EQ(model_from.find("model")->find("layers")->items.size(), 7u);
}

}  // namespace

