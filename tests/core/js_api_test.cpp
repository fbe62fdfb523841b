// The JS API's answers, natively: every function answers with JSON that parses, bad arguments of
// any type become errors in the answer, and the good paths give the same numbers as the core.
#include "core/js_api.h"

#include <gtest/gtest.h>

#include "core/json_reader.h"
#include "core/keras_code.h"
#include "test_util.h"

using namespace learnable;
using learnable::testing::first_error;
using learnable::testing::parsed;

namespace {


bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kTutorialSnippet =
    "model = tf.keras.Sequential([\n"
    "  tf.keras.layers.Conv2D(32, (3, 3), padding='same', input_shape=[IMG_SIZE, IMG_SIZE, 3]),\n"
    "])\n";

}  // namespace

TEST(js_api, summarize_counts_with_defines) {
  Json answer =
      parsed(api_summarize(js_string(kTutorialSnippet), js_value("object", R"({"defines":{"IMG_SIZE":32}})")));
  EXPECT_EQ(answer.find("total")->integer, 896);
  EXPECT_EQ(answer.find("errors")->items.size(), 0u);
  EXPECT_EQ(answer.find("layers")->items[0].find("formula")->text, "3*288 + 32 = 896");
}

TEST(js_api, summarize_reports_undefined_names_without_defines) {
  Json answer = parsed(api_summarize(js_string(kTutorialSnippet), js_undefined()));
  EXPECT_EQ(answer.find("total")->integer, 0);
  ASSERT_EQ(answer.find("undefined_names")->items.size(), 1u);
  EXPECT_EQ(answer.find("undefined_names")->items[0].text, "IMG_SIZE");
}

TEST(js_api, defines_take_numbers_arrays_and_python_source) {
  const char* code = "model = Sequential([Input(shape=SHAPE), Dense(UNITS)])";
  Json answer =
      parsed(api_summarize(js_string(code), js_value("object", R"({"defines":{"SHAPE":[4],"UNITS":"2 * 5"}})")));
  EXPECT_EQ(answer.find("total")->integer, 4 * 10 + 10) << first_error(answer);
}

TEST(js_api, bad_defines_are_errors_naming_the_option) {
  Json answer = parsed(api_summarize(js_string(kTutorialSnippet),
                                     js_value("object", R"({"defines":{"IMG_SIZE":null,"bad name":1,"X":"(1,"}})")));
  const Json& errors = *answer.find("errors");
  ASSERT_GE(errors.items.size(), 3u);
  EXPECT_TRUE(contains(errors.items[0].find("message")->text, "options.defines.IMG_SIZE must be a number"));
  EXPECT_TRUE(contains(errors.items[1].find("message")->text, "'bad name' is not a valid Python name"));
  EXPECT_EQ(errors.items[2].find("message")->text.rfind("options.defines.X: the '('", 0), 0u)
      << errors.items[2].find("message")->text;
}

TEST(js_api, options_must_be_an_object) {
  for (const char* type : {"string", "number", "array"}) {
    Json answer = parsed(api_summarize(js_string(kTutorialSnippet), js_value(type, "1")));
    EXPECT_TRUE(contains(first_error(answer), "options must be an object")) << type;
  }
  Json unknown = parsed(api_summarize(js_string(kTutorialSnippet),
                                      js_value("object", R"({"defines":{"IMG_SIZE":8},"format":"csv","definez":1})")));
  EXPECT_EQ(unknown.find("errors")->items.size(), 0u);
  ASSERT_GE(unknown.find("warnings")->items.size(), 2u);
  EXPECT_TRUE(contains(unknown.find("warnings")->items[0].find("message")->text, "options.format"));
  EXPECT_TRUE(contains(unknown.find("warnings")->items[1].find("message")->text, "options.definez is not an option"));
}

TEST(js_api, text_of_the_wrong_type_is_an_error_in_the_schema) {
  for (const char* type : {"number", "object", "array", "null", "boolean", "function", "bigint", "symbol"}) {
    Json answer = parsed(api_summarize(js_value(type, ""), js_undefined()));
    EXPECT_TRUE(contains(first_error(answer), "summarize: text must be Keras code as a string")) << type;
    EXPECT_EQ(answer.find("layers")->items.size(), 0u);
    EXPECT_NE(answer.find("undefined_names"), nullptr);
  }
  EXPECT_TRUE(contains(first_error(parsed(api_summarize(js_undefined(), js_undefined()))), "text is missing"));
}

TEST(js_api, huge_text_is_refused_without_reading_it) {
  JsArg huge = js_value("string", "");
  huge.length = 9e6;
  EXPECT_TRUE(contains(first_error(parsed(api_summarize(huge, js_undefined()))), "too long (9,000,000 characters)"));
  EXPECT_TRUE(contains(first_error(parsed(api_summarize_model(huge))), "too long"));
  EXPECT_TRUE(contains(first_error(parsed(api_decode_share_fragment(huge))), "too long"));
  std::string wide;
  for (size_t i = 0; i < kMaxImportBytes / 2 + 1; ++i) wide += "\xC3\xA9";  // fewer characters than bytes
  EXPECT_TRUE(contains(first_error(parsed(api_summarize(js_value("string", wide), js_undefined()))),
                       "too long (8,388,610 bytes of UTF-8)"));
  JsArg big_object = js_value("object", std::string(kMaxImportBytes + 1, ' '));
  EXPECT_TRUE(contains(first_error(parsed(api_summarize_model(big_object))), "too large"));
  JsArg uncopied_object = js_value("object", "");
  uncopied_object.length = 9e6;
  EXPECT_TRUE(
      contains(first_error(parsed(api_summarize_model(uncopied_object))), "too large (9,000,000 characters of JSON)"));
}

TEST(js_api, summarize_model_takes_the_document_and_names_json_paths) {
  const char* doc = R"({"learnable":1,"input_shape":[784],"layers":[{"type":"Dense","args":{"units":10}}]})";
  EXPECT_EQ(parsed(api_summarize_model(js_string(doc))).find("total")->integer, 7850);
  EXPECT_EQ(parsed(api_summarize_model(js_value("object", doc))).find("total")->integer, 7850);
  Json bad = parsed(
      api_summarize_model(js_string(R"({"input_shape":[4],"layers":[{"type":"Dense","args":{"units":{"x":1}}}]})")));
  EXPECT_EQ(first_error(bad).rfind("layers[0].args.units:", 0), 0u) << first_error(bad);
  Json garbage = parsed(api_summarize_model(js_string("{\"layers\": [")));
  EXPECT_EQ(garbage.find("errors")->items[0].find("line")->integer, 1);
  EXPECT_TRUE(contains(first_error(parsed(api_summarize_model(js_value("number", "3")))), "must be a model document"));
  JsArg cyclic = js_value("object", "");
  cyclic.unreadable = true;
  EXPECT_TRUE(contains(first_error(parsed(api_summarize_model(cyclic))), "cannot be written as JSON"));
}

TEST(js_api, model_from_code_gives_the_model_document) {
  Json answer =
      parsed(api_model_from_code(js_string(kTutorialSnippet), js_value("object", R"({"defines":{"IMG_SIZE":32}})")));
  EXPECT_EQ(answer.find("model")->find("learnable")->integer, 1);
  EXPECT_EQ(answer.find("model")->find("layers")->items.size(), 1u);
  Json again = parsed(api_summarize_model(js_value(
      "object",
      api_model_from_code(js_string(kTutorialSnippet), js_value("object", R"({"defines":{"IMG_SIZE":32}})")))));
  EXPECT_NE(again.find("total"), nullptr);
  Json wrong = parsed(api_model_from_code(js_value("number", "1"), js_undefined()));
  EXPECT_TRUE(contains(first_error(wrong), "modelFromCode: text must be"));
  EXPECT_EQ(wrong.find("model")->find("layers")->items.size(), 0u);
}

TEST(js_api, layer_types_describe_every_argument) {
  Json types = parsed(api_layer_types());
  ASSERT_EQ(types.kind, Json::Kind::Array);
  EXPECT_GT(types.items.size(), 60u);
  const Json* conv2d = nullptr;
  for (const Json& t : types.items)
    if (t.find("name")->text == "Conv2D") conv2d = &t;
  ASSERT_NE(conv2d, nullptr);
  EXPECT_EQ(conv2d->find("group")->text, "Convolution");
  EXPECT_EQ(conv2d->find("example_input")->items.size(), 3u);
  const Json& args = *conv2d->find("args");
  EXPECT_EQ(args.items[0].find("name")->text, "filters");
  EXPECT_TRUE(args.items[0].find("required")->boolean);
  EXPECT_EQ(args.items[1].find("kind")->text, "ints");
  EXPECT_EQ(args.items[1].find("rank")->integer, 2);
  EXPECT_EQ(args.items[2].find("default_python")->text, "(1, 1)");
  EXPECT_EQ(args.items[3].find("choices")->items.size(), 2u);
  EXPECT_EQ(args.items[3].find("default")->text, "valid");
}

TEST(js_api, presets_and_preset) {
  Json list = parsed(api_presets());
  EXPECT_EQ(list.items.size(), 5u);
  Json vgg = parsed(api_preset(js_string("vgg16")));
  EXPECT_EQ(vgg.find("id")->text, "vgg16");
  EXPECT_EQ(vgg.find("errors")->items.size(), 0u);
  EXPECT_EQ(vgg.find("model")->find("layers")->items.size(), 22u);  // 13 conv, 5 pool, flatten, 3 dense
  Json counted = parsed(api_summarize(js_string(vgg.find("code")->text), js_undefined()));
  EXPECT_EQ(counted.find("total")->integer, 138357544);
  Json unknown = parsed(api_preset(js_string("vgg19")));
  EXPECT_TRUE(contains(first_error(unknown), "there is no preset 'vgg19'; the presets are tutorial"));
  EXPECT_TRUE(unknown.find("id")->is_null());
  EXPECT_TRUE(contains(first_error(parsed(api_preset(js_undefined()))), "preset: id is missing"));
}

TEST(js_api, share_fragments_round_trip_and_bad_links_say_why) {
  const char* doc =
      R"({"learnable":1,"framework":"keras","input_shape":[784],"layers":[{"type":"Dense","name":"out","args":{"units":10}}]})";
  Json encoded = parsed(api_encode_share_fragment(js_string(doc)));
  ASSERT_EQ(encoded.find("fragment")->kind, Json::Kind::String);
  Json decoded = parsed(api_decode_share_fragment(js_string("#" + encoded.find("fragment")->text)));
  EXPECT_EQ(decoded.find("errors")->items.size(), 0u);
  EXPECT_EQ(decoded.find("model")->find("layers")->items[0].find("name")->text, "out");
  Json refused = parsed(api_encode_share_fragment(js_string("{")));
  EXPECT_TRUE(refused.find("fragment")->is_null());
  EXPECT_FALSE(first_error(refused).empty());
  EXPECT_TRUE(contains(first_error(parsed(api_decode_share_fragment(js_string("#m=7.abc")))), "version 7"));
  EXPECT_TRUE(
      contains(first_error(parsed(api_decode_share_fragment(js_value("number", "7")))), "must be the link's fragment"));
}

TEST(js_api, text_formats_answer_with_text_and_errors) {
  const char* doc =
      R"({"input_shape":[784],"layers":[{"type":"Dense","args":{"units":10}},{"type":"Dense","args":{"units":0}}]})";
  Json md = parsed(api_summary_text(js_string(doc), TextFormat::Markdown));
  EXPECT_TRUE(contains(md.find("text")->text, "| 1 | dense (Dense) |"));
  EXPECT_TRUE(contains(first_error(md), "units must be a positive integer"));
  EXPECT_TRUE(
      contains(parsed(api_summary_text(js_string(doc), TextFormat::Csv)).find("text")->text, "index,name,type"));
  EXPECT_TRUE(
      contains(parsed(api_summary_text(js_string(doc), TextFormat::Table)).find("text")->text, "Total params: 7,850"));
  EXPECT_TRUE(contains(first_error(parsed(api_summary_text(js_value("boolean", "true"), TextFormat::Csv))),
                       "summaryCsv: model must be"));
}

TEST(js_api, formula_table_has_markdown_and_rows) {
  Json table = parsed(api_formula_table());
  EXPECT_TRUE(contains(table.find("markdown")->text, "| Conv2D | `Conv2D(32, (3, 3), padding=\"same\")`"));
  const Json& rows = *table.find("rows");
  ASSERT_GT(rows.items.size(), 50u);
  for (const Json& row : rows.items) EXPECT_TRUE(row.find("problem")->is_null()) << row.find("type")->text;
}
